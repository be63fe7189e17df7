"""Every kind of content is created and edited through the Wagtail admin's own forms."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from homepage.blocks import HomeSectionsBlock
from homepage.models import HomePage
from news.models import NewsIndexPage, NewsItem
from profile_site.models import AwardEntry, EducationEntry, ProfileSettings
from publications.models import PublicationIndexPage, PublicationPage
from tests.helpers import DEMO_PAGE, admin_form, boxes_form_data, sections_form_data


class PageTreeRulesTests(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {PublicationIndexPage, NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, set())
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PublicationIndexPage, {PublicationPage})
        self.assertCanNotCreateAt(HomePage, PublicationPage)
        self.assertAllowedParentPageTypes(PublicationPage, {PublicationIndexPage})


class AdminEditingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        """The demo, imported by the command once for the class; each test's changes roll back."""
        call_command("import_acadhomepage", str(DEMO_PAGE), "--no-check", stdout=StringIO())

    def setUp(self):
        self.user = self.login()
        self.home = HomePage.objects.get()
        self.index = PublicationIndexPage.objects.get()

    def test_create_publication_with_authors_links_and_badges(self):
        data = nested_form_data(
            {
                "title": "Deep Homepages",
                "slug": "deep-homepages",
                "authors": inline_formset(
                    [
                        {"name": "Zhuoshi Pan", "url": "", "is_owner": "on", "equal_contribution": "on"},
                        {"name": "Ada Lovelace", "url": "https://example.org/ada", "corresponding": "on"},
                    ],
                    min=1,
                ),
                "venue_short": "ICLR'26",
                "badge_text": "ICLR 2026",
                "venue": "",
                "date": "2026-04-01",
                "date_precision": "year",
                "publication_type": "conference",
                "links": inline_formset([{"kind": "code", "url": "https://github.com/example/deep", "label": ""}]),
                "badges": inline_formset([{"kind": "github", "identifier": "example/deep", "url": "", "label": ""}]),
                "listings": inline_formset([{"group": "Selected", "position": "2"}]),
                "abstract": "We **study** homepages.",
                "doi": "",
                "arxiv_id": "2601.01234",
                "scholar_id": "",
                "bibtex": "",
                "featured": "on",
                "group": "",
                "tags": "",
            }
        )
        self.assertCanCreate(self.index, PublicationPage, data)
        page = PublicationPage.objects.get(slug="deep-homepages")
        assert [a.name for a in page.authors.all()] == ["Zhuoshi Pan", "Ada Lovelace"]
        assert [(row.group, row.position) for row in page.listings.all()] == [("Selected", 2)]
        home_html = self.client.get("/").content.decode()
        assert "Deep Homepages" in home_html and "ICLR 2026" in home_html
        assert '<h3 class="section__subtitle" id="selected">Selected</h3>' in home_html  # listed there too

    def test_a_link_leads_to_a_web_address_or_a_document_of_the_site(self):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        pdf = get_document_model().objects.create(title="Paper", file=ContentFile(b"%PDF-1.4 x", name="paper.pdf"))

        def create(slug: str, link: dict) -> PublicationPage | None:
            data = nested_form_data({
                "title": f"Linked {slug}", "slug": slug, "authors": inline_formset([{"name": "Ada Lovelace"}], min=1),
                "venue_short": "", "badge_text": "", "venue": "", "date": "2026-04-01", "date_precision": "year",
                "publication_type": "conference", "links": inline_formset([link]), "badges": inline_formset([]),
                "listings": inline_formset([]), "abstract": "", "doi": "", "arxiv_id": "", "scholar_id": "",
                "bibtex": "", "group": "", "tags": "",
                "action-publish": "publish",
            })  # fmt: skip
            response = self.client.post(f"/admin/pages/add/publications/publicationpage/{self.index.pk}/", data)
            self.errors = response.content.decode() if response.status_code == 200 else ""
            return PublicationPage.objects.filter(slug=slug).first()

        assert create("neither", {"kind": "pdf", "url": "", "document": "", "label": ""}) is None
        assert "Enter a web address, or choose a document below." in self.errors
        both = {"kind": "pdf", "url": "https://example.org/p.pdf", "document": str(pdf.pk), "label": ""}
        assert create("both", both) is None
        assert "Choose a web address or a document, not both." in self.errors
        page = create("document", {"kind": "pdf", "url": "", "document": str(pdf.pk), "label": ""})
        assert page is not None and [link.href for link in page.links.all()] == [pdf.url]
        assert f'<a class="paper-link" href="{pdf.url}">PDF</a>' in self.client.get(page.url).content.decode()

    def test_invalid_arxiv_id_shows_a_field_error(self):
        url = f"/admin/pages/{PublicationPage.objects.first().pk}/edit/"
        data, _ = admin_form(self.client, url)
        data["arxiv_id"] = "not an id"
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "Not an arXiv id" in response.content.decode()

    def test_edit_homepage_about_and_reorder_sections(self):
        url = f"/admin/pages/{self.home.pk}/edit/"
        data, form = admin_form(self.client, url)
        assert form.select_one(".markdownx textarea[name=about]") is not None  # the markdown editor
        data["about"] = "I study **efficient LLMs**."
        # Move the News section to the end (StreamField posts as nested form data).
        sections = [(child.block_type, child.value) for child in self.home.sections]
        sections.append(sections.pop(1))
        data.update(sections_form_data(sections))
        data["action-publish"] = "action-publish"
        response = self.client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        soup = BeautifulSoup(self.client.get("/").content, "html.parser")
        assert "efficient LLMs" in soup.select_one("#about-me strong").get_text()
        assert [a["href"] for a in soup.select(".masthead__links a") if a["href"].startswith("#")][-1] == "#-news"

    def test_news_item_create_as_draft_then_publish(self):
        url = "/admin/snippets/news/newsitem/add/"
        data, form = admin_form(self.client, url)
        assert form.select_one(".markdownx textarea[name=text]") is not None
        data.update({"date": "2026-11-01", "date_precision": "day", "text": "Best paper award 🎉"})
        response = self.client.post(url, data)
        assert response.status_code == 302
        item = NewsItem.objects.get(text="Best paper award 🎉")
        assert not item.live
        assert "Best paper award" not in self.client.get("/").content.decode()

        edit_url = f"/admin/snippets/news/newsitem/edit/{item.pk}/"
        data, _ = admin_form(self.client, edit_url)
        data["action-publish"] = "action-publish"
        assert self.client.post(edit_url, data).status_code == 302
        item.refresh_from_db()
        assert item.live and item.revisions.count() == 2
        news = BeautifulSoup(self.client.get("/").content, "html.parser").select("#-news li")
        assert news[0].time.get_text() == "2026.11.01"

    def test_news_item_scheduled_for_later_stays_hidden(self):
        url = "/admin/snippets/news/newsitem/add/"
        data, _ = admin_form(self.client, url)
        later = (datetime.datetime.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
        data.update({"date": "2026-12-01", "text": "Embargoed news", "go_live_at": later, "action-publish": "1"})
        assert self.client.post(url, data).status_code == 302
        item = NewsItem.objects.get(text="Embargoed news")
        assert not item.live and item.go_live_at is not None
        assert "Embargoed news" not in self.client.get("/").content.decode()

    def test_entry_with_end_before_start_shows_a_field_error(self):
        url = "/admin/snippets/profile_site/educationentry/add/"
        data, _ = admin_form(self.client, url)
        data.update({"date": "2023-09-01", "end_date": "2020-06-01", "date_precision": "month", "text": "PhD"})
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "The end date is before the start date." in response.content.decode()
        assert not EducationEntry.objects.filter(text="PhD").exists()

    def test_entry_publish_from_admin(self):
        url = "/admin/snippets/profile_site/awardentry/add/"
        data, _ = admin_form(self.client, url)
        data.update({"date": "2025-01-01", "date_precision": "year", "text": "Best Reviewer, ICLR.",
                     "action-publish": "action-publish"})  # fmt: skip
        assert self.client.post(url, data).status_code == 302
        assert AwardEntry.objects.get(text="Best Reviewer, ICLR.").live
        assert "Best Reviewer, ICLR." in self.client.get("/").content.decode()

    def test_a_line_moved_in_its_listing_keeps_its_place_when_edited_and_a_new_one_comes_first(self):
        """The listings of news and entries are in the homepage's order, which the owner changes by dragging; a
        line edited and published after a move went back to the place its older revision had."""
        for model, listing, live in [
            (NewsItem, "/admin/snippets/news/newsitem/", NewsItem.objects.filter(live=True)),
            (AwardEntry, "/admin/snippets/profile_site/awardentry/", AwardEntry.objects.filter(live=True)),
        ]:
            shown = list(live.order_by("sort_order", "pk"))
            last = shown[-1]
            data, _ = admin_form(self.client, f"{listing}edit/{last.pk}/")
            data["text"] = last.text + " Edited."
            assert self.client.post(f"{listing}edit/{last.pk}/", data).status_code == 302  # a draft
            assert self.client.post(f"{listing}reorder/{last.pk}/?position=0").status_code == 200
            data, _ = admin_form(self.client, f"{listing}edit/{last.pk}/")
            data["action-publish"] = "action-publish"
            assert self.client.post(f"{listing}edit/{last.pk}/", data).status_code == 302
            assert list(live.order_by("sort_order", "pk"))[0].pk == last.pk, model
            data, _ = admin_form(self.client, f"{listing}add/")
            data.update({"date": "2020-01-01", "date_precision": "year", "text": "Added by hand."})
            data["action-publish"] = "action-publish"
            assert self.client.post(f"{listing}add/", data).status_code == 302
            assert list(live.order_by("sort_order", "pk"))[0].text == "Added by hand.", model

    def test_snippet_listings_have_columns_and_filters(self):
        for url, expected in [
            ("/admin/snippets/news/newsitem/", "2025.08"),
            ("/admin/snippets/profile_site/educationentry/", "2023.09 - Now"),
            ("/admin/snippets/profile_site/talkentry/", "draft"),
        ]:
            response = self.client.get(url)
            assert response.status_code == 200
            assert expected in response.content.decode(), url
        filtered = self.client.get("/admin/snippets/profile_site/talkentry/", {"live": "true"})
        assert filtered.status_code == 200

    def test_profile_settings_edit(self):
        site = Site.objects.get(is_default_site=True)
        url = f"/admin/settings/profile_site/profilesettings/{site.pk}/"
        data, _ = admin_form(self.client, url)
        data.update({"bio": "PhD student in NLP", "location": "Beijing, China", "email": "not-an-email"})
        links = [("link", {"kind": "github", "value": "pzs19", "label": ""})]
        nav_links = [("link", {"title": "Blog", "url": "https://blog.example.org/"})]
        data.update(nested_form_data({"links": streamfield(links), "nav_links": streamfield(nav_links)}))
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "Enter a valid email address." in response.content.decode()
        data["email"] = "pzs@example.org"
        assert self.client.post(url, data).status_code == 302
        profile = ProfileSettings.for_site(site)
        assert profile.bio == "PhD student in NLP"
        html = self.client.get("/").content.decode()
        assert "PhD student in NLP" in html and "Beijing, China" in html
        assert 'href="https://github.com/pzs19"' in html
        assert '<a href="https://blog.example.org/">Blog</a>' in html
        assert '<a href="https://blog.example.org/">Blog</a>' in html

    def test_pages_render_and_preview(self):
        self.assertPageIsRenderable(self.home)
        data, _ = admin_form(self.client, f"/admin/pages/{self.home.pk}/edit/")
        data.update(sections_form_data((child.block_type, child.value) for child in self.home.sections))
        self.assertPageIsPreviewable(self.home, post_data=data)
        publication = PublicationPage.objects.first()
        self.assertPageIsRenderable(publication)
        self.assertPageIsPreviewable(publication)
        self.assertPageIsRenderable(self.index)


@pytest.mark.django_db
def test_news_preview_renders(admin_client, imported_demo):
    """The editor's preview shows the news item as the form holds it, unsaved."""
    item = NewsItem.objects.first()
    url = f"/admin/snippets/news/newsitem/preview/{item.pk}/"
    data, _ = admin_form(admin_client, f"/admin/snippets/news/newsitem/edit/{item.pk}/")
    data["text"] = "A line seen **only** in the preview."
    assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "A line seen <strong>only</strong> in the preview." in response.content.decode()
    assert "A line seen" not in NewsItem.objects.get(pk=item.pk).text


@pytest.mark.django_db
def test_section_previews_show_the_sites_content_in_its_stylesheet(admin_client, imported_demo):
    """Add section → hover: each section's preview is the section as the homepage shows it."""
    sections = HomeSectionsBlock().child_blocks
    for name, block in sections.items():
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("link", rel="stylesheet")["href"].endswith(".css"), name
        assert "site" in soup.find("link", rel="stylesheet")["href"], name
        assert soup.select_one("main.content section.section"), name
    news = admin_client.get("/admin/block-preview/", {"id": sections["news"].definition_prefix})
    shown = BeautifulSoup(news.content, "html.parser").select("li.dated-entry--news")
    assert [li["id"] for li in shown] == [f"news-{item.pk}" for item in NewsItem.objects.filter(live=True)
                                          .order_by("-date", "pk")[:10]]  # fmt: skip
    papers = admin_client.get("/admin/block-preview/", {"id": sections["publications"].definition_prefix})
    assert "LLMLingua-2" in papers.content.decode()


@pytest.mark.django_db
def test_a_section_preview_shows_the_homepage_a_site_other_than_the_default_serves(admin_client, imported_demo):
    from wagtail.models import Page, Site

    Site.objects.update(is_default_site=False)
    Site.objects.create(hostname="other.example.org", root_page=Page.get_first_root_node(), is_default_site=True)
    about = HomeSectionsBlock().child_blocks["about"].definition_prefix
    shown = BeautifulSoup(admin_client.get("/admin/block-preview/", {"id": about}).content, "html.parser")
    assert imported_demo.about.split()[0] in shown.select_one("main.content").get_text()


@pytest.mark.django_db
def test_section_previews_answer_before_there_is_a_homepage(admin_client):
    """A database only migrated: the previews show each section empty, not an error."""
    for name, block in HomeSectionsBlock().child_blocks.items():
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        assert BeautifulSoup(response.content, "html.parser").select_one("main.content"), name


@pytest.mark.django_db
def test_publish_is_the_main_button_and_there_is_no_moderation(admin_client, imported_demo):
    """A one-person site publishes: Publish was hidden under "Save draft", next to "Submit for approval"."""
    paper = PublicationPage.objects.live().first()
    item = NewsItem.objects.first()
    for url in (f"/admin/pages/{paper.pk}/edit/", f"/admin/snippets/news/newsitem/edit/{item.pk}/"):
        html = admin_client.get(url).content.decode()
        footer = BeautifulSoup(html, "html.parser").select_one("footer")
        buttons = [button for button in footer.select("button") if button.get("type") == "submit" or button.get("name")]
        assert buttons[0].get("name") == "action-publish", url
        assert "Save draft" in footer.get_text(), url  # still there, one click away
        assert "Submit to" not in footer.get_text() and not footer.select("[data-workflow-action-url]"), url


@pytest.mark.django_db
def test_news_and_entries_are_listed_as_plain_text_and_a_new_item_is_dated_today(admin_client):
    """The admin lists showed raw markdown and URLs; a new news item had no date."""
    from django.utils import timezone

    from profile_site.models import AwardEntry

    item = NewsItem.objects.create(
        date=datetime.date(2025, 8, 1), text="Paper **accepted** by [EMNLP'25](https://2025.emnlp.org/)! 🎉\nMore."
    )
    assert str(item) == "2025.08: Paper accepted by EMNLP'25! 🎉"
    award = AwardEntry.objects.create(date=datetime.date(2024, 1, 1), text="[Best paper](https://x.org), *ACL*")
    assert str(award) == "2024.01 Best paper, ACL"
    listing = admin_client.get("/admin/snippets/news/newsitem/").content.decode()
    assert "Paper accepted by EMNLP&#x27;25" in listing or "Paper accepted by EMNLP'25" in listing
    assert "https://2025.emnlp.org/" not in listing
    form = BeautifulSoup(admin_client.get("/admin/snippets/news/newsitem/add/").content, "html.parser")
    assert form.select_one("input[name=date]")["value"] == timezone.localdate().isoformat()


@pytest.mark.django_db
def test_the_paper_form_reads_like_its_box_and_authors_can_be_pasted(admin_client, imported_demo):
    """Nine author blocks came before the venue; adding authors meant one block per name."""
    from tests.helpers import edit_page

    paper = PublicationPage.objects.live().first()
    html = admin_client.get(f"/admin/pages/{paper.pk}/edit/").content.decode()
    order = [html.index(f'name="{name}"') for name in ("title", "venue_short", "teaser_image", "paste_authors")]
    assert order == sorted(order) and order[-1] < html.index('name="authors-0-name"')

    before = [author.name for author in paper.authors.all()]
    data, url = edit_page(
        admin_client, paper, paste_authors="Lovelace, Ada and Babbage, Charles and " + before[0].split()[-1] + ", "
        + " ".join(before[0].split()[:-1]),
    )  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    paper = PublicationPage.objects.get(pk=paper.pk)
    assert [author.name for author in paper.authors.all()] == [*before, "Ada Lovelace", "Charles Babbage"]
    assert not paper.more_authors

    # A list pasted as printed, cut with "et al.": the names, and "more authors" ticked.
    data, url = edit_page(admin_client, paper, paste_authors="Mary Somerville, Grace Hopper, et al.")
    assert admin_client.post(url, data).status_code == 302
    paper = PublicationPage.objects.get(pk=paper.pk)
    assert [author.name for author in paper.authors.all()][-2:] == ["Mary Somerville", "Grace Hopper"]
    assert paper.more_authors

    # Names left out between two ("A, et al., B"): the second name says so; the list's end is as it was.
    data, url = edit_page(admin_client, paper, paste_authors="Alan Turing, et al., Barbara Liskov")
    assert admin_client.post(url, data).status_code == 302
    paper = PublicationPage.objects.get(pk=paper.pk)
    pasted = [(author.name, author.others_before) for author in paper.authors.all()][-2:]
    assert pasted == [("Alan Turing", False), ("Barbara Liskov", True)] and paper.more_authors

    # A new paper needs an author: pasted, or one by one.
    for author in range(len(before) + 4):
        data[f"authors-{author}-DELETE"] = "1"
    data["paste_authors"] = ""
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A publication needs an author" in response.content.decode()


@pytest.mark.django_db
def test_a_paper_previews_in_each_place_it_appears(admin_client, imported_demo):
    """Its box on the homepage (figure, corner badge, authors, venue) and its line in the lists, as edited."""
    from tests.helpers import edit_page

    paper = PublicationPage.objects.live().filter(featured=True).first()
    data, _ = edit_page(admin_client, paper, title="A title seen only in the preview", badge_text="NEW 2026")
    url = f"/admin/pages/{paper.pk}/edit/preview/"
    assert admin_client.post(url, data).json()["is_valid"]
    box = BeautifulSoup(admin_client.get(url, {"mode": "box"}).content, "html.parser")
    assert box.select_one(".paper-box__badge").get_text() == "NEW 2026"
    assert "A title seen only in the preview" in box.select_one(".paper-box").get_text()
    assert box.select_one(".paper-box img") and box.select_one(".paper-box .venue-tag, .paper-box__venue")
    assert box.select_one(".masthead__links"), "in the site's own frame, navigation included"
    line = BeautifulSoup(admin_client.get(url, {"mode": "citation"}).content, "html.parser")
    assert line.select_one(".publication-list .citation__title").get_text() == "A title seen only in the preview"
    page = admin_client.get(url, {"mode": ""})
    assert "A title seen only in the preview" in page.content.decode()
    assert PublicationPage.objects.get(pk=paper.pk).title != "A title seen only in the preview"
    edit = admin_client.get(f"/admin/pages/{paper.pk}/edit/").content.decode()
    assert "Its box on the homepage" in edit


@pytest.mark.django_db
def test_saving_from_the_admin_keeps_the_line_breaks_the_text_had(admin_client, imported_demo):
    """Browsers post a textarea's line breaks as CRLF; the stored markdown keeps LF, so a save rewrites no line."""
    from homepage.models import HomePage
    from tests.helpers import edit_page

    home = HomePage.objects.get()
    data, url = edit_page(admin_client, home, about="First paragraph.\r\n\r\nSecond paragraph.")
    sections = [(child.block_type, child.value) for child in home.sections]
    sections.append(("markdown", {"title": "Service", "emoji": "", "body": "Free text,\r\nwrapped."}))
    data.update(sections_form_data(sections))
    response = admin_client.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    home = HomePage.objects.get()
    assert home.about == "First paragraph.\n\nSecond paragraph."
    block = next(child for child in home.sections if child.block_type == "markdown")
    assert block.value["body"] == "Free text,\nwrapped."


@pytest.mark.django_db
def test_the_dashboard_opens_on_the_everyday_tasks(admin_client, imported_demo, django_user_model):
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    links = {link.get_text(strip=True): link["href"] for link in soup.select(".everyday-tasks a")}
    home = HomePage.objects.get()
    assert links == {
        "Edit the homepage": f"/admin/pages/{home.pk}/edit/",
        "Add a paper (DOI, arXiv or BibTeX)": "/admin/publications/add-by-identifier/",
        "Add a news item": "/admin/snippets/news/newsitem/add/",
        "Profile, photo and links": "/admin/settings/profile_site/profilesettings/",
        "View the site": "/",
    }
    for url in links.values():
        assert admin_client.get(url, follow=True).status_code == 200, url

    # Someone who may only sign in to the admin is offered only what they may do: seeing the site.
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin_client.force_login(viewer)
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    assert [link.get_text(strip=True) for link in soup.select(".everyday-tasks a")] == ["View the site"]


@pytest.mark.django_db
def test_a_section_of_boxes_is_edited_box_by_box(admin_client, imported_demo):
    """Projects imported as boxes: the owner relabels one, puts the other first, publishes; the homepage shows it."""
    from tests.helpers import make_image

    home = HomePage.objects.get()
    first, second = make_image("game", (160, 100)), make_image("bricks", (160, 100))
    boxes = [
        {"image": first, "label": "Game", "text": "A **gesture** game."},
        {"image": second, "label": "AR", "text": "An assembly guide."},
    ]
    projects = {
        "emoji": "",
        "title": "Projects",
        "anchor": "projects",
        "intro": "What I build.",
        "note": "",
        "boxes": boxes,
    }
    home.sections = [*((child.block_type, child.value) for child in home.sections), ("boxes", projects)]
    home.save_revision().publish()

    url = f"/admin/pages/{home.pk}/edit/"
    data, _ = admin_form(admin_client, url)
    sections = [(child.block_type, dict(child.value)) for child in HomePage.objects.get().sections]
    edited = [{**boxes[1], "label": "AR, 2024"}, boxes[0]]
    sections[-1][1]["boxes"] = boxes_form_data(edited)
    data.update(sections_form_data(sections))
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    shown = BeautifulSoup(admin_client.get("/").content, "html.parser").select("#projects article.paper-box")
    assert [box.select_one(".paper-box__badge").get_text() for box in shown] == ["AR, 2024", "Game"]
    assert shown[1].select_one(".paper-box__text strong").get_text() == "gesture"
    assert [box.select_one("img")["alt"] for box in shown] == ["bricks", "game"]


def test_a_second_publications_section_shows_the_sub_headings_it_names(admin_client, imported_demo):
    """Highlights, then a full list, as AcadHomepage sites have them: the second section names its sub-headings
    (a paper's Group); the first shows the others. Two sections naming none would each show every paper: refused
    with the field's error, nothing saved."""
    home = HomePage.objects.get()
    papers = list(PublicationPage.objects.order_by("path"))
    papers[-1].group = "Full List — Journals"
    papers[-1].save_revision().publish()
    url = f"/admin/pages/{home.pk}/edit/"
    data, _ = admin_form(admin_client, url)
    sections = [(child.block_type, dict(child.value)) for child in home.sections]
    full = {"emoji": "", "title": "Full List", "anchor": "full-list", "intro": "", "note": "", "show_others": True}
    data.update(sections_form_data([*sections, ("publications", {**full, "groups": ""})]))
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Another publications section shows every sub-heading already" in response.content.decode()
    assert [child.block_type for child in HomePage.objects.get().sections].count("publications") == 1

    data.update(sections_form_data([*sections, ("publications", {**full, "groups": "Full List — Journals\n"})]))
    assert admin_client.post(url, data).status_code == 302
    page = BeautifulSoup(admin_client.get("/").content, "html.parser")
    highlights, full_list = page.select(".section--publications")
    assert papers[-1].title in full_list.get_text() and papers[-1].title not in highlights.get_text()
    assert papers[0].title in highlights.get_text() and papers[0].title not in full_list.get_text()
    assert [h3.get_text(strip=True) for h3 in full_list.select("h3")] == ["Full List — Journals"]
    # The other pages' navigation links to it while it shows a paper, found without rendering the list.
    news_nav = BeautifulSoup(admin_client.get("/news/").content, "html.parser").select("nav a")
    assert "Full List" in [link.get_text(strip=True) for link in news_nav]
    home = HomePage.objects.get()
    first, second = [child for child in home.sections if child.block_type == "publications"]
    assert second.block.has_items(second.value, home) and first.block.has_items(first.value, home)
    second.value["groups"] = "Nothing Here"
    assert not second.block.has_items(second.value, home)


def test_the_owner_folds_a_list_under_words_of_their_own(admin_client, imported_demo):
    """A list shown folded, opened with a click (as imported pages had it with ``<details>``): set in the editor
    as the section's "Folded under"; too long a label is refused with the field's error, nothing saved."""
    home = HomePage.objects.get()
    url = f"/admin/pages/{home.pk}/edit/"
    data, _ = admin_form(admin_client, url)
    sections = [(child.block_type, dict(child.value)) for child in home.sections]
    news = next(index for index, (kind, _) in enumerate(sections) if kind == "news")
    sections[news][1]["fold"] = "x" * 121
    response = admin_client.post(url, {**data, **sections_form_data(sections), "action-publish": "action-publish"})
    assert response.status_code == 200 and "at most 120 characters" in response.content.decode()
    assert HomePage.objects.get().live_revision_id == home.live_revision_id

    sections[news][1]["fold"] = "Older news (click to open)"
    response = admin_client.post(url, {**data, **sections_form_data(sections), "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    section = BeautifulSoup(admin_client.get("/").content, "html.parser").select_one("main .section--news")
    fold = section.select_one("details.section__fold")
    assert fold.summary.get_text() == "Older news (click to open)"
    assert fold.select("li.dated-entry") == section.select("li.dated-entry") != []

    # The first two open above the fold, the others under it
    sections[news][1]["open_count"] = 2
    response = admin_client.post(url, {**data, **sections_form_data(sections), "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    section = BeautifulSoup(admin_client.get("/").content, "html.parser").select_one("main .section--news")
    items, folded = section.select("li.dated-entry"), section.select("details.section__fold li.dated-entry")
    assert len(items) > 2 and folded == items[2:]
