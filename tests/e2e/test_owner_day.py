"""In a real browser: the owner's everyday tasks, each within a stated number of actions.

Each task starts on the admin's dashboard, signed in, and ends with what visitors
see checked on the public site. An action is what the owner does with the mouse
or a key that is not text: a click, choosing a file, Ctrl+A, Enter. The text they
type is the content, not counted. The budgets are what the tasks take today: a
change that makes one take more actions fails here.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image as PILImage
from playwright.sync_api import Locator, Page, expect

from homepage.models import HomePage
from news.models import NewsItem
from profile_site.models import ProfileSettings
from publications.models import PublicationPage
from tests.e2e.conftest import open_menu
from tests.helpers import make_image

pytestmark = pytest.mark.e2e


class Owner:
    """The owner at the browser, counting their actions."""

    def __init__(self, page: Page):
        self.page = page
        self.actions = 0

    def click(self, target: Locator) -> None:
        target.click()
        self.actions += 1

    def press(self, target: Locator, key: str) -> None:
        target.press(key)
        self.actions += 1

    def replace_text(self, field: Locator, text: str) -> None:
        """Click into a field, select what it holds, type over it."""
        self.click(field)
        self.press(field, "Control+A")
        field.press_sequentially(text)

    def add_text(self, field: Locator, text: str) -> None:
        """Click into a field, go to its end, type."""
        self.click(field)
        self.press(field, "Control+End")
        field.press_sequentially(text)

    def choose_file(self, field: Locator, path: Path) -> None:
        field.set_input_files(path)
        self.actions += 1

    def publish(self) -> None:
        self.click(self.page.get_by_role("button", name=re.compile(r"^Publish")).first)
        expect(self.page.locator(".messages .success, .w-message--success").first).to_be_visible()

    def upload_image(self, field: str, path: Path) -> None:
        """Wagtail's image chooser: its menu, "Change image", the Upload tab, the file, Upload."""
        open_menu(self.page.locator(f"#id_{field}-chooser").get_by_role("button", name="Actions"))
        self.actions += 1
        self.click(self.page.get_by_role("button", name="Change image"))
        modal = self.page.locator(".modal-dialog")
        self.click(modal.get_by_role("tab", name="Upload"))
        self.choose_file(modal.locator("input[type=file]"), path)
        # Wagtail fills the title in from the file's name: an owner clicks Upload after that.
        expect(modal.locator("input[name=image-chooser-upload-title]")).to_have_value(path.stem)
        self.click(modal.get_by_role("button", name="Upload"))
        expect(modal).to_be_hidden()


@pytest.fixture
def owner(transactional_db, imported_demo, admin_page: Page) -> Owner:
    return Owner(admin_page)  # on the dashboard


@pytest.fixture
def picture(tmp_path) -> Path:
    path = tmp_path / "new-picture.png"
    buffer = BytesIO()
    PILImage.new("RGB", (800, 600), "#aa3366").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def open_paper(owner: Owner, title: str) -> None:
    """From the dashboard: search for the paper and open it in the editor."""
    search = owner.page.get_by_placeholder("Search all pages")
    owner.click(search)
    search.press_sequentially(title.split(":")[0])
    owner.press(search, "Enter")
    owner.click(owner.page.get_by_role("link", name=re.compile(re.escape(title[:30]))).first)
    expect(owner.page.locator("#id_title")).to_be_visible()


def public(owner: Owner, path: str = "/") -> Page:
    owner.page.goto(path)
    return owner.page


@pytest.mark.indexes  # the owner finds the paper with the admin's search
def test_edit_a_papers_title_and_badge_and_publish(owner):
    paper = PublicationPage.objects.live().exclude(teaser_image=None).first()
    open_paper(owner, paper.title)
    owner.replace_text(owner.page.locator("#id_title"), "A clearer title")
    owner.replace_text(owner.page.get_by_label("Badge text"), "NeurIPS 2026")
    owner.publish()
    assert owner.actions <= 8, owner.actions

    box = public(owner).locator(".paper-box", has_text="A clearer title")
    expect(box.locator(".paper-box__badge")).to_have_text("NeurIPS 2026")


def test_add_a_news_item(owner):
    owner.click(owner.page.get_by_role("link", name="Add a news item"))
    owner.add_text(owner.page.locator("textarea[name=text]"), "Our paper won the **best paper award**.")
    owner.publish()
    assert owner.actions <= 4, owner.actions

    expect(public(owner).locator("#-news li").first).to_contain_text("Our paper won the best paper award.")
    assert NewsItem.objects.filter(live=True, text__startswith="Our paper").get().date is not None


@pytest.mark.indexes  # the owner finds the paper with the admin's search
def test_replace_a_papers_figure(owner, picture):
    paper = PublicationPage.objects.live().exclude(teaser_image=None).first()
    open_paper(owner, paper.title)
    owner.upload_image("teaser_image", picture)
    owner.publish()
    assert owner.actions <= 9, owner.actions

    paper.refresh_from_db()
    assert paper.teaser_image.title == "new-picture"
    figure = public(owner).locator(".paper-box", has_text=paper.title[:30]).locator("img").first
    expect(figure).to_have_attribute("src", re.compile("new-picture"))


def test_move_a_section_up(owner):
    owner.click(owner.page.get_by_role("link", name="Edit the homepage"))
    sections = owner.page.locator("[data-contentpath=sections] [data-streamfield-child]")
    above, below = (sections.nth(n).locator("[data-contentpath=title] input").first.input_value() for n in (1, 2))
    owner.click(sections.nth(2).get_by_role("button", name="Move up"))
    owner.publish()
    assert owner.actions <= 3, owner.actions

    headings = public(owner).locator("main .section__title").all_inner_texts()
    order = [next(n for n, heading in enumerate(headings) if title in heading) for title in (below, above)]
    assert order == sorted(order), (headings, below, above)


def test_edit_the_about_text(owner):
    owner.click(owner.page.get_by_role("link", name="Edit the homepage"))
    owner.add_text(owner.page.locator("textarea[name=about]"), "\n\nI am recruiting *PhD students* for 2027.")
    owner.publish()
    assert owner.actions <= 4, owner.actions

    expect(public(owner).locator("#about-me")).to_contain_text("I am recruiting PhD students for 2027.")


def test_restore_an_earlier_version(owner, admin_user):
    home = HomePage.objects.get()
    about = home.about
    home.about = "A sentence to regret."
    home.save_revision(user=admin_user, log_action=True).publish(user=admin_user)

    owner.click(owner.page.get_by_role("link", name="Edit the homepage"))
    owner.click(owner.page.get_by_role("link", name="History"))
    owner.click(owner.page.get_by_role("link", name="Restore this version").first)
    expect(owner.page.locator("textarea[name=about]")).to_have_value(about)
    owner.publish()
    assert owner.actions <= 4, owner.actions

    assert HomePage.objects.get().about == about
    about_me = public(owner).locator("#about-me")
    expect(about_me).not_to_contain_text("A sentence to regret.")
    expect(about_me).to_contain_text(about.split("(")[0].strip())


def test_change_the_avatar(owner, picture):
    profile = ProfileSettings.objects.get()
    profile.avatar = make_image("old-portrait", (400, 400))
    profile.save()
    owner.click(owner.page.get_by_role("link", name="Profile, photo and links"))
    owner.upload_image("avatar", picture)
    owner.click(owner.page.get_by_role("button", name="Save"))
    expect(owner.page.locator(".messages .success, .w-message--success").first).to_be_visible()
    assert owner.actions <= 7, owner.actions

    assert ProfileSettings.objects.get().avatar.title == "new-picture"
    expect(public(owner).locator("img.author__avatar")).to_have_attribute("src", re.compile("new-picture"))
