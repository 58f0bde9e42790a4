"""Dashboard data at scale: store open time, memory, and every view's data for five filters.

For a store (``--store DIR``, or ``--size 10k|100k|1m``, built with ``make_store.py`` into
``/tmp/wirescope-bench/store-<size>`` when absent), a fresh Python process measures:

- **open**: ``dashboard.loaders.open_store`` (the dashboard's own loading code path),
- **memory**: resident set after opening, and the peak over the whole run (VmHWM),
- for each of five filters (none, one country, one actor, a text query, a narrow date
  range), with the Streamlit data cache cleared first so nothing is reused between
  filters, the time to compute what each page computes on a filter change:

  ``frame``    the entrypoint: ``filtered_positions`` (filter + full-text search) and the
               sidebar's options (``dashboard.widgets._options``, cached per store version)
  ``overview`` monthly coverage, most covered actors, country coverage, weekly spikes,
               articles in languages not analysed
  ``coverage`` weekly coverage, spikes (cached by the overview, as in a session),
               country coverage, places on the map, outlet mix
  ``network``  ``network_data`` (graph, scoring, communities, layout, centrality), which is
               all the page computes for the whole network
  ``compare``  the same page's "Compare two periods" once switched on (off by default): the
               view's loader ``period_comparison`` on the two halves of the dates
               (``default_periods``), with the network already cached
  ``topics``   topic counts, topics by month, topics by country

  ``all`` is their sum; a user on one page waits for ``frame`` + that page.

The same process then times the network alone on the first 10k, 100k and 1M mentions
of the store (build + score, layout, centrality). It prints tables and writes one JSON
record to ``bench/results/views-<size>.json``. Asserts nothing.

Usage::

    python bench/bench_views.py --size 100k
    python bench/bench_views.py --store data/processed --repeat 3
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

VIEWS = ("frame", "overview", "coverage", "network", "compare", "topics")
FILTER_NAMES = ("none", "country", "actor", "text", "dates")
NETWORK_SIZES = (10_000, 100_000, 1_000_000)


def _mem() -> dict:
    """Resident and peak resident memory of this process in MB (Linux ``/proc``; else ru_maxrss)."""
    out = {}
    try:
        for line in open("/proc/self/status"):
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        import resource

        out["VmHWM"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rss_mb": round(out.get("VmRSS", out.get("VmHWM", 0.0)), 1), "peak_mb": round(out.get("VmHWM", 0.0), 1)}


def representative_filters(store, query: str, country: str | None, actor: str | None, days: int) -> dict:
    """The five filters, chosen from the store: the most covered country and person, a common
    word, and ``days`` days starting at the median article's date."""
    import pandas as pd

    from components.analysis.filters import Filters

    arts = store.articles
    country = country or arts["countries"].explode().value_counts().index[0]
    if not actor:
        people = store.entities[store.entities["type"] == "person"]
        actor = people.sort_values(["n_articles", "entity_id"], ascending=[False, True])["entity_id"].iloc[0]
    day = arts["published"].sort_values().iloc[len(arts) // 2].normalize()
    return {
        "none": Filters(),
        "country": Filters(countries=(country,)),
        "actor": Filters(actors=(actor,)),
        "text": Filters(q=query),
        "dates": Filters(date_from=day.date().isoformat(),
                         date_to=(day + pd.Timedelta(days=days - 1)).date().isoformat()),
    }


def view_data(path: str, version: str, f) -> tuple[dict, int]:
    """Compute each page's data for filter ``f`` the way the pages do; seconds per page."""
    from components.analysis import network
    from components.analysis.counts import topic_counts
    from components.analysis.coverage import coverage, source_mix
    from components.analysis.network_compare import default_periods
    from dashboard import loaders
    from dashboard.context import Context
    from dashboard.widgets import _options

    secs = {}
    t = time.perf_counter()
    s = loaders.open_store(path, version)  # cached: the store is opened once per version
    art_pos, ment_pos, _err = loaders.filtered_positions(path, version, f)
    arts, ments = s.articles.iloc[art_pos], s.mentions.iloc[ment_pos]
    _options(s)
    ctx = Context(store=s, filters=f, arts=arts, mentions=ments)
    ctx.subtitle()
    secs["frame"] = time.perf_counter() - t
    if arts.empty:
        return {**secs, **{v: 0.0 for v in VIEWS[1:]}}, 0

    # Overview (dashboard/views/overview.py)
    t = time.perf_counter()
    loaders.coverage(s, arts, freq="M")
    loaders.top_actors(path, version, f, 12)
    loaders.country_counts(path, version, f).head(12)
    loaders.spikes(path, version, f, "W", 8)
    loaders.languages_not_analysed(path, version, f)
    secs["overview"] = time.perf_counter() - t

    # Coverage (dashboard/views/coverage.py, default settings: weeks, articles, no breakdown)
    t = time.perf_counter()
    freq = "W" if len(arts) > 60 else "M"
    loaders.coverage(s, arts, freq=freq, unit="articles", by=None, rolling=0)
    loaders.spikes(path, version, f, freq)
    loaders.country_counts(path, version, f, "articles")
    loaders.place_counts(path, version, f, "articles")
    source_mix(arts)
    secs["coverage"] = time.perf_counter() - t

    # Network (dashboard/views/network.py, default drawing options)
    t = time.perf_counter()
    options = network.NetworkOptions.from_settings(loaders.store_settings(path, version))
    loaders.network_data(path, version, f, options)  # the view uses its centrality
    secs["network"] = time.perf_counter() - t

    # The network page's "Compare two periods" when switched on (off by default), default halves,
    # through the view's own loader: drawn at the (cached) network's positions, no second layout.
    t = time.perf_counter()
    a_from, a_to, b_from, b_to = default_periods(arts["published"])
    loaders.period_comparison(path, version, f, a_from, a_to, b_from, b_to, options)
    secs["compare"] = time.perf_counter() - t

    # Topics (dashboard/views/topics.py)
    t = time.perf_counter()
    topic_counts(arts)
    coverage(arts, freq="M", by=arts["topic_id"], all_articles=arts, unique_ids=s.index is not None)
    loaders.topic_countries(path, version, f, 12)
    secs["topics"] = time.perf_counter() - t
    return secs, len(arts)


def network_scaling(store, sizes=NETWORK_SIZES, repeat: int = 3) -> list[dict]:
    """Build + score (with communities), layout and centrality on the first N mentions (whole articles);
    the median of ``repeat`` runs of each step."""
    from components.analysis import network
    from components.present.network_layout import layout

    rows = []
    ments = store.mentions
    for n in sizes:
        if n > len(ments):
            rows.append({"mentions": n, "available": False})
            continue
        sub = ments.iloc[:n]
        last = sub["article_id"].iloc[-1]
        if n < len(ments) and ments["article_id"].iloc[n] == last:
            sub = sub[sub["article_id"] != last]  # whole articles only
        runs = []
        for _ in range(max(1, repeat)):
            t = time.perf_counter()
            G = network.cooccurrence_graph(sub, store.entities)
            t_build = time.perf_counter() - t
            t = time.perf_counter()
            layout(G)
            t_layout = time.perf_counter() - t
            t = time.perf_counter()
            network.centrality_table(G)
            runs.append((t_build, t_layout, time.perf_counter() - t))
        t_build, t_layout, t_cent = (statistics.median(r[i] for r in runs) for i in range(3))
        rows.append({"mentions": n, "available": True, "articles": int(sub["article_id"].nunique()),
                     "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                     "build_score_s": round(t_build, 4), "layout_s": round(t_layout, 4),
                     "centrality_s": round(t_cent, 4), "total_s": round(t_build + t_layout + t_cent, 4)})
    return rows


def measure(path: str, repeat: int, query: str, country: str | None, actor: str | None, days: int,
            network_sizes) -> dict:
    """Runs in the fresh child process."""
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    import streamlit as st

    from dashboard import loaders

    mem0 = _mem()
    version = loaders.store_version(path)
    t = time.perf_counter()
    s = loaders.open_store(path, version)
    open_s = time.perf_counter() - t
    mem_open = _mem()
    filters = representative_filters(s, query, country, actor, days)
    # One untimed pass, as a running server has done: imports (scikit-learn, SciPy) and first-call costs.
    view_data(path, version, filters["actor"])
    results = {}
    for name, f in filters.items():
        runs = []
        n = 0
        for _ in range(repeat):
            st.cache_data.clear()  # a filter value the session has not seen yet
            secs, n = view_data(path, version, f)
            runs.append(secs)
        med = {v: round(statistics.median(r[v] for r in runs), 4) for v in VIEWS}
        med["all"] = round(sum(med[v] for v in VIEWS), 4)
        results[name] = {"filter": {k: v for k, v in f.as_dict().items() if v not in ((), "", None, "about")},
                         "articles": n, "seconds": med, "runs": len(runs)}
    mem_views = _mem()
    net = network_scaling(s, network_sizes, repeat)
    return {"store": path, "store_hash": version, "articles": len(s.articles), "mentions": len(s.mentions),
            "entities": len(s.entities), "open_s": round(open_s, 3), "rss_before_open_mb": mem0["rss_mb"],
            "rss_after_open_mb": mem_open["rss_mb"], "peak_rss_views_mb": mem_views["peak_mb"],
            "peak_rss_mb": _mem()["peak_mb"], "filters": results, "network_scaling": net}


def print_report(rec: dict, targets: tuple[float, float] | None) -> None:
    print(f"store {rec['store']}: {rec['articles']:,} articles, {rec['mentions']:,} mentions, "
          f"{rec['entities']:,} actors")
    print(f"open {rec['open_s']:.2f} s; memory: {rec['rss_after_open_mb']:,.0f} MB after open, peak "
          f"{rec['peak_rss_views_mb']:,.0f} MB over the five filters, {rec['peak_rss_mb']:,.0f} MB with the "
          f"network scaling run")
    head = f"{'filter':<8} {'articles':>9} " + " ".join(f"{v:>9}" for v in VIEWS) + f" {'all':>9}"
    print("\nseconds per page on a filter change (median of %d, cache cleared):" % next(
        iter(rec["filters"].values()))["runs"])
    print(head)
    for name, r in rec["filters"].items():
        sec = r["seconds"]
        print(f"{name:<8} {r['articles']:>9,} " + " ".join(f"{sec[v]:>9.3f}" for v in VIEWS) + f" {sec['all']:>9.3f}")
    worst = max(r["seconds"]["all"] for r in rec["filters"].values())
    worst_net = max(r["seconds"]["frame"] + r["seconds"]["network"] for r in rec["filters"].values())
    worst_page = max(r["seconds"]["frame"] + r["seconds"]["network"] + r["seconds"]["compare"]
                     for r in rec["filters"].values())
    print(f"worst filter: all views {worst:.3f} s; network (frame + network) {worst_net:.3f} s, "
          f"with the period comparison {worst_page:.3f} s")
    if targets:
        t_views, t_mem = targets
        print(f"target at this size: all views < {t_views:g} s -> {'met' if worst < t_views else 'MISSED'}; "
              f"memory < {t_mem:g} GB -> {'met' if rec['peak_rss_mb'] / 1024 < t_mem else 'MISSED'}")
    print("\nnetwork on the first N mentions (build+score, layout, centrality; median seconds):")
    print(f"{'mentions':>9} {'articles':>9} {'nodes':>6} {'edges':>6} {'build':>8} {'layout':>8} {'central':>8} "
          f"{'total':>8}")
    for r in rec["network_scaling"]:
        if not r["available"]:
            print(f"{r['mentions']:>9,}   (the store has fewer mentions)")
            continue
        print(f"{r['mentions']:>9,} {r['articles']:>9,} {r['nodes']:>6} {r['edges']:>6} {r['build_score_s']:>8.3f} "
              f"{r['layout_s']:>8.3f} {r['centrality_s']:>8.3f} {r['total_s']:>8.3f}")


TARGETS = {100_000: (0.3, 2.0), 1_000_000: (2.0, 8.0)}


def main(argv: list[str] | None = None) -> int:
    from make_store import ensure_store, machine, parse_size, save_record, size_label

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--store", help="an existing store folder")
    g.add_argument("--size", help="10k, 100k, 1m (or any N): build with make_store.py into /tmp when absent")
    p.add_argument("--base", default=None, help="processed store make_store.py replicates (default: shared corpora)")
    p.add_argument("--repeat", type=int, default=3, help="runs per filter; the median is reported")
    p.add_argument("--query", default="trade", help="the text-query filter (default %(default)r)")
    p.add_argument("--country", default=None, help="the country filter (default: the store's most covered)")
    p.add_argument("--actor", default=None, help="the actor filter (default: the store's most covered person)")
    p.add_argument("--days", type=int, default=14, help="length of the narrow date range (default %(default)s)")
    p.add_argument("--network-sizes", default="10k,100k,1m", help="mention counts for the network timing")
    p.add_argument("--json", default=None, help="record path (default bench/results/views-<size>.json)")
    p.add_argument("--_child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    sizes = [parse_size(x) for x in args.network_sizes.split(",") if x.strip()]
    if args._child:
        rec = measure(args.store, args.repeat, args.query, args.country, args.actor, args.days, sizes)
        print(json.dumps(rec))
        return 0
    if args.size:
        n = parse_size(args.size)
        store = ensure_store(n, base=args.base, log=lambda m: print(m, file=sys.stderr, flush=True))
    else:
        store = Path(args.store)
        if not (store / "manifest.json").exists():
            print(f"error: no store at {store}", file=sys.stderr)
            return 2
    cmd = [sys.executable, __file__, "--store", str(store), "--_child", "--repeat", str(args.repeat),
           "--query", args.query, "--days", str(args.days), "--network-sizes", args.network_sizes]
    for opt in ("country", "actor"):
        if getattr(args, opt):
            cmd += [f"--{opt}", getattr(args, opt)]
    before = machine()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0:
        print(proc.stderr[-4000:], file=sys.stderr)
        return proc.returncode
    rec = json.loads(proc.stdout.strip().splitlines()[-1])
    rec["machine"] = before
    rec["machine"]["load_after"] = machine()["load_1_5_15"]
    n = rec["articles"]
    print_report(rec, TARGETS.get(n))
    print(f"\nmachine: {before['cores']} cores, {before['cpu']}, {before['memory']}; load {before['load_1_5_15']} "
          f"before, {rec['machine']['load_after']} after")
    save_record(rec, args.json or ROOT / "bench" / "results" / f"views-{size_label(n)}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
