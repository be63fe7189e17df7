"""The one way markdown becomes HTML, on public pages and in the editor preview.

markdown-it-py parses in linear time (Python-Markdown is quadratic on runs of
``[``), and nh3 then removes anything that could run script or restyle the
page, so an owner pasting HTML from elsewhere cannot break or endanger it.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "dd", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "span": {"lang"},
    "p": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable(["table", "strikethrough"])


def sanitize_html(html: str) -> str:
    """Keep the harmless subset of HTML; comments, scripts, styles and handlers go."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_markdown(text: str | None, inline: bool = False) -> SafeString:
    """Markdown to safe HTML. ``inline`` renders one line without a ``<p>`` around it."""
    if not text:
        return mark_safe("")
    html = _parser.renderInline(text) if inline else _parser.render(text)
    return mark_safe(sanitize_html(html).strip())  # noqa: S308 - sanitised just above
