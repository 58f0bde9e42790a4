"""Two periods' networks compared: the ties that appeared, strengthened, weakened or vanished.

Examples
--------
>>> a = pd.DataFrame({"article_id": ["1", "1"], "entity_id": ["x", "y"]})
>>> b = pd.DataFrame({"article_id": ["2", "2"], "entity_id": ["x", "z"]})
>>> diff, G = period_change_graph(a, b, None)
>>> diff["status"].tolist(), sorted(G.edges)
(['appeared', 'vanished'], [('x', 'y'), ('x', 'z')])
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from components import settings
from components.analysis.filters import among
from components.analysis.network import (_cols, _graph_from, _incidence, _npmi_edges, _rank,
                                         cooccurrence_edges, incidence_from_codes)

__all__ = ["default_periods", "period_mentions", "period_change_graph", "period_change_graph_from_codes",
           "compare_periods"]


def default_periods(published: pd.Series):
    """The default comparison: the first and the second half of the dates in ``published``
    (UTC days), as ``(a_from, a_to, b_from, b_to)`` dates."""
    lo, hi = published.min(), published.max()
    mid = lo + (hi - lo) / 2
    return lo.date(), mid.date(), (mid + pd.Timedelta(days=1)).date(), hi.date()


def period_mentions(articles: pd.DataFrame, mentions: pd.DataFrame, a_from, a_to, b_from, b_to):
    """The mentions of the articles published (UTC day) in period A and in period B, and the two article counts."""
    day = articles["published"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    in_a = ((day >= pd.Timestamp(a_from)) & (day <= pd.Timestamp(a_to))).to_numpy()
    in_b = ((day >= pd.Timestamp(b_from)) & (day <= pd.Timestamp(b_to))).to_numpy()
    ids = articles["article_id"]
    m = _cols(mentions)
    return (m[among(m["article_id"], ids[in_a])], m[among(m["article_id"], ids[in_b])],
            int(in_a.sum()), int(in_b.sum()))


def period_change_graph(mentions_a: pd.DataFrame, mentions_b: pd.DataFrame, entities: pd.DataFrame | None, *,
                        types=None, min_weight: int = 1, max_nodes: int = settings.default("max_nodes"),
                        window: int = settings.default("cooccurrence_window"),
                        random_state: int = settings.default("random_state")) -> tuple[pd.DataFrame, nx.Graph]:
    """``compare_periods`` on the two periods' top actors, and the graph of the ties that changed
    (edge ``weight``: articles in both periods; nodes as in ``cooccurrence_graph``)."""
    both = pd.concat([_cols(mentions_a), _cols(mentions_b)])
    if both.empty:
        return compare_periods(mentions_a, mentions_b, min_weight=max(1, min_weight)), nx.Graph()
    # One incidence matrix for both periods: each period is a set of its rows.
    X, names, n_men, art = _incidence(both, codes=True)
    if window and "sent" in both.columns:
        nodes = _rank(names, np.diff(X.indptr), max_nodes, types or None, entities)
        diff = compare_periods(mentions_a, mentions_b, nodes=nodes, min_weight=max(1, min_weight), window=window)
        return _changed(diff, X, names, n_men, both, entities, window=window, max_nodes=max_nodes, types=types,
                        random_state=random_state)
    return _change_graph(X, names, n_men, art, len(mentions_a), entities, types=types, min_weight=min_weight,
                         max_nodes=max_nodes, random_state=random_state)


def period_change_graph_from_codes(article_a: np.ndarray, entity_a: np.ndarray, article_b: np.ndarray,
                                   entity_b: np.ndarray, values: pd.Index, entities: pd.DataFrame | None, *,
                                   types=None, min_weight: int = 1, max_nodes: int = settings.default("max_nodes"),
                                   random_state: int = settings.default("random_state")
                                   ) -> tuple[pd.DataFrame, nx.Graph]:
    """:func:`period_change_graph` (ties per article) of the two periods' mentions coded as integers: each
    mention's article (e.g. its row in the store's articles) and its actor as a code into ``values``
    (``components.analysis.filters.FilterIndex``), so no mention frame is copied and no id hashed."""
    if len(entity_a) + len(entity_b) == 0:
        empty = pd.DataFrame(columns=["article_id", "entity_id"])
        return compare_periods(empty, empty, min_weight=max(1, min_weight)), nx.Graph()
    X, names, n_men, art = incidence_from_codes(np.concatenate([article_a, article_b]),
                                                np.concatenate([entity_a, entity_b]), values, codes=True)
    return _change_graph(X, names, n_men, art, len(entity_a), entities, types=types, min_weight=min_weight,
                         max_nodes=max_nodes, random_state=random_state)


def _change_graph(X, names: pd.Index, n_men: np.ndarray, art: np.ndarray, n_first: int, entities, *, types,
                  min_weight: int, max_nodes: int, random_state: int) -> tuple[pd.DataFrame, nx.Graph]:
    """The comparison and its graph from one incidence of both periods' mentions, the first ``n_first`` of
    them period A's (``art``: each mention's row in ``X``); ties per article."""
    nodes = _rank(names, np.diff(X.indptr), max_nodes, types or None, entities)
    rows = X.tocsr()
    rows_a, rows_b = np.unique(art[:n_first]), np.unique(art[n_first:])
    ea = _npmi_edges(rows[rows_a].tocsc(), names, nodes)[["source", "target", "weight"]]
    eb = _npmi_edges(rows[rows_b].tocsc(), names, nodes)[["source", "target", "weight"]]
    diff = _compare_edges(ea, eb, len(rows_a), len(rows_b), max(1, min_weight))
    return _changed(diff, X, names, n_men, None, entities, window=0,
                    max_nodes=max_nodes, types=types, random_state=random_state)


def _changed(diff: pd.DataFrame, X, names, n_men, mentions: pd.DataFrame | None, entities, *, window: int, max_nodes: int,
             types, random_state: int) -> tuple[pd.DataFrame, nx.Graph]:
    """``(diff, G)``: the graph of both periods keeping only the ties whose status is not steady."""
    if diff.empty:
        return diff, nx.Graph()
    G = _graph_from(X, names, n_men, mentions, entities, window=window, score="count", min_weight=1,
                    max_nodes=max_nodes, types=types or None, random_state=random_state,
                    keep_isolates=False, max_ties=0, communities=False)  # drawn in the status colours
    keep = diff[diff["status"] != "steady"]
    changed = set(zip(keep["source"], keep["target"]))
    G.remove_edges_from([(u, v) for u, v in list(G.edges) if (min(u, v), max(u, v)) not in changed])
    G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    return diff, G



def compare_periods(mentions_a: pd.DataFrame, mentions_b: pd.DataFrame, *, nodes=None,
                    min_weight: int = 1,
                    window: int = settings.default("cooccurrence_window")) -> pd.DataFrame:
    """Ties in period A vs period B: ``appeared``, ``vanished``, ``strengthened``, ``weakened``, ``steady``.

    Strength is the share of each period's articles that carry the tie, so periods of
    different size compare fairly; a change under 25% of the larger share is ``steady``.

    >>> a = pd.DataFrame({"article_id": ["1", "1"], "entity_id": ["x", "y"]})
    >>> b = pd.DataFrame({"article_id": ["2", "2", "3", "3"], "entity_id": ["x", "z", "x", "z"]})
    >>> compare_periods(a, b)[["source", "target", "status"]].values.tolist()
    [['x', 'z', 'appeared'], ['x', 'y', 'vanished']]
    """
    ea = cooccurrence_edges(mentions_a, window=window, nodes=nodes)[["source", "target", "weight"]]
    eb = cooccurrence_edges(mentions_b, window=window, nodes=nodes)[["source", "target", "weight"]]
    return _compare_edges(ea, eb, mentions_a["article_id"].nunique(), mentions_b["article_id"].nunique(), min_weight)


def _compare_edges(ea: pd.DataFrame, eb: pd.DataFrame, n_a: int, n_b: int, min_weight: int) -> pd.DataFrame:
    """``compare_periods`` from each period's ``source, target, weight`` and article count."""
    cols = ["source", "target", "weight_a", "weight_b", "share_a", "share_b", "change", "status"]
    both = ea.merge(eb, on=["source", "target"], how="outer", suffixes=("_a", "_b")).fillna(0)
    both = both[(both["weight_a"] >= min_weight) | (both["weight_b"] >= min_weight)]
    if both.empty:
        return pd.DataFrame(columns=cols)
    both["share_a"] = both["weight_a"] / max(1, n_a)
    both["share_b"] = both["weight_b"] / max(1, n_b)
    both["change"] = (both["share_b"] - both["share_a"]).round(4)
    big = both[["share_a", "share_b"]].max(axis=1)
    both["status"] = np.select(
        [both["weight_a"] == 0, both["weight_b"] == 0, both["change"] > 0.25 * big, both["change"] < -0.25 * big],
        ["appeared", "vanished", "strengthened", "weakened"], "steady")
    both[["weight_a", "weight_b"]] = both[["weight_a", "weight_b"]].astype(int)
    order = {"appeared": 0, "strengthened": 1, "weakened": 2, "vanished": 3, "steady": 4}
    both = both.assign(_o=both["status"].map(order), _w=-(both["weight_a"] + both["weight_b"]))
    return both.sort_values(["_o", "_w", "source", "target"])[cols].reset_index(drop=True)

