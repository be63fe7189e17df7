"""The page tree every import needs: one HomePage served by the default Site, with its news page,
created on an empty, freshly migrated database (``PublicationIndexPage.ensure_under`` adds
/publications/ when the first paper comes)."""

from __future__ import annotations

from wagtail.models import Page, Site

from core.sites import default_site
from homepage.models import HomePage
from news.models import NewsIndexPage
from publications.models import PublicationIndexPage


def ensure_homepage() -> tuple[HomePage, Site, bool]:
    """The one HomePage (and its news page) and the Site serving it; ``True`` when the homepage was created."""
    home = HomePage.objects.first()
    created = home is None
    if created:
        root = Page.get_first_root_node()
        slug = "homepage" if root.get_children().filter(slug="home").exists() else "home"
        home = root.add_child(instance=HomePage(title="Home", slug=slug, live=False))
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        site = default_site()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Homepage")
        previous_root = site.root_page if site.pk else None
        site.root_page = home
        site.save()
        if previous_root and previous_root.specific_class is Page:  # Wagtail's "Welcome to your new Wagtail site!"
            for index in PublicationIndexPage.objects.child_of(previous_root):  # made before the homepage was
                index.move(home, pos="last-child")
            if not previous_root.get_children().exists():
                previous_root.delete()
    NewsIndexPage.ensure_under(home)
    return home, site, created
