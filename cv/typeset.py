"""The CV as a typeset PDF, by Typst (the ``typst`` package carries its compiler; nothing to install).

Stored text never becomes typesetting code: the document is one fixed Typst
source (``CV_SOURCE``) and the CV reaches it as JSON through ``sys.inputs``, where
every string is text to set, whatever characters it holds. The compiler runs in
an empty folder as its root, so the source could read no file even if it tried;
it has no images and imports no package, so it asks for nothing over the network.

Names in CJK scripts need a font that has them: where the system has one (e.g.
Debian's fonts-noto-cjk) it is used; where none is, they are left out of the PDF
and :func:`cjk_note` says so (the page /cv/ still shows them).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
from functools import lru_cache
from importlib.metadata import version

import typst
from django.core.cache import cache

from .content import CV

logger = logging.getLogger(__name__)

LATIN_FONTS = ["Libertinus Serif", "New Computer Modern"]  # both carried by the typst package
CJK_FONTS = [
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "Noto Serif CJK JP",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "Droid Sans Fallback",
]
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
CACHE_SECONDS = 30 * 24 * 3600
TYPST_VERSION = version("typst")

CV_SOURCE = r"""
#let cv = json(bytes(sys.inputs.at("cv")))
#let fonts = json(bytes(sys.inputs.at("fonts")))
#let muted = luma(85)

#set document(title: cv.name + " – Curriculum Vitae", author: cv.name)
#set page(
  paper: cv.paper_size,
  margin: (x: 2.1cm, top: 2cm, bottom: 2.2cm),
  footer: context {
    set text(8pt, fill: muted)
    cv.name + " – Curriculum Vitae"
    h(1fr)
    counter(page).display("1 / 1", both: true)
  },
)
#set text(font: fonts, size: 10pt, lang: "en", hyphenate: false)
#set par(justify: false, leading: 0.58em, spacing: 0.75em)
#show link: set text(fill: rgb("#1f4e79"))

#let styled(r) = {
  let body = r.text
  if r.bold { body = strong(body) }
  if r.italic { body = emph(body) }
  if r.url != "" { link(r.url, body) } else { body }
}

#let heading-rule(title) = {
  v(0.9em)
  block(below: 0.55em, sticky: true, {
    text(11.5pt, weight: "bold", fill: rgb("#1f3b5c"), smallcaps(title))
    v(-0.55em)
    line(length: 100%, stroke: 0.6pt + luma(160))
  })
}

#let entry(item) = grid(
  columns: (2.9cm, 1fr),
  column-gutter: 0.45cm,
  align(right, text(fill: muted, item.date)),
  {
    if item.headline != "" {
      strong(item.headline)
      if item.runs.len() > 0 { ". " }
    }
    for r in item.runs { styled(r) }
    for l in item.links { " "; link(l.at(1), "[" + l.at(0) + "]") }
  },
)

#let authors(list) = list.map(a => {
  if a.others_before { "et al., " }
  let name = if a.is_owner { strong(a.name) } else { a.name }
  name
  if a.equal_contribution { super("*") }
  if a.corresponding { super("✉") }
}).join(", ")

#let paper(p) = {
  authors(p.authors)
  if p.more_authors and p.authors.len() > 0 { ", et al." }
  ". "
  let title = "“" + p.title + ".”"
  if p.url != "" { link(p.url, title) } else { title }
  if p.venue != "" { " "; emph(p.venue) }
  if p.year != "" { ", " + p.year }
  "."
  if p.award != "" { " "; text(weight: "bold", fill: rgb("#8a2d0b"), p.award) }
}

// The name, then what and where, then how to reach them.
#block(below: 0.4em, text(20pt, weight: "bold", cv.name + if cv.native_name != "" { " (" + cv.native_name + ")" }))
#if cv.bio != "" { block(below: 0.3em, text(fill: muted, cv.bio)) }
#{
  let place = (cv.employer, cv.location).filter(x => x != "")
  if place.len() > 0 { block(below: 0.3em, place.join(" · ")) }
  let reach = ()
  if cv.email != "" { reach.push(link("mailto:" + cv.email, cv.email)) }
  if cv.website != "" { reach.push(link(cv.website, cv.website.replace(regex("^https?://"), "").trim("/", at: end))) }
  for l in cv.links { reach.push(link(l.at(1), l.at(0))) }
  if reach.len() > 0 { text(9pt, reach.join("  ·  ")) }
}

#for s in cv.sections {
  heading-rule(s.title)
  for item in s.items { block(below: 0.5em, entry(item)) }
  for g in s.groups {
    if s.groups.len() > 1 { block(above: 0.7em, below: 0.45em, text(weight: "semibold", g.title)) }
    enum(spacing: 0.6em, ..g.papers.map(paper))
  }
  if s.key == "publications" and (cv.has_equal_contribution or cv.has_corresponding) {
    let notes = ()
    if cv.has_equal_contribution { notes.push("* equal contribution") }
    if cv.has_corresponding { notes.push("✉ corresponding author") }
    text(8.5pt, fill: muted, notes.join(", ") + ".")
  }
}
"""


@lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """The CJK font families this machine has, in the order they are preferred."""
    families = set(typst.Fonts(include_system_fonts=True).families())
    return tuple(family for family in CJK_FONTS if family in families)


def cjk_note(cv: CV) -> str:
    """What the PDF leaves out for want of a CJK font ("" when nothing is)."""
    return missing_font_note(json.dumps(cv.as_data(), ensure_ascii=False))


def missing_font_note(*texts: str) -> str:
    """A note for the owner when ``texts`` hold CJK script and the server has no font to set it ("" if not)."""
    if cjk_fonts() or not any(CJK.search(text) for text in texts):
        return ""
    return (
        "The CV's PDF leaves out text in Chinese, Japanese or Korean script: the server has no font for it "
        "(install one, e.g. Debian's fonts-noto-cjk)."
    )


def _without_cjk(value):
    if isinstance(value, str):
        return re.sub(r"\s*\(\s*\)", "", CJK.sub("", value)).strip() if CJK.search(value) else value
    if isinstance(value, list):
        return [_without_cjk(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_cjk(item) for key, item in value.items()}
    return value


def typeset(cv: CV) -> bytes:
    """The PDF of ``cv``."""
    data = cv.as_data()
    fonts = LATIN_FONTS + list(cjk_fonts())
    if not cjk_fonts():
        data = _without_cjk(data)
    with tempfile.TemporaryDirectory(prefix="cv-") as empty_root:
        return typst.compile(
            CV_SOURCE.encode(),
            root=empty_root,
            ignore_system_fonts=not cjk_fonts(),
            sys_inputs={"cv": json.dumps(data, ensure_ascii=False), "fonts": json.dumps(fonts)},
        )


def typesetting() -> str:
    """A digest of what the PDF depends on besides the CV: the source, the font families it is set in (a CJK
    font installed, the server restarted: the names it had to leave out are set), the compiler's version."""
    parts = [CV_SOURCE, *LATIN_FONTS, *cjk_fonts(), TYPST_VERSION]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def cached_pdf(cv: CV) -> bytes:
    """The PDF of ``cv`` from the cache, typeset on a miss: any change to what it shows, or to how this
    installation typesets it, changes the key."""
    key = f"cv-pdf:{typesetting()}:{cv.fingerprint()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = typeset(cv)
        cache.set(key, pdf, CACHE_SECONDS)
        if note := cjk_note(cv):
            logger.warning(note)
    return pdf
