"""The README's layout names every package and every module of the shared and serving layers."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPELLED_OUT = ("core", "serving", "operations", "bench")  # packages whose every module the layout names


def layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```\n(.*?)```", section, re.DOTALL).group(1)


def own_lines(block: str, package: str) -> str:
    """The lines of ``block`` about ``package``: its own, and the indented ones after it."""
    return re.search(rf"^{package}/.*?(?=^\S|\Z)", block, re.MULTILINE | re.DOTALL).group(0)


def test_the_layout_names_every_package_and_the_modules_of_the_shared_layers():
    block = layout_block()
    listed = set(re.findall(r"^(\w+)/", block, re.MULTILINE))
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} | {"bench", "templates", "static", "tests"}
    assert packages - listed == set(), "packages the layout does not name"
    missing = []
    for package in SPELLED_OUT:
        for path in sorted((ROOT / package).iterdir()):
            name = path.stem if path.suffix == ".py" else path.name
            module = path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists())
            if not module or name.startswith("_") or name in ("apps", "management"):
                continue
            written = rf"{re.escape(name)}\.py\b" if path.suffix == ".py" else rf"\b{re.escape(name)}/"
            if not re.search(written, own_lines(block, package)):
                missing.append(f"{package}/{path.name}")
    assert missing == []
