"""Google Scholar numbers, from the ``gs_data.json`` AcadHomepage's crawler writes.

Google Scholar has no API and blocks servers (AcadHomepage's GitHub Action has
been blocked since April 2025), so the site does not scrape it on its own. It
reads the file the crawler (``google_scholar_crawler/main.py``, built on the
``scholarly`` library) writes: the author dict of ``scholarly.fill`` with
``citedby``, ``hindex``, ``i10index``, ``cites_per_year`` and ``publications``
keyed by ``author_pub_id``, plus the time it ran in ``updated``. The file can be
a path, a URL, or the document the owner chose under Settings → Metrics. The owner
who installs the ``scholar`` extra can also fetch live through ``scholarly``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .http import FetchError, get_json


@dataclass
class ScholarPublication:
    pub_id: str
    title: str
    citations: int


@dataclass
class ScholarProfile:
    citations: int
    h_index: int | None = None
    i10_index: int | None = None
    per_year: dict[int, int] = field(default_factory=dict)
    publications: list[ScholarPublication] = field(default_factory=list)
    updated: datetime.datetime | None = None
    scholar_id: str = ""
    name: str = ""


def parse_gs_data(data: Any) -> ScholarProfile:
    """Read the crawler's author dict; a file without a citation count is refused, not half-read."""
    if not isinstance(data, dict):
        raise FetchError("gs_data.json is not a JSON object")
    citations = _count(data.get("citedby"))
    if citations is None:
        raise FetchError("gs_data.json has no citation count ('citedby')")
    per_year = {}
    cites_per_year = data.get("cites_per_year")
    if isinstance(cites_per_year, dict):
        for year, count in cites_per_year.items():
            if str(year).isdigit() and _count(count) is not None:
                per_year[int(year)] = _count(count)
    return ScholarProfile(
        citations=citations,
        h_index=_count(data.get("hindex")),
        i10_index=_count(data.get("i10index")),
        per_year=dict(sorted(per_year.items())),
        publications=_publications(data.get("publications")),
        updated=_updated(data.get("updated")),
        scholar_id=str(data.get("scholar_id") or ""),
        name=str(data.get("name") or ""),
    )


def _publications(value: Any) -> list[ScholarPublication]:
    """The crawler keys publications by ``author_pub_id``; ``scholarly`` itself gives a list."""
    entries = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    publications = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("author_pub_id"):
            continue
        citations = _count(entry.get("num_citations"))
        bib = entry.get("bib") if isinstance(entry.get("bib"), dict) else {}
        if citations is not None:
            publications.append(ScholarPublication(str(entry["author_pub_id"]), str(bib.get("title") or ""), citations))
    return publications


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _updated(value: Any) -> datetime.datetime | None:
    """``str(datetime.now())`` on the crawler's machine: GitHub's runners keep UTC."""
    if not isinstance(value, str):
        return None
    try:
        updated = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return updated if updated.tzinfo else updated.replace(tzinfo=datetime.UTC)


def load_gs_data(location: str) -> Any:
    """The JSON of a ``gs_data.json`` given as a path or an http(s) URL."""
    if urlsplit(location).scheme in {"http", "https"}:
        return get_json(location)
    try:
        return json.loads(Path(location).expanduser().read_bytes())
    except OSError as error:
        raise FetchError(f"cannot read {location} ({error.strerror or error})") from None
    except (ValueError, UnicodeDecodeError):
        raise FetchError(f"{location} is not valid JSON") from None


REPLACED = "the chosen gs_data.json was replaced since it was chosen; choose it again in Settings → Metrics"


def fingerprint(data: bytes) -> str:
    """What the owner's choice of gs_data.json is pinned to: the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def stored_bytes(file) -> bytes:
    """The bytes of a stored file (a document under Documents)."""
    try:
        with file.open("rb") as handle:
            return handle.read()
    except OSError as error:
        raise FetchError(f"cannot read the stored gs_data.json ({error})") from None


def decode_gs_data(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise FetchError("the stored gs_data.json is not valid JSON") from None


def read_gs_data(file, chosen_fingerprint: str) -> Any:
    """The JSON of the document the owner chose, if it still holds the bytes they chose.

    Anyone who may edit documents can replace a document's file; the numbers
    would then be theirs. So a file whose fingerprint changed since the owner
    chose it is refused, and the last numbers stay until the owner chooses again.
    """
    data = stored_bytes(file)
    if fingerprint(data) != chosen_fingerprint:
        raise FetchError(REPLACED)
    return decode_gs_data(data)


def fetch_live(scholar_id: str, timeout: float) -> Any:
    """The author dict straight from Google Scholar, through ``scholarly`` (the ``scholar`` extra).

    Google Scholar often blocks servers; a block or a hang becomes a
    :class:`FetchError` after ``timeout`` seconds and the last good numbers stay.
    """
    if not scholar_id:
        raise FetchError("no Google Scholar id under Settings → Profile")
    try:
        from scholarly import scholarly
    except ImportError:
        raise FetchError("the scholarly library is not installed (pip install -e '.[scholar]')") from None

    outcome: dict[str, Any] = {}

    def crawl() -> None:
        try:
            author = scholarly.search_author_id(scholar_id)
            scholarly.fill(author, sections=["basics", "indices", "counts", "publications"])
            author["publications"] = {pub["author_pub_id"]: pub for pub in author.get("publications", [])}
            author["updated"] = str(datetime.datetime.now(datetime.UTC))
            outcome["author"] = author
        except Exception as error:  # noqa: BLE001 - scholarly raises many kinds; each is a failed fetch
            outcome["error"] = f"{error.__class__.__name__}: {error}"

    worker = threading.Thread(target=crawl, name="scholarly", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise FetchError(f"no answer from Google Scholar within {timeout:g} s")
    if "error" in outcome:
        raise FetchError(f"Google Scholar refused or failed ({outcome['error']})")
    return outcome["author"]
