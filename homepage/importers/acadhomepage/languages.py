"""Pages written in two languages, one shown at a time.

Some AcadHomepage sites carry every section twice, in elements of class ``lang-en`` and ``lang-zh``
(``<div class="lang-zh" markdown="1">``, ``# <span class="lang-en">About</span><span
class="lang-zh">关于我</span>``), and a switcher whose script and style show one language and hide the
other. A visitor sees the page in one language until they switch: the language the page names in its
front matter (``lang: en``) or the ``<html lang>`` of the built page, else English, else the first.
The import keeps that version and reports the other; the fidelity measure counts what a visitor sees
before switching, as it does for a ``<details>`` not yet opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LANGUAGE_CLASS = re.compile(r"(?:^|\s)lang-(?P<lang>[a-z]{2})(?:\s|$)")
_OPENING_TAG = re.compile(
    r"<(?P<tag>[a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?\bclass\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)')[^<>]*>"
)
_VOID = {"img", "br", "hr", "input", "source", "meta", "link", "wbr"}


def page_languages(classes: Iterable[str]) -> list[str]:
    """The languages named by ``lang-xx`` classes, in the order they first appear."""
    found: list[str] = []
    for value in classes:
        for match in _LANGUAGE_CLASS.finditer(value):
            if match["lang"] not in found:
                found.append(match["lang"])
    return found


def shown_language(languages: list[str], named: str = "") -> str:
    """The language a visitor first sees of a page in ``languages`` ("" with fewer than two)."""
    if len(languages) < 2:
        return ""
    named = named.lower()[:2]
    return named if named in languages else "en" if "en" in languages else languages[0]


def element_language(classes: str) -> str:
    """The language a class attribute marks its element as written in ("" for none)."""
    match = _LANGUAGE_CLASS.search(classes)
    return match["lang"] if match else ""


def other_language_spans(text: str, named: str = "") -> tuple[str, list[str], list[tuple[int, int]]]:
    """The language kept, the others, and the spans of ``text`` (whole elements) written in the others."""
    openings = [(match, match["double"] if match["double"] is not None else match["single"] or "")
                for match in _OPENING_TAG.finditer(text)]  # fmt: skip
    languages = page_languages(classes for _, classes in openings)
    kept = shown_language(languages, named)
    if not kept:
        return "", [], []
    ends = _element_ends(text)
    spans: list[tuple[int, int]] = []
    for match, classes in openings:
        language = element_language(classes)
        if not language or language == kept or (spans and match.start() < spans[-1][1]):
            continue
        if match["tag"].lower() in _VOID or match.group().endswith("/>"):
            spans.append((match.start(), match.end()))
        elif match.start() in ends:  # an element never closed is left as it is
            spans.append((match.start(), ends[match.start()]))
    return kept, [language for language in languages if language != kept], spans


_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")


def _element_ends(text: str) -> dict[int, int]:
    """Where each element of ``text`` that is closed ends (after its closing tag), by where it starts; in one
    pass, each closing tag matching the last open element of its name."""
    open_elements: dict[str, list[int]] = {}
    ends: dict[int, int] = {}
    for match in _ANY_TAG.finditer(text):
        name = match[2].lower()
        if name in _VOID or match.group().endswith("/>"):
            continue
        if not match[1]:
            open_elements.setdefault(name, []).append(match.start())
        elif open_elements.get(name):
            ends[open_elements[name].pop()] = match.end()
    return ends
