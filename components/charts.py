"""Plotly figure builders: one tidy DataFrame in, a figure out. No I/O and no Streamlit here.

Every figure that can be clicked carries the value a click filters by in `customdata[0]`. The look every chart
shares is the `newsscope` template (`pio.templates["newsscope"]`); a builder sets only what is its own.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import sequential

from components.labels import LABEL_COLORS, label_color, label_name

# The lightest blues are hard to tell from a country never named (the land colour): the scale starts darker.
COUNTRY_SCALE = sequential.Blues[2:]
MEASURES = {"mentions": "Mentions", "articles": "Articles", "share": "Share of articles"}
FONT = "Source Sans, sans-serif"
GRID = "#E6E6E6"
# Women, men, and people whose gender the article does not tell (colour-blind safe, unknown in grey).
GENDER_COLORS = {"female": "#D55E00", "male": "#0072B2", "unknown": "#BBBBBB"}
# Slice A and slice B of the Compare page (colour-blind safe, apart from the entity-type colours' meaning).
SLICE_COLORS = ("#009E73", "#CC79A7")
GENDER_NAMES = {"female": "Women", "male": "Men", "unknown": "Unknown"}
PALETTE = tuple(dict.fromkeys(LABEL_COLORS.values()))  # the types' colours, for lines of one type told apart

# The look every chart shares, registered for anyone who draws with Plotly (`template="newsscope"`).
pio.templates["newsscope"] = go.layout.Template(layout={
    "title": {"x": 0, "xanchor": "left", "font": {"size": 16}},
    "margin": {"l": 8, "r": 16, "t": 48, "b": 32},
    "font": {"family": FONT, "size": 13},
    "hoverlabel": {"font": {"size": 13, "family": FONT}, "bgcolor": "white"},
    "plot_bgcolor": "rgba(0,0,0,0)",
    "paper_bgcolor": "rgba(0,0,0,0)",
    "dragmode": False,
    "clickmode": "event+select",
    "xaxis": {"title": {"standoff": 6}, "gridcolor": GRID, "zeroline": False, "fixedrange": True},
    "yaxis": {"fixedrange": True, "automargin": True},
})
# Streamlit's chart theme writes its own fonts and colours into a figure's layout, where they outrank any template:
# so each figure is built with the template's layout merged into its own.
_STYLE = pio.templates["newsscope"].layout.to_plotly_json()


def _merged(base: dict, own: dict) -> dict:
    out = dict(base)
    for key, value in own.items():
        out[key] = _merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def figure(data=(), layout: dict | None = None) -> go.Figure:
    """A figure in the newsscope style: `layout` holds only what is the figure's own."""
    return go.Figure(data=list(data), layout=_merged(_STYLE, layout or {}))


def plain(value) -> str:
    """Text from the data for a title, tick, legend or hover label: Plotly renders a subset of HTML there (links
    included), so <, > and & are escaped and shown as typed."""
    return html.escape(str(value), quote=False)


def _plain_all(values) -> list[str]:
    return [plain(v) for v in values]


def _titles(title: str, x_title: str = "", y_title: str = "") -> dict:
    return {"title": {"text": plain(title)}, "margin": {"b": 48 if x_title else 32},
            "xaxis": {"title": {"text": x_title}}, "yaxis": {"title": {"text": y_title}}}


# Widths in pixels of text at the charts' 13 px font, generous so nothing is clipped: plotly's automatic margins
# would measure the labels instead, but cost a second layout pass on every redraw (a third of the drawing time).
CHAR_PX = 6.4  # letters
DIGIT_PX = 7.6  # digits, commas, per cent signs
LABEL_CHARS = 28


def _short(name: str) -> str:
    name = str(name)
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def percent_texts(values) -> list[str]:
    """Shares as per cents with as few decimals as keep different shares apart (6 and 7 of 600: 1.0%, 1.2%)."""
    values = [float(v) for v in values]
    for decimals in range(4):
        texts = [f"{v:.{decimals}%}" for v in values]
        if len(set(texts)) == len(set(values)) and all(t.strip("0.%") for t, v in zip(texts, values) if v):
            break
    # "1%" next to "1.2%": a decimal only where it says something
    return [re.sub(r"\.?0+%$", "%", t) if "." in t else t for t in texts]


def _value_text(values, by: str = "") -> list[str]:
    return percent_texts(values) if by == "share" else [f"{int(v):,}" for v in values]


def _integer_axis(top: float) -> dict:
    """Count axes tick at whole numbers only (no 0.5 mentions)."""
    return {"tickformat": ",d", **({"tick0": 0, "dtick": 1} if top < 10 else {})}


def empty_figure(message: str, *, height: int = 240) -> go.Figure:
    """A message where a chart would be (in the default style: there is nothing to hover or click)."""
    return go.Figure(layout={
        "annotations": [{"text": message, "showarrow": False, "font": {"size": 14, "color": "#666"}, "x": 0.5,
                         "y": 0.5, "xref": "paper", "yref": "paper"}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": height,
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8}, "plot_bgcolor": "rgba(0,0,0,0)", "paper_bgcolor": "rgba(0,0,0,0)",
    })


def hbar(df: pd.DataFrame, *, x: str, y: str, title: str, empty: str, custom_data: list[str], hover: str,
         color: str, color_of=None, by: str = "", x_title: str = "", share_axis: bool = False) -> go.Figure:
    """Horizontal bars of `x` per `y`, first row on top, the value printed after each bar: every bar chart's builder.

    `color` is the bars' colour, or with `color_of` the column whose value gives each bar's colour (a legend names
    them when there are several). `custom_data` lists the columns the `hover` template reads; a click yields the
    first. The figure is built in one go (each plotly update call costs milliseconds), with margins sized from the
    names (left) and the printed values (right), so the browser never has to measure them.
    """
    if df.empty:
        return empty_figure(empty)
    df = df.iloc[::-1]  # plotly draws the first row at the bottom
    names, values = list(df[y]), list(df[x])
    text = _value_text(values, by)
    bars = go.Bar(x=df[x], y=df[y], orientation="h", text=text, textposition="outside", cliponaxis=False,
                  marker_color=[color_of(v) for v in df[color]] if color_of else color, showlegend=False,
                  customdata=list(zip(*(df[c] for c in custom_data), strict=True)),
                  hovertemplate=hover + "<extra></extra>")
    kinds = list(dict.fromkeys(df[color][::-1])) if color_of else []
    legend = len(kinds) > 1
    # Empty traces that only name the colours in the legend (one real trace keeps the figure cheap to build).
    keys = [go.Bar(x=[None], y=[None], name=label_name(v), marker_color=color_of(v), showlegend=True,
                   hoverinfo="skip") for v in kinds] if legend else []
    ticks = [plain(_short(n)) for n in names]
    top = float(max(values, default=0) or 0)
    layout = _titles(title, x_title or MEASURES.get(by, by))
    layout.update(height=max(150, 100 + 26 * len(names)) + (30 if legend else 0), showlegend=legend,
                  legend={"orientation": "h", "y": -0.12, "x": 0, "title": {"text": ""}})
    layout["margin"].update(l=round(14 + CHAR_PX * max((len(t) for t in ticks), default=4)),
                            r=round(12 + DIGIT_PX * max((len(t) for t in text), default=2)))
    layout["xaxis"].update(automargin=False)
    if share_axis:  # a share of a whole: every bar on the same 0-100% scale
        layout["xaxis"].update(tickformat=".0%", range=[0, 1])
    elif by == "share":
        layout["xaxis"].update(tickformat=".0%", range=[0, min(1.0, top * 1.02 + 0.01)])
    elif top > 0:
        layout["xaxis"].update(range=[0, top * 1.02], **_integer_axis(top))
    layout["yaxis"].update(automargin=False, categoryorder="array", categoryarray=names, tickmode="array",
                           tickvals=names, ticktext=ticks)
    return figure([bars, *keys], layout)


def _named(df: pd.DataFrame, column: str, **more) -> pd.DataFrame:
    """The rows with `name`: the column's text escaped for hover labels (and `more` columns)."""
    return df.assign(name=_plain_all(df[column]), **more)


def entity_bar(df: pd.DataFrame, *, by: str = "mentions", title: str = "Most mentioned entities",
               empty: str = "No entities match the filters") -> go.Figure:
    """Entities (columns entity, label, mentions, articles, share), coloured by type."""
    return hbar(_named(df, "entity", type=df["label"].map(label_name)), x=by, y="entity", title=title, empty=empty,
                by=by, color="label", color_of=label_color,
                custom_data=["entity", "type", "mentions", "articles", "share", "name"],
                hover="<b>%{customdata[5]}</b><br>%{customdata[1]}<br>Mentions: %{customdata[2]:,}<br>"
                      "Articles: %{customdata[3]:,} (%{customdata[4]:.1%} of selected)")


def speaker_bar(df: pd.DataFrame, *, title: str = "Most quoted speakers") -> go.Figure:
    """Speakers (columns speaker, quotes, articles)."""
    return hbar(_named(df, "speaker"), x="quotes", y="speaker", title=title, by="quotes", x_title="Quotes",
                empty="No attributed quotes match the filters", color=LABEL_COLORS["PERSON"],
                custom_data=["speaker", "articles", "name"],
                hover="<b>%{customdata[2]}</b><br>Quotes: %{x:,}<br>Articles: %{customdata[1]:,}")


def role_bar(df: pd.DataFrame, *, title: str = "The roles of the sources quoted") -> go.Figure:
    """Role classes (columns role_class, sources, quotes)."""
    return hbar(_named(df, "role_class"), x="sources", y="role_class", title=title, by="sources", x_title="Sources",
                empty="No quoted sources match the filters", color=LABEL_COLORS["PERSON"],
                custom_data=["role_class", "quotes", "name"],
                hover="<b>%{customdata[2]}</b><br>Sources: %{x:,}<br>Quotes: %{customdata[1]:,}")


def compare_bar(df: pd.DataFrame, *, a_name: str, b_name: str, n: int = 10,
                title: str = "What sets the two slices apart") -> go.Figure:
    """The n items most distinctive of each slice (columns item, articles_a, articles_b, share_a, share_b,
    log_odds_z): bars right for slice A, left for slice B, longest at the top."""
    top = pd.concat([df[df["log_odds_z"] > 0].head(n), df[df["log_odds_z"] < 0].tail(n)])
    if top.empty:
        return empty_figure("No item is more common in one slice than in the other")
    top = top.iloc[::-1]
    names = [plain(_short(x)) for x in top["item"]]
    colors = [SLICE_COLORS[0] if z > 0 else SLICE_COLORS[1] for z in top["log_odds_z"]]
    bars = go.Bar(x=top["log_odds_z"], y=list(range(len(top))), orientation="h", marker_color=colors,
                  customdata=list(zip(_plain_all(top["item"]), top["articles_a"], top["share_a"], top["articles_b"],
                                      top["share_b"], strict=True)),
                  hovertemplate=(f"<b>%{{customdata[0]}}</b><br>{plain(a_name)}: %{{customdata[1]:,}} articles "
                                 f"(%{{customdata[2]:.1%}})<br>{plain(b_name)}: %{{customdata[3]:,}} articles "
                                 "(%{customdata[4]:.1%})<br>log-odds z: %{x:.2f}<extra></extra>"))
    layout = _titles(title, f"← more in {plain(_short(b_name))}   ·   more in {plain(_short(a_name))} →")
    layout.update(height=max(180, 100 + 24 * len(top)), showlegend=False)
    layout["yaxis"].update(tickmode="array", tickvals=list(range(len(top))), ticktext=names, automargin=True)
    layout["xaxis"].update(zeroline=True, zerolinecolor="#888888")
    return figure([bars], layout)


def country_bar(df: pd.DataFrame, *, by: str = "mentions", title: str = "Most mentioned countries") -> go.Figure:
    """Countries (columns iso3, country, mentions, articles, forms)."""
    return hbar(_named(df, "country", hover_forms=_plain_all(df["forms"].fillna(""))), x=by, y="country",
                title=title, by=by, empty="No countries match the filters", color=LABEL_COLORS["GPE"],
                custom_data=["iso3", "mentions", "articles", "hover_forms", "name"],
                hover="<b>%{customdata[4]}</b><br>Mentions: %{customdata[1]:,}<br>Articles: %{customdata[2]:,}<br>"
                      "As: %{customdata[3]}")


def cooccurrence_bar(df: pd.DataFrame, *, entity: str) -> go.Figure:
    """Entities sharing articles with `entity` (columns entity, label, articles, share)."""
    return hbar(_named(df, "entity", type=df["label"].map(label_name), partner=plain(entity)), x="articles",
                y="entity", title=f"Most often named with {entity}", by="articles", x_title="Articles naming both",
                empty=f"No other entity appears with {plain(entity)}", color="label", color_of=label_color,
                custom_data=["entity", "type", "share", "name", "partner"],
                hover="<b>%{customdata[3]}</b><br>%{customdata[1]}<br>In %{x:,} articles with %{customdata[4]} "
                      "(%{customdata[2]:.1%} of them)")


def women_share_bar(df: pd.DataFrame, *, title: str) -> go.Figure:
    """Share of women among people of known gender, per source (columns source, female, male, female_share)."""
    return hbar(_named(df.dropna(subset=["female_share"]), "source"), x="female_share", y="source", title=title,
                by="share", share_axis=True, x_title="Share of women", color=GENDER_COLORS["female"],
                empty="No people of known gender in the selected articles",
                custom_data=["source", "female", "male", "name"],
                hover="<b>%{customdata[3]}</b><br>Women: %{x:.1%} (%{customdata[1]:,} women, %{customdata[2]:,} men)")


# pandas frequencies of the periods DuckDB's date_trunc starts (weeks start on Monday).
PERIOD_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}


def _with_zero_periods(df: pd.DataFrame, period: str) -> pd.DataFrame:
    """Add the periods without a mention as zeros, so a line drops to zero instead of bridging a quiet spell."""
    periods = pd.to_datetime(df["period"])
    every = pd.date_range(periods.min(), periods.max(), freq=PERIOD_FREQ.get(period, "MS")).union(periods.unique())
    if len(every) > 2000:  # a span too long for its period: draw the points as they are
        return df
    grid = pd.MultiIndex.from_product([list(dict.fromkeys(df["entity"])), every], names=["entity", "period"])
    measures = [c for c in ("mentions", "articles", "share") if c in df.columns]
    return (df.assign(period=periods).set_index(["entity", "period"])[measures]
            .reindex(grid, fill_value=0).reset_index())


def _lines_layout(title: str, period: str, y_title: str, y_axis: dict) -> dict:
    layout = _titles(title, period.title(), y_title)
    layout.update(height=360, legend={"orientation": "h", "y": -0.2, "x": 0})
    layout["yaxis"].update(rangemode="tozero", gridcolor=GRID, **y_axis)
    return layout


def entity_timeline(df: pd.DataFrame, *, by: str = "mentions", period: str = "month",
                    labels: dict[str, str] | None = None, title: str = "Entities over time") -> go.Figure:
    """Lines per entity (columns period, entity and the measure `by`: mentions, articles or share); `labels` maps
    entity -> type for colour."""
    if df.empty:
        return empty_figure("No dated articles mention these entities")
    df = _with_zero_periods(df, period)
    dashes = ["solid", "dash", "dot", "dashdot", "longdash"]
    seen: dict[str, int] = {}
    lines = []
    types = {(labels or {}).get(entity, "") for entity in df["entity"].unique()}
    for i, (entity, part) in enumerate(df.groupby("entity", sort=False)):
        label = (labels or {}).get(entity, "")
        nth = seen[label] = seen.get(label, -1) + 1
        # lines of one type (five people) each take a colour of their own; of several, their type's colour
        color = label_color(label) if len(types) > 1 else PALETTE[i % len(PALETTE)]
        lines.append(go.Scatter(
            x=part["period"], y=part[by], name=plain(entity), mode="lines+markers",
            line={"color": color, "dash": dashes[nth % len(dashes)]},
            customdata=[[plain(entity)]] * len(part),
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{period.title()} of %{{x|%d %b %Y}}<br>"
                          f"{MEASURES.get(by, by)}: %{{y:{'.1%' if by == 'share' else ','}}}<extra></extra>",
        ))
    y_axis = {"tickformat": ".0%"} if by == "share" else _integer_axis(float(df[by].max()))
    return figure(lines, _lines_layout(title, period, MEASURES.get(by, by), y_axis))


def women_share_timeline(df: pd.DataFrame, *, period: str = "month",
                         title: str = "Share of women over time") -> go.Figure:
    """Lines per group (columns period, group, female, male, female_share)."""
    df = df.dropna(subset=["female_share"])
    if df.empty:
        return empty_figure("No dated articles name people of known gender")
    lines = [go.Scatter(
        x=part["period"], y=part["female_share"], name=group, mode="lines+markers",
        line={"color": GENDER_COLORS["female"], "dash": dash},
        customdata=list(zip(part["female"], part["male"], strict=True)),
        hovertemplate=f"<b>{group}</b><br>{period.title()} of %{{x|%d %b %Y}}<br>Women: %{{y:.1%}} "
                      "(%{customdata[0]:,} women, %{customdata[1]:,} men)<extra></extra>",
    ) for (group, part), dash in zip(df.groupby("group", sort=False), ("solid", "dash"), strict=False)]
    layout = _lines_layout(title, period, "Share of women", {"tickformat": ".0%"})
    return figure(lines, {**layout, "height": 340})


def gender_share_bar(df: pd.DataFrame, *, title: str = "Women and men among the people named and quoted") -> go.Figure:
    """100% bars, one per group (columns group, gender, people, share, mentions), split by gender."""
    if df.empty:
        return empty_figure("No people are named in the selected articles")
    groups = list(dict.fromkeys(df["group"]))[::-1]
    traces = []
    for gender, name in GENDER_NAMES.items():
        part = df[df["gender"] == gender].set_index("group").reindex(groups)
        traces.append(go.Bar(
            x=part["share"].fillna(0), y=groups, orientation="h", name=name, marker_color=GENDER_COLORS[gender],
            customdata=list(zip(part["people"].fillna(0).astype(int), part["mentions"].fillna(0).astype(int),
                                strict=True)),
            text=percent_texts(part["share"].fillna(0)), textposition="inside", insidetextanchor="middle",
            hovertemplate=f"<b>{name}</b> among %{{y}}<br>%{{x:.1%}}: %{{customdata[0]:,}} person-articles<br>"
                          "%{customdata[1]:,} mentions or quotes<extra></extra>",
        ))
    layout = _titles(title)
    layout.update(height=230, barmode="stack", legend={"orientation": "h", "y": -0.2, "x": 0, "traceorder": "normal"},
                  uniformtext={"minsize": 11, "mode": "hide"})  # a label its segment cannot hold is hidden
    layout["xaxis"].update(tickformat=".0%", range=[0, 1])
    return figure(traces, layout)


def first_forms(forms: str, n: int = 6) -> str:
    """The n most frequent of a country's forms ("Russia (12), Russian (5), ..."), for a hover label."""
    parts = str(forms or "").split("), ")
    if len(parts) <= n:
        return str(forms or "")
    return "), ".join(parts[:n]) + f"), and {len(parts) - n} more"


def _log_ticks(low: float, high: float) -> list[float]:
    """1-2-5 steps (…, 0.01, 0.02, 0.05, 0.1, …, 10, 20, 50, …) from low to high."""
    ticks = [m * 10.0**e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
             for m in (1, 2, 5)]
    inside = [t for t in ticks if low * 0.999 <= t <= high * 1.001]
    return inside if len(inside) >= 2 else [low, high]


def country_map(df: pd.DataFrame, *, by: str = "mentions", selected: tuple[str, ...] = (),
                title: str = "Country mentions") -> go.Figure:
    """A world choropleth by ISO-3 code (columns iso3, country, mentions, articles, share, forms, kinds).

    Colours follow the logarithm of the measure, so a country named a few times stands out from one never named
    even next to one named a thousand times; the colour bar is labelled in the measure itself.
    """
    measure = MEASURES.get(by, by)
    traces = []
    if df.empty:
        # Still draw the world, so the page shows where the countries would be.
        traces.append(go.Choropleth(locations=[], z=[], locationmode="ISO-3", showscale=False))
    else:
        values = df[by].astype(float).clip(lower=1e-9)
        low, high = float(values.min()), float(values.max())
        ticks = _log_ticks(low, high)
        labels = percent_texts(ticks) if by == "share" else [f"{t:,.0f}" for t in ticks]
        share_text = percent_texts(df["share"]) if "share" in df else [""] * len(df)
        traces.append(go.Choropleth(
            locations=df["iso3"], z=np.log10(values), locationmode="ISO-3", colorscale=COUNTRY_SCALE,
            zmin=math.log10(low), zmax=max(math.log10(high), math.log10(low) + 0.3),
            marker_line_color="#5A6B7B", marker_line_width=0.5,
            colorbar={"title": {"text": f"{measure} (log scale)", "side": "top"}, "orientation": "h",
                      "x": 0, "xanchor": "left", "y": 0, "yanchor": "top", "len": 0.45, "thickness": 12,
                      "tickvals": np.log10(ticks).tolist(), "ticktext": labels},
            customdata=list(zip(df["iso3"], _plain_all(df["country"]), df["mentions"], df["articles"],
                                _plain_all(df["forms"].fillna("").map(first_forms)),
                                _plain_all(df["kinds"].fillna("")), share_text, strict=True)),
            hovertemplate=("<b>%{customdata[1]}</b><br>Mentions: %{customdata[2]:,}<br>"
                           "Articles: %{customdata[3]:,} (%{customdata[6]} of them)<br>As: %{customdata[4]}<br>"
                           "Kinds: %{customdata[5]}<extra></extra>"),
        ))
        chosen = df[df["iso3"].isin(selected)]
        if not chosen.empty:
            traces.append(go.Choropleth(
                locations=chosen["iso3"], z=[1] * len(chosen), locationmode="ISO-3", showscale=False,
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], marker_line_color="#D55E00",
                marker_line_width=2.5, hoverinfo="skip",
            ))
    # No ocean fill: the latitude range (no Antarctica) would cut the projection's oval at top and bottom.
    return figure(traces, {
        "title": {"text": plain(title)}, "height": 560, "margin": {"l": 0, "r": 0, "t": 40, "b": 40},
        "geo": {"projection": {"type": "natural earth"}, "showframe": False, "showcoastlines": False,
                "showcountries": True, "countrycolor": "#B8C2CC", "showland": True, "landcolor": "#EEEEE8",
                "showocean": False, "bgcolor": "rgba(0,0,0,0)", "lataxis": {"range": [-58, 85]},
                "domain": {"x": [0, 1], "y": [0.06, 1]}},
    })


def warm_up() -> None:
    """Build and serialise one figure of each kind: Plotly loads its validators on first use (~0.5 s)."""
    bars = pd.DataFrame({"entity": ["a"], "label": ["PERSON"], "mentions": [1], "articles": [1], "share": [1.0]})
    places = pd.DataFrame({"iso3": ["FRA"], "country": ["France"], "mentions": [1], "articles": [1], "share": [1.0],
                           "forms": ["France (1)"], "kinds": ["name 1"]})
    line = pd.DataFrame({"period": [pd.Timestamp("2020-01-01")], "entity": ["a"], "mentions": [1], "articles": [1]})
    for fig in (entity_bar(bars), country_map(places), entity_timeline(line), empty_figure("")):
        pio.to_json(fig, validate=False)
