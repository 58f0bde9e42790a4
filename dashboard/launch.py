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

``./wirescope run`` and ``dashboard/serve.py`` (the browser tests and benchmarks) start the server this
way; ``streamlit run dashboard/app.py`` still works, without the head start.
"""
from __future__ import annotations

import logging
import sys
import threading
import time


def _quiet(names: tuple[str, ...]):
    """Silence Streamlit's "missing ScriptRunContext" notes: the warm-up runs outside any session."""
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    return lambda: [lg.setLevel(level) for lg, level in zip(loggers, levels)]


def warm(timeout: float = 60.0) -> dict:
    """Import what the first page needs and open the default store; returns the seconds per step.

    Call it after ``import streamlit`` has finished in the main thread: Streamlit imports pandas and
    Plotly, and two threads importing the same packages at once can see half-initialised modules.
    The cached functions it calls before the runtime exists keep their results in Streamlit's process-wide
    resource cache; the data-cache ones wait for the runtime, whose cache the sessions share.
    """
    spent: dict = {}
    restore = _quiet(("streamlit.runtime.scriptrunner_utils.script_run_context",
                      "streamlit.runtime.caching.cache_data_api"))
    try:
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
        loaders.filtered_positions(path, version, Filters())  # the first page's rows: no filter yet
        spent["no-filter rows"] = time.perf_counter() - t
        t = time.perf_counter()
        from components.present.geo import load_countries

        load_countries()  # the map's projected shapes (Coverage): read once per process
        spent["map shapes"] = time.perf_counter() - t
    finally:
        restore()
    return spent


def _warm_in_background() -> None:
    try:
        spent = warm()
    except Exception as exc:  # the first visitor then does the work, and sees any error on the page
        print(f"  Wirescope warm-up skipped: {exc}", file=sys.stderr, flush=True)
        return
    print("  Wirescope ready for the first visitor: " + ", ".join(f"{k} {v:.2f} s" for k, v in spent.items()),
          file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    import streamlit  # noqa: F401  (all of it, with pandas and Plotly, before the warm-up thread imports)
    from streamlit.web import cli

    threading.Thread(target=_warm_in_background, name="wirescope-warm-up", daemon=True).start()

    sys.argv = ["streamlit", *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
