"""Read an AcadHomepage (Jekyll) site: ``_pages/about.md`` and ``_config.yml``.

AcadHomepage keeps a whole homepage in one Markdown page: an "about" text,
then ``# `` sections of dated bullets (news, honors, education …) and HTML
"paper boxes" for publications. This module turns that page into plain
dataclasses the importer can store, without touching Django.

Two promises shape the code:

* nothing is silently lost: whatever is not understood is kept as Markdown
  and named in ``warnings``; whatever is deliberately thrown away (Liquid,
  scripts, layout wrappers) is named in ``dropped``;
* nothing is invented: an empty badge stays empty, a date is only as precise
  as the page wrote it; where the parser has to guess (a title without a
  link, a venue in italics, a date at the end of a line, a two-digit year…),
  a warning says what it took.

A warning or drop about one place in the page starts with its line there
("line 12: …"), so the owner can look it up.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape as unescape_html
from urllib.parse import parse_qs, unquote, urlparse

import yaml
from bs4 import BeautifulSoup

from core.anchors import section_anchor
from core.dates import DateSpan, Precision

# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass
class ParsedLink:
    label: str
    url: str


@dataclass
class ParsedAuthor:
    name: str
    url: str = ""
    is_owner: bool = False
    equal_contribution: bool = False
    corresponding: bool = False


@dataclass
class ParsedBadge:
    """A badge next to a paper.

    ``kind`` is "github", "hf_model", "hf_dataset", "hf_space", "hf_collection"
    or "custom"; ``identifier`` is "owner/repo" or the Hugging Face id ("" for
    custom); ``image`` is the badge image as written, so a custom badge can
    still be shown.
    """

    kind: str
    identifier: str = ""
    url: str = ""
    label: str = ""
    image: str = ""


@dataclass
class ParsedPaper:
    title: str = ""
    url: str = ""
    venue_short: str = ""
    badge_text: str = ""
    image: str = ""
    image_alt: str = ""
    authors: list[ParsedAuthor] = field(default_factory=list)
    links: list[ParsedLink] = field(default_factory=list)
    badges: list[ParsedBadge] = field(default_factory=list)
    date: DateSpan = field(default_factory=DateSpan)
    arxiv_id: str = ""
    doi: str = ""
    scholar_id: str = ""
    published: bool = True
    group: str = ""
    # What the page writes under a paper (bullets, paragraphs), as Markdown in page order.
    description: str = ""
    # The full venue ("In Proceedings of …"), when the page gives one; ``venue_short`` is the tag.
    venue: str = ""


@dataclass
class ParsedEntry:
    """One dated bullet: news, an honor, a degree, a talk, an internship."""

    date: DateSpan = field(default_factory=DateSpan)
    text: str = ""
    published: bool = True


@dataclass
class ParsedSection:
    kind: str
    title: str
    anchor: str
    published: bool = True
    entries: list[ParsedEntry] = field(default_factory=list)
    papers: list[ParsedPaper] = field(default_factory=list)
    markdown: str = ""


@dataclass
class ParsedProfile:
    name: str = ""
    native_name: str = ""
    bio: str = ""
    location: str = ""
    employer: str = ""
    email: str = ""
    avatar: str = ""
    website: str = ""
    google_scholar_id: str = ""
    site_title: str = ""
    description: str = ""
    links: dict[str, str] = field(default_factory=dict)
    google_site_verification: str = ""
    bing_site_verification: str = ""
    baidu_site_verification: str = ""
    analytics_id: str = ""


@dataclass
class ParsedSite:
    profile: ParsedProfile = field(default_factory=ParsedProfile)
    sections: list[ParsedSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass
class _Report:
    """Where every parsing step writes what it could not keep as structure, or guessed.

    A message about one place in the page starts with its line ("line 12: …"),
    so the owner can find it; one about the whole page has no number.
    """

    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    # Every paper with the line it starts on, for checks that need the whole page (the owner).
    papers: list[tuple[ParsedPaper, int]] = field(default_factory=list)

    def warn(self, message: str, line: int | None = None) -> None:
        self.warnings.append(_at(line, message))

    def drop(self, message: str, line: int | None = None) -> None:
        self.dropped.append(_at(line, message))


def _at(line: int | None, message: str) -> str:
    return message if line is None else f"line {line}: {message}"


class _Src:
    """Text taken from the page, knowing the page line each of its characters came from.

    The parser cuts, joins and rewrites the page; doing that through ``_Src``
    keeps, for any offset in the result, the 1-based line of the page as given
    (``lines`` has one entry per character, and one more for the end).
    """

    __slots__ = ("lines", "text")

    def __init__(self, text: str, lines: list[int]) -> None:
        self.text = text
        self.lines = lines

    @classmethod
    def page(cls, text: str) -> _Src:
        lines, number = [], 1
        for char in text:
            lines.append(number)
            number += char == "\n"
        lines.append(number)
        return cls(text, lines)

    @classmethod
    def literal(cls, text: str, line: int) -> _Src:
        return cls(text, [line] * (len(text) + 1))

    @classmethod
    def join(cls, pieces: list[_Src], line: int = 1) -> _Src:
        """The pieces one after the other (an empty text on ``line`` when there are none)."""
        if not pieces:
            return cls.literal("", line)
        lines = [number for piece in pieces for number in piece.lines[:-1]]
        return cls("".join(piece.text for piece in pieces), [*lines, pieces[-1].lines[-1]])

    def line(self, offset: int = 0) -> int:
        """The page line of the character at ``offset``."""
        return self.lines[min(max(offset, 0), len(self.text))]

    def first_line(self) -> int:
        """The page line of the first character that is not white space."""
        return self.line(len(self.text) - len(self.text.lstrip()))

    def __getitem__(self, key: slice) -> _Src:
        start, stop, _ = key.indices(len(self.text))
        stop = max(start, stop)
        return _Src(self.text[start:stop], [*self.lines[start:stop], self.lines[stop]])

    def __add__(self, other: _Src) -> _Src:
        return _Src(self.text + other.text, self.lines[:-1] + other.lines)

    def strip(self) -> _Src:
        start = len(self.text) - len(self.text.lstrip())
        return self[start : max(start, len(self.text.rstrip()))]

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str] | str) -> _Src:
        """``pattern.sub`` (``replace`` a function or plain text); new text takes its match's line."""
        texts: list[str] = []
        lines: list[int] = []
        pos = 0
        for match in pattern.finditer(self.text):
            new = replace(match) if callable(replace) else replace
            texts += [self.text[pos : match.start()], new]
            lines += self.lines[pos : match.start()]
            lines += [self.lines[match.start()]] * len(new)
            pos = match.end()
        texts.append(self.text[pos:])
        lines += self.lines[pos:]
        return _Src("".join(texts), lines)

    def splitlines(self) -> list[_Src]:
        """Lines as ``str.splitlines`` finds them, without their endings."""
        result, pos = [], 0
        for line in self.text.splitlines(keepends=True):
            content = line.splitlines()[0] if line.splitlines() else ""
            result.append(self[pos : pos + len(content)])
            pos += len(line)
        return result


def _excerpt(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, for warnings people read."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# Mojibake
# ---------------------------------------------------------------------------

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Mac Roman ("ÁõòÂçìÂÆû" -> "盘卓实").

    Works run by run on non-ASCII text, and only where re-encoding yields valid
    UTF-8, so correct text ("Rühle", "盘卓实") survives and a second pass is a
    no-op.
    """
    return _NON_ASCII_RUN.sub(_repair_run, text).removeprefix("\ufeff")


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    try:
        return run.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run


# ---------------------------------------------------------------------------
# Page cleaning: front matter, Liquid, raw HTML blocks, anchor spans
# ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
# Every pattern that may fail to find its end scans at most to the next place where it could start
# again ("tempered" repetition), so a page of unclosed openers (``[`` or ``{%`` a hundred
# thousand times) is read in linear time instead of being scanned to its end from every opener.
_RAW_BLOCK = re.compile(
    r"<(?P<tag>script|style|iframe|head)\b[^<>]*?(?:/>|>(?:(?!<(?P=tag)\b).)*?</(?P=tag)\s*>)", re.S | re.I
)
# A whole HTML document pasted into the page (a visitor-map widget, say) wraps
# its content in tags that mean nothing inside a page; so do metadata tags.
_DOCUMENT_TAG = re.compile(r"<!DOCTYPE[^<>]*>|</?(?:html|body)\b[^<>]*>|<(?:meta|link)\b[^<>]*>", re.I)
_LIQUID_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}(?:(?!\{%-?\s*comment\b).)*?\{%-?\s*endcomment\s*-?%\}", re.S)
_LIQUID_INCLUDE = re.compile(r"\{%-?\s*include(?:_relative)?\s+(?P<file>[^\s%]+)(?:(?!\{%).)*?%\}", re.S)
_LIQUID_TAG = r"(?:\{%(?:(?!\{%).)*?%\}|\{\{(?:(?!\{\{).)*?\}\})"
# An HTML tag or Markdown image/link whose URL is built by Liquid is useless
# without it, so the whole element goes rather than leaving a broken URL.
_LIQUID_ELEMENT = re.compile(
    rf"<[a-zA-Z][^<>]*?{_LIQUID_TAG}[^<>]*>|!?\[[^\[\]]*\]\([^()]*?{_LIQUID_TAG}[^()]*\)", re.S
)
_LIQUID = re.compile(_LIQUID_TAG, re.S)
_ANCHOR_SPAN = re.compile(r"""<span\b[^<>]*\bclass\s*=\s*["']anchor["'][^<>]*>\s*</span>""", re.I)
_CUT = "\x00"
_CUT_LINE = re.compile(rf"^[ \t]*{_CUT}[{_CUT} \t]*(?:\n|\Z)", re.M)
_CUT_MARK = re.compile(_CUT)


def _clean_page(page: _Src, report: _Report) -> _Src:
    """The page as Markdown content only: what Jekyll would not show is gone."""
    page = _strip_front_matter(page, report)
    page = _cut(page, _LIQUID_COMMENT, lambda m: f"Liquid comment: {_excerpt(m.group())}", report)
    _warn_about_includes(page, report)
    page = _cut(page, _RAW_BLOCK, lambda m: f"<{m['tag'].lower()}> block: {_excerpt(m.group())}", report)
    page = _cut(page, _DOCUMENT_TAG, lambda m: f"HTML document tag: {_excerpt(m.group())}", report)
    page = _cut(page, _LIQUID_ELEMENT, lambda m: f"Element built by Liquid: {_excerpt(m.group())}", report)
    page = _cut(page, _LIQUID, lambda m: f"Liquid tag: {' '.join(m.group().split())}", report)
    return _cut(page, _ANCHOR_SPAN, None, report)


def _warn_about_includes(page: _Src, report: _Report) -> None:
    """A live ``{% include %}`` shows another file's content, which this page does not hold."""
    comments = [match.span() for match in _COMMENT.finditer(page.text)]
    for include in _LIQUID_INCLUDE.finditer(page.text):
        if not any(start <= include.start() < end for start, end in comments):
            report.warn(
                f"The page shows {include['file']} through a Liquid include; that file's content was not "
                f"imported (paste it into the page and import again): {' '.join(include.group().split())}",
                page.line(include.start()),
            )


def _strip_front_matter(page: _Src, report: _Report) -> _Src:
    """Front matter is page configuration, never content; check it is YAML."""
    match = _FRONT_MATTER.match(page.text)
    if not match:
        return page
    try:
        yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        # Where the broken construct starts, else where reading failed.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = page.line(match.start(1)) + mark.line if mark else page.line(0)
        report.warn(f"Front matter is not valid YAML and was ignored: {_excerpt(str(exc))}", line)
    return page[match.end() :]


def _cut(
    page: _Src,
    pattern: re.Pattern[str],
    describe: Callable[[re.Match[str]], str] | None,
    report: _Report,
) -> _Src:
    """Remove every match (reporting it), and the lines the removals emptied."""

    def replace(match: re.Match[str]) -> str:
        if describe is not None:
            report.drop(describe(match), page.line(match.start()))
        return _CUT

    return page.sub(pattern, replace).sub(_CUT_LINE, "").sub(_CUT_MARK, "")


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

_H1 = re.compile(r"^[ \t]{0,3}#[ \t]+(?P<title>.*\S)[ \t]*$")


def _heading_title(heading: re.Match[str]) -> str:
    """A heading's title without its optional closing hashes (``# News ##``), found without a regex
    that would rescan a long run of spaces from each of its positions."""
    title = heading["title"]
    bare = title.rstrip("#")
    return bare.rstrip() if bare != title and bare[-1:] in (" ", "\t") else title


_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)")
_COMMENT = re.compile(r"<!--(?P<inner>.*?)(?:-->|\Z)", re.S)

_SECTION_KINDS = {
    "about": "about",
    "about me": "about",
    "biography": "about",
    "news": "news",
    "recent news": "news",
    "latest news": "news",
    "publications": "publications",
    "selected publications": "publications",
    "papers": "publications",
    "selected papers": "publications",
    "honors": "honors",
    "honours": "honors",
    "awards": "honors",
    "honors and awards": "honors",
    "honours and awards": "honors",
    "awards and honors": "honors",
    "honors awards": "honors",
    "education": "education",
    "educations": "education",
    "talks": "talks",
    "invited talks": "talks",
    "internships": "experience",
    "internship": "experience",
    "experience": "experience",
    "experiences": "experience",
    "work experience": "experience",
    "research experience": "experience",
}
# Titles the table does not know are matched by keyword, in this order: English
# keywords as whole words, Chinese ones anywhere in the title.
_SECTION_KEYWORDS = (
    ("news", {"news", "updates"}, ("新闻", "动态", "消息")),
    (
        "publications",
        {"publication", "publications", "papers", "preprints", "manuscripts", "submission", "submissions"},
        ("论文", "发表", "出版"),
    ),
    ("honors", {"honors", "honours", "honor", "awards", "award", "prizes"}, ("荣誉", "奖励", "获奖", "奖项")),
    ("education", {"education", "educations"}, ("教育",)),
    ("talks", {"talks", "talk", "presentations"}, ("报告", "演讲", "讲座", "汇报")),
    ("experience", {"experience", "experiences", "internships", "internship", "employment"}, ("实习", "经历", "工作")),
    ("about", {"biography"}, ("简介", "关于我")),
)
_FREE_TEXT_KINDS = ("about", "markdown")


@dataclass
class _RawSection:
    """A heading (None for the text before the first one), its line and its body text."""

    title: str | None
    published: bool
    line: int = 1
    parts: list[_Src] = field(default_factory=list)


def _split_sections(page: _Src, report: _Report) -> list[_RawSection]:
    """Split on ``# `` headings, including headings inside HTML comments.

    A commented-out heading starts an unpublished section that ends with the
    comment; live text after the comment still renders under the last live
    heading, so it goes back there.
    """
    live = _RawSection(title=None, published=True, line=page.line(0))
    sections = [live]
    for raw, inner in _comment_chunks(page, report):
        if inner is None:
            lead, headed = _split_headings(raw)
            live.parts.append(lead)
            for title, line, body in headed:
                live = _RawSection(title, True, line, [body])
                sections.append(live)
            continue
        lead, headed = _split_headings(inner)
        if not headed:
            live.parts.append(raw)
            continue
        if lead.text.strip():
            live.parts.append(_Src.literal("<!--", raw.line(0)) + lead + _Src.literal("-->", lead.line(len(lead.text))))
        sections.extend(_RawSection(title, False, line, [body]) for title, line, body in headed)
    return sections


def _comment_chunks(page: _Src, report: _Report) -> Iterator[tuple[_Src, _Src | None]]:
    """(raw, None) for live text and (raw, inner) for each HTML comment."""
    pos = 0
    for match in _COMMENT.finditer(page.text):
        if match.start() > pos:
            yield page[pos : match.start()], None
        if not match.group().endswith("-->"):
            report.warn(
                f"Unclosed HTML comment treated as running to the end: {_excerpt(match.group())}",
                page.line(match.start()),
            )
        yield page[match.start() : match.end()], page[match.start("inner") : match.end("inner")]
        pos = match.end()
    if pos < len(page.text):
        yield page[pos:], None


def _split_headings(text: _Src) -> tuple[_Src, list[tuple[str, int, _Src]]]:
    """Text before the first h1, then (title, line, body) for each h1 outside code fences."""
    headings: list[tuple[str, int, int, int]] = []  # title, line, start and end of the heading line
    fenced = False
    pos = 0
    for line in text.text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _H1.match(line.rstrip("\r\n"))
        if heading:
            headings.append((_heading_title(heading), text.line(pos), pos, pos + len(line)))
        pos += len(line)
    ends = [start for _, _, start, _ in headings[1:]] + [len(text.text)] * bool(headings)
    lead = text[: headings[0][2]] if headings else text
    return lead, [(title, line, text[body:end]) for (title, line, _, body), end in zip(headings, ends, strict=True)]


def _section_kind(title: str) -> tuple[str, str]:
    """The section kind from its title, ignoring emoji, punctuation and case.

    The second value is the keyword the kind was guessed from, "" when the
    title is a known one (or names no kind at all).
    """
    words = re.sub(r"[^\w\s]", " ", title).lower().split()
    known = _SECTION_KINDS.get(" ".join(words))
    if known:
        return known, ""
    for kind, english, chinese in _SECTION_KEYWORDS:
        found = [word for word in words if word in english] or [keyword for keyword in chinese if keyword in title]
        if found:
            return kind, found[0]
    return "markdown", ""


# kramdown's attribute list after a heading: "# Publications {#publications}" has that id.
_HEADING_ATTRIBUTES = re.compile(r"(?<!\s)\s*\{:?\s*(?:#(?P<id>[\w-]+)|[^{}]*)\}\s*$")


def _heading_text(title: str) -> str:
    """A heading as its reader sees it: inline HTML (a styled note, say) reduced to its text."""
    return " ".join(unescape_html(_HTML_TAG.sub("", title)).split())


def _build_section(raw: _RawSection, report: _Report) -> tuple[ParsedSection, _Src] | None:
    """The section, and its body text (which the about text's native name is looked up in)."""
    body = _Src.join(raw.parts, raw.line)
    if raw.title is None:
        if not body.text.strip():
            return None
        section = ParsedSection(kind="about", title="About Me", anchor="about-me", markdown=body.text.strip())
        return section, body
    attributes = _HEADING_ATTRIBUTES.search(raw.title)
    heading = raw.title[: attributes.start()] if attributes else raw.title
    title = _heading_text(heading) or heading.strip()
    anchor = attributes["id"] if attributes and attributes["id"] else section_anchor(title)
    kind, keyword = _section_kind(title)
    section = ParsedSection(kind=kind, title=title, anchor=anchor, published=raw.published)
    if keyword:
        report.warn(f'Section "{title}" read as {kind} because its title says "{keyword}"', raw.line)
    if section.kind in _FREE_TEXT_KINDS:
        section.markdown = body.text.strip()
    else:
        _SectionParser(section, report).parse(body, raw.published)
    return section, body


# ---------------------------------------------------------------------------
# Section items: paper boxes, comments, bullets, stray text
# ---------------------------------------------------------------------------


def _div_opening(class_name: str) -> re.Pattern[str]:
    """The opening tag of a div carrying ``class_name`` as one of its classes."""
    return re.compile(
        rf"""<div\b[^<>]*\bclass\s*=\s*["'](?:[^"'<>]*\s)?{re.escape(class_name)}(?:\s[^"'<>]*)?["'][^<>]*>""", re.I
    )


_PAPER_BOX_OPEN = _div_opening("paper-box")
_PAPER_BOX_IMAGE_OPEN = _div_opening("paper-box-image")
_PAPER_BOX_TEXT_OPEN = _div_opening("paper-box-text")
_DIV_TAG = re.compile(r"<(/?)div\b[^<>]*>", re.I)
_BULLET = re.compile(r"^(?P<indent>[ \t]{0,3})[-*+][ \t]+(?P<text>.*)$")
_GROUP_HEADING = re.compile(r"^[ \t]{0,3}#{2,6}[ \t]+(?P<title>.*\S)[ \t]*$")
_LAYOUT_TAG = re.compile(
    r"^[ \t]*(?:</?div\b[^<>]*>|<hr\b[^<>]*>|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*$", re.I
)


class _SectionParser:
    """Fills a known section with entries and papers, keeping the rest as Markdown."""

    def __init__(self, section: ParsedSection, report: _Report) -> None:
        self.section = section
        self.report = report
        self.group = ""

    def parse(self, text: _Src, published: bool) -> None:
        for kind, content in _blocks(text):
            if kind == "paper":
                self.section.papers.append(_parse_paper_box(content, published, self.group, self.report))
            elif kind == "comment":
                if _has_items(content.text):
                    self.parse(content, published=False)
                elif content.text.strip():
                    self.report.drop(f'Comment in "{self.section.title}": {_excerpt(content.text)}', content.line(0))
            else:
                self._parse_text(content, published)

    def _parse_text(self, text: _Src, published: bool) -> None:
        for kind, content in _text_blocks(text):
            if kind == "bullet":
                self._add_bullet(content, published)
            elif kind == "group" and self.section.kind == "publications" and published:
                self.group = _heading_text(_heading_title(_GROUP_HEADING.match(content.text)))
            elif kind == "layout":
                self.report.drop(f'Layout tag in "{self.section.title}": {content.text.strip()}', content.line(0))
            else:
                self._keep_stray(content, published)

    def _add_bullet(self, text: _Src, published: bool) -> None:
        """Publications list papers as bullets too; everywhere else a bullet is an entry.

        A bullet under publications that is not a paper (a note on what ``*``
        means, say) stays as Markdown: the publications list has no other place.
        """
        if not text.text.strip():
            self.report.drop(f'Empty bullet in "{self.section.title}"', text.line(0))
        elif self.section.kind != "publications":
            trailing = self.section.kind != "news"
            self.section.entries.append(_parse_entry(text, published, self.report, trailing_dates=trailing))
        elif _looks_like_paper(text.text):
            citations = _CITATIONS_SPAN.search(text.text)
            paper, origin = _paper_from_markdown(_flatten_html(text), self.report)
            paper.scholar_id = _html_attribute(citations.group(), "data") if citations else ""
            paper.published, paper.group = published, self.group
            paper.date = _paper_date(paper, origin, self.report)
            if not paper.authors:
                self.report.warn(
                    f'Read the bullet as a paper, "{_excerpt(paper.title, 60)}", though no authors were found in it',
                    origin.title,
                )
            self.section.papers.append(paper)
        else:
            self._keep_stray(_Src.literal("- ", text.line(0)) + text, published)

    def _keep_stray(self, text: _Src, published: bool) -> None:
        markdown = text.text.strip()
        if self.section.published and not published:
            markdown = f"<!-- {markdown} -->"
        self.section.markdown = "\n\n".join(part for part in (self.section.markdown, markdown) if part)
        self.report.warn(
            f'Section "{self.section.title}": kept text that is neither a bullet nor a paper box '
            f'as Markdown: "{_excerpt(text.text)}"',
            text.first_line(),
        )


def _looks_like_paper(text: str) -> bool:
    """A bullet with a link, or a title and authors separated by commas, is a paper."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return bool(_first_link(text)) or first_line.count(", ") >= 2


def _has_items(text: str) -> bool:
    """Whether commented-out text holds bullets, paper boxes or sub-headings, not just a note."""
    return bool(_PAPER_BOX_OPEN.search(text)) or any(
        _BULLET.match(line) or _GROUP_HEADING.match(line) for line in text.splitlines()
    )


def _blocks(src: _Src) -> Iterator[tuple[str, _Src]]:
    """("paper", html), ("comment", inner) and ("text", markdown) in page order.

    A paper box is matched first so a comment inside one stays part of it, and
    a paper box inside a comment is found when the comment is parsed.
    """
    text = src.text
    masked = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    pos = 0
    while pos < len(text):
        comment = _COMMENT.search(text, pos)
        box = _PAPER_BOX_OPEN.search(masked, pos)
        starts = [m.start() for m in (comment, box) if m]
        if not starts:
            yield "text", src[pos:]
            return
        start = min(starts)
        if start > pos:
            yield "text", src[pos:start]
        if box and box.start() == start:
            end = _balanced_div_end(masked, start)
            yield "paper", src[start:end]
        else:
            end = comment.end()
            yield "comment", src[comment.start("inner") : comment.end("inner")]
        pos = end


def _balanced_div_end(html: str, start: int) -> int:
    """End of the ``<div>`` opened at ``start``; the end of the text if never closed."""
    depth = 0
    for tag in _DIV_TAG.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(html)


def _join_lines(lines: list[_Src]) -> _Src:
    """Lines joined by newlines (each newline on the line it ends)."""
    pieces: list[_Src] = []
    for line in lines:
        if pieces:
            pieces.append(_Src.literal("\n", pieces[-1].line(len(pieces[-1].text))))
        pieces.append(line)
    return _Src.join(pieces)


def _text_blocks(text: _Src) -> Iterator[tuple[str, _Src]]:
    """Bullets (with their continuation lines), sub-headings, layout lines, paragraphs.

    A bullet goes on over the lines right after it and over indented lines,
    even past blank lines: nested bullets and indented paragraphs are part of
    the item they belong to, as Markdown renders them.
    """
    kind, lines, body_indent, blank = "", [], 0, False
    for src_line in text.splitlines():
        line = src_line.text
        indent = len(line) - len(line.lstrip(" \t"))
        if kind == "bullet" and line.strip() and (indent >= body_indent or not blank):
            nested = indent >= body_indent
            if nested or not (_BULLET.match(line) or _GROUP_HEADING.match(line) or _LAYOUT_TAG.match(line)):
                lines.extend([_Src.literal("", src_line.line(0))] if blank else [])
                lines.append(src_line[min(indent, body_indent) :] if nested else src_line.strip())
                blank = False
                continue
        if not line.strip():
            blank = True
            if kind != "bullet" and lines:
                yield kind, _join_lines(lines)
                kind, lines = "", []
            continue
        blank = False
        layout, heading = _LAYOUT_TAG.match(line), _GROUP_HEADING.match(line)
        bullet = None if layout else _BULLET.match(line)
        if bullet or heading or layout or kind == "bullet":
            if lines:
                yield kind, _join_lines(lines)
            kind, lines = "", []
        if bullet:
            kind, lines = "bullet", [src_line[bullet.start("text") : bullet.end("text")]]
            body_indent = len(bullet["indent"]) + 2
        elif heading:
            yield "group", src_line
        elif layout:
            yield "layout", src_line
        else:
            kind = kind or "stray"
            lines.append(src_line)
    if lines:
        yield kind, _join_lines(lines)


# ---------------------------------------------------------------------------
# Dated entries
# ---------------------------------------------------------------------------

_NUMERIC_DATE = r"(?:19|20)\d{2}(?!\d)(?:[./-](?:1[0-2]|0?[1-9])(?!\d)(?:[./-](?:3[01]|[12]\d|0?[1-9])(?!\d))?)?"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_NAMED_DATE = re.compile(rf"(?P<month>{_MONTH_NAME})\.?,?[ \t]+(?P<year>(?:19|20)\d{{2}})(?!\d)", re.I)
_ONE_DATE = rf"(?:{_NUMERIC_DATE}|{_NAMED_DATE.pattern})".replace("(?P<month>", "(?:").replace("(?P<year>", "(?:")
_NOW = r"now|present|current|today|ongoing|至今|现在|今"
_DATED = re.compile(
    rf"(?P<open>\*\*|\*|__|_)?\[?(?P<start>{_ONE_DATE})"
    rf"(?:[ \t]*(?:-|–|—|~|to)[ \t]*(?P<end>{_ONE_DATE}|{_NOW}))?\]?",
    re.I,
)
_RANGE = rf"(?P<start>{_ONE_DATE})(?:[ \t]*(?:-|–|—|~|to)[ \t]*(?P<end>{_ONE_DATE}|{_NOW}))?"
# ", 2022", ", 2021~2025 (expected)" or " (Sep 2023 - Feb 2024)" at the end of a line.
_TRAILING_DATE = re.compile(
    rf"(?:,[ \t]*|(?<![ \t])[ \t]+(?P<paren>\()){_RANGE}(?(paren)\)|(?P<note>[ \t]*\([^()\n]*\))?)$", re.I
)
_ENTRY_LEAD = re.compile(r"^(?:[\s:,\u00a0：，、]|&nbsp;)+")
_PRECISIONS = (Precision.YEAR, Precision.MONTH, Precision.DAY)


def _parse_entry(src: _Src, published: bool, report: _Report, trailing_dates: bool = False) -> ParsedEntry:
    """``*2025.08*: &nbsp; text`` -> date span + text; undated bullets keep all text.

    With ``trailing_dates`` (honors, education …, not news), a bullet that does
    not start with its date may end a line with it: "National Scholarship, 2022".
    """
    text = src.text
    match = _DATED.match(text)
    if not match:
        if trailing_dates:
            return _parse_trailing_date(src, published, report)
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    try:
        span = _date_span(match["start"], match["end"], report, text, src.line(0))
    except ValueError:
        report.warn(f'Impossible date, kept the bullet undated: "{_excerpt(text)}"', src.line(0))
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    return ParsedEntry(
        date=span, text=_entry_text(_after_date(text[match.end() :], match["open"])), published=published
    )


def _parse_trailing_date(src: _Src, published: bool, report: _Report) -> ParsedEntry:
    """The one date (or range) that ends a line of the bullet, taken out of its text."""
    text = src.text
    lines = text.split("\n")
    found = [(i, match) for i, line in enumerate(lines) if (match := _TRAILING_DATE.search(line.rstrip()))]
    if len(found) != 1 or not lines[found[0][0]][: found[0][1].start()].strip():
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    index, match = found[0]
    line_number = src.line(sum(len(line) + 1 for line in lines[:index]) + match.start())
    try:
        span = _date_span(match["start"], match["end"], report, text, line_number)
    except ValueError:
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    line = lines[index]
    written = match["start"] + (f" - {match['end']}" if match["end"] else "")
    report.warn(
        f'Read the date "{written}" from the end of a line, not from the start of the bullet: "{_excerpt(line)}"',
        line_number,
    )
    hard_break = line[len(line.rstrip()) :]
    lines[index] = line[: match.start()] + (f" {match['note'].strip()}" if match["note"] else "") + hard_break
    return ParsedEntry(date=span, text=_entry_text("\n".join(lines)), published=published)


def _after_date(rest: str, emphasis: str | None) -> str:
    """The bullet after its date, without the date's closing emphasis.

    A note inside the emphasis stays: ``*2019.08 - 2026.12 (Expected)*, Ph.D.``
    reads "(Expected), Ph.D.".
    """
    if not emphasis:
        return rest
    close = rest.find(emphasis)
    if close == 0 or (0 < close <= 40 and "\n" not in rest[:close]):
        return rest[:close] + rest[close + len(emphasis) :]
    return rest


def _entry_text(text: str) -> str:
    return _ENTRY_LEAD.sub("", text).replace("\\|", "|").rstrip()


def _date_span(start: str, end: str | None, report: _Report, context: str, line: int) -> DateSpan:
    """A span at the coarser of the two precisions, so no month or day is invented."""
    start_date, precision = _parse_date(start)
    if end is None:
        return DateSpan(start=start_date, precision=precision)
    if re.fullmatch(_NOW, end, re.I):
        return DateSpan(start=start_date, precision=precision, ongoing=True)
    end_date, end_precision = _parse_date(end)
    if end_precision != precision:
        report.warn(
            f'Dates "{start}" and "{end}" are written with different precision; '
            f'kept the coarser one: "{_excerpt(context)}"',
            line,
        )
        precision = min(precision, end_precision, key=_PRECISIONS.index)
    return DateSpan(start=start_date, end=end_date, precision=precision)


def _parse_date(text: str) -> tuple[datetime.date, Precision]:
    """``2025.08`` -> (2025-08-01, month); raises ValueError for a day the month lacks."""
    named = _NAMED_DATE.fullmatch(text)
    if named:
        month = _MONTHS.index(named["month"][:3].lower()) + 1
        return datetime.date(int(named["year"]), month, 1), Precision.MONTH
    parts = [int(part) for part in re.split(r"[./-]", text)]
    padded = parts + [1] * (3 - len(parts))
    return datetime.date(*padded), _PRECISIONS[len(parts) - 1]


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
_VENUE_BOLD = re.compile(r"\*\*(?P<venue>[^*]*\d[^*]*)\*\*")
_SEPARATORS = re.compile(r"\\\||\||&nbsp;|[·•]|\s")
_LINK_SEPARATOR = re.compile(r"\\\||\||&nbsp;|[·•]")
_HTML_LINK = re.compile(r"""<a\b[^<>]*\bhref\s*=\s*["']([^"'<>]*)["'][^<>]*>((?:(?!<a\b).)*?)</a>""", re.I | re.S)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_IMAGE = re.compile(r"<img\b[^<>]*>", re.I)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_CO_FIRST = re.compile(r"\(\s*(?:co-first(?:\s+author)?|equal\s+contribution)\s*\)", re.I)
_CORRESPONDING = re.compile(r"\(\s*corresponding(?:\s+author)?\s*\)", re.I)
_ITALIC = re.compile(r"^\*([^*]+)\*$")
_ET_AL = re.compile(r"(?<![\s,])[\s,]*[*_]*\bet\.?\s*al\b\.?[*_]*\s*$", re.I)
# "(*Equal contribution)" after the last author explains the marks; it is not about that author.
_MARKS_LEGEND = re.compile(
    r"\(\s*(?:\\?[*#†✉])+\s*:?\s*(?:denotes\s+|indicates\s+)?(?:equal(?:ly)?\s+contribut\w*|co-first[^()]*"
    r"|corresponding[^()]*)\)",
    re.I,
)
_AUTHORS_LABEL = re.compile(r"^(?:\*\*|__)?authors?\s*:\s*(?:\*\*|__)?\s*", re.I)
# Where an author list written on the title line ends: a separator, or a full stop
# after a word (not after an initial, as in "J. Smith").
_AUTHORS_END = re.compile(r"\\\||\||(?<=[^\W\dA-Z_]|[)\]*])\.(?=\s)")
_LEADING_EMPHASIS = re.compile(r"^(?P<mark>\*{1,3}|_{1,2})(?!\s)(?P<text>.+?)(?<![\s\\])(?P=mark)(?![*_])")
_EMPHASIS_START = r"(?<![\\\w*])\*(?![\s*])"
_SINGLE_EMPHASIS = re.compile(rf"{_EMPHASIS_START}((?:(?!{_EMPHASIS_START}).)+?)(?<![\s\\*])\*(?![\w*])")
_WHOLE_ITALIC = re.compile(r"^\*(?!\*)(?P<text>.*[^*\\])\*$|^_(?!_)(?P<text2>.*[^_\\])_$")
_PLACEHOLDER_URL = re.compile(r"|#|none|null|undefined|javascript:.*", re.I)
_DESCRIPTION = re.compile(r"^[-*+](?:[ \t]+|$)")
_CLOSES_LINK = re.compile(r"[^\[]*\]\(")
_LEADING_IMAGES = re.compile(rf"^(?:\s*!\[{_LABEL}\]{_target('lead')}\s*)*")
_VENUE_SPAN = re.compile(
    r"<span\b[^<>]*\bclass\s*=\s*[\"'][^\"'<>]*venue[^\"'<>]*[\"'][^<>]*>(?P<venue>(?:(?!<span\b).)*?)</span>",
    re.I | re.S,
)
_CITATIONS_SPAN = re.compile(r"""<span\b[^<>]*\bclass\s*=\s*["']show_paper_citations["'][^<>]*>""", re.I)
_EQUAL_MARKS = "*#"
_CORRESPONDING_MARKS = "✉†"
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})", re.I)
_NEW_ARXIV_ID = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}$")
_DOI = re.compile(r"(?:(?:dx\.)?doi\.org|dl\.acm\.org/doi(?:/abs|/pdf|/full)?)/(?P<doi>10\.\d{4,9}/[^\s?#]+)", re.I)
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# "'25", "ICLR25", "ICLR 25", but not the "33" of "33rd".
_TWO_DIGIT_YEAR = re.compile(r"(?:(?<=['’])|(?<=[A-Za-z\s]))(\d{2})(?!\w)")
_HF_PREFIXES = {"datasets": "hf_dataset", "spaces": "hf_space", "collections": "hf_collection"}
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")
_NBSP = re.compile("&nbsp;")
_BADGE_DIV = re.compile(r"""<div\b[^<>]*\bclass\s*=\s*["'](?:[^"'<>]*\s)?badge[\s"']""", re.I)
_VIDEO = re.compile(r"<video\b", re.I)
# "In Proceedings of …" names a full venue, however short.
_PROCEEDINGS = re.compile(r"^(?:in\s+(?:the\s+)?)?proc(?:eedings|\.)\s", re.I)
# Where a venue written on a line with links ends: at the first link, bracket or separator.
_VENUE_END = re.compile(r"\\?\[|\||!\[")
# Words of a venue's name: a line with them is a venue, not a description.
_VENUE_WORDS = re.compile(
    r"\b(?:proceedings|conference|journal|transactions|symposium|workshop|meeting|preprint|arxiv|accepted|"
    r"submitted|under review|in press)\b",
    re.I,
)
_SHORT_VENUE_MAX = 40


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


def _parse_paper_box(html: _Src, published: bool, group: str, report: _Report) -> ParsedPaper:
    """A ``<div class='paper-box'>``: image column (HTML) plus text column (Markdown)."""
    soup = _soup(html.text)
    image_column = soup.find(class_="paper-box-image")
    badge = image_column.find(class_="badge") if image_column else None
    image = image_column.find("img") if image_column else None
    citations = soup.find(class_="show_paper_citations")

    paper, lines = _paper_from_markdown(_paper_box_markdown(html, report), report)
    paper.badge_text = badge.get_text(" ", strip=True) if badge else ""
    badge_tag = _BADGE_DIV.search(html.text)
    lines.badge = html.line(badge_tag.start() if badge_tag else 0)
    paper.image = image.get("src", "") if image else ""
    paper.image_alt = image.get("alt", "") if image else ""
    if not paper.image and image_column and image_column.find("video"):
        video = _VIDEO.search(html.text)
        report.warn(
            f'Paper "{_excerpt(paper.title, 60)}": its figure is a video, which is not imported; '
            "give the paper a teaser image by hand",
            html.line(video.start() if video else 0),
        )
    paper.scholar_id = citations.get("data", "") if citations else ""
    paper.published, paper.group = published, group
    paper.date = _paper_date(paper, lines, report)
    return paper


def _paper_box_markdown(html: _Src, report: _Report) -> _Src:
    """The Markdown of the text column, with its inline HTML flattened."""
    text = _div_inner(html, _PAPER_BOX_TEXT_OPEN)
    if text is None:
        box = _div_inner(html, _PAPER_BOX_OPEN) or html[len(html.text) :]
        text = _without_div(box, _PAPER_BOX_IMAGE_OPEN)
    for comment in _COMMENT.finditer(text.text):
        report.drop(f"Comment inside a paper box: {_excerpt(comment.group())}", text.line(comment.start()))
    return _flatten_html(text.sub(_COMMENT, ""))


def _flatten_html(text: _Src) -> _Src:
    """Inline HTML as the Markdown it stands for: links, images, line breaks; other tags go.

    A ``<span class="pub-venue">`` becomes a bracketed venue, as AcadHomepage writes venues.
    """
    text = text.sub(_HTML_BREAK, "\n")
    text = text.sub(_VENUE_SPAN, lambda m: f"[{' '.join(m['venue'].split())}]")
    text = text.sub(_HTML_IMAGE, _markdown_image)
    text = text.sub(_HTML_LINK, lambda m: f"[{m.group(2).strip()}]({m.group(1).strip()})")
    return text.sub(_HTML_TAG, "").sub(_NBSP, " ")


def _markdown_image(match: re.Match[str]) -> str:
    """``<img src=… alt=…>`` as ``![alt](src)``, so HTML badges are read like Markdown ones."""
    src = _html_attribute(match.group(), "src").replace(" ", "%20")
    return f"![{_html_attribute(match.group(), 'alt')}]({src})" if src else ""


def _html_attribute(tag: str, name: str) -> str:
    found = re.search(rf"""\b{name}\s*=\s*["']([^"']*)["']""", tag, re.I)
    return found.group(1).strip() if found else ""


def _div_inner(html: _Src, opening: re.Pattern[str]) -> _Src | None:
    """Inner HTML of the first div whose opening tag matches, or None."""
    start = opening.search(html.text)
    if not start:
        return None
    end = _balanced_div_end(html.text, start.start())
    closing = html.text.rfind("</div", start.end(), end)
    return html[start.end() : closing if closing >= 0 else end]


def _without_div(html: _Src, opening: re.Pattern[str]) -> _Src:
    """``html`` minus the first div whose opening tag matches (a box without a text column)."""
    start = opening.search(html.text)
    if not start:
        return html
    return html[: start.start()] + html[_balanced_div_end(html.text, start.start()) :]


def _paper_from_markdown(markdown: _Src, report: _Report) -> tuple[ParsedPaper, _PaperLines]:
    """A paper written in Markdown, in a paper box or as a bullet, and where its parts are.

    A title (a link, or an emphasized title when it has no link), maybe a
    venue, an author line (on the title line, as bullets have it, or the next
    line), then lines of links and badges; bullets under it, and paragraphs of
    plain text after the authors, describe it.
    """
    lines = all_lines = _paper_lines(markdown)
    # Bullets describe the paper; a bullet's wrapped lines go with it.
    start = next((i for i, line in enumerate(lines) if _DESCRIPTION.match(line.text)), len(lines))
    # (An empty bullet describes nothing.)
    description = [line for line in lines[start:] if not _is_link_line(line.text) and line.text not in ("-", "*", "+")]
    lines = lines[:start] + [line for line in lines[start:] if _is_link_line(line.text)]
    if not lines:
        number = description[0].number if description else markdown.first_line()
        report.warn(
            f'Paper without a title, kept its text as title: "{_excerpt(markdown.text)}"',
            number,
        )
        paper = ParsedPaper(title=_clean_title(" ".join(line.text for line in description)))
        report.papers.append((paper, number))
        return paper, _PaperLines(title=number)

    where = _PaperLines(title=lines[0].number)
    paper, rest = _title_of(lines[0].text, len(lines) == 1, report, where.title)
    report.papers.append((paper, where.title))
    venue_badge, rest = _take_venue_badge(rest)
    venue, rest, bold = _take_venue(rest)
    if venue:
        _set_venue(paper, where, venue, where.title)
        if bold:
            report.warn(f'Paper "{_excerpt(paper.title, 60)}": took the bold "{venue}" as its venue', where.title)
    elif venue_badge:
        _set_venue(paper, where, venue_badge, where.title)
        report.warn(
            f'Paper "{_excerpt(paper.title, 60)}": took the venue "{venue_badge}" from the text of a badge image',
            where.title,
        )

    following = [line.text for line in lines[1:]]
    author_line = None
    if "," in _SEPARATORS.sub(" ", _MARKDOWN_LINKS.sub(" ", rest)).strip(" ,"):
        paper.authors, rest = _authors_and_rest(rest)
    else:
        index = next((i for i, line in enumerate(following) if not _is_link_line(line)), None)
        if index is not None and _looks_like_authors(following[index]):
            paper.authors, tail = _authors_and_rest(following[index])
            following[index] = tail
            author_line = index + 1
    texts = [rest, *following]
    numbers = [line.number for line in lines]
    _take_venue_line(paper, where, texts, numbers, report)
    for index in range(1, len(texts)):
        if index != author_line and _is_paragraph(texts[index]):
            description.append(lines[index])
            texts[index] = ""

    for text, number in _collect_links(paper, list(zip(texts, numbers, strict=True)), report):
        report.warn(f'Paper "{_excerpt(paper.title, 60)}": text not imported: "{_excerpt(text)}"', number)
    paper.description = _description_markdown(all_lines, description)
    paper.arxiv_id, paper.doi = _paper_identifiers(paper)
    return paper, where


def _looks_like_authors(line: str) -> bool:
    """An author line lists names (commas, "and") or bolds the owner's."""
    return "," in line or " and " in line or bool(_MARKDOWN_EMPHASIS.search(line))


def _paper_lines(markdown: _Src) -> list[_Line]:
    """The paper's non-empty lines; a link whose text wraps onto the next line makes one line."""
    lines: list[_Line] = []
    blank = False
    for line in _join_wrapped_links(markdown.splitlines()):
        text = line.text.strip().rstrip("\\").strip()
        if text:
            lines.append(_Line(text=text, number=line.first_line(), markdown=line.text.rstrip(), after_blank=blank))
        blank = not text
    return lines


def _join_wrapped_links(lines: list[_Src]) -> list[_Src]:
    """Lines joined where a link's text wraps onto the next line, as Markdown reads them."""
    joined: list[_Src] = []
    for line in lines:
        if joined and _open_brackets(joined[-1].text) > 0 and _CLOSES_LINK.match(line.text):
            previous = joined[-1]
            space = _Src.literal(" ", line.first_line())
            joined[-1] = previous[: len(previous.text.rstrip())] + space + line.strip()
        else:
            joined.append(line)
    return joined


def _open_brackets(line: str) -> int:
    unescaped = _MARKDOWN_ESCAPE.sub("", line)
    return unescaped.count("[") - unescaped.count("]")


def _is_paragraph(text: str) -> bool:
    """A line of plain prose (no links, no venue's words), long enough to describe a paper."""
    return (
        bool(text)
        and not _MARKDOWN_LINKS.search(text)
        and not _VENUE_WORDS.search(text)
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


def _title_of(line: str, only_line: bool, report: _Report, number: int) -> tuple[ParsedPaper, str]:
    """The paper's title (and its link) from its first line, and the rest of that line."""
    images = _LEADING_IMAGES.match(line)
    lead, body = line[: images.end()], line[images.end() :]
    emphasis = _LEADING_EMPHASIS.match(body)
    if emphasis and not emphasis["text"].lstrip().startswith("[") and not _looks_like_venue(emphasis["text"]):
        return ParsedPaper(title=_clean_title(emphasis["text"])), lead + body[emphasis.end() :]
    link = next((m for m in _MARKDOWN_LINKS.finditer(body) if m["label"] is not None), None)
    if link:
        paper = ParsedPaper(title=_clean_title(link["label"]), url=_real_url(link["url"]))
        return paper, lead + body[: link.start()] + " " + body[link.end() :]
    # "**[ICDE 2025]** **Me**, You. *The Title*.": after the authors (a name, not a title, before
    # the first comma), the italic words are the title.
    head = body.split(", ", 1)[0]
    italic = next((m for m in _SINGLE_EMPHASIS.finditer(body) if len(m.group(1).split()) >= 3), None)
    if italic and italic.start() > len(head) and len(_clean_label(_take_venue(head)[1]).split()) <= 3:
        paper = ParsedPaper(title=_clean_title(italic.group(1)))
        report.warn(
            f'Paper without a title link: took "{_excerpt(paper.title, 60)}", the italic words after the authors, '
            "as its title",
            number,
        )
        return paper, lead + body[: italic.start()] + body[italic.end() :]
    if only_line and ", " in body:
        title, rest = body.split(", ", 1)
        report.warn(
            f'Paper without a title link: took "{_excerpt(title, 60)}", the text before the first comma, as its title',
            number,
        )
        return ParsedPaper(title=_clean_title(title)), lead + ", " + rest
    report.warn(f'Paper without a title link, kept its first line as title: "{_excerpt(line)}"', number)
    return ParsedPaper(title=_clean_title(body)), lead


def _looks_like_venue(text: str) -> bool:
    """A short tag with a year ("CVPR 2024", "[ICDE'25]") rather than a title."""
    plain = _MARKDOWN_ESCAPE.sub(r"\1", text).strip()
    return bool(re.fullmatch(r"\[[^\]]*\]", plain)) or (len(plain) <= 30 and bool(re.search(r"\d", plain)))


def _clean_title(text: str) -> str:
    """A title without emphasis, escapes, leading emoji or a closing full stop."""
    title = _clean_label(_SINGLE_EMPHASIS.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", text)))
    while title and unicodedata.category(title[0]) in ("So", "Sk", "Mn", "Cf"):
        title = title[1:].lstrip()
    return title if title.endswith("..") else title.removesuffix(".")


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


def _authors_and_rest(text: str) -> tuple[list[ParsedAuthor], str]:
    """The authors a line starts with, and what follows them (a venue, links)."""
    text = _AUTHORS_LABEL.sub("", text.strip().lstrip(",").strip())
    whole = _WHOLE_ITALIC.match(text)
    inner = whole and (whole["text"] or whole["text2"])
    # The whole list in italics, unless the stars are single names' ("*A. One*, **Me**, *B. Two*").
    if inner and "*" not in _MARKDOWN_EMPHASIS.sub("", inner.replace("\\*", "")):
        text = inner
    text = _MARKS_LEGEND.sub("", text)
    unlinked = _MARKDOWN_LINKS.sub(lambda m: "x" * len(m.group()), text)
    end = _AUTHORS_END.search(unlinked)
    authors, rest = (text[: end.start()], text[end.end() :]) if end else (text, "")
    images = [match.group() for match in _MARKDOWN_LINKS.finditer(authors) if match["label"] is None]
    authors = _MARKDOWN_LINKS.sub(lambda m: m.group() if m["label"] is not None else " ", authors)
    return _parse_authors(authors), " ".join([*images, rest]).strip()


def _set_venue(paper: ParsedPaper, where: _PaperLines, venue: str, line: int) -> None:
    """A short tag ("ICML 2024") is the short venue; a venue's full name is the venue."""
    if len(venue) <= _SHORT_VENUE_MAX and not _PROCEEDINGS.match(venue):
        paper.venue_short, where.venue_short = venue, line
    else:
        paper.venue, where.venue = venue, line


def _take_venue_line(
    paper: ParsedPaper, where: _PaperLines, texts: list[str], numbers: list[int], report: _Report
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
            _set_venue(paper, where, venue, numbers[index])
            texts[index] = ""
            report.warn(
                f'Paper "{_excerpt(paper.title, 60)}": took the italic "{_excerpt(venue, 60)}" as its venue',
                numbers[index],
            )
            return
    for index, line in enumerate(texts):
        if paper.venue or not _PROCEEDINGS.match(_clean_title(line.strip())):
            continue
        end = _VENUE_END.search(line)
        venue = _clean_title(line[: end.start() if end else len(line)]).strip(" .,;\\")
        if venue and len(venue) <= 300:
            _set_venue(paper, where, venue, numbers[index])
            texts[index] = line[end.start() :] if end else ""
            report.warn(
                f'Paper "{_excerpt(paper.title, 60)}": took "{_excerpt(venue, 60)}" as its full venue',
                numbers[index],
            )
            return


def _first_link(text: str) -> re.Match[str] | None:
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
    brackets = (match for match in _VENUE_BRACKET.finditer(unlinked) if match["venue"].strip())
    bracket = next(brackets, None)
    match = bracket or _VENUE_BOLD.search(unlinked)
    if not match:
        return "", text, False
    return match["venue"].strip(), text[: match.start()] + text[match.end() :], bracket is None


def _is_link_line(line: str) -> bool:
    return not _SEPARATORS.sub("", _MARKDOWN_LINKS.sub("", line))


def _parse_authors(line: str) -> list[ParsedAuthor]:
    tokens = _AUTHOR_SPLIT.split(line.strip().rstrip("."))
    return [author for author in map(_parse_author, tokens) if author]


def _parse_author(token: str) -> ParsedAuthor | None:
    """``**Name**`` is the owner; ``*``/``#`` mean equal contribution, ``✉``/``†`` corresponding."""
    text, co_first = _CO_FIRST.subn("", unescape_html(token))
    text, corresponding_note = _CORRESPONDING.subn("", text)
    text = _ET_AL.sub("", text)
    url = ""
    link = next((m for m in _MARKDOWN_LINKS.finditer(text) if m["label"] is not None), None)
    if link:
        url = _real_url(link["url"])
        text = text[: link.start()] + link["label"] + text[link.end() :]
    is_owner = bool(_MARKDOWN_EMPHASIS.search(text))
    text = _MARKDOWN_ESCAPE.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", text)).strip()
    italic = _ITALIC.match(text)
    text = italic.group(1) if italic else text
    marks = ""
    while text and text[-1] in _EQUAL_MARKS + _CORRESPONDING_MARKS:
        marks, text = marks + text[-1], text[:-1].rstrip()
    name = " ".join(text.split())
    if not name or re.fullmatch(r"et\.?\s*al\.?|\.\.\.|…", name, re.I):
        return None
    return ParsedAuthor(
        name=name,
        url=url,
        is_owner=is_owner,
        equal_contribution=bool(co_first) or any(mark in _EQUAL_MARKS for mark in marks),
        corresponding=bool(corresponding_note) or any(mark in _CORRESPONDING_MARKS for mark in marks),
    )


def _collect_links(paper: ParsedPaper, lines: list[tuple[str, int]], report: _Report) -> list[tuple[str, int]]:
    """Add the links and badges in these (text, page line) lines to the paper; return what was neither."""
    text = "\n".join(line for line, _ in lines)
    starts = list(itertools.accumulate((len(line) + 1 for line, _ in lines[:-1]), initial=0))

    def line_at(offset: int) -> int:
        return lines[bisect.bisect_right(starts, offset) - 1][1]

    for match in _MARKDOWN_LINKS.finditer(text):
        if match["label"] is not None and _PLACEHOLDER_URL.fullmatch(match["url"]):
            report.drop(
                f'Paper "{_excerpt(paper.title, 60)}": link without a URL: {match.group()}', line_at(match.start())
            )
        elif match["url"]:
            paper.links.append(ParsedLink(label=_link_label(match["label"]), url=match["url"]))
        elif match["badge_url"]:
            line = line_at(match.start())
            paper.badges.append(_classify_badge(match["badge_image"], match["badge_url"], paper.title, report, line))
        else:
            paper.badges.append(ParsedBadge(kind="custom", image=match["image"], label=_shields_label(match["image"])))
    # Blanked out rather than removed, so what is left keeps its offsets.
    remaining = re.sub(
        r"\\?\[\s*\\?\]|\(\s*\)",
        lambda m: " " * len(m.group()),
        _MARKDOWN_LINKS.sub(lambda m: " " * len(m.group()), text),
    )
    leftover = []
    for start, (_, number) in zip(starts, lines, strict=True):
        segment = remaining[start:].split("\n", 1)[0]
        pieces = (piece.strip(" \t,;.") for line in segment.splitlines() for piece in _LINK_SEPARATOR.split(line))
        kept = " ".join(" ".join(piece.split()) for piece in pieces if piece)
        if kept:
            leftover.append((kept, number))
    return leftover


def _link_label(label: str) -> str:
    """``**Project**`` -> "Project", ``\\[video\\]`` -> "video"."""
    return _clean_label(label).strip("[]").strip()


def _classify_badge(image: str, url: str, title: str, report: _Report, line: int) -> ParsedBadge:
    """GitHub stars and Hugging Face badges become typed badges; anything else is custom."""
    label = _shields_label(image)
    stars_repo = _shields_stars_repo(image)
    if stars_repo:
        link_repo = _github_repo(url)
        if link_repo and link_repo.lower() != stars_repo.lower():
            report.warn(
                f'Paper "{_excerpt(title, 60)}": the GitHub stars badge counts {stars_repo} '
                f"but links to {link_repo}; kept {link_repo}",
                line,
            )
        return ParsedBadge(kind="github", identifier=link_repo or stars_repo, url=url, label=label, image=image)
    hugging_face = _hugging_face_id(url)
    if hugging_face:
        kind, identifier = hugging_face
        return ParsedBadge(kind=kind, identifier=identifier, url=url, label=label, image=image)
    return ParsedBadge(kind="custom", url=url, label=label, image=image)


def _shields_label(image: str) -> str:
    return parse_qs(urlparse(image).query).get("label", [""])[0]


def _url_path_parts(url: str, host: str) -> list[str]:
    """Path segments of ``url`` when it is on ``host`` (or its www.), else []."""
    parsed = urlparse(url)
    if parsed.netloc.lower().removeprefix("www.") != host:
        return []
    return [unquote(part) for part in parsed.path.split("/") if part]


def _shields_stars_repo(image: str) -> str:
    parts = _url_path_parts(image, "img.shields.io")
    if len(parts) >= 4 and parts[:2] == ["github", "stars"]:
        return f"{parts[2]}/{parts[3]}"
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
    """arXiv id and DOI from the title link or any of the paper's links."""
    arxiv_id = doi = ""
    for url in [paper.url, *(link.url for link in paper.links)]:
        arxiv = _ARXIV.search(url)
        found_doi = _DOI.search(url)
        arxiv_id = arxiv_id or (arxiv["id"] if arxiv else "")
        doi = doi or (unquote(found_doi["doi"]).rstrip(".,") if found_doi else "")
    return arxiv_id, doi


def _paper_date(paper: ParsedPaper, where: _PaperLines, report: _Report) -> DateSpan:
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
                f'Paper "{_excerpt(paper.title, 60)}": read the two-digit year "{two_digits}" '
                f'in "{_excerpt(text, 60)}" as {year}',
                line or where.title,
            )
        if year:
            return DateSpan(start=datetime.date(year, 1, 1), precision=Precision.YEAR)
    arxiv = _NEW_ARXIV_ID.match(paper.arxiv_id)
    if arxiv and 1 <= int(arxiv["mm"]) <= 12:
        date = datetime.date(2000 + int(arxiv["yy"]), int(arxiv["mm"]), 1)
        report.warn(
            f'Paper "{_excerpt(paper.title, 60)}": no year given; dated {date:%Y.%m} from its arXiv id '
            f"{paper.arxiv_id}",
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


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def parse_about(text: str) -> ParsedSite:
    """Parse ``_pages/about.md`` into a profile, sections, warnings and drops.

    Warnings and drops about one place start with its line in ``text``
    (mojibake repair and line endings do not change line numbers).
    """
    report = _Report()
    page = _clean_page(_Src.page(repair_mojibake(text).replace("\r\n", "\n")), report)
    built = [built for raw in _split_sections(page, report) if (built := _build_section(raw, report)) is not None]
    sections = [section for section, _ in built]
    owner = _owner_name(report)
    _mark_owner(report, owner)
    about = next((body.strip() for section, body in built if section.kind == "about"), None)
    profile = ParsedProfile(name=owner, native_name=_native_name(about, owner, report))
    return ParsedSite(profile=profile, sections=sections, warnings=report.warnings, dropped=report.dropped)


def _owner_name(report: _Report) -> str:
    """The bold author name that appears most often: that is whose site this is.

    When others are in bold too, that choice is a guess, and a warning says so.
    """
    owners = Counter(author.name for paper, _ in report.papers for author in paper.authors if author.is_owner)
    if not owners:
        return ""
    (owner, count), *others = owners.most_common()
    if others:
        also = ", ".join(f'"{name}" ({times})' for name, times in others[:5])
        report.warn(
            f'Took "{owner}", the author in bold most often ({count} papers), as the site owner; also in bold: {also}'
        )
    return owner


def _mark_owner(report: _Report, owner: str) -> None:
    """In a paper that names the owner, the owner is that author, however the page emphasized names.

    A page may bold co-first authors too ("**A**\\*, **Me**\\*") or forget to
    bold its owner once; papers that do not name the owner keep their bold.
    Where the owner is found by name only, or someone else is kept as the
    owner, a warning names the paper.
    """
    if not owner:
        return
    for paper, line in report.papers:
        named = [author for author in paper.authors if author.name == owner]
        bold = [author.name for author in paper.authors if author.is_owner]
        if named:
            if not any(author.is_owner for author in named):
                report.warn(
                    f'Paper "{_excerpt(paper.title, 60)}": {owner} is not in bold here; marked as the owner by name',
                    line,
                )
            for author in paper.authors:
                author.is_owner = author.name == owner
        elif bold:
            report.warn(
                f'Paper "{_excerpt(paper.title, 60)}": does not name the site owner, {owner}; kept '
                + ", ".join(f'"{name}"' for name in bold)
                + " (in bold) as the owner",
                line,
            )


def _native_name(about: _Src | None, owner: str, report: _Report) -> str:
    """The name in another script that the about text gives in a parenthesis.

    Right after the owner's name ("Dongping Chen (陈东平)") wherever it is; else
    in the first paragraph, when the parenthesis follows plain text (not a
    link to someone else) and starts with a short non-Latin word ("(盘卓实 in
    Chinese)"), not a long one such as a university's name. That second way
    is a guess, and a warning says so.
    """
    text = about.text if about else ""
    if owner:
        after_name = re.search(rf"{re.escape(owner)}[*_\s]*[(（]([^()（）]*)[)）]", text)
        words = _non_latin_words(after_name.group(1)) if after_name else []
        if words:
            return " ".join(words)
    first_paragraph = next((p for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("<!--")), "")
    for parenthesis in re.finditer(r"(?<![)\]\s])\s*[(（]([^()（）]*)[)）]", first_paragraph):
        words = _non_latin_words(parenthesis.group(1))
        if words and len(words[0]) <= 5:
            line = about.line(text.find(first_paragraph) + parenthesis.start(1)) if about else None
            report.warn(f'Took "{words[0]}", in a parenthesis of the about text, as the native name', line)
            return words[0]
    return ""


def _non_latin_words(text: str) -> list[str]:
    return "".join(ch if _is_non_latin_letter(ch) else " " for ch in text).split()


def _is_non_latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and "LATIN" not in unicodedata.name(char, "LATIN")


# ---------------------------------------------------------------------------
# _config.yml
# ---------------------------------------------------------------------------

_AUTHOR_FIELDS = ("avatar", "name", "bio", "location", "employer", "email", "uri")
_LINK_KIND_ALIASES = {"googlescholar": "google_scholar", "semanticscholar": "semantic_scholar"}
_SITE_FIELDS = {
    "site_title": "title",
    "description": "description",
    "google_site_verification": "google_site_verification",
    "bing_site_verification": "bing_site_verification",
    "baidu_site_verification": "baidu_site_verification",
    "analytics_id": "google_analytics_id",
}


def parse_config(text: str) -> ParsedProfile:
    """The profile from AcadHomepage's ``_config.yml`` (site keys and ``author:``)."""
    try:
        data = yaml.safe_load(repair_mojibake(text))
    except yaml.YAMLError as exc:
        raise ValueError(f"_config.yml is not valid YAML: {exc}") from exc
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ValueError("_config.yml must be a YAML mapping of settings, not a list or a single value")
    author = data.get("author") or {}
    if not isinstance(author, dict):
        raise ValueError("_config.yml: `author` must be a mapping (name, bio, email, …)")

    profile = ParsedProfile(
        **{name: _scalar(data.get(key)) for name, key in _SITE_FIELDS.items()},
        **{name: _scalar(author.get(name)) for name in _AUTHOR_FIELDS if name != "uri"},
        website=_scalar(author.get("uri")),
        links=_author_links(author),
    )
    profile.google_scholar_id = _scholar_user(profile.links.get("google_scholar", ""))
    return profile


def _scalar(value: object) -> str:
    """A setting as text; empty for missing, booleans and nested structures."""
    if value is None or isinstance(value, (bool, dict, list)):
        return ""
    return str(value).strip()


def _author_links(author: dict) -> dict[str, str]:
    """Every other non-empty ``author:`` setting is a profile link, unknown ones included."""
    links = {}
    for key, value in author.items():
        kind = _LINK_KIND_ALIASES.get(str(key).lower(), str(key).lower())
        if kind not in _AUTHOR_FIELDS and _scalar(value):
            links[kind] = _scalar(value)
    return links


def _scholar_user(value: str) -> str:
    """``…/citations?user=0aDsRecAAAAJ`` -> "0aDsRecAAAAJ"; a bare id is already the id."""
    if "://" not in value:
        return value if re.fullmatch(r"[\w-]+", value) else ""
    return parse_qs(urlparse(value).query).get("user", [""])[0]
