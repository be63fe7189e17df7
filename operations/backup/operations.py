"""Backing the site up into one archive, and restoring an archive into an empty installation."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import django
import wagtail
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site

from operations.backup import BackupError, database
from operations.backup.archive import (
    DATABASE_MEMBERS,
    FORMAT,
    MEDIA,
    ArchiveWriter,
    describe,
    media_member,
    unknown_migrations,
    unpack,
)
from operations.cdn import purge_frontend_cache
from serving import page_cache
from serving.media import is_document, keep_private

RENDITIONS = "images"  # Wagtail's folder of renditions, which it makes again from the originals when missing

Say = Callable[[str], None]


def media_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the media storage, folders first-level by first-level, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from media_files(storage, f"{folder}/{name}" if folder else name)


def project_version() -> str:
    try:
        return importlib.metadata.version("profile_site")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def archive_path(out: str | Path, created) -> Path:
    """``out`` itself, or a dated name inside it when it is a folder (what a daily cron job wants).

    ``out`` ending in a slash names a folder, which must exist: ``/srv/backups/``
    mistyped must not become a file called ``/srv/backups``.
    """
    if str(out).endswith(("/", os.sep)) and not Path(out).is_dir():
        raise BackupError(f"There is no folder {out}; no archive was written.")
    out = Path(out)
    path = out / f"site-backup-{created:%Y%m%d-%H%M%S}.tar.gz" if out.is_dir() else out
    if path.exists():
        raise BackupError(f"{path} already exists; no archive was written.")
    if not path.parent.is_dir():
        raise BackupError(f"There is no folder {path.parent}; no archive was written.")
    return path


def create_backup(out: str | Path, *, renditions: bool = True, say: Say) -> Path:
    """Write the archive (into ``out``, or as ``out``) while the site keeps running; return its path."""
    connection = connections[DEFAULT_DB_ALIAS]
    engine = database.engine_of(connection)
    created = timezone.now()
    path = archive_path(out, created)
    partial = path.with_name(path.name + ".partial")  # a backup cut short never looks like a finished one
    try:
        with tempfile.TemporaryDirectory(prefix="backup_site-") as staging:
            dump = Path(staging) / DATABASE_MEMBERS[engine]
            migrations = database.applied_migrations(connection)
            database.dump(connection, dump)
            writer = ArchiveWriter(partial, created.timestamp())
            try:
                with dump.open("rb") as source:
                    member = writer.add(DATABASE_MEMBERS[engine], dump.stat().st_size, source)
                say(f"Database: {engine}, copied with {database.ENGINES[engine]} ({filesizeformat(member.size)}).")
                counts, size = _add_media(writer, renditions)
                folders = ", ".join(f"{folder} {count}" for folder, count in sorted(counts.items()))
                say(
                    f"Media: {sum(counts.values())} files, {filesizeformat(size)}"
                    + (f" ({folders})" if folders else "")
                    + ("" if renditions else "; renditions left out, they are made again when pages show them")
                    + "."
                )
                writer.finish(_manifest(created, engine, migrations, renditions))
            except BaseException:
                writer.abort()
                raise
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    say(
        f"Wrote {path} ({filesizeformat(path.stat().st_size)}): {len(writer.members)} files, "
        "each with its size and SHA-256 in manifest.json."
    )
    return path


def _add_media(writer: ArchiveWriter, renditions: bool) -> tuple[Counter, int]:
    counts: Counter = Counter()
    size = 0
    for name in media_files(default_storage):
        folder = name.split("/")[0] if "/" in name else "."
        if folder == RENDITIONS and not renditions:
            continue
        try:
            with default_storage.open(name, "rb") as source:
                member = writer.add(media_member(name), default_storage.size(name), source)
        except FileNotFoundError:  # deleted after it was listed, with the image or document it belonged to
            continue
        counts[folder] += 1
        size += member.size
    return counts, size


def _manifest(created, engine: str, migrations: list[str], renditions: bool) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created_at": created.isoformat(timespec="seconds"),
        "project": {"name": "profile_site", "version": project_version()},
        "database": {"engine": engine, "file": DATABASE_MEMBERS[engine], "copied_with": database.ENGINES[engine]},
        "versions": {
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "python": platform.python_version(),
        },
        "media": {"renditions": renditions},
        "migrations": migrations,
    }


def restore_backup(archive: Path, *, force: bool = False, say: Say) -> None:
    """Check ``archive`` whole, then make this installation's database and media what it holds.

    Every check comes before the first change: the archive against its
    manifest and the room there is, its database (readable, undamaged, with the
    site's tables and the columns its migrations make, a site root, every
    page's own row), and this installation. Only then is the
    database loaded, in one transaction, and the media replaced after it; an
    archive refused at any step leaves the site exactly as it was.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    engine = database.engine_of(connection)
    with tempfile.TemporaryDirectory(prefix="restore_site-") as folder:
        staging = Path(folder)
        try:
            manifest, checked, occupied = _check_everything(archive, staging, engine, connection, force, say)
            if occupied:
                say(f"--force: replacing what {' and '.join(occupied)} hold.")
            kept_renditions = _rendition_cache_keys(connection)
            database.load(connection, checked)
        except BackupError as error:
            raise BackupError(f"{error}\nNothing was restored.") from error
        try:
            say(f"Restored the database into {connection.settings_dict['NAME']}.")
            try:
                count, size = _replace_media(staging / MEDIA)
            except (OSError, BackupError) as error:
                raise BackupError(
                    f"The database was restored, but the media could not be ({error}). "
                    "Fix that, then run restore_site again with --force."
                ) from error
            say(f"Restored {count} media files ({filesizeformat(size)}) into {_media_location()}.")
            if pending := database.pending_migrations(connection):
                call_command("migrate", interactive=False, verbosity=0)
                say(f"Migrated the database from the archive's older schema: {', '.join(pending)}.")
            else:
                say("The archive's database schema is this version's; no migration needed.")
            if forgotten := _forget_missing_renditions():
                say(f"Forgot {len(forgotten)} renditions not in the archive; they are made again when pages show them.")
                kept_renditions += forgotten
        except BaseException:  # whatever the database now holds, the site must not show what it kept of the old one
            with contextlib.suppress(Exception):  # nor may that hide why the restore stopped
                _forget_what_the_site_kept(kept_renditions)
            raise
    _forget_what_the_site_kept(kept_renditions)
    say("Emptied the page cache.")


def _rendition_cache_keys(connection, pks: list[int] | None = None) -> list[str]:
    """The keys under which Wagtail caches the database's renditions (all, or those of ``pks``): each names
    its image, the image file's hash and the filter, and would outlive the rows a restore replaces."""
    rendition_model = get_image_model().get_rendition_model()
    if rendition_model._meta.db_table not in connection.introspection.table_names():
        return []  # an installation not migrated yet
    rows = rendition_model.objects.all() if pks is None else rendition_model.objects.filter(pk__in=pks)
    try:
        return [
            rendition_model.construct_cache_key(SimpleNamespace(id=image, file_hash=file_hash), focal_point, spec)
            for image, file_hash, focal_point, spec in rows.values_list(
                "image_id", "image__file_hash", "focal_point_key", "filter_spec"
            )
        ]
    except DatabaseError:  # the database a forced restore replaces may be anything: none of its renditions to name
        return []


def _forget_what_the_site_kept(renditions: list[str]) -> None:
    """What the site's processes keep of the database they read, which a restore replaced without a signal:
    rendered pages and paper boxes, Wagtail's site root paths (its Site rows) and cached renditions."""
    page_cache.forget_pages_and_fragments()
    Site.clear_site_root_paths_cache()
    get_image_model().get_rendition_model().cache_backend.delete_many(renditions)
    purge_frontend_cache()


def _check_everything(
    archive: Path, staging: Path, engine: str, connection, force: bool, say: Say
) -> tuple[dict[str, Any], database.CheckedDatabase, list[str]]:
    """The archive, its database and this installation checked, changing nothing; what a restore then needs."""
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    manifest = unpack(archive, staging)
    files = manifest["files"]
    say(
        f"Checked {archive}: {len(files)} files, {filesizeformat(sum(member.size for member in files))}, "
        "every size and SHA-256 as its manifest says."
    )
    say(f"  {describe(manifest)}.")
    occupied = _check_target(manifest, engine, connection, force)
    checked = database.check(connection, staging / DATABASE_MEMBERS[engine], manifest.get("migrations", []))
    if engine == "sqlite":
        say(
            "Checked the database: SQLite's integrity check passed, and it has the site's tables with the columns "
            "its migrations make, a site root, and every page's own row."
        )
    else:
        say(
            "Checked the database: pg_restore read the whole dump, and it has the site's tables; their columns, "
            "the site root and every page's own row are checked as it loads, before the media is touched."
        )
    return manifest, checked, occupied


def _check_target(manifest: dict[str, Any], engine: str, connection, force: bool) -> list[str]:
    """Everything that would make the restore wrong, found before anything is changed; what --force replaces."""
    archived = manifest["database"]["engine"]
    if archived != engine:
        raise BackupError(
            f"The archive holds a {archived} database and this installation uses {engine}; "
            "restore it into an installation with the same database engine."
        )
    known, migrated_apps = database.known_migrations()
    if newer := unknown_migrations(manifest.get("migrations", []), known, migrated_apps):
        shown = ", ".join(newer[:5]) + (", …" if len(newer) > 5 else "")
        raise BackupError(
            f"The archive was made by a newer version of the site (migrations this code lacks: {shown}); "
            "update this installation's code first."
        )
    occupied = []
    if not database.is_empty(connection):
        occupied.append(f"the database {connection.settings_dict['NAME']}")
    if next(media_files(default_storage), None) is not None:
        occupied.append(f"the media storage {_media_location()}")
    if occupied and not force:
        raise BackupError(
            f"This installation is not empty: {' and '.join(occupied)} already hold content. restore_site "
            "restores into an empty installation; add --force to replace what is there."
        )
    return occupied


def _replace_media(folder: Path) -> tuple[int, int]:
    """The media becomes the archive's, nothing more: what is there now goes, then the archive's files come.

    Documents are made private as they are written, as an upload is.
    """
    for name in media_files(default_storage):
        default_storage.delete(name)
    count = size = 0
    if not folder.is_dir():
        return count, size
    for path in sorted(path for path in folder.rglob("*") if path.is_file()):
        name = path.relative_to(folder).as_posix()
        with path.open("rb") as source:
            saved = default_storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(f"The media storage saved {name} as {saved}; the restore is incomplete.")
        if is_document(name):
            keep_private(default_storage, name)
        count += 1
        size += path.stat().st_size
    return count, size


def _forget_missing_renditions() -> list[str]:
    """Rendition rows whose file the archive left out (``--no-renditions``) would show as broken images: deleted,
    and the keys Wagtail caches them under returned."""
    rendition_model = get_image_model().get_rendition_model()
    missing = [
        rendition.pk
        for rendition in rendition_model.objects.only("pk", "file")
        if not default_storage.exists(rendition.file.name)
    ]
    keys = _rendition_cache_keys(connections[DEFAULT_DB_ALIAS], missing)
    rendition_model.objects.filter(pk__in=missing).delete()
    return keys


def _media_location() -> str:
    location = getattr(default_storage, "location", "")
    return str(location) if location else type(default_storage).__name__
