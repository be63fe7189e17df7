"""BibTeX in and out, without the database.

Owners arrive with a ``.bib`` file (Google Scholar's, DBLP's, al-folio's
``papers.bib``) and visitors leave with one. Reading decodes LaTeX (``{\\"u}``
is ü, ``{BERT}`` is BERT) so titles and names look right on the page; writing
encodes it back so the entry compiles anywhere. A page whose owner pasted an
entry exports that entry exactly; otherwise one is generated, written so that
reading it back gives the same page and writing that page again gives the
same text.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from pylatexenc import latexwalker
from pylatexenc.latex2text import fmt_math_text_style, get_default_latex_context_db
from pylatexenc.latexencode import RULE_CALLABLE, RULE_REGEX, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from core.identifiers import ARXIV_DOI, ARXIV_IN_TEXT, ARXIV_IN_URL, ARXIV_NEW, clean_doi
from core.names import NAME_SUFFIXES, is_collective_name
from publications.records import MAX_AUTHORS

# A publication page, or anything with its fields: the models import this module, never the other way.
Paper = Any

# publication_type → the BibTeX entry type it is written as, and the field that holds its venue.
ENTRY_TYPES = {
    "conference": "inproceedings",
    "workshop": "inproceedings",
    "journal": "article",
    "preprint": "misc",
    "thesis": "phdthesis",
    "chapter": "incollection",
    "patent": "patent",
    "other": "misc",
}
VENUE_FIELDS = {
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "article": "journal",
    "phdthesis": "school",
    "misc": "howpublished",
    "patent": "howpublished",
}
TYPE_ALIASES = {"conference": "inproceedings"}
# Where a venue is found when reading, in this order.
VENUE_SOURCES = ("booktitle", "journal", "school", "howpublished", "institution")
# (field, link kind, label): the links a .bib entry can carry, al-folio's buttons included.
LINK_FIELDS = (
    ("url", "paper", ""),
    ("html", "paper", "HTML"),
    ("pdf", "pdf", ""),
    ("code", "code", ""),
    ("website", "project", ""),
    ("video", "video", ""),
    ("slides", "slides", ""),
    ("poster", "poster", ""),
    ("supp", "other", "Supplementary"),
    ("blog", "other", "Blog"),
)
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_MACROS = {number: name.lower() for number, name in enumerate(calendar.month_abbr) if name}
TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0"}
KEY_STOPWORDS = {
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards", "toward", "from", "via", "is", "are",
    "do", "does", "can", "what", "how", "why", "when", "where", "which", "who", "at", "by",
}  # fmt: skip

ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
COMMENT_BLOCK = re.compile(r"^[ \t]*@\s*comment\s*(?=[{(])", re.IGNORECASE | re.MULTILINE)
ENTRY_HEAD = re.compile(r"@\s*\w+\s*([{(])\s*[^,\s{}()]*\s*,")
# Between two fields of an entry: spaces and commas. Then a field's name and its equals sign.
FIELD_SEPARATORS = re.compile(r"[\s,]*")
FIELD_OPENING = re.compile(r"([A-Za-z_][\w\-:.+/]*)\s*=\s*")
BRACES = re.compile(r"[{}]")
BRACES_AND_QUOTES = re.compile(r'[{}"]')
# ``name = word``: a field whose value is an @string (or a month); the name starts a word.
FIELD_MACRO = re.compile(r"(?<![\w\-:.+/])([A-Za-z_][\w\-:.+/]*)(\s*=\s*)([A-Za-z][\w:.+/-]*)")
BARE_VALUE = re.compile(r"[^\s,#{}\"()=]+")
# [text](link), neither part holding a square bracket: each scan stops at the next one.
MARKDOWN_LINK = re.compile(r"\[([^\[\]]*)\]\([^)\[\]\s]*\)")
EMOJI_SHORTCODE = re.compile(r"(?<!\S):[a-z0-9_+-]+:(?!\S)")
WRAPPED_URL = re.compile(r"\\url\{(.*)\}", re.DOTALL)
# What an identifier (DOI, URL, arXiv id) may hold that BibTeX or TeX would act on, and the commands it
# is written as: BibTeX counts braces even after a backslash, TeX runs a backslash and reads ``^^5c`` as one.
IDENTIFIER_ESCAPES = {
    "\\": "\\textbackslash{}",
    "{": "\\textbraceleft{}",
    "}": "\\textbraceright{}",
    "^": "\\textasciicircum{}",
}
IDENTIFIER_CHARACTERS = {"backslash": "\\", "braceleft": "{", "braceright": "}", "asciicircum": "^"}
IDENTIFIER_SPECIAL = re.compile(r"[\\{}^]")
# Reading an identifier: those commands, LaTeX's escapes of URL characters, and braces (which print nothing).
URL_ESCAPE = re.compile(r"\\text(backslash|braceleft|braceright|asciicircum)(?![A-Za-z])(?:\{\})?|\\([_%&#$~])|[{}]")
SAFE_KEY = re.compile(r"[A-Za-z0-9_:.+/-]+")
ENTRY_OPEN = re.compile(r"@\s*(\w+)\s*([{(])")
ENTRY_SYNTAX = re.compile(r"[{}()@]")
OUTSIDE_ENTRY_SYNTAX = re.compile(r"[{}@]")
# Line breaks (NEL, LINE and PARAGRAPH SEPARATOR among them) and the other control characters.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# BibTeX's own month macros, for values joined with #: ``jul # "~12"``.
MONTH_MACRO_TEXT = {
    name.lower(): calendar.month_name[number] for number, name in enumerate(calendar.month_abbr) if name
}

# Text without any of these characters reads the same as LaTeX and as plain text.
_PLAIN_TEXT = re.compile(r"[^\\{}$~%&`'!?^_#-]*")
# What @string abbreviations may add to a file beyond half its length. Each use of an abbreviation (or of
# a ``#`` join) copies its text into the entry, which is then stored and read as LaTeX: a 100 KB
# abbreviation used in every field of every entry would make gigabytes out of one megabyte, and reading
# two megabytes of accents written out takes a second. The venues a bibliography abbreviates, written
# out, come to a tenth of its length or less.
MAX_EXPANSION = 250_000
# Entries missing a comma between two fields are mended, then read again. Slips in a hand-written file
# come to a few thousand characters; a file of nothing else is not a file with slips.
MAX_MENDED = 100_000
# Problems listed when a file cannot be read; the rest are counted.
MAX_PROBLEMS = 20
MAX_KEY_SHOWN = 60  # characters of an entry's key in a problem
# Blocks (entries, @strings, @preambles) a file may hold. The parser's work on each block, whatever it
# holds, is that of a short entry, and a megabyte of ``@a{`` is 333,000 blocks; a list of publications,
# even a prolific lab's, has a few thousand entries.
MAX_BLOCKS = 10_000
# Where the parser starts a block: ``@``, a word, and the brace or parenthesis that opens it.
BLOCK_START = re.compile(r"@\w*[ \t]*[{(]")
# An entry pasted in the admin, or kept as a page's own: one with 500 authors is some 30,000 characters.
# A whole .bib file comes in through ``import_bibtex``.
MAX_ENTRY_LENGTH = 100_000
# pylatexenc's defaults, except for braces, and characters it would write in a way that reads back
# differently: "--" (an en dash in LaTeX), "``" and "''" (curly quotes), and the straight double quote.
_ENCODER_RULES = [
    UnicodeToLatexConversionRule(
        rule_type=RULE_REGEX,
        rule=[
            # BibTeX counts a brace even after a backslash: ``\}`` alone would end the field early.
            (re.compile(r"\{"), r"{\\textbraceleft}"),
            (re.compile(r"\}"), r"{\\textbraceright}"),
            (re.compile(r"([-`'])(?=\1)"), r"\1{}"),
            (re.compile(r'"'), '"'),
            (re.compile(r"([&%#_$])"), r"\\\1"),
        ],
    ),
    "defaults",
]
_ENCODER_OPTIONS = {
    "non_ascii_only": False,
    "replacement_latex_protection": "braces-almost-all",
    "unknown_char_policy": "keep",
    "unknown_char_warning": False,
}
_CHAR_ENCODER = UnicodeToLatexEncoder(conversion_rules=_ENCODER_RULES, **_ENCODER_OPTIONS)


@functools.lru_cache(maxsize=4096)
def _reads_back(char: str) -> bool:
    return latex_to_text(_CHAR_ENCODER.unicode_to_latex(char)) == char


def _keep_unreadable(text: str, position: int) -> tuple[int, str] | None:
    """A character whose LaTeX would read back as another one (ﬁ as "fi", 〉 as ⟩) is written as it is:
    BibTeX and biber take UTF-8."""
    char = text[position]
    return None if char.isascii() or _reads_back(char) else (1, char)


_ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[UnicodeToLatexConversionRule(rule_type=RULE_CALLABLE, rule=_keep_unreadable), *_ENCODER_RULES],
    **_ENCODER_OPTIONS,
)


class BibtexError(ValueError):
    """The file is not BibTeX that can be read; ``problems`` say where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class BibAuthor:
    name: str
    equal_contribution: bool = False


@dataclass(frozen=True)
class BibLink:
    kind: str
    url: str
    label: str = ""


@dataclass
class BibEntry:
    """One entry as the site understands it; ``source`` is the entry exactly as written."""

    key: str
    entry_type: str
    line: int
    source: str
    title: str = ""
    authors: list[BibAuthor] = field(default_factory=list)
    more_authors: bool = False  # the list ends "and others"
    venue: str = ""
    venue_short: str = ""
    year: int | None = None
    month: int | None = None
    abstract: str = ""
    doi: str = ""
    arxiv_id: str = ""
    links: list[BibLink] = field(default_factory=list)
    featured: bool | None = None
    preview: str = ""
    award: str = ""
    guesses: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def publication_type(self) -> str:
        """The page's type: what the entry type says, an arXiv id telling preprints apart."""
        kind = TYPE_ALIASES.get(self.entry_type, self.entry_type)
        if kind == "inproceedings":
            return "conference"
        if kind == "article":
            return "preprint" if "arxiv" in self.venue.lower() else "journal"
        if kind in {"misc", "unpublished"}:
            return "preprint" if self.arxiv_id else "other"
        if kind in {"phdthesis", "mastersthesis"}:
            return "thesis"
        if kind in {"incollection", "inbook"}:
            return "chapter"
        if kind == "patent":
            return "patent"
        return "other"

    @property
    def bibtex_type(self) -> str:
        return TYPE_ALIASES.get(self.entry_type, self.entry_type)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def parse_bibtex(text: str) -> list[BibEntry]:
    """Every entry of a .bib file, in file order; raises :class:`BibtexError` on a malformed file.

    Slips that BibTeX itself survives do not lose the file: a field given twice (the first counts, as in
    BibTeX), a missing comma between two fields, a name with a stray comma. Each is reported on its entry.
    Entries inside ``@comment{…}`` are left out, as jekyll-scholar (al-folio) and biber leave them out.
    Reading takes time and memory linear in the file's length, whatever it holds (bench/bibtex_bounds.py):
    a file of more than :data:`MAX_BLOCKS` entries and @strings is refused before it is read, and one whose
    @strings or missing commas would make it cost more than a file's worth is refused where they do.
    """
    text = _without_comment_blocks(normalise_newlines(text))
    _refuse_too_many_blocks(text)
    budget = _Budget(
        len(text) // 2 + MAX_EXPANSION,
        "@string abbreviations, written out wherever they are used, come to more than {limit:,} characters",
    )
    mending = _Budget(
        MAX_MENDED,
        "entries missing a comma between two fields come to more than {limit:,} characters: put the commas in",
    )
    problems: list[str] = []
    entries: list[BibEntry] = []
    first_line: dict[str, int] = {}
    with _parser_quiet():
        library = bibtexparser.parse_string(text, parse_stack=[])
        definitions, strings = _strings(library)
        for block in library.blocks:
            line = (block.start_line or 0) + 1
            if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
                found = block.ignore_error_block
            elif isinstance(block, ParsingFailedBlock):
                key = entry_key(block.raw or "")
                problems.append(f"{_place(line, key)}: {_reason(block.error)}")
                continue
            else:
                found = block
            if not isinstance(found, Entry):
                continue  # @string (a redefined one: the first definition is used), @preamble, notes between
            key = found.key
            found, source, repairs = _mended(block, found, mending, line)
            if found is None:
                reason = _reason(block.error) if isinstance(block, DuplicateFieldKeyBlock) else "it cannot be read"
                problems.append(f"{_place(line, key)}: {reason}")
                continue
            values, resolved = _values(found, definitions, budget, line)
            if not isinstance(values, Entry):
                problems.append(f"{_place(line, key)}: {_reason(values.error)}")
                continue
            entry = _entry(values, line, source, resolved, strings, budget)
            entry.warnings[:0] = repairs
            if isinstance(block, DuplicateBlockKeyBlock):
                entry.warnings.append(f"the key {key!r} is also used on line {first_line.get(key, '?')}")
            first_line.setdefault(key, line)
            entries.append(entry)
    if problems:
        raise BibtexError(_at_most(problems))
    if not entries:
        raise BibtexError(["no BibTeX entries found (an entry starts with @article{, @inproceedings{, …)"])
    return entries


def _place(line: int, key: str) -> str:
    """Where a problem is: ``line 12 (quill2024)``, or ``line 12`` for an entry without a key. A longer key
    than :data:`MAX_KEY_SHOWN` characters (a broken entry's text can pass for one) is cut short."""
    if len(key) > MAX_KEY_SHOWN:
        key = key[: MAX_KEY_SHOWN - 1] + "…"
    return f"line {line} ({key})" if key else f"line {line}"


def _at_most(problems: list[str]) -> list[str]:
    """The first :data:`MAX_PROBLEMS` problems, and how many more: a broken 1 MB file is not a 1 MB message."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"and {len(problems) - MAX_PROBLEMS:,} more problems"]


class _Budget:
    """How many characters of some costly work the file's entries may still ask for; past that, the file
    is refused on the entry that asked, ``exceeded`` (with the ``{limit}``) saying why."""

    def __init__(self, characters: int, exceeded: str) -> None:
        self.limit = self.left = characters
        self.exceeded = exceeded

    def spend(self, characters: int, line: int, key: str) -> None:
        self.left -= characters
        if self.left < 0:
            raise BibtexError([f"{_place(line, key)}: {self.exceeded.format(limit=self.limit)}"])


def _without_comment_blocks(text: str) -> str:
    """The file with each ``@comment{…}`` block blanked out, its lines kept so that line numbers stay right.
    The parser reads a commented-out entry in one as an entry that breaks the comment."""
    pieces: list[str] = []
    position = 0
    while match := COMMENT_BLOCK.search(text, position):
        end = _token_end(text, match.end()) if text[match.end()] == "{" else _parenthesised_end(text, match.end())
        if end is None:
            break  # unbalanced: the parser says where
        pieces.extend([text[position : match.start()], "\n" * text.count("\n", match.start(), end)])
        position = end
    return "".join([*pieces, text[position:]]) if pieces else text


def _parenthesised_end(text: str, position: int) -> int | None:
    end = text.find(")", position)
    return None if end < 0 else end + 1


@dataclass(frozen=True)
class _FieldSpan:
    """Where one field of an entry's text is: its name from ``start``, its value from ``value`` to ``end``."""

    name: str
    start: int
    value: int
    end: int


def _mended(block: Block, entry: Entry, mending: _Budget, line: int) -> tuple[Entry | None, str, list[str]]:
    """The entry as BibTeX reads it despite the slips it survives, its text with them mended
    (:func:`_repaired_entry`), and what was mended; no entry when a repeated field cannot be taken out.

    The parser's reading shows whether there may be a slip at all: a field given twice (in any case), or a
    value holding ``=``, as two fields run together where a comma is missing do; most entries have neither.
    An entry whose only slip is a field given twice keeps the parser's reading, less the repeats; one that
    had a comma put in is read again, as far as ``mending`` allows.
    """
    raw = (block.raw or "").strip()
    names = {item.key.lower() for item in entry.fields}
    repeated = isinstance(block, DuplicateFieldKeyBlock) or len(names) < len(entry.fields)
    if not repeated and not any("=" in _string(item.value) for item in entry.fields):
        return entry, raw, []
    source, repairs, commas_added = _repaired_entry(raw)
    if source == raw:
        return (None if isinstance(block, DuplicateFieldKeyBlock) else entry), raw, []
    if not commas_added:
        return _first_fields(entry), source, repairs
    mending.spend(len(source), line, entry.key)
    return _split_one(source), source, repairs


def _first_fields(entry: Entry) -> Entry:
    """The entry with only the first of each field given more than once (in any case), as BibTeX reads it."""
    seen: set[str] = set()
    fields = []
    for item in entry.fields:
        if item.key.lower() not in seen:
            seen.add(item.key.lower())
            fields.append(item)
    entry.fields = fields
    return entry


def _repaired_entry(raw: str) -> tuple[str, list[str], bool]:
    """The entry's text with a missing comma between two fields put in and a repeated field taken out
    (BibTeX keeps the first), what was done, and whether a comma was put in; the text unchanged when there
    is nothing to repair."""
    spans = _field_spans(raw)
    if not spans:
        return raw, [], False
    missing: list[tuple[str, str]] = []
    repeated: dict[str, int] = {}
    pieces = [raw[: spans[0].end]]
    seen = {spans[0].name}
    for before, span in itertools.pairwise(spans):
        gap = raw[before.end : span.start]
        if "," not in gap:
            missing.append((before.name, span.name))
            gap = "," + gap
        if span.name in seen:
            repeated[span.name] = repeated.get(span.name, 1) + 1
            continue
        seen.add(span.name)
        pieces.extend([gap, raw[span.start : span.end]])
    if not missing and not repeated:
        return raw, [], False
    pieces.append(raw[spans[-1].end :])
    notes = []
    if missing:
        between = f"no comma between the fields {missing[0][0]} and {missing[0][1]}"
        if len(missing) == 1:
            notes.append(f"{between}: read as two fields")
        else:
            places = "one more place" if len(missing) == 2 else f"{len(missing) - 1:,} more places"
            notes.append(f"{between}, and in {places}: each read as two fields")
    for name, count in repeated.items():
        times = "twice" if count == 2 else f"{count:,} times"
        notes.append(f"the field {name} is given {times}: the first one is used")
    return "".join(pieces), notes, bool(missing)


def _field_spans(raw: str) -> list[_FieldSpan] | None:
    """The fields of one entry's text, in order; None when the text is not plain enough to be sure."""
    head = ENTRY_HEAD.match(raw)
    if not head:
        return None
    close = "}" if head.group(1) == "{" else ")"
    spans: list[_FieldSpan] = []
    position = head.end()
    while True:
        position = _matched(FIELD_SEPARATORS, raw, position).end()
        if position >= len(raw):
            return None
        if raw[position] == close:
            return spans if not raw[position + 1 :].strip() else None
        opening = FIELD_OPENING.match(raw, position)
        end = _value_end(raw, opening.end()) if opening else None
        if opening is None or end is None:
            return None
        spans.append(_FieldSpan(opening.group(1).lower(), position, opening.end(), end))
        position = end


def _value_end(text: str, position: int) -> int | None:
    """Where the value starting at ``position`` ends: a braced or quoted string, a number or a macro,
    or several joined with ``#``."""
    while True:
        end = _token_end(text, position)
        if end is None:
            return None
        after = _skip_space(text, end)
        if text[after : after + 1] != "#":
            return end
        position = _skip_space(text, after + 1)


def _token_end(text: str, position: int) -> int | None:
    opening = text[position : position + 1]
    if opening not in ("{", '"'):
        bare = BARE_VALUE.match(text, position)
        return bare.end() if bare else None
    depth = 1 if opening == "{" else 0
    for mark in (BRACES if opening == "{" else BRACES_AND_QUOTES).finditer(text, position + 1):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0 and opening == "{":
                return mark.end()
        elif depth == 0:
            return mark.end()  # the quote that closes a quoted value
    return None


def _skip_space(text: str, position: int) -> int:
    return _matched(_SPACES, text, position).end()


_REMOVE_ENCLOSING = middlewares.RemoveEnclosingMiddleware(allow_inplace_modification=True)
# What is done to each entry's fields once an @string's text is in them: enclosing braces or quotes
# taken off, names lowercased, author lists split.
_FIELD_READERS = (
    _REMOVE_ENCLOSING,
    middlewares.NormalizeFieldKeys(allow_inplace_modification=True),
    middlewares.SeparateCoAuthors(allow_inplace_modification=True),
)


@contextlib.contextmanager
def _parser_quiet() -> Iterator[None]:
    """The parser logs each syntax error as it meets it; BibtexError reports them all, once. (Set once for the
    whole file: each change of a logger's level empties the cache of every logger.)"""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _refuse_too_many_blocks(text: str) -> None:
    """Refuse a file of more than :data:`MAX_BLOCKS` blocks before the parser splits it: its work on each
    block, however short, is that of a short entry."""
    starts = sum(1 for _ in itertools.islice(BLOCK_START.finditer(text), MAX_BLOCKS + 1))
    if starts > MAX_BLOCKS:
        raise BibtexError(
            [
                f"more than {MAX_BLOCKS:,} entries and @strings (each starts with @): a list of publications "
                "has far fewer; split the file"
            ]
        )


def _strings(library: bibtexparser.Library) -> tuple[dict[str, str], dict[str, str]]:
    """Each @string as written (what a field naming it receives, braces or quotes included) and as text,
    by its lowercased name; a redefined @string is a failed block, and the first definition counts."""
    definitions: dict[str, str] = {}
    strings: dict[str, str] = {}
    for string in library.strings:
        name = string.key.lower()
        definitions[name] = _string(string.value)
        unenclosed = _REMOVE_ENCLOSING.transform_block(string, library)
        strings[name] = _string(unenclosed.value if isinstance(unenclosed, String) else string.value)
    return definitions, strings


def _split_one(source: str) -> Entry | None:
    """The one entry of a repaired entry's text, split again; None when the text is not one entry."""
    library = bibtexparser.parse_string(source, parse_stack=[])
    return library.entries[0] if not library.failed_blocks and len(library.entries) == 1 else None


def _values(
    entry: Entry, definitions: dict[str, str], budget: _Budget, line: int
) -> tuple[Entry | ParsingFailedBlock, list[str]]:
    """The entry with its fields read (:data:`_FIELD_READERS`), each field naming an @string given its text
    first, as far as ``budget`` allows; and the fields that named one. The parser's middlewares, run on
    this entry alone: run on the whole library, they rebuild it once per middleware, and a duplicate
    key or field makes its entry a failed block they pass by."""
    resolved: list[str] = []
    for item in entry.fields:
        value = item.value
        if isinstance(value, str) and value[:1] not in '{"' and (text := definitions.get(value.lower())) is not None:
            budget.spend(len(text), line, entry.key)
            item.value = text
            resolved.append(item.key)
    block: Block | Collection[Block] | None = entry
    for reader in _FIELD_READERS:
        block = reader.transform_block(block, None)  # type: ignore[arg-type]  # these readers never use the library
        if not isinstance(block, Entry):
            break  # a list of names the parser cannot split
    return (block if isinstance(block, (Entry, ParsingFailedBlock)) else entry), resolved


def _reason(error: Exception) -> str:
    reason = getattr(error, "abort_reason", None) or str(error)
    return " ".join(reason.split(" Note: ")[0].split())


def _entry(
    block: Entry, line: int, raw: str | None, resolved: list[str], strings: dict[str, str], budget: _Budget
) -> BibEntry:
    values = {key: item.value for key, item in block.fields_dict.items()}
    source = (raw or "").strip()
    resolved = list(resolved)
    enclosing = block.parser_metadata.get("removed_enclosing") or {}
    joined: dict[str, str] = {}
    for name, value in values.items():
        if enclosing.get(name) == "no-enclosing" and isinstance(value, str) and "#" in value:
            join = _joined(value, strings)
            if join is not None:
                parts, uses_strings = join
                budget.spend(sum(map(len, parts)), line, block.key)
                values[name] = "".join(parts)
                if uses_strings:
                    joined[name] = values[name]
    source = _expand_joined(_expand_strings(source, resolved, strings), joined)
    resolved += [name for name in joined if name not in resolved]
    entry = BibEntry(key=block.key, entry_type=block.entry_type.lower(), line=line, source=source)
    if resolved:
        entry.guesses.append(f"@string abbreviations in {', '.join(resolved)} written out in the stored entry")
    entry.title = latex_to_text(_string(values.get("title")))
    entry.authors = _authors(values.get("author"), entry)
    venues = (latex_to_text(_string(values.get(name))) for name in VENUE_SOURCES)
    entry.venue = next((venue for venue in venues if venue and not re.match(r"https?://", venue)), "")
    entry.venue_short = latex_to_text(_string(values.get("abbr")))
    entry.abstract = latex_to_text(_string(values.get("abstract")), paragraphs=True)
    # al-folio: award_name is the badge ("Best Paper Award"), award the longer story (Markdown allowed).
    awards = (_markdown_to_text(latex_to_text(_string(values.get(name)))) for name in ("award_name", "award"))
    entry.award = next((award for award in awards if award), "")
    entry.preview = plain_url(_string(values.get("preview")))
    entry.year, entry.month = _date(values, entry)
    entry.doi = clean_doi(plain_url(_string(values.get("doi"))))
    entry.arxiv_id = _arxiv_id(values, entry)
    entry.links = _links(values, entry)
    selected = _string(values.get("selected")).strip().lower()
    if selected in TRUE_WORDS:
        entry.featured = True
    elif selected in FALSE_WORDS:
        entry.featured = False
    elif selected:
        entry.warnings.append(f"selected = {{{selected}}} is neither true nor false; featured flag left as it was")
    if entry.publication_type == "other" and entry.bibtex_type not in {"misc", "unpublished"}:
        entry.guesses.append(f"entry type @{entry.entry_type} imported as type Other")
    return entry


def _expand_strings(source: str, fields: list[str], strings: dict[str, str]) -> str:
    """The entry with its @string references replaced by their text, so that it stands alone: the first
    ``field = word`` of each of ``fields`` whose word is an @string, in one pass over the text."""
    wanted = {name.lower() for name in fields}

    def expand(match: re.Match[str]) -> str:
        name, value = match.group(1).lower(), strings.get(match.group(3).lower())
        if name not in wanted or value is None:
            return match.group(0)
        wanted.discard(name)
        return f"{match.group(1)}{match.group(2)}{{{value}}}"

    return FIELD_MACRO.sub(expand, source) if wanted else source


def _joined(value: str, strings: dict[str, str]) -> tuple[list[str], bool] | None:
    """The parts of a value joined with ``#`` (``"Proc. of " # acl``), and whether an @string was used;
    None when the value is not such a join."""
    parts: list[str] = []
    uses_strings = False
    position = 0
    while True:
        position = _skip_space(value, position)
        end = _token_end(value, position)
        if end is None:
            return None
        token = value[position:end]
        if token[0] in '{"':
            parts.append(token[1:-1])
        elif token.lower() in strings:
            parts.append(strings[token.lower()])
            uses_strings = True
        else:
            parts.append(MONTH_MACRO_TEXT.get(token.lower(), token))
        after = _skip_space(value, end)
        if after >= len(value):
            return (parts, uses_strings) if len(parts) > 1 else None
        if value[after] != "#":
            return None
        position = after + 1


def _expand_joined(source: str, joined: dict[str, str]) -> str:
    """The entry with each ``#``-joined value that uses an @string written as one braced value."""
    pieces: list[str] = []
    position = 0
    for span in (_field_spans(source) if joined else None) or []:
        if span.name in joined:
            pieces.extend([source[position : span.value], "{", joined[span.name], "}"])
            position = span.end
    return "".join([*pieces, source[position:]]) if pieces else source


def _markdown_to_text(value: str) -> str:
    """Markdown as al-folio's award fields use it, as plain text: ``[text](link)`` is text, ``:trophy:`` goes."""
    value = MARKDOWN_LINK.sub(r"\1", value)
    return " ".join(EMOJI_SHORTCODE.sub(" ", value).split())


def _string(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def latex_to_text(value: str, paragraphs: bool = False) -> str:
    """LaTeX as a reader sees it: accents decoded, braces and markup dropped, spaces collapsed.

    A bare ``%`` is a percent sign here (abstracts are full of them), not a LaTeX comment.
    """
    if not value:
        return ""
    text = _decoded_short(value) if len(value) <= KEPT_LENGTH else _decoded(value)
    if paragraphs:
        return "\n\n".join(" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip())
    return " ".join(text.split())


def _decoded(value: str) -> str:
    return value if _PLAIN_TEXT.fullmatch(value) else _LatexReader(value).text()


# Names, venues and titles are decoded once each: a .bib file repeats its co-authors and venues.
# A value's text is never much longer than the value (see _LatexReader), so the cache stays small.
KEPT_LENGTH = 300
_decoded_short = functools.lru_cache(maxsize=4096)(_decoded)


# ---------------------------------------------------------------------------
# Reading LaTeX: one pass, a stack instead of recursion
# ---------------------------------------------------------------------------
#
# Whatever a pasted value holds, it is read in time and memory linear in its length: every
# character is looked at once, nesting lives on an explicit stack (not Python's), and nothing
# already read is read or copied again. An accent waits for the first letter of its argument and
# puts its mark on that letter only, as LaTeX does: a letter carries at most MAX_ACCENTS marks,
# however deep the accents nest. (pylatexenc's own reader put every accent on every character of
# its argument, inner marks included, so 200 bytes of nested accents made gigabytes of text.)
# pylatexenc's tables say what each macro prints and which arguments it takes.

# More marks than any language puts on one letter (Vietnamese puts two): a tower of them is not text.
MAX_ACCENTS = 3
# LaTeX's accents (text and math), as the combining marks Unicode writes after the letter.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "r": "\u030a", "t": "\u0361", "c": "\u0327", "k": "\u0328",
    "d": "\u0323", "b": "\u0331", "acute": "\u0301", "grave": "\u0300", "ddot": "\u0308", "hat": "\u0302",
    "tilde": "\u0303", "bar": "\u0305", "dot": "\u0307", "breve": "\u0306", "check": "\u030c", "vec": "\u20d7",
    "not": "\u0338",
}  # fmt: skip
MATH_ALPHABETS = {
    "mathbf": "bold", "mathit": "italic", "mathsf": "sans", "mathbb": "doublestruck", "mathtt": "monospace",
    "mathcal": "script", "mathscr": "script", "mathfrak": "fraktur",
}  # fmt: skip
MATH_ENVIRONMENTS = {
    "equation", "equation*", "align", "align*", "eqnarray", "eqnarray*", "multline", "multline*", "gather",
    "gather*", "flalign", "flalign*", "alignat", "alignat*", "displaymath", "math", "dmath", "dmath*",
}  # fmt: skip
# Font switches (``{\em x}``, ``{\bf x}``) and commands that only steer TeX (``\protect``, ``\/``) print nothing.
SILENT_MACROS = {
    "em", "bf", "it", "sl", "sc", "tt", "rm", "sf", "up", "md", "normalfont", "bfseries", "itshape", "scshape",
    "ttfamily", "rmfamily", "sffamily", "upshape", "mdseries", "slshape", "protect", "relax", "nocorr", "/",
}  # fmt: skip
# Text is read in runs: everything up to the next character that may start LaTeX. The runs and formulas
# below repeat possessively (``*+``, ``++``): a greedy repeat of a group keeps a way back for every
# character it took, 128 bytes each, and a 1 MB value took 128 MB to read.
_TEXT_RUN = re.compile(r"(?:[^\\{}$~&\[\]\-`'!?]|-(?!-)|'(?!')|`(?!`)|[!?](?!`))++")
# A control word swallows the spaces after it, and one line break unless a blank line follows.
_CONTROL = re.compile(r"\\(?:([A-Za-z]+)([ \t]*(?:\n(?![ \t]*\n)[ \t]*)?)|(.))?", re.DOTALL)
_ENVIRONMENT_NAME = re.compile(r"[ \t\n]*\{([A-Za-z@*]{1,40})\}")
_INLINE_MATH = re.compile(r"\$(?:[^$\\]|\\.)*+(?:\$|\\?\Z)", re.DOTALL)
_DISPLAY_MATH = re.compile(r"\$\$(?:[^$\\]|\\.|\$(?!\$))*+(?:\$\$|\$?\\?\Z)", re.DOTALL)
_SPACES = re.compile(r"\s*")


def _matched(pattern: re.Pattern[str], text: str, position: int) -> re.Match[str]:
    """``pattern``, which matches anywhere (if only the empty string), matched at ``position``."""
    match = pattern.match(text, position)
    if match is None:
        raise ValueError(f"{pattern.pattern!r} matches anywhere")
    return match


# An accent's argument when it is one letter, braced or not (``\"u``, ``\" u``, ``\"{u}``).
_ACCENTED_LETTER = re.compile(r"\s*(?:([A-Za-z])|\{([A-Za-z])\})")
_TEMPLATE_ARGUMENT = re.compile(r"%\((\d+)\)s|%s")


@dataclass(frozen=True)
class _Macro:
    """What the reader does with one macro.

    ``arguments`` are spelled as pylatexenc's parser spells them (``*`` a star, ``[`` an optional
    argument, ``{`` a mandatory one). ``shown`` maps the arguments that are printed to the text
    printed before each; the others are read and dropped. ``text`` is printed after the arguments
    (it is all a symbol prints). ``mark`` is an accent's, ``style`` a math alphabet's; a
    ``verbatim`` macro is printed as written.
    """

    arguments: str = ""
    shown: dict[int, str] = field(default_factory=dict)
    text: str = ""
    mark: str = ""
    style: str = ""
    verbatim: bool = False


def _template(arguments: str, template: str) -> _Macro | None:
    """A macro printed through pylatexenc's template (``[%(2)s]``, ``%s/%s``), or None when the template
    would print its arguments out of order (none does)."""
    shown: dict[int, str] = {}
    position, previous = 0, -1
    for number, match in enumerate(_TEMPLATE_ARGUMENT.finditer(template)):
        index = int(match.group(1)) - 1 if match.group(1) else number
        if index <= previous or index >= len(arguments):
            return None
        shown[index] = template[position : match.start()]
        position, previous = match.end(), index
    return _Macro(arguments, shown, template[position:])


def _macro_table() -> dict[str, _Macro]:
    """Every macro pylatexenc knows, as the reader reads it; those it does not know are printed as written."""
    parser = latexwalker.get_default_latex_context_db()
    printer = get_default_latex_context_db()
    names = {spec.macroname for spec in printer.iter_macro_specs()} | {
        spec.macroname for spec in parser.iter_macro_specs()
    }
    table: dict[str, _Macro] = {}
    for name in names:
        parsed = parser.get_macro_spec(name)
        arguments = re.sub(r"[^*\[{]", "", getattr(getattr(parsed, "args_parser", None), "argspec", "") or "")
        printed = printer.get_macro_spec(name)
        replacement = getattr(printed, "simplify_repl", None)
        if isinstance(replacement, str) and (arguments or "%" not in replacement):
            macro = _template(arguments, replacement) if arguments else _Macro(text=replacement)
        elif printed is not None and replacement is None:  # \emph, \textbf: their argument, or nothing
            macro = _Macro(arguments, {} if printed.discard else dict.fromkeys(range(len(arguments)), ""))
        else:  # printed by a function of pylatexenc's (sections, \input): as written
            macro = _Macro(arguments, verbatim=True) if arguments else None
        if macro is not None:
            table[name] = macro
    table.update({name: _Macro("{", {0: ""}, mark=mark) for name, mark in ACCENTS.items()})
    table.update({name: _Macro("{", {0: ""}, style=style) for name, style in MATH_ALPHABETS.items()})
    table.update(dict.fromkeys(SILENT_MACROS, _Macro()))
    del table["today"]  # the day it is read: a value would read differently tomorrow
    keep_argument = _Macro("{", {0: ""})
    table.update(
        {
            "%": _Macro(text="%"),
            "\n": _Macro(text=" "),
            "url": keep_argument,
            "texttt": keep_argument,
            "textsf": keep_argument,
            "textup": keep_argument,
            "textmd": keep_argument,
            "textnormal": keep_argument,
            "mbox": keep_argument,
            "href": _Macro("{{", {1: ""}),
            "texorpdfstring": _Macro("{{", {1: ""}),
            "item": _Macro(text="\n  * "),
            "\\": _Macro(text="\n"),
            # pylatexenc reads these two as look-alike accents (ˆ, ˙), not as the characters they print.
            "textasciicircum": _Macro(text="^"),
            "textperiodcentered": _Macro(text="·"),
            # What the writer puts for braces, which BibTeX would count even after a backslash.
            "textbraceleft": _Macro(text="{"),
            "textbraceright": _Macro(text="}"),
        }
    )
    return table


def _specials_table() -> dict[str, str]:
    """``--``, ``~``, ``````: pylatexenc's characters that print as others; a lone ``&`` is an ampersand."""
    specs = get_default_latex_context_db().iter_specials_specs()
    specials = {spec.specials_chars: spec.simplify_repl for spec in specs if isinstance(spec.simplify_repl, str)}
    return {**specials, "&": "&"}


MACROS = _macro_table()
SPECIALS = _specials_table()
_SPECIAL = re.compile("|".join(re.escape(chars) for chars in sorted(SPECIALS, key=len, reverse=True)))


def _accented(text: str, marks: list[str]) -> str:
    """``text`` with ``marks`` (innermost accent first) on its first letter, which keeps at most
    :data:`MAX_ACCENTS` marks; ``\\i`` and ``\\j`` take accents as i and j."""
    end = 1
    while end < len(text) and end <= MAX_ACCENTS and unicodedata.combining(text[end]):
        end += 1
    letter = {"ı": "i", "ȷ": "j"}.get(text[0], text[0])
    cluster = unicodedata.normalize("NFD", letter + text[1:end])
    room = MAX_ACCENTS - sum(1 for char in cluster if unicodedata.combining(char))
    return unicodedata.normalize("NFC", cluster + "".join(marks[: max(room, 0)])) + text[end:]


class _Open:
    """What is open on the reader's stack: a brace group (no ``macro``), or a macro reading its arguments.

    ``argument`` is the kind of argument being read: ``{`` braced, ``[`` optional, ``one`` a single
    token or macro without braces (as ``\\"u`` and ``\\"\\i`` take theirs), or ``""`` between two.
    """

    __slots__ = ("argument", "discard", "index", "macro", "start")

    def __init__(self, macro: _Macro | None = None, start: int = 0) -> None:
        self.macro, self.start, self.index, self.argument, self.discard = macro, start, 0, "", False

    @property
    def command(self) -> _Macro:
        """The macro whose arguments are read: only a macro's frame reads arguments, never a group's."""
        if self.macro is None:
            raise TypeError("a brace group reads no arguments")
        return self.macro


_GROUP = _Open()  # a brace group holds no state: one stands for all


class _LatexReader:
    """One value read once, left to right, into the text a reader sees."""

    def __init__(self, latex: str) -> None:
        self.latex = latex
        self.position = 0
        self.out: list[str] = []
        self.stack: list[_Open] = []
        self.accents: list[_Open] = []  # accents still waiting for their letter, innermost last
        self.styles: list[str] = []
        self.discarding = 0  # how many open arguments are read without being printed

    def text(self) -> str:
        latex, length, stack = self.latex, len(self.latex), self.stack
        while self.position < length:
            top = stack[-1] if stack else None
            if top is not None and top.macro is not None and not top.argument:
                self._argument(top)
                continue
            char = latex[self.position]
            if char == "\\":
                self._control()
            elif char == "{":
                stack.append(_GROUP)
                self.position += 1
            elif char == "}":
                self.position += 1
                self._close_brace(top)
            elif char == "$":
                math = _matched(
                    _DISPLAY_MATH if latex.startswith("$$", self.position) else _INLINE_MATH, latex, self.position
                )
                self.position = math.end()
                self._unit(math.group())
            elif char == "]" and top is not None and top.argument == "[":
                self.position += 1
                self._close_argument(top)
                self._settle()
            elif special := _SPECIAL.match(latex, self.position):
                self.position = special.end()
                self._unit(SPECIALS[special.group()])
            else:
                self._text_run(top)
        while stack:
            top = stack[-1]
            if top.macro is None:
                stack.pop()
            elif top.argument:
                self._close_argument(top)
            else:
                self._finish(top)
        return "".join(self.out)

    def _text_run(self, top: _Open | None) -> None:
        if top is not None and top.argument == "one":  # ``\"uber``: the accent takes the u only
            end = self.position + 1
        else:
            run = _TEXT_RUN.match(self.latex, self.position)
            end = run.end() if run else self.position + 1
        text = self.latex[self.position : end]
        self.position = end
        self._unit(text)

    def _control(self) -> None:
        start = self.position
        match = _matched(_CONTROL, self.latex, start)
        self.position = match.end()
        word, _, symbol = match.groups()
        name = word or symbol or ""
        macro = MACROS.get(name)
        if macro is not None:
            if not macro.arguments:
                self._unit(macro.text)
            elif macro.mark and (letter := _ACCENTED_LETTER.match(self.latex, self.position)):
                self.position = letter.end()  # ``\"u``, ``\"{u}``: the common case, read at once
                self._accent_letter(_Open(macro, start), letter.group(1) or letter.group(2))
            else:
                self.stack.append(_Open(macro, start))
        elif name in {"(", "["}:
            closing = self.latex.find("\\)" if name == "(" else "\\]", self.position)
            self.position = len(self.latex) if closing < 0 else closing + 2
            self._unit(self.latex[start : self.position])
        elif name in {"begin", "end"}:
            self._environment(start, name)
        else:
            self._unit(self.latex[start : self.position] if name else "")

    def _accent_letter(self, frame: _Open, letter: str) -> None:
        self.accents.append(frame)
        self._emit(letter)
        if self.accents and self.accents[-1] is frame:
            self.accents.pop()  # not printed: inside an argument that is read and dropped
        self._settle()

    def _environment(self, start: int, command: str) -> None:
        """``\\begin{itemize}`` prints nothing and its body as text; a math environment is printed as written."""
        match = _ENVIRONMENT_NAME.match(self.latex, self.position)
        if match is None:
            self._unit(self.latex[start : self.position])
            return
        self.position = match.end()
        if command == "begin" and match.group(1) in MATH_ENVIRONMENTS:
            end = f"\\end{{{match.group(1)}}}"
            closing = self.latex.find(end, self.position)
            self.position = len(self.latex) if closing < 0 else closing + len(end)
            self._unit(self.latex[start : self.position])
        else:
            self._unit("")

    def _argument(self, frame: _Open) -> None:
        """The macro on top of the stack starts reading its next argument, or finds it absent."""
        macro = frame.command
        kind = macro.arguments[frame.index]
        self.position = _matched(_SPACES, self.latex, self.position).end()
        char = self.latex[self.position : self.position + 1]
        if not char:
            return
        if kind == "*" or (kind == "[" and char != "[") or (kind == "{" and char == "}"):
            self.position += kind == "*" and char == "*"
            self._next_argument(frame)
            self._settle()
            return
        if char == kind:
            self.position += 1
        frame.argument = char if char == kind else "one"
        frame.discard = macro.verbatim or frame.index not in macro.shown
        if frame.discard:
            self.discarding += 1
            return
        self._emit(macro.shown[frame.index])
        if macro.mark:
            self.accents.append(frame)
        if macro.style:
            self.styles.append(macro.style)

    def _close_brace(self, top: _Open | None) -> None:
        if top is None or top.argument == "[":
            return  # a brace closing nothing prints nothing
        if top.macro is None:
            self.stack.pop()
        else:
            self._close_argument(top)
            self._settle()

    def _close_argument(self, frame: _Open) -> None:
        if frame.discard:
            self.discarding -= 1
        elif frame.command.style:
            self.styles.pop()
        frame.argument, frame.discard = "", False
        self._next_argument(frame)

    def _next_argument(self, frame: _Open) -> None:
        frame.index += 1
        if frame.index == len(frame.command.arguments):
            self._finish(frame)

    def _finish(self, frame: _Open) -> None:
        """The macro has all its arguments: print what follows them (all of it, as written, for a verbatim one)."""
        self.stack.pop()
        if self.accents and self.accents[-1] is frame:
            self.accents.pop()  # an accent on nothing (``\"{}``) prints nothing
        if frame.command.verbatim:
            self._emit(self.latex[frame.start : self.position] if not self.discarding else "")
        else:
            self._emit(frame.command.text)

    def _unit(self, text: str) -> None:
        """Print one whole thing: a character, a symbol, a formula."""
        self._emit(text)
        self._settle()

    def _settle(self) -> None:
        """Close the arguments without braces that the last whole thing completed, and the macros those
        complete in turn (``\\"\\"\\"u``), in a loop: chains as long as the value never recurse."""
        stack = self.stack
        while stack and stack[-1].argument == "one":
            self._close_argument(stack[-1])

    def _emit(self, text: str) -> None:
        if self.discarding or not text:
            return
        if self.styles:
            text = fmt_math_text_style(text, self.styles[-1])
        if self.accents:
            text = text.lstrip()
            if not text:
                return  # spaces before an accent's letter, as in ``\"{ u}``
            text = _accented(text, [frame.command.mark for frame in reversed(self.accents)])
            self.accents.clear()
        self.out.append(text)


def plain_url(value: str) -> str:
    """A URL or file name as written in a .bib file, without ``\\url{}``, braces and escapes; the
    characters :func:`identifier_to_latex` writes as commands read back as themselves."""
    value = value.strip()
    if not value:
        return ""
    if wrapped := WRAPPED_URL.fullmatch(value):
        value = wrapped.group(1)
    return URL_ESCAPE.sub(lambda match: IDENTIFIER_CHARACTERS.get(match.group(1), match.group(2) or ""), value).strip()


def _authors(value: object, entry: BibEntry) -> list[BibAuthor]:
    if not isinstance(value, list):
        return []
    if len(value) > MAX_AUTHORS:
        entry.guesses.append(f"only the first {MAX_AUTHORS:,} of its {len(value):,} authors were imported")
        value = value[:MAX_AUTHORS]
    authors = []
    for written in value:
        if not isinstance(written, str):
            continue
        read = _read_name_short(written) if len(written) <= KEPT_LENGTH else _read_name(written)
        if read is None:  # "and others": the authors named are the first of more
            entry.more_authors = True
            continue
        name, equal, malformed = read
        if malformed:
            entry.guesses.append(
                f"author `{written.strip()}` is not a well-formed name ({malformed}): read as “{name}”"
            )
        if name:
            authors.append(BibAuthor(name=name, equal_contribution=equal))
    return authors


def _read_name(written: str) -> tuple[str, bool, str] | None:
    """One author as written in BibTeX, as the name shown, whether it is marked as a co-first author, and
    what is wrong with how it is written; None for "others"."""
    malformed = ""
    try:
        parts = parse_single_name_into_parts(written)
    except InvalidNameError as error:
        # "Yuan*, Zhihang," and the like: BibTeX reads on, and so does the import.
        parts = parse_single_name_into_parts(written, strict=False)
        malformed = error.reason.lower()
    if not parts.first and not parts.von and not parts.jr and parts.last == ["others"]:
        return None
    decoded = middlewares.NameParts(
        first=[latex_to_text(part) for part in parts.first],
        von=[latex_to_text(part) for part in parts.von],
        last=[latex_to_text(part) for part in parts.last],
        jr=[latex_to_text(part) for part in parts.jr],
    )
    name = decoded.merge_first_name_first
    # al-folio marks co-first authors with an asterisk after the name.
    return " ".join(name.replace("*", " ").split()), "*" in name, malformed


# A .bib file names its co-authors again and again: each spelling is read once.
_read_name_short = functools.lru_cache(maxsize=4096)(_read_name)


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*[,;\n]\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
_PASTED_MORE = re.compile(r"et\.?\s*al\.?|others|\.\.\.|…", re.IGNORECASE)


def pasted_author_names(text: str) -> tuple[list[tuple[str, bool]], bool]:
    """The names in an author list as people paste it: "A, B and C", one per line, or a BibTeX author
    field ("Pan, Zhuoshi and Wu, Qianhui", accents as LaTeX), at most :data:`MAX_AUTHORS`, each with whether
    names are left out ahead of it ("A, et al., C"); and whether the list says there are more after the last
    ("…, et al.", "… and others")."""
    text = " ".join(text.replace("\n", " ; ").split()) if "\n" in text else text.strip()
    parts = _AND.split(text)
    # BibTeX's "Last, First" (one comma at most in each name, a name or two on each side of it);
    # "Ada Lovelace, Charles Babbage and Mary Somerville" is a plain list.
    bibtex = len(parts) > 1 and all(
        part.count(",") <= 1 and min(len(side.split()) for side in part.split(",")) <= 1 or "{" in part or "\\" in part
        for part in parts
    )
    names: list[tuple[str, bool]] = []
    more = False
    for written in parts if bibtex else _LIST_SEPARATOR.split(text):
        read = _read_name(written) if bibtex else (" ".join(written.split()), False, "")
        if read is None or _PASTED_MORE.fullmatch(read[0]):
            more = True
        elif read[0]:
            names.append((read[0], more))
            more = False
    return names[:MAX_AUTHORS], more


def _date(values: dict[str, object], entry: BibEntry) -> tuple[int | None, int | None]:
    year_text = _string(values.get("year")).strip()
    month_text = _string(values.get("month")).strip()
    iso = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?", _string(values.get("date")).strip())
    if not year_text and iso:
        year_text, month_text = iso.group(1), month_text or (iso.group(2) or "")
    year = None
    if year_text:
        match = re.fullmatch(r"\{?(\d{4})\}?", year_text)
        if match:
            year = int(match.group(1))
        else:
            entry.warnings.append(f"year {year_text!r} is not a year; the date was left as it was")
    month = None
    if month_text and year is not None:
        # "Jul.", "{July}", "July~12" (from ``jul # "~12"``), "nov-dec": the month is the leading word.
        lead = re.match(r"[a-z]+|\d+", month_text.strip("{}. ").lower())
        word = lead.group(0) if lead else month_text.lower()
        if word.isdigit() and 1 <= int(word) <= 12:
            month = int(word)
        elif word in MONTHS:
            month = MONTHS[word]
        else:
            entry.warnings.append(f"month {month_text!r} is not a month; only the year was imported")
    return year, month


def _arxiv_id(values: dict[str, object], entry: BibEntry) -> str:
    eprint = _arxiv_written(_string(values.get("eprint")))
    archive = _string(values.get("archiveprefix") or values.get("eprinttype")).strip().lower()
    if eprint and (archive == "arxiv" or (not archive and re.fullmatch(ARXIV_NEW, eprint))):
        return eprint
    arxiv_field = _arxiv_written(_string(values.get("arxiv")))
    if arxiv_field:
        return arxiv_field
    sources = [
        ("the DOI", ARXIV_DOI, entry.doi),
        ("the journal field", ARXIV_IN_TEXT, _string(values.get("journal"))),
        ("the volume field", ARXIV_IN_TEXT, _string(values.get("volume"))),
        ("the URL", ARXIV_IN_URL, plain_url(_string(values.get("url")))),
    ]
    for where, pattern, text in sources:
        match = pattern.search(text)
        if match:
            entry.guesses.append(f"arXiv id {match.group(1)} read from {where}")
            return match.group(1)
    return ""


def _arxiv_written(value: str) -> str:
    """An arXiv id as owners write it: ``2206.01326``, ``arXiv:2206.01326``, or its page's or PDF's URL."""
    value = re.sub(r"^arxiv:\s*", "", plain_url(value), flags=re.IGNORECASE)
    in_url = ARXIV_IN_URL.search(value)
    return in_url.group(1) if in_url else value


def _links(values: dict[str, object], entry: BibEntry) -> list[BibLink]:
    links: list[BibLink] = []
    seen: set[str] = set()
    for name, kind, label in LINK_FIELDS:
        url = plain_url(_string(values.get(name)))
        if not url or url in seen:
            continue
        if not re.match(r"https?://", url, re.IGNORECASE):
            entry.warnings.append(f"{name} = {{{url}}} is not a web address; link not imported")
            continue
        seen.add(url)
        links.append(BibLink(kind=kind, url=url, label=label))
    return links


def normalise_title(title: str) -> str:
    """Titles compared the way a person would: no case, accents, punctuation or spacing."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def entry_key(source: str) -> str:
    """The citation key of an entry's text, ``""`` when it has none."""
    match = ENTRY_KEY.search(source)
    return match.group(1) if match else ""


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def text_to_latex(value: str) -> str:
    """Unicode as LaTeX that :func:`latex_to_text` reads back to the same text."""
    return re.sub(r"\{(\\[&%#_$])\}", r"\1", _ENCODER.unicode_to_latex(value))


def protect_title(title: str) -> str:
    """The title in LaTeX, braces around words whose capitals a bibliography style must keep."""
    words = []
    for token in re.split(r"(\s+)", title):
        match = re.fullmatch(r"(\W*)(.*?)(\W*)", token)
        lead, core, trail = match.groups() if match else ("", token, "")
        if any(char.isupper() for char in core[1:]):
            words.append(f"{text_to_latex(lead)}{{{text_to_latex(core)}}}{text_to_latex(trail)}")
        else:
            words.append(text_to_latex(token))
    return "".join(words)


def bibtex_name(name: str) -> str:
    """A display name as BibTeX's ``Last, First`` (``von Last, Jr., First``)."""
    if " and " in f" {name} " or "," in name or is_collective_name(name):
        return f"{{{text_to_latex(name)}}}"  # an organisation, or a name BibTeX would split: one whole name
    tokens = name.split()
    if len(tokens) < 2:
        return text_to_latex(name)
    suffix = []
    if tokens[-1].lower() in NAME_SUFFIXES and len(tokens) > 2:
        suffix = [tokens.pop()]
    last = [tokens.pop()]
    while len(tokens) > 1 and tokens[-1][:1].islower():
        last.insert(0, tokens.pop())
    parts = [" ".join(last), *suffix, " ".join(tokens)]
    return ", ".join(text_to_latex(part) for part in parts)


def citation_key(page: Paper) -> str:
    """``pan2024llmlingua``: first author's last name, year, first telling word of the title."""
    authors = list(page.authors.all())
    surname = ""
    if authors:
        tokens = authors[0].name.split()
        if is_collective_name(authors[0].name):  # "qwen2025…" for the Qwen Team
            tokens = [token for token in tokens if token.lower() != "the"][:1]
        if len(tokens) > 1 and tokens[-1].lower() in NAME_SUFFIXES:
            tokens.pop()
        surname = _ascii_word(tokens[-1]) if tokens else ""
    words = [_ascii_word(word) for word in page.title.split()]
    word = next((word for word in words if word and word not in KEY_STOPWORDS), "")
    year = str(page.date.year) if page.date else ""
    return f"{surname}{year}{word}" or "publication"


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    match = re.match(r"[a-z0-9]+", decomposed)
    return match.group(0) if match else ""


def one_line(text: str) -> str:
    """``text`` as one line: line breaks and control characters are spaces, runs of spaces one, ends trimmed.
    Neither a RIS line nor a BibTeX value may carry them (in a .bib a blank line ends a paragraph)."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def identifier_to_latex(value: str) -> str:
    """A DOI, URL or arXiv id as a braced BibTeX value holds it: as written (biblatex reads these fields
    verbatim), except :data:`IDENTIFIER_ESCAPES`, which would end the field or run as TeX."""
    return IDENTIFIER_SPECIAL.sub(lambda match: IDENTIFIER_ESCAPES[match.group()], value)


def generated_bibtex(page: Paper, key: str | None = None) -> str:
    """The entry written from the page's own fields, for pages whose owner gave none.

    Every value is escaped for BibTeX (text on :func:`one_line` by :func:`text_to_latex`, identifiers
    by :func:`identifier_to_latex`), so whatever a field holds stays inside that field: braces always
    balance, and no value writes a field, an entry or a command of its own.
    """
    entry_type = ENTRY_TYPES.get(page.publication_type, "misc")
    fields: list[tuple[str, str]] = []
    authors = [one_line(author.name) for author in page.authors.all()]
    if authors:
        names = [bibtex_name(name) for name in authors] + (["others"] if page.more_authors else [])
        fields.append(("author", "{" + " and ".join(names) + "}"))
    fields.append(("title", "{" + protect_title(one_line(page.title)) + "}"))
    # A conference paper known only by its tag ("EMNLP 2025") still says where it appeared.
    if venue := page.venue or page.venue_short:
        fields.append((VENUE_FIELDS[entry_type], "{" + text_to_latex(one_line(venue)) + "}"))
    if page.date:
        fields.append(("year", f"{{{page.date.year}}}"))
        if page.date_precision != "year":
            fields.append(("month", MONTH_MACROS[page.date.month]))
    if page.doi:
        fields.append(("doi", "{" + identifier_to_latex(page.doi) + "}"))
    if page.arxiv_id:
        fields.extend([("eprint", "{" + identifier_to_latex(page.arxiv_id) + "}"), ("archivePrefix", "{arXiv}")])
    paper = page.primary_full_url if page.title_link else ""
    if paper:
        fields.append(("url", "{" + identifier_to_latex(paper) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{_safe_key(key or citation_key(page))},\n{body}\n}}"


def _safe_key(key: str) -> str:
    """The citation key with only the characters every BibTeX reader takes in one."""
    return "".join(SAFE_KEY.findall(key)) or "publication"


def owner_entry(page: Paper) -> str:
    """The entry the owner pasted, exactly as written, when the text holds one whole entry and no
    :func:`unsafe_tex`; ``""`` otherwise.

    The owner's entry is theirs to word as they like, but in ``/publications.bib`` it sits between
    other pages' entries: a second entry in it would be served as another paper, and a brace left open
    would swallow the entries after it. And a visitor compiles what they download: the entry must not
    read their files or run anything. The editor refuses such text (``PublicationPage.clean``), imports
    keep none; text that reached the database another way is not served, and the page's entry is
    generated instead. Notes around the entry (BibTeX skips text outside entries) are left out.
    """
    text = _one_entry(normalise_newlines(page.bibtex))
    return "" if unsafe_tex(text) else text


def _one_entry(text: str) -> str:
    """The one ``@type{…}`` (or ``@type(…)``) in ``text``, from its ``@`` to the brace that closes it; ``""``
    when the text around holds more than notes (an ``@`` or a brace), or when the entry is not a
    publication's (``@preamble``, whose text BibTeX copies into the document, ``@string``, ``@comment``)."""
    head = ENTRY_OPEN.search(text)
    if head is None or head.group(1).lower() in {"preamble", "string", "comment"}:
        return ""
    closing = "}" if head.group(2) == "{" else ")"
    depth = 0
    for match in ENTRY_SYNTAX.finditer(text, head.end()):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif depth > 0:
            continue  # inside braces BibTeX counts braces only
        elif char == closing:
            around = text[: head.start()] + text[match.end() :]
            return "" if OUTSIDE_ENTRY_SYNTAX.search(around) else text[head.start() : match.end()]
        elif char == "@" or closing == ")":
            return ""  # another entry begins, or a bracket that might end this one early
    return ""


# ---------------------------------------------------------------------------
# TeX that does more than typeset
# ---------------------------------------------------------------------------
#
# BibTeX copies an entry's fields into the document that cites it, and TeX runs them there. An owner's
# own entry is served as written, to visitors who compile it into their papers: it must not read or
# write their files or run programs. So it may name no command that does (TeX's, and the packages'
# that name theirs for it: ``\lstinputlisting``, ``\CatchFileDef``, ``\ShellEscape``), and none that
# changes how TeX reads what follows (category codes, ``^^`` character codes, definitions, names built
# from text), after which any command could be spelled so that no list recognises it. The rest of TeX
# (accents, fonts, math, links, macros of the owner's own) is the owner's to use.

UNSAFE_TEX = "TeX that reads or writes files, runs programs or redefines commands where a document cites it"
UNSAFE_TEX_COMMANDS = frozenset(
    {
        "def", "edef", "gdef", "xdef", "let", "glet", "futurelet", "chardef", "csname", "expandafter",
        "scantokens", "everyeof", "endlinechar", "catcode", "makeatletter", "immediate", "special",
        "documentclass", "pdfobj", "pdfximage", "pdfmdfivesum", "saveimageresource",
    }
)  # fmt: skip
# Parts of the names of commands and environments that read or write files or run programs.
UNSAFE_TEX_NAME = re.compile(
    r"input|include|read|write|open|file|load|import|package|shell|escape|exec|lua|bash|python|gnuplot|sage|^py"
    r"|command|environment|out$",
    re.IGNORECASE,
)
# ``@`` counts as a letter, as it does wherever ``\makeatletter`` is in force (``\@input`` reads a file).
_TEX_CONTROL_SEQUENCE = re.compile(r"\\(?:([A-Za-z@]+)|.)", re.DOTALL)
# An environment's name is text: a comment can join it (``{file%⏎contents}``), ``\%`` is a percent sign.
_TEX_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{([^{}]*)\}")
_TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*\n?[ \t]*")


def unsafe_tex(text: str) -> list[str]:
    """What ``text`` holds that TeX would do more than typeset with (``\\input``, ``^^``,
    ``\\begin{filecontents}``), each once, in order; empty when it holds nothing of the kind."""
    found = dict.fromkeys(
        f"\\{match.group(1)}"
        for match in _TEX_CONTROL_SEQUENCE.finditer(text)
        if match.group(1) and (match.group(1) in UNSAFE_TEX_COMMANDS or UNSAFE_TEX_NAME.search(match.group(1)))
    )
    if "^^" in text:
        found["^^"] = None
    for match in _TEX_ENVIRONMENT.finditer(_TEX_COMMENT.sub("", text)):
        if UNSAFE_TEX_NAME.search(match.group(1)):
            found[f"\\begin{{{match.group(1)}}}"] = None
    return list(found)


def publication_bibtex(page: Paper) -> str:
    """The entry a visitor copies: the owner's own when they gave one (:func:`owner_entry`), else a generated one."""
    return owner_entry(page) or generated_bibtex(page)


def is_generated(page: Paper, source: str) -> bool:
    """Whether ``source`` is exactly what the site writes for ``page`` (under its key or a suffixed one)."""
    key, base = entry_key(source), citation_key(page)
    if key != base and not re.fullmatch(re.escape(base) + "[b-z]", key):
        return False
    return normalise_newlines(source).strip() == generated_bibtex(page, key)


def exported_entries(pages: Iterable[Paper]) -> Iterator[tuple[Paper, str]]:
    """Each page with the entry the site's .bib gives it: its owner's, else one written with a key that no
    page before it has (``pan2024llmlingua``, then ``pan2024llmlinguab``). Reading that file back finds each
    page by its key (``import_bibtex``)."""
    keys: set[str] = set()
    for page in pages:
        text = owner_entry(page)
        if not text:
            key = base = citation_key(page)
            suffixes = itertools.chain("bcdefghijklmnopqrstuvwxyz", map(str, itertools.count(2)))
            while key in keys:
                key = base + next(suffixes)
            text = generated_bibtex(page, key)
        keys.add(entry_key(text))
        yield page, text


def export_bibtex(pages: Iterable[Paper]) -> str:
    """One .bib file: every page's entry, a blank line between, generated keys kept unique."""
    entries = [text for _, text in exported_entries(pages)]
    return "\n\n".join(entries) + "\n" if entries else ""
