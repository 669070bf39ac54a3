"""The dashboard's queries: a `Snapshot` and `Filters` in, a tidy DataFrame (or a value) out; every aggregation runs
in DuckDB, and nothing here knows Streamlit. One module per subject: `choices` (the sidebar's options), `articles`,
`entities`, `quotes`, `countries`, `stories`, `compare`; `components.voices` holds the Voices page's."""

from components.queries.articles import (
    ARTICLE_ORDERS,
    article,
    article_count,
    article_countries,
    article_entities,
    article_quotes,
    articles_table,
    has_dates,
    overview_counts,
    source_summary,
    timeline_period,
)
from components.queries.choices import (
    country_choices,
    date_bounds,
    entity_choices,
    entity_spellings,
    label_choices,
    metadata_choices,
    source_choices,
)
from components.queries.compare import compare, slice_sizes
from components.queries.countries import country_counts
from components.queries.entities import (
    cooccurring,
    entity_mention_count,
    entity_mentions,
    entity_timeline,
    top_entities,
)
from components.queries.quotes import QUOTE_ORDERS, quote_count, quotes_table, speaker_choices, top_speakers
from components.queries.stories import largest_stories, story_copies

__all__ = [
    "article", "article_count", "article_countries", "article_entities", "article_quotes", "articles_table",
    "cooccurring", "country_choices", "country_counts", "date_bounds", "entity_choices", "entity_mention_count",
    "entity_mentions", "entity_spellings", "entity_timeline", "has_dates", "label_choices", "overview_counts",
    "quote_count", "quotes_table", "source_choices", "source_summary", "speaker_choices", "timeline_period",
    "top_entities", "top_speakers", "largest_stories", "story_copies", "compare", "slice_sizes",
    "metadata_choices", "ARTICLE_ORDERS", "QUOTE_ORDERS",
]
