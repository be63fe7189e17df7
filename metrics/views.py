"""Numbers for elsewhere: a shields.io endpoint and SVG badges, both from the stored metrics.

A GitHub profile README can show ``https://img.shields.io/endpoint?url=<site>/metrics/citations.json``
or the site's own ``/metrics/badges/citations.svg``; neither makes the site ask
anyone for anything, and only artifacts the site already shows have a badge.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .display import compact_number, profile_metrics
from .models import Kind, Metric, artifact_subject
from .svg import badge_svg

CACHE_SECONDS = 3600
ENDPOINT_LABELS = {Kind.CITATIONS: "citations", Kind.H_INDEX: "h-index", Kind.I10_INDEX: "i10-index"}
BADGE_KINDS = {
    "github": (Kind.STARS, "stars", "github"),
    "hf_model": (Kind.LIKES, "likes", "huggingface"),
    "hf_dataset": (Kind.LIKES, "likes", "huggingface"),
    "hf_space": (Kind.LIKES, "likes", "huggingface"),
    "hf_collection": (Kind.LIKES, "likes", "huggingface"),
}


def _cached(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def shields_endpoint(request: HttpRequest, kind: str) -> JsonResponse:
    """shields.io's endpoint schema: ``schemaVersion``, ``label``, ``message`` (as AcadHomepage's crawler wrote)."""
    metric = getattr(profile_metrics(request), kind)
    label = ENDPOINT_LABELS[kind]
    if metric is None:
        data = {"schemaVersion": 1, "label": label, "message": "no data", "isError": True}
    else:
        data = {"schemaVersion": 1, "label": label, "message": str(metric.shown_value), "color": "9cf"}
    return _cached(JsonResponse({**data, "cacheSeconds": CACHE_SECONDS}))


def _svg(svg: str) -> HttpResponse:
    return _cached(HttpResponse(svg, content_type="image/svg+xml; charset=utf-8"))


@require_GET
def citations_badge(request: HttpRequest) -> HttpResponse:
    metric = profile_metrics(request).citations
    message = f"{metric.shown_value:,}" if metric else "no data"
    return _svg(badge_svg("citations", message, color="#007ec6" if metric else "#9f9f9f", logo="googlescholar"))


@require_GET
def artifact_badge(request: HttpRequest, badge_kind: str, identifier: str) -> HttpResponse:
    if badge_kind not in BADGE_KINDS:
        raise Http404("No such badge kind.")
    kind, label, logo = BADGE_KINDS[badge_kind]
    metric = Metric.objects.filter(kind=kind, subject=artifact_subject(badge_kind, identifier)).first()
    if metric is None or metric.shown_value is None:
        raise Http404("The site has no count for this artifact.")
    return _svg(badge_svg(label, compact_number(metric.shown_value), logo=logo))
