"""Hostile input never crashes the site and never runs in a visitor's browser.

A catalogue of what an attacker, or a careless paste, can put in through every
way in: markdown in each field (seen on the public pages and in the editor's
preview), pathological markdown, image uploads, links, dates, titles, and the
request itself. Every case ends in a form error, a 4xx or harmless output, never
a server error, and each request or render costs less than a second of CPU.
tests/test_security.py has the first payloads; these go further.
"""

from __future__ import annotations

import datetime
import io
import json
import random
import re
import struct
import time
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.figures import image_from_bytes
from core.markdown import MAX_LENGTH, MAX_TABLE_CELLS, render_markdown
from homepage.models import HomePage
from homepage.site_tree import ensure_homepage
from news.models import NewsItem
from profile_site.models import ProfileSettings, TalkEntry
from publications.formats.bibtex import MAX_ENTRY_LENGTH
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationPage
from publications.records import MAX_AUTHORS
from tests.helpers import admin_form, edit_page, ordinary_page_seconds, sections_form_data
from tests.html_safety import active_content
from tests.snapshot import Snapshot

pytestmark = pytest.mark.django_db

# A guard against super-linear work, not a benchmark, so measured in what an ordinary page of 160 KB costs on the
# machine running it (tests/helpers.py): the heaviest case takes some 4 times that alone and 6 times while both
# cores run the rest of the suite (BibTeX of 5,500 empty keys beside the PostgreSQL run); quadratic work takes
# minutes, hundreds of times it.
CPU_TIMES = 15
PREVIEW = "/admin/markdownx/markdownify/"
TOO_LONG = f"at most {MAX_LENGTH} characters"


def within_cpu_budget(call, *args, **kwargs):
    """``call(*args, **kwargs)``, failing the test if it used ``CPU_TIMES`` ordinary pages' CPU or more."""
    budget = CPU_TIMES * ordinary_page_seconds()
    start = time.process_time()
    result = call(*args, **kwargs)
    used = time.process_time() - start
    assert used < budget, f"{used:.2f} s of CPU, over {budget:.2f} s"
    return result


def post(client, url, data, **kwargs):
    response = within_cpu_budget(client.post, url, data, **kwargs)
    assert response.status_code < 500, response.content[:2000]
    return response


def get(client, url, **kwargs):
    response = within_cpu_budget(client.get, url, **kwargs)
    assert response.status_code < 500, response.content[:2000]
    return response


def saved(response) -> bool:
    """An admin form redirects when it saved, and shows itself again, with errors, when it did not."""
    return response.status_code == 302


def form_errors(response) -> str:
    """The errors an admin form shows, StreamField's included (its editor gets them as JSON in an attribute)."""
    assert response.status_code == 200, f"expected the form again with errors, got {response.status_code}"
    soup = BeautifulSoup(response.content, "html.parser")
    messages = [node.get_text(" ", strip=True) for node in soup.select(".error-message, .help-critical")]
    for node in soup.select("[data-w-block-arguments-value]"):
        _, block_errors = json.loads(node["data-w-block-arguments-value"])
        if block_errors:
            messages.append(json.dumps(block_errors, ensure_ascii=False))
    assert messages, "the form came back without an error message"
    return " ".join(messages)


def build_site() -> None:
    """A homepage showing every kind of section, ``/publications/``, one paper, one news item and one talk."""
    home, _, _ = ensure_homepage()
    home.about = "I study **efficient LLMs**."
    home.sections = [
        ("about", {"title": "About Me"}),
        ("news", {"title": "News", "count": 10, "note": "Older news: see the archive."}),
        ("publications", {"title": "Publications", "show_others": True}),
        ("education", {"title": "Education"}),
        ("honors", {"title": "Honors"}),
        ("talks", {"title": "Invited Talks"}),
        ("experience", {"title": "Experience"}),
        ("markdown", {"title": "Research Interests", "body": "Efficient language models."}),
    ]
    home.save_revision().publish()
    index = PublicationIndexPage.ensure_under(home)
    paper = PublicationPage(
        title="Deep Homepages",
        slug="deep-homepages",
        date=datetime.date(2025, 1, 1),
        featured=True,
        abstract="We study homepages.",
    )
    paper.authors = [PublicationAuthor(name="Ada Lovelace", is_owner=True)]
    index.add_child(instance=paper)
    paper.save_revision().publish()
    NewsItem.objects.create(date=datetime.date(2025, 8, 1), text="A paper accepted.", live=True)
    TalkEntry.objects.create(date=datetime.date(2024, 5, 1), text="A talk.", live=True)
    client = Client()
    for url in ("/", "/publications/", paper.url, "/news/"):  # templates compiled before anything is timed
        assert client.get(url).status_code == 200


@pytest.fixture(scope="module")
def site_snapshot(django_db_setup, django_db_blocker):
    """What ``build_site`` writes, found once (tests/snapshot.py)."""
    with django_db_blocker.unblock():
        return Snapshot.take(build_site)


@pytest.fixture
def site(db, site_snapshot):
    """The site of ``build_site``, laid into the test's database in milliseconds."""
    if not site_snapshot.apply():
        build_site()  # a fixture made rows it would have met: build it for real
    home = HomePage.objects.get()
    return SimpleNamespace(
        home=home, index=PublicationIndexPage.objects.get(), paper=PublicationPage.objects.get(slug="deep-homepages")
    )


@pytest.fixture
def editor(admin_client):
    """The owner, logged in to the admin (the preview endpoint warmed up before anything is timed)."""
    admin_client.post(PREVIEW, {"content": "*warm*"})
    return admin_client


# ---------------------------------------------------------------------------
# Markdown that tries to run script, in every field, on the page and in the preview
# ---------------------------------------------------------------------------

SCRIPT_PAYLOADS = [
    # schemes, spelled so a naive filter misses them
    pytest.param('<a href="&#106;avascript:alert(1)">x</a>', id="entity-encoded-javascript"),
    pytest.param('<a href="jav&#x09;ascript:alert(1)">x</a>', id="tab-split-javascript"),
    pytest.param('<a href=" &#14;javascript:alert(1)">x</a>', id="control-character-javascript"),
    pytest.param("[x](&#106;avascript:alert(1))", id="markdown-link-entity-javascript"),
    pytest.param("[x]: javascript:alert(1)\n\n[x]", id="reference-definition-javascript"),
    pytest.param("<javascript:alert(1)>", id="autolink-javascript"),
    pytest.param("[x](vbscript:msgbox(1))", id="markdown-link-vbscript"),
    pytest.param('<a href="VBScript:msgbox(1)">x</a>', id="html-link-vbscript"),
    pytest.param("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", id="markdown-image-data-svg"),
    pytest.param('<img src="data:text/html,<script>alert(1)</script>">', id="html-image-data-html"),
    pytest.param('<img src="x.png" srcset="javascript:alert(1) 2x">', id="srcset-javascript"),
    pytest.param('<button formaction="javascript:alert(1)">go</button>', id="formaction"),
    pytest.param('<a xlink:href="javascript:alert(1)">x</a>', id="xlink-href"),
    # handlers and active elements
    pytest.param("<body onload=alert(1)>", id="body-onload"),
    pytest.param("<input autofocus onfocus=alert(1)>", id="autofocus-onfocus"),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', id="style-url"),
    pytest.param('<span style="width:expression(alert(1))">x</span>', id="style-expression"),
    pytest.param('<base href="javascript:alert(1)//">', id="base-href"),
    pytest.param('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', id="meta-refresh"),
    pytest.param('<link rel="stylesheet" href="https://evil.example/x.css">', id="link-stylesheet"),
    pytest.param('<object data="javascript:alert(1)"></object><embed src="x.swf">', id="object-embed"),
    pytest.param('<iframe srcdoc="<script>alert(1)</script>"></iframe>', id="iframe-srcdoc"),
    pytest.param("<template><script>alert(1)</script></template>", id="template-script"),
    # mutation XSS: markup that turns active when a browser parses the sanitised output again
    pytest.param('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', id="mxss-noscript-title"),
    pytest.param("<svg><style><img src=x onerror=alert(1)></style></svg>", id="mxss-svg-style"),
    pytest.param("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", id="mxss-math-mglyph-style"),
    pytest.param(
        '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
        id="mxss-mglyph-svg-textarea",
    ),
    pytest.param(
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>", id="mxss-nested-form"
    ),
    pytest.param("<!--><img src=x onerror=alert(1)>-->", id="mxss-comment"),
    pytest.param("<xmp><img src=x onerror=alert(1)></xmp>", id="mxss-xmp"),
    pytest.param(
        "<select><template><style><img src=x onerror=alert(1)></style></template></select>", id="mxss-select-template"
    ),
    # MathML, written as LaTeX or as markup
    pytest.param(r"$\href{javascript:alert(1)}{click}$", id="math-href"),
    pytest.param(r"$\style{background:url(javascript:alert(1))}{x}$", id="math-style"),
    pytest.param(r"$\html{<img src=x onerror=alert(1)>}$", id="math-html"),
    pytest.param(
        r"$\color{url(javascript:alert(1))}{x}$ and $\color{red\" onmouseover=\"alert(1)}{y}$",
        id="math-colour-injection",
    ),
    pytest.param(
        '<math><mstyle mathbackground="url(javascript:alert(1))" mathcolor="expression(alert(1))">'
        "<mi>x</mi></mstyle></math>",
        id="mathml-colour-attributes",
    ),
    pytest.param(
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
        id="mathml-maction-link",
    ),
]


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS)
def test_markdown_payload_is_inert_when_rendered_and_previewed(editor, payload):
    for inline in (False, True):
        html = within_cpu_budget(render_markdown, payload, inline=inline)
        assert not active_content(html), html
    response = post(editor, PREVIEW, {"content": payload})
    assert response.status_code == 200
    assert not active_content(response.content.decode()), response.content


def test_math_colours_keep_only_colour_values():
    html = render_markdown(r"$\color{#336699}{x} + \color{red}{y} + \color{url(javascript:alert(1))}{z}$")
    assert 'mathcolor="#336699"' in html and 'mathcolor="red"' in html
    assert "javascript" not in html


HOSTILE_TEXT = "\n\n".join(["Harmless words survive.", *(param.values[0] for param in SCRIPT_PAYLOADS)])


def homepage_with(editor, site, *, about=None, body=None, note=None, section_title=None):
    """The homepage's edit form, with the about text, the free-text section or the news note replaced."""
    home = HomePage.objects.get(pk=site.home.pk)
    sections = []
    for child in home.sections:
        value = {key: "" if item is None else item for key, item in child.value.items()}
        if child.block_type == "markdown":
            value["body"] = body if body is not None else value["body"]
            value["title"] = section_title or value["title"]
        if child.block_type == "news" and note is not None:
            value["note"] = note
        sections.append((child.block_type, value))
    data, url = edit_page(editor, home, **({"about": about} if about is not None else {}))
    data.update(sections_form_data(sections))
    return data, url


def snippet_add(editor, model_path, **fields):
    url = f"/admin/snippets/{model_path}/add/"
    data, _ = admin_form(editor, url)
    for name, value in {"date_precision": "month", "action-publish": "action-publish", **fields}.items():
        data[name] = value
    return data, url


def markdown_field_form(field: str, editor, site, text: str):
    """The admin form where the owner types markdown into ``field``, filled with ``text``; and where it shows."""
    if field == "about":
        return (*homepage_with(editor, site, about=text), "/")
    if field == "free-text section":
        return (*homepage_with(editor, site, body=text), "/")
    if field == "section note":
        return (*homepage_with(editor, site, note=text), "/")
    if field == "news":
        return (*snippet_add(editor, "news/newsitem", date="2026-01-01", text=text), "/news/")
    if field in {"educationentry", "awardentry", "talkentry", "experienceentry"}:
        return (*snippet_add(editor, f"profile_site/{field}", date="2026-01-01", text=text), "/")
    if field == "abstract":
        return (*edit_page(editor, site.paper, abstract=text), site.paper.url)
    assert field == "publications intro"
    return (*edit_page(editor, site.index, intro=text), "/publications/")


MARKDOWN_FIELDS = [
    "about",
    "free-text section",
    "section note",
    "news",
    "educationentry",
    "awardentry",
    "talkentry",
    "experienceentry",
    "abstract",
    "publications intro",
]


@pytest.mark.parametrize("field", MARKDOWN_FIELDS)
def test_every_payload_in_every_markdown_field_is_inert_on_the_page(client, editor, site, field):
    data, url, public_url = markdown_field_form(field, editor, site, HOSTILE_TEXT)
    assert saved(post(editor, url, data))
    html = get(client, public_url).content.decode()
    assert "Harmless words survive." in html  # the field is shown, only the danger is gone
    assert not active_content(html, page=True)


# ---------------------------------------------------------------------------
# Pathological markdown: linear rendering, bounded output, capped lengths
# ---------------------------------------------------------------------------


def formatting_bomb() -> str:
    """Formatting tags that differ only in an attribute, then paragraphs that reopen every one of them."""
    return "".join(f"<b title={n}>" for n in range(1000)) + "<p>x" * 1500


PATHOLOGICAL = [
    pytest.param("[" * 8000, id="8000-brackets"),
    pytest.param("[a](" * 5000, id="unclosed-links"),
    pytest.param("![" * 9000, id="unclosed-images"),
    pytest.param(">" * 10_000 + " deep", id="deep-blockquotes"),
    pytest.param("".join("  " * depth + "- item\n" for depth in range(130)), id="deep-lists"),
    pytest.param("*" * 9000 + "x" + "*" * 9000, id="emphasis-runs"),
    pytest.param("*_" * 10_000, id="emphasis-alternating"),
    pytest.param("`" * 5000 + "x" + "``" * 5000, id="backtick-runs"),
    pytest.param("|a|b|\n|-|-|\n" + "|x|y|\n" * 3000, id="table-3000-rows"),
    pytest.param("|a" * 100 + "|\n" + "|-" * 100 + "|\n" + "x\n" * 2000, id="table-filled-with-empty-cells"),
    pytest.param(formatting_bomb(), id="formatting-elements-reopened"),
    pytest.param("<div>" * 4000, id="deep-html-nesting"),
    pytest.param("$" + r"\frac{a}{" * 1500 + "b" + "}" * 1500 + "$", id="deep-math"),
    pytest.param("$x^2$ " * 3000, id="3000-formulas"),
    pytest.param(r"$$\begin{matrix}" + "a&" * 2000 + r"\\" * 2000 + r"\end{matrix}$$", id="huge-matrix"),
    pytest.param("".join(f"[r{n}]: https://e.org/{n}\n" for n in range(600)) + "[r1]" * 500, id="reference-flood"),
    pytest.param("&#x1F600;" * 2000, id="entity-flood"),
    pytest.param("<!--" * 5000, id="unclosed-comments"),
    pytest.param("`" * 100_000, id="100k-backticks"),
    pytest.param("<div>" * 20_000, id="100k-of-nested-html"),
]


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_pathological_markdown_renders_in_linear_time_and_bounded_size(editor, text):
    html = within_cpu_budget(render_markdown, text)
    assert len(html) <= 100 * len(text) + 100_000, f"{len(text)} characters became {len(html)}"
    assert html.count("<td") + html.count("<th") <= MAX_TABLE_CELLS
    response = post(editor, PREVIEW, {"content": text})
    if len(text) <= MAX_LENGTH:
        assert response.status_code == 200
        assert len(response.content) == len(html.encode())
    else:  # no field would save it
        assert response.status_code == 413
        assert f"at most {MAX_LENGTH:,}" in response.content.decode()


@pytest.mark.parametrize("field", ["about", "free-text section", "news", "talkentry", "abstract"])
def test_markdown_longer_than_the_cap_is_a_form_error(editor, site, field):
    data, url, _ = markdown_field_form(field, editor, site, "a" * (MAX_LENGTH + 1))
    assert TOO_LONG in form_errors(post(editor, url, data))


def test_markdown_as_long_as_the_cap_is_saved_and_shown(client, editor, site):
    text = ("Words of a long but honest about text. " * 600)[:MAX_LENGTH]
    data, url, _ = markdown_field_form("about", editor, site, text)
    assert saved(post(editor, url, data))
    assert "Words of a long but honest about text." in get(client, "/").content.decode()
    assert post(editor, PREVIEW, {"content": text}).status_code == 200


# ---------------------------------------------------------------------------
# Image uploads: broken, oversized, disguised or badly named files
# ---------------------------------------------------------------------------


def png_bytes(size=(32, 16), noise=False) -> bytes:
    buffer = io.BytesIO()
    if noise:
        image = Image.frombytes("RGB", size, random.Random(0).randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "#336699")
    image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, random.Random(1).randbytes(size[0] * size[1] * 3)).save(buffer, "JPEG")
    return buffer.getvalue()


def declared_png(width: int, height: int) -> bytes:
    """A valid, tiny PNG whose header declares ``width``×``height`` one-bit pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row, 9)) + chunk(b"IEND", b"")


SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>'
IMAGE_FORMS = ["/admin/images/add/", "/admin/images/multiple/add/", "/admin/markdownx/upload/"]


def upload_image(client, endpoint: str, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    field = {"/admin/images/add/": "file", "/admin/images/multiple/add/": "files[]"}.get(endpoint, "image")
    client.get("/admin/images/add/")  # templates compiled before the upload is timed
    return post(
        client,
        endpoint,
        {"title": "Figure", "collection": "1", field: upload},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def upload_error(endpoint: str, response) -> str:
    """The error the owner sees for a refused upload; "" when the upload was accepted."""
    if endpoint == "/admin/images/add/":
        if response.status_code == 302:
            return ""
        return " ".join(str(error) for error in response.context["form"].errors.get("file", []))
    if endpoint == "/admin/images/multiple/add/":
        answer = response.json()
        return "" if answer["success"] else answer["error_message"]
    return "" if response.status_code == 200 else " ".join(response.json()["image"])


def media_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


REFUSED_UPLOADS = [
    pytest.param("figure.png", png_bytes((200, 200), noise=True)[:1500], "upload a valid image", id="truncated-png"),
    pytest.param("photo.jpg", jpeg_bytes()[:600], "upload a valid image", id="truncated-jpeg"),
    pytest.param("anim.gif", b"GIF89a" + bytes(range(256)) * 4, "upload a valid image", id="gif89a-and-garbage"),
    pytest.param("figure.png", png_bytes()[:33], "upload a valid image", id="png-header-only"),
    pytest.param("empty.png", b"", "empty", id="zero-bytes"),
    pytest.param("bomb.png", declared_png(30_000, 30_000), "too many pixels", id="decompression-bomb-30000x30000"),
    pytest.param("poster.png", declared_png(7000, 7000), "too many pixels", id="over-pixel-limit-7000x7000"),
    pytest.param("huge.png", png_bytes() + b"\0" * (11 * 1024 * 1024), "too big", id="over-size-limit-11mb"),
    pytest.param("strip.png", png_bytes((1, 16_384)), "at most 16,383 pixels long", id="side-too-long-for-webp"),
    pytest.param("evil.svg", SVG_WITH_SCRIPT, "not a supported image format", id="svg-with-script"),
    pytest.param("logo.png", SVG_WITH_SCRIPT, "upload a valid image", id="svg-named-png"),
    pytest.param("page.html", b"<!doctype html><script>alert(1)</script>", "not a supported image format", id="html"),
]


@pytest.mark.parametrize("endpoint", IMAGE_FORMS)
@pytest.mark.parametrize(("name", "data", "error"), REFUSED_UPLOADS)
def test_bad_image_upload_is_a_form_error_and_stores_nothing(editor, endpoint, name, data, error):
    before = media_files()
    response = upload_image(editor, endpoint, name, data)
    assert error in upload_error(endpoint, response).lower()
    assert not get_image_model().objects.exists()
    assert media_files() == before


@pytest.mark.parametrize(
    ("data", "error"),
    [
        pytest.param(declared_png(30_000, 30_000), "too many pixels", id="decompression-bomb"),
        pytest.param(declared_png(7000, 7000), "maximum pixels 40,000,000", id="over-pixel-limit"),
        pytest.param(png_bytes((1, 16_384)), "at most 16,383 pixels long", id="side-too-long-for-webp"),
        pytest.param(png_bytes()[:40], "upload a valid image", id="truncated"),
        pytest.param(png_bytes() + b"\0" * (11 * 1024 * 1024), "too big", id="over-size-limit-11mb"),
        pytest.param(SVG_WITH_SCRIPT, "upload a valid image", id="svg"),
    ],
)
def test_an_imported_figure_gets_the_limits_of_an_upload(data, error):
    with pytest.raises(ValueError, match="(?i)" + re.escape(error)):
        image_from_bytes(data, "figure.png", "Figure")
    assert not get_image_model().objects.exists()


def test_an_image_as_tall_as_webp_allows_is_shown(client, editor, site):
    response = upload_image(editor, "/admin/images/add/", "tall.png", png_bytes((4, 16_383)))
    assert not upload_error("/admin/images/add/", response)
    site.paper.teaser_image = get_image_model().objects.get()
    site.paper.save_revision().publish()
    for url in ("/", site.paper.url, "/publications/"):
        assert get(client, url).status_code == 200


@pytest.mark.parametrize("endpoint", IMAGE_FORMS)
@pytest.mark.parametrize(
    ("name", "stored_as"),
    [
        pytest.param("../../etc/passwd.png", "passwd.png", id="path-traversal"),
        pytest.param("x.php.png", "x-php.png", id="double-extension-php"),
        pytest.param("..\\..\\windows\\figure.PNG", "figure.png", id="backslash-traversal"),
        pytest.param("x.png.html", "x-png.png", id="double-extension-html"),
        pytest.param("figure.gif", "figure.png", id="png-named-gif"),
    ],
)
def test_image_with_a_hostile_name_is_stored_inside_media_under_a_plain_name(editor, endpoint, name, stored_as):
    response = upload_image(editor, endpoint, name, png_bytes())
    assert not upload_error(endpoint, response)
    stored = Path(settings.MEDIA_ROOT, get_image_model().objects.get().file.name).resolve()
    stem, extension = stored_as.split(".")
    assert stored.is_file() and re.fullmatch(rf"{stem}(_\w{{7}})?\.{extension}", stored.name)  # suffixed if taken
    assert stored.parent == Path(settings.MEDIA_ROOT, "original_images").resolve()


# ---------------------------------------------------------------------------
# Dates that cannot be, and ranges that end before they start
# ---------------------------------------------------------------------------

DATES = [
    pytest.param("profile_site/educationentry", {"date": "2025-02-30"}, "Enter a valid date", id="february-30"),
    pytest.param("news/newsitem", {"date": "2025-02-29", "text": "x"}, "Enter a valid date", id="not-a-leap-year"),
    pytest.param("news/newsitem", {"date": "0000-01-01", "text": "x"}, "Enter a valid date", id="year-zero"),
    pytest.param("news/newsitem", {"date": "10000-01-01", "text": "x"}, "Enter a valid date", id="year-10000"),
    pytest.param("profile_site/awardentry", {"date": "2025-13-01"}, "Enter a valid date", id="month-13"),
    pytest.param(
        "profile_site/talkentry",
        {"date": "2024-09-01", "end_date": "2019-06-01"},
        "end date is before the start date",
        id="end-before-start",
    ),
    pytest.param(
        "profile_site/experienceentry",
        {"date": "", "end_date": "2019-06-01"},
        "end date needs a start date",
        id="end-without-start",
    ),
    pytest.param(
        "profile_site/educationentry",
        {"date": "2020-09-01", "end_date": "2024-06-01", "ongoing": "on"},
        "not both",
        id="ended-and-ongoing",
    ),
]


@pytest.mark.parametrize(("model_path", "fields", "error"), DATES)
def test_impossible_date_is_a_form_error(editor, model_path, fields, error):
    data, url = snippet_add(editor, model_path, **{"text": "An entry", **fields})
    assert error in form_errors(post(editor, url, data))
    assert not apps.get_model(*model_path.split("/")).objects.exists()


def test_impossible_publication_date_is_a_form_error(editor, site):
    data, url = edit_page(editor, site.paper, date="2025-04-31")
    assert "Enter a valid date" in form_errors(post(editor, url, data))


# ---------------------------------------------------------------------------
# Links that would run script or leave the web, labels too long, text that reorders itself
# ---------------------------------------------------------------------------

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "gpj.exe" is shown as "exe.jpg"


def profile_form(editor, *, links=(), nav_links=(), **fields):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/profile_site/profilesettings/{site.pk}/"
    data, _ = admin_form(editor, url)
    data["name"] = "Ada Lovelace"
    for name, value in fields.items():
        data[name] = value
    data.update(nested_form_data({"links": streamfield(list(links)), "nav_links": streamfield(list(nav_links))}))
    return data, url


def profile_link(kind: str, value: str, label: str = ""):
    return ("link", {"kind": kind, "value": value, "label": label})


def nav_link(title: str, url: str):
    return ("link", {"title": title, "url": url})


PROFILE_FORM_CASES = [
    pytest.param({"nav_links": [nav_link("Blog", "javascript:alert(1)")]}, "full web address", id="nav-javascript"),
    pytest.param(
        {"nav_links": [nav_link("Blog", "java\tscript:alert(1)")]}, "full web address", id="nav-tab-javascript"
    ),
    pytest.param(
        {"nav_links": [nav_link("Blog", "data:text/html,<script>alert(1)</script>")]},
        "full web address",
        id="nav-data-html",
    ),
    pytest.param({"nav_links": [nav_link("Blog", "ftp://files.example.org/")]}, "full web address", id="nav-ftp"),
    pytest.param(
        {"nav_links": [nav_link("B" * 61, "https://blog.example.org/")]}, "at most 60", id="nav-title-too-long"
    ),
    pytest.param(
        {"nav_links": [nav_link(f"Blog{RLO}gpj.exe", "/blog/")]}, "text-direction", id="nav-title-rtl-override"
    ),
    pytest.param(
        {"links": [profile_link("website", "javascript:alert(1)")]}, "full web address", id="profile-javascript"
    ),
    pytest.param(
        {"links": [profile_link("mastodon", "ftp://files.example.org/me")]}, "full web address", id="profile-ftp"
    ),
    pytest.param({"links": [profile_link("cv", "vbscript:msgbox(1)")]}, "full web address", id="profile-vbscript"),
    pytest.param({"links": [profile_link("github", "octocat", "G" * 61)]}, "at most 60", id="profile-label-too-long"),
    pytest.param({"website": "ftp://example.org/"}, "full web address", id="website-ftp"),
    pytest.param({"website": "javascript:alert(1)//https://x.org"}, "valid URL", id="website-javascript"),
    pytest.param({"name": f"Ada {RLO}ecalevoL"}, "text-direction", id="name-rtl-override"),
    pytest.param({"site_title": f"Home{RLO}"}, "text-direction", id="site-title-rtl-override"),
]


@pytest.mark.parametrize(("fields", "error"), PROFILE_FORM_CASES)
def test_bad_profile_setting_is_a_form_error(editor, site, fields, error):
    data, url = profile_form(editor, **fields)
    assert error in form_errors(post(editor, url, data))
    assert not ProfileSettings.objects.filter(name="Ada Lovelace").exists()


def test_identifier_that_looks_like_a_scheme_becomes_a_harmless_profile_link(client, editor, site):
    data, url = profile_form(editor, links=[profile_link("github", "javascript:alert(1)")])
    assert saved(post(editor, url, data))
    html = get(client, "/").content.decode()
    assert 'href="https://github.com/javascript:alert(1)"' in html
    assert not active_content(html, page=True)


def test_unsafe_navigation_link_stored_without_the_form_is_not_shown(client, site):
    """An importer (navigation.yml) does not go through the form; the page still never writes the link."""
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    profile.name = "Ada Lovelace"
    profile.nav_links = [nav_link("Blog", "javascript:alert(1)"), nav_link("Talks", "/talks/")]
    profile.links = [profile_link("website", "javascript:alert(1)"), profile_link("website", "ftp://x.org/")]
    profile.save()
    html = get(client, "/").content.decode()
    assert '<a href="/talks/">Talks</a>' in html and "Blog" not in html
    assert "javascript:" not in html and "ftp://" not in html


def publication_form(editor, site, **fields):
    data, url = edit_page(editor, site.paper)
    rows = {
        "authors": [{"name": "Ada Lovelace", "url": "", "is_owner": "on"}],
        "links": [],
        "badges": [],
    }
    for relation, row in fields.pop("rows", {}).items():
        rows[relation] = [row]
    data.update(nested_form_data({relation: inline_formset(items) for relation, items in rows.items()}))
    for name, value in fields.items():
        data[name] = value
    return data, url


PUBLICATION_FORM_CASES = [
    pytest.param(
        {"rows": {"links": {"kind": "pdf", "url": "ftp://example.org/paper.pdf", "label": ""}}},
        "full web address",
        id="link-ftp",
    ),
    pytest.param(
        {"rows": {"links": {"kind": "code", "url": "javascript:alert(1)", "label": ""}}},
        "valid URL",
        id="link-javascript",
    ),
    pytest.param(
        {"rows": {"links": {"kind": "code", "url": "https://github.com/x/y", "label": "L" * 51}}},
        "at most 50",
        id="link-label-too-long",
    ),
    pytest.param(
        {"rows": {"links": {"kind": "code", "url": "https://github.com/x/y", "label": f"Code{RLO}exe"}}},
        "text-direction",
        id="link-label-rtl-override",
    ),
    pytest.param(
        {"rows": {"authors": {"name": "Ada", "url": "vbscript:msgbox(1)", "is_owner": "on"}}},
        "valid URL",
        id="author-vbscript",
    ),
    pytest.param(
        {"rows": {"authors": {"name": f"Ada {RLO}ecalevoL", "url": "", "is_owner": "on"}}},
        "text-direction",
        id="author-name-rtl-override",
    ),
    pytest.param(
        {"rows": {"badges": {"kind": "custom", "identifier": "", "url": "data:text/html,x", "label": "x"}}},
        "valid URL",
        id="badge-data-url",
    ),
    pytest.param({"title": f"Deep Homepages {RLO}gpj.exe"}, "text-direction", id="page-title-rtl-override"),
    pytest.param({"seo_title": f"{RLO}Deep"}, "text-direction", id="seo-title-rtl-override"),
    pytest.param({"title": "T" * 256}, "at most 255", id="page-title-too-long"),
    pytest.param(
        {"bibtex": "@misc{mine, title = {Mine {\\input{/etc/passwd}}}}"},
        "This entry holds TeX that reads or writes files, runs programs or redefines commands where a document "
        "cites it: \\input.",
        id="bibtex-reading-a-file",
    ),
    pytest.param(
        {"bibtex": "@misc{mine, title = {" + "@a{" * 40_000 + "}}"},
        f"At most {MAX_ENTRY_LENGTH:,} characters",
        id="bibtex-too-long",
    ),
]


@pytest.mark.parametrize(("fields", "error"), PUBLICATION_FORM_CASES)
def test_bad_publication_field_is_a_form_error(editor, site, fields, error):
    data, url = publication_form(editor, site, **fields)
    assert error in form_errors(post(editor, url, data))
    assert PublicationPage.objects.get().title == "Deep Homepages"


# ---------------------------------------------------------------------------
# BibTeX pasted into "Add by DOI, arXiv or BibTeX" (the same parser imports .bib files)
# ---------------------------------------------------------------------------

ADD_BY_IDENTIFIER = "/admin/publications/add-by-identifier/"


def bibtex_entry(title: str = "A title", author: str = "Pan, Zhuoshi", extra: str = "") -> str:
    return f"@article{{key, title = {{{title}}}, author = {{{author}}}, year = {{2024}}{extra}}}"


def nested(opening: str, middle: str, closing: str, depth: int) -> str:
    return opening * depth + middle + closing * depth


BIG_STRING = "@string{big = {" + "x" * 90_000 + "}}\n"


PASTED_BIBTEX = [
    pytest.param(bibtex_entry("{" * 5_000 + "Deep" + "}" * 5_000), id="braces-5000-deep"),
    pytest.param(bibtex_entry("\\textbf{" * 3_000 + "Deep" + "}" * 3_000), id="macros-3000-deep"),
    pytest.param(
        bibtex_entry("\\begin{itemize}" * 2_000 + "Deep" + "\\end{itemize}" * 2_000), id="environments-2000-deep"
    ),
    pytest.param("@article{key, title = {" + "{" * 20_000, id="braces-never-closed"),
    pytest.param(bibtex_entry(author=" and ".join(['M{\\"u}ller, J{\\o}rg'] * 5_000)), id="authors-5000-accented"),
    pytest.param(
        "".join(f"@string{{s{n} = s{n - 1} # s{n - 1}}}\n" for n in range(1, 40))
        + "@string{s0 = {x}}\n@article{key, title = s39, year = {2024}}",
        id="string-doubling-2^39",
    ),
    pytest.param(bibtex_entry(extra=", url = {javascript:alert(1)}, doi = {10.1/<script>}"), id="script-in-url-fields"),
    pytest.param(bibtex_entry("Control\x00\x01\x0b\x1b characters"), id="control-characters"),
    # Accents: pylatexenc put every accent on every character of its argument, inner marks included,
    # so nested accents doubled the text at each level (200 bytes took 12.7 s and 867 MB).
    pytest.param(bibtex_entry(nested('{\\"{', "u", "}}", 40)), id="nested-accents-40"),
    pytest.param(bibtex_entry(nested('{\\"{', "u", "}}", 200)), id="nested-accents-200"),
    pytest.param(bibtex_entry(nested('{\\"{', "u", "}}", 16_000)), id="nested-accents-100KB"),
    pytest.param(bibtex_entry('\\"' * 5_000 + "u"), id="accents-chained-without-braces"),
    pytest.param(bibtex_entry("\\v\\c\\H " * 3_000 + "u"), id="accent-words-chained"),
    pytest.param(bibtex_entry(nested('\\v{\\c{\\"{', "u", "}}}", 100)), id="mixed-accent-macros"),
    pytest.param(bibtex_entry(nested("\\hat{\\tilde{\\vec{", "x", "}}}", 2_000)), id="math-accents-nested"),
    pytest.param(bibtex_entry('{\\"u}' * 19_900), id="title-of-100KB-of-accents"),
    pytest.param(bibtex_entry('\\"{' * 1_000 + "u" + "\u0308" * 50_000 + "}" * 1_000), id="accent-on-raw-marks"),
    # Other nesting and runs of LaTeX
    pytest.param(bibtex_entry(nested("\\sqrt[", "x", "]", 5_000)), id="optional-arguments-5000-deep"),
    pytest.param(bibtex_entry(nested("\\footnote{", "x", "}", 5_000)), id="footnotes-5000-deep"),
    pytest.param(bibtex_entry("\\textbf\\emph" * 5_000 + " Deep"), id="macros-5000-deep-without-braces"),
    pytest.param(bibtex_entry("$" * 50_000), id="dollars-50000"),
    pytest.param(bibtex_entry("%~--``&" * 10_000), id="percent-and-specials"),
    pytest.param(bibtex_entry("\\href{https://example.org}{Deep} Nets"), id="href-in-title"),
    pytest.param(bibtex_entry(extra=", award = {" + "[" * 50_000 + "}"), id="award-of-open-brackets"),
    pytest.param(bibtex_entry(extra=", award = {" + "[a](" * 20_000 + "}"), id="award-of-open-links"),
    # @string abbreviations copied into every field that names them, and # joins of them
    pytest.param(
        BIG_STRING + "@misc{key, title = {T}, " + ", ".join(f"f{n} = big" for n in range(200)) + "}",
        id="string-used-in-200-fields",
    ),
    pytest.param(
        BIG_STRING + bibtex_entry("T").replace("{T}", " # ".join(["big"] * 200)), id="string-joined-200-times"
    ),
    pytest.param(
        "".join(f"@string{{s{n} = {{Proceedings {n}}}}}\n" for n in range(1_500))
        + "".join(f"@misc{{k{n}, title = {{T}} booktitle = s{n}}}\n" for n in range(1_000)),
        id="entries-to-repair-among-1500-strings",
    ),
    pytest.param("@comment{x}\n" * 8_000 + bibtex_entry(), id="comment-blocks-8000"),
    pytest.param(
        "@string{big = {" + '{\\"u}' * 5_000 + "}}\n" + "".join(f"@misc{{k{n}, title = big}}\n" for n in range(60)),
        id="string-written-out-past-the-budget",
    ),
    # Many blocks: the parser's work on each is that of a short entry, however little it holds
    pytest.param("@a{" * 33_000, id="33000-open-blocks"),
    pytest.param("@misc{,title={T}}\n" * 5_500, id="5500-empty-keys"),
    pytest.param("@misc{k, title={T}, year={2020}}\n" * 3_000, id="one-key-for-3000-entries"),
    pytest.param(
        "".join(f"@misc{{k{n}, title={{T}}, title={{U}}}}\n" for n in range(2_800)),
        id="a-field-repeated-in-every-entry",
    ),
    pytest.param("@misc{k, " + ", ".join(["title={T}"] * 9_000) + "}", id="a-field-given-9000-times"),
    # Missing commas: each entry is mended, then read again
    pytest.param(
        "@misc{k, title={T} " + " ".join(f"f{n}={{x}}" for n in range(10_000)) + "}", id="10000-missing-commas"
    ),
    pytest.param(
        "".join(f"@misc{{k{n}, " + " ".join(f"f{i}={{x}}" for i in range(14)) + "}\n" for n in range(700)),
        id="missing-commas-in-every-entry",
    ),
    # One long value of plain text, or a formula never closed
    pytest.param(bibtex_entry("Long-" * 19_000), id="title-of-95KB-of-text"),
    pytest.param(bibtex_entry("$" + "x^2 " * 24_000), id="formula-never-closed"),
]


@pytest.mark.parametrize("text", PASTED_BIBTEX)
def test_hostile_bibtex_is_read_or_refused_never_a_crash(editor, site, text):
    existing = set(PublicationPage.objects.values_list("pk", flat=True))
    response = post(editor, ADD_BY_IDENTIFIER, {"identifier": text})
    created = PublicationPage.objects.exclude(pk__in=existing)
    if response.status_code == 302:  # read: a draft to review
        page = created.get()
        assert page.authors.count() <= MAX_AUTHORS
        assert "\x00" not in page.title and "<script>" not in page.doi
        assert all(link.url.startswith("https://") for link in page.links.all())
        # The owner can edit it. Not timed: the editor renders every author's row (about
        # 12 ms each in Wagtail's forms), which is linear in what was saved, not an attack.
        assert editor.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    else:  # refused, saying why
        assert response.status_code == 200 and form_errors(response)
        assert not created.exists()


def test_pasting_megabytes_is_refused_unread_and_not_sent_back(client, site, django_user_model):
    """Any editor who may add publications can paste, not only the owner: 2.4 MB of ``@a{`` took 18 s
    and a worker's 1.3 GB, and came back whole in the page."""
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "editor password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(ADD_BY_IDENTIFIER).status_code == 200  # the form's templates compiled before timing
    text = "@a{" * 800_000  # within Django's 2.5 MB limit on a request's body
    response = post(client, ADD_BY_IDENTIFIER, {"identifier": text})
    assert f"At most {MAX_ENTRY_LENGTH:,} characters" in form_errors(response)
    assert len(response.content) < len(text) // 20
    assert (
        BeautifulSoup(response.content, "html.parser").select_one("textarea[name=identifier]").get_text().strip() == ""
    )
    assert list(PublicationPage.objects.all()) == [site.paper]


# ---------------------------------------------------------------------------
# Characters that XML cannot carry, in text that reaches the feed and the sitemap
# ---------------------------------------------------------------------------


def test_control_characters_in_news_never_break_the_feed(client, editor, site):
    profile = ProfileSettings.for_site(Site.objects.get())
    profile.name, profile.description = "Ada\x0bLovelace", "Pasted\x0c from a PDF"  # as an import may store them
    profile.save()
    data, url = snippet_add(editor, "news/newsitem", date="2026-01-01", text="Ctrl \x01\x0b\x1b\x7f news")
    response = post(editor, url, data)
    for path in ("/", "/news/", "/news/feed/", "/sitemap.xml"):
        assert get(client, path).status_code == 200
    if saved(response):
        feed = get(client, "/news/feed/").content
        assert b"\x01" not in feed and b"\x0b" not in feed and b"\x1b" not in feed


@pytest.mark.parametrize(
    "title", [pytest.param(f"Interests{RLO}", id="rtl-override"), pytest.param("I" * 101, id="too-long")]
)
def test_bad_section_title_is_a_form_error(editor, site, title):
    data, url = homepage_with(editor, site, section_title=title)
    assert not saved(post(editor, url, data))
    assert "Research Interests" in get(editor, "/").content.decode()


def test_right_to_left_text_without_overrides_is_welcome(client, editor, site):
    """Arabic or Hebrew needs no override characters; the plain direction marks stay allowed too."""
    title = "\u0627\u0644\u0646\u0645\u0627\u0630\u062c \u0627\u0644\u0643\u0628\u064a\u0631\u0629\u200f (LLMs)"
    data, url = publication_form(editor, site, title=title)
    assert saved(post(editor, url, data))
    assert title in get(client, PublicationPage.objects.get().url).content.decode()


# ---------------------------------------------------------------------------
# The request itself: forged hosts, hostile query strings and paths
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/publications/", "/news/feed/", "/sitemap.xml", "/robots.txt", "/admin/login/"])
@pytest.mark.parametrize("host", ["evil.example", "localhost@evil.example", "evil.example:80/x"])
def test_forged_host_header_is_a_bad_request(client, url, host):
    response = get(client, url, headers={"host": host})
    assert response.status_code == 400
    assert b"evil.example" not in response.content


def test_forwarded_host_is_not_used_in_absolute_urls(client, site):
    html = get(client, "/", headers={"x-forwarded-host": "evil.example"}).content.decode()
    assert "evil.example" not in html


@pytest.mark.parametrize(
    ("url", "status"),
    [
        pytest.param("/publications/?year=<script>alert(1)</script>&tag=%00&type=x", 200, id="query-markup"),
        pytest.param("/publications/?page=99999999999999999999999999", 200, id="query-huge-page"),
        pytest.param("/publications/?page=-1&page=%00", 200, id="query-negative-page"),
        pytest.param("/news/?year=%3Cscript%3E", 200, id="news-query"),
        pytest.param("/media/../../etc/passwd", 400, id="media-dot-dot"),
        pytest.param("/media/..%2f..%2fetc%2fpasswd", 400, id="media-encoded-dot-dot"),
        pytest.param("/media/%2fetc%2fpasswd", 404, id="media-absolute"),
        pytest.param("/publications/%3Cscript%3E.bib", 404, id="export-markup-slug"),
        pytest.param("/publications/%00/", 404, id="nul-in-path"),
        pytest.param("/publications/deep-homepages/%EF%BF%BF%F0%9F%98%80/", 404, id="noncharacter-in-path"),
    ],
)
def test_hostile_url_is_answered_without_reflecting_markup(client, site, url, status):
    response = get(client, url)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "<script>alert" not in html
        assert not active_content(html, page=True)
