"""What's new since a date (``?since=YYYY-MM-DD``) under the active filters, against the period of the same
length before it: new actors, rises and falls, new ties, statements, growing topics, spikes; each line links
to its articles, the whole page is one CSV."""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components.present.export import csv_bytes
from dashboard import watch
from dashboard.context import Context, current
from dashboard.loaders import changes_since
from dashboard.safe import md
from dashboard.widgets import empty_state, slot, table, to_url


def _on_since():
    st.query_params["since"] = st.session_state["new-since"].isoformat()


def _link(ctx: Context, lo, hi, *, actors=(), topic=None) -> str:
    """The Articles view with the active filters narrowed to ``lo..hi`` and the given actors or topic."""
    q = to_url(ctx.filters)
    if actors:
        q["actor"] = list(dict.fromkeys(list(q.get("actor", [])) + list(actors)))
    if topic is not None:
        q["topic"] = [str(topic)]
    q["from"], q["to"] = f"{pd.Timestamp(lo):%Y-%m-%d}", f"{pd.Timestamp(hi):%Y-%m-%d}"
    return "articles?" + urlencode(q, doseq=True)


LINK = {"link": st.column_config.LinkColumn("Read", display_text="open the articles",
                                           help="The Articles view, narrowed to this line's articles")}


def _ratio(r, small) -> str:
    text = "new" if pd.isna(r) else f"×{r:g}"
    return text + (" (few articles)" if small else "")


def render(ctx: Context) -> None:
    st.title("What's new")
    s = ctx.store
    since, notice = watch.since_date(ctx)
    with slot("new-notes"):
        if notice:
            st.warning(notice, icon="🔗")
    st.session_state["new-since"] = since
    c = st.columns([1, 3])
    c[0].date_input("Since", key="new-since", on_change=_on_since, format="YYYY-MM-DD",
                    help="The first day of the period shown (in the link: since=YYYY-MM-DD). By default the day "
                         "after the newest article the store held before its latest addition of articles.")
    with slot("new-flags"):
        watch.flags(ctx)
    if ctx.arts.empty:
        empty_state("No article matches these filters.")
        return
    watched = tuple(watch.read(s)["watch"]["actors"])
    ch = changes_since(s.path, s.hash, ctx.filters, since.isoformat(), watched)
    p = ch["periods"]
    days = f"{p.days} day{'s' if p.days != 1 else ''}"
    c[1].caption(md(f"{p.since:%d %b %Y} to {p.until:%d %b %Y} ({days}), compared with the {days} "
                    f"before ({p.before_from:%d %b %Y} to {p.before_to:%d %b %Y}). "
                    + ("" if ctx.filters.is_empty() else f"Filters: {ctx.filters_text}.")))
    rows = []  # the CSV: one row per line on the page
    for section in (_first_appearances, _moved, _ties, _statements):
        rows += section(ctx, ch, p)
    left, right = st.columns(2)
    with left:
        rows += _topics(ctx, ch, p)
    with right:
        rows += _spikes(ctx, ch, p)

    if rows:
        st.download_button("What's new (CSV)", lambda: csv_bytes(pd.DataFrame(rows)), key="new-csv",
                           file_name=f"whats-new-{since:%Y-%m-%d}-{ctx.slug()}.csv", mime="text/csv",
                           on_click="ignore", icon=":material/download:")


def _heading(title: str, frame: pd.DataFrame, empty: str) -> bool:
    """The section's heading; False (with ``empty`` said) when it has nothing to show."""
    st.subheader(title)
    if frame.empty:
        st.caption(empty)
    return not frame.empty


def _links_table(frame: pd.DataFrame, columns: list[str], key: str, config: dict | None = None) -> None:
    table(frame[columns], column_config={**LINK, **(config or {})}, hide_index=True, width="stretch", key=key)


def _ids(ids) -> str:
    return " ".join(ids)


def _first_appearances(ctx: Context, ch: dict, p) -> list[dict]:
    """Actors seen for the first time in the period."""
    new = ch["new"]
    if not _heading("Actors appearing for the first time", new, "No actor appears for the first time in this period."):
        return []
    new = new.assign(link=[_link(ctx, p.since, p.until, actors=[e]) for e in new["entity_id"]],
                     first_seen=new["first_seen"].dt.strftime("%d %b %Y"))
    _links_table(new.head(30), ["name", "first_seen", "articles", "link"], "new-actors")
    if len(new) > 30:
        st.caption(f"and {len(new) - 30} more in the CSV.")
    return [{"section": "first appearance", "item": r.name, "now": r.articles, "before": 0,
             "first_seen": r.first_seen, "link": r.link, "article_ids": _ids(r.article_ids)} for r in new.itertuples()]


def _moved(ctx: Context, ch: dict, p) -> list[dict]:
    """Actors whose coverage rose or fell most, side by side."""
    moved = ch["moved"]
    if not _heading("Coverage that rose or fell most", moved, "No actor's coverage changed between the two periods."):
        return []
    moved = moved.assign(
        link=[_link(ctx, *((p.since, p.until) if d == "rose" else (p.before_from, p.before_to)), actors=[e])
              for e, d in zip(moved["entity_id"], moved["direction"])],
        ratio=[_ratio(r, sm) for r, sm in zip(moved["ratio"], moved["small"])])
    for direction, col in zip(("rose", "fell"), st.columns(2)):
        part = moved[moved["direction"] == direction]
        with col:
            st.markdown(f"**{'Rose' if direction == 'rose' else 'Fell'}**")
            if part.empty:
                st.caption("None.")
            else:
                _links_table(part, ["name", "before", "now", "change", "ratio", "link"], f"new-{direction}",
                             {"change": st.column_config.NumberColumn(
                                 "Change", format="%+d", help="Articles in the period minus articles before it")})
    st.caption(f"Articles per period. “Few articles”: fewer than {ctx.settings['small_n']} in the two periods "
               "together, so the ratio says little.")
    return [{"section": f"coverage {r.direction}", "item": r.name, "now": r.now, "before": r.before,
             "ratio": r.ratio, "link": r.link, "article_ids": _ids(r.article_ids)} for r in moved.itertuples()]


def _ties(ctx: Context, ch: dict, p) -> list[dict]:
    """Ties that appeared or strengthened."""
    ties = ch["ties"]
    if not _heading("Ties that appeared or strengthened", ties, "No tie between two actors appeared or strengthened."):
        return []
    ties = ties.assign(link=[_link(ctx, p.since, p.until, actors=[a, b])
                             for a, b in zip(ties["source"], ties["target"])])
    _links_table(ties, ["names", "weight_before", "weight_now", "status", "link"], "new-ties")
    st.caption("Counted as on the Network page: articles naming both actors near each other. The link opens "
               "the articles naming either of them in the period.")
    return [{"section": f"tie {r.status}", "item": r.names, "now": r.weight_now, "before": r.weight_before,
             "link": r.link, "article_ids": _ids(r.article_ids)} for r in ties.itertuples()]


def _statements(ctx: Context, ch: dict, p) -> list[dict]:
    """New statements by the rising and the watched actors."""
    sts = ch["statements"]
    if not _heading("New statements by the rising and the watched", sts,
                    "No statement by the actors whose coverage rose or by watched actors in this period."):
        return []
    sts = sts.assign(link=[_link(ctx, d, d, actors=[e]) for d, e in zip(sts["published"], sts["speaker_id"])],
                     published=sts["published"].dt.strftime("%d %b %Y"))
    _links_table(sts, ["published", "speaker", "verb", "text", "link"], "new-statements")
    return [{"section": "statement", "item": f"{r.speaker}: {r.text}", "first_seen": r.published,
             "link": r.link, "article_ids": r.article_id} for r in sts.itertuples()]


def _topics(ctx: Context, ch: dict, p) -> list[dict]:
    """Topics that grew."""
    tg = ch["topics"]
    if not _heading("Topics that grew", tg, "No topic grew."):
        return []
    tg = tg.assign(link=[_link(ctx, p.since, p.until, topic=t) for t in tg["topic_id"]],
                   ratio=[_ratio(r, sm) for r, sm in zip(tg["ratio"], tg["small"])])
    _links_table(tg, ["topic", "before", "now", "ratio", "link"], "new-topics")
    return [{"section": "topic grew", "item": r.topic, "now": r.now, "before": r.before, "ratio": r.ratio,
             "link": r.link, "article_ids": _ids(r.article_ids)} for r in tg.itertuples()]


def _spikes(ctx: Context, ch: dict, p) -> list[dict]:
    """Spikes in the period."""
    sp = ch["spikes"]
    if not _heading("Spikes in the period", sp, "No spike in coverage in this period."):
        return []
    ends = sp["end"] if "end" in sp else sp["start"]
    sp = sp.assign(link=[_link(ctx, a, b) for a, b in zip(sp["start"], ends)],
                   start=sp["start"].dt.strftime("%d %b %Y"), actors=sp["actors"].map(", ".join))
    _links_table(sp, ["start", "count", "baseline", "actors", "headline", "link"], "new-spikes")
    return [{"section": "spike", "item": r.headline, "now": r.count, "first_seen": r.start, "link": r.link}
            for r in sp.itertuples()]


if __name__ == "__main__":
    render(current())
