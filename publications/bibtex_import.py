"""Store the entries of a .bib file as publications, in one transaction.

Each entry is matched to the publication it describes (by DOI, then arXiv id,
then normalised title), so importing the same file twice, or the site's own
``/publications.bib``, updates in place and never duplicates; a page that
would not change gets no new revision. What the file does not say (a
link's label, a co-author's homepage, an abstract the owner typed) is kept.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from wagtail.models import Site

from core.dates import Precision
from core.figures import find_image, image_from_bytes, read_image_file
from core.identifiers import ARXIV_ID, DOI, normalise_arxiv_id
from core.uncommitted_files import import_transaction
from profile_site.models import ProfileSettings
from publications.formats.bibtex import (
    ENTRY_TYPES,
    UNSAFE_TEX,
    BibAuthor,
    BibEntry,
    is_generated,
    normalise_newlines,
    normalise_title,
    unsafe_tex,
)

from .models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage

# The versions of a paper an arXiv preprint must not overwrite.
PUBLISHED_TYPES = {"conference", "journal", "workshop", "chapter", "thesis"}
PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}
AUTHOR_FIELDS = ("name", "url", "is_owner", "equal_contribution", "corresponding")
LINK_FIELDS = ("kind", "url", "label")
# What an import can change on a page: when none of it differs, no revision is saved.
PAGE_FIELDS = (
    "title",
    "publication_type",
    "venue",
    "venue_short",
    "award",
    "abstract",
    "doi",
    "arxiv_id",
    "featured",
    "teaser_image_id",
    "date",
    "date_precision",
    "bibtex",
)

OUTCOMES = ["unchanged", "updated", "created"]  # a publication created by one entry and updated by the next: created

Progress = Callable[[int, int], None]


@dataclass
class BibtexImportReport:
    """What an import did to each publication, and what it skipped, guessed or could not read."""

    entries: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_bibtex(
    entries: list[BibEntry],
    images_dir: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> BibtexImportReport:
    """Create or update a publication for each entry; a dry run reports and keeps nothing."""
    report = BibtexImportReport(entries=len(entries))
    with import_transaction(dry_run=dry_run):
        _Importer(report, images_dir, dry_run).run(entries, progress)
    return report


def normalise_name(name: str) -> str:
    """Names compared without case, accents or extra spaces: "Victor Ruhle" is "Victor Rühle"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def merge_authors(
    existing: list[dict[str, Any]],
    authors: list[BibAuthor],
    is_owner: Callable[[str], bool],
    fit_name: Callable[[str], str] | None = None,
) -> list[dict[str, Any]]:
    """The new author list in its order. A name already on the page keeps what the owner set on
    it (link, markers, "this is me"); a new one is the owner when it is one of the owner's names."""
    if not authors:
        return existing
    limit = PublicationAuthor._meta.get_field("name").max_length
    fit_name = fit_name or (lambda name: name[:limit])
    by_name = {normalise_name(row["name"]): row for row in existing}
    rows = []
    for author in authors:
        old = by_name.get(normalise_name(author.name)) or {
            "url": "",
            "is_owner": is_owner(author.name),
            "equal_contribution": False,
            "corresponding": False,
        }
        rows.append(
            {
                **old,
                "name": fit_name(author.name),
                "equal_contribution": old["equal_contribution"] or author.equal_contribution,
            }
        )
    return rows


def _same_or_new(old: str, new: str, normalise: Callable[[str], str]) -> str:
    """The page's identifier when the entry names the same one (``2403.12968`` is ``2403.12968v2``)."""
    return old if not new or normalise(old) == normalise(new) else new


class _Matcher:
    """Finds the publications an entry may describe, among those on the site and those just created."""

    def __init__(self, pages: Iterable[PublicationPage]) -> None:
        self.by_doi: dict[str, list[int]] = defaultdict(list)
        self.by_arxiv: dict[str, list[int]] = defaultdict(list)
        self.by_title: dict[str, list[int]] = defaultdict(list)
        for page in pages:
            self.add(page)

    def add(self, page: PublicationPage) -> None:
        for index, key in (
            (self.by_doi, page.doi.strip().lower()),
            (self.by_arxiv, normalise_arxiv_id(page.arxiv_id)),
            (self.by_title, normalise_title(page.title)),
        ):
            if key and page.pk not in index[key]:
                index[key].append(page.pk)

    def candidates(self, entry: BibEntry, doi: str, arxiv_id: str) -> list[tuple[PublicationPage, str]]:
        """Each page as it is now (an earlier entry of the same file may have changed it) and what matched,
        the likeliest first: the page written from this very entry, then by DOI, arXiv id, title, venue, year."""
        pks = [
            *self.by_doi.get(doi.lower(), []),
            *self.by_arxiv.get(normalise_arxiv_id(arxiv_id), []),
            *self.by_title.get(normalise_title(entry.title), []),
        ]
        ranked = []
        for page in PublicationPage.objects.filter(pk__in=pks).order_by("pk"):
            same_doi = bool(doi) and page.doi.strip().lower() == doi.lower()
            same_arxiv = bool(arxiv_id) and normalise_arxiv_id(page.arxiv_id) == normalise_arxiv_id(arxiv_id)
            same_title = normalise_title(page.title) == normalise_title(entry.title)
            conflicting = (doi and page.doi and not same_doi) or (arxiv_id and page.arxiv_id and not same_arxiv)
            if not (same_doi or same_arxiv or (same_title and not conflicting)):
                continue
            matched_by = "DOI" if same_doi else "arXiv id" if same_arxiv else "title"
            score = (
                _Importer.written_from(page, entry),
                same_doi,
                same_arxiv,
                same_title,
                normalise_title(page.venue) == normalise_title(entry.venue),
                page.date is not None and page.date.year == entry.year,
            )
            ranked.append((score, page, matched_by))
        ranked.sort(key=lambda item: item[0], reverse=True)  # stable: among equals, the oldest page first
        return [(page, matched_by) for _, page, matched_by in ranked]


def _distinct(earlier: BibEntry, entry: BibEntry) -> bool:
    """Whether two entries of one file that share a DOI, arXiv id or title are still two publications: both
    published (a preprint and its published version are one), in different venues, years or entry types, as a
    workshop paper and its conference version are, or two papers given the same arXiv id by mistake."""
    if "preprint" in (earlier.publication_type, entry.publication_type):
        return False
    return (
        earlier.bibtex_type != entry.bibtex_type
        or normalise_title(earlier.venue) != normalise_title(entry.venue)
        or (earlier.year is not None and entry.year is not None and earlier.year != entry.year)
    )


class _Importer:
    def __init__(self, report: BibtexImportReport, images_dir: Path | None, dry_run: bool) -> None:
        self.report = report
        self.images_dir = images_dir
        self.dry_run = dry_run
        self.outcome: dict[int, str] = {}
        self.first_entry: dict[int, BibEntry] = {}

    def run(self, entries: list[BibEntry], progress: Progress | None) -> None:
        self.index = PublicationIndexPage.for_site()
        site = self.index.get_site() or Site.objects.filter(is_default_site=True).first()
        self.is_owner = ProfileSettings.for_site(site).is_owner  # name and its variants
        self.matcher = _Matcher(PublicationPage.objects.only("pk", "doi", "arxiv_id", "title"))
        for done, entry in enumerate(entries, start=1):
            self.entry(entry)
            if progress is not None:
                progress(done, len(entries))
        for outcome in self.outcome.values():
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def note(self, notes: list[str], entry: BibEntry, text: str) -> None:
        notes.append(f"line {entry.line} ({entry.key}): {text}")

    def entry(self, entry: BibEntry) -> None:
        for text in entry.guesses:
            self.note(self.report.guessed, entry, text)
        for text in entry.warnings:
            self.note(self.report.warnings, entry, text)
        if not entry.title:
            self.note(self.report.skipped, entry, "no title")
            return
        doi = self.checked(entry, "DOI", entry.doi, DOI)
        arxiv_id = self.checked(entry, "arXiv id", entry.arxiv_id, ARXIV_ID)
        page, matched_by = None, ""
        for candidate, reason in self.matcher.candidates(entry, doi, arxiv_id):
            earlier = self.first_entry.get(candidate.pk)
            if earlier is None or not _distinct(earlier, entry):
                page, matched_by = candidate, reason
                break
            self.note(
                self.report.guessed,
                entry,
                f"shares its {reason} with line {earlier.line} ({earlier.key}) but is another publication "
                "(another venue, year or type): recorded separately",
            )
        current = page.get_latest_revision_as_object() if page else PublicationPage()
        if page is not None:
            if entry.publication_type == "preprint" and current.publication_type in PUBLISHED_TYPES:
                self.preprint_of_published(entry, page, current, arxiv_id, matched_by)
                return
            earlier = self.first_entry.get(page.pk)
            if earlier is not None:
                self.note(
                    self.report.guessed,
                    entry,
                    f"the same publication as line {earlier.line} ({earlier.key}), matched by {matched_by}: one record",
                )
            elif matched_by == "title" and not self.written_from(current, entry):
                self.note(self.report.guessed, entry, f"matched “{page.title}” by its title")
        values = self.values(entry, current, doi, arxiv_id)
        authors = self.authors(entry, current)
        links = self.links(entry, current)
        if page is None:
            page = self.create(entry, values, authors, links)
            self.record(page, "created")
        else:
            self.record(page, "updated" if self.update(entry, page, current, values, authors, links) else "unchanged")
        self.first_entry.setdefault(page.pk, entry)

    def preprint_of_published(
        self, entry: BibEntry, page: PublicationPage, current: PublicationPage, arxiv_id: str, matched_by: str
    ) -> None:
        """The published version stays as it is; the preprint only adds its arXiv id and links."""
        values = {name: getattr(current, name) for name in PAGE_FIELDS if name != "bibtex"}
        values["arxiv_id"] = current.arxiv_id or arxiv_id
        authors = [{name: getattr(author, name) for name in AUTHOR_FIELDS} for author in current.authors.all()]
        added = self.update(entry, page, current, values, authors, self.links(entry, current), store_entry=False)
        self.record(page, "updated" if added else "unchanged")
        published = f"a preprint of “{page.title}”, already recorded as published (matched by {matched_by})"
        if added:
            self.note(self.report.guessed, entry, f"{published}: added its arXiv id and links to that record")
        else:
            self.note(self.report.skipped, entry, f"{published}: kept that version")

    def record(self, page: PublicationPage, outcome: str) -> None:
        """One outcome per publication, however many entries of the file describe it."""
        previous = self.outcome.get(page.pk, "unchanged")
        self.outcome[page.pk] = max(previous, outcome, key=OUTCOMES.index)

    @staticmethod
    def written_from(page: PublicationPage, entry: BibEntry) -> bool:
        """Whether the page's entry is this one (stored or generated): a match by title then is certain."""
        stored = normalise_newlines(page.bibtex).strip()
        return stored == entry.source if stored else is_generated(page, entry.source)

    def checked(self, entry: BibEntry, label: str, value: str, pattern) -> str:
        if value and not pattern.match(value):
            self.note(self.report.warnings, entry, f"{label} {value!r} is not valid; not imported")
            return ""
        return value

    # -- what the page becomes ------------------------------------------------

    def values(self, entry: BibEntry, current: PublicationPage, doi: str, arxiv_id: str) -> dict[str, Any]:
        """Field values from the entry; what it does not say stays as the page had it."""
        values = {
            "title": self.fit(entry, "title", entry.title),
            "publication_type": self.publication_type(entry, current),
            "venue": self.fit(entry, "venue", entry.venue) or current.venue,
            "venue_short": self.fit(entry, "venue_short", entry.venue_short) or current.venue_short,
            "award": self.fit(entry, "award", entry.award) or current.award,
            "abstract": entry.abstract or current.abstract,
            "doi": _same_or_new(current.doi, doi, str.lower),
            "arxiv_id": _same_or_new(current.arxiv_id, arxiv_id, normalise_arxiv_id),
            "featured": current.featured if entry.featured is None else entry.featured,
            "teaser_image": self.teaser_image(entry, current),
        }
        values["date"], values["date_precision"] = self.date(entry, current)
        return values

    def fit(self, entry: BibEntry, name: str, value: str) -> str:
        limit = PublicationPage._meta.get_field(name).max_length
        if len(value) <= limit:
            return value
        self.note(self.report.warnings, entry, f"{name} longer than {limit} characters; cut short")
        return value[: limit - 1].rstrip() + "…"

    @staticmethod
    def publication_type(entry: BibEntry, current: PublicationPage) -> str:
        """The entry's type, unless the page's finer one is written as the same entry type (a workshop
        paper is @inproceedings too)."""
        if current.pk and ENTRY_TYPES.get(current.publication_type) == entry.bibtex_type:
            return current.publication_type
        return entry.publication_type

    @staticmethod
    def date(entry: BibEntry, current: PublicationPage) -> tuple[datetime.date | None, str]:
        """The entry's year and month, unless the page already has that date, told more precisely."""
        if entry.year is None:
            return current.date, current.date_precision
        precision = Precision.MONTH if entry.month else Precision.YEAR
        same = (
            current.date is not None
            and current.date.year == entry.year
            and (entry.month is None or current.date.month == entry.month)
            and PRECISION_RANK[Precision(current.date_precision)] >= PRECISION_RANK[precision]
        )
        if same:
            return current.date, current.date_precision
        return datetime.date(entry.year, entry.month or 1, 1), precision.value

    def authors(self, entry: BibEntry, current: PublicationPage) -> list[dict[str, Any]]:
        existing = [{name: getattr(author, name) for name in AUTHOR_FIELDS} for author in current.authors.all()]
        return merge_authors(existing, entry.authors, self.is_owner, lambda name: self.fit_author(entry, name))

    def fit_author(self, entry: BibEntry, name: str) -> str:
        limit = PublicationAuthor._meta.get_field("name").max_length
        if len(name) > limit:
            self.note(self.report.warnings, entry, f"author name longer than {limit} characters; cut short")
        return name[:limit]

    def links(self, entry: BibEntry, current: PublicationPage) -> list[dict[str, Any]]:
        """The page's links, then the entry's new ones; a link is never removed by an import."""
        rows = [{name: getattr(link, name) for name in LINK_FIELDS} for link in current.links.all()]
        known = {row["url"] for row in rows}
        limit = PublicationLink._meta.get_field("url").max_length
        for link in entry.links:
            if link.url in known:
                continue
            try:
                URLValidator()(link.url)
            except ValidationError:
                self.note(self.report.warnings, entry, f"{link.url!r} is not a valid web address; link not imported")
                continue
            if len(link.url) > limit:
                self.note(self.report.warnings, entry, f"link longer than {limit} characters not imported")
                continue
            known.add(link.url)
            rows.append({"kind": link.kind, "url": link.url, "label": link.label})
        return rows

    def teaser_image(self, entry: BibEntry, current: PublicationPage):
        """al-folio's ``preview``, found in ``--images``; the page's own figure when there is none."""
        if not entry.preview:
            return current.teaser_image
        path = find_image(entry.preview, self.images_dir)
        if path is None:
            where = f"in {self.images_dir}" if self.images_dir else "(no --images folder given)"
            self.note(self.report.warnings, entry, f"preview image {entry.preview} not found {where}; no image set")
            return current.teaser_image
        if self.dry_run:
            return current.teaser_image  # a dry run leaves no files behind in the media folder
        try:
            return image_from_bytes(read_image_file(path, self.images_dir), path.name, entry.title)
        except ValueError as error:
            self.note(self.report.warnings, entry, f"preview image {error}; no image set")
            return current.teaser_image

    # -- saving -----------------------------------------------------------------

    def apply(self, page: PublicationPage, entry: BibEntry, values, authors, links, store_entry: bool = True) -> None:
        """Set everything on ``page``; the entry is stored unless it is what the site would write anyway, or
        holds :func:`unsafe_tex` (the page then serves the entry it writes)."""
        stored = normalise_newlines(page.bibtex).strip()
        for name, value in values.items():
            setattr(page, name, value)
        page.authors = [PublicationAuthor(**row) for row in authors]
        page.links = [PublicationLink(**row) for row in links]
        if not store_entry:
            return
        if unsafe := unsafe_tex(entry.source):
            self.note(
                self.report.warnings,
                entry,
                f"the entry holds {UNSAFE_TEX} ({', '.join(unsafe)}): not kept; the page serves one written "
                "from its fields",
            )
            page.bibtex = ""
        elif stored != entry.source:
            page.bibtex = "" if is_generated(page, entry.source) else entry.source

    def create(self, entry: BibEntry, values, authors, links) -> PublicationPage:
        page = PublicationPage(slug=self.free_slug(entry.title), live=False)
        self.apply(page, entry, values, authors, links)
        self.index.add_publication(page)
        page.save_revision().publish()
        self.matcher.add(page)
        return page

    def update(
        self, entry: BibEntry, page: PublicationPage, current: PublicationPage, values, authors, links, store_entry=True
    ) -> bool:
        """Save a new revision when something changed (published, unless the page is a draft)."""
        before = self.snapshot(current)
        self.apply(current, entry, values, authors, links, store_entry)
        if self.snapshot(current) == before:
            return False
        revision = current.save_revision()
        if page.live:
            revision.publish()
        else:
            self.note(self.report.warnings, entry, f"“{page.title}” is unpublished; the update was saved as a draft")
        self.matcher.add(current)
        return True

    @staticmethod
    def snapshot(page: PublicationPage) -> tuple:
        return (
            tuple(getattr(page, name) for name in PAGE_FIELDS),
            [tuple(getattr(author, name) for name in AUTHOR_FIELDS) for author in page.authors.all()],
            [tuple(getattr(link, name) for name in LINK_FIELDS) for link in page.links.all()],
        )

    def free_slug(self, title: str) -> str:
        base = slugify(title)[:80].strip("-") or "publication"
        taken = set(self.index.get_children().values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug
