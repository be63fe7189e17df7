"""A paper's citation count from the Semantic Scholar Graph API.

``/graph/v1/paper/DOI:<doi>?fields=citationCount`` (or ``arXiv:<id>``) answers
``{"paperId": …, "citationCount": n}``. Without a key the service shares one
small rate limit among everyone, so a 429 is common: the run then leaves it
alone. An optional key comes from ``SEMANTIC_SCHOLAR_API_KEY``.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from django.conf import settings

from core.identifiers import clean_doi, normalise_arxiv_id

from .http import FetchError, NotFound, get_json


def parse_paper(data: Any) -> int:
    count = data.get("citationCount") if isinstance(data, dict) else None
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise FetchError("the answer has no citationCount")
    return count


def paper_url(paper_id: str) -> str:
    base = settings.METRICS_SEMANTIC_SCHOLAR_URL.rstrip("/")
    return f"{base}/graph/v1/paper/{quote(paper_id, safe='/:()')}?fields=citationCount"


def fetch_semantic_scholar(doi: str = "", arxiv_id: str = "") -> int:
    """The paper's citation count, by DOI and then by arXiv id."""
    api_key = os.environ.get("SEMANTIC_SCHOLAR_API_KEY", "")
    headers = {"x-api-key": api_key} if api_key else {}
    paper_ids = [f"DOI:{clean_doi(doi)}"] if doi.strip() else []
    if arxiv_id.strip():
        paper_ids.append(f"arXiv:{normalise_arxiv_id(arxiv_id)}")
    not_found = NotFound("no DOI or arXiv id to look up")
    for paper_id in paper_ids:
        try:
            return parse_paper(get_json(paper_url(paper_id), headers=headers))
        except NotFound as error:
            not_found = error
    raise not_found
