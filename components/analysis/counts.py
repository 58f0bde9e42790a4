"""Who and what the coverage is about: articles per actor, per topic and per focus country.

Examples
--------
>>> arts = pd.DataFrame({"article_id": list("abc"), "topic_id": [0, 0, 1], "low_confidence": [False, True, False]})
>>> topic_counts(arts).to_dict("list")
{'topic_id': [0, 1], 'size': [2, 1], 'share_low_confidence': [0.5, 0.0]}
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["is_actor", "most_covered_actors", "topic_counts", "topic_country_counts", "country_coverage"]


def is_actor(entity_ids, *, countries: bool = False, places: bool = False) -> np.ndarray:
    """True for the ids that are actors: countries only if ``countries``, places only if ``places``
    (a city named as where something happened is no actor; a capital read as its government is its country).

    >>> is_actor(pd.Series(["person:kim", "country:PRK", "place:seoul"])).tolist()
    [True, False, False]
    """
    ids = pd.Series(entity_ids, dtype=object).astype(str)
    out = np.ones(len(ids), dtype=bool)
    if not countries:
        out &= ~ids.str.startswith("country:").to_numpy()
    if not places:
        out &= ~ids.str.startswith("place:").to_numpy()
    return out


def most_covered_actors(mentions: pd.DataFrame, entities: pd.DataFrame, *, n: int = 12, names: dict | None = None,
                        countries: bool = False, places: bool = False, mention_article: np.ndarray | None = None,
                        mention_entity: tuple[np.ndarray, pd.Index] | None = None,
                        mention_first: np.ndarray | None = None) -> pd.DataFrame:
    """The ``n`` actors in the most articles (``entity_id, articles, name, type``), most first.

    Country actors are left out unless ``countries``, and places unless ``places`` (:func:`is_actor`). ``mention_article`` (any integer per
    article, one per mention) and ``mention_entity`` (codes into an index of actor ids) may
    be given instead of reading the ids from ``mentions``, and ``mention_first`` (True for
    the first mention of each (article, actor) pair) with them.

    >>> m = pd.DataFrame({"article_id": list("aabbcc"),
    ...                   "entity_id": ["p:k", "p:k", "p:k", "country:X", "o:u", "place:seoul"]})
    >>> e = pd.DataFrame({"entity_id": ["p:k", "o:u", "country:X", "place:seoul"],
    ...                   "type": ["person", "org", "country", "place"]})
    >>> most_covered_actors(m, e, names={"p:k": "Kim"}).values.tolist()
    [['p:k', 2, 'Kim', 'person'], ['o:u', 1, nan, 'org']]
    """
    if mention_article is not None and mention_entity is not None and len(mention_entity[1]):
        codes, values = np.asarray(mention_entity[0]), mention_entity[1]
        ok = codes >= 0
        size = len(values)
        if mention_first is not None:
            counts = np.bincount(codes[ok & np.asarray(mention_first, dtype=bool)], minlength=size)
        else:
            pairs = pd.unique(np.asarray(mention_article)[ok].astype(np.int64) * size + codes[ok].astype(np.int64))
            counts = np.bincount(pairs % size, minlength=size)
        nz = np.flatnonzero(counts)
        top = pd.Series(counts[nz], index=pd.Index(values[nz], name="entity_id")).sort_index()
    else:
        top = mentions.drop_duplicates(["article_id", "entity_id"]).groupby("entity_id").size()
    top = top.sort_values(ascending=False)
    chosen = list(top.index[is_actor(top.index, countries=countries, places=places)][:n])
    data = top.loc[chosen].rename_axis("entity_id").reset_index(name="articles")
    data["name"] = data["entity_id"].map(names or {})
    data["type"] = data["entity_id"].map(entities.set_index("entity_id")["type"])
    return data


def topic_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per topic and the share of them whose topic is uncertain (``topic_id, size, share_low_confidence``)."""
    return (articles.groupby("topic_id").agg(size=("article_id", "size"),
                                             share_low_confidence=("low_confidence", "mean")).reset_index())


def topic_country_counts(articles: pd.DataFrame, *, top: int = 12,
                         pairs: tuple[np.ndarray, np.ndarray, pd.Index] | None = None) -> pd.DataFrame:
    """Articles per topic (rows) and focus country (columns: the ``top`` most covered countries).

    ``pairs``: the exploded ``countries`` when the caller has them, as (row position in
    ``articles``, country code, countries), in ``articles`` order.
    """
    if pairs is not None:
        rows, codes, values = pairs
        ex = pd.DataFrame({"topic_id": articles["topic_id"].to_numpy()[rows],
                           "countries": values.take(codes)}).dropna()
    else:
        ex = articles[["topic_id", "countries"]].explode("countries").dropna()
    top_c = ex["countries"].value_counts().head(top).index
    return pd.crosstab(ex["topic_id"], ex["countries"]).reindex(columns=top_c, fill_value=0)


def country_coverage(articles: pd.DataFrame, *, unit: str = "articles",
                     pairs: tuple[np.ndarray, np.ndarray, pd.Index] | None = None) -> pd.DataFrame:
    """Articles (or stories) per focus country (``country, count``) for the map and rankings.

    >>> arts = pd.DataFrame({"article_id": list("abc"), "story_id": list("aac"),
    ...                      "countries": [["PRK", "KOR"], ["PRK"], ["JPN"]]})
    >>> country_coverage(arts).values.tolist(), country_coverage(arts, unit="stories")["count"].tolist()
    ([['PRK', 2], ['JPN', 1], ['KOR', 1]], [1, 1, 1])
    """
    key = "story_id" if unit == "stories" and "story_id" in articles else "article_id"
    if pairs is not None and unit == "articles" and len(pairs[0]):
        # (article, country code) pairs of ``articles`` given by the caller: distinct articles per country.
        art, code, values = pairs
        size = len(values)
        distinct = pd.unique(np.asarray(art, dtype=np.int64) * size + np.asarray(code, dtype=np.int64))
        counts = np.bincount(distinct % size, minlength=size)
        nz = np.flatnonzero(counts)
        per = pd.Series(counts[nz], index=pd.Index(values[nz], name="countries"), name=key).sort_index()
    else:
        ex = articles[[key, "countries"]].explode("countries").dropna()
        per = ex.groupby("countries")[key].nunique()
    return (per.rename("count").rename_axis("country")
            .reset_index().sort_values(["count", "country"], ascending=[False, True], kind="stable")
            .reset_index(drop=True))
