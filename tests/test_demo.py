"""The bundled demo tells the story it was written to tell (issue: a demo corpus worth exploring)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from components.analysis import network
from components.analysis.coverage import coverage
from components.analysis.spikes import detect_spikes, explain_spikes
from components.store import load_store

from conftest import ROOT


@pytest.fixture(scope="module")
def demo(demo_store):
    return load_store(demo_store)


def test_layout_and_size():
    files = sorted((ROOT / "data" / "demo").glob("*.txt"))
    assert 150 <= len(files) - 1 <= 250  # plus the user's example article
    outlets = set()
    for f in files:
        lines = f.read_text(encoding="utf-8").split("\n")
        assert lines[1] == "" and lines[4] == "", f.name
        assert re.fullmatch(r"Published \d{4} [A-Z][a-z]{2} \d{2} [A-Z][a-z]+day", lines[3]), f.name
        day = pd.Timestamp(" ".join(lines[3].split()[1:4]))
        assert day.day_name() == lines[3].split()[4], f"{f.name}: wrong weekday"
        assert pd.Timestamp("2023-01-01") <= day <= pd.Timestamp("2024-06-30"), f.name
        words = len(" ".join(lines[5:]).split())
        assert 150 <= words <= 500, f"{f.name}: {words} words"
        outlets.add(lines[2])
    assert 6 <= len(outlets - {"Hamrakura"}) <= 8


def test_every_demo_article_is_stored(demo):
    arts = demo["articles"]
    assert len(arts) == len(list((ROOT / "data" / "demo").glob("*.txt")))
    assert demo["rejects"].empty


def test_biggest_network_nodes_are_the_six_countries_and_the_leaders(demo):
    # The dashboard's default network: actors (countries, people, organisations), places on request.
    G = network.cooccurrence_graph(demo["mentions"], demo["entities"], types=network.DEFAULT_TYPES)
    by_size = sorted(G.nodes, key=lambda n: -G.nodes[n]["articles"])
    countries = [n for n in by_size if n.startswith("country:")][:6]
    assert set(countries) == {f"country:{c}" for c in ("PRK", "KOR", "USA", "JPN", "RUS", "CHN")}
    assert set(countries) <= set(by_size[:10]), by_size[:10]
    people = [n for n in by_size if n.startswith("person:")]
    assert set(people[:3]) == {"person:kim-jong-un", "person:yoon-suk-yeol", "person:vladimir-putin"}


THREADS = {
    "missile tests": {"missile", "icbm", "hwasong", "warhead", "ballistic", "economic zone"},
    "satellite launches": {"satellite", "rocket", "orbit", "reconnaissance"},
    "alliance and deterrence": {"ncg", "deterrence", "nuclear consultative", "freedom shield", "guidelines",
                                "drills", "training", "camp david"},
    "Russia ties": {"russia", "russian", "putin", "shoigu", "moscow", "delegation"},
    "inter-Korean relations": {"reunification", "agreement", "no-fly", "buffer", "balloons", "border"},
    "sanctions and economy": {"sanctions", "panel", "economy", "trade", "crypto", "exports"},
}


def test_topics_name_the_threads_a_reader_expects(demo):
    from scipy.optimize import linear_sum_assignment

    topics = demo["topics"].reset_index(drop=True)
    assert len(topics) >= 6
    names = list(THREADS)
    # How strongly each topic's label and top terms speak of each thread; then one topic per thread.
    score = [[sum(1.0 / (1 + rank) for rank, term in enumerate([t.label.lower()] + [x.lower() for x in list(t.terms)[:8]])
                  if any(w in term for w in THREADS[name]))
              for name in names] for t in topics.itertuples(index=False)]
    rows, cols = linear_sum_assignment(-pd.DataFrame(score).to_numpy())
    matched = {names[c]: topics["label"].iloc[r] for r, c in zip(rows, cols) if score[r][c] > 0}
    assert set(matched) == set(THREADS), f"threads without a topic: {set(THREADS) - set(matched)}; {matched}"


def test_coverage_peaks_at_the_big_events(demo):
    arts = demo["articles"]
    monthly = coverage(arts, freq="M").set_index("period")["count"]
    assert set(monthly.nlargest(2).index.strftime("%Y-%m")) == {"2023-11", "2024-06"}
    weekly = coverage(arts, freq="W").set_index("period")["count"]
    spikes = explain_spikes(detect_spikes(weekly), arts, demo["mentions"], freq="W",
                                     names=dict(zip(demo["entities"]["entity_id"], demo["entities"]["name"])))
    weeks = spikes.set_index(spikes["start"].dt.strftime("%Y-%m-%d"))
    sat = weeks.loc["2023-11-20"]  # the Malligyong-1 launch, 21 November 2023
    assert "launch" in sat["terms"] and "satellite" in sat["headline"].lower()
    putin = weeks.loc["2024-06-17"]  # Putin in Pyongyang, 19 June 2024
    assert "Vladimir Putin" in putin["actors"]


def test_example_article_statements(demo):
    arts = demo["articles"]
    aid = arts.loc[arts["title"].str.startswith("North Korean Leader Urges Accelerated"), "article_id"].iloc[0]
    st = demo["statements"]
    st = st[st["article_id"] == aid]

    def said(speaker, verbs, words):
        rows = st[st["speakers"].map(lambda s: speaker in list(s)) & st["verb"].isin(verbs)]
        return any(words in t.lower() for t in rows["text"])

    assert said("person:kim-jong-un", {"urge", "call on", "call"}, "war preparations")
    assert said("person:ahn-chan-il", {"predict"}, "tactical nuclear weapons")
    assert said("country:USA", {"warn"}, "end of the kim regime") and said("country:KOR", {"warn"}, "end of the kim")
    assert said("country:PRK", {"criticize", "criticise"}, "open declaration on nuclear confrontation")
