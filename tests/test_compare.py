"""Compare two slices: counts and shares per slice, the weighted log-odds that says what is distinctive, the page."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import queries
from components.filters import Filters
from components.queries.compare import score
from components.snapshot import Snapshot
from components.store import Store
from tests.test_story_counting import mention

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def test_log_odds_rank_what_one_slice_names_much_more_often():
    counts = pd.DataFrame({
        "item": ["Putin", "Zelensky", "Biden", "Macron"], "label": ["PERSON"] * 4,
        "background": [40, 40, 40, 2], "articles_a": [30, 2, 10, 1], "articles_b": [3, 30, 10, 1]})
    ranked = score(counts, 40, 40)
    assert ranked["item"].tolist() == ["Putin", "Biden", "Macron", "Zelensky"]
    z = ranked.set_index("item")["log_odds_z"]
    assert z["Putin"] > 3 and z["Zelensky"] < -3  # seen often and lopsided: far from 0
    assert abs(z["Biden"]) < 0.5  # as common in both
    assert ranked.set_index("item").loc["Putin", "share_a"] == pytest.approx(30 / 40)
    assert "Macron" not in score(counts, 40, 40, min_articles=3)["item"].tolist()  # too rare to tell


def article(article_id: str, source: str) -> dict:
    return {"article_id": article_id, "content_hash": article_id, "title": article_id, "source": source,
            "published": date(2024, 1, 1), "url": "", "dateline": "", "n_words": 10, "origin": "", "text": "text"}


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "store")
    times = [f"t{i}" for i in range(6)]
    posts = [f"p{i}" for i in range(4)]
    store.write_batch({
        "articles": [article(a, "Times") for a in times] + [article(a, "Post") for a in posts],
        "entities": [mention(a, "Ann Lee") for a in times] + [mention(a, "Bob Ray") for a in posts]
                    + [mention(a, "Kim Oh") for a in times[:2] + posts[:2]],
        "quotes": [], "countries": [],
    })
    return store


def open_compare(store: Store, monkeypatch, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("NEWSSCOPE_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    at.switch_page("views/compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_compare_counts_each_slice_within_the_sidebars_selection(store):
    snap = Snapshot.load(store)
    a, b = Filters(sources=("Times",)), Filters(sources=("Post",))
    assert queries.slice_sizes(snap, Filters(), a=a, b=b) == (6, 4)
    rows = queries.compare(snap, Filters(), a=a, b=b).set_index("item")
    assert rows.index.tolist() == ["Ann Lee", "Kim Oh", "Bob Ray"]
    assert rows.loc["Ann Lee", ["articles_a", "articles_b"]].tolist() == [6, 0]
    assert rows.loc["Kim Oh", "share_b"] == pytest.approx(0.5)
    # the sidebar narrows both slices: only the articles naming Kim Oh
    assert queries.slice_sizes(snap, Filters(entities=("Kim Oh",)), a=a, b=b) == (2, 2)


def test_compare_page_reads_and_writes_both_slices_in_the_url(store, monkeypatch):
    at = open_compare(store, monkeypatch)
    # a first visit compares the two largest sources
    assert at.multiselect(key="compare_a_sources").value == ["Times"]
    assert at.multiselect(key="compare_b_sources").value == ["Post"]
    assert any("6 articles" in c.value and "4 articles" in c.value for c in at.caption)
    at.multiselect(key="compare_b_sources").set_value([]).run()
    at.text_input(key="compare_b_text").set_value("Kim").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["a_source"] in ("Times", ["Times"]) and at.query_params["b_q"] in ("Kim", ["Kim"])
    assert "b_source" not in at.query_params


def test_a_bookmarked_comparison_opens_with_its_slices(store, monkeypatch):
    at = open_compare(store, monkeypatch, {"a_source": "Post", "b_entity": "Kim Oh"})
    assert at.multiselect(key="compare_a_sources").value == ["Post"]
    assert at.multiselect(key="compare_b_entities").value == ["Kim Oh"]
    assert at.multiselect(key="compare_b_sources").value == []  # no first-visit default in a bookmarked view
    assert any("4 articles" in c.value and "4 articles." in c.value for c in at.caption)


def test_slices_by_a_metadata_field_open_on_its_two_largest_values_and_live_in_the_url(tmp_path, monkeypatch):
    """A corpus with one source (BBC) is compared by category: each slice takes values of a metadata field."""
    store = Store(tmp_path / "store")
    sport = [f"s{i}" for i in range(5)]
    business = [f"b{i}" for i in range(3)]
    store.write_batch({
        "articles": [{**article(a, "BBC"), "metadata": {"category": ("sport",)}} for a in sport]
                    + [{**article(a, "BBC"), "metadata": {"category": ("business",)}} for a in business],
        "entities": [mention(a, "Ann Lee") for a in sport] + [mention(a, "Bob Ray") for a in business],
        "quotes": [], "countries": [],
    })
    at = open_compare(store, monkeypatch)
    assert at.multiselect(key="compare_a_meta.category").value == ["sport"]
    assert at.multiselect(key="compare_b_meta.category").value == ["business"]
    assert any("category sport: 5 articles" in c.value and "category business: 3 articles" in c.value
               for c in at.caption)
    assert not [w for w in at.multiselect if w.key == "compare_a_sources"]  # one source: nothing to choose
    assert at.query_params["a_meta.category"] in ("sport", ["sport"])
    at = open_compare(store, monkeypatch, {"a_meta.category": "business", "b_entity": "Ann Lee"})
    assert at.multiselect(key="compare_a_meta.category").value == ["business"]
    assert at.multiselect(key="compare_b_meta.category").value == []
    assert any("category business: 3 articles" in c.value and "Ann Lee: 5 articles" in c.value for c in at.caption)


def tied_snapshot(tmp_path, labels: tuple[str, str]) -> Snapshot:
    """"Party Convention" as a law once and an event once, the rows stored in the order `labels` gives."""
    store = Store(tmp_path / "store")
    store.write_batch({
        "articles": [article("t1", "Times"), article("p1", "Post")],
        "entities": [{**mention(a, "Party Convention"), "label": label} for a, label in zip(("t1", "p1"), labels)],
        "quotes": [], "countries": []})
    return Snapshot.load(store)


@pytest.mark.parametrize("labels", [("EVENT", "LAW"), ("LAW", "EVENT")])
def test_a_name_given_two_labels_equally_often_is_listed_under_one_by_a_fixed_rule(tmp_path, labels):
    # whichever row a scan meets first, the comparison lists the name under the label first in alphabetical order,
    # as the snapshot's spelling join does
    rows = queries.compare(tied_snapshot(tmp_path, labels), Filters(), a=Filters(sources=("Times",)),
                           b=Filters(sources=("Post",)), labels=("EVENT", "LAW"))
    assert rows.set_index("item").loc["Party Convention", "label"] == "EVENT"


@pytest.mark.parametrize("labels", [("EVENT", "LAW"), ("LAW", "EVENT")])
def test_the_entity_chart_settles_a_label_tie_by_a_fixed_rule(tmp_path, labels):
    # the Entities chart lists a name under its most frequent label; a tie goes to the first in alphabetical order
    top = queries.top_entities(tied_snapshot(tmp_path, labels), Filters(), labels=("EVENT", "LAW"))
    assert top.set_index("entity").loc["Party Convention", "label"] == "EVENT"
