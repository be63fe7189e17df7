"""The person: their profile (a site setting) and the dated entries of their CV."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index

from core import renditions
from core.fields import MARKDOWN_HELP, MARKDOWN_VALIDATORS, DateRangeMixin, OwnersOrderMixin, markdown_panel
from core.names import is_owner_name
from core.seo import list_label
from core.sites import default_site
from core.validators import reject_bidi_controls, web_url

from .blocks import NavLinkBlock, ProfileLinkBlock
from .links import LINK_KINDS, profile_url

# ---------------------------------------------------------------------------
# CV entries: education, honors & awards, talks, experience; teaching, service, students, grants, skills
# ---------------------------------------------------------------------------


class Entry(OwnersOrderMixin, DraftStateMixin, RevisionMixin, DateRangeMixin, Orderable):
    """One dated line of the homepage (``2023.09 - Now, Graduate student at …``).

    Entries have drafts and revisions like pages, so a line imported from a
    commented-out section waits, unpublished, until the owner publishes it.
    """

    text = models.TextField(help_text=MARKDOWN_HELP, validators=MARKDOWN_VALIDATORS)
    group = models.CharField(
        max_length=100,
        blank=True,
        validators=[reject_bidi_controls],
        help_text='Optional: a sub-heading the line is listed under ("Scholarships"), with the lines next to it '
        "that have the same one.",
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="%(class)s",
    )

    panels = [*DateRangeMixin.date_panels, markdown_panel("text"), FieldPanel("group"), PublishingPanel()]
    search_fields = [index.SearchField("text")]
    headline = ""  # the facts of a StructuredEntry, shown before its text
    talk_links: tuple[tuple[str, str], ...] = ()

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return list_label(self.date_display, self.text)


class EducationEntry(Entry):
    class Meta(Entry.Meta):
        verbose_name = "education entry"
        verbose_name_plural = "education"


class AwardEntry(Entry):
    class Meta(Entry.Meta):
        verbose_name = "honor or award"
        verbose_name_plural = "honors and awards"


class TalkEntry(Entry):
    event_url = models.URLField("event link", blank=True, validators=[web_url])
    slides_url = models.URLField("slides", blank=True, validators=[web_url])
    video_url = models.URLField("video", blank=True, validators=[web_url])

    panels = [
        *DateRangeMixin.date_panels,
        markdown_panel("text"),
        FieldRowPanel([FieldPanel("event_url"), FieldPanel("slides_url"), FieldPanel("video_url")]),
        FieldPanel("group"),
        PublishingPanel(),
    ]

    @property
    def talk_links(self) -> list[tuple[str, str]]:
        return [(label, url) for label, url in (("event", self.event_url), ("slides", self.slides_url),
                                                ("video", self.video_url)) if url]  # fmt: skip

    class Meta(Entry.Meta):
        verbose_name = "invited talk"
        verbose_name_plural = "invited talks"


class ExperienceEntry(Entry):
    class Meta(Entry.Meta):
        verbose_name = "experience or internship"
        verbose_name_plural = "experience and internships"


class StructuredEntry(Entry):
    """An entry whose main facts are fields of their own (course, role, venue…), the text adding details.

    The facts make the entry's headline, in ``headline_fields`` order; the homepage,
    the CV page, the PDF and JSON Resume all read them from here.
    """

    text = models.TextField(blank=True, help_text="Details, optional. " + MARKDOWN_HELP, validators=MARKDOWN_VALIDATORS)
    headline_fields: tuple[str, ...] = ()

    class Meta(Entry.Meta):
        abstract = True

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.search_fields = [index.SearchField(name) for name in ("text", *cls.headline_fields)]

    @property
    def headline(self) -> str:
        return ", ".join(value for name in self.headline_fields if (value := getattr(self, name, "").strip()))

    def clean(self) -> None:
        super().clean()
        if not self.headline and not self.text.strip():
            raise ValidationError("Fill in at least one of the fields, or the text.")

    def __str__(self) -> str:
        return list_label(self.date_display, self.headline or self.text)


def _plain(name: str, max_length: int = 200, **options) -> models.CharField:
    return models.CharField(name, max_length=max_length, blank=True, validators=[reject_bidi_controls], **options)


class TeachingEntry(StructuredEntry):
    role = _plain("role", help_text="e.g. Instructor, Teaching assistant, Guest lecturer")
    course = _plain("course", help_text="e.g. CS 224N: Natural Language Processing")
    institution = _plain("institution")
    headline_fields = ("role", "course", "institution")

    panels = [
        FieldRowPanel([FieldPanel("role"), FieldPanel("course")]),
        FieldPanel("institution"),
        *DateRangeMixin.date_panels,
        markdown_panel("text"),
        FieldPanel("group"),
        PublishingPanel(),
    ]

    class Meta(StructuredEntry.Meta):
        verbose_name = "teaching"
        verbose_name_plural = "teaching"


class ServiceEntry(StructuredEntry):
    KINDS = [
        ("reviewing", "Reviewing"),
        ("committee", "Committee"),
        ("organising", "Organising"),
        ("editorial", "Editorial"),
        ("other", "Other service"),
    ]
    kind = models.CharField(max_length=20, choices=KINDS, default="reviewing")
    role = _plain("role", help_text="e.g. Reviewer, Area chair, Program committee member")
    venue = _plain("venue or body", help_text="e.g. NeurIPS 2025, ACL Rolling Review, a hiring committee")
    headline_fields = ("role", "venue")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("role")]),
        FieldPanel("venue"),
        *DateRangeMixin.date_panels,
        markdown_panel("text"),
        FieldPanel("group"),
        PublishingPanel(),
    ]

    class Meta(StructuredEntry.Meta):
        verbose_name = "service"
        verbose_name_plural = "service"


class StudentEntry(StructuredEntry):
    name = _plain("student's name")
    level = _plain("level", max_length=100, help_text="e.g. PhD, MSc, BSc thesis, Intern")
    role = _plain("your role", max_length=100, help_text="e.g. Advisor, Co-advisor, Mentor")
    outcome = _plain("afterwards", help_text="e.g. now at Google DeepMind")
    headline_fields = ("name", "level", "role", "outcome")

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("outcome")]),
        *DateRangeMixin.date_panels,
        markdown_panel("text"),
        FieldPanel("group"),
        PublishingPanel(),
    ]

    class Meta(StructuredEntry.Meta):
        verbose_name = "student or mentee"
        verbose_name_plural = "students and mentoring"


class GrantEntry(StructuredEntry):
    title = _plain("title", max_length=300)
    funder = _plain("funder", help_text="e.g. National Science Foundation")
    amount = _plain("amount", max_length=100, help_text="As you want it shown, e.g. $500,000")
    role = _plain("your role", max_length=100, help_text="e.g. PI, Co-PI")
    headline_fields = ("title", "funder", "amount", "role")

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("funder"), FieldPanel("amount"), FieldPanel("role")]),
        *DateRangeMixin.date_panels,
        markdown_panel("text"),
        FieldPanel("group"),
        PublishingPanel(),
    ]

    class Meta(StructuredEntry.Meta):
        verbose_name = "grant or funding"
        verbose_name_plural = "grants and funding"


class SkillEntry(StructuredEntry):
    KINDS = [("skill", "Skill"), ("language", "Language")]
    kind = models.CharField(max_length=10, choices=KINDS, default="skill")
    name = _plain("name", help_text="A skill area (e.g. Programming) or a language (e.g. Mandarin)")
    level = _plain("level", max_length=100, help_text="e.g. Native, Fluent, Advanced")
    keywords = _plain("keywords", max_length=300, help_text="For a skill: comma-separated, e.g. Python, PyTorch, CUDA")
    headline_fields = ("name", "level")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name"), FieldPanel("level")]),
        FieldPanel("keywords"),
        markdown_panel("text"),
        FieldPanel("group"),
        PublishingPanel(),
    ]

    class Meta(StructuredEntry.Meta):
        verbose_name = "skill or language"
        verbose_name_plural = "skills and languages"

    @property
    def headline(self) -> str:
        head = super().headline
        return f"{head}: {self.keywords.strip()}" if self.keywords.strip() else head

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


# Each kind of entry by the name the homepage's sections, the CV and the importers give it.
ENTRY_KINDS: dict[str, type[Entry]] = {
    "education": EducationEntry,
    "experience": ExperienceEntry,
    "honors": AwardEntry,
    "grants": GrantEntry,
    "talks": TalkEntry,
    "teaching": TeachingEntry,
    "students": StudentEntry,
    "service": ServiceEntry,
    "skills": SkillEntry,
}


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
    bio = models.CharField(
        max_length=1000, blank=True, help_text="One or two lines under your name (a longer paragraph fits too)."
    )
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
    and_before_last_author = models.BooleanField(
        "“and” before the last author",
        default=False,
        help_text="Author lists read “A, B, and C” (“A and B” for two) rather than “A, B, C”.",
    )
    bibtex_link = models.CharField(
        "BibTeX link on each paper",
        max_length=30,
        blank=True,
        validators=[reject_bidi_controls],
        help_text="The words of a link beside each paper to its BibTeX entry, e.g. “BibTeX” or “Bib”; "
        "no such link when empty (each paper's own page shows its entry either way).",
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
        help_text="One or two sentences under your name in the sidebar, as AcadHomepage's site description was; "
        "search engines and link previews show them too.",
    )
    sidebar_note = models.TextField(
        "note in the sidebar",
        max_length=1000,
        blank=True,
        validators=[reject_bidi_controls],
        help_text="A few lines under your details in the sidebar, e.g. that you are looking for a PhD position. "
        "Markdown: **bold**, [link text](https://…).",
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
                FieldPanel("bio", widget=forms.Textarea(attrs={"rows": 3})),
                FieldRowPanel([FieldPanel("location"), FieldPanel("employer")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
                FieldPanel("cv"),
                FieldPanel("sidebar_note", widget=forms.Textarea(attrs={"rows": 3})),
            ],
            heading="You",
        ),
        FieldPanel("links"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("site_title"), FieldPanel("favicon")]),
                FieldPanel("nav_links"),
                FieldPanel("and_before_last_author"),
                FieldPanel("bibtex_link"),
            ],
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

    @classmethod
    def for_default_site(cls) -> ProfileSettings | None:
        """The profile of the default site (commands, imports and renderings without a request), None before
        there is a site."""
        site = default_site()
        return cls.for_site(site) if site else None

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
