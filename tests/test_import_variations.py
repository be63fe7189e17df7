"""Pages that repeat a kind of section still give a homepage the owner can edit and save."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from homepage.models import HomePage
from publications.models import PublicationPage

pytestmark = pytest.mark.django_db

PAGE = """\
Jane Doe is a PhD student.

# 📝 Publications

- [Fast Things](https://arxiv.org/abs/2401.00001), **Jane Doe**, John Roe, **ICLR 2024**

→ [Full list on Google Scholar](https://scholar.google.com/citations?user=abc)

# 🍀 In Submission

- [Slow Things](https://arxiv.org/abs/2402.00002), **Jane Doe**, **arXiv 2024**

# 💻 Internships
- *2023.06 - 2023.09*, Research intern, Example Labs.

# 🔬 Research Experience
- *2022.01 - 2022.12*, Visiting student, Example University.
<!-- - *2021.01*, A hidden line. -->
"""


@pytest.fixture
def imported(tmp_path):
    about = tmp_path / "about.md"
    about.write_text(PAGE, encoding="utf-8")
    out = StringIO()
    call_command("import_acadhomepage", str(about), "--no-check", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_repeated_sections_fold_into_a_homepage_the_admin_accepts(imported):
    home = HomePage.objects.get()
    home.sections.stream_block.clean(home.sections)  # raises when a kind appears twice
    kinds = [(child.block_type, child.value["title"], child.value.get("groups")) for child in home.sections]
    assert kinds == [
        ("about", "About Me", None),
        ("publications", "Publications", ""),
        ("publications", "In Submission", "🍀 In Submission"),  # the sub-heading of the papers under it
        ("experience", "Internships", None),
        ("markdown", "Research Experience", None),
    ]
    assert "kept as a publications section of its own" in imported and "kept as free text" in imported


def test_folded_sections_keep_their_content_and_anchors(client, imported):
    assert PublicationPage.objects.get(arxiv_id="2402.00002").group == "🍀 In Submission"
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    submitted = soup.select_one("#-in-submission")
    assert submitted.h2.get_text(" ", strip=True) == "🍀 In Submission" and not submitted.select("h3")
    assert "Slow Things" in submitted.get_text() and "Fast Things" not in submitted.get_text()
    assert "Slow Things" not in soup.select_one("#-publications").get_text()
    assert "Full list on Google Scholar" in soup.select_one("#-publications .section__note").get_text()
    research = soup.select_one("#-research-experience")
    assert "Visiting student, Example University." in research.get_text()
    assert "A hidden line" not in research.get_text()
    body = next(c.value["body"] for c in HomePage.objects.get().sections if c.block_type == "markdown")
    assert "<!-- - *2021.01*, A hidden line. -->" in body  # kept for the owner, not shown


def test_a_folded_list_keeps_its_dates_as_written_its_details_and_its_sub_headings(client, tmp_path):
    """A second list of one kind ("Internships" after "Research Experiences") is free text: its lines' details
    (bullets under a line) became lines of their own, "2023.01 - now" read "2023.01 - Now", and its
    sub-headings were gone."""
    about = tmp_path / "about.md"
    about.write_text(
        "# Research Experiences\n- *2022.01 - 2022.12*, Visiting student, Example University.\n\n"
        "# 💻 Internships\n**Industry**\n- *2023.01 - now*, Research Intern, [Quantum Lab](https://example.org/q)\n"
        "  - Wrote a simulator of ion traps.\n  - Tuned the voltages of the electrodes.\n\n"
        "**Academia**\n- *Aug. 2021 - Sep. 2021*, Summer student, Example University.\n",
        encoding="utf-8",
    )
    call_command("import_acadhomepage", str(about), "--no-check", stdout=StringIO(), stderr=StringIO())

    internships = BeautifulSoup(client.get("/").content, "html.parser").select_one("#-internships")
    (line, later) = internships.select(".prose > ul > li")
    assert line.select_one("em").get_text() == "2023.01 - now"
    assert [li.get_text() for li in line.select("ul > li")] == [
        "Wrote a simulator of ion traps.",
        "Tuned the voltages of the electrodes.",
    ]
    assert later.select_one("em").get_text() == "Aug. 2021 - Sep. 2021"
    text = " ".join(internships.get_text(" ").split())
    assert text.index("Industry") < text.index("Research Intern") < text.index("Academia") < text.index("Summer")


def test_the_kind_of_work_a_chinese_reference_names_is_the_papers_type_and_stays_in_its_venue(tmp_path):
    """GB/T 7714 names the kind of work after the title: [J] a journal article, [C] a paper in proceedings, [P] a
    patent, [D] a thesis; every such paper was a conference paper."""
    about = tmp_path / "about.md"
    about.write_text(
        "# Publications\n\n"
        "- Ada Lovelace, Bo Li. Pods in the field[J]. Plant Methods, 2021, 17(1): 1-17.\n"
        "- Ada Lovelace, Bo Li. Pods in the lab[C]//Proceedings of the IEEE/CVF Conference. 2022.\n"
        "- 杨斯,郑立华.一种通用外壳装置[P].北京:ZL202022220682.0,2021.\n"
        "- 杨斯,郑立华.大豆表型研究[D].北京:中国农业大学,2023.\n"
        "- Ada Lovelace, Bo Li. A book on pods[M]. Beijing: Science Press, 2020.\n",
        encoding="utf-8",
    )
    call_command("import_acadhomepage", str(about), "--no-check", stdout=StringIO(), stderr=StringIO())

    papers = PublicationPage.objects.order_by("path")
    assert [(paper.title, paper.publication_type) for paper in papers] == [
        ("Pods in the field", "journal"),
        ("Pods in the lab", "conference"),
        ("一种通用外壳装置", "patent"),
        ("大豆表型研究", "thesis"),
        ("A book on pods", "other"),
    ]
    assert papers[0].venue.startswith("[J]. Plant Methods, 2021")


def test_overlong_values_are_shortened_with_a_warning_not_a_crash(tmp_path):
    long_title = "A " + "very " * 70 + "long title"
    page = (
        "# Publications\n\n"
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">"
        + "Best Paper Award Honourable Mention at the Conference 2024"
        + "</div><img src='images/x.png' alt=\"x\"></div></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        f"[{long_title}](https://arxiv.org/abs/2401.00003) \\| [{'Proceedings ' * 12}]\\\\\n"
        "**Jane Doe**, John Roe\n\n</div>\n</div>\n"
    )
    about = tmp_path / "about.md"
    about.write_text(page, encoding="utf-8")
    out = StringIO()
    call_command("import_acadhomepage", str(about), "--no-check", stdout=out, stderr=StringIO())
    publication = PublicationPage.objects.get(arxiv_id="2401.00003")
    assert len(publication.title) == 255 and publication.title.endswith("…")
    assert len(publication.venue_short) <= 100
    # A badge naming an award as the old site showed it over the figure (a site's 61 characters) is kept whole.
    assert publication.badge_text == "Best Paper Award Honourable Mention at the Conference 2024"
    assert "title longer than 255 characters, shortened" in out.getvalue()


def test_authors_matching_the_owners_name_variants_are_marked(tmp_path):
    from homepage.site_tree import ensure_homepage
    from profile_site.models import ProfileSettings

    _, site, _ = ensure_homepage()
    profile = ProfileSettings.for_site(site)
    profile.name, profile.name_variants = "Jane Doe", "J. Doe\nDoe, Jane"
    profile.save()
    about = tmp_path / "about.md"
    about.write_text(
        "# Publications\n\n- [Fast Things](https://arxiv.org/abs/2401.00004), John Roe, J. Doe, **ICLR 2024**\n",
        encoding="utf-8",
    )
    call_command("import_acadhomepage", str(about), "--no-check", stdout=StringIO(), stderr=StringIO())
    authors = {a.name: a.is_owner for a in PublicationPage.objects.get(arxiv_id="2401.00004").authors.all()}
    assert authors == {"John Roe": False, "J. Doe": True}
