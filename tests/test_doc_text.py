"""A Doc's text, read once and shared by the components."""

import spacy

from components.doc_text import doc_text


def test_the_text_is_the_docs_and_joined_once():
    doc = spacy.blank("en")("Jo Tan said:\n\"We won.\"  ")
    first = doc_text(doc)
    assert first == doc.text == "Jo Tan said:\n\"We won.\"  "
    assert doc_text(doc) is first  # the second read is the first one's string, not a new join
    assert doc_text(spacy.blank("en")("")) == ""
