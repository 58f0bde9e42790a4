"""Add articles: upload files or a zip, run the same pipeline, see what was stored and what was not."""
from __future__ import annotations

import streamlit as st

from dashboard.actions import add_uploaded
from dashboard.context import Context, current
from dashboard.widgets import table

TYPES = ["txt", "text", "jsonl", "ndjson", "json", "csv", "tsv", "html", "htm", "rss", "atom", "xml", "zip"]


def render(ctx: Context) -> None:
    st.title("Add articles")
    st.markdown("Upload article files (the `.txt` layout, JSON Lines, JSON, CSV/TSV, saved web pages, RSS/Atom "
                "feeds) or a `.zip` of them. They go through the same pipeline as the command line: every article "
                "that can be read is stored, duplicates are counted once, and every file that cannot be used is "
                "listed with the reason.")
    files = st.file_uploader("Files or a zip", type=TYPES, accept_multiple_files=True, key="uploads")
    if st.button("Process", type="primary", disabled=not files, key="process"):
        bar = st.progress(0.0, text="Starting…")

        def progress(stage: str, frac: float):
            bar.progress(min(max(frac, 0.0), 1.0), text=stage)

        with st.spinner("Processing…"):
            try:
                summary = add_uploaded(ctx.store.path, [(f.name, f.getvalue()) for f in files], progress=progress)
            except Exception as exc:  # NothingStored and friends carry their own message
                st.session_state["add_result"] = ("error", str(exc), getattr(exc, "rejects", None))
            else:
                st.session_state["add_result"] = ("ok", summary.line(), summary.rejects)
        st.rerun()
    result = st.session_state.get("add_result")
    if result:
        kind, line, rejects = result
        (st.success if kind == "ok" else st.error)(line)
        if rejects is not None and len(rejects):
            st.subheader(f"Not stored ({len(rejects)})")
            table(rejects[["origin", "reason"]], hide_index=True, width="stretch")
        if kind == "ok":
            st.caption("Every view now includes the new articles.")


if __name__ == "__main__":
    render(current())
