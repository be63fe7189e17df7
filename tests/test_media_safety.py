"""Nothing under ``/media/`` runs as a page or a script of the site, and private files stay private.

A GIF that is also an HTML page (a "polyglot") was stored by an importer as
``original_images/x.html``, served as ``text/html`` from the site's origin, and
with the owner signed in created a superuser. Now every file reaches storage
through the image library's one check, under the extension of its real format;
``/media/`` answers with headers that keep any file inert whatever it holds;
documents are only served by Wagtail's document view, which checks who may see
them, and on disk only the site's own user reads them; and nothing private is
linked from the feed or copied by the static export.
tests/e2e/test_media_inert.py watches the same in Chromium.
"""

from __future__ import annotations

import datetime
import io
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from homepage.importers.acadhomepage import parse_about
from homepage.importers.writer import import_site
from homepage.site_tree import ensure_homepage
from news.models import NewsItem
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationPage
from tests.file_modes import mode, umask
from tests.helpers import make_image

pytestmark = pytest.mark.django_db

SANDBOX = "sandbox; default-src 'none'"
SCRIPT = b"<script>fetch('/admin/users/add/', {method: 'POST'}); document.title = 'ran'</script>"


def polyglot_gif() -> bytes:
    """A GIF that Pillow decodes, with an HTML page after its last byte, which a browser would run as HTML."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), "#336699").save(buffer, "GIF")
    return buffer.getvalue() + b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"


def media_file(name: str, data: bytes) -> Path:
    """A file put into the media folder by hand (or by an older version, before files were checked)."""
    path = Path(settings.MEDIA_ROOT, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def media_url(name: str) -> str:
    return settings.MEDIA_URL + name


def assert_inert(response) -> None:
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"


# ---------------------------------------------------------------------------
# Files an importer brings in
# ---------------------------------------------------------------------------


def paper_box_page(image: str) -> str:
    return (
        "# Publications\n"
        '<div class="paper-box"><div class="paper-box-image"><div><div class="badge">ACL 2024</div>'
        f'<img src="{image}" alt="figure" width="100%"></div></div>\n'
        '<div class="paper-box-text" markdown="1">\n\n'
        "[A Paper](https://arxiv.org/abs/2403.12968)\n\n**Me**, You\n</div>\n</div>\n"
    )


def test_a_polyglot_figure_of_an_acadhomepage_site_is_stored_and_served_as_the_gif_it_is(client, tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "x.html").write_bytes(polyglot_gif())
    import_site(parse_about(paper_box_page("images/x.html")), images_dir=tmp_path)
    image = get_image_model().objects.get()
    assert image.file.name.endswith(".gif") and ".html" not in image.file.name
    response = client.get(image.file.url)
    assert response["Content-Type"] == "image/gif"
    assert_inert(response)


def test_a_polyglot_preview_of_a_bibtex_file_is_stored_as_a_gif(client, tmp_path):
    PublicationIndexPage.ensure_under(ensure_homepage()[0])
    (tmp_path / "x.html").write_bytes(polyglot_gif())
    bib = tmp_path / "papers.bib"
    bib.write_text("@inproceedings{a, title={A Paper}, author={Me, A.}, year={2024}, preview={x.html}}\n")
    call_command("import_bibtex", str(bib), "--images", str(tmp_path), stdout=StringIO())
    image = PublicationPage.objects.get().teaser_image
    assert image is not None and image.file.name.endswith(".gif")
    assert client.get(image.file.url)["Content-Type"] == "image/gif"


def test_a_file_that_is_no_image_is_not_imported_and_not_stored(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "x.png").write_bytes(b"<!doctype html>" + SCRIPT)
    before = {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}
    report = import_site(parse_about(paper_box_page("images/x.png")), images_dir=tmp_path)
    assert any("images/x.png" in warning and "valid image" in warning for warning in report.warnings)
    image = PublicationPage.objects.get().teaser_image
    assert image.file.name.endswith(".png") and "placeholder" in image.file.name  # a placeholder figure instead
    written = {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()} - before
    assert all(SCRIPT not in path.read_bytes() for path in written)


# ---------------------------------------------------------------------------
# /media/ itself
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("original_images/figure.png", "image/png"),
        ("original_images/x.gif", "image/gif"),
        ("images/figure.width-800.webp", "image/webp"),
    ],
)
def test_images_are_served_as_images_that_cannot_run(client, name, content_type):
    media_file(name, polyglot_gif())
    response = client.get(media_url(name))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert_inert(response)


@pytest.mark.parametrize("name", ["original_images/x.html", "original_images/x.js", "original_images/x.svg", "x.txt"])
def test_any_other_file_is_downloaded_never_shown(client, name):
    media_file(name, polyglot_gif())
    response = client.get(media_url(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert_inert(response)


@pytest.mark.parametrize("path", ["x%00", "original_images/x.gif%00.html", "%00"])
def test_a_nul_in_a_media_path_is_not_found(client, path):
    assert client.get(settings.MEDIA_URL + path).status_code == 404


def test_media_cannot_be_posted_to(client):
    media_file("original_images/figure.png", polyglot_gif())
    assert client.post(media_url("original_images/figure.png")).status_code == 405


# ---------------------------------------------------------------------------
# Documents: only through Wagtail's document view
# ---------------------------------------------------------------------------


@pytest.fixture
def private_document(admin_user):
    """A PDF in a collection only signed-in users may see."""
    root = Collection.get_first_root_node()
    private = root.add_child(name="Private")
    restriction = CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    restriction.groups.set(Group.objects.none())
    document = get_document_model().objects.create(
        title="Referee report", collection=private, file=ContentFile(b"%PDF-1.4 secret", name="report.pdf")
    )
    return document


def test_a_private_document_is_never_served_from_media(client, private_document):
    name = private_document.file.name
    assert name.startswith("documents/")
    for path in (name, name.upper(), f"original_images/../{name}", f"images/%2e%2e/{name}", "documents/"):
        response = client.get(media_url(path))
        assert response.status_code == 404, path
        assert b"secret" not in response.content
    response = client.get(private_document.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_public_document_is_served_by_its_document_page(client):
    document = get_document_model().objects.create(
        title="CV", file=ContentFile(b"%PDF-1.4 public", name="cv.pdf"), collection=Collection.get_first_root_node()
    )
    assert client.get(media_url(document.file.name)).status_code == 404
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 public"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_uploaded_in_the_admin_is_readable_by_the_site_only(client, admin_user):
    client.force_login(admin_user)
    root = Collection.get_first_root_node()
    with umask(0o022):  # what most machines have: without care, new files are world-readable
        one = client.post(
            reverse("wagtaildocs:add"),
            {"title": "Referee report", "collection": root.id, "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4")},
        )
        several = client.post(
            reverse("wagtaildocs:add_multiple"),
            {"collection": root.id, "files[]": SimpleUploadedFile("review.pdf", b"%PDF-1.4 review")},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        image = make_image("Portrait", (40, 30))
    assert one.status_code == 302 and several.status_code == 200
    files = [Path(document.file.path) for document in get_document_model().objects.all()]
    assert len(files) == 2 and {mode(path) for path in files} == {0o600}
    assert mode(files[0].parent) == 0o700  # nor may anyone else list their names
    assert mode(Path(image.file.path)) == 0o644  # a web server may still serve the images


def test_migrate_narrows_documents_an_earlier_version_left_readable(private_document):
    path = Path(private_document.file.path)
    path.chmod(0o644)
    path.parent.chmod(0o755)
    call_command("migrate", verbosity=0, interactive=False)  # what every upgrade runs
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


# ---------------------------------------------------------------------------
# Private pages and documents appear nowhere public
# ---------------------------------------------------------------------------


@pytest.fixture
def private_paper(db):
    home, _, _ = ensure_homepage()
    home.about = "About me."
    home.sections = [("about", {"title": "About Me"}), ("news", {"title": "News", "count": 10})]
    home.save_revision().publish()
    index = PublicationIndexPage.ensure_under(home)
    paper = PublicationPage(title="Secret Paper Under Review", slug="secret-paper-under-review", featured=True)
    paper.authors = [PublicationAuthor(name="Ada Lovelace", is_owner=True)]
    index.add_publication(paper)
    paper.save_revision().publish()
    PageViewRestriction.objects.create(page=paper, restriction_type="login")
    NewsItem.objects.create(date=datetime.date(2025, 1, 2), text="Submitted a paper.", publication=paper, live=True)
    return paper


def test_the_feed_does_not_link_to_a_private_paper(client, private_paper):
    feed = client.get("/news/feed/").content.decode()
    assert "Submitted a paper." in feed
    assert private_paper.slug not in feed


def test_the_static_export_leaves_private_pages_and_documents_out(client, private_paper, private_document, tmp_path):
    home = private_paper.get_parent().get_parent().specific
    home.about = f"My [report]({private_document.url}) and [paper]({private_paper.url})."
    home.save_revision().publish()
    out = tmp_path / "out"
    output = StringIO()
    call_command("export_static", str(out), stdout=output)
    files = [path for path in out.rglob("*") if path.is_file()]
    assert not any(private_paper.slug in str(path) for path in files)
    assert sorted(path.relative_to(out).as_posix() for path in files if path.suffix == ".pdf") == [
        "cv-a4.pdf",
        "cv-letter.pdf",
        "cv.pdf",
    ]
    # The owner's own link stays (it leads nowhere in the copy); the paper and the report do not.
    assert not [path for path in files if b"%PDF-1.4 secret" in path.read_bytes()]
    assert not [path for path in files if b"Secret Paper Under Review" in path.read_bytes()]
    cv_text = "".join(page.extract_text() for page in PdfReader(out / "cv.pdf").pages)
    assert "Secret Paper Under Review" not in cv_text and "Ada Lovelace" not in cv_text
    assert "private and were left out" in output.getvalue()
