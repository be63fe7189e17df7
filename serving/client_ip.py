"""The visitor's IP address, as sign-in throttling counts it.

Behind reverse proxies, each one appends the address it received the request
from to ``X-Forwarded-For``; entries further left came from the client and can
say anything. So with ``TRUSTED_PROXY_COUNT`` proxies in front of the site the
client is the entry that many places from the right, and without proxies (the
default) the header is ignored and ``REMOTE_ADDR`` is the client. A client can
then neither hide behind made-up addresses nor throttle someone else's.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def forwarded_client(forwarded_for: str, proxy_count: int) -> str | None:
    """The address the outermost of ``proxy_count`` proxies saw, or None when the header cannot tell.

    >>> forwarded_client("6.6.6.6, 203.0.113.7", 1)
    '203.0.113.7'
    """
    if proxy_count <= 0:
        return None
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < proxy_count:
        return None  # fewer hops than proxies: the request did not come through them all
    candidate = hops[-proxy_count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: the client's address behind the configured number of proxies."""
    forwarded = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""), settings.TRUSTED_PROXY_COUNT)
    return forwarded or request.META.get("REMOTE_ADDR", "")
