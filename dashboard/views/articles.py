"""Articles: the table behind every number, and a reader with actors highlighted."""
from __future__ import annotations

import html
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from components.analysis.provenance import explain_rule
from components.present.export import csv_bytes
from components.present.theme import TYPE_COLOURS
from dashboard.context import Context, current
from dashboard.loaders import texts
from dashboard.safe import md, md_link
from dashboard.widgets import MAX_ROWS, add_actor, empty_state, to_url
from dashboard.widgets import table as plain_table


def mark_title(name: str, rule=None) -> str:
    """A highlighted mention's hover text: the actor, and why the mention resolved to it (issue 17, item 8),
    escaped for an HTML attribute (``&#10;`` is the line break).

    >>> mark_title('Kim "Jong" <Un>', "given name (article)")
    'Kim &quot;Jong&quot; &lt;Un&gt;&#10;Resolved as a given name alone, for the person named in full in the article'
    """
    title = html.escape(str(name), quote=True)
    if rule is None:
        return title
    return f"{title}&#10;Resolved as {html.escape(explain_rule(rule), quote=True)}"


def highlighted(text: str, mentions: pd.DataFrame, types: dict, names: dict, link=None) -> str:
    """Article text as HTML with mentions marked (and linked to the actor's profile when ``link``
    builds a URL from an entity id). Every character of the article is escaped. A mark's hover
    (``title``) names the actor and, when ``mentions`` has a ``rule`` column, why it resolved.

    >>> m = pd.DataFrame({"start": [0], "end": [3], "entity_id": ["person:kim"]})
    >>> highlighted("Kim <b>x</b>", m, {}, {"person:kim": "Kim"})
    '<mark style="background:#99999922;border-bottom:2px solid #999999;padding:0 1px" title="Kim">Kim</mark> &lt;b&gt;x&lt;/b&gt;'
    >>> highlighted("Kim", m.assign(rule=["full name"]), {}, {}).split('title="')[1].split('"')[0]
    'person:kim&#10;Resolved as a full name (not in the gazetteer)'
    """
    out, pos = [], 0
    has_rule = "rule" in mentions.columns
    for m in mentions.sort_values("start").itertuples(index=False):
        if m.start < pos:
            continue
        out.append(html.escape(text[pos:m.start]))
        colour = TYPE_COLOURS.get(types.get(m.entity_id, ""), "#999999")
        title = mark_title(names.get(m.entity_id, m.entity_id), m.rule if has_rule else None)
        mark = (f'<mark style="background:{colour}22;border-bottom:2px solid {colour};padding:0 1px" '
                f'title="{title}">{html.escape(text[m.start:m.end])}</mark>')
        if link:
            mark = f'<a href="{html.escape(link(m.entity_id), quote=True)}" target="_self" ' \
                   f'style="color:inherit;text-decoration:none">{mark}</a>'
        out.append(mark)
        pos = m.end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n\n", "<br><br>").replace("\n", "<br>")


def render(ctx: Context) -> None:
    st.title("Articles")
    s, arts = ctx.store, ctx.arts
    if arts.empty:
        empty_state("No article matches these filters.")
        return
    st.caption(md(ctx.subtitle()))
    # Newest first; only the rows the table sends are written out (the CSV writes them all when clicked):
    # joining the countries of 40,000 filtered articles was most of a 100k rerun.
    order = np.argsort(-arts["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64), kind="stable")
    cols = ["published", "source", "title", "countries_text", "topic", "topic_confidence"]

    def rows_of(at: np.ndarray) -> pd.DataFrame:
        part = arts.iloc[at]
        return part.assign(countries_text=part["countries"].map(lambda cs: ", ".join(cs)),
                           topic=part["topic_id"].map(s.topic_labels))

    table = rows_of(order[:MAX_ROWS])
    pick = plain_table(table[cols].rename(columns={"countries_text": "countries"}), hide_index=True,
                       width="stretch", height=420, on_select="rerun", selection_mode="single-row", key="art_table",
                       what="articles", total=len(arts),
                       more="narrow the filters, or download the CSV below for all of them",
                       column_config={"published": st.column_config.DatetimeColumn("Published", format="D MMM YYYY"),
                                      "topic_confidence": st.column_config.ProgressColumn("Topic confidence",
                                                                                          min_value=0, max_value=1)})
    st.download_button("Table (CSV)", lambda: csv_bytes(rows_of(order)[["article_id"] + cols + ["url"]]),
                       file_name=f"articles-{ctx.slug()}.csv", mime="text/csv", on_click="ignore", key="articles-csv")
    rows = pick.selection.rows if pick else []
    if not rows:
        st.caption("Select a row to read the article.")
        return
    a = table.iloc[rows[0]]
    st.divider()
    st.subheader(md(a["title"]) or "(untitled)")
    st.caption(md(f"{a['source']} · {a['published']:%d %b %Y}" + (f" · dateline {a['dateline']}" if a["dateline"] else "")))
    if a["url"]:
        link_md = md_link("Original article", a["url"])
        st.markdown(link_md if link_md.startswith("[") else "Source: " + md(a["url"]))
    if s.index is not None:  # by the article's row in the index, not by comparing every mention's id
        ments = s.mentions.iloc[np.flatnonzero(s.index.mention_article == s.index.article_index.get_loc(a["article_id"]))]
    else:
        ments = s.mentions[s.mentions["article_id"] == a["article_id"]]
    types = dict(zip(s.entities["entity_id"], s.entities["type"]))
    query = to_url(ctx.filters)

    def link(eid: str) -> str:
        return "actor?" + urlencode({**query, "focus": eid}, doseq=True)

    body = highlighted(texts(s.path, s.hash, (a["article_id"],)).get(a["article_id"], ""), ments, types,
                       s.entity_names, link)
    st.markdown(f'<div style="max-width:46em;line-height:1.6">{body}</div>', unsafe_allow_html=True)
    actors = ments["entity_id"].value_counts()
    st.markdown("**Actors in this article** (hover a highlighted name to see why it was read as that actor, "
                "click it for the actor's profile, or a button to filter by it)")
    cols = st.columns(4)
    for i, (eid, n) in enumerate(actors.head(16).items()):
        cols[i % 4].button(md(f"{s.entity_names.get(eid, eid)} ({n})"), key=f"art-actor-{eid}", on_click=add_actor,
                           args=(eid,), type="tertiary")


if __name__ == "__main__":
    render(current())
