"""Reading hostile BibTeX: does every 1 MB file cost less than 2 s and 200 MB?

    .venv/bin/python bench/bibtex_bounds.py [--keep DIR] [--only NAME ...]

Writes a set of ``.bib`` files of about 1 MB each: a realistic one (many
ordinary entries with accents, @strings and abstracts) and one per hostile
family (nested accents, accent chains, deep braces, deep macros, @string
joins, unclosed braces, hundreds of thousands of blocks, a slip in every
entry, ...). Each file is read with
``publications.formats.bibtex.parse_bibtex`` in a fresh child process (no Django
setup, no database), which reports its wall and CPU seconds and its peak
memory (``ru_maxrss``, the interpreter and its imports included). The child
runs under a 2 GB address-space limit and a 60 s timeout, so a regression
fails here instead of taking the machine down.

A file is *read* (entries came out) or *refused* (``BibtexError``, as the
admin's form and ``import_bibtex`` report it); either is fine, slowly is not.
The time target is judged on CPU seconds, which other work on the machine does
not inflate; wall seconds are printed beside them. Exit status 1 when any file
goes over a target. Results also go to bench/results/bibtex_bounds.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))

from publications.formats.bibtex import MAX_BLOCKS  # noqa: E402  (the parser itself is only run in the child)

RESULTS = BENCH_DIR / "results" / "bibtex_bounds.json"
SIZE = 1_000_000  # bytes per file, about
SECONDS = 2.0
MEGABYTES = 200
CHILD_MEMORY_LIMIT = 2 * 1024**3
CHILD_TIMEOUT = 60

# Run in the child: parse one file, print what it cost as JSON.
CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from publications.formats.bibtex import BibtexError, parse_bibtex

    text = open(sys.argv[1], encoding="utf-8").read()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = f"read: {len(parse_bibtex(text)):,} entries"
    except BibtexError as error:
        outcome = f"refused: {error.problems[0][:60]}"
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak, "outcome": outcome}))
    """
)

NAMES = [
    'M{\\"u}ller, J{\\"u}rgen',
    "Jos{\\'e} de la Cruz",
    "van Dijk, Anna",
    'Quill, Zo{\\"e}',
    "Ortega, Ana",
    "Dvo{\\v{r}}{\\'a}k, Anton{\\'\\i}n",
    "Erd{\\H{o}}s, P{\\'a}l",
    "{\\L}ukasiewicz, Jan",
]
ABSTRACT = (
    "We make models 20% faster with $O(n)$ attention over caf{\\'e} queues, against na{\\\"\\i}ve "
    "baselines -- and ``fair'' ones~\\cite{x}. Our {\\em sparse} method keeps {BERT}'s accuracy."
)


def fill(piece: Callable[[int], str], size: int = SIZE) -> str:
    """``piece(0) + piece(1) + ...`` until the text is ``size`` bytes long."""
    parts, length, number = [], 0, 0
    while length < size:
        part = piece(number)
        parts.append(part)
        length += len(part.encode())
        number += 1
    return "".join(parts)


def entry(number: int, title: str, extra: str = "", author: str = 'Quill, Zo{\\"e}') -> str:
    return f"@article{{k{number}, title = {{{title}}}, author = {{{author}}}, year = {{2024}}{extra}}}\n"


def realistic(number: int) -> str:
    rng = random.Random(number)
    authors = " and ".join(rng.sample(NAMES, 4))
    return textwrap.dedent(
        f"""\
        @inproceedings{{quill{number},
          title = {{{{BERT}} and {{\\"u}}ber Na\\"ive {{\\'E}}t{{\\'e}}s, Part {number}: 50\\% {{\\&}} More}},
          author = {{{authors}}},
          booktitle = ilp,
          year = {{2024}},
          month = mar,
          doi = {{10.1234/ilp.2024.{number}}},
          url = {{https://example.org/papers/{number}}},
          abstract = {{{ABSTRACT}}},
        }}

        """
    )


def nested(opening: str, middle: str, closing: str, depth: int) -> str:
    return opening * depth + middle + closing * depth


def padded(piece: Callable[[int], str], width: int = 110) -> Callable[[int], str]:
    """``piece``, its line padded with spaces to ``width`` bytes: 1 MB of such pieces is fewer blocks than
    a file may hold, so the file measures what the pieces do rather than being refused for their number."""
    return lambda number: piece(number).rstrip("\n").ljust(width - 1) + "\n"


def at_the_limit(piece: Callable[[int], str]) -> str:
    """As many blocks as a file may hold, each ``piece(n)`` (about 100 bytes, so 1 MB in all)."""
    return "".join(piece(number) for number in range(MAX_BLOCKS))


def run_together(number: int) -> str:
    """An entry of fields without a comma between them, each one read again once its comma is put in."""
    return "@misc{k" + str(number) + ", " + " ".join(f"f{field} = {{x}}" for field in range(14)) + "}\n"


FAMILIES: dict[str, Callable[[], str]] = {
    "realistic": lambda: '@string{ilp = "Proceedings of Imaginary Language Processing"}\n' + fill(realistic),
    "nested-accents-200": lambda: fill(lambda n: entry(n, nested('{\\"{', "u", "}}", 200))),
    "nested-accents-one-value": lambda: entry(0, nested('{\\"{', "u", "}}", SIZE // 6)),
    "accent-chains": lambda: fill(lambda n: entry(n, '\\"' * 2000 + "u")),
    "mixed-accents": lambda: fill(lambda n: entry(n, nested('\\v{\\c{\\"{', "u", "}}}", 100))),
    "deep-braces": lambda: fill(lambda n: entry(n, nested("{", "Deep", "}", 5000))),
    "deep-macros": lambda: fill(lambda n: entry(n, nested("\\textbf{", "Deep", "}", 3000))),
    "deep-macros-no-braces": lambda: fill(lambda n: entry(n, "\\textbf\\emph" * 3000 + " Deep")),
    "deep-environments": lambda: fill(lambda n: entry(n, nested("\\begin{itemize}", "Deep", "\\end{itemize}", 2000))),
    "long-author-list": lambda: entry(0, "Many", author=" and ".join(NAMES * (SIZE // 200))),
    "one-long-name": lambda: entry(0, "Name", author="Jean-" * (SIZE // 5) + "Quill"),
    "one-long-title": lambda: entry(0, "Long-" * (SIZE // 5)),
    "one-open-formula": lambda: entry(0, "$" + "x^2 " * (SIZE // 4)),
    "many-fields": lambda: "@misc{k, title = {Fields},\n" + fill(lambda n: f"  field{n} = {{x}},\n") + "}\n",
    "string-joins": lambda: (
        f"@string{{big = {{{'x' * 100_000}}}}}\n"
        + fill(lambda n: entry(n, "T").replace("{T}", " # ".join(["big"] * 20)))
    ),
    "string-references": lambda: (
        "@string{big = {"
        + '{\\"u}' * 20_000
        + "}}\n"
        + fill(padded(lambda n: f"@misc{{k{n}, title = big, booktitle = big, abstract = big, note = big}}"))
    ),
    "string-doubling": lambda: (
        "@string{s0 = {x}}\n"
        + fill(padded(lambda n: f"@string{{s{n + 1} = s{n} # s{n}}}"), SIZE - 100)
        + "@article{key, title = s5000, year = {2024}}\n"
    ),
    "string-expansion-at-budget": lambda: (
        "@string{big = {"
        + '{\\"u}' * 50_000
        + "}}\n"
        + "".join(entry(n, nested('{\\"{', "u", "}}", 200)) for n in range(600))
        + "".join(f"@misc{{k{n}, title = big}}\n" for n in range(8))
    ),
    "strings-and-repairs": lambda: (
        fill(padded(lambda n: f"@string{{s{n} = {{Proceedings number {n}}}}}"), SIZE // 2)
        + fill(padded(lambda n: f"@misc{{k{n}, title = {{T}} year = {{2020}}, booktitle = s{n}}}"), SIZE // 2)
    ),
    "unclosed-braces": lambda: "@article{key, title = {" + "{" * SIZE,
    "unclosed-entries": lambda: fill(padded(lambda n: f"@article{{k{n}, title = {{Never closed")),
    "percent-heavy": lambda: fill(lambda n: entry(n, "%" * 5000)),
    "dollar-heavy": lambda: fill(lambda n: entry(n, "$" * 4999 + "x")),
    "math-heavy": lambda: fill(lambda n: entry(n, "$x^2$ " * 1000)),
    "specials-heavy": lambda: fill(lambda n: entry(n, "~--``''&" * 500)),
    "comment-blocks": lambda: fill(lambda n: f"@comment{{@book{{old{n}, title={{Old}}}}}}\n") + entry(0, "Kept"),
    "many-tiny-entries": lambda: fill(lambda n: f"@misc{{k{n}, title={{T{n}}}}}\n"),
    "at-signs": lambda: "@" * SIZE,
    # Per-block work: a 1 MB file of hundreds of thousands of blocks, and files of as many as may be read.
    "open-blocks": lambda: "@a{" * (SIZE // 3),
    "empty-keys": lambda: fill(lambda n: "@misc{,title={T}}\n"),
    "repeated-field-everywhere": lambda: fill(lambda n: f"@misc{{k{n}, title={{T}}, title={{U}}}}\n"),
    "failed-blocks-at-the-limit": lambda: at_the_limit(lambda n: "@a{" + "x" * 96 + "\n"),
    "same-key-at-the-limit": lambda: at_the_limit(
        lambda n: "@misc{k, title={T}, author={A and B}, year={2020}, journal={J}, volume={1}, pages={1--2}}\n"
    ),
    "repeated-fields-at-the-limit": lambda: at_the_limit(
        lambda n: f"@misc{{k{n}, {', '.join(['title={T}'] * 7)}, year={{1}}}}\n"
    ),
    "strings-at-the-limit": lambda: at_the_limit(
        lambda n: f"@string{{s{n} = {{{'x' * 80}}}}}\n" if n < MAX_BLOCKS - 1 else entry(n, "T", ", note = s1")
    ),
    "authors-500-everywhere": lambda: fill(
        lambda n: entry(n, "T", author=" and ".join(f"Q{n}x{i}" for i in range(500)))
    ),
    # Missing commas: each entry is mended, then read again.
    "missing-commas": lambda: fill(run_together),
    "missing-commas-one-entry": lambda: "@misc{k, title={T}\n" + fill(lambda n: f" f{n}={{x}}\n") + "}\n",
}


def write_files(directory: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        path = directory / f"{name}.bib"
        path.write_text(FAMILIES[name](), encoding="utf-8")
        paths.append(path)
    return paths


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))


def measure(path: Path) -> dict:
    """One file read by ``parse_bibtex`` in a child of its own; what it cost."""
    try:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            preexec_fn=limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"wall": CHILD_TIMEOUT, "cpu": CHILD_TIMEOUT, "peak_mb": 0, "outcome": "killed: timeout"}
    if child.returncode != 0:
        reason = (child.stderr.strip().splitlines() or ["?"])[-1][:60]
        return {"wall": 0, "cpu": 0, "peak_mb": 0, "outcome": f"crashed: {reason}"}
    return json.loads(child.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the .bib files here and keep them")
    parser.add_argument("--only", nargs="+", choices=sorted(FAMILIES), help="these families only")
    args = parser.parse_args()
    names = args.only or list(FAMILIES)
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        paths = write_files(directory, names)
        rows, failed = [], False
        print(f"{'file':28} {'bytes':>10} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}  outcome")
        for path in paths:
            result = {"file": path.name, "bytes": path.stat().st_size, **measure(path)}
            over = (
                result["cpu"] >= SECONDS
                or result["peak_mb"] >= MEGABYTES
                or not result["outcome"].startswith(("read", "refused"))
            )
            failed |= over
            rows.append(result)
            print(
                f"{result['file']:28} {result['bytes']:>10,} {result['wall']:>7.2f} {result['cpu']:>7.2f} "
                f"{result['peak_mb']:>8.0f}  {result['outcome']}{'  << OVER TARGET' if over else ''}"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"\ntargets: under {SECONDS:g} s and {MEGABYTES} MB per file; {'FAILED' if failed else 'all met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
