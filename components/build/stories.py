"""Near-duplicate articles grouped into stories (MinHash LSH from ``datasketch``).

A wire story republished with small edits shares most of its word 5-grams with
the original; MinHash estimates that Jaccard similarity and LSH finds the pairs
above the ``near_duplicate_threshold`` setting without comparing every pair.
Each article's ``story_id`` is the ``article_id`` of the earliest article of its group.

Examples
--------
>>> base = "North Korea fired a ballistic missile into the sea off its east coast on Thursday morning, officials said. " * 3
>>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
...     "text": [base, base + " Japan protested.", "Trade between China and North Korea rose in March. " * 4],
...     "published": pd.to_datetime(["2023-01-02", "2023-01-01", "2023-01-03"], utc=True)})
>>> assign_stories(arts).tolist()
['b', 'b', 'c']
"""
from __future__ import annotations

import re

import pandas as pd

from components import settings

__all__ = ["assign_stories"]

_WORD = re.compile(r"\w+")


def _shingles(text: str, n: int = 5) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}


def assign_stories(articles: pd.DataFrame, *, threshold: float | None = None, num_perm: int = 64) -> pd.Series:
    """Story id per article (Series aligned with ``articles``)."""
    from datasketch import MinHash, MinHashLSH

    threshold = settings.default("near_duplicate_threshold") if threshold is None else threshold
    ids = articles["article_id"].tolist()
    if len(ids) == 0:
        return pd.Series([], dtype="object", index=articles.index)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = []
    for aid, text in zip(ids, articles["text"].fillna("")):
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch(list(_shingles(text)))
        hashes.append(m)
        lsh.insert(aid, m)
    parent = {a: a for a in ids}

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for aid, m in zip(ids, hashes):
        for other in lsh.query(m):
            if other != aid:
                ra, rb = find(aid), find(other)
                if ra != rb:
                    parent[ra] = rb
    roots = [find(a) for a in ids]
    published = articles["published"].to_numpy()
    earliest: dict[str, tuple] = {}
    for aid, root, pub in zip(ids, roots, published):
        key = (pub, aid)
        if root not in earliest or key < earliest[root]:
            earliest[root] = key
    return pd.Series([earliest[r][1] for r in roots], index=articles.index, dtype="object")
