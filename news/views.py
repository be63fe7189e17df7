"""The news archive: every published news item, newest first, by year."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from core.seo import absolute_url

from .models import NewsItem


def news_archive(request: HttpRequest) -> TemplateResponse:
    """All of it, not only the latest ten of the homepage (a few lines a month stay one short page)."""
    return TemplateResponse(
        request,
        "pages/news_archive.html",
        {
            "news_items": NewsItem.objects.filter(live=True).order_by("-date", "pk"),
            "canonical_url": absolute_url(request, reverse("news_archive")),
            "seo_title": "News",
        },
    )
