"""Integration over ../shared/corpora (always present in CI)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from components.build.ingest import read_articles
from components.build.normalise import content_hash, normalise_text, repair_glued_names
from components.build.pipeline import process
from components.store import load_store

from conftest import EXAMPLE, shared

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def kcna_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("kcna")
    summary = process([shared("raw-txt-sample"), shared("kcna-2024", "articles.jsonl")], out)
    return out, summary


def test_every_input_article_present_once(kcna_store):
    out, summary = kcna_store
    s = load_store(out)
    arts = s["articles"]
    kcna = [json.loads(l) for l in shared("kcna-2024", "articles.jsonl").read_text().splitlines()]
    assert len(kcna) == 1025
    # 31 txt files + 1025 JSONL records read; the 30 KCNA txt files repeat JSONL records.
    assert summary.records_read == 1056 and summary.rejected == 0 and summary.duplicates == 30
    assert len(arts) == 1026 and arts["article_id"].is_unique
    stored = set(arts["article_id"])
    missing = [r["id"] for r in kcna if content_hash(repair_glued_names(normalise_text(r["text"]))) not in stored]
    assert missing == []
    assert arts["published"].notna().all()
    assert arts["published"].min() == pd.Timestamp("2023-12-24", tz="UTC")
    assert arts["published"].max() == pd.Timestamp("2024-11-10", tz="UTC")


def test_example_article_entities(kcna_store):
    out, _ = kcna_store
    s = load_store(out)
    art = s["articles"][s["articles"]["title"].str.startswith("North Korean Leader Urges Accelerated")].iloc[0]
    assert art["published"] == pd.Timestamp("2023-12-29", tz="UTC") and art["source"] == "Hamrakura"
    ents = set(s["mentions"].loc[s["mentions"]["article_id"] == art["article_id"], "entity_id"])
    for iso in ("PRK", "KOR", "USA", "JPN", "RUS", "CHN"):
        assert f"country:{iso}" in ents, iso
    assert {"person:kim-jong-un", "person:ahn-chan-il"} <= ents
    assert not any("hamrakura" in e for e in ents)
    assert "PRK" in list(art["countries"])


def test_kcna_datelines_are_place_mentions_not_actor_ties(kcna_store):
    """Every KCNA article is filed from Pyongyang: its dateline is one place mention (rule "dateline") that counts
    for North Korea, and nothing else before the body is read; the dateline is no actor, so it is neither a hub
    of the network as drawn nor a most covered actor."""
    from components.analysis.counts import most_covered_actors
    from components.analysis.network import NetworkOptions, cooccurrence_graph
    from components.build.places import RULE_DATELINE

    out, _ = kcna_store
    s = load_store(out)
    arts, ents = s["articles"], s["entities"]
    assert (arts["dateline"] == "Pyongyang").sum() > 800
    assert (arts.loc[arts["dateline"] == "Pyongyang", "dateline_country"] == "PRK").all()
    m = s["mentions"].merge(arts[["article_id", "body_start", "dateline"]], on="article_id")
    lead = m[m["start"] < m["body_start"]]
    assert (lead["rule"] == RULE_DATELINE).all()
    filed = lead[lead["dateline"] == "Pyongyang"]
    assert filed["article_id"].nunique() > 800
    (dateline_id,) = set(filed["entity_id"])
    kind = ents.set_index("entity_id").loc[dateline_id]
    assert (kind["type"], kind["country"]) == ("place", "PRK")
    ties = cooccurrence_graph(s["mentions"], ents, **NetworkOptions().graph_kwargs())
    assert "country:PRK" in ties and dateline_id not in ties
    assert dateline_id not in set(most_covered_actors(s["mentions"], ents, n=60, countries=True)["entity_id"])
    # With places drawn too, the city counts only the articles that name it in their body: the dateline ties
    # no actor (tie counts come from the same incidence, so a dateline left in would count all 800 and more).
    own = s["mentions"][(s["mentions"]["entity_id"] == dateline_id) & (s["mentions"]["rule"] != RULE_DATELINE)]
    drawn = cooccurrence_graph(s["mentions"], ents, **NetworkOptions(types=()).graph_kwargs())
    assert own["article_id"].nunique() < filed["article_id"].nunique()
    assert drawn.nodes[dateline_id]["articles"] == own["article_id"].nunique()


def test_all_shared_corpora_ingest_without_rejects():
    res = read_articles([shared()])
    assert res.rejects.empty, res.rejects.head().to_dict("records")
    reuters = res.articles[res.articles["source"] == "Reuters"]
    kcna = res.articles[res.articles["source"].str.startswith("KCNA")]
    # READMEs: 15,780 Reuters and 1,025 KCNA records. Reuters has 50 bodies republished under
    # another headline: stored once, counted as duplicates, never lost.
    assert len(kcna) == 1025 + 0 and len(reuters) + 50 == 15780
    assert res.n_read == len(res.articles) + res.n_duplicates
    assert any(s.endswith("labels.jsonl") for s in res.skipped)
