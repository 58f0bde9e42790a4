"""Export timings (Wirescope issue 10): one chart as PNG/SVG/PDF, and the whole briefing pack.

Builds the view set the dashboard would export for "Countries: North Korea" from a store
(coverage by week, outlets, topics, the network, most covered actors, top articles), then
prints:

- the first export in the process (cold: starts Chromium),
- the median of the next 10 exports of the same chart per format (warm; target < 1 s),
- the whole pack for 5 charts plus the overview and top-articles tables (median of 3).

One JSON record goes to ``bench/results/export.json``. Prints numbers; asserts nothing.

Usage::

    python bench/bench_export.py                      # store from WIRESCOPE_DATA / data/processed,
                                                      # else the demo corpus processed into a temp dir
    python bench/bench_export.py --store /path/to/store --examples docs/examples
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from components.analysis import network  # noqa: E402
from components.analysis.coverage import coverage, source_mix  # noqa: E402
from components.present import render  # noqa: E402
from components.present.export import export_name  # noqa: E402
from components.present.network_layout import layout  # noqa: E402
from components.present.pack import briefing_pack  # noqa: E402
from components.present.charts import bar_figure, coverage_figure, network_figure, source_mix_figure, topic_sizes_figure  # noqa: E402
from components.analysis.filters import Filters, apply_filters, describe  # noqa: E402
from components.store import load_store, store_hash  # noqa: E402
from components.present.theme import caption, colour_for, footer  # noqa: E402


def find_store(arg: str | None) -> Path:
    for cand in (arg, os.environ.get("WIRESCOPE_DATA"), ROOT / "data" / "processed"):
        if cand and (Path(cand) / "manifest.json").exists():
            return Path(cand)
    from components.build.pipeline import process

    out = Path(tempfile.mkdtemp(prefix="wirescope-bench-")) / "store"
    print(f"no store given: processing data/demo into {out} (about 30 s)", flush=True)
    process([ROOT / "data" / "demo"], out, n_process=1)
    return out


def view_set(store_dir: Path, generated: datetime) -> tuple[list[dict], str, str]:
    """The pack items for the North Korea view, built the way the dashboard views build them."""
    s = load_store(store_dir)
    h = store_hash(store_dir)
    names = dict(zip(s["entities"]["entity_id"], s["entities"]["name"]))
    f = Filters(countries=("PRK",))
    arts, ments = apply_filters(s["articles"], s["mentions"], f)
    text = describe(f, names, {"PRK": "North Korea"})
    sub = caption(filters_text=text, n_articles=len(arts), n_outlets=arts["source"].nunique(),
                  date_from=arts["published"].min(), date_to=arts["published"].max())
    foot = footer(h, generated)
    outlets = ", ".join(arts["source"].value_counts().index[:8])
    src = f"{len(arts):,} articles from {arts['source'].nunique()} outlets: {outlets}"

    overview = [("Articles", len(arts)), ("Stories", arts["story_id"].nunique()),
                ("Outlets", arts["source"].nunique()), ("Actors", ments["entity_id"].nunique())]
    cov = coverage(arts, freq="W", all_articles=s["articles"])
    mix = source_mix(arts)
    counts = arts.groupby("topic_id").agg(size=("article_id", "size"),
                                          share_low_confidence=("low_confidence", "mean")).reset_index()
    topics = s["topics"].drop(columns=["size", "share_low_confidence"]).merge(counts, on="topic_id")
    G = network.cooccurrence_graph(ments, s["entities"])
    top = ments.drop_duplicates(["article_id", "entity_id"]).groupby("entity_id").size().sort_values(ascending=False)
    actors = [e for e in top.index if not e.startswith("country:")][:12]
    types = s["entities"].set_index("entity_id")["type"]
    newest = arts.sort_values("published", ascending=False).head(24)
    items = [
        {"title": "Overview", "figure": None, "caption": sub, "notes": src,
         "table": pd.DataFrame(overview, columns=["measure", "value"])},
        {"title": "Coverage of North Korea by week", "caption": sub, "notes": src, "table": cov,
         "figure": coverage_figure(cov, title="Coverage of North Korea by week", subtitle=sub, foot=foot)},
        {"title": "Who is covered together", "caption": sub, "notes": src, "table": network.centrality_table(G),
         "figure": network_figure(G, layout(G), title="Who is covered together", subtitle=sub, foot=foot)},
        {"title": "What the coverage is about", "caption": sub, "notes": src, "table": topics,
         "figure": topic_sizes_figure(topics, subtitle=sub, foot=foot)},
        {"title": "Most covered actors", "caption": sub, "notes": src, "table": None,
         "figure": bar_figure([names.get(a, a) for a in actors], top.loc[actors].tolist(), title="Most covered actors",
                              subtitle=sub, foot=foot, colours=[colour_for(types.get(a, "")) for a in actors])},
        {"title": "Which outlets drive the coverage", "caption": sub, "notes": src, "table": mix,
         "figure": source_mix_figure(mix, subtitle=sub, foot=foot)},
        {"title": "Top articles", "figure": None, "caption": sub, "notes": src,
         "table": newest[["source", "published", "title"]].rename(columns={"source": "outlet", "published": "date"})},
    ]
    return items, h, "PRK"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", help="store folder (default: WIRESCOPE_DATA, data/processed, else the demo)")
    ap.add_argument("--warm", type=int, default=10, help="warm exports per format")
    ap.add_argument("--packs", type=int, default=3, help="pack runs")
    ap.add_argument("--examples", help="also write example exports (PNG, SVG, PDF, PPTX) to this folder")
    args = ap.parse_args()

    generated = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    t0 = time.perf_counter()
    items, h, slug = view_set(find_store(args.store), generated)
    print(f"view set built in {time.perf_counter() - t0:.1f} s: "
          f"{sum(it['figure'] is not None for it in items)} charts, {len(items)} items", flush=True)
    charts = [it for it in items if it["figure"] is not None]
    fig = charts[0]["figure"]

    r = render.Renderer()
    t0 = time.perf_counter()
    render.figure_bytes(fig, "png", renderer=r)
    cold = time.perf_counter() - t0
    print(f"first export (cold, starts Chromium): {cold:.2f} s")
    warm = {}
    for fmt in render.FORMATS:
        times = []
        for _ in range(args.warm):
            t0 = time.perf_counter()
            data = render.figure_bytes(fig, fmt, renderer=r)
            times.append(time.perf_counter() - t0)
        warm[fmt] = {"median_s": statistics.median(times), "max_s": max(times), "bytes": len(data)}
        print(f"warm {fmt}: median {warm[fmt]['median_s']:.3f} s, max {warm[fmt]['max_s']:.3f} s "
              f"over {args.warm} ({len(data) / 1024:.0f} KiB)")
    pack_items = [it for it in items if it["figure"] is None or it in charts[:5]]
    packs = []
    for _ in range(args.packs):
        t0 = time.perf_counter()
        pack = briefing_pack(pack_items, title="North Korea: coverage briefing",
                             link="http://localhost:8501/coverage?country=PRK", store_hash=h,
                             generated=generated, filters_slug=slug, renderer=r)
        packs.append(time.perf_counter() - t0)
    sizes = {k: len(v) for k, v in pack.items()}
    print(f"pack ({len(charts[:5])} charts + {len(pack_items) - len(charts[:5])} tables): median "
          f"{statistics.median(packs):.2f} s over {args.packs}; "
          + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items()))

    if args.examples:
        out = Path(args.examples)
        out.mkdir(parents=True, exist_ok=True)
        for fmt in render.FORMATS:
            name = export_name(charts[0]["title"], slug, fmt, when=generated)
            (out / name).write_bytes(render.figure_bytes(fig, fmt, renderer=r))
        (out / "briefing.pptx").write_bytes(pack["briefing.pptx"])
        (out / "briefing.pdf").write_bytes(pack["briefing.pdf"])
        print(f"examples written to {out}")
    r.close()

    record = {"when": generated.isoformat(), "machine": platform.machine(), "cores": os.cpu_count(),
              "python": platform.python_version(), "store_hash": h, "cold_first_png_s": round(cold, 3),
              "warm": {k: {kk: round(vv, 4) if isinstance(vv, float) else vv for kk, vv in v.items()}
                       for k, v in warm.items()},
              "pack": {"charts": len(charts[:5]), "tables": len(pack_items) - len(charts[:5]),
                       "median_s": round(statistics.median(packs), 3), "runs_s": [round(x, 3) for x in packs],
                       "bytes": sizes}}
    res = ROOT / "bench" / "results"
    res.mkdir(parents=True, exist_ok=True)
    (res / "export.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {res / 'export.json'}")


if __name__ == "__main__":
    main()
