"""What tests share: the demo page, an image maker, the admin's forms as a browser would post them, and a local
HTTP server standing in for the services the site asks."""

from __future__ import annotations

import functools
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

DEMO_PAGE = Path(__file__).resolve().parents[1] / "homepage" / "demo" / "acadhomepage_about.md"


def make_image(title: str, size: tuple[int, int]):
    """A plain PNG in the image library."""
    buffer = BytesIO()
    PILImage.new("RGB", size, "#336699").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def admin_form(client: Client, url: str):
    """The data the admin form at ``url`` would post as it stands (the main editing form)."""
    response = client.get(url)
    assert response.status_code == 200, url
    forms = BeautifulSoup(response.content, "html.parser").find_all("form", method=lambda m: m and m.lower() == "post")
    assert forms, f"no editing form at {url}"
    form = max(forms, key=lambda f: len(f.find_all(["input", "textarea", "select"])))
    data = querydict_from_html(str(form))
    # A ticked box with no value of its own is posted "on" by browsers; Wagtail's helper posts "", which Django
    # reads as unticked, so every edit would untick it.
    for box in form.find_all("input", type="checkbox", checked=True, value=False):
        data.setlist(box["name"], ["on" if value == "" else value for value in data.getlist(box["name"])])
    return data, form


def sections_form_data(sections) -> dict:
    """StreamField data as the admin posts it (its editor is JavaScript, not form fields)."""
    items = []
    for block_type, value in sections:
        value = {name: "" if field is None else field for name, field in dict(value).items()}  # an empty field
        for flag in ("visible", "show_others"):
            value[flag] = "on" if value.get(flag, True) else ""
        items.append((block_type, value))
    return nested_form_data({"sections": streamfield(items)})


def boxes_form_data(boxes) -> dict:
    """A section of boxes' list (homepage.blocks.BoxesSectionBlock) as the admin posts it, for sections_form_data."""
    return {
        "count": str(len(boxes)),
        **{
            str(number): {
                "value": {**box, "image": str(box["image"].pk)},
                "deleted": "",
                "order": str(number),
                "id": "",
            }
            for number, box in enumerate(boxes)
        },
    }


def edit_page(editor, page, **fields):
    url = f"/admin/pages/{page.pk}/edit/"
    data, _ = admin_form(editor, url)
    for name, value in fields.items():
        data[name] = value
    data["action-publish"] = "action-publish"
    return data, url


class LocalServer:
    """A threading HTTP server on a free port of 127.0.0.1, answering with ``handler``; the site's HTTP
    clients are tested against it, never the network. Use as a context manager, or call ``close``."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.port = self.httpd.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        # A short poll: shutdown() waits for the loop to look, and the default half second adds up over a suite.
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


@functools.cache
def ordinary_page_seconds() -> float:
    """The CPU seconds this machine takes to read an ordinary about page of 160 KB (the demo page over and over),
    the least of two tries: the unit of the suite's guards against super-linear work, since machines differ
    twofold and more (0.4 s on a 2-core machine where ``manage.py check`` takes 1.7 s of CPU)."""
    from homepage.importers.acadhomepage import parse_about

    demo = DEMO_PAGE.read_text(encoding="utf-8")
    ordinary = (demo * (160_000 // len(demo) + 1))[:160_000]
    used = []
    for _ in range(2):
        start = time.process_time()
        parse_about(ordinary)
        used.append(time.process_time() - start)
    return min(used)


def site_profile():
    """The default site's profile settings, as the sidebar shows them."""
    from wagtail.models import Site

    from profile_site.models import ProfileSettings

    return ProfileSettings.for_site(Site.objects.get(is_default_site=True))
