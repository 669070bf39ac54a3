"""People in results tables and scoreboards: untagged names in the people's frames, initialled names, names cut at
scoreboard words, a table's venues and sides."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.tokens import Span

from components.entities import clean_span
from components.relabel import lone_name_label
from components.slots import initialled_people, table_people, table_relabelled


def tagged(text: str, ents: dict[str, str]):
    """A blank-English doc of `text`: capitalised words NNP, numbers CD, other words NN; `ents` maps each entity's
    text (every occurrence) to its label, as a model would have tagged it."""
    doc = spacy.blank("en")(text)
    for tok in doc:
        tok.tag_ = "CD" if tok.text[:1].isdigit() else "NNP" if tok.text[:1].isupper() else "NN"
    spans = []
    for name, label in ents.items():
        for m in re.finditer(re.escape(name), text):
            spans.append(doc.char_span(m.start(), m.end(), label=label))
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


LINEUP = ("Teams:\nNorway - 1 - Arne Holm, 2 - Lars Brekke, 3 - Odd Vik, 4 - Ivar Dale, 5 - Tor Lunde (14 - Per Sand, "
          "60th), 6 - Knut Aas.\n")


def test_untagged_name_in_a_lineup_is_a_person():
    tagged_people = {n: "PERSON" for n in ("Arne Holm", "Lars Brekke", "Ivar Dale", "Tor Lunde", "Knut Aas")}
    doc = tagged(LINEUP, {"Norway": "GPE", **tagged_people})
    assert {s.text for s in table_people(doc, list(doc.ents))} == {"Odd Vik", "Per Sand"}


def test_results_rows_fill_their_frame():
    text = ("284 Alan Hart (Australia) 69 71\n285 Colm Reid (Ireland) 71 73\n286 Bruno Costa (Italy) 72 70\n"
            "287 Ian Boyd 70 76\n288 Tom Hale 71 70\n289 Ned Price (Wales) 70 72\n")
    ents = {"Alan Hart": "PERSON", "Colm Reid": "PERSON", "Ian Boyd": "PERSON", "Tom Hale": "PERSON",
            "Australia": "GPE", "Ireland": "GPE", "Italy": "GPE", "Wales": "GPE"}
    doc = tagged(text, ents)
    assert {s.text for s in table_people(doc, list(doc.ents))} == {"Bruno Costa", "Ned Price"}


def test_a_row_name_tagged_an_organisation_is_a_person():
    text = ("284 Alan Hart (Australia) 69 71\n285 Colm Reid (Ireland) 71 73\n286 Bruno Costa (Italy) 72 70\n"
            "287 Ian Boyd (Wales) 70 76\nTotal: Hartside Cup (Wales) 71 70\n")
    ents = {"Alan Hart": "PERSON", "Colm Reid": "PERSON", "Ian Boyd": "PERSON", "Bruno Costa": "ORG",
            "Hartside Cup": "EVENT", "Australia": "GPE", "Ireland": "GPE", "Italy": "GPE", "Wales": "GPE"}
    doc = tagged(text, ents)
    labels = {s.text: s.label_ for s in table_relabelled(doc, list(doc.ents))}
    assert labels["Bruno Costa"] == "PERSON" and labels["Hartside Cup"] == "EVENT"
    prose = tagged("Bruno Costa and Alan Hart met Colm Reid.", {"Bruno Costa": "ORG", "Alan Hart": "PERSON",
                                                                "Colm Reid": "PERSON"})
    assert {s.text: s.label_ for s in table_relabelled(prose, list(prose.ents))}["Bruno Costa"] == "ORG"


@pytest.mark.parametrize(
    "text",
    [
        # prose: names in no repeated frame
        "Arne Holm met Lars Brekke and Ivar Dale. Later Odd Vik spoke to Tor Lunde about Knut Aas.",
        # the frame's people are too few
        "1 - Arne Holm, 2 - Odd Vik.",
    ],
)
def test_no_table_no_table_people(text):
    doc = tagged(text, {n: "PERSON" for n in ("Arne Holm", "Lars Brekke", "Ivar Dale", "Tor Lunde", "Knut Aas")})
    assert table_people(doc, list(doc.ents)) == []


def test_table_words_the_text_writes_lowercase_are_no_name():
    text = ("A. Holm not out 45\nB. Brekke run out 3\nC. Vik not out 12\nD. Dale lbw 4\nDid Not Bat: E. Aas.\n")
    doc = tagged(text, {n: "PERSON" for n in ("A. Holm", "B. Brekke", "C. Vik", "D. Dale")})
    assert "Did Not Bat" not in {s.text for s in table_people(doc, list(doc.ents))}


def test_initialled_names_are_people_where_the_article_writes_people_so():
    text = "Surrey 429 (C. Lewis 80, M. Butcher 70, G. Kersey 63, J. Ratcliffe 63)."
    doc = tagged(text, {"C. Lewis": "PERSON", "M. Butcher": "PERSON", "G. Kersey": "ORG", "J. Ratcliffe": "ORG"})
    labels = {s.text: s.label_ for s in initialled_people(list(doc.ents))}
    assert labels["G. Kersey"] == labels["J. Ratcliffe"] == "PERSON"
    # one initialled person is no evidence: "J. Crew" stays what the model said
    doc = tagged("C. Lewis bought shares in J. Crew.", {"C. Lewis": "PERSON", "J. Crew": "ORG"})
    assert {s.text: s.label_ for s in initialled_people(list(doc.ents))}["J. Crew"] == "ORG"


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        ("Omar Farid c Stewart b Gough 33", "Omar Farid c Stewart b Gough", "Omar Farid"),
        ("Paul Renard 46th", "Paul Renard 46th", "Paul Renard"),
        ("Anand Jain - another son", "Anand Jain - another", "Anand Jain"),
        # particles and hyphenated lowercase parts stay in a name
        ("Joaquin del Olmo scored", "Joaquin del Olmo", "Joaquin del Olmo"),
        ("Kengo wa Dondo said", "Kengo wa Dondo", "Kengo wa Dondo"),
        ("Ata-ur-Rehman bowled", "Ata-ur-Rehman", "Ata-ur-Rehman"),
    ],
)
def test_person_span_cut_at_scoreboard_words(text, entity, expected):
    doc = tagged(text, {entity: "PERSON"})
    assert clean_span(doc.ents[0]).text == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Hove: Sussex beat Kent.", "GPE"),  # a venue heading a results line
        ("Worcestershire 238 and 303, Derbyshire 471.", "GPE"),  # a side and its score
        ("Livingston said he was tired.", "PERSON"),
        ("Netanyahu and Obama: a tortured relationship", "PERSON"),  # a headline's colon after a name
    ],
)
def test_places_heading_results_lines(text, label):
    word = re.search(r"(Obama|^\w+)", text).group(1)
    doc = tagged(text, {word: "PERSON"})
    span = next(s for s in doc.ents if s.text == word)
    assert lone_name_label(Span(doc, span.start, span.end, label="PERSON")) == label


def test_only_people_lose_a_trailing_number():
    doc = tagged("It began in the 1940s.", {"the 1940s": "DATE"})
    assert clean_span(doc.ents[0]).text == "1940s"


def test_a_date_or_a_line_without_a_number_is_no_table_name():
    people = {n: "PERSON" for n in ("Arne Holm", "Lars Brekke", "Ivar Dale", "Tor Lunde", "Knut Aas")}
    text = LINEUP + "Last September\nArticle Continued Below\nArne Holm\nLars Brekke\nIvar Dale\n"
    doc = tagged(text, {"Norway": "GPE", "Last September": "DATE", **people})
    assert {s.text for s in table_people(doc, list(doc.ents))} == {"Odd Vik", "Per Sand"}
