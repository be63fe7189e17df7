"""The page tree every import needs: one HomePage served by the default Site,
and the publications index under it, created on an empty, freshly migrated database."""

from __future__ import annotations

from wagtail.models import Page, Site

from profile_site.models import HomePage


def ensure_homepage() -> tuple[HomePage, Site, bool]:
    """The one HomePage and the Site serving it; ``True`` when the homepage was created."""
    home = HomePage.objects.first()
    created = home is None
    if created:
        root = Page.get_first_root_node()
        slug = "homepage" if root.get_children().filter(slug="home").exists() else "home"
        home = root.add_child(instance=HomePage(title="Home", slug=slug, live=False))
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Homepage")
        previous_root = site.root_page if site.pk else None
        site.root_page = home
        site.save()
        if previous_root and previous_root.specific_class is Page and not previous_root.get_children().exists():
            previous_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder
    return home, site, created


def ensure_publication_index(home: HomePage):
    """``/publications/`` under the homepage, published."""
    from publications.models import PublicationIndexPage

    index = PublicationIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
        index.save_revision().publish()
    return index
