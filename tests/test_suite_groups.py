"""The suite's own scheduling: tests marked with one ``xdist_group`` run on one worker (tests/conftest.py).

pytest-xdist keeps a group together by renaming the tests' node ids, which some pytest releases no longer
allow (pyproject.toml pins around that); nothing fails then, the groups are just spread over every worker,
and each worker builds the drills' installations and starts a browser of its own. So it is checked here,
with the installed pytest and pytest-xdist, on a small suite of its own.
"""

import re
import subprocess
import sys

import pytest

GROUPED = """
import pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("n", range(4))
def test_grouped(n):
    pass
"""

LOOSE = """
import pytest


@pytest.mark.parametrize("n", range(8))
def test_loose(n):
    pass
"""


def test_a_group_runs_on_one_worker(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_first_group.py").write_text(GROUPED)
    (tmp_path / "test_second_group.py").write_text(GROUPED)
    (tmp_path / "test_loose.py").write_text(LOOSE)
    done = subprocess.run(  # noqa: S603 - this interpreter, our own tests
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider",
         "-p", "no:django", "-p", "no:hypothesispytest", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    ran = re.findall(r"^\[(gw\d)\] .*PASSED (\S+)", done.stdout, re.MULTILINE)
    assert len(ran) == 16, done.stdout
    grouped_on = {worker for worker, test in ran if "test_grouped" in test}
    assert len(grouped_on) == 1, f"the group ran on {sorted(grouped_on)}:\n{done.stdout}"
    assert {worker for worker, _ in ran} == {"gw0", "gw1"}, "the other tests were not spread over both workers"


@pytest.mark.django_db
def test_every_worker_starts_from_a_fully_migrated_database():
    """On SQLite one worker migrates and the others copy its database (tests/conftest.py): whichever worker this
    runs on, every migration is applied and recorded, and the rows Wagtail's data migrations make are there."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from wagtail.models import Page, Site

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert Page.objects.filter(depth=1).count() == 1
    assert Site.objects.filter(is_default_site=True).exists()


def test_only_the_tests_that_reach_the_database_are_marked_so(request):
    """CI runs the tests marked ``database`` on PostgreSQL too (.ci/run): a test that reaches it is marked,
    however it asks (a mark, a fixture, Django's TestCase), and one that pytest-django keeps away is not."""
    marked = {item.name for item in request.session.items if item.get_closest_marker("database")}
    names = {item.name for item in request.session.items}
    assert "test_every_worker_starts_from_a_fully_migrated_database" in marked  # django_db mark
    assert "test_a_group_runs_on_one_worker" in names - marked  # no database
    assert request.node.name not in marked
