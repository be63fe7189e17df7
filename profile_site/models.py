"""The person: their homepage, their profile, and the dated entries of a CV."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from markdownx.widgets import MarkdownxWidget
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Orderable, Page, RevisionMixin
from wagtail.search import index

from core import renditions
from core.anchors import section_anchor
from core.dates import PRECISION_CHOICES, Precision, format_span, iso_span
from core.markdown import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from core.names import is_owner_name
from core.validators import plain_text_errors, reject_bidi_controls, web_url

from .blocks import HomeSectionsBlock, NavLinkBlock, ProfileLinkBlock
from .links import LINK_KINDS, profile_url

MARKDOWN_HELP = "Markdown: **bold**, *italic*, [link text](https://…). The preview shows what visitors see."
MARKDOWN_VALIDATORS = [MaxLengthValidator(MARKDOWN_MAX_LENGTH)]


def markdown_panel(field_name: str, **kwargs: Any) -> FieldPanel:
    """A markdown field edited with the live-preview editor."""
    return FieldPanel(field_name, widget=MarkdownxWidget, **kwargs)


# ---------------------------------------------------------------------------
# Dates with precision
# ---------------------------------------------------------------------------


class DatedMixin(models.Model):
    """A date written to the year, month or day, like the owner wrote it."""

    date = models.DateField(
        null=True,
        blank=True,
        help_text="Pick any day in the month or year when the precision is coarser.",
    )
    date_precision = models.CharField(
        "shown as",
        max_length=5,
        choices=PRECISION_CHOICES,
        default=Precision.MONTH,
        help_text="Year: 2025 · Month: 2025.08 · Day: 2025.08.03",
    )

    class Meta:
        abstract = True

    @property
    def date_display(self) -> str:
        return format_span(self.date, None, self.date_precision)

    @property
    def date_iso(self) -> str:
        return iso_span(self.date, self.date_precision)


class DateRangeMixin(DatedMixin):
    """A date or a range of dates, open-ended ("2023.09 - Now") when ongoing."""

    end_date = models.DateField(null=True, blank=True, help_text="Leave empty for a single date.")
    ongoing = models.BooleanField(
        "until now", default=False, help_text='Shown as "… - Now" (still studying, still working there).'
    )

    date_panels = [
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("end_date"), FieldPanel("date_precision"), FieldPanel("ongoing")],
            heading="Dates",
        )
    ]

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.end_date and not self.date:
            errors["end_date"] = "An end date needs a start date."
        if self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = "The end date is before the start date."
        if self.ongoing and self.end_date:
            errors["ongoing"] = 'Either an end date or "until now", not both.'
        if self.ongoing and not self.date:
            errors["ongoing"] = '"Until now" needs a start date.'
        if errors:
            raise ValidationError(errors)

    @property
    def date_display(self) -> str:
        return format_span(self.date, self.end_date, self.date_precision, self.ongoing)


# ---------------------------------------------------------------------------
# CV entries: education, honors & awards, talks, experience
# ---------------------------------------------------------------------------


class Entry(DraftStateMixin, RevisionMixin, DateRangeMixin, Orderable):
    """One dated line of the homepage (``2023.09 - Now, Graduate student at …``).

    Entries have drafts and revisions like pages, so a line imported from a
    commented-out section waits, unpublished, until the owner publishes it.
    """

    text = models.TextField(help_text=MARKDOWN_HELP, validators=MARKDOWN_VALIDATORS)
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="%(class)s",
    )

    panels = [*DateRangeMixin.date_panels, markdown_panel("text"), PublishingPanel()]
    search_fields = [index.SearchField("text")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return f"{self.date_display} {first_line}".strip()[:120]


class EducationEntry(Entry):
    class Meta(Entry.Meta):
        verbose_name = "education entry"
        verbose_name_plural = "education"


class AwardEntry(Entry):
    class Meta(Entry.Meta):
        verbose_name = "honor or award"
        verbose_name_plural = "honors and awards"


class TalkEntry(Entry):
    class Meta(Entry.Meta):
        verbose_name = "invited talk"
        verbose_name_plural = "invited talks"


class ExperienceEntry(Entry):
    class Meta(Entry.Meta):
        verbose_name = "experience or internship"
        verbose_name_plural = "experience and internships"


# ---------------------------------------------------------------------------
# The profile (a site setting)
# ---------------------------------------------------------------------------


@register_setting(icon="user")
class ProfileSettings(BaseSiteSetting):
    """Who the homepage is about: the sidebar, the page title, the search-engine tags."""

    name = models.CharField(
        max_length=200,
        validators=[reject_bidi_controls],
        help_text='Shown in the sidebar and the page title ("<name> - Homepage").',
    )
    native_name = models.CharField(
        "native-script name",
        max_length=200,
        blank=True,
        validators=[reject_bidi_controls],
        help_text="Your name in your own script, e.g. 盘卓实.",
    )
    name_variants = models.TextField(
        blank=True,
        help_text="Other ways papers print your name, one per line (Z. Pan, Pan, Zhuoshi, 盘卓实). "
        "Matching authors are shown in bold when papers are imported or added by DOI/arXiv.",
    )
    pronouns = models.CharField(max_length=50, blank=True)
    avatar = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.CharField(max_length=300, blank=True, help_text="One or two lines under your name.")
    location = models.CharField(max_length=200, blank=True, help_text="e.g. Beijing, China")
    employer = models.CharField("employer or affiliation", max_length=200, blank=True)
    email = models.EmailField(blank=True, help_text="Shown in a form that simple address harvesters cannot read.")
    website = models.URLField(blank=True, validators=[web_url])
    cv = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="CV",
    )
    links = StreamField(
        [("link", ProfileLinkBlock())],
        blank=True,
        help_text="Icon links in the sidebar, in this order.",
    )
    google_scholar_id = models.CharField(
        max_length=50, blank=True, help_text="The user=… part of your Google Scholar profile URL."
    )
    site_title = models.CharField(
        max_length=100,
        blank=True,
        validators=[reject_bidi_controls],
        help_text='Top-left of the navigation; defaults to "Homepage".',
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences search engines and link previews show under your name.",
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The small icon of the browser tab; a square image works best.",
    )
    nav_links = StreamField(
        [("link", NavLinkBlock())],
        blank=True,
        verbose_name="extra navigation links",
        help_text="Added after the sections in the top navigation, e.g. your blog or CV page.",
    )
    google_site_verification = models.CharField(max_length=100, blank=True)
    bing_site_verification = models.CharField(max_length=100, blank=True)
    baidu_site_verification = models.CharField(max_length=100, blank=True)
    analytics_id = models.CharField(
        "Google Analytics id",
        max_length=50,
        blank=True,
        help_text="Off when empty (the default): a page view then makes no request to any third party.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("native_name"), FieldPanel("pronouns")]),
                FieldPanel("name_variants"),
                FieldPanel("avatar"),
                FieldPanel("bio"),
                FieldRowPanel([FieldPanel("location"), FieldPanel("employer")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
                FieldPanel("cv"),
            ],
            heading="You",
        ),
        FieldPanel("links"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("site_title"), FieldPanel("favicon")]), FieldPanel("nav_links")],
            heading="Site",
        ),
        MultiFieldPanel(
            [
                FieldPanel("description"),
                FieldPanel("google_scholar_id"),
                FieldPanel("google_site_verification"),
                FieldPanel("bing_site_verification"),
                FieldPanel("baidu_site_verification"),
                FieldPanel("analytics_id"),
            ],
            heading="Search engines",
        ),
    ]

    select_related = ["avatar", "cv", "favicon"]

    class Meta:
        verbose_name = "profile"

    @classmethod
    def base_queryset(cls) -> models.QuerySet:
        """With the avatar's and favicon's renditions: every page shows them, in the sidebar and the head."""
        return (
            super()
            .base_queryset()
            .prefetch_related(
                renditions.prefetch_renditions("avatar", renditions.AVATAR),
                renditions.prefetch_renditions("favicon", renditions.FAVICON),
            )
        )

    @property
    def display_title(self) -> str:
        return self.site_title or "Homepage"

    @property
    def owner_names(self) -> list[str]:
        """Every way the owner's name may appear in an author list."""
        variants = [line.strip() for line in self.name_variants.splitlines() if line.strip()]
        return [name for name in (self.name, self.native_name, *variants) if name]

    def is_owner(self, author_name: str) -> bool:
        return is_owner_name(author_name, self.owner_names)

    @property
    def initials(self) -> str:
        """Shown in a circle until the owner uploads an avatar."""
        return "".join(part[0] for part in self.name.split()[:2]).upper()

    @property
    def page_title(self) -> str:
        return f"{self.name} - Homepage" if self.name else self.display_title

    @property
    def resolved_links(self) -> list[dict[str, str]]:
        """Each link with its URL, label and icon, ready for the sidebar."""
        resolved = []
        for block in self.links:
            kind = LINK_KINDS.get(block.value["kind"])
            url = profile_url(block.value["kind"], block.value["value"]) if kind else ""
            if url:
                resolved.append({"url": url, "label": block.value.get("label") or kind.label, "icon": kind.icon})
        if self.google_scholar_id and not any(link["icon"] == "googlescholar" for link in resolved):
            resolved.append(
                {
                    "url": profile_url("google_scholar", self.google_scholar_id),
                    "label": "Google Scholar",
                    "icon": "googlescholar",
                }
            )
        return resolved


# ---------------------------------------------------------------------------
# The homepage
# ---------------------------------------------------------------------------


@dataclass
class RenderedSection:
    """A section block with what it will show; sections with nothing to show are left out."""

    block: Any  # StreamChild
    content: Any

    @property
    def anchor(self) -> str:
        return self.block.value["anchor"]

    @property
    def nav_label(self) -> str:
        return self.block.value["title"]


class HomePage(Page):
    """The one page visitors come for: about text, then the sections the owner orders."""

    about = models.TextField(
        blank=True,
        validators=MARKDOWN_VALIDATORS,
        help_text="The introduction at the top of the page. " + MARKDOWN_HELP,
    )
    sections = StreamField(
        HomeSectionsBlock(),
        blank=True,
        help_text="The page's sections, in order. The top navigation is built from them.",
    )

    content_panels = [*Page.content_panels, markdown_panel("about"), FieldPanel("sections")]
    search_fields = [*Page.search_fields, index.SearchField("about")]

    template = "pages/home_page.html"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["publications.PublicationIndexPage"]

    class Meta:
        verbose_name = "homepage"

    def clean(self) -> None:
        super().clean()
        if errors := plain_text_errors(self, "title", "seo_title"):
            raise ValidationError(errors)
        self.stamp_section_anchors()

    def stamp_section_anchors(self) -> None:
        """Give each new section its AcadHomepage-style anchor, once, and keep it unique.

        The anchor is stored, not derived on every render: renaming a section
        later must not break links people already shared.
        """
        seen: set[str] = set()
        for child in self.sections:
            anchor = child.value.get("anchor") or section_anchor(
                f"{child.value.get('emoji', '')} {child.value['title']}"
            )
            anchor = anchor or child.block_type
            unique, suffix = anchor, 1
            while unique in seen:
                unique, suffix = f"{anchor}-{suffix}", suffix + 1
            child.value["anchor"] = unique
            seen.add(unique)

    @cached_property
    def rendered_sections(self) -> list[RenderedSection]:
        rendered = []
        for child in self.sections:
            if not child.value.get("visible", True):
                continue
            content = child.block.get_content(child.value, page=self)
            if content:
                rendered.append(RenderedSection(block=child, content=content))
        return rendered

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.rendered_sections
        context["canonical_url"] = self.get_full_url(request)
        return context

    def get_sitemap_urls(self, request=None):
        """The homepage, and beside it the news archive (a view, not a page), as fresh as its newest item."""
        urls = super().get_sitemap_urls(request)
        if home_url := self.get_full_url(request):
            news_item = apps.get_model("news", "NewsItem")
            latest = news_item.objects.filter(live=True).aggregate(latest=models.Max("last_published_at"))["latest"]
            urls.append({"location": urljoin(home_url, reverse("news_archive")), "lastmod": latest})
        return urls
