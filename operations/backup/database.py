"""Copying the database out of a running site; checking an archived copy is the site, and loading it in.

SQLite through its online backup API (a consistent snapshot, even with the
site writing in WAL mode); PostgreSQL with ``pg_dump --format=custom``,
``pg_restore`` and ``psql``, connected the way ``manage.py dbshell`` connects.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.backends.utils import truncate_name
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from operations.backup import BackupError

ENGINES = {"sqlite": "SQLite's online backup API", "postgresql": "pg_dump --format=custom"}
# Rows in these apps are the owner's content: a database holding any is not empty.
CONTENT_APPS = ("homepage", "profile_site", "publications", "news", "metrics", "wagtailimages", "wagtaildocs")
# A database without these apps' tables, or without a site whose root page exists, is not this site.
SITE_APPS = ("wagtailcore", "homepage", "profile_site", "publications", "news", "metrics")
# Apps a later version added (the homepage left profile_site), whose tables an older archive lacks.
ADDED_APPS = ("homepage",)
SITE_ROOT = "SELECT 1 FROM wagtailcore_site AS site JOIN wagtailcore_page AS page ON page.id = site.root_page_id"
NO_SITE_ROOT = (
    "The archive's database has no site root: no site in wagtailcore_site has its root page in wagtailcore_page, "
    "so the restored site would show nothing."
)


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported (SQLite and PostgreSQL are).")
    return connection.vendor


def dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    """A consistent copy of the whole database in ``target``, taken while the site keeps running."""
    if engine_of(connection) == "sqlite":
        _dump_sqlite(connection, target)
    else:
        command = ["pg_dump", "--format=custom", f"--file={target}", *_connection_options(connection)]
        _run(command, "pg_dump could not copy the database", connection)


@dataclass(frozen=True)
class CheckedDatabase:
    """An archive's database that passed every check possible before loading it, and what loading needs."""

    path: Path  # the SQLite file, or the SQL that pg_restore made of the dump
    tables: tuple[str, ...]  # every table it holds, checked for again once loaded


def check(connection: BaseDatabaseWrapper, source: Path, migrations: Iterable[str]) -> CheckedDatabase:
    """Refuse a database that cannot be this site: unreadable, damaged, without the site's tables or its root.

    A valid but empty database file would otherwise replace the whole site.
    SQLite's copy is checked entirely here. A PostgreSQL dump can only be read
    through and have its table of contents compared here (against the
    migrations the manifest lists, since its rows cannot be queried yet); its
    site root is checked by ``load`` inside the transaction that loads it.
    """
    if engine_of(connection) == "sqlite":
        return _check_sqlite(source)
    return _check_pgdump(source, connection.ops.max_name_length(), migrations)


def load(connection: BaseDatabaseWrapper, checked: CheckedDatabase) -> None:
    """Replace the database's contents with the checked copy, in one step that either happens whole or not at all."""
    if engine_of(connection) == "sqlite":
        _load_sqlite(connection, checked.path)
    else:
        _load_postgresql(connection, checked)


def missing_tables(present: set[str], applied: Iterable[str], max_name_length: int | None = None) -> list[str]:
    """The site's tables a database lacks, given the migrations (``app.migration``) applied to it.

    The site needs the tables its migrations made: an archive from an older
    version has those of its own migrations (``migrate`` adds the rest once it
    is restored). An app with no migration applied needs every table it has now,
    unless a later version added it (:data:`ADDED_APPS`): an older archive has none.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = sorted({tuple(str(label).partition(".")[::2]) for label in applied} & loader.graph.nodes.keys())
    state = loader.graph.make_state(nodes=nodes, at_end=True)
    needed = {"django_migrations"}
    for (app, _), model in state.models.items():
        if app in SITE_APPS and model.options.get("managed", True) and not model.options.get("proxy"):
            needed.add(model.options.get("db_table") or truncate_name(f"{app}_{model.name_lower}", max_name_length))
    for app in set(SITE_APPS) - set(ADDED_APPS) - {app for app, _ in nodes}:
        needed.update(
            model._meta.db_table
            for model in apps.get_app_config(app).get_models()
            if model._meta.managed and not model._meta.proxy
        )
    return sorted(needed - present)


def _refuse_missing(present: set[str], applied: Iterable[str], max_name_length: int | None) -> tuple[str, ...]:
    if not present:
        raise BackupError("The archive's database is empty: it has none of the site's tables.")
    if missing := missing_tables(present, applied, max_name_length):
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        raise BackupError(f"The archive's database lacks tables the site needs: {shown}.")
    return tuple(sorted(present))


def _check_sqlite(source: Path) -> CheckedDatabase:
    try:
        archived = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            verdict = [line for (line,) in archived.execute("PRAGMA integrity_check(5)")]
            if verdict != ["ok"]:
                said = "; ".join(" ".join(line.split()) for line in verdict)
                raise BackupError(f"The archive's database is damaged; SQLite's integrity check says: {said}.")
            present = {name for (name,) in archived.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = []
            if "django_migrations" in present:
                applied = [f"{app}.{name}" for app, name in archived.execute("SELECT app, name FROM django_migrations")]
            tables = _refuse_missing(present, applied, None)
            if archived.execute(SITE_ROOT).fetchone() is None:
                raise BackupError(NO_SITE_ROOT)
        finally:
            archived.close()
    except sqlite3.Error as error:
        raise BackupError(f"The archive's database cannot be read as SQLite ({error}).") from error
    return CheckedDatabase(source, tables)


def _check_pgdump(source: Path, max_name_length: int | None, migrations: Iterable[str]) -> CheckedDatabase:
    contents = _run(["pg_restore", "--list", str(source)], "The archive's database dump cannot be read")
    present = set(re.findall(r"^\d+; \d+ \d+ TABLE (?!DATA |ATTACH )\S+ (\S+) ", contents, re.MULTILINE))
    tables = _refuse_missing(present, migrations, max_name_length)
    script = source.with_suffix(".sql")
    options = ["--no-owner", "--no-privileges", f"--file={script}"]
    _run(["pg_restore", *options, str(source)], "The archive's database dump cannot be read")  # every byte of it
    return CheckedDatabase(script, tables)


def _load_postgresql(connection: BaseDatabaseWrapper, checked: CheckedDatabase) -> None:
    """The current tables dropped, the archive's loaded and checked, in one transaction that psql commits or not."""
    steps = []
    if tables := connection.introspection.table_names():  # migrated but empty, or --force: replaced entirely
        steps.append(f"--command=DROP TABLE IF EXISTS {', '.join(map(connection.ops.quote_name, tables))} CASCADE")
    connection.close()
    needed = ", ".join("'" + table.replace("'", "''") + "'" for table in checked.tables)
    check_loaded = f"""
        RESET search_path;
        DO $check$ BEGIN
          IF EXISTS (SELECT FROM unnest(ARRAY[{needed}]::text[]) AS needed (name)
                     WHERE to_regclass(quote_ident(needed.name)) IS NULL) THEN
            RAISE EXCEPTION 'The archive''s database did not load the site''s tables.';
          END IF;
          IF NOT EXISTS ({SITE_ROOT}) THEN
            RAISE EXCEPTION '{NO_SITE_ROOT.replace("'", "''")}';
          END IF;
        END $check$;
    """
    options = ["--no-psqlrc", "--quiet", "--output=/dev/null", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    command = ["psql", *options, *_connection_options(connection), *steps, f"--file={checked.path}"]
    _run([*command, f"--command={check_loaded}"], "The archive's database was refused while loading", connection)


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
        connection.ensure_connection()  # the site's own connection settings: WAL, busy timeout, private file
        archived.backup(connection.connection)  # one transaction: on failure the database stays as it was
    except (sqlite3.Error, DatabaseError) as error:
        raise BackupError(f"Could not load the archive's database ({error}).") from error
    finally:
        archived.close()
        connection.close()


def _connection_options(connection: BaseDatabaseWrapper) -> list[str]:
    """Where the PostgreSQL clients connect: the site's own settings, as ``manage.py dbshell`` uses them."""
    settings_dict = connection.settings_dict
    flags = (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER"), ("--dbname", "NAME"))
    return [f"{flag}={settings_dict[key]}" for flag, key in flags if settings_dict.get(key)]


def _run(command: list[str], failure: str, connection: BaseDatabaseWrapper | None = None) -> str:
    """Run a PostgreSQL client (with the site's password and SSL settings when it connects); return its output."""
    variables = {}
    if connection is not None:
        _, variables = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, [])  # PGPASSWORD, ...
    try:
        done = subprocess.run(  # noqa: S603 - the PostgreSQL client, with the site's own settings
            command, env={**os.environ, **(variables or {})}, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        missing = f"{command[0]} is not installed: install the PostgreSQL client (postgresql-client)."
        raise BackupError(missing) from error
    if done.returncode != 0:
        raise BackupError(f"{failure} ({command[0]} exit status {done.returncode}):\n{done.stderr.strip()}")
    return done.stdout


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
