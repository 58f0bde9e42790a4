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

Under the "mentions" reading a place counts for its country (``entities``' ``country``):

>>> ents = pd.DataFrame({"entity_id": ["place:wonsan"], "type": ["place"], "country": ["PRK"],
...                      "country_source": ["geonames"]})
>>> ments2 = pd.concat([ments, pd.DataFrame({"article_id": ["a"], "entity_id": ["place:wonsan"]})])
>>> filter_ids(arts, ments2, Filters(countries=("PRK",), country_mode="mentions"), entities=ents)
['a', 'c']
>>> filter_ids(arts, ments, Filters(sources=("X",), date_to="2023-12-31"))
['a']
>>> idx = FilterIndex.build(arts, ments)
>>> filter_mask(arts, ments, Filters(actors=("person:kim-jong-un",)), idx).tolist()
[True, False, False]
>>> idx.mention_positions(filter_mask(arts, ments, Filters(countries=("KOR",)), idx)).tolist()
[1]
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace

import numpy as np
import pandas as pd

__all__ = ["Filters", "FilterIndex", "filter_mask", "filter_ids", "apply_filters", "describe", "place_countries",
           "among"]


def among(values: pd.Series, wanted) -> np.ndarray:
    """True where ``values`` is one of ``wanted``, as a boolean array. For strings it asks Arrow's ``is_in``:
    pandas' ``isin`` on Arrow strings turns each wanted value into an Arrow scalar in Python, and a hash
    index of the wanted values looked up with ``get_indexer`` converts every value instead; on a 100k store
    Arrow is 8 to 10 times faster than either, with few values or many, few wanted or many (362,734
    statements among 300 articles: 12 ms with ``isin``, 99 ms with an index, 11 ms with Arrow; 300 articles among
    100,000: 1,037, 83 and 10 ms). Other types (numbers) use ``isin``.

    >>> among(pd.Series(["a", "b", "c", "a", None]), ["a", "c", "c"]).tolist()
    [True, False, True, True, False]
    >>> among(pd.Series(["a", "b"]), frozenset()).tolist(), among(pd.Series([1, 2, 3]), {2, 3}).tolist()
    ([False, False], [False, True, True])
    """
    keep = wanted if isinstance(wanted, (pd.Series, pd.Index, np.ndarray, list)) else list(wanted)
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(values)
        if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
            if len(keep) == 0:
                return np.zeros(len(values), dtype=bool)
            return np.asarray(pc.is_in(arr, value_set=pa.array(keep, type=arr.type)).fill_null(False), dtype=bool)
    except (ImportError, TypeError, ValueError, pa.ArrowException):
        pass
    return np.asarray(pd.Series(values).isin(set(keep)), dtype=bool)


@dataclass(frozen=True)
class Filters:
    """Every global filter. Tuples keep it hashable, so it can key a cache."""

    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    country_mode: str = "about"  # "about" (article focus) or "mentions" (any mention)
    actor_types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    topics: tuple[int, ...] = ()
    themes: tuple[int, ...] = ()  # the coarse level the topics nest in (articles' theme_id)
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


def place_countries(entities: pd.DataFrame | None) -> pd.Series:
    """The country each place counts for under the "mentions" reading: ISO3 indexed by entity id.

    A place counts for the country it lies in (``country``: GeoNames', the gazetteer's or an
    analyst's); a guessed affiliation (``country_source`` "inferred") counts for nothing, as in
    "about". Other actors (people, organisations) never count: an actor's affiliation is not a
    mention of its country.

    >>> ents = pd.DataFrame({"entity_id": ["place:tulsa", "place:east-sea", "person:kim", "place:x"],
    ...     "type": ["place", "place", "person", "place"], "country": ["USA", "", "PRK", "JPN"],
    ...     "country_source": ["geonames", "", "gazetteer", "inferred"]})
    >>> place_countries(ents).to_dict()
    {'place:tulsa': 'USA'}
    """
    if entities is None or entities.empty or not {"entity_id", "type", "country"} <= set(entities.columns):
        return pd.Series([], dtype=object, index=pd.Index([], name="entity_id"), name="country")
    country = entities["country"].fillna("").astype(str)
    source = entities["country_source"].fillna("").astype(str) if "country_source" in entities \
        else pd.Series("", index=entities.index)
    keep = (entities["type"] == "place").to_numpy() & (country != "").to_numpy() & (source != "inferred").to_numpy()
    return pd.Series(country[keep].to_numpy(dtype=object), index=pd.Index(entities.loc[keep, "entity_id"],
                                                                         name="entity_id"), name="country")


def _mentioning_ids(countries, entities: pd.DataFrame | None) -> list[str]:
    """The actor ids whose mentions count for ``countries`` under the "mentions" reading."""
    wanted = set(countries)
    places = place_countries(entities)
    return [f"country:{c}" for c in wanted] + places.index[places.isin(wanted).to_numpy()].tolist()


# Mentions that place an article, not an actor in it: a dateline says where the story was filed, so it counts for
# its place's country (the "mentions" reading, the map) but ties no actor to the others in the network, "who
# appears with" or a period comparison (every KCNA article is filed from Pyongyang). The names are
# components.build.places.RULE_DATELINE (tests/test_network.py checks they agree).
NO_TIE_RULES = ("dateline",)


def ties(mentions: pd.DataFrame) -> np.ndarray | None:
    """Per mention: may it tie its actor to the article's others (its ``rule`` is none of :data:`NO_TIE_RULES`)?
    None when the mentions carry no ``rule``.

    >>> ties(pd.DataFrame({"rule": ["full name", "dateline", None]})).tolist()
    [True, False, True]
    """
    if "rule" not in mentions.columns:
        return None
    return ~np.asarray(mentions["rule"].isin(NO_TIE_RULES), dtype=bool)


@dataclass(eq=False)
class FilterIndex:
    """Integer arrays computed once per store, so that a filter is a few numpy operations.

    ``mention_article``: for each mention, its article's row position in ``articles``
    (``len(articles)`` for a mention whose article is not there). ``mention_entity``:
    each mention's actor as a code into ``entity_values``. ``country_article`` and
    ``country_code``: the (article position, country code into ``country_values``)
    pairs of the articles' ``countries`` lists, exploded. ``mention_first``: the mention is
    the first of its (article, actor) pair, so counting an actor's articles is counting
    these flags among any whole articles' mentions. ``entity_country``: per actor code, the
    country its mentions count for under the "mentions" reading, as a code into
    ``entity_country_values`` (-1 for none): a country actor's own, a place's country
    (:func:`place_countries`, from the ``entities`` given to :meth:`build`). ``mention_tie``: the mention
    may tie its actor to the article's others (False for a dateline, :data:`NO_TIE_RULES`; None when the
    mentions carry no ``rule``), and ``mention_tie_first`` the ``mention_first`` flags among those only (a
    place named in the dateline and again in the body is tied by the body's mention).
    """

    n_articles: int
    article_index: pd.Index
    mention_article: np.ndarray
    mention_entity: np.ndarray
    entity_values: pd.Index
    country_article: np.ndarray
    country_code: np.ndarray
    country_values: pd.Index
    mention_first: np.ndarray | None = None
    entity_country: np.ndarray | None = None
    entity_country_values: pd.Index | None = None
    mention_tie: np.ndarray | None = None
    mention_tie_first: np.ndarray | None = None

    @classmethod
    def build(cls, articles: pd.DataFrame, mentions: pd.DataFrame,
              entities: pd.DataFrame | None = None) -> "FilterIndex":
        """The index of one store's frames; ``entities`` (optional) lets places count for their country."""
        n = len(articles)
        index = pd.Index(articles["article_id"])
        if not index.is_unique:
            raise ValueError("article_id is not unique in articles: the store is inconsistent, rebuild it")
        ma = index.get_indexer(mentions["article_id"])
        ma = np.where(ma < 0, n, ma).astype(np.int64 if n >= 2**31 - 1 else np.int32)
        codes, values = pd.factorize(mentions["entity_id"])
        ex = articles["countries"].reset_index(drop=True).explode().dropna() if "countries" in articles \
            else pd.Series([], dtype=object)
        c_codes, c_values = pd.factorize(ex.astype(str)) if len(ex) else (np.array([], dtype=np.int64), pd.Index([]))
        pair = ma.astype(np.int64) * max(1, len(values)) + codes
        first = ~pd.Series(pair).duplicated().to_numpy()
        tie = ties(mentions)
        tie_first = first
        if tie is not None and not tie.all():
            tie_first = np.zeros(len(first), dtype=bool)
            tie_first[tie] = ~pd.Series(pair[tie]).duplicated().to_numpy()
        values = pd.Index(values)
        iso = np.array([v[8:] if v.startswith("country:") else None for v in values.tolist()], dtype=object)
        places = place_countries(entities)
        at = values.get_indexer(places.index)
        iso[at[at >= 0]] = places.to_numpy()[at >= 0]
        e_codes, e_values = pd.factorize(iso)
        return cls(n, index, ma, codes.astype(np.int32), values, ex.index.to_numpy(dtype=np.int64),
                   np.asarray(c_codes, dtype=np.int32), pd.Index(c_values), first,
                   np.asarray(e_codes, dtype=np.int32), pd.Index(e_values), tie, tie_first)

    def tied(self, ment_pos: np.ndarray) -> np.ndarray:
        """Those of the mentions at ``ment_pos`` that may tie actors (not a dateline)."""
        return ment_pos if self.mention_tie is None else ment_pos[self.mention_tie[ment_pos]]

    def entity_table(self, entity_ids) -> np.ndarray:
        """Per actor code (and one last slot for no actor): is it one of ``entity_ids``?"""
        wanted = self.entity_values.get_indexer(list(entity_ids))
        table = np.zeros(len(self.entity_values) + 1, dtype=bool)
        table[wanted[wanted >= 0]] = True
        return table

    def country_table(self, countries) -> np.ndarray:
        """Per actor code (and one last slot for no actor): do its mentions count for one of
        ``countries`` under the "mentions" reading (the country itself, or a place in it)?"""
        if self.entity_country is None:
            return self.entity_table([f"country:{c}" for c in countries])
        wanted = self.entity_country_values.get_indexer(list(countries))
        hit = np.zeros(len(self.entity_country_values) + 1, dtype=bool)  # last slot: code -1, no country
        hit[wanted[wanted >= 0]] = True
        return np.append(hit[self.entity_country], False)

    def entity_mask(self, entity_ids) -> np.ndarray:
        """Per mention: is its actor one of ``entity_ids``?"""
        return self.entity_table(entity_ids)[self.mention_entity]

    def articles_with(self, mention_mask: np.ndarray) -> np.ndarray:
        """Per article: does any mention selected by ``mention_mask`` belong to it?"""
        out = np.zeros(self.n_articles + 1, dtype=bool)
        out[self.mention_article[mention_mask]] = True
        return out[:-1]

    def mention_mask(self, article_mask: np.ndarray) -> np.ndarray:
        """Per mention: is its article selected by ``article_mask``?"""
        return np.append(article_mask, False)[self.mention_article]

    def mention_positions(self, article_mask: np.ndarray) -> np.ndarray:
        """Row positions of the mentions of the articles selected by ``article_mask``."""
        return np.flatnonzero(self.mention_mask(article_mask))


def filter_mask(articles: pd.DataFrame, mentions: pd.DataFrame, f: Filters,
                index: FilterIndex | None = None, *, entities: pd.DataFrame | None = None) -> np.ndarray:
    """A boolean per article of ``articles``: does it pass every filter?

    ``index`` (from :meth:`FilterIndex.build` on the same frames) makes the country,
    actor and text filters array lookups; without it they are computed from the frames.
    Actors: an article passes when it mentions any chosen actor. Countries: in
    ``about`` mode when any chosen country is in its ``countries`` focus; in
    ``mentions`` mode when it mentions the country actor or a place in that country
    (:func:`place_countries` of ``entities``; the index holds them when built with
    them). The text query is resolved by the caller into ``search_ids`` (see
    :mod:`components.search`).
    """
    mask = np.ones(len(articles), dtype=bool)
    if f.date_from:
        mask &= (articles["published"] >= pd.Timestamp(f.date_from, tz="UTC")).to_numpy(dtype=bool)
    if f.date_to:
        mask &= (articles["published"] < pd.Timestamp(f.date_to, tz="UTC") + pd.Timedelta(days=1)).to_numpy(dtype=bool)
    if f.sources:
        mask &= articles["source"].isin(set(f.sources)).to_numpy(dtype=bool)
    if f.topics and "topic_id" in articles:
        mask &= articles["topic_id"].isin(set(f.topics)).to_numpy(dtype=bool)
    if f.themes and "theme_id" in articles:
        mask &= articles["theme_id"].isin(set(f.themes)).to_numpy(dtype=bool)
    if f.countries:
        wanted = set(f.countries)
        if f.country_mode == "mentions":
            if index is not None:
                mask &= index.articles_with(index.country_table(wanted)[index.mention_entity])
            else:
                ids = _ids_with_entities(mentions, _mentioning_ids(wanted, entities))
                mask &= articles["article_id"].isin(ids).to_numpy(dtype=bool)
        elif index is not None:
            codes = index.country_values.get_indexer(list(wanted))
            table = np.zeros(len(index.country_values) + 1, dtype=bool)
            table[codes[codes >= 0]] = True
            about = np.zeros(len(articles), dtype=bool)
            about[index.country_article[table[index.country_code]]] = True
            mask &= about
        else:
            mask &= articles["countries"].map(
                lambda cs: bool(wanted.intersection(cs if cs is not None else ()))).to_numpy(dtype=bool)
    if f.actors:
        if index is not None:
            mask &= index.articles_with(index.entity_mask(f.actors))
        else:
            mask &= articles["article_id"].isin(_ids_with_entities(mentions, f.actors)).to_numpy(dtype=bool)
    if f.search_ids is not None:
        if index is not None:
            found = np.zeros(len(articles), dtype=bool)
            pos = index.article_index.get_indexer(list(f.search_ids))
            found[pos[pos >= 0]] = True
            mask &= found
        else:
            mask &= articles["article_id"].isin(set(f.search_ids)).to_numpy(dtype=bool)
    return mask


def filter_ids(articles: pd.DataFrame, mentions: pd.DataFrame, f: Filters, *,
               entities: pd.DataFrame | None = None) -> list[str]:
    """Ids of the articles that pass every filter (see :func:`filter_mask`), in ``articles`` order."""
    return articles.loc[filter_mask(articles, mentions, f, entities=entities), "article_id"].tolist()


def apply_filters(articles: pd.DataFrame, mentions: pd.DataFrame, f: Filters, *,
                  entities: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The filtered articles and their mentions (restricted to ``actor_types`` when set)."""
    ids = set(filter_ids(articles, mentions, f, entities=entities))
    arts = articles[articles["article_id"].isin(ids)]
    ments = mentions[mentions["article_id"].isin(ids)]
    return arts, ments


def describe(f: Filters, names: dict | None = None, country_names: dict | None = None,
             topic_names: dict | None = None, theme_names: dict | None = None) -> str:
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
    if f.themes:
        parts.append("Themes: " + ", ".join((theme_names or {}).get(t, f"#{t}") for t in f.themes))
    if f.topics:
        parts.append("Topics: " + ", ".join(topic_names.get(t, f"#{t}") for t in f.topics))
    if f.q:
        parts.append(f"Text: “{f.q}”")
    return " · ".join(parts) if parts else "All articles"
