"""The soak: a few minutes of steady load at half capacity, with no errors and flat memory.

    make bench-soak            # or: .venv/bin/python bench/soak.py [--minutes 3] [--keep]

On a throwaway installation (installation.py: production settings, gunicorn
with gunicorn.conf.py, the demo page with realistic figures), wrk first finds
the capacity on a mix of every public page, feed, export and a static file,
then holds half of it for ``--minutes`` (each connection paces itself with
wrk's ``delay()``), while an editor publishes a change every
``--publish-every`` seconds (each one empties the page cache, so every page is
rendered again under load) and the gunicorn workers' memory is sampled every
few seconds. Workers are not recycled during the soak
(``GUNICORN_MAX_REQUESTS=0``), so a leak would show rather than be reset.

It fails (exit 1) on any non-2xx/3xx response or socket error, if the workers'
memory in the last third of the run is more than 20% above the first third, or
if the homepage does not show the last change afterwards. Results go to
bench/results/soak.json.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from installation import ROOT, Installation, fetch  # noqa: E402

RESULTS = BENCH_DIR / "results" / "soak.json"
CONNECTIONS = 16
MEMORY_GROWTH_LIMIT = 1.20

MIX_SCRIPT = """
paths = {paths}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
delay = function()
  return {delay_ms}
end
"""


def mix(site: Installation) -> list[str]:
    pages = [urlsplit(url).path for url in site.sitemap()]
    css = next((site.workdir / "static" / "css").glob("site.*.css")).name
    others = ["/news/feed/", "/robots.txt", "/publications.bib", f"/static/css/{css}", "/publications/?year=2024"]
    return pages + others


def run_wrk(base: str, paths: list[str], seconds: int, delay_ms: float, workdir: Path) -> dict:
    script = workdir / f"mix-{delay_ms:g}.lua"
    lua_paths = "{" + ", ".join(json.dumps(path) for path in paths) + "}"
    script.write_text(MIX_SCRIPT.format(paths=lua_paths, delay_ms=delay_ms))
    done = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base + "/"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    out = done.stdout
    total = re.search(r"(\d+) requests in", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(total.group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "output": out,
    }


def retitled(number: int) -> str:
    """The paper's title after the editor's ``number``-th change."""
    return f"A paper retitled during the soak ({number})"


def pacing(site: Installation, paths: list[str], target: float) -> float:
    """How long each connection waits after a response so that all of them together make ``target`` requests/s.

    A connection's cycle is its wait plus the response time, which only a trial
    at about that load tells: ten seconds at the first guess, then the wait is
    shortened by the response time seen.
    """
    cycle_ms = CONNECTIONS * 1000 / target
    trial = run_wrk(site.base, paths, 10, cycle_ms, site.workdir)
    response_ms = max(0.0, CONNECTIONS * 1000 / trial["rps"] - cycle_ms)
    return max(1.0, cycle_ms - response_ms)


def worker_memory_kb(master_pid: int) -> int:
    """Memory of all of gunicorn's workers (the master's children), in KB.

    Proportional set size: workers are forked from a master that loaded the
    site, and pages they still share with it count once, not once per worker.
    """
    total = 0
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split():
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except FileNotFoundError:  # gone between listing and reading
            continue
        total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE).group(1))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3, help="length of the soak")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--publish-every", type=float, default=45, help="seconds between an editor's changes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary installation")
    options = parser.parse_args()

    with Installation(keep=options.keep) as site:
        site.build()
        site.serve(workers=options.workers, GUNICORN_MAX_REQUESTS="0")
        paths = mix(site)
        print(f"Mix of {len(paths)} URLs: {', '.join(paths[:4])}, …")

        capacity = run_wrk(site.base, paths, 15, 0, site.workdir)
        target = capacity["rps"] / 2
        delay_ms = pacing(site, paths, target)
        print(f"Capacity: {capacity['rps']:.0f} requests/s; soaking at {target:.0f}/s for {options.minutes:g} min")

        samples: list[tuple[float, int]] = []
        stop = threading.Event()

        def sample() -> None:
            start = time.monotonic()
            while not stop.wait(5):
                samples.append((time.monotonic() - start, worker_memory_kb(site.server.pid)))

        published = []

        def edit() -> None:
            while not stop.wait(options.publish_every):
                site.publish_paper_title(retitled(len(published) + 1))
                published.append(time.monotonic())

        threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=edit, daemon=True)]
        for thread in threads:
            thread.start()
        soak = run_wrk(site.base, paths, int(options.minutes * 60), delay_ms, site.workdir)
        stop.set()
        for thread in threads:
            thread.join()
        shows_last_change = not published or retitled(len(published)).encode() in fetch(site.base + "/")

    third = max(1, len(samples) // 3)
    first = sum(kb for _, kb in samples[:third]) / third
    last = sum(kb for _, kb in samples[-third:]) / third
    growth = last / first if first else 1
    results = {
        "capacity_rps": capacity["rps"],
        "target_rps": target,
        "soak": {key: value for key, value in soak.items() if key != "output"},
        "minutes": options.minutes,
        "workers": options.workers,
        "memory_kb": samples,
        "memory_growth": growth,
        "changes_published": len(published),
        "last_change_shown": shows_last_change,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(
        textwrap.dedent(f"""
        Soak: {soak["requests"]} requests in {options.minutes:g} min at {soak["rps"]:.0f}/s (target {target:.0f}/s)
          non-2xx/3xx responses: {soak["non_2xx"]}, socket errors: {soak["socket_errors"]}
          workers' memory: {first / 1024:.0f} MB (first third) -> {last / 1024:.0f} MB (last third), x{growth:.2f}
          changes published meanwhile: {len(published)}, the last one on the homepage afterwards: {shows_last_change}
        Results: {RESULTS.relative_to(ROOT)}""")
    )
    failed = soak["non_2xx"] or soak["socket_errors"] or growth > MEMORY_GROWTH_LIMIT or not shows_last_change
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
