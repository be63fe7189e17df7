"""Is there anything in this HTML a browser would run? Read the way two parsers read it.

``html.parser`` is Python's own tokenizer; html5lib follows the WHATWG parsing
algorithm browsers use (foreign content, foster parenting, the adoption agency),
so markup that only turns active once a browser re-parses it (mutation XSS)
shows there. Attribute values are read after entity decoding, as a browser
reads them, so ``&#106;avascript:`` counts as ``javascript:``.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

# Elements that run script, load another document, submit data or restyle the page.
ACTIVE_ELEMENTS = {
    "applet", "base", "button", "embed", "form", "frame", "frameset", "iframe", "input", "link", "meta",
    "object", "portal", "script", "select", "style", "svg", "template", "textarea",
}  # fmt: skip
URL_ATTRIBUTES = {
    "action", "background", "cite", "codebase", "data", "dynsrc", "formaction", "href", "icon", "longdesc",
    "lowsrc", "manifest", "ping", "poster", "src", "srcset", "xlink:href",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
CSS_ATTRIBUTES = {"style", "mathcolor", "mathbackground"}  # read as CSS by the browser
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")  # stripped around a URL, or removed inside its scheme
_ACTIVE_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:", re.IGNORECASE)


def scheme_of(url: str) -> str:
    """The scheme a browser reads from ``url``, "" for a relative one."""
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", url))
    return match[1].lower() if match else ""


def _urls(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":
        return [candidate.strip().split(" ")[0] for candidate in value.split(",")]
    return [value]


def _site_element(element) -> bool:
    """The page template's own markup: scripts from /static/, JSON-LD, head tags, icons, its two buttons."""
    if element.name == "script":
        return element.get("src", "").startswith("/static/") or element.get("type") == "application/ld+json"
    if element.name in {"link", "meta"}:
        return element.find_parent("body") is None and "http-equiv" not in element.attrs
    if element.name == "svg":
        return "icon" in element.get("class", []) and element.get("aria-hidden") == "true"
    return element.name == "button" and bool({"theme-toggle", "bibtex__copy"} & set(element.get("class", [])))


def active_content(html: str, *, page: bool = False) -> list[str]:
    """What in ``html`` could run script or leave the page; ``page``: a whole page, the site's own markup allowed."""
    problems = []
    for parser in ("html.parser", "html5lib"):
        for element in BeautifulSoup(html, parser).find_all(True):
            name = element.name.lower()
            if name in ACTIVE_ELEMENTS and not (page and _site_element(element)):
                problems.append(f"{parser}: <{name}>")
            for attribute, raw in element.attrs.items():
                attribute = attribute.lower()
                value = " ".join(raw) if isinstance(raw, list) else str(raw)
                if attribute.startswith("on"):
                    problems.append(f"{parser}: <{name} {attribute}>")
                elif attribute in CSS_ATTRIBUTES and _ACTIVE_STYLE.search(value):
                    problems.append(f"{parser}: <{name} style={value!r}>")
                elif attribute in URL_ATTRIBUTES or attribute.endswith(":href"):
                    for url in _urls(attribute, value):
                        if (scheme := scheme_of(url)) and scheme not in SAFE_SCHEMES:
                            problems.append(f"{parser}: <{name} {attribute}={url!r}>")
    return problems
