"""One way in for a paper: :func:`upsert_publication` stores a :class:`PaperRecord` as a publication page.

Every source maps its input into a record (``records.py``); this matches it to
the page it describes, creates one or updates it, and writes its authors, links
and badges, the same way for the AcadHomepage importer, ``import_bibtex`` and
"Add by DOI / arXiv":

* **Matching** (:func:`find_publication`): the page an earlier import of the same
  source made (its ``source_key``), else the page with the same DOI, else with
  the same arXiv id (any version). Never by title: two papers may share one, and
  merging them loses a paper.
* **Keeping the owner's work**: what the record does not state stays as the page
  has it; a text the owner rewrote (title, venue, abstract, …: ``OWNER_TEXT``) stays
  too: the page keeps the texts as the last import gave them (``imported``), and
  one that differs is the owner's; an author already on the page keeps their link and marks; links are
  added, never removed; a date the page tells more precisely stays; a preprint
  never overwrites its published version (it only adds its arXiv id, links and,
  when there is none, the abstract).
* **Writing**: text longer than its field is cut, with a note; authors are
  written together (``PublicationIndexPage.add_publication``); a record that
  changes nothing saves no revision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from core.dates import Precision
from core.identifiers import ARXIV_ID, DOI, normalise_arxiv_id
from core.names import normalise_name
from core.publishing import publish as publish_revision

from .formats.bibtex import ENTRY_TYPES, UNSAFE_TEX, is_generated, normalise_newlines, unsafe_tex
from .models import (
    ArtifactBadge,
    PublicationAuthor,
    PublicationIndexPage,
    PublicationLink,
    PublicationListing,
    PublicationPage,
)
from .records import PaperRecord, RecordAuthor, RecordLink

# The versions of a paper an arXiv preprint must not overwrite.
PUBLISHED_TYPES = {"conference", "journal", "workshop", "chapter", "thesis"}
PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}
AUTHOR_FIELDS = ("name", "url", "is_owner", "equal_contribution", "corresponding", "others_before")
LINK_FIELDS = ("kind", "url", "label", "document_id")
BADGE_FIELDS = ("kind", "identifier", "url", "label")
LISTING_FIELDS = ("group", "position")
# What an update can change on a page: when none of it differs, no revision is saved. (The source key is
# not content: a page found by its identifiers takes it only with a change that is.)
PAGE_FIELDS = (
    "title", "publication_type", "venue", "venue_short", "badge_text", "award", "summary", "abstract", "doi",
    "arxiv_id", "scholar_id", "featured", "group", "teaser_image_id", "date", "date_precision", "bibtex",
    "more_authors",
)  # fmt: skip
OwnerMatcher = Callable[[str], bool]
# Texts an owner rewrites in the admin. An import sets one only while the page shows what an import gave it
# (``PublicationPage.imported``); a paper made by hand keeps what the owner wrote, and takes only what it lacks.
OWNER_TEXT = ("title", "venue", "venue_short", "badge_text", "award", "abstract", "summary")
LONG_TEXT = ("abstract", "summary")  # markdown of no fixed length: nothing to cut


@dataclass
class Upserted:
    """What became of a record: ``outcome`` is ``created``, ``updated`` or ``unchanged``."""

    page: PublicationPage
    outcome: str
    matched_by: str = ""  # "source", "DOI" or "arXiv id" for a page that was there already
    notes: list[str] = field(default_factory=list)
    kept_published: bool = False  # a preprint of a published page: only its id and links were added


def find_publication(
    record: PaperRecord, pages: Iterable[PublicationPage] | None = None
) -> tuple[PublicationPage | None, str]:
    """The page ``record`` describes among ``pages`` (every publication by default), and what matched."""
    candidates = list(pages if pages is not None else PublicationPage.objects.only("pk", "doi", "arxiv_id"))
    doi = record.doi.strip().lower()
    arxiv_id = normalise_arxiv_id(record.arxiv_id) if record.arxiv_id else ""
    if record.source_key:
        keyed = {page.pk for page in PublicationPage.objects.filter(source_key=record.source_key)}
        if page := next((page for page in candidates if page.pk in keyed and not other_paper(page, record)), None):
            return page, "source"
    if doi and (page := next((page for page in candidates if page.doi.strip().lower() == doi), None)):
        return page, "DOI"
    if arxiv_id and (page := next((page for page in candidates if _same_arxiv(page.arxiv_id, arxiv_id)), None)):
        return page, "arXiv id"
    return None, ""


def other_paper(page: PublicationPage, record: PaperRecord) -> bool:
    """Whether ``record`` names another DOI or arXiv id than ``page`` has: then it is another paper, whatever
    key it shares with the page (a citation key such as ``pan2024llmlingua`` names two papers as easily)."""
    doi = record.doi.strip().lower()
    if doi and page.doi and page.doi.strip().lower() != doi:
        return True
    arxiv_id = normalise_arxiv_id(record.arxiv_id) if record.arxiv_id else ""
    return bool(arxiv_id and page.arxiv_id and not _same_arxiv(page.arxiv_id, arxiv_id))


def upsert_publication(
    record: PaperRecord,
    *,
    index: PublicationIndexPage,
    is_owner: OwnerMatcher,
    page: PublicationPage | None = None,
    match: bool = True,
    publish: bool | None = None,
    user: Any = None,
    first: bool = False,
    keep_owner_text: bool = True,
) -> Upserted:
    """Create or update the publication ``record`` describes.

    ``page`` is the one to update when the caller has already decided (the owner chose it); otherwise it is
    found by :func:`find_publication` unless ``match`` is False (the owner asked for another record).
    ``publish``: True publishes, False saves a draft, None publishes a new page and an update of a live one,
    and leaves a draft a draft. ``keep_owner_text`` False lets the record's texts replace those the owner
    rewrote (the owner asked for this record over the page, in the admin). ``user`` is recorded as the
    revision's author and in the page's history.
    A new page goes after the others (an import keeps its source's order), or ``first``, before them (a paper
    the owner adds by hand is their newest): the homepage lists papers in this order, which the owner can change.
    """
    matched_by = "chosen" if page is not None else ""
    if page is None and match:
        page, matched_by = find_publication(record)
    writer = _Writer(record, is_owner, keep_owner_text)
    if page is None:
        created = writer.create(index, user, first)
        _save(created, publish=publish is not False, user=user, saved=True)
        return Upserted(created, "created", notes=writer.notes)
    current = page.get_latest_revision_as_object()
    before = _snapshot(current)
    kept_published = writer.update(current)
    if _snapshot(current) == before:
        return Upserted(page, "unchanged", matched_by, writer.notes, kept_published)
    _save(current, publish=page.live if publish is None else publish, user=user)
    return Upserted(page, "updated", matched_by, writer.notes, kept_published)


def merge_authors(existing: list[dict[str, Any]], authors: list[RecordAuthor], is_owner: OwnerMatcher) -> list[dict]:
    """The record's authors in its order. A name already on the page keeps what the owner set on it (link,
    marks, "this is me"), unless the record says otherwise; a new one is the owner when it is one of the
    owner's names, or when the record says so (a name in bold on an AcadHomepage page)."""
    if not authors:
        return existing
    limit = PublicationAuthor._meta.get_field("name").max_length
    by_name = {normalise_name(row["name"]): row for row in existing}
    rows = []
    for author in authors:
        old = by_name.get(normalise_name(author.name)) or {
            "url": "",
            "is_owner": is_owner(author.name),
            "equal_contribution": False,
            "corresponding": False,
            "others_before": False,
        }
        rows.append(
            {
                **old,
                "name": author.name[:limit],
                "url": author.url or old["url"],
                "is_owner": old["is_owner"] if author.is_owner is None else author.is_owner or old["is_owner"],
                "equal_contribution": old["equal_contribution"] or author.equal_contribution,
                "corresponding": old["corresponding"] or author.corresponding,
                "others_before": old["others_before"] or author.others_before,
            }
        )
    return rows


def merge_links(first: list[dict], second: list[dict]) -> list[dict]:
    """``first``, then ``second``: each address once, valid ones only.

    The title's link given again in the line of links ("Project" to the same address) takes that name, so the
    line still shows it. When a paper has two "paper" links, the
    arXiv one is labelled "arXiv" so the two can be told apart.
    """
    limit = PublicationLink._meta.get_field("url").max_length
    rows: list[dict] = []
    seen: dict[str | int, dict] = {}  # web addresses, and the ids of documents of the site
    for row in [*first, *second]:
        target: str | int = row["url"] or row.get("document_id") or ""
        if kept := seen.get(target):
            named = row["label"] or row["kind"] != kept["kind"]
            if named and kept["kind"] == PublicationLink.Kind.PAPER and not kept["label"]:  # behind the title only
                kept["label"] = row["label"] or PublicationLink.Kind(row["kind"]).label
            continue
        if not (row.get("document_id") or len(row["url"]) <= limit and _valid_url(row["url"])):
            continue
        seen[target] = dict(row)
        rows.append(seen[target])
    papers = [row for row in rows if row["kind"] == PublicationLink.Kind.PAPER]
    for row in papers[1:]:
        if not row["label"] and "arxiv.org" in row["url"]:
            row["label"] = "arXiv"
    return rows


class _Writer:
    """Sets a page's fields from one record, noting what it had to cut or leave out."""

    def __init__(self, record: PaperRecord, is_owner: OwnerMatcher, keep_owner_text: bool = True) -> None:
        self.record = record
        self.is_owner = is_owner
        self.keep_owner_text = keep_owner_text
        self.notes: list[str] = []

    def create(self, index: PublicationIndexPage, user: Any, first: bool = False) -> PublicationPage:
        page = PublicationPage(slug=_free_slug(index, self.record.title), live=False, owner=user)
        record = self.record
        page.title = self.fit("title", record.title)
        page.publication_type = record.publication_type or PublicationPage.Type.OTHER
        for name in ("venue", "venue_short", "badge_text", "award"):
            setattr(page, name, self.fit(name, getattr(record, name)))
        page.abstract, page.scholar_id = record.abstract, record.scholar_id
        page.summary = record.summary
        if record.date:
            page.date, page.date_precision = record.date, record.precision
        page.doi, page.arxiv_id = self.identifier("doi", record.doi), self.identifier("arxiv_id", record.arxiv_id)
        page.featured, page.group = bool(record.featured), self.fit("group", record.group or "")
        page.teaser_image, page.source_key = record.teaser_image, record.source_key
        page.authors = [PublicationAuthor(**row) for row in merge_authors([], self.authors(), self.is_owner)]
        page.more_authors = bool(record.more_authors)
        page.links = [PublicationLink(**row) for row in merge_links(self.record_links(), [])]
        page.badges = [ArtifactBadge(**row) for row in self.badge_rows()]
        page.listings = [PublicationListing(**row) for row in self.listing_rows(page, [])]
        self.keep_entry(page)
        page.imported = {name: getattr(page, name) for name in OWNER_TEXT}
        return index.add_publication(page, first=first)

    def update(self, page: PublicationPage) -> bool:
        """Merge the record into ``page``; True when it is a preprint of this published paper (only its arXiv id,
        links and, when the page has none, abstract are added)."""
        record = self.record
        arxiv_id = self.identifier("arxiv_id", record.arxiv_id)
        if not (page.arxiv_id and arxiv_id and _same_arxiv(page.arxiv_id, normalise_arxiv_id(arxiv_id))):
            page.arxiv_id = arxiv_id or page.arxiv_id
        existing_links, new_links = _rows(page.links.all(), LINK_FIELDS), self.record_links()
        if record.publication_type == "preprint" and page.publication_type in PUBLISHED_TYPES:
            page.abstract = page.abstract or record.abstract
            page.links = [PublicationLink(**row) for row in merge_links(existing_links, new_links)]
            if not page.source_key and not page.imported:  # made by hand: its texts are the owner's
                page.imported = dict.fromkeys(OWNER_TEXT, "")
            page.source_key = page.source_key or record.source_key
            return True
        # The published version's own link becomes the one the title points to.
        published_now = page.publication_type == "preprint" and record.publication_type not in ("", "preprint")
        if record.summary and page.abstract == record.summary:  # an earlier import kept a box's text as abstract
            page.abstract = ""
            if (page.imported or {}).get("abstract") == record.summary:
                page.imported = {**page.imported, "abstract": ""}
        fitted = {name: self.fit(name, getattr(record, name)) for name in OWNER_TEXT if name not in LONG_TEXT}
        self.merge_text(page, {**fitted, **{name: getattr(record, name) for name in LONG_TEXT}})
        if record.publication_type and ENTRY_TYPES.get(page.publication_type) != ENTRY_TYPES.get(
            record.publication_type
        ):
            page.publication_type = record.publication_type  # a workshop paper stays one: both are @inproceedings
        if record.date and not _same_date_told_better(page, record):
            page.date, page.date_precision = record.date, record.precision
        page.doi = self.identifier("doi", record.doi) if _new_doi(page.doi, record.doi) else page.doi
        page.scholar_id = record.scholar_id or page.scholar_id
        page.featured = page.featured if record.featured is None else record.featured
        page.group = page.group if record.group is None else self.fit("group", record.group)
        page.teaser_image = record.teaser_image or page.teaser_image
        page.source_key = page.source_key or record.source_key
        authors = merge_authors(_rows(page.authors.all(), AUTHOR_FIELDS), self.authors(), self.is_owner)
        page.authors = [PublicationAuthor(**row) for row in authors]
        page.more_authors = page.more_authors if record.more_authors is None else record.more_authors
        ordered = (new_links, existing_links) if published_now else (existing_links, new_links)
        page.links = [PublicationLink(**row) for row in merge_links(*ordered)]
        if record.badges is not None:
            page.badges = [ArtifactBadge(**row) for row in self.badge_rows()]
        if record.listings:
            existing = _rows(page.listings.all(), LISTING_FIELDS)
            page.listings = [PublicationListing(**row) for row in self.listing_rows(page, existing)]
        self.keep_entry(page)
        return False

    def merge_text(self, page: PublicationPage, incoming: dict[str, str]) -> None:
        """Set each text the record states, unless the owner rewrote the page's since the last import (or wrote
        it on a page no import made); remember what the record said, for the next import."""
        imported = dict(page.imported or {})
        before_snapshots = not imported and bool(page.source_key)  # imported before pages kept what they were given
        for name, value in incoming.items():
            if not value:
                continue
            current = getattr(page, name)
            rewritten = current != imported[name] if name in imported else bool(current) and not before_snapshots
            if not (rewritten and self.keep_owner_text):
                setattr(page, name, value)
            imported[name] = value
        page.imported = imported

    def keep_entry(self, page: PublicationPage) -> None:
        """The record's own entry becomes the page's, unless it is what the site would write anyway, or holds
        TeX that would run (the page then serves the entry it writes)."""
        entry = normalise_newlines(self.record.bibtex).strip()
        if not entry:
            return
        if unsafe := unsafe_tex(entry):
            self.notes.append(
                f"the entry holds {UNSAFE_TEX} ({', '.join(unsafe)}): not kept; the page serves one written from "
                "its fields"
            )
            page.bibtex = ""
        elif normalise_newlines(page.bibtex).strip() != entry:
            page.bibtex = "" if is_generated(page, entry) else entry

    def authors(self) -> list[RecordAuthor]:
        limit = PublicationAuthor._meta.get_field("name").max_length
        if any(len(author.name) > limit for author in self.record.authors):
            self.notes.append(f"author name longer than {limit} characters, shortened")
        return self.record.authors

    def record_links(self) -> list[dict]:
        """The record's links, its paper link first; one that is no web address, or too long, is left out."""
        paper = [RecordLink("paper", self.record.url)] if self.record.url else []
        limit = PublicationLink._meta.get_field("url").max_length
        rows = []
        for link in [*paper, *self.record.links]:
            if link.document_id:
                rows.append({"kind": link.kind, "url": "", "label": link.label, "document_id": link.document_id})
            elif not _valid_url(link.url):
                self.notes.append(f"{link.url!r} is not a valid web address; link not imported")
            elif len(link.url) > limit:
                self.notes.append(f"link longer than {limit} characters not imported")
            else:
                rows.append({"kind": link.kind, "url": link.url, "label": link.label, "document_id": None})
        return rows

    def badge_rows(self) -> list[dict]:
        return [
            self.fitted(ArtifactBadge, {name: getattr(badge, name) for name in BADGE_FIELDS})
            for badge in self.record.badges or []
        ]

    def listing_rows(self, page: PublicationPage, existing: list[dict]) -> list[dict]:
        """The page's listings with the record's added: a sub-heading it is already under (its own, or one of
        these) moves to the record's place in it rather than listing the paper there twice."""
        rows = [dict(row) for row in existing]
        for listing in self.record.listings:
            group = self.fitted(PublicationListing, {"group": listing.group})["group"]
            if group == page.group:
                continue
            same = next((row for row in rows if row["group"] == group), None)
            if same is None:
                rows.append({"group": group, "position": listing.position})
            else:
                same["position"] = listing.position
        return rows

    def fit(self, name: str, value: str) -> str:
        return self.fitted(PublicationPage, {name: value})[name]

    def fitted(self, model, values: dict[str, Any]) -> dict[str, Any]:
        """Text longer than its field holds, cut with a note, instead of failing the record."""
        fitted = dict(values)
        for name, value in values.items():
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                fitted[name] = cut_to_field(model, name, value)
                label = name.replace("_", " ")
                self.notes.append(f"{label} longer than {limit} characters, shortened: {value[:80]!r}…")
        return fitted

    def identifier(self, name: str, value: str) -> str:
        """A DOI or arXiv id the page can store, or "" with a note."""
        value = value.strip()
        pattern = DOI if name == "doi" else ARXIV_ID
        limit = _max_length(PublicationPage, name)
        if value and (not pattern.match(value) or len(value) > limit):
            self.notes.append(f"{'DOI' if name == 'doi' else 'arXiv id'} {value!r} is not valid; not imported")
            return ""
        return value


def _max_length(model: Any, name: str) -> int:
    return getattr(model._meta.get_field(name), "max_length", None) or 0


def _save(page: PublicationPage, *, publish: bool, user: Any, saved: bool = False) -> None:
    """A revision of ``page``, published or a draft; ``saved``: the page was added a moment ago, as it is."""
    if publish:
        publish_revision(page, user=user, clean=False, saved=saved)
    else:
        page.save_revision(user=user, log_action=user is not None, clean=False)


def _snapshot(page: PublicationPage) -> tuple:
    return (
        tuple(getattr(page, name) for name in PAGE_FIELDS),
        _rows(page.authors.all(), AUTHOR_FIELDS),
        _rows(page.links.all(), LINK_FIELDS),
        _rows(page.badges.all(), BADGE_FIELDS),
        _rows(page.listings.all(), LISTING_FIELDS),
    )


def cut_to_field(model, name: str, value: str) -> str:
    """``value`` as the field ``name`` of ``model`` stores it: cut, with "…", where longer than it holds."""
    limit = getattr(model._meta.get_field(name), "max_length", None)
    return value[: limit - 1].rstrip() + "…" if limit and len(value) > limit else value


def _rows(related, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{name: getattr(row, name) for name in fields} for row in related]


def _free_slug(index: PublicationIndexPage, title: str) -> str:
    base = slugify(title)[:80].strip("-") or "publication"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _same_arxiv(stored: str, normalised: str) -> bool:
    return bool(stored) and normalise_arxiv_id(stored) == normalised


def _new_doi(stored: str, doi: str) -> bool:
    """The record names a DOI, and not the page's own (``10.1/X`` is ``10.1/x``)."""
    return bool(doi.strip()) and doi.strip().lower() != stored.strip().lower()


def _same_date_told_better(page: PublicationPage, record: PaperRecord) -> bool:
    """The page already has this date, at least as precisely: keep the owner's version of it."""
    if page.date is None or page.date.year != record.year:
        return False
    if record.month is not None and page.date.month != record.month:
        return False
    return PRECISION_RANK[Precision(page.date_precision)] >= PRECISION_RANK[Precision(record.precision)]


def _valid_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True
