"""Password-protected pages and documents, and "Forgotten password?", cannot be hammered.

Wrong passwords for private pages and document collections are counted per client
address like failed sign-ins (tests/test_login_throttle.py); reset mails are limited
per address mailed and per client. Each test posts where the site's own forms post.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from homepage.site_tree import ensure_homepage
from publications.models import PublicationIndexPage
from serving import throttle

pytestmark = pytest.mark.django_db

PASSWORD = "open sesame"
ATTACKER = "203.0.113.9"
VISITOR = "198.51.100.2"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


# Private pages and documents ------------------------------------------------------------------


@pytest.fixture
def private_page():
    """/publications/, shown only to visitors who give the shared password."""
    home, _, _ = ensure_homepage()
    home.save_revision().publish()
    index = PublicationIndexPage.ensure_under(home)
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)
    return index


@pytest.fixture
def private_document():
    """A document in a collection shown only to visitors who give the shared password."""
    collection = Collection.get_first_root_node().add_child(name="Reviewers only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password=PASSWORD
    )
    return get_document_model().objects.create(
        title="Draft", file=ContentFile(b"%PDF-1.7 draft", name="draft.pdf"), collection=collection
    )


def password_form(client, url: str) -> str:
    """Where the password form a visitor sees at ``url`` posts to."""
    response = client.get(url)
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser").select_one('form:has(input[name="password"])')
    return form["action"]


def test_the_password_form_is_the_sites_own_and_tells_nothing_of_what_it_guards(client, private_page, private_document):
    private_page.search_description = "Unpublished results, for reviewers"
    private_page.save_revision().publish()
    for url in (private_page.url, private_document.url):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        assert page.title.string.startswith("Password required"), url
        assert page.select_one('meta[name="robots"]')["content"] == "noindex", url
        assert page.select_one('link[rel="stylesheet"][href*="site"]'), url  # the site's look, not a bare form
        assert not page.select('meta[name="description"], meta[property^="og:"], link[rel="canonical"]'), url
        assert "reviewers" not in page.decode().lower(), url
    response = try_password(client, password_form(client, private_page.url), PASSWORD, VISITOR, private_page.url)
    assert response.status_code == 302 and client.get(private_page.url).status_code == 200


def try_password(client, action: str, password: str, address: str, return_url: str):
    return client.post(action, {"password": password, "return_url": return_url}, REMOTE_ADDR=address)


def test_wrong_page_passwords_from_one_address_get_429_and_others_still_get_in(client, private_page):
    action = password_form(client, private_page.url)
    statuses = [try_password(client, action, f"guess {n}", ATTACKER, "/publications/").status_code for n in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]

    locked = try_password(client, action, PASSWORD, ATTACKER, "/publications/")
    assert locked.status_code == 429
    assert locked["Content-Type"] == "text/plain; charset=utf-8"
    assert locked.content.decode() == "Too many wrong passwords from your address. Please try again later."
    assert locked["Retry-After"] == str(15 * 60)
    assert client.get("/publications/").context["form"] is not None  # still the password form

    visitor = try_password(client, action, PASSWORD, VISITOR, "/publications/")
    assert (visitor.status_code, visitor["Location"]) == (302, "/publications/")
    assert "Publications" in client.get("/publications/").content.decode()


def test_a_right_password_before_the_limit_gets_in_and_clears_the_count(client, private_page):
    action = password_form(client, private_page.url)
    for n in range(4):
        assert try_password(client, action, f"guess {n}", VISITOR, "/publications/").status_code == 200
    assert try_password(client, action, PASSWORD, VISITOR, "/publications/").status_code == 302

    client.logout()  # a new session: the password is asked again
    statuses = [try_password(client, action, f"typo {n}", VISITOR, "/publications/").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_wrong_document_passwords_are_throttled_too(client, private_document):
    action = password_form(client, private_document.url)
    for n in range(4):
        assert try_password(client, action, f"guess {n}", ATTACKER, private_document.url).status_code == 200
    assert try_password(client, action, "guess 5", ATTACKER, private_document.url).status_code == 429
    assert try_password(client, action, PASSWORD, ATTACKER, private_document.url).status_code == 429

    assert try_password(client, action, PASSWORD, VISITOR, private_document.url).status_code == 302
    assert client.get(private_document.url).getvalue() == b"%PDF-1.7 draft"


def test_guesses_at_pages_and_documents_count_together(client, private_page, private_document):
    page_action = password_form(client, private_page.url)
    document_action = password_form(client, private_document.url)
    for n in range(3):
        try_password(client, page_action, f"guess {n}", ATTACKER, "/publications/")
    for n in range(2):
        try_password(client, document_action, f"guess {n}", ATTACKER, private_document.url)
    assert try_password(client, page_action, PASSWORD, ATTACKER, "/publications/").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, private_page, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    action = password_form(client, private_page.url)
    for n in range(5):
        try_password(client, action, f"guess {n}", ATTACKER, "/publications/")
    assert try_password(client, action, PASSWORD, ATTACKER, "/publications/").status_code == 429
    time.sleep(1.1)
    assert try_password(client, action, PASSWORD, ATTACKER, "/publications/").status_code == 302


def test_showing_the_password_form_is_not_a_guess(client, private_page):
    action = password_form(client, private_page.url)
    for _ in range(10):
        assert client.get(action, REMOTE_ADDR=ATTACKER).status_code == 200
    assert try_password(client, action, PASSWORD, ATTACKER, "/publications/").status_code == 302


# "Forgotten password?" --------------------------------------------------------------------------


def reset_form(client) -> str:
    """Where the admin's "Forgotten password?" link leads."""
    login = BeautifulSoup(client.get("/admin/login/").content, "html.parser")
    return login.find("a", string=lambda text: text and "Forgotten password" in text)["href"]


def ask_reset(client, action: str, email: str, address: str):
    return client.post(action, {"email": email}, REMOTE_ADDR=address)


def test_at_most_three_reset_mails_an_hour_go_to_one_address(client, admin_user):
    action = reset_form(client)
    answers = [ask_reset(client, action, "admin@example.org", f"192.0.2.{n}") for n in range(5)]

    assert len(mail.outbox) == throttle.RESET_MAILS_PER_ADDRESS == 3
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, "/admin/password_reset/done/")}
    assert ask_reset(client, action, "ADMIN@example.org ", "192.0.2.99").status_code == 302
    assert len(mail.outbox) == 3  # however the address is typed

    django_user = type(admin_user)
    django_user.objects.create_user("editor", "editor@example.org", "editor password")
    ask_reset(client, action, "editor@example.org", "192.0.2.1")
    assert [message.to for message in mail.outbox[3:]] == [["editor@example.org"]]


def test_one_client_gets_ten_reset_requests_an_hour_whatever_the_address(client, admin_user):
    action = reset_form(client)
    for n in range(10):
        assert ask_reset(client, action, f"someone{n}@example.org", ATTACKER).status_code == 302
    throttled = ask_reset(client, action, "admin@example.org", ATTACKER)
    assert mail.outbox == []

    answered = ask_reset(client, action, "admin@example.org", VISITOR)
    assert [message.to for message in mail.outbox] == [["admin@example.org"]]
    assert (throttled.status_code, throttled["Location"]) == (answered.status_code, answered["Location"])


def test_a_throttled_request_looks_like_any_other(client, admin_user):
    """The same answer for a known address, an unknown one, and one past its limit: nothing to learn."""
    action = reset_form(client)
    for n in range(3):
        ask_reset(client, action, "admin@example.org", f"192.0.2.{n}")
    answers = [
        ask_reset(client, action, "admin@example.org", "192.0.2.50"),
        ask_reset(client, action, "nobody@example.org", "192.0.2.51"),
    ]
    assert len(mail.outbox) == 3  # the first was refused, the second had no one to go to
    assert len({(answer.status_code, answer["Location"], answer.content) for answer in answers}) == 1
    done = client.get(answers[0]["Location"])
    assert done.status_code == 200 and "Check your email" in done.content.decode()


def test_an_invalid_address_is_still_a_form_error(client):
    response = ask_reset(client, reset_form(client), "not an address", ATTACKER)
    assert response.status_code == 200 and "Enter a valid email address." in response.content.decode()


def test_counts_sent_at_once_are_all_counted_in_the_file_cache(tmp_path):
    """The file cache (production without Redis) reads and writes a count separately; from several workers
    at once, guesses were lost and six or eight went through where the limit is five."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=4) as workers:
        totals = list(workers.map(_count_in_file_cache, [str(tmp_path)] * 40))
    assert sorted(totals) == list(range(1, 41))


def _count_in_file_cache(location: str) -> int:
    """One worker counting one wrong guess against the file cache at ``location``."""
    from django.core.cache.backends.filebased import FileBasedCache

    counter = throttle.Throttle("test-race", 5, 60)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(throttle, "cache", FileBasedCache(location, {}))
        return counter.count("203.0.113.9")
