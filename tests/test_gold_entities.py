"""Actor resolution measured against a hand-labelled gold set (tests/gold/entities.jsonl).

Countries and people are compared per article as sets of canonical ids (micro-averaged);
capital mentions are located by their labelled context and judged actor (a ``country:``
id) or place. Prints the figures; fails below the floors the issue sets.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.ingest import normalise_record

from conftest import ROOT, shared

pytestmark = pytest.mark.integration
GOLD = ROOT / "tests" / "gold" / "entities.jsonl"
FLOORS = {"countries_precision": 0.95, "countries_recall": 0.90, "people_precision": 0.90, "people_recall": 0.85,
          "metonymy_accuracy": 0.90}


def _records() -> dict:
    recs = {}
    for corpus, src in (("kcna", shared("kcna-2024", "articles.jsonl")),
                        ("reuters", shared("reuters-21578", "articles.jsonl"))):
        for line in src.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            recs[(corpus, r["id"])] = r
    return recs


def load_gold_articles():
    from components.build.readers import read_txt

    gold = [json.loads(l) for l in GOLD.read_text(encoding="utf-8").splitlines() if l.strip()]
    recs = _records()
    rows = []
    for g in gold:
        if g["source"] == "demo":
            path = ROOT / "data" / "demo" / g["key"]
            raw = read_txt(path.read_bytes(), str(path))[0][0]
        else:
            raw = dict(recs[(g["source"], g["key"])], _line=1)
        art = normalise_record(raw, g["key"], g["key"])
        assert isinstance(art, dict), (g["key"], art)
        art["article_id"] = g["key"]
        rows.append(art)
    return gold, pd.DataFrame(rows)


def evaluate(gold, arts, mentions) -> dict:
    by_art = mentions.groupby("article_id")
    tp = {"countries": 0, "people": 0}
    n_pred = {"countries": 0, "people": 0}
    n_gold = {"countries": 0, "people": 0}
    errors = {"countries_fp": [], "countries_fn": [], "people_fp": [], "people_fn": [], "metonymy": []}
    right = wrong = name_internal = 0
    text = dict(zip(arts["article_id"], arts["text"]))
    for g in gold:
        ids = set(by_art.get_group(g["key"])["entity_id"]) if g["key"] in by_art.groups else set()
        for kind, prefix, gold_ids in (("countries", "country:", {f"country:{c}" for c in g["countries"]}),
                                       ("people", "person:", set(g["people"]))):
            pred = {e for e in ids if e.startswith(prefix)}
            tp[kind] += len(pred & gold_ids)
            n_pred[kind] += len(pred)
            n_gold[kind] += len(gold_ids)
            errors[f"{kind}_fp"] += [(g["key"], e) for e in pred - gold_ids]
            errors[f"{kind}_fn"] += [(g["key"], e) for e in gold_ids - pred]
        m = by_art.get_group(g["key"]) if g["key"] in by_art.groups else mentions.iloc[:0]
        for cap in g.get("capitals", []):
            if "name-internal" in cap.get("notes", ""):
                name_internal += 1
                continue
            at = text[g["key"]].find(cap["context"])
            start = at + cap["context"].find(cap["surface"])
            end = start + len(cap["surface"])
            hit = m[(m["start"] < end) & (m["end"] > start)]
            predicted = ("actor" if hit["entity_id"].iloc[0].startswith("country:") else "place") if len(hit) else "none"
            if predicted == cap["role"]:
                right += 1
            else:
                wrong += 1
                errors["metonymy"].append((g["key"], cap["surface"], cap["role"], predicted, cap["context"]))
    return {
        "countries_precision": tp["countries"] / max(1, n_pred["countries"]),
        "countries_recall": tp["countries"] / max(1, n_gold["countries"]),
        "people_precision": tp["people"] / max(1, n_pred["people"]),
        "people_recall": tp["people"] / max(1, n_gold["people"]),
        "metonymy_accuracy": right / max(1, right + wrong),
        "n_articles": len(gold), "n_capitals": right + wrong, "n_name_internal": name_internal,
        "errors": errors,
    }


@pytest.fixture(scope="module")
def scores(nlp, gz):
    gold, arts = load_gold_articles()
    raw = extract_raw_mentions(arts, nlp, n_process=1)
    return evaluate(gold, arts, canonicalise(raw, arts, gz))


def test_gold_set_floors(scores):
    report = {k: round(v, 3) for k, v in scores.items() if isinstance(v, float)}
    print("\nactor gold set:", report, f"({scores['n_articles']} articles, {scores['n_capitals']} capital mentions)")
    for kind in ("countries_fp", "countries_fn", "people_fp", "people_fn", "metonymy"):
        print(f"  {kind}: {scores['errors'][kind][:12]}")
    failing = {k: round(scores[k], 3) for k, floor in FLOORS.items() if scores[k] < floor}
    assert not failing, f"below the floors {FLOORS}: {failing}"
