"""A throwaway installation of the site for the benchmarks, in a temporary folder.

Production settings over plain HTTP on localhost, its own SQLite database,
media, collected static files and page cache; the demo page imported with
realistic figures (figures.py); served by gunicorn with the project's
gunicorn.conf.py, exactly as ``make serve`` does.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from figures import write_figures

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PYTHON = sys.executable
DEMO_PAGE = ROOT / "homepage" / "demo" / "acadhomepage_about.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def answers(url: str, server: subprocess.Popen, seconds: float = 60) -> bool:
    """Whether the server started as ``server`` answers ``url`` within ``seconds`` (False once it has exited)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


class Installation:
    def __init__(self, keep: bool = False, port: int = 0, **environment: str):
        self.workdir = Path(tempfile.mkdtemp(prefix="profile-site-bench-"))
        self.keep = keep
        self.port = port or free_port()
        self.base = f"http://localhost:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "profile_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"sqlite:///{self.workdir / 'db.sqlite3'}",
            "MEDIA_ROOT": str(self.workdir / "media"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "CACHE_DIR": str(self.workdir / "cache"),
            "SERVE_MEDIA": "1",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "",
            **environment,
        }
        self.server: subprocess.Popen | None = None

    def __enter__(self) -> Installation:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
        if self.keep:
            print(f"Installation kept in {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def manage(self, *arguments: str, **environment: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *arguments],
            cwd=ROOT, env={**self.env, **environment}, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout

    def build(self) -> None:
        """The demo page with five 1600×900 PNG figures, static files collected, the site at this address."""
        figures = write_figures(self.workdir / "images")
        sizes = ", ".join(f"{path.stat().st_size / 1000:.0f}" for path in figures)
        print(f"Figures: {len(figures)} × 1600×900 PNG ({sizes} KB)")
        self.manage("migrate", "--noinput")
        self.manage("import_acadhomepage", str(DEMO_PAGE), "--images", str(self.workdir), "--quiet", "--no-check")
        self.manage("collectstatic", "--noinput")
        # Canonical links and the sitemap name the site's own address.
        self.shell(f"from wagtail.models import Site; Site.objects.update(hostname='localhost', port={self.port})")

    def shell(self, code: str, **environment: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code, **environment)

    def publish_paper_title(self, title: str) -> None:
        """What an editor does in the admin, from another process: a paper gets a new title, published."""
        self.shell(
            "from publications.models import PublicationPage\n"
            'paper = PublicationPage.objects.live().order_by("pk").first()\n'
            f"paper.title = {title!r}\n"
            "paper.save_revision().publish()\n"
        )

    def serve(self, workers: int = 4, **environment: str) -> None:
        self.stop()
        log = self.workdir / "gunicorn.log"
        self.server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "profile_site.wsgi"],
            cwd=ROOT,
            env={**self.env, "PORT": str(self.port), "WEB_CONCURRENCY": str(workers), **environment},
            stdout=log.open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        if not answers(f"{self.base}/robots.txt", self.server):
            self.stop()
            raise SystemExit(f"gunicorn did not answer on port {self.port}; see {log}")
        # The first views make the figures' renditions (AVIF encoding is slow): not part of any measurement.
        for url in [f"{self.base}/", *self.sitemap()]:
            with urllib.request.urlopen(url, timeout=300) as response:
                response.read()

    def sitemap(self) -> list[str]:
        """Every page the sitemap lists, at this installation's address."""
        with urllib.request.urlopen(f"{self.base}/sitemap.xml", timeout=60) as response:
            tree = ElementTree.fromstring(response.read())
        locations = tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        return [self.base + urlsplit(loc.text).path for loc in locations]

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            self.server = None
