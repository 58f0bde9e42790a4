"""Every view against Streamlit's floor, in a real browser: filter change and link load to every chart drawn, and the bytes sent.

Starts the real Streamlit server on 127.0.0.1 with ``WIRESCOPE_DATA`` set and drives it with Playwright in
Debian's Chromium (launch arguments and ``settle`` from ``tests/e2e/conftest.py``). The floor is
``bench/floor_app.py``, a one-chart Streamlit page with the same Countries box, served the same way in the same
run. For each view and each of ``--runs`` countries (the store's most covered, a different one per run so
the server's filter cache never helps the pick) it measures

- ``pick``: the view open with no filter, the country picked in the sidebar's Countries box, from the key
  press until the run has finished: no run in progress, no element left over from the previous run, every
  chart drawn, and the page naming the new filter (``Country: <name>``);
- ``link``: the view opened from a link holding that country (a shared link; the filter is cached by then),
  from ``goto`` to the same state;
- ``bytes``: what the server sent over the WebSocket for the pick's rerun;
- where the pick's time went, by the page's own clock (:func:`time_split`): from the key press to the server's
  first message (``1st msg``), to its last (``last msg``: the script has finished and every element has
  arrived), and from there to every chart drawn (``drawing``: the browser alone).

Each server's first pick (one more country, on its first page) is not counted: it pays what a process pays
once, which would be charged to whichever view is measured first.

Views: ``overview``, ``network``, ``compare`` (Network with "Compare two periods" on, from its link),
``topics`` and one entry per Topics tab (``topics-time``, ``topics-country``, ``topics-detail``),
``coverage`` and its other tabs (``coverage-country``: the map, ``coverage-outlet``), ``articles``,
``statements``, ``actor`` (the profile of the store's most covered actor; ``actor-statements`` and
``actor-sentences`` its other tabs), ``new``
(What's new) and ``floor``. Prints each view's medians, its ratio to the floor, and writes
``bench/results/browser-<store>.json``. Asserts nothing.

Usage::

    python bench/bench_browser.py --store demo                 # data/demo, processed once into /tmp
    python bench/bench_browser.py --size 100k --runs 3         # built with make_store.py when absent
    python bench/bench_browser.py --store demo --pages overview,coverage
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from dashboard.serve import CHARTS_DRAWN_JS  # noqa: E402

# view -> (url path, query added to every visit); the Topics tabs are bound to the link's ``tab``.
PAGES = {"floor": ("", ""), "overview": ("", ""), "network": ("network", ""), "compare": ("network", None),
         "topics": ("topics", ""), "topics-map": ("topics", "tab=" + quote("Topic map")),
         "topics-time": ("topics", "tab=" + quote("Over time")),
         "topics-country": ("topics", "tab=" + quote("By country")),
         "topics-detail": ("topics", "tab=" + quote("Topic detail")),
         "coverage": ("coverage", ""), "coverage-country": ("coverage", "tab=" + quote("By country")),
         "coverage-outlet": ("coverage", "tab=" + quote("By outlet")),
         "articles": ("articles", ""), "statements": ("statements", ""),
         "statements-who": ("statements", "tab=" + quote("Who is quoted")),
         "statements-time": ("statements", "tab=" + quote("Over time")),
         "actor": ("actor", None), "actor-company": ("actor", None), "actor-statements": ("actor", None),
         "actor-sentences": ("actor", None),
         "new": ("new", "")}
DEFAULT_PAGES = ",".join(PAGES)


def compare_query(store: Path) -> str:
    """The link's query that opens "Compare two periods" on the store's two halves (``default_periods``)."""
    from urllib.parse import urlencode

    from components.analysis.network_compare import default_periods
    from components.store import read_table

    dates = default_periods(read_table(store, "articles", columns=["published"])["published"])
    return urlencode(dict(zip(("a_from", "a_to", "b_from", "b_to"), (d.isoformat() for d in dates))))


def store_queries(store: Path) -> dict[str, str]:
    """The link queries of the views whose query depends on the store (``None`` in :data:`PAGES`)."""
    focus = "focus=" + quote(top_actor(store))
    return {"compare": compare_query(store), "actor": focus,
            "actor-company": f"{focus}&tab=" + quote("Who appears with"),
            "actor-statements": f"{focus}&tab=Statements", "actor-sentences": f"{focus}&tab=Sentences"}


def top_actor(store: Path) -> str:
    """The store's most covered person or organisation (the Actor profile's subject)."""
    from components.store import read_table

    m = read_table(store, "mentions", columns=["article_id", "entity_id"])
    m = m[m["entity_id"].str.startswith(("person:", "org:"))]
    return m.drop_duplicates().groupby("entity_id").size().idxmax()


# Finished: no run in progress, no stale element left from the previous run, every chart drawn,
# the main area names the new filter (the filter chips, or the floor's chart title), and so does every
# chart's title (each chart's subtitle names the filters): a chart is otherwise "drawn" with the last run's
# figure until the new one reaches it.
DONE_JS = """(marker) => {
    if (document.querySelector('[data-testid=stStatusWidget]')) return false;
    if (document.querySelector('[data-testid=stMain] [data-stale=true]')) return false;
    const main = document.querySelector('[data-testid=stMain]');
    if (!main || !main.querySelector('h1')) return false;
    if (!CHARTS_DRAWN(main)) return false;
    const name = marker.replace(/^Country: /, '');
    if (![...main.querySelectorAll('[data-testid=stPlotlyChart] .gtitle')].every(
        t => (t.textContent || '').includes(name))) return false;
    return (main.textContent || '').includes(marker);
}""".replace("CHARTS_DRAWN", CHARTS_DRAWN_JS)


# The floor page as ``dashboard.serve.start`` starts it: bench/floor_app.py under plain ``streamlit run``.
FLOOR = {"script": ROOT / "bench" / "floor_app.py", "launcher": (sys.executable, "-m", "streamlit")}


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


def launch_chromium(playwright):
    """Debian's Chromium, headless, with the flags every browser benchmark uses (no background traffic)."""
    from e2e.conftest import CHROMIUM

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"error: {CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"])


# In-page clocks for where a pick's time goes: the Enter key's time, and the arrival of each WebSocket message
# from the server after it (the rerun's elements, then "script finished"). Read by :func:`time_split`.
CLOCKS_JS = """(() => {
    window.__ws = []; window.__enter = null;
    const Native = window.WebSocket;
    class Clocked extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => window.__ws.push(performance.now()));
        }
    }
    window.WebSocket = Clocked;
    document.addEventListener('keydown', e => {
        if (e.key === 'Enter') { window.__enter = performance.now(); window.__ws = []; }
    }, true);
})();"""


def open_browser(playwright):
    """:func:`launch_chromium` as the benchmarks drive it: ``(browser, page)`` at 1400x1000, with the page's
    clocks (:data:`CLOCKS_JS`)."""
    browser = launch_chromium(playwright)
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.add_init_script(CLOCKS_JS)
    return browser, page


def time_split(page) -> dict | None:
    """Where the last pick's time went, by the page's own clock, read as the run is done: seconds from the
    Enter key to the server's first message (the rerun requested, the script started), to its last one (the
    script finished, every element received), and from that to the page drawn (``drawing_s``). Message
    times are when the page handled them, so a page busy drawing the first elements delays the later ones."""
    got = page.evaluate("() => [window.__enter, window.__ws || [], performance.now()]")
    enter, msgs, now = got
    if enter is None or not msgs:
        return None
    return {"first_msg_s": round((msgs[0] - enter) / 1000, 3), "last_msg_s": round((msgs[-1] - enter) / 1000, 3),
            "drawing_s": round((now - msgs[-1]) / 1000, 3)}


def wait_done(page, marker: str, timeout_s: float, what: str) -> None:
    try:
        page.wait_for_function(DONE_JS, arg=marker, timeout=timeout_s * 1000, polling=25)
    except Exception as exc:
        state = page.evaluate("""() => [!!document.querySelector('[data-testid=stStatusWidget]'),
            [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(c => c.textContent.slice(0, 160))]""")
        raise TimeoutError(f"{what}: the page did not finish within {timeout_s:.0f} s "
                           f"(url {page.url}; running, charts: {state})") from exc


def pick_country(page, name: str, timeout_s: float, received: list, splits: list | None = None) -> tuple[float, int]:
    """Pick ``name`` in the sidebar's Countries box; (seconds from the key press to the run drawn, bytes sent).
    ``splits``, when given, gets the pick's :func:`time_split`."""
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    box.click()
    page.keyboard.type(name)
    page.wait_for_timeout(150)  # the option list filters as one types
    received.clear()
    t = time.perf_counter()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_done(page, f"Country: {name}", timeout_s, f"picking {name!r}")
    secs = time.perf_counter() - t
    if splits is not None:
        splits.append(time_split(page))
    page.wait_for_timeout(300)  # frames still in flight belong to this rerun
    return secs, sum(received)


def open_link(page, url: str, name: str, timeout_s: float) -> float:
    """Seconds from opening ``url`` (a link holding the country) to the run drawn."""
    t = time.perf_counter()
    page.goto(url)
    wait_done(page, f"Country: {name}", timeout_s, f"opening {url}")
    return time.perf_counter() - t


def _median(xs):
    return round(statistics.median(xs), 3) if xs else None


def measure(page, base: str, query: str, picks, timeout_s: float, received: list, log, label: str) -> dict:
    from e2e.conftest import settle

    pick, link, sent, splits = [], [], [], []
    sep = "&" if query else ""
    for iso, cname in picks:
        page.goto(f"{base}?{query}" if query else base)
        settle(page, timeout=timeout_s)
        secs, nbytes = pick_country(page, cname, timeout_s, received, splits)
        settle(page, timeout=timeout_s)
        if f"country={iso}" not in page.url:
            log(f"  {label}: picking {cname!r} did not set country={iso} ({page.url}); run dropped")
            splits.pop()
            continue
        pick.append(secs)
        sent.append(nbytes)
        link.append(open_link(page, f"{base}?{query}{sep}country={iso}", cname, timeout_s))
        settle(page, timeout=timeout_s)
        log(f"  {label}: {cname}: pick {secs:.2f} s ({nbytes / 1000:.0f} KB), link {link[-1]:.2f} s")
    return {"pick_s": [round(x, 3) for x in pick], "link_s": [round(x, 3) for x in link], "bytes": sent,
            "splits": splits, "pick_median_s": _median(pick), "link_median_s": _median(link),
            "bytes_median": int(statistics.median(sent)) if sent else None, **split_medians(splits)}


SPLIT_KEYS = ("first_msg_s", "last_msg_s", "drawing_s")


def split_medians(splits: list) -> dict:
    """The median of each :func:`time_split` part over the picks that have one, as ``<part>_median``.

    >>> split_medians([{"first_msg_s": 0.1, "last_msg_s": 0.3, "drawing_s": 0.1}, None,
    ...                {"first_msg_s": 0.2, "last_msg_s": 0.5, "drawing_s": 0.3}])
    {'first_msg_s_median': 0.15, 'last_msg_s_median': 0.4, 'drawing_s_median': 0.2}
    >>> split_medians([None])
    {}
    """
    got = [s for s in splits if s]
    return {f"{k}_median": _median([s[k] for s in got]) for k in SPLIT_KEYS} if got else {}


def pooled(first: dict, again: dict) -> dict:
    """Two measurements of one page (``measure``'s records) as one: every pick and link, their medians, and
    each half's pick median beside them.

    >>> one = {"pick_s": [0.2, 0.3], "link_s": [0.7], "bytes": [5000]}
    >>> two = {"pick_s": [0.4], "link_s": [0.8], "bytes": [5200]}
    >>> r = pooled(one, two)
    >>> r["pick_s"], r["pick_median_s"], r["link_median_s"], r["bytes_median"], r["halves_pick_median_s"]
    ([0.2, 0.3, 0.4], 0.3, 0.75, 5100, [0.25, 0.4])
    """
    out = {k: first[k] + again[k] for k in ("pick_s", "link_s", "bytes")}
    out["splits"] = first.get("splits", []) + again.get("splits", [])
    out.update(pick_median_s=_median(out["pick_s"]), link_median_s=_median(out["link_s"]),
               bytes_median=int(statistics.median(out["bytes"])) if out["bytes"] else None,
               halves_pick_median_s=[_median(first["pick_s"]), _median(again["pick_s"])], **split_medians(out["splits"]))
    return out


def run(store: Path, pages: list[str], n_runs: int, timeout_s: float, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    from dashboard.serve import peak_rss_mb, start, stop

    from e2e.conftest import settle

    # One more country than measured: each server's first pick, not counted, pays what a process pays once
    # (lazy imports and Plotly's validators on the Python side, compiling Plotly.js's drawing code in the
    # page), so the view measured first is not charged for it, the floor alike.
    ranked = countries(store, n_runs + 1)
    picks, warm = ranked[:n_runs], ranked[n_runs] if len(ranked) > n_runs else None
    queries = store_queries(store)
    rec: dict = {"store": str(store), "countries": [iso for iso, _ in picks], "warm_up": warm and warm[0],
                 "pages": {}}
    received: list = []
    with sync_playwright() as p:
        browser, page = open_browser(p)
        page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(len(data))))
        # The floor is measured before and after the views, and its picks pooled: the machine drifts over a
        # run of ten minutes (one floor measured 0.21 s, the next run's 0.31 s), and a floor measured once
        # moves every ratio with it.
        floor = [n for n in pages if n == "floor"]
        for server, names in (("floor", floor), ("app", [n for n in pages if n != "floor"]), ("floor-again", floor)):
            if not names:
                continue
            proc, url = start(store, **(FLOOR if server.startswith("floor") else {}))
            try:
                t = time.perf_counter()
                page.goto(url)
                settle(page, timeout=timeout_s)
                if server == "app":
                    rec["first_load_s"] = round(time.perf_counter() - t, 3)
                    log(f"first page load (the server opens the store): {rec['first_load_s']:.2f} s")
                if warm:
                    pick_country(page, warm[1], timeout_s, received)
                    settle(page, timeout=timeout_s)
                for name in names:
                    path, query = PAGES[name]
                    query = queries[name] if query is None else query
                    got = measure(page, f"{url}/{path}", query, picks, timeout_s, received, log, name)
                    if server == "floor-again":
                        got = pooled(rec["pages"].pop(name), got)
                    rec["pages"][name] = got
            finally:
                rec.setdefault("server_peak_rss_mb", {})[server] = peak_rss_mb(proc.pid)
                stop(proc)
        browser.close()
    return rec


def table(rec: dict) -> str:
    """The medians, each view's ratio to the floor, and the bytes per rerun."""
    floor = rec["pages"].get("floor", {})
    lines = [f"{'view':<15} {'pick s':>7} {'x floor':>8} {'link s':>7} {'x floor':>8} {'KB/rerun':>9} "
             f"{'1st msg':>8} {'last msg':>9} {'drawing':>8}"]
    ratios = []
    for name, r in rec["pages"].items():
        cells = []
        for k in ("pick_median_s", "link_median_s"):
            v, f = r.get(k), floor.get(k)
            x = v / f if v and f and name != "floor" else None
            if x is not None and k == "pick_median_s":
                ratios.append(x)
            cells += [f"{v:.2f}" if v else "n/a", f"{x:.2f}x" if x else ""]
        kb = f"{r['bytes_median'] / 1000:.0f}" if r.get("bytes_median") is not None else "n/a"
        parts = [f"{r[k + '_median']:.2f}" if r.get(k + "_median") is not None else "n/a" for k in SPLIT_KEYS]
        lines.append(f"{name:<15} {cells[0]:>7} {cells[1]:>8} {cells[2]:>7} {cells[3]:>8} {kb:>9} "
                     f"{parts[0]:>8} {parts[1]:>9} {parts[2]:>8}")
    if ratios:
        rec["pick_ratio_median"], rec["pick_ratio_max"] = round(statistics.median(ratios), 2), round(max(ratios), 2)
        lines.append(f"pick: median {rec['pick_ratio_median']:.2f}x the floor, worst {rec['pick_ratio_max']:.2f}x")
    if floor.get("halves_pick_median_s"):
        first, again = floor["halves_pick_median_s"]
        lines.append(f"floor pick measured before the views {first:.2f} s, after them {again:.2f} s (pooled above)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from make_store import ensure_store, machine, parse_size, save_record, size_label

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--store", help="a store folder, or 'demo' for data/demo processed into /tmp")
    g.add_argument("--size", help="10k, 100k, 1m: a make_store.py store in /tmp (built when absent)")
    p.add_argument("--pages", default=DEFAULT_PAGES, help="comma-separated, of %(default)s")
    p.add_argument("--runs", type=int, default=3, help="countries per view (default %(default)s)")
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
    print(f"store {store}: {n:,} articles; views {', '.join(pages)}; {args.runs} countries", flush=True)
    rec = run(store, pages, args.runs, args.timeout, log)
    rec["articles"] = n
    rec["machine"] = {**before, "load_after": machine()["load_1_5_15"]}
    print()
    print(table(rec))
    print(f"load {before['load_1_5_15']} before, {rec['machine']['load_after']} after")
    save_record(rec, args.json or ROOT / "bench" / "results" / f"browser-{label}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
