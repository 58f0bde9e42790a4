"""The only caching in the repo: the store once per store version, filter results per filter value."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from components import settings
from components.analysis import changes
from components.analysis import coverage as over_time
from components.analysis import network
from components.analysis.counts import (country_coverage, mapped_places, most_covered_actors, place_coverage,
                                      topic_country_counts)
from components.analysis.network_compare import period_change_graph, period_change_graph_from_codes, period_mentions
from components.analysis.spikes import detect_spikes, explain_spikes, title_word_pairs
from components.analysis.statements import newest, stance_timeline, statement_table, statements_by_speaker
from components.analysis.filters import FilterIndex, Filters, among, filter_mask
from components.search import QueryError, matching_ids
from components.present.network_layout import extend_layout, layout
from components.store import LONG_TEXT, article_texts, load_store, one_chunk, read_manifest
from dashboard.state import options_for


@dataclass
class Store:
    path: str
    hash: str
    manifest: dict
    articles: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    topics: pd.DataFrame
    statements: pd.DataFrame
    rejects: pd.DataFrame
    entity_names: dict
    country_names: dict
    topic_labels: dict
    # Integer arrays for filtering and counting (components.analysis.filters.FilterIndex); None when
    # the store's article ids are not unique (filters then work on the frames).
    index: FilterIndex | None = None
    # The distinct (article position, title word code) pairs and the words, for explaining spikes.
    title_words: tuple | None = None
    # The coarse level topics nest in (themes.parquet; empty for a store written before themes existed).
    themes: pd.DataFrame | None = None
    theme_labels: dict = field(default_factory=dict)


def store_version(path: str) -> str:
    """The store's content hash (re-read every run: a cheap JSON file)."""
    return read_manifest(path).get("store_hash", "")


@st.cache_resource(show_spinner=False, max_entries=2)
def store_settings(path: str, version: str) -> Mapping[str, object]:
    """Every setting (``components.settings.resolve``), read once per store version and passed down as
    values (``Context.settings``); a read-only mapping shared by every session."""
    return settings.resolve()


@st.cache_resource(show_spinner="Opening the store…", max_entries=2)
def open_store(path: str, version: str) -> Store:
    """Read the store once per version; shared read-only by every session.

    The long texts (article ``text``, statement ``sentence``) are left on disk: a view
    that shows one reads it by id (:func:`texts`). ``countries`` stays as read (one
    array per article); the filters use the exploded pairs of ``Store.index``.
    """
    t = load_store(path, tables=("articles", "entities", "mentions", "topics", "statements", "themes"),
                   without=LONG_TEXT)
    for name in ("articles", "mentions", "statements", "entities"):
        if name in t:
            t[name] = one_chunk(t[name])
    arts = t["articles"]
    if "countries" in arts:
        none = arts["countries"].isna().to_numpy()
        if none.any():
            arts.loc[none, "countries"] = pd.Series([np.array([], dtype=object)] * int(none.sum()),
                                                    index=arts.index[none], dtype=object)
    ents = t["entities"]
    names = dict(zip(ents["entity_id"], ents["name"]))
    countries = ents[ents["type"] == "country"]
    country_names = dict(zip(countries["country"], countries["name"]))
    from components.build.gazetteer import load_gazetteer

    try:
        index = FilterIndex.build(arts, t["mentions"], ents)  # places count for their country
        focus = set(index.country_values)
    except ValueError:
        index = None
        focus = set(c for cs in arts["countries"] for c in cs)
    gz = load_gazetteer()
    for iso in focus - set(country_names):
        eid = f"country:{iso}"
        country_names[iso] = gz.entities.loc[eid, "name"] if eid in gz.entities.index else iso
    topics = t.get("topics", pd.DataFrame(columns=["topic_id", "label"]))
    themes = t.get("themes", pd.DataFrame(columns=["theme_id", "label", "terms", "size", "topics"]))
    from components.build.statements import STATEMENT_COLUMNS

    statements = t.get("statements", pd.DataFrame(columns=STATEMENT_COLUMNS))
    title_words = title_word_pairs(arts["title"]) if "title" in arts else None
    store = Store(path, version, t["manifest"], arts, t["mentions"], ents, topics, statements, t["rejects"], names,
                  country_names, dict(zip(topics["topic_id"], topics["label"])), index, title_words, themes,
                  dict(zip(themes["theme_id"], themes["label"])))
    _freeze_long_lived()
    return store


def _freeze_long_lived() -> None:
    """Move every object alive now (the modules, the store just read) out of the cyclic garbage collector's
    reach: they live as long as the server, and with them in its oldest generation each full collection walked
    ~200,000 objects (0.10 s on the demo, holding the GIL, mid-rerun). Reference counting still frees them."""
    import gc

    gc.collect()
    gc.freeze()


def _marked(n: int, positions: np.ndarray) -> np.ndarray:
    """True at ``positions`` among ``n`` articles, plus a last slot (False) for "no article" codes."""
    marks = np.zeros(n + 1, dtype=bool)
    marks[positions] = True
    return marks


def _mentions_in(index: FilterIndex, ment_pos: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """Those of the mentions at ``ment_pos`` whose article is True in ``articles`` (one flag per stored article)."""
    return ment_pos[np.append(articles, False)[index.mention_article[ment_pos]]]


@st.cache_resource(show_spinner=False, max_entries=2)
def _article_days(path: str, version: str) -> np.ndarray:
    """Each stored article's day (UTC), once per store version (read-only): the periods of What's new and of
    the Network's comparison are masks of it."""
    return changes.days(open_store(path, version).articles).to_numpy()


@st.cache_data(show_spinner=False, max_entries=512)
def filtered_positions(path: str, version: str, filters: Filters) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Row positions of the filtered articles and of their mentions, and an error for a bad text query.

    With actor types chosen, only mentions of actors of those types are kept.
    """
    s = open_store(path, version)
    error = None
    if filters.q.strip():
        try:
            ids = tuple(matching_ids(path, filters.q, s.articles["article_id"].to_numpy()))
        except QueryError as exc:
            ids, error = (), str(exc)
        filters = Filters(**{**filters.as_dict(), "search_ids": ids})
    keep = filter_mask(s.articles, s.mentions, filters, s.index, entities=s.entities)
    art_pos = np.flatnonzero(keep)
    if s.index is not None:
        mask = s.index.mention_mask(keep)
    else:
        mask = s.mentions["article_id"].isin(set(s.articles["article_id"].to_numpy()[keep])).to_numpy()
    if filters.actor_types:
        allowed = s.entities.loc[s.entities["type"].isin(set(filters.actor_types)), "entity_id"]
        if s.index is not None:
            mask &= s.index.entity_mask(allowed)
        else:
            mask &= s.mentions["entity_id"].isin(set(allowed)).to_numpy()
    return art_pos, np.flatnonzero(mask), error


@st.cache_data(show_spinner="Reading how the actors speak of each other…", max_entries=32)
def stance_network(path: str, version: str, filters: Filters, max_ties: int = 40):
    """``components.analysis.statements.stance_graph`` of the filtered statements, cut to its ``max_ties``
    strongest ties (what the figure draws), and its layout."""
    from components.analysis.statements import stance_graph, strongest_ties

    s = open_store(path, version)
    stm = s.statements.iloc[statement_rows(path, version, filters)]
    G = strongest_ties(stance_graph(stm, s.entity_names, dict(zip(s.entities["entity_id"], s.entities["type"])),
                                    focus=tuple(filters.actors)), max_ties)
    return G, layout(G)


@st.cache_resource(show_spinner=False, max_entries=2)
def store_incidence(path: str, version: str) -> network.StoreIncidence:
    """The store's article x actor incidence, once per store version; read-only."""
    return network.store_incidence(open_store(path, version).mentions)


@st.cache_data(show_spinner="Building the network…", max_entries=64)
def network_data(path: str, version: str, filters: Filters, options: network.NetworkOptions):
    """Graph, layout and centrality for one filter value and drawing options."""
    s = open_store(path, version)
    _, ment_pos, _ = filtered_positions(path, version, filters)
    # Filtered: the filtered actors are the question, and association is measured across the store.
    background = None
    if len(ment_pos) < len(s.mentions):  # ties counted per article read their NPMI off the store's incidence
        background = s.mentions if options.window else store_incidence(path, version)
    focus = network.focus_ids(filters.actors, filters.countries)
    if s.index is not None and not options.window:  # ties per article: the index's codes are enough
        ment_pos = s.index.tied(ment_pos)  # a dateline ties no actor
        G = network.cooccurrence_graph_from_codes(s.index.mention_article[ment_pos], s.index.mention_entity[ment_pos],
                                                  s.index.entity_values, s.entities, **options.graph_kwargs(),
                                                  focus=focus, background=background)
    else:
        ments = filtered_mentions(path, version, filters)  # taken once per filter, shared with the page
        G = network.cooccurrence_graph(ments, s.entities, **options.graph_kwargs(), focus=focus,
                                       background=background)
    return G, layout(G, random_state=options.random_state), network.centrality_table(G)


@st.cache_data(show_spinner=False, max_entries=128)
def spikes(path: str, version: str, filters: Filters, freq: str, latest: int | None = None):
    """Spikes of the filtered coverage, explained (only the ``latest`` ones when given)."""
    s = open_store(path, version)
    art_pos, ment_pos, _ = filtered_positions(path, version, filters)
    arts = filtered_articles(path, version, filters)
    pairs = _spike_pairs(path, version, freq) if s.index is not None and s.title_words is not None else None
    if pairs is not None:  # the articles per period off the store's period codes (a weekly count of a 100k
        # store's articles by their dates took 18 ms), over the filtered articles' own span as coverage() gives it
        counts = _period_counts(pairs[0], pairs[1][art_pos])
    else:
        cov = over_time.coverage(arts, freq=freq, unique_ids=s.index is not None)
        counts = cov.set_index("period")["count"] if not cov.empty else pd.Series(dtype=int)
    if counts.empty:
        return pd.DataFrame()
    conf = store_settings(path, version)
    sp = detect_spikes(counts, threshold=conf["spike_threshold"], baseline=conf["spike_baseline"])
    if latest is not None:
        sp = sp.iloc[len(sp) - min(len(sp), latest):]  # each spike is explained on its own
    kw = {}
    if pairs is not None:
        # The store's (article, actor) and (article, title word) pairs sorted by period, kept per
        # frequency: the filter only selects among them.
        starts, code, (a_art, a_code, a_ent), (w_art, w_code, w_item) = pairs
        keep = _marked(len(s.articles), art_pos)
        sa = keep[a_art]
        if filters.actor_types:
            allowed = s.entities.loc[s.entities["type"].isin(set(filters.actor_types)), "entity_id"]
            sa &= s.index.entity_table(allowed)[a_ent]
        sw = keep[w_art]
        kw = {"period_pairs": {"starts": starts, "art_code": code[art_pos],
                               "actors": (a_code[sa], a_ent[sa], s.index.entity_values),
                               "words": (w_code[sw], w_item[sw], s.title_words[2])}}
    ments = s.mentions.iloc[ment_pos] if not kw else s.mentions.iloc[:0]  # the codes are enough
    return explain_spikes(sp, arts, ments, freq=freq, names=s.entity_names, baseline=conf["spike_baseline"], **kw)


def _period_counts(starts: np.ndarray, codes: np.ndarray) -> pd.Series:
    """Articles per period (``starts``: every period's first day; ``codes``: each article's period, one past the
    last for none) from the first period with an article to the last, empty periods 0: the ``count`` of
    ``components.analysis.coverage.coverage`` over those articles, indexed by ``period``.

    >>> _period_counts(np.array(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"], dtype="datetime64[D]"),
    ...                np.array([1, 3, 1, 4])).to_dict()
    {Timestamp('2024-01-08 00:00:00'): 2, Timestamp('2024-01-15 00:00:00'): 0, Timestamp('2024-01-22 00:00:00'): 1}
    """
    per = np.bincount(codes, minlength=len(starts) + 1)[:len(starts)]
    nz = np.flatnonzero(per)
    if not len(nz):
        return pd.Series(dtype=int)
    span = slice(nz[0], nz[-1] + 1)
    return pd.Series(per[span], index=pd.DatetimeIndex(starts[span].astype("datetime64[us]"), name="period"),
                     name="count")


def _rows(frame: pd.DataFrame, pos: np.ndarray) -> pd.DataFrame:
    """``frame.iloc[pos]``, or ``frame`` itself when ``pos`` is every row in order (no filter: no copy)."""
    if len(pos) == len(frame) and (len(pos) == 0 or (pos[0] == 0 and pos[-1] == len(frame) - 1)):
        return frame
    return frame.iloc[pos]


@st.cache_resource(show_spinner=False, max_entries=8)
def filtered_articles(path: str, version: str, filters: Filters) -> pd.DataFrame:
    """The filtered articles, taken once per filter and shared by every session and rerun (read-only, like
    the store): taking them on every rerun was most of a 100k rerun whose numbers were all cached. With no
    filter they are the store's own frame."""
    art_pos, _, _ = filtered_positions(path, version, filters)
    return _rows(open_store(path, version).articles, art_pos)


@st.cache_resource(show_spinner=False, max_entries=8)
def filtered_mentions(path: str, version: str, filters: Filters) -> pd.DataFrame:
    """The filtered mentions, like :func:`filtered_articles`; taken only when a view asks (``Context.ments``):
    0.3 s for a new country at 100k articles, which the views counting from the index never need."""
    _, ment_pos, _ = filtered_positions(path, version, filters)
    return _rows(open_store(path, version).mentions, ment_pos)


@st.cache_resource(show_spinner=False, max_entries=16)
def focus_mentions(path: str, version: str, filters: Filters, entity_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Actor profile's actor: its filtered mentions and the filtered articles naming it, per filter and
    actor (read-only)."""
    s = open_store(path, version)
    rows = _focus_rows(path, version, filters, entity_id)
    mine = s.mentions.iloc[rows]
    arts = filtered_articles(path, version, filters)
    if s.index is None:
        return mine, arts[among(arts["article_id"], mine["article_id"])]
    art_pos, _, _ = filtered_positions(path, version, filters)  # by article row: no id lookups
    return mine, arts[_marked(len(s.articles), s.index.mention_article[rows])[art_pos]]


@st.cache_data(show_spinner=False, max_entries=32)
def _focus_rows(path: str, version: str, filters: Filters, entity_id: str) -> np.ndarray:
    """Store positions of ``entity_id``'s filtered mentions: by the actor's code in the store's index, not by
    comparing every mention's id (2.7M at 100k articles)."""
    s = open_store(path, version)
    _, ment_pos, _ = filtered_positions(path, version, filters)
    if s.index is None:
        return ment_pos[s.mentions["entity_id"].to_numpy()[ment_pos] == entity_id]
    code = s.index.entity_values.get_indexer([entity_id])[0]
    return ment_pos[s.index.mention_entity[ment_pos] == code] if code >= 0 else ment_pos[:0]


@st.cache_data(show_spinner=False, max_entries=32)
def actor_company(path: str, version: str, filters: Filters, entity_id: str, window: int,
                  top: int = 15) -> pd.DataFrame:
    """The actors seen with ``entity_id`` in the most filtered articles (``other, name, weight, npmi``): the
    Actor profile's "Who appears with", per filter and actor."""
    s = open_store(path, version)
    rows = _focus_rows(path, version, filters, entity_id)
    if s.index is None:
        ments = filtered_mentions(path, version, filters)
        ments = ments[among(ments["article_id"], s.mentions["article_id"].iloc[rows])]
        edges = network.cooccurrence_edges(ments, window=window)
    else:  # the filtered mentions of the actor's articles, by article position (no id lookups)
        _, ment_pos, _ = filtered_positions(path, version, filters)
        art = s.index.mention_article
        named = _marked(len(s.articles), art[rows])[:-1]  # the articles naming the actor
        sel = s.index.tied(_mentions_in(s.index, ment_pos, named))  # a dateline ties no actor
        if window:  # ties within a sentence window: the mentions' sentences
            edges = network.cooccurrence_edges(s.mentions.iloc[sel], window=window)
        else:  # ties per article: the actor's column of the incidence, from the index's codes
            first = s.index.mention_tie_first[sel] if s.index.mention_tie_first is not None else None
            edges = network.ego_edges_from_codes(art[sel], s.index.mention_entity[sel], s.index.entity_values,
                                                 entity_id, first)
    edges = edges[(edges["source"] == entity_id) | (edges["target"] == entity_id)].copy()
    edges["other"] = edges["source"].where(edges["target"] == entity_id, edges["target"])
    out = edges.sort_values(["weight", "npmi"], ascending=False, kind="stable").head(top)
    return out.assign(name=out["other"].map(s.entity_names))[["other", "name", "weight", "npmi"]]


@st.cache_data(show_spinner=False, max_entries=32)
def actor_rules(path: str, version: str, filters: Filters, entity_id: str) -> pd.DataFrame:
    """How the actor's filtered mentions were resolved (``components.analysis.provenance.rule_counts``),
    per filter and actor."""
    from components.analysis.provenance import rule_counts

    return rule_counts(focus_mentions(path, version, filters, entity_id)[0])


@st.cache_data(show_spinner=False, max_entries=32)
def actor_statements(path: str, version: str, filters: Filters, entity_id: str, limit: int, small_n: int) -> dict:
    """The Actor profile's statements, per filter and actor: how many it made in the filtered articles naming
    it (``n_said``) and how many name it (``n_heard``), the newest ``limit`` of each as tables (``said``,
    ``heard``) and what it said by month and stance (``timeline``, None when it said nothing or the store
    has no stances)."""
    s = open_store(path, version)
    _, arts = focus_mentions(path, version, filters, entity_id)
    every = filtered_articles(path, version, filters)
    said_rows = s.statements.iloc[statement_rows_by(path, version, entity_id)]
    heard_rows = s.statements.iloc[statement_rows_about(path, version, entity_id)]
    said_in = said_rows[among(said_rows["article_id"], arts["article_id"])]
    n_heard = int(among(heard_rows["article_id"], every["article_id"]).sum())
    timeline = None
    if len(said_in) and "stance" in said_rows:
        timeline = stance_timeline(said_in, arts, freq="M", small_n=small_n)
    return {"n_said": len(said_in), "n_heard": n_heard, "timeline": timeline,
            "said": statement_table(said_rows, arts, s.entity_names, limit=limit),
            "heard": statement_table(heard_rows, every, s.entity_names, limit=limit)}


def filtered_frames(path: str, version: str, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(filtered_articles, filtered_mentions)``."""
    return filtered_articles(path, version, filters), filtered_mentions(path, version, filters)


@st.cache_resource(show_spinner=False, max_entries=6)
def _spike_pairs(path: str, version: str, freq: str):
    """Per store version and frequency: each article's period code, and the distinct (article,
    actor) and (article, title word) pairs sorted by period (article position, period code, item code)."""
    s = open_store(path, version)
    starts, code = over_time.period_codes(s.articles["published"], freq)
    code = np.append(code, len(starts))  # a mention of no stored article: no period
    ix = s.index
    first = np.flatnonzero(ix.mention_first & (ix.mention_entity >= 0))
    a_art, a_ent = ix.mention_article[first], ix.mention_entity[first]
    order = np.argsort(code[a_art], kind="stable")
    a_art, a_ent = a_art[order], a_ent[order]
    w_art, w_item, _ = s.title_words
    w_order = np.argsort(code[w_art], kind="stable")
    w_art, w_item = w_art[w_order], w_item[w_order]
    return starts, code[:-1], (a_art, code[a_art], a_ent), (w_art, code[w_art], w_item)


@st.cache_resource(show_spinner=False, max_entries=2)
def sidebar_options(path: str, version: str) -> dict:
    """The sidebar's choices (``dashboard.state.options_for``), once per store version; read-only."""
    return options_for(open_store(path, version))


@st.cache_resource(show_spinner=False, max_entries=16)
def period_totals(path: str, version: str, freq: str, unit: str = "articles") -> pd.Series:
    """The whole store's articles (or stories) per period, for coverage shares; read-only."""
    s = open_store(path, version)
    return over_time.period_totals(s.articles, freq=freq, unit=unit, unique_ids=s.index is not None)


def coverage(store: Store, arts: pd.DataFrame, **kw) -> pd.DataFrame:
    """``components.analysis.coverage.coverage`` with ``all_articles`` the whole store, its totals cached per store version."""
    freq, unit = kw.get("freq", "W"), kw.get("unit", "articles")
    kw.setdefault("small_n", store_settings(store.path, store.hash)["small_n"])
    return over_time.coverage(arts, totals=period_totals(store.path, store.hash, freq, unit),
                              unique_ids=store.index is not None, **kw)


@st.cache_data(show_spinner=False, max_entries=128)
def top_actors(path: str, version: str, filters: Filters, n: int = 12) -> pd.DataFrame:
    """The ``n`` people, organisations and places in the most filtered articles (Overview)."""
    s = open_store(path, version)
    _, ment_pos, _ = filtered_positions(path, version, filters)
    kw = {}
    if s.index is not None:
        kw = {"mention_article": s.index.mention_article[ment_pos],
              "mention_entity": (s.index.mention_entity[ment_pos], s.index.entity_values),
              "mention_first": s.index.mention_first[ment_pos]}
    ments = s.mentions.iloc[ment_pos] if not kw else s.mentions.iloc[:0]  # the codes are enough
    return most_covered_actors(ments, s.entities, n=n, names=s.entity_names, **kw)


@st.cache_data(show_spinner=False, max_entries=128)
def country_counts(path: str, version: str, filters: Filters, unit: str = "articles") -> pd.DataFrame:
    """``components.analysis.counts.country_coverage`` of the filtered articles (``country, count``)."""
    s = open_store(path, version)
    art_pos, _, _ = filtered_positions(path, version, filters)
    kw = {}
    if s.index is not None and unit == "articles":
        hit = _marked(len(s.articles), art_pos)[s.index.country_article]
        kw = {"pairs": (s.index.country_article[hit], s.index.country_code[hit], s.index.country_values)}
    return country_coverage(s.articles.iloc[art_pos], unit=unit, **kw)


@st.cache_resource(show_spinner=False, max_entries=2)
def _place_codes(path: str, version: str) -> tuple[np.ndarray, np.ndarray]:
    """Per actor code (and a last slot for none): is it a place with a point? And each article's story code
    (a last slot for a mention of no stored article). Read-only, once per store version."""
    s = open_store(path, version)
    ix = s.index
    mapped = set(s.entities.loc[mapped_places(s.entities).to_numpy(), "entity_id"])
    geo = np.append(ix.entity_values.isin(mapped), False)
    story = pd.factorize(s.articles["story_id"])[0] if "story_id" in s.articles else np.arange(len(s.articles))
    return geo, np.append(story, -1).astype(np.int64)


@st.cache_data(show_spinner=False, max_entries=128)
def place_counts(path: str, version: str, filters: Filters, unit: str = "articles") -> pd.DataFrame:
    """Filtered articles (or stories) per place with a point (``components.analysis.counts.place_coverage``),
    for the map; empty when the store's actors have no ``lat``/``lon``."""
    s = open_store(path, version)
    if not {"lat", "lon"} <= set(s.entities.columns):
        return place_coverage(s.mentions.iloc[:0], s.entities.iloc[:0])
    _, ment_pos, _ = filtered_positions(path, version, filters)
    if s.index is None:
        return place_coverage(s.mentions.iloc[ment_pos], s.entities, unit=unit, articles=s.articles)
    ix = s.index
    geo, story = _place_codes(path, version)
    codes = ix.mention_entity[ment_pos]
    if unit != "stories":  # an article counts once per place: its first mention of it
        sel = ment_pos[geo[codes] & ix.mention_first[ment_pos]]
        return place_coverage(s.mentions.iloc[:0], s.entities, distinct=True,
                              pairs=(ix.mention_article[sel], ix.mention_entity[sel], ix.entity_values))
    sel = ment_pos[geo[codes]]
    key = story[ix.mention_article[sel].astype(np.int64)]
    return place_coverage(s.mentions.iloc[:0], s.entities, pairs=(key, ix.mention_entity[sel], ix.entity_values))


@st.cache_resource(show_spinner=False, max_entries=2)
def _unanalysed_languages(path: str, version: str) -> tuple[np.ndarray, pd.Index] | None:
    """Each article's language as a code among the languages the English model did not read (-1 for
    English and undetermined, which it did), and those languages; None when it read every article
    (or the store predates the ``language`` column)."""
    from components.build.language import analysed_by_english

    s = open_store(path, version)
    if "language" not in s.articles:
        return None
    lang = s.articles["language"].fillna("").astype(str)
    codes, values = pd.factorize(lang)
    skipped = np.array([not analysed_by_english(v) for v in values], dtype=bool)
    if not skipped.any():
        return None
    keep = np.flatnonzero(skipped)
    remap = np.full(len(values) + 1, -1, dtype=np.int64)  # the last slot: code -1 (no value)
    remap[keep] = np.arange(len(keep))
    return remap[codes], pd.Index(values[keep])


@st.cache_data(show_spinner=False, max_entries=128)
def languages_not_analysed(path: str, version: str, filters: Filters) -> dict[str, int]:
    """Filtered articles per language the English model did not read for actors (ISO 639-1 -> count,
    most first); empty when there are none."""
    found = _unanalysed_languages(path, version)
    if found is None:
        return {}
    codes, values = found
    art_pos, _, _ = filtered_positions(path, version, filters)
    c = codes[art_pos]
    counts = np.bincount(c[c >= 0], minlength=len(values))
    order = sorted(np.flatnonzero(counts), key=lambda i: (-counts[i], values[i]))
    return {str(values[i]): int(counts[i]) for i in order}


@st.cache_data(show_spinner=False, max_entries=128)
def topic_countries(path: str, version: str, filters: Filters, top: int = 12) -> pd.DataFrame:
    """Filtered articles per topic and focus country (``components.analysis.counts.topic_country_counts``)."""
    s = open_store(path, version)
    art_pos, _, _ = filtered_positions(path, version, filters)
    arts = s.articles.iloc[art_pos]
    kw = {}
    if s.index is not None:
        row = np.full(len(s.articles), -1, dtype=np.int64)
        row[art_pos] = np.arange(len(art_pos))
        rows = row[s.index.country_article]
        hit = rows >= 0
        kw = {"pairs": (rows[hit], s.index.country_code[hit], s.index.country_values)}
    return topic_country_counts(arts, top=top, **kw)


@st.cache_data(show_spinner=False, max_entries=128)
def actor_counts(path: str, version: str, filters: Filters) -> pd.Series:
    """Filtered articles per actor, most first (ties in order of first mention): what
    ``ments.drop_duplicates(["article_id", "entity_id"])["entity_id"].value_counts()`` gives."""
    s = open_store(path, version)
    _, ment_pos, _ = filtered_positions(path, version, filters)
    if s.index is None:
        return s.mentions.iloc[ment_pos].drop_duplicates(["article_id", "entity_id"])["entity_id"].value_counts()
    codes = s.index.mention_entity[ment_pos]
    n = len(s.index.entity_values)
    counts = np.bincount(codes[s.index.mention_first[ment_pos] & (codes >= 0)], minlength=n)
    order = pd.unique(codes[codes >= 0])  # actors in order of first mention
    out = pd.Series(counts[order], index=pd.Index(s.index.entity_values[order], name="entity_id"), name="count")
    return out.sort_values(ascending=False, kind="stable")


@st.cache_resource(show_spinner=False, max_entries=2)
def _statement_targets(path: str, version: str):
    """The statements' ``targets`` exploded: (statement position, actor code), and the actor ids."""
    s = open_store(path, version)
    ex = s.statements["targets"].reset_index(drop=True).explode().dropna()
    codes, values = pd.factorize(ex)
    return ex.index.to_numpy(dtype=np.int64), codes, pd.Index(values)


@st.cache_data(show_spinner=False, max_entries=64)
def statement_rows_about(path: str, version: str, entity_id: str) -> np.ndarray:
    """Row positions of ``components.analysis.statements.about(store.statements, entity_id)``."""
    rows, codes, values = _statement_targets(path, version)
    code = values.get_indexer([entity_id])[0]
    return np.unique(rows[codes == code]) if code >= 0 else np.array([], dtype=np.int64)


@st.cache_data(show_spinner=False, max_entries=64)
def statement_rows_by(path: str, version: str, entity_id: str) -> np.ndarray:
    """Row positions of the statements ``entity_id`` speaks (the Actor profile's "What X said")."""
    s = open_store(path, version)
    return np.flatnonzero((s.statements["speaker_id"] == entity_id).to_numpy(dtype=bool, na_value=False))


@st.cache_resource(show_spinner=False, max_entries=2)
def _statement_articles(path: str, version: str) -> np.ndarray:
    """Each statement's article position in ``Store.articles`` (``len(articles)`` when not there)."""
    s = open_store(path, version)
    pos = s.index.article_index.get_indexer(s.statements["article_id"])
    return np.where(pos < 0, len(s.articles), pos)


def statement_articles(store: Store, filters: Filters, statements: pd.DataFrame) -> np.ndarray:
    """Each of ``statements``' (rows of ``Store.statements`` under ``filters``) article: its row in the
    filtered articles, or -1. From the store's index when there is one (no string lookup: 0.08 s for
    525,000 statements at 100k articles)."""
    art_pos, _, _ = filtered_positions(store.path, store.hash, filters)
    if store.index is None or not isinstance(store.statements.index, pd.RangeIndex) or not len(art_pos):
        arts = store.articles.iloc[art_pos]
        return pd.Index(arts["article_id"]).get_indexer(statements["article_id"])
    return _in_filtered(store, art_pos, statements.index.to_numpy())


def _in_filtered(store: Store, art_pos: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The statements at ``rows`` of ``Store.statements``: each one's article as a row of the filtered
    articles (whose store rows are ``art_pos``, sorted), or -1."""
    of = _statement_articles(store.path, store.hash)[rows]
    if not len(art_pos):
        return np.full(len(rows), -1)
    at = np.searchsorted(art_pos, of).clip(max=len(art_pos) - 1)
    return np.where(art_pos[at] == of, at, -1)


@st.cache_data(show_spinner=False, max_entries=64)
def statement_rows(path: str, version: str, filters: Filters) -> np.ndarray:
    """Row positions of the statements of the filtered articles, in ``Store.statements`` order."""
    s = open_store(path, version)
    art_pos, _, _ = filtered_positions(path, version, filters)
    if s.index is None:
        keep = set(s.articles["article_id"].to_numpy()[art_pos])
        return np.flatnonzero(s.statements["article_id"].isin(keep).to_numpy())
    return np.flatnonzero(_marked(len(s.articles), art_pos)[_statement_articles(path, version)])


@st.cache_resource(show_spinner=False, max_entries=2)
def _statement_codes(path: str, version: str) -> dict:
    """Once per store version: every statement's speaker and verb as codes, and every (statement, target)
    pair as (row, code), so a filter's choices are counts of codes instead of strings."""
    s = open_store(path, version)
    stm = s.statements
    speaker, speakers = pd.factorize(stm["speaker_id"].fillna("").to_numpy())
    verb, verbs = pd.factorize(stm["verb"].fillna("").to_numpy())
    flat = stm["targets"].reset_index(drop=True).explode().dropna()
    target, targets = pd.factorize(flat.to_numpy())
    return {"speaker": speaker, "speakers": np.asarray(speakers, dtype=object), "verb": verb,
            "verbs": np.asarray(verbs, dtype=object), "target_row": flat.index.to_numpy(), "target": target,
            "targets": np.asarray(targets, dtype=object)}


def _most(codes: np.ndarray, values: np.ndarray, n: int, skip=("",)) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` most frequent of ``values[codes]`` and their counts, most first (ties in code order),
    ``skip`` left out."""
    counts = np.bincount(codes, minlength=len(values))
    order = np.array([i for i in np.argsort(-counts, kind="stable") if counts[i] and values[i] not in skip][:n],
                     dtype=np.intp)
    return values[order], counts[order]


@st.cache_data(show_spinner=False, max_entries=64)
def statement_choices(path: str, version: str, filters: Filters, n: int) -> dict[str, list]:
    """The Statements view's boxes for the filtered statements: the ``n`` most quoted speakers and the ``n``
    actors most spoken about (most first), and every verb (sorted). Counted from codes built once per store
    (exploding the targets of 525,000 statements for each filter took 0.6 s at 100k articles)."""
    c = _statement_codes(path, version)
    rows = statement_rows(path, version, filters)
    keep = np.zeros(len(c["speaker"]), dtype=bool)
    keep[rows] = True
    verbs = np.unique(c["verb"][rows])
    return {"speakers": list(_most(c["speaker"][rows], c["speakers"], n)[0]),
            "targets": list(_most(c["target"][keep[c["target_row"]]], c["targets"], n)[0]),
            "verbs": sorted(v for v in c["verbs"][verbs] if v)}


def _selection_rows(path: str, version: str, filters: Filters, speakers: tuple = (), about: tuple = (),
                    verbs: tuple = (), kind: str = "all", stances: tuple = ()) -> np.ndarray | None:
    """Row positions in ``Store.statements`` of :func:`statement_selection`, from the codes of
    :func:`_statement_codes` (no copy of the statements' frame: 0.13 s for a country at 100k articles);
    None for a store without a row-numbered statements frame."""
    s = open_store(path, version)
    if s.index is None or not isinstance(s.statements.index, pd.RangeIndex):
        return None
    rows = statement_rows(path, version, filters)
    c = _statement_codes(path, version)
    keep = np.ones(len(rows), dtype=bool)
    if speakers:
        keep &= np.isin(c["speakers"], list(speakers))[c["speaker"][rows]]
    if about:
        hit = np.zeros(len(s.statements), dtype=bool)
        hit[c["target_row"][np.isin(c["targets"], list(about))[c["target"]]]] = True
        keep &= hit[rows]
    if verbs:
        keep &= np.isin(c["verbs"], list(verbs))[c["verb"][rows]]
    if kind != "all":
        keep &= s.statements["kind"].to_numpy()[rows] == kind
    if stances and "stance" in s.statements:
        keep &= np.isin(s.statements["stance"].to_numpy()[rows], list(stances))
    return rows[keep]


@st.cache_resource(show_spinner=False, max_entries=8)
def statement_selection(path: str, version: str, filters: Filters, speakers: tuple = (), about: tuple = (),
                        verbs: tuple = (), kind: str = "all", stances: tuple = ()) -> pd.DataFrame:
    """The filtered statements narrowed by the Statements view's boxes (read-only, like the store)."""
    s = open_store(path, version)
    rows = _selection_rows(path, version, filters, speakers, about, verbs, kind, stances)
    if rows is not None:
        return s.statements.iloc[rows]
    stm = s.statements.iloc[statement_rows(path, version, filters)]
    if speakers:
        stm = stm[stm["speaker_id"].isin(speakers)]
    if about:
        stm = stm[stm["targets"].map(lambda t: bool(set(about) & set(list(t) if t is not None else [])))]
    if verbs:
        stm = stm[stm["verb"].isin(verbs)]
    if kind != "all":
        stm = stm[stm["kind"] == kind]
    if stances and "stance" in stm:
        stm = stm[stm["stance"].isin(stances)]
    return stm


def _by_speaker(s: Store, stm: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """``statements_by_speaker`` of ``stm`` (rows of ``s.statements``), counted from the speakers' codes
    (:func:`_statement_codes`) instead of their ids: most first, ties in code order."""
    if not isinstance(s.statements.index, pd.RangeIndex):
        return statements_by_speaker(stm, s.entity_names, top)
    return _by_speaker_codes(s, stm.index.to_numpy(), top)


def _by_speaker_codes(s: Store, rows: np.ndarray, top: int = 15) -> pd.DataFrame:
    """:func:`_by_speaker` of the statements at ``rows`` of ``s.statements``, from the speakers' codes."""
    c = _statement_codes(s.path, s.hash)
    ids, counts = _most(c["speaker"][rows], c["speakers"], top)
    return pd.DataFrame({"speaker_id": ids, "name": [s.entity_names.get(e, e) for e in ids], "statements": counts})


@st.cache_data(show_spinner=False, max_entries=32)
def statement_summary(path: str, version: str, filters: Filters, speakers: tuple = (), about: tuple = (),
                      verbs: tuple = (), kind: str = "all", stances: tuple = (), limit: int = 60,
                      small_n: int = 20) -> dict:
    """What the Statements view shows of :func:`statement_selection`, per filter and boxes: ``n``, the
    share ``attributed`` to an actor, the newest ``limit`` as a ``table``, the rows of the filtered articles
    they come from (``article_rows``), statements per speaker (``by_speaker``) and per month
    (``per_month``), and with a speaker or target chosen how they speak of each other by week
    (``timeline``, else None)."""
    s = open_store(path, version)
    arts = filtered_articles(path, version, filters)
    rows = _selection_rows(path, version, filters, speakers, about, verbs, kind, stances)
    if rows is None:  # no codes: the statements' frame itself
        stm = statement_selection(path, version, filters, speakers, about, verbs, kind, stances)
        where = statement_articles(s, filters, stm)
        n, attributed = len(stm), float((stm["speaker_id"].fillna("") != "").mean()) if len(stm) else 0.0
        table, by_speaker = statement_table(stm, arts, s.entity_names, limit=limit), _by_speaker(s, stm)
    else:  # counted from codes; only the page's newest ``limit`` statements are taken from the frame
        art_pos, _, _ = filtered_positions(path, version, filters)
        where = _in_filtered(s, art_pos, rows)
        c = _statement_codes(path, version)
        n = len(rows)
        attributed = float((c["speakers"][c["speaker"][rows]] != "").mean()) if n else 0.0
        when = arts["published"].to_numpy(dtype="datetime64[ns]")[where.clip(min=0)].astype("int64")
        when[where < 0] = np.iinfo(np.int64).min  # not in the filtered articles: never among the newest
        page = newest(when, limit)
        page = page[where[page] >= 0]
        table = statement_table(s.statements.iloc[rows[page]], arts, s.entity_names, positions=where[page])
        by_speaker = _by_speaker_codes(s, rows)
        stm = s.statements.iloc[rows] if "stance" in s.statements and (speakers or about) else None
    # One row per statement, dated by its article, so coverage() counts statements.
    dated = arts["published"].iloc[where[where >= 0]].reset_index(drop=True)
    per_month = over_time.coverage(pd.DataFrame({"article_id": np.arange(len(dated)), "published": dated}),
                                   freq="M", small_n=small_n, unique_ids=True)
    timeline = None
    if stm is not None and "stance" in stm and (speakers or about):
        timeline = stance_timeline(stm, arts, freq="W", small_n=small_n)
    return {"n": n, "attributed": attributed, "table": table, "article_rows": np.unique(where[where >= 0]),
            "by_speaker": by_speaker, "per_month": per_month, "timeline": timeline}


@st.cache_data(show_spinner=False, max_entries=16)
def texts(path: str, version: str, ids: tuple[str, ...]) -> pd.Series:
    """The ``text`` of these articles (indexed by article id), read from disk by id.

    Few entries: an actor's sentences can need thousands of texts, which the store keeps on disk.
    """
    s = open_store(path, version)
    pos = None
    if s.index is not None:
        pos = s.index.article_index.get_indexer(list(ids))
        ids = tuple(i for i, p in zip(ids, pos) if p >= 0)
        pos = pos[pos >= 0]
    return article_texts(path, ids, positions=pos)


def with_texts(store: Store, arts: pd.DataFrame) -> pd.DataFrame:
    """``arts`` (a few articles of the store) with their ``text`` column, for a view that shows texts."""
    t = texts(store.path, store.hash, tuple(arts["article_id"]))
    return arts.assign(text=arts["article_id"].map(t).to_numpy())


def data_dir() -> str:
    """The store folder (setting ``data``), read each run: it names the store the other settings are
    resolved for (:func:`store_settings`)."""
    return str(Path(settings.resolve()["data"]))


@st.cache_data(show_spinner="Comparing the two periods…", max_entries=64)
def period_comparison(path: str, version: str, filters: Filters, a_from, a_to, b_from, b_to,
                      options: network.NetworkOptions):
    """The Network page's "Compare two periods": ``(diff, G, pos, n_a, n_b)``, where ``G`` holds the ties
    that changed, drawn at the main network's positions (``network_data``'s layout; actors not in the main
    network go on the border around it), so nothing is laid out again."""
    s = open_store(path, version)
    kw = dict(types=list(options.types) or None, min_weight=options.min_weight, max_nodes=options.max_nodes,
              random_state=options.random_state)
    if s.index is not None and not options.window:  # ties per article: the index's codes are enough
        art_pos, ment_pos, _ = filtered_positions(path, version, filters)
        day = _article_days(path, version)
        kept = _marked(len(s.articles), art_pos)[:-1]
        in_a = kept & (day >= np.datetime64(a_from)) & (day <= np.datetime64(a_to))
        in_b = kept & (day >= np.datetime64(b_from)) & (day <= np.datetime64(b_to))
        ment_pos = s.index.tied(ment_pos)  # a dateline ties no actor
        sel_a, sel_b = _mentions_in(s.index, ment_pos, in_a), _mentions_in(s.index, ment_pos, in_b)
        art, ent = s.index.mention_article, s.index.mention_entity
        diff, G = period_change_graph_from_codes(art[sel_a], ent[sel_a], art[sel_b], ent[sel_b], s.index.entity_values,
                                                 s.entities, **kw)
        n_a, n_b = int(in_a.sum()), int(in_b.sum())
    else:
        ma, mb, n_a, n_b = period_mentions(*filtered_frames(path, version, filters), a_from, a_to, b_from, b_to)
        diff, G = period_change_graph(ma, mb, s.entities, window=options.window, **kw)
    _, main_pos, _ = network_data(path, version, filters, options)
    return diff, G, extend_layout(G, main_pos), n_a, n_b


@st.cache_data(show_spinner="Comparing with the period before…", max_entries=32)
def changes_since(path: str, version: str, filters: Filters, since: str, watched: tuple[str, ...] = (),
                  top: int = 10) -> dict:
    """What's new: the filtered articles from ``since`` to the store's last day against the period of the
    same length before (``components.analysis.changes``), as a dict of frames plus the ``periods``."""
    s = open_store(path, version)
    day = _article_days(path, version)
    dated = np.flatnonzero(~np.isnat(day))
    # the period ends on the store's last day: read off the cached days, not the whole store's dates again
    p = changes.periods(s.articles.iloc[dated[[day[dated].argmax()]] if len(dated) else []], since)
    recent, ments, seen_before = _recent_frames(path, version, filters, p)
    small_n = store_settings(path, version)["small_n"]
    pairs = changes.actor_pairs(recent, ments)  # asked twice below
    moved = changes.coverage_changes(recent, ments, p, names=s.entity_names, n=top, small_n=small_n, pairs=pairs)
    speakers = list(dict.fromkeys(list(moved.loc[moved["direction"] == "rose", "entity_id"]) + list(watched)))
    sp = spikes(path, version, filters, "D" if p.days < 21 else "W")
    return {"periods": p,
            "new": changes.first_appearances(recent, ments, p, names=s.entity_names, pairs=pairs,
                                             seen_before=seen_before),
            "moved": moved,
            "ties": changes.tie_changes(recent, ments, p, names=s.entity_names, n=top),
            # the period's and the one before's articles are all these two read
            "statements": changes.new_statements(s.statements, recent, p, speakers, names=s.entity_names),
            "topics": changes.topic_growth(recent, p, labels=s.topic_labels, small_n=small_n),
            "spikes": changes.spikes_in_period(sp, p)}


def _recent_frames(path: str, version: str, filters: Filters, p) -> tuple[pd.DataFrame, pd.DataFrame, frozenset]:
    """What's new reads only the period and the one before it: the filtered articles of those days, their
    filtered mentions (the columns the changes read), and the actors the filtered articles mention before
    ``p.since`` (from the index's codes), so an actor is "new" only when the whole filtered archive never
    named it. Taking every filtered mention of four years was 0.34 s of a 100k rerun."""
    s = open_store(path, version)
    arts = filtered_articles(path, version, filters)
    art_pos, ment_pos, _ = filtered_positions(path, version, filters)
    cols = [c for c in ("article_id", "entity_id", "sent") if c in s.mentions.columns]
    if s.index is None:  # no codes: every filtered mention
        ments = filtered_mentions(path, version, filters)[cols]
        return arts, ments, frozenset()
    day = _article_days(path, version)
    window = (day >= np.datetime64(p.before_from)) & (day <= np.datetime64(p.until))
    recent = arts[window[art_pos]]
    ments = s.mentions[cols].iloc[_mentions_in(s.index, ment_pos, window)]
    codes = np.unique(s.index.mention_entity[_mentions_in(s.index, ment_pos, day < np.datetime64(p.since))])
    return recent, ments, frozenset(s.index.entity_values.take(codes))


@st.cache_data(show_spinner=False, max_entries=64)
def watched_articles(path: str, version: str, actors: tuple[str, ...], terms: tuple[str, ...]) -> dict:
    """The store's articles matching each watched actor and term (``changes.watch_matches``), once per
    store version and watchlist instead of a scan of every mention on each rerun."""
    s = open_store(path, version)
    return changes.watch_matches(s.articles, s.mentions, actors, {t: term_ids(path, version, t) for t in terms})


@st.cache_data(show_spinner=False, max_entries=64)
def term_ids(path: str, version: str, term: str) -> tuple[str, ...]:
    """The articles the full-text index matches for a watched search term (none for a bad query)."""
    s = open_store(path, version)
    try:
        return tuple(matching_ids(path, term, s.articles["article_id"].to_numpy()))
    except QueryError:
        return ()
