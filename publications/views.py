"""Publication lists as files: BibTeX, RIS and CSL-JSON, for the whole list or one paper.

Only live, public publications are exported, in the order the site lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

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
        raise Http404("No such publication.")
    return export_response([page], fmt, citation_key(page))
