"""Quotes: who said what, searchable, with the article each quote comes from."""

import streamlit as st

from components import charts, queries
from dashboard import sidebar, state, widgets

ctx = state.page("Quotes")

# Which quotes: in quotation marks (direct), reported speech ("Smith said the plan would fail"), or both.
KINDS = {"direct": ("direct",), "reported": ("indirect",), "both": ("direct", "indirect")}

sidebar.seed_from_url("quotes_search", "quote")
sidebar.seed_from_url("quotes_speakers", "speaker", many=True)
sidebar.seed_from_url("quotes_order", "order", default="newest")
sidebar.seed_from_url("quotes_kind", "kind", default="direct")
if st.session_state.get("quotes_kind") not in KINDS:  # a link with an unknown value
    st.session_state["quotes_kind"] = "direct"
shown_kind = st.segmented_control(
    "Show", list(KINDS), key="quotes_kind", required=True,
    format_func={"direct": "Direct", "reported": "Reported", "both": "Both"}.get,
    help="Direct: words in quotation marks. Reported: reported speech without them (“Smith said the plan would "
         "fail”, “according to Smith, ...”), its reported clause as the quote.",
) or "direct"
sidebar.write_to_url("quotes_kind", "kind", "" if shown_kind == "direct" else shown_kind)
kinds = KINDS[shown_kind]
controls = st.columns([3, 3, 2])
search = controls[0].text_input("Search quotes", key="quotes_search", placeholder="Words in the quote or speaker")
chosen = st.session_state.get("quotes_speakers", [])
speakers_offered = list(dict.fromkeys([*chosen, *ctx.query(queries.speaker_choices, kinds=kinds)]))
speakers = controls[1].multiselect("Speakers", speakers_offered, key="quotes_speakers", placeholder="All speakers")
order = controls[2].selectbox("Order", list(queries.QUOTE_ORDERS), key="quotes_order", format_func=widgets.ORDERS.get)
sidebar.write_to_url("quotes_search", "quote", search.strip())
sidebar.write_to_url("quotes_order", "order", "" if order == "newest" else order)
sidebar.write_to_url("quotes_speakers", "speaker", speakers)
by_entities = True
if ctx.filters.entities:
    by_entities = st.radio(
        "With the entity filter, show", [True, False], horizontal=True, key="quotes_by_entities",
        format_func=lambda v: "quotes said by the selected entities" if v else "every quote in articles naming them",
    )

short = st.toggle("Include quotes of one or two words", key="quotes_short",
                  help="A word or two in quotation marks (“fooled”, “golden rule”) is usually a scare quote, not a "
                       "statement: left out unless this is on.")
options = {"search": search, "speakers": tuple(speakers), "by_entities": by_entities, "min_words": 0 if short else 3,
           "kinds": kinds}
total = ctx.query(queries.quote_count, **options)
rows = ctx.query(queries.quotes_table, **options, order=order, limit=widgets.TABLE_ROWS)

if rows.empty:
    if ctx.query(queries.quote_count, kinds=kinds):
        st.info("No quotes match the search. Clear the search box or the speakers.", icon=":material/search_off:")
    elif ctx.query(queries.article_count):
        st.info("The selected articles hold no quotes. Remove some filters in the sidebar.",
                icon=":material/format_quote:")
    else:
        widgets.no_match_message()
else:
    shown = f"{len(rows):,} of {total:,}" if total > len(rows) else f"{total:,}"
    hidden = 0 if short else ctx.query(queries.quote_count, **{**options, "min_words": 0}) - total
    st.caption(f"{shown} quote(s), {widgets.order_phrase(rows['published'], order)}"
               + (f" ({hidden:,} of one or two words left out)" if hidden else "")
               + ". Select a row to read the quote in full.")
    widgets.table(rows.drop(columns=["article_id"]), key="quotes_table", file_name="quotes.csv", max_height=460,
                matching=(total, ctx.first_rows(queries.quotes_table, **options, order=order)), on_select="rerun",
                selection_mode="single-row", hidden=() if shown_kind == "both" else ("kind",))
    picked = st.session_state["quotes_table"].selection.rows if "quotes_table" in st.session_state else []
    widgets.quote_in_full(rows.iloc[picked[0] if picked and picked[0] < len(rows) else 0])

left, _ = st.columns([3, 2])
with left:
    top = ctx.query(queries.top_speakers, n=15, search=search, min_words=options["min_words"], kinds=kinds)
    widgets.clickable_chart(charts.speaker_bar(top, title="Most quoted speakers in these articles"),
                          "quotes_speakers_chart", "quotes_speakers")
    widgets.chart_table(top, key="quotes_speakers_table", file_name="quoted_speakers.csv")
    st.caption("Click a bar to show that speaker's quotes.")
