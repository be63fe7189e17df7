"""/cv/, /cv.pdf and /cv.json: one CV, three forms."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.models import Site

from core.seo import absolute_url

from .content import gather
from .json_resume import to_json_resume
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
        {"cv": cv, "canonical_url": absolute_url(request, request.path)},
    )


@require_safe
def cv_pdf(request: HttpRequest, paper: str = "") -> HttpResponse:
    """The PDF: /cv.pdf in the owner's paper size, /cv-a4.pdf and /cv-letter.pdf in theirs.

    Each size has an address of its own, so the page cache, a CDN and the static export each keep it.
    """
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
