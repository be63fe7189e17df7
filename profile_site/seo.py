"""The head of every page: its description, the OpenGraph and Twitter cards, and the
schema.org Person the homepage is about.

Each page says what describes it (``core.seo.SeoMixin``); this adds what the
owner's profile says when the page has nothing of its own, and the owner's
name, photo and profiles elsewhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from wagtail.models import Page, Site

from core.renditions import SHARE_IMAGE
from core.seo import absolute_url, shorten

from .links import profile_url


def site_homepage(request: HttpRequest) -> Page | None:
    """The page at the root of the site the request is for."""
    site = Site.find_for_request(request)
    return site.root_page.specific if site else None


def is_homepage(request: HttpRequest, page: Page | None) -> bool:
    site = Site.find_for_request(request)
    return page is not None and site is not None and page.pk == site.root_page_id


def page_description(page: Page | None, profile: Any, section: str = "", homepage: Page | None = None) -> str:
    """What a search result shows under the page's title; never empty once there is an owner.

    In order: what the page says of itself (its search description, its own text,
    its summary: ``SeoMixin``); for listings without text of their own ("News",
    "Publications") the section and who it belongs to, followed by the owner's
    description (``homepage``'s about text when the profile has none).
    """
    if page is not None:
        if description := page.seo_description(profile) if hasattr(page, "seo_description") else "":
            return description
        if page.search_description:
            return page.search_description
        section = section or page.title
    owner = owner_description(profile, homepage)
    if section and profile.name:
        return shorten(f"{section} — {profile.name}. {owner}".strip())
    return owner


def owner_description(profile: Any, homepage: Page | None = None) -> str:
    """The profile's description or bio, else the start of the homepage's own text."""
    if profile.description or profile.bio:
        return profile.description or profile.bio
    return shorten(homepage.seo_text()) if homepage is not None and hasattr(homepage, "seo_text") else ""


def share_image(page: Page | None, profile: Any) -> tuple[Any, str, bool]:
    """The image of a link preview, its alt text, and whether it is the page's own (a wide figure)."""
    image = page.share_image() if page is not None and hasattr(page, "share_image") else None
    if image is not None:
        return image, image.default_alt_text or page.title, True
    return profile.avatar, profile.name, False


def twitter_handle(profile: Any) -> str:
    """``@handle`` of the owner's X (Twitter) link, for ``twitter:creator``."""
    for block in profile.links:
        if block.value["kind"] == "twitter" and (url := profile_url("twitter", block.value["value"])):
            handle = urlsplit(url).path.strip("/").split("/")[0]
            return f"@{handle}" if handle else ""
    return ""


def social_tags(
    request: HttpRequest, page: Page | None, profile: Any, title: str = "", url: str = ""
) -> list[tuple[str, str, str]]:
    """OpenGraph and Twitter card tags as ``(attribute, name, content)``.

    Twitter reads ``og:title``, ``og:description`` and ``og:image`` itself, so
    only the card type and the author's handle are Twitter-specific.
    """
    if is_homepage(request, page):
        title = title or profile.name
    elif page is not None:
        title = title or page.seo_title or page.title
    title = title or profile.page_title
    url = url or (page.get_full_url(request) if page is not None else absolute_url(request, request.path))
    og_type = getattr(page, "opengraph_type", "website")
    tags = [
        ("property", "og:type", og_type),
        ("property", "og:site_name", profile.page_title),
        ("property", "og:title", title),
        ("property", "og:url", url),
    ]
    if description := page_description(page, profile, homepage=site_homepage(request)):
        tags.append(("property", "og:description", description))
    image, alt, wide = share_image(page, profile)
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE)
        tags += [
            ("property", "og:image", absolute_url(request, rendition.url)),
            ("property", "og:image:width", str(rendition.width)),
            ("property", "og:image:height", str(rendition.height)),
            ("property", "og:image:alt", alt),
        ]
    tags.append(("name", "twitter:card", "summary_large_image" if wide else "summary"))
    if handle := twitter_handle(profile):
        tags.append(("name", "twitter:creator", handle))
    return tags


def social_meta_html(request: HttpRequest, page: Page | None, profile: Any, **kwargs: str) -> SafeString:
    return format_html_join("\n", '<meta {}="{}" content="{}">', social_tags(request, page, profile, **kwargs))


def person(request: HttpRequest, page: Page, profile: Any) -> dict[str, Any]:
    """schema.org Person for the homepage: who it is about, and their profiles elsewhere (``sameAs``)."""
    url = page.get_full_url(request)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "name": profile.name, "url": url}
    if profile.native_name:
        data["alternateName"] = profile.native_name
    if profile.avatar:
        data["image"] = absolute_url(request, profile.avatar.get_rendition(SHARE_IMAGE).url)
    if description := profile.bio or profile.description:
        data["description"] = description
    if profile.employer:
        data["affiliation"] = {"@type": "Organization", "name": profile.employer}
    if profile.location:
        data["homeLocation"] = {"@type": "Place", "name": profile.location}
    same_as = [link["url"] for link in profile.resolved_links]
    if profile.website and profile.website.rstrip("/") != url.rstrip("/"):
        same_as.insert(0, profile.website)
    if same_as:
        data["sameAs"] = same_as
    return data
