"""OUT_DIR is replaced by a finished export or not at all.

The export is written into a new folder beside OUT_DIR and swapped in with two
renames once it is complete; a failed export leaves the previous one as it was.
A folder is only replaced when it is empty, new, or an earlier export (it holds
the marker file), unless the owner says ``--force``; never when it holds the
project, its media or its static files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

MARKER = ".static-export"
MARKER_TEXT = "Written by `manage.py export_static`; the next export replaces everything in this folder.\n"


class OutDirError(Exception):
    """OUT_DIR cannot be (re)placed; the message says why and what to do."""


def check_out_dir(out_dir: Path, *, force: bool, protected: Mapping[str, Path]) -> Path:
    """The folder to export to, resolved, once nothing forbids replacing it.

    ``protected`` names the folders no export may delete (``{"the media files": MEDIA_ROOT}``).
    """
    out = out_dir.expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise OutDirError(f"{out_dir} is a file. Give the folder to write the site to (it is created if missing).")
    for what, path in protected.items():
        kept = Path(path).resolve()
        if out == kept or out in kept.parents:
            raise OutDirError(
                f"{out_dir} holds {what} ({kept}); replacing it would delete them. Choose another folder."
            )
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        raise OutDirError(
            f"{out_dir} is not empty and does not look like an earlier export (it has no {MARKER} file). "
            "Choose a new or empty folder, or pass --force to replace everything in it."
        )
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A new, empty folder beside ``out`` to write the export into; it becomes ``out`` if the block succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would stay private once rsync copies it to a web space
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        yield staging
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        new.rename(out)
        return
    old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
