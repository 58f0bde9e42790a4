"""``python -m dashboard.launch run dashboard/app.py [streamlit options]``: ``streamlit run``, with the store
opened before the first visitor arrives.

Streamlit runs nothing until a browser connects, so the first visitor used to wait for the imports of
the dashboard's modules (pandas, Plotly, the analysis code) and for the store to be read: 5.5 s of the
first page on the demo store. Here the main thread imports Streamlit, then a thread imports the dashboard,
the Overview and Plotly's chart validators and fills the process-wide store cache (``open_store``,
``sidebar_options``) for the store ``WIRESCOPE_DATA`` names while the server starts; once Streamlit's
runtime exists it also caches the unfiltered rows (``filtered_positions`` of no filter). A visitor who
arrives before it is done waits on the same cache entry; nothing is read twice. A store that cannot be
opened is left to the page, which says what to do.

The page it serves also imports Plotly's chunk from its head (``page_with_plotly_first``), so the browser
evaluates it while it waits for the server instead of after the first chart arrives.

``./wirescope run`` and ``dashboard/serve.py`` (the browser tests and benchmarks) start the server this
way; ``streamlit run dashboard/app.py`` still works, without the head start.
"""
from __future__ import annotations

import logging
import re
import sys
import threading
import time
from pathlib import Path


WARM_UP_THREAD = "wirescope-warm-up"


class _NotFromWarmUp(logging.Filter):
    """Drops Streamlit's "missing ScriptRunContext" notes logged by the warm-up thread, which runs outside
    any session on purpose. A filter, not a level: Streamlit resets its loggers' levels once its config is
    read, after the warm-up has started."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != WARM_UP_THREAD


def _quiet(names: tuple[str, ...]) -> None:
    for name in names:
        logging.getLogger(name).addFilter(_NotFromWarmUp())


def warm(timeout: float = 60.0) -> dict:
    """Import what the first page needs and open the default store; returns the seconds per step.

    Call it after ``import streamlit`` has finished in the main thread: Streamlit imports pandas and
    Plotly, and two threads importing the same packages at once can see half-initialised modules.
    The cached functions it calls before the runtime exists keep their results in Streamlit's process-wide
    resource cache; the data-cache ones wait for the runtime, whose cache the sessions share.
    """
    spent: dict = {}
    _quiet(("streamlit.runtime.scriptrunner_utils.script_run_context",
            "streamlit.runtime.caching.cache_data_api"))
    t = time.perf_counter()
    import plotly.graph_objects as go
    import plotly.io as pio

    import dashboard.app  # noqa: F401
    import dashboard.views.overview  # noqa: F401
    from components.analysis.filters import Filters
    from dashboard import loaders

    # Plotly loads each trace type's validators on first use: the Overview's bar and line charts.
    pio.to_json(go.Figure([go.Bar(x=[1], y=[1]), go.Scatter(x=[1], y=[1])]), validate=True)
    spent["imports"] = time.perf_counter() - t
    t = time.perf_counter()
    path = loaders.data_dir()
    try:
        version = loaders.store_version(path)
    except Exception:  # no store yet, or one to rebuild: the page says so
        return spent
    loaders.open_store(path, version)
    if hasattr(loaders, "sidebar_options"):
        loaders.sidebar_options(path, version)
    spent["store"] = time.perf_counter() - t
    from streamlit.runtime import Runtime

    deadline = time.time() + timeout
    while not Runtime.exists():
        if time.time() > deadline:
            return spent
        time.sleep(0.02)
    t = time.perf_counter()
    art_pos, _, _ = loaders.filtered_positions(path, version, Filters())  # the first page's rows: no filter yet
    spent["no-filter rows"] = time.perf_counter() - t
    t = time.perf_counter()
    _first_page(loaders.open_store(path, version), art_pos)
    spent["first page"] = time.perf_counter() - t
    t = time.perf_counter()
    from components.present.geo import load_countries

    load_countries()  # the map's projected shapes (Coverage): read once per process
    spent["map shapes"] = time.perf_counter() - t
    t = time.perf_counter()
    loaders.store_incidence(path, version)  # every filtered network reads its NPMI off it
    spent["network incidence"] = time.perf_counter() - t
    return spent


def _first_page(store, art_pos) -> None:
    """What the first script run would do once per process, done before a visitor arrives (0.5 s of the
    demo's first run, by cProfile): the Overview's counts and figures for no filter (its cached loaders and
    Plotly's validators for every property it sets), the spike table, Streamlit's one-time check whether it
    runs in a REPL (``inspect.stack()`` reads the source of every frame: 0.25 s) and the page icon's emoji
    table (0.2 s)."""
    from streamlit import delta_generator, string_util

    from components.analysis.filters import Filters
    from dashboard.views import overview

    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    if check is not None:  # private in Streamlit 1.67: without it, the first visitor pays for it
        check()
    string_util.is_emoji("🛰️")
    overview.warm(store, store.articles.iloc[art_pos], Filters())


def _warm_in_background() -> None:
    try:
        spent = warm()
    except Exception as exc:  # the first visitor then does the work, and sees any error on the page
        print(f"  Wirescope warm-up skipped: {exc}", file=sys.stderr, flush=True)
        return
    print("  Wirescope ready for the first visitor: " + ", ".join(f"{k} {v:.2f} s" for k, v in spent.items()),
          file=sys.stderr, flush=True)


PLOTLY_CHUNK = re.compile(r"PlotlyChart\.[\w-]+\.js")
INDEX_SCRIPT = re.compile(r'<script type="module"[^>]*src="\./static/js/index\.[\w-]+\.js"')


def page_with_plotly_first(index_html: str, js_names: list[str]) -> str:
    """Streamlit's ``index.html`` with Plotly's chunk imported before Streamlit's own script.

    Streamlit fetches and evaluates Plotly's 4.7 MB chunk only once the first chart's element has arrived
    from the server, and Chromium evaluates it on the page's main thread (0.5 s on this machine) after
    drawing everything else. Imported from the page's head, it is fetched with Streamlit's scripts and
    evaluated while the page waits for the server (the same module: the chart's lazy import then finds it
    loaded). Returns the page unchanged when this Streamlit names its chunks otherwise.

    >>> page = '<head><script type="module" crossorigin src="./static/js/index.Ab1.js"></script></head>'
    >>> print(page_with_plotly_first(page, ["index.Ab1.js", "PlotlyChart.Xy-2.js"]))
    <head><script type="module">import("./static/js/PlotlyChart.Xy-2.js").catch(() => {})</script>
    <script type="module" crossorigin src="./static/js/index.Ab1.js"></script></head>
    >>> page_with_plotly_first(page, ["index.Ab1.js"]) == page
    True
    """
    chunk = next((n for n in js_names if PLOTLY_CHUNK.fullmatch(n)), None)
    found = INDEX_SCRIPT.search(index_html)
    if chunk is None or found is None:
        return index_html
    tag = f'<script type="module">import("./static/js/{chunk}").catch(() => {{}})</script>\n'
    return index_html[:found.start()] + tag + index_html[found.start():]


def static_dir_with_plotly_first(static_dir: Path, into: Path) -> Path:
    """A copy of Streamlit's static folder for the server to serve: links to every entry but
    ``index.html``, which is ``page_with_plotly_first`` of the package's own (written into ``into``)."""
    into.mkdir(parents=True, exist_ok=True)
    for entry in static_dir.iterdir():
        if entry.name != "index.html":
            (into / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    names = sorted(p.name for p in (static_dir / "static" / "js").glob("*.js"))
    page = (static_dir / "index.html").read_text(encoding="utf-8")
    (into / "index.html").write_text(page_with_plotly_first(page, names), encoding="utf-8")
    return into


def _serve_plotly_first() -> None:
    """Points Streamlit's static file routes at ``static_dir_with_plotly_first`` of its own folder, in a
    temporary folder removed when the server exits. Streamlit 1.67 reads the folder from
    ``file_util.get_static_dir`` when it builds its routes; any failure leaves Streamlit's own page."""
    import atexit
    import shutil
    import tempfile

    from streamlit import file_util

    try:
        own = Path(file_util.get_static_dir())
        into = Path(tempfile.mkdtemp(prefix="wirescope-static-"))
        atexit.register(shutil.rmtree, into, True)
        served = static_dir_with_plotly_first(own, into / "static")
    except OSError as exc:  # e.g. no symbolic links on this file system
        print(f"  Wirescope serves Streamlit's own page ({exc})", file=sys.stderr, flush=True)
        return
    file_util.get_static_dir = lambda: str(served)


def main(argv: list[str] | None = None) -> None:
    import streamlit  # noqa: F401  (all of it, with pandas and Plotly, before the warm-up thread imports)
    from streamlit.web import cli

    _serve_plotly_first()
    threading.Thread(target=_warm_in_background, name=WARM_UP_THREAD, daemon=True).start()

    sys.argv = ["streamlit", *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
