"""Admin: every metric with its value, source, last refresh and last error; manual overrides; run log."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Metric, RefreshRun, Source


def _value(metric: Metric) -> str:
    return "" if metric.shown_value is None else f"{metric.shown_value:,}"


def _source(metric: Metric) -> str:
    """ "manual" for an override, so the owner sees which numbers are theirs."""
    if metric.is_manual:
        fetched = f" (fetched: {metric.value:,} from {metric.get_source_display()})" if metric.value is not None else ""
        return f"{Source.MANUAL.label}{fetched}"
    return metric.get_source_display()


def _status(metric: Metric) -> str:
    if metric.last_error:
        return "failed"
    if metric.last_attempt_at:
        return "ok"
    return "never refreshed" if not metric.is_manual else "manual"


class MetricViewSet(SnippetViewSet):
    model = Metric
    icon = "table"
    menu_label = "Metrics"
    list_display = [
        "__str__",
        Column("shown_value", label="Value", accessor=_value),
        Column("source", label="Source", accessor=_source),
        DateColumn("fetched_at", label="Fetched"),
        DateColumn("last_attempt_at", label="Last refresh"),
        StatusTagColumn("status", label="Status", accessor=_status, primary=lambda metric: not metric.last_error),
        Column("last_error", label="What failed"),
    ]
    list_filter = ["kind", "source"]
    search_fields = ["subject", "publication__title"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return Metric.objects.select_related("publication")


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Refresh runs are written by update_metrics; the admin only reads (and may delete) them."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)


register_permission_policy(RefreshRun, ReadOnlyPolicy(RefreshRun))


class RefreshRunViewSet(SnippetViewSet):
    model = RefreshRun
    icon = "history"
    menu_label = "Refresh log"
    list_display = [
        "__str__",
        DateColumn("finished_at", label="Finished"),
        Column("items_failed", label="Failed"),
        Column("failures", label="What failed", accessor=lambda run: "; ".join(run.failure_lines)[:300]),
    ]
    inspect_view_enabled = True
    copy_view_enabled = False


class MetricsGroup(SnippetViewSetGroup):
    menu_label = "Metrics"
    menu_icon = "table"
    menu_order = 220
    items = (MetricViewSet, RefreshRunViewSet)


register_snippet(MetricsGroup)


class LastRefreshPanel(Component):
    """On the dashboard: when the metrics were last refreshed, and what failed."""

    name = "metrics_last_refresh"
    order = 150

    def __init__(self, run: RefreshRun | None) -> None:
        self.run = run

    def render_html(self, parent_context=None) -> str:
        metrics_url = reverse(Metric.snippet_viewset.get_url_name("list"))
        if self.run is None:
            return format_html(
                '<section class="w-panel"><h2 class="w-panel__heading">Metrics</h2><p>Never refreshed: run '
                '<code>python manage.py update_metrics</code> (see docs/metrics.md). <a href="{}">Metrics</a></p>'
                "</section>",
                metrics_url,
            )
        failures = format_html_join("", "<li>{}</li>", ((line,) for line in self.run.failure_lines[:10]))
        return format_html(
            '<section class="w-panel"><h2 class="w-panel__heading">Metrics</h2><p>{}. <a href="{}">All metrics</a>'
            "</p>{}</section>",
            self.run,
            metrics_url,
            format_html("<ul>{}</ul>", failures) if failures else "",
        )


@hooks.register("construct_homepage_panels")
def add_last_refresh_panel(request, panels) -> None:
    if request.user.has_perm("metrics.view_metric") or request.user.has_perm("metrics.change_metric"):
        panels.append(LastRefreshPanel(RefreshRun.objects.first()))
