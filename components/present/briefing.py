"""The view set that goes into a briefing pack, built from the same component functions as the views.

:func:`briefing_items` returns the list :func:`components.present.pack.briefing_pack` renders:
headline numbers, the network, the topics, coverage over time (spikes marked), the
countries and the top articles, each with its caption. The network and the spikes are built
with the options the dashboard resolved once (:class:`NetworkOptions`, :class:`SpikeOptions`),
the same the Network and Coverage pages use.
"""
from __future__ import annotations

import pandas as pd

from components import settings
from components.analysis.counts import country_coverage, topic_counts
from components.analysis.coverage import FREQS, coverage
from components.analysis.network import NetworkOptions, centrality_table, cooccurrence_graph
from components.analysis.spikes import SpikeOptions, detect_spikes, explain_spikes
from components.analysis.statements import stance_graph, stance_timeline, strongest_ties
from components.present.charts import (bar_figure, coverage_figure, network_figure, stance_network_figure,
                                       topic_sizes_figure)
from components.present.network_layout import layout
from components.present.theme import STANCE_COLOURS, caption
from components.present.words import plain_columns

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
                   freq: str = "W", statements: pd.DataFrame | None = None,
                   network_options: NetworkOptions = NetworkOptions(), spike_options: SpikeOptions = SpikeOptions(),
                   small_n: int = settings.default("small_n"), focus=(),
                   all_mentions: pd.DataFrame | None = None) -> list[dict]:
    """Items ``{title, figure, table, caption, notes}`` for the filtered coverage.

    ``focus`` (the filtered actors, :func:`components.analysis.network.focus_ids`) and ``all_mentions``
    (the whole store's) make the pack the view: the network centres the filtered actors and measures
    association across the store as the Network page does, and "Who said what" quotes the filtered
    actors. Columns with no value in any row are left out of every table.
    """
    if arts.empty:
        return []
    names = dict(zip(entities["entity_id"], entities["name"]))
    sub = caption(filters_text=filters_text, n_articles=len(arts), n_outlets=arts["source"].nunique(),
                  date_from=arts["published"].min(), date_to=arts["published"].max())
    sources = "Outlets: " + ", ".join(f"{k} ({v})" for k, v in arts["source"].value_counts().head(12).items())
    items = [{"title": "The coverage in numbers", "figure": None, "table": overview_table(arts, ments),
              "caption": sub, "notes": sources},
             _network_item(ments, entities, network_options, sub=sub, foot=foot, sources=sources, focus=focus,
                           background=all_mentions if all_mentions is not None and len(ments) < len(all_mentions)
                           else None),
             _topics_item(arts, topics, sub=sub, foot=foot, sources=sources),
             _coverage_item(arts, ments, all_articles, freq=freq, names=names, spike_options=spike_options,
                            small_n=small_n, sub=sub, foot=foot),
             _countries_item(arts, country_names, sub=sub, foot=foot, sources=sources)]
    if statements is not None and len(statements):
        items.append(_statements_item(statements, arts, names, sub=sub, sources=sources, focus=focus))
        stances = _stances_item(statements, arts, names, dict(zip(entities["entity_id"], entities["type"])),
                                sub=sub, foot=foot, sources=sources, focus=focus)
        items += [stances] if stances else []
        timeline = _stance_timeline_item(statements, arts, names, focus=focus, small_n=small_n, sub=sub, foot=foot,
                                         sources=sources)
        items += [timeline] if timeline else []
    top = arts.sort_values("published", ascending=False).head(24)
    table = pd.DataFrame({"date": top["published"].dt.strftime("%d %b %Y"), "outlet": top["source"],
                          "title": top["title"], "url": top["url"]})
    items.append({"title": "Latest articles", "figure": None, "table": table, "caption": sub, "notes": sources})
    return [{**it, "table": plain_columns(_without_empty(it["table"]))} if it.get("table") is not None else it
            for it in items]


def _without_empty(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` without the columns that hold nothing (no value, or blank text) in any row.

    >>> _without_empty(pd.DataFrame({"a": [1], "url": [""], "b": [None]})).columns.tolist()
    ['a']
    """
    if table.empty:
        return table
    blank = [c for c in table.columns
             if table[c].map(lambda v: v is None or (isinstance(v, float) and v != v) or str(v).strip() == "").all()]
    return table.drop(columns=blank)


def _network_item(ments, entities, options: NetworkOptions, *, sub: str, foot: str, sources: str, focus=(),
                  background=None) -> dict:
    G = cooccurrence_graph(ments, entities, **options.graph_kwargs(), focus=focus, background=background)
    fig = network_figure(G, layout(G, random_state=options.random_state), title="Who is covered together",
                         subtitle=sub, foot=foot)
    ties = ("association (how much more often two actors appear together than chance), measured across the "
            "whole store" if options.score == "npmi" else "shared articles")
    table = centrality_table(G).drop(columns=["entity_id"])
    return {"title": "Who is covered together", "figure": fig, "table": table,
            "caption": sub, "notes": f"Ties: {ties}. Ringed: the filtered actors. " + sources}


def _topics_item(arts, topics, *, sub: str, foot: str, sources: str) -> dict:
    tp = topics.drop(columns=["size", "share_low_confidence"], errors="ignore").merge(topic_counts(arts),
                                                                                      on="topic_id")
    return {"title": "What the coverage is about", "figure": topic_sizes_figure(tp, subtitle=sub, foot=foot),
            "table": tp[["topic_id", "label", "size", "share_low_confidence"]], "caption": sub, "notes": sources}


def _coverage_item(arts, ments, all_articles, *, freq: str, names: dict, spike_options: SpikeOptions,
                   small_n: int, sub: str, foot: str) -> dict:
    cov = coverage(arts, freq=freq, all_articles=all_articles, small_n=small_n)
    found = detect_spikes(cov.set_index("period")["count"], threshold=spike_options.threshold,
                          baseline=spike_options.baseline)
    spikes = explain_spikes(found, arts, ments, freq=freq, names=names, baseline=spike_options.baseline)
    title = f"Coverage by {FREQS[freq]}"
    notes = ("Spikes: " + "; ".join(f"{r.start:%d %b %Y}: {', '.join(r.actors)} ({r.headline})"
                                    for r in spikes.itertuples(index=False)) if len(spikes)
             else "No spike in this period.")
    return {"title": title, "figure": coverage_figure(cov, spikes=spikes, title=title, subtitle=sub, foot=foot),
            "table": cov, "caption": sub, "notes": notes}


def _countries_item(arts, country_names: dict, *, sub: str, foot: str, sources: str) -> dict:
    cc = country_coverage(arts).head(12)
    cc["name"] = cc["country"].map(lambda c: country_names.get(c, c))
    title = "Countries the coverage is about"
    fig = bar_figure(cc["name"], cc["count"], title=title, subtitle=sub, foot=foot)
    return {"title": title, "figure": fig, "table": cc, "caption": sub, "notes": sources}


def _stances_item(statements, arts, names: dict, types: dict, *, sub: str, foot: str, sources: str,
                  focus=(), max_ties: int = 40) -> dict | None:
    """The signed network of the filtered articles' statements, as the Network page's "How they speak of each
    other" draws it (its ``max_ties`` strongest ties); None when no statement names another actor."""
    if "stance" not in statements:
        return None
    G = strongest_ties(stance_graph(statements[statements["article_id"].isin(set(arts["article_id"]))], names,
                                    types, focus=tuple(focus)), max_ties)
    if G.number_of_edges() == 0:
        return None
    table = pd.DataFrame([{"actor": G.nodes[u]["name"], "with": G.nodes[v]["name"], "statements": d["weight"],
                           "hostile": d["hostile"], "cooperative": d["cooperative"], "neutral": d["neutral"]}
                          for u, v, d in G.edges(data=True)]).sort_values("statements", ascending=False, kind="stable")
    return {"title": "How actors speak of each other",
            "figure": stance_network_figure(G, layout(G), subtitle=sub, foot=foot, max_ties=max_ties),
            "table": table, "caption": sub,
            "notes": "Ties from the statements: a speaker and an actor its statement names; red dashed mostly "
                     "hostile, blue mostly cooperative, grey dotted neutral or mixed (stance from the reporting "
                     "verb and the statement's words). " + sources}


def _stance_timeline_item(statements, arts, names: dict, *, focus, small_n: int, sub: str, foot: str,
                          sources: str) -> dict | None:
    """How the filtered actors speak and are spoken of, by week: the share of hostile and of cooperative
    statements among those they make or that name them, as the Statements view's pair timeline draws it;
    None with no filtered actor or no such statement.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-02", "2024-01-10"],
    ...                      utc=True), "source": ["X", "Y"]})
    >>> st = pd.DataFrame({"article_id": ["a", "b", "b"], "speaker_id": ["p:k", "p:y", "p:y"],
    ...                    "targets": [["p:y"], ["p:k"], []], "stance": ["hostile", "cooperative", "neutral"]})
    >>> it = _stance_timeline_item(st, arts, {"p:k": "Kim"}, focus=("p:k",), small_n=1, sub="", foot="",
    ...                            sources="")
    >>> it["title"], sorted(set(it["table"]["series"]))
    ('How Kim speaks and is spoken of, by week', ['cooperative', 'hostile'])
    """
    focus = set(focus)
    if not focus or "stance" not in statements:
        return None
    mine = statements[statements["article_id"].isin(set(arts["article_id"]))]
    named = mine["targets"].map(lambda t: bool(focus & set(list(t) if t is not None else [])))
    mine = mine[mine["speaker_id"].isin(focus) | named]
    if mine.empty:
        return None
    who = " and ".join(names.get(e, e) for e in sorted(focus))
    verb = "speaks and is spoken of" if len(focus) == 1 else "speak and are spoken of"
    # Weeks over half a year; months beyond, where most weeks hold a statement or two and a share is noise.
    span = arts["published"].max() - arts["published"].min()
    freq = "W" if span <= pd.Timedelta(days=183) else "M"
    title = f"How {who} {verb}, by {FREQS[freq]}"
    tl = stance_timeline(mine, arts, freq=freq, small_n=small_n)
    fig = coverage_figure(tl, measure="share", title=title, subtitle=f"{len(mine):,} statements · " + sub,
                          foot=foot, unit="statements", colours=STANCE_COLOURS,
                          ylabel=f"Share of the {FREQS[freq]}'s statements")
    return {"title": title, "figure": fig, "table": tl, "caption": sub,
            "notes": f"Each {FREQS[freq]}'s share of hostile and of cooperative statements among those the filtered actors "
                     "make or that name them (stance from the reporting verb and the statement's words; the "
                     "rest are neutral). " + sources}


def _statements_item(statements, arts, names: dict, *, sub: str, sources: str, focus=()) -> dict:
    """The filtered actors' statements (else those of the most quoted speakers), each as the whole sentence
    that carries it, with its speaker; latest first."""
    st = statements[statements["article_id"].isin(set(arts["article_id"])) & statements["speaker_id"].notna()
                    & (statements["speaker_id"].fillna("") != "")]
    own = st[st["speaker_id"].isin(set(focus))]
    if len(own):
        st, whose = own, "Statements by the filtered actors"
    else:
        top = st["speaker_id"].value_counts().head(6).index
        st, whose = st[st["speaker_id"].isin(set(top))], "Statements by the most quoted speakers"
    published = st["article_id"].map(arts.set_index("article_id")["published"])
    source = st["article_id"].map(arts.set_index("article_id")["source"])
    sentence = st["sentence"] if "sentence" in st.columns else st["text"]
    said = pd.DataFrame({"published": published, "speaker": st["speaker_id"].map(lambda s: names.get(s, s)),
                         "said": sentence.fillna(st["text"]).map(lambda t: " ".join(str(t).split())),
                         "source": source}).sort_values("published", ascending=False, kind="stable").head(24)
    return {"title": "Who said what", "figure": None,
            "table": said.assign(published=said["published"].dt.strftime("%d %b %Y"))
            .rename(columns={"published": "date", "source": "outlet"}),
            "caption": sub, "notes": f"{whose}, as attributed by the parse; latest first. " + sources}
