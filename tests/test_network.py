from __future__ import annotations

import math

import pandas as pd
import pytest

from components.network import (centrality_table, compare_periods, cooccurrence_edges, cooccurrence_graph,
                                edge_evidence, ego_graph, layout)


@pytest.fixture()
def mentions():
    # Four articles: USA is a hub in all of them; PRK and KIM always together.
    rows = [("1", "country:USA"), ("1", "country:PRK"), ("1", "person:kim"),
            ("2", "country:USA"), ("2", "country:PRK"), ("2", "person:kim"),
            ("3", "country:USA"), ("3", "country:JPN"),
            ("4", "country:USA"), ("4", "country:JPN"), ("4", "country:PRK")]
    return pd.DataFrame(rows, columns=["article_id", "entity_id"])


def edge(e, a, b):
    row = e[(e["source"] == min(a, b)) & (e["target"] == max(a, b))]
    return row.iloc[0]


def test_weights_count_articles(mentions):
    e = cooccurrence_edges(mentions)
    assert edge(e, "country:USA", "country:PRK")["weight"] == 3
    assert edge(e, "country:PRK", "person:kim")["weight"] == 2


def test_npmi_penalises_the_hub(mentions):
    e = cooccurrence_edges(mentions)
    # p(usa)=1, so USA ties are exactly at chance: npmi 0.
    assert edge(e, "country:USA", "country:JPN")["npmi"] == 0
    # PRK (3/4) and Kim (2/4) together in 2/4: log((1/2)/(3/8)) / -log(1/2)
    assert edge(e, "country:PRK", "person:kim")["npmi"] == pytest.approx(math.log(4 / 3) / math.log(2), abs=1e-3)


def test_window_restricts_to_nearby_sentences():
    m = pd.DataFrame({"article_id": ["1", "1", "1"], "entity_id": ["a", "b", "c"], "sent": [0, 0, 5]})
    e = cooccurrence_edges(m, window=2)
    assert list(zip(e["source"], e["target"])) == [("a", "b")]


def test_pruning(mentions):
    G = cooccurrence_graph(mentions, score="count", min_weight=3, max_nodes=10)
    assert sorted(G.edges) == [("country:USA", "country:PRK")] or sorted(G.edges) == [("country:PRK", "country:USA")]
    G = cooccurrence_graph(mentions, score="count", min_weight=1, max_nodes=2)
    assert set(G.nodes) == {"country:USA", "country:PRK"}
    G = cooccurrence_graph(mentions, score="npmi", min_weight=1)
    assert "country:USA" not in G  # every USA tie is at chance level


def test_communities_are_seeded_and_stable(mentions):
    a = cooccurrence_graph(mentions, score="count", min_weight=1)
    b = cooccurrence_graph(mentions, score="count", min_weight=1)
    assert dict(a.nodes(data="community")) == dict(b.nodes(data="community"))
    assert layout(a) == layout(b)


def test_centrality_table(mentions):
    t = centrality_table(cooccurrence_graph(mentions, score="count", min_weight=1))
    assert t.iloc[0]["entity_id"] in {"country:USA", "country:PRK"}
    assert {"weighted_degree", "betweenness", "eigenvector", "community"} <= set(t.columns)


def test_ego_graph(mentions):
    G = cooccurrence_graph(mentions, score="count", min_weight=2)
    assert set(ego_graph(G, "person:kim", 1).nodes) == {"person:kim", "country:PRK", "country:USA"}
    with pytest.raises(KeyError, match="not in the network"):
        ego_graph(G, "person:nobody")


def test_compare_periods_statuses():
    a = pd.DataFrame({"article_id": ["1", "1", "2", "2"], "entity_id": ["x", "y", "x", "w"]})
    b = pd.DataFrame({"article_id": ["3", "3", "4", "4", "5", "5"], "entity_id": ["x", "y", "x", "y", "x", "z"]})
    c = compare_periods(a, b).set_index(["source", "target"])["status"].to_dict()
    assert c == {("x", "z"): "appeared", ("x", "y"): "strengthened", ("w", "x"): "vanished"}


def test_edge_evidence_returns_the_shared_sentence():
    text = "Kim met Putin. Later, Kim left."
    arts = pd.DataFrame({"article_id": ["1"], "published": [pd.Timestamp("2024-06-19", tz="UTC")],
                         "source": ["W"], "title": ["T"], "url": [""], "text": [text]})
    m = pd.DataFrame({"article_id": ["1", "1", "1"], "entity_id": ["k", "p", "k"], "sent": [0, 0, 1],
                      "sent_start": [0, 0, 15], "sent_end": [14, 14, 31], "start": [0, 8, 22]})
    ev = edge_evidence(m, arts, "k", "p")
    assert ev["sentence"].tolist() == ["Kim met Putin."] and ev["same_sentence"].all()
