"""One person under two spellings of a first name is one person across the corpus; different people stay apart."""

import pytest

from components.aliases import person_variants, same_first_name


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Bernie", "Bernard", True),  # a nickname
    ("Bob", "Robert", True),
    ("Eliot", "Elliot", True),  # a letter doubled
    ("Phillip", "Philip", True),
    ("Bill", "Will", False),  # two nicknames of William: two people as likely as one
    ("John", "Joan", False),
    ("J.", "John", False),  # an initial says too little across a corpus
    ("Anil", "Mukesh", False),
])
def test_same_first_name(a, b, same):
    assert same_first_name(a, b) is same


def test_variants_map_to_the_most_frequent_name():
    counts = {"Bernard Ebbers": 12, "Bernie Ebbers": 5, "Eliot Spitzer": 4, "Elliot Spitzer": 2,
              "Anil Ambani": 9, "Mukesh Ambani": 3, "Gordon Brown": 20}
    assert person_variants(counts) == {"Bernie Ebbers": "Bernard Ebbers", "Elliot Spitzer": "Eliot Spitzer"}
