from __future__ import annotations

import math

import pandas as pd
import pytest

import networkx as nx
import numpy as np

from components.analysis.network import (centrality_table, cooccurrence_edges, cooccurrence_graph, edge_evidence,
                                         ego_graph)
from components.analysis.network_compare import (compare_periods, default_periods, period_change_graph,
                                                 period_mentions)
from components.present.network_layout import extend_layout, layout


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
    asked = []
    lazy = edge_evidence(m, arts.drop(columns="text"), "k", "p",
                         texts=lambda ids: asked.extend(ids) or {"1": text})
    pd.testing.assert_frame_equal(lazy, ev)
    assert asked == ["1"]  # only the shared articles' texts are read


def _random_mentions(seed=0, n_articles=300, n_actors=40):
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(n_articles):
        k = rng.integers(1, 6)
        for e in rng.choice(n_actors, size=k, p=np.arange(n_actors, 0, -1) / sum(range(1, n_actors + 1))):
            rows.append((f"a{a}", f"person:p{e:02d}"))
    return pd.DataFrame(rows, columns=["article_id", "entity_id"])


def test_sparse_pair_counts_equal_the_self_merge():
    m = _random_mentions()
    e = cooccurrence_edges(m)
    pairs = m.drop_duplicates().merge(m.drop_duplicates(), on="article_id")
    pairs = pairs[pairs["entity_id_x"] < pairs["entity_id_y"]]
    want = pairs.groupby(["entity_id_x", "entity_id_y"]).size().to_dict()
    assert dict(zip(zip(e["source"], e["target"]), e["weight"])) == want
    assert (e["source"] < e["target"]).all()
    some = sorted(set(m["entity_id"]))[:10]
    sub = cooccurrence_edges(m, nodes=some)
    assert set(sub["source"]) | set(sub["target"]) <= set(some)
    full = e[e["source"].isin(some) & e["target"].isin(some)]
    assert sorted(zip(sub["source"], sub["target"], sub["weight"], sub["npmi"])) == \
        sorted(zip(full["source"], full["target"], full["weight"], full["npmi"]))


def _min_gap(pos):
    xy = np.array(list(pos.values()))
    d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    d[np.diag_indices(len(d))] = np.inf
    return d.min()


def test_layout_is_deterministic_spread_and_in_the_unit_square():
    G = cooccurrence_graph(_random_mentions(), score="count", min_weight=1, max_ties=0)
    pos = layout(G)
    assert set(pos) == set(G.nodes)
    assert pos == layout(G.copy())
    # The same graph built in another node and edge order gets the same picture.
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes(data=True), reverse=True))
    H.add_edges_from(sorted(G.edges(data=True), reverse=True))
    assert layout(H) == pos
    xy = np.array(list(pos.values()))
    assert xy.min() >= -1 and xy.max() <= 1
    assert _min_gap(pos) > 0.02, "no two nodes on the same spot"


def test_layout_strong_ties_are_short():
    # A path a-b-c-d with one strong tie: its ends end up closer than the weak ones.
    G = nx.Graph()
    G.add_edge("a", "b", strength=1.0)
    G.add_edge("b", "c", strength=0.05)
    G.add_edge("c", "d", strength=0.05)
    G.add_edge("d", "e", strength=0.05)
    pos = layout(G)
    dist = lambda u, v: np.hypot(pos[u][0] - pos[v][0], pos[u][1] - pos[v][1])  # noqa: E731
    assert dist("a", "b") < dist("b", "c")


def test_layout_handles_disconnected_parts_and_single_nodes():
    G = nx.Graph()
    G.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")], strength=0.5)
    G.add_node("z")
    pos = layout(G)
    assert set(pos) == set(G.nodes)
    assert all(np.isfinite(v).all() for v in map(np.array, pos.values()))
    assert _min_gap(pos) > 0.05
    assert layout(nx.Graph()) == {}
    one = nx.Graph()
    one.add_node("solo")
    assert set(layout(one)) == {"solo"}


def test_extend_layout_keeps_known_positions_and_places_the_rest_apart():
    G = nx.Graph()
    G.add_edges_from([("a", "b"), ("b", "c")])
    pos = layout(G)
    G2 = G.copy()
    G2.add_edges_from([("a", "n1"), ("a", "n2"), ("n3", "n4")])
    ext = extend_layout(G2, pos)
    assert set(ext) == set(G2.nodes)
    xy = np.array(list(ext.values()))
    assert xy.min() >= -1 and xy.max() <= 1
    assert _min_gap(ext) > 0.05
    # Known nodes keep their picture (one uniform shrink).
    assert ext["a"] == pytest.approx((0.82 * pos["a"][0], 0.82 * pos["a"][1]), abs=1e-3)
    assert extend_layout(G, pos) == pos


def test_period_comparison_helpers():
    arts = pd.DataFrame({"article_id": ["1", "2", "3", "4", "5"],
                         "published": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-03-01", "2024-03-02",
                                                      "2024-03-03"], utc=True)})
    m = pd.DataFrame({"article_id": ["1", "1", "2", "2", "3", "3", "4", "4", "5", "5"],
                      "entity_id": ["x", "y", "x", "w", "x", "y", "x", "y", "x", "z"]})
    a_from, a_to, b_from, b_to = default_periods(arts["published"])
    assert (a_from.isoformat(), b_to.isoformat()) == ("2024-01-01", "2024-03-03") and a_to < b_from
    ma, mb, n_a, n_b = period_mentions(arts, m, a_from, a_to, b_from, b_to)
    assert (n_a, n_b) == (2, 3)
    diff, G = period_change_graph(ma, mb, None, min_weight=1, max_nodes=10)
    assert diff.set_index(["source", "target"])["status"].to_dict() == compare_periods(ma, mb).set_index(
        ["source", "target"])["status"].to_dict()
    changed = {tuple(sorted(e)) for e in G.edges}
    assert changed == {("x", "z"), ("x", "y"), ("w", "x")}


def test_period_comparison_runs_only_when_switched_on_and_lives_in_the_link(fixture_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from conftest import ROOT

    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.switch_page("views/network.py")
    at.run()
    assert not at.exception
    assert at.toggle(key="cmp_on").value is False
    assert not any(d.key == "cmp_a_from" for d in at.date_input)
    assert not any(k in at.query_params for k in ("a_from", "a_to", "b_from", "b_to"))
    at.toggle(key="cmp_on").set_value(True).run()
    assert not at.exception
    assert all(k in at.query_params for k in ("a_from", "a_to", "b_from", "b_to")), "a shared link reopens it"
    statuses = set(at.dataframe[-1].value["status"])
    assert statuses and statuses <= {"appeared", "strengthened", "weakened", "vanished", "steady"}
    at.toggle(key="cmp_on").set_value(False).run()
    assert not any(k in at.query_params for k in ("a_from", "a_to", "b_from", "b_to"))


def _kim_store():
    """Ten articles; Kim in five of them (four with PRK, two with Putin), the rest about Japan and the USA."""
    rows = []
    for i in range(5):
        rows += [(f"k{i}", "person:kim")] + ([(f"k{i}", "country:PRK")] if i < 4 else [])
        if i < 2:
            rows.append((f"k{i}", "person:putin"))
    for i in range(5):
        rows += [(f"o{i}", "country:JPN"), (f"o{i}", "country:USA")]
        if i < 3:
            rows.append((f"o{i}", "country:PRK"))
    return pd.DataFrame(rows, columns=["article_id", "entity_id"])


@pytest.mark.parametrize("window", [0, 2])
def test_a_filtered_actor_keeps_its_ties_and_is_marked(window):
    store = _kim_store().assign(sent=0)
    kim_articles = store.loc[store["entity_id"] == "person:kim", "article_id"]
    sub = store[store["article_id"].isin(set(kim_articles))]
    # Within the filtered articles Kim is everywhere: every tie of his is at chance (NPMI 0) and pruned.
    plain = cooccurrence_graph(sub, min_weight=1, window=window)
    assert "person:kim" not in plain
    G = cooccurrence_graph(sub, min_weight=1, window=window, focus=("person:kim",), background=store)
    assert G.nodes["person:kim"]["focus"] and not G.nodes["person:putin"]["focus"]
    assert set(G["person:kim"]) == {"country:PRK", "person:putin"}
    # Association is measured across the store: Kim and Putin meet more often than chance there.
    assert G["person:kim"]["person:putin"]["npmi"] > 0


def test_the_store_incidence_gives_the_same_network_as_the_store_mentions():
    """A filtered network measures NPMI over the whole store either from its mentions or from its incidence
    built once (the dashboard's way): the same nodes, ties, weights and NPMI."""
    from components.analysis.network import store_incidence

    rng = np.random.default_rng(3)
    store = pd.DataFrame({"article_id": [f"a{i}" for i in rng.integers(0, 60, 400)],
                          "entity_id": [f"person:{c}" for c in rng.choice(list("abcdefghij"), 400)]})
    for picked in ("person:a", "person:e"):
        arts = set(store.loc[store["entity_id"] == picked, "article_id"])
        sub = store[store["article_id"].isin(arts)]
        want = cooccurrence_graph(sub, min_weight=1, focus=(picked,), background=store)
        got = cooccurrence_graph(sub, min_weight=1, focus=(picked,), background=store_incidence(store))
        assert sorted(got.edges(data=True)) == sorted(want.edges(data=True))
        assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    with pytest.raises(ValueError, match="sentence window"):
        cooccurrence_graph(sub.assign(sent=0), min_weight=1, window=2, background=store_incidence(store))


def test_a_filtered_actor_is_drawn_whatever_its_rank():
    store = _kim_store()
    G = cooccurrence_graph(store, min_weight=1, score="count", max_nodes=2, focus=("person:putin",))
    assert "person:putin" in G and G.nodes["person:putin"]["focus"]


def test_labels_go_to_the_filtered_and_most_covered_actors_first():
    from components.present.network_layout import label_nodes

    # A star: a crowded hub and 24 small actors around it; only five labels wanted.
    G = nx.Graph()
    G.add_node("hub", name="Hub", articles=100)
    G.add_node("asked", name="Asked About", articles=2, focus=True)
    G.add_edge("hub", "asked")
    for i in range(24):
        G.add_node(f"n{i:02}", name=f"Actor number {i}", articles=10 + i)
        G.add_edge("hub", f"n{i:02}")
    labels = label_nodes(G, layout(G), n_labels=5)
    assert "asked" in labels and "hub" in labels
    top = sorted((n for n in G if n not in {"hub", "asked"}), key=lambda n: -G.nodes[n]["articles"])
    assert set(labels) - {"hub", "asked"} <= set(top[:6])


def test_the_network_from_the_index_codes_is_the_network_from_the_mentions():
    """The dashboard builds a filtered network from the filter index's integer codes (no copy of the
    mentions' frame, no string hashing); it must be the very graph the mentions give: same actors with the
    same counts, same ties with the same weights and NPMI, same communities."""
    import numpy as np

    from components.analysis import network
    from components.analysis.filters import FilterIndex

    rng = np.random.default_rng(3)
    n_art, ents = 60, [f"person:p{i:02d}" for i in range(14)] + ["country:PRK", "country:KOR"]
    rows = [(f"a{a:03d}", ents[e]) for a in range(n_art) for e in rng.choice(len(ents), rng.integers(1, 6))]
    m = pd.DataFrame(rows, columns=["article_id", "entity_id"]).sample(frac=1, random_state=1).reset_index(drop=True)
    arts = pd.DataFrame({"article_id": [f"a{a:03d}" for a in range(n_art)], "countries": [[] for _ in range(n_art)]})
    entities = pd.DataFrame({"entity_id": ents, "name": [e.split(":")[1].upper() for e in ents],
                             "type": [e.split(":")[0] for e in ents], "country": ""})
    index = FilterIndex.build(arts, m, entities)
    inc = network.store_incidence(m)
    keep = np.zeros(n_art, dtype=bool)
    keep[::2] = True
    pos = index.mention_positions(keep)
    for kw in ({"score": "count", "min_weight": 1}, {"score": "npmi", "min_weight": 1, "focus": ("country:PRK",)},
               {"score": "npmi", "min_weight": 2, "max_nodes": 6, "max_ties": 2}):
        want = network.cooccurrence_graph(m.iloc[pos], entities, background=inc, **kw)
        got = network.cooccurrence_graph_from_codes(index.mention_article[pos], index.mention_entity[pos],
                                                    index.entity_values, entities, background=inc, **kw)
        assert want.number_of_edges() >= 2, kw  # a graph worth comparing
        assert dict(got.nodes(data=True)) == dict(want.nodes(data=True)), kw
        assert {tuple(sorted(e)): d for *e, d in got.edges(data=True)} == \
            {tuple(sorted(e)): d for *e, d in want.edges(data=True)}, kw
    with pytest.raises(ValueError, match="sentence window"):
        network.cooccurrence_graph_from_codes(index.mention_article, index.mention_entity, index.entity_values,
                                              window=1)


def test_a_dateline_ties_no_actor_but_the_same_place_in_the_body_does():
    """A dateline places the story (it counts for its country) but ties no actor: every article of a wire
    filed from one city would otherwise make that city the hub of the network. The codes' path and the
    mentions' path leave it out alike; a place named again in the body is tied by that mention."""
    from components.analysis import network
    from components.analysis.filters import NO_TIE_RULES, FilterIndex
    from components.build.places import RULE_DATELINE

    assert RULE_DATELINE in NO_TIE_RULES  # the build's rule name is the one the analysis leaves out
    m = pd.DataFrame({"article_id": ["a1", "a1", "a1", "a2", "a2", "a2", "a3", "a3", "a3", "a3"],
                      "entity_id": ["place:hub", "person:x", "person:y", "place:hub", "person:x", "person:y",
                                    "place:hub", "person:x", "place:hub", "person:z"],
                      "rule": ["dateline", "full name", "full name", "dateline", "full name", "full name",
                               "dateline", "full name", "GeoNames place", "full name"]})
    arts = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "countries": [[], [], []]})
    ents = pd.DataFrame({"entity_id": ["place:hub", "person:x", "person:y", "person:z"], "name": list("HXYZ"),
                         "type": ["place", "person", "person", "person"], "country": ["AAA", "", "", ""]})
    index = FilterIndex.build(arts, m, ents)
    pos = index.tied(np.arange(len(m)))
    kw = {"score": "count", "min_weight": 1, "types": ["place", "person"]}
    for G in (network.cooccurrence_graph(m, ents, **kw),
              network.cooccurrence_graph_from_codes(index.mention_article[pos], index.mention_entity[pos],
                                                    index.entity_values, ents, **kw)):
        ties = {tuple(sorted(e)): d["weight"] for *e, d in G.edges(data=True)}
        assert ties[("person:x", "person:y")] == 2
        assert ties[("person:x", "place:hub")] == 1  # a3 names the hub in its body, a1 and a2 only file from it
        assert ("person:y", "place:hub") not in ties
    # Association measured over a store whose mentions hold datelines (the briefing pack's path): the same as over
    # its incidence, which leaves them out too.
    part = m[m["article_id"] != "a2"]
    over_mentions = network.cooccurrence_graph(part, ents, background=m, **{**kw, "score": "npmi"})
    over_incidence = network.cooccurrence_graph(part, ents, background=network.store_incidence(m),
                                                **{**kw, "score": "npmi"})
    assert {tuple(sorted(e)): d["npmi"] for *e, d in over_mentions.edges(data=True)} == \
        {tuple(sorted(e)): d["npmi"] for *e, d in over_incidence.edges(data=True)}
    edges = network.ego_edges_from_codes(index.mention_article[pos], index.mention_entity[pos], index.entity_values,
                                         "place:hub", index.mention_tie_first[pos])
    assert edges["weight"].sum() == 2  # a3 only: x and z
    assert index.mention_first[6] and not index.mention_tie_first[6] and index.mention_tie_first[8]


def test_most_covered_actors_ranks_ties_by_id_on_any_machine():
    """Actors in as many articles as each other come in id order, by both counting paths: numpy's default sort
    is not stable, and the order it left ties in differed between two machines' CPUs (a chart's bars swapped, and
    a tie at the cut-off chose another actor)."""
    import numpy as np
    import pandas as pd

    from components.analysis.counts import most_covered_actors

    ids = [f"person:p{i:02d}" for i in range(40)]
    rng = np.random.default_rng(7)
    n_articles = dict(zip(ids, rng.integers(1, 5, len(ids))))  # many actors share each count
    rows = [(f"a{j}", e) for e in rng.permutation(ids) for j in range(n_articles[e])]
    m = pd.DataFrame(rows, columns=["article_id", "entity_id"])
    e = pd.DataFrame({"entity_id": ids, "type": "person"})
    want = sorted(ids, key=lambda i: (-n_articles[i], i))[:12]
    assert most_covered_actors(m, e, n=12)["entity_id"].tolist() == want
    values = pd.Index(sorted(ids))
    codes = values.get_indexer(m["entity_id"])
    art = pd.factorize(m["article_id"])[0]
    got = most_covered_actors(m.iloc[:0], e, n=12, mention_article=art, mention_entity=(codes, values))
    assert got["entity_id"].tolist() == want


def test_betweenness_gives_networkx_numbers_on_graphs_with_equal_paths():
    """``network.betweenness`` replaces ``nx.betweenness_centrality`` for speed: the same value for every node,
    on random graphs whose whole-number lengths make many equal shortest paths, on disconnected ones, and on the
    smallest graphs (where networkx leaves the sums unscaled)."""
    import random

    import networkx as nx

    from components.analysis.network import betweenness

    rng = random.Random(7)
    graphs = [nx.path_graph(2), nx.path_graph(3), nx.Graph([(1, 2), (3, 4)])]
    for i in range(40):
        G = nx.gnm_random_graph(rng.randint(3, 40), rng.randint(2, 120), seed=i)
        for u, v in G.edges:
            G.edges[u, v]["distance"] = rng.choice([1, 2, 3, 0.5, 1 / 3])
        graphs.append(nx.relabel_nodes(G, {n: f"actor:{n}" for n in G}))
    for G in graphs:
        want = nx.betweenness_centrality(G, weight="distance")
        got = betweenness(G, "distance")
        assert got.keys() == want.keys()
        assert all(abs(got[n] - want[n]) < 1e-12 for n in G), G


def _compare_by_hand(a: pd.DataFrame, b: pd.DataFrame, min_weight: int = 1) -> list[tuple]:
    """compare_periods' rows worked out pair by pair in Python: ties per article, a tie's share of its period's
    articles, a change under a quarter of the larger share steady."""
    from itertools import combinations

    def ties(m):
        w: dict = {}
        for _, ents in m.groupby("article_id")["entity_id"]:
            for pair in combinations(sorted(set(ents)), 2):
                w[pair] = w.get(pair, 0) + 1
        return w

    wa, wb = ties(a), ties(b)
    n_a, n_b = a["article_id"].nunique(), b["article_id"].nunique()
    rank = {"appeared": 0, "strengthened": 1, "weakened": 2, "vanished": 3, "steady": 4}
    rows = []
    for pair in set(wa) | set(wb):
        x, y = wa.get(pair, 0), wb.get(pair, 0)
        if max(x, y) < min_weight:
            continue
        sa, sb = x / max(1, n_a), y / max(1, n_b)
        change, big = round(sb - sa, 4), max(sa, sb)
        status = ("appeared" if x == 0 else "vanished" if y == 0 else "strengthened" if change > 0.25 * big
                  else "weakened" if change < -0.25 * big else "steady")
        rows.append((rank[status], -(x + y), *pair, x, y, status))
    return [(s, t, x, y, status) for _, _, s, t, x, y, status in sorted(rows)]


@pytest.mark.parametrize("seed", range(12))
def test_compare_periods_counts_every_tie_as_worked_out_by_hand(seed):
    """The comparison counts both periods' ties as integer pairs of one incidence matrix: on random periods
    it must list the ties, weights, statuses and order worked out pair by pair."""
    rng = np.random.default_rng(seed)

    def period(n, prefix):
        return pd.DataFrame({"article_id": [f"{prefix}{i}" for i in rng.integers(0, 6, n)],
                             "entity_id": rng.choice(["p:a", "p:b", "c:c", "o:d", "p:e"], n)})

    a, b = period(int(rng.integers(0, 14)), "x"), period(int(rng.integers(1, 14)), "y")
    for min_weight in (1, 2):
        got = compare_periods(a, b, min_weight=min_weight, window=0)
        assert list(zip(got["source"], got["target"], got["weight_a"], got["weight_b"], got["status"])) \
            == _compare_by_hand(a, b, min_weight)


@pytest.mark.parametrize("seed", range(8))
def test_the_backbone_keeps_each_actors_strongest_ties_as_worked_out_by_hand(seed):
    from components.analysis.network import FOCUS_TIES, _backbone

    rng = np.random.default_rng(seed)
    ids = [f"p:{c}" for c in "abcdefghijklmnop"]
    pairs = sorted({tuple(sorted(rng.choice(ids, 2, replace=False))) for _ in range(60)})
    edges = pd.DataFrame({"source": [p[0] for p in pairs], "target": [p[1] for p in pairs],
                          "weight": rng.integers(1, 4, len(pairs)), "npmi": 0.0})
    edges["strength"] = rng.integers(1, 4, len(pairs)).astype(float)
    edges = edges.sample(frac=1, random_state=seed).reset_index(drop=True)  # the kept ties keep this order
    focus = ["p:a"] if seed % 2 else []
    for k in (0, 1, 3):
        if not k and not focus:
            continue
        keep = set()
        for node in ids:
            mine = [r for r in edges.itertuples() if node in (r.source, r.target)]
            if node in focus:
                mine.sort(key=lambda r: (-r.weight, -r.strength, r.source, r.target))
                mine = mine[:max(k, FOCUS_TIES)]
            else:
                mine.sort(key=lambda r: (-r.strength, -r.weight, r.source, r.target))
                mine = mine[:k] if k else mine
            keep |= {(r.source, r.target) for r in mine}
        got = _backbone(edges, k, focus)
        assert list(zip(got["source"], got["target"])) == [p for p in zip(edges["source"], edges["target"]) if p in keep]
