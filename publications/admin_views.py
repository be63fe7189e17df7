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
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.dates import format_date
from core.sites import default_site
from profile_site.models import ProfileSettings
from publications.formats.bibtex import MAX_ENTRY_LENGTH

from .lookup import Identifier, LookupFailed, fetch_metadata, find_existing, identify
from .models import PublicationIndexPage, PublicationPage
from .records import PaperRecord
from .upsert import upsert_publication

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

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
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
        metadata = PaperRecord.from_dict(lookup["metadata"])
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

    def render_duplicate(self, metadata: PaperRecord, existing: PublicationPage, matched_by: str) -> HttpResponse:
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

    def create(self, record: PaperRecord) -> HttpResponse:
        with transaction.atomic():
            index = self.index or PublicationIndexPage.for_site()
            stored = upsert_publication(
                record, index=index, is_owner=owner_matcher(index), match=False, publish=False,
                user=self.request.user, first=True,
            )  # fmt: skip
        messages.success(
            self.request,
            f"Draft “{stored.page.title}” created from {record.source}. Check it, add a figure, then publish.",
        )
        self.warn(record, stored)
        return redirect("wagtailadmin_pages:edit", stored.page.pk)

    def update(self, page: PublicationPage, record: PaperRecord) -> HttpResponse:
        with transaction.atomic():
            stored = upsert_publication(
                record, index=page.get_parent().specific, is_owner=owner_matcher(page.get_parent()), page=page,
                publish=False, user=self.request.user, keep_owner_text=False,  # the owner chose this record
            )  # fmt: skip
        messages.success(
            self.request,
            f"“{stored.page.get_latest_revision_as_object().title}” updated from {record.source} as a draft: "
            "review the changes, then publish.",
        )
        self.warn(record, stored)
        return redirect("wagtailadmin_pages:edit", page.pk)

    def warn(self, record: PaperRecord, stored) -> None:
        for warning in [*record.warnings, *stored.notes]:
            messages.warning(self.request, warning)


add_by_identifier = AddByIdentifierView.as_view()


# ---------------------------------------------------------------------------
# From metadata to page fields
# ---------------------------------------------------------------------------


def owner_matcher(index) -> Callable[[str], bool]:
    """Tells whether an author is the owner, by the profile's name and its variants."""
    site = index.get_site() if index is not None else None
    site = site or default_site()
    return ProfileSettings.for_site(site).is_owner if site else (lambda name: False)
