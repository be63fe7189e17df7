"""The admin's dashboard opens on the owner's everyday tasks, one click each."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.components import Component

from cv.typeset import missing_font_note
from news.models import NewsItem
from profile_site.models import ProfileSettings
from publications.admin_views import can_add_publications
from publications.models import PublicationIndexPage

from .models import HomePage


class EverydayTasksPanel(Component):
    """Links to what an academic does most: the homepage, a paper, a news item, the profile, the site."""

    name = "everyday_tasks"
    order = 50

    def __init__(self, links: list[tuple[str, str]], notes: list[str]) -> None:
        self.links = links
        self.notes = notes

    def render_html(self, parent_context=None) -> str:
        items = format_html_join("", '<li><a href="{}">{}</a></li>', self.links)
        notes = format_html_join("", '<p class="help-block help-warning">{}</p>', ((note,) for note in self.notes))
        return format_html(
            '<section class="w-panel everyday-tasks" aria-labelledby="everyday-tasks-heading">'
            '<h2 class="w-panel__heading" id="everyday-tasks-heading">Your site</h2><ul>{}</ul>{}</section>',
            items,
            notes,
        )


def everyday_links(request) -> list[tuple[str, str]]:
    user = request.user
    links = []
    home = HomePage.objects.first()
    if home is not None and home.permissions_for_user(user).can_edit():
        links.append((reverse("wagtailadmin_pages:edit", args=[home.pk]), "Edit the homepage"))
    if can_add_publications(user, PublicationIndexPage.objects.first()):
        links.append((reverse("publications_add_by_identifier"), "Add a paper (DOI, arXiv or BibTeX)"))
    if user.has_perm("news.add_newsitem"):
        links.append((reverse(NewsItem.snippet_viewset.get_url_name("add")), "Add a news item"))
    if user.has_perm("profile_site.change_profilesettings"):
        url = reverse("wagtailsettings:edit", args=[ProfileSettings._meta.app_label, ProfileSettings._meta.model_name])
        links.append((url, "Profile, photo and links"))
    if home is not None and home.live:
        links.append((home.url or "/", "View the site"))
    return links


def owner_notes(request) -> list[str]:
    """What the owner should know about their site and cannot see from the pages themselves."""
    profile = ProfileSettings.for_request(request)
    note = missing_font_note(profile.name, profile.native_name)
    return [note] if note else []


@hooks.register("construct_homepage_panels")
def add_everyday_tasks_panel(request, panels) -> None:
    links = everyday_links(request)
    if links:
        panels.append(EverydayTasksPanel(links, owner_notes(request)))
