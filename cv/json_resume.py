"""The CV in the JSON Resume schema (https://jsonresume.org/schema), which academicpages and al-folio read.

The schema's sections take what fits them: education, work (experience), awards,
publications, volunteer (service), skills, languages. Teaching, students, grants
and talks have no section in the schema; they go under keys of their own, which
JSON Resume tools ignore and :mod:`cv.importer` reads back.

The email address is left out: the pages show it in a form address harvesters
cannot read, and a JSON file is the easiest thing there is to read (the PDF, which
people forward, has it).
"""

from __future__ import annotations

from .content import CV, Item, Section

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def _text(item: Item) -> str:
    return "".join(run.text for run in item.runs).strip()


def _dates(item: Item) -> dict:
    entry = item.source
    dates = {}
    if getattr(entry, "date", None):
        dates["startDate"] = entry.date_iso
        end = getattr(entry, "end_date", None)
        if end:
            dates["endDate"] = end.isoformat()[: len(entry.date_iso)]
    return dates


def _section(cv: CV, key: str) -> Section | None:
    return next((section for section in cv.sections if section.key == key), None)


def _items(cv: CV, key: str) -> list[Item]:
    section = _section(cv, key)
    return section.items if section else []


def to_json_resume(cv: CV, site_url: str) -> dict:
    basics = {
        "name": cv.name,
        "label": cv.bio,
        "url": cv.website or site_url,
        "location": {"city": cv.location} if cv.location else {},
        "profiles": [{"network": label, "url": url} for label, url in cv.links],
    }
    resume: dict = {"$schema": SCHEMA, "basics": {key: value for key, value in basics.items() if value}}

    def headline_or_text(item: Item) -> str:
        return item.headline or _text(item)

    resume["education"] = [
        {"institution": headline_or_text(item), "studyType": "", "summary": _text(item), **_dates(item)}
        for item in _items(cv, "education")
    ]
    resume["work"] = [
        {"name": cv.employer, "position": headline_or_text(item), "summary": _text(item), **_dates(item)}
        for item in _items(cv, "experience")
    ]
    resume["awards"] = [{"title": headline_or_text(item), **_award_date(item)} for item in _items(cv, "honors")]
    publications = _section(cv, "publications")
    resume["publications"] = [
        {
            "name": paper.title,
            "publisher": paper.venue,
            "releaseDate": paper.year,
            "url": paper.url,
            "authors": [author.name for author in paper.authors],
            "type": paper.kind,
            **({"doi": paper.doi} if paper.doi else {}),
        }
        for group in (publications.groups if publications else [])
        for paper in group.papers
    ]
    resume["volunteer"] = [
        {
            "organization": getattr(item.source, "venue", ""),
            "position": getattr(item.source, "role", "") or _text(item),
            "summary": _text(item),
            "type": item.kind,
            **_dates(item),
        }
        for item in _items(cv, "service")
    ]
    skills = [item for item in _items(cv, "skills") if item.kind != "language"]
    languages = [item for item in _items(cv, "skills") if item.kind == "language"]
    resume["skills"] = [
        {"name": item.source.name or _text(item), "level": item.source.level, "keywords": item.source.keyword_list}
        for item in skills
    ]
    resume["languages"] = [{"language": item.source.name, "fluency": item.source.level} for item in languages]
    resume["talks"] = [{"title": _text(item), "date": item.date, **dict(item.links)} for item in _items(cv, "talks")]
    resume["teaching"] = [
        {
            "course": item.source.course,
            "role": item.source.role,
            "institution": item.source.institution,
            "term": item.date,
            "summary": _text(item),
            **_dates(item),
        }
        for item in _items(cv, "teaching")
    ]
    resume["students"] = [
        {
            "name": item.source.name,
            "level": item.source.level,
            "role": item.source.role,
            "outcome": item.source.outcome,
            "summary": _text(item),
            **_dates(item),
        }
        for item in _items(cv, "students")
    ]
    resume["grants"] = [
        {
            "title": item.source.title,
            "funder": item.source.funder,
            "amount": item.source.amount,
            "role": item.source.role,
            "summary": _text(item),
            **_dates(item),
        }
        for item in _items(cv, "grants")
    ]
    return {key: value for key, value in resume.items() if value or key in ("$schema", "basics")}


def _award_date(item: Item) -> dict:
    dates = _dates(item)
    return {"date": dates["startDate"]} if "startDate" in dates else {}
