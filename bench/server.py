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
3. the static export (``manage.py export_static``) of the same site served by nginx.

Results are printed and written to bench/results/server.json.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from installation import ROOT, Installation, free_port  # noqa: E402

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
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    counts["a publication page" if path == paper else path] = len(queries)
print(json.dumps(counts))
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


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


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


def nginx_throughput(export_dir: Path, seconds: int, workdir: Path) -> dict:
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
                page = fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                subprocess.run(["sleep", "0.1"], check=True)
        else:
            raise SystemExit(f"nginx did not start; see {workdir / 'nginx-error.log'}")
        return {**wrk(f"http://127.0.0.1:{port}/", seconds), "bytes": len(page)}
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary installation")
    options = parser.parse_args()
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    if missing:
        print(f"Missing {', '.join(missing)}: apt-get install -y wrk nginx-light", file=sys.stderr)
        return 2

    results: dict = {"workers": options.workers, "seconds": options.seconds}
    with Installation(keep=options.keep) as site:
        site.build()
        queries = {"5": json.loads(site.shell(COUNT_QUERIES))}

        site.serve(workers=options.workers)
        home = fetch(site.base + "/")
        static_path = static_file_like(site.workdir / "static", len(home))
        static_size = len(fetch(site.base + static_path))
        results["cached_home"] = {**wrk(site.base + "/", options.seconds), "bytes": len(home)}
        results["static_file"] = {**wrk(site.base + static_path, options.seconds), "bytes": static_size}
        results["static_file"]["path"] = static_path
        results["ratio"] = results["cached_home"]["rps"] / results["static_file"]["rps"]

        site.serve(workers=options.workers, PAGE_CACHE_SECONDS="0")
        results["uncached_home_5"] = wrk(site.base + "/", options.seconds)
        site.stop()

        bib = site.workdir / "more.bib"
        bib.write_text(bibtex_entries(GROWN_TO - 5))
        site.manage("import_bibtex", str(bib), "--quiet")
        queries[str(GROWN_TO)] = json.loads(site.shell(COUNT_QUERIES))
        results["queries"] = queries

        site.serve(workers=options.workers, PAGE_CACHE_SECONDS="0")
        results[f"uncached_home_{GROWN_TO}"] = {
            **wrk(site.base + "/", options.seconds),
            "bytes": len(fetch(site.base + "/")),
        }
        site.stop()

        export_dir = site.workdir / "export"
        site.manage("export_static", str(export_dir))
        site.workdir.chmod(0o755)  # nginx's workers run as nobody; mkdtemp made it private
        results["nginx_export_home"] = nginx_throughput(export_dir, options.seconds, site.workdir)

    report(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"\nResults: {RESULTS.relative_to(ROOT)}")
    errors = sum(row["non_2xx"] for row in results.values() if isinstance(row, dict) and "non_2xx" in row)
    return 1 if errors else 0


def report(results: dict) -> None:
    print(f"\nwrk, 2 threads, 16 connections, {results['seconds']} s each; gunicorn with {results['workers']} workers")
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
    print(f"\ncached homepage / static file: {results['ratio']:.2f}")
    print("\nSQL queries per anonymous page view (page cache off):")
    counts = results["queries"]
    print(f"{'':<24} {'5 publications':>15} {f'{GROWN_TO} publications':>17}")
    for page in counts["5"]:
        print(f"{page:<24} {counts['5'][page]:>15} {counts[str(GROWN_TO)][page]:>17}")


if __name__ == "__main__":
    sys.exit(main())
