"""A page's opening, the one entry every page starts with: `ctx = state.page("Title")`.

The pieces live in `data` (the store, snapshot and cached queries), `sidebar` (filters and the URL) and `widgets`
(tables, clickable charts, messages).
"""

from __future__ import annotations

import streamlit as st

from dashboard.data import Context, context
from dashboard.sidebar import filter_summary
from dashboard.widgets import damaged_warning, empty_store_message


def page(title: str) -> Context:
    """Its title, then what to do when the store is empty, else the damaged batches left out and what the filters
    select; returns the run's context (store version and filters)."""
    ctx = context()
    st.title(title)
    if ctx.empty:
        empty_store_message(ctx)
        st.stop()
    damaged_warning(ctx)
    filter_summary(ctx)
    return ctx
