"""``make run``: a busy port is reported first and in words; the sign-in box comes last, once the site answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def busy_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_busy_port_is_named_with_the_one_to_try_before_anything_else(busy_port):
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - the project's own script
        [sys.executable, "operations/free_port.py", "127.0.0.1", str(busy_port)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == f"port {busy_port} is in use; try PORT={busy_port + 1} make run"
    assert time.monotonic() - started < 5  # no Django, no setup


def test_a_free_port_passes():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "operations/free_port.py", "127.0.0.1", str(port)], cwd=ROOT, check=False
    )
    assert result.returncode == 0


@pytest.mark.django_db
def test_run_site_refuses_a_busy_port_and_creates_nothing(busy_port, django_user_model):
    with pytest.raises(CommandError, match=f"port {busy_port} is in use; try PORT={busy_port + 1} make run"):
        call_command("run_site", f"127.0.0.1:{busy_port}")
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
def test_the_box_with_the_password_comes_once_the_site_answers(monkeypatch, django_user_model):
    """Nothing says where the site is before it serves; then the addresses and the password, in a box."""
    import operations.management.commands.run_site as run_site

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = StringIO()
    printed_before_serving: list[str] = []

    def fake_runserver(name, addrport, use_reloader):
        assert (name, addrport, use_reloader) == ("runserver", f"127.0.0.1:{port}", False)
        time.sleep(0.5)
        printed_before_serving.append(out.getvalue())
        with socket.socket() as server:
            server.bind(("127.0.0.1", port))
            server.listen()
            deadline = time.monotonic() + 10
            while "└" not in out.getvalue() and time.monotonic() < deadline:
                time.sleep(0.05)

    monkeypatch.setattr(run_site, "call_command", fake_runserver)
    call_command("run_site", f"127.0.0.1:{port}", stdout=out)
    assert printed_before_serving == [""]
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("┌") and lines[-1].startswith("└")
    assert f"│ Your site:  http://127.0.0.1:{port}/" in lines[1]
    assert f"│ Admin:      http://127.0.0.1:{port}/admin/" in lines[2]
    password = lines[4].split()[2]
    assert django_user_model.objects.get(username="admin").check_password(password)
    # A second run shows no password: it was shown once.
    out = StringIO()
    call_command("run_site", f"127.0.0.1:{port}", stdout=out)
    assert "shown on the first run" in out.getvalue()
