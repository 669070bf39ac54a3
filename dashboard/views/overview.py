"""Overview: what the selected articles hold, at a glance."""

import streamlit as st

from components import charts, queries
from components.labels import label_name
from dashboard import state, widgets

ctx = state.page("Overview")

numeric = st.session_state.get("overview_numeric", False)
counts = ctx.query(queries.overview_counts, numeric=numeric)
if not counts["articles"]:
    widgets.no_match_message()
    st.stop()

span, exact = "no dates", None
if counts["first"]:
    first, last = counts["first"], counts["last"]
    exact = f"{first:%d %b %Y} – {last:%d %b %Y}"
    # The card fits a year or two; the exact dates are in its tooltip.
    span = f"{first:%Y}" if first.year == last.year else f"{first:%Y}–{last:%Y}"
cols = st.columns(5)
cols[0].metric("Articles", f"{counts['articles']:,}", help=f"from {counts['sources']:,} source(s)", border=True)
kinds = ("of the chosen types" if ctx.filters.labels else "named or numeric" if numeric else
         "named: people, organisations, places, groups, events, works, products")
cols[1].metric("Entities", f"{counts['entities']:,}", help=f"{counts['entity_mentions']:,} mentions; {kinds}",
               border=True)
cols[2].metric("Quotes", f"{counts['quotes']:,}", help=f"{counts['speakers']:,} named speakers", border=True)
cols[3].metric("Countries", f"{counts['countries']:,}", help=f"{counts['country_mentions']:,} mentions",
               border=True)
cols[4].metric("Date span", span, help=exact, border=True)
st.toggle("Count dates, times, numbers and amounts as entities", key="overview_numeric",
          disabled=bool(ctx.filters.labels), help="Off: only named entities are counted. The sidebar's entity types, "
          "when chosen, decide instead.")


def top_entities_chart(label: str, title: str, name: str) -> None:
    """The chart of the top entities of one type, and under it the table it is drawn from."""
    top = ctx.query(queries.top_entities, labels=(label,), n=n)
    empty = "No entities match the filters"
    if ctx.filters.labels and label not in ctx.filters.labels:  # the sidebar's entity types leave this chart out
        empty = f"{label_name(label)}: not among the entity types chosen in the sidebar"
    fig = charts.entity_bar(top, title=title, empty=empty)
    widgets.clickable_chart(fig, f"overview_{name}", "flt_entities")
    # The counts first: the expander is a third of the page wide.
    widgets.chart_table(top.assign(label=top["label"].map(label_name)), key=f"overview_{name}_table",
                        file_name=f"top_{name}.csv", column_order=["entity", "mentions", "articles", "share", "label"])


n = 10
left, middle, right = st.columns(3)
with left:
    top_entities_chart("PERSON", "Top people", "people")
with middle:
    top_entities_chart("ORG", "Top organisations", "orgs")
with right:
    countries = ctx.query(queries.country_counts).head(n)
    widgets.clickable_chart(charts.country_bar(countries, title="Top countries"), "overview_countries",
                            "flt_countries")
    widgets.chart_table(countries, key="overview_countries_table", file_name="top_countries.csv",
                        column_order=["country", "mentions", "articles", "share", "iso3", "forms", "kinds"])
st.caption("Click a bar to filter every page by it. Each chart's table and CSV are under it.")

left, right = st.columns([2, 3], gap="large")
with left:
    speakers = ctx.query(queries.top_speakers, n=n)
    widgets.clickable_chart(charts.speaker_bar(speakers), "overview_speakers", "flt_entities")
    widgets.chart_table(speakers, key="overview_speakers_table", file_name="top_speakers.csv")
with right:
    st.markdown("**What the corpus holds per source**")
    widgets.table(ctx.query(queries.source_summary), key="overview_sources", file_name="sources.csv", max_height=380)
