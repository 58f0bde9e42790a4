"""Cold start: from launching the server to the first visitor's Overview drawn, in headless Chromium.

Each run starts a new Streamlit server on the store (``dashboard/serve.py``, the same command as
``./wirescope run``), waits for its health check, opens the Overview in Debian's Chromium (launched before
the server, so the browser's own start is not counted) and polls every 50 ms until the page is drawn: the
title shown, every chart drawn, no run in progress. It reports

- ``server_s``: from launching the server to its health check answering (Python, Streamlit, our warm-up),
- ``first_page_s``: from the health check to the first page drawn (what a visitor waits after the server
  has started: this is the figure the README quotes),
- ``total_s``: both.

By default every run opens the page in a new browser context (an empty cache: a visitor's first visit, who
also waits for Chromium to fetch and compile Streamlit's and Plotly's scripts). ``--browser-cache`` keeps
one context and one port for all runs, after a visit that is not counted: an analyst who restarts the
server and reopens the dashboard in the same browser.

Usage::

    python bench/bench_cold_start.py --store demo --runs 3
    python bench/bench_cold_start.py --store demo --runs 5 --browser-cache
    python bench/bench_cold_start.py --store /tmp/wirescope-bench/store-100k --runs 3
    python bench/bench_cold_start.py --store demo --runs 4 --floor   # beside the floor page's first page

Prints the medians and writes ``bench/results/cold-start-<store>.json``. Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard.serve import CHARTS_DRAWN_JS  # noqa: E402

DRAWN_JS = """() => {
    if (!document.querySelector('[data-testid=stMain] h1')) return false;
    if (document.querySelector('[data-testid=stStatusWidget]')) return false;
    if (document.querySelector('[data-testid=stMain] [data-stale=true]')) return false;
    const main = document.querySelector('[data-testid=stMain]');
    return !!main.querySelector('.main-svg') && CHARTS_DRAWN(main);
}""".replace("CHARTS_DRAWN", CHARTS_DRAWN_JS)


def one_run(browser, store: Path, timeout_s: float, ctx=None, port: int | None = None, root: Path = ROOT,
            server: dict | None = None) -> dict:
    """One server start (of the checkout in ``root``) and one first visit; ``ctx``: a browser context to reuse
    (its cache kept); ``server``: another page to start (``bench_browser.FLOOR``: the one-chart floor page)."""
    from dashboard.serve import start, stop

    t0 = time.perf_counter()
    proc, url = start(store, timeout=timeout_s, port=port, root=root, **(server or {}))
    t1 = time.perf_counter()
    try:
        own = ctx is None
        ctx = ctx or browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_function(DRAWN_JS, timeout=timeout_s * 1000, polling=50)
        t2 = time.perf_counter()
        page.close()
        if own:
            ctx.close()
    finally:
        stop(proc)
    return {"server_s": round(t1 - t0, 3), "first_page_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="demo", help="'demo' (data/demo processed once into /tmp) or a store folder")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--browser-cache", action="store_true",
                    help="one browser context and port for every run, warmed by a visit first")
    ap.add_argument("--before", type=Path, help="another checkout (e.g. a git worktree): each run starts it too, "
                    "in alternating order, and its medians are printed beside this checkout's")
    ap.add_argument("--floor", action="store_true", help="each run also starts the floor page (bench/floor_app.py, "
                    "one chart and the Countries box, plain `streamlit run`) in alternating order: the first page "
                    "Streamlit and Chromium alone draw on this machine, printed beside ours")
    args = ap.parse_args(argv)
    if args.before or args.floor:
        return paired(args)
    from playwright.sync_api import sync_playwright

    from bench_browser import launch_chromium
    from dashboard.serve import demo_store, free_port

    store = demo_store() if args.store == "demo" else Path(args.store)
    load_before = round(os.getloadavg()[0], 2)
    runs = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        ctx = port = None
        if args.browser_cache:
            ctx, port = browser.new_context(viewport={"width": 1400, "height": 1000}), free_port()
            one_run(browser, store, args.timeout, ctx, port)  # fills the browser's cache, not counted
        for i in range(args.runs):
            r = one_run(browser, store, args.timeout, ctx, port)
            runs.append(r)
            print(f"run {i + 1}: server up {r['server_s']:.2f} s, then first page {r['first_page_s']:.2f} s "
                  f"(total {r['total_s']:.2f} s)")
        browser.close()
    rec = {"store": str(store), "browser_cache": args.browser_cache, "runs": runs,
           "load_1min": [load_before, round(os.getloadavg()[0], 2)],
           **{f"{k}_median": round(statistics.median(r[k] for r in runs), 3)
              for k in ("server_s", "first_page_s", "total_s")}}
    print(f"median: server up {rec['server_s_median']:.2f} s, first page {rec['first_page_s_median']:.2f} s, "
          f"total {rec['total_s_median']:.2f} s")
    import json

    name = "demo" if args.store == "demo" else Path(args.store).name
    out = ROOT / "bench" / "results" / f"cold-start-{name}{'-cached' if args.browser_cache else ''}.json"
    out.write_text(json.dumps(rec, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


def paired(args) -> int:
    """``--before`` / ``--floor``: the servers started in turn, the order alternating, each visited by a fresh
    browser context; a machine whose speed drifts between runs moves all alike."""
    from playwright.sync_api import sync_playwright

    from bench_browser import launch_chromium
    from dashboard.serve import demo_store

    store = demo_store() if args.store == "demo" else Path(args.store)
    servers = {"after": {"root": ROOT}}
    if args.before:
        servers["before"] = {"root": args.before.resolve()}
    if args.floor:
        from bench_browser import FLOOR

        servers["floor"] = {"root": ROOT, "server": FLOOR}
    got = {name: [] for name in servers}
    # Each run starts one later in this order, so each server goes first in turn.
    order = [name for name in ("before", "after", "floor") if name in servers]
    with sync_playwright() as p:
        browser = launch_chromium(p)  # the same flags as the single-checkout runs
        for i in range(args.runs):
            for name in order[i % len(order):] + order[:i % len(order)]:
                r = one_run(browser, store, args.timeout, **servers[name])
                got[name].append(r["first_page_s"])
                print(f"run {i + 1} {name}: server up {r['server_s']:.2f} s, then first page {r['first_page_s']:.2f} s")
        browser.close()
    for name, xs in got.items():
        print(f"{name}: first page median {statistics.median(xs):.2f} s ({', '.join(f'{x:.2f}' for x in xs)})")
    if args.floor:
        print(f"first page: {statistics.median(got['after']) / statistics.median(got['floor']):.2f}x the floor's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
