"""The page cut into its ``# `` sections, and each known section filled with its items: paper boxes,
dated bullets, sub-headings, and the text they do not hold."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html import unescape as unescape_html

from core.anchors import section_anchor
from core.markdown import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from homepage.importers.acadhomepage.entries import opens_with_date, parse_entry
from homepage.importers.acadhomepage.papers import (
    CITATIONS_SPAN,
    LEADING_CODE,
    LINK_FIRST,
    PAPER_BOX_OPEN,
    TITLE_LABEL,
    WHERE_NOTE,
    balanced_div_end,
    bibtex_button,
    closed_box_spans,
    first_link,
    flatten_html,
    gbt_reference,
    html_attribute,
    is_author_line,
    is_link_line,
    legend_unlike_the_homepage,
    names_year_reference,
    paper_box_as_text,
    paper_box_parts,
    paper_date,
    paper_from_markdown,
    parse_paper_box,
    reference_authors,
    tag_over_paper_line,
    tag_then_title,
    venue_tag_over_title,
)
from homepage.importers.acadhomepage.results import ParsedBox, ParsedSection
from homepage.importers.acadhomepage.source import COMMENT, HTML_TAG, Report, Src, excerpt

# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

_H1 = re.compile(r"^[ \t]{0,3}#[ \t]+(?P<title>.*\S)[ \t]*$")
_H2 = re.compile(r"^[ \t]{0,3}##[ \t]+(?P<title>.*\S)[ \t]*$")
_HTML_H1_START = re.compile(r"^[ \t]{0,3}<h1\b", re.I)
_HTML_H1_END = re.compile(r"</h1\s*>[ \t]*$", re.I)
_HTML_H1_LINES = 5  # an HTML heading closed further down is not read as one


def _heading_title(heading: re.Match[str]) -> str:
    """A heading's title without its optional closing hashes (``# News ##``), found without a regex
    that would rescan a long run of spaces from each of its positions."""
    title = heading["title"]
    bare = title.rstrip("#")
    return bare.rstrip() if bare != title and bare[-1:] in (" ", "\t") else title


_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)")

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
    "teaching": "teaching",
    "teaching experience": "teaching",
    "service": "service",
    "services": "service",
    "academic service": "service",
    "academic services": "service",
    "professional service": "service",
    "professional services": "service",
    "students": "students",
    "mentoring": "students",
    "grants": "grants",
    "funding": "grants",
    "skills": "skills",
}
# Titles the table does not know are matched by keyword, in this order: English
# keywords as whole words, Chinese ones anywhere in the title.
_SECTION_KEYWORDS = (
    ("news", {"news", "updates"}, ("新闻", "动态", "消息")),
    (
        "publications",
        {"publication", "publications", "papers", "preprint", "preprints", "manuscripts", "submission", "submissions"},
        ("论文", "发表", "出版"),
    ),
    ("honors", {"honors", "honours", "honor", "awards", "award", "prizes"}, ("荣誉", "奖励", "获奖", "奖项")),
    ("education", {"education", "educations"}, ("教育",)),
    ("talks", {"talks", "talk", "presentations"}, ("报告", "演讲", "讲座", "汇报")),
    ("teaching", {"teaching"}, ("教学", "助教")),
    ("service", {"service", "services", "reviewer", "reviewing"}, ("学术服务", "审稿")),
    ("students", {"students", "mentoring", "mentees", "supervision"}, ("指导学生",)),
    ("grants", {"grants", "grant", "funding"}, ("基金", "资助")),
    ("skills", {"skills"}, ("技能",)),
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
    parts: list[Src] = field(default_factory=list)


def split_sections(page: Src) -> list[_RawSection]:
    """Split on ``# `` headings, including headings inside HTML comments.

    A commented-out heading starts an unpublished section that ends with the
    comment; live text after the comment still renders under the last live
    heading, so it goes back there.
    """
    live = _RawSection(title=None, published=True, line=page.line(0))
    sections = [live]
    level = _section_level(page.text)
    for raw, inner in _comment_chunks(page):
        if inner is None:
            lead, headed = _split_headings(raw, level)
            live.parts.append(lead)
            for title, line, body in headed:
                live = _RawSection(title, True, line, [body])
                sections.append(live)
            continue
        lead, headed = _split_headings(inner, level)
        if not headed:
            live.parts.append(raw)
            continue
        if lead.text.strip():
            live.parts.append(Src.literal("<!--", raw.line(0)) + lead + Src.literal("-->", lead.line(len(lead.text))))
        sections.extend(_RawSection(title, False, line, [body]) for title, line, body in headed)
    return sections


def _comment_chunks(page: Src) -> Iterator[tuple[Src, Src | None]]:
    """(raw, None) for live text and (raw, inner) for each HTML comment (each closed: source.clean_page)."""
    pos = 0
    for match in COMMENT.finditer(page.text):
        if match.start() > pos:
            yield page[pos : match.start()], None
        yield page[match.start() : match.end()], page[match.start("inner") : match.end("inner")]
        pos = match.end()
    if pos < len(page.text):
        yield page[pos:], None


def _section_level(text: str) -> int:
    """The level of the headings that start sections: 1, unless the page has no ``# `` heading, at most one
    HTML ``<h1>`` (a name over the introduction, say) and some ``## `` headings: then 2."""
    counts = {_H1: 0, _H2: 0, _HTML_H1_START: 0}
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            for pattern in counts:
                counts[pattern] += bool(pattern.match(line))
    return 2 if not counts[_H1] and counts[_HTML_H1_START] <= 1 and counts[_H2] else 1


def _split_headings(text: Src, level: int = 1) -> tuple[Src, list[tuple[str, int, Src]]]:
    """Text before the first heading of ``level``, then (title, line, body) for each such heading outside code
    fences and paper boxes: a Markdown ``# Title`` line (``## Title`` at level 2), or at level 1 an HTML ``<h1>``
    starting a line and closed within a few lines. A box's own heading ("<div class='paper-box-text'
    markdown="1">⏎# Title") is its paper's title, as the page shows it inside the box."""
    markdown_heading = _H1 if level == 1 else _H2
    headings: list[tuple[str, int, int, int]] = []  # title, line, start and end of the heading's lines
    fenced = False
    pos = 0
    lines = text.text.splitlines(keepends=True)
    boxes = iter(closed_box_spans(text.text))
    box = next(boxes, None)
    skip_to = 0
    for number, line in enumerate(lines):
        while box is not None and box[1] <= pos:
            box = next(boxes, None)
        if number < skip_to or (box is not None and box[0] < pos):
            pos += len(line)
            continue
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else markdown_heading.match(line.rstrip("\r\n"))
        if heading:
            headings.append((_heading_title(heading), text.line(pos), pos, pos + len(line)))
        elif level == 1 and not fenced and _HTML_H1_START.match(line):
            within = range(number, min(number + _HTML_H1_LINES, len(lines)))
            closing = next((n for n in within if _HTML_H1_END.search(lines[n])), None)
            title = " ".join(HTML_TAG.sub(" ", "".join(lines[number : (closing or number) + 1])).split())
            if closing is not None and title:
                end = pos + sum(len(lines[n]) for n in range(number, closing + 1))
                headings.append((unescape_html(title), text.line(pos), pos, end))
                skip_to = closing + 1
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


_LINKED_HEADING = re.compile(r"(?P<lead>[^\[\]()]{0,40}?)\[(?P<words>[^\[\]\n]{1,200})\]\((?P<url>[^()\s]{1,500})\)\s*")


def _heading_text(title: str) -> str:
    """A heading as its reader sees it: inline HTML (a styled note, say) reduced to its text."""
    return " ".join(unescape_html(HTML_TAG.sub("", title)).split())


def build_section(raw: _RawSection, report: Report) -> tuple[ParsedSection, Src] | None:
    """The section, and its body text (which the about text's native name is looked up in)."""
    body = Src.join(raw.parts, raw.line)
    if raw.title is None:
        if not body.text.strip():
            return None
        section = ParsedSection(
            kind="about",
            title="About Me",
            anchor="about-me",
            markdown=as_written(body.text).strip(),
            headed=False,
        )
        return section, body
    attributes = _HEADING_ATTRIBUTES.search(raw.title)
    heading = raw.title[: attributes.start()] if attributes else raw.title
    if linked := _LINKED_HEADING.fullmatch(heading.strip()):
        # "## [CV](/files/cv.pdf)": a heading that is a link; its words head the section, the link opens it
        heading = f"{linked['lead']}{linked['words']}"
        body = Src.literal(f"[{linked['words'].strip()}]({linked['url']})\n\n", raw.line) + body
    title = _heading_text(heading) or heading.strip()
    anchor = attributes["id"] if attributes and attributes["id"] else section_anchor(title)
    kind, keyword = _section_kind(title)
    section = ParsedSection(kind=kind, title=title, anchor=anchor, published=raw.published)
    if keyword:
        report.warn(f'Section "{title}" read as {kind} because its title says "{keyword}"', raw.line)
    pieces = list(_blocks(body, comments=False)) if section.kind == "markdown" or _boxes_alone(section, body) else []
    # An untitled kind's boxes may be papers; a listed kind's (education, internships) stay what its title says.
    if section.kind == "markdown" and _papers_of_the_owner(
        [content for kind, content in pieces if kind == "paper"], raw.published
    ):
        section.kind = "publications"
        report.warn(
            f'Section "{title}" read as publications: each of its boxes names authors, the owner among them, '
            "and a venue with its year",
            raw.line,
        )
    elif boxed := _boxed(pieces):
        section.markdown, section.boxes, section.note = boxed
        section.kind = "boxes"
        return section, body
    if section.kind in _FREE_TEXT_KINDS:
        section.markdown = _free_text(body).strip()
    else:
        parser = _SectionParser(section, report)
        parser.parse(body, raw.published)
        parser.finish()
        if section.kind not in ("publications", "news") and parser.interleaved():
            # Lines grouped under sub-headings or paragraphs of their own ("## Research", a role over its
            # bullets): as entries they would be cut from their headings. The section stays as written.
            report.warn(
                f'Section "{title}": its lines stand under sub-headings or paragraphs of their own; '
                "kept as free text, in their order",
                raw.line,
            )
            section.kind, section.entries, section.markdown, section.intro = (
                "markdown",
                [],
                _free_text(body).strip(),
                "",
            )
    return section, body


def _boxes_alone(section: ParsedSection, body: Src) -> bool:
    """Whether a section of a listed kind ("🍀 流片经历", experience by its title) holds paper boxes and no lines
    of a list: its boxes keep their look, as a free-text section's do, instead of being flattened to text."""
    if section.kind in ("publications", "news") or not PAPER_BOX_OPEN.search(body.text):
        return False
    return not any(
        kind != "paper" and any(_BULLET.match(line) for line in content.text.splitlines())
        for kind, content in _blocks(body, comments=False)
    )


def _boxed(pieces: list[tuple[str, Src]]) -> tuple[str, list[ParsedBox], str] | None:
    """A free-text section made of paper boxes (projects, demos, songs): the text before them, the boxes, which
    keep their look on the new homepage, and the text after them. Text between two boxes ("- *2023.05* A
    project" without a figure) is a box of text alone, a row of its own in its place. None when a box or
    a text is longer than a field holds (the section stays free text, its boxes as the figure and text they
    show). ``pieces``: the section's ``_blocks``."""
    positions = [number for number, (kind, _) in enumerate(pieces) if kind == "paper"]
    if not positions:
        return None
    intro = as_written("".join(content.text for _, content in pieces[: positions[0]])).strip()
    after = "".join(content.text for _, content in pieces[positions[-1] + 1 :])
    boxes = [
        _box(content) if kind == "paper" else ParsedBox(text=as_written(content.text).strip())
        for kind, content in pieces[positions[0] : positions[-1] + 1]
        if kind == "paper" or not _only_layout(content.text)
    ]
    if len(intro) > MARKDOWN_MAX_LENGTH or any(len(box.text) > MARKDOWN_MAX_LENGTH for box in boxes):
        return None  # more than a field holds: free text, which is split into sections the form takes
    return intro, boxes, as_written(after).strip()


def _box(html: Src) -> ParsedBox:
    """A paper box as it showed: a text column of HTML (no ``markdown="1"``) is HTML for kramdown however its
    lines are indented, where Markdown would show an indented line after a blank one as code."""
    box = paper_box_parts(html)
    return replace(box, text=as_written(box.text).strip())


def _only_layout(text: str) -> bool:
    """Whether ``text`` shows nothing: blank lines, rules, ``<br>``, closing divs."""
    return all(not line.strip() or _LAYOUT_TAG.match(line) or _BREAK_LINE.match(line) for line in text.splitlines())


_BREAK_LINE = re.compile(r"^[ \t]*(?:<br\s*/?>[ \t]*)+$", re.I)
# A year in four digits: a venue that names it ("ICML 2025"), as a project's label rarely does; a paper's line.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _papers_of_the_owner(boxes: list[Src], published: bool) -> bool:
    """Whether there are paper boxes and they read as the owner's papers, as a section of research projects may
    list its papers: each with a title and authors, the owner among them in bold; at least half with a venue
    that names its year ("ICML 2026") or an arXiv id or DOI (a preprint, a tech report may have neither)."""
    if not boxes:
        return False
    dated = 0
    for box in boxes:
        paper = parse_paper_box(box, published, "", Report())
        if not (paper.title and any(author.is_owner for author in paper.authors)):
            return False
        venue = " ".join((paper.venue_short, paper.badge_text, paper.venue))
        dated += bool(_YEAR.search(venue) or paper.arxiv_id or paper.doi)
    return 2 * dated >= len(boxes)


def _free_text(body: Src) -> str:
    """A free-text section as written, its paper boxes (projects, say) as the text and figure they show."""
    return as_written(
        "".join(
            f"\n\n{paper_box_as_text(content)}\n\n" if kind == "paper" else content.text
            for kind, content in _blocks(body, comments=False)
        )
    )


# ``<div class='people-grid' markdown='1'>`` on a line of its own: kramdown reads the Markdown inside.
_DIV_LINE = re.compile(r"^[ \t]*<div\b(?P<attributes>[^<>]*)>[ \t]*$", re.I)
_MARKDOWN_ATTRIBUTE = re.compile(r"""\bmarkdown\s*=\s*(["']?)1\1(?![\w-])""", re.I)
_DIV_OPENS = re.compile(r"<div\b", re.I)
_DIV_CLOSES = re.compile(r"</div\s*>", re.I)


def as_written(text: str) -> str:
    """Free text of the old page as this site's Markdown (CommonMark) shows what the owner wrote for kramdown."""
    return _guillemets(_nested_under_numbers(unwrap_markdown_divs(_html_blocks_whole(text))))


# kramdown shows "<<" and ">>" as « and » ("<<A Two-stage Reference>>" is «A Two-stage Reference»); to CommonMark
# and browsers "<A Two-stage …>" is a link's opening tag, which the sanitiser empties: the words were gone. Not in
# code, nor ">>" opening a line (a quote in a quote).
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_DOUBLE_ANGLES = re.compile(r"<<(?=\S)|(?<=\S)>>")


def _guillemets(text: str) -> str:
    if "<<" not in text and ">>" not in text:
        return text
    pieces = _CODE.split(text)
    codes = _CODE.findall(text)
    angled = [_DOUBLE_ANGLES.sub(lambda m: "«" if m.group() == "<<" else "»", piece) for piece in pieces]
    return "".join(part for pair in itertools.zip_longest(angled, codes, fillvalue="") for part in pair)


# kramdown reads an HTML block from its opening tag to the closing one; CommonMark ends it at a blank line, and
# an indented line after that is code: visitors saw the page's HTML source ("<article class="pub-card">…").
_HTML_BLOCK_START = re.compile(
    r"^[ \t]*<(?P<tag>address|article|aside|blockquote|center|dd|details|div|dl|dt|fieldset|figcaption|figure|"
    r"footer|form|h[1-6]|header|li|main|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)(?=[\s/>])",
    re.IGNORECASE,
)
_HTML_TAG_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)\b(?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*')*?(?P<void>/?)>"
)
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_RAW_TEXT = re.compile(r"<(?:pre|textarea|script|style)\b|\bmarkdown\s*=", re.IGNORECASE)


def _html_blocks_whole(text: str) -> str:
    """Blank lines inside an HTML block dropped, and its lines' indents (they mean nothing in HTML), so that it
    stays one block, even where a text too long for one field is cut inside it; not in a block that holds
    Markdown (``markdown="1"``) or text whose blank lines show (``<pre>``), nor in one never closed."""
    lines = text.split("\n")
    ends = _closing_lines(lines)
    kept: list[str] = []
    number = 0
    while number < len(lines):
        end = ends[number] if _HTML_BLOCK_START.match(lines[number]) else None
        if end is None:
            kept.append(lines[number])
            number += 1
            continue
        block = lines[number : end + 1]
        kept += block if _RAW_TEXT.search("\n".join(block)) else [line.lstrip() for line in block if line.strip()]
        number = end + 1
    return "\n".join(kept)


def _closing_lines(lines: list[str]) -> list[int | None]:
    """For each line, the line where the elements opened from its start on are all closed again (None if they
    never are): the first line after which as many tags have closed as opened since. Linear: each line's answer
    is the next point where the running count of open tags is no higher than before it."""
    depth = [0]  # open elements before each line
    for line in lines:
        opened = sum(
            -1 if tag["close"] else 1
            for tag in _HTML_TAG_TOKEN.finditer(line)
            if not tag["void"] and tag["tag"].lower() not in _VOID_TAGS
        )
        depth.append(depth[-1] + opened)
    ends: list[int | None] = [None] * len(lines)
    later: list[int] = []  # points after the current one, each lower than those after it
    for point in range(len(lines), -1, -1):
        while later and depth[later[-1]] > depth[point]:
            later.pop()
        if point < len(lines) and later:
            ends[point] = later[-1] - 1
        later.append(point)
    return ends


# "1. **Trustworthy education**" over "  - Fair diagnosis": kramdown kept the bullets in the numbered item, as
# its text; CommonMark nests a list only as deep as the item's text ("1. " is three), and with two spaces
# ends the numbered list and starts one of bullets, and numbers the next item 1 again.
_NUMBERED_ITEM = re.compile(r"^(?P<marker>\d{1,9}[.)])(?P<space>[ \t]{1,4})\S")
_SHALLOW_ITEM = re.compile(r"^(?P<indent> +)(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)")


def _nested_under_numbers(text: str) -> str:
    """Lists written under a numbered item, indented less than its text, nested in it as the owner meant."""
    lines, column, fenced = text.split("\n"), 0, False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or not line.strip():
            column = 0
        elif item := _NUMBERED_ITEM.match(line):
            column = len(item["marker"]) + len(item["space"])
        elif column and (shallow := _SHALLOW_ITEM.match(line)) and len(shallow["indent"]) < column:
            lines[number] = " " * column + line[len(shallow["indent"]) :]
        elif not line.startswith((" ", "\t")):
            column = 0
    return "\n".join(lines)


def unwrap_markdown_divs(text: str) -> str:
    """The Markdown inside ``<div … markdown="1">`` blocks, without the div (a layout class of the old site
    means nothing here), set apart by blank lines so that it reads as Markdown and not as the HTML around it:
    a list of people inside two divs is a list again."""
    lines = text.split("\n")
    depth, closes = 0, []  # the depths at which an unwrapped div closes
    for number, line in enumerate(lines):
        if (div := _DIV_LINE.match(line)) and _MARKDOWN_ATTRIBUTE.search(div["attributes"]):
            depth += 1
            closes.append(depth)
            lines[number] = ""
            continue
        opened, closed = len(_DIV_OPENS.findall(line)), len(_DIV_CLOSES.findall(line))
        if closes and closed == 1 and not opened and line.strip().lower().startswith("</div") and depth == closes[-1]:
            closes.pop()
            rest = _DIV_CLOSES.split(line, maxsplit=1)[1]  # "</div> -->": what follows closes a comment
            lines[number] = rest if rest.strip() else ""
        depth += opened - closed
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Section items: paper boxes, comments, bullets, stray text
# ---------------------------------------------------------------------------


# A list item: "- ", "* ", "+ ", or numbered ("1. ", "12) "), whose number Markdown shows as the list's own.
_BULLET = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<marker>[-*+]|\d{1,9}[.)])[ \t]+(?P<text>.*)$")
_GROUP_HEADING = re.compile(r"^[ \t]{0,3}#{2,6}[ \t]+(?P<title>.*\S)[ \t]*$")
_HTML_HEADING = re.compile(r"^[ \t]{0,3}<h(?P<level>[2-6])\b[^<>]*>(?P<title>[^<>]+)</h(?P=level)\s*>[ \t]*$", re.I)
# "<details markdown="1">" and its "<summary><strong>2024</strong></summary>", each on a line of its own, folding a
# year of a list of papers away until clicked.
_DETAILS_TAG = re.compile(r"^[ \t]*</?details\b[^<>]*>[ \t]*$", re.I)
_DETAILS_SUMMARY = re.compile(
    r"^[ \t]*(?:<details\b[^<>]*>[ \t]*)?<summary\b[^<>]*>(?P<title>(?:(?!</?summary\b).)*\S(?:(?!</?summary\b).)*)"
    r"</summary>[ \t]*$",
    re.I,
)
_LAYOUT_TAG = re.compile(
    r"^[ \t]*(?:</?(?:div|section)\b[^<>]*>|<hr\b[^<>]*>|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*$", re.I
)


@dataclass
class _Fold:
    """A ``<details>`` around a list: its opening line, its summary's words, the items before it and (once
    closed) before its end."""

    opening: Src
    start: int
    words: str = ""
    end: int | None = None


# The sections that list news or entries (homepage/blocks.py), which a <details> may fold.
_LISTS = {"news", "honors", "education", "talks", "experience", "teaching", "service", "students", "grants", "skills"}


class _SectionParser:
    """Fills a known section with entries and papers, keeping the rest as Markdown."""

    def __init__(self, section: ParsedSection, report: Report) -> None:
        self.section = section
        self.report = report
        self.group = ""
        self.headings: list[tuple[int, str]] = []  # the sub-headings the papers are under, by level
        self.sequence: list[str] = []  # "entry" and "stray", in page order
        # The last sub-heading, the items before it, and where the text kept after it starts (markdown, sequence).
        self.unused_heading: tuple[Src, bool, int, int, int] | None = None
        # The one above it, nothing listed under it yet either ("## Papers" over "### 2026"): their items are listed
        # under both ("Papers — 2026"); with none, both stay the text they are.
        self.outer_heading: tuple[Src, bool, int, int, int] | None = None
        # A <details> around the list of news or entries, and its lines, kept as text until the list is read.
        self.folding: _Fold | None = None
        self.fold_lines: list[tuple[Src, int]] = []  # each with its place in ``sequence``
        self.folds = 0

    def finish(self) -> None:
        self._flush_heading()
        self._settle_fold()
        if not self._items():  # nothing listed: the text is all there is, in its order
            self.section.markdown = "\n\n".join(filter(None, [self.section.intro, self.section.markdown]))
            self.section.intro = ""

    def _flush_heading(self) -> None:
        """A sub-heading with nothing listed under it (a closing "**See my CV**") stays as the text it is; so does
        the one above it, when nothing is listed under either."""
        unused, self.outer_heading = self.outer_heading, None
        self._keep_unused_heading()
        if unused is not None and self._shown_items() == unused[2]:
            self.unused_heading = unused
            self._keep_unused_heading()

    def _keep_unused_heading(self) -> None:
        if self.unused_heading is not None:
            (heading, published, items, text_at, sequence_at), self.unused_heading = self.unused_heading, None
            if self._shown_items() == items:  # over the text kept after it ("## Working Papers" over titles alone)
                after, self.section.markdown = self.section.markdown[text_at:], self.section.markdown[:text_at]
                later, self.sequence = self.sequence[sequence_at:], self.sequence[:sequence_at]
                self._keep_stray(heading, published)
                self.section.markdown = "\n\n".join(filter(None, [self.section.markdown, after.lstrip("\n")]))
                self.sequence += later
                if not items and not text_at:  # the section's first lines ("**Papers**" over "See my Scholar page")
                    self.section.intro = "\n\n".join(filter(None, [self.section.intro, self.section.markdown]))
                    self.section.markdown = ""

    def interleaved(self) -> bool:
        """Whether text kept as Markdown (a sub-heading, a paragraph over a list) stands between the entries,
        where a list of entries would lose its place."""
        positions = [number for number, kind in enumerate(self.sequence) if kind == "entry"]
        return bool(positions) and "stray" in self.sequence[positions[0] : positions[-1]]

    def parse(self, text: Src, published: bool) -> None:
        for kind, content in _blocks(text):
            if kind == "paper" and self.section.kind != "publications":
                # A project shown as a paper box under "Project experience": the text and figure it showed.
                box = Src.literal(as_written(paper_box_as_text(content)), content.line(0))
                self._keep_stray(box, published, "a paper box outside the publications, as its text and figure")
            elif kind == "paper":
                self.section.papers.append(parse_paper_box(content, published, self.group, self.report))
            elif kind == "comment":
                if _has_items(content.text):
                    self.parse(content, published=False)
                elif content.text.strip():
                    self.report.drop(f'Comment in "{self.section.title}": {excerpt(content.text)}', content.line(0))
            else:
                self._parse_text(content, published)

    def _parse_text(self, text: Src, published: bool) -> None:
        papers, entries = self.section.kind == "publications", self.section.kind not in ("publications", "news")
        blocks = list(_text_blocks(text))
        index = 0
        while index < len(blocks):
            kind, content = blocks[index]
            index += 1
            # A bold line over papers' bullets ("**Conferences**" over "- [The Title](…)") is their sub-heading; over
            # anything else, in the publications, it may be a paper's title.
            over_bullets = index < len(blocks) and blocks[index][0] == "bullet"
            heading = (
                _bold_line(content.text, heading_only=papers and not over_bullets)
                if kind == "stray" and (papers or entries)
                else ""
            )
            if papers and kind in ("stray", "group", "bullet") and legend_unlike_the_homepage(content.text):
                # "(Note: *: 通讯作者, †: 共同一作)": the names show other marks now, which the homepage explains.
                self.report.drop(
                    f'Section "{self.section.title}": its legend of the marks after names, "{excerpt(content.text)}",'
                    " gives way to the homepage's own, for the marks it shows",
                    content.line(0),
                )
            elif kind in ("summary", "details") and papers:
                # A year of papers folded away ("<details><summary>2024</summary>" over "### Conference Papers" and
                # its bullets): its summary heads the groups inside, "2024 — Conference Papers", up to its end.
                self._fold(kind, content, published)
            elif kind in ("summary", "details") and self.section.kind in _LISTS:
                self._fold_list(kind, content, published)
            elif kind in ("summary", "details"):
                self._keep_stray(content, published)
            elif kind == "group" and papers and _heads_a_paper(blocks, index - 1):
                index = self._add_headed_paper(blocks, index - 1, published)
            elif kind == "bullet" or (kind == "stray" and papers and _paragraph_paper(content.text)):
                self._add_bullet(content, published)
            elif (kind == "group" or heading) and (entries or papers and published):
                # "## Preprints", "<h4>Journal papers</h4>", "**Scholarships**" over the lines listed under it
                outer = None
                if kind == "group" and self._under_unused_heading(content.text):
                    outer, self.unused_heading = self.unused_heading, None  # "## Papers" over "### 2026": one group
                self._flush_heading()
                self.outer_heading = outer
                if kind == "group":
                    self._enter_group(content.text)
                else:
                    self.headings, self.group = [], heading
                self._hold_heading(content, published)
            elif kind == "layout":
                self.report.drop(f'Layout tag in "{self.section.title}": {content.text.strip()}', content.line(0))
            elif self.section.kind == "news" and _is_year_label(content.text):
                # "**2026:**" over that year's news: the list shows each item's date, newest first.
                self.report.warn(
                    f'Section "{self.section.title}": the year label "{content.text.strip()}" is shown by the dates '
                    "of the news under it",
                    content.line(0),
                )
            elif kind == "stray" and not papers and (dated := _dated_lines(content)):
                # "*2026.06*: &nbsp;🎉 …" as paragraphs, not bullets: each an item all the same
                for entry in dated:
                    self._add_bullet(entry, published)
            else:
                self._keep_stray(content, published)

    def _under_unused_heading(self, line: str) -> bool:
        """Whether the sub-heading ``line`` is one level under the last one, which nothing is listed under (a
        folded year's summary is over every heading inside it)."""
        if self.unused_heading is not None and _DETAILS_SUMMARY.match(self.unused_heading[0].text):
            return True
        if self.unused_heading is None or not _GROUP_HEADING.match(self.unused_heading[0].text):
            return False
        return _heading_level(line) > _heading_level(self.unused_heading[0].text)

    def _fold(self, kind: str, content: Src, published: bool) -> None:
        """A folded part of the list: its summary a heading over all inside it (a level above "##"), its end the
        end of that heading's groups."""
        if kind == "details":
            if content.text.strip().startswith("</"):
                self._flush_heading()
                if self.headings and self.headings[0][0] == 1:
                    self.headings, self.group = [], ""
            else:
                self.report.drop(
                    f'Section "{self.section.title}": a folded part of the list is shown open, under its summary as '
                    f"a sub-heading: {content.text.strip()}",
                    content.line(0),
                )
            return
        self._flush_heading()
        title = _heading_text(_DETAILS_SUMMARY.match(content.text)["title"])[:MAX_GROUP]
        self.headings, self.group = [(1, title)], title
        self._hold_heading(content, published)

    def _fold_list(self, kind: str, content: Src, published: bool) -> None:
        """A ``<details>`` (its ``<summary>``, its end) around news or entries: kept as the text it is, as any fold,
        until ``_settle_fold`` finds it folds the whole list or the news after the first few."""
        self._keep_stray(content, published, reported=False)
        self.fold_lines.append((content, len(self.sequence) - 1))
        if kind == "details" and content.text.strip().startswith("</"):
            if self.folding is not None and self.folding.end is None:
                self.folding.end = self._items()
            return
        if kind == "details" or self.folding is None or self.folding.words or self.folding.end is not None:
            self.folding = _Fold(content, start=self._items())  # a new fold (its summary on the next line, maybe)
            self.folds += 1
        if kind == "summary":
            words = HTML_TAG.sub("", _DETAILS_SUMMARY.match(content.text)["title"])
            self.folding.words = " ".join(unescape_html(words).split())[:120]

    def _settle_fold(self) -> None:
        """A list folded whole is shown folded under its summary's words, as it was; news folded after the first
        few are those few on the homepage, the rest on the news page. Any other fold stays the text it is (a
        ``<details>`` around text of the page's own)."""
        if self.folding is None:
            return
        opening, words, start, end = self.folding.opening, self.folding.words, self.folding.start, self.folding.end
        items = self._items()
        if self.folds == 1 and start == 0 and end == items and items and words:
            self.section.fold = words
            what = f"shown folded under “{words}”, as on the old page"
        elif self.folds == 1 and self.section.kind == "news" and 0 < start < end == items:
            self.section.shown, self.section.fold = start, words
            what = (
                f"the first {start} open, the others folded under “{words}”, as on the old page"
                if words
                else f"the first {start} on the homepage, the others on the news page, as the old page folded them"
            )
        else:
            for line, _ in self.fold_lines:
                self.report.warn(
                    f'Section "{self.section.title}": kept text that is neither a bullet nor a paper box as Markdown: '
                    f'"{excerpt(line.text)}"',
                    line.first_line(),
                )
            return
        for line, place in reversed(self.fold_lines):  # its lines are the list's fold, not text
            del self.sequence[place]
            for name in ("intro", "markdown"):
                kept = getattr(self.section, name)
                if (at := kept.find(line.text.strip())) >= 0:
                    setattr(self.section, name, (kept[:at] + kept[at + len(line.text.strip()) :]).strip("\n"))
                    break
        self.report.warn(f'Section "{self.section.title}": {what}', opening.first_line())

    def _hold_heading(self, heading: Src, published: bool) -> None:
        """``heading`` as the last sub-heading, with where the items and the text kept after it start."""
        self.unused_heading = (heading, published, self._shown_items(), len(self.section.markdown), len(self.sequence))

    def _items(self) -> int:
        return len(self.section.papers) + len(self.section.entries)

    def _shown_items(self) -> int:
        """The items a visitor sees: a sub-heading over commented-out papers alone ("### Patents" over a comment,
        then lines kept as text) is shown over that text, as the page showed it."""
        return sum(item.published for item in [*self.section.papers, *self.section.entries])

    def _enter_group(self, line: str) -> None:
        """A sub-heading the papers after it are listed under; under a higher one ("## Agents", then "### Code
        agents"), both, as one group: "Agents — Code agents"."""
        level = _heading_level(line)
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, _heading_text(_heading_title(_GROUP_HEADING.match(line)))))
        self.group = " — ".join(title for _, title in self.headings)

    def _add_headed_paper(self, blocks: list[tuple[str, Src]], index: int, published: bool) -> int:
        """``## The Title (Venue)`` over the authors and links: a paper, its title a sub-heading. The paragraphs
        after the heading, up to the next heading or bullet, are the paper's; returns the index after them."""
        heading = blocks[index][1]
        parts = [Src.literal(_heading_title(_GROUP_HEADING.match(heading.text)), heading.line(0))]
        index += 1
        while index < len(blocks) and blocks[index][0] == "stray":
            parts += [Src.literal("\n\n", blocks[index][1].line(0)), blocks[index][1]]
            index += 1
        paper, origin = paper_from_markdown(Src.join(parts, heading.line(0)), self.report)
        paper.bibtex_label = bibtex_button("".join(part.text for part in parts))
        paper.published, paper.group = published, self.group
        paper.date = paper_date(paper, origin, self.report)
        self.section.papers.append(paper)
        return index

    def _add_bullet(self, text: Src, published: bool) -> None:
        """Publications list papers as bullets too; everywhere else a bullet is an entry.

        A bullet under publications that is not a paper (a note on what ``*``
        means, say) stays as Markdown: the publications list has no other place.
        """
        if not text.text.strip():
            self.report.drop(f'Empty bullet in "{self.section.title}"', text.line(0))
        elif self.section.kind != "publications":
            trailing = self.section.kind != "news"
            entry = parse_entry(text, published, self.report, trailing_dates=trailing)
            entry.group = self.group if self.section.kind != "news" else ""
            self.section.entries.append(entry)
            self.sequence.append("entry")
        elif _looks_like_paper((flat := flatten_html(text)).text):
            citations = CITATIONS_SPAN.search(text.text)
            paper, origin = paper_from_markdown(flat, self.report)
            paper.scholar_id = html_attribute(citations.group(), "data") if citations else ""
            paper.bibtex_label = bibtex_button(text.text)
            paper.published, paper.group = published, self.group
            paper.date = paper_date(paper, origin, self.report)
            if not paper.authors:
                self.report.warn(
                    f'Read the bullet as a paper, "{excerpt(paper.title, 60)}", though no authors were found in it',
                    origin.title,
                )
            self.section.papers.append(paper)
        else:  # its lines under it again, indented as the bullets nested in it were
            self._keep_stray(Src.literal("- ", text.line(0)) + text.sub(_NEXT_LINE, "\n  "), published)

    def _keep_stray(
        self, text: Src, published: bool, what: str = "text that is neither a bullet nor a paper box", reported=True
    ) -> None:
        markdown = text.text.strip()
        self.sequence.append("stray")
        if self.section.published and not published:
            markdown = f"<!-- {markdown} -->"
        # Text above the list ("✉️ means corresponding author" under "# Publications") is shown above it.
        above = not (self._items() or self.headings or self.group or self.unused_heading or self.section.markdown)
        kept = self.section.intro if above else self.section.markdown
        # Lines kept one after another ("- A working paper", "- Another") stay one list.
        joint = "\n" if _BULLET.match(markdown) and _BULLET.match(kept.rsplit("\n", 1)[-1]) else "\n\n"
        kept = joint.join(part for part in (kept, markdown) if part)
        if above:
            self.section.intro = kept
        else:
            self.section.markdown = kept
        if reported:
            self.report.warn(
                f'Section "{self.section.title}": kept {what} as Markdown{" above the list" if above else ""}: '
                f'"{excerpt(text.text)}"',
                text.first_line(),
            )


# A paragraph of one bold line ("**Scholarships**", "***2023.06*, Intern, Huawei**", "***- Patents -***",
# "<h4>Membership</h4>") over
# a list: its sub-heading.
_BOLD_LINE = re.compile(
    r"^(?:\*\*(?P<title>(?:(?!\*\*)[^\n])+)\*\*\*?|<(?P<tag>h[2-6]|b|strong)\b[^<>]*>(?P<html>[^\n]+?)</(?P=tag)>)"
    r"[ \t]*:?$",
    re.IGNORECASE,
)
# "*Under Review:*" over a list: a label in italics, its colon telling it from a venue or a sentence in italics.
_ITALIC_LABEL = re.compile(
    r"^(?:\*(?P<star>[^*\n]{1,60}?):\*|\*(?P<star2>[^*\n]{1,60}?)\*:|_(?P<line>[^_\n]{1,60}?):_)$"
)
MAX_GROUP = 100  # Entry.group
# "**2026:**", "### 2025", "<b>2024</b>" over a year's news.
_YEAR_LABEL = re.compile(
    r"^(?:#{1,6}[ \t]*)?(?:\*\*|__|<(?P<tag>b|strong|h[2-6])>)?[ \t]*(?:19|20)\d{2}(?:[ \t]*[:：])?"
    r"(?:\*\*|__|</(?P=tag)>)?[:：]?[ \t]*$",
    re.IGNORECASE,
)
MAX_YEAR_LABEL = 40  # characters: "**2026:**" and the like, never a paragraph


def _is_year_label(text: str) -> bool:
    """Whether a paragraph over news is only a year: "**2026:**", "### 2025", "<b>2024</b>"."""
    label = text.strip()
    return len(label) <= MAX_YEAR_LABEL and _YEAR_LABEL.match(label) is not None


def _bold_line(text: str, heading_only: bool = False) -> str:
    """The text of a paragraph that is one bold line (with ``heading_only``, an HTML heading), fit for a
    sub-heading; "" for any other paragraph."""
    match = _BOLD_LINE.match(text.strip())
    if match and heading_only and not (match["tag"] or "").lower().startswith("h"):
        return ""
    if not match and not heading_only and (label := _ITALIC_LABEL.match(text.strip())):
        return _heading_text(label["star"] or label["star2"] or label["line"]).strip(" :-–—")
    # ("***- Patents -***": the dashes set it off, as the stars do)
    title = _heading_text((match["title"] or match["html"]).replace("*", "")).strip(" :-–—") if match else ""
    return title if len(title) <= MAX_GROUP else ""


def _heading_level(line: str) -> int:
    return len(line.lstrip(" \t")) - len(line.lstrip(" \t").lstrip("#"))


def _heads_a_paper(blocks: list[tuple[str, Src]], index: int) -> bool:
    """Whether the sub-heading at ``index`` is a paper's title: the paragraph right after it lists authors."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and following[0] == "stray" and is_author_line(following[1].text.splitlines()[0])


def _paragraph_paper(text: str) -> bool:
    """A paragraph among the papers that is one, written over lines: "**The Title**<br>" over the names and where it
    appeared (and its links), not a note about the list that happens to hold a link."""
    lines = [line for line in flatten_html(Src.literal(text, 0)).text.splitlines() if line.strip()]
    return len(lines) >= 2 and any(is_author_line(line) for line in lines[1:3]) and _looks_like_paper("\n".join(lines))


def _looks_like_paper(text: str) -> bool:
    """A bullet (its HTML read as Markdown) with a link, or a title and authors separated by commas, or a title
    (linked, perhaps with no address yet, or in bold) over a line of names or one with its year, or the owner in
    bold opening a list of names, with a year, is a paper."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    first_line = _LEADING_BADGES.sub("", lines[0]) if lines else ""
    if TITLE_LABEL.match(first_line):  # "**Title:** Scheduling Method, Apparatus" over "- **No.:** CN…": fields
        return bool(first_link(text))
    link = first_link(text)
    if link and _PROFILE_PAGE.match(link["url"]) and not first_link(text[link.end() :]):
        return False  # "See my [Google Scholar](…/citations?user=…)": where the papers are listed, not one of them
    second_line = lines[1] if len(lines) > 1 else ""
    # "[Title](", "**The Title**", "[**KDD 2025**] [The Title]()" or "``SIGKDD 2026`` The Title" (no link yet)
    after_tag = _LEADING_VENUE_BRACKET.sub("", first_line)
    titled = any(pattern.match(after_tag) for pattern in (LINK_FIRST, _BOLD_TITLE)) or bool(
        LEADING_CODE.match(first_line)
    )
    return (
        bool(first_link(text))
        # "IJCAI 2026" over "The Title," (no link yet) and the names, or over "[The Title](), the names"
        or bool(venue_tag_over_title(lines))
        or tag_over_paper_line(lines)
        or len(re.findall(r",\s", first_line)) >= 2  # "\xa0" after commas too
        # a title over "Ada Lovelace, Charles Babbage, Mary Somerville" or over
        # "*AAAI 2027 (under review)*, 2026.06"
        or (titled and (len(re.findall(r",\s", second_line)) >= 2 or _YEAR.search(second_line) is not None))
        # "[IJCV] (CCF-A). The Title." over "Tao Wu, **Me**, Haipeng Dai, Springer IJCV 2026."
        or (tag_then_title(first_line) is not None and len(re.findall(r",\s", second_line)) >= 2)
        # "Yang X, Sun J (2024) The Title. Journal 41:915-936."
        or names_year_reference(first_line) is not None
        # "Ada Lovelace, **Me**. Deep Nets. NeurIPS 2023.": the names, then the title and where, with a year
        or (reference_authors(first_line) is not None and _YEAR.search(text) is not None)
        # "杨斯,高万林,米家奇.题目[J].农业机械学报,2019,50(S1):128-135.", as Chinese journals print references
        or gbt_reference(first_line) is not None
        # "**Me**, You. The Title. In: *SecureComm* 2026."; or the title on its own line over "**Me**, You. UK Speech.
        # 2024"
        or (_BOLD_NAME_FIRST.match(first_line) is not None and _YEAR.search(text) is not None)
        or (
            len(first_line.split()) >= 3
            and _BOLD_NAMES.match(second_line) is not None
            and _YEAR.search(second_line) is not None
        )
        # "**The Title of a Manuscript** — Ada Lovelace (1st author), et al. **Journal** (*under review*)": a title of
        # words, a dash, and the names
        or (
            (bold := _BOLD_TITLE.match(first_line)) is not None
            and len(bold.group().split()) >= 4
            and (dash := _DASH.match(first_line[bold.end() :])) is not None
            and is_author_line(re.split(r"\.\s|\s\*\*", first_line[bold.end() + dash.end() :], maxsplit=1)[0])
        )
        # "**The Title of a Manuscript.** (CSCW 2026, under review)": a title of words, and where it is.
        or (
            (bold := _BOLD_TITLE.match(first_line)) is not None
            and len(bold.group().split()) >= 4
            and WHERE_NOTE.match(first_line[bold.end() :]) is not None
        )
    )


# A person's page of papers on a site that lists them: Google Scholar, DBLP, ORCID, ResearchGate, Semantic Scholar.
_PROFILE_PAGE = re.compile(
    r"https?://(?:[\w-]+\.)*(?:scholar\.google\.[a-z.]+/citations\?|dblp\.(?:org|uni-trier\.de)/(?:pid|pers)/"
    r"|orcid\.org/\d|researchgate\.net/profile/|semanticscholar\.org/author/)",
    re.I,
)
_NEXT_LINE = re.compile(r"\n(?=[^\n])")
# Badges before a paper's title: "![TVCG](https://img.shields.io/badge/TVCG-2026-blue) **The Title**".
_LEADING_BADGES = re.compile(r"^(?:!\[[^\[\]\n]*\]\([^()\s]*\)[ \t]*)+")
_LEADING_VENUE_BRACKET = re.compile(
    r"^\\?\[(?:\*\*|__)?[^\[\]\n*_]{1,40}(?:\*\*|__)?\\?\][ \t]*(?=\[)"
)  # "[**KDD 2025**] "
_DASH = re.compile(r"^[ \t]*[—–][ \t]+(?=\S)")
_BOLD_TITLE = re.compile(r"^\*\*[^*\n]{10,}\*\*")  # a line that opens with a title in bold
_BOLD_NAME_FIRST = re.compile(r"^\*\*[^*\n\d]{2,60}\*\*[ \t]*[*†#✉]*[ \t]*[,，][ \t]*\S")
_BOLD_NAMES = re.compile(r"^\*\*[^*\n\d]{2,60}\*\*[ \t]*[*†#✉]*[ \t]*[,，.][ \t]*\S")  # "**Me**. Venue. 2019" too


def _has_items(text: str) -> bool:
    """Whether commented-out text holds bullets, paper boxes or sub-headings, not just a note."""
    return bool(PAPER_BOX_OPEN.search(text)) or any(
        _BULLET.match(line) or _GROUP_HEADING.match(line) for line in text.splitlines()
    )


def _blocks(src: Src, comments: bool = True) -> Iterator[tuple[str, Src]]:
    """("paper", html), ("comment", inner) and ("text", markdown) in page order.

    A paper box is matched first so a comment inside one stays part of it, and
    a paper box inside a comment is found when the comment is parsed. With
    ``comments=False``, comments are left in the text around them.
    """
    text = src.text
    masked = COMMENT.sub(lambda m: " " * len(m.group()), text)
    pos, pending = 0, []  # text read so far, to be yielded as one (a comment inside a bullet does not cut it)
    while pos < len(text):
        comment = COMMENT.search(text, pos) if comments else None
        box = PAPER_BOX_OPEN.search(masked, pos)
        starts = [m.start() for m in (comment, box) if m]
        if not starts:
            pending.append(src[pos:])
            break
        start = min(starts)
        if start > pos:
            pending.append(src[pos:start])
        if not (box and box.start() == start) and _inside_a_bullet(text, comment.start(), comment.end()):
            # "- <span>AAAI 2023</span>⏎<!-- - ![Conference](…) -->⏎[The Title](…)": an earlier line of the item,
            # hidden inside it, as kramdown shows the item (one item, the comment unseen). A comment on a line of
            # its own takes its line with it: a blank line left there would end the item.
            line_start = text.rfind("\n", 0, comment.start()) + 1
            whole_line = not text[line_start : comment.start()].strip() and text.startswith("\n", comment.end())
            if whole_line and pending:
                indent = min(comment.start() - line_start, len(pending[-1].text))
                pending[-1] = pending[-1][: len(pending[-1].text) - indent]
            pos = comment.end() + (1 if whole_line else 0)
            continue
        if pending:
            yield "text", Src.join(pending, pending[0].line(0))
            pending = []
        if box and box.start() == start:
            end = balanced_div_end(masked, start)
            yield "paper", src[start:end]
        else:
            end = comment.end()
            yield "comment", src[comment.start("inner") : comment.end("inner")]
        pos = end
    if pending:
        yield "text", Src.join(pending, pending[0].line(0))


# How far before a comment its bullet's first line is looked for: a bullet of a page's list is a few lines, and a
# bound keeps a page of thousands of comments in one paragraph linear.
_BULLET_REACH = 2_000


def _inside_a_bullet(text: str, start: int, end: int) -> bool:
    """Whether the comment at ``start:end`` sits inside a bullet: the bullet's lines run on before and after it,
    with no blank line, and what follows is not a new bullet or heading."""
    reach = max(0, start - _BULLET_REACH)
    paragraph = text.rfind("\n\n", reach, start)
    before = text[paragraph + 2 if paragraph >= 0 else reach : start]
    if not any(_BULLET.match(line) for line in before.split("\n")):
        return False
    line_end = _line_end(text, end)
    if text[end:line_end].strip():
        return True
    next_line = text[line_end + 1 : _line_end(text, line_end + 1)]
    return bool(next_line.strip()) and not (_BULLET.match(next_line) or _GROUP_HEADING.match(next_line))


def _line_end(text: str, start: int) -> int:
    """Where the line holding ``start`` ends: its newline, or the end of the text."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _join_lines(lines: list[Src]) -> Src:
    """Lines joined by newlines (each newline on the line it ends)."""
    pieces: list[Src] = []
    for line in lines:
        if pieces:
            pieces.append(Src.literal("\n", pieces[-1].line(len(pieces[-1].text))))
        pieces.append(line)
    return Src.join(pieces)


def _dated_lines(paragraph: Src) -> list[Src]:
    """A paragraph whose first line opens with a date, cut where each line that opens with one starts (the
    lines after such a line, up to the next, go on its text); [] for any other paragraph."""
    lines = paragraph.splitlines()
    if not lines or not opens_with_date(lines[0].text):
        return []
    entries: list[list[Src]] = []
    for line in lines:
        if opens_with_date(line.text) or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    return [_join_lines(entry) for entry in entries]


def _text_blocks(text: Src) -> Iterator[tuple[str, Src]]:
    """Bullets (with their continuation lines), sub-headings, layout lines, paragraphs.

    A bullet goes on over the lines right after it and over indented lines,
    even past blank lines: nested bullets and indented paragraphs are part of
    the item they belong to, as Markdown renders them.
    """
    kind, lines, body_indent, blank = "", [], 0, False
    joined_to: list[Src] | None = None  # the paragraph a bullet of links was joined to
    for src_line in text.splitlines():
        html_heading = _HTML_HEADING.match(src_line.text)
        if html_heading and html_heading["title"].strip():  # "<h2 style=…>2024</h2>": a sub-heading, "## 2024"
            heading = f"{'#' * int(html_heading['level'])} {html_heading['title'].strip()}"
            src_line = Src.literal(heading, src_line.line(0))
        line = src_line.text
        indent = len(line) - len(line.lstrip(" \t"))
        if kind == "bullet" and line.strip() and (indent >= body_indent or not blank):
            nested = indent >= body_indent
            if nested or not (_BULLET.match(line) or _GROUP_HEADING.match(line) or _LAYOUT_TAG.match(line)):
                lines.extend([Src.literal("", src_line.line(0))] if blank else [])
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
        folding = _DETAILS_TAG.match(line) or _DETAILS_SUMMARY.match(line)
        bullet = None if layout or folding else _BULLET.match(line)
        if (
            bullet
            and kind == "stray"
            and joined_to is not lines  # one row of links a paragraph (each paper has its own)
            and is_link_line(bullet["text"])
            and _paragraph_paper("\n".join([*(piece.text for piece in lines), bullet["text"]]))
        ):
            # "**The Title**<br>" … "Venue, 2026.<br>" then "- [Paper](…) \| [Code](…)" right under it: the paper's
            # links, set as a bullet, go with the paragraph they end
            lines.append(src_line[bullet.start("text") : bullet.end("text")])
            joined_to = lines
            continue
        if bullet or heading or layout or folding or kind == "bullet":
            if lines:
                yield kind, _join_lines(lines)
            kind, lines = "", []
        if folding:
            yield ("summary" if _DETAILS_SUMMARY.match(line) else "details"), src_line
        elif bullet:
            kind, lines = "bullet", [src_line[bullet.start("text") : bullet.end("text")]]
            body_indent = bullet.start("text")
        elif heading:
            yield "group", src_line
        elif layout:
            yield "layout", src_line
        else:
            kind = kind or "stray"
            lines.append(src_line)
    if lines:
        yield kind, _join_lines(lines)
