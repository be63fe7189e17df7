"""Papers, from paper boxes or bullets: title and link, venue, badge, authors and their marks, links and
badges, the description under them."""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from html import unescape as unescape_html
from urllib.parse import parse_qs, unquote, urlparse

from bs4 import BeautifulSoup, Tag

from core.dates import DateSpan, Precision
from core.identifiers import arxiv_id_in_url, doi_in_url, markdown_link_urls, without_version
from core.names import is_collective_name
from homepage.importers.acadhomepage.results import (
    LINK_LABELS,
    ParsedAuthor,
    ParsedBadge,
    ParsedBox,
    ParsedLink,
    ParsedPaper,
)
from homepage.importers.acadhomepage.source import COMMENT, HTML_TAG, Report, Src, excerpt

# Paper boxes: ``<div class="paper-box">`` with an image column and a text column.


def _div_opening(*class_names: str, variants: str = "") -> re.Pattern[str]:
    """The opening tag of a div (or an ``<article>``, as some pages write a card) carrying one of ``class_names``
    (or a class the pattern ``variants`` matches) as one of its classes."""
    names = "|".join([*map(re.escape, class_names), *filter(None, [variants])])
    return re.compile(
        rf"""<(?:div|article)\b[^<>]*\bclass\s*=\s*["'](?:[^"'<>]*\s)?(?:{names})(?:\s[^"'<>]*)?["'][^<>]*>""", re.I
    )


# The template's box, and the cards some pages write a paper as, with no figure ("<div class="pub-item">" around
# "<div class="pub-title">…</div>", "<div class="pub-authors">…</div>", …): read alike.
PAPER_BOX_CLASSES = ("paper-box", "pub-item", "publication-item", "paper-item")
# A page's own variants of the box, styled as it is ("paper-box-top", "paper-box-bottom": "@extend .paper-box" with
# other margins), not its columns.
PAPER_BOX_VARIANT = r"paper-box-(?!image|text)[\w-]+"
PAPER_BOX_OPEN = _div_opening(*PAPER_BOX_CLASSES, variants=PAPER_BOX_VARIANT)
# The figure's column: the template's, and a card's ("<div class="publication-image"><img …></div>").
IMAGE_COLUMNS = ("paper-box-image", "publication-image", "pub-image", "paper-image")
PAPER_BOX_IMAGE_OPEN = _div_opening(*IMAGE_COLUMNS)
PAPER_BOX_TEXT_OPEN = _div_opening("paper-box-text")
_BLOCK_TAGS = {name: re.compile(rf"<(/?){name}\b[^<>]*>", re.I) for name in ("div", "article")}


def balanced_div_end(html: str, start: int) -> int:
    """End of the ``<div>`` (or ``<article>``) opened at ``start``; the end of the text if never closed."""
    depth = 0
    name = "article" if html[start : start + 8].lower() == "<article" else "div"
    for tag in _BLOCK_TAGS[name].finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(html)


_DIV_OR_ARTICLE = re.compile(r"<(/?)(div|article)\b[^<>]*>", re.I)


def closed_box_spans(html: str) -> list[tuple[int, int]]:
    """Start and end of each outermost paper box that is closed, in one pass over the tags (a page of many
    unclosed boxes stays linear); a box never closed has no span."""
    open_tags: dict[str, list[bool]] = {"div": [], "article": []}  # per tag name: whether each open one is a box
    spans: list[tuple[int, int]] = []
    box_starts: list[int] = []
    for tag in _DIV_OR_ARTICLE.finditer(html):
        stack = open_tags[tag.group(2).lower()]
        if not tag.group(1):
            is_box = PAPER_BOX_OPEN.match(html, tag.start()) is not None
            stack.append(is_box)
            if is_box:
                box_starts.append(tag.start())
        elif stack and stack.pop():
            start = box_starts.pop()
            if not box_starts:  # the outermost
                spans.append((start, tag.end()))
    return spans


# ---------------------------------------------------------------------------
# Papers
# ---------------------------------------------------------------------------

# Link text may hold one level of brackets: ``[[PDF]](url)`` is a link reading "[PDF]".
_LABEL = r"(?:\\.|\[(?:\\.|[^\[\]\\])*\]|[^\[\]\\])*"


def _target(name: str) -> str:
    """A Markdown link target ``(url "optional title")`` capturing the URL as ``name``.

    The URL may be empty (``[Project]()``, a placeholder) or quoted (``('paper.pdf')``).
    """
    return rf"""\(\s*<?['"]?(?P<{name}>(?:[^()\s>'"]|\([^()\s>'"]*\))*)['"]?>?(?:\s+"[^"]*")?\s*\)"""


# Badge (linked image) first, so its inner image is not read as a link label.
# A link starts at a bracket that is not escaped (``\[`` is a bracket, as Markdown reads it).
_MARKDOWN_LINKS = re.compile(
    rf"(?<!\\)\[!\[(?P<badge_alt>{_LABEL})\]{_target('badge_image')}\]{_target('badge_url')}"
    rf"|(?<!\\)!\[(?P<image_alt>{_LABEL})\]{_target('image')}"
    rf"|(?<!\\)\[(?P<label>{_LABEL})\]{_target('url')}"
)
_VENUE_BRACKET = re.compile(r"(?P<wrap>\*\*|\*|__)?\\?\[(?P<venue>[^\[\]]+?)\\?\](?!\()(?(wrap)(?P=wrap))")
_BOLD_SPAN = re.compile(r"\*\*(?P<venue>[^*]+)\*\*")  # left to right, as Markdown pairs them
_SEPARATORS = re.compile(r"\\\||\||&nbsp;|[·•]|\s")
_LINK_SEPARATOR = re.compile(r"\\\||\||&nbsp;|[·•]")
_HTML_LINK = re.compile(r"""<a\b[^<>]*\bhref\s*=\s*["']([^"'<>]*)["'][^<>]*>((?:(?!<a\b).)*?)</a>""", re.I | re.S)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_IMAGE = re.compile(r"<img\b[^<>]*>", re.I)
_HTML_LIST_ITEM = re.compile(r"[ \t]*<li\b[^<>]*>[ \t]*", re.I)
# Bold in HTML, and the spans pages mark the owner's name with (``<span class="author-me">``), read as **bold**.
# A paper's names in a block of their own, the owner's set apart by a class the site's style sheet emphasises:
# '<div class="authors"><span class="accent-text">Yinan Deng</span>, Jianyu Dou, …</div>': the owner in bold.
_AUTHORS_BLOCK = re.compile(
    r"<(?P<tag>div|p)\b[^<>]*\bclass\s*=\s*[\"'](?:[^\"'<>]*\s)?authors?(?:\s[^\"'<>]*)?[\"'][^<>]*>(?:(?!</?(?P=tag)\b).){0,5000}"
    r"</(?P=tag)\s*>",
    re.I | re.S,
)
_STYLED_NAME = re.compile(r"<span\b[^<>]*\bclass\s*=[^<>]*>(?P<name>[^<>\d,]{2,60})</span\s*>", re.I)
_HTML_BOLD = re.compile(
    r"<(?P<tag>b|strong)\b[^<>]*>(?P<text>[^<>]*)</(?P=tag)\s*>"
    r"|<(?P<span>span|u)\b[^<>]*\bclass\s*=\s*[\"'][^\"'<>]*\b(?:author-?me|me|myself|my-?name|owner|self)\b[^\"'<>]*"
    r"[\"'][^<>]*>(?P<owner>[^<>]*)</(?P=span)\s*>",
    re.I,
)
# The owner's part in a paper, noted beside it ("Co-first Author", "(学生一作)"): not where it appeared.
_ROLE_NOTE = re.compile(
    r"(?:(?:co-?|joint\s+)?(?:first|last|senior|lead|core|corresponding|student)[\s-]+)+(?:author|contributor)s?"
    r"|[\u4e00-\u9fff]{0,4}(?:一作|通讯|共同|共一|第[一二三四五六七八九十]|作者)[\u4e00-\u9fff]{0,4}",
    re.I,
)
# A character written by reference (``&#x2709;``, ``&dagger;``), not one that would make markup (``&lt;``).
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|(?!(?:lt|gt|amp|quot|apos);)[a-z][a-z0-9]{1,31});", re.I
)
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_CO_FIRST = re.compile(r"\(\s*(?:co-first(?:\s+author)?|equal\s+contribution)\s*\)", re.I)
_FIRST_AUTHOR_NOTE = re.compile(r"\s*\(\s*(?:first|1st)\s+author\s*\)", re.I)
_CORRESPONDING = re.compile(r"\(\s*corresponding(?:\s+author)?\s*\)", re.I)
_ITALIC = re.compile(r"^\*([^*]+)\*$")
_CODE_NAME = re.compile(r"`[^`\n]+`[*#†✉]*")
# ("*ICML 2024*, …", "***mBio***. 2024: e02773-24.": a venue in italics, or bold italics, leading its line)
_ITALIC_LEAD = re.compile(
    r"^(?:\*(?!\*)(?P<venue>(?:\\\*|[^*\n])+?)\*|\*\*\*(?P<venue3>[^*\n]+)\*\*\*(?=\.)|_(?!_)(?P<venue2>[^_\n]+)_)"
    r"[ \t]*[,.]"
)
# "…, et al." (or "…") ending an author list: the authors named are the first of more.
_MORE_AUTHORS = re.compile(r"(?:^|\s)(?:et\.?\s*al\b\.?|\.\.\.|…)$", re.I)
_ET_AL = re.compile(r"(?<![\s,])[\s,]*(?:and\s+)?[*_]*\bet\.?\s*al\b\.?[*_]*\s*$", re.I)  # "…, B and et al."
# "(*Equal contribution)" after the last author explains the marks; it is not about that author.
_MARKS_LEGEND = re.compile(
    r"\(\s*(?:\\?[*#†✉])+\s*:?\s*(?:denotes\s+|indicates\s+)?(?:equal(?:ly)?\s+contribut\w*|co-first[^()]*"
    r"|corresponding[^()]*)\)",
    re.I,
)
_AUTHORS_LABEL = re.compile(r"^(?:\*\*|__)?authors?\s*:\s*(?:\*\*|__)?\s*", re.I)
# Where an author list written on the title line ends: a separator, a full stop after a word (not after an
# initial, as in "J. Smith"), or the stop left where a title was taken out ("A, B, [Title](…). In Proceedings …"
# reads "A, B, . In Proceedings …").
_AUTHORS_END = re.compile(r"\\\||\||(?<=[^\W\dA-Z_]|[)\]*✉†])\.(?=\s)|,[ \t]*\.(?=\s)")
_LEADING_EMPHASIS = re.compile(r"^(?P<mark>\*{1,3}|_{1,2})(?!\s)(?P<text>.+?)(?<![\s\\])(?P=mark)(?![*_])")
_EMPHASIS_START = r"(?<![\\\w*])\*(?![\s*])"
_SINGLE_EMPHASIS = re.compile(rf"{_EMPHASIS_START}((?:(?!{_EMPHASIS_START}).)+?)(?<![\s\\*])\*(?![\w*])")
_WHOLE_ITALIC = re.compile(r"^\*(?!\*)(?P<text>.*[^*\\])\*$|^_(?!_)(?P<text2>.*[^_\\])_$")
_PLACEHOLDER_URL = re.compile(r"|#|none|null|undefined|javascript:.*", re.I)
_DESCRIPTION = re.compile(r"^[-*+](?:[ \t]+|$)")
_NUMBERED = re.compile(r"^\d{1,3}[.)][ \t]+\S")
# A venue's tag with its year, and a note, before a list of names: "CVPR2022 (Oral), ", "ACM MM19, ".
_VENUE_TAG_FIRST = re.compile(
    r"^(?P<tag>(?:[A-Z][\w&-]*[ \t])?[A-Z](?=[a-z&-]*[A-Z])[A-Za-z&-]*[ \t]?'?(?:19|20)?\d{2}"
    r"(?:[ \t]*\([^(),\n]{1,20}\))?),[ \t]*"
)
# A tag in brackets, then a title of four words or more in bold, not a name before more names: "[TAG] **The Title**".
_TAG_BEFORE_BOLD_TITLE = re.compile(
    r"^\[(?P<venue>[^\[\]\n]{1,60})\](?![(\[:])(?:&nbsp;|[ \t])*(?=(?P<mark>\*\*|__)(?:[^*_\s]+[ \t]+){3}[^*_\n]*?"
    r"(?P=mark)(?![ \t]*,))"
)
# What may open a title's line before its link: emoji, and words set in code ("🔥`New！`").
_TITLE_FLOURISH = re.compile(r"^(?:[\W_]*?`[^`\n]{1,20}`|[^\w\[`*\s]+)*\s*")
# "et al.," and a venue in italics after it: "…, et al., *Journal*".
_ET_AL_THEN_ITALIC = re.compile(r"\bet\.?\s*al\b\.?,[ \t]*(?=\*(?!\*)\S|_(?!_)\S)", re.I)
# A title in brackets that link nowhere, at the start of a line, and a comma: "[The Title], CVPR2022, …" (not a
# venue's tag: "[IEEE T-ITS · under review] **The Title**").
_BRACKETED_TITLE = re.compile(r"^\[(?P<title>[^\[\]\n]+)\](?=[ \t]*,)")
_LEADING_NOTE = re.compile(r"^(?P<note>\([^(),\n]{1,30}\))[ \t]+(?=\S)")
_NUMBERED_TOKEN = re.compile(r",[ \t]*(?=[^,]*\d{2})")  # the first of a list's items holding a number
_NUMBER_FREE = re.compile(r"<sup>.*?</sup>|\$[^$]*\$|\^\{?\w+\}?", re.I)  # marks, which may hold numbers
# "- [The Title](…), **Owner**, …", "- [The Title](…) **Owner**, You" or "- `ICML 2024` [The Title](…)" over the
# names: a box's paper as a bullet.
_LINKED_TITLE_BULLET = re.compile(
    r"^[-*+][ \t]+(?:`[^`\n]+`[ \t]*)?(?:\*\*)?\[[^\]\n]+\]\([^)\s]*\)\**"
    r"(?:,[ \t]|[ \t]*\\*[ \t]*$|[ \t]+(?=(?:\*\*)?[^\W\d_][^,\n]{0,40},))"
)
_BRACKETS = re.compile(r"^(?:[-*+][ \t]+)?\\?\[(.*)\\?\]$")  # "[TMLR 2026]", a tag in brackets, its words
LINK_FIRST = re.compile(r"^(?:\*\*)?\[[^\[\]\n]+\]\(")  # a line that opens with a link, "[Title]("
_CLOSES_LINK = re.compile(r"[^\[]*\]\(")
_LEADING_IMAGES = re.compile(rf"^(?:\s*!\[{_LABEL}\]{_target('lead')}\s*)*")
_VENUE_SPAN = re.compile(
    r"<span\b[^<>]*\bclass\s*=\s*[\"'][^\"'<>]*venue[^\"'<>]*[\"'][^<>]*>(?P<venue>(?:(?!<span\b).)*?)</span>",
    re.I | re.S,
)
# A tag opening a bullet, before its title's link: '- 🔥 <span class="conference-tag">NeurIPS 2025</span> [Title](…)'
# (its line or the next opens with the link; other spans may stand between, "(Oral)" in red).
# Or before the title itself, after the venue's rank: '- <span class="badge"><i class="fas fa-book"></i> IJCV</span>
# (<span class="ccf-a">CCF-A</span>). The Title.<br>'.
_LEADING_TAG_SPAN = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+][ \t]+)?(?:[^\w\s<\[]{1,4}[ \t]*)?)<span\b[^<>]*\bclass\s*=\s*[\"']"
    r"(?:[^\"'<>]*[\s_-])?(?:tag|badge)[\"'][^<>]*>(?:[ \t]*<i\b[^<>]*>[ \t]*</i>)?(?P<venue>[^<>\n]{1,60})</span>"
    r"(?=(?:[ \t]*<span\b[^<>]*>[^<>\n]*</span>)*[ \t]*(?:\n[ \t]*)?\[|[ \t]*\(<span\b|[ \t]*[.:][ \t]+\w)",
    re.I | re.M,
)
# A chip styled in place opening a bullet, notes beside it, then a title in italics: '- <span style="background-color:
# #1E40AF; …">Pattern Recognition</span><span style="color:red">（中科院1区）</span> *The Title*, names': one tag.
_CHIP_SPAN = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+][ \t]+)?)(?P<chip><span\b[^<>]*\bstyle\s*=\s*[\"'][^\"'<>]*background[^<>]*>[^<\n]{2,100}"
    r"</span>(?:[ \t]*<span\b[^<>]*>[^<\n]{0,60}</span>)*)[ \t]*(?=[*_][^*_\s])",
    re.I | re.M,
)
CITATIONS_SPAN = re.compile(r"""<span\b[^<>]*\bclass\s*=\s*["']show_paper_citations["'][^<>]*>""", re.I)
_EQUAL_MARKS = "*#∗"  # "∗" (U+2217), as a reference pasted from a PDF marks co-first authors
_CORRESPONDING_MARKS = "✉†"
# What a page says its marks mean ("* indicates corresponding author; † equal contribution"), where it says so.
_MARK_MEANINGS: ContextVar[dict[str, str]] = ContextVar("mark_meanings")
_MARK_LEGEND = re.compile(
    r"(?<!\w)(?<!\w\*)(?P<mark>[*#†‡✉])\ufe0f?(?:\s*\))?\s*"
    r"(?:[:：=]|indicates?|denotes?|means?|represents?|stands for|表示|为|是)\s*"
    r"(?:the\s+|an?\s+)?(?:(?P<corresponding>corresponding|通讯|通信)|(?P<equal>equal|co-?first|共同一作|共一|同等贡献))"
    # or the meaning first: "Corresponding Authors *, Equal Contribution #"
    r"|(?<!\w)(?:(?P<corresponding_first>corresponding|通讯|通信)|(?P<equal_first>equal|co-?first|共同一作|共一|同等贡献))"
    r"[\w -]{0,25}?[:：=]?\s*(?P<mark_after>[*#†‡✉])\ufe0f?(?=\s*(?:[,;，；.)）|]|$))",
    re.IGNORECASE | re.MULTILINE,
)


def _legend_text(text: str) -> str:
    """``text`` as its legend reads: marks as the characters shown ("$^\\dagger$" is †), no tags, no escapes."""
    text = _TEX_MARK.sub(lambda mark: _TEX_MARKS[mark["mark"].lstrip("\\")], unescape_html(text))
    return _MARKDOWN_ESCAPE.sub(r"\1", _HTML_TAG.sub(" ", text))


def mark_meanings(page: str) -> dict[str, str]:
    """The marks a page's own legend explains: "equal" or "corresponding" for each."""
    return _meanings(_legend_text(page))


def _meanings(plain: str) -> dict[str, str]:
    meanings: dict[str, str] = {}
    for match in _MARK_LEGEND.finditer(plain):
        corresponding = match["corresponding"] or match["corresponding_first"]
        meanings.setdefault(match["mark"] or match["mark_after"], "corresponding" if corresponding else "equal")
    return meanings


_LEGEND_FILLER = re.compile(
    r"\b(?:notes?|authors?|contributions?|contributors?|indicates?|denotes?|means?|represents?|the|an?|and|"
    r"co-?first|equal|equally|corresponding|通讯作者|通讯|通信作者|共同一作|同等贡献|作者|注)\b|[^\w]|_",
    re.IGNORECASE,
)


# The marks the homepage shows after names (templates/components/author_list.html).
_SHOWN_MARKS = {("*", "equal"), ("✉", "corresponding")}


def legend_unlike_the_homepage(text: str) -> bool:
    """Whether ``text`` only explains the marks after authors' names, and other marks than the homepage shows
    ("(*: corresponding, †: equal contribution)"): the homepage's own legend under the papers replaces it."""
    plain = _legend_text(text)
    if not _MARK_LEGEND.search(plain) or len(_LEGEND_FILLER.sub(" ", _MARK_LEGEND.sub(" ", plain)).split()) > 1:
        return False
    return not set(_meanings(plain).items()) <= _SHOWN_MARKS


@contextmanager
def marks_meaning(meanings: dict[str, str]) -> Iterator[None]:
    """Authors' marks read as the page explains them while parsing it."""
    token = _MARK_MEANINGS.set(meanings)
    try:
        yield
    finally:
        _MARK_MEANINGS.reset(token)


_NEW_ARXIV_ID = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}$")
# "**Title:** The Title": a paper written as labelled fields.
TITLE_LABEL = re.compile(r"^(?:\*\*|__)?title\s*[:：]\s*(?:\*\*|__)?\s*", re.I)
# A picture in a title's text, an icon before it: Markdown's or HTML's.
_TITLE_ICON = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)\s*|<img\b[^<>]*>\s*", re.I)
_QUOTE_MARKER = re.compile(r"^(?:>[ \t]?)+")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d|[A-Za-z]{2})")  # not "e2023JD039573", an article number
# "'25", "ICLR25", "ICLR 25", but not the "33" of "33rd".
_TWO_DIGIT_YEAR = re.compile(r"(?:(?<=['’])|(?<=[A-Za-z\s]))(\d{2})(?!\w)")
_HF_PREFIXES = {"datasets": "hf_dataset", "spaces": "hf_space", "collections": "hf_collection"}
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
# A line of a few emphasised words and nothing else ("**Journal Article**") or a number ("[S.1]"), and a line
# that is one link.
_KICKER = re.compile(r"^(?:(?P<mark>\*{1,2}|_{1,2})[^*_\[\],\n]{1,40}(?P=mark)|\\?\[[^\[\]\s]{1,12}\\?\])$")
_TITLE_LINK = re.compile(r"^(?:\*\*)?\[(?P<label>[^\[\]\n]+)\]\([^()\s]*\)(?:\*\*)?$")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")
# Spaces written by reference (``&nbsp;``, ``&ensp;``, ``&emsp;`` between a page's parts): spaces.
_SPACE_REFERENCE = re.compile(
    r"&(?:nbsp|ensp|emsp|emsp13|emsp14|thinsp|numsp|puncsp|#160|#xa0|#819[2-9]|#x200[0-9a]);", re.I
)
_BADGE_DIV = re.compile(r"""<div\b[^<>]*\bclass\s*=\s*["'](?:[^"'<>]*\s)?(?:[\w-]+-)?badge[\s"']""", re.I)
_VIDEO = re.compile(r"<video\b", re.I)
# A box without a figure may set its badge first in its text column: ``<div class="badge">ICML 2025</div>``.
_LEADING_BADGE = re.compile(
    r"""\A\s*<div\s+class\s*=\s*["']badge["']\s*>(?P<label>[^<>]*)</div\s*>[ \t]*(?:\n|\Z)""", re.I
)
# "In Proceedings of …" names a full venue, however short.
_PROCEEDINGS = re.compile(r"^(?:in\s+(?:the\s+)?)?proc(?:eedings|\.)\s", re.I)
# Where a venue written on a line with links ends: at the first link, bracket or separator.
_VENUE_END = re.compile(r"\\?\[|\||!\[")
# Words of a venue's name: a line with them is a venue, not a description.
_VENUE_WORDS = re.compile(
    r"\b(?:proceedings|conference|journal|transactions|symposium|workshop|meeting|preprint|arxiv|accepted|"
    r"submitted|under review|in press|letters|magazine|annals|bulletin|published (?:in|by))\b",
    re.I,
)
_SHORT_VENUE_MAX = 40
_LEADING_TAG = re.compile(r"^\\?\[(?P<tag>[^\[\]\n]{1,20})\\?\](?!\()[ \t]+")  # "[CCF-A] " opening a line
LEADING_CODE = re.compile(r"^(?P<ticks>`{1,3})(?P<venue>[^`\[\]]{1,40})(?P=ticks)\s*(?=\S)")
# What a link beside a paper is ("[PDF]", "Code"), not a title.
_HTML_TAG = re.compile(r"<[^<>]*>")
# A reference written as a bibliography writes it: "Wang X, **Li Y**. Title. Venue, 2023." (a surname and
# initials without full stops, as medicine writes names) or "Ada Lovelace, Charles Babbage, and Mary
# Somerville. Title. Venue." (names of two to four capitalised words); the list ends at the first full stop.
_REFERENCE_AUTHOR = re.compile(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,2} [A-Z]{1,3}")
_HEADING_MARK = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+")
_TITLE_VENUE = re.compile(r"\s\((?P<venue>[^()]{2,60})\)$")
# A mark set in TeX after a name: "Zeming Wei${}^\dagger$", "$^*$".
_INLINE_MATH_MARK = re.compile(r"\$[^$\n]{0,20}\$")
# A mark set as HTML after a name: "Hao Wang<sup>&dagger;</sup>", "Qingxiang Liu<sup>\\* &dagger;</sup>".
_MARK_TAG = re.compile(r"<sup>[^<>\n]{0,20}</sup>", re.I)
_TEX_MARK = re.compile(r"\$\s*(?:\{\s*\})?\^\s*\{?\s*(?P<mark>\\dagger|\\ast|\\star|\*)\s*\}?\s*\$")
_TEX_MARKS = {"dagger": "†", "ast": "*", "star": "*", "*": "*"}
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?|[A-Z](?:\.[A-Z]){1,2}\.?")  # "W.Y. Xu", initials run together too
_DOTTED_INITIALS = re.compile(r"[A-Z](?:\.[A-Z]){0,2}")  # "J" of "J. Smith", "W.Y" of "W.Y. Xu"
# A year tag before the reference ("*2023* Qin C, …"): the venue's year says it again.
_LEADING_YEAR = re.compile(r"^(?:\*{1,2}|_{1,2}|\[)?(?:19|20)\d{2}(?:\*{1,2}|_{1,2}|\])?:?\s+")
_REFERENCE_MARKS = re.compile(
    rf"\*\*|__|\\?[*#†✉]|\s*\((?:co-first|equal contribution|corresponding)[^()]*\)|\s*\((?:{_ROLE_NOTE.pattern})\)",
    re.I,
)
# After a title, where the paper is, in brackets: "(Human Factors, under review)", "(CSCW 2026)".
WHERE_NOTE = re.compile(
    r"^[\s.,]*[(（](?=[^()（）]*(?:(?<!\d)(?:19|20)\d{2}(?!\d)|review|submitted|preparation|progress|accepted))"
    r"(?P<where>[^()（）\n]{2,80})[)）]",
    re.I,
)
# Where the title of such a reference ends: a full stop, question or exclamation mark before a space.
_SENTENCE_END = re.compile(r"(?<=[^\s.])[.?!](?=\s|$)")


@dataclass
class _PaperLines:
    """The page lines a paper's parts were read from, for the warnings about them."""

    title: int
    venue_short: int = 0
    venue: int = 0
    badge: int = 0


@dataclass
class _Line:
    """One non-empty line of a paper: its text (stripped), page line, Markdown as written."""

    text: str
    number: int
    markdown: str
    after_blank: bool


# Python's html.parser rescans the rest of the text from every "<" that never closes ("<a " or
# "<!--" repeated takes minutes). Such a "<" is text, and is given to the parser as "&lt;"; a
# comment that never closes hides the rest of the page in a browser, and goes.
_STRAY_LESS_THAN = re.compile(r"<!--.*?(?:-->|\Z)|<(?![a-zA-Z/!?][^<>]*>)", re.S)


def _without_stray_less_than(match: re.Match[str]) -> str:
    text = match.group()
    if text == "<":
        return "&lt;"
    return text if text.endswith("-->") else ""


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(_STRAY_LESS_THAN.sub(_without_stray_less_than, html), "html.parser")


def parse_paper_box(html: Src, published: bool, group: str, report: Report) -> ParsedPaper:
    """A ``<div class='paper-box'>``: image column (HTML) plus text column (Markdown)."""
    soup = _soup(html.text)
    image_column = soup.find(class_=IMAGE_COLUMNS)
    badge = _corner_label(soup, html)
    image = image_column.find("img") if image_column else None
    citations = soup.find(class_="show_paper_citations")

    paper, lines = paper_from_markdown(_paper_box_markdown(html, report), report)
    paper.bibtex_label = bibtex_button(html.text)
    paper.badge_text = badge.get_text(" ", strip=True) if badge else ""
    badge_tag = _BADGE_DIV.search(html.text)
    lines.badge = html.line(badge_tag.start() if badge_tag else 0)
    paper.image = image.get("src", "") if image else ""
    paper.image_alt = image.get("alt", "") if image else ""
    if not paper.image and image_column and image_column.find("video"):
        video = _VIDEO.search(html.text)
        report.warn(
            f'Paper "{excerpt(paper.title, 60)}": its figure is a video, which is not imported; '
            "give the paper a teaser image by hand",
            html.line(video.start() if video else 0),
        )
    paper.scholar_id = citations.get("data", "") if citations else ""
    paper.published, paper.group = published, group
    paper.date = paper_date(paper, lines, report)
    return paper


def _corner_class(name: str | None) -> bool:
    """A class of the corner label pages name their own way in the figure's column ("paper-badge")."""
    return bool(name) and name.endswith("-badge")


def _corner_label(box: BeautifulSoup, html: Src) -> Tag | None:
    """The box's ``badge``: in its image column, set beside it, or first in a text column with no figure beside
    it (not a badge amid the text)."""
    image_column = box.find(class_=IMAGE_COLUMNS)
    if image_column and (badge := image_column.find(class_="badge") or image_column.find(class_=_corner_class)):
        return badge
    text_column = box.find(class_="paper-box-text")
    # By identity: Tag's == compares whole subtrees, which recursed past Python's limit on nested divs.
    inside = {id(tag) for tag in text_column.find_all(class_="badge")} if text_column else set()
    beside = next((tag for tag in box.find_all(class_="badge") if id(tag) not in inside), None)
    if beside or image_column or text_column is None:
        return beside
    text = _div_inner(html, PAPER_BOX_TEXT_OPEN)
    return text_column.find(class_="badge") if text and _LEADING_BADGE.match(text.text) else None


def _text_column(html: Src) -> Src:
    """The text column as written, less a badge set first in it (the box's corner label: ``_corner_label``)."""
    text = _div_inner(html, PAPER_BOX_TEXT_OPEN)
    if text is None:
        return _without_div(_div_inner(html, PAPER_BOX_OPEN) or html[len(html.text) :], PAPER_BOX_IMAGE_OPEN)
    if not PAPER_BOX_IMAGE_OPEN.search(html.text) and (badge := _LEADING_BADGE.match(text.text)):
        return text[badge.end() :]
    return text


def paper_box_parts(html: Src) -> ParsedBox:
    """A paper box that is not read as a paper (a project, a demo) as what it shows: its figure, its corner
    label and its text column as written."""
    box = _soup(html.text)
    image_column = box.find(class_=IMAGE_COLUMNS)
    badge = _corner_label(box, html)
    image = image_column.find("img") if image_column else None
    text = _text_column(html)
    return ParsedBox(
        image=str(image.get("src", "")).strip().replace(" ", "%20") if image else "",
        image_alt=" ".join(str(image.get("alt", "")).split()) if image else "",
        label=badge.get_text(" ", strip=True) if badge else "",
        text=text.text.strip(),
    )


def paper_box_as_text(html: Src) -> str:
    """A paper box outside the publications, amid other text, as the free text it shows, in its order: the
    figure, the corner label in bold, then the text column as written."""
    box = paper_box_parts(html)
    parts = [
        f"![{box.image_alt}]({box.image})" if box.image else "",
        f"**{box.label}**" if box.label else "",
        box.text,
    ]
    return "\n\n".join(part for part in parts if part)


def _paper_box_markdown(html: Src, report: Report) -> Src:
    """The Markdown of the text column, with its inline HTML flattened."""
    text = _text_column(html)
    for comment in COMMENT.finditer(text.text):
        report.drop(f"Comment inside a paper box: {excerpt(comment.group())}", text.line(comment.start()))
    return flatten_html(text.sub(COMMENT, ""))


_SCRIPT_BUTTON = re.compile(r"<(?P<tag>span|button)\b[^<>]*\son[a-z]+\s*=[^<>]*>[^<>]{0,40}</(?P=tag)\s*>", re.I)
_WRAPPED_SPAN = re.compile(r"<span\b[^<>]*>[^<]*</span>", re.I)
_ADJACENT_SPANS = re.compile(r"</span>(?=<span\b[^<>]*\bclass\s*=)", re.I)  # a chip of a class of its own next
_HTML_HEADING = re.compile(r"<h(?P<level>[1-6])\b[^<>]*>[^<]*(?:<(?!/?h[1-6]\b)[^<]*)*</h(?P=level)\s*>", re.I)


def flatten_html(text: Src) -> Src:
    """Inline HTML as the Markdown it stands for: links, images, line breaks; other tags go.

    A ``<span class="pub-venue">`` becomes a bracketed venue, as AcadHomepage writes venues. A heading the source
    wraps ("<h3> P1: Mastering Physics Olympiads with" over "Reinforcement Learning</h3>") is one line, as a browser
    shows it.
    """
    text = text.sub(_HTML_HEADING, lambda m: " ".join(m.group().split()))
    # A tag chip whose style the source wrote over lines ('<span style="⏎ color: white;⏎">⏎MLLM⏎</span>') is one
    # word beside the title, as a browser shows it, not a line of its own before the names.
    text = text.sub(_WRAPPED_SPAN, lambda m: " ".join(m.group().split()))
    text = text.sub(_HTML_BREAK, "\n")
    text = text.sub(_SCRIPT_BUTTON, "")  # '<span onclick="showAlert(…)">[Bib]</span>': nothing without its script
    text = text.sub(_ADJACENT_SPANS, "</span> ")  # tags set side by side as chips: "AI", "LLM", not "AILLM"
    text = text.sub(_AUTHORS_BLOCK, lambda m: _STYLED_NAME.sub(r"**\g<name>**", m.group()))
    text = text.sub(_HTML_BOLD, _bold)
    text = text.sub(_VENUE_SPAN, lambda m: f"[{' '.join(m['venue'].split())}]")
    text = text.sub(_LEADING_TAG_SPAN, lambda m: f"{m['lead']}[{' '.join(m['venue'].split())}]")
    text = text.sub(_CHIP_SPAN, lambda m: f"{m['lead']}[{' '.join(_HTML_TAG.sub('', m['chip']).split())}] ")
    text = text.sub(_HTML_IMAGE, _markdown_image)
    text = text.sub(_HTML_LINK, _markdown_link)
    text = text.sub(_HTML_LIST_ITEM, "\n- ")  # a box's highlights in <ul><li>: bullets, as Markdown writes them
    return text.sub(HTML_TAG, "").sub(_SPACE_REFERENCE, " ")


def _markdown_link(match: re.Match[str]) -> str:
    url, inner = match.group(1).strip(), match.group(2).strip()
    opening = match.group()[: match.group().index(">") + 1]
    if url == "#" or url.lower().startswith("javascript:"):  # leads nowhere without the old page's scripts
        # "[Bib]" that copied an entry goes; the words of a link that only stays put (a name) stay
        return "" if _SCRIPT_HANDLER.search(_STAYS_PUT.sub("", opening)) else inner
    if not HTML_TAG.sub("", inner).strip():  # an icon alone: <a href…><i class="fab fa-github"></i></a>
        inner = _icon_link_name(opening, inner, url)
    return f"[{inner}]({url})"


_SCRIPT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
# A button that copied or showed the paper's BibTeX by a script of the old page: '<a href="#" onclick="return
# copyBib(…)">[Bib]</a>', '<span onclick="showAlert(…)">[BibTeX]</span>'.
_BIBTEX_BUTTON = re.compile(
    r"<(?P<tag>a|span|button)\b[^<>]*\son[a-z]+\s*=[^<>]*>[ \t]*\[?[ \t]*(?P<label>bib(?:tex)?)[ \t]*\]?[ \t]*"
    r"</(?P=tag)\s*>",
    re.I,
)


def bibtex_button(html: str) -> str:
    """The words of a BibTeX button of the old page's scripts in ``html`` ("Bib"), "" when it has none: the new site
    gives each paper a link to its entry instead."""
    match = _BIBTEX_BUTTON.search(html)
    return match["label"] if match else ""


_STAYS_PUT = re.compile(
    r"""\sonclick\s*=\s*(?P<q>["'])\s*(?:(?:event|e)\.preventDefault\(\)|return\s+false)\s*;?\s*(?P=q)""", re.I
)


# What an icon stands for, by a word of its classes (Font Awesome's "fa-github", Academicons' "ai-arxiv").
_ICON_NAMES = (
    ("github", "GitHub"), ("gitlab", "GitLab"), ("arxiv", "arXiv"), ("pdf", "PDF"), ("youtube", "Video"),
    ("video", "Video"), ("database", "Dataset"), ("slides", "Slides"), ("presentation", "Slides"),
)  # fmt: skip
_HOST_NAMES = {
    "github.com": "GitHub", "gitlab.com": "GitLab", "arxiv.org": "arXiv", "huggingface.co": "Hugging Face",
    "youtube.com": "Video", "youtu.be": "Video", "bilibili.com": "Video",
}  # fmt: skip


def _icon_link_name(opening: str, inner: str, url: str) -> str:
    """A name for a link that shows only an icon: the icon's, else the link's title, else its site's; "" when
    none says (the link is then one of its own kind)."""
    classes = " ".join(re.findall(r"""\bclass\s*=\s*["']([^"']*)["']""", inner, re.I)).lower()
    if name := next((name for word, name in _ICON_NAMES if word in classes), ""):
        return name
    if title := html_attribute(opening, "title") or html_attribute(opening, "aria-label"):
        return title
    host = (urlparse(url).hostname or "").removeprefix("www.")
    return _HOST_NAMES.get(host, "")


def _bold(match: re.Match[str]) -> str:
    inner = match["text"] if match["text"] is not None else match["owner"]
    return f"**{inner.strip()}**" if inner.strip() and "*" not in inner else inner


def _markdown_image(match: re.Match[str]) -> str:
    """``<img src=… alt=…>`` as ``![alt](src)``, so HTML badges are read like Markdown ones."""
    src = html_attribute(match.group(), "src").replace(" ", "%20")
    return f"![{html_attribute(match.group(), 'alt')}]({src})" if src else ""


def html_attribute(tag: str, name: str) -> str:
    found = re.search(rf"""\b{name}\s*=\s*["']([^"']*)["']""", tag, re.I)
    return found.group(1).strip() if found else ""


def _div_inner(html: Src, opening: re.Pattern[str]) -> Src | None:
    """Inner HTML of the first div whose opening tag matches, or None."""
    start = opening.search(html.text)
    if not start:
        return None
    end = balanced_div_end(html.text, start.start())
    closing = html.text.rfind("</article" if start.group()[1:8].lower() == "article" else "</div", start.start(), end)
    closing = closing if closing >= start.end() else -1
    return html[start.end() : closing if closing >= 0 else end]


def _without_div(html: Src, opening: re.Pattern[str]) -> Src:
    """``html`` minus the first div whose opening tag matches (a box without a text column)."""
    start = opening.search(html.text)
    if not start:
        return html
    return html[: start.start()] + html[balanced_div_end(html.text, start.start()) :]


def _reference_bullet_alone(lines: list[_Line]) -> bool:
    """Whether a box's text is one bullet (links aside) that opens with the paper's authors, as a reference does."""
    first, rest = lines[0], lines[1:]
    return (
        _DESCRIPTION.match(first.text) is not None
        and all(is_link_line(line.text) for line in rest)
        and reference_authors(_DESCRIPTION.sub("", first.text, 1)) is not None
    )


def paper_from_markdown(markdown: Src, report: Report) -> tuple[ParsedPaper, _PaperLines]:
    """A paper written in Markdown, in a paper box or as a bullet, and where its parts are.

    A title (a link, or an emphasized title when it has no link), maybe a
    venue, an author line (on the title line, as bullets have it, or the next
    line), then lines of links and badges; bullets under it, and paragraphs of
    plain text after the authors, describe it.
    """
    lines = all_lines = _paper_lines(markdown)
    if lines and (_LINKED_TITLE_BULLET.match(lines[0].text) or _reference_bullet_alone(lines)):
        # A box whose text is one bullet, "- [Title](…), **Owner**, …" or "- **Me**, A B and C D. [Title](…).
        # *Venue*, 2026.": that bullet is the paper, not about it.
        first = lines[0]
        lines = all_lines = [
            replace(first, text=_DESCRIPTION.sub("", first.text, 1), markdown=_DESCRIPTION.sub("", first.markdown, 1)),
            *lines[1:],
        ]
    # Bullets describe the paper; a bullet's wrapped lines go with it.
    # (Numbered lines after the first too: "1. We design a sampling method." under the names.)
    start = next(
        (i for i, line in enumerate(lines) if _DESCRIPTION.match(line.text) or i and _NUMBERED.match(line.text)),
        len(lines),
    )
    # (An empty bullet describes nothing.)
    description = [line for line in lines[start:] if not is_link_line(line.text) and line.text not in ("-", "*", "+")]
    lines = lines[:start] + [line for line in lines[start:] if is_link_line(line.text)]
    if not lines:
        number = description[0].number if description else markdown.first_line()
        # Only bullets: the first is the title; the others stay under it as written (a title holds 255
        # characters, and a box's whole text cut to that lost the rest).
        first = description[:1]
        report.warn(f'Paper without a title, kept its first bullet as title: "{excerpt(markdown.text)}"', number)
        paper = ParsedPaper(title=_clean_title(" ".join(_DESCRIPTION.sub("", line.text, 1) for line in first)))
        paper.description = _description_markdown(all_lines, description[1:])
        report.papers.append((paper, number))
        return paper, _PaperLines(title=number)

    if len(lines) > 1 and _is_badge_line(lines[0].text) and not is_link_line(lines[1].text):
        # A line of badge images over the title ("![](…/badge/ICCV-2025-…)", then "**The Title**"): they go
        # with the title line, after it, as a venue tag or badges beside the title.
        badges, title = lines[0], lines[1]
        joined = replace(title, text=f"{title.text} {badges.text}", markdown=f"{title.markdown} {badges.markdown}")
        lines = [joined, *lines[2:]]
    kicker = ""
    if (
        len(lines) > 2
        and _KICKER.match(lines[0].text)
        and _is_title_link(lines[1].text)
        and any(is_author_line(line.text) for line in lines[2:])
    ):
        # "**Journal Article**" over "[The Title](…)" and the authors: a kind of paper set above its title,
        # shown as it was written (under the paper), not taken for the title.
        kicker, lines = lines[0].markdown.strip(), lines[1:]
    if len(lines) > 3 and _card_note_under_tag(lines[0].text, lines[1].text) and _is_title_link(lines[2].text):
        # A card's tag and the note beside it, each on a line of its own over the title ("[ICLR 2026]" and "Poster"
        # from '<span class="venue-badge">…</span> <span class="paper-note">…</span>'): one tag, "ICLR 2026 Poster"
        first, second = lines[0], lines[1]
        tag = f"{first.text.strip()[1:-1].strip()} {second.text.strip()}"
        lines = [replace(first, text=tag, markdown=tag), *lines[2:]]
    if venue_above := venue_tag_over_title([line.text for line in lines]):
        lines = [replace(lines[1], text=lines[1].text.rstrip(" ,")), *lines[2:]]  # "The Title," its comma a separator
    elif tag_over_paper_line([line.text for line in lines]):
        # "[ACL 2025]" over "[The Title](), Ada Lovelace, …": the tag goes before the title, as on one line
        first, second = lines[0], lines[1]
        joined = f"{first.text} {second.text}"
        lines = [replace(first, text=joined, markdown=f"{first.markdown} {second.markdown.strip()}"), *lines[2:]]
    if len(lines) > 1 and _reference_wraps(lines[0], lines[1]):
        first, second = lines[0], lines[1]
        joined = replace(
            first, text=f"{first.text} {second.text}", markdown=f"{first.markdown} {second.markdown.strip()}"
        )
        lines = [joined, *lines[2:]]
    where = _PaperLines(title=lines[0].number)
    # "## The Title (ICML 2024)": a title set as a heading in the box.
    paper, rest = _title_of(_HEADING_MARK.sub("", lines[0].text), len(lines) == 1, report, where.title)
    report.papers.append((paper, where.title))
    venue_badge, rest = _take_venue_badge(rest)
    venue, rest, bold = _take_venue(rest)
    if not venue and not venue_badge and (tail := _TITLE_VENUE.search(paper.title)) and _is_venue_tag(tail["venue"]):
        # "The Title (SETTA 2024)": the venue in brackets after the title, as a tag is shown.
        paper.title, venue = paper.title[: tail.start()].rstrip(), tail["venue"].strip()
    if venue_above and not venue:
        venue = venue_above
    if venue:
        _set_venue(paper, where, venue, where.title)
        if bold:
            report.warn(f'Paper "{excerpt(paper.title, 60)}": took the bold "{venue}" as its venue', where.title)
    elif venue_badge:
        _set_venue(paper, where, venue_badge, where.title)
        report.warn(
            f'Paper "{excerpt(paper.title, 60)}": took the venue "{venue_badge}" from the text of a badge image',
            where.title,
        )

    following = [line.text for line in lines[1:]]
    author_line = None
    about = ""  # "[The Title](…) Proposes an algorithm that …": a sentence about the paper beside its title
    beside = _SEPARATORS.sub(" ", _MARKDOWN_LINKS.sub(" ", rest)).strip(" ,")
    if paper.authors:  # read with the title ("Wang X, Li Y. Title. Venue.")
        pass
    elif _is_sentence(beside):
        # Its links and badges first ("\\| [![](…/stars/…)](…)") are the paper's; the sentence, with any link in
        # it, is kept as written.
        end = _link_row_end(rest)
        about, rest = rest[end:].strip(), rest[:end]
    elif (stop := _FULL_STOP_FIRST.match(rest)) and not is_author_line(
        _ITALIC_AFTER_NAMES.split(_first_sentence(rest[stop.end() :]), maxsplit=1)[0]
    ):
        # "[The Title](…). Journal of Robots, 2021, 3(1): 1-9": the title's sentence has ended, where it appeared
        # follows (no names on that line)
        rest = rest[stop.end() :]
    elif ("," in beside and not _VENUE_WORDS.search(_HTML_TAG.sub("", beside.split(",", 1)[0]))) or (
        " and " in beside and is_author_line(beside)  # "Charles Babbage and **Ada Lovelace**"
    ):
        # Names beside the title, after its full stop too ("[The Title](…). Ada Lovelace, Bo Li. ICML 2024."); not a
        # venue ("**ACM SIGKDD Conference on …**, Halifax, Canada"), after which the names are on the next line
        names = _FULL_STOP_FIRST.sub("", rest, count=1)
        paper.authors, paper.more_authors, rest, paper.and_before_last = _authors_and_rest(names)
    else:
        index = _author_line(following)
        if index is not None:
            paper.authors, paper.more_authors, tail, paper.and_before_last = _authors_and_rest(following[index])
            following[index] = tail
            author_line = index + 1
    texts = [rest, *following]
    numbers = [line.number for line in lines]
    _take_venue_line(paper, where, texts, numbers, report)
    for index in range(1, len(texts)):
        if index != author_line and _is_paragraph(texts[index]):
            description.append(lines[index])
            texts[index] = ""

    leftover = []
    for text, number in _collect_links(paper, list(zip(texts, numbers, strict=True)), report):
        venue = _clean_title(_HTML_TAG.sub("", text)).strip(" |,;")
        if (
            not paper.venue
            # after a tag ("[SIGCOMM (CCF-A)]"), a short line with its year is the full venue ("ACM SIGCOMM 2026"), as
            # is one naming a venue with its year ("*ACM SIGKDD Conference on … Mining* (**CCF A**), 2026")
            and (
                not paper.venue_short
                or (
                    bool(_FOUR_DIGIT_YEAR.search(venue))
                    and (len(venue.split()) <= 8 or (len(venue.split()) <= 20 and bool(_VENUE_WORDS.search(venue))))
                )
                # or one saying where it was given, in full: "In The Fourteenth International Conference on …"
                or _in_venue(venue)
            )
            and venue
            and len(venue) <= 300
            and not _MARKDOWN_LINKS.search(text)
            and not _ROLE_NOTE.fullmatch(venue.strip("()（） "))
            # a venue's name, year or a few words ("Under review"), not a sentence ("The model can be tried")
            and (len(venue.split()) <= 4 or bool(_FOUR_DIGIT_YEAR.search(venue) or _VENUE_WORDS.search(venue)))
        ):
            # "**NeurIPS 2024** | [Paper](…) | [Code](…)": the text beside the links is where the paper appeared.
            _set_venue(paper, where, venue, number, own_line=True)
            report.warn(f'Paper "{excerpt(paper.title, 60)}": took "{excerpt(venue, 60)}" as its venue', number)
        else:  # kept under the paper, as the page showed it
            leftover.append(text)
    paper.description = "\n\n".join(
        filter(None, [kicker, about, *leftover, _description_markdown(all_lines, description)])
    )
    if paper.reference_kind:  # "[J]. Plant Methods, 2021": the kind of work is shown where it was written
        paper.venue = f"{paper.reference_kind}{paper.venue}".strip()
    paper.arxiv_id, paper.doi = _paper_identifiers(paper)
    return paper, where


_IN_VENUE = re.compile(r"^In[ \t:]+(?:the[ \t]+)?[A-Z0-9]", re.I)


def _in_venue(text: str) -> bool:
    """A venue's name after "In", one phrase: "In Proceedings of …", "In The 39th Annual Conference on …"."""
    return (
        _IN_VENUE.match(text) is not None
        and len(text.split()) <= 20
        and _VENUE_WORDS.search(text) is not None
        and re.search(r"[.!?][ \t]+[A-Z]", text) is None
    )


def _first_sentence(text: str) -> str:
    """``text`` up to its first full stop that ends a sentence, not an initial ("P. Zhang, Ke Lin, et al. Venue")."""
    end = _author_list_end(text)
    return text[:end] if end >= 0 else text


_TRAILING_BOLD = re.compile(r"(?<=[^\s,*])[ \t]+\*\*(?P<venue>[^*\n]+)\*\*[ \t]*$")
_FULL_STOP_FIRST = re.compile(r"^[ \t]*[.．—–][ \t]+(?=\S)")  # or a dash: "**The Title** — Names, et al."
# Where the names end and the venue in italics begins: "…, Xingyi Zhang, *in the Proceedings of …* (**CCF A**), 2026."
_ITALIC_AFTER_NAMES = re.compile(r",[ \t]*(?=\*(?!\*)[^*\s])")


def _reference_wraps(first: _Line, second: _Line) -> bool:
    """Whether a reference's title runs on from ``first`` into ``second``, as the source wrapped it ("… (2019). A
    Method of" over "Plant Root Image Restoration Based on GAN. IFAC-PapersOnLine, 52(30)."): one paragraph to
    Markdown, where the title ends at its full stop."""
    if second.after_blank or first.markdown.endswith("\\") or _DESCRIPTION.match(second.text):
        return False
    if is_link_line(second.text) or _is_badge_line(second.text):
        return False
    if first.text.count("“") > first.text.count("”") and second.text.count("”") > second.text.count("“"):
        return True  # '… Xu. “Bridging Modalities: A Survey of Cross-Moda' over 'l Retrieval.” Journal (2024).'
    joined = f"{first.text} {second.text}"
    if gbt_reference(first.text) is None and gbt_reference(joined) is not None:
        return True
    reference = _apa_reference(first.text) or names_year_reference(first.text)
    after = reference[-1] if reference else ""
    return bool(after.strip()) and not _SENTENCE_END.search(after) and not first_link(after)


def _is_title_link(line: str) -> bool:
    """A line that is one link whose words read as a title ("[The Title of It](…)", not "[Paper](…)")."""
    link = _TITLE_LINK.match(line)
    return link is not None and len(link["label"].split()) >= 3


_LONE_TAG = re.compile(r"^\[[^\[\]\n]{1,40}\]$")


def _card_note_under_tag(tag: str, note: str) -> bool:
    """A bracketed tag alone on its line over a short note ("Best Student Paper Award"): no link, no list."""
    note = note.strip()
    return bool(_LONE_TAG.match(tag.strip())) and 0 < len(note.split()) <= 6 and not re.search(r"[\[\](),;]", note)


def venue_tag_over_title(lines: list[str]) -> str:
    """The venue of a paper written as a tag over its title: '<span class="journal-badge">TMLR 2026</span>' over
    "[The Title](…)," (or a title without a link yet, ending with a comma) over the authors; "" otherwise."""
    if len(lines) < 3 or is_link_line(lines[0]):
        return ""
    tag = _BRACKETS.sub(r"\1", " ".join(_HTML_TAG.sub(" ", lines[0]).split()))
    title = lines[1].strip()
    linked = _is_title_link(title.rstrip(" ,."))
    unlinked = title.endswith(",") and len(title.split()) >= 3 and not _MARKDOWN_LINKS.search(title)
    # Under a linked title, names as a reader takes them ("…, **Me**, Josef, Kittler."); under one without, a list
    # of names and nothing else.
    names = _looks_like_authors(lines[2]) if linked else unlinked and is_author_line(lines[2])
    if _is_venue_tag(tag) and names:
        return tag
    # "Transportmetrica A: Transport Science" over "🔥`New！`[The Title](…)" over the names: the journal's name on a
    # line of its own above the title, which a flourish (an emoji, a `New!` in code) may open
    marked = _is_title_link(_TITLE_FLOURISH.sub("", title).rstrip(" ,."))
    journal = (
        not _MARKDOWN_LINKS.search(lines[0])
        and len(tag.split()) <= 12
        and tag[:1].isupper()
        and not tag.endswith(".")
        and not is_author_line(tag)
    )
    return tag if marked and journal and is_author_line(lines[2]) else ""


def tag_over_paper_line(lines: list[str]) -> bool:
    """A venue tag alone on the first line ("[ACL 2025]", from '<span class="conference-tag">ACL 2025</span>')
    over a line that opens with the title's link and goes on with the names."""
    if len(lines) < 2:
        return False
    tag = " ".join(_HTML_TAG.sub(" ", lines[0]).split())
    return (
        _is_venue_tag(tag)
        and not _MARKDOWN_LINKS.search(tag)
        and LINK_FIRST.match(lines[1].strip()) is not None
        and len(re.findall(r",\s", lines[1])) >= 2
    )


def _author_line(following: list[str]) -> int | None:
    """Which of the lines after the title lists the authors: the first that is not links, or the one after it
    when that first is a short venue line ("CVPR 2026 Highlight", "TPAMI Under Review", as tags above the names)
    or a line in italics ("*Decision Support Systems*", the journal above the names, with commas or not, when the
    names under it bold the owner's)."""
    candidates = [index for index, line in enumerate(following) if not is_link_line(line)][:2]
    if (
        len(candidates) == 2
        and _WHOLE_ITALIC.match(following[candidates[0]].strip().rstrip("."))
        and _looks_like_authors(following[candidates[1]])
        and _MARKDOWN_EMPHASIS.search(following[candidates[1]])
    ):
        # "*Submitted to Nature Machine Intelligence, IF=23.9, (Under review, 2026)*" over the names, the owner's
        # in bold: the line in italics names the venue, though it has commas.
        return candidates[1]
    for position, index in enumerate(candidates):
        if _looks_like_authors(following[index]):
            return index
        if position == 0 and not (
            _is_venue_tag(following[index]) or _WHOLE_ITALIC.match(following[index].strip().rstrip("."))
        ):
            return None
    return None


def _is_venue_tag(line: str) -> bool:
    """A few words naming where or how a paper appeared, with a year or a venue's word, and no list of names."""
    text = _HTML_TAG.sub(" ", line)
    return (
        "," not in text and len(text.split()) <= 6 and bool(_FOUR_DIGIT_YEAR.search(text) or _VENUE_WORDS.search(text))
    )


def is_author_line(line: str) -> bool:
    """A line that is a list of names and nothing else ("**Ada Lovelace**\\*, Charles Babbage${}^\\dagger$, et al."):
    two names at least, or one in bold, or one before "et al." ("Haoyu Li (1st author), et al.")."""
    line = _CHARACTER_REFERENCE.sub(lambda ref: unescape_html(ref.group()), _MARK_TAG.sub("", line))  # "&dagger;"
    text, others = _ET_AL.subn("", line.strip().rstrip("."))
    text = _FIRST_AUTHOR_NOTE.sub("", _INLINE_MATH_MARK.sub("", text))
    names = [
        _MARKDOWN_ESCAPE.sub(r"\1", _REFERENCE_MARKS.sub("", name)).strip(" *_") for name in _AUTHOR_SPLIT.split(text)
    ]
    names = [name for name in names if name]
    return _are_names(names * 2 if others and len(names) == 1 else names, line)


def _looks_like_authors(line: str) -> bool:
    """An author line lists names (commas, "and"), bolds the owner's or names a group ("MiniMax Team"); one that
    opens with words in italics ("*AAAI 2027 (under review)*, first author, 2026.06") or in bold italics and a full
    stop ("***mBio***. 2024: e02773-24.") names a venue."""
    if (lead := _ITALIC_LEAD.match(line.strip())) and (
        lead["venue3"]
        or _FOUR_DIGIT_YEAR.search(venue := lead["venue"] or lead["venue2"])
        or _VENUE_WORDS.search(venue)
    ):
        return False
    if is_collective_name(line):
        return True
    return "," in line or " and " in line or bool(_MARKDOWN_EMPHASIS.search(line))


def _paper_lines(markdown: Src) -> list[_Line]:
    """The paper's non-empty lines, without the marks of a quote ("> S. Che, **Z. Guo**": the names set off as a
    quote); a link whose text wraps onto the next line makes one line."""
    lines: list[_Line] = []
    blank = False
    for line in _join_wrapped_links(markdown.splitlines()):
        text = _QUOTE_MARKER.sub("", line.text.strip().rstrip("\\").strip())
        if text:
            lines.append(_Line(text=text, number=line.first_line(), markdown=line.text.rstrip(), after_blank=blank))
        blank = not text
    return lines


def _join_wrapped_links(lines: list[Src]) -> list[Src]:
    """Lines joined where a link's text wraps onto the next line, as Markdown reads them."""
    joined: list[Src] = []
    for line in lines:
        if joined and _open_brackets(joined[-1].text) > 0 and _CLOSES_LINK.match(line.text):
            previous = joined[-1]
            space = Src.literal(" ", line.first_line())
            joined[-1] = previous[: len(previous.text.rstrip())] + space + line.strip()
        else:
            joined.append(line)
    return joined


def _open_brackets(line: str) -> int:
    unescaped = _MARKDOWN_ESCAPE.sub("", line)
    return unescaped.count("[") - unescaped.count("]")


def _is_sentence(text: str) -> bool:
    """Prose rather than names ("Proposes the X algorithm to achieve Y, enabling Z"): a paragraph whose first
    part (up to a comma or "and") is longer than a name, or, with no one in bold, whose other parts start as no
    name does ("which uses …", "enabling …"; not "van der Berg", "et al.")."""
    if not _is_paragraph(text):
        return False
    parts = [part.split() for part in _AUTHOR_SPLIT.split(_REFERENCE_MARKS.sub("", text))]
    return len(parts[0]) > 6 or (
        not _MARKDOWN_EMPHASIS.search(text)
        and any(part and part[0][0].islower() and not _NAME_PARTICLE.fullmatch(part[0]) for part in parts[1:])
    )


def _link_row_end(text: str) -> int:
    """Where the links, badges and separators opening ``text`` end."""
    position = 0
    while True:
        start = position + len(text[position:]) - len(text[position:].lstrip())
        separator = _LINK_SEPARATOR.match(text, start)
        link = _MARKDOWN_LINKS.match(text, start)
        if not (separator or link):
            return start
        position = (separator or link).end()


# A lower-case word that opens a part of a list of names: "van der Berg", "et al.", "and others".
_NAME_PARTICLE = re.compile(
    r"(?:van|von|de|der|den|da|di|du|la|le|del|ter|ten|dos|das|bin|al|el|et|others|etc)\.?", re.I
)


# A line that ends with its year, as where a paper appeared does: "Medical Image Computing and … (**MICCAI**), 2025."
_YEAR_AT_END = re.compile(r"[,(][ \t]*(?:19|20)\d{2}\)?[ \t]*\.?[ \t]*$")


def _is_paragraph(text: str) -> bool:
    """A line of plain prose (no links, no venue's words, not ending with a year), long enough to describe a
    paper."""
    return (
        bool(text)
        and not _MARKDOWN_LINKS.search(text)
        and not _VENUE_WORDS.search(text)
        and not _YEAR_AT_END.search(text)
        and (len(text.split()) >= 8 or len(text) >= 80)
    )


def _description_markdown(lines: list[_Line], description: list[_Line]) -> str:
    """The description's lines as Markdown, in page order; lines apart in the page stay apart."""
    position = {id(line): index for index, line in enumerate(lines)}
    ordered = sorted(description, key=lambda line: position[id(line)])
    if not ordered:
        return ""
    indent = min(len(line.markdown) - len(line.markdown.lstrip()) for line in ordered)
    parts = [ordered[0].markdown[indent:]]
    for previous, line in itertools.pairwise(ordered):
        together = position[id(line)] == position[id(previous)] + 1 and not line.after_blank
        parts += ["\n" if together else "\n\n", line.markdown[indent:]]
    return "".join(parts)


# A patent's number: Chinese ("ZL202410000000.1", "CN113386124B") or American ("US 11,234,567 B2").
_PATENT_NUMBER = (
    r"(?:ZL|CN)[ \t]?\d{6,13}(?:\.[\dXx])?(?:[A-C]\d?)?"
    r"|US[ \t]?(?:\d{4}/\d{7}|\d{1,2},?\d{3},?\d{3})(?:[ \t]?[AB]\d)?"
)
# A line opening with a patent's number, perhaps after its date ("_2025.02_, ZL…, **The Title**, …").
_PATENT_FIRST = re.compile(
    rf"^(?:(?P<open>\*\*|__|\*|_)?(?P<date>\d{{4}}(?:[./-]\d{{1,2}}){{0,2}})(?P=open)?[ \t]*[,:，：][ \t]*)?"
    rf"(?P<number>{_PATENT_NUMBER})[ \t]*[,，;；][ \t]*(?=\S)"
)


# IEEE's reference: names, then the title in double quotes with its comma inside them, then where it appeared.
_IEEE_REFERENCE = re.compile(
    r'^(?P<names>[^"“”\[\]]{2,600}?)(?:[,.][ \t]*|[ \t]+)["“](?P<title>[^"“”\n]{8,400}?)[,.]?["”][,.]?(?P<rest>.*)$',
    re.S,
)


def _title_of(line: str, only_line: bool, report: Report, number: int) -> tuple[ParsedPaper, str]:
    """The paper's title (and its link) from its first line, and the rest of that line."""
    images = _LEADING_IMAGES.match(line)
    lead, body = line[: images.end()], line[images.end() :]
    if tag := LEADING_CODE.match(body):
        # "`TIFS'24` **The Title**.": a venue tag set in code, read as the bracketed one ("[TIFS'24]") is; tags side
        # by side ("``2025`` ``Neural Networks`` *The Title*. Names.") are one, in their order.
        tags, body = [tag["venue"].strip()], body[tag.end() :]
        while tag := LEADING_CODE.match(body):
            tags.append(tag["venue"].strip())
            body = body[tag.end() :]
        paper, rest = _title_of(lead + body, only_line, report, number)
        return paper, f"[{' · '.join(tags)}] {rest}"
    if tag := _TAG_BEFORE_BOLD_TITLE.match(body):
        # '<span class="pub-venue">IEEE T-ITS · under review</span> **The Title**': a tag with no year (which
        # would tell it from a title) before the title in bold; it goes after it, as the venue's tag
        paper, rest = _title_of(lead + body[tag.end() :], only_line, report, number)
        return paper, f"[{tag['venue']}] {rest}"
    if patent := _PATENT_FIRST.match(body):
        # "_2025.02_, ZL202410000000.1, **The Title**, names": a patent's date and number before its title and
        # inventors, kept after them as where it appeared, as "**The Title**, names, ZL…, 2025.02" is read
        paper, rest = _title_of(lead + body[patent.end() :], only_line, report, number)
        where = ", ".join(filter(None, [patent["number"], patent["date"]]))
        return paper, f"{rest.rstrip(' ,.;')}, {where}"
    if apa := _apa_reference(body):
        authors, year, after = apa
        paper, rest = _title_after_reference_authors(after, only_line, report, number)
        paper.authors, paper.more_authors = authors, False
        return paper, f"{lead}{rest.rstrip()} ({year})"
    if named := names_year_reference(body):
        # "Yang X, Sun J, Luo S (2024) The Title. Journal 41:915-936. https://doi.org/…", names not in APA's form
        names, year, after = named
        paper, rest = _title_after_reference_authors(after, only_line, report, number)
        paper.authors, paper.more_authors = _parse_authors(names)
        paper.and_before_last = _joined_with_and(names)
        return paper, f"{lead}{rest.rstrip()} ({year})"
    if gbt := gbt_reference(body):
        # "杨斯, 高万林, 米家奇. 题目[J]. 农业机械学报, 2019, 50(S1): 128-135.": as Chinese journals print references
        names, title, kind, rest = gbt
        paper = ParsedPaper(title=_clean_title(title), reference_kind=kind)
        paper.authors, paper.more_authors = _parse_authors(names)
        paper.and_before_last = _joined_with_and(names)
        return paper, lead + rest
    if ieee := _IEEE_REFERENCE.match(body):
        names = ieee["names"].strip().rstrip(",").strip()
        if is_author_line(names):
            # 'A. Lovelace, **B. Li** and C. Babbage, "The Title," in Venue, vol. 3, pp. 1-9, 2023.': IEEE's style
            paper = ParsedPaper(title=_clean_title(ieee["title"]))
            paper.authors, paper.more_authors = _parse_authors(names)
            paper.and_before_last = _joined_with_and(names)
            return paper, lead + ieee["rest"].strip().lstrip(",").strip()
    reference = reference_authors(body)
    if reference:
        authors, after = reference
        while stray := _NAME_BEFORE_EMPHASISED_TITLE.match(after):
            # "…, Meina Song. ***Yifan Zhu***, ***The Title***.": a full stop inside the page's own list of names;
            # the name after it, and a comma, then the title in emphasis, goes on with the names
            following = _LEADING_EMPHASIS.match(after[stray.end() :])
            if len(stray["name"].split()) > 4 or not is_author_line(stray["name"]):
                break
            if following is None or _looks_like_venue(following["text"]):  # "***Title***, *NeurIPS 2024*."
                break
            authors, after = f"{authors}, {stray['name']}", after[stray.end() :]
        paper, rest = _title_after_reference_authors(after, only_line, report, number)
        paper.authors, paper.more_authors = _parse_authors(authors)
        paper.and_before_last = _joined_with_and(authors)
        return paper, lead + rest
    if strong := _names_then_strong_title(body):
        # "Ping Zong, Zhonghong Ou, Member, IEEE, …, ***Me***. ***The Title***. IEEE TITS, 2026.": a list the
        # names' checks refuse (a one-word name, "Member, IEEE"), then the title in bold
        names, title, rest = strong
        paper = ParsedPaper(title=_clean_title(title))
        paper.authors, paper.more_authors = _parse_authors(names)
        paper.and_before_last = _joined_with_and(names)
        return paper, lead + rest
    rank = _LEADING_TAG.match(body)  # "[CCF-A] **Me**, You, The Title, …": a tag before the reference
    if comma_reference := _comma_reference(body[rank.end() :] if rank else body):
        authors, title, rest = comma_reference
        paper = ParsedPaper(title=_clean_title(title))
        paper.authors, paper.more_authors = _parse_authors(authors)
        paper.and_before_last = _joined_with_and(authors)
        # What follows the title is where it appeared, as written: "*IEEE Transactions on X*, **SCI Q1**, 2026."
        paper.venue = _clean_title(rest).strip(" ,;")
        return paper, lead + (rank.group().strip() if rank else "")
    if rank and reference_authors(body[rank.end() :]):
        # "[ICLR 2025] Names, ***Me***. ***The Title***. In …": a venue's tag before a reference, read as the tag
        # set in code is
        paper, rest = _title_of(lead + body[rank.end() :], only_line, report, number)
        return paper, f"[{rank['tag']}] {rest}"
    emphasis = _LEADING_EMPHASIS.match(body)
    # "**Me**, You. [The Title](…)": a bold name starting the author list, not a title; "**The Title**, Bo Li,
    # **Me**. [[PDF]](…)": a title, the first link naming none.
    owner_first = (
        emphasis
        and body[emphasis.end() :].lstrip().startswith(",")
        and (link := first_link(body))
        and _clean_label(link["label"] or "").strip("[]() ").lower() not in LINK_LABELS
    )
    if emphasis and not owner_first and _bold_title(emphasis):
        paper, after = _emphasised_title(emphasis, body)
        return paper, lead + after
    if tagged := _venue_then_italic_title(body):
        # "<span>CVPR</span><span>（CCF-A）</span> *The Title*, Qiang Hu, **Me**&#42;. [**Code**](…)"
        venue, title, rest = tagged
        paper = ParsedPaper(title=_clean_title(title))
        return paper, f"{lead}[{venue}] {rest}"
    if tagged := tag_then_title(body):
        # "[SIGCOMM](…) (CCF-A). The Title. <br> names": a venue's badge (linking to the paper, or not), its rank,
        # then the title; the names follow
        venue, url, title, rest = tagged
        return ParsedPaper(title=_clean_title(title), url=url), f"{lead}[{venue}] {rest}"
    bracketed = _BRACKETED_TITLE.match(body)
    if bracketed and len(bracketed["title"].split()) >= 3 and not _looks_like_venue(bracketed["title"]):
        # "[Few-Shot Head Swapping in the Wild], CVPR2022 (Oral), names": a title in brackets that link nowhere
        # (kramdown shows them, as it does a link whose address was never written)
        return ParsedPaper(title=_clean_title(bracketed["title"])), lead + body[bracketed.end() :]
    link = next((m for m in _MARKDOWN_LINKS.finditer(body) if m["label"] is not None), None)
    before = _clean_title(_HTML_TAG.sub(" ", body[: link.start()])) if link else ""
    if link and _clean_label(link["label"]).strip("[]() ").lower() in LINK_LABELS and len(before.split()) >= 3:
        # "A Title[[PDF]](…) [[Code]](…)": the text is the title, the links are its links.
        return ParsedPaper(title=before), lead + body[link.start() :]
    if link:
        paper = ParsedPaper(title=_clean_title(link["label"]), url=_real_url(link["url"]))
        names = body[: link.start()].strip().rstrip(",").strip()
        if names and is_author_line(names):
            # "**Me**, A B, C D, et al., [The Title](…), IEEE Transactions on X, doi: …": the names come first
            paper.authors, paper.more_authors = _parse_authors(names)
            paper.and_before_last = _joined_with_and(names)
            return paper, lead + body[link.end() :].strip().lstrip(",").strip()
        return paper, lead + body[: link.start()] + " " + body[link.end() :]
    # "**[ICDE 2025]** **Me**, You. *The Title*.": after the authors (a name, not a title, before
    # the first comma), the italic words are the title.
    head = body.split(", ", 1)[0]
    italic = next((m for m in _SINGLE_EMPHASIS.finditer(body) if len(m.group(1).split()) >= 3), None)
    if italic and italic.start() > len(head) and len(_clean_label(_take_venue(head)[1]).split()) <= 3:
        paper = ParsedPaper(title=_clean_title(italic.group(1)))
        report.warn(
            f'Paper without a title link: took "{excerpt(paper.title, 60)}", the italic words after the authors, '
            "as its title",
            number,
        )
        return paper, lead + body[: italic.start()] + body[italic.end() :]
    if only_line and ", " in body:
        title, rest = body.split(", ", 1)
        report.warn(
            f'Paper without a title link: took "{excerpt(title, 60)}", the text before the first comma, as its title',
            number,
        )
        return ParsedPaper(title=_clean_title(title)), lead + ", " + rest
    report.warn(f'Paper without a title link, kept its first line as title: "{excerpt(line)}"', number)
    return ParsedPaper(title=_clean_title(body)), lead


# A short tag, a title in italics, the authors after a comma: "CVPR（CCF-A） *The Title*, Ada Lovelace, …".
_ITALIC_TITLE = r"(?P<mark>[*_])(?![*_\s])(?P<title>[^*_\n]{10,400}?)(?<=\S)(?P=mark)(?![*_])[ \t]*,[ \t]*(?P<rest>.+)$"
_ITALIC_AFTER_TAG = re.compile(rf"^(?P<venue>[^*_,\n]{{2,40}}?)[ \t]+{_ITALIC_TITLE}", re.S)
_ITALIC_TITLE_FIRST = re.compile(rf"^{_ITALIC_TITLE}", re.S)
# Or a tag in brackets, of any length ("[Pattern Recognition（中科院1区）] *The Title*, …", from a chip: _CHIP_SPAN).
_BRACKET_FIRST = re.compile(r"^\\?\[(?P<venue>[^\[\]\n]{2,100})\\?\](?!\()[ \t]*")


def _venue_then_italic_title(body: str) -> tuple[str, str, str] | None:
    """The venue tag, the italic title and what follows, when ``body`` starts so and names authors after it."""
    body = body.strip()
    if (tag := _BRACKET_FIRST.match(body)) and len(tag["venue"].split()) <= 12:
        venue = " ".join(tag["venue"].split())
        match = _ITALIC_TITLE_FIRST.match(_HTML_TAG.sub("", body[tag.end() :]))
    else:
        match = _ITALIC_AFTER_TAG.match(_HTML_TAG.sub("", body))
        venue = " ".join(match["venue"].split()) if match else ""
        if len(venue.split()) > 4 or not (_is_venue_tag(venue) or re.match(r"[A-Z]{2,}", venue)):
            return None
    if not match or len(match["title"].split()) < 3:
        return None
    names = re.split(r"\.(?:\s|$)|\s\[", match["rest"], maxsplit=1)[0]
    return (venue, match["title"], match["rest"]) if is_author_line(unescape_html(names)) else None


# An APA reference: "Surname, A. B., Other, C., & Last, D. (2023). Title. *Journal*, 16(1), 1-9."
_APA_YEAR = re.compile(r"\s\((?P<year>(?:19|20)\d{2}[a-z]?(?:,\s[^()]{1,20})?|in press|n\.\s?d\.)\)\.\s", re.I)
_APA_SPLIT = re.compile(r"(?<=\.)(?:\*\*|__)?,\s*(?:&\s*)?|\s+&\s+")
_APA_NAME = re.compile(r"[^\W\d_][\w'’ -]*,\s(?:[A-Z][a-z]?\.(?:\s|-)?)+")


def _apa_reference(body: str) -> tuple[list[ParsedAuthor], str, str] | None:
    """The authors (as written, "Surname, A. B."), the year and what follows, when ``body`` starts as an APA
    reference does; else None."""
    year = _APA_YEAR.search(body)
    if not year:
        return None
    tokens = [token.strip() for token in _APA_SPLIT.split(body[: year.start()].strip().rstrip(","))]
    plain = [_MARKDOWN_ESCAPE.sub(r"\1", token.replace("**", "").replace("__", "")).strip() for token in tokens]
    if not all(_APA_NAME.fullmatch(name) or name in ("...", "…") for name in plain):
        return None
    balanced = [token + "**" * (token.count("**") % 2) for token in tokens]
    authors = [author for author in map(_parse_author, balanced) if author]
    return authors, year["year"], body[year.end() :].lstrip()


_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")  # a name in Chinese script, "孙建华"
_NAMES_YEAR = re.compile(r"\s?\((?P<year>(?:19|20)\d{2}[a-z]?)\)\.?\s+(?=\S)")


def names_year_reference(body: str) -> tuple[str, str, str] | None:
    """(names, year, what follows) when ``body`` starts as "Yang X, Sun J (2024) The Title.", "**Jianhua Sun\\***,
    Shenming Fu. (2022). The Title." or "杨雯婷, 孙建华 (2024) 题目." does: a list of names (or one, "Zhang T"), the
    year in brackets; else None."""
    year = _NAMES_YEAR.search(body)
    if not year or first_link(body[: year.start()]):
        return None
    names = body[: year.start()].strip().rstrip(".").strip()
    plain = _REFERENCE_MARKS.sub("", names).strip()
    han = [name.strip() for name in re.split(r"[,，、]\s*", plain)]
    if not names or not (
        _REFERENCE_AUTHOR.fullmatch(plain) or is_author_line(names) or all(map(_HAN_NAME.fullmatch, han))
    ):
        return None
    return names, year["year"], body[year.end() :]


# GB/T 7714, the references of Chinese journals: "Names. Title[J]. Journal, 2021, 17(1): 1-17.", the names
# separated by commas (full-width ones too), "et al." or "等" after the last; the title ends with the kind of
# work in brackets ([J] a journal, [C] proceedings, [D] a thesis, [P] a patent, [EB/OL] a web page …).
_GBT_NAMES = re.compile(
    r"^(?P<names>[^.．\[\]()\n]{2,400}?)(?P<more>[,，]?\s*(?:et\.?\s*al|等))?[.．][,，]?[ \t]*(?=\S)", re.I
)
_GBT_KIND = re.compile(r"\[(?:J|C|D|M|P|R|N|S|Z|A|G|EB|DB|CP)(?:/OL)?\](?://|[.．])?[ \t]*")
_GBT_TITLE_END = re.compile(r"(?<=[^\s.])[.．。](?=\s|[\u4e00-\u9fff]|$)")


def gbt_reference(body: str) -> tuple[str, str, str, str] | None:
    """(names, title, the kind of work as written, what follows) when ``body`` is a reference as GB/T 7714
    writes one: people's names, then the title and the kind of work in brackets ("[J]. "); in Chinese script,
    the bracket may be missing (a patent: "郑立华, 杨斯等. 题目. 北京: ZL2019…") and the title ends at its full
    stop. Else None."""
    found = _GBT_NAMES.match(body)
    if not found:
        return None
    names = [
        _REFERENCE_MARKS.sub("", name).replace("`", "").strip(" *") for name in re.split(r"[,，、]", found["names"])
    ]
    han = all(map(_HAN_NAME.fullmatch, names))
    marked = bool(_MARKDOWN_EMPHASIS.search(found["names"]) or _CODE_NAME.search(found["names"]))
    if not (han or all(_REFERENCE_AUTHOR.fullmatch(name) or _is_full_name(name) for name in names)):
        return None
    if len(names) < 2 and not marked:
        return None
    after = body[found.end() :]
    kind = _GBT_KIND.search(after)
    if kind and not first_link(after[: kind.start()]):
        title, written_kind, rest = after[: kind.start()], kind.group().strip(), after[kind.end() :]
    elif han and (end := _GBT_TITLE_END.search(after)) and not first_link(after[: end.start()]):
        title, written_kind, rest = after[: end.start()], "", after[end.end() :]
    else:
        return None
    listed = re.sub(r"\s*[,，、]\s*", ", ", found["names"].strip())
    if written_kind and not written_kind.endswith("//"):
        written_kind += " "
    return listed + (", et al." if found["more"] else ""), title.strip(), written_kind, rest.lstrip()


def reference_authors(body: str) -> tuple[str, str] | None:
    """("Wang X, **Li Y**", "Title. Venue, 2023.") when the line starts with such a list of authors, else None.

    One author is enough when the owner's name is in bold ("**Li Y**. Title."); with no bold, two.
    """
    body = body[_LEADING_YEAR.match(body).end() if _LEADING_YEAR.match(body) else 0 :]
    stop = _author_list_end(body)
    if stop < 0:
        return None
    listed = body[:stop]
    # "Li, Tieying, **Lingdu Kong**, … and Jiaxing Xu.": the first name turned round, as MLA writes it
    if (inverted := _INVERTED_FIRST_NAME.match(listed)) and len(_AUTHOR_SPLIT.split(listed)) > 3:
        listed = f"{inverted['given']} {inverted['family']}{listed[inverted.end() :]}"
    names = [_REFERENCE_MARKS.sub("", name).strip() for name in _AUTHOR_SPLIT.split(_ET_AL.sub("", listed))]
    if not _are_names(names, listed):
        return None
    return listed, body[stop + 2 :].lstrip()


def _comma_reference(body: str) -> tuple[str, str, str] | None:
    """(authors, title, rest) of a reference written with commas only, when ``body`` is one, else None:
    "**Me**, Ann Other, Bo Li, et al., The Title: With a Colon, *IEEE Transactions on X*, **SCI Q1**, 2026."

    The names run to "et al.," or to the first part that is no name; two names at least, and a venue in
    italics after the title (", *IEEE Transactions …*", ", submitted to *…*"), or the line is read otherwise.
    """
    if first_link(body):
        return None
    parts = body.split(", ")
    names, et_al = 0, False
    for part in parts[:-1]:
        plain = _REFERENCE_MARKS.sub("", part).strip()
        et_al = re.fullmatch(r"et\.?\s*al\.?", plain, re.I) is not None
        if et_al or not (_is_full_name(plain) or _REFERENCE_AUTHOR.fullmatch(plain)):
            break
        names += 1
    count = names + et_al  # "et al." goes with the names
    if names < 2 or not (rest := ", ".join(parts[count:])):
        return None
    venue = _SINGLE_EMPHASIS.search(rest)
    end = rest.rfind(", ", 0, venue.start()) if venue else -1
    if venue is None or end <= 0:
        return _with_named_venue(", ".join(parts[:count]), parts[count:])
    return ", ".join(parts[:count]), rest[:end], rest[end + 2 :]


# The year closing a reference, and a note after it: "2026.", "2022. (Best Paper Award)".
_CLOSING_YEAR = re.compile(r"^\(?(?:19|20)\d{2}[a-z]?\)?\.?(?:[ \t]+\([^()]{1,40}\)\.?)?$")
_VENUE_ACRONYM = re.compile(r"\((?=[^()]*[A-Z]{2})[A-Za-z&/-]{2,20}\)$")  # "… Machine Learning (ICML)"


def _with_named_venue(authors: str, parts: list[str]) -> tuple[str, str, str] | None:
    """(authors, title, rest) of "Names, The Title, Conference on Machine Learning (ICML), 2026." (no italics):
    the part before the year is the venue when it names one (its acronym in brackets, or "Conference",
    "Transactions", …), everything between the names and it the title."""
    end = len(parts) - 1 if parts and _CLOSING_YEAR.match(parts[-1].strip()) else len(parts)
    if end == 1 and (stop := parts[0].find(". ")) > 0:
        # "Names, The Title. World Wide Web Journal (WWWJ), 2025.": the title ends at its full stop
        title, venue = parts[0][:stop].strip(), parts[0][stop + 2 :].strip()
        if (_VENUE_ACRONYM.search(venue) or _VENUE_WORDS.search(venue)) and len(title.split()) >= 2:
            return authors, title, ", ".join([venue, *parts[1:]])
    if end < 2:
        return None
    venue, title = parts[end - 1].strip(), ", ".join(parts[: end - 1]).strip()
    if not (_VENUE_ACRONYM.search(venue) or _VENUE_WORDS.search(venue)) or len(title.split()) < 2:
        return None
    return authors, title, ", ".join(parts[end - 1 :])


def _are_names(names: list[str], written: str) -> bool:
    """Whether ``names`` (marks taken off) are all people's names: two at least, or one ``written`` in bold."""
    return (
        bool(names)
        and all(_REFERENCE_AUTHOR.fullmatch(name) or _is_full_name(name) for name in names)
        and (len(names) >= 2 or bool(_MARKDOWN_EMPHASIS.search(written)))
    )


def _author_list_end(body: str) -> int:
    """Where a reference's author list ends: the first full stop before a space that does not follow an
    initial starting a name ("J. Smith" goes on); -1 when there is none."""
    for match in re.finditer(r"\. ", body):
        # (the last name before it, looked for in the 80 characters before: a name is shorter, and the whole line
        # before each full stop would make a line of thousands of initials quadratic)
        name = _AUTHOR_SPLIT.split(body[max(0, match.start() - 80) : match.start()])[-1].split()
        initial_first = len(name) == 1 and _DOTTED_INITIALS.fullmatch(name[0].lstrip("*_")) is not None
        if not initial_first:  # "Wang X. Title" ends the list; "…, J. Smith" does not
            return match.start()
    return -1


def _is_full_name(name: str) -> bool:
    """Two to four capitalised words ("Chengxuan Qin", "J. Smith", "Mary-Jane O'Neil")."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(word[0].isupper() and _NAME_WORD.fullmatch(word) for word in words)


# A title in quotation marks, its full stop or comma inside them: '“The Title.” ', '"The Title," '.
_QUOTED_TITLE = re.compile(r"^[“\"](?P<title>[^”\"\n]{3,}?)[.,]?[”\"][.,]?[ \t]*")
# A first author's name turned round before other names written whole: "Li, Tieying, Lingdu Kong, …".
_INVERTED_FIRST_NAME = re.compile(
    r"^(?P<family>[A-Z][\w'-]+), (?P<given>[A-Z][\w'-]+)(?=, (?:\*\*|__)?[A-Z][\w'-]+ [A-Z])"
)
# A name set in emphasis, then a comma, then more emphasis: "***Yifan Zhu***, ***The Title***".
_NAME_BEFORE_EMPHASISED_TITLE = re.compile(
    r"(?P<name>(?P<mark>\*{1,3}|_{1,2})[^*_\n,.]+?(?P=mark)[*#†✉]*),[ \t]*(?=[*_])"
)
# A list of three names or more (commas), a full stop, then the title in bold (or bold italics) and its full stop.
_STRONG_TITLE_AFTER_NAMES = re.compile(
    r"^(?P<names>(?:[^,.\[\]()<>\n]+,){2,}[^,.\[\]()<>\n]+)\.[ \t]+"
    r"(?P<mark>\*{2,3})(?P<title>[^*\n]+?)(?P=mark)\.?(?=\s|$)"
)


def _names_then_strong_title(body: str) -> tuple[str, str, str] | None:
    """(names, title, rest) when ``body`` is a list of names, then the title in bold, and the title has words
    enough not to be a name; else None."""
    found = _STRONG_TITLE_AFTER_NAMES.match(body)
    if found is None or len(found["title"].split()) < 3 or is_author_line(found["title"]):
        return None
    return found["names"].strip(), found["title"], body[found.end() :].strip()


def _emphasised_title(emphasis: re.Match[str], body: str) -> tuple[ParsedPaper, str]:
    """The paper titled by the emphasised words opening ``body``, and the rest of it."""
    paper, after = ParsedPaper(title=_clean_title(emphasis["text"])), body[emphasis.end() :]
    if where := WHERE_NOTE.match(after):  # "**The Title.** (CSCW 2026, under review)"
        paper.venue, after = where["where"].strip(), after[where.end() :]
    return paper, after


def _title_after_reference_authors(text: str, only_line: bool, report: Report, number: int) -> tuple[ParsedPaper, str]:
    """The title after a reference's authors: a link, an emphasized title, one in quotation marks, else the
    sentence up to a full stop."""
    if quoted := _QUOTED_TITLE.match(text):  # '“The Title.” Journal of X (2024).', as MLA writes it
        return ParsedPaper(title=_clean_title(quoted["title"])), text[quoted.end() :]
    emphasis = _LEADING_EMPHASIS.match(text)
    if emphasis and not emphasis["text"].lstrip().startswith("[") and not _looks_like_venue(emphasis["text"]):
        # Right after the names, emphasised words are the title, even a short one that reads like a name
        # ("***Another Title Here***").
        return _emphasised_title(emphasis, text)
    if emphasis or (text.startswith("[") and first_link(text)):
        return _title_of(text, only_line, report, number)
    end = _SENTENCE_END.search(text)
    title, rest = (text[: end.start() + (text[end.start()] != ".")], text[end.end() :]) if end else (text, "")
    return ParsedPaper(title=_clean_title(title)), rest


_TAG_THEN_TITLE = re.compile(
    r"^(?:\[(?P<label>[^\[\]\n]{1,25})\]\((?P<url>[^()\s]*)\)|\\?\[(?P<tag>[^\[\]\n]{1,25})\\?\](?!\())"
    r"[ \t]*(?:\((?P<note>[^()\n]{1,40})\))?[ \t]*[.:][ \t]*(?P<title>[^\s.][^\n]*?[^\s.])\.(?=\s|$)"
)


_VENUE_WORD = re.compile(r"\S*\d\S*|\S*[A-Z]\S*[A-Z]\S*|[a-z]+[A-Z]\S*")  # a year, an acronym, "MobiCom", "arXiv"


def tag_then_title(body: str) -> tuple[str, str, str, str] | None:
    """(venue, its link, title, rest) when ``body`` opens with a venue's tag, linked or not, maybe its rank in
    brackets, then the title as a sentence of four words or more: "[SIGCOMM](…) (CCF-A). The Title. …",
    "[IJCV] (CCF-A, JCR Q1). The Title."; else None."""
    found = _TAG_THEN_TITLE.match(body.strip())
    if not found:
        return None
    venue = _clean_label(found["label"] if found["label"] is not None else found["tag"]).strip()
    words = venue.split()
    if not (
        1 <= len(words) <= 3
        and all(_VENUE_WORD.fullmatch(word) for word in words)  # "SIGCOMM", "MobiCom", "arXiv 2024", not "A Title"
        and venue.lower() not in LINK_LABELS
        and len(found["title"].split()) >= 4
        and not is_author_line(found["title"])
    ):
        return None
    venue = f"{venue} ({found['note'].strip()})" if found["note"] else venue
    url = _real_url(found["url"]) if found["url"] is not None else ""
    return venue, url, found["title"], body.strip()[found.end() :]


def _bold_title(emphasis: re.Match[str]) -> bool:
    """Whether the emphasised words opening a line may be its title: not a bracketed tag, a venue with its year
    or, before a comma, a name."""
    text = emphasis["text"]
    return not text.lstrip().startswith("[") and not _looks_like_venue(text) and not is_author_line(text)


def _looks_like_venue(text: str) -> bool:
    """A short tag with a year ("CVPR 2024", "[ICDE'25]") rather than a title."""
    plain = _MARKDOWN_ESCAPE.sub(r"\1", text).strip()
    return bool(re.fullmatch(r"\[[^\]]*\]", plain)) or (len(plain) <= 30 and bool(re.search(r"\d", plain)))


def _clean_title(text: str) -> str:
    """A title without emphasis, escapes, leading emoji or icons (``<img src="longcat.svg"> AMO-Bench``) or a
    closing full stop."""
    text = _CHARACTER_REFERENCE.sub(lambda ref: unescape_html(ref.group()), text)  # "王浩&dagger;等人" as shown
    text = TITLE_LABEL.sub("", _TITLE_ICON.sub("", text))
    title = _clean_label(_SINGLE_EMPHASIS.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", text)))
    while title and unicodedata.category(title[0]) in ("So", "Sk", "Mn", "Cf"):
        title = title[1:].lstrip()
    if quoted := _WRAPPING_QUOTES.match(title):  # '["The Title"](…)', quoted as a reference quotes it
        title = quoted["inner"].strip()
    return title if title.endswith("..") else title.removesuffix(".")


_WRAPPING_QUOTES = re.compile(r'^["“](?P<inner>[^"“”]{3,})["”]$')


def _take_venue_badge(text: str) -> tuple[str, str]:
    """A static shields.io badge used as a venue tag (``![ICML 2024](…/badge/ICML-2024-red)``)."""
    for match in _MARKDOWN_LINKS.finditer(text):
        venue = _shields_static_text(match["image"]) if match["image"] is not None else ""
        if venue:
            return venue, text[: match.start()] + text[match.end() :]
    return "", text


def _shields_static_text(image: str) -> str:
    """What a static shields.io badge reads: ``/badge/ACL-2024-red`` -> "ACL 2024"."""
    parts = _url_path_parts(image, "img.shields.io")
    if len(parts) != 2 or parts[0] != "badge":
        return ""
    fields = [field.replace("\0", "-") for field in parts[1].replace("--", "\0").split("-")]
    words = [field.replace("__", "\0").replace("_", " ").replace("\0", "_").strip() for field in fields[:-1]]
    return " ".join(word for word in words if word)


def _authors_and_rest(text: str) -> tuple[list[ParsedAuthor], bool, str, bool]:
    """The authors a line starts with, whether it says there are more ("et al."), what follows them (a venue,
    links), and whether "and" joins the last of them ("A, B, and C")."""
    # Characters by reference first: "Cheung<sup>&#x2709;</sup>" does not end the names at its ";".
    text = _CHARACTER_REFERENCE.sub(lambda ref: unescape_html(ref.group()), text)
    text = _AUTHORS_LABEL.sub("", text.strip().lstrip(",").strip())
    whole = _WHOLE_ITALIC.match(text)
    inner = whole and (whole["text"] or whole["text2"])
    # The whole list in italics, unless the stars are single names' ("*A. One*, **Me**, *B. Two*").
    if inner and "*" not in _MARKDOWN_EMPHASIS.sub("", inner.replace("\\*", "")):
        text = inner
    text = _MARKS_LEGEND.sub("", text)
    # "(CCF-A) Ada Lovelace, …": a rank noted before the names goes with the venue, after it.
    note = _LEADING_NOTE.match(text)
    text = text[note.end() :] if note else text
    # "CVPR2022 (Oral), Changyong Shu, …" after the title: the venue's tag before the names, likewise.
    tag = _VENUE_TAG_FIRST.match(text)
    if tag and is_author_line(text[tag.end() :]):
        text = text[tag.end() :]
    unlinked = _MARKDOWN_LINKS.sub(lambda m: "x" * len(m.group()), text)
    end = _AUTHORS_END.search(unlinked)
    authors, rest = (text[: end.start()], text[end.end() :]) if end else (text, "")
    # "…, Xingyan Chen, et al., *Transactions on X*, 2025.": the names end at "et al." where the venue follows in
    # italics (names may go on after an "et al." in the middle of the list: "A, et al., **Me**")
    if (et_al := _ET_AL_THEN_ITALIC.search(unlinked[: len(authors)])) is not None:
        authors, rest = text[: et_al.end()].rstrip(" \t,"), f"{text[et_al.end() : len(authors)]} {rest}".strip()
    # "**Owner**, B. Two, **Structural Safety** 111, 102499 (2024)": a name has no number (beyond a one-digit
    # affiliation mark); where one comes, the venue does.
    masked = _NUMBER_FREE.sub(lambda m: " " * len(m.group()), unlinked[: len(authors)])
    if (venue := _NUMBERED_TOKEN.search(masked)) and venue.start() > 0:
        authors, rest = authors[: venue.start()], f"{authors[venue.end() :]} {rest}".strip()
    # "…, Tao Jin, Zhou Zhao **ACL 2023 (Oral)**": the venue in bold right after the last name, with no comma
    bold = _TRAILING_BOLD.search(authors)
    if bold and not authors[: bold.start()].endswith(" and") and _is_venue_tag(bold["venue"]):
        authors, rest = authors[: bold.start()], f"{bold['venue']} {rest}".strip()
    # "…, Badong Chen\*, IEEE Transactions on Image Processing, 2025.": a venue's name with no number after the
    # names is no name (a name's words name no venue)
    cut = len(authors)  # (found from the end without copying what is left: linear in a line of thousands)
    while (last := authors.rfind(", ", 0, cut)) > 0 and _VENUE_WORDS.search(_HTML_TAG.sub("", authors[last + 2 : cut])):
        cut = last
    if cut < len(authors):
        authors, rest = authors[:cut], ", ".join(filter(None, [authors[cut + 2 :].strip(), rest.strip()]))
    images = [match.group() for match in _MARKDOWN_LINKS.finditer(authors) if match["label"] is None]
    authors = _MARKDOWN_LINKS.sub(lambda m: m.group() if m["label"] is not None else " ", authors)
    names, more = _parse_authors(authors)
    rest = " ".join([*images, *([tag["tag"]] if tag else []), rest, *([note["note"]] if note else [])]).strip()
    return names, more, rest, _joined_with_and(authors)


def _joined_with_and(authors: str) -> bool:
    """Whether the last two names of ``authors`` are joined by "and" ("A and B", "A, B, and C")."""
    separators = list(_AUTHOR_SPLIT.finditer(authors.strip().rstrip(".")))
    return bool(separators) and "and" in separators[-1].group()


def _set_venue(paper: ParsedPaper, where: _PaperLines, venue: str, line: int, own_line: bool = False) -> None:
    """A short tag beside the title ("[ICML 2024]") is the short venue, shown beside the title again; a venue's
    full name, or any venue written on a line of its own under the names, is the venue, shown on its line."""
    if not own_line and len(venue) <= _SHORT_VENUE_MAX and not _PROCEEDINGS.match(venue):
        paper.venue_short, where.venue_short = venue, line
    else:
        paper.venue, where.venue = venue, line


def _take_venue_line(
    paper: ParsedPaper, where: _PaperLines, texts: list[str], numbers: list[int], report: Report
) -> None:
    """A venue after the authors, in italics (``*ICML 2024.*``) or as "In Proceedings of …".

    ``texts`` are the rest of the title line and the lines after it; the one
    read as the venue is emptied. An italic line is the venue when the title
    line had none; after a tag, only the name of a full venue is. Either way
    it is a guess, so a warning names it.
    """
    tagged = bool(paper.venue_short or paper.venue)
    for index, line in enumerate(texts):
        whole = _WHOLE_ITALIC.match(line.strip().rstrip("."))
        venue = _clean_label(whole["text"] or whole["text2"]).rstrip(".") if whole else ""
        if not venue or _MARKDOWN_LINKS.search(venue):
            continue
        full = not paper.venue and len(venue) > _SHORT_VENUE_MAX and bool(_VENUE_WORDS.search(venue))
        if (not tagged and len(venue) <= 100) or (full and len(venue) <= 150):
            _set_venue(paper, where, venue, numbers[index], own_line=True)
            texts[index] = ""
            report.warn(
                f'Paper "{excerpt(paper.title, 60)}": took the italic "{excerpt(venue, 60)}" as its venue',
                numbers[index],
            )
            return
    for index, line in enumerate(texts):
        line = line.strip().lstrip(".,;: ")  # the title line's rest: ". In Proceedings of …" after "***Title***"
        if paper.venue or not _PROCEEDINGS.match(_clean_title(line)):
            continue
        end = _VENUE_END.search(line)
        venue = _clean_title(line[: end.start() if end else len(line)]).strip(" .,;\\")
        if venue and len(venue) <= 300:
            _set_venue(paper, where, venue, numbers[index], own_line=True)
            texts[index] = line[end.start() :] if end else ""
            report.warn(
                f'Paper "{excerpt(paper.title, 60)}": took "{excerpt(venue, 60)}" as its full venue',
                numbers[index],
            )
            return


def first_link(text: str) -> re.Match[str] | None:
    """The first plain (non-image, non-badge) Markdown link that leads somewhere."""
    return next((m for m in _MARKDOWN_LINKS.finditer(text) if _real_url(m["url"])), None)


def _real_url(url: str | None) -> str:
    """The URL, or "" for none or a placeholder (``()``, ``(#)``, ``(None)``)."""
    return "" if url is None or _PLACEHOLDER_URL.fullmatch(url) else url


def _clean_label(text: str) -> str:
    """Link text without emphasis markers or backslash escapes."""
    return " ".join(_MARKDOWN_ESCAPE.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", text)).split())


def _take_venue(text: str) -> tuple[str, str, bool]:
    """``[EMNLP'25 Main]`` (or a bold ``**CVPR 2020**``) from the title line, the rest, and whether bold."""
    unlinked = _MARKDOWN_LINKS.sub(lambda m: " " * len(m.group()), text)
    # Not a bracket around links ("[[arXiv](…), [code](…)]"): a row of links, which leaves "[ , ]" here.
    brackets = (
        match
        for match in _VENUE_BRACKET.finditer(unlinked)
        if re.search(r"\w", match["venue"]) and text[match.start() : match.end()] == match.group()
    )
    bracket = next(brackets, None)
    # A bold span with a year in it; not the text between two bold words ("(**NeurIPS**), 2025. (**CCF-A**)").
    # (A year alone in bold, "**2025**" after "**Journal of X**,", is the journal's year, not a venue.)
    match = bracket or next(
        (
            m
            for m in _BOLD_SPAN.finditer(unlinked)
            if re.search(r"\d", m["venue"])
            and not _FOUR_DIGIT_YEAR.fullmatch(_MARKDOWN_EMPHASIS.sub("", m["venue"]).strip())
        ),
        None,
    )
    if not match:
        return "", text, False
    venue = _MARKDOWN_EMPHASIS.sub("", match["venue"]).strip()  # "[**KDD 2025**]": the bold is the bracket's
    return venue, text[: match.start()] + text[match.end() :], bracket is None


def is_link_line(line: str) -> bool:
    return not _SEPARATORS.sub("", _MARKDOWN_LINKS.sub("", line))


def _is_badge_line(line: str) -> bool:
    """A line of images only (badges, linked or not), no link with words."""
    links = list(_MARKDOWN_LINKS.finditer(line))
    return bool(links) and is_link_line(line) and all(link["label"] is None for link in links)


def _parse_authors(line: str) -> tuple[list[ParsedAuthor], bool]:
    """The authors of ``line``, and whether it says they are the first of more ("…, et al.")."""
    tokens = _AUTHOR_SPLIT.split(line.strip().rstrip("."))
    authors, left_out = [], False
    for token in tokens:
        # "A, B, et al., **Me**, C": an "et al." before the last name leaves names out where it stands
        if author := _parse_author(token):
            author.others_before = left_out
            authors.append(author)
        left_out = bool(_MORE_AUTHORS.search(_MARKDOWN_EMPHASIS.sub("", token).strip("*_ ")))
    return authors, left_out


def _parse_author(token: str) -> ParsedAuthor | None:
    """``**Name**`` is the owner; ``*``/``#`` mean equal contribution, ``✉``/``†`` corresponding."""
    text = _TEX_MARK.sub(lambda mark: _TEX_MARKS[mark["mark"].lstrip("\\")], token)
    text, co_first = _CO_FIRST.subn("", unescape_html(text))
    text, corresponding_note = _CORRESPONDING.subn("", text)
    text = _ET_AL.sub("", _FIRST_AUTHOR_NOTE.sub("", text))  # "**Me** (First Author)": the list's order says it
    url = ""
    link = next((m for m in _MARKDOWN_LINKS.finditer(text) if m["label"] is not None), None)
    if link:
        url = _real_url(link["url"])
        text = text[: link.start()] + link["label"] + text[link.end() :]
    # The owner's name in bold, or set apart as code ("`Junhong Chen`", as some pages mark it)
    is_owner = bool(_MARKDOWN_EMPHASIS.search(text) or _CODE_NAME.fullmatch(text.strip()))
    text = _MARKDOWN_ESCAPE.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", text)).strip().replace("`", "")  # **`Name`**: styled
    italic = _ITALIC.match(text)
    text = italic.group(1) if italic else text
    marks = ""
    while text and text[-1] in _EQUAL_MARKS + _CORRESPONDING_MARKS:
        marks, text = marks + text[-1], text[:-1].rstrip()
    name = " ".join(text.split())
    if not name or re.fullmatch(r"et\.?\s*al\.?|\.\.\.|…", name, re.I):
        return None
    meanings = {
        **dict.fromkeys(_EQUAL_MARKS, "equal"),
        **dict.fromkeys(_CORRESPONDING_MARKS, "corresponding"),
        **_MARK_MEANINGS.get({}),
    }
    return ParsedAuthor(
        name=name,
        url=url,
        is_owner=is_owner,
        equal_contribution=bool(co_first) or any(meanings.get(mark) == "equal" for mark in marks),
        corresponding=bool(corresponding_note) or any(meanings.get(mark) == "corresponding" for mark in marks),
    )


def _collect_links(paper: ParsedPaper, lines: list[tuple[str, int]], report: Report) -> list[tuple[str, int]]:
    """Add the links and badges in these (text, page line) lines to the paper; return what was neither. A
    sentence that links words of its own ("Accepted to [IEEE Transactions on …](…).") is kept as written."""
    prose = [(line, number) for line, number in lines if _links_in_a_sentence(line)]
    lines = [(line, number) if (line, number) not in prose else ("", number) for line, number in lines]
    paper.own_urls_in_text = [
        match["url"]
        for line, _ in prose
        for match in _MARKDOWN_LINKS.finditer(line)
        if match["label"] is not None and _link_label(match["label"]).lower() in LINK_LABELS
    ]
    return _harvest_links(paper, lines, report) + [(line.strip(), number) for line, number in prose]


def _links_in_a_sentence(line: str) -> bool:
    """Whether ``line`` writes words around a link that names something ("Accepted to [a journal](…)") or a
    sentence around one, not a row of links ("[PDF](…) | [Code](…)")."""
    # a link to nowhere ("[Paper (To be released)](#)") names nothing the line says
    links = [
        match
        for match in _MARKDOWN_LINKS.finditer(line)
        if match["label"] is not None and not _PLACEHOLDER_URL.fullmatch(match["url"])
    ]
    words = _SEPARATORS.sub(" ", _MARKDOWN_LINKS.sub(" ", _HTML_TAG.sub(" ", line))).strip(" .,;:")
    # "The model can also be accessed [online](…).": words enough for a sentence, none of a venue's
    told = len(words.split()) >= 5 and not (_VENUE_WORDS.search(words) or _FOUR_DIGIT_YEAR.search(words))
    return bool(words) and any(
        (told or len(_link_label(link["label"]).split()) >= 3) and _link_label(link["label"]).lower() not in LINK_LABELS
        for link in links
    )


def _harvest_links(paper: ParsedPaper, lines: list[tuple[str, int]], report: Report) -> list[tuple[str, int]]:
    text = "\n".join(line for line, _ in lines)
    starts = list(itertools.accumulate((len(line) + 1 for line, _ in lines[:-1]), initial=0))

    def line_at(offset: int) -> int:
        return lines[bisect.bisect_right(starts, offset) - 1][1]

    for match in _MARKDOWN_LINKS.finditer(text):
        if match["label"] is not None and _PLACEHOLDER_URL.fullmatch(match["url"]):
            report.drop(
                f'Paper "{excerpt(paper.title, 60)}": link without a URL: {match.group()}', line_at(match.start())
            )
        elif match["url"]:
            # "[Github ![](…/github/stars/…)](url)": the words are the link, the image a badge beside it.
            images = [image for image in _MARKDOWN_LINKS.finditer(match["label"]) if image["image"]]
            label = _link_label(_MARKDOWN_LINKS.sub(" ", match["label"])) if images else _link_label(match["label"])
            if label or not images:
                paper.links.append(ParsedLink(label=label, url=match["url"]))
            for image in images:
                line = line_at(match.start())
                badge = _classify_badge(image["image"], match["url"], paper.title, report, line, image["image_alt"])
                paper.badges.append(badge)
        elif match["badge_url"]:
            line = line_at(match.start())
            badge = _classify_badge(
                match["badge_image"], match["badge_url"], paper.title, report, line, match["badge_alt"]
            )
            paper.badges.append(badge)
        elif _shields_stars_repo(match["image"]):
            # "![Star](…/github/stars/owner/repo.svg?style=social)" beside "[Code](…)" with no link of its own: the
            # repository's stars all the same
            line = line_at(match.start())
            paper.badges.append(_classify_badge(match["image"], "", paper.title, report, line, match["image_alt"]))
        else:
            label = _shields_label(match["image"]) or _link_label(match["image_alt"] or "")
            paper.badges.append(ParsedBadge(kind="custom", image=match["image"], label=label))
    # Blanked out rather than removed, so what is left keeps its offsets; with the brackets and commas that held
    # the links ("[[arXiv](…), [code](…)]").
    remaining = re.sub(
        r"\\?\[[\s,;]*\\?\]|\([\s,;]*\)|(?<![^\s,;])\*\*[\s,;]*\*\*(?![^\s,;])",  # "**[[PDF](…)]**" too
        lambda m: " " * len(m.group()),
        _MARKDOWN_LINKS.sub(lambda m: " " * len(m.group()), text),
    )
    leftover = []
    for start, (_, number) in zip(starts, lines, strict=True):
        segment = remaining[start:].split("\n", 1)[0]
        # (what parted the links, "[Paper](…) / [PDF](…)", goes with them; "IEEE / CVF" in a venue stays)
        pieces = (piece.strip(" \t,;./") for line in segment.splitlines() for piece in _LINK_SEPARATOR.split(line))
        kept = " ".join(" ".join(piece.split()) for piece in pieces if piece)
        if kept:
            leftover.append((kept, number))
    return leftover


def _link_label(label: str) -> str:
    """``**Project**`` -> "Project", ``\\[video\\]`` -> "video", ``News&#127881;`` -> "News🎉": plain text, as the
    page showed it (the templates escape it again)."""
    return _clean_label(unescape_html(label)).strip("[]").strip()


def _classify_badge(image: str, url: str, title: str, report: Report, line: int, alt: str | None = "") -> ParsedBadge:
    """GitHub stars and Hugging Face badges become typed badges; anything else is custom, its label the badge's
    own (``?label=``, a static badge's first word) or, for a badge whose message is no text of its address (a
    count the old badge fetched), the picture's alt text ("![Forks](…)")."""
    label = _shields_label(image)
    stars_repo = _shields_stars_repo(image)
    if stars_repo:
        link_repo = _github_repo(url)
        if link_repo and link_repo.lower() != stars_repo.lower():
            report.warn(
                f'Paper "{excerpt(title, 60)}": the GitHub stars badge counts {stars_repo} '
                f"but links to {link_repo}; kept {link_repo}",
                line,
            )
        return ParsedBadge(kind="github", identifier=link_repo or stars_repo, url=url, label=label, image=image)
    hugging_face = _hugging_face_id(url)
    if hugging_face:
        kind, identifier = hugging_face
        return ParsedBadge(kind=kind, identifier=identifier, url=url, label=label, image=image)
    written_label, message = _shields_static(image)
    label = label or written_label or ("" if message else _link_label(alt or ""))  # a badge of one part: its message
    return ParsedBadge(kind="custom", url=url, label=label, identifier=message, image=image)


def _shields_label(image: str) -> str:
    return parse_qs(urlparse(image).query).get("label", [""])[0]


def _shields_static(image: str) -> tuple[str, str]:
    """The two words of a static shields.io badge, ``/badge/arXiv-Paper-b31b1b.svg`` -> ("arXiv", "Paper")
    (``--`` a dash, ``_`` a space, ``__`` an underscore); ("", "") for any other picture."""
    parts = _url_path_parts(image, "img.shields.io")
    if len(parts) != 2 or parts[0] != "badge":
        return "", ""
    pieces = [
        piece.replace("\0", "-").replace("__", "\1").replace("_", " ").replace("\1", "_").strip()
        for piece in re.sub(r"\.(?:svg|png)$", "", parts[1]).replace("--", "\0").split("-")
    ]
    if len(pieces) >= 3:
        return pieces[0][:50], pieces[1][:200]
    return "", pieces[0][:200] if len(pieces) == 2 else ""


def _url_path_parts(url: str, host: str) -> list[str]:
    """Path segments of ``url`` when it is on ``host`` (or its www.), else []."""
    parsed = urlparse(url)
    if parsed.netloc.lower().removeprefix("www.") != host:
        return []
    return [unquote(part) for part in parsed.path.split("/") if part]


def _shields_stars_repo(image: str) -> str:
    parts = _url_path_parts(image, "img.shields.io")
    if len(parts) >= 4 and parts[:2] == ["github", "stars"]:
        return f"{parts[2]}/{re.sub(r'[.](?:svg|png|json)$', '', parts[3])}"  # ".../stars/owner/repo.svg" too
    return ""


def _github_repo(url: str) -> str:
    parts = _url_path_parts(url, "github.com")
    return f"{parts[0]}/{parts[1].removesuffix('.git')}" if len(parts) >= 2 else ""


def _hugging_face_id(url: str) -> tuple[str, str] | None:
    """(kind, id) for a Hugging Face model, dataset, space or collection URL."""
    parts = _url_path_parts(url, "huggingface.co")
    kind = "hf_model"
    if parts and parts[0] in _HF_PREFIXES:
        kind, parts = _HF_PREFIXES[parts[0]], parts[1:]
    if not parts or parts[0] == "papers":
        return None
    return kind, "/".join(parts[:2])


def _paper_identifiers(paper: ParsedPaper) -> tuple[str, str]:
    """arXiv id and DOI from the title link or any of the paper's links, else from the links to itself
    ("[arXiv](…)", "[PDF](…)") in a sentence kept as written, else from an address written out in the venue
    ("Atmospheric Research. https://doi.org/10.1016/…", as a reference ends)."""
    arxiv_id = doi = ""
    written = markdown_link_urls(paper.venue)
    for url in [paper.url, *(link.url for link in paper.links), *paper.own_urls_in_text, *written]:
        arxiv_id = arxiv_id or without_version(arxiv_id_in_url(url))
        doi = doi or unquote(doi_in_url(url)).rstrip(".,")
    return arxiv_id, doi


def paper_date(paper: ParsedPaper, where: _PaperLines, report: Report) -> DateSpan:
    """The year of the venue (or badge), else the month of the arXiv id, else undated."""
    sources = (
        (paper.venue_short, where.venue_short),
        (paper.venue, where.venue),
        (paper.badge_text, where.badge),
    )
    for text, line in sources:
        year, two_digits = _year_in(text)
        if year and two_digits:
            report.warn(
                f'Paper "{excerpt(paper.title, 60)}": read the two-digit year "{two_digits}" '
                f'in "{excerpt(text, 60)}" as {year}',
                line or where.title,
            )
        if year:
            return DateSpan(start=datetime.date(year, 1, 1), precision=Precision.YEAR)
    arxiv = _NEW_ARXIV_ID.match(paper.arxiv_id)
    if arxiv and 1 <= int(arxiv["mm"]) <= 12:
        date = datetime.date(2000 + int(arxiv["yy"]), int(arxiv["mm"]), 1)
        report.warn(
            f'Paper "{excerpt(paper.title, 60)}": no year given; dated {date:%Y.%m} from its arXiv id {paper.arxiv_id}',
            where.title,
        )
        return DateSpan(start=date, precision=Precision.MONTH)
    return DateSpan()


def _year_in(text: str) -> tuple[int | None, str]:
    """``2025`` -> 2025; ``'25`` -> 2025, with "25" (a two-digit year past next year is in the 1900s)."""
    four = _FOUR_DIGIT_YEAR.search(text)
    if four:
        return int(four.group(1)), ""
    two = _TWO_DIGIT_YEAR.search(text)
    if not two:
        return None, ""
    year = 2000 + int(two.group(1))
    return (year if year <= datetime.date.today().year + 1 else year - 100), two.group(1)
