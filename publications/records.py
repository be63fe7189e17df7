"""A paper as any source describes it, before it is a page: the one record every way in fills.

The AcadHomepage importer, ``import_bibtex`` and "Add by DOI / arXiv" read very
different things (a paper box, a .bib entry, a registry's answer) and map them
into a :class:`PaperRecord`; ``publications/upsert.py`` matches, creates or
updates the page from it, the same way for all of them. A field a source does
not state is empty (or ``None`` where empty is a value): the page keeps its own.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from core.dates import Precision

# More authors than a paper box can sensibly show (the admin's form carries eight fields
# per author): a paper of a large collaboration is better credited to the collaboration.
MAX_AUTHORS = 500


@dataclass
class RecordAuthor:
    """An author; ``is_owner`` ``None`` means the source does not say (the owner's names decide)."""

    name: str
    url: str = ""
    is_owner: bool | None = None
    equal_contribution: bool = False
    corresponding: bool = False
    others_before: bool = False  # names are left out ahead of this one ("A, et al., Me")


@dataclass
class RecordLink:
    kind: str
    url: str
    label: str = ""
    document_id: int | None = None  # a document of this site the link leads to, in place of ``url``


@dataclass
class RecordBadge:
    """A GitHub, Hugging Face or custom badge next to the paper (``ArtifactBadge``)."""

    kind: str
    identifier: str = ""
    url: str = ""
    label: str = ""


@dataclass
class RecordListing:
    """One more sub-heading the homepage lists the paper under, at ``position`` in its list (None: at the end)."""

    group: str
    position: int | None = None


@dataclass
class PaperRecord:
    title: str
    authors: list[RecordAuthor] = field(default_factory=list)
    more_authors: bool | None = None  # the authors are the first of more ("et al."); None: the source does not say
    venue: str = ""
    venue_short: str = ""
    badge_text: str = ""
    award: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    precision: str = Precision.YEAR.value
    publication_type: str = ""  # one of PublicationPage.Type; "" when the source does not say
    summary: str = ""  # what the paper box says under it (an AcadHomepage box's bullets and sentences)
    abstract: str = ""
    doi: str = ""
    arxiv_id: str = ""
    scholar_id: str = ""
    url: str = ""  # the paper itself: the link its title points to
    links: list[RecordLink] = field(default_factory=list)
    badges: list[RecordBadge] | None = None  # None: the source has none to say (the page keeps its own)
    featured: bool | None = None
    group: str | None = None
    listings: list[RecordListing] = field(default_factory=list)  # added to the page's own (``PublicationListing``)
    teaser_image: Any = None  # an image of the library, already checked and stored; None keeps the page's
    bibtex: str = ""  # the source's own entry, kept as the page's when it is not what the site would write
    source_key: str = ""  # what the source calls this paper (``bibtex:pan2024llmlingua``), for the next import
    source: str = ""  # for people: "BibTeX, line 12", "Crossref", "arXiv"
    category: str = ""  # arXiv's primary category, e.g. cs.CL
    warnings: list[str] = field(default_factory=list)  # what the owner should know about the result

    def __post_init__(self) -> None:
        # A large collaboration's record may list thousands; a paper keeps at most this many.
        self.authors = self.authors[:MAX_AUTHORS]

    @property
    def date(self) -> datetime.date | None:
        if self.year is None:
            return None
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data (to sign into a form), without the image object."""
        data = asdict(self)
        data["teaser_image"] = None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperRecord:
        values = dict(data)
        values["authors"] = [RecordAuthor(**author) for author in values.get("authors", [])]
        values["links"] = [RecordLink(**link) for link in values.get("links", [])]
        values["listings"] = [RecordListing(**listing) for listing in values.get("listings", [])]
        if values.get("badges") is not None:
            values["badges"] = [RecordBadge(**badge) for badge in values["badges"]]
        return cls(**values)
