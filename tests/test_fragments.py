"""Paper boxes rendered once per change of their paper (publications/fragments.py, serving/fragments.py).

A publish must not make the next visitor wait for every box again: only what changed is rendered
anew, and what it shows is always what the database says.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from metrics.models import Kind, Metric
from news.models import NewsItem
from publications import fragments
from publications.models import PublicationIndexPage, PublicationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The papers whose fragments were rendered, in order."""
    made: list[str] = []
    original = fragments.render_to_string

    def counting(template, context):
        made.append(context["publication"].title)
        return original(template, context)

    monkeypatch.setattr(fragments, "render_to_string", counting)
    return made


def homepage(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def publish(page, **changes) -> None:
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_second_view_renders_no_box_and_shows_the_same_page(client, imported_demo, renders):
    first = homepage(client)
    featured = PublicationPage.objects.live().filter(featured=True).count()
    assert len(renders) == PublicationPage.objects.live().count() and featured
    assert first.count('class="paper-box"') == featured
    renders.clear()
    assert homepage(client) == first
    assert renders == []


def test_publishing_one_paper_renders_that_paper_only(client, imported_demo, renders):
    homepage(client)
    paper = PublicationPage.objects.live().filter(featured=True).first()
    publish(paper, title="A Retitled Paper", badge_text="NEW 2026")
    renders.clear()
    page = homepage(client)
    assert renders == ["A Retitled Paper"]
    assert "A Retitled Paper" in page and "NEW 2026" in page


def test_news_and_the_about_text_leave_every_box_as_it_was(client, imported_demo, renders):
    homepage(client)
    renders.clear()
    NewsItem.objects.create(date=datetime.date(2026, 12, 1), text="A new item.", live=True)
    publish(imported_demo, about="New about text.")
    page = homepage(client)
    assert renders == []
    assert "A new item." in page and "New about text." in page


def test_a_paper_saved_without_a_revision_is_rendered_again(client, imported_demo, renders):
    homepage(client)
    paper = PublicationPage.objects.live().first()
    paper.title = "Changed Straight In The Row"
    paper.save()
    renders.clear()
    assert "Changed Straight In The Row" in homepage(client)
    assert renders == ["Changed Straight In The Row"]


def test_what_a_box_shows_from_elsewhere_renews_every_box(client, imported_demo, renders):
    """A citation count is not the paper's: a changed metric starts a new fragment generation."""
    homepage(client)
    paper = PublicationPage.objects.live().filter(featured=True).first()
    Metric.objects.create(kind=Kind.PAPER_CITATIONS, publication=paper, manual_value=4321, manual_set_at=timezone.now())
    renders.clear()
    page = homepage(client)
    assert len(renders) == PublicationPage.objects.live().count()
    assert "4,321" in page


def test_an_unpublished_paper_leaves_the_homepage(client, imported_demo):
    homepage(client)
    paper = PublicationPage.objects.live().filter(featured=True).first()
    paper.unpublish()
    assert paper.title not in homepage(client)


def test_a_moved_listing_moves_every_paper_address(client, imported_demo, renders):
    homepage(client)
    index = PublicationIndexPage.objects.get()
    publish(index, slug="papers")
    renders.clear()
    page = homepage(client)
    assert len(renders) == PublicationPage.objects.live().count()  # their addresses are in their fragments
    assert "/publications/" not in page.replace('href="/publications/"', "")
    assert "/papers/" in page
