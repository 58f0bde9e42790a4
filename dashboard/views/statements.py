"""Statements: who said what, about whom, over time."""
from __future__ import annotations

import streamlit as st

from components.present.charts import bar_figure, coverage_figure
from components.analysis.statements import statement_table
from components.present.export import csv_bytes
from components.present.theme import STANCE_COLOURS
from dashboard.context import Context, current
from dashboard.loaders import statement_choices, statement_rows, statement_selection, statement_summary
from dashboard.state import ACTOR_OPTIONS
from dashboard.widgets import TEXT_ROWS, chart, empty_state, open_tab
from dashboard.widgets import table as plain_table


def _offered(key: str, top) -> list:
    """A box's options: what is chosen already, then ``top`` (most frequent first)."""
    return list(dict.fromkeys([*(st.session_state.get(key) or []), *top]))


def render(ctx: Context) -> None:
    st.title("Statements")
    s = ctx.store
    if not len(statement_rows(s.path, s.hash, ctx.filters)):
        empty_state("No statement in the articles under these filters.")
        return
    names = s.entity_names
    c = st.columns(4)
    # The most quoted speakers and the most named targets are offered (with those already chosen); the boxes
    # sent every one of them on every rerun (649 KB at 100k articles).
    choices = statement_choices(s.path, s.hash, ctx.filters, ACTOR_OPTIONS)
    top_speakers = choices["speakers"]
    speakers = c[0].multiselect("Speaker", _offered("st_speaker", top_speakers), key="st_speaker",
                                format_func=lambda e: names.get(e, e), placeholder="Anyone",
                                help=f"The {len(top_speakers)} most quoted speakers under these filters.")
    top_targets = choices["targets"]
    about = c[1].multiselect("About", _offered("st_about", top_targets), format_func=lambda e: names.get(e, e),
                             key="st_about", placeholder="Anyone or anything",
                             help=f"The {len(top_targets)} actors most spoken about under these filters.")
    verbs = c[2].multiselect("Verb", choices["verbs"], key="st_verb", placeholder="Any verb")
    kind = c[3].radio("Kind", ["all", "direct", "reported"], horizontal=True, key="st_kind",
                      format_func={"all": "All", "direct": "Direct quotes", "reported": "Reported speech"}.get)
    stances = ()
    if "stance" in s.statements:
        stances = tuple(st.multiselect("Stance toward whom they speak of", ["hostile", "cooperative", "neutral"],
                                       key="st_stance", placeholder="Any stance"))
    boxes = (tuple(speakers), tuple(about), tuple(verbs), kind, stances)
    got = statement_summary(s.path, s.hash, ctx.filters, *boxes, limit=TEXT_ROWS, small_n=ctx.settings["small_n"])
    n = got["n"]
    sub = f"{n:,} statements · " + ctx.subtitle(ctx.arts.iloc[got["article_rows"]])
    st.caption(f"{n:,} statements, {got['attributed']:.0%} attributed to an actor. Statements are found by the "
               "parse (quotes and speech verbs) and attributed to the subject of the verb; a speaker left empty "
               "was not certain.")
    # Only the open tab runs (its name is in the link as tab=...): a filter change draws the table or one chart.
    open_tab(TABS, ctx, got, boxes, sub)


def _table_tab(ctx: Context, got: dict, boxes: tuple, sub: str) -> None:
    s, n = ctx.store, got["n"]
    # The page's rows are built for the page shown; the CSV builds them all when it is asked for.
    plain_table(got["table"].drop(columns=["article_id"]), hide_index=True, width="stretch", height=460,
                total=n, what="statements", max_rows=TEXT_ROWS,
                more="narrow the filters, or download the CSV below for all of them",
                column_config={"published": st.column_config.DatetimeColumn("Published", format="D MMM YYYY"),
                               "url": st.column_config.LinkColumn("Link")})
    st.download_button("Statements (CSV)", lambda: csv_bytes(statement_table(
                           statement_selection(s.path, s.hash, ctx.filters, *boxes), ctx.arts, s.entity_names)),
                       file_name=f"statements-{ctx.slug()}.csv", mime="text/csv", on_click="ignore",
                       key="statements-csv")


def _speakers_tab(ctx: Context, got: dict, boxes: tuple, sub: str) -> None:
    s, by = ctx.store, got["by_speaker"]
    chart(bar_figure(by["name"], by["statements"], title="Who is quoted", subtitle=sub, foot=ctx.foot,
                     xlabel="Statements", types=by["speaker_id"].map(s.entities.set_index("entity_id")["type"])),
          f"statements-by-speaker-{ctx.slug()}", by)


def _time_tab(ctx: Context, got: dict, boxes: tuple, sub: str) -> None:
    cov = got["per_month"]
    chart(coverage_figure(cov, title="Statements by month", subtitle=sub, foot=ctx.foot, unit="statements",
                          height=420), f"statements-by-month-{ctx.slug()}", cov)
    if got["timeline"] is not None:
        # A pair (speaker and target chosen) or an actor and everyone: how they speak of each other.
        names, (speakers, about) = ctx.store.entity_names, boxes[:2]
        who = " and ".join(", ".join(names.get(e, e) for e in part) or "everyone" for part in (speakers, about))
        tl = got["timeline"]
        chart(coverage_figure(tl, measure="share", title=f"How {who} speak of each other, by week",
                              subtitle=sub, foot=ctx.foot, unit="statements", height=380, colours=STANCE_COLOURS,
                              ylabel="Share of the week's statements"), f"statements-stance-{ctx.slug()}", tl)


# The tabs by their label, which is also the link's ``tab=`` value (README, "URL parameters").
TABS = {"Statements": _table_tab, "Who is quoted": _speakers_tab, "Over time": _time_tab}

if __name__ == "__main__":
    render(current())
