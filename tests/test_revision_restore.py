"""Every published state of the homepage can be brought back exactly as visitors saw it.

The owner edits the about text, the sections (renamed, reordered, hidden, added,
removed) and the title over many revisions; reverting to any of them must show
the page that was published then, byte for byte, so nothing on a public page
may depend on the clock, the request or the order things happened in.
"""

from __future__ import annotations

import copy

import pytest
from wagtail.models import Revision

from homepage.models import HomePage

pytestmark = pytest.mark.django_db

STATES = 20


def homepage_html(client) -> bytes:
    response = client.get("/")
    assert response.status_code == 200
    return response.content


def section(sections: list[dict], block_type: str) -> dict:
    return next(child for child in sections if child["type"] == block_type)


def edit(home: HomePage, number: int) -> None:
    """The owner's ``number``-th change: a different about text, title and arrangement of sections every time."""
    home.title = f"Home, take {number}"
    home.about = (
        f"Revision {number} of the about text, with **bold {number}** and [a link](https://example.org/{number})."
    )
    if number % 4 == 1:
        home.about += f"\n\n- interest {number}\n- energy $E=mc^{number}$"
    home.search_description = f"Search description {number}" if number % 3 == 0 else ""

    sections = copy.deepcopy(list(home.sections.raw_data))
    news = section(sections, "news")
    news["value"]["title"] = f"News {number}" if number % 2 else "News"
    news["value"]["count"] = 1 + number % 6
    news["value"]["emoji"] = "🔥" if number % 5 else ""
    section(sections, "publications")["value"]["show_others"] = number % 3 != 1
    section(sections, "education")["value"]["visible"] = number % 4 != 2
    section(sections, "honors")["value"]["note"] = f"Full list on *request* ({number})." if number % 2 == 0 else ""
    sections = [child for child in sections if child["type"] != "markdown"]
    if number % 3 == 2:
        body = f"Free text {number}: reviewing for ACL, EMNLP."
        sections.insert(1, {"type": "markdown", "value": {"title": f"Service {number}", "emoji": "", "body": body}})
    if number % 2:  # publications before news
        sections.sort(key=lambda child: {"publications": 0, "news": 1}.get(child["type"], -1))
    home.sections = sections


def test_reverting_to_any_of_twenty_published_revisions_shows_that_page_again(client, settings, imported_demo):
    settings.PAGE_CACHE_SECONDS = 0
    published: list[tuple[int, bytes]] = []
    for number in range(STATES):
        home = HomePage.objects.get()
        edit(home, number)
        revision = home.save_revision()
        revision.publish()
        published.append((revision.pk, homepage_html(client)))
    assert len({html for _, html in published}) == STATES  # every state looks different to a visitor

    # Back and forth through history, so each revert starts from a different page than the one it restores.
    for number in sorted(range(STATES), key=lambda n: (n * 7) % STATES):
        revision_id, html_then = published[number]
        Revision.page_revisions.get(pk=revision_id).as_object().save_revision().publish()
        html_now = homepage_html(client)
        assert html_now == html_then, f"revision {number} does not render as it did when it was published"

    assert Revision.page_revisions.filter(object_id=str(HomePage.objects.get().pk)).count() >= 2 * STATES


def test_the_footer_carries_no_date(client, imported_demo):
    """A year from the clock would make last year's cached page, export or revision differ from today's."""
    footer = homepage_html(client).split(b'<footer class="site-footer">', 1)[1].split(b"</footer>", 1)[0]
    assert footer.decode().split() == ["<p>©", "Zhuoshi", "Pan</p>"]
