"""``python manage.py update_metrics``: refresh citation counts, stars, likes and downloads.

Run it from cron (docs/metrics.md); with ``--quiet`` it prints only what failed,
so cron mails the owner only when something needs a look.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from metrics.update import SOURCE_ORDER, RefreshOptions, refresh_metrics


class Command(BaseCommand):
    help = (
        "Refresh the metrics the site shows: Google Scholar numbers from a gs_data.json (AcadHomepage's "
        "crawler format), paper citations from OpenAlex and Semantic Scholar, GitHub stars, Hugging Face "
        "likes and downloads. A failed item keeps its last good value and is reported."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scholar-json",
            metavar="PATH_OR_URL",
            default="",
            help="gs_data.json as AcadHomepage's crawler writes it. Default: METRICS_SCHOLAR_JSON, "
            "else the document chosen under Settings → Metrics (an AcadHomepage import chooses its copy).",
        )
        parser.add_argument(
            "--scholar-live",
            action="store_true",
            help="Also fetch from Google Scholar through the scholarly library (pip install -e '.[scholar]'). "
            "Google Scholar often blocks servers.",
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=[source.value for source in SOURCE_ORDER],
            default=[],
            metavar="SOURCE",
            help="Refresh only this source (repeatable): " + ", ".join(source.value for source in SOURCE_ORDER),
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors (for cron).")

    def handle(self, *args, scholar_json: str, scholar_live: bool, only: list[str], quiet: bool, **options) -> None:
        self.quiet = quiet
        run = refresh_metrics(
            RefreshOptions(scholar_json=scholar_json, scholar_live=scholar_live, sources=only), progress=self
        )
        if quiet:
            return
        if not run.items_total:
            self.stdout.write("Nothing to refresh: no papers, badges or Google Scholar data (see --scholar-json).")
            return
        summary = f"Done: {run.items_ok} of {run.items_total} items refreshed, {run.items_failed} failed."
        self.stdout.write(self.style.SUCCESS(summary) if not run.failures else self.style.WARNING(summary))
        for skipped in run.skipped_sources:
            self.stdout.write(f"  {skipped['source']} was skipped after: {skipped['reason']}")
        if run.failures:
            self.stdout.write("  What failed keeps its last good value:")
            for line in run.failure_lines:
                self.stdout.write(f"  - {line}")

    # Progress (see metrics.update.Progress) ----------------------------------

    def item(self, source: str, done: int, total: int, label: str, outcome: str, ok: bool) -> None:
        line = f"[{source} {done}/{total}] {label}: {outcome}"
        if not ok:
            self.stderr.write(line)
        elif not self.quiet:
            self.stdout.write(line)

    def problem(self, source: str, label: str, message: str) -> None:
        self.stderr.write(f"[{source}] {label}: {message}")
