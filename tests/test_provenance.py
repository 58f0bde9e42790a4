"""Why each mention resolved, in plain words (issue 17, item 8): every rule the pipeline writes has them."""
from __future__ import annotations

import pandas as pd

from components.analysis.provenance import NO_RULE, RULE_WORDS, explain_rule, rule_counts


def _pipeline_rules() -> set[str]:
    from components.build import foreign, people, places, resolve

    return {getattr(mod, name) for mod in (foreign, people, places, resolve) for name in dir(mod)
            if name.startswith("RULE_") and isinstance(getattr(mod, name), str)}


def test_every_rule_the_pipeline_writes_has_plain_words():
    rules = _pipeline_rules()
    assert len(rules) >= 20
    assert rules - set(RULE_WORDS) == set()
    assert all(explain_rule(r) != r and explain_rule(r)[0].islower() for r in rules)


def test_demo_store_rules_are_all_explained(demo_store):
    stored = set(pd.read_parquet(demo_store / "mentions.parquet", columns=["rule"])["rule"])
    assert stored and stored <= set(RULE_WORDS)


def test_rule_counts_lists_rules_with_their_words_and_examples():
    m = pd.DataFrame({"article_id": list("aabbcd"), "surface": ["Smith", "Smith", "Smith", "John Smith", "Smiths",
                                                               "Smith"],
                      "rule": ["surname (store)"] * 3 + ["full name", "surname (store)", None]})
    got = rule_counts(m, examples=1)
    assert got["rule"].tolist() == ["surname (store)", "", "full name"]  # most used first, then by name
    row = got.iloc[0]
    assert (row["mentions"], row["articles"], row["written as"]) == (4, 3, "“Smith” 3, 1 more")
    assert row["how"].startswith("a surname alone")
    assert got.set_index("rule").loc["", "how"] == NO_RULE
    assert rule_counts(m.drop(columns="rule"))["how"].tolist() == [NO_RULE]
    assert rule_counts(m.iloc[:0]).empty


def test_rule_counts_from_codes_count_what_grouping_the_strings_counts():
    """Counted from codes for speed: the same mentions, articles and most written forms per rule as a plain
    group-by of the strings, on a random set with ties broken by first appearance."""
    import numpy as np

    rng = np.random.default_rng(7)
    n = 400
    m = pd.DataFrame({"article_id": rng.choice([f"a{i}" for i in range(40)], n),
                      "surface": rng.choice(["Kim", "Kim Jong Un", "the leader", "Mr Kim", "KJU"], n),
                      "rule": rng.choice(["full name", "surname (article)", "title", None], n)})
    got = rule_counts(m, examples=2).set_index("rule")
    df = m.assign(rule=m["rule"].fillna(""))
    for rule, grp in df.groupby("rule"):
        assert got.loc[rule, "mentions"] == len(grp) and got.loc[rule, "articles"] == grp["article_id"].nunique()
        counts = grp["surface"].value_counts()
        order = sorted(counts.index, key=lambda f: (-counts[f], list(m["surface"]).index(f)))  # ties: first written
        assert got.loc[rule, "written as"] == ", ".join(f"“{f}” {counts[f]}" for f in order[:2]) + \
            (f", {len(counts) - 2} more" if len(counts) > 2 else "")
