"""The shared sidebar: the filter widgets, kept in sync with the URL (so a filtered view can be bookmarked), and the
line that says what the filters select."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import queries
from components.filters import META_PARAM, PARAM_KEYS, Filters, is_filter_param
from components.labels import label_name
from components.store import Store
from dashboard.data import ENTITY_CHOICES, Context, context
from dashboard.widgets import md_text

FILTER_KEYS = {
    "entities": "flt_entities",
    "labels": "flt_types",
    "sources": "flt_sources",
    "countries": "flt_countries",
    "dates": "flt_dates",
    "text": "flt_text",
    "once": "flt_once",
}
META_KEY = "flt_meta_"  # + field: a metadata facet's widget
META_UNLISTED = "flt_unlisted_facets"  # facets from the URL on fields the sidebar offers no list for


def url_params() -> list[tuple[str, str]]:
    """The query string as (key, value) pairs, every value of a repeated key kept."""
    return [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]


def seed_from_url(key: str, param: str, *, many: bool = False, default: str | list[str] | None = None) -> bool:
    """Set a page's widget from the URL when the URL holds a value the page did not write (a link, a bookmark, an
    earlier URL brought back by Back or Forward); True when it did.

    With write_to_url after the widget, the page's own choices (a search, a speaker) live in the URL too.
    """
    if param in st.query_params:
        value = st.query_params.get_all(param) if many else st.query_params.get(param, "")
    elif _history_navigation():  # an earlier URL without the parameter: the value the page had then
        value = default if default is not None else [] if many else ""
    else:
        return False
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
    return Filters.from_query_params({key: st.query_params.get_all(key) for key in st.query_params
                                      if is_filter_param(key)})


def _history_navigation() -> bool:
    """True in the run the browser's Back or Forward button started.

    Streamlit pushes a history entry for each change of the query string, and re-reads the URL on Back only for
    widgets bound with bind="query-params"; the filters keep their own parameter names and values (entity=...,
    country=ISO-3), so the sidebar re-reads the URL itself in that run.
    """
    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def _init_widgets(bounds: tuple[date, date] | None) -> None:
    """Seed the filter widgets from the URL once per session, so a bookmarked view opens filtered, and again when
    Back or Forward brings an earlier URL."""
    if st.session_state.get("flt_ready") and not _history_navigation():
        return
    f = _url_filters()
    st.session_state[FILTER_KEYS["entities"]] = list(f.entities)
    st.session_state[FILTER_KEYS["labels"]] = list(f.labels)
    st.session_state[FILTER_KEYS["sources"]] = list(f.sources)
    st.session_state[FILTER_KEYS["countries"]] = list(f.countries)
    st.session_state[FILTER_KEYS["text"]] = f.text
    st.session_state[FILTER_KEYS["once"]] = f.one_per_story
    for field, values in f.metadata:
        st.session_state[META_KEY + field] = list(values)
    st.session_state[META_UNLISTED] = f.metadata  # the facets with a widget are taken from it
    if bounds:
        st.session_state[FILTER_KEYS["dates"]] = (f.date_from or bounds[0], f.date_to or bounds[1])
    st.session_state["flt_ready"] = True


def clear_filters() -> None:
    for key in [*FILTER_KEYS.values(), META_UNLISTED, *(k for k in st.session_state if str(k).startswith(META_KEY))]:
        st.session_state.pop(key, None)
    st.session_state["flt_ready"] = False
    for key in [k for k in st.query_params if is_filter_param(k)]:
        del st.query_params[key]


def _write_url(f: Filters) -> None:
    wanted = f.to_query_params()
    for key in [*PARAM_KEYS.values(), *{k for k in [*st.query_params, *wanted] if k.startswith(META_PARAM)}]:
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
    spellings = context().lookup(queries.entity_spellings, tuple(chosen))
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
        bounds = probe.lookup(queries.date_bounds)
        _init_widgets(bounds)

        selected = st.session_state.get(FILTER_KEYS["entities"], [])
        entity_options = list(dict.fromkeys([*selected, *probe.lookup(queries.entity_choices, ENTITY_CHOICES)]))
        st.multiselect(
            "Entities", entity_options, key=FILTER_KEYS["entities"], placeholder="Type a name to search",
            accept_new_options=True, on_change=_spell_entities,
            help=f"Articles that name any of these. The list offers the {ENTITY_CHOICES:,} most widespread; type any "
                 "other name and press Enter, or click a bar in a chart to add one.",
        )
        labels = probe.lookup(queries.label_choices)
        _keep_valid(FILTER_KEYS["labels"], labels)
        st.multiselect(
            "Entity types", labels, key=FILTER_KEYS["labels"], format_func=label_name, placeholder="All types",
            help="Which kinds of entities are counted and highlighted.",
        )
        sources = probe.lookup(queries.source_choices)
        _keep_valid(FILTER_KEYS["sources"], sources)
        st.multiselect(
            "Sources", sources, key=FILTER_KEYS["sources"], format_func=lambda s: s or "(no source)",
            placeholder="All sources",
        )
        countries = probe.lookup(queries.country_choices)
        _keep_valid(FILTER_KEYS["countries"], list(countries))
        st.multiselect(
            "Countries", list(countries), key=FILTER_KEYS["countries"], placeholder="All countries",
            format_func=lambda iso3: f"{countries.get(iso3, iso3)} ({iso3})",
            help="Articles that mention any of these countries. Click a country on the map to add one.",
        )
        facets = _metadata_facets(probe)
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
        st.toggle("Count each story once", key=FILTER_KEYS["once"],
                  help="A story run by several outlets (near-identical texts: wire copy, a changed headline) counts "
                       "once, as its earliest copy, on every page. The Stories page lists them.")

        f = Filters(
            entities=tuple(st.session_state[FILTER_KEYS["entities"]]),
            labels=tuple(st.session_state[FILTER_KEYS["labels"]]),
            sources=tuple(st.session_state[FILTER_KEYS["sources"]]),
            countries=tuple(st.session_state[FILTER_KEYS["countries"]]),
            date_from=date_from,
            date_to=date_to,
            text=st.session_state[FILTER_KEYS["text"]],
            one_per_story=st.session_state[FILTER_KEYS["once"]],
            metadata=facets,
        )
        # Always drawn (disabled when there is nothing to clear): an element that comes and goes shifts every
        # element after it, and the browser then rebuilds them all instead of updating them.
        st.button("Clear filters", key="flt_clear", on_click=clear_filters, width="stretch", disabled=f.is_empty())
        st.caption(f"Store: `{root}`")
    _write_url(f)
    ctx = Context(str(root), version, f)
    st.session_state["ctx"] = ctx
    return ctx



def _metadata_facets(probe: Context) -> dict[str, tuple[str, ...]]:
    """A multiselect per metadata field with a manageable number of values (`category`, `section`); the chosen
    values per field, with the URL's facets on other fields kept as they came."""
    choices = probe.lookup(queries.metadata_choices)
    facets = {field: values for field, values in st.session_state.get(META_UNLISTED, ()) if field not in choices}
    for field, values in choices.items():
        key = META_KEY + field
        _keep_valid(key, values)
        st.multiselect(md_text(facet_label(field)), values, key=key, placeholder=f"Any {field}",
                       help=f"Articles whose “{md_text(field)}” is any of these (a field of the files they came from).")
        facets[field] = tuple(st.session_state.get(key, ()))
    return facets


def facet_label(field: str) -> str:
    return field[:1].upper() + field[1:]


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
    for field, values in f.metadata:
        parts.append(f"with {md_text(field)} " + " or ".join(md_text(v) for v in values))
    if f.countries:
        names = ctx.lookup(queries.country_choices)
        parts.append("mentioning " + " or ".join(md_text(names.get(c, c)) for c in f.countries))
    if f.date_from or f.date_to:
        parts.append(f"published {f.date_from or '…'} to {f.date_to or '…'}")
    if f.text:
        parts.append(f"containing “{md_text(f.text)}”")
    if f.one_per_story:
        parts.append("each story counted once")
    if f.labels:
        parts.append("counting only these entity types: " + ", ".join(md_text(label_name(x)) for x in f.labels))
    st.caption("Filtered: articles " + "; ".join(parts))

