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
from components.analysis.network import (_binary, _cols, _columns, _graph_from, _incidence, _rank,
                                         cooccurrence_edges, incidence_from_codes, pair_counts)

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
    idx = _columns(names, nodes)
    diff = _compare_pairs(pair_counts(rows[rows_a].tocsc(), idx), pair_counts(rows[rows_b].tocsc(), idx),
                          len(rows_a), len(rows_b), max(1, min_weight), names)
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
    n_a, n_b = mentions_a["article_id"].nunique(), mentions_b["article_id"].nunique()
    ma, mb = _cols(mentions_a), _cols(mentions_b)
    if window and "sent" in ma.columns and "sent" in mb.columns:
        ea = cooccurrence_edges(ma, window=window, nodes=nodes)[["source", "target", "weight"]]
        eb = cooccurrence_edges(mb, window=window, nodes=nodes)[["source", "target", "weight"]]
        return _compare_edges(ea, eb, n_a, n_b, min_weight)
    # Ties per article: one incidence matrix of both periods (each article a row of its own period), so the
    # pairs of both come out as column numbers of the same actors and are compared as integers.
    art_a = pd.factorize(ma["article_id"])[0]
    n_rows_a = int(art_a.max()) + 1 if len(art_a) else 0
    art = np.concatenate([art_a, pd.factorize(mb["article_id"])[0] + n_rows_a])
    ent, names = pd.factorize(pd.concat([ma["entity_id"], mb["entity_id"]], ignore_index=True), sort=True)
    rows = _binary(art, ent, int(art.max()) + 1 if len(art) else 0, len(names)).tocsr()
    idx = _columns(names, nodes)
    return _compare_pairs(pair_counts(rows[:n_rows_a].tocsc(), idx), pair_counts(rows[n_rows_a:].tocsc(), idx),
                          n_a, n_b, min_weight, pd.Index(names))


_STATUS = ("appeared", "strengthened", "weakened", "vanished")  # in the order the comparison lists them; then steady
_COMPARED = ["source", "target", "weight_a", "weight_b", "share_a", "share_b", "change", "status"]


def _compare_edges(ea: pd.DataFrame, eb: pd.DataFrame, n_a: int, n_b: int, min_weight: int) -> pd.DataFrame:
    """``compare_periods`` from each period's ``source, target, weight`` and article count."""
    if ea.empty and eb.empty:
        return pd.DataFrame(columns=_COMPARED)
    codes, names = pd.factorize(pd.concat([ea["source"], ea["target"], eb["source"], eb["target"]],
                                          ignore_index=True), sort=True)
    k, j = len(ea), 2 * len(ea) + len(eb)
    return _compare_pairs((codes[:k], codes[k:2 * k], ea["weight"].to_numpy(dtype=np.int64)),
                          (codes[2 * k:j], codes[j:], eb["weight"].to_numpy(dtype=np.int64)),
                          n_a, n_b, min_weight, pd.Index(names).astype("str"))  # an empty period's columns are objects


def _compare_pairs(pa, pb, n_a: int, n_b: int, min_weight: int, names: pd.Index) -> pd.DataFrame:
    """``compare_periods`` from each period's ties as ``(a, b, weight)`` arrays of positions in ``names``
    (sorted ids, ``a < b``; :func:`components.analysis.network.pair_counts`) and its article count. Strength is
    a tie's share of its period's articles; a change under 25% of the larger share is steady."""
    n = max(1, len(names))
    key_a, key_b = pa[0] * n + pa[1], pb[0] * n + pb[1]
    keys, at = np.unique(np.concatenate([key_a, key_b]), return_inverse=True)
    wa, wb = np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=np.int64)
    wa[at[:len(key_a)]] = pa[2]
    wb[at[len(key_a):]] = pb[2]
    keep = (wa >= min_weight) | (wb >= min_weight)
    if not keep.any():
        return pd.DataFrame(columns=_COMPARED)
    keys, wa, wb = keys[keep], wa[keep], wb[keep]
    share_a, share_b = wa / max(1, n_a), wb / max(1, n_b)
    change = np.round(share_b - share_a, 4)
    big = np.maximum(share_a, share_b)
    # appeared, vanished, strengthened, weakened, as :data:`_STATUS` numbers them
    rank = np.select([wa == 0, wb == 0, change > 0.25 * big, change < -0.25 * big], [0, 3, 1, 2], 4)
    src, tgt = keys // n, keys % n
    order = np.lexsort((tgt, src, -(wa + wb), rank))  # ids sorted, so positions sort as the ids do
    return pd.DataFrame({"source": names.take(src[order]), "target": names.take(tgt[order]),
                         "weight_a": wa[order], "weight_b": wb[order], "share_a": share_a[order],
                         "share_b": share_b[order], "change": change[order],
                         "status": np.array([*_STATUS, "steady"])[rank[order]]})

