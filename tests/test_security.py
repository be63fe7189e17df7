"""Markdown is inert wherever it is shown, and the editor's endpoints are for editors only."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from core.markdown import render_markdown
from homepage.models import HomePage
from news.models import NewsItem
from profile_site.models import AwardEntry
from publications.models import PublicationPage

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)><circle r=1></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<form action="https://evil.example"><input name=q></form>',
    "<details open ontoggle=alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
]
PAYLOAD_TEXT = "\n\n".join(XSS_PAYLOADS)
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data"}


def assert_inert(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for forbidden in ("script", "iframe", "style", "svg:not(.icon)", "form", "input", "object", "embed"):
        assert not soup.select(f"main {forbidden}, .prose {forbidden}, .dated-entry {forbidden}"), forbidden
    for node in soup.find_all(True):
        for attr, value in node.attrs.items():
            assert not attr.lower().startswith("on"), f"{node.name} has {attr}"
            assert attr != "style" or node.name not in {"div", "p", "span", "a"}, f"{node.name} keeps style"
            if attr not in URL_ATTRIBUTES:
                continue  # text in other attributes (a meta description) is never followed
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert "javascript:" not in text.lower(), f"{node.name} {attr}={text}"
            assert not text.lower().startswith("data:text/html"), f"{node.name} {attr}={text}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_neutralises_each_payload(payload):
    assert_inert(f"<div class='prose'>{render_markdown(payload)}</div>")
    assert_inert(f"<div class='prose'>{render_markdown(payload, inline=True)}</div>")


def test_payloads_are_inert_on_every_public_page(client, imported_demo):
    home = HomePage.objects.get()
    home.about = PAYLOAD_TEXT
    home.sections.append(("markdown", {"title": "Extra", "body": PAYLOAD_TEXT}))
    home.save_revision().publish()
    news = NewsItem.objects.create(date=datetime.date(2026, 1, 1), text=PAYLOAD_TEXT, live=False)
    news.save_revision().publish()
    award = AwardEntry.objects.first()
    award.text = PAYLOAD_TEXT
    award.save_revision().publish()
    publication = PublicationPage.objects.first()
    publication.abstract = PAYLOAD_TEXT
    publication.save_revision().publish()

    for url in ["/", publication.url, "/publications/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert_inert(response.content.decode())
    assert b"styled" in client.get("/").content  # the text survives, only the danger goes


def test_markdownx_endpoints_refuse_anonymous_requests(client):
    preview = client.post("/admin/markdownx/markdownify/", {"content": "**hi**"})
    assert preview.status_code in (302, 403)
    assert b"<strong>" not in preview.content
    upload = client.post("/admin/markdownx/upload/", {"image": io.BytesIO(b"x")})
    assert upload.status_code in (302, 403)


def test_markdownx_default_public_urls_are_not_mounted(client):
    assert client.post("/markdownx/markdownify/", {"content": "**hi**"}).status_code == 404
    assert client.post("/markdownx/upload/", {}).status_code == 404


def test_preview_for_editors_is_sanitised(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/markdownx/markdownify/", {"content": "**bold** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<strong>bold</strong>" in response.content
    assert b"<script" not in response.content


def test_preview_refuses_get_and_users_without_admin_access(client, django_user_model, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/markdownx/markdownify/", {"content": "**x**"}).status_code == 405
    plain = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(plain)
    response = client.post("/admin/markdownx/markdownify/", {"content": "**x**"})
    assert response.status_code in (302, 403) and b"<strong>" not in response.content


def png_bytes(size=(20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, name: str, data: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/admin/markdownx/upload/",
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def test_upload_stores_a_real_image_in_the_library(client, admin_user):
    from wagtail.images import get_image_model

    client.force_login(admin_user)
    response = upload(client, "figure.png", png_bytes(), "image/png")
    assert response.status_code == 200, response.content
    assert response.json()["image_code"].startswith("![figure](/media/images/")
    assert get_image_model().objects.filter(title="figure").exists()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("fake.png", b"<html><script>alert(1)</script></html>", "image/png"),
    ],
)
def test_upload_refuses_svg_html_and_disguised_files(client, admin_user, name, data, content_type):
    from wagtail.images import get_image_model

    client.force_login(admin_user)
    response = upload(client, name, data, content_type)
    assert response.status_code == 400
    assert response.json()["image"]
    assert not get_image_model().objects.exists()


def test_upload_refuses_too_many_pixels(client, admin_user, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    client.force_login(admin_user)
    response = upload(client, "big.png", png_bytes((20, 10)), "image/png")
    assert response.status_code == 400
