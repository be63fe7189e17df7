"""What search engines and link previews read: the description, OpenGraph and Twitter
cards, and the schema.org Person the homepage is about.

A shared link to the homepage should show the owner's name, photo and one or
two sentences; a shared paper should show its title, figure and abstract. All of
it comes from what the owner already wrote (profile, about text, abstract), so
nothing extra has to be kept in sync.
"""

from __future__ import annotations

from html import unescape
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.html import format_html_join, strip_tags
from django.utils.safestring import SafeString
from wagtail.models import Page, Site

from core.markdown import render_markdown
from core.renditions import SHARE_IMAGE

from .links import profile_url
from .models import HomePage

DESCRIPTION_LENGTH = 160  # what search engines show before they cut

# The markdown field that describes a page of each type when its search description is empty.
DESCRIPTION_FIELDS = {
    "profile_site.HomePage": "about",
    "publications.PublicationIndexPage": "intro",
    "publications.PublicationPage": "abstract",
}
# The image a link preview of the page shows instead of the owner's avatar.
SHARE_IMAGE_FIELDS = {"publications.PublicationPage": "teaser_image"}
OPENGRAPH_TYPES = {"profile_site.HomePage": "profile", "publications.PublicationPage": "article"}


def plain_text(markdown_text: str) -> str:
    """The words a reader sees, without markup, on one line."""
    return " ".join(unescape(strip_tags(render_markdown(markdown_text))).split())


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """At most ``limit`` characters, cut between words."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` on the site's own address (Settings → Sites), as page URLs are."""
    site = Site.find_for_request(request)
    return site.root_url + path if site else request.build_absolute_uri(path)


def is_homepage(request: HttpRequest, page: Page | None) -> bool:
    site = Site.find_for_request(request)
    return page is not None and site is not None and page.pk == site.root_page_id


def page_description(page: Page | None, profile: Any, section: str = "") -> str:
    """What a search result shows under the page's title; never empty once there is an owner.

    In order: the page's search description; on the homepage the profile's
    description (written for search engines); the page's own text (about, intro,
    abstract); the summary a page type gives (a paper's reference); and for
    listings without text of their own ("News", "Publications") the section and
    who it belongs to, followed by the owner's description.
    """
    if page is not None:
        if page.search_description:
            return page.search_description
        label = page._meta.label
        if label == "profile_site.HomePage" and profile.description:
            return profile.description
        field = DESCRIPTION_FIELDS.get(label)
        if field and (text := plain_text(getattr(page, field, ""))):
            return shorten(text)
        if summary := getattr(page, "search_summary", ""):
            return shorten(summary)
        if label != "profile_site.HomePage":
            section = section or page.title
    owner = owner_description(profile)
    if section and profile.name:
        return shorten(f"{section} — {profile.name}. {owner}".strip())
    return owner


def owner_description(profile: Any) -> str:
    """The profile's description or bio, else the start of the homepage's about text."""
    if profile.description or profile.bio:
        return profile.description or profile.bio
    homepage = HomePage.objects.live().only("about").first()
    return shorten(plain_text(homepage.about)) if homepage else ""


def share_image(page: Page | None, profile: Any) -> tuple[Any, str, bool]:
    """The image of a link preview, its alt text, and whether it is the page's own (a wide figure)."""
    field = SHARE_IMAGE_FIELDS.get(page._meta.label) if page is not None else None
    image = getattr(page, field, None) if field else None
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
    og_type = OPENGRAPH_TYPES.get(page._meta.label, "website") if page is not None else "website"
    tags = [
        ("property", "og:type", og_type),
        ("property", "og:site_name", profile.page_title),
        ("property", "og:title", title),
        ("property", "og:url", url),
    ]
    if description := page_description(page, profile):
        tags.append(("property", "og:description", description))
    image, alt, wide = share_image(page, profile)
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE)
        tags += [
            ("property", "og:image", request.build_absolute_uri(rendition.url)),
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
        data["image"] = request.build_absolute_uri(profile.avatar.get_rendition(SHARE_IMAGE).url)
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
