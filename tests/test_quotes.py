"""news_quotes: quoted segments found from the marks, attributed to a cue verb and a canonical speaker."""

from __future__ import annotations

import pytest

from components.quotes import CUE_FORMS, find_segments, verb_forms


@pytest.fixture(scope="module")
def nlp():
    from components.pipeline import build_nlp

    return build_nlp()


def segments(text, single=False):
    return [text[s.start:s.end] for s in find_segments(text, single)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will rebuild the bridge," the mayor said.', ["We will rebuild the bridge,"]),
        ("“It was a long night,” she said. “Nobody slept.”", ["It was a long night,", "Nobody slept."]),
        ('He called the plan "a total disaster for farmers" on Monday.', ["a total disaster for farmers"]),
        (
            '"The first paragraph runs on\n\n"and the second closes it," he said.',
            ["The first paragraph runs on", "and the second closes it,"],
        ),
        ("No quotes here at all.", []),
    ],
)
def test_find_double_segments(text, expected):
    assert segments(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'We don't want a war,' the minister said.", ["We don't want a war,"]),
        ("The players' union said it was 'deeply disappointed' by the ruling.", ["deeply disappointed"]),
        ("It's the '90s all over again, isn't it?", []),
    ],
)
def test_find_single_segments(text, expected):
    assert segments(text, single=True) == expected


@pytest.mark.parametrize(
    ("base", "forms"),
    [("say", {"says", "said", "saying"}), ("reply", {"replies", "replied", "replying"}),
     ("note", {"notes", "noted", "noting"}), ("stress", {"stresses", "stressed", "stressing"})],
)
def test_verb_forms(base, forms):
    assert forms <= verb_forms(base)
    assert all(form in CUE_FORMS for form in forms)


QUOTE_CASES = [
    (
        "Finance Minister Carla Jensen defended the budget on Tuesday.\n\n"
        '"We have made hard choices, and they will pay off," Jensen told reporters.',
        [("We have made hard choices, and they will pay off,", "Carla Jensen", "Jensen", "told")],
    ),
    (
        'Opposition leader Rahul Mehta spoke after the vote. He said: "This government has lost the trust of people."',
        [("This government has lost the trust of people.", "Rahul Mehta", "He", "said")],
    ),
    (
        "Prime Minister Giorgia Conti met Chancellor Olaf Berger in Rome.\n\n"
        '"Our countries share a long history," Conti told Berger.\n\n'
        '"We are not ready to give up on that," she added.',
        [
            ("Our countries share a long history,", "Giorgia Conti", "Conti", "told"),
            ("We are not ready to give up on that,", "Giorgia Conti", "she", "added"),
        ],
    ),
    (
        '"The talks were constructive and we will meet again next month," said Foreign Minister Omar Haddad.',
        [("The talks were constructive and we will meet again next month,", "Omar Haddad", "Omar Haddad", "said")],
    ),
    (
        "The health ministry said the outbreak was "
        '"under control in all affected districts" after a week of new cases.',
        [("under control in all affected districts", "health ministry", "The health ministry", "said")],
    ),
    (
        'Nobody claimed the banner, which read "the city belongs to its people" in red letters.',
        [("the city belongs to its people", "", "", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), QUOTE_CASES)
def test_quotes_in_context(nlp, text, expected):
    doc = nlp(text)
    got = doc._.news_quotes
    assert [q.quote for q in got] == [e[0] for e in expected]
    for quote, (_, speaker, speaker_text, cue) in zip(got, expected):
        assert doc.text[quote.start_char:quote.end_char] == quote.quote
        if cue is not None:
            assert (quote.speaker, quote.speaker_text, quote.cue) == (speaker, speaker_text, cue)


def test_multi_paragraph_quote_keeps_speaker(nlp):
    doc = nlp(
        'Union leader Grace Obi addressed the strikers.\n\n"We asked for a fair wage and nothing more.\n\n'
        '"We will stay out until the company listens," Obi said.\n\n'
        '"Nobody wants a long strike."'
    )
    assert [q.speaker for q in doc._.news_quotes] == ["Grace Obi"] * 3


def test_seed_article(nlp):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_1a593b0e489be98a.txt"
    doc = nlp(seed.read_text(encoding="utf-8"))
    speakers = {q.speaker for q in doc._.news_quotes if len(q.quote.split()) >= 3}
    assert speakers <= {"Vladimir Putin", "Benjamin Netanyahu", "Moscow", "foreign ministry"}
    added = [q for q in doc._.news_quotes if q.quote.startswith("We are not ready")]
    assert added and added[0].speaker == "Benjamin Netanyahu" and added[0].speaker_text == "he"
