"""Is this author the owner? Names as papers print them: initials, either order, accents or not.

"Zhuoshi Pan", "Z. Pan", "Pan, Zhuoshi", "Pan Zhuoshi" and "ZHUOSHI PAN" are one
person; "Zhen Pan" is not, unless the owner listed "Z. Pan" as a variant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[\s.\-‐‑‒–—]+")


def name_tokens(name: str) -> list[str]:
    """Lowercase tokens without accents, given names first ("Pan, Zhuoshi" → ["zhuoshi", "pan"])."""
    name = unicodedata.normalize("NFKC", name).strip()
    if "," in name:
        family, _, given = name.partition(",")
        name = f"{given} {family}"
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [token for token in _SEPARATORS.split(plain) if token]


def _given_names_match(a: list[str], b: list[str]) -> bool:
    """Given names pair up in order: equal, or one is the other's initial."""
    if len(a) != len(b):
        joined_a, joined_b = "".join(a), "".join(b)
        return joined_a == joined_b  # "Chin-Yew" written "Chinyew"
    return all(x == y or _is_initial(x, y) or _is_initial(y, x) for x, y in zip(a, b, strict=True))


def _is_initial(short: str, full: str) -> bool:
    return len(short) == 1 and full.startswith(short)


def names_match(first: str, second: str) -> bool:
    a, b = name_tokens(first), name_tokens(second)
    if not a or not b:
        return False
    if sorted(a) == sorted(b):
        return True  # same words, any order ("Pan Zhuoshi")
    for family in set(a) & set(b):
        if len(family) < 2:
            continue
        rest_a = [token for token in a if token != family]
        rest_b = [token for token in b if token != family]
        if rest_a and rest_b and _given_names_match(rest_a, rest_b):
            return True
    return False


def is_owner_name(name: str, owner_names: Iterable[str]) -> bool:
    """Whether an author's name is one of the owner's names."""
    return any(names_match(name, owner) for owner in owner_names if owner)


NAME_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "du", "dos", "das"}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# A group signing as one author, as large technical reports do ("MiniMax Team", "The ATLAS Collaboration").
COLLECTIVE_NAME = re.compile(r"(?:the\s+)?[\w.&'-]+(?:\s[\w.&'-]+){0,4}\s(?:team|consortium|collaboration)", re.I)


def is_collective_name(name: str) -> bool:
    """A group's name, written whole: never split into given and family names."""
    return bool(COLLECTIVE_NAME.fullmatch(" ".join(name.split()).rstrip(".")))


def split_name(name: str) -> tuple[str, str]:
    """("Zhuoshi", "Pan") from "Zhuoshi Pan" or "Pan, Zhuoshi"; ("", "盘卓实") for a single token, ("", "Qwen Team")
    for a group.

    Lowercase particles stay with the family name ("Ludwig van Beethoven" → "van Beethoven").
    """
    name = " ".join(name.split())
    if is_collective_name(name):
        return "", name
    if "," in name:
        family_name, _, given = name.partition(",")
        return given.strip(), family_name.strip()
    tokens = name.split()
    if len(tokens) < 2:
        return "", name
    suffix = [tokens.pop()] if tokens[-1].lower() in NAME_SUFFIXES and len(tokens) > 2 else []
    family = [tokens.pop()]
    while len(tokens) > 1 and tokens[-1] in NAME_PARTICLES:
        family.insert(0, tokens.pop())
    return " ".join(tokens), " ".join(family + suffix)


def normalise_name(name: str) -> str:
    """Names compared without case, accents or extra spaces: "Victor Ruhle" is "Victor Rühle"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())
