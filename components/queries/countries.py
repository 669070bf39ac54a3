"""Queries about the countries the selected articles mention."""

from __future__ import annotations

import pandas as pd

from components.filters import Filters
from components.snapshot import Snapshot, in_selection, selected_cte


def country_counts(snap: Snapshot, f: Filters, *, forms: int | None = None) -> pd.DataFrame:
    """Per country: iso3, country, mentions, articles, share (of the selected articles), forms (how it was written,
    every form or the `forms` most frequent, with counts), kinds."""
    return snap.df(
        f"""{selected_cte(snap, f)},
        m AS (SELECT c.* FROM countries c WHERE {in_selection(snap, f, "c")}),
        by_form AS (SELECT iso3, text, count(*) AS n FROM m GROUP BY ALL),
        by_kind AS (SELECT iso3, kind, count(*) AS n FROM m GROUP BY ALL),
        forms AS (SELECT iso3, string_agg(text || ' (' || n || ')', ', ' ORDER BY n DESC, text) AS forms
                  FROM (SELECT *, row_number() OVER (PARTITION BY iso3 ORDER BY n DESC, text) AS r FROM by_form)
                  WHERE r <= coalesce(?, r) GROUP BY iso3),
        kinds AS (SELECT iso3, string_agg(kind || ' ' || n, ', ' ORDER BY n DESC, kind) AS kinds
                  FROM by_kind GROUP BY iso3),
        totals AS (SELECT iso3, any_value(country) AS country, count(*) AS mentions,
                          count(DISTINCT aid) AS articles FROM m GROUP BY iso3)
        SELECT t.iso3, t.country, t.mentions, t.articles,
               t.articles / greatest((SELECT count(*) FROM sel), 1) AS share, forms.forms, kinds.kinds
        FROM totals t LEFT JOIN forms USING (iso3) LEFT JOIN kinds USING (iso3)
        ORDER BY t.mentions DESC, t.iso3""",
        [forms],
    )
