"""Stable topic ids: new topics matched to old ones by their terms or by the articles they share (Hungarian)."""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ['match_topics', 'match_by_members']

def match_topics(new_terms: list[list[str]], old: pd.DataFrame | None) -> list[int]:
    """Ids for new topics: the old id of the best-matching old topic (Jaccard of terms >= 0.2), else new ids.

    >>> old = pd.DataFrame({"topic_id": [7, 9], "terms": [["a", "b", "c"], ["x", "y", "z"]]})
    >>> match_topics([["x", "y", "q"], ["m", "n", "o"], ["a", "b", "d"]], old)
    [9, 10, 7]
    """
    n = len(new_terms)
    if old is None or old.empty:
        return list(range(n))
    old_terms = [set(t) for t in old["terms"]]
    sim = np.array([[len(set(a) & b) / max(1, len(set(a) | b)) for b in old_terms] for a in new_terms])
    return _hungarian_ids(sim, old["topic_id"].astype(int).tolist(), int(old["topic_id"].max()) + 1)


def match_by_members(labels: np.ndarray, article_ids, old_ids: pd.Series | None, next_id: int = 0,
                     min_jaccard: float = 0.2) -> list[int] | None:
    """Ids for the clusters ``0..k-1`` of ``labels``: the old id whose articles they share most (Jaccard of the
    article sets >= ``min_jaccard``, one-to-one), else new ids from ``next_id``. ``old_ids``: article_id -> old id.
    None when no article has an old id.

    >>> match_by_members(np.array([0, 0, 1, 1, 2]), list("abcde"), pd.Series({"a": 5, "b": 5, "c": 8, "d": 8}), 9)
    [5, 8, 9]
    """
    if old_ids is None:
        return None
    old_ids = old_ids.dropna()
    labels = np.asarray(labels)
    k = int(labels.max()) + 1 if len(labels) else 0
    old = pd.Series(list(article_ids)).map(old_ids)
    known = old.notna().to_numpy()
    if not known.any():
        return None
    olds = sorted(old[known].astype(int).unique().tolist())
    col = {o: j for j, o in enumerate(olds)}
    C = np.zeros((k, len(olds)))
    np.add.at(C, (labels[known], old[known].astype(int).map(col).to_numpy()), 1)
    size_new = np.bincount(labels, minlength=k)[:, None]
    size_old = old_ids.astype(int).value_counts().reindex(olds).fillna(0).to_numpy()[None, :]
    jac = C / np.maximum(1, size_new + size_old - C)
    return _hungarian_ids(jac, olds, max(next_id, max(olds) + 1), min_jaccard)


def _hungarian_ids(sim: np.ndarray, old_ids: list[int], next_id: int, minimum: float = 0.2) -> list[int]:
    from scipy.optimize import linear_sum_assignment

    n = sim.shape[0]
    ids = [-1] * n
    if sim.size:
        for r, c in zip(*linear_sum_assignment(-sim)):
            if sim[r, c] >= minimum:
                ids[r] = int(old_ids[c])
    for i in range(n):
        if ids[i] < 0:
            ids[i] = next_id
            next_id += 1
    return ids
