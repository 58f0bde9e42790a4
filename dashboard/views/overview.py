"""Overview: headline numbers, top actors and countries, recent spikes, coverage sparkline."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.build.language import language_name
from components.present.words import header
from components.present.charts import bar_figure, coverage_figure
from dashboard import watch
from dashboard.context import Context, current
from dashboard.safe import md
from dashboard.loaders import actor_counts, country_counts, coverage, languages_not_analysed, spikes, top_actors
from dashboard.widgets import chart, empty_state, events, slot


def not_analysed_notice(counts: dict[str, int], n_articles: int) -> str:
    """The Overview's words for the articles no model read for people and organisations (issue 17, item 7).

    >>> print(not_analysed_notice({"fr": 2, "ko": 1}, 40))
    3 of these 40 articles were not analysed for people and organisations: French 2, Korean 1. Wirescope has no \
model for their language: they are counted in coverage and found by text search, and the countries and \
capitals they name are found by their names in that language.
    >>> not_analysed_notice({"ja": 1}, 1)
    'This article was not analysed for actors: Japanese 1. Wirescope has no model for its language: it is counted \
in coverage and found by text search, but names no actors.'
    """
    from components.build.foreign import names_for

    total = sum(counts.values())
    langs = ", ".join(f"{language_name(code)} {n:,}" for code, n in counts.items())
    one = total == 1
    head = f"{total:,} of these {n_articles:,} articles {'was' if one else 'were'}" if n_articles > 1 \
        else "This article was"
    named = [c for c in counts if names_for(c)]
    where = "that language" if len(named) == len(counts) else ", ".join(language_name(c) for c in named)
    what = "people and organisations" if named else "actors"
    tail = (f", and the countries and capitals {'it names are' if one else 'they name are'} found by their names "
            f"in {where}."
            if named else f", but name{'s' if one else ''} no actors.")
    return (f"{head} not analysed for {what}: {langs}. Wirescope has no model for {'its' if one else 'their'} "
            f"language: {'it is' if one else 'they are'} counted in coverage and found by text search{tail}")


def coverage_chart(s, arts, *, subtitle: str, foot: str, events=None) -> tuple:
    """The Overview's monthly coverage: ``(figure, its data)``."""
    cov = coverage(s, arts, freq="M")
    return coverage_figure(cov, title="Coverage by month", subtitle=subtitle, foot=foot, height=340,
                           events=events), cov


def actors_chart(s, filters, *, subtitle: str, foot: str) -> tuple:
    """The 12 most covered actors: ``(figure, its data)``."""
    data = top_actors(s.path, s.hash, filters, 12)
    return bar_figure(data["name"], data["articles"], title="Most covered actors", subtitle=subtitle,
                      foot=foot, types=data["type"]), data


def countries_chart(s, filters, *, subtitle: str, foot: str) -> tuple:
    """The 12 countries the coverage is most about: ``(figure, its data)``."""
    cc = country_counts(s.path, s.hash, filters).head(12)
    cc["name"] = cc["country"].map(lambda c: s.country_names.get(c, c))
    return bar_figure(cc["name"], cc["count"], title="Countries the coverage is about", subtitle=subtitle,
                      foot=foot), cc


def spike_rows(s, filters) -> pd.DataFrame:
    """The 8 latest spikes of the filtered weekly coverage, latest first, as the table shows them (plain
    headers, lists joined); empty when no week stands out."""
    sp = spikes(s.path, s.hash, filters, "W", 8)
    if sp.empty:
        return sp
    show = sp.sort_values("period", ascending=False).head(8)
    show = show.assign(week=show["start"].dt.strftime("%d %b %Y"), actors=show["actors"].map(", ".join),
                       terms=show["terms"].map(", ".join), baseline=show["baseline"].map("{:,.1f}".format))
    cols = ["week", "count", "baseline", "actors", "terms", "headline"]
    return show[cols].rename(columns={c: header(c) for c in cols}).reset_index(drop=True)


def warm(s, arts, filters) -> None:
    """Everything the Overview computes for ``filters``, without drawing: ``dashboard/launch.py`` runs it
    for no filter before the first visitor, so the cached counts and Plotly's validators for every
    property these charts set are ready when the page asks."""
    coverage_chart(s, arts, subtitle="", foot="")
    actors_chart(s, filters, subtitle="", foot="")
    countries_chart(s, filters, subtitle="", foot="")
    spike_rows(s, filters)
    languages_not_analysed(s.path, s.hash, filters)
    actor_counts(s.path, s.hash, filters)


def render(ctx: Context) -> None:
    st.title("Overview")
    arts, s = ctx.arts, ctx.store
    if arts.empty:
        empty_state("No article matches these filters.")
        return
    st.caption(md(ctx.subtitle()))
    with slot("overview-notes"):
        watch.flags(ctx)
        skipped = languages_not_analysed(s.path, s.hash, ctx.filters)
        if skipped:
            st.info(md(not_analysed_notice(skipped, len(arts))), icon=":material/translate:")
    c = st.columns(5)
    c[0].metric("Articles", f"{len(arts):,}")
    c[1].metric("Stories", f"{arts['story_id'].nunique():,}", help="Near-duplicate articles counted once")
    c[2].metric("Outlets", f"{arts['source'].nunique():,}")
    c[3].metric("Actors", f"{len(actor_counts(s.path, s.hash, ctx.filters)):,}")
    c[4].metric("Low-confidence topic", f"{arts['low_confidence'].mean():.0%}",
                help="Share of articles whose topic is uncertain (marked, not hidden)")

    # Each chart is drawn as soon as its numbers are ready: the browser starts loading Plotly with the first.
    fig, data = coverage_chart(s, arts, subtitle=ctx.subtitle(), foot=ctx.foot, events=events())
    chart(fig, f"coverage-month-{ctx.slug()}", data)
    left, right = st.columns(2)
    with left:
        fig, data = actors_chart(s, ctx.filters, subtitle=ctx.subtitle(), foot=ctx.foot)
        chart(fig, f"top-actors-{ctx.slug()}", data)
    with right:
        fig, data = countries_chart(s, ctx.filters, subtitle=ctx.subtitle(), foot=ctx.foot)
        chart(fig, f"top-countries-{ctx.slug()}", data)
    st.subheader("Recent spikes in coverage")
    rows = spike_rows(s, ctx.filters)
    if rows.empty:
        st.caption("No week stands out from its baseline under these filters.")
    else:  # eight rows to read, not to sort: a plain table, whose long headlines wrap
        st.table(rows, hide_index=True)

if __name__ == "__main__":
    render(current())
