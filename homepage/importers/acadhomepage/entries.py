"""Dated bullets (news, honors, education, talks, internships): the date as precisely as written."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from core.dates import DateSpan, Precision
from core.markdown import split_entry
from homepage.importers.acadhomepage.results import ParsedEntry
from homepage.importers.acadhomepage.source import Report, Src, excerpt

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
_TO = r"(?:--|-|–|—|~|to)"  # "2020--2024": kramdown shows two hyphens as an en dash
# A date opening a bullet, perhaps styled, in code ("`2026-04`: ") or in brackets (escaped from Markdown too:
# ``\[2025/08/02\]``).
_DATED = re.compile(
    rf"(?P<open>\*\*|\*|__|_|`|<(?:i|em|b|strong)>)?(?P<style><(?P<tag>font|span)\b[^<>]{{0,200}}>)?(?:\\?\[)?"
    rf"(?P<start>{_ONE_DATE})(?:[ \t]*{_TO}[ \t]*(?P<end>{_ONE_DATE}|{_NOW}))?(?:\\?\])?",
    re.I,
)
_RANGE = rf"(?P<start>{_ONE_DATE})(?:[ \t]*{_TO}[ \t]*(?P<end>{_ONE_DATE}|{_NOW}))?"
# ", 2022", ", 2021~2025 (expected)" or " (Sep 2023 - Feb 2024)" at the end of a line.
_TRAILING_DATE = re.compile(
    rf"(?:,[ \t]*|(?<![ \t])[ \t]+(?P<paren>\()){_RANGE}(?(paren)\)|(?P<note>[ \t]*\([^()\n]*\))?)$", re.I
)
# A bullet written as one HTML paragraph: ``- <p style='text-align:justify'><i>2026.04</i>: text</p>``.
_PARAGRAPH = re.compile(r"^<p\b[^>]*>(?P<inner>(?:(?!</?p\b).)*)</p>[ \t]*$", re.S | re.I)
_ENTRY_LEAD = re.compile(r"^(?:[\s:,\u00a0：，、]|&nbsp;)+")
_DASH_AFTER_DATE = re.compile(r"^(?:[ \t\u00a0]|&nbsp;)*[—–-](?=[ \t\u00a0]|&nbsp;)")
_PRECISIONS = (Precision.YEAR, Precision.MONTH, Precision.DAY)


# What follows a date that opens a line of its own as an entry's: ":", ",", "-", a no-break space.
_AFTER_LEADING_DATE = re.compile(r"[ \t]*(?:[:,：，\u00a0–—-]|&nbsp;)")


def opens_with_date(line: str) -> bool:
    """Whether a line (not a bullet) opens with a date the way a dated entry does: styled or in brackets
    (``*2026.06*``, ``[2025/08]``), or followed by ":", "," or a dash ("2024.05: …"), not a sentence that
    starts with a year ("2024 was a good year")."""
    match = _DATED.match(line.strip())
    if not match:
        return False
    bracketed = match.group().endswith("]")
    return bool(match["open"] or match["style"] or bracketed or _AFTER_LEADING_DATE.match(line.strip()[match.end() :]))


def parse_entry(src: Src, published: bool, report: Report, trailing_dates: bool = False) -> ParsedEntry:
    """``*2025.08*: &nbsp; text`` -> date span + text; undated bullets keep all text.

    With ``trailing_dates`` (honors, education …, not news), a bullet that does
    not start with its date may end a line with it: "National Scholarship, 2022".
    """
    text = src.text
    if paragraph := _PARAGRAPH.match(text):
        text = paragraph["inner"]
    match = _DATED.match(text)
    if not match:
        if trailing_dates:
            return _parse_trailing_date(src, published, report)
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    try:
        span = _date_span(match["start"], match["end"], report, text, src.line(0))
        span = replace(span, written=_written(text, match))
    except ValueError:
        report.warn(f'Impossible date, kept the bullet undated: "{excerpt(text)}"', src.line(0))
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    rest = text[match.end() :]
    if match["style"]:  # a coloured date, ``**<font color='#1f77b4'>2026.08</font>**``: the colour goes with it
        rest = re.sub(rf"^[ \t]*</{match['tag']}\s*>", "", rest, flags=re.I)
    rest = _DASH_AFTER_DATE.sub("", _after_date(rest, match["open"]), count=1)  # "2024 — A prize": the dash parts them
    return ParsedEntry(date=span, text=_entry_text(rest), published=published)


def _parse_trailing_date(src: Src, published: bool, report: Report) -> ParsedEntry:
    """The one date (or range) that ends a line of the bullet before a list it goes on into ("Reviewer:", then
    "- KDD 2024, 2026": the list's years are its items'), taken out of its text."""
    text = src.text
    lines = text.split("\n")
    head, listed = split_entry(text)
    lead = len(head.split("\n")) if listed else len(lines)
    found = [(i, match) for i, line in enumerate(lines[:lead]) if (match := _TRAILING_DATE.search(line.rstrip()))]
    if len(found) != 1 or not lines[found[0][0]][: found[0][1].start()].strip():
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    index, match = found[0]
    line_number = src.line(sum(len(line) + 1 for line in lines[:index]) + match.start())
    line = lines[index]
    try:
        span = _date_span(match["start"], match["end"], report, text, line_number)
        span = replace(span, written=_written(line, match))
    except ValueError:
        return ParsedEntry(date=DateSpan(), text=_entry_text(text), published=published)
    written = match["start"] + (f" - {match['end']}" if match["end"] else "")
    report.warn(
        f'Read the date "{written}" from the end of a line, not from the start of the bullet: "{excerpt(line)}"',
        line_number,
    )
    hard_break = line[len(line.rstrip()) :]
    lines[index] = line[: match.start()] + (f" {match['note'].strip()}" if match["note"] else "") + hard_break
    return ParsedEntry(date=span, text=_entry_text("\n".join(lines)), published=published)


def _written(text: str, match: re.Match[str]) -> str:
    """The date or range as the line shows it (two hyphens are an en dash to kramdown: "2020–2024")."""
    return text[match.start("start") : match.end("end") if match["end"] else match.end("start")].replace("--", "–")


def _after_date(rest: str, emphasis: str | None) -> str:
    """The bullet after its date, without the date's closing emphasis.

    A note inside the emphasis stays: ``*2019.08 - 2026.12 (Expected)*, Ph.D.``
    reads "(Expected), Ph.D.".
    """
    if not emphasis:
        return rest
    closing = f"</{emphasis[1:]}" if emphasis.startswith("<") else emphasis
    close = rest.find(closing)
    if close == 0 or (0 < close <= 40 and "\n" not in rest[:close]):
        return rest[:close] + rest[close + len(closing) :]
    return rest


def _entry_text(text: str) -> str:
    return _ENTRY_LEAD.sub("", text).replace("\\|", "|").rstrip()


def _date_span(start: str, end: str | None, report: Report, context: str, line: int) -> DateSpan:
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
            f'kept the coarser one: "{excerpt(context)}"',
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
