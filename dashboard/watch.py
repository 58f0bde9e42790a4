"""Watchlists and saved views in the sidebar, and the "new for your watchlist" flags (issue 23).

The workspace is read from the store folder on every run (never cached): an edit in another
browser session shows at the next interaction.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import streamlit as st

from components import workspace
from components.analysis.changes import default_since
from dashboard.loaders import changes_since, sidebar_options, term_ids, watched_articles
from dashboard.safe import md
from dashboard.widgets import BOUND_KEYS, PAGE_KEYS, to_url, typed_actor


def safe_link(link) -> bool:
    """A link inside the dashboard, as :func:`current_link` writes them (an imported workspace may hold anything).

    >>> safe_link("new?country=PRK&since=2024-05-01"), safe_link("javascript:alert(1)"), safe_link("x)](http://e")
    (True, False, False)
    """
    return bool(re.fullmatch(r"[a-z_]*(\?[A-Za-z0-9_.%=&+~-]*)?", str(link)))


def since_date(ctx) -> tuple[dt.date, str | None]:
    """The link's ``since`` when it is a date inside the store, else the default (and a notice why)."""
    s = ctx.store
    opts = sidebar_options(s.path, s.hash)
    fallback = default_since(s.manifest.get("additions", []), s.articles["published"]).date()
    fallback = min(max(fallback, opts["min_date"]), opts["max_date"])
    given = st.query_params.get("since")
    if not given:
        return fallback, None
    try:
        day = dt.date.fromisoformat(given) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", given) else None
    except ValueError:
        day = None
    if day is None:
        return fallback, f"The link's since “{md(given[:40])}” was left out: dates are written YYYY-MM-DD"
    if not (opts["min_date"] < day <= opts["max_date"]):
        return fallback, (f"The link's since {given} was left out: it must fall after the store's first day "
                          f"({opts['min_date']}) and on or before its last ({opts['max_date']})")
    return day, None


def read(store) -> dict:
    try:
        return workspace.read(store.path)
    except workspace.WorkspaceError as exc:
        st.sidebar.error(md(str(exc)))
        return workspace.empty()


def matches(store, ws: dict) -> dict:
    """The store's articles matching each watched actor and term."""
    return watched_articles(store.path, store.hash, tuple(ws["watch"]["actors"]), tuple(ws["watch"]["terms"]))


def label(store, key: str) -> str:
    kind, _, value = key.partition(":")
    return store.entity_names.get(value, value) if kind == "actor" else f"“{value}”"


def articles_link(filters, key: str) -> str:
    """The Articles view with the active filters and the watched actor (or search term) added."""
    query = to_url(filters)
    kind, _, value = key.partition(":")
    if kind == "actor":
        query["actor"] = list(dict.fromkeys(list(query.get("actor", [])) + [value]))
    else:
        query["q"] = f"({query['q']}) AND ({value})" if query.get("q") else value
    return "articles?" + urlencode(query, doseq=True)


def current_link(ctx, page_path: str) -> str:
    """The link of the page being shown, with its filters and page state (a saved view)."""
    query = to_url(ctx.filters)
    for key in (*PAGE_KEYS, *BOUND_KEYS):
        if st.query_params.get(key):
            query[key] = st.query_params.get(key)
    return page_path + ("?" + urlencode(query, doseq=True) if query else "")


def flags(ctx) -> None:
    """A notice naming the watched actors and terms with articles not seen at the last visit, linked to them,
    and a button that records the visit."""
    s = ctx.store
    ws = read(s)
    if not (ws["watch"]["actors"] or ws["watch"]["terms"]):
        return
    found = matches(s, ws)
    fresh = workspace.new_matches(ws, found)
    if not fresh:
        st.caption("Watchlist: nothing new since your last visit.")
        return
    lines = [f"[{md(label(s, k))}]({articles_link(ctx.filters, k)}): {len(ids)} new article{'s' * (len(ids) > 1)}"
             for k, ids in fresh.items()]
    with st.container(border=True, key="watch-flags"):
        st.markdown("**:material/notifications_active: New for your watchlist** — " + " · ".join(lines))
        if st.button("Mark as seen", key="watch-seen", icon=":material/done_all:"):
            workspace.edit(s.path, lambda w: workspace.mark_seen(w, found))
            st.rerun()


def _pin(store):
    eid = st.session_state.get("watch-actor")
    if eid and eid not in store.entity_names:  # a typed name: the actor it finds
        eid, st.session_state["watch-note"] = typed_actor(store, eid)
    if eid:
        seen = watched_articles(store.path, store.hash, (eid,), ())[f"actor:{eid}"]
        workspace.edit(store.path, lambda w: workspace.pin_actor(w, eid, seen=seen))
        st.session_state["watch-actor"] = None


def _watch_term(store):
    term = (st.session_state.get("watch-term") or "").strip()
    if term:
        seen = term_ids(store.path, store.hash, term)
        workspace.edit(store.path, lambda w: workspace.add_term(w, term, seen=seen))
        st.session_state["watch-term"] = ""


def _save_view(store, link: str):
    name = (st.session_state.get("view-name") or "").strip()
    if name:
        workspace.edit(store.path, lambda w: workspace.save_view(w, name, link))
        st.session_state["view-name"] = ""


def sidebar(ctx, page_path: str) -> None:
    """The sidebar's "Watchlist and saved views": pin actors and search terms, save and open named links."""
    s = ctx.store
    ws = read(s)
    st.session_state["page_path"] = page_path  # the briefing pack matches notes pinned to this view's link
    with st.sidebar.expander("Watchlist and saved views", icon=":material/bookmark:"):
        st.selectbox("Pin an actor", sidebar_options(s.path, s.hash)["actor"], index=None, key="watch-actor",
                     placeholder="Choose or type a name", accept_new_options=True,
                     format_func=lambda e: s.entity_names.get(e, e), on_change=_pin, args=(s,))
        if st.session_state.get("watch-note"):
            st.caption(md(st.session_state.pop("watch-note")))
        st.text_input("Watch a search term", key="watch-term", on_change=_watch_term, args=(s,),
                      placeholder="e.g. satellite launch")
        for eid in ws["watch"]["actors"]:
            if st.button(md(f"✕ {s.entity_names.get(eid, eid)}"), key=f"unpin-{eid}", type="tertiary",
                         help="Stop watching this actor"):
                workspace.edit(s.path, lambda w, e=eid: workspace.unpin_actor(w, e))
                st.rerun()
        for term in ws["watch"]["terms"]:
            if st.button(md(f"✕ “{term}”"), key=f"unterm-{term}", type="tertiary", help="Stop watching this term"):
                workspace.edit(s.path, lambda w, t=term: workspace.remove_term(w, t))
                st.rerun()
        st.divider()
        if ws["views"]:
            st.markdown("\n".join(f"- [{md(v['name'])}]({v['link']})" for v in ws["views"] if safe_link(v["link"])))
        link = current_link(ctx, page_path)
        st.text_input("Save this view as", key="view-name", on_change=_save_view, args=(s, link),
                      placeholder="a name, then Enter")


def pack_items(ctx, items: list[dict]) -> list[dict]:
    """The briefing pack's items with the "Since <date>" slide after the numbers, the notes in the speaker
    notes of the slides they belong to, and an appendix of every note (:mod:`components.present.since`)."""
    from components.present.since import attach_notes, notes_appendix, since_item

    if not items:
        return items
    s = ctx.store
    since, _ = since_date(ctx)
    ws = read(s)
    ch = changes_since(s.path, s.hash, ctx.filters, since.isoformat(), tuple(ws["watch"]["actors"]))
    p = ch["periods"]
    slide = since_item(ch, since=f"{p.since:%d %b %Y}", sub=ctx.subtitle(),
                       compared=f"{p.before_from:%d %b %Y} to {p.before_to:%d %b %Y}")
    items = items[:1] + [slide] + items[1:]
    here = current_link(ctx, st.session_state.get("page_path", ""))
    items = attach_notes(items, ws["notes"], link=here, actors=ctx.filters.actors)
    titles = dict(zip(s.articles["article_id"], s.articles["title"]))
    appendix = notes_appendix(ws["notes"], names=s.entity_names, titles=titles)
    return items + ([appendix] if appendix else [])


def actor_tools(ctx, entity_id: str) -> None:
    """On the actor profile: watch (or stop watching) the actor, its notes, and a note to add."""
    s = ctx.store
    ws = read(s)
    c = st.columns([1, 3])
    if entity_id in ws["watch"]["actors"]:
        if c[0].button("Stop watching", key="profile-unwatch", icon=":material/notifications_off:"):
            workspace.edit(s.path, lambda w: workspace.unpin_actor(w, entity_id))
            st.rerun()
    elif c[0].button("Watch this actor", key="profile-watch", icon=":material/notifications:",
                     help="Overview and What's new will flag articles about this actor added after now"):
        seen = watched_articles(s.path, s.hash, (entity_id,), ())[f"actor:{entity_id}"]
        workspace.edit(s.path, lambda w: workspace.pin_actor(w, entity_id, seen=seen))
        st.rerun()
    with c[1].popover("Notes on this actor", icon=":material/sticky_note_2:"):
        for n in workspace.notes_for(ws, "actor", entity_id):
            st.text(n["text"])  # plain text: never read as Markdown or HTML
        text = st.text_area("New note", key="profile-note", max_chars=workspace.MAX_NOTE)
        if st.button("Add the note", key="profile-note-add") and text.strip():
            workspace.edit(s.path, lambda w: workspace.add_note(w, "actor", entity_id, text.strip()))
            st.rerun()
