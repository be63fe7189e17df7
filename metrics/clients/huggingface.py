"""Likes and downloads of a Hugging Face model, dataset or space, from the Hub API.

``/api/models/{id}`` and ``/api/datasets/{id}`` answer ``likes`` and
``downloads`` (the last 30 days); ``/api/spaces/{id}`` has ``likes`` only, and a
collection (``/api/collections/{slug}``) has ``upvotes``. The Hub answers 401
rather than 404 for a repository it will not show an anonymous caller, so both
mean "not found". An optional token comes from ``HF_TOKEN``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings

from .http import FetchError, get_json

ENDPOINTS = {"hf_model": "models", "hf_dataset": "datasets", "hf_space": "spaces", "hf_collection": "collections"}


@dataclass
class HubCounts:
    likes: int
    downloads: int | None = None


def _count(data: dict, key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def parse_repository(data: Any, badge_kind: str) -> HubCounts:
    if not isinstance(data, dict):
        raise FetchError("the answer is not a Hugging Face repository")
    likes = _count(data, "upvotes" if badge_kind == "hf_collection" else "likes")
    if likes is None:
        raise FetchError("the answer has no likes")
    downloads = _count(data, "downloads") if badge_kind in {"hf_model", "hf_dataset"} else None
    return HubCounts(likes=likes, downloads=downloads)


def repository_url(badge_kind: str, identifier: str) -> str:
    base = settings.METRICS_HUGGINGFACE_URL.rstrip("/")
    return f"{base}/api/{ENDPOINTS[badge_kind]}/{quote(identifier, safe='/')}"


def fetch_huggingface(badge_kind: str, identifier: str) -> HubCounts:
    token = os.environ.get("HF_TOKEN", "")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = get_json(repository_url(badge_kind, identifier), headers=headers, not_found_statuses=(401, 404, 410))
    return parse_repository(data, badge_kind)
