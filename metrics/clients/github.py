"""A repository's stars from the GitHub REST API (``GET /repos/{owner}/{repo}``, ``stargazers_count``).

Without a token GitHub allows 60 requests an hour per address; a token in
``GITHUB_TOKEN`` (no scopes needed for public repositories) raises that to 5,000.
A renamed repository answers with a redirect, which is followed.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from django.conf import settings

from .http import FetchError, get_json

HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


def parse_repository(data: Any) -> int:
    stars = data.get("stargazers_count") if isinstance(data, dict) else None
    if not isinstance(stars, int) or isinstance(stars, bool) or stars < 0:
        raise FetchError("the answer has no stargazers_count")
    return stars


def repository_url(identifier: str) -> str:
    return f"{settings.METRICS_GITHUB_API_URL.rstrip('/')}/repos/{quote(identifier, safe='/')}"


def fetch_github_stars(identifier: str) -> int:
    headers = dict(HEADERS)
    token = os.environ.get("GITHUB_TOKEN", "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return parse_repository(get_json(repository_url(identifier), headers=headers))
