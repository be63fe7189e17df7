"""Admin registration: "Add by DOI / arXiv", in the menu and on the publications index; new papers first."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from .admin_views import add_by_identifier, can_add_publications
from .models import PublicationIndexPage, PublicationPage

LABEL = "Add by DOI / arXiv"
ICON = "doc-full-inverse"


@hooks.register("register_admin_urls")
def register_add_by_identifier_url():
    return [path("publications/add-by-identifier/", add_by_identifier, name="publications_add_by_identifier")]


class AddByIdentifierMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_add_publications(request.user, PublicationIndexPage.objects.first())


@hooks.register("register_admin_menu_item")
def register_add_by_identifier_menu_item():
    return AddByIdentifierMenuItem(LABEL, reverse("publications_add_by_identifier"), icon_name=ICON, order=150)


@hooks.register("register_page_header_buttons")
def add_by_identifier_button(page, user, view_name, next_url=None):
    if page.specific_class is PublicationIndexPage and can_add_publications(user, page):
        yield Button(LABEL, reverse("publications_add_by_identifier"), icon_name=ICON, priority=16)


@hooks.register("after_create_page")
def newest_paper_first(request, page):
    """A paper the owner adds in the admin is their newest: it goes before the others, where the homepage lists
    it first (the owner can still drag it anywhere in the page explorer's order)."""
    if isinstance(page, PublicationPage):
        first = page.get_parent().get_first_child()
        if first is not None and first.pk != page.pk:
            page.move(first, pos="left", user=request.user)
