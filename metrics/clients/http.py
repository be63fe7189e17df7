"""The one way metrics are fetched: a GET for JSON, with a timeout, a User-Agent and failures in words.

Every way a request can fail (no answer in time, a refused connection, a server
error, an unknown id, a rate limit, an answer that is not JSON) becomes a
:class:`FetchError` whose message goes into the run's report and the admin.
A rate limit is a :class:`RateLimited`: the run leaves that service alone for
the rest of the run instead of hammering it.
"""

from __future__ import annotations

import datetime
import email.utils
import http.client
import json
from typing import Any
from urllib.error import HTTPError

from django.conf import settings

from core.fetch import FetchFailed, fetch

USER_AGENT = "profile_site-metrics/0.1 (academic homepage CMS; refreshes the owner's own citation and artifact counts)"
MAX_RESPONSE_BYTES = 10 * 1024 * 1024


class FetchError(Exception):
    """A request that gave no usable number; ``message`` says why, for the owner."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFound(FetchError):
    """The service does not know this id."""


class RateLimited(FetchError):
    """The service asked us to slow down; ``retry_after`` is in seconds when it said."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        self.retry_after = retry_after
        if retry_after is not None:
            message = f"{message}, retry after {retry_after} s"
        super().__init__(message)


def user_agent() -> str:
    contact = settings.METRICS_CONTACT_EMAIL
    return f"{USER_AGENT[:-1]}; mailto:{contact})" if contact else USER_AGENT


def get_json(
    url: str,
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
    not_found_statuses: tuple[int, ...] = (404, 410),
) -> Any:
    """GET ``url`` and decode its JSON answer, or raise a :class:`FetchError` that says what happened."""
    timeout = settings.METRICS_TIMEOUT_SECONDS if timeout is None else timeout
    headers = {"User-Agent": user_agent(), "Accept": "application/json", **(headers or {})}
    try:
        body = fetch(url, headers, timeout, MAX_RESPONSE_BYTES)
    except HTTPError as error:
        raise _from_status(error, not_found_statuses) from None
    except FetchFailed as failure:
        raise FetchError(
            {
                "scheme": f"not an http(s) URL: {url}",
                "timeout": f"no answer within {timeout:g} s",
                "connect": f"could not connect ({failure.reason})",
                "broken": f"the connection failed ({failure.reason})",
                "too_large": "the answer is too large",
            }[failure.kind]
        ) from None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise FetchError("the answer is not valid JSON") from None


def _from_status(error: HTTPError, not_found_statuses: tuple[int, ...]) -> FetchError:
    detail = _error_detail(error)
    status = f"HTTP {error.code}" + (f": {detail}" if detail else "")
    if error.code == 429:
        return RateLimited(f"rate-limited ({status})", _retry_after(error.headers))
    if error.code == 403 and error.headers.get("X-RateLimit-Remaining") == "0":
        return RateLimited(f"rate-limited ({status})", _reset_in(error.headers))
    if error.code in not_found_statuses:
        return NotFound(f"not found ({status})")
    return FetchError(f"the service answered {status}")


def _error_detail(error: HTTPError) -> str:
    """The service's own explanation, when its error answer is JSON with one."""
    try:
        data = json.loads(error.read(64 * 1024) or b"null")
    except (ValueError, UnicodeDecodeError, OSError, http.client.HTTPException):
        return ""
    if isinstance(data, dict):
        detail = data.get("message") or data.get("error") or ""
        return str(detail)[:200] if isinstance(detail, str | int) else ""
    return ""


def _retry_after(headers) -> int | None:
    """``Retry-After`` in seconds, whether the service sent seconds or an HTTP date."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0, int((when - datetime.datetime.now(datetime.UTC)).total_seconds()))


def _reset_in(headers) -> int | None:
    """GitHub says when its limit resets as a Unix time in ``X-RateLimit-Reset``."""
    retry_after = _retry_after(headers)
    if retry_after is not None:
        return retry_after
    reset = (headers.get("X-RateLimit-Reset") or "").strip()
    if not reset.isdigit():
        return None
    return max(0, int(reset) - int(datetime.datetime.now(datetime.UTC).timestamp()))
