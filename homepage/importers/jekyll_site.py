"""The files of an AcadHomepage checkout beyond the about page.

``import_acadhomepage --repo DIR`` finds them here: the about page, the
config, the figures, extra navigation entries, the favicon and the Google
Scholar statistics the site's crawler left behind.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from core.source_files import MAX_TEXT_BYTES, SourceFileError, read_source_text
from homepage.importers.acadhomepage import ParsedLink
from homepage.importers.acadhomepage.source import FRONT_MATTER

ROOT_INDEX_CANDIDATES = ("index.md", "index.markdown", "index.html")
ABOUT_CANDIDATES = ("_pages/about.md", "_pages/about.markdown", "_pages/index.md", "about.md", "index.md")
FAVICON_CANDIDATES = (
    "images/apple-touch-icon-180x180.png",
    "images/android-chrome-512x512.png",
    "images/android-chrome-192x192.png",
    "images/favicon-32x32.png",
    "images/favicon.png",
    "favicon.png",
    "images/favicon.ico",
    "favicon.ico",
)
SCHOLAR_STATS = "google-scholar-stats/gs_data.json"
# ``{% include_relative includes/news.md %}`` (beside the page) and ``{% include news.html %}`` (from _includes/):
# the page's own text kept in other files, which Jekyll puts in its place.
INCLUDE = re.compile(r"\{%-?\s*(include_relative|include)\s+([^\s%]+)([^%]*?)-?%\}")
INCLUDE_DEPTH = 5
JEKYLL_SECONDS = 300
SCSS_ERROR = re.compile(r"Jekyll::Converters::Scss encountered an error while converting '([^']+)'")
# A math engine for kramdown that Debian does not package (kramdown-math-katex): the words are the same with the
# one kramdown carries, which leaves the formulas for MathJax to set in the browser.
MATH_ENGINE_ERROR = re.compile(r"cannot load such file -- kramdown-math-")
# A plugin the config asks for that Debian does not package (jemoji, say): built without it, as for the others.
MISSING_PLUGIN = re.compile(r"cannot load such file -- (?P<gem>[\w-]+)")
# Plugins GitHub Pages runs for every site that names them, whatever the site's own ``whitelist`` says (of those
# the template uses, the ones Debian packages): ``--safe`` alone would leave out those the whitelist forgets.
GITHUB_PAGES_PLUGINS = (
    "jekyll-feed", "jekyll-gist", "jekyll-paginate", "jekyll-redirect-from", "jekyll-seo-tag", "jekyll-sitemap",
)  # fmt: skip
# The page jekyll-redirect-from writes where a page says ``redirect_from: /``: the address it sends visitors to.
_REDIRECT_STUB = re.compile(
    r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\d+;\s*url=(?P<url>[^"'<>]+)["']""", re.I
)


class JekyllError(ValueError):
    """Jekyll could not build the checkout (or is not installed)."""


@dataclass
class SiteFiles:
    about: Path
    config: Path | None = None
    images_dir: Path | None = None
    navigation: Path | None = None
    favicon: Path | None = None
    scholar_stats: Path | None = None
    notes: list[str] = field(default_factory=list)  # what the import should say about how these were chosen


def _first(root: Path, candidates: tuple[str, ...]) -> Path | None:
    """The first of ``candidates`` the checkout has. A link or a device under that name counts too, so that
    reading it (``read_source_file``) says why it was refused rather than the file seeming absent."""
    found = (root / name for name in candidates)
    return next((path for path in found if os.path.lexists(path) and not path.is_dir()), None)


def find_site_files(repo: Path) -> SiteFiles:
    """Locate what an AcadHomepage checkout holds; raises ValueError when there is no about page."""
    if not repo.is_dir():
        raise ValueError(f"--repo must be a folder: {repo}")
    at_root = _homepage_pages(repo)
    # Two pages at "/" (an old copy left beside about.md, or about_cn.md written later): Jekyll sorts its pages by
    # file name and writes each over the one before, so visitors see the last; of _pages/, before an index page
    # beside the config.
    built = max(at_root, key=lambda path: path.name) if at_root else None
    in_pages = [path for path in at_root if path.parent != repo]
    about = max(in_pages, key=lambda path: path.name) if in_pages else built
    about = about or _first(repo, ABOUT_CANDIDATES)
    if about is None:
        raise ValueError(f"No about page in {repo} (looked for {', '.join(ABOUT_CANDIDATES)})")
    notes = []
    if built is not None and len(at_root) > 1:
        others = ", ".join(path.name for path in at_root if path != about)
        which = "the one Jekyll built there" if about == built else f"the page of _pages/ (Jekyll built {built.name})"
        notes.append(f"{len(at_root)} pages are at the site's root (permalink: /): imported {about.name}, {which}, "
                     f"not {others}")  # fmt: skip
    if about in at_root and not _has_content(about, repo):
        # A landing page whose layout writes all it shows ("layout: home", an empty body): the owner's profile and
        # papers are on their about page, which is what moves here.
        other = next(
            (path for path in map(repo.joinpath, ABOUT_CANDIDATES) if path != about and _has_content(path, repo)), None
        )
        if other is not None:
            notes.append(f"{about.relative_to(repo)} at the site's root has no content of its own (its layout "
                         f"writes that page): imported {other.relative_to(repo)}")  # fmt: skip
            about = other
    if static_index := _static_root_index(repo):
        notes.append(f"{static_index.name} beside _config.yml has no front matter: Jekyll copies it as it is over "
                     f"the homepage, so the old site showed that file; imported {about.name}")  # fmt: skip
    return SiteFiles(
        notes=notes,
        about=about,
        config=_first(repo, ("_config.yml", "_config.yaml")),
        images_dir=repo,
        navigation=_first(repo, ("_data/navigation.yml", "_data/navigation.yaml")),
        favicon=_first(repo, FAVICON_CANDIDATES),
        scholar_stats=_first(repo, (SCHOLAR_STATS,)),
    )


_COMMENTS = re.compile(r"<!--.*?(?:-->|\Z)|\{%-?\s*comment\s*-?%\}.*?(?:\{%-?\s*endcomment\s*-?%\}|\Z)", re.S)


def _has_content(path: Path, repo: Path) -> bool:
    """Whether a page writes anything of its own below its front matter (comments aside)."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        text = read_source_text(path, inside=repo, what="Page")
    except SourceFileError:
        return True  # reading it for the import says why it is refused
    front_matter = FRONT_MATTER.match(text.lstrip("\ufeff"))
    body = text.lstrip("\ufeff")[front_matter.end() :] if front_matter else text
    return bool(_COMMENTS.sub("", body).strip())


def _static_root_index(repo: Path) -> Path | None:
    """An ``index.html`` beside ``_config.yml`` without front matter (a hand-written "under maintenance" page)."""
    path = repo / "index.html"
    if path.is_symlink() or not path.is_file():
        return None
    try:
        head = read_source_text(path, inside=repo, what="Page")[:2000]
    except SourceFileError:
        return None
    return None if FRONT_MATTER.match(head) else path


HOMEPAGE_PERMALINK = re.compile(r"""^permalink:[ \t]*["']?/(?:index\.html)?["']?[ \t]*$""", re.MULTILINE)


def _homepage_pages(repo: Path) -> list[Path]:
    """The pages of ``_pages/`` whose front matter puts them at the site's root (``permalink: /``): the homepage,
    which is not always about.md (a site in two languages may serve about-zh.md there); or an ``index.md`` beside
    ``_config.yml`` that does. Where none is, the pages the root redirects to (``redirect_from: /``)."""
    folder = repo / "_pages"
    pages = sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    found, redirected = [], []
    for path in [*pages, *(repo / name for name in ROOT_INDEX_CANDIDATES)]:
        if path.suffix not in (".md", ".markdown", ".html") or path.is_symlink() or not path.is_file():
            continue
        try:
            head = read_source_text(path, inside=repo, what="Page")[:2000]
        except SourceFileError:
            continue
        front_matter = FRONT_MATTER.match(head)
        if front_matter is None:  # no front matter: Jekyll copies the file as it is
            continue
        # index.md beside _config.yml is served at the root unless it says otherwise.
        root_index = path.parent == repo and not re.search(r"^permalink:", front_matter.group(1), re.M)
        if root_index or HOMEPAGE_PERMALINK.search(front_matter.group(1)):
            found.append(path)
        elif _redirected_from_root(front_matter.group(1)):
            redirected.append(path)
    return found or redirected


def _redirected_from_root(front_matter: str) -> bool:
    """Whether a page's front matter has the root redirect to it (``redirect_from: [/]``, jekyll-redirect-from,
    which GitHub Pages runs): a site in two languages sending its visitors to one of them."""
    if "redirect_from" not in front_matter:
        return False
    try:
        settings = yaml.safe_load(front_matter)
    except yaml.YAMLError:
        return False
    sources = settings.get("redirect_from") if isinstance(settings, dict) else None
    sources = [sources] if isinstance(sources, str) else sources if isinstance(sources, list) else []
    return any(isinstance(source, str) and source.strip() in ("/", "/index.html") for source in sources)


def expand_includes(text: str, page: Path, repo: Path) -> tuple[str, list[str]]:
    """``text`` of the page at ``page`` with every include put in its place, as Jekyll does; and a note for
    each include that could not be (a file outside the checkout, missing, or too deep). Files are read as
    every file of the checkout is (core/source_files.py); the whole stays within MAX_TEXT_BYTES."""
    notes: list[str] = []
    budget = [MAX_TEXT_BYTES - len(text.encode())]

    def expand(text: str, folder: Path, depth: int) -> str:
        def replace(match: re.Match) -> str:
            kind, name = match.group(1), match.group(2).strip("\"'")
            if "{{" in name or match.group(3).strip():  # a name Liquid computes, or arguments: for Jekyll to run
                return match.group(0)
            path = (folder / name) if kind == "include_relative" else (repo / "_includes" / name)
            if depth >= INCLUDE_DEPTH:
                notes.append(f"{{% {kind} {name} %}} is nested too deep; left out")
                return ""
            try:
                included = read_source_text(path, inside=repo, what=f"Included file {name}")
            except SourceFileError as error:
                notes.append(f"{{% {kind} {name} %}} left out: {error}")
                return ""
            included = FRONT_MATTER.sub("", included, count=1)
            budget[0] -= len(included.encode())
            if budget[0] < 0:
                notes.append(f"{{% {kind} {name} %}} left out: the page with its includes is too long")
                return ""
            return expand(included, path.parent, depth + 1)

        return INCLUDE.sub(replace, text)

    return expand(text, page.parent, 0), notes


_MARKDOWN_INCLUDE = re.compile(r"\{%-?\s*include\s+([\w./-]+\.(?:md|markdown))\s*-?%\}")
_PAGE_LANGUAGE = re.compile(r"^lang:[ \t]*[\"']?(?P<lang>[A-Za-z-]{2,10})[\"']?[ \t]*$", re.M)


def body_from_layout(text: str, repo: Path) -> tuple[str, list[str]]:
    """An about page with no text of its own whose layout shows a Markdown file of ``_includes/`` in its place
    (``{% include i18n/home-en.md %}`` in ``_layouts/default.html``, one file per language): the page as a visitor
    reads it, that file included where its body was (``expand_includes`` puts it in), with a note; ``text``
    as it is otherwise. Of several, the one named for the page's ``lang:`` is taken, else the first."""
    front_matter = FRONT_MATTER.match(text.lstrip("\ufeff"))
    body = text.lstrip("\ufeff")[front_matter.end() :] if front_matter else text
    layouts = repo / "_layouts"
    if _COMMENTS.sub("", body).strip() or not layouts.is_dir() or layouts.is_symlink():
        return text, []
    names: list[str] = []
    for layout in sorted(layouts.glob("*.html")):
        try:
            source = read_source_text(layout, inside=repo, what="Layout")
        except SourceFileError:
            continue
        names += [name for name in _MARKDOWN_INCLUDE.findall(source) if name not in names]
    if not names:
        return text, []
    language = _PAGE_LANGUAGE.search(front_matter.group(1)) if front_matter else None
    wanted = language["lang"].lower() if language else "en"
    name = next((name for name in names if re.search(rf"[-_.]{re.escape(wanted)}\.\w+$", name, re.I)), names[0])
    note = f"The about page has no text of its own; its layout shows _includes/{name} in its place, read as the page"
    return f"{text.rstrip()}\n\n{{% include {name} %}}\n", [note]


def parse_navigation(text: str) -> list[ParsedLink]:
    """Entries of ``_data/navigation.yml`` that point somewhere else than a section of the page.

    Links to the page's own sections (``#-news``, ``/#about-me``) are left out:
    this site builds them from the sections, so they can never drift.
    """
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"_data/navigation.yml is not valid YAML: {error}") from error
    entries = data.get("main", []) if isinstance(data, dict) else []
    links = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        title, url = str(entry.get("title") or "").strip(), str(entry.get("url") or "").strip()
        if title and url and not url.lstrip("/").startswith("#"):
            links.append(ParsedLink(label=title, url=url))
    return links


def jekyll_installed() -> bool:
    return shutil.which("jekyll") is not None


def _without_plugin(config: Path | None, overrides: dict[str, object], gem: str) -> dict[str, list[str]]:
    """The config's plugin lists (``plugins``, ``gems`` as older sites name it, and ``whitelist``, the ones
    ``--safe`` loads) without ``gem``; empty when no list of them names it."""
    settings = _settings(config)
    lists = {key: overrides.get(key, settings.get(key)) for key in ("plugins", "gems", "whitelist")}
    return {key: [name for name in value if name != gem] for key, value in lists.items()
            if isinstance(value, list) and gem in value}  # fmt: skip


def build_with_jekyll(checkout: Path, into: Path, pages: dict[Path, str] | None = None) -> Path:
    """The checkout built by Jekyll (``--safe``: no plugins of its own, no links followed) on a copy of it in
    ``into``, without its Gemfile (Debian's Jekyll and plugins, not the versions a Gemfile pins), with ``pages``
    (path in the checkout: text) added to the copy; the built homepage's path."""
    jekyll = shutil.which("jekyll")
    if jekyll is None:
        raise JekyllError("Jekyll is not installed")
    source = into / "source"
    shutil.copytree(checkout, source, symlinks=True, ignore=shutil.ignore_patterns(".git", "_site", ".jekyll-cache"))
    for name in ("Gemfile", "Gemfile.lock"):
        (source / name).unlink(missing_ok=True)
    for path, text in (pages or {}).items():
        (source / path).write_text(text, encoding="utf-8")
    built = into / "site"
    config = next((source / name for name in ("_config.yml", "_config.yaml") if (source / name).is_file()), None)
    overrides: dict[str, object] = _github_pages_whitelist(config)  # laid over the site's config, in a file
    options = _options(config, overrides, into)
    try:
        for _ in range(6):
            done = subprocess.run(  # noqa: S603 - Jekyll, on a copy, in safe mode
                [jekyll, "build", "--safe", "--quiet", "--source", str(source), "--destination", str(built), *options],
                capture_output=True, text=True, timeout=JEKYLL_SECONDS, check=False,
            )  # fmt: skip
            if done.returncode == 0:
                break
            # A stylesheet newer than Debian's Sass compiler reads changes no word of the page: built without it.
            stylesheet = SCSS_ERROR.search(done.stderr)
            plugin = MISSING_PLUGIN.search(done.stderr)
            if stylesheet and (source / stylesheet[1]).is_file():
                (source / stylesheet[1]).unlink()
            elif MATH_ENGINE_ERROR.search(done.stderr) and "kramdown" not in overrides:
                overrides["kramdown"] = {"math_engine": "mathjax"}
            elif plugin and (without := _without_plugin(config, overrides, plugin["gem"])):
                overrides.update(without)
            else:
                break
            options = _options(config, overrides, into)
    except subprocess.TimeoutExpired as error:
        raise JekyllError(f"jekyll build took longer than {JEKYLL_SECONDS} s") from error
    if done.returncode != 0:
        raise JekyllError(f"jekyll build failed: {(done.stderr or done.stdout).strip()[-500:]}")
    homepage = _redirected(built / "index.html", built)
    if not homepage.is_file():
        raise JekyllError("jekyll built no homepage (index.html)")
    return homepage


def _settings(config: Path | None) -> dict:
    try:
        settings = yaml.safe_load(config.read_text(encoding="utf-8")) if config else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return settings if isinstance(settings, dict) else {}


def _github_pages_whitelist(config: Path | None) -> dict[str, object]:
    """``whitelist`` with the GitHub Pages plugins the site names added, where its own list leaves any out."""
    settings = _settings(config)
    named = [name for key in ("plugins", "gems") if isinstance(settings.get(key), list) for name in settings[key]]
    whitelist = settings.get("whitelist") if isinstance(settings.get("whitelist"), list) else []
    missing = [name for name in named if name in GITHUB_PAGES_PLUGINS and name not in whitelist]
    return {"whitelist": [*whitelist, *dict.fromkeys(missing)]} if missing else {}


def _options(config: Path | None, overrides: dict[str, object], into: Path) -> list[str]:
    if not overrides:
        return []
    override = into / "overrides.yml"
    override.write_text(yaml.safe_dump(overrides), encoding="utf-8")
    return ["--config", ",".join([*([str(config)] if config else []), str(override)])]


def _redirected(homepage: Path, built: Path) -> Path:
    """The page a visitor of the homepage sees: the one it redirects to, where a page of the site says
    ``redirect_from: /`` (a site in two languages sending visitors to one of them)."""
    try:
        stub = _REDIRECT_STUB.search(homepage.read_text(encoding="utf-8", errors="replace")[:4000])
    except OSError:
        return homepage
    if stub is None:
        return homepage
    segments = unquote(urlsplit(html.unescape(stub["url"])).path).strip("/").split("/")
    for start in range(len(segments)):  # the whole path, then without what a baseurl put before it
        path = "/".join(segments[start:])
        for candidate in (path, f"{path}/index.html", f"{path}.html"):
            target = (built / candidate).resolve()
            if target.is_file() and target != homepage.resolve() and target.is_relative_to(built.resolve()):
                return target
    return homepage
