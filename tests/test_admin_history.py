"""The history of a page or an entry: one row per published version, each restorable in one click.

Published versions are made as the editor makes them (a revision saved and logged,
then published), autosaves as the editor's autosave makes them (the session's
revision overwritten), and the history is read as the owner reads it: the rows,
their labels and their links.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.log_actions import LogContext

from homepage.models import HomePage
from news.models import NewsItem

pytestmark = pytest.mark.django_db


def publish(obj, user, **fields):
    """Publish as the editor's Publish button does, in a request of its own."""
    for name, value in fields.items():
        setattr(obj, name, value)
    with LogContext(user=user):
        revision = obj.save_revision(user=user, log_action=True)
        revision.publish(user=user)
    return revision


def autosave(obj, user, session_revision=None, **fields):
    """Save a draft as the editor's autosave does, in a request of its own: the session's revision overwritten."""
    for name, value in fields.items():
        setattr(obj, name, value)
    with LogContext(user=user):
        return obj.save_revision(user=user, log_action=True, overwrite_revision=session_revision)


def history_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    rows = []
    for row in BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr"):
        cell = row.find("td")
        restore = cell.find("a", string="Restore this version")
        rows.append(
            {
                "text": " ".join(cell.get_text(" ", strip=True).split()),
                "restore": restore["href"] if restore else "",
                "more": [link.get_text(strip=True) for link in cell.select("[data-controller='w-dropdown'] a")],
            }
        )
    return rows


def test_each_published_version_is_one_row_with_a_restore_button(client, admin_user, imported_demo):
    client.force_login(admin_user)
    home = HomePage.objects.get()
    first = publish(home, admin_user, title="Home, first")
    second = publish(home, admin_user, title="Home, second")
    third = publish(home, admin_user, title="Home, third")
    url = reverse("wagtailadmin_pages:history", args=[home.pk])

    rows = history_rows(client, url)
    published = [row for row in rows if row["text"].startswith("Published")]
    assert len(published) == 4  # the import's version, then three
    # The drafts saved on the way to each publish are the same versions: not listed twice.
    assert not [row for row in rows if row["text"].startswith("Draft saved")]
    # Newest first: the live one is current (nothing to restore), the two before it restore directly.
    assert "Live version" in published[0]["text"] and not published[0]["restore"]
    revert = "wagtailadmin_pages:revisions_revert"
    assert [row["restore"] for row in published[1:3]] == [
        reverse(revert, args=[home.pk, second.pk]),
        reverse(revert, args=[home.pk, first.pk]),
    ]
    assert "Preview" in published[1]["more"] and "Compare with current version" in published[1]["more"]
    assert third.pk == HomePage.objects.get().live_revision_id

    # Restoring opens the editor with that version's content, ready to publish.
    response = client.get(published[2]["restore"])
    assert response.status_code == 200
    assert b'value="Home, first"' in response.content


def test_autosaves_of_one_session_are_one_draft_row_that_restores(client, admin_user, imported_demo):
    client.force_login(admin_user)
    home = HomePage.objects.get()
    published = publish(home, admin_user, title="Home, published")
    session = autosave(home, admin_user, title="Home, typing")
    for keystrokes in range(5):  # the editor autosaves every half second while the owner types
        autosave(home, admin_user, session, title=f"Home, typing {keystrokes}")

    rows = history_rows(client, reverse("wagtailadmin_pages:history", args=[home.pk]))
    drafts = [row for row in rows if row["text"].startswith("Draft saved")]
    assert len(drafts) == 1 and "Current draft" in drafts[0]["text"] and not drafts[0]["restore"]
    assert "Edit" in drafts[0]["more"]
    live = next(row for row in rows if row["text"].startswith("Published"))
    assert live["restore"] == reverse("wagtailadmin_pages:revisions_revert", args=[home.pk, published.pk])


def test_news_items_have_the_same_history(client, admin_user, imported_demo):
    client.force_login(admin_user)
    item = NewsItem.objects.filter(live=True).first()
    first = publish(item, admin_user, text="First wording.")
    publish(item, admin_user, text="Second wording.")
    url = reverse(NewsItem.snippet_viewset.get_url_name("history"), args=[item.pk])

    published = [row for row in history_rows(client, url) if row["text"].startswith("Published")]
    assert len(published) == 3  # the import's version, then two
    assert not published[0]["restore"]
    assert published[1]["restore"] == reverse(
        NewsItem.snippet_viewset.get_url_name("revisions_revert"), args=[item.pk, first.pk]
    )
    response = client.get(published[1]["restore"])
    assert response.status_code == 200 and b"First wording." in response.content
