"""What a DOI and an arXiv id look like, and recognising the same paper behind different links.

Every part of the site that reads an identifier (BibTeX, the DOI and arXiv
look-ups, the AcadHomepage importer, the metrics clients, the page's form) uses
these patterns, so they cannot disagree on what an arXiv link is.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# arXiv ids: 2403.12968 (since 2007, with an optional version), hep-th/9901001 and math.GT/0309136 (before).
ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
ARXIV_OLD = r"[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
ARXIV_ANY = rf"(?:{ARXIV_NEW}|{ARXIV_OLD})"
ARXIV_ID = re.compile(rf"^{ARXIV_ANY}$", re.IGNORECASE)
ARXIV_IN_URL = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/({ARXIV_ANY})", re.IGNORECASE)
ARXIV_IN_TEXT = re.compile(rf"(?:arxiv:\s*|abs/)({ARXIV_ANY})", re.IGNORECASE)  # "arXiv:2403.12968", a journal field
ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.({ARXIV_ANY})$", re.IGNORECASE)  # the DOI arXiv gives every preprint
# DOIs: a directory indicator, a prefix, a suffix of anything printable.
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_IN_URL = re.compile(
    r"(?:(?:dx\.)?doi\.org|dl\.acm\.org/doi(?:/abs|/pdf|/full)?)/(10\.\d{4,9}/[^\s?#]+)", re.IGNORECASE
)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
MARKDOWN_URL = re.compile(r"\]\((\S+?)\)|<(https?://[^>\s]+)>|(?<![(<])(https?://[^\s)>\]]+)")


def clean_doi(value: str) -> str:
    """``https://doi.org/10.1/x`` and ``doi:10.1/x`` are both the DOI ``10.1/x``."""
    return DOI_PREFIX.sub("", value.strip())


def without_version(arxiv_id: str) -> str:
    """The paper rather than one of its versions; case is kept (math.GT/…)."""
    return re.sub(r"v\d+$", "", arxiv_id.strip())


def normalise_arxiv_id(arxiv_id: str) -> str:
    """The version-less id, for comparing: v1 and v3 of a preprint are the same paper."""
    return without_version(arxiv_id).lower()


def arxiv_id_in_url(url: str) -> str:
    """The arXiv id an ``arxiv.org/abs|pdf|html/…`` link points to (with its version, if it names one), else ""."""
    match = ARXIV_IN_URL.search(url)
    return match.group(1) if match else ""


def doi_in_url(url: str) -> str:
    """The DOI a ``doi.org/10.…`` (or ACM Digital Library) link points to, else ""."""
    match = DOI_IN_URL.search(url)
    return match.group(1).rstrip(".") if match else ""


def link_keys(url: str) -> set[tuple[str, str]]:
    """Keys that identify the paper a link points to; equal keys mean the same paper."""
    keys = set()
    if arxiv_id := arxiv_id_in_url(url):
        keys.add(("arxiv", normalise_arxiv_id(arxiv_id)))
    if doi := doi_in_url(url):
        keys.add(("doi", doi.lower()))
    parts = urlsplit(url.strip())
    if parts.netloc:
        host = parts.netloc.lower().removeprefix("www.")
        keys.add(("url", f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"))
    return keys


def markdown_link_urls(text: str) -> list[str]:
    """The URLs a markdown text links to, in order."""
    return [next(group for group in match.groups() if group) for match in MARKDOWN_URL.finditer(text)]
