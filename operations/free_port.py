"""``python3 operations/free_port.py HOST PORT``: exit 1, saying which port to try, when HOST:PORT is taken.

``make run`` and ``make serve`` run this first, before installing or migrating anything, so a port
that another program holds is reported at once and in words, not after a minute of setup as a
traceback. Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import socket
import sys


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``host:port`` (binding it, as the server will, fails)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no owner
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str]) -> int:
    host, port = argv[1], int(argv[2])
    if port_in_use(host, port):
        target = argv[3] if len(argv) > 3 else "run"
        sys.stderr.write(f"port {port} is in use; try PORT={port + 1} make {target}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
