"""Paper figures like the ones researchers put in their paper boxes.

1600×900 PNGs with what real teaser figures have: a pipeline diagram with
labelled boxes and arrows, a line plot and a bar chart on a grid, and a
photo-like panel (an input example) whose smooth texture and sensor noise PNG
cannot compress away. Each file is 500 KB or more, as exported from slides or
matplotlib at 2×: the size the original template ships to every visitor.

    python bench/figures.py OUT_DIR        # writes the five files the demo page names
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = (1600, 900)
MIN_BYTES = 500_000
# The file names the demo page's <img src> attributes use, with a theme each.
FIGURES = {
    "secom.png": ("Memory construction", "#2563eb"),
    "LLMLingua-2.png": ("Prompt compression", "#059669"),
    "TokenSelect.png": ("Token selection", "#d97706"),
    "BiBadDiff.png": ("Backdoor diffusion", "#7c3aed"),
    "lemma.png": ("Error-driven learning", "#dc2626"),
}


def photo_panel(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A photograph-like example: smooth colour fields, edges, and grain."""
    small = Image.new("RGB", (size[0] // 16, size[1] // 16))
    pixels = small.load()
    phase = [rng.uniform(0, math.tau) for _ in range(6)]
    for y in range(small.height):
        for x in range(small.width):
            r = 128 + 90 * math.sin(x / 7 + phase[0]) * math.cos(y / 9 + phase[1])
            g = 128 + 80 * math.sin(x / 11 + phase[2] + y / 13)
            b = 128 + 70 * math.cos(y / 6 + phase[4]) * math.sin(x / 15 + phase[5])
            pixels[x, y] = (int(r), int(g), int(b))
    panel = small.resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, 40).convert("RGB")
    panel = Image.blend(panel, noise, 0.35).filter(ImageFilter.GaussianBlur(0.3))
    return panel


def draw_arrow(draw: ImageDraw.ImageDraw, start, end, colour) -> None:
    draw.line([start, end], fill=colour, width=5)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    head = [
        end,
        (end[0] - 22 * math.cos(angle - 0.4), end[1] - 22 * math.sin(angle - 0.4)),
        (end[0] - 22 * math.cos(angle + 0.4), end[1] - 22 * math.sin(angle + 0.4)),
    ]
    draw.polygon(head, fill=colour)


def figure(title: str, accent: str, seed: int) -> Image.Image:
    rng = random.Random(seed)
    canvas = Image.new("RGB", SIZE, "#ffffff")
    draw = ImageDraw.Draw(canvas)
    big = ImageFont.load_default(size=44)
    label = ImageFont.load_default(size=28)
    small = ImageFont.load_default(size=22)

    draw.text((60, 40), title, fill="#111827", font=big)

    # Left: the input example, a photo with a caption.
    canvas.paste(photo_panel(rng, (560, 420)), (60, 130))
    draw.rectangle([60, 130, 620, 550], outline="#374151", width=3)
    draw.text((60, 565), "(a) Input example", fill="#374151", font=label)

    # Middle: the method as a pipeline of boxes.
    stages = ["Encoder", "Selector", "Memory", "Decoder"]
    for index, stage in enumerate(stages):
        top = 130 + index * 105
        draw.rounded_rectangle([700, top, 1000, top + 75], radius=14, fill=accent, outline="#111827", width=3)
        draw.text((725, top + 22), stage, fill="#ffffff", font=label)
        if index:
            draw_arrow(draw, (850, top - 30), (850, top - 2), "#111827")
    draw.text((700, 565), "(b) Method", fill="#374151", font=label)

    # Right: results, a line plot over a grid.
    left, top, right, bottom = 1080, 130, 1540, 550
    draw.rectangle([left, top, right, bottom], outline="#111827", width=3)
    for step in range(1, 6):
        y = top + step * (bottom - top) // 6
        x = left + step * (right - left) // 6
        draw.line([(left, y), (right, y)], fill="#e5e7eb", width=2)
        draw.line([(x, top), (x, bottom)], fill="#e5e7eb", width=2)
    for series, colour in enumerate([accent, "#6b7280"]):
        points, value = [], 0.2 + 0.1 * series
        for x in range(left + 10, right - 10, 12):
            value = min(0.95, max(0.05, value + rng.uniform(-0.02, 0.035 - 0.02 * series)))
            points.append((x, bottom - value * (bottom - top)))
        draw.line(points, fill=colour, width=5)
    draw.text((1080, 565), "(c) Accuracy vs. budget", fill="#374151", font=label)

    # Bottom: a bar chart across the width, with per-bar values.
    base = 860
    for index in range(24):
        height = rng.randint(60, 220)
        x = 60 + index * 61
        shade = accent if index % 3 == 0 else ("#9ca3af" if index % 3 == 1 else "#4b5563")
        draw.rectangle([x, base - height, x + 44, base], fill=shade)
        draw.text((x, base - height - 26), f"{height / 2.2:.0f}", fill="#111827", font=small)
    return canvas


def write_figures(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for seed, (name, (title, accent)) in enumerate(FIGURES.items()):
        path = out_dir / name
        figure(title, accent, seed).save(path, format="PNG")
        if path.stat().st_size < MIN_BYTES:
            raise SystemExit(f"{path} is only {path.stat().st_size} bytes; figures must be ≥ {MIN_BYTES}")
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python bench/figures.py OUT_DIR")
    for path in write_figures(Path(sys.argv[1])):
        print(f"{path}  {path.stat().st_size / 1000:.0f} KB")
