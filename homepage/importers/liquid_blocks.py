"""The parts of an about page that only Jekyll can write: Liquid loops, conditions and includes with arguments.

A page may list its papers with ``{% for paper in site.data.publications %}`` and a card include, or its
latest posts with ``{% for post in site.posts %}``: the text a visitor saw is nowhere in the page itself. Where
Jekyll is installed, the page is built once more (on a copy of the checkout, ``--safe``: see
``jekyll_site.build_with_jekyll``) with each such block between markers, and what Jekyll wrote for each block
takes the block's place in the text the importer reads, as Jekyll puts it there before Markdown runs.

Only those blocks are rendered; the rest of the page is read as written (its other Liquid is cut, and
reported, as before), so a page without such blocks imports exactly as it did.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.source_files import MAX_TEXT_BYTES
from homepage.importers.acadhomepage.source import FRONT_MATTER
from homepage.importers.jekyll_site import JekyllError, build_with_jekyll, jekyll_installed

# Each Liquid tag, by name: ``{%- for x in y -%}`` → "for". Tempered like the page cleaner's patterns, so that a
# page of unclosed ``{%`` stays linear.
TAG = re.compile(r"\{%-?\s*(?P<name>[a-z_]+)\b(?:(?!\{%).)*?-?%\}|(?P<output>\{\{(?:(?!\{\{).)*?\}\})", re.S)
# An output of the site's data or the page's own variables, written as text: "{{ site.data.notes.en }}".
DATA_OUTPUT = re.compile(r"\{\{-?\s*(?:site\.data|page)\.")
BLOCKS = {"for": "endfor", "if": "endif", "unless": "endunless", "case": "endcase", "tablerow": "endtablerow"}
VERBATIM = {"raw": "endraw", "comment": "endcomment"}
# What makes a block write something Jekyll alone knows: a loop, an include, an output.
WRITES = re.compile(r"\{%-?\s*(?:for|tablerow|include|include_relative)\b|\{\{")
# The page as Jekyll sees it, once rendered: Liquid only (an .html page is not run through Markdown), no layout.
RENDERED_NAME = "profile-site-liquid-blocks.html"
WHAT = "Liquid block(s) (loops, conditions, includes or outputs of site data)"


@dataclass(frozen=True)
class Block:
    start: int
    end: int


def content_blocks(text: str) -> list[Block]:
    """The outermost Liquid blocks of ``text`` that write content (a loop, an include, an output), the includes
    outside any block, and the outputs of site data or page variables written as text, in page order."""
    found: list[Block] = []
    depth: list[str] = []  # the end tags awaited
    opened = 0
    verbatim = ""
    for match in TAG.finditer(text):
        name = match.group("name")
        if match.group("output"):
            if not (verbatim or depth) and DATA_OUTPUT.match(match.group()) and _in_text(text, match.start()):
                found.append(Block(match.start(), match.end()))
            continue
        if verbatim:
            if name == verbatim:
                verbatim = ""
            continue
        if name in VERBATIM:
            verbatim = VERBATIM[name]
        elif name in BLOCKS:
            if not depth:
                opened = match.start()
            depth.append(BLOCKS[name])
        elif depth and name == depth[-1]:
            depth.pop()
            if not depth and WRITES.search(text, opened + 2, match.start()):
                found.append(Block(opened, match.end()))
        elif not depth and name in ("include", "include_relative"):
            found.append(Block(match.start(), match.end()))
    return found


def _in_text(text: str, position: int) -> bool:
    """Whether ``position`` is in the text of its line, not inside an HTML tag or a Markdown link's address."""
    before = text[text.rfind("\n", 0, position) + 1 : position]
    return before.rfind("<") <= before.rfind(">") and not re.search(r"\]\([^)]*$", before)


def rendered_page(text: str, blocks: list[Block], marker: str) -> str:
    """``text`` as a page of its own: its front matter (the blocks may read ``page.…``) without a layout, at an
    address of its own, each block between ``marker`` lines numbered in order."""
    bom = 1 if text.startswith("\ufeff") else 0
    front_matter = FRONT_MATTER.match(text[bom:])
    head = front_matter.group(1) if front_matter else ""
    head = re.sub(r"^(layout|permalink)\s*:.*$", "", head, flags=re.M)
    body_start = bom + (front_matter.end() if front_matter else 0)
    parts, position = [], body_start
    for number, block in enumerate(blocks):
        if block.start < body_start:
            continue
        parts += [
            text[position : block.start],
            f"{marker}{number}<",
            text[block.start : block.end],
            f">{marker}{number}",
        ]
        position = block.end
    parts.append(text[position:])
    return f"---\n{head}\nlayout: null\npermalink: /{RENDERED_NAME}\n---\n" + "".join(parts)


def put_in_place(text: str, blocks: list[Block], output: str, marker: str) -> tuple[str, int]:
    """``text`` with each block replaced by what Jekyll wrote for it; blocks Jekyll wrote nothing found for
    (a marker lost) stay as they were. Returns the text and how many blocks were replaced."""
    written = {
        int(match.group(1)): match.group(2)
        for match in re.finditer(rf"{marker}(\d+)<(.*?)>{marker}\1(?!\d)", output, re.S)
    }
    parts, position, replaced = [], 0, 0
    for number, block in enumerate(blocks):
        if number not in written:
            continue
        parts += [text[position : block.start], written[number].strip("\n")]
        position = block.end
        replaced += 1
    parts.append(text[position:])
    return "".join(parts), replaced


def render_blocks(text: str, page: Path, repo: Path) -> tuple[str, list[str]]:
    """``text`` (the page at ``page`` in the checkout ``repo``, its plain includes already in place) with its
    content-writing Liquid blocks written by Jekyll; and notes for the import's report."""
    blocks = content_blocks(text)
    if not blocks:
        return text, []
    if not jekyll_installed():
        return text, [
            f"{len(blocks)} {WHAT} write part of the page; without Jekyll installed they could not be run, and what "
            "they show was not carried over"
        ]
    marker = f"PROFILESITEBLOCK{secrets.token_hex(6)}"
    folder = page.parent.relative_to(repo)
    with tempfile.TemporaryDirectory(prefix="liquid-blocks-") as into:
        try:
            built = build_with_jekyll(
                repo, Path(into), pages={folder / RENDERED_NAME: rendered_page(text, blocks, marker)}
            )
            written = built.parent / RENDERED_NAME
            if written.stat().st_size > MAX_TEXT_BYTES:  # a loop that wrote more than a page may hold
                raise JekyllError(f"it wrote more than {MAX_TEXT_BYTES:,} bytes")
            output = written.read_text(encoding="utf-8", errors="replace")
        except (JekyllError, OSError) as error:
            return text, [f"The page's Liquid blocks could not be run by Jekyll ({error}); what they show was not "
                          "carried over"]  # fmt: skip
    rendered, replaced = put_in_place(text, blocks, output, marker)
    notes = [f"{replaced} {WHAT} were run by Jekyll and read as it wrote them"]
    if replaced < len(blocks):
        notes.append(
            f"{len(blocks) - replaced} Liquid block(s) were not found in what Jekyll wrote: read as written (their "
            "Liquid cut)"
        )
    return rendered, notes
