"""Where the network's nodes and labels go: a deterministic stress-majorization layout, positions for a
second graph at the first one's places, and labels that do not collide.

Examples
--------
>>> G = nx.Graph([("a", "b", {"strength": 1.0}), ("b", "c", {"strength": 1.0})])
>>> pos = layout(G)
>>> sorted(pos), all(-1 <= v <= 1 for xy in pos.values() for v in xy)
(['a', 'b', 'c'], True)
>>> G.add_edge("c", "d")
>>> sorted(extend_layout(G, pos))
['a', 'b', 'c', 'd']
"""
from __future__ import annotations

import networkx as nx
import numpy as np

from components import settings

__all__ = ["layout", "extend_layout", "label_nodes"]


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
    D = _distances(X)
    # Scale the circle to the distances (the best uniform scale) before the first step.
    X *= (wd * D).sum() / max((w * D ** 2).sum(), 1e-12)
    D = _distances(X)
    stress = 0.5 * float((w * (D - dist) ** 2).sum())
    for _ in range(max_iter):
        with np.errstate(divide="ignore", invalid="ignore"):
            R = np.where(D > 1e-12, wd / D, 0.0)  # -B(X) off the diagonal
        X = Vp @ (R.sum(axis=1)[:, None] * X - R @ X)
        D = _distances(X)
        new = 0.5 * float((w * (D - dist) ** 2).sum())
        if stress <= 0 or (stress - new) / stress < tol:
            break
        stress = new
    return X


def _distances(X: np.ndarray) -> np.ndarray:
    """Euclidean distances between every two rows of ``X``."""
    sq = (X * X).sum(axis=1)
    D2 = sq[:, None] + sq[None, :] - 2.0 * (X @ X.T)
    return np.sqrt(np.maximum(D2, 0.0))


def layout(G: nx.Graph, *, random_state: int = settings.default("random_state")) -> dict[str, tuple[float, float]]:
    """Deterministic positions in [-1, 1]; the same graph always gets the same picture.

    Stress majorization (SMACOF, in numpy) on shortest-path distances, where strong ties
    are short, spreads a few hundred nodes evenly without the hairball core of a force
    layout; it starts from a circle in id order, so no randomness is involved.
    Disconnected parts are laid out separately and placed side by side, the largest
    first. Graphs of over 1,000 nodes fall back to a seeded spring layout.
    """
    if G.number_of_nodes() == 0:
        return {}
    order = sorted(G.nodes)
    index = {n: i for i, n in enumerate(order)}
    A, H = _tie_lengths(G, order, index)
    pos: dict = {}
    parts = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(c)))
    offset = 0.0
    for comp in parts:
        nodes = sorted(comp)
        arr = _part_layout(nodes, A, H, index, random_state)
        arr = arr - arr.mean(axis=0)
        scale = np.abs(arr).max() or 1.0
        size = np.sqrt(len(nodes) / len(order))  # big parts get more room
        arr = arr / scale * size
        arr[:, 0] += offset + size
        offset += 2 * size + 0.1
        pos.update({n: (float(x), float(y)) for n, (x, y) in zip(nodes, arr)})
    xy = np.array(list(pos.values()))
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    return {n: (round(float(2 * (x - lo[0]) / span[0] - 1), 4), round(float(2 * (y - lo[1]) / span[1] - 1), 4))
            for n, (x, y) in pos.items()}


def _tie_lengths(G: nx.Graph, order: list, index: dict):
    """The ties as a symmetric sparse matrix of lengths (strong ties are short), and the graph of the ties
    without self-loops."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        rows.append(index[u])
        cols.append(index[v])
        vals.append(1.0 / (0.3 + max(d.get("strength", 1.0), 0.0)))
    A = csr_matrix((vals, (rows, cols)), shape=(len(order), len(order)))
    H = nx.Graph()
    H.add_nodes_from(order)
    H.add_edges_from((order[i], order[j]) for i, j in zip(rows, cols))
    return A.maximum(A.T), H


def _part_layout(nodes: list, A, H: nx.Graph, index: dict, random_state: int) -> np.ndarray:
    """Positions of one connected part: SMACOF on its shortest paths, a seeded spring layout past 1,000 nodes."""
    from scipy.sparse.csgraph import shortest_path

    if len(nodes) == 1:
        return np.zeros((1, 2))
    if len(nodes) <= 1000:
        idx = np.array([index[n] for n in nodes])
        return _smacof(shortest_path(A[idx][:, idx], method="D", directed=False))
    p = nx.spring_layout(H.subgraph(nodes), seed=random_state, weight=None, k=1.5 / np.sqrt(len(nodes)),
                         iterations=80)
    return np.array([p[n] for n in nodes], dtype=float)


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
