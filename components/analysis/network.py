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
>>> NetworkOptions.from_settings(settings.resolve({"WIRESCOPE_EDGE_SCORE": "count"})).score
'count'
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import networkx as nx
import pandas as pd

from components import settings
from components.analysis.filters import among, ties

__all__ = ["DEFAULT_TYPES", "NetworkOptions", "StoreIncidence", "store_incidence", "cooccurrence_edges", "cooccurrence_graph", "centrality_table",
           "ego_graph", "edge_evidence", "focus_ids", "FOCUS_TIES"]

# Ties a filtered actor keeps, strongest by shared articles (their other ties stay in the hover and tables).
FOCUS_TIES = 12

def focus_ids(actors=(), countries=()) -> tuple[str, ...]:
    """The actors a filter asks about: the filtered actors, then the filtered countries as actors.

    >>> focus_ids(("person:kim-jong-un",), ("PRK",))
    ('person:kim-jong-un', 'country:PRK')
    """
    return tuple(dict.fromkeys([*actors, *(f"country:{c}" for c in countries)]))


# "Who is talked about together" is about actors; places (where things happened) are opt-in.
DEFAULT_TYPES = ("country", "person", "organisation")


@dataclass(frozen=True)
class NetworkOptions:
    """How the network is built and drawn, resolved once and shared by the view, the period comparison
    and the briefing pack.

    Attributes
    ----------
    score : ``npmi`` or ``count`` (edge strength; setting ``edge_score``).
    window : 0 = within an article, N = within N sentences (``cooccurrence_window``).
    min_weight : fewest shared articles for a tie (``min_edge_weight``).
    max_nodes : most actors drawn (``max_nodes``).
    max_ties : strongest ties kept per actor, 0 = all (``max_ties_per_actor``).
    random_state : seed of the communities and of a large layout (``random_state``).
    types : actor types drawn; empty = every type.

    Examples
    --------
    >>> from dataclasses import replace
    >>> base = NetworkOptions.from_settings(settings.resolve({}))
    >>> base.score, base.window, base.max_nodes, base.types
    ('npmi', 0, 60, ('country', 'person', 'organisation'))
    >>> replace(base, max_nodes=20).graph_kwargs()["max_nodes"]
    20
    """

    score: str = settings.default("edge_score")
    window: int = settings.default("cooccurrence_window")
    min_weight: int = settings.default("min_edge_weight")
    max_nodes: int = settings.default("max_nodes")
    max_ties: int = settings.default("max_ties_per_actor")
    random_state: int = settings.default("random_state")
    types: tuple[str, ...] = DEFAULT_TYPES

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> NetworkOptions:
        """The options of a resolved settings mapping (:func:`components.settings.resolve`)."""
        return cls(score=values["edge_score"], window=values["cooccurrence_window"],
                   min_weight=values["min_edge_weight"], max_nodes=values["max_nodes"],
                   max_ties=values["max_ties_per_actor"], random_state=values["random_state"])

    def graph_kwargs(self) -> dict:
        """The keyword arguments of :func:`cooccurrence_graph` (no types given: every type)."""
        return {"score": self.score, "window": self.window, "min_weight": self.min_weight,
                "max_nodes": self.max_nodes, "max_ties": self.max_ties, "random_state": self.random_state,
                "types": list(self.types) or None}


def _cols(mentions: pd.DataFrame) -> pd.DataFrame:
    """Only the mentions that may tie actors (no dateline: :func:`components.analysis.filters.ties`) and only
    the columns the network reads, so that row selections copy little."""
    keep = ties(mentions)
    cols = [c for c in ("article_id", "entity_id", "sent") if c in mentions.columns]
    return mentions[cols] if keep is None or keep.all() else mentions.loc[keep, cols]


def _incidence(mentions: pd.DataFrame, *, codes: bool = False):
    """``(X, names, n_men)``: the binary article x actor matrix (CSC), the actors in sorted
    order (so column order is id order) and each actor's number of mentions. One pass of
    hashing over the mentions; every count the network needs is read off ``X``. With
    ``codes``, also each mention's row in ``X``."""
    art, _ = pd.factorize(mentions["article_id"])
    ent, names = pd.factorize(mentions["entity_id"], sort=True)
    n_men = np.bincount(ent, minlength=len(names))
    X = _binary(art, ent, int(art.max()) + 1 if len(art) else 0, len(names))
    return (X, names, n_men, art) if codes else (X, names, n_men)


def _binary(art: np.ndarray, ent: np.ndarray, n_rows: int, n_cols: int):
    """The article x actor matrix (CSC) with a 1 where a mention puts actor ``ent`` in article ``art``: an actor
    mentioned twice in an article counts once."""
    from scipy.sparse import coo_matrix

    X = coo_matrix((np.ones(len(art), dtype=np.int32), (art, ent)), shape=(n_rows, n_cols)).tocsc()
    X.sum_duplicates()
    X.data[:] = 1
    return X


def incidence_from_codes(article: np.ndarray, entity: np.ndarray, values: pd.Index, *, codes: bool = False):
    """``(X, names, n_men)`` as :func:`_incidence` gives them, from mentions already coded as integers: each
    mention's article (any integer, e.g. its row in the store's articles) and its actor as a code into
    ``values`` (``components.analysis.filters.FilterIndex``'s ``mention_article``, ``mention_entity`` and
    ``entity_values``). Counting codes is linear: no string is hashed, and the mentions' frame (ten columns,
    370 MB at 100k articles) is not copied; a new filter's network at 100k took 0.3 to 0.6 s doing both.
    With ``codes``, also each mention's row in ``X`` (as :func:`_incidence` gives it).

    >>> m = pd.DataFrame({"article_id": ["a", "a", "b", "b", "c"], "entity_id": ["y", "x", "x", "x", "y"]})
    >>> X, names, n_men = incidence_from_codes(np.array([7, 7, 2, 2, 5]), np.array([1, 0, 0, 0, 1]),
    ...                                        pd.Index(["x", "y", "z"]))
    >>> X2, names2, n_men2 = _incidence(m)
    >>> list(names) == list(names2), n_men.tolist() == n_men2.tolist(), X.shape == X2.shape
    (True, True, True)
    >>> sorted(np.diff(X.indptr).tolist()) == sorted(np.diff(X2.indptr).tolist())  # articles per actor
    True
    """
    article = np.asarray(article, dtype=np.int64)
    entity = np.asarray(entity, dtype=np.int64)
    if len(entity) == 0:
        empty = (_binary(entity, entity, 0, 0), pd.Index([], dtype=object), np.zeros(0, dtype=np.int64))
        return (*empty, np.zeros(0, dtype=np.int64)) if codes else empty
    present = np.flatnonzero(np.bincount(entity, minlength=len(values)))
    names = values.take(present)
    order = np.argsort(names.to_numpy(dtype=str), kind="stable")  # columns in id order, as _incidence
    column = np.full(len(values), -1, dtype=np.int64)
    column[present[order]] = np.arange(len(order))
    ent = column[entity]
    rows = np.flatnonzero(np.bincount(article - article.min()))  # the articles with a mention, one row each
    row = np.full(int(article.max() - article.min()) + 1, -1, dtype=np.int64)
    row[rows] = np.arange(len(rows))
    art = row[article - article.min()]
    X = _binary(art, ent, len(rows), len(order))
    out = X, pd.Index(names.take(order)), np.bincount(ent, minlength=len(order))
    return (*out, art) if codes else out


def _rank(names: pd.Index, df: np.ndarray, max_nodes: int, types, entities) -> list[str]:
    """The ``max_nodes`` actors in the most articles, ties broken by id, of ``types``."""
    keep = np.ones(len(names), dtype=bool)
    if types and entities is not None and not entities.empty:
        keep = among(pd.Series(names), entities.loc[entities["type"].isin(set(types)), "entity_id"])
    pos = np.flatnonzero(keep)
    order = pos[np.lexsort((pos, -df[pos]))]  # names are sorted, so position order is id order
    return names.take(order[:max_nodes]).tolist()


def _npmi_edges(X, names: pd.Index, nodes=None, n_units: int | None = None) -> pd.DataFrame:
    """``source, target, weight, npmi`` from the incidence matrix: the sparse product ``X.T @ X``
    over the chosen actors' columns; columns in id order put exactly the pairs with
    source < target in the upper triangle."""
    df = np.diff(X.indptr)
    n_units = max(1, n_units or X.shape[0])
    a, b, w = pair_counts(X, _columns(names, nodes))
    if not len(w):
        return pd.DataFrame(columns=["source", "target", "weight", "npmi"])
    edges = pd.DataFrame({"source": names.take(a), "target": names.take(b), "weight": w})
    return _scored(edges, df[a], df[b], n_units)


def _columns(names: pd.Index, nodes=None) -> np.ndarray:
    """The columns of ``names`` that are ``nodes`` (all of them when None), in order."""
    if nodes is None:
        return np.arange(len(names))
    idx = names.get_indexer(list(nodes))
    return np.unique(idx[idx >= 0])


def pair_counts(X, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(a, b, weight)``: every pair of the columns ``idx`` of the incidence matrix ``X`` that shares a row,
    as column numbers with ``a < b``, and the number of rows it shares (int64), in no particular order.

    >>> from scipy.sparse import csc_matrix
    >>> X = csc_matrix(np.array([[1, 1, 0], [1, 1, 1], [0, 0, 1]]))
    >>> sorted(zip(*[v.tolist() for v in pair_counts(X, np.arange(3))]))
    [(0, 1, 2), (0, 2, 1), (1, 2, 1)]
    """
    from scipy.sparse import triu

    empty = np.zeros(0, dtype=np.int64)
    if len(idx) < 2:
        return empty, empty, empty
    Xn = X[:, idx]
    C = triu(Xn.T.tocsr() @ Xn, k=1).tocoo()
    if C.nnz == 0:
        return empty, empty, empty
    return idx[C.row], idx[C.col], C.data.astype(np.int64)


def _npmi(weight: np.ndarray, df_a, df_b, n_units: int) -> np.ndarray:
    """NPMI (to 4 decimals) of pairs in ``weight`` of ``n_units`` articles whose actors are in ``df_a`` and
    ``df_b`` of them; 1 for a pair in every article."""
    p_ab = weight / n_units
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.log(p_ab / ((np.asarray(df_a) / n_units) * (np.asarray(df_b) / n_units))) / -np.log(p_ab)
    return np.where(p_ab >= 1.0, 1.0, npmi).round(4)


def _scored(edges: pd.DataFrame, df_a, df_b, n_units: int) -> pd.DataFrame:
    """``edges`` with ``npmi`` from the pair's and each actor's article counts, strongest first."""
    edges["npmi"] = _npmi(edges["weight"].to_numpy(), df_a, df_b, n_units)
    return edges.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def ego_edges_from_codes(article: np.ndarray, entity: np.ndarray, values: pd.Index, entity_id: str,
                         first: np.ndarray | None = None) -> pd.DataFrame:
    """The edges of ``entity_id`` that :func:`cooccurrence_edges` (ties per article) finds among mentions
    coded as integers (each mention's article as any integer, its actor as a code into ``values``), and only
    those: the actor's articles counted per other actor, instead of every pair of every actor in those
    articles (the Actor profile's "Who appears with": 0.3 s a filter at 100k articles). ``first``: True
    for the first mention of each (article, actor) pair (``FilterIndex.mention_first``), which spares
    finding the pairs (a sort of a million mentions).

    >>> m = pd.DataFrame({"article_id": list("aabbbc"), "entity_id": ["x", "y", "x", "y", "z", "z"]})
    >>> art, ent = pd.factorize(m["article_id"])[0], np.array([0, 1, 0, 1, 2, 2])
    >>> ego_edges_from_codes(art, ent, pd.Index(["x", "y", "z"]), "y").values.tolist()
    [['x', 'y', 2, 1.0], ['y', 'z', 1, -0.2619]]
    >>> first = ~pd.Series(art * 3 + ent).duplicated().to_numpy()
    >>> ego_edges_from_codes(art, ent, pd.Index(["x", "y", "z"]), "y", first).values.tolist()
    [['x', 'y', 2, 1.0], ['y', 'z', 1, -0.2619]]
    >>> e = cooccurrence_edges(m, window=0)
    >>> e[(e["source"] == "y") | (e["target"] == "y")].values.tolist()
    [['x', 'y', 2, 1.0], ['y', 'z', 1, -0.2619]]
    """
    cols = ["source", "target", "weight", "npmi"]
    at = values.get_indexer([entity_id])[0] if len(values) and len(entity) else -1
    if at < 0:
        return pd.DataFrame(columns=cols)
    article = np.asarray(article, dtype=np.int64)
    article = article - article.min()
    entity = np.asarray(entity, dtype=np.int64)
    if first is not None:  # each (article, actor) once
        art, ent = article[first], entity[first]
    else:
        pair = np.sort(article * len(values) + entity)
        pair = pair[np.r_[True, pair[1:] != pair[:-1]]]
        art, ent = pair // len(values), pair % len(values)
    df = np.bincount(ent, minlength=len(values))  # articles per actor
    with_focus = np.zeros(int(art.max()) + 1, dtype=bool)
    with_focus[art[ent == at]] = True
    weight = np.bincount(ent[with_focus[art]], minlength=len(values))  # articles shared with the actor
    weight[at] = 0
    other = np.flatnonzero(weight)
    if not len(other):
        return pd.DataFrame(columns=cols)
    other_ids = np.asarray(values.take(other), dtype=object)
    lower = other_ids < entity_id  # an edge is (source, target) with source < target
    edges = pd.DataFrame({"source": np.where(lower, other_ids, entity_id), "target": np.where(lower, entity_id, other_ids),
                          "weight": weight[other].astype(np.int64)})
    n_units = np.count_nonzero(np.bincount(art))
    return _scored(edges, df[other], np.full(len(other), df[at]), max(1, n_units))[cols]


def cooccurrence_edges(mentions: pd.DataFrame, *, window: int = settings.default("cooccurrence_window"),
                       nodes=None) -> pd.DataFrame:
    """Edges ``source, target, weight, npmi`` (source < target) between actors of ``mentions``.

    ``nodes`` restricts the edges to those actors. Probabilities for NPMI are over the
    articles in ``mentions``.
    """
    mentions = _cols(mentions)
    if mentions.empty:
        return pd.DataFrame(columns=["source", "target", "weight", "npmi"])
    if not (window and "sent" in mentions.columns):
        X, names, _ = _incidence(mentions)
        return _npmi_edges(X, names, nodes)
    n_units = max(1, mentions["article_id"].nunique())
    m = mentions if nodes is None else mentions[among(mentions["entity_id"], nodes)]
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
                       window: int = settings.default("cooccurrence_window"),
                       score: str = settings.default("edge_score"),
                       min_weight: int = settings.default("min_edge_weight"),
                       max_nodes: int = settings.default("max_nodes"), types=None,
                       random_state: int = settings.default("random_state"), keep_isolates: bool = False,
                       max_ties: int = settings.default("max_ties_per_actor"), focus=(),
                       background: pd.DataFrame | StoreIncidence | None = None) -> nx.Graph:
    """The pruned, scored and community-labelled co-occurrence graph.

    Nodes: the ``max_nodes`` actors in the most articles (of ``types`` when given), with
    ``name, type, country, articles, mentions, community``. Edges: ``weight`` (articles),
    ``npmi`` and ``strength`` (the chosen ``score``); edges below ``min_weight`` articles,
    or with ``npmi <= 0`` when scoring by NPMI, are dropped; of the rest an edge stays when
    it is among the ``max_ties`` strongest of either of its actors (0 keeps all), so every
    actor keeps its main ties without the graph turning into a mesh. Nodes left without
    ties are dropped (unless ``keep_isolates``).

    ``focus`` (the filtered actors, :func:`focus_ids`) are the question: each is drawn whatever its
    rank, keeps its :data:`FOCUS_TIES` ties with the most shared articles (also those of NPMI <= 0),
    and has ``focus=True``. ``background`` (the mentions of the whole store) is where NPMI is
    measured when ``mentions`` is a filtered subset: within the subset an actor in every
    article is as likely as chance next to anyone (NPMI 0), so its ties would vanish.
    """
    if score not in {"count", "npmi"}:
        raise ValueError(f"score == {score!r}, must be 'count' or 'npmi'")
    if mentions.empty:
        return nx.Graph()
    mentions = _cols(mentions)
    X, names, n_men = _incidence(mentions)
    return _graph_from(X, names, n_men, mentions, entities, window=window, score=score, min_weight=min_weight,
                       max_nodes=max_nodes, types=types, random_state=random_state, keep_isolates=keep_isolates,
                       max_ties=max_ties, focus=focus, background=background)


def cooccurrence_graph_from_codes(article: np.ndarray, entity: np.ndarray, values: pd.Index,
                                  entities: pd.DataFrame | None = None, *,
                                  window: int = 0,
                                  score: str = settings.default("edge_score"),
                                  min_weight: int = settings.default("min_edge_weight"),
                                  max_nodes: int = settings.default("max_nodes"), types=None,
                                  random_state: int = settings.default("random_state"), keep_isolates: bool = False,
                                  max_ties: int = settings.default("max_ties_per_actor"), focus=(),
                                  background: StoreIncidence | None = None) -> nx.Graph:
    """:func:`cooccurrence_graph` of mentions coded as integers (:func:`incidence_from_codes`), ties counted
    per article: a sentence ``window`` needs the mentions' sentences (use :func:`cooccurrence_graph`)."""
    if window:
        raise ValueError("ties within a sentence window need the mentions' sentences: use cooccurrence_graph")
    if score not in {"count", "npmi"}:
        raise ValueError(f"score == {score!r}, must be 'count' or 'npmi'")
    if len(entity) == 0:
        return nx.Graph()
    X, names, n_men = incidence_from_codes(article, entity, values)
    return _graph_from(X, names, n_men, None, entities, window=0,
                       score=score, min_weight=min_weight, max_nodes=max_nodes, types=types,
                       random_state=random_state, keep_isolates=keep_isolates, max_ties=max_ties, focus=focus,
                       background=background)


def _graph_from(X, names: pd.Index, n_men: np.ndarray, mentions: pd.DataFrame | None, entities, *, window, score,
                min_weight, max_nodes, types, random_state, keep_isolates, max_ties, focus=(),
                background=None, communities: bool = True) -> nx.Graph:
    """``cooccurrence_graph`` once the incidence matrix of ``mentions`` is built (``mentions`` are read only for
    ties within a sentence ``window``; None when the ties are per article). ``communities``: number the
    Louvain communities (a graph no one colours by them can leave them out)."""
    G = nx.Graph()
    df = np.diff(X.indptr)
    focus = [f for f, i in zip(focus, names.get_indexer(list(focus))) if i >= 0]
    ranked = _rank(names, df, max_nodes, types, entities)
    nodes = list(dict.fromkeys([*focus, *ranked]))[:max(max_nodes, len(focus))]
    at = dict(zip(nodes, names.get_indexer(nodes)))
    # The nodes' rows of the entity table in one lookup (a row taken by label for each node was a fifth of a
    # demo network's build).
    known = entities is not None and not entities.empty
    rows = pd.Index(entities["entity_id"]).get_indexer(nodes) if known else np.full(len(nodes), -1)
    cols = {c: entities[c].to_numpy(dtype=object) for c in ("name", "type", "country")} if known else {}
    for eid, r in zip(nodes, rows):
        G.add_node(eid, name=cols["name"][r] if r >= 0 else eid.split(":", 1)[-1],
                   type=cols["type"][r] if r >= 0 else eid.split(":", 1)[0],
                   country=cols["country"][r] if r >= 0 else "",
                   articles=int(df[at[eid]]), mentions=int(n_men[at[eid]]), focus=eid in focus)
    if window and mentions is not None and "sent" in mentions.columns:
        edges = cooccurrence_edges(mentions, window=window, nodes=set(nodes))
    else:
        edges = _npmi_edges(X, names, nodes)
    if background is not None and len(edges):
        edges = _store_npmi(edges, background, nodes, window)
    edges = edges[edges["weight"] >= min_weight]
    on_focus = edges["source"].isin(focus) | edges["target"].isin(focus)
    if score == "npmi":
        edges = edges[(edges["npmi"] > 0) | on_focus]
    edges = edges.assign(strength=edges["npmi"] if score == "npmi" else edges["weight"].astype(float))
    edges = _backbone(edges, max_ties, focus)
    for r in edges.itertuples(index=False):
        G.add_edge(r.source, r.target, weight=int(r.weight), npmi=float(r.npmi), strength=float(r.strength))
    if not keep_isolates:
        G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    if communities:
        _communities(G, random_state)
    return G


@dataclass(frozen=True)
class StoreIncidence:
    """The whole store's article x actor incidence (:func:`_incidence`), built once per store
    (:func:`store_incidence`): a filtered network reads the NPMI of its pairs off it instead of selecting and
    hashing the store's mentions again for every filter (0.36 s at 100k articles)."""
    X: object
    names: pd.Index
    n_units: int


def store_incidence(mentions: pd.DataFrame) -> StoreIncidence:
    """The :class:`StoreIncidence` of ``mentions`` (every mention of a store).

    >>> m = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "entity_id": ["x", "y", "x", "y"]})
    >>> inc = store_incidence(m)
    >>> inc.X.shape, list(inc.names), inc.n_units
    ((3, 2), ['x', 'y'], 3)
    """
    X, names, _ = _incidence(_cols(mentions))
    return StoreIncidence(X, names, max(1, X.shape[0]))


def _store_npmi(edges: pd.DataFrame, background, nodes, window: int) -> pd.DataFrame:
    """``edges`` with ``npmi`` measured over the ``background`` mentions (the whole store, or its
    :class:`StoreIncidence` when ties are counted per article) for the same pairs."""
    if isinstance(background, StoreIncidence):
        if window:
            raise ValueError("a StoreIncidence counts ties per article: give the mentions for a sentence window")
        return edges.assign(npmi=_pairs_npmi(background, edges))
    else:
        tied = _cols(background)  # no dateline: the same articles and pairs a StoreIncidence counts
        n_units = tied["article_id"].nunique()
        sub = tied[among(tied["entity_id"], nodes)]
        if window and "sent" in sub.columns:
            wide = cooccurrence_edges(sub, window=window, nodes=nodes)
            wide = _scored(wide[["source", "target", "weight"]], wide["source"].map(sub.groupby("entity_id")[
                "article_id"].nunique()), wide["target"].map(sub.groupby("entity_id")["article_id"].nunique()), n_units)
        else:
            wide = _npmi_edges(*_incidence(sub)[:2], nodes, n_units=n_units)
    npmi = wide.set_index(["source", "target"])["npmi"]
    key = pd.MultiIndex.from_frame(edges[["source", "target"]])
    return edges.assign(npmi=npmi.reindex(key).fillna(0.0).to_numpy())


def _pairs_npmi(background: StoreIncidence, edges: pd.DataFrame) -> np.ndarray:
    """The store-wide NPMI of each ``source, target`` pair of ``edges`` (0 for a pair the store never has):
    the pairs of the edges' actors counted on the store's incidence, looked up as integer keys."""
    names, X = background.names, background.X
    src, tgt = names.get_indexer(edges["source"]), names.get_indexer(edges["target"])
    a, b, w = pair_counts(X, np.unique(np.concatenate([src[src >= 0], tgt[tgt >= 0]])))
    n = max(1, len(names))
    keys = a * n + b  # a < b, as an edge's source < target
    order = np.argsort(keys)
    keys, w = keys[order], w[order]
    want = np.minimum(src, tgt) * n + np.maximum(src, tgt)
    out = np.zeros(len(edges))
    if not len(keys):
        return out
    at = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
    found = (src >= 0) & (tgt >= 0) & (keys[at] == want)
    if found.any():
        df = np.diff(X.indptr)
        hit = np.flatnonzero(found)
        out[hit] = _npmi(w[at[hit]], df[src[hit]], df[tgt[hit]], max(1, background.n_units))
    return out


def _backbone(edges: pd.DataFrame, k: int, focus=()) -> pd.DataFrame:
    """Edges among the ``k`` strongest of their source or of their target (ties broken by weight, ids), and
    the :data:`FOCUS_TIES` ties of each ``focus`` actor with the most shared articles."""
    if edges.empty or not k and not len(focus):
        return edges  # every tie is kept
    # Each tie once under each of its two actors, ranked within the actor on numbers: the actors' codes sort as
    # their ids do, so (source, target) ties break as the ids would.
    n = len(edges)
    code, ids = pd.factorize(pd.concat([edges["source"], edges["target"]], ignore_index=True), sort=True)
    src, tgt = code[:n], code[n:]
    node, tie = np.concatenate([src, tgt]), np.tile(np.arange(n), 2)
    strength, weight = np.tile(edges["strength"].to_numpy(dtype=float), 2), np.tile(edges["weight"].to_numpy(), 2)
    on_focus = np.isin(node, np.flatnonzero(np.isin(np.asarray(ids, dtype=object), list(focus))))
    keep = np.zeros(n, dtype=bool)
    rest = np.flatnonzero(~on_focus)
    if k:
        keep[tie[_first_per(rest, node, (tgt[tie], src[tie], -weight, -strength), k)]] = True
    else:
        keep[tie[rest]] = True
    lead = np.flatnonzero(on_focus)
    keep[tie[_first_per(lead, node, (tgt[tie], src[tie], -strength, -weight), max(k, FOCUS_TIES))]] = True
    return edges[keep].reset_index(drop=True)


def _first_per(rows: np.ndarray, node: np.ndarray, keys: tuple, k: int) -> np.ndarray:
    """Of ``rows``, the first ``k`` of each ``node`` when sorted by ``keys`` (``np.lexsort`` order: the last key
    first, node before them all)."""
    if not len(rows):
        return rows
    order = rows[np.lexsort(tuple(key[rows] for key in keys) + (node[rows],))]
    grouped = node[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < k]


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


def betweenness(G: nx.Graph, weight: str) -> dict:
    """``nx.betweenness_centrality(G, weight=weight)`` (normalised, endpoints left out), the same numbers in
    about a third of the time: Brandes' algorithm as networkx 3.6 writes it (its Dijkstra with the same heap
    order, and its accumulation), run on lists of node numbers instead of the graph's views, which were half
    of a Network rerun's graph work.

    >>> G = nx.Graph([("a", "b", {"d": 1.0}), ("b", "c", {"d": 1.0}), ("a", "c", {"d": 3.0})])
    >>> betweenness(G, "d") == nx.betweenness_centrality(G, weight="d")
    True
    """
    from heapq import heappop, heappush
    from itertools import count

    nodes = list(G)
    n = len(nodes)
    at = {v: i for i, v in enumerate(nodes)}
    adj = [[(at[w], d.get(weight, 1)) for w, d in G[v].items()] for v in nodes]
    bc = [0.0] * n
    for s in range(n):
        order: list[int] = []
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma = [0.0] * n
        sigma[s] = 1.0
        done: list = [None] * n
        seen: list = [None] * n
        seen[s] = 0
        c = count()
        heap = [(0, next(c), s, s)]
        while heap:
            dist, _, pred, v = heappop(heap)
            if done[v] is not None:
                continue
            sigma[v] += sigma[pred]
            order.append(v)
            done[v] = dist
            for w, length in adj[v]:
                d = dist + length
                if done[w] is None and (seen[w] is None or d < seen[w]):
                    seen[w] = d
                    heappush(heap, (d, next(c), v, w))
                    sigma[w] = 0.0
                    preds[w] = [v]
                elif d == seen[w]:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = [0.0] * n
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    if n - 1 >= 2:
        scale = 1 / ((n - 1) * (n - 2))
        bc = [b * scale for b in bc]
    return dict(zip(nodes, bc))


def centrality_table(G: nx.Graph) -> pd.DataFrame:
    """Weighted degree, betweenness and eigenvector centrality per node, most central first."""
    cols = ["entity_id", "name", "type", "community", "articles", "weighted_degree", "betweenness", "eigenvector"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    wdeg = dict(G.degree(weight="weight"))
    # Betweenness treats weights as distances: strong ties must be short.
    for _, _, d in G.edges(data=True):
        d["distance"] = 1.0 / max(d.get("strength", 1.0), 1e-6)
    btw = betweenness(G, weight="distance") if G.number_of_edges() else {}
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


def ego_graph(G: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """``node`` and its neighbours up to ``radius`` steps, as a subgraph of ``G``."""
    if node not in G:
        raise KeyError(f"{node!r} is not in the network (it may be pruned: raise max_nodes or clear filters)")
    return nx.ego_graph(G, node, radius=radius).copy()



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
