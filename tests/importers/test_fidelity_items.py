"""Where the original's items went on the new homepage: each its own item, none merged, order kept
(homepage/importers/fidelity.py, as bench/import_fidelity.py measures it)."""

from __future__ import annotations

from homepage.importers.fidelity import compared_sections, page_items, place_items, section_items

ORIGINAL = """
<div id="main"><div class="page__content">
<h1>Honors and Awards</h1>
<ul>
  <li>2023.06 Outstanding Reviewer Award, CVPR 2023</li>
  <li>2022.06 Outstanding Reviewer Award, CVPR 2022</li>
  <li>2021.09 National Scholarship, Tsinghua University</li>
</ul>
<h1>Publications</h1>
<div class="paper-box"><div class="paper-box-text">
  <p>Sparse Attention for Long Documents</p><p>Ada Lovelace, Charles Babbage</p>
  <ul><li>First sparse attention that reads a whole book</li></ul>
</div></div>
<div class="paper-box"><div class="paper-box-text">
  <p>Counting Words Carefully in Many Languages</p><p>Ada Lovelace, Grace Hopper</p>
</div></div>
<ul style="display: none"><li>A hidden list nobody saw on the page</li></ul>
</div></div>
"""


def new_homepage(*items: str) -> str:
    return "<main>" + "".join(items) + "</main>"


HONORS = "<h2>Honors and Awards</h2><ul>{}</ul>"
LINES = [
    "<li>2023.06 Outstanding Reviewer Award, CVPR 2023</li>",
    "<li>2022.06 Outstanding Reviewer Award, CVPR 2022</li>",
    "<li>2021.09 National Scholarship, Tsinghua University</li>",
]
PAPERS = [
    '<article class="paper-box"><p>Sparse Attention for Long Documents</p><p>Ada Lovelace, Charles Babbage</p>'
    "<ul><li>First sparse attention that reads a whole book</li></ul></article>",
    '<article class="paper-box"><p>Counting Words Carefully in Many Languages</p><p>Ada Lovelace, Grace Hopper'
    "</p></article>",
]


def original_items():
    return page_items(ORIGINAL, [".page__content"], ["h1", "h2"])


def placement(html: str):
    return place_items(original_items(), page_items(html, ["main"], ["h2", "h3"]))


def test_the_outermost_visible_items_are_read_with_their_section():
    items = original_items()
    assert [item.section for item in items] == ["honors and awards"] * 3 + ["publications"] * 2
    assert "book" in items[3].words  # the bullet is part of its paper box, not an item of its own


def test_an_import_that_keeps_every_item_in_place():
    html = new_homepage(HONORS.format("".join(LINES)), "<h2>Publications</h2>", *PAPERS)
    found = placement(html)
    assert (found.items, found.placed, found.merged, found.repeated, found.out_of_order) == (5, 5, 0, 0, 0)


def test_papers_sorted_anew_are_out_of_order():
    html = new_homepage(HONORS.format("".join(LINES)), "<h2>Publications</h2>", PAPERS[1], PAPERS[0])
    found = placement(html)
    assert (found.placed, found.merged, found.out_of_order) == (5, 0, 1)


def test_two_awards_of_the_same_name_in_one_item_are_merged():
    merged = "<li>2023.06 Outstanding Reviewer Award, CVPR 2023, 2022.06 2022</li>"
    html = new_homepage(HONORS.format(merged + LINES[2]), "<h2>Publications</h2>", *PAPERS)
    found = placement(html)
    assert (found.placed, found.merged, found.repeated, found.out_of_order) == (4, 1, 0, 0)


def test_a_lost_item_is_neither_placed_nor_merged():
    html = new_homepage(HONORS.format(LINES[0] + LINES[2]), "<h2>Publications</h2>", *PAPERS)
    found = placement(html)
    assert (found.placed, found.merged) == (4, 0)


def test_a_line_written_twice_and_shown_once_is_repeated_not_merged():
    original = page_items("<main><ul>" + LINES[2] * 2 + LINES[0] + "</ul></main>", ["main"], ["h2"])
    kept = page_items("<main><ul>" + LINES[2] * 2 + LINES[0] + "</ul></main>", ["main"], ["h2"])
    once = page_items("<main><ul>" + LINES[2] + LINES[0] + "</ul></main>", ["main"], ["h2"])
    assert (place_items(original, kept).placed, place_items(original, kept).out_of_order) == (3, 0)
    shown_once = place_items(original, once)
    assert (shown_once.placed, shown_once.merged, shown_once.repeated) == (2, 0, 1)


def test_sections_are_compared_with_their_sub_headings_when_the_two_sites_group_lines_differently():
    """An old page with "**Awards**" in bold over its honors, and "## 2024" over its papers; the new one with
    sub-headings over both: the honors are compared as a whole, the papers under their sub-heading."""
    old = (
        '<div class="page__content"><h1>🎖 Honors &amp; Awards</h1><p><b>Awards</b></p><ul><li>a</li><li>b</li></ul>'
        "<h1>News</h1><ul><li>n</li></ul><h1>Papers</h1><h2>2024</h2><ul><li>p</li><li>q</li></ul>"
        "<h1>Talks</h1><ul><li>t</li></ul></div>"
    )
    new = (
        "<main><h2>Honors and Awards</h2><h3>Awards</h3><ul><li>a</li><li>b</li></ul><h2>News</h2><ul><li>n</li>"
        "</ul><h2>Papers</h2><h3>2024</h3><ul><li>p</li></ul></main>"
    )
    original, shown = section_items(old, ("h1", "h2"), ".page__content"), section_items(new, ("h2", "h3"), "main")
    assert original["honors awards"] == (2, 2) and shown["honors and awards"] == (0, 2)
    assert compared_sections(original, shown) == {
        "honors awards": [2, None],  # another title: not the same section
        "news": [1, 1],
        "2024": [2, 1],
        "talks": [1, None],
    }
    shown["honors awards"] = shown.pop("honors and awards")
    assert compared_sections(original, shown)["honors awards"] == [2, 2]


def test_a_paper_in_a_selected_list_and_in_the_full_list_is_found_under_each_heading():
    """The box of a "Selected" list and the line of the full list are two items on both sites; the box written
    on the new site with other words than the original's must not be taken for the full list's line (which put
    the whole list out of order)."""
    box = '<div class="paper-box"><p>{0}</p><p>Ada Lovelace, Charles Babbage</p><p>ICML 2025 Oral</p></div>'
    line = "<li>{0}. Ada Lovelace, Charles Babbage. ICML 2025</li>"
    titles = ["Sparse Attention for Long Documents", "Counting Words Carefully in Many Languages"]
    original = (
        '<div class="page__content"><h1>Publications</h1>' + "".join(box.format(title) for title in titles)
        + "<h2>Full list</h2><ul>" + "".join(line.format(title) for title in reversed(titles)) + "</ul></div>"
    )  # fmt: skip
    new = new_homepage(
        "<h2>Publications</h2>",
        *(
            f'<article class="paper-box"><p>{title}</p><p>Ada Lovelace, Charles Babbage</p></article>'
            for title in titles
        ),
        "<h3>Full list</h3><ul>",
        *(line.format(title) for title in reversed(titles)),
        "</ul>",
    )
    found = place_items(page_items(original, [".page__content"], ["h1", "h2"]), page_items(new, ["main"], ["h2", "h3"]))
    assert (found.items, found.placed, found.merged, found.out_of_order) == (4, 4, 0, 0)


def test_sections_count_the_lines_a_visitor_sees():
    """A line written "- * 2023.03 …" shows as one line (two bullets), an empty "- " none, and a page in two
    languages shows one until the visitor switches: the other language's sections are not counted, as its words
    are not."""
    old = (
        '<html lang="en"><div class="page__content"><div class="lang-en"><h1>Education</h1><ul>'
        "<li><ul><li>2023.03 - now, PhD</li></ul></li><li><ul><li>2019.09 - 2022.06, MSc</li></ul></li><li></li>"
        "</ul></div>"
        '<div class="lang-zh"><h1>教育经历</h1><ul><li>博士</li><li>硕士</li></ul></div></div></html>'
    )
    assert section_items(old, ("h1", "h2"), ".page__content") == {"education": (2, 2)}


def test_a_sub_heading_joined_to_the_one_above_it_counts_toward_it():
    """The old page's "## Research Papers" over "### 2026" and "### 2025", shown as the sub-headings "Research
    Papers — 2026" and "Research Papers — 2025" on the new one: the same lines, under the same heading."""
    old = (
        '<div class="page__content"><h1>Publications</h1><h2>Research Papers</h2><h3>2026</h3><ul><li>a</li></ul>'
        "<h3>2025</h3><ul><li>b</li><li>c</li></ul></div>"
    )
    new = (
        "<main><h2>Publications</h2><h3>Research Papers — 2026</h3><ul><li>a</li></ul>"
        "<h3>Research Papers — 2025</h3><ul><li>b</li><li>c</li></ul></main>"
    )
    original, shown = section_items(old, ("h1", "h2"), ".page__content"), section_items(new, ("h2", "h3"), "main")
    assert compared_sections(original, shown) == {"research papers": [3, 3]}


def test_a_title_written_as_a_heading_inside_its_paper_box_heads_no_section():
    box = '<div class="paper-box"><div class="paper-box-text"><h2>{0}</h2><p>Ada Lovelace. Nature 2025</p></div></div>'
    old = (
        '<div class="page__content"><h1>Publications</h1>' + box.format("First Paper") + box.format("Second") + "</div>"
    )
    assert section_items(old, ("h1", "h2"), ".page__content") == {"publications": (2, 2)}
    assert {item.section for item in page_items(old, [".page__content"], ["h1", "h2"])} == {"publications"}


def test_lines_shown_after_a_click_count_as_lines_of_their_section():
    """A real site showed its latest news and put the older ones under "More": the homepage here lists them all
    at once; a section holds the same lines either way."""
    old = (
        '<div class="page__content"><h1>News</h1><ul><li>2026.05 One</li><li>2026.04 Two</li></ul><details>'
        "<summary>More</summary><ul><li>2025.01 Three</li></ul></details>"
        '<ul style="display: none"><li>2024.01 Four</li></ul></div>'
    )
    assert section_items(old, ("h1", "h2"), ".page__content") == {"news": (4, 4)}


def test_a_card_the_import_reads_as_a_paper_box_is_one_item_with_its_title_bullet():
    """A card of divs (``<div class="publication-item">``) with its title written as a bullet: the bullet was the
    item, so the paper box the import makes of the card counted as that bullet and the next card's merged."""
    card = (
        '<div class="publication-item"><div class="publication-image"><img src="a.png"></div>'
        '<div class="publication-citation"><ul><li><a href="#">Dynamics of {n} Solitons</a></li></ul>'
        "<p>Me Myself, Ada Lovelace. Dynamics of {n} Solitons, eLight 5 (2025).</p></div></div>"
    )
    old = '<div class="page__content"><h1>Publications</h1>' + card.format(n="Ultrafast") + card.format(n="Dark")
    items = page_items(old + "</div>", [".page__content"], ["h1", "h2"])
    assert len(items) == 2 and all(item.words["lovelace"] == 1 for item in items)
