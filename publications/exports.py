"""Publication lists in the formats reference managers import: RIS and CSL-JSON.

(BibTeX lives in ``bibtex.py``.) Each function takes publication pages as the
site lists them and returns the file's text; the views only add headers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from core.dates import Precision
from core.names import split_name

from .bibtex import citation_key, one_line

RIS_TYPES = {
    "conference": "CONF",
    "journal": "JOUR",
    "preprint": "UNPB",
    "workshop": "CONF",
    "thesis": "THES",
    "chapter": "CHAP",
    "patent": "PAT",
}
CSL_TYPES = {
    "conference": "paper-conference",
    "journal": "article-journal",
    "preprint": "article",
    "workshop": "paper-conference",
    "thesis": "thesis",
    "chapter": "chapter",
    "patent": "patent",
}


def _date_parts(page) -> list[int]:
    if page.date is None:
        return []
    parts = [page.date.year, page.date.month, page.date.day]
    return parts[: {Precision.YEAR: 1, Precision.MONTH: 2}.get(page.date_precision, 3)]


def _paper_url(page) -> str:
    return page.title_link.url if page.title_link else page.full_url or ""


def ris_record(page) -> str:
    """One RIS record, one tag a line. RIS has no escapes: each value goes on its tag's line as
    :func:`one_line` (a line break in a title would start a tag of its own, and ``ER  -`` ends the record)."""
    lines = [("TY", RIS_TYPES.get(page.publication_type, "GEN")), ("TI", page.title)]
    for author in page.authors.all():
        given, family = split_name(author.name)
        lines.append(("AU", f"{family}, {given}" if given else family))
    if parts := _date_parts(page):
        lines.append(("PY", str(parts[0])))
        fields = [f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])]
        lines.append(("DA", "/".join(fields + [""] * (4 - len(fields)))))  # year/month/day/other
    if venue := page.venue or page.venue_short:
        lines.append(("JO" if page.publication_type == "journal" else "T2", venue))
    if page.abstract:
        lines.append(("AB", page.abstract))
    if page.doi:
        lines.append(("DO", page.doi))
    if url := _paper_url(page):
        lines.append(("UR", url))
    if page.arxiv_id:
        lines.append(("N1", f"arXiv:{page.arxiv_id}"))
    lines += [("KW", tag.name) for tag in page.tags.all()]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines)


def export_ris(pages: Iterable) -> str:
    return "\r\n".join(ris_record(page) for page in pages)


def csl_item(page, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(page.publication_type, "document"), "title": page.title}
    authors = []
    for author in page.authors.all():
        given, family = split_name(author.name)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    item["author"] = authors
    if parts := _date_parts(page):
        item["issued"] = {"date-parts": [parts]}
    if venue := page.venue or page.venue_short:
        item["container-title"] = venue
    if page.venue_short:
        item["container-title-short"] = page.venue_short
    if page.abstract:
        item["abstract"] = page.abstract
    if page.doi:
        item["DOI"] = page.doi
    if url := _paper_url(page):
        item["URL"] = url
    if page.arxiv_id:
        item["number"] = f"arXiv:{page.arxiv_id}"
    return item


def export_csl_json(pages: Iterable) -> str:
    """The pages as CSL-JSON, written by ``json.dumps``: whatever a field holds is a JSON string."""
    items, seen = [], set()
    for page in pages:
        key = citation_key(page)
        unique, suffix = key, 1
        while unique in seen:
            suffix += 1
            unique = f"{key}-{suffix}"
        seen.add(unique)
        items.append(csl_item(page, unique))
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
