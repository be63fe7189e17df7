"""What the content models of every app share: markdown fields, and dates told as precisely as known.

An about text, an abstract, a news item and a CV entry are all markdown, edited
with the live preview and capped at :data:`core.markdown.MAX_LENGTH`; a paper, a
news item and a CV entry are all dated to the year, month or day the owner wrote.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from markdownx.widgets import MarkdownxWidget
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.dates import PRECISION_CHOICES, Precision, format_span, iso_span
from core.markdown import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from core.validators import reject_bidi_controls

MARKDOWN_HELP = "Markdown: **bold**, *italic*, [link text](https://…). The preview shows what visitors see."
MARKDOWN_VALIDATORS = [MaxLengthValidator(MARKDOWN_MAX_LENGTH)]


class MarkdownEditor(MarkdownxWidget):
    """The live-preview editor, handing the text back with the line breaks it was stored with.

    Browsers send a textarea's line breaks as CRLF: without this, every save from the
    admin would rewrite each line of a text written elsewhere (an import, the shell).
    """

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def markdown_panel(field_name: str, **kwargs: Any) -> FieldPanel:
    """A markdown field edited with the live-preview editor."""
    return FieldPanel(field_name, widget=MarkdownEditor, **kwargs)


class OwnersOrderMixin:
    """A line of a homepage list in the owner's order (``sort_order``): as the import found it, and as the owner
    drags it in its admin listing. A new line comes first, as an owner adds the latest news or honor at the top.

    The place is the list's, not a revision's: publishing a revision made before a move keeps the line where
    the owner moved it.
    """

    sort_order_field = "sort_order"
    sort_order: int | None  # the model's field
    _default_manager: Any

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.sort_order is None:
            first = type(self)._default_manager.aggregate(first=models.Min("sort_order"))["first"]
            self.sort_order = 0 if first is None else first - 1
        super().save(*args, **kwargs)  # type: ignore[misc]  # a mixin of models

    def with_content_json(self, content: dict[str, Any]) -> Any:
        revised = super().with_content_json(content)  # type: ignore[misc]  # RevisionMixin's
        revised.sort_order = self.sort_order
        return revised


# ---------------------------------------------------------------------------
# Dates with precision
# ---------------------------------------------------------------------------


class DatedMixin(models.Model):
    """A date written to the year, month or day, like the owner wrote it."""

    date = models.DateField(
        null=True,
        blank=True,
        help_text="Pick any day in the month or year when the precision is coarser.",
    )
    date_precision = models.CharField(
        "shown as",
        max_length=5,
        choices=PRECISION_CHOICES,
        default=Precision.MONTH,
        help_text="Year: 2025 · Month: 2025.08 · Day: 2025.08.03",
    )
    date_text = models.CharField(
        "date as written",
        max_length=60,
        blank=True,
        validators=[reject_bidi_controls],
        help_text="What the page shows for the date, when it should read otherwise than the date above (e.g. "
        '"Aug. 2024 – Present", as the old homepage had it). Empty: written from the date.',
    )

    class Meta:
        abstract = True

    @property
    def date_display(self) -> str:
        return self.date_text or format_span(self.date, None, self.date_precision)

    @property
    def date_iso(self) -> str:
        return iso_span(self.date, self.date_precision)


class DateRangeMixin(DatedMixin):
    """A date or a range of dates, open-ended ("2023.09 - Now") when ongoing."""

    end_date = models.DateField(null=True, blank=True, help_text="Leave empty for a single date.")
    ongoing = models.BooleanField(
        "until now", default=False, help_text='Shown as "… - Now" (still studying, still working there).'
    )

    date_panels = [
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("end_date"), FieldPanel("date_precision"), FieldPanel("ongoing")],
            heading="Dates",
        ),
        FieldPanel("date_text"),
    ]

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.end_date and not self.date:
            errors["end_date"] = "An end date needs a start date."
        if self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = "The end date is before the start date."
        if self.ongoing and self.end_date:
            errors["ongoing"] = 'Either an end date or "until now", not both.'
        if self.ongoing and not self.date:
            errors["ongoing"] = '"Until now" needs a start date.'
        if errors:
            raise ValidationError(errors)

    @property
    def date_display(self) -> str:
        return self.date_text or format_span(self.date, self.end_date, self.date_precision, self.ongoing)
