"""Figures are checked through their structure, not pixels."""
from __future__ import annotations

import pandas as pd

from components.present.charts import coverage_figure, network_figure, safe, topic_sizes_figure
from components.analysis.network import cooccurrence_graph
from components.present.network_layout import layout
from components.present.theme import PALETTE, stamp


def test_stamp_puts_caption_and_footer_in_the_figure():
    import plotly.graph_objects as go

    fig = stamp(go.Figure(), title="Coverage of North Korea", subtitle="Countries: North Korea · 12 articles from 3 outlets",
                foot="Wirescope · store abc · generated 2026-11-24 10:00 UTC")
    d = fig.to_dict()["layout"]
    assert "Coverage of North Korea" in d["title"]["text"] and "12 articles from 3 outlets" in d["title"]["text"]
    assert any("store abc" in a["text"] for a in d["annotations"])
    assert d["template"]["layout"]["colorway"] == PALETTE


def test_untrusted_text_is_escaped_everywhere():
    evil = '<img src=x onerror="alert(1)">'
    topics = pd.DataFrame({"topic_id": [0], "label": [evil], "terms": [[evil]], "size": [3],
                           "share_low_confidence": [0.0]})
    fig = topic_sizes_figure(topics, title=evil)
    text = fig.to_json()
    assert "<img" not in text and "&lt;img" in text


def test_network_figure_traces_and_labels():
    m = pd.DataFrame({"article_id": ["1", "1", "2", "2"], "entity_id": ["a", "b", "a", "b"]})
    G = cooccurrence_graph(m, score="count", min_weight=1)
    fig = network_figure(G, layout(G), n_labels=1)
    kinds = [t.type for t in fig.data]
    assert kinds.count("scatter") == 2  # one edge bin, one community
    node_trace = fig.data[-1]
    assert sorted(c[0] for c in node_trace.customdata) == ["a", "b"]  # the id first: what a click reads
    assert sum(bool(t) for t in node_trace.text) == 1
    # the hover's words once per trace, each node's values beside its id
    assert node_trace.hovertemplate.startswith("<b>%{customdata[1]}</b>") and "ties" in node_trace.hovertemplate
    assert [list(c[3:5]) for c in sorted(node_trace.customdata)] == [[2, 1], [2, 1]]  # 2 articles, 1 tie each


def test_coverage_figure_lines_for_several_series_and_small_n_marks():
    cov = pd.DataFrame({"period": pd.to_datetime(["2023-01-02", "2023-01-09"] * 2), "series": ["A", "A", "B", "B"],
                        "count": [1, 2, 3, 4], "total": [10, 10, 30, 30], "share": [0.1, 0.2, 0.1, 0.1],
                        "small_n": [True, True, False, False], "rolling": [float("nan")] * 4})
    fig = coverage_figure(cov, measure="share")
    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    assert "circle-open" in fig.data[0].marker.symbol and "n < 20" in fig.data[0].hovertext[0]


def test_many_spikes_label_the_strongest_and_mark_the_rest():
    from components.present.charts import MAX_SPIKE_LABELS

    periods = pd.date_range("2000-01-03", periods=400, freq="W-MON")
    cov = pd.DataFrame({"period": periods, "series": "all", "count": range(400), "total": 500, "share": 0.1,
                        "small_n": False, "rolling": float("nan")})
    n = 200
    spikes = pd.DataFrame({"period": periods[:n], "count": range(n), "z": [float(z) for z in range(n)],
                           "actors": [[f"Actor {i}"] for i in range(n)], "terms": [[] for _ in range(n)]})
    events = pd.DataFrame({"date": [periods[5], periods[50]], "label": ["Summit", "Test"]})
    fig = coverage_figure(cov, spikes=spikes, events=events)
    labels = [a.text for a in fig.layout.annotations if a.text.startswith("▲")]
    assert len(labels) == MAX_SPIKE_LABELS
    assert f"▲ Actor {n - 1}" in labels and "▲ Actor 0" not in labels  # the strongest are labelled
    rest = next(t for t in fig.data if t.name.startswith("Other spikes"))
    assert len(rest.x) == n - MAX_SPIKE_LABELS and "Actor 0" in " ".join(rest.hovertext)
    assert len(fig.layout.shapes) == 2 and {"Summit", "Test"} <= {a.text for a in fig.layout.annotations}


def test_safe_truncates():
    assert safe("x" * 200, 10) == "x" * 9 + "…"


def test_colour_means_one_thing_and_says_so():
    import networkx as nx

    from components.present.charts import bar_figure, period_change_figure, topic_colours
    from components.present.theme import CHANGE_COLOURS, TYPE_COLOURS

    # Actor bars coloured by type carry a legend naming the types.
    fig = bar_figure(["Kim", "KCNA", "Kim Yo Jong"], [9, 5, 3], title="Actors",
                     types=["person", "organisation", "person"])
    d = fig.to_dict()
    assert d["layout"]["showlegend"] and {t["name"] for t in d["data"]} == {"People", "Organisations"}
    # A topic keeps its colour whatever the other topics (filters change the sizes and the set).
    all_topics = pd.DataFrame({"topic_id": [0, 1, 2, 3], "size": [9, 8, 7, 6]})
    filtered = pd.DataFrame({"topic_id": [3, 1], "size": [5, 1]})
    assert topic_colours(filtered)[3] == topic_colours(all_topics)[3]
    # The period comparison's tie colours share no hue with the node types, and have a legend.
    G = nx.Graph()
    for n in "abc":
        G.add_node(n, name=n.upper(), type="person", country="", articles=3, mentions=3)
    G.add_edge("a", "b", weight=2)
    G.add_edge("b", "c", weight=1)
    fig = period_change_figure(G, {"a": (0, 0), "b": (0.5, 0.5), "c": (-0.5, 0.5)},
                               {("a", "b"): "appeared", ("b", "c"): "vanished"})
    lines = [t for t in fig.to_dict()["data"] if t["mode"] == "lines"]
    assert {t["line"]["color"] for t in lines} == {CHANGE_COLOURS["appeared"], CHANGE_COLOURS["vanished"]}
    assert not set(CHANGE_COLOURS.values()) & set(TYPE_COLOURS.values())
    assert all(t.get("name") for t in lines)


def test_time_bars_span_their_period_and_months_are_ticked_as_months():
    """A month's bar covers that month (it was centred on the 1st, so half of it lay in the month before)
    and a few months get one tick each, named by month (Plotly's own ticks fell every other week); hover
    names the period, not its first day; a spike's label points at the middle of its bar."""
    from components.analysis.coverage import coverage

    arts = pd.DataFrame({"article_id": list("abcdef"), "published": pd.to_datetime(
        ["2024-01-05", "2024-02-10", "2024-02-11", "2024-02-20", "2024-03-03", "2024-03-30"], utc=True)})
    cov = coverage(arts, freq="M")
    spikes = pd.DataFrame({"period": [pd.Timestamp("2024-02-01")], "count": [3], "z": [3.0],
                           "actors": [["Someone"]], "terms": [[]]})
    fig = coverage_figure(cov, spikes=spikes)
    bar = fig.data[0]
    assert (bar.xperiod, bar.xperiodalignment) == ("M1", "middle")
    assert fig.layout.xaxis.dtick == "M1" and fig.layout.xaxis.tickformat == "%b %Y"
    assert bar.hovertext[1].startswith("Feb 2024: 3 articles")
    label = next(a for a in fig.layout.annotations if a.text.startswith("▲"))
    assert pd.Timestamp(label.x) == pd.Timestamp("2024-02-16")
    weekly = coverage_figure(coverage(arts, freq="W"))
    assert weekly.data[0].xperiod == 7 * 86_400_000 and weekly.data[0].hovertext[0].startswith("week of ")


def test_network_ties_are_drawn_once_each_as_walks():
    import random

    from components.present.charts import GRID, _segments

    rng = random.Random(7)
    nodes = [f"n{i}" for i in range(30)]
    pos = {n: (i / 40, (i * 7 % 30) / 40) for i, n in enumerate(nodes)}  # distinct points
    pairs = sorted({tuple(sorted(rng.sample(nodes, 2))) for _ in range(120)})
    xs, ys = _segments(pairs, pos)
    at = {(round(x * GRID), round(y * GRID)): n for n, (x, y) in pos.items()}
    drawn = []
    for i in range(len(xs) - 1):
        if xs[i] is not None and xs[i + 1] is not None:
            drawn.append(tuple(sorted((at[xs[i], ys[i]], at[xs[i + 1], ys[i + 1]]))))
    assert sorted(drawn) == pairs  # every tie once, no tie that is not one
    assert len(xs) < 3 * len(pairs)  # fewer points than a gap after every tie


def test_a_rankings_left_margin_grows_with_its_longest_label_and_keeps_automargin():
    """The margin is an estimate that spares Plotly.js a second drawing; ``automargin`` stays on, so a label
    wider than the estimate still gets its room."""
    from components.present.charts import bar_figure, label_margin

    short = bar_figure(["Kim", "KCNA"], [2, 1], title="t").layout
    long = bar_figure(["Kim", "Korean Central News Agency of the DPRK"], [2, 1], title="t").layout
    assert short.margin.l == 60 and long.margin.l > 250
    assert long.yaxis.automargin is True
    assert label_margin(["WWWWWW"]) > label_margin(["iiiiii"])  # capitals are wider
    assert label_margin(["a &amp; b"]) == label_margin(["a & b"])  # an escaped label is measured as shown


def test_an_export_keeps_the_legend_row_and_title_at_their_distance_from_the_top():
    from components.present.charts import bar_figure
    from components.present.render import figure_spec

    fig = bar_figure(["A", "B"], [3, 1], title="T", subtitle="Countries: X · 4 articles from 1 outlet",
                     foot="F", types=["person", "organisation"])
    own = fig.layout.height
    spec = figure_spec(fig, "png", 1600, 900, 1)["fig"]["layout"]
    for key in ("legend", "title"):
        assert round((1 - spec[key]["y"]) * 900, 6) == round((1 - fig.layout[key].y) * own, 6)
    assert fig.layout.legend.y != spec["legend"]["y"]  # moved in the export's copy, not in the figure


def test_empty_periods_are_not_sent_as_bars_and_the_axis_keeps_its_span():
    """A long archive filtered to one country is mostly empty months: each was sent and drawn as a bar of height 0.
    Only the periods with articles are bars, and the first and last periods stay so the axis spans the archive."""
    from components.analysis.coverage import coverage

    arts = pd.DataFrame({"article_id": list("abcd"), "published": pd.to_datetime(
        ["2020-03-05", "2020-03-09", "2022-07-01", "2024-02-11"], utc=True)})
    every = pd.DataFrame({"article_id": ["z0", "z1"], "published": pd.to_datetime(["2019-01-02", "2025-06-30"],
                                                                                 utc=True)})
    cov = coverage(arts, freq="M", all_articles=pd.concat([arts, every]))
    assert len(cov) == 78 and (cov["count"] > 0).sum() == 3
    bar = coverage_figure(cov).data[0]
    assert [pd.Timestamp(x).strftime("%Y-%m") for x in bar.x] == ["2019-01", "2020-03", "2022-07", "2024-02",
                                                                  "2025-06"]
    assert list(bar.y) == [0, 2, 1, 1, 0]
    assert len(bar.hovertext) == len(bar.customdata) == 5 and bar.hovertext[1].startswith("Mar 2020: 2 articles")
    rolled = coverage_figure(coverage(arts, freq="M", all_articles=pd.concat([arts, every]), rolling=3)).data
    assert len(rolled[0].x) == 5 and len(rolled[1].x) == 78  # the rolling mean keeps its zeros: its line runs on


def test_time_bars_keep_their_period_width_when_empty_periods_between_them_are_left_out():
    """Plotly makes a bar as wide as the smallest distance between two bars: with the empty months between them
    left out, bars two months apart were drawn two months wide, over their neighbours. Each bar is its period's
    length less the gap, whatever the bars around it."""
    from components.analysis.coverage import coverage
    from components.present.charts import BAR_GAP

    arts = pd.DataFrame({"article_id": list("abcd"), "published": pd.to_datetime(
        ["2023-03-05", "2023-06-09", "2023-06-10", "2023-09-01"], utc=True)})
    every = pd.DataFrame({"article_id": ["z0", "z1"], "published": pd.to_datetime(["2023-01-02", "2023-11-30"],
                                                                                 utc=True)})
    bar = coverage_figure(coverage(arts, freq="M", all_articles=pd.concat([arts, every]))).data[0]
    days = [w / 86_400_000 / (1 - BAR_GAP) for w in bar.width]
    assert [round(d) for d in days] == [31, 31, 30, 30, 30]  # Jan, Mar, Jun, Sep, Nov
    weekly = coverage_figure(coverage(arts, freq="W", all_articles=pd.concat([arts, every]))).data[0]
    assert {round(w / 86_400_000 / (1 - BAR_GAP)) for w in weekly.width} == {7}


def test_every_chart_kind_passes_plotlys_checks():
    """Figures are built without Plotly's property checks (``theme.stamped_figure``, for speed): each chart
    kind's figure, built again with the checks, must be accepted and come out as the same JSON."""
    import json

    import networkx as nx
    import plotly.graph_objects as go

    from components.present.charts import (bar_figure, period_change_figure, source_mix_figure,
                                           stance_network_figure, topic_country_figure, topic_map_figure,
                                           topic_time_figure)

    m = pd.DataFrame({"article_id": ["1", "1", "2", "2", "3"], "entity_id": ["a", "b", "a", "c", "b"]})
    G = cooccurrence_graph(m, score="count", min_weight=1)
    pos = layout(G)
    S = nx.Graph()
    S.add_node("a", name="A", articles=3)
    S.add_node("b", name="B", articles=2)
    S.add_edge("a", "b", hostile=2, cooperative=0, neutral=1, weight=3)
    periods = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
    cov = pd.DataFrame({"period": list(periods) * 2, "series": [1] * 3 + [2] * 3, "count": [1, 4, 2, 3, 0, 1],
                        "total": [4, 4, 3, 4, 4, 3], "share": [0.25, 1.0, 0.67, 0.75, 0.0, 0.33],
                        "small_n": [True] * 6, "rolling": [float("nan")] * 6})
    spikes = pd.DataFrame({"period": [periods[1]], "count": [4], "z": [3.0], "actors": [["A"]], "terms": [[]]})
    topics = pd.DataFrame({"topic_id": [1, 2], "label": ["Talks", "Tests"], "terms": [["talks"], ["tests"]],
                           "size": [3, 2], "share_low_confidence": [0.0, 0.5]})
    arts = pd.DataFrame({"article_id": ["x", "y"], "topic_id": [1, 2], "topic_x": [0.1, 0.9], "topic_y": [0.5, -0.2],
                         "low_confidence": [False, True], "title": ["One", "Two"], "source": ["S", "T"],
                         "published": pd.to_datetime(["2024-01-02", "2024-01-03"])})
    figures = {
        "network": network_figure(G, pos, title="Ties", subtitle="All articles", foot="store x"),
        "no network": network_figure(nx.Graph(), {}, title="Ties"),
        "period change": period_change_figure(G, pos, {e: "appeared" for e in G.edges}),
        "stances": stance_network_figure(S, {"a": (0, 0), "b": (1, 1)}),
        "coverage": coverage_figure(cov[cov["series"] == 1], spikes=spikes, title="Coverage", foot="store x"),
        "coverage lines": coverage_figure(cov, measure="share"),
        "ranking": bar_figure(["Kim", "KCNA"], [2, 1], title="Actors", subtitle="x", foot="store x",
                              types=pd.Series(["person", "organisation"])),
        "topic sizes": topic_sizes_figure(topics),
        "topic map": topic_map_figure(arts, topics),
        "topics over time": topic_time_figure(cov, {1: "Talks", 2: "Tests"}),
        "topics by country": topic_country_figure(pd.DataFrame({"North Korea": [3, 1]}, index=["Talks", "Tests"])),
        "outlets": source_mix_figure(pd.DataFrame({"source": ["S", "T"], "count": [3, 1], "share": [0.75, 0.25]})),
    }
    for kind, fig in figures.items():
        checked = go.Figure(fig.to_plotly_json())  # raises on a property Plotly does not know or a bad value
        assert json.loads(checked.to_json()) == json.loads(fig.to_json()), kind
