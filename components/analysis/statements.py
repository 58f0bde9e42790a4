"""Tables and figures of who said what: pure functions over the statements table.

Examples
--------
>>> st = pd.DataFrame({"article_id": ["a", "a", "b"], "speaker_id": ["person:k", "", "person:k"],
...     "verb": ["warn", "say", "say"], "kind": ["reported", "direct", "reported"], "text": ["x", "y", "z"],
...     "targets": [["country:USA"], [], []]})
>>> statements_by_speaker(st, {"person:k": "Kim"}).values.tolist()
[['person:k', 'Kim', 2]]
>>> about(st, "country:USA")["text"].tolist()
['x']
"""
from __future__ import annotations

import pandas as pd

from components import settings
from components.analysis.coverage import coverage

__all__ = ["statements_by_speaker", "about", "statement_table", "stance_timeline"]


def statements_by_speaker(statements: pd.DataFrame, names: dict, top: int = 15) -> pd.DataFrame:
    """Statements per attributed speaker (``speaker_id, name, statements``), most first."""
    known = statements[statements["speaker_id"].fillna("") != ""]
    counts = known["speaker_id"].value_counts().head(top)
    return pd.DataFrame({"speaker_id": counts.index, "name": [names.get(e, e) for e in counts.index],
                         "statements": counts.to_numpy()})


def about(statements: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Statements whose text mentions ``entity_id``."""
    mask = statements["targets"].map(lambda t: entity_id in (list(t) if t is not None else []))
    return statements[mask]


def statement_table(statements: pd.DataFrame, articles: pd.DataFrame, names: dict) -> pd.DataFrame:
    """One readable row per statement: date, outlet, speaker, verb, statement, about whom, its stance toward
    them and the words that decided it (empty in stores built before stances), title, url."""
    arts = articles.set_index("article_id")
    st = statements[statements["article_id"].isin(arts.index)]
    blank = pd.Series("", index=st.index)
    return pd.DataFrame({
        "published": st["article_id"].map(arts["published"]),
        "source": st["article_id"].map(arts["source"]),
        "speaker": [names.get(s, s) if s else "(unattributed)" for s in st["speaker_id"].fillna("")],
        "verb": st["verb"], "kind": st["kind"], "statement": st["text"],
        "about": [", ".join(names.get(t, t) for t in (list(x) if x is not None else [])) for x in st["targets"]],
        "stance": st["stance"] if "stance" in st else blank, "cue": st["cue"] if "cue" in st else blank,
        "title": st["article_id"].map(arts["title"]), "url": st["article_id"].map(arts["url"]),
        "article_id": st["article_id"],
    }).sort_values("published", ascending=False, kind="stable").reset_index(drop=True)


def stance_timeline(statements: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "W",
                    small_n: int = settings.default("small_n")) -> pd.DataFrame:
    """How the speakers in ``statements`` speak of their targets over time: per period, the number and
    share of hostile and of cooperative statements among all of them (``coverage`` columns, one series
    per stance; ``total`` is the period's statements, ``small_n`` flags thin periods). Each statement is
    dated by its article.

    >>> st = pd.DataFrame({"article_id": ["a", "a", "b"], "stance": ["hostile", "neutral", "cooperative"]})
    >>> days = pd.to_datetime(["2024-01-02", "2024-01-10"], utc=True)
    >>> t = stance_timeline(st, pd.DataFrame({"article_id": ["a", "b"], "published": days}), small_n=1)
    >>> t[["series", "count", "share"]].values.tolist()
    [['cooperative', 0, 0.0], ['cooperative', 1, 1.0], ['hostile', 1, 0.5], ['hostile', 0, 0.0]]
    """
    if statements.empty or "stance" not in statements:
        return coverage(pd.DataFrame(columns=["article_id", "published"]), freq=freq)
    dated = pd.DataFrame({"article_id": range(len(statements)),
                          "published": statements["article_id"].map(articles.set_index("article_id")["published"])
                          .to_numpy()})
    by = pd.Series(statements["stance"].to_numpy(), index=dated.index)
    cov = coverage(dated, freq=freq, by=by, all_articles=dated, unique_ids=True, small_n=small_n)
    return cov[cov["series"].isin(["hostile", "cooperative"])].reset_index(drop=True)
