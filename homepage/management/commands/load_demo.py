"""python manage.py load_demo — the bundled AcadHomepage page, imported with placeholder figures."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from homepage.models import HomePage

DEMO_PAGE = Path(__file__).resolve().parents[2] / "demo" / "acadhomepage_about.md"


class Command(BaseCommand):
    help = "Load the demo homepage (a real AcadHomepage page). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only load it when the site has no homepage yet")
        parser.add_argument("--images", type=Path, help="A folder with the demo's figures (default: placeholders)")

    def handle(self, *args, if_empty: bool, images: Path | None, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("The site already has a homepage; demo not loaded.")
            return
        arguments = [str(DEMO_PAGE), "--no-check"] + (["--images", str(images)] if images else [])
        call_command("import_acadhomepage", *arguments, stdout=self.stdout, stderr=self.stderr)
