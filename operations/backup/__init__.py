"""The whole site in one file, and back (``manage.py backup_site`` and ``manage.py restore_site``).

An archive is a gzipped tar:

    database.sqlite3 or database.pgdump   the database, copied while the site runs
    media/<path>                          every file under MEDIA_ROOT: original images, documents, renditions
    manifest.json                         what the archive is, and the size and SHA-256 of every other member

The owner must be able to trust two things. A backup taken while visitors and
editors use the site is whole: the database is copied with SQLite's online
backup API or ``pg_dump`` (a consistent snapshot), never as a file, which in
WAL mode can miss committed pages. And a restore puts back exactly what was
saved or changes nothing: the whole archive is unpacked into a staging folder
and checked against its manifest before the database or the media is touched.
"""


class BackupError(Exception):
    """Something the owner has to fix; the message says what, and whether anything was changed."""
