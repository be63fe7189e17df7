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
  as the page wrote it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlparse

import yaml
from bs4 import BeautifulSoup

from profile_site.anchors import section_anchor
from profile_site.dates import DateSpan, Precision

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
    """Where every parsing step writes what it could not keep as structure."""

    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


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
_RAW_BLOCK = re.compile(r"<(?P<tag>script|style|iframe)\b[^>]*?(?:/>|>.*?</(?P=tag)\s*>)", re.S | re.I)
_LIQUID_TAG = r"(?:\{%.*?%\}|\{\{.*?\}\})"
# An HTML tag or Markdown image/link whose URL is built by Liquid is useless
# without it, so the whole element goes rather than leaving a broken URL.
_LIQUID_ELEMENT = re.compile(rf"<[a-zA-Z][^<>]*?{_LIQUID_TAG}[^<>]*>|!?\[[^\]]*\]\([^)]*?{_LIQUID_TAG}[^)]*\)", re.S)
_LIQUID = re.compile(_LIQUID_TAG, re.S)
_ANCHOR_SPAN = re.compile(r"""<span\b[^>]*\bclass\s*=\s*["']anchor["'][^>]*>\s*</span>""", re.I)
_CUT = "\x00"
_CUT_LINE = re.compile(rf"^[ \t]*{_CUT}[{_CUT} \t]*(?:\n|\Z)", re.M)


def _clean_page(text: str, report: _Report) -> str:
    """The page as Markdown content only: what Jekyll would not show is gone."""
    text = _strip_front_matter(text, report)
    text = _cut(text, _RAW_BLOCK, lambda m: f"<{m['tag'].lower()}> block: {_excerpt(m.group())}", report)
    text = _cut(text, _LIQUID_ELEMENT, lambda m: f"Element built by Liquid: {_excerpt(m.group())}", report)
    text = _cut(text, _LIQUID, lambda m: f"Liquid tag: {' '.join(m.group().split())}", report)
    return _cut(text, _ANCHOR_SPAN, None, report)


def _strip_front_matter(text: str, report: _Report) -> str:
    """Front matter is page configuration, never content; check it is YAML."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    try:
        yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        report.warnings.append(f"Front matter is not valid YAML and was ignored: {_excerpt(str(exc))}")
    return text[match.end() :]


def _cut(
    text: str,
    pattern: re.Pattern[str],
    describe: Callable[[re.Match[str]], str] | None,
    report: _Report,
) -> str:
    """Remove every match (reporting it), and the lines the removals emptied."""

    def replace(match: re.Match[str]) -> str:
        if describe is not None:
            report.dropped.append(describe(match))
        return _CUT

    return _CUT_LINE.sub("", pattern.sub(replace, text)).replace(_CUT, "")


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

_H1 = re.compile(r"^[ \t]{0,3}#[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")
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
_FREE_TEXT_KINDS = ("about", "markdown")


@dataclass
class _RawSection:
    """A heading (None for the text before the first one) and its body text."""

    title: str | None
    published: bool
    parts: list[str] = field(default_factory=list)


def _split_sections(text: str, report: _Report) -> list[_RawSection]:
    """Split on ``# `` headings, including headings inside HTML comments.

    A commented-out heading starts an unpublished section that ends with the
    comment; live text after the comment still renders under the last live
    heading, so it goes back there.
    """
    live = _RawSection(title=None, published=True)
    sections = [live]
    for raw, inner in _comment_chunks(text, report):
        if inner is None:
            lead, headed = _split_headings(raw)
            live.parts.append(lead)
            for title, body in headed:
                live = _RawSection(title, True, [body])
                sections.append(live)
            continue
        lead, headed = _split_headings(inner)
        if not headed:
            live.parts.append(raw)
            continue
        if lead.strip():
            live.parts.append(f"<!--{lead}-->")
        sections.extend(_RawSection(title, False, [body]) for title, body in headed)
    return sections


def _comment_chunks(text: str, report: _Report) -> Iterator[tuple[str, str | None]]:
    """(raw, None) for live text and (raw, inner) for each HTML comment."""
    pos = 0
    for match in _COMMENT.finditer(text):
        if match.start() > pos:
            yield text[pos : match.start()], None
        if not match.group().endswith("-->"):
            report.warnings.append(f"Unclosed HTML comment treated as running to the end: {_excerpt(match.group())}")
        yield match.group(), match["inner"]
        pos = match.end()
    if pos < len(text):
        yield text[pos:], None


def _split_headings(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Text before the first h1, then (title, body) for each h1 outside code fences."""
    lead: list[str] = []
    headed: list[tuple[str, list[str]]] = []
    current = lead
    fenced = False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _H1.match(line.rstrip("\r\n"))
        if heading:
            headed.append((heading["title"], []))
            current = headed[-1][1]
        else:
            current.append(line)
    return "".join(lead), [(title, "".join(body)) for title, body in headed]


def _section_kind(title: str) -> str:
    """The section kind from its title, ignoring emoji, punctuation and case."""
    words = re.sub(r"[^\w\s]", " ", title).lower().split()
    return _SECTION_KINDS.get(" ".join(words), "markdown")


def _build_section(raw: _RawSection, report: _Report) -> ParsedSection | None:
    body = "".join(raw.parts)
    if raw.title is None:
        if not body.strip():
            return None
        return ParsedSection(kind="about", title="About Me", anchor="about-me", markdown=body.strip())
    title = raw.title.strip()
    section = ParsedSection(
        kind=_section_kind(title), title=title, anchor=section_anchor(title), published=raw.published
    )
    if section.kind in _FREE_TEXT_KINDS:
        section.markdown = body.strip()
    else:
        _SectionParser(section, report).parse(body, raw.published)
    return section


# ---------------------------------------------------------------------------
# Section items: paper boxes, comments, bullets, stray text
# ---------------------------------------------------------------------------


def _div_opening(class_name: str) -> re.Pattern[str]:
    """The opening tag of a div carrying ``class_name`` as one of its classes."""
    return re.compile(
        rf"""<div\b[^>]*\bclass\s*=\s*["'](?:[^"']*\s)?{re.escape(class_name)}(?:\s[^"']*)?["'][^>]*>""", re.I
    )


_PAPER_BOX_OPEN = _div_opening("paper-box")
_PAPER_BOX_IMAGE_OPEN = _div_opening("paper-box-image")
_PAPER_BOX_TEXT_OPEN = _div_opening("paper-box-text")
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.I)
_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t]+(?P<text>.*)$")
_GROUP_HEADING = re.compile(r"^[ \t]{0,3}##[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")
_LAYOUT_TAG = re.compile(r"^[ \t]*</?div\b[^>]*>[ \t]*$", re.I)


class _SectionParser:
    """Fills a known section with entries and papers, keeping the rest as Markdown."""

    def __init__(self, section: ParsedSection, report: _Report) -> None:
        self.section = section
        self.report = report
        self.group = ""

    def parse(self, text: str, published: bool) -> None:
        for kind, content in _blocks(text):
            if kind == "paper":
                self.section.papers.append(_parse_paper_box(content, published, self.group, self.report))
            elif kind == "comment":
                self.parse(content, published=False)
            else:
                self._parse_text(content, published)

    def _parse_text(self, text: str, published: bool) -> None:
        for kind, content in _text_blocks(text):
            if kind == "bullet":
                self._add_bullet(content, published)
            elif kind == "group" and self.section.kind == "publications" and published:
                self.group = _GROUP_HEADING.match(content)["title"].strip()
            elif kind == "layout":
                self.report.dropped.append(f'Layout tag in "{self.section.title}": {content.strip()}')
            else:
                self._keep_stray(content, published)

    def _add_bullet(self, text: str, published: bool) -> None:
        """Publications list papers as bullets too; everywhere else a bullet is an entry."""
        if self.section.kind == "publications" and _first_link(text):
            paper = _paper_from_markdown(text, self.report)
            paper.published, paper.group = published, self.group
            paper.date = _paper_date(paper)
            self.section.papers.append(paper)
        else:
            self.section.entries.append(_parse_entry(text, published, self.report))

    def _keep_stray(self, text: str, published: bool) -> None:
        markdown = text.strip()
        if self.section.published and not published:
            markdown = f"<!-- {markdown} -->"
        self.section.markdown = "\n\n".join(part for part in (self.section.markdown, markdown) if part)
        self.report.warnings.append(
            f'Section "{self.section.title}": kept text that is neither a bullet nor a paper box '
            f'as Markdown: "{_excerpt(text)}"'
        )


def _blocks(text: str) -> Iterator[tuple[str, str]]:
    """("paper", html), ("comment", inner) and ("text", markdown) in page order.

    A paper box is matched first so a comment inside one stays part of it, and
    a paper box inside a comment is found when the comment is parsed.
    """
    masked = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    pos = 0
    while pos < len(text):
        comment = _COMMENT.search(text, pos)
        box = _PAPER_BOX_OPEN.search(masked, pos)
        starts = [m.start() for m in (comment, box) if m]
        if not starts:
            yield "text", text[pos:]
            return
        start = min(starts)
        if start > pos:
            yield "text", text[pos:start]
        if box and box.start() == start:
            end = _balanced_div_end(masked, start)
            yield "paper", text[start:end]
        else:
            end = comment.end()
            yield "comment", comment["inner"]
        pos = end


def _balanced_div_end(html: str, start: int) -> int:
    """End of the ``<div>`` opened at ``start``; the end of the text if never closed."""
    depth = 0
    for tag in _DIV_TAG.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(html)


def _text_blocks(text: str) -> Iterator[tuple[str, str]]:
    """Bullets (with their continuation lines), ``##`` headings, layout tags, paragraphs."""
    kind, lines = "", []
    for line in text.splitlines():
        bullet = _BULLET.match(line)
        if not line.strip() or bullet or _GROUP_HEADING.match(line) or _LAYOUT_TAG.match(line):
            if lines:
                yield kind, "\n".join(lines)
            kind, lines = "", []
        if bullet:
            kind, lines = "bullet", [bullet["text"]]
        elif _GROUP_HEADING.match(line):
            yield "group", line
        elif _LAYOUT_TAG.match(line):
            yield "layout", line
        elif line.strip():
            kind = kind or "stray"
            lines.append(line)
    if lines:
        yield kind, "\n".join(lines)


# ---------------------------------------------------------------------------
# Dated entries
# ---------------------------------------------------------------------------

_ONE_DATE = r"(?:19|20)\d{2}(?!\d)(?:[./-](?:1[0-2]|0?[1-9])(?!\d)(?:[./-](?:3[01]|[12]\d|0?[1-9])(?!\d))?)?"
_NOW = r"now|present|current|today|ongoing"
_DATED = re.compile(
    rf"(?P<open>\*\*|\*|__|_)?\[?(?P<start>{_ONE_DATE})"
    rf"(?:[ \t]*(?:-|–|—|~|to)[ \t]*(?P<end>{_ONE_DATE}|{_NOW}))?\]?",
    re.I,
)
_ENTRY_LEAD = re.compile(r"^(?:[\s:,\u00a0]|&nbsp;)+")
_PRECISIONS = (Precision.YEAR, Precision.MONTH, Precision.DAY)


def _parse_entry(text: str, published: bool, report: _Report) -> ParsedEntry:
    """``*2025.08*: &nbsp; text`` -> date span + text; undated bullets keep all text."""
    match = _DATED.match(text)
    if not match:
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    try:
        span = _date_span(match["start"], match["end"], report, text)
    except ValueError:
        report.warnings.append(f'Impossible date, kept the bullet undated: "{_excerpt(text)}"')
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    rest = text[match.end() :]
    if match["open"]:
        rest = rest.removeprefix(match["open"])
    return ParsedEntry(date=span, text=_entry_text(rest), published=published)


def _entry_text(text: str) -> str:
    return _ENTRY_LEAD.sub("", text).replace("\\|", "|").rstrip()


def _date_span(start: str, end: str | None, report: _Report, context: str) -> DateSpan:
    """A span at the coarser of the two precisions, so no month or day is invented."""
    start_date, precision = _parse_date(start)
    if end is None:
        return DateSpan(start=start_date, precision=precision)
    if not end[0].isdigit():
        return DateSpan(start=start_date, precision=precision, ongoing=True)
    end_date, end_precision = _parse_date(end)
    if end_precision != precision:
        report.warnings.append(
            f'Dates "{start}" and "{end}" are written with different precision; '
            f'kept the coarser one: "{_excerpt(context)}"'
        )
        precision = min(precision, end_precision, key=_PRECISIONS.index)
    return DateSpan(start=start_date, end=end_date, precision=precision)


def _parse_date(text: str) -> tuple[datetime.date, Precision]:
    """``2025.08`` -> (2025-08-01, month); raises ValueError for a day the month lacks."""
    parts = [int(part) for part in re.split(r"[./-]", text)]
    padded = parts + [1] * (3 - len(parts))
    return datetime.date(*padded), _PRECISIONS[len(parts) - 1]


# ---------------------------------------------------------------------------
# Papers
# ---------------------------------------------------------------------------

_LABEL = r"(?:\\.|[^\]\\])*"


def _target(name: str) -> str:
    """A Markdown link target ``(url "optional title")`` capturing the URL as ``name``."""
    return rf"\(\s*<?(?P<{name}>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"


# Badge (linked image) first, so its inner image is not read as a link label.
_MARKDOWN_LINKS = re.compile(
    rf"\[!\[(?P<badge_alt>{_LABEL})\]{_target('badge_image')}\]{_target('badge_url')}"
    rf"|!\[(?P<image_alt>{_LABEL})\]{_target('image')}"
    rf"|\[(?P<label>{_LABEL})\]{_target('url')}"
)
_VENUE_BRACKET = re.compile(r"\\?\[(?P<venue>[^\[\]]+?)\\?\](?!\()")
_VENUE_BOLD = re.compile(r"\*\*(?P<venue>[^*]*\d[^*]*)\*\*")
_SEPARATORS = re.compile(r"\\\||\||&nbsp;|\s")
_LINK_SEPARATOR = re.compile(r"\\\||\||&nbsp;")
_HTML_LINK = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>""", re.I | re.S)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_CO_FIRST = re.compile(r"\(\s*(?:co-first(?:\s+author)?|equal\s+contribution)\s*\)", re.I)
_CORRESPONDING = re.compile(r"\(\s*corresponding(?:\s+author)?\s*\)", re.I)
_ITALIC = re.compile(r"^\*([^*]+)\*$")
_EQUAL_MARKS = "*#"
_CORRESPONDING_MARKS = "✉†"
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})", re.I)
_NEW_ARXIV_ID = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}$")
_DOI = re.compile(r"(?:dx\.)?doi\.org/(?P<doi>10\.\d{4,9}/[^\s?#]+)", re.I)
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TWO_DIGIT_YEAR = re.compile(r"(?:(?<=['’])|(?<=[A-Za-z\s]))(\d{2})(?!\d)")
_HF_PREFIXES = {"datasets": "hf_dataset", "spaces": "hf_space", "collections": "hf_collection"}
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")


def _parse_paper_box(html: str, published: bool, group: str, report: _Report) -> ParsedPaper:
    """A ``<div class='paper-box'>``: image column (HTML) plus text column (Markdown)."""
    soup = BeautifulSoup(html, "html.parser")
    image_column = soup.find(class_="paper-box-image")
    badge = image_column.find(class_="badge") if image_column else None
    image = image_column.find("img") if image_column else None
    citations = soup.find(class_="show_paper_citations")

    paper = _paper_from_markdown(_paper_box_markdown(html, report), report)
    paper.badge_text = badge.get_text(" ", strip=True) if badge else ""
    paper.image = image.get("src", "") if image else ""
    paper.image_alt = image.get("alt", "") if image else ""
    paper.scholar_id = citations.get("data", "") if citations else ""
    paper.published, paper.group = published, group
    paper.date = _paper_date(paper)
    return paper


def _paper_box_markdown(html: str, report: _Report) -> str:
    """The Markdown of the text column, with its inline HTML flattened."""
    text = _div_inner(html, _PAPER_BOX_TEXT_OPEN)
    if text is None:
        text = _without_div(_div_inner(html, _PAPER_BOX_OPEN) or "", _PAPER_BOX_IMAGE_OPEN)
    for comment in _COMMENT.finditer(text):
        report.dropped.append(f"Comment inside a paper box: {_excerpt(comment.group())}")
    text = _COMMENT.sub("", text)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_IMAGE.sub(_markdown_image, text)
    text = _HTML_LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", text)
    return _HTML_TAG.sub("", text).replace("&nbsp;", " ")


def _markdown_image(match: re.Match[str]) -> str:
    """``<img src=… alt=…>`` as ``![alt](src)``, so HTML badges are read like Markdown ones."""
    src = _html_attribute(match.group(), "src")
    return f"![{_html_attribute(match.group(), 'alt')}]({src})" if src else ""


def _html_attribute(tag: str, name: str) -> str:
    found = re.search(rf"""\b{name}\s*=\s*["']([^"']*)["']""", tag, re.I)
    return found.group(1) if found else ""


def _div_inner(html: str, opening: re.Pattern[str]) -> str | None:
    """Inner HTML of the first div whose opening tag matches, or None."""
    start = opening.search(html)
    if not start:
        return None
    end = _balanced_div_end(html, start.start())
    closing = html.rfind("</div", start.end(), end)
    return html[start.end() : closing if closing >= 0 else end]


def _without_div(html: str, opening: re.Pattern[str]) -> str:
    """``html`` minus the first div whose opening tag matches (a box without a text column)."""
    start = opening.search(html)
    if not start:
        return html
    return html[: start.start()] + html[_balanced_div_end(html, start.start()) :]


def _paper_from_markdown(markdown: str, report: _Report) -> ParsedPaper:
    """Title link (+ venue), an author line, then lines of links and badges."""
    lines = [line.strip().rstrip("\\").strip() for line in markdown.splitlines()]
    lines = [line for line in lines if line]
    title_index = next((i for i, line in enumerate(lines) if _first_link(line)), None)
    if title_index is None:
        report.warnings.append(f'Paper without a title link, kept its text as title: "{_excerpt(markdown)}"')
        return ParsedPaper(title=_clean_label(" ".join(lines)))

    title_line = lines[title_index]
    link = _first_link(title_line)
    paper = ParsedPaper(title=_clean_label(link["label"]), url=link["url"])
    rest = title_line[: link.start()] + " " + title_line[link.end() :]
    paper.venue_short, rest = _take_venue(rest)

    following = lines[title_index + 1 :]
    if "," in _MARKDOWN_LINKS.sub(" ", rest):
        paper.authors, rest = _parse_authors(rest), ""
    elif following and not _is_link_line(following[0]):
        paper.authors, following = _parse_authors(following[0]), following[1:]

    leftover = _collect_links(paper, "\n".join([*lines[:title_index], rest, *following]), report)
    if leftover:
        report.warnings.append(f'Paper "{_excerpt(paper.title, 60)}": text not imported: "{_excerpt(leftover)}"')
    paper.arxiv_id, paper.doi = _paper_identifiers(paper)
    return paper


def _first_link(text: str) -> re.Match[str] | None:
    """The first plain (non-image, non-badge) Markdown link."""
    return next((m for m in _MARKDOWN_LINKS.finditer(text) if m["url"]), None)


def _clean_label(text: str) -> str:
    """Link text without emphasis markers or backslash escapes."""
    return " ".join(_MARKDOWN_ESCAPE.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", text)).split())


def _take_venue(text: str) -> tuple[str, str]:
    """``[EMNLP'25 Main]`` (or a bold ``**CVPR 2020**``) from the title line, and the rest."""
    unlinked = _MARKDOWN_LINKS.sub(lambda m: " " * len(m.group()), text)
    match = _VENUE_BRACKET.search(unlinked) or _VENUE_BOLD.search(unlinked)
    if not match:
        return "", text
    return match["venue"].strip(), text[: match.start()] + text[match.end() :]


def _is_link_line(line: str) -> bool:
    return not _SEPARATORS.sub("", _MARKDOWN_LINKS.sub("", line))


def _parse_authors(line: str) -> list[ParsedAuthor]:
    tokens = _AUTHOR_SPLIT.split(line.strip().rstrip("."))
    return [author for author in map(_parse_author, tokens) if author]


def _parse_author(token: str) -> ParsedAuthor | None:
    """``**Name**`` is the owner; ``*``/``#`` mean equal contribution, ``✉``/``†`` corresponding."""
    text, co_first = _CO_FIRST.subn("", token)
    text, corresponding_note = _CORRESPONDING.subn("", text)
    url = ""
    link = _first_link(text)
    if link:
        url = link["url"]
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


def _collect_links(paper: ParsedPaper, text: str, report: _Report) -> str:
    """Add the links and badges in ``text`` to the paper; return what was neither."""
    for match in _MARKDOWN_LINKS.finditer(text):
        if match["url"]:
            paper.links.append(ParsedLink(label=_link_label(match["label"]), url=match["url"]))
        elif match["badge_url"]:
            paper.badges.append(_classify_badge(match["badge_image"], match["badge_url"], paper.title, report))
        else:
            paper.badges.append(ParsedBadge(kind="custom", image=match["image"], label=_shields_label(match["image"])))
    remaining = _MARKDOWN_LINKS.sub(" ", text)
    pieces = (piece.strip(" \t,;") for line in remaining.splitlines() for piece in _LINK_SEPARATOR.split(line))
    return " ".join(piece for piece in pieces if piece)


def _link_label(label: str) -> str:
    """``**Project**`` -> "Project", ``\\[video\\]`` -> "video"."""
    return _clean_label(label).strip("[]").strip()


def _classify_badge(image: str, url: str, title: str, report: _Report) -> ParsedBadge:
    """GitHub stars and Hugging Face badges become typed badges; anything else is custom."""
    label = _shields_label(image)
    stars_repo = _shields_stars_repo(image)
    if stars_repo:
        link_repo = _github_repo(url)
        if link_repo and link_repo.lower() != stars_repo.lower():
            report.warnings.append(
                f'Paper "{_excerpt(title, 60)}": the GitHub stars badge counts {stars_repo} '
                f"but links to {link_repo}; kept {link_repo}"
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


def _paper_date(paper: ParsedPaper) -> DateSpan:
    """The year of the venue (or badge), else the month of the arXiv id, else undated."""
    for text in (paper.venue_short, paper.badge_text):
        year = _year_in(text)
        if year:
            return DateSpan(start=datetime.date(year, 1, 1), precision=Precision.YEAR)
    arxiv = _NEW_ARXIV_ID.match(paper.arxiv_id)
    if arxiv and 1 <= int(arxiv["mm"]) <= 12:
        return DateSpan(start=datetime.date(2000 + int(arxiv["yy"]), int(arxiv["mm"]), 1), precision=Precision.MONTH)
    return DateSpan()


def _year_in(text: str) -> int | None:
    """``2025`` or ``'25`` -> 2025; a two-digit year past next year is in the 1900s."""
    four = _FOUR_DIGIT_YEAR.search(text)
    if four:
        return int(four.group(1))
    two = _TWO_DIGIT_YEAR.search(text)
    if not two:
        return None
    year = 2000 + int(two.group(1))
    return year if year <= datetime.date.today().year + 1 else year - 100


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def parse_about(text: str) -> ParsedSite:
    """Parse ``_pages/about.md`` into a profile, sections, warnings and drops."""
    report = _Report()
    page = _clean_page(repair_mojibake(text).replace("\r\n", "\n"), report)
    sections = [
        section for raw in _split_sections(page, report) if (section := _build_section(raw, report)) is not None
    ]
    profile = ParsedProfile(name=_owner_name(sections), native_name=_native_name(sections))
    return ParsedSite(profile=profile, sections=sections, warnings=report.warnings, dropped=report.dropped)


def _owner_name(sections: list[ParsedSection]) -> str:
    """The bold author name that appears most often: that is whose site this is."""
    owners = Counter(
        author.name for section in sections for paper in section.papers for author in paper.authors if author.is_owner
    )
    return owners.most_common(1)[0][0] if owners else ""


def _native_name(sections: list[ParsedSection]) -> str:
    """The first non-Latin word in a parenthesis of the about text's first paragraph: "(盘卓实 in Chinese)"."""
    about = next((s.markdown for s in sections if s.kind == "about"), "")
    first_paragraph = next((p for p in about.split("\n\n") if p.strip() and not p.lstrip().startswith("<!--")), "")
    for parenthesis in re.findall(r"\(([^()]*)\)", first_paragraph):
        letters = "".join(ch if _is_non_latin_letter(ch) else " " for ch in parenthesis)
        words = letters.split()
        if words:
            return words[0]
    return ""


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
    """``…/citations?user=XXXX`` -> "XXXX"; a bare id is already the id."""
    if "://" not in value:
        return value if re.fullmatch(r"[\w-]+", value) else ""
    return parse_qs(urlparse(value).query).get("user", [""])[0]
