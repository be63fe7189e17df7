"""News: short dated announcements, with drafts, revisions and scheduled publishing."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PublishingPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import DraftStateMixin, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index

from core.fields import MARKDOWN_HELP, MARKDOWN_VALIDATORS, DatedMixin, OwnersOrderMixin, markdown_panel
from core.markdown import render_markdown
from core.publishing import publish
from core.seo import SeoMixin, list_label
from core.validators import plain_text_errors
from news.feeds import NewsFeed


class NewsItem(
    OwnersOrderMixin, DraftStateMixin, RevisionMixin, PreviewableMixin, DatedMixin, index.Indexed, models.Model
):
    """One line of the News section ("2025.08: One paper … accepted by EMNLP'25").

    Scheduling (go-live at) lets the owner prepare news of an accepted paper
    and have it appear the day the embargo lifts.
    """

    date = models.DateField(
        default=timezone.localdate, help_text="Pick any day in the month when it is shown by month."
    )
    text = models.TextField(help_text="Emoji welcome. " + MARKDOWN_HELP, validators=MARKDOWN_VALIDATORS)
    publication = models.ForeignKey(
        "publications.PublicationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
        help_text="Optional: the publication this news is about.",
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="news_item",
    )
    # The homepage lists the news in the owner's order; /news/ and the feed by date.
    sort_order = models.IntegerField(null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")], heading="Date"),
        FieldPanel("date_text"),
        markdown_panel("text"),
        FieldPanel("publication"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("live")]

    class Meta:
        ordering = ["sort_order", "-date", "pk"]
        verbose_name = "news item"

    def __str__(self) -> str:
        return list_label(f"{self.date_display}:", self.text)

    @property
    def html(self) -> str:
        return render_markdown(self.text, inline="\n\n" not in self.text.strip())

    def get_preview_template(self, request, mode_name):
        return "components/news_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["item"] = self
        return context


class NewsIndexPage(RoutablePageMixin, SeoMixin, Page):
    """``/news/``: every published news item, newest first, by year; ``/news/feed/``, the Atom feed of them.

    A page, so that its title, introduction and search description are edited, previewed and
    revised like the others; made with the homepage (``homepage.site_tree``), one per site.
    """

    intro = models.TextField(
        blank=True, help_text="Optional text above the list. " + MARKDOWN_HELP, validators=MARKDOWN_VALIDATORS
    )

    content_panels = [*Page.content_panels, markdown_panel("intro")]

    template = "pages/news_index_page.html"
    description_field = "intro"
    max_count = 1
    parent_page_types = ["homepage.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "news page"

    def clean(self) -> None:
        super().clean()
        if errors := plain_text_errors(self, "title", "seo_title"):
            raise ValidationError(errors)

    @classmethod
    def ensure_under(cls, parent: Page) -> NewsIndexPage:
        """``/news/`` under ``parent`` (the homepage), created and published if missing."""
        news = cls.objects.child_of(parent).first()
        if news is None:
            taken = set(parent.get_children().values_list("slug", flat=True))
            slug = next(slug for slug in ("news", "news-archive", "latest-news") if slug not in taken)
            news = parent.add_child(instance=cls(title="News", slug=slug))
            publish(news, clean=False, saved=True)  # validated as it was added
        return news

    @path("")
    def archive(self, request: HttpRequest) -> HttpResponse:
        """All of it, not only the latest ten of the homepage (a few lines a month stay one short page)."""
        return self.render(request)

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        return NewsFeed()(request, page=self)

    def feed_url(self) -> str:
        return self.url + self.reverse_subpage("feed") if self.url else ""

    def get_route_paths(self) -> list[str]:
        """The addresses a slug change redirects (wagtail.contrib.redirects): the archive's and its feed's,
        which readers subscribed to."""
        return ["/", "/" + self.reverse_subpage("feed")]

    def public_subpaths(self) -> list[str]:
        """Addresses this page answers besides its own, for the static export and the CDN purge."""
        return [self.feed_url()] if self.feed_url() else []

    @staticmethod
    def published_news() -> models.QuerySet[NewsItem]:
        """The archive's and the feed's news: published, newest first."""
        return NewsItem.objects.filter(live=True).order_by("-date", "pk")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = self.published_news()
        context["canonical_url"] = self.get_full_url(request)
        return context

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        """As fresh as the newest published item, not only as the page's own last edit."""
        urls = super().get_sitemap_urls(request)
        latest = NewsItem.objects.filter(live=True).aggregate(latest=models.Max("last_published_at"))["latest"]
        for url in urls:
            if latest and (url.get("lastmod") is None or latest > url["lastmod"]):
                url["lastmod"] = latest
        return urls
