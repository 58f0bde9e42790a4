"""Which store this session shows: the link's ``store=NAME`` (a store under the stores folder), the one
picked in the sidebar, or the default (``WIRESCOPE_DATA``); and the sidebar's store box and input list.

Only names that ``components.stores.store_path`` accepts (a plain sub-folder of the stores folder holding a
store, links followed and checked) open anything: a link cannot reach another folder.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import settings
from components.stores import describe_sources, list_stores, sources, store_path
from dashboard.safe import md

KEY = "store"  # the URL parameter and the sidebar box's session key
CHOSEN = "store_chosen"  # the store this session shows, by name ("" = the default store)


def stores_root() -> Path:
    return Path(str(settings.get("stores")))


def default_path() -> str:
    from dashboard.loaders import data_dir

    return data_dir()


def _name_of_default(root: Path) -> str:
    """The default store's name when it lies in the stores folder (so its link can name it), else ""."""
    default = Path(default_path())
    try:
        inside = default.resolve().parent == root.resolve()
    except OSError:
        inside = False
    return default.name if inside and store_path(root, default.name) is not None else ""


def current() -> tuple[str, list[str]]:
    """The store folder this run shows, and notices about the link's ``store`` value."""
    root = stores_root()
    notes: list[str] = []
    asked = st.query_params.get(KEY)
    if asked is not None:
        if store_path(root, asked) is not None:
            st.session_state[CHOSEN] = asked
        else:
            notes.append(f"The link's store “{asked[:60]}” is not in the stores folder and was left out; showing "
                         f"{'“' + (st.session_state.get(CHOSEN) or _name_of_default(root) or 'the default store') + '”'}")
            del st.query_params[KEY]
    name = st.session_state.get(CHOSEN, "")
    path = store_path(root, name) if name else None
    if path is None:  # never chosen, or gone since
        st.session_state[CHOSEN] = name = _name_of_default(root)
        path = Path(default_path())
    if name and st.query_params.get(KEY) != name:
        st.query_params[KEY] = name  # the link names the store (kept by widgets.write_url)
    return str(path), notes


def inputs_summary(srcs: list[dict]) -> str:
    """``2 folders and 1 file, 7 files`` (what was given, then the files read from it).

    >>> inputs_summary([{"kind": "folder", "files": 5}]), inputs_summary([])
    ('1 folder, 5 files', 'not recorded')
    """
    if not srcs:
        return "not recorded"
    kinds = [s.get("kind", "folder") for s in srcs]
    parts = [f"{n} {k}{'s' if n != 1 else ''}" for k in ("folder", "file") if (n := kinds.count(k))]
    n_files = sum(int(s.get("files", 0) or 0) for s in srcs)
    return f"{' and '.join(parts)}, {n_files:,} file{'s' if n_files != 1 else ''}"


def _switch() -> None:
    """The sidebar box changed: show that store, with no filter (the old store's values mean nothing there)."""
    name = st.session_state[KEY]
    st.session_state[CHOSEN] = name
    st.query_params.clear()
    if name:
        st.query_params[KEY] = name


def picker(store) -> None:
    """The sidebar's store box (every store in the stores folder, and the default one when it lies
    elsewhere) and the list of the store's inputs with their counts."""
    root = stores_root()
    names = list_stores(root)
    chosen = st.session_state.get(CHOSEN, "")
    options = names if chosen in names else ["", *names]
    labels = {"": f"{Path(default_path()).name} (default)"}
    st.session_state[KEY] = chosen
    with st.sidebar:
        st.selectbox("Store", options, key=KEY, on_change=_switch, format_func=lambda n: labels.get(n, n),
                     help=f"The stores in `{root}`: `./wirescope run FOLDER` makes one per folder. "
                          "The link names the store.")
        srcs = sources(store.manifest)
        with st.expander(f"Inputs: {inputs_summary(srcs)}", icon=":material/folder_open:"):
            if srcs:
                st.markdown("\n".join(f"- {md(line)}" for line in describe_sources(srcs).splitlines()))
            else:
                st.caption("This store's manifest does not list its inputs.")
