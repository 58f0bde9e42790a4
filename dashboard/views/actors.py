"""Actors: the analyst corrects the actor layer (merge, split, rename, affiliation) without re-running NER."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.build.edits import load_user_edits
from components.build.gazetteer import slugify
from dashboard.context import Context, current
from dashboard.actions import apply_edits
from dashboard.widgets import table


def render(ctx: Context) -> None:
    st.title("Actors")
    s = ctx.store
    st.caption("Every actor in the store with the names it was written as. Edits are saved to "
               "`user_aliases.json` in the store and applied to every view at once; no article is re-processed.")
    ents = s.entities.copy()
    q = st.text_input("Find an actor by name or alias", key="actors_q", placeholder="e.g. Kim, IAEA, Pyongyang")
    if q:
        needle = q.lower()
        ents = ents[ents["name"].str.lower().str.contains(needle, regex=False)
                    | ents["aliases"].map(lambda a: any(needle in x.lower() for x in a))]
    show = ents.assign(aliases=ents["aliases"].map(lambda a: ", ".join(list(a)[:8])))
    table(show[["entity_id", "name", "type", "country", "country_source", "n_articles", "aliases"]],
          hide_index=True, width="stretch", height=360)
    edits = load_user_edits(s.path)
    ids = s.entities["entity_id"].tolist()
    label = {r.entity_id: f"{r.name} · {r.type} ({r.n_articles})" for r in s.entities.itertuples(index=False)}

    def fmt(e):
        return label.get(e, e)

    merge, split, rename, affil = st.tabs(["Merge", "Split an alias off", "Rename", "Affiliation"])
    with merge:
        c = st.columns(2)
        src = c[0].selectbox("Merge this actor…", ids, format_func=fmt, key="m_src", index=None)
        dst = c[1].selectbox("…into this one", ids, format_func=fmt, key="m_dst", index=None)
        if st.button("Merge", key="m_go", disabled=not (src and dst) or src == dst):
            edits.setdefault("merge", {})[src] = dst
            _save(s, edits, f"Merged {fmt(src)} into {fmt(dst)}.")
    with split:
        c = st.columns(3)
        who = c[0].selectbox("Actor", ids, format_func=fmt, key="s_who", index=None)
        aliases = list(s.entities.set_index("entity_id").loc[who, "aliases"]) if who else []
        surface = c[1].selectbox("Alias to split off", aliases, key="s_alias", index=None)
        new_name = c[2].text_input("New actor's name", value=surface or "", key="s_name")
        kind = st.radio("New actor's type", ["person", "org", "place", "country"], horizontal=True, key="s_type")
        if st.button("Split", key="s_go", disabled=not (who and surface and new_name.strip())):
            new_id = f"{kind}:{slugify(new_name)}" if kind != "country" else f"country:{new_name.strip().upper()[:3]}"
            edits.setdefault("split", []).append({"surface": surface, "entity_id": new_id})
            edits.setdefault("rename", {})[new_id] = new_name.strip()
            _save(s, edits, f"“{surface}” is now its own actor, {new_name}.")
    with rename:
        c = st.columns(2)
        who = c[0].selectbox("Actor", ids, format_func=fmt, key="r_who", index=None)
        name = c[1].text_input("New name", key="r_name")
        if st.button("Rename", key="r_go", disabled=not (who and name.strip())):
            edits.setdefault("rename", {})[who] = name.strip()
            _save(s, edits, f"Renamed to {name}.")
    with affil:
        c = st.columns(2)
        who = c[0].selectbox("Actor", ids, format_func=fmt, key="a_who", index=None)
        isos = sorted(s.country_names)
        iso = c[1].selectbox("Country", isos, format_func=lambda x: f"{s.country_names.get(x, x)} ({x})",
                             key="a_iso", index=None)
        if st.button("Set affiliation", key="a_go", disabled=not (who and iso)):
            edits.setdefault("affiliation", {})[who] = iso
            _save(s, edits, f"{fmt(who)} is now affiliated with {s.country_names.get(iso, iso)}.")
    if any(edits.get(k) for k in ("merge", "split", "rename", "affiliation")):
        st.subheader("Edits in force")
        rows = [{"edit": "merge", "what": f"{a} → {b}"} for a, b in edits.get("merge", {}).items()]
        rows += [{"edit": "split", "what": f"“{x['surface']}” → {x['entity_id']}"} for x in edits.get("split", [])]
        rows += [{"edit": "rename", "what": f"{a} → {b}"} for a, b in edits.get("rename", {}).items()]
        rows += [{"edit": "affiliation", "what": f"{a} → {b}"} for a, b in edits.get("affiliation", {}).items()]
        table(pd.DataFrame(rows), hide_index=True, width="stretch")
        if st.button("Undo all edits", key="undo_all"):
            _save(s, {}, "All edits removed.")


def _save(store, edits: dict, message: str) -> None:
    with st.spinner("Re-resolving actors…"):
        apply_edits(store.path, edits)
    st.session_state["actors_msg"] = message
    st.rerun()


if __name__ == "__main__":
    if "actors_msg" in st.session_state:
        st.toast(st.session_state.pop("actors_msg"))
    render(current())
