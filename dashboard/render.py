"""Article text as safe HTML: every character of the article is escaped; only our own spans carry markup."""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from components.labels import QUOTE_COLOR, label_color, label_name


def _hex_to_rgba(color: str, alpha: float) -> str:
    color = color.lstrip("#")
    r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def highlight_html(text: str, entities: pd.DataFrame, quotes: pd.DataFrame) -> str:
    """The text with entity mentions coloured by type and quotes marked.

    Spans may overlap (a name inside a quote), so the text is cut at every span boundary and each piece is
    styled by the spans covering it; pieces are escaped one by one, never the joined markup.
    """
    n = len(text)
    ents = [(int(s), int(e), str(ent), str(lab)) for s, e, ent, lab in
            entities[["start_char", "end_char", "entity", "label"]].itertuples(index=False, name=None)
            if 0 <= int(s) < int(e) <= n]
    quos = [(int(s), int(e), str(sp)) for s, e, sp in
            quotes[["start_char", "end_char", "speaker"]].itertuples(index=False, name=None)
            if 0 <= int(s) < int(e) <= n]
    cuts = sorted({0, n, *(s for s, _, _, _ in ents), *(e for _, e, _, _ in ents),
                   *(s for s, _, _ in quos), *(e for _, e, _ in quos)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[start:end])
        ent = next((x for x in ents if x[0] <= start and end <= x[1]), None)
        quote = next((x for x in quos if x[0] <= start and end <= x[1]), None)
        if ent:
            color = label_color(ent[3])
            title = html.escape(f"{ent[2]} · {label_name(ent[3])}", quote=True)
            piece = (f'<span title="{title}" style="background:{_hex_to_rgba(color, 0.18)};'
                     f'border-bottom:2px solid {color};border-radius:3px;padding:0 1px">{piece}</span>')
        if quote:
            who = html.escape(f"Quote · {quote[2] or 'unattributed'}", quote=True)
            piece = (f'<span title="{who}" style="font-style:italic;background:rgba(91,91,91,0.08);'
                     f'border-left:3px solid {QUOTE_COLOR};padding-left:2px">{piece}</span>'
                     if start == quote[0] else
                     f'<span title="{who}" style="font-style:italic;background:rgba(91,91,91,0.08)">{piece}</span>')
        out.append(piece)
    return ('<div class="newsscope-article" style="white-space:pre-wrap;line-height:1.7;font-size:1.02rem;'
            'max-width:72ch">' + "".join(out) + "</div>")


def legend_html(labels: Iterable[str]) -> str:
    chips = [
        f'<span style="background:{_hex_to_rgba(label_color(x), 0.18)};border-bottom:2px solid {label_color(x)};'
        f'border-radius:3px;padding:0 4px;margin-right:8px">{html.escape(label_name(x))}</span>'
        for x in labels
    ]
    chips.append('<span style="font-style:italic;background:rgba(91,91,91,0.08);'
                 f'border-left:3px solid {QUOTE_COLOR};padding:0 4px">quote</span>')
    return '<div style="font-size:0.9rem;line-height:2">' + "".join(chips) + "</div>"
