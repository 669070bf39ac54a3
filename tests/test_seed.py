"""The seed article, end to end: ingest, then the exported tables say who, who said what, and where."""

import csv

import pytest

from components.cli import main

SEED_QUOTES = {
    "not indifferent as to which people": "Vladimir Putin",
    "We hope that these will be responsible politicians": "Vladimir Putin",
    "Thanks largely to your efforts": "Vladimir Putin",
    "Personal connection between us": "Benjamin Netanyahu",
    "This is a very important element": "Benjamin Netanyahu",
    "We see in the last month": "Benjamin Netanyahu",
    "We are not ready to accept this threat": "Benjamin Netanyahu",
    "direct contact with President Putin": "Benjamin Netanyahu",
    "Relations between Israel and Russia today": "Benjamin Netanyahu",
}


@pytest.fixture(scope="module")
def export(seed_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed_export")
    assert main(["export", "--store", str(seed_store.root), "--out", str(out)]) == 0

    def rows(name):
        with (out / f"{name}.csv").open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    return rows


def test_top_people_are_netanyahu_and_putin(export):
    counts = {}
    for row in export("entities"):
        if row["label"] == "PERSON":
            counts[row["entity"]] = counts.get(row["entity"], 0) + 1
    top = sorted(counts, key=counts.get, reverse=True)[:2]
    assert top == ["Benjamin Netanyahu", "Vladimir Putin"]
    assert "Netanyahu" not in counts and "Putin" not in counts  # surnames joined their full names


@pytest.mark.parametrize("opening, speaker", SEED_QUOTES.items())
def test_each_quote_has_its_speaker(export, opening, speaker):
    matches = [q for q in export("quotes") if q["quote"].startswith(opening)]
    assert len(matches) == 1, f"{opening!r} found {len(matches)} times"
    assert matches[0]["speaker"] == speaker


def test_countries_of_the_seed(export):
    codes = {row["iso3"] for row in export("countries")}
    assert {"ISR", "RUS", "SYR", "IRN", "USA", "LBN", "PSE"} <= codes
    kinds = {(row["text"], row["iso3"], row["kind"]) for row in export("countries")}
    assert ("Sochi", "RUS", "city") in kinds
    assert ("Israeli", "ISR", "demonym") in kinds
    assert ("West Bank", "PSE", "region") in kinds
