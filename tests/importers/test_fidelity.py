"""The import checks itself: the old homepage's words, looked for on the new site (homepage/importers/fidelity.py)."""

from __future__ import annotations

import os
import stat
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from homepage.importers.fidelity import Coverage, most_of_each, visible_text, words

pytestmark = pytest.mark.django_db

ABOUT = """\
---
permalink: /
title: ""
---

<span class='anchor' id='about-me'></span>
I study **sparse attention** for long documents.
<!-- A draft sentence nobody saw: zeppelin. -->

# 🔥 News
- *2024.05*: A paper accepted at **ACL 2024**.
- *2023.01*: 我们的论文被接收。

# 📝 Publications
- [Counting Words Carefully](https://arxiv.org/abs/2401.00001), **Ada Lovelace**, Charles Babbage. *ICML 2024*
"""
CONFIG = "title: A homepage\nauthor:\n  name: Ada Lovelace\n  bio: Analyst of engines\n"


def import_and_check(about: Path, *arguments: str) -> str:
    out = StringIO()
    call_command("import_acadhomepage", str(about), *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_words_count_cjk_characters_one_by_one():
    assert words("Long-context LLMs: 长文本") == Counter(
        {"long": 1, "context": 1, "llms": 1, "长": 1, "文": 1, "本": 1}
    )


def test_only_what_a_visitor_sees_is_counted():
    html = (
        '<body><div id="main"><p>Seen <b>words</b></p><script>var hidden = 1</script><!-- commented -->'
        "<details><summary>Abstract</summary>Only after a click</details><p hidden>gone</p>"
        '<p style="display: none">gone too</p><p class="page__meta">Last updated</p>'
        '<video controls><source src="a.mp4">Your browser does not support the video tag.</video></div>'
        "<p>outside</p></body>"
    )
    assert words(visible_text(html, ["#main"])) == Counter({"seen": 1, "words": 1, "abstract": 1})


def test_a_sidebar_line_written_twice_for_small_screens_counts_once():
    """A real site's sidebar wrote its description and location twice, one copy shown on small screens only (its
    stylesheet hides the other): a visitor sees each once. Two links that say the same are two links."""
    html = (
        '<body><div id="main"><div class="sidebar"><div class="author__meta-mobile"><p>Enjoy knowing</p>'
        "<p><i></i> Chengdu, China</p></div><ul><li><div>Enjoy knowing</div></li><li><i></i> Chengdu, China</li>"
        '<li><a href="https://a.example">Website</a></li><li><a href="https://b.example">Website</a></li></ul></div>'
        "<p>Enjoy knowing</p></div></body>"
    )
    assert words(visible_text(html, ["#main"])) == Counter(
        {"enjoy": 2, "knowing": 2, "chengdu": 1, "china": 1, "website": 2}
    )


def test_what_a_stylesheet_shows_only_in_print_is_not_counted():
    """A real site's sidebar wrote the birth date and both e-mail addresses again in blocks named for print
    (``author__print-contact``), which its stylesheet hides on screen: a visitor never sees them. What is hidden
    only in print ("no-print") is seen."""
    html = (
        '<body><div id="main"><div class="sidebar"><p>Shanghai</p>'
        '<p class="author__print-birth">Date of birth: Dec 2005</p>'
        '<div class="author__print-contact"><p>me@example.com</p></div>'
        '<p class="print-only">Printed on paper</p><p class="no-print">Menu</p>'
        '<p class="d-print-none">Search</p><p class="footprint">Footprint</p></div></div></body>'
    )
    assert words(visible_text(html, ["#main"])) == Counter({"shanghai": 1, "menu": 1, "search": 1, "footprint": 1})


def test_tex_in_dollars_counts_as_what_mathjax_draws_only_where_the_page_loads_it():
    body = r"<body><p>Ada Lovelace${}^\dagger$, $5 or $10 \dagger</p></body>"
    typeset = '<head><script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script></head>' + body
    assert words(visible_text(typeset)) == Counter({"ada": 1, "lovelace": 1, "5": 1, "or": 1, "10": 1, "dagger": 1})
    assert words(visible_text(body))["dagger"] == 2  # no MathJax: the TeX is what a visitor reads


def test_coverage_counts_each_word_as_often_as_the_original_shows_it():
    original = Counter({"paper": 3, "diffusion": 1, "the": 2})
    coverage = Coverage(original, most_of_each([Counter({"paper": 2, "the": 5}), Counter({"paper": 1})]))
    assert coverage.total == 6
    assert coverage.missing == Counter({"paper": 1, "diffusion": 1})
    assert coverage.ratio == pytest.approx(4 / 6)
    assert coverage.missing_words() == ["paper", "diffusion"]


def test_a_real_import_says_what_share_of_the_old_homepage_it_carried_over(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-jekyll-here"))
    about = tmp_path / "about.md"
    about.write_text(ABOUT, encoding="utf-8")
    output = import_and_check(about)
    line = next(line for line in output.splitlines() if "of the words on your old homepage" in line)
    assert "compared with the original about page as Markdown" in line
    assert line.startswith("100.0% of the words on your old homepage are on the new site")
    assert "zeppelin" not in line  # a comment was never seen, so it is not missed either
    assert "Dry run" in import_and_check(about, "--dry-run") and "old homepage" not in import_and_check(
        about, "--dry-run"
    )


def test_without_jekyll_a_paper_boxs_markdown_counts_as_kramdown_shows_it(tmp_path, monkeypatch):
    """Without Jekyll the about page is read as Markdown: inside a paper box, the ``markdown="1"`` text column
    counted its links' addresses ("https", "arxiv") as words visitors saw, and found them missing."""
    monkeypatch.setenv("PATH", str(tmp_path / "no-jekyll-here"))
    about = tmp_path / "about.md"
    box = (
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">ICML 2024</div>"
        "<img src='images/fig.png' alt='fig' width='100%'></div></div>\n"
        "<div class='paper-box-text' markdown=\"1\">\n\n[Boxed Words Paper](https://arxiv.org/abs/2401.00002)\n\n"
        "**Ada Lovelace**, Charles Babbage\n\n[**Code**](https://github.com/ada/boxed)\n</div>\n</div>\n"
    )
    about.write_text(ABOUT + "\n" + box, encoding="utf-8")
    line = next(line for line in import_and_check(about).splitlines() if "of the words on your old homepage" in line)
    assert line.startswith("100.0% of the words on your old homepage are on the new site"), line


def test_what_was_not_carried_over_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-jekyll-here"))
    about = tmp_path / "about.md"
    about.write_text(ABOUT + "\n<div class='card'><p>Visiting scholar programme</p></div>\n", encoding="utf-8")
    monkeypatch.setattr("homepage.importers.fidelity.new_site_pages", lambda client: {"/": "<p>nothing</p>"})
    output = import_and_check(about)
    assert "0.0% of the words on your old homepage are on the new site" in output
    assert "not carried over: " in output and "sparse" in output


def test_with_jekyll_the_built_original_is_what_counts(tmp_path, monkeypatch):
    """A stand-in ``jekyll`` on the PATH: the command builds a copy of the checkout, without its Gemfile."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    jekyll = bin_dir / "jekyll"
    jekyll.write_text(
        "#!/bin/sh\n"
        '# jekyll build --safe --quiet --source SRC --destination DEST\n[ "$2" = "--safe" ] || exit 3\n'
        'src="$5"; dest="$7"; [ -e "$src/Gemfile" ] && exit 4\nmkdir -p "$dest"\n'
        'printf \'<html><body><div id="main"><p>Ada Lovelace</p><p>I study sparse attention, built by Jekyll</p>'
        '</div></body></html>\' > "$dest/index.html"\n'
    )
    jekyll.chmod(jekyll.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    checkout = tmp_path / "site"
    (checkout / "_pages").mkdir(parents=True)
    (checkout / "_pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    (checkout / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (checkout / "Gemfile").write_text("source 'https://rubygems.org'\n")
    output = StringIO()
    call_command("import_acadhomepage", "--repo", str(checkout), "--quiet", stdout=output, stderr=StringIO())
    line = next(line for line in output.getvalue().splitlines() if "old homepage" in line)
    assert "compared with the original built by Jekyll, 9 words" in line
    assert "not carried over: built, by, jekyll" in line
    assert (checkout / "Gemfile").exists() and not (checkout / "_site").exists()  # the checkout is left as it was
