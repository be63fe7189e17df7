"""The one way markdown becomes HTML, on public pages and in the editor preview.

markdown-it-py parses in linear time (Python-Markdown is quadratic on runs of
``[``), and nh3 then removes anything that could run script or restyle the
page, so an owner pasting HTML from elsewhere cannot break or endanger it.

Math (``$…$`` inline, ``$$…$$`` displayed) becomes MathML on the server, which
browsers typeset themselves: no MathJax download. Only the presentation
elements and attributes latex2mathml writes survive the sanitiser (no ``href``,
no ``style``, no ``class``; colours only as colour names or ``#rgb`` values), so
math cannot carry a link or a script either.

Rendering stays linear in the length of the text, which every markdown field
caps at :data:`MAX_LENGTH`, and whatever the length: tables share a budget of
:data:`MAX_TABLE_CELLS` cells (markdown fills short rows up to the header's
width, so a few hundred bytes could otherwise ask for a megabyte of empty
cells), raw HTML one of :data:`MAX_HTML_TAGS` tags, and raw formatting tags lose
their attributes before the HTML parser sees them (see
:func:`_strip_formatting_attributes`).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import table as table_rule
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

logger = logging.getLogger(__name__)

# The longest text a markdown field takes: some 3,000 words, far more than an about text or an abstract needs,
# and short enough that rendering one field stays well under a second whatever it holds.
MAX_LENGTH = 20_000
# The most table cells one text renders (a 50-column table of 100 rows); the rows after them stay plain text.
MAX_TABLE_CELLS = 5_000
# The most tags of raw HTML one text may hold; HTML after them is shown as text (the HTML parser slows down with
# the square of the nesting depth, so this, not the length of the text, bounds its work).
MAX_HTML_TAGS = 5_000
# Cleaning passes after the first; a second one has always been enough (tests/test_sanitiser_properties.py).
MAX_CLEANING_PASSES = 3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "dd", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol",
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
# MathML colours, as \color{red} or \color{#336699} writes them; any other value of these attributes goes.
COLOUR_ATTRIBUTES = {"mathcolor", "mathbackground"}
_COLOUR = re.compile(r"#[0-9a-f]{3,8}|[a-z]{1,30}", re.IGNORECASE)
# HTML's "formatting elements" (the ones its parser reopens), less ``a``, the only one keeping attributes here.
_FORMATTING_ELEMENTS = {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}
_BARE_FORMATTING = "|".join(sorted(_FORMATTING_ELEMENTS - ALLOWED_ATTRIBUTES.keys()))
_FORMATTING_START_TAG = re.compile(rf"<({_BARE_FORMATTING})(?=[\t\n\f\r />])[^>]*(>|\Z)", re.IGNORECASE)


def render_math(latex: str, display: bool, block: bool = False) -> str:
    """LaTeX to MathML; LaTeX it cannot read is shown as its source (``block``: in a ``pre``), never an error."""
    if not latex.strip():
        return ""
    try:
        return latex_to_mathml(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds of errors on malformed input (RecursionError too)
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


def _bounded_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's table rule, ending a table where the text's :data:`MAX_TABLE_CELLS` run out."""
    if silent or not table_rule(state, start_line, end_line, True):
        return table_rule(state, start_line, end_line, silent)
    delimiter_row = start_line + 1
    columns = state.src[state.bMarks[delimiter_row] : state.eMarks[delimiter_row]].count("|") + 1
    rows = (MAX_TABLE_CELLS - state.env.get("table_cells", 0)) // columns - 1  # after the header row
    if rows < 0:
        return False
    first_token = len(state.tokens)
    found = table_rule(state, start_line, min(end_line, start_line + 2 + rows), silent)
    cells = sum(token.type in ("th_open", "td_open") for token in state.tokens[first_token:])
    state.env["table_cells"] = state.env.get("table_cells", 0) + cells
    return found


_parser.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})

_RAW_TAG = re.compile(r"</?[a-z]", re.IGNORECASE)


def _raw_html(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    """Raw HTML as written, until the text's :data:`MAX_HTML_TAGS` are spent; then as text."""
    content = tokens[idx].content
    env["html_tags"] = env.get("html_tags", 0) + len(_RAW_TAG.findall(content))
    return content if env["html_tags"] <= MAX_HTML_TAGS else escape(content)


_parser.add_render_rule("html_block", _raw_html)
_parser.add_render_rule("html_inline", _raw_html)


def _strip_formatting_attributes(html: str) -> str:
    """``<b title="1">`` becomes ``<b>``, as the sanitiser would leave it, but before the HTML parser runs.

    The parser reopens every formatting element still open in each new paragraph and only stops at
    three identical copies; with attributes that differ, a 19 KB text asked for 28 MB of HTML.
    Without attributes, at most three of each kind are ever reopened. A tag cut off by the end of the
    text is dropped, as the parser would drop it.
    """
    return _FORMATTING_START_TAG.sub(lambda tag: f"<{tag[1]}>" if tag[2] else "", html)


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute in COLOUR_ATTRIBUTES and not _COLOUR.fullmatch(value):
        return None
    return value


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | MATHML_TAGS,
        attributes=ALLOWED_ATTRIBUTES | MATHML_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# Containers the sanitiser removes, tags and all: a space on either side, so that the words of two cells
# (``<section>2025</section><section>MICCAI</section>``) stay two words, as the page showed them. The tags stay
# for the parser, whose tree they shape (a ``</section>`` closes a ``<details>`` left open inside it).
_BLOCK_CONTAINER_TAG = re.compile(
    r"""</?(?:section|article|header|footer|aside|nav|main|center)"""
    r"""(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?/?>""",
    re.I,
)


def sanitize_html(html: str) -> str:
    """Keep the harmless subset of HTML; comments, scripts, styles and handlers go.

    The result is cleaned again until it no longer changes: removing an element can leave a tree
    no HTML can spell (``</a><object>`` left a ``<p>`` inside a ``<p>``), which a browser would
    rebuild differently from the tree that was checked. Once cleaning changes nothing, what the
    browser builds from the output is exactly what the sanitiser kept.
    """
    clean = _clean(_BLOCK_CONTAINER_TAG.sub(r" \g<0> ", _strip_formatting_attributes(html)))
    for _ in range(MAX_CLEANING_PASSES):
        again = _clean(clean)
        if again == clean:
            break
        clean = again
    return clean


_MARKDOWN_MARK = re.compile(r"[\\`*_\[\]<>#~|]")


def markdown_escaped(text: str) -> str:
    """``text`` as Markdown that shows it as written: an id like "wx_id_2024" is not set in italics."""
    return _MARKDOWN_MARK.sub(r"\\\g<0>", text)


def render_markdown(text: str | None, inline: bool = False) -> SafeString:
    """Markdown to safe HTML. ``inline`` renders one line without a ``<p>`` around it.

    The result depends on nothing but the text, so the most recent short ones are
    kept (:data:`RENDERED_KEPT` texts of up to :data:`KEPT_LENGTH` characters, a
    few megabytes at most): a page whose cache was emptied by an edit elsewhere
    renders again without parsing and sanitising every news item anew.
    """
    if not text:
        return mark_safe("")
    if len(text) > KEPT_LENGTH:
        return _render.__wrapped__(text, inline)
    return _render(text, inline)


_HEADING_TAG = re.compile(r"<(/?)h([2-5])(?=[\s>])")


def under_a_section(html: SafeString) -> SafeString:
    """Rendered text placed under a section's title (an ``<h2>``): its headings one level down, so that a
    sub-heading ("## Working Papers") sits under the section's title, not beside it."""
    return mark_safe(_HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{int(tag[2]) + 1}", html))  # noqa: S308 - tags renamed


# A list that an entry's first line leads into ("Reviewer:", then "- KDD 2024" on the lines below).
_LIST_LINE = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S", re.M)


def split_entry(text: str | None) -> tuple[str, str]:
    """A dated entry's text as its lead, shown inline after the date, and a list the lead goes on into ("" when
    there is none): "Reviewer:", then "- KDD 2024" on the lines below."""
    text = text or ""
    first_break = text.find("\n")
    listed = _LIST_LINE.search(text, first_break + 1) if first_break >= 0 else None
    if listed is None:
        return text, ""
    return text[: listed.start()].strip(), text[listed.start() :]


RENDERED_KEPT = 1024
KEPT_LENGTH = 2_000


@functools.lru_cache(maxsize=RENDERED_KEPT)
def _render(text: str, inline: bool) -> SafeString:
    html = _parser.renderInline(text) if inline else _parser.render(text)
    return mark_safe(sanitize_html(html).strip())  # noqa: S308 - sanitised just above


forget_rendered = _render.cache_clear


_FENCE_LINE = re.compile(r"[ \t]{0,3}(?:```|~~~)")
_COMMENT_MARK = re.compile(r"<!--|-->")
# Room kept in each piece for the marks that close a comment or fence it was cut inside.
_CLOSING_ROOM = 8


def split_markdown(text: str, limit: int = MAX_LENGTH) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, so that each fits a markdown field.

    An import can bring an about text longer than a field takes; it is kept whole,
    in several fields, rather than refused or cut. Pieces end between paragraphs
    where one is near enough, else between lines. A piece that ends inside an HTML
    comment or a code fence closes it, and the next one opens it again: a cut
    never shows what the owner commented out, nor turns code into text.
    """
    if len(text) <= limit:
        return [text]
    room = limit - _CLOSING_ROOM
    pieces: list[str] = []
    current: list[str] = []
    in_comment = in_fence = False
    paragraph_end = 0  # how many lines of ``current`` end with a blank line outside comments and fences

    size = 0  # of ``current``

    def cut(count: int, comment: bool, fence: bool) -> None:
        nonlocal current, size
        piece = "".join(current[:count]).rstrip("\n")
        pieces.append(piece + ("\n```" if fence else "") + ("\n-->" if comment else ""))
        current = (["<!--\n"] if comment else []) + (["```\n"] if fence else []) + current[count:]
        size = sum(map(len, current))

    for line in _lines_within(text.splitlines(keepends=True), room):
        if current and size + len(line) > room:
            if paragraph_end:
                cut(paragraph_end, comment=False, fence=False)
            if current and size + len(line) > room:
                cut(len(current), in_comment, in_fence)
            paragraph_end = 0
        current.append(line)
        size += len(line)
        if not in_comment and _FENCE_LINE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            for mark in _COMMENT_MARK.findall(line):
                in_comment = mark == "<!--"
        if not line.strip() and not in_comment and not in_fence:
            paragraph_end = len(current)
    pieces.append("".join(current))
    return [piece.strip("\n") for piece in pieces if piece.strip()] or [""]


def _lines_within(lines: list[str], room: int):
    """The lines, each longer than ``room`` cut at spaces where it can be (a raw-HTML page may be one line)."""
    for line in lines:
        while len(line) > room:
            cut = line.rfind(" ", room // 2, room) + 1 or room
            yield line[:cut]
            line = line[cut:]
        yield line
