"""The homepage's sections: each knows its title, emoji, anchor and what it shows.

A section with nothing to show (no live entries, an empty text) is left out of
the page and of the navigation, so an imported but unpublished "Invited Talks"
section appears by itself the day its first talk is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Site

from core.blocks import MarkdownBlock
from core.markdown import render_markdown, under_a_section
from core.validators import reject_bidi_controls
from metrics.display import fill_placeholders
from news.models import NewsItem
from profile_site.models import (
    AwardEntry,
    EducationEntry,
    ExperienceEntry,
    GrantEntry,
    ServiceEntry,
    SkillEntry,
    StudentEntry,
    TalkEntry,
    TeachingEntry,
)
from publications import fragments
from publications.models import PublicationIndexPage, PublicationListing, PublicationPage


def _homepage() -> Any:
    """The page these sections are on: the root of a site (the default site first) that has sections; before
    there is one, an empty page, which shows each section as it starts."""
    for site in Site.objects.select_related("root_page").order_by("-is_default_site", "pk"):
        if hasattr(page := site.root_page.specific, "sections"):
            return page
    return SimpleNamespace(title="Preview", about="", sections=[])


class SectionBlock(blocks.StructBlock):
    """What every section has: a title, an optional emoji, a stable anchor."""

    emoji = blocks.CharBlock(required=False, max_length=16, help_text="Shown before the title, e.g. 🔥")
    title = blocks.CharBlock(
        max_length=100,
        validators=[reject_bidi_controls],
        help_text="The heading, also the label in the top navigation.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=100,
        help_text="The #link to this section. Set from the title when the section is created and kept "
        "when you rename it, so shared links keep working. Clear it to set it anew.",
    )
    visible = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Untick to keep the section without showing it (and its link in the navigation).",
    )

    def get_preview_context(self, value: blocks.StructValue, parent_context: dict | None = None) -> dict:
        """The admin's preview of a section (Add section → hover) shows this site's content (its news, its
        papers) as the homepage would, in the site's stylesheet (templates/wagtailcore/shared/block_preview.html)."""
        context = super().get_preview_context(value, parent_context)
        context["content"] = self.get_content(value, page=_homepage())
        return context

    def get_content(self, value: blocks.StructValue, page: Any) -> Any:
        raise NotImplementedError  # each section says what it shows

    shown_empty = False  # whether the section shows its title when it has nothing else to show

    @staticmethod
    def in_navigation(value: blocks.StructValue) -> bool:
        """Whether the navigation links to the section (when it shows anything)."""
        return True

    def shows_anything(self, value: blocks.StructValue, page: Any) -> bool:
        """Whether the section has something to show: the other pages' navigation links to those only."""
        return self.shown_empty or self.shows_note(value) or self.has_items(value, page)

    @staticmethod
    def shows_note(value: blocks.StructValue) -> bool:
        """Whether the text above or under the list shows anything: not when it is all a comment (the text of
        a commented-out list, kept for the owner)."""
        return any(text and render_markdown(text).strip() for text in (value.get("intro"), value.get("note")))

    def has_items(self, value: blocks.StructValue, page: Any) -> bool:
        """Whether its content is not empty; a list section answers with one query, without building its list."""
        return bool(self.get_content(value, page=page))

    class Meta:
        form_classname = "section-block"


class ListSectionBlock(SectionBlock):
    """A section that lists things (news, publications, dated entries), with optional text above and under."""

    intro = MarkdownBlock(
        required=False,
        help_text="Optional text above the list, e.g. what the marks after the authors' names mean.",
    )
    note = MarkdownBlock(
        required=False,
        help_text="Optional text after the list, e.g. a link to your full publication list.",
    )
    fold = blocks.CharBlock(
        required=False,
        default="",
        max_length=120,
        label="Folded under",
        help_text="Show the list folded under these words, opened with a click, e.g. “📌 News (click to expand)”. "
        "Leave empty to show it open.",
    )


class AboutSectionBlock(SectionBlock):
    show_title = blocks.BooleanBlock(
        required=False,
        default=False,
        help_text="Show the title above the about text (it is always the label in the top navigation).",
    )

    def get_content(self, value: blocks.StructValue, page: Any) -> str:
        # Its headings go under its title when the title is shown, else in the title's place; "{citations}" and
        # friends are filled with the stored numbers.
        about = render_markdown(page.about)
        return fill_placeholders(under_a_section(about) if value.get("show_title") else about)

    class Meta:
        icon = "user"
        template = "components/blocks/about_section.html"
        description = "The about text written above (the page's About field)."
        preview_value = {"emoji": "", "title": "About Me", "anchor": "about-me"}


NEWEST_FIRST, OLDEST_FIRST = "newest", "oldest"


class NewsSectionBlock(ListSectionBlock):
    count = blocks.IntegerBlock(
        default=10, min_value=1, max_value=100, help_text="How many news items: the first of the News listing."
    )
    order = blocks.ChoiceBlock(
        choices=[(NEWEST_FIRST, "Newest first"), (OLDEST_FIRST, "Oldest first")],
        default=NEWEST_FIRST,
        help_text="Those items in the News listing's order (a new item first), or from the last of them up.",
    )
    open_count = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=100,
        label="Open above the fold",
        help_text="With “Folded under”: how many of the items show open, the others folded under those words "
        "(e.g. 3, then “Older news”). Empty: the whole list folded.",
    )

    def get_content(self, value: blocks.StructValue, page: Any) -> list[Any]:
        # In the owner's order (the old page's, as imported; a new item first), the first ``count`` of them;
        # oldest first, the same items from the last up.
        latest = NewsItem.objects.filter(live=True).select_related("publication").order_by("sort_order", "-date", "pk")
        items = list(latest[: value["count"]])
        if value.get("order") == OLDEST_FIRST:
            items.reverse()
        return items

    def has_items(self, value: blocks.StructValue, page: Any) -> bool:
        return NewsItem.objects.filter(live=True).exists()

    class Meta:
        icon = "date"
        template = "components/blocks/news_section.html"
        description = "Published news items in the order of the News listing, or from the last of them up."
        preview_value = {"emoji": "🔥", "title": "News", "anchor": "-news", "count": 10}


@dataclass
class PublicationGroup:
    """Publications under one sub-heading in the owner's order: featured ones as paper boxes, the others as lines,
    as the owner interleaves them (a box among the lines of a year, say)."""

    name: str
    items: list[tuple[bool, Any]] = field(default_factory=list)  # (shown as a box, its fragment)
    heading: str = ""  # what its sub-heading reads: its name, or nothing where that repeats the section's title

    @property
    def runs(self) -> list[tuple[str, Any]]:
        """("box", a fragment) and ("lines", fragments) in order: lines next to each other make one list."""
        runs: list[tuple[str, Any]] = []
        for boxed, fragment in self.items:
            if boxed:
                runs.append(("box", fragment))
            elif runs and runs[-1][0] == "lines":
                runs[-1][1].append(fragment)
            else:
                runs.append(("lines", [fragment]))
        return runs

    def insert_line(self, position: int | None, fragment: Any) -> None:
        """A line at ``position`` (counted from 1) among the group's lines; with none, or past them, last."""
        lines = [index for index, (boxed, _) in enumerate(self.items) if not boxed]
        if position is None or position > len(lines):
            self.items.append((False, fragment))
        else:
            self.items.insert(lines[position - 1], (False, fragment))


@dataclass
class PublicationsContent:
    groups: list[PublicationGroup] = field(default_factory=list)
    index_url: str = ""
    markers: dict[str, bool] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.groups)


def _line(paper: fragments.Listed) -> str:
    return "line"


def _names(text: str | None) -> set[str]:
    return {line.strip() for line in (text or "").splitlines() if line.strip()}


def _claimed(page: Any) -> set[str]:
    """The sub-headings the page's publications sections name (each shows those it names)."""
    return set().union(
        *(_names(block.value.get("groups")) for block in page.sections if block.block_type == "publications")
    )


class PublicationsSectionBlock(ListSectionBlock):
    show_others = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="After the featured paper boxes, list the other publications compactly.",
    )
    groups = blocks.TextBlock(
        required=False,
        default="",
        rows=3,
        help_text="For a second publications section (e.g. a full list under the highlights): the sub-headings it "
        "shows, one per line, as a paper's Group field names them. Empty: every sub-heading no other publications "
        "section names.",
    )

    def get_content(self, value: blocks.StructValue, page: Any) -> PublicationsContent:
        # In the owner's order (the page explorer's): an import keeps the old page's, a new paper comes first.
        mine = self.shows_group(value, page)
        papers = [
            paper
            for paper in fragments.listed(PublicationPage.objects.live().public().order_by("path"))
            if mine(paper.group) and (paper.featured or value["show_others"])
        ]
        shown = fragments.rendered(papers, lambda paper: "box" if paper.featured else "citation")
        groups: dict[str, PublicationGroup] = {}
        for paper, fragment in shown:
            groups.setdefault(paper.group, PublicationGroup(paper.group)).items.append((paper.featured, fragment))
        if value["show_others"]:
            self.add_listings(groups, mine)
        titles = {value["title"], f"{value.get('emoji') or ''} {value['title']}".strip()}
        for group in groups.values():
            group.heading = "" if " ".join(group.name.split()) in titles else group.name
        index = PublicationIndexPage.objects.live().public().first()
        return PublicationsContent(
            groups=list(groups.values()),
            index_url=index.url if index else "",
            markers={
                marker: any(fragment.markers[marker] for _, fragment in shown)
                for marker in ("equal_contribution", "corresponding")
            },
        )

    @staticmethod
    def shows_group(value: blocks.StructValue, page: Any) -> Any:
        """Whether a sub-heading is this section's: one it names, or, naming none, one no other section names."""
        named = _names(value.get("groups"))
        if named:
            return named.__contains__
        claimed = _claimed(page)
        return lambda group: group not in claimed

    @staticmethod
    def add_listings(groups: dict[str, PublicationGroup], mine: Any) -> None:
        """Papers listed once more under another sub-heading of the section, as a line at its place in that list."""
        rows = PublicationListing.objects.order_by(F("position").asc(nulls_last=True), "pk")
        listings = [row for row in rows.values_list("page_id", "group", "position") if mine(row[1])]
        if not listings:
            return
        papers = PublicationPage.objects.live().public().filter(pk__in={row[0] for row in listings})
        lines = {paper.pk: fragment for paper, fragment in fragments.rendered(fragments.listed(papers), _line)}
        for page_id, name, position in listings:
            if fragment := lines.get(page_id):
                groups.setdefault(name, PublicationGroup(name)).insert_line(position, fragment)

    def has_items(self, value: blocks.StructValue, page: Any) -> bool:
        # A query or two, without rendering the list: the other pages' navigation asks each section.
        live = PublicationPage.objects.live().public()
        papers = live if value["show_others"] else live.filter(featured=True)
        named = _names(value.get("groups"))
        claimed = _claimed(page)
        if not named and not claimed:
            return papers.exists()  # every paper is this section's
        listings = PublicationListing.objects.filter(page__in=live)
        if named:
            papers, listings = papers.filter(group__in=named), listings.filter(group__in=named)
        else:
            papers, listings = papers.exclude(group__in=claimed), listings.exclude(group__in=claimed)
        return papers.exists() or (bool(value["show_others"]) and listings.exists())

    class Meta:
        icon = "doc-full-inverse"
        template = "components/blocks/publications_section.html"
        description = (
            "Your publications in your order, by sub-heading: featured ones as paper boxes, the rest as lines."
        )
        preview_value = {"emoji": "📝", "title": "Publications", "anchor": "-publications", "show_others": True}


class EntriesSectionBlock(ListSectionBlock):
    """A list of dated entries of one kind (education, awards, talks, experience)."""

    entry_model: type | None = None

    def get_content(self, value: blocks.StructValue, page: Any) -> list[Any]:
        return list(self.entry_model.objects.filter(live=True).order_by("sort_order", "pk"))

    def has_items(self, value: blocks.StructValue, page: Any) -> bool:
        return self.entry_model.objects.filter(live=True).exists()

    class Meta:
        template = "components/blocks/entries_section.html"


class HonorsSectionBlock(EntriesSectionBlock):
    entry_model = AwardEntry

    class Meta:
        icon = "pick"
        description = "Your published honors and awards, in the order set under Snippets."
        preview_value = {"emoji": "🎖", "title": "Honors and Awards", "anchor": "-honors-and-awards"}


class EducationSectionBlock(EntriesSectionBlock):
    entry_model = EducationEntry

    class Meta:
        icon = "home"
        description = "Your published education entries."
        preview_value = {"emoji": "📖", "title": "Educations", "anchor": "-educations"}


class TalksSectionBlock(EntriesSectionBlock):
    entry_model = TalkEntry

    class Meta:
        icon = "openquote"
        description = "Your published invited talks."
        preview_value = {"emoji": "💬", "title": "Invited Talks", "anchor": "-invited-talks"}


class ExperienceSectionBlock(EntriesSectionBlock):
    entry_model = ExperienceEntry

    class Meta:
        icon = "site"
        description = "Your published experience and internships."
        preview_value = {"emoji": "💻", "title": "Internships", "anchor": "-internships"}


class TeachingSectionBlock(EntriesSectionBlock):
    entry_model = TeachingEntry

    class Meta:
        icon = "group"
        description = "Your published teaching: courses, roles, institutions."
        preview_value = {"emoji": "🧑‍🏫", "title": "Teaching", "anchor": "-teaching"}


class ServiceSectionBlock(EntriesSectionBlock):
    entry_model = ServiceEntry

    class Meta:
        icon = "tasks"
        description = "Your published service: reviewing, committees, organising."
        preview_value = {"emoji": "🤝", "title": "Service", "anchor": "-service"}


class StudentsSectionBlock(EntriesSectionBlock):
    entry_model = StudentEntry

    class Meta:
        icon = "user"
        description = "The students you advise or mentor."
        preview_value = {"emoji": "🎓", "title": "Students", "anchor": "-students"}


class GrantsSectionBlock(EntriesSectionBlock):
    entry_model = GrantEntry

    class Meta:
        icon = "pick"
        description = "Your published grants and funding."
        preview_value = {"emoji": "💰", "title": "Grants", "anchor": "-grants"}


class SkillsSectionBlock(EntriesSectionBlock):
    entry_model = SkillEntry

    class Meta:
        icon = "cogs"
        description = "Your skills and languages."
        preview_value = {"emoji": "🛠", "title": "Skills", "anchor": "-skills"}


class BoxBlock(blocks.StructBlock):
    """A figure with a corner label beside its text, as a paper box shows a paper: a project, a demo, a song."""

    image = ImageChooserBlock(required=False)
    label = blocks.CharBlock(
        required=False, max_length=100, help_text="Shown on the figure's corner, e.g. the project's name or year."
    )
    text = MarkdownBlock(required=False, help_text="What the box says beside its figure: a title, a link, a few lines.")

    class Meta:
        icon = "image"
        label = "Box"


class BoxesSectionBlock(ListSectionBlock):
    intro = MarkdownBlock(required=False, help_text="Optional text above the boxes.")
    boxes = blocks.ListBlock(BoxBlock())

    def get_content(self, value: blocks.StructValue, page: Any) -> list[Any]:
        return list(value["boxes"])

    class Meta:
        icon = "image"
        template = "components/blocks/boxes_section.html"
        description = "Projects, demos or anything else shown as a figure beside its text, like a paper box."
        preview_value = {
            "emoji": "🚀",
            "title": "Projects",
            "anchor": "projects",
            "boxes": [{"label": "Demo", "text": "**A project**: what it does, [its code](https://example.org)."}],
        }


class MarkdownSectionBlock(SectionBlock):
    shown_empty = True  # its title at least: a heading the owner put there ("Talks", with more to come)
    body = MarkdownBlock(
        required=False,
        help_text="Anything else: research interests, services, projects… Left empty, the section shows its title.",
    )
    show_title = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Show the title above the text and in the navigation. Untick for text that continues the "
        "section above it (an import continues a text longer than one field holds in such sections).",
    )

    @staticmethod
    def in_navigation(value: blocks.StructValue) -> bool:
        return bool(value.get("show_title", True))

    def get_content(self, value: blocks.StructValue, page: Any) -> str:
        return under_a_section(render_markdown(value["body"]))

    class Meta:
        icon = "doc-full"
        template = "components/blocks/markdown_section.html"
        description = "A section of free text in markdown."
        preview_value = {"emoji": "", "title": "Research Interests", "anchor": "research-interests",
                         "body": "Natural language processing and efficient LLMs."}  # fmt: skip


class HomeSectionsBlock(blocks.StreamBlock):
    about = AboutSectionBlock()
    news = NewsSectionBlock()
    publications = PublicationsSectionBlock()
    honors = HonorsSectionBlock(label="Honors and awards")
    education = EducationSectionBlock()
    talks = TalksSectionBlock(label="Invited talks")
    experience = ExperienceSectionBlock(label="Experience / internships")
    teaching = TeachingSectionBlock()
    service = ServiceSectionBlock()
    students = StudentsSectionBlock(label="Students and mentoring")
    grants = GrantsSectionBlock(label="Grants and funding")
    skills = SkillsSectionBlock(label="Skills and languages")
    boxes = BoxesSectionBlock(label="Boxes (projects, demos…)")
    markdown = MarkdownSectionBlock(label="Free text")

    def clean(self, value: Any) -> Any:
        """Several publications sections (highlights, then a full list) each show their own sub-headings: at most
        one of them may leave its sub-headings empty, showing every other one."""
        cleaned = super().clean(value)
        unnamed = [index for index, child in enumerate(cleaned) if child.block_type == "publications"]
        unnamed = [index for index in unnamed if not _names(cleaned[index].value.get("groups"))]
        if len(unnamed) > 1:
            error = ValidationError(
                "Another publications section shows every sub-heading already: name the ones this section shows."
            )
            raise blocks.StreamBlockValidationError(
                block_errors={index: blocks.StructBlockValidationError(block_errors={"groups": error})
                              for index in unnamed[1:]}
            )  # fmt: skip
        return cleaned

    class Meta:
        block_counts = {
            name: {"max_num": 1}
            for name in (
                "about",
                "news",
                "honors",
                "education",
                "talks",
                "experience",
                "teaching",
                "service",
                "students",
                "grants",
                "skills",
            )  # fmt: skip
        }
