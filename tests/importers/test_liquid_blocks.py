"""Liquid that writes part of the page (loops over ``site.data`` or ``site.posts``, includes with arguments) is
run by Jekyll, and what it wrote is imported in its place (homepage/importers/liquid_blocks.py)."""

from __future__ import annotations

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from homepage.importers.liquid_blocks import Block, content_blocks, put_in_place, rendered_page


@pytest.fixture(scope="session")
def template_plugins():
    """Debian packages Jekyll's plugins apart (ruby-jekyll-sitemap, …): the builds that run them need them
    installed, as .ci/run does."""
    wanted = ["jekyll-sitemap", "jekyll-redirect-from"]
    ruby = shutil.which("ruby")
    script = "ARGV.each { |gem| Gem::Specification.find_by_name(gem) }"
    if ruby is None or subprocess.run([ruby, "-e", script, *wanted], capture_output=True, check=False).returncode:  # noqa: S603
        pytest.skip(f"needs Jekyll's plugins: apt-get install {' '.join('ruby-' + gem for gem in wanted)}")


HEADER = """\
{% if site.google_scholar_stats_use_cdn %}
{% assign gsDataBaseUrl = "https://cdn.jsdelivr.net/gh/" | append: site.repository | append: "@" %}
{% else %}
{% assign gsDataBaseUrl = "https://raw.githubusercontent.com/" | append: site.repository | append: "/" %}
{% endif %}
"""
PAGE = (
    "---\npermalink: /\ntitle: About\nlayout: about\nmotto: Read widely\n---\n"
    + HEADER
    + """
# About me
I study sparse attention. My motto: {{ page.motto }}. <img src="{{ page.avatar }}"> [cv]({{ page.cv }})

# Publications
{% assign papers = site.data.papers %}
{% for paper in papers %}
{% include paper-card.html paper=paper %}
{% endfor %}

# Posts
{% for post in site.posts limit:2 %}- [{{ post.title }}]({{ post.url }})
{% endfor %}
{% raw %}{% for x in y %}{% endraw %}
{% comment %} {{ x }} {% include y.html a=1 %} {% endcomment %}
"""
)
PAPERS = """\
- title: Sparse Attention at Scale
  venue: NeurIPS 2024
- title: Tokens That Matter
  venue: ICLR 2025
"""
CARD = """\
<div class='paper-box'><div class='paper-box-text' markdown="1">

[{{ include.paper.title }}](https://example.org/{{ include.paper.title | slugify }})

**Ada Lovelace**, Charles Babbage

*{{ include.paper.venue }}*
</div></div>
"""


def test_only_the_blocks_that_write_content_are_found():
    blocks = content_blocks(PAGE)
    found = [PAGE[block.start : block.end] for block in blocks]
    # The scholar header assigns and writes nothing; raw and comments are text; outputs in addresses stay.
    assert len(found) == 3, found
    assert found[0] == "{{ page.motto }}"
    assert found[1].startswith("{% for paper in papers %}") and found[1].endswith("{% endfor %}")
    assert found[2].startswith("{% for post in site.posts limit:2 %}")


def test_an_include_with_arguments_outside_any_block_is_found_and_a_nested_loop_counts_once():
    text = "a {% include card.html x=1 %} b {% if z %}{% for i in y %}{{ i }}{% endfor %}{% endif %} c {% for %}"
    found = [text[block.start : block.end] for block in content_blocks(text)]
    assert found == ["{% include card.html x=1 %}", "{% if z %}{% for i in y %}{{ i }}{% endfor %}{% endif %}"]


def test_a_page_of_unclosed_openers_is_read_in_linear_time():
    assert content_blocks("{% for x in y %}" * 20_000 + "{%" * 50_000) == []


def test_each_block_is_put_back_where_it_was_and_a_lost_marker_keeps_the_block():
    text = "---\ntitle: T\nlayout: about\n---\nA {% for i in x %}{{ i }}{% endfor %} B {% include c.html y=1 %} C"
    blocks = content_blocks(text)
    page = rendered_page(text, blocks, "MARK")
    assert page.startswith("---\n") and "layout: null" in page and "layout: about" not in page
    assert "title: T" in page and "MARK0<{% for i in x %}" in page and "MARK1<{% include c.html y=1 %}>MARK1" in page
    rendered, replaced = put_in_place(text, blocks, "junk MARK0<\n1 2 3\n>MARK0 junk", "MARK")
    assert replaced == 1
    assert rendered.endswith("A 1 2 3 B {% include c.html y=1 %} C")
    assert put_in_place(text, [Block(0, 3)], "", "MARK") == (text, 0)


def write_checkout(root: Path) -> Path:
    for folder in ("_pages", "_data", "_includes", "_posts", "_layouts"):
        (root / folder).mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Ada\ninclude: [_pages]\nauthor:\n  name: Ada Lovelace\n", encoding="utf-8"
    )
    (root / "_pages" / "about.md").write_text(PAGE, encoding="utf-8")
    (root / "_data" / "papers.yml").write_text(PAPERS, encoding="utf-8")
    (root / "_includes" / "paper-card.html").write_text(CARD, encoding="utf-8")
    (root / "_layouts" / "about.html").write_text("<html><body>{{ content }}</body></html>", encoding="utf-8")
    (root / "_posts" / "2024-05-01-a-talk-in-paris.md").write_text("---\ntitle: A Talk in Paris\n---\nx\n")
    (root / "_posts" / "2024-06-01-a-summer-school.md").write_text("---\ntitle: A Summer School\n---\ny\n")
    return root


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("jekyll") is None, reason="needs Debian's jekyll (apt-get install jekyll)")
def test_with_jekyll_the_loops_are_imported_as_what_they_wrote(tmp_path):
    from homepage.models import HomePage
    from publications.models import PublicationPage

    out = StringIO()
    call_command("import_acadhomepage", "--repo", str(write_checkout(tmp_path / "site")), "--no-check", stdout=out)
    assert (
        "3 Liquid block(s) (loops, conditions, includes or outputs of site data) were run by Jekyll" in out.getvalue()
    )
    papers = {page.title: page for page in PublicationPage.objects.all()}
    assert set(papers) == {"Sparse Attention at Scale", "Tokens That Matter"}
    html = Client().get(HomePage.objects.get().url).content.decode()
    assert "ICLR 2025" in html and "NeurIPS 2024" in html
    assert "A Talk in Paris" in html and "A Summer School" in html and "My motto: Read widely." in html
    assert "{%" not in html and "{{" not in html and "include.paper" not in html


@pytest.mark.django_db
def test_without_jekyll_the_report_says_what_was_not_carried_over(tmp_path, monkeypatch):
    from publications.models import PublicationPage

    monkeypatch.setenv("PATH", str(tmp_path / "no-jekyll-here"))
    out = StringIO()
    call_command("import_acadhomepage", "--repo", str(write_checkout(tmp_path / "site")), "--no-check", stdout=out)
    assert (
        "3 Liquid block(s) (loops, conditions, includes or outputs of site data) write part of the page; without Jekyll"
        in out.getvalue()
    )
    assert not PublicationPage.objects.exists()


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="needs Debian's jekyll (apt-get install jekyll)")
def test_a_site_asking_for_a_math_engine_debian_lacks_is_built_with_kramdowns_own(tmp_path):
    from homepage.importers.jekyll_site import build_with_jekyll

    site = write_checkout(tmp_path / "site")
    config = site / "_config.yml"
    config.write_text(config.read_text() + "kramdown:\n  math_engine: katex\n", encoding="utf-8")
    (site / "_pages" / "about.md").write_text("---\npermalink: /\n---\n# About\nEnergy is $$E = mc^2$$.\n")
    homepage = build_with_jekyll(site, tmp_path / "built")
    assert "Energy is" in homepage.read_text() and "E = mc^2" in homepage.read_text()


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="needs Debian's jekyll (apt-get install jekyll)")
def test_a_site_asking_for_plugins_debian_lacks_is_built_without_them(tmp_path, template_plugins):
    """A real site's config asks for jemoji, which Debian does not package: Jekyll stopped at once, and the
    site (its original, and a page whose Liquid the import runs) was not built at all."""
    from homepage.importers.jekyll_site import build_with_jekyll

    site = write_checkout(tmp_path / "site")
    config = site / "_config.yml"
    plugins = "\n  - jekyll-no-such-plugin\n  - jekyll-sitemap\n  - jekyll-nor-this-one\n"
    config.write_text(config.read_text() + f"plugins:{plugins}whitelist:{plugins}", encoding="utf-8")
    (site / "_pages" / "about.md").write_text("---\npermalink: /\n---\n# About\nStill built.\n")
    homepage = build_with_jekyll(site, tmp_path / "built")
    assert "Still built." in homepage.read_text()
    assert (tmp_path / "built" / "site" / "sitemap.xml").is_file()  # the whitelisted plugin Debian has still ran


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("jekyll") is None, reason="needs Debian's jekyll (apt-get install jekyll)")
def test_blocks_that_write_more_than_a_page_holds_are_not_read(tmp_path, monkeypatch):
    from homepage.importers import liquid_blocks

    monkeypatch.setattr(liquid_blocks, "MAX_TEXT_BYTES", 200)
    out = StringIO()
    call_command("import_acadhomepage", "--repo", str(write_checkout(tmp_path / "site")), "--no-check", stdout=out)
    assert "could not be run by Jekyll (it wrote more than 200 bytes)" in out.getvalue()


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="needs Debian's jekyll (apt-get install jekyll)")
def test_the_original_is_the_page_the_root_redirects_to_with_the_plugins_github_pages_runs(tmp_path, template_plugins):
    """A real site's whitelist leaves out jekyll-redirect-from, which GitHub Pages runs anyway: built with
    ``--safe`` alone it had no homepage, and the comparison stopped; "/" redirects visitors to its page."""
    from homepage.importers.jekyll_site import build_with_jekyll

    site = write_checkout(tmp_path / "site")
    config = site / "_config.yml"
    config.write_text(
        config.read_text() + "plugins:\n  - jekyll-redirect-from\nwhitelist:\n  - jekyll-sitemap\n", encoding="utf-8"
    )
    (site / "_pages" / "about.md").write_text("---\npermalink: /zh.html\nredirect_from: /\n---\n# About\n中文主页。\n")
    homepage = build_with_jekyll(site, tmp_path / "built")
    assert homepage.name == "zh.html" and "中文主页。" in homepage.read_text()
