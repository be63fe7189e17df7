"""In a real browser: a page view makes no request to any other origin."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
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
