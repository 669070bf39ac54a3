"""`newsscope export`: faithful CSV by default, spreadsheet-safe on request, one clear line when it cannot write."""

import csv
import errno
import os

import pytest

import components.export
from components.cli import main
from components.export import neutralise
from components.store import Store

FORMULAS = {"title": '=HYPERLINK("https://evil.example","x")', "source": "+1 555", "entity": "@SUM(A1)",
            "quote": "-2+3 is what we said"}


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch({
        "articles": [{"article_id": "a", "content_hash": "h", "title": FORMULAS["title"], "source": FORMULAS["source"],
                      "text": "Plain text.", "n_words": 2}],
        "entities": [{"article_id": "a", "entity": FORMULAS["entity"], "label": "ORG", "text": "SUM", "start_char": 0,
                      "end_char": 3}],
        "quotes": [{"article_id": "a", "quote": FORMULAS["quote"], "speaker": "Ann", "speaker_text": "Ann",
                    "cue": "said", "start_char": 0, "end_char": 5}],
    })
    return store


def first_row(path):
    with path.open(newline="", encoding="utf-8") as f:
        return next(csv.DictReader(f))


def exported(out):
    articles, entities, quotes = (first_row(out / f"{t}.csv") for t in ("articles", "entities", "quotes"))
    return {"title": articles["title"], "source": articles["source"], "entity": entities["entity"],
            "quote": quotes["quote"], "text": articles["text"]}


def test_export_keeps_formula_like_cells_as_they_are(store, tmp_path):
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "out")]) == 0
    assert exported(tmp_path / "out") == {**FORMULAS, "text": "Plain text."}


def test_spreadsheet_safe_export_neutralises_them_as_the_dashboard_downloads_do(store, tmp_path):
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "out"), "--spreadsheet-safe"]) == 0
    cells = exported(tmp_path / "out")
    assert cells == {**{k: neutralise(v) for k, v in FORMULAS.items()}, "text": "Plain text."}
    assert cells["title"].startswith("'=")


def test_export_to_a_full_disk_says_what_and_where(store, tmp_path, monkeypatch, capsys):
    def disk_full(con, query, target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(components.export, "write_csv", disk_full)
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err == f"error: cannot write {tmp_path / 'out' / 'articles.csv'}: No space left on device\n"


def test_export_to_a_real_full_device(store, tmp_path, capsys):
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "entities.csv").symlink_to("/dev/full")
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err == f"error: cannot write {tmp_path / 'out' / 'entities.csv'}: No space left on device\n"


def test_export_to_an_unwritable_folder_says_what_and_where(store, tmp_path, capsys):
    (tmp_path / "a-file").write_text("")
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "a-file" / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write ") and "a-file" in err and "Not a directory" in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("order", [("direct", "indirect"), ("indirect", "direct")])
def test_rows_starting_at_one_character_are_written_in_one_order_whatever_order_they_are_stored_in(tmp_path, order):
    # a reported clause and the quoted words inside it open at the same character; two exports of one corpus must
    # write them alike (the rows had followed the order a scan met them in)
    store = Store(tmp_path / "store")
    rows = {"direct": {"quote": "We won", "end_char": 6}, "indirect": {"quote": "We won and left", "end_char": 15}}
    store.write_batch({
        "articles": [{"article_id": "a", "content_hash": "h", "title": "T", "text": "We won and left, Ann said.",
                      "n_words": 5}],
        "quotes": [{"article_id": "a", "speaker": "Ann", "speaker_text": "Ann", "cue": "said", "start_char": 0,
                    "kind": kind, **rows[kind]} for kind in order],
    })
    components.export.export_store(store, tmp_path / "out", quotes="all")
    with (tmp_path / "out" / "quotes.csv").open(newline="", encoding="utf-8") as f:
        assert [row["quote"] for row in csv.DictReader(f)] == ["We won", "We won and left"]
