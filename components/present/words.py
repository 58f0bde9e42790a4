"""The words an analyst reads for the store's column names: one place for every table header and its help.

Views show tables through ``dashboard.widgets.table`` and the briefing pack through
:func:`plain_columns`, so a column name such as ``n_articles`` or ``npmi`` never reaches the screen or a slide.

Examples
--------
>>> header("n_articles"), header("npmi"), header("something_new")
('Articles', 'Association', 'Something new')
>>> plain_columns(pd.DataFrame({"weighted_degree": [3], "name": ["Kim Jong Un"]})).columns.tolist()
['Shared articles with others', 'Name']
"""
from __future__ import annotations

import pandas as pd

__all__ = ["COLUMNS", "header", "help_for", "plain_columns"]

# column -> (header, help or None)
COLUMNS: dict[str, tuple[str, str | None]] = {
    "entity_id": ("Actor id", "The actor's id in this store (used in links and edits)."),
    "article_id": ("Article id", None),
    "name": ("Name", None),
    "type": ("Type", None),
    "country": ("Country", None),
    "country_source": ("Country from", "Where the actor's country comes from: the gazetteer, a place name "
                                       "(GeoNames) or an analyst's edit."),
    "n_articles": ("Articles", "Articles that mention the actor."),
    "articles": ("Articles", None),
    "aliases": ("Also written as", None),
    "published": ("Published", None),
    "date": ("Date", None),
    "source": ("Outlet", None),
    "outlet": ("Outlet", None),
    "title": ("Headline", None),
    "headline": ("Headline", None),
    "url": ("Link", None),
    "speaker": ("Speaker", None),
    "verb": ("Verb", "The verb that introduces the statement (said, warned, called for…)."),
    "kind": ("Quoted or reported", "Quoted: the speaker's own words in quotation marks; reported: paraphrase."),
    "statement": ("Statement", None),
    "said": ("Said", None),
    "about": ("About", "Actors the statement names."),
    "countries": ("Countries", None),
    "countries_text": ("Countries", None),
    "topic": ("Topic", None),
    "topic_id": ("Topic no.", None),
    "label": ("Topic", None),
    "size": ("Articles", None),
    "topic_confidence": ("Topic confidence", "How sure the topic model is that the article belongs to its topic."),
    "low_confidence": ("Unsure topic", "The topic model's confidence is below the store's threshold: the topic "
                                       "is a guess."),
    "share_low_confidence": ("Share with an unsure topic", None),
    "count": ("Articles", None),
    "baseline": ("Usual", "The typical number of articles per period before the spike (median of the "
                          "preceding periods)."),
    "z": ("How unusual", "Standard deviations above the usual number of articles."),
    "actors": ("Actors", None),
    "terms": ("Words", "Words that are more frequent in the spike's headlines than usual."),
    "week": ("Week of", None),
    "start": ("Starting", None),
    "origin": ("File", None),
    "reason": ("Why it was left out", None),
    "weight": ("Shared articles", "Articles that mention both actors."),
    "npmi": ("Association", "How much more often two actors appear together than chance predicts, from -1 "
                            "(never together) through 0 (as often as chance) to 1 (always together). Measured "
                            "across the whole store when a filter is on, so an actor in every filtered article "
                            "keeps its ties."),
    "weighted_degree": ("Shared articles with others", "Sum over the actor's ties of the articles it shares "
                                                       "with each."),
    "betweenness": ("Bridging score", "How often the actor lies on the shortest path between two others "
                                      "(0-1): a bridge between groups."),
    "eigenvector": ("Well-connected score", "High when the actor is tied to actors that are themselves well "
                                            "tied (0-1)."),
    "community": ("Group", "Actors covered together more than with the rest (numbered by size)."),
    "status": ("Change", None),
    "weight_a": ("Shared articles, A", "Articles of period A that mention both."),
    "weight_b": ("Shared articles, B", "Articles of period B that mention both."),
    "change": ("Change in share", "Share of period B's articles carrying the tie minus period A's."),
    "share": ("Share of all coverage", None),
    "total": ("All articles", None),
    "small_n": ("Fewer than 20 articles", None),
    "rolling": ("Rolling mean", None),
    "period": ("Period", None),
    "series": ("Series", None),
    "measure": ("Measure", None),
    "value": ("Value", None),
    "field": ("Field", None),
    "sentence": ("Sentence", None),
    "same_sentence": ("In one sentence", "Both actors are named in the same sentence."),
}


def header(column: str) -> str:
    """The header shown for ``column``: its plain words, else the name with spaces, capitalised."""
    if column in COLUMNS:
        return COLUMNS[column][0]
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def help_for(column: str) -> str | None:
    """The help tooltip of ``column``, if it needs one."""
    return COLUMNS.get(column, (None, None))[1]


def plain_columns(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every column renamed to its plain header (for slides and PDF pages)."""
    return table.rename(columns={c: header(c) for c in table.columns})
