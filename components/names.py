"""Given names and their usual gender, from gender-guesser's offline name list (loaded once, on first use)."""

from __future__ import annotations

from functools import lru_cache

MALE_ANSWERS = frozenset({"male", "mostly_male"})
FEMALE_ANSWERS = frozenset({"female", "mostly_female"})


@lru_cache(maxsize=1)
def _detector():
    """gender-guesser's detector, or None when the package is missing (the rules that use it then stay silent)."""
    try:
        import gender_guesser.detector as detector
    except ImportError:
        return None
    return detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def given_name_answer(word: str) -> str:
    """gender-guesser's answer for a first name: male, mostly_male, andy, mostly_female, female or unknown."""
    detector = _detector()
    if detector is None or not word[:1].isalpha():
        return "unknown"
    return detector.get_gender(word.strip(".").capitalize())


def is_given_name(word: str) -> bool:
    """Whether `word` is a known first name ("Karen", "Tomas"), whatever its gender."""
    return given_name_answer(word) != "unknown"


def name_gender(name: str, *, strict: bool = False) -> str:
    """"m" or "f" from the first word of a name ("Karen Wang" -> "f", "Demi" -> "f"); "" when unknown or unisex."""
    words = name.split()
    if not words:
        return ""
    answer = given_name_answer(words[0])
    if strict:
        return "m" if answer == "male" else "f" if answer == "female" else ""
    return "m" if answer in MALE_ANSWERS else "f" if answer in FEMALE_ANSWERS else ""
