"""Dashboard queries (components.queries), their CSV (components.export) and figure builders (components.charts) on
the demo store."""

from datetime import date

import pandas as pd
import pytest

from components import charts, labels
from components import queries as metrics
from components.export import to_csv
from components.filters import Filters
from components.snapshot import Snapshot
from components.store import Store


@pytest.fixture(scope="module")
def snap(demo_store):
    return Snapshot.load(demo_store)


def ids(df: pd.DataFrame) -> set[str]:
    return set(df["article_id"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"afp-putin", "reuters-g7", "dw-merkel", "undated-beijing", "afp-election"}),
        (Filters(entities=("Vladimir Putin",)), {"afp-putin", "undated-beijing"}),
        (Filters(entities=("Vladimir Putin", "Angela Merkel")), {"afp-putin", "undated-beijing", "dw-merkel"}),
        (Filters(sources=("AFP",)), {"afp-putin", "afp-election"}),
        (Filters(sources=("",)), {"undated-beijing"}),
        (Filters(countries=("DEU",)), {"dw-merkel"}),
        (Filters(countries=("RUS", "FRA")), {"afp-putin", "undated-beijing", "reuters-g7"}),
        (Filters(date_from=date(2019, 9, 1)), {"afp-putin", "afp-election"}),
        (Filters(date_from=date(2019, 7, 1), date_to=date(2019, 8, 31)), {"dw-merkel", "reuters-g7"}),
        (Filters(text="BEIJING"), {"undated-beijing"}),
        (Filters(text="100%"), set()),  # % is a literal character, not a wildcard
        (Filters(entities=("Vladimir Putin",), sources=("AFP",)), {"afp-putin"}),
        (Filters(labels=("ORG",)), {"afp-putin", "reuters-g7", "dw-merkel", "undated-beijing", "afp-election"}),
    ],
)
def test_filters_select_articles(snap, filters, expected):
    assert ids(metrics.articles_table(snap, filters)) == expected
    assert metrics.article_count(snap, filters) == len(expected)


def test_query_params_round_trip():
    f = Filters(entities=("Vladimir Putin", "Xi Jinping"), labels=("PERSON",), sources=("AFP",),
                countries=("RUS",), date_from=date(2019, 1, 1), date_to=date(2019, 12, 31), text="talks")
    params = f.to_query_params()
    assert params["entity"] == ["Vladimir Putin", "Xi Jinping"] and params["from"] == "2019-01-01"
    assert Filters.from_query_params(params) == f
    assert Filters.from_query_params({}) == Filters()
    assert Filters.from_query_params({"from": "not a date", "country": "rus"}) == Filters(countries=("RUS",))


def test_filters_drop_duplicates_and_blanks():
    assert Filters(entities=("A", "", "A", "B"), text="  x ").entities == ("A", "B")
    assert Filters(text="  x ").text == "x"
    assert Filters().with_added(entities="A").with_added(entities="A").entities == ("A",)


def test_overview_counts(snap):
    counts = metrics.overview_counts(snap, Filters())
    assert counts["articles"] == 5 and counts["quotes"] == 8 and counts["sources"] == 4
    assert counts["countries"] == 7
    assert (counts["first"], counts["last"]) == (date(2019, 7, 1), date(2019, 9, 18))
    narrowed = metrics.overview_counts(snap, Filters(sources=("Reuters",)))
    assert narrowed["articles"] == 1 and narrowed["quotes"] == 2 and narrowed["first"] == date(2019, 8, 25)


def test_top_entities_mentions_and_share(snap):
    top = metrics.top_entities(snap, Filters(), labels=("PERSON",), n=3)
    assert top["entity"].tolist() == ["Benjamin Netanyahu", "Vladimir Putin", "Angela Merkel"]
    assert top.iloc[0][["mentions", "articles"]].tolist() == [4, 2]
    assert top.iloc[0]["share"] == pytest.approx(0.4)
    assert set(metrics.top_entities(snap, Filters(), labels=("ORG",), n=10)["label"]) == {"ORG"}
    # The sidebar's type filter and a chart's group intersect.
    assert metrics.top_entities(snap, Filters(labels=("ORG",)), labels=("PERSON",)).empty
    only_putin_articles = metrics.top_entities(snap, Filters(entities=("Vladimir Putin",)), n=50)
    assert "Angela Merkel" not in set(only_putin_articles["entity"])
    assert only_putin_articles.set_index("entity").loc["Vladimir Putin", "share"] == pytest.approx(1.0)


def test_speakers_sources_and_cooccurrence(snap):
    speakers = metrics.top_speakers(snap, Filters())
    assert speakers.iloc[0].tolist() == ["Vladimir Putin", 2, 1]
    sources = metrics.source_summary(snap, Filters()).set_index("source")
    assert sources.loc["AFP", "articles"] == 2 and sources.loc["(no source)", "articles"] == 1
    pairs = metrics.cooccurring(snap, Filters(), "Vladimir Putin", n=50).set_index("entity")
    assert pairs.loc["Xi Jinping", "articles"] == 1 and pairs.loc["Xi Jinping", "share"] == pytest.approx(0.5)
    assert "Vladimir Putin" not in pairs.index and "Angela Merkel" not in pairs.index


def test_timeline_uses_dated_articles_only(snap):
    timeline = metrics.entity_timeline(snap, Filters(), ["Vladimir Putin"], period="month")
    assert timeline[["entity", "mentions"]].values.tolist() == [["Vladimir Putin", 2]]  # Beijing has no date
    assert timeline["period"].iloc[0] == pd.Timestamp("2019-09-01")
    # share: of that month's dated articles, those naming Putin
    in_month = snap.one("SELECT count(*) FROM articles WHERE published >= '2019-09-01' AND published < '2019-10-01'")
    assert in_month[0] > timeline["articles"].iloc[0]
    assert timeline["share"].iloc[0] == pytest.approx(timeline["articles"].iloc[0] / in_month[0])
    assert metrics.timeline_period(snap, Filters()) == "week"
    assert metrics.has_dates(snap, Filters()) and not metrics.has_dates(snap, Filters(sources=("",)))
    with pytest.raises(ValueError):
        metrics.entity_timeline(snap, Filters(), ["x"], period="fortnight; DROP TABLE articles")


def test_quotes_by_selected_entities(snap):
    putin = Filters(entities=("Vladimir Putin",))
    said = metrics.quotes_table(snap, putin)
    assert set(said["speaker"]) == {"Vladimir Putin"} and len(said) == 2
    everything = metrics.quotes_table(snap, putin, by_entities=False)
    assert set(everything["speaker"]) == {"Vladimir Putin", "Benjamin Netanyahu", "Xi Jinping"}
    assert metrics.quote_count(snap, putin) == 2
    assert list(metrics.quotes_table(snap, Filters(), search="PEOPLE HAVE")["speaker"]) == ["Benny Gantz"]
    assert set(metrics.quotes_table(snap, Filters(), speakers=("Donald Trump",))["speaker"]) == {"Donald Trump"}
    assert list(said.columns[:8]) == ["quote", "kind", "speaker", "role", "cue", "title", "source", "published"]


def test_country_counts_say_how_countries_were_named(snap):
    countries = metrics.country_counts(snap, Filters()).set_index("iso3")
    russia = countries.loc["RUS"]
    assert (russia["mentions"], russia["articles"]) == (5, 2)
    assert russia["forms"].startswith("Russia (2)")
    assert "metonym 1" in russia["kinds"] and "demonym 1" in russia["kinds"]
    assert set(metrics.country_counts(snap, Filters(sources=("DW",)))["iso3"]) == {"DEU"}


def test_article_and_its_spans(snap):
    doc = metrics.article(snap, "undated-beijing")
    assert doc["published"] is None and doc["source"] == ""
    assert metrics.article(snap, "missing") is None
    assert len(metrics.article_entities(snap, "afp-putin")) == 12
    assert metrics.article_quotes(snap, "afp-putin")["speaker"].tolist()[0] == "Vladimir Putin"


def test_choices(snap):
    assert metrics.entity_choices(snap)[:2] == ["Benjamin Netanyahu", "Israel"]
    assert metrics.source_choices(snap)[0] == "AFP"
    assert metrics.country_choices(snap)["RUS"] == "Russia"
    assert metrics.date_bounds(snap) == (date(2019, 7, 1), date(2019, 9, 18))


def test_empty_store(empty_store):
    snap = Snapshot.load(empty_store)
    assert metrics.overview_counts(snap, Filters())["articles"] == 0
    assert metrics.top_entities(snap, Filters()).empty and metrics.country_counts(snap, Filters()).empty
    assert metrics.date_bounds(snap) is None


@pytest.mark.parametrize("cell", ["=1+1", "+3%", "-2", "@SUM(A1)", "\t=x", "\r=x"])
def test_csv_neutralises_formulas(cell):
    out = to_csv(pd.DataFrame({"a": [cell], "n": [1]})).decode()
    assert out.splitlines()[1].lstrip('"').startswith("'")


def test_csv_keeps_ordinary_cells():
    out = to_csv(pd.DataFrame({"a": ["Putin, said", "a=b"], "n": [-1, 2]})).decode()
    assert out.splitlines()[1:] == ['"Putin, said",-1', "a=b,2"]  # numbers are not formulas


def test_quote_csv_from_demo_is_safe(snap):
    csv = to_csv(metrics.quotes_table(snap, Filters(sources=("DW",)))).decode()
    assert "'+3% growth" in csv and "'=HYPERLINK" in csv


def test_charts_build_for_data_and_for_nothing(snap):
    f = Filters()
    top = metrics.top_entities(snap, f, n=5)
    fig = charts.entity_bar(top)
    colors = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colors["Vladimir Putin"] == labels.LABEL_COLORS["PERSON"] and colors["Israel"] == labels.LABEL_COLORS["GPE"]
    legend = {t.name: t.marker.color for t in fig.data[1:]}
    assert legend[labels.label_name("PERSON")] == labels.LABEL_COLORS["PERSON"]
    assert fig.data[0].customdata[0][0] in set(top["entity"])  # a click yields the entity name
    assert fig.layout.xaxis.title.text == "Mentions"
    assert charts.entity_bar(top, by="share").layout.xaxis.tickformat == ".0%"
    world = charts.country_map(metrics.country_counts(snap, f), selected=("RUS",))
    assert world.data[0].locationmode == "ISO-3" and "RUS" in list(world.data[0].locations)
    assert len(world.data) == 2  # the selected country's outline
    assert charts.country_map(metrics.country_counts(snap, Filters(text="nothing at all"))).data
    timeline = metrics.entity_timeline(snap, f, ["Vladimir Putin", "Benjamin Netanyahu"], period="week")
    assert len(charts.entity_timeline(timeline, labels={"Vladimir Putin": "PERSON"}).data) == 2
    for empty in (charts.entity_bar(top.head(0)), charts.speaker_bar(pd.DataFrame(columns=["speaker"])),
                  charts.entity_timeline(timeline.head(0))):
        assert not empty.data and empty.layout.annotations


def test_snapshot_keeps_texts_out_and_reads_the_open_article_from_its_batch(demo_store, snap):
    columns = {row[0] for row in snap.con.execute("DESCRIBE articles").fetchall()}
    assert "text" not in columns and "title" in columns
    stored = dict(demo_store.connect().execute("SELECT article_id, text FROM articles").fetchall())
    assert metrics.article(snap, "afp-putin")["text"] == stored["afp-putin"]
    assert set(metrics.article(snap, "afp-putin")) >= {"title", "source", "published", "url", "n_words", "text"}


def test_text_search_covers_titles_and_texts_case_blind(snap):
    assert ids(metrics.articles_table(snap, Filters(text="biarritz"))) == {"reuters-g7"}  # in the title
    assert ids(metrics.articles_table(snap, Filters(text="GANTZ"))) == {"afp-election"}


def test_per_source_counts_match_the_mention_tables(snap):
    sources = metrics.source_summary(snap, Filters())
    counts = metrics.overview_counts(snap, Filters())
    assert sources["entity_mentions"].sum() == counts["entity_mentions"]
    assert sources["quotes"].sum() == counts["quotes"]


def test_replicated_store_multiplies_the_corpus(demo_store, tmp_path):
    import benchmarks.replicate_store as replicate_store

    assert replicate_store.main([str(demo_store.root), str(tmp_path / "big"), "--times", "3"]) == 0
    big = Snapshot.load(Store(tmp_path / "big"))
    small = Snapshot.load(demo_store)
    assert metrics.article_count(big, Filters()) == 3 * metrics.article_count(small, Filters())
    assert "afp-putin-r2" in ids(metrics.articles_table(big, Filters()))
    top = metrics.top_entities(big, Filters(), labels=("PERSON",), n=1)
    assert top.iloc[0][["entity", "mentions", "articles"]].tolist() == ["Benjamin Netanyahu", 12, 6]


def test_entity_mention_count_matches_the_listed_mentions(snap):
    for f in [Filters(), Filters(text="Beijing"), Filters(labels=("ORG",))]:
        for names in [("Vladimir Putin",), ("Vladimir Putin", "Israel"), ()]:
            listed = metrics.entity_mentions(snap, f, names, limit=10_000)
            assert metrics.entity_mention_count(snap, f, names) == len(listed)
    assert metrics.entity_mention_count(snap, Filters(), ("Vladimir Putin",)) > 0


def test_an_opened_article_is_read_from_the_store_after_its_batch_was_merged(tmp_path):
    from components.compaction import compact
    from tests.conftest import DEMO_ARTICLES, demo_rows

    store = Store(tmp_path / "store")
    for article in DEMO_ARTICLES[:3]:
        store.write_batch(demo_rows([article]))
    snap = Snapshot.load(store)  # its rows name the batches that are about to go
    compact(store)
    assert len(store.batch_ids()) == 1
    assert metrics.article(snap, DEMO_ARTICLES[1]["article_id"])["text"] == DEMO_ARTICLES[1]["text"]


def test_downloads_write_values_as_the_export_does(snap):
    rows = metrics.articles_table(snap, Filters(sources=("DW", "")))
    csv = to_csv(rows).decode().splitlines()
    assert csv[0] == "title,source,published,url,words,entity_mentions,quotes,article_id"
    dated = next(line for line in csv if "dw-merkel" in line)
    assert ",2019-07-" in dated and "00:00:00" not in dated  # a day, not a midnight timestamp
    undated = next(line for line in csv if "undated-beijing" in line)
    assert ',"",' in undated and ",," in undated  # no source: an empty text; no date: nothing
