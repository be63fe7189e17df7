"""/cv/, /cv.pdf and /cv.json: one CV, three forms."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.models import Site

from .content import gather
from .json_resume import to_json_resume
from .models import PAPER_SIZES
from .typeset import cached_pdf


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site here.")
    return site


@require_safe
def cv_page(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    cv = gather(site)
    return render(
        request,
        "cv/cv_page.html",
        {"cv": cv, "canonical_url": request.build_absolute_uri(request.path), "paper_sizes": PAPER_SIZES},
    )


@require_safe
def cv_pdf(request: HttpRequest) -> HttpResponse:
    """The PDF, A4 or US Letter (``?paper=us-letter``; the owner's choice otherwise)."""
    paper = request.GET.get("paper", "")
    if paper and paper not in dict(PAPER_SIZES):
        raise Http404("Paper sizes: a4, us-letter.")
    cv = gather(_site(request), paper_size=paper)
    response = HttpResponse(cached_pdf(cv), content_type="application/pdf")
    filename = "".join(ch for ch in cv.name if ch.isalnum() or ch in " -_").strip().replace(" ", "_") or "CV"
    response["Content-Disposition"] = f'inline; filename="{filename}_CV.pdf"'
    return response


@require_safe
def cv_json(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    resume = to_json_resume(gather(site), site.root_url)
    return JsonResponse(resume, json_dumps_params={"ensure_ascii": False, "indent": 2}, content_type=(
        "application/json; charset=utf-8"))  # fmt: skip
