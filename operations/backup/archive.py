"""The archive format: which members it may hold, its manifest, writing it and checking it.

Nothing here touches the site: writing takes open files, reading checks every
member against the manifest before it unpacks anything into a staging folder,
so a damaged, truncated, tampered or inflated archive is refused before a
restore begins.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.template.defaultfilters import filesizeformat

from operations.backup import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# How much a restore may unpack. Media barely compresses and the SQLite database of a
# freshly migrated site shrinks 28 times, so a real archive stays far below MAX_EXPANSION
# times its size; gzip reaches 1,000 times on zeros. Below ALWAYS_ALLOWED the ratio does
# not matter, and the unpacked archive must always leave FREE_SPACE_KEPT free on the disk.
MAX_EXPANSION = 200
ALWAYS_ALLOWED = 1024**3
FREE_SPACE_KEPT = 100 * 1024**2
NOT_FILES = {
    tarfile.SYMTYPE: "a symbolic link",
    tarfile.LNKTYPE: "a hard link",
    tarfile.CHRTYPE: "a device file",
    tarfile.BLKTYPE: "a device file",
    tarfile.FIFOTYPE: "a named pipe",
    tarfile.GNUTYPE_SPARSE: "a sparse file",
}


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
        self.file = _private(path)
        self.tar = tarfile.open(fileobj=self.file, mode="w:gz", compresslevel=6)  # noqa: SIM115 - see finish()
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
        self.file.close()

    def abort(self) -> None:
        self.tar.close()
        self.file.close()

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(self.created)
        info.mode = 0o644
        return info


def _private(path: Path) -> IO[bytes]:
    """``path`` opened for writing, readable by its owner only from its first byte.

    An archive holds the database, password hashes and sessions included. The
    mode is given at creation (the umask can only narrow it), and set again for
    a ``.partial`` left over from an interrupted backup; a symbolic link in its
    place is not followed.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Check ``archive`` whole while writing nothing, then unpack it into ``staging``; return its manifest.

    The manifest comes last, so the archive is read twice. The first reading
    writes nothing: it checks every member's kind and name, adds up the sizes
    their headers declare against the room a restore may take (a few kilobytes
    of gzip can claim gigabytes), and compares each member's bytes with the
    manifest. Only an archive that passed all of that is written out, byte for
    byte the one that was checked.
    """
    allowed, limit = room(archive.stat().st_size, shutil.disk_usage(staging).free)
    checked = _scan(archive, allowed, limit)
    _extract(archive, staging, checked)
    return checked.manifest


def room(archive_size: int, free: int) -> tuple[int, str]:
    """How many bytes a restore may unpack from an archive of ``archive_size`` bytes, and which limit that is."""
    plausible = max(ALWAYS_ALLOWED, MAX_EXPANSION * archive_size)
    if free - FREE_SPACE_KEPT < plausible:
        return max(free - FREE_SPACE_KEPT, 0), f"the free disk space, keeping {filesizeformat(FREE_SPACE_KEPT)} free"
    return plausible, f"{MAX_EXPANSION} times the archive's size, or {filesizeformat(ALWAYS_ALLOWED)} if that is more"


@dataclass(frozen=True)
class _Checked:
    """What the first reading found: the manifest, each member's size and SHA-256, and the tar stream's length."""

    manifest: dict[str, Any]
    found: dict[str, tuple[int, str]]
    length: int


def _scan(archive: Path, allowed: int, limit: str) -> _Checked:
    found: dict[str, tuple[int, str]] = {}
    manifest_data: bytes | None = None
    declared = 0
    with _reading(archive, allowed) as (tar, inflated):
        for info in tar:
            name = _member_name(info)
            if name is None:
                continue
            declared += info.size
            if declared > allowed:
                raise BackupError(
                    f"{archive} would unpack to more than {filesizeformat(allowed)} ({name} alone declares "
                    f"{filesizeformat(info.size)}); a restore unpacks at most {limit}."
                )
            if name in found or (name == MANIFEST and manifest_data is not None):
                raise BackupError(f"The archive holds {name} twice.")
            if name == MANIFEST:
                if info.size > MAX_MANIFEST_BYTES:
                    raise BackupError("The archive's manifest is implausibly large.")
                manifest_data = tar.extractfile(info).read()
            else:
                found[name] = _copy(tar.extractfile(info))
        length = inflated.finish()
    if manifest_data is None:
        raise BackupError(f"{archive} has no {MANIFEST}: it was not made by backup_site.")
    manifest = parse_manifest(manifest_data)
    if problems := mismatches(manifest, found):
        listed = "\n  ".join(problems)
        raise BackupError(f"{archive} does not match its manifest:\n  {listed}")
    return _Checked(manifest, found, length)


def _extract(archive: Path, staging: Path, checked: _Checked) -> None:
    with _reading(archive, checked.length) as (tar, _):
        for info in tar:
            name = _member_name(info)
            if name is None or name == MANIFEST:
                continue
            expected = checked.found.get(name)
            if expected is None or expected[0] != info.size or _unpack_member(tar, info, staging / name) != expected:
                raise BackupError(f"{archive} changed while it was being restored.")


@contextmanager
def _reading(archive: Path, limit: int) -> Iterator[tuple[tarfile.TarFile, _Inflated]]:
    """The archive's members one by one, never inflating more than ``limit`` bytes."""
    try:
        with archive.open("rb") as raw:
            inflated = _Inflated(raw, limit)
            with tarfile.open(fileobj=inflated, mode="r|") as tar:
                yield tar, inflated
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive} is damaged or truncated ({error}).") from error
    except OSError as error:
        raise BackupError(f"{archive} cannot be read ({error}).") from error


class _Inflated:
    """The tar inside the gzip, decompressed no further than ``limit`` bytes.

    What the archive declares is only a claim; counting what actually comes
    out of the decompressor stops a gzip bomb at the limit, before it has
    cost more than that much time.
    """

    def __init__(self, raw: IO[bytes], limit: int):
        self.raw = raw
        self.limit = limit
        self.decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip, and nothing else
        self.produced = 0

    def read(self, size: int) -> bytes:
        chunks = []
        while size > 0 and not self.decompressor.eof:
            compressed = self.decompressor.unconsumed_tail or self.raw.read(CHUNK)
            if not compressed:
                raise EOFError("the compressed data ends early")
            data = self.decompressor.decompress(compressed, min(size, CHUNK))
            self.produced += len(data)
            if self.produced > self.limit:
                raise BackupError(f"The archive inflates to more than {filesizeformat(self.limit)}; reading stopped.")
            chunks.append(data)
            size -= len(data)
        return b"".join(chunks)

    def finish(self) -> int:
        """Read what follows the last member (a tar's zero padding, the gzip trailer); return the tar's length.

        Reaching the end checks gzip's own CRC; anything more than padding
        after the last member is data no member declared.
        """
        after_last = 0
        while not self.decompressor.eof:
            after_last += len(self.read(CHUNK))
            if after_last > tarfile.RECORDSIZE:
                raise BackupError("The archive holds more data after its last member than a tar archive's padding.")
        if self.decompressor.unused_data or self.raw.read(1):
            raise BackupError("The archive has data after its end.")
        return self.produced


def _member_name(info: tarfile.TarInfo) -> str | None:
    """The name a member is unpacked as (None for a folder); anything but a plain file is refused."""
    if info.isdir():
        checked_name(info.name.rstrip("/") + "/x")
        return None
    if info.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
        kind = NOT_FILES.get(info.type, "not a plain file")
        target = f" to {info.linkname!r}" if info.issym() or info.islnk() else ""
        raise BackupError(f"The archive holds {info.name!r}, which is {kind}{target}; backup_site only writes files.")
    return checked_name(info.name)


def _unpack_member(tar: tarfile.TarFile, info: tarfile.TarInfo, target: Path) -> tuple[int, str]:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            return _copy(tar.extractfile(info), out)
    except OSError as error:
        raise BackupError(f"Could not unpack {target.name} for restoring ({error}).") from error


def _copy(source: IO[bytes], out: IO[bytes] | None = None) -> tuple[int, str]:
    """Size and SHA-256 of what ``source`` holds, written to ``out`` as well when there is one."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
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
