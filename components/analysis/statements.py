"""Tables and figures of who said what: pure functions over the statements table.

Examples
--------
>>> st = pd.DataFrame({"article_id": ["a", "a", "b"], "speaker_id": ["person:k", "", "person:k"],
...     "verb": ["warn", "say", "say"], "kind": ["reported", "direct", "reported"], "text": ["x", "y", "z"],
...     "targets": [["country:USA"], [], []]})
>>> statements_by_speaker(st, {"person:k": "Kim"}).values.tolist()
[['person:k', 'Kim', 2]]
>>> about(st, "country:USA")["text"].tolist()
['x']
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from components import settings
from components.analysis.coverage import coverage

__all__ = ["statements_by_speaker", "about", "newest", "statement_table", "stance_timeline", "stance_graph", "strongest_ties"]


def statements_by_speaker(statements: pd.DataFrame, names: dict, top: int = 15) -> pd.DataFrame:
    """Statements per attributed speaker (``speaker_id, name, statements``), most first."""
    known = statements[statements["speaker_id"].fillna("") != ""]
    counts = known["speaker_id"].value_counts().head(top)
    return pd.DataFrame({"speaker_id": counts.index, "name": [names.get(e, e) for e in counts.index],
                         "statements": counts.to_numpy()})


def newest(when: np.ndarray, limit: int | None = None) -> np.ndarray:
    """Positions of ``when`` newest first, ties in their order (a stable sort); only the ``limit`` newest,
    found without sorting the rest (525,000 statements at 100k articles: a view shows 60).

    >>> newest(np.array([3, 9, 9, 1, 5])).tolist(), newest(np.array([3, 9, 9, 1, 5]), 2).tolist()
    ([1, 2, 4, 0, 3], [1, 2])
    >>> newest(np.array([5, 7, 5, 5]), 3).tolist()
    [1, 0, 2]
    """
    if limit is None or limit >= len(when):
        return np.argsort(-when, kind="stable")
    if limit <= 0:
        return np.array([], dtype=np.intp)
    kth = np.partition(when, len(when) - limit)[len(when) - limit]  # the limit-th newest value
    newer = np.flatnonzero(when > kth)
    pick = np.concatenate([newer, np.flatnonzero(when == kth)[:limit - len(newer)]])
    pick.sort()
    return pick[np.argsort(-when[pick], kind="stable")]


def about(statements: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Statements whose text mentions ``entity_id``."""
    mask = statements["targets"].map(lambda t: entity_id in (list(t) if t is not None else []))
    return statements[mask]


def statement_table(statements: pd.DataFrame, articles: pd.DataFrame, names: dict,
                    limit: int | None = None, positions: np.ndarray | None = None) -> pd.DataFrame:
    """One readable row per statement: date, outlet, speaker, verb, statement, about whom, its stance toward
    them and the words that decided it (empty in stores built before stances), title, url; newest first.
    Statements of articles not in ``articles`` are left out; ``limit``: only the newest ``limit`` rows are
    built (a view shows a page; the CSV builds them all). ``positions``: each statement's row in ``articles``
    (-1 when not there) when the caller knows them, instead of looking every article id up.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-02", "2024-03-01"]),
    ...                      "source": ["X", "Y"], "title": ["t1", "t2"], "url": ["", ""]})
    >>> stm = pd.DataFrame({"article_id": ["a", "b", "c"], "speaker_id": ["p:k", None, "p:k"], "verb": ["said"] * 3,
    ...                     "kind": ["direct"] * 3, "text": ["one", "two", "three"], "targets": [["p:m"], [], []]})
    >>> statement_table(stm, arts, {"p:k": "Kim", "p:m": "Moon"})[["source", "speaker", "statement", "about"]].values.tolist()
    [['Y', '(unattributed)', 'two', ''], ['X', 'Kim', 'one', 'Moon']]
    >>> len(statement_table(stm, arts, {}, limit=1))
    1
    """
    pos = (np.asarray(positions) if positions is not None
           else pd.Index(articles["article_id"]).get_indexer(statements["article_id"]))
    rows = np.flatnonzero(pos >= 0)
    when = articles["published"].to_numpy(dtype="datetime64[ns]")[pos[rows]].astype("int64")
    order = rows[newest(when, limit)]
    st, at = statements.iloc[order], articles.iloc[pos[order]]
    blank = [""] * len(st)
    return pd.DataFrame({
        "published": at["published"].reset_index(drop=True), "source": at["source"].to_numpy(),
        "speaker": [names.get(s, s) if s else "(unattributed)" for s in st["speaker_id"].fillna("")],
        "verb": st["verb"].to_numpy(), "kind": st["kind"].to_numpy(), "statement": st["text"].to_numpy(),
        "about": [", ".join(names.get(t, t) for t in (list(x) if x is not None else [])) for x in st["targets"]],
        "stance": st["stance"].to_numpy() if "stance" in st else blank,
        "cue": st["cue"].to_numpy() if "cue" in st else blank,
        "title": at["title"].to_numpy(), "url": at["url"].to_numpy(), "article_id": st["article_id"].to_numpy(),
    })


def stance_timeline(statements: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "W",
                    small_n: int = settings.default("small_n")) -> pd.DataFrame:
    """How the speakers in ``statements`` speak of their targets over time: per period, the number and
    share of hostile and of cooperative statements among all of them (``coverage`` columns, one series
    per stance; ``total`` is the period's statements, ``small_n`` flags thin periods). Each statement is
    dated by its article.

    >>> st = pd.DataFrame({"article_id": ["a", "a", "b"], "stance": ["hostile", "neutral", "cooperative"]})
    >>> days = pd.to_datetime(["2024-01-02", "2024-01-10"], utc=True)
    >>> t = stance_timeline(st, pd.DataFrame({"article_id": ["a", "b"], "published": days}), small_n=1)
    >>> t[["series", "count", "share"]].values.tolist()
    [['cooperative', 0, 0.0], ['cooperative', 1, 1.0], ['hostile', 1, 0.5], ['hostile', 0, 0.0]]
    """
    if statements.empty or "stance" not in statements:
        return coverage(pd.DataFrame(columns=["article_id", "published"]), freq=freq)
    # A Series keeps the dates' dtype: to_numpy() made a Python Timestamp of each.
    published = statements["article_id"].map(articles.set_index("article_id")["published"]).reset_index(drop=True)
    dated = pd.DataFrame({"article_id": np.arange(len(statements)), "published": published})
    by = pd.Series(statements["stance"].to_numpy(), index=dated.index)
    cov = coverage(dated, freq=freq, by=by, all_articles=dated, unique_ids=True, small_n=small_n)
    return cov[cov["series"].isin(["hostile", "cooperative"])].reset_index(drop=True)


def stance_graph(statements: pd.DataFrame, names: dict, types: dict | None = None,
                 focus: tuple = ()) -> nx.Graph:
    """How actors speak of each other: one tie per speaker and target named in the same statement, with
    the statements' stances counted (``hostile``, ``cooperative``, ``neutral``, ``weight`` = all of them);
    a node's ``articles`` is the statements it speaks or is spoken of in (for its size), ``focus`` marks
    the filtered actors. Statements without a speaker or a target, and a speaker naming itself, add nothing.

    >>> st = pd.DataFrame({"speaker_id": ["p:k", "p:k", "p:y", None], "targets": [["c:U"], ["c:U"], ["p:k"], ["c:U"]],
    ...                    "stance": ["hostile", "hostile", "cooperative", "hostile"]})
    >>> G = stance_graph(st, {"p:k": "Kim", "c:U": "US", "p:y": "Yoon"})
    >>> d = G.edges["p:k", "c:U"]; (d["hostile"], d["cooperative"], d["weight"]), G.nodes["p:k"]["articles"]
    ((2, 0, 2), 3)
    """
    G = nx.Graph(unit="statements")
    if statements.empty or "stance" not in statements:
        return G
    types = types or {}
    for sp, targets, stance in zip(statements["speaker_id"], statements["targets"], statements["stance"]):
        if not sp or targets is None:
            continue
        for t in dict.fromkeys(list(targets)):
            if not t or t == sp:
                continue
            for n in (sp, t):
                if n not in G:
                    G.add_node(n, name=names.get(n, n), type=types.get(n, ""), articles=0, focus=n in focus)
                G.nodes[n]["articles"] += 1
            if not G.has_edge(sp, t):
                G.add_edge(sp, t, hostile=0, cooperative=0, neutral=0, weight=0)
            e = G.edges[sp, t]
            e[stance if stance in ("hostile", "cooperative") else "neutral"] += 1
            e["weight"] += 1
    return G


def strongest_ties(G: nx.Graph, n: int) -> nx.Graph:
    """``G`` cut to its ``n`` ties with the most statements (ties in id order), ``G.graph`` kept and
    ``ties_in_all`` set to how many ties ``G`` had: what a drawing lays out and shows.

    >>> G = nx.Graph(unit="statements"); G.add_edge("a", "b", weight=1); G.add_edge("b", "c", weight=5)
    >>> H = strongest_ties(G, 1); list(H.edges), H.graph["ties_in_all"], H.graph["unit"]
    ([('b', 'c')], 2, 'statements')
    """
    ranked = sorted(G.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))[:n]
    H = G.edge_subgraph([(u, v) for u, v, _ in ranked]).copy()
    H.graph["ties_in_all"] = G.number_of_edges()  # the copy keeps G.graph
    return H
