"""Publications: each paper is a page of its own, listed as a paper box on the homepage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.queryset import FakeQuerySet
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable, Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.dates import PRECISION_CHOICES, Precision
from core.fields import MARKDOWN_HELP, MARKDOWN_VALIDATORS, DatedMixin, markdown_panel
from core.identifiers import ARXIV_ID, DOI
from core.publishing import publish
from core.renditions import PUBLICATION_FIGURE, prefetch_renditions
from core.seo import SeoMixin, absolute_url, json_ld, plain_text
from core.sites import default_site
from core.validators import plain_text_errors, reject_bidi_controls, web_url
from publications.formats.bibtex import (
    MAX_AUTHORS,
    MAX_ENTRY_LENGTH,
    UNSAFE_TEX,
    BibtexError,
    parse_bibtex,
    publication_bibtex,
    unsafe_tex,
)
from publications.formats.citation_meta import cite_as, coins_html, meta_tags_html, scholarly_article
from publications.forms import PublicationPageForm
from serving.page_cache import note_query_used


class PublicationIndexPage(SeoMixin, Page):
    """``/publications/``: every publication, grouped by year or type, filterable by year, type and tag."""

    class GroupBy(models.TextChoices):
        YEAR = "year", "Year"
        TYPE = "type", "Type"

    PAGE_SIZE = 100

    intro = models.TextField(blank=True, help_text=MARKDOWN_HELP, validators=MARKDOWN_VALIDATORS)
    group_by = models.CharField(
        max_length=10, choices=GroupBy.choices, default=GroupBy.YEAR, help_text="How the list is divided."
    )

    content_panels = [*Page.content_panels, markdown_panel("intro"), FieldPanel("group_by")]

    template = "pages/publication_index_page.html"
    description_field = "intro"
    max_count = 1
    parent_page_types = ["homepage.HomePage"]
    subpage_types = ["publications.PublicationPage"]

    def clean(self) -> None:
        super().clean()
        if errors := plain_text_errors(self, "title", "seo_title"):
            raise ValidationError(errors)

    @classmethod
    def ensure_under(cls, parent: Page) -> PublicationIndexPage:
        """``/publications/`` under ``parent`` (the homepage), created and published if missing."""
        index = cls.objects.child_of(parent).first()
        if index is None:
            index = parent.add_child(instance=cls(title="Publications", slug="publications"))
            publish(index, clean=False, saved=True)  # validated as it was added
        return index

    @classmethod
    def for_site(cls, site: Site | None = None) -> PublicationIndexPage:
        """The site's publication list (the default site's when none is given), made if there is none yet."""
        site = site or default_site()
        existing = cls.objects.descendant_of(site.root_page).first() if site else cls.objects.first()
        if existing is not None:
            return existing
        root = site.root_page if site else Page.get_first_root_node()
        return cls.ensure_under(root)

    def add_publication(self, page: PublicationPage, first: bool = False) -> PublicationPage:
        """``page`` as a new child (the last, or the ``first``), its authors written together; save a revision next.

        Saved with the page, each author would cost an INSERT of its own: for a large
        collaboration's paper (hundreds of authors), most of the time of "Add by DOI" and of an
        import. The page's own save indexes it for search before its authors exist; the
        revision's save, which every caller makes next, indexes it again with them.
        """
        authors = list(page.authors.all())
        page.authors = []
        with transaction.atomic():  # never a page without its authors
            first_child = self.get_first_child() if first else None
            if first_child is not None:
                first_child.add_sibling(pos="left", instance=page)
            else:
                self.add_child(instance=page)
            number_new_rows(authors)
            for author in authors:
                author.page = page
            PublicationAuthor.objects.bulk_create(authors)
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        publications = list(PublicationPage.objects.child_of(self).for_listing().prefetch_related("tags"))
        filters = PublicationFilters.from_query(request.GET, publications)
        shown = [publication for publication in publications if filters.accepts(publication)]
        paginator = Paginator(shown, self.PAGE_SIZE)
        page_of_results = paginator.get_page(request.GET.get("page"))
        number = page_of_results.number
        note_query_used(request, filters.query(page=str(number) if number > 1 else ""))
        context.update(
            filters=filters,
            groups=self.grouped(list(page_of_results.object_list)),
            page_of_results=page_of_results,
            result_count=len(shown),
            # "Featured" sets a few papers apart; when most are (every paper box of an imported homepage is),
            # the mark on each says nothing.
            mark_featured=0 < sum(publication.featured for publication in publications) <= len(publications) / 2,
        )
        return context

    def grouped(self, publications: list[PublicationPage]) -> list[tuple[str, list[PublicationPage]]]:
        groups: dict[str, list[PublicationPage]] = {}
        for publication in publications:
            if self.group_by == self.GroupBy.TYPE:
                label = publication.get_publication_type_display()
            else:
                label = str(publication.date.year) if publication.date else "Undated"
            groups.setdefault(label, []).append(publication)
        if self.group_by == self.GroupBy.TYPE:
            order = [label for _, label in PublicationPage.Type.choices]
            return sorted(groups.items(), key=lambda item: order.index(item[0]))
        return list(groups.items())


@dataclass
class PublicationFilters:
    """The year / type / tag a visitor picked, and the choices offered (as links, so Back works)."""

    year: str = ""
    type: str = ""
    tag: str = ""
    years: list[str] = field(default_factory=list)
    types: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query, publications: list[PublicationPage]) -> PublicationFilters:
        years = sorted({str(p.date.year) for p in publications if p.date}, reverse=True)
        present_types = {p.publication_type for p in publications}
        types = [(value, label) for value, label in PublicationPage.Type.choices if value in present_types]
        tags = sorted({tag.name for p in publications for tag in p.tags.all()}, key=str.casefold)
        return cls(
            year=query.get("year", "") if query.get("year", "") in years else "",
            type=query.get("type", "") if query.get("type", "") in present_types else "",
            tag=query.get("tag", "") if query.get("tag", "") in tags else "",
            years=years,
            types=types,
            tags=tags,
        )

    @property
    def active(self) -> bool:
        return bool(self.year or self.type or self.tag)

    def accepts(self, publication: PublicationPage) -> bool:
        return (
            (not self.year or (publication.date is not None and str(publication.date.year) == self.year))
            and (not self.type or publication.publication_type == self.type)
            and (not self.tag or any(tag.name == self.tag for tag in publication.tags.all()))
        )

    def choice_groups(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """Each filter's options as (label, query string, chosen); choosing a chosen one clears it."""

        def options(name: str, values: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
            current = getattr(self, name)
            return [(label, self.query(**{name: "" if value == current else value}), value == current)
                    for value, label in values]  # fmt: skip

        groups = [
            ("Year", options("year", [(year, year) for year in self.years])),
            ("Type", options("type", self.types)),
            ("Tag", options("tag", [(tag, tag) for tag in self.tags])),
        ]
        return [(label, choices) for label, choices in groups if len(choices) > 1 or label == "Tag" and choices]

    def query(self, **changes: str) -> str:
        """The query string for these filters with ``changes`` applied ("" removes one)."""
        values = {"year": self.year, "type": self.type, "tag": self.tag, **changes}
        return urlencode({key: value for key, value in values.items() if value})


def paper_prefetches() -> list[Prefetch]:
    """A paper's authors, links and badges in the owner's order: one query each, for any number of papers."""
    return [
        Prefetch("authors", queryset=PublicationAuthor.objects.order_by("sort_order")),
        Prefetch("links", queryset=PublicationLink.objects.select_related("document").order_by("sort_order")),
        Prefetch("badges", queryset=ArtifactBadge.objects.order_by("sort_order")),
    ]


class PublicationQuerySet(PageQuerySet):
    def for_listing(self) -> PublicationQuerySet:
        """Live, public publications with everything a paper box shows, in few queries."""
        return self.live().public().select_related("teaser_image").prefetch_related(*paper_prefetches()).newest_first()

    def newest_first(self) -> PublicationQuerySet:
        """Newest first and undated last, on SQLite and PostgreSQL alike (they put NULL at opposite ends)."""
        return self.order_by(models.F("date").desc(nulls_last=True), "path")


PublicationManager = PageManager.from_queryset(PublicationQuerySet)


class PublicationTag(TaggedItemBase):
    content_object = ParentalKey("publications.PublicationPage", related_name="tagged_items", on_delete=models.CASCADE)


def number_new_rows(rows: list[Orderable]) -> None:
    """Place rows built in code (importers, add-by-DOI) after the placed ones, in the order given.

    The admin numbers every row it saves; a row without a number has no place in the order, and
    each database returns such rows as it pleases (PostgreSQL and SQLite differ).
    """
    position = max((row.sort_order for row in rows if row.sort_order is not None), default=-1)
    for row in rows:
        if row.sort_order is None:
            position += 1
            row.sort_order = position


class PublicationPage(SeoMixin, DatedMixin, Page):
    """One paper: the record behind a paper box, with its own citable page."""

    if TYPE_CHECKING:  # modelcluster's child relations: lists in memory until the page is saved
        authors: Any
        links: Any
        badges: Any
        listings: Any

    class Type(models.TextChoices):
        CONFERENCE = "conference", "Conference paper"
        JOURNAL = "journal", "Journal article"
        PREPRINT = "preprint", "Preprint"
        WORKSHOP = "workshop", "Workshop paper"
        THESIS = "thesis", "Thesis"
        BOOK_CHAPTER = "chapter", "Book chapter"
        PATENT = "patent", "Patent"
        OTHER = "other", "Other"

    venue = models.CharField(
        max_length=300, blank=True, help_text="Full venue, e.g. Conference on Empirical Methods in NLP (EMNLP)."
    )
    venue_short = models.CharField(
        "short venue", max_length=100, blank=True, help_text="The tag after the title, e.g. EMNLP'25 Main."
    )
    badge_text = models.CharField(
        max_length=100, blank=True, help_text="Over the image's corner, e.g. EMNLP 2025. Empty shows no badge."
    )
    award = models.CharField(
        max_length=200, blank=True, help_text="An award the paper won, shown with it, e.g. Best Paper Award."
    )
    date_precision = models.CharField(
        "shown as", max_length=5, choices=PRECISION_CHOICES, default=Precision.YEAR, help_text="Usually the year."
    )
    publication_type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.CONFERENCE)
    teaser_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The figure on the left of the paper box. Its alt text comes from the image library.",
    )
    summary = models.TextField(
        blank=True,
        validators=MARKDOWN_VALIDATORS,
        help_text="What the paper box says under the authors and links, e.g. a sentence or highlights as a list. "
        + MARKDOWN_HELP,
    )
    abstract = models.TextField(blank=True, help_text=MARKDOWN_HELP, validators=MARKDOWN_VALIDATORS)
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="e.g. 10.18653/v1/2024.findings-acl.57")
    arxiv_id = models.CharField("arXiv id", max_length=50, blank=True, help_text="e.g. 2403.12968")
    scholar_id = models.CharField(
        "Google Scholar publication id", max_length=100, blank=True, help_text="e.g. 0aDsRecAAAAJ:u5HHmVD_uO8C"
    )
    bibtex = models.TextField(
        "BibTeX",
        blank=True,
        help_text="Your own entry, served exactly as written. Empty: one is written from the fields above.",
    )
    more_authors = models.BooleanField(
        "more authors (et al.)",
        default=False,
        help_text="The authors above are the first of more: \u201cet al.\u201d follows them, and the BibTeX entry "
        "ends its author list with \u201cand others\u201d.",
    )
    featured = models.BooleanField(default=False, help_text="Shown as a paper box on the homepage.")
    group = models.CharField(
        max_length=100,
        blank=True,
        help_text='Sub-heading the homepage lists it under, e.g. "Preprints". Empty: no sub-heading.',
    )
    tags = ClusterTaggableManager(through=PublicationTag, blank=True)
    changed_at = models.DateTimeField(
        auto_now=True,
        editable=False,
        help_text="When the row last changed (a publish, an import, a move): part of the name of the paper's "
        "rendered box (publications/fragments.py), so a changed paper is rendered anew.",
    )
    source_key = models.CharField(
        max_length=300,
        blank=True,
        db_index=True,
        editable=False,
        help_text="What the import that made it calls it (a BibTeX key, a place on an AcadHomepage page): the next "
        "import of that source updates this page instead of adding it again.",
    )
    imported = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The texts (title, venue, abstract, …) as the last import gave them: where the page shows "
        "another, the owner rewrote it, and the next import keeps theirs (publications/upsert.py).",
    )

    objects = PublicationManager()
    base_form_class = PublicationPageForm

    # What a paper box shows, top to bottom: title, venue and corner badge, figure, links; then the authors
    # (pasted as one line, or one by one), then the rest.
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("venue_short"), FieldPanel("badge_text")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision"), FieldPanel("publication_type")]),
                FieldPanel("date_text"),
                FieldPanel("award"),
            ],
            heading="Venue and date",
        ),
        FieldPanel("teaser_image"),
        InlinePanel("links", heading="Links", label="Link"),
        FieldPanel("paste_authors"),
        InlinePanel("authors", heading="Authors", label="Author", max_num=MAX_AUTHORS),
        FieldPanel("more_authors"),
        InlinePanel("badges", heading="Artifact badges", label="Badge"),
        markdown_panel("summary"),
        markdown_panel("abstract"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doi"), FieldPanel("arxiv_id"), FieldPanel("scholar_id")]),
                FieldPanel("bibtex"),
            ],
            heading="Identifiers",
        ),
        MultiFieldPanel([FieldPanel("featured"), FieldPanel("group"), FieldPanel("tags")], heading="On the homepage"),
        InlinePanel("listings", heading="Also listed on the homepage under", label="Sub-heading"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("abstract"),
        index.SearchField("venue"),
        index.SearchField("venue_short"),
        index.FilterField("featured"),
        # One text rather than RelatedFields: the PostgreSQL backend builds one SQL expression
        # per related row, which took 0.4 s of CPU to index a paper with 500 authors.
        index.SearchField("author_names"),
        # The admin's page search matches as you type, on autocomplete fields only.
        index.AutocompleteField("author_names"),
        index.AutocompleteField("venue_short"),
    ]

    template = "pages/publication_page.html"
    description_field = "abstract"
    share_image_field = "teaser_image"
    opengraph_type = "article"
    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "publication"

    def save(self, *args, **kwargs):
        for relation in ("authors", "links", "badges"):
            rows = getattr(self, relation).all()
            if isinstance(rows, FakeQuerySet):  # rows changed in memory, written with the page
                number_new_rows(list(rows))
        return super().save(*args, **kwargs)

    def author_names(self) -> str:
        """Every author's name, one text for the search index (editors find papers by co-author)."""
        return ", ".join(self.authors.values_list("name", flat=True))

    def clean(self) -> None:
        super().clean()
        errors = plain_text_errors(self, "title", "seo_title")
        if self.arxiv_id and not ARXIV_ID.match(self.arxiv_id.strip()):
            errors["arxiv_id"] = "Not an arXiv id: expected something like 2403.12968 or hep-th/9901001."
        if self.doi and not DOI.match(self.doi.strip()):
            errors["doi"] = "Not a DOI: expected something like 10.18653/v1/2024.acl-long.1."
        if self.bibtex.strip() and (problem := self.bibtex_problem()):
            errors["bibtex"] = problem
        if errors:
            raise ValidationError(errors)

    def bibtex_problem(self) -> str:
        """What is wrong with the page's own entry, checked from the cheapest on: it is served as written,
        one entry among the others in ``/publications.bib``, to visitors who compile it."""
        if len(self.bibtex) > MAX_ENTRY_LENGTH:
            return f"At most {MAX_ENTRY_LENGTH:,} characters: one entry, even with 500 authors, is shorter."
        if unsafe := unsafe_tex(self.bibtex):
            return (
                f"This entry holds {UNSAFE_TEX}: {', '.join(unsafe)}. Take that out, or empty the field to "
                "serve an entry written from the fields above."
            )
        try:
            entries = parse_bibtex(self.bibtex)
        except BibtexError as error:
            return f"Not valid BibTeX: {'; '.join(error.problems)}."
        return "One entry only: this page is one publication." if len(entries) > 1 else ""

    @property
    def bibtex_entry(self) -> str:
        """What visitors copy and ``/publications.bib`` serves: the owner's entry, or a generated one."""
        return publication_bibtex(self)

    def seo_text(self) -> str:
        """The abstract's words, else the paper box's summary."""
        return super().seo_text() or plain_text(self.summary)

    @property
    def search_summary(self) -> str:
        """The page's description in search results when it has no abstract: its reference."""
        return cite_as(self)

    # How the paper is shown elsewhere, each form a template (publications/fragments.py keeps them rendered).
    FORM_TEMPLATES = {
        "box": "components/paper_box.html",
        "citation": "components/publication_citation.html",
        "line": "components/publication_line.html",  # a paper listed again under another sub-heading: no summary
    }

    # The places the paper appears, each a preview: its page, its box on the homepage, its line in the lists.
    preview_modes = [("", "Its own page"), ("box", "Its box on the homepage"), ("citation", "Its line in lists")]
    PREVIEW_HEADINGS = {"box": "On the homepage, as a paper box", "citation": "In the lists of publications"}

    def serve_preview(self, request, mode_name):
        if mode_name not in self.PREVIEW_HEADINGS:
            return super().serve_preview(request, mode_name)
        shown = render_to_string(
            self.FORM_TEMPLATES[mode_name], {"publication": self, "request": request, "link_to_page": True}
        )
        context = {"page": self, "request": request, "heading": self.PREVIEW_HEADINGS[mode_name]}
        context.update(form=mode_name, shown=mark_safe(shown))  # noqa: S308 - a template's output
        return TemplateResponse(request, "publications/preview_in_place.html", context)

    def get_context(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False):  # a preview shows the authors and links being edited
            # One query each, though the author list, markers, meta tags, JSON-LD, COinS and BibTeX all read them.
            prefetch_related_objects(
                [self], *paper_prefetches(), prefetch_renditions("teaser_image", PUBLICATION_FIGURE)
            )
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        site_root = site.root_url if site else ""
        image_url = ""
        if self.teaser_image:
            image_url = absolute_url(request, self.teaser_image.get_rendition("width-1200").url)
        context.update(
            citation_meta=meta_tags_html(self, site_root),
            scholarly_article=json_ld(scholarly_article(self, image_url)),
            coins=coins_html(self),
            cite_as=cite_as(self),
        )
        return context

    @cached_property
    def link_list(self) -> list[PublicationLink]:
        """The links a visitor can follow (one to a deleted document leads nowhere)."""
        return [link for link in self.links.all() if link.href]

    @cached_property
    def title_link(self) -> PublicationLink | None:
        """The paper link the title of a paper box points to, as on AcadHomepage."""
        return next((link for link in self.link_list if link.kind == PublicationLink.Kind.PAPER), None)

    @property
    def venue_names_its_year(self) -> bool:
        """Whether the venue (or its tag) already says the paper's year, as "NeurIPS 2025" does: the citation then
        shows no date after it, as the owner's page did not, unless the date was written out by hand."""
        if not self.date or self.date_text:
            return False
        year = re.compile(rf"(?<!\d){self.date.year}(?!\d)")
        return bool(year.search(self.venue) or year.search(self.venue_short))

    @property
    def primary_url(self) -> str:
        return self.title_link.href if self.title_link else self.url

    @property
    def primary_full_url(self) -> str:
        """The paper's own link, else its page on this site, as an absolute URL (for reference managers)."""
        link = self.title_link
        if link is None:
            return self.full_url or ""
        if link.url:
            return link.url
        site = self.get_site()  # a document of this site: its address under the site's root
        return link.full_href(site.root_url if site else "")

    @property
    def secondary_links(self) -> list[PublicationLink]:
        """The links under the authors; the title already carries the paper link, unless it has a label of its
        own ("Paper", as a line of links on the old page showed it)."""
        return [link for link in self.link_list if link is not self.title_link or link.label]

    @property
    def markers(self) -> dict[str, bool]:
        authors = list(self.authors.all())
        return {
            "equal_contribution": any(author.equal_contribution for author in authors),
            "corresponding": any(author.corresponding for author in authors),
        }


class PublicationAuthor(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(max_length=200, validators=[reject_bidi_controls])
    url = models.URLField("link", blank=True, validators=[web_url])
    is_owner = models.BooleanField("this is me", default=False, help_text="Shown in bold.")
    equal_contribution = models.BooleanField(default=False, help_text="Marked with * (co-first author).")
    corresponding = models.BooleanField(default=False, help_text="Marked with ✉.")
    others_before = models.BooleanField(
        "et al. before",
        default=False,
        help_text="Names are left out ahead of this one: \u201cet al.\u201d is shown before it "
        "(\u201cA, B, et al., this name\u201d).",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("url")]),
        FieldRowPanel(
            [
                FieldPanel("is_owner"),
                FieldPanel("equal_contribution"),
                FieldPanel("corresponding"),
                FieldPanel("others_before"),
            ]
        ),
    ]

    def __str__(self) -> str:
        return self.name


class PublicationLink(Orderable):
    class Kind(models.TextChoices):
        PAPER = "paper", "Paper"
        PDF = "pdf", "PDF"
        CODE = "code", "Code"
        PROJECT = "project", "Project"
        DEMO = "demo", "Demo"
        VIDEO = "video", "Video"
        SLIDES = "slides", "Slides"
        POSTER = "poster", "Poster"
        MODEL = "model", "Model"
        DATASET = "dataset", "Dataset"
        OTHER = "other", "Other"

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PAPER)
    url = models.URLField(
        max_length=500, blank=True, validators=[web_url], help_text="A web address, or a document of this site below."
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A file this site serves (the paper's PDF, slides, a poster), in place of a web address.",
    )
    label = models.CharField(
        max_length=50,
        blank=True,
        validators=[reject_bidi_controls],
        help_text="Optional; defaults to the kind (Paper, Code, …).",
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("url"), FieldPanel("label")]), FieldPanel("document")]

    def clean(self) -> None:
        super().clean()
        if self.url and self.document_id:
            raise ValidationError({"document": "Choose a web address or a document, not both."})
        if not self.url and not self.document_id:
            raise ValidationError({"url": "Enter a web address, or choose a document below."})

    @property
    def text(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def href(self) -> str:
        """Where the link leads: its web address, or the document's address on this site ("" once the document
        is deleted: the link is then not shown)."""
        if self.url:
            return self.url
        return self.document.url if self.document_id and self.document else ""

    def full_href(self, site_root: str) -> str:
        """``href`` as an absolute address, for what leaves the site (BibTeX, RIS, reference managers)."""
        href = self.href
        return site_root.rstrip("/") + href if href.startswith("/") else href

    def __str__(self) -> str:
        return f"{self.text}: {self.href}"


class PublicationListing(Orderable):
    """The paper listed once more on the homepage, under another sub-heading: a "Selected" list that repeats a
    paper of a topic, a highlight that is also in the full list. The paper stays one publication."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="listings")
    group = models.CharField(
        "sub-heading",
        max_length=100,
        blank=True,
        validators=[reject_bidi_controls],
        help_text='The other sub-heading it is listed under, e.g. "Selected Journal Papers". Empty: the papers '
        "listed without one.",
    )
    position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Its place among the papers listed as lines under that sub-heading (after its paper boxes), "
        "counting from 1. Empty: at the end.",
    )

    panels = [FieldRowPanel([FieldPanel("group"), FieldPanel("position")])]

    def __str__(self) -> str:
        return self.group


class ArtifactBadge(Orderable):
    """A badge for the code or model behind a paper, drawn by the site (no shields.io request)."""

    class Kind(models.TextChoices):
        GITHUB = "github", "GitHub repository"
        HF_MODEL = "hf_model", "Hugging Face model"
        HF_DATASET = "hf_dataset", "Hugging Face dataset"
        HF_SPACE = "hf_space", "Hugging Face space"
        HF_COLLECTION = "hf_collection", "Hugging Face collection"
        CUSTOM = "custom", "Custom"

    URL_PATTERNS: dict[str, str] = {
        Kind.GITHUB: "https://github.com/{}",
        Kind.HF_MODEL: "https://huggingface.co/{}",
        Kind.HF_DATASET: "https://huggingface.co/datasets/{}",
        Kind.HF_SPACE: "https://huggingface.co/spaces/{}",
        Kind.HF_COLLECTION: "https://huggingface.co/collections/{}",
    }
    DEFAULT_LABELS: dict[str, str] = {
        Kind.GITHUB: "Code Stars",
        Kind.HF_MODEL: "Model",
        Kind.HF_DATASET: "Dataset",
        Kind.HF_SPACE: "Space",
        Kind.HF_COLLECTION: "Collection",
    }

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="badges")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GITHUB)
    identifier = models.CharField(
        max_length=200, blank=True, help_text="owner/repository on GitHub, or the Hugging Face id (user/name)."
    )
    url = models.URLField(
        max_length=500, blank=True, validators=[web_url], help_text="Only for custom badges, or to link elsewhere."
    )
    label = models.CharField(
        max_length=50,
        blank=True,
        validators=[reject_bidi_controls],
        help_text="Left part of the badge, e.g. Code Stars.",
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("identifier"), FieldPanel("label"), FieldPanel("url")])]

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.CUSTOM:
            if not self.url:
                raise ValidationError({"url": "A custom badge needs a link."})
        elif not re.fullmatch(r"[\w.\-]+/[\w.\-]+", self.identifier or ""):
            raise ValidationError({"identifier": "Expected owner/name, e.g. microsoft/LLMLingua."})

    @property
    def href(self) -> str:
        return self.url or self.URL_PATTERNS.get(self.kind, "{}").format(self.identifier)

    @property
    def label_text(self) -> str:
        return self.label or self.DEFAULT_LABELS.get(self.kind, "Link")

    @property
    def icon(self) -> str:
        return "github" if self.kind == self.Kind.GITHUB else ("huggingface" if self.kind.startswith("hf_") else "link")

    @property
    def value_text(self) -> str:
        """The right part of the badge: the repository or model name (counts come with metrics); none for a custom
        badge with no message of its own ("Forks", a count the old site's badge fetched), which shows its label
        alone rather than the word "Custom"."""
        if not self.identifier:
            return "" if self.kind == self.Kind.CUSTOM else self.get_kind_display()
        name = self.identifier.split("/")[-1]
        if self.kind == self.Kind.HF_COLLECTION:
            name = re.sub(r"-[0-9a-f]{24}$", "", name)  # collections end in an opaque id
        return name

    def __str__(self) -> str:
        return f"{self.label_text}: {self.identifier or self.url}"
