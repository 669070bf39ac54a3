"""Hard-wrapped copy is read as running text: names and quotes across a wrapped line are whole, offsets unchanged."""

import pytest

from components.wrapping import unwrapped

# Invented wire copy, wrapped at 60 characters, paragraphs opening with an indent.
WIRE = (
    "The trade ministry said on Tuesday that its chief negotiator\n"
    "Marta Quillfeather would travel to Lisbon next week to restart\n"
    "talks on the steel accord.\n"
    '    "We are not going to sign an agreement that leaves our\n'
    'mills idle for another year," Quillfeather told reporters in\n'
    "the capital, adding that the talks could last until March.\n"
    "    Results of the first round:\n"
    "    Steel 12.5 mln tonnes\n"
    "    Iron ore 40.1 mln tonnes\n"
)


def test_wrapped_lines_join_and_offsets_hold():
    text = unwrapped(WIRE)
    assert len(text) == len(WIRE)
    assert "negotiator Marta Quillfeather would" in text
    assert 'leaves our mills idle' in text
    assert "\n    Steel 12.5 mln tonnes\n    Iron ore" in text  # an indented line keeps its break
    assert "accord.\n" in text  # a short line ending its paragraph too


@pytest.mark.parametrize("text", [
    # written as lines: a list of short results under a headline
    "GOLF - LEADING SCORES.\nLeading scores after the first round:\n62 Ana Ruiz\n64 Bo Lind\n65 Cy Park\n66 Di Moss\n",
    # paragraphs one per line, as most web copy comes
    "The minister resigned on Monday after a week of pressure from members of her own party.\n"
    "Her deputy will take over until a successor is chosen by the party conference in the autumn.\n"
    "Opposition leaders called for an early election, saying the government had lost its way.\n",
])
def test_text_written_as_lines_is_left_alone(text):
    assert unwrapped(text) == text


def test_an_ingested_wrapped_article_keeps_its_names_and_quotes_whole():
    from components.articles import make_article
    from components.ingest import extract_rows
    from components.pipeline import build_nlp

    article = make_article({"id": "wire", "text": WIRE}, "test")
    rows = extract_rows([(article, "hash")], build_nlp())
    people = {r["entity"] for r in rows["entities"] if r["label"] == "PERSON"}
    assert "Marta Quillfeather" in people and "Marta" not in people
    [quote] = [r for r in rows["quotes"] if r["quote"].startswith("We are not")]
    assert quote["quote"].endswith("another year,")
    assert quote["speaker"] == "Marta Quillfeather"
    assert WIRE[quote["start_char"]:quote["end_char"]].replace("\n", " ") == quote["quote"]
    assert rows["articles"][0]["text"] == WIRE  # stored as it came
