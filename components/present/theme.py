"""The one chart theme: Plotly template, palette, stable colours and the briefing stamp.

Views and chart functions never set colours or fonts; they ask this module.
See ``../shared/design/briefing-style.md``.

Examples
--------
>>> colour_for("country:PRK") == colour_for("country:PRK") == COUNTRY_COLOURS["PRK"]
True
>>> caption(filters_text="Countries: North Korea", n_articles=412, n_outlets=7,
...         date_from=pd.Timestamp("2023-01-01"), date_to=pd.Timestamp("2024-06-30"))
'Countries: North Korea · 412 articles from 7 outlets · 1 Jan 2023 to 30 Jun 2024'
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

__all__ = ["PALETTE", "COUNTRY_COLOURS", "TYPE_COLOURS", "SEQUENTIAL", "TEMPLATE", "colour_for", "caption",
           "footer", "stamp", "stamped_figure", "caption_layout", "merged", "LEGEND_ROW", "date_range_text", "EXPORT_SIZES", "FONT", "wrap", "CHANGE_COLOURS", "STANCE_COLOURS", "TYPE_NAMES",
           "TOPIC_PALETTE", "topic_colour"]

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
COUNTRY_COLOURS = {"KOR": "#0072B2", "PRK": "#D55E00", "USA": "#009E73", "JPN": "#CC79A7", "CHN": "#E69F00",
                   "RUS": "#56B4E9"}
TYPE_COLOURS = {"country": "#0072B2", "person": "#D55E00", "organisation": "#009E73", "place": "#CC79A7"}
TYPE_NAMES = {"country": "Countries", "person": "People", "organisation": "Organisations", "place": "Places"}
# Topics keep one colour by topic id (not by rank, which changes with the filters): Okabe-Ito without black,
# then five of Paul Tol's muted colours; ids past the twelfth wrap around.
TOPIC_PALETTE = PALETTE[:7] + ["#332288", "#882255", "#999933", "#44AA99", "#AA4499"]
# Ties that changed between two periods: a diverging scale of their own (no hue shared with node types):
# new and stronger ties in purple, weaker and gone in brown, darker for the larger change.
CHANGE_COLOURS = {"appeared": "#542788", "strengthened": "#998ec3", "weakened": "#f1a340", "vanished": "#b35806"}
# How actors speak of each other (ColorBrewer RdBu ends, and grey): also told apart by the line's dash.
STANCE_COLOURS = {"hostile": "#b2182b", "cooperative": "#2166ac", "neutral": "#9a9a9a"}
SEQUENTIAL = ["#f0f6fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]  # one hue, light to dark
GREY = "#8c8c8c"
NO_DATA = "#e3e3e3"  # areas with nothing to count (countries without coverage on the map)
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
EXPORT_SIZES = {"slide": (1600, 900), "square": (1200, 1200)}
FOOT_ROOM = 20  # px at the bottom of every figure kept for the store footer

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=14, color="#222222"),
        title=dict(font=dict(size=21, color="#111111"), x=0.0, xanchor="left", xref="container",
                   y=1.0, yref="container", yanchor="top", pad=dict(l=12, t=24)),
        paper_bgcolor="white", plot_bgcolor="white",
        colorway=PALETTE,
        xaxis=dict(showgrid=True, gridcolor="#e8e8e8", linecolor="#bbbbbb", ticks="outside", tickcolor="#bbbbbb",
                   title=dict(font=dict(size=14)), tickfont=dict(size=12), zeroline=False),
        yaxis=dict(showgrid=True, gridcolor="#e8e8e8", linecolor="#bbbbbb", title=dict(font=dict(size=14)),
                   tickfont=dict(size=12), zeroline=False, rangemode="tozero"),
        legend=dict(font=dict(size=12), title=dict(font=dict(size=12)), bgcolor="rgba(255,255,255,0.8)"),
        hoverlabel=dict(font=dict(family=FONT, size=13), bgcolor="white"),
        colorscale=dict(sequential=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)]),
        margin=dict(l=60, r=30, t=100, b=80),
    )
)
pio.templates["wirescope"] = TEMPLATE


def colour_for(key: str) -> str:
    """A stable colour for an actor, country or label: the same key always gets the same colour."""
    iso = key.split(":", 1)[1] if key.startswith("country:") else key
    if iso in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[iso]
    if key in TYPE_COLOURS:
        return TYPE_COLOURS[key]
    h = int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16)
    return PALETTE[h % (len(PALETTE) - 2)]  # not yellow or black for arbitrary keys: too weak / too loud


def topic_colour(topic_id) -> str:
    """The colour of a topic, the same whatever the filters (grey for the outlier topic, -1).

    >>> topic_colour(0) == PALETTE[0], topic_colour(12) == topic_colour(0), topic_colour(-1) == GREY
    (True, True, True)
    """
    tid = int(topic_id)
    return GREY if tid < 0 else TOPIC_PALETTE[tid % len(TOPIC_PALETTE)]


def date_range_text(date_from, date_to) -> str:
    """``"1 Jan 2023 to 30 Jun 2024"``."""
    def fmt(d):
        d = pd.Timestamp(d)
        return f"{d.day} {d.strftime('%b %Y')}"
    if date_from is None or date_to is None or pd.isna(date_from) or pd.isna(date_to):
        return "no dates"
    return f"{fmt(date_from)} to {fmt(date_to)}"


def caption(*, filters_text: str, n_articles: int, n_outlets: int, date_from=None, date_to=None,
            unit: str = "articles") -> str:
    """The subtitle: active filters in words, then the evidence behind the chart."""
    noun = unit if n_articles != 1 else {"articles": "article", "stories": "story"}.get(unit, unit)
    outlets = "outlet" if n_outlets == 1 else "outlets"
    parts = [filters_text, f"{n_articles:,} {noun} from {n_outlets} {outlets}"]
    if date_from is not None:
        parts.append(date_range_text(date_from, date_to))
    return " · ".join(parts)


def footer(store_hash: str, when: datetime | None = None) -> str:
    """``"Wirescope · store 3f9a21c · generated 2026-11-24 14:05 UTC"``."""
    when = when or datetime.now(timezone.utc)
    return f"Wirescope · store {store_hash} · generated {when:%Y-%m-%d %H:%M} UTC"


def wrap(text: str, width: int = 90, sep: str = " · ") -> list[str]:
    """Break a caption into lines at its separators, each at most ``width`` characters where possible.

    >>> wrap("Countries: North Korea · 412 articles from 7 outlets · 1 Jan 2023 to 30 Jun 2024", 40)
    ['Countries: North Korea', '412 articles from 7 outlets', '1 Jan 2023 to 30 Jun 2024']
    """
    lines: list[str] = []
    for part in text.split(sep):
        if lines and len(lines[-1]) + len(sep) + len(part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


LEGEND_ROW = 28  # px: one row of legend entries at 12 px, with its padding


def caption_layout(*, title: str, subtitle: str = "", foot: str = "", height: int | None = None,
                   margin_b: int | None = None, width_chars: int = 64, template: go.layout.Template = TEMPLATE,
                   legend_row: bool = False) -> tuple[dict, dict | None]:
    """The briefing caption (title, subtitle) and the theme as a layout dict, and the footer's annotation (None
    without ``foot``), for :func:`stamp` and :func:`stamped_figure`. ``height``: the figure's height, set in
    the dict when given; the title and a legend row are placed for it (for 450 px when None). ``margin_b``: the
    bottom margin the figure asked for (80 when None).

    The title and subtitle are escaped here, once, since both can carry article-derived text.
    ``legend_row``: the legend in a row of its own under the caption, over the figure's whole width
    (:data:`LEGEND_ROW` px kept for it), not beside the plot; placed on the figure (container), not on the
    plot, so a legend too wide for one row wraps downwards and Plotly lowers the plot to make room instead of
    drawing it over the caption. (An export at another height keeps both at their distance from the top:
    ``render.figure_spec``.)
    """
    import html

    sub_lines = [html.escape(x, quote=False) for x in wrap(subtitle, width_chars)] if subtitle else []
    text = html.escape(title, quote=False)
    if sub_lines:
        text += "<br><span style='font-size:14px;color:#555555'>" + "<br>".join(sub_lines) + "</span>"
    # Keep the title's first line clear of the frame (Streamlit crops a few pixels at the top).
    drawn_height = height or 450
    caption = 72 + 20 * len(sub_lines)
    layout: dict = dict(template=template, title=dict(text=text, y=1 - 14 / drawn_height),
                        margin=dict(t=caption + (LEGEND_ROW if legend_row else 0)))
    if height:
        layout["height"] = height
    if legend_row:
        layout["legend"] = dict(orientation="h", xref="container", yref="container", x=0.01, xanchor="left",
                                y=1 - (caption - 4) / drawn_height, yanchor="top")
    if not foot:
        return layout, None
    # Bottom right, on the figure's bottom edge: the bottom margin's last FOOT_ROOM px are the footer's, so
    # tick labels, an axis title or a legend above it never run into it (a chart needing more room below its
    # plot sets a larger margin.b before stamping).
    bottom = max(int(margin_b if margin_b is not None else 80), 24 + FOOT_ROOM)
    layout["margin"]["b"] = bottom
    return layout, dict(text=html.escape(foot, quote=False), xref="paper", yref="paper", x=1, y=0,
                        xanchor="right", yanchor="bottom", yshift=-bottom + 3, showarrow=False,
                        font=dict(size=11, color="#777777"), name="footer")


def stamp(fig: go.Figure, *, title: str, subtitle: str = "", foot: str = "", height: int | None = None,
          width_chars: int = 64, template: go.layout.Template = TEMPLATE) -> go.Figure:
    """Apply the theme (``template``: :data:`TEMPLATE` or one made from it) and the briefing caption
    (:func:`caption_layout`) to ``fig`` in place, in one layout update and the footer's annotation: each
    ``update_layout`` walks and validates what it touches again. A chart built from scratch is faster as
    :func:`stamped_figure`.
    """
    layout, footer_note = caption_layout(title=title, subtitle=subtitle, foot=foot,
                                         height=height or fig.layout.height, margin_b=fig.layout.margin.b,
                                         width_chars=width_chars, template=template)
    if not height:
        layout.pop("height", None)  # the figure's own height stays as it is
    fig.update_layout(**layout)
    if footer_note:  # added on its own: a list of the figure's annotations plus this one revalidates each (85 ms at 12)
        fig.add_annotation(**footer_note)
    return fig


def merged(base: dict, extra: dict) -> dict:
    """``base`` with ``extra`` written over it, nested dicts merged key by key (as ``update_layout`` merges).

    >>> merged({"margin": {"l": 60}, "title": "a"}, {"margin": {"t": 90}})
    {'margin': {'l': 60, 't': 90}, 'title': 'a'}
    """
    out = dict(base)
    for k, v in extra.items():
        out[k] = merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def stamped_figure(data: list, layout: dict, *, title: str, subtitle: str = "", foot: str = "",
                   height: int | None = None, width_chars: int = 64, template: go.layout.Template = TEMPLATE,
                   legend_row: bool = False) -> go.Figure:
    """A figure of ``data`` (trace dicts, each with its ``type``) and ``layout`` (a dict) with the caption of
    :func:`caption_layout` (the footer after ``layout``'s own annotations), built and validated once:
    Plotly checks every property of a figure made from dicts in one pass, where each ``add_trace`` and
    ``update_layout`` walks what it touches again (a typed ranking: 17 ms built step by step, 4 ms so).

    Built without Plotly's property checks (``_validate=False``): they took 20 of a demo network figure's 24 ms
    on every rerun, and the same JSON comes out. ``tests/test_charts.py`` checks a figure of every chart kind
    against Plotly's schema instead (``test_every_chart_kind_passes_plotlys_checks``)."""
    cap, footer_note = caption_layout(title=title, subtitle=subtitle, foot=foot, height=height or layout.get("height"),
                                      margin_b=layout.get("margin", {}).get("b"), width_chars=width_chars,
                                      template=template, legend_row=legend_row)
    out = merged(layout, cap)
    if footer_note:
        out["annotations"] = [*layout.get("annotations", []), footer_note]
    return go.Figure(data=data, layout=out, _validate=False)
