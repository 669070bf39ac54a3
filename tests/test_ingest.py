"""Ingesting into the store: deduplication, replacement, atomic batches, worker processes."""

import json

import pyarrow.parquet as pq
import pytest

import components.ingest as ingest_module
from components.ingest import ingest, split_text
from components.store import Store


def write_jsonl(path, articles):
    path.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    return path


ARTICLES = [
    {"id": "a1", "title": "Talks", "text": 'Angela Merkel met Emmanuel Macron in Paris. "We agree," Merkel said.'},
    {"id": "a2", "title": "Trade", "text": "Shares in Toyota rose in Tokyo on Monday after Japan's trade figures."},
]


def table(store, name):
    return store.connect().execute(f"SELECT * FROM {name} ORDER BY article_id, start_char").df() if name != "articles" \
        else store.connect().execute("SELECT * FROM articles ORDER BY article_id").df()


def test_ingest_then_reingest_is_a_noop(tmp_path):
    store = Store(tmp_path / "store")
    source = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    first = ingest([source], store, workers=1)
    assert (first.added, first.replaced, first.unchanged, first.ok) == (2, 0, 0, True)
    batches = store.batch_ids()
    again = ingest([source], store, workers=1)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    assert store.batch_ids() == batches
    entities = table(store, "entities")
    assert {"Angela Merkel", "Emmanuel Macron", "Toyota"} <= set(entities.entity)


def test_again_extracts_unchanged_articles_with_the_current_extraction(tmp_path, monkeypatch):
    import components.entities

    store = Store(tmp_path / "store")
    source = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    ingest([source], store, workers=1)
    # An upgraded extraction (here: one that no longer takes "Macron" for a name's end)
    monkeypatch.setattr(components.entities, "TABLE_WORDS", components.entities.TABLE_WORDS | {"macron"})
    plain = ingest([source], store, workers=1)
    assert (plain.added, plain.replaced, plain.unchanged) == (0, 0, 2)
    assert "Emmanuel Macron" in set(table(store, "entities").entity)
    report = ingest([source], store, workers=1, again=True)
    assert (report.added, report.replaced, report.unchanged) == (0, 2, 0)
    assert list(table(store, "articles").article_id) == ["a1", "a2"]
    entities = set(table(store, "entities").entity)
    assert "Emmanuel Macron" not in entities and "Angela Merkel" in entities


def test_changed_article_replaces_its_rows(tmp_path):
    store = Store(tmp_path / "store")
    ingest([write_jsonl(tmp_path / "a.jsonl", ARTICLES)], store, workers=1)
    changed = [ARTICLES[0], {**ARTICLES[1], "text": "Boris Johnson spoke in London on Tuesday."}]
    report = ingest([write_jsonl(tmp_path / "b.jsonl", changed)], store, workers=1)
    assert (report.added, report.replaced, report.unchanged) == (0, 1, 1)
    articles = table(store, "articles")
    assert list(articles.article_id) == ["a1", "a2"]
    assert articles.set_index("article_id").loc["a2", "text"].startswith("Boris Johnson")
    a2 = table(store, "entities").query("article_id == 'a2'")
    assert "Toyota" not in set(a2.entity) and "Boris Johnson" in set(a2.entity)


def test_offsets_index_the_stored_text(seed_store):
    con = seed_store.connect()
    for name, column in (("entities", "text"), ("quotes", "quote"), ("countries", "text")):
        rows = con.execute(f"""
            SELECT t.{column}, substr(a.text, t.start_char + 1, t.end_char - t.start_char) AS sliced
            FROM {name} t JOIN articles a USING (article_id)""").fetchall()
        assert all(value == sliced for value, sliced in rows), name


def test_bad_input_is_reported_and_the_rest_ingested(tmp_path):
    store = Store(tmp_path / "store")
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "good.jsonl", ARTICLES)
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": "x", "text": "Fine text here."}\n{oops\n')
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    report = ingest([tmp_path / "in"], store, workers=1)
    assert report.added == 3
    assert sorted(e.origin.split("/")[-1] for e in report.errors) == ["bad.jsonl:2", "bin.txt"]


def test_interrupted_ingest_leaves_the_store_as_before(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    ingest([write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1])], store, workers=1)
    before = store.batch_ids()
    real_write, calls = pq.write_table, []

    def write_then_die(*args, **kwargs):
        if calls:
            raise KeyboardInterrupt  # killed between two files of one batch
        calls.append(args)
        real_write(*args, **kwargs)

    monkeypatch.setattr(pq, "write_table", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        ingest([write_jsonl(tmp_path / "b.jsonl", ARTICLES)], store, workers=1)
    monkeypatch.undo()
    assert store.batch_ids() == before
    assert list(table(store, "articles").article_id) == ["a1"]
    # The next ingest cleans up what the dead one left and completes the work.
    report = ingest([tmp_path / "b.jsonl"], store, workers=1)
    assert (report.added, report.unchanged) == (1, 1)
    assert not any((store.root / "_staging").glob("*"))


def test_worker_processes_give_the_same_rows(tmp_path):
    more = [{"id": f"n{i}", "text": f"Officials in Berlin and Madrid met on day {i}, Reuters reported."}
            for i in range(40)]
    source = write_jsonl(tmp_path / "a.jsonl", ARTICLES + more)
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    ingest([source], one, workers=1)
    ingest([source], two, workers=2)
    for name in ("entities", "quotes", "countries"):
        left = table(one, name).drop(columns="batch_id")
        right = table(two, name).drop(columns="batch_id")
        assert left.reset_index(drop=True).equals(right.reset_index(drop=True)), name


def test_long_texts_are_split_and_offsets_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "MAX_DOC_CHARS", 300)
    paragraph = "Chancellor Angela Merkel visited Paris on Monday. She met the French president there.\n\n"
    store = Store(tmp_path / "store")
    ingest([write_jsonl(tmp_path / "long.jsonl", [{"id": "long", "text": paragraph * 20}])], store, workers=1)
    con = store.connect()
    rows = con.execute("""SELECT e.text, substr(a.text, e.start_char + 1, e.end_char - e.start_char)
                          FROM entities e JOIN articles a USING (article_id) WHERE e.text = 'Paris'""").fetchall()
    assert len(rows) == 20 and all(a == b for a, b in rows)


@pytest.mark.parametrize("limit", [10, 50, 1000])
def test_split_text_covers_the_text(limit):
    text = "One sentence. Another one here.\nA new line.\n\nA paragraph. " * 30
    pieces = list(split_text(text, limit))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= limit for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_dates_are_stored_as_dates(tmp_path):
    store = Store(tmp_path / "store")
    ingest([write_jsonl(tmp_path / "d.jsonl", [{**ARTICLES[0], "published": "12 September 2019"}])], store, workers=1)
    [(published,)] = store.connect().execute("SELECT published FROM articles").fetchall()
    assert str(published) == "2019-09-12"


def test_a_clashing_duplicate_id_keeps_the_first_on_every_ingest(tmp_path):
    store = Store(tmp_path / "store")
    source = write_jsonl(tmp_path / "dup.jsonl", [ARTICLES[0], {**ARTICLES[1], "id": "a1"}, ARTICLES[0]])
    first = ingest([source], store, workers=1)
    assert (first.added, first.unchanged, len(first.errors)) == (1, 1, 1)
    assert "duplicate id 'a1'" in first.errors[0].message
    again = ingest([source], store, workers=1)
    assert (again.added, again.replaced, again.unchanged, len(again.errors)) == (0, 0, 2, 1)
    assert table(store, "articles").text.tolist() == [ARTICLES[0]["text"]]


def test_a_long_article_is_parsed_in_bounded_groups(monkeypatch):
    """All pieces of a long article in one nlp.pipe batch took 6.3 GB for 1.9 M characters."""
    from components.articles import make_article
    from components.ingest import extract_rows
    from components.pipeline import build_nlp

    monkeypatch.setattr(ingest_module, "MAX_DOC_CHARS", 300)
    nlp, batches = build_nlp(), []

    class Spy:
        def pipe(self, texts):
            texts = list(texts)
            batches.append(sum(map(len, texts)))
            return nlp.pipe(texts)

    paragraph = "Chancellor Angela Merkel visited Paris on Monday. She met the French president there.\n\n"
    article = make_article({"id": "long", "text": paragraph * 40}, "test")
    rows = extract_rows([(article, "hash")], Spy())
    assert len(batches) > 1 and max(batches) <= 300 and sum(batches) == len(article.text)
    assert [r["text"] for r in rows["entities"] if r["text"] == "Paris"] == ["Paris"] * 40


def test_the_plan_counts_before_anything_is_extracted(tmp_path):
    store = Store(tmp_path / "store")
    ingest([write_jsonl(tmp_path / "a.jsonl", ARTICLES)], store, workers=1)
    third = {"id": "a3", "text": "Officials in Madrid said the talks would go on."}
    changed = {**ARTICLES[1], "text": "Boris Johnson spoke in London on Tuesday."}
    source = write_jsonl(tmp_path / "b.jsonl", [ARTICLES[0], changed, third])
    batches = store.batch_ids()
    with store.writer_lock():
        plan = ingest_module.plan_ingest([source], store)
        assert (plan.total, plan.report.replaced, plan.report.unchanged) == (2, 1, 1)
        assert [(article.article_id, len(digest)) for article, digest in plan.todo] == [("a2", 64), ("a3", 64)]
    assert store.batch_ids() == batches  # a plan writes nothing
    report = plan.finish(2, started=0.0)
    assert (report.added, report.replaced, report.unchanged) == (1, 1, 1)
