"""How long an AcadHomepage import takes inside the process: a site of 20 paper boxes in under 2 s.

    .venv/bin/python bench/import_speed.py [--papers 20] [--news 15] [--honors 10] [--runs 7]

Writes a checkout in a temporary folder: ``_config.yml``, ``_pages/about.md`` with the
paper boxes (each with a 1600×900 PNG figure of about 570 KB, drawn by bench/figures.py,
a badge, authors, links and a highlight), the news and the honors. Migrates a fresh SQLite
database once (the development settings), then imports the checkout ``--runs`` times, each
into a copy of that freshly migrated database with empty media, with ``import_acadhomepage
--repo DIR --no-check --quiet``. Times are measured around the command in the process, so
they hold the parsing and the saving, figures included, and not the interpreter's start;
the first run also pays for importing the importer's modules. Exit status 1 when the median
is 2 s or more. Results also go to bench/results/import_speed.json.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
TARGET_SECONDS = 2.0
ACCENTS = ["#2563eb", "#dc2626", "#059669", "#d97706"]


def write_checkout(folder: Path, papers: int, news: int, honors: int) -> int:
    """The checkout; returns the bytes of its figures."""
    sys.path.insert(0, str(BENCH_DIR))
    from figures import figure

    (folder / "_pages").mkdir(parents=True)
    (folder / "images").mkdir()
    (folder / "_config.yml").write_text(
        "title: Ada's Homepage\nauthor:\n  name: Ada Lovelace\n  bio: Researcher\n  location: London\n"
        "  email: ada@example.org\n  github: ada\n"
    )
    boxes = []
    for number in range(papers):
        path = folder / "images" / f"paper{number}.png"
        figure(f"Paper {number}", ACCENTS[number % 4], seed=number).save(path, optimize=True)
        boxes.append(
            f"<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">NeurIPS 2024</div>"
            f'<img src=\'images/paper{number}.png\' alt="sym" width="100%"></div></div>\n'
            "<div class='paper-box-text' markdown=\"1\">\n\n"
            f"[Paper number {number}: a study of efficient inference for long contexts]"
            f"(https://arxiv.org/abs/2401.{10000 + number:05d}) \\| [NeurIPS'24] \\\\\n"
            "Wei Wu, **Ada Lovelace**, Chao Wang, Liyi Chen, Hui Xiong\n\n"
            f"[**Project**](https://example.org/p{number}) \\| [![](https://img.shields.io/github/stars/ada/p{number}"
            f"?style=social&label=Code+Stars)](https://github.com/ada/p{number})\n\n"
            f"- A highlight of paper {number}.\n\n</div>\n</div>\n"
        )
    news_lines = "\n".join(f"- *2024.{n % 12 + 1:02d}*: News item {n} about a paper." for n in range(news))
    honor_lines = "\n".join(f"- *20{10 + number}*, Award number {number}" for number in range(honors))
    (folder / "_pages" / "about.md").write_text(
        '---\npermalink: /\ntitle: ""\nauthor_profile: true\n---\n\nI am Ada. I work on efficient LLMs.\n\n'
        f"# 🔥 News\n{news_lines}\n\n# 📝 Publications\n{''.join(boxes)}\n# 🎖 Honors and Awards\n{honor_lines}\n"
    )
    return sum(path.stat().st_size for path in (folder / "images").iterdir())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20)
    parser.add_argument("--news", type=int, default=15)
    parser.add_argument("--honors", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="profile-site-import-"))
    try:
        figure_bytes = write_checkout(work / "site", args.papers, args.news, args.honors)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="profile_site.settings.dev",
            DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
            MEDIA_ROOT=str(work / "media"),
            CACHE_DIR=str(work / "cache"),
            LOG_LEVEL="WARNING",
        )
        sys.path.insert(0, str(ROOT))
        from core.startup import setup

        setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        connection.close()
        shutil.copy(work / "db.sqlite3", work / "migrated.sqlite3")
        times = []
        for _ in range(args.runs):
            connection.close()
            shutil.copy(work / "migrated.sqlite3", work / "db.sqlite3")
            shutil.rmtree(work / "media", ignore_errors=True)
            output = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
                call_command("import_acadhomepage", "--repo", str(work / "site"), "--no-check", "--quiet")
            times.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    median = sorted(times)[len(times) // 2]
    result = {
        "papers": args.papers,
        "news": args.news,
        "honors": args.honors,
        "figure_megabytes": round(figure_bytes / 1e6, 1),
        "runs_seconds": [round(seconds, 2) for seconds in times],
        "median_seconds": round(median, 2),
        "target_seconds": TARGET_SECONDS,
    }
    print(
        f"Import of {args.papers} paper boxes ({result['figure_megabytes']} MB of figures), {args.news} news, "
        f"{args.honors} honors: median {median:.2f} s of {args.runs} runs "
        f"({', '.join(f'{seconds:.2f}' for seconds in times)}; the first also imports the modules)"
    )
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    (BENCH_DIR / "results" / "import_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
