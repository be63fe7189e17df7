"""Copying the database out of a running site, and into an empty one.

SQLite through its online backup API (a consistent snapshot, even with the
site writing in WAL mode); PostgreSQL with ``pg_dump --format=custom`` and
``pg_restore``, connected the way ``manage.py dbshell`` connects.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import BackupError

ENGINES = {"sqlite": "SQLite's online backup API", "postgresql": "pg_dump --format=custom"}
# Rows in these apps are the owner's content: a database holding any is not empty.
CONTENT_APPS = ("profile_site", "publications", "news", "metrics", "wagtailimages", "wagtaildocs")


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported (SQLite and PostgreSQL are).")
    return connection.vendor


def dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    """A consistent copy of the whole database in ``target``, taken while the site keeps running."""
    if engine_of(connection) == "sqlite":
        _dump_sqlite(connection, target)
    else:
        _run_postgresql("pg_dump", connection, ["--format=custom", f"--file={target}"])


def load(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Replace the database's contents with the copy in ``source`` (checked to be empty, or forced, before)."""
    if engine_of(connection) == "sqlite":
        _load_sqlite(connection, source)
    else:
        tables = connection.introspection.table_names()
        if tables:  # migrated but empty, or --force: the archive's schema replaces this one entirely
            with connection.cursor() as cursor:
                names = ", ".join(connection.ops.quote_name(table) for table in tables)
                cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
        connection.close()
        options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        _run_postgresql("pg_restore", connection, options, str(source))


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> None:
    if connection.is_in_memory_db():
        raise BackupError("The database is in memory; there is nothing on disk to back up.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a snapshot, never a mix of before and after a write
        (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
    finally:
        copy.close()
    if verdict != "ok":
        raise BackupError(f"The copy of the database failed SQLite's check ({verdict}); no archive was written.")


def _load_sqlite(connection: BaseDatabaseWrapper, source: Path) -> None:
    if connection.is_in_memory_db():
        raise BackupError("The database is configured in memory; restore into a database file instead.")
    connection.close()
    Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    archived = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        connection.ensure_connection()  # the site's own connection settings: WAL, busy timeout
        archived.backup(connection.connection)
    finally:
        archived.close()
        connection.close()


def _run_postgresql(program: str, connection: BaseDatabaseWrapper, options: list[str], *arguments: str) -> None:
    settings_dict = connection.settings_dict
    _, variables = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])  # PGPASSWORD, PGSSLMODE, ...
    command = [program, *options]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER"), ("--dbname", "NAME")):
        if settings_dict.get(key):
            command.append(f"{flag}={settings_dict[key]}")
    try:
        done = subprocess.run(  # noqa: S603 - the PostgreSQL client, with the site's own settings
            [*command, *arguments], env={**os.environ, **(variables or {})}, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        raise BackupError(f"{program} is not installed: install the PostgreSQL client (postgresql-client).") from error
    if done.returncode != 0:
        raise BackupError(f"{program} failed (exit status {done.returncode}):\n{done.stderr.strip()}")


def applied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    """``app.migration`` for each migration applied to the database, as the manifest lists them."""
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def known_migrations() -> tuple[set[tuple[str, str]], set[str]]:
    """Every migration this code has (squashed ones under both names), and the apps that have migrations."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return known, set(loader.migrated_apps)


def pending_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def is_empty(connection: BaseDatabaseWrapper) -> bool:
    """No tables, or only what ``migrate`` makes by itself: no account, no upload, no page of the site's own."""
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return True  # checked without creating the file (or failing on a folder that does not exist yet)
    if not connection.introspection.table_names():
        return True
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    try:
        if get_user_model().objects.exists():
            return False
        if Page.objects.exclude(content_type__app_label="wagtailcore", content_type__model="page").exists():
            return False
        return not any(
            model.objects.exists()
            for label in CONTENT_APPS
            for model in apps.get_app_config(label).get_models()
            if model._meta.managed and not model._meta.proxy
        )
    except DatabaseError:  # a schema this code cannot read: assume it holds something
        return False
