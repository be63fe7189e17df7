"""Refreshing the metrics: one item at a time, every failure reported and contained.

An item is one request's worth of numbers: the Google Scholar file, one paper
at OpenAlex or Semantic Scholar, one repository, one Hugging Face artifact.
Items run one after another, each with the request timeout of the settings.
An item that fails (no answer in time, a server error, an unknown id, an answer
that cannot be read) is reported and its metrics keep their last good value; a
service that rate-limits the run is left alone for the rest of it. Nothing a
source does can stop the other items.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from profile_site.models import ProfileSettings
from publications.formats.bibtex import normalise_title
from publications.models import ArtifactBadge, PublicationPage

from .clients.github import fetch_github_stars
from .clients.http import FetchError, NotFound, RateLimited
from .clients.huggingface import ENDPOINTS, HubCounts, fetch_huggingface
from .clients.openalex import WorkCitations, fetch_openalex
from .clients.scholar import ScholarProfile, fetch_live, load_gs_data, parse_gs_data, read_gs_data
from .clients.semantic_scholar import fetch_semantic_scholar
from .models import PROFILE_KINDS, Kind, Metric, MetricsSettings, RefreshRun, Source, artifact_subject

SOURCE_ORDER = [Source.GOOGLE_SCHOLAR, Source.OPENALEX, Source.SEMANTIC_SCHOLAR, Source.GITHUB, Source.HUGGING_FACE]


class Progress(Protocol):
    """Where a run says what it is doing (the command prints it; tests collect it)."""

    def item(self, source: str, done: int, total: int, label: str, outcome: str, ok: bool) -> None: ...

    def problem(self, source: str, label: str, message: str) -> None: ...


@dataclass
class RefreshOptions:
    scholar_json: str = ""
    scholar_live: bool = False
    sources: Collection[str] = field(default_factory=list)  # empty: every source


@dataclass
class Item:
    source: str
    label: str
    metrics: list[Metric]
    fetch: Callable[[], Any]
    store: Callable[[Any], str]


def h_index(counts: list[int]) -> int:
    """The largest h such that h papers have at least h citations each."""
    ranked = sorted(counts, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def refresh_metrics(options: RefreshOptions, progress: Progress) -> RefreshRun:
    return Refresh(options, progress).run_all()


class Refresh:
    def __init__(self, options: RefreshOptions, progress: Progress) -> None:
        self.options = options
        self.progress = progress
        self.run = RefreshRun()
        self.metrics: dict[tuple[str, int | None, str], Metric] = {}
        self.errors: dict[int, list[str]] = defaultdict(list)
        self.attempted: set[int] = set()
        self.skipped: dict[str, str] = {}
        self.last_request: dict[str, float] = {}
        self.openalex_works: dict[str, WorkCitations] = {}
        self.openalex_incomplete = False
        self.publications = list(PublicationPage.objects.live().newest_first())

    # The run ---------------------------------------------------------------

    def run_all(self) -> RefreshRun:
        self.run.save()
        plan = {
            Source.GOOGLE_SCHOLAR: self.scholar_items,
            Source.OPENALEX: self.openalex_items,
            Source.SEMANTIC_SCHOLAR: self.semantic_scholar_items,
            Source.GITHUB: self.github_items,
            Source.HUGGING_FACE: self.huggingface_items,
        }
        for source in SOURCE_ORDER:
            if self.options.sources and source not in self.options.sources:
                continue
            items = plan[source]()
            self.run.items_total += len(items)
            for done, item in enumerate(items, start=1):
                self.run_item(item, done, len(items))
            if source == Source.OPENALEX and items:
                self.openalex_totals()
        self.keep_errors()
        self.run.finished_at = timezone.now()
        self.run.save()
        return self.run

    def run_item(self, item: Item, done: int, total: int) -> None:
        label = Source(item.source).label
        self.attempted.update(metric.pk for metric in item.metrics)
        if item.source in self.skipped:
            self.failed(item, done, total, f"skipped: {self.skipped[item.source]} earlier in this run")
            return
        self.pace(item.source)
        try:
            result = item.fetch()
            with transaction.atomic():
                outcome = item.store(result)
        except RateLimited as error:
            self.skipped[item.source] = error.message
            self.run.skipped_sources.append({"source": label, "reason": error.message})
            self.failed(item, done, total, f"{error.message}; {label} is left alone for the rest of this run")
        except NotFound as error:
            self.failed(item, done, total, error.message, counted_in_totals=True)
        except FetchError as error:
            self.failed(item, done, total, error.message)
        except Exception as error:  # noqa: BLE001 - one item's surprise must not stop the others
            self.failed(item, done, total, f"unexpected error ({error.__class__.__name__}: {error})")
        else:
            self.run.items_ok += 1
            self.progress.item(label, done, total, item.label, outcome, True)

    def failed(self, item: Item, done: int, total: int, message: str, counted_in_totals: bool = False) -> None:
        """Report a failed item; a paper OpenAlex does not know still leaves the OpenAlex totals complete."""
        self.run.items_failed += 1
        if item.source == Source.OPENALEX and not counted_in_totals:
            self.openalex_incomplete = True
        self.note_failure(item.source, item.label, message, item.metrics)
        kept = [f"{metric.shown_value:,}" for metric in item.metrics if metric.shown_value is not None]
        outcome = f"failed: {message}" + (f" (keeping {', '.join(kept)})" if kept else "")
        self.progress.item(Source(item.source).label, done, total, item.label, outcome, False)

    def note_failure(self, source: str, label: str, message: str, metrics: list[Metric]) -> None:
        source_label = Source(source).label
        self.run.failures.append({"source": source_label, "item": label, "error": message})
        for metric in metrics:
            self.attempted.add(metric.pk)
            self.errors[metric.pk].append(f"{source_label}: {message}")

    def pace(self, source: str) -> None:
        """Keep to a service's request rate (Semantic Scholar's shared limit is about one a second)."""
        interval = settings.METRICS_MIN_INTERVAL_SECONDS.get(source, 0)
        wait = self.last_request.get(source, float("-inf")) + interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last_request[source] = time.monotonic()

    def keep_errors(self) -> None:
        """Say on each metric when it was last tried and what failed (an empty error: nothing)."""
        now = timezone.now()
        for pk in self.attempted:
            Metric.objects.filter(pk=pk).update(last_attempt_at=now, last_error="\n".join(self.errors.get(pk, [])))

    def metric(self, kind: str, publication: PublicationPage | None = None, subject: str = "") -> Metric:
        key = (kind, publication.pk if publication else None, subject)
        if key not in self.metrics:
            self.metrics[key], _ = Metric.objects.get_or_create(kind=kind, publication=publication, subject=subject)
        return self.metrics[key]

    # Google Scholar ----------------------------------------------------------

    def scholar_items(self) -> list[Item]:
        metrics = [self.metric(kind) for kind in PROFILE_KINDS]
        items = []
        location = self.options.scholar_json or settings.METRICS_SCHOLAR_JSON
        if location:
            label = location if urlsplit(location).scheme else location.rsplit("/", 1)[-1]
            fetch = partial(self.parse_scholar, partial(load_gs_data, location))
            items.append(Item(Source.GOOGLE_SCHOLAR, label, metrics, fetch, self.store_scholar))
        else:
            chosen = MetricsSettings.load()  # never a document chosen by title: anyone may upload one
            if chosen.scholar_stats:
                read = partial(read_gs_data, chosen.scholar_stats.file, chosen.scholar_stats_fingerprint)
                fetch = partial(self.parse_scholar, read)
                label = "gs_data.json (Settings → Metrics)"
                items.append(Item(Source.GOOGLE_SCHOLAR, label, metrics, fetch, self.store_scholar))
        if self.options.scholar_live or settings.METRICS_SCHOLAR_LIVE:
            scholar_id = self.scholar_id()
            live = partial(fetch_live, scholar_id, settings.METRICS_SCHOLAR_LIVE_TIMEOUT_SECONDS)
            label = f"live fetch of {scholar_id or 'your profile'}"
            items.append(
                Item(Source.GOOGLE_SCHOLAR, label, metrics, partial(self.parse_scholar, live), self.store_scholar)
            )
        return items

    @staticmethod
    def parse_scholar(load: Callable[[], Any]) -> ScholarProfile:
        return parse_gs_data(load())

    @staticmethod
    def scholar_id() -> str:
        profile = ProfileSettings.for_default_site()
        return profile.google_scholar_id if profile else ""

    def store_scholar(self, profile: ScholarProfile) -> str:
        fetched_at = profile.updated or timezone.now()
        self.metric(Kind.CITATIONS).record(profile.citations, Source.GOOGLE_SCHOLAR, fetched_at)
        for kind, value in ((Kind.H_INDEX, profile.h_index), (Kind.I10_INDEX, profile.i10_index)):
            if value is not None:
                self.metric(kind).record(value, Source.GOOGLE_SCHOLAR, fetched_at)
        for year, count in profile.per_year.items():
            self.metric(Kind.CITATIONS_IN_YEAR, subject=str(year)).record(count, Source.GOOGLE_SCHOLAR, fetched_at)
        by_id = {entry.pub_id: entry for entry in profile.publications}
        by_title = defaultdict(list)
        for entry in profile.publications:
            by_title[normalise_title(entry.title)].append(entry)
        matched = 0
        for publication in self.publications:
            metric = self.metric(Kind.PAPER_CITATIONS, publication)
            if publication.scholar_id:
                entry = by_id.get(publication.scholar_id.strip())
            else:
                candidates = by_title.get(normalise_title(publication.title), [])
                entry = candidates[0] if len(candidates) == 1 else None
            if entry:
                metric.record(entry.citations, Source.GOOGLE_SCHOLAR, fetched_at)
                matched += 1
            elif publication.scholar_id:
                message = f"publication id {publication.scholar_id} is not in the Google Scholar data"
                self.note_failure(Source.GOOGLE_SCHOLAR, _paper_label(publication), message, [metric])
                self.progress.problem(Source.GOOGLE_SCHOLAR.label, _paper_label(publication), message)
        h_index_text = f", h-index {profile.h_index}" if profile.h_index is not None else ""
        return (
            f"{profile.citations:,} citations{h_index_text}, "
            f"{matched} of {len(self.publications)} papers matched (data of {fetched_at:%Y-%m-%d})"
        )

    # Papers: OpenAlex and Semantic Scholar --------------------------------------

    def openalex_items(self) -> list[Item]:
        return [
            Item(
                Source.OPENALEX,
                _paper_label(publication),
                [self.metric(Kind.PAPER_CITATIONS, publication)],
                partial(fetch_openalex, publication.doi, publication.arxiv_id, publication.title),
                partial(self.store_openalex, publication),
            )
            for publication in self.publications
        ]

    def store_openalex(self, publication: PublicationPage, work: WorkCitations) -> str:
        self.metric(Kind.PAPER_CITATIONS, publication).record(work.cited_by_count, Source.OPENALEX, timezone.now())
        self.openalex_works[work.work_id or f"page-{publication.pk}"] = work
        return f"{work.cited_by_count:,} citations"

    def openalex_totals(self) -> None:
        """Totals over the site's papers from OpenAlex: shown when there is no Google Scholar data."""
        if not settings.METRICS_OPENALEX_TOTALS or not self.openalex_works:
            return
        if self.openalex_incomplete:
            message = "totals not recomputed because some papers could not be fetched; the last totals stay"
            self.progress.problem(Source.OPENALEX.label, "totals", message)
            return
        counts = [work.cited_by_count for work in self.openalex_works.values()]
        per_year: dict[int, int] = defaultdict(int)
        for work in self.openalex_works.values():
            for year, count in work.counts_by_year.items():
                per_year[year] += count
        now = timezone.now()
        with transaction.atomic():
            self.metric(Kind.CITATIONS).record(sum(counts), Source.OPENALEX, now)
            self.metric(Kind.H_INDEX).record(h_index(counts), Source.OPENALEX, now)
            self.metric(Kind.I10_INDEX).record(sum(1 for count in counts if count >= 10), Source.OPENALEX, now)
            for year, count in per_year.items():
                self.metric(Kind.CITATIONS_IN_YEAR, subject=str(year)).record(count, Source.OPENALEX, now)

    def semantic_scholar_items(self) -> list[Item]:
        return [
            Item(
                Source.SEMANTIC_SCHOLAR,
                _paper_label(publication),
                [self.metric(Kind.PAPER_CITATIONS, publication)],
                partial(fetch_semantic_scholar, publication.doi, publication.arxiv_id),
                partial(self.store_semantic_scholar, publication),
            )
            for publication in self.publications
            if publication.doi.strip() or publication.arxiv_id.strip()
        ]

    def store_semantic_scholar(self, publication: PublicationPage, count: int) -> str:
        self.metric(Kind.PAPER_CITATIONS, publication).record(count, Source.SEMANTIC_SCHOLAR, timezone.now())
        return f"{count:,} citations"

    # Artifacts: GitHub and Hugging Face -------------------------------------------

    def artifacts(self, kinds: Collection[str]) -> list[tuple[str, str]]:
        """Each (badge kind, identifier) shown on a live paper, once."""
        badges = ArtifactBadge.objects.filter(page__in=self.publications, kind__in=kinds).exclude(identifier="")
        return sorted({(badge.kind, badge.identifier.strip()) for badge in badges})

    def github_items(self) -> list[Item]:
        items = []
        for badge_kind, identifier in self.artifacts([ArtifactBadge.Kind.GITHUB]):
            metric = self.metric(Kind.STARS, subject=artifact_subject(badge_kind, identifier))
            store = partial(self.store_count, metric, Source.GITHUB, "stars")
            items.append(Item(Source.GITHUB, identifier, [metric], partial(fetch_github_stars, identifier), store))
        return items

    def store_count(self, metric: Metric, source: str, unit: str, count: int) -> str:
        metric.record(count, source, timezone.now())
        return f"{count:,} {unit}"

    def huggingface_items(self) -> list[Item]:
        items = []
        for badge_kind, identifier in self.artifacts(ENDPOINTS):
            subject = artifact_subject(badge_kind, identifier)
            metrics = [self.metric(Kind.LIKES, subject=subject)]
            if badge_kind in {"hf_model", "hf_dataset"}:
                metrics.append(self.metric(Kind.DOWNLOADS, subject=subject))
            label = f"{ENDPOINTS[badge_kind]}/{identifier}"
            fetch = partial(fetch_huggingface, badge_kind, identifier)
            items.append(Item(Source.HUGGING_FACE, label, metrics, fetch, partial(self.store_hub, metrics)))
        return items

    def store_hub(self, metrics: list[Metric], counts: HubCounts) -> str:
        now = timezone.now()
        metrics[0].record(counts.likes, Source.HUGGING_FACE, now)
        if counts.downloads is not None and len(metrics) > 1:
            metrics[1].record(counts.downloads, Source.HUGGING_FACE, now)
            return f"{counts.likes:,} likes, {counts.downloads:,} downloads"
        return f"{counts.likes:,} likes"


def _paper_label(publication: PublicationPage) -> str:
    title = publication.title
    return f"“{title[:57]}…”" if len(title) > 60 else f"“{title}”"
