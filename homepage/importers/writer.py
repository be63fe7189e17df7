"""Store a parsed AcadHomepage site as this site's content, in one transaction.

Re-running an import updates what it created before (matched by what a
person would call the same thing: the same paper, the same news line) and
creates no duplicates; content that did not change gets no new revision.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.documents import get_document_model
from wagtail.models import Site

from core.anchors import section_anchor
from core.dates import DateSpan
from core.figures import find_image, image_from_bytes, placeholder_png, read_image_file, svg_as_png
from core.identifiers import link_keys, markdown_link_urls, normalise_arxiv_id
from core.markdown import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from core.markdown import markdown_escaped, split_markdown
from core.publishing import publish
from core.source_files import SourceFileError, path_on_site, read_source_file
from core.uncommitted_files import import_transaction, removed_on_failure
from cv.models import CVSettings
from homepage.blocks import NEWEST_FIRST, OLDEST_FIRST, BoxBlock
from homepage.importers.acadhomepage import (
    ParsedEntry,
    ParsedLink,
    ParsedPaper,
    ParsedProfile,
    ParsedSection,
    ParsedSite,
)
from homepage.importers.acadhomepage.results import LINK_KINDS_BY_LABEL
from homepage.models import HomePage
from homepage.site_tree import ensure_homepage
from metrics.models import MetricsSettings
from news.models import NewsItem
from profile_site.links import LINK_KINDS, scholar_user_id
from profile_site.models import ENTRY_KINDS, ProfileSettings
from publications.models import (
    PublicationIndexPage,
    PublicationLink,
    PublicationPage,
)
from publications.records import PaperRecord, RecordAuthor, RecordBadge, RecordLink, RecordListing
from publications.upsert import cut_to_field, find_publication, upsert_publication

# An image that free text shows: ``![alt](images/x.png)`` or ``<img src="images/x.png">`` (not in a comment).
_TEXT_IMAGE = re.compile(
    r"""(?P<comment><!--.*?(?:-->|\Z))"""
    r"""|(?P<md>!\[[^\]\n]*\]\(\s*<?)(?P<md_src>[^()\s<>"']+)(?P<md_end>[^()\n]*\))?"""
    r"""|(?P<html><img\b[^<>]*?\bsrc\s*=\s*["'])(?P<html_src>[^"'<>]+)(?P<html_end>[^<>]*>)?""",
    re.I | re.S,
)
# A link's address in free text: Markdown's (not an image's) or an HTML <a>'s; comments are passed over.
_TEXT_LINK = re.compile(
    r"""(?P<comment><!--.*?(?:-->|\Z))"""
    r"""|(?P<md>(?<!!)\[[^\[\]\n]*\]\(\s*<?)(?P<md_href>[^()\s<>"']+)"""
    r"""|(?P<html><a\b[^<>]*?\bhref\s*=\s*["'])(?P<html_href>[^"'<>]+)""",
    re.I | re.S,
)
# How free text shows an image of the checkout: a rendition at most this box, in WebP (Wagtail's quality 80).
# Sites keep photos as PNG: one 1024x1536 photo became a 1.6 MB PNG rendition in 2.7 s of CPU (Wagtail
# optimises PNGs), and is 47 KB of WebP in 0.12 s; every browser of the last five years shows WebP.
TEXT_IMAGE_RENDITION = "max-1600x1600|format-webp"
# An image of free text this small is shown as it was on the old site: a rendition would cost the import a
# decoding and an encoding (9 of a 10 s import on a real site with 56 of them) and save visitors little.
TEXT_IMAGE_AS_IS = (1600, 400 * 1024)  # largest side in pixels, bytes
BOX_LABEL_LENGTH = BoxBlock.base_blocks["label"].field.max_length
SECTION_LABELS = {
    "about": "About",
    "news": "News",
    "publications": "Publications",
    "honors": "Honors and awards",
    "education": "Education",
    "talks": "Invited talks",
    "experience": "Experience / internships",
    "teaching": "Teaching",
    "service": "Service",
    "students": "Students and mentoring",
    "grants": "Grants and funding",
    "skills": "Skills and languages",
    "boxes": "Boxes",
    "markdown": "Free text",
}
PROFILE_FIELDS = (
    "name", "native_name", "bio", "location", "employer", "email", "website", "site_title", "description",
    "sidebar_note",
    "google_site_verification", "bing_site_verification", "baidu_site_verification", "analytics_id",
)  # fmt: skip
SCHOLAR_STATS_TITLE = "Google Scholar stats (gs_data.json)"
MAX_SCHOLAR_STATS_BYTES = 5 * 1024 * 1024  # the crawler's file for a profile of a thousand papers is about 300 KB


@dataclass
class ImportReport:
    """What an import did, section by section, and what it could not map."""

    counts: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def add(self, label: str, summary: str) -> None:
        self.counts.append((label, summary))


@dataclass
class SiteExtras:
    """What a whole checkout adds to the about page (see ``jekyll_site.find_site_files``)."""

    nav_links: list[ParsedLink] = field(default_factory=list)
    favicon: Path | None = None
    scholar_stats: Path | None = None
    root: Path | None = None  # the checkout, which its files may not lead out of


Progress = Callable[[str, int, int], None]


def import_site(
    parsed: ParsedSite,
    config: ParsedProfile | None = None,
    images_dir: Path | None = None,
    dry_run: bool = False,
    extras: SiteExtras | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Write the parsed site into the database; a dry run reports and keeps nothing."""
    report = ImportReport(warnings=list(parsed.warnings), dropped=list(parsed.dropped))
    with import_transaction(dry_run=dry_run):
        _Writer(report, images_dir, progress).write(parsed, config, extras or SiteExtras())
    return report


def split_emoji(title: str) -> tuple[str, str]:
    """ "🔥 News" → ("🔥", "News"): leading symbols become the section's emoji."""
    index = 0
    while index < len(title) and unicodedata.category(title[index])[0] not in "LN":
        index += 1
    return title[:index].strip(), title[index:].strip()


class _Writer:
    def __init__(self, report: ImportReport, images_dir: Path | None, progress: Progress | None) -> None:
        self.report = report
        self.images_dir = images_dir
        self.progress = progress or (lambda label, done, total: None)
        self.seen_lines: Counter[tuple] = Counter()  # lines of one text so far, by kind (see upsert)
        self.text_images: dict[str, str] = {}  # a relative path in free text: the URL it is shown from now
        self.stored_papers: set[int] = set()  # publication pages this import has written
        self.root: Path | None = None  # the checkout, whose files papers may link to
        self.missing_documents: set[str] = set()  # paths papers link to that were not kept (reported once)
        self.linked_documents: set[int] = set()

    def write(self, parsed: ParsedSite, config: ParsedProfile | None, extras: SiteExtras) -> None:
        parsed.sections = self.one_section_per_kind(parsed.sections)
        self.root = extras.root
        home, site, created = ensure_homepage()
        if created:
            self.report.add("Site", "created the homepage")
        self.profile(site, [parsed.profile, *([config] if config else [])], extras)
        if extras.scholar_stats:
            self.scholar_stats(extras.scholar_stats, extras.root)
        index = PublicationIndexPage.ensure_under(home)
        papers_by_key: dict[tuple[str, str], PublicationPage] = {}
        listed = [section for section in parsed.sections if section.kind == "publications"]
        for section in listed:
            section.papers = self.without_hidden_repeats(section)
        # Counted over every publications section in the page's order, as when a later one was folded into the
        # first: a paper the page lists twice is found again by its identifiers, not by its title.
        items = [(section, paper) for section in listed for paper in section.papers]
        keys = source_keys("publications", [paper.title for _, paper in items])
        stored: dict[int, bool] = {}  # page id: published; what the report counts is what was saved
        lines: Counter[str] = Counter()  # lines listed so far under each sub-heading (boxes come first)
        for position, ((section, paper), key) in enumerate(zip(items, keys, strict=True)):
            self.progress("publications", position + 1, len(items))
            try:
                with removed_on_failure(), transaction.atomic():
                    page, again = self.publication(index, paper, key, lines[paper.group] + 1)
            except ValidationError as error:
                self.report.warnings.append(f"Paper {paper.title[:60]!r} not imported: {_messages(error)}")
                continue
            if again or not page.featured:
                lines[paper.group] += 1
            stored[page.pk] = stored.get(page.pk, False) or (paper.published and section.published)
            for url in [paper.url, *(link.url for link in paper.links)]:
                for link_key in link_keys(url):
                    papers_by_key.setdefault(link_key, page)
        if listed:
            self.report.add("Publications", _count(len(stored), sum(stored.values())))
        self.paper_lines(parsed.sections)
        if kept := get_document_model().objects.filter(pk__in=self.linked_documents).count():
            self.report.add("Documents", f"{kept} files of the old site that papers link to")
        for section in parsed.sections:
            for entry in section.entries:  # "- *2022.09*, <img src="/images/uni_logo.svg"> A University, Ph.D."
                entry.text = self.local_files(entry.text)
            if section.kind == "news":
                self.news(section, papers_by_key)
            elif section.kind in ENTRY_KINDS:
                self.entries(section)
        self.homepage_content(home, parsed.sections)
        if extras.nav_links:
            self.navigation(home, extras.nav_links)

    def navigation(self, home: HomePage, links: list[ParsedLink]) -> None:
        """The old menu's entries (``_data/navigation.yml``) that lead somewhere the new menu does not: an entry
        named as a section of the homepage, or as the CV, is that item of the menu already, and one to a page of
        the old site the new one lacks ("/projects/") would lead nowhere: both are left out, and said so. One to
        a file of the checkout ("/files/cv.pdf") leads to its copy here."""
        shown = {title.strip().casefold() for _, title in home.navigation()}
        if CVSettings.for_site(home.get_site()).in_navigation:
            shown.add("cv")
        served = {reverse(name) for name in ("cv", "cv_pdf", "cv_json")} | {
            url for page in home.get_descendants(inclusive=True).live() if (url := page.url)
        }
        kept = []
        for link in links:
            url = link.url
            if link.label.strip().casefold() in shown:
                self.report.warnings.append(
                    f"Navigation entry {link.label!r}: the menu shows that item already (a section of the "
                    "homepage, or the CV); left out."
                )
                continue
            if url.startswith("/") and not url.startswith("//"):
                path = urlparse(url).path
                if document_id := self.site_document(url):
                    url = get_document_model().objects.get(pk=document_id).url
                elif path not in served and f"{path.rstrip('/')}/" not in served:
                    self.report.warnings.append(
                        f"Navigation entry {link.label!r} points to {link.url}, a page of the old site this one "
                        "does not have; left out (add a link of your own under Settings → Profile)."
                    )
                    continue
            kept.append(("link", {"title": link.label, "url": url}))
        profile = self.profile_settings
        if [value for _, value in kept] != [dict(child.value) for child in profile.nav_links]:
            profile.nav_links = kept
            profile.save(update_fields=["nav_links"])

    def without_hidden_repeats(self, section: ParsedSection) -> list[ParsedPaper]:
        """The section's papers but the commented-out listings of a paper the page shows: an older draft of a
        box ("<!-- - ``Preprint`` **Title** … -->" above the published box) would have put the paper in the draft's
        place, with what the owner hid."""
        shown = [paper for paper in section.papers if paper.published and section.published]
        kept = []
        for paper in section.papers:
            if not (paper.published and section.published) and any(_one_paper(paper, other) for other in shown):
                self.report.warnings.append(
                    f"Paper {paper.title[:60]!r}: a commented-out listing of a paper the page shows, left out"
                )
            else:
                kept.append(paper)
        return kept

    def one_section_per_kind(self, sections: list[ParsedSection]) -> list[ParsedSection]:
        """The homepage has one section of each structured kind; fold in the repeats, losing nothing.

        A second publications section the page shows ("Full Publication List" under the highlights) stays a
        section of its own, which shows its papers' sub-headings (one with no papers is free text; a commented-out
        one is folded into the first, under a sub-heading of its own); a second list of dated lines ("Research
        Experience" after "Internships") becomes a free-text section with the same title and lines.
        """
        # Each kind's section is its first one the page shows: a commented-out heading before the live one
        # ("<!-- # 📝 Publications -->" over "# Publications") is folded into it, not the other way round.
        leaders: dict[str, ParsedSection] = {}
        for section in sections:
            leader = leaders.get(section.kind)
            if leader is None or section.published and not leader.published:
                leaders[section.kind] = section
        kept = []
        for section in sections:
            first = leaders[section.kind]
            if section.kind in {"about", "markdown", "boxes"} or first is section:
                kept.append(section)
            elif section.kind == "publications" and not section.papers:
                # "# Preprint" over "- Temporarily omitted.": no papers to set under its heading; its text in place.
                text = "\n\n".join(filter(None, [section.intro.strip(), section.markdown.strip()]))
                kept.append(replace(section, kind="markdown", intro="", markdown=text))
                self.report.warnings.append(
                    f"Section {section.title!r} lists no papers; kept as free text, in its place."
                )
            elif section.kind == "publications" and section.published and first.published:
                kept.append(self.own_publications_section(section, kept))
            elif section.kind == "publications":
                for paper in section.papers:
                    if _under_the_heading(paper, section):
                        paper.group = section.title  # with its emoji, so the heading keeps the old anchor
                    else:  # its own sub-heading under the section's, as nested headings are named
                        paper.group = f"{section.title} — {paper.group}"
                    paper.published = paper.published and section.published
                first.papers.extend(section.papers)
                markdown = "\n\n".join(filter(None, [section.intro.strip(), section.markdown.strip()]))
                if first.published and not section.published:
                    markdown = _commented(markdown)
                first.markdown = "\n\n".join(filter(None, [first.markdown, markdown]))
                self.report.warnings.append(
                    f"Section {section.title!r} became a sub-heading of {first.title!r} (one publications section)."
                )
            else:
                kept.append(replace(section, kind="markdown", entries=[], markdown=_entries_markdown(section)))
                self.report.warnings.append(
                    f"Section {section.title!r} repeats {first.title!r}'s kind; kept as free text with its lines."
                )
        return kept

    def own_publications_section(self, section: ParsedSection, before: list[ParsedSection]) -> ParsedSection:
        """A later publications section, showing the sub-headings of its papers: those directly under its heading
        are named after it (the homepage shows no sub-heading there), and one an earlier section has too is named
        under its title ("Full Publication List — 2024"), so that each section keeps its own."""
        taken = {paper.group for other in before if other.kind == "publications" for paper in other.papers}
        for paper in section.papers:
            if _under_the_heading(paper, section):
                paper.group = section.title
            if paper.group in taken:
                paper.group = f"{section.title} — {paper.group}"
            paper.group = cut_to_field(PublicationPage, "group", paper.group)  # as stored, so the section finds it
        section.shown_groups = list(dict.fromkeys(paper.group for paper in section.papers))
        self.report.warnings.append(
            f"Section {section.title!r} kept as a publications section of its own, showing the sub-headings "
            + ", ".join(repr(group) for group in section.shown_groups)
        )
        return section

    # -- the profile and the homepage --------------------------------------

    def profile(self, site: Site, sources: list[ParsedProfile], extras: SiteExtras) -> None:
        """Fill the profile from the page, then the config (which wins), then the checkout's files."""
        profile = ProfileSettings.for_site(site)
        before = _profile_state(profile)
        for source in sources:
            for name in PROFILE_FIELDS:
                value = getattr(source, name, "")
                if name == "email" and value and not _valid_email(value):
                    addresses = [part for part in re.split(r"[;,\s]+", value) if _valid_email(part)]
                    if not addresses:
                        self.report.warnings.append(f"Email {value!r} in the config is not an address; not imported.")
                        continue
                    # "me@work.edu; me@gmail.com": the sidebar's one link wrote both; the profile keeps one
                    self.report.warnings.append(
                        f"Email {value!r} in the config is more than one address; the profile shows {addresses[0]}."
                    )
                    value = addresses[0]
                if value:
                    limit = ProfileSettings._meta.get_field(name).max_length
                    if len(value) > limit:
                        self.report.warnings.append(
                            f"The config's {name} is {len(value)} characters long; the profile keeps its first {limit}."
                        )
                    setattr(profile, name, value[:limit])
            if source.google_scholar_id:
                profile.google_scholar_id = scholar_user_id(source.google_scholar_id)
            links = []
            unknown = []
            for kind, value in source.links.items():
                label, address = source.sidebar_links.get(kind, ("", "{}"))
                if kind in LINK_KINDS and value and kind != "google_scholar":
                    # under the words the old sidebar showed where they name something else ("OpenReview" for the
                    # researchgate setting), not where they are the service's own name ("Github", "Twitter")
                    own = _SQUEEZED.sub("", LINK_KINDS[kind].label.casefold())
                    shown = label if _SQUEEZED.sub("", label.casefold()) not in own else ""
                    links.append(("link", {"kind": kind, "value": value, "label": shown[:60]}))
                elif kind not in LINK_KINDS and _WEB_ADDRESS.match(value):
                    # A service this site has no kind for (bilibili, xiaohongshu, …): a link under its own name,
                    # or the words the old sidebar showed for it.
                    links.append(_named_link(kind, value, label))
                elif kind not in LINK_KINDS and _WEB_ADDRESS.match(url := address.format(quote(value, safe="@._-"))):
                    # A user name the old sidebar made an address of ("https://instagram.com/{{ author.instagram }}")
                    links.append(_named_link(kind, url, label))
                elif kind not in LINK_KINDS:
                    unknown.append(kind)
            links += [
                _named_link(kind, url, title) for kind, url, title in source.listed_links if _WEB_ADDRESS.match(url)
            ]
            if links:
                profile.links = links
            if unknown:
                self.report.warnings.append(
                    "Profile links of unknown kinds, given without an address, not imported: "
                    + ", ".join(sorted(unknown))
                )
            if source.avatar:
                path = find_image(source.avatar, self.images_dir)
                profile.avatar = self.library_image(path, source.avatar, profile.name or "Avatar", "Avatar")
        if extras.favicon:
            profile.favicon = self.library_image(extras.favicon, str(extras.favicon), "Favicon", "Favicon")
        self.profile_settings = profile
        changed = _profile_state(profile) != before
        if changed:
            profile.save()
        self.report.add("Profile", (profile.name or "(no name)") + ("" if changed else ", unchanged"))

    def paper_lines(self, sections: list[ParsedSection]) -> None:
        """How paper lines read (the profile's settings): author lists as the old page wrote most of them, "A, B,
        and C" or "A, B, C"; a link to each paper's BibTeX where the old page had buttons for it."""
        papers = [paper for section in sections if section.kind == "publications" for paper in section.papers]
        lists = [paper.and_before_last for paper in papers if len(paper.authors) > 1 and not paper.more_authors]
        joined = sum(lists) * 2 > len(lists)
        profile = self.profile_settings
        if lists and profile.and_before_last_author != joined:
            profile.and_before_last_author = joined
            profile.save(update_fields=["and_before_last_author"])
        # Papers whose line had a button showing their BibTeX by a script ("[Bib]"): a link to the entry beside
        # every paper, in the words the old page used most
        labels = Counter(paper.bibtex_label for paper in papers if paper.bibtex_label)
        if labels and not profile.bibtex_link:
            profile.bibtex_link = labels.most_common(1)[0][0]
            profile.save(update_fields=["bibtex_link"])
            count = labels.total()
            self.report.warnings.append(
                f"{count} paper{'s' if count != 1 else ''} had a button showing the BibTeX by a script of the old "
                f"page; each paper now has a link to its entry, “{profile.bibtex_link}” (Settings → Profile)"
            )

    def library_image(self, path: Path | None, reference: str, title: str, what: str, alt: str = ""):
        """An image of the checkout in the image library, or None with a warning.

        A path starting with ``/`` (``avatar: /images/me.png``) starts at the site's root, as on the site.
        """
        if path is None:
            self.report.warnings.append(f"{what} {reference} not found; not imported.")
            return None
        try:
            data, name = self.figure_file(path, f"{what} {reference}")
            return image_from_bytes(data, name, title, alt)
        except ValueError as error:
            self.report.warnings.append(f"{what} {reference}: {error}; not imported.")
            return None

    def figure_file(self, path: Path, what: str) -> tuple[bytes, str]:
        """A picture of the checkout as the image library takes it, and its file name: an icon or an SVG drawn as
        a PNG, one of too many pixels made smaller. ValueError (SourceFileError) if it cannot be."""
        data, name = read_image_file(path, self.images_dir), path.name
        if path.suffix.lower() == ".svg":
            data, name = svg_as_png(data), f"{path.stem}.png"
            self.report.warnings.append(f"{what}: an SVG, shown as a PNG drawn from it.")
        elif path.suffix.lower() == ".ico":
            data = _as_png_if_icon(data)
        return self.still_if_too_many_pixels(data, what), name

    def still_if_too_many_pixels(self, data: bytes, what: str) -> bytes:
        """``data``, or, for an animation of more pixels in all its frames than the image library takes (a demo's
        GIF of hundreds of frames), its first frame, and for a picture of more pixels than it takes (a figure
        exported at 6826×7701), the picture made smaller; the report names either."""
        if still := _first_frame_if_too_many_pixels(data):
            frames, data = still
            self.report.warnings.append(
                f"{what}: an animation of {frames}, more pixels than the library takes; its first frame is shown."
            )
        if smaller := _smaller_if_too_many_pixels(data):
            before, after, data = smaller
            self.report.warnings.append(
                f"{what}: {before} pixels, more than the library takes; shown made smaller, {after}."
            )
        return data

    def scholar_stats(self, path: Path, root: Path | None) -> None:
        """Keep the crawler's gs_data.json as a document, for the citation metrics."""
        try:
            data = read_source_file(path, limit=MAX_SCHOLAR_STATS_BYTES, inside=root, what="gs_data.json")
        except SourceFileError as error:
            self.report.warnings.append(f"{error} The Google Scholar stats were not imported.")
            return
        document, created = stored_document(data, "gs_data.json", title=SCHOLAR_STATS_TITLE)
        self.report.add("Google Scholar stats", f"gs_data.json {'kept under Documents' if created else 'unchanged'}")
        MetricsSettings.load().choose_scholar_stats(document)  # the importer runs as the owner

    def record_link(self, label: str, url: str, keep_label: bool = False) -> RecordLink:
        """A link of a paper's line; one to a file of the checkout (``/docs/paper.pdf``) leads to that file, kept
        as a document of this site."""
        row = _link_row(label, url, keep_label=keep_label)
        if document_id := self.site_document(url):
            return RecordLink(row["kind"], "", row["label"], document_id)
        return RecordLink(**row)

    def site_document(self, reference: str) -> int | None:
        """The document a paper's link to a file of the checkout leads to (the same bytes: the same document);
        None for a web address, and (with a warning) for a file that is missing or not one the site serves."""
        if self.root is None or not reference or urlparse(reference).scheme or reference.startswith(("//", "#")):
            return None
        if reference in self.missing_documents:
            return None
        # Looked up again for each paper (by its bytes): a paper that fails takes the documents it made with it.
        path = site_file(reference, self.root)
        extension = Path(urlparse(reference).path).suffix.lower().lstrip(".")
        if not extension:
            return None  # an address of the old site ("/projects/"), not a file: the paper's note says so
        problem, data = "", b""
        if path is None:
            problem = f"Link to {reference} (a file of the old site) not found; not imported."
        elif extension not in settings.WAGTAILDOCS_EXTENSIONS:
            problem = f"Link to {reference}: .{extension} files are not served as documents; link not imported."
        else:
            try:
                data = read_source_file(path, limit=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, inside=self.root)
            except SourceFileError as error:
                problem = f"{error} The link to it was not imported."
        if problem:
            self.missing_documents.add(reference)
            self.report.warnings.append(problem)
            return None
        document, _ = stored_document(data, path.name)
        self.linked_documents.add(document.pk)
        return document.pk

    def text_image_url(self, reference: str) -> str:
        """The URL an image of the checkout named in free text is shown from: the image in the library, or a
        rendition of it when it is large; "" (with a warning) when it is not in the checkout or is not an image
        this site takes."""
        if reference not in self.text_images:
            image = self.library_image(find_image(reference, self.images_dir), reference, Path(reference).stem, "Image")
            if image is None:
                self.text_images[reference] = ""
            elif max(image.width, image.height) <= TEXT_IMAGE_AS_IS[0] and image.file_size <= TEXT_IMAGE_AS_IS[1]:
                self.text_images[reference] = image.file.url
            else:
                self.text_images[reference] = image.get_rendition(TEXT_IMAGE_RENDITION).url
        return self.text_images[reference]

    def local_files(self, text: str) -> str:
        """Free text whose images named by a path in the old site (``images/me.jpg``) are shown from the library,
        and whose links to files of the old site lead to them here; an image the import could not take (not in
        the checkout, or SVG) is left out rather than shown broken."""

        def shown(match: re.Match[str]) -> str:
            reference = match["md_src"] or match["html_src"]
            if match["comment"] or urlparse(reference).scheme or reference.startswith(("//", "#")):
                return match.group()
            end = match["md_end"] if match["md"] else match["html_end"]
            if url := self.text_image_url(reference):
                return (match["md"] or match["html"]) + url + (end or "")
            if end is None:
                return match.group()
            # An <img> on a line of its own inside HTML leaves a line: a blank one would end the HTML there.
            return "" if match["md"] else "<!-- an image of the old site, not carried over -->"

        return _TEXT_LINK.sub(self._linked_file, _TEXT_IMAGE.sub(shown, text))

    def _linked_file(self, match: re.Match[str]) -> str:
        """A link of free text to a file of the checkout (``[WeChat](../images/wx.png)``, ``<a href="files/cv.pdf">``)
        leads to that file here: an image from the library, any other file kept as a document. One to a web
        address or a page of the old site, or to a file the import could not take (a warning says so), is kept."""
        reference = match["md_href"] or match["html_href"]
        if match["comment"] or urlparse(reference).scheme or reference.startswith(("//", "#")):
            return match.group()
        extension = Path(urlparse(reference).path).suffix.lower().lstrip(".")
        url = ""
        if extension in settings.WAGTAILIMAGES_EXTENSIONS:
            url = self.text_image_url(reference)
        elif extension and (document_id := self.site_document(reference)):
            url = get_document_model().objects.get(pk=document_id).url
        return (match["md"] or match["html"]) + url if url else match.group()

    def homepage_content(self, home: HomePage, sections: list[ParsedSection]) -> None:
        for section in sections:
            section.markdown, section.note = self.local_files(section.markdown), self.local_files(section.note)
            section.intro = self.local_files(section.intro)
        # The text before the first heading and an "About Me" section after it are one introduction.
        abouts = [section for section in sections if section.kind == "about"]
        about_pieces = split_markdown("\n\n".join(filter(None, (section.markdown.strip() for section in abouts))))
        about = about_pieces[0]
        blocks: list[tuple[str, dict[str, Any]]] = []
        # Its heading is shown where the page wrote one ("# 👋 About Me"), with that title.
        headed_about = next((section for section in abouts if section.headed), None)
        for section in sections:
            if section.kind == "about" and section is not abouts[0]:
                continue
            if section.kind not in ("about", "markdown", "boxes") and not (
                section.entries or section.papers or section.markdown.strip() or section.intro.strip()
            ):
                # "# Work & Internships" over only "<!-- None for now -->": visitors saw the heading, which an
                # empty list does not show; a free-text section does.
                self.report.warnings.append(f'Section "{section.title}" has nothing under it: kept as its heading')
                section.kind = "markdown"
            shown = headed_about if section.kind == "about" and headed_about else section
            emoji, title = split_emoji(shown.title)
            value = {"emoji": emoji, "title": title or shown.title, "anchor": section.anchor, "visible": True}
            if section.kind == "about":
                value["show_title"] = headed_about is not None
                pieces = about_pieces
            elif section.kind == "markdown":
                pieces = split_markdown(section.markdown)
                value.update(visible=section.published, body=pieces[0])
            elif section.kind == "boxes":
                pieces = split_markdown(section.note)
                value.update(
                    visible=section.published, intro=section.markdown, note=pieces[0], boxes=self.boxes(section)
                )
            else:  # what the list does not hold, kept above or under it
                intro = split_markdown(section.intro.strip())
                if len(intro) > 1:  # longer than the form takes: under the list, continued after it
                    intro, section.markdown = [""], "\n\n".join(filter(None, [section.intro, section.markdown]))
                pieces = split_markdown(section.markdown.strip())
                value["intro"], value["note"] = intro[0], pieces[0]
                if not section.published:
                    # A commented-out list: shown once the owner publishes one of its entries (drafts now), its
                    # text still hidden as on the old page, the comment kept in the note.
                    value["intro"], value["note"] = _commented(intro[0]), _commented(pieces[0])
                if section.shown_groups:
                    value["groups"] = "\n".join(section.shown_groups)
                value["fold"] = section.fold
                if section.kind == "news":  # as many as the old homepage showed (the block takes 1 to 100)
                    if section.shown and section.fold:  # the first few open, the others under the fold
                        value["count"] = min(max(len(section.entries), 10), 100)
                        value["open_count"] = min(section.shown, 100)
                    else:
                        value["count"] = min(section.shown or max(len(section.entries), 10), 100)
                    value["order"] = OLDEST_FIRST if _oldest_first(section) else NEWEST_FIRST
            blocks.append((section.kind, self.fit_block(section.kind, value)))
            blocks += self.continued(value, pieces[1:], visible=value["visible"] and section.published)
        if home.about == about and home.live and _sections_data(home) == _sections_data(home, blocks):
            self.report.add("Homepage", f"{len(blocks)} sections, unchanged")
            return
        home.about = about
        stream_block = HomePage._meta.get_field("sections").stream_block
        home.sections = [(name, stream_block.child_blocks[name].to_python(value)) for name, value in blocks]
        publish(home)
        self.report.add("Homepage", f"{len(blocks)} sections: " + ", ".join(v["title"] for _, v in blocks))

    def boxes(self, section: ParsedSection) -> list[dict[str, Any]]:
        """The section's boxes as the homepage's box blocks, their figures in the image library."""
        values = []
        for box in section.boxes:
            image = None
            if box.image:
                path = find_image(box.image, self.images_dir)
                alt = box.image_alt if len(box.image_alt) > 3 else ""  # not the template's "sym"
                image = self.library_image(path, box.image, Path(box.image.split("?")[0]).stem, "Image", alt)
            label = box.label
            if len(label) > BOX_LABEL_LENGTH:
                label = label[: BOX_LABEL_LENGTH - 1].rstrip() + "…"
                self.report.warnings.append(
                    f"Section {section.title!r}: a box's label is longer than {BOX_LABEL_LENGTH} characters, shortened."
                )
            values.append({"image": image.pk if image else None, "label": label, "text": self.local_files(box.text)})
        return values

    def fit_block(self, kind: str, value: dict[str, Any]) -> dict[str, Any]:
        """A section's short texts cut to what its form takes (a heading of 300 characters, say), with a warning,
        so that the owner can save the homepage without first shortening them by hand."""
        child_blocks = HomePage._meta.get_field("sections").stream_block.child_blocks[kind].child_blocks
        label = _excerpt(value.get("title", kind))
        for name, text in value.items():
            max_length = getattr(getattr(child_blocks.get(name), "field", None), "max_length", None)
            if isinstance(text, str) and max_length and len(text) > max_length:
                value[name] = text[: max_length - 1].rstrip() + "…"
                self.report.warnings.append(
                    f"Section {label!r}: its {name} is longer than {max_length} characters, shortened."
                )
        return value

    def continued(self, value: dict[str, Any], pieces: list[str], visible: bool) -> list[tuple[str, dict[str, Any]]]:
        """Free-text sections after a section whose text is longer than one field holds, one per piece."""
        if pieces:
            self.report.warnings.append(
                f"Section {value['title']!r} has more text than one field holds ({MARKDOWN_MAX_LENGTH:,} "
                f"characters): the rest follows it in {len(pieces)} free-text section(s) shown without a title, "
                f"“{value['title']} (continued)” in the editor."
            )
        anchor = value["anchor"] or section_anchor(value["title"])
        return [
            ("markdown", {"emoji": "", "title": f"{value['title'][:88]} (continued)", "anchor": f"{anchor}-{number}",
                          "visible": visible, "body": piece, "show_title": False})
            for number, piece in enumerate(pieces, start=2)
        ]  # fmt: skip

    # -- publications -----------------------------------------------------

    def publication(
        self, index: PublicationIndexPage, paper: ParsedPaper, key: str, line: int
    ) -> tuple[PublicationPage, bool]:
        """The paper as a record, through the one way in for a paper; ``key`` names it on the old site, ``line``
        is its place among the lines of its sub-heading. True when the page listed it before, under another."""
        title_document = self.site_document(paper.url)
        # "[Preprint upon request](mailto:…)": a paper's link is a web address or a document; an e-mail link the
        # box showed stays in its text, where it still writes the mail.
        mail = [link for link in paper.links if urlparse(link.url).scheme.lower() == "mailto"]
        summary = "\n\n".join(filter(None, [paper.description, " · ".join(map(_mail_link, mail))]))
        record = PaperRecord(
            title=paper.title,
            authors=[
                RecordAuthor(
                    author.name,
                    author.url,
                    author.is_owner or None,
                    author.equal_contribution,
                    author.corresponding,
                    author.others_before,
                )
                for author in paper.authors
            ],  # fmt: skip
            more_authors=paper.more_authors,
            venue=paper.venue,
            venue_short=paper.venue_short,
            badge_text=paper.badge_text,
            year=paper.date.start.year if paper.date.start else None,
            month=paper.date.start.month if paper.date.start and paper.date.precision != "year" else None,
            day=paper.date.start.day if paper.date.start and paper.date.precision == "day" else None,
            precision=paper.date.precision,
            publication_type=_publication_type(f"{paper.venue_short} {paper.venue}"),
            summary=summary,
            doi=paper.doi,
            arxiv_id=paper.arxiv_id,
            scholar_id=paper.scholar_id,
            url="" if title_document else paper.url,
            # Without a link of its own, the title takes the paper link, which the page also showed in its line;
            # a "[Paper]" in the line to the title's own address was shown in both places too.
            links=[
                *([RecordLink("paper", "", document_id=title_document)] if title_document else []),
                *(
                    self.record_link(link.label, link.url, keep_label=not paper.url or link.url == paper.url)
                    for link in paper.links
                    if link not in mail
                ),
            ],
            badges=[
                RecordBadge(badge.kind, badge.identifier, badge.url if badge.kind == "custom" else "", badge.label)
                for badge in paper.badges
            ],
            featured=bool(paper.image or paper.badge_text),  # paper boxes; bullet-list papers follow them
            group=paper.group,
            teaser_image=self.teaser_image(paper),
            source_key=key,
            source="AcadHomepage",
        )
        page, matched_by = find_publication(record)
        shared = page is not None and matched_by != "source" and page.pk in self.stored_papers
        if page is not None and shared and not _same_title(page.title, record.title):
            # Two papers of this page with one DOI (or arXiv id) and other titles: a link copied from one to the
            # other, not one paper listed twice. Both are kept.
            self.report.warnings.append(
                f"Paper {paper.title[:60]!r} has the {matched_by} of {page.title[:60]!r}; kept as a paper of its own"
            )
            page = None
        elif shared:
            # One paper listed twice on the page (in "Selected" and again under its topic): one publication, which
            # stays in the group it was first listed in, and a paper box if it was one in either place; listed
            # under this sub-heading too, as a line at this place in it.
            record = _second_listing(record, page)
            record.listings = [RecordListing(paper.group, line)] if paper.group != page.group else []
        if page is None:  # made by an earlier version of this importer, which kept no key: by its address
            slug = slugify(paper.title)[:80].strip("-")
            page = PublicationPage.objects.child_of(index).filter(slug=slug, source_key="").first() if slug else None
        stored = upsert_publication(
            record, index=index, is_owner=self.profile_settings.is_owner, page=page, match=False,
            publish=paper.published,
        )  # fmt: skip
        self.report.warnings += [f"Paper {paper.title[:60]!r}: {note}" for note in stored.notes]
        self.stored_papers.add(stored.page.pk)
        return stored.page, shared

    def teaser_image(self, paper: ParsedPaper):
        if not paper.image:
            return None
        path = find_image(paper.image, self.images_dir)
        title = paper.title[:255]
        alt = paper.image_alt if len(paper.image_alt) > 3 else ""
        if path is not None:
            try:
                data, name = self.figure_file(path, paper.image)
                return image_from_bytes(data, name, title, alt)
            except ValueError as error:
                self.report.warnings.append(f"{paper.image}: {error}; used a placeholder.")
        else:
            where = f"in {self.images_dir}" if self.images_dir else "(no --images folder given)"
            self.report.warnings.append(f"Image {paper.image} not found {where}; used a placeholder.")
        name = f"placeholder-{slugify(paper.title)[:40] or 'figure'}.png"
        return image_from_bytes(placeholder_png(paper.title), name, title, alt)

    # -- dated lines --------------------------------------------------------

    def news(self, section: ParsedSection, papers_by_key: dict[tuple[str, str], PublicationPage]) -> None:
        """News lines, each linked to the publication its links point to (same arXiv id, DOI or URL)."""
        published = as_text = 0
        undated = []
        oldest_first = _oldest_first(section)  # shown from the last of the latest up: placed from the end
        for position, entry in enumerate(section.entries):
            self.progress("news", position + 1, len(section.entries))
            if entry.date.start is None:
                self.report.warnings.append(f"News item without a date kept as a free text line: {entry.text[:60]}")
                line = "- " + entry.text.replace("\n", "\n  ")
                # One the page had commented out stays in a comment: kept for the owner, shown to no one.
                undated.append(line if entry.published and section.published else _commented(line))
                as_text += 1
                continue
            keys = [key for url in markdown_link_urls(entry.text) for key in link_keys(url)]
            publication = next((papers_by_key[key] for key in keys if key in papers_by_key), None)
            values = {
                "date_precision": entry.date.precision,
                "date_text": _date_text(entry.date),
                "publication": publication,
                "sort_order": len(section.entries) - 1 - position if oldest_first else position,
            }
            live = entry.published and section.published
            lookup = {"date": entry.date.start, "text": entry.text}
            if not self.upsert(section, NewsItem, lookup, values, live, _dated_line(entry)):
                as_text += 1
                continue
            published += live
        if undated:  # a list of their own, after a blank line: after an HTML block (``</details>``) Markdown
            # would have shown them as written: "- [Long-VLA](https://…) is accepted"
            section.markdown = "\n\n".join(filter(None, [section.markdown.strip(), "\n".join(undated)]))
        summary = _count(len(section.entries) - as_text, published)
        self.report.add("News", summary + (f", {as_text} kept as text under the list" if as_text else ""))

    def entries(self, section: ParsedSection) -> None:
        model = ENTRY_KINDS[section.kind]
        published = stored = 0
        for position, entry in enumerate(section.entries):
            self.progress(SECTION_LABELS[section.kind].lower(), position + 1, len(section.entries))
            live = entry.published and section.published
            values = {
                "date": entry.date.start,
                "end_date": entry.date.end if not entry.date.ongoing else None,
                "date_precision": entry.date.precision,
                "ongoing": entry.date.ongoing,
                "date_text": _date_text(entry.date),
                "group": entry.group[: model._meta.get_field("group").max_length],
                "sort_order": position,
            }
            if self.upsert(section, model, {"text": entry.text}, values, live, _dated_line(entry)):
                stored += 1
                published += live
        self.report.add(SECTION_LABELS[section.kind], _count(stored, published))

    def upsert(
        self, section: ParsedSection, model, lookup: dict[str, Any], values: dict[str, Any], live: bool, line: str
    ) -> bool:
        """Create or update one snippet; publish it, or keep it as a draft.

        Found again by its text, and by how many lines of the same text came before it in the import: two
        honors of one name in two years stay two, and a second import updates each instead of adding any.
        A line the snippet cannot hold (longer than its text field, dates it cannot store: "2024.09 - 2022.04")
        stays on the page as ``line``, a line of text under the list, its date as written, with a warning;
        False then.
        """
        key = (model, *sorted(lookup.items()))
        occurrence = self.seen_lines[key]
        self.seen_lines[key] += 1
        obj = model.objects.filter(**lookup).order_by("pk")[occurrence : occurrence + 1].first()
        if obj is not None and obj.live == live and all(getattr(obj, k) == v for k, v in values.items()):
            return True
        obj = obj or model(**lookup)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.live = False if obj.pk is None else obj.live
        try:
            obj.full_clean()
        except ValidationError as error:
            text = lookup["text"]
            self.report.warnings.append(
                f"{section.title}: {_excerpt(text)!r} kept as a line of text under the list: {_messages(error)}"
            )
            section.markdown += f"\n{line}" if live else f"\n{_commented(line)}"
            return False
        obj.save()
        if live:
            publish(obj, clean=False, saved=True)  # validated above
        else:
            obj.save_revision(clean=False)
            if obj.live:
                obj.unpublish()
        return True


_WEB_ADDRESS = re.compile(r"https?://\S+$")


def _named_link(kind: str, url: str, title: str) -> tuple[str, dict[str, str]]:
    """A profile link to ``url`` under ``title``, else the setting's name; of its kind where the site knows it."""
    label = (title or kind.replace("_", " ").title())[:50]
    if kind not in LINK_KINDS:  # "googlescholar1" the sidebar showed as "Google Scholar": a link of that kind
        kind = next((known.key for known in LINK_KINDS.values() if known.label.casefold() == label.casefold()), kind)
    return ("link", {"kind": kind if kind in LINK_KINDS else "website", "value": url, "label": label})


def _same_title(one: str, other: str) -> bool:
    """Whether two titles of one page name one paper listed twice: the same words in the same order, or one is
    the other without its subtitle. Sharing words is not enough: a project box named "Gesture-based eHMI" that
    links the DOI of "…: Gesture-Based Interaction between …" is an item of its own on the page."""
    shorter, longer = sorted((one, other), key=lambda title: len(_words(title)))
    return bool(_words(shorter)) and _words(shorter) in (_words(longer), _words(longer.split(":", 1)[0]))


def _one_paper(one: ParsedPaper, other: ParsedPaper) -> bool:
    """Whether two listings of the page are one paper: one title, and no two identifiers that differ."""
    if one.doi and other.doi and one.doi.casefold() != other.doi.casefold():
        return False
    if one.arxiv_id and other.arxiv_id and normalise_arxiv_id(one.arxiv_id) != normalise_arxiv_id(other.arxiv_id):
        return False
    return _same_title(one.title, other.title)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _second_listing(record: PaperRecord, page: PublicationPage) -> PaperRecord:
    """What a paper's second listing on the page adds to its first: a paper box if it is one, its links, and
    what the first left out. Where both say something (a venue, the authors), the first listing's stays."""
    page = PublicationPage.objects.get(pk=page.pk)  # every field, not only the identifiers it was found by
    return replace(
        record,
        title="",
        authors=[] if page.authors.exists() else record.authors,
        more_authors=None,
        **{
            name: ""
            for name in ("venue", "venue_short", "badge_text", "award", "summary", "abstract")
            if getattr(page, name)
        },
        year=None if page.date else record.year,
        publication_type="",
        scholar_id="",
        badges=None,
        teaser_image=None if page.teaser_image_id else record.teaser_image,
        group=None,
        featured=True if record.featured else None,
    )


def _under_the_heading(paper: ParsedPaper, section: ParsedSection) -> bool:
    """Whether the paper stands right under its section's heading (no sub-heading, or one repeating it)."""
    return paper.group in ("", split_emoji(section.title)[1])


def source_keys(kind: str, texts: list[str]) -> list[str]:
    """What the page calls each of its items, for the next import to find them again: the item's kind and
    text, and how many items of the same text came before it. Reordering the page keeps every key, and two
    items of the same text (two honors of one name in two years) stay two."""
    seen: dict[str, int] = {}
    keys = []
    for text in texts:
        digest = hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest()[:16]
        keys.append(f"acadhomepage:{kind}:{digest}:{seen.get(digest, 0)}")
        seen[digest] = seen.get(digest, 0) + 1
    return keys


def _entries_markdown(section: ParsedSection) -> str:
    """Dated lines written back as markdown bullets, their dates as the page wrote them ("2023.01 - now"), the
    lines under each (its details) still under it, each sub-heading over its lines; unpublished lines stay
    hidden in comments."""
    lines = []
    group = ""
    for entry in section.entries:
        if entry.group != group:
            group = entry.group
            lines.append(f"\n**{group}**\n" if group else "")
        line = _dated_line(entry)
        lines.append(line if entry.published else _commented(line))
    return "\n\n".join(filter(None, [section.intro, "\n".join(filter(None, ["\n".join(lines), section.markdown]))]))


def _dated_line(entry: ParsedEntry) -> str:
    """A dated line as a Markdown bullet, its date as the page wrote it ("2023.01 - now"), its details under it."""
    date = " ".join(entry.date.written.split()) or str(entry.date)
    text = entry.text.replace("\n", "\n  ")
    return f"- *{date}*, {text}" if entry.date.start else f"- {text}"


def _commented(markdown: str) -> str:
    """``markdown`` hidden in one HTML comment; the comments it holds are opened into it (comments do not nest:
    the first ``-->`` inside would end it and show the rest)."""
    inner = markdown.replace("<!--", "").replace("-->", "").strip()
    return f"<!-- {inner} -->" if inner else ""


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _messages(error: ValidationError) -> str:
    return "; ".join(error.messages)


def _mail_link(link: ParsedLink) -> str:
    """An e-mail link of a paper as Markdown, its words as the page showed them; the address alone if it is none
    a mail program takes (then it is no link)."""
    address = unquote(urlparse(link.url).path)
    label = markdown_escaped(" ".join(link.label.split()) or address)
    return f"[{label}](mailto:{quote(address, safe='@.+')})" if _valid_email(address) else label


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _first_frame_if_too_many_pixels(data: bytes) -> tuple[str, bytes] | None:
    """For an animation whose frames together hold more pixels than the image library takes: its size and frames,
    and its first frame as a PNG; None for any other file."""
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            frames = getattr(image, "n_frames", 1)
            if frames < 2 or image.width * image.height * frames <= limit or image.width * image.height > limit:
                return None
            image.seek(0)
            buffer = io.BytesIO()
            image.convert("RGBA").save(buffer, format="PNG")
            return f"{image.width}×{image.height} in {frames} frames", buffer.getvalue()
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError):
        return None  # image_from_bytes reports it


# A picture of more pixels than the library takes is made this size at most: sharper than any page shows it
# (the largest rendition is 1,200 pixels wide), a few megabytes as a file.
SMALLER_SIDE = 4000


def _smaller_if_too_many_pixels(data: bytes) -> tuple[str, str, bytes] | None:
    """For a still picture of more pixels than the image library takes, but no more than Pillow opens without a
    warning of a decompression bomb (some 89 million; decoded whole, a few hundred MB): its size, its new size and
    the picture made small enough for the library and at most ``SMALLER_SIDE`` pixels a side, in its own format
    (PNG for one other than JPEG and WebP); None for any other file."""
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            size, image_format = image.size, image.format
            pixels = image.width * image.height
            if getattr(image, "n_frames", 1) > 1 or not limit < pixels <= (PILImage.MAX_IMAGE_PIXELS or 2 * limit):
                return None
            scale = min(SMALLER_SIDE / max(size), math.sqrt(limit / pixels))
            image.thumbnail((int(size[0] * scale), int(size[1] * scale)))  # a JPEG read at a smaller scale
            buffer = io.BytesIO()
            if image_format in {"JPEG", "WEBP"}:
                image.save(buffer, format=image_format, quality=90)
            else:
                image.save(buffer, format="PNG")
            return f"{size[0]}×{size[1]}", f"{image.width}×{image.height}", buffer.getvalue()
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError, ValueError):
        return None  # image_from_bytes reports it


def _as_png_if_icon(data: bytes) -> bytes:
    """Favicons are often .ico files, which the image library does not take: convert them."""
    try:
        with PILImage.open(io.BytesIO(data)) as icon:
            buffer = io.BytesIO()
            icon.save(buffer, format="PNG")
            return buffer.getvalue()
    except (UnidentifiedImageError, OSError):
        return data  # image_from_bytes reports it


def _profile_state(profile: ProfileSettings) -> dict[str, Any]:
    fields = (*PROFILE_FIELDS, "google_scholar_id", "avatar_id", "favicon_id", "name_variants")
    state = {name: getattr(profile, name) for name in fields}
    state["links"] = [dict(child.value) for child in profile.links]
    state["nav_links"] = [dict(child.value) for child in profile.nav_links]
    return state


# The kinds of work a GB/T 7714 reference names ("Title[J]. Journal, 2021"): a journal article, a paper in
# proceedings, a patent, a thesis; the others (a book, a report, a standard, a web page) are none of ours.
_REFERENCE_KIND = re.compile(r"(?:^|\s)\[(?P<kind>[A-Z]{1,2})(?:/OL)?\](?://|[.．]|\s|$)")
_REFERENCE_KINDS = {"J": "journal", "C": "conference", "P": "patent", "D": "thesis"}


def _publication_type(venue_text: str) -> str:
    if kind := _REFERENCE_KIND.search(venue_text):
        return _REFERENCE_KINDS.get(kind["kind"], PublicationPage.Type.OTHER)
    venue = venue_text.lower()
    if any(words in venue for words in ("arxiv", "preprint", "under review", "submitted", "in submission")):
        return PublicationPage.Type.PREPRINT
    if "report" in venue:  # "MiniMax Technical Report": neither a conference's nor a journal's
        return PublicationPage.Type.OTHER
    if "thesis" in venue or "dissertation" in venue:
        return PublicationPage.Type.THESIS
    if "patent" in venue:
        return PublicationPage.Type.PATENT
    if "workshop" in venue:
        return PublicationPage.Type.WORKSHOP
    if "journal" in venue or "trans" in venue:
        return PublicationPage.Type.JOURNAL
    return PublicationPage.Type.CONFERENCE


def _oldest_first(section: ParsedSection) -> bool:
    """Whether the page wrote its news from the oldest down: more of its dated lines follow an earlier one than a
    later one."""
    dates = [entry.date.start for entry in section.entries if entry.date.start is not None]
    pairs = list(zip(dates, dates[1:], strict=False))
    return sum(one < other for one, other in pairs) > sum(one > other for one, other in pairs)


def _date_text(span: DateSpan) -> str:
    """The date as the page wrote it, where that is not how the site writes the same dates ("Aug. 2024 -
    Present" rather than "2024.08 - Now"); empty otherwise, so that the dates alone say it."""
    written = " ".join(span.written.split())
    return written if written and written != str(span) else ""


def stored_document(data: bytes, name: str, title: str = "") -> tuple[Any, bool]:
    """A document with these bytes (the one already stored, else a new one named ``name``), and whether it is new."""
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    document_model = get_document_model()
    if document := document_model.objects.filter(file_hash=digest).first():
        return document, False
    document = document_model(title=title or Path(name).stem, file=ContentFile(data, name=name))
    document.file_hash = digest
    document.file_size = len(data)
    document.save()
    return document, True


def site_file(reference: str, root: Path) -> Path | None:
    """The file of the checkout ``root`` a link of the about page names (``/docs/a.pdf``, ``docs/a.pdf`` or
    ``../docs/a.pdf``: the page is at the site's root, ``path_on_site``); None when there is none. Whether it
    may be read is for ``read_source_file`` to say."""
    relative = path_on_site(reference)
    if not relative.parts:
        return None
    candidate = root / relative
    return candidate if os.path.lexists(candidate) and not candidate.is_dir() else None


_SQUEEZED = re.compile(r"[\W_]+")  # what a name is compared without: "X (Twitter)" is "xtwitter"


def _link_row(label: str, url: str, keep_label: bool = False) -> dict[str, str]:
    """A typed link; the label is kept only where it says more than the kind ("arXiv"), or where a paper link
    must show in the links line as well as behind the title (``keep_label``)."""
    plain = label.strip("* ").strip()
    kind = LINK_KINDS_BY_LABEL.get(plain.lower(), PublicationLink.Kind.OTHER)
    same_as_kind = plain.lower() == PublicationLink.Kind(kind).label.lower()
    keep = keep_label and kind == PublicationLink.Kind.PAPER
    return {"kind": kind, "url": url, "label": "" if same_as_kind and not keep else plain}


def _sections_data(home: HomePage, blocks: list[tuple[str, dict[str, Any]]] | None = None) -> list[tuple[str, Any]]:
    """Sections as stored (defaults filled in, ids left out), to compare old with new."""
    stream_block = HomePage._meta.get_field("sections").stream_block
    if blocks is None:
        return [(child.block_type, child.block.get_prep_value(child.value)) for child in home.sections]
    return [
        (name, stream_block.child_blocks[name].get_prep_value(stream_block.child_blocks[name].to_python(value)))
        for name, value in blocks
    ]


def _count(total: int, published: int) -> str:
    drafts = total - published
    return f"{total} items" + (f" ({drafts} unpublished)" if drafts else "")
