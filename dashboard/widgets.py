"""The pieces pages are built of: tables with their CSV downloads, charts that filter when clicked, one quote in
full, and the messages pages show; plus the rule that shows text from the data or the URL as typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from components.export import to_csv
from components.snapshot import ARTICLE_META
from dashboard.data import Context, read_only

STATIC_URL = "app/static/"  # relative, so the map works behind any host name or port
TABLE_ROWS = 1000  # rows a long list shows (and its first download holds)
EXPORT_ROWS = 250_000  # rows the "all matching rows" download may hold


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
    "role": st.column_config.TextColumn("Role"),
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
    "group": st.column_config.TextColumn("Group"),
    "gender": st.column_config.TextColumn("Gender"),
    "female": st.column_config.NumberColumn("Women", format="localized"),
    "male": st.column_config.NumberColumn("Men", format="localized"),
    "unknown": st.column_config.NumberColumn("Unknown", format="localized"),
    "female_share": st.column_config.NumberColumn("Share of women", help="Of the people of known gender",
                                                  format="percent"),
}


def table(df: pd.DataFrame, *, key: str, file_name: str, max_height: int = 420, article: dict | None = None,
          matching: tuple[int, Callable[[int], pd.DataFrame]] | None = None, hidden: tuple[str, ...] = (),
          **kwargs) -> None:
    """A table and a CSV download of exactly its rows (formula-like cells neutralised); `hidden` columns are in the
    CSV only.

    Rows from one article (`article`) get its title, source, date and url in the download, so a CSV stands alone.
    A table cut to its first rows passes `matching`: how many rows match, and a function returning the first n of
    them (see Context.first_rows); a second button then downloads all of them (up to EXPORT_ROWS), with the table's
    columns, computed only when it is pressed.
    """
    config = {**{c: COLUMN_CONFIG[c] for c in df.columns if c in COLUMN_CONFIG}, **kwargs.pop("column_config", {})}
    height = min(max_height, 35 * (len(df) + 1) + 3)  # no empty rows under a short table
    if len(df) and "column_order" not in kwargs:
        # A column with no value in any row (no dates, no urls in the corpus) is not shown; the CSV keeps it.
        kwargs["column_order"] = [c for c in df.columns if not _blank(df[c]) and c not in hidden]
    export = df
    if article is not None:
        export = df.assign(**{c: article.get(c) for c in [*ARTICLE_META, "article_id"]})
    with st.container(key=f"table_{key}"):  # a keyed block, so tests can find a table that is not a widget
        st.dataframe(_dates_as_text(df), hide_index=True, column_config=config, key=key, height=height, **kwargs)
        st.download_button(
            # The CSV is written when the button is pressed, not on every rerun.
            f"Download CSV ({len(df):,} {'row' if len(df) == 1 else 'rows'})", data=partial(to_csv, export),
            file_name=file_name, mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:",
            # Streamlit does not tell the app how a reader sorted the table, so the CSV cannot follow it.
            help="The rows in the page's order (the Order list above, where there is one); sorting a column on "
                 "screen by its header does not reorder the CSV.",
        )
        if matching is not None and matching[0] > len(df):
            total, rows = matching
            n = min(total, EXPORT_ROWS)
            st.download_button(
                f"Download all {n:,} matching rows" if n == total else f"Download the first {n:,} matching rows",
                data=lambda: to_csv(rows(n).reindex(columns=export.columns)),
                file_name=file_name.replace(".csv", "_all.csv"),
                mime="text/csv", key=f"{key}_csv_all", on_click="ignore", icon=":material/download:",
                help=None if n == total else "For more, export the whole store: `newsscope export`.",
            )


def chart_table(df: pd.DataFrame, *, key: str, file_name: str, **kwargs) -> None:
    """The table a chart is drawn from, folded under the chart, with its CSV (nothing when the chart is empty)."""
    if df.empty:
        return
    with st.expander("Table", icon=":material/table:"):
        table(df, key=key, file_name=file_name, **kwargs)


def _dates_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD and a missing date as an empty cell (a date column shows a grey "None")."""
    dates = [c for c in ("published", "first_date", "last_date", "period") if c in df.columns]
    if not dates:
        return df
    return df.assign(**{c: pd.to_datetime(df[c]).dt.strftime("%Y-%m-%d").fillna("") for c in dates})


def _blank(column: pd.Series) -> bool:
    return bool(column.isna().all() or (column.dtype.kind in "OT" and column.fillna("").astype(str).eq("").all()))


# The orders a list may offer (its query module has the SQL); the list and both CSV downloads follow the chosen one.
ORDERS = {"newest": "Newest first", "oldest": "Oldest first", "speaker": "By speaker", "longest": "Longest first",
          "quotes": "Most quotes first"}


def order_phrase(published: pd.Series, order: str = "newest") -> str:
    """How a list is ordered, in words that are true of its rows (undated rows come last, by title)."""
    if order not in ("newest", "oldest"):
        return ORDERS[order].lower()
    undated = published.isna()
    return ("by article title (no dates)" if undated.all() else
            f"{order} first, then the undated ones by article title" if undated.any() else f"{order} first")


def quote_in_full(row: pd.Series) -> None:
    """One quote in full, who said it and where, with a link to read it in its article."""
    with st.container(border=True, key="quote_full"):
        if row.get("kind") == "indirect":  # the reported clause: the speaker's gist, not their words
            st.markdown(f"Reported: {md_text(row['quote'])}")
        else:
            st.markdown(f"“{md_text(row['quote'])}”")
        said = " ".join(x for x in [md_text(row["speaker"]) if row["speaker"] else "Unattributed",
                                    md_text(row["cue"]) if row["cue"] else ""] if x)
        where = [md_text(row["title"]) if row["title"] else "(untitled)",
                 md_text(row["source"]) if row["source"] else "",
                 f"{row['published']:%d %b %Y}" if pd.notna(row["published"]) else "undated"]
        st.caption(f"— {said} · " + " · ".join(x for x in where if x))
        st.page_link("views/articles.py", label="Read it in the article", icon=":material/article:",
                     query_params={"article": row["article_id"]})


# -- messages -----------------------------------------------------------------------------------------------------
def empty_store_message(ctx: Context) -> None:
    command = "`newsscope ingest PATH --store " + ctx.root + "`"
    st.info("The store holds no articles yet. " + (f"Add some from a terminal: {command}." if read_only() else
            f"Add some on the **Add articles** page, or from a terminal run {command}."), icon=":material/inbox:")


def no_match_message(what: str = "articles") -> None:
    st.info(f"No {what} match the filters. Remove some in the sidebar, or press **Clear filters**.",
            icon=":material/filter_alt_off:")


def damaged_warning(ctx: Context) -> None:
    """Name the batches the store leaves out because their files cannot be read, and the way out."""
    damaged = ctx.snapshot().damaged
    if damaged:
        st.warning(md_text(f"{len(damaged)} damaged batch(es) of the store are left out: "
                           + "; ".join(str(d) for d in damaged[:3]) + ("; ..." if len(damaged) > 3 else "")
                           + f". Run `newsscope check --store {ctx.root} --repair` to move them aside and list "
                           "the articles to ingest again."), icon=":material/warning:")
