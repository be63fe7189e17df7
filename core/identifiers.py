"""Recognising the same paper behind different links: arXiv id, DOI, or the same URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.I)
DOI_URL = re.compile(r"doi\.org/(10\.\d{4,9}/[^\s?#]+)", re.I)
MARKDOWN_URL = re.compile(r"\]\((\S+?)\)|<(https?://[^>\s]+)>|(?<![(<])(https?://[^\s)>\]]+)")


def link_keys(url: str) -> set[tuple[str, str]]:
    """Keys that identify the paper a link points to; equal keys mean the same paper."""
    keys = set()
    if match := ARXIV_URL.search(url):
        keys.add(("arxiv", match.group(1).lower()))
    if match := DOI_URL.search(url):
        keys.add(("doi", match.group(1).rstrip(".").lower()))
    parts = urlsplit(url.strip())
    if parts.netloc:
        host = parts.netloc.lower().removeprefix("www.")
        keys.add(("url", f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"))
    return keys


def markdown_link_urls(text: str) -> list[str]:
    """The URLs a markdown text links to, in order."""
    return [next(group for group in match.groups() if group) for match in MARKDOWN_URL.finditer(text)]
