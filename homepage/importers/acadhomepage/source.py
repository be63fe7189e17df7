"""The page as text that knows its lines, the report of what was kept, guessed and dropped, mojibake
repaired, and the page cleaned of what Jekyll would not show (front matter, Liquid, scripts)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from homepage.importers.acadhomepage.languages import other_language_spans
from homepage.importers.acadhomepage.results import ParsedPaper


@dataclass
class Report:
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


class Src:
    """Text taken from the page, knowing the page line each of its characters came from.

    The parser cuts, joins and rewrites the page; doing that through ``Src``
    keeps, for any offset in the result, the 1-based line of the page as given
    (``lines`` has one entry per character, and one more for the end).
    """

    __slots__ = ("lines", "text")

    def __init__(self, text: str, lines: list[int]) -> None:
        self.text = text
        self.lines = lines

    @classmethod
    def page(cls, text: str) -> Src:
        lines: list[int] = []
        for number, line in enumerate(text.split("\n"), start=1):  # each line's characters and its "\n"
            lines += [number] * (len(line) + 1)
        return cls(text, lines)  # the last line has no "\n": its extra entry is the end's

    @classmethod
    def literal(cls, text: str, line: int) -> Src:
        return cls(text, [line] * (len(text) + 1))

    @classmethod
    def join(cls, pieces: list[Src], line: int = 1) -> Src:
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

    def __getitem__(self, key: slice) -> Src:
        start, stop, _ = key.indices(len(self.text))
        stop = max(start, stop)
        return Src(self.text[start:stop], [*self.lines[start:stop], self.lines[stop]])

    def __add__(self, other: Src) -> Src:
        return Src(self.text + other.text, self.lines[:-1] + other.lines)

    def strip(self) -> Src:
        start = len(self.text) - len(self.text.lstrip())
        return self[start : max(start, len(self.text.rstrip()))]

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str] | str) -> Src:
        """``pattern.sub`` (``replace`` a function or plain text); new text takes its match's line."""
        matches = pattern.finditer(self.text)
        first = next(matches, None)
        if first is None:  # most patterns find nothing in most texts: no copy of the lines
            return self
        texts: list[str] = []
        lines: list[int] = []
        pos = 0
        for match in itertools.chain([first], matches):
            new = replace(match) if callable(replace) else replace
            texts += [self.text[pos : match.start()], new]
            lines += self.lines[pos : match.start()]
            lines += [self.lines[match.start()]] * len(new)
            pos = match.end()
        texts.append(self.text[pos:])
        lines += self.lines[pos:]
        return Src("".join(texts), lines)

    def splitlines(self) -> list[Src]:
        """Lines as ``str.splitlines`` finds them, without their endings."""
        result, pos = [], 0
        for line in self.text.splitlines(keepends=True):
            content = line.splitlines()[0] if line.splitlines() else ""
            result.append(self[pos : pos + len(content)])
            pos += len(line)
        return result


def excerpt(text: str, limit: int = 80) -> str:
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

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
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
# The addresses Liquid builds the same way on every site: a quoted path through ``relative_url`` or
# ``absolute_url``, and ``site.url``/``site.baseurl`` before a path (both empty on a user's GitHub Pages
# site). What they make is the path itself, from the site's root.
_LIQUID_URL = re.compile(
    r"""\{\{-?\s*(?:(?P<quote>["'])(?P<path>[^"'{}<>]*)(?P=quote)\s*\|\s*(?:relative|absolute)_url"""
    r"""|site\.(?:base)?url)\s*-?\}\}"""
)
_ANCHOR_SPAN = re.compile(r"""<span\b[^<>]*\bclass\s*=\s*["']anchor["'][^<>]*>\s*</span>""", re.I)
COMMENT = re.compile(r"<!--(?P<inner>.*?)(?:-->|\Z)", re.S)
# A line commented out the Markdown way, as a link definition nobody sees: "[//]: # (text)", "[comment]: <> (text)".
_MARKDOWN_COMMENT = re.compile(
    r"^[ \t]{0,3}\[(?://|comment|_|#)\]:[ \t]*(?:#|<>|<#>)(?:[ \t]+(?:\(.*\)|\".*\"))?[ \t]*$", re.M
)
# kramdown's attributes for the block before (or after) them, on a line of their own: "{: #news}", "{: .notice}",
# "{:.text-center}"; kramdown applies them and shows nothing, CommonMark would show them as text.
_BLOCK_ATTRIBUTES = re.compile(
    r"^[ \t]{0,3}\{:[ \t]*(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|\S+))[^{}\n]*\}[ \t]*$", re.M
)
# A web address with spaces as a link's or an image's target, "![Stars](https://img.shields.io/…&label=Code Stars)":
# kramdown takes it whole (visitors saw the badge), CommonMark does not (they would read its source).
_SPACED_URL = re.compile(r"(?<=\]\()https?://[^()\s\"'<>]*(?:[ \t]+[^()\s\"'<>]+)+(?=\))")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_CUT = "\x00"
_CUT_LINE = re.compile(rf"^[ \t]*{_CUT}[{_CUT} \t]*(?:\n|\Z)", re.M)
_CUT_MARK = re.compile(_CUT)


def clean_page(page: Src, report: Report) -> Src:
    """The page as Markdown content only: what Jekyll would not show is gone."""
    named = _FRONT_MATTER_LANG.search(front.group(1)) if (front := FRONT_MATTER.match(page.text)) else None
    page = _strip_front_matter(page, report)
    page = _keep_shown_language(page, named[1] if named else "", report)
    page = _cut(page, _LIQUID_COMMENT, lambda m: f"Liquid comment: {excerpt(m.group())}", report)
    page = _cut(page, _MARKDOWN_COMMENT, None, report)
    page = _cut(page, _BLOCK_ATTRIBUTES, None, report)
    page = _open_comment_shown(page, report)
    _warn_about_includes(page, report)
    page = _cut(page, _RAW_BLOCK, lambda m: f"<{m['tag'].lower()}> block: {excerpt(m.group())}", report)
    page = _cut(page, _DOCUMENT_TAG, lambda m: f"HTML document tag: {excerpt(m.group())}", report)
    page = page.sub(_LIQUID_URL, lambda m: m["path"] or "")
    page = page.sub(_SPACED_URL, lambda m: re.sub(r"[ \t]+", "%20", m.group()))
    page = _cut(page, _LIQUID_ELEMENT, lambda m: f"Element built by Liquid: {excerpt(m.group())}", report)
    page = _cut(page, _LIQUID, lambda m: f"Liquid tag: {' '.join(m.group().split())}", report)
    return _cut(page, _ANCHOR_SPAN, None, report)


_FRONT_MATTER_LANG = re.compile(r"^lang:[ \t]*[\"']?(?P<lang>[A-Za-z-]+)", re.M)


def _keep_shown_language(page: Src, named: str, report: Report) -> Src:
    """A page written in two languages, one shown at a time (``lang-en``/``lang-zh`` elements): the one a
    visitor sees first, the other reported (``languages``)."""
    kept, others, spans = other_language_spans(page.text, named)
    if not spans:
        return page
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(page[position:start])
        position = end
    pieces.append(page[position:])
    report.drop(
        f"The page is written in {kept} and {', '.join(others)}, one shown at a time (lang-{kept}, "
        f"lang-{others[0]} elements): the {kept} version was imported, not its {len(spans)} parts in "
        f"{', '.join(others)}",
        page.line(spans[0][0]),
    )
    return Src.join(pieces, page.line(0))


def _open_comment_shown(page: Src, report: Report) -> Src:
    """A ``<!--`` never closed: kramdown shows it as text and all that follows it as the page, and visitors saw
    that, so the import takes what follows it, without the mark (a browser would hide the rest, as the owner
    may have meant to: the report says where to close it)."""
    comments = list(COMMENT.finditer(page.text))  # comments do not nest: only the last one can be open
    last = comments[-1] if comments else None
    if last is None or last.group().endswith("-->"):
        return page
    report.warn(
        "An HTML comment is never closed, so the old site showed what follows it (and “<!--” as text); so does "
        f"this one, without the mark. Add “-->” where it should end to hide it: {excerpt(last.group())}",
        page.line(last.start()),
    )
    return page[: last.start()] + page[last.start() + len("<!--") :]


def _warn_about_includes(page: Src, report: Report) -> None:
    """A live ``{% include %}`` shows another file's content, which this page does not hold."""
    comments = [match.span() for match in COMMENT.finditer(page.text)]
    for include in _LIQUID_INCLUDE.finditer(page.text):
        if not any(start <= include.start() < end for start, end in comments):
            report.warn(
                f"The page shows {include['file']} through a Liquid include; that file's content was not "
                f"imported (paste it into the page and import again): {' '.join(include.group().split())}",
                page.line(include.start()),
            )


def _strip_front_matter(page: Src, report: Report) -> Src:
    """Front matter is page configuration, never content; check it is YAML."""
    match = FRONT_MATTER.match(page.text)
    if not match:
        return page
    try:
        yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        # Where the broken construct starts, else where reading failed.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = page.line(match.start(1)) + mark.line if mark else page.line(0)
        report.warn(f"Front matter is not valid YAML and was ignored: {excerpt(str(exc))}", line)
    return page[match.end() :]


def _cut(
    page: Src,
    pattern: re.Pattern[str],
    describe: Callable[[re.Match[str]], str] | None,
    report: Report,
) -> Src:
    """Remove every match (reporting it), and the lines the removals emptied."""

    def replace(match: re.Match[str]) -> str:
        if describe is not None:
            report.drop(describe(match), page.line(match.start()))
        return _CUT

    return page.sub(pattern, replace).sub(_CUT_LINE, "").sub(_CUT_MARK, "")
