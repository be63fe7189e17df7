"""A publication's own page: what Google Scholar, search engines and Zotero read from it."""

import datetime
import json
from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from core.dates import Precision
from homepage.site_tree import ensure_homepage
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    home, _, _ = ensure_homepage()
    home.save_revision().publish()
    index = PublicationIndexPage.ensure_under(home)
    page = PublicationPage(
        title="LLMLingua-2: Data Distillation for Efficient and Faithful Task-Agnostic Prompt Compression",
        slug="llmlingua-2",
        venue="Findings of the Association for Computational Linguistics: ACL 2024",
        venue_short="ACL'24 Findings",
        date=datetime.date(2024, 8, 1),
        date_precision=Precision.MONTH,
        publication_type="conference",
        abstract="We **distil** prompts.",
        doi="10.18653/v1/2024.findings-acl.57",
        arxiv_id="2403.12968",
        award="Outstanding Paper",
    )
    page.authors = [
        PublicationAuthor(name="Zhuoshi Pan", is_owner=True, equal_contribution=True),
        PublicationAuthor(name="Qianhui Wu", equal_contribution=True, corresponding=True),
        PublicationAuthor(name="Victor Rühle", url="https://example.org/vr"),
    ]
    page.links = [
        PublicationLink(kind="paper", url="https://aclanthology.org/2024.findings-acl.57/"),
        PublicationLink(kind="code", url="https://github.com/microsoft/LLMLingua"),
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def soup(client, publication) -> BeautifulSoup:
    response = client.get(publication.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta(soup, name):
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def test_highwire_tags_for_google_scholar(soup, publication):
    assert meta(soup, "citation_title") == [publication.title]
    assert meta(soup, "citation_author") == ["Zhuoshi Pan", "Qianhui Wu", "Victor Rühle"]
    assert meta(soup, "citation_publication_date") == ["2024/08"]
    assert meta(soup, "citation_conference_title") == [
        "Findings of the Association for Computational Linguistics: ACL 2024"
    ]
    assert meta(soup, "citation_journal_title") == []
    assert meta(soup, "citation_doi") == ["10.18653/v1/2024.findings-acl.57"]
    assert meta(soup, "citation_arxiv_id") == ["2403.12968"]
    assert meta(soup, "citation_pdf_url") == []  # the PDF is not hosted here


def test_pdf_hosted_by_the_site_is_announced(client, publication):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    pdf = get_document_model().objects.create(title="Paper", file=ContentFile(b"%PDF-1.4", name="llmlingua2.pdf"))
    publication.links.add(PublicationLink(kind="pdf", document=pdf))
    publication.save_revision().publish()
    soup = BeautifulSoup(client.get(publication.url).content, "html.parser")
    assert meta(soup, "citation_pdf_url") == [f"http://localhost/documents/{pdf.pk}/llmlingua2.pdf"]
    assert soup.find("a", class_="paper-link", string="PDF")["href"] == f"/documents/{pdf.pk}/llmlingua2.pdf"
    pdf.delete()  # a link to a deleted document leads nowhere: not shown, not announced
    soup = BeautifulSoup(client.get(publication.url).content, "html.parser")
    assert meta(soup, "citation_pdf_url") == [] and not soup.find("a", class_="paper-link", string="PDF")


def test_a_link_added_in_code_comes_after_the_others(publication):
    publication.links.add(PublicationLink(kind="pdf", url="/documents/1/llmlingua2.pdf"))
    publication.save_revision().publish()
    links = PublicationPage.objects.get(pk=publication.pk).links.all()
    assert [(link.sort_order, link.kind) for link in links] == [(0, "paper"), (1, "code"), (2, "pdf")]


def test_journal_articles_use_the_journal_tag(client, publication):
    publication.publication_type = "journal"
    publication.save_revision().publish()
    soup = BeautifulSoup(client.get(publication.url).content, "html.parser")
    assert meta(soup, "citation_journal_title") == [publication.venue]


def test_json_ld_scholarly_article(soup, publication):
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == publication.title
    assert [a["name"] for a in data["author"]] == ["Zhuoshi Pan", "Qianhui Wu", "Victor Rühle"]
    assert data["author"][2]["url"] == "https://example.org/vr"
    assert data["datePublished"] == "2024-08"
    assert data["isPartOf"]["name"].startswith("Findings of the Association")
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.18653/v1/2024.findings-acl.57"} in data[
        "identifier"
    ]
    assert "https://arxiv.org/abs/2403.12968" in data["sameAs"]


def test_json_ld_cannot_be_closed_by_the_content(client, publication):
    publication.abstract = "</script><script>alert(1)</script>"
    publication.save_revision().publish()
    html = client.get(publication.url).content.decode()
    assert "<script>alert(1)" not in html


def test_coins_for_zotero(soup):
    fields = parse_qs(soup.select_one("span.Z3988")["title"])
    assert fields["ctx_ver"] == ["Z39.88-2004"]
    assert fields["rft.atitle"][0].startswith("LLMLingua-2")
    assert fields["rft.au"] == ["Zhuoshi Pan", "Qianhui Wu", "Victor Rühle"]
    assert fields["rft.date"] == ["2024-08"]
    assert "info:doi/10.18653/v1/2024.findings-acl.57" in fields["rft_id"]


def test_readable_page_with_cite_as_and_bibtex(soup, publication):
    assert [h1.get_text() for h1 in soup.find_all("h1")] == [publication.title]
    owner = soup.select_one(".author-name--owner strong")
    assert owner.get_text() == "Zhuoshi Pan"
    assert "equal contribution" in soup.select_one(".marker-legend").get_text()
    assert "corresponding author" in soup.select_one(".marker-legend").get_text()
    assert soup.select_one(".paper-award").get_text() == "Outstanding Paper"
    links = [(a.get_text(), a["href"]) for a in soup.select(".paper-links .paper-link")]
    assert links == [
        ("Paper", "https://aclanthology.org/2024.findings-acl.57/"),
        ("Code", "https://github.com/microsoft/LLMLingua"),
    ]
    assert soup.select_one(".cite-as").get_text() == (
        "Zhuoshi Pan, Qianhui Wu and Victor Rühle (2024). LLMLingua-2: Data Distillation for Efficient and "
        "Faithful Task-Agnostic Prompt Compression. In Findings of the Association for Computational "
        "Linguistics: ACL 2024. https://doi.org/10.18653/v1/2024.findings-acl.57"
    )
    bibtex = soup.select_one(".bibtex__code").get_text()
    assert bibtex.startswith("@inproceedings{") and "2403.12968" in bibtex
    assert soup.select_one("button[data-copy]")["data-copy"] == f"#bibtex-{publication.pk}"
    assert soup.find("link", rel="canonical")["href"] == publication.full_url


@pytest.mark.indexes  # the admin finds papers through the search index
def test_editors_find_a_paper_by_a_co_authors_name(admin_client, publication):
    assert list(PublicationPage.objects.search("Rühle")) == [publication.specific]
    assert not PublicationPage.objects.search("Nobody-Such")
    # The admin's page search matches as you type: a co-author's first name, a venue's acronym.
    for typed in ("Qianh", "ACL"):
        response = admin_client.get("/admin/pages/search/", {"q": typed})
        assert response.status_code == 200
        assert "There is one matching page" in response.content.decode(), typed
    response = admin_client.get("/admin/pages/search/", {"q": "Lovelace"})
    assert "There is one matching page" not in response.content.decode()


def test_author_names_of_an_unsaved_edit_are_the_edited_ones(publication):
    publication.authors = [PublicationAuthor(name="Ada Lovelace"), PublicationAuthor(name="Qianhui Wu")]
    assert publication.author_names() == "Ada Lovelace, Qianhui Wu"


@pytest.mark.indexes
def test_a_new_paper_writes_its_authors_together_in_their_order(publication):
    index = publication.get_parent().specific
    page = PublicationPage(title="A large collaboration", slug="large-collaboration", live=False)
    page.authors = [PublicationAuthor(name=f"Author {number}") for number in range(300)]
    with CaptureQueriesContext(connection) as queries:
        index.add_publication(page)
    inserts = [query["sql"] for query in queries if "INSERT" in query["sql"] and "publicationauthor" in query["sql"]]
    assert 1 <= len(inserts) <= 3  # in batches (SQLite limits a statement's parameters), not 300
    page.save_revision()
    assert [author.name for author in page.authors.all()] == [f"Author {number}" for number in range(300)]
    assert page.get_latest_revision_as_object().authors.count() == 300
    assert list(PublicationPage.objects.autocomplete("Author")) == [page]  # indexed with its authors


def rename(page, slug, capture_commit):
    """Publish ``page`` under a new slug, as the editor does; Wagtail makes the redirect once committed."""
    page.slug = slug
    with capture_commit(execute=True):
        page.save_revision().publish()


def test_a_renamed_paper_keeps_its_old_addresses(client, publication, django_capture_on_commit_callbacks):
    old_url, old_bib = publication.url, f"/publications/{publication.slug}.bib"
    rename(publication, "llmlingua-two", django_capture_on_commit_callbacks)
    publication.refresh_from_db()

    page = client.get(old_url)
    assert page.status_code == 301
    assert page["Location"].rstrip("/").endswith("/publications/llmlingua-two")
    assert client.get(page["Location"]).status_code == 200
    bib = client.get(old_bib)
    assert bib.status_code == 301
    assert bib["Location"] == "/publications/llmlingua-two.bib"
    assert b"LLMLingua-2" in client.get(bib["Location"]).content
    assert client.get("/publications/never-existed.bib").status_code == 404


def test_a_paper_renamed_and_renamed_back_then_taken_down_is_gone_not_a_loop(
    client, publication, django_capture_on_commit_callbacks
):
    """Renamed and renamed back, Wagtail's redirect from the first address stayed, onto the page that lived
    there again: once taken down, the page's address redirected to itself for ever."""
    first = publication.url
    rename(publication, "llmlingua-two", django_capture_on_commit_callbacks)
    rename(publication, "llmlingua-2", django_capture_on_commit_callbacks)
    assert client.get(first).status_code == 200
    assert client.get("/publications/llmlingua-two/")["Location"].rstrip("/").endswith("/publications/llmlingua-2")
    assert not Redirect.objects.filter(old_path="/publications/llmlingua-2").exists()

    publication.unpublish()
    assert client.get(first).status_code == 404
    assert client.get("/publications/llmlingua-2.bib").status_code == 404
    moved = client.get("/publications/llmlingua-two/")  # to where the paper was: gone there too
    assert moved.status_code == 301 and client.get(moved["Location"]).status_code == 404


def test_no_redirect_leads_back_to_the_address_asked_for(client, publication):
    """One made before such redirects were removed, or by hand under Settings → Redirects, is ignored."""
    Redirect.objects.create(old_path="/publications/llmlingua-2", redirect_page=publication)
    publication.unpublish()
    assert client.get(publication.url).status_code == 404
    Redirect.objects.create(old_path="/old-papers/llmlingua", redirect_page=publication)
    assert client.get("/old-papers/llmlingua/")["Location"] == publication.url  # others still lead to it


def test_a_renamed_paper_made_private_does_not_leak_through_its_old_export(
    client, publication, django_capture_on_commit_callbacks
):
    rename(publication, "llmlingua-two", django_capture_on_commit_callbacks)
    assert client.get("/publications/llmlingua-2.bib").status_code == 301
    PageViewRestriction.objects.create(page=publication, restriction_type="password", password="s3cret")
    assert client.get("/publications/llmlingua-2.bib").status_code == 404


@pytest.mark.parametrize(
    ("venue", "venue_short", "date", "date_text", "shown"),
    [
        ("NeurIPS 2025", "", datetime.date(2025, 1, 1), "", ""),  # the venue says the year: no date after it
        ("ACL 2025 Findings", "", datetime.date(2025, 9, 1), "", ""),
        ("Findings of the ACL", "ACL 2025", datetime.date(2025, 1, 1), "", ""),
        ("arXiv preprint", "", datetime.date(2026, 4, 1), "", "2026.04"),  # it does not: the date says it
        ("NeurIPS 2025", "", datetime.date(2024, 12, 1), "", "2024.12"),  # another year than the venue's
        ("Proceedings of the 12025th meeting", "", datetime.date(2025, 1, 1), "", "2025.01"),  # not a year
        ("NeurIPS 2025", "", datetime.date(2025, 1, 1), "Dec. 2025", "Dec. 2025"),  # written out by hand: shown
    ],
)
def test_a_citation_shows_no_date_after_a_venue_that_says_its_year(client, venue, venue_short, date, date_text, shown):
    """The import's "NeurIPS 2025 · 2025": the old page showed the venue alone."""
    home, _, _ = ensure_homepage()
    home.save_revision().publish()
    index = PublicationIndexPage.ensure_under(home)
    page = PublicationPage(
        title="A paper", slug="a-paper", venue=venue, venue_short=venue_short, date=date, date_text=date_text,
        date_precision=Precision.MONTH,
    )  # fmt: skip
    index.add_child(instance=page)
    page.save_revision().publish()
    citation = BeautifulSoup(client.get(index.url).content, "html.parser").select_one(".citation")
    time = citation.find("time")
    assert (time.get_text() if time else "") == shown
    assert venue in citation.get_text()
