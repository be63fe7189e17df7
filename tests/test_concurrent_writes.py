"""Editors saving and publishing at once, while visitors read the site, lose nothing and see no error.

Four processes each save 30 revisions of the homepage and the news items
(publishing every third) into one database, while reader threads fetch pages
from gunicorn serving that same database. With Django's SQLite defaults most of
those saves fail with "database is locked"; with WAL, IMMEDIATE transactions
and a busy timeout (profile_site/settings/base.py) none may, no request may
fail, and every revision written must be in the database afterwards.
"""

from __future__ import annotations

import json
import re
import select
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import urlsplit

import pytest

WRITERS = 4
SAVES = 30
PUBLISH_EVERY = 3
READERS = 2
READ_PAUSE = 0.1  # seconds between a reader's requests: visitors all along, without starving the editors
READ_PATHS = ["/", "/news/", "/publications/", "/news/feed/", "/sitemap.xml"]

# One editor: alternately the homepage's about text and one of the news items, each change saved as a revision.
WRITER = """
import json, sys
from core.startup import setup
setup()
from django.db import connection
from news.models import NewsItem
from homepage.models import HomePage

writer, saves, publish_every = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
news_ids = list(NewsItem.objects.order_by("pk").values_list("pk", flat=True))
report = {"saves": 0, "publishes": 0, "errors": [], "vendor": connection.vendor}
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        report["sqlite"] = {
            pragma: cursor.execute(f"PRAGMA {pragma}").fetchone()[0]
            for pragma in ("journal_mode", "busy_timeout", "synchronous")
        }
    report["sqlite"]["transaction_mode"] = connection.transaction_mode
print("ready", flush=True)
sys.stdin.readline()  # all four start saving at once, when the test says so
for number in range(saves):
    try:
        if number % 2 == 0:
            content = HomePage.objects.get()
            content.about = f"Writer {writer}, save {number}."
        else:
            content = NewsItem.objects.get(pk=news_ids[(writer + number) % len(news_ids)])
            content.text = f"News from writer {writer}, save {number}."
        revision = content.save_revision()
        report["saves"] += 1
        if number % publish_every == 0:
            revision.publish()
            report["publishes"] += 1
    except Exception as error:
        report["errors"].append(f"save {number}: {type(error).__name__}: {error}")
print(json.dumps(report))
"""

# What the database holds afterwards: the text of every revision, and what is live.
INVENTORY = """
import json
from core.startup import setup
setup()
from wagtail.models import Revision
from news.models import NewsItem
from homepage.models import HomePage

home = HomePage.objects.get()
print(json.dumps({
    "about": [r.content["about"] for r in Revision.page_revisions.filter(object_id=str(home.pk))],
    "news": [r.content["text"] for r in Revision.objects.filter(base_content_type__model="newsitem")],
    "live_about": home.about,
    "live_is_latest_published": home.live_revision.content["about"] == home.about,
    "news_live_texts": [item.text for item in NewsItem.objects.filter(live=True)],
}))
"""


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our local server
        return response.read().decode()


class Reader(threading.Thread):
    """A visitor fetching pages one after the other until told to stop."""

    def __init__(self, base: str, paths: list[str], stop: threading.Event):
        super().__init__(daemon=True)
        self.base, self.paths, self.stop = base, paths, stop
        self.statuses: Counter = Counter()
        self.failures: list[str] = []

    def run(self) -> None:
        number = 0
        while not self.stop.wait(READ_PAUSE):
            path = self.paths[number % len(self.paths)]
            number += 1
            try:
                with urllib.request.urlopen(self.base + path, timeout=60) as response:  # noqa: S310 - local server
                    response.read()
                    self.statuses[response.status] += 1
            except urllib.error.HTTPError as error:
                self.statuses[error.code] += 1
                self.failures.append(f"{path}: {error.code}")
            except OSError as error:
                self.failures.append(f"{path}: {error!r}")


def wait_until_ready(writers: list[subprocess.Popen], timeout: float = 120) -> None:
    """Each writer's "ready" line: it has started Django and read the database (the end of its output and its
    errors if it failed; a writer stuck before that fails the test after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    for writer in writers:
        waited, _, _ = select.select([writer.stdout], [], [], max(0.0, deadline - time.monotonic()))
        assert waited, f"a writer did not start within {timeout} s"
        if (line := writer.stdout.readline()) != "ready\n":
            writer.stdin.close()
            raise AssertionError(f"a writer did not start: {line!r}\n{writer.stderr.read()}")


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_four_editors_and_readers_at_once_lose_nothing(installations, engine):
    site = installations.demo(engine)
    with site.serve(workers=2) as base:
        sitemap = fetch(base + "/sitemap.xml")
        papers = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap) if "/publications/" in url]
        paths = [*READ_PATHS, *[path for path in papers if path != "/publications/"][:2]]

        writers = [site.start_python(WRITER, str(writer), str(SAVES), str(PUBLISH_EVERY)) for writer in range(WRITERS)]
        stop = threading.Event()
        readers = [Reader(base, paths, stop) for _ in range(READERS)]
        for reader in readers:
            reader.start()
        try:
            wait_until_ready(writers)
            for writer in writers:
                writer.stdin.write("go\n")
                writer.stdin.flush()
            outputs = [writer.communicate(timeout=300) for writer in writers]
        finally:  # a writer left waiting would make its saves after the test, into a database no one checks
            for writer in writers:
                if writer.poll() is None:
                    writer.kill()
        stop.set()
        for reader in readers:
            reader.join(timeout=90)
        final_home, final_news = fetch(base + "/"), fetch(base + "/news/")

    reports = []
    for (stdout, stderr), writer in zip(outputs, writers, strict=True):
        assert writer.returncode == 0, stderr
        reports.append(json.loads(stdout.strip().splitlines()[-1]))
    errors = [error for report in reports for error in report["errors"]]
    statuses = sum((reader.statuses for reader in readers), Counter())
    failures = [failure for reader in readers for failure in reader.failures]

    assert errors == []
    assert failures == [] and set(statuses) == {200}
    assert sum(statuses.values()) >= len(paths)  # the readers really read while the editors wrote
    assert "database is locked" not in site.server_log and "Traceback" not in site.server_log
    assert all(report["saves"] == SAVES for report in reports)
    if engine == "sqlite":
        for report in reports:
            assert report["sqlite"] == {
                "journal_mode": "wal",
                "busy_timeout": 20_000,
                "synchronous": 1,  # NORMAL: safe with WAL, one fsync per checkpoint
                "transaction_mode": "IMMEDIATE",
            }

    inventory = json.loads(site.python(INVENTORY).stdout)
    written_about = {f"Writer {w}, save {n}." for w in range(WRITERS) for n in range(0, SAVES, 2)}
    written_news = {f"News from writer {w}, save {n}." for w in range(WRITERS) for n in range(1, SAVES, 2)}
    assert written_about <= set(inventory["about"])  # every revision is kept
    assert written_news <= set(inventory["news"])
    assert inventory["live_is_latest_published"]
    assert inventory["live_about"] in final_home  # and visitors see what was published last
    live_news = [text for text in inventory["news_live_texts"] if text.startswith("News from writer")]
    assert live_news and all(text in final_news for text in live_news)
