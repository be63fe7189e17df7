"""The homepage: the about text, then the sections the owner orders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.anchors import section_anchor
from core.fields import MARKDOWN_HELP, MARKDOWN_VALIDATORS, markdown_panel
from core.seo import SeoMixin, shorten
from core.validators import plain_text_errors
from homepage.blocks import HomeSectionsBlock


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


class HomePage(SeoMixin, Page):
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
    description_field = "about"
    opengraph_type = "profile"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["publications.PublicationIndexPage", "news.NewsIndexPage"]

    class Meta:
        verbose_name = "homepage"

    def clean(self) -> None:
        super().clean()
        if errors := plain_text_errors(self, "title", "seo_title"):
            raise ValidationError(errors)
        self.stamp_section_anchors()

    def seo_description(self, profile: Any) -> str:
        """The profile's description (written for search engines) comes before the about text."""
        return self.search_description or profile.description or shorten(self.seo_text())

    def stamp_section_anchors(self) -> None:
        """Give each new section its AcadHomepage-style anchor, once, and keep it unique.

        The anchor is stored, not derived on every render: renaming a section
        later must not break links people already shared.
        """
        seen: set[str] = set()
        next_suffix: dict[str, int] = {}  # per anchor, where to go on counting: n equal titles cost n steps, not n²
        for child in self.sections:
            anchor = child.value.get("anchor") or section_anchor(
                f"{child.value.get('emoji', '')} {child.value['title']}"
            )
            anchor = anchor or child.block_type
            unique, suffix = anchor, next_suffix.get(anchor, 1)
            while unique in seen:
                unique, suffix = f"{anchor}-{suffix}", suffix + 1
            next_suffix[anchor] = suffix
            child.value["anchor"] = unique
            seen.add(unique)

    @cached_property
    def rendered_sections(self) -> list[RenderedSection]:
        rendered = []
        for child in self.sections:
            if not child.value.get("visible", True):
                continue
            content = child.block.get_content(child.value, page=self)
            # A list with nothing in it still shows the text under it; a free-text section, its title.
            if content or child.block.shows_note(child.value) or child.block.shown_empty:
                rendered.append(RenderedSection(block=child, content=content))
        return rendered

    def navigation(self) -> list[tuple[str, str]]:
        """(anchor, title) of each section the page shows, for the navigation of every page: on the
        homepage from the sections it renders, elsewhere without rendering them."""
        if "rendered_sections" in self.__dict__:
            return [
                (section.anchor, section.nav_label)
                for section in self.rendered_sections
                if section.block.block.in_navigation(section.block.value)
            ]
        return [
            (child.value["anchor"], child.value["title"])
            for child in self.sections
            if child.value.get("visible", True)
            and child.block.in_navigation(child.value)
            and child.block.shows_anything(child.value, page=self)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.rendered_sections
        context["canonical_url"] = self.get_full_url(request)
        return context
