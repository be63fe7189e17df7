"""manage.py import_cv FILE: a JSON Resume or al-folio's _data/cv.yml into the CV's entries."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cv.importer import CVFileError, import_cv, read_cv_file


class Command(BaseCommand):
    help = (
        "Import a CV: a JSON Resume file (resume.json) or al-folio's _data/cv.yml. Entries are published; "
        "importing the same file again adds nothing. Everything is saved in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Read and report, save nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            report = import_cv(read_cv_file(file), dry_run=dry_run)
        except CVFileError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        self.stdout.write(f"Imported {file.name}" + (" (dry run)" if dry_run else ""))
        for line in report.lines():
            self.stdout.write(f"  {line}")
