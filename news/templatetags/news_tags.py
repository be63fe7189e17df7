"""Where the news lives: the head's feed link, the News section's "All news" and the 404 page link to it."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Site

from news.models import NewsIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def news_page(context: dict[str, Any]) -> NewsIndexPage | None:
    """The site's live, public news page, or ``None``; looked up once per request, however many ask."""
    request = context.get("request")
    if request is not None and hasattr(request, "news_page"):
        return request.news_page
    site = Site.find_for_request(request) if request is not None else None
    pages = NewsIndexPage.objects.live().public()
    page = (pages.in_site(site) if site else pages).first()
    if request is not None:
        request.news_page = page
    return page
