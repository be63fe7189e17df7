"""The one way markdown becomes HTML, on public pages and in the editor preview.

markdown-it-py parses in linear time (Python-Markdown is quadratic on runs of
``[``), and nh3 then removes anything that could run script or restyle the
page, so an owner pasting HTML from elsewhere cannot break or endanger it.

Math (``$…$`` inline, ``$$…$$`` displayed) becomes MathML on the server, which
browsers typeset themselves: no MathJax download. Only the presentation
elements and attributes latex2mathml writes survive the sanitiser (no ``href``,
no ``style``, no ``class``), so math cannot carry a link or a script either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

logger = logging.getLogger(__name__)

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
# The MathML presentation markup latex2mathml writes, and nothing else.
MATHML_TAGS = {
    "math", "menclose", "mfrac", "mi", "mn", "mo", "mover", "mpadded", "mphantom", "mroot", "mrow",
    "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder",
    "munderover",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "math": {"display"},
    "mi": {"mathvariant"},
    "mn": {"mathvariant"},
    "mtext": {"mathvariant"},
    "mo": {"accent", "fence", "form", "largeop", "lspace", "mathvariant", "maxsize", "minsize", "movablelimits",
           "rspace", "separator", "stretchy"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mfrac": {"linethickness"},
    "menclose": {"notation"},
    "mpadded": {"depth", "height", "lspace", "voffset", "width"},
    "mspace": {"depth", "height", "linebreak", "mathbackground", "width"},
    "mstyle": {"displaystyle", "mathbackground", "mathcolor", "mathsize", "scriptlevel"},
    "mtable": {"columnalign", "columnlines", "columnspacing", "displaystyle", "rowlines", "rowspacing"},
    "mtd": {"columnalign"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}


def render_math(latex: str, display: bool, block: bool = False) -> str:
    """LaTeX to MathML; LaTeX it cannot read is shown as its source (``block``: in a ``pre``), never an error."""
    if not latex.strip():
        return ""
    try:
        return latex_to_mathml(latex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds of errors on malformed input (even RecursionError)
        logger.info("Math not converted, shown as source: %r", latex[:200])
        source = f"<code>{escape(latex)}</code>"
        return f"<pre>{source}</pre>" if block else source


def _math_rule(display: bool, block: bool = False) -> Callable[..., str]:
    """A render rule writing the MathML alone, without the plugin's ``div`` (which cannot sit in a ``p``)."""

    def rule(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return render_math(tokens[idx].content, display, block) + ("\n" if block else "")

    return rule


# Pandoc's rules for inline math (no space inside the dollars, no digit after the closing one),
# so "between $10 and $20" stays text.
_parser = (
    MarkdownIt("commonmark", {"html": True, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False, allow_blank_lines=False,
         double_inline=True)
)  # fmt: skip
_parser.add_render_rule("math_inline", _math_rule(display=False))
_parser.add_render_rule("math_inline_double", _math_rule(display=True))
_parser.add_render_rule("math_block", _math_rule(display=True, block=True))


def sanitize_html(html: str) -> str:
    """Keep the harmless subset of HTML; comments, scripts, styles and handlers go."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | MATHML_TAGS,
        attributes=ALLOWED_ATTRIBUTES | MATHML_ATTRIBUTES,
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
