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
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock, String
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import RULE_REGEX, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

if TYPE_CHECKING:
    from .models import PublicationPage

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
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}

ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
ARXIV_OLD = r"[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
ARXIV_ANY = rf"(?:{ARXIV_NEW}|{ARXIV_OLD})"
ARXIV_IN_URL = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/({ARXIV_ANY})", re.IGNORECASE)
ARXIV_IN_JOURNAL = re.compile(rf"(?:arxiv:\s*|abs/)({ARXIV_ANY})", re.IGNORECASE)
ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.({ARXIV_ANY})$", re.IGNORECASE)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")

_DECODER_CONTEXT = get_default_latex_context_db()
_DECODER_CONTEXT.add_context_category("urls", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")])
_DECODER = LatexNodes2Text(latex_context=_DECODER_CONTEXT, math_mode="verbatim")
# pylatexenc's defaults, except for characters it would write in a way that reads back differently:
# "--" (an en dash in LaTeX), "``" and "''" (curly quotes), and the straight double quote.
_ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[
        UnicodeToLatexConversionRule(
            rule_type=RULE_REGEX,
            rule=[
                (re.compile(r"([-`'])(?=\1)"), r"\1{}"),
                (re.compile(r'"'), '"'),
                (re.compile(r"([&%#_$])"), r"\\\1"),
            ],
        ),
        "defaults",
    ],
    non_ascii_only=False,
    replacement_latex_protection="braces-almost-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
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
    """Every entry of a .bib file, in file order; raises :class:`BibtexError` on a malformed file."""
    text = normalise_newlines(text)
    library = _parse(text)
    strings = _strings(library)
    string_blocks = "\n".join(block.raw for block in library.strings if block.raw)
    problems: list[str] = []
    entries: list[BibEntry] = []
    first_line: dict[str, int] = {}
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            if isinstance(block.ignore_error_block, String):
                continue  # a redefined @string: the first definition is the one used
            parsed = _parse(f"{string_blocks}\n{block.raw}")
            if parsed.failed_blocks or len(parsed.entries) != 1:
                problems.append(f"line {line} ({block.key}): the entry cannot be read")
                continue
            entry = _entry(parsed.entries[0], line, block.raw, strings)
            entry.warnings.append(f"the key {block.key!r} is also used on line {first_line.get(block.key, '?')}")
            entries.append(entry)
        elif isinstance(block, ParsingFailedBlock):
            key = entry_key(block.raw or "")
            problems.append(f"line {line}{f' ({key})' if key else ''}: {_reason(block.error)}")
        elif isinstance(block, Entry):
            first_line.setdefault(block.key, line)
            entries.append(_entry(block, line, block.raw, strings))
    if problems:
        raise BibtexError(problems)
    if not entries:
        raise BibtexError(["no BibTeX entries found (an entry starts with @article{, @inproceedings{, …)"])
    return entries


def _parse(text: str) -> bibtexparser.Library:
    # The parser logs each syntax error as it meets it; BibtexError reports them all, once.
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return bibtexparser.parse_string(
            text,
            append_middleware=[
                middlewares.NormalizeFieldKeys(),
                middlewares.SeparateCoAuthors(),
                middlewares.SplitNameParts(),
            ],
        )
    finally:
        logger.setLevel(level)


def _strings(library: bibtexparser.Library) -> dict[str, str]:
    return {string.key.lower(): _string(string.value) for string in library.strings}


def _reason(error: Exception) -> str:
    reason = getattr(error, "abort_reason", None) or str(error)
    return " ".join(reason.split(" Note: ")[0].split())


def _entry(block: Entry, line: int, raw: str | None, strings: dict[str, str]) -> BibEntry:
    values = {key: item.value for key, item in block.fields_dict.items()}
    source = (raw or "").strip()
    resolved = block.parser_metadata.get("ResolveStringReferences") or []
    entry = BibEntry(
        key=block.key, entry_type=block.entry_type.lower(), line=line, source=_expand_strings(source, resolved, strings)
    )
    if resolved:
        entry.guesses.append(f"@string abbreviations in {', '.join(resolved)} written out in the stored entry")
    entry.title = latex_to_text(_string(values.get("title")))
    entry.authors = _authors(values.get("author"), entry)
    venues = (latex_to_text(_string(values.get(name))) for name in VENUE_SOURCES)
    entry.venue = next((venue for venue in venues if venue and not re.match(r"https?://", venue)), "")
    entry.venue_short = latex_to_text(_string(values.get("abbr")))
    entry.abstract = latex_to_text(_string(values.get("abstract")), paragraphs=True)
    entry.award = latex_to_text(_string(values.get("award")))
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
    """The entry with its @string references replaced by their text, so that it stands alone."""

    def expand(match: re.Match[str]) -> str:
        value = strings.get(match.group(2).lower())
        return match.group(0) if value is None else f"{match.group(1)}{{{value}}}"

    for name in fields:
        pattern = re.compile(rf"(\b{re.escape(name)}\s*=\s*)([A-Za-z][\w:.+/-]*)", re.IGNORECASE)
        source = pattern.sub(expand, source, count=1)
    return source


def _string(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def latex_to_text(value: str, paragraphs: bool = False) -> str:
    """LaTeX as a reader sees it: accents decoded, braces and markup dropped, spaces collapsed.

    A bare ``%`` is a percent sign here (abstracts are full of them), not a LaTeX comment.
    """
    if not value:
        return ""
    text = _DECODER.latex_to_text(re.sub(r"(?<!\\)%", r"\\%", value))
    if paragraphs:
        return "\n\n".join(" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip())
    return " ".join(text.split())


def plain_url(value: str) -> str:
    """A URL or file name as written in a .bib file, without ``\\url{}``, braces and escapes."""
    value = value.strip()
    match = re.fullmatch(r"\\url\{(.*)\}", value, re.DOTALL)
    if match:
        value = match.group(1)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


def clean_doi(value: str) -> str:
    """``https://doi.org/10.1/x`` and ``doi:10.1/x`` are both the DOI ``10.1/x``."""
    return DOI_PREFIX.sub("", value.strip())


def _authors(value: object, entry: BibEntry) -> list[BibAuthor]:
    if not isinstance(value, list):
        return []
    authors = []
    for parts in value:
        if not isinstance(parts, middlewares.NameParts):
            continue
        if not parts.first and not parts.von and not parts.jr and parts.last == ["others"]:
            entry.guesses.append("“and others”: only the named authors were imported")
            continue
        decoded = middlewares.NameParts(
            first=[latex_to_text(part) for part in parts.first],
            von=[latex_to_text(part) for part in parts.von],
            last=[latex_to_text(part) for part in parts.last],
            jr=[latex_to_text(part) for part in parts.jr],
        )
        name = decoded.merge_first_name_first
        # al-folio marks co-first authors with an asterisk after the name.
        equal = "*" in name
        name = " ".join(name.replace("*", " ").split())
        if name:
            authors.append(BibAuthor(name=name, equal_contribution=equal))
    return authors


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
        word = month_text.strip("{}. ").lower()
        if word.isdigit() and 1 <= int(word) <= 12:
            month = int(word)
        elif word in MONTHS:
            month = MONTHS[word]
        else:
            entry.warnings.append(f"month {month_text!r} is not a month; only the year was imported")
    return year, month


def _arxiv_id(values: dict[str, object], entry: BibEntry) -> str:
    eprint = plain_url(_string(values.get("eprint")))
    eprint = re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE)
    archive = _string(values.get("archiveprefix") or values.get("eprinttype")).strip().lower()
    if eprint and (archive == "arxiv" or (not archive and re.fullmatch(ARXIV_NEW, eprint))):
        return eprint
    arxiv_field = re.sub(r"^arxiv:\s*", "", plain_url(_string(values.get("arxiv"))), flags=re.IGNORECASE)
    if arxiv_field:
        return arxiv_field
    sources = [
        ("the DOI", ARXIV_DOI, entry.doi),
        ("the journal field", ARXIV_IN_JOURNAL, _string(values.get("journal"))),
        ("the volume field", ARXIV_IN_JOURNAL, _string(values.get("volume"))),
        ("the URL", ARXIV_IN_URL, plain_url(_string(values.get("url")))),
    ]
    for where, pattern, text in sources:
        match = pattern.search(text)
        if match:
            entry.guesses.append(f"arXiv id {match.group(1)} read from {where}")
            return match.group(1)
    return ""


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


def normalise_arxiv_id(arxiv_id: str) -> str:
    """The version-less id: v1 and v3 of a preprint are the same paper."""
    return re.sub(r"v\d+$", "", arxiv_id.strip()).lower()


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
    return re.sub(r"\{(\\[&%#_${}])\}", r"\1", _ENCODER.unicode_to_latex(value))


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
    if " and " in f" {name} ":
        return f"{{{text_to_latex(name)}}}"  # an organisation: one unsplittable name
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


def citation_key(page: PublicationPage) -> str:
    """``pan2024llmlingua``: first author's last name, year, first telling word of the title."""
    authors = list(page.authors.all())
    surname = ""
    if authors:
        tokens = authors[0].name.split()
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


def generated_bibtex(page: PublicationPage, key: str | None = None) -> str:
    """The entry written from the page's own fields, for pages whose owner gave none."""
    entry_type = ENTRY_TYPES.get(page.publication_type, "misc")
    fields: list[tuple[str, str]] = []
    authors = [author.name for author in page.authors.all()]
    if authors:
        fields.append(("author", "{" + " and ".join(bibtex_name(name) for name in authors) + "}"))
    fields.append(("title", "{" + protect_title(page.title) + "}"))
    if page.venue:
        fields.append((VENUE_FIELDS[entry_type], "{" + text_to_latex(page.venue) + "}"))
    if page.date:
        fields.append(("year", f"{{{page.date.year}}}"))
        if page.date_precision != "year":
            fields.append(("month", MONTH_MACROS[page.date.month]))
    if page.doi:
        fields.append(("doi", f"{{{page.doi}}}"))
    if page.arxiv_id:
        fields.extend([("eprint", f"{{{page.arxiv_id}}}"), ("archivePrefix", "{arXiv}")])
    paper = next((link.url for link in page.links.all() if link.kind == "paper"), "")
    if paper:
        fields.append(("url", f"{{{paper}}}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{key or citation_key(page)},\n{body}\n}}"


def publication_bibtex(page: PublicationPage) -> str:
    """The entry a visitor copies: the owner's own when they gave one, else a generated one."""
    return normalise_newlines(page.bibtex).strip() or generated_bibtex(page)


def is_generated(page: PublicationPage, source: str) -> bool:
    """Whether ``source`` is exactly what the site writes for ``page`` (under its key or a suffixed one)."""
    key, base = entry_key(source), citation_key(page)
    if key != base and not re.fullmatch(re.escape(base) + "[b-z]", key):
        return False
    return normalise_newlines(source).strip() == generated_bibtex(page, key)


def export_bibtex(pages: Iterable[PublicationPage]) -> str:
    """One .bib file: every page's entry, a blank line between, generated keys kept unique."""
    entries = []
    keys: set[str] = set()
    for page in pages:
        if page.bibtex.strip():
            text = publication_bibtex(page)
        else:
            key = base = citation_key(page)
            suffixes = itertools.chain("bcdefghijklmnopqrstuvwxyz", map(str, itertools.count(2)))
            while key in keys:
                key = base + next(suffixes)
            text = generated_bibtex(page, key)
        keys.add(entry_key(text))
        entries.append(text)
    return "\n\n".join(entries) + "\n" if entries else ""
