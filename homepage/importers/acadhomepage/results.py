"""What a parsed AcadHomepage site is: plain dataclasses the importer stores, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.dates import DateSpan

# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


# What a paper's link says it is, by its label ("[PDF]", "[Code]"): the kind of link it becomes
# (publications' PublicationLink.Kind). Labels not here are links of their own kind, "other".
LINK_KINDS_BY_LABEL = {
    "paper": "paper", "arxiv": "paper", "pdf": "pdf", "code": "code", "github": "code", "project": "project",
    "project page": "project", "website": "project", "homepage": "project", "demo": "demo", "video": "video",
    "slides": "slides", "poster": "poster", "model": "model", "dataset": "dataset",
}  # fmt: skip
# Labels that name a link rather than a paper: "A Title[[PDF]](…)" is a title, then its link.
LINK_LABELS = {*LINK_KINDS_BY_LABEL, "bibtex", "supp", "supplementary"}


@dataclass
class ParsedLink:
    label: str
    url: str


@dataclass
class ParsedAuthor:
    name: str
    url: str = ""
    is_owner: bool = False
    equal_contribution: bool = False
    corresponding: bool = False
    others_before: bool = False  # "A, et al., **Me**": names are left out ahead of this one


@dataclass
class ParsedBadge:
    """A badge next to a paper.

    ``kind`` is "github", "hf_model", "hf_dataset", "hf_space", "hf_collection"
    or "custom"; ``identifier`` is "owner/repo" or the Hugging Face id ("" for
    custom); ``image`` is the badge image as written, so a custom badge can
    still be shown.
    """

    kind: str
    identifier: str = ""
    url: str = ""
    label: str = ""
    image: str = ""


@dataclass
class ParsedPaper:
    title: str = ""
    url: str = ""
    venue_short: str = ""
    badge_text: str = ""
    image: str = ""
    image_alt: str = ""
    authors: list[ParsedAuthor] = field(default_factory=list)
    more_authors: bool = False  # the list ends "et al.": those named are the first of more
    and_before_last: bool = False  # "and" joins the last two names ("A, B, and C")
    links: list[ParsedLink] = field(default_factory=list)
    badges: list[ParsedBadge] = field(default_factory=list)
    date: DateSpan = field(default_factory=DateSpan)
    arxiv_id: str = ""
    doi: str = ""
    scholar_id: str = ""
    published: bool = True
    group: str = ""
    # What the page writes under a paper (bullets, paragraphs), as Markdown in page order.
    description: str = ""
    # The full venue ("In Proceedings of …"), when the page gives one; ``venue_short`` is the tag.
    venue: str = ""
    # The kind of work a GB/T 7714 reference writes after its title ("[J]. ", "[C]//"), kept before its venue
    reference_kind: str = ""
    # Links to the paper itself ("[arXiv](…)") inside a sentence of its description: read for its identifiers.
    own_urls_in_text: list[str] = field(default_factory=list)
    # The words of the old page's button that showed the paper's BibTeX by a script ("Bib"), "" when it had none.
    bibtex_label: str = ""


@dataclass
class ParsedEntry:
    """One dated bullet: news, an honor, a degree, a talk, an internship."""

    date: DateSpan = field(default_factory=DateSpan)
    text: str = ""
    published: bool = True
    group: str = ""  # the sub-heading it is listed under ("Scholarships")


@dataclass
class ParsedBox:
    """A paper box that is not a paper (a project, a demo, a song): its figure, corner label and text."""

    image: str = ""
    image_alt: str = ""
    label: str = ""
    text: str = ""  # Markdown, as the box's text column writes it


@dataclass
class ParsedSection:
    kind: str
    title: str
    anchor: str
    published: bool = True
    entries: list[ParsedEntry] = field(default_factory=list)
    papers: list[ParsedPaper] = field(default_factory=list)
    boxes: list[ParsedBox] = field(default_factory=list)
    markdown: str = ""  # free text; over the boxes of a section of boxes; under a list
    intro: str = ""  # a list's free text above its first item and sub-heading
    note: str = ""  # a section of boxes: the text after them
    headed: bool = True  # the page gives it a heading (the text before the first heading has none)
    shown_groups: list[str] = field(default_factory=list)  # a later publications section: the sub-headings it shows
    fold: str = ""  # a list the page folded whole (<details>): the words of its <summary>, shown folded under them
    shown: int = 0  # news: how many the homepage shows open, where the page folded the others (under ``fold``)


@dataclass
class ParsedProfile:
    name: str = ""
    native_name: str = ""
    bio: str = ""
    location: str = ""
    employer: str = ""
    email: str = ""
    avatar: str = ""
    website: str = ""
    google_scholar_id: str = ""
    site_title: str = ""
    description: str = ""
    sidebar_note: str = ""  # markdown: what a customised sidebar shows beyond the template's settings
    links: dict[str, str] = field(default_factory=dict)
    # Links a setting lists with titles of their own ("zhihu: [{title: 个人主页, url: …}, …]"): (kind, url, title).
    listed_links: list[tuple[str, str, str]] = field(default_factory=list)
    # How the site's own sidebar links each ``author:`` setting: its words and its address with "{}" for the
    # setting ("instagram": ("Instagram", "https://instagram.com/{}"), "googlescholar1": ("Google Scholar", "{}")).
    sidebar_links: dict[str, tuple[str, str]] = field(default_factory=dict)
    google_site_verification: str = ""
    bing_site_verification: str = ""
    baidu_site_verification: str = ""
    analytics_id: str = ""


@dataclass
class ParsedSite:
    profile: ParsedProfile = field(default_factory=ParsedProfile)
    sections: list[ParsedSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
