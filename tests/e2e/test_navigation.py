"""The top navigation in Chromium: every section of the homepage one choice away at 320 to 1280 px,
with and without JavaScript, by touch and by keyboard, on every public page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

WIDTHS = (320, 375, 768, 1280)


def section_links(page: Page) -> list[tuple[str, str]]:
    """(title, anchor) of every section the homepage shows, read from its headings."""
    return page.locator("main section[id]").evaluate_all(
        "sections => sections.map((s) => [(s.querySelector('h2')?.lastChild.textContent"
        " || s.getAttribute('aria-label')).trim(), s.id])"
    )


def reach(page: Page, title: str) -> int:
    """Follow the navigation to a section; return the taps it took."""
    in_bar = page.locator(".masthead__links a", has_text=title)
    if in_bar.count() and in_bar.first.is_visible():
        in_bar.first.click()
        return 1
    if not page.locator("details.masthead__menu[open]").count():  # without script, it stays open after a choice
        page.locator("summary.masthead__menu-button").click()
    page.locator(".masthead__menu-links a", has_text=title).click()
    return 2


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_every_section_is_one_choice_away_at_every_width(transactional_db, imported_demo, new_page, live_server,
                                                          javascript):  # fmt: skip
    from wagtail.models import Site

    from profile_site.models import ProfileSettings

    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    profile.site_title = "Zhuoshi Pan's Academic Homepage"
    profile.save()
    for width in WIDTHS:
        page = new_page(width=width, height=700, javascript=javascript)
        page.goto("/")
        sections = section_links(page)
        assert len(sections) >= 5
        for title, anchor in sections:
            taps = reach(page, title)
            assert taps <= 2, (width, title)
            expect(page).to_have_url(f"{live_server.url}/#{anchor}")
            # Nothing in the bar is cut off: each link shown there is wholly inside it.
            for box in page.locator(".masthead__links a:visible").evaluate_all(
                "links => links.map((a) => [a.getBoundingClientRect().right,"
                " a.closest('nav').getBoundingClientRect().right])"
            ):
                assert box[0] <= box[1], (width, box)
        # The menu button and the theme toggle stay whole on the screen, even beside a long site title.
        for control in (".masthead__menu-button", ".theme-toggle"):
            box = page.locator(control).bounding_box() if page.locator(control).is_visible() else None
            assert box is None or box["x"] + box["width"] <= width, (width, control, box)
        if javascript and width <= 375:  # the bar keeps what fits and the rest is under "More" or "Menu"
            expect(page.locator("summary.masthead__menu-button")).to_be_visible()
        if javascript and width == 1280:  # everything fits: no menu button
            expect(page.locator(".masthead__menu")).to_be_hidden()
        page.context.close()


def test_the_phone_menu_works_from_the_keyboard_and_closes_with_escape(transactional_db, imported_demo, new_page):
    page = new_page(width=320)
    page.goto("/")
    button = page.locator("summary.masthead__menu-button")
    button.focus()
    page.keyboard.press("Enter")
    links = page.locator(".masthead__menu-links a:visible")
    expect(links.first).to_be_visible()
    page.keyboard.press("Escape")
    expect(links.first).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    target = links.first.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))  # the browser moves there in its own time
    expect(links.first).to_be_hidden()  # choosing a section closes the list


@pytest.mark.parametrize("path", ["/publications/", "/news/", "paper"])
def test_other_pages_have_the_same_navigation_leading_back_to_the_homepage(transactional_db, imported_demo, new_page,
                                                                          live_server, path):  # fmt: skip
    from publications.models import PublicationPage

    page = new_page(width=1280)
    page.goto("/")
    on_home = page.locator(".masthead__links a").evaluate_all("links => links.map((a) => a.textContent)")
    page.goto(PublicationPage.objects.live().first().url if path == "paper" else path)
    links = page.locator(".masthead__links a")
    assert links.evaluate_all("links => links.map((a) => a.textContent)") == on_home
    links.nth(1).click()
    anchor = page.url.removeprefix(f"{live_server.url}/#")
    assert anchor != page.url
    expect(page.locator(f"[id='{anchor}']")).to_be_in_viewport()
