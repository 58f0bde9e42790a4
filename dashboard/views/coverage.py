"""Coverage over time: counts or share, breakdowns, spikes explained, drill-down to articles; where the
coverage is about (the map) and which outlets drive it, each in its own tab."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.analysis.coverage import FREQS, default_freq, period_bounds, source_mix
from components.build.events import read_events
from components.present.charts import coverage_figure, source_mix_figure
from components.present.export import csv_bytes
from components.present.geo import country_map_figure
from dashboard.context import Context, current
from dashboard.safe import md
from dashboard.loaders import actor_counts, country_counts, coverage, place_counts, spikes
from dashboard.widgets import (BASE_MAP, add_actor, chart, empty_state, events, open_tab, rerun_page_if_asked, slot,
                               set_dates, table, whole_page)


MAX_PLACES = 300  # circles on the map: the most covered places


def _on_map_select():
    """Countries' dots (a click, or a box around several) add those countries to the filter; a click on a
    place's circle alone adds the place to the actor filter."""
    sel = st.session_state.get("coverage-map")
    codes = [p.get("customdata") for p in (sel or {}).get("selection", {}).get("points", [])]
    codes = [str(c[0] if isinstance(c, list) else c) for c in codes if c]
    countries = [c for c in codes if ":" not in c]
    places = [c for c in codes if c.startswith("place:")]
    if countries:
        cur = list(st.session_state.get("country") or [])
        st.session_state["country"] = cur + [c for c in dict.fromkeys(countries) if c not in cur]
    elif places:
        names = current().store.entity_names
        for eid in dict.fromkeys(places):
            if eid in names:
                add_actor(eid)

BREAKDOWNS = {"none": "Nothing", "country": "Country", "actor": "Actor", "source": "Outlet", "topic": "Topic"}


def _series(ctx: Context, by: str, n: int = 6):
    arts, s = ctx.arts, ctx.store
    if by == "country":
        top = arts["countries"].explode().value_counts().head(n).index
        return arts["countries"].map(lambda cs: [s.country_names.get(c, c) for c in cs if c in set(top)])
    if by == "source":
        top = set(arts["source"].value_counts().head(n).index)
        return arts["source"].where(arts["source"].isin(top))
    if by == "topic":
        top = set(arts["topic_id"].value_counts().head(n).index)
        return arts["topic_id"].map(lambda t: s.topic_labels.get(t) if t in top else None)
    if by == "actor":
        chosen = list(ctx.filters.actors) or [e for e in actor_counts(s.path, s.hash, ctx.filters).index
                                              if not e.startswith("country:")][:n]
        ids = ctx.ments[ctx.ments["entity_id"].isin(chosen[:n])].groupby("article_id")["entity_id"].agg(list)
        return arts["article_id"].map(lambda a: [s.entity_names.get(e, e) for e in ids.get(a, [])])
    return None


def render(ctx: Context) -> None:
    st.title("Coverage over time")
    s, arts = ctx.store, ctx.arts
    if arts.empty:
        empty_state("No article matches these filters.")
        return
    mix = source_mix(arts)
    with slot("coverage-notes"):
        if len(mix) and mix["share"].iloc[0] > 0.5:  # true of every tab: said above them
            st.warning(md(f"One outlet, {mix['source'].iloc[0]}, supplies {mix['share'].iloc[0]:.0%} of these "
                          "articles: the picture may reflect its editorial choices."), icon="⚖️")
    unit = st.radio("Count", ["articles", "stories"], key="cov_unit", horizontal=True,
                    help="Stories count near-duplicate articles (reprints) once.")
    # Only the open tab runs (its name is in the link as tab=...), as on Topics: a filter change redraws one
    # chart, not three, and the map's shapes are sent only to whoever looks at the map.
    open_tab(TABS, ctx, unit, mix)


@st.fragment
def _time_tab(ctx: Context, unit: str, mix: pd.DataFrame) -> None:
    """A fragment: its controls (period, measure, breakdown, rolling mean) and a selection on its chart rerun
    this tab alone, not the sidebar and the page around it; narrowing the date filter reruns the page."""
    rerun_page_if_asked()
    s, arts = ctx.store, ctx.arts
    c = st.columns(4)
    freq = c[0].radio("Period", list(FREQS), index=list(FREQS).index(default_freq(arts["published"])),
                      format_func=FREQS.get, key="cov_freq", horizontal=True,
                      help="By default the finest period that keeps the chart to a few hundred bars.")
    measure = c[1].radio("Measure", ["count", "share"], key="cov_measure", horizontal=True,
                         format_func=lambda m: "Number" if m == "count" else "Share of all coverage")
    by = c[2].selectbox("Break down by", list(BREAKDOWNS), format_func=BREAKDOWNS.get, key="cov_by")
    rolling = c[3].selectbox("Rolling mean", [0, 3, 5], format_func=lambda r: "off" if not r else f"{r} periods",
                             key="cov_roll")
    with st.expander("Events on the time charts", icon=":material/event:"):
        up = st.file_uploader("A CSV with columns date and label", type=["csv", "txt"], key="events_file")
        if up is not None:
            ev, problems = read_events(up.getvalue())
            st.session_state["events"] = ev
            for p in problems[:10]:
                st.warning(p)
            st.caption(f"{len(ev)} events loaded; they show on every time chart in this session.")
        if len(st.session_state.get("events", [])) and st.button("Remove the events", key="events_clear"):
            st.session_state.pop("events")
            st.rerun()
    cov = coverage(s, arts, freq=freq, unit=unit, by=_series(ctx, by), rolling=rolling)
    sp = spikes(s.path, s.hash, ctx.filters, freq) if by == "none" else pd.DataFrame()
    what = "Coverage" if ctx.filters.is_empty() else f"Coverage of {ctx.filters_text}"
    title = f"{what}, by {FREQS[freq]}"
    fig = coverage_figure(cov, measure=measure, spikes=sp if measure == "count" else None, unit=unit,
                          title=title, subtitle=ctx.subtitle(unit=unit), foot=ctx.foot, events=events())
    state = chart(fig, f"coverage-{ctx.slug()}", cov, key="coverage-chart", on_select="rerun",
                  selection_mode=("points", "box"))
    points = state.selection.points if state and state.selection else []
    st.caption("Select a bar or point (or drag a box) to list the articles behind it.")
    if points:
        periods = sorted({pd.Timestamp(p["x"]) for p in points})
        lo, _ = period_bounds(periods[0], freq)
        _, hi = period_bounds(periods[-1], freq)
        naive = arts["published"].dt.tz_convert("UTC").dt.tz_localize(None)
        picked = arts[(naive >= lo) & (naive < hi + pd.Timedelta(days=1))]
        st.subheader(f"{len(picked):,} articles from {lo:%d %b %Y} to {hi:%d %b %Y}")
        st.button("Narrow the date filter to this period", key="cov_narrow", on_click=whole_page(set_dates),
                  args=(lo.date(), hi.date()))
        table(picked[["published", "source", "title"]].sort_values("published"), hide_index=True,
              width="stretch", height=300)
    if not sp.empty:
        st.subheader("Spikes")
        table(sp.assign(start=sp["start"].dt.strftime("%d %b %Y"), actors=sp["actors"].map(", ".join),
                        terms=sp["terms"].map(", ".join))[["start", "count", "baseline", "z", "actors",
                                                           "terms", "headline"]],
              hide_index=True, width="stretch")


def _map_tab(ctx: Context, unit: str, mix: pd.DataFrame) -> None:
    s = ctx.store
    cc = country_counts(s.path, s.hash, ctx.filters, unit)
    extent = st.segmented_control("Show", ["coverage", "world"], default="coverage", key="map_extent",
                                  format_func={"coverage": "Where the coverage is", "world": "The world"}.get,
                                  help="Zoom to the countries holding four fifths of the coverage, or show the "
                                       "whole world.") or "coverage"
    places = place_counts(s.path, s.hash, ctx.filters, unit)
    shown = places.head(MAX_PLACES)
    chart(country_map_figure(cc, names=s.country_names, unit=unit, subtitle=ctx.subtitle(unit=unit), foot=ctx.foot,
                             title="Coverage by country" + (" and place" if len(shown) else ""), extent=extent,
                             places=shown, base=BASE_MAP),
          f"map-{ctx.slug()}", cc, key="coverage-map", on_select=_on_map_select,
          selection_mode=("points", "box", "lasso"))
    how = ("Click a country's dot (or drag a box around several) to filter every view to those countries. "
           "The map is drawn from shapes bundled with Wirescope: it needs no network.")
    if len(places):
        more = f" (the {MAX_PLACES} most named of {len(places):,})" if len(places) > MAX_PLACES else ""
        how = (f"Shading: the countries the {unit} are about. Circles: the places they name{more}, located "
               f"by GeoNames, sized by {unit}; click one to filter to the {unit} naming it. " + how)
    st.caption(how)
    if len(places):
        st.download_button("Places (CSV)", lambda: csv_bytes(places), file_name=f"places-{ctx.slug()}.csv", mime="text/csv",
                           on_click="ignore", type="secondary", key="places-csv")


def _outlets_tab(ctx: Context, unit: str, mix: pd.DataFrame) -> None:
    st.caption("Which outlets drive this coverage: each outlet's share of the filtered articles.")
    chart(source_mix_figure(mix, subtitle=ctx.subtitle(), foot=ctx.foot), f"outlets-{ctx.slug()}", mix)


# The tabs by their label, which is also the link's ``tab=`` value (README, "URL parameters").
TABS = {"Over time": _time_tab, "By country": _map_tab, "By outlet": _outlets_tab}

if __name__ == "__main__":
    render(current())
