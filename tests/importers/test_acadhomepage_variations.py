"""Ways real AcadHomepage pages differ from the template, each on a small page written for the test."""

import datetime

from core.dates import DateSpan, Precision
from homepage.importers.acadhomepage import ParsedLink, parse_about


def _month(year, month):
    return DateSpan(start=datetime.date(year, month, 1), precision=Precision.MONTH)


def _year(year):
    return DateSpan(start=datetime.date(year, 1, 1), precision=Precision.YEAR)


def _authors(paper):
    """(name, owner, equal, corresponding) per author, compactly."""
    return [(a.name, a.is_owner, a.equal_contribution, a.corresponding) for a in paper.authors]


def _box(text, image="<img src='images/fig.png' alt='fig'>", badge="XYZ 2024"):
    return (
        f"<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{badge}</div>{image}"
        f"</div></div>\n<div class='paper-box-text' markdown=\"1\">\n\n{text}\n</div>\n</div>\n"
    )


# --- sections ------------------------------------------------------------------


def test_section_titles_are_recognised_by_keyword_in_english_and_chinese():
    page = "".join(
        f"# {title}\n- *2024.01*, item\n\n"
        for title in (
            "🔥 新闻",
            "📝 发表论文",
            "🎖 荣誉奖励",
            "📖 教育背景",
            "💬 邀请汇报",
            "💻 实习经历",
            "Professional Experience",
            "Recent Updates",
            "Research Interests",
        )
    )
    kinds = [s.kind for s in parse_about(page).sections]
    assert kinds == [
        "news",
        "publications",
        "honors",
        "education",
        "talks",
        "experience",
        "experience",
        "news",
        "markdown",
    ]


def test_heading_with_inline_html_is_read_as_its_text():
    site = parse_about('# Papers <span style="color: gray">(* equal contribution)</span>\n')
    (section,) = site.sections
    assert (section.kind, section.title) == ("publications", "Papers (* equal contribution)")
    assert section.anchor == "papers--equal-contribution"


def test_kramdown_heading_id_is_the_anchor_and_not_part_of_the_title():
    (section,) = parse_about("# 📝 Publications {#pubs}\n").sections
    assert (section.kind, section.title, section.anchor) == ("publications", "📝 Publications", "pubs")


def test_a_second_publications_section_is_still_read_as_papers():
    site = parse_about(
        "# Publications\n- [One](https://a.org/1), **Me**, You\n\n"
        "# 🍀 In Submission\n- [Two](https://a.org/2), **Me**, You\n"
    )
    assert [(s.kind, [p.title for p in s.papers]) for s in site.sections] == [
        ("publications", ["One"]),
        ("publications", ["Two"]),
    ]


# --- what Jekyll would not show ------------------------------------------------------


def test_liquid_comment_block_goes_whole_with_the_heading_inside_it():
    page = (
        "# News\n- *2024.01*, item\n"
        "<!-- {% comment %}\nTo turn it on:\n# 🗺️ Visitors\n<div>map</div>\n{% endcomment %} -->\n"
    )
    site = parse_about(page)
    assert [s.title for s in site.sections] == ["News"]
    assert site.sections[0].markdown == "" and site.warnings == []
    assert site.dropped[0].startswith("line 3: Liquid comment: {% comment %} To turn it on:")


def test_live_liquid_include_is_a_warning_and_a_commented_one_is_not():
    page = "Hi.\n\n{% include_relative includes/news.md %}\n\n<!-- {% include_relative includes/old.md %} -->\n"
    site = parse_about(page)
    assert len(site.warnings) == 1
    assert site.warnings[0].startswith("line 3: The page shows includes/news.md")
    assert "not imported" in site.warnings[0]
    assert "includes/old.md" not in site.warnings[0]


def test_pasted_html_document_wrapper_is_dropped():
    page = (
        '# Miscellaneous\n- Reviewer\n\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n<title>Map</title>\n</head>\n'
        '<body>\n<div class="map">\n</div>\n</body>\n</html>\n'
    )
    site = parse_about(page)
    assert site.sections[0].markdown == '- Reviewer\n\n<div class="map">\n</div>'
    assert [d.split(":")[:2] for d in site.dropped] == [
        ["line 5", " <head> block"],
        ["line 4", " HTML document tag"],
        ["line 9", " HTML document tag"],
        ["line 12", " HTML document tag"],
        ["line 13", " HTML document tag"],
    ]


def test_notes_in_comments_are_dropped_while_commented_out_items_stay_unpublished():
    page = (
        "# Publications\n<!-- ICML 2024 -->\n- [A](https://a.org), **Me**, You\n"
        "<!-- - [B](https://b.org), **Me**, You -->\n"
    )
    site = parse_about(page)
    papers = site.sections[0].papers
    assert [(p.title, p.published) for p in papers] == [("A", True), ("B", False)]
    assert site.sections[0].markdown == "" and site.warnings == []
    assert site.dropped == ['line 2: Comment in "Publications": ICML 2024']


def test_rules_are_layout_and_deeper_headings_group_papers():
    page = (
        "# Publications\n- [A](https://a.org), **Me**, You\n\n"
        "### Under Review\n\n- [B](https://b.org), **Me**, You\n\n---\n<hr>\n"
    )
    site = parse_about(page)
    assert [(p.title, p.group) for p in site.sections[0].papers] == [("A", ""), ("B", "Under Review")]
    assert site.warnings == []
    assert site.dropped == ['line 8: Layout tag in "Publications": ---', 'line 9: Layout tag in "Publications": <hr>']


# --- dated lines ----------------------------------------------------------------


def test_nested_bullets_and_indented_paragraphs_belong_to_their_bullet():
    page = (
        "# Experience\n- *2020.05 - Present*, **Assistant**, Some Lab  \n  Advised by A. Person\n\n"
        "  Built things.\n\n- *2019*, Student\n  - GPA: 4.0\n  - Courses: many\n"
    )
    entries = parse_about(page).sections[0].entries
    assert [e.text for e in entries] == [
        "**Assistant**, Some Lab  \nAdvised by A. Person\n\nBuilt things.",
        "Student\n- GPA: 4.0\n- Courses: many",
    ]


def test_dates_with_month_names_chinese_now_and_full_width_colon():
    page = (
        "# Education\n- *Sep 2022 - Present*, A\n- *Aug. 2024 – May 2026*, B\n- *Sept. 2019 – July 2023*, C\n"
        "- *2025.07 - 至今*, D\n- *2025.07*：&nbsp;E\n"
    )
    entries = parse_about(page).sections[0].entries
    assert [(str(e.date), e.text) for e in entries] == [
        ("2022.09 - Now", "A"),
        ("2024.08 - 2026.05", "B"),
        ("2019.09 - 2023.07", "C"),
        ("2025.07 - Now", "D"),
        ("2025.07", "E"),
    ]


def test_note_inside_the_emphasized_date_stays_in_the_text():
    (entry,) = parse_about("# Education\n- *2019.08 - 2026.12 (Expected)*, Ph.D. in Things\n").sections[0].entries
    assert str(entry.date) == "2019.08 - 2026.12"
    assert entry.text == "(Expected), Ph.D. in Things"


def test_date_at_the_end_of_a_line_dates_an_entry_but_not_a_news_item():
    page = (
        "# Honors\n- Some Scholarship, 2022 (top 1%)\n- Prize, 2022 & 2023 (twice)\n\n"
        "# Education\n- **A University**, A City  \n  B.S. in Things, 2021~2025 (expected)\n"
        "- **Project** (Sep 2023 - Feb 2024)\n\n# News\n- Something happened, 2022\n"
    )
    honors, education, news = parse_about(page).sections
    assert [(e.date, e.text) for e in honors.entries] == [
        (_year(2022), "Some Scholarship (top 1%)"),
        (DateSpan(), "Prize, 2022 & 2023 (twice)"),
    ]
    assert [(str(e.date), e.text) for e in education.entries] == [
        ("2021 - 2025", "**A University**, A City  \nB.S. in Things (expected)"),
        ("2023.09 - 2024.02", "**Project**"),
    ]
    assert news.entries[0].date == DateSpan() and news.entries[0].text == "Something happened, 2022"


def test_empty_bullet_is_dropped_not_imported_as_an_empty_entry():
    site = parse_about("# Honors and Awards\n- \n")
    assert site.sections[0].entries == []
    assert site.dropped == ['line 2: Empty bullet in "Honors and Awards"']


# --- paper boxes --------------------------------------------------------------------


def test_paper_box_with_bold_title_venue_span_nested_bracket_links_and_description():
    box = _box(
        '**A Bold Title: With a Colon** <span class="pub-venue">ICML</span> [[PDF]](https://arxiv.org/abs/2401.00001)\n\n'
        "**Me Myself** \\*, Ada Lovelace \\*, Alan Turing&dagger;\n\n"
        "- Does a thing across\nwrapped lines.\n- Does another.\n"
    )
    site = parse_about(f"# Publications\n{box}")
    (paper,) = site.sections[0].papers
    assert (paper.title, paper.url, paper.venue_short, paper.arxiv_id) == (
        "A Bold Title: With a Colon",
        "",
        "ICML",
        "2401.00001",
    )
    assert paper.links == [ParsedLink("PDF", "https://arxiv.org/abs/2401.00001")]
    assert _authors(paper) == [
        ("Me Myself", True, True, False),
        ("Ada Lovelace", False, True, False),
        ("Alan Turing", False, False, True),
    ]
    assert paper.description == "- Does a thing across\nwrapped lines.\n- Does another."
    assert paper.venue == ""
    assert site.warnings == []


def test_paper_box_with_wrapped_title_link_a_link_line_before_the_authors_and_placeholder_links():
    box = _box(
        "[A Title That Wraps Onto\nthe Next Line](https://example.org/paper)\n[[Slides]]('files/slides.pdf')\n\n"
        "Authors: **Me Myself**, Ada Lovelace (*Equal contribution)\n\n[**Project**]() \\| [**Code**](None)\n"
    )
    site = parse_about(f"# Publications\n{box}")
    (paper,) = site.sections[0].papers
    assert (paper.title, paper.url) == ("A Title That Wraps Onto the Next Line", "https://example.org/paper")
    assert paper.links == [ParsedLink("Slides", "files/slides.pdf")]
    assert _authors(paper) == [("Me Myself", True, False, False), ("Ada Lovelace", False, False, False)]
    assert site.warnings == []
    assert site.dropped == [
        'line 11: Paper "A Title That Wraps Onto the Next Line": link without a URL: [**Project**]()',
        'line 11: Paper "A Title That Wraps Onto the Next Line": link without a URL: [**Code**](None)',
    ]


def test_paper_box_without_blank_lines_with_an_italic_venue_line():
    box = (
        "<div class='paper-box'>\n  <div class='paper-box-image'>\n    <div>\n"
        '      <div class="badge">ABC 2023</div>\n      <img src=\'images/x.png\' alt="x" width="100%">\n'
        "    </div>\n  </div>\n  <div class='paper-box-text' markdown=\"1\">\n"
        "**A Study of Things.**\n**Me Myself**, Ada Lovelace, and Alan Turing.\n*Conference on Things, 2023.*\n"
        "<span class='show_paper_citations' data='ID:1'></span> · [DOI](https://doi.org/10.1000/xyz)\n"
        "  </div>\n</div>\n"
    )
    site = parse_about(f"# Publications\n{box}")
    (paper,) = site.sections[0].papers
    assert (paper.title, paper.venue, paper.badge_text, paper.doi, paper.scholar_id) == (
        "A Study of Things",
        "Conference on Things, 2023",
        "ABC 2023",
        "10.1000/xyz",
        "ID:1",
    )
    assert [a.name for a in paper.authors] == ["Me Myself", "Ada Lovelace", "Alan Turing"]
    assert paper.venue_short == ""
    assert site.warnings == [
        'line 12: Paper "A Study of Things": took the italic "Conference on Things, 2023" as its venue'
    ]


def test_whole_author_line_in_italics_and_html_badges_spread_over_lines():
    box = _box(
        "[Title](https://arxiv.org/abs/2405.00002)\n\n*Ada Lovelace\\*, **Me Myself\\***, Alan Turing*\n\n"
        '<a href="https://github.com/me/repo" style="x">\n  <img alt="stars" src="https://img.shields.io/github/'
        'stars/me/repo?label=Stars" />\n</a> <a href="https://example.org/site">\n  <img alt="Site" '
        'src="https://img.shields.io/badge/🌐 Site-blue\n  " />\n</a>\n'
    )
    (paper,) = parse_about(f"# Publications\n{box}").sections[0].papers
    assert _authors(paper) == [
        ("Ada Lovelace", False, True, False),
        ("Me Myself", True, True, False),
        ("Alan Turing", False, False, False),
    ]
    assert [(b.kind, b.identifier, b.url) for b in paper.badges] == [
        ("github", "me/repo", "https://github.com/me/repo"),
        ("custom", "🌐 Site", "https://example.org/site"),  # the words the badge showed
    ]
    assert paper.links == []


def test_video_figure_is_named_in_a_warning():
    video = '<video autoplay loop muted><source src="papers/demo.mp4" type="video/mp4"></video>'
    box = _box("[Title](https://a.org), **Me**, You", image=video)
    site = parse_about(f"# Publications\n{box}")
    assert site.sections[0].papers[0].image == ""
    assert site.warnings == [
        'line 2: Paper "Title": its figure is a video, which is not imported; give the paper a teaser image by hand'
    ]


def test_empty_title_link_keeps_the_title_without_a_url():
    box = _box("[Some Title]()\n\n**Me**, You")
    (paper,) = parse_about(f"# Publications\n{box}").sections[0].papers
    assert (paper.title, paper.url, [a.name for a in paper.authors]) == ("Some Title", "", ["Me", "You"])


# --- papers as bullets -------------------------------------------------------------------


def test_bullet_papers_end_their_authors_at_the_venue_and_keep_links_and_citations():
    page = (
        "# Publications\n"
        "- [Paper A](https://arxiv.org/abs/2301.00003), **Me Myself**, Ada Lovelace. *arxiv preprint*.\n"
        "- [Paper B](https://example.org/b), Ada Lovelace, **Me Myself**, **Conf 2023** "
        "\\| [**Code**](https://github.com/me/b) "
        "<strong><span class='show_paper_citations' data='ID:2'></span></strong>\n"
        "- [Paper C](https://example.org/c), Ada Lovelace, **Me Myself**. In Proceedings of Things. "
        "\\[[code](https://github.com/me/c)\\]\n"
        "- [Paper D](https://dl.acm.org/doi/10.1145/1234567), A. B. Smith, **Me Myself**, *et al.* **Conf 2021**\n"
    )
    site = parse_about(page)
    a, b, c, d = site.sections[0].papers
    assert (a.venue, [x.name for x in a.authors]) == ("arxiv preprint", ["Me Myself", "Ada Lovelace"])
    assert (b.venue_short, b.scholar_id, b.links) == (
        "Conf 2023",
        "ID:2",
        [ParsedLink("Code", "https://github.com/me/b")],
    )
    assert [x.name for x in b.authors] == ["Ada Lovelace", "Me Myself"]
    assert c.links == [ParsedLink("code", "https://github.com/me/c")]
    assert (c.venue_short, c.venue) == ("", "In Proceedings of Things")
    assert [x.name for x in c.authors] == ["Ada Lovelace", "Me Myself"]
    assert ([x.name for x in d.authors], d.venue_short, d.doi) == (
        ["A. B. Smith", "Me Myself"],
        "Conf 2021",
        "10.1145/1234567",
    )
    # Every venue here is a guess, and so is a date from an arXiv id: each is named, at its line.
    assert site.warnings == [
        'line 2: Paper "Paper A": took the italic "arxiv preprint" as its venue',
        'line 2: Paper "Paper A": no year given; dated 2023.01 from its arXiv id 2301.00003',
        'line 3: Paper "Paper B": took the bold "Conf 2023" as its venue',
        'line 4: Paper "Paper C": took "In Proceedings of Things" as its full venue',
        'line 5: Paper "Paper D": took the bold "Conf 2021" as its venue',
    ]


def test_bullet_paper_with_a_venue_badge_image_before_the_title():
    page = (
        "# Publications\n"
        "- ![x](https://img.shields.io/badge/ICMLW-2024-c821f3) [Paper](https://example.org/p) **Me** \\*, Ada\n"
    )
    (paper,) = parse_about(page).sections[0].papers
    assert (paper.title, paper.venue_short, paper.badges, paper.date) == ("Paper", "ICMLW 2024", [], _year(2024))
    assert _authors(paper) == [("Me", True, True, False), ("Ada", False, False, False)]


def test_bullet_papers_without_links():
    page = (
        "# Publications\n"
        "- **\\[ABC 2025]** **Me Myself**, Ada Lovelace, Alan Turing. *A Title Written in Italics*.\n"
        "- Is This a Title?, **Me Myself**, Ada Lovelace. *Workshop on Things*.\n"
        "* indicates equal contribution.\n"
    )
    site = parse_about(page)
    first, second = site.sections[0].papers
    assert (first.title, first.venue_short, first.date) == ("A Title Written in Italics", "ABC 2025", _year(2025))
    assert [a.name for a in first.authors] == ["Me Myself", "Ada Lovelace", "Alan Turing"]
    assert (second.title, second.venue) == ("Is This a Title?", "Workshop on Things")
    assert [a.name for a in second.authors] == ["Me Myself", "Ada Lovelace"]
    assert site.sections[0].entries == []
    assert site.sections[0].markdown == "- indicates equal contribution."
    assert site.warnings[:3] == [
        'line 2: Paper without a title link: took "A Title Written in Italics", the italic words after the authors, '
        "as its title",
        'line 3: Paper without a title link: took "Is This a Title?", the text before the first comma, as its title',
        'line 3: Paper "Is This a Title?": took the italic "Workshop on Things" as its venue',
    ]
    assert site.warnings[3].startswith('line 4: Section "Publications": kept text')
    assert len(site.warnings) == 4


# --- the owner -----------------------------------------------------------------------------


def test_owner_is_the_site_owner_even_where_coauthors_are_bold_or_the_owner_is_not():
    page = (
        "Me Myself (米米) studies things; advised by [Prof. Ada](https://a.org) (艾达).\n\n# Publications\n"
        "- [A](https://a.org/1), **Me Myself**, You\n- [B](https://a.org/2), **Me Myself**, You\n"
        "- [C](https://a.org/3), **Ada Lovelace**\\*, **Me Myself**\\*\n- [D](https://a.org/4), You, *Me Myself*\n"
    )
    site = parse_about(page)
    owners = [[a.name for a in p.authors if a.is_owner] for p in site.sections[1].papers]
    assert owners == [["Me Myself"]] * 4
    assert (site.profile.name, site.profile.native_name) == ("Me Myself", "米米")


def test_native_name_is_not_a_supervisors_or_an_institutions():
    page = (
        "I work at Some University (某某大学计算机科学与技术学院) with [Prof. Ada](https://a.org) (艾达).\n\n"
        "# Publications\n- [A](https://a.org/1), **Me Myself**, You\n"
    )
    assert parse_about(page).profile.native_name == ""


def test_an_unclosed_bracket_does_not_pull_the_author_line_into_the_title_line():
    box = _box("[A Title](https://a.org) [Preprint\n\n**Me Myself**, Ada Lovelace")
    (paper,) = parse_about(f"# Publications\n{box}").sections[0].papers
    assert paper.title == "A Title"
    assert [a.name for a in paper.authors] == ["Me Myself", "Ada Lovelace"]


def test_teaching_service_students_grants_and_skills_sections_become_their_entries():
    page = (
        "# Teaching\n- *2024.09 - Now*, Teaching assistant, CS 224N, Tsinghua University\n"
        "# 🤝 Academic Services\n- Reviewer: ACL 2025, EMNLP 2025\n- Program committee, NeurIPS 2024\n"
        "# Mentoring\n- *2023 - 2024*, Li Hua (MSc), now at ByteDance\n"
        "# Grants\n- *2022*, NSFC Young Scientists Fund, PI\n"
        "# Skills\n- **Programming**: Python, PyTorch\n"
        "# Teaching Experience\n- TA, Algorithms\n"
    )
    sections = parse_about(page).sections
    assert [(section.kind, len(section.entries)) for section in sections] == [
        ("teaching", 1), ("service", 2), ("students", 1), ("grants", 1), ("skills", 1), ("teaching", 1)
    ]  # fmt: skip
    teaching = sections[0].entries[0]
    assert teaching.text == "Teaching assistant, CS 224N, Tsinghua University" and teaching.date.ongoing
    assert sections[1].entries[0].text == "Reviewer: ACL 2025, EMNLP 2025"
    assert sections[4].entries[0].text == "**Programming**: Python, PyTorch"


def test_names_in_links_that_lead_nowhere_spaced_by_references_with_a_role_note_and_a_bold_italic_journal():
    """A page's Liquid loop writes each name as a link that stays put (``href="#"`` and an ``onclick`` that only
    prevents leaving), the owner's set apart as code, spaces as ``&ensp;``, the owner's part as "(共一)" and the
    journal in bold italics followed by its volume."""
    stays = '<a href="#" onclick="event.preventDefault()" style="white-space: nowrap;">{}</a>'
    names = ",&nbsp;".join(stays.format(name) for name in ("Wang Ada", "`Chen Bo`", "Li Cy"))
    box = _box(
        f'**A Study of Things**\n\n\n{names}.&nbsp;\n\n<span style="color: red;">(共一)</span>\n'
        '<span style="color: blue;">***Journal of X***. 2024: e02773-24. (JCR:Q1; IF:5.9) </span>\n\n'
        "[[HTML]](https://example.org/a) &emsp;[[PDF]](https://example.org/a.pdf)",
        badge="JX 2024",
    )
    copier = '<a href="#" onclick="copyBib(this)">Bib</a>'  # a link that did something with scripts: not words
    bullet = f"- **统计学方法比较**&ensp;{names}.&nbsp;{copier}\n<span>(作者)</span>\n***中国卫生统计***. 2023,40(4)."
    first, second = parse_about(f"# Publications\n{box}\n{bullet}\n").sections[0].papers
    assert first.title == "A Study of Things"
    assert [(a.name, a.is_owner) for a in first.authors] == [("Wang Ada", False), ("Chen Bo", True), ("Li Cy", False)]
    assert first.venue == "Journal of X. 2024: e02773-24. (JCR:Q1; IF:5.9)"
    assert first.description == "(共一)"
    assert [(link.label, link.url) for link in first.links] == [
        ("HTML", "https://example.org/a"), ("PDF", "https://example.org/a.pdf")
    ]  # fmt: skip
    assert second.title == "统计学方法比较"
    assert [a.name for a in second.authors] == ["Wang Ada", "Chen Bo", "Li Cy"]
    assert second.venue == "中国卫生统计. 2023,40(4)"
    assert second.description == "(作者)"


def test_references_of_names_and_a_year_under_html_sub_headings_keep_their_parts_and_groups():
    """A group's page lists its papers by year under ``<h2>`` headings, each a reference as a journal prints it:
    "Surname I, … (Year) Title. Journal volume: pages. https://doi.org/…", in Chinese script too, one with no link;
    a paper box opens with the full names, the owner in bold, then "(2022)." and the title."""
    box = _box(
        "**Jianhua Sun\\***, Shenming Fu, Huijie Wang. (2022). Primary characteristics of the extreme rainfall. "
        "*Atmospheric Science Letters*, 24(1), e1131. https://doi.org/10.1002/asl.1131\n\n"
        '<button><a href="https://example.org/asl">Link</a></button>',
        badge="ASL 2022",
    )
    page = (
        f'# Publications\n{box}\n<br>\n<h2 style="text-indent: 1em;">2024</h2>\n\n'
        "- Huang T, Fu S, Sun J (2024) A Case Study on the Vortices. Journal of Geophysical Research: Atmospheres "
        "129(5): e2023JD039573. https://doi.org/10.1029/2023JD039573\n"
        '<button><a href="https://example.org/jgr">Link</a></button>\n\n'
        "- 杨雯婷, 孙建华, 傅慎明 (2024) 华南地区区域性极端降水事件研究. 大气科学 48(3) 906-922.\n\n"
        '<h2 style="text-indent: 1em;">2020</h2>\n\n- Zhang T (2020) Impacts of ice nuclei. Atmospheric Research 240\n'
    )
    box_paper, *listed = parse_about(page).sections[0].papers
    assert (box_paper.title, box_paper.group) == ("Primary characteristics of the extreme rainfall", "")
    assert [(a.name, a.is_owner) for a in box_paper.authors] == [
        ("Jianhua Sun", True), ("Shenming Fu", False), ("Huijie Wang", False)
    ]  # fmt: skip
    assert (box_paper.doi, box_paper.date) == ("10.1002/asl.1131", _year(2022))
    assert [(p.title, p.group, p.date) for p in listed] == [
        ("A Case Study on the Vortices", "2024", _year(2024)),  # not 2023, the year in its article number
        ("华南地区区域性极端降水事件研究", "2024", _year(2024)),
        ("Impacts of ice nuclei", "2020", _year(2020)),
    ]
    assert [[a.name for a in p.authors] for p in listed] == [
        ["Huang T", "Fu S", "Sun J"], ["杨雯婷", "孙建华", "傅慎明"], ["Zhang T"]
    ]  # fmt: skip
    assert listed[0].venue.startswith("Journal of Geophysical Research: Atmospheres 129(5): e2023JD039573.")
    assert listed[0].doi == "10.1029/2023JD039573"
    assert listed[1].venue.startswith("大气科学 48(3) 906-922")


def test_a_paper_written_as_a_card_of_divs_is_a_paper():
    """``<div class="pub-item" markdown="1">`` around a div each for the title, the names, the links and the venue:
    a paper box with no figure, read alike (it was Markdown with its HTML, the owner's bold lost)."""
    card = (
        '<div class="pub-item" markdown="1">\n\n<div class="pub-title" markdown="span">[The Card Title of It]'
        '(https://arxiv.org/abs/2509.16944)</div>\n\n<div class="pub-authors" markdown="span">**Me Myself**, Ada '
        'Lovelace</div>\n\n<div class="pub-links" markdown="span">[\\[Code\\]](https://github.com/me/it)</div>\n\n'
        '<div class="pub-venue" markdown="span">International Conference on Learning Representations (ICLR), 2026'
        "</div>\n\n</div>\n"
    )
    section = parse_about(f"# Publications\n\n{card}\n{card.replace('Card Title', 'Second Card')}").sections[0]
    assert [paper.title for paper in section.papers] == ["The Card Title of It", "The Second Card of It"]
    paper = section.papers[0]
    assert [(a.name, a.is_owner) for a in paper.authors] == [("Me Myself", True), ("Ada Lovelace", False)]
    assert paper.venue == "International Conference on Learning Representations (ICLR), 2026"
    assert (paper.arxiv_id, [link.label for link in paper.links]) == ("2509.16944", ["Code"])
    assert section.markdown == ""


def test_a_card_with_a_figure_column_of_its_own_is_a_paper_with_its_figure():
    """A real site: ``<div class="publication-item">`` around ``<div class="publication-image"><img …></div>`` and
    the citation (its title a link in a list, the names, the reference): the figure was the first line, so every
    card was a paper without a title and its names, 42% of the page's words gone."""
    card = (
        '<div class="publication-list">\n  <h2>First-author papers</h2>\n  <div class="publication-item">\n'
        '    <div class="publication-image">\n      <img src="/images/publications/solitons.png" alt="Solitons figure">'
        '\n    </div>\n    <div class="publication-citation">\n      <ul><li>'
        '<a href="https://arxiv.org/abs/2511.04013">Dynamics of Ultrafast Microresonator Solitons</a></li></ul>\n'
        "      <p><strong>Me Myself</strong>, Ada Lovelace, and Bo Li. &ldquo;Dynamics of Ultrafast Microresonator "
        "Solitons,&rdquo; <em>arXiv:2511.04013</em> (2025).</p>"
        "\n    </div>\n  </div>\n</div>\n"
    )
    section = parse_about(f"# Publications\n\n{card}").sections[0]
    (paper,) = section.papers
    assert (paper.title, paper.group) == ("Dynamics of Ultrafast Microresonator Solitons", "First-author papers")
    assert [(a.name, a.is_owner) for a in paper.authors] == [
        ("Me Myself", True),
        ("Ada Lovelace", False),
        ("Bo Li", False),
    ]
    assert (paper.image, paper.image_alt, paper.arxiv_id) == (
        "/images/publications/solitons.png",
        "Solitons figure",
        "2511.04013",
    )
    assert "arXiv:2511.04013" in paper.venue and "(2025)" in paper.venue


def test_references_in_ieee_style_read_their_names_title_and_venue():
    """A real site lists its papers as IEEE prints them: 'A. Lovelace, **B. Li** and C. Babbage, "The Title," in
    Venue, vol. 3, pp. 1-9, 2023.': the owner's bold initials were the title, the title and venue more authors."""
    page = (
        "# Publications\n\n"
        '- **Y. Li**, J. Huang, S. Lu and G. Lu, "Cross-Domain Recognition via Contrastive Warm up and Self-Training," '
        "in IEEE Transactions on Image Processing, vol. 32, pp. 5438-5450, 2023. "
        "([paper](https://ieeexplore.ieee.org/abstract/document/10268350), [code](https://github.com/me/it))\n"
        '- A. Lovelace and **Y. Li**, "Rethinking the Gap between Cloud and Device Models," in Proc. CVPR, 2026.\n'
    )
    first, second = parse_about(page).sections[0].papers
    assert first.title == "Cross-Domain Recognition via Contrastive Warm up and Self-Training"
    assert [a.name for a in first.authors] == ["Y. Li", "J. Huang", "S. Lu", "G. Lu"] and first.and_before_last
    assert first.venue == "in IEEE Transactions on Image Processing, vol. 32, pp. 5438-5450, 2023"
    assert [link.label for link in first.links] == ["paper", "code"]
    assert (second.title, [a.name for a in second.authors]) == (
        "Rethinking the Gap between Cloud and Device Models", ["A. Lovelace", "Y. Li"]
    )  # fmt: skip
    assert second.venue == "in Proc. CVPR, 2026"


def test_groups_set_off_in_bold_italics_a_pointer_to_a_profile_and_titles_over_their_names():
    """ "***- Patents -***" over a list is its sub-heading; "See my [Google Scholar](…)" is where the papers are,
    not one of them; a title on its own line over "**Me**, You. Where. Year" (or "**Me**. Where. Year") is a paper."""
    page = (
        "# Publications\n\n***- Papers -***\n- See my [Google Scholar](https://scholar.google.com/citations?user=WYSr)"
        "\n\n***- Patents -***\n- [Feeling estimation device](https://patents.google.com/patent/US11107464B2/en). "
        "US11107464B2\n\n***- Technical Reports -***\n- Crossmodal ASR Error Correction with Speech Units\n  \n"
        "  **Me Myself**, Peter Bell, Catherine Lai. UK Speech. 2024\n\n- An Extensible Model for Driver States\n\n"
        "  **Me Myself**. The 12th Technical Forum. 2019\n"
    )
    section = parse_about(page).sections[0]
    assert [(paper.title, paper.group) for paper in section.papers] == [
        ("Feeling estimation device", "Patents"),
        ("Crossmodal ASR Error Correction with Speech Units", "Technical Reports"),
        ("An Extensible Model for Driver States", "Technical Reports"),
    ]
    assert [[a.name for a in paper.authors] for paper in section.papers[1:]] == [
        ["Me Myself", "Peter Bell", "Catherine Lai"], ["Me Myself"]
    ]  # fmt: skip
    assert [paper.venue for paper in section.papers[1:]] == ["UK Speech. 2024", "The 12th Technical Forum. 2019"]
    assert "See my [Google Scholar](https://scholar.google.com/citations?user=WYSr)" in section.intro


def test_a_venue_badge_then_its_rank_then_the_title_over_the_names_and_the_full_venue():
    """'<a href=…><span class="badge"><i class="fas fa-users"></i> SIGCOMM</span></a> (<span>CCF-A</span>). The
    Title. <br>' over the names and "ACM SIGCOMM 2026.": the badge was the title; with no link it was not a paper."""
    page = (
        "# Publications\n\n## Conference\n\n"
        '- <a href="http://arxiv.org/abs/2602.09725"><span class="badge"><i class="fas fa-users"></i> SIGCOMM</span>'
        '</a> (<span class="ccf-a">CCF-A</span>). Efficient Remote Cache Reuse with Video Codec. <br>\n'
        "<u>Liang Mi<sup>†</sup></u>, **Me Myself<sup>†</sup>**, Ting Cao, ACM SIGCOMM 2026.<br>\n\n"
        '- <a href="https://dl.acm.org/doi/pdf/10.1145/3680207.3765596"><span class="badge">MobiCom</span></a> '
        '(<span class="ccf-a">CCF-A</span>).Demo: EdgeMind-OS, A Plug-and-Play System.<br>\n'
        "  Xin Ding, **Me Myself**, ACM MobiCom 2025.<br>\n\n## Journal\n\n"
        '- <span class="badge"><i class="fas fa-book"></i> IJCV</span> (<span class="ccf-a">CCF-A</span>, '
        '<span class="jcr">JCR Q1</span>). CompViT: Real-Time Compressed Video Action Recognition.<br>\n'
        "  Tao Wu, **Me Myself**, Haipeng Dai, Springer IJCV 2026.<br>\n"
    )
    papers = parse_about(page).sections[0].papers
    assert [(p.title, p.venue_short, p.venue, p.group) for p in papers] == [
        ("Efficient Remote Cache Reuse with Video Codec", "SIGCOMM (CCF-A)", "ACM SIGCOMM 2026", "Conference"),
        ("Demo: EdgeMind-OS, A Plug-and-Play System", "MobiCom (CCF-A)", "ACM MobiCom 2025", "Conference"),
        ("CompViT: Real-Time Compressed Video Action Recognition", "IJCV (CCF-A, JCR Q1)", "Springer IJCV 2026",
         "Journal"),
    ]  # fmt: skip
    assert (papers[0].url, papers[0].arxiv_id, papers[1].doi) == (
        "http://arxiv.org/abs/2602.09725", "2602.09725", "10.1145/3680207.3765596"
    )  # fmt: skip
    assert [[(a.name, a.is_owner) for a in p.authors] for p in papers] == [
        [("Liang Mi", False), ("Me Myself", True), ("Ting Cao", False)],
        [("Xin Ding", False), ("Me Myself", True)],
        [("Tao Wu", False), ("Me Myself", True), ("Haipeng Dai", False)],
    ]
    assert [p.date for p in papers] == [_year(2026), _year(2025), _year(2026)]


def test_a_dash_between_a_date_and_its_line_parts_them_and_is_not_shown_after_the_date():
    """ "- 2024 — First-Class Scholarship" was shown "2024, — First-Class Scholarship" (the homepage writes the date
    and a comma itself)."""
    page = "# Honors and Awards\n\n- 2024 — First-Class Scholarship\n- *2022* – Second prize\n- *2020* -based award\n"
    entries = parse_about(page).sections[0].entries
    assert [(entry.date, entry.text) for entry in entries] == [
        (_year(2024), "First-Class Scholarship"), (_year(2022), "Second prize"), (_year(2020), "-based award")
    ]  # fmt: skip


def test_two_hyphens_between_years_are_a_range_shown_as_kramdown_shows_them():
    """ "- **2020--2024 Doctoral Scholarship**" was dated 2020 and read "--2024 Doctoral Scholarship": kramdown
    shows the two hyphens as an en dash, "2020–2024"."""
    page = "# Honors\n\n- **2020--2024 Doctoral Scholarship**\n- *2012 -- 2016*, Undergraduate Scholarship\n"
    entries = parse_about(page).sections[0].entries
    assert [(entry.date.start.year, entry.date.end.year, entry.text) for entry in entries] == [
        (2020, 2024, "Doctoral Scholarship"), (2012, 2016, "Undergraduate Scholarship")
    ]  # fmt: skip
    assert [entry.date.written for entry in entries] == ["2020–2024", "2012 – 2016"]


def test_references_as_chinese_journals_print_them_are_papers_with_their_parts():
    """GB/T 7714, the references of Chinese journals: "Names. Title[J]. Journal, 2021, 17(1): 1-17.". Written
    without spaces they were text, not papers; with them the title kept its "[J]"; in Chinese script, a
    patent without the bracket ("Names. Title. Place: number") had the first name as its title."""
    page = (
        "# Publications\n\n"
        "- 王跃亭,王敏娟,孙石,杨斯,郑立华.基于图像处理的大豆主茎节数统计[J].农业机械学报,2020,51(12):229-237. (EI)\n"
        "- Ada Lovelace, Bo Li, Chen Wu*. A synthetic dataset for pod segmentation[J]. Expert Systems with "
        "Applications, 2022, 192: 116403.\n"
        "- Yu Zhang, Mengliu Wu, Ada Lovelace, et al., Lettuce traits prediction based on DeepLabV3+[J]. Journal of "
        "Food Measurement (2022): 1-17.\n"
        "- Ada Lovelace, Bo Li. Transfer learning from synthetic pods[C]//Proceedings of the IEEE/CVF Conference on "
        "Computer Vision. 2022.\n"
        "- 郑立华, 米家奇, 杨斯等. 基于生成对抗网络的根系图像修复方法. 北京： ZL201910642641.X, 2021-9-21.\n"
        "- 徐文福, `李文朔`, 梁斌. 绳驱柔性机械臂的闭环运动控制方法 (授权号: CN113386124B). "
        "[[website]](https://patents.google.com/patent/CN113386124B/zh)\n"
    )
    papers = parse_about(page).sections[0].papers
    assert [paper.title for paper in papers] == [
        "基于图像处理的大豆主茎节数统计",
        "A synthetic dataset for pod segmentation",
        "Lettuce traits prediction based on DeepLabV3+",
        "Transfer learning from synthetic pods",
        "基于生成对抗网络的根系图像修复方法",
        "绳驱柔性机械臂的闭环运动控制方法 (授权号: CN113386124B)",
    ]
    assert [[author.name for author in paper.authors] for paper in papers] == [
        ["王跃亭", "王敏娟", "孙石", "杨斯", "郑立华"],
        ["Ada Lovelace", "Bo Li", "Chen Wu"],
        ["Yu Zhang", "Mengliu Wu", "Ada Lovelace"],
        ["Ada Lovelace", "Bo Li"],
        ["郑立华", "米家奇", "杨斯"],
        ["徐文福", "李文朔", "梁斌"],
    ]
    assert [paper.more_authors for paper in papers] == [False, False, True, False, True, False]
    assert papers[1].authors[2].corresponding or papers[1].authors[2].equal_contribution  # the mark, not the name
    assert [author.is_owner for author in papers[5].authors] == [False, True, False]  # set as code
    assert papers[0].venue.startswith("[J]. 农业机械学报,2020,51(12):229-237")  # its kind shown where it was
    assert papers[1].venue.startswith("[J]. Expert Systems with Applications, 2022")
    assert papers[3].venue.startswith("[C]//Proceedings of the IEEE/CVF Conference on Computer Vision")
    assert "ZL201910642641.X" in papers[4].venue
    assert [link.url for link in papers[5].links] == ["https://patents.google.com/patent/CN113386124B/zh"]


def test_kramdowns_attribute_lines_are_not_text():
    """ "{: #news}" under a heading (kramdown's attributes for the block before) shows nothing on the old site;
    kept, it was text above each list of the new homepage."""
    page = (
        "# 🔥 News\n{: #news}\n\n- *2024.01* A paper accepted.\n\n# Notes\n\nA paragraph.\n{:.notice}\n\n"
        'Another, with {: braces} inside it.\n\n{: data-x="1" }\n'
    )
    sections = parse_about(page).sections
    assert [(entry.date.start.year, entry.text) for entry in sections[0].entries] == [(2024, "A paper accepted.")]
    shown = " ".join(f"{section.intro} {section.markdown}" for section in sections)
    assert "{:" not in shown.replace("{: braces}", "")
    assert "Another, with {: braces} inside it." in shown


def test_a_badge_whose_address_holds_a_space_is_a_badge_not_its_source():
    """ "[![Code Stars](https://img.shields.io/github/stars/ada/cells?style=social&label=Code Stars)](…)": kramdown
    takes the address with its space and showed the badge; read as CommonMark reads it, the page showed its
    source, "![Code Stars](https://img.shields.io/…)", under the paper."""
    page = (
        "# Publications\n\n- [A Model of Cells](https://doi.org/10.1609/aaai.v39i28.35242) **Ada Lovelace**, Bo Li. "
        "*AAAI, 2025*. [![Code Stars](https://img.shields.io/github/stars/ada/cells?style=social&label=Code Stars)]"
        '(https://github.com/ada/cells) [Site](https://example.org "A title with spaces")\n'
    )
    (paper,) = parse_about(page).sections[0].papers
    assert [(badge.kind, badge.identifier, badge.label) for badge in paper.badges] == [
        ("github", "ada/cells", "Code Stars")
    ]
    assert [(link.label, link.url) for link in paper.links] == [("Site", "https://example.org")]
    assert "shields" not in paper.description and "shields" not in paper.venue


def test_a_references_title_wrapped_onto_its_next_line_in_the_source_is_whole():
    """The source wraps a reference mid-title ("… (2019). A Method of" over "Plant Root Image Restoration …"):
    Markdown reads one paragraph, and the title was "A Method of", the rest its description."""
    page = (
        "# Publications\n\n"
        "- Jiaqi Mi, Ada Lovelace, Bo Li (2019). A Method of\n"
        "Plant Root Image Restoration Based on GAN. IFAC-PapersOnLine, 52(30), 219-224. (EI)\n"
        "- Xia Hao, Ada Lovelace, Bo Li*. An optimization model of light intensity coupled with\n"
        "quality[J]. Plant Growth Regulation, 2020, 92(2): 319-331.\n"
        "- **Ada Lovelace**, Bo Li. Reading Pods\n"
        "  *ICML 2024*\n"
    )
    papers = parse_about(page).sections[0].papers
    assert [paper.title for paper in papers] == [
        "A Method of Plant Root Image Restoration Based on GAN",
        "An optimization model of light intensity coupled with quality",
        "Reading Pods",
    ]
    assert [paper.description for paper in papers[:2]] == ["", ""]
    assert papers[0].venue.startswith("IFAC-PapersOnLine, 52(30)")
    assert papers[1].venue.startswith("[J]. Plant Growth Regulation, 2020")


def test_what_follows_a_linked_titles_full_stop_is_its_authors_or_its_venue_not_a_name_with_the_stop():
    """ "[The Title](…). Journal of Robots, 2021, 3(1): 1-9": the venue was read as an author, ". Journal of
    Robots"; and "[The Title](…). Ada Lovelace, Bo Li. ICML 2024." had ". Ada Lovelace" as its first author."""
    page = (
        "# Publications\n\n"
        "- [基于模型的软体机械臂运动学建模研究](https://doi.org/10.13462/j.cnki.mmtamt.2020.12.008). "
        "组合机床与自动化加工技术, 2020, 0(12): 31-34\n"
        "- [A Study of Arms](https://doi.org/10.1/x). Journal of Robots, 2021, 3(1): 1-9\n"
        "- [A Study of Legs](https://doi.org/10.1/y). Ada Lovelace, Bo Li. ICML 2024.\n"
        "- [A Study of Eyes](https://doi.org/10.1/z). **Ada Lovelace**, Bo Li, Chen Wu. *Nature*, 2023.\n"
    )
    papers = parse_about(page).sections[0].papers
    assert [[(author.name, author.is_owner) for author in paper.authors] for paper in papers] == [
        [],
        [],
        [("Ada Lovelace", True), ("Bo Li", False)],  # the owner by name, as in bold in the next
        [("Ada Lovelace", True), ("Bo Li", False), ("Chen Wu", False)],
    ]
    assert [paper.venue for paper in papers[:2]] == [
        "组合机床与自动化加工技术, 2020, 0(12): 31-34",
        "Journal of Robots, 2021, 3(1): 1-9",
    ]


def test_a_venue_tag_in_triple_backticks_before_the_names_of_a_reference():
    """A line "```ACL 2024``` Names, ***Me***. ***The Title***. In …" was read whole as the title, backticks
    shown; a link to nowhere after the venue ("[Paper (To be released)](#)") had the venue kept as a sentence
    under the paper."""
    page = (
        "# Publications\n\n"
        "- ```ACL 2024``` Haoran Luo, Haihong E, ***Yifan Zhu***, Luu Anh Tuan. ***ChatKBQA: A Generate-then-"
        "Retrieve Framework for Question Answering***. In Findings of ACL (ACL'24), 2024. "
        "[Paper](https://arxiv.org/pdf/2310.08975) [Code](https://github.com/LHRLAB/ChatKBQA)\n"
        "- ```ICML 2026``` Kaiwen Xue, ***Yifan Zhu***, Haoran Luo. ***ERGeoBench: A Comprehensive Benchmark for "
        "Embodied Reasoning***. In Proceedings of ICML (ICML'26), 2026. [Paper (To be released)](#)\n"
    )
    first, second = parse_about(page).sections[0].papers
    assert (first.venue_short, first.title) == (
        "ACL 2024",
        "ChatKBQA: A Generate-then-Retrieve Framework for Question Answering",
    )
    assert [author.name for author in first.authors] == ["Haoran Luo", "Haihong E", "Yifan Zhu", "Luu Anh Tuan"]
    assert first.venue == "In Findings of ACL (ACL'24), 2024"
    assert [link.label for link in first.links] == ["Paper", "Code"]
    assert (second.venue_short, second.venue, second.description) == (
        "ICML 2026",
        "In Proceedings of ICML (ICML'26), 2026",
        "",
    )


def test_references_with_a_short_title_or_a_bracketed_tag_before_the_names():
    """After the names, a short title in bold italics ("***Another Title Here***") was read as another name and
    the venue taken for the title; "[ICLR 2025] Names. ***Title***." was read whole as the title, with no
    authors; "Names. Deep Nets. NeurIPS 2023." (no link, one comma) was not read as a paper at all; and "In
    Proceedings of …" after "***The Title***." was kept as a sentence under the paper, not as its venue."""
    page = (
        "# Publications\n\n"
        "- ```ACL 2024``` Alice Zhang, ***Bob Li***. ***Another Title Here***. In Proceedings of ACL, 2024.\n"
        "- [ICLR 2025] Alice Zhang, ***Bob Li***, Carol Wu. ***Sparse Attention Made Simple***. In International "
        "Conference on Learning Representations, 2025. [[Paper]](https://arxiv.org/abs/2401.00001)\n"
        "- Alice Zhang, **Bob Li**. Deep Nets. NeurIPS 2023.\n"
        "- ```ICML 2026``` Alice Zhang, ***Bob Li***. ***A Long Enough Title for the Old Path***. In Proceedings of "
        "the Forty-third International Conference on Machine Learning (ICML'26), 2026. [Paper](https://x.org/p)\n"
    )
    section = parse_about(page).sections[0]
    assert section.markdown == ""
    read = [
        (paper.venue_short, paper.title, [author.name for author in paper.authors], paper.venue)
        for paper in section.papers
    ]
    assert read == [
        ("ACL 2024", "Another Title Here", ["Alice Zhang", "Bob Li"], "In Proceedings of ACL, 2024"),
        (
            "ICLR 2025",
            "Sparse Attention Made Simple",
            ["Alice Zhang", "Bob Li", "Carol Wu"],
            "In International Conference on Learning Representations, 2025",
        ),
        ("", "Deep Nets", ["Alice Zhang", "Bob Li"], "NeurIPS 2023"),
        (  # the full venue after the title's full stop, not a sentence under the paper
            "ICML 2026",
            "A Long Enough Title for the Old Path",
            ["Alice Zhang", "Bob Li"],
            "In Proceedings of the Forty-third International Conference on Machine Learning (ICML'26), 2026",
        ),
    ]
    assert [paper.description for paper in section.papers] == ["", "", "", ""]
    assert [paper.authors[1].is_owner for paper in section.papers] == [True, True, True, True]
    assert [link.label for link in section.papers[1].links] == ["Paper"]


def test_a_title_in_bold_after_names_the_checks_refuse():
    """A one-word name ("Haihong", "HaQiankun") or "Member, IEEE" among the names: the list was not taken for
    authors, and the whole line, names, title and venue, became the title."""
    page = (
        "# Publications\n\n"
        "- ```WWW 2026``` Shiyao Peng, Qianhe Zheng, Yifan Zhu and Haihong. ***NeocorRAG: Less Irrelevant "
        "Information via Evidence Chains***. In Proceedings of the Web Conference (WWW'26), 2026. "
        "[Paper](https://dl.acm.org/doi/abs/10.1145/3774904.3792093)\n"
        "- ```AAAI 2025``` Shuai Lyu, Zijing Tian, ***Yifan Zhu***, HaQiankun, Meina Song. ***TSVC: Tripartite "
        "Learning for Retrieval***. In Proceedings of the AAAI Conference on Artificial Intelligence, 2025.\n"
    )
    first, second = parse_about(page).sections[0].papers
    assert (first.venue_short, first.title, first.venue) == (
        "WWW 2026",
        "NeocorRAG: Less Irrelevant Information via Evidence Chains",
        "In Proceedings of the Web Conference (WWW'26), 2026",
    )
    assert [author.name for author in first.authors] == ["Shiyao Peng", "Qianhe Zheng", "Yifan Zhu", "Haihong"]
    assert first.and_before_last and [link.label for link in first.links] == ["Paper"]
    assert second.title == "TSVC: Tripartite Learning for Retrieval"
    assert [(author.name, author.is_owner) for author in second.authors] == [
        ("Shuai Lyu", False), ("Zijing Tian", False), ("Yifan Zhu", True), ("HaQiankun", False), ("Meina Song", False)
    ]  # fmt: skip
    assert second.venue == "In Proceedings of the AAAI Conference on Artificial Intelligence, 2025"


def test_a_full_stop_inside_the_names_before_the_owners_name_in_emphasis():
    """On a real page, "…, Meina Song. ***Yifan Zhu***, ***INFER: …***.": the page's own stray full stop ended the
    names, and the owner's name, the emphasis right after them, became the title (the title a line under it)."""
    page = (
        "# Publications\n\n"
        "- ```ICLR 2025``` Ann Li, Bo Yang, Cy Chen. ***Ada Lovelace***, ***INFER: A Neural-symbolic Model For "
        "Reasoning***. In Proceedings of the International Conference on Learning Representations, 2025. "
        "[Paper](https://openreview.net/pdf?id=ExHUtB2vnz)\n"
        "- Ann Li, Bo Yang. ***Deep Nets***, *NeurIPS 2024*.\n"
    )
    first, second = parse_about(page).sections[0].papers
    assert (first.venue_short, first.title) == ("ICLR 2025", "INFER: A Neural-symbolic Model For Reasoning")
    assert [(author.name, author.is_owner) for author in first.authors] == [
        ("Ann Li", False), ("Bo Yang", False), ("Cy Chen", False), ("Ada Lovelace", True)
    ]  # fmt: skip
    assert first.venue == "In Proceedings of the International Conference on Learning Representations, 2025"
    assert [link.label for link in first.links] == ["Paper"]
    # A short title in emphasis, then the venue in emphasis: the title, not a name.
    assert (second.title, second.venue) == ("Deep Nets", "NeurIPS 2024")
    assert [author.name for author in second.authors] == ["Ann Li", "Bo Yang"]


def test_a_title_in_brackets_linking_nowhere_then_the_venues_tag_then_the_names():
    """A real site writes "[Few-Shot Head Swapping in the Wild], CVPR2022 (Oral), Changyong Shu, …": the whole line
    was the title, its sentence under it the names; and with a link, the venue's tag was the first author."""
    page = (
        "# Publications\n\n"
        "<div class='paper-box'><div class='paper-box-image'><img src='images/a.png' width=\"100%\"></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        "[Few-Shot Head Swapping in the Wild], CVPR2022 (Oral), Ann Li, Bo Yang†, <b>Ada Lovelace†</b>, Cy Chen\n\n"
        "First attempt to swap heads between images.\n\n</div>\n</div>\n\n"
        "- [Editing Text in the Wild](https://example.org/p), ACM MM19, Di Wu*, <b>Ada Lovelace*</b>, Ed Xu\n"
        "- [A Lovelace1, B Yang2](https://example.org/q), Ann Li1, Bo Yang2\n"
    )
    box, bullet, numbered = parse_about(page).sections[0].papers
    assert (box.title, box.venue) == ("Few-Shot Head Swapping in the Wild", "CVPR2022 (Oral)")
    assert box.description.startswith("First attempt to swap heads between images")
    assert [(author.name, author.is_owner) for author in box.authors] == [
        ("Ann Li", False), ("Bo Yang", False), ("Ada Lovelace", True), ("Cy Chen", False)
    ]  # fmt: skip
    assert (bullet.title, bullet.venue) == ("Editing Text in the Wild", "ACM MM19")
    assert [author.name for author in bullet.authors] == ["Di Wu", "Ada Lovelace", "Ed Xu"]
    # Names with affiliation numbers are names, not a venue's tag.
    assert [author.name for author in numbered.authors][:1] == ["Ann Li1"]


def test_names_ending_with_et_al_then_the_journal_in_italics():
    """A real site writes "[**The Title**](…), Chutong Jin, **Tian Du**, Xingyan Chen, et al., *Transactions on X*,
    2025.": the journal was read as the last author, and the venue was "2025"."""
    page = (
        "# Publications\n\n"
        "- [**Energy-Efficient Model Decoupling**](https://doi.org/10.1002/ett.70203), Ann Li, **Ada Lovelace**, "
        "Bo Yang, et al., *Transactions on Emerging Telecommunications Technologies*, 2025.\n"
        "- [**Time Series Clustering**](https://doi.org/10.1016/j.eswa.2022.119481), **Ada Lovelace**, et al., "
        "*Expert Systems with Applications*, 2023.\n"
    )
    first, second = parse_about(page).sections[0].papers
    assert [author.name for author in first.authors] == ["Ann Li", "Ada Lovelace", "Bo Yang"] and first.more_authors
    assert first.venue == "Transactions on Emerging Telecommunications Technologies, 2025"
    assert [author.name for author in second.authors] == ["Ada Lovelace"] and second.more_authors
    assert second.venue == "Expert Systems with Applications, 2023"
    assert not any(author.others_before for paper in (first, second) for author in paper.authors)


def test_a_tag_without_a_year_before_a_title_in_bold():
    """A real site sets '<span class="pub-venue review">IEEE T-ITS · under review</span> &nbsp;**The Title**<br>'
    over its names: the tag was the start of the title."""
    page = (
        "# Publications\n\n"
        '<div class="pub-item" markdown="1">\n'
        '<span class="pub-venue review">IEEE T-ITS · under review</span> &nbsp;**A Differentially Private Hybrid '
        "Architecture for Maintenance**<br>\n"
        '<span class="pub-authors"><strong>Ada Lovelace</strong>, A. Ghosh, Debasis Das. '
        "<em>IEEE Transactions on Intelligent Transportation Systems</em> (2026).</span>\n\n</div>\n\n"
        "- [CCF-A] **Ada Lovelace**, Ann Other, Bo Li, A Title of Four Words, *IEEE Transactions on X*, 2026.\n"
    )
    tagged, ranked = parse_about(page).sections[0].papers
    assert (tagged.title, tagged.venue_short) == (
        "A Differentially Private Hybrid Architecture for Maintenance",
        "IEEE T-ITS · under review",
    )
    assert [author.name for author in tagged.authors] == ["Ada Lovelace", "A. Ghosh", "Debasis Das"]
    # A rank before the owner's name in bold, then more names: the names, as before.
    assert [author.name for author in ranked.authors] == ["Ada Lovelace", "Ann Other", "Bo Li"]
    assert ranked.title == "A Title of Four Words"


def test_a_journals_name_over_a_title_that_a_flourish_opens():
    """A real site's 35 paper boxes write the journal on the first line, then "🔥`New！`[The Title](…)", then the
    names: 21 papers had the journal as their title, the title and names a text under it."""
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{year}</div>"
        '<img src=\'images/a.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n{journal}\n\n{flourish}[{title}](https://doi.org/10.1/{year})\n\n"
        "Ann Li, **Ada Lovelace**, Bo Yang\n\n</div>\n</div>\n\n"
    )
    journal, title = "Transportmetrica A: Transport Science", "A Demand Model for Transit"
    page = "# Publications\n\n" + box.format(year=2025, journal=journal, flourish="🔥`New！`", title=title)
    page += box.format(
        year=2021, journal="Transportation Research. Part C: Emerging Technologies", flourish="",
        title="Macroscopic Modeling of Cruising for Parking",
    )  # fmt: skip
    first, second = parse_about(page).sections[0].papers
    assert (first.title, first.url) == ("A Demand Model for Transit", "https://doi.org/10.1/2025")
    assert "Transportmetrica A: Transport Science" in (first.venue, first.venue_short)
    assert [author.name for author in first.authors] == ["Ann Li", "Ada Lovelace", "Bo Yang"]
    assert "New！" in first.description  # the flourish is kept, as the page showed it
    assert second.title == "Macroscopic Modeling of Cruising for Parking"
    assert "Transportation Research. Part C: Emerging Technologies" in (second.venue, second.venue_short)


def test_a_reference_as_mla_writes_it_wrapped_inside_its_quoted_title():
    """A real site writes "Li, Tieying, **Lingdu Kong**, … and Jiaxing Xu. “Bridging Modalities: A Survey of
    Cross-Moda" and goes on, on the next line, "l Image-Text Retrieval.” Journal (2024).": the whole first line was
    the title, its names "Li" and "Tieying", and the link's word "link" the title of the one after it."""
    page = (
        "# Publications\n\n"
        "- Li, Tieying, **Ada Lovelace**, Xiaochun Yang, Bin Wang and Jiaxing Xu. “Bridging Modalities: A Survey of "
        "Cross-Moda\nl Image-Text Retrieval.” Chinese Journal of Information Fusion (2024). "
        "\\[[link](https://www.icck.org/article/abs/cjif.2024.361895)\\]\n\n"
        '- **Ada Lovelace**, Bo Li and Cy Chen. "Closure Effect of Mixed-mode Cracks." Engineering Fracture '
        "Mechanics (2023).\n"
    )
    wrapped, quoted = parse_about(page).sections[0].papers
    assert wrapped.title == "Bridging Modalities: A Survey of Cross-Moda l Image-Text Retrieval"
    assert [author.name for author in wrapped.authors] == [
        "Tieying Li", "Ada Lovelace", "Xiaochun Yang", "Bin Wang", "Jiaxing Xu"
    ]  # fmt: skip
    assert wrapped.venue == "Chinese Journal of Information Fusion (2024)"
    assert [link.url for link in wrapped.links] == ["https://www.icck.org/article/abs/cjif.2024.361895"]
    assert (quoted.title, quoted.venue) == (
        "Closure Effect of Mixed-mode Cracks",
        "Engineering Fracture Mechanics (2023)",
    )


def test_a_heading_the_html_box_wraps_onto_two_lines_is_the_whole_title():
    """A real site writes its boxes in HTML, one title as '<h3> P1: Mastering Physics Olympiads with' over
    ' Reinforcement Learning</h3>': the title was cut in two, its second half the venue and the names text; and
    its co-first authors carry "∗" (U+2217), as a reference pasted from a PDF does."""
    page = (
        "# Publications\n\n"
        "<div class='paper-box'>\n  <div class='paper-box-image'><img src='images/p1.png' width=\"100%\"></div>\n"
        "  <div class='paper-box-text'>\n    <h3> P1: Mastering Physics Olympiads with\n Reinforcement Learning</h3>\n"
        '    <div class="authors"> Ann Li∗, Bo Yang∗, <strong><u>Ada Lovelace</u></strong>, Cy Chen</div>\n'
        '    <div class="venue">Technical Report</div>\n'
        '    <div class="links"><a href="https://arxiv.org/pdf/2511.13612">Paper</a></div>\n  </div>\n</div>\n'
    )
    (paper,) = parse_about(page).sections[0].papers
    assert (paper.title, paper.venue) == (
        "P1: Mastering Physics Olympiads with Reinforcement Learning",
        "Technical Report",
    )
    assert [(author.name, author.equal_contribution) for author in paper.authors] == [
        ("Ann Li", True), ("Bo Yang", True), ("Ada Lovelace", False), ("Cy Chen", False)
    ]  # fmt: skip
    assert paper.arxiv_id == "2511.13612"


def test_a_sub_heading_over_a_lower_one_with_nothing_listed_under_either_stays_as_text():
    """One site's "## 🚩 [Research Topic #1] Healthcare AI" over a sentence and cards of HTML, each with an ``<h3>``
    (read as "###"): the "##" was dropped, waiting to head "### …"'s papers, which never came."""
    page = (
        "# 📝 Representative Publications\n\n"
        '## 🚩 <span style="color: #aa0404;">[Research Topic #1] Healthcare AI</span>\n\n'
        "In healthcare AI, subtle visual perception is critical.\n\n"
        '<div style="border:2px solid">\n  <h3>[MICCAI 2020] PraNet: Parallel Reverse Attention</h3>\n</div>\n'
    )
    (section,) = parse_about(page).sections
    text = section.intro + section.markdown
    assert text.index("Research Topic #1") < text.index("In healthcare AI") < text.index("PraNet")
    # with papers under the lower one, both head them, as before
    (section,) = parse_about(
        "# Publications\n\n## Papers\n\n### 2026\n\n- [A Title of Mine](https://a.org/x), **Me**, You\n"
    ).sections
    assert [paper.group for paper in section.papers] == ["Papers — 2026"] and "Papers" not in section.markdown
