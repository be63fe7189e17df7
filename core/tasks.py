"""Wagtail's background tasks, run in the request as before, or each once at the end of a batch of saves.

Every save of a page, image or snippet asks Wagtail to update its search index and its reference
index for that object (``django_tasks``' immediate backend runs the task there and then). An import
saves each paper several times (the page, its revision, its publication) and each of its images:
the same object was indexed over and over, a third of an import's time. Inside :func:`each_task_once`
the backend keeps the tasks instead, one per task and arguments, and runs them when the block ends
without an error, still inside the block's transaction; an error discards them with the rest.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id
from modelsearch.backends import get_search_backends
from modelsearch.index import get_indexed_instance

_batches = threading.local()
SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"
REFERENCE_INDEX_TASK = "wagtail.tasks.update_reference_index_task"


class BatchingImmediateBackend(ImmediateBackend):
    """The immediate backend, which inside :func:`each_task_once` runs each distinct task once, at its end."""

    def enqueue(self, task, args, kwargs) -> TaskResult:
        batch: dict[tuple, TaskResult] | None = getattr(_batches, "current", None)
        if batch is None:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        key = (self.alias, task.module_path, repr(args), repr(sorted(kwargs.items())))
        if key not in batch:
            batch[key] = TaskResult(
                task=task, id=get_random_id(), status=TaskResultStatus.READY, enqueued_at=None, started_at=None,
                last_attempted_at=None, finished_at=None, args=args, kwargs=kwargs, backend=self.alias, errors=[],
                worker_ids=[],
            )  # fmt: skip
        return batch[key]


def in_batch() -> bool:
    """Whether this thread is inside :func:`each_task_once` (an import's saves)."""
    return getattr(_batches, "current", None) is not None


@contextmanager
def each_task_once() -> Iterator[None]:
    """Tasks enqueued in the block (by this thread) run once each when it ends without an error.

    A block inside another is part of the outer one.
    """
    if getattr(_batches, "current", None) is not None:
        yield
        return
    batch: dict[tuple, TaskResult] = {}
    _batches.current = batch
    try:
        yield
    finally:
        del _batches.current
    searchable: dict[tuple[str, str], list[Any]] = defaultdict(list)
    remaining = _still_there(batch.values())
    for result in batch.values():  # no longer batched: what a task enqueues in turn runs at once
        if result.task.module_path == SEARCH_INDEX_TASK:
            app_label, model_name, pk = result.args
            searchable[app_label, model_name].append(pk)
            continue
        if result.task.module_path == REFERENCE_INDEX_TASK and tuple(result.args) not in remaining:
            continue  # deleted later in the block (a paper's links replaced): its references went with it
        backend: Any = task_backends[result.backend]
        backend._execute_task(result)
    for (app_label, model_name), keys in searchable.items():
        index_together(apps.get_model(app_label, model_name), keys)


def _still_there(results: Any) -> set[tuple[str, str, str]]:
    """The objects the reference-index tasks of a batch name that are still in the database.

    Run at once, each task found its object; kept to the end of the block, it may name one deleted since, and
    Wagtail's task fails on it with a traceback (an import replaces the links of a paper the page lists twice).
    """
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for result in results:
        if result.task.module_path == REFERENCE_INDEX_TASK:
            app_label, model_name, pk = result.args
            named[app_label, model_name].add(str(pk))
    found = set()
    for (app_label, model_name), keys in named.items():
        existing = apps.get_model(app_label, model_name)._default_manager.filter(pk__in=keys)
        found |= {(app_label, model_name, str(pk)) for pk in existing.values_list("pk", flat=True)}
    return found


def index_together(model: Any, keys: list[Any]) -> None:
    """The search index brought up to date for these objects of ``model`` in one write per backend, as
    ``update_index`` does: added one at a time, each object cost six queries, two of them over the whole index."""
    instances = [
        indexed
        for instance in model.get_indexed_objects().filter(pk__in=keys)
        if (indexed := get_indexed_instance(instance, check_exists=False)) is not None
    ]
    by_model: dict[Any, list[Any]] = defaultdict(list)
    for instance in instances:  # a page is indexed as its own type
        by_model[type(instance)].append(instance)
    for backend in get_search_backends(with_auto_update=True):
        for indexed_model, objects in by_model.items():
            backend.add_bulk(indexed_model, objects)
