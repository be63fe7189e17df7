"""Throwaway installations of the site, for tests that need real processes.

The concurrency test and the backup drill need what the suite's in-memory
database cannot give: a database file (or a PostgreSQL database) that several
processes share, and settings read from the environment as on a server. An
installation is a folder with its own database, media and page cache; its
commands, scripts and server run in processes of their own. Migrating takes
a while: on SQLite an installation starts from a copy of the database this test
process migrated (tests/conftest.py), PostgreSQL is migrated once; the demo site
is loaded once per engine and copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432"
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_reachable() -> bool:
    try:
        import psycopg
    except ImportError:  # the "postgres" extra is not installed
        return False
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def _copy_sqlite(source_path: Path, target_path: Path) -> None:
    """A consistent copy of a SQLite database, made by SQLite itself; readable by its owner only, as the site
    makes its database file."""
    target_path.touch(mode=0o600)
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    with target:
        source.backup(target)
    source.close()
    target.close()


def contents(database_url: str, media: Path) -> str:
    """A digest of what an owner has: every row of the database and every media file ("" when there is neither)."""
    if database_url.startswith("postgres"):
        dump = subprocess.run(  # noqa: S603 - our own database URL
            ["pg_dump", "--no-owner", database_url],  # noqa: S607 - the PostgreSQL client, found as the site finds it
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        rows = "\n".join(line for line in dump.splitlines() if not line.startswith(("\\restrict", "\\unrestrict")))
    else:
        path = Path(database_url.removeprefix("sqlite:///"))
        rows = ""
        if path.exists():
            connection = sqlite3.connect(path)
            rows = "\n".join(connection.iterdump())
            connection.close()
    files = sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []
    if not rows and not files:
        return ""
    digest = hashlib.sha256(rows.encode())
    for path in files:
        digest.update(f"\0{path.relative_to(media).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# restore_site run once per archive in one interpreter, as ``manage.py`` runs it (its messages, its exit status),
# with what the installation holds compared before and after each.
RESTORE_EACH = r"""
import contextlib, io, json, os, sys, traceback
from pathlib import Path
from core.startup import setup
setup()
from django.core.management import ManagementUtility
from tests.installations import contents

def state():
    return contents(os.environ["DATABASE_URL"], Path(os.environ["MEDIA_ROOT"]))

results = []
for arguments in json.loads(sys.argv[1]):
    before = state()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            ManagementUtility(["manage.py", "restore_site", *arguments]).execute()
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 1
    changed = state() != before
    results.append({"returncode": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "changed": changed})
print(json.dumps(results))
"""


@dataclass
class Restored:
    """What one ``restore_site`` printed and returned, and whether the installation changed."""

    returncode: int
    stdout: str
    stderr: str
    changed: bool


class Installation:
    """One site in ``folder``: the development settings, everything else from the environment."""

    def __init__(self, folder: Path, database_url: str = ""):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.database_file = folder / "db.sqlite3"
        self.database_url = database_url or f"sqlite:///{self.database_file}"
        self.engine = "postgresql" if self.database_url.startswith("postgres") else "sqlite"
        self.media = folder / "media"
        self.env = {
            **{name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ},
            "DJANGO_SETTINGS_MODULE": "profile_site.settings.dev",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.media),
            "CACHE_DIR": str(folder / "cache"),
            "PAGE_CACHE_SECONDS": "0",
            "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def manage(self, *arguments: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
        return self._run(["manage.py", *arguments], check=check, timeout=timeout)

    def python(self, code: str, *arguments: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run ``code`` in a fresh interpreter of this installation (it calls ``django.setup()`` itself)."""
        return self._run(["-c", code, *arguments], check=True, timeout=timeout)

    def start_python(self, code: str, *arguments: str) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 - this interpreter, our code
            [PYTHON, "-c", code, *arguments], cwd=ROOT, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def _run(self, arguments: list[str], check: bool, timeout: float) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603 - this interpreter, our code
            [PYTHON, *arguments], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{arguments[:2]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def contents(self) -> str:
        return contents(self.database_url, self.media)

    def restore_each(self, archives: Iterable[Path], *arguments: str) -> list[Restored]:
        """``manage.py restore_site ARCHIVE *arguments`` for each archive, one after the other, in one process.

        For the archives that must be refused: each is a run of the real command (its checks, its messages and
        exit status) without an interpreter of its own, which would cost more than the check itself.
        """
        runs = [[str(archive), *arguments] for archive in archives]
        done = self.python(RESTORE_EACH, json.dumps(runs))
        return [Restored(**result) for result in json.loads(done.stdout.strip().splitlines()[-1])]

    def sql(self, *statements: str) -> None:
        """``statements`` run on the site's database, as its owner could with a SQL shell."""
        if self.engine == "sqlite":
            connection = sqlite3.connect(self.database_file)
            with connection:
                for statement in statements:
                    connection.execute(statement)
            connection.close()
            return
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    @contextmanager
    def serve(self, workers: int = 2, threads: int = 1) -> Iterator[str]:
        """The site under gunicorn (the project's gunicorn.conf.py) on a free port; yields its base URL."""
        port = free_port()
        log_path = self.folder / "gunicorn.log"
        environment = {**self.env, "PORT": str(port), "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
        environment["GUNICORN_ACCESS_LOG"] = ""
        with log_path.open("a") as log:
            server = subprocess.Popen(  # noqa: S603 - this interpreter, our code
                [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "profile_site.wsgi"],
                cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/robots.txt", timeout=5):  # noqa: S310 - our local server
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"gunicorn did not start:\n{log_path.read_text()}") from None
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)

    @property
    def server_log(self) -> str:
        path = self.folder / "gunicorn.log"
        return path.read_text() if path.exists() else ""


class Installations:
    """Makes installations in folders under ``root``: copies of the demo site, or empty ones."""

    def __init__(self, root: Path, migrated_sqlite: Path | None = None, engines: Iterable[str] = ()):
        """``engines``: those whose templates are built at once, in the background (see ``_template``)."""
        self.root = root
        self.migrated_sqlite = migrated_sqlite  # a database file as ``migrate`` made it, if there is one
        self.templates: dict[tuple[str, str], Installation] = {}
        self.postgres_databases: list[str] = []
        self.numbers = count(1)
        self.building = ThreadPoolExecutor(max_workers=1)
        self.built: dict[str, Future] = {
            engine: self.building.submit(self._build, engine)
            for engine in engines
            if engine == "postgresql" and postgres_reachable()
        }

    def demo(self, engine: str = "sqlite") -> Installation:
        """The demo homepage imported (placeholder figures), in a database of its own."""
        template = self._template(engine, "demo")
        installation = self._copy(template)
        shutil.copytree(template.media, installation.media)
        return installation

    def migrated(self, engine: str = "sqlite") -> Installation:
        """What ``migrate`` alone makes: every table, Wagtail's root page and default site, nothing else."""
        return self._copy(self._template(engine, "migrated"))

    def empty(self, engine: str = "sqlite") -> Installation:
        """A new installation: no database tables, no media (what restore_site expects)."""
        return self._new(engine)

    def close(self) -> None:
        self.building.shutdown(wait=True)
        for name in self.postgres_databases:
            postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _new(self, engine: str, template: Installation | None = None) -> Installation:
        number = next(self.numbers)
        folder = self.root / f"site-{number}"
        if engine == "sqlite":
            installation = Installation(folder)
            if template is not None:
                _copy_sqlite(template.database_file, installation.database_file)
            return installation
        if not postgres_reachable():
            pytest.skip(f"needs PostgreSQL at {POSTGRES}")
        name = f"profile_site_test_{os.getpid()}_{number}"
        clause = f' TEMPLATE "{template.database_url.rsplit("/", 1)[1]}"' if template else ""
        postgres_admin(f'CREATE DATABASE "{name}"{clause}')
        self.postgres_databases.append(name)
        return Installation(folder, f"{POSTGRES}/{name}")

    def _copy(self, template: Installation) -> Installation:
        return self._new(template.engine, template=template)

    def _template(self, engine: str, kind: str) -> Installation:
        """Migrated once per engine and kept as is; a copy of that gets the demo.

        PostgreSQL's are built in the background when the run holds drills on it: migrating takes some 10 s
        there (SQLite's start from the test process's migrated copy), which the drills before them, mostly
        waiting for processes of their own, leave room for.
        """
        if engine in self.built:
            self.built.pop(engine).result()
        if (engine, kind) not in self.templates:
            self._build(engine)
        return self.templates[engine, kind]

    def _build(self, engine: str) -> None:
        migrated = self._new(engine)
        if engine == "sqlite" and self.migrated_sqlite:
            _copy_sqlite(self.migrated_sqlite, migrated.database_file)
        else:
            migrated.manage("migrate", "--noinput")
        demo = self._copy(migrated)
        demo.manage("load_demo")
        self.templates[engine, "migrated"], self.templates[engine, "demo"] = migrated, demo
