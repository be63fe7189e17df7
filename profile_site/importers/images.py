"""Figures for imported publications: found on disk, or drawn as a placeholder.

Images are matched by content hash, so importing the same site twice reuses
the images already in the library instead of adding copies.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, UnidentifiedImageError
from wagtail.images import get_image_model
from wagtail.models import Collection

from profile_site.images import too_long_a_side

PLACEHOLDER_SIZE = (800, 450)
PALETTE = ["#dbe7f7", "#f7e3db", "#dff3e4", "#efe2f7", "#f7f1d4", "#dcf1f3"]


def find_image(reference: str, images_dir: Path | None) -> Path | None:
    """The file an AcadHomepage ``<img src>`` names, looked up in the site's folder.

    ``images_dir`` may be the site's repository root or its ``images/`` folder;
    remote URLs and references outside that folder are not followed.
    """
    if not reference or images_dir is None or urlparse(reference).scheme:
        return None
    relative = PurePosixPath(unquote(urlparse(reference).path).lstrip("/"))
    root = images_dir.resolve()
    candidates = [root / relative, root / relative.name, root / "images" / relative.name]
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(root):
            return resolved
    return None


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
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def image_from_bytes(data: bytes, filename: str, title: str, alt: str = ""):
    """Store an image in the library once: the same bytes give back the same image."""
    image_model = get_image_model()
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    existing = image_model.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError) as error:
        raise ValueError(f"{filename} is not an image Pillow can read ({error})") from error
    # The same limits as an upload in the admin (profile_site/images.py).
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        raise ValueError(f"{filename} has {width}×{height} pixels; the image library takes at most {limit:,}")
    if problem := too_long_a_side(width, height):
        raise ValueError(f"{filename}: {problem}")
    image = image_model(
        title=title[:255],
        description=alt[:255],
        file=ImageFile(io.BytesIO(data), name=filename),
        collection=Collection.get_first_root_node(),
        file_hash=digest,
        file_size=len(data),
    )
    image.save()
    return image
