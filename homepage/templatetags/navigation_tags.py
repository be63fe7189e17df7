"""The site's navigation, the same on every public page: the homepage's sections, then the owner's links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from wagtail.models import Site

from cv.models import CVSettings
from homepage.models import HomePage

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
        items = [NavItem(title, f"{base}#{anchor}") for anchor, title in home.navigation()]
    request = context.get("request")
    if request is not None and CVSettings.for_request(request).in_navigation:
        items.append(NavItem("CV", reverse("cv")))
    profile = context.get("profile")
    for link in getattr(profile, "nav_links", None) or []:
        if link.value.href:
            items.append(NavItem(link.value["title"], link.value.href))
    return {"items": items}
