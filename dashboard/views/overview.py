"""Overview: headline numbers, top actors and countries, recent spikes, coverage sparkline."""
from __future__ import annotations

import streamlit as st

from components.build.language import language_name
from components.present.charts import bar_figure, coverage_figure
from dashboard import watch
from dashboard.context import Context, current
from dashboard.safe import md
from dashboard.loaders import country_counts, coverage, languages_not_analysed, spikes, top_actors
from dashboard.widgets import chart, empty_state, events, table


def not_analysed_notice(counts: dict[str, int], n_articles: int) -> str:
    """The Overview's words for the articles no model read for actors (issue 17, item 7).

    >>> print(not_analysed_notice({"fr": 2, "ko": 1}, 40))
    3 of these 40 articles were not analysed for actors: French 2, Korean 1. Wirescope has no model for their \
language, so they are counted in coverage and found by text search but name no actors.
    >>> not_analysed_notice({"fr": 1}, 1)[:53]
    'This article was not analysed for actors: French 1. W'
    """
    total = sum(counts.values())
    langs = ", ".join(f"{language_name(code)} {n:,}" for code, n in counts.items())
    one = total == 1
    head = f"{total:,} of these {n_articles:,} articles {'was' if one else 'were'}" if n_articles > 1 \
        else "This article was"
    return (f"{head} not analysed for actors: {langs}. Wirescope has no model for {'its' if one else 'their'} "
            f"language, so {'it is' if one else 'they are'} counted in coverage and found by text search but "
            f"name{'s' if one else ''} no actors.")


def render(ctx: Context) -> None:
    st.title("Overview")
    arts, ments, s = ctx.arts, ctx.ments, ctx.store
    if arts.empty:
        empty_state("No article matches these filters.")
        return
    st.caption(md(ctx.subtitle()))
    watch.flags(ctx)
    skipped = languages_not_analysed(s.path, s.hash, ctx.filters)
    if skipped:
        st.info(md(not_analysed_notice(skipped, len(arts))), icon=":material/translate:")
    c = st.columns(5)
    c[0].metric("Articles", f"{len(arts):,}")
    c[1].metric("Stories", f"{arts['story_id'].nunique():,}", help="Near-duplicate articles counted once")
    c[2].metric("Outlets", f"{arts['source'].nunique():,}")
    c[3].metric("Actors", f"{ments['entity_id'].nunique():,}")
    c[4].metric("Low-confidence topic", f"{arts['low_confidence'].mean():.0%}",
                help="Share of articles whose topic is uncertain (marked, not hidden)")

    cov = coverage(s, arts, freq="M")
    chart(coverage_figure(cov, title="Coverage by month", subtitle=ctx.subtitle(), foot=ctx.foot, height=340,
                          events=events()),
          f"coverage-month-{ctx.slug()}", cov)

    left, right = st.columns(2)
    with left:
        data = top_actors(s.path, s.hash, ctx.filters, 12)
        chart(bar_figure(data["name"], data["articles"], title="Most covered actors", subtitle=ctx.subtitle(),
                         foot=ctx.foot, types=data["type"]),
              f"top-actors-{ctx.slug()}", data)
    with right:
        cc = country_counts(s.path, s.hash, ctx.filters).head(12)
        cc["name"] = cc["country"].map(lambda c: s.country_names.get(c, c))
        chart(bar_figure(cc["name"], cc["count"], title="Countries the coverage is about", subtitle=ctx.subtitle(),
                         foot=ctx.foot),
              f"top-countries-{ctx.slug()}", cc)
    st.subheader("Recent spikes in coverage")
    sp = spikes(s.path, s.hash, ctx.filters, "W", 8)  # the table lists the 8 latest
    if sp.empty:
        st.caption("No week stands out from its baseline under these filters.")
    else:
        show = sp.sort_values("period", ascending=False).head(8)
        table(show.assign(week=show["start"].dt.strftime("%d %b %Y"),
                          actors=show["actors"].map(", ".join), terms=show["terms"].map(", ".join))
              [["week", "count", "baseline", "actors", "terms", "headline"]],
              hide_index=True, width="stretch")


if __name__ == "__main__":
    render(current())
