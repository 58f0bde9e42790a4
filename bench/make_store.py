"""Scale generator: a store of N articles made by replicating a processed store.

The shared corpora (KCNA, Reuters-21578, the raw .txt sample: about 16,800 articles)
are processed once by the real pipeline into a base store (cached, default
``/tmp/wirescope-bench/base``); then the articles and every per-article table
(mentions, raw mentions, statements) are replicated with new 16-hex-character article
ids and dates shifted by ``k * --shift-days`` for replica ``k`` (replica 0 is the base
itself), until the store holds N articles. No NLP runs again: each replica reuses the
base's processed mentions, statements, topic assignment and story grouping (stories
stay within a replica). The last, partial replica is a seeded random subset of the
base. The store is written with ``components.store.write_store``, which builds the
full-text index in the same atomic write; the index is rebuilt once more on its own to
report its share (FTS5 over 1M texts is the slowest step).

Usage::

    python bench/make_store.py --size 100k --out /tmp/wirescope-bench/store-100k
    python bench/make_store.py --size 2000 --out /tmp/s --base data/processed   # reuse a processed store
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
DEFAULT_INPUTS = [SHARED / "kcna-2024" / "articles.jsonl", SHARED / "reuters-21578" / "articles.jsonl",
                  SHARED / "raw-txt-sample"]
WORK = Path("/tmp/wirescope-bench")
DEFAULT_BASE = WORK / "base"


def parse_size(text: str) -> int:
    """``"10k"`` -> 10000, ``"1m"`` -> 1000000, ``"2500"`` -> 2500.

    >>> parse_size("10k"), parse_size("1M"), parse_size("2500")
    (10000, 1000000, 2500)
    """
    t = str(text).strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    n = int(float(t[:-1] if mult > 1 else t) * mult)
    if n < 1:
        raise ValueError(f"size == {text!r}, must be >= 1")
    return n


def size_label(n: int) -> str:
    """``100000`` -> ``"100k"``."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def machine() -> dict:
    """What the numbers were measured on: cores, CPU, memory, load (shared machines vary)."""
    import os
    import platform

    cpu = ""
    try:
        cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(ln.split()[1] for ln in open("/proc/meminfo") if ln.startswith("MemTotal")))
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    return {"cores": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(),
            "load_1_5_15": [round(x, 2) for x in load],
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def save_record(rec: dict, path: str | Path) -> Path:
    """Write a benchmark's JSON record (``bench/results/...``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rec, indent=2) + "\n", encoding="utf-8")
    return path


def ensure_base(base: Path, inputs: list[Path] | None = None, log=print) -> Path:
    """The processed base store at ``base``, built from ``inputs`` (the shared corpora) when missing."""
    from components.errors import StoreMissing
    from components.store import read_manifest

    try:
        read_manifest(base)
        return base
    except StoreMissing:
        pass
    from components.build.pipeline import process

    inputs = inputs or DEFAULT_INPUTS
    missing = [str(p) for p in inputs if not Path(p).exists()]
    if missing:
        raise SystemExit(f"error: corpus not found: {', '.join(missing)} (the shared corpora must sit beside "
                         f"the repository, or pass --base with a processed store)")
    log(f"processing the base corpora into {base} (once; later runs reuse it) ...")
    t = time.perf_counter()
    summary = process(inputs, base)
    log(f"  {summary.line()} [{time.perf_counter() - t:.0f} s]")
    return base


def new_ids(ids: np.ndarray, k: int) -> np.ndarray:
    """Replica ``k``'s article ids: replica 0 keeps the originals, others a 16-hex hash of (id, k).

    >>> new_ids(np.array(["a1b2c3d4e5f60718"]), 0)[0], len(new_ids(np.array(["a1b2c3d4e5f60718"]), 3)[0])
    ('a1b2c3d4e5f60718', 16)
    """
    if k == 0:
        return ids.astype(object)
    return np.array([hashlib.sha256(f"{a}#{k}".encode()).hexdigest()[:16] for a in ids], dtype=object)


def replicate(tables: dict, n: int, *, shift_days: int = 365, seed: int = 42) -> dict:
    """Tables of a store with ``n`` articles made from ``tables`` (a loaded store).

    Returns ``articles``, ``entities``, ``topics`` and every per-article table of the base
    (``mentions``, ``raw_mentions``, ``statements``, ...: any table with an ``article_id``).
    """
    base = tables["articles"].reset_index(drop=True)
    b = len(base)
    if b == 0:
        raise ValueError("the base store holds no articles")
    reps = math.ceil(n / b)
    rem = n - (reps - 1) * b
    ids = base["article_id"].to_numpy(dtype=object)
    index = pd.Index(ids)
    story_pos = index.get_indexer(base["story_id"]) if "story_id" in base else None
    # Every per-article table (mentions, raw mentions, statements, ...) is replicated with its articles.
    per_article = {name: df.reset_index(drop=True) for name, df in tables.items()
                   if name not in ("articles", "entities", "topics", "manifest", "rejects")
                   and isinstance(df, pd.DataFrame) and "article_id" in df.columns}
    positions = {name: index.get_indexer(df["article_id"]) for name, df in per_article.items()}
    parts: dict[str, list] = {name: [] for name in per_article}
    ment, m_pos = per_article["mentions"], positions["mentions"]
    partial = np.sort(np.random.default_rng(seed).permutation(b)[:rem])

    arts = []
    for k in range(reps):
        sel = np.arange(b) if k < reps - 1 else partial
        ids_k = new_ids(ids, k)
        a = base.iloc[sel].copy()
        a["article_id"] = ids_k[sel]
        a["published"] = a["published"] + pd.Timedelta(days=shift_days * k)
        if story_pos is not None:
            sp = story_pos[sel]
            a["story_id"] = np.where(sp >= 0, ids_k[np.maximum(sp, 0)], a["story_id"].astype(object))
        if k:
            if "source_id" in a:
                a["source_id"] = a["source_id"].where(a["source_id"].fillna("") == "", a["source_id"] + f"#{k}")
            if "origin" in a:
                a["origin"] = a["origin"] + f" (replica {k})"
        arts.append(a)
        keep = np.zeros(b, dtype=bool)
        keep[sel] = True
        for name, src in per_article.items():
            pos = positions[name]
            mask = (pos >= 0) & keep[np.maximum(pos, 0)]
            part = src[mask].copy()
            part["article_id"] = ids_k[pos[mask]]
            parts[name].append(part)
    articles = pd.concat(arts, ignore_index=True).sort_values("published", kind="stable").reset_index(drop=True)
    del arts
    out = {"articles": articles}
    for name in list(parts):
        out[name] = pd.concat(parts.pop(name), ignore_index=True)

    # Actor counts from the base's (article, actor) pairs times the replicas that include each article.
    copies = np.full(b, reps - 1, dtype=np.int64)
    copies[partial] += 1
    w = copies[m_pos]
    per_mention = pd.DataFrame({"entity_id": ment["entity_id"].to_numpy(), "w": w, "pos": m_pos})
    n_mentions = per_mention.groupby("entity_id")["w"].sum()
    n_articles = per_mention.drop_duplicates(["entity_id", "pos"]).groupby("entity_id")["w"].sum()
    ents = tables["entities"].copy()
    ents["n_mentions"] = ents["entity_id"].map(n_mentions).fillna(0).astype("int64")
    ents["n_articles"] = ents["entity_id"].map(n_articles).fillna(0).astype("int64")
    ents = ents[ents["n_mentions"] > 0].sort_values("n_mentions", ascending=False, kind="stable")

    topics = tables["topics"].copy()
    if len(topics) and "topic_id" in articles:
        grp = articles.groupby("topic_id")
        topics["size"] = topics["topic_id"].map(grp.size()).fillna(0).astype("int64")
        if "low_confidence" in articles and "share_low_confidence" in topics:
            topics["share_low_confidence"] = topics["topic_id"].map(grp["low_confidence"].mean()).fillna(0.0)
    out.update({"entities": ents.reset_index(drop=True), "topics": topics})
    return out


def make_store(n: int, out: str | Path, *, base: str | Path | None = None, shift_days: int = 365,
               seed: int = 42, log=print) -> dict:
    """Build a store of ``n`` articles at ``out``; returns the timings and counts."""
    from components.search import build_index
    from components.store import load_store, write_store

    out = Path(out)
    base = ensure_base(Path(base) if base else DEFAULT_BASE, log=log)
    rec: dict = {"n_articles": n, "out": str(out), "base": str(base), "shift_days": shift_days}
    t = time.perf_counter()
    tables = load_store(base)
    rec["base_articles"] = len(tables["articles"])
    rec["seconds_load_base"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    big = replicate(tables, n, shift_days=shift_days, seed=seed)
    del tables
    rec["seconds_replicate"] = round(time.perf_counter() - t, 2)
    log(f"replicated {rec['base_articles']:,} base articles into {n:,} in {rec['seconds_replicate']:.1f} s")
    t = time.perf_counter()
    manifest = write_store(out, big, manifest={"inputs": {}, "generated_by": {
        "script": "bench/make_store.py", "base": str(base), "n_articles": n, "shift_days": shift_days,
        "seed": seed}}, rejects=pd.DataFrame(columns=["origin", "file", "line", "reason"]))
    rec["seconds_write_store"] = round(time.perf_counter() - t, 2)
    log(f"wrote the store in {rec['seconds_write_store']:.1f} s")
    # write_store builds the full-text index inside its atomic write; it is built once more on its
    # own here only to report what the index alone costs (its share of the write time above).
    t = time.perf_counter()
    build_index(out, big["articles"])
    rec["seconds_build_index"] = round(time.perf_counter() - t, 2)
    log(f"the full-text index alone (rebuilt to time it, included in the write): {rec['seconds_build_index']:.1f} s")
    rec["counts"] = manifest["counts"]
    rec["store_hash"] = manifest["store_hash"]
    rec["disk_mb"] = round(sum(f.stat().st_size for f in out.iterdir() if f.is_file()) / 2**20, 1)
    return rec


def ensure_store(n: int, out: str | Path | None = None, *, base: str | Path | None = None, log=print) -> Path:
    """The store of ``n`` articles at ``out`` (default ``/tmp/wirescope-bench/store-<size>``), built if absent."""
    out = Path(out) if out else WORK / f"store-{size_label(n)}"
    man = out / "manifest.json"
    if man.exists() and json.loads(man.read_text()).get("counts", {}).get("articles") == n:
        return out
    make_store(n, out, base=base, log=log)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", required=True, help="articles in the store: 2000, 10k, 100k, 1m")
    p.add_argument("--out", required=True, help="store folder to write")
    p.add_argument("--base", default=None, help=f"processed store to replicate (default: the shared corpora, "
                                                f"processed once into {DEFAULT_BASE})")
    p.add_argument("--shift-days", type=int, default=365, help="date shift per replica (default %(default)s)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json", default=None, help="also write the record here (default bench/results/"
                                                "make_store-<size>.json)")
    args = p.parse_args(argv)
    try:
        n = parse_size(args.size)
    except ValueError as exc:
        p.error(str(exc))
    rec = make_store(n, args.out, base=args.base, shift_days=args.shift_days, seed=args.seed)
    c = rec["counts"]
    print(f"store {rec['out']}: {c['articles']:,} articles, {c['mentions']:,} mentions, {c['entities']:,} actors, "
          f"{rec['disk_mb']:,} MB on disk [{rec['store_hash']}]")
    print(f"seconds: load base {rec['seconds_load_base']}, replicate {rec['seconds_replicate']}, "
          f"write {rec['seconds_write_store']}, index {rec['seconds_build_index']}")
    save_record(rec, args.json or ROOT / "bench" / "results" / f"make_store-{size_label(n)}.json")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
