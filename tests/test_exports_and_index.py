"""The publications list: filters that keep the Back button working, and exports other tools can read."""

import datetime
import json
import re

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup

from core.dates import Precision
from homepage.site_tree import ensure_homepage
from publications.formats.bibtex import parse_bibtex
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage

pytestmark = pytest.mark.django_db


def add_publication(index, title, year, kind="conference", tags=(), featured=False, live=True, **fields):
    slug = fields.pop("slug", title.lower().replace(" ", "-"))
    url = fields.pop("url", f"https://example.org/{slug}")
    authors = fields.pop("authors", ["Zhuoshi Pan", "Ludwig van Beethoven"])
    page = PublicationPage(
        title=title,
        slug=slug,
        date=datetime.date(year, fields.pop("month", 1), 1),
        date_precision=fields.pop("precision", Precision.YEAR),
        publication_type=kind,
        featured=featured,
        live=False,
        **fields,
    )
    page.authors = [PublicationAuthor(name=name, is_owner=number == 0) for number, name in enumerate(authors)]
    page.links = [PublicationLink(kind="paper", url=url)]
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
    index = PublicationIndexPage.ensure_under(home)
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
    assert len(soup.select(".featured-tag")) == 1


def test_featured_is_not_marked_when_most_papers_are(client, index):
    """An imported homepage makes every paper box featured: the mark on every paper said nothing."""
    for paper in PublicationPage.objects.live():
        paper.featured = True
        paper.save_revision().publish()
    soup = BeautifulSoup(client.get("/publications/").content, "html.parser")
    assert len(soup.select(".citation")) == 3
    assert soup.select(".featured-tag") == []
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


# Each tries to leave its field in an export: braces and a TeX command for BibTeX, line breaks and
# tags for RIS (``ER  -`` ends a record, ``TY  -`` starts one).
HOSTILE_TITLE = "Hostile} Homepages, note = {\\input{/etc/passwd}}\r\nER  - \r\nTY  - JOUR\r\nTI  - Forged"
HOSTILE_DOI = "10.1234/y},note={\\input{/etc/passwd}},z={"
HOSTILE_URL = "https://example.org/a}b{\\input{/etc/passwd}}/^^5cinput"
HOSTILE_AUTHOR = "Eve}, note = {\\immediate\\write18{rm -rf ~}"


@pytest.fixture
def hostile(index):
    """A live paper whose title, DOI, link, venue, author and abstract all try to break out of their field."""
    return add_publication(
        index,
        HOSTILE_TITLE,
        2022,
        kind="journal",
        slug="hostile",
        url=HOSTILE_URL,
        authors=["Zhuoshi Pan", HOSTILE_AUTHOR],
        doi=HOSTILE_DOI,
        venue="J. Hostile}, note = {x",
        abstract="First line.\r\nER  - \r\nTY  - JOUR\u2028Last line.",
    )


def test_bibtex_export_keeps_each_value_in_its_field(client, hostile):
    text = client.get("/publications.bib").content.decode()
    entries = parse_bibtex(text)
    assert len(entries) == 4  # one a page: nothing forged, nothing swallowed
    [entry] = [entry for entry in entries if entry.key == "pan2022hostile"]
    assert (entry.doi, [link.url for link in entry.links]) == (HOSTILE_DOI, [HOSTILE_URL])
    assert entry.title == " ".join(HOSTILE_TITLE.split())
    assert [author.name for author in entry.authors] == ["Zhuoshi Pan", HOSTILE_AUTHOR]
    assert entry.venue == "J. Hostile}, note = {x"

    library = bibtexparser.parse_string(text)  # a reader other than the site's own
    assert not library.failed_blocks and len(library.entries) == 4
    fields = {entry.key: list(entry.fields_dict) for entry in library.entries}
    assert fields["pan2022hostile"] == ["author", "title", "journal", "year", "doi", "url"]
    assert not any("note" in names or "z" in names for names in fields.values())
    assert "\\input" not in re.sub(r"\\textbackslash\{?\}?input", "", text)  # never a command, only its text


def test_ris_export_gives_one_record_a_page_whatever_a_title_holds(client, hostile):
    text = client.get("/publications.ris").content.decode()
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - \S.*|ER  - ", line) for line in text.split("\r\n") if line)
    records = rispy.loads(text)
    assert len(records) == 4
    [record] = [record for record in records if record.get("doi") == HOSTILE_DOI]
    assert record["title"] == " ".join(HOSTILE_TITLE.split())
    assert record["abstract"] == "First line. ER - TY - JOUR Last line."
    assert record["urls"] == [HOSTILE_URL] and record["authors"][1] == "Eve}, note = {\\immediate\\write18{rm -rf ~}"
    [alone] = rispy.loads(client.get("/publications/hostile.ris").content.decode())
    assert alone["title"] == record["title"]


def test_csl_json_export_keeps_hostile_text_as_strings(client, hostile):
    items = json.loads(client.get("/publications.json").content)
    assert len(items) == 4
    [item] = [item for item in items if item.get("DOI") == HOSTILE_DOI]
    assert (item["title"], item["URL"]) == (HOSTILE_TITLE, HOSTILE_URL)


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
