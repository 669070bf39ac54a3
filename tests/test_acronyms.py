"""Short forms join the full name the article (or else the corpus) spells out; unrelated capitals stay apart."""

import pytest

from components.acronyms import expands, is_short_form, short_forms
from components.pipeline import build_nlp
from components.store import Store


@pytest.mark.parametrize(("short", "name", "same"), [
    ("SEC", "Securities and Exchange Commission", True),  # initials without the small words
    ("BoE", "Bank of England", True),  # ... or with them
    ("U.N.", "United Nations", True),
    ("GM", "General Motors", True),
    ("GM", "General Electric", False),
    ("EU", "Europe", False),  # one word has no initials to spell
    ("USDA", "U.S. Agriculture Department", True),  # read as "U.S. Department of Agriculture"
    ("Fed", "Federal Reserve", True),  # a clipped first word
    ("Fed", "Fed Cup", False),
    ("Ford", "Fordham University", False),  # four letters open too many names
])
def test_expands(short, name, same):
    assert expands(short, name) is same


def test_a_bracketed_short_form_needs_no_initials():
    text = "Yukos Oil (YUKOS) shares fell."
    assert short_forms(text, [("Yukos Oil", 0, 9)]) == {"YUKOS": "Yukos Oil"}
    assert not is_short_form("Reuters")


def test_a_bracketed_word_joins_only_the_name_it_spells():
    # "Canada" after "Sunbeam Corp" names the unit's country: a word in brackets is no short form of a name unless its
    # letters are the name's initials, or the article's (and the corpus's) Canada becomes Sunbeam Corp
    text = "the company's Sunbeam Corp (Canada) unit"
    assert short_forms(text, [("Sunbeam Corp", 14, 26)]) == {}
    nato = "North Atlantic Treaty Organisation"
    assert short_forms(f"the {nato} (Nato) met", [(nato, 4, 38)]) == {"Nato": nato}


def entities(text: str) -> set[tuple[str, str]]:
    return {(e.text, e.entity) for e in build_nlp()(text)._.news_entities if e.label not in ("DATE", "CARDINAL")}


def test_an_article_names_its_short_forms_by_their_full_names():
    found = entities("General Motors cut 5,000 jobs. GM said sales fell. The Securities and Exchange Commission "
                     "is looking into it, the SEC said.")
    assert ("GM", "General Motors") in found
    assert ("SEC", "Securities and Exchange Commission") in found


def test_an_initialism_written_as_a_word_joins_its_name():
    found = entities("Ministers of the Organization of Petroleum Exporting Countries met in Vienna. Opec said output "
                     "would fall, and Nato said nothing.")
    assert ("Opec", "Organization of Petroleum Exporting Countries") in found
    assert {entity for text, entity in found if text in ("Vienna", "Nato")} <= {"Vienna", "Nato"}  # no initials


@pytest.mark.parametrize(("text", "word", "entity"), [
    ("The Bank of England held rates. The Bank said inflation would fall.", "Bank", "Bank of England"),
    ("The House of Commons voted. The House rose at ten.", "House", "House of Commons"),
    # two organisations "Bank" could stand for: it stays as written
    ("The Bank of England and the World Bank met. The Bank said no.", "Bank", "Bank"),
    # "White House" is no House
    ("A White House aide said the House would vote on Friday.", "House", "House"),
])
def test_the_head_word_of_an_organisation_stands_for_it(text, word, entity):
    assert (word, entity) in entities(text)


def test_a_clipped_name_joins_the_shortest_name_it_opens():
    found = entities("The Federal Reserve Board met on Monday. Federal Reserve officials said the Fed would wait.")
    assert ("Fed", "Federal Reserve") in found


def test_a_short_form_without_its_name_in_the_article_stays_as_written():
    assert ("GM", "GM") in entities("GM said sales fell in March.")


def mention(article_id: str, entity: str, text: str) -> dict:
    return {"article_id": article_id, "entity": entity, "label": "ORG", "text": text, "start_char": 0,
            "end_char": 1, "gender": "", "gender_evidence": ""}


def corpus_names(tmp_path, mentions: list[dict]) -> dict[str, list[str]]:
    """article id -> the names the store's views give its mentions, for three articles holding `mentions`."""
    store = Store(tmp_path / "store")
    store.write_batch({
        "articles": [{"article_id": a, "content_hash": a, "title": a, "source": "", "published": None, "url": "",
                      "dateline": "", "n_words": 10, "origin": "", "text": "text"} for a in ("a1", "a2", "a3")],
        "entities": mentions, "quotes": [], "countries": [],
    })
    return dict(store.connect().execute("SELECT article_id, list(DISTINCT entity) FROM entities GROUP BY 1").fetchall())


def test_the_corpus_gives_a_lone_short_form_its_full_name(tmp_path):
    rows = corpus_names(tmp_path, [
        mention("a1", "European Union", "European Union"), mention("a1", "European Union", "EU"),
        mention("a2", "EU", "EU"), mention("a3", "ANC", "ANC"),
        mention("a1", "Organization of Petroleum Exporting Countries", "OPEC"), mention("a3", "Opec", "Opec")])
    assert rows["a2"] == ["European Union"]
    # ANC: the corpus never spells it out; "Opec" is the "OPEC" another article spells out
    assert sorted(rows["a3"]) == ["ANC", "Organization of Petroleum Exporting Countries"]


def test_the_corpus_writes_a_name_in_its_most_frequent_case(tmp_path):
    rows = corpus_names(tmp_path, [
        mention("a1", "WorldCom", "WorldCom"), mention("a2", "WorldCom", "WorldCom"),
        mention("a3", "Worldcom", "Worldcom"), mention("a3", "Opec", "Opec"),
        mention("a1", "Organization of Petroleum Exporting Countries", "OPEC"),
        mention("a2", "OPEC", "OPEC"), mention("a2", "OPEC", "OPEC"),
        *({**mention(a, "Nice", "Nice"), "label": "GPE"} for a in ("a1", "a2")), mention("a3", "NICE", "NICE"),
        *({**mention(a, "LONDON", "LONDON"), "label": "GPE"} for a in ("a1", "a2", "a3")),
        {**mention("a3", "London", "London"), "label": "GPE"}])
    # "OPEC" alone is the full name another article spells out; so is "Opec", one spelling of it; the town Nice is
    # no NICE; a name in capitals (a wire's dateline, "LONDON") takes its spelling in running text
    assert sorted(rows["a3"]) == ["London", "NICE", "Organization of Petroleum Exporting Countries", "WorldCom"]
    assert sorted(rows["a2"]) == ["London", "Nice", "Organization of Petroleum Exporting Countries", "WorldCom"]


def test_a_name_given_two_labels_equally_often_takes_one_by_a_fixed_rule_not_by_row_order(tmp_path):
    # "Party Convention" is an event once and a law once; the corpus writes it "Party convention", an event, more
    # often. The tie goes to the label first in alphabetical order (EVENT), whichever row a scan meets first, so the
    # spelling joins the same way on every load.
    rows = corpus_names(tmp_path, [
        {**mention("a1", "Party Convention", "Party Convention"), "label": "LAW"},
        {**mention("a1", "Party Convention", "Party Convention"), "label": "EVENT"},
        *({**mention(a, "Party convention", "Party convention"), "label": "EVENT"} for a in ("a2", "a2", "a3"))])
    assert rows["a1"] == ["Party convention"]
