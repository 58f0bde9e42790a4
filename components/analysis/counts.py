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

__all__ = ["is_actor", "most_covered_actors", "topic_counts", "topic_country_counts", "country_coverage",
           "place_coverage", "mapped_places", "PLACE_COLUMNS"]

PLACE_COLUMNS = ["entity_id", "name", "country", "lat", "lon", "count"]


def is_actor(entity_ids, *, countries: bool = False, places: bool = False) -> np.ndarray:
    """True for the ids that are actors: countries only if ``countries``, places only if ``places``
    (a city named as where something happened is no actor; a capital read as its government is its country).

    >>> is_actor(pd.Series(["person:kim", "country:PRK", "place:seoul"])).tolist()
    [True, False, False]
    """
    codes, distinct = pd.factorize(pd.Series(entity_ids), use_na_sentinel=False)  # each distinct id once
    prefix = pd.Series(distinct, dtype=object).astype(str).str.split(":", n=1).str[0]
    return (~prefix.isin(_not_actors(countries, places))).to_numpy()[codes]


def _not_actors(countries: bool, places: bool) -> set[str]:
    """The id prefixes (kinds) :func:`is_actor` leaves out."""
    return {kind for kind, keep in (("country", countries), ("place", places)) if not keep}


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
        ids, counts = np.asarray(values, dtype=object)[nz], counts[nz]
        # Only ids as covered as the n-th actor can make the list: sorting by id the 20,000 ids a broad filter
        # gives on a 100k store was most of this function's time.
        enough = _first_actors(ids[np.argsort(-counts, kind="stable")], n, countries=countries, places=places)
        if enough:
            near = counts >= counts[np.flatnonzero(ids == enough[-1])[0]]
            ids, counts = ids[near], counts[near]
        top = pd.Series(counts, index=pd.Index(ids, name="entity_id")).sort_index()
    else:
        top = mentions.drop_duplicates(["article_id", "entity_id"]).groupby("entity_id").size()
    top = top.sort_values(ascending=False, kind="stable")  # ties in id order, on every machine: numpy's default sort is
    # not stable, and its order of ties depends on the CPU's vector instructions (two machines drew them swapped)
    chosen = _first_actors(top.index, n, countries=countries, places=places)
    data = top.loc[chosen].rename_axis("entity_id").reset_index(name="articles")
    # looked up one by one: mapping a frame through a dict of every actor first makes a Series of that dict
    data["name"] = pd.Series([(names or {}).get(e, np.nan) for e in chosen], index=data.index, dtype="str")
    of_chosen = entities.loc[entities["entity_id"].isin(chosen), ["entity_id", "type"]]
    types = dict(zip(of_chosen["entity_id"], of_chosen["type"]))
    data["type"] = pd.Series([types.get(e, np.nan) for e in chosen], index=data.index, dtype="str")
    return data


def _first_actors(ids, n: int, *, countries: bool, places: bool) -> list:
    """The first ``n`` of ``ids`` (most covered first) that :func:`is_actor` keeps, read in order until there are
    ``n``: a 100k store has 20,000 ids with articles under a broad filter, and splitting every one took 40 ms.

    >>> _first_actors(["country:USA", "person:a", "place:x", "org:b", "person:c"], 2, countries=False, places=False)
    ['person:a', 'org:b']
    """
    skip = _not_actors(countries, places)
    out = []
    for eid in ids:
        if str(eid).split(":", 1)[0] not in skip:
            out.append(eid)
            if len(out) == n:
                break
    return out


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


def mapped_places(entities: pd.DataFrame) -> pd.Series:
    """Per actor of ``entities``: is it a place with a point (``lat``/``lon``, GeoNames') to draw on a map?"""
    if entities.empty or not {"lat", "lon", "type"} <= set(entities.columns):
        return pd.Series(False, index=entities.index)
    lat = pd.to_numeric(entities["lat"], errors="coerce")
    lon = pd.to_numeric(entities["lon"], errors="coerce")
    return (entities["type"] == "place") & lat.between(-90, 90) & lon.between(-180, 180)


def place_coverage(mentions: pd.DataFrame, entities: pd.DataFrame, *, unit: str = "articles",
                   articles: pd.DataFrame | None = None,
                   pairs: tuple[np.ndarray, np.ndarray, pd.Index] | None = None,
                   distinct: bool = False) -> pd.DataFrame:
    """Articles (or stories) naming each place that has a point (``PLACE_COLUMNS``), most first.

    Only places with coordinates count (:func:`mapped_places`): a store built before places
    had points, or a place GeoNames does not know, gives no row. ``unit="stories"`` counts
    near-duplicates once (``articles`` gives each article's ``story_id``). ``pairs`` may be
    given instead of ``mentions``: (an integer per mention for its article or story, its actor
    code, the actor ids), as the dashboard's filter index holds them; ``distinct``: no (article, actor)
    pair repeats among them (the index's first mentions), so they need no de-duplication.

    >>> m = pd.DataFrame({"article_id": list("aabc"), "entity_id": ["place:seoul"] * 3 + ["place:sea"]})
    >>> e = pd.DataFrame({"entity_id": ["place:seoul", "place:sea"], "name": ["Seoul", "East Sea"],
    ...     "type": ["place", "place"], "country": ["KOR", ""], "lat": [37.57, None], "lon": [126.98, None]})
    >>> place_coverage(m, e).values.tolist()
    [['place:seoul', 'Seoul', 'KOR', 37.57, 126.98, 2]]
    >>> arts = pd.DataFrame({"article_id": list("abc"), "story_id": list("aac")})
    >>> place_coverage(m, e, unit="stories", articles=arts)["count"].tolist()
    [1]
    """
    geo = entities[mapped_places(entities).to_numpy()]
    if geo.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("lat", "lon") else "int64" if c == "count"
                                          else object) for c in PLACE_COLUMNS})
    if pairs is not None:
        key, codes, values = pairs
        codes = np.asarray(codes, dtype=np.int64)
        size = max(1, len(values))
        if distinct:
            counts = np.bincount(codes[codes >= 0], minlength=len(values))
        else:
            pairs_ = pd.unique(np.asarray(key, dtype=np.int64)[codes >= 0] * size + codes[codes >= 0])
            counts = np.bincount(pairs_ % size, minlength=len(values))
        nz = np.flatnonzero(counts)
        per = pd.Series(counts[nz], index=pd.Index(values[nz], name="entity_id"))
    else:
        m = mentions[mentions["entity_id"].isin(set(geo["entity_id"]))]
        key = m["article_id"]
        if unit == "stories" and articles is not None and "story_id" in articles:
            key = key.map(dict(zip(articles["article_id"], articles["story_id"])))
        per = pd.DataFrame({"key": key.to_numpy(), "entity_id": m["entity_id"].to_numpy()}).dropna() \
            .drop_duplicates().groupby("entity_id").size()
    out = geo.assign(count=geo["entity_id"].map(per).fillna(0).astype("int64"))
    out = out[out["count"] > 0][PLACE_COLUMNS].copy()
    out["country"] = out["country"].fillna("").astype(str)
    out[["lat", "lon"]] = out[["lat", "lon"]].astype("float64")
    return out.sort_values(["count", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
