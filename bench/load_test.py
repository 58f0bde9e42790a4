"""Many analysts on one server: N browser sessions at once, each with its own filters.

Starts the real Streamlit server on 127.0.0.1 on a store (the demo corpus by default, processed
once into ``/tmp/wirescope-bench/demo``), opens one headless Chromium with N contexts (one per
analyst, driven concurrently with asyncio) and runs ``--rounds`` rounds. In each round every
session opens the Overview with its own filter link (the filters rotate between sessions from
round to round, so every session changes filter and every filter is served to several
sessions), waits until the page has settled, and reads the "Articles" number. That number must
equal what ``components.analysis.filters.filter_ids`` gives for the session's filter: anything else is
cross-talk through a cache or shared state. Then it presses "Clear all filters" in the sidebar
and checks it sees the whole store. The server's resident memory is sampled all along.

Prints p50/p95/max render times (goto or click until the page stops changing), errors,
cross-talk and the server's memory; writes a JSON record (``bench/results/load_test.json``).
Exits 1 when there was an error or cross-talk, so a smoke test can run it. Asserts no times.

Usage::

    python bench/load_test.py                                  # 10 sessions x 3 rounds on the demo store
    python bench/load_test.py --sessions 3 --rounds 1 --store /path/to/store --out /tmp/load.json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.serve import CHARTS_DRAWN_JS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DEFAULT_OUT = ROOT / "bench" / "results" / "load_test.json"

# Finished: no run in progress (status widget or spinner), nothing stale from the previous run, the
# Overview's numbers shown and every chart drawn. (A cold server can sit in a cache spinner for seconds
# with an unchanging page, so "unchanged for a second" alone is not enough.)
STATE_JS = """() => {
    const main = document.querySelector('[data-testid=stMain]');
    const labels = [...document.querySelectorAll('[data-testid=stMain] [data-testid=stMetricLabel]')]
        .map(e => e.innerText.trim());
    return [!!document.querySelector('[data-testid=stStatusWidget], [data-testid=stSpinner]'),
            !!document.querySelector('[data-testid=stMain] [data-stale=true]'),
            !!main.querySelector('.main-svg') && CHARTS_DRAWN(main) && labels.includes('Articles'),
            main ? main.innerText : '',
            document.querySelectorAll('[data-testid=stException]').length];
}""".replace("CHARTS_DRAWN", CHARTS_DRAWN_JS)


def session_filters(store: Path, n: int) -> tuple[list, dict, int]:
    """``n`` different filter values drawn from the store, each with the article count it must show."""
    from components.analysis.filters import Filters, filter_ids
    from components.search import search
    from components.store import load_store

    s = load_store(store, tables=("articles", "mentions", "entities"))
    arts, ments = s["articles"], s["mentions"]
    arts["countries"] = arts["countries"].map(lambda c: list(c) if c is not None else [])
    countries = arts["countries"].explode().value_counts().index.tolist()
    sources = arts["source"].value_counts().index.tolist()
    people = [e for e in ments.drop_duplicates(["article_id", "entity_id"])["entity_id"].value_counts().index
              if e.startswith("person:")]
    topics = arts["topic_id"].value_counts().index.tolist()
    days = arts["published"].dt.strftime("%Y-%m-%d").sort_values().tolist()
    q25, q50, q75 = (days[int(len(days) * f)] for f in (0.25, 0.5, 0.75))

    def pick(xs, i):
        return xs[i % len(xs)] if xs else None

    candidates = [
        Filters(),
        Filters(countries=(pick(countries, 0),)),
        Filters(countries=(pick(countries, 1),), country_mode="mentions"),
        Filters(sources=(pick(sources, 0),)),
        Filters(actors=(pick(people, 0),)),
        Filters(date_from=q25, date_to=q75),
        Filters(topics=(int(pick(topics, 0)),)),
        Filters(countries=(pick(countries, 2),), sources=(pick(sources, 1),)),
        Filters(q="missile"),
        Filters(countries=(pick(countries, 0),), actor_types=("person",), date_from=q50),
        Filters(actors=(pick(people, 1),), countries=(pick(countries, 1),)),
        Filters(sources=(pick(sources, 2),), date_to=q50),
        Filters(countries=(pick(countries, 3),)),
        Filters(topics=(int(pick(topics, 1)),), date_from=q25),
    ]
    out = []
    for i in range(n):
        f = candidates[i % len(candidates)]
        if i >= len(candidates):  # more sessions than shapes: vary the dates so every filter differs
            f = Filters(**{**f.as_dict(), "date_from": days[(i * 7) % len(days)]})
        ids = None
        if f.q:
            ids = tuple(search(store, f.q))
        expected = len(filter_ids(arts, ments, Filters(**{**f.as_dict(), "search_ids": ids}) if f.q else f,
                                  entities=s["entities"]))
        out.append((f, expected))
    return out, {"countries": countries[:5], "sources": sources[:3]}, len(arts)


def query(f) -> str:
    from dashboard.widgets import to_url

    q = to_url(f)
    return ("?" + urlencode(q, doseq=True)) if q else ""


class Memory(threading.Thread):
    """Samples the server's resident memory (VmRSS) twice a second."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()
        self.t0 = time.time()

    def rss_mb(self) -> float | None:
        try:
            with open(f"/proc/{self.pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def run(self):
        while not self.stop.is_set():
            mb = self.rss_mb()
            if mb is not None:
                self.samples.append((round(time.time() - self.t0, 2), round(mb, 1)))
            self.stop.wait(0.5)


async def settled(page, timeout: float) -> float:
    """Wait until the run is over and the page has not changed for 1 s; returns when it last changed."""
    await page.wait_for_selector("[data-testid=stMain] h1", timeout=timeout * 1000)
    deadline = time.perf_counter() + timeout
    last, changed, stable = None, time.perf_counter(), 0
    while time.perf_counter() < deadline:
        running, stale, drawn, text, exceptions = await page.evaluate(STATE_JS)
        if exceptions:
            raise RuntimeError("the page shows an exception: " + text[:300])
        if text != last:
            last, changed, stable = text, time.perf_counter(), 0
        elif not running and not stale and drawn:
            stable += 1
            if stable >= 4:
                return changed
        await asyncio.sleep(0.25)
    raise TimeoutError(f"the page did not settle within {timeout:.0f} s")


async def articles_shown(page) -> int:
    """The value of the metric labelled "Articles" (read by its label, not its position)."""
    metrics = await page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stMetric]')]
        .map(m => [m.querySelector('[data-testid=stMetricLabel]')?.innerText.trim(),
                   m.querySelector('[data-testid=stMetricValue]')?.innerText.trim()])""")
    values = [v for label, v in metrics if label == "Articles"]
    if len(values) != 1:
        raise RuntimeError(f"expected one 'Articles' metric, found {metrics}")
    return int(values[0].replace(",", ""))


async def session(browser, url: str, sid: int, plan: list, total: int, rounds: int, timeout: float, log,
                  records: list, errors: list):
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    page_errors: list = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    try:
        for r in range(rounds):
            f, expected = plan[(sid + r) % len(plan)]
            link = f"{url}/{query(f)}"
            for step in ("open link", "clear filters"):
                rec = {"session": sid, "round": r, "step": step, "link": link.replace(url, ""),
                       "expected": expected if step == "open link" else total}
                try:
                    t0 = time.perf_counter()
                    if step == "open link":
                        await page.goto(link)
                    else:
                        await page.locator("[data-testid=stSidebar]").get_by_role(
                            "button", name="Clear all filters").click()
                        await page.wait_for_function("() => !location.search.includes('=')", timeout=timeout * 1000)
                    done = await settled(page, timeout)
                    rec["seconds"] = round(done - t0, 3)
                    rec["observed"] = await articles_shown(page)
                    if rec["observed"] != rec["expected"]:  # read again after a pause: a late change is not cross-talk
                        await asyncio.sleep(3)
                        await settled(page, timeout)
                        rec["first_read"], rec["observed"] = rec["observed"], await articles_shown(page)
                    rec["ok"] = rec["observed"] == rec["expected"]
                    if not rec["ok"]:
                        errors.append({"kind": "cross-talk", **rec})
                except Exception as exc:  # noqa: BLE001 - every failure is recorded and reported
                    rec.update(ok=False, error=f"{type(exc).__name__}: {str(exc)[:300]}")
                    errors.append({"kind": "error", **rec})
                records.append(rec)
                log(f"  session {sid:2d} round {r} {step:<13} {rec.get('seconds', float('nan')):6.2f} s  "
                    f"articles {rec.get('observed', '?')!s:>5} (expected {rec['expected']})"
                    f"{'' if rec['ok'] else '  <-- ' + rec.get('error', 'MISMATCH')}")
        for e in page_errors:
            errors.append({"kind": "page error", "session": sid, "error": e[:300]})
    finally:
        await ctx.close()


async def drive(url: str, plan: list, total: int, n_sessions: int, rounds: int, timeout: float, log) -> tuple:
    from playwright.async_api import async_playwright

    records, errors = [], []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            t0 = time.perf_counter()
            await asyncio.gather(*(session(browser, url, sid, plan, total, rounds, timeout, log, records, errors)
                                   for sid in range(n_sessions)))
            wall = time.perf_counter() - t0
        finally:
            await browser.close()
    return records, errors, wall


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))] if xs else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", default=None, help="store folder (default: the demo corpus, processed into /tmp)")
    ap.add_argument("--sessions", type=int, default=10, help="concurrent browser sessions (default 10)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per session (default 3)")
    ap.add_argument("--timeout", type=float, default=240, help="seconds a page may take to settle")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="JSON record (default bench/results/load_test.json)")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.rounds < 1:
        ap.error("--sessions and --rounds must be >= 1")
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    from dashboard.serve import demo_store, start, stop

    store = Path(args.store) if args.store else demo_store()
    plan, picked, total = session_filters(store, args.sessions)
    print(f"store {store}: {total} articles; {args.sessions} sessions x {args.rounds} rounds, "
          f"{len({query(f) for f, _ in plan})} different filters")
    proc, url = start(store, timeout=120)
    mem = Memory(proc.pid)
    mem.start()
    try:
        records, errors, wall = asyncio.run(drive(url, plan, total, args.sessions, args.rounds, args.timeout, print))
    finally:
        mem.stop.set()
        mem.join(5)
        stop(proc)
    opened = [r["seconds"] for r in records if r.get("step") == "open link" and "seconds" in r]
    cleared = [r["seconds"] for r in records if r.get("step") == "clear filters" and "seconds" in r]
    every = opened + cleared
    rss = [mb for _, mb in mem.samples]
    crosstalk = [e for e in errors if e["kind"] == "cross-talk"]
    result = {
        "store": str(store), "articles": total, "sessions": args.sessions, "rounds": args.rounds,
        "renders": len(every), "wall_seconds": round(wall, 1),
        "render_seconds": {"p50": round(pct(every, 0.5), 2), "p95": round(pct(every, 0.95), 2),
                           "max": round(max(every), 2) if every else None,
                           "open_link_p50": round(pct(opened, 0.5), 2), "open_link_p95": round(pct(opened, 0.95), 2),
                           "clear_p50": round(pct(cleared, 0.5), 2), "clear_p95": round(pct(cleared, 0.95), 2)},
        "errors": len(errors) - len(crosstalk), "crosstalk": len(crosstalk), "problems": errors,
        "server_rss_mb": {"min": min(rss) if rss else None, "max": max(rss) if rss else None,
                          "final": rss[-1] if rss else None, "samples": mem.samples},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_avg": [round(x, 2) for x in os.getloadavg()]},
        "records": records,
    }
    print(f"\n{len(every)} renders by {args.sessions} concurrent sessions in {wall:.0f} s (load avg now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"render time       p50 {result['render_seconds']['p50']:.2f} s   p95 {result['render_seconds']['p95']:.2f} s"
          f"   max {result['render_seconds']['max']} s")
    print(f"  open a link     p50 {result['render_seconds']['open_link_p50']:.2f} s   "
          f"p95 {result['render_seconds']['open_link_p95']:.2f} s")
    print(f"  clear filters   p50 {result['render_seconds']['clear_p50']:.2f} s   "
          f"p95 {result['render_seconds']['clear_p95']:.2f} s")
    print(f"errors {result['errors']}   cross-talk {result['crosstalk']}")
    if rss:
        print(f"server memory (RSS) min {min(rss):.0f} MB   max {max(rss):.0f} MB   final {rss[-1]:.0f} MB "
              f"({len(rss)} samples)")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, default=str))
    os.replace(tmp, out)
    print(f"wrote {out}")
    for e in errors[:10]:
        print(f"  {e['kind']}: {json.dumps({k: v for k, v in e.items() if k != 'kind'}, default=str)[:300]}",
              file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
