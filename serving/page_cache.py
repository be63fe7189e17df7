"""Whole-page caching for anonymous visitors, emptied whenever the content changes.

A homepage must survive the day a paper trends. Rendered public pages are kept
in Django's cache (Redis with ``REDIS_URL``, else files shared by every worker
on the machine) and served from there to visitors without a session, before
sessions, authentication or the URL resolver run.

Invalidation is by generation: every cache key carries the site's current
generation number, and any change to content (a page, news item, profile
setting, image, document, metric, ... saved, published, unpublished or deleted)
sets a new generation once its transaction commits. Pages of the old generation
are never looked up again and age out. Every page shows the sidebar and the
owner's name, so one change can affect all of them; a new generation is the
only invalidation that is always right.

Never cached or served from the cache: requests that carry a session cookie
(editors see the user bar, drafts, previews), anything but GET and HEAD, the
admin, documents (their collections can be private) and media; responses that
set a cookie, say ``private``/``no-store``, or are not 200 or a permanent
redirect.

Responses also tell a CDN in front how long it may keep them (``s-maxage``,
``stale-while-revalidate``; browsers revalidate with the ETag), and when
``WAGTAILFRONTENDCACHE`` configures one, a committed change purges the site's
public URLs there too: :data:`content_changed` tells ``operations/cdn.py``, which
knows what those URLs are.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control

from core.tasks import in_batch

from . import fragments, generations

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# Sent once a committed change has emptied the page cache, for caches further out (a CDN).
content_changed = Signal()
# Only pages: a redirect is cheap to make again, and every made-up address has one (``/x`` → ``/x/``).
CACHED_STATUSES = {200}
# Paths whose responses depend on more than the URL, or are large files served elsewhere.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/")
# Models whose rows change what visitors see. Renditions are created while pages
# render, and revisions, sessions, logs and tasks are not public: saving them must
# not empty the cache.
CONTENT_APPS = {
    "homepage",
    "profile_site",
    "publications",
    "news",
    "metrics",
    "cv",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
}
NOT_CONTENT = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailimages.rendition",
}
# The query parameters a public page may read (the publication list's filters and page, the sitemap's
# page). A page that reads none (it does not call note_query_used) is one entry whatever the query
# string says, so ``/?r=<random>`` or ``/?year=<random>`` is the cached homepage, not a page rendered
# anew and stored once more for every value; one that reads them is stored under what it made of them.
QUERY_PARAMETERS = ("p", "page", "tag", "type", "year")
LOCAL_ENTRIES = 256  # pages each process also keeps in memory, so a hit costs one cache read
LOCAL_MAX_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    reads_query: bool = False  # the page shows what its query string asks for (the publication filters)

    def response(self, request: HttpRequest) -> HttpResponse:
        if request.headers.get("If-None-Match") == self.etag:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(b"" if request.method == "HEAD" else self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["ETag"] = self.etag
        response["X-Page-Cache"] = "hit"
        return response


# Stored under an address whose page reads its query string, until that page without a query is: it
# sends a lookup on to the entry of the query's parameters. (Status 0: it is never served itself.)
QUERY_MARKER = CachedPage(status=0, headers=(), content=b"", etag="", reads_query=True)


def current_generation() -> str:
    return generations.current(GENERATION_KEY)


def new_generation() -> str:
    return generations.renew(GENERATION_KEY)


def invalidate() -> None:
    """Forget every cached page of every process."""
    new_generation()
    _local.clear()


def forget_pages_and_fragments() -> None:
    """Forget every cached page and every rendered fragment of every process: after a change to the database
    that sent no signal (a restore), which may change anything a fragment shows."""
    fragments.new_generation()
    invalidate()


def after_commit() -> None:
    """Once the change is committed: a new generation again, and :data:`content_changed` sent.

    The first new generation (at the change) keeps a request from serving the
    old page; this one throws away a page that a request rendered from the old
    data while the transaction was still open and stored under the first.
    """
    invalidate()
    content_changed.send(sender=None)


def invalidate_on_change(sender=None, **kwargs) -> None:
    """Signal receiver for every save, delete, publish and unpublish of content."""
    if sender is not None and not is_content(sender):
        return
    # In a batch of saves (an import: hundreds of rows, nothing rendered before it commits) a new
    # generation at its first change and one at commit do; elsewhere every change shows at once.
    if not (in_batch() and generations.pending(after_commit)):
        invalidate()
    fragments.changed(sender)
    generations.on_commit_once(after_commit)


def is_content(model) -> bool:
    meta = model._meta
    return meta.app_label in CONTENT_APPS and meta.label_lower not in NOT_CONTENT


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(invalidate_on_change, dispatch_uid=f"page-cache-{signal!r}")
    from wagtail.signals import page_published, page_unpublished, published, unpublished

    for signal in (page_published, page_unpublished, published, unpublished):
        signal.connect(invalidate_on_change, dispatch_uid=f"page-cache-{signal!r}")


def cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
        and addressed_to_this_port(request)
    )


def addressed_to_this_port(request: HttpRequest) -> bool:
    """Whether the Host header names no port or the one the server listens on: a made-up port would
    otherwise make a new entry on every request (pages carry absolute URLs with it, so it is in the key)."""
    _, port = split_domain_port(request.get_host())
    return not port or port == str(request.META.get("SERVER_PORT", ""))


def cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHED_STATUSES
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


def page_query(query: QueryDict) -> str:
    """The part of a query string that can change a page, in one order."""
    return urlencode(sorted((name, value) for name in QUERY_PARAMETERS for value in query.getlist(name)))


def note_query_used(request: HttpRequest, query: str) -> None:
    """Tell the cache what a page made of its query string (``year=1999`` where no paper is of 1999 shows
    the whole list): the page is stored under that, so made-up values add no entries."""
    request.page_cache_query = page_query(QueryDict(query))


def cache_key(request: HttpRequest, generation: str, query: str) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.path}" + (f"?{query}" if query else "")
    return f"page-cache:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


class _LocalPages(OrderedDict):
    """The most recent pages of this process, keyed by their cache key (which names the generation)."""

    def get_page(self, key: str) -> CachedPage | None:
        page = self.get(key)
        if page is not None:
            self.move_to_end(key)
        return page

    def put(self, key: str, page: CachedPage) -> None:
        if len(page.content) > LOCAL_MAX_BYTES:
            return
        self[key] = page
        while len(self) > LOCAL_ENTRIES:
            self.popitem(last=False)


_local = _LocalPages()


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; store what may be stored.

    Goes right after WhiteNoise: static files never reach it, and a hit skips
    everything below (sessions, CSRF, authentication, the view).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)  # a CDN must not keep an editor's view
            return response

        generation = current_generation()
        page = self.cached(request, generation)
        if page is not None and page.status:
            return page.response(request)

        response = self.get_response(request)
        if cacheable_response(response):
            self.add_cdn_headers(response)
            used = getattr(request, "page_cache_query", None)
            page = CachedPage(
                status=response.status_code,
                headers=tuple(response.items()),
                content=response.content,
                etag=f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                reads_query=used is not None,
            )
            self.store(cache_key(request, generation, used or ""), page)
            if used and self.cached_at(cache_key(request, generation, "")) is None:
                self.store(cache_key(request, generation, ""), QUERY_MARKER)  # the address reads its query
            response["ETag"] = page.etag
            response["X-Page-Cache"] = "miss"
        return response

    def cached(self, request: HttpRequest, generation: str) -> CachedPage | None:
        """The stored page for the request: the address's own entry, or, for a page that reads its query
        string, the entry of the parameters it reads."""
        page = self.cached_at(cache_key(request, generation, ""))
        if page is not None and page.reads_query and (query := page_query(request.GET)):
            page = self.cached_at(cache_key(request, generation, query))
        return page

    @staticmethod
    def cached_at(key: str) -> CachedPage | None:
        page = _local.get_page(key)
        if page is None and (page := cache.get(key)) is not None:
            _local.put(key, page)
        return page

    @staticmethod
    def store(key: str, page: CachedPage) -> None:
        cache.set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
        _local.put(key, page)

    @staticmethod
    def add_cdn_headers(response: HttpResponse) -> None:
        """Browsers revalidate every time (ETag); a shared cache keeps the page for a while."""
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.CDN_CACHE_SECONDS,
            stale_while_revalidate=settings.CDN_STALE_SECONDS,
        )
