"""update_metrics against local servers that answer like the real services, and what the pages then show.

The servers answer with recorded responses (tests/fixtures/metrics/), including
slow, failing, rate-limited and malformed ones: the page must keep showing the
last good numbers, and must never ask a third party for anything.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
import time
import types
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Collection, Site

from homepage.importers.acadhomepage import parse_about
from homepage.importers.writer import SCHOLAR_STATS_TITLE, SiteExtras, import_site
from homepage.site_tree import ensure_homepage
from metrics.models import Kind, Metric, MetricReading, MetricsSettings, RefreshRun, Source
from profile_site.models import ProfileSettings
from publications.models import ArtifactBadge, PublicationAuthor, PublicationIndexPage, PublicationPage
from tests.helpers import LocalServer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "metrics"
GS_DATA = FIXTURES / "gs_data.json"


# A local stand-in for OpenAlex, Semantic Scholar, GitHub and Hugging Face -------------


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0


class RecordedServices:
    """One local HTTP server; each service lives under its own prefix (/openalex, /s2, /github, /hf)."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        services = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                services.requests.append((self.path, {key.lower(): value for key, value in self.headers.items()}))
                answer = services.answers.get(urlsplit(self.path).path) or Answer(404, b'{"error": "Not Found"}')
                time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    for name, value in {"Content-Type": "application/json; charset=utf-8", **answer.headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is the point of a slow answer

            def log_message(self, *args) -> None:
                pass

        self.server = LocalServer(Handler)
        self.url = self.server.url

    def answer(self, path: str, fixture: str = "", *, status: int = 200, body: bytes | None = None, **kwargs) -> None:
        data = body if body is not None else (FIXTURES / fixture).read_bytes()
        self.answers[path] = Answer(status, data, **kwargs)

    def paths(self, prefix: str = "") -> list[str]:
        return [urlsplit(path).path for path, _ in self.requests if path.startswith(prefix)]


@pytest.fixture
def services(settings):
    services = RecordedServices()
    settings.METRICS_OPENALEX_URL = f"{services.url}/openalex"
    settings.METRICS_SEMANTIC_SCHOLAR_URL = f"{services.url}/s2"
    settings.METRICS_GITHUB_API_URL = f"{services.url}/github"
    settings.METRICS_HUGGINGFACE_URL = f"{services.url}/hf"
    settings.METRICS_TIMEOUT_SECONDS = 0.5
    settings.METRICS_MIN_INTERVAL_SECONDS = {}
    settings.METRICS_SCHOLAR_JSON = ""
    settings.METRICS_SCHOLAR_LIVE = False
    settings.METRICS_CONTACT_EMAIL = ""
    yield services
    services.server.close()


def record_answers(services: RecordedServices) -> None:
    """The answers the real services give for the papers and artifacts of ``site``."""
    services.answer("/openalex/works/doi:10.48550/arXiv.2403.12968", "openalex/work_llmlingua2.json")
    services.answer("/openalex/works/doi:10.48550/arXiv.2411.02886", "openalex/work_tokenselect.json")
    services.answer("/openalex/works", "openalex/works_title_search.json")
    services.answer("/s2/graph/v1/paper/arXiv:2403.12968", "semantic_scholar/paper_llmlingua2.json")
    services.answer("/s2/graph/v1/paper/arXiv:2411.02886", "semantic_scholar/not_found.json", status=404)
    services.answer("/github/repos/microsoft/LLMLingua", "github/repo_llmlingua.json")
    services.answer("/github/repos/pzs19/TokenSelect", "github/repo_tokenselect.json")
    services.answer("/hf/api/spaces/microsoft/llmlingua-2", "huggingface/space_llmlingua2.json")
    services.answer(
        "/hf/api/models/microsoft/llmlingua-2-xlm-roberta-large-meetingbank", "huggingface/model_llmlingua2.json"
    )


# A small site: a homepage with the about text and two papers ------------------------------


def add_paper(index, title: str, arxiv_id: str = "", badges=(), featured: bool = True, scholar_id: str = ""):
    page = PublicationPage(
        title=title,
        slug=re.sub(r"[^a-z0-9]+", "-", title.lower())[:50].strip("-"),
        arxiv_id=arxiv_id,
        scholar_id=scholar_id,
        featured=featured,
        date=datetime.date(2024, 3, 1),
        venue_short="ACL'24",
    )
    page.authors = [PublicationAuthor(name="Zhuoshi Pan", is_owner=True)]
    page.badges = [ArtifactBadge(kind=kind, identifier=identifier) for kind, identifier in badges]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def site():
    home, _, _ = ensure_homepage()
    home.about = "Graduate student with {citations} citations and an h-index of {h-index}."
    home.sections = [
        ("about", {"emoji": "", "title": "About Me", "anchor": "about-me", "visible": True}),
        (
            "publications",
            {"emoji": "📝", "title": "Publications", "anchor": "-publications", "visible": True, "show_others": True},
        ),
    ]
    home.save_revision().publish()
    index = PublicationIndexPage.ensure_under(home)
    llmlingua = add_paper(
        index,
        "LLMLingua-2: Data Distillation for Efficient and Faithful Task-Agnostic Prompt Compression",
        arxiv_id="2403.12968",
        badges=[
            ("github", "microsoft/LLMLingua"),
            ("hf_space", "microsoft/llmlingua-2"),
            ("hf_model", "microsoft/llmlingua-2-xlm-roberta-large-meetingbank"),
        ],
    )
    tokenselect = add_paper(
        index,
        "TokenSelect: Efficient Long-Context Inference and Length Extrapolation for LLMs",
        arxiv_id="2411.02886",
        badges=[("github", "pzs19/TokenSelect")],
        featured=False,
    )
    return types.SimpleNamespace(home=home, index=index, llmlingua=llmlingua, tokenselect=tokenselect)


def update_metrics(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("update_metrics", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def metric(kind: str, publication=None, subject: str = "") -> Metric:
    return Metric.objects.get(kind=kind, publication=publication, subject=subject)


def homepage(client) -> BeautifulSoup:
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def badge_values(soup: BeautifulSoup) -> dict[str, str]:
    return {
        badge["href"]: badge.select_one(".artifact-badge__value").get_text(" ", strip=True)
        for badge in soup.select(".artifact-badge")
    }


# A full run ---------------------------------------------------------------------------------


def test_full_run_refreshes_every_item_and_reports_progress(site, services):
    record_answers(services)
    out, err = update_metrics()
    assert "[OpenAlex 1/2]" in out and "[OpenAlex 2/2]" in out
    assert "[GitHub 2/2] pzs19/TokenSelect: 48 stars" in out
    assert (
        "[Hugging Face 1/2] models/microsoft/llmlingua-2-xlm-roberta-large-meetingbank: 29 likes, 48,213 downloads"
        in out
    )
    assert "Done: 7 of 8 items refreshed, 1 failed." in out
    assert "[Semantic Scholar 2/2] “TokenSelect" in err and "not found (HTTP 404" in err

    llmlingua = metric(Kind.PAPER_CITATIONS, site.llmlingua)
    assert (llmlingua.value, llmlingua.source) == (203, Source.SEMANTIC_SCHOLAR)  # preferred over OpenAlex's 187
    assert sorted(llmlingua.readings.values_list("source", "value")) == [("openalex", 187), ("semantic_scholar", 203)]
    tokenselect = metric(Kind.PAPER_CITATIONS, site.tokenselect)
    assert (tokenselect.value, tokenselect.source) == (14, Source.OPENALEX)
    assert "Semantic Scholar: not found" in tokenselect.last_error
    assert metric(Kind.STARS, subject="github:microsoft/LLMLingua").value == 5123
    assert metric(Kind.LIKES, subject="hf_space:microsoft/llmlingua-2").value == 196
    assert metric(Kind.DOWNLOADS, subject="hf_model:microsoft/llmlingua-2-xlm-roberta-large-meetingbank").value == 48213
    assert metric(Kind.STARS, subject="github:microsoft/LLMLingua").fetched_at is not None

    # Without Google Scholar data, the totals come from OpenAlex over the site's papers.
    assert (metric(Kind.CITATIONS).value, metric(Kind.CITATIONS).source) == (201, Source.OPENALEX)
    assert metric(Kind.H_INDEX).value == 2
    assert metric(Kind.CITATIONS_IN_YEAR, subject="2025").value == 133

    run = RefreshRun.objects.get()
    assert (run.items_total, run.items_ok, run.items_failed) == (8, 7, 1)
    assert run.finished_at is not None


def test_requests_say_who_is_asking_and_use_tokens_from_the_environment(site, services, monkeypatch):
    record_answers(services)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_test")
    update_metrics("--only", "github")
    headers = [headers for path, headers in services.requests if path.startswith("/github/")]
    assert headers and all(h["authorization"] == "Bearer ghp_test" for h in headers)
    assert all(h["user-agent"].startswith("profile_site-metrics/") for h in headers)
    assert all(h["x-github-api-version"] == "2022-11-28" for h in headers)
    assert services.paths() == ["/github/repos/microsoft/LLMLingua", "/github/repos/pzs19/TokenSelect"]


def test_the_page_shows_the_numbers_and_asks_no_one(client, site, services):
    record_answers(services)
    update_metrics()
    services.requests.clear()
    soup = homepage(client)
    assert services.requests == []
    boxes = soup.select(".paper-box")
    assert boxes[0].select_one(".citation-count").get_text() == "Cited by 203"
    assert boxes[0].select_one(".citation-count")["title"].startswith("Semantic Scholar, ")
    others = soup.select(".publication-list .citation-count")
    assert [count.get_text() for count in others] == ["Cited by 14"]
    assert badge_values(soup) == {
        "https://github.com/microsoft/LLMLingua": "5.1k 5,123 stars",
        "https://huggingface.co/spaces/microsoft/llmlingua-2": "♥ 196 196 likes",
        "https://huggingface.co/microsoft/llmlingua-2-xlm-roberta-large-meetingbank": (
            "♥ 29 · ↓ 48k 29 likes, 48,213 downloads in the last 30 days"
        ),
        "https://github.com/pzs19/TokenSelect": "48 48 stars",
    }
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("source", "srcset"), ("image", "href")):
        for node in soup.find_all(tag):
            host = urlsplit(node.get(attr, "")).hostname
            assert host in {None, "localhost", "testserver"}, f"{tag} loads {node.get(attr)}"


def test_badges_show_the_name_until_the_first_refresh(client, site):
    values = badge_values(homepage(client))
    assert values["https://github.com/microsoft/LLMLingua"] == "LLMLingua"
    assert homepage(client).select(".citation-count") == []
    assert homepage(client).select(".metrics") == []


# Failures keep the last good value --------------------------------------------------------


FAILURES = {
    "slow": {"fixture": "github/repo_llmlingua.json", "delay": 2},
    "server error": {"status": 500, "body": b'{"message": "Server Error"}'},
    "rate limited": {
        "fixture": "github/rate_limited.json",
        "status": 403,
        "headers": {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 600)},
    },
    "too many requests": {"fixture": "github/rate_limited.json", "status": 429, "headers": {"Retry-After": "120"}},
    "malformed JSON": {"body": b'{"id": 674303412, "stargazers_count": 51'},
    "not JSON at all": {"body": b"<html><body>Bad gateway</body></html>", "headers": {"Content-Type": "text/html"}},
    "unknown id": {"fixture": "github/not_found.json", "status": 404},
    "answer without the count": {"body": b'{"id": 674303412, "name": "LLMLingua"}'},
}
EXPECTED_ERRORS = {
    "slow": "no answer within 0.5 s",
    "server error": "the service answered HTTP 500: Server Error",
    "rate limited": "rate-limited (HTTP 403: API rate limit exceeded",
    "too many requests": "retry after 120 s",
    "malformed JSON": "the answer is not valid JSON",
    "not JSON at all": "the answer is not valid JSON",
    "unknown id": "not found (HTTP 404: Not Found)",
    "answer without the count": "the answer has no stargazers_count",
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_item_keeps_its_last_good_value_and_is_reported(client, site, services, failure):
    record_answers(services)
    update_metrics()
    services.answer("/github/repos/microsoft/LLMLingua", **FAILURES[failure])

    out, err = update_metrics()

    stars = metric(Kind.STARS, subject="github:microsoft/LLMLingua")
    assert stars.value == 5123
    assert EXPECTED_ERRORS[failure] in stars.last_error
    line = next(line for line in err.splitlines() if line.startswith("[GitHub 1/2] microsoft/LLMLingua: failed: "))
    assert EXPECTED_ERRORS[failure] in line and line.endswith("(keeping 5,123)")
    assert "GitHub: microsoft/LLMLingua: " in out  # in the summary too
    assert "microsoft/LLMLingua" in [failure["item"] for failure in RefreshRun.objects.first().failures]
    assert badge_values(homepage(client))["https://github.com/microsoft/LLMLingua"] == "5.1k 5,123 stars"
    # The other items ran: Hugging Face after GitHub, and the other repository unless GitHub said to stop.
    assert metric(Kind.LIKES, subject="hf_space:microsoft/llmlingua-2").readings.count() == 2
    other = metric(Kind.STARS, subject="github:pzs19/TokenSelect")
    if failure in {"rate limited", "too many requests"}:
        assert services.paths("/github/").count("/github/repos/pzs19/TokenSelect") == 1
        assert "skipped" in other.last_error
        assert "GitHub was skipped after: rate-limited" in out
    else:
        assert other.last_error == "" and other.readings.count() == 2


def test_a_rate_limited_source_is_left_alone_for_the_rest_of_the_run(site, services):
    record_answers(services)
    services.answer("/s2/graph/v1/paper/arXiv:2403.12968", "semantic_scholar/rate_limited.json", status=429)
    out, err = update_metrics()
    assert services.paths("/s2/") == ["/s2/graph/v1/paper/arXiv:2403.12968"]
    assert "Semantic Scholar" in RefreshRun.objects.get().skipped_sources[0]["source"]
    assert "[Semantic Scholar 2/2] “TokenSelect" in err and "skipped: rate-limited (HTTP 429: Too Many Requests" in err
    assert metric(Kind.PAPER_CITATIONS, site.llmlingua).value == 187  # OpenAlex still answered


def test_openalex_totals_are_not_recomputed_from_part_of_the_papers(site, services):
    record_answers(services)
    update_metrics("--only", "openalex")
    services.answer("/openalex/works/doi:10.48550/arXiv.2411.02886", status=429, body=b"", headers={"Retry-After": "3"})
    _, err = update_metrics("--only", "openalex")
    assert "[OpenAlex] totals: totals not recomputed because some papers could not be fetched" in err
    assert metric(Kind.CITATIONS).readings.count() == 1
    assert metric(Kind.CITATIONS).value == 201


def test_a_page_still_shows_the_last_values_when_every_service_is_down(client, site, services):
    record_answers(services)
    update_metrics("--scholar-json", str(GS_DATA))
    before = homepage(client)
    services.answers.clear()
    services.answer("/openalex/works", status=503, body=b"")
    out, err = update_metrics("--scholar-json", str(FIXTURES / "missing.json"))
    after = homepage(client)
    assert "cannot read" in err
    assert after.select_one(".metrics").get_text() == before.select_one(".metrics").get_text()
    assert badge_values(after) == badge_values(before)
    assert [c.get_text() for c in after.select(".citation-count")] == ["Cited by 512", "Cited by 14"]


# Google Scholar data -----------------------------------------------------------------------


def test_gs_data_numbers_appear_on_the_imported_homepage(client, imported_demo, services):
    out, err = update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    assert (
        "[Google Scholar 1/1] gs_data.json: 987 citations, h-index 9, 5 of 5 papers matched (data of 2025-03-14)" in out
    )
    data = json.loads(GS_DATA.read_text())
    soup = homepage(client)
    numbers = {item.dt.get_text(): item.dd.get_text() for item in soup.select(".sidebar .metrics__number")}
    assert numbers == {
        "Citations": f"{data['citedby']:,}",
        "h-index": str(data["hindex"]),
        "i10-index": str(data["i10index"]),
    }
    updated = soup.select_one(".metrics__updated")
    assert updated.get_text(" ", strip=True) == "Google Scholar, updated 2025.03.14"
    assert updated.time["datetime"] == "2025-03-14"
    chart = soup.select_one(".sidebar svg.citations-chart")
    assert chart.title.get_text() == "Citations per year"
    assert [text.get_text() for text in chart.select(".citations-chart__value")] == [
        str(count) for count in data["cites_per_year"].values()
    ]
    assert "2024: 389" in chart.desc.get_text()
    by_title = {
        box.select_one(".paper-box__title a").get_text()[:12]: box.select_one(".citation-count").get_text()
        for box in soup.select(".paper-box")
    }
    scholar_counts = {pub["bib"]["title"][:12].lower(): pub["num_citations"] for pub in data["publications"].values()}
    for title, count in by_title.items():
        assert count == f"Cited by {scholar_counts[title.lower()]}"


def test_a_full_run_on_the_imported_demo(client, imported_demo, services):
    record_answers(services)
    for repository in ("pzs19/LEMMA", "microsoft/SeCom", "OPTML-Group/BiBadDiff"):
        fixture = f"github/repo_{repository.split('/')[1].lower()}.json"
        services.answer(f"/github/repos/{repository}", fixture)
    services.answer("/hf/api/collections/panzs19/lemma-68620ced6bedc62fff843e43", "huggingface/collection_lemma.json")

    out, err = update_metrics("--scholar-json", str(GS_DATA))

    assert "Done: 12 of 18 items refreshed, 6 failed." in out  # papers OpenAlex or Semantic Scholar do not know
    assert "[GitHub 5/5]" in out and "[Hugging Face 2/2]" in out
    soup = homepage(client)
    assert badge_values(soup) == {
        "https://github.com/pzs19/TokenSelect": "48 48 stars",
        "https://github.com/pzs19/LEMMA": "21 21 stars",
        "https://huggingface.co/collections/panzs19/lemma-68620ced6bedc62fff843e43": "♥ 3 3 likes",
        "https://github.com/microsoft/SeCom": "96 96 stars",
        "https://github.com/microsoft/LLMLingua": "5.1k 5,123 stars",
        "https://huggingface.co/spaces/microsoft/llmlingua-2": "♥ 196 196 likes",
        "https://github.com/OPTML-Group/BiBadDiff": "12 12 stars",
    }
    assert [count.get_text() for count in soup.select(".paper-box .citation-count")] == [
        "Cited by 31",
        "Cited by 12",
        "Cited by 58",
        "Cited by 512",
        "Cited by 25",
    ]
    assert soup.select_one(".metrics__number dd").get_text() == "987"


# Which gs_data.json: the one the owner chose, as it was when chosen ---------------------------

SETTINGS_URL = "/admin/settings/metrics/metricssettings/"


@pytest.fixture
def editor(django_user_model):
    """Someone who may add and edit documents and pages, but is not the owner."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "editor password")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def forged_gs_data(citations: int) -> bytes:
    """A gs_data.json with other numbers, as of a later day."""
    data = json.loads(GS_DATA.read_text())
    data["citedby"], data["updated"] = citations, "2025-04-01 08:00:00"
    return json.dumps(data).encode()


def upload(client, title: str, data: bytes):
    """A document added through the admin by whoever ``client`` is signed in as."""
    file = SimpleUploadedFile("gs_data.json", data, content_type="application/json")
    response = client.post("/admin/documents/add/", {"title": title, "file": file, "collection": root_collection()})
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_document_model().objects.get(title=title)


def replace_file(client, document, data: bytes) -> None:
    file = SimpleUploadedFile("gs_data.json", data, content_type="application/json")
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": document.title, "file": file, "collection": root_collection()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def root_collection() -> int:
    return Collection.get_first_root_node().pk


def choose_in_settings(client, document):
    """What the owner does under Settings → Metrics."""
    edit_url = client.get(SETTINGS_URL)["Location"]
    return client.post(edit_url, {"scholar_stats": document.pk if document else ""})


def citations_shown(client) -> str:
    return homepage(client).select_one(".metrics__number dd").get_text()


def test_a_document_titled_like_the_stats_uploaded_by_an_editor_is_ignored(client, site, services, editor):
    update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    client.force_login(editor)
    upload(client, SCHOLAR_STATS_TITLE, forged_gs_data(100_000))

    out, _ = update_metrics("--only", "google_scholar")

    assert "Nothing to refresh" in out
    assert citations_shown(client) == "987"


def test_the_owners_chosen_document_is_read_without_an_option(client, site, services, admin_user):
    client.force_login(admin_user)
    document = upload(client, "Scholar numbers, March", GS_DATA.read_bytes())
    form = client.get(client.get(SETTINGS_URL)["Location"])
    assert "Google Scholar statistics (gs_data.json)" in form.content.decode()
    assert choose_in_settings(client, document).status_code == 302

    out, _ = update_metrics("--only", "google_scholar")

    assert "[Google Scholar 1/1] gs_data.json (Settings → Metrics): 987 citations" in out
    assert metric(Kind.CITATIONS).fetched_at == datetime.datetime(2025, 3, 14, 3, 12, 45, 123456, tzinfo=datetime.UTC)
    assert metric(Kind.PAPER_CITATIONS, site.llmlingua).value == 512  # matched by title
    assert citations_shown(client) == "987"


def test_the_owner_cannot_choose_a_document_that_is_not_gs_data(client, site, admin_user):
    client.force_login(admin_user)
    document = upload(client, "My CV", b"%PDF-1.7 not JSON at all")
    response = choose_in_settings(client, document)
    assert response.status_code == 200
    assert "Not a usable gs_data.json: the stored gs_data.json is not valid JSON." in response.content.decode()
    assert MetricsSettings.load().scholar_stats is None


def test_a_replaced_file_is_refused_until_the_owner_chooses_it_again(client, site, services, admin_user, editor):
    client.force_login(admin_user)
    document = upload(client, SCHOLAR_STATS_TITLE, GS_DATA.read_bytes())
    choose_in_settings(client, document)
    update_metrics("--only", "google_scholar")
    client.force_login(editor)
    replace_file(client, document, forged_gs_data(100_000))

    out, err = update_metrics("--only", "google_scholar")

    assert (
        "gs_data.json (Settings → Metrics): failed: the chosen gs_data.json was replaced since it was chosen; "
        "choose it again in Settings → Metrics (keeping 987, 9, 9)"
    ) in err
    assert "Done: 0 of 1 items refreshed, 1 failed." in out
    assert "was replaced since it was chosen" in metric(Kind.CITATIONS).last_error
    assert citations_shown(client) == "987"

    client.force_login(admin_user)  # the owner looks at the new file and accepts it
    choose_in_settings(client, document)
    update_metrics("--only", "google_scholar")
    assert citations_shown(client) == "100,000"


def test_an_editor_can_neither_open_nor_change_the_metrics_settings(client, site, editor, admin_user):
    client.force_login(admin_user)
    chosen = upload(client, "Scholar numbers", GS_DATA.read_bytes())
    choose_in_settings(client, chosen)
    settings_id = MetricsSettings.load().pk
    client.force_login(editor)
    forged = upload(client, "Forged numbers", forged_gs_data(100_000))

    assert SETTINGS_URL not in client.get("/admin/").content.decode()  # not in the Settings menu
    opened = client.get(SETTINGS_URL, follow=True)
    posted = client.post(f"{SETTINGS_URL}{settings_id}/", {"scholar_stats": forged.pk}, follow=True)
    for response in (opened, posted):
        assert response.redirect_chain[-1] == ("/admin/", 302)
        assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert MetricsSettings.load().scholar_stats == chosen


def test_the_importer_chooses_the_gs_data_it_keeps(services):
    import_site(parse_about("# Zhuoshi Pan\n"), extras=SiteExtras(scholar_stats=GS_DATA))
    chosen = MetricsSettings.load()
    assert chosen.scholar_stats.title == SCHOLAR_STATS_TITLE

    out, _ = update_metrics("--only", "google_scholar")
    assert "gs_data.json (Settings → Metrics): 987 citations" in out

    import_site(parse_about("# Zhuoshi Pan\n"), extras=SiteExtras(scholar_stats=GS_DATA))  # again: the same choice
    assert get_document_model().objects.count() == 1
    assert MetricsSettings.load().scholar_stats == chosen.scholar_stats


def test_gs_data_from_a_url_and_the_paper_ids_acadhomepage_used(site, services):
    services.answer("/raw/google-scholar-stats/gs_data.json", "gs_data.json")
    site.tokenselect.scholar_id = "ZQ3bJ8kAAAAJ:notInTheFile"
    site.tokenselect.save_revision().publish()
    out, err = update_metrics(
        "--scholar-json", f"{services.url}/raw/google-scholar-stats/gs_data.json", "--only", "google_scholar"
    )
    assert "1 of 2 papers matched" in out
    assert "publication id ZQ3bJ8kAAAAJ:notInTheFile is not in the Google Scholar data" in err
    assert "not in the Google Scholar data" in metric(Kind.PAPER_CITATIONS, site.tokenselect).last_error


def test_importing_the_same_gs_data_twice_adds_no_history(site, services):
    update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    assert metric(Kind.CITATIONS).readings.count() == 1


def test_malformed_gs_data_keeps_the_last_numbers(client, site, services, tmp_path):
    update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    broken = tmp_path / "gs_data.json"
    broken.write_text('{"name": "Zhuoshi Pan", "citedby": ')
    _, err = update_metrics("--scholar-json", str(broken), "--only", "google_scholar")
    assert "gs_data.json: failed: " in err and "is not valid JSON" in err and "(keeping 987, 9, 9)" in err
    assert metric(Kind.CITATIONS).value == 987
    assert "is not valid JSON" in metric(Kind.CITATIONS).last_error
    assert homepage(client).select_one(".metrics__number dd").get_text() == "987"


def set_scholar_id(scholar_id: str) -> None:
    profile = ProfileSettings.for_site(Site.objects.get(is_default_site=True))
    profile.google_scholar_id = scholar_id
    profile.save()


def test_live_google_scholar_through_scholarly(site, services, monkeypatch):
    set_scholar_id("ZQ3bJ8kAAAAJ")
    data = json.loads(GS_DATA.read_text())

    class FakeScholarly:
        def search_author_id(self, scholar_id):
            assert scholar_id == "ZQ3bJ8kAAAAJ"
            return {key: value for key, value in data.items() if key != "publications"}

        def fill(self, author, sections):
            author.update(citedby=1000, publications=list(data["publications"].values()))
            return author

    monkeypatch.setitem(sys.modules, "scholarly", types.SimpleNamespace(scholarly=FakeScholarly()))
    out, _ = update_metrics("--scholar-live", "--only", "google_scholar")
    assert "[Google Scholar 1/1] live fetch of ZQ3bJ8kAAAAJ: 1,000 citations" in out
    assert metric(Kind.CITATIONS).value == 1000


def test_live_google_scholar_without_the_extra_says_how_to_install_it(site, services, monkeypatch):
    _, err = update_metrics("--scholar-live", "--only", "google_scholar")
    assert "live fetch of your profile: failed: no Google Scholar id under Settings → Profile" in err
    set_scholar_id("ZQ3bJ8kAAAAJ")
    monkeypatch.setitem(sys.modules, "scholarly", None)
    _, err = update_metrics("--scholar-live", "--only", "google_scholar")
    assert "the scholarly library is not installed (pip install -e '.[scholar]')" in err


# What the about text, the endpoints and the admin show ----------------------------------------


def test_about_text_placeholders_get_the_numbers(client, site, services):
    soup = homepage(client)
    assert "with – citations" in soup.select_one("#about-me").get_text()
    update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    about = homepage(client).select_one("#about-me")
    assert about.get_text(" ", strip=True) == "Graduate student with 987 citations and an h-index of 9 ."
    assert about.select_one(".metric-value")["title"] == "Google Scholar, 2025.03.14"


def test_placeholders_inside_attributes_are_left_alone(client, site, services):
    site.home.about = 'See [my profile](https://example.org/ "{citations}") with {citations} citations.'
    site.home.save_revision().publish()
    update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    about = homepage(client).select_one("#about-me")
    assert about.a["title"] == "{citations}"
    assert "with 987 citations" in about.get_text()


def test_shields_endpoint(client, site, services):
    empty = client.get("/metrics/citations.json").json()
    assert empty["isError"] is True and empty["schemaVersion"] == 1
    update_metrics("--scholar-json", str(GS_DATA), "--only", "google_scholar")
    response = client.get("/metrics/citations.json")
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert {key: data[key] for key in ("schemaVersion", "label", "message")} == {
        "schemaVersion": 1,
        "label": "citations",
        "message": "987",
    }
    assert client.get("/metrics/h-index.json").json()["message"] == "9"


def test_svg_badges_for_readmes(client, site, services):
    record_answers(services)
    update_metrics("--only", "github", "--only", "google_scholar", "--scholar-json", str(GS_DATA))
    response = client.get("/metrics/badges/github/microsoft/LLMLingua.svg")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "<title>stars: 5.1k</title>" in response.content.decode()
    assert client.get("/metrics/badges/github/someone/else.svg").status_code == 404
    assert "<title>citations: 987</title>" in client.get("/metrics/badges/citations.svg").content.decode()


def test_homepage_metrics_take_a_fixed_number_of_queries(client, site, services):
    record_answers(services)
    update_metrics("--scholar-json", str(GS_DATA))

    def metric_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return sum(1 for query in queries.captured_queries if "metrics_metric" in query["sql"])

    before = metric_queries()
    for number in range(4):
        add_paper(site.index, f"Another paper number {number}", badges=[("github", f"someone/repo{number}")])
        Metric.objects.create(kind=Kind.STARS, subject=f"github:someone/repo{number}", manual_value=number)
    assert metric_queries() == before == 3  # the profile, the papers and badges, the about text


def test_admin_shows_refresh_times_failures_and_manual_overrides(client, admin_user, site, services):
    record_answers(services)
    services.answer("/github/repos/pzs19/TokenSelect", "github/not_found.json", status=404)
    update_metrics()
    client.force_login(admin_user)

    listing = client.get("/admin/snippets/metrics/metric/")
    assert listing.status_code == 200
    soup = BeautifulSoup(listing.content, "html.parser")
    rows = {
        row.select_one("td a").get_text(strip=True): row.get_text(" ", strip=True) for row in soup.select("tbody tr")
    }
    assert "not found (HTTP 404: Not Found)" in rows["GitHub stars: pzs19/TokenSelect"]
    assert "failed" in rows["GitHub stars: pzs19/TokenSelect"]
    assert "5,123" in rows["GitHub stars: microsoft/LLMLingua"]
    found = client.get("/admin/snippets/metrics/metric/", {"q": "TokenSelect", "kind": "stars"}).content.decode()
    assert "pzs19/TokenSelect" in found and "microsoft/LLMLingua" not in found

    # The owner overrides a number through the admin form.
    stars = metric(Kind.STARS, subject="github:pzs19/TokenSelect")
    edit_url = f"/admin/snippets/metrics/metric/edit/{stars.pk}/"
    form = BeautifulSoup(client.get(edit_url).content, "html.parser")
    assert form.select_one('input[name="manual_value"]') is not None
    assert "not found (HTTP 404" in form.get_text()  # the last error, read-only
    assert client.get("/admin/snippets/metrics/metric/add/").status_code == 200
    assert client.get(f"/admin/snippets/metrics/metric/inspect/{stars.pk}/").status_code == 200
    response = client.post(
        edit_url,
        {"kind": "stars", "subject": "github:pzs19/TokenSelect", "manual_value": "60", "manual_note": "From the repo"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stars.refresh_from_db()
    assert (stars.manual_value, stars.shown_value) == (60, 60) and stars.manual_set_at is not None

    listing = BeautifulSoup(client.get("/admin/snippets/metrics/metric/").content, "html.parser")
    row = next(r for r in listing.select("tbody tr") if "pzs19/TokenSelect" in r.get_text())
    assert "manual" in row.get_text()

    dashboard = client.get("/admin/").content.decode()
    assert "Refresh of" in dashboard and "pzs19/TokenSelect" in dashboard
    runs = client.get("/admin/snippets/metrics/refreshrun/")
    assert runs.status_code == 200 and "not found" in runs.content.decode()
    run = RefreshRun.objects.get()
    assert client.get(f"/admin/snippets/metrics/refreshrun/inspect/{run.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/metrics/refreshrun/edit/{run.pk}/").status_code == 302  # read-only

    badge = BeautifulSoup(client.get("/").content, "html.parser").select_one(
        'a[href="https://github.com/pzs19/TokenSelect"]'
    )
    assert badge.select_one(".metric-count")["title"].startswith("entered by hand")
    assert "(entered by hand)" in badge.get_text()


def test_manual_override_for_a_number_no_service_gives(client, site):
    Metric.objects.create(kind=Kind.I10_INDEX, manual_value=7, manual_note="From my CV")
    soup = homepage(client)
    number = soup.select_one('.metrics__number[data-metric="i10_index"]')
    assert number.dd.get_text() == "7" and number["data-source"] == "manual"
    assert "i10-index entered by hand (manual)" in soup.select_one(".metrics__updated").get_text()


def test_metric_validation_names_what_is_expected(site):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="owner/name"):
        Metric(kind=Kind.STARS, subject="hf_model:someone/model").full_clean()
    with pytest.raises(ValidationError, match="Choose the paper"):
        Metric(kind=Kind.PAPER_CITATIONS).full_clean()
    with pytest.raises(ValidationError, match="The year"):
        Metric(kind=Kind.CITATIONS_IN_YEAR, subject="last year").full_clean()
    Metric(kind=Kind.LIKES, subject="hf_collection:panzs19/lemma-68620ced6bedc62fff843e43").full_clean()


# The command for cron ------------------------------------------------------------------------


def test_quiet_prints_nothing_when_all_is_well(site, services):
    record_answers(services)
    services.answer("/s2/graph/v1/paper/arXiv:2411.02886", "semantic_scholar/paper_llmlingua2.json")
    out, err = update_metrics("--quiet")
    assert (out, err) == ("", "")
    assert MetricReading.objects.exists()


def test_quiet_prints_only_the_errors(site, services):
    record_answers(services)
    services.answer("/github/repos/pzs19/TokenSelect", status=500, body=b"")
    out, err = update_metrics("--quiet")
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[Semantic Scholar 2/2] “TokenSelect: Efficient Long-Context")
    assert "failed: not found (HTTP 404: Paper with id arXiv:2311.02373 not found) (keeping 14)" in lines[0]
    assert lines[1] == "[GitHub 2/2] pzs19/TokenSelect: failed: the service answered HTTP 500"


def test_nothing_to_refresh(services):
    out, _ = update_metrics()
    assert "Nothing to refresh" in out
