"""In a real browser: a page view makes no request to any other origin."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request

from tests.e2e.conftest import settle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/", "/publications/", "/news/", "/cv/"])
def test_public_pages_request_nothing_from_other_origins(transactional_db, imported_demo, new_page, live_server, path):
    page = new_page()
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.on("request", record)
    page.goto(path)
    settle(page)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # load the lazy figures too
    settle(page)
    origin = urlsplit(live_server.url).netloc
    others = [url for url in requested if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != origin]
    assert requested, "the page made no request at all"
    assert others == []


@pytest.mark.parametrize("address", ["http://example.org/", "http://192.0.2.1/"])
def test_the_test_browser_reaches_nothing_but_this_machine(new_page, address):
    """Whatever is not for this machine, by name or by number, goes to a proxy port where nothing listens
    (tests/e2e/conftest.py): the suite's browser never uses the network."""
    page = new_page()
    with pytest.raises(PlaywrightError, match="ERR_PROXY_CONNECTION_FAILED|ERR_NAME_NOT_RESOLVED"):
        page.goto(address, timeout=5_000)
