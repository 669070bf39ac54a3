"""The sidebar's filters: what they hold, how they travel in a URL, and the SQL that selects their articles.

Facets combine with AND, values inside one facet with OR (an article about Putin *or* Trump, from source A *or* B);
each metadata field (`category`, `author`, ...) is a facet of its own, `meta.category=business` in the URL.
The entity-type facet narrows which entities are counted and shown, not which articles. Lists of values reach DuckDB
as one list parameter each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

# Query-string keys of each filter, so a filtered view can be bookmarked.
PARAM_KEYS = {
    "entities": "entity",
    "labels": "type",
    "sources": "source",
    "countries": "country",
    "date_from": "from",
    "date_to": "to",
    "text": "q",
    "one_per_story": "once",
}
META_PARAM = "meta."  # meta.<field>: a metadata facet's query-string key


@dataclass(frozen=True)
class Filters:
    entities: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO-3 codes
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    one_per_story: bool = False  # near-copies of one story (components/stories.py) count as its earliest article
    # (field, values) per metadata facet, in field order; a mapping field -> values is accepted too
    metadata: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        for name in ("entities", "labels", "sources", "countries"):
            # "" is a real source (articles without one); a blank entity, type or country means nothing.
            keep = (lambda v: v is not None) if name == "sources" else bool
            object.__setattr__(self, name, tuple(dict.fromkeys(v for v in getattr(self, name) if keep(v))))
        object.__setattr__(self, "text", (self.text or "").strip())
        facets = self.metadata.items() if isinstance(self.metadata, Mapping) else self.metadata
        facets = {field: tuple(dict.fromkeys(v for v in values if v)) for field, values in facets if field}
        object.__setattr__(self, "metadata", tuple(sorted((f, v) for f, v in facets.items() if v)))

    def is_empty(self) -> bool:
        return self == Filters()

    def with_added(self, **values: str) -> Filters:
        """A copy with one more value in the named tuple facets (a click on a bar or a country)."""
        changes = {name: (*getattr(self, name), value) for name, value in values.items() if value}
        return replace(self, **changes)

    def to_query_params(self) -> dict[str, str | list[str]]:
        params: dict[str, str | list[str]] = {}
        for name, key in PARAM_KEYS.items():
            value = getattr(self, name)
            if isinstance(value, tuple) and value:
                params[key] = list(value)
            elif isinstance(value, date):
                params[key] = value.isoformat()
            elif isinstance(value, bool):
                if value:
                    params[key] = "1"
            elif isinstance(value, str) and value:
                params[key] = value
        for field, values in self.metadata:
            params[META_PARAM + field] = list(values)
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | Sequence[str]]) -> Filters:
        """Parse query parameters (a value or a list of values per key); malformed dates are ignored."""

        def values(key: str) -> tuple[str, ...]:
            raw = params.get(key, ())
            return (raw,) if isinstance(raw, str) else tuple(raw)

        def one_date(key: str) -> date | None:
            for raw in values(key):
                try:
                    return date.fromisoformat(raw)
                except ValueError:
                    return None
            return None

        return cls(
            entities=values("entity"),
            labels=values("type"),
            sources=values("source"),
            countries=tuple(v.upper() for v in values("country")),
            date_from=one_date("from"),
            date_to=one_date("to"),
            text=" ".join(values("q")),
            one_per_story=any(v.lower() in ("1", "true", "yes") for v in values("once")),
            metadata=tuple((key.removeprefix(META_PARAM), values(key)) for key in params if key.startswith(META_PARAM)),
        )


def article_where(f: Filters, alias: str = "a") -> tuple[str, list]:
    """The WHERE clause selecting the snapshot's articles (`alias`) the filters let through, and its parameters; the
    rows of an article are found by its integer key, `aid` (`components.snapshot_tables`)."""
    clauses: list[str] = []
    params: list = []
    if f.sources:
        clauses.append(f"list_contains(?, {alias}.source)")
        params.append(list(f.sources))
    if f.date_from:
        clauses.append(f"{alias}.published >= ?")
        params.append(f.date_from)
    if f.date_to:
        clauses.append(f"{alias}.published <= ?")
        params.append(f.date_to)
    if f.entities:
        clauses.append(f"{alias}.aid IN (SELECT aid FROM entities WHERE list_contains(?, entity))")
        params.append(list(f.entities))
    if f.countries:
        clauses.append(f"{alias}.aid IN (SELECT aid FROM countries WHERE list_contains(?, iso3))")
        params.append(list(f.countries))
    if f.text:
        # strpos, not LIKE: the user's % and _ are literal characters.
        clauses.append(f"{alias}.aid IN (SELECT aid FROM article_text "
                       "WHERE strpos(haystack, lower(?)) > 0)")
        params.append(f.text)
    for field, values in f.metadata:
        clauses.append(f"list_has_any({alias}.metadata[?], ?)")
        params.extend([field, list(values)])
    if f.one_per_story:
        clauses.append(f"{alias}.aid IN (SELECT aid FROM story_firsts)")
    return (" AND ".join(clauses) or "TRUE"), params


def is_filter_param(key: str) -> bool:
    """True for a query-string key the sidebar's filters own."""
    return key in PARAM_KEYS.values() or key.startswith(META_PARAM)


def label_clause(labels: Sequence[str], alias: str = "e") -> tuple[str, list]:
    """A condition keeping the entities of the given types (every type when none is given)."""
    if not labels:
        return "TRUE", []
    return f"list_contains(?, {alias}.label)", [list(labels)]


def chart_labels(f: Filters, labels: Sequence[str] | None) -> tuple[str, ...]:
    """Labels a chart counts: its own group intersected with the sidebar's entity-type filter."""
    if labels and f.labels:
        return tuple(x for x in labels if x in f.labels) or ("\x00none",)
    return tuple(labels or f.labels)
