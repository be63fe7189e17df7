"""The whole page: its sections, the owner found among the authors, the native-script name."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from homepage.importers.acadhomepage.papers import mark_meanings, marks_meaning
from homepage.importers.acadhomepage.results import ParsedProfile, ParsedSite
from homepage.importers.acadhomepage.sections import build_section, split_sections
from homepage.importers.acadhomepage.source import Report, Src, clean_page, excerpt, repair_mojibake

# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def parse_about(text: str) -> ParsedSite:
    """Parse ``_pages/about.md`` into a profile, sections, warnings and drops.

    Warnings and drops about one place start with its line in ``text``
    (mojibake repair and line endings do not change line numbers).
    """
    report = Report()
    page = clean_page(Src.page(repair_mojibake(text).replace("\r\n", "\n")), report)
    with marks_meaning(mark_meanings(page.text)):
        built = [built for raw in split_sections(page) if (built := build_section(raw, report)) is not None]
    sections = [section for section, _ in built]
    owner = _owner_name(report)
    _mark_owner(report, owner)
    about = next((body.strip() for section, body in built if section.kind == "about"), None)
    profile = ParsedProfile(name=owner, native_name=_native_name(about, owner, report))
    return ParsedSite(profile=profile, sections=sections, warnings=report.warnings, dropped=report.dropped)


def _owner_name(report: Report) -> str:
    """The bold author name that appears most often: that is whose site this is.

    When others are in bold too, that choice is a guess, and a warning says so.
    """
    owners = Counter(author.name for paper, _ in report.papers for author in paper.authors if author.is_owner)
    if not owners:
        return ""
    (owner, count), *others = owners.most_common()
    if others:
        also = ", ".join(f'"{name}" ({times})' for name, times in others[:5])
        report.warn(
            f'Took "{owner}", the author in bold most often ({count} papers), as the site owner; also in bold: {also}'
        )
    return owner


def _mark_owner(report: Report, owner: str) -> None:
    """In a paper that names the owner, the owner is that author, however the page emphasized names.

    A page may bold co-first authors too ("**A**\\*, **Me**\\*") or forget to
    bold its owner once; papers that do not name the owner keep their bold.
    Where the owner is found by name only, or someone else is kept as the
    owner, a warning names the paper.
    """
    if not owner:
        return
    for paper, line in report.papers:
        named = [author for author in paper.authors if author.name == owner]
        bold = [author.name for author in paper.authors if author.is_owner]
        if named:
            # Two authors of the owner's name, one in bold ("**Zhiwei Wang**, Zihang Huang, Zhiwei Wang"): the other
            # is someone else of that name
            bold_named = any(author.is_owner for author in named)
            if not bold_named:
                report.warn(
                    f'Paper "{excerpt(paper.title, 60)}": {owner} is not in bold here; marked as the owner by name',
                    line,
                )
            for author in paper.authors:
                author.is_owner = author.name == owner and (author.is_owner or not bold_named)
        elif bold:
            report.warn(
                f'Paper "{excerpt(paper.title, 60)}": does not name the site owner, {owner}; kept '
                + ", ".join(f'"{name}"' for name in bold)
                + " (in bold) as the owner",
                line,
            )


def _native_name(about: Src | None, owner: str, report: Report) -> str:
    """The name in another script that the about text gives in a parenthesis.

    Right after the owner's name ("Dongping Chen (陈东平)") wherever it is; else
    in the first paragraph, when the parenthesis follows plain text (not a
    link to someone else) and starts with a short non-Latin word ("(盘卓实 in
    Chinese)"), not a long one such as a university's name. That second way
    is a guess, and a warning says so.
    """
    text = about.text if about else ""
    if owner:
        after_name = re.search(rf"{re.escape(owner)}[*_\s]*[(（]([^()（）]*)[)）]", text)
        words = _non_latin_words(after_name.group(1)) if after_name else []
        if words:
            return " ".join(words)
    first_paragraph = next((p for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("<!--")), "")
    for parenthesis in re.finditer(r"(?<![)\]\s])\s*[(（]([^()（）]*)[)）]", first_paragraph):
        words = _non_latin_words(parenthesis.group(1))
        if words and len(words[0]) <= 5:
            line = about.line(text.find(first_paragraph) + parenthesis.start(1)) if about else None
            report.warn(f'Took "{words[0]}", in a parenthesis of the about text, as the native name', line)
            return words[0]
    return ""


def _non_latin_words(text: str) -> list[str]:
    return "".join(ch if _is_non_latin_letter(ch) else " " for ch in text).split()


def _is_non_latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and "LATIN" not in unicodedata.name(char, "LATIN")


# ---------------------------------------------------------------------------
# _config.yml
# ---------------------------------------------------------------------------
