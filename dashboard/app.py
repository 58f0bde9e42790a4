"""Wirescope's entrypoint: the picture frame around every view.

Run from the repository root: ``streamlit run dashboard/app.py``. The store is read
from ``WIRESCOPE_DATA`` (default ``data/processed``), or the link's ``store=NAME``, a store in the
stores folder (``WIRESCOPE_STORES``, default ``data/stores``; ``dashboard/store_picker.py``).
"""
from __future__ import annotations

import streamlit as st

from components.errors import StoreMissing, StoreVersionError
from dashboard import store_picker, watch
from dashboard.context import Context
from dashboard.loaders import filtered_articles, filtered_mentions, filtered_positions, open_store, store_settings, store_version
from dashboard.views import VIEWS
from dashboard.widgets import briefing_sidebar, chips, presentation_controls, presenting, sidebar, slot


def main() -> None:
    st.set_page_config(page_title="Wirescope", page_icon="🛰️", layout="wide", initial_sidebar_state="expanded")

    path, store_notes = store_picker.current()
    try:
        version = store_version(path)
    except StoreMissing:
        st.title("Wirescope")
        st.error(f"No processed store at `{path}` yet.")
        st.markdown("Build it from your article files (folders of .txt, .jsonl, .csv, .html, RSS/Atom, or a zip), "
                    "then reload this page:")
        st.code(f"python -m components.pipeline data/demo --out {path}", language="bash")
        st.caption("Or point the dashboard at another store: `WIRESCOPE_DATA=/path/to/store streamlit run dashboard/app.py`")
        others = store_picker.list_stores(store_picker.stores_root())
        if others:  # names are letters, digits, - and _ only
            st.markdown("Stores in the stores folder: " + ", ".join(f"[{n}](?store={n})" for n in others))
        st.stop()
    except StoreVersionError as exc:
        st.error(str(exc))
        st.stop()

    store = open_store(path, version)
    store_picker.picker(store)
    filters, notices = sidebar(store)
    notices = store_notes + notices
    _, _, query_error = filtered_positions(path, version, filters)
    if query_error:
        notices = notices + [query_error]
    ctx = Context(store=store, filters=filters, arts=filtered_articles(path, version, filters),
                  mentions=lambda: filtered_mentions(path, version, filters),
                  notices=notices, settings=store_settings(path, version))
    st.session_state["ctx"] = ctx

    page = st.navigation([st.Page(v.path, title=v.title, icon=v.icon, url_path=v.url_path, default=i == 0)
                          for i, v in enumerate(VIEWS)])
    with st.sidebar:
        st.caption(f"Store `{version}` · {len(store.articles):,} articles · "
                   f"{store.articles['source'].nunique()} outlets")
    briefing_sidebar(ctx)
    watch.sidebar(ctx, page.url_path)
    presentation_controls()
    with slot("ws-chips"):  # the chips come and go with the filters; the page below keeps its place
        if not presenting():
            chips(ctx)
    page.run()


if __name__ == "__main__":  # Streamlit runs the entrypoint as __main__; an import (doctests) draws nothing
    main()
