"""Topic and theme labels: distinctive terms and phrases, without place or name words or wire-table abbreviations."""
from __future__ import annotations

import re
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from components.vocab import NEWS_STOP_WORDS

__all__ = ['LABEL_SKIP']

_TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"


def _top_terms(tfidf, labels: np.ndarray, vocab: np.ndarray, k: int, n: int = 12,
               skip: set[str] | None = None) -> list[list[str]]:
    """Most distinctive terms per cluster: mean weight in the cluster over mean weight overall.

    Terms made only of ``skip`` words (pieces of people's names, which the topic's
    actors already show) are left out.
    """
    skip = skip or set()
    overall = np.asarray(tfidf.mean(axis=0)).ravel() + 1e-9
    out = []
    for c in range(k):
        rows = tfidf[labels == c]
        if rows.shape[0] == 0:
            out.append([])
            continue
        mean = np.asarray(rows.mean(axis=0)).ravel()
        score = mean * np.log1p(mean / overall)
        order = np.argsort(-score)
        terms: list[str] = []
        for i in order:
            t = vocab[i]
            if score[i] <= 0:
                break
            if skip and any(w in skip for w in t.split()):
                continue
            # Skip a unigram already inside a chosen bigram and vice versa.
            if any(t in s.split() or s in t.split() for s in terms):
                continue
            terms.append(t)
            if len(terms) == n:
                break
        out.append(terms)
    return out


# Wire-table abbreviations: they separate earnings tables in the clustering but no desk heads a page with them.
LABEL_SKIP = {"st", "shr", "shrs", "revs", "rev", "qtly", "qtr", "div", "oper", "avg", "dlrs", "dlr", "cts", "mln",
              "bln", "pct", "vs", "net", "inc", "corp", "co", "ltd", "pvs", "prior", "note", "nil", "mths", "mth",
              "wks", "yr", "yrs"}


def _label(terms: list[str], actors: list[str] = (), places: set[str] | frozenset = frozenset()) -> str:
    """A heading from the topic's distinctive terms: phrases first, then single words, three at most; terms
    with words of places or people's names (``places``) or wire-table abbreviations are left out, and so is
    a word already inside a chosen phrase.

    >>> _label(["hokkaido", "missile launch", "minutes", "korea fires", "ballistic", "launch"], places={"hokkaido", "korea"})
    'Missile launch, minutes, ballistic'
    >>> _label(["st", "revs", "shrs", "loss", "profit"])
    'Loss, profit'
    >>> _label(["billion billion", "sales", "mths", "earnings"])
    'Sales, earnings'
    """
    ok = [t for t in terms if len(t) > 2 and len(set(t.split())) == len(t.split())  # not "billion billion"
          and not any(w in places or w in LABEL_SKIP for w in t.split())]
    top = ok[:6]
    chosen = [t for t in top if " " in t][:2]
    for t in ok:
        if len(chosen) >= 3:
            break
        if t not in chosen and not any(t in c.split() or c in t.split() for c in chosen):
            chosen.append(t)
    order = {t: i for i, t in enumerate(terms)}
    phrases = [t for t in chosen if " " in t]
    words = sorted([t for t in chosen if " " not in t], key=order.get)
    label = ", ".join(phrases + words) or "(no distinctive terms)"
    return label[:1].upper() + label[1:]


def _label_tfidf(docs: pd.Series, min_df):
    """The uni+bigram TF-IDF the labels come from (reads better than the clustering's unigrams)."""
    n = len(docs)
    vec = TfidfVectorizer(stop_words=NEWS_STOP_WORDS, ngram_range=(1, 2), min_df=min_df if n > 50 else 1,
                          max_df=0.5 if n > 50 else 1.0, sublinear_tf=True, token_pattern=_TOKEN,
                          max_features=100_000, dtype=np.float32)
    try:
        tfidf = vec.fit_transform(docs)
    except ValueError:
        vec.set_params(stop_words=None, min_df=1, max_df=1.0)
        tfidf = vec.fit_transform(docs)
    return tfidf, vec.get_feature_names_out()


def _place_words(mentions: pd.DataFrame | None) -> set[str]:
    """Lower-cased words of the places, countries and people the articles name ("korea", "hokkaido", "kim"):
    a heading says what happened, the topic's actors say where and who."""
    if mentions is None or mentions.empty or "surface" not in mentions:
        words: set[str] = set()
    else:
        kinds = mentions["entity_id"].astype(str).str.split(":", n=1).str[0]
        names = mentions.loc[kinds.isin({"country", "place", "person", "city", "region"}), "surface"].unique()
        words = {w for name in names for w in re.findall(r"[a-z]+", str(name).lower()) if len(w) > 1}
        words |= {w + "n" for w in words if w.endswith("a")} | {w + "ese" for w in words}  # korea(n), japan(ese)
    return words


def _name_words(mentions: pd.DataFrame | None) -> set[str]:
    """Lower-cased words of people's names as written ("kim", "yo", "jong")."""
    if mentions is None or mentions.empty:
        return set()
    people = mentions.loc[mentions["entity_id"].str.startswith("person:"), "surface"].unique()
    return {w for name in people for w in re.findall(r"[a-z]+", name.lower()) if len(w) > 1}


def _topic_actors(article_ids, mentions: pd.DataFrame | None, names: dict | None) -> list[str]:
    """Actors characteristic of a topic's articles (in 15% of them at least, ranked by share x log lift)."""
    if mentions is None or mentions.empty:
        return []
    inside = mentions[mentions["article_id"].isin(set(article_ids))]
    if inside.empty:
        return []
    n_in = inside.groupby("entity_id")["article_id"].nunique()
    n_all = mentions.groupby("entity_id")["article_id"].nunique()
    total = mentions["article_id"].nunique()
    share = n_in / len(article_ids)
    lift = share / (n_all.reindex(n_in.index) / total)
    # Share x log(lift): an actor most of the topic's articles name, and names more than elsewhere.
    keep = (n_in >= max(2, 0.15 * len(article_ids))) & (lift > 1)
    score = (share * np.log(lift))[keep].sort_values(ascending=False)
    names = names or {}
    out = [names.get(e, e.split(":", 1)[-1]) for e in score.index[:8]]
    return [re.sub(r"\s+", " ", o) for o in out]
