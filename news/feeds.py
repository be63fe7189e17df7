"""An Atom feed of the news, for feed readers (linked from every page's head)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, Protocol

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed

from core.seo import absolute_url, plain_text, shorten
from profile_site.models import ProfileSettings
from publications.models import PublicationPage

FEED_LENGTH = 50
# Characters XML 1.0 cannot carry (a vertical tab pasted from a PDF, say): Django's feed
# writer refuses the whole feed over one of them, so they are left out of every text in it.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


def xml_text(value: object) -> object:
    return NOT_IN_XML.sub("", value) if isinstance(value, str) else value


class NewsArchive(Protocol):
    """What the feed asks of the news page (``NewsIndexPage``, news/models.py, which serves the feed: named here,
    not imported, so that the two modules import each other one way only)."""

    title: str

    def get_full_url(self, request: HttpRequest | None = None) -> str | None: ...

    def feed_url(self) -> str: ...

    def published_news(self) -> QuerySet[Any]: ...


@dataclass
class FeedSource:
    request: HttpRequest
    profile: ProfileSettings
    page: NewsArchive

    @property
    def archive_url(self) -> str:
        return self.page.get_full_url(self.request) or ""


class NewsFeed(Feed):
    """Published news, newest first; each entry links to the paper it is about, else to the archive.

    Served by the news page's route (news/models.py), which gives it the page: the feed asks the page for its
    news (``published_news``), and each item is a ``NewsItem``.
    """

    feed_type = Atom1Feed

    def get_feed(self, obj: FeedSource, request: HttpRequest) -> SyndicationFeed:
        """The feed with every text in it, the feed's own and each entry's, fit for XML."""
        feed = super().get_feed(obj, request)
        feed.feed = {key: xml_text(value) for key, value in feed.feed.items()}
        feed.items = [{key: xml_text(value) for key, value in item.items()} for item in feed.items]
        return feed

    def get_object(self, request: HttpRequest, page: NewsArchive) -> FeedSource:
        return FeedSource(request, ProfileSettings.for_request(request), page)

    def title(self, obj: FeedSource) -> str:
        return f"{obj.profile.name} - {obj.page.title}" if obj.profile.name else obj.page.title

    def subtitle(self, obj: FeedSource) -> str | None:
        return obj.profile.description or None

    def link(self, obj: FeedSource) -> str:
        return obj.archive_url

    def feed_url(self, obj: FeedSource) -> str:
        return absolute_url(obj.request, obj.page.feed_url())

    def author_name(self, obj: FeedSource) -> str:
        return obj.profile.name

    def author_link(self, obj: FeedSource) -> str:
        return absolute_url(obj.request, "/")

    def items(self, obj: FeedSource) -> list[Any]:
        """Each item with its URLs; the feed object serves every request, so nothing is kept on it."""
        request, archive_url = obj.request, obj.archive_url
        items = list(obj.page.published_news().select_related("publication")[:FEED_LENGTH])
        # A paper only signed-in users (or holders of a password) may see is not linked: its address would tell.
        cited = {item.publication_id for item in items if item.publication_id}
        public = set(PublicationPage.objects.live().public().filter(pk__in=cited).values_list("pk", flat=True))
        ids = absolute_url(request, "/news/")
        for item in items:
            item.archive_url = f"{archive_url}#news-{item.pk}"
            item.atom_id = f"{ids}#news-{item.pk}"
            publication = item.publication if item.publication_id in public else None
            item.feed_link = publication.get_full_url(request) if publication else item.archive_url
        return items

    def item_title(self, item: Any) -> str:
        return shorten(plain_text(item.text), 100)

    def item_description(self, item: Any) -> str:
        return item.html

    def item_link(self, item: Any) -> str:
        return item.feed_link

    def item_guid(self, item: Any) -> str:
        """The entry's Atom id, unique even when two items cite one paper: the item's place in the archive at
        its first address, ``/news/``, kept when the news page's slug changes (a feed reader shows an entry
        whose id changed as new). An id, not a link: the entry's link is its place in the archive now."""
        return item.atom_id

    item_guid_is_permalink = False

    def item_pubdate(self, item: Any) -> datetime:
        return datetime.combine(item.date, time.min, tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item: Any) -> datetime:
        return item.last_published_at or self.item_pubdate(item)
