"""What a visitor sees on the homepage after the demo import."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Site

from homepage.models import HomePage
from news.models import NewsItem
from profile_site.models import ProfileSettings, TalkEntry
from tests.helpers import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, imported_demo) -> BeautifulSoup:
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_title_and_single_h1(page):
    assert page.title.string == "Zhuoshi Pan - Homepage"
    assert [h1.get_text(" ", strip=True) for h1 in page.find_all("h1")] == ["Zhuoshi Pan 盘卓实"]


def test_navigation_is_built_from_the_visible_sections(page):
    nav = [(a["href"], a.get_text()) for a in page.select(".masthead__links a")]
    assert nav == [
        ("#about-me", "About Me"),
        ("#-news", "News"),
        ("#-publications", "Publications"),
        ("#-honors-and-awards", "Honors and Awards"),
        ("#-educations", "Educations"),
        ("/cv/", "CV"),  # after the sections: the CV's own page
    ]
    section_ids = [section["id"] for section in page.select("main > section")]
    assert section_ids == [href.lstrip("#") for href, _ in nav[:-1]]


def test_the_other_pages_work_out_the_homepages_sections_once_until_the_content_changes(
    client, imported_demo, monkeypatch
):
    """Each section asks the database whether it shows anything: once for all the pages, until a change."""
    worked_out = []
    navigation = HomePage.navigation
    monkeypatch.setattr(HomePage, "navigation", lambda home: worked_out.append(home.pk) or navigation(home))

    def labels(url: str) -> list[str]:
        return navigation_labels(client, url)

    sections = ["About Me", "News", "Publications", "Honors and Awards", "Educations", "CV"]
    assert labels("/publications/") == labels("/news/") == labels("/cv/") == sections
    assert worked_out == [imported_demo.pk]
    for item in NewsItem.objects.filter(live=True):
        item.unpublish()
    assert labels("/publications/") == [label for label in sections if label != "News"]
    assert worked_out == [imported_demo.pk] * 2


def test_a_change_rolled_back_leaves_the_other_pages_navigation_as_it_was(client, imported_demo):
    assert "News" in navigation_labels(client, "/cv/")
    with pytest.raises(RuntimeError), transaction.atomic():
        for item in NewsItem.objects.filter(live=True):
            item.unpublish()
        assert "News" not in navigation_labels(client, "/cv/")  # seen inside the change
        raise RuntimeError("rolled back")
    assert "News" in navigation_labels(client, "/cv/")


def navigation_labels(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".masthead__links a")]


def test_section_headings_keep_their_emoji(page):
    headings = [h2.get_text(" ", strip=True) for h2 in page.select("main h2")]
    assert headings == ["🔥 News", "📝 Publications", "🎖 Honors and Awards", "📖 Educations"]


def test_about_text_with_links(page):
    about = page.select_one("#about-me")
    assert "Zhuoshi Pan (盘卓实 in Chinese) is currently a graduate student" in about.get_text()
    assert about.find("a", string="Prof. H. Vicky Zhao")["href"] == "https://ieeexplore.ieee.org/author/37294624300"
    assert "intern of" not in about.get_text()  # the commented-out paragraph stays hidden


def test_news_dates_and_links(page):
    items = page.select("#-news li")
    assert len(items) == 6
    assert [li.time.get_text() for li in items] == ["2025.08", "2025.03", "2025.03", "2025.01", "2024.12", "2024.03"]
    assert items[0].time["datetime"] == "2025-08"
    assert [a.get_text() for a in items[-1].find_all("a")] == ["Paper", "Code", "Demo"]


def test_paper_boxes(page):
    boxes = page.select("#-publications .paper-box")
    assert len(boxes) == 5
    first = boxes[0]
    title = first.select_one(".paper-box__title a")
    assert title["href"] == "https://arxiv.org/abs/2411.02886"
    assert title.get_text().startswith("TokenSelect: Efficient Long-Context Inference")
    assert first.select_one(".venue-tag").get_text() == "[EMNLP'25 Main]"
    assert first.select_one(".author-name--owner strong").get_text() == "Zhuoshi Pan"
    assert first.select_one(".author-name--owner .marker")["title"] == "Equal contribution"
    assert first.select_one(".paper-box__badge") is None  # empty badge text shows no empty box
    img = first.select_one("picture img")
    assert img["width"] and img["height"] and img["loading"] == "lazy"
    assert img["alt"].startswith("TokenSelect")
    assert first.select_one(".artifact-badge")["href"] == "https://github.com/pzs19/TokenSelect"
    lemma_badges = [a["href"] for a in boxes[1].select(".artifact-badge")]
    assert lemma_badges == [
        "https://github.com/pzs19/LEMMA",
        "https://huggingface.co/collections/panzs19/lemma-68620ced6bedc62fff843e43",
    ]
    assert [a.get_text() for a in boxes[2].select(".paper-link")] == ["Project"]
    assert "Victor Rühle" in boxes[3].get_text()
    assert "equal contribution" in page.select_one("#-publications .marker-legend").get_text()


def test_images_in_modern_formats_at_displayed_sizes_with_priority_by_position(client, imported_demo):
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    profile.avatar = make_image("portrait", (800, 800))
    profile.save()
    page = BeautifulSoup(client.get("/").content, "html.parser")

    def formats(picture):
        return [source["type"] for source in picture.find_all("source")]

    avatar = page.select_one(".sidebar picture")
    assert formats(avatar) == ["image/avif", "image/webp"]
    img = avatar.img
    assert "author__avatar" in img["class"] and img["alt"] == "Zhuoshi Pan"
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs  # above the fold: first, not lazy
    assert img["src"].endswith(".jpg") or img["src"].endswith(".jpeg")  # the fallback
    assert (img["width"], img["height"]) == ("128", "128")
    assert [candidate.split()[1] for candidate in avatar.source["srcset"].split(", ")] == ["128w", "192w", "352w"]
    assert avatar.source["sizes"] == "(max-width: 47.99rem) 4rem, 11rem"

    for figure in page.select(".paper-box picture"):
        assert formats(figure) == ["image/avif", "image/webp"]
        assert figure.img["loading"] == "lazy" and figure.img["decoding"] == "async"
        assert figure.img["src"].endswith(".png") and int(figure.img["width"]) <= 800
        assert "800w" in figure.source["srcset"] and figure.source["sizes"]


def test_honors_and_education_dates(page):
    assert [t.get_text() for t in page.select("#-honors-and-awards time")] == ["2024", "2020~2022", "2019"]
    assert [t.get_text() for t in page.select("#-educations time")] == ["2023.09 - Now", "2019.09 - 2023.06"]


def test_no_third_party_requests(page):
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("source", "srcset")):
        for node in page.find_all(tag):
            if tag == "link" and {"canonical", "alternate"} & set(node.get("rel", [])):
                continue  # names this page's address; never fetched
            value = node.get(attr, "")
            assert not re.match(r"^(https?:)?//", value), f"{tag} loads {value} from another origin"


def test_unpublished_section_appears_once_an_entry_is_published(client, imported_demo):
    talk = TalkEntry.objects.order_by("sort_order").first()
    talk.save_revision().publish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert "#-invited-talks" in [a["href"] for a in soup.select(".masthead__links a")]
    assert len(soup.select("#-invited-talks li")) == 1


def test_draft_news_is_not_shown(client, imported_demo):
    import datetime

    NewsItem.objects.create(date=datetime.date(2026, 1, 1), text="Secret draft news", live=False)
    assert b"Secret draft news" not in client.get("/").content


def test_anchor_is_kept_when_a_section_is_renamed(imported_demo):
    home = HomePage.objects.get()
    news = next(child for child in home.sections if child.block_type == "news")
    news.value["title"] = "Latest news"
    home.save_revision().publish()
    home.refresh_from_db()
    news = next(child for child in home.sections if child.block_type == "news")
    assert (news.value["title"], news.value["anchor"]) == ("Latest news", "-news")


def test_new_section_gets_acadhomepage_anchor(imported_demo):
    home = HomePage.objects.get()
    home.sections.append(("markdown", {"emoji": "🔬", "title": "Research Interests", "body": "NLP"}))
    home.sections.append(("markdown", {"emoji": "", "title": "Research interests!", "body": "Again"}))
    home.save_revision().publish()
    home.refresh_from_db()
    anchors = [child.value["anchor"] for child in home.sections][-2:]
    assert anchors == ["-research-interests", "research-interests"]


def test_email_is_readable_but_not_harvestable(client, imported_demo):
    cache.clear()
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    profile.email = "pzs23@mails.tsinghua.edu.cn"
    profile.save()
    html = client.get("/").content.decode()
    assert "pzs23@mails.tsinghua.edu.cn" not in html
    assert "mailto:" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".guarded-email").get_text() == "pzs23 [at] mails.tsinghua.edu.cn"
    # The address wraps before a dot of its domain, never inside a name (it broke mid-domain at 1280 px).
    assert str(soup.select_one(".guarded-email")).endswith("mails<wbr/>.tsinghua<wbr/>.edu<wbr/>.cn</span>")
    # The envelope of the icon is a <rect> whose size is its drawing: it was taken away with the icon's own.
    icon = soup.select_one(".author__details svg.icon")
    assert {name: icon.find("rect").get(name) for name in ("width", "height")} == {"width": "20", "height": "16"}
    assert "width" not in icon.attrs and "height" not in icon.attrs


def test_publication_pages_render(client, imported_demo):
    assert client.get("/publications/").status_code == 200
    response = client.get("/publications/lemma-learning-from-errors-for-mathematical-advancement-in-llms/")
    assert response.status_code == 200
    assert b"Zhuoshi Pan" in response.content


def test_award_is_shown_with_the_paper(client, imported_demo):
    from publications.models import PublicationPage

    publication = PublicationPage.objects.get(arxiv_id="2502.05589")
    publication.award = "Outstanding Paper Award"
    publication.save_revision().publish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one(".paper-box .paper-award").get_text() == "Outstanding Paper Award"
