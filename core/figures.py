"""Figures for imported publications: found on disk, or drawn as a placeholder.

Images are matched by content hash, so importing the same site twice reuses
the images already in the library instead of adding copies.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import textwrap
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.image_checks import check_image
from core.source_files import path_on_site, read_source_file
from core.uncommitted_files import note_written

PLACEHOLDER_SIZE = (800, 450)
# An SVG figure is drawn this many pixels along its longer side: the widest a paper's page shows a figure
# (templates/pages/publication_page.html); a paper box shows it smaller.
SVG_SIDE = 1200
PALETTE = ["#dbe7f7", "#f7e3db", "#dff3e4", "#efe2f7", "#f7f1d4", "#dcf1f3"]


def find_image(reference: str, images_dir: Path | None) -> Path | None:
    """The file an AcadHomepage ``<img src>`` (or a config's ``avatar``) names, in the site's folder.

    ``images_dir`` may be the site's repository root or its ``images/`` folder. The
    reference leads where it leads from the page at the site's root (``path_on_site``:
    ``../images/a.png`` is ``images/a.png``, as in a browser, never above that folder).
    Remote URLs are not followed; whether the file found may be read (a regular file,
    inside the folder once links are followed, not too large) is for ``read_source_file``
    to say.
    """
    if not reference or images_dir is None or urlparse(reference).scheme or reference.startswith("//"):
        return None
    relative = path_on_site(reference)
    if not relative.parts:
        return None
    for candidate in (images_dir / relative, images_dir / relative.name, images_dir / "images" / relative.name):
        if os.path.lexists(candidate) and not candidate.is_dir():
            return candidate
    return None


def read_image_file(path: Path, images_dir: Path | None) -> bytes:
    """A figure's bytes, read as every file of an import is (``read_source_file``): SourceFileError if not."""
    return read_source_file(path, limit=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, inside=images_dir, what="Image")


def placeholder_png(title: str) -> bytes:
    """A plain figure with the paper's title on it, the same bytes for the same title."""
    colour = PALETTE[int(hashlib.sha1(title.encode()).hexdigest(), 16) % len(PALETTE)]  # noqa: S324
    canvas = PILImage.new("RGB", PLACEHOLDER_SIZE, colour)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=34)
    lines = textwrap.wrap(title, width=36)[:5]
    y = (PLACEHOLDER_SIZE[1] - 44 * len(lines)) // 2
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((PLACEHOLDER_SIZE[0] - width) / 2, y), line, fill="#1f2937", font=font)
        y += 44
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")  # zlib's default: half the time of optimize=True, 6% larger
    return buffer.getvalue()


def image_from_bytes(data: bytes, filename: str, title: str, alt: str = ""):
    """Store an image in the library once: the same bytes give back the same image.

    The file passes the same checks as an upload in the admin (``check_image``), and
    is stored under the extension of its real format; ValueError says why not.
    """
    image_model = get_image_model()
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    existing = image_model.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    try:
        checked = check_image(io.BytesIO(data), filename)
    except ValidationError as error:
        raise ValueError(f"{filename}: {' '.join(error.messages)}") from error
    # The file is written here rather than by the row's save, which would decode the whole picture once more
    # (through Willow) only to learn the size check_image has just read.
    field = image_model._meta.get_field("file")
    name = field.storage.save(
        field.generate_filename(image_model(), checked.name), ContentFile(data), max_length=field.max_length
    )
    image = image_model(
        title=title[:255],
        description=alt[:255],
        file=name,
        width=checked.width,
        height=checked.height,
        collection=Collection.get_first_root_node(),
        file_hash=digest,
        file_size=len(data),
    )
    note_written(image.file)
    image.save()
    return image


# What in an SVG would have its drawing read something beyond the file: a reference to another file or address
# (``href="logo.png"``, ``url(font.woff)``, ``@import``, an XML entity of a file). A reference inside the file
# (``#id``) and a picture carried in it (``data:image/png;base64,…``, as drawing programs export them) read nothing.
_SVG_OUTSIDE_REFERENCE = re.compile(
    r"""(?:\bhref\s*=\s*["']|\burl\(\s*["']?|@import\b)(?!\s*(?:#|data:image/(?:png|jpe?g|gif|webp)[;,]))"""
    r"|<!ENTITY\b[^<>]*\b(?:SYSTEM|PUBLIC)\b",  # an entity read from a file
    re.I,
)
_SVG_OPENING = re.compile(r"<svg\b[^>]*>", re.I)
_SVG_SIZE = re.compile(r"""\s(?P<name>width|height)\s*=\s*["']\s*(?P<value>[0-9.]+)\s*(?P<unit>[a-z%]*)\s*["']""", re.I)
_SVG_VIEWBOX = re.compile(
    r"""\sviewBox\s*=\s*["']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+(?P<width>[0-9.]+)[\s,]+(?P<height>[0-9.]+)""", re.I
)
_CSS_PIXELS = {"": 1, "px": 1, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "pt": 96 / 72, "pc": 16}


def svg_as_png(data: bytes) -> bytes:
    """An SVG figure (a diagram a drawing program exported) as a PNG, for the image library, which takes no SVG: an
    SVG may hold scripts, and a browser runs them. Drawn by resvg, which runs none; a figure that refers to any
    other file or address is refused (ValueError), so drawing it reads nothing but its own bytes."""
    import resvg_py

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the SVG is not UTF-8 text") from None
    if outside := _SVG_OUTSIDE_REFERENCE.search(text):
        snippet = " ".join(text[outside.start() : outside.end() + 40].split())
        raise ValueError(f"the SVG refers to another file or address ({snippet}…), so it is not drawn")
    opening = _SVG_OPENING.search(text)
    if opening is None:
        raise ValueError("not an SVG picture")
    width, height = _svg_size(opening.group())
    # Its size given in pixels ("23.1in", which Visio writes, is not drawn at all); the viewBox, if any, stays.
    sized = _SVG_SIZE.sub("", opening.group()).replace("<svg", f'<svg width="{width:g}" height="{height:g}"', 1)
    text = text[: opening.start()] + sized + text[opening.end() :]
    scale = SVG_SIDE / max(width, height)
    drawn_width, drawn_height = max(1, round(width * scale)), max(1, round(height * scale))
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=text, width=drawn_width, height=drawn_height, background="white"))
    except ValueError as error:
        raise ValueError(f"the SVG could not be drawn: {error}") from None


def _svg_size(opening: str) -> tuple[float, float]:
    """The SVG's width and height in pixels from its opening tag: as given in absolute units, else its viewBox's,
    else SVG's own default (100 by 100)."""
    given = {match["name"].lower(): match for match in _SVG_SIZE.finditer(opening)}
    with suppress(ValueError):  # "1.2.3"
        if all(name in given and given[name]["unit"].lower() in _CSS_PIXELS for name in ("width", "height")):
            width, height = (
                float(given[name]["value"]) * _CSS_PIXELS[given[name]["unit"].lower()] for name in ("width", "height")
            )
            if width > 0 and height > 0:
                return width, height
    with suppress(ValueError):
        if (box := _SVG_VIEWBOX.search(opening)) and float(box["width"]) > 0 and float(box["height"]) > 0:
            return float(box["width"]), float(box["height"])
    return 100.0, 100.0
