"""Speakers where the parse is broken, as the small model breaks it on real news: each test hands news_quotes a
parse written out token by token (word, space after, tag, head, dep), so the rule is tested against the mistake itself
whatever a model makes of the sentence."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from components import quotes  # noqa: F401  (registers news_quotes)
from components.entities import news_entities


def _quotes(rows, ents):
    """(quote, speaker) of a doc parsed as `rows`, with entities (start, end, label), run through news_entities."""
    words, spaces, tags, heads, deps = zip(*rows)
    doc = Doc(spacy.blank("en").vocab, words=list(words), spaces=list(spaces), tags=list(tags), heads=list(heads),
              deps=list(deps))
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    doc = spacy.blank("en").add_pipe("news_quotes")(news_entities(doc))
    return [(q.quote, q.speaker) for q in doc._.news_quotes]


def test_of_two_subjects_the_parse_gives_a_verb_the_person_speaks():
    # the state of an opening phrase made a second subject of "turned": the cue's speaker is the person
    rows = [
        ("Campaigning", True, "VBG", 8, "advcl"), ("in", True, "IN", 0, "prep"), ("Dover", False, "NNP", 1, "pobj"),
        (",", True, ",", 8, "punct"), ("Ohio", False, "NNP", 8, "nsubj"), (",", True, ",", 8, "punct"),
        ("Dana", True, "NNP", 7, "compound"), ("Whitby", True, "NNP", 8, "nsubj"), ("turned", True, "VBD", 8, "ROOT"),
        ("on", True, "IN", 8, "prep"), ("Lee", False, "NNP", 9, "pobj"), (",", True, ",", 8, "punct"),
        ("calling", True, "VBG", 8, "advcl"), ("him", True, "PRP", 12, "dobj"), ("“", False, "``", 17, "punct"),
        ("a", True, "DT", 17, "det"), ("hopeless", True, "JJ", 17, "amod"), ("case", False, "NN", 12, "oprd"),
        (".", False, ".", 8, "punct"), ("”", False, "''", 8, "punct"),
    ]
    ents = [(2, 3, "GPE"), (4, 5, "GPE"), (6, 8, "PERSON"), (10, 11, "PERSON")]
    assert _quotes(rows, ents) == [("a hopeless case.", "Dana Whitby")]


def test_clause_ending_in_a_colon_introduces_its_subject_though_the_parse_hangs_it_under_the_quote():
    # the parse makes "had" a clause of the quoted "is": the narrated clause still introduces its subject, who takes
    # over from the speaker of the quote before
    said = [
        ('"', False, "``", 2, "punct"), ("We", True, "PRP", 2, "nsubj"), ("lost", False, "VBD", 6, "ccomp"),
        (",", False, ",", 2, "punct"), ('"', True, "''", 6, "punct"), ("Tom", True, "NNP", 6, "compound"),
        ("Hale", True, "NNP", 7, "nsubj"), ("said", False, "VBD", 7, "ROOT"), (".", False, ".", 7, "punct"),
        ("\n\n", False, "_SP", 8, "dep"),
    ]
    n = len(said)
    had = [(word, space, tag, head + n, dep) for word, space, tag, head, dep in [
        ("Senator", True, "NNP", 2, "compound"), ("Mia", True, "NNP", 2, "compound"), ("Ross", True, "NNP", 3, "nsubj"),
        ("had", True, "VBD", 12, "ccomp"), ("a", True, "DT", 6, "det"), ("stern", True, "JJ", 6, "amod"),
        ("word", True, "NN", 3, "dobj"), ("for", True, "IN", 3, "prep"), ("Hale", False, "NNP", 7, "pobj"),
        (":", True, ":", 8, "punct"), ('"', False, "``", 8, "punct"), ("It", True, "PRP", 12, "nsubj"),
        ("is", True, "VBZ", 12, "ROOT"), ("time", True, "NN", 12, "attr"), ("to", True, "TO", 15, "aux"),
        ("stop", False, "VB", 13, "relcl"), (".", False, ".", 12, "punct"), ('"', False, "''", 12, "punct"),
    ]]
    ents = [(5, 7, "PERSON"), (n + 1, n + 3, "PERSON"), (n + 8, n + 9, "PERSON")]
    assert _quotes(said + had, ents) == [("We lost,", "Tom Hale"), ("It is time to stop.", "Mia Ross")]


def test_finite_verb_hung_on_a_person_is_said_by_the_name_before_it():
    # "called" made a clause describing Lee Park: the name right before it says the quote, not Lee Park
    rows = [
        ("The", True, "DT", 1, "det"), ("anger", True, "NN", 3, "nsubjpass"), ("was", True, "VBD", 3, "auxpass"),
        ("aimed", True, "VBN", 3, "ROOT"), ("at", True, "IN", 3, "prep"), ("Lee", True, "NNP", 6, "compound"),
        ("Park", False, "NNP", 4, "pobj"), (",", True, ",", 6, "punct"), ("whom", True, "WP", 10, "dobj"),
        ("Mia", True, "NNP", 10, "compound"), ("Ross", True, "NNP", 6, "relcl"), ("last", True, "JJ", 12, "amod"),
        ("week", True, "NN", 10, "npadvmod"), ("called", True, "VBD", 6, "acl"), ("“", False, "``", 17, "punct"),
        ("a", True, "DT", 17, "det"), ("dreadful", True, "JJ", 17, "amod"), ("man", False, "NN", 13, "oprd"),
        (".", False, ".", 3, "punct"), ("”", False, "''", 3, "punct"),
    ]
    ents = [(5, 7, "PERSON"), (9, 11, "PERSON"), (11, 13, "DATE")]
    assert _quotes(rows, ents) == [("a dreadful man.", "Mia Ross")]


def test_participle_hung_on_a_clause_describing_a_noun_is_not_said_by_its_subject():
    # "adding" hung on "looming", the clause saying what the idea is: a split says nothing
    rows = [
        ("Asked", True, "VBN", 6, "advcl"), ("by", True, "IN", 0, "agent"), ("reporters", False, "NNS", 1, "pobj"),
        (",", True, ",", 6, "punct"), ("Jo", True, "NNP", 5, "compound"), ("Tan", True, "NNP", 6, "nsubj"),
        ("rejected", True, "VBD", 6, "ROOT"), ("the", True, "DT", 8, "det"), ("idea", True, "NN", 6, "dobj"),
        ("that", True, "IN", 13, "mark"), ("a", True, "DT", 11, "det"), ("split", True, "NN", 13, "nsubj"),
        ("was", True, "VBD", 13, "aux"), ("looming", False, "VBG", 8, "acl"), (",", True, ",", 13, "punct"),
        ("adding", True, "VBG", 13, "advcl"), ("that", True, "IN", 18, "mark"), ("she", True, "PRP", 18, "nsubj"),
        ("was", True, "VBD", 15, "ccomp"), ("“", False, "``", 18, "punct"), ("away", True, "RB", 18, "advmod"),
        ("for", True, "IN", 18, "prep"), ("the", True, "DT", 23, "det"), ("week", False, "NN", 21, "pobj"),
        (".", False, ".", 6, "punct"), ("”", False, "''", 6, "punct"),
    ]
    assert _quotes(rows, [(4, 6, "PERSON")]) == [("away for the week.", "Jo Tan")]


def test_verb_after_a_closing_mark_cues_the_quote_though_parsed_as_a_modifier():
    # "tweeted" read as an adjective of "aide", the name the words after it lead to said the quote
    rows = [
        ('"', False, "``", 3, "punct"), ("A", True, "DT", 3, "det"), ("long", True, "JJ", 3, "amod"),
        ("night", False, "NN", 3, "ROOT"), (",", False, ",", 3, "punct"), ('"', True, "''", 10, "punct"),
        ("tweeted", True, "VBD", 8, "amod"), ("Acme", True, "NNP", 8, "compound"), ("aide", True, "NN", 10, "compound"),
        ("Jo", True, "NNP", 10, "compound"), ("Tan", False, "NNP", 3, "appos"), (".", False, ".", 3, "punct"),
    ]
    assert _quotes(rows, [(7, 8, "ORG"), (9, 11, "PERSON")]) == [("A long night,", "Jo Tan")]


def test_it_in_a_clause_a_person_reports_does_not_add_the_next_quote():
    # "adding" hung on "was", whose subject is what Dana Whitby spoke of (the parse put "insisted" under the quoted
    # words): she adds the quote
    rows = [
        ("Dana", True, "NNP", 1, "compound"), ("Whitby", True, "NNP", 2, "nsubj"),
        ("insisted", True, "VBD", 16, "ccomp"), ("it", True, "PRP", 4, "nsubj"), ("was", True, "VBD", 2, "ccomp"),
        ("“", False, "``", 7, "punct"), ("too", True, "RB", 7, "advmod"), ("early", False, "JJ", 4, "acomp"),
        ("”", True, "''", 7, "punct"), ("to", True, "TO", 10, "aux"), ("act", True, "VB", 4, "xcomp"),
        ("while", True, "IN", 12, "mark"), ("adding", False, "VBG", 4, "advcl"), (",", True, ",", 16, "punct"),
        ("“", False, "``", 16, "punct"), ("I", True, "PRP", 16, "nsubj"), ("have", True, "VBP", 16, "ROOT"),
        ("no", True, "DT", 18, "det"), ("doubt", False, "NN", 16, "dobj"), (".", False, ".", 16, "punct"),
        ("”", False, "''", 16, "punct"),
    ]
    assert dict(_quotes(rows, [(0, 2, "PERSON")]))["I have no doubt."] == "Dana Whitby"


def test_name_right_before_a_cue_the_parse_hung_on_it_is_its_subject():
    # the surname made a compound of "joked", which the parse put under "shouted": Jo Tan jokes, not someone
    rows = [
        ("Someone", True, "NN", 1, "nsubj"), ("shouted", False, "VBD", 1, "ROOT"), (",", True, ",", 1, "punct"),
        ("“", False, "``", 4, "punct"), ("Lee", False, "NNP", 1, "dobj"), (",", False, ",", 4, "punct"),
        ("”", True, "''", 9, "punct"), ("Jo", True, "NNP", 8, "compound"), ("Tan", True, "NNP", 9, "compound"),
        ("joked", False, "VBD", 1, "xcomp"), (",", True, ",", 9, "punct"), ("“", False, "``", 12, "punct"),
        ("Come", True, "VB", 9, "ccomp"), ("on", True, "RP", 12, "prt"), ("up", False, "RP", 12, "prt"),
        ("!", False, ".", 1, "punct"), ("”", False, "''", 1, "punct"),
    ]
    assert dict(_quotes(rows, [(4, 5, "PERSON"), (7, 9, "PERSON")]))["Come on up!"] == "Jo Tan"


def test_name_after_a_cue_behind_the_closing_mark_says_the_quote_though_hung_on_the_next_paragraph():
    # the parse ran the sentence on into the next paragraph and made Jo Tan a subject of its "says": Lee Park
    # says something else there
    rows = [
        ("“", False, "``", 2, "punct"), ("We", True, "PRP", 2, "nsubj"), ("lost", False, "VBD", 5, "ccomp"),
        (",", False, ",", 2, "punct"), ("”", True, "''", 5, "punct"), ("says", True, "VBZ", 16, "ccomp"),
        ("Jo", True, "NNP", 7, "compound"), ("Tan", False, "NNP", 16, "nsubj"), (",", True, ",", 7, "punct"),
        ("a", True, "DT", 10, "det"), ("historian", False, "NN", 7, "appos"), (".", False, ".", 16, "punct"),
        ("\n\n", False, "_SP", 11, "dep"), ("The", True, "DT", 14, "det"), ("point", False, "NN", 7, "appos"),
        (",", True, ",", 16, "punct"), ("says", True, "VBZ", 16, "ROOT"), ("Lee", True, "NNP", 18, "compound"),
        ("Park", False, "NNP", 16, "nsubj"), (".", False, ".", 16, "punct"),
    ]
    assert _quotes(rows, [(6, 8, "PERSON"), (17, 19, "PERSON")]) == [("We lost,", "Jo Tan")]


def test_person_opening_the_sentence_of_a_partial_quote_says_it_where_the_verb_above_has_no_subject():
    # "made" and "make" both joined to "called" in the paragraph before: the quote is Jo Tan's, not Lee Park's
    rows = [
        ("Lee", True, "NNP", 1, "compound"), ("Park", True, "NNP", 2, "nsubj"), ("called", True, "VBD", 2, "ROOT"),
        ("it", True, "PRP", 2, "dobj"), ("“", False, "``", 6, "punct"), ("a", True, "DT", 6, "det"),
        ("mistake", False, "NN", 2, "oprd"), (".", False, ".", 2, "punct"), ("”", False, "''", 2, "punct"),
        ("\n\n", False, "_SP", 8, "dep"), ("Jo", True, "NNP", 11, "compound"), ("Tan", True, "NNP", 13, "nsubj"),
        ("also", True, "RB", 13, "advmod"), ("made", True, "VBD", 2, "conj"), ("the", True, "DT", 15, "det"),
        ("point", False, "NN", 13, "dobj"), (",", True, ",", 13, "punct"), ("would", True, "MD", 18, "aux"),
        ("make", True, "VB", 2, "conj"), ("it", True, "PRP", 23, "nsubj"), ("“", False, "``", 23, "punct"),
        ("a", True, "DT", 23, "det"), ("third", True, "JJ", 23, "amod"), ("term", False, "NN", 18, "ccomp"),
        (".", False, ".", 18, "punct"), ("”", False, "''", 18, "punct"),
    ]
    assert dict(_quotes(rows, [(0, 2, "PERSON"), (10, 12, "PERSON")]))["a third term."] == "Jo Tan"


def test_untagged_name_ending_the_words_after_an_inverted_cue_says_the_quote():
    # the tagger marked no person in "Oversight ranking Democrat Elijah Cummings" and the parse made the name the
    # object of "ranking": the two proper nouns before the parenthesis are who said it, without the party
    rows = [
        ('"', False, "``", 7, "punct"), ("The", True, "DT", 2, "det"), ("council", True, "NN", 3, "nsubj"),
        ("is", True, "VBZ", 7, "ccomp"), ("angry", False, "JJ", 3, "acomp"), (",", False, ",", 7, "punct"),
        ('"', True, "''", 7, "punct"), ("said", True, "VBD", 7, "ROOT"), ("Oversight", True, "NN", 9, "npadvmod"),
        ("ranking", True, "VBG", 7, "ccomp"), ("Democrat", True, "NNP", 12, "compound"),
        ("Elijah", True, "NNP", 12, "compound"), ("Cummings", True, "NNP", 9, "dobj"),
        ("(", False, "-LRB-", 12, "punct"), ("D", False, "NNP", 16, "compound"), ("-", False, "HYPH", 14, "punct"),
        ("Md.", False, "NNP", 12, "appos"), (")", False, "-RRB-", 12, "punct"), (".", False, ".", 7, "punct"),
    ]
    assert _quotes(rows, [(10, 11, "NORP")]) == [("The council is angry,", "Elijah Cummings")]


def test_cue_with_nothing_of_its_own_after_a_quote_inside_a_sentence_says_it():
    # the quote continues a sentence begun with Lee Park but ends it: "asked on Twitter." reports it, and Lee Park
    # is only spoken of
    rows = [
        ("Lee", True, "NNP", 1, "compound"), ("Park", True, "NNP", 3, "nsubj"), ('"', False, "``", 3, "punct"),
        ("offers", True, "VBZ", 3, "ROOT"), ("support", True, "NN", 3, "dobj"), ("for", True, "IN", 4, "prep"),
        ("the", True, "DT", 7, "det"), ("banks", False, "NNS", 5, "pobj"), (".", True, ".", 3, "punct"),
        ("Does", True, "VBZ", 11, "aux"), ("that", True, "DT", 11, "nsubj"), ("fly", False, "VB", 11, "ROOT"),
        ("?", False, ".", 11, "punct"), ('"', True, "''", 11, "punct"), ("former", True, "JJ", 16, "amod"),
        ("party", True, "NN", 16, "compound"), ("adviser", True, "NN", 18, "compound"),
        ("David", True, "NNP", 18, "compound"), ("Axelrod", True, "NNP", 19, "nsubj"),
        ("asked", True, "VBD", 19, "ROOT"), ("on", True, "IN", 19, "prep"), ("Twitter", False, "NNP", 20, "pobj"),
        (".", False, ".", 19, "punct"),
    ]
    ents = [(0, 2, "PERSON"), (17, 19, "PERSON"), (21, 22, "PERSON")]
    assert _quotes(rows, ents) == [("offers support for the banks. Does that fly?", "David Axelrod")]


def test_person_of_the_clause_a_colon_ends_introduces_the_quote():
    # the sentence's subject is a thing and the quote hangs on its verb: the person whose clause ends in the colon
    # says it
    rows = [
        ("The", True, "DT", 1, "det"), ("silence", True, "NN", 2, "nsubj"), ("was", True, "VBD", 2, "ROOT"),
        ("on", True, "IN", 2, "prep"), ("display", True, "NN", 3, "pobj"), ("when", True, "WRB", 8, "advmod"),
        ("Jo", True, "NNP", 7, "compound"), ("Tan", True, "NNP", 8, "nsubj"), ("took", True, "VBD", 2, "advcl"),
        ("to", True, "IN", 8, "prep"), ("Twitter", True, "NNP", 9, "pobj"), ("with", True, "IN", 8, "prep"),
        ("this", False, "DT", 11, "pobj"), (":", True, ":", 2, "punct"), ("“", False, "``", 2, "punct"),
        ("The", True, "DT", 16, "det"), ("title", True, "NN", 19, "nsubjpass"), ("is", True, "VBZ", 19, "auxpass"),
        ("not", True, "RB", 19, "neg"), ("needed", False, "VBN", 2, "ccomp"), (".", False, ".", 2, "punct"),
        ("”", False, "''", 2, "punct"),
    ]
    assert _quotes(rows, [(6, 8, "PERSON"), (10, 11, "PRODUCT")]) == [("The title is not needed.", "Jo Tan")]



def test_cue_after_a_quote_whose_subject_stands_before_it_is_reported_by_who_reports_it():
    # "suggests" follows the closing mark, but its subject is before the quote: Jo Tan reports what the ad suggests
    rows = [
        ("City", True, "NNP", 1, "compound"), ("Attorney", True, "NNP", 3, "compound"),
        ("Jo", True, "NNP", 3, "compound"), ("Tan", True, "NNP", 4, "nsubj"), ("said", True, "VBD", 4, "ROOT"),
        ("in", True, "IN", 4, "prep"), ("the", True, "DT", 7, "det"), ("letter", True, "NN", 5, "pobj"),
        ("that", True, "IN", 16, "mark"), ("the", True, "DT", 10, "det"), ("advertisement", True, "NN", 16, "nsubj"),
        ('"', False, "``", 10, "punct"), ("unmistakably", True, "RB", 10, "advmod"), ("and", True, "CC", 12, "cc"),
        ("wrongfully", False, "RB", 12, "conj"), ('"', True, "''", 16, "punct"), ("suggests", True, "VBZ", 4, "ccomp"),
        ("that", True, "IN", 20, "mark"), ("the", True, "DT", 19, "det"), ("city", True, "NN", 20, "nsubj"),
        ("supports", True, "VBZ", 16, "ccomp"), ("the", True, "DT", 22, "det"), ("campaign", False, "NN", 20, "dobj"),
        (".", False, ".", 4, "punct"),
    ]
    assert _quotes(rows, [(2, 4, "PERSON")])[0] == ("unmistakably and wrongfully", "Jo Tan")


def test_climbing_heads_stops_at_the_sentence_root():
    # spaCy makes a new Token object at each read, so the root is found by its index, not by identity
    from components.quotes import DocIndex

    words = ["Tan", "said", "it", "works", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "nsubj", "ccomp",
                                                                                   "punct"])
    climbed = list(DocIndex.build(doc).heads_above(2, 0, 0, max_steps=5))
    assert [(steps, head.i) for steps, head in climbed] == [(0, 3), (1, 1)]


@pytest.mark.parametrize(
    ("petrov_dep", "petrov_label"),
    [
        # "Petrov" hung on "retaliated" as a compound, which leaves the verb no subject
        ("compound", "PERSON"),
        # "an" and "angry" hung on "retaliated", the name tagged a place: the subject's phrase as the parse gives it
        # does not reach back to the closing mark
        ("nsubj", "GPE"),
    ],
)
def test_name_right_after_a_quote_says_it_by_token_order(petrov_dep, petrov_label):
    # whatever the parse makes of it, the name after the closing mark speaks, not the speaker of the quote before
    rows = [
        ("“", False, "``", 3, "punct"), ("It", True, "PRP", 3, "nsubjpass"), ("is", True, "VBZ", 3, "auxpass"),
        ("lost", False, "VBN", 8, "ccomp"), (",", False, ",", 8, "punct"), ("”", True, "''", 8, "punct"),
        ("Jo", True, "NNP", 7, "compound"), ("Tan", True, "NNP", 8, "nsubj"), ("claimed", False, "VBD", 8, "ROOT"),
        (".", False, ".", 8, "punct"), ("\n", False, "_SP", 9, "dep"), ("“", False, "``", 14, "punct"),
        ("We", True, "PRP", 14, "nsubj"), ("will", True, "MD", 14, "aux"), ("win", True, "VB", 21, "ccomp"),
        ("today", False, "NN", 14, "npadvmod"), (",", False, ",", 21, "punct"), ("”", True, "''", 21, "punct"),
        ("an", True, "DT", 21, "det"), ("angry", True, "JJ", 21, "amod"), ("Petrov", True, "NNP", 21, petrov_dep),
        ("retaliated", False, "VBD", 21, "ROOT"), (".", False, ".", 21, "punct"),
    ]
    assert _quotes(rows, [(6, 8, "PERSON"), (20, 21, petrov_label)]) == [("It is lost,", "Jo Tan"),
                                                                         ("We will win today,", "Petrov")]
