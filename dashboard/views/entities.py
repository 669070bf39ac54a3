"""Entities: who and what the articles name, how often, over time, and together."""

import streamlit as st

from components import charts, queries
from components.labels import ENTITY_GROUPS, NUMERIC_LABELS, label_name
from dashboard import state, widgets

ctx = state.page("Entities")
if not ctx.query(queries.article_count):
    widgets.no_match_message()
    st.stop()

group = st.segmented_control("Type", list(ENTITY_GROUPS), default="People", key="entities_group",
                                      required=True) or "People"
controls = st.columns([3, 2, 3], gap="medium")
by = controls[0].segmented_control(
    "Measure", ["mentions", "share"], default="mentions", key="entities_measure", required=True,
    format_func=lambda m: {"mentions": "Mentions", "share": "Share of articles"}[m],
    help="Mentions counts every time a name appears; share of articles counts each article once.",
) or "mentions"
n = controls[1].slider("How many", 5, 50, 15, step=5, key="entities_top_n")

labels = ENTITY_GROUPS[group]
if labels is None:
    labels = tuple(x for x in ctx.lookup(queries.label_choices) if x not in NUMERIC_LABELS)
top = ctx.query(queries.top_entities, labels=labels, n=n, by="articles" if by == "share" else "mentions")
title = f"{group}: {'most mentioned' if by == 'mentions' else 'named in most articles'}"
widgets.clickable_chart(charts.entity_bar(top, by=by, title=title), "entities_bar", "flt_entities")
st.caption("Click a bar to filter every page by that entity.")
if not top.empty:
    with st.expander("Table", icon=":material/table:"):
        widgets.table(top.assign(label=top["label"].map(label_name)), key="entities_table",
                    file_name="entities.csv")

# Three views of the leaders, one at a time: only the open tab's queries run and only its chart or table is drawn
# (each costs the browser about half a second to a second to draw, a million articles' queries more).
over_time, together, every = st.tabs(["Over time", "Named together", "Mentions"], key="entities_view",
                                     on_change="rerun")
if over_time.open:
    with over_time:
        if not ctx.query(queries.has_dates):
            st.caption("None of the selected articles has a publication date, so there is no timeline.")
        elif top.empty:
            st.caption("No entities to draw.")
        else:
            focus = list(ctx.filters.entities) or top["entity"].head(5).tolist()
            period = ctx.query(queries.timeline_period)
            timeline = ctx.query(queries.entity_timeline, tuple(focus), period=period)
            label_of = dict(zip(top["entity"], top["label"], strict=True))
            names = ", ".join(focus[:5]) + ("…" if len(focus) > 5 else "")
            measure = "Mentions" if by == "mentions" else "Share of articles"
            fig = charts.entity_timeline(timeline, by=by, period=period, labels=label_of,
                                         title=f"{measure} per {period}: {names}")
            st.plotly_chart(fig, key="entities_timeline", config={"displayModeBar": False})
            st.caption("Showing the entities selected in the sidebar, or else the five most mentioned. Share of "
                       f"articles is the part of each {period}'s dated articles that name the entity, so busy and "
                       f"quiet {period}s compare.")
            with st.expander("Table", icon=":material/table:"):
                widgets.table(timeline, key="entities_timeline_table", file_name="entities_over_time.csv",
                              column_config={"share": st.column_config.NumberColumn("Share of articles",
                                                                                    format="percent")})

if together.open:
    with together:
        candidates = list(dict.fromkeys([*ctx.filters.entities, *top["entity"].tolist()]))
        if not candidates:
            st.caption("No entities to compare.")
        else:
            if st.session_state.get("entities_focus") not in candidates:
                st.session_state["entities_focus"] = candidates[0]
            focus = st.columns([2, 3])[0].selectbox("Entity", candidates, key="entities_focus",
                                                    help="Entities that appear in the same articles as this one.")
            pairs = ctx.query(queries.cooccurring, focus, n=n, labels=labels)
            widgets.clickable_chart(charts.cooccurrence_bar(pairs, entity=focus), "entities_cooccur",
                                    "flt_entities")
            if not pairs.empty:
                with st.expander("Table", icon=":material/table:"):
                    widgets.table(pairs.assign(label=pairs["label"].map(label_name)), key="entities_cooccur_table",
                                  file_name="named_together.csv")

if every.open:
    with every:
        shown = list(ctx.filters.entities) or top["entity"].head(5).tolist()
        mentions = ctx.query(queries.entity_mentions, tuple(shown), limit=widgets.TABLE_ROWS)
        if mentions.empty:
            st.caption("No mentions to list.")
        else:
            total = ctx.query(queries.entity_mention_count, tuple(shown))
            cut = f" (the first {len(mentions):,} of {total:,})" if total > len(mentions) else ""
            st.caption("Every mention of " + ", ".join(map(widgets.md_text, shown))
                       + f" in the selected articles{cut}.")
            first_mentions = ctx.first_rows(queries.entity_mentions, tuple(shown))

            def every_mention(n: int):
                rows = first_mentions(n)
                return rows.assign(label=rows["label"].map(label_name))

            widgets.table(mentions.assign(label=mentions["label"].map(label_name)), key="entities_mentions",
                          file_name="entity_mentions.csv", max_height=300, matching=(total, every_mention))
