"""python manage.py import_acadhomepage [ABOUT_MD] [--repo DIR] [--config _config.yml] [--images DIR] [--dry-run]"""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from core.source_files import SourceFileError, read_source_text
from homepage.importers import fidelity
from homepage.importers.acadhomepage import (
    ParsedProfile,
    apply_page_sidebar,
    data_profile_settings,
    page_author_settings,
    parse_about,
    parse_config,
    sidebar_data_profile,
    sidebar_for_page,
)
from homepage.importers.jekyll_site import body_from_layout, expand_includes, find_site_files, parse_navigation
from homepage.importers.liquid_blocks import render_blocks
from homepage.importers.writer import ImportReport, SiteExtras, import_site


def read_text(path: Path, what: str, inside: Path | None = None) -> str:
    """A text file of the site: regular, not too large, UTF-8, and within the checkout when one is given."""
    try:
        return read_source_text(path, inside=inside, what=what)
    except SourceFileError as error:
        raise CommandError(str(error)) from error


def local_host() -> str:
    """A host name the site answers to, for reading its own pages in this process."""
    host = next((host for host in settings.ALLOWED_HOSTS if host != "*"), "localhost")
    return host.lstrip(".") or "localhost"


class Command(BaseCommand):
    help = (
        "Import an AcadHomepage site as this site's content: its _pages/about.md, or a whole checkout "
        "with --repo (config, figures, navigation, favicon, Google Scholar stats)."
    )

    def add_arguments(self, parser):
        parser.add_argument("about", type=Path, nargs="?", help="The site's _pages/about.md")
        parser.add_argument(
            "--repo", type=Path, help="A checkout of the whole site: finds the about page, config, images and more"
        )
        parser.add_argument("--config", type=Path, help="The site's _config.yml (name, avatar, profile links)")
        parser.add_argument(
            "--images", type=Path, help="The site's repository root or its images/ folder, for the paper figures"
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; change nothing")
        parser.add_argument("--quiet", action="store_true", help="No progress lines, only the summary")
        parser.add_argument(
            "--no-check",
            action="store_true",
            help="Do not compare the new site with the original afterwards (built by Jekyll where it is installed)",
        )

    def handle(self, *args, about, repo, config, images, dry_run: bool, quiet: bool, no_check: bool, **options):
        extras = SiteExtras(root=repo)
        site_notes: list[str] = []
        if repo is not None:
            try:
                files = find_site_files(repo)
                extras.nav_links = (
                    parse_navigation(read_text(files.navigation, "Navigation", repo)) if files.navigation else []
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            about = about or files.about
            config = config or files.config
            images = images or files.images_dir
            extras.favicon, extras.scholar_stats = files.favicon, files.scholar_stats
            site_notes = files.notes
        if about is None:
            raise CommandError("Give the about page (ABOUT_MD) or a checkout of the site (--repo DIR).")
        if images is not None and not images.is_dir():
            raise CommandError(f"--images must be a folder: {images}")
        inside = repo if repo is not None and about.is_relative_to(repo) else None
        about_text = read_text(about, "About page", inside)
        include_notes = []
        if repo is not None and inside is not None:
            about_text, include_notes = body_from_layout(about_text, repo)
            about_text, expanded_notes = expand_includes(about_text, about, repo)
            include_notes += expanded_notes
            about_text, liquid_notes = render_blocks(about_text, about, repo)
            include_notes += liquid_notes
        parsed = parse_about(about_text)
        parsed.warnings.extend([*site_notes, *include_notes])
        profile = None
        sidebar_file = repo / "_includes" / "author-profile.html" if repo is not None else None
        sidebar = read_text(sidebar_file, "Sidebar", repo) if sidebar_file and sidebar_file.is_file() else None
        if sidebar is not None:  # its words in the about page's language ("{% if page.lang == 'en' %}…")
            sidebar = sidebar_for_page(sidebar, about_text)
        page_author = None  # "author: someone" on the page: that one of _data/authors.yml, as the sidebar shows
        authors_file = repo / "_data" / "authors.yml" if repo is not None else None
        if sidebar is not None and authors_file is not None and authors_file.is_file():
            page_author = page_author_settings(about_text, sidebar, read_text(authors_file, "Authors file", repo))
        # "{% assign author = site.data.profile_zh.author %}": the sidebar shows a _data file's profile instead
        data_description = ""
        data_name = sidebar_data_profile(about_text, sidebar) if sidebar is not None and repo is not None else None
        data_file = repo / "_data" / f"{data_name}.yml" if repo is not None and data_name else None
        if page_author is None and data_file is not None and data_file.is_file():
            text = read_text(data_file, "Profile data file", repo)
            page_author, data_description = data_profile_settings(text, data_name, sidebar)
        if config is not None:
            inside = repo if repo is not None and config.is_relative_to(repo) else None
            try:
                profile = parse_config(read_text(config, "Config file", inside), sidebar, page_author)
            except ValueError as error:
                raise CommandError(str(error)) from error
            profile.description = data_description or profile.description
        if sidebar is not None:  # the site's own sidebar may show settings of the page's front matter
            profile = profile or ParsedProfile()
            apply_page_sidebar(profile, about_text, sidebar)
        report = import_site(
            parsed,
            config=profile,
            images_dir=images,
            dry_run=dry_run,
            extras=extras,
            progress=None if quiet else self.show_progress,
        )
        self.print_report(report, dry_run)
        if not (dry_run or no_check):
            self.compare_with_original(repo, about_text, profile)

    def compare_with_original(self, repo: Path | None, about_text: str, profile: ParsedProfile | None) -> None:
        """What share of the old homepage's words the new site shows, and which it does not."""
        sidebar = []
        if profile is not None:
            sidebar = [
                profile.name, profile.bio, profile.description, profile.location, profile.employer,
                profile.sidebar_note,
            ]  # fmt: skip
        self.stdout.write(
            "Comparing with the original"
            + (" (building it with Jekyll)…" if repo is not None and shutil.which("jekyll") else "…")
        )
        try:
            original, compared_with = fidelity.original_words(repo, about_text, sidebar)
        except (ValueError, OSError, subprocess.SubprocessError) as error:
            self.stdout.write(self.style.WARNING(f"Could not build the original to compare with: {error}"))
            original, compared_with = fidelity.original_words(None, about_text, sidebar)
        pages = fidelity.new_site_pages(Client(HTTP_HOST=local_host()))
        self.stdout.write(fidelity.measure(original, pages, compared_with).summary())

    def show_progress(self, label: str, done: int, total: int) -> None:
        if total >= 5 and (done == total or done % 5 == 0):
            self.stderr.write(f"  {label}: {done}/{total}")

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
