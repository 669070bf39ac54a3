"""Compare: two slices of the selected coverage side by side, and what is distinctive to each."""

import streamlit as st

from components import charts, queries
from components.filters import Filters
from components.labels import ENTITY_GROUPS, label_name
from dashboard import sidebar, state, widgets

SIDES = ("a", "b")
FACETS = {"sources": "source", "entities": "entity", "text": "q"}  # slice facet -> its URL key after the prefix
META = "meta."  # + field: a metadata facet of a slice, `a_meta.category` in the URL

ctx = state.page("Compare")
if not ctx.query(queries.article_count):
    widgets.no_match_message()
    st.stop()

sources = ctx.lookup(queries.source_choices)
entities = ctx.lookup(queries.entity_choices, 2000)
facets = ctx.lookup(queries.metadata_choices)  # metadata field -> its values, for the fields short enough to list
# A first visit (no slice in the URL) compares the two largest sources, when there are two, else the two largest
# values of the first metadata field that has two (BBC's categories).
bookmarked = any(key.startswith(("a_", "b_")) for key in st.query_params)
defaults = {}
two_valued = [field for field, values in facets.items() if len(values) > 1]
if len(sources) > 1 and not bookmarked:
    defaults = {"a": {"sources": sources[:1]}, "b": {"sources": sources[1:2]}}
elif two_valued and not bookmarked:
    field = two_valued[0]
    defaults = {"a": {META + field: facets[field][:1]}, "b": {META + field: facets[field][1:2]}}

st.caption("Each slice is the sidebar's selection narrowed by its own filters (both are in the URL). Items are "
           "counted in articles of each slice; \"distinctive\" is the weighted log-odds ratio (Monroe et al., "
           "\"Fightin' Words\") with the whole store as the prior: a z-score, high for an item much more common in "
           "one slice and seen often enough to tell, positive for A and negative for B.")
slices: dict[str, Filters] = {}
for side, column in zip(SIDES, st.columns(2, gap="large"), strict=True):
    with column:
        st.markdown(f"**Slice {side.upper()}**")
        params = {**FACETS, **{META + field: META + field for field in facets}}
        for facet, param in params.items():
            key = f"compare_{side}_{facet}"
            many = facet != "text"
            default = defaults.get(side, {}).get(facet, [] if many else "")
            if not sidebar.seed_from_url(key, f"{side}_{param}", many=many, default=default) \
                    and key not in st.session_state:
                st.session_state[key] = default
        chosen = st.session_state[f"compare_{side}_entities"]
        if len(sources) > 1 or st.session_state[f"compare_{side}_sources"]:
            st.multiselect("Sources", sources, key=f"compare_{side}_sources",
                           format_func=lambda s: s or "(no source)", placeholder="Any source")
        for field, values in facets.items():
            st.multiselect(sidebar.facet_label(field), values, key=f"compare_{side}_{META}{field}",
                           placeholder=f"Any {field}")
        st.multiselect("Naming", list(dict.fromkeys([*chosen, *entities])), key=f"compare_{side}_entities",
                       placeholder="Any entity", accept_new_options=True)
        st.text_input("Text contains", key=f"compare_{side}_text", placeholder="Any words")
        slices[side] = Filters(sources=tuple(st.session_state[f"compare_{side}_sources"]),
                               entities=tuple(st.session_state[f"compare_{side}_entities"]),
                               text=st.session_state[f"compare_{side}_text"],
                               metadata={field: tuple(st.session_state[f"compare_{side}_{META}{field}"])
                                         for field in facets})
        for facet, param in params.items():
            key = f"compare_{side}_{facet}"
            sidebar.write_to_url(key, f"{side}_{param}", st.session_state[key])


def describe(f: Filters) -> str:
    parts = [" or ".join(s or "(no source)" for s in f.sources), *(f"{field} " + " or ".join(values)
                                                                   for field, values in f.metadata),
             " or ".join(f.entities), f.text and f"“{f.text}”"]
    return ", ".join(p for p in parts if p) or "all selected articles"


if slices["a"] == slices["b"]:
    st.info("Give the two slices different filters above: a source, a value of a field, a name or words each.",
            icon=":material/compare_arrows:")
    st.stop()
names = {side: describe(f) for side, f in slices.items()}
size_a, size_b = ctx.query(queries.slice_sizes, a=slices["a"], b=slices["b"])
st.caption(f"A: {widgets.md_text(names['a'])}: {size_a:,} articles. B: {widgets.md_text(names['b'])}: {size_b:,} "
           "articles.")
if not size_a or not size_b:
    st.info("One slice holds no articles. Widen its filters, or the sidebar's.", icon=":material/filter_alt_off:")
    st.stop()

controls = st.columns([3, 4])
kind = controls[0].segmented_control("Compare", ["entities", "speakers", "countries"], default="entities",
                                     key="compare_kind", required=True, format_func=str.title) or "entities"
labels: tuple[str, ...] = ()
if kind == "entities":
    group = controls[1].segmented_control("Type", list(ENTITY_GROUPS), default="People", key="compare_group",
                                          required=True) or "People"
    labels = ENTITY_GROUPS[group] or ()
rows = ctx.query(queries.compare, a=slices["a"], b=slices["b"], kind=kind, labels=labels)
if rows.empty:
    st.info(f"Neither slice has {kind} seen in two articles or more.", icon=":material/compare_arrows:")
    st.stop()
st.plotly_chart(charts.compare_bar(rows, a_name=f"A: {names['a']}", b_name=f"B: {names['b']}"),
                key="compare_chart", config={"displayModeBar": False})
shown = rows.assign(label=rows["label"].map(label_name)).rename(columns={"item": kind[:-1] if kind != "entities"
                                                                          else "entity"})
percent = {c: st.column_config.NumberColumn(f"Share of {c[-1].upper()}", format="percent")
           for c in ("share_a", "share_b")}
widgets.table(shown, key="compare_table", file_name=f"compare_{kind}.csv", max_height=420,
              column_config={**percent, "log_odds_z": st.column_config.NumberColumn("Distinctive (z)", format="%.2f"),
                             "articles_a": "Articles in A", "articles_b": "Articles in B"})
