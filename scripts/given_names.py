"""Write `components/lexicon/given_names_more.txt`: given names gender-guesser does not know, with the gender they
are given almost always, from nomquamgender's name data (Van Buskirk et al., MIT licence; 36 national and
international sources).

    pip install nomquamgender==0.1.4 unidecode && python scripts/given_names.py

A name is kept when at least MIN_SOURCES sources and MIN_COUNT people bear it, nearly all of one gender, so that a name
shared by the genders ("Kim", "Jean") or read in few records stays unknown.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from components.names import given_name_answer

MIN_SOURCES = 3
MIN_COUNT = 50
DECISIVE = 0.05  # P(female) at most this, or at least 1 - this
OUT = Path(__file__).resolve().parents[1] / "components" / "lexicon" / "given_names_more.txt"


def main() -> None:
    data = json.loads(resources.files("nomquamgender").joinpath("name_data.json").read_text(encoding="utf-8"))
    kept = []
    for name, (sources, count, p_female, *_) in sorted(data.items()):
        if not (name.isascii() and name.isalpha()) or sources < MIN_SOURCES or count < MIN_COUNT:
            continue
        gender = "f" if p_female >= 1 - DECISIVE else "m" if p_female <= DECISIVE else ""
        if gender and given_name_answer(name) == "unknown":
            kept.append(f"{name} {gender}")
    header = ["# Given names gender-guesser does not know, with the gender nearly all their bearers have: 'name f|m'.",
              "# Derived from nomquamgender 0.1.4's name data (Ian Van Buskirk et al., MIT licence) by",
              f"# scripts/given_names.py: {MIN_SOURCES}+ sources, {MIN_COUNT}+ bearers, P(female) <= {DECISIVE} or "
              f">= {1 - DECISIVE}."]
    OUT.write_text("\n".join(header + kept) + "\n", encoding="utf-8")
    print(f"{len(kept):,} names -> {OUT}")


if __name__ == "__main__":
    main()
