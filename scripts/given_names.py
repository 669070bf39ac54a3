"""Write the two given-name lists of `components/lexicon/` from nomquamgender's name data (Van Buskirk et al., MIT
licence; 36 national and international sources), which counts far more bearers than gender-guesser's list:

- `given_names_more.txt`: given names gender-guesser does not know, with the gender they are given almost always;
- `given_names_disputed.txt`: names gender-guesser gives one gender (wholly or mostly) that as many or more of the
  larger count's bearers have the other gender ("Daniele", "Iman", "Bernie"), which therefore tell no gender.

    pip install nomquamgender==0.1.4 unidecode && python scripts/given_names.py

A name is read when at least MIN_SOURCES sources and MIN_COUNT people bear it, so that a name read in few records
changes nothing; a name shared by the genders ("Kim", "Jean") stays unknown. A compound given name counts as one
name ("Hans-Werner", "Marie-Claire": gender-guesser knows only some of them), one of three or more parts does not.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from components.names import MALE_ANSWERS, guesser_answer

MIN_SOURCES = 3
MIN_COUNT = 50
DECISIVE = 0.05  # P(female) at most this, or at least 1 - this
LEXICON = Path(__file__).resolve().parents[1] / "components" / "lexicon"
SOURCE = "nomquamgender 0.1.4's name data (Ian Van Buskirk et al., MIT licence) by"


def main() -> None:
    data = json.loads(resources.files("nomquamgender").joinpath("name_data.json").read_text(encoding="utf-8"))
    more, disputed = [], []
    for name, (sources, count, p_female, *_) in sorted(data.items()):
        if not is_name(name) or sources < MIN_SOURCES or count < MIN_COUNT:
            continue
        answer = guesser_answer(name)
        gender = "f" if p_female >= 1 - DECISIVE else "m" if p_female <= DECISIVE else ""
        if gender and answer == "unknown":
            more.append(f"{name} {gender}")
        elif answer in MALE_ANSWERS and p_female >= 0.5 or answer in ("female", "mostly_female") and p_female <= 0.5:
            disputed.append(name)
    criteria = f"scripts/given_names.py: {MIN_SOURCES}+ sources, {MIN_COUNT}+ bearers"
    write("given_names_more.txt", more, [
        "# Given names gender-guesser does not know, with the gender nearly all their bearers have: 'name f|m'.",
        f"# Derived from {SOURCE}", f"# {criteria}, P(female) <= {DECISIVE} or >= {1 - DECISIVE}."])
    write("given_names_disputed.txt", disputed, [
        "# Given names gender-guesser gives one gender that as many or more of nomquamgender's bearers have the other:",
        "# they tell no gender. Derived from " + SOURCE,
        f"# {criteria}, P(female) >= 0.5 for a male answer of gender-guesser, <= 0.5 for a female one."])


def is_name(name: str) -> bool:
    """A plain given name, or a compound of two ("jean-philippe")."""
    return name.isascii() and name.count("-") <= 1 and all(part.isalpha() for part in name.split("-"))


def write(file: str, names: list[str], header: list[str]) -> None:
    (LEXICON / file).write_text("\n".join(header + names) + "\n", encoding="utf-8")
    print(f"{len(names):,} names -> {LEXICON / file}")


if __name__ == "__main__":
    main()
