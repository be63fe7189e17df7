"""What real AcadHomepage sites lost on import, each reproduced small (bench/import_fidelity.py finds them).

Every case here stands for a pattern found on real sites: a paper box's sentences and bullets, the
owner's order and sub-headings, text kept under a list that has no items of its own.
"""

from __future__ import annotations

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from homepage.models import HomePage
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationListing, PublicationPage
from publications.records import PaperRecord, RecordAuthor
from publications.upsert import upsert_publication

pytestmark = pytest.mark.django_db


def import_page(tmp_path, text: str) -> str:
    about = tmp_path / "about.md"
    about.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_acadhomepage", str(about), "--no-check", stdout=out, stderr=StringIO())
    return out.getvalue()


def homepage(client) -> BeautifulSoup:
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


BOX = """\
<div class='paper-box'><div class='paper-box-image'><img src='images/{image}.png' alt="sym" width="100%"></div>
<div class='paper-box-text' markdown="1">

**{title}**
<u>Ada Lovelace</u>, Charles Babbage

**<font color = "#224B8D">{venue}</font>** \\| [Paper](https://arxiv.org/abs/{arxiv})
- {bullet}
- A second highlight of {title}.
</div>
</div>
"""


def test_a_paper_box_shows_its_bullets_on_the_homepage(client, tmp_path):
    """Eight of fourteen real sites: the sentences under a paper box were kept on the paper's own page only."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + BOX.format(
            image="a",
            title="Diffusion Bridges",
            venue="NeurIPS 2024",
            arxiv="2402.04080",
            bullet="This work introduces a mean-reverting bridge.",
        ),  # fmt: skip
    )
    paper = PublicationPage.objects.get()
    assert paper.summary.startswith("- This work introduces a mean-reverting bridge.")
    assert paper.abstract == ""
    box = homepage(client).select_one(".paper-box")
    assert [item.get_text() for item in box.select(".paper-box__summary li")] == [
        "This work introduces a mean-reverting bridge.",
        "A second highlight of Diffusion Bridges.",
    ]
    # The line under the authors, as the old box showed it: the venue, then its links, "Paper" included.
    assert box.select_one(".paper-box__venue").get_text() == "NeurIPS 2024"
    assert [link.get_text() for link in box.select(".paper-link")] == ["Paper"]
    assert box.select_one(".paper-box__title a")["href"] == "https://arxiv.org/abs/2402.04080"
    page = BeautifulSoup(client.get(paper.url).content, "html.parser")
    assert "mean-reverting bridge" in page.select_one(".publication__summary").get_text()


def test_the_owners_order_and_sub_headings_stay_as_on_the_old_page(client, tmp_path):
    """Seven sites: papers re-sorted by date, a sub-heading moved above the whole list."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + BOX.format(image="a", title="Older But First", venue="ICML 2021", arxiv="2101.00001", bullet="One.")
        + BOX.format(image="b", title="Newest Second", venue="ICLR 2025", arxiv="2501.00002", bullet="Two.")
        + "\n## Working Manuscripts\n\n"
        + BOX.format(image="c", title="A Manuscript", venue="Preprint", arxiv="2502.00003", bullet="Three.")
        + "\n## Peer-reviewed\n\n"
        + BOX.format(image="d", title="From 2023", venue="ACL 2023", arxiv="2301.00004", bullet="Four."),
    )
    section = homepage(client).select_one("section.section--publications")
    shown = [
        (element.name, element.get_text(" ", strip=True).split(" [")[0])
        for element in section.select("h3.section__subtitle, .paper-box__title a")
    ]
    assert shown == [
        ("a", "Older But First"),
        ("a", "Newest Second"),
        ("h3", "Working Manuscripts"),
        ("a", "A Manuscript"),
        ("h3", "Peer-reviewed"),
        ("a", "From 2023"),
    ]


def test_a_paper_added_by_hand_comes_first(client, tmp_path):
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + BOX.format(image="a", title="Imported One", venue="ICML 2021", arxiv="2101.00001", bullet="One."),
    )
    record = PaperRecord(title="Added Today", authors=[RecordAuthor("Ada Lovelace")], year=2020, featured=True)
    index = PublicationIndexPage.objects.get()
    upsert_publication(record, index=index, is_owner=lambda name: True, match=False, publish=True, first=True)
    titles = [link.get_text() for link in homepage(client).select(".paper-box__title a")]
    assert titles == ["Added Today", "Imported One"]


def test_text_under_a_list_with_no_items_is_shown(client, tmp_path):
    """Sites whose news or publications are all custom HTML: kept as text under the list, and shown."""
    import_page(
        tmp_path,
        '# 🔥 News\n<div style="display:flex"><div>2024.05: Our paper won a prize.</div></div>\n\n'
        '# 📝 Publications\n<h3 style="margin: 0">A Title Written In Raw HTML</h3>\n',
    )
    text = homepage(client).select_one("main").get_text(" ")
    assert "Our paper won a prize." in text
    assert "A Title Written In Raw HTML" in text


def test_dates_read_as_the_page_wrote_them(client, tmp_path):
    """Five sites: "Present" shown as "Now", "Aug. 2024" as "2024.08". Parsed for order and feeds, shown as written."""
    import_page(
        tmp_path,
        "# 🔥 News\n- *Aug. 2024*: A paper accepted.\n- *2024.05*: Another one.\n\n"
        "# 📖 Educations\n- *2021.09 - Present*, PhD student, Example University.\n"
        "- *Sep 2017 – Jun 2021*, BSc, Another University.\n",
    )
    from news.models import NewsItem
    from profile_site.models import EducationEntry

    aug = NewsItem.objects.get(text="A paper accepted.")
    assert (str(aug.date), aug.date_text) == ("2024-08-01", "Aug. 2024")
    assert NewsItem.objects.get(text="Another one.").date_text == ""  # already how the site writes it
    phd = EducationEntry.objects.get(text__startswith="PhD")
    assert (phd.ongoing, phd.date_text) == (True, "2021.09 - Present")
    dates = [time.get_text() for time in homepage(client).select("main time")]
    assert dates[:2] == ["Aug. 2024", "2024.05"]
    assert "2021.09 - Present" in dates and "Sep 2017 – Jun 2021" in dates


def test_text_before_the_first_heading_and_an_about_me_section_are_one_introduction(client, tmp_path):
    import_page(
        tmp_path,
        "<span class='anchor' id='about-me'></span>\nA line before any heading.\n\n"
        "# 👋 About Me {#about-me}\n\nHi! I am a PhD candidate.\n\n# 🔥 News\n- *2024.05*: News.\n",
    )
    page = homepage(client)
    text = page.select_one("main").get_text(" ")
    assert "A line before any heading." in text and "Hi! I am a PhD candidate." in text
    # The page wrote an "About Me" heading: the introduction shows it, once, before both.
    assert [h.get_text(" ", strip=True) for h in page.select("main h2")] == ["👋 About Me", "🔥 News"]
    assert text.index("About Me") < text.index("A line before any heading.")


def test_an_introduction_the_page_wrote_without_a_heading_gets_none(client, tmp_path):
    import_page(
        tmp_path, "<span class='anchor' id='about-me'></span>\nHi! I am a PhD candidate.\n\n# News\n- *2024*: N.\n"
    )
    page = homepage(client)
    assert [h.get_text(" ", strip=True) for h in page.select("main h2")] == ["News"]
    assert page.select_one("#about-me")["aria-label"] == "About Me"


def import_repo(tmp_path, config: str, sidebar: str | None = None) -> str:
    """A checkout of a one-line about page, this ``_config.yml`` and maybe a sidebar of its own, imported."""
    (tmp_path / "_pages").mkdir()
    (tmp_path / "_pages" / "about.md").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    if sidebar is not None:
        (tmp_path / "_includes").mkdir()
        (tmp_path / "_includes" / "author-profile.html").write_text(sidebar, encoding="utf-8")
    out = StringIO()
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=out, stderr=StringIO())
    return out.getvalue()


def sidebar_links(client) -> list[tuple[str, str]]:
    return [(a.get_text(" ", strip=True), a["href"]) for a in homepage(client).select(".author__links a")]


def test_a_profile_link_of_a_kind_this_site_does_not_know_is_kept_under_its_name(client, tmp_path):
    out = import_repo(
        tmp_path, "author:\n  name: Ada Lovelace\n  bilibili: https://space.bilibili.com/12345\n  myspace: ada\n"
    )
    assert dict(sidebar_links(client))["Bilibili"] == "https://space.bilibili.com/12345"
    assert "given without an address, not imported: myspace" in out


def test_a_link_setting_of_the_sites_own_sidebar_is_linked_and_named_as_that_sidebar_did(client, tmp_path):
    """A real site's own sidebar linked two Google Scholar profiles, ``googlescholar1`` and ``googlescholar2``,
    each shown as "Google Scholar": they were labelled "Googlescholar1" and "Googlescholar2". Another's linked
    ``instagram: near.d.ws`` as https://instagram.com/near.d.ws: it was not imported (a kind this site does not
    know, and no address)."""
    out = import_repo(
        tmp_path,
        "author:\n  name: Ada Lovelace\n  googlescholar1: https://scholar.google.com/citations?user=AAAAAAAAAAAA\n"
        "  googlescholar2: https://scholar.google.com/citations?user=BBBBBBBBBBBB\n"
        "  bilibili: https://space.bilibili.com/12345\n  instagram: near.d.ws\n  myspace: ada\n",
        '{% if author.googlescholar1 %}<li><a href="{{ author.googlescholar1 }}"><i class="fas fa-fw '
        'fa-graduation-cap"></i> Google Scholar</a></li>{% endif %}\n'
        '<li><a href="{{ author.googlescholar2 }}"><i class="fas fa-graduation-cap"></i> Google Scholar</a></li>\n'
        '<li><a href="https://instagram.com/{{ author.instagram }}"><i class="fab fa-fw fa-instagram" '
        'aria-hidden="true"></i> Instagram</a></li>\n<a href="https://instagram.com/{{ author.instagram }}"></a>',
    )
    assert sidebar_links(client) == [
        ("Google Scholar", "https://scholar.google.com/citations?user=AAAAAAAAAAAA"),
        ("Google Scholar", "https://scholar.google.com/citations?user=BBBBBBBBBBBB"),
        ("Bilibili", "https://space.bilibili.com/12345"),
        ("Instagram", "https://instagram.com/near.d.ws"),
    ]
    assert "given without an address, not imported: myspace" in out


def test_a_known_link_setting_the_sidebar_names_otherwise_keeps_that_name(client, tmp_path):
    """One site's sidebar shows its ``researchgate`` setting, an OpenReview profile, as "OpenReview": it was
    labelled "ResearchGate". Words that are the service's own name ("Github") stay the site's name for it."""
    import_repo(
        tmp_path,
        "author:\n  name: Ada Lovelace\n  researchgate: https://openreview.net/profile?id=~Ada_Lovelace1\n"
        "  github: ada\n",
        '<li><a href="{{ author.researchgate }}"><i class="fab fa-fw fa-researchgate"></i> OpenReview</a></li>\n'
        '<li><a href="https://github.com/{{ author.github }}"><i class="fab fa-fw fa-github"></i> Github</a></li>\n',
    )
    assert sidebar_links(client) == [
        ("OpenReview", "https://openreview.net/profile?id=~Ada_Lovelace1"),
        ("GitHub", "https://github.com/ada"),
    ]


def test_links_a_setting_lists_with_titles_are_each_a_link_of_the_sidebar(client, tmp_path):
    """Two real sites listed a service's links under one setting, each with a title of its own ("zhihu: - title:
    个人主页, url: …"); neither was carried over."""
    import_repo(
        tmp_path,
        "author:\n  name: Ada Lovelace\n  zhihu:\n"
        '    - title: "个人主页"\n      url: "https://www.zhihu.com/people/ada"\n      image_alt: "知乎"\n'
        '    - title: "大模型学习笔记"\n      url: "https://www.zhihu.com/column/c_1"\n'
        "  notes:\n    - url: https://notes.example.org\n    - title: No address\n",
    )
    assert sidebar_links(client) == [
        ("个人主页", "https://www.zhihu.com/people/ada"),
        ("大模型学习笔记", "https://www.zhihu.com/column/c_1"),
        ("Notes", "https://notes.example.org"),
    ]


SIDEBAR_OF_ITS_OWN = """\
<div class="author__avatar"></div>
{% if author.intro %}<p class="author__intro">{{ author.intro }}</p>{% endif %}
{% if author.wechat %}<h4>{{ author.wechat.title }}</h4><p>{{ author.wechat.description }}</p>{% endif %}
{% if author.wechat_id %}<li><i class="fas fa-fw fa-comment" aria-hidden="true"></i> WeChat: {{ author.wechat_id }}</li>
<span title="WeChat: {{ author.wechat_id }}"></span>{% endif %}
{% if author.xing %}<li><i class="fab fa-fw fa-weixin"></i> 微信: {{ author.xing }}</li>{% endif %}
"""


@pytest.mark.parametrize("own_sidebar", [True, False])
def test_sentences_a_customised_sidebar_shows_become_its_note(client, tmp_path, own_sidebar):
    """A site whose own _includes/author-profile.html shows more ``author:`` settings than the template
    (``intro``, a ``wechat`` block of a title and a description, "WeChat: {{ author.wechat_id }}") keeps them as
    the sidebar's note; a site with the template's sidebar never showed them, and they are not links either."""
    (tmp_path / "_pages").mkdir()
    (tmp_path / "_pages" / "about.md").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "_config.yml").write_text(
        "author:\n  name: Ada Lovelace\n  intro: Looking for a PhD position, fall 2027.\n"
        "  wechat:\n    title: Our reading group\n    description: Papers explained every week.\n"
        "    image: images/qr.jpg\n  github: ada\n  wechat_id: wx_ada_1815\n  xing:\n",  # left empty: not shown
        encoding="utf-8",
    )
    if own_sidebar:
        (tmp_path / "_includes").mkdir()
        (tmp_path / "_includes" / "author-profile.html").write_text(SIDEBAR_OF_ITS_OWN, encoding="utf-8")
    out = StringIO()
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=out, stderr=StringIO())
    page = homepage(client)
    note = page.select_one(".sidebar .author__note")
    links = [link.get_text(" ", strip=True) for link in page.select(".author__links a")]
    assert links == ["GitHub"]
    if not own_sidebar:
        assert note is None
        assert "given without an address, not imported: intro" in out.getvalue()  # reported, not lost in silence
        return
    assert "not imported: intro" not in out.getvalue()
    assert [paragraph.get_text(" ", strip=True) for paragraph in note.select("p")] == [
        "Looking for a PhD position, fall 2027.",
        "Our reading group",
        "Papers explained every week.",
        "WeChat: wx_ada_1815",
    ]
    assert note.select_one("strong").get_text() == "Our reading group"


SIDEBAR_READING_THE_PAGE = """\
{% if page.author and site.data.authors[page.author] %}{% assign author = site.data.authors[page.author] %}{% endif %}
{% assign author_bio = page.author_bio | default: author.bio %}
{% assign sidebar_intro = page.sidebar_intro | default: site.description %}
<p>{{ author_bio }}</p>{% if sidebar_intro %}<div>{{ sidebar_intro }}</div>{% endif %}{{ page.motto }}
"""


def test_what_a_customised_sidebar_shows_from_the_pages_front_matter_is_kept(client, tmp_path):
    """``page.author_bio | default: author.bio`` shows the page's bio in place of the config's; a sentence the
    sidebar shows from the page and that has no place of its own joins the note; one it only tests
    (``page.author``) does not."""
    (tmp_path / "_pages").mkdir()
    (tmp_path / "_pages" / "about.md").write_text(
        '---\npermalink: /\nauthor_bio: "Student of mathematics"\nsidebar_intro: "Take joy in discovery."\n'
        'motto: "Stay curious."\nexcerpt: "Not shown"\nauthor: "Ada Lovelace"\n---\nHello.\n',
        encoding="utf-8",
    )
    (tmp_path / "_config.yml").write_text("author:\n  name: Ada Lovelace\n  bio: Analyst\n", encoding="utf-8")
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "author-profile.html").write_text(SIDEBAR_READING_THE_PAGE, encoding="utf-8")
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=StringIO(), stderr=StringIO())
    page = homepage(client)
    assert page.select_one(".author__bio").get_text() == "Student of mathematics"
    assert page.select_one(".author__description").get_text() == "Take joy in discovery."
    assert page.select_one(".author__note").get_text(" ", strip=True) == "Stay curious."
    assert "Not shown" not in page.select_one(".sidebar").get_text()


def test_the_homepage_shows_as_many_news_as_the_old_one_and_each_full_venue(client, tmp_path):
    news = "".join(f"- *2024.{month:02d}*: Item {month}.\n" for month in range(12, 0, -1))
    import_page(
        tmp_path,
        f"# 🔥 News\n{news}\n# 📝 Publications\n\n"
        "- [A Journal Paper](https://doi.org/10.1109/tkde.2025.1), **Ada Lovelace**, Charles Babbage. "
        "*IEEE Transactions on Knowledge and Data Engineering (TKDE), 2025*\n",
    )
    page = homepage(client)
    assert len(page.select(".dated-entry--news")) == 12
    assert "IEEE Transactions on Knowledge and Data Engineering (TKDE)" in page.select_one("main").get_text(" ")


def test_news_under_year_labels_written_as_html_paragraphs_are_news(client, tmp_path):
    """A News section of year labels ("**2026:**") over bullets that are one HTML paragraph each, the date in
    ``<i>``: every bullet is a news item, the year labels are read from their dates, not kept as text."""
    out = import_page(
        tmp_path,
        "# 🌎 News\n**2026:**\n"
        "  - <p style='text-align:justify'><i>2026.04</i>: &nbsp; Four papers accepted at "
        '<font color="red">ACL 2026</font></p>\n'
        "  - <p style='text-align:justify'><i>2026.01</i>: &nbsp; A paper in T-PAMI.</p>\n\n"
        "**2025:**\n  - <p><em>2025.09</em>: &nbsp; Try our agent.</p>\n",
    )
    assert "News: 3 items" in out
    news = homepage(client).select(".dated-entry--news")
    assert [item.select_one("time").get_text(strip=True) for item in news] == ["2026.04", "2026.01", "2025.09"]
    assert "Four papers accepted at ACL 2026" in news[0].get_text(" ", strip=True)
    assert "2026:" not in homepage(client).select_one("main").get_text()


def test_a_list_inside_divs_that_kramdown_reads_as_markdown_is_a_list(client, tmp_path):
    """``<div class='people-grid' markdown='1'>`` around a list of people, inside another div: the old site
    showed a list (kramdown reads Markdown inside such a div); so does the new one."""
    import_page(
        tmp_path,
        "# 🤝 Collaborators\n\n## Mentors\n\n<div class='people-block'>\n<div class='people-grid' markdown='1'>\n"
        "- [**Ada Lovelace**](https://ada.example/)\n- [**Charles Babbage**](https://charles.example/)\n"
        "</div>\n</div>\n\n## Students\n\n- [**Mary Somerville**](https://mary.example/)\n",
    )
    section = next(part for part in homepage(client).select("section") if "Collaborators" in part.h2.get_text())
    people = [item.get_text(strip=True) for item in section.select("li")]
    assert people == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    assert section.select_one("li a strong").get_text() == "Ada Lovelace"
    assert "markdown=" not in str(section) and "**" not in section.get_text()


def test_two_honors_of_one_name_in_two_years_stay_two_and_a_second_import_adds_none(tmp_path):
    """Five sites: separate items merged because their text looked alike."""
    page = (
        "# 🏅 Honors and Awards\n- *2025.10* Top 10% Publication Incentive — Tao\n"
        "- *2024.12* Top 10% Publication Incentive — Tao\n- *2024.12* Top 10% Publication Incentive — Teng\n"
    )
    from profile_site.models import AwardEntry

    import_page(tmp_path, page)
    import_page(tmp_path, page)
    assert sorted((str(entry.date), entry.text) for entry in AwardEntry.objects.all()) == [
        ("2024-12-01", "Top 10% Publication Incentive — Tao"),
        ("2024-12-01", "Top 10% Publication Incentive — Teng"),
        ("2025-10-01", "Top 10% Publication Incentive — Tao"),
    ]


def test_the_report_counts_what_was_saved(tmp_path):
    """Five sites: the report said more papers than were saved (two boxes of one paper, a paper refused)."""
    from news.models import NewsItem
    from profile_site.models import AwardEntry

    output = import_page(
        tmp_path,
        "# 🔥 News\n- *2024.05*: One.\n- *2024.04*: Two.\n- *2024.03*: Three.\n\n"
        "# 📝 Publications\n\n"
        + BOX.format(image="a", title="Same Paper", venue="ICML 2024", arxiv="2401.00001", bullet="One.")
        + BOX.format(image="b", title="Same Paper", venue="ICML 2024", arxiv="2401.00001", bullet="Two.")
        + BOX.format(image="c", title="Another Paper", venue="ICLR 2025", arxiv="2501.00002", bullet="Three.")
        + "\n# 🏅 Honors and Awards\n- *2024* A prize.\n- *2023* Another prize.\n",
    )
    counts = dict(line.strip().split(": ", 1) for line in output.splitlines() if line.startswith("  ") and ": " in line)
    assert counts["Publications"] == f"{PublicationPage.objects.count()} items" == "2 items"
    assert counts["News"] == f"{NewsItem.objects.count()} items" == "3 items"
    assert counts["Honors and awards"] == f"{AwardEntry.objects.count()} items" == "2 items"


def test_a_reference_written_surname_first_reads_its_authors_title_and_venue(client, tmp_path):
    """Six sites: "Wang X, Li Y. Title. Venue." lines read as a title, or their title as the last author."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- Wang X, **Li Y**, Zhang Z. A study of things in places. *Journal of Stuff*, 2023.\n"
        "- **Li Y**, Wang X. **Another study of the thing**. IEEE TPAMI 2022. [[PDF]](https://x.org/a.pdf)\n"
        "- **Yi Li**, Bob Smith. [A third paper](https://arxiv.org/abs/2402.00002). ICLR 2025.\n",
    )
    papers = {paper.title: paper for paper in PublicationPage.objects.all()}
    assert sorted(papers) == ["A study of things in places", "A third paper", "Another study of the thing"]
    assert [author.name for author in papers["A study of things in places"].authors.all()] == [
        "Wang X",
        "Li Y",
        "Zhang Z",
    ]
    assert papers["Another study of the thing"].venue == "IEEE TPAMI 2022"
    assert papers["Another study of the thing"].date.year == 2022
    assert [author.name for author in papers["A third paper"].authors.all()] == ["Yi Li", "Bob Smith"]
    text = homepage(client).select_one("main").get_text(" ")
    assert "Journal of Stuff" in text


def test_html_bold_and_an_author_me_span_mark_the_owner(tmp_path):
    """Two sites: the owner's name highlighted as ``<span class="author-me">`` (or ``<b>``) was not recognised."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        '- <span class="author-me">Ada Lovelace</span>, Charles Babbage. '
        "[Notes on the engine](https://arxiv.org/abs/1843.00001). 1843.\n"
        "- Charles Babbage, <b>Ada Lovelace</b>. [On the analytical engine](https://arxiv.org/abs/1843.00002). 1843.\n",
    )
    owners = {
        paper.title: [a.name for a in paper.authors.all() if a.is_owner] for paper in PublicationPage.objects.all()
    }
    assert owners == {"Notes on the engine": ["Ada Lovelace"], "On the analytical engine": ["Ada Lovelace"]}


def test_a_stars_badge_inside_a_links_text_is_a_badge_not_raw_markdown(client, tmp_path):
    """Three sites: ``[Github ![](…/github/stars/…)](…)`` showed its image markdown as text."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + BOX.format(image="a", title="Starry Paper", venue="CVPR 2024", arxiv="2403.00003", bullet="One.").replace(
            "[Paper](https://arxiv.org/abs/2403.00003)",
            "[Paper](https://arxiv.org/abs/2403.00003) \\| "
            "[Github ![](https://img.shields.io/github/stars/ada/starry?style=social)](https://github.com/ada/starry)",
        ),
    )
    paper = PublicationPage.objects.get()
    assert [(link.label, link.url) for link in paper.links.all()][-1] == ("Github", "https://github.com/ada/starry")
    assert [(badge.kind, badge.identifier) for badge in paper.badges.all()] == [("github", "ada/starry")]
    assert "![" not in homepage(client).select_one(".paper-box").get_text()


@pytest.mark.parametrize("heading", ["🛠 Projects", "🛠️ Project Experience", "🛠️ 项目经历"])
def test_project_boxes_and_images_in_free_text_come_with_their_figures(client, tmp_path, heading):
    """Four sites: paper boxes outside the publications ("Projects") were flattened to text, and the images
    free text showed by a path in the old site were not imported (broken on the new one). Under a heading
    read as experience ("项目经历", project experience), a fifth site's boxes were lost."""
    from PIL import Image
    from wagtail.images import get_image_model

    (tmp_path / "_pages").mkdir()
    (tmp_path / "images").mkdir()
    for name, colour in (("tool.png", "#224488"), ("group.png", "#884422"), ("me.jpg", "#228844")):
        Image.new("RGB", (120, 80), colour).save(tmp_path / "images" / name)
    (tmp_path / "_pages" / "about.md").write_text(
        f"---\npermalink: /\n---\n\n# {heading}\n\n"
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">Library</div>"
        '<img src=\'images/tool.png\' alt="SuperTool\'s logo" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n[SuperTool: a library](https://github.com/ada/tool)\n\n"
        "A project description line.\n</div>\n</div>\n\n"
        '# Gallery\n\nOur group: ![The group](images/group.png)\n\n<img src="/images/me.jpg" width="300">\n'
        '<!-- <img src="images/missing.png"> -->\n',
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=out, stderr=StringIO())
    assert sorted(image.title for image in get_image_model().objects.all()) == ["group", "me", "tool"]
    main = homepage(client).select_one("main")
    shown = {img.get("alt", ""): img["src"] for img in main.select("img")}
    assert set(shown) == {"SuperTool's logo", "The group", ""}
    for src in shown.values():
        assert client.get(src).status_code == 200, src
    text = main.get_text(" ")
    assert "Library" in text and "SuperTool: a library" in text and "A project description line." in text
    assert "missing.png" not in out.getvalue()  # a commented-out image is not looked for


def test_a_small_image_of_free_text_is_shown_as_it_is_and_a_large_one_from_a_rendition(client, tmp_path):
    """A real site showed 56 images in its text; a rendition of each (decoded, encoded as WebP) took 9 of the
    import's 10 s. One no larger than a rendition would make is shown from its own file."""
    from PIL import Image
    from wagtail.images import get_image_model

    (tmp_path / "_pages").mkdir()
    (tmp_path / "images").mkdir()
    Image.new("RGB", (120, 80), "#224488").save(tmp_path / "images" / "logo.png")
    Image.new("RGB", (2400, 300), "#884422").save(tmp_path / "images" / "wide.png")
    (tmp_path / "_pages" / "about.md").write_text(
        "---\npermalink: /\n---\n\n# Gallery\n\n![Logo](images/logo.png) ![Wide](images/wide.png)\n",
        encoding="utf-8",
    )
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=StringIO(), stderr=StringIO())
    images = {image.title: image for image in get_image_model().objects.all()}
    shown = {img["alt"]: img["src"] for img in homepage(client).select("main img")}
    assert shown["Logo"] == images["logo"].file.url and not images["logo"].renditions.exists()
    assert shown["Wide"] == images["wide"].renditions.get().url
    for src in shown.values():
        assert client.get(src).status_code == 200, src


BOXED = """\
<div class='paper-box'><div class='paper-box-image'><div><div class="badge">{label}</div><img src='images/{image}.png' alt="{alt}" width="100%"></div></div>
<div class='paper-box-text' markdown="1">

[{title}](https://example.org/{image})

{line}
</div>
</div>
"""  # noqa: E501 - a box as the template writes it


def checkout_with_images(tmp_path, text: str, *images: str):
    from PIL import Image

    (tmp_path / "_pages").mkdir()
    (tmp_path / "images").mkdir()
    for number, name in enumerate(images):
        Image.new("RGB", (160, 100), f"#{number * 40 % 256:02x}4488").save(tmp_path / "images" / f"{name}.png")
    (tmp_path / "_pages" / "about.md").write_text(f"---\npermalink: /\n---\n\n{text}", encoding="utf-8")
    out = StringIO()
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_boxes_outside_the_publications_keep_their_look_order_and_figures(client, tmp_path):
    """Eight sites of the corpus: projects, demos, songs written as paper boxes under their own heading became
    a figure over text, no longer a box beside it. A section of such boxes is now a section of boxes (figure,
    corner label, text), in the owner's order, with the text before and after them; the owner edits each box."""
    from homepage.models import HomePage

    boxes = "".join(
        BOXED.format(label=label, image=image, alt=alt, title=title, line=line)
        for label, image, alt, title, line in (
            ("Game", "kinect", "sym", "A gesture game", "**Ada Lovelace**, built in Unity."),
            ("AR 2024", "brick", "Bricks on a table", "BrickPal", "An assembly guide. [Video](https://example.org/v)"),
        )
    )
    checkout_with_images(
        tmp_path,
        f"# 📽 Projects\n\nWhat I build on the side.\n\n{boxes}\n---\n\nMore on [GitHub](https://github.com/ada).\n",
        "kinect",
        "brick",
    )
    (section,) = [block for block in HomePage.objects.get().sections if block.block_type == "boxes"]
    assert [box["label"] for box in section.value["boxes"]] == ["Game", "AR 2024"]
    assert [box["image"].title for box in section.value["boxes"]] == ["kinect", "brick"]
    projects = homepage(client).select_one("#-projects")
    assert projects.select_one(".section__title").get_text(strip=True).endswith("Projects")
    shown = projects.select("article.paper-box")
    assert [box.select_one(".paper-box__badge").get_text() for box in shown] == ["Game", "AR 2024"]
    assert [box.select_one("img")["alt"] for box in shown] == ["kinect", "Bricks on a table"]  # not "sym"
    assert shown[1].select_one("a[href='https://example.org/v']").get_text() == "Video"
    assert "Ada Lovelace" in shown[0].select_one("strong").get_text()
    text = " ".join(projects.get_text(" ").split())
    assert text.index("What I build on the side.") < text.index("A gesture game") < text.index("BrickPal")
    assert text.index("BrickPal") < text.index("More on GitHub")
    for image in projects.select("img"):
        assert client.get(image["src"]).status_code == 200


def test_a_box_whose_text_column_is_indented_html_shows_it_as_html(client, tmp_path):
    """A site whose boxes an include writes from data (``{% include card.html %}`` in a loop): the text column
    is HTML without ``markdown="1"``, its lines indented after blank ones, which kramdown shows as HTML; read as
    Markdown they were code, and visitors saw 24 tags as text ("<p class="publication-authors">")."""
    box = (
        "<div class='paper-box'>\n  <div class='paper-box-image'>\n    <div>\n"
        '      <div class="badge">Overview</div>\n      <img src="/images/kinect.png" alt="A figure" width="100%">\n'
        "    </div>\n  </div>\n  <div class='paper-box-text'>\n    \n      <h3>Research Interests</h3>\n    \n\n"
        '    \n      <p class="publication-authors"><strong>Ada Lovelace</strong></p>\n    \n\n'
        '    <p class="publication-meta">What I work on</p>\n\n    \n      <p>A short note on my topics.</p>\n'
        '    \n      <div class="pub-links">\n          <a href="https://example.org/a">Notes</a>\n      </div>\n'
        "  </div>\n</div>\n"
    )
    checkout_with_images(tmp_path, f"# Overview\n\n{box}\n{box}", "kinect")

    shown = homepage(client).select("article.paper-box")
    assert len(shown) == 2
    for card in shown:
        assert "<" not in card.get_text() and not card.select("pre, code")
        assert card.select_one("strong").get_text() == "Ada Lovelace"
        assert card.select_one("a[href='https://example.org/a']").get_text() == "Notes"
        assert "A short note on my topics." in card.get_text()


def test_boxes_keep_to_what_their_form_takes(client, tmp_path):
    """A label longer than a box takes is shortened with a warning; text over the boxes longer than a field holds
    makes the section free text, split into sections the form takes, so the owner can still save the homepage."""
    from homepage.models import HomePage

    long_label = BOXED.format(label="L" * 150, image="one", alt="", title="Long label", line="Line.")
    out = checkout_with_images(tmp_path, f"# Demos\n\n{long_label}", "one")
    (section,) = [block for block in HomePage.objects.get().sections if block.block_type == "boxes"]
    assert section.value["boxes"][0]["label"] == "L" * 99 + "…"
    assert "a box's label is longer than 100 characters, shortened" in out

    long_intro = "Words of an introduction. " * 1_000
    other = tmp_path / "other"
    other.mkdir()
    checkout_with_images(other, f"# Demos\n\n{long_intro}\n\n{long_label}", "one")
    kinds = [block.block_type for block in HomePage.objects.get().sections]
    assert "boxes" not in kinds and kinds.count("markdown") >= 2


def test_boxes_with_text_between_them_keep_their_look_and_the_text_its_place(client, tmp_path):
    """Text between the boxes is a box of text alone in the section of boxes, a row between the two boxes."""
    from homepage.models import HomePage

    first = BOXED.format(label="One", image="one", alt="", title="First thing", line="Line one.")
    second = BOXED.format(label="Two", image="two", alt="", title="Second thing", line="Line two.")
    checkout_with_images(tmp_path, f"# Demos\n\n{first}\nA paragraph between them.\n\n{second}", "one", "two")
    (section,) = HomePage.objects.get().sections
    assert section.block_type == "boxes"
    assert [(bool(box["image"]), box["text"]) for box in section.value["boxes"]][1] == (
        False,
        "A paragraph between them.",
    )
    main = homepage(client).select_one("main")
    assert [len(box.select("img")) for box in main.select("article.paper-box")] == [1, 0, 1]
    text = " ".join(main.get_text(" ").split())
    assert text.index("First thing") < text.index("A paragraph between them.") < text.index("Second thing")


def test_a_research_section_of_the_owners_paper_boxes_is_publications(client, tmp_path):
    """A site listed its papers as boxes under "⚙️ Research Project", one without a figure whose badge opens its
    text column: all were free text. Boxes that each name authors with the owner in bold, most with a venue and
    its year, are the owner's papers; the badge opening a text column is the box's corner label, not its title."""
    papers = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">ICML 2025</div>"
        '<img src=\'images/farms.png\' alt="sym" width="90%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n**Eigenspectrum Analysis without Aspect Ratio Bias**\n\n"
        "**Ada Lovelace**, Charles Babbage\n\n**ICML 2025**\n\n[Paper](https://arxiv.org/abs/2506.06280)\n\n</div>\n</div>\n\n"
        "<div class='paper-box no-image'>\n<div class='paper-box-text' markdown=\"1\">\n\n"
        '<div class="badge">Preprint</div>\n\n**Learning Memory Construction**\n\n'
        "Charles Babbage, **Ada Lovelace**\n\n[Paper](https://arxiv.org/abs/2509.25911)\n\n</div>\n</div>\n"
    )
    out = checkout_with_images(tmp_path, f"# ⚙️ Research Project\n\n### 📖 Memory\n\n{papers}", "farms")
    assert "read as publications" in out
    titles = list(PublicationPage.objects.order_by("path").values_list("title", "badge_text", "group"))
    assert titles == [
        ("Eigenspectrum Analysis without Aspect Ratio Bias", "ICML 2025", "📖 Memory"),
        ("Learning Memory Construction", "Preprint", "📖 Memory"),
    ]
    boxes = homepage(client).select("article.paper-box")
    assert [box.select_one(".paper-box__title a").get_text() for box in boxes] == [title for title, _, _ in titles]


def test_a_reference_with_full_names_and_a_year_tag_reads_its_title_and_long_venue(client, tmp_path):
    """A real site listed "- *2023* A B, C D, and E F. Title. Venue, pages, 2023.": the year and first
    author were taken as the title, and the rest, kept as a description, showed nowhere on the list."""
    import_page(
        tmp_path,
        "# 📝 Publications\n"
        "- *2023* Chengxuan Qin, Rui Yang, and J. Smith. Spatial variation generation for data augmentation. "
        "In Advances in Guidance, Navigation and Control: Proceedings of 2020 International Conference on "
        "Guidance, Navigation and Control (ICGNC), pages 3255–3268, 2022.\n",
    )
    paper = PublicationPage.objects.get()
    assert paper.title == "Spatial variation generation for data augmentation"
    assert [author.name for author in paper.authors.all()] == ["Chengxuan Qin", "Rui Yang", "J. Smith"]
    assert paper.venue.startswith("In Advances in Guidance") and paper.venue.endswith("pages 3255–3268, 2022")
    assert "pages 3255–3268" in homepage(client).select_one("main").get_text(" ")


def test_figures_addressed_through_liquid_url_filters_and_names_under_a_line_of_tags(client, tmp_path):
    """A real site: each box's figure was written ``{{ '/images/x.png' | relative_url }}`` (dropped as built by
    Liquid), and its authors came under a line of venue tags (read as a description, not as authors)."""
    from PIL import Image
    from wagtail.images import get_image_model

    (tmp_path / "_pages").mkdir()
    (tmp_path / "images" / "paper").mkdir(parents=True)
    for name, colour in (("phase.png", "#224488"), ("flow.png", "#884422")):
        Image.new("RGB", (160, 90), colour).save(tmp_path / "images" / "paper" / name)
    box = (
        '<div class=\'paper-box\'><div class=\'paper-box-image\'><div><img src="{src}" alt="{alt}" width="100%">'
        "</div></div>\n<div class='paper-box-text' markdown=\"1\">\n\n**{title}**\n\n"
        '<div class="pub-tags"><span class="pub-tag">{venue}</span> <span class="pub-tag">Highlight</span></div>\n\n'
        "**Ada Lovelace**, Charles Babbage, Mary Somerville<sup>†</sup>\n\n"
        '<a class="paper-link" href="https://arxiv.org/pdf/{arxiv}"><i class="fas fa-file-pdf"></i></a>\n\n'
        "</div>\n</div>\n\n"
    )
    (tmp_path / "_pages" / "about.md").write_text(
        "---\npermalink: /\n---\n\n# Publications\n\n"
        + box.format(src="{{ '/images/paper/phase.png' | relative_url }}", alt="Phase", title="Phase Nets",
                     venue="CVPR 2026", arxiv="2509.24850")
        + box.format(src="{{ site.baseurl }}/images/paper/flow.png", alt="Flow", title="Flow Warping",
                     venue="NeurIPS 2026 Under Review", arxiv="2505.03621"),
        encoding="utf-8",
    )  # fmt: skip
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=StringIO(), stderr=StringIO())
    assert sorted(image.title for image in get_image_model().objects.all()) == ["Flow Warping", "Phase Nets"]
    for title, venue in (("Phase Nets", "CVPR 2026 Highlight"), ("Flow Warping", "NeurIPS 2026 Under Review")):
        paper = PublicationPage.objects.get(title=title)
        assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
        assert paper.authors.all()[0].is_owner and paper.venue.startswith(venue.split(" Highlight")[0])
        assert paper.teaser_image is not None
    main = homepage(client).select_one("main")
    assert {img.get("alt") for img in main.select("img")} >= {"Phase", "Flow"}


def test_an_html_h1_over_lines_is_a_heading_and_its_paper_box_is_kept(client, tmp_path):
    """A real site: "Preprint" written as an HTML ``<h1>`` with a logo, over three lines; its paper box was lost."""
    text = (
        "# News\n\n- *2025.04*: A preprint.\n\n"
        '<h1>\n  <img src="images/arxiv.svg" id="preprint" alt="arXiv Logo" style="height: 1.5em">\n  Preprint\n</h1>\n'
        "<!-- # 📝 Preprint -->\n"
        + BOX.format(image="a", title="Computational Reasoning", venue="arXiv 2025", arxiv="2504.20771",
                     bullet="A benchmark of reasoning.")
        + "\n# Publications\n\n"
        + BOX.format(image="b", title="Diffusion Bridges", venue="NeurIPS 2024", arxiv="2402.04080",
                     bullet="Bridges between distributions.")
    )  # fmt: skip
    import_page(tmp_path, text)
    page = homepage(client)
    headings = [h.get_text(" ", strip=True) for h in page.select("main h2")]
    assert headings == ["News", "Preprint", "Publications"]  # each publications section under its heading
    text = page.select_one("main").get_text(" ", strip=True)
    assert text.index("Preprint") < text.index("Computational Reasoning") < text.index("Publications")
    assert text.index("Publications") < text.index("Diffusion Bridges")
    assert PublicationPage.objects.filter(title__in=["Computational Reasoning", "Diffusion Bridges"]).count() == 2


def test_a_title_written_as_text_before_its_pdf_link_is_the_title(client, tmp_path):
    """A real site: "Title[[PDF]](…) [[Code]](…)", authors and venue on an indented line, bullets under it;
    the paper was titled "[PDF]" and its title kept as the venue."""
    text = (
        "# Publications\n\n"
        "- Sparse Attention for Long Documents[[PDF]](https://example.org/paper.pdf)"
        " [[Code]](https://github.com/example/sparse).\n\n"
        "  Ada Lovelace†, Charles Babbage. Accepted by Journal of Engines (SCI Q1, IF=7.7)\n\n"
        "  - A new way to read a whole book at once.\n"
    )
    import_page(tmp_path, text)
    paper = PublicationPage.objects.get()
    assert paper.title == "Sparse Attention for Long Documents"
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage"]
    assert "Journal of Engines (SCI Q1, IF=7.7)" in paper.venue
    assert sorted(link.kind for link in paper.links.all()) == ["code", "pdf"]
    assert "read a whole book" in homepage(client).select_one("main").get_text(" ")


def test_two_papers_sharing_a_copied_doi_stay_two_papers(client, tmp_path):
    """A real site: a journal paper's DOI link copied under the next paper; the second was merged into the first.
    One paper listed twice (same DOI, same title) is still one publication. Its venue tag, set in code, was
    read as part of the title."""
    line = "- `TIFS'24` **{title}**.  \n  Ada Lovelace, Charles Babbage.  \n  [[DOI](https://doi.org/10.1109/TIFS.2024.3372815)]\n"
    text = (
        "# Publications\n\n## Selected\n\n" + line.format(title="Unstoppable Attack: Label-Only Model Inversion")
        + "\n## Journal\n\n" + line.format(title="Unstoppable Attack: Label-Only Model Inversion")
        + line.format(title="Backdoor Attack and Defense on Deep Learning: A Survey")
    )  # fmt: skip
    out = import_page(tmp_path, text)
    titles = sorted(PublicationPage.objects.values_list("title", flat=True))
    assert titles == [
        "Backdoor Attack and Defense on Deep Learning: A Survey",
        "Unstoppable Attack: Label-Only Model Inversion",
    ]
    assert "kept as a paper of its own" in out
    assert {paper.venue_short for paper in PublicationPage.objects.all()} == {"TIFS'24"}  # a tag set in code
    # The paper listed twice stays in the group it was first listed in ("Selected", as a visitor reads it first).
    groups = dict(PublicationPage.objects.values_list("title", "group"))
    assert groups == {
        "Unstoppable Attack: Label-Only Model Inversion": "Selected",
        "Backdoor Attack and Defense on Deep Learning: A Survey": "Journal",
    }
    import_page(tmp_path, text)
    assert PublicationPage.objects.count() == 2
    assert dict(PublicationPage.objects.values_list("title", "group")) == groups


def test_a_paper_listed_under_two_sub_headings_is_shown_under_both_in_the_owners_order(client, tmp_path):
    """Two real sites: highlights as paper boxes, then each again as a line of "Selected Journal Papers" among
    papers listed there only, in another order; or "Works in Seed" repeated under their topics. Each was shown
    once, under its first sub-heading: the second list lost its lines. It stays one publication."""
    line = "- [{title}](https://arxiv.org/abs/{arxiv}), **Ada Lovelace**, Charles Babbage. *{venue}*\n"
    text = (
        "# 📝 Publications\n\n## Highlights\n\n"
        + BOX.format(image="a", title="Alpha Paper", venue="ICML 2021", arxiv="2101.00001", bullet="One.")
        + "\n"
        + BOX.format(image="b", title="Beta Paper", venue="ICLR 2025", arxiv="2501.00002", bullet="Two.")
        + "\n## Selected Journal Papers\n\n"
        + line.format(title="Beta Paper", arxiv="2501.00002", venue="TPAMI 2025")
        + line.format(title="Gamma Paper", arxiv="2301.00003", venue="TIP 2023")
        + line.format(title="Alpha Paper", arxiv="2101.00001", venue="JMLR 2021")
        + line.format(title="Delta Paper", arxiv="2201.00004", venue="TOG 2022")
    )
    import_page(tmp_path, text)
    for _ in range(2):  # a second import changes nothing
        assert PublicationPage.objects.count() == 4
        assert PublicationListing.objects.count() == 2
        page = homepage(client)
        boxes = [box["aria-label"] for box in page.select(".paper-box")]
        assert boxes == ["Alpha Paper", "Beta Paper"]
        heading = page.find("h3", string="Selected Journal Papers")
        lines = heading.find_next("ul", class_="publication-list").find_all("li", recursive=False)
        assert [li.select_one(".citation__title").get_text(strip=True) for li in lines] == [
            "Beta Paper", "Gamma Paper", "Alpha Paper", "Delta Paper"
        ]  # fmt: skip
        assert PublicationPage.objects.get(title="Alpha Paper").group == "Highlights"
        # A line, as it was there: the box's highlights are not written out again under it.
        assert all(li.select_one(".citation__summary") is None for li in lines)
        assert page.get_text(" ").count("A second highlight of Beta Paper") == 1
        import_page(tmp_path, text)


def test_papers_in_a_numbered_list_are_papers(client, tmp_path):
    """A real site numbered its papers ("1. **Owner**, … <u>Title</u>. Venue (**NeurIPS**), 2025. (**CCF-A**)"): they
    were kept as one block of text, no paper of their own; and the text between two bold words, which holds the
    year, was taken as a bold venue."""
    line = (
        "{n}. **Ada Lovelace**, Charles Babbage, Mary Somerville. <u>{title}</u>. The 39th Annual Conference on "
        "Neural Information Processing Systems (**NeurIPS**), San Diego, USA, December 2–7, 2025. (**CCF-A**) "
        "[[paper]](https://arxiv.org/abs/{arxiv})\n"
    )
    out = import_page(
        tmp_path,
        "# 📃 Publications\n\n"
        + line.format(n=1, title="Beyond Higher Rank", arxiv="2510.23123")
        + line.format(n=2, title="Bits Freezing", arxiv="2509.10161")
        + "10) **Ada Lovelace**, Charles Babbage, Mary Somerville. <u>Tenth Paper</u>. ICML 2024.\n",
    )
    papers = list(PublicationPage.objects.order_by("path"))
    assert [paper.title for paper in papers] == ["Beyond Higher Rank", "Bits Freezing", "Tenth Paper"]
    assert papers[0].venue.startswith("The 39th Annual Conference on Neural Information Processing Systems")
    assert "San Diego" in papers[0].venue and "took the bold" not in out
    assert [author.name for author in papers[0].authors.all()][:2] == ["Ada Lovelace", "Charles Babbage"]


def test_a_paper_box_whose_text_is_one_bullet_is_that_paper(client, tmp_path):
    """A real site wrote each box's text as one bullet ("- [Title](doi), **Owner**, …, **Journal** 111, 102499
    (2024)"): the bullet was read as the paper's description, the paper left without a title; and the journal,
    volume and pages after the names were read as two more authors."""
    import_page(
        tmp_path,
        "# 📝 Publications\n<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\"></div>"
        '<img src=\'images/a.jpg\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n"
        "- [Third Moment Method for Reliability Analysis](https://doi.org/10.1016/j.strusafe.2024.102499), "
        "**Ada Lovelace**, Charles Babbage*, Mary Somerville, **Structural Safety** 111, 102499 (2024) "
        "\\| [\\[Brief introduction\\]](https://example.org/intro)\n</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert paper.title == "Third Moment Method for Reliability Analysis"
    assert paper.doi == "10.1016/j.strusafe.2024.102499"
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    assert "Structural Safety 111, 102499 (2024)" in homepage(client).select_one(".paper-box").get_text(" ")


def test_author_lists_keep_the_and_the_old_page_wrote_before_the_last_name(client, tmp_path):
    """Ten real sites wrote "A, B, and C" (seventy "and"s on one): the lists were shown as "A, B, C". The import
    takes the style most of the page's lists have (Settings → Profile), and a page that writes none keeps none."""
    lines = (
        "- [First Paper](https://arxiv.org/abs/2401.00001), **Ada Lovelace**, Charles Babbage, and Mary Somerville\n"
        "- [Second Paper](https://arxiv.org/abs/2401.00002), Charles Babbage and **Ada Lovelace**\n"
        "- [Third Paper](https://arxiv.org/abs/2401.00003), **Ada Lovelace**, Charles Babbage, et al.\n"
    )
    import_page(tmp_path, "# Publications\n\n" + lines)
    text = " ".join(homepage(client).select_one(".publication-list").get_text(" ").split())
    assert "Ada Lovelace , Charles Babbage , and Mary Somerville" in text
    assert "Charles Babbage and Ada Lovelace" in text
    second = PublicationPage.objects.get(title="Second Paper")
    assert (second.venue_short, [author.name for author in second.authors.all()]) == (
        "", ["Charles Babbage", "Ada Lovelace"]
    )  # fmt: skip
    assert "Ada Lovelace , Charles Babbage , et al." in text  # more names follow: no "and"
    import_page(tmp_path, "# Publications\n\n" + lines.replace(", and ", ", ").replace(" and **", ", **"))
    text = " ".join(homepage(client).select_one(".publication-list").get_text(" ").split())
    assert "Ada Lovelace , Charles Babbage , Mary Somerville" in text and " and " not in text


def test_boxes_under_a_heading_of_a_listed_kind_keep_their_look_and_double_angles_are_guillemets(client, tmp_path):
    """A real site: "# 🍀 流片经历" (tape-outs; "经历" reads as experience) of two paper boxes, one titled
    "<<A Two-stage Voltage Reference>>", which kramdown shows as «A Two-stage Voltage Reference»: the boxes were
    flattened to text, and "<A Two-stage …>" read as a link's tag, its words gone."""
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{label}</div>"
        '<img src=\'images/{image}.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n{title}\n\n12/2024, Project Leader\n\n</div>\n</div>\n\n"
    )
    import_page(
        tmp_path,
        "# 🍀 流片经历\n\n"
        + box.format(label="Reference Chip", image="a", title="<<A Two-stage Voltage Reference with PVT \nvariation>>")
        + box.format(label="Level Shifter", image="b", title="三支路逻辑控制的电平位移电路")
        + "# 💻 Internships\n\n- *2023.01 - 2023.06*, Intern, Example Labs.\n",
    )  # fmt: skip
    section = next(child for child in HomePage.objects.get().sections if child.value["title"] == "流片经历")
    assert section.block_type == "boxes"
    boxes = homepage(client).select_one("#-流片经历").select("article.paper-box")
    assert [box.select_one(".paper-box__badge").get_text() for box in boxes] == ["Reference Chip", "Level Shifter"]
    assert "«A Two-stage Voltage Reference with PVT variation»" in " ".join(boxes[0].get_text(" ").split())


def test_boxes_under_a_heading_of_a_listed_kind_are_never_read_as_papers(client, tmp_path):
    """A real site writes its schooling and internships as boxes that name the owner in bold and a year: read as
    boxes under their own heading, they were taken for publications, each a paper page."""
    box = (
        "<div class='paper-box'><div class='paper-box-image'><img src='images/{image}.png' alt='sym'></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n\n**{title}**\n\n**Ada Lovelace**, advised by Charles Babbage"
        "\n\n*{what}*\n\n</div>\n</div>\n\n"
    )
    import_page(
        tmp_path,
        "# 📖 Education\n\n" + box.format(image="a", title="Example University", what="M.E., 2023 - 2026")
        + "# 💼 Internship\n\n" + box.format(image="b", title="Example Labs", what="Research Intern, 2024"),
    )  # fmt: skip
    assert [(child.block_type, child.value["title"]) for child in HomePage.objects.get().sections] == [
        ("boxes", "Education"), ("boxes", "Internship"),
    ]  # fmt: skip
    assert not PublicationPage.objects.exists()


def test_patents_opening_with_their_date_and_number_are_titled_by_their_bold_words(client, tmp_path):
    """A real site lists patents as "- _2025.02_, ZL…, **Title**, inventors": the date was the title and the
    number and title two of the authors. And "**The Title**, names. [[website]](…)" was titled with every name."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n- [A Paper](https://arxiv.org/abs/2401.00001), **Ada Lovelace**, Bo Li. *ICML 2024*\n"
        "\n## Patents\n\n"
        "- _2025.02_, ZL202410000000.1, **A Method for Counting Things**, **Ada Lovelace**, Bo Li\n"
        "- CN113386124B, **A Closed Loop for Engines**, Bo Li, **Ada Lovelace**. "
        "[[website]](https://patents.google.com/patent/CN113386124B/zh)\n",
    )
    papers = {paper.title: paper for paper in PublicationPage.objects.all()}
    assert sorted(papers) == ["A Closed Loop for Engines", "A Method for Counting Things", "A Paper"]
    counting, loop = papers["A Method for Counting Things"], papers["A Closed Loop for Engines"]
    assert [a.name for a in counting.authors.all()] == ["Ada Lovelace", "Bo Li"]
    assert [a.name for a in loop.authors.all()] == ["Bo Li", "Ada Lovelace"]
    assert (counting.venue, counting.date.year) == ("ZL202410000000.1, 2025.02", 2025)
    assert loop.venue == "CN113386124B"
    assert [link.url for link in loop.links.all()] == ["https://patents.google.com/patent/CN113386124B/zh"]
    text = homepage(client).select_one("main").get_text(" ")
    assert "ZL202410000000.1" in text and "2025.02" in text


def test_a_second_publications_section_keeps_its_heading_over_its_own_sub_headings(client, tmp_path):
    """A real site: "# Full Publication List" after the highlights, its papers under "## Speech" and "## Vision":
    the section became a sub-heading of the first, its papers kept their own, and its heading was lost; then it
    was a sub-heading of the first ("Full Publication List — Speech"), not a section in the navigation as it was
    on the old page."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n- [Boxed](https://arxiv.org/abs/2401.00001), **Ada Lovelace**, Charles Babbage\n\n"
        "# Full Publication List\n\n## Speech\n\n- [Heard](https://arxiv.org/abs/2401.00002), **Ada Lovelace**, "
        "Charles Babbage\n\n## Vision\n\n- [Seen](https://arxiv.org/abs/2401.00003), **Ada Lovelace**, "
        "Charles Babbage\n",
    )
    assert dict(PublicationPage.objects.values_list("title", "group")) == {
        "Boxed": "",
        "Heard": "Speech",
        "Seen": "Vision",
    }
    page = homepage(client)
    sections = page.select(".section--publications")
    assert [section.h2.get_text(" ", strip=True) for section in sections] == [
        "📝 Publications",
        "Full Publication List",
    ]
    assert [h3.get_text(strip=True) for h3 in sections[1].select("h3")] == ["Speech", "Vision"]
    assert "Boxed" in sections[0].get_text() and "Heard" not in sections[0].get_text()
    assert [a.get_text(" ", strip=True) for a in page.select("nav a[href^='#']")][-2:] == [
        "Publications", "Full Publication List",
    ]  # fmt: skip


def test_a_paper_of_the_highlights_listed_again_in_the_full_list_is_shown_in_both_sections(client, tmp_path):
    """A real site lists its highlighted papers again in "# Full Publication List", under sub-headings the
    highlights have too ("## 2024"): one paper, shown in both sections in its places, and each section's "2024"
    its own."""
    line = "- [{title}](https://arxiv.org/abs/{arxiv}), **Ada Lovelace**, Charles Babbage\n"
    import_page(
        tmp_path,
        "# 📝 Publications\n\n## 2024\n" + line.format(title="Engines That Fly", arxiv="2401.00001")
        + "\n# Full Publication List\n\n## 2024\n" + line.format(title="Engines That Swim", arxiv="2401.00002")
        + line.format(title="Engines That Fly", arxiv="2401.00001")
        + "## 2023\n" + line.format(title="Engines That Walk", arxiv="2301.00003"),
    )  # fmt: skip
    assert PublicationPage.objects.count() == 3
    highlights, full = homepage(client).select(".section--publications")
    assert [h3.get_text(strip=True) for h3 in highlights.select("h3")] == ["2024"]
    assert [li.a.get_text() for li in highlights.select("li")] == ["Engines That Fly"]
    assert [h3.get_text(strip=True) for h3 in full.select("h3")] == ["Full Publication List — 2024", "2023"]
    assert [li.a.get_text() for li in full.select("li")] == [
        "Engines That Swim",
        "Engines That Fly",
        "Engines That Walk",
    ]

    # A sub-heading named under a long title is cut as the paper's field keeps it, and still found by its section.
    long_title = "Full Publication List of Everything Written Over the Years in Journals, at Conferences and Workshops"
    import_page(
        tmp_path,
        "# 📝 Publications\n\n## 2024\n" + line.format(title="Engines That Fly", arxiv="2401.00001")
        + f"\n# {long_title}\n\n## 2024\n" + line.format(title="Engines That Swim", arxiv="2401.00002"),
    )  # fmt: skip
    swim = PublicationPage.objects.get(title="Engines That Swim")
    assert len(swim.group) == 100 and swim.group.endswith("…")
    highlights, full = homepage(client).select(".section--publications")
    assert "Engines That Swim" in full.get_text() and "Engines That Swim" not in highlights.get_text()


def test_names_before_a_title_link_end_where_the_venue_after_it_starts(client, tmp_path):
    """A real site wrote 57 papers as "``ICML 2026`` (CCF-A) A, **Me**, and C, [Title](). In Proceedings of …,
    2026.": the venue after the title was read as three more authors, and the rank note as part of the first."""
    import_page(
        tmp_path,
        '# Publications\n\n-   ``ICML 2026`` (<span style="color:red">CCF-A</span>) Mingsheng Cao, '
        "**Ada Lovelace\\***, and Junlong Zhou, [Required Spine Optional Limbs](). In Proceedings of International "
        "Conference on Machine Learning (ICML), Accepted, 2026.\n",
    )
    paper = PublicationPage.objects.get()
    assert [author.name for author in paper.authors.all()] == ["Mingsheng Cao", "Ada Lovelace", "Junlong Zhou"]
    assert paper.venue.startswith("In Proceedings of International Conference on Machine Learning (ICML)")
    assert "CCF-A" in homepage(client).select_one(".publication-list").get_text(" ")


def test_a_venue_tag_in_double_backticks_is_the_venue_not_part_of_the_title(client, tmp_path):
    """A real site: ``Seed Technical Report`` before each linked title."""
    import_page(
        tmp_path,
        "# Publications\n\n- ``Seed Technical Report`` [Seed1.5-VL Technical Report](https://arxiv.org/abs/2505.07062)\n"
        "-  ``EMNLP 2025`` [Optimal Tool Calls](https://arxiv.org/abs/2504.14870), Hongru Wang, **Ada Lovelace**\n",
    )
    papers = PublicationPage.objects.order_by("title")
    assert [(paper.title, paper.venue_short) for paper in papers] == [
        ("Optimal Tool Calls", "EMNLP 2025"),
        ("Seed1.5-VL Technical Report", "Seed Technical Report"),
    ]


def test_a_corner_label_set_beside_the_image_column_is_the_papers_badge(client, tmp_path):
    """A real site put each box's badge ("ECCV 2026") before its image column, not in it: all of them were lost."""
    import_page(
        tmp_path,
        "# Publications\n\n<div class='paper-box'>\n"
        '<div class="badge" style="background: linear-gradient(135deg, #c08080, #a07070);">ECCV 2026</div>\n'
        "<div class='paper-box-image'><div><img src='images/b.png' alt=\"sym\" width=\"100%\"></div></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n\nDon't Starve the Boundaries\n\n"
        "Shuwei Wu, **Ada Lovelace**, Zhijin He\n\n</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert (paper.title, paper.badge_text) == ("Don't Starve the Boundaries", "ECCV 2026")
    assert "ECCV 2026" in homepage(client).select_one(".paper-box").get_text(" ")


def test_an_author_list_cut_with_et_al_says_so_on_the_homepage_and_in_bibtex(client, tmp_path):
    """Real sites (11 of 85) end long author lists with "et al.": shown as written, not as if complete."""
    from publications.formats.bibtex import generated_bibtex

    import_page(
        tmp_path,
        "# Publications\n\n"
        "- Wei Chen, **Ada Lovelace**, Yi Liu, et al. Self-Enhanced Density Peaks. *TKDE*, 2023.\n"
        "- Li Zhang, **Ada Lovelace**. [A Reliable Framework](https://arxiv.org/abs/2401.00001). *ICML*, 2024.\n\n"
        "<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n\n"
        "[Amphion: An Open-Source Toolkit](https://arxiv.org/abs/2312.09911)\n\n"
        "Xueyao Zhang, **Ada Lovelace**, *et al.*\n</div></div>\n",
    )
    papers = {paper.title: paper for paper in PublicationPage.objects.all()}
    assert {title: paper.more_authors for title, paper in papers.items()} == {
        "Self-Enhanced Density Peaks": True,
        "A Reliable Framework": False,
        "Amphion: An Open-Source Toolkit": True,
    }
    assert [a.name for a in papers["Amphion: An Open-Source Toolkit"].authors.all()] == ["Xueyao Zhang", "Ada Lovelace"]
    page = homepage(client)
    lines = [" ".join(line.get_text(" ").split()) for line in page.select(".citation__authors, .paper-box__authors")]
    assert lines == [
        "Wei Chen , Ada Lovelace , Yi Liu , et al.",
        "Li Zhang , Ada Lovelace",
        "Xueyao Zhang , Ada Lovelace , et al.",
    ]
    assert "and Liu, Yi and others}" in generated_bibtex(papers["Self-Enhanced Density Peaks"])
    assert "and others" not in generated_bibtex(papers["A Reliable Framework"])


def test_a_page_whose_sections_are_second_level_headings_gets_its_sections(client, tmp_path):
    """Real sites (5 of 85) head their sections with ``##`` and no ``#`` (one over a hero ``<h1>`` with the
    owner's name): the whole page was one free-text section, its news and papers not read as such."""
    import_page(
        tmp_path,
        '<div class="hero">\n  <h1>Ada Lovelace</h1>\n  <p>I study engines.</p>\n</div>\n\n'
        "## News\n\n- *2025.04*: A paper accepted.\n- *2025.01*: A talk.\n\n"
        "## Publications\n\n### Journal articles\n\n"
        "- **Ada Lovelace**, Charles Babbage. Notes on the Engine. *Scientific Memoirs*, 1843.\n\n"
        "```sh\n# not a heading\n```\n\n## Honors\n\n- *2024* A medal\n",
    )
    page = homepage(client)
    assert [h.get_text(" ", strip=True) for h in page.select("main h2")] == ["News", "Publications", "Honors"]
    assert len(page.select("#news li")) == 2
    assert PublicationPage.objects.get().title == "Notes on the Engine"
    assert "Journal articles" in page.select_one("main").get_text(" ")
    assert "I study engines." in page.select_one("main").get_text(" ")


def test_papers_titled_by_sub_headings_with_their_venue_in_brackets_and_marks_in_tex(client, tmp_path):
    """A real site: each paper a ``## Title (Venue)`` sub-heading over its authors (marks written in TeX) and
    links, in a box or on its own; the eight papers outside boxes were shown as empty sub-headings."""
    import_page(
        tmp_path,
        "# Publications\n(*: Equal Contribution; ${}^\\dagger$: Corresponding Author)\n\n"
        "<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n\n"
        "## On the Duality of Engines (ICML 2024)\n"
        "**Ada Lovelace**\\*, Charles Babbage\\*, Mary Somerville${}^\\dagger$\n\n"
        "[[pdf](https://arxiv.org/pdf/2402.15152)] [[code](https://github.com/example/duality)]\n</div>\n</div>\n\n"
        "# Other Publications\n\n## Automata from Engines (Preprint)\n\n"
        "**Ada Lovelace**, Charles Babbage$^\\dagger$\n\n"
        "[[pdf](https://arxiv.org/pdf/2406.05564)] [[arxiv](https://arxiv.org/abs/2406.05564)]\n\n"
        "## Notes on the Engine (SETTA 2024)\n\nCharles Babbage, **Ada Lovelace**\n\n"
        "[[pdf](https://arxiv.org/pdf/2409.04831.pdf)]\n\n### Journal articles\n\n"
        "- **Ada Lovelace**, Charles Babbage. [Sketch of the Engine](https://example.org/sketch). *Memoirs*, 1843.\n",
    )
    papers = {paper.title: paper for paper in PublicationPage.objects.all()}
    # In brackets after the title, the venue stays there; on a line of its own under the names, on its line.
    assert {title: (paper.venue_short, paper.venue) for title, paper in papers.items()} == {
        "On the Duality of Engines": ("ICML 2024", ""),
        "Automata from Engines": ("Preprint", ""),
        "Notes on the Engine": ("SETTA 2024", ""),
        "Sketch of the Engine": ("", "Memoirs, 1843"),
    }
    duality = [
        (a.name, a.equal_contribution, a.corresponding) for a in papers["On the Duality of Engines"].authors.all()
    ]
    assert duality == [
        ("Ada Lovelace", True, False),
        ("Charles Babbage", True, False),
        ("Mary Somerville", False, True),
    ]
    assert [a.name for a in papers["Automata from Engines"].authors.all()] == ["Ada Lovelace", "Charles Babbage"]
    # Under the second publications section's heading, a sub-heading of its own.
    assert papers["Sketch of the Engine"].group == "Journal articles"
    text = homepage(client).select_one("main").get_text(" ")
    assert "Journal articles" in text and "$" not in text


def test_papers_under_a_sub_heading_of_a_sub_heading_keep_both(client, tmp_path):
    """A real site lists papers under "## General Agent Model & System", then "### Code Agent": the first heading
    was lost, its words with it."""
    line = "- [{title}](https://arxiv.org/abs/{arxiv}), **Ada Lovelace**, Charles Babbage\n"
    import_page(
        tmp_path,
        "# Publications\n\n## Agents\n### Code agents\n" + line.format(title="Engines That Code", arxiv="2401.00001")
        + "### Tool agents\n" + line.format(title="Engines With Tools", arxiv="2401.00002")
        + "## Reasoning\n" + line.format(title="Engines That Think", arxiv="2401.00003"),
    )  # fmt: skip
    assert dict(PublicationPage.objects.values_list("title", "group")) == {
        "Engines That Code": "Agents — Code agents",
        "Engines With Tools": "Agents — Tool agents",
        "Engines That Think": "Reasoning",
    }
    headings = [h.get_text(" ", strip=True) for h in homepage(client).select("main h3")]
    assert headings == ["Agents — Code agents", "Agents — Tool agents", "Reasoning"]


def test_an_entry_that_leads_into_a_list_shows_the_list(client, tmp_path):
    """A real site: "Conference Reviewers:" over a list of conferences; the list ran into one line of text."""
    import_page(
        tmp_path,
        "# Service\n\n- Conference Reviewers:\n  - KDD 2024, 2026\n  - IJCAI 2025\n- Journal Reviewers:\n"
        "  - IEEE TPAMI\n- *2023*: Student volunteer, AAAI\n",
    )
    entries = homepage(client).select("#service li.dated-entry")
    assert [entry.select_one(".dated-entry__text").get_text() for entry in entries] == [
        "Conference Reviewers:",
        "Journal Reviewers:",
        "Student volunteer, AAAI",
    ]
    assert [li.get_text() for li in entries[0].select("ul li")] == ["KDD 2024, 2026", "IJCAI 2025"]
    assert not entries[2].select("ul")


GROUPED_HONORS = """# 🎖 Honors and Awards

## Honors
- *2025.05* Merit Student, University of Chinese Academy of Sciences.

**Scholarships**

- *2025.10* First-Class Academic Scholarship.
- *2024.10* Second-Class Academic Scholarship.

<h4 style="margin:0 10px 0;">Other Awards</h4>

- *2022* Second Prize, Mathematical Contest in Modeling.

**The full list is on my CV.**

# 💬 Invited Talks
**Research**
- *2024.09* A talk at MLNLP.

A paragraph between the talks, which a list would cut from its place.

- *2023.04* A talk at ASPA.
"""


def test_lines_under_sub_headings_keep_them(client, tmp_path):
    """Fourteen of 85 real sites list honors or services under sub-headings ("## Honors", "**Scholarships**",
    "<h4>Membership</h4>"): they were kept as one lump of text under one list. Each line is an entry under its
    sub-heading now, shown under it; a sub-heading over nothing, and a section whose lines have paragraphs
    between them, stay as the text they are, in their place."""
    from profile_site.models import AwardEntry, TalkEntry

    output = import_page(tmp_path, GROUPED_HONORS)
    assert [(entry.group, entry.text[:20]) for entry in AwardEntry.objects.order_by("sort_order")] == [
        ("Honors", "Merit Student, Unive"),
        ("Scholarships", "First-Class Academic"),
        ("Scholarships", "Second-Class Academi"),
        ("Other Awards", "Second Prize, Mathem"),
    ]
    section = homepage(client).select_one("section#-honors-and-awards")
    shown = [
        (element.name, element.select_one("time").get_text() if element.name == "li" else element.get_text())
        for element in section.select("h3.section__subtitle, li, p")
    ]  # fmt: skip
    assert shown == [
        ("h3", "Honors"),
        ("li", "2025.05"),
        ("h3", "Scholarships"),
        ("li", "2025.10"),
        ("li", "2024.10"),
        ("h3", "Other Awards"),
        ("li", "2022"),
        ("p", "The full list is on my CV."),
    ]
    assert not TalkEntry.objects.exists()
    talks = homepage(client).select_one("section#-invited-talks").get_text(" ")
    assert talks.index("Research") < talks.index("MLNLP") < talks.index("A paragraph") < talks.index("ASPA")
    assert 'Section "💬 Invited Talks": its lines stand under sub-headings or paragraphs of their own' in output

    import_page(tmp_path, GROUPED_HONORS)  # again: the same entries, not new ones
    assert AwardEntry.objects.count() == 4


APA = (
    "# 📝 Publications\n\n## Journal Articles\n\n"
    "- **Lovelace, A. A.**, Babbage, C., & Somerville, M. F. (2023). The spatial dynamics of analytical engines. "
    "*International Journal of Engines*, *16*(1), 3680-3705. [\\[Paper\\]](https://doi.org/10.1080/17538947.2023.2239762)\n"
    "- Menabrea, L., **Lovelace, A.**, & De Morgan, A. (2021). Notes on a sketch of the engine. *IEEE Access*, *9*, "
    "84783-84798.\n"
)


def test_apa_references_are_read_as_authors_title_venue_and_year(client, tmp_path):
    """A site listed its papers as APA references ("Surname, A. B., … (2023). Title. *Journal*, 16(1)."): each was
    one long title with no authors, cut at the title's length. The names stay as written."""
    import_page(tmp_path, APA)
    first, second = PublicationPage.objects.order_by("path")
    assert first.title == "The spatial dynamics of analytical engines"
    assert [(a.name, a.is_owner) for a in first.authors.all()] == [
        ("Lovelace, A. A.", True), ("Babbage, C.", False), ("Somerville, M. F.", False)
    ]  # fmt: skip
    assert first.date.year == 2023 and first.doi == "10.1080/17538947.2023.2239762"
    assert "International Journal of Engines" in f"{first.venue} {first.venue_short}"
    assert first.group == "Journal Articles"
    assert second.title == "Notes on a sketch of the engine" and second.date.year == 2021
    assert [a.name for a in second.authors.all() if a.is_owner] == ["Lovelace, A."]
    assert "84783-84798" in homepage(client).get_text()


BILINGUAL = """---
permalink: /
lang: en
---
# <span class="lang-en lang-inline">About</span><span class="lang-zh lang-inline">关于我</span>

<div class="lang-en" markdown="1">
I build analytical engines.
</div>
<div class="lang-zh" markdown="1">
我制造分析机。
</div>

<div class="lang-en" markdown="1">

# 📝 Publications

## Research Papers

### 2026

- [Notes on the Engine](https://arxiv.org/abs/2401.00001), **Ada Lovelace**, Charles Babbage. *ICML 2026*
</div>
<div class="lang-zh" markdown="1">

# 📝 论文

- [Notes on the Engine](https://arxiv.org/abs/2401.00001), **Ada Lovelace**, Charles Babbage. *ICML 2026*
</div>
"""


def test_a_page_in_two_languages_is_imported_in_the_one_shown_first(client, tmp_path):
    """Three of 85 real sites carry every section in English and in Chinese (lang-en / lang-zh elements), one
    shown at a time. Both were imported one after the other, headings read "About关于我", each paper listed
    twice. The language a visitor sees first is imported, the other named in the report; the measure counts
    what a visitor sees before switching."""
    from homepage.importers.fidelity import visible_text

    output = import_page(tmp_path, BILINGUAL)
    assert "The page is written in en and zh, one shown at a time" in output
    page = homepage(client)
    assert [h2.get_text(" ", strip=True) for h2 in page.select("main h2")] == ["About", "📝 Publications"]
    text = page.select_one("main").get_text(" ")
    assert "I build analytical engines." in text and "我" not in text
    assert [paper.group for paper in PublicationPage.objects.all()] == ["Research Papers — 2026"]

    shown = visible_text(
        '<html lang="en"><body><div id="main"><p class="lang-en">Hello</p><p class="lang-zh">你好</p>'
        '<p>Both</p></div></body></html>', ["#main"]
    )  # fmt: skip
    assert shown.split() == ["Hello", "Both"]
    assert visible_text('<html><body><p class="lang-zh">只有中文</p></body></html>').split() == ["只有中文"]


def test_a_paper_line_with_no_break_spaces_after_its_commas_is_a_paper(tmp_path):
    """A real site's line had an empty link and no-break spaces between its authors: it was kept as text under
    the list, not as a paper, and so shown out of its place."""
    import_page(
        tmp_path,
        "# 📝 Publications\n- ``AAAI 2025`` [Cold-start Recommendation by Completion](), Songyuan Lei,\xa0"
        "**Ada Lovelace**,\xa0Di Jin. (CCF A)\n",
    )
    paper = PublicationPage.objects.get()
    assert paper.title == "Cold-start Recommendation by Completion"
    assert [author.name for author in paper.authors.all()] == ["Songyuan Lei", "Ada Lovelace", "Di Jin"]


def test_paper_boxes_among_the_lines_of_a_group_stay_where_the_owner_put_them(client, tmp_path):
    """Two sites set a paper box among the lines of a sub-heading (a journal paper with its figure between two
    plain citations): the homepage showed every box of the group first, then all its lines."""
    line = "- [{title}](https://arxiv.org/abs/{arxiv}). **Ada Lovelace**, Charles Babbage. **ICML 2024**.\n"
    import_page(
        tmp_path,
        "# 📝 Publications\n\n### Journal papers\n\n"
        + line.format(title="First Line Paper", arxiv="2401.00011")
        + "\n"
        + BOX.format(image="b", title="Boxed Paper", venue="TPAMI 2024", arxiv="2401.00012", bullet="Its highlight.")
        + "\n"
        + line.format(title="Second Line Paper", arxiv="2401.00013")
        + line.format(title="Third Line Paper", arxiv="2401.00014"),
    )
    section = homepage(client).select_one("#-publications")
    titles = section.select("article.paper-box .paper-box__title a, .publication-list .citation__title")
    shown = [" ".join(title.get_text(" ").split()) for title in titles]
    assert shown == ["First Line Paper", "Boxed Paper", "Second Line Paper", "Third Line Paper"]
    lists = section.select("ul.publication-list")
    assert [len(found.find_all("li", recursive=False)) for found in lists] == [1, 2]  # lines either side of the box


def test_news_dated_in_a_coloured_font_are_dated_and_keep_the_owners_order(client, tmp_path):
    """A site coloured the dates of its latest news (``**<font color='#1f77b4'>2026.08</font>**``): those seven
    were read undated and shown after all the others."""
    from news.models import NewsItem

    import_page(
        tmp_path,
        "# 📰 News\n\n"
        "- **<font color='#1f77b4'>2026.08</font>**: A dissertation nomination. 🎉\n"
        '- <span style="color:red">2026.07</span>: A forum co-chair.\n'
        "- *2025.11*: One paper accepted by **AAAI 2026**.\n",
    )
    items = NewsItem.objects.order_by("-date", "pk")
    assert [(item.date.isoformat(), item.text) for item in items] == [
        ("2026-08-01", "A dissertation nomination. 🎉"),
        ("2026-07-01", "A forum co-chair."),
        ("2025-11-01", "One paper accepted by **AAAI 2026**."),
    ]
    shown = homepage(client).select("#-news li")
    assert [" ".join(li.get_text(" ").split())[:7] for li in shown] == ["2026.08", "2026.07", "2025.11"]


def test_news_written_oldest_first_are_shown_oldest_first(client, tmp_path):
    """A site wrote its news from the oldest down: the homepage showed them that way (the list was newest first,
    the other way round). Two lines of one month keep the order they were written in."""
    import_page(
        tmp_path,
        "# 📰 News\n\n"
        "- *2024.03*: Started my PhD.\n- *2025.01*: First paper at ICLR.\n- *2025.01*: Second paper at ICLR.\n"
        "- *2026.06*: Internship at a lab.\n\n# 📝 Publications\n\n- A line.\n",
    )
    shown = [" ".join(li.get_text(" ").split()) for li in homepage(client).select("#-news li")]
    assert [line[:7] for line in shown] == ["2024.03", "2025.01", "2025.01", "2026.06"]
    assert "First paper" in shown[1] and "Second paper" in shown[2]


def test_the_homepage_shows_the_latest_news_in_the_order_the_owner_chose(client, imported_demo):
    """Oldest first shows the same latest items as newest first, from the last of them up."""
    from homepage.blocks import OLDEST_FIRST

    newest = [li.get_text(" ", strip=True) for li in homepage(client).select(".section--news li")]
    home = imported_demo
    sections = home.sections.raw_data
    news = next(block for block in sections if block["type"] == "news")
    news["value"].update(count=5, order=OLDEST_FIRST)
    home.sections = sections
    home.save_revision().publish()
    oldest = [li.get_text(" ", strip=True) for li in homepage(client).select(".section--news li")]
    dates = [line[:7] for line in oldest]
    assert oldest == newest[:5][::-1] and dates == sorted(dates) and dates[0] < dates[-1]


def test_a_box_of_only_a_figure_and_its_label_is_kept_and_the_homepage_saves(admin_client, tmp_path):
    """A box may show a figure and its label and no text (a song's cover): it is kept, and the homepage the import
    made passes its own form (a required text would have stopped the owner from saving anything)."""
    from homepage.models import HomePage
    from tests.helpers import admin_form, boxes_form_data, sections_form_data

    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">Cover</div>"
        "<img src='images/one.png' alt='A song cover' width='100%'></div></div>\n"
        "<div class='paper-box-text'>\n</div>\n</div>\n"
    )
    checkout_with_images(tmp_path, f"# 🎼 Music\n\n{box}", "one")
    home = HomePage.objects.get()
    (section,) = [block for block in home.sections if block.block_type == "boxes"]
    assert [(box["label"], box["text"]) for box in section.value["boxes"]] == [("Cover", "")]
    url = f"/admin/pages/{home.pk}/edit/"
    data, _ = admin_form(admin_client, url)
    sections = [(child.block_type, dict(child.value)) for child in home.sections]
    for _, value in sections:
        if boxes := value.get("boxes"):
            value["boxes"] = boxes_form_data(boxes)
    data.update(sections_form_data(sections))
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HomePage.objects.get().sections[0].value["boxes"][0]["label"] == "Cover"


def test_sections_with_nothing_under_them_keep_their_headings_and_the_homepage_saves(admin_client, client, tmp_path):
    """A site under construction: headings with only a comment under them ("<!-- None for now -->"), or nothing.
    Visitors saw the headings; so do they here, and the homepage the import made passes its own form (a free-text
    section with no text was refused)."""
    from homepage.models import HomePage
    from tests.helpers import admin_form, sections_form_data

    import_page(
        tmp_path,
        "# About Me\n\nI am a student. This site is under construction.\n\n"
        "# Honors & Awards\n\n- National Scholarship, 2024\n\n"
        "# Academic Conferences\n<!-- None for now -->\n\n# Work & Internships\n<!-- None for now -->\n\n"
        "# Invited Talks\n",
    )
    headings = [" ".join(h.get_text(" ").split()) for h in homepage(client).select("main h2")]
    assert headings[-3:] == ["Academic Conferences", "Work & Internships", "Invited Talks"]
    home = HomePage.objects.get()
    url = f"/admin/pages/{home.pk}/edit/"
    data, _ = admin_form(admin_client, url)
    data.update(sections_form_data([(child.block_type, dict(child.value)) for child in home.sections]))
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_news_dated_in_escaped_brackets_with_older_news_in_a_details_block(client, tmp_path):
    """``- \\[2025/08/02\\]: …`` over a ``<details>`` of older news: the bullets were read undated and shown under
    the details as raw Markdown ("- \\[2025/08/02\\]: [Long-VLA](https://…)")."""
    out = import_page(
        tmp_path,
        "# 🔥 News\n- \\[2025/08/02\\]: [Long-VLA](https://arxiv.org/abs/2508.19958) accepted to CoRL 2025!\n"
        "- \\[2025/05/06\\]: We released OpenHelix.\n- Someday: a line with no date.\n\n"
        "<details>\n  <summary>📜 Historical News</summary>\n  <ul>\n"
        "    <li>[2024/12/21]: PromptTA got accepted by ICASSP 2025!</li>\n  </ul>\n</details>\n",
    )
    assert "News: 2 items" in out
    news = homepage(client).select_one("#-news")
    dated = [" ".join(li.get_text(" ").split()) for li in news.select(".dated-entry--news")]
    assert dated == ["2025/08/02 : Long-VLA accepted to CoRL 2025!", "2025/05/06 : We released OpenHelix."]
    assert news.select_one("details summary").get_text(strip=True) == "📜 Historical News"
    kept = news.select(".section__note > ul > li")
    assert [li.get_text(strip=True) for li in kept] == ["Someday: a line with no date."]
    assert "- " not in news.select_one(".section__note").get_text().replace("\n", " ").split("Historical News")[-1]


def test_a_kind_of_paper_above_its_title_and_working_papers_without_authors(client, tmp_path):
    """A box sets "**Journal Article**" above the linked title, the journal in italics above the authors: the
    bold line was taken for the title and the authors were lost. "## Working Papers" over titles alone (no
    authors, not papers) was shown under the titles, and each title as a list of its own."""
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">DSS</div>"
        '<img src=\'images/dss.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n**Journal Article**\n\n"
        "[What can we learn from multimorbidity? A deep dive](https://doi.org/10.1016/j.dss.2024.114313)\n\n"
        "*Decision Support Systems*\n\n**Ada Lovelace**, Charles Babbage<sup>\\*</sup>, Mary Somerville\n"
        "</div>\n</div>\n"
    )
    import_page(
        tmp_path,
        f"# 📝 Publications\n\n## 🔹 Published Papers\n\n{box}\n"
        "## 🔹 Working Papers\n- Cross-cultural digital tourism communication.\n- Family reading environments.\n",
    )
    paper = PublicationPage.objects.get()
    assert paper.title == "What can we learn from multimorbidity? A deep dive"
    assert paper.venue == "Decision Support Systems"
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    section = homepage(client).select_one("#-publications")
    text = " ".join(section.get_text(" ").split())
    assert "Journal Article" in text
    assert text.index("Working Papers") < text.index("Cross-cultural") < text.index("Family reading")
    (working,) = [ul for ul in section.select("ul") if "Cross-cultural" in ul.get_text()]
    assert len(working.find_all("li")) == 2
    # Under the section's title (an h2), as the papers' sub-heading is: not a heading beside the section's.
    assert [h.get_text(strip=True) for h in section.select("h3")] == ["🔹 Published Papers", "🔹 Working Papers"]
    assert [h.get_text(" ", strip=True) for h in section.select("h2")] == ["📝 Publications"]


def test_a_box_written_in_html_with_a_number_before_its_title_keeps_title_and_highlights(client, tmp_path):
    """A text column in plain HTML: ``<span class="paper-prefix">[S.1]</span>`` before the linked title, the
    highlights in ``<ul><li>``. The number was taken for the title and the highlights ran into one paragraph."""
    box = (
        '<div class="paper-box">\n  <div class="paper-box-image"><div><div class="badge">arXiv 2025</div>'
        '<img src="images/mi.png" alt="Figure" width="100%"></div></div>\n'
        "  <div class='paper-box-text'>\n    <p>\n      <span class=\"paper-prefix\">[S.1]</span>\n"
        '      <a href="https://arxiv.org/abs/2512.11233">'
        "<strong>On a conjecture about quantum dichotomies</strong></a>\n"
        "    </p>\n    <p>\n      <strong>Ada Lovelace</strong>, Charles Babbage\n    </p>\n    <ul>\n"
        "      <li> We revisit the conjecture.</li>\n      <li> We introduce a notion of extremality.</li>\n"
        '    </ul>\n    <div class="paper-links">\n      <a href="https://arxiv.org/pdf/2512.11233.pdf">PDF</a>\n'
        "    </div>\n  </div>\n</div>\n"
    )
    import_page(tmp_path, f"# 📝 Publications\n\n{box}")
    paper = PublicationPage.objects.get()
    assert paper.title == "On a conjecture about quantum dichotomies"
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage"]
    shown = homepage(client).select_one("#-publications .paper-box")
    assert [li.get_text(strip=True) for li in shown.select(".paper-box__summary li")] == [
        "We revisit the conjecture.",
        "We introduce a notion of extremality.",
    ]
    assert "[S.1]" in shown.get_text()


def test_a_paper_line_whose_link_has_no_address_yet_is_a_paper_in_its_place(client, tmp_path):
    """``- [Title](), `` over its authors, between two paper boxes: it was kept as text and shown after the
    whole list, in the next section's place."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + BOX.format(image="one", title="First Boxed Paper", venue="ICML 2025", arxiv="2501.00001", bullet="One.")
        + "\n- [Spec-Decoding: Accelerating Vision-Language Models](), \n"
        "  Mary Somerville, Jiayi Zhang, **Ada Lovelace**, Huilin Tai, **TTODLer-FM @ ICML 2025**\n\n"
        + BOX.format(image="two", title="Second Boxed Paper", venue="ICLR 2025", arxiv="2501.00002", bullet="Two.")
        + "\n# 📝 Preprint\n\n- [A Preprint](https://arxiv.org/abs/2506.20488), **Ada Lovelace**, Mary Somerville\n",
    )
    paper = PublicationPage.objects.get(title="Spec-Decoding: Accelerating Vision-Language Models")
    assert "Ada Lovelace" in [author.name for author in paper.authors.all()]
    text = " ".join(homepage(client).select_one("#-publications").get_text(" ").split())
    assert text.index("First Boxed Paper") < text.index("Spec-Decoding") < text.index("Second Boxed Paper")


def test_a_bold_title_over_its_venue_in_italics_is_a_paper_in_its_place(client, tmp_path):
    """``- **The Title.**<br>`` over ``*AAAI 2027 (under review)*, co-first author, 2026.06``: the first such line
    had no link and was kept as text after the list; the venue line was read as the authors' names."""
    import_page(
        tmp_path,
        "# 📝 Papers\n\n### Papers\n"
        "- **Temporal Skill Reuse for Efficient Exploration.**<br>\n  *AAAI 2027 under review*, co-first author, "
        "2026.06<br>\n  **Abstract:** We reuse skills.\n\n"
        "- **Mixing Networks for Credit Assignment.**<br>\n  *AAAI 2027 under review*, first author, 2026.03<br>\n"
        "  [Paper](https://arxiv.org/abs/2504.12961)\n",
    )
    first = PublicationPage.objects.get(title="Temporal Skill Reuse for Efficient Exploration")
    assert not first.authors.exists()
    assert "AAAI 2027" in first.venue_short + first.venue
    text = " ".join(homepage(client).select_one("main").get_text(" ").split())
    assert text.index("Temporal Skill Reuse") < text.index("Mixing Networks")


def test_a_reference_of_two_authors_without_a_link_is_a_paper_in_its_place(client, tmp_path):
    """ "- **Me**, You. The Title. In: *SecureComm* 2026." (two names, no link yet) opened a list of linked
    references: it was kept as text and shown after them."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n### Conference Proceedings\n\n"
        "- **Ada Lovelace**, Charles Babbage. Vulnerability Analysis of Number-Based Cryptosystems. In: "
        "*SecureComm* 2026.\n"
        "- **Ada Lovelace**, Mary Somerville, Charles Babbage. A Generalized Attack on RSA. In: *CT-RSA* 2026. "
        "\\| \\[[ePrint](https://eprint.iacr.org/2026/172)\\]\n",
    )
    paper = PublicationPage.objects.get(title="Vulnerability Analysis of Number-Based Cryptosystems")
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage"]
    text = " ".join(homepage(client).select_one("main").get_text(" ").split())
    assert text.index("Vulnerability Analysis") < text.index("A Generalized Attack")


def test_paper_lines_with_a_badge_before_an_html_link_or_a_bold_title_are_papers_in_their_place(client, tmp_path):
    """A badge image, then the title as an HTML link or in bold (no link), the names on the next line: read as
    text, those lines were shown after every other paper of the list."""
    badge = '<img alt="{0}" src="https://img.shields.io/badge/{0}-2026-red">'
    import_page(
        tmp_path,
        "# 📝 Publications\n\n### 2026\n"
        f'- {badge.format("SIGGRAPH")} <a href="https://example.org/gsl/"><strong>PatternGSL: A Language for '
        "Garments</strong></a><br>\n  **Ada Lovelace\\***, Charles Babbage*, Mary Somerville.\n\n"
        f"- {badge.format('TVCG')} [**EventTracer: Fast Event Stream Rendering**](https://arxiv.org/abs/2508.18071)"
        "<br>\n  **Ada Lovelace**, Charles Babbage.<br>\n\n"
        f"- {badge.format('CVMJ')} **ERF-GS: Reconstructing Fast Motion**<br>\n"
        "  Charles Babbage*, **Ada Lovelace\\***, Mary Somerville.<br>\n\n"
        '- <img alt="Under Review" src="https://img.shields.io/badge/Status-Under_Review-yellow"> **ORBIT: '
        "Overlapping Region Matching** *(Preprint Coming Soon)*<br>\n"
        "  Mary Somerville*, **Ada Lovelace**, Charles Babbage.\n",
    )
    titles = [
        "PatternGSL: A Language for Garments",
        "EventTracer: Fast Event Stream Rendering",
        "ERF-GS: Reconstructing Fast Motion",
        "ORBIT: Overlapping Region Matching",
    ]
    assert sorted(PublicationPage.objects.values_list("title", flat=True)) == sorted(titles)
    text = " ".join(homepage(client).select_one("main").get_text(" ").split())
    assert [text.index(title) for title in titles] == sorted(text.index(title) for title in titles)


def test_a_sentence_linking_the_journal_under_a_paper_is_kept_as_written(client, tmp_path):
    """ "Accepted to [IEEE Transactions on …](…). [Project](…) / [arXiv](…)" under a paper: the journal's link
    became the paper's address and its name, and "Accepted to", were not shown ("Accepted to . / /")."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [**EventTracer: Fast Event Stream Rendering**](https://www.computer.org/csdl/journal/tg/1)<br>\n"
        "  **Ada Lovelace\\***, Charles Babbage*, Mary Somerville.<br>\n"
        '  Accepted to <a href="https://www.computer.org/csdl/journal/tg"><strong>IEEE Transactions on '
        "Visualization and Computer Graphics (TVCG)</strong></a>. [Project](https://example.org/et/) / "
        "[arXiv](https://arxiv.org/abs/2508.18071)\n",
    )
    paper = PublicationPage.objects.get()
    assert paper.arxiv_id == "2508.18071"
    line = " ".join(homepage(client).select_one("#-publications li").get_text(" ").split())
    assert "Accepted to IEEE Transactions on Visualization and Computer Graphics (TVCG) ." in line


def test_a_venue_on_its_line_stays_on_its_line_and_a_project_link_to_the_titles_address_stays_in_the_links(
    client, tmp_path
):
    """A real site: HTML boxes, the title linked to the project page, the venue in a line of its own under the
    names, then buttons "Project" (the title's address again), "ArXiv" and "Code". A short venue was shown in
    brackets beside the title and the "Project" button was gone."""
    import_page(
        tmp_path,
        "# Publications\n\n<div class='paper-box'>\n"
        "  <div class='paper-box-image'><div class=\"badge\">TOE</div></div>\n  <div class='paper-box-text'>\n"
        '    <h3><a href="https://engine.example.org" style="color: inherit;">The Analytical Engine</a></h3>\n'
        '    <div class="authors"><span class="accent-text">Ada Lovelace</span>, Charles Babbage*</div>\n'
        '    <div class="venue">Transactions on Engines (TOE) 2025</div>\n    <div class="links">\n'
        '      <a href="https://engine.example.org" class="btn"><i class="fas fa-home"></i> Project</a>\n'
        '      <a href="https://arxiv.org/abs/2509.07500" class="btn"><i class="fas fa-file-alt"></i> ArXiv</a>\n'
        '      <a href="https://github.com/example/engine" class="btn"><i class="fab fa-github"></i> Code</a>\n'
        "    </div>\n  </div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert (paper.venue_short, paper.venue, paper.arxiv_id) == ("", "Transactions on Engines (TOE) 2025", "2509.07500")
    box = homepage(client).select_one(".paper-box")
    assert box.select_one(".paper-box__title a")["href"] == "https://engine.example.org"
    assert box.select_one(".venue-tag") is None
    assert box.select_one(".paper-box__venue").get_text() == "Transactions on Engines (TOE) 2025"
    assert [(link.get_text(), link["href"]) for link in box.select(".paper-link")] == [
        ("Project", "https://engine.example.org"),
        ("ArXiv", "https://arxiv.org/abs/2509.07500"),
        ("Code", "https://github.com/example/engine"),
    ]


def test_news_written_as_dated_paragraphs_are_news_items(client, tmp_path):
    """A real site wrote its news as paragraphs, not bullets (``*2026.06*: &nbsp;🎉 …`` with a blank line
    between); all of them were kept as one block of text and the news archive was empty."""
    from news.models import NewsItem

    import_page(
        tmp_path,
        "# 🔥 News\n\n*2026.06*: &nbsp;🎉 I joined [the Lab](https://lab.example.org) as an intern.\n\n"
        "*2025.12*: &nbsp;🎉 Our paper was accepted.\n*2025.11*: A line right under the one before,\n"
        "going on over a second line.\n\n2024 was a good year for the lab.\n\n# 🎖 Honors\n\n"
        "**2023**, National Scholarship\n",
    )
    assert [(item.date.isoformat()[:7], item.text) for item in NewsItem.objects.order_by("-date", "pk")] == [
        ("2026-06", "🎉 I joined [the Lab](https://lab.example.org) as an intern."),
        ("2025-12", "🎉 Our paper was accepted."),
        ("2025-11", "A line right under the one before,\ngoing on over a second line."),
    ]
    page = homepage(client)
    assert [" ".join(item.get_text().split()) for item in page.select("#-news li")][1:] == [
        "2025.12: 🎉 Our paper was accepted.",
        "2025.11: A line right under the one before, going on over a second line.",
    ]
    assert "2024 was a good year for the lab." in page.select_one("#-news").parent.get_text(" ")
    assert "National Scholarship" in page.select_one("main").get_text(" ")


def test_a_line_of_badges_over_a_boxs_title_goes_beside_the_title(client, tmp_path):
    """A real site opened each box's text with a shields badge (``<img src=…/badge/ICCV-2025-…>``), then the
    bold title, names, venue and links separated by ``<br>``: the badge was taken for the title, the title
    for the authors; 12 of 23 papers lost their names and venues, and two were merged into one."""
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">Engines</div></div></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n"
        '<img alt="Static Badge" src="https://img.shields.io/badge/ICML-{year}-8A2BE2?style=plastic" '
        'style="display: inline;">\n<strong style="font-size:18px">{title}</strong><br> '
        '<strong style="font-size:16px">Ada Lovelace<span style="font-weight:normal">, Charles Babbage</span>'
        '<br> <span style="font-weight:normal">International Conference on Machine Learning (<strong>ICML</strong>),'
        ' {year}</span><br> <span>[<a href="https://arxiv.org/abs/{arxiv}">Paper</a>]\n</span>\n</div></div>\n\n'
    )
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + box.format(year=2025, title="The Engine That Computes", arxiv="2406.06465")
        + box.format(year=2024, title="The Engine That Weaves", arxiv="2406.06466"),
    )
    papers = PublicationPage.objects.order_by("title")
    assert [(p.title, p.venue_short, [a.name for a in p.authors.all()]) for p in papers] == [
        ("The Engine That Computes", "ICML 2025", ["Ada Lovelace", "Charles Babbage"]),
        ("The Engine That Weaves", "ICML 2024", ["Ada Lovelace", "Charles Babbage"]),
    ]
    boxes = homepage(client).select(".paper-box")
    assert [box.select_one(".paper-box__title a").get_text() for box in boxes] == [
        "The Engine That Computes",
        "The Engine That Weaves",
    ]
    assert "International Conference on Machine Learning (ICML), 2025" in " ".join(boxes[0].get_text().split())


def test_a_name_written_as_html_and_a_mark_written_as_a_character_reference():
    """A real site: ``name: "Yiqun Zhang<br>(张逸群)"`` (its sidebar shows two lines) was shown with its tag,
    and ``Cheung&#x2709;`` (in a ``<sup>``) was cut at the reference's ";" into a name "Cheung&#x2709"."""
    from homepage.importers.acadhomepage import parse_about
    from homepage.importers.acadhomepage.config import parse_config

    assert parse_config('author:\n  name: "Yiqun Zhang<br>(张逸群)"\n').name == "Yiqun Zhang (张逸群)"
    site = parse_about(
        "# Publications\n- [A Paper on Things](https://example.org/a), **Yiqun Zhang**, Mingjie Zhao and "
        "Yiu-ming Cheung&#x2709;. *ICML 2024*.\n"
    )
    (paper,) = site.sections[0].papers
    assert [(a.name, a.is_owner, a.corresponding) for a in paper.authors] == [
        ("Yiqun Zhang", True, False),
        ("Mingjie Zhao", False, False),
        ("Yiu-ming Cheung", False, True),
    ]


def test_a_box_whose_text_opens_with_a_bullet_paper_keeps_all_its_text(client, tmp_path):
    """A real site: a box's text is a bullet "`ACM-MM 2023` [Title](…) \\\\" over the names, then a second such
    bullet and a numbered list of findings. The whole text became the title, cut to 255 characters: the
    second paper's names and the last findings were lost."""
    findings = "".join(
        f"{n}. Finding number {n} of the engine, described at some length to fill the box.\n" for n in range(1, 5)
    )
    import_page(
        tmp_path,
        "# 📝 Publications\n\n<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">ACM-MM"
        "</div></div></div>\n<div class='paper-box-text' markdown=\"1\">\n\n"
        "- `ACM-MM 2023(CCF-A)` [Sliding Engines](https://dl.acm.org/doi/abs/10.1145/3581783.3612852) \\\\\n"
        "Jun Yu, **Ada Lovelace**, Mohan Jing et al.\n\n"
        "- `TOMM 2024(CCF-B)` [Seq2seq Engines]() \\\\\nJun Yu, **Ada Lovelace**, Lei Wang et al.\n\n"
        f"{findings}\n</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert (paper.title, paper.venue_short, paper.doi) == (
        "Sliding Engines",
        "ACM-MM 2023(CCF-A)",
        "10.1145/3581783.3612852",
    )
    assert [author.name for author in paper.authors.all()] == ["Jun Yu", "Ada Lovelace", "Mohan Jing"]
    text = " ".join(homepage(client).select_one(".paper-box").get_text().split())
    assert "Seq2seq Engines" in text and "Lei Wang" in text
    assert all(f"Finding number {n} of the engine" in text for n in range(1, 5))


def test_the_owners_part_noted_beside_a_paper_is_not_its_venue(tmp_path):
    """Real sites note the owner's part in a paper on a line of its own ("Co-first Author" in a badge, then the
    venue) or after the names ("(学生一作)", student first author): each was taken as the paper's venue."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">SEC"
        "</div></div></div>\n<div class='paper-box-text' markdown=\"1\">\n\n"
        "[Measuring the Engine](https://example.org/engine)\n\n<p>\n"
        '    <span class="paper-role-badge">Co-first Author</span>\n'
        '    <span class="paper-time-badge">USENIX Security 2026</span>\n</p>\n\n'
        "**Ada Lovelace\\***, Charles Babbage\\*\n</div>\n</div>\n\n"
        "- [Weaving the Engine](https://example.org/weave), Jun Yu, **Ada Lovelace** et al. (学生一作)\n",
    )
    papers = {paper.title: paper for paper in PublicationPage.objects.all()}
    assert papers["Measuring the Engine"].venue == "USENIX Security 2026"
    assert "Co-first Author" in papers["Measuring the Engine"].summary
    assert (papers["Weaving the Engine"].venue, papers["Weaving the Engine"].venue_short) == ("", "")
    assert "(学生一作)" in papers["Weaving the Engine"].summary


def test_a_commented_out_list_section_stays_hidden_with_its_text(client, tmp_path):
    """A real site hid a whole "Skills" section, written as bold lines, in one comment: the section came back
    on the homepage (its lines kept as text under a list had no comment around them), in the navigation too."""
    import_page(
        tmp_path,
        "# 💻 Internships\n- *2024.03 - 2024.09*, Research Assistant, University of Notre Dame\n\n"
        "<!-- # 🛠️ Skills\n**Programming:** Python, Bash, Rust  \n**Professional:** Technical Writing -->\n",
    )
    page = homepage(client)
    assert "Research Assistant" in page.get_text()
    assert "Skills" not in page.get_text() and "Programming" not in page.get_text()
    assert "Python" not in str(page)  # not even in a comment
    assert not page.select(".section__note")
    from homepage.models import HomePage

    # Kept for the owner, hidden as it was: in a comment in the section's note.
    skills = next(block for block in HomePage.objects.get().sections if block.block_type == "skills")
    assert skills.value["note"].startswith("<!-- **Programming:** Python, Bash, Rust")


def test_a_paper_link_to_the_titles_own_address_stays_in_the_line(client, tmp_path):
    """Three real sites linked the title and then wrote ``[[Paper](the same address)] [[Code](…)]``: the "Paper"
    link went behind the title alone, and the line showed "Code" only."""
    import_page(
        tmp_path,
        "# Publications\n\n<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">"
        'arXiv</div><img src=\'images/a.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        "[Computational Reasoning of Engines](https://arxiv.org/abs/2504.20771)\n\n"
        "**Ada Lovelace**, Charles Babbage\n\n"
        "[[Paper](https://arxiv.org/abs/2504.20771)] [[Code](https://github.com/example/engine)]\n\n</div>\n</div>\n",
    )
    box = homepage(client).select_one(".paper-box")
    assert box.select_one(".paper-box__title a")["href"] == "https://arxiv.org/abs/2504.20771"
    assert [(link.get_text(), link["href"]) for link in box.select(".paper-link")] == [
        ("Paper", "https://arxiv.org/abs/2504.20771"),
        ("Code", "https://github.com/example/engine"),
    ]


def test_what_follows_a_comment_never_closed_is_shown_as_on_the_old_site(client, tmp_path):
    """A real site opened ``<!-- # 💻 Internships`` and never closed it: kramdown showed the mark as text and
    everything after it (two more sections, a quarter of the page's words); the import hid it all."""
    out = import_page(
        tmp_path,
        "# 🏅 Honors\n- *2024* National Scholarship\n\n<!-- # 🏛️ Conferences\n- *2021.10*, A workshop -->\n\n"
        "<!-- # 💻 Internships\n- *2018.05 - 2020.02*, Yangtze Bearings, Chongqing\n\n\n"
        "# 📋 Projects\n\n- Led the 2023 national project on farm robots\n\n# 🏊 Interests\n\nRunning, swimming\n",
    )
    text = homepage(client).get_text(" ")
    for shown in ("National Scholarship", "Yangtze Bearings", "Projects", "farm robots", "Interests", "swimming"):
        assert shown in text
    assert "A workshop" not in text and "<!--" not in text  # the comment that was closed stays hidden
    assert "comment is never closed" in out


def test_undated_lines_commented_out_in_the_news_stay_hidden(client, tmp_path):
    """A real site's news file opened with an editor's header in a comment (``* @Author: …`` lines) and kept
    older papers in comments after the news: undated, they were kept as text under the list and shown there."""
    import_page(
        tmp_path,
        "<!--\n * @Author: Ada Lovelace\n * @LastEditTime: 2025-3-15 23:16:10\n-->\n# 🔥 News\n"
        "- *2025.11*: Our engine paper is accepted.\n- A line without a date, shown.\n\n"
        "<!-- - *2024.01*: An older item.\n- **Ada Lovelace**, Charles Babbage. **Notes on the Engine**. -->\n",
    )
    news = homepage(client).select_one("#-news").parent.get_text(" ")
    assert "Our engine paper is accepted." in news and "A line without a date, shown." in news
    for hidden in ("@Author", "LastEditTime", "An older item", "Notes on the Engine"):
        assert hidden not in news


def test_a_commented_out_heading_over_the_live_one_of_its_kind_does_not_take_its_place(client, tmp_path):
    """A real site kept the template's headings commented out, each over its own (``<!-- # 📝 Publications -->``
    then ``# Publications``): the hidden one led its kind, so the live publications, folded into it, were
    hidden with it (54% of the site's words) and the live honors became free text."""
    from profile_site.models import AwardEntry

    import_page(
        tmp_path,
        '<!-- # 📝 Publications  -->\n# Publications\n<ul>\n<li><div class="pubtitle">TC</div> &nbsp;'
        '<a href="https://example.org/faasbatch">FaaSBatch: Boosting Serverless Efficiency.</a> Ada Lovelace</li>\n'
        "</ul>\n\n<!-- # 🎖 Honors and Awards -->\n# Honors and Awards\n- *2023.12*, Second Prize for Innovation\n",
    )
    page = homepage(client)
    assert "FaaSBatch: Boosting Serverless Efficiency." in page.get_text()
    assert [entry.text for entry in AwardEntry.objects.filter(live=True)] == ["Second Prize for Innovation"]
    assert [link.get_text() for link in page.select(".masthead__links a")][:2] == ["Publications", "Honors and Awards"]


def test_a_commented_out_news_list_of_undated_lines_leaves_no_mark_on_the_page(client, tmp_path):
    """Each hidden line is kept in a comment of its own, then the hidden section's whole note in one: comments
    do not nest, so the second must not close at the first one's end and show what follows."""
    import_page(
        tmp_path,
        "<!-- # 🔥 News\n- A line without a date.\n- Another undated line. -->\n\n# 🏅 Honors\n- *2024* A prize\n",
    )
    page = homepage(client)
    text = page.get_text(" ")
    assert "A prize" in text
    assert "-->" not in text and "undated" not in text and "without a date" not in text
    assert not page.select(".section__note")


def test_a_manuscript_listed_by_its_title_and_where_it_is_stays_under_its_sub_heading(client, tmp_path):
    """A real site listed its manuscripts "- **Title.** (Human Factors, under review)" under "### Working
    manuscripts", one with a [Code] link: that one was a paper there, the other two were kept as text at the
    end of the section, after the projects' boxes."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n- [A Published Paper](https://arxiv.org/abs/2401.00001), **Ada Lovelace**. "
        "*ICML 2024*\n\n"
        "### Working manuscripts & under review\n"
        "- **An EEG Dataset for Understanding Driving Expertise.** (Scientific Data, under review) · "
        "[Code](https://github.com/ada/eeg)\n"
        "- **From Driver to Passenger: Understanding Evaluation Gaps.** (CSCW 2026, under review)\n"
        "- **Users' Trust Evolvement in Fully Driverless Robotaxis.** (Human Factors, under review)\n\n"
        "### Projects\n\n- **Note:** see the projects page.\n",
    )
    groups = dict(PublicationPage.objects.values_list("title", "group"))
    assert groups["From Driver to Passenger: Understanding Evaluation Gaps"] == "Working manuscripts & under review"
    assert groups["Users' Trust Evolvement in Fully Driverless Robotaxis"] == "Working manuscripts & under review"
    text = homepage(client).select_one("main").get_text(" ")
    assert text.index("An EEG Dataset") < text.index("From Driver") < text.index("Users") < text.index("Projects")
    assert "CSCW 2026, under review" in text and "see the projects page" in text


def test_the_news_stay_in_the_order_the_owner_wrote_them_whatever_their_dates(client, tmp_path):
    """Real sites set a line above a later one (a project still running over the month's results, the accepted
    papers before the preprints): the homepage sorted them by date. It shows them as written, newest-first
    lists and oldest-first ones alike; /news/ stays an archive by date."""
    from news.models import NewsItem

    newest_first = "# 🔥 News\n- *2025.10*: Project ongoing.\n- *2025.11*: Competition won.\n- *2025.09*: Medal.\n"
    import_page(tmp_path, newest_first)
    lines = [li.get_text(" ", strip=True)[:7] for li in homepage(client).select(".section--news li")]
    assert lines == ["2025.10", "2025.11", "2025.09"]
    archive = client.get("/news/").content.decode()
    assert archive.index("Competition won") < archive.index("Project ongoing") < archive.index("Medal")
    NewsItem.objects.all().delete()
    oldest_first = "# 🔥 News\n- *2021.01*: One.\n- *2021.03*: Three.\n- *2021.02*: Two.\n- *2021.04*: Four.\n"
    import_page(tmp_path, oldest_first)
    lines = [li.get_text(" ", strip=True) for li in homepage(client).select(".section--news li")]
    assert [line[:7] for line in lines] == ["2021.01", "2021.03", "2021.02", "2021.04"]


def test_a_project_box_linking_a_papers_doi_stays_an_item_of_its_own(client, tmp_path):
    """A real site: a paper box under Publications, and under Projects a box with a short name of its own whose
    [Paper] link is that paper's DOI. Their titles shared two words, enough to be taken for one paper listed twice:
    the project's name replaced the paper's title, which was on no page any more. Two items on the page stay two;
    a paper listed twice under one title keeps what its first listing showed (visitors read that one first)."""
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{badge}</div>"
        "<img src='images/{image}.png' alt='A figure' width='100%'></div></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n**{title}**\n{line}\n[Paper](https://doi.org/10.1145/3613904.3642029)\n"
        "</div>\n</div>\n"
    )
    paper = '"It Must Be Gesturing Towards Me": Gesture-Based Interaction between Autonomous Vehicles and Pedestrians.'
    text = (
        "# 📝 Publications\n\n"
        + box.format(badge="CHI 2024", image="a", title=paper, line="*CHI Conference on Human Factors, 2024.*")
        + "\n## Projects\n\n"
        + box.format(badge="eHMI", image="b", title="Gesture-based eHMI.", line="Prototyped a gesture-based HMI.")
        + "\n## Again\n\n- **Selected Paper.** *ICLR 2025*. [Paper](https://arxiv.org/abs/2501.00002)\n"
        + "- **Selected Paper.** *TPAMI 2025*. [Paper](https://arxiv.org/abs/2501.00002)\n"
    )
    checkout_with_images(tmp_path, text, "a", "b")
    titles = sorted(PublicationPage.objects.values_list("title", flat=True))
    assert titles == ['"It Must Be Gesturing Towards Me": Gesture-Based Interaction between Autonomous Vehicles and '
                      "Pedestrians", "Gesture-based eHMI", "Selected Paper"]  # fmt: skip
    shown = homepage(client).select_one("main").get_text(" ", strip=True)
    assert "It Must Be Gesturing Towards Me" in shown and "Gesture-based eHMI" in shown
    assert "Prototyped a gesture-based HMI" in shown
    assert "ICLR 2025" in PublicationPage.objects.get(title="Selected Paper").venue


def test_a_link_that_shows_only_an_icon_is_named_for_what_the_icon_shows(client, tmp_path):
    """A real site: `<a href="…github…" title="Code on GitHub"><i class="fab fa-github"></i></a>` beside a paper's
    title became a link labelled "Other"; the visitor saw GitHub's mark. Named by the icon, else by the link's
    title, else by its site."""
    text = (
        "# 📝 Publications\n\n"
        "- [A Paper](https://arxiv.org/abs/2410.17714) "
        '<a href="https://github.com/ada/steer" title="Code on GitHub"><i class="fab fa-github"></i></a> '
        '<a href="https://example.org/talk" title="Recorded talk"><i class="fas fa-film"></i></a> '
        '<a href="https://huggingface.co/datasets/ada/set"><i class="hf-icon"></i></a>, **Ada Lovelace**. *ACL 2025*\n'
    )
    import_page(tmp_path, text)
    links = {link.url: (link.kind, link.label) for link in PublicationPage.objects.get().links.all()}
    assert links["https://github.com/ada/steer"] == ("code", "GitHub")
    assert links["https://example.org/talk"][1] == "Recorded talk"
    assert links["https://huggingface.co/datasets/ada/set"][1] == "Hugging Face"
    shown = [a.get_text(strip=True) for a in homepage(client).select(".paper-links a")]
    assert "Other" not in shown and "GitHub" in shown


def test_a_corner_label_of_another_class_a_name_in_code_and_a_script_link_read_as_they_showed(client, tmp_path):
    """A real site: the box's corner label written as `<div class="paper-badge" style=…>`, the owner's name as
    **`Wei Chen`**, and a `<a href="#" onclick="copyBib(…)">[Bib]</a>` after the last name. The label was lost,
    the name kept its backticks and the last author was "Delu Zeng* [Bib]"."""
    box = (
        '<div class="paper-box">\n<div class="paper-box-image" style="position: relative;">\n'
        '<div class="paper-badge" style="position:absolute;top:0;left:0;">IEEE IoTJ 2024</div>\n'
        '<img src="images/a.png" alt="sym" style="width:100%;">\n</div>\n<div class="paper-box-text" markdown="1">\n\n'
        "[**Neural ODE networks for fintech**](https://doi.org/10.1109/JIOT.2024.3376748), Jiacheng Li, "
        '**`Wei Chen`**, Delu Zeng* <a href="#" onclick="return copyBib(\'li2024neural\', event)">[Bib]</a>\n\n'
        "**IEEE Internet of Things Journal (IoTJ) 2024**\n\n- Models continuous-time dynamics.\n</div>\n</div>\n"
    )
    checkout_with_images(tmp_path, f"# 📝 Publications\n\n{box}", "a")
    paper = PublicationPage.objects.get()
    assert paper.badge_text == "IEEE IoTJ 2024"
    authors = [(author.name, author.is_owner) for author in paper.authors.all()]
    assert authors == [("Jiacheng Li", False), ("Wei Chen", True), ("Delu Zeng", False)]
    box_html = homepage(client).select_one(".paper-box")
    assert "IEEE IoTJ 2024" in box_html.get_text() and "`" not in box_html.get_text()


def test_cells_of_an_html_grid_stay_words_of_their_own(client, tmp_path):
    """A real site laid its awards out as a grid of <div> cells, a row per line: the sanitiser took the cells'
    tags away and the row read "2025MICCAI autoPET Challenge1st Place". The cells are kept now, blocks of their
    own (without the site's grid), so no two of their words meet."""
    text = (
        "# 🏅 Awards\n\n"
        '<div class="aw-tbl" markdown="0">\n'
        '  <div class="c-yr">2025</div><div class="c-name">MICCAI autoPET Challenge</div>'
        '<div class="c-tier"><span class="awtag">1st Place</span></div>\n'
        "</div>\n"
    )
    import_page(tmp_path, text)
    main = homepage(client).select_one("main")
    shown = main.get_text(" ")  # as a visitor reads blocks: apart
    assert "2025MICCAI" not in shown and "Challenge1st" not in shown
    assert "MICCAI autoPET Challenge" in shown
    assert [cell.get_text() for cell in main.find_all("div") if not cell.div] == [  # the cells, blocks of their own
        "2025",
        "MICCAI autoPET Challenge",
        "1st Place",
    ]


def test_a_reference_written_with_commas_only_reads_its_authors_title_and_venue(client, tmp_path):
    """A real site numbered its papers "**Me**, A B, C D, et al., Title: Subtitle, *Journal*, **SCI Q1, IF: 9.9**,
    2026.": the owner's bold name was the title, the title and the journal were authors, "et al." was gone."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "1. **Wenhui Chen**, Jirui Liu, Zhenyan Ji, et al., DMMCNet: Dynamic Contrastive Point Cloud Network, "
        "*IEEE Transactions on Industrial Informatics*, **SCI Q1, IF: 9.9**, 2026.\n\n"
        "2. Xiaowei Liu, Mengmeng Sun, **Wenhui Chen**, Limin Shen, Complementarity Analysis of Cloud API "
        "Ecosystems, *2024 IEEE International Conference on Web Services (ICWS)*, **Conference Paper**, 2024.\n\n"
        "3. **Wenhui Chen**, Zhenyan Ji, et al., SEF-FPN: A Feature Pyramid Network, submitted to *IEEE Transactions "
        "on Industrial Informatics*, **Under Review**.\n",
    )
    papers = list(PublicationPage.objects.order_by("path"))
    assert [paper.title for paper in papers] == [
        "DMMCNet: Dynamic Contrastive Point Cloud Network",
        "Complementarity Analysis of Cloud API Ecosystems",
        "SEF-FPN: A Feature Pyramid Network",
    ]
    assert [author.name for author in papers[0].authors.all()] == ["Wenhui Chen", "Jirui Liu", "Zhenyan Ji"]
    assert papers[0].more_authors and not papers[1].more_authors
    assert papers[0].venue == "IEEE Transactions on Industrial Informatics, SCI Q1, IF: 9.9, 2026"
    assert papers[0].date.year == 2026 and papers[1].date.year == 2024
    assert [author.name for author in papers[1].authors.all()][2:] == ["Wenhui Chen", "Limin Shen"]
    assert papers[2].venue.startswith("submitted to IEEE Transactions")
    shown = homepage(client).select_one("main").get_text(" ")
    assert shown.count("et al.") == 2


def test_a_reference_with_commas_only_and_its_venue_unstyled_after_a_rank_in_brackets(client, tmp_path):
    """A real site numbered 30 papers "[CCF-A] **Me**, A B, C D, The Title, Conference Name (ICML), 2026.", no
    italics anywhere: the owner's bold name was each paper's title, and the title and venue were authors."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "1. [CCF-A] **Ada Lovelace**, Zhemeng Yu, Zhuoran Li, GKD-Recruiter: Jointly Modeling Social and Task "
        "Heterogeneity, International Conference on Machine Learning (ICML), 2026.\n"
        "1. [CCF-B] Pengfei Du, **Ada Lovelace**\\*, Bin Wang, PID-Controlled RL for Joint Pricing, Dispatching, "
        "and Routing, International Joint Conference on Artificial Intelligence (IJCAI), 2026. (Corresponding "
        "Author)\n"
        "1. **Ada Lovelace**, Yunlong Cheng, Chan Tin Ping, RL with Balanced Reward and Masking Mechanism, IEEE "
        "International Conference on Ubiquitous Information Management and Communication (IMCOM), 2025.\n",
    )
    papers = list(PublicationPage.objects.order_by("path"))
    assert [paper.title for paper in papers] == [
        "GKD-Recruiter: Jointly Modeling Social and Task Heterogeneity",
        "PID-Controlled RL for Joint Pricing, Dispatching, and Routing",
        "RL with Balanced Reward and Masking Mechanism",
    ]
    assert [author.name for author in papers[0].authors.all()] == ["Ada Lovelace", "Zhemeng Yu", "Zhuoran Li"]
    assert [author.name for author in papers[1].authors.all()] == ["Pengfei Du", "Ada Lovelace", "Bin Wang"]
    assert papers[0].venue_short == "CCF-A" and papers[2].venue_short == ""
    assert papers[0].venue == "International Conference on Machine Learning (ICML), 2026"
    assert papers[1].venue.startswith("International Joint Conference on Artificial Intelligence (IJCAI), 2026")
    assert [paper.date.year for paper in papers] == [2026, 2026, 2025]
    main = homepage(client).select_one("main")
    assert len(main.select("strong, b")) >= 3 and all("Lovelace" in bold.get_text() for bold in main.select("strong"))


def test_a_legend_above_the_first_sub_heading_of_the_papers_stays_above_it(client, tmp_path):
    """A real site put "- ✉️ means Corresponding Author; * means Equal Contribution" right under "# Publications",
    above its topic sub-headings: the legend was shown at the end of the last topic's papers."""
    line = "1. ``ICDAR 2024`` [{title}](https://arxiv.org/abs/{arxiv}), Jiawei Wang, **Ada Lovelace**\n"
    text = (
        "# 📝 Publications\n- ✉️ means Corresponding Author; * means Equal Contribution\n\n## 🤖 LLMs\n"
        + line.format(title="Models That Read Long Documents", arxiv="2401.00001")
        + "\n## 📄 Document Intelligence\n"
        + line.format(title="Layout Analysis With Transformers", arxiv="2401.00002")
        + "\n# 📚 Academic Services\n- ICDAR Reviewer (2023, 2024)\n"
    )
    import_page(tmp_path, text)
    page = homepage(client)
    legend = page.find(string=lambda text: "means Corresponding Author" in text)
    assert legend is not None
    first_topic = page.find("h3", string=lambda text: text and "LLMs" in text)
    assert first_topic in legend.find_all_next("h3"), "the legend comes after the sub-headings"
    assert PublicationPage.objects.count() == 2


def test_a_commented_out_draft_of_a_shown_paper_neither_moves_it_nor_adds_to_it(client, tmp_path):
    """A real site kept an older listing of a paper in a comment at the top of its publications, and the paper's
    box further down: the paper was shown first, in the draft's place, with the draft's hidden link."""
    draft = (
        "<!--\n- ``Preprint`` **Counting Words Carefully**.<br>\nAda Lovelace, **Me Myself**.<br>\n"
        "\\[ [Paper](https://arxiv.org/abs/2406.04531) \\] \\[ [Hidden Benchmark](https://hidden.example.org/) \\]\n-->"
    )
    text = (
        f"# 📝 Publications\n\n{draft}\n\n"
        + BOX.format(image="a", title="Alpha Paper", venue="ICML 2021", arxiv="2101.00001", bullet="One.")
        + "\n"
        + BOX.format(image="b", title="Counting Words Carefully", venue="NAACL 2025", arxiv="2406.04531", bullet="Two.")
    )
    for _ in range(2):  # and a second import changes nothing
        import_page(tmp_path, text)
        page = homepage(client)
        assert [box["aria-label"] for box in page.select(".paper-box")] == ["Alpha Paper", "Counting Words Carefully"]
        assert "hidden.example.org" not in str(page) and "Hidden Benchmark" not in str(page)
        assert PublicationPage.objects.count() == 2


def test_links_in_one_pair_of_brackets_are_the_papers_links_not_its_venue(client, tmp_path):
    """A real site ended each paper with "[[arXiv](…), [code](…)]": the brackets were read as a venue tag, shown as
    "[,]", and the links inside went with them."""
    text = (
        "# 📝 Publications\n\n- Yabo Wang#, **Ada Lovelace**# (equal contribution), Xiaofei Li. [A Universal Network "
        "for Sound Source Localization](https://ieeexplore.ieee.org/document/10771699). IEEE/ACM Transactions on "
        "Audio, Speech, and Language Processing (**TASLP**), vol. 32, pp. 5051-5064, 2024. "
        "[[arXiv](https://arxiv.org/abs/2405.07021), [code](https://github.com/example/ipdnet)]\n"
    )
    import_page(tmp_path, text)
    line = homepage(client).select_one(".publication-list li")
    links = {
        a.get_text(" ", strip=True).casefold(): a["href"]
        for a in line.select("a")
        if "citation__title" not in a.get("class", [])
    }
    assert links.get("code") == "https://github.com/example/ipdnet"
    assert "https://arxiv.org/abs/2405.07021" in links.values()
    assert line.select_one(".venue-tag") is None
    assert "[,]" not in line.get_text() and "[ , ]" not in line.get_text()
    assert "TASLP" in line.get_text()


def test_bullets_under_a_numbered_item_stay_in_it(client, tmp_path):
    """A real site wrote its research interests as "1. **Theme**" over bullets indented by two spaces: kramdown
    kept them in the numbered item, Markdown here ended the numbered list at each and numbered every theme 1."""
    text = (
        "# 💻 Research Interest\n1. <em><strong>Trustworthy Intelligent Education</strong></em>\n"
        "  - Generalized Cognitive Diagnosis (Fairness)\n  - Federated Cognitive Diagnosis (Privacy)\n"
        "2. <em><strong>Automated X</strong></em>\n  - Neural Architecture Search\n3. Evolutionary Optimization\n"
    )
    import_page(tmp_path, text)
    page = homepage(client)
    section = page.find(lambda tag: tag.name == "h2" and "Research Interest" in tag.get_text()).find_parent("section")
    (numbered,) = section.select("ol")
    items = numbered.find_all("li", recursive=False)
    assert [len(item.select("ul > li")) for item in items] == [2, 1, 0]
    assert "Federated Cognitive Diagnosis" in items[0].get_text()


def test_html_with_blank_lines_between_its_elements_is_shown_as_html_not_as_its_source(client, tmp_path):
    """Three real sites wrote their page as indented HTML with blank lines between the cards, and one had an
    image the import leaves out (an SVG logo) on a line of its own: kramdown read each block up to its closing
    tag, Markdown here ended it at the blank line and showed the indented rest as code, "<article class=…>"."""
    card = (
        '        <article class="pub-card">\n          <div class="pub-thumb">\n'
        '            <img src="images/logo.svg" alt="Logo">\n          </div>\n'
        '          <h3 class="pub-title">{title}</h3>\n        </article>\n'
    )
    text = (
        '<section id="publications" class="section">\n    <div class="container">\n'
        + card.format(title="Spatial Agents That Use Tools")
        + "\n"
        + card.format(title="A Benchmark for Spatial Models")
        + "    </div>\n</section>\n\nAnd **after** it, Markdown again.\n"
    )
    text = text + "\n# 🚀 Projects\n\n" + text.replace("Spatial", "Temporal")
    import_page(tmp_path, text)
    page = homepage(client)
    main = page.select_one("main")
    assert main.select("pre") == []
    assert "<article" not in main.get_text() and "pub-title" not in main.get_text()
    for word in ("Spatial", "Temporal"):  # in the introduction, and in a section of free text
        assert (
            f"{word} Agents That Use Tools" in main.get_text() and f"A Benchmark for {word} Models" in main.get_text()
        )
    assert len(main.find_all("strong", string="after")) == 2


def test_a_venue_tag_before_a_title_in_italics_then_the_authors(client, tmp_path):
    """A real site listed papers as "<span>CVPR</span><span>（CCF-A）</span> *Title*, Names, **Me**&#42;.
    [**Code**](…)": the whole line up to the links, names and an escaped "&#42;" included, was its title."""
    span = '<span style="background-color:#1E40AF; color:white; border-radius:6px;">{}</span>'
    text = (
        "# 📝 Publications\n\n- " + span.format("CVPR") + '<span style="color:red">（CCF-A）</span> *Reinforcing '
        "Segment Anything with Semantic Adapters*, Qiang Hu, Jiajie Wei, **Ada Lovelace**&#42;. "
        "[**Code**](https://github.com/example/samix) [**PDF**](https://openaccess.thecvf.com/samix.pdf)\n"
    )
    import_page(tmp_path, text)
    paper = PublicationPage.objects.get()
    assert paper.title == "Reinforcing Segment Anything with Semantic Adapters"
    assert paper.venue_short == "CVPR（CCF-A）"
    assert [author.name for author in paper.authors.all()] == ["Qiang Hu", "Jiajie Wei", "Ada Lovelace"]
    line = homepage(client).select_one(".publication-list li").get_text(" ", strip=True)
    assert "&#42;" not in line and "Code" in line


def test_marks_after_names_mean_what_the_pages_own_legend_says(client, tmp_path):
    """Several real sites explain their marks the other way round from most ("\\* indicates corresponding author;
    † indicates equal contribution", "*: 通讯作者, †: 共同一作"): their corresponding authors were shown as
    equal contributors, under a legend saying so."""
    text = (
        "# 📝 Publications\n> \\* indicates corresponding author; † indicates equal contribution\n\n"
        "- [Counting Words Carefully in Many Languages](https://arxiv.org/abs/2401.00001), Jiawei Wang†, "
        "Qiang Hu†, **Ada Lovelace**\\*. *ICML 2025*\n"
    )
    import_page(tmp_path, text)
    authors = {a.name: (a.equal_contribution, a.corresponding) for a in PublicationPage.objects.get().authors.all()}
    assert authors == {"Jiawei Wang": (True, False), "Qiang Hu": (True, False), "Ada Lovelace": (False, True)}
    # The names show the homepage's marks now (* equal, ✉ corresponding), which its own legend explains.
    section = homepage(client).select_one("section.section--publications")
    assert "indicates corresponding" not in section.get_text()
    assert " ".join(section.select_one(".marker-legend").get_text().split()) == (
        "* equal contribution · ✉ corresponding author"
    )


def test_an_html_grid_longer_than_a_field_is_cut_into_html_not_code(client, tmp_path):
    """A real site's grid of 60 award cards, indented HTML, made its about text longer than a field holds: the
    text continued in sections cut between two lines of the grid, and the next section opened on an indented
    line, which Markdown showed as code."""
    cards = "".join(
        f'    <div class="award-card">\n      <div class="award-title">Award number {number}: '
        + "a prize for work on something " * 8
        + "</div>\n    </div>\n"
        for number in range(120)
    )
    import_page(tmp_path, f'Hello.\n\n<div class="awards-grid">\n{cards}</div>\n')
    main = homepage(client).select_one("main")
    assert main.select("pre") == [] and "award-card" not in main.get_text()
    assert "Award number 0:" in main.get_text() and "Award number 119:" in main.get_text()


def test_a_group_signing_as_the_author_is_the_author_and_the_line_under_it_the_venue(client, tmp_path):
    """A technical report signed "MiniMax Team": the group was read as the venue and the venue as a description."""
    from publications.formats.bibtex import generated_bibtex
    from publications.formats.csl_json import csl_item

    import_page(
        tmp_path,
        "# Publications\n\n"
        "* [**The M2 Series: Mini Activations**](https://arxiv.org/abs/2605.26494)\\\\\nMiniMax Team \\\\\n"
        "MiniMax Technical Report\n\n"
        "* [**WebExplorer: Explore and Evolve**](https://arxiv.org/abs/2509.06501)\\\\\n"
        "Junteng Liu, **Ada Lovelace**, et al. \\\\\nMiniMax Agent Technical Report\n",
    )
    paper = PublicationPage.objects.get(title="The M2 Series: Mini Activations")
    assert [author.name for author in paper.authors.all()] == ["MiniMax Team"]
    assert (paper.venue, paper.summary) == ("MiniMax Technical Report", "")
    assert (
        PublicationPage.objects.get(title="WebExplorer: Explore and Evolve").venue == "MiniMax Agent Technical Report"
    )
    citation = homepage(client).select(".citation")[0]
    assert " ".join(citation.select_one(".citation__authors").get_text(" ").split()) == "MiniMax Team"
    bibtex = generated_bibtex(paper)
    assert "author = {{MiniMax Team}}" in bibtex and bibtex.startswith("@misc{minimax2026")
    assert csl_item(paper, "minimax2026")["author"] == [{"literal": "MiniMax Team"}]


def test_names_set_off_as_a_quote_and_a_legend_naming_the_meaning_before_the_mark(client, tmp_path):
    """A site's boxes write the authors as a quote ("> S. Che, **Z. Guo**\\*") under "NOTE: Corresponding Authors *,
    Equal Contribution #": the first author was ">S. Che", and the owner's mark read as an equal contribution."""
    import_page(
        tmp_path,
        "# 📝 Publications\nNOTE: Corresponding Authors *, Equal Contribution #\n\n"
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">ACM MM 2026</div>"
        '<img src=\'images/gif.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n  \n"
        "[GIFGuard: Proactive Forensics](https://arxiv.org/abs/2604.26519) \n"
        ">S. Che, **Ada Lovelace**\\*, C. Miao, and G. Yang.\n"
        "ACM International Conference on Multimedia, 2026. (CCF-A)\n"
        "[[**Code**]](https://github.com/example/gifguard)\n\n"
        "- We propose the first proactive forensics framework for GIFs.\n</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    authors = list(paper.authors.all())
    assert [author.name for author in authors] == ["S. Che", "Ada Lovelace", "C. Miao", "G. Yang"]
    assert (authors[1].is_owner, authors[1].corresponding, authors[1].equal_contribution) == (True, True, False)
    assert paper.venue == "ACM International Conference on Multimedia, 2026. (CCF-A)"
    box = homepage(client).select_one(".paper-box")
    assert " ".join(box.select_one(".paper-box__authors").get_text(" ").split()).startswith("S. Che , Ada Lovelace")


def test_an_icon_before_a_papers_title_is_not_part_of_it(client, tmp_path):
    """``**<img src="../images/longcat.svg" alt="icon"> AMO-Bench: …**``: the title read "![icon](…) AMO-Bench"."""
    import_page(
        tmp_path,
        "# Publications\n<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n\n"
        '**<img src="../images/longcat.svg" alt="icon" style="height:25px;"> AMO-Bench: LLMs Still Struggle.**  \n\n'
        "<ins>**Ada Lovelace**</ins>, Shengnan An.\n<br>\n**The 64th Annual Meeting of the ACL, 2026.**\n"
        "</div></div>\n\n"
        "- ![logo](images/x.png) [Other Paper](https://arxiv.org/abs/2401.00001), **Ada Lovelace**. *ICML 2024*\n",
    )
    assert sorted(PublicationPage.objects.values_list("title", flat=True)) == [
        "AMO-Bench: LLMs Still Struggle",
        "Other Paper",
    ]
    assert "icon" not in homepage(client).select_one("main").get_text()


def test_pictures_set_side_by_side_in_html_keep_their_grouping(client, tmp_path):
    """A gallery of events (photos with captions in divs of the site's own classes) was shown one photo under
    another at full width, 14,000 px of page instead of 9,000: the divs are kept, without their attributes, so the
    site's stylesheet sets such pictures side by side (static/css/site.css)."""
    (tmp_path / "images").mkdir()
    from PIL import Image

    for name in ("a", "b", "c"):
        Image.new("RGB", (64, 48), "#336699").save(tmp_path / "images" / f"{name}.png")
    (tmp_path / "about.md").write_text(
        'Hi, I am Ada.\n\n<div class="activities-container">\n'
        '  <div class="activities-item">\n    <img src="images/a.png" alt="ICML">\n    <p>ICML 2026</p>\n  </div>\n'
        '  <div class="activities-item" style="flex: 0 0 30%">\n    <img src="images/b.png" alt="">\n'
        "    <p>Lab photo</p>\n  </div>\n</div>\n",
        encoding="utf-8",
    )
    call_command(
        "import_acadhomepage", str(tmp_path / "about.md"), "--images", str(tmp_path), "--no-check", stdout=StringIO()
    )
    gallery = homepage(client).select_one(".prose > div")
    items = gallery.find_all("div", recursive=False)
    assert [item.p.get_text() for item in items] == ["ICML 2026", "Lab photo"]
    assert all(item.img["src"].startswith("/media/") for item in items)
    assert not any(tag.attrs for tag in [gallery, *items])  # the old site's classes and styles mean nothing here


def test_sidebar_settings_written_as_html_are_text_and_a_styled_box_of_html_in_the_news_stays_html(client, tmp_path):
    """``bio: "Huawei Technologies <img src='./images/huawei.png' style='width: 1.4em;'>"`` showed its tag in the
    sidebar; and a news section written as one ``<div class='paper-box' style=…>`` of indented HTML with blank
    lines (no paper in it) showed its source: 18 tags a visitor read as text."""
    from homepage.importers.acadhomepage.config import parse_config

    profile = parse_config(
        "description: 'Wireless <b>MIMO</b> research'\nauthor:\n  name: Ada\n"
        "  bio: \"Huawei Technologies  <img src='./images/huawei.png' style='width: 1.4em;'>\"\n"
        "  location: 'Chengdu<br>China'\n"
    )
    assert (profile.bio, profile.location, profile.description) == (
        "Huawei Technologies",
        "Chengdu China",
        "Wireless MIMO research",
    )
    import_page(
        tmp_path,
        "# 🔥 News\n<div class='paper-box' style=\"display: flex; gap: 20px;\">\n  \n"
        '  <div style="flex: 1;">\n    <ul style="list-style-type: none;">\n      <li>\n'
        "        Just had my first industry panel:<br><br>\n        \n"
        "        <strong>Title:</strong> Gigantic MIMO<br><br>\n        \n"
        "        <strong>Panelists:</strong><br>\n        Fengwei Liu (Huawei)\n"
        "      </li>\n    </ul>\n  </div>\n</div>\n",
    )
    main = homepage(client).select_one("main")
    assert "<" not in main.get_text()
    assert main.select_one("li strong").get_text() == "Title:"


def test_venue_tags_over_titles_a_comment_inside_a_bullet_and_bold_lines_over_the_lists(client, tmp_path):
    """A site writes each paper as '- <span class="conf-badge">AAAI 2023</span>' over "[The Title](…)," over the
    names, a commented-out badge line inside some, and "**Conferences**" / "**Journals**" over the lists: the tag
    was read as the title and the title as an author; a paper without a link yet, or with the comment inside it,
    was kept as text under the list, with the bold lines, which no longer stood over their papers."""
    import_page(
        tmp_path,
        "# 📝 Selected Publications\n\n**Conferences**\n"
        '- <span class="conf-badge">IJCAI 2026</span>\n'
        "Riemannian Graph Convolutional Network for Two-Person Interaction Recognition,\n"
        "Rui Wang, Zihao Bi, **Ada Lovelace<sup>†</sup>**.\n"
        '- <span class="conf-badge">AAAI 2023</span>\n'
        "<!-- - ![Conference](https://img.shields.io/badge/AAAI-2023-blue) -->\n"
        "[Riemannian Local Mechanism for SPD Neural Networks](https://doi.org/10.1609/aaai.v37i6.25867),\n"
        "**Ada Lovelace**, Tianyang Xu, Josef Kittler.\n[[Code](https://github.com/example/msnet)]\n\n"
        "**Journals**\n"
        '- <span class="journal-badge">TMLR 2026</span>\n'
        "[Riemannian t-SNE on Several Matrix Manifolds](https://openreview.net/forum?id=4EZeC0JwqM),\n"
        "Rui Wang, Bin Shi, **Ada Lovelace<sup>†</sup>**.\n[[Code](https://github.com/example/manireduce)]\n"
        '- <span class="journal-badge">TNNLS 2025</span>\n'
        "[Learning a Better SPD Network for Signal Classification](https://doi.org/10.1109/tnnls.2025.3589362),\n"
        "Rui Wang, **Ada Lovelace<sup>†</sup>**, Josef, Kittler.\n",
    )
    papers = {paper.title: paper for paper in PublicationPage.objects.all()}
    assert {title: (paper.venue_short or paper.venue) for title, paper in papers.items()} == {
        "Riemannian Graph Convolutional Network for Two-Person Interaction Recognition": "IJCAI 2026",
        "Riemannian Local Mechanism for SPD Neural Networks": "AAAI 2023",
        "Riemannian t-SNE on Several Matrix Manifolds": "TMLR 2026",
        "Learning a Better SPD Network for Signal Classification": "TNNLS 2025",  # names a reader takes as names
    }
    assert [a.name for a in papers["Riemannian t-SNE on Several Matrix Manifolds"].authors.all()] == [
        "Rui Wang",
        "Bin Shi",
        "Ada Lovelace",
    ]
    main = homepage(client).select_one("main")
    headings_and_titles = [
        " ".join(tag.get_text(" ").split()) for tag in main.select(".section__subtitle, .citation__title")
    ]
    assert headings_and_titles == [
        "Conferences",
        "Riemannian Graph Convolutional Network for Two-Person Interaction Recognition",
        "Riemannian Local Mechanism for SPD Neural Networks",
        "Journals",
        "Riemannian t-SNE on Several Matrix Manifolds",
        "Learning a Better SPD Network for Signal Classification",
    ]
    assert main.select_one(".section__note") is None and "Conference" not in main.select_one("ul").get_text()


def test_patents_written_as_labelled_fields_keep_their_nesting_and_title(client, tmp_path):
    """Patents as labelled fields, "- **Title:** …" over "  - **No.:** CN…" and "  - **Inventors:** …": one with
    commas in its title was read as a paper titled "Title:" with the title's parts as authors, and the others,
    kept as text, lost their nesting: 32 lines where the old page listed 8."""
    import_page(
        tmp_path,
        "# Publications\n\n## Patents (2 Granted)\n\n"
        "- **Title:** Scheduling Method and Apparatus (一种调度方法及装置)\n"
        "  - **No.:** CN201811161060.6\n  - **Inventors:** **Ada Lovelace**\n\n"
        "- **Title:** Online Data Anomaly Detection Method, Apparatus, Storage Medium, Device\n"
        "  - **No.:** CN202010236425.8\n  - **Inventors:** Yuxin Su, **Ada Lovelace**\n",
    )
    assert not PublicationPage.objects.exists()
    main = homepage(client).select_one("main")
    outer = main.select(".prose > ul > li")
    assert [" ".join(item.p.get_text(" ").split()) if item.p else item.contents[0].strip() for item in outer] == [
        "Title: Scheduling Method and Apparatus (一种调度方法及装置)",
        "Title: Online Data Anomaly Detection Method, Apparatus, Storage Medium, Device",
    ]
    assert [len(item.select("ul > li")) for item in outer] == [2, 2]


def test_a_venue_line_in_italics_with_commas_over_the_names_is_the_venue(client, tmp_path):
    """ "*Submitted to Nature Machine Intelligence (NMI), IF=23.9, (Undergoing review, 2026)*" over the names, the
    owner's in bold: the venue line, having commas, was read as the authors and the names kept as a summary."""
    import_page(
        tmp_path,
        "# Publications\n<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n\n"
        '<a class=PaperTitle href="https://arxiv.org/abs/2604.22828"><b>MetaEarth3D: World-scale 3D Generation</b></a>'
        " \\\\\n *Submitted to Nature Machine Intelligence (NMI), IF=23.9, (Undergoing review, 2026)* \\\\\n"
        'Jinqi Cao\\*, Zhiping Yu\\*, **<font color="#000000">Ada Lovelace</font>**, and Zhengxia Zou \\\\\n'
        '[<a href="https://arxiv.org/abs/2604.22828">PDF</a>]\n</div>\n</div>\n',
    )
    paper = PublicationPage.objects.get()
    assert [author.name for author in paper.authors.all()] == [
        "Jinqi Cao",
        "Zhiping Yu",
        "Ada Lovelace",
        "Zhengxia Zou",
    ]
    assert paper.venue == "Submitted to Nature Machine Intelligence (NMI), IF=23.9, (Undergoing review, 2026)"
    assert paper.summary == ""
    authors = homepage(client).select_one(".citation__authors, .paper-box__authors").get_text(" ")
    assert " ".join(authors.split()).endswith("Ada Lovelace , and Zhengxia Zou")


def test_a_paper_without_a_link_yet_under_a_venue_in_code_keeps_its_place(client, tmp_path):
    """ "- ``SIGKDD 2026`` The Title" (no link yet) over the names, among papers written "- ``ESWA 2026`` [The
    Title](…)": the linked ones were papers, the unlinked ones kept as text under the whole list, out of the
    owner's order."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- ``ESWA 2026`` [Knowledge-Aware Replay for Class-Incremental Learning](https://doi.org/10.1/eswa.1)  \n"
        "**Ada Lovelace**, Xinhong Chen, and Rui Tan\n\n"
        "- ``SIGKDD 2026`` Disentangling Multi-View Scanning in Mamba for Traffic Anomaly Detection  \n"
        "Xinglin Lian, **Ada Lovelace\\*** (Corresponding Author), Ting Zhong, and Fan Zhou\n\n"
        "- ``TMLR 2026`` [When Active Learning Meets Graph Similarity](https://openreview.net/forum?id=dV6U)  \n"
        "**Ada Lovelace**, Haoyu Yang, and Fan Zhou\n",
    )
    main = homepage(client).select_one("main")
    assert [" ".join(title.get_text(" ").split()) for title in main.select(".citation__title")] == [
        "Knowledge-Aware Replay for Class-Incremental Learning",
        "Disentangling Multi-View Scanning in Mamba for Traffic Anomaly Detection",
        "When Active Learning Meets Graph Similarity",
    ]
    paper = PublicationPage.objects.get(title__startswith="Disentangling")
    assert (paper.venue_short or paper.venue) == "SIGKDD 2026"
    assert [author.name for author in paper.authors.all()] == ["Xinglin Lian", "Ada Lovelace", "Ting Zhong", "Fan Zhou"]
    assert not [prose for prose in main.select(".prose") if "Disentangling" in prose.get_text()]


def test_bullets_of_a_venue_in_brackets_over_a_title_with_no_link_yet_are_papers_among_the_boxes(client, tmp_path):
    """ "- [**KDD 2025**] [The Title]() <span style=…>[CCF-A]</span> \\\\" over the names, between paper boxes
    written the same way: the boxes were papers, the bullets kept as text under the whole list."""
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{venue}</div>"
        '<img src=\'images/x.png\' alt="sym" width="98%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        '[**{venue}**] [{title}]() <span style="color:red">[CCF-A]</span> \\\\\n'
        "Yiyun Zhou, **Ada Lovelace**, Shengyu Zhang\n\n</div>\n</div>\n\n"
    )
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + box.format(venue="KDD 2025", title="Cuff-KT: Tuning-Free Knowledge State Updating")
        + '- [**KDD 2025**] [Modality-Aware Diffusion Augmentation]() <span style="color:red">[CCF-A]</span> \\\\\n'
        "Jiajie Su, Chaochao Chen, **Ada Lovelace**, Xiaolin Zheng\n\n"
        '- [**IJCAI 2025**] [Device-Cloud Collaborative Correction]() <span style="color:red">[CCF-A]</span> \\\\\n'
        "Tianyu Zhan, Shengyu Zhang, **Ada Lovelace**$^\\dagger$, Jieming Zhu\n\n"
        + box.format(venue="AAAI 2025", title="Optimize Incompatible Parameters"),
    )
    main = homepage(client).select_one("main")
    assert [
        " ".join(title.get_text(" ").split()) for title in main.select(".paper-box__title a, .citation__title")
    ] == [
        "Cuff-KT: Tuning-Free Knowledge State Updating",
        "Modality-Aware Diffusion Augmentation",
        "Device-Cloud Collaborative Correction",
        "Optimize Incompatible Parameters",
    ]
    paper = PublicationPage.objects.get(title="Device-Cloud Collaborative Correction")
    assert (paper.venue_short or paper.venue) == "IJCAI 2025"
    assert [author.name for author in paper.authors.all()] == [
        "Tianyu Zhan",
        "Shengyu Zhang",
        "Ada Lovelace",
        "Jieming Zhu",
    ]
    assert not [prose for prose in main.select(".prose") if "Modality" in prose.get_text()]


def test_lines_commented_out_as_markdown_link_definitions_stay_hidden(client, tmp_path):
    """ "[//]: # (<div class='paper-box'>…)" comments out a line (a link definition nobody sees): the template's
    demo paper box commented out that way became a paper titled ")", and "//: # (" was shown under the list."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "1. [Preference-CFR Beyond Nash Equilibrium](https://arxiv.org/abs/2411.01217), **Ada Lovelace**, Bo Li\n\n"
        "[//]: # (<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">CVPR 2016</div>"
        '<img src=\'images/500x300.png\' alt="sym" width="100%"></div></div>)\n\n'
        "[//]: # (<div class='paper-box-text' markdown=\"1\">)\n\n[//]: # ()\n"
        "[//]: # ([Deep Residual Learning for Image Recognition]&#40;https://example.org/he.pdf&#41;)\n\n"
        "[//]: # (**Kaiming He**, Xiangyu Zhang)\n\n[//]: # (</div>)\n\n[//]: # (</div>)\n\n"
        "[comment]: <> (# 🎖 Honors and Awards)\n\n"
        "# 💬 Invited Talks\n\n- *2021.06*, A talk on homepages\n",
    )
    assert list(PublicationPage.objects.values_list("title", flat=True)) == ["Preference-CFR Beyond Nash Equilibrium"]
    main = homepage(client).select_one("main")
    assert "//" not in main.get_text() and "Residual" not in main.get_text() and "Honors" not in main.get_text()
    assert not main.select(".paper-box")


def test_a_sentence_after_a_linked_title_describes_the_paper(client, tmp_path):
    """ "1. [The Title (ICML 2025)](…) Proposes an algorithm to achieve …, enabling …": no names on the line, and
    the sentence's parts were shown as the authors."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "1. [Preference-CFR Beyond Nash Equilibrium for Better Game Strategies. (ICML 2025)]"
        "(https://arxiv.org/abs/2411.01217) Proposes the Preference Counterfactual Regret Minimization algorithm "
        "to achieve diverse Nash equilibria, enabling customizable strategies by incorporating preference and "
        "vulnerability parameters.\n"
        "2. [ELO-Rated Sequence Rewards](https://arxiv.org/abs/2409.03301) Proposes ELO-Rated Sequence Rewards, "
        "which uses ordinal preferences and ELO ratings to replace numerical rewards.\n"
        "3. [A Paper With Names](https://arxiv.org/abs/2409.03302), **Ada Lovelace**, Charles Babbage\n"
        "4. [A Paper of a Long List](https://arxiv.org/abs/2409.03303), Zhiyu Wu, Xiaokang Chen, Zizheng Pan, "
        "Xingchao Liu, Wen Liu, Damai Dai, Huazuo Gao, and others\n",
    )
    papers = list(PublicationPage.objects.order_by("path"))
    assert [list(paper.authors.values_list("name", flat=True)) for paper in papers][:3] == [
        [],
        [],
        ["Ada Lovelace", "Charles Babbage"],
    ]
    # a long list of names, no one in bold, "and others" at its end: names, not a sentence
    assert papers[3].summary == "" and [a.name for a in papers[3].authors.all()][:2] == ["Zhiyu Wu", "Xiaokang Chen"]
    assert papers[0].summary.startswith("Proposes the Preference Counterfactual Regret Minimization algorithm")
    assert papers[1].summary.endswith("to replace numerical rewards.")
    assert (papers[0].venue_short or papers[0].venue) == "ICML 2025"


def test_projects_listed_between_project_boxes_keep_their_place_and_the_boxes_their_look(client, tmp_path):
    """A real site listed its projects as bullets, a box with a demo figure for some: "- *2024.03 - Now* A project"
    over a box, a bullet between two boxes. With text between them the boxes were flattened to free text (the
    figure over its corner label, 30 list items where the old page showed 9)."""
    (tmp_path / "_pages").mkdir()
    (tmp_path / "images").mkdir()
    from PIL import Image

    for name in ("eda.png", "ocr.png"):
        Image.new("RGB", (120, 80), "#224488").save(tmp_path / "images" / name)
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{label}</div>"
        '<img src=\'images/{image}\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n- *{dates}* {title}\n\n1. First step.\n2. Second step.\n"
        "</div>\n</div>\n\n"
    )
    (tmp_path / "_pages" / "about.md").write_text(
        "---\npermalink: /\n---\n\n# 💻 Projects\n\n- *2024.03 - Now* Multimodal models\n\n"
        + box.format(label="EDA demo", image="eda.png", dates="2023.10 - 2024.02", title="Repayment intent")
        + "- *2023.05 - 2023.09* A chat assistant for one domain\n\n\n\n"
        + box.format(label="OCR demo", image="ocr.png", dates="2023.03 - 2023.06", title="An OCR platform")
        + "# 🏅 Competitions\n\n- *2024.07* A grand challenge, winner\n",
        encoding="utf-8",
    )
    call_command("import_acadhomepage", "--repo", str(tmp_path), "--no-check", stdout=StringIO(), stderr=StringIO())
    section = homepage(client).select_one("main section#-projects")
    shown = [
        (bool(tag.select_one(".paper-box__figure img")), " ".join(tag.get_text(" ").split())[:30])
        for tag in section.find_all(["article", "div"], recursive=False)
        if {"paper-box", "prose"} & set(tag.get("class") or [])
    ]
    assert shown == [
        (False, "2024.03 - Now Multimodal model"),  # the text above the boxes
        (True, "EDA demo 2023.10 - 2024.02 Rep"),
        (False, "2023.05 - 2023.09 A chat assis"),  # a row of its own, as the boxes are
        (True, "OCR demo 2023.03 - 2023.06 An "),
    ]


def test_a_later_publications_section_without_papers_keeps_its_heading_and_text(client, tmp_path):
    """ "# Preprint" over "- Temporarily omitted." after "# 📝 Publications": a second publications section is
    folded into the first as a sub-heading of its papers; with none, its heading was lost and its line shown under
    the whole list."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [A Paper on Homepages](https://arxiv.org/abs/2401.00001), **Ada Lovelace**, Bo Li\n\n"
        "# Preprint\n\n- Temporarily omitted.\n\n"
        "# 🎖 Honors\n\n- *2024.05* A prize\n",
    )
    main = homepage(client).select_one("main")
    headings = [" ".join(h.get_text(" ").split()) for h in main.select("h2")]
    assert headings[-3:] == ["📝 Publications", "Preprint", "🎖 Honors"]
    preprint = main.select("section")[-2]
    assert "Temporarily omitted." in preprint.get_text()
    assert "Temporarily omitted." not in main.select("section")[-3].get_text()


def test_venue_tags_in_spans_of_their_own_class_are_venues_not_authors(client, tmp_path):
    """'- <span class="conference-tag">NeurIPS 2025</span> [The Title](…), names. <span class="agent-tag">Agent
    </span>': the venue was the first author and the topic tag the venue; with the tag on a line of its own over
    "[The Title](), names" (no link yet) the paper was kept as text under the list, out of its order."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n## 🕹️ Agentic Reasoning\n"
        '- <span class="conference-tag">NeurIPS 2025</span> [OWL: Optimized Workforce Learning]'
        "(https://arxiv.org/abs/2505.23885), Mengkang Hu, Yuhang Zhou, **Ada Lovelace**. "
        '<span class="agent-tag">Agent</span>\n'
        '- <span class="conference-tag">ACL 2025</span> \n'
        "[HiAgent: Hierarchical Working Memory Management](), Mengkang Hu, Tianxing Chen, **Ada Lovelace**, Yao Mu. "
        '<span class="agent-tag">Agent</span>\n'
        '- <span class="preprint-tag">Arxiv 2025</span> [Tree-Planner: Close-loop Task Planning]'
        "(https://arxiv.org/abs/2310.08582), Mengkang Hu, **Ada Lovelace**.\n",
    )
    papers = list(PublicationPage.objects.order_by("path"))
    assert [(paper.title, paper.venue_short) for paper in papers] == [
        ("OWL: Optimized Workforce Learning", "NeurIPS 2025"),
        ("HiAgent: Hierarchical Working Memory Management", "ACL 2025"),
        ("Tree-Planner: Close-loop Task Planning", "Arxiv 2025"),
    ]
    assert [author.name for author in papers[1].authors.all()] == [
        "Mengkang Hu",
        "Tianxing Chen",
        "Ada Lovelace",
        "Yao Mu",
    ]
    main = homepage(client).select_one("main")
    assert [" ".join(t.get_text(" ").split()) for t in main.select(".citation__title")] == [p.title for p in papers]
    assert "Agent" in main.select_one("li").get_text()  # the topic tag, shown as the old page showed it


def test_a_project_box_among_papers_keeps_its_sentences_and_their_links(client, tmp_path):
    """A box under "Projects and Publications": "[**Name**](…) \\| [![](…stars…)](…) is an open-source model that
    …, the [Yunqi Conference](…). Technical Report is [here](…)." over "The model can also be accessed
    [online](…).": the second line was shown as the venue, and the sentence's links as a row of the paper's links."""
    import_page(
        tmp_path,
        "# 📝 Projects and Publications\n\n<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n\n"
        "[**wisdomInterrogatory**](https://github.com/ada/wisdom) \\| "
        "[![](https://img.shields.io/github/stars/ada/wisdom?style=social&label=Stars)](https://github.com/ada/wisdom) "
        "(智海-录问 in Chinese) is an open-source legal model that involves constructing training data, accelerating "
        "training. As the **project leader**, I was invited to the [Yunqi Conference](https://yunqi.example.org/). "
        "Technical Report is [here](https://arxiv.org/pdf/2604.06737).\n\n"
        "The model can also be accessed [online](https://example.org/wisdom).\n</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert (paper.title, paper.venue, paper.venue_short) == ("wisdomInterrogatory", "", "")
    assert [(badge.kind, badge.identifier) for badge in paper.badges.all()] == [("github", "ada/wisdom")]
    assert paper.summary.startswith("(智海-录问 in Chinese) is an open-source legal model")
    assert "[Yunqi Conference](https://yunqi.example.org/)" in paper.summary
    assert "The model can also be accessed [online](https://example.org/wisdom)." in paper.summary


def test_numbered_lines_under_a_papers_names_describe_it(client, tmp_path):
    """ "1. 设计针对多视角图像翻译任务的采样方法。" under the names in a paper box: the first numbered line was taken
    as the paper's venue (the box's corner says where it appeared: "CVPR 2024 (CCF-A) workshop")."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">CVPR 2024 "
        '(CCF-A) workshop</div><img src=\'images/mvav.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        "[MvAV-pix2pixHD: Multi-view Aerial View Image Translation](https://example.org/mvav) \\\\\n"
        "Jun Yu, **Ada Lovelace**, Shenshen Du et al. (学生一作)\n\n"
        "1. 设计针对多视角图像翻译任务的时间优先采样和随机采样方法。\n"
        "2. 提出了用于多视角图像翻译的MvAV-pix2pixHD，使用了三个强大的loss。\n\n</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert (paper.badge_text, paper.venue, paper.venue_short) == ("CVPR 2024 (CCF-A) workshop", "", "")
    assert "1. 设计针对多视角图像翻译任务的时间优先采样和随机采样方法。\n2. 提出了" in paper.summary
    assert [item.get_text() for item in homepage(client).select(".paper-box__summary ol > li")][1].startswith("提出了")


def test_names_before_a_linked_title_are_its_authors(client, tmp_path):
    """ "- `I-J-7` **Me**, A B, C D, et al., [The Title](…), IEEE Transactions on X, doi: …": the journal was
    read as two more authors and "et al." was lost, ten papers of one site."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- `I-J-7` **Ada Lovelace**, Zen Jinhong, Song Xiaoqian, Li Maokun, et al., [Physics-informed Supervised "
        "Residual Learning](https://ieeexplore.ieee.org/abstract/document/10057211), IEEE Transactions on Antennas "
        "and Propagation, doi: 10.1109/TAP.2023.3245281.\n"
        "- Charles Babbage, Mary Somerville and **Ada Lovelace**, [A Title of Words](https://example.org/x), Journal "
        "of Engines, 2024.\n",
    )
    first, second = PublicationPage.objects.order_by("path")
    assert [a.name for a in first.authors.all()] == ["Ada Lovelace", "Zen Jinhong", "Song Xiaoqian", "Li Maokun"]
    assert first.more_authors and "IEEE Transactions on Antennas and Propagation" in first.summary + first.venue
    assert [a.name for a in second.authors.all()] == ["Charles Babbage", "Mary Somerville", "Ada Lovelace"]
    assert second.venue == "Journal of Engines, 2024"
    shown = " ".join(homepage(client).select_one("main").get_text(" ").split())
    assert "Li Maokun , et al." in shown or "Li Maokun, et al." in shown or "Li Maokun et al." in shown
    assert "Mary Somerville and Ada Lovelace" in shown or "Mary Somerville , and Ada Lovelace" in shown


def test_the_link_to_all_publications_follows_a_list_written_as_html_of_the_owners_own(client, tmp_path):
    """Publications written as cards of the owner's HTML, no paper read from them: the link to all publications
    stood between the heading and the cards."""
    import_page(
        tmp_path,
        '# 📝 Publications and Preprints\n\n<div class="pub-card">\n<p class="pub-venue">Preprint</p>\n'
        '<p class="pub-title"><b>DriveReward: A Dataset and Reward Model</b></p>\n</div>\n',
    )
    section = homepage(client).select_one("main section.section--publications")
    text = " ".join(section.get_text(" ").split())
    assert text.index("DriveReward") < text.index("All publications, with BibTeX")


def test_a_static_shields_badge_keeps_its_two_words(client, tmp_path):
    """'<a href="…pdf"><img alt="Paper" src="https://img.shields.io/badge/arXiv-Paper-b31b1b.svg"></a>': the site
    draws its own badges (no request to shields.io), and these showed "Link | Custom" for "arXiv | Paper"."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n\n"
        "Scone: Bridging Composition and Distinction in Subject-Driven Image Generation<br>\n"
        '<a href="https://arxiv.org/pdf/2512.12675"><img alt="Paper" '
        'src="https://img.shields.io/badge/arXiv-Paper-b31b1b.svg?logo=arxiv&logoColor=white"></a>\n'
        '<a href="https://example.org/scone"><img alt="Project" src="https://img.shields.io/badge/Project--Page-blue">'
        "</a>\n\n<em><strong>Ada Lovelace</strong>\\*, Bohan Zeng\\*, Chengzhuo Tong</em>\n\n"
        "**CVPR 2026**\n</div>\n</div>\n",
    )
    badges = [" ".join(badge.get_text(" ").split()) for badge in homepage(client).select(".artifact-badge")]
    assert badges == ["arXiv Paper", "Link Project-Page"]


def test_a_markdown_div_commented_out_up_to_its_closing_line_hides_only_itself(client, tmp_path):
    """A project commented out as "<!-- … </div> -->": the closing line's "-->" was taken away with the div,
    the comment never closed, and every project after it was hidden on the new homepage."""
    import_page(
        tmp_path,
        "# Projects\n\n"
        '<div class="proj-item" markdown="1">\n**Shown First**\n\n- The first project.\n</div>\n\n'
        '<!--\n<div class="proj-item" markdown="1">\n**Hidden Draft**\n\n- Not ready.\n</div> -->\n\n'
        '<div class="proj-item" markdown="1">\n**Shown Second**\n\n- The second project.\n</div>\n',
    )
    text = homepage(client).select_one("main").get_text(" ")
    assert "Shown First" in text and "The second project." in text
    assert "Hidden Draft" not in text and "Not ready" not in text and "-->" not in text


def test_years_of_papers_folded_away_keep_their_sub_headings_apart(client, tmp_path):
    """A real site folds each year of its list ("<details><summary>2024</summary>", "### Conference Papers" inside):
    every year's conference papers became one "Conference Papers" list, the years empty toggles after it."""
    year = (
        '<details{open} markdown="1">\n<summary><strong>{year}</strong></summary>\n\n### Conference Papers\n\n'
        "- Ann Li, **Ada Lovelace**. [Conference Paper of {year}](https://arxiv.org/abs/{year}.00001). "
        "In ICML, {year}.\n"
        "\n### Journal Papers\n\n"
        "- **Ada Lovelace**. [Journal Paper of {year}](https://arxiv.org/abs/{year}.00002). In TPAMI, {year}.\n\n"
        "</details>\n\n"
    )
    import_page(
        tmp_path,
        "# Publications\n\n"
        + year.format(open=" open", year=2025)
        + year.format(open="", year=2024)
        + "- **Ada Lovelace**. [A Later Paper](https://arxiv.org/abs/2301.00003). In KDD, 2023.\n",
    )
    page = homepage(client)
    headings = [heading.get_text(" ", strip=True) for heading in page.select("main h3")]
    assert headings == [
        "2025 — Conference Papers",
        "2025 — Journal Papers",
        "2024 — Conference Papers",
        "2024 — Journal Papers",
    ]
    titles = [link.get_text() for link in page.select("main .citation__title, main .paper-box__title a")]
    assert titles == [
        "Conference Paper of 2025",
        "Journal Paper of 2025",
        "Conference Paper of 2024",
        "Journal Paper of 2024",
        "A Later Paper",
    ]
    assert not page.select("main details") and "<summary" not in page.select_one("main").decode_contents()


def test_names_left_out_in_the_middle_of_a_list_stay_left_out_where_the_page_said(client, tmp_path):
    """A real site lists "Liang Jin, Jiancheng Yang, et al, **Hui Kang**, Jiajun Chen": the "et al" was dropped,
    which made the owner the third author of the paper."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "<div class='paper-box'><div class='paper-box-image'><img src='images/a.png' alt=\"sym\" width=\"100%\">"
        "</div>\n<div class='paper-box-text' markdown=\"1\">\n\n"
        "[Rib Fractures from CT Scans](https://arxiv.org/abs/2001.00001)\n\n"
        "Ann Li<sup>*</sup>, Bo Yang<sup>*</sup>, et al, **Ada Lovelace**, Cy Chen, Di Wu, eBioMedicine 2020\n\n"
        "</div>\n</div>\n\n"
        "- Ann Li, ..., **Ada Lovelace**. [Another Paper](https://arxiv.org/abs/2002.00002). ICLR 2020.\n"
        "- Ann Li, **Ada Lovelace**, et al. [A Third Paper](https://arxiv.org/abs/2003.00003). ICML 2020.\n",
    )
    authors = {
        paper.title: [(author.name, author.others_before) for author in paper.authors.all()]
        for paper in PublicationPage.objects.all()
    }
    assert authors == {
        "Rib Fractures from CT Scans": [
            ("Ann Li", False), ("Bo Yang", False), ("Ada Lovelace", True), ("Cy Chen", False), ("Di Wu", False)
        ],
        "Another Paper": [("Ann Li", False), ("Ada Lovelace", True)],
        "A Third Paper": [("Ann Li", False), ("Ada Lovelace", False)],
    }  # fmt: skip
    assert [paper.title for paper in PublicationPage.objects.filter(more_authors=True)] == ["A Third Paper"]
    shown = [" ".join(names.get_text(" ").split()) for names in homepage(client).select("main .paper-box__authors")]
    shown += [" ".join(names.get_text(" ").split()) for names in homepage(client).select("main .citation__authors")]
    assert shown == [
        "Ann Li * , Bo Yang * , et al. , Ada Lovelace , Cy Chen , Di Wu",
        "Ann Li , et al. , Ada Lovelace",
        "Ann Li , Ada Lovelace , et al.",
    ]
    paper = PublicationPage.objects.get(title="Rib Fractures from CT Scans")
    page = BeautifulSoup(client.get(paper.url).content, "html.parser")
    assert page.select_one(".cite-as").get_text().startswith("Ann Li, Bo Yang, et al., Ada Lovelace, Cy Chen and Di Wu")
    # What reference managers read names the authors the page names, in its order: it cannot say more.
    named = [meta["content"] for meta in page.select("meta[name=citation_author]")]
    assert named == ["Ann Li", "Bo Yang", "Ada Lovelace", "Cy Chen", "Di Wu"]

    # Imported again: the same, nothing changed.
    assert "unchanged" in import_page(tmp_path, (tmp_path / "about.md").read_text(encoding="utf-8"))
    assert PublicationPage.objects.get(pk=paper.pk).authors.get(name="Ada Lovelace").others_before


def test_a_reference_with_its_title_in_quotes_and_marks_in_html_reads_names_title_and_venue(client, tmp_path):
    """One site's 7 papers, 'Names<sup>&dagger;</sup>, et al., "The Title," published by *Journal* (TII)': the
    HTML marks kept the names from being read as names, so the owner's bold name became the title (3 papers) or
    the whole reference did (4); "and et al." and a quote right after the names' comma or full stop likewise."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        '- **Ada Lovelace**, Bo Li<sup>&dagger;</sup>, et al., "Engines That Weave Algebraic Patterns," published by'
        " *IEEE Transactions on Looms* (TL) [PDF](https://example.org/a.pdf)\n"
        '- Cy Chen, **Ada Lovelace**, Bo Li<sup>&dagger;</sup> and et al. "Notes on the Analytical Engine"'
        " published by *Engine Letters*  [Code](https://github.com/ada/notes)\n"
        "- Di Wu, Bo Li<sup>\\* &dagger;</sup>, **Ada Lovelace**.“Counting with Cards and Columns” "
        "submitted to *Journal of Machines* (JM)\n"
        '- Cy Chen, **Ada Lovelace**, et al.,"Bernoulli Numbers by Machine" published by *Annals of Numbers*\n',
    )
    papers = {
        paper.title: ([author.name for author in paper.authors.all()], paper.venue, paper.more_authors)
        for paper in PublicationPage.objects.all()
    }
    assert papers == {
        "Engines That Weave Algebraic Patterns": (
            ["Ada Lovelace", "Bo Li"], "published by IEEE Transactions on Looms (TL)", True
        ),
        "Notes on the Analytical Engine": (["Cy Chen", "Ada Lovelace", "Bo Li"], "published by Engine Letters", True),
        "Counting with Cards and Columns": (
            ["Di Wu", "Bo Li", "Ada Lovelace"], "submitted to Journal of Machines (JM)", False
        ),
        "Bernoulli Numbers by Machine": (["Cy Chen", "Ada Lovelace"], "published by Annals of Numbers", True),
    }  # fmt: skip
    corresponding = PublicationPage.objects.get(title="Counting with Cards and Columns").authors.get(name="Bo Li")
    assert corresponding.equal_contribution and corresponding.corresponding
    owners = {author.name for author in PublicationAuthor.objects.filter(is_owner=True)}
    assert owners == {"Ada Lovelace"}


CARD = """\
  <article class="publication-item">
    <div class="publication-meta">
      <span class="venue-badge">{tag}</span>
      {note}
    </div>
    <h3><a href="https://openreview.net/forum?id={id}">{title}</a></h3>
    <p class="authors"><strong>Ada Lovelace</strong>*, Charles Babbage*, Mary Somerville.</p>
    <div class="paper-interests"><span class="tag">Engines</span><span class="tag">Looms</span></div>
    <p class="pub-links"><a href="https://openreview.net/forum?id={id}">Paper</a> / <a href="https://github.com/ada/{id}">GitHub</a></p>
  </article>
"""


def test_papers_written_as_article_cards_under_html_sub_headings_are_papers_in_their_groups(client, tmp_path):
    """One site writes each paper as an ``<article class="publication-item">`` (a tag and a note over the title, the
    names, topic chips, links parted by "/"), grouped in ``<section>``s under ``<h2>``s: kept as free text, no
    paper made, the sub-headings lost among it."""
    cards = {
        "Journal Papers": [("FCS 2026", '<span class="paper-note">Review</span>', "a1", "Weaving Patterns in Algebra")],
        "Conference Papers": [
            ("ICLR 2026", '<span class="paper-note">Poster</span>', "b2", "Engines That Compose Music"),
            ("AAAI 2026 Workshop", '<span class="paper-note award">Best Paper Award</span>', "c3", "Notes on Notes"),
            ("NeurIPS 2025", "", "d4", "Bernoulli Numbers by Machine"),
        ],
    }
    sections = "".join(
        f'<section class="publication-section">\n<h2>{group}</h2>\n\n<div class="publication-list">\n'
        + "\n".join(CARD.format(tag=tag, note=note, id=key, title=title) for tag, note, key, title in papers)
        + "</div>\n</section>\n\n"
        for group, papers in cards.items()
    )
    import_page(tmp_path, "# Publications\n\n" + sections)
    papers = [
        (paper.title, paper.group, paper.venue_short or paper.venue, [author.name for author in paper.authors.all()])
        for paper in PublicationPage.objects.order_by("pk")
    ]
    names = ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    assert papers == [
        ("Weaving Patterns in Algebra", "Journal Papers", "FCS 2026 Review", names),
        ("Engines That Compose Music", "Conference Papers", "ICLR 2026 Poster", names),
        ("Notes on Notes", "Conference Papers", "AAAI 2026 Workshop Best Paper Award", names),
        ("Bernoulli Numbers by Machine", "Conference Papers", "NeurIPS 2025", names),
    ]
    paper = PublicationPage.objects.get(title="Engines That Compose Music")
    assert [link.label or link.kind for link in paper.links.all()] == ["Paper", "GitHub"]
    assert paper.summary == "Engines Looms"
    page = homepage(client)
    assert [heading.get_text(strip=True) for heading in page.select("main h3")] == list(cards)
    assert "publication-section" not in page.select_one("main").decode_contents()  # no layout tag kept as text


def test_a_tag_chip_written_over_lines_beside_the_title_leaves_the_names_the_names(tmp_path):
    """One site sets chips beside each title as spans whose style fills lines ('<span style="⏎ color:white;⏎">⏎MLLM⏎
    </span>'): the chip's word was a line of its own, so the names under it were read as text, not authors (12
    papers). Links parted by " / " lose the slashes; a slash inside a venue ("IEEE / CVF") stays."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">CVPR 2026</div>"
        '<img src=\'images/a.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n"
        '[Where Engines Attend](https://arxiv.org/abs/2509.22496) <span style="\n'
        '    background-color:#22C55E;\n    color:white;\n">\nXAI\n</span>  \n'
        "**Ada Lovelace**, Charles Babbage, and Mary Somerville\n\n"
        "[**Code**](https://github.com/ada/engines) / [**Project Page**](https://ada.github.io/engines)\n\n"
        "IEEE / CVF Conference on Engines (CVPR 2026)\n"
        "</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert paper.title == "Where Engines Attend"
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    assert "/" not in paper.summary.replace("IEEE / CVF", "")
    assert "IEEE / CVF Conference on Engines (CVPR 2026)" in f"{paper.venue} {paper.summary}"
    assert [link.label or link.kind for link in paper.links.all()] == ["paper", "code", "Project Page"]


def test_an_e_mail_link_of_a_paper_stays_in_its_text(client, tmp_path):
    """One site links two papers to "Preprint upon request" at ``mailto:``: a paper's link is a web address or a
    document, so the link was left out with its words. It stays in the paper's text, still writing the mail."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [Engines That Weave](https://example.org/weave), **Ada Lovelace**, Charles Babbage. *Under review*\n"
        "  [Preprint upon request](mailto:ada@example.org?subject=Engines) | [Code](https://github.com/ada/weave)\n"
        "- [Notes on Notes](https://example.org/notes), **Ada Lovelace**, Mary Somerville. *Journal of Notes*\n"
        "  [Ask_me](mailto:not%20an%20address)\n",
    )
    weave, notes = PublicationPage.objects.order_by("pk")
    assert [link.url for link in weave.links.all()] == ["https://example.org/weave", "https://github.com/ada/weave"]
    assert weave.summary == "[Preprint upon request](mailto:ada@example.org)"
    assert notes.summary == "Ask\\_me"  # no address a mail program takes: the words alone
    item = homepage(client).select_one(".publication-list li")
    mail = item.find("a", string="Preprint upon request")
    assert mail is not None and mail["href"] == "mailto:ada@example.org"


def test_a_list_the_page_folded_whole_is_shown_folded_and_news_folded_after_a_few_show_those_few(client, tmp_path):
    """Three sites fold a list in ``<details>``: the whole news ("📌 News (click to expand)"), the honors, or the
    news after the latest few. The items were shown open under an empty fold that opened onto nothing."""
    from news.models import NewsItem

    news = "".join(f"- *2026.0{month}.01*: News number {month} of the year.\n" for month in range(1, 6))
    import_page(
        tmp_path,
        '# 🔥 News\n\n<details markdown="1">\n<summary><strong>📌 News</strong> (click to expand)</summary>\n\n'
        + news
        + "\n</details>\n\n# 🏅 Honors and Awards\n\n<details><summary>All my honors</summary>\n\n"
        "- *2024.06* Best Paper Award, ICML 2024.\n- *2023.09* National Scholarship.\n\n</details>\n",
    )
    page = homepage(client)
    folds = page.select("main details.section__fold")
    assert [fold.summary.get_text() for fold in folds] == ["📌 News (click to expand)", "All my honors"]
    assert len(folds[0].select("li.dated-entry")) == 5 and len(folds[1].select("li")) == 2
    assert not page.select("main .section__intro details, main .section__note details")  # no empty fold left
    assert NewsItem.objects.count() == 5

    # The news after the latest five folded away (two sites, "Older news", "Earlier News (Click to Expand)"): those
    # five open, the others folded under the same words, every one on the news page too.
    report = import_page(
        tmp_path,
        "# 🔥 News\n\n"
        + news
        + "\n<details>\n<summary><strong>Older news</strong></summary>\n\n"
        + news.replace("2026", "2025")
        + "\n</details>\n",
    )
    assert "the first 5 open, the others folded under “Older news”" in report
    section = homepage(client).select_one("main .section--news")
    (fold,) = section.select("details.section__fold")
    assert fold.summary.get_text() == "Older news"
    assert len(section.select("li.dated-entry")) == 10 and len(fold.select("li.dated-entry")) == 5
    assert "2025" in fold.get_text() and "2025" not in section.select_one("ul.dated-list").get_text()
    assert len(BeautifulSoup(client.get("/news/").content, "html.parser").select("main li, main article")) >= 10


def test_a_heading_that_is_a_link_heads_its_section_with_its_words_and_the_link_opens_it(client, tmp_path):
    """One site heads its CV with "## [CV](/files/CV/cv.pdf)" (its top level): the section was titled
    "CV](/files/CV/cv.pdf)", and the link was lost. Its words head the section; the link opens it."""
    import_page(
        tmp_path,
        "# 📝 [Publications](https://scholar.google.com/citations?user=ada)\n\n"
        "- [Notes on the Engine](https://arxiv.org/abs/1843.00001), **Ada Lovelace**, Charles Babbage. ICML 2025.\n\n"
        "# [CV](https://example.org/cv.pdf)\n\nUpdated every spring.\n",
    )
    home = HomePage.objects.get()
    assert [(child.block_type, child.value["title"]) for child in home.sections] == [
        ("publications", "Publications"),
        ("markdown", "CV"),
    ]
    assert PublicationPage.objects.get().title == "Notes on the Engine"
    page = homepage(client)
    cv = page.select_one("main #cv")
    assert cv.select_one("h2").get_text(strip=True) == "CV"
    assert cv.select_one("a")["href"] == "https://example.org/cv.pdf"
    assert page.select_one("main .section--publications .section__intro a")["href"].startswith(
        "https://scholar.google.com/"
    )


def test_a_comma_reference_whose_title_ends_at_a_full_stop_reads_its_title(tmp_path):
    """ "[CCF-B] **Me**, B Two, …, The Title. World Wide Web Journal (WWWJ), 2025.": the owner's bold name was the
    title and the title the last author (one site's paper among 28 written with commas after the title)."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "1. [CCF-B] **Ada Lovelace**, Charles Babbage, Mary Somerville, A Scheme for Weaving Patterns in Spatial "
        "Looms. World Wide Web Journal (WWWJ), 2025.\n"
        "1. [CCF-C] **Ada Lovelace**, Charles Babbage, Engines: Notes on Notes, International Conference on Web "
        "Engines (ICWE), 2022.\n",
    )
    papers = [
        (paper.title, [author.name for author in paper.authors.all()], paper.venue_short, paper.venue)
        for paper in PublicationPage.objects.order_by("pk")
    ]
    assert papers == [
        (
            "A Scheme for Weaving Patterns in Spatial Looms",
            ["Ada Lovelace", "Charles Babbage", "Mary Somerville"],
            "CCF-B",
            "World Wide Web Journal (WWWJ), 2025",
        ),
        (
            "Engines: Notes on Notes",
            ["Ada Lovelace", "Charles Babbage"],
            "CCF-C",
            "International Conference on Web Engines (ICWE), 2022",
        ),
    ]


def test_an_italic_label_over_papers_heads_them_and_a_titles_character_references_show_as_characters(client, tmp_path):
    """One site sets "*Under Review:*" over its two submitted papers, after its paper boxes: the label was moved
    under the whole list and the papers shown as if published. And a title written "王浩&dagger;等人" showed the
    reference, not the dagger."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [Notes on the Engine](https://arxiv.org/abs/1843.00001), **Ada Lovelace**, Charles Babbage. ICML 2025.\n"
        "- [Engines of Notes&dagger;](https://arxiv.org/abs/1843.00003), **Ada Lovelace**, Charles Babbage. 2024.\n\n"
        "*Under Review:*\n\n"
        "- [Weaving Patterns](https://arxiv.org/abs/1843.00002), **Ada Lovelace**, Mary Somerville. Submitted.\n\n"
        "*Machines of Notes &dagger;*\n",
    )
    groups = {paper.title: paper.group for paper in PublicationPage.objects.all()}
    assert groups == {"Notes on the Engine": "", "Engines of Notes†": "", "Weaving Patterns": "Under Review"}
    main = homepage(client).select_one("main")
    assert [heading.get_text(strip=True) for heading in main.select("h3")] == ["Under Review"]
    assert "Machines of Notes †" in main.get_text(" ")  # an italic line with no colon stays the text it is


def test_a_stars_badge_with_no_link_of_its_own_is_the_repositorys_stars_badge(client, tmp_path):
    """Two sites set "![Star](…/github/stars/owner/repo.svg?style=social)" after "[Code](…)", not inside a link: it
    became a custom badge with no address, shown as "Star | Custom" and linking to the page itself (17 papers)."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [Notes on the Engine](https://arxiv.org/abs/1843.00001), **Ada Lovelace**, Charles Babbage. ICML 2025.\n"
        "  [**Code**](https://github.com/ada/notes) "
        "![Star](https://img.shields.io/github/stars/ada/notes.svg?style=social&label=Star) "
        "/ [**Arxiv**](https://arxiv.org/abs/1843.00001)\n",
    )
    badge = PublicationPage.objects.get().badges.get()
    assert (badge.kind, badge.identifier, badge.href) == ("github", "ada/notes", "https://github.com/ada/notes")
    shown = homepage(client).select_one("main .artifact-badge")
    assert shown["href"] == "https://github.com/ada/notes" and "Custom" not in shown.get_text()


def test_a_badge_with_no_address_is_shown_but_links_nowhere(client, tmp_path):
    """A badge image with no link of its own, and none the site can make (the forks of a repository): it was a
    link to the page itself (``href=""``); it is shown, not a link."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [Notes on the Engine](https://arxiv.org/abs/1843.00001), **Ada Lovelace**, Charles Babbage. ICML 2025.\n"
        "  [**Code**](https://github.com/ada/notes) ![Forks](https://img.shields.io/github/forks/ada/notes)\n",
    )
    assert PublicationPage.objects.get().badges.get().kind == "custom"
    main = homepage(client).select_one("main")
    badge = main.select_one("span.artifact-badge")
    assert badge is not None
    assert not main.select('a[href=""]')
    # its label alone: the count the old badge fetched is not known here, and "Custom" (the kind) says nothing
    assert badge.get_text(" ", strip=True) == "Forks" and badge.select_one(".artifact-badge__value") is None


def test_a_venue_beside_the_title_with_commas_is_the_venue_and_the_names_under_it_the_authors(client, tmp_path):
    """ "[The Title](…), **ACM SIGKDD International Conference on …**, Halifax, Canada [[Code]](…)" over the names:
    the venue and its place were read as the authors, the names kept as text (5 papers of two sites)."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        + "<div class='paper-box'><div class='paper-box-image'><img src='images/a.png' alt=\"sym\"></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        "[Notes on the Engine](https://dl.acm.org/doi/10.1145/3097983.3097984), "
        "**<font color=navy>ACM SIGKDD International Conference on Knowledge Discovery & Data Mining</font>**, "
        "Halifax, Canada [[Code]](https://github.com/ada/notes)\\\\\n"
        "**Ada Lovelace**, Charles Babbage, Mary Somerville\n\n"
        "- A method that counts.\n</div>\n</div>\n",
    )
    paper = PublicationPage.objects.get()
    assert [author.name for author in paper.authors.all()] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    assert paper.venue == "ACM SIGKDD International Conference on Knowledge Discovery & Data Mining, Halifax, Canada"
    assert [link.label or link.kind for link in paper.links.all()] == ["paper", "code"]
    assert paper.summary == "- A method that counts."


def test_names_with_initials_after_a_titles_full_stop_and_a_script_button_beside_the_venue(client, tmp_path):
    """One site's 45 papers: "[The Title](…). P. Zhang, Ke Lin, **D. Li\\***, et al. **Journal**, **2025**. (SCI 2区Top)
    <span onclick="showAlert(…)">[Bib]</span>, **[[PDF](…)]**". The initial's full stop ended the names (no
    authors), and the script's "[Bib]" button became the venue's tag; a year alone in bold is no venue."""
    button = '<span style="color:blue; cursor:pointer;" onclick="showAlert(\'2025Notes\')">[Bib]</span>'
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [Notes on the Engine](https://example.org/notes). P. Zhang, Ke Lin, **A. Lovelace\\***, et al. "
        "**<font color=BlueViolet>Information Processing & Management</font>**, **<font color=BlueViolet>2025</font>**."
        f" (SCI 2区Top) {button}, **[[PDF](https://example.org/notes.pdf)]**\n",
    )
    paper = PublicationPage.objects.get()
    assert [author.name for author in paper.authors.all()] == ["P. Zhang", "Ke Lin", "A. Lovelace"]
    assert paper.more_authors and paper.authors.get(name="A. Lovelace").is_owner
    assert (paper.venue_short, paper.venue) == ("", "Information Processing & Management, 2025. (SCI 2区Top)")
    assert paper.summary == "" and paper.date.year == 2025
    item = homepage(client).select_one(".publication-list li")
    assert "**" not in item.get_text(" ")
    # the script's button is now a link to the paper's entry (test_a_script_bibtex_button_becomes_a_link_…)
    assert [link["href"] for link in item.select("a") if "Bib" in link.get_text()] == [
        f"/publications/{paper.slug}.bib"
    ]


def test_initials_run_together_and_a_venue_after_the_names_read_as_written(tmp_path):
    """ "**W.Y. Xu**, P. Zhu, and Y.F. Li. **The Title**, China Patent CN…" had an owner's name as its title (7
    patents of one site: "W.Y" read as a word ending the names); "[The Title](…), **Me**, Hao Wu\\*, IEEE
    Transactions on Image Processing, 2025." had the journal as the last author (5 papers of another)."""
    import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- **A.A. Lovelace**, P. Zhu, and Y.F. Li. **Looms that weave algebraic patterns**, China Patent "
        "CN115691719B, Jul. 29, 2025. (Authorized)\n"
        "- [Notes on the Engine](https://example.org/notes), **Ada Lovelace**, Hao Wu\\*, IEEE Transactions on Image "
        "Processing, 2025.\n",
    )
    papers = [
        (paper.title, [author.name for author in paper.authors.all()], paper.venue)
        for paper in PublicationPage.objects.order_by("pk")
    ]
    assert papers == [
        (
            "Looms that weave algebraic patterns",
            ["A.A. Lovelace", "P. Zhu", "Y.F. Li"],
            "China Patent CN115691719B, Jul. 29, 2025. (Authorized)",
        ),
        ("Notes on the Engine", ["Ada Lovelace", "Hao Wu"], "IEEE Transactions on Image Processing, 2025"),
    ]


def test_a_script_bibtex_button_becomes_a_link_to_each_papers_entry(client, tmp_path):
    """Two real sites: "[Bib]" buttons that copied the entry by a script (45 and 15 papers) were dropped. Each paper
    now links to its own entry, in the old page's words; the owner can rename or remove the link."""
    from profile_site.models import ProfileSettings

    report = import_page(
        tmp_path,
        "# 📝 Publications\n\n"
        "- [Notes on the Engine](https://arxiv.org/abs/1843.00001), **Ada Lovelace**, Charles Babbage "
        '<a href="#" onclick="return copyBib(\'ada1843\', event)">[Bib]</a>\n'
        "- [Sketch of the Engine](https://arxiv.org/abs/1842.00001), **Ada Lovelace** "
        "<span onclick=\"showAlert('x')\">[Bib]</span>\n",
    )
    assert "2 papers had a button showing the BibTeX" in report
    assert ProfileSettings.objects.get().bibtex_link == "Bib"
    main = homepage(client).select_one("main")
    links = [link for link in main.select("a.paper-link") if link.get_text() == "Bib"]
    paper = PublicationPage.objects.get(title="Notes on the Engine")
    assert len(links) == 2 and links[0]["href"] == f"/publications/{paper.slug}.bib"
    entry = client.get(links[0]["href"])
    assert entry.status_code == 200 and b"Notes on the Engine" in entry.content
    own_page = BeautifulSoup(client.get(paper.url).content, "html.parser")
    assert not [link for link in own_page.select("a.paper-link") if link.get_text() == "Bib"]  # it shows the entry

    profile = ProfileSettings.objects.get()
    profile.bibtex_link = ""
    profile.save()
    assert not [link for link in homepage(client).select("main a.paper-link") if link.get_text() == "Bib"]
