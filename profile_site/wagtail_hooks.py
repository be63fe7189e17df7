"""Admin registration: CV entries as orderable snippets, and the markdown editor's endpoints."""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .history import ProfilePageViewSet, ReadableSnippetHistoryView
from .models import (
    AwardEntry,
    EducationEntry,
    ExperienceEntry,
    GrantEntry,
    ServiceEntry,
    SkillEntry,
    StudentEntry,
    TalkEntry,
    TeachingEntry,
)
from .views import markdown_image_upload, markdown_preview


@hooks.register("register_admin_urls")
def register_markdownx_urls():
    return [
        path("markdownx/markdownify/", markdown_preview, name="markdownx_markdownify"),
        path("markdownx/upload/", markdown_image_upload, name="markdownx_upload"),
    ]


@hooks.register("construct_page_action_menu")
@hooks.register("construct_snippet_action_menu")
def publish_first(menu_items, request, context):
    """Publish is the button; saving a draft is one click away under it (a one-person site publishes)."""
    publish = next((item for item in menu_items if item.name == "action-publish"), None)
    if publish is not None:
        menu_items.remove(publish)
        menu_items.insert(0, publish)


@hooks.register("insert_global_admin_css")
def markdown_editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_editor_js")
def markdown_editor_js():
    return format_html('<script src="{}" defer></script>', static("js/admin/markdownx-blocks.js"))


class EntryViewSet(SnippetViewSet):
    history_view_class = ReadableSnippetHistoryView
    list_display = ["__str__", Column("date_display", label="Date"), LiveStatusTagColumn()]
    list_filter = ["live", "ongoing"]


class EducationViewSet(EntryViewSet):
    model = EducationEntry
    icon = "home"


class AwardViewSet(EntryViewSet):
    model = AwardEntry
    icon = "pick"


class TalkViewSet(EntryViewSet):
    model = TalkEntry
    icon = "openquote"


class ExperienceViewSet(EntryViewSet):
    model = ExperienceEntry
    icon = "site"


class TeachingViewSet(EntryViewSet):
    model = TeachingEntry
    icon = "group"


class ServiceViewSet(EntryViewSet):
    model = ServiceEntry
    icon = "tasks"
    list_filter = ["live", "kind"]


class StudentViewSet(EntryViewSet):
    model = StudentEntry
    icon = "user"


class GrantViewSet(EntryViewSet):
    model = GrantEntry
    icon = "pick"


class SkillViewSet(EntryViewSet):
    model = SkillEntry
    icon = "cogs"
    list_display = ["__str__", LiveStatusTagColumn()]
    list_filter = ["live", "kind"]


class CVEntriesGroup(SnippetViewSetGroup):
    menu_label = "CV entries"
    menu_icon = "list-ul"
    menu_order = 210
    items = (
        EducationViewSet,
        ExperienceViewSet,
        AwardViewSet,
        TalkViewSet,
        TeachingViewSet,
        ServiceViewSet,
        StudentViewSet,
        GrantViewSet,
        SkillViewSet,
    )


register_snippet(CVEntriesGroup)


@hooks.register("register_admin_viewset")
def readable_page_history():
    """Pages of every type get the history of profile_site.history (Wagtail's base page viewset otherwise)."""
    return ProfilePageViewSet()
