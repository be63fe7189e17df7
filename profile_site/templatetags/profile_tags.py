"""Template helpers for the public pages: markdown, icons, the guarded email address."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from core.anchors import section_anchor
from core.markdown import render_markdown, split_entry, under_a_section

register = template.Library()

ICON_DIR = Path(settings.BASE_DIR) / "static" / "icons"
_ICON_NAME = re.compile(r"^[a-z0-9-]+$")
_SVG_NOISE = re.compile(r"<!--.*?-->|<title>.*?</title>", re.DOTALL)
_SVG_OPENING = re.compile(r"<svg\b[^>]*>")
# The icon's own size and class go (the stylesheet sizes icons); only on <svg> itself: a shape's
# width and height (the mail icon's envelope is a <rect>) are its drawing.
_SVG_SIZE = re.compile(r"\s(?:role|class|width|height)=\"[^\"]*\"")


@cache
def _icon_svg(name: str) -> str:
    if not _ICON_NAME.match(name) or not (ICON_DIR / f"{name}.svg").is_file():
        raise template.TemplateSyntaxError(f"No icon named {name!r} in static/icons/")
    svg = _SVG_NOISE.sub("", (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8"))
    svg = _SVG_OPENING.sub(lambda opening: _SVG_SIZE.sub("", opening.group()), svg, count=1)
    svg = re.sub(r"\s+", " ", svg).strip()
    return svg.replace("<svg ", '<svg class="icon" aria-hidden="true" focusable="false" ', 1)


@register.simple_tag
def icon(name: str) -> SafeString:
    """An SVG icon shipped with the site, inlined (no request), hidden from screen readers."""
    return mark_safe(_icon_svg(name))  # noqa: S308 - our own files, read from static/icons


@register.filter(name="anchor")
def anchor_filter(title: str) -> str:
    """The AcadHomepage-style id of a heading, so old links to it keep working."""
    return section_anchor(title)


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def items_before(items: list, count: int | None) -> list:
    """The first ``count`` of ``items`` (all of them when ``count`` is empty): those above a list's fold."""
    return list(items)[:count] if count else list(items)


@register.filter
def items_from(items: list, count: int | None) -> list:
    """``items`` after the first ``count`` (none when ``count`` is empty): those under a list's fold."""
    return list(items)[count:] if count else []


@register.filter
def section_markdown(text: str) -> SafeString:
    """Markdown shown under a homepage section's title: its headings start at ``<h3>``."""
    return under_a_section(render_markdown(text))


@register.filter
def markdown_inline(text: str) -> SafeString:
    return render_markdown(text, inline=True)


@register.filter
def entry_lead(text: str) -> SafeString:
    """An entry's text up to a list it goes on into, inline (core.markdown.split_entry)."""
    return render_markdown(split_entry(text)[0], inline=True)


@register.filter
def entry_list(text: str) -> SafeString:
    """The list an entry's text goes on into, as a list; "" when there is none."""
    return render_markdown(split_entry(text)[1])


def _paper_settings(context) -> tuple[bool, str]:
    """How paper lines read (Settings → Profile): "and" before the last author, and the words of a link to each
    paper's BibTeX. Read once per request, or per batch of paper fragments (publications/fragments.py), which stand
    in a plain object for the request."""

    from profile_site.models import ProfileSettings

    request = context.get("request")
    known = getattr(request, "_paper_settings", None)
    if known is not None:
        return known
    if isinstance(request, HttpRequest):
        profile = ProfileSettings.for_request(request)
    else:
        profile = ProfileSettings.for_default_site()
    known = (bool(profile and profile.and_before_last_author), profile.bibtex_link if profile else "")
    if request is not None:
        request._paper_settings = known
    return known


@register.simple_tag(takes_context=True)
def and_before_last_author(context) -> bool:
    """Whether author lists join their last two names with "and"."""
    return _paper_settings(context)[0]


@register.simple_tag(takes_context=True)
def bibtex_link(context, wanted: bool = True) -> str:
    """The words of the link beside each paper to its BibTeX entry; "" for none, or where it is not ``wanted`` (the
    paper's own page, which shows the entry)."""
    return _paper_settings(context)[1] if wanted else ""


@register.simple_tag
def guarded_email(address: str) -> SafeString:
    """The address as "user [at] example.org": readable by people, not by naive harvesters.

    No ``mailto:`` and no ``@`` appear in the HTML; a small script turns it into
    a link for visitors with JavaScript, and everyone else can still read it.
    """
    if not address or "@" not in address:
        return mark_safe("")
    user, domain = address.rsplit("@", 1)
    return format_html(
        '<span class="guarded-email" data-user="{}" data-domain="{}">{}<span class="at"> [at] </span>{}</span>',
        user[::-1],
        domain[::-1],
        user,
        _breakable_domain(domain),
    )


def _breakable_domain(domain: str) -> SafeString:
    """The domain with line-break opportunities before its dots only, never inside a name."""
    return mark_safe("<wbr>.".join(escape(part) for part in domain.split(".")))  # noqa: S308 - each part escaped
