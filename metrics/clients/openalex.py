"""A paper's citations from OpenAlex, the open catalogue that does not block servers.

A work is looked up by DOI (``/works/doi:10.…``, a free singleton request), then
by its arXiv DOI (arXiv registers ``10.48550/arXiv.<id>`` with DataCite), then by
title (``/works?filter=title.search:…``), accepting only a work whose title is the
same once case, accents and punctuation are set aside. The answer's
``cited_by_count`` is the count and ``counts_by_year`` the citations per year.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings

from core.identifiers import clean_doi, normalise_arxiv_id
from publications.formats.bibtex import normalise_title

from .http import FetchError, NotFound, get_json

WORK_FIELDS = "id,doi,title,display_name,publication_year,cited_by_count,counts_by_year"
NOT_A_WORD = re.compile(r"[^\w\s]+")


@dataclass
class WorkCitations:
    work_id: str
    cited_by_count: int
    counts_by_year: dict[int, int] = field(default_factory=dict)


def parse_work(data: Any) -> WorkCitations:
    if not isinstance(data, dict) or not isinstance(data.get("cited_by_count"), int) or data["cited_by_count"] < 0:
        raise FetchError("the answer is not an OpenAlex work with a cited_by_count")
    per_year = {}
    for entry in data.get("counts_by_year") or []:
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("year"), int)
            and isinstance(entry.get("cited_by_count"), int)
        ):
            per_year[entry["year"]] = entry["cited_by_count"]
    return WorkCitations(str(data.get("id") or ""), data["cited_by_count"], dict(sorted(per_year.items())))


def pick_by_title(data: Any, title: str) -> WorkCitations:
    """The work of a ``/works?filter=`` answer whose title is the paper's, or :class:`NotFound`."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise FetchError("the answer is not an OpenAlex list of works")
    wanted = normalise_title(title)
    for work in data["results"]:
        if (
            isinstance(work, dict)
            and normalise_title(str(work.get("title") or work.get("display_name") or "")) == wanted
        ):
            return parse_work(work)
    raise NotFound("no OpenAlex work with this title")


def _query(**params: str) -> str:
    api_key = os.environ.get("OPENALEX_API_KEY", "")
    contact = settings.METRICS_CONTACT_EMAIL
    extra = {"api_key": api_key} if api_key else {}
    if contact:
        extra["mailto"] = contact
    return urlencode({**params, **extra}, safe=",:")


def work_url(doi: str) -> str:
    return (
        f"{settings.METRICS_OPENALEX_URL.rstrip('/')}/works/doi:{quote(doi, safe='/()')}?{_query(select=WORK_FIELDS)}"
    )


def title_search_url(title: str) -> str:
    words = " ".join(NOT_A_WORD.sub(" ", title).split())  # commas would split the filter
    query = _query(filter=f"title.search:{words}", per_page="5", select=WORK_FIELDS)
    return f"{settings.METRICS_OPENALEX_URL.rstrip('/')}/works?{query}"


def fetch_openalex(doi: str = "", arxiv_id: str = "", title: str = "") -> WorkCitations:
    """The paper's OpenAlex citations, trying its DOI, its arXiv id, then its title."""
    dois = [clean_doi(doi)] if doi.strip() else []
    if arxiv_id.strip():
        dois.append(f"10.48550/arXiv.{normalise_arxiv_id(arxiv_id)}")
    for candidate in dois:
        try:
            return parse_work(get_json(work_url(candidate)))
        except NotFound:
            continue
    if title.strip():
        return pick_by_title(get_json(title_search_url(title)), title)
    raise NotFound("no OpenAlex work with this DOI or arXiv id")
