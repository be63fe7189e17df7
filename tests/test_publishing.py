"""core.publishing: a page or snippet published in one step is in the state Wagtail's own publish leaves it in."""

import datetime

import pytest
from django.test import Client
from wagtail.models import PageLogEntry, Revision
from wagtail.signals import page_published, published

from core.publishing import publish
from homepage.site_tree import ensure_homepage
from news.models import NewsIndexPage, NewsItem
from publications.models import PublicationIndexPage, PublicationPage

pytestmark = pytest.mark.django_db

# What publishing sets; the rest (ids, paths, times, the revisions' own ids) differs between any two pages.
STATE = ("live", "has_unpublished_changes", "expired", "locked", "draft_title", "title", "url_path")


def state(page) -> dict:
    page.refresh_from_db()
    return {
        **{name: getattr(page, name) for name in STATE},
        "first published": page.first_published_at is not None,
        "last published": page.last_published_at == page.first_published_at,
        "live revision is the latest": page.live_revision_id == page.latest_revision_id is not None,
        "revisions": Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        "log": list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)),
        "revision shows": page.live_revision.as_object().title,
    }


def signals_sent():
    sent = []

    def note(sender, instance, **kwargs):
        sent.append((kwargs["signal"], instance.pk, kwargs["revision"].pk))

    page_published.connect(note, weak=False)
    published.connect(note, weak=False)
    return sent, lambda: (page_published.disconnect(note), published.disconnect(note))


def test_a_new_page_is_in_the_state_wagtails_publish_leaves_it_in():
    home, _, _ = ensure_homepage()
    index = PublicationIndexPage.ensure_under(home)
    by_wagtail = index.add_child(instance=PublicationPage(title="Paper", slug="paper", date=datetime.date(2024, 1, 1)))
    by_wagtail.save_revision().publish()
    sent, disconnect = signals_sent()
    ours = index.add_child(instance=PublicationPage(title="Paper", slug="paper-2", date=datetime.date(2024, 1, 1)))
    try:
        revision = publish(ours, clean=False, saved=True)
    finally:
        disconnect()

    expected = {**state(by_wagtail), "url_path": ours.url_path}
    assert state(ours) == expected
    assert (
        expected["live"]
        and sorted(expected["log"]) == ["wagtail.create", "wagtail.publish"]
        and expected["revisions"] == 1
    )
    assert sent == [(page_published, ours.pk, revision.pk), (published, ours.pk, revision.pk)]
    assert Client().get(ours.url).status_code == 200


def test_what_was_changed_in_memory_is_written_and_in_the_revision():
    home, _, created = ensure_homepage()
    assert created and not home.live
    home.title = "Ada Lovelace"
    home.seo_title = "Ada"

    publish(home)

    home.refresh_from_db()
    assert (home.live, home.title, home.seo_title, home.draft_title) == (True, "Ada Lovelace", "Ada", "Ada Lovelace")
    assert home.live_revision.as_object().seo_title == "Ada"


def test_an_index_made_with_the_site_tree_is_live_and_served():
    home, _, _ = ensure_homepage()
    publish(home)
    news = NewsIndexPage.ensure_under(home)
    publications = PublicationIndexPage.ensure_under(home)
    for page in (news, publications):
        assert state(page)["live revision is the latest"] and page.live and not page.has_unpublished_changes
        assert Client().get(page.url).status_code == 200


def test_a_new_snippet_is_published_with_its_one_revision():
    item = NewsItem(date=datetime.date(2024, 5, 1), text="Paper accepted", live=False)
    item.save()
    sent, disconnect = signals_sent()
    try:
        revision = publish(item, clean=False, saved=True)
    finally:
        disconnect()

    item.refresh_from_db()
    assert item.live and not item.has_unpublished_changes and item.first_published_at
    assert item.live_revision_id == item.latest_revision_id == revision.pk
    assert item.revisions.count() == 1
    assert sent == [(published, item.pk, revision.pk)]


def test_a_page_published_before_is_published_by_wagtail_with_its_history():
    home, _, _ = ensure_homepage()
    index = PublicationIndexPage.ensure_under(home)
    page = index.add_child(instance=PublicationPage(title="Draft title", slug="paper", date=datetime.date(2024, 1, 1)))
    publish(page, clean=False, saved=True)
    page.title = "Final title"

    publish(page)

    page.refresh_from_db()
    assert page.title == "Final title" and page.live_revision.as_object().title == "Final title"
    assert page.revisions.count() == 2
    assert PageLogEntry.objects.filter(page=page, action="wagtail.rename").exists()  # as Wagtail logs a new title


def test_an_unsaved_object_is_refused():
    with pytest.raises(ValueError, match="not saved"):
        publish(NewsItem(date=datetime.date(2024, 5, 1), text="Paper accepted"))
