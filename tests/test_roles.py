"""Speaker roles: the words the article gives a quoted person, and the class a researcher groups them by."""

import pytest

from components.pipeline import build_nlp
from components.roles import role_class


def roles(text: str) -> list[tuple[str, str, str]]:
    return [(q.speaker, q.speaker_role, q.speaker_role_class) for q in build_nlp()(text)._.news_quotes]


@pytest.mark.parametrize(("text", "expected"), [
    # a title before the name
    ('"We will not pay," Finance Minister Wolfgang Schaeuble told reporters.',
     ("Wolfgang Schaeuble", "Finance Minister", "politician or official")),
    ('Vodafone chief executive Vittorio Colao said: "Growth is back."',
     ("Vittorio Colao", "Vodafone chief executive", "business")),
    # an apposition after it, cut at its comma
    ('"Prices will rise," said Jane Doe, chief economist at ING, on Monday.',
     ("Jane Doe", "chief economist at ING", "expert or academic")),
    # an ambiguous head with an organisation named beside it
    ('"Sales are up," said Meg Whitman, the eBay president.', ("Meg Whitman", "eBay president", "business")),
    ('"It is fine," said John Smith, a spokesman for Vodafone.',
     ("John Smith", "spokesman for Vodafone", "spokesperson")),
    # a hyphenated role stays whole
    ('"We grew," says Chetan Rao, vice-president, external affairs for Freedom Mobile.',
     ("Chetan Rao", "vice-president", "politician or official")),
    # a name in apposition to its role
    ('"We will act," the prime minister, Justin Trudeau, said on Monday.',
     ("Justin Trudeau", "prime minister", "politician or official")),
    # the attribution itself is the role
    ('"We arrested him," police said.', ("", "police", "police or military")),
    ('"We need more," the mayor said.', ("", "mayor", "politician or official")),
])
def test_role_of_a_quote(text, expected):
    assert expected in roles(text)


def test_a_role_named_once_carries_to_the_speakers_other_quotes():
    text = ('Justin Trudeau visited Ottawa on Monday. "We will act," the prime minister said. '
            '"There is no other way," Trudeau added.')
    found = {(speaker, role) for speaker, role, _ in roles(text)}
    assert ("Justin Trudeau", "prime minister") in found
    assert ("Justin Trudeau", "") not in found


def test_a_name_alone_has_no_role():
    assert roles('"I am tired," said Tom Okafor.') == [("Tom Okafor", "", "")]


@pytest.mark.parametrize(("role", "cls"), [
    ("Federal Reserve chairman", "politician or official"),  # an ambiguous head takes the class of its body
    ("chairman of the bank", "business"),
    ("press secretary", "spokesperson"),  # the longer phrase before its last word
    ("Sharks head coach", "other"),
    ("professor of economics at the LSE", "expert or academic"),
    ("", ""),
])
def test_role_class(role, cls):
    assert role_class(role) == cls


def test_an_ambiguous_head_gives_way_to_a_definite_word():
    assert role_class("police chief") == "police or military"
    assert role_class("Former WorldCom chief") == "business"
