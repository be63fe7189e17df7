"""A history the owner can read: one row per published version, each with "Restore this version" in sight.

Wagtail's history lists a publish twice ("Draft saved", then "Published", for the
same revision) and hides a version's actions in a menu on the "Draft saved" row,
so the versions that were actually on the site are the ones without actions.
Here a publish row carries its version's actions, the draft row it replaced is
folded into it, and restoring is a button on the row. Autosaves within one
editing session are already one row (Wagtail gives them one log entry id).

Restoring opens the editor with that version's content, as Wagtail's "Review
this version" does: the owner sees it, and publishes it, or not.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.views.generic.history import ActionColumn
from wagtail.admin.views.pages.history import PageHistoryView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.snippets.views.snippets import HistoryView as SnippetHistoryView

PUBLISH, EDIT = "wagtail.publish", "wagtail.edit"


class RestorableActionColumn(ActionColumn):
    cell_template_name = "wagtailadmin/history/restorable_action_cell.html"

    def get_actions(self, instance, parent_context):
        if instance.action != PUBLISH:
            return super().get_actions(instance, parent_context)
        # Wagtail keeps a version's actions for its "edit" row, folded away here.
        instance.action = EDIT
        try:
            return super().get_actions(instance, parent_context)
        finally:
            instance.action = PUBLISH

    def restore_url(self, instance) -> str:
        url_name = self.url_names.get("revisions_revert")
        if (
            not self.revision_enabled
            or not url_name
            or not instance.revision_id
            or not instance.content_changed
            or instance.revision_id == self.object.latest_revision_id
        ):
            return ""
        return reverse(url_name, args=(quote(self.object.pk), instance.revision_id))

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["restore_url"] = self.restore_url(instance)
        context["actions"] = [action for action in context["actions"] if action["url"] != context["restore_url"]]
        return context


class ReadableHistoryMixin:
    """For a history view: publish rows absorb their draft row, and show "Restore this version"."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        action = columns[0]
        columns[0] = RestorableActionColumn(
            action.name,
            label=action.label,
            object=action.object,
            url_names=action.url_names,
            user_can_unschedule=action.user_can_unschedule,
        )
        return columns

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        published = queryset.model.objects.filter(action=PUBLISH, revision_id=OuterRef("revision_id"))
        return queryset.exclude(Exists(published), action=EDIT)


class ReadablePageHistoryView(ReadableHistoryMixin, PageHistoryView):
    pass


class ReadableSnippetHistoryView(ReadableHistoryMixin, SnippetHistoryView):
    pass


class ProfilePageViewSet(PageViewSet):
    """Every page type's admin views as Wagtail's, but for the history."""

    model = Page
    name = "profile_pages"
    history_view_class = ReadablePageHistoryView
