"""One person under two spellings of a first name is one person across the corpus; different people stay apart."""

import pytest

from components.aliases import same_first_name
from components.store import Store


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Eliot", "Elliot", True),  # a letter doubled
    ("Phillip", "Philip", True),
    ("Marty", "Martin", False),  # a nickname: as likely another person (a hockey official, a goalie)
    ("Bill", "Will", False),
    ("John", "Joan", False),
    ("J.", "John", False),  # an initial says too little across a corpus
    ("Anil", "Mukesh", False),
])
def test_same_first_name(a, b, same):
    assert same_first_name(a, b) is same


def mention(article_id: str, name: str) -> dict:
    return {"article_id": article_id, "entity": name, "label": "PERSON", "text": name, "start_char": 0,
            "end_char": 1, "gender": "", "gender_evidence": ""}


def test_the_store_joins_variants_to_the_most_frequent_name(tmp_path):
    names = {"a1": ["Phillip Ebbers"] * 3 + ["Anil Ambani", "Martin Jones"],
             "a2": ["Philip Ebbers", "Mukesh Ambani"],
             "a3": ["Eliot Spitzer", "Ebbers"], "a4": ["Elliot Spitzer", "Eliot Spitzer", "Marty Jones"]}
    store = Store(tmp_path / "store")
    store.write_batch({
        "articles": [{"article_id": a, "content_hash": a, "title": a, "source": "", "published": None, "url": "",
                      "dateline": "", "n_words": 10, "origin": "", "text": "text"} for a in names],
        "entities": [mention(a, name) for a, people in names.items() for name in people],
        "quotes": [{"article_id": "a2", "quote": "words words words", "speaker": "Philip Ebbers",
                    "speaker_text": "Ebbers", "cue": "said", "start_char": 0, "end_char": 1, "speaker_gender": ""}],
        "countries": [],
    })
    con = store.connect()
    people = dict(con.execute(
        "SELECT article_id, list_sort(list(DISTINCT entity)) FROM entities GROUP BY article_id").fetchall())
    assert people == {"a1": ["Anil Ambani", "Martin Jones", "Phillip Ebbers"],
                      "a2": ["Mukesh Ambani", "Phillip Ebbers"],
                      "a3": ["Eliot Spitzer", "Phillip Ebbers"],  # the surname alone after the variants joined
                      "a4": ["Eliot Spitzer", "Marty Jones"]}
    assert con.execute("SELECT speaker FROM quotes").fetchone()[0] == "Phillip Ebbers"


def test_a_one_word_person_the_corpus_mostly_names_otherwise_takes_that_label(tmp_path):
    def row(article_id: str, entity: str, label: str) -> dict:
        return {**mention(article_id, entity), "label": label}

    store = Store(tmp_path / "store")
    store.write_batch({
        "articles": [{"article_id": a, "content_hash": a, "title": a, "source": "", "published": None, "url": "",
                      "dateline": "", "n_words": 10, "origin": "", "text": "text"} for a in ("a1", "a2", "a3")],
        "entities": [row("a1", "Diageo", "PERSON"), row("a2", "Diageo", "ORG"), row("a3", "Diageo", "ORG"),
                     row("a1", "Madonna", "PERSON"), row("a2", "Madonna", "PERSON"), row("a3", "Madonna", "ORG")],
        "quotes": [], "countries": [],
    })
    labels = dict(store.connect().execute(
        "SELECT entity || '/' || article_id, label FROM entities").fetchall())
    assert labels["Diageo/a1"] == "ORG"
    assert labels["Madonna/a1"] == "PERSON"  # named as a person more often than not


def test_the_dashboards_snapshot_names_people_as_the_store_does(tmp_path):
    from components.snapshot import Snapshot

    store = Store(tmp_path / "store")
    store.write_batch({
        "articles": [{"article_id": a, "content_hash": a, "title": a, "source": "", "published": None, "url": "",
                      "dateline": "", "n_words": 10, "origin": "", "text": "text"} for a in ("a1", "a2")],
        "entities": [mention("a1", "Phillip Ebbers"), mention("a1", "Phillip Ebbers"), mention("a2", "Philip Ebbers"),
                     {**mention("a1", "European Union"), "label": "ORG"},
                     {**mention("a1", "European Union"), "label": "ORG", "text": "EU"},
                     {**mention("a2", "EU"), "label": "ORG"}],
        "quotes": [], "countries": [],
    })
    query = "SELECT article_id, entity FROM entities ORDER BY ALL"
    assert Snapshot.load(store).con.execute(query).fetchall() == store.connect().execute(query).fetchall()
    assert ("a2", "European Union") in Snapshot.load(store).con.execute(query).fetchall()
