"""Generation numbers: one name for "everything as of the last change", shared by every process.

The page cache and the rendered fragments name their entries after a generation; a change starts
a new one, and entries of the old one are never looked up again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction

GENERATION_CACHE = "page_generation"


def store() -> BaseCache:
    """Where generations are kept: a cache of their own when the settings have one (files: the pages'
    cache culls at random when full), else with the pages (Redis evicts nothing by default)."""
    return caches[GENERATION_CACHE] if GENERATION_CACHE in settings.CACHES else cache


def current(key: str) -> str:
    generation = store().get(key)
    if generation is None:  # first request, or lost: start a new one, so nothing older is trusted
        generation = renew(key)
    return generation


def renew(key: str) -> str:
    generation = str(time.time_ns())
    store().set(key, generation, timeout=None)
    return generation


def pending(callback: Callable[[], object]) -> bool:
    """Whether ``callback`` already waits for the open transaction to commit (a change in it came before)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(entry[1] is callback for entry in connection.run_on_commit)


def on_commit_once(callback: Callable[[], object]) -> None:
    """``callback`` once the current transaction commits, however many changes in it ask for it (an import
    saves hundreds of rows). Django keeps pending callbacks as (savepoint ids, function, robust) tuples."""
    if not pending(callback):
        transaction.on_commit(callback)
