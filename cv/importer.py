"""A CV file into the site's entries: JSON Resume (``resume.json``) or al-folio's ``_data/cv.yml``.

Each format is first read into :class:`Record` s (a kind of entry, its fields, its
text, its dates), so both go through one writer. The writer runs in one
transaction: a file that cannot be read changes nothing, and ``dry_run`` rolls
everything back after the report is made. An entry is found again by its kind, its
fields and its text (and how many entries of the same kind and text came before it
in the file), so importing the same file twice adds nothing; papers go through
:func:`publications.upsert.upsert_publication`, found again by DOI or title. The
profile's empty fields are filled in; what the owner already wrote is kept.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.dates import DateSpan, Precision, parse_span
from profile_site.models import ENTRY_KINDS, ProfileSettings
from publications.models import PublicationIndexPage
from publications.records import PaperRecord, RecordAuthor
from publications.upsert import upsert_publication

LABELS = {
    "education": "Education",
    "experience": "Experience",
    "honors": "Honors and awards",
    "grants": "Grants",
    "talks": "Talks",
    "teaching": "Teaching",
    "students": "Students",
    "service": "Service",
    "skills": "Skills and languages",
}
# al-folio section titles, by the words they contain (the first kind whose word appears wins).
TITLE_WORDS = [
    ("teaching", ("teaching", "course")),
    ("students", ("student", "mentor", "supervis", "advising")),
    ("grants", ("grant", "funding")),
    ("talks", ("talk", "presentation", "invited")),
    ("service", ("service", "review", "committee", "professional activit", "volunteer")),
    ("honors", ("award", "honor", "honour", "scholarship", "prize", "fellowship")),
    ("education", ("education",)),
    ("experience", ("experience", "employment", "work", "position", "appointment", "career", "internship")),
    ("skills", ("skill", "language")),
]
PROFILE_FIELDS = {"name": 200, "bio": 300, "email": 254, "website": 200, "location": 200}


class CVFileError(Exception):
    """The file cannot be read as a CV: nothing was changed."""


@dataclass
class Record:
    kind: str  # a key of profile_site.models.ENTRY_KINDS
    text: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    span: DateSpan = field(default_factory=DateSpan)


@dataclass
class ParsedCV:
    profile: dict[str, str] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    papers: list[PaperRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what the file holds that has no place here


@dataclass
class CVImportReport:
    counts: Counter = field(default_factory=Counter)  # (label, outcome) -> number
    profile_filled: list[str] = field(default_factory=list)
    profile_kept: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        lines = []
        for label in [*LABELS.values(), "Publications"]:
            outcomes = {outcome: n for (name, outcome), n in self.counts.items() if name == label}
            if outcomes:
                lines.append(f"{label}: " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())))
        if self.profile_filled:
            lines.append("Profile: filled in " + ", ".join(self.profile_filled))
        if self.profile_kept:
            lines.append("Profile: kept what you had for " + ", ".join(self.profile_kept))
        lines += [f"Warning: {warning}" for warning in self.warnings]
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
        return lines


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def read_cv_file(path: Path) -> ParsedCV:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CVFileError(f"cannot read {path}: {error}") from error
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        language = "JSON" if path.suffix.lower() == ".json" else "YAML"
        raise CVFileError(f"{path.name} is not valid {language}: {error}") from error
    if isinstance(data, dict) and ("basics" in data or "work" in data or "education" in data):
        return read_json_resume(data)
    if isinstance(data, list) and all(isinstance(section, dict) and "title" in section for section in data):
        return read_alfolio(data)
    raise CVFileError(
        f"{path.name} is neither a JSON Resume (an object with basics, work, education…) nor al-folio's "
        "cv.yml (a list of sections with a title, a type and contents)"
    )


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(part for item in value if (part := _str(item)))
    if isinstance(value, dict):
        return "; ".join(part for item in value.values() if (part := _str(item)))
    return " ".join(str(value).split())


def markdown_of(value: Any) -> str:
    """Inline HTML as al-folio files write it (links, bold, italics) as markdown; other tags dropped."""
    text = _str(value)
    text = re.sub(
        r"<a\s[^>]*?href\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a>",
        lambda m: f"[{m[2].strip()}]({m[1]})",
        text,
        flags=re.I | re.S,
    )
    text = re.sub(r"<(strong|b)>\s*(.*?)\s*</\1>", r"**\2**", text, flags=re.I | re.S)
    text = re.sub(r"<(em|i)>\s*(.*?)\s*</\1>", r"*\2*", text, flags=re.I | re.S)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html.unescape(text).split())


def _span(start: Any, end: Any = None) -> DateSpan:
    start, end = _str(start), _str(end)
    if not start:
        return DateSpan()
    return parse_span(f"{start} - {end}" if end else start)


def _sentence(*parts: str) -> str:
    return ". ".join(part.rstrip(".") for part in parts if part) + ("." if any(parts) else "")


def read_json_resume(data: dict) -> ParsedCV:
    cv = ParsedCV()
    basics = data.get("basics") or {}
    location = basics.get("location") or {}
    cv.profile = {
        "name": _str(basics.get("name")),
        "bio": _str(basics.get("label")),
        "email": _str(basics.get("email")),
        "website": _str(basics.get("url")),
        "location": ", ".join(
            part for part in (_str(location.get("city")), _str(location.get("region") or location.get("countryCode")))
            if part
        ),
    }  # fmt: skip
    for item in data.get("education") or []:
        degree = " in ".join(part for part in (_str(item.get("studyType")), _str(item.get("area"))) if part)
        text = ", ".join(part for part in (degree, markdown_of(item.get("institution"))) if part)
        extra = _str(item.get("score")) and f"Score: {_str(item.get('score'))}"
        cv.records.append(Record("education", _sentence(text, extra), span=_dates(item)))
    for item in data.get("work") or []:
        head = ", ".join(part for part in (_str(item.get("position")), _str(item.get("name"))) if part)
        cv.records.append(Record("experience", _details(head, item), span=_dates(item)))
    for item in data.get("awards") or []:
        head = ", ".join(part for part in (_str(item.get("title")), _str(item.get("awarder"))) if part)
        span = _span(item.get("date") or item.get("startdate") or item.get("startDate"), item.get("enddate"))
        cv.records.append(Record("honors", _sentence(head, markdown_of(item.get("summary"))), span=span))
    for item in data.get("volunteer") or []:
        fields = {"role": _str(item.get("position")), "venue": _str(item.get("organization"))}
        cv.records.append(Record("service", _details("", item), fields, _dates(item)))
    for item in data.get("skills") or []:
        fields = {"kind": "skill", "name": _str(item.get("name")), "level": _str(item.get("level")),
                  "keywords": ", ".join(_str(word) for word in item.get("keywords") or [])}  # fmt: skip
        cv.records.append(Record("skills", fields=fields))
    for item in data.get("languages") or []:
        fields = {"kind": "language", "name": _str(item.get("language")), "level": _str(item.get("fluency"))}
        cv.records.append(Record("skills", fields=fields))
    # This site's own keys (cv/json_resume.py), which JSON Resume tools ignore.
    for item in data.get("teaching") or []:
        fields = {name: _str(item.get(name)) for name in ("role", "course", "institution")}
        cv.records.append(Record("teaching", markdown_of(item.get("summary")), fields, _dates(item, "term")))
    for item in data.get("students") or []:
        fields = {name: _str(item.get(name)) for name in ("name", "level", "role", "outcome")}
        cv.records.append(Record("students", markdown_of(item.get("summary")), fields, _dates(item)))
    for item in data.get("grants") or []:
        fields = {name: _str(item.get(name)) for name in ("title", "funder", "amount", "role")}
        cv.records.append(Record("grants", markdown_of(item.get("summary")), fields, _dates(item)))
    for item in data.get("talks") or []:
        fields = {f"{label}_url": _str(item.get(label)) for label in ("event", "slides", "video") if item.get(label)}
        cv.records.append(Record("talks", markdown_of(item.get("title")), fields, _span(item.get("date"))))
    for item in data.get("publications") or []:
        cv.papers.append(_paper(item))
    for key in ("certificates", "interests", "references", "projects"):
        if data.get(key):
            cv.skipped.append(f'{len(data[key])} item(s) of "{key}"')
    return cv


def _dates(item: dict, fallback: str = "") -> DateSpan:
    """JSON Resume's dates are ISO dates, often with a day nobody means (2013-09-01): a CV shows the month."""
    start = item.get("startDate") or item.get("startdate") or (item.get(fallback) if fallback else None)
    span = _span(start, item.get("endDate") or item.get("enddate"))
    return replace(span, precision=Precision.MONTH) if span.precision == Precision.DAY else span


def _details(head: str, item: dict) -> str:
    highlights = "; ".join(markdown_of(line) for line in item.get("highlights") or [] if _str(line))
    return _sentence(head, markdown_of(item.get("summary")), highlights)


def _paper(item: dict) -> PaperRecord:
    span = _span(item.get("releaseDate") or item.get("date"))
    return PaperRecord(
        title=_str(item.get("name") or item.get("title")),
        authors=[RecordAuthor(name=_str(name)) for name in item.get("authors") or [] if _str(name)],
        venue=_str(item.get("publisher")),
        year=span.start.year if span.start else None,
        doi=_str(item.get("doi")),
        url=_str(item.get("url")),
        summary=markdown_of(item.get("summary")),
    )


def read_alfolio(sections: list[dict]) -> ParsedCV:
    cv = ParsedCV()
    for section in sections:
        title, kind_of_list = _str(section.get("title")), _str(section.get("type"))
        contents = section.get("contents") or []
        if kind_of_list == "map" and _is_general(title):
            _general_information(cv, contents)
            continue
        kind = kind_for_title(title)
        if kind is None:
            cv.skipped.append(f'section "{title}" ({len(contents)} item(s)): no kind of entry matches its title')
            continue
        for item in contents:
            cv.records += _alfolio_records(kind, kind_of_list, item)
    return cv


def kind_for_title(title: str) -> str | None:
    lowered = title.casefold()
    if "publication" in lowered:
        return None
    return next((kind for kind, words in TITLE_WORDS if any(word in lowered for word in words)), None)


def _is_general(title: str) -> bool:
    return any(word in title.casefold() for word in ("general", "personal", "contact", "information"))


def _general_information(cv: ParsedCV, contents: list) -> None:
    for pair in contents:
        if not isinstance(pair, dict):
            continue
        name, value = _str(pair.get("name")).casefold(), _str(pair.get("value"))
        if name in ("full name", "name"):
            cv.profile["name"] = value
        elif name in ("email", "e-mail"):
            cv.profile["email"] = re.sub(r"<[^>]+>", "", value)
        elif name in ("website", "homepage", "url"):
            cv.profile["website"] = value
        elif name in ("location", "address", "city"):
            cv.profile["location"] = value
        elif name == "languages":
            for language in re.split(r",\s*(?![^()]*\))", value):
                match = re.fullmatch(r"\s*(.+?)\s*(?:\((.+)\))?\s*", language)
                if match and match[1]:
                    fields = {"kind": "language", "name": match[1], "level": match[2] or ""}
                    cv.records.append(Record("skills", fields=fields))
        elif value:
            cv.skipped.append(f'"{pair.get("name")}: {value}" of the general information')


def _description(description: Any) -> str:
    """al-folio's description: a line, a list of lines, and in a list a nested ``{title, contents}``."""
    if not isinstance(description, list):
        return markdown_of(description)
    lines = []
    for line in description:
        if isinstance(line, dict):
            contents = ", ".join(markdown_of(part) for part in line.get("contents") or line.get("items") or [])
            line = ": ".join(part for part in (markdown_of(line.get("title")), contents) if part)
        else:
            line = markdown_of(line)
        if line:
            lines.append(line)
    return "; ".join(lines)


def _alfolio_records(kind: str, kind_of_list: str, item: Any) -> list[Record]:
    if isinstance(item, str) or kind_of_list == "list":
        return [Record(kind, markdown_of(item))]
    if not isinstance(item, dict):
        return []
    if kind_of_list == "nested_list":
        words = ", ".join(markdown_of(word) for word in item.get("items") or [])
        if kind == "skills":
            return [Record(kind, fields={"kind": "skill", "name": _str(item.get("title")), "keywords": words})]
        return [Record(kind, _sentence(markdown_of(item.get("title")), words))]
    if kind_of_list == "map":
        return [Record(kind, f"{markdown_of(item.get('name'))}: {markdown_of(item.get('value'))}")]
    span = _span(item.get("year"))
    if item.get("items"):  # several entries of one year (al-folio's awards)
        return [Record(kind, markdown_of(line), span=span) for line in item["items"] if _str(line)]
    title, place = markdown_of(item.get("title")), markdown_of(item.get("institution"))
    details = _description(item.get("description"))
    structured = {
        "teaching": {"role": title, "institution": place},
        "service": {"role": title, "venue": place},
        "students": {"name": title, "outcome": place},
        "grants": {"title": title, "funder": place},
    }
    if kind in structured:
        fields = {name: re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", value) for name, value in structured[kind].items()}
        return [Record(kind, details, fields, span)]
    return [Record(kind, _sentence(", ".join(part for part in (title, place) if part), details), span=span)]


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def import_cv(parsed: ParsedCV, dry_run: bool = False, user=None) -> CVImportReport:
    report = CVImportReport(dry_run=dry_run)
    report.warnings += [f"not imported: {what}" for what in parsed.skipped]
    with transaction.atomic():
        _Writer(report, user).write(parsed)
        if dry_run:
            transaction.set_rollback(True)
    return report


class _Writer:
    def __init__(self, report: CVImportReport, user) -> None:
        self.report = report
        self.user = user
        self.seen: Counter = Counter()
        self.positions: dict[type, int] = {}

    def write(self, parsed: ParsedCV) -> None:
        profile = ProfileSettings.for_default_site()
        if profile is not None:
            self.profile(profile, parsed.profile)
        for record in parsed.records:
            self.entry(record)
        if parsed.papers:
            index = PublicationIndexPage.for_site()
            is_owner = profile.is_owner if profile is not None else (lambda name: False)
            for paper in parsed.papers:
                if not paper.title:
                    self.report.warnings.append("a publication without a title was left out")
                    continue
                outcome = upsert_publication(paper, index=index, is_owner=is_owner, user=self.user).outcome
                self.report.counts["Publications", outcome] += 1

    def next_position(self, model) -> int:
        if model not in self.positions:
            self.positions[model] = (model.objects.aggregate(last=Max("sort_order"))["last"] or 0) + 1
        self.positions[model] += 1
        return self.positions[model] - 1

    def profile(self, profile: ProfileSettings, values: dict[str, str]) -> None:
        changed = False
        for name, value in values.items():
            value = value[: PROFILE_FIELDS[name]]
            if not value:
                continue
            if getattr(profile, name):
                if getattr(profile, name) != value:
                    self.report.profile_kept.append(name)
                continue
            setattr(profile, name, value)
            self.report.profile_filled.append(name)
            changed = True
        if changed:
            try:
                profile.full_clean()
            except ValidationError as error:
                raise CVFileError(f"the profile in the file is not valid: {error.message_dict}") from error
            profile.save()

    def entry(self, record: Record) -> None:
        model = ENTRY_KINDS[record.kind]
        label = LABELS[record.kind]
        lookup = {"text": record.text, **record.fields}
        key = (record.kind, *sorted(lookup.items()))
        occurrence = self.seen[key]
        self.seen[key] += 1
        span = record.span
        values: dict[str, Any] = {
            "date": span.start,
            "end_date": span.end if not span.ongoing else None,
            "ongoing": span.ongoing,
            "date_precision": span.precision if span.start else Precision.YEAR,
            "date_text": span.written[:60] if not span.start else "",
        }
        obj = model.objects.filter(**lookup).order_by("pk")[occurrence : occurrence + 1].first()
        if obj is not None and all(
            getattr(obj, name) == value for name, value in values.items() if name != "sort_order"
        ):
            self.report.counts[label, "unchanged"] += 1
            return
        outcome = "updated" if obj is not None else "added"
        if obj is None:  # after what the site has, in the file's order
            obj = model(**lookup, sort_order=self.next_position(model))
        for name, value in values.items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as error:
            self.report.warnings.append(f"{label}: {record.text[:60] or record.fields!r} left out: {error.messages}")
            return
        obj.save()
        obj.save_revision(user=self.user).publish(user=self.user)
        self.report.counts[label, outcome] += 1
