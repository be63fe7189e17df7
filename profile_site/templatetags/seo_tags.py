"""The head of every page: description, link-preview cards, and the homepage's Person.

Thin wrappers around ``profile_site.seo``; they read ``request``, ``page`` (absent
on views that are not pages), ``profile`` and, from views, ``seo_title``.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.seo import json_ld
from profile_site import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_description(context: template.Context) -> str:
    profile = context.get("profile")
    if profile is None:
        return ""
    request = context.get("request")
    homepage = seo.site_homepage(request) if request is not None else None
    return seo.page_description(context.get("page"), profile, section=context.get("seo_title", ""), homepage=homepage)


@register.simple_tag(takes_context=True)
def social_meta(context: template.Context) -> SafeString:
    request, profile = context.get("request"), context.get("profile")
    if request is None or profile is None:
        return mark_safe("")
    return seo.social_meta_html(request, context.get("page"), profile, title=context.get("seo_title", ""))


@register.simple_tag(takes_context=True)
def person_json_ld(context: template.Context) -> SafeString:
    """schema.org Person, on the homepage only (a paper's page describes the paper)."""
    request, page, profile = context.get("request"), context.get("page"), context.get("profile")
    if request is None or profile is None or not profile.name or not seo.is_homepage(request, page):
        return mark_safe("")
    return json_ld(seo.person(request, page, profile))
