"""Links in exported files: finding them, and pointing them where a static host serves the file.

A page says ``href="/publications/"`` and ``content="http://example.org/media/…"``;
served from ``https://owner.github.io/site/`` those must read ``/site/publications/``
(or ``../publications/``) and ``https://owner.github.io/site/media/…``. Pure string
functions: the exporter runs them over each page, stylesheet and feed, and
changes nothing but the URLs, so everything else stays byte for byte what the
site sent.

Attribute values are passed to a rewrite function as they are written in the
markup (``&amp;`` and all); functions that collect links unescape them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit, urlunsplit

Rewrite = Callable[[str], str]

# Start tags, with attributes unquoted, single- or double-quoted (a ">" inside quotes does not end the tag).
TAG = re.compile(
    r"""<(?P<name>[a-zA-Z][^\s/>]*+)"""
    r"""(?P<attributes>(?:\s++[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`]++))?)*+)\s*+/?>"""
)
# The same tags as they appear, escaped, in an Atom or RSS entry's HTML content.
ESCAPED_TAG = re.compile(r"&lt;(?P<name>[a-zA-Z][^\s/&]*+)(?P<attributes>.*?)&gt;", re.DOTALL)
ATTRIBUTE = re.compile(
    r"""(?P<space>\s+)(?P<name>[^\s"'>/=]+)"""
    r"""(?:\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)
STYLE_ELEMENT = re.compile(r"(?P<open><style\b[^>]*>)(?P<css>.*?)(?=</style\s*>)", re.IGNORECASE | re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"')]+))""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""", re.IGNORECASE)
SRCSET_URL = re.compile(r"(?P<lead>(?:^|,)\s*)(?P<bare>[^\s,]+)")

URL_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "formaction", "data", "cite", "background"})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})

# After an absolute URL of the site: what may follow its path (anything but these ends it).
URL_TAIL = re.compile(r"""[^\s"'<>\\{}|^`]*""")
TRAILING_PUNCTUATION = ".,;:!?)"


def _replace_group(match: re.Match[str], group: str, new: str) -> str:
    start, end = match.span(group)
    offset = match.start()
    return match[0][: start - offset] + new + match[0][end - offset :]


def _rewrite_value(match: re.Match[str], rewrite: Rewrite) -> str:
    """The match with its quoted or bare value (groups ``double``, ``single``, ``bare``) rewritten."""
    for group in ("double", "single", "bare"):
        value = match.groupdict().get(group)
        if value is not None:
            new = rewrite(value)
            return match[0] if new == value else _replace_group(match, group, new)
    return match[0]


def rewrite_srcset(srcset: str, rewrite: Rewrite) -> str:
    """Each candidate's URL in ``srcset`` rewritten; widths and densities kept."""
    return SRCSET_URL.sub(lambda match: _rewrite_value(match, rewrite), srcset)


def rewrite_css(css: str, rewrite: Rewrite) -> str:
    """Every ``url(…)`` and ``@import "…"`` of a stylesheet rewritten."""
    css = CSS_URL.sub(lambda match: _rewrite_value(match, rewrite), css)
    return CSS_IMPORT.sub(lambda match: _rewrite_value(match, rewrite), css)


def _rewrite_attribute(match: re.Match[str], rewrite: Rewrite) -> str:
    name = match["name"].lower()
    if name in URL_ATTRIBUTES:
        return _rewrite_value(match, rewrite)
    if name in SRCSET_ATTRIBUTES:
        return _rewrite_value(match, lambda value: rewrite_srcset(value, rewrite))
    if name == "style":
        return _rewrite_value(match, lambda value: rewrite_css(value, rewrite))
    return match[0]


def _rewrite_tag(match: re.Match[str], rewrite: Rewrite) -> str:
    attributes = match["attributes"]
    new = ATTRIBUTE.sub(lambda attribute: _rewrite_attribute(attribute, rewrite), attributes)
    return match[0] if new == attributes else _replace_group(match, "attributes", new)


def rewrite_html(html: str, rewrite: Rewrite) -> str:
    """Every link of a page rewritten: ``href``, ``src``, ``srcset`` and the like, and CSS ``url()``."""
    html = TAG.sub(lambda match: _rewrite_tag(match, rewrite), html)
    return STYLE_ELEMENT.sub(lambda match: match["open"] + rewrite_css(match["css"], rewrite), html)


def rewrite_escaped_html(text: str, rewrite: Rewrite) -> str:
    """The links inside a feed entry's escaped HTML (``&lt;a href="/…"&gt;``) rewritten."""
    return ESCAPED_TAG.sub(lambda match: _rewrite_tag(match, rewrite), text)


def _collect(rewriter: Callable[[str, Rewrite], str], text: str, unescape_times: int) -> list[str]:
    found: list[str] = []

    def collect(url: str) -> str:
        link = url
        for _ in range(unescape_times):
            link = unescape(link)
        found.append(link)
        return url

    rewriter(text, collect)
    return found


def html_links(html: str) -> list[str]:
    """The URLs a page links to or loads, unescaped, in document order."""
    return _collect(rewrite_html, html, 1)


def css_links(css: str) -> list[str]:
    """The URLs a stylesheet loads (``url()`` and ``@import``)."""
    return _collect(rewrite_css, css, 0)


def escaped_html_links(text: str) -> list[str]:
    """The URLs in a feed's escaped HTML content."""
    return _collect(rewrite_escaped_html, text, 2)


def is_root_relative(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def under_base_path(base_path: str) -> Rewrite:
    """``/news/`` → ``/site/news/`` for a site served under ``/site/``."""

    def rewrite(url: str) -> str:
        return base_path + url[1:] if is_root_relative(url) else url

    return rewrite


def relative_link(url: str, directory: str) -> str:
    """A root-relative ``url`` as seen from a page in ``directory``: ``/static/a.css`` from ``/news/`` is
    ``../static/a.css``; links to folders keep their slash (``/`` from ``/news/`` is ``../``)."""
    if not is_root_relative(url):
        return url
    split = min((index for index in (url.find("?"), url.find("#")) if index >= 0), default=len(url))
    path, suffix = url[:split], url[split:]
    relative = posixpath.relpath(path, directory)
    if relative == ".":
        relative = "./"
    elif path.endswith("/"):
        relative += "/"
    if ":" in relative.split("/", 1)[0]:  # "a:b/" would read as a URL scheme
        relative = "./" + relative
    return relative + suffix


def relative_to(directory: str) -> Rewrite:
    return lambda url: relative_link(url, directory)


def url_directory(url_path: str) -> str:
    """The folder a browser resolves a page's relative links against: ``/a/b/`` for ``/a/b/``, ``/`` for ``/a.html``."""
    return url_path if url_path.endswith("/") else posixpath.dirname(url_path).rstrip("/") + "/"


def output_path(url_path: str) -> PurePosixPath:
    """The file a static host serves at ``url_path``: ``/a/b/`` is ``a/b/index.html``, ``/a.bib`` is ``a.bib``."""
    path = unquote(url_path)
    if not path.startswith("/") or "\\" in path or "\x00" in path or {".", ".."} & set(path.split("/")):
        raise ValueError(f"not a path a static host can serve: {url_path!r}")
    relative = path.strip("/")
    if path.endswith("/"):
        relative = f"{relative}/index.html" if relative else "index.html"
    return PurePosixPath(relative)


def origin_pattern(origins: Iterable[str]) -> re.Pattern[str]:
    """Matches the site's own address (``http://localhost``) with its slash, not ``http://localhost.example``."""
    alternatives = "|".join(re.escape(origin) for origin in sorted(set(origins), key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?:/|(?![\w.:@-]))")


def replace_origins(text: str, pattern: re.Pattern[str], base_url: str) -> str:
    """Absolute URLs of the site moved under ``base_url`` (which ends with a slash)."""
    return pattern.sub(lambda match: base_url, text)


def same_origin_paths(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The paths (with any query) of the site's absolute URLs in ``text``: canonical links, feeds, JSON-LD."""
    paths = []
    for match in pattern.finditer(text):
        tail = URL_TAIL.match(text, match.end())[0]
        paths.append("/" + unescape(tail).rstrip(TRAILING_PUNCTUATION))
    return paths


def per_response_secrets(html: str) -> list[str]:
    """What ties a page to one response (a CSRF token, a CSP nonce): never to be published as a file."""
    found = []
    if "csrfmiddlewaretoken" in html:
        found.append("a CSRF token (csrfmiddlewaretoken)")
    for tag in TAG.finditer(html):
        if any(attribute["name"].lower() == "nonce" for attribute in ATTRIBUTE.finditer(tag["attributes"])):
            found.append(f"a nonce attribute on <{tag['name']}>")
            break
    if "'nonce-" in html:
        found.append("a CSP nonce ('nonce-…')")
    return found


def normalise_base_url(url: str) -> str:
    """``https://owner.github.io/repo`` → ``https://owner.github.io/repo/``; only http(s) addresses are accepted."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"the base URL must be an http(s) address without a query or fragment, "
            f"e.g. https://owner.github.io/repo/ (got {url!r})"
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
