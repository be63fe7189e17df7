"""In a real browser: the Content-Security-Policy blocks nothing the site itself needs, and does block injected code.

Every violation Chromium reports (a ``securitypolicyviolation`` event in any
frame, or a "Content Security Policy" console error) fails the test, on the
public pages a visitor sees and in the admin flows the owner goes through.
"""

from __future__ import annotations

import re
import time
from io import BytesIO

import pytest
from PIL import Image as PILImage
from playwright.sync_api import Page, expect

from homepage.models import HomePage
from news.models import NewsItem
from profile_site.models import ProfileSettings
from publications.models import PublicationPage
from tests.e2e.conftest import ADMIN_PASSWORD, ADMIN_USERNAME, settle, wait_for_editor_start

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}` +
      ` (${event.sourceFile || "the page"}:${event.lineNumber}) ${event.sample}`
  );
});
"""


@pytest.fixture
def watched_page(new_page) -> tuple[Page, list[str]]:
    """A page that records every CSP violation of its frames, as the browser describes it."""
    page = new_page()
    violations: list[str] = []
    page.context.expose_binding("reportCspViolation", lambda _source, text: violations.append(text))
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return page, violations


def sign_in(page: Page) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(ADMIN_USERNAME)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def settle_all(page: Page) -> None:
    """Let every request finish, scroll to the end so lazy images load, and let those finish."""
    settle(page)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    settle(page)


def settle_preview(page: Page) -> None:
    """Let the preview panel's page finish loading, images included.

    Not "networkidle": the open panel keeps checking the form for changes and may
    post it again, so on a slow machine the network need never be quiet for long.
    """
    page.wait_for_function(
        """() => {
          const frame = document.querySelector("#w-preview-iframe");
          const doc = frame && frame.contentDocument;
          return doc && doc.readyState === "complete" &&
            [...doc.images].every((image) => image.complete || image.loading === "lazy");
        }"""
    )


def png_bytes() -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (640, 360), "#336699").save(buffer, "PNG")
    return buffer.getvalue()


def test_public_pages_break_no_rule(transactional_db, imported_demo, watched_page, screenshot):
    page, violations = watched_page
    publication = PublicationPage.objects.live().first()
    for path in ["/", "/publications/", publication.url, "/news/", "/cv/", "/no-such-page/"]:
        response = page.goto(path)
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "nonce-" not in policy
        assert "frame-ancestors 'none'" in policy and "googletagmanager" not in policy
        settle_all(page)
    # What the scripts do after loading: switch the theme, show the guarded email as a link.
    page.goto("/")
    page.locator(".theme-toggle").click()
    expect(page.locator("html")).to_have_attribute("data-theme", re.compile("^(dark|light)$"))
    settle_all(page)
    screenshot(page, "csp_homepage")
    assert violations == []


def test_analytics_origins_allowed_only_when_the_owner_sets_an_id(transactional_db, imported_demo, watched_page):
    """gtag.js comes from Google's origin: allowed by the policy (the test harness then aborts the request)."""
    page, violations = watched_page
    profile = ProfileSettings.objects.get()
    profile.analytics_id = "G-TEST12345"
    profile.save()
    for _ in range(2):  # rendered, then from the page cache: the same policy both times
        response = page.goto("/")
        assert "script-src 'self' https://*.googletagmanager.com" in response.headers["content-security-policy"]
        settle_all(page)
    expect(page.locator("script[src^='https://www.googletagmanager.com/gtag/js']")).to_be_attached()
    assert violations == []


def test_owner_signed_in_on_the_public_site_breaks_no_rule(transactional_db, imported_demo, admin_user, watched_page):
    """The Wagtail user bar, shown to a signed-in editor, lives under the public policy."""
    page, violations = watched_page
    sign_in(page)
    page.goto("/")
    settle_all(page)
    page.locator("wagtail-userbar").get_by_role("button").first.click()
    settle(page)
    assert violations == []


def test_admin_flows_break_no_rule(transactional_db, imported_demo, admin_user, watched_page, screenshot):
    page, violations = watched_page
    sign_in(page)
    dashboard = page.goto("/admin/")
    policy = dashboard.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "frame-ancestors 'self'" in policy
    settle_all(page)

    # Uploading an image (its thumbnail is a blob: URL), then its focal point editor (Jcrop).
    page.goto("/admin/images/multiple/add/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "figure.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    expect(page.locator("#upload-list .upload-success")).to_have_count(1)
    settle_all(page)
    page.goto("/admin/images/")
    page.get_by_role("link", name="figure").first.click()
    expect(page.locator(".focal-point-chooser")).to_be_visible()
    settle_all(page)

    # The homepage in the page editor, with the preview panel framing the page.
    page.goto(f"/admin/pages/{HomePage.objects.get().pk}/edit/")
    settle_all(page)
    page.locator("[data-side-panel-toggle='preview']").click()
    expect(page.frame_locator("#w-preview-iframe").locator(".masthead")).to_be_visible()
    settle_preview(page)
    screenshot(page, "csp_page_editor_preview", full_page=False)

    # A publication: inline panels (authors, links, badges), a date field, tag suggestions,
    # an image chooser and its upload tab.
    publication = PublicationPage.objects.live().first()
    publication.tags.add("efficient-llms")
    page.goto(f"/admin/pages/{publication.pk}/edit/")
    settle_all(page)
    page.get_by_role("button", name="Add Author").click()
    page.locator("ul.tagit input").first.press_sequentially("effic")
    expect(page.locator(".ui-menu-item")).to_have_text("efficient-llms")
    page.locator("[aria-describedby='id_teaser_image-title']").click()
    page.get_by_role("button", name="Change image").click()
    page.get_by_role("tab", name="Upload").click()
    expect(page.get_by_label("File*")).to_be_visible()
    settle_all(page)
    page.keyboard.press("Escape")

    # The markdown editor's live preview (math included) and the date picker, on a news item.
    page.goto(f"/admin/snippets/news/newsitem/edit/{NewsItem.objects.first().pk}/")
    editor = page.locator("textarea.markdownx-editor[name=text]")
    wait_for_editor_start(page, editor)
    with page.expect_response(lambda response: "/admin/markdownx/markdownify/" in response.url):
        editor.fill("Math $E=mc^2$ and **bold** text")
    expect(page.locator(".markdownx-preview strong")).to_have_text("bold")
    expect(page.locator(".markdownx-preview math")).to_be_attached()
    page.locator("#id_date").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    settle_all(page)
    screenshot(page, "csp_news_editor", full_page=False)
    assert violations == []


def wait_for_violation(page: Page, violations: list[str], seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not violations and time.monotonic() < deadline:
        page.wait_for_timeout(50)


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_injected_inline_script_is_refused(transactional_db, imported_demo, watched_page, path):
    """Script added to a page the way an XSS would add it does not run, and the refusal is reported."""
    page, violations = watched_page
    page.goto(path)
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
    }"""
    )
    wait_for_violation(page, violations)
    assert page.evaluate("window.injected") is None
    assert any("script-src" in violation for violation in violations)
