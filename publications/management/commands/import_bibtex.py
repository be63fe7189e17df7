"""python manage.py import_bibtex FILE.bib [--images DIR] [--dry-run] [--quiet]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.source_files import SourceFileError, read_source_file
from publications.bibtex_import import BibtexImportReport, import_bibtex
from publications.formats.bibtex import BibtexError, parse_bibtex

PROGRESS_FROM = 20  # entries; shorter imports finish before progress would help
PROGRESS_EVERY = 10
MAX_BIB_BYTES = 20 * 1024 * 1024  # a lab's whole bibliography is a few megabytes


def read_bib(path: Path) -> tuple[str, str]:
    """The file's text, and the encoding it was read in when it is not UTF-8: older tools (JabRef, BibDesk,
    Windows editors) saved .bib files in Windows-1252 or Latin-1."""
    try:
        data = read_source_file(path, limit=MAX_BIB_BYTES, what="BibTeX file")
    except SourceFileError as error:
        raise CommandError(str(error)) from error
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


class Command(BaseCommand):
    help = (
        "Create or update publications from a BibTeX file (Google Scholar, DBLP, al-folio's papers.bib): "
        "matched by citation key, DOI, then arXiv id (never by title), so running it again never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .bib file")
        parser.add_argument(
            "--images", type=Path, help="The folder with al-folio's preview images (assets/img/publication_preview)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; change nothing")
        parser.add_argument("--quiet", action="store_true", help="No progress lines, only the summary")

    def handle(self, *args, file: Path, images: Path | None, dry_run: bool, quiet: bool, **options):
        if images is not None and not images.is_dir():
            raise CommandError(f"--images must be a folder: {images}")
        text, encoding = read_bib(file)
        if encoding:
            self.stdout.write(self.style.WARNING(f"{file.name} is not UTF-8: read as {encoding}."))
        try:
            entries = parse_bibtex(text)
        except BibtexError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{file} is not valid BibTeX; nothing was imported.\n{problems}") from error
        progress = None if quiet or len(entries) < PROGRESS_FROM else self.progress
        report = import_bibtex(entries, images_dir=images, dry_run=dry_run, progress=progress)
        self.print_report(file, report, dry_run)

    def progress(self, done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            self.stderr.write(f"  {done}/{total} entries")

    def print_report(self, file: Path, report: BibtexImportReport, dry_run: bool) -> None:
        heading = "Dry run, nothing was saved" if dry_run else "Imported"
        self.stdout.write(self.style.MIGRATE_HEADING(f"{heading} ({report.entries} entries from {file.name}):"))
        self.stdout.write(
            f"  Publications: {report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        )
        for title, notes, style in (
            ("Skipped", report.skipped, self.style.MIGRATE_HEADING),
            ("Guessed", report.guessed, self.style.MIGRATE_HEADING),
            ("Warnings", report.warnings, self.style.WARNING),
        ):
            if notes:
                self.stdout.write(style(f"{title} ({len(notes)}):"))
                for note in notes:
                    self.stdout.write(f"  - {note}")
