"""Store the entries of a .bib file as publications, in one transaction.

Each entry becomes a :class:`PaperRecord` (its key is its source key) and goes
the one way in for a paper, ``upsert_publication``: an entry updates the page
an earlier import of the same key made, or the page whose own entry (stored, or
written by the site's ``/publications.bib``) has that key, else the page with
its DOI, then its arXiv id. So importing the same file twice, or the site's own
``/publications.bib``, updates in place and never duplicates, and a page that
would not change gets no new revision. What the file does not say (a link's
label, a co-author's homepage, an abstract the owner typed) is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.figures import find_image, image_from_bytes, read_image_file
from core.sites import default_site
from core.uncommitted_files import import_transaction
from profile_site.models import ProfileSettings
from publications.formats.bibtex import BibEntry, entry_key, exported_entries, is_generated, normalise_newlines

from .models import PublicationIndexPage, PublicationPage
from .records import PaperRecord, RecordAuthor, RecordLink
from .upsert import find_publication, other_paper, upsert_publication

OUTCOMES = ["unchanged", "updated", "created"]  # a publication created by one entry and updated by the next: created
KEY_PREFIX = "bibtex:"

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


def record_of(entry: BibEntry) -> PaperRecord:
    """An entry as the record every way in for a paper fills (images aside: they need a folder)."""
    return PaperRecord(
        title=entry.title,
        authors=[RecordAuthor(author.name, equal_contribution=author.equal_contribution) for author in entry.authors],
        more_authors=entry.more_authors,
        venue=entry.venue,
        venue_short=entry.venue_short,
        award=entry.award,
        year=entry.year,
        month=entry.month,
        precision="month" if entry.month else "year",
        publication_type=entry.publication_type,
        abstract=entry.abstract,
        doi=entry.doi,
        arxiv_id=entry.arxiv_id,
        links=[RecordLink(link.kind, link.url, link.label) for link in entry.links],
        featured=entry.featured,
        bibtex=entry.source,
        source_key=KEY_PREFIX + entry.key,
        source=f"BibTeX, line {entry.line}",
    )


def _distinct(earlier: BibEntry, entry: BibEntry) -> bool:
    """Whether two entries of one file that share a DOI or arXiv id are still two publications: both
    published (a preprint and its published version are one), in different venues, years or entry types, as a
    workshop paper and its conference version are, or two papers given the same arXiv id by mistake."""
    if "preprint" in (earlier.publication_type, entry.publication_type):
        return False
    return (
        earlier.bibtex_type != entry.bibtex_type
        or earlier.venue.casefold() != entry.venue.casefold()
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
        site = self.index.get_site() or default_site()
        self.is_owner = ProfileSettings.for_site(site).is_owner  # name and its variants
        self.by_key = self.pages_by_key()
        for done, entry in enumerate(entries, start=1):
            self.entry(entry)
            if progress is not None:
                progress(done, len(entries))
        for outcome in self.outcome.values():
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def pages_by_key(self) -> dict[str, int]:
        """Each citation key the site already gives a publication: the one its own entry has, or the one the
        site's /publications.bib writes for it; a key an earlier import gave it counts as well."""
        listed = PublicationPage.objects.for_listing()
        keys = {entry_key(text): page.pk for page, text in exported_entries(listed)}
        for page in PublicationPage.objects.exclude(source_key="").filter(source_key__startswith=KEY_PREFIX):
            keys[page.source_key.removeprefix(KEY_PREFIX)] = page.pk
        return keys

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
        record = record_of(entry)
        page, matched_by = self.match(entry, record)
        if page is not None and (earlier := self.first_entry.get(page.pk)) is not None:
            if matched_by != "key" and _distinct(earlier, entry):
                self.note(
                    self.report.guessed,
                    entry,
                    f"shares its {matched_by} with line {earlier.line} ({earlier.key}) but is another publication "
                    "(another venue, year or type): recorded separately",
                )
                page = None
            else:
                # A preprint and its published version are one record, the published version's. The same version
                # twice (Google Scholar's exports repeat papers) is the first entry's record: each run would
                # otherwise change it back and forth between the two spellings.
                again = (earlier.publication_type == "preprint") == (entry.publication_type == "preprint")
                self.note(
                    self.report.guessed,
                    entry,
                    f"the same publication as line {earlier.line} ({earlier.key}), matched by {matched_by}: one record"
                    + (", as that line has it" if again else ""),
                )
                if again:
                    return
        current = page.get_latest_revision_as_object() if page is not None else None
        record.teaser_image = self.teaser_image(entry)
        if current is not None and record.bibtex and self.written_by_the_site(current, entry):
            record.bibtex = ""  # the page's own entry stays as it is, stored or generated
        stored = upsert_publication(record, index=self.index, is_owner=self.is_owner, page=page, match=False)
        for text in stored.notes:
            self.note(self.report.warnings, entry, text)
        if stored.kept_published:
            published = f"a preprint of “{stored.page.title}”, already recorded as published (matched by {matched_by})"
            if stored.outcome == "updated":
                self.note(self.report.guessed, entry, f"{published}: added its arXiv id and links to that record")
            else:
                self.note(self.report.skipped, entry, f"{published}: kept that version")
        elif stored.outcome == "updated" and not stored.page.live:
            self.note(
                self.report.warnings, entry, f"“{stored.page.title}” is unpublished; the update was saved as a draft"
            )
        self.count(stored.page, stored.outcome)
        self.first_entry.setdefault(stored.page.pk, entry)
        self.by_key.setdefault(entry.key, stored.page.pk)

    def match(self, entry: BibEntry, record: PaperRecord) -> tuple[PublicationPage | None, str]:
        """The page this entry describes: by its key, unless it names another DOI or arXiv id than that page;
        else by its DOI, then its arXiv id."""
        if (pk := self.by_key.get(entry.key)) is not None:
            page = PublicationPage.objects.get(pk=pk)
            if not other_paper(page, record):
                return page, "key"
            self.note(
                self.report.guessed,
                entry,
                f"has the key of “{page.title}” but another DOI or arXiv id: not that publication",
            )
        return find_publication(record)

    def count(self, page: PublicationPage, outcome: str) -> None:
        """One outcome per publication, however many entries of the file describe it."""
        previous = self.outcome.get(page.pk, "unchanged")
        self.outcome[page.pk] = max(previous, outcome, key=OUTCOMES.index)

    @staticmethod
    def written_by_the_site(page: PublicationPage, entry: BibEntry) -> bool:
        """Whether the entry is the page's own, as stored or as the site writes it: nothing to keep."""
        stored = normalise_newlines(page.bibtex).strip()
        return stored == entry.source if stored else is_generated(page, entry.source)

    def teaser_image(self, entry: BibEntry):
        """al-folio's ``preview``, found in ``--images``; None (the page keeps its figure) when there is none."""
        if not entry.preview:
            return None
        path = find_image(entry.preview, self.images_dir)
        if path is None:
            where = f"in {self.images_dir}" if self.images_dir else "(no --images folder given)"
            self.note(self.report.warnings, entry, f"preview image {entry.preview} not found {where}; no image set")
            return None
        if self.dry_run:
            return None  # a dry run leaves no files behind in the media folder
        try:
            return image_from_bytes(read_image_file(path, self.images_dir), path.name, entry.title)
        except ValueError as error:
            self.note(self.report.warnings, entry, f"preview image {error}; no image set")
            return None
