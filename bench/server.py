"""The throughput benchmark: is a dynamic homepage as cheap to serve as a static file?

    make bench-server          # or: .venv/bin/python bench/server.py [--seconds 10] [--keep]

One run, on one throwaway installation (installation.py: production settings,
gunicorn with gunicorn.conf.py, the demo page with realistic figures), driven
by wrk on loopback:

1. the cached homepage, and a static file of about the same size served by
   whitenoise from the same gunicorn, and the ratio of the two;
2. the homepage with the page cache off, at 5 publications (the demo) and at
   500 (495 more imported from a generated BibTeX file), with the SQL queries
   of each public page at both sizes;
3. the static export (``manage.py export_static``) of the same site served by nginx,
   and every address of it compared byte for byte with the live site's;
4. a change published from another process, looked for in the next anonymous
   responses of the cached site.

Results are printed and written to bench/results/server.json.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import re
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from installation import ROOT, Installation, fetch, free_port  # noqa: E402

RESULTS = BENCH_DIR / "results" / "server.json"
GROWN_TO = 500

# Run inside `manage.py shell`: the SQL queries of one anonymous view of each public page.
COUNT_QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from publications.models import PublicationPage

client = Client(HTTP_HOST="localhost")
paper = PublicationPage.objects.live().order_by("-date", "pk").first().url
counts = {}
for path in ["/", "/publications/", paper, "/news/"]:
    for _ in range(2):  # a site's very first views make rows (its settings, renditions) that start a new generation
        assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    counts["a publication page" if path == paper else path] = len(queries)
print(json.dumps(counts))
"""


# Run inside `manage.py shell` (page cache off): CPU milliseconds of one anonymous homepage view in this
# process, with nothing rendered yet, once its paper boxes are (the median of 20), and right after one
# paper is published (what the first visitor after a publish waits for).
RENDER_COST = """
import json, statistics, time
from django.test import Client
from publications.models import PublicationPage

client = Client(HTTP_HOST="localhost")

def cost():
    start = time.process_time()
    assert client.get("/").status_code == 200
    return (time.process_time() - start) * 1000

first = cost()
warm = statistics.median(cost() for _ in range(20))
paper = PublicationPage.objects.live().filter(featured=True).order_by("pk").last()
paper.title += " (revised)"
paper.save_revision().publish()
print(json.dumps({"first_ms": first, "warm_ms": warm, "after_publish_ms": cost()}))
"""


def wrk(url: str, seconds: int, connections: int = 16) -> dict:
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    out = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    print(f"  {url}: {rps:.0f} requests/s", flush=True)
    return {
        "rps": rps,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
        "p99": p99.group(1) if p99 else "",
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median requests per second, its errors summed over all runs."""
    middle = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
    return {**middle, "non_2xx": sum(run["non_2xx"] for run in runs)}


def static_file_like(static_root: Path, size: int) -> str:
    """The collected static file (hashed name, uncompressed) closest in size to ``size`` bytes."""
    candidates = [
        path
        for path in static_root.rglob("*")
        if path.is_file() and path.suffix not in {".gz", ".br"} and re.search(r"\.[0-9a-f]{12}\.", path.name)
    ]
    best = min(candidates, key=lambda path: abs(path.stat().st_size - size))
    return "/static/" + best.relative_to(static_root).as_posix()


def bibtex_entries(count: int) -> str:
    entries = []
    for number in range(count):
        entries.append(
            textwrap.dedent(f"""\
            @inproceedings{{bench{number},
              title = {{Scaling Study Number {number}: Efficient Inference for Long Documents}},
              author = {{Pan, Zhuoshi and Wu, Wei and Author{number}, First and Author{number}, Second}},
              booktitle = {{Proceedings of the Benchmark Conference {2000 + number % 25}}},
              year = {{{2000 + number % 25}}},
              doi = {{10.5555/bench.{number}}},
              url = {{https://example.org/papers/{number}}},
              selected = {{true}},
            }}
            """)
        )
    return "\n".join(entries)


@contextlib.contextmanager
def nginx_serving(export_dir: Path, workdir: Path) -> Iterator[str]:
    """nginx serving the export's files as they are, on its own port: yields its address."""
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(
        textwrap.dedent(f"""\
        worker_processes 2;
        pid {workdir / "nginx.pid"};
        error_log {workdir / "nginx-error.log"};
        events {{ worker_connections 1024; }}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            sendfile on;
            keepalive_timeout 5;
            server {{
                listen 127.0.0.1:{port};
                root {export_dir};
                index index.html;
            }}
        }}
        """)
    )
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
    try:
        for _ in range(50):
            try:
                fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"nginx did not start; see {workdir / 'nginx-error.log'}")
        yield f"http://127.0.0.1:{port}"
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


LINK = re.compile(r'(?:href|src|content)="([^"]+)"|srcset="([^"]+)"')


def same_site_paths(page: bytes, base: str) -> set[str]:
    """The paths on this site that a page links to or loads (links, images, srcsets, meta images)."""
    paths = set()
    for href, srcset in LINK.findall(page.decode()):
        for url in [href] if href else [part.split()[0] for part in srcset.split(",") if part.strip()]:
            url = html.unescape(url)
            if url.startswith(base):
                url = url.removeprefix(base) or "/"
            if url.startswith("/") and not url.startswith("//"):
                paths.add(url.split("#")[0])
    return paths


def compare_export(live: str, exported: str, start: list[str]) -> dict:
    """Every page of the sitemap and everything they link to or load, from gunicorn and from nginx.

    The export is meant to be the site itself as files: each address must answer
    both with the same bytes. Admin and document addresses are not exported.
    """
    seen: set[str] = set()
    queue = list(start)
    different = []
    while queue:
        path = queue.pop()
        if path in seen or path.startswith(("/admin/", "/documents/")):
            continue
        seen.add(path)
        original = fetch(live + path)
        copy = fetch(exported + path)
        if original != copy:
            different.append(path)
        if path.endswith("/") or path.endswith(".html"):
            queue.extend(same_site_paths(original, live) - seen)
    return {"addresses": len(seen), "different": different}


def change_shows_at_once(site: Installation) -> dict:
    """Publish from another process; every worker's next anonymous response must show it."""
    title = "A title published while the homepage was cached"
    before = fetch(site.base + "/")
    site.publish_paper_title(title)
    after = [fetch(site.base + "/") for _ in range(12)]  # every one of the workers, more than once
    shown = title.encode()
    return {"before": shown in before, "after": sum(shown in page for page in after), "requests": len(after)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs of the cached page and the static file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary installation")
    options = parser.parse_args()
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    if missing:
        print(f"Missing {', '.join(missing)}: apt-get install -y wrk nginx-light", file=sys.stderr)
        return 2

    results: dict = {"workers": options.workers, "seconds": options.seconds}
    with Installation(keep=options.keep) as site:
        site.build()
        queries = {"5": json.loads(site.shell(COUNT_QUERIES, PAGE_CACHE_SECONDS="0"))}

        site.serve(workers=options.workers)
        home = fetch(site.base + "/")
        static_path = static_file_like(site.workdir / "static", len(home))
        static_size = len(fetch(site.base + static_path))
        # gunicorn and wrk share the machine's cores and single runs swing by a
        # third: alternate the two and compare the medians.
        rounds = {"cached_home": [], "static_file": []}
        for _ in range(options.rounds):
            rounds["cached_home"].append(wrk(site.base + "/", options.seconds))
            rounds["static_file"].append(wrk(site.base + static_path, options.seconds))
        results["cached_home"] = {**median_run(rounds["cached_home"]), "bytes": len(home)}
        results["static_file"] = {**median_run(rounds["static_file"]), "bytes": static_size, "path": static_path}
        results["ratio"] = results["cached_home"]["rps"] / results["static_file"]["rps"]
        results["rounds"] = {name: [run["rps"] for run in runs] for name, runs in rounds.items()}

        site.serve(workers=options.workers, PAGE_CACHE_SECONDS="0")
        # As many connections as workers: a queue in front of slow renders would only add wrk's time-outs.
        results["uncached_home_5"] = wrk(site.base + "/", options.seconds, connections=options.workers)
        site.stop()

        bib = site.workdir / "more.bib"
        bib.write_text(bibtex_entries(GROWN_TO - 5))
        site.manage("import_bibtex", str(bib), "--quiet")
        queries[str(GROWN_TO)] = json.loads(site.shell(COUNT_QUERIES, PAGE_CACHE_SECONDS="0"))
        results["queries"] = queries
        results[f"render_cost_{GROWN_TO}"] = json.loads(site.shell(RENDER_COST, PAGE_CACHE_SECONDS="0"))

        site.serve(workers=options.workers, PAGE_CACHE_SECONDS="0")
        results[f"uncached_home_{GROWN_TO}"] = {
            **wrk(site.base + "/", options.seconds, connections=options.workers),
            "bytes": len(fetch(site.base + "/")),
        }
        site.stop()

        export_dir = site.workdir / "export"
        site.manage("export_static", str(export_dir))
        site.workdir.chmod(0o755)  # nginx's workers run as nobody; mkdtemp made it private
        site.serve(workers=options.workers)
        with nginx_serving(export_dir, site.workdir) as exported:
            home = fetch(exported + "/")
            results["nginx_export_home"] = {**wrk(exported + "/", options.seconds), "bytes": len(home)}
            paths = [urlsplit(url).path for url in site.sitemap()]
            results["export_compared"] = compare_export(site.base, exported, paths)
        results["change_shown"] = change_shows_at_once(site)

    report(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"\nResults: {RESULTS.relative_to(ROOT)}")
    errors = sum(row["non_2xx"] for row in results.values() if isinstance(row, dict) and "non_2xx" in row)
    change = results["change_shown"]
    change_missed = change["before"] or change["after"] < change["requests"]
    failed = errors or results["export_compared"]["different"] or change_missed
    return 1 if failed else 0


def report(results: dict) -> None:
    workers = results["workers"]
    print(
        f"\nwrk, 2 threads, {results['seconds']} s each, 16 connections ({workers} for the uncached homepage);"
        f" gunicorn with {workers} workers"
    )
    rows = [
        ("homepage, page cache (5 publications)", results["cached_home"]),
        (f"static file, whitenoise ({results['static_file']['path'].rsplit('/', 1)[-1]})", results["static_file"]),
        ("homepage, no page cache, 5 publications", results["uncached_home_5"]),
        (f"homepage, no page cache, {GROWN_TO} publications", results[f"uncached_home_{GROWN_TO}"]),
        ("static export's homepage, nginx", results["nginx_export_home"]),
    ]
    print(f"{'':<52} {'req/s':>9} {'p99':>9} {'KB':>6} {'non-2xx':>8}")
    for label, row in rows:
        size = f"{row['bytes'] / 1000:.0f}" if "bytes" in row else ""
        print(f"{label:<52} {row['rps']:>9.0f} {row['p99']:>9} {size:>6} {row['non_2xx']:>8}")
    runs = len(results["rounds"]["cached_home"])
    print(f"\ncached homepage / static file: {results['ratio']:.2f} (medians of {runs} alternating runs)")
    for name, label in (("cached_home", "cached homepage"), ("static_file", "static file")):
        print(f"  {label:<16} " + "  ".join(f"{rps:.0f}" for rps in results["rounds"][name]))
    print("\nSQL queries per anonymous page view (page cache off):")
    counts = results["queries"]
    print(f"{'':<24} {'5 publications':>15} {f'{GROWN_TO} publications':>17}")
    for page in counts["5"]:
        print(f"{page:<24} {counts['5'][page]:>15} {counts[str(GROWN_TO)][page]:>17}")
    cost = results[f"render_cost_{GROWN_TO}"]
    print(
        f"\nCPU per anonymous homepage view at {GROWN_TO} publications (page cache off, one process):"
        f" {cost['warm_ms']:.0f} ms once its paper boxes are rendered (median of 20);"
        f" {cost['after_publish_ms']:.0f} ms right after a paper is published;"
        f" {cost['first_ms']:.0f} ms for the process's first view"
    )
    compared = results["export_compared"]
    print(
        f"\nStatic export under nginx vs the live site: {compared['addresses']} addresses (pages, feeds,"
        f" downloads, styles, scripts, images), {len(compared['different'])} different"
    )
    for path in compared["different"]:
        print(f"  differs: {path}")
    change = results["change_shown"]
    print(
        f"A paper's new title published from another process: in {change['after']} of the next"
        f" {change['requests']} anonymous homepage responses (in the one before: {change['before']})"
    )


if __name__ == "__main__":
    sys.exit(main())
