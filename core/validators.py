"""What the owner may type into the fields that become headings and links.

Bidirectional control characters (U+202A–U+202E, U+2066–U+2069) are refused in
titles, names and labels rather than silently removed. They change the order in
which a browser shows the characters around them, so "gpj.exe" can be shown as
"exe.jpg" and a title can read differently from what is stored, searched,
exported to BibTeX and sent to feed readers. An unclosed one also leaks past its
element into whatever follows it in places no markup can fence in (the tab
title, a feed reader's list, a citation manager). Nobody types them by hand:
they arrive pasted from elsewhere, so an error that names the field is more
useful than a title changed behind the owner's back. Right-to-left text itself
needs none of them (the browser orders Arabic or Hebrew by itself), and the
harmless direction marks U+200E/U+200F stay allowed.

Links the site shows go to web pages (http/https), an e-mail address (mailto)
or a path on this site; anything else (``javascript:``, ``data:``, ``vbscript:``,
``ftp:``) is refused where it is typed and never put into an ``href``.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
WEB_SCHEMES = ("http", "https")
LINK_SCHEMES = {*WEB_SCHEMES, "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# What browsers ignore or strip before they read a URL's scheme ("java\tscript:", " javascript:").
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")

web_url = URLValidator(
    schemes=list(WEB_SCHEMES), message="Enter a full web address starting with https://.", code="not_web_address"
)


def reject_bidi_controls(value: str) -> None:
    if value and BIDI_CONTROLS.search(value):
        raise ValidationError(
            "Remove the invisible text-direction characters (U+202A–U+202E, U+2066–U+2069): they make the text "
            "display in another order than it is written.",
            code="bidi_control",
        )


def plain_text_errors(instance: Any, *field_names: str) -> dict[str, ValidationError | str]:
    """The fields of ``instance`` (a page's title, say) that carry bidirectional controls, for ``clean()``."""
    errors: dict[str, ValidationError | str] = {}
    for name in field_names:
        try:
            reject_bidi_controls(getattr(instance, name, "") or "")
        except ValidationError as error:
            errors[name] = error
    return errors


def link_scheme(url: str) -> str:
    """The scheme a browser would read from ``url`` ("" for a path or a bare identifier)."""
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", url))
    return match[1].lower() if match else ""


def is_safe_link(url: str) -> bool:
    """Whether ``url`` may go into an ``href``: a web or mailto address, or a path on this site."""
    scheme = link_scheme(url.strip())
    return bool(url.strip()) and (not scheme or scheme in LINK_SCHEMES)


def validate_link(url: str) -> None:
    """A link typed by the owner: a full web address, a mailto: address, or a path on this site (``/…``, ``#…``)."""
    url = url.strip()
    scheme = link_scheme(url)
    if scheme in WEB_SCHEMES:
        web_url(url)
    elif scheme != "mailto" and not url.startswith(("/", "#")):
        raise ValidationError(
            "Enter a full web address (https://…), a mailto: address or a path on this site (/publications/).",
            code="invalid_link",
        )
