"""Entity extraction throughput next to the bare spaCy model, same texts, same run, same cores.

    python bench/bench_entities.py [--limit 3000] [--processes 2]

"Bare" is ``spacy.load(model).pipe(texts)`` with the model's full pipeline; Wirescope is
``extract_raw_mentions`` (NER + parse + gazetteer component, lemmatizer off) plus
``canonicalise``. Prints words/s for both and the ratio; writes bench/results/entities.json.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "reuters-21578" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=3000, help="articles (0 = all 15,730)")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()
    import spacy

    from components import settings
    from components.build.entities import canonicalise
    from components.build.parse import build_nlp, extract_raw_mentions
    from components.build.ingest import read_articles

    arts = read_articles([CORPUS]).articles
    if args.limit:
        arts = arts.head(args.limit)
    texts = arts["text"].tolist()
    words = int(arts["n_words"].sum())
    model = settings.get("spacy_model")

    bare = spacy.load(model)
    t = time.perf_counter()
    n_ents = sum(len(d.ents) for d in bare.pipe(texts, n_process=args.processes, batch_size=args.batch_size))
    t_bare = time.perf_counter() - t

    nlp = build_nlp()
    t = time.perf_counter()
    raw = extract_raw_mentions(arts, nlp, n_process=args.processes, batch_size=args.batch_size)
    ments = canonicalise(raw, arts)
    t_ws = time.perf_counter() - t

    ratio = (words / t_ws) / (words / t_bare)
    print(f"{len(arts):,} Reuters articles, {words:,} words, {args.processes} processes, model {model}")
    print(f"  bare spaCy      {t_bare:7.1f} s  {words / t_bare:9,.0f} words/s  {len(arts) / t_bare:7.1f} articles/s"
          f"  ({n_ents:,} entities)")
    print(f"  Wirescope       {t_ws:7.1f} s  {words / t_ws:9,.0f} words/s  {len(arts) / t_ws:7.1f} articles/s"
          f"  ({len(ments):,} canonical mentions)")
    print(f"  ratio Wirescope / bare = {ratio:.2f}")
    out = ROOT / "bench" / "results" / "entities.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"articles": len(arts), "words": words, "processes": args.processes,
                               "bare_s": t_bare, "wirescope_s": t_ws, "ratio": ratio}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
