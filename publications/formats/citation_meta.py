"""What crawlers and reference managers read from a publication's page.

Google Scholar indexes Highwire ``citation_*`` meta tags; search engines read
schema.org JSON-LD; Zotero's browser connector picks up a COinS span. All
three are built here from the same record, so they can never disagree.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.dates import Precision


def scholar_date(page) -> str:
    """``2024/08/01``, ``2024/08`` or ``2024``: Scholar's format, only as precise as the record."""
    if page.date is None:
        return ""
    if page.date_precision == Precision.YEAR:
        return f"{page.date.year}"
    if page.date_precision == Precision.MONTH:
        return f"{page.date.year}/{page.date.month:02d}"
    return page.date.strftime("%Y/%m/%d")


def is_journal(page) -> bool:
    return page.publication_type == "journal"


def hosted_pdf_url(page, site_root: str) -> str:
    """A PDF served by this site (Scholar only trusts ``citation_pdf_url`` on the same host): a PDF document
    a paper or PDF link leads to, or a PDF link to an address of this site."""
    for link in page.link_list:
        document = link.document if link.document_id else None
        if document is not None and link.kind in ("paper", "pdf") and document.file.name.lower().endswith(".pdf"):
            return link.full_href(site_root)
        if link.kind == "pdf" and site_root and link.url.startswith(site_root):
            return link.url
    return ""


def highwire_tags(page, site_root: str) -> list[tuple[str, str]]:
    """The ``citation_*`` meta tags Google Scholar's inclusion guidelines ask for, in order."""
    tags = [("citation_title", page.title)]
    tags += [("citation_author", author.name) for author in page.authors.all()]
    if date := scholar_date(page):
        tags.append(("citation_publication_date", date))
    venue = page.venue or page.venue_short
    if venue:
        tags.append(("citation_journal_title" if is_journal(page) else "citation_conference_title", venue))
    if pdf := hosted_pdf_url(page, site_root):
        tags.append(("citation_pdf_url", pdf))
    if page.doi:
        tags.append(("citation_doi", page.doi))
    if page.arxiv_id:
        tags.append(("citation_arxiv_id", page.arxiv_id))
    tags.append(("citation_abstract_html_url", page.full_url or ""))
    return [(name, value) for name, value in tags if value]


def scholarly_article(page, image_url: str = "") -> dict[str, Any]:
    """schema.org ScholarlyArticle for the page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": page.title[:110],
        "name": page.title,
        "url": page.full_url,
        "author": [
            {"@type": "Person", "name": author.name, **({"url": author.url} if author.url else {})}
            for author in page.authors.all()
        ],
    }
    if page.date:
        data["datePublished"] = page.date_iso
    if venue := page.venue or page.venue_short:
        data["isPartOf"] = {"@type": "Periodical" if is_journal(page) else "PublicationEvent", "name": venue}
    if page.abstract:
        data["abstract"] = page.abstract
    if image_url:
        data["image"] = image_url
    identifiers = []
    same_as = []
    if page.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": page.doi})
        same_as.append(f"https://doi.org/{page.doi}")
    if page.arxiv_id:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": page.arxiv_id})
        same_as.append(f"https://arxiv.org/abs/{page.arxiv_id}")
    if identifiers:
        data["identifier"] = identifiers
        data["sameAs"] = same_as
    if tags := [tag.name for tag in page.tags.all()]:
        data["keywords"] = tags
    return data


def coins_title(page) -> str:
    """The OpenURL ContextObject Zotero's connector reads from a ``span.Z3988``."""
    journal = is_journal(page)
    fields: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
        ("rft.genre", "article" if journal else "proceeding"),
        ("rft.atitle", page.title),
    ]
    venue = page.venue or page.venue_short
    if venue:
        fields.append(("rft.jtitle" if journal else "rft.btitle", venue))
    if page.date:
        fields.append(("rft.date", page.date_iso))
    fields += [("rft.au", author.name) for author in page.authors.all()]
    if page.doi:
        fields.append(("rft_id", f"info:doi/{page.doi}"))
    if page.arxiv_id:
        fields.append(("rft_id", f"info:arxiv/{page.arxiv_id}"))
    if page.full_url:
        fields.append(("rft_id", page.full_url))
    return urlencode(fields)


def meta_tags_html(page, site_root: str) -> SafeString:
    return format_html_join("\n", '<meta name="{}" content="{}">', highwire_tags(page, site_root))


def coins_html(page) -> SafeString:
    return format_html('<span class="Z3988" title="{}"></span>', coins_title(page))


def cite_as(page) -> str:
    """A readable reference: "A, B and C (2024). Title. Venue. https://doi.org/…", with "et al." where the
    page leaves names out ("A, et al., C", "A, B, et al.")."""
    listed = list(page.authors.all())
    names = [f"et al., {author.name}" if author.others_before else author.name for author in listed]
    if page.more_authors and names:
        authors = ", ".join(names) + ", et al."
    elif len(names) == 1 or (listed and listed[-1].others_before):
        authors = ", ".join(names)
    else:
        authors = ", ".join(names[:-1]) + (f" and {names[-1]}" if names else "")
    parts = [f"{authors} ({page.date.year})." if page.date else f"{authors}."]
    parts.append(f"{page.title.rstrip('.')}.")
    if venue := page.venue or page.venue_short:
        parts.append(f"{'' if is_journal(page) else 'In '}{venue}.")
    if page.doi:
        parts.append(f"https://doi.org/{page.doi}")
    elif page.arxiv_id:
        parts.append(f"arXiv:{page.arxiv_id}")
    return " ".join(part for part in parts if part.strip(". "))
