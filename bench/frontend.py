"""The front-end benchmark: Lighthouse and axe-core on the demo site, as visitors get it.

    make bench-frontend            # or: .venv/bin/python bench/frontend.py [--keep] [--port N]

It builds a throwaway installation in a temporary folder (production settings,
its own SQLite database, media and collected static files), generates five
realistic 1600×900 PNG paper figures (bench/figures.py), imports the bundled
AcadHomepage page with ``--images`` pointing at them, serves it with gunicorn on
localhost, then:

- runs Lighthouse 12.2.3 (bench/package.json, mobile preset, Debian's
  /usr/bin/chromium) on every public page and prints the four category scores,
  LCP, CLS, bytes transferred and request count;
- runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules plus best practices) on every
  public page in the light and the dark theme and prints each violation.

The original AcadHomepage template, measured on the same content with the same
Lighthouse, is printed alongside (ORIGINAL below). Results are also written to
bench/results/frontend.json. Exit status 1 if axe finds any violation.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
AXE = BENCH_DIR / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = BENCH_DIR / "results" / "frontend.json"
DEMO_PAGE = ROOT / "homepage" / "demo" / "acadhomepage_about.md"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MISSING_PAGE = "/no-such-page/"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# The original template on the same content (the fixture page, five 1600×900
# PNG figures of about 700 KB), Lighthouse 12.2.3, mobile preset, Debian's Chromium.
ORIGINAL = {
    "performance": "59–71",
    "accessibility": 82,
    "best-practices": 96,
    "seo": 83,
    "lcp_s": 16.7,
    "bytes": 4_060_000,
    "requests": 21,
}

sys.path.insert(0, str(BENCH_DIR))
from installation import ROOT, Installation  # noqa: E402


def public_pages(site: Installation) -> list[str]:
    """Every URL in the sitemap, the news archive, and a missing page (the 404 a visitor sees)."""
    urls = site.sitemap()
    for extra in ["/news/", MISSING_PAGE]:
        if site.base + extra not in urls:
            urls.append(site.base + extra)
    return urls


def run_axe(urls: list[str]) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    script = AXE.read_text()
    violations: dict[str, list[dict]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for scheme in ["light", "dark"]:
            for viewport in [{"width": 375, "height": 812}, {"width": 1280, "height": 900}]:
                page = browser.new_page(color_scheme=scheme, viewport=viewport, bypass_csp=True)
                for url in urls:
                    page.goto(url, wait_until="load")
                    page.evaluate(script)  # not an inline <script>: the site's CSP refuses those
                    result = page.evaluate(
                        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
                    )
                    key = f"{urlsplit(url).path} ({scheme}, {viewport['width']}px)"
                    violations[key] = [
                        {
                            "id": item["id"],
                            "impact": item["impact"],
                            "help": item["help"],
                            "targets": [node["target"] for node in item["nodes"]][:5],
                        }
                        for item in result["violations"]
                    ]
                page.close()
        browser.close()
    return violations


def run_lighthouse(url: str, out: Path, runs: int) -> dict:
    """The median run by performance score, as Lighthouse's docs advise for variable scores."""
    results = sorted((lighthouse_once(url, out) for _ in range(runs)), key=lambda row: row["performance"])
    return results[len(results) // 2]


def lighthouse_once(url: str, out: Path, attempts: int = 3) -> dict:
    """One Lighthouse run; retried when Chromium's trace comes back broken (NO_NAVSTART and kin)."""
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    for attempt in range(1, attempts + 1):
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
        if done.returncode == 0:
            break
        if attempt == attempts:
            raise SystemExit(f"Lighthouse failed {attempts} times on {url}")
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(audits["network-requests"]["details"]["items"]),
        "failed_audits": sorted(
            audit_id
            for name in CATEGORIES
            for ref in report["categories"][name]["auditRefs"]
            if ref["weight"] > 0
            and (audit_id := ref["id"])
            and audits[audit_id]["score"] is not None
            and audits[audit_id]["score"] < 1
        ),
    }


def print_lighthouse(results: dict[str, dict]) -> None:
    header = f"{'page':<42} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'LCP s':>6} {'CLS':>5} {'KB':>7} {'req':>4}"
    print(header)
    print("-" * len(header))
    rows = {**results, "original template, homepage": ORIGINAL}
    for page, row in rows.items():
        page = page if len(page) <= 42 else page[:41] + "…"
        cls = f"{row['cls']:.3f}" if "cls" in row else "–"
        print(
            f"{page:<42} {row['performance']:>4} {row['accessibility']:>4} {row['best-practices']:>4} {row['seo']:>4} "
            f"{row['lcp_s']:>6.1f} {cls:>5} {row['bytes'] / 1000:>7.0f} {row['requests']:>4}"
        )
    for page, row in results.items():
        if row["failed_audits"]:
            print(f"  {page}: audits below 1: {', '.join(row['failed_audits'])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="serve on this port (default: a free one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary installation and reports")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs on the homepage; the median is shown")
    parser.add_argument("--skip-lighthouse", action="store_true", help="run axe only")
    options = parser.parse_args()
    missing = [str(path) for path in (Path(CHROMIUM), LIGHTHOUSE, AXE) if not path.exists()]
    if missing:
        print(f"Missing {', '.join(missing)}: run `make bench-frontend` (installs them).", file=sys.stderr)
        return 2

    with Installation(keep=options.keep, port=options.port) as site:
        site.build()
        site.serve(workers=2)
        base = site.base
        urls = public_pages(site)
        print(f"Serving {base} with production settings; {len(urls)} public pages\n")

        lighthouse: dict[str, dict] = {}
        if not options.skip_lighthouse:
            # Lighthouse refuses to audit a 404; axe still checks the not-found page.
            for index, url in enumerate(url for url in urls if not url.endswith(MISSING_PAGE)):
                out = site.workdir / f"lighthouse-{index}.json"
                lighthouse[urlsplit(url).path] = run_lighthouse(
                    url, out, options.runs if urlsplit(url).path == "/" else 1
                )
            print("Lighthouse 12.2.3, mobile preset")
            print_lighthouse(lighthouse)
            home = lighthouse["/"]
            print(
                f"\nHomepage: {home['bytes'] / 1000:.0f} KB in {home['requests']} requests = "
                f"{100 * home['bytes'] / ORIGINAL['bytes']:.1f}% of the original's "
                f"{ORIGINAL['bytes'] / 1e6:.2f} MB; LCP {home['lcp_s']:.1f} s vs {ORIGINAL['lcp_s']} s\n"
            )

        axe = run_axe(urls)
        total = sum(len(found) for found in axe.values())
        print(f"axe-core {json.loads((AXE.parent / 'package.json').read_text())['version']} "
              f"({', '.join(AXE_TAGS)}): {total} violations on {len(axe)} page views")  # fmt: skip
        for key, found in axe.items():
            for item in found:
                print(f"  {key}: {item['id']} ({item['impact']}) {item['help']} — {item['targets']}")

        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({"lighthouse": lighthouse, "axe": axe, "original": ORIGINAL}, indent=2))
        print(f"\nResults: {RESULTS.relative_to(ROOT)}")
        return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
