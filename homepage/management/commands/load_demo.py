"""python manage.py load_demo — the bundled AcadHomepage page and profile, imported with placeholder figures."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from homepage.models import HomePage

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PAGE = DEMO_DIR / "acadhomepage_about.md"
DEMO_CONFIG = DEMO_DIR / "_config.yml"


class Command(BaseCommand):
    help = "Load the demo homepage (a real AcadHomepage page) and its profile. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only load it when the site has no homepage yet")
        parser.add_argument("--images", type=Path, help="A folder with the demo's figures (default: placeholders)")

    def handle(self, *args, if_empty: bool, images: Path | None, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("The site already has a homepage; demo not loaded.")
            return
        arguments = [str(DEMO_PAGE), "--config", str(DEMO_CONFIG), "--images", str(images or DEMO_DIR)]
        report = StringIO()
        call_command("import_acadhomepage", *arguments, "--no-check", "--quiet", stdout=report, stderr=StringIO())
        # What was loaded; the importer's notes on how it read the page are for owners importing their own.
        counts = [line for line in report.getvalue().splitlines() if line.startswith("  ") and ": " in line[2:]]
        counts = [line for line in counts if not line.startswith("  - ")]
        self.stdout.write("Loaded the demo homepage:\n" + "\n".join(counts))
        if not images:
            self.stdout.write("  (Its paper figures are placeholders. Import your own site with import_acadhomepage.)")
