"""Network: who is covered together, with the evidence behind every tie."""
from __future__ import annotations

import io
from dataclasses import replace

import networkx as nx
import pandas as pd
import streamlit as st

from components.analysis import network
from components.analysis.network import NetworkOptions
from components.analysis.network_compare import default_periods
from components.present.charts import network_figure, period_change_figure, stance_network_figure
from components.present.export import csv_bytes
from dashboard.context import NETWORK_OPTIONS, Context, current
from dashboard.safe import md
from dashboard.loaders import network_data, period_comparison, stance_network, texts
from dashboard.widgets import TYPE_LABELS, add_actor, chart, empty_state, table

# Rows of each table sent with every rerun: the strongest ties and the most connected actors (eight show at
# a time); the files below the tables hold all of them. Fifty were 10 KB of the demo's 61 KB network rerun,
# and thirty, 3.4 KB a table, kept the period comparison's rerun over 60 KB.
TABLE_ROWS = 20


def _on_node_click():
    sel = st.session_state.get("network-chart")
    points = (sel or {}).get("selection", {}).get("points", []) if sel else []
    for p in points:
        eid = p.get("customdata")
        if isinstance(eid, list):
            eid = eid[0] if eid else None
        if eid:
            add_actor(eid)


def render(ctx: Context) -> None:
    st.title("Network")
    s = ctx.store
    if ctx.arts.empty:
        empty_state("No article matches these filters.")
        return
    base = NetworkOptions.from_settings(ctx.settings)
    chosen = _drawing_options(base)
    colour = chosen.pop("colour")
    options = replace(base, **chosen)
    st.session_state[NETWORK_OPTIONS] = options  # the briefing pack draws the network the analyst sees
    G, pos, cent = network_data(s.path, s.hash, ctx.filters, options)
    if G.number_of_nodes() == 0:
        empty_state("No actors to draw.")
        return
    # The filtered actors first (they are the question), then the rest by name.
    order = sorted(G.nodes, key=lambda n: (not G.nodes[n].get("focus"), G.nodes[n]["name"]))
    ego = st.selectbox("Focus on an actor", [None] + order, key="net_ego",
                       format_func=lambda n: "— whole network —" if n is None else G.nodes[n]["name"]
                       + (" (filtered)" if G.nodes[n].get("focus") else ""),
                       help="Draw only this actor and the actors tied to it.")
    view, view_pos = G, pos
    if ego:
        depth = st.radio("Depth", [1, 2], horizontal=True, key="net_depth")
        view = network.ego_graph(G, ego, depth)
        view_pos = {n: pos[n] for n in view.nodes}
    title = "Who is covered together" if not ego else f"Who is covered with {G.nodes[ego]['name']}"
    fig = network_figure(view, view_pos, color_by=colour, title=title, subtitle=ctx.subtitle(), foot=ctx.foot)
    nodes_df = network.centrality_table(view) if ego else cent
    chart(fig, f"network-{ctx.slug()}", nodes_df, key="network-chart", on_select=_on_node_click)
    st.caption("Click a node to add it to the actor filter. Node size: articles; line width: shared articles; "
               "black ring: a filtered actor.")

    edges = pd.DataFrame([{"source": u, "target": v, "source_name": view.nodes[u]["name"],
                           "target_name": view.nodes[v]["name"], **d} for u, v, d in view.edges(data=True)])
    if not edges.empty:  # ranked by shared articles: a pair seen together in 2 articles does not lead a briefing
        edges = edges.sort_values(["weight", "npmi"], ascending=False).reset_index(drop=True)
    left, right = st.columns([3, 2])
    with left:
        _ties(ctx, edges)
    with right:
        st.subheader("Who is most connected")
        cols = ["name", "type", "articles", "weighted_degree", "betweenness", "eigenvector", "community"]
        table(nodes_df[cols].assign(type=nodes_df["type"].str.capitalize()), column_config={"name": "Actor"},
              hide_index=True, width="stretch", height=320, max_rows=TABLE_ROWS, what="actors",
              more="the GEXF and GraphML files below have them all")
    _compare(ctx, options)
    _stances(ctx)
    c = st.columns(3)
    # Callables: each file is written only when its button is clicked, not on every rerun.
    c[0].download_button("Gephi (GEXF)", lambda: _graph_bytes(view, nx.write_gexf),
                         file_name=f"network-{ctx.slug()}.gexf", mime="application/xml", on_click="ignore",
                         key="network-gexf")
    c[1].download_button("GraphML", lambda: _graph_bytes(view, nx.write_graphml),
                         file_name=f"network-{ctx.slug()}.graphml", mime="application/xml", on_click="ignore",
                         key="network-graphml")
    c[2].download_button("Edges (CSV)", lambda: csv_bytes(edges),
                         file_name=f"edges-{ctx.slug()}.csv", mime="text/csv", on_click="ignore", key="network-edges")


@st.fragment
def _ties(ctx: Context, edges: pd.DataFrame) -> None:
    """The strongest ties (``edges``, strongest first), and the sentences behind the one selected. A fragment:
    selecting a tie reruns this table and its sentences alone, not the network and the page around it."""
    s = ctx.store
    st.subheader("Strongest ties")
    if edges.empty:
        st.caption("No ties above the threshold.")
        return
    pick = table(edges[["source_name", "target_name", "weight", "npmi"]],
                 column_config={"source_name": "Actor", "target_name": "With"}, hide_index=True,
                 width="stretch", on_select="rerun", selection_mode="single-row", key="net_edges",
                 height=320, max_rows=TABLE_ROWS, what="ties", more="the Edges CSV below has them all")
    rows = pick.selection.rows if pick else []
    if rows:
        e = edges.iloc[rows[0]]
        ev = network.edge_evidence(ctx.ments, ctx.arts, e["source"], e["target"],
                                   texts=lambda ids: texts(s.path, s.hash, tuple(ids)))
        st.markdown(f"**{md(e['source_name'])} — {md(e['target_name'])}**: {len(ev)} articles")
        for r in ev.head(10).itertuples(index=False):
            st.markdown("- " + md(f"{r.published:%d %b %Y} · {r.source}: “{r.sentence[:400]}”"),
                        unsafe_allow_html=False)
    else:
        st.caption("Select a tie to read the sentences behind it.")


@st.fragment
def _stances(ctx: Context) -> None:
    """How the actors speak of each other, from the statements: drawn only when switched on. A fragment: its
    switch reruns this section alone."""
    s = ctx.store
    if "stance" not in s.statements or not st.toggle(
            "How they speak of each other", key="net_stance",
            help="Ties from the statements: a speaker and an actor its statement names. Red dashed: mostly "
                 "hostile; blue: mostly cooperative; grey dotted: neutral or mixed. Width: statements."):
        return
    G, pos = stance_network(s.path, s.hash, ctx.filters)
    if G.number_of_edges() == 0:
        st.caption("No statement under these filters names another actor.")
        return
    ties = pd.DataFrame([{"speaker_or_target": G.nodes[u]["name"], "other": G.nodes[v]["name"], **d}
                         for u, v, d in G.edges(data=True)]).sort_values("weight", ascending=False, kind="stable")
    chart(stance_network_figure(G, pos, subtitle=ctx.subtitle(), foot=ctx.foot), f"stances-{ctx.slug()}", ties,
          key="stance-chart")
    st.caption(f"The {G.number_of_edges()} ties with the most statements, of {G.graph['ties_in_all']}. The "
               "Statements view lists the statements behind a pair (choose a speaker and whom they speak about).")


def _date(key: str, default):
    raw = st.query_params.get(key)
    try:
        return pd.Timestamp(raw).date() if raw else default
    except ValueError:
        return default


CMP_KEYS = ("a_from", "a_to", "b_from", "b_to")


def _drawing_options(base: NetworkOptions) -> dict:
    """The analyst's drawing options (the store's settings as defaults): NetworkOptions fields and ``colour``."""
    with st.expander("Drawing options", expanded=False):
        c = st.columns(5)
        types = c[0].multiselect("Node types", list(TYPE_LABELS), default=list(base.types),
                                 key="net_types", format_func=TYPE_LABELS.get)
        scores = ["npmi", "count"]
        score = c[1].radio("Tie strength", scores, index=scores.index(base.score), key="net_score",
                           format_func=lambda x: "Association" if x == "npmi" else "Shared articles",
                           help="Association: how much more often two actors appear together than chance "
                                "predicts, so hubs such as the United States do not tie to everything.")
        min_w = c[2].slider("Min. shared articles", 1, 20, base.min_weight, key="net_minw")
        max_n = c[3].slider("Max. nodes", 10, 200, base.max_nodes, step=5, key="net_maxn")
        colour = c[4].radio("Colour by", ["community", "type"], key="net_colour")
        window = st.select_slider("Co-occurrence within", options=sorted({0, 1, 2, 3, 5, base.window}),
                                  value=base.window, key="net_window",
                                  format_func=lambda w: "the same article" if w == 0 else f"{w} sentence(s)")
    return {"types": tuple(types), "score": score, "min_weight": min_w, "max_nodes": max_n, "window": window,
            "colour": colour}


@st.fragment
def _compare(ctx: Context, options: NetworkOptions) -> None:
    """Two periods side by side: ties that appeared, strengthened, weakened or vanished.

    Computed only when switched on (a link that carries the periods switches it on), cached
    per filter, periods and drawing options, and drawn at the main network's positions. A fragment: its
    switch and dates rerun this section alone, not the network above it."""
    s = ctx.store
    defaults = dict(zip(CMP_KEYS, default_periods(ctx.arts["published"])))
    from_link = any(st.query_params.get(k) for k in CMP_KEYS)
    on = st.toggle("Compare two periods", value=from_link, key="cmp_on",
                   help="Ties that appeared, strengthened, weakened or vanished between two periods. "
                        "The periods are part of the link.")
    if not on:
        for key in CMP_KEYS:
            if key in st.query_params:
                del st.query_params[key]
        return
    with st.container(border=True):
        c = st.columns(4)
        a_from = c[0].date_input("Period A from", _date("a_from", defaults["a_from"]), key="cmp_a_from")
        a_to = c[1].date_input("to", _date("a_to", defaults["a_to"]), key="cmp_a_to")
        b_from = c[2].date_input("Period B from", _date("b_from", defaults["b_from"]), key="cmp_b_from")
        b_to = c[3].date_input("to", _date("b_to", defaults["b_to"]), key="cmp_b_to")
        for key, value in zip(CMP_KEYS, (a_from, a_to, b_from, b_to)):
            if value and st.query_params.get(key) != value.isoformat():
                st.query_params[key] = value.isoformat()  # the comparison is part of the shared link
        if not all((a_from, a_to, b_from, b_to)):
            st.info("Choose both dates of both periods.")
            return
        diff, G, pos, n_a, n_b = period_comparison(s.path, s.hash, ctx.filters, a_from, a_to, b_from, b_to,
                                                   options)
        st.caption(f"Period A: {n_a:,} articles · Period B: {n_b:,} articles. A tie's strength is "
                   "the share of the period's articles that carry it, so periods of different size compare fairly. "
                   "Actors sit where they are in the network above; those not in it line the border.")
        if diff.empty:
            st.info("No tie above the minimum in either period.")
            return
        keep = diff[diff["status"] != "steady"]
        status = {(r.source, r.target): r.status for r in keep.itertuples(index=False)}
        fig = period_change_figure(G, pos, status, subtitle=f"A: {a_from:%d %b %Y} to {a_to:%d %b %Y} · "
                                                            f"B: {b_from:%d %b %Y} to {b_to:%d %b %Y} · "
                                                            + ctx.filters_text, foot=ctx.foot)
        names = s.entity_names
        changes = diff.assign(source_name=diff["source"].map(names), target_name=diff["target"].map(names))
        chart(fig, f"network-change-{ctx.slug()}", changes, key="network-compare")
        biggest = changes.sort_values("change", key=abs, ascending=False, kind="stable")
        table(biggest[["source_name", "target_name", "status", "weight_a", "weight_b", "change"]],
              column_config={"source_name": "Actor", "target_name": "With",
                             "change": st.column_config.NumberColumn(format="%+.3f")},
              hide_index=True, width="stretch", height=300, max_rows=TABLE_ROWS, what="ties",
              more="the largest changes first; the chart's CSV (Download) has them all")


def _graph_bytes(G: nx.Graph, write) -> bytes:
    buf = io.BytesIO()
    write(_plain(G), buf)
    return buf.getvalue()


def _plain(G: nx.Graph) -> nx.Graph:
    """A copy with only scalar attributes (GEXF/GraphML cannot hold others)."""
    H = nx.Graph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: v for k, v in d.items() if isinstance(v, (str, int, float))})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: v for k, v in d.items() if isinstance(v, (str, int, float))})
    return H


if __name__ == "__main__":
    render(current())
