"""Topics: what the coverage is about, how confident the assignment is, and how it moves."""
from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from components.analysis.counts import topic_counts
from components.analysis.coverage import FREQS, coverage, default_freq
from components.present.charts import topic_country_figure, topic_map_figure, topic_sizes_figure, topic_time_figure
from dashboard.actions import refit_store_topics
from dashboard.context import Context, current
from dashboard.loaders import topic_countries
from dashboard.safe import md
from dashboard.widgets import chart, empty_state, open_tab, table


def _on_topic_click():
    sel = st.session_state.get("topic-sizes")
    for p in (sel or {}).get("selection", {}).get("points", []):
        tid = p.get("customdata")
        if tid is not None:
            cur = list(st.session_state.get("topic") or [])
            if int(tid) not in cur:
                st.session_state["topic"] = cur + [int(tid)]


def render(ctx: Context) -> None:
    st.title("Topics")
    s, arts = ctx.store, ctx.arts
    if arts.empty:
        empty_state("No article matches these filters.")
        return
    counts = topic_counts(arts)
    topics = s.topics.drop(columns=["size", "share_low_confidence"]).merge(counts, on="topic_id")
    low = arts["low_confidence"].mean()
    st.caption(f"{len(topics)} topics in this view · {low:.0%} of articles have a low-confidence topic "
               f"(marked with open symbols, never hidden).")
    # Only the open tab runs (its name is in the link as tab=...): a filter change draws one chart, not five.
    open_tab(TABS, ctx, topics)
    _refit(s)


def _sizes_tab(ctx: Context, topics) -> None:
    chart(topic_sizes_figure(topics, subtitle=ctx.subtitle(), foot=ctx.foot), f"topics-{ctx.slug()}",
          topics[["topic_id", "label", "size", "share_low_confidence"]], key="topic-sizes", on_select=_on_topic_click)
    st.caption("Click a bar to filter every view to that topic.")


def _map_tab(ctx: Context, topics) -> None:
    arts = ctx.arts
    chart(topic_map_figure(arts, topics, subtitle=ctx.subtitle(), foot=ctx.foot), f"topic-map-{ctx.slug()}")


def _time_tab(ctx: Context, topics) -> None:
    s, arts = ctx.store, ctx.arts
    c1, c2 = st.columns(2)
    periods = ["W", "M", "Y"]
    finest = default_freq(arts["published"], max_periods=60)  # stacked areas: fewer periods than bars
    freq = c1.radio("Period", periods, index=periods.index("W" if finest == "D" else finest), horizontal=True,
                    key="topic_freq", format_func=FREQS.get)
    themes = "theme_id" in arts and s.theme_labels and c2.radio(
        "Level", ["topics", "themes"], horizontal=True, key="topic_level",
        format_func={"topics": "Topics", "themes": "Themes (the broad areas topics nest in)"}.get) == "themes"
    level, labels = ("theme", s.theme_labels) if themes else ("topic", s.topic_labels)
    cov = coverage(arts, freq=freq, by=arts[f"{level}_id"], all_articles=arts,
                   unique_ids=s.index is not None, small_n=ctx.settings["small_n"])
    chart(topic_time_figure(cov, labels, subtitle=ctx.subtitle(), foot=ctx.foot,
                            title="Themes over time" if themes else "Topics over time"),
          f"{level}s-over-time-{ctx.slug()}", cov)


def _country_tab(ctx: Context, topics) -> None:
    s = ctx.store
    m = topic_countries(s.path, s.hash, ctx.filters, 12)
    m.index = [s.topic_labels.get(t, t) for t in m.index]
    m.columns = [s.country_names.get(c, c) for c in m.columns]
    chart(topic_country_figure(m, subtitle=ctx.subtitle(), foot=ctx.foot), f"topics-by-country-{ctx.slug()}",
          m.reset_index(names="topic"))


@st.fragment
def _detail_tab(ctx: Context, topics) -> None:
    """One topic's terms, actors, outlets, headlines and articles. A fragment: choosing another topic (or
    renaming it) reruns this tab alone."""
    s, arts = ctx.store, ctx.arts
    tid = st.selectbox("Topic", topics.sort_values("size", ascending=False, kind="stable")["topic_id"].tolist(),
                       format_func=lambda t: s.topic_labels.get(t, t), key="topic_detail")
    row = topics[topics["topic_id"] == tid].iloc[0]
    c1, c2 = st.columns(2)
    c1.markdown("**Distinctive terms**  \n" + md(", ".join(list(row["terms"])[:12])))
    c1.markdown("**Characteristic actors**  \n" + (md(", ".join(list(row["actors"]))) or "—"))
    members = arts[arts["topic_id"] == tid]
    c2.markdown("**Outlets**  \n" + md(", ".join(f"{k} ({v})" for k, v in members["source"].value_counts().head(6)
                                                 .items())))
    c2.markdown(f"**Articles**: {len(members):,} · low confidence: {members['low_confidence'].mean():.0%}")
    st.markdown("**Representative headlines**")
    for h in list(row["headlines"])[:5]:
        st.markdown("- " + md(h))
    table(members.sort_values("topic_confidence", ascending=False, kind="stable")
          [["published", "source", "title", "topic_confidence", "low_confidence"]],
          hide_index=True, width="stretch", height=260)
    new = st.text_input("Rename this topic", value=row["label"], key=f"rename-{tid}")
    if st.button("Save name", key=f"save-{tid}") and new.strip() and new != row["label"]:
        path = Path(s.path) / "topic_names.json"
        names = json.loads(path.read_text()) if path.exists() else {}
        names[str(tid)] = new.strip()
        path.write_text(json.dumps(names, indent=2))
        st.success("Saved. The name is kept across pipeline runs; it shows everywhere after the next run.")


TABS = {"Topic sizes": _sizes_tab, "Topic map": _map_tab, "Over time": _time_tab, "By country": _country_tab,
        "Topic detail": _detail_tab}


def _refit(s) -> None:
    """New articles join the topics they fit; this refits every topic (ids, names and colours carry over)."""
    with st.expander("Refit topics"):
        st.caption("Each run places new articles in the existing topics and keeps old articles where they are. "
                   "Refitting clusters every article again; new topics are matched to the old ones by the "
                   "articles they share, so ids, your names and colours carry over where a topic survives.")
        if st.button("Refit topics", key="refit_topics"):
            with st.spinner("Refitting topics…"):
                summary = refit_store_topics(s.path)
            st.session_state["refit_msg"] = summary.topics
            st.rerun()
        if "refit_msg" in st.session_state:
            st.success(st.session_state.pop("refit_msg"))


if __name__ == "__main__":
    render(current())
