"""The one way the site asks another service for something: a GET with a timeout and a size cap.

Page views never call this; only the owner's actions do (adding a paper by DOI,
refreshing metrics). Transport failures become a :class:`FetchFailed` with a
``kind`` the caller turns into its own words; an HTTP error status is left as
urllib's ``HTTPError`` because each caller reads statuses differently (404 is
"unknown DOI" to one, "no such repository" to another, 429 is a rate limit).
"""

from __future__ import annotations

import http.client
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen


class FetchFailed(Exception):
    """No usable answer. ``kind``: scheme, timeout, connect, broken or too_large."""

    def __init__(self, kind: str, reason: str = "") -> None:
        self.kind = kind
        self.reason = reason
        super().__init__(f"{kind}: {reason}" if reason else kind)


def fetch(url: str, headers: dict[str, str], timeout: float, max_bytes: int) -> bytes:
    """The body at ``url`` (redirects followed); raises ``HTTPError`` for an error status."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise FetchFailed("scheme", url)
    request = Request(url, headers=headers)  # noqa: S310 (scheme checked above)
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            body = response.read(max_bytes + 1)
    except TimeoutError as error:
        raise FetchFailed("timeout") from error
    except URLError as error:
        if hasattr(error, "code"):  # HTTPError: the caller reads the status
            raise
        if isinstance(error.reason, TimeoutError):
            raise FetchFailed("timeout") from error
        raise FetchFailed("connect", str(error.reason or type(error.reason).__name__)) from error
    except (http.client.HTTPException, OSError) as error:
        raise FetchFailed("broken", f"{error.__class__.__name__}: {error}") from error
    if len(body) > max_bytes:
        raise FetchFailed("too_large")
    return body
