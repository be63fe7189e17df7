"""What crawlers, link previews and feed readers see: head tags, JSON-LD, sitemap, robots.txt,
redirects from AcadHomepage's old addresses, the error pages, the news archive and its Atom feed,
and the theme script that keeps the chosen theme from flashing."""

import datetime
import importlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from wagtail.models import Page

from homepage.models import HomePage
from homepage.site_tree import ensure_homepage
from news.models import NewsIndexPage, NewsItem
from profile_site import urls as site_urls
from profile_site.models import ProfileSettings
from publications.models import PublicationIndexPage, PublicationPage
from tests.helpers import make_image

add_news_pages = importlib.import_module("news.migrations.0005_news_page_under_each_homepage").add_news_pages


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def broken_view(request):
    raise RuntimeError("a bug in a view")


# For the 500 test: the site's URLs and one view that fails.
urlpatterns = [path("broken/", broken_view), *site_urls.urlpatterns]


@pytest.fixture
def home(db):
    home, _, _ = ensure_homepage()
    home.about = "I work on **efficient language models** and [prompt compression](https://example.org)."
    home.sections = [("about", {"title": "About Me"}), ("news", {"title": "News", "emoji": "🔥", "count": 2})]
    home.save_revision().publish()
    return home


@pytest.fixture
def profile(home):
    _, site, _ = ensure_homepage()
    profile = ProfileSettings.for_site(site)
    profile.name = "Ada Lovelace"
    profile.native_name = "艾达"
    profile.bio = "PhD student in computing"
    profile.description = "Ada Lovelace studies analytical engines and the programs they run."
    profile.employer = "University of London"
    profile.location = "London, UK"
    profile.website = "https://ada.example.org"
    profile.avatar = make_image("avatar", (400, 400))
    profile.links = [
        ("link", {"kind": "github", "value": "ada", "label": ""}),
        ("link", {"kind": "twitter", "value": "@ada_l", "label": ""}),
    ]
    profile.google_scholar_id = "abcDEF123"
    profile.google_site_verification = "google-code"
    profile.bing_site_verification = "bing-code"
    profile.baidu_site_verification = "baidu-code"
    profile.save()
    return profile


@pytest.fixture
def publication(home):
    page = PublicationPage(
        title="Engines That Weave Algebraic Patterns",
        slug="engines",
        abstract="We show that an *engine* can weave patterns, " + "as a loom weaves flowers and leaves " * 8,
        teaser_image=make_image("figure", (1600, 900)),
    )
    PublicationIndexPage.ensure_under(home).add_child(instance=page)
    page.save_revision().publish()
    return page


def news(text: str, date: datetime.date, live: bool = True, publication=None) -> NewsItem:
    item = NewsItem(text=text, date=date, publication=publication)
    if live:
        item.save()
        item.save_revision().publish()
    else:
        item.live = False
        item.save()
    return item


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own response


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def head_meta(soup: BeautifulSoup) -> dict[str, str]:
    """Every ``<meta>`` of the head by its name or property; a repeated one would show up as a list."""
    tags: dict[str, list[str]] = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            tags.setdefault(key, []).append(tag["content"])
    assert all(len(values) == 1 for values in tags.values()), tags
    return {key: values[0] for key, values in tags.items()}


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


# --- The homepage's head -------------------------------------------------------------------------


def test_homepage_head_for_search_engines_and_link_previews(client, profile):
    soup = soup_of(client, "/")
    meta = head_meta(soup)
    image = meta.pop("og:image")
    assert image.startswith("http://localhost/media/images/avatar") and image.endswith(".png")  # the Site's address
    assert meta == {
        "viewport": "width=device-width, initial-scale=1",
        "description": "Ada Lovelace studies analytical engines and the programs they run.",
        "og:type": "profile",
        "og:site_name": "Ada Lovelace - Homepage",
        "og:title": "Ada Lovelace",
        "og:url": "http://localhost/",
        "og:description": "Ada Lovelace studies analytical engines and the programs they run.",
        "og:image:width": "400",
        "og:image:height": "400",
        "og:image:alt": "Ada Lovelace",
        "twitter:card": "summary",
        "twitter:creator": "@ada_l",
        "google-site-verification": "google-code",
        "msvalidate.01": "bing-code",
        "baidu-site-verification": "baidu-code",
    }
    assert [link["href"] for link in soup.head.find_all("link", rel="canonical")] == ["http://localhost/"]
    feed = soup.head.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == "/news/feed/" and feed["title"] == "Ada Lovelace - News"


def test_the_og_image_is_served(client, profile):
    image_url = head_meta(soup_of(client, "/"))["og:image"]
    response = client.get(image_url.removeprefix("http://testserver"))
    assert response.status_code == 200


def test_description_falls_back_to_an_excerpt_of_the_about_text(client, profile, home):
    profile.description = ""
    profile.save()
    home.about = "I work on **efficient** [language models](https://example.org). " + "More words here. " * 20
    home.save_revision().publish()
    meta = head_meta(soup_of(client, "/"))
    description = meta["description"]
    assert description.startswith("I work on efficient language models. More words here.")
    assert len(description) <= 160 and description.endswith("here…")
    assert meta["og:description"] == description


def test_person_json_ld_with_same_as_from_the_profile_links(client, profile):
    assert json_ld(soup_of(client, "/")) == [
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": "Ada Lovelace",
            "url": "http://localhost/",
            "alternateName": "艾达",
            "image": head_meta(soup_of(client, "/"))["og:image"],
            "description": "PhD student in computing",
            "affiliation": {"@type": "Organization", "name": "University of London"},
            "homeLocation": {"@type": "Place", "name": "London, UK"},
            "sameAs": [
                "https://ada.example.org",
                "https://github.com/ada",
                "https://x.com/ada_l",
                "https://scholar.google.com/citations?user=abcDEF123",
            ],
        }
    ]


def test_publication_page_shares_its_figure_and_keeps_its_own_json_ld(client, profile, publication):
    soup = soup_of(client, publication.url)
    meta = head_meta(soup)
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Engines That Weave Algebraic Patterns"
    assert meta["og:url"] == "http://localhost/publications/engines/"
    assert meta["og:description"].startswith("We show that an engine can weave patterns, as a loom")
    assert len(meta["og:description"]) <= 160
    assert "/media/images/figure" in meta["og:image"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
    assert meta["twitter:card"] == "summary_large_image"
    assert [link["href"] for link in soup.head.find_all("link", rel="canonical")] == [
        "http://localhost/publications/engines/"
    ]
    assert [data["@type"] for data in json_ld(soup)] == ["ScholarlyArticle"]


def test_absolute_addresses_are_the_sites_own_whatever_host_was_asked(client, profile, publication, settings):
    """Settings → Sites says where the site lives: a request that reached it by another name (an IP address, a
    proxy's) gets canonical links, link previews and JSON-LD on that address, never on the name it used."""
    site = profile.site
    site.hostname, site.port = "ada.example.org", 443
    site.save()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "203.0.113.5"]
    seen = []
    for url in ["/", publication.url, "/publications/", "/news/", "/cv/"]:
        soup = BeautifulSoup(client.get(url, HTTP_HOST="203.0.113.5").content, "html.parser")
        seen += [link["href"] for link in soup.head.find_all("link", rel="canonical")]
        seen += [tag["content"] for tag in soup.head.find_all("meta", property=["og:url", "og:image"])]
        seen += [data.get(key) for data in json_ld(soup) for key in ("url", "image") if data.get(key)]
    assert len(seen) >= 14, seen
    assert [address for address in seen if not address.startswith("https://ada.example.org/")] == []


def test_media_on_an_origin_of_their_own_keep_it_in_link_previews(client, profile, settings):
    settings.MEDIA_URL = "https://media.example.edu/"
    meta = head_meta(soup_of(client, "/"))
    assert meta["og:image"].startswith("https://media.example.edu/images/avatar"), meta["og:image"]


def test_publication_index_has_one_canonical_and_names_whose_publications_they_are(client, profile, publication):
    soup = soup_of(client, "/publications/")
    assert len(soup.head.find_all("link", rel="canonical")) == 1
    assert head_meta(soup)["description"] == f"Publications — Ada Lovelace. {profile.description}"
    assert json_ld(soup) == []


def test_a_paper_without_an_abstract_is_described_by_its_reference(client, profile, publication):
    publication.abstract = ""
    publication.venue = "Proceedings of the Analytical Society"
    publication.save_revision().publish()
    description = head_meta(soup_of(client, "/publications/engines/"))["description"]
    assert description.startswith("Engines That Weave Algebraic Patterns.")
    assert "Proceedings of the Analytical Society" in description


def test_listings_fall_back_to_the_about_text_when_the_profile_has_no_description(client, profile, home):
    profile.description = profile.bio = ""
    profile.save()
    description = head_meta(soup_of(client, "/news/"))["description"]
    assert description == "News — Ada Lovelace. I work on efficient language models and prompt compression."


# --- Sitemap, robots.txt, old addresses ----------------------------------------------------------


def test_sitemap_lists_the_homepage_publications_and_the_news_archive(client, profile, publication):
    news("Our paper was accepted.", datetime.date(2025, 8, 1))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urls = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in parse_xml(response.content)}
    assert set(urls) == {
        "http://localhost/",
        "http://localhost/publications/",
        "http://localhost/publications/engines/",
        "http://localhost/news/",
        "http://localhost/cv/",
    }
    assert urls["http://localhost/news/"] == datetime.date.today().isoformat()


def test_robots_txt_points_at_the_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "User-agent: *\nDisallow: /admin/\n\nSitemap: http://localhost/sitemap.xml\n"


@pytest.mark.parametrize(("old", "new"), [("/about/", "/"), ("/about.html", "/"), ("/about/?lang=en", "/?lang=en")])
def test_acadhomepage_about_addresses_redirect_permanently_to_the_homepage(client, home, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


# --- Error pages ---------------------------------------------------------------------------------


def test_404_page_says_what_happened_and_where_to_go(client, profile, publication):
    response = client.get("/no-such-paper/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.string == "Page not found - Ada Lovelace - Homepage"
    assert soup.h1.get_text() == "Page not found"
    assert "/no-such-paper/" in soup.main.get_text()
    assert [a["href"] for a in soup.main.select(".not-found__links a")] == ["/", "/publications/", "/news/"]
    assert head_meta(soup)["robots"] == "noindex"
    assert soup.select_one(".sidebar .author__name").get_text(strip=True) == "Ada Lovelace艾达"


@pytest.mark.urls(__name__)
def test_500_page_is_rendered_by_handler500_without_the_database():
    """No ``db`` fixture: any query while rendering the error page would fail this test."""
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Something went wrong"
    assert soup.find("a", string="Go to the homepage")["href"] == "/"
    assert soup.find("link", rel="stylesheet")["href"] == "/static/css/site.css"


# --- News archive and feed -----------------------------------------------------------------------


@pytest.fixture
def news_items(home, publication):
    return {
        "old": news("Started my PhD 🎓", datetime.date(2023, 9, 1)),
        "accepted": news("One paper accepted by **ACL'24**.", datetime.date(2024, 5, 1), publication=publication),
        "talk": news("Gave a talk on [engines](https://example.org/talk).", datetime.date(2024, 11, 1)),
        "newest": news("Joined a lab as an intern.", datetime.date(2025, 2, 1)),
        "draft": news("Secret: an award (embargoed).", datetime.date(2025, 3, 1), live=False),
    }


def test_homepage_news_section_links_to_all_news(client, profile, news_items):
    soup = soup_of(client, "/")
    assert len(soup.select("#-news li")) == 2
    link = soup.select_one("#-news .section__more a")
    assert link["href"] == "/news/" and link.get_text() == "All news →"


def test_news_archive_lists_every_live_item_by_year_newest_first(client, profile, news_items):
    soup = soup_of(client, "/news/")
    assert soup.title.string == "News - Ada Lovelace - Homepage"
    assert soup.h1.get_text() == "News"
    assert [h2.get_text() for h2 in soup.main.find_all("h2")] == ["2025", "2024", "2023"]
    entries = [
        (li["id"], li.time.get_text(), li.select_one(".dated-entry__text").get_text()) for li in soup.main.select("li")
    ]
    assert entries == [
        (f"news-{news_items['newest'].pk}", "2025.02", "Joined a lab as an intern."),
        (f"news-{news_items['talk'].pk}", "2024.11", "Gave a talk on engines."),
        (f"news-{news_items['accepted'].pk}", "2024.05", "One paper accepted by ACL'24."),
        (f"news-{news_items['old'].pk}", "2023.09", "Started my PhD 🎓"),
    ]
    assert "Secret" not in soup.get_text()
    assert [link["href"] for link in soup.head.find_all("link", rel="canonical")] == ["http://localhost/news/"]
    assert head_meta(soup)["og:title"] == "News"
    assert soup.main.find("a", type="application/atom+xml")["href"] == "/news/feed/"


def test_news_archive_queries_do_not_grow_with_the_news(client, profile, news_items):
    client.get("/news/")  # warm the settings and site caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/news/").status_code == 200
        return len(context)

    before = queries()
    for day in range(1, 11):
        news(f"Item {day}", datetime.date(2022, 1, day))
    assert queries() == before


def test_atom_feed_of_live_news_newest_first(client, profile, news_items):
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse_xml(response.content)
    assert feed.findtext(f"{ATOM}title") == "Ada Lovelace - News"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://localhost/news/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/news/feed/"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Ada Lovelace"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Joined a lab as an intern.",
        "Gave a talk on engines.",
        "One paper accepted by ACL'24.",
        "Started my PhD 🎓",
    ]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[2] == "http://localhost/publications/engines/"  # the paper it is about
    assert links[0] == f"http://localhost/news/#news-{news_items['newest'].pk}"
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 4 and ids[2] == f"http://localhost/news/#news-{news_items['accepted'].pk}"
    assert entries[1].findtext(f"{ATOM}summary") == 'Gave a talk on <a href="https://example.org/talk">engines</a>.'
    assert entries[0].findtext(f"{ATOM}published").startswith("2025-02-01T00:00:00")
    assert "Secret" not in response.content.decode()


def test_feed_links_to_the_archive_when_the_paper_is_unpublished(client, profile, news_items, publication):
    publication.unpublish()
    feed = parse_xml(client.get("/news/feed/").content)
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    assert links[2] == f"http://localhost/news/#news-{news_items['accepted'].pk}"


def test_the_news_page_is_edited_like_any_page(client, profile, news_items, django_capture_on_commit_callbacks):
    """Its title, introduction and address are the owner's; the old address and the feed's follow a rename."""
    ids = [entry.findtext(f"{ATOM}id") for entry in parse_xml(client.get("/news/feed/").content).iter(f"{ATOM}entry")]
    page = NewsIndexPage.objects.get()
    page.title = "Announcements"
    page.intro = "What happened in the lab, *month by month*."
    page.slug = "announcements"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    soup = soup_of(client, "/announcements/")
    assert soup.h1.get_text() == "Announcements"
    assert soup.main.select_one(".prose em").get_text() == "month by month"
    assert head_meta(soup)["description"] == "What happened in the lab, month by month."
    assert soup.main.find("a", type="application/atom+xml")["href"] == "/announcements/feed/"
    assert soup_of(client, "/").head.find("link", type="application/atom+xml")["href"] == "/announcements/feed/"
    assert soup_of(client, "/").select_one("#-news .section__more a")["href"] == "/announcements/"
    feed = parse_xml(client.get("/announcements/feed/").content)
    assert feed.findtext(f"{ATOM}title") == "Ada Lovelace - Announcements"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/announcements/feed/"
    assert [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")] == ids  # not new to readers
    old = client.get("/news/")
    assert old.status_code == 301 and old["Location"] == "/announcements/"
    old_feed = client.get("/news/feed/")  # where readers subscribed
    assert old_feed.status_code == 301 and old_feed["Location"] == "/announcements/feed/"


def test_without_a_live_news_page_nothing_links_to_it(client, profile, news_items):
    NewsIndexPage.objects.get().unpublish()
    soup = soup_of(client, "/")
    assert soup.head.find("link", type="application/atom+xml") is None
    assert soup.select_one("#-news .section__more") is None
    assert len(soup.select("#-news li")) == 2  # the section itself stays
    assert client.get("/news/").status_code == 404
    assert client.get("/news/feed/").status_code == 404


def test_an_existing_site_gets_its_news_page_where_the_archive_was(client, profile, news_items):
    """The data migration, on a homepage made before the news page existed (its other child kept)."""
    NewsIndexPage.objects.get().delete()
    assert client.get("/news/").status_code == 404
    add_news_pages(django_apps, schema_editor=None)
    add_news_pages(django_apps, schema_editor=None)  # twice: nothing more

    page = NewsIndexPage.objects.get()
    assert page.get_parent().specific == HomePage.objects.get()
    assert Page.find_problems() == ([], [], [], [], [])
    assert [child.slug for child in page.get_parent().get_children()] == ["publications", "news"]
    assert soup_of(client, "/news/").h1.get_text() == "News"
    assert client.get("/news/feed/").status_code == 200
    page.save_revision().publish()  # and the tree takes further pages
    PublicationIndexPage.objects.get().add_child(instance=PublicationPage(title="After", slug="after"))
    assert Page.find_problems() == ([], [], [], [], [])


# --- Theme ---------------------------------------------------------------------------------------


def test_theme_script_runs_in_the_head_before_the_stylesheet(client, profile):
    soup = soup_of(client, "/")
    head = [(tag.name, tag.get("src") or tag.get("href")) for tag in soup.head.find_all(["script", "link"])]
    theme = soup.head.find("script", src="/static/js/theme.js")
    assert theme is not None and not theme.has_attr("defer") and not theme.has_attr("async")
    assert head.index(("script", "/static/js/theme.js")) < head.index(("link", "/static/css/site.css"))
    assert not soup.find_all("script", src=False, type=lambda kind: kind != "application/ld+json")  # nothing inline
    source = Path(finders.find("js/theme.js")).read_text(encoding="utf-8")
    assert 'localStorage.getItem("theme")' in source and "document.documentElement.dataset.theme" in source


def test_theme_toggle_is_a_named_button_that_waits_for_javascript(client, profile):
    button = soup_of(client, "/").select_one("button.theme-toggle")
    assert button["type"] == "button" and button.has_attr("hidden")
    assert button.get_text(strip=True) == "Dark theme"
    assert button["aria-pressed"] == "false"
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert ':root[data-theme="dark"]' in css and ':root[data-theme="light"]' in css


def test_favicon_ico_leads_to_the_default_icon_until_the_owner_sets_one(client, profile):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    soup = soup_of(client, "/")
    assert soup.head.find("link", rel="icon")["href"].endswith("favicon.svg")

    profile.favicon = make_image("icon", (64, 64))
    profile.save()
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".png")
    assert client.get(response["Location"]).status_code == 200
    soup = soup_of(client, "/")
    assert soup.head.find("link", rel="icon")["href"] == response["Location"]
