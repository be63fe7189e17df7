"""Content-Security-Policy on every response: one for the public site, one for the admin.

Public pages run only the site's own script and style files (templates/ has no
inline script, no ``style`` attribute; markdown loses both in the sanitiser),
so their policy allows no inline code at all and needs no nonce: a page is the
same for every visitor, and the page cache or a static export can keep it as it
is. Google Analytics, when the owner sets an id, adds the origins Google
documents for it, on the pages that load it.

The admin (and the previews it shows in a same-origin frame) is never cached.
Measured in Chromium (tests/e2e/test_csp.py), Wagtail's admin needs the public
policy plus ``data:`` and ``blob:`` images, requests to itself, framing by itself, and a few
inline scripts: each only calls one of Wagtail's widget initialisers
(``initDateChooser("id_date", {...})``, ``new ImageChooser(...)``, an
InlinePanel's ``new InlinePanel(JSON.parse("..."))``) with JSON data. Those,
and only those, are allowed by their hashes, per response; any other inline
script (one injected into a page, say) stays blocked. Wagtail renders them
again, unchanged, when a dialog opens, so their hashes still match.

Not django-csp: its way to allow inline code is a nonce, a secret per response,
which would make a public page different for every visitor (no page cache, no
static export); and the admin's inline scripts are Wagtail's, not ours, so
they can only be allowed by hashing what the response actually contains.

The middleware sits above the page cache, so cache hits get the policy too. A
page is cached with the policy it was rendered with (which names the analytics
origins only when the page loaded them): the header is set once the template
has rendered, before the page cache stores the response.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse

HEADER = "Content-Security-Policy"
SELF = "'self'"
NONE = "'none'"
ADMIN_PREFIX = "/admin/"

Policy = dict[str, tuple[str, ...]]

PUBLIC_POLICY: Policy = {
    "default-src": (NONE,),
    "script-src": (SELF,),
    "style-src": (SELF,),
    "img-src": (SELF,),
    # Nothing of the site's own fetches, but tools that read a page from inside it do: Lighthouse
    # (12.2.3) fetches /robots.txt from the page, and with no connect-src scores SEO 92 for it.
    "connect-src": (SELF,),
    "form-action": (SELF,),
    "object-src": (NONE,),
    "base-uri": (NONE,),
    "frame-ancestors": (NONE,),
}
# What gtag.js needs for Google Analytics 4, as Google documents it
# (developers.google.com/tag-platform/security/guides/csp).
ANALYTICS_SOURCES: Policy = {
    "script-src": ("https://*.googletagmanager.com",),
    "img-src": ("https://*.google-analytics.com", "https://*.googletagmanager.com"),
    "connect-src": (
        "https://*.google-analytics.com",
        "https://*.analytics.google.com",
        "https://*.googletagmanager.com",
    ),
}
ADMIN_SOURCES: Policy = {
    "img-src": ("data:", "blob:"),  # jQuery UI's menu bullet (tag suggestions); thumbnails of uploads
    "connect-src": (SELF,),  # previews, choosers, the markdown preview
    "frame-src": (SELF,),  # the preview panel
    "frame-ancestors": (SELF,),  # the preview, framed by the editor
}

# Wagtail's inline initialisers: a call with JSON arguments, or an InlinePanel built from a JSON string.
WAGTAIL_FUNCTIONS = {"initDateChooser", "initTimeChooser", "initDateTimeChooser", "createTaskChooser"}
WAGTAIL_CONSTRUCTORS = {"Chooser", "PageChooser", "ImageChooser", "DocumentChooser", "SnippetChooser"}
WAGTAIL_CALL = re.compile(r"\s*(?P<new>new\s+)?(?P<name>[A-Za-z]+)\((?P<arguments>.*)\);?\s*", re.DOTALL)
WAGTAIL_PANEL = re.compile(
    r"\s*\(function\(\)\s*\{\s*var panel = new (?:InlinePanel|MultipleChooserPanel)"
    r'\(JSON\.parse\((?P<options>"[^"\\]*(?:\\.[^"\\]*)*")\)\);\s*\}\)\(\);\s*',
    re.DOTALL,
)
# Jcrop (the focal point editor) probes for touch events by setting an ``ontouchstart="return;"``
# attribute; the handler does nothing, and is allowed by its hash on the pages that load Jcrop.
JCROP = "wagtailimages/js/vendor/jquery.Jcrop"
JCROP_TOUCH_PROBE = "return;"
SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


def serialize(policy: Policy) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def extend(policy: Policy, extra: Policy) -> Policy:
    """The policy with more sources; a directive that was ``'none'`` becomes just the new ones."""
    merged = dict(policy)
    for directive, sources in extra.items():
        kept = tuple(source for source in merged.get(directive, ()) if source != NONE)
        merged[directive] = kept + tuple(source for source in sources if source not in kept)
    return merged


def _reject_constant(name: str) -> None:
    raise ValueError(f"not JSON data: {name}")


def _json_data(text: str) -> object:
    """``text`` as JSON, or ValueError: strict JSON only (no NaN or Infinity, which name JavaScript globals)."""
    return json.loads(text, parse_constant=_reject_constant)


def is_wagtail_initialiser(script: str) -> bool:
    """Whether an inline script only hands JSON data to one of Wagtail's widget initialisers."""
    try:
        if call := WAGTAIL_CALL.fullmatch(script):
            known = WAGTAIL_CONSTRUCTORS if call["new"] else WAGTAIL_FUNCTIONS
            return call["name"] in known and isinstance(_json_data(f"[{call['arguments']}]"), list)
        if panel := WAGTAIL_PANEL.fullmatch(script):
            options = _json_data(panel["options"])
            return isinstance(options, str) and isinstance(_json_data(options), dict)
    except ValueError:
        return False
    return False


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def wagtail_script_hashes(html: str) -> tuple[str, ...]:
    """The CSP hashes of the page's inline scripts that are Wagtail initialisers, in page order, once each."""
    scripts = (match["body"] for match in SCRIPT_ELEMENT.finditer(html))
    return tuple(dict.fromkeys(script_hash(script) for script in scripts if is_wagtail_initialiser(script)))


@cache
def media_origin() -> str:
    """The origin uploaded images come from, when it is not the site's own (a bucket or its CDN)."""
    from django.core.files.storage import default_storage

    try:
        url = default_storage.url("probe.png")
    except Exception:  # noqa: BLE001 - a storage that cannot name a URL offline has nothing to allow
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else ""


def _with_media(policy: Policy) -> Policy:
    origin = media_origin()
    return extend(policy, {"img-src": (origin,)}) if origin else policy


@cache
def public_policy(*, analytics: bool) -> str:
    policy = _with_media(PUBLIC_POLICY)
    return serialize(extend(policy, ANALYTICS_SOURCES) if analytics else policy)


def admin_policy(script_hashes: tuple[str, ...] = ()) -> str:
    policy = _with_media(extend(PUBLIC_POLICY, ADMIN_SOURCES))
    return serialize(extend(policy, {"script-src": script_hashes}))


def loads_analytics(request: HttpRequest) -> bool:
    """Whether the page rendered for this request included Google Analytics.

    base.html loads it when the profile has an analytics id; rendering the
    page read the profile settings through the request, which keeps them. A
    response that never read them (a redirect, a feed) loads no analytics.
    """
    from profile_site.models import ProfileSettings

    profile = getattr(request, ProfileSettings.get_cache_attr_name(), None)
    return bool(profile is not None and profile.analytics_id)


def is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html") and not response.streaming


def admin_script_hashes(html: str) -> tuple[str, ...]:
    """What the admin page's own inline code needs: its Wagtail initialisers, and Jcrop's probe."""
    hashes = wagtail_script_hashes(html)
    if JCROP in html:
        hashes += ("'unsafe-hashes'", script_hash(JCROP_TOUCH_PROBE))
    return hashes


def is_debug_page(response: HttpResponse) -> bool:
    """Django's error pages in development (DEBUG) style themselves inline; nothing else does."""
    return settings.DEBUG and response.status_code >= 400


def policy_for(request: HttpRequest, response: HttpResponse) -> str:
    if request.path.startswith(ADMIN_PREFIX):
        html = response.content.decode(response.charset, "replace") if is_html(response) else ""
        return admin_policy(admin_script_hashes(html))
    return public_policy(analytics=loads_analytics(request))


class SecurityHeadersMiddleware:
    """Add the policy to every response that has none of its own (a view may set a stricter one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Wagtail renders a preview through the middleware with a stand-in request for the
        # page's own URL; the admin request around it sets the policy.
        if HEADER not in response and not getattr(request, "is_dummy", False) and not is_debug_page(response):
            response[HEADER] = policy_for(request, response)
        return response

    def process_template_response(self, request: HttpRequest, response: SimpleTemplateResponse):
        """Set a public page's policy as soon as it is rendered, so the page cache stores it with the page."""

        def set_policy(rendered: SimpleTemplateResponse) -> None:
            if HEADER not in rendered and not getattr(request, "is_dummy", False):
                rendered[HEADER] = policy_for(request, rendered)

        if not request.path.startswith(ADMIN_PREFIX):
            response.add_post_render_callback(set_policy)
        return response
