"""Notes pinned to an article, an actor or a view link: list, add, edit, delete; the workspace as JSON."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from components import workspace
from dashboard import watch
from dashboard.context import Context, current
from dashboard.safe import md

KINDS = {"actor": "An actor", "article": "An article", "view": "A view (its link)"}


def _target_text(s, note: dict) -> str:
    """The note's target in words, escaped (titles, names and links are untrusted)."""
    kind, target = note["kind"], note["target"]
    if kind == "actor":
        name, link = s.entity_names.get(target, target), "actor?" + urlencode({"focus": target})
        return f"[{md(name)}]({link})" if watch.safe_link(link) else md(name)
    if kind == "article":
        hit = s.articles.loc[s.articles["article_id"] == target, "title"]
        return "Article: " + md(hit.iloc[0] if len(hit) else target, limit=120)
    return f"[{md(target, limit=80)}]({target})" if watch.safe_link(target) else md(target, limit=80)


def _add(store):
    kind, text = st.session_state.get("note-kind"), (st.session_state.get("note-text") or "").strip()
    target = st.session_state.get(f"note-target-{kind}")
    if kind and target and text:
        workspace.edit(store.path, lambda w: workspace.add_note(w, kind, target, text))
        st.session_state["note-text"] = ""


def render(ctx: Context) -> None:
    st.title("Notes")
    s = ctx.store
    ws = watch.read(s)
    st.caption("Notes are kept with the store (workspace.json): every browser session on this store sees them, "
               "and they survive re-running the pipeline.")
    with st.expander("Add a note", icon=":material/add_notes:", expanded=not ws["notes"]):
        kind = st.radio("Pinned to", list(KINDS), format_func=KINDS.get, key="note-kind", horizontal=True)
        if kind == "actor":
            st.selectbox("Actor", list(s.entities["entity_id"]), key="note-target-actor",
                         format_func=lambda e: s.entity_names.get(e, e))
        elif kind == "article":
            arts = ctx.arts.sort_values("published", ascending=False).head(500)
            titles = dict(zip(arts["article_id"], arts["title"]))
            st.selectbox("Article (the 500 latest under the filters)", list(titles), key="note-target-article",
                         format_func=lambda a: md(titles.get(a, a), limit=100))
        else:
            st.text_input("View link", key="note-target-view", placeholder="new?since=2024-05-01&country=PRK",
                          help="The part of a view's address after the last /, as the sidebar's saved views write it")
        st.text_area("Note", key="note-text", max_chars=workspace.MAX_NOTE)
        st.button("Add the note", key="note-add", on_click=_add, args=(s,), icon=":material/add:")
    if not ws["notes"]:
        st.info("No note yet.", icon="🗒️")
    for note in sorted(ws["notes"], key=lambda n: n.get("updated_at", ""), reverse=True):
        with st.container(border=True):
            when = note.get("updated_at", "").replace("T", " ").replace("Z", " UTC")
            st.markdown(f"**{_target_text(s, note)}** · {md(when)}")
            st.text(note["text"])  # plain text: never read as Markdown or HTML
            with st.popover("Edit", icon=":material/edit:"):
                text = st.text_area("Note", note["text"], key=f"edit-{note['id']}", max_chars=workspace.MAX_NOTE)
                c = st.columns(2)
                if c[0].button("Save", key=f"save-{note['id']}"):
                    try:
                        workspace.edit(s.path, lambda w, i=note["id"], t=text: workspace.update_note(w, i, t))
                    except workspace.WorkspaceError as exc:
                        st.error(md(str(exc)))
                    else:
                        st.rerun()
                if c[1].button("Delete", key=f"del-{note['id']}"):
                    workspace.edit(s.path, lambda w, i=note["id"]: workspace.delete_note(w, i))
                    st.rerun()
    st.divider()
    c = st.columns(2)
    c[0].download_button("Workspace (JSON)", workspace.export_json(ws), file_name=f"workspace-{s.hash}.json",
                         mime="application/json", on_click="ignore", icon=":material/download:",
                         help="Watchlists, notes and saved views, to keep or to import into another store")
    up = c[1].file_uploader("Import a workspace (JSON)", type=["json"], key="ws-import")
    if up is not None and st.session_state.get("ws-imported") != up.file_id:
        try:
            workspace.edit(s.path, lambda w: workspace.import_json(up.getvalue(), into=w))
        except workspace.WorkspaceError as exc:
            st.error(md(str(exc)))
        else:
            st.session_state["ws-imported"] = up.file_id
            st.rerun()


if __name__ == "__main__":
    render(current())
