"""The site a command, an import or a rendering without a request is about: Wagtail's default site."""

from __future__ import annotations

from wagtail.models import Site


def default_site() -> Site | None:
    """The site marked as the default one, or None before there is any (a database only migrated)."""
    return Site.objects.filter(is_default_site=True).first()
