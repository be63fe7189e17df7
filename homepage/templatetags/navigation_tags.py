"""The site's navigation, the same on every public page: the homepage's sections, then the owner's links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from wagtail.models import Site

from cv.models import CVSettings
from homepage.models import HomePage
from serving import fragments, generations, page_cache

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str


def _homepage(context: dict[str, Any]) -> HomePage | None:
    """The page being shown when it is the homepage (a preview included), else the site's live homepage."""
    page = context.get("page")
    if isinstance(page, HomePage):
        return page
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page.specific if site is not None else None
    return root if isinstance(root, HomePage) and root.live else None


@register.inclusion_tag("components/navigation.html", takes_context=True)
def site_navigation(context: dict[str, Any]) -> dict[str, Any]:
    """On the homepage its sections are ``#anchor`` links; on every other page they lead back to it."""
    home = _homepage(context)
    items: list[NavItem] = []
    if home is not None:
        base = "" if context.get("page") is home else (home.url or "/")
        sections = home.navigation() if context.get("page") is home else _other_pages_sections(home)
        items = [NavItem(title, f"{base}#{anchor}") for anchor, title in sections]
    request = context.get("request")
    if request is not None and CVSettings.for_request(request).in_navigation:
        items.append(NavItem("CV", reverse("cv")))
    profile = context.get("profile")
    for link in getattr(profile, "nav_links", None) or []:
        if link.value.href:
            items.append(NavItem(link.value["title"], link.value.href))
    return {"items": items}


def _other_pages_sections(home: HomePage) -> list[tuple[str, str]]:
    """The homepage's sections as every other page's navigation lists them, worked out once in each page-cache
    generation (any change of content starts a new one) instead of once for every page: each section asks the
    database whether it shows anything (a query or two each), which all the pages rendered after a publish repeated.
    Not kept while this connection holds changes not yet committed: rolled back, they would start no generation."""
    if generations.pending(page_cache.after_commit):
        return home.navigation()
    key = f"navigation:{page_cache.current_generation()}:{home.pk}"  # kept with the paper boxes, in this process
    if (sections := fragments.get_many([key]).get(key)) is None:
        sections = home.navigation()
        fragments.put(key, sections)
    return sections  # type: ignore[return-value]  # only this function stores under "navigation:" keys
