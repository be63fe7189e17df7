"""Shared fixtures: the demo page's text, a fresh site, an admin user; and an image maker."""

import gc
import os
from pathlib import Path

import pytest

from tests.helpers import DEMO_PAGE


def pytest_sessionstart(session):
    """What Django and the test modules made is frozen, as the site's own processes freeze what starting made
    (core/startup.py); and the collector runs after 100,000 new objects instead of 700: a test process builds
    and throws away whole pages, admin forms and imports, whose objects the default had walked again and again.
    Measured on a 2-core machine: 13% less CPU for the in-process tests, the worker's memory within 560 MB."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's: runs with -p no:xdist do not know it
def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one worker per core (the cores this process may use).

    A worker more used to pay: the drills and the browser tests waited for processes of their own, a third to
    a half of their time, and a third worker's in-process tests filled the cores meanwhile. Since the browser
    tests run Chromium's headless shell (tests/e2e/conftest.py), the cores are busy without it and a third
    worker adds its own start (collecting, the database, the demo's snapshot) and contention. Measured on a
    2-core machine, run after run: ``make test``'s pytest 4 min 31 s and 452 CPU-seconds (counting the
    processes it waits for) with three workers, 4 min 15 s and 401 with two (4 min 13 s before); CI's
    PostgreSQL run 3 min 48 s with three, 3 min 34 s with two."""
    return len(os.sched_getaffinity(0))


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered pages (and fragments, and markdown) of one test must not be served in the next.

    The database rolls back, the caches would not; and a hostile input's CPU guard
    must time the rendering, not a memo of an earlier test's.
    """
    from django.core.cache import cache

    from core.markdown import forget_rendered
    from serving import fragments, page_cache

    cache.clear()
    page_cache.invalidate()
    fragments.clear()
    forget_rendered()


def indexed():
    """The test settings' search backend, its index following each save as on the site."""
    from django.conf import settings

    return {"default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": True}}


@pytest.fixture(autouse=True)
def _indexes(request):
    """Wagtail's search and reference indexes follow each save only in the tests marked ``indexes``
    (profile_site/settings/test.py turns the search index's updates off for the others)."""
    if request.node.get_closest_marker("indexes"):
        from django.test import override_settings

        with override_settings(WAGTAILSEARCH_BACKENDS=indexed()):
            yield
        return
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with disable_reference_index_auto_update():
        yield


@pytest.fixture
def demo_text() -> str:
    return DEMO_PAGE.read_text(encoding="utf-8")


def import_demo() -> None:
    from homepage.importers.acadhomepage import parse_about
    from homepage.importers.writer import import_site

    import_site(parse_about(DEMO_PAGE.read_text(encoding="utf-8")))


def import_and_visit_demo() -> None:
    """The demo imported, then each of its pages seen once, which makes the images' renditions."""
    from django.test import Client
    from wagtail.models import Page

    import_demo()
    client = Client()
    for page in Page.objects.live().public().specific():
        if url := page.get_url():
            assert client.get(url).status_code == 200, url


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """What importing the demo (and a first visit) changes in a freshly migrated database, found once per
    test process; the rendition files stay on disk for the session."""
    from django.test import override_settings

    from tests.snapshot import Snapshot

    with django_db_blocker.unblock(), override_settings(WAGTAILSEARCH_BACKENDS=indexed()):
        return Snapshot.take(import_and_visit_demo)  # indexed as on the site, once


@pytest.fixture
def imported_demo(db, demo_snapshot):
    """The fixture page imported into an empty, freshly migrated database, its pages seen once
    (tests/snapshot.py: in milliseconds)."""
    from homepage.models import HomePage

    if not demo_snapshot.apply():
        import_demo()  # a fixture made rows the import would have met: import for real
    return HomePage.objects.get()


MIGRATED_SQLITE = pytest.StashKey[Path]()
MIGRATED_POSTGRES = pytest.StashKey[str]()
MIGRATION_LOCK = pytest.StashKey[object]()
COPIES_MIGRATION = pytest.StashKey[bool]()


def _migrated_postgres_name(run: int) -> str:
    """The database a PostgreSQL run's first worker leaves as ``migrate`` made it, named after the run's main
    process (each worker's parent), which drops it as the run ends (``pytest_sessionfinish``)."""
    from django.db import connection

    return f"test_{connection.settings_dict['NAME']}_migrated_{run}"


@pytest.fixture(scope="session")
def django_db_use_migrations(request, tmp_path_factory):
    """Whether this process migrates its test database; under pytest-xdist only the first worker does.

    Migrating an empty database takes a process some 15 s of CPU on a 2-core machine (223 migrations, most of
    them Wagtail's), and each of the run's workers did it for itself. The first worker to take the lock
    migrates and keeps the result (``django_db_setup`` below): on SQLite in a file of the run's, on PostgreSQL
    as a database of its own. The others wait for it and start from a copy: the same database, made once.
    """
    from django.db import connection

    migrate = not request.config.getvalue("nomigrations")
    if not migrate or connection.vendor not in ("sqlite", "postgresql") or "PYTEST_XDIST_WORKER" not in os.environ:
        return migrate
    shared = tmp_path_factory.getbasetemp().parent / f"migrated.{connection.vendor}"
    lock = _take_lock(shared.with_suffix(".lock"))
    request.addfinalizer(lock.close)  # given back at the latest when the fixture is, however setting up went
    if connection.vendor == "postgresql":
        request.config.stash[MIGRATED_POSTGRES] = _migrated_postgres_name(os.getppid())
        request.config.stash[MIGRATION_LOCK] = lock  # held until this worker's database is made
        if shared.exists():
            # PostgreSQL copies the migrated database (CREATE DATABASE … TEMPLATE); Django's migrate then finds
            # every migration applied.
            connection.settings_dict["TEST"]["TEMPLATE"] = request.config.stash[MIGRATED_POSTGRES]
            request.config.stash[COPIES_MIGRATION] = True
        return True
    request.config.stash[MIGRATED_SQLITE] = shared
    if shared.exists():
        lock.close()
        # Django makes the tables from the models (pytest-django's own "no migrations" would leave the migrations
        # off for the whole process), and django_db_setup replaces them with the copy.
        connection.settings_dict["TEST"]["MIGRATE"] = False
        request.config.stash[COPIES_MIGRATION] = True
        return True
    request.config.stash[MIGRATION_LOCK] = lock  # held until the migrated database is written
    return True


MIGRATION_WAIT_SECONDS = 900


def _take_lock(path: Path):
    """The run's migration lock, waited for at most MIGRATION_WAIT_SECONDS: a worker that never gives it back
    (a bug of this file's) stops the run with an error instead of holding it for good."""
    import fcntl
    import time

    lock = path.open("w")
    deadline = time.monotonic() + MIGRATION_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return lock
        except BlockingIOError:
            if time.monotonic() > deadline:
                lock.close()
                raise RuntimeError(f"no worker gave back {path} in {MIGRATION_WAIT_SECONDS} s") from None
            time.sleep(0.1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request, tmp_path_factory):
    """pytest-django's test database, made from the run's migrated copy where there is one (above); on SQLite
    the database as ``migrate`` left it is kept in a file, before any test wrote to it, so that
    tests/installations.py starts its sites from that instead of migrating again."""
    from django.db import connection

    stash = request.config.stash
    if connection.vendor == "postgresql" and MIGRATED_POSTGRES in stash:
        if not stash.get(COPIES_MIGRATION, False):
            with django_db_blocker.unblock():
                _keep_migrated_postgres(connection, stash[MIGRATED_POSTGRES])
            (tmp_path_factory.getbasetemp().parent / "migrated.postgresql").touch()
    elif connection.vendor == "sqlite" and connection.is_in_memory_db():  # else a run of only process-level tests
        if stash.get(COPIES_MIGRATION, False):
            with django_db_blocker.unblock():
                connection.ensure_connection()
                _replace_database(connection, stash[MIGRATED_SQLITE])
            connection.settings_dict["TEST"]["MIGRATE"] = True
            return
        with django_db_blocker.unblock():
            stash[MIGRATED_SQLITE] = _keep_migrated_sqlite(
                connection, stash.get(MIGRATED_SQLITE, None), tmp_path_factory
            )
    if lock := stash.get(MIGRATION_LOCK, None):
        del stash[MIGRATION_LOCK]
        lock.close()


def _keep_migrated_sqlite(connection, shared: Path | None, tmp_path_factory) -> Path:
    import sqlite3

    shared = shared or tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    connection.ensure_connection()
    written = shared.with_suffix(".partial")
    target = sqlite3.connect(written)
    with target:
        connection.connection.backup(target)
    target.close()
    written.rename(shared)
    return shared


def _keep_migrated_postgres(connection, name: str) -> None:
    """A copy of this worker's freshly migrated test database, for the other workers to start from (PostgreSQL
    copies a database only while nobody is connected to it: this worker's connection is closed first)."""
    database = connection.ops.quote_name(connection.settings_dict["NAME"])
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)} TEMPLATE {database}")


def pytest_sessionfinish(session):
    """The run's main process drops the migrated PostgreSQL database its first worker kept (above)."""
    config = session.config
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):  # a worker, or no workers
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    if connection.vendor == "postgresql":
        with config.stash[blocking_manager_key].unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(_migrated_postgres_name(os.getpid()))}")


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """The migration lock given back when a fixture fails while this worker holds it (a migration that raises,
    seen from whichever fixture asked for the database): the other workers then try for themselves and fail with
    the same error, rather than wait for a file that never comes."""
    try:
        return (yield)
    except BaseException:
        if lock := request.config.stash.get(MIGRATION_LOCK, None):
            lock.close()
        raise


def _replace_database(connection, source_path: Path) -> None:
    """The in-memory test database replaced by a migrated file's contents, and what Django kept of the old one
    forgotten: its content types' ids, and the rows kept for ``serialized_rollback``."""
    import sqlite3

    from django.contrib.contenttypes.models import ContentType

    source = sqlite3.connect(source_path)
    source.backup(connection.connection)
    source.close()
    ContentType.objects.clear_cache()
    if hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def installations(django_db_setup, request, tmp_path_factory):
    """Sites in folders and processes of their own (tests/installations.py), from the database this process
    migrated (on SQLite; PostgreSQL is migrated once); the demo is loaded once."""
    from tests.installations import Installations

    engines = {
        "postgresql" if "postgresql" in item.name else "sqlite"
        for item in request.session.items
        if "installations" in getattr(item, "fixturenames", ())
    }
    made = Installations(
        tmp_path_factory.mktemp("installations"), request.config.stash.get(MIGRATED_SQLITE, None), engines
    )
    yield made
    made.close()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "correct horse battery")


# pytest-django's fixtures that open the database; ``fixturenames`` holds every fixture a test needs, however
# deep (``admin_user`` brings ``db``), so these are enough.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server"}  # fmt: skip


def _uses_the_database(item) -> bool:
    """Whether pytest-django lets ``item`` reach the database: a ``django_db`` mark, a fixture that asks for it,
    or Django's own TestCase. Any other test is refused the database, so it runs the same on every engine: CI
    runs it once (.ci/run)."""
    from django.test import TransactionTestCase

    test_case = getattr(item, "cls", None)
    return (
        item.get_closest_marker("django_db") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        or (isinstance(test_case, type) and issubclass(test_case, TransactionTestCase))
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the groups off the marks
def pytest_collection_modifyitems(config, items):
    """Tests that run the site in processes of their own (the ``installations`` fixture) are the slow drills.

    They are marked ``slow``, so a run can leave them out (``-m "not slow"``: CI runs them once, on SQLite,
    where they reach PostgreSQL themselves, and the rest on both databases), and kept on one pytest-xdist
    worker (``--dist loadgroup``), which migrates and loads each engine's demo installation once, not once
    per worker. The browser tests share one worker too: it starts Chromium once per module, not once per
    module and worker.

    Two groups, not more: each group's worker takes in-process tests once its group is done. With a group
    per database engine beside the browser's (on three workers), three waiting workers held the cores for
    the first two thirds of the run and the in-process tests only began after them (measured on a 2-core
    machine: 4 min 38 s and 451 s of CPU, against 4 min 20 s and 421 s with one group for both engines).
    tests/test_suite_groups.py checks that the groups hold.
    """
    for item in items:
        if _uses_the_database(item):
            item.add_marker(pytest.mark.database)
        if "installations" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("installations"))
        elif item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("browser"))
