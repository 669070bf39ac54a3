"""Entity types as readers see them: names, colours and chart groups, shared by the charts, the article reader and
the pages."""

from __future__ import annotations

# One colour per entity type in every view (Okabe-Ito, readable for colour-blind readers).
LABEL_COLORS = {
    "PERSON": "#0072B2",
    "ORG": "#E69F00",
    "GPE": "#009E73",
    "LOC": "#56B4E9",
    "NORP": "#CC79A7",
    "FAC": "#D55E00",
    "EVENT": "#8C6D1F",
    "PRODUCT": "#6A3D9A",
    "WORK_OF_ART": "#B15928",
    "LAW": "#1F78B4",
    "LANGUAGE": "#33A02C",
}
OTHER_COLOR = "#7F7F7F"
QUOTE_COLOR = "#5B5B5B"

LABEL_NAMES = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Country, city, state",
    "LOC": "Place",
    "NORP": "Group (nationality, religion, party)",
    "FAC": "Building, facility",
    "EVENT": "Event",
    "PRODUCT": "Product",
    "WORK_OF_ART": "Work of art",
    "LAW": "Law",
    "LANGUAGE": "Language",
}

# spaCy's numeric and time types: stored, but not what "entities" means to a reader unless asked for.
NUMERIC_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")

# Chart groups on the Entities page: name -> labels (None: every label except the numeric ones).
ENTITY_GROUPS: dict[str, tuple[str, ...] | None] = {
    "People": ("PERSON",),
    "Organisations": ("ORG",),
    "Places": ("GPE", "LOC", "FAC"),
    "Groups": ("NORP",),
    "Other": ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"),
    "All types": None,
}


def label_color(label: str) -> str:
    return LABEL_COLORS.get(label, OTHER_COLOR)


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, label.replace("_", " ").title())
