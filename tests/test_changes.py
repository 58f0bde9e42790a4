"""What changed since a date (components/analysis/changes.py) on a tiny hand-written archive.

Six days of articles; ``since`` is 2024-05-04, so the period is 4-6 May and the period before 1-3 May.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.analysis.changes import (coverage_changes, default_since, first_appearances, new_statements,
                                         periods, spikes_in_period, tie_changes, topic_growth, watch_matches)

ARTS = pd.DataFrame({
    "article_id": ["a1", "a2", "a3", "a4", "a5", "a6", "a7"],
    "published": pd.to_datetime(["2024-04-20", "2024-05-01", "2024-05-02", "2024-05-04", "2024-05-05",
                                 "2024-05-06", "2024-05-06"], utc=True),
    "topic_id": [0, 0, 0, 1, 1, 1, 0],
})
# kim everywhere; yoon only before; choe new in the period; un before, then tied to kim; country never an actor.
MENTS = pd.DataFrame([
    ("a1", "p:kim"), ("a1", "o:un"),
    ("a2", "p:kim"), ("a2", "p:yoon"),
    ("a3", "p:yoon"), ("a3", "country:PRK"),
    ("a4", "p:kim"), ("a4", "p:choe"),
    ("a5", "p:kim"), ("a5", "p:choe"), ("a5", "o:un"),
    ("a6", "p:choe"), ("a6", "country:KOR"),
    ("a7", "p:kim"), ("a7", "p:choe"),
], columns=["article_id", "entity_id"])
NAMES = {"p:kim": "Kim Jong Un", "p:yoon": "Yoon Suk Yeol", "p:choe": "Choe Son Hui", "o:un": "United Nations"}


@pytest.fixture()
def p():
    return periods(ARTS, "2024-05-04")


def test_periods_have_the_same_length(p):
    assert (p.since, p.until) == (pd.Timestamp("2024-05-04"), pd.Timestamp("2024-05-06"))
    assert (p.before_from, p.before_to) == (pd.Timestamp("2024-05-01"), pd.Timestamp("2024-05-03"))
    assert p.days == 3
    with pytest.raises(ValueError, match="until == 2024-05-01"):
        periods(ARTS, "2024-05-04", "2024-05-01")


def test_first_appearances_are_actors_never_seen_before_since(p):
    new = first_appearances(ARTS, MENTS, p, names=NAMES)
    assert new["entity_id"].tolist() == ["p:choe"]  # not kim/un (seen before), not a country
    assert new["name"].tolist() == ["Choe Son Hui"]
    assert new["articles"].tolist() == [4]
    assert new["article_ids"].tolist() == [["a4", "a5", "a6", "a7"]]
    assert new["first_seen"].tolist() == [pd.Timestamp("2024-05-04")]


def test_an_actor_seen_long_before_the_compared_period_is_not_new():
    # un appears on 20 April only, outside the period before (1-3 May): still not new on 5 May.
    assert "o:un" not in set(first_appearances(ARTS, MENTS, periods(ARTS, "2024-05-04"))["entity_id"])


def test_coverage_changes_counts_ratio_and_small_numbers(p):
    ch = coverage_changes(ARTS, MENTS, p, names=NAMES, small_n=5)
    rows = {r.entity_id: r for r in ch.itertuples()}
    assert (rows["p:choe"].now, rows["p:choe"].before, rows["p:choe"].direction) == (4, 0, "rose")
    assert pd.isna(rows["p:choe"].ratio)  # nothing before: no ratio
    assert (rows["p:kim"].now, rows["p:kim"].before, rows["p:kim"].ratio) == (3, 1, 3.0)
    assert (rows["p:yoon"].change, rows["p:yoon"].direction) == (-2, "fell")
    assert rows["p:yoon"].article_ids == ["a2", "a3"]  # a fall links to the earlier articles
    assert ch["direction"].tolist() == ["rose", "rose", "rose", "fell"]  # rises first, biggest first
    assert ch["entity_id"].tolist()[0] == "p:choe"
    assert bool(rows["p:kim"].small) and not bool(coverage_changes(ARTS, MENTS, p, small_n=2)
                                                   .set_index("entity_id").loc["p:kim", "small"])


def test_tie_changes_appeared_and_linked_to_articles(p):
    ties = tie_changes(ARTS, MENTS, p, names=NAMES, window=0)
    pairs = {(r.source, r.target): r for r in ties.itertuples()}
    assert ("p:choe", "p:kim") in pairs and pairs[("p:choe", "p:kim")].status == "appeared"
    assert pairs[("p:choe", "p:kim")].article_ids == ["a4", "a5", "a7"]
    assert pairs[("p:choe", "p:kim")].names == "Choe Son Hui – Kim Jong Un"
    assert not any("country:" in s for s in ties["source"].tolist() + ties["target"].tolist())
    assert set(ties["status"]) <= {"appeared", "strengthened"}


def test_new_statements_only_in_the_period_and_by_the_given_speakers(p):
    st = pd.DataFrame({"article_id": ["a2", "a4", "a6", "a7"], "speaker_id": ["p:kim", "p:kim", "p:choe", "p:yoon"],
                       "verb": ["say"] * 4, "text": ["before", "now kim", "now choe", "not watched"]})
    got = new_statements(st, ARTS, p, ["p:kim", "p:choe"], names=NAMES)
    assert got["text"].tolist() == ["now choe", "now kim"]  # newest first
    assert got["speaker"].tolist() == ["Choe Son Hui", "Kim Jong Un"]


def test_topic_growth(p):
    g = topic_growth(ARTS, p, labels={1: "Diplomacy"})
    assert g[["topic_id", "topic", "now", "before"]].values.tolist() == [[1, "Diplomacy", 3, 0]]
    assert g["article_ids"].tolist() == [["a4", "a5", "a6"]]


def test_spikes_in_period_keeps_only_spikes_starting_inside(p):
    sp = pd.DataFrame({"start": pd.to_datetime(["2024-04-29", "2024-05-06"], utc=True), "count": [5, 9]})
    assert spikes_in_period(sp, p)["count"].tolist() == [9]


def test_default_since_is_the_day_after_the_store_before_its_last_addition():
    adds = [{"at": "2026-01-01T00:00:00Z", "newest": "2024-05-03T22:00:00Z"},
            {"at": "2026-02-01T00:00:00Z", "newest": "2024-05-06T08:00:00Z"}]
    assert default_since(adds, ARTS["published"]) == pd.Timestamp("2024-05-04")
    assert default_since(adds[:1], ARTS["published"], fallback_days=3) == pd.Timestamp("2024-05-04")


def test_watch_matches_only_counts_the_given_articles():
    got = watch_matches(ARTS[ARTS["published"] >= "2024-05-05"], MENTS, ["p:choe", "o:un"], {"summit": ["a1", "a6"]})
    assert got == {"actor:p:choe": ["a5", "a6", "a7"], "actor:o:un": ["a5"], "term:summit": ["a6"]}


def _random_archive(seed: int):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 30))
    days = pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 20, n), unit="D")
    arts = pd.DataFrame({"article_id": [f"a{i:02d}" for i in range(n)], "published": days.tz_localize("UTC"),
                         "topic_id": rng.choice([-1, 0, 1, 2, 3], n)})
    k = int(rng.integers(0, 80))
    ments = pd.DataFrame({"article_id": rng.choice(arts["article_id"], k),
                          "entity_id": rng.choice([f"person:{c}" for c in "abcdefg"], k)})
    return arts, ments, rng


@pytest.mark.parametrize("seed", range(10))
def test_whats_new_counts_as_worked_out_by_hand(seed):
    """coverage_changes, first_appearances and topic_growth count on codes; on a random archive each must give
    what a plain Python count over (article, actor) pairs gives."""
    arts, ments, rng = _random_archive(seed)
    since = pd.Timestamp("2024-03-01") + pd.Timedelta(days=int(rng.integers(8, 16)))
    # an actor first named on the period's first day is new
    arts = pd.concat([arts, pd.DataFrame({"article_id": ["z0"], "published": [since.tz_localize("UTC")],
                                          "topic_id": [3]})], ignore_index=True)
    ments = pd.concat([ments, pd.DataFrame({"article_id": ["z0"], "entity_id": ["person:z"]})], ignore_index=True)
    p = periods(arts, since)
    day = dict(zip(arts["article_id"], arts["published"].dt.tz_localize(None).dt.normalize()))
    pairs = {(a, e) for a, e in zip(ments["article_id"], ments["entity_id"])}

    def in_(d, lo, hi):
        return lo <= d <= hi

    actors = sorted({e for _, e in pairs})
    now = {e: sorted(a for a, x in pairs if x == e and in_(day[a], p.since, p.until)) for e in actors}
    before = {e: sorted(a for a, x in pairs if x == e and in_(day[a], p.before_from, p.before_to)) for e in actors}
    rose = sorted((e for e in actors if len(now[e]) > len(before[e])),
                  key=lambda e: (-(len(now[e]) - len(before[e])), -len(now[e]), e))[:3]
    fell = sorted((e for e in actors if len(now[e]) < len(before[e])),
                  key=lambda e: (len(now[e]) - len(before[e]), -len(before[e]), e))[:3]
    got = coverage_changes(arts, ments, p, n=3)
    assert list(zip(got["entity_id"], got["now"], got["before"], got["direction"], got["article_ids"])) == \
        [(e, len(now[e]), len(before[e]), "rose", now[e]) for e in rose] + \
        [(e, len(now[e]), len(before[e]), "fell", before[e]) for e in fell]

    first = {e: min(day[a] for a, x in pairs if x == e and day[a] <= p.until) for e in actors
             if any(x == e and day[a] <= p.until for a, x in pairs)}
    seen = {actors[0]} if actors and seed % 2 else set()
    new = [e for e in first if first[e] >= p.since and e not in seen]
    new.sort(key=lambda e: (-len(now[e]), first[e], e))
    got = first_appearances(arts, ments, p, seen_before=seen)
    assert list(zip(got["entity_id"], got["first_seen"], got["article_ids"])) == [(e, first[e], now[e]) for e in new]

    topics = sorted(set(arts["topic_id"]) - {-1})
    t_now = {t: sorted(a for a, x in zip(arts["article_id"], arts["topic_id"]) if x == t and in_(day[a], p.since, p.until))
             for t in topics}
    t_before = {t: sum(x == t and in_(day[a], p.before_from, p.before_to) for a, x in zip(arts["article_id"], arts["topic_id"]))
                for t in topics}
    grew = sorted((t for t in topics if len(t_now[t]) > t_before[t]),
                  key=lambda t: (-(len(t_now[t]) - t_before[t]), -len(t_now[t]), t))[:2]
    got = topic_growth(arts, p, n=2)
    assert list(zip(got["topic_id"], got["now"], got["before"], got["article_ids"])) == \
        [(t, len(t_now[t]), t_before[t], t_now[t]) for t in grew]
