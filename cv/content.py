"""The CV as data: the profile, then each section the owner chose, from what is live on the site.

One gathering feeds the page (/cv/), the PDF (/cv.pdf) and JSON Resume (/cv.json),
so the three never disagree. Only live content appears: published entries, live
public papers. Text the owner wrote in markdown goes to the page as the homepage
shows it (each item keeps its entry as ``source``), and to the PDF as runs of plain
text (bold, italic, link), where it is data and never markup.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from itertools import groupby

from wagtail.models import Site

from core.markdown import render_markdown
from profile_site.models import ENTRY_KINDS, ProfileSettings
from publications.models import PublicationPage

from .models import CVSettings

TYPE_ORDER = ["journal", "conference", "workshop", "chapter", "preprint", "thesis", "patent", "other"]
GROUP_TITLES = {
    "conference": "Conference papers",
    "journal": "Journal articles",
    "preprint": "Preprints",
    "workshop": "Workshop papers",
    "thesis": "Theses",
    "chapter": "Book chapters",
    "patent": "Patents",
    "other": "Other publications",
}


@dataclass
class Run:
    """A stretch of text with one style; ``url`` when it is a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str = ""


@dataclass
class Item:
    date: str
    date_iso: str
    headline: str
    runs: list[Run]
    links: list[tuple[str, str]] = field(default_factory=list)
    kind: str = ""
    source: object = field(default=None, repr=False, compare=False)


@dataclass
class Author:
    name: str
    is_owner: bool
    equal_contribution: bool
    corresponding: bool
    others_before: bool = False  # "et al." ahead of this name: names are left out there


@dataclass
class Paper:
    title: str
    url: str
    authors: list[Author]
    more_authors: bool
    venue: str
    year: str
    award: str
    doi: str
    arxiv_id: str
    kind: str


@dataclass
class PaperGroup:
    title: str
    papers: list[Paper]


@dataclass
class Section:
    key: str
    title: str
    anchor: str
    items: list[Item] = field(default_factory=list)
    groups: list[PaperGroup] = field(default_factory=list)


@dataclass
class CV:
    name: str
    native_name: str
    bio: str
    employer: str
    location: str
    email: str
    website: str
    links: list[tuple[str, str]]
    sections: list[Section]
    paper_size: str = "a4"
    has_equal_contribution: bool = False
    has_corresponding: bool = False

    @property
    def markers(self) -> dict[str, bool]:
        """Which author markers the publications use, for their legend."""
        return {"equal_contribution": self.has_equal_contribution, "corresponding": self.has_corresponding}

    def as_data(self) -> dict:
        """Plain data (what the PDF is typeset from and what its cache key is made of)."""
        data = asdict(self)
        for section in data["sections"]:
            for item in section["items"]:
                item.pop("source", None)
        return data

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.as_data(), sort_keys=True, default=str).encode()).hexdigest()


class _RunParser(HTMLParser):
    """Sanitised inline HTML (from core.markdown) to runs of plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[Run] = []
        self.bold = self.italic = 0
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.urls.append(dict(attrs).get("href") or "")
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag):
        if tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a" and self.urls:
            self.urls.pop()

    def handle_data(self, data):
        if not data:
            return
        url = next((url for url in reversed(self.urls) if url.startswith(("http://", "https://", "mailto:"))), "")
        run = Run(data, bool(self.bold), bool(self.italic), url)
        last = self.runs[-1] if self.runs else None
        if last and (last.bold, last.italic, last.url) == (run.bold, run.italic, run.url):
            last.text += data
        else:
            self.runs.append(run)


def markdown_runs(text: str) -> list[Run]:
    if not text.strip():
        return []
    parser = _RunParser()
    parser.feed(str(render_markdown(text, inline=True)))
    parser.close()
    for run in parser.runs:  # white space as HTML shows it: one space, kept between runs
        run.text = re.sub(r"\s+", " ", run.text)
    if parser.runs:
        parser.runs[0].text = parser.runs[0].text.lstrip()
        parser.runs[-1].text = parser.runs[-1].text.rstrip()
    return [run for run in parser.runs if run.text]


def _entry_items(key: str) -> list[Item]:
    model = ENTRY_KINDS[key]
    items = []
    for entry in model.objects.filter(live=True).order_by("sort_order", "pk"):
        items.append(
            Item(
                date=entry.date_display if entry.date or entry.date_text else "",
                date_iso=entry.date_iso if entry.date else "",
                headline=entry.headline,
                runs=markdown_runs(entry.text),
                links=list(entry.talk_links),
                kind=getattr(entry, "kind", ""),
                source=entry,
            )
        )
    return items


def _papers(selected_only: bool) -> list[Paper]:
    pages = (
        PublicationPage.objects.live().public().prefetch_related("authors", "links__document").order_by("-date", "path")
    )
    if selected_only:
        pages = pages.filter(featured=True)
    papers = []
    for page in pages:
        papers.append(
            Paper(
                title=page.title,
                url=page.primary_full_url,
                authors=[
                    Author(
                        author.name,
                        author.is_owner,
                        author.equal_contribution,
                        author.corresponding,
                        author.others_before,
                    )
                    for author in page.authors.all()
                ],
                more_authors=page.more_authors,
                venue=page.venue or page.venue_short,
                year=str(page.date.year) if page.date else "",
                award=page.award,
                doi=page.doi,
                arxiv_id=page.arxiv_id,
                kind=page.publication_type,
            )
        )
    return papers


def _paper_groups(papers: list[Paper]) -> list[PaperGroup]:
    """Grouped by type (journal articles, conference papers, …), newest first within each."""
    ordered = sorted(papers, key=lambda paper: TYPE_ORDER.index(paper.kind) if paper.kind in TYPE_ORDER else 99)
    return [
        PaperGroup(GROUP_TITLES.get(kind, GROUP_TITLES["other"]), list(group))
        for kind, group in groupby(ordered, key=lambda paper: paper.kind)
    ]


def gather(site: Site | None = None, paper_size: str = "") -> CV:
    """The CV of ``site`` (the default site when None), as visitors would see it now."""
    site = site or Site.objects.get(is_default_site=True)
    profile = ProfileSettings.for_site(site)
    settings = CVSettings.for_site(site)
    sections = []
    papers: list[Paper] = []
    for key, title in settings.section_order:
        section = Section(key=key, title=title, anchor=f"cv-{key}")
        if key == "publications":
            papers = _papers(settings.selected_publications_only)
            section.groups = _paper_groups(papers)
        else:
            section.items = _entry_items(key)
        if section.items or section.groups:
            sections.append(section)
    return CV(
        name=profile.name,
        native_name=profile.native_name,
        bio=profile.bio,
        employer=profile.employer,
        location=profile.location,
        email=profile.email,
        website=profile.website or site.root_url,
        links=[(link["label"], link["url"]) for link in profile.resolved_links],
        sections=sections,
        paper_size=paper_size or settings.paper_size,
        has_equal_contribution=any(a.equal_contribution for p in papers for a in p.authors),
        has_corresponding=any(a.corresponding for p in papers for a in p.authors),
    )
