"""RIS, the format every reference manager imports (EndNote, Zotero, Mendeley): writing, and the type map.

One tag a line; RIS has no escapes, so every value is written on one line
(``one_line``): a line break in a title would start a tag of its own, and
``ER  -`` ends the record.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.dates import date_parts
from core.names import split_name
from publications.formats.bibtex import one_line

# The site's publication types and RIS's, both ways (reading picks the first type RIS calls so).
RIS_TYPES = {
    "conference": "CONF",
    "journal": "JOUR",
    "preprint": "UNPB",
    "workshop": "CONF",
    "thesis": "THES",
    "chapter": "CHAP",
    "patent": "PAT",
}
PUBLICATION_TYPES = {ris: kind for kind, ris in reversed(RIS_TYPES.items())} | {
    "CPAPER": "conference",
    "EJOUR": "journal",
}


def ris_record(page) -> str:
    """One RIS record, one tag a line. RIS has no escapes: each value goes on its tag's line as
    :func:`one_line` (a line break in a title would start a tag of its own, and ``ER  -`` ends the record)."""
    lines = [("TY", RIS_TYPES.get(page.publication_type, "GEN")), ("TI", page.title)]
    for author in page.authors.all():
        given, family = split_name(author.name)
        lines.append(("AU", f"{family}, {given}" if given else family))
    if parts := date_parts(page.date, page.date_precision):
        lines.append(("PY", str(parts[0])))
        fields = [f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])]
        lines.append(("DA", "/".join(fields + [""] * (4 - len(fields)))))  # year/month/day/other
    if venue := page.venue or page.venue_short:
        lines.append(("JO" if page.publication_type == "journal" else "T2", venue))
    if page.abstract:
        lines.append(("AB", page.abstract))
    if page.doi:
        lines.append(("DO", page.doi))
    if url := page.primary_full_url:
        lines.append(("UR", url))
    if page.arxiv_id:
        lines.append(("N1", f"arXiv:{page.arxiv_id}"))
    lines += [("KW", tag.name) for tag in page.tags.all()]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines)


def export_ris(pages: Iterable) -> str:
    return "\r\n".join(ris_record(page) for page in pages)
