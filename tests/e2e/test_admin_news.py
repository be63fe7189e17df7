"""In a real browser: write news in the admin's markdown editor, publish it, see it on the homepage.

Run with ``.venv/bin/python -m pytest tests/e2e -q``; screenshots land in test-artifacts/e2e/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_menu, wait_for_editor_start

pytestmark = pytest.mark.e2e

ADD_NEWS_URL = "/admin/snippets/news/newsitem/add/"
PREVIEW_URL = "/admin/markdownx/markdownify/"
HOME_NAV_ANCHORS = ["#about-me", "#-news", "#-publications", "#-honors-and-awards", "#-educations"]


def open_add_news_form(page: Page) -> None:
    """Go from the admin dashboard to an empty news form, the way an editor would."""
    page.get_by_role("link", name="News", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/news/newsitem/$"))
    page.get_by_role("link", name="Add news item").first.click()
    expect(page).to_have_url(re.compile(re.escape(ADD_NEWS_URL) + "$"))
    expect(markdown_editor(page)).to_be_editable()
    wait_for_editor_start(page, markdown_editor(page))


def markdown_editor(page: Page):
    return page.locator("textarea.markdownx-editor[name=text]")


def markdown_preview(page: Page):
    return page.locator(".markdownx-preview")


def type_markdown(page: Page, markdown: str) -> None:
    """Type into the markdownx editor and wait for the server-rendered preview to come back."""
    with page.expect_response(lambda r: PREVIEW_URL in r.url and r.request.method == "POST") as preview_call:
        markdown_editor(page).press_sequentially(markdown)
    assert preview_call.value.ok, f"the markdown preview endpoint answered {preview_call.value.status}"


def publish(page: Page) -> None:
    """Publish from the footer action menu: "Publish" may be the main button or inside "More actions"."""
    publish_button = page.get_by_role("button", name="Publish", exact=True)
    if not publish_button.is_visible():
        open_menu(page.get_by_role("button", name="More actions"))
    publish_button.click()


def test_add_news_item_with_markdown_editor_and_publish(transactional_db, imported_demo, admin_page: Page, screenshot):
    page = admin_page
    open_add_news_form(page)

    # Wagtail's date field is a text input with a pop-up calendar: type the date,
    # then click elsewhere so the calendar closes and keeps what was typed. The
    # calendar opens a moment after the field gets focus; a click before that
    # would leave it open, so wait for it first.
    date_field = page.locator("#id_date")
    date_field.fill("2026-11-01")
    calendar = page.locator(".xdsoft_datetimepicker:visible")
    expect(calendar).to_have_count(1)
    page.get_by_role("heading", name="News item").click()
    expect(calendar).to_have_count(0)
    expect(date_field).to_have_value("2026-11-01")
    page.get_by_label("Shown as").select_option(label="Day")

    type_markdown(page, "Our paper **Deep Homepages** won a [best paper award](https://example.org/award) 🎉")

    # The live preview is the server's sanitised rendering, the same HTML visitors get.
    preview = markdown_preview(page)
    expect(preview.locator("strong")).to_have_text("Deep Homepages")
    expect(preview.get_by_role("link", name="best paper award")).to_have_attribute("href", "https://example.org/award")
    expect(preview).to_contain_text("🎉")
    screenshot(page, "add_news_item_form")

    publish(page)
    # Wagtail's autosave may have saved the new item as a draft while it was typed: then publishing
    # updates it. Either way there is one item, published (seven news items below, not eight).
    expect(page.locator(".messages .success")).to_contain_text(re.compile(r"(created|updated) and published"))
    expect(page).to_have_url(re.compile(r"/admin/snippets/news/newsitem/$"))

    page.goto("/")
    news_items = page.locator("#-news li.dated-entry")
    newest = news_items.first
    expect(newest.locator("time")).to_have_text("2026.11.01")
    expect(newest.locator("time")).to_have_attribute("datetime", "2026-11-01")
    expect(newest.locator("strong")).to_have_text("Deep Homepages")
    expect(newest.get_by_role("link", name="best paper award")).to_have_attribute("href", "https://example.org/award")
    expect(newest).to_contain_text("Our paper Deep Homepages won a best paper award 🎉")
    # The demo's six news items are still there, below the new one.
    expect(news_items).to_have_count(7)
    newest.scroll_into_view_if_needed()
    screenshot(page, "homepage_with_new_news_item")


def test_markdown_preview_sanitises_script(transactional_db, imported_demo, admin_page: Page, screenshot):
    page = admin_page
    dialogs: list[str] = []

    def record_and_dismiss(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record_and_dismiss)
    open_add_news_form(page)

    # A line that starts with <script> is a raw HTML block in CommonMark, so its
    # **ok** stays literal; the second line carries the same payload inline,
    # where the markdown around it is rendered.
    type_markdown(
        page,
        "<script>alert(1)</script><img src=x onerror=alert(1)>**ok**\n\n"
        "Inline: <script>alert(2)</script><img src=y onerror=alert(2)> **ok**",
    )

    preview = markdown_preview(page)
    expect(preview.locator("strong")).to_have_text("ok")
    # The sanitiser keeps the harmless part: the images stay, without their handlers.
    expect(preview.locator("img")).to_have_count(2)
    # Let the broken image finish failing, so an onerror handler, had one survived, would have run.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.markdownx-preview img')].every((img) => img.complete)"
    )
    preview_html = preview.inner_html()
    assert "<script" not in preview_html.lower()
    assert "onerror" not in preview_html.lower()
    assert dialogs == [], f"the preview ran script: {dialogs}"
    screenshot(page, "markdown_preview_sanitised")


def paper_layout(page: Page) -> tuple[dict, dict]:
    first_box = page.locator(".paper-box").first
    image = first_box.locator(".paper-box__image").bounding_box()
    text = first_box.locator(".paper-box__text").bounding_box()
    assert image and text, "the first paper box has no visible image or text"
    return image, text


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_homepage_layout_at_three_widths(transactional_db, imported_demo, new_page, screenshot, width: int):
    page = new_page(width=width, height=900)
    page.goto("/")
    expect(page.locator("#-news")).to_be_visible()
    expect(page.locator(".paper-box")).to_have_count(5)

    # Bring every (lazy-loaded) figure in first, so what is measured is the final layout.
    for figure in page.locator(".paper-box img").all():
        figure.scroll_into_view_if_needed()
        expect(figure).to_have_js_property("complete", True)
        assert figure.evaluate("img => img.naturalWidth") > 0, "a paper figure failed to load"

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"at {width}px the page scrolls sideways by {overflow}px"

    nav_hrefs = page.locator(".masthead__links a").evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    assert nav_hrefs == [*HOME_NAV_ANCHORS, "/cv/"]

    image, text = paper_layout(page)
    if width >= 1280:
        assert image["x"] + image["width"] <= text["x"], "on a wide screen the figure should sit left of the text"
    elif width <= 375:
        assert image["y"] >= text["y"] + text["height"], "on a phone the figure should come below the text"

    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, f"homepage_{width}px")


def test_the_markdown_preview_keeps_bullets_and_stays_beside_a_long_text(
    transactional_db, imported_demo, admin_page: Page
):
    """List bullets were lost in the preview, and under a long text it sat off-screen at the top."""
    page = admin_page
    page.set_viewport_size({"width": 1280, "height": 700})
    open_add_news_form(page)
    lines = "".join(f"Line {number} of a long news item.\n\n" for number in range(40))
    markdown_editor(page).fill(lines)
    type_markdown(page, "- first point\n- second point")
    preview = markdown_preview(page)
    expect(preview.locator("li")).to_have_count(2)
    assert preview.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
    # The caret is at the end of a text taller than the window: the preview is still in view.
    editor_box = markdown_editor(page).bounding_box()
    assert editor_box["height"] > 1200
    page.mouse.wheel(0, editor_box["height"] - 600)
    expect(preview).to_be_in_viewport()


def test_a_section_preview_opened_in_a_wide_window_takes_the_content_column(
    transactional_db, imported_demo, admin_page: Page
):
    """The preview has no sidebar: in the homepage's two columns its section sat in the sidebar's, 15rem wide."""
    from homepage.blocks import HomeSectionsBlock

    page = admin_page
    page.set_viewport_size({"width": 1280, "height": 800})
    publications = HomeSectionsBlock().child_blocks["publications"].definition_prefix
    page.goto(f"/admin/block-preview/?id={publications}")
    content = page.locator("main.content")
    expect(content.locator(".paper-box").first).to_be_visible()
    box = content.bounding_box()
    assert box["width"] >= 700, f"the section preview is {box['width']}px wide in a 1280px window"
