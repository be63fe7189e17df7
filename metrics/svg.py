"""SVG drawn by the site from stored numbers: a citations-per-year chart and shields-style badges.

Both are pure functions of their numbers, so a page that shows them makes no
request anywhere, and both carry their numbers as text for screen readers,
search engines and anyone who copies them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Verdana's advance widths in thousandths of an em: shields.io sizes its badges by them.
_WIDTHS = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@",
        [352, 394, 459, 818, 636, 1076, 727, 269, 454, 454, 636, 818, 364, 454, 364, 454]
        + [636] * 10
        + [454, 454, 818, 818, 818, 545, 1000],
        strict=True,
    )
)
_WIDTHS.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [684, 686, 698, 771, 632, 575, 775, 751, 421, 455, 693, 557, 843,
         748, 787, 603, 787, 695, 684, 616, 732, 684, 989, 685, 615, 685],
        strict=True,
    )
)  # fmt: skip
_WIDTHS.update(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        [601, 623, 521, 623, 596, 352, 623, 633, 274, 344, 592, 274, 973,
         633, 607, 623, 623, 427, 521, 394, 633, 592, 818, 592, 592, 525],
        strict=True,
    )
)  # fmt: skip
ICON_DIR = Path(settings.BASE_DIR) / "static" / "icons"
LOGO_SIZE, LOGO_GAP = 14, 3


def text_width(text: str, font_size: float = 11) -> float:
    """How wide Verdana draws ``text``, in pixels (unknown characters count as a full em)."""
    return sum(_WIDTHS.get(char, 1000) for char in text) * font_size / 1000


@cache
def _logo(name: str) -> str:
    """The shapes of one of the site's own icons, drawn white (our files, read once)."""
    if not re.fullmatch(r"[a-z0-9-]+", name) or not (ICON_DIR / f"{name}.svg").is_file():
        return ""
    svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    match = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.DOTALL)
    if not match:
        return ""
    shapes = re.sub(r"<title>.*?</title>|<!--.*?-->", "", match.group(1), flags=re.DOTALL).strip()
    return f'<svg x="5" y="3" width="{LOGO_SIZE}" height="{LOGO_SIZE}" viewBox="0 0 24 24" fill="#fff">{shapes}</svg>'


def badge_svg(label: str, message: str, color: str = "#007ec6", logo: str = "") -> str:
    """A badge like shields.io's "flat" style: grey label, coloured message, Verdana 11px."""
    logo_svg = _logo(logo) if logo else ""
    label_start = 5 + (LOGO_SIZE + LOGO_GAP if logo_svg else 0)
    label_width, message_width = text_width(label), text_width(message)
    left = round(label_start + label_width + 5)
    right = round(message_width + 10)
    total = left + right
    label_x, message_x = round((label_start + label_width / 2) * 10), round((left + right / 2) * 10)
    spoken = f"{label}: {message}"

    def text(x: int, width: float, value: str) -> str:
        length = round(width * 10)
        return (
            f'<text aria-hidden="true" x="{x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" '
            f'textLength="{length}">{escape(value)}</text>'
            f'<text x="{x}" y="140" transform="scale(.1)" fill="#fff" textLength="{length}">{escape(value)}</text>'
        )

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{escape(spoken)}"><title>{escape(spoken)}</title>'
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{escape(color)}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        f'text-rendering="geometricPrecision" font-size="110">{logo_svg}'
        f"{text(label_x, label_width, label)}{text(message_x, message_width, message)}</g></svg>"
    )


def citations_chart_svg(per_year: list[tuple[int, int]], title: str = "Citations per year") -> SafeString:
    """Bars of citations per year with each number written above its bar, like Scholar's own chart.

    The chart is an image to assistive technology, named by its ``<title>`` and
    described, year by year, by its ``<desc>``.
    """
    if not per_year:
        return mark_safe("")
    width, height, top, bottom, side = 260, 130, 16, 18, 4
    slot = (width - 2 * side) / len(per_year)
    bar_width = min(slot * 0.62, 28)
    highest = max(count for _, count in per_year) or 1
    bars = []
    for index, (year, count) in enumerate(per_year):
        bar_height = (height - top - bottom) * count / highest
        centre = side + slot * (index + 0.5)
        bars.append(
            (
                f"{centre - bar_width / 2:.1f}",
                f"{height - bottom - bar_height:.1f}",
                f"{bar_width:.1f}",
                f"{bar_height:.1f}",
                f"{centre:.1f}",
                f"{height - bottom - bar_height - 4:.1f}",
                f"{count:,}",
                f"{height - 5}",
                str(year) if len(per_year) <= 6 else f"’{year % 100:02d}",
            )
        )
    description = ", ".join(f"{year}: {count:,}" for year, count in per_year)
    return format_html(
        '<svg class="citations-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="citations-chart-title '
        'citations-chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="citations-chart-title">{}</title>'
        '<desc id="citations-chart-desc">{}</desc>{}</svg>',
        width,
        height,
        title,
        f"{title}: {description}.",
        format_html_join(
            "",
            '<g class="citations-chart__year"><rect class="citations-chart__bar" x="{}" y="{}" width="{}" '
            'height="{}" rx="1.5"/><text class="citations-chart__value" x="{}" y="{}">{}</text>'
            '<text class="citations-chart__label" x="{}" y="{}">{}</text></g>',
            ((x, y, w, h, cx, vy, count, cx, ly, year) for x, y, w, h, cx, vy, count, ly, year in bars),
        ),
    )
