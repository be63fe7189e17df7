"""News: short dated announcements, with drafts, revisions and scheduled publishing."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PublishingPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from core.fields import MARKDOWN_HELP, MARKDOWN_VALIDATORS, DatedMixin, markdown_panel
from core.markdown import render_markdown


class NewsItem(DraftStateMixin, RevisionMixin, PreviewableMixin, DatedMixin, index.Indexed, models.Model):
    """One line of the News section ("2025.08: One paper … accepted by EMNLP'25").

    Scheduling (go-live at) lets the owner prepare news of an accepted paper
    and have it appear the day the embargo lifts.
    """

    date = models.DateField(help_text="Pick any day in the month when it is shown by month.")
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

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")], heading="Date"),
        markdown_panel("text"),
        FieldPanel("publication"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("live")]

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = "news item"

    def __str__(self) -> str:
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return f"{self.date_display}: {first_line}"[:120]

    @property
    def html(self) -> str:
        return render_markdown(self.text, inline="\n\n" not in self.text.strip())

    def get_preview_template(self, request, mode_name):
        return "components/news_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["item"] = self
        return context
