"""python manage.py run_site [HOST:PORT] — ``make run``'s server: the development server, and once it
answers, the site's address, the admin's and (on first run) the admin's password, in a box, last."""

from __future__ import annotations

import socket
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.free_port import port_in_use
from profile_site.admin_account import create_first_admin

WAIT_SECONDS = 60


def box(lines: list[str]) -> str:
    width = max(len(line) for line in lines)
    rule = "─" * (width + 2)
    return "\n".join([f"┌{rule}┐", *(f"│ {line.ljust(width)} │" for line in lines), f"└{rule}┘"])


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "Serve the site for trying it out; print where, and the admin's sign-in, once it answers."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--username", default="admin")

    def handle(self, *args, addrport: str, username: str, **options):
        host, _, port_text = addrport.rpartition(":")
        host, port = host.strip("[]") or "127.0.0.1", int(port_text)
        if port_in_use(host, port):
            raise CommandError(f"port {port} is in use; try PORT={port + 1} make run")
        password = create_first_admin(username)
        base = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
        lines = [f"Your site:  {base}", f"Admin:      {base}admin/", f"Username:   {username}"]
        if password:
            lines.append(f"Password:   {password}   (shown only this once)")
        else:
            lines.append("Password:   the one shown on the first run (forgot it? manage.py changepassword)")

        def announce() -> None:
            deadline = time.monotonic() + WAIT_SECONDS
            while time.monotonic() < deadline:
                if answers(host, port):
                    self.stdout.write("\n" + box(lines) + "\n")
                    return
                time.sleep(0.2)

        threading.Thread(target=announce, daemon=True).start()
        # No reloader: it would run this command twice. Developers editing code use manage.py runserver.
        call_command("runserver", addrport, use_reloader=False)
