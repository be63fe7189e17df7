"""``import_acadhomepage --repo DIR``: a whole AcadHomepage checkout, not just its about page."""

import json
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from homepage.importers.jekyll_site import parse_navigation
from tests.helpers import DEMO_PAGE, site_profile

pytestmark = pytest.mark.django_db

CONFIG = """\
title: Zhuoshi Pan's Homepage
description: Graduate student at Tsinghua University working on efficient LLMs.
repository: pzs19/pzs19.github.io
google_analytics_id: G-TEST123
author:
  name: Zhuoshi Pan
  avatar: images/android-chrome-512x512.png
  bio: Graduate student, Tsinghua University
  location: Beijing, China
  email: pzs23@mails.tsinghua.edu.cn
  googlescholar: https://scholar.google.com/citations?user=0aDsRecAAAAJ
  github: pzs19
  orcid: 0000-0002-1825-0097
"""
NAVIGATION = """\
main:
  - title: "About Me"
    url: "#about-me"
  - title: "News"
    url: "/#-news"
  - title: "Blog"
    url: "https://blog.example.org/"
  - title: "CV"
    url: "/cv/"
  - title: "Projects"
    url: "/projects/"
  - title: "Talk slides"
    url: "/files/talk.pdf"
  - title: "All papers"
    url: "/publications/"
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "_pages").mkdir()
    (tmp_path / "_pages" / "about.md").write_bytes(DEMO_PAGE.read_bytes())
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "navigation.yml").write_text(NAVIGATION, encoding="utf-8")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "talk.pdf").write_bytes(b"%PDF-1.4\n% slides of a talk\n%%EOF\n")
    (tmp_path / "images").mkdir()
    Image.new("RGB", (512, 512), "#224488").save(tmp_path / "images" / "android-chrome-512x512.png")
    Image.new("RGB", (640, 360), "#884422").save(tmp_path / "images" / "TokenSelect.png")
    Image.new("RGB", (32, 32), "#228844").save(tmp_path / "images" / "favicon.ico", format="ICO")
    (tmp_path / "google-scholar-stats").mkdir()
    (tmp_path / "google-scholar-stats" / "gs_data.json").write_text(
        json.dumps({"name": "Zhuoshi Pan", "citedby": 1234, "hindex": 12, "publications": {}}), encoding="utf-8"
    )
    return tmp_path


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_acadhomepage", *args, "--no-check", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_repo_import_fills_profile_from_config_and_files(client, checkout):
    output = run("--repo", str(checkout))
    profile = site_profile()
    assert profile.bio == "Graduate student, Tsinghua University"
    assert profile.description.startswith("Graduate student at Tsinghua")
    assert profile.analytics_id == "G-TEST123"
    assert (profile.avatar.width, profile.avatar.height) == (512, 512)
    assert profile.favicon is not None and profile.favicon.file.name.endswith(".png")
    assert "https://orcid.org/0000-0002-1825-0097" in [link["url"] for link in profile.resolved_links]
    assert "Image images/TokenSelect.png not found" not in output
    assert "gs_data.json kept under Documents" in output
    assert get_document_model().objects.get(title__startswith="Google Scholar").title == (
        "Google Scholar stats (gs_data.json)"
    )

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    nav = [(a.get_text(), a["href"]) for a in soup.select(".masthead__links a")]
    # The old menu's entries after the sections and the CV: not the CV again, not "/projects/", a page of the
    # old site this one lacks; its slides from their copy here.
    slides = get_document_model().objects.get(title__startswith="talk").url
    assert nav[-4:] == [
        ("CV", "/cv/"),
        ("Blog", "https://blog.example.org/"),
        ("Talk slides", slides),
        ("All papers", "/publications/"),
    ]
    assert [href for _, href in nav].count("#-news") == 1  # in-page entries come from the sections
    assert client.get(slides).status_code == 200
    assert soup.select_one('link[rel="icon"]')["href"].endswith(".png")
    assert soup.select_one('meta[name="description"]')["content"].startswith("Graduate student at Tsinghua")
    assert "Navigation entry 'CV': the menu shows that item already" in output
    assert "points to /projects/, a page of the old site this one does not have; left out" in output
    # The owner's own choice, and the one third-party request a page view may make.
    assert soup.select_one('script[data-analytics-id="G-TEST123"]') is not None


def test_two_addresses_in_the_email_setting_give_the_profile_the_first(checkout):
    """A real site's config says ``email: "me@work.com; me@gmail.com"`` (its sidebar's one link wrote both): the
    whole setting was refused, and the new sidebar had no e-mail at all."""
    config = CONFIG.replace("pzs23@mails.tsinghua.edu.cn", '"pzs23@mails.tsinghua.edu.cn; pzs19@example.org"')
    (checkout / "_config.yml").write_text(config, encoding="utf-8")
    output = run("--repo", str(checkout))
    assert site_profile().email == "pzs23@mails.tsinghua.edu.cn"
    assert "is more than one address; the profile shows pzs23@mails.tsinghua.edu.cn" in output
    (checkout / "_config.yml").write_text(CONFIG.replace("pzs23@mails.tsinghua.edu.cn", "someone"), encoding="utf-8")
    assert "Email 'someone' in the config is not an address; not imported." in run("--repo", str(checkout))


def test_a_sidebar_that_shows_a_profile_from_data_files_is_read_from_the_one_it_shows(checkout):
    """A real site's own sidebar writes ``{% assign author = site.data.profile_zh.author %}`` for its Chinese
    homepage (``page.url == "/zh.html"``) and ``profile_en`` elsewhere: name, school, links and description were
    taken from ``_config.yml``, which that sidebar never shows."""
    about = checkout / "_pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("permalink: /", "permalink: /zh.html", 1))
    (checkout / "_includes").mkdir()
    (checkout / "_includes" / "author-profile.html").write_text(
        '{% if page.url == "/zh.html" %}\n  {% assign profile = site.data.profile_zh %}\n'
        "  {% assign author = site.data.profile_zh.author %}\n{% else %}\n"
        "  {% assign profile = site.data.profile_en %}\n"
        "  {% assign author = site.data.profile_en.author %}\n{% endif %}\n"
        '<h3 class="author__name">{{ author.name }}</h3><p class="author__bio">{{ author.bio }}</p>\n'
        '<div>{{ profile.description }}</div><a href="https://github.com/{{ author.github }}">GitHub</a>\n',
        encoding="utf-8",
    )
    profile_file = 'description: "{description}"\nauthor:\n  name: "{name}"\n  bio: "{bio}"\n  github: "{github}"\n'
    (checkout / "_data" / "profile_zh.yml").write_text(
        profile_file.format(
            description="博士在读, 深度学习", name="蒋鹏程 (Pengcheng Jiang)", bio="南京信息工程大学", github="pcj"
        ),
        encoding="utf-8",
    )
    (checkout / "_data" / "profile_en.yml").write_text(
        profile_file.format(description="PhD student", name="Pengcheng Jiang", bio="NUIST", github="pcj-en"),
        encoding="utf-8",
    )
    run("--repo", str(checkout))
    profile = site_profile()
    assert (profile.name, profile.bio, profile.description) == (
        "蒋鹏程 (Pengcheng Jiang)",
        "南京信息工程大学",
        "博士在读, 深度学习",
    )
    assert "https://github.com/pcj" in [link["url"] for link in profile.resolved_links]


def test_repo_import_twice_changes_nothing(checkout):
    run("--repo", str(checkout))
    output = run("--repo", str(checkout))
    assert "Profile: Zhuoshi Pan, unchanged" in output
    assert "gs_data.json unchanged" in output
    assert get_document_model().objects.count() == 2  # the stats and the slides the menu links to, once each


def test_repo_without_about_page_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No about page"):
        run("--repo", str(tmp_path))


def test_progress_is_shown_for_long_lists(checkout):
    err = StringIO()
    call_command("import_acadhomepage", "--repo", str(checkout), "--no-check", stdout=StringIO(), stderr=err)
    assert "publications: 5/5" in err.getvalue()
    assert "news: 5/6" in err.getvalue()
    quiet = StringIO()
    call_command(
        "import_acadhomepage", "--repo", str(checkout), "--quiet", "--no-check", stdout=StringIO(), stderr=quiet
    )
    assert quiet.getvalue() == ""


def test_navigation_keeps_only_links_that_leave_the_page():
    links = parse_navigation(NAVIGATION)
    assert [(link.label, link.url) for link in links] == [
        ("Blog", "https://blog.example.org/"),
        ("CV", "/cv/"),
        ("Projects", "/projects/"),
        ("Talk slides", "/files/talk.pdf"),
        ("All papers", "/publications/"),
    ]
    with pytest.raises(ValueError, match="navigation.yml"):
        parse_navigation("main: [unclosed")


def test_a_paragraph_long_bio_is_kept_whole_and_one_longer_than_the_field_is_cut_with_a_warning(checkout):
    paragraph = "A PhD student working on brain-computer interfaces and EEG signal modeling. " * 5  # 380 characters
    config = checkout / "_config.yml"
    config.write_text(CONFIG.replace("Graduate student, Tsinghua University", paragraph.strip()), encoding="utf-8")
    output = run("--repo", str(checkout))
    profile = site_profile()
    assert profile.bio == paragraph.strip() and "bio is" not in output

    config.write_text(CONFIG.replace("Graduate student, Tsinghua University", "x" * 1200), encoding="utf-8")
    output = run("--repo", str(checkout))
    profile = site_profile()
    assert profile.bio == "x" * 1000
    assert "The config's bio is 1200 characters long; the profile keeps its first 1000." in output


def test_links_of_free_text_to_files_of_the_old_site_lead_to_them_here(client, tmp_path):
    """ "add me on [WeChat](../../images/wx.png)", "my <a href="files/cv.pdf">CV</a>": the new site had no such
    addresses, so each link led to a missing page. A link to a web address or a page of the old site stays."""
    (tmp_path / "_pages").mkdir()
    (tmp_path / "_pages" / "about.md").write_text(
        "---\npermalink: /\n---\n\n# About Me\n\nAdd me on [WeChat](../../images/wx.png); my "
        '<a href="files/cv.pdf">CV</a>, my [thesis](/files/none.pdf), my [blog](/blog/) and '
        "[arXiv](https://arxiv.org/a/lovelace_a_1).\n<!-- [old CV](files/cv.pdf) -->\n",
        encoding="utf-8",
    )
    (tmp_path / "_config.yml").write_text("title: Ada\nauthor:\n  name: Ada Lovelace\n", encoding="utf-8")
    (tmp_path / "images").mkdir()
    Image.new("RGB", (300, 300), "#228844").save(tmp_path / "images" / "wx.png")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "cv.pdf").write_bytes(b"%PDF-1.4 curriculum vitae")
    output = run("--repo", str(tmp_path))

    links = {a.get_text(): a["href"] for a in BeautifulSoup(client.get("/").content, "html.parser").select(".prose a")}
    assert links["WeChat"].startswith("/media/") and links["WeChat"].endswith(".png")
    assert client.get(links["WeChat"]).status_code == 200
    cv = get_document_model().objects.get(title__startswith="cv")
    assert links["CV"] == cv.url
    assert b"".join(client.get(links["CV"]).streaming_content) == b"%PDF-1.4 curriculum vitae"
    assert (links["thesis"], links["blog"]) == ("/files/none.pdf", "/blog/")  # not in the checkout: as written
    assert "Link to /files/none.pdf (a file of the old site) not found" in output
    assert links["arXiv"] == "https://arxiv.org/a/lovelace_a_1"
    images = get_image_model().objects.count()
    assert run("--repo", str(tmp_path)).count("not found") == 1  # again: the same image and document, no new ones
    assert (get_document_model().objects.count(), get_image_model().objects.count()) == (1, images)


def with_sidebar(checkout, html: str) -> None:
    """The checkout's own ``_includes/author-profile.html``."""
    (checkout / "_includes").mkdir()
    (checkout / "_includes" / "author-profile.html").write_text(html, encoding="utf-8")


def with_front_matter(checkout, line: str) -> None:
    """``line`` added to the about page's front matter."""
    about = checkout / "_pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("---\n", f"---\n{line}\n", 1), encoding="utf-8")


def test_the_author_the_about_page_names_from_the_sites_authors_file_is_the_profile(client, checkout):
    """``author: resume`` in the about page's front matter, looked up in ``_data/authors.yml`` by the template's
    sidebar (``site.data.authors[page.author]``): visitors saw that author, not the one of ``_config.yml``."""
    with_sidebar(
        checkout,
        "{% if page.author and site.data.authors[page.author] %}\n  {% assign author = site.data.authors[page.author]"
        " %}{% else %}{% assign author = site.author %}\n{% endif %}\n"
        '<h3 class="author__name">{{ author.name }}</h3><p class="author__bio">{{ author.bio }}</p>\n',
    )
    (checkout / "_data" / "authors.yml").write_text(
        'resume:\n  name: "吴晓宇"\n  bio: "Autonomous Driving · Computer Vision"\n  location: "Nanjing, China"\n'
        "  github: wu-example\n",
        encoding="utf-8",
    )
    with_front_matter(checkout, "author: resume")
    run("--repo", str(checkout))
    profile = site_profile()
    assert (profile.name, profile.bio, profile.location) == (
        "吴晓宇", "Autonomous Driving · Computer Vision", "Nanjing, China"
    )  # fmt: skip
    assert "https://github.com/wu-example" in [link["url"] for link in profile.resolved_links]
    assert profile.description.startswith("Graduate student at Tsinghua")  # the site's own settings stay


def test_a_sidebar_that_writes_the_profile_in_the_homepages_language_is_read_in_it(client, checkout):
    """The site's sidebar assigns the name, bio and location from ``author:``, then, for ``page.lang == "zh"``,
    in Chinese; the homepage is the Chinese page: visitors saw 郭金胜, not the English name."""
    with_sidebar(
        checkout,
        "{% assign author_name = site.author.name %}\n{% assign author_bio = site.author.bio %}\n"
        "{% assign author_location = site.author.location %}\n{% assign author_email = site.author.email %}\n"
        '{% if page.lang == "zh" %}\n  {% assign author_name = "郭金胜" %}\n'
        '  {% assign author_bio = "合肥工业大学" %}\n'
        '  {% assign author_location = "合肥，中国" %}\n{% endif %}\n{% if page.lang == "fr" %}'
        '{% assign author_name = "Jinsheng G." %}{% endif %}\n'
        '<h3 class="author__name">{{ author_name }}</h3><p class="author__bio">{{ author_bio }}</p>\n'
        "<li>{{ author_location }}</li>\n",
    )
    with_front_matter(checkout, "lang: zh")
    run("--repo", str(checkout))

    profile = site_profile()
    assert (profile.name, profile.bio, profile.location) == ("郭金胜", "合肥工业大学", "合肥，中国")


def test_a_sidebars_words_written_for_each_language_are_those_of_the_homepages(client, checkout):
    """A link's words written "{% if page.lang == 'en' %}GitHub Profile{% else %}Github主页{% endif %}" on a
    Chinese homepage: the link lost the words its visitors read."""
    with_sidebar(
        checkout,
        '<li><a href="https://github.com/{{ author.github }}"><i class="fab fa-github"></i>\n'
        "  {% if page.lang == 'en' %}GitHub Profile{% else %}Github主页{% endif %}</a></li>\n"
        '<li><a href="https://orcid.org/{{ author.orcid }}"><i class="ai ai-orcid"></i> {% if page.lang != "zh"\n'
        "  %}ORCID iD{% else %}ORCID主页{% endif %}</a></li>\n",
    )
    with_front_matter(checkout, "lang: zh")
    run("--repo", str(checkout))
    profile = site_profile()
    labels = {link["url"]: link["label"] for link in profile.resolved_links}
    assert labels["https://github.com/pzs19"] == "Github主页"
    assert labels["https://orcid.org/0000-0002-1825-0097"] == "ORCID主页"


def test_an_authors_own_description_shown_over_the_sites_is_the_profiles(client, checkout):
    """``{% assign profile_description = author.description | default: site.description %}`` in the site's own
    sidebar: the author's line (a sentence in Chinese, without spaces) was a link of an unknown kind, and the
    site's description stood in its place."""
    with_sidebar(
        checkout,
        '<h3 class="author__name">{{ author.name }}</h3>\n'
        "{% assign profile_description = author.description | default: site.description %}\n"
        "{% if profile_description %}<div>{{ profile_description }}</div>{% endif %}\n",
    )
    config = checkout / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "author:\n", "author:\n  description: 东南大学交通运输专业博士在读，关注自动驾驶感知与轨迹预测。\n", 1
        ),
        encoding="utf-8",
    )
    output = run("--repo", str(checkout))

    profile = site_profile()
    assert profile.description == "东南大学交通运输专业博士在读，关注自动驾驶感知与轨迹预测。"
    assert "unknown kinds" not in output
    assert "东南大学交通运输专业博士在读" in BeautifulSoup(client.get("/").content, "html.parser").aside.get_text()
