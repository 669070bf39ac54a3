"""Stories: articles that are copies of one story (wire copy run by several outlets), the largest first."""

import streamlit as st

from components import queries
from dashboard import sidebar, state, widgets

ctx = state.page("Stories")

stories = ctx.query(queries.largest_stories)
if stories.empty:
    if ctx.query(queries.article_count):
        st.info("No story runs more than once in the selected articles: no two texts are near-copies.",
                icon=":material/content_copy:")
    else:
        widgets.no_match_message()
    st.stop()

st.caption(f"{len(stories):,} stories run more than once, the most copies first. Copies are near-identical texts "
           "(a changed headline or a line added still count); the earliest copy names the story. Turn on "
           "\"Count each story once\" in the sidebar to count each of them once on every page. Select a row to see "
           "its copies.")
ids = stories["story_id"].tolist()
sidebar.seed_from_url("stories_open", "story")
if st.session_state.get("stories_open") not in ids:
    st.session_state["stories_open"] = ids[0]


def _open_selected() -> None:
    picked = st.session_state["stories_list"].selection.rows
    if picked:
        st.session_state["stories_open"] = ids[picked[0]]


widgets.table(stories, key="stories_list", file_name="stories.csv", max_height=320, on_select=_open_selected,
              selection_mode="single-row", column_order=["headline", "copies", "sources", "headlines", "first_date",
                                                         "last_date"],
              column_config={"headline": "Headline (earliest copy)", "copies": "Copies", "sources": "Sources",
                             "headlines": "Distinct headlines"})
headlines = dict(zip(stories["story_id"], stories["headline"], strict=True))
story_id = st.selectbox("Story", ids, key="stories_open", format_func=lambda i: headlines.get(i) or i)
sidebar.write_to_url("stories_open", "story", story_id)

copies = ctx.lookup(queries.story_copies, story_id)
st.markdown(f"**{len(copies):,} copies**, earliest first: who ran it, when, under which headline.")
widgets.table(copies, key="stories_copies", file_name="story_copies.csv", max_height=420)
