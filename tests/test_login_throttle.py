"""Sign-in throttling at Wagtail's /admin/login/: per client address, behind proxies too, revealing no accounts."""

from __future__ import annotations

import re
import statistics
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher, PBKDF2PasswordHasher
from django.db.models import F

from serving.client_ip import forwarded_client

LOGIN_URL = "/admin/login/"
OWNER_PASSWORD = "correct horse battery"  # the admin_user fixture's
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.2"
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in(client, username: str, password: str, address: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_repeated_failures_from_one_address_get_429_and_the_owner_elsewhere_still_signs_in(client, admin_user):
    statuses = [sign_in(client, "admin", f"guess {n}", ATTACKER).status_code for n in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    locked = sign_in(client, "admin", OWNER_PASSWORD, ATTACKER)
    assert locked.status_code == 429 and b"Too many failed sign-ins" in locked.content

    assert signed_in(sign_in(client, "admin", OWNER_PASSWORD, OWNER))


def test_failures_count_per_address_whatever_the_username(client, admin_user):
    for n in range(4):
        assert sign_in(client, f"user{n}", "guess", ATTACKER).status_code == 200
    assert sign_in(client, "someone-else", "guess", ATTACKER).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, admin_user, settings):
    for n in range(5):
        sign_in(client, "admin", f"guess {n}", ATTACKER)
    assert sign_in(client, "admin", OWNER_PASSWORD, ATTACKER).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert signed_in(sign_in(client, "admin", OWNER_PASSWORD, ATTACKER))


def test_without_proxies_x_forwarded_for_is_ignored(client, admin_user):
    """A client cannot make its failures count against the owner's address by claiming it."""
    for n in range(5):
        sign_in(client, "admin", f"guess {n}", ATTACKER, forwarded_for=OWNER)
    assert signed_in(sign_in(client, "admin", OWNER_PASSWORD, OWNER))
    assert sign_in(client, "admin", OWNER_PASSWORD, ATTACKER, forwarded_for="10.0.0.99").status_code == 429


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims(client, admin_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Every request reaches Django from the proxy; the attacker makes up a new address each time,
    # which the proxy keeps on the left and follows with the address it really saw.
    for n in range(5):
        sign_in(client, "admin", f"guess {n}", PROXY, forwarded_for=f"10.0.0.{n}, {ATTACKER}")
    assert sign_in(client, "admin", OWNER_PASSWORD, PROXY, forwarded_for=f"10.0.9.9, {ATTACKER}").status_code == 429
    assert signed_in(sign_in(client, "admin", OWNER_PASSWORD, PROXY, forwarded_for=OWNER))


@pytest.mark.parametrize(
    ("forwarded_for", "proxy_count", "client_address"),
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9, 192.0.2.1", 2, "203.0.113.9"),
        (" 2001:db8::1 ,192.0.2.1", 2, "2001:db8::1"),
        ("203.0.113.9", 0, None),
        ("203.0.113.9", 2, None),
        ("", 1, None),
        ("not-an-address", 1, None),
    ],
)
def test_forwarded_client(forwarded_for, proxy_count, client_address):
    assert forwarded_client(forwarded_for, proxy_count) == client_address


def comparable(response) -> str:
    """The page without what differs on every response (CSRF tokens) or is the visitor's own input."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"CSRF_TOKEN": "[^"]*"', "", html)
    return re.sub(r'name="username" value="[^"]*"', "", html)


def test_unknown_user_and_wrong_password_get_the_same_answer(client, admin_user):
    unknown = sign_in(client, "nobody-by-this-name", "guess", "192.0.2.10")
    wrong = sign_in(client, "admin", "guess", "192.0.2.11")
    assert unknown.status_code == wrong.status_code == 200
    assert comparable(unknown) == comparable(wrong)
    assert b"Your username and password didn" in wrong.content


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    encodings = 0

    def encode(self, password, salt):
        type(self).encodings += 1
        return super().encode(password, salt)


class SlowHasher(PBKDF2PasswordHasher):
    """Slow enough that skipping it would show in the timings, fast enough for a test."""

    algorithm = "slow_pbkdf2_sha256"
    iterations = 200_000


def test_unknown_user_costs_one_password_hash_like_a_wrong_password(client, settings, django_user_model):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    django_user_model.objects.create_superuser("admin", "admin@example.org", OWNER_PASSWORD)

    def hashes_for(username: str, address: str) -> int:
        before = CountingHasher.encodings
        assert sign_in(client, username, "guess", address).status_code == 200
        return CountingHasher.encodings - before

    assert hashes_for("nobody-by-this-name", "192.0.2.10") == hashes_for("admin", "192.0.2.11") == 1


def test_unknown_user_and_wrong_password_take_about_as_long(client, settings, django_user_model):
    settings.PASSWORD_HASHERS = [f"{__name__}.SlowHasher"]
    settings.AXES_FAILURE_LIMIT = 100
    django_user_model.objects.create_superuser("admin", "admin@example.org", OWNER_PASSWORD)

    def seconds(username: str) -> float:
        """The CPU time this thread spends on one sign-in: what an attacker's timing measures, without the
        waits that other processes on a busy machine add to the wall clock (which failed this test under load)."""
        start = time.thread_time()
        assert sign_in(client, username, "guess", "192.0.2.10").status_code == 200
        return time.thread_time() - start

    seconds("admin")  # warm up
    unknown, wrong = [], []
    for _ in range(5):
        unknown.append(seconds("nobody-by-this-name"))
        wrong.append(seconds("admin"))
    ratio = statistics.median(unknown) / statistics.median(wrong)
    assert 0.6 < ratio < 1 / 0.6, (
        f"unknown user {statistics.median(unknown):.3f}s, wrong password {statistics.median(wrong):.3f}s"
    )
