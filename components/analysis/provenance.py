"""Why a mention resolved to its actor, in plain words (issue 17, item 8).

The pipeline stores one rule per mention (``mentions.parquet`` ``rule``: the ``RULE_*`` names of
:mod:`components.build.resolve`, :mod:`components.build.people` and :mod:`components.build.places`).
The Articles reader shows a mention's rule on hover and the Actor profile lists how an actor's
mentions were resolved, so an analyst can spot a wrong one and fix it (Actors view: split, merge).
The words here are for them; the rule names stay what the store holds.

Examples
--------
>>> explain_rule("capital as actor")
'a capital standing for its government (“Pyongyang said”)'
>>> explain_rule(""), explain_rule("new rule")
('not recorded (the store was built before rules were kept)', 'new rule')
>>> m = pd.DataFrame({"article_id": ["a", "a", "b"], "surface": ["Kim Jong Un", "Kim", "Kim"],
...                   "rule": ["full name (gazetteer)", "given name (article)", "given name (article)"]})
>>> rule_counts(m)[["rule", "mentions", "articles", "written as"]].values.tolist()
[['given name (article)', 2, 2, '“Kim” 2'], ['full name (gazetteer)', 1, 1, '“Kim Jong Un” 1']]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["RULE_WORDS", "NO_RULE", "explain_rule", "rule_counts"]

NO_RULE = "not recorded (the store was built before rules were kept)"

# Rule (as stored) -> what it means, for an analyst. tests/test_provenance.py checks every RULE_* the
# pipeline writes has its words here.
RULE_WORDS = {
    # components/build/resolve.py
    "gazetteer name": "a name listed in the gazetteer",
    "capital as actor": "a capital standing for its government (“Pyongyang said”)",
    "capital as place": "a capital named as a place (“in Seoul”), not its government",
    "ambiguous name, article's countries": "an ambiguous name (“the North”) settled by the countries the article names",
    "body of the article's country": "a government's body by its kind (“the Finance Ministry”, “the Treasury”): "
                                     "of the country written before it, else of the story's dateline, else of "
                                     "the country the article names most",
    "organisation (NER)": "an organisation the language model found (not in the gazetteer)",
    "place (NER)": "a place the language model found that GeoNames does not know",
    "place in an organisation's name": "a place named inside an organisation's name (“Kentucky” in “Kentucky "
                                       "State Police”)",
    "country in an office's title": "the country an office's title names (“Germany” in “Germany's Chancellor”), "
                                    "beside the office holder the title stands for",
    # components/build/places.py
    "GeoNames place": "a place found in GeoNames, with its country and point",
    "dateline": "the article's dateline",
    "feature on the story's ground": "a river, lake, island, park or township GeoNames lacks (“the Foo River”), in "
                                     "the one country the story is set in (its state, dateline or outlet's home)",
    "place inside a known place": "a place GeoNames lacks, written inside one it knows (“Foo in Idlib province”, "
                                  "“Cairo's Foo neighbourhood”): that place's country, no point",
    "place named again (article)": "a place's name again where the language model missed it, for the place the "
                                   "article's other mention of it resolved to",
    "GeoNames place the language model missed": "a city's or a province's own name after “in”, “near”, “from” or "
                                                 "“to” where the language model found nothing, or only pieces of it: "
                                                 "a GeoNames city of 100,000 people (10,000 in a country the article "
                                                 "names) or a country's first-level division",
    # components/build/people.py
    "full name (gazetteer)": "a full name listed in the gazetteer",
    "full name": "a full name (not in the gazetteer)",
    "title of office": "a title (“the President”) read as who held it on the article's date",
    "name variant (article)": "another form of a name used in full in the article (initials, title, middle name)",
    "surname (article)": "a surname alone, for the person named in full in the article",
    "given name (article)": "a given name alone, for the person named in full in the article",
    "surname (store)": "a surname alone, for the only person with that family name in the store",
    "name variant (store)": "another form of a full name used elsewhere in the store, joined by name matching",
    "full name typed as place/org": "a full name the language model took for a place or organisation, "
                                    "recovered as a person",
    "surname of a listed person in office": "a surname alone, for a listed person in office within two years "
                                            "of the article's date, in a story naming that person's country "
                                            "or body",
    "analyst edit": "an analyst's merge or split",
    # components/build/foreign.py
    "country name in the article's language": "a country's name as the article's own language writes it "
                                              "(Unicode CLDR, through Babel), in an article Wirescope has no "
                                              "language model for: only its countries and their capitals "
                                              "are found",
    "capital's name in the article's language": "a country's capital under one of its GeoNames names "
                                                "(“Séoul”, “서울”), in an article Wirescope has no language model "
                                                "for: the city, as a place, never its government",
}


def explain_rule(rule) -> str:
    """The plain words for a stored rule (the rule itself when it has none; :data:`NO_RULE` when empty)."""
    if rule is None or (isinstance(rule, float) and rule != rule) or str(rule) == "":
        return NO_RULE
    return RULE_WORDS.get(str(rule), str(rule))


def rule_counts(mentions: pd.DataFrame, examples: int = 4) -> pd.DataFrame:
    """How a set of mentions (one actor's, usually) was resolved: one row per rule, most used first.

    Columns: ``rule`` (as stored), ``how`` (:func:`explain_rule`), ``mentions``, ``articles`` and
    ``written as`` (the ``examples`` most frequent surface forms with their counts), so a rule that
    caught the wrong words stands out. A store without a ``rule`` column gives one row, "not recorded".
    """
    cols = ["rule", "how", "mentions", "articles", "written as"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    rules = mentions["rule"].fillna("").astype(str) if "rule" in mentions else pd.Series("", index=mentions.index)
    surface = mentions["surface"].fillna("").astype(str) if "surface" in mentions else pd.Series("", index=mentions.index)
    # Counted from codes (an actor's 300,000 mentions at 100k articles: 0.2 s grouping the strings).
    rule, rule_values = pd.factorize(rules.to_numpy())
    form, form_values = pd.factorize(surface.to_numpy())  # codes in order of first appearance
    art = pd.factorize(mentions["article_id"].to_numpy())[0].astype(np.int64)
    n_mentions = np.bincount(rule, minlength=len(rule_values))
    first = ~pd.Series(rule.astype(np.int64) * (int(art.max()) + 1) + art).duplicated().to_numpy()
    n_articles = np.bincount(rule[first], minlength=len(rule_values))
    key = np.sort(rule.astype(np.int64) * len(form_values) + form)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    pair, n_pair = key[starts], np.diff(np.r_[starts, len(key)])
    rows = []
    for k, name in enumerate(rule_values):
        mine = pair // len(form_values) == k
        codes, counts = pair[mine] % len(form_values), n_pair[mine]
        order = np.lexsort((codes, -counts))  # most written first, ties as first written
        shown = ", ".join(f"“{form_values[codes[i]]}” {counts[i]}" for i in order[:examples])
        rows.append({"rule": name, "how": explain_rule(name), "mentions": int(n_mentions[k]),
                     "articles": int(n_articles[k]),
                     "written as": shown + (f", {len(codes) - examples} more" if len(codes) > examples else "")})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["mentions", "rule"], ascending=[False, True], kind="stable").reset_index(drop=True)
