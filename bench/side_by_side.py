"""Screenshots side by side: each site's original homepage, as Jekyll built it, beside its imported homepage.

    .venv/bin/python bench/import_fidelity.py DIR --screenshots OUT    # the benchmark, then the screenshots
    .venv/bin/python bench/side_by_side.py KEPT OUT [--only NAME ...]  # from a run kept with --keep

For each site the benchmark imported, Chromium (Debian's, offline: whatever is not on this machine
fails at once, as the fonts and scripts an original loads from CDNs do) opens the original's built
folder, served as it would be at its site root, and the imported homepage, served from the site's
own database and media by Django's development server; both whole pages at 1280 px, written to
``OUT/<site>.webp``, the original on the left, with ``OUT/README.md`` listing them.
"""

from __future__ import annotations

import argparse
import functools
import io
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from installation import answers, free_port
from PIL import Image, ImageDraw

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1280
HEIGHT = 900
TALLEST = 12_000  # pixels of page kept from the top: a page longer than this is cut, and says so
LABEL = 36
# Offline but for this machine, as in tests/e2e/conftest.py: other addresses go to a proxy where nothing listens.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """``folder`` at the root of a local HTTP server, as GitHub Pages serves a built site; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_import(folder: Path) -> Iterator[str]:
    """The site imported into ``folder`` (its db.sqlite3 and media) under Django's development server."""
    from import_fidelity import env_for  # bench/ is on the path of a script run from there

    port = free_port()
    log = (folder / "runserver.log").open("w")
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env_for(folder), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://localhost:{port}"
    try:
        if not answers(f"{base}/robots.txt", server):
            raise RuntimeError(f"the imported site did not start: see {folder / 'runserver.log'}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def whole_page(browser, url: str) -> Image.Image:
    # Without the page's CSP: waiting on the pictures evaluates a function in the page, which a policy without
    # 'unsafe-eval' (the imported site's) refuses once the pictures take a moment.
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, bypass_csp=True)
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        # A whole-page screenshot does not scroll: pictures the page loads lazily, as it comes into view, are loaded
        # first (or they show as empty frames).
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(image => { image.loading = 'eager'; })")
        page.wait_for_function("Array.from(document.images).every(image => image.complete)", timeout=30_000)
        page.wait_for_timeout(300)  # the template's scripts place the sidebar and the paper boxes
        return Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    finally:
        page.close()


def labelled(shot: Image.Image, label: str) -> Image.Image:
    """``shot`` under a strip naming it, cut at TALLEST pixels (the strip says so)."""
    height = min(shot.height, TALLEST)
    if shot.height > TALLEST:
        label += f" (first {TALLEST:,} of {shot.height:,} px)"
    framed = Image.new("RGB", (shot.width, height + LABEL), "white")
    ImageDraw.Draw(framed).text((12, 8), label, fill="black", font_size=22)
    framed.paste(shot.crop((0, 0, shot.width, height)), (0, LABEL))
    return framed


def side_by_side(left: Image.Image, right: Image.Image) -> Image.Image:
    gap = 16
    joined = Image.new("RGB", (left.width + gap + right.width, max(left.height, right.height)), "#888888")
    joined.paste(left, (0, 0))
    joined.paste(right, (left.width + gap, 0))
    return joined


def shoot(kept: Path, out: Path, only: list[str] | None = None) -> list[str]:
    """One side-by-side image per site kept in ``kept`` (a folder import_fidelity.py left); the names written."""
    from playwright.sync_api import Error as BrowserError
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    folders = sorted(
        folder
        for folder in kept.iterdir()
        if (folder / "site" / "index.html").is_file() and (folder / "db.sqlite3").is_file()
        and (not only or folder.name in only)
    )  # fmt: skip
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for folder in folders:
            try:
                with serve_folder(folder / "site") as original, serve_import(folder) as imported:
                    before = labelled(whole_page(browser, f"{original}/"), f"{folder.name}: original (Jekyll)")
                    after = labelled(whole_page(browser, f"{imported}/"), "imported")
            except (BrowserError, RuntimeError, OSError) as error:  # reported; the other sites are still taken
                print(f"  {folder.name}: no screenshots ({type(error).__name__}: {error})", flush=True)
                continue
            side_by_side(before, after).save(out / f"{folder.name}.webp", "WEBP", quality=70, method=4)
            written.append(folder.name)
            print(f"  {folder.name}: {out / (folder.name + '.webp')}", flush=True)
        browser.close()
    lines = ["# Original and imported homepages", "", "Left: the original, built by Jekyll. Right: the import.", ""]
    lines += [f"## {name}\n\n![{name}]({name}.webp)\n" for name in written]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kept", type=Path, help="a folder import_fidelity.py kept (--keep)")
    parser.add_argument("out", type=Path, help="where the images go")
    parser.add_argument("--only", nargs="*", default=[], help="only these sites (folder names)")
    options = parser.parse_args()
    written = shoot(options.kept, options.out, options.only)
    print(f"Wrote {len(written)} side-by-side screenshots to {options.out}")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
