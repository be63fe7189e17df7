"""Reading the files an import is given: regular files only, inside the folder named, of bounded size.

A checkout is someone's repository, and may hold anything: a symbolic link to
``/etc/passwd`` or to another user's files (whose text would become public
content), a device (``avatar: /dev/zero`` was read until memory ran out), a
FIFO that blocks forever, a figure of several gigabytes. Every file an importer
reads goes through :func:`read_source_file`, which refuses each of them with a
message naming the file.
"""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.template.defaultfilters import filesizeformat

# An about page, a config or a navigation file: a real one is a few dozen kilobytes.
MAX_TEXT_BYTES = 5 * 1024 * 1024


def path_on_site(reference: str) -> PurePosixPath:
    """Where a link of a page at the site's root (``/``) leads on that site, as a path from its root: as a
    browser resolves it, ``images/a.png``, ``/images/a.png`` and ``../images/a.png`` (no folder above the root)
    all lead to ``images/a.png``. Empty for a link that names no file (``#top``, ``/``)."""
    path = posixpath.normpath("/" + unquote(urlparse(reference).path))
    return PurePosixPath(path.lstrip("/"))


class SourceFileError(ValueError):
    """A file the import cannot read, and why."""


def read_source_file(path: Path, *, limit: int, inside: Path | None = None, what: str = "File") -> bytes:
    """The bytes of ``path``: a regular file of at most ``limit`` bytes, within ``inside`` once links are
    followed; SourceFileError otherwise."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # missing, unreadable, or a loop of links
        raise SourceFileError(f"{what} not found: {path}") from error
    if inside is not None and not resolved.is_relative_to(inside.resolve()):
        raise SourceFileError(f"{what} {path} leads outside {inside} (to {resolved}); it was not read.")
    try:
        # Non-blocking, so that opening a FIFO returns at once; it is then refused as not a regular file.
        descriptor = os.open(resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise SourceFileError(f"{what} {path} cannot be opened: {error.strerror}") from error
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):  # a folder, a FIFO, a device: refused before Python wraps it in a file
        os.close(descriptor)
        raise SourceFileError(f"{what} {path} is not a regular file; it was not read.")
    with os.fdopen(descriptor, "rb") as file:
        too_big = f"{what} {path} is larger than {filesizeformat(limit)}; it was not read."
        if status.st_size > limit:
            raise SourceFileError(too_big)
        data = file.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise SourceFileError(too_big)
    return data


def read_source_text(path: Path, *, inside: Path | None = None, what: str = "File") -> str:
    """A text file as UTF-8 (a byte-order mark dropped), or SourceFileError saying why not."""
    data = read_source_file(path, limit=MAX_TEXT_BYTES, inside=inside, what=what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceFileError(f"{what} is not UTF-8 text: {path} ({error})") from error
