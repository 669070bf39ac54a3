"""A person whose gender one article does not tell takes the gender the rest of the corpus tells, in the store's
views (export) and in the dashboard's snapshot, whole and updated."""

from components.snapshot import Snapshot
from components.store import Store
from tests.test_snapshot import article, merged


def told(article_id: str, name: str, gender: str, *, speaks: bool = False) -> dict[str, list[dict]]:
    rows = article(article_id, "2020-01-01", [], [name], [name] if speaks else [])
    evidence = {"female": "Ms", "male": "Mr", "unknown": ""}[gender]
    rows["entities"] = [{**e, "gender": gender, "gender_evidence": evidence} for e in rows["entities"]]
    rows["quotes"] = [{**q, "speaker_gender": gender} for q in rows["quotes"]]
    return rows


CORPUS = merged(
    told("a1", "Jane Roe", "female"), told("a2", "Jane Roe", "female"), told("a3", "Jane Roe", "unknown", speaks=True),
    # one article against one: no majority, nothing told
    told("b1", "Sam Poe", "female"), told("b2", "Sam Poe", "male"), told("b3", "Sam Poe", "unknown"),
    # three to one: the majority tells
    *(told(f"c{i}", "Kim Doe", "male") for i in range(3)), told("c3", "Kim Doe", "female"),
    told("c4", "Kim Doe", "unknown"),
)


def genders(con, table: str = "entities") -> dict[str, tuple]:
    column = "gender, gender_evidence" if table == "entities" else "speaker_gender"
    key = "entity" if table == "entities" else "speaker"
    return {r[0]: r[1:] for r in con.execute(f"SELECT article_id, {column} FROM {table} ORDER BY {key}").fetchall()
            if r[0][1] in "34"}


def test_the_store_views_tell_an_unknown_gender_from_the_other_articles(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch(CORPUS)
    con = store.connect()
    assert genders(con) == {"a3": ("female", "female in 2 other articles"), "b3": ("unknown", ""),
                            "c3": ("female", "Ms"), "c4": ("male", "male in 3 other articles")}
    assert genders(con, "quotes") == {"a3": ("female",)}  # the speaker too


def test_the_snapshot_tells_it_whole_and_to_new_articles(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch(CORPUS)
    snap = Snapshot.load(store)
    assert genders(snap.con) == genders(store.connect())
    store.write_batch(told("a4", "Jane Roe", "unknown", speaks=True))
    updated = Snapshot.load(store, previous=snap)
    assert updated.one("SELECT gender, gender_evidence FROM entities WHERE article_id = 'a4'") == \
        ("female", "female in 2 other articles")
    assert updated.one("SELECT speaker_gender FROM quotes WHERE article_id = 'a4'") == ("female",)


def test_a_surname_the_corpus_made_a_full_name_takes_no_gender_from_it(tmp_path):
    """"Ms. May" in one article is not always the Elizabeth May of the others: the corpus's full name for a lone
    surname may be someone else, so its gender is not passed on."""
    store = Store(tmp_path / "store")
    store.write_batch(merged(told("a1", "Jane Roe", "female"), told("a2", "Jane Roe", "female"),
                             told("x1", "Roe", "unknown", speaks=True)))
    con = store.connect()
    assert con.execute("SELECT entity, gender FROM entities WHERE article_id = 'x1'").fetchall() == \
        [("Jane Roe", "unknown")]
    assert con.execute("SELECT speaker, speaker_gender FROM quotes WHERE article_id = 'x1'").fetchall() == \
        [("Jane Roe", "unknown")]
    snap = Snapshot.load(store)
    assert snap.one("SELECT gender FROM entities WHERE article_id = 'x1'") == ("unknown",)


def test_a_lone_name_takes_no_gender_from_other_articles(tmp_path):
    """"Catherine" alone in two articles may be two women, or a woman and a man of that surname."""
    store = Store(tmp_path / "store")
    store.write_batch(merged(told("a1", "Catherine", "male"), told("a2", "Catherine", "male"),
                             told("x1", "Catherine", "unknown", speaks=True)))
    con = store.connect()
    assert con.execute("SELECT gender FROM entities WHERE article_id = 'x1'").fetchall() == [("unknown",)]
    assert con.execute("SELECT speaker_gender FROM quotes WHERE article_id = 'x1'").fetchall() == [("unknown",)]
    assert Snapshot.load(store).one("SELECT gender FROM entities WHERE article_id = 'x1'") == ("unknown",)


def test_a_first_name_guess_yields_to_the_articles_that_tell(tmp_path):
    """"Kennedy" is mostly a woman's name: one article guesses from it alone, two others say "Mr"."""
    guessed = told("g3", "Kennedy Poe", "female", speaks=True)
    guessed["entities"] = [{**e, "gender_evidence": "first name Kennedy"} for e in guessed["entities"]]
    store = Store(tmp_path / "store")
    store.write_batch(merged(told("g1", "Kennedy Poe", "male"), told("g2", "Kennedy Poe", "male"), guessed,
                             # an article's own words stay, against two others
                             told("h1", "Jo Poe", "female"), told("h2", "Jo Poe", "male"),
                             told("h3", "Jo Poe", "male")))
    con = store.connect()
    expected = ("male", "first name Kennedy; male in 2 other articles")
    assert con.execute("SELECT gender, gender_evidence FROM entities WHERE article_id = 'g3'").fetchone() == expected
    assert con.execute("SELECT speaker_gender FROM quotes WHERE article_id = 'g3'").fetchone() == ("male",)
    assert con.execute("SELECT gender FROM entities WHERE article_id = 'h1'").fetchone() == ("female",)
    snap = Snapshot.load(store)
    assert snap.one("SELECT gender, gender_evidence FROM entities WHERE article_id = 'g3'") == expected
    assert snap.one("SELECT speaker_gender FROM quotes WHERE article_id = 'g3'") == ("male",)
