"""Ingest throughput (articles/s) on ../shared/corpora/reuters-21578.

    python bench/bench_ingest.py [--repeat 3]

Prints the median over runs and writes bench/results/ingest.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "reuters-21578" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", default=str(CORPUS))
    args = ap.parse_args()
    from components.build.ingest import read_articles

    read_articles([args.corpus])  # warm-up: imports, gazetteer index
    times, res = [], None
    for _ in range(args.repeat):
        t = time.perf_counter()
        res = read_articles([args.corpus])
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    n = res.n_read
    words = int(res.articles["n_words"].sum())
    print(f"ingest {args.corpus}")
    print(f"  records read {n:,}  stored {len(res.articles):,}  duplicates {res.n_duplicates}  rejected {len(res.rejects)}")
    print(f"  median of {args.repeat}: {med:.2f} s  ->  {n / med:,.0f} articles/s, {words / med:,.0f} words/s")
    out = ROOT / "bench" / "results" / "ingest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"corpus": args.corpus, "records": n, "seconds": times, "articles_per_s": n / med,
                               "words_per_s": words / med, "machine": platform.processor() or platform.machine()},
                              indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
