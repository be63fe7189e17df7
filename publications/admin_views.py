"""Admin: "Add by DOI / arXiv" — paste an identifier, review a prefilled draft.

The owner pastes a DOI, an arXiv id or link, or a BibTeX entry and gets a draft
publication with the title, the authors in order, the venue, the date, the
abstract and the links filled in, to check and publish. When the site already
has the paper (its preprint, or its published version), the owner chooses
between updating that record (a new draft revision, nothing published) and
creating a separate one. A failed lookup creates nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from core.dates import Precision, format_date
from core.identifiers import ARXIV_ID, DOI, normalise_arxiv_id
from profile_site.models import ProfileSettings
from publications.formats.bibtex import ENTRY_TYPES, MAX_ENTRY_LENGTH, BibLink

from .bibtex_import import AUTHOR_FIELDS, PRECISION_RANK, PUBLISHED_TYPES, merge_authors
from .lookup import Identifier, LookupFailed, PaperMetadata, fetch_metadata, find_existing, identify
from .models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage

SIGNING_SALT = "publications.add_by_identifier"
CHOICE_MAX_AGE = 60 * 60  # seconds the owner has to choose between updating and creating


class PastedText(forms.CharField):
    """Pasted text of at most ``max_length`` characters, checked before anything reads it.

    Longer text is refused with a message saying the limit, and not sent back: the form shows the field
    empty instead of echoing megabytes. Browsers get no ``maxlength``: they would cut a longer paste short
    without a word, and the cut entry would fail with a puzzling error instead.
    """

    def widget_attrs(self, widget: forms.Widget) -> dict:
        return {name: value for name, value in super().widget_attrs(widget).items() if name != "maxlength"}

    def bound_data(self, data, initial):
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            return ""
        return super().bound_data(data, initial)


class IdentifierForm(forms.Form):
    identifier = PastedText(
        label="DOI, arXiv id or BibTeX entry",
        max_length=MAX_ENTRY_LENGTH,
        error_messages={
            "max_length": (
                f"At most {MAX_ENTRY_LENGTH:,} characters: one BibTeX entry, even with 500 authors, is shorter. "
                "Paste one entry at a time; a whole .bib file is imported with “manage.py import_bibtex”."
            )
        },
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autofocus": True}),
        help_text=(
            "For example 10.18653/v1/2024.findings-acl.57, arXiv:2403.12968, https://arxiv.org/abs/2403.12968, "
            "or a whole @inproceedings{…} entry."
        ),
    )

    def clean_identifier(self) -> Identifier:
        try:
            return identify(self.cleaned_data["identifier"])
        except ValueError as error:
            raise ValidationError(str(error)) from error


def can_add_publications(user, index: PublicationIndexPage | None) -> bool:
    """Whoever may add a publication under the index; without an index, only who may build the page tree."""
    if index is None:
        return user.is_superuser
    return PublicationPage.can_create_at(index) and index.permissions_for_user(user).can_add_subpage()


class AddByIdentifierView(WagtailAdminTemplateMixin, View):
    page_title = "Add a paper by DOI / arXiv"
    header_icon = "doc-full-inverse"
    template_name = "publications/admin/add_by_identifier.html"
    duplicate_template_name = "publications/admin/duplicate_found.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.index = PublicationIndexPage.objects.first()
        if not can_add_publications(request.user, self.index):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(IdentifierForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "choice" in request.POST:
            return self.choose(request)
        form = IdentifierForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            metadata = fetch_metadata(form.cleaned_data["identifier"])
        except LookupFailed as failure:
            form.add_error("identifier", failure.message)
            return self.render_form(form)
        existing, matched_by = find_existing(metadata)
        if existing is None:
            return self.create(metadata)
        return self.render_duplicate(metadata, existing.specific, matched_by)

    def choose(self, request: HttpRequest) -> HttpResponse:
        """The owner's answer to "this paper is already here": update that record, or create another."""
        try:
            lookup = signing.loads(request.POST.get("lookup", ""), salt=SIGNING_SALT, max_age=CHOICE_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, "That lookup is too old to use: paste the identifier again.")
            return redirect("publications_add_by_identifier")
        metadata = PaperMetadata.from_dict(lookup["metadata"])
        if request.POST["choice"] != "update":
            return self.create(metadata)
        page = PublicationPage.objects.filter(pk=lookup["page"]).first()
        if page is None:
            messages.error(request, "That publication no longer exists: paste the identifier again.")
            return redirect("publications_add_by_identifier")
        if not page.permissions_for_user(request.user).can_edit():
            return permission_denied(request)
        return self.update(page, metadata)

    # -- responses --------------------------------------------------------------

    def render_form(self, form: IdentifierForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form))

    def render_duplicate(self, metadata: PaperMetadata, existing: PublicationPage, matched_by: str) -> HttpResponse:
        current = existing.get_latest_revision_as_object()
        lookup = signing.dumps({"metadata": metadata.to_dict(), "page": existing.pk}, salt=SIGNING_SALT, compress=True)
        context = self.get_context_data(
            existing=current,
            existing_authors=[author.name for author in current.authors.all()],
            existing_date=format_date(current.date, current.date_precision) if current.date else "",
            edit_url=reverse("wagtailadmin_pages:edit", args=[existing.pk]),
            metadata=metadata,
            fetched_date=format_date(metadata.date, metadata.precision) if metadata.date else "",
            fetched_type=PublicationPage.Type(metadata.publication_type).label,
            matched_by=matched_by,
            lookup=lookup,
        )
        return TemplateResponse(self.request, self.duplicate_template_name, context)

    # -- writing ----------------------------------------------------------------

    def create(self, metadata: PaperMetadata) -> HttpResponse:
        with transaction.atomic():
            index = self.index or PublicationIndexPage.for_site()
            page = PublicationPage(live=False, owner=self.request.user)
            fill_new(page, metadata, owner_matcher(index))
            index.add_publication(page)
            page.save_revision(user=self.request.user, log_action=True, clean=False)
        messages.success(
            self.request,
            f"Draft “{page.title}” created from {metadata.source}. Check it, add a figure, then publish.",
        )
        for warning in metadata.warnings:
            messages.warning(self.request, warning)
        return redirect("wagtailadmin_pages:edit", page.pk)

    def update(self, page: PublicationPage, metadata: PaperMetadata) -> HttpResponse:
        current = page.get_latest_revision_as_object()
        with transaction.atomic():
            merge(current, metadata, owner_matcher(page.get_parent()))
            current.save_revision(user=self.request.user, log_action=True, clean=False)
        messages.success(
            self.request,
            f"“{current.title}” updated from {metadata.source} as a draft: review the changes, then publish.",
        )
        for warning in metadata.warnings:
            messages.warning(self.request, warning)
        return redirect("wagtailadmin_pages:edit", page.pk)


add_by_identifier = AddByIdentifierView.as_view()


# ---------------------------------------------------------------------------
# From metadata to page fields
# ---------------------------------------------------------------------------


def owner_matcher(index) -> Callable[[str], bool]:
    """Tells whether an author is the owner, by the profile's name and its variants."""
    site = index.get_site() if index is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return ProfileSettings.for_site(site).is_owner if site else (lambda name: False)


def fill_new(page: PublicationPage, metadata: PaperMetadata, is_owner: Callable[[str], bool]) -> None:
    """A new publication, everything taken from the metadata."""
    page.title = _fit(PublicationPage, "title", metadata.title)
    page.venue = _fit(PublicationPage, "venue", metadata.venue)
    page.publication_type = metadata.publication_type
    page.date, page.date_precision = metadata.date, metadata.precision
    page.abstract = metadata.abstract
    page.doi = _checked(metadata.doi, DOI, "doi")
    page.arxiv_id = _checked(metadata.arxiv_id, ARXIV_ID, "arxiv_id")
    page.bibtex = metadata.bibtex
    page.authors = [PublicationAuthor(**row) for row in merge_authors([], metadata.authors, is_owner)]
    page.links = [PublicationLink(**row) for row in merged_links(link_rows(metadata.links), [])]


def merge(page: PublicationPage, metadata: PaperMetadata, is_owner: Callable[[str], bool]) -> None:
    """The fetched data merged into an existing publication.

    What the metadata says replaces what the page says, except that what the owner added by hand
    stays: the short venue and badge, a co-author's link, "this is me" and the markers, links.
    A preprint never overwrites its published version: it only adds its arXiv id, links and
    (when there is none) the abstract, as the BibTeX importer does.
    """
    arxiv_id = _checked(metadata.arxiv_id, ARXIV_ID, "arxiv_id")
    same_arxiv = page.arxiv_id and arxiv_id and normalise_arxiv_id(page.arxiv_id) == normalise_arxiv_id(arxiv_id)
    page.arxiv_id = page.arxiv_id if same_arxiv else (arxiv_id or page.arxiv_id)
    existing_links = [{name: getattr(link, name) for name in ("kind", "url", "label")} for link in page.links.all()]
    if metadata.publication_type == "preprint" and page.publication_type in PUBLISHED_TYPES:
        page.abstract = page.abstract or metadata.abstract
        page.links = [PublicationLink(**row) for row in merged_links(existing_links, link_rows(metadata.links))]
        return
    # The published version's own link becomes the one the title points to.
    published_now = page.publication_type == "preprint" and metadata.publication_type != "preprint"
    page.title = _fit(PublicationPage, "title", metadata.title) or page.title
    if ENTRY_TYPES.get(page.publication_type) != ENTRY_TYPES.get(metadata.publication_type):
        page.publication_type = metadata.publication_type  # a workshop paper stays one: both are @inproceedings
    page.venue = _fit(PublicationPage, "venue", metadata.venue) or page.venue
    if metadata.date and not _same_date_told_better(page, metadata):
        page.date, page.date_precision = metadata.date, metadata.precision
    page.abstract = metadata.abstract or page.abstract
    page.doi = _checked(metadata.doi, DOI, "doi") or page.doi
    page.bibtex = metadata.bibtex or page.bibtex
    existing_authors = [{name: getattr(author, name) for name in AUTHOR_FIELDS} for author in page.authors.all()]
    page.authors = [PublicationAuthor(**row) for row in merge_authors(existing_authors, metadata.authors, is_owner)]
    fetched_links = link_rows(metadata.links)
    ordered = (fetched_links, existing_links) if published_now else (existing_links, fetched_links)
    page.links = [PublicationLink(**row) for row in merged_links(*ordered)]


def merged_links(first: list[dict], second: list[dict]) -> list[dict]:
    """``first``, then ``second``: each address once, valid ones only.

    When a paper has two "paper" links, the arXiv one is labelled "arXiv" so the two can be told apart.
    """
    limit = PublicationLink._meta.get_field("url").max_length
    rows: list[dict] = []
    seen: set[str] = set()
    for row in [*first, *second]:
        if row["url"] in seen or len(row["url"]) > limit or not _valid_url(row["url"]):
            continue
        seen.add(row["url"])
        rows.append(dict(row))
    papers = [row for row in rows if row["kind"] == PublicationLink.Kind.PAPER]
    for row in papers[1:]:
        if not row["label"] and "arxiv.org" in row["url"]:
            row["label"] = "arXiv"
    return rows


def link_rows(links: list[BibLink]) -> list[dict]:
    return [{"kind": link.kind, "url": link.url, "label": link.label} for link in links]


def _same_date_told_better(page: PublicationPage, metadata: PaperMetadata) -> bool:
    """The page already has this date, at least as precisely: keep the owner's version of it."""
    if page.date is None or page.date.year != metadata.year:
        return False
    if metadata.month is not None and page.date.month != metadata.month:
        return False
    return PRECISION_RANK[Precision(page.date_precision)] >= PRECISION_RANK[Precision(metadata.precision)]


def _fit(model, name: str, value: str) -> str:
    limit = model._meta.get_field(name).max_length
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _checked(value: str, pattern, name: str) -> str:
    """An identifier the page can store, or "" (the editor then sees the field empty, not an error)."""
    value = value.strip()
    limit = PublicationPage._meta.get_field(name).max_length
    return value if value and pattern.match(value) and len(value) <= limit else ""


def _valid_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True
