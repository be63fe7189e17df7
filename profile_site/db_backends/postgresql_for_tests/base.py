"""PostgreSQL for the test suite (profile_site/settings/test.py): tables emptied with DELETE.

Tests that need committed rows (the browser tests against ``live_server``) empty every table
after each test. Django does that on PostgreSQL with one TRUNCATE, which replaces the files
of every table and index on disk: seconds for a Wagtail site's tables, after each such test.
DELETE of the few rows a test leaves takes milliseconds and leaves the same empty tables
(sequences are not reset by either). Django's foreign keys are deferrable, so the order of
the DELETEs does not matter.
"""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:  # what only TRUNCATE does: RESTART IDENTITY, CASCADE
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not tables:
            return []
        deletes = [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]
        return [f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};", *deletes]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
