"""The one gate to the image library: every file that becomes an image passes :func:`check_image`.

An upload in the admin (single, multiple, the markdown editor's) and a figure an
importer brings in (``import_acadhomepage``, ``import_bibtex --images``) are
checked alike: decoded by Pillow (a truncated PNG, ``GIF89a`` followed by
garbage, an SVG or an HTML page is refused), no larger than the upload limit,
no more pixels than allowed (read from the header before anything is decoded,
so a decompression bomb costs nothing), no side longer than WebP can encode
(the site serves every picture as WebP too), and stored under the extension of
the format Pillow found, whatever the file was called. A GIF/HTML polyglot named
``x.html`` is stored as ``x.gif`` and served as ``image/gif``, which no browser
runs; ``x.php.png`` becomes ``x-php.png``, which no misconfigured web server
runs as a script either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

logger = logging.getLogger(__name__)

# Every picture is also served as WebP, which cannot encode a side longer than this:
# a 1×39,000 strip was accepted and then broke every page showing it.
MAX_SIDE = 16_383
# Pillow's name of each format the library takes → the extension it is stored under.
FORMAT_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}


@dataclass(frozen=True)
class CheckedImage:
    """An image the library takes: the name to store it under, and its size in pixels."""

    name: str
    width: int
    height: int


def supported_formats() -> str:
    return ", ".join(extension.upper() for extension in settings.WAGTAILIMAGES_EXTENSIONS)


def too_long_a_side(width: int, height: int) -> str:
    """The owner's explanation when a picture is too tall or too wide to be served, else ""."""
    if max(width, height) <= MAX_SIDE:
        return ""
    return (
        f"This image is {width}×{height} pixels; a side can be at most {MAX_SIDE:,} pixels long "
        "(the limit of the WebP format the site serves it in). Crop or scale it down."
    )


def stored_name(name: str, extension: str) -> str:
    """``name`` without folders and with the dots of its stem replaced, under ``extension``."""
    base = PurePath(name.replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem.replace('.', '-').strip() or 'image'}.{extension}"


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    return size


def check_image(file: IO[bytes], name: str) -> CheckedImage:
    """``file`` as the image library may store it, or ValidationError saying why not."""
    max_size, max_pixels = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    size = _file_size(file)
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if size > max_size:
        raise ValidationError(
            f"This file is too big ({filesizeformat(size)}). Maximum filesize {filesizeformat(max_size)}.",
            code="file_too_large",
        )
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            width, height, image_format = image.width, image.height, image.format
            frames = getattr(image, "n_frames", 1)
            if width * height * frames > max_pixels:
                raise _too_many_pixels(f"{width}×{height}" + (f"×{frames} frames" if frames > 1 else ""))
            if problem := too_long_a_side(width, height):
                raise ValidationError(problem, code="image_side_too_long")
            image.load()  # the whole picture decodes: a truncated or garbled file fails here
    except ValidationError:
        raise
    except PILImage.DecompressionBombError as error:
        raise _too_many_pixels("far too many") from error
    except Exception as error:  # Pillow's decoders fail in many ways on a broken file
        logger.info("Image refused, it cannot be decoded: %r", error)
        if PurePath(name).suffix.lower().lstrip(".") not in settings.WAGTAILIMAGES_EXTENSIONS:
            raise _unsupported() from error
        raise ValidationError(
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
            code="invalid_image",
        ) from error
    finally:
        file.seek(0)
    extension = FORMAT_EXTENSIONS.get(image_format or "")
    if extension is None or extension not in settings.WAGTAILIMAGES_EXTENSIONS:
        raise _unsupported()
    return CheckedImage(stored_name(name, extension), width, height)


def _too_many_pixels(pixels: str) -> ValidationError:
    return ValidationError(
        f"This file has too many pixels ({pixels}). Maximum pixels {settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:,}.",
        code="file_too_many_pixels",
    )


def _unsupported() -> ValidationError:
    return ValidationError(
        f"Not a supported image format. Supported formats: {supported_formats()}.", code="invalid_image_extension"
    )


class CheckedImageField(WagtailImageField):
    """Wagtail's image field behind :func:`check_image`: a form error for whatever it refuses."""

    def to_python(self, data: Any) -> Any:
        if data is not None and hasattr(data, "seek"):
            data.name = check_image(data, data.name).name
        return super().to_python(data)


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
