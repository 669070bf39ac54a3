"""Reported speech: indirect quotes extracted from the parse, stored with their kind, exported and shown on request."""

from __future__ import annotations

import csv

import pyarrow as pa
import pytest

from components import queries
from components.cli import main
from components.export import export_store
from components.filters import Filters
from components.snapshot import Snapshot
from components.store import Store
from tests.conftest import DEMO_ARTICLES, demo_rows
from tests.test_dashboard import go, open_app, rerun, shown


def indirect(nlp, text):
    """(reported clause, speaker, cue) of each indirect quote of `text`."""
    return [(q.quote, q.speaker or q.speaker_text, q.cue) for q in nlp(text)._.news_quotes if q.kind == "indirect"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jo Smith said the plan would fail.", [("the plan would fail", "Jo Smith", "said")]),
        ("Jo Smith said that the company would close its plant in Leeds.",
         [("the company would close its plant in Leeds", "Jo Smith", "said")]),
        ("According to Jo Smith, the company will close its plant.",
         [("the company will close its plant", "Jo Smith", "According to")]),
        ("The company will close its plant, according to Jo Smith.",
         [("The company will close its plant", "Jo Smith", "according to")]),
        ("Jo Smith told reporters the company would close its plant.",
         [("the company would close its plant", "Jo Smith", "told")]),
        ("Jo Smith told reporters that the company would close its plant.",
         [("the company would close its plant", "Jo Smith", "told")]),
        ("The minister warned that prices would rise sharply next year.",
         [("prices would rise sharply next year", "The minister", "warned")]),
        ("Jo Smith, who runs the firm, said on Monday the company would close its plant.",
         [("the company would close its plant", "Jo Smith", "said")]),
        # a pronoun takes the person it stands for, as a direct quote's does
        ("Mary Brown runs the firm. She said the plant would close next year.",
         [("the plant would close next year", "Mary Brown", "said")]),
    ],
)
def test_reported_speech_constructions(nlp, text, expected):
    assert indirect(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He said.",  # no reported clause
        'Jo Smith said: "The company will close its plant in Leeds."',  # a said-clause leading into a direct quote
        'Jo Smith said "the company will close its plant in Leeds".',
        "The plant is said to be the oldest in Britain.",
        "It was said that the plant would close.",
        "Did Jo Smith say the plant would close?",
        "Jo Smith asked whether the plant would close.",
        "Jo Smith did not say the plant would close.",
        "According to the figures, the plant will close.",  # figures speak for no one
        "In the survey, 14% of the workers said they never voted in elections.",
        "The key is if Jo Smith comes out and says that he is happy.",  # what someone would say
        "Jo Smith rejects a suggestion that he had told the board the plant would close.",
        '"We said we only had eleven points against us, which was not much.',  # an unclosed quotation
        "And if she lost, people would say her career was over.",
        "Viruses written to make headlines by infecting millions are getting rarer.",
        "The plant shut on Monday.\n\nREAD MORE: Jo Smith says the plant was run badly\n\nWorkers left at noon.",
    ],
)
def test_not_reported_speech(nlp, text):
    assert indirect(nlp, text) == []


def test_a_blank_line_ends_the_heading_before_the_reported_speech(nlp):
    doc = nlp("READ MORE\n\nThe mayor said the plant would close.")
    assert [s.text.strip() for s in doc.sents] == ["READ MORE", "The mayor said the plant would close."]
    assert [(q.quote, q.speaker_text) for q in doc._.news_quotes] == [("the plant would close", "The mayor")]


def test_indirect_quotes_leave_the_direct_ones_alone(nlp):
    text = ('"We will not sell," said Jo Smith, the chief executive. Smith told staff the plant would stay open. '
            '"It is our home," she said.')
    quotes = nlp(text)._.news_quotes
    direct = [(q.quote, q.speaker, q.kind) for q in quotes if q.kind == "direct"]
    assert direct == [("We will not sell,", "Jo Smith", "direct"), ("It is our home,", "Jo Smith", "direct")]
    reported = next(q for q in quotes if q.kind == "indirect")
    assert text[reported.start_char:reported.end_char] == reported.quote == "the plant would stay open"
    assert (reported.speaker, reported.speaker_role) == ("Jo Smith", "chief executive")


def _mixed_store(root) -> Store:
    """An older batch written before quotes had a kind, then a batch with a direct and an indirect quote."""
    from components import schema

    store = Store(root)
    rows = demo_rows(DEMO_ARTICLES[:1])
    old = schema.SCHEMAS["quotes"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(schema.SCHEMAS, "quotes", pa.schema([f for f in old if f.name != "kind"]))
        store.write_batch(rows)
    article = {**DEMO_ARTICLES[1], "quotes": []}
    newer = demo_rows([article])
    text = article["text"]
    quote = {"article_id": article["article_id"], "speaker": "Reported Person", "speaker_text": "Person",
             "cue": "said", "speaker_gender": "female"}
    newer["quotes"] = [
        {**quote, "quote": text[:20], "start_char": 0, "end_char": 20, "kind": "direct"},
        {**quote, "quote": text[25:60], "start_char": 25, "end_char": 60, "kind": "indirect"},
    ]
    store.write_batch(newer)
    return store


def _kinds(path):
    with path.open(newline="", encoding="utf-8") as f:
        return sorted(r["kind"] for r in csv.DictReader(f))


def test_an_older_store_reads_its_quotes_as_direct_and_the_export_picks_kinds(tmp_path):
    store = _mixed_store(tmp_path / "store")
    old_quotes = len(DEMO_ARTICLES[0]["quotes"])
    kinds = dict(store.connect().execute("SELECT kind, count(*) FROM quotes GROUP BY kind").fetchall())
    assert kinds == {"direct": old_quotes + 1, "indirect": 1}
    assert Snapshot.load(store).one("SELECT count(*) FROM quotes WHERE kind = 'indirect'")[0] == 1
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "direct")]) == 0
    assert _kinds(tmp_path / "direct" / "quotes.csv") == ["direct"] * (old_quotes + 1)
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "all"), "--quotes", "all"]) == 0
    assert _kinds(tmp_path / "all" / "quotes.csv") == ["direct"] * (old_quotes + 1) + ["indirect"]
    assert export_store(store, tmp_path / "indirect", quotes="indirect")["quotes"] == 1
    with pytest.raises(ValueError):
        export_store(store, tmp_path / "bad", quotes="reported")


def test_quotes_page_switches_kinds_in_the_url_and_voices_count_both(tmp_path, monkeypatch):
    store = _mixed_store(tmp_path / "store")
    at = open_app(store, monkeypatch, "quotes")
    assert at.session_state["quotes_kind"] == "direct" and "kind" not in at.query_params
    direct = shown(at, "quotes_table")
    assert "Reported Person" in set(direct["speaker"]) and len(direct) == len(DEMO_ARTICLES[0]["quotes"]) + 1
    at.segmented_control(key="quotes_kind").set_value("reported")
    rerun(at)
    assert at.query_params["kind"] == "reported"
    assert shown(at, "quotes_table")["speaker"].tolist() == ["Reported Person"]
    at.segmented_control(key="quotes_kind").set_value("both")
    rerun(at)
    table = shown(at, "quotes_table")
    assert len(table) == len(direct) + 1 and sorted(set(table["kind"])) == ["direct", "indirect"]
    assert "kind" in at.dataframe[0].proto.column_order  # shown, as both kinds are
    at = open_app(store, monkeypatch, "quotes", query={"kind": "reported"})
    go(at, "quotes")
    assert at.session_state["quotes_kind"] == "reported"
    assert shown(at, "quotes_table")["speaker"].tolist() == ["Reported Person"]
    go(at, "voices")
    assert any("reported speech" in c.value for c in at.caption)


def test_a_search_keeps_to_the_chosen_kind(tmp_path):
    snap = Snapshot.load(_mixed_store(tmp_path / "store"))
    found = {kinds[0]: queries.quotes_table(snap, Filters(), search="Reported Person", kinds=kinds)["kind"].tolist()
             for kinds in (("direct",), ("indirect",))}
    assert found == {"direct": ["direct"], "indirect": ["indirect"]}
    assert queries.quote_count(snap, Filters(), search="Reported Person") == 1
