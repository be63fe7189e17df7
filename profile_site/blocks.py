"""The homepage's sections: each knows its title, emoji, anchor and what it shows.

A section with nothing to show (no live entries, an empty text) is left out of
the page and of the navigation, so an imported but unpublished "Invited Talks"
section appears by itself the day its first talk is published.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail import blocks

from core.validators import is_safe_link, reject_bidi_controls, validate_link

from .links import LINK_KIND_CHOICES, profile_url


class ProfileLinkBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=LINK_KIND_CHOICES)
    value = blocks.CharBlock(max_length=500, help_text="A full URL, or just your id or username on that service.")
    label = blocks.CharBlock(
        required=False,
        max_length=60,
        validators=[reject_bidi_controls],
        help_text="Optional; defaults to the service's name.",
    )

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if not profile_url(value["kind"], value["value"]):
            error = ValidationError("Enter a full web address (https://…) or just your id or username on that service.")
            raise blocks.StructBlockValidationError(block_errors={"value": error})
        return value

    class Meta:
        icon = "link"
        label = "Profile link"
        preview_value = {"kind": "github", "value": "octocat", "label": ""}
        description = "A link to one of your profiles, shown as an icon in the sidebar."


class NavLinkValue(blocks.StructValue):
    @property
    def href(self) -> str:
        """The link, unless it could run script (one imported from a site's navigation.yml is not validated)."""
        return self["url"] if is_safe_link(self["url"]) else ""


class NavLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=60, validators=[reject_bidi_controls])
    url = blocks.CharBlock(
        max_length=500,
        validators=[validate_link],
        help_text="A full URL (https://…) or a path on this site (/publications/).",
    )

    class Meta:
        icon = "link"
        label = "Navigation link"
        value_class = NavLinkValue
        preview_value = {"title": "Blog", "url": "https://example.org/blog/"}
        description = "A link in the top navigation, after the sections."
