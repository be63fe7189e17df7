"""Image uploads, checked before anything is written to the media folder.

Wagtail's image field reads an upload's header, then decodes the whole picture
to count its pixels; a file it cannot decode (a truncated PNG, ``GIF89a``
followed by garbage) made that raise instead of failing validation, and the
owner got a server error. Here every upload form of the image library (the
admin's single and multiple upload, the markdown editor's upload) refuses those
with a form error, refuses too many pixels (or a side too long to serve as
WebP) from the header before decoding anything, and stores the file under a
name with one extension (``x.php.png`` becomes ``x-php.png``, which no
misconfigured web server runs as a script).
"""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

logger = logging.getLogger(__name__)

# Every picture is also served as WebP, which cannot encode a side longer than this:
# a 1×39,000 strip was accepted and then broke every page showing it.
MAX_SIDE = 16_383


def too_long_a_side(width: int, height: int) -> str:
    """The owner's explanation when a picture is too tall or too wide to be served, else ""."""
    if max(width, height) <= MAX_SIDE:
        return ""
    return (
        f"This image is {width}×{height} pixels; a side can be at most {MAX_SIDE:,} pixels long "
        "(the limit of the WebP format the site serves it in). Crop or scale it down."
    )


def stored_name(name: str) -> str:
    """The upload's name with the dots of its stem replaced, so only its real extension is left."""
    path = PurePath(name)
    return path.stem.replace(".", "-") + path.suffix.lower()


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, with a form error for whatever it would otherwise crash on."""

    def to_python(self, data: Any) -> Any:
        self.check_declared_pixels(data)
        try:
            upload = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # Pillow's decoders fail in many ways on a broken file
            logger.info("Image upload refused, it cannot be decoded: %r", error)
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error
        if upload is not None:
            upload.name = stored_name(upload.name)
        return upload

    def check_declared_pixels(self, data: Any) -> None:
        """Refuse a picture bigger than allowed, or too long to serve, by the size its header declares,
        before decoding it."""
        if self.max_image_pixels is None or not hasattr(data, "seek"):
            return
        too_many = too_long = ""
        try:
            data.seek(0)
            with PILImage.open(data) as image:
                if image.width * image.height > self.max_image_pixels:
                    too_many = f"{image.width}×{image.height}"
                too_long = too_long_a_side(image.width, image.height)
        except PILImage.DecompressionBombError:
            too_many = "far too many"
        except Exception:  # noqa: S110 - no image Pillow knows: the full check says what is wrong with it
            pass
        finally:
            data.seek(0)
        if too_long and not too_many:
            raise ValidationError(too_long, code="image_side_too_long")
        if too_many:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": too_many, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )


class ImageForm(BaseImageForm):
    """The image library's form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), its file field checked as above.

    Wagtail builds the file field itself (``formfield_for_dbfield``), and a field
    declared here would also appear in the forms that leave the file out, so the
    field is swapped once built, keeping its label, widget and requiredness.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if file_field := self.fields.get("file"):
            self.fields["file"] = CheckedImageField(
                label=file_field.label, required=file_field.required, widget=file_field.widget
            )
