"""SQLite whose database file only the site's own user can read (settings/base.py picks it for sqlite:// URLs).

The database holds password hashes and session keys. SQLite creates a missing
database file with the process's umask, world-readable on most systems, and
gives its -wal and -shm files the database file's mode. So the file is created
here, 0600, just before SQLite first opens it; its -wal, -shm and -journal
files follow. A file left readable by an earlier version is narrowed to its
owner when the site next opens it.

Why here: every way of starting the site opens the database through this
backend (runserver, gunicorn, manage.py migrate, cron jobs, the tests'
installations). A ``connection_created`` handler comes too late, when SQLite
has already made the files and the WAL switch its -wal and -shm beside them;
a ``umask 077`` in the Makefile covers only the Makefile's commands, and would
also hide uploaded media and collected static files from a web server in front.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.db.backends.sqlite3 import base

OWNER_ONLY = 0o600
COMPANIONS = ("-wal", "-shm", "-journal")


def keep_private(database: Path) -> None:
    """Create ``database`` readable by its owner only, or take group and others' access to it and its companions."""
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))  # SQLite takes an empty file
        return
    except FileExistsError:
        pass
    except FileNotFoundError:  # no such folder: SQLite says so itself, as it always has
        return
    for path in (database, *(database.with_name(database.name + suffix) for suffix in COMPANIONS)):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                path.chmod(mode & ~0o077)
        except (FileNotFoundError, PermissionError):  # gone meanwhile, or another user's file to decide about
            continue


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = str(self.settings_dict["NAME"])
        if not self.is_in_memory_db() and not name.startswith("file:"):
            keep_private(Path(name))
        return super().get_new_connection(conn_params)
