"""The AcadHomepage parser, on a real (mojibake-damaged) about page and small inputs."""

import datetime
from pathlib import Path

import pytest

from core.dates import DateSpan, Precision
from homepage.importers.acadhomepage import (
    ParsedBadge,
    ParsedLink,
    parse_about,
    parse_config,
    repair_mojibake,
)

FIXTURE = Path(__file__).resolve().parents[2] / "homepage" / "demo" / "acadhomepage_about.md"


@pytest.fixture(scope="module")
def site():
    return parse_about(FIXTURE.read_text(encoding="utf-8"))


def _section(site, kind):
    return next(section for section in site.sections if section.kind == kind)


def _month(year, month):
    return DateSpan(start=datetime.date(year, month, 1), precision=Precision.MONTH)


def _year(year):
    return DateSpan(start=datetime.date(year, 1, 1), precision=Precision.YEAR)


# --- the fixture -------------------------------------------------------------


def test_about_text_is_repaired_markdown_with_the_comment_kept(site):
    about = _section(site, "about")
    assert about.markdown.startswith(
        "Zhuoshi Pan (盘卓实 in Chinese) is currently a graduate student at "
        "[School of Information Science and Technology (SIST)](https://www.sist.tsinghua.edu.cn/)"
    )
    assert "His researches focus on natural language processing and efficient LLM." in about.markdown
    assert (
        "<!-- He currently is an intern of [Microsoft DKI Group]"
        "(https://www.microsoft.com/en-us/research/group/data-knowledge-intelligence/)"
    ) in about.markdown
    assert "mentored by [Dr. Qianhui Wu](https://www.microsoft.com/en-us/research/people/qianhuiwu/)" in about.markdown
    assert about.markdown.count("<!--") == 1 and about.markdown.count("-->") == 1
    assert "anchor" not in about.markdown
    assert "{%" not in about.markdown
    assert "permalink" not in about.markdown


def test_sections_in_page_order(site):
    assert [(s.kind, s.title, s.anchor, s.published) for s in site.sections] == [
        ("about", "About Me", "about-me", True),
        ("news", "🔥 News", "-news", True),
        ("publications", "📝 Publications", "-publications", True),
        ("honors", "🎖 Honors and Awards", "-honors-and-awards", True),
        ("education", "📖 Educations", "-educations", True),
        ("talks", "💬 Invited Talks", "-invited-talks", False),
        ("experience", "💻 Internships", "-internships", False),
    ]
    assert all(s.markdown == "" for s in site.sections if s.kind != "about")


def test_news_entries(site):
    news = _section(site, "news")
    assert [entry.date for entry in news.entries] == [
        _month(2025, 8),
        _month(2025, 3),
        _month(2025, 3),
        _month(2025, 1),
        _month(2024, 12),
        _month(2024, 3),
    ]
    assert all(entry.published for entry in news.entries)
    assert news.entries[0].text == (
        "One paper about efficient LLM inference was accepted by EMNLP'25 "
        "[Paper](https://arxiv.org/abs/2411.02886)|[Code](https://github.com/pzs19/TokenSelect). "
        "Thanks for the first author [Wei Wu](https://scholar.google.com/citations?user=0aDsRecAAAAJ&hl=en)!"
    )
    assert "[Paper](https://aclanthology.org/2025.acl-long.495/)|[Code](https://github.com/pzs19/InvestAlign)" in (
        news.entries[1].text
    )
    assert "[Paper](https://aclanthology.org/2025.findings-acl.605/)|[Code](https://github.com/pzs19/LEMMA)" in (
        news.entries[2].text
    )
    assert "[Paper](https://arxiv.org/abs/2502.05589)|[Code](https://github.com/microsoft/SeCom)" in (
        news.entries[3].text
    )
    assert "|[Code](https://github.com/OPTML-Group/BiBadDiff)" in news.entries[4].text
    assert news.entries[5].text.startswith(
        "LLMLingua-2 was accepted by ACL'24 Findings [Paper](https://aclanthology.org/2024.findings-acl.57/)"
        "|[Code](https://github.com/microsoft/LLMLingua/)|[Demo](https://huggingface.co/spaces/microsoft/llmlingua-2)."
    )


def test_papers_basic_fields(site):
    papers = _section(site, "publications").papers
    assert [(p.title, p.url, p.venue_short, p.image, p.image_alt, p.badge_text) for p in papers] == [
        (
            "TokenSelect: Efficient Long-Context Inference and Length Extrapolation for LLMs via "
            "Dynamic Token-Level KV Cache Selection",
            "https://arxiv.org/abs/2411.02886",
            "EMNLP'25 Main",
            "images/TokenSelect.png",
            "sym",
            "",
        ),
        (
            "LEMMA: Learning from Errors for MatheMatical Advancement in LLMs",
            "https://arxiv.org/abs/2503.17439",
            "ACL'25 Finding",
            "images/lemma.png",
            "sym",
            "",
        ),
        (
            "Secom: On memory construction and retrieval for personalized conversational agents",
            "https://arxiv.org/abs/2502.05589",
            "ICLR'25",
            "images/secom.png",
            "sym",
            "",
        ),
        (
            "LLMLingua-2: Data Distillation for Efficient and Faithful Task-Agnostic Prompt Compression",
            "https://arxiv.org/abs/2403.12968",
            "ACL'24 Finding",
            "images/LLMLingua-2.png",
            "sym",
            "",
        ),
        (
            "From Trojan Horses to Castle Walls: Unveiling Bilateral Backdoor Effects in Diffusion Models",
            "https://arxiv.org/abs/2311.02373",
            "NeurIPS'24",
            "images/BiBadDiff.png",
            "sym",
            "",
        ),
    ]
    assert [p.arxiv_id for p in papers] == ["2411.02886", "2503.17439", "2502.05589", "2403.12968", "2311.02373"]
    assert [p.date for p in papers] == [_year(2025), _year(2025), _year(2025), _year(2024), _year(2024)]
    assert all(p.published and p.group == "" and p.doi == "" and p.scholar_id == "" for p in papers)


def test_paper_authors(site):
    papers = _section(site, "publications").papers
    assert [len(p.authors) for p in papers] == [9, 10, 11, 13, 7]
    owners = [[i for i, a in enumerate(p.authors) if a.is_owner] for p in papers]
    assert owners == [[1], [0], [0], [0], [0]]
    assert all(a.name == "Zhuoshi Pan" for p in papers for a in p.authors if a.is_owner)

    token_select, _, _, lingua, bibaddiff = papers
    assert [a.name for a in token_select.authors[:3]] == ["Wei Wu", "Zhuoshi Pan", "Chao Wang"]
    assert [a.name for a in token_select.authors if a.equal_contribution] == ["Zhuoshi Pan"]
    assert [a.name for a in bibaddiff.authors if a.equal_contribution] == ["Yuguang Yao"]
    assert lingua.authors[7].name == "Victor Rühle"
    assert not any(a.corresponding or a.url for p in papers for a in p.authors)


def test_paper_links_and_badges(site):
    token_select, lemma, secom, lingua, bibaddiff = _section(site, "publications").papers
    assert token_select.links == []
    assert token_select.badges == [
        ParsedBadge(
            kind="github",
            identifier="pzs19/TokenSelect",
            url="https://github.com/pzs19/TokenSelect",
            label="Code Stars",
            image="https://img.shields.io/github/stars/microsoft/SeCom?style=social&label=Code+Stars",
        )
    ]
    assert [(b.kind, b.identifier, b.label) for b in lemma.badges] == [
        ("github", "pzs19/LEMMA", "Code Stars"),
        ("hf_collection", "panzs19/lemma-68620ced6bedc62fff843e43", "Model"),
    ]
    assert lemma.badges[1].url == "https://huggingface.co/collections/panzs19/lemma-68620ced6bedc62fff843e43"
    assert secom.links == [ParsedLink("Project", "https://www.microsoft.com/en-us/research/project/secom/")]
    assert [(b.kind, b.identifier) for b in secom.badges] == [("github", "microsoft/SeCom")]
    assert lingua.links == [ParsedLink("Project", "https://llmlingua.com/llmlingua2.html")]
    assert [(b.kind, b.identifier, b.url) for b in lingua.badges] == [
        ("github", "microsoft/LLMLingua", "https://github.com/microsoft/LLMLingua/"),
        ("hf_space", "microsoft/llmlingua-2", "https://huggingface.co/spaces/microsoft/llmlingua-2"),
    ]
    assert bibaddiff.links == [ParsedLink("Project", "https://github.com/OPTML-Group/BiBadDiff")]
    assert [(b.kind, b.identifier) for b in bibaddiff.badges] == [("github", "OPTML-Group/BiBadDiff")]


def test_mismatched_github_badge_is_warned_about_at_the_badge(site):
    mismatch = [w for w in site.warnings if "microsoft/SeCom" in w]
    assert len(mismatch) == 1
    assert "pzs19/TokenSelect" in mismatch[0] and "TokenSelect: Efficient" in mismatch[0]
    assert "\n" not in mismatch[0]
    # The paper box opens on line 37, its title is on line 40, the badge on line 43.
    assert mismatch[0].startswith('line 43: Paper "TokenSelect: Efficient')


def test_fixture_warnings_are_the_mismatch_and_the_two_digit_years_each_at_its_line(site):
    assert [w.split(": ", 1)[0] for w in site.warnings] == [
        "line 43",  # TokenSelect: the stars badge of another repository
        "line 40",  # TokenSelect: EMNLP'25 Main, on its title line
        "line 51",  # LEMMA: ACL'25 Finding
        "line 62",  # Secom: ICLR'25
        "line 73",  # LLMLingua-2: ACL'24 Finding
        "line 84",  # BiBadDiff: NeurIPS'24
    ]
    assert site.warnings[1] == (
        'line 40: Paper "TokenSelect: Efficient Long-Context Inference and Length Ex…": '
        'read the two-digit year "25" in "EMNLP\'25 Main" as 2025'
    )
    assert sum("two-digit year" in w for w in site.warnings) == 5


def test_fixture_papers_have_no_description_and_no_full_venue(site):
    papers = _section(site, "publications").papers
    assert [(p.description, p.venue) for p in papers] == [("", "")] * 5


def test_honors(site):
    honors = _section(site, "honors").entries
    assert [(e.date, e.text) for e in honors] == [
        (_year(2024), "First-Class Overall Excellence Award, THU."),
        (
            DateSpan(start=datetime.date(2020, 1, 1), end=datetime.date(2022, 1, 1), precision=Precision.YEAR),
            "Academic Excellence Scholarship, THU.",
        ),
        (_year(2019), "Freshman Scholarship, THU."),
    ]
    assert str(honors[1].date) == "2020 - 2022"


def test_education(site):
    education = _section(site, "education").entries
    assert [e.date for e in education] == [
        DateSpan(start=datetime.date(2023, 9, 1), precision=Precision.MONTH, ongoing=True),
        DateSpan(start=datetime.date(2019, 9, 1), end=datetime.date(2023, 6, 1), precision=Precision.MONTH),
    ]
    assert education[0].text == (
        "Graduate student in the School of Information Science and Technology (SIST), Tsinghua University (THU)."
    )
    assert str(education[0].date) == "2023.09 - Now"


def test_commented_out_sections_are_unpublished(site):
    talks = _section(site, "talks")
    assert [(e.date, e.published) for e in talks.entries] == [(_month(2021, 6), False), (_month(2021, 3), False)]
    assert talks.entries[1].text.endswith("dapibus sit amet.  | [\\[video\\]](https://github.com/)")

    internships = _section(site, "experience")
    assert [(str(e.date), e.date.ongoing, e.published) for e in internships.entries] == [
        ("2023.12 - Now", True, False),
        ("2022.06 - 2022.10", False, False),
    ]
    assert internships.entries[1].date.end == datetime.date(2022, 10, 1)
    assert internships.entries[1].text == "[XiaoIce Company](https://xiaoice.com/), Beijing, China."


def test_profile_from_page(site):
    assert site.profile.name == "Zhuoshi Pan"
    assert site.profile.native_name == "盘卓实"


def test_liquid_is_dropped_and_reported_with_its_line(site):
    assert site.dropped == [
        "line 11: Liquid tag: {% if site.google_scholar_stats_use_cdn %}",
        'line 12: Liquid tag: {% assign gsDataBaseUrl = "https://cdn.jsdelivr.net/gh/" | append: site.repository '
        '| append: "@" %}',
        "line 13: Liquid tag: {% else %}",
        'line 14: Liquid tag: {% assign gsDataBaseUrl = "https://raw.githubusercontent.com/" '
        '| append: site.repository | append: "/" %}',
        "line 15: Liquid tag: {% endif %}",
        'line 16: Liquid tag: {% assign url = gsDataBaseUrl | append: "google-scholar-stats/gs_data_shieldsio.json" %}',
    ]


# --- small inputs --------------------------------------------------------------


def test_repair_mojibake_fixes_damage_and_leaves_correct_text_alone():
    damaged = "\ufeffZhuoshi Pan (ÁõòÂçìÂÆû) \uf8ffüî• News, Victor R√ºhle"
    repaired = "Zhuoshi Pan (盘卓实) 🔥 News, Victor Rühle"
    assert repair_mojibake(damaged) == repaired
    assert repair_mojibake(repaired) == repaired
    for correct in ("Rühle", "café é", "盘卓实", "plain ASCII"):
        assert repair_mojibake(correct) == correct


def test_commented_out_bullet_in_live_section():
    site = parse_about("# News\n- *2024.05*, shown\n<!-- - *2023.01*, hidden -->\n- 2022 undated-looking\n")
    news = site.sections[0]
    assert (news.kind, news.published) == ("news", True)
    assert [(str(e.date), e.text, e.published) for e in news.entries] == [
        ("2024.05", "shown", True),
        ("2023.01", "hidden", False),
        ("2022", "undated-looking", True),
    ]
    assert site.warnings == []


def test_bullet_without_date():
    entry = parse_about("# Honors\n- Best reviewer \\| NeurIPS\n").sections[0].entries[0]
    assert entry.date == DateSpan() and entry.date.start is None
    assert entry.text == "Best reviewer | NeurIPS"


def test_commented_out_paper_box_is_unpublished():
    page = (
        "# Publications\n## 2024\n"
        "<!-- <div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">ICML 2024</div>"
        "<img src='images/x.png' alt=\"x\"></div></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        "[A Paper](https://doi.org/10.1000/abc) \\| [ICML'24]\n"
        "A. Author*, **Me Myself**✉\n\n"
        "[**Code**](https://example.org/code) <span class='show_paper_citations' data='ABC:123'></span>\n"
        "</div>\n</div> -->\n"
    )
    site = parse_about(page)
    (paper,) = site.sections[0].papers
    assert (paper.title, paper.published, paper.group, paper.badge_text) == ("A Paper", False, "2024", "ICML 2024")
    assert (paper.doi, paper.scholar_id, paper.date) == ("10.1000/abc", "ABC:123", _year(2024))
    assert [(a.name, a.is_owner, a.equal_contribution, a.corresponding) for a in paper.authors] == [
        ("A. Author", False, True, False),
        ("Me Myself", True, False, True),
    ]
    assert paper.links == [ParsedLink("Code", "https://example.org/code")]
    assert site.profile.name == "Me Myself"


def test_stray_paragraph_becomes_section_markdown_with_a_warning():
    site = parse_about("# 🔥 News\n- *2024.01*: item\n\nSee also my blog.\n")
    news = site.sections[0]
    assert len(news.entries) == 1
    assert news.markdown == "See also my blog."
    assert len(site.warnings) == 1
    assert "🔥 News" in site.warnings[0] and "See also my blog." in site.warnings[0]
    assert site.warnings[0].startswith("line 4: ")


def test_unknown_section_is_markdown():
    site = parse_about("Hello.\n\n# Research Interests\n- NLP\n- *Efficient* LLMs\n")
    assert [(s.kind, s.title, s.anchor) for s in site.sections] == [
        ("about", "About Me", "about-me"),
        ("markdown", "Research Interests", "research-interests"),
    ]
    assert site.sections[1].markdown == "- NLP\n- *Efficient* LLMs"
    assert site.sections[1].entries == [] and site.warnings == []


def test_script_block_is_dropped_and_reported():
    site = parse_about("Hi there.\n<script>\nvar x = 1;\n</script>\nBye.\n")
    assert site.sections[0].markdown == "Hi there.\nBye."
    assert site.dropped == ["line 2: <script> block: <script> var x = 1; </script>"]


def test_parse_config():
    profile = parse_config(
        """
title: "Zhuoshi Pan's Homepage"
description: "Homepage"
google_analytics_id: G-ABC
google_site_verification: gsv
bing_site_verification: bsv
baidu_site_verification: ""
author:
  name: Zhuoshi Pan
  avatar: images/android-chrome-512x512.png
  bio: "Graduate student"
  location: "Beijing, China"
  email: pzs23@mails.tsinghua.edu.cn
  googlescholar: https://scholar.google.com/citations?user=0aDsRecAAAAJ&hl=en
  github: pzs19
  twitter:
  zhihu: someone
"""
    )
    assert (profile.name, profile.email, profile.bio, profile.location) == (
        "Zhuoshi Pan",
        "pzs23@mails.tsinghua.edu.cn",
        "Graduate student",
        "Beijing, China",
    )
    assert profile.avatar == "images/android-chrome-512x512.png"
    assert profile.google_scholar_id == "0aDsRecAAAAJ"
    assert profile.links == {
        "google_scholar": "https://scholar.google.com/citations?user=0aDsRecAAAAJ&hl=en",
        "github": "pzs19",
        "zhihu": "someone",
    }
    assert (profile.site_title, profile.description, profile.analytics_id) == (
        "Zhuoshi Pan's Homepage",
        "Homepage",
        "G-ABC",
    )
    assert (profile.google_site_verification, profile.bing_site_verification, profile.baidu_site_verification) == (
        "gsv",
        "bsv",
        "",
    )


def test_the_name_in_the_owners_script_that_the_sidebar_shows_is_the_native_name():
    """A real site's sidebar writes ``{{ author.chinese_name }}`` under the name; it became a link of an unknown kind,
    and visitors of the new site no longer saw it."""
    config = 'author:\n  name: Yuheng Shi\n  chinese_name: "史育恒"\n  name_note: "Yuheng"\n  github: someone\n'
    sidebar = (
        '<h3 class="author__name">{{ author.name }}{% if author.chinese_name %}<br><span>{{ author.chinese_name }}'
        "</span>{% endif %}</h3>"
    )
    profile = parse_config(config, sidebar)
    assert (profile.name, profile.native_name) == ("Yuheng Shi", "史育恒")
    assert "chinese_name" not in profile.links and profile.links["github"] == "someone"
    # A sidebar that does not show it: the setting is kept as it was, not shown as a name the old site never showed.
    assert parse_config(config, "<h3>{{ author.name }}</h3>").native_name == ""


def test_the_data_file_a_sidebar_shows_is_the_one_for_the_page():
    from homepage.importers.acadhomepage import sidebar_data_profile

    sidebar = (
        '{% if page.url == "/zh.html" %}{% assign author = site.data.profile_zh.author %}'
        "{% else %}{% assign author = site.data.profile_en.author %}{% endif %}<h3>{{ author.name }}</h3>"
    )
    assert sidebar_data_profile("---\npermalink: /zh.html\n---\nText", sidebar) == "profile_zh"
    assert sidebar_data_profile("---\npermalink: /\n---\nText", sidebar) == "profile_en"
    assert sidebar_data_profile("Text", "{% assign author = site.data.me.author %}{{ author.name }}") == "me"
    assert sidebar_data_profile("Text", "<h3>{{ author.name }}</h3>") is None  # _config.yml's, as the template's


def test_parse_config_rejects_invalid_yaml():
    with pytest.raises(ValueError, match="not valid YAML"):
        parse_config("author:\n  name: [unclosed\n")


def test_impossible_date_is_kept_undated_with_a_warning():
    site = parse_about("# News\n- *2024.02.30*: leap-less\n")
    (entry,) = site.sections[0].entries
    assert entry.date == DateSpan()
    assert entry.text == "*2024.02.30*: leap-less"
    assert len(site.warnings) == 1 and "2024.02.30" in site.warnings[0]
    assert site.warnings[0].startswith("line 2: Impossible date")


def test_html_badges_in_a_paper_box_are_read_like_markdown_ones():
    page = (
        "# Publications\n<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n"
        "[Data](https://arxiv.org/pdf/2101.00001v2) \\| [Preprint]\n**Me**, You\n"
        "<a href='https://huggingface.co/datasets/me/data'><img src='https://img.shields.io/badge/HF-x?label=Data' "
        "alt='hf'></a>\n</div></div>\n"
    )
    (paper,) = parse_about(page).sections[0].papers
    assert paper.badges == [
        ParsedBadge(
            kind="hf_dataset",
            identifier="me/data",
            url="https://huggingface.co/datasets/me/data",
            label="Data",
            image="https://img.shields.io/badge/HF-x?label=Data",
        )
    ]
    assert (paper.arxiv_id, paper.date, paper.image) == ("2101.00001", _month(2021, 1), "")
