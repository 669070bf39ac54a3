"""What the article's own words say of a name the model tagged: a noun on the next line is no apposition, a player's
position with an adjective is no organisation's head, and a role noun that made a name a person stays evidence."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from components.relabel import _org_votes, relabel_people


def parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str]) -> Doc:
    """A doc of `words` with the parse given by hand (absolute head indices), as a model would have parsed it."""
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags,
               spaces=[w != "\n" and (i + 1 < len(words) and words[i + 1] not in (",", ".", "\n"))
                       for i, w in enumerate(words)])


def test_a_noun_on_the_next_line_is_no_apposition():
    # a results line, then a heading the parse ran on into as the name's apposition
    words = ["12", ".", "Marta", "Kovalenko", "(", "Ukraine", ")", "41.2", "\n", "Men", "relay", "team"]
    heads = [3, 3, 3, 3, 3, 3, 3, 3, 3, 11, 11, 3]
    deps = ["nummod", "punct", "compound", "ROOT", "punct", "appos", "punct", "nummod", "dep", "compound", "compound",
            "appos"]
    tags = ["CD", ".", "NNP", "NNP", "-LRB-", "NNP", "-RRB-", "CD", "_SP", "NNP", "NN", "NN"]
    doc = parsed(words, heads, deps, tags)
    assert _org_votes(doc, Span(doc, 2, 4, label="PERSON")) == (0, 0)


def test_a_position_after_an_adjective_is_the_players():
    tags = ["JJ", "NN", "NNP", "NNP", "VBD"]
    doc = parsed(["Welsh", "centre", "Jo", "Tan", "scored"], [1, 3, 3, 4, 4],
                 ["amod", "compound", "compound", "nsubj", "ROOT"], tags)
    assert _org_votes(doc, Span(doc, 2, 4, label="PERSON")) == (0, 0)
    # a noun before the position makes it a place: "community centre Dixon Hall"
    doc = parsed(["community", "centre", "Dixon", "Hall", "opened"], [1, 3, 3, 4, 4],
                 ["compound", "compound", "compound", "nsubj", "ROOT"], ["NN", "NN", "NNP", "NNP", "VBD"])
    assert _org_votes(doc, Span(doc, 2, 4, label="PERSON"))[0] == 1


def test_a_role_noun_after_the_name_keeps_it_a_person():
    # "Hen Rada, a reporter, spoke. Hen Rada left.": the second mention tagged an organisation
    words = ["Hen", "Rada", ",", "a", "reporter", ",", "spoke", ".", "Hen", "Rada", "left", "."]
    heads = [1, 6, 1, 4, 1, 1, 6, 6, 9, 10, 10, 10]
    deps = ["compound", "nsubj", "punct", "det", "appos", "punct", "ROOT", "punct", "compound", "nsubj", "ROOT",
            "punct"]
    tags = ["NNP", "NNP", ",", "DT", "NN", ",", "VBD", ".", "NNP", "NNP", "VBD", "."]
    doc = parsed(words, heads, deps, tags)
    pairs = [(Span(doc, 0, 2, label="PERSON"), "PERSON"), (Span(doc, 8, 10, label="ORG"), "ORG")]
    assert relabel_people(doc, pairs)[0][1] == "PERSON"


def test_a_role_noun_is_no_evidence_for_a_name_the_model_mostly_tags_an_organisation():
    # "profits at owner Hartwell Telecom. Hartwell Telecom said ... Hartwell Telecom grew."
    words = ["profits", "at", "owner", "Hartwell", "Telecom", ".", "Hartwell", "Telecom", "said", ".", "Hartwell",
             "Telecom", "grew", "."]
    heads = [0, 0, 4, 4, 1, 0, 7, 8, 8, 8, 11, 12, 12, 12]
    deps = ["ROOT", "prep", "compound", "compound", "pobj", "punct", "compound", "nsubj", "ROOT", "punct", "compound",
            "nsubj", "ROOT", "punct"]
    tags = ["NNS", "IN", "NN", "NNP", "NNP", ".", "NNP", "NNP", "VBD", ".", "NNP", "NNP", "VBD", "."]
    doc = parsed(words, heads, deps, tags)
    pairs = [(Span(doc, 3, 5, label="PERSON"), "PERSON"), (Span(doc, 6, 8, label="ORG"), "ORG"),
             (Span(doc, 10, 12, label="ORG"), "ORG")]
    assert relabel_people(doc, pairs)[0][1] == "ORG"
