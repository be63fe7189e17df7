"""Section anchors that match AcadHomepage's, so old deep links keep working."""

import unicodedata


def section_anchor(title: str) -> str:
    """AcadHomepage's (GitHub-style) heading id: "🔥 News" becomes ``-news``.

    Lowercase; everything but letters, digits, spaces, hyphens and underscores
    dropped (emoji and punctuation included); each space becomes a hyphen.
    """
    text = unicodedata.normalize("NFKC", title).strip().lower()
    kept = (ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return "".join(kept).replace(" ", "-")
