"""In Chromium, signed in as the owner: no script from ``/media/`` runs, however a file got there.

Each hostile file, if it ran, would ask the site for ``/ran-from-media/`` (and try
to create a superuser, as the GIF/HTML polyglot that prompted this did). The
test opens each as a page, in a frame and as a script of a page of the site,
and watches every request the browser makes.

The site runs under gunicorn in an installation of its own (``tests/installations.py``),
as ``make serve`` runs it: Django's test server would answer ``/media/`` itself,
with a handler of its own, and so would not test the site's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import TIMEOUT_MS, settle, watch_network

pytestmark = pytest.mark.e2e

BEACON = "/ran-from-media/"
PAYLOAD = (
    f"fetch('{BEACON}'); window.ranFromMedia = true;"
    "fetch('/admin/users/add/', {method: 'POST', credentials: 'include'});"
)
# Run in the installation: the owner's account, hostile files where an older version or a
# careless hand could have put them, and the polyglot imported as an AcadHomepage figure.
SETUP = r"""
import io, sys
from pathlib import Path
from core.startup import setup
setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from PIL import Image
from wagtail.images import get_image_model
from homepage.importers.acadhomepage import parse_about
from homepage.importers.writer import import_site

payload, folder = sys.argv[1], Path(sys.argv[2])
buffer = io.BytesIO()
Image.new("RGB", (40, 20), "#336699").save(buffer, "GIF")
polyglot = buffer.getvalue() + f"<!doctype html><script>{payload}</script>".encode()
get_user_model().objects.create_superuser("owner", "owner@example.org", "correct horse battery")
(folder / "images").mkdir()
(folder / "images" / "x.html").write_bytes(polyglot)
page = (
    '# Publications\n<div class="paper-box"><div class="paper-box-image"><div>'
    '<img src="images/x.html" alt="figure"></div></div>\n<div class="paper-box-text" markdown="1">\n\n'
    "[A Paper](https://arxiv.org/abs/2403.12968)\n\n**Me**, You\n</div>\n</div>\n"
)
import_site(parse_about(page), images_dir=folder)
urls = [get_image_model().objects.get().file.url]
svg = f'<svg xmlns="http://www.w3.org/2000/svg"><script>{payload}</script></svg>'.encode()
for name, data in [("original_images/legacy.html", polyglot), ("original_images/x.js", payload.encode()),
                   ("original_images/y.gif", polyglot), ("x.svg", svg)]:
    path = Path(settings.MEDIA_ROOT, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    urls.append(settings.MEDIA_URL + name)
print("\n".join(urls))
"""


def open_quietly(page: Page, url: str) -> None:
    """Go to ``url``; a file the browser downloads instead of showing ends the navigation with an error."""
    try:
        page.goto(url)
    except PlaywrightError as error:
        assert "Download is starting" in str(error), error


def test_no_script_from_media_runs(browser: Browser, installations, tmp_path: Path, screenshot):
    site = installations.migrated()
    hostile = site.python(SETUP, PAYLOAD, str(tmp_path)).stdout.split()
    assert hostile[0].endswith(".gif"), hostile  # the imported polyglot is stored as the GIF it is
    with site.serve() as base:
        context = browser.new_context(base_url=base)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        watch_network(context)
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("owner")
        page.get_by_label("Password").fill("correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))

        for url in hostile:  # opened as a page
            open_quietly(page, url)
        page.goto("/")
        for url in hostile:  # framed, and loaded as a script, by a page of the site
            page.evaluate(
                """(url) => new Promise((done) => {
                    const frame = document.createElement("iframe");
                    frame.src = url;
                    document.body.append(frame);
                    const script = document.createElement("script");
                    script.src = url;
                    script.onload = script.onerror = () => setTimeout(done, 300);
                    document.body.append(script);
                })""",
                url,
            )
        settle(page)
        screenshot(page, "media-inert")
        ran = page.evaluate("window.ranFromMedia")
        context.close()
    assert ran is None
    assert not [url for url in requests if BEACON in url or "/admin/users/add/" in url]
    users = site.python(
        "from core.startup import setup; setup(); from django.contrib.auth import get_user_model; "
        "print(get_user_model().objects.count())"
    )
    assert users.stdout.strip() == "1"
