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


# Layout units per pixel of the drawn network (charts.network_figure: x in [-1.12, 1.12] over about 770 px
# (the page at 1600 px, or a 1600 x 900 export, less the legend), y in [-1.1, 1.16] over about 500 px at the
# default height), for placing labels; a wider drawing only gives the labels more room.
_UX, _UY = 0.0029, 0.0047


def label_nodes(G: nx.Graph, pos: dict, n_labels: int = 20, *, box=(0.24, 0.08)) -> dict:
    """Where to label the most-covered nodes so that no two labels collide and each label is clearly its node's.

    Greedy, the ``focus`` nodes (the filtered actors) first, then most articles first: a label goes
    over a big node's own marker, else above its node, below, to its right or left (there only when
    no other node's marker is within 8 px), else over a small node; failing that, a little away from
    the node (twelve directions, four distances) where a leader line that crosses no marker, label
    or other leader line ties it to its node. A label is as wide as its text
    (at least ``box[0]``; names are cut at 28 characters when drawn), ``box[1]`` high; it must not
    cover another label or another node's marker, nor leave the drawn area. A node whose label fits
    nowhere stays unlabelled (its hover still names it).

    Returns ``{node: "middle center" | "top center" | "bottom center" | "middle right" | "middle left" | (x, y)}``, a
    tuple being the centre of a label drawn away from its node with a leader line.
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
    lines: list[tuple[float, float, float, float]] = []  # leader lines drawn so far
    chosen: dict = {}
    order = sorted(range(len(nodes)), key=lambda i: (not G.nodes[nodes[i]].get("focus", False),
                                                     -G.nodes[nodes[i]].get("articles", 0), nodes[i]))
    for i in order:
        if len(chosen) >= n_labels:
            break
        n = nodes[i]
        x, y = xy[i]
        text = str(G.nodes[n].get("name", n))
        half = max(box[0], 7 * _UX * min(len(text), 29)) / 2
        off = ry[i] + 2 * _UY + box[1] / 2
        side = rx[i] + 3 * _UX + half
        others = np.ones(len(nodes), dtype=bool)
        others[i] = False
        for where, dx, dy in _label_spots(off, side, big=radius[n] >= 14):
            cx, cy = x + dx, y + dy
            if cy - box[1] / 2 < -1.1 or cy + box[1] / 2 > 1.16 or abs(cx) + half > 1.12:
                continue  # outside the drawn area
            if any(abs(cx - px) < half + ph + 2 * _UX and abs(cy - py) < box[1] + 2 * _UY for px, py, ph in placed):
                continue
            # Pixel gap between the label box and each other node's marker: none may touch it, and next to
            # its node (no leader line) none may sit within 12 px, or the label reads as theirs.
            gx = np.maximum(np.abs(xy[:, 0] - cx) - half, 0) / _UX
            gy = np.maximum(np.abs(xy[:, 1] - cy) - box[1] / 2, 0) / _UY
            gap = np.hypot(gx, gy) - rx / _UX
            needed = 8 if where in _NEXT_TO else 2
            if (gap[others] < needed).any():
                continue
            if isinstance(where, tuple) and _crosses(x, y, cx, cy, placed, lines, half, box[1],
                                                     xy[others], rx[others], ry[others]):
                continue
            placed.append((cx, cy, half))
            if isinstance(where, tuple):
                lines.append((x, y, cx, cy))
                where = (round(float(cx), 4), round(float(cy), 4))
            chosen[n] = where
            break
    return chosen


_NEXT_TO = ("top center", "bottom center", "middle right", "middle left")


def _label_spots(off: float, side: float, *, big: bool):
    """Candidate label places: on a big node (its label over its own marker), next to the node, on a small
    node, then in twelve directions at four distances (a leader line joins those to the node; the
    ``where`` is a tuple)."""
    if big:
        yield "middle center", 0, 0
    yield from zip(_NEXT_TO, (0, 0, side, -side), (off, -off, 0, 0))
    if not big:
        yield "middle center", 0, 0
    for reach in (0.6, 1.2, 2.0, 3.0):
        for angle in (90, 270, 45, 135, 315, 225, 0, 180, 60, 120, 300, 240):
            a = np.deg2rad(angle)
            yield (0, 0), np.cos(a) * (side + 40 * _UX * reach), np.sin(a) * (off + 28 * _UY * reach)


def _crosses(x, y, cx, cy, placed, lines, half, height, xy, rx, ry) -> bool:
    """Whether the leader line from the node ``(x, y)`` to its label at ``(cx, cy)`` passes through a placed
    label, another node's marker (centres ``xy``, radii ``rx``, ``ry``) or another leader line."""
    for t in np.linspace(0.1, 0.8, 12):
        px_, py_ = x + t * (cx - x), y + t * (cy - y)
        if any(abs(px_ - px) < ph and abs(py_ - py) < height / 2 for px, py, ph in placed):
            return True
        if (((xy[:, 0] - px_) / rx) ** 2 + ((xy[:, 1] - py_) / ry) ** 2 < 1.2).any():
            return True
    for ax, ay, bx, by in lines:
        d1 = (cx - x) * (ay - y) - (cy - y) * (ax - x)
        d2 = (cx - x) * (by - y) - (cy - y) * (bx - x)
        d3 = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
        d4 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
        if d1 * d2 < 0 and d3 * d4 < 0:
            return True
    return False
