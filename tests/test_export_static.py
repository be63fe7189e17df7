"""``manage.py export_static``: the demo site as plain files a static host serves unchanged.

The exports are checked with a link checker of their own (BeautifulSoup, not the
exporter's regular expressions), resolving every reference as a browser would
at the address the files are served from.
"""

import datetime
import itertools
import json
import re
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.models import Site

from homepage.models import HomePage
from news.models import NewsItem
from operations.static_export import links
from profile_site.models import ProfileSettings
from publications.models import PublicationPage
from tests.helpers import make_image

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE_URL = "https://owner.github.io/site/"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".bib", ".ris", ".svg"}


def export(out: Path, *arguments: str) -> str:
    stdout = StringIO()
    call_command("export_static", str(out), *arguments, stdout=stdout)
    return stdout.getvalue()


def parse_xml(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())  # noqa: S314 - our own export


def site_files(root: Path, suffixes: set[str]) -> list[Path]:
    """The exported files outside static/ (collectstatic's copy of the admin's assets is not the site)."""
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix in suffixes and path.relative_to(root).parts[0] != "static"
    ]


def served_url(root: Path, file: Path, base_url: str) -> str:
    """The address a static host serves ``file`` at: ``a/index.html`` at ``<base>a/``."""
    relative = file.relative_to(root).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative.removesuffix("index.html")
    return base_url + relative


def file_at(root: Path, path: str) -> Path:
    """The file a static host sends for ``path``: ``/a/`` is ``a/index.html``."""
    file = root / unquote(path).lstrip("/")
    return file / "index.html" if path.endswith("/") else file


def html_pages(root: Path) -> list[Path]:
    """The exported HTML pages (the Atom feed is served as news/feed/index.html, but is XML)."""
    return [page for page in site_files(root, {".html"}) if not page.read_bytes().startswith(b"<?xml")]


def references(html: str) -> list[str]:
    """Every URL a browser would load or follow from a page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        found += [tag[name] for name in ("href", "src", "poster", "action", "data") if tag.has_attr(name)]
        for name in ("srcset", "imagesrcset"):
            if tag.has_attr(name):
                found += [candidate.split()[0] for candidate in tag[name].split(",") if candidate.strip()]
        if tag.has_attr("style"):
            found += CSS_URL.findall(tag["style"])
    for style in soup.find_all("style"):
        found += CSS_URL.findall(style.get_text())
    return found


def broken_links(root: Path, base_url: str, skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Each reference of each page (and of the stylesheets they load) that does not lead to an exported file."""
    base = urlsplit(base_url)
    problems: list[str] = []
    stylesheets: dict[Path, str] = {}

    def check(reference: str, at: str, where: Path) -> None:
        parts = urlsplit(urljoin(at, reference))
        if parts.scheme not in {"http", "https"} or parts.netloc != base.netloc:
            return
        if not parts.path.startswith(base.path):
            problems.append(f"{where.relative_to(root)}: {reference} is outside {base.path}")
            return
        target = file_at(root, parts.path[len(base.path) - 1 :])
        if not target.is_file():
            problems.append(f"{where.relative_to(root)}: {reference} → missing {target.relative_to(root)}")
        elif target.suffix == ".css":
            stylesheets[target] = urljoin(at, reference)

    for page in html_pages(root):
        if page.relative_to(root).as_posix() not in skip:
            for reference in references(page.read_text(encoding="utf-8")):
                check(reference, served_url(root, page, base_url), page)
    for stylesheet, url in stylesheets.items():
        for reference in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")):
            check(reference, url, stylesheet)
    return problems


def publish_news(text: str) -> NewsItem:
    item = NewsItem(text=text, date=datetime.date(2025, 3, 1))
    item.save()
    item.save_revision().publish()
    return item


# --- What is exported ----------------------------------------------------------------------------


def test_the_demo_is_exported_as_a_visitor_gets_it(imported_demo, tmp_path, client):
    out = tmp_path / "site"
    summary = export(out)

    locations = [loc.text for loc in parse_xml(out / "sitemap.xml").iter(f"{SITEMAP}loc")]
    assert len(locations) == 9  # home, news, publications, five papers and the CV
    for location in locations:
        assert location.startswith("http://localhost/")
        assert file_at(out, urlsplit(location).path).is_file(), location
    for name in [
        "index.html", "404.html", "robots.txt", "favicon.ico", "news/index.html", "news/feed/index.html",
        "publications.bib", "publications.ris", "publications.json", "metrics/citations.json",
        "metrics/h-index.json", "metrics/i10-index.json", "metrics/badges/citations.svg",
        "about/index.html", "about.html", "static/css/site.css", ".static-export", "cv/index.html", "cv.pdf",
        "cv-a4.pdf", "cv-letter.pdf",
        "cv.json",
    ]:  # fmt: skip
        assert (out / name).is_file(), name
    papers = list((out / "publications").glob("*/index.html"))
    assert len(papers) == 5
    for paper, fmt in itertools.product(papers, ("bib", "ris", "json")):
        assert (paper.parent.parent / f"{paper.parent.name}.{fmt}").is_file()
    # A static host cannot redirect a file: /favicon.ico holds the icon the live site redirects to.
    assert (out / "favicon.ico").read_bytes() == Path(finders.find("favicon.svg")).read_bytes()
    assert parse_xml(out / "news/feed/index.html").tag == f"{ATOM}feed"

    for path in ["/", "/publications/", "/news/", "/sitemap.xml", "/publications.bib"]:
        response = client.get(path, HTTP_HOST="localhost")  # the site's address under Settings → Sites
        assert response.status_code == 200
        assert file_at(out, path).read_bytes() == response.content, path

    assert broken_links(out, "http://localhost/") == []
    for page in html_pages(out):
        html = page.read_text(encoding="utf-8")
        assert "csrfmiddlewaretoken" not in html
        assert not BeautifulSoup(html, "html.parser").find_all(attrs={"nonce": True}), page

    assert "pages: 10 (with 404.html), redirects: 2" in summary
    files = [path for path in out.rglob("*") if path.is_file()]
    assert f"total: {len(files)} files, {sum(path.stat().st_size for path in files):,} bytes" in summary
    assert "/publications/?year=" in summary  # the filters: a static host ignores the query string


# --- Served from a sub-path ----------------------------------------------------------------------


def test_base_url_moves_every_link_and_address_under_it(imported_demo, tmp_path):
    site = Site.objects.get(is_default_site=True)
    profile = ProfileSettings.for_site(site)
    profile.avatar = make_image("avatar", (400, 400))
    profile.cv = get_document_model().objects.create(title="CV", file=ContentFile(b"%PDF-1.4 my cv", name="cv.pdf"))
    profile.save()
    out = tmp_path / "site"
    out.mkdir()
    (out / ".static-export").write_text("an earlier export")
    (out / "old-page.html").write_text("gone in the next export")

    summary = export(out, "--base-url", "https://owner.github.io/site")  # no --force: it replaces an export
    assert f"Exported {BASE_URL}" in summary
    assert not (out / "old-page.html").exists()

    assert broken_links(out, BASE_URL) == []
    for file in site_files(out, TEXT_SUFFIXES):
        assert "http://localhost" not in file.read_text(encoding="utf-8"), file
    for page in html_pages(out):
        for reference in references(page.read_text(encoding="utf-8")):
            assert not links.is_root_relative(reference) or reference.startswith("/site/"), (page, reference)

    homepage = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert homepage.find("link", rel="canonical")["href"] == BASE_URL
    assert homepage.find("meta", property="og:url")["content"] == BASE_URL
    assert homepage.find("link", rel="stylesheet")["href"] == "/site/static/css/site.css"
    assert homepage.find("link", type="application/atom+xml")["href"] == "/site/news/feed/"
    person = json.loads(homepage.find("script", type="application/ld+json").string)
    assert person["url"] == BASE_URL
    assert person["image"].startswith(f"{BASE_URL}media/images/avatar")

    cv_link = homepage.select_one(".sidebar a[href*='/documents/']")["href"]
    assert cv_link == "/site" + profile.cv.url
    assert (out / cv_link.removeprefix("/site/")).read_bytes() == b"%PDF-1.4 my cv"

    locations = [loc.text for loc in parse_xml(out / "sitemap.xml").iter(f"{SITEMAP}loc")]
    assert locations and all(location.startswith(BASE_URL) for location in locations)
    feed = parse_xml(out / "news/feed/index.html")
    assert feed.find(f"{ATOM}id").text == f"{BASE_URL}news/"
    assert {link.get("href") for link in feed.findall(f"{ATOM}link")} == {f"{BASE_URL}news/", f"{BASE_URL}news/feed/"}
    entry_links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert entry_links and all(link.startswith(BASE_URL) for link in entry_links)
    assert f"Sitemap: {BASE_URL}sitemap.xml" in (out / "robots.txt").read_text()

    redirect = BeautifulSoup((out / "about/index.html").read_text(encoding="utf-8"), "html.parser")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={BASE_URL}"
    assert redirect.find("link", rel="canonical")["href"] == BASE_URL

    # Every figure, avatar and link-preview image a page uses is exported, as an image.
    images = set()
    for page in html_pages(out):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        images |= {img["src"] for img in soup.find_all("img")}
        for source in soup.find_all("source"):
            images |= {candidate.split()[0] for candidate in source["srcset"].split(",")}
        images |= {meta["content"] for meta in soup.find_all("meta", property="og:image")}
    images = {urlsplit(urljoin(BASE_URL, image)).path for image in images}
    assert any("avatar" in image for image in images)
    assert sum("format-avif" in image for image in images) >= 10
    for image in images:
        assert image.startswith("/site/media/images/"), image
        with PILImage.open(out / image.removeprefix("/site/")) as picture:
            picture.verify()


def test_relative_links_work_from_every_folder(imported_demo, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "chapter1.tex").write_text("not an export")
    export(out, "--relative", "--base-url", BASE_URL, "--force")  # --force: replaces a folder that is no export
    assert not (out / "chapter1.tex").exists()
    assert broken_links(out, BASE_URL) == []
    # The same files work at any other address too, except 404.html: served at every depth, it keeps absolute paths.
    assert broken_links(out, "https://uni.example.edu/~owner/", skip={"404.html"}) == []
    paper = next((out / "publications").glob("*/index.html"))
    soup = BeautifulSoup(paper.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("link", rel="stylesheet")["href"] == "../../static/css/site.css"
    assert soup.select_one(".masthead__title")["href"] == "../../"
    not_found = BeautifulSoup((out / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in not_found.select(".not-found__links a")] == [
        "/site/",
        "/site/publications/",
        "/site/news/",
    ]
    assert "There is no page at this address." in not_found.main.get_text(" ", strip=True)


# --- Nothing per-response, nothing half-written --------------------------------------------------


def earlier_export(out: Path) -> bytes:
    out.mkdir()
    (out / ".static-export").write_text("an earlier export")
    (out / "index.html").write_bytes(b"<p>the site as it was</p>")
    return (out / "index.html").read_bytes()


def test_a_failed_export_names_every_problem_and_keeps_the_earlier_one(imported_demo, tmp_path, monkeypatch):
    out = tmp_path / "site"
    before = earlier_export(out)
    publish_news("Slides are on [the old page](/talks/2019/).")
    form = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="s3cr3t"></form>'
    original_serve = HomePage.serve
    monkeypatch.setattr(
        HomePage,
        "serve",
        lambda self, request: HttpResponse(original_serve(self, request).render().content + form.encode()),
    )

    with pytest.raises(CommandError) as failure:
        export(out)
    message = str(failure.value)
    assert f"Export failed, {out} was left as it was. 2 problem(s):" in message
    assert "/ (linked from the site's list of public addresses) contains a CSRF token" in message
    assert "/talks/2019/ (linked from /) answered HTTP 404" in message
    assert (out / "index.html").read_bytes() == before  # the earlier export is still there
    assert [path.name for path in tmp_path.iterdir()] == ["site"]  # and nothing half-written beside it


def test_out_dir_must_be_a_folder_an_export_may_replace(imported_demo, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("my notes")
    with pytest.raises(CommandError, match="is a file"):
        export(a_file)

    unrelated = tmp_path / "thesis"
    unrelated.mkdir()
    (unrelated / "chapter1.tex").write_text("\\chapter{Introduction}")
    with pytest.raises(CommandError, match="does not look like an earlier export.*--force"):
        export(unrelated)
    assert (unrelated / "chapter1.tex").is_file()

    with pytest.raises(CommandError, match="holds the project"):
        export(Path(settings.BASE_DIR))
    with pytest.raises(CommandError, match="base URL must be an http"):
        export(tmp_path / "site", "--base-url", "owner.github.io/site")

    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt", "thesis"]


# --- The link functions on their own -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "directory", "expected"),
    [
        ("/static/css/site.css", "/publications/paper/", "../../static/css/site.css"),
        ("/", "/publications/paper/", "../../"),
        ("/", "/", "./"),
        ("/news/", "/", "news/"),
        ("/#-news", "/news/", "../#-news"),
        ("/publications/?year=2025", "/publications/", "./?year=2025"),
        ("/a:b/", "/", "./a:b/"),
        ("https://example.org/x", "/news/", "https://example.org/x"),
        ("#main", "/news/", "#main"),
    ],
)
def test_relative_link(url, directory, expected):
    assert links.relative_link(url, directory) == expected


def test_rewriting_changes_only_urls():
    html = (
        '<a href="/news/" data-copy="/x" title=\'say href="/y"\'>/news/</a>'
        '<img src=/a.png srcset="/a.png 1x, /b.png 2x" style="background: url(\'/c.png\')">'
        "<style>.x { background: url(/d.png) }</style>"
    )
    rewritten = links.rewrite_html(html, links.under_base_path("/site/"))
    assert rewritten == (
        '<a href="/site/news/" data-copy="/x" title=\'say href="/y"\'>/news/</a>'
        '<img src=/site/a.png srcset="/site/a.png 1x, /site/b.png 2x" style="background: url(\'/site/c.png\')">'
        "<style>.x { background: url(/site/d.png) }</style>"
    )
    feed = '<summary type="html">&lt;a href="/publications/x/"&gt;paper&lt;/a&gt;</summary>'
    assert links.rewrite_escaped_html(feed, links.under_base_path("/site/")) == feed.replace('"/pub', '"/site/pub')


def test_only_the_sites_own_address_moves():
    pattern = links.origin_pattern({"http://localhost"})
    text = "http://localhost/a http://localhost http://localhost.example.org/ http://localhost:8000/"
    assert links.replace_origins(text, pattern, BASE_URL) == (
        f"{BASE_URL}a {BASE_URL} http://localhost.example.org/ http://localhost:8000/"
    )
    assert links.same_origin_paths("See http://localhost/news/. Or http://localhost, the same.", pattern) == [
        "/news/",
        "/",
    ]


def test_per_response_secrets_are_found():
    assert links.per_response_secrets('<input type="hidden" name="csrfmiddlewaretoken" value="x">') == [
        "a CSRF token (csrfmiddlewaretoken)"
    ]
    assert links.per_response_secrets("<script nonce=abc src=/a.js></script>") == ["a nonce attribute on <script>"]
    assert links.per_response_secrets(
        '<meta http-equiv="Content-Security-Policy" content="script-src \'nonce-x\'">'
    ) == ["a CSP nonce ('nonce-…')"]
    assert links.per_response_secrets("<p>A nonce = a number used once.</p>") == []


def test_a_renamed_paper_is_redirected_in_the_export(imported_demo, tmp_path, django_capture_on_commit_callbacks):
    paper = PublicationPage.objects.live().first()
    old_slug = paper.slug
    paper.slug = f"{old_slug}-renamed"
    with django_capture_on_commit_callbacks(execute=True):
        paper.save_revision().publish()
    out = tmp_path / "site"
    summary = export(out)
    assert "redirects: 3" in summary
    redirect = BeautifulSoup((out / "publications" / old_slug / "index.html").read_text(), "html.parser")
    assert f"{old_slug}-renamed" in redirect.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert broken_links(out, "http://localhost/") == []
