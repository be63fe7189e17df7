"""Purging a CDN in front of the site (``WAGTAILFRONTENDCACHE``) after every committed change.

The page cache (``serving/page_cache.py``) empties itself on any change to the
content and says so with ``content_changed``; a CDN keeps its copies until told,
so every public address of every site is purged then: the ones the static export
writes (``public_addresses.py``), whether or not a page links to them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from wagtail.models import Site

from operations.public_addresses import public_paths

logger = logging.getLogger(__name__)


def public_urls() -> list[str]:
    """Every public address a CDN may hold, on every site."""
    return [site.root_url + path for site in Site.objects.all() for path in public_paths(site)]


def purge_frontend_cache(sender=None, **kwargs) -> None:
    """Ask the configured CDN to drop every public URL of the site (a ``content_changed`` receiver)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(public_urls())
    except Exception:  # the CDN being down must not fail the editor's publish
        logger.exception("Could not purge the front-end cache")
