"""Before and after, side by side: one view's country pick on two servers at once, paired.

``bench_browser.py`` measures one checkout at a time; on this 2-core machine its floor moves from 0.17 to 0.30 s
between runs an hour apart, more than most changes to a view. This script starts two servers on the same store,
one from another checkout (``--before``: a folder holding a checkout, e.g. ``git worktree add /tmp/before HEAD~3``)
and one from this one, and drives both from one Chromium. Each round picks a country not picked before on both
servers, one right after the other (the order alternating by round), so the machine's state is shared by each pair.
It prints, per view, both medians and the median of the paired differences (after minus before), with how many
pairs the change made faster. The pick is ``bench_browser.py``'s: from the key press in the sidebar's Countries
box to the run finished and every chart drawn. Asserts nothing.

Usage::

    git worktree add /tmp/before <commit>
    python bench/ab_browser.py --before /tmp/before --store demo --pages overview,network --rounds 10
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_browser import PAGES, countries, open_browser, pick_country, store_queries  # noqa: E402


def paired(before: list[float], after: list[float]) -> dict:
    """Medians of each side and of the paired differences (after - before), and the pairs after won.

    >>> r = paired([0.5, 0.6, 0.7], [0.4, 0.65, 0.5])
    >>> r["diff_median_s"], r["after_faster"]
    (-0.1, 2)
    >>> paired([], [])["pairs"]
    0
    """
    if not before:  # every pair dropped
        return {"before_s": [], "after_s": [], "before_median_s": None, "after_median_s": None,
                "diff_median_s": None, "after_faster": 0, "pairs": 0}
    diffs = [a - b for b, a in zip(before, after)]
    return {"before_s": [round(x, 3) for x in before], "after_s": [round(x, 3) for x in after],
            "before_median_s": round(statistics.median(before), 3), "after_median_s": round(statistics.median(after), 3),
            "diff_median_s": round(statistics.median(diffs), 3), "after_faster": sum(d < 0 for d in diffs),
            "pairs": len(diffs)}


def run(store: Path, before_root: Path, pages: list[str], rounds: int, timeout_s: float, log=print,
        envs: dict | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    from dashboard.serve import start, stop
    from e2e.conftest import settle

    picks = countries(store, rounds)
    if len(picks) < rounds:
        log(f"the store has {len(picks)} countries to pick: {len(picks)} rounds")
    queries = store_queries(store)
    servers = {}
    rec: dict = {"store": str(store), "before": str(before_root), "countries": [iso for iso, _ in picks], "pages": {}}
    try:
        for side, root in (("before", before_root), ("after", ROOT)):
            servers[side] = start(store, script=root / "dashboard" / "app.py", root=root, env=(envs or {}).get(side))
        with sync_playwright() as p:
            browser, page = open_browser(p)
            received: list = []
            for side in servers:  # the first page of each server (the store opened) is not measured
                page.goto(servers[side][1])
                settle(page, timeout=timeout_s)
            for name in pages:
                path, query = PAGES[name]
                query = queries[name] if query is None else query
                times: dict = {"before": [], "after": []}
                for i, (iso, cname) in enumerate(picks):
                    order = ("before", "after") if i % 2 == 0 else ("after", "before")
                    pair = {}
                    for side in order:
                        url = f"{servers[side][1]}/{path}" + (f"?{query}" if query else "")
                        page.goto(url)
                        settle(page, timeout=timeout_s)
                        secs, _ = pick_country(page, cname, timeout_s, received)
                        settle(page, timeout=timeout_s)
                        pair[side] = secs if f"country={iso}" in page.url else None
                    if None in pair.values():
                        log(f"  {name}: picking {cname!r} did not set country={iso}; pair dropped")
                        continue
                    for side in pair:
                        times[side].append(pair[side])
                    log(f"  {name}: {cname}: before {pair['before']:.3f} s, after {pair['after']:.3f} s")
                rec["pages"][name] = paired(times["before"], times["after"])
            browser.close()
    finally:
        for proc, _ in servers.values():
            stop(proc)
    return rec


def table(rec: dict) -> str:
    lines = [f"{'view':<15} {'before s':>9} {'after s':>8} {'paired diff s':>14} {'after faster':>13}"]
    for name, r in rec["pages"].items():
        if not r["pairs"]:
            lines.append(f"{name:<15} no pair measured")
            continue
        lines.append(f"{name:<15} {r['before_median_s']:>9.3f} {r['after_median_s']:>8.3f} {r['diff_median_s']:>+14.3f} "
                     f"{r['after_faster']:>6} of {r['pairs']:<3}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from make_store import machine, save_record

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--before", required=True, help="a folder holding the checkout to compare against")
    p.add_argument("--store", default="demo", help="a store folder, or 'demo' (default)")
    p.add_argument("--pages", default="overview,network", help="comma-separated views of bench_browser.py")
    p.add_argument("--rounds", type=int, default=10, help="countries picked per view (default %(default)s)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one page")
    p.add_argument("--json", default=None, help="record path (default: none)")
    for side in ("before", "after"):
        p.add_argument(f"--{side}-env", action="append", default=[], metavar="NAME=VALUE",
                       help=f"an environment variable for the {side} server only (repeatable)")
    args = p.parse_args(argv)
    before_root = Path(args.before).resolve()
    if not (before_root / "dashboard" / "app.py").exists():
        p.error(f"{before_root} holds no checkout (no dashboard/app.py)")
    pages = [x.strip() for x in args.pages.split(",") if x.strip()]
    bad = [x for x in pages if x not in PAGES or x == "floor"]
    if bad:
        p.error(f"unknown view(s) {', '.join(bad)}: use {', '.join(n for n in PAGES if n != 'floor')}")
    if args.store == "demo":
        from dashboard.serve import demo_store

        store = demo_store()
    else:
        store = Path(args.store)
    load = machine()["load_1_5_15"]
    t = time.perf_counter()
    envs = {side: dict(kv.split("=", 1) for kv in getattr(args, f"{side}_env")) for side in ("before", "after")}
    rec = run(store, before_root, pages, args.rounds, args.timeout, envs=envs)
    rec["machine"] = {"load_before": load, "load_after": machine()["load_1_5_15"]}
    print()
    print(table(rec))
    print(f"{time.perf_counter() - t:.0f} s; load {load} before, {rec['machine']['load_after']} after")
    if args.json:
        save_record(rec, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
