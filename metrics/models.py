"""Citation and artifact metrics, kept in the database with their history.

A page view never asks a third party for a number: ``update_metrics`` (run from
cron) fetches them, and the pages show what it stored. Every number keeps where
it came from and when it was fetched; a fetch that fails leaves the last good
number in place and says so in the admin. The owner can override any number by
hand (some have no open source at all), and the site shows it as such.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .clients.http import FetchError
from .clients.scholar import decode_gs_data, fingerprint, parse_gs_data, stored_bytes

YEAR = re.compile(r"^(19|20|21)\d\d$")
ARTIFACT_SUBJECT = re.compile(r"^(github|hf_model|hf_dataset|hf_space|hf_collection):[\w.\-]+/[\w.\-]+$")


class Kind(models.TextChoices):
    CITATIONS = "citations", "Citations"
    H_INDEX = "h_index", "h-index"
    I10_INDEX = "i10_index", "i10-index"
    CITATIONS_IN_YEAR = "citations_in_year", "Citations in a year"
    PAPER_CITATIONS = "paper_citations", "Citations of a paper"
    STARS = "stars", "GitHub stars"
    LIKES = "likes", "Hugging Face likes"
    DOWNLOADS = "downloads", "Hugging Face downloads (last 30 days)"


PROFILE_KINDS = (Kind.CITATIONS, Kind.H_INDEX, Kind.I10_INDEX)
ARTIFACT_KINDS = (Kind.STARS, Kind.LIKES, Kind.DOWNLOADS)
ARTIFACT_PREFIXES = {
    Kind.STARS: ("github",),
    Kind.LIKES: ("hf_model", "hf_dataset", "hf_space", "hf_collection"),
    Kind.DOWNLOADS: ("hf_model", "hf_dataset"),
}


class Source(models.TextChoices):
    GOOGLE_SCHOLAR = "google_scholar", "Google Scholar"
    SEMANTIC_SCHOLAR = "semantic_scholar", "Semantic Scholar"
    OPENALEX = "openalex", "OpenAlex"
    GITHUB = "github", "GitHub"
    HUGGING_FACE = "huggingface", "Hugging Face"
    MANUAL = "manual", "manual"


def source_priority() -> list[str]:
    """Which source's number is shown when several count the same thing (the owner's setting)."""
    return list(settings.METRICS_SOURCE_PRIORITY)


def artifact_subject(badge_kind: str, identifier: str) -> str:
    """The key an artifact's counts are stored under: the same repository on two papers counts once."""
    return f"{badge_kind}:{identifier.strip()}"


class Metric(models.Model):
    """One number the site shows: its last good value, where it came from, and any override."""

    kind = models.CharField(max_length=30, choices=Kind.choices)
    publication = models.ForeignKey(
        "publications.PublicationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="metrics",
        help_text="Only for the citations of one paper.",
    )
    subject = models.CharField(
        max_length=300,
        blank=True,
        help_text="For a year's citations the year (2024); for an artifact its badge kind and id "
        "(github:owner/repo, hf_model:owner/name). Empty for your totals and a paper's citations.",
    )
    value = models.PositiveBigIntegerField("fetched value", null=True, blank=True)
    source = models.CharField(max_length=30, choices=Source.choices, blank=True)
    fetched_at = models.DateTimeField("fetched", null=True, blank=True)
    manual_value = models.PositiveBigIntegerField(
        "manual value",
        null=True,
        blank=True,
        help_text="Shown instead of the fetched number, marked as entered by hand. Empty: the fetched number.",
    )
    manual_note = models.CharField(
        max_length=200, blank=True, help_text="Optional: where the number comes from, for your own reference."
    )
    manual_set_at = models.DateTimeField("manual value set", null=True, blank=True)
    last_attempt_at = models.DateTimeField("last attempt", null=True, blank=True)
    last_error = models.TextField(blank=True, help_text="What went wrong the last time it was refreshed.")

    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("kind"), FieldPanel("subject")]), FieldPanel("publication")],
            heading="What it counts",
        ),
        MultiFieldPanel([FieldPanel("manual_value"), FieldPanel("manual_note")], heading="Manual override"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("value", read_only=True),
                        FieldPanel("source", read_only=True),
                        FieldPanel("fetched_at", read_only=True),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("last_attempt_at", read_only=True), FieldPanel("last_error", read_only=True)]
                ),
            ],
            heading="Last refresh (by update_metrics)",
        ),
    ]

    class Meta:
        ordering = ["kind", "subject", "publication_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject"], condition=Q(publication__isnull=True), name="metric_unique_subject"
            ),
            models.UniqueConstraint(
                fields=["kind", "publication", "subject"],
                condition=Q(publication__isnull=False),
                name="metric_unique_publication",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        if self.manual_value != getattr(self, "_stored_manual_value", None):
            self.manual_set_at = timezone.now() if self.manual_value is not None else None
            self._stored_manual_value = self.manual_value
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_manual_value = instance.__dict__.get("manual_value")
        return instance

    @property
    def label(self) -> str:
        if self.kind == Kind.CITATIONS_IN_YEAR:
            return f"Citations in {self.subject}"
        if self.kind == Kind.PAPER_CITATIONS and self.publication_id:
            return f"Citations of “{self.publication.title}”"
        if self.kind in ARTIFACT_KINDS:
            return f"{self.get_kind_display()}: {self.subject.partition(':')[2]}"
        return self.get_kind_display()

    def clean(self) -> None:
        super().clean()
        errors = {}
        subject = self.subject.strip()
        if self.kind == Kind.PAPER_CITATIONS:
            if not self.publication_id:
                errors["publication"] = "Choose the paper whose citations this counts."
            if subject:
                errors["subject"] = "Leave empty for a paper's citations."
        elif self.publication_id:
            errors["publication"] = "Only a paper's citations belong to a paper."
        if self.kind in PROFILE_KINDS and subject:
            errors["subject"] = "Leave empty for your totals."
        if self.kind == Kind.CITATIONS_IN_YEAR and not YEAR.match(subject):
            errors["subject"] = "The year, e.g. 2024."
        if self.kind in ARTIFACT_KINDS and not (
            ARTIFACT_SUBJECT.match(subject) and subject.partition(":")[0] in ARTIFACT_PREFIXES[self.kind]
        ):
            prefixes = " or ".join(ARTIFACT_PREFIXES[self.kind])
            errors["subject"] = f"Expected {prefixes}:owner/name, e.g. {ARTIFACT_PREFIXES[self.kind][0]}:owner/name."
        if errors:
            raise ValidationError(errors)
        self.subject = subject

    # What visitors see -----------------------------------------------------

    @property
    def is_manual(self) -> bool:
        return self.manual_value is not None

    @property
    def shown_value(self) -> int | None:
        return self.manual_value if self.is_manual else self.value

    @property
    def shown_source(self) -> str:
        """``manual``, or the name of the service the number came from."""
        if self.is_manual:
            return Source.MANUAL.label
        return Source(self.source).label if self.source else ""

    @property
    def shown_at(self) -> datetime.datetime | None:
        return self.manual_set_at if self.is_manual else self.fetched_at

    # What update_metrics does ----------------------------------------------

    def record(self, value: int, source: str, fetched_at: datetime.datetime) -> None:
        """Keep a good reading in the history and show the preferred source's latest."""
        MetricReading.objects.get_or_create(
            metric=self, source=source, fetched_at=fetched_at, defaults={"value": value}
        )
        self.refresh_current()

    def refresh_current(self) -> None:
        for source in source_priority():
            latest = self.readings.filter(source=source).order_by("-fetched_at").first()
            if latest:
                self.value, self.source, self.fetched_at = latest.value, latest.source, latest.fetched_at
                break
        self.save(update_fields=["value", "source", "fetched_at"])


class MetricReading(models.Model):
    """One good number as a source gave it: the history behind a metric."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="readings")
    value = models.PositiveBigIntegerField()
    source = models.CharField(max_length=30, choices=Source.choices)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-fetched_at"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "source", "fetched_at"], name="metricreading_unique_fetch")
        ]
        indexes = [models.Index(fields=["metric", "source", "-fetched_at"], name="metricreading_latest")]

    def __str__(self) -> str:
        return f"{self.value} from {self.get_source_display()} at {self.fetched_at:%Y-%m-%d %H:%M}"


class RefreshRun(models.Model):
    """One run of ``update_metrics``: what it refreshed and what failed, for the admin."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    items_total = models.PositiveIntegerField(default=0)
    items_ok = models.PositiveIntegerField("refreshed", default=0)
    items_failed = models.PositiveIntegerField("failed", default=0)
    skipped_sources = models.JSONField(
        default=list, blank=True, help_text="Sources left out for the rest of the run, and why."
    )
    failures = models.JSONField(default=list, blank=True, help_text="Each item that failed: source, item, error.")

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "metrics refresh"

    def __str__(self) -> str:
        when = timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M")
        return f"Refresh of {when}: {self.items_ok} refreshed, {self.items_failed} failed"

    @property
    def failure_lines(self) -> list[str]:
        return [f"{failure['source']}: {failure['item']}: {failure['error']}" for failure in self.failures]


@register_setting(icon="table")
class MetricsSettings(BaseGenericSetting):
    """Where update_metrics reads the Google Scholar numbers: a document the owner chose.

    Not the newest document with a known title, since anyone who may add documents
    could upload one; and the choice is pinned to the file's content, since anyone
    who may edit documents could replace its file. Only users with this setting's
    change permission (the owner) can choose. One setting for the installation, as
    the metrics are: a per-site one would leave open which site update_metrics reads.
    """

    scholar_stats = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Google Scholar statistics (gs_data.json)",
        help_text="The file update_metrics reads your citations, h-index and i10-index from, as AcadHomepage's "
        "crawler writes it; an AcadHomepage import chooses it for you. If someone replaces this document's file, "
        "the numbers stop changing until you choose it here again.",
    )
    scholar_stats_fingerprint = models.CharField(
        max_length=64, blank=True, editable=False, help_text="SHA-256 of the file when it was chosen."
    )

    panels = [FieldPanel("scholar_stats")]
    select_related = ["scholar_stats"]

    class Meta:
        verbose_name = "metrics"
        verbose_name_plural = "metrics"

    def clean(self) -> None:
        """Pin the chosen file, and refuse one that is not a gs_data.json before update_metrics would."""
        super().clean()
        self.scholar_stats_fingerprint = ""
        if self.scholar_stats is None:
            return
        try:
            data = stored_bytes(self.scholar_stats.file)
            parse_gs_data(decode_gs_data(data))
        except FetchError as error:
            raise ValidationError({"scholar_stats": f"Not a usable gs_data.json: {error.message}."}) from None
        self.scholar_stats_fingerprint = fingerprint(data)

    def choose_scholar_stats(self, document) -> None:
        """Read from ``document`` from now on: what the importer does for the owner, who runs it."""
        self.scholar_stats = document
        self.scholar_stats_fingerprint = fingerprint(stored_bytes(document.file))
        self.save()
