"""What an import reads and leaves behind.

A checkout is someone else's repository: it may link out of itself, hold a
device or a FIFO, or a figure of many megabytes. The importer reads regular
files inside it only, each within a size limit, and says which it refused; a
path starting with ``/`` starts at the site's root, as on the site. An import
that fails (or a dry run) leaves no file in the media folder, and an about text
longer than a field holds is kept whole, in several sections the owner can edit.
"""

from __future__ import annotations

import gc
import os
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from core.markdown import MAX_LENGTH, split_markdown
from core.source_files import SourceFileError, read_source_file
from homepage.importers import writer
from homepage.importers.acadhomepage import parse_about
from homepage.importers.writer import import_site
from homepage.models import HomePage
from tests.helpers import DEMO_PAGE, edit_page, sections_form_data, site_profile

pytestmark = pytest.mark.django_db

CONFIG = "author:\n  name: Ada Lovelace\n  avatar: {avatar}\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_pages").mkdir(parents=True)
    (site / "_pages" / "about.md").write_bytes(DEMO_PAGE.read_bytes())
    (site / "_config.yml").write_text(CONFIG.format(avatar="images/me.png"), encoding="utf-8")
    (site / "images").mkdir()
    Image.new("RGB", (64, 64), "#224488").save(site / "images" / "me.png")
    Image.new("RGB", (640, 360), "#884422").save(site / "images" / "TokenSelect.png")
    (tmp_path / "outside.txt").write_text("the neighbour's private notes", encoding="utf-8")
    return site


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_acadhomepage", *args, "--no-check", stdout=out, stderr=StringIO())
    return out.getvalue()


def media_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


# ---------------------------------------------------------------------------
# Only regular files inside the checkout
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["_pages/about.md", "_config.yml", "_data/navigation.yml"])
def test_a_text_file_that_links_out_of_the_checkout_stops_the_import(checkout, name):
    target = checkout / name
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(checkout.parent / "outside.txt")
    with pytest.raises(CommandError, match="leads outside"):
        run("--repo", str(checkout))
    assert not HomePage.objects.exists()


def test_a_figure_or_stats_file_that_links_out_is_skipped_with_a_warning(checkout):
    (checkout / "images" / "TokenSelect.png").unlink()
    (checkout / "images" / "TokenSelect.png").symlink_to(checkout.parent / "outside.txt")
    (checkout / "google-scholar-stats").mkdir()
    (checkout / "google-scholar-stats" / "gs_data.json").symlink_to(checkout.parent / "outside.txt")
    output = run("--repo", str(checkout))
    assert "images/TokenSelect.png" in output and "leads outside" in output
    assert "gs_data.json" in output and "were not imported" in output
    assert not get_document_model().objects.exists()
    assert all(b"private notes" not in path.read_bytes() for path in media_files())


@pytest.mark.parametrize("avatar", ["/dev/zero", "images/zero.png"])
def test_a_device_as_avatar_is_refused_at_once(checkout, avatar):
    (checkout / "images" / "zero.png").symlink_to("/dev/zero")
    (checkout / "_config.yml").write_text(CONFIG.format(avatar=avatar), encoding="utf-8")
    output = run("--repo", str(checkout))
    assert f"Avatar {avatar}" in output
    assert site_profile().avatar is None


def test_a_fifo_in_the_checkout_does_not_block_the_import(checkout):
    (checkout / "images" / "TokenSelect.png").unlink()
    os.mkfifo(checkout / "images" / "TokenSelect.png")
    output = run("--repo", str(checkout))
    assert "not a regular file" in output


def test_a_figure_larger_than_an_upload_may_be_is_not_read(checkout, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100_000  # a placeholder figure is about 26 KB
    Image.effect_noise((400, 400), 100).convert("RGB").save(checkout / "images" / "TokenSelect.png")
    output = run("--repo", str(checkout))
    assert "larger than" in output and "TokenSelect.png" in output


def test_an_animation_of_more_pixels_than_the_library_takes_is_shown_as_its_first_frame(checkout, settings, client):
    """A real site's demo animations (1198×654, 450 frames: 352 million pixels) were refused, whole figures lost;
    the library's limit counts every frame. A still of the first frame is shown, and the report says so."""
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 400_000  # the figure: 200×150 in 21 frames, 630,000 pixels
    frames = [Image.new("RGB", (200, 150), colour) for colour in ("#224488", "#884422", "#228844") * 7]
    frames[0].save(checkout / "images" / "TokenSelect.png", format="GIF", save_all=True, append_images=frames[1:])
    output = run("--repo", str(checkout))
    assert "TokenSelect.png: an animation of 200×150 in 21 frames, more pixels than the library takes" in output
    figure = get_image_model().objects.get(title__startswith="TokenSelect:")
    with Image.open(figure.file) as still:
        assert (still.format, still.size, getattr(still, "n_frames", 1)) == ("PNG", (200, 150), 1)
        assert still.convert("RGB").getpixel((0, 0)) == (0x22, 0x44, 0x88)
    assert BeautifulSoup(client.get("/").content, "html.parser").select_one(".paper-box__figure img")


def test_a_figure_of_more_pixels_than_the_library_takes_is_shown_made_smaller(checkout, settings, client):
    """A real site's figures were exported at 6826×7701 (52 million pixels, over the library's 40 million): each
    paper showed a placeholder. The figure is made smaller, and the report says so."""
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 400_000
    figure = Image.new("RGB", (1000, 600), "#224488")
    figure.paste(Image.new("RGB", (500, 600), "#884422"), (500, 0))  # two halves: the picture stays the picture
    figure.save(checkout / "images" / "TokenSelect.png")
    output = run("--repo", str(checkout))
    assert "TokenSelect.png: 1000×600 pixels, more than the library takes; shown made smaller, 815×489" in output
    assert "TokenSelect.png: This file has too many pixels" not in output
    stored = get_image_model().objects.get(title__startswith="TokenSelect:")
    assert (stored.width, stored.height) == (815, 489) and stored.width * stored.height <= 400_000
    with Image.open(stored.file) as smaller:
        assert smaller.format == "PNG"
        assert smaller.getpixel((100, 244)) == (0x22, 0x44, 0x88) and smaller.getpixel((700, 244)) == (0x88, 0x44, 0x22)
    assert BeautifulSoup(client.get("/").content, "html.parser").select_one(".paper-box__figure img")


def test_an_avatar_path_from_the_site_root_is_found(checkout):
    (checkout / "_config.yml").write_text(CONFIG.format(avatar="/images/me.png"), encoding="utf-8")
    run("--repo", str(checkout))
    assert site_profile().avatar is not None


def test_a_file_given_by_name_is_read_only_if_regular_and_small(tmp_path):
    with pytest.raises(SourceFileError, match="not a regular file"):
        read_source_file(Path("/dev/zero"), limit=100)
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 101)
    with pytest.raises(SourceFileError, match="larger than"):
        read_source_file(big, limit=100)
    with pytest.raises(CommandError, match="not a regular file"):
        run("/dev/zero")


# ---------------------------------------------------------------------------
# Nothing written to storage survives a failed import
# ---------------------------------------------------------------------------


def test_a_failed_import_leaves_no_file_behind(checkout, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(writer._Writer, "homepage_content", fail)  # after the figures are written
    before = media_files()
    with pytest.raises(RuntimeError):
        run("--repo", str(checkout))
    assert media_files() == before
    assert not get_image_model().objects.exists()


def test_an_import_leaves_no_buffer_of_what_it_wrote_open(settings):
    """Wagtail writes each new rendition from a temporary file it never closes, and with DEBUG on (``make run``)
    Django keeps every function connected to a signal in a cache: the list of files an import wrote stayed, with
    their buffers, and at the end of an import of a real site Python printed "Exception ignored in
    SpooledTemporaryFile.__del__" with a traceback for each."""
    import tempfile

    from django.core.files.base import ContentFile

    from core.figures import placeholder_png
    from core.uncommitted_files import removed_on_failure

    settings.DEBUG = True

    def open_buffers() -> int:
        gc.collect()
        return sum(type(o) is tempfile.SpooledTemporaryFile and not o.closed for o in gc.get_objects())

    before = open_buffers()
    with removed_on_failure():
        image = get_image_model().objects.create(title="A figure", file=ContentFile(placeholder_png("A"), "a.png"))
        image.get_rendition("max-100x100")
        assert open_buffers() > before  # Wagtail's, for the rendition it just made
    assert open_buffers() == before


def test_a_dry_run_leaves_no_file_behind(checkout):
    before = media_files()
    output = run("--repo", str(checkout), "--dry-run")
    assert "Dry run" in output
    assert media_files() == before


def test_a_paper_that_fails_keeps_no_figure_and_the_rest_is_imported(checkout, monkeypatch):
    calls = []
    original = writer.upsert_publication

    def fail_once(record, **kwargs):
        if not calls:
            calls.append(record.title)
            raise writer.ValidationError("a paper that cannot be saved")
        return original(record, **kwargs)

    monkeypatch.setattr(writer, "upsert_publication", fail_once)
    before = media_files()
    output = run("--repo", str(checkout))
    assert "not imported: a paper that cannot be saved" in output
    stored = {Path(settings.MEDIA_ROOT, image.file.name).resolve() for image in get_image_model().objects.all()}
    assert {path.resolve() for path in media_files() - before} == stored  # the failed paper's figure went with it


# ---------------------------------------------------------------------------
# An about text longer than a field holds
# ---------------------------------------------------------------------------


def long_about(paragraphs: int) -> str:
    text = "\n\n".join(f"Paragraph {number}: " + "words " * 60 for number in range(paragraphs))
    return f"{text}\n\n<!-- a note the owner hid: {'hidden ' * 3000}-->\n\nThe last visible words."


def test_a_long_about_text_continues_in_sections_the_owner_can_edit_and_save(admin_client):
    about = long_about(150)
    assert len(about) > 2 * MAX_LENGTH
    report = import_site(parse_about(about))
    home = HomePage.objects.get()
    assert len(home.about) <= MAX_LENGTH
    continued = [block for block in home.sections if block.block_type == "markdown"]
    assert len(continued) >= 2 and all(len(block.value["body"]) <= MAX_LENGTH for block in continued)
    assert any("continued" in warning for warning in report.warnings)
    page = admin_client.get("/").content.decode()
    assert "Paragraph 0:" in page and "Paragraph 149:" in page and "The last visible words." in page
    assert "hidden hidden" not in page and "a note the owner hid" not in page
    # The text reads on as on the old page: no heading "About Me (continued)", nor a link to it in the navigation.
    assert "(continued)" not in page
    sections = [(child.block_type, {k: v or "" for k, v in child.value.items()}) for child in home.sections]
    data, url = edit_page(admin_client, home)
    data.update(sections_form_data(sections))
    assert admin_client.post(url, data).status_code == 302  # saved: every piece is within what the form takes


def test_pieces_are_cut_between_paragraphs_and_keep_comments_closed():
    pieces = split_markdown(long_about(150))
    assert all(len(piece) <= MAX_LENGTH for piece in pieces)
    assert all(piece.count("<!--") == piece.count("-->") for piece in pieces)
    assert all(piece.startswith(("Paragraph", "<!--", "The last")) for piece in pieces)


def test_a_raw_html_about_page_of_one_long_line_is_imported():
    line = "<p>" + "word " * 12_000 + "</p>"
    import_site(parse_about(line))
    home = HomePage.objects.get()
    pieces = [home.about, *(block.value["body"] for block in home.sections if block.block_type == "markdown")]
    assert "".join(pieces).count("word") == 12_000


def test_a_heading_longer_than_a_section_title_is_shortened_with_a_warning():
    heading = "Selected Publications and Preprints " * 8
    report = import_site(parse_about(f"# {heading}\n- [A Paper](https://arxiv.org/abs/2403.12968), Me and You\n"))
    block = HomePage.objects.get().sections[0]
    assert len(block.value["title"]) <= 100 and block.value["title"].startswith("Selected Publications")
    assert any("longer than 100 characters, shortened" in warning for warning in report.warnings)


def test_a_news_line_longer_than_a_news_item_holds_stays_on_the_page_as_text(client):
    line = "A very long announcement " * 1000
    report = import_site(parse_about(f"# News\n- *2024.05*: {line}\n- *2024.04*: A short one.\n"))
    assert any("kept as a line of text under the list" in warning for warning in report.warnings)
    home = HomePage.objects.get()
    blocks = list(home.sections)
    assert all(len(block.value.get("note") or block.value.get("body") or "") <= MAX_LENGTH for block in blocks)
    html = client.get("/").content.decode()
    assert html.count("announcement") == 1000 and "A short one." in html  # cut between words, none lost


# ---------------------------------------------------------------------------
# A page kept in several files: Jekyll's includes are put in their place.


def test_included_files_are_imported_in_their_place(checkout):
    pages = checkout / "_pages"
    (pages / "includes").mkdir()
    (pages / "about.md").write_text(
        "---\npermalink: /\n---\nIntro from the page itself.\n\n"
        "{% include_relative includes/news.md %}\n\n{% include publications.md %}\n"
        "{% include_relative ../../outside.txt %}\n",
        encoding="utf-8",
    )
    (pages / "includes" / "news.md").write_text(
        "# 🔥 News\n- *2024.05*: Kept in another file.\n\n{%- include_relative more-news.md -%}\n", encoding="utf-8"
    )
    (pages / "includes" / "more-news.md").write_text("- *2023.01*: Two files away.\n", encoding="utf-8")
    (checkout / "_includes").mkdir()
    (checkout / "_includes" / "publications.md").write_text(
        "---\ntitle: ignored\n---\n# 📝 Publications\n"
        "- [Included Paper](https://arxiv.org/abs/2401.00001), **Ada Lovelace**\n",
        encoding="utf-8",
    )
    output = run("--repo", str(checkout))
    homepage = HomePage.objects.get()
    assert "Intro from the page itself." in homepage.about
    from news.models import NewsItem
    from publications.models import PublicationPage

    assert sorted(NewsItem.objects.values_list("text", flat=True)) == ["Kept in another file.", "Two files away."]
    assert list(PublicationPage.objects.values_list("title", flat=True)) == ["Included Paper"]
    assert "neighbour" not in homepage.about
    assert "include_relative ../../outside.txt %} left out" in output and "it was not read" in output


def test_an_about_page_with_no_text_whose_layout_shows_a_markdown_file_in_its_place_imports_that_file(checkout):
    """A bilingual site: the about page is front matter only; its layout includes _includes/i18n/home-en.md (or
    home-zh.md for the page in Chinese) where the page's content goes. The import had nothing to read (5.9%)."""
    (checkout / "_pages" / "about.md").write_text(
        "---\npermalink: /\nlang: en\nbilingual: true\n---\n", encoding="utf-8"
    )
    (checkout / "_layouts").mkdir()
    (checkout / "_layouts" / "default.html").write_text(
        "<section class=\"page__content\">{% if page.bilingual %}{% if page.lang == 'zh' %}"
        "{% capture mount %}{% include i18n/home-zh.md %}{% endcapture %}{{ mount | markdownify }}{% else %}"
        "{% capture mount %}{% include i18n/home-en.md %}{% endcapture %}{{ mount | markdownify }}{% endif %}"
        "{% else %}{{ content }}{% endif %}</section>\n",
        encoding="utf-8",
    )
    (checkout / "_includes" / "i18n").mkdir(parents=True)
    (checkout / "_includes" / "i18n" / "home-zh.md").write_text("我是一名本科生。\n", encoding="utf-8")
    (checkout / "_includes" / "i18n" / "home-en.md").write_text(
        "I am an undergraduate student.\n\n# 📝 Publications\n"
        "- **PsycheAgents: A Multi-Modal Agentic Framework for Diagnosis** — Ada Lovelace (1st author), et al. "
        "**npj Digital Medicine** (*under review*).\n",
        encoding="utf-8",
    )
    output = run("--repo", str(checkout))
    from publications.models import PublicationPage

    assert "I am an undergraduate student." in HomePage.objects.get().about
    paper = PublicationPage.objects.get()
    assert paper.title == "PsycheAgents: A Multi-Modal Agentic Framework for Diagnosis"
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace"] and paper.more_authors
    assert paper.venue == "npj Digital Medicine (under review)"
    assert "its layout shows _includes/i18n/home-en.md in its place" in output


def test_the_page_at_the_site_root_is_the_homepage_whatever_its_name(checkout):
    """A site in two languages may serve about-zh.md at "/" and about.md at /en.html: "/" is what visitors saw."""
    pages = checkout / "_pages"
    (pages / "about.md").write_text("---\npermalink: /en.html\n---\nThe English page.\n", encoding="utf-8")
    (pages / "about-zh.md").write_text("---\npermalink: /\n---\n中文主页。\n", encoding="utf-8")
    run("--repo", str(checkout))
    assert HomePage.objects.get().about == "中文主页。"


def test_the_page_the_root_redirects_to_is_the_homepage_when_no_page_is_at_the_root(checkout):
    """A real site in two languages has no page at "/": its Chinese page says ``redirect_from: [/]``, which GitHub
    Pages runs (jekyll-redirect-from), and visitors of "/" land there. The import said "No about page"."""
    pages = checkout / "_pages"
    (pages / "about.md").unlink()
    (pages / "en.md").write_text("---\npermalink: /en.html\n# redirect_from:\n#   - /\n---\nThe English page.\n")
    (pages / "zh.md").write_text("---\npermalink: /zh.html\nredirect_from:\n  - /\n---\n中文主页。\n", encoding="utf-8")
    run("--repo", str(checkout))
    assert HomePage.objects.get().about == "中文主页。"


def test_an_index_page_beside_the_config_is_the_homepage_when_no_page_of_pages_is_at_the_root(checkout):
    """A real site serves index.md at "/" (its about.md has no permalink): about.md was imported instead."""
    (checkout / "_pages" / "about.md").write_text("---\nlayout: default\n---\nA draft.\n", encoding="utf-8")
    (checkout / "index.md").write_text("---\nlayout: default\ntitle: home\n---\nThe page visitors see.\n")
    (checkout / "README.md").write_text("---\n---\nNot a page of the site's root.\n", encoding="utf-8")
    run("--repo", str(checkout))
    assert HomePage.objects.get().about == "The page visitors see."


@pytest.mark.parametrize(("older", "newer"), [("1.md", "about.md"), ("about.md", "about_cn.md")])
def test_of_two_pages_at_the_site_root_the_one_jekyll_writes_last_is_imported(checkout, older, newer):
    """Jekyll sorts pages by file name and writes each over the one before. A real site kept an old copy, 1.md,
    at "/" beside about.md (the copy was imported, not the page Jekyll built); another kept its old about.md and
    wrote its newer page as about_cn.md, also at "/" (about.md was imported)."""
    pages = checkout / "_pages"
    (pages / older).write_text("---\npermalink: /\n---\nAn old copy.\n", encoding="utf-8")
    (pages / newer).write_text("---\npermalink: /\n---\nThe page visitors see.\n", encoding="utf-8")
    output = run("--repo", str(checkout))
    assert HomePage.objects.get().about == "The page visitors see."
    assert f"imported {newer}, the one Jekyll built there, not {older}" in output


def test_the_about_page_comes_before_an_index_page_beside_the_config_and_the_report_says_which_was_built(checkout):
    """Both at "/": Jekyll builds index.md (its name sorts last), but the owner's AcadHomepage page is about.md."""
    (checkout / "_pages" / "about.md").write_text("---\npermalink: /\n---\nThe owner's page.\n", encoding="utf-8")
    (checkout / "index.md").write_text("---\nlayout: default\n---\nA landing page.\n", encoding="utf-8")
    output = run("--repo", str(checkout))
    assert HomePage.objects.get().about == "The owner's page."
    assert "imported about.md, the page of _pages/ (Jekyll built index.md), not index.md" in output


def test_a_landing_page_at_the_root_whose_layout_writes_it_gives_way_to_the_about_page(checkout):
    """A site put a landing page at "/" (``layout: home``, nothing of its own below the front matter, the layout
    writes a welcome and three links) and its profile and papers on about.md at /about/: the about page is
    what moves here, and the report says why."""
    (checkout / "_pages" / "about.md").write_text(
        "---\npermalink: /about/\nauthor_profile: true\n---\nThe owner's page.\n", encoding="utf-8"
    )
    (checkout / "_pages" / "index.md").write_text(
        "---\nlayout: home\npermalink: /\n---\n\n<!-- The home layout writes the page. -->\n", encoding="utf-8"
    )
    output = run("--repo", str(checkout))
    assert HomePage.objects.get().about == "The owner's page."
    assert "_pages/index.md at the site's root has no content of its own" in output
    assert "imported _pages/about.md" in output


def test_an_index_file_without_front_matter_over_the_homepage_is_named_not_imported(checkout):
    """A real site put a hand-written "under maintenance" index.html beside its config: Jekyll copies it over the
    homepage. The owner's page is still about.md, which is imported; the report says what the old site showed."""
    (checkout / "_pages" / "about.md").write_text("---\npermalink: /\n---\nThe owner's page.\n", encoding="utf-8")
    (checkout / "index.html").write_text("<!DOCTYPE html><title>Under maintenance</title>", encoding="utf-8")
    output = run("--repo", str(checkout))
    assert HomePage.objects.get().about == "The owner's page."
    assert "index.html beside _config.yml has no front matter" in output and "imported about.md" in output


LINKED_FILES = (
    "# 📝 Publications\n"
    "- [A Paper Hosted Here](/docs/hosted.pdf), **Ada Lovelace**, Charles Babbage. *ICML 2024*. [PDF](docs/hosted.pdf)"
    " | [Slides](/docs/talk.pptx) | [Poster](/docs/gone.pdf) | [Notes](/docs/../../outside.txt)"
    " | [Code](https://github.com/ada/engine) | [Project](/projects/engine/)\n"
    "- [Another Paper](https://arxiv.org/abs/2401.00001), **Ada Lovelace**. *NeurIPS 2023*. [PDF](/docs/other.pdf)\n"
)


def test_files_of_the_checkout_that_papers_link_to_become_documents_of_the_site(checkout, client):
    """A paper linking to ``/docs/paper.pdf`` of its checkout still leads to that PDF, now a document this site
    serves (and tells Google Scholar about); the same bytes are one document, re-importing adds none, and links
    to what the site does not serve, or to nothing, are named in the report."""
    from publications.models import PublicationPage

    (checkout / "_pages" / "about.md").write_text(LINKED_FILES, encoding="utf-8")
    (checkout / "docs").mkdir()
    (checkout / "docs" / "hosted.pdf").write_bytes(b"%PDF-1.4 the paper")
    (checkout / "docs" / "other.pdf").write_bytes(b"%PDF-1.4 another paper")
    (checkout / "docs" / "talk.pptx").write_bytes(b"PK slides")
    out = run("--repo", str(checkout))
    assert "Documents: 2 files of the old site that papers link to" in out
    assert "Link to /docs/talk.pptx: .pptx files are not served as documents; link not imported." in out
    assert "Link to /docs/gone.pdf (a file of the old site) not found; not imported." in out
    assert "Link to /docs/../../outside.txt (a file of the old site) not found; not imported." in out
    assert get_document_model().objects.count() == 2
    assert "'/projects/engine/' is not a valid web address" in out  # a page of the old site, not a file
    assert "Link to /projects/engine/" not in out

    hosted = PublicationPage.objects.get(title="A Paper Hosted Here")
    document = get_document_model().objects.get(title="hosted")
    # The title's link and "PDF" lead to one file: one link, as for two links to one web address.
    assert [(link.kind, link.url, link.document_id) for link in hosted.links.all()] == [
        ("paper", "", document.pk),
        ("code", "https://github.com/ada/engine", None),
    ]
    assert hosted.primary_url == document.url
    assert hosted.primary_full_url == f"http://localhost{document.url}"
    page = client.get(hosted.url).content.decode()
    assert f'<meta name="citation_pdf_url" content="http://localhost{document.url}">' in page
    home = client.get("/").content.decode()
    assert f'href="{document.url}">A Paper Hosted Here</a>' in home
    assert b"".join(client.get(document.url).streaming_content) == b"%PDF-1.4 the paper"
    other = PublicationPage.objects.get(title="Another Paper")
    other_pdf = get_document_model().objects.get(title="other")
    assert [link.href for link in other.link_list] == ["https://arxiv.org/abs/2401.00001", other_pdf.url]
    assert f'<a class="paper-link" href="{other_pdf.url}">PDF</a>' in home

    run("--repo", str(checkout))
    assert get_document_model().objects.count() == 2


def test_figures_named_from_the_folder_above_the_page_are_the_sites_own(checkout, client):
    """A real site wrote ``<img src="../images/logo.png">``: from the page at the site's root a browser finds
    /images/logo.png, and so does the import (it kept the address, a broken image on the new site)."""
    Image.new("RGB", (48, 48), "#228844").save(checkout / "images" / "logo.png")
    (checkout / "_pages" / "about.md").write_text(
        '# 🎓 Education\n\n<div class="edu">\n  <img src="../images/logo.png" alt="University logo">\n'
        "  <b>University of Somewhere</b>, 2020 - 2024\n</div>\n\n"
        "# 📝 Publications\n\n<div class='paper-box'><div class='paper-box-image'>"
        '<img src=\'../../images/TokenSelect.png\' alt="sym" width="100%"></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n[A Paper](https://example.org/a)\n\n"
        "**Ada Lovelace**\n</div>\n</div>\n",
        encoding="utf-8",
    )
    run("--repo", str(checkout))
    sources = [image["src"] for image in BeautifulSoup(client.get("/").content, "html.parser").select("main img")]
    assert len(sources) == 2 and all(source.startswith("/media/") for source in sources), sources
    assert all(client.get(source).status_code == 200 for source in sources)
    assert sorted(image.title for image in get_image_model().objects.all()) == ["A Paper", "Ada Lovelace", "logo"]


def test_a_figure_the_import_could_not_take_is_left_out_of_the_text_not_shown_broken(checkout, client):
    """Figures missing from the checkout, or that the import cannot take (an SVG that names another file), were kept
    as their old addresses in the text: broken images on the new site, each a request that fails."""
    (checkout / "images" / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'><image href='crest.png' width='9' height='9'/></svg>", encoding="utf-8"
    )
    (checkout / "_pages" / "about.md").write_text(
        "# 🎓 Education\n\nBefore ![a gone figure](images/gone.png) between "
        '<img src="images/logo.svg" alt="University logo" width="40"> and after.\n',
        encoding="utf-8",
    )
    out = run("--repo", str(checkout))
    assert "Image images/gone.png not found; not imported." in out
    assert "Image images/logo.svg: " in out
    main = BeautifulSoup(client.get("/").content, "html.parser").select_one("main")
    assert main.select("img") == []
    assert " ".join(main.get_text().split()).endswith("Education Before between and after.")


def test_a_logo_in_a_dated_line_is_the_sites_own_picture(checkout, client):
    """ "- *2022.09 - 2025.06*, <a …><img src="/images/WHU_logo.svg" width="23pt"></a> Wuhan University, …": the
    education lines kept the old address, a broken picture in each line of the new site."""
    (checkout / "images" / "uni.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40'><circle cx='20' cy='20' r='18'/></svg>",
        encoding="utf-8",
    )
    (checkout / "_pages" / "about.md").write_text(
        "# 🎓 Education\n\n"
        '- *2022.09 - 2025.06*, <a href="https://www.whu.edu.cn/"><img class="svg" src="/images/uni.svg" '
        'width="23pt"></a> Wuhan University, Ph.D.\n'
        '- *2016.09 - 2020.09*, <img src="/images/gone.png"> Wuhan University, B.Eng.\n\n'
        "# 🔥 News\n\n- *2026.01*: ![logo](images/uni.svg) A talk at the university.\n",
        encoding="utf-8",
    )
    out = run("--repo", str(checkout))
    assert "images/uni.svg: an SVG, shown as a PNG drawn from it." in out
    main = BeautifulSoup(client.get("/").content, "html.parser").select_one("main")
    sources = [image["src"] for image in main.select("img")]
    assert len(sources) == 2 and len(set(sources)) == 1 and sources[0].startswith("/media/"), sources
    assert client.get(sources[0]).status_code == 200
    assert "Wuhan University, B.Eng." in main.get_text() and "gone.png" not in str(main)  # left out, not broken
    assert get_image_model().objects.filter(title="uni").count() == 1
    run("--repo", str(checkout))  # again: the same lines, the same picture
    assert get_image_model().objects.filter(title="uni").count() == 1
    assert [image["src"] for image in BeautifulSoup(client.get("/").content, "html.parser").select("main img")] == (
        sources
    )


def test_a_line_whose_dates_cannot_be_stored_stays_on_the_page_with_its_dates(client):
    """A real site writes "*2024.09 - 2022.04 (now)*, Ph.D. in …": an end before the start, which an entry cannot
    hold; the line stayed on the page as text, but without its dates."""
    page = "# Education\n- *2024.09 - 2022.04 (now)*, Ph.D. in Robotics, HKUST.\n- *2019.09 - 2022.06*, M.S.\n"
    report = import_site(parse_about(page))
    assert any("The end date is before the start date" in warning for warning in report.warnings)
    text = " ".join(BeautifulSoup(client.get("/").content, "html.parser").select_one("main").get_text(" ").split())
    assert "2024.09 - 2022.04" in text and "Ph.D. in Robotics, HKUST." in text
    assert "2019.09 - 2022.06" in text and "M.S." in text


SVG_FIGURE = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {size}>
  <script>alert(document.cookie)</script>
  <defs><rect id="half" width="200" height="200"/></defs>
  <use xlink:href="#half" fill="#224488"/>
  <image x="200" y="0" width="200" height="200" xlink:href="data:image/png;base64,{png}"/>
  {extra}
</svg>
"""


def svg_checkout(checkout: Path, extra: str = "", size: str = 'viewBox="0 0 400 200"') -> None:
    """The demo's paper figure as an SVG, as a drawing program exports one: a shape, a picture carried inside it."""
    import base64
    import io

    picture = io.BytesIO()
    Image.new("RGB", (20, 20), "#884422").save(picture, format="PNG")
    png = base64.b64encode(picture.getvalue()).decode()
    figure = SVG_FIGURE.format(png=png, extra=extra, size=size)
    (checkout / "images" / "TokenSelect.svg").write_text(figure, encoding="utf-8")
    about = checkout / "_pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("TokenSelect.png", "TokenSelect.svg"), encoding="utf-8")


@pytest.mark.parametrize(
    "size",
    [
        'viewBox="0 0 400 200"',
        'width="4.1667in" height="2.0833in" viewBox="0 0 400 200"',  # as Visio exports it
        'width="400" height="200"',
        'width="100%" height="50%" viewBox="0 0 400 200"',
    ],
)
def test_an_svg_figure_is_shown_as_a_png_drawn_from_it(checkout, client, size):
    """One site's seven paper figures were SVG, which the image library does not take: each was lost. The figure is
    drawn as a PNG (its script never runs: a PNG holds none), the report says so."""
    svg_checkout(checkout, size=size)
    output = run("--repo", str(checkout))
    assert "images/TokenSelect.svg: an SVG, shown as a PNG drawn from it." in output
    stored = get_image_model().objects.get(title__startswith="TokenSelect:")
    assert (stored.width, stored.height) == (1200, 600) and stored.file.name.endswith(".png")
    with Image.open(stored.file) as drawn:
        assert drawn.format == "PNG"
        assert drawn.convert("RGB").getpixel((300, 300)) == (0x22, 0x44, 0x88)  # the shape
        assert drawn.convert("RGB").getpixel((900, 300)) == (0x88, 0x44, 0x22)  # the picture inside it
    assert BeautifulSoup(client.get("/").content, "html.parser").select_one(".paper-box__figure img")


@pytest.mark.parametrize(
    "reference",
    [
        '<image x="0" y="0" width="10" height="10" href="../../outside.png"/>',
        '<image x="0" y="0" width="10" height="10" xlink:href="file:///etc/hostname"/>',
        '<style>@import "https://example.org/font.css";</style>',
        '<rect width="10" height="10" style="fill: url(https://example.org/x.svg#p)"/>',
        '<!DOCTYPE svg [<!ENTITY notes SYSTEM "file:///etc/hostname">]><text>&notes;</text>',
    ],
)
def test_an_svg_figure_that_refers_to_another_file_is_not_drawn(checkout, reference):
    """Drawing such a figure would read what it names (a file beside the checkout, an address): it is refused and the
    paper shows its placeholder."""
    Image.new("RGB", (10, 10), "#ff0000").save(checkout.parent / "outside.png")
    svg_checkout(checkout, reference)
    output = run("--repo", str(checkout))
    assert "TokenSelect.svg: the SVG refers to another file or address" in output
    assert "used a placeholder" in output
    assert get_image_model().objects.filter(title__startswith="TokenSelect:").count() == 1  # the placeholder
    assert not get_image_model().objects.filter(file__endswith="TokenSelect.png").exists()
