"""Articles: search the selected articles and read one with its entities and quotes marked."""

import streamlit as st

from components import metadata, queries
from components.labels import label_name
from dashboard import render, sidebar, state, widgets

ctx = state.page("Articles")

sidebar.seed_from_url("articles_order", "order", default="newest")
order = st.columns([2, 5])[0].selectbox("Order", list(queries.ARTICLE_ORDERS), key="articles_order",
                                        format_func=widgets.ORDERS.get)
sidebar.write_to_url("articles_order", "order", "" if order == "newest" else order)
rows = ctx.query(queries.articles_table, order=order, limit=widgets.TABLE_ROWS)
if rows.empty:
    widgets.no_match_message()
    st.stop()
total = ctx.query(queries.article_count)
st.caption((f"{len(rows):,} of {total:,}" if total > len(rows) else f"{total:,}")
           + f" article(s), {widgets.order_phrase(rows['published'], order)}. Select a row to read the article; "
           "search with the sidebar's text box.")

ids = rows["article_id"].tolist()
titles = dict(zip(rows["article_id"], rows["title"], strict=True))
linked = sidebar.seed_from_url("articles_open", "article")  # a bookmark, or a link from a quote
wanted = st.session_state.get("articles_open")
if linked and wanted not in ids and (linked := ctx.lookup(queries.article, wanted)) is not None:
    ids, titles[wanted] = [wanted, *ids], linked["title"]  # an article beyond the list's first rows
if st.session_state.get("articles_open") not in ids:
    st.session_state["articles_open"] = ids[0]


def _open_selected() -> None:
    picked = st.session_state["articles_list"].selection.rows
    if picked:
        st.session_state["articles_open"] = ids[picked[0]]


# A metadata field's column is headed by the field's name, as in the sidebar ("Category"); the CSV keeps
# "meta_category".
fields = {c: st.column_config.TextColumn(sidebar.facet_label(c.removeprefix(metadata.COLUMN_PREFIX)))
          for c in rows.columns if c.startswith(metadata.COLUMN_PREFIX)}
widgets.table(rows, key="articles_list", file_name="articles.csv", max_height=300, on_select=_open_selected,
            selection_mode="single-row", matching=(total, ctx.first_rows(queries.articles_table, order=order)),
            column_config=fields)

article_id = st.selectbox("Article", ids, key="articles_open", format_func=lambda i: titles.get(i) or i)
sidebar.write_to_url("articles_open", "article", article_id)
doc = ctx.lookup(queries.article, article_id)
if doc is None:
    st.warning("This article is no longer in the store.")
    st.stop()

st.subheader(widgets.md_text(doc["title"]) if doc["title"] else "(untitled)", anchor=False)
meta = [widgets.md_text(doc["source"]) if doc["source"] else "no source",
        f"{doc['published']:%d %b %Y}" if doc["published"] else "undated", f"{doc['n_words']:,} words"]
st.caption(" · ".join(meta))
if doc.get("metadata"):
    st.caption(" · ".join(f"{widgets.md_text(field)}: {widgets.md_text(metadata.SEPARATOR.join(values))}"
                          for field, values in sorted(doc["metadata"].items())))
if original := widgets.web_url(doc["url"]):
    st.link_button("Open the original", original, icon=":material/open_in_new:")

entities = ctx.lookup(queries.article_entities, article_id)
if ctx.filters.labels:
    entities = entities[entities["label"].isin(ctx.filters.labels)]
quotes = ctx.lookup(queries.article_quotes, article_id)

text_col, side_col = st.columns([3, 2], gap="large")
with text_col:
    st.html(render.legend_html(dict.fromkeys(entities["label"])))
    st.html(render.highlight_html(doc["text"], entities, quotes))
with side_col:
    st.markdown("**Entities**")
    if entities.empty:
        st.caption("No entities found.")
    else:
        named = (entities.groupby(["entity", "label"], as_index=False).size().rename(columns={"size": "mentions"})
                 .sort_values(["mentions", "entity"], ascending=[False, True]))
        named = named.assign(label=named["label"].map(label_name))
        # Narrow columns first, so Entity and Mentions stay in view in the side column at any width; a long type
        # name is cut instead.
        widgets.table(named, key="articles_entities", file_name="article_entities.csv", max_height=250,
                    article=doc, column_order=["entity", "mentions", "label"],
                    column_config={"entity": st.column_config.TextColumn("Entity", width=130),
                                   "mentions": st.column_config.NumberColumn("Mentions", width=75)})
    st.markdown("**Quotes**")
    if quotes.empty:
        st.caption("No quotes found.")
    else:
        # Speaker and cue first, so they stay in view; the quote is cut short (the text beside marks it whole).
        widgets.table(quotes[["quote", "speaker", "cue"]], key="articles_quotes", file_name="article_quotes.csv",
                    article=doc, column_order=["speaker", "cue", "quote"],
                    column_config={"speaker": st.column_config.TextColumn("Speaker", width=120),
                                   "cue": st.column_config.TextColumn("Cue", width=75)})
    places = ctx.lookup(queries.article_countries, article_id)
    st.markdown("**Countries**")
    if places.empty:
        st.caption("No countries found.")
    else:
        widgets.table(places[["country", "iso3", "text", "kind"]], key="articles_countries",
                    file_name="article_countries.csv", article=doc, column_order=["country", "text", "kind", "iso3"])
