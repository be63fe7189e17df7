"""What a visitor saw on the old site, and how much of it the new one shows: the words, counted.

The original is what a browser showed: the AcadHomepage site built by Jekyll (``--safe``, on a copy
of the checkout), or, where Jekyll is not installed, the about page rendered as Markdown with its
HTML and the sidebar's lines from ``_config.yml``. Its visible text is the page content and the
author sidebar: not scripts, styles, comments, nor what stays hidden until clicked (``<details>``
beyond its summary, ``hidden``, ``display: none``, a copy for print, the second language of a page written
in two).

Words are compared as counts: a word the original shows three times is covered three times over
only if the new site shows it three times somewhere (on the homepage, ``/news/``, ``/publications/``
or a paper's page; the most any one page shows). Chinese, Japanese and Korean characters count one
by one, as they are read.
"""

from __future__ import annotations

import re
import tempfile
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Tag

from homepage.importers.acadhomepage.languages import element_language, page_languages, shown_language
from homepage.importers.acadhomepage.papers import PAPER_BOX_CLASSES, PAPER_BOX_VARIANT, balanced_div_end
from homepage.importers.acadhomepage.source import FRONT_MATTER
from homepage.importers.jekyll_site import build_with_jekyll, jekyll_installed

CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")
WORD = re.compile(r"[^\W_]+")
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]{1,200}(?<![\s\\])\$(?!\$)|\\\(.{1,200}?\\\)")
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
MATH_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"'][^\"']*(?:mathjax|katex)", re.IGNORECASE)
# A <video> or <audio> shows its player; the text inside is for browsers that have none.
INVISIBLE = ["script", "style", "noscript", "template", "head", "title", "svg", "iframe", "video", "audio"]
# What the template itself writes around the owner's text (Jekyll's "Last updated" line).
TEMPLATE_CHROME = [".page__meta", ".page__date"]
SIDEBAR = ".sidebar"  # AcadHomepage's author sidebar
LINE_TAGS = ["p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6"]
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A class named for print ("author__print-contact", "print-only", "visible-print"): a copy for paper, which the
# site's stylesheet hides on screen. Not one that is hidden in print ("no-print", "d-print-none", "hide-print").
_PRINT_PART = re.compile(r"(?:^|[-_])print(?:[-_]|$)", re.IGNORECASE)
_SHOWN_ON_SCREEN = re.compile(r"(?:^|[-_])(?:no|not|non|hide|hidden|none|d|screen)(?:[-_]|$)|noprint", re.IGNORECASE)


def _print_only(tag: Tag) -> bool:
    return any(_PRINT_PART.search(name) and not _SHOWN_ON_SCREEN.search(name) for name in tag.get("class") or ())


def words(text: str) -> Counter[str]:
    """The words of ``text``, lower-cased; each CJK character is a word of its own."""
    return Counter(WORD.findall(CJK.sub(r" \1 ", text).casefold()))


def visible_text(html: str, regions: Iterable[str] = ()) -> str:
    """The text a visitor sees in ``html``: inside the first of the CSS ``regions`` found (all of the body
    when none is), without what is hidden until clicked or never shown."""
    typeset = bool(MATH_SCRIPT.search(html))
    soup = visible_soup(html)
    roots = [found for selector in regions if (found := soup.select(selector))]
    chosen = roots[0] if roots else [soup.body or soup]
    text = "\n".join(root.get_text(" ") for root in chosen)
    if typeset:  # MathJax or KaTeX draws the TeX in $…$: a visitor sees a †, not "\dagger"
        text = INLINE_MATH.sub(lambda math: TEX_COMMAND.sub(" ", math.group()), text)
    return text


def visible_soup(html: str, collapsed: bool = False) -> BeautifulSoup:
    """``html`` parsed, without comments and what a visitor does not see (scripts, hidden elements, what a
    ``<details>`` shows only when opened, a second language before the visitor switches to it); with
    ``collapsed``, what a click shows is kept (a list's older lines under "More")."""
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for tag in soup.find_all(INVISIBLE):
        tag.decompose()
    for tag in soup.select(", ".join(TEMPLATE_CHROME)):
        tag.decompose()
    # A page in two languages shows one until the visitor switches (``languages``): the other is hidden.
    classes = [" ".join(tag["class"]) for tag in soup.find_all(class_=True)]
    html = soup.find("html")
    shown = shown_language(page_languages(classes), str(html.get("lang", "")) if html else "")
    if shown:
        for tag in soup.find_all(class_=True):
            if not tag.decomposed and element_language(" ".join(tag["class"])) not in ("", shown):
                tag.decompose()
    for sidebar in soup.select(SIDEBAR):
        _once_each(sidebar)
    for tag in [] if collapsed else soup.find_all(True):
        if not isinstance(tag, Tag) or tag.decomposed:
            continue
        if tag.has_attr("hidden") or HIDDEN_STYLE.search(str(tag.get("style", ""))) or _print_only(tag):
            tag.decompose()
        elif tag.name == "details":
            for child in list(tag.children):
                if not (isinstance(child, Tag) and child.name == "summary"):
                    child.extract()
    return soup


def _once_each(sidebar: Tag) -> None:
    """A line the sidebar writes twice (a copy of its description and location for small screens, which the
    site's stylesheet hides on large ones) is seen once at any width: the copies after the first go."""
    seen: set[str] = set()
    for tag in sidebar.find_all(LINE_TAGS):
        if tag.decomposed or tag.find(LINE_TAGS) or tag.find("a"):  # two links may well say "Website"
            continue
        text = " ".join(tag.get_text(" ").split())
        if text in seen:
            tag.decompose()
        elif text:
            seen.add(text)


# The AcadHomepage layout: the author sidebar and the page content; on this site, the sidebar and <main>.
ORIGINAL_REGIONS = ["#main"]
NEW_REGIONS = [".layout"]


@dataclass
class Coverage:
    """How many of the original's words the new site shows."""

    original: Counter[str]
    shown: Counter[str]
    missing: Counter[str] = field(init=False)

    def __post_init__(self) -> None:
        self.missing = Counter({word: count - self.shown[word] for word, count in self.original.items()})
        self.missing = +self.missing  # drops the words shown as often as the original showed them

    @property
    def total(self) -> int:
        return sum(self.original.values())

    @property
    def ratio(self) -> float:
        return 1.0 - sum(self.missing.values()) / self.total if self.total else 1.0

    def missing_words(self, most: int = 40) -> list[str]:
        return [word if count == 1 else f"{word} ×{count}" for word, count in self.missing.most_common(most)]


def most_of_each(counters: Iterable[Counter[str]]) -> Counter[str]:
    """Each word as often as the page that shows it most often shows it."""
    merged: Counter[str] = Counter()
    for counter in counters:
        merged |= counter
    return merged


def rendered_about(about_text: str, sidebar_lines: Iterable[str]) -> str:
    """Without Jekyll: the about page as Markdown with its HTML, and the sidebar's lines, as one HTML page."""
    import markdown

    body = FRONT_MATTER.sub("", about_text.removeprefix("\ufeff"), count=1)
    body = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", body, flags=re.DOTALL)  # Liquid, which Jekyll would run
    page = markdown.markdown(_markdown_in_divs(body), extensions=["extra"])
    sidebar = "".join(f"<p>{line}</p>" for line in sidebar_lines if line)
    return f'<html><body><div id="main"><div class="sidebar">{sidebar}</div>{page}</div></body></html>'


_MARKDOWN_ATTRIBUTE = re.compile(r"""\s+markdown\s*=\s*(["']?)1\1(?![\w-])""", re.I)
_MARKDOWN_DIV = re.compile(r"""<div\b[^<>]*?\s+markdown\s*=\s*(["']?)1\1(?![\w-])[^<>]*>""", re.I)


def _markdown_in_divs(text: str) -> str:
    """The Markdown inside each ``<div … markdown="1">`` as HTML, as kramdown writes it however deep the div
    stands (a paper box's text column inside the box): Python-Markdown reads it only in a div of its own, and
    would show the Markdown's source (its links' addresses) as words."""
    import markdown

    parts, position = [], 0
    while opening := _MARKDOWN_DIV.search(text, position):
        end = balanced_div_end(text, opening.start())
        close = text.rfind("</div", opening.end(), end)
        inner_end = close if close >= 0 else end
        inner = markdown.markdown(_markdown_in_divs(text[opening.end() : inner_end]), extensions=["extra"])
        parts += [
            text[position : opening.start()],
            _MARKDOWN_ATTRIBUTE.sub("", opening.group()),
            inner,
            text[inner_end:end],
        ]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def original_words(checkout: Path | None, about_text: str, sidebar_lines: Iterable[str]) -> tuple[Counter[str], str]:
    """The original's visible words, and how they were found ("jekyll" or "markdown")."""
    if checkout is not None:
        with tempfile.TemporaryDirectory(prefix="original-site-") as folder:
            if jekyll_installed():
                homepage = build_with_jekyll(checkout, Path(folder))
                html = homepage.read_text(encoding="utf-8", errors="replace")
                return words(visible_text(html, ORIGINAL_REGIONS)), "jekyll"
    return words(visible_text(rendered_about(about_text, sidebar_lines), ORIGINAL_REGIONS)), "markdown"


def new_site_pages(client) -> dict[str, str]:
    """Every page of the new site a visitor of the old homepage would look for, as HTML, by address."""
    from news.models import NewsIndexPage
    from publications.models import PublicationIndexPage, PublicationPage

    addresses = ["/"]
    addresses += [page.url for page in NewsIndexPage.objects.live().public()]
    addresses += [page.url for page in PublicationIndexPage.objects.live().public()]
    addresses += [page.url for page in PublicationPage.objects.live().public()]
    pages = {}
    for address in dict.fromkeys(addresses):
        response = client.get(address, secure=True)  # as a visitor of the deployed site asks for it
        if response.status_code == 200:
            pages[address] = response.content.decode()
    return pages


@dataclass
class Fidelity:
    """The original's words on the new homepage, and on the whole new site."""

    homepage: Coverage
    site: Coverage
    compared_with: str

    def summary(self, most: int = 25) -> str:
        missing = ", ".join(self.site.missing_words(most)) or "nothing"
        return (
            f"{100 * self.site.ratio:.1f}% of the words on your old homepage are on the new site"
            f" ({100 * self.homepage.ratio:.1f}% on the new homepage alone; compared with the original"
            f" {'built by Jekyll' if self.compared_with == 'jekyll' else 'about page as Markdown'},"
            f" {self.site.total:,} words); not carried over: {missing}"
        )


def measure(original: Counter[str], pages: dict[str, str], compared_with: str) -> Fidelity:
    per_page = {address: words(visible_text(html, NEW_REGIONS)) for address, html in pages.items()}
    return Fidelity(
        homepage=Coverage(original, per_page.get("/", Counter())),
        site=Coverage(original, most_of_each(per_page.values())),
        compared_with=compared_with,
    )


# The items of a page (list items and paper boxes, with the heading they sit under) and where each item of
# the original went on the new homepage: found as one item of its own, merged with another, shown once though
# written twice, out of order.
# A paper box, and the cards the import reads as paper boxes (acadhomepage.papers.PAPER_BOX_OPEN): one item each, a
# list inside one (its title as a bullet, its highlights) part of it.
ITEM_CLASSES = set(PAPER_BOX_CLASSES)
BOX_VARIANT = re.compile(PAPER_BOX_VARIANT)  # "paper-box-top": a page's own box, styled as one
ITEM_MIN_WORDS = 3  # "Reviewer: ICLR" and shorter list items are matched by the word count, not one by one
SAME_ITEM = 0.5  # Dice coefficient of the two items' words
MERGED = 0.8  # share of an item's words inside the new item another original item took
REPEATED = 0.9  # Dice of two original items that are one item written twice (a paper in two lists)


@dataclass
class Item:
    section: str
    words: Counter[str]


def page_items(html: str, regions: Iterable[str], headings: Iterable[str]) -> list[Item]:
    """The outermost list items and paper boxes a visitor sees inside the first of ``regions``, in page order,
    each with the words of the heading above it."""
    soup = visible_soup(html)
    root = next((found for selector in regions if (found := soup.select_one(selector))), soup)
    heading_tags = tuple(headings)
    items, section = [], ""
    for element in root.find_all([*heading_tags, "li", "div", "article"]):
        if _inside_an_item(element):
            continue
        if element.name in heading_tags:
            section = " ".join(words(element.get_text(" ")))
        elif _is_item(element):
            counted = words(element.get_text(" "))
            if counted.total() >= ITEM_MIN_WORDS:
                items.append(Item(section, counted))
    return items


def heading_key(text: str) -> str:
    """A heading by its words, case and symbols aside: "🎖 Honors & Awards" as "honors awards"."""
    return " ".join(re.sub(r"[^\w\s]", " ", text).casefold().split())


def section_items(html: str, heading_tags: tuple[str, ...], container: str) -> dict[str, tuple[int, int]]:
    """Items a visitor sees under each heading (the outermost list items and paper boxes, as ``page_items``
    counts them: a line written "- * 2023.03 …" is one), by the heading's words: those right under it, and
    those under it with its sub-headings' (``heading_tags`` go from the section's level down). Lines shown
    after a click ("More news") count: the new site may show them at once."""
    soup = visible_soup(html, collapsed=True)
    root = soup.select_one(container) or soup
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    open_headings: list[tuple[int, str]] = []  # the heading each level is in, outermost first
    for element in root.find_all([*heading_tags, "li", "div", "article"]):
        if _inside_an_item(element):  # a paper's title written as a heading in its box heads no section
            continue
        if element.name in heading_tags:
            level = heading_tags.index(element.name)
            while open_headings and open_headings[-1][0] >= level:
                open_headings.pop()
            open_headings.append((level, heading_key(element.get_text(" "))))
            own.setdefault(open_headings[-1][1], 0)
            total.setdefault(open_headings[-1][1], 0)
        elif open_headings and _is_item(element) and element.get_text().strip():  # not an empty "- "
            own[open_headings[-1][1]] += 1
            for _, title in open_headings:
                total[title] += 1
    return {title: (own[title], total[title]) for title in own if title}


def compared_sections(original: dict[str, tuple[int, int]], new: dict[str, tuple[int, int]]) -> dict[str, list]:
    """Each of the original's sections with items: its count and the new site's. Where the two sites put the
    lines under different sub-headings (a bold "**Awards**" over a list there, a sub-heading here), the
    section is compared with its sub-headings' items included."""
    compared = {}
    for title, (own, total) in original.items():
        if not total:
            continue
        new_own, new_total = new.get(title, (None, None))
        if new_own is None and (joined := [new[key][1] for key in new if key.startswith(f"{title} ")]):
            # "## Research Papers" over "### 2026" there, one sub-heading "Research Papers — 2026" here
            compared[title] = [total, sum(joined)]
            continue
        compared[title] = [own, new_own] if own == new_own or own and new_own is None else [total, new_total]
    return {title: pair for title, pair in compared.items() if pair[0]}


def _is_item(element: Tag) -> bool:
    classes = element.get("class") or []
    return element.name == "li" or not ITEM_CLASSES.isdisjoint(classes) or any(map(BOX_VARIANT.fullmatch, classes))


def _inside_an_item(element: Tag) -> bool:
    return any(_is_item(parent) for parent in element.parents)


@dataclass
class Placement:
    """Where the original's items went: ``placed`` as items of their own, ``merged`` into an item another
    original item also went to, ``repeated``: shown once though the original showed it twice (the same paper
    in two lists, one publication on the new site), ``out_of_order`` placed but not in their section's order."""

    items: int
    placed: int
    merged: int
    repeated: int
    out_of_order: int


def place_items(original: list[Item], new: list[Item]) -> Placement:
    """Each original item, in order, goes to the new item most like it (Dice of their words, at least
    ``SAME_ITEM``) that no earlier one took; one with no such item counts as merged when its words are in an
    item already taken and that item is (mostly) the two originals together."""
    taken: dict[int, Counter[str]] = {}
    placed_in: dict[str, list[int]] = {}
    merged = repeated = 0
    for item in original:
        last = (placed_in.get(item.section) or [-1])[-1]
        scored = [(_dice(item.words, candidate.words), index) for index, candidate in enumerate(new)]
        free = [(score, index) for score, index in scored if score >= SAME_ITEM and index not in taken]
        if free:
            # One under the same heading first (a paper in a "Selected" list and in the full list is two items
            # here as there), then the most alike; of equals (a line repeated), the first after this section's
            # last placed item.
            heading = set(item.section.split())
            _, index = min(
                free,
                key=lambda pair: (not heading <= set(new[pair[1]].section.split()), -pair[0], pair[1] < last, pair[1]),
            )
            taken[index] = item.words
            placed_in.setdefault(item.section, []).append(index)
        elif takers := [
            taker
            for index, taker in taken.items()
            if _share(item.words, new[index].words) >= MERGED and _share(new[index].words, taker + item.words) >= MERGED
        ]:
            if any(_dice(item.words, taker) >= REPEATED for taker in takers):
                repeated += 1
            else:
                merged += 1
    out_of_order = sum(len(order) - _longest_increasing(order) for order in placed_in.values())
    return Placement(len(original), len(taken), merged, repeated, out_of_order)


def _dice(one: Counter[str], other: Counter[str]) -> float:
    return 2 * (one & other).total() / (one.total() + other.total())


def _share(part: Counter[str], whole: Counter[str]) -> float:
    """How much of ``part`` is in ``whole``."""
    return (part & whole).total() / part.total()


def _longest_increasing(sequence: list[int]) -> int:
    tails: list[int] = []
    for value in sequence:
        at = bisect_left(tails, value)
        tails[at : at + 1] = [value]
    return len(tails)
