"""Voices: whose voices the selected coverage carries, women and men among the people it names and quotes."""

import streamlit as st

from components import charts, queries, voices
from dashboard import state, widgets

ctx = state.page("Voices")

shares = ctx.query(voices.voice_shares)
if shares.empty:
    if ctx.query(queries.article_count):
        st.info("The selected articles name no people. Remove some filters in the sidebar.",
                icon=":material/person_off:")
    else:
        widgets.no_match_message()
    st.stop()

st.caption("Each person counts once per article that names (or quotes) them; quoted means quoted directly or in "
           "reported speech (\"Smith said the plan would fail\"), as the Gender Gap Tracker counts sources. Gender is "
           "what the article says (Ms, Sir, a spokeswoman, \"she said\"), or where it says nothing the first name, or "
           "else what the other articles of the corpus say of the same person; unknown otherwise, never a guess. Each "
           "person's evidence is in the Entities page's mentions and in entities.csv.")
left, right = st.columns(2, gap="large")
with left:
    st.plotly_chart(charts.gender_share_bar(shares), key="voices_shares", config={"displayModeBar": False})
with right:
    widgets.table(shares.rename(columns={"people": "person-articles"}), key="voices_shares_table",
                file_name="voices.csv", max_height=260,
                column_config={"person-articles": st.column_config.NumberColumn(
                                   "People", help="Person-articles: each person counted once per article"),
                               "share": st.column_config.NumberColumn("Share", format="percent")})

by_source = ctx.query(voices.voices_by_source)
quoted = by_source[by_source["group"] == "people quoted"].head(20)
left, right = st.columns(2, gap="large")
with left:
    st.plotly_chart(charts.women_share_bar(quoted, title="Women among the people quoted, per source"),
                    key="voices_sources", config={"displayModeBar": False})
with right:
    # the share first, so it stays in view in the half-width column
    widgets.table(by_source, key="voices_sources_table", file_name="voices_by_source.csv", max_height=380,
                  column_order=["source", "group", "female_share", "female", "male", "unknown"])

if ctx.query(queries.has_dates):
    period = ctx.query(queries.timeline_period)
    timeline = ctx.query(voices.voices_over_time, period=period)
    st.plotly_chart(charts.women_share_timeline(timeline, period=period), key="voices_timeline",
                    config={"displayModeBar": False})
    widgets.table(timeline, key="voices_timeline_table", file_name="voices_over_time.csv", max_height=240)

roles = ctx.query(voices.source_roles)
left, right = st.columns(2, gap="large")
with left:
    st.plotly_chart(charts.role_bar(roles), key="voices_roles", config={"displayModeBar": False})
with right:
    widgets.table(roles, key="voices_roles_table", file_name="voices_roles.csv", max_height=300,
                  column_config={"role_class": "Role", "sources": "Sources"})
st.caption("A source is a speaker per article, named or not (\"a Vodafone spokesman\"). The role is the one the "
           "article gives them (\"Finance Minister\", \"chief economist at ING\"), grouped by its head noun; "
           "each quote's role is in the Quotes table and in quotes.csv.")

left, right = st.columns(2, gap="large")
for column, gender, title in ((left, "female", "Most quoted women"), (right, "male", "Most quoted men")):
    with column:
        top = ctx.query(voices.top_voices, gender=gender).rename(columns={"person": "speaker"})
        if top.empty:
            st.plotly_chart(charts.empty_figure(f"No {title.split()[-1]} are quoted in the selected articles"),
                            key=f"voices_top_{gender}_none", config={"displayModeBar": False})
        else:
            widgets.clickable_chart(charts.speaker_bar(top, title=title), f"voices_top_{gender}", "flt_entities")
            widgets.chart_table(top, key=f"voices_top_{gender}_table", file_name=f"quoted_{gender}.csv")
st.caption("Click a bar to filter every page by that person.")
