"""The view set that goes into a briefing pack, built from the same component functions as the views.

:func:`briefing_items` returns the list :func:`components.present.export.briefing_pack` renders:
headline numbers, the network, the topics, coverage over time (spikes marked), the
countries and the top articles, each with its caption.
"""
from __future__ import annotations

import pandas as pd

from components.analysis import network, timeline
from components.present.charts import bar_figure, coverage_figure, network_figure, topic_sizes_figure
from components.present.theme import caption, colour_for

__all__ = ["briefing_items", "overview_table"]


def overview_table(arts: pd.DataFrame, ments: pd.DataFrame) -> pd.DataFrame:
    """Headline numbers of the filtered coverage, as a two-column table.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "story_id": ["a", "a"], "source": ["X", "Y"],
    ...     "published": pd.to_datetime(["2023-01-01", "2023-02-01"], utc=True), "low_confidence": [False, True]})
    >>> overview_table(arts, pd.DataFrame({"entity_id": ["country:PRK"]}))["value"].tolist()
    ['2', '1', '2', '1', '1 Jan 2023 to 1 Feb 2023', '50%']
    """
    from components.present.theme import date_range_text

    return pd.DataFrame({"measure": ["Articles", "Stories (near-duplicates counted once)", "Outlets", "Actors",
                                     "Dates", "Articles with a low-confidence topic"],
                         "value": [f"{len(arts):,}", f"{arts['story_id'].nunique():,}",
                                   f"{arts['source'].nunique():,}", f"{ments['entity_id'].nunique():,}",
                                   date_range_text(arts["published"].min(), arts["published"].max()),
                                   f"{arts['low_confidence'].mean():.0%}" if len(arts) else "-"]})


def briefing_items(arts: pd.DataFrame, ments: pd.DataFrame, entities: pd.DataFrame, topics: pd.DataFrame, *,
                   all_articles: pd.DataFrame, filters_text: str, foot: str, country_names: dict,
                   freq: str = "W", statements: pd.DataFrame | None = None) -> list[dict]:
    """Items ``{title, figure, table, caption, notes}`` for the filtered coverage."""
    if arts.empty:
        return []
    names = dict(zip(entities["entity_id"], entities["name"]))
    sub = caption(filters_text=filters_text, n_articles=len(arts), n_outlets=arts["source"].nunique(),
                  date_from=arts["published"].min(), date_to=arts["published"].max())
    sources = "Outlets: " + ", ".join(f"{k} ({v})" for k, v in arts["source"].value_counts().head(12).items())
    items = [{"title": "The coverage in numbers", "figure": None, "table": overview_table(arts, ments),
              "caption": sub, "notes": sources}]

    G = network.cooccurrence_graph(ments, entities, types=network.DEFAULT_TYPES)
    fig = network_figure(G, network.layout(G), title="Who is covered together", subtitle=sub, foot=foot)
    items.append({"title": "Who is covered together", "figure": fig, "table": network.centrality_table(G),
                  "caption": sub, "notes": "Ties: normalised PMI over shared articles. " + sources})

    counts = arts.groupby("topic_id").agg(size=("article_id", "size"),
                                          share_low_confidence=("low_confidence", "mean")).reset_index()
    tp = topics.drop(columns=["size", "share_low_confidence"], errors="ignore").merge(counts, on="topic_id")
    items.append({"title": "What the coverage is about", "figure": topic_sizes_figure(tp, subtitle=sub, foot=foot),
                  "table": tp[["topic_id", "label", "size", "share_low_confidence"]], "caption": sub,
                  "notes": sources})

    cov = timeline.coverage(arts, freq=freq, all_articles=all_articles)
    spikes = timeline.explain_spikes(timeline.detect_spikes(cov.set_index("period")["count"]), arts, ments,
                                     freq=freq, names=names)
    title = f"Coverage by {timeline.FREQS[freq]}"
    items.append({"title": title, "figure": coverage_figure(cov, spikes=spikes, title=title, subtitle=sub,
                                                            foot=foot), "table": cov, "caption": sub,
                  "notes": "Spikes: " + "; ".join(f"{r.start:%d %b %Y}: {', '.join(r.actors)} ({r.headline})"
                                                   for r in spikes.itertuples(index=False)) if len(spikes)
                  else "No spike in this period."})

    cc = timeline.country_coverage(arts).head(12)
    cc["name"] = cc["country"].map(lambda c: country_names.get(c, c))
    items.append({"title": "Countries the coverage is about",
                  "figure": bar_figure(cc["name"], cc["count"], title="Countries the coverage is about",
                                       subtitle=sub, foot=foot, colours=[colour_for(f"country:{c}")
                                                                         for c in cc["country"]]),
                  "table": cc, "caption": sub, "notes": sources})

    if statements is not None and len(statements):
        from components.analysis.statements import statement_table

        said = statement_table(statements, arts, names)
        said = said[said["speaker"] != "(unattributed)"].head(24)
        items.append({"title": "Who said what", "figure": None,
                      "table": said[["published", "speaker", "verb", "statement", "source"]].assign(
                          published=said["published"].dt.strftime("%d %b %Y")),
                      "caption": sub, "notes": "Statements attributed by the parse; latest first. " + sources})

    top = arts.sort_values("published", ascending=False).head(24)
    table = pd.DataFrame({"date": top["published"].dt.strftime("%d %b %Y"), "outlet": top["source"],
                          "title": top["title"], "url": top["url"]})
    items.append({"title": "Latest articles", "figure": None, "table": table, "caption": sub, "notes": sources})
    return items
