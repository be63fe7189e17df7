"""Wagtail's background tasks, run in the request as before, or each once at the end of a batch of saves.

Every save of a page, image or snippet asks Wagtail to update its search index and its reference
index for that object (``django_tasks``' immediate backend runs the task there and then). An import
saves each paper several times (the page, its revision, its publication) and each of its images:
the same object was indexed over and over, a third of an import's time. Inside :func:`each_task_once`
the backend keeps the tasks instead, one per task and arguments, and runs them when the block ends
without an error, still inside the block's transaction; an error discards them with the rest. A paper's
links, badges and listings each ask for the reference index too, which Wagtail's task then updates for the
paper they belong to: at the end of a block the paper's is updated once, not once for each of them.
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
from modelcluster.fields import ParentalKey
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
    owners = _owners_named(batch.values())
    updated = set()
    for result in batch.values():  # no longer batched: what a task enqueues in turn runs at once
        if result.task.module_path == SEARCH_INDEX_TASK:
            app_label, model_name, pk = result.args
            searchable[app_label, model_name].append(pk)
            continue
        if result.task.module_path == REFERENCE_INDEX_TASK:
            owner = owners.get(_named(result))
            if owner is None or owner in updated:
                continue  # deleted later in the block (a paper's links replaced), or its paper's index is done
            updated.add(owner)
        backend: Any = task_backends[result.backend]
        backend._execute_task(result)
    for (app_label, model_name), keys in searchable.items():
        index_together(apps.get_model(app_label, model_name), keys)


def _named(result: TaskResult) -> tuple[str, str, str]:
    app_label, model_name, pk = result.args
    return app_label, model_name.lower(), str(pk)


def _owners_named(results: Any) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """For each object the reference-index tasks of a batch name, the object whose references Wagtail's task
    records (:func:`_owners`); an object deleted later in the block has none. Run at once, each task found its
    object; kept to the end, Wagtail's task fails on one deleted since, with a traceback (an import replaces the
    links of a paper the page lists twice)."""
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for result in results:
        if result.task.module_path == REFERENCE_INDEX_TASK:
            app_label, model_name, pk = _named(result)
            named[app_label, model_name].add(pk)
    owners = {}
    for (app_label, model_name), keys in named.items():
        for pk, owner in _owners(apps.get_model(app_label, model_name), keys).items():
            owners[app_label, model_name, pk] = owner
    return owners


def _owners(model: Any, keys: set[str]) -> dict[str, tuple[str, str, str]]:
    """For each of ``keys`` still in the database, the object Wagtail's task updates the reference index of: the
    object itself or, up its ``ParentalKey`` as far as such keys go, the one it belongs to (a link's paper)."""
    parental = next((field for field in model._meta.get_fields() if isinstance(field, ParentalKey)), None)
    rows = model._default_manager.filter(pk__in=keys)
    if parental is None:
        meta = model._meta
        return {str(pk): (meta.app_label, meta.model_name, str(pk)) for pk in rows.values_list("pk", flat=True)}
    parents = {str(pk): str(parent) for pk, parent in rows.values_list("pk", parental.attname) if parent is not None}
    above = _owners(parental.related_model, set(parents.values()))  # belonging to none, it records nothing
    return {pk: above[parent] for pk, parent in parents.items() if parent in above}


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
