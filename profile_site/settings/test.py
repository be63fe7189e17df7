"""The test suite: fast hashing, in-memory files where it matters, no network."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="profile_site-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="profile_site-test-static-"))
# One process: the in-memory cache; tests/conftest.py empties it before each test.
# Page caching is off so each test sees its own rendering (and query counts mean
# something); tests/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-axes refuses sign-ins without a request, as the test client's login() makes them;
# tests/test_login_throttle.py turns it on.
AXES_ENABLED = False

# SQLite: the test database in memory, one per process (pytest-xdist's workers included; it names a file
# test database after its worker only for Django's own engine name, which the owner-only engine is not).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
# PostgreSQL (DATABASE_URL=postgres://…): tables emptied with DELETE instead of TRUNCATE after
# the tests that commit (see profile_site/test_postgresql), and commits that do not wait for the
# disk, since a test database need not survive a crash.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "profile_site.db_backends.postgresql_for_tests"  # noqa: F405
    options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()

# Wagtail's search and reference indexes are kept up to date only in the tests marked ``indexes``
# (tests/conftest.py), as Wagtail's own test settings leave the search index alone: every other test
# saved each page, paper and image into both, a tenth of the in-process tests' time.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
