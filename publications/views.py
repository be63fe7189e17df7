"""``/publications.bib``: every published paper's BibTeX in one file, for co-authors and reference managers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from .bibtex import export_bibtex
from .models import PublicationPage


@require_safe
def publications_bib(request: HttpRequest) -> HttpResponse:
    """All live, public publications, newest first, as the homepage lists them."""
    response = HttpResponse(
        export_bibtex(PublicationPage.objects.for_listing()), content_type="application/x-bibtex; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="publications.bib"'
    return response
