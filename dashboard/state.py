"""What every page shares: the store, the cached queries, the sidebar filters (synced with the URL) and tables.

Queries are cached per (store path, store version, filters, arguments): a batch landing changes the version, so new
articles show up on the next rerun without restarting the server.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from components import metrics
from components.charts import label_name
from components.metrics import PARAM_KEYS, Filters, Snapshot
from components.store import Store
from dashboard import warm

STATIC_URL = "app/static/"  # relative, so the map works behind any host name or port
ENTITY_CHOICES = 2000
TABLE_ROWS = 1000  # rows a long list shows (and its first download holds)
EXPORT_ROWS = 250_000  # rows the "all matching rows" download may hold
UPLOAD_LIMIT_MB = 50  # per uploaded file; the browser refuses files over server.maxUploadSize before upload
FILTER_KEYS = {
    "entities": "flt_entities",
    "labels": "flt_types",
    "sources": "flt_sources",
    "countries": "flt_countries",
    "dates": "flt_dates",
    "text": "flt_text",
}


# -- text from data or the URL ------------------------------------------------------------------------------------
_WORD_JOINER = "\u2060"
# Streamlit's Markdown links bare URLs, www. names and e-mail addresses even when escaped; an invisible word joiner
# after ":" and "@" and before "www"'s dot breaks those patterns.
_AUTOLINK = re.compile(r"(?<=[:@])|(?i:(?<=www))(?=\.)")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def md_text(value: object) -> str:
    """A value from the data or the URL, for st.markdown / st.caption / st.subheader: shown as typed.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them), so no bold,
    link, HTML, LaTeX, emoji or colour directive is rendered; line breaks become spaces.
    """
    text = _AUTOLINK.sub(_WORD_JOINER, " ".join(str(value).split()))
    return _ASCII_PUNCTUATION.sub(r"\\\g<0>", text)


def web_url(url: object) -> str | None:
    """The url when a browser may open it for the reader (http or https), else None (data:, javascript:, ...)."""
    text = str(url or "").strip()
    return text if re.match(r"(?i)https?://[^\s/]", text) else None


# -- the store --------------------------------------------------------------------------------------------------
store_path = warm.store_path


# One snapshot at a time: the next store version replaces it, so memory holds one copy of the corpus, not two.
@st.cache_resource(max_entries=1, show_spinner="Loading the store…")
def _snapshot(root: str, version: str) -> Snapshot:
    warming = warm.WARMING.pop((root, version), None)
    if warming is not None:
        try:
            snap = warming.result()
            if snap.version == version:
                return snap
        except Exception:  # noqa: BLE001 (a failed warm-up is retried here, where the error is shown)
            pass
    return Snapshot.load(Store(root))


@dataclass(frozen=True)
class Context:
    root: str
    version: str
    filters: Filters

    @property
    def store(self) -> Store:
        return Store(self.root)

    @property
    def empty(self) -> bool:
        return self.version.startswith("0:")

    def snapshot(self) -> Snapshot:
        return _snapshot(self.root, self.version)

    def query(self, name: str | Callable, *args, filters: Filters | None = None, **kwargs):
        """metrics.<name>(snapshot, filters, *args, **kwargs), or a query function of another module, cached."""
        if callable(name):
            name = f"{name.__module__}:{name.__name__}"
        return _cached_query(self.root, self.version, name, self.filters if filters is None else filters,
                             args, tuple(sorted(kwargs.items())))

    def first_rows(self, name: str, *args, **kwargs) -> Callable[[int], pd.DataFrame]:
        """n -> metrics.<name>(snapshot, filters, *args, **kwargs, limit=n), not cached: a download of every row."""
        snap, filters = self.snapshot(), self.filters
        return lambda n: getattr(metrics, name)(snap, filters, *args, **kwargs, limit=n)

    def lookup(self, name: str, *args):
        """metrics.<name>(snapshot, *args) for queries that take no filters, cached."""
        return _cached_lookup(self.root, self.version, name, args)


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(root: str, version: str, name: str, filters: Filters, args: tuple, kwargs: tuple):
    return _query_function(name)(_snapshot(root, version), filters, *args, **dict(kwargs))


def _query_function(name: str) -> Callable:
    """"top_entities" -> metrics.top_entities; "components.voices:voice_shares" -> that function."""
    module, _, function = name.rpartition(":")
    return getattr(importlib.import_module(module) if module else metrics, function)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_lookup(root: str, version: str, name: str, args: tuple):
    return getattr(metrics, name)(_snapshot(root, version), *args)


# What the sidebar and the Overview ask on a first visit: answered during warm_up, so the first view finds them in
# the cache. A call the pages no longer make is merely computed for nothing.
FIRST_VIEW = [
    ("lookup", "date_bounds", (), {}), ("lookup", "entity_choices", (ENTITY_CHOICES,), {}),
    ("lookup", "label_choices", (), {}), ("lookup", "source_choices", (), {}), ("lookup", "country_choices", (), {}),
    ("query", "overview_counts", (), {"numeric": False}),
    ("query", "top_entities", (), {"labels": ("PERSON",), "n": 10}),
    ("query", "top_entities", (), {"labels": ("ORG",), "n": 10}), ("query", "country_counts", (), {}),
    ("query", "top_speakers", (), {"n": 10}), ("query", "source_summary", (), {}),
]


def prime(root: str, version: str) -> None:
    """Answer FIRST_VIEW into the caches (dashboard.warm calls this once the server runs)."""
    ctx = Context(root, version, Filters())
    for kind, name, args, kwargs in FIRST_VIEW:
        try:
            ctx.lookup(name, *args) if kind == "lookup" else ctx.query(name, *args, **kwargs)
        except Exception:  # noqa: BLE001 (the page will ask again and show the error there)
            return


def context() -> Context:
    """The context the entry script set up for this run."""
    return st.session_state["ctx"]


def page(title: str) -> Context:
    """A page's opening: its title, then what to do when the store is empty, else what the filters select."""
    ctx = context()
    st.title(title)
    if ctx.empty:
        empty_store_message()
        st.stop()
    damaged_warning(ctx)
    filter_summary(ctx)
    return ctx


def damaged_warning(ctx: Context) -> None:
    """Name the batches the store leaves out because their files cannot be read, and the way out."""
    damaged = ctx.snapshot().damaged
    if damaged:
        st.warning(md_text(f"{len(damaged)} damaged batch(es) of the store are left out: "
                           + "; ".join(str(d) for d in damaged[:3]) + ("; ..." if len(damaged) > 3 else "")
                           + f". Run `newsscope check --store {ctx.root} --repair` to move them aside and list "
                           "the articles to ingest again."), icon=":material/warning:")


def read_only() -> bool:
    """NEWSSCOPE_READ_ONLY=1: the dashboard only reads the store (no Add articles page)."""
    return os.environ.get("NEWSSCOPE_READ_ONLY", "").strip().lower() in ("1", "true", "yes", "on")


# -- sidebar filters <-> URL -------------------------------------------------------------------------------------
def url_params() -> list[tuple[str, str]]:
    """The query string as (key, value) pairs, every value of a repeated key kept."""
    return [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]


def seed_from_url(key: str, param: str, *, many: bool = False) -> bool:
    """Set a page's widget from the URL when the URL holds a value the page did not write (a link, a bookmark);
    True when it did.

    With write_to_url after the widget, the page's own choices (a search, a speaker) live in the URL too.
    """
    if param not in st.query_params:
        return False
    value = st.query_params.get_all(param) if many else st.query_params.get(param, "")
    if value == st.session_state.get(f"{key}_url"):
        return False
    st.session_state[key] = value
    st.session_state[f"{key}_url"] = value
    return True


def write_to_url(key: str, param: str, value: str | list[str]) -> None:
    value = list(value) if isinstance(value, list | tuple) else (value or "")
    if value:
        if (st.query_params.get_all(param) if isinstance(value, list) else st.query_params.get(param)) != value:
            st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state[f"{key}_url"] = value


def _url_filters() -> Filters:
    return Filters.from_query_params({key: st.query_params.get_all(key) for key in PARAM_KEYS.values()})


def _init_widgets(bounds: tuple[date, date] | None) -> None:
    """Seed the filter widgets from the URL once per session, so a bookmarked view opens filtered."""
    if st.session_state.get("flt_ready"):
        return
    f = _url_filters()
    st.session_state[FILTER_KEYS["entities"]] = list(f.entities)
    st.session_state[FILTER_KEYS["labels"]] = list(f.labels)
    st.session_state[FILTER_KEYS["sources"]] = list(f.sources)
    st.session_state[FILTER_KEYS["countries"]] = list(f.countries)
    st.session_state[FILTER_KEYS["text"]] = f.text
    if bounds:
        st.session_state[FILTER_KEYS["dates"]] = (f.date_from or bounds[0], f.date_to or bounds[1])
    st.session_state["flt_ready"] = True


def clear_filters() -> None:
    for key in FILTER_KEYS.values():
        st.session_state.pop(key, None)
    st.session_state["flt_ready"] = False
    for key in PARAM_KEYS.values():
        if key in st.query_params:
            del st.query_params[key]


def _write_url(f: Filters) -> None:
    wanted = f.to_query_params()
    for key in PARAM_KEYS.values():
        value = wanted.get(key)
        current = st.query_params.get_all(key)
        if value is None:
            if current:
                del st.query_params[key]
        elif current != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def _keep_valid(key: str, options: list) -> None:
    """Drop selected values a widget no longer offers (e.g. a bookmarked source that is gone)."""
    if key in st.session_state:
        allowed = set(options)
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def _spell_entities() -> None:
    """Callback: a typed entity name takes the store's spelling ("vladimir putin" -> "Vladimir Putin")."""
    key = FILTER_KEYS["entities"]
    chosen = list(st.session_state.get(key, []))
    spellings = context().lookup("entity_spellings", tuple(chosen))
    st.session_state[key] = list(dict.fromkeys(spellings.get(name.lower(), name) for name in chosen))


def sidebar(root: Path) -> Context:
    """Draw the shared filters and return the context (store version + filters) for this run."""
    store = Store(root)
    version = store.version()
    empty = store.is_empty()
    with st.sidebar:
        st.markdown("### Filters")
        if empty:
            st.caption("Filters appear once the store holds articles.")
            ctx = Context(str(root), version, Filters())
            st.session_state["ctx"] = ctx
            return ctx
        probe = Context(str(root), version, Filters())
        bounds = probe.lookup("date_bounds")
        _init_widgets(bounds)

        selected = st.session_state.get(FILTER_KEYS["entities"], [])
        entity_options = list(dict.fromkeys([*selected, *probe.lookup("entity_choices", ENTITY_CHOICES)]))
        st.multiselect(
            "Entities", entity_options, key=FILTER_KEYS["entities"], placeholder="Type a name to search",
            accept_new_options=True, on_change=_spell_entities,
            help=f"Articles that name any of these. The list offers the {ENTITY_CHOICES:,} most widespread; type any "
                 "other name and press Enter, or click a bar in a chart to add one.",
        )
        labels = probe.lookup("label_choices")
        _keep_valid(FILTER_KEYS["labels"], labels)
        st.multiselect(
            "Entity types", labels, key=FILTER_KEYS["labels"], format_func=label_name, placeholder="All types",
            help="Which kinds of entities are counted and highlighted.",
        )
        sources = probe.lookup("source_choices")
        _keep_valid(FILTER_KEYS["sources"], sources)
        st.multiselect(
            "Sources", sources, key=FILTER_KEYS["sources"], format_func=lambda s: s or "(no source)",
            placeholder="All sources",
        )
        countries = probe.lookup("country_choices")
        _keep_valid(FILTER_KEYS["countries"], list(countries))
        st.multiselect(
            "Countries", list(countries), key=FILTER_KEYS["countries"], placeholder="All countries",
            format_func=lambda iso3: f"{countries.get(iso3, iso3)} ({iso3})",
            help="Articles that mention any of these countries. Click a country on the map to add one.",
        )
        date_from = date_to = None
        if bounds:
            key = FILTER_KEYS["dates"]
            chosen = st.session_state.get(key) or bounds
            # Clamp to the corpus, which may have grown or shrunk since the URL was written.
            chosen = tuple(min(max(d, bounds[0]), bounds[1]) for d in chosen)
            st.session_state[key] = chosen
            value = st.date_input(
                "Published between", min_value=bounds[0], max_value=bounds[1], key=key, format="YYYY-MM-DD",
                help="Undated articles are left out once the range is narrower than the whole corpus.",
            )
            if isinstance(value, tuple | list) and len(value) == 2 and tuple(value) != tuple(bounds):
                date_from, date_to = value
        else:
            st.caption("No article has a date, so there is no date filter.")
        st.text_input("Text contains", key=FILTER_KEYS["text"], placeholder="Words in the title or text")

        f = Filters(
            entities=tuple(st.session_state[FILTER_KEYS["entities"]]),
            labels=tuple(st.session_state[FILTER_KEYS["labels"]]),
            sources=tuple(st.session_state[FILTER_KEYS["sources"]]),
            countries=tuple(st.session_state[FILTER_KEYS["countries"]]),
            date_from=date_from,
            date_to=date_to,
            text=st.session_state[FILTER_KEYS["text"]],
        )
        # Always drawn (disabled when there is nothing to clear): an element that comes and goes shifts every
        # element after it, and the browser then rebuilds them all instead of updating them.
        st.button("Clear filters", key="flt_clear", on_click=clear_filters, width="stretch", disabled=f.is_empty())
        st.caption(f"Store: `{root}`")
    _write_url(f)
    ctx = Context(str(root), version, f)
    st.session_state["ctx"] = ctx
    return ctx


# -- clicks on charts --------------------------------------------------------------------------------------------
def chart_key(name: str) -> str:
    """A chart's widget key; it changes after each handled click so the chart forgets its selection."""
    return f"{name}_{st.session_state.get(f'{name}_nonce', 0)}"


def clicked_values(event) -> list[str]:
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else (
        event.selection.points if event is not None else [])
    values = []
    for point in points:
        custom = point.get("customdata")
        value = custom[0] if isinstance(custom, list | tuple) and custom else point.get("location") or point.get("y")
        if isinstance(value, str) and value:
            values.append(value)
    return values


def add_on_click(name: str, target_key: str) -> None:
    """Callback: add the clicked bar's (or country's) value to the widget `target_key`."""
    values = clicked_values(st.session_state.get(chart_key(name)))
    if values:
        current = list(st.session_state.get(target_key, []))
        st.session_state[target_key] = list(dict.fromkeys([*current, *values]))
        st.session_state[f"{name}_nonce"] = st.session_state.get(f"{name}_nonce", 0) + 1


def clickable_chart(fig, name: str, target_key: str, **kwargs) -> None:
    st.plotly_chart(fig, key=chart_key(name), on_select=lambda: add_on_click(name, target_key),
                    selection_mode="points", config={"displayModeBar": False, **kwargs.pop("config", {})}, **kwargs)


# -- tables -------------------------------------------------------------------------------------------------------
COLUMN_CONFIG = {
    "title": st.column_config.TextColumn("Title", width="large"),
    "source": st.column_config.TextColumn("Source"),
    "published": st.column_config.TextColumn("Date"),
    "url": st.column_config.LinkColumn("URL", width="small"),
    "quote": st.column_config.TextColumn("Quote", width="large"),
    "speaker": st.column_config.TextColumn("Speaker"),
    "cue": st.column_config.TextColumn("Cue", width="small"),
    "entity": st.column_config.TextColumn("Entity"),
    "label": st.column_config.TextColumn("Type"),
    "mentions": st.column_config.NumberColumn("Mentions", format="localized"),
    "articles": st.column_config.NumberColumn("Articles", format="localized"),
    "share": st.column_config.NumberColumn("Share of articles", format="percent"),
    "words": st.column_config.NumberColumn("Words", format="localized"),
    "entity_mentions": st.column_config.NumberColumn("Entity mentions", format="localized"),
    "quotes": st.column_config.NumberColumn("Quotes", format="localized"),
    "country_mentions": st.column_config.NumberColumn("Country mentions", format="localized"),
    "first_date": st.column_config.TextColumn("First"),
    "last_date": st.column_config.TextColumn("Last"),
    "text": st.column_config.TextColumn("As written"),
    "kind": st.column_config.TextColumn("Kind"),
    "iso3": st.column_config.TextColumn("ISO-3", width="small"),
    "country": st.column_config.TextColumn("Country"),
    "article_id": st.column_config.TextColumn("Article id", width="small"),
}


def table(df: pd.DataFrame, *, key: str, file_name: str, max_height: int = 420, article: dict | None = None,
          matching: tuple[int, Callable[[int], pd.DataFrame]] | None = None, **kwargs) -> None:
    """A table and a CSV download of exactly its rows (formula-like cells neutralised).

    Rows from one article (`article`) get its title, source, date and url in the download, so a CSV stands alone.
    A table cut to its first rows passes `matching`: how many rows match, and a function returning the first n of
    them (see Context.first_rows); a second button then downloads all of them (up to EXPORT_ROWS), with the table's
    columns, computed only when it is pressed.
    """
    config = {**{c: COLUMN_CONFIG[c] for c in df.columns if c in COLUMN_CONFIG}, **kwargs.pop("column_config", {})}
    height = min(max_height, 35 * (len(df) + 1) + 3)  # no empty rows under a short table
    if len(df) and "column_order" not in kwargs:
        # A column with no value in any row (no dates, no urls in the corpus) is not shown; the CSV keeps it.
        kwargs["column_order"] = [c for c in df.columns if not _blank(df[c])]
    export = df
    if article is not None:
        export = df.assign(**{c: article.get(c) for c in [*metrics.ARTICLE_META, "article_id"]})
    with st.container(key=f"table_{key}"):  # a keyed block, so tests can find a table that is not a widget
        st.dataframe(_dates_as_text(df), hide_index=True, column_config=config, key=key, height=height, **kwargs)
        st.download_button(
            # The CSV is written when the button is pressed, not on every rerun.
            f"Download CSV ({len(df):,} {'row' if len(df) == 1 else 'rows'})", data=partial(metrics.to_csv, export),
            file_name=file_name, mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:",
        )
        if matching is not None and matching[0] > len(df):
            total, rows = matching
            n = min(total, EXPORT_ROWS)
            st.download_button(
                f"Download all {n:,} matching rows" if n == total else f"Download the first {n:,} matching rows",
                data=lambda: metrics.to_csv(rows(n).reindex(columns=export.columns)),
                file_name=file_name.replace(".csv", "_all.csv"),
                mime="text/csv", key=f"{key}_csv_all", on_click="ignore", icon=":material/download:",
                help=None if n == total else "For more, export the whole store: `newsscope export`.",
            )


def _dates_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD and a missing date as an empty cell (a date column shows a grey "None")."""
    dates = [c for c in ("published", "first_date", "last_date") if c in df.columns]
    if not dates:
        return df
    return df.assign(**{c: pd.to_datetime(df[c]).dt.strftime("%Y-%m-%d").fillna("") for c in dates})


def _blank(column: pd.Series) -> bool:
    return bool(column.isna().all() or (column.dtype.kind in "OT" and column.fillna("").astype(str).eq("").all()))


def order_phrase(published: pd.Series) -> str:
    """How a list sorted newest first, then undated by title, is ordered, in words that are true of its rows."""
    undated = published.isna()
    return ("by article title (no dates)" if undated.all() else
            "newest first, then the undated ones by article title" if undated.any() else "newest first")


def quote_in_full(row: pd.Series) -> None:
    """One quote in full, who said it and where, with a link to read it in its article."""
    with st.container(border=True, key="quote_full"):
        st.markdown(f"“{md_text(row['quote'])}”")
        said = " ".join(x for x in [md_text(row["speaker"]) if row["speaker"] else "Unattributed",
                                    md_text(row["cue"]) if row["cue"] else ""] if x)
        where = [md_text(row["title"]) if row["title"] else "(untitled)",
                 md_text(row["source"]) if row["source"] else "",
                 f"{row['published']:%d %b %Y}" if pd.notna(row["published"]) else "undated"]
        st.caption(f"— {said} · " + " · ".join(x for x in where if x))
        st.page_link("views/articles.py", label="Read it in the article", icon=":material/article:",
                     query_params={"article": row["article_id"]})


def empty_store_message() -> None:
    command = "`newsscope ingest PATH --store " + context().root + "`"
    st.info("The store holds no articles yet. " + (f"Add some from a terminal: {command}." if read_only() else
            f"Add some on the **Add articles** page, or from a terminal run {command}."), icon=":material/inbox:")


def no_match_message(what: str = "articles") -> None:
    st.info(f"No {what} match the filters. Remove some in the sidebar, or press **Clear filters**.",
            icon=":material/filter_alt_off:")


def filter_summary(ctx: Context) -> None:
    """One line saying what the page is showing, so a filtered view is never mistaken for the whole corpus.

    The line is there unfiltered too, so that the page's elements keep their places when a filter is set.
    """
    f = ctx.filters
    if f.is_empty():
        st.caption("All articles in the store. Narrow them with the filters in the sidebar.")
        return
    parts = []  # every value comes from the URL: escaped, so it reads as typed
    if f.entities:
        parts.append("naming " + " or ".join(md_text(x) for x in f.entities))
    if f.sources:
        parts.append("from " + " or ".join(md_text(s) if s else "(no source)" for s in f.sources))
    if f.countries:
        names = ctx.lookup("country_choices")
        parts.append("mentioning " + " or ".join(md_text(names.get(c, c)) for c in f.countries))
    if f.date_from or f.date_to:
        parts.append(f"published {f.date_from or '…'} to {f.date_to or '…'}")
    if f.text:
        parts.append(f"containing “{md_text(f.text)}”")
    if f.labels:
        parts.append("counting only these entity types: " + ", ".join(md_text(label_name(x)) for x in f.labels))
    st.caption("Filtered: articles " + "; ".join(parts))


def environment_store() -> str:
    return os.environ.get("NEWSSCOPE_STORE", "")
