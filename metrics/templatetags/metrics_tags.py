"""Template tags that show stored metrics: the sidebar summary, a paper's count, a badge's counts."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from metrics import display
from metrics.svg import citations_chart_svg

register = template.Library()


@register.inclusion_tag("components/metrics/summary.html", takes_context=True)
def metrics_summary(context) -> dict:
    """Citations, h-index and i10-index with their date, and the citations-per-year chart."""
    metrics = display.profile_metrics(context.get("request"))
    return {"metrics": metrics, "chart": citations_chart_svg(metrics.chart_years)}


@register.inclusion_tag("components/metrics/paper_citations.html", takes_context=True)
def paper_citations(context, publication, prefix: str = "") -> dict:
    """ "Cited by N" for one paper; ``prefix`` (a separator) only shows with a count."""
    metric = display.listing_metrics(context.get("request")).papers.get(publication.pk)
    return {"metric": metric, "prefix": prefix, "provenance": display.provenance(metric) if metric else ""}


@register.simple_tag(takes_context=True)
def badge_value(context, badge) -> SafeString:
    """The artifact's cached counts as the badge's value, or its name before the first refresh."""
    metrics = display.listing_metrics(context.get("request")).for_badge(badge)
    return display.badge_value(badge, metrics)


@register.filter
def number(value: int | None) -> str:
    """1234 as 1,234."""
    return f"{value:,}" if isinstance(value, int) else ""
