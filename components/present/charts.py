"""One function per chart: data in, themed ``go.Figure`` out. Export is the caller's job.

Article text is untrusted: every string from the data passes through :func:`safe`
before it reaches a label or hover text (Plotly renders a subset of HTML there).

Examples
--------
>>> cov = pd.DataFrame({"period": pd.to_datetime(["2023-01-02", "2023-01-09"]), "series": "All",
...                     "count": [3, 5], "total": [3, 5], "share": [1.0, 1.0], "small_n": [True, True],
...                     "rolling": [float("nan")] * 2})
>>> fig = coverage_figure(cov, title="Coverage")
>>> len(fig.data), fig.data[0].type
(1, 'bar')
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.present.network_layout import label_nodes
from components.present.theme import (CHANGE_COLOURS, GREY, STANCE_COLOURS, PALETTE, SEQUENTIAL, TEMPLATE, TYPE_COLOURS,
                                      LEGEND_ROW, TYPE_NAMES, colour_for,
                                      stamped_figure, topic_colour)

__all__ = ["safe", "topic_colours", "network_figure", "period_change_figure", "stance_network_figure", "coverage_figure", "topic_sizes_figure", "topic_map_figure",
           "topic_time_figure", "topic_country_figure", "source_mix_figure", "bar_figure"]


def safe(text, limit: int = 140) -> str:
    """Escape untrusted text for Plotly labels and shorten it.

    >>> safe("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'

    Quotes stay quotes: Plotly shows ``&quot;`` literally, and no attribute is built from this text.
    """
    s = "" if text is None else str(text)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return html.escape(s, quote=False)


def network_figure(G: nx.Graph, pos: dict, *, color_by: str = "community", n_labels: int = 20,
                   title: str = "Who is covered together", subtitle: str = "", foot: str = "",
                   height: int = 720) -> go.Figure:
    """The co-occurrence network: node size by articles, colour by community or type, edge width by weight.

    Only the ``n_labels`` most-covered nodes carry a label; every node has a hover.
    Node ids are in ``customdata`` so a click can set the actor filter.
    """
    if G.number_of_nodes() == 0:
        return stamped_figure([], dict(annotations=[dict(text="No actors match these filters", showarrow=False,
                                                          font=dict(size=16, color=GREY))],
                                       xaxis=dict(visible=False), yaxis=dict(visible=False)),
                              title=title, subtitle=subtitle, foot=foot, height=height)
    data = _edge_traces(G, pos)
    label_set = label_nodes(G, pos, n_labels)
    amax = max(G.nodes[n]["articles"] for n in G.nodes) or 1
    for key, members in _node_groups(G, color_by):
        data.append(_node_trace(G, pos, key, members, color_by=color_by, label_set=label_set, amax=amax))
    if any(d.get("focus") for _, d in G.nodes(data=True)):
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name="Filtered actor",
                         marker=dict(size=12, color="white", line=dict(width=3, color="#111111"))))
    legend_title = "Colour: group covered together" if color_by == "community" else "Colour: actor type"
    return _network_frame(data, _leader_labels(G, pos, label_set, amax), legend_title + "<br>Size: articles",
                          title=title, subtitle=subtitle, foot=foot, height=height)


def period_change_figure(G: nx.Graph, pos: dict, status: dict, *, n_labels: int = 20, max_ties: int = 40,
                         title: str = "How the ties changed between the two periods", subtitle: str = "",
                         foot: str = "", height: int = 720) -> go.Figure:
    """Ties that changed between two periods, in a diverging colour of their own with a legend (appeared,
    strengthened, weakened, vanished); actors in grey, sized by articles, so no colour means two things.

    ``status`` maps ``(u, v)`` edge keys to ``appeared``, ``strengthened``, ``weakened`` or ``vanished``;
    other edges are not drawn, nor, past ``max_ties``, the changed ties with the fewest articles (the legend
    says how many are drawn of how many), nor actors left without a drawn tie.
    """
    kinds = [(k, words, CHANGE_COLOURS[k], "dot" if k == "vanished" else "solid")
             for k, words in (("appeared", "Appeared in B"), ("strengthened", "Stronger in B"),
                              ("weakened", "Weaker in B"), ("vanished", "Gone in B"))]
    return _ties_figure(G, pos, status, kinds, "Tie change, A to B", "changed ties", n_labels=n_labels,
                        max_ties=max_ties, title=title, subtitle=subtitle, foot=foot, height=height)


def stance_network_figure(G: nx.Graph, pos: dict, *, n_labels: int = 20, max_ties: int = 40,
                          title: str = "How actors speak of each other", subtitle: str = "", foot: str = "",
                          height: int = 720) -> go.Figure:
    """The signed network (:func:`components.analysis.statements.stance_graph`): a tie is mostly hostile
    (red, dashed), mostly cooperative (blue, solid) or neutral and mixed (grey, dotted), its width the
    statements behind it; actors in grey, sized by statements. The legend says each kind's count.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a", name="A", articles=3); G.add_node("b", name="B", articles=2)
    >>> G.add_edge("a", "b", hostile=2, cooperative=0, neutral=1, weight=3)
    >>> [t.name for t in stance_network_figure(G, {"a": (0, 0), "b": (1, 1)}).data][:1]
    ['Mostly hostile (1)']
    """
    status = {(u, v): "hostile" if d["hostile"] > d["cooperative"] else
              "cooperative" if d["cooperative"] > d["hostile"] else "neutral" for u, v, d in G.edges(data=True)}
    kinds = [("hostile", "Mostly hostile", STANCE_COLOURS["hostile"], "dash"),
             ("cooperative", "Mostly cooperative", STANCE_COLOURS["cooperative"], "solid"),
             ("neutral", "Neutral or mixed", STANCE_COLOURS["neutral"], "dot")]
    return _ties_figure(G, pos, status, kinds, "Statements, speaker to target<br>Width: statements", "ties",
                        n_labels=n_labels, max_ties=max_ties, title=title, subtitle=subtitle, foot=foot,
                        height=height, node_unit="statements")


def _ties_figure(G: nx.Graph, pos: dict, status: dict, kinds: list, legend_title: str, noun: str, *,
                 n_labels: int, max_ties: int, title: str, subtitle: str, foot: str, height: int,
                 node_unit: str = "articles") -> go.Figure:
    """Ties drawn by kind (``status`` maps ``(u, v)`` to one of ``kinds``' names; ``kinds`` lists
    ``(name, legend words, colour, dash)``), the ``max_ties`` strongest; grey actors sized by ``articles``."""
    data = []
    changed = [(u, v) for u, v in G.edges if (u, v) in status or (v, u) in status]
    changed = sorted(changed, key=lambda e: (-G.edges[e].get("weight", 0), e))
    G = G.edge_subgraph(changed[:max_ties]).copy() if changed else nx.Graph()
    if G.number_of_nodes() == 0:
        return network_figure(nx.Graph(), {}, title=title, subtitle=subtitle, foot=foot, height=height)
    wmax = max([d["weight"] for _, _, d in G.edges(data=True)] or [1])
    for kind, words, colour, dash in kinds:
        pairs = [(u, v, d) for u, v, d in sorted(G.edges(data=True))
                 if status.get((u, v)) == kind or status.get((v, u)) == kind]
        if not pairs:
            continue
        xs, ys = _segments([(u, v) for u, v, _ in pairs], pos)
        width = 1.5 + 3 * (max(d["weight"] for *_, d in pairs) / wmax) ** 0.7
        data.append(dict(type="scatter", x=xs, y=ys, mode="lines", name=f"{words} ({len(pairs)})",
                         hoverinfo="skip", line=dict(width=round(width, 1), color=colour, dash=dash)))
    label_set = label_nodes(G, pos, n_labels)
    amax = max(G.nodes[n]["articles"] for n in G.nodes) or 1
    nodes = sorted(G.nodes, key=lambda n: -G.nodes[n]["articles"])
    data.append(_node_trace(G, pos, f"Actor (size: {node_unit})", nodes, color_by="none", label_set=label_set,
                            amax=amax))
    shown = (f"<br>{G.number_of_edges()} of {len(changed)} {noun},<br>those with the most {node_unit}"
             if len(changed) > G.number_of_edges() else "")
    return _network_frame(data, _leader_labels(G, pos, label_set, amax), legend_title + shown, title=title,
                          subtitle=subtitle, foot=foot, height=height)


def _network_frame(data: list, notes: list, legend_title: str, *, title: str, subtitle: str, foot: str,
                   height: int) -> go.Figure:
    """The traces ``data`` and label annotations ``notes`` on hidden axes at the range the labels were placed
    for, with the legend and the briefing stamp."""
    layout = dict(xaxis=dict(visible=False, showgrid=False, range=[_grid(-1.12), _grid(1.12)]),
                  yaxis=dict(visible=False, showgrid=False, range=[_grid(-1.1), _grid(1.16)]),
                  legend=dict(title=dict(text=legend_title), itemsizing="constant"), hovermode="closest",
                  dragmode="pan")
    if notes:
        layout["annotations"] = notes
    # What every leader label shares is said once, as the figure's annotation defaults (NETWORK_TEMPLATE),
    # not in each label (about 190 bytes a label, resent with every rerun). The footer sets its own font and
    # no arrow.
    return stamped_figure(data, layout, title=title, subtitle=subtitle, foot=foot, height=height,
                          template=NETWORK_TEMPLATE)


def _leader_labels(G: nx.Graph, pos: dict, label_set: dict, amax: int) -> list[dict]:
    """The labels :func:`label_nodes` put away from their nodes as annotations, each with its leader line."""
    return [dict(x=_grid(pos[n][0]), y=_grid(pos[n][1]), ax=_grid(where[0]), ay=_grid(where[1]),
                 text=_label_text(G, n), standoff=round(_node_size(G, n, amax) / 2, 1), name="node label")
            for n, where in label_set.items()
            if isinstance(where, tuple)]  # drawn away from its node: a leader line ties it to the node


EDGE_WIDTHS = 8  # line widths a network's ties are drawn in, from 0.6 to 6 px


def _edge_traces(G: nx.Graph, pos: dict) -> list[dict]:
    """The edges, binned by width into ``EDGE_WIDTHS`` steps: one trace per step keeps the figure light (the
    demo's North Korea network drew 31 traces of widths 0.1 px apart, which no eye tells apart).

    >>> G = nx.Graph([(str(i), str(i + 1), {"weight": i + 1}) for i in range(40)])
    >>> pos = {n: (0.0, 0.0) for n in G}
    >>> traces = _edge_traces(G, pos)
    >>> len(traces) <= EDGE_WIDTHS, traces[0]["line"]["width"], traces[-1]["line"]["width"]
    (True, 1.4, 6.0)
    """
    wmax = max([d["weight"] for _, _, d in G.edges(data=True)] or [1])
    bins: dict[tuple, list] = {}
    steps = EDGE_WIDTHS - 1
    for u, v, d in sorted(G.edges(data=True)):
        width = round(0.6 + 5.4 * round(steps * (d["weight"] / wmax) ** 0.7) / steps, 1)
        bins.setdefault((width, "rgba(120,120,120,0.35)"), []).append((u, v))
    traces = []
    for (width, colour), pairs in sorted(bins.items()):
        xs, ys = _segments(pairs, pos)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(width=width, color=colour),
                           hoverinfo="skip", showlegend=False))
    return traces


def _segments(pairs: list, pos: dict) -> tuple[list, list]:
    """The ties ``pairs`` as one line trace's x and y, in drawing units (:data:`GRID`): walks that go on from
    a tie's end along the next unused tie at that actor, a gap (``None``) between walks. A tie drawn alone
    costs two points and a gap; in a walk, one point (a third of a network's ties' bytes, resent with every
    rerun). The trace draws as one path, so the ties look the same either way: where a walk turns, at an
    actor, its marker covers the turn.

    >>> _segments([("a", "b"), ("b", "c"), ("d", "e")], {"a": (0.0, 0.0), "b": (0.51234, 1.0), "c": (1.0, 0.0),
    ...                                                   "d": (0.1, 0.1), "e": (0.2, 0.2)})[0]
    [0, 512, 1000, None, 100, 200]
    """
    ends: dict = {}
    for i, (u, v) in enumerate(pairs):
        ends.setdefault(u, []).append(i)
        ends.setdefault(v, []).append(i)
    left = [len(ends[n]) for n in ends]  # unused ties per actor, in ``ends``' order
    slot = {n: k for k, n in enumerate(ends)}
    used = [False] * len(pairs)
    walks: list[list] = []
    # An actor with an odd number of unused ties must end a walk: starting there first needs fewest walks.
    for start in sorted(ends, key=lambda n: left[slot[n]] % 2 == 0):
        while left[slot[start]]:
            walk, at = [start], start
            while left[slot[at]]:
                i = next(j for j in ends[at] if not used[j])
                used[i] = True
                u, v = pairs[i]
                nxt = v if u == at else u
                left[slot[at]] -= 1
                left[slot[nxt]] -= 1
                walk.append(nxt)
                at = nxt
            walks.append(walk)
    xs: list = []
    ys: list = []
    for walk in walks:
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [_grid(pos[n][0]) for n in walk]
        ys += [_grid(pos[n][1]) for n in walk]
    return xs, ys


def _node_groups(G: nx.Graph, color_by: str) -> list[tuple]:
    """``(legend key, nodes)`` pairs, most-covered nodes first: communities (the small ones share key 99) or types."""
    groups: dict = {}
    # A filtered actor (ringed) never leads its group: the legend draws the group's first marker.
    for n in sorted(G.nodes, key=lambda n: (bool(G.nodes[n].get("focus")), -G.nodes[n]["articles"])):
        d = G.nodes[n]
        if color_by == "community":
            c = int(d.get("community", 0))
            key = c if c < 6 else 99  # small communities share one grey legend entry
        else:
            key = d.get("type", "place")
        groups.setdefault(key, []).append(n)
    return sorted(groups.items(), key=lambda kv: str(kv[0]).zfill(3))


def _node_trace(G: nx.Graph, pos: dict, key, members: list, *, color_by: str, label_set: dict,
                amax: int) -> dict:
    """One legend entry's nodes: sized by articles, labelled where :func:`label_nodes` found room."""
    if color_by == "none":
        colour, name = "#9a9a9a", str(key)
    elif color_by == "community":
        colour = PALETTE[key] if key != 99 else GREY
        lead = max(members, key=lambda n: (G.nodes[n]["articles"], n))
        name = f"Around {safe(G.nodes[lead]['name'], 24)}" if key != 99 else "Smaller groups"
    else:
        colour = TYPE_COLOURS.get(key, GREY)
        name = {"organisation": "Organisations", "person": "People", "country": "Countries",
                "place": "Places"}.get(key, str(key).capitalize())
    sizes = [_node_size(G, n, amax) for n in members]
    unit = G.graph.get("unit", "articles")  # what a node's size counts
    # The hover's words and markup once per trace (hovertemplate), each node's values in customdata after its
    # id (what a click reads): per-node hover strings resent "<br>" and "articles" for every node, and each
    # "<" or "/" goes out as six characters in the figure's JSON (the demo's network figure: 34 -> 27 KB).
    mentions = all("mentions" in G.nodes[n] for n in members)
    custom = [[n, safe(G.nodes[n]["name"]),
               safe(G.nodes[n].get("type", "")) + (" · " + safe(G.nodes[n]["country"]) if G.nodes[n].get("country")
                                                   else ""),
               int(G.nodes[n]["articles"]), G.degree(n)] + ([int(G.nodes[n]["mentions"])] if mentions else [])
              for n in members]
    hover = (f"<b>%{{customdata[1]}}</b><br>%{{customdata[2]}}<br>%{{customdata[3]:,}} {unit}"
             + (" · %{customdata[5]:,} mentions" if mentions else "") + "<br>%{customdata[4]} ties<extra></extra>")
    return dict(
        type="scatter", x=[_grid(pos[n][0]) for n in members], y=[_grid(pos[n][1]) for n in members], mode="markers+text",
        marker=dict(size=[round(z, 1) for z in sizes], color=colour, opacity=0.92,
                    # one width and colour for the group, a list only when it rings a filtered actor
                    line=dict(width=[3 if G.nodes[n].get("focus") else 1.2 for n in members],
                              color=["#111111" if G.nodes[n].get("focus") else "white" for n in members])
                    if any(G.nodes[n].get("focus") for n in members) else dict(width=1.2, color="white")),
        text=[_label_text(G, n) if isinstance(label_set.get(n), str) else "" for n in members],
        textposition=[label_set[n] if isinstance(label_set.get(n), str) else "top center" for n in members],
        textfont=dict(size=13, color="#111111", shadow=LABEL_HALO),
        hovertemplate=hover, customdata=custom, name=name, legendgroup=name)


# Legends of several series stand right of the plot, top-aligned: below it they ran into the x-axis dates
# and the footer.
SIDE_LEGEND = dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top")

# A white halo keeps a label readable over its own marker and over edges.
LABEL_HALO = "0px 0px 3px white, 0px 0px 3px white, 0px 0px 2px white"
# A label drawn away from its node, tied to it by a grey leader line (the network figures' annotation defaults).
LEADER_LABEL = dict(showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#555555", axref="x", ayref="y",
                    font=dict(size=13, color="#111111", shadow=LABEL_HALO))
# The theme with LEADER_LABEL as its annotation defaults, made once: set on each figure through the template
# path (``template_layout_annotationdefaults``) it took 18 ms of a network's 84 to build.
NETWORK_TEMPLATE = go.layout.Template(TEMPLATE)
NETWORK_TEMPLATE.layout.annotationdefaults = LEADER_LABEL

# Drawing units per layout unit. A network's positions are drawn as whole numbers on a 1/1000 grid of the
# layout's [-1, 1] square (the axes are hidden, so their units are free): "-404" instead of "-0.404", a third
# of the bytes of every tie's ends, each resent with every rerun, at a third of a pixel of the drawn network.
GRID = 1000


def _grid(v: float) -> int:
    """A layout coordinate in drawing units (:data:`GRID`).

    >>> _grid(-0.40449), _grid(1.0)
    (-404, 1000)
    """
    return int(round(v * GRID))


def _node_size(G: nx.Graph, n, amax: int) -> float:
    """A node's marker diameter in px: by articles, on a square-root scale."""
    return 12 + 38 * np.sqrt(G.nodes[n]["articles"] / amax)


def _label_text(G: nx.Graph, n) -> str:
    """A node's label: its name, in bold when it is a filtered actor."""
    name = safe(G.nodes[n]["name"], 28)
    return f"<b>{name}</b>" if G.nodes[n].get("focus") else name


MAX_SPIKE_LABELS = 12  # spikes labelled on a time chart, the strongest first; the rest are marked


def _spike_label(sp) -> str:
    """What a spike is about: its top two actors, or its top two terms."""
    return ", ".join(sp.actors[:2]) if len(sp.actors) else ", ".join(sp.terms[:2])


@dataclass(frozen=True)
class _Step:
    """A time series' period: Plotly's ``xperiod``, the days to its middle, and how hover names one."""

    period: object
    half_days: float
    words: str


# (largest gap in days between two period starts, the period); a month's gap is 28 to 31 days.
_STEPS = ((1, _Step(86_400_000, 0.5, "%d %b %Y")), (7, _Step(7 * 86_400_000, 3.5, "week of %d %b %Y")),
          (31, _Step("M1", 15.0, "%b %Y")), (92, _Step("M3", 45.0, "quarter from %b %Y")),
          (366, _Step("M12", 182.0, "%Y")))


def _period_step(periods: pd.Series) -> _Step | None:
    """The period of evenly spaced period starts (day, week, month, quarter, year), from their smallest gap;
    None for a single period or another spacing, where bars stay centred on their start.

    >>> _period_step(pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-04-01"]))).period
    'M1'
    >>> _period_step(pd.Series(pd.to_datetime(["2024-01-01", "2024-01-08"]))).words
    'week of %d %b %Y'
    >>> _period_step(pd.Series(pd.to_datetime(["2024-01-01"]))) is None
    True
    """
    days = pd.Series(pd.to_datetime(periods).drop_duplicates().sort_values()).diff().dt.days.dropna()
    if days.empty:
        return None
    gap = days.min()
    for most, step in _STEPS:
        if most * 0.85 - 1 <= gap <= most:
            return step
    return None


def _bar_widths(starts: pd.Series, step: _Step, gap: float) -> list[float]:
    """Each period's bar width in ms: the period's length less ``gap`` of it. Plotly's own width is the
    smallest distance between two bars, so bars with empty periods left out between them would each widen
    over their neighbours' periods.

    >>> _bar_widths(pd.Series(pd.to_datetime(["2024-02-01", "2024-06-01"])), _STEPS[2][1], 0.5)
    [1252800000.0, 1296000000.0]
    """
    if isinstance(step.period, str):  # "M1", "M3", "M12": months differ in length
        ends = starts + pd.DateOffset(months=int(step.period[1:]))
    else:
        ends = starts + pd.Timedelta(milliseconds=step.period)
    return [(e - s).total_seconds() * 1000 * (1 - gap) for s, e in zip(starts, ends)]


def _middle(start, step: _Step | None):
    """Where a period starting at ``start`` is drawn once its bar spans the period: the middle."""
    return pd.Timestamp(start) + pd.Timedelta(days=step.half_days) if step else start


BAR_GAP = 0.15  # of a period, between two time bars


def coverage_figure(cov: pd.DataFrame, *, measure: str = "count", title: str = "Coverage over time",
                    subtitle: str = "", foot: str = "", spikes: pd.DataFrame | None = None,
                    events: pd.DataFrame | None = None, unit: str = "articles", height: int = 520,
                    colours: dict | None = None, ylabel: str | None = None) -> go.Figure:
    """Bars for one series, lines for several; spikes and events annotated.

    ``measure`` is ``count`` or ``share`` (of all coverage in the period). Points over
    fewer than the small-n threshold are marked with open symbols and "n < 20" in hover. ``colours`` fixes
    a series' colour (the stances'); ``ylabel`` replaces the y-axis title.
    """
    if measure not in {"count", "share"}:
        raise ValueError(f"measure == {measure!r}, must be 'count' or 'share'")
    data: list[dict] = []
    series = list(dict.fromkeys(cov["series"])) if not cov.empty else []
    ylabel = ylabel or (f"{unit.capitalize()} per period" if measure == "count" else "Share of all coverage")
    step = _period_step(cov["period"]) if not cov.empty else None
    when = step.words if step else "%d %b %Y"
    # each bar and point spans its period (a month's bar centred on the 1st stood half in the month before)
    span = dict(xperiod=step.period, xperiodalignment="middle") if step else {}
    for s in series:
        full = d = cov[cov["series"] == s]
        if len(series) == 1 and len(d):
            # An empty period draws no bar: only the first and last are kept, so the axis spans the same range.
            # A long archive filtered to one country is mostly empty months (431 of 513 in the 100k bench
            # store), each sent and drawn as a bar of height 0. (The rolling mean keeps every period.)
            drawn = (d[measure].fillna(0) != 0).to_numpy().copy()
            drawn[[0, -1]] = True
            d = d[drawn]
        y = d[measure]
        hover = [f"{p:{when}}: {c:,} {unit}" + (f" ({sh:.0%} of {t:,})" if t else "")
                 + (" · n < 20" if small else "")
                 for p, c, sh, t, small in zip(d["period"], d["count"], d["share"].fillna(0), d["total"], d["small_n"])]
        colour = (colours or {}).get(s) or (colour_for(str(s)) if len(series) > 1 else PALETTE[0])
        if len(series) == 1:
            widths = dict(width=_bar_widths(d["period"], step, BAR_GAP)) if step else {}
            data.append(dict(type="bar", x=d["period"], y=y, name=safe(s), marker=dict(color=colour),
                             hovertext=hover, hoverinfo="text", customdata=d["period"].dt.strftime("%Y-%m-%d"),
                             **span, **widths))
        else:
            symbols = ["circle-open" if (measure == "share" and small) else "circle" for small in d["small_n"]]
            data.append(dict(type="scatter", x=d["period"], y=y, name=safe(s, 40), mode="lines+markers",
                             line=dict(color=colour, width=2.5), marker=dict(symbol=symbols, size=7),
                             hovertext=hover, hoverinfo="text", customdata=d["period"].dt.strftime("%Y-%m-%d"),
                             **span))
        if full["rolling"].notna().any():
            data.append(dict(type="scatter", x=full["period"], y=full["rolling"], mode="lines",
                             name=f"{safe(s, 30)} (rolling mean)",
                             line=dict(color="#333333", width=1.5, dash="dot"), hoverinfo="skip", **span))
    ymax = float(cov[measure].max()) if not cov.empty else 1
    notes, lines = [], []
    if spikes is not None and not spikes.empty:
        # The strongest spikes are labelled; the others (a long archive has hundreds) are marked and named
        # on hover, so labels never pile up and the figure stays small.
        ranked = spikes.sort_values("z", ascending=False, kind="stable") if "z" in spikes else spikes
        for i, sp in enumerate(ranked.head(MAX_SPIKE_LABELS).sort_values("period").itertuples(index=False)):
            # Alternate heights so the labels of neighbouring spikes do not overprint.
            notes.append(dict(x=_middle(sp.period, step), y=sp.count if measure == "count" else None, yref="y",
                              text=f"▲ {safe(_spike_label(sp), 40)}", showarrow=True, arrowhead=0,
                              ay=-28 - 22 * (i % 2), font=dict(size=12, color="#111111"),
                              bgcolor="rgba(255,255,255,0.85)"))
        rest = ranked.iloc[MAX_SPIKE_LABELS:]
        if len(rest) and measure == "count":
            data.append(dict(
                type="scatter", x=[_middle(p, step) for p in rest["period"]], y=rest["count"], mode="markers",
                name=f"Other spikes ({len(rest):,})",
                marker=dict(symbol="triangle-up", size=8, color="#111111"), hoverinfo="text",
                hovertext=[f"{sp.period:{when}}: spike, {safe(_spike_label(sp), 60)}"
                           for sp in rest.itertuples(index=False)]))
    if events is not None and not events.empty:
        for ev in events.itertuples(index=False):
            lines.append(dict(type="line", x0=pd.Timestamp(ev.date), x1=pd.Timestamp(ev.date), y0=0, y1=1,
                              yref="paper", line=dict(color=GREY, dash="dash", width=1)))
            notes.append(dict(x=pd.Timestamp(ev.date), y=1.0, yref="paper", text=safe(ev.label, 30),
                              showarrow=False, textangle=-90, xanchor="right", yanchor="top",
                              font=dict(size=11, color="#555555")))
    xaxis: dict = {}
    if step is not None and step.period == "M1":  # a month's tick names the month under it; with a year or
        # less, one tick a month (Plotly's own would tick every other week)
        xaxis.update(ticklabelmode="period", **({"dtick": "M1", "tickformat": "%b %Y"}
                                                if cov["period"].nunique() <= 12 else {}))
    yaxis: dict = dict(title=dict(text=ylabel), range=[0, ymax * 1.18 if ymax else 1])
    if measure == "share":
        yaxis["tickformat"] = ".0%"
    layout = dict(xaxis=xaxis, yaxis=yaxis, bargap=BAR_GAP, hovermode="closest", legend=SIDE_LEGEND)
    if notes:
        layout["annotations"] = notes
    if lines:
        layout["shapes"] = lines
    return stamped_figure(data, layout, title=title, subtitle=subtitle, foot=foot, height=height)


def label_margin(labels, suffix: str = "", size: int | None = None) -> int:
    """A left margin, in px, wide enough for ``labels`` as tick labels of ``size`` px (the theme's tick size
    when not given) in the theme's font
    (DejaVu Sans), rounded up: capitals at 0.70 em, other letters and digits at 0.58, blanks and punctuation at
    0.34 (DejaVu's lower case runs 0.28 to 0.97 em, most near 0.6), plus the axis' own 10 px.

    Set with ``automargin``, it spares Plotly.js a second full drawing of the chart: ``automargin`` alone
    starts from the theme's 60 px, measures the labels and draws everything again with the wider margin (a
    ranking's bars took 40 ms to draw instead of 21 in Chromium). A label wider than the estimate still gets
    its room, at the old price.

    >>> label_margin(["Kim Jong Un", "United States"], "  "), label_margin([]), label_margin(["&amp;"])
    (109, 60, 60)
    """
    def em(c: str) -> float:
        return 0.70 if c.isupper() else 0.58 if c.isalnum() else 0.34

    widest = max((sum(em(c) for c in html.unescape(str(x)) + suffix) for x in labels), default=0)
    return max(60, math.ceil(widest * (size or TEMPLATE.layout.yaxis.tickfont.size)) + 10)


def bar_figure(labels, values, *, title: str, subtitle: str = "", foot: str = "", xlabel: str = "Articles",
               colours=None, types=None, hover=None, customdata=None, height: int | None = None) -> go.Figure:
    """Horizontal bars, largest on top (rankings: actors, outlets, topics).

    ``types`` (actor types, one per bar) colour the bars by type with a legend saying so, in a row under the
    caption (``stamped_figure``'s ``legend_row``): on the right it took a third of a half-page chart from the bars; ``colours``
    give each bar its own colour where the label already says what it means (topics); else one colour.
    """
    labels = [safe(x, 60) for x in labels]
    values, n = list(values), len(labels)
    hover = list(hover) if hover is not None else None
    customdata = list(customdata) if customdata is not None else None
    yaxis = dict(showgrid=False, automargin=True, ticksuffix="  ")
    layout: dict = dict(xaxis=dict(title=dict(text=xlabel)), showlegend=types is not None, barmode="overlay",
                        margin=dict(l=label_margin(labels, "  ")))
    if types is not None:
        types = list(types)
        data = []
        for t in dict.fromkeys(types):
            idx = [i for i in range(n) if types[i] == t][::-1]
            data.append(_bar([values[i] for i in idx], [labels[i] for i in idx],
                             name=TYPE_NAMES.get(t, str(t).capitalize()), marker_color=TYPE_COLOURS.get(t, GREY),
                             hover=[hover[i] for i in idx] if hover else None,
                             customdata=[customdata[i] for i in idx] if customdata else None))
        layout["legend"] = dict(title=dict(text="Actor type"), traceorder="normal")
        yaxis.update(categoryorder="array", categoryarray=labels[::-1])
    else:
        data = [_bar(values[::-1], labels[::-1],
                     marker_color=list(colours)[::-1] if colours is not None else PALETTE[0],
                     hover=hover[::-1] if hover else None, customdata=customdata[::-1] if customdata else None)]
    layout["yaxis"] = yaxis
    return stamped_figure(data, layout, title=title, subtitle=subtitle, foot=foot, legend_row=types is not None,
                          height=(height or max(360, 140 + 28 * len(labels))) + (LEGEND_ROW if types is not None else 0))


def _bar(x, y, *, marker_color, name=None, hover=None, customdata=None) -> dict:
    """A horizontal bar trace as a dict: the properties ``go.Bar`` would be given, none left at None."""
    out = dict(type="bar", x=x, y=y, orientation="h", marker=dict(color=marker_color))
    if name is not None:
        out["name"] = name
    if hover:
        out.update(hovertext=hover, hoverinfo="text")
    if customdata:
        out["customdata"] = customdata
    return out


def topic_colours(topics: pd.DataFrame) -> dict:
    """Each topic's colour, fixed by its id (:func:`topic_colour`), so a topic keeps its colour whatever
    the filters.

    >>> topic_colours(pd.DataFrame({"topic_id": [5, 2], "size": [3, 9]}))
    {5: '#56B4E9', 2: '#009E73'}
    """
    return {t: topic_colour(t) for t in topics["topic_id"]}


def topic_sizes_figure(topics: pd.DataFrame, *, title: str = "What the coverage is about", subtitle: str = "",
                       foot: str = "") -> go.Figure:
    """Articles per topic, labelled, with the low-confidence share in the hover."""
    t = topics.sort_values("size", ascending=False, kind="stable")
    hover = [f"<b>{safe(r.label)}</b><br>{r.size:,} articles<br>{r.share_low_confidence:.0%} low confidence"
             f"<br>Terms: {safe(', '.join(list(r.terms)[:8]))}" for r in t.itertuples(index=False)]
    colours = topic_colours(t)
    return bar_figure(t["label"], t["size"], title=title, subtitle=subtitle, foot=foot, hover=hover,
                      colours=[colours[i] for i in t["topic_id"]], customdata=t["topic_id"])


def topic_map_figure(articles: pd.DataFrame, topics: pd.DataFrame, *, title: str = "Map of topics",
                     subtitle: str = "", foot: str = "", max_points: int = 800) -> go.Figure:
    """Articles in 2-D (LSA projection), coloured by topic; hover shows the headline.

    At most ``max_points`` articles are drawn (a fixed random sample, said in the subtitle): more would not
    change the clusters' shapes on a slide, and each one is sent on every rerun (2,000 were 381 KB at 100k
    articles, 1,200 were 182 KB) and costs the browser time. Each point carries only what its hover shows:
    the headline (to 80 characters), outlet and date as ``customdata`` (the hover's markup once, in the
    trace's ``hovertemplate``), its position to a thousandth of the axes and its symbol as Plotly's number
    (0 a filled circle, 100 an open one). SVG, not WebGL: a WebGL context alone took longer to start than
    the chart took to draw, and SVG exports like every other chart.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "topic_id": [1, 1], "topic_x": [0.12345, 1.0],
    ...                      "topic_y": [0.5, -0.25], "low_confidence": [False, True], "title": ["x" * 99, "B"],
    ...                      "source": ["S", "S"], "published": pd.to_datetime(["2024-01-02", "2024-01-03"])})
    >>> t = topic_map_figure(arts, pd.DataFrame({"topic_id": [1], "label": ["Talks"]})).data[0]
    >>> t.x.tolist(), t.marker.symbol.tolist(), len(t.customdata[0][0]), list(t.customdata[1])
    ([0.123, 1.0], [0, 100], 80, ['B', 'S', '03 Jan 2024'])
    """
    # Positions first, then only the columns drawn: copying 40,000 filtered articles whole to draw 1,200 was
    # half of a 100k Topics rerun.
    at = np.flatnonzero(articles["topic_x"].notna().to_numpy())
    if len(at) > max_points:
        subtitle = (subtitle + " · " if subtitle else "") + f"{max_points:,} of {len(at):,} articles drawn"
        at = np.sort(np.random.default_rng(0).choice(at, max_points, replace=False))
    arts = articles.iloc[at][["topic_id", "topic_x", "topic_y", "low_confidence", "title", "source", "published"]]
    arts = arts.assign(day=arts["published"].dt.strftime("%d %b %Y"))
    labels = dict(zip(topics["topic_id"], topics["label"]))
    colours = topic_colours(topics)
    main = [t for t, c in colours.items() if c != GREY]
    data = []
    groups = [(tid, arts[arts["topic_id"] == tid], labels.get(tid, tid)) for tid in main]
    groups.append((None, arts[~arts["topic_id"].isin(main)], "Other topics"))
    for tid, d, label in groups:
        if d.empty:
            continue
        data.append(dict(
            type="scatter", x=d["topic_x"].round(3), y=d["topic_y"].round(3), mode="markers", name=safe(label, 40),
            marker=dict(size=7, color=colours.get(tid, GREY),
                        symbol=np.where(d["low_confidence"].to_numpy(dtype=bool), 100, 0)),
            customdata=[[safe(t, 80), safe(s), day] for t, s, day in zip(d["title"], d["source"], d["day"])],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}<extra></extra>"))
    layout = dict(xaxis=dict(visible=False), yaxis=dict(visible=False),
                  legend=dict(title=dict(text="Topic (open circle: unsure topic)")))
    return stamped_figure(data, layout, title=title, subtitle=subtitle, foot=foot, height=620)


def topic_time_figure(cov: pd.DataFrame, labels: dict, *, title: str = "Topics over time", subtitle: str = "",
                      foot: str = "") -> go.Figure:
    """Share of each period's coverage per topic, as stacked areas."""
    data = []
    sizes = cov.groupby("series")["count"].sum()
    colours = topic_colours(pd.DataFrame({"topic_id": sizes.index, "size": sizes.to_numpy()}))
    for tid in sorted(dict.fromkeys(cov["series"]), key=lambda t: -sizes[t]):
        d = cov[cov["series"] == tid]
        data.append(dict(type="scatter", x=d["period"], y=d["share"], name=safe(labels.get(tid, tid), 40),
                         stackgroup="one", mode="lines", line=dict(width=0.5, color=colours[tid]),
                         hovertext=[f"{safe(labels.get(tid, tid))}: {c:,} of {t:,} articles"
                                    + (" · n < 20" if s else "")
                                    for c, t, s in zip(d["count"], d["total"], d["small_n"])],
                         hoverinfo="text+x"))
    layout = dict(yaxis=dict(tickformat=".0%", title=dict(text="Share of coverage")), legend=SIDE_LEGEND)
    return stamped_figure(data, layout, title=title, subtitle=subtitle, foot=foot, height=520)


def topic_country_figure(matrix: pd.DataFrame, *, title: str = "Topics by country", subtitle: str = "",
                         foot: str = "") -> go.Figure:
    """Heatmap of articles per topic (rows) and focus country (columns)."""
    rows = [safe(r, 40) for r in matrix.index]
    data = [dict(type="heatmap", z=matrix.to_numpy(), x=[safe(c) for c in matrix.columns], y=rows,
                 colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
                 hovertemplate="%{y}<br>%{x}: %{z} articles<extra></extra>",
                 colorbar=dict(title=dict(text="Articles", side="right")))]
    # Country names stand at 45 degrees: the bottom margin holds them above the footer.
    longest = max([len(str(c)) for c in matrix.columns] or [0])
    layout = dict(xaxis=dict(showgrid=False, tickangle=-45),
                  margin=dict(b=60 + int(6.5 * min(longest, 40)), l=label_margin(rows)),
                  yaxis=dict(showgrid=False, automargin=True, autorange="reversed"))
    return stamped_figure(data, layout, title=title, subtitle=subtitle, foot=foot,
                          height=max(420, 120 + 30 * len(matrix)))


def source_mix_figure(mix: pd.DataFrame, *, title: str = "Which outlets drive the coverage", subtitle: str = "",
                      foot: str = "") -> go.Figure:
    """Articles per outlet, share in the hover."""
    hover = [f"{safe(s)}: {c:,} articles ({sh:.0%})" for s, c, sh in zip(mix["source"], mix["count"], mix["share"])]
    return bar_figure(mix["source"], mix["count"], title=title, subtitle=subtitle, foot=foot, hover=hover)
