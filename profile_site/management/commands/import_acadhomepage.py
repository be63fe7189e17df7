"""python manage.py import_acadhomepage ABOUT_MD [--config _config.yml] [--images DIR] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from profile_site.importers.acadhomepage import parse_about, parse_config
from profile_site.importers.writer import ImportReport, import_site


def read_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise CommandError(f"{what} not found: {path}")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"{what} is not UTF-8 text: {path} ({error})") from error


class Command(BaseCommand):
    help = "Import an AcadHomepage site (_pages/about.md, optionally _config.yml and images) as this site's content."

    def add_arguments(self, parser):
        parser.add_argument("about", type=Path, help="The site's _pages/about.md")
        parser.add_argument("--config", type=Path, help="The site's _config.yml (name, avatar, profile links)")
        parser.add_argument(
            "--images", type=Path, help="The site's repository root or its images/ folder, for the paper figures"
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; change nothing")

    def handle(self, *args, about: Path, config: Path | None, images: Path | None, dry_run: bool, **options):
        if images is not None and not images.is_dir():
            raise CommandError(f"--images must be a folder: {images}")
        parsed = parse_about(read_text(about, "About page"))
        profile = None
        if config is not None:
            try:
                profile = parse_config(read_text(config, "Config file"))
            except ValueError as error:
                raise CommandError(str(error)) from error
        report = import_site(parsed, config=profile, images_dir=images, dry_run=dry_run)
        self.print_report(report, dry_run)

    def print_report(self, report: ImportReport, dry_run: bool) -> None:
        heading = "Dry run, nothing was saved" if dry_run else "Imported"
        self.stdout.write(self.style.MIGRATE_HEADING(f"{heading}:"))
        for label, summary in report.counts:
            self.stdout.write(f"  {label}: {summary}")
        if report.dropped:
            self.stdout.write(self.style.MIGRATE_HEADING(f"Dropped ({len(report.dropped)}), never shown on the site:"))
            for fragment in report.dropped:
                self.stdout.write(f"  - {fragment}")
        if report.warnings:
            self.stdout.write(self.style.WARNING(f"Warnings ({len(report.warnings)}):"))
            for warning in report.warnings:
                self.stdout.write(self.style.WARNING(f"  - {warning}"))
