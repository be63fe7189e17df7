"""Limits on the forms anyone can post again and again without signing in.

django-axes throttles the admin's sign-in. Two other forms need the same care:

- A page or a document collection protected by Wagtail's "a shared password"
  privacy option checks the password it is sent, with no limit: a script could try
  thousands a minute. Wrong passwords are counted per client address like failed
  sign-ins, with the same LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES: then that
  address gets HTTP 429, even with the right password, and nobody else notices. A
  right password before the limit clears the count.
- "Forgotten password?" mails a reset link to the address typed in: a script could
  fill the owner's mailbox, or make the site's mail server look like a spammer's.
  At most RESET_MAILS_PER_ADDRESS mails go to one address and
  RESET_REQUESTS_PER_CLIENT requests are served from one client address per hour;
  beyond that the form answers exactly as usual (so it still does not tell whether
  an account has that address) and sends nothing.

Both wrap Wagtail's own views at Wagtail's own URLs (``urlpatterns`` here is
included before Wagtail's in profile_site/urls.py). The counts live in Django's
cache, which every worker shares (Redis, or files on one machine; see settings),
under a hash of the client address (serving/client_ip.py, as axes sees it)
or of the email address.
"""

from __future__ import annotations

import fcntl
import hashlib
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail import views as wagtail_views
from wagtail.admin.views.account import PasswordResetView
from wagtail.documents.views import serve as document_views

from serving.client_ip import client_ip

# Three mails to one address an hour let the owner ask again when a mail is slow or
# lost; an attacker gets at most 72 a day into that mailbox, not thousands. Ten
# requests from one client address an hour are more than anyone with a few
# accounts needs, and keep one client from mailing many addresses.
RESET_MAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_CLIENT = 10
RESET_WINDOW_SECONDS = 60 * 60


@dataclass(frozen=True)
class Throttle:
    """At most ``limit`` counted events per key; the count is forgotten ``seconds`` after the last one."""

    scope: str
    limit: int
    seconds: int

    def key(self, who: str) -> str:
        return f"throttle:{self.scope}:{hashlib.sha256(who.encode()).hexdigest()}"

    def exhausted(self, who: str) -> bool:
        return (cache.get(self.key(who)) or 0) >= self.limit

    def count(self, who: str) -> int:
        """Count one event; the total so far, however many workers count at once."""
        key = self.key(who)
        with _counting():
            cache.add(key, 0, self.seconds)
            try:
                total = cache.incr(key)
            except ValueError:  # it expired between the two calls
                cache.set(key, 1, self.seconds)
                total = 1
            cache.touch(key, self.seconds)  # the file cache's incr() sets its default timeout
        return total

    def reset(self, who: str) -> None:
        cache.delete(self.key(who))


@contextmanager
def _counting() -> Iterator[None]:
    """Redis and the in-memory cache count atomically; the file cache's ``incr()`` reads, then writes, so
    forty wrong passwords sent at once by four workers counted as six. There the counting takes turns,
    by a lock on a file beside the cache's own (which the cache never culls)."""
    folder = getattr(cache, "_dir", None)
    if folder is None:
        yield
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    with open(Path(folder) / "throttle.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def view_password_throttle() -> Throttle:
    """Wrong passwords of private pages and documents, counted like failed sign-ins."""
    return Throttle("view-password", settings.AXES_FAILURE_LIMIT, int(settings.AXES_COOLOFF_TIME.total_seconds()))


def too_many_passwords(throttle: Throttle) -> HttpResponse:
    message = "Too many wrong passwords from your address. Please try again later."
    response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(throttle.seconds)
    return response


def throttle_wrong_passwords(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wagtail's password form view, answering 429 to an address that guessed wrong too often.

    Every password tried counts before it is checked, so requests sent at once
    cannot get past the limit; Wagtail redirects when the password is right, and
    that clears the count.
    """

    @wraps(view)
    def throttled(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        throttle = view_password_throttle()
        address = client_ip(request)
        if throttle.exhausted(address) or throttle.count(address) > throttle.limit:
            return too_many_passwords(throttle)
        response = view(request, *args, **kwargs)
        if response.status_code == 302:  # the password was right: Wagtail sends the visitor on
            throttle.reset(address)
        elif throttle.exhausted(address):
            return too_many_passwords(throttle)  # the last wrong guess says so, as a sign-in does
        return response

    return throttled


def normalised_email(email: str) -> str:
    """One key per mailbox however it is typed, as Django matches accounts (case-insensitively)."""
    return unicodedata.normalize("NFKC", email).casefold().strip()


def reset_mail_allowed(email: str, address: str) -> bool:
    """Count a reset request to ``email`` from ``address``; False once either has had its share this hour."""
    limits = (
        (Throttle("reset-mail-to", RESET_MAILS_PER_ADDRESS, RESET_WINDOW_SECONDS), normalised_email(email)),
        (Throttle("reset-mail-from", RESET_REQUESTS_PER_CLIENT, RESET_WINDOW_SECONDS), address),
    )
    if any(throttle.exhausted(who) for throttle, who in limits):
        return False
    totals = [(throttle.count(who), throttle.limit) for throttle, who in limits]  # both, even if one is over
    return all(total <= limit for total, limit in totals)


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's "Forgotten password?" form, which sends nothing past the limits and looks the same."""

    def form_valid(self, form):
        if reset_mail_allowed(form.cleaned_data["email"], client_ip(self.request)):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


urlpatterns = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttle_wrong_passwords(wagtail_views.authenticate_with_password),
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttle_wrong_passwords(document_views.authenticate_with_password),
    ),
    path("admin/password_reset/", never_cache(ThrottledPasswordResetView.as_view())),
]
