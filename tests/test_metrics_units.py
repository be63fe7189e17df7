"""Reading each service's recorded answer, and drawing numbers as SVG: pure functions, no database."""

import datetime
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from metrics.clients import github, huggingface, openalex, scholar, semantic_scholar
from metrics.clients.http import FetchError, NotFound
from metrics.display import compact_number
from metrics.svg import badge_svg, citations_chart_svg, text_width
from metrics.update import h_index

FIXTURES = Path(__file__).parent / "fixtures" / "metrics"
SVG = "{http://www.w3.org/2000/svg}"


def recorded(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_gs_data_as_the_acadhomepage_crawler_writes_it():
    profile = scholar.parse_gs_data(recorded("gs_data.json"))
    assert (profile.citations, profile.h_index, profile.i10_index) == (987, 9, 9)
    assert profile.per_year == {2021: 4, 2022: 11, 2023: 57, 2024: 389, 2025: 526}
    assert profile.updated == datetime.datetime(2025, 3, 14, 3, 12, 45, 123456, tzinfo=datetime.UTC)
    assert profile.scholar_id == "ZQ3bJ8kAAAAJ"
    by_id = {publication.pub_id: publication for publication in profile.publications}
    llmlingua = by_id["ZQ3bJ8kAAAAJ:u5HHmVD_uO8C"]
    assert llmlingua.citations == 512
    assert llmlingua.title.startswith("Llmlingua-2: Data distillation")
    assert len(profile.publications) == 6


def test_gs_data_with_publications_as_scholarly_lists_them():
    data = recorded("gs_data.json")
    data["publications"] = list(data["publications"].values())
    assert len(scholar.parse_gs_data(data).publications) == 6


@pytest.mark.parametrize(
    "data",
    [[], {"name": "No counts"}, {"citedby": "many"}, {"citedby": -3}, {"citedby": True}],
)
def test_gs_data_without_a_citation_count_is_refused(data):
    with pytest.raises(FetchError, match="citation count|not a JSON object"):
        scholar.parse_gs_data(data)


def test_gs_data_tolerates_odd_entries():
    profile = scholar.parse_gs_data(
        {
            "citedby": "42",
            "cites_per_year": {"2024": 40, "later": 2, "2025": None},
            "publications": {"x": {"bib": {}}, "y": "not a dict"},
            "updated": "yesterday",
        }
    )
    assert (profile.citations, profile.h_index, profile.per_year, profile.publications) == (42, None, {2024: 40}, [])
    assert profile.updated is None


def test_openalex_work():
    work = openalex.parse_work(recorded("openalex/work_llmlingua2.json"))
    assert work.cited_by_count == 187
    assert work.counts_by_year == {2024: 66, 2025: 121}
    assert work.work_id == "https://openalex.org/W4392939736"


def test_openalex_title_search_takes_only_the_same_title():
    title = "From Trojan Horses to Castle Walls: Unveiling Bilateral Backdoor Effects in Diffusion Models"
    work = openalex.pick_by_title(recorded("openalex/works_title_search.json"), title.upper())
    assert work.cited_by_count == 9
    with pytest.raises(NotFound):
        openalex.pick_by_title(recorded("openalex/works_title_search.json"), "Castle walls")


@pytest.mark.parametrize("data", [{"cited_by_count": "9"}, {"id": "W1"}, [], {"cited_by_count": -1}])
def test_openalex_answer_without_a_count_is_refused(data):
    with pytest.raises(FetchError):
        openalex.parse_work(data)


def test_openalex_urls(settings):
    settings.METRICS_OPENALEX_URL = "https://api.openalex.org/"
    settings.METRICS_CONTACT_EMAIL = "owner@example.org"
    assert openalex.work_url("10.18653/v1/2024.findings-acl.57").startswith(
        "https://api.openalex.org/works/doi:10.18653/v1/2024.findings-acl.57?select=id,doi,title,"
    )
    url = openalex.title_search_url("LEMMA: Learning from Errors, for LLMs")
    assert "filter=title.search:LEMMA+Learning+from+Errors+for+LLMs" in url
    assert "mailto=owner%40example.org" in url


def test_semantic_scholar_paper():
    assert semantic_scholar.parse_paper(recorded("semantic_scholar/paper_llmlingua2.json")) == 203
    with pytest.raises(FetchError):
        semantic_scholar.parse_paper(recorded("semantic_scholar/not_found.json"))
    assert semantic_scholar.paper_url("arXiv:2403.12968").endswith(
        "/graph/v1/paper/arXiv:2403.12968?fields=citationCount"
    )


def test_github_repository():
    assert github.parse_repository(recorded("github/repo_llmlingua.json")) == 5123
    with pytest.raises(FetchError):
        github.parse_repository(recorded("github/not_found.json"))


def test_hugging_face_model_dataset_space_and_collection():
    model = huggingface.parse_repository(recorded("huggingface/model_llmlingua2.json"), "hf_model")
    assert (model.likes, model.downloads) == (29, 48213)
    dataset = huggingface.parse_repository(recorded("huggingface/dataset_meetingbank.json"), "hf_dataset")
    assert (dataset.likes, dataset.downloads) == (14, 1376)
    space = huggingface.parse_repository(recorded("huggingface/space_llmlingua2.json"), "hf_space")
    assert (space.likes, space.downloads) == (196, None)
    collection = huggingface.parse_repository(recorded("huggingface/collection_lemma.json"), "hf_collection")
    assert (collection.likes, collection.downloads) == (3, None)
    with pytest.raises(FetchError):
        huggingface.parse_repository(recorded("huggingface/not_found.json"), "hf_model")
    assert huggingface.repository_url("hf_dataset", "microsoft/MeetingBank-LLMCompressed").endswith(
        "/api/datasets/microsoft/MeetingBank-LLMCompressed"
    )


def test_h_index():
    assert h_index([]) == 0
    assert h_index([512, 58, 31, 25, 12, 3]) == 5
    assert h_index([1, 1, 1]) == 1


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0"), (999, "999"), (1000, "1k"), (1234, "1.2k"), (12345, "12k"), (123456, "123k"), (1234567, "1.2M")],
)
def test_counts_are_written_like_shields_badges(count, text):
    assert compact_number(count) == text


def test_chart_is_accessible_and_carries_its_numbers():
    svg = str(citations_chart_svg([(2023, 57), (2024, 389), (2025, 1526)]))
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Citations per year"
    assert root.find(f"{SVG}desc").text == "Citations per year: 2023: 57, 2024: 389, 2025: 1,526."
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts == ["57", "2023", "389", "2024", "1,526", "2025"]
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert heights[0] < heights[1] < heights[2]
    assert str(citations_chart_svg([])) == ""


def test_chart_escapes_its_title():
    svg = str(citations_chart_svg([(2024, 1)], title="<script>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_badge_looks_like_a_shields_badge():
    svg = badge_svg("stars", "5.1k", logo="github")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("aria-label") == "stars: 5.1k"
    assert root.find(f"{SVG}title").text == "stars: 5.1k"
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts == ["stars", "stars", "5.1k", "5.1k"]  # shadow and text, as shields draws them
    assert int(root.get("width")) > text_width("stars") + text_width("5.1k") + 14
    assert 'fill="#555"' in svg and "<path" in svg  # grey label, the GitHub mark
    assert "&lt;b&gt;" in badge_svg("<b>", "1")
