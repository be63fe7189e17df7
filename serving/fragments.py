"""Rendered fragments of a page (a paper box), kept in each process, so a page cache emptied by a
publish does not make the next visitor wait for every box to be rendered again.

A fragment's key names everything it shows. What is stored with a revision (a paper's title,
authors, links, badges) is in the key as that revision, so publishing one paper leaves every
other paper's fragment as it was. What is not (images and their renditions, metrics, the
profile, the site) is covered by the fragment generation: any saved, published or deleted
content starts a new one, unless its model is registered as *neutral*: a model whose changes
no fragment shows, or shows by a key of its own (the app that renders the fragments says which).
An unregistered model only costs a new generation, never a stale fragment.

The fragments live in memory, per process: nothing has to be emptied anywhere, since a key
that names a new revision or generation is simply a new key, and old ones age out of the
bounded store. The generation is kept where the page cache keeps its own (one read a page).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock

from core.tasks import in_batch

from . import generations

GENERATION_KEY = "fragments:generation"
ENTRIES = 5_000  # per process: a few hundred papers in two forms each, with room for old revisions

_neutral: set[str] = set()


def register_neutral(*labels: str) -> None:
    """Changes to these models (``app_label.model``) need no new fragment generation."""
    _neutral.update(label.lower() for label in labels)


def is_neutral(model) -> bool:
    return model is not None and model._meta.label_lower in _neutral


class _Store(OrderedDict):
    """The most recently used fragments of this process."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, object]:
        with self.lock:
            found = {}
            for key in keys:
                value = self.get(key)
                if value is not None:
                    self.move_to_end(key)
                    found[key] = value
            return found

    def put(self, key: str, value: object) -> None:
        with self.lock:
            self[key] = value
            while len(self) > ENTRIES:
                self.popitem(last=False)


_store = _Store()


def get_many(keys: Iterable[str]) -> dict[str, object]:
    return _store.get_many(keys)


def put(key: str, value: object) -> None:
    _store.put(key, value)


def clear() -> None:
    """Forget this process's fragments (tests; a new generation is what empties them for good)."""
    with _store.lock:
        _store.clear()


def current_generation() -> str:
    return generations.current(GENERATION_KEY)


def new_generation() -> str:
    return generations.renew(GENERATION_KEY)


def changed(sender) -> None:
    """Content of model ``sender`` changed: a new generation now and once its transaction commits (a
    fragment rendered from the old rows while it was open would otherwise be kept under the new one)."""
    if is_neutral(sender):
        return
    if not (in_batch() and generations.pending(new_generation)):  # see page_cache.invalidate_on_change
        new_generation()
    generations.on_commit_once(new_generation)
