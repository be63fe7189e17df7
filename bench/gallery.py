"""The screenshot gallery: every public page of the demo at 320, 375, 768 and 1280 px, light and dark.

    make gallery          # or: .venv/bin/python bench/gallery.py [--out docs/gallery]

Builds the same throwaway installation as the front-end benchmark (production settings, gunicorn,
realistic figures; bench/installation.py), with the demo's profile, and saves what a visitor's
window shows at the top of each page (800 px tall) as WebP, with an index page, docs/gallery/README.md.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from frontend import CHROMIUM, MISSING_PAGE, public_pages  # noqa: E402
from installation import ROOT, Installation  # noqa: E402

WIDTHS = (320, 375, 768, 1280)
THEMES = ("light", "dark")
HEIGHT = 800
DEMO_DIR = ROOT / "homepage" / "demo"


def page_name(path: str) -> str:
    """``/publications/some-paper/`` -> "paper: some-paper"-like file stems, short and stable."""
    if path == "/":
        return "home"
    if path == MISSING_PAGE:
        return "not-found"
    parts = [part for part in path.split("/") if part]
    if parts[0] == "publications" and len(parts) > 1:
        return "paper"
    return parts[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    options.out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, list[str]]] = []
    with Installation() as site:
        site.build()
        shutil.copy(DEMO_DIR / "images" / "avatar.png", site.workdir / "images" / "avatar.png")
        site.manage(
            "import_acadhomepage", str(DEMO_DIR / "acadhomepage_about.md"), "--config", str(DEMO_DIR / "_config.yml"),
            "--images", str(site.workdir), "--quiet", "--no-check",
        )  # fmt: skip
        site.serve(workers=2)
        # One paper page stands for all of them.
        urls, seen = [], set()
        for url in public_pages(site):
            name = page_name(urlsplit(url).path)
            if name not in seen:
                seen.add(name)
                urls.append((name, url))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, url in urls:
                files = []
                for theme in THEMES:
                    for width in WIDTHS:
                        page = browser.new_page(viewport={"width": width, "height": HEIGHT}, color_scheme=theme)
                        page.goto(url, wait_until="networkidle")
                        shot = Image.open(io.BytesIO(page.screenshot()))
                        page.close()
                        file = f"{name}-{width}-{theme}.webp"
                        shot.save(options.out / file, "WEBP", quality=80, method=6)
                        files.append(file)
                rows.append((name, urlsplit(url).path, files))
                print(f"  {urlsplit(url).path}: {len(files)} screenshots")
            browser.close()
    lines = [
        "# Gallery",
        "",
        "Every public page of the demo (`make gallery` takes them again: bench/gallery.py), at the top of a "
        f"window {HEIGHT} px tall, {', '.join(map(str, WIDTHS))} px wide, in the light and the dark theme.",
        "",
    ]
    for name, path, files in rows:
        lines += [f"## `{path}`", ""]
        for theme in THEMES:
            lines.append(" ".join(f"![{name}, {file.split('-')[-2]} px, {theme}]({file})" for file in files
                                  if file.endswith(f"-{theme}.webp")))  # fmt: skip
            lines.append("")
    (options.out / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"Wrote {sum(len(files) for _, _, files in rows)} screenshots and the index to {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
