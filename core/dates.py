"""Dates as academics write them: to the year, the month or the day, and "Now".

AcadHomepage pages say ``2025.08`` or ``2023.09 - Now``; inventing a day nobody
wrote would be wrong, so every stored date carries its precision and every
page formats it through :func:`format_span`.
"""

from __future__ import annotations

import datetime
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
