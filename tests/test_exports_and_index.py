"""The publications list: filters that keep the Back button working, and exports other tools can read."""

import datetime
import json

import pytest
import rispy
from bs4 import BeautifulSoup

from profile_site.dates import Precision
from profile_site.site_tree import ensure_homepage, ensure_publication_index
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage

pytestmark = pytest.mark.django_db


def add_publication(index, title, year, kind="conference", tags=(), featured=False, live=True, **fields):
    page = PublicationPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        date=datetime.date(year, fields.pop("month", 1), 1),
        date_precision=fields.pop("precision", Precision.YEAR),
        publication_type=kind,
        featured=featured,
        live=False,
        **fields,
    )
    page.authors = [
        PublicationAuthor(name="Zhuoshi Pan", is_owner=True),
        PublicationAuthor(name="Ludwig van Beethoven"),
    ]
    page.links = [PublicationLink(kind="paper", url=f"https://example.org/{page.slug}")]
    index.add_child(instance=page)
    page.tags.add(*tags)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


@pytest.fixture
def index():
    home, _, _ = ensure_homepage()
    home.sections = [("publications", {"title": "Publications", "show_others": True})]
    home.save_revision().publish()
    index = ensure_publication_index(home)
    add_publication(
        index,
        "Deep Homepages",
        2025,
        tags=["web"],
        featured=True,
        venue="ICLR 2025",
        doi="10.1234/deep.2025",
        abstract="We study homepages.",
        month=5,
        precision=Precision.MONTH,
    )
    add_publication(index, "Shallow Homepages", 2024, kind="journal", tags=["web", "survey"], venue="JMLR")
    add_publication(index, "Draft Homepages", 2024, live=False)
    add_publication(index, "Old Preprint", 2023, kind="preprint", arxiv_id="2301.00001")
    return index  # fmt: skip


def titles(soup):
    return [a.get_text() for a in soup.select(".citation__title")]


def test_index_lists_live_publications_grouped_by_year(client, index):
    soup = BeautifulSoup(client.get("/publications/").content, "html.parser")
    assert [h2.get_text() for h2 in soup.select("main h2")] == ["2025", "2024", "2023"]
    assert titles(soup) == ["Deep Homepages", "Shallow Homepages", "Old Preprint"]
    assert soup.select_one(".citation .featured-tag").find_next("a").get_text() == "Deep Homepages"
    assert soup.select_one(".citation__title")["href"] == "/publications/deep-homepages/"


def test_undated_publications_come_last(client, index):
    undated = add_publication(index, "Undated Homepages", 2020)
    undated.date = None
    undated.save_revision().publish()
    soup = BeautifulSoup(client.get("/publications/").content, "html.parser")
    assert [h2.get_text() for h2 in soup.select("main h2")] == ["2025", "2024", "2023", "Undated"]
    assert titles(soup)[-1] == "Undated Homepages"


def test_index_can_group_by_type(client, index):
    index.group_by = PublicationIndexPage.GroupBy.TYPE
    index.save_revision().publish()
    soup = BeautifulSoup(client.get("/publications/").content, "html.parser")
    assert [h2.get_text() for h2 in soup.select("main h2")] == ["Conference paper", "Journal article", "Preprint"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?year=2024", ["Shallow Homepages"]),
        ("?type=preprint", ["Old Preprint"]),
        ("?tag=web", ["Deep Homepages", "Shallow Homepages"]),
        ("?tag=web&year=2025", ["Deep Homepages"]),
        ("?year=1999", ["Deep Homepages", "Shallow Homepages", "Old Preprint"]),  # unknown values are ignored
    ],
)
def test_filters_are_plain_links(client, index, query, expected):
    soup = BeautifulSoup(client.get(f"/publications/{query}").content, "html.parser")
    assert titles(soup) == expected


def test_filter_links_toggle_and_mark_the_choice(client, index):
    soup = BeautifulSoup(client.get("/publications/?year=2024").content, "html.parser")
    chosen = soup.select_one('.filters__choice[aria-current="true"]')
    assert chosen.get_text() == "2024" and chosen["href"] == "?"
    tag_link = next(a for a in soup.select(".filters__choice") if a.get_text() == "survey")
    assert tag_link["href"] == "?year=2024&tag=survey"


def test_index_paginates_only_beyond_a_hundred(client, index, monkeypatch):
    monkeypatch.setattr(PublicationIndexPage, "PAGE_SIZE", 2)
    soup = BeautifulSoup(client.get("/publications/").content, "html.parser")
    assert titles(soup) == ["Deep Homepages", "Shallow Homepages"]
    assert soup.select_one('.pagination a[rel="next"]')["href"] == "?&page=2"
    soup = BeautifulSoup(client.get("/publications/?page=2").content, "html.parser")
    assert titles(soup) == ["Old Preprint"]


def test_ris_export_reads_back_with_rispy(client, index):
    response = client.get("/publications.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="publications.ris"'
    records = rispy.loads(response.content.decode())
    assert [record["title"] for record in records] == ["Deep Homepages", "Shallow Homepages", "Old Preprint"]
    deep = records[0]
    assert deep["type_of_reference"] == "CONF"
    assert deep["authors"] == ["Pan, Zhuoshi", "van Beethoven, Ludwig"]
    assert deep["year"] == "2025" and deep["date"] == "2025/05//"
    assert deep["doi"] == "10.1234/deep.2025"
    assert deep["secondary_title"] == "ICLR 2025"
    assert records[1]["type_of_reference"] == "JOUR" and records[1]["journal_name"] == "JMLR"
    assert records[2]["type_of_reference"] == "UNPB"


def test_csl_json_export(client, index):
    response = client.get("/publications.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(response.content)
    assert [item["title"] for item in items] == ["Deep Homepages", "Shallow Homepages", "Old Preprint"]
    deep = items[0]
    assert deep["type"] == "paper-conference"
    assert deep["author"] == [{"family": "Pan", "given": "Zhuoshi"}, {"family": "van Beethoven", "given": "Ludwig"}]
    assert deep["issued"] == {"date-parts": [[2025, 5]]}
    assert deep["DOI"] == "10.1234/deep.2025" and deep["URL"] == "https://example.org/deep-homepages"
    assert len({item["id"] for item in items}) == 3
    assert items[2]["type"] == "article" and items[2]["number"] == "arXiv:2301.00001"


def test_single_publication_exports(client, index):
    response = client.get("/publications/deep-homepages.bib")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pan2025deep.bib"'
    assert response.content.decode().startswith("@inproceedings{pan2025deep,")
    assert rispy.loads(client.get("/publications/deep-homepages.ris").content.decode())[0]["title"] == "Deep Homepages"
    assert client.get("/publications/draft-homepages.json").status_code == 404  # drafts are never exported


def test_homepage_links_to_the_full_list(client, index):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one(".section__more a")["href"] == "/publications/"
