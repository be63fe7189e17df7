"""The one registry of profile link kinds: label, icon, and how to build the URL.

The owner types either a full URL or just the identifier the service uses
(a GitHub username, an ORCID iD, a Scholar user id); :func:`profile_url`
turns either into the link a visitor follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from core.validators import WEB_SCHEMES, link_scheme


@dataclass(frozen=True)
class LinkKind:
    key: str
    label: str
    icon: str  # file name under static/icons/, without ".svg"
    url_pattern: str = "{}"  # where "{}" is the identifier
    placeholder: str = ""


LINK_KINDS: dict[str, LinkKind] = {
    kind.key: kind
    for kind in [
        LinkKind("google_scholar", "Google Scholar", "googlescholar",
                 "https://scholar.google.com/citations?user={}", "Scholar user id, e.g. 0aDsRecAAAAJ"),
        LinkKind("orcid", "ORCID", "orcid", "https://orcid.org/{}", "0000-0002-1825-0097"),
        LinkKind("dblp", "DBLP", "dblp", "https://dblp.org/pid/{}.html", "DBLP pid, e.g. 123/4567"),
        LinkKind("semantic_scholar", "Semantic Scholar", "semanticscholar",
                 "https://www.semanticscholar.org/author/{}", "author id"),
        LinkKind("github", "GitHub", "github", "https://github.com/{}", "username"),
        LinkKind("gitlab", "GitLab", "gitlab", "https://gitlab.com/{}", "username"),
        LinkKind("huggingface", "Hugging Face", "huggingface", "https://huggingface.co/{}", "username"),
        LinkKind("linkedin", "LinkedIn", "linkedin", "https://www.linkedin.com/in/{}", "profile name"),
        LinkKind("twitter", "X (Twitter)", "x", "https://x.com/{}", "handle without @"),
        LinkKind("bluesky", "Bluesky", "bluesky", "https://bsky.app/profile/{}", "handle.bsky.social"),
        LinkKind("mastodon", "Mastodon", "mastodon", "{}", "full profile URL"),
        LinkKind("researchgate", "ResearchGate", "researchgate",
                 "https://www.researchgate.net/profile/{}", "profile name"),
        LinkKind("zhihu", "Zhihu", "zhihu", "https://www.zhihu.com/people/{}", "user id"),
        LinkKind("weibo", "Weibo", "weibo", "https://weibo.com/{}", "user id"),
        LinkKind("pubmed", "PubMed", "pubmed", "{}", "search URL"),
        LinkKind("stackoverflow", "Stack Overflow", "stackoverflow",
                 "https://stackoverflow.com/users/{}", "user id/name"),
        LinkKind("youtube", "YouTube", "youtube", "https://www.youtube.com/@{}", "channel handle"),
        LinkKind("wikipedia", "Wikipedia", "wikipedia", "https://en.wikipedia.org/wiki/{}", "article"),
        LinkKind("cv", "CV", "file", "{}", "URL of your CV"),
        LinkKind("website", "Website", "link", "{}", "https://…"),
    ]
}  # fmt: skip

LINK_KIND_CHOICES = [(kind.key, kind.label) for kind in LINK_KINDS.values()]

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def profile_url(kind: str, value: str) -> str:
    """The URL for a profile link, whether the owner gave a URL or an identifier; "" if it is no web address."""
    value = value.strip()
    if not value or _SCHEME.match(value):
        url = value
    else:
        identifier = value.lstrip("@") if kind in {"github", "twitter", "youtube"} else value
        url = LINK_KINDS[kind].url_pattern.format(identifier)
    return url if link_scheme(url) in WEB_SCHEMES else ""


def scholar_user_id(value: str) -> str:
    """The Scholar user id from either the id itself or a citations URL."""
    value = value.strip()
    if _SCHEME.match(value):
        return parse_qs(urlparse(value).query).get("user", [""])[0]
    return value
