"""Whole-page caching: served from the cache to anonymous visitors, emptied by every change."""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from homepage.models import HomePage
from metrics.models import Kind, Metric
from news.models import NewsItem
from profile_site.models import ProfileSettings
from publications.models import PublicationPage
from serving import generations, page_cache
from tests.helpers import LocalServer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cached(settings, imported_demo):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.CDN_CACHE_SECONDS = 300
    settings.CDN_STALE_SECONDS = 60
    return imported_demo


def get(client: Client, path: str = "/"):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_second_anonymous_view_comes_from_the_cache_with_cdn_headers(client, cached, django_assert_num_queries):
    first = get(client)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    directives = {part.strip() for part in second["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=300", "stale-while-revalidate=60"}
    assert second["ETag"] == first["ETag"]

    not_modified = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""


def test_public_pages_carry_no_csrf_token_or_cookie(client, cached):
    for path in ["/", "/publications/", "/news/"]:
        response = get(client, path)
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content


def test_publishing_shows_on_the_next_request_and_a_draft_never_does(client, cached):
    get(client)
    home = HomePage.objects.get()
    home.about = "Freshly published words."
    home.save_revision().publish()
    response = get(client)
    assert response["X-Page-Cache"] == "miss" and b"Freshly published words." in response.content

    home = HomePage.objects.get()
    home.about = "A draft nobody may see."
    home.save_revision()
    assert b"A draft nobody may see." not in get(client).content
    assert b"A draft nobody may see." not in get(client).content


def test_news_published_and_unpublished_shows_at_once(client, cached):
    get(client, "/news/")
    item = NewsItem(text="We won the best paper award.", date=datetime.date(2026, 11, 1))
    item.save()
    item.save_revision().publish()
    assert b"We won the best paper award." in get(client, "/news/").content
    assert b"We won the best paper award." in get(client).content

    item.unpublish()
    assert b"We won the best paper award." not in get(client, "/news/").content


def test_settings_images_and_metrics_changes_show_at_once(client, cached):
    get(client)
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    profile.employer = "Institute of Cached Pages"
    profile.save()
    assert b"Institute of Cached Pages" in get(client).content

    figure = PublicationPage.objects.live().first().teaser_image
    figure.description = "Diagram of the whole pipeline"
    figure.save()
    assert b"Diagram of the whole pipeline" in get(client).content

    Metric.objects.create(kind=Kind.CITATIONS, manual_value=4321)
    assert b'data-metric="citations"' in get(client).content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_starts_two_generations_not_one_per_row(monkeypatch):
    """Hundreds of rows saved in one import: a new generation of the page cache at its first change and at
    its commit; elsewhere every change starts one at once."""
    from django.db import transaction

    from core.uncommitted_files import import_transaction
    from homepage.site_tree import ensure_homepage
    from publications.models import PublicationIndexPage
    from publications.records import PaperRecord
    from publications.upsert import upsert_publication

    home, _, _ = ensure_homepage()
    index = PublicationIndexPage.ensure_under(home)
    renewed = []
    original = generations.renew
    monkeypatch.setattr(generations, "renew", lambda key: renewed.append(key) or original(key))

    def papers(first: int) -> None:
        for number in range(first, first + 10):
            upsert_publication(PaperRecord(title=f"Paper {number}"), index=index, is_owner=lambda name: False)

    with import_transaction():  # the outermost transaction, as in manage.py import_acadhomepage
        papers(0)
    assert renewed == [page_cache.GENERATION_KEY] * 2  # (papers change no fragment: they are keyed by revision)

    renewed.clear()
    with transaction.atomic():  # not an import: each change shows at once, even before the commit
        papers(10)
    assert renewed.count(page_cache.GENERATION_KEY) > 10


def test_each_paper_size_of_the_cv_is_kept_apart(client, cached):
    a4, letter = get(client, "/cv-a4.pdf"), get(client, "/cv-letter.pdf")
    assert a4["X-Page-Cache"] == letter["X-Page-Cache"] == "miss" and a4.content != letter.content
    again_a4, again_letter = get(client, "/cv-a4.pdf"), get(client, "/cv-letter.pdf")
    assert again_a4["X-Page-Cache"] == again_letter["X-Page-Cache"] == "hit"
    assert (again_a4.content, again_letter.content) == (a4.content, letter.content)


def test_editors_are_never_served_from_or_stored_in_the_cache(client, cached, admin_user):
    get(client)
    editor = Client()
    editor.force_login(admin_user)
    response = editor.get("/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert b"wagtail-userbar" in response.content

    anonymous = get(client)
    assert anonymous["X-Page-Cache"] == "hit" and b"wagtail-userbar" not in anonymous.content


def test_an_editors_first_view_is_not_stored_for_anonymous_visitors(client, cached, admin_user):
    editor = Client()
    editor.force_login(admin_user)
    editor.get("/")
    response = get(client)
    assert response["X-Page-Cache"] == "miss" and b"wagtail-userbar" not in response.content


def test_only_anonymous_gets_of_public_pages_are_cached(client, cached, admin_user):
    client.post("/")
    assert "X-Page-Cache" not in client.post("/")
    login = client.get("/admin/login/")
    assert "X-Page-Cache" not in login and "X-Page-Cache" not in client.get("/admin/login/")
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "X-Page-Cache" not in client.get("/no-such-page/")


def test_a_response_that_sets_a_cookie_is_not_stored(rf, settings):
    settings.PAGE_CACHE_SECONDS = 3600

    def view(request):
        from django.http import HttpResponse

        response = HttpResponse("hello")
        response.set_cookie("visited", "yes")
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    middleware(rf.get("/hello/"))
    assert "X-Page-Cache" not in middleware(rf.get("/hello/"))


def test_changes_committed_elsewhere_purge_the_cdn(
    transactional_db,
    django_db_serialized_rollback,  # the migrated rows back, whatever transactional test emptied the tables before
    settings,
    imported_demo,
):
    purged: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    with LocalServer(Handler) as server:
        settings.PAGE_CACHE_SECONDS = 3600
        settings.WAGTAILFRONTENDCACHE = {
            "cdn": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": server.url,
            }
        }
        home = HomePage.objects.get()
        home.about = "Purge me."
        home.save_revision().publish()
    assert "/" in purged and "/publications/" in purged and "/news/" in purged and "/sitemap.xml" in purged
    assert any(path.startswith("/publications/tokenselect") and path.endswith("/") for path in purged)


def test_one_transaction_schedules_one_purge(db, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        for number in range(5):
            Metric.objects.create(kind=Kind.STARS, subject=f"github:someone/repo{number}", manual_value=number)
    # Once: the page cache's purge, and a new generation for rendered fragments (serving/fragments.py).
    assert sorted(callback.__name__ for callback in callbacks) == ["after_commit", "new_generation"]


def test_rendering_a_page_does_not_empty_the_cache(client, cached):
    get(client)
    generation = cache.get(page_cache.GENERATION_KEY)
    get(client, "/publications/")  # creates renditions of the figures
    assert cache.get(page_cache.GENERATION_KEY) == generation


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def stored_pages() -> int:
    """Pages in the in-memory cache the tests use."""
    return sum(1 for key in cache._cache if ":generation" not in key)


def test_a_query_string_the_page_does_not_read_is_the_cached_page(client, cached, django_assert_num_queries):
    first = get(client, "/")
    stored = stored_pages()
    with django_assert_num_queries(0):
        for number in range(30):
            for query in (f"r={number}&utm_source=feed", f"year={number}&page={number}&tag=x{number}"):
                response = get(client, f"/?{query}")
                assert response["X-Page-Cache"] == "hit" and response.content == first.content
    news = get(client, "/news/")
    assert get(client, "/news/?tag=anything")["X-Page-Cache"] == "hit"
    assert stored_pages() == stored + 1 and news["X-Page-Cache"] == "miss"


def test_made_up_addresses_and_ports_make_no_entries(client, cached):
    get(client, "/")
    stored = stored_pages()
    for number in range(20):
        assert client.get(f"/made-up-{number}").status_code in (301, 404)  # CommonMiddleware adds the slash
        assert client.get(f"/made-up-{number}/").status_code == 404
        assert client.get("/", headers={"host": f"testserver:{1000 + number}"}).status_code == 200
    assert stored_pages() == stored


def test_the_generation_outlives_a_full_cache(tmp_path, settings, cached):
    """A full file cache culls a third of its files at random: the generation is kept apart, or anyone could
    empty the page cache by asking for enough pages."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "pages",
            "OPTIONS": {"MAX_ENTRIES": 10},
        },
        generations.GENERATION_CACHE: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "generation",
        },
    }
    from django.core.cache import caches

    generation = page_cache.current_generation()
    for number in range(100):
        caches["default"].set(f"page-{number}", "x")
    assert page_cache.current_generation() == generation


def test_made_up_filter_values_add_no_cache_entries(client, cached):
    whole_list = get(client, "/publications/").content
    stored = stored_pages()
    for value in ("1999", "<b>", "x" * 500):
        response = get(client, f"/publications/?year={value}&tag={value}&page={value}")
        assert response.content == whole_list  # a value no paper has filters nothing
    assert stored_pages() == stored
    year = PublicationPage.objects.live().exclude(date=None).first().date.year
    filtered = get(client, f"/publications/?year={year}")
    assert filtered["X-Page-Cache"] == "miss" and filtered.content != whole_list
    assert get(client, f"/publications/?year={year}")["X-Page-Cache"] == "hit"
    assert stored_pages() == stored + 1


def test_redis_url_switches_the_cache_and_database_url_the_database():
    code = (
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']); "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    assert settings_in_a_fresh_process(
        code, REDIS_URL="redis://127.0.0.1:6379/3", DATABASE_URL="postgres://postgres@127.0.0.1:5432/homepage"
    ) == [
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/3",
        "django.db.backends.postgresql homepage",
    ]


@pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
def test_page_cache_on_redis(client, settings, imported_demo):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "profile-site-tests",
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    page_cache.invalidate()
    assert get(client)["X-Page-Cache"] == "miss"
    page_cache._local.clear()  # another worker: only Redis has the page
    assert get(client)["X-Page-Cache"] == "hit"
    home = HomePage.objects.get()
    home.about = "Changed on Redis."
    home.save_revision().publish()
    assert b"Changed on Redis." in get(client).content
    cache.clear()


def settings_in_a_fresh_process(code: str, **environment: str) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "profile_site.settings.dev", **environment}
    done = subprocess.run(  # noqa: S603 - this interpreter, our code
        [sys.executable, "-c", f"from django.conf import settings; {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def test_a_bucket_name_moves_media_to_s3_and_a_cdn_can_be_purged():
    code = (
        "print(settings.STORAGES['default']['BACKEND'], settings.SERVE_MEDIA); "
        "print(sorted(getattr(settings, 'WAGTAILFRONTENDCACHE', {})))"
    )
    assert settings_in_a_fresh_process(code) == [
        "django.core.files.storage.FileSystemStorage True",
        "[]",
    ]
    assert settings_in_a_fresh_process(
        code, AWS_STORAGE_BUCKET_NAME="homepage-media", CLOUDFLARE_ZONEID="zone", CLOUDFLARE_BEARER_TOKEN="token"
    ) == ["storages.backends.s3.S3Storage False", "['cloudflare']"]
    assert settings_in_a_fresh_process(code, FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081")[1] == "['http']"
