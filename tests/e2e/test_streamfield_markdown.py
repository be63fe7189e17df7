"""In a real browser: a free-text section added to the homepage gets the live markdown editor too.

django-markdownx only starts editors present on page load; static/js/admin/markdownx-blocks.js
starts the ones StreamField adds later.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from homepage.models import HomePage
from tests.e2e.conftest import wait_for_editor_start

pytestmark = pytest.mark.e2e


def test_free_text_section_added_later_has_a_live_preview(
    transactional_db, imported_demo, admin_page: Page, screenshot
):
    page = admin_page
    page.goto(f"/admin/pages/{HomePage.objects.get().pk}/edit/")
    started_on_load = page.locator(".markdownx-editor[data-markdownx-init]").count()

    page.locator("[data-streamfield-stream-container] button[title='Insert a block']").last.click()
    page.get_by_role("option", name=re.compile("Free text")).click()
    editor = page.locator(".markdownx-editor").last
    wait_for_editor_start(page, editor)
    editor.fill("Research interests: **efficient LLMs**")

    preview = page.locator(".markdownx-preview").last
    expect(preview.locator("strong")).to_have_text("efficient LLMs")
    assert page.locator(".markdownx-editor[data-markdownx-init]").count() == started_on_load + 1
    screenshot(page, "streamfield_markdown_editor", full_page=False)
