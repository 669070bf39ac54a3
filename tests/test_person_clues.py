"""People recognised by what the article says of them: a comma parting two people in one entity, a regnal number,
a role noun before a name the model called something else, an untagged given name and surname said of a person, and
the members of a list of people."""

from __future__ import annotations

import re

import pytest
import spacy

from components.person_clues import after_country, people_by_clues, split_listed, with_regnal_number


def tagged(text: str, ents: dict[str, str], tags: dict[str, str] | None = None):
    """A blank-English doc of `text`: capitalised words NNP, numbers CD, other words NN (or as `tags` says);
    `ents` maps each entity's text (every occurrence) to its label, as a model would have tagged it."""
    doc = spacy.blank("en")(text)
    tags = {"scored": "VBD", "was": "VBD", "beat": "VBD", **(tags or {})}
    for tok in doc:
        tok.tag_ = tags.get(tok.text) or ("CD" if tok.text[:1].isdigit() else "NNP" if tok.text[:1].isupper()
                                          else "," if tok.text == "," else "NN")
    spans = [doc.char_span(m.start(), m.end(), label=label)
             for name, label in ents.items() for m in re.finditer(re.escape(name), text)]
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def labelled(doc):
    return [(span, span.label_) for span in doc.ents]


def people(pairs):
    return {span.text for span, label in pairs if label == "PERSON"}


def test_a_comma_inside_a_person_parts_two_people():
    doc = tagged("Bowling: Perera, Gunasekera 10-2-33-1", {"Perera, Gunasekera": "PERSON"})
    assert [(s.text, s.label_) for s in split_listed(list(doc.ents))] == [
        ("Perera", "PERSON"), ("Gunasekera", "PERSON")]
    # a suffix after a comma stays with its name
    doc = tagged("Rev Amos Tullett , Jr . spoke", {"Amos Tullett , Jr": "PERSON"})
    assert [s.text for s in split_listed(list(doc.ents))] == ["Amos Tullett , Jr"]
    # and so does a firm's form ("Tullett Funeral Home, Inc." tagged a person)
    doc = tagged("at A. Tullett Funeral Home , Inc on Friday", {"A. Tullett Funeral Home , Inc": "PERSON"})
    assert [s.text for s in split_listed(list(doc.ents))] == ["A. Tullett Funeral Home , Inc"]


@pytest.mark.parametrize(
    ("text", "tags", "expected"),
    [
        ("1558 - Queen Matilda II crowned .", {}, "Matilda II"),
        ("1533 - Queen Matilda I born .", {"born": "VBD"}, "Matilda I"),
        # the pronoun after a name in speech: "Maybe Tan I think"
        ("Tell Jo Tan I think so .", {"I": "PRP", "think": "VBP"}, "Jo Tan"),
        # a surname's number is a second term, no king's
        ("the Tullett II years", {}, "Tullett"),
    ],
)
def test_a_regnal_number_is_part_of_the_name(text, tags, expected):
    name = expected.split(" I")[0]
    doc = tagged(text, {name: "PERSON"}, tags)
    assert with_regnal_number(doc, doc.ents[0]).text == expected


def test_a_role_noun_before_a_name_tagged_otherwise_makes_a_person():
    doc = tagged("French centre Hannah Verbeek scored twice .", {"Hannah Verbeek": "ORG", "French": "NORP"})
    pairs, _ = people_by_clues(doc, labelled(doc))
    assert people(pairs) == {"Hannah Verbeek"}
    # or after it, heading the apposition
    doc = tagged("Hannah Verbeek , vice president of Acme , said so .", {"Hannah Verbeek": "ORG", "Acme": "ORG"},
                 {"vice": "JJ", "of": "IN", "said": "VBD"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == {"Hannah Verbeek"}
    doc = tagged("Hannah Verbeek , whose president quit , fell .", {"Hannah Verbeek": "ORG"}, {"whose": "WP$"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == set()
    # without the role the label stands, and an organisation's word keeps it too
    doc = tagged("Then Hannah Verbeek scored twice .", {"Hannah Verbeek": "ORG"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == set()
    doc = tagged("French centre Hannah Verbeek Foundation scored .", {"Hannah Verbeek Foundation": "ORG"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == set()
    # nor a name modifying a noun after the role ("a fellow Hannah Verbeek asset")
    doc = tagged("a fellow Hannah Verbeek asset", {"Hannah Verbeek": "ORG"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == set()


def test_an_untagged_given_name_and_surname_said_of_a_person():
    doc = tagged("In the final Ronan Maddick ( Ireland ) beat the holder .", {"Ireland": "GPE"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == {"Ronan Maddick"}
    # nothing said of a person: no person ("Ronan Maddick" could be a hall, a cup, a firm)
    doc = tagged("In the final Ronan Maddick beat the holder .", {})
    assert people(people_by_clues(doc, labelled(doc))[0]) == set()


def test_an_untagged_name_opening_a_paragraph_is_inside_its_sentence():
    doc = tagged("The boats sank .\n\nRonan Maddick ( Ireland ) beat the holder .", {"Ireland": "GPE"})
    for tok in doc[1:]:
        tok.is_sent_start = tok.i == 5  # "Ronan": the sentence the blank line ends and the one it opens
    assert people(people_by_clues(doc, labelled(doc))[0]) == {"Ronan Maddick"}
    # a sentence's first word with no paragraph break before it still tells nothing
    doc = tagged("The boats sank . Ronan Maddick ( Ireland ) beat the holder .", {"Ireland": "GPE"})
    for tok in doc[1:]:
        tok.is_sent_start = tok.i == 4
    assert people(people_by_clues(doc, labelled(doc))[0]) == set()


def test_members_of_a_list_of_people_are_people():
    doc = tagged("Dinner with Mirela , Odalys , Brenna , Katie and Saoirse was fun .",
                 {"Mirela , Odalys": "ORG", "Brenna": "PERSON", "Katie": "PERSON", "Saoirse": "PERSON"})
    pairs, listed = people_by_clues(doc, labelled(doc))
    assert people(pairs) == {"Mirela", "Odalys", "Brenna", "Katie", "Saoirse"}
    assert {doc[i].text for i in listed} == {"Mirela", "Odalys", "Brenna", "Katie", "Saoirse"}
    # a given name tagged a place among them is a person too
    doc = tagged("Dinner with Brenna , Katie , Saoirse and Tracy was fun .",
                 {"Brenna": "PERSON", "Katie": "PERSON", "Saoirse": "PERSON", "Tracy": "GPE"})
    assert "Tracy" in people(people_by_clues(doc, labelled(doc))[0])
    # a list of places with a person or two in it is no list of people
    doc = tagged("He visited Leeds , Bristol and Nancy .", {"Leeds": "GPE", "Bristol": "PERSON", "Nancy": "PERSON"})
    assert people_by_clues(doc, labelled(doc)) == (labelled(doc), set())
    # nor a list before the noun that says what its members are
    doc = tagged("roads in Becker , Clay , Douglas , Grant and Swift counties",
                 {"Becker": "PERSON", "Grant": "PERSON", "Swift": "PERSON", "Clay": "GPE"}, {"counties": "NNS"})
    assert people_by_clues(doc, labelled(doc)) == (labelled(doc), set())


def test_people_in_the_article(nlp):
    def people_of(text):
        return {m.entity for m in nlp(text)._.news_entities if m.label == "PERSON"}

    assert people_of("461 - Pope Leo I died in Rome.") == {"Leo I"}
    # a one-word member of a list of people is no place after its comma ("Tracy" of Tracy, California)
    listed = people_of("The dates went to Mirela, Odalys, Brenna, Tracy, Katie and Imelda.")
    assert {"Brenna", "Tracy", "Katie"} <= listed


def test_names_written_with_a_country_where_the_article_writes_its_people_so():
    text = ("1 . Ama Serwaa ( Ghana ) 50.31\n2 . Jo Tan ( Kenya ) 50.42\n3 . Lira Okonkwo ( Nigeria ) 50.50\n"
            "4 . Tobi Adeyemi ( Benin ) 50.61")
    doc = tagged(text, {"Ama Serwaa": "PERSON", "Jo Tan": "PERSON", "Lira Okonkwo": "ORG", "Ghana": "GPE",
                        "Kenya": "GPE", "Nigeria": "GPE", "Benin": "GPE"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == {"Ama Serwaa", "Jo Tan", "Lira Okonkwo", "Tobi Adeyemi"}
    # one such person is no table: the label stands
    doc = tagged("Ama Serwaa ( Ghana ) met Lira Okonkwo ( Nigeria ) .",
                 {"Ama Serwaa": "PERSON", "Lira Okonkwo": "ORG", "Ghana": "GPE", "Nigeria": "GPE"}, {"met": "VBD"})
    assert people(people_by_clues(doc, labelled(doc))[0]) == {"Ama Serwaa"}


@pytest.mark.parametrize(
    ("text", "ent", "label", "expected"),
    [
        # a scorers' line tagged whole: the country and its dash are no part of the name
        ("Scorers :\nKenya - Jo Tan ( 21st minute )", "Kenya - Jo Tan", "ORG", "Jo Tan"),
        ("Scorers :\nKenya - Jo Tan ( 21st minute )", "Kenya - Jo", "PERSON", "Jo Tan"),
        # not in running text, nor an organisation without the bracket
        ("He said Kenya - Jo Tan ( 21st minute )", "Kenya - Jo Tan", "ORG", "Kenya - Jo Tan"),
        ("Sponsors :\nKenya - Tan Airways flew", "Kenya - Tan Airways", "ORG", "Kenya - Tan Airways"),
    ],
)
def test_a_country_and_a_dash_before_a_name(text, ent, label, expected):
    doc = tagged(text, {ent: label})
    span = after_country(doc.ents[0])
    assert span.text == expected
    assert span.label_ == ("PERSON" if expected != ent else label)
