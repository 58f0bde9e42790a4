"""Filter change to all charts drawn, in a real browser, on the demo store and on a big store.

Starts the real Streamlit server on 127.0.0.1 with ``WIRESCOPE_DATA`` set and drives
it with Playwright in Debian's Chromium (launch arguments and ``settle`` from
``tests/e2e/conftest.py``). For each page (Overview, Network by default; ``compare`` is the
Network page opened from a link that switches "Compare two periods" on) and each of
``--runs`` countries (the store's most covered, a different one per run so the server's
filter cache never helps), it opens the page with no filter, waits until it has
settled, then picks the country in the sidebar's Countries box and times from the key
press until the run has finished: no element left over from the previous run, every
chart on the page drawn, and the first chart's caption naming the new filter. The same country picked again (served from the filter cache)
is timed too. Prints the medians and writes ``bench/results/browser-<store>.json``.
Asserts nothing.

Usage::

    python bench/bench_browser.py --store demo                 # data/demo, processed once into /tmp
    python bench/bench_browser.py --store /tmp/wirescope-bench/store-100k --runs 3
    python bench/bench_browser.py --size 100k                   # built with make_store.py when absent
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

PAGES = {"overview": "", "network": "network", "coverage": "coverage", "topics": "topics",
         "compare": "network"}  # compare: the Network page with "Compare two periods" on (from the link)


def compare_query(store: Path) -> str:
    """The link's query that opens "Compare two periods" on the store's two halves (``default_periods``)."""
    from urllib.parse import urlencode

    from components.analysis.network_compare import default_periods
    from components.store import read_table

    dates = default_periods(read_table(store, "articles", columns=["published"])["published"])
    return "?" + urlencode(dict(zip(("a_from", "a_to", "b_from", "b_to"), (d.isoformat() for d in dates))))

# Finished: no run in progress, no stale element left from the previous run, every chart drawn,
# and the first chart's caption names the new filter.
DONE_JS = """(marker) => {
    if (document.querySelector('[data-testid=stStatusWidget]')) return false;
    if (document.querySelector('[data-testid=stMain] [data-stale=true]')) return false;
    const charts = [...document.querySelectorAll('[data-testid=stMain] [data-testid=stPlotlyChart]')];
    if (!charts.length || !charts.every(c => c.querySelector('.main-svg'))) return false;
    return (charts[0].textContent || '').includes(marker);
}"""


def countries(store: Path, k: int) -> list[tuple[str, str]]:
    """The ``k`` most covered countries as (ISO3, name as the sidebar shows it)."""
    from components.build.gazetteer import load_gazetteer
    from components.store import read_table

    counts = read_table(store, "articles", columns=["countries"])["countries"].explode().value_counts()
    ents = read_table(store, "entities", columns=["entity_id", "name", "type", "country"])
    names = dict(zip(ents.loc[ents["type"] == "country", "country"], ents.loc[ents["type"] == "country", "name"]))
    gz = load_gazetteer()
    out, seen = [], set()
    for iso in counts.index:
        name = names.get(iso) or (gz.entities.loc[f"country:{iso}", "name"] if f"country:{iso}" in gz.entities.index
                                  else iso)
        # Typing must pick this country first: skip names that are the start of an earlier one's.
        if any(s.lower().startswith(name.lower()) or name.lower().startswith(s.lower()) for s in seen):
            continue
        seen.add(name)
        out.append((iso, name))
        if len(out) == k:
            break
    return out


def pick_country(page, name: str, timeout_s: float) -> float:
    """Pick ``name`` in the sidebar's Countries box; seconds from the key press to every chart drawn."""
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    box.click()
    page.keyboard.type(name)
    page.wait_for_timeout(150)  # the option list filters as one types
    t = time.perf_counter()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    try:
        page.wait_for_function(DONE_JS, arg=f"Countries: {name}", timeout=timeout_s * 1000, polling=25)
    except Exception as exc:
        state = page.evaluate("""() => [!!document.querySelector('[data-testid=stStatusWidget]'),
            [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(c => c.textContent.slice(0, 160))]""")
        raise TimeoutError(f"picking {name!r}: the page did not finish within {timeout_s:.0f} s "
                           f"(url {page.url}; running, charts: {state})") from exc
    return time.perf_counter() - t


def run(store: Path, pages: list[str], n_runs: int, timeout_s: float, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    from dashboard.serve import peak_rss_mb, start, stop

    from e2e.conftest import CHROMIUM, settle

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"error: {CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`)")
    picks = countries(store, n_runs)
    proc, url = start(store)
    rec: dict = {"store": str(store), "countries": [iso for iso, _ in picks], "pages": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            t = time.perf_counter()
            page.goto(url)
            settle(page, timeout=timeout_s)
            rec["first_load_s"] = round(time.perf_counter() - t, 3)  # includes the server opening the store
            log(f"first page load (the server opens the store): {rec['first_load_s']:.2f} s")
            for name in pages:
                target = f"{url}/{PAGES[name]}" + (compare_query(store) if name == "compare" else "")
                fresh, cached = [], []
                for iso, cname in picks:
                    page.goto(target)
                    settle(page, timeout=timeout_s)
                    secs = pick_country(page, cname, timeout_s)
                    settle(page, timeout=timeout_s)
                    if f"country={iso}" not in page.url:
                        log(f"  {name}: picking {cname!r} did not set country={iso} ({page.url}); run dropped")
                        continue
                    fresh.append(secs)
                    page.goto(target)
                    settle(page, timeout=timeout_s)
                    cached.append(pick_country(page, cname, timeout_s))
                    settle(page, timeout=timeout_s)
                    log(f"  {name}: {cname}: {secs:.2f} s first time, {cached[-1]:.2f} s again")
                rec["pages"][name] = {
                    "fresh_s": [round(x, 3) for x in fresh], "cached_s": [round(x, 3) for x in cached],
                    "fresh_median_s": round(statistics.median(fresh), 3) if fresh else None,
                    "cached_median_s": round(statistics.median(cached), 3) if cached else None}
            browser.close()
    finally:
        rec["server_peak_rss_mb"] = peak_rss_mb(proc.pid)
        stop(proc)
    return rec


def main(argv: list[str] | None = None) -> int:
    from make_store import ensure_store, machine, parse_size, save_record, size_label

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--store", help="a store folder, or 'demo' for data/demo processed into /tmp")
    g.add_argument("--size", help="10k, 100k, 1m: a make_store.py store in /tmp (built when absent)")
    p.add_argument("--pages", default="overview,network", help=f"comma-separated, of {', '.join(PAGES)}")
    p.add_argument("--runs", type=int, default=5, help="countries per page (default %(default)s)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one page")
    p.add_argument("--json", default=None, help="record path (default bench/results/browser-<store>.json)")
    args = p.parse_args(argv)
    pages = [x.strip() for x in args.pages.split(",") if x.strip()]
    bad = [x for x in pages if x not in PAGES]
    if bad:
        p.error(f"unknown page(s) {', '.join(bad)}: use {', '.join(PAGES)}")
    log = lambda m: print(m, flush=True)  # noqa: E731
    if args.size:
        store, label = ensure_store(parse_size(args.size), log=log), size_label(parse_size(args.size))
    elif args.store == "demo":
        from dashboard.serve import demo_store

        store, label = demo_store(log=log), "demo"
    else:
        store, label = Path(args.store), Path(args.store).name
        if not (store / "manifest.json").exists():
            print(f"error: no store at {store}", file=sys.stderr)
            return 2
    before = machine()
    from components.store import read_manifest

    n = read_manifest(store)["counts"]["articles"]
    print(f"store {store}: {n:,} articles; pages {', '.join(pages)}; {args.runs} countries", flush=True)
    rec = run(store, pages, args.runs, args.timeout, log)
    rec["articles"] = n
    rec["machine"] = {**before, "load_after": machine()["load_1_5_15"]}
    print(f"\n{'page':<10} {'first time (median)':>20} {'again, cached':>14}   (seconds from the pick to all charts drawn)")
    for name, r in rec["pages"].items():
        f = "n/a" if r["fresh_median_s"] is None else f"{r['fresh_median_s']:.2f}"
        c = "n/a" if r["cached_median_s"] is None else f"{r['cached_median_s']:.2f}"
        print(f"{name:<10} {f:>20} {c:>14}")
    print(f"server peak memory {rec['server_peak_rss_mb']:,.0f} MB; load {before['load_1_5_15']} before, "
          f"{rec['machine']['load_after']} after")
    save_record(rec, args.json or ROOT / "bench" / "results" / f"browser-{label}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
