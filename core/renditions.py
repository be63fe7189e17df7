"""The renditions each template shows, so a page fetches them together with their images.

Unless they are prefetched, Wagtail looks renditions up one image at a time: a homepage with
two hundred paper boxes would make two hundred queries. Each list names every filter spec its
template asks for; a spec left out costs one query per image again, so keep each in step with
the ``{% picture %}`` and ``{% image %}`` tags named beside it (tests/test_query_budget.py counts).
"""

from __future__ import annotations

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

SHARE_IMAGE = "max-1200x1200"  # link previews and schema.org: profile_site/seo.py
IMAGE_IN_MARKDOWN = "max-1200x1200"  # an image dropped into a markdown field: profile_site/views.py
PAPER_BOX = Filter.expand_spec("format-{avif,webp,png} width-{400,800}")  # components/paper_box.html
PUBLICATION_FIGURE = [
    *Filter.expand_spec("format-{avif,webp,png} width-{400,800,1200}"),  # pages/publication_page.html
    "width-1200",  # PublicationPage.get_context: the figure in schema.org
    SHARE_IMAGE,
]
AVATAR = [
    *Filter.expand_spec("format-{avif,webp,jpeg} fill-{128x128,192x192,352x352}"),  # components/sidebar.html
    SHARE_IMAGE,
]
FAVICON = ["fill-32x32|format-png", "fill-180x180|format-png"]  # base.html


def prefetch_renditions(lookup: str, specs: list[str]) -> Prefetch:
    """``ImageQuerySet.prefetch_renditions(*specs)`` for the images behind ``lookup``, a foreign key
    (or a path to one), whether those images are selected with the objects or fetched on their own."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return Prefetch(f"{lookup}__renditions", queryset=renditions, to_attr="prefetched_renditions")
