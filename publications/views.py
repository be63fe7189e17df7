"""Publication lists as files: BibTeX, RIS and CSL-JSON, for the whole list or one paper.

Only live, public publications are exported, in the order the site lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.contrib.redirects.models import Redirect

from publications.formats.bibtex import citation_key, export_bibtex

from .formats.csl_json import export_csl_json
from .formats.ris import export_ris
from .models import PublicationPage

EXPORT_FORMATS: dict[str, tuple[Callable[[Iterable[PublicationPage]], str], str]] = {
    "bib": (export_bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (export_ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (export_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


def export_response(pages: Iterable[PublicationPage], fmt: str, filename: str) -> HttpResponse:
    export, content_type = EXPORT_FORMATS[fmt]
    response = HttpResponse(export(pages), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_safe
def publications_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """``/publications.bib`` (``.ris``, ``.json``): every publication."""
    return export_response(PublicationPage.objects.for_listing(), fmt, "publications")


@require_safe
def publication_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """``/publications/<slug>.bib`` (``.ris``, ``.json``): one publication."""
    page = PublicationPage.objects.for_listing().filter(slug=slug).first()
    if page is None:
        return moved_export(slug, fmt)
    return export_response([page], fmt, citation_key(page))


def moved_export(slug: str, fmt: str) -> HttpResponse:
    """A paper whose slug changed: its old page address redirects (wagtail.contrib.redirects made the
    redirect when the slug changed), and so do its downloads, to the paper's new ones."""
    papers = PublicationPage.objects.for_listing()
    moved = (
        Redirect.objects.filter(old_path__endswith=f"/{slug}", redirect_page__in=papers.values("pk"))
        .order_by("-pk")
        .first()
    )
    if moved is None:
        raise Http404("No such publication.")
    target = moved.redirect_page.specific
    return HttpResponsePermanentRedirect(reverse("publication_export", kwargs={"slug": target.slug, "fmt": fmt}))
