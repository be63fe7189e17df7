"""Importing the fixture page recovers everything, publishes what was live, and is repeatable."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Revision, Site

from homepage.models import HomePage
from news.models import NewsItem
from profile_site.models import AwardEntry, EducationEntry, ExperienceEntry, ProfileSettings, TalkEntry
from publications.models import PublicationPage
from tests.helpers import DEMO_PAGE

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_acadhomepage", *args, "--no-check", stdout=out)
    return out.getvalue()


def test_import_creates_homepage_and_site_on_empty_database():
    output = run_import(str(DEMO_PAGE))
    home = HomePage.objects.get()
    assert home.live
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert "Publications: 5 items" in output
    assert "News: 6 items" in output
    assert "Invited talks: 2 items (2 unpublished)" in output


def test_profile_comes_from_the_page_itself(imported_demo):
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    assert profile.name == "Zhuoshi Pan"
    assert profile.native_name == "盘卓实"


def test_about_text_keeps_links_and_repairs_mojibake(imported_demo):
    about = HomePage.objects.get().about
    assert about.startswith(
        "Zhuoshi Pan (盘卓实 in Chinese) is currently a graduate student at "
        "[School of Information Science and Technology (SIST)](https://www.sist.tsinghua.edu.cn/)"
    )
    assert "[Prof. H. Vicky Zhao](https://ieeexplore.ieee.org/author/37294624300)" in about
    assert "His researches focus on natural language processing and efficient LLM." in about
    assert "ÁõòÂçìÂÆû" not in about


def test_news_items_with_dates_and_links(imported_demo):
    items = list(NewsItem.objects.filter(live=True).order_by("-date", "pk"))
    assert [item.date_display for item in items] == ["2025.08", "2025.03", "2025.03", "2025.01", "2024.12", "2024.03"]
    assert "[Paper](https://arxiv.org/abs/2411.02886)" in items[0].text
    assert "[Code](https://github.com/pzs19/TokenSelect)" in items[0].text
    assert "[Demo](https://huggingface.co/spaces/microsoft/llmlingua-2)" in items[-1].text
    assert "&nbsp;" not in items[0].text
    tokenselect = PublicationPage.objects.get(arxiv_id="2411.02886")
    assert items[0].publication == tokenselect


def test_five_paper_boxes(imported_demo):
    papers = list(PublicationPage.objects.for_listing())
    assert [p.venue_short for p in papers] == [
        "EMNLP'25 Main",
        "ACL'25 Finding",
        "ICLR'25",
        "ACL'24 Finding",
        "NeurIPS'24",
    ]
    assert all(p.featured and p.live for p in papers)
    assert all(p.badge_text == "" for p in papers)
    assert all(p.teaser_image is not None for p in papers)

    tokenselect = papers[0]
    assert tokenselect.title.startswith("TokenSelect: Efficient Long-Context Inference")
    assert tokenselect.primary_url == "https://arxiv.org/abs/2411.02886"
    authors = list(tokenselect.authors.all())
    assert [a.name for a in authors][:2] == ["Wei Wu", "Zhuoshi Pan"]
    assert len(authors) == 9
    assert [a.sort_order for a in authors] == list(range(9))  # placed: every database lists them alike
    assert authors[1].is_owner and authors[1].equal_contribution
    assert not authors[0].is_owner
    [badge] = tokenselect.badges.all()
    assert (badge.kind, badge.identifier) == ("github", "pzs19/TokenSelect")

    lemma = papers[1]
    kinds = [(b.kind, b.identifier) for b in lemma.badges.all()]
    assert kinds == [("github", "pzs19/LEMMA"), ("hf_collection", "panzs19/lemma-68620ced6bedc62fff843e43")]

    secom = papers[2]
    assert [(link.kind, link.url) for link in secom.secondary_links] == [
        ("project", "https://www.microsoft.com/en-us/research/project/secom/")
    ]

    llmlingua = papers[3]
    assert "Victor Rühle" in [a.name for a in llmlingua.authors.all()]
    assert ("hf_space", "microsoft/llmlingua-2") in [(b.kind, b.identifier) for b in llmlingua.badges.all()]

    bibaddiff = papers[4]
    authors = {a.name: a for a in bibaddiff.authors.all()}
    yao = authors["Yuguang Yao"]
    assert yao.equal_contribution
    assert authors["Zhuoshi Pan"].is_owner


def test_honors_education_and_commented_out_sections(imported_demo):
    assert [str(e.date_display) for e in AwardEntry.objects.filter(live=True)] == ["2024", "2020~2022", "2019"]
    education = list(EducationEntry.objects.filter(live=True))
    assert [e.date_display for e in education] == ["2023.09 - Now", "2019.09 - 2023.06"]
    assert education[0].ongoing
    assert education[0].text.startswith("Graduate student in the School of Information Science")

    talks = list(TalkEntry.objects.all())
    internships = list(ExperienceEntry.objects.all())
    assert len(talks) == 2 and not any(t.live for t in talks)
    assert len(internships) == 2 and not any(i.live for i in internships)
    assert internships[0].date == datetime.date(2023, 12, 1) and internships[0].ongoing
    assert internships[0].text.startswith("[Microsoft DKI Group]")
    # Each unpublished entry has a revision, so the owner can publish it from the admin.
    assert all(Revision.objects.for_instance(entry).exists() for entry in [*talks, *internships])


def test_homepage_sections_in_page_order_with_acadhomepage_anchors(imported_demo):
    sections = [(child.block_type, child.value["emoji"], child.value["title"], child.value["anchor"])
                for child in HomePage.objects.get().sections]  # fmt: skip
    assert sections == [
        ("about", "", "About Me", "about-me"),
        ("news", "🔥", "News", "-news"),
        ("publications", "📝", "Publications", "-publications"),
        ("honors", "🎖", "Honors and Awards", "-honors-and-awards"),
        ("education", "📖", "Educations", "-educations"),
        ("talks", "💬", "Invited Talks", "-invited-talks"),
        ("experience", "💻", "Internships", "-internships"),
    ]


def test_reimport_changes_nothing_and_creates_no_duplicates(imported_demo):
    home = HomePage.objects.get()
    revisions_before = Revision.objects.count()
    images_before = get_image_model().objects.count()
    output = run_import(str(DEMO_PAGE))
    assert "Homepage: 7 sections, unchanged" in output
    assert Revision.objects.count() == revisions_before
    assert get_image_model().objects.count() == images_before == 5
    assert PublicationPage.objects.count() == 5
    assert NewsItem.objects.count() == 6
    assert AwardEntry.objects.count() == 3
    assert HomePage.objects.get().latest_revision_id == home.latest_revision_id


def test_dry_run_saves_nothing(db):
    output = run_import(str(DEMO_PAGE), "--dry-run")
    assert "Dry run, nothing was saved" in output
    assert "News: 6 items" in output
    assert not HomePage.objects.exists()
    assert not NewsItem.objects.exists()


def test_images_folder_brings_figures_into_the_library(db, tmp_path: Path):
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (640, 360), "#336699").save(tmp_path / "images" / "TokenSelect.png")
    output = run_import(str(DEMO_PAGE), "--images", str(tmp_path))
    tokenselect = PublicationPage.objects.get(arxiv_id="2411.02886")
    assert (tokenselect.teaser_image.width, tokenselect.teaser_image.height) == (640, 360)
    assert "Image images/TokenSelect.png not found" not in output
    assert "Image images/lemma.png not found" in output  # the others get placeholders, with a warning


def test_warnings_report_what_was_dropped_and_the_badge_mismatch(db):
    output = run_import(str(DEMO_PAGE))
    assert "Liquid tag: {% if site.google_scholar_stats_use_cdn %}" in output
    assert "microsoft/SeCom" in output and "pzs19/TokenSelect" in output


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="About page not found"):
        run_import(str(tmp_path / "nope.md"))
    with pytest.raises(CommandError, match="is not a regular file"):  # a folder given by mistake
        run_import(str(tmp_path))


def test_invalid_config_is_a_clear_error_and_saves_nothing(db, tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("author: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommandError, match="YAML"):
        run_import(str(DEMO_PAGE), "--config", str(config))
    assert not HomePage.objects.exists()


def test_config_sets_profile_and_links(db, tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text(
        "title: Zhuoshi's homepage\n"
        "google_site_verification: abc123\n"
        "author:\n"
        "  name: Zhuoshi Pan\n"
        "  bio: Graduate student\n"
        "  location: Beijing, China\n"
        "  email: pzs23@mails.tsinghua.edu.cn\n"
        "  github: pzs19\n"
        "  googlescholar: https://scholar.google.com/citations?user=0aDsRecAAAAJ\n",
        encoding="utf-8",
    )
    run_import(str(DEMO_PAGE), "--config", str(config))
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    assert (profile.bio, profile.location, profile.email) == (
        "Graduate student",
        "Beijing, China",
        "pzs23@mails.tsinghua.edu.cn",
    )
    assert profile.google_scholar_id == "0aDsRecAAAAJ"
    assert profile.google_site_verification == "abc123"
    urls = [link["url"] for link in profile.resolved_links]
    assert "https://github.com/pzs19" in urls
    assert "https://scholar.google.com/citations?user=0aDsRecAAAAJ" in urls


def test_load_demo_is_idempotent(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", "--if-empty", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert HomePage.objects.count() == 1
    assert PublicationPage.objects.count() == 5
    assert NewsItem.objects.count() == 6


def test_the_demo_carries_a_profile_and_keeps_the_importers_notes_to_itself(client, db):
    """The demo's sidebar shows what a real one looks like; its import notes are not the owner's to act on."""
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "Profile: Zhuoshi Pan" in printed and "Publications: 5 items" in printed
    assert "Warning" not in printed and "not found" not in printed and "Dropped" not in printed
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    assert profile.avatar is not None
    assert (profile.bio, profile.location) == ("Graduate student, Tsinghua University", "Beijing, China")
    sidebar = BeautifulSoup(client.get("/").content, "html.parser").select_one(".sidebar")
    assert sidebar.select_one("img.author__avatar, .author__avatar img")
    assert "Beijing, China" in sidebar.get_text() and sidebar.select_one(".guarded-email")
    assert "https://github.com/pzs19" in [a["href"] for a in sidebar.select(".author__links a")]


def test_the_command_runs_as_the_shell_runs_it_with_the_system_checks(tmp_path):
    """``manage.py import_acadhomepage`` runs Django's system checks first (call_command skips them): a method
    of the command named ``check`` once took their place, and every import from the shell failed."""
    about = tmp_path / "about.md"
    about.write_text("# 🔥 News\n- *2024.05*: Hello.\n", encoding="utf-8")
    out = StringIO()
    call_command("import_acadhomepage", str(about), "--no-check", skip_checks=False, stdout=out, stderr=StringIO())
    assert "News: 1 item" in out.getvalue()


@pytest.mark.parametrize(
    "command", ["import_acadhomepage", "import_bibtex", "load_demo", "ensure_admin", "run_site", "backup_site",
                "restore_site", "export_static"],
)  # fmt: skip
def test_no_command_hides_the_system_checks(command):
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import BaseCommand

    assert load_command_class(get_commands()[command], command).check.__func__ is BaseCommand.check


@pytest.mark.django_db
def test_teaching_service_and_grants_sections_are_imported_as_their_entries(client):
    from homepage.importers.acadhomepage import parse_about
    from homepage.importers.writer import import_site
    from profile_site.models import GrantEntry, ServiceEntry, TeachingEntry

    page = (
        "# Teaching\n- *2024.09 - Now*, Teaching assistant, CS 224N, Tsinghua University\n"
        "# Services\n- Reviewer: ACL 2025, EMNLP 2025\n"
        "# Grants\n- *2022*, NSFC Young Scientists Fund, PI\n"
    )
    import_site(parse_about(page))
    assert [entry.text for entry in TeachingEntry.objects.filter(live=True)] == [
        "Teaching assistant, CS 224N, Tsinghua University"
    ]
    assert ServiceEntry.objects.get().text == "Reviewer: ACL 2025, EMNLP 2025"
    assert GrantEntry.objects.get().date.year == 2022
    home = HomePage.objects.get()
    assert [child.block_type for child in home.sections] == ["teaching", "service", "grants"]
    html = client.get("/").content.decode()
    assert "CS 224N" in html and "Reviewer: ACL 2025" in html and "NSFC Young Scientists Fund" in html
    import_site(parse_about(page))  # again: nothing added
    assert TeachingEntry.objects.count() == ServiceEntry.objects.count() == GrantEntry.objects.count() == 1


def test_every_link_kind_is_read_from_its_own_label_and_every_label_names_a_kind():
    """One list of link labels (the parser's), read by the writer too: it may not drift from the model's kinds."""
    from homepage.importers.acadhomepage.results import LINK_KINDS_BY_LABEL
    from publications.models import PublicationLink

    assert set(LINK_KINDS_BY_LABEL.values()) <= set(PublicationLink.Kind.values)
    for kind in PublicationLink.Kind:
        assert LINK_KINDS_BY_LABEL.get(kind.label.lower(), "other") == kind.value
