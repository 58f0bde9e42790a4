"""The only caching in the repo: the store once per store version, filter results per filter value."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from components import network, timeline
from components.filters import Filters, filter_ids
from components.search import QueryError, search
from components.store import load_store, read_manifest


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


def store_version(path: str) -> str:
    """The store's content hash (re-read every run: a cheap JSON file)."""
    return read_manifest(path).get("store_hash", "")


@st.cache_resource(show_spinner="Opening the store…", max_entries=2)
def open_store(path: str, version: str) -> Store:
    """Read the store once per version; shared read-only by every session."""
    t = load_store(path, tables=("articles", "entities", "mentions", "topics", "statements"))
    arts = t["articles"]
    arts["countries"] = arts["countries"].map(lambda c: list(c) if c is not None else [])
    ents = t["entities"]
    names = dict(zip(ents["entity_id"], ents["name"]))
    countries = ents[ents["type"] == "country"]
    country_names = dict(zip(countries["country"], countries["name"]))
    from components.gazetteer import load_gazetteer

    gz = load_gazetteer()
    for iso in set(c for cs in arts["countries"] for c in cs) - set(country_names):
        eid = f"country:{iso}"
        country_names[iso] = gz.entities.loc[eid, "name"] if eid in gz.entities.index else iso
    topics = t.get("topics", pd.DataFrame(columns=["topic_id", "label"]))
    from components.quotes import STATEMENT_COLUMNS

    statements = t.get("statements", pd.DataFrame(columns=STATEMENT_COLUMNS))
    return Store(path, version, t["manifest"], arts, t["mentions"], ents, topics, statements, t["rejects"], names,
                 country_names, dict(zip(topics["topic_id"], topics["label"])))


@st.cache_data(show_spinner=False, max_entries=512)
def filtered_positions(path: str, version: str, filters: Filters) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Row positions of the filtered articles and of their mentions, and an error for a bad text query.

    With actor types chosen, only mentions of actors of those types are kept.
    """
    s = open_store(path, version)
    error = None
    if filters.q.strip():
        try:
            ids = tuple(search(path, filters.q))
        except QueryError as exc:
            ids, error = (), str(exc)
        filters = Filters(**{**filters.as_dict(), "search_ids": ids})
    keep = set(filter_ids(s.articles, s.mentions, filters))
    art_pos = np.flatnonzero(s.articles["article_id"].isin(keep).to_numpy())
    mask = s.mentions["article_id"].isin(keep)
    if filters.actor_types:
        allowed = set(s.entities.loc[s.entities["type"].isin(set(filters.actor_types)), "entity_id"])
        mask &= s.mentions["entity_id"].isin(allowed)
    return art_pos, np.flatnonzero(mask.to_numpy()), error


@st.cache_data(show_spinner="Building the network…", max_entries=64)
def network_data(path: str, version: str, filters: Filters, types: tuple, score: str, min_weight: int,
                 max_nodes: int, window: int):
    """Graph, layout and centrality for one filter value and drawing options."""
    s = open_store(path, version)
    _, ment_pos, _ = filtered_positions(path, version, filters)
    ments = s.mentions.iloc[ment_pos]
    G = network.cooccurrence_graph(ments, s.entities, window=window, score=score, min_weight=min_weight,
                                   max_nodes=max_nodes, types=list(types) or None)
    return G, network.layout(G), network.centrality_table(G)


@st.cache_data(show_spinner=False, max_entries=128)
def spikes(path: str, version: str, filters: Filters, freq: str):
    """Spikes of the filtered coverage, explained."""
    s = open_store(path, version)
    art_pos, ment_pos, _ = filtered_positions(path, version, filters)
    arts = s.articles.iloc[art_pos]
    cov = timeline.coverage(arts, freq=freq)
    if cov.empty:
        return pd.DataFrame()
    counts = cov.set_index("period")["count"]
    sp = timeline.detect_spikes(counts)
    return timeline.explain_spikes(sp, arts, s.mentions.iloc[ment_pos], freq=freq, names=s.entity_names)


def data_dir() -> str:
    from components import settings

    return str(Path(settings.get("data")))


@st.cache_data(show_spinner="Comparing the two periods…", max_entries=64)
def period_comparison(path: str, version: str, filters: Filters, a_from, a_to, b_from, b_to, types: tuple,
                      score: str, min_weight: int, max_nodes: int, window: int):
    """The Network page's "Compare two periods": ``(diff, G, pos, n_a, n_b)``, where ``G`` holds the ties
    that changed, drawn at the main network's positions (``network_data``'s layout; actors not in the main
    network go on the border around it), so nothing is laid out again."""
    s = open_store(path, version)
    art_pos, ment_pos, _ = filtered_positions(path, version, filters)
    ma, mb, n_a, n_b = network.period_mentions(s.articles.iloc[art_pos], s.mentions.iloc[ment_pos],
                                               a_from, a_to, b_from, b_to)
    diff, G = network.period_change_graph(ma, mb, s.entities, types=list(types) or None, min_weight=min_weight,
                                          max_nodes=max_nodes, window=window)
    _, main_pos, _ = network_data(path, version, filters, types, score, min_weight, max_nodes, window)
    return diff, G, network.extend_layout(G, main_pos), n_a, n_b
