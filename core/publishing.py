"""Publishing a page or snippet as it is now, in one step.

``obj.save_revision().publish()`` reads the revision it has just written back into a second copy of the object
(its child rows included), validates and saves that copy, and looks for earlier revisions, scheduled dates,
comments and aliases. For an object that has never had a revision, none of that can apply, and an import
publishes dozens of those at once: for each paper page the publish machinery was most of its cost (measured
with cProfile: 1.1 s of a 3.4 s import of 20 papers). :func:`publish` leaves such an object in the state
Wagtail's ``publish()`` leaves it in (live, one revision both the latest and the live one, the publish in its
history, the same signals sent) without the second copy; any other object is published by Wagtail itself.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signals import page_published, published

PUBLISHING_FIELDS = ["live", "has_unpublished_changes", "expired", "first_published_at", "last_published_at"]


def publish(obj: Any, *, user: Any = None, clean: bool = True, saved: bool = False) -> Revision:
    """Save a revision of ``obj`` (a saved page or snippet with draft state and revisions) as it is in memory
    and publish it; ``clean`` validates it first, as ``save_revision`` does. ``saved``: nothing was changed
    since ``obj`` was saved (added a moment ago), so only what publishing changes is written."""
    if obj.pk is None:
        raise ValueError(f"{obj!r} is not saved: save (or add) it first")
    if obj.latest_revision_id or obj.live_revision_id or obj.go_live_at or getattr(obj, "alias_of_id", None):
        revision = obj.save_revision(user=user, log_action=user is not None, clean=clean)
        revision.publish(user=user)
        return revision
    now = timezone.now()
    obj.live, obj.has_unpublished_changes, obj.expired = True, False, False
    obj.first_published_at = obj.first_published_at or now
    obj.last_published_at = now
    revision = obj.save_revision(user=user, changed=False, clean=clean)
    obj.live_revision = revision
    fields = [*PUBLISHING_FIELDS, "live_revision"] if saved else None  # else every field, as the revision has them
    if isinstance(obj, Page):
        obj.save(update_fields=fields, clean=False)
    else:
        obj.save(update_fields=fields)
    log(instance=obj, action="wagtail.publish", user=user, revision=revision, content_changed=True)
    if isinstance(obj, Page):
        page_published.send(sender=obj.specific_class, instance=obj, revision=revision)
    published.send(sender=type(obj), instance=obj, revision=revision)
    return revision
