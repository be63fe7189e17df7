"""Each paper's box and citation as rendered HTML, made once per change of the paper (serving/fragments.py).

A homepage of 500 papers costs a few rows per paper to list and a fragment lookup each; only a
paper that changed since its fragment was made is read in full and rendered again. A fragment's
key names the paper, the moment its row last changed (every publish, import or move saves it:
:attr:`PublicationPage.changed_at`), its address, the form, and the fragment generation, which
anything else a fragment shows (images, metrics, the profile, the site) renews.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.renditions import PAPER_BOX, prefetch_renditions
from publications.models import PublicationPage
from serving import fragments

# What changes no fragment, or changes one only through the paper's own row (a paper's authors, links,
# badges and tags are saved with it): saving these keeps the fragment generation.
NEUTRAL = (
    "publications.publicationpage",
    "publications.publicationauthor",
    "publications.publicationlink",
    "publications.publicationlisting",
    "publications.artifactbadge",
    "publications.publicationtag",
    "publications.publicationindexpage",
    "homepage.homepage",
    "news.newsindexpage",
    "news.newsitem",
    "profile_site.educationentry",
    "profile_site.awardentry",
    "profile_site.talkentry",
    "profile_site.experienceentry",
)


@dataclass(frozen=True, slots=True)
class Listed:
    """A paper as a listing first reads it: enough to place it and to name its fragment."""

    pk: int
    featured: bool
    group: str
    changed_at: datetime.datetime | None
    url_path: str

    FIELDS = ("pk", "featured", "group", "changed_at", "url_path")


@dataclass(frozen=True, slots=True)
class Fragment:
    html: SafeString
    markers: dict[str, bool]

    def __str__(self) -> str:
        return self.html

    def __html__(self) -> str:
        return self.html


def listed(queryset) -> list[Listed]:
    """The papers of ``queryset`` in its order, one light row each."""
    return [Listed(*row) for row in queryset.values_list(*Listed.FIELDS)]


def fragment_key(paper: Listed, form: str, generation: str) -> str:
    named = f"{paper.pk}|{paper.changed_at.isoformat() if paper.changed_at else ''}|{paper.url_path}"
    return f"paper:{form}:{generation}:{hashlib.sha256(named.encode()).hexdigest()[:32]}"


class _Batch:
    """Stands in for the request while fragments are rendered (they show nothing of the request, which is not in
    their key): the metrics tags keep their one lookup for all the papers on it."""


def rendered(papers: list[Listed], form_of: Callable[[Listed], str]) -> list[tuple[Listed, Fragment]]:
    """Each paper with its fragment in the form ``form_of`` picks for it, from memory where it was made before
    (a paper unpublished since it was listed is left out)."""
    generation = fragments.current_generation()
    keys = [fragment_key(paper, form_of(paper), generation) for paper in papers]
    found: dict[str, Fragment] = fragments.get_many(keys)  # type: ignore[assignment]  # only Fragments are put
    missing = {paper.pk: (paper, key) for paper, key in zip(papers, keys, strict=True) if key not in found}
    if missing:
        full = (
            PublicationPage.objects.filter(pk__in=missing)
            .for_listing()
            .prefetch_related(prefetch_renditions("teaser_image", PAPER_BOX))
        )
        batch = _Batch()
        for publication in full:
            paper, key = missing[publication.pk]
            html = render_to_string(
                PublicationPage.FORM_TEMPLATES[form_of(paper)], {"publication": publication, "request": batch}
            )
            found[key] = Fragment(mark_safe(html), publication.markers)  # noqa: S308 - a template's output
            fragments.put(key, found[key])
    return [(paper, found[key]) for paper, key in zip(papers, keys, strict=True) if key in found]
