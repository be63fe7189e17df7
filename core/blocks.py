"""StreamField blocks any app's pages may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.functional import cached_property
from wagtail import blocks

from core.fields import MarkdownEditor
from core.markdown import MAX_LENGTH as MARKDOWN_MAX_LENGTH


class MarkdownBlock(blocks.FieldBlock):
    """Markdown edited with the live-preview editor, also inside StreamField.

    The editor script only starts on page load; ``static/js/admin/markdownx-blocks.js``
    starts it for blocks added later.
    """

    def __init__(self, required: bool = True, help_text: str | None = None, **kwargs: Any) -> None:
        self.field_options: dict[str, Any] = {"required": required, "help_text": help_text}
        super().__init__(**kwargs)

    @cached_property
    def field(self) -> forms.CharField:
        return forms.CharField(
            widget=MarkdownEditor(), validators=[MaxLengthValidator(MARKDOWN_MAX_LENGTH)], **self.field_options
        )

    def get_searchable_content(self, value: str) -> list[str]:
        return [value or ""]

    class Meta:
        icon = "doc-full"
        default = ""
