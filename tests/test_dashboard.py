"""Every dashboard page and every sidebar filter, driven headless with streamlit.testing.v1.AppTest."""

import json
import re
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import charts, queries
from components.filters import Filters
from components.labels import LABEL_COLORS
from components.snapshot import Snapshot
from components.store import Store
from dashboard import data, widgets
from tests.conftest import DEMO_ARTICLES, demo_rows

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = {
    "overview": "views/overview.py",
    "entities": "views/entities.py",
    "quotes": "views/quotes.py",
    "voices": "views/voices.py",
    "map": "views/map.py",
    "articles": "views/articles.py",
    "compare": "views/compare.py",
    "stories": "views/stories.py",
    "add": "views/add_articles.py",
}
TITLES = {"overview": "Overview", "entities": "Entities", "quotes": "Quotes", "voices": "Voices", "map": "Map",
          "articles": "Articles", "compare": "Compare", "stories": "Stories",
          "add": "Add articles"}


def open_app(store: Store, monkeypatch, page: str = "overview", query: dict | None = None) -> AppTest:
    monkeypatch.setenv("NEWSSCOPE_STORE", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page != "overview":
        go(at, page)
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == TITLES[page]
    return at


def entities_tab(at: AppTest, tab: str) -> AppTest:
    """Open one of the Entities page's tabs (Over time, Named together, Mentions): only the open one runs."""
    at.session_state["entities_view"] = tab
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_element(at: AppTest, key: str):
    """The dataframe element of a keyed table (widgets.table); plain dataframes carry no key, their container does."""

    def blocks(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from blocks(child)

    for block in blocks(at._tree):
        if getattr(block, "_block_id", "").endswith(f"-table_{key}"):
            return block.dataframe[0]
    if key == "add_problems":
        return at.dataframe[0]
    raise KeyError(key)


def shown(at: AppTest, key: str):
    """The rows a keyed table shows."""
    return table_element(at, key).value


def article_titles(at: AppTest) -> set[str]:
    return set(shown(at, "articles_list")["title"])


def quote_speakers(at: AppTest) -> list[str]:
    return shown(at, "quotes_table")["speaker"].tolist()


ASCII_PUNCTUATION = r"[!-/:-@\[-`{-~]"


def as_typed(markdown: str) -> str:
    """What Markdown shows, asserting that it holds no markup: every punctuation character is backslash-escaped."""
    assert not re.search(ASCII_PUNCTUATION, re.sub(r"\\" + ASCII_PUNCTUATION, "", markdown)), markdown
    return re.sub(r"\\(" + ASCII_PUNCTUATION + ")", r"\1", markdown).replace("\u2060", "")


HOSTILE = "**B** [evil](https://evil.example) $x$ <a href='https://evil.example'>a</a> :red[r] www.evil.example"


def test_url_values_in_the_filter_line_are_shown_as_typed(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, query={"entity": HOSTILE, "q": "$y$ _z_"})
    line = at.caption[0].value
    assert line.startswith("Filtered: articles naming ")
    naming, text = line.removeprefix("Filtered: articles naming ").split("; ")
    assert as_typed(naming) == HOSTILE
    assert as_typed(text.removeprefix("containing “").removesuffix("”")) == "$y$ _z_"
    assert "\u2060" in naming  # bare URLs are not turned into links either


def test_article_title_source_and_url_are_shown_as_typed(tmp_path, monkeypatch):
    store = Store(tmp_path / "hostile")
    hostile = {**DEMO_ARTICLES[0], "article_id": "hostile", "title": HOSTILE, "source": "_Wire_ $1$",
               "url": "data:text/html,<script>alert(1)</script>"}
    store.write_batch(demo_rows([hostile, {**DEMO_ARTICLES[1], "url": "javascript:alert(1)"}, DEMO_ARTICLES[2]]))
    at = open_app(store, monkeypatch, "articles")
    at.selectbox(key="articles_open").set_value("hostile")
    rerun(at)
    assert as_typed(at.subheader[0].value) == HOSTILE
    meta = next(c.value for c in at.caption if "words" in c.value)
    assert as_typed(meta.split(" · ")[0]) == "_Wire_ $1$"
    assert not at.get("link_button")  # a data: url is not offered to open
    at.selectbox(key="articles_open").set_value("reuters-g7")
    rerun(at)
    assert not at.get("link_button")
    at.selectbox(key="articles_open").set_value("dw-merkel")
    rerun(at)
    assert [b.proto.url for b in at.get("link_button")] == ["https://example.org/dw/merkel"]


def test_web_url_lets_only_http_and_https_through():
    assert widgets.web_url(" https://example.org/a ") == "https://example.org/a"
    assert widgets.web_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ["data:text/html,x", "javascript:alert(1)", "JavaScript://%0aalert(1)", "//evil.example",
                "ftp://example.org", "http:///x", "", None]:
        assert widgets.web_url(bad) is None, bad


def test_chart_text_from_the_data_is_escaped_for_plotly():
    """Plotly renders <a>, <b> and friends in titles, ticks, legends and hover labels; names from data are text."""
    name = "<a href='https://evil.example'>Evil</a>"
    bars = pd.DataFrame({"entity": [name, "Plain"], "label": ["PERSON", "ORG"], "mentions": [3, 1],
                         "articles": [2, 1], "share": [0.5, 0.25]})
    places = pd.DataFrame({"iso3": ["FRA"], "country": ["France"], "mentions": [1], "articles": [1],
                           "forms": [f"{name} (1)"], "kinds": ["name 1"]})
    timeline = pd.DataFrame({"period": [pd.Timestamp("2020-01-01")], "entity": [name], "mentions": [1],
                             "articles": [1]})
    speakers = pd.DataFrame({"speaker": [name], "quotes": [2], "articles": [1]})
    figures = [charts.entity_bar(bars, title=f"Named with {name}"), charts.cooccurrence_bar(bars, entity=name),
               charts.entity_timeline(timeline, title=name), charts.speaker_bar(speakers, title=name),
               charts.country_map(places, title=name)]
    for fig in figures:
        # What Plotly renders as text: titles, tick labels, legend names, hover templates and the hover's data
        # (customdata[0] is the raw value a click filters by, never rendered).
        layout = fig.layout
        rendered = [layout.title.text, *(layout.yaxis.ticktext or ()), *(layout.xaxis.ticktext or ())]
        for trace in fig.data:
            rendered += [trace.name, trace.hovertemplate]
            rendered += [str(v) for row in (trace.customdata if trace.customdata is not None else []) for v in row[1:]]
        text = json.dumps(rendered, default=str)
        assert "<a href" not in text and "&lt;a href" in text, text
    clicked = figures[0].data[0].customdata
    assert [row[0] for row in clicked] == ["Plain", name]


def test_read_only_offers_no_add_articles_page(demo_store, empty_store, monkeypatch):
    monkeypatch.setenv("NEWSSCOPE_READ_ONLY", "1")
    at = open_app(demo_store, monkeypatch)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGES["add"])
    at = open_app(empty_store, monkeypatch)
    assert "Add articles" not in at.info[0].value and "newsscope ingest" in at.info[0].value
    monkeypatch.setenv("NEWSSCOPE_READ_ONLY", "0")
    open_app(demo_store, monkeypatch, "add")


def test_store_path_from_script_args(monkeypatch, tmp_path):
    assert data.store_path(["--store", str(tmp_path)]) == tmp_path.resolve()
    monkeypatch.setenv("NEWSSCOPE_STORE", str(tmp_path / "env"))
    assert data.store_path([]) == (tmp_path / "env").resolve()
    assert data.store_path(["--unrelated", "x"]) == (tmp_path / "env").resolve()


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders(demo_store, monkeypatch, page):
    at = open_app(demo_store, monkeypatch, page)
    assert at.title[0].value == TITLES[page]
    assert not at.error


def test_overview_counts_and_charts(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5" and metrics["Quotes"] == "8" and metrics["Countries"] == "7"
    assert metrics["Date span"] == "2019"
    assert next(m for m in at.metric if m.label == "Date span").help == "01 Jul 2019 – 18 Sep 2019"
    assert set(shown(at, "overview_sources")["source"]) == {"AFP", "Reuters", "DW", "(no source)"}
    assert {"first_date", "last_date"} <= set(table_element(at, "overview_sources").proto.column_order)
    assert "Download CSV (4 rows)" in [b.proto.label for b in at.get("download_button")]


def test_tables_hide_columns_without_values_but_download_them(tmp_path, monkeypatch):
    store = Store(tmp_path / "undated")
    store.write_batch(demo_rows([{**a, "published": None, "url": ""} for a in DEMO_ARTICLES]))
    at = open_app(store, monkeypatch)
    sources = table_element(at, "overview_sources")
    assert "first_date" not in sources.proto.column_order and "last_date" not in sources.proto.column_order
    assert {"source", "articles", "quotes"} <= set(sources.proto.column_order)
    go(at, "articles")
    listed = table_element(at, "articles_list")
    assert "published" not in listed.proto.column_order and "url" not in listed.proto.column_order
    assert "title" in listed.proto.column_order and "source" in listed.proto.column_order
    assert {"published", "url"} <= set(listed.value.columns)  # still in the rows the CSV is written from


@pytest.mark.parametrize("page", list(PAGES))
def test_empty_store_says_what_to_do(empty_store, monkeypatch, page):
    at = open_app(empty_store, monkeypatch, page)
    if page == "add":
        assert at.get("file_uploader")
    else:
        assert "Add articles" in at.info[0].value


def test_a_typed_entity_name_takes_the_stores_spelling(demo_store, monkeypatch):
    """Names outside the picker's list can be typed; case does not matter, an unknown name matches nothing."""
    at = open_app(demo_store, monkeypatch, "articles")
    at.multiselect(key="flt_entities").set_value(["vladimir PUTIN"])
    rerun(at)
    assert at.multiselect(key="flt_entities").value == ["Vladimir Putin"]
    assert len(article_titles(at)) == 2
    at.multiselect(key="flt_entities").set_value(["Vladimir Putin", "Nobody Atall"])
    rerun(at)
    assert at.multiselect(key="flt_entities").value == ["Vladimir Putin", "Nobody Atall"]
    assert len(article_titles(at)) == 2  # any of the names: the unknown one adds nothing
    at.multiselect(key="flt_entities").set_value(["Nobody Atall"])
    rerun(at)
    assert any("No articles match" in info.value for info in at.info)


def test_a_cut_list_offers_all_matching_rows(demo_store, monkeypatch):
    monkeypatch.setattr(widgets, "TABLE_ROWS", 3)
    at = open_app(demo_store, monkeypatch, "quotes")
    assert len(shown(at, "quotes_table")) == 3
    labels = [b.proto.label for b in at.get("download_button") if "-quotes_table_csv" in b.proto.id]
    assert labels == ["Download CSV (3 rows)", "Download all 8 matching rows"]
    monkeypatch.setattr(widgets, "EXPORT_ROWS", 4)
    go(at, "articles")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV (3 rows)" in labels and "Download the first 4 matching rows" in labels
    assert "Download CSV (1 row)" in labels and "Download CSV (1 rows)" not in labels
    monkeypatch.setattr(widgets, "TABLE_ROWS", 1)
    monkeypatch.setattr(widgets, "EXPORT_ROWS", 10_000)
    go(at, "entities")
    entities_tab(at, "Mentions")
    assert len(shown(at, "entities_mentions")) == 1
    cut = next(re.search(r"the first 1 of (\d+)", c.value) for c in at.caption if c.value.startswith("Every mention"))
    assert int(cut[1]) > 1
    assert [b.proto.label for b in at.get("download_button") if b.proto.id.endswith("entities_mentions_csv_all")] \
        == [f"Download all {cut[1]} matching rows"]
    monkeypatch.setattr(widgets, "TABLE_ROWS", 1000)
    rerun(at)
    assert not [b for b in at.get("download_button") if "matching rows" in b.proto.label]


def test_entity_filter_narrows_every_view(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "articles")
    assert len(article_titles(at)) == 5
    at.multiselect(key="flt_entities").set_value(["Vladimir Putin"])
    rerun(at)
    assert article_titles(at) == {"Israel's Netanyahu in Russia to meet Putin ahead of polls",
                                  "Putin visits Beijing <script>alert(1)</script>"}
    assert at.query_params["entity"] == "Vladimir Putin"  # bookmarkable
    go(at, "quotes")
    assert quote_speakers(at) == ["Vladimir Putin", "Vladimir Putin"]
    at.radio(key="quotes_by_entities").set_value(False)
    rerun(at)
    assert set(quote_speakers(at)) == {"Vladimir Putin", "Benjamin Netanyahu", "Xi Jinping"}
    go(at, "overview")
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
    go(at, "map")
    assert set(shown(at, "map_table")["iso3"]) == {"RUS", "ISR", "SYR", "CHN"}
    go(at, "entities")
    entities_tab(at, "Named together")
    assert at.selectbox(key="entities_focus").value == "Vladimir Putin"
    entities_tab(at, "Mentions")
    mentions = shown(at, "entities_mentions")
    assert set(mentions["entity"]) == {"Vladimir Putin"} and len(mentions) == 3
    assert {"title", "source", "published", "url"} <= set(mentions.columns)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("flt_sources", ["Reuters"], {"Trump and Macron talk trade at G7 in Biarritz"}),
        ("flt_sources", [""], {"Putin visits Beijing <script>alert(1)</script>"}),
        ("flt_countries", ["DEU"], {"=HYPERLINK(\"http://evil\") Merkel warns on trade"}),
        ("flt_text", "biarritz", {"Trump and Macron talk trade at G7 in Biarritz"}),
        ("flt_dates", (date(2019, 9, 1), date(2019, 9, 18)),
         {"Israel's Netanyahu in Russia to meet Putin ahead of polls",
          "Israel election: Netanyahu and Gantz neck and neck"}),
    ],
)
def test_sidebar_filters_narrow_articles(demo_store, monkeypatch, key, value, expected):
    at = open_app(demo_store, monkeypatch, "articles")
    widget = at.text_input(key=key) if key == "flt_text" else (
        at.date_input(key=key) if key == "flt_dates" else at.multiselect(key=key))
    widget.set_value(value)
    rerun(at)
    assert article_titles(at) == expected
    assert at.caption[0].value.startswith("Filtered: articles")
    assert not at.button(key="flt_clear").disabled
    at.button(key="flt_clear").click()
    rerun(at)
    assert len(article_titles(at)) == 5
    assert at.caption[0].value.startswith("All articles") and at.button(key="flt_clear").disabled
    assert not {"entity", "source", "country", "q", "from", "to"} & set(at.query_params)


def test_entity_type_filter_narrows_entities_not_articles(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "entities")
    at.segmented_control(key="entities_group").set_value("All types")
    rerun(at)
    assert len(set(shown(at, "entities_table")["label"])) > 2
    at.multiselect(key="flt_types").set_value(["ORG"])
    rerun(at)
    table = shown(at, "entities_table")
    assert set(table["label"]) == {"Organisation"}
    assert set(table["entity"]) == {"Yisrael Beitenu", "European Union", "Kremlin"}
    assert at.query_params["type"] == "ORG"
    go(at, "articles")
    assert len(article_titles(at)) == 5
    at.selectbox(key="articles_open").set_value("afp-putin")
    rerun(at)
    assert shown(at, "articles_entities")["entity"].tolist() == ["Yisrael Beitenu"]


def test_entities_page_controls(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "entities")
    people = shown(at, "entities_table")
    assert people["entity"].iloc[0] == "Benjamin Netanyahu" and set(people["label"]) == {"Person"}
    at.segmented_control(key="entities_group").set_value("Places")
    at.slider(key="entities_top_n").set_value(5)
    rerun(at)
    places = shown(at, "entities_table")
    assert len(places) == 5 and set(places["label"]) == {"Country, city, state"}
    at.segmented_control(key="entities_measure").set_value("share")
    rerun(at)
    assert shown(at, "entities_table")["share"].iloc[0] == pytest.approx(0.4)
    assert len(at.get("plotly_chart")) == 2  # bar, timeline (dated articles)
    entities_tab(at, "Named together")
    at.selectbox(key="entities_focus").set_value("Israel")
    rerun(at)
    assert "Benjamin Netanyahu" not in set(shown(at, "entities_cooccur_table")["entity"])  # Places only


def test_entities_page_runs_only_its_open_tab(demo_store, monkeypatch):
    """The first view draws the leaders and their timeline; the co-occurrence and mention queries run, and their
    chart and table are drawn, only when their tab is opened."""
    def not_on_first_view(*args, **kwargs):
        raise AssertionError("queried on the first view")

    for name in ("cooccurring", "entity_mentions", "entity_mention_count"):
        monkeypatch.setattr(queries, name, not_on_first_view)
    at = open_app(demo_store, monkeypatch, "entities")
    assert len(at.get("plotly_chart")) == 2
    with pytest.raises(KeyError):
        table_element(at, "entities_mentions")
    assert "entities_focus" not in [box.key for box in at.selectbox]
    monkeypatch.undo()
    monkeypatch.setenv("NEWSSCOPE_STORE", str(demo_store.root))
    entities_tab(at, "Named together")
    assert at.selectbox(key="entities_focus").value == "Benjamin Netanyahu"
    assert len(at.get("plotly_chart")) == 2  # the leaders and the co-occurrence; the timeline's tab is closed
    entities_tab(at, "Mentions")
    assert set(shown(at, "entities_mentions")["entity"]) <= set(shown(at, "entities_table")["entity"])


def test_quotes_search_and_speaker_filter(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "quotes")
    assert len(quote_speakers(at)) == 8
    at.text_input(key="quotes_search").set_value("partners")
    rerun(at)
    assert quote_speakers(at) == ["Xi Jinping"]
    at.text_input(key="quotes_search").set_value("")
    at.multiselect(key="quotes_speakers").set_value(["Donald Trump", "Angela Merkel"])
    rerun(at)
    assert sorted(quote_speakers(at)) == ["Angela Merkel", "Donald Trump"]
    table = shown(at, "quotes_table")
    assert list(table.columns) == ["quote", "kind", "speaker", "role", "cue", "title", "source", "published", "url"]
    assert "kind" not in table_element(at, "quotes_table").proto.column_order  # in the CSV, shown with both kinds
    at.text_input(key="quotes_search").set_value("no such words anywhere")
    rerun(at)
    assert "No quotes match the search" in at.info[0].value


def test_bookmarked_url_opens_filtered(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "articles",
                  query={"entity": ["Benjamin Netanyahu"], "source": "AFP", "from": "2019-09-15"})
    assert at.multiselect(key="flt_entities").value == ["Benjamin Netanyahu"]
    assert article_titles(at) == {"Israel election: Netanyahu and Gantz neck and neck"}


def test_bookmark_with_stale_values_is_tolerated(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "overview",
                  query={"source": "Gone", "country": "XXX", "from": "1900-01-01", "to": "bad"})
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"


def test_article_text_is_escaped_and_highlighted(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "articles")
    at.selectbox(key="articles_open").set_value("undated-beijing")
    rerun(at)
    assert at.query_params["article"] == "undated-beijing"
    body = "".join(h.proto.body for h in at.get("html"))
    assert "&lt;b&gt;**Not bold**&lt;/b&gt;" in body and "<b>" not in body
    assert 'title="Vladimir Putin · Person"' in body
    assert "Quote · Xi Jinping" in body
    assert as_typed(at.subheader[0].value) == "Putin visits Beijing <script>alert(1)</script>"  # shown as text
    quotes = shown(at, "articles_quotes")
    assert quotes["speaker"].tolist() == ["Xi Jinping"]


def test_chart_click_adds_a_filter(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "entities")
    name = "entities_bar"
    key = f"{name}_0"
    at.session_state[key] = {"selection": {"points": [{"customdata": ["Xi Jinping", "Person"], "y": "Xi Jinping"}],
                                           "point_indices": [0], "box": [], "lasso": []}}
    with monkeypatch.context() as patch:
        patch.setattr(widgets.st, "session_state", at.session_state)
        widgets.add_on_click(name, "flt_entities")
    assert at.session_state["flt_entities"] == ["Xi Jinping"]
    assert at.session_state[f"{name}_nonce"] == 1
    assert widgets.clicked_values({"selection": {"points": [{"location": "RUS"}]}}) == ["RUS"]
    assert widgets.clicked_values(None) == []


def test_upload_appears_everywhere_and_bad_lines_are_reported(fresh_demo_store, monkeypatch):
    at = open_app(fresh_demo_store, monkeypatch, "add")
    good = (b"Merkel and Macron meet in Paris\n\nAngela Merkel met Emmanuel Macron in Paris on Monday. "
            b"\"Europe must stand together,\" Merkel said.\n")
    bad = b'{"title": "fine", "text": "Vladimir Putin spoke in Moscow."}\n{not json\n'
    at.get("file_uploader")[0].set_value([("paris.txt", good, "text/plain"), ("mixed.jsonl", bad, "application/json")])
    rerun(at)
    at.button(key="add_go").click()
    rerun(at)
    assert "2 article(s) added" in at.success[0].value
    problems = shown(at, "add_problems")
    assert problems["file"].tolist() == ["mixed.jsonl:2"]
    go(at, "articles")
    titles = article_titles(at)
    assert len(titles) == 7 and "Merkel and Macron meet in Paris" in titles
    go(at, "overview")
    assert {m.label: m.value for m in at.metric}["Articles"] == "7"


def test_uploads_are_named_by_their_file_and_every_refusal_is_said(fresh_demo_store, monkeypatch):
    at = open_app(fresh_demo_store, monkeypatch, "add")
    good = b"Merkel meets Macron\n\nAngela Merkel met Emmanuel Macron in Paris on Monday.\n"
    big = b"Big one\n\n" + b"Vladimir Putin spoke in Moscow. " * 64
    at.get("file_uploader")[0].set_value([("paris.txt", good, "text/plain"), ("slides.pdf", b"%PDF-1.4", "a/pdf"),
                                          ("big.txt", big, "text/plain")])
    monkeypatch.setattr(data, "UPLOAD_LIMIT_MB", 1000 / 1024 / 1024)  # 1,000 bytes
    rerun(at)
    at.button(key="add_go").click()
    rerun(at)
    assert "1 article(s) added" in at.success[0].value
    assert "Files received: paris.txt, slides.pdf, big.txt." in re.sub(r"\\(.)", r"\1", at.success[0].value)
    said = at.warning[0].value
    assert "slides" in said and "unsupported file type" in said and "big" in said and "larger than" in said
    assert set(shown(at, "add_problems")["file"]) == {"slides.pdf", "big.txt"}
    origins = Snapshot.load(fresh_demo_store).df("SELECT origin FROM articles WHERE origin NOT LIKE 'fixture:%'")
    assert origins["origin"].tolist() == ["paris.txt"]


def test_upload_of_an_unreadable_file_keeps_the_store(fresh_demo_store, monkeypatch):
    before = fresh_demo_store.version()
    at = open_app(fresh_demo_store, monkeypatch, "add")
    at.get("file_uploader")[0].set_value(("broken.csv", b"\xff\xfe\x00garbage", "text/csv"))
    rerun(at)
    at.button(key="add_go").click()
    rerun(at)
    assert at.warning or at.error or at.info
    assert fresh_demo_store.version() == before
    go(at, "articles")
    assert len(article_titles(at)) == 5


def test_config_serves_static_files_and_limits_uploads():
    config = (Path(APP).parents[1] / ".streamlit" / "config.toml").read_text()
    assert "enableStaticServing = true" in config and "maxUploadSize = 50" in config
    assert (Path(APP).parent / "static" / "world_110m.json").stat().st_size > 100_000


def test_warm_up_builds_the_snapshot_the_first_run_uses(fresh_demo_store, monkeypatch):
    future = data.warm_up(fresh_demo_store.root)
    snap = future.result(timeout=60)
    assert snap.version == fresh_demo_store.version()
    at = open_app(fresh_demo_store, monkeypatch)
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"
    assert data.warming(str(fresh_demo_store.root.resolve()), fresh_demo_store.version()) is None  # taken
    assert data.warm_up(fresh_demo_store.root / "nothing-here") is None


def test_the_server_adds_a_committed_batch_before_a_page_asks(fresh_demo_store):
    root, served = str(fresh_demo_store.root.resolve()), fresh_demo_store.version()
    data.prime(root, served)
    stop = threading.Event()
    watcher = threading.Thread(target=data.follow, args=(root, served, 0.05, stop), daemon=True)
    watcher.start()
    try:
        fresh_demo_store.write_batch(demo_rows([dict(DEMO_ARTICLES[0], article_id="late-1", title="A late story")]))
        deadline = time.monotonic() + 30
        while data._latest[root].version != fresh_demo_store.version() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert data._latest[root].one("SELECT count(*) FROM articles WHERE title = 'A late story'")[0] == 1


def test_server_module_serves_the_app_with_a_warm_up(monkeypatch, tmp_path):
    from dashboard import server

    calls = {}
    monkeypatch.setattr(server.sys, "argv", list(server.sys.argv))  # main() sets it for streamlit's parser
    monkeypatch.setattr(data, "warm_up", lambda root: calls.setdefault("root", root))
    import streamlit.web.cli as streamlit_cli

    monkeypatch.setattr(streamlit_cli, "main", lambda: calls.setdefault("argv", list(server.sys.argv)) and 0)
    server.main(["--server.port", "9999", "--", "--store", str(tmp_path)])
    assert calls["root"] == tmp_path.resolve()
    assert calls["argv"][:3] == ["streamlit", "run", str(server.APP)]
    assert calls["argv"][-2:] == ["--store", str(tmp_path)]


# -- at a journalist's desk -----------------------------------------------------------------------------------------
def test_map_colours_follow_a_log_scale_labelled_in_the_measure():
    places = pd.DataFrame({"iso3": ["USA", "FRA", "MLT"], "country": ["United States", "France", "Malta"],
                           "mentions": [1532, 40, 1], "articles": [300, 20, 1], "share": [0.5, 1 / 30, 1 / 600],
                           "forms": ["US (900), America (632)", "France (40)", "Malta (1)"], "kinds": ["name"] * 3})
    fig = charts.country_map(places)
    trace = fig.data[0]
    assert list(trace.z) == pytest.approx([3.1853, 1.6021, 0.0], abs=1e-3)
    assert trace.colorbar.title.text == "Mentions (log scale)"
    assert list(trace.colorbar.ticktext)[:3] == ["1", "2", "5"] and "1,000" in trace.colorbar.ticktext
    assert trace.colorbar.orientation == "h"  # under the map, where no hover box covers its title
    share = charts.country_map(places, by="share").data[0]
    assert share.colorbar.title.text == "Share of articles (log scale)"
    assert "0.2%" in share.colorbar.ticktext and "1%" in share.colorbar.ticktext
    assert charts.first_forms("A (5), B (4), C (1)", 2) == "A (5), B (4), and 1 more"


def test_share_labels_keep_different_shares_apart():
    assert charts.percent_texts([0.5, 0.25]) == ["50%", "25%"]
    assert charts.percent_texts([6 / 600, 7 / 600]) == ["1%", "1.2%"]
    assert charts.percent_texts([1 / 600, 0.5, 0.01]) == ["0.2%", "50%", "1%"]  # no "0%" for what is there
    bars = pd.DataFrame({"entity": ["A", "B"], "label": ["PERSON"] * 2, "mentions": [7, 6], "articles": [7, 6],
                         "share": [7 / 600, 6 / 600]})
    assert list(charts.entity_bar(bars, by="share").data[0].text) == ["1%", "1.2%"]  # drawn bottom up


def test_count_axes_tick_at_whole_numbers():
    bars = pd.DataFrame({"entity": ["A", "B"], "label": ["PERSON"] * 2, "mentions": [2, 1], "articles": [1, 1],
                         "share": [0.5, 0.5]})
    axis = charts.entity_bar(bars).layout.xaxis
    assert axis.dtick == 1 and axis.tickformat == ",d"
    line = pd.DataFrame({"period": pd.to_datetime(["2020-01-01", "2020-02-01"]), "entity": ["A", "A"],
                         "mentions": [1, 2], "articles": [1, 1]})
    assert charts.entity_timeline(line).layout.yaxis.dtick == 1


def test_lines_of_one_type_take_colours_of_their_own():
    line = pd.DataFrame({"period": pd.to_datetime(["2020-01-01"] * 3), "entity": ["A", "B", "C"],
                         "mentions": [1, 2, 3], "articles": [1, 1, 1]})
    people = charts.entity_timeline(line, labels=dict.fromkeys("ABC", "PERSON"))
    assert len({trace.line.color for trace in people.data}) == 3
    mixed = charts.entity_timeline(line, labels={"A": "PERSON", "B": "PERSON", "C": "ORG"})
    assert [trace.line.color for trace in mixed.data] == [LABEL_COLORS["PERSON"]] * 2 + [LABEL_COLORS["ORG"]]


def _store_with(tmp_path, *extra: dict) -> Store:
    store = Store(tmp_path / "store")
    store.write_batch(demo_rows([*DEMO_ARTICLES, *extra]))
    return store


MOSCOW = {"article_id": "moscow", "title": "Moscow talks", "source": "AFP", "published": "2019-09-20", "url": "",
          "text": "Talks in Moscow went on. Undated notes followed.", "entities": [("Moscow", "Moscow", "GPE")],
          "quotes": [], "countries": [("Moscow", "RUS", "Russia", "city")]}


def test_map_names_every_form_and_offers_share_of_articles(tmp_path, monkeypatch):
    at = open_app(_store_with(tmp_path, MOSCOW), monkeypatch, "map")
    table = shown(at, "map_table").set_index("iso3")
    assert table.loc["RUS", "forms"] == "Russia (2), Kremlin (1), Moscow (1), Russian (1), Sochi (1)"
    at.segmented_control(key="map_measure").set_value("share")
    rerun(at)
    assert shown(at, "map_table").set_index("iso3").loc["RUS", "share"] == pytest.approx(3 / 6)


def test_quotes_are_readable_in_full_without_the_attribution_comma(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "quotes")
    quotes = shown(at, "quotes_table")["quote"].tolist()
    assert "We hope that these will be responsible politicians" in quotes
    assert not [q for q in quotes if q.endswith(",")]
    full = next(m.value for m in at.markdown if m.value.startswith("“"))
    assert as_typed(full.strip("“”")) == quotes[0]
    links = [p for p in at.get("page_link")]
    assert links and links[0].proto.page.endswith("articles")
    assert "newest first, then the undated ones by article title" in at.caption[1].value


def test_quotes_search_and_speakers_live_in_the_url(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "quotes")
    at.multiselect(key="quotes_speakers").set_value(["Donald Trump", "Angela Merkel"])
    at.text_input(key="quotes_search").set_value("a")
    rerun(at)
    assert at.query_params["speaker"] == ["Donald Trump", "Angela Merkel"] and at.query_params["quote"] == "a"
    at = open_app(demo_store, monkeypatch, "quotes", query={"speaker": ["Xi Jinping"], "quote": "partners"})
    go(at, "quotes")
    assert at.multiselect(key="quotes_speakers").value == ["Xi Jinping"]
    assert at.text_input(key="quotes_search").value == "partners"
    assert quote_speakers(at) == ["Xi Jinping"]


def test_the_chosen_order_orders_the_list_and_its_download_and_lives_in_the_url(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "quotes")
    at.selectbox(key="quotes_order").set_value("longest")
    rerun(at)
    lengths = shown(at, "quotes_table")["quote"].str.len().tolist()
    assert lengths == sorted(lengths, reverse=True) and lengths != sorted(lengths)
    assert at.query_params["order"] == "longest" and "longest first" in at.caption[1].value
    at = open_app(demo_store, monkeypatch, "articles", query={"order": "oldest"})
    assert at.selectbox(key="articles_order").value == "oldest"
    dates = shown(at, "articles_list")["published"].tolist()
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates == dated + [""] * (len(dates) - len(dated))
    at.selectbox(key="articles_order").set_value("newest")
    rerun(at)
    assert "order" not in at.query_params  # the default stays out of the URL


def test_each_list_order_keeps_the_same_rows_sorted_its_way(demo_store):
    snap = Snapshot.load(demo_store)
    first = queries.quotes_table(snap, Filters(), order="speaker")
    assert first["speaker"].tolist() == sorted(first["speaker"], key=lambda s: (s == "", s))
    for order in queries.ARTICLE_ORDERS:
        rows = queries.articles_table(snap, Filters(), order=order)
        assert sorted(rows["article_id"]) == sorted(queries.articles_table(snap, Filters())["article_id"])
    assert queries.articles_table(snap, Filters(), order="quotes")["quotes"].is_monotonic_decreasing


def test_a_quote_links_to_its_article(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "articles", query={"article": "afp-election"})
    assert at.selectbox(key="articles_open").value == "afp-election"
    at.query_params["article"] = "reuters-g7"  # a link from the Quotes page, later in the same session
    rerun(at)
    assert at.selectbox(key="articles_open").value == "reuters-g7"


def test_overview_counts_named_entities_unless_asked(demo_store, monkeypatch, tmp_path):
    numbers = {**MOSCOW, "article_id": "numbers",
               "entities": [("Moscow", "Moscow", "GPE"), ("went", "third", "ORDINAL"), ("Undated", "Monday", "DATE")]}
    at = open_app(_store_with(tmp_path, numbers), monkeypatch)
    named = int(next(m.value for m in at.metric if m.label == "Entities"))
    at.toggle(key="overview_numeric").set_value(True)
    rerun(at)
    assert int(next(m.value for m in at.metric if m.label == "Entities")) == named + 2


def test_per_source_country_mentions_count_mentions(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch)
    sources = shown(at, "overview_sources").set_index("source")
    assert sources.loc["AFP", "country_mentions"] == 7  # 6 in one article, 1 in the other; 4 distinct countries
    assert sources.loc["(no source)", "country_mentions"] == 4


def test_undated_rows_show_an_empty_date(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "articles")
    dates = dict(zip(shown(at, "articles_list")["title"], shown(at, "articles_list")["published"], strict=True))
    assert dates["Putin visits Beijing <script>alert(1)</script>"] == ""
    assert dates["Israel election: Netanyahu and Gantz neck and neck"] == "2019-09-18"


def test_an_entity_type_filter_says_why_a_chart_is_empty(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, query={"type": "PERSON"})
    charts_shown = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    messages = [a["text"] for c in charts_shown for a in c["layout"].get("annotations", [])]
    assert "Organisation: not among the entity types chosen in the sidebar" in messages
    assert "counting only these entity types: Person" in at.caption[0].value


def test_scare_quotes_are_left_out_unless_asked(tmp_path, monkeypatch):
    scare = {**MOSCOW, "article_id": "scare", "text": 'Critics said voters were "fooled" in Moscow.',
             "quotes": [("fooled", "Anna Critic", "said")]}
    at = open_app(_store_with(tmp_path, scare), monkeypatch, "quotes")
    assert "fooled" not in shown(at, "quotes_table")["quote"].tolist()
    assert "(1 of one or two words left out)" in at.caption[1].value
    at.toggle(key="quotes_short").set_value(True)
    rerun(at)
    assert "fooled" in shown(at, "quotes_table")["quote"].tolist()
    assert "left out" not in at.caption[1].value


def test_voices_page_counts_the_seed_people_by_gender(seed_store, monkeypatch):
    at = open_app(seed_store, monkeypatch, "voices")
    shares = shown(at, "voices_shares_table").set_index(["group", "gender"])
    with Snapshot.load(seed_store).cursor() as cur:
        men_named = cur.execute("SELECT count(DISTINCT entity) FROM entities WHERE label = 'PERSON' "
                                "AND gender = 'male'").fetchone()[0]
    assert shares.loc[("people named", "male"), "person-articles"] == men_named > 0
    assert ("people quoted", "male") in shares.index
    assert "Download CSV" in " ".join(b.proto.label for b in at.get("download_button"))


def test_voices_page_without_people_says_what_to_do(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "voices", query={"source": "DW"})
    assert not at.error


# -- metadata facets -----------------------------------------------------------------------------------------------
FACETS = {"afp-putin": {"section": ("world",), "tags": ("russia", "israel")},
          "reuters-g7": {"section": ("business",), "tags": ("trade",)}, "dw-merkel": {"section": ("business",)},
          "afp-election": {"section": ("world",)}}  # undated-beijing has none


def build_facet_store(root: Path) -> Store:
    """The demo articles with a section and tags each (one without)."""
    rows = demo_rows()
    for row in rows["articles"]:
        row["metadata"] = FACETS.get(row["article_id"])
    store = Store(root)
    store.write_batch(rows)
    return store


@pytest.fixture(scope="module")
def facet_store(tmp_path_factory) -> Store:
    return build_facet_store(tmp_path_factory.mktemp("facets") / "store")


def test_a_metadata_facet_narrows_every_page_and_combines_with_and_across_fields(facet_store, monkeypatch):
    at = open_app(facet_store, monkeypatch, "articles")
    listed = shown(at, "articles_list")
    assert dict(zip(listed["article_id"], listed["meta_section"], strict=True))["reuters-g7"] == "business"
    assert dict(zip(listed["article_id"], listed["meta_tags"], strict=True))["afp-putin"] == "russia; israel"
    assert at.multiselect(key="flt_meta_section").options == ["business", "world"]
    at.multiselect(key="flt_meta_section").set_value(["business"])
    rerun(at)
    assert article_titles(at) == {"Trump and Macron talk trade at G7 in Biarritz",
                                  "=HYPERLINK(\"http://evil\") Merkel warns on trade"}
    assert at.query_params["meta.section"] == "business"
    assert as_typed(at.caption[0].value.removeprefix("Filtered: articles ")) == "with section business"
    at.multiselect(key="flt_meta_tags").set_value(["trade", "russia"])  # OR within tags, AND with the section
    rerun(at)
    assert article_titles(at) == {"Trump and Macron talk trade at G7 in Biarritz"}
    go(at, "overview")
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    go(at, "quotes")
    assert set(quote_speakers(at)) == {"Donald Trump", "Emmanuel Macron"}
    go(at, "map")
    assert set(shown(at, "map_table")["iso3"]) == {"FRA", "USA"}
    for page in ("entities", "voices", "compare", "stories"):
        go(at, page)
    at.button(key="flt_clear").click()
    rerun(at)
    assert not [key for key in at.query_params if key.startswith("meta.")]
    go(at, "articles")
    assert len(article_titles(at)) == 5


def test_a_facet_travels_in_the_url(facet_store, monkeypatch):
    f = Filters(metadata={"tags": ["trade", "russia"], "section": ["world"]})
    assert f.to_query_params() == {"meta.section": ["world"], "meta.tags": ["trade", "russia"]}
    assert Filters.from_query_params(f.to_query_params()) == f
    assert Filters.from_query_params({"meta.section": "world"}) == Filters(metadata={"section": ("world",)})
    at = open_app(facet_store, monkeypatch, "articles", query={"meta.section": ["world", "gone"]})
    assert at.multiselect(key="flt_meta_section").value == ["world"]
    assert article_titles(at) == {"Israel's Netanyahu in Russia to meet Putin ahead of polls",
                                  "Israel election: Netanyahu and Gantz neck and neck"}
    at.selectbox(key="articles_open").set_value("afp-putin")
    rerun(at)
    line = next(c.value for c in at.caption if "russia" in c.value)
    assert re.sub(r"\\(.)", r"\1", line) == "section: world · tags: russia; israel"


def test_a_field_with_too_many_values_is_no_list_but_its_url_facet_still_filters(tmp_path, monkeypatch):
    store = build_facet_store(tmp_path / "store")  # a store of its own: the sidebar's choices are cached per store
    monkeypatch.setattr("components.queries.choices.FACET_VALUES", 2)
    assert queries.metadata_choices(Snapshot.load(store)) == {"section": ["business", "world"]}
    at = open_app(store, monkeypatch, "articles", query={"meta.tags": "israel", "q": "putin"})
    assert not [w for w in at.multiselect if w.key == "flt_meta_tags"]
    assert article_titles(at) == {"Israel's Netanyahu in Russia to meet Putin ahead of polls"}
    assert at.query_params["meta.tags"] == "israel"
    at.text_input(key="flt_text").set_value("")
    rerun(at)
    assert at.query_params["meta.tags"] == "israel" and len(article_titles(at)) == 1


def test_every_overview_chart_has_its_table_and_csv(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch)
    drawn = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        drawn[spec["layout"]["title"]["text"]] = {str(d[0]) for t in spec["data"] for d in t.get("customdata", [])}
    for title, key, column in (("Top people", "overview_people_table", "entity"),
                               ("Top organisations", "overview_orgs_table", "entity"),
                               ("Top countries", "overview_countries_table", "iso3"),
                               ("Most quoted speakers", "overview_speakers_table", "speaker")):
        rows = shown(at, key)
        assert drawn[title] and set(rows[column]) == drawn[title], title
        assert [b.proto.label for b in at.get("download_button") if b.proto.id.endswith(f"{key}_csv")] \
            == [f"Download CSV ({len(rows)} {'row' if len(rows) == 1 else 'rows'})"]
    assert set(shown(at, "overview_people_table")["label"]) == {"Person"}  # type names, as the charts say them
    at = open_app(demo_store, monkeypatch, query={"type": "PERSON"})
    with pytest.raises(KeyError):  # an empty chart has no table
        shown(at, "overview_orgs_table")


def test_the_articles_side_tables_put_their_narrow_columns_first(demo_store, monkeypatch):
    """The side column is narrow: what a reader needs beside the text comes first, the long cells last."""
    at = open_app(demo_store, monkeypatch, "articles", query={"article": "reuters-g7"})
    assert list(table_element(at, "articles_entities").proto.column_order) == ["entity", "mentions", "label"]
    quotes = table_element(at, "articles_quotes")
    assert list(quotes.proto.column_order) == ["speaker", "cue", "quote"]
    assert {"Emmanuel Macron", "Donald Trump"} & set(quotes.value["speaker"])


def test_the_pages_that_read_a_store_load_without_spacy():
    # spaCy costs a second of every server start; only the Add articles page, which extracts, needs it
    modules = ["dashboard.data", "dashboard.sidebar", "dashboard.widgets", "dashboard.render", "components.charts",
               "components.queries", "components.voices", "components.metadata", "components.snapshot_cache"]
    code = f"import sys, {', '.join(modules)}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"
