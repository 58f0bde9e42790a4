"""Capitals and country names in ordinary world wire news, read through the pipeline's own path (issue 17, item 2).

The eighth round tried a fitted model (``bench/train_metonymy.py``) and shipped none: the model that beat the
rules under cross-validation on the train splits misread names like these (bench/README.md, "Capitals: a
fitted model"). These sentences are invented, one per way news writes a capital or a country, both ways, and
hold any future model or rule to them.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# (text, name, expected role)
WORLD_NEWS = [
    ("Moscow said on Tuesday that it had no plans to withdraw.", "Moscow", "actor"),
    ("The first flight to Moscow left at dawn.", "Moscow", "place"),
    ("Moscow-based bankers are worried about the sanctions.", "Moscow", "place"),
    ("He was born in Moscow in 1962.", "Moscow", "place"),
    ("Beijing imposed new tariffs on American soybeans on Friday.", "Beijing", "actor"),
    ("Trade talks in Beijing ended without a deal.", "Beijing", "place"),
    ("Washington's policy toward the region has shifted.", "Washington", "actor"),
    ("Tokyo stocks fell sharply in early trading.", "Tokyo", "place"),
    ("London said it would expel three diplomats.", "London", "actor"),
    ("London-based analysts expect a rate cut.", "London", "place"),
    ("Ankara summoned the Swedish ambassador.", "Ankara", "actor"),
    ("The ambassador returned to Ankara for consultations.", "Ankara", "place"),
    ("Missiles struck Kyiv overnight.", "Kyiv", "place"),
    ("Cairo's traffic is notorious.", "Cairo", "place"),
    ("Officials in Warsaw were alarmed by the report.", "Warsaw", "actor"),
    ("Police in Ottawa cleared the protest.", "Ottawa", "place"),
    # a country's name: what the model misread, officials and the military of a state above all
    ("U.S. officials said the talks would resume.", "U.S.", "actor"),
    ("The U.S. military said it had struck a depot.", "U.S.", "actor"),
    ("Germany said it would raise defence spending.", "Germany", "actor"),
    ("Germany suffered a spate of floods in the south.", "Germany", "place"),
    ("She flew to China on Monday.", "China", "place"),
    ("Egypt is a country in North Africa.", "Egypt", "place"),
    ("Turkey borders Syria and Iraq.", "Syria", "place"),
    ("Canada-based miners lobbied against the tax.", "Canada", "place"),
    ("Talks with Iran resumed in Vienna.", "Iran", "actor"),
    ("Inflation in Argentina topped 100 percent.", "Argentina", "place"),
    ("Hungary vetoed the aid package.", "Hungary", "actor"),
    ("Indonesia banned exports of palm oil.", "Indonesia", "actor"),
    ("Visitors to Singapore need a visa.", "Singapore", "place"),
    ("Singapore tightened rules on foreign workers.", "Singapore", "actor"),
]


@pytest.mark.parametrize("text, name, expected", WORLD_NEWS, ids=[f"{n}-{e}-{i}" for i, (_t, n, e) in enumerate(WORLD_NEWS)])
def test_world_news(roles_of, text, name, expected):
    assert roles_of(text, name) == [expected]


@pytest.mark.parametrize("text, name, verdict", [
    ("Moscow said on Tuesday that it had no plans to withdraw.", "Moscow", "actor"),
    ("The first flight to Moscow left at dawn.", "Moscow", "place"),  # a rule: "to" after a flight
    ("He was born in Moscow in 1962.", "Moscow", None),  # no rule has evidence: a place by default
])
def test_the_rules_tell_no_evidence_from_a_place(nlp, text, name, verdict):
    from components.build.metonymy import _list_head, metonymy_role, rule_verdict

    doc = nlp(text)
    span = doc.char_span(text.index(name), text.index(name) + len(name))
    assert rule_verdict(span, _list_head(span.root), True) == verdict
    assert metonymy_role(span, capital=True) == (verdict or "place")


def test_the_bench_model_features_are_the_documented_ones(nlp):
    """``bench/train_metonymy.py`` (the fitted model's experiment) still runs on today's rules and parse."""
    sys.path.insert(0, str(ROOT / "bench"))
    import train_metonymy

    from components.build.metonymy import _list_head, rule_verdict

    text = "Moscow-based analysts said the first flight to Moscow left late."
    doc = nlp(text)
    span = doc.char_span(0, 6)
    tok = _list_head(span.root)
    feats = train_metonymy.features(span, tok, rule_verdict(span, tok, True))
    assert feats and all(f.startswith(train_metonymy.FAMILIES) for f in feats)
    assert "hyphen=based" in feats and "rules=none" in feats
    rows, calls = train_metonymy.read_names([doc])
    assert {r["role"] for r in rows[0] if r["surface"] == "Moscow"} == {"place"} and len(calls) == 2
