"""import_cv: JSON Resume and al-folio's cv.yml into the CV's entries, in one transaction, never twice.

The inputs reproduce what real files hold: al-folio's section types (map, time_table
with a description or with several items of one year, list, nested_list), inline
HTML in values, "2023 - present" and "2021-" ranges; JSON Resume's ISO dates,
"present" as an end date and the lower-case "startdate" some themes write.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from profile_site.models import (
    AwardEntry,
    EducationEntry,
    ExperienceEntry,
    GrantEntry,
    ProfileSettings,
    ServiceEntry,
    SkillEntry,
    StudentEntry,
    TalkEntry,
    TeachingEntry,
)

pytestmark = pytest.mark.django_db

ALFOLIO = """\
- title: General Information
  type: map
  contents:
    - name: Full Name
      value: Ada Lovelace
    - name: Email
      value: ada@example.org
    - name: Languages
      value: English (native speaker), French (basic)
    - name: Date of Birth
      value: 10 December 1815

- title: Education
  type: time_table
  contents:
    - title: Ph.D. in Computer Science
      institution: Peking University
      year: 2021-
      description:
        - Advised by Prof. <a href="https://example.org/dong">Hao Dong</a>
    - title: BSc
      institution: University of Waterloo
      year: 2017-2021
      description: <i>Summa Cum Laude</i>

- title: Research Experience
  type: time_table
  contents:
    - title: Postdoctoral Researcher
      institution: Durham University
      year: 2023 - present
    - title: Research Intern
      institution: Microsoft Research
      year: 2019
      description:
        - Long-context inference
        - title: Mentored
          contents:
            - Two interns
            - A visiting student

- title: Awards & Scholarships
  type: time_table
  contents:
    - year: 2022
      items:
        - Best Paper Award
        - Best Paper Award
    - year: 2021
      items:
        - Dean's List

- title: Teaching
  type: time_table
  contents:
    - title: Teaching Assistant
      institution: University of Waterloo
      year: 2019
      description: CS 240, Data Structures

- title: Academic Services
  type: list
  contents:
    - <strong>Reviewer:</strong> <i> NeurIPS '23, ICLR '24 </i>.

- title: Technical Skills
  type: nested_list
  contents:
    - title: Programming
      items:
        - Python
        - Rust

- title: Open Source Projects
  type: time_table
  contents:
    - title: al-folio
      year: 2015-now
"""

RESUME = {
    "basics": {
        "name": "Ada Lovelace",
        "label": "Astrophysicist",
        "email": "ada@example.org",
        "url": "https://ada.example.org",
        "location": {"city": "Durham", "countryCode": "GB"},
        "profiles": [],
    },
    "work": [
        {"name": "Durham University", "position": "Fellow", "startDate": "2023-10-01", "endDate": "present"},
        {
            "name": "Groningen",
            "position": "Postdoc",
            "startDate": "2017-10-01",
            "endDate": "2019-09-30",
            "highlights": ["Led a survey"],
        },
    ],  # fmt: skip
    "education": [
        {
            "institution": "University of Victoria",
            "area": "Physics",
            "studyType": "PhD",
            "startDate": "2013-09-01",
            "endDate": "2017-08-01",
        }
    ],  # fmt: skip
    "awards": [
        {"title": "Dorothy Hodgkin Fellowship", "startdate": "2023", "enddate": "2031", "awarder": "The Royal Society"}
    ],  # fmt: skip
    "volunteer": [{"organization": "NeurIPS 2024", "position": "Reviewer", "startDate": "2024-01-01"}],
    "skills": [{"name": "Programming", "level": "Advanced", "keywords": ["Python", "C"]}],
    "languages": [{"language": "English", "fluency": "Native speaker"}],
    "publications": [
        {
            "name": "A Paper on Dark Matter",
            "publisher": "MNRAS",
            "releaseDate": "2020-05-01",
            "url": "https://example.org/paper",
            "doi": "10.1000/xyz123",
        }
    ],  # fmt: skip
    "interests": [{"name": "Astronomy"}],
}


def run(path, *arguments) -> str:
    output = StringIO()
    call_command("import_cv", str(path), *arguments, stdout=output)
    return output.getvalue()


def texts(model) -> list[str]:
    return [entry.text for entry in model.objects.filter(live=True).order_by("sort_order", "pk")]


def counts() -> dict[str, int]:
    models = [AwardEntry, EducationEntry, ExperienceEntry, GrantEntry, ServiceEntry, SkillEntry, StudentEntry,
              TalkEntry, TeachingEntry]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def site(db):
    from homepage.site_tree import ensure_homepage

    ensure_homepage()
    return Site.objects.get(is_default_site=True)


def test_an_alfolio_cv_yml(tmp_path, site):
    path = tmp_path / "cv.yml"
    path.write_text(ALFOLIO)
    output = run(path)

    assert texts(EducationEntry) == [
        "Ph.D. in Computer Science, Peking University. Advised by Prof. [Hao Dong](https://example.org/dong).",
        "BSc, University of Waterloo. *Summa Cum Laude*.",
    ]
    phd = EducationEntry.objects.get(text__startswith="Ph.D.")
    assert phd.date.year == 2021 and phd.ongoing and phd.date_display == "2021 - Now"
    postdoc, intern = ExperienceEntry.objects.order_by("sort_order")
    assert postdoc.text == "Postdoctoral Researcher, Durham University." and postdoc.ongoing
    assert intern.text == (
        "Research Intern, Microsoft Research. Long-context inference; Mentored: Two interns, A visiting student."
    )  # a nested list is kept, not dropped
    # Two awards of one name in one year stay two; each has its year.
    assert texts(AwardEntry) == ["Best Paper Award", "Best Paper Award", "Dean's List"]
    assert [award.date.year for award in AwardEntry.objects.order_by("sort_order")] == [2022, 2022, 2021]
    ta = TeachingEntry.objects.get()
    assert (ta.role, ta.institution, ta.text, ta.date.year) == (
        "Teaching Assistant", "University of Waterloo", "CS 240, Data Structures", 2019
    )  # fmt: skip
    assert texts(ServiceEntry) == ["**Reviewer:** *NeurIPS '23, ICLR '24*."]
    skills = {(skill.kind, skill.name, skill.level, skill.keywords) for skill in SkillEntry.objects.all()}
    assert skills == {
        ("language", "English", "native speaker", ""),
        ("language", "French", "basic", ""),
        ("skill", "Programming", "", "Python, Rust"),
    }
    profile = ProfileSettings.for_site(site)
    assert (profile.name, profile.email) == ("Ada Lovelace", "ada@example.org")
    # What has no place here is named, not dropped silently.
    assert 'not imported: section "Open Source Projects"' in output
    assert "Date of Birth" in output

    before = counts()
    again = run(path)
    assert counts() == before
    assert "added" not in again and "Education: 2 unchanged" in again


def test_a_json_resume(tmp_path, site):
    profile = ProfileSettings.for_site(site)
    profile.name = "A. Lovelace"  # what the owner wrote stays
    profile.save()
    path = tmp_path / "resume.json"
    path.write_text(json.dumps(RESUME))
    output = run(path)

    fellow = ExperienceEntry.objects.get(text__startswith="Fellow")
    assert fellow.text == "Fellow, Durham University." and fellow.ongoing
    assert fellow.date_display == "2023.10 - Now"  # the month: the day of an ISO date is rarely meant
    postdoc = ExperienceEntry.objects.get(text__startswith="Postdoc")
    assert postdoc.text == "Postdoc, Groningen. Led a survey." and postdoc.date_display == "2017.10 - 2019.09"
    assert texts(EducationEntry) == ["PhD in Physics, University of Victoria."]
    award = AwardEntry.objects.get()
    assert award.text == "Dorothy Hodgkin Fellowship, The Royal Society." and award.date_display == "2023 - 2031"
    review = ServiceEntry.objects.get()
    assert (review.role, review.venue) == ("Reviewer", "NeurIPS 2024")
    assert {(s.kind, s.name, s.level) for s in SkillEntry.objects.all()} == {
        ("skill", "Programming", "Advanced"),
        ("language", "English", "Native speaker"),
    }
    from publications.models import PublicationPage

    paper = PublicationPage.objects.get()
    assert (paper.title, paper.venue, paper.doi, paper.date.year) == (
        "A Paper on Dark Matter", "MNRAS", "10.1000/xyz123", 2020
    )  # fmt: skip
    profile.refresh_from_db()
    assert profile.name == "A. Lovelace" and profile.website == "https://ada.example.org"
    assert profile.location == "Durham, GB"
    assert "kept what you had for name" in output and 'not imported: 1 item(s) of "interests"' in output

    before = counts()
    assert "Publications: 1 unchanged" in run(path)
    assert counts() == before and PublicationPage.objects.count() == 1


def test_what_the_site_exports_comes_back_the_same(client, imported_demo, tmp_path):
    """/cv.json, imported into a site without the entries, gives them back."""
    TeachingEntry.objects.create(role="Instructor", course="NLP", institution="THU", text="Spring term.")
    GrantEntry.objects.create(title="Efficient LLMs", funder="NSFC", amount="¥500,000", role="PI")
    StudentEntry.objects.create(name="Li Hua", level="MSc", role="Co-advisor", outcome="now at ByteDance")
    path = tmp_path / "cv.json"
    path.write_bytes(client.get("/cv.json").content)
    models = [EducationEntry, AwardEntry, TeachingEntry, GrantEntry, StudentEntry]
    before = {model: sorted((entry.headline, entry.text) for entry in model.objects.filter(live=True))
              for model in models}  # fmt: skip
    for model in models:
        model.objects.all().delete()

    run(path)
    after = {model: sorted((entry.headline, entry.text) for entry in model.objects.filter(live=True))
             for model in models}  # fmt: skip
    assert after[TeachingEntry] == before[TeachingEntry]
    assert after[GrantEntry] == before[GrantEntry]
    assert after[StudentEntry] == before[StudentEntry]
    assert len(after[EducationEntry]) == len(before[EducationEntry])
    assert len(after[AwardEntry]) == len(before[AwardEntry])


def test_dry_run_and_bad_files_change_nothing(tmp_path, site):
    path = tmp_path / "cv.yml"
    path.write_text(ALFOLIO)
    output = run(path, "--dry-run")
    assert "Education: 2 added" in output and "Dry run: nothing was saved." in output
    assert sum(counts().values()) == 0 and ProfileSettings.for_site(site).name == ""

    for name, content, said in [
        ("broken.json", "{ not json", "is not valid JSON"),
        ("broken.yml", "- title: [unclosed", "is not valid YAML"),
        ("other.yml", "just: a mapping\n", "neither a JSON Resume"),
    ]:
        bad = tmp_path / name
        bad.write_text(content)
        with pytest.raises(CommandError, match=said):
            run(bad)
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.json")
    assert sum(counts().values()) == 0
