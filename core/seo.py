"""What search engines and link previews read from a page, as each page class declares it.

A shared link to the homepage should show the owner's name, photo and one or two
sentences; a shared paper its title, figure and abstract. All of it comes from
what the owner already wrote, so nothing extra has to be kept in sync: each page
class says which of its fields describes it (:class:`SeoMixin`), and the site's
head (``profile_site/seo.py``) asks the page.
"""

from __future__ import annotations

import json
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from core.markdown import render_markdown

DESCRIPTION_LENGTH = 160  # what search engines show before they cut


def plain_text(markdown_text: str) -> str:
    """The words a reader sees, without markup, on one line."""
    return " ".join(unescape(strip_tags(render_markdown(markdown_text))).split())


def list_label(date_display: str, markdown_text: str, limit: int = 120) -> str:
    """An item as admin lists and titles show it: its date, then its first line as a reader sees it
    (no markdown, no URLs)."""
    first_line = markdown_text.strip().splitlines()[0] if markdown_text.strip() else ""
    return shorten(f"{date_display} {plain_text(first_line)}".strip(), limit)


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """At most ``limit`` characters, cut between words."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` on the site's own address (Settings → Sites), as page URLs are, whatever host the request
    named; an address with a host of its own (media on their own origin, ``MEDIA_URL``) as it is."""
    site = Site.find_for_request(request)
    address = urlsplit(path)
    if address.netloc:
        scheme = urlsplit(site.root_url).scheme if site else request.scheme
        return path if address.scheme else f"{scheme}:{path}"
    return site.root_url + path if site else request.build_absolute_uri(path)


def json_ld(data: dict[str, Any]) -> SafeString:
    """A JSON-LD script element; ``<``, ``>`` and ``&`` are escaped so text cannot close it."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


class SeoMixin:
    """A page's description and link-preview image, from its own fields.

    ``description_field`` names the markdown field that describes the page when
    its search description (Promote tab) is empty; ``share_image_field`` the
    image a link preview shows instead of the owner's avatar; ``opengraph_type``
    what OpenGraph calls the page.
    """

    description_field = ""
    share_image_field = ""
    opengraph_type = "website"
    search_description: str  # Wagtail's Page field (Promote tab)

    def seo_text(self) -> str:
        """The words of the field that describes the page, without markup."""
        return plain_text(getattr(self, self.description_field, "")) if self.description_field else ""

    def seo_description(self, profile: Any) -> str:
        """What a search result shows under the page's title, "" when the page has nothing of its own."""
        if self.search_description:
            return self.search_description
        if text := self.seo_text():
            return shorten(text)
        if summary := getattr(self, "search_summary", ""):
            return shorten(summary)
        return ""

    def share_image(self) -> Any:
        return getattr(self, self.share_image_field, None) if self.share_image_field else None
