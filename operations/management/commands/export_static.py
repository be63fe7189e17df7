"""python manage.py export_static OUT_DIR [--base-url URL] [--relative] [--force]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from operations.static_export.exporter import ExportFailed, StaticExporter
from operations.static_export.links import normalise_base_url
from operations.static_export.out_dir import OutDirError, check_out_dir, replacing


def protected_folders() -> dict[str, Path]:
    """What an export must never replace: the project and the files the live site is made from."""
    folders = {"the project": Path(settings.BASE_DIR), "the media files": Path(settings.MEDIA_ROOT)}
    if settings.STATIC_ROOT:
        folders["the collected static files"] = Path(settings.STATIC_ROOT)
    for number, folder in enumerate(settings.STATICFILES_DIRS, start=1):
        folders[f"static source folder {number}"] = Path(folder if isinstance(folder, str | Path) else folder[1])
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and Path(str(database["NAME"])).is_absolute():
        folders["the database file"] = Path(database["NAME"]).parent
    return folders


class Command(BaseCommand):
    help = (
        "Write every live public page, feed, sitemap, download, static file and image the site uses to OUT_DIR, "
        "as plain files any static host serves (GitHub Pages, a university web space, a bucket)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="The folder to write (replaced as a whole)")
        parser.add_argument(
            "--base-url",
            help="Where the files will be served, e.g. https://owner.github.io/repo/: absolute URLs use it and "
            "links gain its path (default: the site's address under Settings → Sites)",
        )
        parser.add_argument(
            "--relative",
            action="store_true",
            help="Make links between the files relative, so the export works under any path",
        )
        parser.add_argument(
            "--force", action="store_true", help="Replace OUT_DIR even if it holds something other than an export"
        )

    def handle(self, *args, out_dir: Path, base_url: str | None, relative: bool, force: bool, **options):
        try:
            base_url = normalise_base_url(base_url) if base_url else None
            out = check_out_dir(out_dir, force=force, protected=protected_folders())
        except (ValueError, OutDirError) as error:
            raise CommandError(str(error)) from error
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("There is no default site (Settings → Sites): nothing to export.")
        try:
            with replacing(out) as staging:
                report = StaticExporter(site, staging, base_url=base_url, relative=relative).run()
        except ExportFailed as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"Export failed, {out} was left as it was. {len(error.problems)} problem(s):\n{problems}"
            ) from error
        except OSError as error:
            raise CommandError(f"Could not write the export to {out}: {error}") from error

        counts = report.counts
        self.stdout.write(self.style.SUCCESS(f"Exported {report.base_url} to {out}"))
        self.stdout.write(f"  pages: {counts['pages']} (with 404.html), redirects: {counts['redirects']}")
        self.stdout.write(f"  feeds, sitemap, downloads and badges: {counts['files']}")
        self.stdout.write(f"  documents: {counts['documents']}, images and renditions: {counts['media']}")
        self.stdout.write(f"  static files: {counts['static']}")
        self.stdout.write(f"  total: {report.files} files, {report.bytes:,} bytes")
        for note in report.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
