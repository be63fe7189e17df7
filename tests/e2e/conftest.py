"""Real-browser fixtures: Debian's Chromium driven by Playwright against ``live_server``.

No browser is ever downloaded: the tests use /usr/bin/chromium and skip when it
is missing. The browser may talk to the live server only; any other request
(Gravatar avatars in the admin, say) is aborted, so a run never uses the network.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

# Playwright's sync API keeps an asyncio event loop running in this thread, and
# Django refuses ORM calls from a thread with a running loop unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
DEFAULT_TIMEOUT_MS = 15_000

expect.set_options(timeout=DEFAULT_TIMEOUT_MS)

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "correct horse battery"  # noqa: S105 - the test user of tests/conftest.py


@pytest.fixture(scope="session")
def migrated_rows_snapshot(browser, django_db_setup, django_db_blocker) -> None:
    """Let serialized rollback work once Playwright runs.

    ``live_server`` needs ``transactional_db``, which empties every table after
    each test, taking the rows migrations created (Wagtail's root page, default
    site, root collection, locale) with it. Serialized rollback puts them back;
    Django keeps that snapshot on the connection object. But once Playwright's
    sync API has started, this thread has a running event loop, and asgiref then
    hands Django another, context-local set of connections, without the snapshot
    taken when the test database was created. Take it again, on the connection
    the tests now use, while the database still holds just the migrated rows.
    """
    from django.db import connection

    if hasattr(connection, "_test_serialized_contents"):
        return
    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
    if '"wagtailcore.page"' not in snapshot:
        pytest.fail("the test database has no Wagtail root page: did an earlier test empty it?")
    connection._test_serialized_contents = snapshot


@pytest.fixture(autouse=True)
def _serialized_rollback(migrated_rows_snapshot, django_db_serialized_rollback) -> None:
    """Each e2e test starts from the migrated database and gives it back as it found it."""


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        pytest.skip(f"end-to-end tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open fresh pages (own cookies, given viewport) that can reach only the live server."""
    allowed_origin = urlsplit(live_server.url)._replace(path="", query="", fragment="").geturl()
    contexts = []

    def keep_offline(route):
        url = route.request.url
        if url.startswith(allowed_origin) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            route.abort()

    def open_page(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.route("**/*", keep_offline)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page."""
    return new_page()


@pytest.fixture
def admin_page(page, admin_user):
    """A page signed in to the Wagtail admin as the superuser, through the login form."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(ADMIN_USERNAME)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


@pytest.fixture
def screenshot():
    """Save what the browser shows to test-artifacts/e2e/<name>.png."""

    def save(page, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
