"""CSL-JSON, what citation processors (citeproc, Pandoc, Zotero) read and the DOI resolver answers in:
writing, and the type map both ways."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from core.dates import date_parts
from core.names import split_name
from publications.formats.bibtex import citation_key

# The site's publication types → CSL item types.
CSL_TYPES = {
    "conference": "paper-conference",
    "journal": "article-journal",
    "preprint": "article",
    "workshop": "paper-conference",
    "thesis": "thesis",
    "chapter": "chapter",
    "patent": "patent",
}
# CSL item types (and the Crossref types its CSL sometimes carries) → the site's publication types.
PUBLICATION_TYPES = {
    "paper-conference": "conference",
    "proceedings-article": "conference",
    "article-journal": "journal",
    "journal-article": "journal",
    "article": "preprint",
    "posted-content": "preprint",
    "preprint": "preprint",
    "chapter": "chapter",
    "book-chapter": "chapter",
    "thesis": "thesis",
    "dissertation": "thesis",
    "patent": "patent",
}


def csl_item(page, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(page.publication_type, "document"), "title": page.title}
    authors = []
    for author in page.authors.all():
        given, family = split_name(author.name)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    item["author"] = authors
    if parts := date_parts(page.date, page.date_precision):
        item["issued"] = {"date-parts": [parts]}
    if venue := page.venue or page.venue_short:
        item["container-title"] = venue
    if page.venue_short:
        item["container-title-short"] = page.venue_short
    if page.abstract:
        item["abstract"] = page.abstract
    if page.doi:
        item["DOI"] = page.doi
    if url := page.primary_full_url:
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
