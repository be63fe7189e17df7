"""The front-end benchmark measures realistic figures, not tiny placeholders."""

import importlib.util
from pathlib import Path

from PIL import Image

FIGURES_PY = Path(__file__).resolve().parents[1] / "bench" / "figures.py"


def load_figures_module():
    spec = importlib.util.spec_from_file_location("bench_figures", FIGURES_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_figures_are_large_pngs_named_as_the_demo_page_names_them(tmp_path):
    figures = load_figures_module()
    written = figures.write_figures(tmp_path)
    demo = (Path(__file__).resolve().parents[1] / "homepage" / "demo" / "acadhomepage_about.md").read_text()
    assert sorted(path.name for path in written) == sorted(figures.FIGURES)
    for path in written:
        assert f"images/{path.name}" in demo
        assert path.stat().st_size >= 500_000
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1600, 900))
