"""Actor profile: one actor's names and how they were resolved, then in tabs its coverage, company, topics and
outlets; what it said and what was said of it; the sentences naming it."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.analysis.counts import country_coverage
from components.analysis.filters import among
from components.present.charts import bar_figure, coverage_figure
from components.present.export import csv_bytes
from components.present.theme import STANCE_COLOURS
from dashboard import watch
from dashboard.context import Context, current
from dashboard.safe import md
from dashboard.loaders import (actor_company, actor_counts, actor_rules, actor_statements, coverage, focus_mentions,
                               with_texts)
from dashboard.state import ACTOR_OPTIONS
from dashboard.widgets import TEXT_ROWS, add_actor, chart, empty_state, events, open_tab, slot, table, typed_actor


def _on_focus_typed():
    """A name typed into the Actor box becomes the actor it finds among those under the filters."""
    ctx = current()
    s, typed = ctx.store, st.session_state.get("focus_box")
    if not typed or typed in s.entity_names:
        return
    found, note = typed_actor(s, typed)
    if found and found not in actor_counts(s.path, s.hash, ctx.filters).index:
        note, found = f"{s.entity_names[found]} is not in any article under these filters.", None
    st.session_state["focus_note"] = note
    if found:
        st.session_state["focus_box"] = found
        st.query_params["focus"] = found
    else:
        st.session_state.pop("focus_box", None)


def render(ctx: Context) -> None:
    st.title("Actor profile")
    s = ctx.store
    if ctx.arts.empty:
        empty_state("No article matches these filters.")
        return
    counts = actor_counts(s.path, s.hash, ctx.filters)
    wanted = st.query_params.get("focus") or (ctx.filters.actors[0] if ctx.filters.actors else None)
    with slot("actor-link-note"):
        if wanted and wanted not in counts.index:
            if wanted in s.entity_names:
                st.info(md(f"{s.entity_names[wanted]} is not in any article under these filters."))
            else:
                st.warning(md(f"The link's actor “{wanted[:60]}” is not in this store and was left out."))
            wanted = None
    # The most covered actors are offered, and the linked one; any other is typed and found on the server.
    options = list(dict.fromkeys([*([wanted] if wanted else []), *counts.index[:ACTOR_OPTIONS]]))
    focus = st.selectbox("Actor", options, index=options.index(wanted) if wanted else 0, key="focus_box",
                         accept_new_options=True, on_change=_on_focus_typed, help="The most covered actors under "
                         "these filters are listed; type any other name (or part of it) and press Enter to find it.",
                         format_func=lambda e: f"{s.entity_names.get(e, e)} ({counts.get(e, 0)} articles)"
                         if e in s.entity_names else e)
    if focus not in counts.index:  # typed, and found nothing here (the callback said why)
        focus = options[0]
    if st.query_params.get("focus") != focus:
        st.query_params["focus"] = focus
    with slot("actor-focus-note"):
        if st.session_state.get("focus_note"):
            st.info(md(st.session_state.pop("focus_note")))
    ent = s.entities.set_index("entity_id").loc[focus]
    name = ent["name"]
    mine, arts = focus_mentions(s.path, s.hash, ctx.filters, focus)

    affil = s.country_names.get(ent["country"], ent["country"]) if ent["country"] else "unknown"
    how = {"gazetteer": "from the gazetteer", "inferred": "inferred from the coverage",
           "analyst": "set by an analyst", "geonames": "where GeoNames places it"}.get(ent["country_source"], "")
    c = st.columns(4)
    c[0].metric("Articles", f"{len(arts):,}")
    c[1].metric("Mentions", f"{len(mine):,}")
    c[2].metric("Type", md(ent["type"].capitalize()))
    c[3].metric("Affiliation", md(affil), help=how or None)
    st.caption(md("Written as: " + ", ".join(f"“{a}”" for a in list(ent["aliases"])[:12])))
    rules = actor_rules(s.path, s.hash, ctx.filters, focus)
    if len(rules):
        label = f"How its {len(mine):,} {'mention was' if len(mine) == 1 else 'mentions were'} resolved: " + ", ".join(
            f"{r or 'not recorded'} {n:,}" for r, n in zip(rules["rule"].head(4), rules["mentions"].head(4))) \
            + (f", {len(rules) - 4} more" if len(rules) > 4 else "")
        with st.expander(md(label, limit=160), expanded=True):
            table(rules[["how", "mentions", "articles", "written as"]], hide_index=True, width="stretch",
                  height=min(38 + 35 * len(rules), 300), key="actor-rules",
                  column_config={"how": st.column_config.TextColumn(
                                     "Resolved as", width="large",
                                     help="The rule that made these mentions this actor, in plain words."),
                                 "written as": st.column_config.TextColumn(
                                     "Written as", width="large",
                                     help="The words the rule caught, most frequent first, with their counts.")})
            st.caption("Each mention records the rule that made it this actor. A rule that caught the wrong words? "
                       "Split those words off, or merge the actor, on the Actors page; the hover on a name in the "
                       "Articles reader gives the rule of each mention.")
    if st.button("Add to the actor filter", key="profile-add"):
        add_actor(focus)
        st.rerun()
    watch.actor_tools(ctx, focus)

    # Only the open tab runs (its name is in the link as tab=...): a filter change redraws one tab's charts.
    open_tab(TABS, ctx, focus, name, mine, arts)


def _coverage_tab(ctx: Context, focus: str, name: str, mine: pd.DataFrame, arts: pd.DataFrame) -> None:
    s = ctx.store
    sub = ctx.subtitle(arts)
    cov = coverage(s, arts, freq="M")
    chart(coverage_figure(cov, title=f"Coverage mentioning {name}, by month", subtitle=sub, foot=ctx.foot,
                          height=360, events=events()), f"actor-coverage-{focus.split(':')[-1]}", cov)

    left, right = st.columns(2)
    with left:
        st.subheader("Topics")
        tp = arts["topic_id"].map(s.topic_labels).value_counts().rename_axis("topic").reset_index(name="articles")
        table(tp, hide_index=True, width="stretch", height=240)
    with right:
        st.subheader("Outlets")
        table(arts["source"].value_counts().rename_axis("outlet").reset_index(name="articles"),
              hide_index=True, width="stretch", height=240)


def _company_tab(ctx: Context, focus: str, name: str, mine: pd.DataFrame, arts: pd.DataFrame) -> None:
    s = ctx.store
    sub = ctx.subtitle(arts)
    left, right = st.columns(2)
    with left:
        top = actor_company(s.path, s.hash, ctx.filters, focus, ctx.settings["cooccurrence_window"])
        chart(bar_figure(top["name"], top["weight"], title=f"Who appears with {name}", subtitle=sub, foot=ctx.foot,
                         xlabel="Shared articles", types=top["other"].map(s.entities.set_index("entity_id")["type"])),
              f"actor-company-{focus.split(':')[-1]}", top)
    with right:
        cc = country_coverage(arts).head(12)
        cc["name"] = cc["country"].map(lambda x: s.country_names.get(x, x))
        chart(bar_figure(cc["name"], cc["count"], title=f"Countries in coverage of {name}", subtitle=sub,
                         foot=ctx.foot),
              f"actor-countries-{focus.split(':')[-1]}", cc)


def _statements_tab(ctx: Context, focus: str, name: str, mine: pd.DataFrame, arts: pd.DataFrame) -> None:
    s = ctx.store
    sub = ctx.subtitle(arts)
    got = actor_statements(s.path, s.hash, ctx.filters, focus, TEXT_ROWS, ctx.settings["small_n"])
    n_said, n_heard, said, heard, tl = got["n_said"], got["n_heard"], got["said"], got["heard"], got["timeline"]
    if tl is not None:
        chart(coverage_figure(tl, title=f"What {name} said, by month and stance", subtitle=sub, foot=ctx.foot,
                              unit="statements", height=460, colours=STANCE_COLOURS),
              f"actor-statements-{focus.split(':')[-1]}", tl)
    left, right = st.columns(2)
    with left:
        st.subheader(md(f"What {name} said ({n_said:,})"))
        table(said[["published", "verb", "statement", "about"]], hide_index=True, width="stretch", total=n_said,
              what="statements", max_rows=TEXT_ROWS, more="the Statements view lists them all",
              height=260, column_config={"published": st.column_config.DatetimeColumn(format="D MMM YYYY")})
    with right:
        st.subheader(md(f"What others said about {name} ({n_heard:,})"))
        table(heard[["published", "speaker", "verb", "statement"]], hide_index=True, width="stretch", total=n_heard,
              what="statements", max_rows=TEXT_ROWS, more="the Statements view lists them all",
              height=260, column_config={"published": st.column_config.DatetimeColumn(format="D MMM YYYY")})


def _sentences_tab(ctx: Context, focus: str, name: str, mine: pd.DataFrame, arts: pd.DataFrame) -> None:
    s = ctx.store
    st.subheader(md(f"Sentences naming {name}"))
    sent = mine.drop_duplicates(["article_id", "sent"])
    hit = ctx.arts[among(ctx.arts["article_id"], sent["article_id"])].sort_values("published", ascending=False, kind="stable")
    # Texts are read for the newest articles only; the CSV reads them all when it is asked for.
    shown = _sentences(s, sent, hit.head(TEXT_ROWS)).head(TEXT_ROWS)
    table(shown, hide_index=True, width="stretch", height=320, what="sentences", total=len(sent), max_rows=TEXT_ROWS,
          more="narrow the filters, or download the CSV below for all of them",
          column_config={"published": st.column_config.DatetimeColumn("Published", format="D MMM YYYY")})
    if len(shown):
        st.download_button("Sentences (CSV)", lambda: csv_bytes(_sentences(s, sent, hit)), on_click="ignore",
                           file_name=f"sentences-{focus.split(':')[-1]}.csv", mime="text/csv", key="sentences-csv")

def _sentences(s, sent: pd.DataFrame, arts: pd.DataFrame) -> pd.DataFrame:
    """The sentences ``sent`` (article_id, sent_start, sent_end) of ``arts``, newest first."""
    m = sent[["article_id", "sent_start", "sent_end"]].merge(
        with_texts(s, arts)[["article_id", "published", "source", "title", "text"]], on="article_id")
    m["sentence"] = [t[int(a):int(b)].strip() for t, a, b in zip(m["text"], m["sent_start"], m["sent_end"])]
    return m.sort_values("published", ascending=False, kind="stable")[["published", "source", "title", "sentence"]]

# The tabs by their label, which is also the link's ``tab=`` value (README, "URL parameters").
TABS = {"Coverage": _coverage_tab, "Who appears with": _company_tab, "Statements": _statements_tab,
        "Sentences": _sentences_tab}


if __name__ == "__main__":
    render(current())
