"""A page built to be slow is read in linear time.

Every pattern the parser uses stops at the next place it could start again, so
a page of openers that never close (``[``, ``{%``, ``<a ``, ``<!--``) costs a small
multiple of what an ordinary page of the same size costs. Each case is 160 KB of one opener
after the start of the section it is meant to reach; before, the worst of them
took minutes.
"""

from __future__ import annotations

import time

import pytest

from homepage.importers.acadhomepage import parse_about
from tests.helpers import ordinary_page_seconds

SIZE = 160_000
# A guard against super-linear work, not a benchmark, so measured in what an ordinary page of the same size costs
# on the machine running it (tests/helpers.py): the slowest case, a bullet over 29,000 comments, takes 13 times
# that alone and 21 times beside the suite's PostgreSQL run; while the parser was quadratic on them the same pages
# took 14 s to minutes on a machine where the unit is some 0.2 s, 70 times and more.
CPU_TIMES = 40


@pytest.fixture(scope="module")
def cpu_seconds() -> float:
    return CPU_TIMES * ordinary_page_seconds()


CONTEXTS = {
    "about": "",
    "news": "# News\n- 2024.01: ",
    "paper box": '# Publications\n<div class="paper-box"><div class="paper-box-text" markdown="1">\n',
    "paper bullet": "# Publications\n- ",
}
OPENERS = [
    "[", "![", "[x](", "\\[", "[![a](b", "{%", "{{", "{% comment %}", "<script>", "<span ",
    '<span class="pub-venue">', "<a ", '<a href="x">', "<img ", "<p ", "<br", "<!--", "<!DOCTYPE",
    " *a", "(* corresponding", "{", "a \t", "# x\n", "<li>", "<p><i>2026",
]  # fmt: skip


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("opener", OPENERS)
def test_a_page_of_unclosed_openers_is_read_in_linear_time(context, opener, cpu_seconds):
    page = CONTEXTS[context] + opener * (SIZE // len(opener))
    start = time.process_time()
    parsed = parse_about(page)
    used = time.process_time() - start
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    assert parsed.sections or parsed.dropped, "the page's text is kept, or reported as dropped"


@pytest.mark.parametrize(
    "tail", [" " * SIZE + "x", ":" * SIZE, " " * SIZE + ":x"], ids=["spaces", "colons", "spaces then colon"]
)
def test_a_year_over_news_followed_by_a_long_run_is_read_in_linear_time(tail, cpu_seconds):
    """A paragraph in a news section that starts as a year label ("2026") and goes on."""
    start = time.process_time()
    parsed = parse_about("# News\n- 2025.01: A line.\n\n**2026" + tail + "\n\n- 2026.02: Another.\n")
    used = time.process_time() - start
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    entries = parsed.sections[0].entries  # the paragraph opens with a date: an item of its own, or kept as text
    assert (entries[0].text, entries[-1].text) == ("A line.", "Another.")


@pytest.mark.parametrize("heading", ["", "# Collaborators\n"])
def test_a_div_of_many_markdown_attributes_is_read_in_linear_time(heading, cpu_seconds):
    """One ``<div`` and the attribute that marks its Markdown written over and over, never closed."""
    page = heading + "<div" + " markdown='1'" * (3 * SIZE // 13)
    start = time.process_time()
    parsed = parse_about(page)
    used = time.process_time() - start
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    assert parsed.sections or parsed.dropped


@pytest.mark.parametrize(
    "line",
    [
        "[A tag] **" + "word " * (SIZE // 5),  # a venue's tag, then a bold title that never closes
        "[A tag] **" + "word" * (SIZE // 4),
        "[The Title](https://example.org/p), " + "A" * SIZE,  # a venue's tag of capitals before names, no year
        "[The Title](https://example.org/p), " + "Ab" * (SIZE // 2),
        "Ann Li, Bo Yang. “" + "a." * (SIZE // 2),  # a quoted title that never closes
        "Li, Ann, " + "Bo Yang, " * (SIZE // 9),
        "[The Title](https://example.org/p). " + "A. B, " * (SIZE // 6),  # initials, each ending no sentence
        "**W.Y. Xu**, " + "Y.F. Li, " * (SIZE // 9),  # initials run together
        "[The Title](https://example.org/p), **Ann Li**, " + "Journal of X, " * (SIZE // 14),  # venues after names
        "[The Title](https://example.org/p) " + '<span onclick="x()">[Bib]</span>' * (SIZE // 32),
    ],
    ids=[
        "tag over open bold",
        "tag over one long word",
        "capitals",
        "capitals and letters",
        "open quote",
        "names",
        "initials",
        "initials run together",
        "venues after names",
        "script buttons",
    ],  # fmt: skip
)
def test_a_paper_line_of_an_open_pattern_is_read_in_linear_time(line, cpu_seconds):
    page = "# Publications\n- " + line + "\n"
    start = time.process_time()
    parsed = parse_about(page)
    used = time.process_time() - start
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    assert parsed.sections


def test_closing_hashes_of_a_heading_are_not_part_of_its_title():
    parsed = parse_about("# News ##\n- 2024.01: A line.\n# Honors #\n- 2023 A prize.\n")
    assert [section.title for section in parsed.sections] == ["News", "Honors"]


def test_an_escaped_bracket_does_not_start_a_link():
    parsed = parse_about(
        "# Publications\n- \\[Not a link\\](https://x.org) [Real Title](https://arxiv.org/abs/2401.00001)"
    )
    paper = parsed.sections[0].papers[0]
    assert paper.title == "Real Title"


def test_a_link_with_parentheses_in_its_address_keeps_them():
    parsed = parse_about("# Publications\n- [A Title](https://en.wikipedia.org/wiki/Foo_(bar)), Me and You\n")
    assert parsed.sections[0].papers[0].url == "https://en.wikipedia.org/wiki/Foo_(bar)"


@pytest.mark.django_db
def test_many_sections_of_one_title_get_their_anchors_in_linear_time(cpu_seconds):
    """Every save of the homepage gives new sections unique anchors; 20,000 equal titles took minutes."""
    from homepage.models import HomePage

    home = HomePage(title="Home", sections=[("markdown", {"title": "x", "body": "y"})] * 20_000)
    start = time.process_time()
    home.stamp_section_anchors()
    used = time.process_time() - start
    anchors = [child.value["anchor"] for child in home.sections]
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    assert anchors[:3] == ["x", "x-1", "x-2"] and len(set(anchors)) == 20_000


@pytest.mark.parametrize("heading", ["# Publications\n", "# Projects\n"])
def test_boxes_nested_in_boxes_with_badges_are_read_in_linear_time(heading, cpu_seconds):
    """Each box a badge and another box inside the last: comparing tags by value (BeautifulSoup's ==) went as
    deep as the nesting, past Python's recursion limit: a traceback instead of an import."""
    box = "<div class='paper-box'><div class='paper-box-text' markdown='1'>\n<div class=\"badge\">"
    start = time.process_time()
    parsed = parse_about(heading + box * (SIZE // len(box)))
    used = time.process_time() - start
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    assert parsed.sections


def test_a_bullet_over_many_comments_is_read_in_linear_time(cpu_seconds):
    """Comments inside a bullet stay part of it (tests/importers/test_fidelity_patterns.py): each is looked at
    with the lines around it, not with the whole page before it (which took 13 s of CPU for this page)."""
    page = "# Publications\n- [A Paper](https://example.org/a), **Ada Lovelace**, Bob.\n" + "<!-- x -->\n" * (
        2 * SIZE // 11
    )
    start = time.process_time()
    parsed = parse_about(page)
    used = time.process_time() - start
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    assert [paper.title for paper in parsed.sections[0].papers] == ["A Paper"]


def test_a_paragraph_paper_over_many_bullets_of_links_is_read_in_linear_time(cpu_seconds):
    """A paragraph paper takes the one bullet of links right under it (test_acadhomepage_fields.py); the bullets
    after that are each read once, not the paragraph again for each."""
    paper = "**A Title of a Paper Here**<br>\nAda Lovelace, Bo Li, Cy Young<br>\nICML, 2025.<br>\n"
    links = "- [Paper](https://a.org/p)\n"
    page = "# Publications\n\n" + paper + links * ((SIZE - len(paper)) // len(links))
    start = time.process_time()
    parsed = parse_about(page)
    used = time.process_time() - start
    assert used < cpu_seconds, f"{used:.2f} s of CPU"
    assert parsed.sections[0].papers[0].title == "A Title of a Paper Here"
