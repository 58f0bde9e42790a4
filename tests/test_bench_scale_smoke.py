"""Smoke runs of the scale benchmarks (bench/make_store.py, bench_views.py, bench_pipeline.py,
bench_browser.py) at a small size, as subprocesses: they must exit 0, print their numbers and
write their JSON records. Nothing about times is asserted.

The scale store is replicated from the fixture store (processing the shared corpora for the
default base takes minutes); the pipeline smoke reads 100 Reuters articles.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BENCH = ROOT / "bench"
NUMBER = r"\d+\.\d{3}"


def _run(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args[0]} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def scale_store(fixture_store, tmp_path_factory):
    """2,000 articles replicated from the fixture store by make_store.py."""
    out = tmp_path_factory.mktemp("scale") / "store-2k"
    rec = tmp_path_factory.mktemp("scale-rec") / "make_store.json"
    proc = _run([str(BENCH / "make_store.py"), "--size", "2000", "--out", str(out), "--base", str(fixture_store),
                 "--shift-days", "30", "--json", str(rec)])
    assert re.search(r"store .*: 2,000 articles, [\d,]+ mentions", proc.stdout), proc.stdout
    assert re.search(r"seconds: load base [\d.]+, replicate [\d.]+, write [\d.]+, index [\d.]+", proc.stdout)
    assert json.loads(rec.read_text())["counts"]["articles"] == 2000
    return out


def test_make_store_replicates_with_new_ids_and_dates(scale_store, fixture_store):
    from components.search import search
    from components.store import load_store

    base, big = load_store(fixture_store), load_store(scale_store)
    arts, ments = big["articles"], big["mentions"]
    assert len(arts) == 2000 and arts["article_id"].is_unique
    assert arts["article_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    assert set(ments["article_id"]) <= set(arts["article_id"])
    assert set(big["raw_mentions"]["article_id"]) <= set(arts["article_id"])
    assert arts["published"].is_monotonic_increasing
    assert arts["published"].max() > base["articles"]["published"].max()  # later replicas are shifted
    # Each full replica carries the base's mentions; actor counts are recomputed for the bigger store.
    reps = 2000 // len(base["articles"])
    assert len(ments) >= reps * len(base["mentions"])
    n = big["entities"].set_index("entity_id")["n_mentions"]
    assert (n == ments.groupby("entity_id").size().reindex(n.index)).all()
    assert big["topics"]["size"].sum() == 2000
    if len(base.get("statements", [])):
        assert set(big["statements"]["article_id"]) <= set(arts["article_id"])
        assert len(big["statements"]) >= reps * len(base["statements"])
    word = re.findall(r"[A-Za-z]{4,}", base["articles"]["title"].iloc[0])[0]
    assert len(search(scale_store, f'"{word}"')) >= reps  # the full-text index covers the replicas


def test_bench_views_smoke(scale_store, tmp_path):
    rec_path = tmp_path / "views.json"
    proc = _run([str(BENCH / "bench_views.py"), "--store", str(scale_store), "--repeat", "1",
                 "--network-sizes", "1k,5k", "--query", "Korea", "--json", str(rec_path)])
    out = proc.stdout
    assert re.search(r"open \d+\.\d\d s; memory: [\d,]+ MB after open", out), out
    for name in ("none", "country", "actor", "text", "dates"):
        assert re.search(rf"^{name}\s+[\d,]+(\s+{NUMBER}){{7}}$", out, re.M), (name, out)
    assert re.search(rf"^\s+1,000\s+[\d,]+\s+\d+\s+\d+(\s+{NUMBER}){{4}}$", out, re.M), out
    rec = json.loads(rec_path.read_text())
    assert rec["articles"] == 2000 and rec["peak_rss_mb"] > 0
    assert set(rec["filters"]) == {"none", "country", "actor", "text", "dates"}
    assert rec["filters"]["none"]["articles"] == 2000
    assert 0 < rec["filters"]["country"]["articles"] < 2000
    assert all(v >= 0 for r in rec["filters"].values() for v in r["seconds"].values())


@pytest.mark.integration
def test_bench_pipeline_smoke(tmp_path):
    rec_path = tmp_path / "pipeline.json"
    proc = _run([str(BENCH / "bench_pipeline.py"), "--limit", "100", "--json", str(rec_path)])
    out = proc.stdout
    assert re.search(r"^\d+ articles, [\d,]+ words", out, re.M), out
    assert re.search(r"bare spaCy: [\d.]+ s .* = [\d,.]+ articles/s, [\d,]+ words/s", out), out
    assert re.search(r"pipeline: +[\d.]+ s = [\d,.]+ articles/s, [\d,]+ words/s", out), out
    assert re.search(r"ratio pipeline / bare spaCy: \d+\.\d\d", out), out
    rec = json.loads(rec_path.read_text())
    # The first 100 records hold one exact duplicate: both runs see the 99 stored texts.
    assert 90 <= rec["articles"] <= 100 and rec["pipeline"]["stored"] == rec["articles"] and rec["ratio"] > 0
    assert rec["bare_spacy"]["entities"] > 0
    assert "Finding actors" in rec["pipeline"]["stages"]


@pytest.mark.e2e
def test_bench_browser_smoke(fixture_store, tmp_path):
    rec_path = tmp_path / "browser.json"
    proc = _run([str(BENCH / "bench_browser.py"), "--store", str(fixture_store), "--runs", "1", "--pages",
                 "floor,overview", "--json", str(rec_path)], timeout=400)
    # view, pick, its ratio to the floor, link, its ratio, KB per rerun; then where the pick's time went: to the
    # server's first message, to its last, and the drawing after it
    assert re.search(r"^overview\s+\d+\.\d\d\s+\d+\.\d\dx\s+\d+\.\d\d\s+\d+\.\d\dx\s+\d+"
                     r"\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d$", proc.stdout, re.M), proc.stdout
    assert re.search(r"^pick: median \d+\.\d\dx the floor", proc.stdout, re.M), proc.stdout
    rec = json.loads(rec_path.read_text())
    page = rec["pages"]["overview"]
    assert len(page["pick_s"]) == len(page["link_s"]) == 1 and page["bytes_median"] > 0
    split = page["splits"][0]
    assert 0 < split["first_msg_s"] <= split["last_msg_s"] < page["pick_s"][0] and split["drawing_s"] >= 0, split
    assert rec["pages"]["floor"]["pick_median_s"] > 0 and rec["server_peak_rss_mb"]["app"] > 0
    # the floor is measured before the views and again after them, its picks pooled
    assert len(rec["pages"]["floor"]["pick_s"]) == 2 and len(rec["pages"]["floor"]["halves_pick_median_s"]) == 2
    assert re.search(r"^floor pick measured before the views \d+\.\d\d s, after them \d+\.\d\d s", proc.stdout, re.M)


@pytest.mark.e2e
def test_ab_browser_smoke(fixture_store, tmp_path):
    """The paired before/after run, this checkout against itself: both servers answer and every pair is kept."""
    rec_path = tmp_path / "ab.json"
    proc = _run([str(BENCH / "ab_browser.py"), "--before", str(ROOT), "--store", str(fixture_store), "--rounds", "2",
                 "--pages", "overview", "--json", str(rec_path), "--after-env", "WIRESCOPE_AB_SIDE=after"], timeout=400)
    # view, before median, after median, paired difference, pairs the after side won
    assert re.search(r"^overview\s+\d+\.\d{3}\s+\d+\.\d{3}\s+[+-]\d+\.\d{3}\s+\d of 2\s*$", proc.stdout, re.M), proc.stdout
    page = json.loads(rec_path.read_text())["pages"]["overview"]
    assert page["pairs"] == 2 and len(page["before_s"]) == len(page["after_s"]) == 2


@pytest.mark.e2e
def test_cold_start_paired_smoke(fixture_store):
    """``bench_cold_start.py --before``: both checkouts (here this one twice) start, draw their first page, and
    each side's median is printed over its own runs."""
    proc = _run([str(BENCH / "bench_cold_start.py"), "--store", str(fixture_store), "--runs", "2",
                 "--before", str(ROOT)], timeout=400)
    runs = re.findall(r"^run (\d) (before|after): server up \d+\.\d\d s, then first page \d+\.\d\d s$", proc.stdout, re.M)
    assert sorted(runs) == [("1", "after"), ("1", "before"), ("2", "after"), ("2", "before")], proc.stdout
    assert [r[1] for r in runs] == ["before", "after", "after", "before"], "the order alternates"
    for side in ("before", "after"):
        assert re.search(rf"^{side}: first page median \d+\.\d\d s \(\d+\.\d\d, \d+\.\d\d\)$", proc.stdout, re.M), \
            proc.stdout


@pytest.mark.e2e
def test_cold_start_beside_the_floor_smoke(fixture_store):
    """``bench_cold_start.py --floor``: the floor page starts in turn with ours, and the ratio of the first pages
    is printed."""
    proc = _run([str(BENCH / "bench_cold_start.py"), "--store", str(fixture_store), "--runs", "2", "--floor"],
                timeout=400)
    runs = re.findall(r"^run (\d) (after|floor): server up \d+\.\d\d s, then first page \d+\.\d\d s$", proc.stdout, re.M)
    assert [r[1] for r in runs] == ["after", "floor", "floor", "after"], proc.stdout
    assert re.search(r"^first page: \d+\.\d\dx the floor's$", proc.stdout, re.M), proc.stdout
