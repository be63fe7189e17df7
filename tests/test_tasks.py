"""Wagtail's indexing tasks: at once outside an import, once per object at the end of one (core/tasks.py)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task_backends
from django_tasks.signals import task_finished
from wagtail.documents import get_document_model
from wagtail.models import ReferenceIndex

from core.tasks import each_task_once
from core.uncommitted_files import import_transaction
from homepage.site_tree import ensure_homepage
from publications.models import PublicationIndexPage, PublicationLink, PublicationPage
from publications.records import PaperRecord
from publications.upsert import upsert_publication
from tests.helpers import make_image

pytestmark = [pytest.mark.django_db, pytest.mark.indexes]


@pytest.fixture
def finished():
    """The tasks that ran, in order: (name, arguments)."""
    names: list[tuple[str, tuple]] = []

    def note(sender, task_result, **kwargs):
        names.append((task_result.task.name, tuple(task_result.args)))

    task_finished.connect(note, weak=False)
    yield names
    task_finished.disconnect(note)


def paper(title: str) -> PublicationPage:
    home, _, _ = ensure_homepage()
    index = PublicationIndexPage.ensure_under(home)
    return upsert_publication(PaperRecord(title=title), index=index, is_owner=lambda name: False).page


def test_outside_a_batch_each_save_indexes_at_once(finished):
    saved = paper("Indexed at once")
    assert ("insert_or_update_object_task", ("publications", "publicationpage", str(saved.pk))) in finished
    assert PublicationPage.objects.search("Indexed at once").count() == 1  # searchable before anything ends
    assert saved.pk


def test_in_a_batch_each_object_is_indexed_once_when_the_block_ends(finished):
    with each_task_once():
        saved = paper("Saved three times")
        saved.save_revision().publish()
        saved.save_revision().publish()
        assert finished == []
    this_page = ("publications", "publicationpage", str(saved.pk))
    assert finished.count(("update_reference_index_task", this_page)) == 1
    assert len(finished) == len(set(finished))
    assert PublicationPage.objects.search("Saved three times").count() == 1


def test_in_a_batch_the_search_index_is_written_once_for_all_objects_of_a_kind(finished):
    """Added one at a time, each object cost six queries, two of them over the whole index; the batch adds all
    the objects of a kind together, each indexed as its own type (a page as a publication)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.search.models import IndexEntry

    paper("Made before, with the homepage and the publications page")
    finished.clear()
    with CaptureQueriesContext(connection) as queries, each_task_once():
        saved = [paper(f"Batched paper {number}") for number in range(6)]
        first = len(queries)
    over_the_index = [query for query in queries[first:] if "AVG(LENGTH" in query["sql"]]
    assert len(over_the_index) == 1
    assert not any(name == "insert_or_update_object_task" for name, _ in finished)
    assert PublicationPage.objects.search("Batched paper").count() == 6
    entries = IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in saved])
    assert entries.count() == 6  # one each, of the page's own type
    assert {entry.content_type.model for entry in entries} == {"publicationpage"}


def test_a_batch_that_fails_runs_nothing(finished):
    with pytest.raises(RuntimeError), import_transaction():
        paper("Never saved")
        raise RuntimeError("the import failed")
    assert finished == []
    assert not PublicationPage.objects.filter(title="Never saved").exists()


def test_an_import_indexes_every_page_it_made_and_a_dry_run_indexes_none(finished):
    with import_transaction(dry_run=True):
        paper("Only tried")
    assert finished == []
    with import_transaction():
        paper("Kept and indexed")
        paper("Also kept")
    assert PublicationPage.objects.search("Kept and indexed").count() == 1
    assert PublicationPage.objects.search("Also kept").count() == 1


def test_the_site_uses_the_batching_backend():
    assert type(task_backends["default"]).__name__ == "BatchingImmediateBackend"
    with transaction.atomic():  # a plain transaction is no batch: tasks run at once there too
        paper("In a transaction")
    assert PublicationPage.objects.search("In a transaction").count() == 1


def test_in_a_batch_an_object_deleted_before_the_block_ends_is_not_indexed_and_nothing_fails(finished, caplog):
    """A paper the page lists twice has its links replaced by the second listing: the first links' tasks, kept
    to the end of the import, named rows gone by then, and Wagtail's task failed on each with a traceback."""
    with each_task_once():
        saved = paper("Listed twice")
        saved.links = [PublicationLink(kind="paper", url="https://example.org/first")]
        saved.save()
        first = saved.links.get().pk
        saved.links = [PublicationLink(kind="paper", url="https://example.org/second")]
        saved.save()
    assert not [record for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]
    assert ("update_reference_index_task", ("publications", "publicationlink", str(first))) not in finished
    assert finished.count(("update_reference_index_task", ("publications", "publicationpage", str(saved.pk)))) == 1


def test_in_a_batch_a_papers_links_update_its_reference_index_once_and_as_at_once(finished):
    """Each of a paper's links asks for the reference index, which Wagtail's task updates for the paper it belongs
    to: an import of 20 papers with two links each updated each paper's three times. Once now, the same rows."""
    figure = make_image("figure", (10, 10))
    pdf = get_document_model().objects.create(title="Paper", file=ContentFile(b"%PDF-1.4 x", name="paper.pdf"))

    def with_links(title: str) -> PublicationPage:
        saved = paper(title)
        saved.teaser_image = figure
        saved.links = [PublicationLink(kind="paper", document=pdf)] + [
            PublicationLink(kind="code", url=f"https://example.org/{number}") for number in range(3)
        ]
        saved.save()
        return saved

    def references(page: PublicationPage) -> list[tuple]:
        rows = ReferenceIndex.objects.filter(object_id=str(page.pk), base_content_type__model="page")
        return sorted(rows.values_list("to_content_type__model", "to_object_id", "model_path"))

    at_once = with_links("Indexed at once")
    finished.clear()
    with each_task_once():
        batched = with_links("Indexed once at the end")
    tasks = [arguments for name, arguments in finished if name == "update_reference_index_task"]
    assert ("publications", "publicationpage", str(batched.pk)) in tasks
    assert not [arguments for arguments in tasks if arguments[1] == "publicationlink"]
    assert len(tasks) == len(set(tasks))
    assert references(batched) == references(at_once)
    assert {model for model, _, _ in references(batched)} == {"image", "document"}
