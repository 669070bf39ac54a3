"""Plotly figure builders: one tidy DataFrame in, a figure out. No I/O and no Streamlit here.

Every figure that can be clicked carries the value a click filters by in `customdata[0]`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

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
COUNTRY_SCALE = "Blues"

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

# Chart groups on the Entities page: name -> labels (None: every label).
ENTITY_GROUPS: dict[str, tuple[str, ...] | None] = {
    "People": ("PERSON",),
    "Organisations": ("ORG",),
    "Places": ("GPE", "LOC", "FAC"),
    "Groups": ("NORP",),
    "Other": ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"),
    "All types": None,  # every label except the numeric ones below
}
# spaCy's numeric and time types: counted in the store, left out of "All types" charts.
NUMERIC_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")

MEASURES = {"mentions": "Mentions", "articles": "Articles", "share": "Share of articles"}

FONT = "Source Sans, sans-serif"


def label_color(label: str) -> str:
    return LABEL_COLORS.get(label, OTHER_COLOR)


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, label.replace("_", " ").title())


def _style(fig: go.Figure, *, title: str, height: int, x_title: str = "", y_title: str = "") -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 8, "r": 16, "t": 48, "b": 40},
        font={"family": FONT, "size": 13},
        hoverlabel={"font": {"size": 13, "family": FONT}, "bgcolor": "white"},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        dragmode=False,
        clickmode="event+select",
    )
    fig.update_xaxes(title_text=x_title, gridcolor="#E6E6E6", zeroline=False, fixedrange=True)
    fig.update_yaxes(title_text=y_title, fixedrange=True, automargin=True)
    return fig


def _room_for_labels(fig: go.Figure, values) -> None:
    """Widen the value axis so the numbers printed after the longest bar are not clipped."""
    top = float(max(values, default=0) or 0)
    if top > 0:
        fig.update_xaxes(range=[0, top * 1.16])


def _bar_height(n: int) -> int:
    return max(150, 100 + 26 * n)


def empty_figure(message: str, *, height: int = 240) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 14, "color": "#666"}, x=0.5, y=0.5,
                       xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=height, margin={"l": 8, "r": 8, "t": 8, "b": 8}, plot_bgcolor="rgba(0,0,0,0)",
                      paper_bgcolor="rgba(0,0,0,0)")
    return fig


def _legend_entries(labels) -> list[go.Bar]:
    """Empty traces that only name the colours in the legend (one real trace keeps the figure cheap to build)."""
    return [go.Bar(x=[None], y=[None], name=label_name(x), marker_color=label_color(x), showlegend=True,
                   hoverinfo="skip") for x in labels]


def entity_bar(df: pd.DataFrame, *, by: str = "mentions", title: str = "Most mentioned entities") -> go.Figure:
    """Horizontal bars of entities (columns entity, label, mentions, articles, share), coloured by type."""
    if df.empty:
        return empty_figure("No entities match the filters")
    df = df.iloc[::-1]  # plotly draws the first row at the bottom
    labels = list(dict.fromkeys(df["label"][::-1]))
    bars = go.Bar(
        x=df[by], y=df["entity"], orientation="h", marker_color=[label_color(x) for x in df["label"]],
        customdata=list(zip(df["entity"], df["label"].map(label_name), df["mentions"], df["articles"], df["share"],
                            strict=True)),
        hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Mentions: %{customdata[2]:,}<br>"
                       "Articles: %{customdata[3]:,} (%{customdata[4]:.0%} of selected)<extra></extra>"),
        text=[f"{v:.0%}" if by == "share" else f"{v:,}" for v in df[by]], textposition="outside", cliponaxis=False,
        showlegend=False,
    )
    many = len(labels) > 1
    fig = go.Figure([bars, *(_legend_entries(labels) if many else [])])
    fig.update_layout(legend={"orientation": "h", "y": -0.12, "x": 0, "title": ""}, showlegend=many)
    fig.update_yaxes(categoryorder="array", categoryarray=list(df["entity"]))
    if by == "share":
        fig.update_xaxes(tickformat=".0%", range=[0, min(1.0, float(df[by].max()) * 1.2 + 0.01)])
    else:
        _room_for_labels(fig, df[by])
    return _style(fig, title=title, height=_bar_height(len(df)) + (30 if many else 0), x_title=MEASURES.get(by, by))


def speaker_bar(df: pd.DataFrame, *, title: str = "Most quoted speakers") -> go.Figure:
    """Horizontal bars of speakers (columns speaker, quotes, articles)."""
    if df.empty:
        return empty_figure("No attributed quotes match the filters")
    df = df.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=df["quotes"], y=df["speaker"], orientation="h", marker_color=LABEL_COLORS["PERSON"],
        customdata=list(zip(df["speaker"], df["articles"], strict=True)),
        hovertemplate="<b>%{customdata[0]}</b><br>Quotes: %{x:,}<br>Articles: %{customdata[1]:,}<extra></extra>",
        text=df["quotes"], textposition="outside", cliponaxis=False,
    ))
    fig.update_yaxes(categoryorder="array", categoryarray=list(df["speaker"]))
    _room_for_labels(fig, df["quotes"])
    return _style(fig, title=title, height=_bar_height(len(df)), x_title="Quotes")


def source_bar(df: pd.DataFrame, *, title: str = "Articles per source") -> go.Figure:
    """Horizontal bars of sources (columns source, articles, words, quotes)."""
    if df.empty:
        return empty_figure("No articles match the filters")
    df = df.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=df["articles"], y=df["source"], orientation="h", marker_color="#4C5D73",
        customdata=list(zip(df["source"], df["words"], df["quotes"], df["entity_mentions"], strict=True)),
        hovertemplate=("<b>%{customdata[0]}</b><br>Articles: %{x:,}<br>Words: %{customdata[1]:,}<br>"
                       "Entity mentions: %{customdata[3]:,}<br>Quotes: %{customdata[2]:,}<extra></extra>"),
        text=df["articles"], textposition="outside", cliponaxis=False,
    ))
    fig.update_yaxes(categoryorder="array", categoryarray=list(df["source"]))
    _room_for_labels(fig, df["articles"])
    return _style(fig, title=title, height=_bar_height(len(df)), x_title="Articles")


def country_bar(df: pd.DataFrame, *, by: str = "mentions", title: str = "Most mentioned countries") -> go.Figure:
    """Horizontal bars of countries (columns iso3, country, mentions, articles, forms)."""
    if df.empty:
        return empty_figure("No countries match the filters")
    df = df.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=df[by], y=df["country"], orientation="h", marker_color=LABEL_COLORS["GPE"],
        customdata=list(zip(df["iso3"], df["mentions"], df["articles"], df["forms"].fillna(""), strict=True)),
        hovertemplate=("<b>%{y}</b><br>Mentions: %{customdata[1]:,}<br>Articles: %{customdata[2]:,}<br>"
                       "As: %{customdata[3]}<extra></extra>"),
        text=df[by], textposition="outside", cliponaxis=False,
    ))
    fig.update_yaxes(categoryorder="array", categoryarray=list(df["country"]))
    _room_for_labels(fig, df[by])
    return _style(fig, title=title, height=_bar_height(len(df)), x_title=MEASURES.get(by, by))


def entity_timeline(df: pd.DataFrame, *, by: str = "mentions", period: str = "month",
                    labels: dict[str, str] | None = None, title: str = "Entities over time") -> go.Figure:
    """Lines per entity (columns period, entity, mentions, articles); `labels` maps entity -> type for colour."""
    if df.empty:
        return empty_figure("No dated articles mention these entities")
    fig = go.Figure()
    dashes = ["solid", "dash", "dot", "dashdot", "longdash"]
    seen: dict[str, int] = {}
    for entity, part in df.groupby("entity", sort=False):
        label = (labels or {}).get(entity, "")
        nth = seen[label] = seen.get(label, -1) + 1
        fig.add_scatter(
            x=part["period"], y=part[by], name=entity, mode="lines+markers",
            line={"color": label_color(label), "dash": dashes[nth % len(dashes)]},
            customdata=[[entity]] * len(part),
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{period.title()} of %{{x|%d %b %Y}}<br>"
                          f"{MEASURES.get(by, by)}: %{{y:,}}<extra></extra>",
        )
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "x": 0})
    fig = _style(fig, title=title, height=360, x_title=period.title(), y_title=MEASURES.get(by, by))
    fig.update_yaxes(rangemode="tozero", gridcolor="#E6E6E6")
    return fig


def cooccurrence_bar(df: pd.DataFrame, *, entity: str) -> go.Figure:
    """Entities sharing articles with `entity` (columns entity, label, articles, share)."""
    if df.empty:
        return empty_figure(f"No other entity appears with {entity}")
    df = df.iloc[::-1]
    labels = list(dict.fromkeys(df["label"][::-1]))
    bars = go.Bar(
        x=df["articles"], y=df["entity"], orientation="h", marker_color=[label_color(x) for x in df["label"]],
        customdata=list(zip(df["entity"], df["label"].map(label_name), df["share"], strict=True)),
        hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>In %{x:,} articles with "
                       + entity.replace("%", "%%") + " (%{customdata[2]:.0%} of them)<extra></extra>"),
        text=df["articles"], textposition="outside", cliponaxis=False, showlegend=False,
    )
    many = len(labels) > 1
    fig = go.Figure([bars, *(_legend_entries(labels) if many else [])])
    fig.update_yaxes(categoryorder="array", categoryarray=list(df["entity"]))
    fig.update_layout(legend={"orientation": "h", "y": -0.12, "x": 0}, showlegend=many)
    _room_for_labels(fig, df["articles"])
    return _style(fig, title=f"Most often named with {entity}", height=_bar_height(len(df)) + (30 if many else 0),
                  x_title="Articles naming both")


def country_map(df: pd.DataFrame, *, by: str = "mentions", selected: tuple[str, ...] = (),
                title: str = "Country mentions") -> go.Figure:
    """A world choropleth by ISO-3 code (columns iso3, country, mentions, articles, forms, kinds)."""
    measure = MEASURES.get(by, by)
    fig = go.Figure()
    if df.empty:
        # Still draw the world, so the page shows where the countries would be.
        fig.add_choropleth(locations=[], z=[], locationmode="ISO-3", showscale=False)
    else:
        fig.add_choropleth(
            locations=df["iso3"], z=df[by], locationmode="ISO-3", colorscale=COUNTRY_SCALE,
            zmin=0, marker_line_color="#5A6B7B", marker_line_width=0.5,
            colorbar={"title": {"text": measure}, "thickness": 12, "len": 0.7},
            customdata=list(zip(df["iso3"], df["country"], df["mentions"], df["articles"], df["forms"].fillna(""),
                                df["kinds"].fillna(""), strict=True)),
            hovertemplate=("<b>%{customdata[1]}</b><br>Mentions: %{customdata[2]:,}<br>"
                           "Articles: %{customdata[3]:,}<br>As: %{customdata[4]}<br>"
                           "Kinds: %{customdata[5]}<extra></extra>"),
        )
        chosen = df[df["iso3"].isin(selected)]
        if not chosen.empty:
            fig.add_choropleth(
                locations=chosen["iso3"], z=[1] * len(chosen), locationmode="ISO-3", showscale=False,
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], marker_line_color="#D55E00",
                marker_line_width=2.5, hoverinfo="skip",
            )
    fig.update_geos(
        projection_type="natural earth", showframe=False, showcoastlines=False, showcountries=True,
        countrycolor="#B8C2CC", showland=True, landcolor="#F2F2EE", showocean=True, oceancolor="#EAF2F8",
        lataxis_range=[-58, 85],
    )
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=520, margin={"l": 0, "r": 0, "t": 48, "b": 0}, font={"family": FONT, "size": 13},
        hoverlabel={"font": {"size": 13, "family": FONT}, "bgcolor": "white"},
        paper_bgcolor="rgba(0,0,0,0)", clickmode="event+select", dragmode=False,
    )
    return fig
