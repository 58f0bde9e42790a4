"""Topic clusters with scikit-learn: TF-IDF -> LSA -> k-means, k chosen by measurement.

The model is an ordinary scikit-learn ``Pipeline`` (:func:`make_topic_pipeline`);
:func:`assign_topics` fits it, picks the number of topics when ``n_topics=0``,
gives every article a topic and a confidence, labels the topics, and keeps topic ids
stable against a previous topic table (Hungarian matching on the topics' terms).

Examples
--------
>>> docs = ["missile launch icbm test fired", "icbm missile fired sea launch",
...         "sanctions trade economy exports", "economy trade sanctions imports",
...         "missile test launch ballistic", "trade exports economy growth"]
>>> arts = pd.DataFrame({"article_id": list("abcdef"), "title": docs, "text": docs})
>>> res = assign_topics(arts, n_topics=2, min_df=1)
>>> sorted(res.articles.groupby("topic_id").size().tolist())
[3, 3]
>>> len(res.topics)
2
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import Normalizer

from components import settings

__all__ = ["NEWS_STOP_WORDS", "make_topic_pipeline", "assign_topics", "TopicResult", "choose_k",
           "match_topics", "TOPIC_COLUMNS"]

TOPIC_COLUMNS = ["topic_id", "label", "terms", "size", "share_low_confidence", "headlines", "actors"]

# Wire boilerplate, reporting verbs and calendar words carry no topic.
NEWS_STOP_WORDS = sorted(ENGLISH_STOP_WORDS | {
    "said", "says", "say", "told", "according", "reported", "report", "reports", "reuters", "kcna", "ap", "afp",
    "mln", "bln", "pct", "dlrs", "dlr", "cts", "vs", "shr", "net", "qtr", "avg", "inc", "corp", "co", "ltd",
    "year", "years", "week", "weeks", "month", "months", "day", "days", "today", "yesterday", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "also", "would", "could", "new", "one", "two", "three", "first", "last", "just",
    "like", "including", "time", "people", "called", "added", "made", "make", "use", "used", "percent",
    "state", "media", "statement", "officials", "official", "news", "agency", "week", "earlier", "later",
    "dispatch", "wire", "service", "ledger", "published",
})
_TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"


@dataclass
class TopicResult:
    articles: pd.DataFrame  # article_id, topic_id, topic_confidence, low_confidence, topic_x, topic_y
    topics: pd.DataFrame  # TOPIC_COLUMNS
    pipeline: Pipeline | None = None
    k_scores: dict | None = None


def make_topic_pipeline(n_topics: int = 20, *, n_components: int = 150, min_df: int | float = 2,
                        max_df: float = 0.5, random_state: int | None = None) -> Pipeline:
    """TF-IDF (news stop words, uni+bigrams, sublinear tf) -> LSA -> unit length -> k-means."""
    rs = settings.get("random_state") if random_state is None else random_state
    return make_pipeline(
        TfidfVectorizer(stop_words=NEWS_STOP_WORDS, ngram_range=(1, 2), min_df=min_df, max_df=max_df,
                        sublinear_tf=True, token_pattern=_TOKEN, max_features=100_000, dtype=np.float32),
        TruncatedSVD(n_components=n_components, random_state=rs),
        Normalizer(copy=False),
        KMeans(n_clusters=n_topics, n_init=4, random_state=rs),
    )


def _doc_text(articles: pd.DataFrame) -> pd.Series:
    # The title says what the story is about; count it twice. The dateline says where it
    # was filed, not what it is about: the body starts after it.
    title = articles["title"].fillna("")
    text = articles["text"].fillna("")
    if "body_start" in articles:
        text = pd.Series([t[int(b):] for t, b in zip(text, articles["body_start"].fillna(0))], index=articles.index)
    body = text.str.slice(0, 6000)
    return (title + ". " + title + ". " + body).str.replace(r"\d+", " ", regex=True)


def choose_k(X: np.ndarray, candidates, *, random_state: int, sample: int = 3000) -> tuple[int, dict]:
    """Pick the number of clusters with the best cosine silhouette on a seeded sample.

    The silhouette favours very small k on news, so scores are compared after a
    mild size correction (+0.002 per cluster) that was measured on Reuters to land
    near the labelled number of subjects.
    """
    rng = np.random.default_rng(random_state)
    idx = rng.choice(len(X), size=min(sample, len(X)), replace=False)
    scores = {}
    for k in candidates:
        if k >= len(idx):
            continue
        km = KMeans(n_clusters=k, n_init=2, random_state=random_state).fit(X[idx])
        if len(set(km.labels_)) < 2:
            continue
        scores[k] = float(silhouette_score(X[idx], km.labels_, metric="cosine")) + 0.002 * k
    if not scores:
        return max(2, min(candidates)), scores
    return max(scores, key=scores.get), scores


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


def match_topics(new_terms: list[list[str]], old: pd.DataFrame | None) -> list[int]:
    """Ids for new topics: the old id of the best-matching old topic (Jaccard of terms >= 0.2), else new ids.

    >>> old = pd.DataFrame({"topic_id": [7, 9], "terms": [["a", "b", "c"], ["x", "y", "z"]]})
    >>> match_topics([["x", "y", "q"], ["m", "n", "o"], ["a", "b", "d"]], old)
    [9, 10, 7]
    """
    n = len(new_terms)
    if old is None or old.empty:
        return list(range(n))
    from scipy.optimize import linear_sum_assignment

    old_terms = [set(t) for t in old["terms"]]
    sim = np.array([[len(set(a) & b) / max(1, len(set(a) | b)) for b in old_terms] for a in new_terms])
    rows, cols = linear_sum_assignment(-sim)
    ids = [-1] * n
    for r, c in zip(rows, cols):
        if sim[r, c] >= 0.2:
            ids[r] = int(old["topic_id"].iloc[c])
    nxt = int(old["topic_id"].max()) + 1
    for i in range(n):
        if ids[i] < 0:
            ids[i] = nxt
            nxt += 1
    return ids


def _label(terms: list[str], actors: list[str]) -> str:
    """``"Satellite, rocket, launch · Malligyong"``: three distinctive terms and the most characteristic actor."""
    label = ", ".join(terms[:3]) or "(no distinctive terms)"
    label = label[:1].upper() + label[1:]
    if actors:
        label += f" · {actors[0]}"
    return label


def assign_topics(articles: pd.DataFrame, *, n_topics: int | None = None, mentions: pd.DataFrame | None = None,
                  entity_names: dict | None = None, previous: pd.DataFrame | None = None,
                  names: dict | None = None, min_df: int | float = 2, random_state: int | None = None,
                  pipeline: Pipeline | None = None) -> TopicResult:
    """Fit topics on ``articles`` (``article_id``, ``title``, ``text``) and label them.

    Parameters
    ----------
    n_topics : number of topics; 0 or None picks it with :func:`choose_k` (setting ``n_topics``).
    mentions, entity_names : canonical mentions and ``entity_id -> name``, for each topic's actors.
    previous : the store's previous topic table, so ids stay stable when the store grows.
    names : ``topic_id -> name`` given by the analyst; they replace the automatic label.
    pipeline : a replacement scikit-learn pipeline ending in a clusterer with ``labels_``.
    """
    rs = settings.get("random_state") if random_state is None else random_state
    n_topics = settings.get("n_topics") if n_topics is None else n_topics
    n = len(articles)
    empty = pd.DataFrame(columns=TOPIC_COLUMNS)
    if n == 0:
        return TopicResult(articles.assign(topic_id=pd.Series(dtype="int64")), empty)
    if n < 4:
        arts = articles[["article_id"]].assign(topic_id=0, topic_confidence=1.0, low_confidence=False,
                                               topic_x=0.0, topic_y=0.0)
        topics = pd.DataFrame([{"topic_id": 0, "label": "All articles", "terms": [], "size": n,
                                "share_low_confidence": 0.0, "headlines": articles["title"].tolist()[:5],
                                "actors": []}])
        return TopicResult(arts, topics)
    docs = _doc_text(articles)
    if pipeline is None:
        vec = TfidfVectorizer(stop_words=NEWS_STOP_WORDS, ngram_range=(1, 2), min_df=min_df if n > 50 else 1,
                              max_df=0.5 if n > 50 else 1.0, sublinear_tf=True, token_pattern=_TOKEN,
                              max_features=100_000, dtype=np.float32)
        try:
            tfidf = vec.fit_transform(docs)
        except ValueError:  # every word was a stop word
            vec.set_params(stop_words=None, min_df=1, max_df=1.0)
            tfidf = vec.fit_transform(docs)
        n_comp = max(2, min(150, tfidf.shape[1] - 1, n - 1))
        svd = TruncatedSVD(n_components=n_comp, random_state=rs)
        X = Normalizer(copy=False).fit_transform(svd.fit_transform(tfidf))
        k_scores = None
        if not n_topics:
            max_k = min(settings.get("max_topics"), max(2, n // 15))
            grid = sorted({k for k in [4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80] if k <= max_k} | {min(max_k, 4)})
            n_topics, k_scores = choose_k(X, grid, random_state=rs)
        n_topics = max(1, min(n_topics, n))
        km = KMeans(n_clusters=n_topics, n_init=4, random_state=rs).fit(X)
        labels = km.labels_
        centers = km.cluster_centers_ / np.linalg.norm(km.cluster_centers_, axis=1, keepdims=True).clip(1e-9)
        sims = X @ centers.T
        vocab = vec.get_feature_names_out()
        fitted = make_pipeline(vec, svd, Normalizer(copy=False), km)
    else:
        fitted = pipeline.fit(docs)
        labels = fitted[-1].labels_
        tfidf = fitted[0].transform(docs)
        vocab = fitted[0].get_feature_names_out()
        X = fitted[:-1].transform(docs)
        n_topics = int(labels.max()) + 1
        cents = np.vstack([X[labels == c].mean(axis=0) for c in range(n_topics)])
        centers = cents / np.linalg.norm(cents, axis=1, keepdims=True).clip(1e-9)
        sims = X @ centers.T
        k_scores = None
    srt = np.sort(sims, axis=1)
    best = srt[:, -1]
    second = srt[:, -2] if sims.shape[1] > 1 else np.zeros(n)
    confidence = np.clip((best - second) / np.clip(best, 1e-6, None), 0, 1)
    low = confidence < settings.get("topic_min_confidence")

    terms = _top_terms(tfidf, labels, vocab, n_topics, skip=_name_words(mentions))
    ids = match_topics(terms, previous)
    id_of = dict(enumerate(ids))
    topic_id = np.array([id_of[c] for c in labels])

    # 2-D map: the first two LSA axes of the unit vectors, centred (cheap, deterministic).
    coords = _map_coords(X, rs)
    arts = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "topic_id": topic_id,
                         "topic_confidence": confidence.round(3), "low_confidence": low,
                         "topic_x": coords[:, 0], "topic_y": coords[:, 1]})
    rows = []
    titles = articles["title"].fillna("").to_numpy()
    for c in range(n_topics):
        members = np.flatnonzero(labels == c)
        if len(members) == 0:
            continue
        order = members[np.argsort(-sims[members, c])]
        actors = _topic_actors(articles["article_id"].to_numpy()[members], mentions, entity_names)
        tid = id_of[c]
        rows.append({"topic_id": tid, "label": (names or {}).get(str(tid)) or _label(terms[c], actors),
                     "terms": terms[c], "size": int(len(members)),
                     "share_low_confidence": float(low[members].mean()),
                     "headlines": [titles[i] for i in order[:5]], "actors": actors[:8]})
    topics = pd.DataFrame(rows, columns=TOPIC_COLUMNS).sort_values("size", ascending=False, kind="stable")
    return TopicResult(arts, topics.reset_index(drop=True), fitted, k_scores)


def _name_words(mentions: pd.DataFrame | None) -> set[str]:
    """Lower-cased words of people's names as written ("kim", "yo", "jong")."""
    if mentions is None or mentions.empty:
        return set()
    people = mentions.loc[mentions["entity_id"].str.startswith("person:"), "surface"].unique()
    return {w for name in people for w in re.findall(r"[a-z]+", name.lower()) if len(w) > 1}


def _map_coords(X: np.ndarray, rs: int) -> np.ndarray:
    from sklearn.decomposition import PCA

    if X.shape[1] < 2 or len(X) < 3:
        return np.zeros((len(X), 2))
    return PCA(n_components=2, random_state=rs).fit_transform(X).round(4)


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
