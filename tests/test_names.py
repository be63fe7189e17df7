"""The owner is recognised in author lists however papers print the name."""

import pytest

from core.names import names_match, split_name
from profile_site.models import ProfileSettings


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Zhuoshi Pan", "Z. Pan", True),
        ("Zhuoshi Pan", "Pan, Zhuoshi", True),
        ("Zhuoshi Pan", "Pan Zhuoshi", True),
        ("Zhuoshi Pan", "ZHUOSHI PAN", True),
        ("Victor Rühle", "Victor Ruhle", True),
        ("H. Vicky Zhao", "H Vicky Zhao", True),
        ("Chin-Yew Lin", "Chinyew Lin", True),
        ("Chin-Yew Lin", "C.-Y. Lin", True),
        ("盘卓实", "盘卓实", True),
        ("Zhuoshi Pan", "Zhen Pan", False),
        ("H. Vicky Zhao", "Vicky Zhao", False),
        ("Qianhui Wu", "Wei Wu", False),
        ("Pan", "Zhuoshi Pan", False),
    ],
)
def test_names_match(first, second, same):
    assert names_match(first, second) is same
    assert names_match(second, first) is same


def test_profile_recognises_its_variants():
    profile = ProfileSettings(name="Zhuoshi Pan", native_name="盘卓实", name_variants="Z. Pan\n\nPan, Z.\n")
    assert profile.owner_names == ["Zhuoshi Pan", "盘卓实", "Z. Pan", "Pan, Z."]
    assert profile.is_owner("PAN Zhuoshi") and profile.is_owner("盘卓实") and profile.is_owner("Z Pan")
    assert not profile.is_owner("Qianhui Wu")


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Zhuoshi Pan", ("Zhuoshi", "Pan")),
        ("Ludwig van Beethoven", ("Ludwig", "van Beethoven")),
        ("MiniMax Team", ("", "MiniMax Team")),  # a group signing as one author: one name, never "Team, MiniMax"
        ("The ATLAS Collaboration", ("", "The ATLAS Collaboration")),
        ("Gene Ontology Consortium", ("", "Gene Ontology Consortium")),
    ],
)
def test_a_name_splits_into_given_and_family_names_and_a_group_stays_whole(name, parts):
    assert split_name(name) == parts
