"""Every address the site answers for anyone, whether or not a page links to it.

The static export writes a file for each of them; the page cache asks a CDN
in front to forget each of them after a change.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

# AcadHomepage's addresses of the about page, which profile_site/urls.py redirects to "/".
ACADHOMEPAGE_ADDRESSES = ("/about/", "/about.html")


def public_paths(site: Site) -> list[str]:
    """The addresses the site answers for anyone: its live pages, the news, the feeds, the sitemap, the CV
    (page, PDF, JSON Resume), the publication downloads and the metrics endpoints, linked to or not."""
    from metrics.models import Metric
    from metrics.views import BADGE_KINDS
    from publications.models import PublicationPage
    from publications.views import EXPORT_FORMATS

    pages = site.root_page.get_descendants(inclusive=True).live().public().specific()
    paths = [url for page in pages if (url := page.get_url(current_site=site)) and url.startswith("/")]
    paths += [subpath for page in pages for subpath in getattr(page, "public_subpaths", list)()]  # /news/feed/
    paths += [reverse(name) for name in ("sitemap", "robots_txt", "favicon")]
    paths += [reverse(name) for name in ("cv", "cv_pdf", "cv_pdf_a4", "cv_pdf_letter", "cv_json")]
    paths += [
        reverse(name)
        for name in (
            "metrics_citations_json",
            "metrics_h_index_json",
            "metrics_i10_index_json",
            "metrics_citations_badge",
        )
    ]
    paths += ACADHOMEPAGE_ADDRESSES
    # Old addresses of pages whose slug changed, so that a static copy redirects them as the site does.
    paths += [f"{redirect.old_path}/" for redirect in Redirect.get_for_site(site).exclude(redirect_page=None)]
    publications = PublicationPage.objects.live().public().descendant_of(site.root_page).order_by("path")
    slugs = list(dict.fromkeys(publications.values_list("slug", flat=True)))
    for fmt in EXPORT_FORMATS:
        paths.append(reverse("publications_export", kwargs={"fmt": fmt}))
        paths += [reverse("publication_export", kwargs={"slug": slug, "fmt": fmt}) for slug in slugs]
    badge_metric_kinds = {kind for kind, _, _ in BADGE_KINDS.values()}
    for metric in Metric.objects.filter(kind__in=badge_metric_kinds).order_by("kind", "subject"):
        badge_kind, _, identifier = metric.subject.partition(":")
        if badge_kind in BADGE_KINDS and BADGE_KINDS[badge_kind][0] == metric.kind and metric.shown_value is not None:
            try:
                paths.append(
                    reverse("metrics_artifact_badge", kwargs={"badge_kind": badge_kind, "identifier": identifier})
                )
            except NoReverseMatch:  # an identifier the badge URL cannot carry has no badge on the live site either
                continue
    return paths
