"""Each public page costs the same number of SQL queries with 5 papers, news items and CV entries
as with 500: a visitor of a long homepage waits for the rendering, not for hundreds of queries.

The 500 items are written in bulk (``add_child`` cleans, indexes and logs each page, some 45 ms
apiece); what a page reads from them is what the admin and the importer would have written.
"""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from homepage.site_tree import ensure_homepage
from metrics.models import Kind, Metric, Source
from news.models import NewsItem
from profile_site.models import AwardEntry, EducationEntry, ExperienceEntry, ProfileSettings, TalkEntry
from publications.models import (
    ArtifactBadge,
    PublicationAuthor,
    PublicationIndexPage,
    PublicationLink,
    PublicationPage,
    PublicationTag,
)
from tests.helpers import make_image

FEW, MANY = 5, 500
ENTRY_MODELS = (AwardEntry, EducationEntry, TalkEntry, ExperienceEntry)
LINK_KINDS = ("paper", "code", "pdf", "project", "video", "slides", "poster", "dataset")


@pytest.fixture
def home(db):
    home, site, _ = ensure_homepage()
    home.about = "I work on **efficient language models**: {citations} citations so far."
    home.sections = [
        ("about", {"title": "About Me"}),
        ("news", {"title": "News", "emoji": "🔥", "count": 100}),
        ("publications", {"title": "Publications", "emoji": "📝", "show_others": True}),
        ("honors", {"title": "Honors and Awards"}),
        ("education", {"title": "Educations"}),
        ("talks", {"title": "Invited Talks"}),
        ("experience", {"title": "Internships"}),
    ]
    home.save_revision().publish()
    profile = ProfileSettings.for_site(site)
    profile.name = "Ada Lovelace"
    profile.avatar = make_image("avatar", (200, 200))
    profile.favicon = make_image("favicon", (48, 48))
    profile.links = [("link", {"kind": "github", "value": "ada", "label": ""})]
    profile.google_scholar_id = "abcDEF123"
    profile.save()
    Metric.objects.bulk_create(
        [
            Metric(kind=Kind.CITATIONS, value=1234, source=Source.GOOGLE_SCHOLAR, fetched_at=timezone.now()),
            Metric(kind=Kind.H_INDEX, manual_value=12),
            *(
                Metric(kind=Kind.CITATIONS_IN_YEAR, subject=str(year), value=year - 2000, source=Source.GOOGLE_SCHOLAR)
                for year in range(2019, 2025)
            ),
        ]
    )
    return home


@pytest.fixture
def index(home):
    return PublicationIndexPage.ensure_under(home)


@pytest.fixture
def figure(db):
    """The file behind every teaser image (each paper has an image of its own in the library)."""
    return make_image("figure", (400, 225))


def add_papers(index, count: int, figure) -> list[PublicationPage]:
    """``count`` more papers at the end of ``index``, nine in ten featured, each with its authors (one
    the owner), links, a badge, a tag, a teaser image and, every other paper, a citation count.

    The page rows go in with one query, each paper's own row as ``loaddata`` writes it (``raw``: the
    search and reference indexes stay out of it), the tree paths computed as treebeard does. Images
    share ``figure``'s file and copy the renditions the paper before them already has, so the next
    visit does not have to make a thousand AVIFs.
    """
    first = index.numchild
    depth = index.depth + 1
    last = index.get_last_child()
    first_step = PublicationPage._str2int(last.path[-PublicationPage.steplen :]) + 1 if last else 1
    now = timezone.now()
    images = get_image_model().objects.bulk_create(
        get_image_model()(
            title=f"Figure {first + number}",
            file=figure.file.name,
            width=figure.width,
            height=figure.height,
            file_size=figure.file_size,
            file_hash=figure.file_hash,
        )
        for number in range(count)
    )
    papers = [
        PublicationPage(
            title=f"Paper number {number}",
            draft_title=f"Paper number {number}",
            slug=f"paper-{number}",
            path=PublicationPage._get_path(index.path, depth, first_step + offset),
            depth=depth,
            url_path=f"{index.url_path}paper-{number}/",
            locale_id=index.locale_id,
            first_published_at=now,
            last_published_at=now,
            changed_at=now,
            venue="Conference on Counting Queries",
            venue_short=f"CCQ'{number % 100:02d}",
            badge_text="CCQ 2025" if number % 2 else "",
            award="Best Paper Award" if number % 10 == 0 else "",
            date=datetime.date(2000 + number % 25, 1 + number % 12, 1),
            publication_type=PublicationPage.Type.JOURNAL if number % 3 else PublicationPage.Type.CONFERENCE,
            teaser_image=image,
            doi=f"10.1234/ccq.{number}",
            featured=number % 10 != 9,
            group="Preprints" if number % 4 == 0 else "",
        )
        for offset, (number, image) in enumerate(zip(range(first, first + count), images, strict=True))
    ]
    Page.objects.bulk_create(papers)
    for paper in papers:
        paper.page_ptr_id = paper.id
        paper.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
    index.numchild += count
    add_people_and_links(papers, authors=4, links=2, badges=1)
    tags = [Tag.objects.get_or_create(name=name, slug=name.lower())[0] for name in ("LLM", "Compression", "Agents")]
    PublicationTag.objects.bulk_create(
        PublicationTag(content_object=paper, tag=tags[number % len(tags)]) for number, paper in enumerate(papers, first)
    )
    Metric.objects.bulk_create(
        Metric(kind=Kind.PAPER_CITATIONS, publication=paper, value=number, source=Source.SEMANTIC_SCHOLAR)
        for number, paper in enumerate(papers, first)
        if number % 2 == 0
    )
    rendition_model = get_image_model().get_rendition_model()
    made = list(rendition_model.objects.filter(image_id=last.specific.teaser_image_id)) if last else []
    rendition_model.objects.bulk_create(
        rendition_model(
            image=image,
            filter_spec=rendition.filter_spec,
            focal_point_key=rendition.focal_point_key,
            file=rendition.file.name,
            width=rendition.width,
            height=rendition.height,
        )
        for image in images
        for rendition in made
    )
    return papers


def add_people_and_links(papers: list[PublicationPage], authors: int, links: int, badges: int, start: int = 0) -> None:
    """More authors per paper (the owner second; co-first and corresponding authors marked), more links
    (a paper's first is the paper, which its title carries) and GitHub badges with their star counts."""
    PublicationAuthor.objects.bulk_create(
        PublicationAuthor(
            page=paper,
            sort_order=number,
            name="Ada Lovelace" if number == 1 else f"Author {number}",
            url=f"https://example.org/people/{number}" if number % 2 else "",
            is_owner=number == 1,
            equal_contribution=number < 2,
            corresponding=number == start + authors - 1,
        )
        for paper in papers
        for number in range(start, start + authors)
    )
    PublicationLink.objects.bulk_create(
        PublicationLink(
            page=paper,
            sort_order=number,
            kind=LINK_KINDS[number % len(LINK_KINDS)],
            url=f"https://example.org/{paper.slug}/{number}",
        )
        for paper in papers
        for number in range(start, start + links)
    )
    ArtifactBadge.objects.bulk_create(
        ArtifactBadge(page=paper, sort_order=number, identifier=f"ada/{paper.slug}-{number}")
        for paper in papers
        for number in range(start, start + badges)
    )
    Metric.objects.bulk_create(
        Metric(kind=Kind.STARS, subject=f"github:ada/{paper.slug}-{number}", value=number + 7, source=Source.GITHUB)
        for paper in papers
        for number in range(start, start + badges)
    )


def add_news(count: int, papers: list[PublicationPage]) -> None:
    """News about the papers, newest first in the archive, each with a link in its text."""
    first = NewsItem.objects.count()
    NewsItem.objects.bulk_create(
        NewsItem(
            date=datetime.date(2000 + number % 25, 1 + number % 12, 1 + number % 28),
            text=f"🎉 [Paper number {number}]({paper.url}) was accepted.",
            publication=paper,
        )
        for number, paper in zip(range(first, first + count), papers, strict=True)
    )


def add_entries(count: int) -> None:
    """Dated lines in every CV section: education, honors, talks, experience."""
    for model in ENTRY_MODELS:
        first = model.objects.count()
        model.objects.bulk_create(
            model(
                sort_order=number,
                date=datetime.date(2000 + number % 25, 9, 1),
                ongoing=number % 7 == 0,
                text=f"Line {number} of my CV, at [a place](https://example.org/{number}).",
            )
            for number in range(first, first + count)
        )


def grow(index, figure, count: int) -> list[PublicationPage]:
    papers = add_papers(index, count, figure)
    add_news(count, papers)
    add_entries(count)
    return papers


def visit(client, url: str) -> tuple[list[str], str]:
    """The SQL of one visit with every cache emptied first (as a restart or an eviction would leave
    them), and the HTML it got; the renditions exist, made by an earlier visit or copied."""
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries], response.content.decode()


def one_image_at_a_time(queries: list[str]) -> list[str]:
    """Rendition lookups that were not prefetched with their images."""
    return [sql for sql in queries if 'FROM "wagtailimages_rendition"' in sql and '"image_id" IN (' not in sql]


def test_homepage_takes_as_many_queries_with_500_papers_as_with_5(client, index, figure):
    grow(index, figure, FEW)
    assert client.get("/").status_code == 200  # makes the renditions the next papers copy
    few, _ = visit(client, "/")
    grow(index, figure, MANY - FEW)
    many, html = visit(client, "/")
    assert html.count('<article class="paper-box"') == MANY - MANY // 10
    assert html.count('type="image/avif"') == MANY - MANY // 10 + 1  # and the avatar's
    assert html.count('<span class="citation">') == MANY // 10  # the papers not featured
    assert html.count('class="citation-count"') == MANY // 2
    assert html.count('class="dated-entry dated-entry--news"') == 100
    assert html.count('<li class="dated-entry">') == len(ENTRY_MODELS) * MANY
    assert not one_image_at_a_time(many)
    assert len(many) == len(few)


def test_publication_index_takes_as_many_queries_with_500_papers_as_with_5(client, index, figure):
    grow(index, figure, FEW)
    assert client.get("/publications/").status_code == 200
    few, _ = visit(client, "/publications/")
    grow(index, figure, MANY - FEW)
    many, html = visit(client, "/publications/")
    assert f"{MANY} publications" in html
    assert html.count('<span class="citation">') == PublicationIndexPage.PAGE_SIZE
    assert not one_image_at_a_time(many)
    assert len(many) == len(few)


def test_publication_page_takes_as_many_queries_with_500_papers_and_50_authors_as_with_5(client, index, figure):
    paper, *_ = grow(index, figure, FEW)
    assert client.get(paper.url).status_code == 200
    few, _ = visit(client, paper.url)
    grow(index, figure, MANY - FEW)
    add_people_and_links([paper], authors=46, links=20, badges=5, start=4)
    many, html = visit(client, paper.url)
    assert html.count('<span class="author-name') == 50
    assert html.count('<a class="paper-link"') == 22
    assert html.count('<a class="artifact-badge') == 6
    assert '<div class="publication__figure"><picture>' in html
    assert not one_image_at_a_time(many)
    assert len(many) == len(few)


def test_news_archive_takes_as_many_queries_with_500_items_as_with_5(client, index, figure):
    grow(index, figure, FEW)
    assert client.get("/news/").status_code == 200
    few, _ = visit(client, "/news/")
    grow(index, figure, MANY - FEW)
    many, html = visit(client, "/news/")
    assert html.count('class="dated-entry dated-entry--news"') == MANY
    assert not one_image_at_a_time(many)
    assert len(many) == len(few)
