"""The migration benchmark: what visitors saw on each AcadHomepage site, against what the import shows.

    make bench-import CORPUS=DIR      # or: .venv/bin/python bench/import_fidelity.py DIR [--only NAME ...]

``DIR`` holds checkouts of AcadHomepage sites, one folder each (other people's pages: keep them out of
this repository). For each, on copies: the original is built by Debian's Jekyll (``--safe``, its
Gemfile dropped, with the plugins the template uses: ``apt-get install jekyll ruby-jekyll-sitemap
ruby-jekyll-feed ruby-jekyll-seo-tag ruby-jekyll-paginate ruby-jekyll-gist ruby-jekyll-redirect-from``),
the checkout is imported with ``import_acadhomepage --repo`` into a fresh database, and the original's
visible words (page content and author sidebar: homepage/importers/fidelity.py) are looked for on the
new homepage alone and on the whole new site (homepage, /news/, /publications/, paper pages). Also
compared, per site: the items of each section a visitor sees (outermost list items and paper boxes under
each heading, in the language shown first), the content images, the owner's name in bold, words that were
only in HTML comments, and HTML tags shown as text (the page's source in a code block). The import's own
time is measured inside its process (parsing and saving, figures included).

One line per site, then the medians and the worst; with ``--missing``, the words each site lost; with
``--screenshots OUT``, each original homepage beside its import (bench/side_by_side.py).
Results also go to bench/results/import_fidelity.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))
from homepage.importers.fidelity import (  # noqa: E402 - the project's own module, Django not needed
    ORIGINAL_REGIONS,
    compared_sections,
    page_items,
    place_items,
    section_items,
    visible_soup,
    visible_text,
    words,
)
from homepage.importers.jekyll_site import build_with_jekyll, jekyll_installed  # noqa: E402 - likewise

PYTHON = sys.executable
RESULTS = BENCH_DIR / "results" / "import_fidelity.json"

# Run in a child with the site's own database: the import, timed in its process, then every page compared.
IMPORT_AND_COMPARE = r"""
import io, json, sys, time
from collections import Counter
from pathlib import Path
from core.startup import setup
setup()
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from homepage.importers import fidelity

checkout, original_path, out_path = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
out, err = io.StringIO(), io.StringIO()
start = time.perf_counter()
try:
    call_command("import_acadhomepage", "--repo", str(checkout), "--quiet", "--no-check", stdout=out, stderr=err)
    status = 0
except CommandError as error:
    err.write(f"CommandError: {error}\n")
    status = 1
except Exception as error:  # the benchmark reports it; a traceback is a failure like any other
    import traceback
    err.write(traceback.format_exc())
    status = 2
seconds = time.perf_counter() - start
result = {"status": status, "seconds": seconds, "stdout": out.getvalue(), "stderr": err.getvalue()}
if status == 0:
    original = Counter(json.loads(original_path.read_text()))
    pages = fidelity.new_site_pages(Client(HTTP_HOST="localhost"))
    measured = fidelity.measure(original, pages, "jekyll")
    result.update(
        homepage=measured.homepage.ratio, site=measured.site.ratio, words=measured.site.total,
        missing=measured.site.missing_words(60), missing_home=measured.homepage.missing_words(60),
        pages=len(pages), homepage_html=pages.get("/", ""),
    )
out_path.write_text(json.dumps(result))
"""


def env_for(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "profile_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_DIR": str(folder / "cache"),
        "PAGE_CACHE_SECONDS": "0",
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "ERROR",
    }


def images_in(html: str, container: str, site: Path | None = None) -> int:
    """The content pictures ``html`` shows in ``container`` (not the badges of shields.io); with ``site``, the
    built original's folder, only those a visitor sees: a picture of the site whose file the checkout lacks
    (larger than a snapshot keeps, or in another repository) was broken on the original too. The placeholder the
    import shows for a figure it could not bring over is not that figure."""
    soup = visible_soup(html)
    root = soup.select_one(container) or soup
    sources = [image.get("src") or "" for image in root.find_all("img")]
    return len(
        [
            source
            for source in sources
            if "shields.io" not in source
            and not PurePosixPath(urlsplit(source).path).name.startswith("placeholder-")
            and (site is None or shown(source, site))
        ]
    )


def shown(source: str, site: Path) -> bool:
    """Whether the picture at ``source`` loads on the built site in ``site``: an address elsewhere, a data URL, or
    a file of the site (the address from the root, or with the site's base path, its first folder, left out)."""
    parts = urlsplit(source)
    if parts.scheme or parts.netloc or not parts.path:
        return True
    path = unquote(parts.path).replace("\\", "/").lstrip("/")  # a browser reads images\x.png as images/x.png
    return (site / path).is_file() or (site / path.partition("/")[2]).is_file()


def without_links_to_absent_files(html: str, site: Path) -> str:
    """``html`` without the links to files of the site that the checkout lacks ("[PDF]" of a 30 MB paper a snapshot
    leaves out): broken on the original too, and a link the import cannot carry over, as it cannot a picture."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a", href=True):
        if link.decomposed:  # inside a link taken out before it (a page may nest links)
            continue
        path = urlsplit(link["href"]).path
        if PurePosixPath(path).suffix.lower() in DOCUMENT_SUFFIXES and not shown(link["href"], site):
            link.decompose()
    return str(soup)


DOCUMENT_SUFFIXES = {".pdf", ".ppt", ".pptx", ".key", ".doc", ".docx", ".zip", ".gz", ".mp4", ".mov", ".bib", ".txt"}


def bold_names(html: str, container: str, surname: str) -> int:
    soup = visible_soup(html)
    root = soup.select_one(container) or soup
    return sum(1 for tag in root.find_all(["strong", "b"]) if surname and surname in tag.get_text())


MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*[\s/>]")


def markup_shown(html: str, regions: list[str]) -> int:
    """HTML tags a visitor reads as text ("<article class=…>" in a code block): the page's source shown."""
    return len(MARKUP.findall(visible_text(html, regions)))


def owner_surname(checkout: Path) -> str:
    config = checkout / "_config.yml"
    if not config.is_file():
        return ""
    text = config.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"^\s+name\s*:\s*[\"']?([^\"'\n#]+)", text, re.MULTILINE)
    name = match.group(1).strip() if match else ""
    return name.split()[-1] if name.split() else ""


def commented_words(checkout: Path) -> Counter[str]:
    about = next(iter(sorted((checkout / "_pages").glob("about.md"))), None)
    if about is None:
        return Counter()
    text = about.read_text(encoding="utf-8", errors="replace")
    comments = re.findall(r"<!--(.*?)-->", text, re.DOTALL)
    return sum((words(visible_text(f"<p>{comment}</p>")) for comment in comments), Counter())


def run_site(checkout: Path, template_db: Path, work: Path) -> dict:
    folder = work / checkout.name
    folder.mkdir()
    row: dict = {"name": checkout.name}
    if not jekyll_installed():
        raise SystemExit("bench-import needs Debian's jekyll: see the top of bench/import_fidelity.py")
    try:
        built = build_with_jekyll(checkout, folder)
    except (ValueError, OSError) as error:
        return {**row, "status": "jekyll", "error": str(error)[-300:]}
    original_html = built.read_text(encoding="utf-8", errors="replace")
    original = words(visible_text(without_links_to_absent_files(original_html, built.parent), ORIGINAL_REGIONS))
    (folder / "original.json").write_text(json.dumps(original))
    shutil.copy(template_db, folder / "db.sqlite3")
    done = subprocess.run(
        [PYTHON, "-c", IMPORT_AND_COMPARE, str(folder / "source"), str(folder / "original.json"),
         str(folder / "result.json")],
        cwd=ROOT, env=env_for(folder), capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if not (folder / "result.json").is_file():
        return {**row, "status": "crashed", "error": (done.stderr or done.stdout)[-600:]}
    result = json.loads((folder / "result.json").read_text())
    row.update(status=result["status"], seconds=round(result["seconds"], 2))
    if result["status"] != 0:
        return {**row, "error": result["stderr"][-600:]}
    new_html = result.pop("homepage_html")
    original_sections = section_items(original_html, ("h1", "h2"), ".page__content")
    new_sections = section_items(new_html, ("h2", "h3"), "main")
    placement = place_items(
        page_items(original_html, [".page__content"], ["h1", "h2"]), page_items(new_html, ["main"], ["h2", "h3"])
    )
    surname = owner_surname(checkout)
    leaked = {
        word
        for word in commented_words(checkout)
        if word not in original and len(word) > 3 and word in words(visible_text(new_html, ["main"]))
    }
    row.update(
        homepage=result["homepage"],
        site=result["site"],
        words=result["words"],
        pages=result["pages"],
        missing=result["missing"],
        missing_home=result["missing_home"],
        sections=compared_sections(original_sections, new_sections),
        images=[images_in(original_html, ".page__content", built.parent), images_in(new_html, "main")],
        bold=[bold_names(original_html, ".page__content", surname), bold_names(new_html, "main", surname)],
        leaked=sorted(leaked),
        markup=[markup_shown(original_html, [".page__content"]), markup_shown(new_html, ["main"])],
        placement=[placement.items, placement.placed, placement.merged, placement.out_of_order, placement.repeated],
    )
    return row


def migrated_template(work: Path) -> Path:
    folder = work / "template"
    folder.mkdir()
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env_for(folder), check=True, capture_output=True
    )
    return folder / "db.sqlite3"


def report(rows: list[dict], show_missing: bool) -> None:
    print(f"\n{'site':<44} {'exit':>4} {'import s':>8} {'site %':>7} {'home %':>7} {'words':>6} "
          f"{'sections ≠':>10} {'images':>8} {'bold':>7} {'items':>9} {'merged':>6} {'order ≠':>7}")  # fmt: skip
    for row in rows:
        if row.get("status") != 0:
            print(f"{row['name']:<44} {row['status']!s:>4}  {row.get('error', '').strip().splitlines()[-1:]}")
            continue
        unequal = sum(1 for original, new in row["sections"].values() if original != new)
        sections = f"{unequal}/{len(row['sections'])}"
        print(
            f"{row['name']:<44} {0:>4} {row['seconds']:>8.2f} {100 * row['site']:>7.1f} {100 * row['homepage']:>7.1f}"
            f" {row['words']:>6} {sections:>10} {'/'.join(map(str, row['images'])):>8}"
            f" {'/'.join(map(str, row['bold'])):>7} {'/'.join(map(str, row['placement'][1::-1])):>9}"
            f" {row['placement'][2]:>6} {row['placement'][3]:>7}"
        )
        if show_missing:
            print(f"    missing: {', '.join(row['missing'][:40]) or '-'}")
            unequal_sections = {title: pair for title, pair in row["sections"].items() if pair[0] != pair[1]}
            if unequal_sections:
                print(f"    sections (original, new): {unequal_sections}")
            if row["leaked"]:
                print(f"    shown though commented out: {', '.join(row['leaked'])}")
            if row["markup"][1] > row["markup"][0]:
                print(f"    HTML tags shown as text: {row['markup'][1]} (the original showed {row['markup'][0]})")
    done = [row for row in rows if row.get("status") == 0]
    print(f"\n{len(rows)} sites, {len(done)} imported with exit 0")
    if done:
        sites = [row["site"] for row in done]
        homes = [row["homepage"] for row in done]
        seconds = [row["seconds"] for row in done]
        worst = min(done, key=lambda row: row["site"])
        print(
            f"words of the original on the new site: median {100 * statistics.median(sites):.1f}%,"
            f" worst {100 * worst['site']:.1f}% ({worst['name']})"
        )
        print(f"on the new homepage alone: median {100 * statistics.median(homes):.1f}%, worst {100 * min(homes):.1f}%")
        unequal = sum(1 for row in done for original, new in row["sections"].values() if original != new)
        total = sum(len(row["sections"]) for row in done)
        print(f"sections whose item count differs: {unequal} of {total}")
        items, placed, merged, moved, repeated = (sum(row["placement"][at] for row in done) for at in range(5))
        print(
            f"items of the original (list items, paper boxes) found as items of their own on the new homepage:"
            f" {placed} of {items}; merged with another: {merged} ({sum(1 for row in done if row['placement'][2])}"
            f" sites); out of their section's order: {moved} ({sum(1 for row in done if row['placement'][3])} sites);"
            f" written twice on the original, shown once: {repeated}"
        )
        source = [row for row in done if row["markup"][1] > row["markup"][0]]
        print(f"sites showing HTML tags as text that the original did not: {len(source)}")
        print(f"import time (in its process): median {statistics.median(seconds):.2f} s, worst {max(seconds):.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of AcadHomepage site checkouts, one per folder")
    parser.add_argument("--only", nargs="*", default=[], help="only these sites (folder names)")
    parser.add_argument("--missing", action="store_true", help="list the words each site lost")
    parser.add_argument("--keep", action="store_true", help="keep the builds and databases")
    parser.add_argument(
        "--screenshots", type=Path, metavar="OUT", help="each original beside its import (bench/side_by_side.py)"
    )
    options = parser.parse_args()
    sites = sorted(path for path in options.corpus.iterdir() if path.is_dir() and (path / "_config.yml").is_file())
    if options.only:
        sites = [path for path in sites if path.name in options.only]
    if not sites:
        raise SystemExit(f"No site checkouts (folders with a _config.yml) in {options.corpus}")
    work = Path(tempfile.mkdtemp(prefix="import-fidelity-"))
    try:
        template_db = migrated_template(work)
        rows = []
        for checkout in sites:
            row = run_site(checkout, template_db, work)
            rows.append(row)
            status = row["status"]
            figure = f"{100 * row['site']:.1f}%" if status == 0 else row.get("error", "").strip()[-120:]
            print(f"  {checkout.name}: exit {status}, {figure}", flush=True)
        report(rows, options.missing)
        if options.screenshots:
            from side_by_side import shoot

            print(f"\nScreenshots, original beside import, in {options.screenshots}:")
            shoot(work, options.screenshots, [row["name"] for row in rows if row.get("status") == 0])
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
        print(f"\nResults: {RESULTS.relative_to(ROOT)}")
    finally:
        if options.keep:
            print(f"Kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all(row.get("status") == 0 for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
