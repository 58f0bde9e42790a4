"""Actor co-occurrence network: who is talked about together.

Two actors are tied when they appear in the same article (``window=0``) or within
``window`` sentences of each other. Edge ``weight`` is the number of articles that
tie them. Raw counts make hubs (the United States appears everywhere) tie to
everything, so the default strength is normalised pointwise mutual information,

    npmi(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b)

with probabilities over articles: 1 when two actors only ever appear together, 0
when they co-occur as often as chance predicts, negative below chance. NPMI is
bounded, so scores compare across filters and corpus sizes, unlike PMI or
chi-square, and it needs no significance threshold on top of ``min_weight``.

Examples
--------
>>> m = pd.DataFrame({"article_id": ["1", "1", "2", "2", "3", "3", "3"],
...                   "entity_id": ["country:PRK", "country:USA", "country:PRK", "country:USA",
...                                 "country:PRK", "person:kim-jong-un", "country:USA"]})
>>> e = cooccurrence_edges(m)
>>> e.loc[(e.source == "country:PRK") & (e.target == "country:USA"), "weight"].item()
3
>>> G = cooccurrence_graph(m, min_weight=1, score="count")
>>> sorted(G.nodes), G["country:PRK"]["country:USA"]["weight"]
(['country:PRK', 'country:USA', 'person:kim-jong-un'], 3)
"""
from __future__ import annotations

import numpy as np
import networkx as nx
import pandas as pd

from components import settings

__all__ = ["DEFAULT_TYPES", "cooccurrence_edges", "cooccurrence_graph", "centrality_table", "layout", "label_nodes", "ego_graph",
           "compare_periods", "edge_evidence", "top_nodes", "extend_layout", "default_periods", "period_mentions",
           "period_change_graph"]


# "Who is talked about together" is about actors; places (where things happened) are opt-in.
DEFAULT_TYPES = ("country", "person", "organisation")


def _isin(values: pd.Series, keep) -> np.ndarray:
    """``values.isin(keep)`` as a boolean array. For Arrow-backed strings it asks Arrow directly:
    pandas converts each element of ``keep`` to an Arrow scalar first, which dominates for
    tens of thousands of ids."""
    keep = keep if isinstance(keep, (pd.Series, pd.Index)) else list(keep)
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(values)
        if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
            if len(keep) == 0:
                return np.zeros(len(values), dtype=bool)
            return np.asarray(pc.is_in(arr, value_set=pa.array(keep, type=arr.type)).fill_null(False),
                              dtype=bool)
    except (ImportError, TypeError, ValueError, pa.ArrowException):
        pass
    return np.asarray(values.isin(set(keep)), dtype=bool)


def _cols(mentions: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the network reads, so that row selections copy little."""
    return mentions[[c for c in ("article_id", "entity_id", "sent") if c in mentions.columns]]


def _incidence(mentions: pd.DataFrame, *, codes: bool = False):
    """``(X, names, n_men)``: the binary article x actor matrix (CSC), the actors in sorted
    order (so column order is id order) and each actor's number of mentions. One pass of
    hashing over the mentions; every count the network needs is read off ``X``. With
    ``codes``, also each mention's row in ``X``."""
    from scipy.sparse import coo_matrix

    art, _ = pd.factorize(mentions["article_id"])
    ent, names = pd.factorize(mentions["entity_id"], sort=True)
    n_men = np.bincount(ent, minlength=len(names))
    X = coo_matrix((np.ones(len(art), dtype=np.int32), (art, ent)),
                   shape=(int(art.max()) + 1 if len(art) else 0, len(names))).tocsc()
    X.sum_duplicates()
    X.data[:] = 1  # an actor mentioned twice in an article counts once
    return (X, names, n_men, art) if codes else (X, names, n_men)


def _rank(names: pd.Index, df: np.ndarray, max_nodes: int, types, entities) -> list[str]:
    """The ``max_nodes`` actors in the most articles, ties broken by id, of ``types``."""
    keep = np.ones(len(names), dtype=bool)
    if types and entities is not None and not entities.empty:
        keep = _isin(pd.Series(names), entities.loc[entities["type"].isin(set(types)), "entity_id"])
    pos = np.flatnonzero(keep)
    order = pos[np.lexsort((pos, -df[pos]))]  # names are sorted, so position order is id order
    return names.take(order[:max_nodes]).tolist()


def top_nodes(mentions: pd.DataFrame, *, max_nodes: int | None = None, types=None,
              entities: pd.DataFrame | None = None) -> list[str]:
    """The ``max_nodes`` actors found in the most articles (ties broken by id), of the given types."""
    max_nodes = settings.get("max_nodes") if max_nodes is None else max_nodes
    if mentions.empty:
        return []
    X, names, _ = _incidence(mentions)
    return _rank(names, np.diff(X.indptr), max_nodes, types, entities)


def _npmi_edges(X, names: pd.Index, nodes=None) -> pd.DataFrame:
    """``source, target, weight, npmi`` from the incidence matrix: the sparse product ``X.T @ X``
    over the chosen actors' columns; columns in id order put exactly the pairs with
    source < target in the upper triangle."""
    from scipy.sparse import triu

    df = np.diff(X.indptr)
    n_units = max(1, X.shape[0])
    if nodes is None:
        idx = np.arange(len(names))
    else:
        idx = names.get_indexer(list(nodes))
        idx = np.unique(idx[idx >= 0])
    if len(idx) < 2:
        return pd.DataFrame(columns=["source", "target", "weight", "npmi"])
    Xn = X[:, idx]
    C = triu(Xn.T.tocsr() @ Xn, k=1).tocoo()
    if C.nnz == 0:
        return pd.DataFrame(columns=["source", "target", "weight", "npmi"])
    a, b = idx[C.row], idx[C.col]
    edges = pd.DataFrame({"source": names.take(a), "target": names.take(b), "weight": C.data.astype(np.int64)})
    return _scored(edges, df[a], df[b], n_units)


def _scored(edges: pd.DataFrame, df_a, df_b, n_units: int) -> pd.DataFrame:
    """``edges`` with ``npmi`` from the pair's and each actor's article counts, strongest first."""
    p_ab = edges["weight"].to_numpy() / n_units
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.log(p_ab / ((np.asarray(df_a) / n_units) * (np.asarray(df_b) / n_units))) / -np.log(p_ab)
    edges["npmi"] = np.where(p_ab >= 1.0, 1.0, npmi).round(4)
    return edges.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def cooccurrence_edges(mentions: pd.DataFrame, *, window: int | None = None, nodes=None) -> pd.DataFrame:
    """Edges ``source, target, weight, npmi`` (source < target) between actors of ``mentions``.

    ``nodes`` restricts the edges to those actors. Probabilities for NPMI are over the
    articles in ``mentions``.
    """
    window = settings.get("cooccurrence_window") if window is None else window
    if mentions.empty:
        return pd.DataFrame(columns=["source", "target", "weight", "npmi"])
    if not (window and "sent" in mentions.columns):
        X, names, _ = _incidence(mentions)
        return _npmi_edges(X, names, nodes)
    n_units = max(1, mentions["article_id"].nunique())
    mentions = _cols(mentions)
    m = mentions if nodes is None else mentions[_isin(mentions["entity_id"], nodes)]
    pairs_src = m[["article_id", "entity_id", "sent"]].drop_duplicates()
    pairs = pairs_src.merge(pairs_src, on="article_id", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["entity_id_a"] < pairs["entity_id_b"])
                  & ((pairs["sent_a"] - pairs["sent_b"]).abs() < window)]
    pairs = pairs[["article_id", "entity_id_a", "entity_id_b"]].drop_duplicates()
    edges = (pairs.groupby(["entity_id_a", "entity_id_b"]).size().rename("weight").reset_index()
             .rename(columns={"entity_id_a": "source", "entity_id_b": "target"}))
    if edges.empty:
        return pd.DataFrame(columns=["source", "target", "weight", "npmi"])
    df = m.groupby("entity_id")["article_id"].nunique()
    return _scored(edges, edges["source"].map(df), edges["target"].map(df), n_units)


def cooccurrence_graph(mentions: pd.DataFrame, entities: pd.DataFrame | None = None, *,
                       window: int | None = None, score: str | None = None, min_weight: int | None = None,
                       max_nodes: int | None = None, types=None, random_state: int | None = None,
                       keep_isolates: bool = False, max_ties: int | None = None) -> nx.Graph:
    """The pruned, scored and community-labelled co-occurrence graph.

    Nodes: the ``max_nodes`` actors in the most articles (of ``types`` when given), with
    ``name, type, country, articles, mentions, community``. Edges: ``weight`` (articles),
    ``npmi`` and ``strength`` (the chosen ``score``); edges below ``min_weight`` articles,
    or with ``npmi <= 0`` when scoring by NPMI, are dropped; of the rest an edge stays when
    it is among the ``max_ties`` strongest of either of its actors (0 keeps all), so every
    actor keeps its main ties without the graph turning into a mesh. Nodes left without
    ties are dropped (unless ``keep_isolates``).
    """
    score = settings.get("edge_score") if score is None else score
    min_weight = settings.get("min_edge_weight") if min_weight is None else min_weight
    max_nodes = settings.get("max_nodes") if max_nodes is None else max_nodes
    window = settings.get("cooccurrence_window") if window is None else window
    rs = settings.get("random_state") if random_state is None else random_state
    if score not in {"count", "npmi"}:
        raise ValueError(f"score == {score!r}, must be 'count' or 'npmi'")
    if mentions.empty:
        return nx.Graph()
    mentions = _cols(mentions)
    X, names, n_men = _incidence(mentions)
    return _graph_from(X, names, n_men, mentions, entities, window=window, score=score, min_weight=min_weight,
                       max_nodes=max_nodes, types=types, random_state=rs, keep_isolates=keep_isolates,
                       max_ties=max_ties)


def _graph_from(X, names: pd.Index, n_men: np.ndarray, mentions: pd.DataFrame, entities, *, window, score,
                min_weight, max_nodes, types, random_state, keep_isolates, max_ties) -> nx.Graph:
    """``cooccurrence_graph`` once the incidence matrix of ``mentions`` is built."""
    G = nx.Graph()
    df = np.diff(X.indptr)
    nodes = _rank(names, df, max_nodes, types, entities)
    at = dict(zip(nodes, names.get_indexer(nodes)))
    info = entities.set_index("entity_id") if entities is not None and not entities.empty else None
    for eid in nodes:
        row = info.loc[eid] if info is not None and eid in info.index else None
        G.add_node(eid, name=row["name"] if row is not None else eid.split(":", 1)[-1],
                   type=row["type"] if row is not None else eid.split(":", 1)[0],
                   country=row["country"] if row is not None else "",
                   articles=int(df[at[eid]]), mentions=int(n_men[at[eid]]))
    if window and "sent" in mentions.columns:
        edges = cooccurrence_edges(mentions, window=window, nodes=set(nodes))
    else:
        edges = _npmi_edges(X, names, nodes)
    edges = edges[edges["weight"] >= min_weight]
    if score == "npmi":
        edges = edges[edges["npmi"] > 0]
    edges = edges.assign(strength=edges["npmi"] if score == "npmi" else edges["weight"].astype(float))
    edges = _backbone(edges, settings.get("max_ties_per_actor") if max_ties is None else max_ties)
    for r in edges.itertuples(index=False):
        G.add_edge(r.source, r.target, weight=int(r.weight), npmi=float(r.npmi), strength=float(r.strength))
    if not keep_isolates:
        G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    _communities(G, random_state)
    return G


def _backbone(edges: pd.DataFrame, k: int) -> pd.DataFrame:
    """Edges among the ``k`` strongest of their source or of their target (ties broken by weight, ids)."""
    if not k or edges.empty:
        return edges
    both = pd.concat([edges.assign(node=edges["source"]), edges.assign(node=edges["target"])])
    both = both.sort_values(["node", "strength", "weight", "source", "target"],
                            ascending=[True, False, False, True, True])
    top = both.groupby("node").head(k)[["source", "target"]].drop_duplicates()
    return edges.merge(top, on=["source", "target"])


def _communities(G: nx.Graph, seed: int) -> None:
    """Louvain communities (seeded), numbered by size so colours are stable between reruns."""
    if G.number_of_edges() == 0:
        nx.set_node_attributes(G, 0, "community")
        return
    comms = nx.community.louvain_communities(G, weight="strength", seed=seed)
    comms = sorted(comms, key=lambda c: (-sum(G.nodes[n]["articles"] for n in c), min(c)))
    for i, c in enumerate(comms):
        for n in c:
            G.nodes[n]["community"] = i


def centrality_table(G: nx.Graph) -> pd.DataFrame:
    """Weighted degree, betweenness and eigenvector centrality per node, most central first."""
    cols = ["entity_id", "name", "type", "community", "articles", "weighted_degree", "betweenness", "eigenvector"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    wdeg = dict(G.degree(weight="weight"))
    # Betweenness treats weights as distances: strong ties must be short.
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / max(d.get("strength", 1.0), 1e-6)
    btw = nx.betweenness_centrality(G, weight="distance", seed=0) if G.number_of_edges() else {}
    try:
        eig = nx.eigenvector_centrality_numpy(G, weight="weight") if G.number_of_edges() else {}
    except (nx.NetworkXException, ValueError, TypeError):
        eig = {}
    rows = [{"entity_id": n, "name": d["name"], "type": d["type"], "community": d.get("community", 0),
             "articles": d["articles"], "weighted_degree": int(wdeg.get(n, 0)),
             "betweenness": round(btw.get(n, 0.0), 4), "eigenvector": round(abs(eig.get(n, 0.0)), 4)}
            for n, d in G.nodes(data=True)]
    return pd.DataFrame(rows, columns=cols).sort_values(["weighted_degree", "entity_id"],
                                                        ascending=[False, True]).reset_index(drop=True)


def _smacof(dist: np.ndarray, *, tol: float = 1e-5, max_iter: int = 500) -> np.ndarray:
    """Stress majorization (SMACOF) of a connected graph's shortest-path distances, in 2-D.

    Minimises ``sum_{i<j} w_ij (|x_i - x_j| - d_ij)^2`` with ``w_ij = 1 / d_ij^2`` by
    repeating the Guttman transform ``X <- V^+ B(X) X`` from a circle in node order (so
    the result is deterministic), until the stress improves by less than ``tol``
    (relative) or after ``max_iter`` steps.
    """
    n = len(dist)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    X = np.column_stack([np.cos(angles), np.sin(angles)])
    off = ~np.eye(n, dtype=bool)
    w = np.zeros_like(dist)
    w[off] = 1.0 / dist[off] ** 2
    wd = np.zeros_like(dist)
    wd[off] = 1.0 / dist[off]  # w * d
    V = -w
    V[np.diag_indices(n)] = w.sum(axis=1)
    # V is the Laplacian of the weights: its pseudo-inverse is (V + 11'/n)^-1 - 11'/n.
    Vp = np.linalg.inv(V + 1.0 / n) - 1.0 / n

    def norms(X):
        sq = (X * X).sum(axis=1)
        D2 = sq[:, None] + sq[None, :] - 2.0 * (X @ X.T)
        return np.sqrt(np.maximum(D2, 0.0))

    D = norms(X)
    # Scale the circle to the distances (the best uniform scale) before the first step.
    X *= (wd * D).sum() / max((w * D ** 2).sum(), 1e-12)
    D = norms(X)
    stress = 0.5 * float((w * (D - dist) ** 2).sum())
    for _ in range(max_iter):
        with np.errstate(divide="ignore", invalid="ignore"):
            R = np.where(D > 1e-12, wd / D, 0.0)  # -B(X) off the diagonal
        X = Vp @ (R.sum(axis=1)[:, None] * X - R @ X)
        D = norms(X)
        new = 0.5 * float((w * (D - dist) ** 2).sum())
        if stress <= 0 or (stress - new) / stress < tol:
            break
        stress = new
    return X


def layout(G: nx.Graph, *, random_state: int | None = None) -> dict[str, tuple[float, float]]:
    """Deterministic positions in [-1, 1]; the same graph always gets the same picture.

    Stress majorization (SMACOF, in numpy) on shortest-path distances, where strong ties
    are short, spreads a few hundred nodes evenly without the hairball core of a force
    layout; it starts from a circle in id order, so no randomness is involved.
    Disconnected parts are laid out separately and placed side by side, the largest
    first. Graphs of over 1,000 nodes fall back to a seeded spring layout.
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import shortest_path

    rs = settings.get("random_state") if random_state is None else random_state
    if G.number_of_nodes() == 0:
        return {}
    order = sorted(G.nodes)
    index = {n: i for i, n in enumerate(order)}
    n_all = len(order)
    rows, cols, vals = [], [], []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        rows.append(index[u])
        cols.append(index[v])
        vals.append(1.0 / (0.3 + max(d.get("strength", 1.0), 0.0)))
    A = csr_matrix((vals, (rows, cols)), shape=(n_all, n_all))
    A = A.maximum(A.T)
    H = nx.Graph()
    H.add_nodes_from(order)
    H.add_edges_from((order[i], order[j]) for i, j in zip(rows, cols))
    pos: dict = {}
    parts = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(c)))
    offset = 0.0
    for comp in parts:
        nodes = sorted(comp)
        if len(nodes) == 1:
            arr = np.zeros((1, 2))
        elif len(nodes) <= 1000:
            idx = np.array([index[n] for n in nodes])
            dist = shortest_path(A[idx][:, idx], method="D", directed=False)
            arr = _smacof(dist)
        else:
            sub = H.subgraph(nodes)
            p = nx.spring_layout(sub, seed=rs, weight=None, k=1.5 / np.sqrt(len(nodes)), iterations=80)
            arr = np.array([p[n] for n in nodes], dtype=float)
        arr = arr - arr.mean(axis=0)
        scale = np.abs(arr).max() or 1.0
        size = np.sqrt(len(nodes) / n_all)  # big parts get more room
        arr = arr / scale * size
        arr[:, 0] += offset + size
        offset += 2 * size + 0.1
        pos.update({n: (float(x), float(y)) for n, (x, y) in zip(nodes, arr)})
    xy = np.array(list(pos.values()))
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    return {n: (round(float(2 * (x - lo[0]) / span[0] - 1), 4), round(float(2 * (y - lo[1]) / span[1] - 1), 4))
            for n, (x, y) in pos.items()}


def extend_layout(G: nx.Graph, pos: dict) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1] for every node of ``G``: those in ``pos`` keep theirs (shrunk by
    ``0.82`` when others are added), the others go on the border of the square around them,
    each in the direction of its placed neighbours (or in id order), spread so that no two
    share a spot. Lets a second graph (the period comparison) be drawn at the main
    network's positions without a new layout."""
    out = {n: tuple(pos[n]) for n in G.nodes if n in pos}
    missing = sorted(n for n in G.nodes if n not in pos)
    if not missing:
        return out
    if not out:
        return layout(G)
    want = []
    for i, n in enumerate(missing):
        nb = [out[v] for v in sorted(G.neighbors(n)) if v in out]
        if nb:
            x, y = np.mean(nb, axis=0)
            angle = float(np.arctan2(y, x)) if abs(x) + abs(y) > 1e-9 else 2 * np.pi * i / len(missing)
        else:
            angle = 2 * np.pi * i / len(missing)
        want.append((angle % (2 * np.pi), n))
    want.sort()
    gap = 2 * np.pi / max(len(want), 24)
    angles, last = [], None
    for a, _ in want:
        a = a if last is None else max(a, last + gap)
        angles.append(a)
        last = a
    overflow = angles[-1] - (angles[0] + 2 * np.pi - gap)
    if overflow > 0:  # wrapped past the first node: squeeze evenly
        angles = list(np.asarray(angles) - np.linspace(0, overflow, len(angles)))
    out = {n: (round(0.82 * x, 4), round(0.82 * y, 4)) for n, (x, y) in out.items()}
    for a, (_, n) in zip(angles, want):
        c, s = float(np.cos(a)), float(np.sin(a))
        r = max(abs(c), abs(s))
        out[n] = (round(c / r, 4), round(s / r, 4))
    return out


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
    return (m[_isin(m["article_id"], ids[in_a])], m[_isin(m["article_id"], ids[in_b])],
            int(in_a.sum()), int(in_b.sum()))


def period_change_graph(mentions_a: pd.DataFrame, mentions_b: pd.DataFrame, entities: pd.DataFrame | None, *,
                        types=None, min_weight: int = 1, max_nodes: int | None = None,
                        window: int | None = None) -> tuple[pd.DataFrame, nx.Graph]:
    """``compare_periods`` on the two periods' top actors, and the graph of the ties that changed
    (edge ``weight``: articles in both periods; nodes as in ``cooccurrence_graph``)."""
    window = settings.get("cooccurrence_window") if window is None else window
    max_nodes = settings.get("max_nodes") if max_nodes is None else max_nodes
    both = pd.concat([_cols(mentions_a), _cols(mentions_b)])
    if both.empty:
        return compare_periods(mentions_a, mentions_b, min_weight=max(1, min_weight)), nx.Graph()
    # One incidence matrix for both periods: each period is a set of its rows.
    X, names, n_men, art = _incidence(both, codes=True)
    nodes = _rank(names, np.diff(X.indptr), max_nodes, types or None, entities)
    if window and "sent" in both.columns:
        diff = compare_periods(mentions_a, mentions_b, nodes=nodes, min_weight=max(1, min_weight), window=window)
    else:
        rows = X.tocsr()
        rows_a, rows_b = np.unique(art[:len(mentions_a)]), np.unique(art[len(mentions_a):])
        ea = _npmi_edges(rows[rows_a].tocsc(), names, nodes)[["source", "target", "weight"]]
        eb = _npmi_edges(rows[rows_b].tocsc(), names, nodes)[["source", "target", "weight"]]
        diff = _compare_edges(ea, eb, len(rows_a), len(rows_b), max(1, min_weight))
    if diff.empty:
        return diff, nx.Graph()
    G = _graph_from(X, names, n_men, both, entities, window=window, score="count", min_weight=1,
                    max_nodes=max_nodes, types=types or None, random_state=settings.get("random_state"),
                    keep_isolates=False, max_ties=0)
    keep = diff[diff["status"] != "steady"]
    changed = set(zip(keep["source"], keep["target"]))
    G.remove_edges_from([(u, v) for u, v in list(G.edges) if (min(u, v), max(u, v)) not in changed])
    G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    return diff, G


# Layout units per pixel of the drawn network (charts.network_figure: x in [-1.12, 1.12] over about 720 px
# (a 1400 px wide window), y in [-1.1, 1.16] over about 470 px at the default height), for placing labels.
_UX, _UY = 0.0031, 0.0048


def label_nodes(G: nx.Graph, pos: dict, n_labels: int = 20, *, box=(0.24, 0.08)) -> dict[str, str]:
    """Where to label the most-covered nodes so that no two labels collide.

    Greedy, most articles first: a label goes above its node, else below, else to its
    right or left; a node whose label fits nowhere stays unlabelled (its hover still names it). A label is as wide
    as its text (at least ``box[0]``; names are cut at 28 characters when drawn), ``box[1]``
    high, and sits just beyond its node's marker (sized by articles as the figure sizes
    it); it must not cover another label, nor more than the rim of another node's marker,
    nor leave the drawn area.
    Returns ``{node: "top center" | "bottom center" | "middle right" | "middle left"}``.
    """
    nodes = list(G.nodes)
    if not nodes:
        return {}
    amax = max(G.nodes[n].get("articles", 0) for n in nodes) or 1
    radius = {n: (6 + 19 * np.sqrt(max(G.nodes[n].get("articles", 0), 0) / amax)) for n in nodes}  # px
    xy = np.array([pos[n] for n in nodes], dtype=float)
    rx = np.array([radius[n] for n in nodes]) * _UX
    ry = np.array([radius[n] for n in nodes]) * _UY
    placed: list[tuple[float, float, float]] = []  # centre x, centre y, half width
    chosen: dict[str, str] = {}
    for i in sorted(range(len(nodes)), key=lambda i: (-G.nodes[nodes[i]].get("articles", 0), nodes[i])):
        if len(chosen) >= n_labels:
            break
        n = nodes[i]
        x, y = xy[i]
        text = str(G.nodes[n].get("name", n))
        half = max(box[0], 7 * _UX * min(len(text), 29)) / 2
        off = ry[i] + 2 * _UY + box[1] / 2
        side = rx[i] + 3 * _UX + half
        for where, dx, dy in (("top center", 0, off), ("bottom center", 0, -off), ("middle right", side, 0),
                              ("middle left", -side, 0)):
            cx, cy = x + dx, y + dy
            if cy - box[1] / 2 < -1.1 or cy + box[1] / 2 > 1.16 or abs(cx) + half > 1.12:
                continue  # outside the drawn area
            if any(abs(cx - px) < half + ph and abs(cy - py) < box[1] for px, py, ph in placed):
                continue
            covers = (np.abs(xy[:, 0] - cx) < half + rx / 2) & (np.abs(xy[:, 1] - cy) < (box[1] + ry) / 2)
            covers[i] = False
            if covers.any():
                continue
            placed.append((cx, cy, half))
            chosen[n] = where
            break
    return chosen


def ego_graph(G: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """``node`` and its neighbours up to ``radius`` steps, as a subgraph of ``G``."""
    if node not in G:
        raise KeyError(f"{node!r} is not in the network (it may be pruned: raise max_nodes or clear filters)")
    return nx.ego_graph(G, node, radius=radius).copy()


def compare_periods(mentions_a: pd.DataFrame, mentions_b: pd.DataFrame, *, nodes=None,
                    min_weight: int = 1, window: int | None = None) -> pd.DataFrame:
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


def edge_evidence(mentions: pd.DataFrame, articles: pd.DataFrame, a: str, b: str, *,
                  limit: int = 50, texts=None) -> pd.DataFrame:
    """The sentences in which both actors appear, with outlet, date, title and url.

    Falls back to the article's first sentence mentioning either actor when they share
    an article but no sentence. Columns: ``article_id, published, source, title, url, sentence``.
    ``texts`` (article ids -> mapping id to text) reads the shared articles' texts when
    ``articles`` has no ``text`` column (the dashboard keeps texts on disk).
    """
    cols = ["article_id", "published", "source", "title", "url", "sentence", "same_sentence"]
    ma = mentions[mentions["entity_id"] == a]
    mb = mentions[mentions["entity_id"] == b]
    shared = set(ma["article_id"]) & set(mb["article_id"])
    if not shared:
        return pd.DataFrame(columns=cols)
    arts = articles[articles["article_id"].isin(shared)].set_index("article_id")
    if "text" not in arts and texts is not None:
        arts = arts.assign(text=pd.Series(texts(list(arts.index)), dtype=object).reindex(arts.index))
    rows = []
    for aid in sorted(shared, key=lambda x: arts.loc[x, "published"], reverse=True)[:limit]:
        sa = ma[ma["article_id"] == aid]
        sb = mb[mb["article_id"] == aid]
        common = sorted(set(sa["sent"]) & set(sb["sent"]))
        text = arts.loc[aid, "text"]
        if common:
            row = sa[sa["sent"] == common[0]].iloc[0]
            same = True
        else:
            row = pd.concat([sa, sb]).sort_values("start").iloc[0]
            same = False
        rows.append({"article_id": aid, "published": arts.loc[aid, "published"], "source": arts.loc[aid, "source"],
                     "title": arts.loc[aid, "title"], "url": arts.loc[aid, "url"],
                     "sentence": text[int(row["sent_start"]):int(row["sent_end"])].strip(), "same_sentence": same})
    return pd.DataFrame(rows, columns=cols)
