"""The demo site imported once per test process, then laid into each test's database as rows.

Importing the demo page (parsing, pages, revisions, search and reference indexes) takes about
1.5 s; some 70 tests start from it. ``Snapshot.take`` runs the real import once, in a
transaction it rolls back, and keeps what the import changed, row by row, in every table.
``Snapshot.apply`` writes those rows into the test's own transaction in a few milliseconds,
where the database is as the import found it; where it is not (a fixture made a row the import
would have updated), it says so and the test imports for real.

Tables are compared whole, so nothing the import touches is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.cache import caches
from django.core.management.color import no_style
from django.db import connection, transaction

Row = tuple[Any, ...]
SQLITE_SEQUENCE = "sqlite_sequence"  # SQLite's last id handed out, per table with AUTOINCREMENT ids


@dataclass
class TableChange:
    table: str
    columns: list[str]
    key: str  # the column that identifies a row: its primary key
    removed: dict[Any, Row] = field(default_factory=dict)  # key → the row as it was before the import
    added: dict[Any, Row] = field(default_factory=dict)  # key → the row as the import left it
    rows_before: int = 0


def _tables() -> list[tuple[str, str]]:
    """Every table with the column that identifies its rows; not SQLite's full-text index, which
    triggers on the search index's own table keep (wagtailsearch_indexentry_fts and those behind it)."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        if connection.vendor != "sqlite":
            return [(name, _primary_key(cursor, name)) for name in names]
        virtual = [
            name for (name,) in cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        ]
        indexes = {name for name in names if any(name == table or name.startswith(f"{table}_") for table in virtual)}
        return [
            *((name, _primary_key(cursor, name)) for name in names if name not in indexes),
            (SQLITE_SEQUENCE, "name"),
        ]


def _primary_key(cursor: Any, table: str) -> str:
    return connection.introspection.get_primary_key_column(cursor, table) or ""


def _rows(table: str, key: str) -> tuple[list[str], dict[Any, Row]]:
    with connection.cursor() as cursor:
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608
        columns = [column[0] for column in cursor.description]
        index = columns.index(key)
        return columns, {row[index]: tuple(row) for row in cursor.fetchall()}


@dataclass
class Snapshot:
    changes: list[TableChange]

    @classmethod
    def take(cls, make: Callable[[], Any]) -> Snapshot:
        """What ``make`` changes in the database, found by running it in a transaction rolled back after."""
        tables = [(table, key) for table, key in _tables() if key]
        with transaction.atomic():
            before = {table: _rows(table, key) for table, key in tables}
            make()
            changes = []
            for table, key in tables:
                columns, rows = _rows(table, key)
                old = before[table][1]
                removed = {k: row for k, row in old.items() if rows.get(k) != row}
                added = {k: row for k, row in rows.items() if old.get(k) != row}
                if removed or added:
                    changes.append(TableChange(table, columns, key, removed, added, len(old)))
            transaction.set_rollback(True)
        return cls(changes)

    def apply(self) -> bool:
        """Write the changes into the current transaction; ``False``, writing nothing, where they do not fit."""
        if not all(self._fits(change) for change in self.changes):
            return False
        with transaction.atomic(), connection.cursor() as cursor:  # foreign keys are checked at its end
            for change in self.changes:
                if change.table == SQLITE_SEQUENCE:
                    _raise_sequences(cursor, change.added.values())
                    continue
                table, key = connection.ops.quote_name(change.table), connection.ops.quote_name(change.key)
                if change.removed:
                    marks = ", ".join(["%s"] * len(change.removed))
                    cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", list(change.removed))  # noqa: S608
                if change.added:
                    names = ", ".join(connection.ops.quote_name(column) for column in change.columns)
                    marks = ", ".join(["%s"] * len(change.columns))
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(change.added.values()))  # noqa: S608
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)  # PostgreSQL: the next ids come after the rows written here
        for cache in caches.all():
            cache.clear()  # Wagtail keeps the sites' root paths there, as the import left them
        return True

    @staticmethod
    def _fits(change: TableChange) -> bool:
        """The table holds what it held before the import: the rows to replace, and none of those to add.

        SQLite's counters of the ids handed out are not compared: an emptied table (a transactional
        test's flush) keeps its counter, and the ids the import wrote are free all the same."""
        if change.table == SQLITE_SEQUENCE:
            return True
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(change.table)}")  # noqa: S608
            if cursor.fetchone()[0] != change.rows_before:
                return False
        keys: Sequence[Any] = list(change.removed.keys() | change.added.keys())
        if not keys:
            return True
        columns, rows = _rows(change.table, change.key)
        present = {k: rows[k] for k in keys if k in rows}
        return present == change.removed and columns == change.columns


def _raise_sequences(cursor: Any, rows: Any) -> None:
    """Each table's counter at least where the import left it (never lowered: ids are not handed out twice)."""
    for name, seq in rows:
        cursor.execute(f"UPDATE {SQLITE_SEQUENCE} SET seq = MAX(seq, %s) WHERE name = %s", [seq, name])  # noqa: S608
        if not cursor.rowcount:
            cursor.execute(f"INSERT INTO {SQLITE_SEQUENCE} (name, seq) VALUES (%s, %s)", [name, seq])  # noqa: S608
