"""Every public address of the site, asked for as an anonymous visitor's browser would, written as files.

The pages are rendered by the site itself, through Django's test client with the
real settings and middleware, so each file holds what the live server sends.
The exporter starts from the addresses it knows (the live pages, feeds,
sitemap, downloads, metrics) and follows every same-origin link it finds in
what comes back, so a figure, a CV or a stylesheet a page uses is never left
out; an address that answers with an error fails the export.

Then only URLs change (see ``links``): absolute ones move to the base URL, and
root-relative ones gain the base path or become relative, so the copy works
under ``https://owner.github.io/repo/`` as well as at the root of a domain.
"""

from __future__ import annotations

import shutil
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.http import HttpResponseBase
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.urls import Resolver404, resolve, reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from operations.public_addresses import public_paths
from operations.static_export import links
from serving.media import is_document

# GitHub Pages, Netlify, Cloudflare Pages and most web servers' setups show it for every missing address.
NOT_FOUND_FILE = "404.html"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
PRECOMPRESSED_SUFFIXES = (".gz", ".br")  # whitenoise's copies of a stylesheet, stale once it is rewritten
LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}


class ExportFailed(Exception):
    """Something the site links to could not be exported; ``problems`` says what and where."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ExportReport:
    base_url: str
    counts: Counter[str] = field(default_factory=Counter)  # pages, redirects, files, documents, media, static
    files: int = 0
    bytes: int = 0
    notes: list[str] = field(default_factory=list)


def is_text(content_type: str) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    return media_type.startswith("text/") or media_type.endswith(("xml", "json")) or "charset=" in content_type


def local_prefix(url: str) -> str:
    """``/static/`` for a STATIC_URL or MEDIA_URL on this site; "" when it is on another host (a CDN)."""
    parts = urlsplit(url)
    return "" if parts.scheme or parts.netloc or not parts.path.startswith("/") else parts.path


class StaticExporter:
    """One export of ``site`` into the empty folder ``root``."""

    def __init__(self, site: Site, root: Path, base_url: str | None = None, relative: bool = False) -> None:
        self.site = site
        self.root = root
        self.site_url = site.root_url + "/"
        self.base_url = base_url or self.site_url
        base = urlsplit(self.base_url)
        self.base_origin = f"{base.scheme}://{base.netloc}"
        self.base_path = base.path
        self.relative = relative
        # Visitors reach a site behind SECURE_SSL_REDIRECT over HTTPS only.
        self.secure = site.port == 443 or settings.SECURE_SSL_REDIRECT
        port = 443 if self.secure and site.port == 80 else site.port
        host = site.hostname if port in (80, 443) else f"{site.hostname}:{port}"
        self.environ = {"HTTP_HOST": host, "SERVER_PORT": str(port)}
        self.origin = f"{'https' if self.secure else 'http'}://{host}"
        self.origins = {site.root_url, self.origin}
        self.origin_pattern = links.origin_pattern(self.origins)
        self.moves_origin = self.base_url != self.site_url or self.origins != {site.root_url}
        self.static_url = local_prefix(settings.STATIC_URL)
        self.media_url = local_prefix(settings.MEDIA_URL)
        self.admin_url = reverse("wagtailadmin_home")
        self.client = Client()
        self.queue: deque[str] = deque()
        self.referrers: dict[str, str] = {}
        self.aliases: dict[str, str] = {}  # a file's address → the address its redirect points to
        self.written: dict[PurePosixPath, str] = {}  # file → pages, redirects, files, documents, media
        self.checked: list[tuple[PurePosixPath, str]] = []  # HTML and CSS files, with the address they are served at
        self.query_links: dict[str, str] = {}
        self.problems: list[str] = []
        self.failed: set[str] = set()  # addresses already reported, so pages linking to them are not reported again
        self.left_out: dict[str, str] = {}  # private pages and documents: address → what it is

    # --- the crawl ------------------------------------------------------------------------------

    def run(self) -> ExportReport:
        overrides = {
            # The export asks for the site by the name Settings → Sites gives it, which a
            # production ALLOWED_HOSTS need not list (the export is no server).
            "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, self.site.hostname],
            # Rendered now, so pages name the static files collected now, and the live
            # server's page cache is neither read nor filled.
            "PAGE_CACHE_SECONDS": 0,
        }
        if self.static_url:
            overrides["STATIC_ROOT"] = self.root / unquote(self.static_url).strip("/")
        with override_settings(**overrides):
            self.collect_static()
            for path in public_paths(self.site):
                self.enqueue(path, "the site's list of public addresses")
            self.write_not_found_page()
            while self.queue:
                self.visit(self.queue.popleft())
        self.write_aliases()
        (self.root / ".nojekyll").write_bytes(b"")  # GitHub Pages publishing from a branch: no Jekyll run
        self.verify()
        if self.problems:
            raise ExportFailed(self.problems)
        return self.report()

    def collect_static(self) -> None:
        if not self.static_url:
            return
        target = self.root / unquote(self.static_url).strip("/")
        if not isinstance(staticfiles_storage, FileSystemStorage) or Path(staticfiles_storage.location) != target:
            raise ExportFailed(
                ['STORAGES["staticfiles"] does not write to STATIC_ROOT on this machine, so the static files '
                 "cannot be collected into the export; use a storage on local disk, as the project's settings do."]
            )  # fmt: skip
        call_command("collectstatic", interactive=False, verbosity=0)

    def enqueue(self, path: str, referrer: str) -> None:
        if path not in self.referrers:
            self.referrers[path] = referrer
            self.queue.append(path)

    def follow(self, urls: list[str], path: str) -> None:
        """Queue the same-origin addresses among ``urls``, as found on the page at ``path``."""
        page_url = self.origin + path
        for url in urls:
            url = url.strip()
            if not url or url.startswith("#"):
                continue
            parts = urlsplit(urljoin(page_url, url))
            if parts.scheme not in {"http", "https"} or f"{parts.scheme}://{parts.netloc}" not in self.origins:
                continue
            target = parts.path or "/"
            if parts.query:
                self.query_links.setdefault(f"{target}?{parts.query}", path)
            self.enqueue(target, path)

    def problem(self, path: str, message: str) -> None:
        self.failed.add(path)
        self.problems.append(f"{path} (linked from {self.referrers.get(path, 'the export')}) {message}")

    def visit(self, path: str) -> None:
        if self.static_url and path.startswith(self.static_url):
            self.check_static(path)
        elif self.media_url and path.startswith(self.media_url):
            if is_document(unquote(path[len(self.media_url) :])):
                self.leave_out(path, "a document's file, which is only served through its document page")
            else:
                self.copy_media(path)
        elif path.startswith(self.admin_url):
            self.problem(path, "is in the admin (a page that needs a login?), which a static copy cannot have")
        elif reason := self.restriction(path):
            self.leave_out(path, reason)
        else:
            self.fetch(path)

    def restriction(self, path: str) -> str:
        """Why ``path`` is not for everyone (a page or a document behind a login or a password), else ""."""
        try:
            match = resolve(path)
        except Resolver404:
            return ""
        if match.url_name == "wagtaildocs_serve":
            document = get_document_model().objects.filter(pk=match.args[0]).select_related("collection").first()
            if document is not None and document.collection.get_view_restrictions().exists():
                return "a document of a private collection"
        elif match.url_name == "wagtail_serve":
            page = Page.find_for_request(RequestFactory().get(path, secure=self.secure, **self.environ), path)
            if page is not None and page.get_view_restrictions().exists():
                return "a private page"
        return ""

    def leave_out(self, path: str, reason: str) -> None:
        """Not exported: links to it lead nowhere in the copy, as they lead to a login on the live site."""
        self.left_out[path] = reason

    def fetch(self, path: str) -> None:
        try:
            target = links.output_path(path)
        except ValueError as error:
            self.problem(path, str(error))
            return
        self.client.cookies.clear()  # every request as a first-time visitor's
        try:
            response = self.client.get(path, secure=self.secure, **self.environ)
        except Exception as error:  # noqa: BLE001 - a view's bug: reported with its address, beside any others
            self.problem(path, f"failed: {type(error).__name__}: {error}")
            return
        # No response.close() here: the client has closed the response already (a streamed one once
        # read), keeping request_finished from closing the database connection. A second close()
        # would send that signal unguarded: inside a transaction (the test suite's, on PostgreSQL)
        # it closes the connection, and every later page fails.
        if response.status_code in REDIRECT_STATUSES:
            self.save_redirect(path, target, response["Location"])
        elif response.status_code == 200:
            self.save_response(path, target, response)
        else:
            self.problem(path, f"answered HTTP {response.status_code}")

    # --- writing --------------------------------------------------------------------------------

    def write(self, path: str, target: PurePosixPath, content: bytes, kind: str) -> None:
        file = self.root / target
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(content)
        except OSError as error:
            self.problem(path, f"could not be written to {target}: {error}")
            return
        self.written[target] = kind

    def save_response(self, path: str, target: PurePosixPath, response: HttpResponseBase) -> None:
        content_type = response.get("Content-Type", "")
        if response.streaming:  # a document, sent by Wagtail's serve view: copied as it is
            self.write(path, target, b"".join(response.streaming_content), "documents")
            return
        if not is_text(content_type):
            self.write(path, target, response.content, "files")
            return
        charset = response.charset
        text = response.content.decode(charset, errors="surrogateescape")
        self.follow(links.same_origin_paths(text, self.origin_pattern), path)
        if content_type.startswith("text/html"):
            for secret in links.per_response_secrets(text):
                self.problem(path, f"contains {secret}, which must not be published in a static file")
            self.follow(links.html_links(text), path)
            text = self.rewrite_page(text, path, may_be_relative=True)
            self.checked.append((target, path))
            kind = "pages"
        else:
            if "xml" in content_type:  # a feed entry's HTML
                self.follow(links.escaped_html_links(text), path)
                if self.base_path != "/":
                    text = links.rewrite_escaped_html(text, links.under_base_path(self.base_path))
            if self.moves_origin:
                text = links.replace_origins(text, self.origin_pattern, self.base_url)
            kind = "files"
        self.write(path, target, text.encode(charset, errors="surrogateescape"), kind)

    def rewrite_page(self, html: str, path: str, *, may_be_relative: bool) -> str:
        if self.moves_origin:
            html = links.replace_origins(html, self.origin_pattern, self.base_url)
        if self.relative and may_be_relative:
            return links.rewrite_html(html, links.relative_to(links.url_directory(path)))
        if self.base_path != "/":
            return links.rewrite_html(html, links.under_base_path(self.base_path))
        return html

    def save_redirect(self, path: str, target: PurePosixPath, location: str) -> None:
        """A page's redirect becomes a page that redirects; a file's (``/favicon.ico``) becomes a copy of its target."""
        destination = urljoin(self.origin + path, location)
        parts = urlsplit(destination)
        local = f"{parts.scheme}://{parts.netloc}" in self.origins
        if local:
            self.enqueue(parts.path or "/", path)
            if parts.path == path + "/":
                return  # static hosts send a folder's address without its slash to the folder themselves
        if path.endswith(("/", ".html")):
            if local:
                destination = links.replace_origins(destination, self.origin_pattern, self.base_url)
            html = render_to_string("static_export/redirect.html", {"destination": destination})
            self.write(path, target, html.encode(), "redirects")
            self.checked.append((target, path))
        elif local:
            self.aliases[path] = parts.path or "/"
        else:
            self.problem(path, f"redirects to {destination}; a static host can redirect a page, not a file")

    def write_aliases(self) -> None:
        for path, destination in self.aliases.items():
            seen = {path}
            while destination in self.aliases and destination not in seen:
                seen.add(destination)
                destination = self.aliases[destination]
            source = self.root / links.output_path(destination)
            if not source.is_file():
                self.problem(path, f"redirects to {destination}, which is not in the export")
                continue
            self.write(path, links.output_path(path), source.read_bytes(), "files")

    def write_not_found_page(self) -> None:
        """``404.html``, rendered as the site's 404 page but for no one address (a static host shows it for all)."""
        path = "/" + NOT_FOUND_FILE
        request = RequestFactory().get(path, secure=self.secure, **self.environ)
        request.user = AnonymousUser()
        html = render_to_string("404.html", request=request)
        self.referrers.setdefault(path, "the export")
        for secret in links.per_response_secrets(html):
            self.problem(path, f"contains {secret}, which must not be published in a static file")
        self.follow(links.same_origin_paths(html, self.origin_pattern) + links.html_links(html), path)
        # Served at every missing address, at any depth: its links stay absolute paths.
        html = self.rewrite_page(html, path, may_be_relative=False)
        target = PurePosixPath(NOT_FOUND_FILE)
        self.write(path, target, html.encode(), "pages")
        self.checked.append((target, path))

    def check_static(self, path: str) -> None:
        target = links.output_path(path)
        file = self.root / target
        if not file.is_file():
            self.problem(path, "is not among the collected static files")
        elif file.suffix == ".css":
            css = file.read_text(encoding="utf-8", errors="surrogateescape")
            self.follow(links.css_links(css), path)
            rewritten = self.rewrite_stylesheet(css, path)
            if rewritten != css:
                file.write_text(rewritten, encoding="utf-8", errors="surrogateescape")
                for suffix in PRECOMPRESSED_SUFFIXES:
                    file.with_name(file.name + suffix).unlink(missing_ok=True)
            self.checked.append((target, path))

    def rewrite_stylesheet(self, css: str, path: str) -> str:
        if self.relative:
            return links.rewrite_css(css, links.relative_to(links.url_directory(path)))
        if self.base_path != "/":
            return links.rewrite_css(css, links.under_base_path(self.base_path))
        return css

    def copy_media(self, path: str) -> None:
        """Images, renditions and other uploads, read from the media storage (whether or not Django serves them)."""
        try:
            target = links.output_path(path)
        except ValueError as error:
            self.problem(path, str(error))
            return
        name = unquote(path[len(self.media_url) :])
        if not name or path.endswith("/") or not default_storage.exists(name):
            self.problem(path, "is not in the media storage")
            return
        file = self.root / target
        file.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, file.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        self.written[target] = "media"

    # --- checks and summary -------------------------------------------------------------------

    def verify(self) -> None:
        """Every link of every exported page and stylesheet leads to a file of the export, as it will be served."""
        for target, path in self.checked:
            text = (self.root / target).read_text(encoding="utf-8", errors="surrogateescape")
            urls = links.css_links(text) if target.suffix == ".css" else links.html_links(text)
            served_at = self.base_origin + self.base_path + path.lstrip("/")
            for url in urls:
                parts = urlsplit(urljoin(served_at, url.strip()))
                origin = f"{parts.scheme}://{parts.netloc}"
                if origin != self.base_origin:
                    if origin in self.origins:
                        self.problems.append(f"{target}: {url} still points at {origin}")
                    continue
                if not parts.path.startswith(self.base_path):
                    self.problems.append(f"{target}: {url} points outside {self.base_path}, where the site is served")
                    continue
                local = "/" + parts.path[len(self.base_path) :]
                if local not in self.failed and local not in self.left_out and not self.exported(local):
                    self.problems.append(f"{target}: {url} leads to nothing in the export")

    def exported(self, path: str) -> bool:
        try:
            return (self.root / links.output_path(path)).is_file() or (
                not path.endswith("/") and (self.root / links.output_path(path + "/")).is_file()
            )
        except ValueError:
            return False

    def report(self) -> ExportReport:
        report = ExportReport(base_url=self.base_url, counts=Counter(self.written.values()))
        static_dir = self.root / unquote(self.static_url).strip("/") if self.static_url else None
        for file in self.root.rglob("*"):
            if file.is_file():
                report.files += 1
                report.bytes += file.stat().st_size
                if static_dir and file.is_relative_to(static_dir):
                    report.counts["static"] += 1
        if self.left_out:
            path, reason = next(iter(self.left_out.items()))
            report.notes.append(
                f"{len(self.left_out)} linked addresses are private and were left out (e.g. {path}, {reason}): "
                "in the copy, links to them lead nowhere."
            )
        if self.query_links:
            example = next(iter(self.query_links))
            report.notes.append(
                f"{len(self.query_links)} links carry a query string (e.g. {example}), which a static host ignores: "
                "they show the page without it (the publication filters show the whole list)."
            )
        if self.base_url == self.site_url and self.site.hostname in LOCAL_HOSTNAMES:
            report.notes.append(
                f"Absolute URLs (canonical links, sitemap, feed) point at {self.site.root_url}: set the site's "
                "address under Settings → Sites, or pass --base-url."
            )
        return report
