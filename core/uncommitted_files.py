"""Files written to storage inside a block that fails are deleted again.

A database transaction that rolls back takes its rows with it, not the files
those rows pointed to: an import that stored ten figures and then failed (or a
dry run, which always rolls back) left ten files in the media folder, served
to anyone, that no image of the library names. Imports run inside
:func:`removed_on_failure`, so what they wrote goes with what they saved.

Django writes a model's file while saving the row (``FileField.pre_save``), so
the files a save is about to write are noted just before, in ``pre_save``; only
saves of this thread are noted, since a web server may run other requests
beside a long import. Code that writes a file to storage itself says so with
:func:`note_written`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.db.models.signals import pre_save

from core.tasks import each_task_once

_blocks = threading.local()  # this thread's open blocks, outermost first: the files each wrote


def note_written(file: FieldFile) -> None:
    """``file`` was just written to storage outside a model's save: it goes if any block it was written in fails."""
    for written in getattr(_blocks, "stack", ()):
        written.append(file)


@contextmanager
def removed_on_failure() -> Iterator[None]:
    """Delete every file a model saved inside the block wrote, if the block raises (whatever it raises)."""
    thread = threading.get_ident()
    written: list[FieldFile] = []
    if not hasattr(_blocks, "stack"):
        _blocks.stack = []
    _blocks.stack.append(written)

    def note_new_files(sender, instance, raw: bool = False, **kwargs) -> None:
        if raw or threading.get_ident() != thread:
            return
        for field in instance._meta.concrete_fields:
            if isinstance(field, FileField):
                file = getattr(instance, field.attname)
                if file and not getattr(file, "_committed", True):
                    written.append(file)

    pre_save.connect(note_new_files, weak=False)
    try:
        yield
    except BaseException:
        for file in written:
            if getattr(file, "_committed", False) and file.name:
                file.storage.delete(file.name)
        raise
    finally:
        _blocks.stack.pop()
        pre_save.disconnect(note_new_files)
        # What was written is in storage now (or deleted): the buffers it was written from are closed and the
        # list let go. With DEBUG on, Django keeps each function connected to a signal in a cache, this one with
        # its list, and Wagtail makes each rendition in a temporary file it never closes: the buffers stayed, and
        # Python printed a traceback for each one still open at exit.
        for file in written:
            file.close()
        written.clear()


class _DryRun(Exception):
    """Raised at the end of a dry run, to roll it back."""


@contextmanager
def import_transaction(*, dry_run: bool = False) -> Iterator[None]:
    """One transaction for a whole import, its files deleted with its rows if it fails; a dry run does all
    of the work, then rolls it back, files included, so what it reports is what a real run would do.
    Wagtail's indexing runs once per object saved, at the end (core/tasks.py)."""
    try:
        with removed_on_failure(), transaction.atomic(), each_task_once():
            yield
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
