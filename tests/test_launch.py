"""dashboard/launch.py: the store is opened before the first visitor (issue 19, cold start)."""
from __future__ import annotations

import re
from pathlib import Path


def test_warm_up_fills_the_store_cache(fixture_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    from dashboard import launch, loaders

    loaders.open_store.clear()
    spent = launch.warm(timeout=0.05)  # no Streamlit runtime here: the no-filter rows are left out
    assert {"imports", "store"} <= set(spent) and "no-filter rows" not in spent
    version = loaders.store_version(str(fixture_store))
    hits = []
    monkeypatch.setattr(loaders, "load_store", lambda *a, **k: hits.append(a))  # a cache miss would read again
    assert len(loaders.open_store(str(fixture_store), version).articles) > 0 and hits == []


def test_warm_up_without_a_store_leaves_it_to_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(tmp_path / "none"))
    from dashboard import launch

    assert set(launch.warm(timeout=0.05)) == {"imports"}


def test_first_page_work_is_done_before_a_visitor(fixture_store):
    """The Overview's numbers and figures for no filter, and Streamlit's once-per-process checks, run in
    the warm-up; if Streamlit renames its private REPL check, this says so instead of a slower first page."""
    import numpy as np
    from streamlit import delta_generator

    from dashboard import launch, loaders

    version = loaders.store_version(str(fixture_store))
    store = loaders.open_store(str(fixture_store), version)
    delta_generator._use_warning_has_been_displayed = False
    launch._first_page(store, np.arange(len(store.articles)))
    assert delta_generator._use_warning_has_been_displayed is True


def test_warm_up_notes_are_dropped_only_for_the_warm_up_thread():
    import logging
    import threading

    from dashboard import launch

    log = logging.getLogger("wirescope-test-quiet")
    launch._quiet(("wirescope-test-quiet",))
    seen = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.threadName)
    log.addHandler(handler)
    for name in (launch.WARM_UP_THREAD, "a-visitor"):
        t = threading.Thread(target=log.warning, args=("missing ScriptRunContext",), name=name)
        t.start()
        t.join()
    assert seen == ["a-visitor"]



def test_served_page_imports_plotly_before_streamlits_script(tmp_path):
    """The page the server sends starts loading Plotly's chunk first, and every other file of Streamlit's
    static folder is served as is. Run on the installed Streamlit, so an upgrade that renames its chunks
    fails here rather than quietly giving back the slower first page."""
    from streamlit import file_util

    from dashboard.launch import static_dir_with_plotly_first

    own = Path(file_util.get_static_dir())
    served = static_dir_with_plotly_first(own, tmp_path / "static")
    page = (served / "index.html").read_text(encoding="utf-8")
    chunk = re.search(r'import\("\./static/js/(PlotlyChart\.[\w-]+\.js)"\)', page)
    assert chunk and (own / "static" / "js" / chunk.group(1)).is_file()
    assert page.index(chunk.group(0)) < page.index('src="./static/js/index.')
    assert page.replace(f'<script type="module">{chunk.group(0)}.catch(() => {{}})</script>\n', "") == \
        (own / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in served.iterdir()) == sorted(p.name for p in own.iterdir())
    assert (served / "static" / "js" / chunk.group(1)).read_bytes()[:100] == \
        (own / "static" / "js" / chunk.group(1)).read_bytes()[:100]


def test_server_sends_the_plotly_first_page(tmp_path):
    """The real server (``dashboard/serve.py``, as ``./wirescope run``) answers with that page."""
    import urllib.request

    from dashboard.serve import start, stop

    proc, url = start(tmp_path / "no-store", timeout=60)
    try:
        page = urllib.request.urlopen(url, timeout=10).read().decode()
    finally:
        stop(proc)
    assert re.search(r'<script type="module">import\("\./static/js/PlotlyChart\.[\w-]+\.js"\)', page)
