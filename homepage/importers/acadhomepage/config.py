"""``_config.yml``: the profile AcadHomepage's sidebar shows."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from urllib.parse import parse_qs, urlparse

import yaml

from core.markdown import markdown_escaped
from homepage.importers.acadhomepage.results import ParsedProfile
from homepage.importers.acadhomepage.source import FRONT_MATTER, HTML_TAG, repair_mojibake

_AUTHOR_FIELDS = ("avatar", "name", "bio", "location", "employer", "email", "uri")
_LINK_KIND_ALIASES = {"googlescholar": "google_scholar", "semanticscholar": "semantic_scholar"}
_SITE_FIELDS = {
    "site_title": "title",
    "description": "description",
    "google_site_verification": "google_site_verification",
    "bing_site_verification": "bing_site_verification",
    "baidu_site_verification": "baidu_site_verification",
    "analytics_id": "google_analytics_id",
}


def parse_config(text: str, sidebar: str | None = None, page_author: dict | None = None) -> ParsedProfile:
    """The profile from AcadHomepage's ``_config.yml`` (site keys and ``author:``).

    ``sidebar`` is the site's own ``_includes/author-profile.html``, when there is one: the ``author:``
    settings it shows beyond the template's (a sentence like ``intro: "Looking for a PhD position"``, or
    ``wechat: {title, description}``) become the sidebar's note. ``page_author``, the about page's own author
    (``page_author_settings``), stands in for ``author:`` as it does in the sidebar.
    """
    try:
        data = yaml.safe_load(repair_mojibake(text))
    except yaml.YAMLError as exc:
        raise ValueError(f"_config.yml is not valid YAML: {exc}") from exc
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ValueError("_config.yml must be a YAML mapping of settings, not a list or a single value")
    author = page_author if page_author is not None else data.get("author") or {}
    if not isinstance(author, dict):
        raise ValueError("_config.yml: `author` must be a mapping (name, bio, email, …)")

    # ``{% assign profile_description = author.description | default: site.description %}``: the author's own
    # line stands where the site's description would.
    over_site = _AUTHOR_OVER_SITE.search(sidebar or "")
    own_description = _scalar(author.get(over_site[1])) if over_site else ""
    if own_description:
        author = {key: value for key, value in author.items() if key != over_site[1]}
    # ``chinese_name: "史育恒"``, which the site's own sidebar shows under the name: the name in the owner's script.
    native_key = _native_name_key(author, sidebar or "")
    native_name = _as_text(_scalar(author.get(native_key))) if native_key else ""
    author = {key: value for key, value in author.items() if key != native_key}
    noted = _noted(author, sidebar or "")
    profile = ParsedProfile(
        native_name=native_name,
        **{name: _scalar(data.get(key)) for name, key in _SITE_FIELDS.items()},
        **{name: _scalar(author.get(name)) for name in _AUTHOR_FIELDS if name != "uri"},
        website=_scalar(author.get("uri")),
        links=_author_links({key: value for key, value in author.items() if key not in noted}),
        listed_links=_listed_links(author),
        sidebar_links=_sidebar_links(sidebar or ""),
        sidebar_note=_sidebar_note(author, noted),
    )
    profile.description = own_description or profile.description
    # The sidebar writes these as HTML ("Yiqun Zhang<br>(张逸群)" on two lines, "Huawei <img src='huawei.png'>"
    # with a logo); here they are text, shown as text.
    for name in ("name", "bio", "location", "employer", "site_title", "description"):
        setattr(profile, name, _as_text(getattr(profile, name)))
    profile.google_scholar_id = _scholar_user(profile.links.get("google_scholar", ""))
    return profile


def _as_text(html: str) -> str:
    """What a sidebar shows of a setting it writes as HTML, as one line of text."""
    return " ".join(unescape(HTML_TAG.sub(" ", html)).split())


def _scalar(value: object) -> str:
    """A setting as text; empty for missing, booleans and nested structures."""
    if value is None or isinstance(value, (bool, dict, list)):
        return ""
    return str(value).strip()


def _author_links(author: dict) -> dict[str, str]:
    """Every other non-empty ``author:`` setting is a profile link, unknown ones included (the import reports
    those it cannot link to); but a sentence the site's own sidebar writes out is its note."""
    links = {}
    for key, value in author.items():
        kind = _LINK_KIND_ALIASES.get(str(key).lower(), str(key).lower())
        if kind not in _AUTHOR_FIELDS and _scalar(value):
            links[kind] = _scalar(value)
    return links


# <a href="https://instagram.com/{{ author.instagram }}"><i class="fab fa-instagram"></i> Instagram</a>
_SIDEBAR_LINK = re.compile(
    r"href\s*=\s*\"(?P<before>[^\"{}<>]*)\{\{\s*author\.(?P<key>\w+)\s*\}\}(?P<after>[^\"{}<>]*)\"[^<>]*>"
    r"(?:\s*<(?:i|span|img|svg)\b[^<>]*>(?:\s*</(?:i|span|svg)>)?)*\s*(?P<label>[^<>{}\n]{0,50}?)\s*</a>"
)


def _sidebar_links(sidebar: str) -> dict[str, tuple[str, str]]:
    """How the site's own sidebar links each ``author:`` setting: the words it shows (the first link that shows
    any), and the address it makes of the setting, "{}" standing for it."""
    links: dict[str, tuple[str, str]] = {}
    for match in _SIDEBAR_LINK.finditer(sidebar):
        key = _LINK_KIND_ALIASES.get(match["key"].lower(), match["key"].lower())
        label = " ".join(unescape(match["label"]).split())
        if key not in links or label and not links[key][0]:
            address = unescape(match["before"]).replace("{", "{{").replace("}", "}}") + "{}"
            links[key] = (label, address + unescape(match["after"]).replace("{", "{{").replace("}", "}}"))
    return links


def _listed_links(author: dict) -> list[tuple[str, str, str]]:
    """The links a setting lists, each a mapping with an address and maybe a title, in the order written."""
    return [
        (
            _LINK_KIND_ALIASES.get(str(key).lower(), str(key).lower()),
            _scalar(item.get("url")),
            _scalar(item.get("title")),
        )
        for key, value in author.items()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict) and _scalar(item.get("url"))
    ]


_AUTHOR_OVER_SITE = re.compile(r"(?<![\w.])author\.(\w+)\s*\|\s*default:\s*site\.description\b")
_HAN_WORDS = re.compile(r"[\u4e00-\u9fff]{6}")


def _is_sentence(value: str) -> bool:
    """Words for a reader, not an address, a user name or an id: it has spaces (or is Chinese, written without
    them) and no ``://``."""
    return bool(re.search(r"\s", value) or _HAN_WORDS.search(value)) and "://" not in value


def _native_name_key(author: dict, sidebar: str) -> str | None:
    """The ``author:`` setting that is the owner's name in a script other than Latin (``chinese_name``,
    ``name_zh``) and that the sidebar shows, if there is one."""
    for key, value in author.items():
        text = _scalar(value)
        if key != "name" and "name" in str(key).lower() and _shown(sidebar, f"author.{key}") and _in_own_script(text):
            return key
    return None


def _in_own_script(text: str) -> bool:
    """A short text written in letters other than Latin ones (Han, Kana, Hangul, Cyrillic, …)."""
    letters = [character for character in text if character.isalpha()]
    return 0 < len(text) <= 100 and any("LATIN" not in unicodedata.name(letter, "LATIN") for letter in letters)


def _noted(settings: dict, sidebar: str, prefix: str = "author") -> dict[str, str]:
    """The settings the site's own sidebar writes out that the template has no place for, in the order they are
    written: sentences, mappings of a title and a description, and a value it shows as text after words of its
    own ("WeChat: {{ author.wechat }}"), each with those words ("" for the others)."""
    noted = {}
    for key, value in settings.items():
        if str(key) in _AUTHOR_FIELDS or not _shown(sidebar, f"{prefix}.{key}"):
            continue
        if not isinstance(value, dict) and not _scalar(value):  # "xing:" left empty: the sidebar shows nothing
            continue
        if isinstance(value, dict) or _is_sentence(_scalar(value)):
            noted[key] = ""
        elif (label := _text_label(sidebar, f"{prefix}.{key}")) and "://" not in _scalar(value):
            noted[key] = label
    return noted


def _text_label(sidebar: str, setting: str) -> str:
    """The words the sidebar writes as text before ``setting`` (``<li><i …></i> WeChat: {{ author.wechat }}</li>``):
    "WeChat"; "" where it shows it otherwise (in an address, an attribute, alone)."""
    found = re.search(
        rf">\s*(?P<label>[^<>{{}}\"'=\n]{{1,30}}?)\s*[:：]\s*\{{\{{-?\s*{re.escape(setting)}\s*-?\}}\}}\s*<", sidebar
    )
    return " ".join(unescape(found["label"]).split()) if found else ""


def _sidebar_note(settings: dict, noted: dict[str, str]) -> str:
    """The ``noted`` settings as the sidebar's note (Markdown): a sentence as it is, a mapping's title in bold over its
    description, a value after the words the sidebar showed it with ("WeChat: omorrow0")."""
    lines = []
    for key, label in noted.items():
        value = settings[key]
        if isinstance(value, dict):
            title, description = _scalar(value.get("title")), _scalar(value.get("description"))
            lines += [f"**{title}**" if title else "", description]
        elif label:  # an id as written: "wx_id_2024" in Markdown would show in italics
            lines.append(f"{label}: {markdown_escaped(_scalar(value))}")
        else:
            lines.append(_scalar(value))
    return "\n\n".join(line for line in lines if line)


def _shown(sidebar: str, setting: str) -> bool:
    """Whether the sidebar writes ``setting`` out: in ``{{ … }}``, or through a variable assigned from it; not
    a setting it only tests or looks up by (``{% if page.author and site.data.authors[page.author] %}``)."""
    name = re.escape(setting)
    if re.search(rf"\{{\{{[^{{}}]*(?<![\w.]){name}\b", sidebar):
        return True
    assigned = re.findall(rf"assign\s+(\w+)\s*=\s*{name}\b", sidebar)
    return any(_writes_out(sidebar, variable) for variable in assigned)


def _writes_out(sidebar: str, variable: str) -> bool:
    """Whether the sidebar writes the Liquid ``variable`` out (``{{ author_name }}``)."""
    return re.search(rf"\{{\{{-?\s*{re.escape(variable)}\b", sidebar) is not None


# ``{% assign author_bio = page.author_bio | default: author.bio %}``: the page's setting over the profile's.
_PAGE_OVER_PROFILE = re.compile(r"=\s*page\.(\w+)\s*\|\s*default:\s*(author|site)\.(\w+)")
_PROFILE_FIELD_OF = {("author", name): name for name in _AUTHOR_FIELDS if name not in ("avatar", "uri")} | {
    ("site", "description"): "description"
}


def apply_page_sidebar(profile: ParsedProfile, page: str, sidebar: str) -> None:
    """What the site's own sidebar shows from the about page's front matter: a setting it shows in place of the
    profile's (``page.author_bio | default: author.bio``) replaces that, other sentences it shows
    (``page.sidebar_intro``) join the note, as for the ``author:`` settings."""
    data = _front_matter_settings(page)
    if data is None:
        return  # none, or not a mapping: the page's own reading reports it
    replaced = set()
    for key, scope, name in _PAGE_OVER_PROFILE.findall(sidebar):
        if (field := _PROFILE_FIELD_OF.get((scope, name))) and (value := _scalar(data.get(key))):
            setattr(profile, field, value)
            replaced.add(key)
    kept = {key: value for key, value in data.items() if key not in replaced}
    note = _sidebar_note(kept, _noted(kept, sidebar, prefix="page"))
    profile.sidebar_note = "\n\n".join(filter(None, [profile.sidebar_note, note]))
    for field, value in _assigned_for_page(data, sidebar).items():
        setattr(profile, field, value)


# ``{% assign author_name = site.author.name %}`` then ``{% if page.lang == "zh" %}{% assign author_name = "郭金胜"
# %}{% endif %}``: a sidebar that writes the profile in the page's language.
_ASSIGNED_FIELD = re.compile(r"\{%-?\s*assign\s+(\w+)\s*=\s*(?:site\.)?author\.(\w+)\s*-?%\}")
_PAGE_CONDITION = re.compile(
    r"\{%-?\s*if\s+page\.(\w+)\s*==\s*(['\"])([^'\"]*)\2\s*-?%\}(.*?)\{%-?\s*(?:endif|else|elsif\b[^%]*)\s*-?%\}", re.S
)
_ASSIGNED_TEXT = re.compile(r"\{%-?\s*assign\s+(\w+)\s*=\s*(['\"])([^'\"]*)\2\s*-?%\}")


def _assigned_for_page(data: dict, sidebar: str) -> dict[str, str]:
    """The profile's fields a sidebar sets for this page (``page.lang == "zh"``) in place of the author's, by
    variables it shows (``{{ author_name }}``) and first assigns from the author's settings."""
    fields = {variable: name for variable, name in _ASSIGNED_FIELD.findall(sidebar) if name in _AUTHOR_FIELDS}
    values = {}
    for key, _, expected, body in _PAGE_CONDITION.findall(sidebar):
        if str(data.get(key, "")) != expected:
            continue
        for variable, _, text in _ASSIGNED_TEXT.findall(body):
            if (field := fields.get(variable)) and field not in ("avatar", "uri") and _writes_out(sidebar, variable):
                values[field] = _as_text(text)
    return values


# The template's sidebar: ``{% if page.author and site.data.authors[page.author] %}{% assign author = … %}``.
_PAGE_AUTHOR_LOOKUP = re.compile(r"site\.data\.authors\[\s*page\.author\s*\]")


def page_author_settings(page: str, sidebar: str, authors: str) -> dict | None:
    """The author the about page names (``author: someone`` in its front matter) from ``_data/authors.yml``
    (``authors``), when the sidebar shows that one in place of ``_config.yml``'s, as the template's does; else
    None."""
    settings = _front_matter_settings(page)
    if settings is None or not _PAGE_AUTHOR_LOOKUP.search(sidebar):
        return None
    key = settings.get("author")
    try:
        people = yaml.safe_load(repair_mojibake(authors))
    except yaml.YAMLError:
        return None
    found = people.get(key) if isinstance(people, dict) and isinstance(key, str) else None
    return found if isinstance(found, dict) else None


# "{% assign author = site.data.profile_zh.author %}", and the condition it may stand under.
_DATA_AUTHOR = re.compile(r"\{%-?\s*assign\s+author\s*=\s*site\.data\.(?P<name>\w+)\.author\s*-?%\}")
_URL_CONDITION = re.compile(r"""\{%-?\s*(?:els)?if\s+page\.url\s*==\s*["'](?P<url>[^"']*)["']\s*-?%\}""")


def sidebar_data_profile(page: str, sidebar: str) -> str | None:
    """The file of ``_data/`` whose ``author:`` the site's own sidebar shows on the about page (``page``), when it
    shows one in place of ``_config.yml``'s: ``{% assign author = site.data.profile_zh.author %}``, under
    ``{% if page.url == "/zh.html" %}`` when there are several (the page's permalink decides; else the one the
    sidebar falls back to); None when it shows ``_config.yml``'s."""
    assignments = list(_DATA_AUTHOR.finditer(sidebar))
    if not assignments:
        return None
    url = str((_front_matter_settings(page) or {}).get("permalink", ""))
    for condition in _URL_CONDITION.finditer(sidebar):
        chosen = next((match for match in assignments if match.start() >= condition.end()), None)
        if chosen is not None and condition["url"] == url:
            return chosen["name"]
    return assignments[-1]["name"]


# "{% if page.lang == 'en' %}Google Scholar{% else %}谷歌学术主页{% endif %}": words in the page's language, each
# branch plain text (no tag of its own inside).
_PLAIN = r"(?:[^{]|\{(?!%))*"
_WORDS_FOR_PAGE = re.compile(
    rf"\{{%-?\s*if\s+page\.(?P<key>\w+)\s*(?P<test>==|!=)\s*(?P<quote>['\"])(?P<value>[^'\"]*)(?P=quote)\s*-?%\}}"
    rf"(?P<then>{_PLAIN})(?:\{{%-?\s*else\s*-?%\}}(?P<otherwise>{_PLAIN}))?\{{%-?\s*endif\s*-?%\}}"
)


def sidebar_for_page(sidebar: str, page: str) -> str:
    """The sidebar with the words it shows by the page's front matter (its ``lang``, say) chosen for the about page
    (``page``), as Jekyll showed them there."""
    settings = _front_matter_settings(page) or {}

    def chosen(match: re.Match[str]) -> str:
        equal = str(settings.get(match["key"], "")) == match["value"]
        return match["then"] if equal == (match["test"] == "==") else match["otherwise"] or ""

    return _WORDS_FOR_PAGE.sub(chosen, sidebar)


def _front_matter_settings(page: str) -> dict | None:
    """The about page's front matter as a mapping; None when it has none, or one that is not a mapping."""
    front_matter = FRONT_MATTER.match(page.lstrip("\ufeff"))
    try:
        settings = yaml.safe_load(front_matter.group(1)) if front_matter else None
    except yaml.YAMLError:
        return None
    return settings if isinstance(settings, dict) else None


def data_profile_settings(text: str, name: str, sidebar: str) -> tuple[dict | None, str]:
    """The ``author:`` of ``_data/<name>.yml`` (``text``), which the sidebar shows (``sidebar_data_profile``),
    and the file's ``description`` when the sidebar shows that too (``{% assign profile = site.data.<name> %}``,
    then ``{{ profile.description }}``); (None, "") for a file of another shape."""
    try:
        data = yaml.safe_load(repair_mojibake(text))
    except yaml.YAMLError:
        return None, ""
    if not isinstance(data, dict) or not isinstance(data.get("author"), dict):
        return None, ""
    assigned = re.search(rf"\{{%-?\s*assign\s+(\w+)\s*=\s*site\.data\.{re.escape(name)}\s*-?%\}}", sidebar)
    shown = assigned is not None and _shown(sidebar, f"{assigned[1]}.description")
    return data["author"], _as_text(_scalar(data.get("description"))) if shown else ""


def _scholar_user(value: str) -> str:
    """``…/citations?user=0aDsRecAAAAJ`` -> "0aDsRecAAAAJ"; a bare id is already the id."""
    if "://" not in value:
        return value if re.fullmatch(r"[\w-]+", value) else ""
    return parse_qs(urlparse(value).query).get("user", [""])[0]
