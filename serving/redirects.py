"""Old addresses of pages that moved, without the loop Wagtail's redirects can make.

wagtail.contrib.redirects adds a redirect from a page's old address whenever its slug changes or it
moves, and never takes one away when the page comes back to that address (a slug changed, then
changed back). While the page is live it answers there itself; once it is unpublished, its address
redirected to itself, over and over, instead of answering 404. So a page's redirects from the address
it has now are removed when its address changes (``forget_redirects_to_where_pages_are``), and the
middleware never redirects a request to the very address it asked for, whichever redirect says so
(one made before this, or one the owner added by hand).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import uri_to_iri
from wagtail.contrib.redirects.middleware import RedirectMiddleware as WagtailRedirectMiddleware
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.signals import page_slug_changed, post_page_move


def _path(url: str) -> str:
    """The path of ``url`` as the redirects store it: decoded, no trailing slash."""
    return Redirect.normalise_path(uri_to_iri(urlsplit(url).path))


def _onto_itself(redirect: Redirect) -> bool:
    """Whether ``redirect`` leads from an address to that same address (on its site, if it names one)."""
    link = redirect.link
    if not link or _path(link) != redirect.old_path:
        return False
    host = urlsplit(link).netloc
    return not host or redirect.site is None or host == urlsplit(redirect.site.root_url).netloc


def forget_redirects_to_where_pages_are(instance: Page, **kwargs: Any) -> None:
    """Remove the redirects from the address ``instance`` (or a page under it) has now to that same page."""
    pages = Page.objects.descendant_of(instance, inclusive=True)
    redirects = Redirect.objects.filter(redirect_page__in=pages).select_related("redirect_page", "site")
    onto_themselves = [redirect.pk for redirect in redirects if _onto_itself(redirect)]
    if onto_themselves:
        Redirect.objects.filter(pk__in=onto_themselves).delete()


def connect_signals() -> None:
    for signal in (page_slug_changed, post_page_move):
        signal.connect(forget_redirects_to_where_pages_are, dispatch_uid="forget_redirects_to_where_pages_are")


class RedirectMiddleware(WagtailRedirectMiddleware):
    """Wagtail's redirects on a 404, except one back to the address asked for: that stays a 404."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        redirected = super().process_response(request, response)
        if redirected is response:
            return response
        location = redirected["Location"]
        host = urlsplit(location).netloc
        if (not host or host == request.get_host()) and _path(location) == _path(request.path):
            return response
        return redirected
