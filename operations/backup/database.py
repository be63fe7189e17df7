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
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from operations.backup import BackupError

ENGINES = {"sqlite": "SQLite's online backup API", "postgresql": "pg_dump --format=custom"}
# Rows in these apps are the owner's content: a database holding any is not empty.
CONTENT_APPS = ("homepage", "profile_site", "publications", "news", "metrics", "wagtailimages", "wagtaildocs")
# These apps' tables are the site: needed even from a database that records none of their migrations,
# except for an app a later version added (the homepage left profile_site), which an older archive lacks.
SITE_APPS = ("wagtailcore", "homepage", "profile_site", "publications", "news", "metrics")
ADDED_APPS = ("homepage",)
SITE_ROOT = "SELECT 1 FROM wagtailcore_site AS site JOIN wagtailcore_page AS page ON page.id = site.root_page_id"
NO_SITE_ROOT = (
    "The archive's database has no site root: no site in wagtailcore_site has its root page in wagtailcore_page, "
    "so the restored site would show nothing."
)
COLUMNS_DIFFER = "The archive's database does not have the columns its own migrations make, so the site would fail: "
PAGES_BROKEN = "The archive's database has pages the site cannot show: "
UNLISTED_MIGRATIONS = "The archive's database records migrations its manifest does not list: "
DANGLING_ROWS = "The archive's database has rows that refer to rows it does not have: "
SHOWN_PROBLEMS = 8
# Each column of the tables in ``expected`` (see column_problems), and whether it refuses NULL.
SQLITE_COLUMNS = """
    SELECT m.name, p.name, p."notnull" FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
    WHERE m.type = 'table' AND m.name IN (SELECT table_name FROM expected)
"""
POSTGRESQL_COLUMNS = """
    SELECT c.relname, a.attname, CASE WHEN a.attnotnull THEN 1 ELSE 0 END
    FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.oid IN (SELECT to_regclass(quote_ident(table_name)) FROM expected)
"""


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
class Schema:
    """What an archive's own migrations make of the database, and so what the site will read from it."""

    columns: dict[str, dict[str, bool]]  # every table: each of its columns, and whether it refuses NULL
    page_types: dict[str, tuple[tuple[str, str], ...]]  # "app_label.model": (table, key column) beside wagtailcore_page

    def missing_tables(self, present: set[str]) -> list[str]:
        return sorted(({"django_migrations"} | self.columns.keys()) - present)


@dataclass(frozen=True)
class CheckedDatabase:
    """An archive's database that passed every check possible before loading it, and what loading needs."""

    path: Path  # the SQLite file, or the SQL that pg_restore made of the dump
    tables: tuple[str, ...]  # every table it holds, checked for again once loaded
    schema: Schema  # checked for again once loaded (PostgreSQL)
    migrations: tuple[str, ...]  # what the manifest lists: all the loaded database may record (PostgreSQL)


def check(connection: BaseDatabaseWrapper, source: Path, migrations: Iterable[str]) -> CheckedDatabase:
    """Refuse a database that is not this site or would break it: damaged, altered, without its tables or its root.

    A valid but empty database file would otherwise replace the whole site, and
    one whose schema was altered (a column dropped, a page's own row deleted)
    would pass for it until the first visitor got an error. SQLite's copy is
    checked entirely here. A PostgreSQL dump can only be read through and have
    its table of contents compared here (against the migrations the manifest
    lists, since its rows cannot be queried yet); the rest is checked by
    ``load`` inside the transaction that loads it.
    """
    if engine_of(connection) == "sqlite":
        return _check_sqlite(source, tuple(migrations))
    return _check_pgdump(source, tuple(migrations))


def load(connection: BaseDatabaseWrapper, checked: CheckedDatabase) -> None:
    """Replace the database's contents with the checked copy, in one step that either happens whole or not at all."""
    if engine_of(connection) == "sqlite":
        _load_sqlite(connection, checked.path)
    else:
        _load_postgresql(connection, checked)


def expected_schema(applied: Iterable[str]) -> Schema:
    """The tables, columns and page types of the database the migrations (``app.migration``) applied to it make.

    The site needs what its migrations made: an archive from an older version
    has the schema of its own migrations (``migrate`` brings it up to date once
    it is restored), built here from those migrations as ``migrate`` builds it.
    Of the site's own apps, one with no migration applied needs every table it
    has now, unless a later version added it (:data:`ADDED_APPS`).
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = sorted({tuple(str(label).partition(".")[::2]) for label in applied} & loader.graph.nodes.keys())
    state = loader.graph.make_state(nodes=nodes, at_end=True, real_apps=loader.unmigrated_apps)
    models = [
        model
        for model in state.apps.get_models(include_auto_created=True)
        if model._meta.app_label in loader.migrated_apps
    ]
    for app in set(SITE_APPS) - set(ADDED_APPS) - {app for app, _ in nodes}:
        models += apps.get_app_config(app).get_models(include_auto_created=True)
    tables = [model for model in models if model._meta.managed and not model._meta.proxy and not model._meta.swapped]
    columns = {
        model._meta.db_table: {field.column: not field.null for field in model._meta.local_concrete_fields}
        for model in tables
    }
    page_types = {}
    for model in tables:
        below_page = [model, *model._meta.get_parent_list()]
        if any(parent._meta.label_lower == "wagtailcore.page" for parent in below_page[1:]):
            page_types[model._meta.label_lower] = tuple(
                (each._meta.db_table, each._meta.pk.column)
                for each in below_page
                if each._meta.label_lower != "wagtailcore.page"
            )
    return Schema(columns, page_types)


def column_problems(columns: dict[str, dict[str, bool]], actual: str) -> str:
    """SQL for every way the tables' columns differ from ``columns``, one row each, in SQLite and PostgreSQL.

    ``actual`` selects (table_name, column_name, required) from the database's
    own catalogue, for the tables in ``expected``. A column that is missing or
    not among the migrations' breaks the queries the site makes; one that
    allows NULL where the site needs a value lets rows through that its pages
    cannot show.
    """
    expected = ", ".join(
        f"({_literal(table)}, {_literal(column)}, {int(required)})"
        for table, table_columns in sorted(columns.items())
        for column, required in sorted(table_columns.items())
    )
    same = "a.table_name = e.table_name AND a.column_name = e.column_name"
    return f"""
        WITH expected (table_name, column_name, required) AS (VALUES {expected}),
             actual (table_name, column_name, required) AS ({actual})
        SELECT e.table_name || '.' || e.column_name || ' is missing' AS problem FROM expected AS e
        WHERE NOT EXISTS (SELECT 1 FROM actual AS a WHERE {same})
        UNION ALL
        SELECT a.table_name || '.' || a.column_name || ' is not one the migrations make' FROM actual AS a
        WHERE NOT EXISTS (SELECT 1 FROM expected AS e WHERE {same})
        UNION ALL
        SELECT e.table_name || '.' || e.column_name
               || CASE e.required WHEN 1 THEN ' allows NULL' ELSE ' refuses NULL' END
        FROM expected AS e JOIN actual AS a ON {same} WHERE a.required <> e.required
    """  # noqa: S608 - names and values from the code's own migrations, quoted


def page_problems(page_types: dict[str, tuple[tuple[str, str], ...]]) -> str:
    """SQL for every page the site could not show, one row each, in SQLite and PostgreSQL.

    A page is a row of wagtailcore_page, whose content type names its model,
    and a row of that model's own table (and of each table between them) with
    the same id; the site reads both to show it, in its own URL and in every
    listing. A page of a type the site does not have, or without its own row,
    fails wherever it appears.
    """
    known = ", ".join(_literal(label) for label in ["wagtailcore.page", *sorted(page_types)])
    kind = "kind.app_label || '.' || kind.model"
    queries = [
        f"""SELECT 'page ' || page.id || ' is of type ' || COALESCE({kind}, 'content type ' || page.content_type_id)
               || ', which is not a page type of the site' AS problem
            FROM wagtailcore_page AS page LEFT JOIN django_content_type AS kind ON kind.id = page.content_type_id
            WHERE kind.id IS NULL OR {kind} NOT IN ({known})"""  # noqa: S608 - as in column_problems
    ]
    for label, tables in sorted(page_types.items()):
        for table, key in tables:
            queries.append(
                f"""SELECT 'page ' || page.id || ' (' || {_literal(label)} || ') has no row in ' || {_literal(table)}
                    FROM wagtailcore_page AS page JOIN django_content_type AS kind ON kind.id = page.content_type_id
                    WHERE {kind} = {_literal(label)}
                      AND NOT EXISTS (SELECT 1 FROM {_name(table)} AS own WHERE own.{_name(key)} = page.id)"""  # noqa: S608
            )
    return "\nUNION ALL\n".join(queries)


def _first(problems: str) -> str:
    return f"SELECT problem FROM ({problems}) AS found LIMIT {SHOWN_PROBLEMS}"  # noqa: S608 - SQL of this module


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _refuse_missing(present: set[str], schema: Schema) -> tuple[str, ...]:
    if not present:
        raise BackupError("The archive's database is empty: it has none of the site's tables.")
    if missing := schema.missing_tables(present):
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        raise BackupError(f"The archive's database lacks tables the site needs: {shown}.")
    return tuple(sorted(present))


def _refuse_problems(database: sqlite3.Connection, problems: str, message: str) -> None:
    if found := [problem for (problem,) in database.execute(_first(problems))]:
        raise BackupError(f"{message}{'; '.join(found)}.")


def _check_sqlite(source: Path, migrations: tuple[str, ...]) -> CheckedDatabase:
    try:
        archived = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            verdict = [line for (line,) in archived.execute("PRAGMA integrity_check(5)")]  # NULLs in NOT NULL too
            if verdict != ["ok"]:
                said = "; ".join(" ".join(line.split()) for line in verdict)
                raise BackupError(f"The archive's database is damaged; SQLite's integrity check says: {said}.")
            present = dict(archived.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
            applied = []
            if "django_migrations" in present:
                applied = [f"{app}.{name}" for app, name in archived.execute("SELECT app, name FROM django_migrations")]
            schema = expected_schema(applied)
            tables = _refuse_missing(set(present), schema)
            # A virtual table (the full-text index Wagtail's search makes with SQL of its own) has no Django columns.
            virtual = {name for name, sql in present.items() if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
            columns = {table: needed for table, needed in schema.columns.items() if table not in virtual}
            _refuse_problems(archived, column_problems(columns, SQLITE_COLUMNS), COLUMNS_DIFFER)
            if archived.execute(SITE_ROOT).fetchone() is None:
                raise BackupError(NO_SITE_ROOT)
            _refuse_problems(archived, page_problems(schema.page_types), PAGES_BROKEN)
            if dangling := archived.execute("PRAGMA foreign_key_check").fetchmany(SHOWN_PROBLEMS):
                said = "; ".join(f"{table} row {row} refers to a row of {parent}" for table, row, parent, _ in dangling)
                raise BackupError(f"{DANGLING_ROWS}{said}.")
        finally:
            archived.close()
    except sqlite3.Error as error:
        raise BackupError(f"The archive's database cannot be read as SQLite ({error}).") from error
    return CheckedDatabase(source, tables, schema, migrations)


def _check_pgdump(source: Path, migrations: tuple[str, ...]) -> CheckedDatabase:
    contents = _run(["pg_restore", "--list", str(source)], "The archive's database dump cannot be read")
    present = set(re.findall(r"^\d+; \d+ \d+ TABLE (?!DATA |ATTACH )\S+ (\S+) ", contents, re.MULTILINE))
    schema = expected_schema(migrations)
    tables = _refuse_missing(present, schema)
    script = source.with_suffix(".sql")
    options = ["--no-owner", "--no-privileges", f"--file={script}"]
    _run(["pg_restore", *options, str(source)], "The archive's database dump cannot be read")  # every byte of it
    return CheckedDatabase(script, tables, schema, migrations)


def _load_postgresql(connection: BaseDatabaseWrapper, checked: CheckedDatabase) -> None:
    """The current tables dropped, the archive's loaded and checked, in one transaction that psql commits or not.

    The columns are checked against the migrations the manifest lists, so the
    loaded database may record no other: one the manifest left out could hide
    a column the dump lacks.
    """
    steps = []
    if tables := connection.introspection.table_names():  # migrated but empty, or --force: replaced entirely
        steps.append(f"--command=DROP TABLE IF EXISTS {', '.join(map(connection.ops.quote_name, tables))} CASCADE")
    connection.close()
    needed = ", ".join(map(_literal, checked.tables))
    recorded = ", ".join(map(_literal, checked.migrations))
    columns = column_problems(checked.schema.columns, POSTGRESQL_COLUMNS)
    pages = page_problems(checked.schema.page_types)
    checks = checked.path.with_name("checks.sql")
    checks.write_text(f"""
        RESET search_path;
        DO $check$ DECLARE listed text; BEGIN
          IF EXISTS (SELECT FROM unnest(ARRAY[{needed}]::text[]) AS needed (name)
                     WHERE to_regclass(quote_ident(needed.name)) IS NULL) THEN
            RAISE EXCEPTION 'The archive''s database did not load the site''s tables.';
          END IF;
          SELECT string_agg(label, ', ') INTO listed FROM (
            SELECT app || '.' || name AS label FROM django_migrations
            WHERE app || '.' || name <> ALL (ARRAY[{recorded}]::text[]) ORDER BY 1 LIMIT {SHOWN_PROBLEMS}
          ) AS unlisted;
          IF listed IS NOT NULL THEN
            RAISE EXCEPTION '%', {_literal(UNLISTED_MIGRATIONS)} || listed || '.';
          END IF;
          SELECT string_agg(problem, '; ') INTO listed FROM ({_first(columns)}) AS shown;
          IF listed IS NOT NULL THEN
            RAISE EXCEPTION '%', {_literal(COLUMNS_DIFFER)} || listed || '.';
          END IF;
          IF NOT EXISTS ({SITE_ROOT}) THEN
            RAISE EXCEPTION '%', {_literal(NO_SITE_ROOT)};
          END IF;
          SELECT string_agg(problem, '; ') INTO listed FROM ({_first(pages)}) AS shown;
          IF listed IS NOT NULL THEN
            RAISE EXCEPTION '%', {_literal(PAGES_BROKEN)} || listed || '.';
          END IF;
        END $check$;
    """)  # noqa: S608 - as in column_problems
    options = ["--no-psqlrc", "--quiet", "--output=/dev/null", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    command = ["psql", *options, *_connection_options(connection), *steps, f"--file={checked.path}"]
    _run([*command, f"--file={checks}"], "The archive's database was refused while loading", connection)


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
