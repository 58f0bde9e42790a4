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

The page it serves also loads Plotly.js from its head (``page_with_plotly_first``), so the browser
evaluates it while it waits for the server instead of after the first chart arrives, and the charts
(``dashboard.kept_chart``) draw with it.

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


INDEX_SCRIPT = re.compile(r'<script type="module"[^>]*src="\./static/js/index\.[\w-]+\.js"')


def page_with_plotly_first(index_html: str, file_name: str, tag_id: str) -> str:
    """Streamlit's ``index.html`` with Plotly.js (served as ``file_name``) loaded from its head, right after
    Streamlit's own script.

    Every chart is a ``dashboard.kept_chart``, which draws with the page's Plotly.js. Loaded from the head,
    the 4.6 MB bundle is fetched with Streamlit's scripts and evaluated while the page waits for the server,
    not after the first chart arrives (0.5 s of the first page on this machine). ``defer`` and after
    Streamlit's script: it runs once Streamlit's has started the page and opened its connection (``async``
    ran it first, and the first page took 0.7 s longer). Returns the page unchanged when this Streamlit's
    page has no script where it is expected.

    >>> page = '<head><script type="module" crossorigin src="./static/js/index.Ab1.js"></script></head>'
    >>> print(page_with_plotly_first(page, "p.min.js", "p"))
    <head><script type="module" crossorigin src="./static/js/index.Ab1.js"></script>
    <script id="p" src="./p.min.js" defer></script></head>
    >>> page_with_plotly_first("<head></head>", "p.min.js", "p")
    '<head></head>'
    """
    found = INDEX_SCRIPT.search(index_html)
    end = index_html.find("</script>", found.end()) if found else -1
    if end < 0:
        return index_html
    end += len("</script>")
    tag = f'\n<script id="{tag_id}" src="./{file_name}" defer></script>'
    return index_html[:end] + tag + index_html[end:]


def static_dir_with_plotly_first(static_dir: Path, into: Path) -> Path:
    """A copy of Streamlit's static folder for the server to serve: links to every entry, to the plotly
    package's ``plotly.min.js`` as ``kept_chart.PLOTLY_FILE``, to the kept chart's script as
    ``kept_chart.CHART_FILE``, and ``index.html``, which is
    ``page_with_plotly_first`` of the package's own (written into ``into``)."""
    from dashboard.kept_chart import CHART_FILE, CHART_JS, PLOTLY_FILE, PLOTLY_TAG_ID, plotly_js

    into.mkdir(parents=True, exist_ok=True)
    for entry in static_dir.iterdir():
        if entry.name != "index.html":
            (into / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (into / PLOTLY_FILE).symlink_to(plotly_js())
    (into / CHART_FILE).symlink_to(CHART_JS)
    page = (static_dir / "index.html").read_text(encoding="utf-8")
    (into / "index.html").write_text(page_with_plotly_first(page, PLOTLY_FILE, PLOTLY_TAG_ID), encoding="utf-8")
    return into


def _serve_plotly_first() -> None:
    """Points Streamlit's static file routes at ``static_dir_with_plotly_first`` of its own folder, in a
    temporary folder removed when the server exits, and tells the app (``kept_chart.SERVED_ENV``) that its
    charts can draw with the page's Plotly.js. Streamlit 1.67 reads the folder from
    ``file_util.get_static_dir`` when it builds its routes; any failure leaves Streamlit's own page, and the
    app draws with ``st.plotly_chart``."""
    import atexit
    import os
    import shutil
    import tempfile

    from streamlit import file_util

    from dashboard.kept_chart import CHART_FILE, PLOTLY_FILE, SERVED_ENV

    try:
        own = Path(file_util.get_static_dir())
        into = Path(tempfile.mkdtemp(prefix="wirescope-static-"))
        atexit.register(shutil.rmtree, into, True)
        served = static_dir_with_plotly_first(own, into / "static")
    except OSError as exc:  # e.g. no symbolic links on this file system
        print(f"  Wirescope serves Streamlit's own page ({exc})", file=sys.stderr, flush=True)
        return
    if all((served / f).is_file() for f in (PLOTLY_FILE, CHART_FILE)) and INDEX_SCRIPT.search((served / "index.html").read_text("utf-8")):
        os.environ[SERVED_ENV] = "1"
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
