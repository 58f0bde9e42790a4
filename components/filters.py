"""The analyst's filters: one frozen value applied the same way by every view.

Examples
--------
>>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "source": ["X", "Y", "X"],
...     "published": pd.to_datetime(["2023-01-05", "2023-06-01", "2024-01-01"], utc=True),
...     "countries": [["PRK"], ["KOR", "USA"], []], "topic_id": [0, 1, 0]})
>>> ments = pd.DataFrame({"article_id": ["a", "b", "c"], "entity_id": ["person:kim-jong-un", "country:KOR", "country:PRK"]})
>>> filter_ids(arts, ments, Filters(countries=("PRK",)))
['a']
>>> filter_ids(arts, ments, Filters(countries=("PRK",), country_mode="mentions"))
['c']
>>> filter_ids(arts, ments, Filters(sources=("X",), date_to="2023-12-31"))
['a']
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace

import pandas as pd

__all__ = ["Filters", "filter_ids", "apply_filters", "describe"]


@dataclass(frozen=True)
class Filters:
    """Every global filter. Tuples keep it hashable, so it can key a cache."""

    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    country_mode: str = "about"  # "about" (article focus) or "mentions" (any mention)
    actor_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    topics: tuple[int, ...] = ()
    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    search_ids: tuple[str, ...] | None = field(default=None, compare=True, repr=False)

    def is_empty(self) -> bool:
        return self == Filters()

    def without(self, name: str, value=None) -> "Filters":
        """A copy with one value (or the whole filter ``name``) removed."""
        current = getattr(self, name)
        if value is not None and isinstance(current, tuple):
            return replace(self, **{name: tuple(v for v in current if v != value)})
        default = next(f.default for f in fields(self) if f.name == name)
        return replace(self, **{name: default})

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("search_ids")
        return d


def _ids_with_entities(mentions: pd.DataFrame, entity_ids) -> set[str]:
    return set(mentions.loc[mentions["entity_id"].isin(set(entity_ids)), "article_id"])


def filter_ids(articles: pd.DataFrame, mentions: pd.DataFrame, f: Filters) -> list[str]:
    """Ids of the articles that pass every filter, in ``articles`` order.

    Actors: an article passes when it mentions any chosen actor. Countries: in
    ``about`` mode when any chosen country is in its ``countries`` focus; in
    ``mentions`` mode when it mentions the country actor. The text query is resolved
    by the caller into ``search_ids`` (see :mod:`components.search`).
    """
    mask = pd.Series(True, index=articles.index)
    if f.date_from:
        mask &= articles["published"] >= pd.Timestamp(f.date_from, tz="UTC")
    if f.date_to:
        mask &= articles["published"] < pd.Timestamp(f.date_to, tz="UTC") + pd.Timedelta(days=1)
    if f.sources:
        mask &= articles["source"].isin(set(f.sources))
    if f.topics and "topic_id" in articles:
        mask &= articles["topic_id"].isin(set(f.topics))
    if f.countries:
        wanted = set(f.countries)
        if f.country_mode == "mentions":
            mask &= articles["article_id"].isin(_ids_with_entities(mentions, [f"country:{c}" for c in wanted]))
        else:
            mask &= articles["countries"].map(lambda cs: bool(wanted.intersection(cs if cs is not None else ())))
    if f.actors:
        mask &= articles["article_id"].isin(_ids_with_entities(mentions, f.actors))
    if f.search_ids is not None:
        mask &= articles["article_id"].isin(set(f.search_ids))
    return articles.loc[mask, "article_id"].tolist()


def apply_filters(articles: pd.DataFrame, mentions: pd.DataFrame, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The filtered articles and their mentions (restricted to ``actor_types`` when set)."""
    ids = set(filter_ids(articles, mentions, f))
    arts = articles[articles["article_id"].isin(ids)]
    ments = mentions[mentions["article_id"].isin(ids)]
    return arts, ments


def describe(f: Filters, names: dict | None = None, country_names: dict | None = None,
             topic_names: dict | None = None) -> str:
    """The active filters in words, for captions: ``"Countries: North Korea · Actors: Kim Jong Un"``.

    >>> describe(Filters(countries=("PRK",), q="nuclear"), country_names={"PRK": "North Korea"})
    'Countries: North Korea · Text: “nuclear”'
    """
    names, country_names, topic_names = names or {}, country_names or {}, topic_names or {}
    parts = []
    if f.countries:
        label = "Countries" if f.country_mode == "about" else "Mentioning"
        parts.append(f"{label}: " + ", ".join(country_names.get(c, c) for c in f.countries))
    if f.actors:
        parts.append("Actors: " + ", ".join(names.get(a, a) for a in f.actors))
    if f.actor_types:
        parts.append("Actor types: " + ", ".join(f.actor_types))
    if f.sources:
        parts.append("Outlets: " + ", ".join(f.sources))
    if f.topics:
        parts.append("Topics: " + ", ".join(topic_names.get(t, f"#{t}") for t in f.topics))
    if f.q:
        parts.append(f"Text: “{f.q}”")
    return " · ".join(parts) if parts else "All articles"
