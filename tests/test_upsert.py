"""One way in for a paper: every source fills a PaperRecord, and upsert_publication stores it the same way.

The AcadHomepage importer, import_bibtex and "Add by DOI / arXiv" meet here: the
same paper from each is one page, matched by what an import called it, its DOI,
then its arXiv id, never its title; what the owner set on the page stays.
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from homepage.importers.acadhomepage import parse_about
from homepage.importers.writer import import_site, source_keys
from homepage.site_tree import ensure_homepage
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage
from publications.records import PaperRecord, RecordAuthor, RecordLink
from publications.upsert import find_publication, upsert_publication

pytestmark = pytest.mark.django_db

PAPER_BOX = """# Publications
<div class='paper-box'><div class='paper-box-image'><div><div class="badge">ACL 2024</div>
<img src='images/x.png' alt="sym" width="100%"></div></div>
<div class='paper-box-text' markdown="1">

[LLMLingua-2: Data Distillation for Efficient Prompt Compression](https://arxiv.org/abs/2403.12968)

**Zhuoshi Pan**, Qianhui Wu, Huiqiang Jiang
</div>
</div>
"""
BIBTEX = """@inproceedings{pan2024llmlingua2,
  title = {LLMLingua-2: Data Distillation for Efficient and Faithful Task-Agnostic Prompt Compression},
  author = {Pan, Zhuoshi and Wu, Qianhui and Jiang, Huiqiang},
  booktitle = {Findings of the Association for Computational Linguistics: ACL 2024},
  year = {2024},
  eprint = {2403.12968},
  archivePrefix = {arXiv},
}
"""


@pytest.fixture
def index():
    home, _, _ = ensure_homepage()
    return PublicationIndexPage.ensure_under(home)


def never_owner(name: str) -> bool:
    return False


def record(**values) -> PaperRecord:
    return PaperRecord(**{"title": "Sparse Squirrels", "authors": [RecordAuthor("Zoë Quill")], **values})


def test_the_same_paper_from_every_source_is_one_page(index, tmp_path):
    import_site(parse_about(PAPER_BOX))
    bib = tmp_path / "papers.bib"
    bib.write_text(BIBTEX, encoding="utf-8")
    call_command("import_bibtex", str(bib), stdout=StringIO())
    stored = upsert_publication(
        record(title="LLMLingua-2", arxiv_id="2403.12968v2", publication_type="preprint"),
        index=index,
        is_owner=never_owner,
    )
    page = PublicationPage.objects.get()
    assert stored.page.pk == page.pk and stored.matched_by == "arXiv id"
    assert page.venue == "Findings of the Association for Computational Linguistics: ACL 2024"
    assert page.badge_text == "ACL 2024"  # from the paper box; BibTeX has none and keeps it
    assert page.publication_type == "conference"  # the preprint record did not overwrite the published paper


def test_matching_takes_the_source_key_then_the_doi_then_the_arxiv_id_never_the_title(index):
    keyed = upsert_publication(record(source_key="bibtex:quill"), index=index, is_owner=never_owner).page
    with_doi = upsert_publication(record(title="Other", doi="10.1234/x"), index=index, is_owner=never_owner).page
    with_arxiv = upsert_publication(
        record(title="Third", arxiv_id="2401.00001"), index=index, is_owner=never_owner
    ).page
    assert find_publication(record(source_key="bibtex:quill", doi="10.1234/x")) == (keyed, "source")
    assert find_publication(record(title="?", doi="10.1234/X")) == (with_doi, "DOI")
    assert find_publication(record(title="?", arxiv_id="2401.00001v3")) == (with_arxiv, "arXiv id")
    assert find_publication(record()) == (None, "")  # the same title as the first: another paper
    assert find_publication(record(source_key="bibtex:quill", arxiv_id="2401.00001")) == (keyed, "source")
    # A key whose page has another DOI or arXiv id than the record: another paper, found by its own identifiers.
    upsert_publication(record(source_key="page:a", doi="10.1234/a"), index=index, is_owner=never_owner)
    assert find_publication(record(source_key="page:a", doi="10.1234/x")) == (with_doi, "DOI")
    assert find_publication(record(source_key="bibtex:quill", doi="10.1234/a")) == (keyed, "source")
    assert upsert_publication(record(), index=index, is_owner=never_owner).outcome == "created"


def test_what_the_owner_set_stays(index):
    page = upsert_publication(
        record(doi="10.1234/x", links=[RecordLink("code", "https://github.com/q/s")]), index=index, is_owner=never_owner
    ).page
    current = page.get_latest_revision_as_object()
    current.venue_short = "ILP'24"
    current.authors = [
        PublicationAuthor(name="Zoë Quill", url="https://quill.example", is_owner=True, corresponding=True)
    ]
    current.links = [*current.links.all(), PublicationLink(kind="slides", url="https://quill.example/s.pdf")]
    current.save_revision().publish()

    stored = upsert_publication(
        record(doi="10.1234/x", venue="Proceedings of ILP", authors=[RecordAuthor("Zoe Quill"), RecordAuthor("Ada B")]),
        index=index,
        is_owner=never_owner,
    )
    page = PublicationPage.objects.get(pk=page.pk)
    assert stored.outcome == "updated" and page.venue == "Proceedings of ILP" and page.venue_short == "ILP'24"
    authors = list(page.authors.values_list("name", "url", "is_owner", "corresponding"))
    assert authors == [("Zoe Quill", "https://quill.example", True, True), ("Ada B", "", False, False)]
    assert [link.kind for link in page.links.all()] == ["code", "slides"]  # links are added, never removed


def test_a_record_that_changes_nothing_saves_no_revision(index):
    first = upsert_publication(record(doi="10.1234/x", year=2024), index=index, is_owner=never_owner)
    revisions = Revision.objects.count()
    again = upsert_publication(record(doi="10.1234/x", year=2024), index=index, is_owner=never_owner)
    assert (again.page.pk, again.outcome, Revision.objects.count()) == (first.page.pk, "unchanged", revisions)


def test_a_date_told_more_precisely_stays(index):
    page = upsert_publication(record(doi="10.1234/x", year=2024, month=8, precision="month"), index=index,
                              is_owner=never_owner).page  # fmt: skip
    upsert_publication(record(doi="10.1234/x", year=2024), index=index, is_owner=never_owner)
    page.refresh_from_db()
    assert (page.date, page.date_precision) == (datetime.date(2024, 8, 1), "month")


def test_authors_of_a_new_paper_are_written_together(index, django_assert_max_num_queries):
    many = record(authors=[RecordAuthor(f"Author {number}") for number in range(300)])
    with django_assert_max_num_queries(100):  # far fewer than one INSERT each: a draft, as "Add by DOI" makes
        page = upsert_publication(many, index=index, is_owner=never_owner, publish=False).page
    assert page.authors.count() == 300


def test_reordered_papers_of_an_acadhomepage_page_stay_the_same_pages():
    first = "# Publications\n- [Paper A](https://a.example), Me\n- [Paper B](https://b.example), Me\n"
    import_site(parse_about(first))
    pages = dict(PublicationPage.objects.values_list("title", "pk"))
    import_site(parse_about("# Publications\n- [Paper B](https://b.example), Me\n- [Paper A](https://a.example), Me\n"))
    assert dict(PublicationPage.objects.values_list("title", "pk")) == pages


def test_two_papers_of_one_title_on_an_acadhomepage_page_stay_two():
    page = "# Publications\n- [Short Title](https://a.example), Me\n- [Short Title](https://b.example), You\n"
    import_site(parse_about(page))
    import_site(parse_about(page))
    assert PublicationPage.objects.filter(title="Short Title").count() == 2


def test_source_keys_count_items_of_the_same_text():
    keys = source_keys("honors", ["Best Paper", "Scholarship", "best  paper"])
    assert keys[0].endswith(":0") and keys[2].endswith(":1") and keys[0][:-2] == keys[2][:-2]
    assert len(set(keys)) == 3


def test_an_address_given_twice_is_one_link_with_the_name_it_was_given(index):
    """The title's link, then "Project" to the same address in the line of links: one link, still named."""
    record = PaperRecord(
        title="Named twice",
        url="https://engine.example.org",
        links=[
            RecordLink("project", "https://engine.example.org"),
            RecordLink("code", "https://github.com/example/engine"),
            RecordLink("paper", "https://github.com/example/engine", "Repository"),
        ],
    )
    page = upsert_publication(record, index=index, is_owner=lambda name: False).page
    assert [(link.kind, link.url, link.label) for link in page.links.all()] == [
        ("paper", "https://engine.example.org", "Project"),
        ("code", "https://github.com/example/engine", ""),  # it shows as "Code" already
    ]
    assert page.primary_url == "https://engine.example.org"
    assert [link.text for link in page.secondary_links] == ["Project", "Code"]


def rewrite(page: PublicationPage, **texts: str) -> None:
    """The owner's edit in the admin: a new revision, published."""
    current = page.get_latest_revision_as_object()
    for name, value in texts.items():
        setattr(current, name, value)
    current.save_revision().publish()


def test_texts_the_owner_rewrote_stay_through_every_import(index, tmp_path):
    import_site(parse_about(PAPER_BOX))
    page = PublicationPage.objects.get()
    rewrite(page, title="LLMLingua-2 (my short title)", badge_text="ACL Findings")
    import_site(parse_about(PAPER_BOX))  # the same page again
    bib = tmp_path / "papers.bib"
    bib.write_text(BIBTEX, encoding="utf-8")
    call_command("import_bibtex", str(bib), stdout=StringIO())  # states a title and a venue of its own
    page = PublicationPage.objects.get()
    assert (page.title, page.badge_text) == ("LLMLingua-2 (my short title)", "ACL Findings")
    assert page.venue == "Findings of the Association for Computational Linguistics: ACL 2024"  # not rewritten
    revisions = page.revisions.count()
    call_command("import_bibtex", str(bib), stdout=StringIO())
    assert PublicationPage.objects.get().revisions.count() == revisions  # nothing new: nothing saved

    # A text the owner left as the import gave it follows the source.
    bib.write_text(BIBTEX.replace("Findings of the", "Findings of The"), encoding="utf-8")
    call_command("import_bibtex", str(bib), stdout=StringIO())
    page = PublicationPage.objects.get()
    assert page.venue.startswith("Findings of The") and page.title == "LLMLingua-2 (my short title)"


def test_a_paper_made_by_hand_keeps_its_texts_and_takes_what_it_lacks(index):
    page = PublicationPage(title="Squirrels, sparsely", slug="squirrels", doi="10.1234/x", venue="ILP")
    index.add_child(instance=page)
    page.save_revision().publish()
    upsert_publication(
        record(doi="10.1234/x", venue="Proceedings of ILP", abstract="We sparsify squirrels."),
        index=index,
        is_owner=never_owner,
    )
    page = PublicationPage.objects.get()
    assert (page.title, page.venue, page.abstract) == ("Squirrels, sparsely", "ILP", "We sparsify squirrels.")


def test_a_record_the_owner_chose_in_the_admin_replaces_their_texts(index):
    page = upsert_publication(record(doi="10.1234/x"), index=index, is_owner=never_owner).page
    rewrite(page, title="My title")
    upsert_publication(
        record(title="Sparse Squirrels, Revised", doi="10.1234/x"),
        index=index, is_owner=never_owner, page=page, keep_owner_text=False,
    )  # fmt: skip
    assert PublicationPage.objects.get().title == "Sparse Squirrels, Revised"


def test_a_paper_made_by_hand_stays_the_owners_after_its_preprint_was_matched_to_it(index):
    page = PublicationPage(
        title="Squirrels, sparsely", slug="squirrels", doi="10.1234/x", arxiv_id="2401.00001",
        publication_type="journal", venue="ILP",
    )  # fmt: skip
    index.add_child(instance=page)
    page.save_revision().publish()
    preprint = record(arxiv_id="2401.00001", publication_type="preprint", source_key="bibtex:pre",
                      links=[RecordLink("code", "https://github.com/q/s")])  # fmt: skip
    assert upsert_publication(preprint, index=index, is_owner=never_owner).kept_published
    upsert_publication(record(doi="10.1234/x", venue="Proceedings of ILP"), index=index, is_owner=never_owner)
    page = PublicationPage.objects.get()
    assert (page.title, page.venue) == ("Squirrels, sparsely", "ILP")
