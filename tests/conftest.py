"""Shared fixtures: the demo page's text, a fresh site, an admin user; and an image maker."""

from io import BytesIO
from pathlib import Path

import pytest

DEMO_PAGE = Path(__file__).resolve().parents[1] / "homepage" / "demo" / "acadhomepage_about.md"


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered pages (and markdown) of one test must not be served in the next.

    The database rolls back, the caches would not; and a hostile input's CPU guard
    must time the rendering, not a memo of an earlier test's.
    """
    from django.core.cache import cache

    from core.markdown import forget_rendered
    from serving import page_cache

    cache.clear()
    page_cache.invalidate()
    forget_rendered()


@pytest.fixture
def demo_text() -> str:
    return DEMO_PAGE.read_text(encoding="utf-8")


@pytest.fixture
def imported_demo(db, demo_text):
    """The fixture page imported into an empty, freshly migrated database."""
    from homepage.importers.acadhomepage import parse_about
    from homepage.importers.writer import import_site

    return import_site(parse_about(demo_text))


@pytest.fixture(scope="session")
def installations(tmp_path_factory):
    """Sites in folders and processes of their own (tests/installations.py); the demo is migrated in once."""
    from tests.installations import Installations

    made = Installations(tmp_path_factory.mktemp("installations"))
    yield made
    made.close()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "correct horse battery")


def make_image(title: str, size: tuple[int, int]):
    """A plain PNG in the image library."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", size, "#336699").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def pytest_collection_modifyitems(config, items):
    """Tests that run the site in processes of their own (the ``installations`` fixture) are the slow drills.

    They are marked ``slow``, so a run can leave them out (``-m "not slow"``: CI runs them once, on SQLite,
    where they reach PostgreSQL themselves, and the rest on both databases), and kept on one pytest-xdist
    worker (``--dist loadgroup``), which then migrates the demo installations once, not once per worker.
    """
    import pytest

    for item in items:
        if "installations" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("installations"))
