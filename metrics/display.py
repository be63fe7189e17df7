"""What the pages show: the stored metrics, in one query for the profile and one for the papers.

Nothing here asks a third party for anything; a number nobody fetched yet is
simply not shown. Lookups are kept on the request, so a page that shows twenty
paper boxes and their badges still makes one query for all their numbers.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import ARTIFACT_KINDS, PROFILE_KINDS, Kind, Metric, artifact_subject

SHOWN = Q(value__isnull=False) | Q(manual_value__isnull=False)
PLACEHOLDERS = {
    "{citations}": Kind.CITATIONS,
    "{h-index}": Kind.H_INDEX,
    "{h_index}": Kind.H_INDEX,
    "{i10-index}": Kind.I10_INDEX,
    "{i10_index}": Kind.I10_INDEX,
}
PLACEHOLDER = re.compile("|".join(re.escape(placeholder) for placeholder in PLACEHOLDERS))
TAG = re.compile(r"(<[^>]*>)")
MANUAL_TEXT = "entered by hand"


def compact_number(value: int) -> str:
    """1234 as 1.2k and 1234567 as 1.2M, as shields.io badges write counts."""
    for divisor, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if value >= divisor:
            scaled = value / divisor
            text = f"{scaled:.1f}".removesuffix(".0") if scaled < 10 else f"{int(scaled)}"
            return text + suffix
    return str(value)


def provenance(metric: Metric) -> str:
    """Where a shown number comes from and when, e.g. "Google Scholar, 2025.03.14"."""
    source = MANUAL_TEXT if metric.is_manual else metric.shown_source
    when = metric.shown_at
    return f"{source}, {timezone.localtime(when):%Y.%m.%d}" if when else source


@dataclass
class ProfileMetrics:
    """Total citations, h-index, i10-index and citations per year, as the sidebar shows them."""

    citations: Metric | None = None
    h_index: Metric | None = None
    i10_index: Metric | None = None
    per_year: list[Metric] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.numbers or self.per_year)

    @property
    def numbers(self) -> list[tuple[str, Metric]]:
        pairs = (("Citations", self.citations), ("h-index", self.h_index), ("i10-index", self.i10_index))
        return [(label, metric) for label, metric in pairs if metric]

    @property
    def fetched(self) -> list[Metric]:
        return [metric for _, metric in self.numbers if not metric.is_manual]

    @property
    def source_text(self) -> str:
        return " and ".join(dict.fromkeys(metric.shown_source for metric in self.fetched))

    @property
    def updated(self) -> datetime.datetime | None:
        dates = [metric.shown_at for metric in self.fetched if metric.shown_at]
        return max(dates) if dates else None

    @property
    def manual_labels(self) -> list[str]:
        return [label for label, metric in self.numbers if metric.is_manual]

    @property
    def chart_years(self) -> list[tuple[int, int]]:
        return [(int(metric.subject), metric.shown_value) for metric in self.per_year]


def profile_metrics(request=None) -> ProfileMetrics:
    if request is not None and hasattr(request, "_profile_metrics"):
        return request._profile_metrics
    rows = Metric.objects.filter(SHOWN, publication__isnull=True, kind__in=[*PROFILE_KINDS, Kind.CITATIONS_IN_YEAR])
    profile = ProfileMetrics()
    years = []
    for metric in rows:
        if metric.kind == Kind.CITATIONS_IN_YEAR:
            years.append(metric)
        else:
            setattr(profile, metric.kind, metric)
    profile.per_year = _one_source(sorted(years, key=lambda metric: metric.subject), profile.citations)
    if request is not None:
        request._profile_metrics = profile
    return profile


def _one_source(years: list[Metric], total: Metric | None) -> list[Metric]:
    """The last years of one source (the total's, when fetched), so bars are comparable."""
    source = total.source if total and not total.is_manual and total.source else ""
    if not source:
        fetched_sources = [metric.source for metric in years if not metric.is_manual and metric.source]
        source = max(set(fetched_sources), key=fetched_sources.count) if fetched_sources else ""
    chosen = [metric for metric in years if metric.is_manual or metric.source == source]
    return chosen[-settings.METRICS_CHART_YEARS :]


@dataclass
class ListingMetrics:
    """Each paper's citation count and each artifact's counts, for every paper on a page."""

    papers: dict[int, Metric] = field(default_factory=dict)
    artifacts: dict[tuple[str, str], Metric] = field(default_factory=dict)

    def for_badge(self, badge) -> dict[str, Metric]:
        subject = artifact_subject(badge.kind, badge.identifier) if badge.identifier else ""
        found = {kind: self.artifacts.get((kind, subject)) for kind in ARTIFACT_KINDS}
        return {kind: metric for kind, metric in found.items() if metric}


def listing_metrics(request=None) -> ListingMetrics:
    if request is not None and hasattr(request, "_listing_metrics"):
        return request._listing_metrics
    listing = ListingMetrics()
    for metric in Metric.objects.filter(SHOWN, kind__in=[Kind.PAPER_CITATIONS, *ARTIFACT_KINDS]):
        if metric.kind == Kind.PAPER_CITATIONS:
            listing.papers[metric.publication_id] = metric
        else:
            listing.artifacts[(metric.kind, metric.subject)] = metric
    if request is not None:
        request._listing_metrics = listing
    return listing


def badge_value(badge, metrics: dict[str, Metric]) -> SafeString:
    """The right part of an artifact badge: the counts when there are some, else the name."""
    stars, likes, downloads = (metrics.get(kind) for kind in (Kind.STARS, Kind.LIKES, Kind.DOWNLOADS))
    shown, spoken = [], []
    if stars:
        shown.append(compact_number(stars.shown_value))
        spoken.append(f"{stars.shown_value:,} stars")
    if likes:
        shown.append(f"♥ {compact_number(likes.shown_value)}")
        spoken.append(f"{likes.shown_value:,} likes")
    if downloads:
        shown.append(f"↓ {compact_number(downloads.shown_value)}")
        spoken.append(f"{downloads.shown_value:,} downloads in the last 30 days")
    if not shown:
        return format_html("{}", badge.value_text)
    counted = [metric for metric in (stars, likes, downloads) if metric]
    return format_html(
        '<span class="metric-count{}" aria-hidden="true" title="{}">{}</span><span class="visually-hidden">{}</span>',
        " metric-count--manual" if any(metric.is_manual for metric in counted) else "",
        "; ".join(dict.fromkeys(provenance(metric) for metric in counted)),
        " · ".join(shown),
        ", ".join(spoken) + (f" ({MANUAL_TEXT})" if any(metric.is_manual for metric in counted) else ""),
    )


def fill_placeholders(html: str) -> SafeString:
    """Replace ``{citations}``, ``{h-index}`` and ``{i10-index}`` in rendered text (not inside tags)."""
    if not PLACEHOLDER.search(html):
        return mark_safe(html)  # noqa: S308 - the caller's HTML, unchanged
    profile = profile_metrics()

    def number(match: re.Match) -> str:
        metric = getattr(profile, PLACEHOLDERS[match.group()])
        if metric is None:
            return '<span class="metric-value metric-value--missing">–</span>'
        return format_html(
            '<span class="metric-value" title="{}">{}</span>', provenance(metric), f"{metric.shown_value:,}"
        )

    parts = TAG.split(html)
    filled = [part if part.startswith("<") else PLACEHOLDER.sub(number, part) for part in parts]
    return mark_safe("".join(filled))  # noqa: S308 - sanitised HTML with our own escaped spans added
