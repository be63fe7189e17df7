"""Read an AcadHomepage (Jekyll) site: ``_pages/about.md`` and ``_config.yml``.

AcadHomepage keeps a whole homepage in one Markdown page: an "about" text,
then ``# `` sections of dated bullets (news, honors, education …) and HTML
"paper boxes" for publications. This module turns that page into plain
dataclasses the importer can store, without touching Django.

Two promises shape the code:

* nothing is silently lost: whatever is not understood is kept as Markdown
  and named in ``warnings``; whatever is deliberately thrown away (Liquid,
  scripts, layout wrappers) is named in ``dropped``;
* nothing is invented: an empty badge stays empty, a date is only as precise
  as the page wrote it; where the parser has to guess (a title without a
  link, a venue in italics, a date at the end of a line, a two-digit year…),
  a warning says what it took.

A warning or drop about one place in the page starts with its line there
("line 12: …"), so the owner can look it up.
"""

from homepage.importers.acadhomepage.config import (
    apply_page_sidebar,
    data_profile_settings,
    page_author_settings,
    parse_config,
    sidebar_data_profile,
    sidebar_for_page,
)
from homepage.importers.acadhomepage.page import parse_about
from homepage.importers.acadhomepage.results import (
    ParsedAuthor,
    ParsedBadge,
    ParsedEntry,
    ParsedLink,
    ParsedPaper,
    ParsedProfile,
    ParsedSection,
    ParsedSite,
)
from homepage.importers.acadhomepage.source import repair_mojibake

__all__ = [
    "ParsedAuthor", "ParsedBadge", "ParsedEntry", "ParsedLink", "ParsedPaper", "ParsedProfile", "ParsedSection",
    "ParsedSite", "apply_page_sidebar", "data_profile_settings", "page_author_settings", "parse_about",
    "parse_config", "repair_mojibake", "sidebar_data_profile", "sidebar_for_page",
]  # fmt: skip
