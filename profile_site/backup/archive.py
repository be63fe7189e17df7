"""The archive format: which members it may hold, its manifest, writing it and checking it.

Nothing here touches the site: writing takes open files, reading unpacks into
a staging folder and compares every member with the manifest, so a damaged,
truncated or tampered archive is refused before a restore begins.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from . import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Member:
    """One file of the archive as the manifest lists it."""

    path: str
    size: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


def media_member(storage_name: str) -> str:
    return f"{MEDIA}/{storage_name}"


def checked_name(name: str) -> str:
    """``name`` if a restore may write it; a hostile archive must not reach outside the staging folder."""
    parts = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or PurePosixPath(name).is_absolute()
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise BackupError(f"The archive holds an unsafe file name, {name!r}.")
    if name != MANIFEST and name not in DATABASE_MEMBERS.values() and not (parts[0] == MEDIA and len(parts) > 1):
        raise BackupError(f"The archive holds {name!r}, which no backup_site archive has.")
    return name


class _Hashing:
    """A file read through while its bytes are counted and hashed (what tarfile copies is what is checked)."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Adds files one by one, remembering their checksums; the manifest goes in last, with all of them."""

    def __init__(self, path: Path, created: float):
        self.tar = tarfile.open(path, "w:gz", compresslevel=6)  # noqa: SIM115 - closed by finish()/abort()
        self.created = created
        self.members: list[Member] = []

    def add(self, name: str, size: int, fileobj: IO[bytes]) -> Member:
        info = self._info(checked_name(name), size)
        reader = _Hashing(fileobj)
        self.tar.addfile(info, reader)  # raises if the file ends before ``size`` bytes
        member = Member(name, reader.size, reader.sha256.hexdigest())
        self.members.append(member)
        return member

    def finish(self, manifest: dict[str, Any]) -> None:
        data = json.dumps(
            {**manifest, "files": [member.as_json() for member in self.members]}, indent=2, ensure_ascii=False
        ).encode()
        self.tar.addfile(self._info(MANIFEST, len(data)), io.BytesIO(data))
        self.tar.close()

    def abort(self) -> None:
        self.tar.close()

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(self.created)
        info.mode = 0o644
        return info


def unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack ``archive`` into ``staging`` and return its manifest, once every member matches it."""
    try:
        return _unpack(archive, staging)
    except BackupError as error:
        raise BackupError(f"{error}\nNothing was restored.") from error


def _unpack(archive: Path, staging: Path) -> dict[str, Any]:
    found: dict[str, tuple[int, str]] = {}
    manifest_data: bytes | None = None
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for info in tar:
                if info.isdir():
                    checked_name(info.name.rstrip("/") + "/x")
                    continue
                if not info.isfile():
                    raise BackupError(f"The archive holds {info.name!r}, which is a link or a device, not a file.")
                name = checked_name(info.name)
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(f"The archive holds {name} twice.")
                source = tar.extractfile(info)
                if name == MANIFEST:
                    if info.size > MAX_MANIFEST_BYTES:
                        raise BackupError("The archive's manifest is implausibly large.")
                    manifest_data = source.read()
                else:
                    found[name] = _write(source, staging / name)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive} is damaged or truncated ({error}).") from error
    if manifest_data is None:
        raise BackupError(f"{archive} has no {MANIFEST}: it was not made by backup_site.")
    manifest = parse_manifest(manifest_data)
    if problems := mismatches(manifest, found):
        listed = "\n  ".join(problems)
        raise BackupError(f"{archive} does not match its manifest:\n  {listed}")
    return manifest


def _write(source: IO[bytes], target: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
    except OSError as error:
        raise BackupError(f"Could not unpack {target.name} for checking ({error}).") from error
    return size, digest.hexdigest()


def parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
        files = [Member(entry["path"], int(entry["size"]), str(entry["sha256"])) for entry in manifest["files"]]
        engine = manifest["database"]["engine"]
        version = manifest["format"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The archive's manifest cannot be read ({error!r}).") from error
    if version != FORMAT:
        raise BackupError(f"The archive is in format {version}; this version of the site reads format {FORMAT}.")
    if engine not in DATABASE_MEMBERS:
        raise BackupError(f"The archive holds a {engine} database, which restore_site cannot restore.")
    manifest["files"] = files
    return manifest


def mismatches(manifest: dict[str, Any], found: dict[str, tuple[int, str]]) -> list[str]:
    """Every way the unpacked files differ from the manifest, one line each (none: the archive is whole)."""
    problems = []
    listed: dict[str, Member] = {}
    for member in manifest["files"]:
        listed[checked_name(member.path)] = member
    for path, member in listed.items():
        if path not in found:
            problems.append(f"{path}: listed in the manifest, missing from the archive")
            continue
        size, sha256 = found[path]
        if size != member.size:
            problems.append(f"{path}: {size} bytes, the manifest says {member.size}")
        elif sha256 != member.sha256:
            problems.append(f"{path}: SHA-256 {sha256}, the manifest says {member.sha256}")
    problems += [f"{path}: in the archive, not in the manifest" for path in sorted(found.keys() - listed.keys())]
    if DATABASE_MEMBERS[manifest["database"]["engine"]] not in listed:
        problems.append(f"{DATABASE_MEMBERS[manifest['database']['engine']]}: the database is missing")
    return problems


def unknown_migrations(applied: Iterable[str], known: set[tuple[str, str]], apps: set[str]) -> list[str]:
    """Migrations (``app.migration``) the archive's database has and this code lacks: a newer version made it."""
    newer = []
    for label in applied:
        app, _, name = str(label).partition(".")
        if app in apps and (app, name) not in known:
            newer.append(label)
    return sorted(newer)


def describe(manifest: dict[str, Any]) -> str:
    """Where an archive comes from, in one line."""
    versions = manifest.get("versions", {})
    return (
        f"made {manifest.get('created_at', 'at an unknown time')} by profile_site "
        f"{manifest.get('project', {}).get('version', '?')} (Django {versions.get('django', '?')}, "
        f"Wagtail {versions.get('wagtail', '?')}) from a {manifest['database']['engine']} database"
    )
