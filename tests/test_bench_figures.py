"""The front-end benchmark measures realistic figures, not tiny placeholders."""

import importlib.util
from pathlib import Path

from PIL import Image

FIGURES_PY = Path(__file__).resolve().parents[1] / "bench" / "figures.py"


def load_bench(name: str):
    """``bench/<name>.py`` as a module (the benchmarks are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", FIGURES_PY.with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_figures_are_large_pngs_named_as_the_demo_page_names_them(tmp_path):
    figures = load_bench("figures")
    written = figures.write_figures(tmp_path)
    demo = (Path(__file__).resolve().parents[1] / "homepage" / "demo" / "acadhomepage_about.md").read_text()
    assert sorted(path.name for path in written) == sorted(figures.FIGURES)
    for path in written:
        assert f"images/{path.name}" in demo
        assert path.stat().st_size >= 500_000
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1600, 900))


def test_the_migration_benchmark_counts_the_pictures_the_original_could_show(tmp_path):
    """A checkout lacking a picture's file (larger than a snapshot keeps, or kept in another repository) showed a
    broken picture on the original too: the import is not asked to show it."""
    bench = load_bench("import_fidelity")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "here.png").write_bytes(b"png")
    html = (
        '<div class="page__content"><img src="/images/here.png"><img src="images/here.png">'
        '<img src="/zh-cn/images/here.png"><img src="images\\here.png"><img src="/images/gone.jpg">'
        '<img src="https://example.org/remote.png">'
        '<img src="https://img.shields.io/badge/x-y-blue"></div>'
    )
    assert bench.images_in(html, ".page__content") == 6
    assert bench.images_in(html, ".page__content", tmp_path) == 5
    # On the new site, a placeholder the import showed for a figure it could not bring over is no picture of it.
    new = '<main><img src="/media/images/placeholder-the-title.width-400.png"><img src="/media/images/fig.png"></main>'
    assert bench.images_in(new, "main") == 1


def test_the_migration_benchmark_leaves_out_links_to_absent_documents_nested_or_not(tmp_path):
    """A link to a document the checkout lacks is left out of what the original showed, as is one nested in it
    (a page wrote `<a href="cv.pdf">… <a href="slides.pdf">…</a></a>`): the benchmark stopped on such a page."""
    bench = load_bench("import_fidelity")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "here.pdf").write_bytes(b"%PDF")
    html = (
        '<p><a href="/files/gone.pdf">CV <a href="/files/also-gone.pdf">slides</a></a> '
        '<a href="/files/here.pdf">paper</a> <a href="https://example.org/remote.pdf">remote</a></p>'
    )
    kept = bench.without_links_to_absent_files(html, tmp_path)
    assert "gone.pdf" not in kept and "slides" not in kept
    assert "/files/here.pdf" in kept and "https://example.org/remote.pdf" in kept
