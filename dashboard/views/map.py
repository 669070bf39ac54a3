"""Map: which countries the selected articles mention, and how."""

import streamlit as st

from components import charts, queries
from dashboard import state, widgets

ctx = state.page("Map")

by = st.segmented_control(
    "Colour countries by", ["mentions", "articles", "share"], default="mentions", key="map_measure", required=True,
    format_func=lambda m: {"mentions": "Mentions", "articles": "Articles", "share": "Share of articles"}[m],
    help="Mentions counts every name, city, demonym or metonym; articles counts each article once; share of "
         "articles is the part of the selected articles that mention the country. Colours follow a log scale, so "
         "a country named a few times stands out from one never named.",
) or "mentions"
countries = ctx.query(queries.country_counts)
if countries.empty:
    if ctx.query(queries.article_count):
        st.info("The selected articles mention no country.", icon=":material/public_off:")
    else:
        widgets.no_match_message()
fig = charts.country_map(countries, by=by, selected=ctx.filters.countries,
                         title={"mentions": "Country mentions", "articles": "Articles mentioning each country",
                                "share": "Share of the selected articles mentioning each country"}[by])
# The world outline is served by this app (static/world_110m.json), so the map draws without internet access.
widgets.clickable_chart(fig, "map_choropleth", "flt_countries", config={"topojsonURL": widgets.STATIC_URL})
st.caption("Hover a country to see how it was named; click it to filter every page by it.")

if not countries.empty:
    st.subheader("Countries")
    widgets.table(countries, key="map_table", file_name="countries.csv",
                column_config={"iso3": st.column_config.TextColumn("ISO-3", width="small"),
                               "country": st.column_config.TextColumn("Country"),
                               "forms": st.column_config.TextColumn("Named as", width="large"),
                               "kinds": st.column_config.TextColumn("Kinds of mention")})
