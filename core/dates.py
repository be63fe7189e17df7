"""Dates as academics write them: to the year, the month or the day, and "Now".

AcadHomepage pages say ``2025.08`` or ``2023.09 - Now``; inventing a day nobody
wrote would be wrong, so every stored date carries its precision and every
page formats it through :func:`format_span`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from enum import StrEnum


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"

    @property
    def label(self) -> str:
        return self.value.capitalize()


PRECISION_CHOICES = [(p.value, p.label) for p in Precision]

PRESENT_LABEL = "Now"
RANGE_SEPARATOR = " - "


def format_date(value: datetime.date, precision: str = Precision.MONTH) -> str:
    """``2025``, ``2025.08`` or ``2025.08.03``, the way AcadHomepage writes dates."""
    precision = Precision(precision)
    if precision is Precision.YEAR:
        return f"{value.year}"
    if precision is Precision.MONTH:
        return f"{value.year}.{value.month:02d}"
    return f"{value.year}.{value.month:02d}.{value.day:02d}"


def format_span(
    start: datetime.date | None,
    end: datetime.date | None = None,
    precision: str = Precision.MONTH,
    ongoing: bool = False,
) -> str:
    """A single date, a range, or an open range ending in "Now"; "" when undated."""
    if start is None:
        return ""
    text = format_date(start, precision)
    if ongoing:
        return f"{text}{RANGE_SEPARATOR}{PRESENT_LABEL}"
    if end is not None and format_date(end, precision) != text:
        return f"{text}{RANGE_SEPARATOR}{format_date(end, precision)}"
    return text


def iso_span(start: datetime.date | None, precision: str = Precision.MONTH) -> str:
    """The machine-readable form for ``<time datetime=…>``, at the same precision."""
    if start is None:
        return ""
    precision = Precision(precision)
    if precision is Precision.YEAR:
        return f"{start.year:04d}"
    if precision is Precision.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


@dataclass(frozen=True)
class DateSpan:
    """What a dated line on the page says: start, optional end, precision, "Now"."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    precision: str = Precision.MONTH
    ongoing: bool = False
    # As the page wrote it ("Aug. 2024 - Present"); two spans of the same dates are equal however written.
    written: str = field(default="", compare=False)

    def __str__(self) -> str:
        return format_span(self.start, self.end, self.precision, self.ongoing)


def date_parts(date, precision: str) -> list[int]:
    """[year], [year, month] or [year, month, day]: the date as precisely as it is known (CSL, RIS)."""
    if date is None:
        return []
    parts = [date.year, date.month, date.day]
    return parts[: {Precision.YEAR: 1, Precision.MONTH: 2}.get(Precision(precision), 3)]


_ONE = r"(?:19|20)\d{2}(?:[./-](?:1[0-2]|0?[1-9])(?:[./-](?:3[01]|[12]\d|0?[1-9]))?)?"
_NOW = r"now|present|current|today|ongoing|至今|现在"
_SPAN = re.compile(rf"(?P<start>{_ONE})(?:\s*(?:-|–|—|~|to)\s*(?P<end>{_ONE}|{_NOW})?)?", re.I)


def parse_span(text: str) -> DateSpan:
    """A date or range as a CV file writes it: ``2017``, ``2017-2019``, ``2023 - present``, ``2021-``
    (still going), ``2022.7 - 2023.9``, ``2013-09-01``. At the coarser precision of the two ends; a text
    that is no date gives an empty span that keeps the text as written."""
    text = str(text or "").strip()
    match = _SPAN.fullmatch(text)
    if not match:
        return DateSpan(written=text)
    try:
        start, precision = _parse_one(match["start"])
        end_text = match["end"]
        if end_text is None:
            ongoing = text[match.end("start") :].strip() != ""  # "2021-": started, not ended
            return DateSpan(start=start, precision=precision, ongoing=ongoing, written=text)
        if re.fullmatch(_NOW, end_text, re.I):
            return DateSpan(start=start, precision=precision, ongoing=True, written=text)
        end, end_precision = _parse_one(end_text)
    except ValueError:  # a day the month lacks
        return DateSpan(written=text)
    order = [Precision.YEAR, Precision.MONTH, Precision.DAY]
    return DateSpan(start=start, end=end, precision=min(precision, end_precision, key=order.index), written=text)


def _parse_one(text: str) -> tuple[datetime.date, Precision]:
    parts = [int(part) for part in re.split(r"[./-]", text)]
    return datetime.date(*(parts + [1] * (3 - len(parts)))), [Precision.YEAR, Precision.MONTH, Precision.DAY][
        len(parts) - 1
    ]
