"""A paper's metadata from what the owner has at hand: a DOI, an arXiv id or link, or a BibTeX entry.

Typing a paper in by hand (thirteen authors in order, the venue's full name, the
abstract) is where mistakes creep in; the registries already know all of it.
DOIs are looked up by content negotiation on the DOI resolver, which answers in
CSL-JSON for Crossref and DataCite DOIs alike; arXiv ids through arXiv's Atom API.
Both over HTTPS, with a timeout, and every way a lookup can fail (offline, slow,
a server error, an unknown id, an answer that cannot be read) becomes one
:class:`LookupFailed` whose message the editor can act on.

The result, :class:`PaperRecord`, is what a publication draft is written from;
:func:`find_existing` says whether the site already has that paper (the
preprint and its published version are the same paper).
"""

from __future__ import annotations

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.error import HTTPError
from urllib.parse import quote, unquote, urlencode, urlsplit

from django.conf import settings

from core.dates import Precision
from core.fetch import FetchFailed, fetch
from core.identifiers import (
    ARXIV_DOI,
    ARXIV_ID,
    ARXIV_IN_URL,
    DOI,
    DOI_PREFIX,
    clean_doi,
    normalise_arxiv_id,
    without_version,
)
from publications.formats.bibtex import UNSAFE_TEX, BibtexError, normalise_title, parse_bibtex, unsafe_tex

from .formats.csl_json import PUBLICATION_TYPES as CSL_TO_TYPE
from .models import PublicationPage
from .records import PaperRecord, RecordAuthor, RecordLink
from .upsert import find_publication

USER_AGENT = "profile_site/0.1 (academic homepage CMS; metadata lookup for the owner's own papers)"
CSL_JSON = "application/vnd.citationstyles.csl+json"
ATOM = "application/atom+xml"
MAX_RESPONSE_BYTES = 5 * 1024 * 1024
NOTHING_CREATED = "nothing was created"
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}

BIBTEX_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
ARXIV_PREFIX = re.compile(r"^arxiv\s*:\s*", re.IGNORECASE)  # how an arXiv id is often pasted
JATS_TITLE = re.compile(r"<(?:jats:)?title>.*?</(?:jats:)?title>", re.DOTALL)
PARAGRAPH_END = re.compile(r"</(?:jats:)?p>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")  # markup, not a "<" in a formula


class LookupFailed(Exception):
    """The paper's metadata could not be had; ``message`` tells the editor why and what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Identifier:
    """What the editor pasted, recognised: ``kind`` is ``doi``, ``arxiv`` or ``bibtex``."""

    kind: str
    value: str


# ---------------------------------------------------------------------------
# Recognising what was pasted
# ---------------------------------------------------------------------------


def identify(text: str) -> Identifier:
    """A DOI (``10.…``, ``doi:10.…``, ``https://doi.org/10.…``), an arXiv id (``2403.12968``,
    ``arXiv:2403.12968v2``, ``https://arxiv.org/abs/2403.12968``, ``hep-th/9901001``) or a BibTeX entry.

    arXiv's own DOIs (``10.48550/arXiv.…``) count as arXiv ids: its API describes the preprint best.
    Raises ``ValueError`` with a message for the editor when the text is none of these.
    """
    text = text.strip()
    if not text:
        raise ValueError("Paste a DOI, an arXiv id or link, or a BibTeX entry.")
    if BIBTEX_START.match(text):
        return Identifier("bibtex", text)
    if "\n" not in text:
        candidate = text.rstrip(".")
        doi = clean_doi(unquote(candidate) if DOI_PREFIX.match(candidate) else candidate)
        if match := ARXIV_DOI.match(doi):
            return Identifier("arxiv", match.group(1))
        if DOI.match(doi):
            return Identifier("doi", doi)
        if match := ARXIV_IN_URL.search(candidate):
            return Identifier("arxiv", match.group(1))
        arxiv_id = ARXIV_PREFIX.sub("", candidate)
        if ARXIV_ID.match(arxiv_id):
            return Identifier("arxiv", arxiv_id)
    shown = text if len(text) <= 60 else f"{text[:57]}…"
    raise ValueError(
        f"“{shown}” is not a DOI (10.18653/v1/2024.findings-acl.57), an arXiv id or link "
        "(2403.12968, https://arxiv.org/abs/2403.12968) or a BibTeX entry (@inproceedings{…})."
    )


# ---------------------------------------------------------------------------
# Fetching
# ---------------------------------------------------------------------------


def fetch_metadata(identifier: Identifier) -> PaperRecord:
    """The paper behind ``identifier``; raises :class:`LookupFailed` on any failure."""
    if identifier.kind == "doi":
        return fetch_doi(identifier.value)
    if identifier.kind == "arxiv":
        return fetch_arxiv(identifier.value)
    if identifier.kind == "bibtex":
        return metadata_from_bibtex(identifier.value)
    raise ValueError(f"unknown identifier kind {identifier.kind!r}")


def fetch_doi(doi: str) -> PaperRecord:
    base = settings.DOI_RESOLVER_URL.rstrip("/")
    service = _host(base)
    body = _get(
        f"{base}/{quote(doi, safe='/')}",
        CSL_JSON,
        service,
        not_found=f"{service} does not know the DOI {doi}. Check it for typos; {NOTHING_CREATED}.",
    )
    unreadable = (
        f"{service} sent no citation metadata for {doi} (its registration agency may not offer any). "
        f"Try its arXiv id or paste its BibTeX instead; {NOTHING_CREATED}."
    )
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise LookupFailed(unreadable) from error
    if not isinstance(data, dict):
        raise LookupFailed(unreadable)
    metadata = metadata_from_csl(data, doi)
    if not metadata.title:
        raise LookupFailed(unreadable)
    return metadata


def fetch_arxiv(arxiv_id: str) -> PaperRecord:
    base = settings.ARXIV_API_URL
    service = _host(base)
    not_found = f"arXiv does not know {arxiv_id}. Check the id for typos; {NOTHING_CREATED}."
    body = _get(f"{base}?{urlencode({'id_list': arxiv_id, 'max_results': 1})}", ATOM, service, not_found=not_found)
    if body.strip().lower().startswith(b"rate exceeded"):  # arXiv's throttling answer is plain text, not a feed
        raise _rate_limited(service)
    metadata = _parse_atom(body, service)
    if metadata is None:
        raise LookupFailed(not_found)
    return metadata


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _rate_limited(service: str) -> LookupFailed:
    return LookupFailed(f"{service} is limiting requests: wait a minute and try again; {NOTHING_CREATED}.")


def _get(url: str, accept: str, service: str, not_found: str) -> bytes:
    """The body at ``url``, following redirects (doi.org sends content negotiation on to the registry)."""
    timeout = settings.METADATA_TIMEOUT_SECONDS
    try:
        body = fetch(url, {"Accept": accept, "User-Agent": USER_AGENT}, timeout, MAX_RESPONSE_BYTES)
    except HTTPError as error:
        if error.code in {404, 410}:
            raise LookupFailed(not_found) from error
        if error.code == 429:
            raise _rate_limited(service) from error
        raise LookupFailed(
            f"{service} answered with an error (HTTP {error.code} {error.reason}). Try again later; {NOTHING_CREATED}."
        ) from error
    except FetchFailed as failure:
        raise LookupFailed(
            {
                "scheme": f"The address configured for {service} is not a web address; {NOTHING_CREATED}.",
                "timeout": f"{service} did not answer within {timeout:g} seconds. "
                f"Check your connection and try again; {NOTHING_CREATED}.",
                "too_large": f"{service} sent more than a paper's metadata; {NOTHING_CREATED}.",
            }.get(
                failure.kind,
                # No "[Errno -2] Name or service not known": what happened, and what to do right here.
                f"No connection to {service}. Paste the paper's BibTeX in this field instead (from the "
                f"publisher's page, Google Scholar or DBLP), or try again when you are online; {NOTHING_CREATED}.",
            )
        ) from failure
    return body


# ---------------------------------------------------------------------------
# Reading the answers
# ---------------------------------------------------------------------------


def metadata_from_csl(data: dict, doi: str = "") -> PaperRecord:
    """CSL-JSON as doi.org serves it for Crossref and DataCite DOIs."""
    title = _plain(_first(data.get("title")))
    subtitle = _plain(_first(data.get("subtitle")))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    doi = str(data.get("DOI") or doi).strip()
    publication_type = CSL_TO_TYPE.get(str(data.get("type", "")), PublicationPage.Type.OTHER.value)
    venue = _plain(_first(data.get("container-title")))
    if not venue and publication_type in {"preprint", "thesis"}:
        venue = _plain(_first(data.get("publisher")))
    if publication_type == "conference" and "workshop" in venue.lower():
        publication_type = PublicationPage.Type.WORKSHOP.value
    year, month, day = _csl_date(data)
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return PaperRecord(
        title=title,
        authors=[RecordAuthor(name) for name in map(_csl_name, data.get("author") or []) if name],
        venue=venue,
        year=year,
        month=month,
        day=day,
        precision=precision.value,
        abstract=_jats_to_text(str(data.get("abstract") or "")),
        doi=doi,
        url=str(data.get("URL") or f"https://doi.org/{doi}"),
        publication_type=publication_type,
        links=[RecordLink("paper", f"https://doi.org/{doi}")],
        source=str(data.get("source") or "doi.org"),
    )


def _first(value: object) -> str:
    """CSL-JSON has strings where Crossref's own JSON has lists of them; accept both."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def _plain(text: str) -> str:
    """Markup in a title (``<i>``, ``<sub>``, entities) as the reader sees it."""
    return " ".join(html.unescape(TAG.sub("", text)).split())


def _csl_name(name: object) -> str:
    if not isinstance(name, dict):
        return ""
    if name.get("literal") or name.get("name"):
        return " ".join(str(name.get("literal") or name.get("name")).split())
    parts = [name.get(part) for part in ("given", "dropping-particle", "non-dropping-particle", "family")]
    full = " ".join(str(part).strip() for part in parts if part)
    return f"{full}, {name['suffix']}" if name.get("suffix") else full


def _csl_date(data: dict) -> tuple[int | None, int | None, int | None]:
    """Year, month and day as far as the record knows them (CSL's ``date-parts``: ``[[2024, 8]]``)."""
    for key in ("issued", "published-print", "published-online", "published"):
        date = data.get(key)
        parts = date.get("date-parts") if isinstance(date, dict) else None
        if not parts or not isinstance(parts[0], list):
            continue
        try:
            numbers = [int(part) for part in parts[0][:3] if part is not None]
            year, month, day = ([*numbers, None, None])[:3] if numbers else (None, None, None)
            if year is not None:
                datetime.date(year, month or 1, day or 1)
                return year, month, day
        except (TypeError, ValueError):
            continue
    return None, None, None


def _jats_to_text(abstract: str) -> str:
    """Crossref abstracts are JATS XML (``<jats:p>`` …): paragraphs of plain text, the heading dropped."""
    if not abstract:
        return ""
    text = PARAGRAPH_END.sub("\n\n", JATS_TITLE.sub("", abstract))
    return _paragraphs(html.unescape(TAG.sub("", text)))


def _paragraphs(text: str) -> str:
    return "\n\n".join(" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip())


def _parse_atom(body: bytes, service: str) -> PaperRecord | None:
    """The first entry of an arXiv API feed; ``None`` when arXiv found nothing.

    The standard library's parser is safe here: expat ≥ 2.4.1 refuses entity expansion
    attacks and ElementTree never fetches external entities.
    """
    try:
        root = ET.fromstring(body)  # noqa: S314 (see the docstring)
    except ET.ParseError as error:
        raise LookupFailed(f"{service} sent something that is not an arXiv feed; {NOTHING_CREATED}.") from error
    entry = root.find("atom:entry", ATOM_NS)
    if entry is None:
        return None
    entry_id = entry.findtext("atom:id", "", ATOM_NS).strip()
    title = " ".join(entry.findtext("atom:title", "", ATOM_NS).split())
    if "/api/errors" in entry_id or not title:  # arXiv reports a malformed id as an entry titled "Error"
        return None
    match = ARXIV_IN_URL.search(entry_id)
    arxiv_id = without_version(match.group(1)) if match else ""
    if not arxiv_id:
        return None
    published = entry.findtext("atom:published", "", ATOM_NS).strip()
    try:
        date = datetime.date.fromisoformat(published[:10])
    except ValueError:
        date = None
    category = entry.find("arxiv:primary_category", ATOM_NS)
    abstract_url = f"https://arxiv.org/abs/{arxiv_id}"
    return PaperRecord(
        title=title,
        authors=[
            RecordAuthor(" ".join(name.split()))
            for name in (author.findtext("atom:name", "", ATOM_NS) for author in entry.findall("atom:author", ATOM_NS))
            if name.strip()
        ],
        venue=f"arXiv preprint arXiv:{arxiv_id}",
        year=date.year if date else None,
        month=date.month if date else None,
        day=date.day if date else None,
        precision=Precision.DAY.value if date else Precision.YEAR.value,
        abstract=_paragraphs(entry.findtext("atom:summary", "", ATOM_NS)),
        doi=entry.findtext("arxiv:doi", "", ATOM_NS).strip(),
        arxiv_id=arxiv_id,
        url=abstract_url,
        publication_type=PublicationPage.Type.PREPRINT.value,
        links=[RecordLink("paper", abstract_url), RecordLink("pdf", f"https://arxiv.org/pdf/{arxiv_id}")],
        category=category.get("term", "") if category is not None else "",
        source="arXiv",
    )


def metadata_from_bibtex(text: str) -> PaperRecord:
    """One pasted entry, read as the BibTeX importer reads it; the entry itself is kept as the page's own."""
    try:
        entries = parse_bibtex(text)
    except BibtexError as error:
        problems = "; ".join(error.problems)
        raise LookupFailed(f"This BibTeX cannot be read: {problems}. {NOTHING_CREATED.capitalize()}.") from error
    if len(entries) > 1:
        raise LookupFailed(
            f"That is {len(entries)} BibTeX entries: paste one at a time, or import the whole file with "
            f"“manage.py import_bibtex”; {NOTHING_CREATED}."
        )
    entry = entries[0]
    if not entry.title:
        raise LookupFailed(f"This BibTeX entry has no title; {NOTHING_CREATED}.")
    links = [RecordLink(link.kind, link.url, link.label) for link in entry.links]
    arxiv_id = without_version(entry.arxiv_id)
    if not any(link.kind == "paper" for link in links) and (entry.doi or arxiv_id):
        url = f"https://doi.org/{entry.doi}" if entry.doi else f"https://arxiv.org/abs/{arxiv_id}"
        links.insert(0, RecordLink("paper", url))
    if arxiv_id and not any(link.kind == "pdf" for link in links):
        links.append(RecordLink("pdf", f"https://arxiv.org/pdf/{arxiv_id}"))
    warnings = []
    if unsafe := unsafe_tex(entry.source):
        warnings.append(
            f"The entry holds {UNSAFE_TEX} ({', '.join(unsafe)}): it was read, but not kept as the page's own."
        )
    return PaperRecord(
        title=entry.title,
        authors=[RecordAuthor(author.name, equal_contribution=author.equal_contribution) for author in entry.authors],
        more_authors=entry.more_authors,
        venue=entry.venue,
        year=entry.year,
        month=entry.month,
        precision=(Precision.MONTH if entry.month else Precision.YEAR).value,
        abstract=entry.abstract,
        doi=entry.doi,
        arxiv_id=arxiv_id,
        url=next((link.url for link in links if link.kind == "paper"), ""),
        publication_type=entry.publication_type,
        links=links,
        bibtex="" if warnings else entry.source,
        source="BibTeX",
        warnings=warnings,
    )


# ---------------------------------------------------------------------------
# The same paper, already on the site
# ---------------------------------------------------------------------------


def find_existing(record: PaperRecord) -> tuple[PublicationPage | None, str]:
    """The publication this paper may already be, for the owner to confirm: the one an import would update
    (same DOI or arXiv id), else one with the same title that names no other DOI or arXiv id.

    The title only suggests: the owner sees both and decides whether to update that record or add another
    (two papers may share a title); no import ever merges by it.
    """
    page, matched_by = find_publication(record)
    if page is not None:
        return page, matched_by
    doi = record.doi.strip().lower()
    arxiv_id = normalise_arxiv_id(record.arxiv_id) if record.arxiv_id else ""
    title = normalise_title(record.title)
    for page in PublicationPage.objects.only("pk", "title", "doi", "arxiv_id").order_by("pk"):
        if title and normalise_title(page.title) == title:
            conflicting = (doi and page.doi and page.doi.strip().lower() != doi) or (
                arxiv_id and page.arxiv_id and normalise_arxiv_id(page.arxiv_id) != arxiv_id
            )
            if not conflicting:
                return page, "title"
    return None, ""
