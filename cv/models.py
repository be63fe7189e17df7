"""What the owner decides about the CV: its sections and their order, the PDF in the sidebar, selected papers."""

from __future__ import annotations

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

SECTIONS = [
    ("education", "Education"),
    ("experience", "Employment and experience"),
    ("honors", "Honors and awards"),
    ("grants", "Grants and funding"),
    ("publications", "Publications"),
    ("talks", "Invited talks"),
    ("teaching", "Teaching"),
    ("students", "Students and mentoring"),
    ("service", "Service"),
    ("skills", "Skills and languages"),
]
SECTION_TITLES = dict(SECTIONS)
PAPER_SIZES = [("a4", "A4"), ("us-letter", "US Letter")]


class CVSectionBlock(blocks.StructBlock):
    section = blocks.ChoiceBlock(choices=SECTIONS)
    title = blocks.CharBlock(required=False, max_length=100, help_text="Empty: the section's usual name.")

    class Meta:
        icon = "list-ul"
        label = "Section"


def default_sections() -> list[dict]:
    return [{"type": "section", "value": {"section": key, "title": ""}} for key, _ in SECTIONS]


@register_setting(icon="doc-full")
class CVSettings(BaseSiteSetting):
    """The CV at /cv/, /cv.pdf and /cv.json, made from the entries and papers the homepage shows."""

    sections = StreamField(
        [("section", CVSectionBlock())],
        blank=True,
        default=default_sections,
        help_text="The CV's sections after your name, in this order; a section with nothing published is left out.",
    )
    selected_publications_only = models.BooleanField(
        "featured papers only",
        default=False,
        help_text="List only the papers marked Featured (the homepage's paper boxes) instead of all.",
    )
    paper_size = models.CharField("PDF paper size", max_length=10, choices=PAPER_SIZES, default="a4")
    in_navigation = models.BooleanField("CV in the navigation", default=True)
    pdf_in_sidebar = models.BooleanField(
        '"CV (PDF)" in the sidebar',
        default=False,
        help_text="A link to /cv.pdf with your profile links (in place of a CV document uploaded under Profile).",
    )

    panels = [
        FieldPanel("sections"),
        FieldRowPanel([FieldPanel("selected_publications_only"), FieldPanel("paper_size")]),
        FieldRowPanel([FieldPanel("in_navigation"), FieldPanel("pdf_in_sidebar")]),
    ]

    class Meta:
        verbose_name = "CV"

    @property
    def section_order(self) -> list[tuple[str, str]]:
        """(key, title) of each section, in the owner's order, each once."""
        seen: set[str] = set()
        order = []
        for block in self.sections:
            key = block.value["section"]
            if key in SECTION_TITLES and key not in seen:
                seen.add(key)
                order.append((key, block.value["title"] or SECTION_TITLES[key]))
        return order
