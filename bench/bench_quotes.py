"""Throughput of statement extraction on the KCNA corpus.

    python bench/bench_quotes.py                 # all 1,025 KCNA articles
    python bench/bench_quotes.py --limit 50      # smoke run

Mentions are built first with the entity pipeline (timed on its own line: the pipeline
has them already); the number that matters is the extraction line: statements and
articles per second of :func:`components.build.parse.extract_statements`.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "kcna-2024" / "articles.jsonl"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="JSONL corpus (default: KCNA 2024)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N records (0 = all)")
    parser.add_argument("--n-process", type=int, default=1, help="spaCy processes for the extraction")
    args = parser.parse_args(argv)

    from components.build.entities import canonicalise
    from components.build.parse import build_nlp, extract_raw_mentions
    from components.build.ingest import read_articles
    from components.build.parse import build_quote_nlp, extract_statements

    path = Path(args.path)
    if not path.is_file():
        parser.error(f"corpus not found: {path} (the shared corpora must sit beside the repository)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            lines = path.read_text(encoding="utf-8").splitlines()[: args.limit]
            path = Path(tmp) / "sample.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        arts = read_articles([path]).articles
    n_chars = int(arts["text"].str.len().sum())
    print(f"{len(arts)} articles, {n_chars / 1e6:.2f} M characters from {args.path}")

    t0 = time.perf_counter()
    mentions = canonicalise(extract_raw_mentions(arts, build_nlp(), n_process=1), arts)
    t1 = time.perf_counter()
    print(f"mentions (entity pipeline, not part of the measure): {len(mentions)} in {t1 - t0:.1f} s")

    nlp = build_quote_nlp()
    t2 = time.perf_counter()
    st = extract_statements(arts, mentions, nlp, n_process=args.n_process)
    secs = time.perf_counter() - t2
    known = (st["speaker_id"] != "").mean() if len(st) else 0.0
    print(f"statements: {len(st)} ({(st['kind'] == 'direct').sum()} direct, {known:.0%} with a known speaker) "
          f"in {secs:.1f} s with n_process={args.n_process}")
    print(f"throughput: {len(st) / secs:.0f} statements/s, {len(arts) / secs:.1f} articles/s, "
          f"{n_chars / secs / 1e3:.0f} k characters/s")
    top = st[st["speaker_id"] != ""]["speaker_id"].value_counts().head(5)
    print("most quoted: " + ", ".join(f"{k} ({v})" for k, v in top.items()))
    print(json.dumps({"articles": len(arts), "statements": len(st), "seconds": round(secs, 2)}))


if __name__ == "__main__":
    main()
