"""Where the parser reports: each warning and drop about one place starts with its page line; guesses are named."""

import datetime

from core.dates import DateSpan, Precision
from homepage.importers.acadhomepage import parse_about


def _year(year):
    return DateSpan(start=datetime.date(year, 1, 1), precision=Precision.YEAR)


def _lines(messages):
    return [message.split(": ", 1)[0] for message in messages]


# --- line numbers ------------------------------------------------------------------------


# A byte-order mark, Windows line ends and mojibake (line 4) change no line number; neither do the
# lines that the Liquid tag (line 3) and the script (lines 7-9) take with them.
PAGE = "\r\n".join(
    [
        "\ufeffHello, I am **Me Myself**.",  # 1
        "",  # 2
        "{% if site.x %}",  # 3
        "In Chinese: ÁõòÂçìÂÆû.",  # 4
        "More about me.",  # 5
        "",  # 6
        "<script>",  # 7
        "var x = 1;",  # 8
        "</script>",  # 9
        "# News",  # 10
        "- *2024.01 - 2024.03.05*: a span written with two precisions",  # 11
        "",  # 12
        "# Publications",  # 13
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">ICML'24</div>"
        "<img src='images/x.png' alt=\"x\"></div></div>",  # 14
        "<div class='paper-box-text' markdown=\"1\">",  # 15
        "",  # 16
        "[A Paper](https://arxiv.org/abs/2401.00001) \\| [ICML 2024]",  # 17
        "**Me Myself**, Ada Lovelace",  # 18
        "",  # 19
        "[![](https://img.shields.io/github/stars/me/other?style=social)](https://github.com/me/repo)",  # 20
        "</div>",  # 21
        "</div>",  # 22
        "",  # 23
        "# Honors",  # 24
        "- Some Prize, 2022",  # 25
        "",  # 26
        "Stray text.",  # 27
        "",
    ]
)


def test_drops_and_warnings_start_with_their_line_in_the_page_as_given():
    site = parse_about(PAGE)
    assert site.dropped == [
        "line 7: <script> block: <script> var x = 1; </script>",
        "line 3: Liquid tag: {% if site.x %}",
    ]
    assert site.warnings == [
        'line 11: Dates "2024.01" and "2024.03.05" are written with different precision; kept the coarser one: '
        '"*2024.01 - 2024.03.05*: a span written with two precisions"',
        'line 20: Paper "A Paper": the GitHub stars badge counts me/other but links to me/repo; kept me/repo',
        'line 25: Read the date "2022" from the end of a line, not from the start of the bullet: "Some Prize, 2022"',
        'line 27: Section "Honors": kept text that is neither a bullet nor a paper box as Markdown: "Stray text."',
    ]
    assert site.sections[0].markdown == "Hello, I am **Me Myself**.\n\nIn Chinese: 盘卓实.\nMore about me."


def test_front_matter_counts_and_commented_out_sections_keep_their_lines():
    page = (
        "---\n"  # 1
        "title: x\n"  # 2
        "---\n"  # 3
        "# News\n"  # 4
        "- *2024.01*: shown\n"  # 5
        "<!--\n"  # 6
        "# Talks\n"  # 7
        "- *2023.02 - 2023.05.01*: hidden\n"  # 8
        "-->\n"  # 9
        "<!-- just a note -->\n"  # 10
        "# Education\n"  # 11
        "<!-- - \n"  # 12
        "- \n"  # 13
        "-->\n"  # 14
        "<hr>\n"  # 15
        "<!-- never closed\n"  # 16
    )
    site = parse_about(page)
    assert [(s.title, s.published) for s in site.sections] == [("News", True), ("Talks", False), ("Education", True)]
    # The comment never closed is shown, as kramdown shows it: its text kept under the last heading.
    assert _lines(site.warnings) == ["line 16", "line 8", "line 16"]
    assert "comment is never closed" in site.warnings[0] and "different precision" in site.warnings[1]
    assert site.sections[2].markdown == "never closed"
    assert site.dropped == [
        'line 10: Comment in "News": just a note',
        'line 12: Empty bullet in "Education"',
        'line 13: Empty bullet in "Education"',
        'line 15: Layout tag in "Education": <hr>',
    ]


def test_invalid_front_matter_is_reported_at_the_line_of_the_error():
    site = parse_about("---\ntitle: x\nbad: [unclosed\n---\nHello.\n")
    assert len(site.warnings) == 1
    assert site.warnings[0].startswith("line 3: Front matter is not valid YAML and was ignored: ")


def test_fixture_lines(demo_text):
    site = parse_about(demo_text)
    assert site.dropped[0] == "line 11: Liquid tag: {% if site.google_scholar_stats_use_cdn %}"
    assert _lines(site.dropped) == ["line 11", "line 12", "line 13", "line 14", "line 15", "line 16"]
    (mismatch,) = [w for w in site.warnings if "microsoft/SeCom" in w]
    # The TokenSelect paper box opens on line 37; the badge with the wrong repository is on line 43.
    assert mismatch.startswith("line 43: ") and "pzs19/TokenSelect" in mismatch
    assert all(w.startswith("line ") for w in site.warnings)


def test_comments_and_placeholder_links_inside_a_paper_box_and_a_video_figure():
    page = (
        "# Publications\n"  # 1
        "<div class='paper-box'><div class='paper-box-image'><div>\n"  # 2
        '<video autoplay><source src="demo.mp4"></video>\n'  # 3
        "</div></div>\n"  # 4
        "<div class='paper-box-text' markdown=\"1\">\n"  # 5
        "<!-- draft -->\n"  # 6
        "[Title](https://a.org/t) \\| [Conf 2023]\n"  # 7
        "**Me**, You\n"  # 8
        "[Slides]() (oral)\n"  # 9
        "</div></div>\n"  # 10
    )
    site = parse_about(page)
    assert site.dropped == [
        "line 6: Comment inside a paper box: <!-- draft -->",
        'line 9: Paper "Title": link without a URL: [Slides]()',
    ]
    assert site.warnings == [
        'line 3: Paper "Title": its figure is a video, which is not imported; give the paper a teaser image by hand',
    ]
    assert site.sections[0].papers[0].description == "(oral)"  # kept under the paper, as the page showed it


def test_live_include_and_liquid_built_element_have_lines():
    page = 'Hi.\n\n{% include_relative includes/news.md %}\n\n<img src="{{ site.author.avatar }}">\n'
    site = parse_about(page)
    assert _lines(site.warnings) == ["line 3"]
    assert site.dropped[0].startswith("line 5: Element built by Liquid: <img")
    assert site.dropped[1:] == ["line 3: Liquid tag: {% include_relative includes/news.md %}"]


# --- description and full venue -------------------------------------------------------------


def _box(text, badge="NeurIPS 2024"):
    return (
        f"<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{badge}</div>"
        f"<img src='images/x.png' alt='x'></div></div>\n<div class='paper-box-text' markdown=\"1\">\n\n{text}\n"
        "</div>\n</div>\n"
    )


def test_paragraphs_and_bullets_under_a_paper_are_its_description_in_order():
    box = _box(
        '**A Bold Title** <span class="pub-venue">Conference on Neural Information Processing Systems</span>\n\n'
        "**Me Myself**, Ada Lovelace\n\n[Code](https://github.com/me/code)\n\n"
        "👉 We show that things can be done much faster than anyone thought, with one trick.\n\n"
        "- First point, with a [link](https://example.org) inside.\n  - A nested detail.\n- Second point.\n-\n"
    )
    site = parse_about(f"# Publications\n{box}")
    (paper,) = site.sections[0].papers
    assert paper.description == (
        "👉 We show that things can be done much faster than anyone thought, with one trick.\n\n"
        "- First point, with a [link](https://example.org) inside.\n  - A nested detail.\n- Second point."
    )
    assert [link.url for link in paper.links] == ["https://github.com/me/code"]
    assert (paper.venue_short, paper.venue) == ("", "Conference on Neural Information Processing Systems")
    assert paper.date == _year(2024)
    assert site.warnings == []


def test_short_lines_of_text_are_kept_under_the_paper():
    box = _box("[Title](https://a.org/t) \\| [ICML 2024]\n\n**Me**, You\n\nBest Paper Award\n")
    site = parse_about(f"# Publications\n{box}")
    assert site.sections[0].papers[0].description == "Best Paper Award"
    assert site.warnings == []


def test_the_text_beside_a_line_of_links_is_the_venue():
    box = _box(
        "**A Bold Title**\n<u>Me</u>, You\n\n"
        '**<font color = "#224B8D">NeurIPS 2024</font>** \\| [Paper](https://arxiv.org/abs/2402.04080) \\| '
        "[Code](https://github.com/me/code)\n",
        badge="",
    )
    site = parse_about(f"# Publications\n{box}")
    (paper,) = site.sections[0].papers
    assert (paper.venue, paper.description) == ("NeurIPS 2024", "")
    assert [link.label for link in paper.links] == ["Paper", "Code"]


def test_a_full_venue_in_italics_after_a_tag_is_the_venue_and_the_tag_stays_short():
    box = _box(
        "[Title](https://a.org/t) \\| [ACL'24 Main]\n\n**Me**, You\n\n"
        "*In Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics*\n",
        badge="",
    )
    site = parse_about(f"# Publications\n{box}")
    (paper,) = site.sections[0].papers
    assert (paper.venue_short, paper.venue) == (
        "ACL'24 Main",
        "In Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics",
    )
    assert paper.date == _year(2024)
    assert site.warnings == [
        'line 9: Paper "Title": took the italic "In Proceedings of the 62nd Annual Meeting of the Associatio…" '
        "as its venue",
        'line 5: Paper "Title": read the two-digit year "24" in "ACL\'24 Main" as 2024',
    ]


def test_in_proceedings_after_the_authors_of_a_bullet_is_the_full_venue_and_dates_it():
    page = (
        "# Publications\n- [Title](https://arxiv.org/abs/2312.00001), **Me**, You. "
        "In Proceedings of the *33rd USENIX Security Symposium (USENIX Security '24)*. "
        "\\[[code](https://github.com/me/c)\\]\n"
    )
    site = parse_about(page)
    (paper,) = site.sections[0].papers
    assert paper.venue == "In Proceedings of the 33rd USENIX Security Symposium (USENIX Security '24)"
    assert (paper.venue_short, paper.date, [link.label for link in paper.links]) == ("", _year(2024), ["code"])
    assert _lines(site.warnings) == ["line 2", "line 2"]
    assert "as its full venue" in site.warnings[0]
    assert 'two-digit year "24"' in site.warnings[1]  # not the "33" of "33rd"


def test_no_venue_no_description():
    (paper,) = parse_about("# Publications\n- [Title](https://a.org/t), **Me**, You\n").sections[0].papers
    assert (paper.venue_short, paper.venue, paper.description) == ("", "", "")


# --- guesses ---------------------------------------------------------------------------------------


def test_venue_from_a_badge_image_is_a_named_guess():
    page = (
        "# Publications\n- ![x](https://img.shields.io/badge/ICMLW-2024-c821f3) [Paper](https://a.org/p) **Me**, Ada\n"
    )
    site = parse_about(page)
    assert site.sections[0].papers[0].venue_short == "ICMLW 2024"
    assert site.warnings == ['line 2: Paper "Paper": took the venue "ICMLW 2024" from the text of a badge image']


def test_owner_guesses_are_named():
    page = (
        "# Publications\n"  # 1
        "- [A](https://a.org/1), **Me Myself**, You, **Conf 2024**\n"  # 2 (bold venue: a guess)
        "- [B](https://a.org/2), **Me Myself**, You \\| [Conf 2024]\n"  # 3
        "- [C](https://a.org/3), **Ada Lovelace**, **Me Myself** \\| [Conf 2024]\n"  # 4
        "- [D](https://a.org/4), You, *Me Myself* \\| [Conf 2024]\n"  # 5
        "- [E](https://a.org/5), **M. Myself**, You \\| [Conf 2024]\n"  # 6
    )
    site = parse_about(page)
    assert [[a.name for a in p.authors if a.is_owner] for p in site.sections[0].papers] == [
        ["Me Myself"],
        ["Me Myself"],
        ["Me Myself"],
        ["Me Myself"],
        ["M. Myself"],
    ]
    assert site.warnings == [
        'line 2: Paper "A": took the bold "Conf 2024" as its venue',
        'Took "Me Myself", the author in bold most often (3 papers), as the site owner; '
        'also in bold: "Ada Lovelace" (1), "M. Myself" (1)',
        'line 5: Paper "D": Me Myself is not in bold here; marked as the owner by name',
        'line 6: Paper "E": does not name the site owner, Me Myself; kept "M. Myself" (in bold) as the owner',
    ]


def test_native_name_from_a_parenthesis_is_a_named_guess():
    site = parse_about("---\ntitle: x\n---\n\nI am Jane Roe (珍妮), a student.\n")
    assert site.profile.native_name == "珍妮"
    assert site.warnings == ['line 5: Took "珍妮", in a parenthesis of the about text, as the native name']


def test_section_kind_from_a_keyword_and_a_bullet_without_authors_are_named_guesses():
    page = "# Publications\n- [A](https://a.org), **Me**, You\n\n# 🍀 In Submission\n- [Full list](https://a.org/all)\n"
    site = parse_about(page)
    assert [s.kind for s in site.sections] == ["publications", "publications"]
    assert site.warnings == [
        'line 4: Section "🍀 In Submission" read as publications because its title says "submission"',
        'line 5: Read the bullet as a paper, "Full list", though no authors were found in it',
    ]


def test_entry_dates_read_from_the_start_of_a_bullet_are_not_guesses():
    site = parse_about("# Education\n- *2019.09 - 2023.06*, B.S., A University\n- 2018, Something\n")
    assert [str(e.date) for e in site.sections[0].entries] == ["2019.09 - 2023.06", "2018"]
    assert site.warnings == []
