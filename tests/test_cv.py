"""The CV: /cv/, /cv.pdf and /cv.json made from what the homepage shows, live content only.

The PDF is read back as text (pypdf); stored text meant to break out into Typst
code is set as text; the PDF is typeset again only when something it shows changes.
"""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from wagtail.models import Site

from cv import typeset
from cv.models import CVSettings
from homepage.models import HomePage
from profile_site.models import AwardEntry, ProfileSettings, SkillEntry, TalkEntry, TeachingEntry
from publications.models import PublicationAuthor, PublicationPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def setting(model):
    return model.for_site(Site.objects.get(is_default_site=True))


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def teaching(**fields) -> TeachingEntry:
    fields = {"role": "Teaching assistant", "course": "Natural Language Processing", "institution": "THU", **fields}
    return TeachingEntry.objects.create(date=date(2024, 9, 1), **fields)


def test_the_cv_page_lists_live_content_in_the_owners_order(client, imported_demo):
    teaching(text="Graded **200** assignments.")
    teaching(course="A course still in draft", live=False)
    settings = setting(CVSettings)
    settings.sections = [
        {"type": "section", "value": {"section": "teaching", "title": "Teaching experience"}},
        {"type": "section", "value": {"section": "publications", "title": ""}},
        {"type": "section", "value": {"section": "education", "title": ""}},
        {"type": "section", "value": {"section": "grants", "title": ""}},  # nothing published: left out
    ]
    settings.save()

    soup = BeautifulSoup(client.get("/cv/").content, "html.parser")
    assert [h2.get_text(strip=True) for h2 in soup.select(".cv__section h2")] == [
        "Teaching experience",
        "Publications",
        "Education",
    ]
    assert [a["href"] for a in soup.select(".cv__contents a")] == ["#cv-teaching", "#cv-publications", "#cv-education"]
    teaching_text = soup.select_one("#cv-teaching").get_text(" ", strip=True)
    assert "Teaching assistant, Natural Language Processing, THU" in teaching_text
    assert "200" in soup.select_one("#cv-teaching strong").get_text()
    assert "A course still in draft" not in soup.get_text()
    owner = setting(ProfileSettings).name
    assert owner in [strong.get_text() for strong in soup.select("#cv-publications .author-name strong")]
    assert len(soup.select("#cv-publications li")) == PublicationPage.objects.live().count()
    # Reachable: the navigation of every page and the sitemap.
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert "/cv/" in [a["href"] for a in home.select(".masthead__nav a")]
    assert b"/cv/</loc>" in client.get("/sitemap.xml").content


def test_the_pdf_reads_back_and_comes_in_two_paper_sizes(client, imported_demo):
    teaching()
    cut = PublicationPage.objects.live().first()
    PublicationPage.objects.filter(pk=cut.pk).update(more_authors=True)  # "…, et al."
    skipping = PublicationPage.objects.live().exclude(pk=cut.pk).filter(authors__sort_order__gte=1).first()
    after_gap = skipping.authors.all()[1]
    PublicationAuthor.objects.filter(pk=after_gap.pk).update(others_before=True)  # "A, et al., B"
    TalkEntry.objects.create(text="Efficient LLMs, at *a workshop*", slides_url="https://example.org/slides.pdf")
    response = client.get("/cv.pdf")
    text = pdf_text(response)
    profile = setting(ProfileSettings)
    assert profile.name in text and profile.bio in text
    for heading in ("Education", "Publications", "Teaching", "Invited talks"):
        assert heading in text, heading
    assert "Teaching assistant, Natural Language Processing, THU" in text
    assert cut.title.split(":")[0] in text
    assert text.count("et al.") == 2 and f"et al., {after_gap.name}" in text
    listed = BeautifulSoup(client.get("/cv/").content, "html.parser").select_one("#cv-publications")
    assert listed.get_text().count("et al.") == 2 and f"et al., {after_gap.name}" in listed.get_text()
    assert "[slides]" in text
    reader = PdfReader(BytesIO(response.content))
    assert reader.metadata.title == f"{profile.name} – Curriculum Vitae"
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    assert any("https://example.org/slides.pdf" in str(annotation.get_object().get("/A", {}).get("/URI", ""))
               for annotation in reader.pages[-1].get("/Annots", []))  # fmt: skip
    letter = PdfReader(BytesIO(client.get("/cv-letter.pdf").content))
    assert round(float(letter.pages[0].mediabox.width)) == 612
    assert round(float(PdfReader(BytesIO(client.get("/cv-a4.pdf").content)).pages[0].mediabox.width)) == 595
    settings = setting(CVSettings)
    settings.paper_size = "us-letter"  # the owner's size is what /cv.pdf has
    settings.save()
    assert round(float(PdfReader(BytesIO(client.get("/cv.pdf").content)).pages[0].mediabox.width)) == 612


def test_stored_text_is_set_as_text_never_run_as_typst(client, imported_demo):
    attacks = [
        '#read("/etc/passwd")',
        '#import "@preview/cetz:0.3.0": *',
        "] #set page(width: 1pt) [",
        "$ x^2 $ and \\ and // not a comment",
        '#eval("1 + 1")',
    ]
    for number, attack in enumerate(attacks):
        AwardEntry.objects.create(text=f"Award {number}: `{attack}`", date=date(2020, 1, 1))
    profile = setting(ProfileSettings)
    profile.bio = '#link("file:///etc/passwd")[x]'
    profile.save()

    text = pdf_text(client.get("/cv.pdf"))
    for attack in attacks:
        assert " ".join(attack.split()) in text, attack
    assert '#link("file:///etc/passwd")[x]' in text
    assert "root:x:0:0" not in text


def test_the_pdf_is_typeset_again_only_when_what_it_shows_changes(client, imported_demo, monkeypatch, admin_user):
    runs = []
    original = typeset.typeset
    monkeypatch.setattr(typeset, "typeset", lambda cv: runs.append(cv) or original(cv))
    award = AwardEntry.objects.filter(live=True).first()

    first = client.get("/cv.pdf").content
    assert client.get("/cv.pdf").content == first and len(runs) == 1
    award.text = "Best Paper Award, an edit not yet published"
    award.save_revision(user=admin_user)  # a draft: nothing the PDF shows has changed
    client.get("/cv.pdf")
    assert len(runs) == 1

    award.save_revision(user=admin_user).publish()
    text = pdf_text(client.get("/cv.pdf"))
    assert len(runs) == 2 and "Best Paper Award, an edit not yet published" in text
    award.unpublish()
    assert "Best Paper Award" not in pdf_text(client.get("/cv.pdf"))


def test_selected_publications_only(client, imported_demo):
    featured = list(PublicationPage.objects.live().filter(featured=True).values_list("title", flat=True))
    others = list(PublicationPage.objects.live().filter(featured=False).values_list("title", flat=True))
    if not others:
        paper = PublicationPage.objects.live().first()
        paper.featured = False
        paper.save_revision().publish()
        featured.remove(paper.title)
        others = [paper.title]
    settings = setting(CVSettings)
    settings.selected_publications_only = True
    settings.save()
    soup = BeautifulSoup(client.get("/cv/").content, "html.parser")
    listed = soup.select_one("#cv-publications").get_text(" ", strip=True)
    assert all(title in listed for title in featured) and not any(title in listed for title in others)


@pytest.mark.skipif(not typeset.cjk_fonts(), reason="no CJK font on this machine (apt-get install fonts-noto-cjk)")
def test_a_name_in_chinese_script_is_typeset_with_a_cjk_font(client, imported_demo):
    assert setting(ProfileSettings).native_name == "盘卓实"
    assert "盘卓实" in pdf_text(client.get("/cv.pdf"))


@pytest.mark.skipif(not typeset.cjk_fonts(), reason="no CJK font on this machine (apt-get install fonts-noto-cjk)")
def test_a_cjk_font_installed_after_the_pdf_was_cached_gives_a_pdf_with_the_name(client, imported_demo, monkeypatch):
    """The PDF was kept for 30 days under the CV's content alone: the owner installed the font the site asked
    for, restarted it, and still got the PDF without their name."""
    fonts = typeset.cjk_fonts()
    monkeypatch.setattr(typeset, "cjk_fonts", lambda: ())  # the server before the font was installed
    assert "盘卓实" not in pdf_text(client.get("/cv.pdf"))
    monkeypatch.setattr(typeset, "cjk_fonts", lambda: fonts)  # installed, and the server started again
    assert "盘卓实" in pdf_text(client.get("/cv.pdf"))


def test_without_a_cjk_font_the_pdf_leaves_the_script_out_and_says_so(client, imported_demo, monkeypatch):
    monkeypatch.setattr(typeset, "cjk_fonts", lambda: ())
    text = pdf_text(client.get("/cv.pdf"))
    assert "盘卓实" not in text and "()" not in text and setting(ProfileSettings).name in text
    from cv.content import gather

    assert "fonts-noto-cjk" in typeset.cjk_note(gather())


def test_json_resume(client, imported_demo):
    teaching()
    SkillEntry.objects.create(kind="language", name="Mandarin", level="Native")
    SkillEntry.objects.create(kind="skill", name="Programming", keywords="Python, PyTorch")
    response = client.get("/cv.json")
    assert response["Content-Type"].startswith("application/json")
    resume = json.loads(response.content)
    profile = setting(ProfileSettings)
    assert resume["basics"]["name"] == profile.name and resume["basics"].get("label", "") == profile.bio
    profile.email = "owner@example.org"
    profile.save()
    assert b"owner@example.org" not in client.get("/cv.json").content  # harvesters read JSON first
    assert {paper["name"] for paper in resume["publications"]} == set(
        PublicationPage.objects.live().values_list("title", flat=True)
    )
    assert resume["languages"] == [{"language": "Mandarin", "fluency": "Native"}]
    assert resume["skills"] == [{"name": "Programming", "level": "", "keywords": ["Python", "PyTorch"]}]
    assert resume["teaching"][0]["course"] == "Natural Language Processing"
    assert resume["education"] and resume["awards"]


def test_the_sidebar_offers_the_pdf_when_the_owner_enables_it(client, imported_demo):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    profile = setting(ProfileSettings)
    profile.cv = get_document_model().objects.create(title="CV", file=ContentFile(b"%PDF-1.4", name="mine.pdf"))
    profile.save()
    links = BeautifulSoup(client.get("/").content, "html.parser").select(".author__links a")
    assert [link.get_text(strip=True) for link in links if "CV" in link.get_text()] == ["CV"]  # the uploaded one
    assert b'href="/cv.pdf"' not in client.get("/").content
    settings = setting(CVSettings)
    settings.pdf_in_sidebar = True
    settings.save()
    links = BeautifulSoup(client.get("/").content, "html.parser").select(".author__links a")
    assert [(link["href"], link.get_text(strip=True)) for link in links if "CV" in link.get_text()] == [
        ("/cv.pdf", "CV (PDF)")
    ]


def test_structured_entries_need_a_fact_or_a_text_and_show_on_the_homepage(client, imported_demo):
    with pytest.raises(ValidationError):
        TeachingEntry(role="", course="", institution="", text=" ").full_clean()
    teaching()
    home = HomePage.objects.get()
    home.sections.append(("teaching", {"title": "Teaching", "emoji": "", "anchor": "-teaching"}))
    home.save_revision().publish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one("#-teaching .dated-entry__headline").get_text() == (
        "Teaching assistant, Natural Language Processing, THU"
    )


def test_the_dashboard_says_when_the_pdf_cannot_set_the_owners_name(admin_client, imported_demo, monkeypatch):
    monkeypatch.setattr(typeset, "cjk_fonts", lambda: ("Noto Serif CJK SC",))
    assert b"fonts-noto-cjk" not in admin_client.get("/admin/").content
    monkeypatch.setattr(typeset, "cjk_fonts", lambda: ())
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    assert "fonts-noto-cjk" in soup.select_one(".everyday-tasks .help-warning").get_text()
