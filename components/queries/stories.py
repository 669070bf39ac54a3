"""Stories: the near-copies of one article (components/stories.py) in the selected coverage, largest first."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from components.filters import Filters
from components.snapshot import Snapshot, selected_cte


def largest_stories(snap: Snapshot, f: Filters, *, n: int = 200) -> pd.DataFrame:
    """Stories run more than once among the selected articles: story_id, headline (of the earliest copy), copies,
    sources, headlines (distinct), first_date and last_date. A filter selects a story through any of its copies."""
    return snap.df(f"""
        {selected_cte(snap, replace_once(f))}
        SELECT a.story_id, arg_min(a.title, (a.published IS NULL, a.published, a.article_id)) AS headline,
               count(*) AS copies, count(DISTINCT a.source) AS sources,
               count(DISTINCT a.title) AS headlines, min(a.published) AS first_date, max(a.published) AS last_date
        FROM articles a SEMI JOIN sel USING (aid)
        WHERE a.story_size > 1
        GROUP BY a.story_id HAVING count(*) > 1
        ORDER BY copies DESC, sources DESC, first_date NULLS LAST, a.story_id LIMIT ?""", [n])


def story_copies(snap: Snapshot, story_id: str) -> pd.DataFrame:
    """Every stored copy of one story, earliest first: published, source, title, url, article_id."""
    return snap.df("""
        SELECT published, source, title, url, article_id FROM articles WHERE story_id = ?
        ORDER BY published NULLS LAST, article_id""", [story_id])


def replace_once(f: Filters) -> Filters:
    """The filters without "count each story once": a stories list needs every copy."""
    return replace(f, one_per_story=False)
