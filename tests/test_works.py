"""A name the model tags PERSON that its article shows to be a work or a group, and the same name across a corpus."""

from __future__ import annotations

import pytest


def labels_of(doc, name: str) -> set[str]:
    return {m.label for m in doc._.news_entities if m.entity == name}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # right after a kind of work
        ("The actress won praise for the gritty abortion drama Nora Blake, directed by Tom Hale.", "Nora Blake",
         "WORK_OF_ART"),
        ("The stage adaptation of the children's film Nora Blake opened in London.", "Nora Blake", "WORK_OF_ART"),
        # counted in a series of works
        ("This third Henry Tolliver film brought a change of director.", "Henry Tolliver", "WORK_OF_ART"),
        # bearing what only a work has
        ("The Henry Tolliver series has sold millions of copies.", "Henry Tolliver", "WORK_OF_ART"),
        # opening a title
        ("Henry Tolliver and the Half-Blood Prince topped the chart.", "Henry Tolliver", "WORK_OF_ART"),
        ("Fans queued for Henry Tolliver and the Prisoner of Castle Rock on Friday.", "Henry Tolliver",
         "WORK_OF_ART"),
        # a band member's band; one of a list of companies
        ("Fans cheered as Oskar Brandt frontman Alex Kell took the stage.", "Oskar Brandt", "ORG"),
        ("Shares in Yahoo, Ask Bertram, Amazon and Google rose on Monday.", "Ask Bertram", "ORG"),
        ('"We are pleased," said Tom Reed, a spokesman for Ask Bertram.', "Ask Bertram", "ORG"),
        # a player's club in a team sheet
        ("England: J Lewis (Cardwell), M Kell (Pemberton), P Ross (Cardwell), T Hart (Pemberton).", "Pemberton",
         "ORG"),
        ("Microsoft, Google and Ask Bertram have released new tools.", "Ask Bertram", "ORG"),
        # a firm's name going on past "and", a wire's company brackets, a family
        ("The dealers are Lloyds and Samuel Marlowe and Co Ltd, the bank said.", "Samuel Marlowe", "ORG"),
        ("Tanner and Sutherland Computer Corp said it filed for an offering.", "Tanner", "ORG"),
        ("The nine creditor banks of the coffee trader <Teck Hock and Co (Pte) Ltd> met today.", "Teck Hock", "ORG"),
        ("An investor group led by members of the Hunt family of Dallas told the commission.", "Hunt", "NORP"),
        # where a post is held
        ('"Sales will fall," said Ron Glantz, an analyst at Kemper Bolt. Kemper Bolt declined to comment.',
         "Kemper Bolt", "ORG"),
    ],
)
def test_a_name_shown_to_be_a_work_or_a_group(nlp, text, name, label):
    assert labels_of(nlp(text), name) == {label}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The film Jo Tanner directed won an award.", "Jo Tanner"),  # a clause on the work: its maker
        ("Arsene Wenger's Thierry Henry scored twice.", "Thierry Henry"),  # a possessive is no evidence
        ("Critics loved the film Nora Blake. Ms Blake said she was delighted.", "Nora Blake"),  # a title wins
        ("The Tom Hale film won an award.", "Tom Hale"),  # a film may be its maker's
        ("A spokesman for Tom Hale said Mr Hale was at home.", "Tom Hale"),
        ("He was injured on Monday, while Brantwood centre Jo Tanner was rested.", "Jo Tanner"),  # a position
        ("The visitors scored late tries from centre Walter Tanner and wing Jo Marsh.", "Walter Tanner"),
        ("A spokesman for Tom Hale denied the report on Monday.", "Tom Hale"),
        ("Running from Lance (Tom Tanner) and Kaye (Amberly Dorlan), the boy hides.", "Amberly Dorlan"),
        ("Jo Tan beat Eminem, Usher and Tom Hale to the prize.", "Tom Hale"),
        ("The song has vocals from Chris Tan, Dido, Tom Hale and the Sugababes.", "Tom Hale"),
        ("Running from Lance (Tom Tanner) and Kaye (Ann Dorley), the boy hides. Tom Tanner is superb.", "Tom Tanner"),
        ("Tony Blair and the Prime Minister met on Monday.", "Tony Blair"),
        ("The singer Ella Marsh and Jo Tan, Ann Lee and Kim Ho met.", "Ella Marsh"),
        ("Sens. Alan Cranston and Daniel Tanner said they introduced the bill.", "Daniel Tanner"),  # "and" no firm
        ("Bob Bryan and his brother won the doubles. The Bob Bryan brothers are back.", "Bob Bryan"),
    ],
)
def test_a_person_stays_a_person(nlp, text, name):
    assert labels_of(nlp(text), name) == {"PERSON"}


def test_a_surname_naming_a_family_is_the_family_in_that_mention_only(nlp):
    doc = nlp("Before the seizure, Andres Soriano led a bid for the shares. The Soriano group cited a conflict of "
              "interest. Soriano said he would fight.")
    assert [(m.text, m.label) for m in doc._.news_entities if "Soriano" in m.text] == [
        ("Andres Soriano", "PERSON"), ("Soriano", "ORG"), ("Soriano", "PERSON")]


def test_no_persons_name_opens_with_my(nlp):
    doc = nlp("Ask Jeeves has bought Bloglines. It will sit well with Ask's My Jeeves service, Jeeves said.")
    assert "PERSON" not in labels_of(doc, "My Jeeves")


@pytest.mark.parametrize(
    ("text", "characters", "actors"),
    [
        ("Running from Lance (Tom Tanner) and Kaye (Amberly Dorlan), the boy hides. Kaye laughs.", {"Lance", "Kaye"},
         {"Tom Tanner", "Amberly Dorlan"}),
        ("The villain is Morwen Ashe (a chilling Rhoda Vance), who wants the crown.", {"Morwen Ashe"}, {"Rhoda Vance"}),
        ("The film stars Pat Sayer (as Merlin Vance) and Jo Tan.", {"Merlin Vance"}, {"Pat Sayer", "Jo Tan"}),
        ("The film stars Pat Sayer (as “old” Merlin Vance) and Jo Tan.", {"Merlin Vance"}, {"Pat Sayer", "Jo Tan"}),
    ],
)
def test_a_character_someone_plays_is_no_person(nlp, text, characters, actors):
    people = {m.entity for m in nlp(text)._.news_entities if m.label == "PERSON"}
    assert actors <= people
    assert not characters & people


def test_a_lone_name_a_place_in_another_mention_is_that_place():
    import spacy
    from spacy.tokens import Doc, Span

    from components.relabel import relabel_people

    # a county's cricket team: the model calls one "Glossop" a place, the other a person
    words = ["Rain", "fell", "across", "Glossop", ".", "Glossop", "won", "by", "six", "wickets", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, tags=["NNP", "VBD", "IN", "NNP", ".", "NNP", "VBD", "IN", "CD",
                                                          "NNS", "."])
    doc.ents = [Span(doc, 3, 4, label="GPE"), Span(doc, 5, 6, label="PERSON")]
    assert [label for _, label in relabel_people(doc, [(e, e.label_) for e in doc.ents])] == ["GPE", "GPE"]
    # a given name the model once tags a place stays a person
    doc = Doc(spacy.blank("en").vocab, words=["Tracy", "left", ".", "Tracy", "won", "."],
              tags=["NNP", "VBD", ".", "NNP", "VBD", "."])
    doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 3, 4, label="PERSON")]
    assert [label for _, label in relabel_people(doc, [(e, e.label_) for e in doc.ents])] == ["GPE", "PERSON"]
    # a surname that is also a town, tagged a place once and a person more often, stays a person
    words = ["Glossop", "left", ".", "Glossop", "won", ".", "Glossop", "lost", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, tags=["NNP", "VBD", "."] * 3)
    doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 3, 4, label="PERSON"), Span(doc, 6, 7, label="PERSON")]
    assert [label for _, label in relabel_people(doc, [(e, e.label_) for e in doc.ents])] == ["GPE", "PERSON",
                                                                                               "PERSON"]


@pytest.mark.parametrize(("text", "firm"), [
    ("Keller and Dunmore said it had cut its rating on the senior debt of Westfield Power Co to BBB from A.", True),
    ("Keller and Dunmore lowered the ratings on Westfield Power bonds.\n\nKeller and Dunmore said the utility faces "
     "rising costs.", True),
    # one of them named in full: two people
    ("Analyst Anne Keller left the bank in May. Keller and Dunmore said it had cut its rating on the senior debt of "
     "Westfield Power Co to BBB from A.", False),
    # two of a longer list: people
    ("Mara and Keller and Dunmore and Lee all said it was a mistake.", False),
    ("Analyst Anne Keller left the bank in May. Keller and Dunmore said it had cut its rating on the senior debt of "
     "Westfield Power Co to BBB from A.", False),
])
def test_a_firm_named_after_two_people_is_one_organisation(nlp, text, firm):
    """Two surnames joined by "and" that the article names only so, and takes up as one thing ("it", "its") or
    names so twice, are a firm named after its founders, not two people."""
    doc = nlp(text)
    assert (labels_of(doc, "Keller and Dunmore") == {"ORG"}) is firm
    assert not firm or not labels_of(doc, "Dunmore") | labels_of(doc, "Keller")
