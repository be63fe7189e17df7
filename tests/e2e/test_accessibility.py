"""axe-core on every kind of public page, in both themes, on a phone and a desktop.

axe-core is the one pinned in bench/package.json (``make bench-frontend`` or
``cd bench && npm ci`` installs it; .ci/run does). The same rules as the
front-end benchmark: WCAG 2.0, 2.1 and 2.2 at A and AA, plus best practices.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publications.models import PublicationPage

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "bench" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.exists():
        pytest.skip(f"needs axe-core at {AXE}: cd bench && npm ci")
    return AXE.read_text()


@pytest.mark.parametrize("path", ["/", "/publications/", "paper", "/news/", "/cv/", "/no-such-page/"])
def test_no_axe_violations_in_either_theme_or_width(transactional_db, imported_demo, new_page, axe_script, path):
    if path == "paper":
        path = PublicationPage.objects.live().first().url
    found = {}
    for width in (375, 1280):
        page = new_page(width=width, bypass_csp=True)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(path)
            page.evaluate(axe_script)  # not an inline <script>: the page's CSP refuses those
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
            for violation in result["violations"]:
                targets = [node["target"] for node in violation["nodes"]]
                found[f"{width}px {scheme}: {violation['id']}"] = targets
    assert found == {}
