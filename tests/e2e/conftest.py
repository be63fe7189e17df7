"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against ``live_server``.

No browser is ever downloaded: the tests use Debian's Chromium, its headless shell
where that is installed, and skip when neither is. Pages may talk to this machine
only: Chromium sends every other request to a proxy address where nothing listens,
so it fails at once (the admin's Gravatar avatar, say) and a run never uses the
network. The browser does that itself: routing each request through Python would
cost a round trip per request and turn the browser's cache off. Screenshots go to
test-artifacts/e2e/.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

# Chromium's headless shell (Debian's chromium-headless-shell) is what Playwright itself runs for headless
# Chromium: the same Blink, without the full browser's windowing kept up off screen. Measured on a 2-core
# machine, the 38 browser tests alone: 142 s of the browser's CPU with /usr/bin/chromium, 81 s with the shell,
# every test passing with both. The full browser where only it is installed.
BROWSERS = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
CHROMIUM = next((path for path in BROWSERS if path.exists()), BROWSERS[-1])
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Offline but for this machine: whatever is not for this machine (Chromium never proxies its own
    # loopback addresses), by name or by number, goes to a proxy on a port where nothing listens.
    "--proxy-server=http://127.0.0.1:9",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
TIMEOUT_MS = 30_000  # a ceiling: a 2-core machine under load has taken more than 15 s for an admin page
ADMIN_USERNAME = "admin"  # the admin_user fixture of tests/conftest.py
ADMIN_PASSWORD = "correct horse battery"

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium for one test module.

    Playwright's sync API keeps an asyncio event loop marked as running in this
    thread, and Django refuses ORM calls from such a thread unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set only while the browser runs, so
    it leaks neither into other tests nor into the processes they start
    (``manage.py check --deploy`` rejects it).
    """
    if not CHROMIUM.exists():
        pytest.skip(
            "end-to-end tests need Debian's Chromium or its headless shell (apt-get install chromium-headless-shell)"
        )
    with pytest.MonkeyPatch.context() as env:
        if "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ:
            env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(scope="module")
def migrated_rows_snapshot(browser, django_db_setup, django_db_blocker) -> Iterator[None]:
    """Make serialized rollback work while Playwright runs, and leave the migrated rows behind.

    ``live_server`` needs ``transactional_db``, which empties every table after
    each test, taking the rows migrations created (Wagtail's root page, default
    site, root collection, locale) with it; serialized rollback puts them back
    before the next such test. Django keeps that snapshot on the connection object.
    But with Playwright's event loop running, asgiref hands Django another,
    context-local set of connections, which lack the snapshot taken when the test
    database was created. So take it again, on the connection the tests now use,
    while the database still holds just the migrated rows.

    After the module's last test the tables are empty; the tests that run next on
    this worker (in a transaction of their own, rolled back) expect the migrated
    rows, so they are put back.
    """
    from django.db import connection

    if not hasattr(connection, "_test_serialized_contents"):
        with django_db_blocker.unblock():
            snapshot = connection.creation.serialize_db_to_string()
        if '"wagtailcore.page"' not in snapshot:
            pytest.fail("the test database has no Wagtail root page: did an earlier test empty it?")
        connection._test_serialized_contents = snapshot
    yield
    from django.db import connections
    from wagtail.models import Page

    with django_db_blocker.unblock():
        if not Page.objects.exists():
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    # Those context-local connections are closed here, or one would still hold PostgreSQL's test database open
    # when pytest-django drops it at the end of the run.
    connections.close_all()


@pytest.fixture(autouse=True)
def _migrated_rows_each_test(migrated_rows_snapshot, django_db_serialized_rollback) -> None:
    """Every e2e test starts from the freshly migrated database."""


@pytest.fixture
def live_server(live_server):
    """pytest-django's live server (one per test process), answering one request at a time."""
    one_request_at_a_time(live_server.thread.httpd)
    return live_server


def one_request_at_a_time(httpd) -> None:
    """Make ``httpd`` (a threading WSGI server) run its application for one request at a time.

    With SQLite in memory, every thread that answers a request uses one and the same database connection,
    the test's; Django's bookkeeping of the transaction on it is not made for two threads at once. A page
    and its images, or the preview panel's post beside a click, answered together interleaved their
    ``atomic`` blocks and left the connection in a broken transaction: every later request of the run
    failed (TransactionManagementError), as seen on a slow machine. Each response's body is read out and
    closed under the lock too, since a streamed body and the close (Django's request_finished) query.
    """
    if hasattr(httpd, "one_at_a_time") or not httpd.connections_override:
        return  # PostgreSQL: each thread has a connection of its own
    lock = threading.Lock()
    application = httpd.get_app()

    def one_at_a_time(environ, start_response):
        with lock:
            response = application(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()

    httpd.set_app(one_at_a_time)
    httpd.one_at_a_time = True


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Open pages in fresh browser contexts (own cookies) that can reach nothing but this machine."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900, bypass_csp: bool = False, javascript: bool = True) -> Page:
        """``bypass_csp`` lets a test inject its own script (axe-core) into a page whose policy forbids it."""
        context = browser.new_context(
            viewport={"width": width, "height": height},
            base_url=live_server.url,
            bypass_csp=bypass_csp,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        watch_network(context)
        contexts.append(context)
        return context.new_page()

    in_flight = count_requests_in_flight(live_server.thread.httpd)
    yield open_page
    for context in contexts:
        context.close()
    # A request the browser sent just before closing (the preview panel posts the form
    # on its own) may still be running: the database is emptied only after it ends.
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while in_flight() and time.monotonic() < deadline:
        time.sleep(0.05)


def count_requests_in_flight(httpd) -> Callable[[], int]:
    """Count the requests ``httpd`` (a threading WSGI server) has accepted and not yet answered.

    The live server lasts the whole session: it is counted once, on first use.
    """
    if hasattr(httpd, "requests_in_flight"):
        return httpd.requests_in_flight
    lock = threading.Lock()
    count = 0
    accept, answer = httpd.process_request, httpd.process_request_thread

    def accepted(request, client_address) -> None:
        nonlocal count
        with lock:
            count += 1
        accept(request, client_address)

    def answered(request, client_address) -> None:
        nonlocal count
        try:
            answer(request, client_address)
        finally:
            with lock:
                count -= 1

    httpd.process_request, httpd.process_request_thread = accepted, answered
    httpd.requests_in_flight = lambda: count
    return httpd.requests_in_flight


@pytest.fixture
def page(new_page) -> Page:
    """A desktop-sized page."""
    return new_page()


@pytest.fixture
def admin_page(page: Page, admin_user, live_server) -> Page:
    """A page signed in to the Wagtail admin as the superuser, on the admin's dashboard.

    The session is made on the server and its cookie handed to the browser, as Django's
    ``Client.force_login`` does: the login form itself is gone through in test_csp.py.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url, "httpOnly": True, "sameSite": "Lax"}]
    )  # fmt: skip
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """Save what the browser shows to test-artifacts/e2e/<name>.png."""

    def save(page: Page, name: str, *, full_page: bool = True) -> Path:
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


def watch_network(context: BrowserContext) -> None:
    """Count the requests of every page and frame of ``context`` still waiting for an answer (for ``settle``)."""
    state = {"in_flight": 0, "changed": time.monotonic()}

    def started(_request) -> None:
        state["in_flight"] += 1
        state["changed"] = time.monotonic()

    def ended(_request) -> None:
        state["in_flight"] -= 1
        state["changed"] = time.monotonic()

    context.on("request", started)
    context.on("requestfinished", ended)
    context.on("requestfailed", ended)
    context.network_state = state  # type: ignore[attr-defined]


def settle(page: Page, quiet: float = 0.15) -> None:
    """Wait until no request of the page's context has been running for ``quiet`` seconds.

    Playwright's "networkidle" is the same with half a second of quiet, paid again at every wait;
    a request a page starts on its own (a lazy image, a script's fetch) begins within a frame or two.
    """
    state = page.context.network_state  # type: ignore[attr-defined]
    # Quiet counted from the call at the earliest: a request the page has just sent reaches us as an event.
    start = time.monotonic()
    deadline = start + TIMEOUT_MS / 1000
    while state["in_flight"] > 0 or time.monotonic() - max(state["changed"], start) < quiet:
        if time.monotonic() > deadline:
            raise AssertionError(f"the network never went quiet ({state['in_flight']} requests still running)")
        page.wait_for_timeout(25)  # Playwright takes in the browser's events while it waits


def wait_for_editor_start(page: Page, editor) -> None:
    """The editor renders its (empty) preview once when it starts; let that answer arrive first,
    or it could land after the preview of what the test types and blank it."""
    expect(editor).to_have_attribute("data-markdownx-init", "")
    settle(page)


def open_menu(toggle) -> None:
    """Click a Wagtail dropdown's button once the menu's script has started (it marks the button collapsed): a
    click before that opens nothing, as seen on a busy machine."""
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
