"""Count each story once: copies of one story (shared band keys) count as their earliest article on every page,
and the Stories page lists the stories run more than once with their copies."""

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import queries
from components.filters import Filters
from components.snapshot import Snapshot
from components.store import Store

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def article(article_id: str, source: str, published: str, title: str, bands: list[int]) -> dict:
    return {"article_id": article_id, "content_hash": article_id, "title": title, "source": source,
            "published": date.fromisoformat(published), "url": "", "dateline": "", "n_words": 30, "origin": "",
            "text": "text", "story_bands": bands}


def mention(article_id: str, name: str) -> dict:
    return {"article_id": article_id, "entity": name, "label": "PERSON", "text": name, "start_char": 0,
            "end_char": 1, "gender": "", "gender_evidence": ""}


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch({
        # one wire story run by three outlets under three headlines, and one story of its own
        "articles": [article("wire", "Reuters", "2024-03-01", "Strike halts port", [11, 12]),
                     article("copy1", "Daily", "2024-03-02", "Port strike", [12, 99]),
                     article("copy2", "Weekly", "2024-03-03", "Strike halts port", [11]),
                     article("own", "Daily", "2024-03-02", "Local election", [55])],
        "entities": [mention(a, "Ann Lee") for a in ("wire", "copy1", "copy2", "own")],
        "quotes": [], "countries": [],
    })
    return store


def test_each_story_once_counts_the_earliest_copy(store):
    snap = Snapshot.load(store)
    once = Filters(one_per_story=True)
    assert queries.article_count(snap, Filters()) == 4
    assert queries.article_count(snap, once) == 2
    assert set(queries.articles_table(snap, once)["article_id"]) == {"wire", "own"}
    ann = queries.top_entities(snap, once).set_index("entity").loc["Ann Lee"]
    assert ann["mentions"] == 2
    # with another filter: Daily ran a copy and its own story; its copy is not the story's earliest
    assert set(queries.articles_table(snap, Filters(sources=("Daily",), one_per_story=True))["article_id"]) == {"own"}


def test_the_switch_travels_in_the_url():
    assert Filters(one_per_story=True).to_query_params() == {"once": "1"}
    assert Filters.from_query_params({"once": "1"}).one_per_story
    assert not Filters.from_query_params({}).one_per_story


def test_largest_stories_and_their_copies(store):
    snap = Snapshot.load(store)
    stories = queries.largest_stories(snap, Filters(one_per_story=True))  # a stories list shows every copy
    assert stories[["story_id", "headline", "copies", "sources", "headlines"]].values.tolist() == [
        ["wire", "Strike halts port", 3, 3, 2]]
    copies = queries.story_copies(snap, "wire")
    assert copies["article_id"].tolist() == ["wire", "copy1", "copy2"]  # earliest first


def test_stories_page_and_sidebar_switch(store, monkeypatch):
    monkeypatch.setenv("NEWSSCOPE_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["once"] = "1"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="flt_once").value  # seeded from the URL
    assert any("each story counted once" in c.value for c in at.caption)
    at.switch_page("views/stories.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="stories_open").value == "wire"
    assert any("3 copies" in m.value for m in at.markdown)
    at.toggle(key="flt_once").set_value(False).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "once" not in at.query_params
