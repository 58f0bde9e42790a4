"""Topic clusters with scikit-learn: TF-IDF -> LSA -> kNN graph -> spectral embedding -> k-means.

:func:`spectral_topic_labels` clusters (method and number of topics chosen by measurement,
see ``bench/README.md``); :func:`assign_topics` gives every article a topic and a
confidence, labels the topics from their distinctive terms and actors, and keeps topic
ids stable against a previous topic table (Hungarian matching on the topics' terms).
A replacement scikit-learn ``Pipeline`` ending in a clusterer can be passed instead.

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
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from components import settings
from components.vocab import NEWS_STOP_WORDS

__all__ = ["NEWS_STOP_WORDS", "spectral_topic_labels", "assign_topics", "TopicResult",
           "match_topics", "TOPIC_COLUMNS"]

TOPIC_COLUMNS = ["topic_id", "label", "terms", "size", "share_low_confidence", "headlines", "actors"]

_TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"


# Wire-table words (shr, net, qtr...) are noise for labels but they do separate earnings tables from
# other stories, so the clustering keeps them (measured on Reuters: NMI 0.536 without, 0.600 with).
WIRE_TABLE_WORDS = {"mln", "bln", "pct", "dlrs", "dlr", "cts", "vs", "shr", "net", "qtr", "avg", "inc", "corp",
                    "co", "ltd"}
CLUSTER_STOP_WORDS = sorted(set(NEWS_STOP_WORDS) - WIRE_TABLE_WORDS)
K_GRID = (4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80)
SPECTRAL_MIN_DOCS = 60


def spectral_topic_labels(docs, *, n_topics: int = 0, max_topics: int = 80, n_components: int = 100,
                          n_neighbors: int = 30, n_eigen: int = 10, min_df=2, max_df: float = 0.5, n_init: int = 10,
                          random_state: int = 42, k_grid=K_GRID):
    """Cluster documents: unigram TF-IDF -> LSA -> cosine kNN graph -> spectral embedding -> k-means.

    Chosen by measurement on the Reuters single-subject subset (``bench/topics_quality.py``):
    k-means straight on LSA splits the big subjects into many pure clusters; the spectral
    embedding of the 30-nearest-neighbour graph keeps them whole (NMI 0.60 vs 0.52).
    ``n_topics=0`` picks k on ``k_grid`` (at most ``max_topics`` and ``n // 15``) by the lowest
    Davies-Bouldin index. ARPACK's SVD makes the result stable across seeds (NMI 0.93+).

    Returns ``(labels, confidence, info)``: confidence is the margin between the nearest and
    second-nearest cluster centre; ``info`` holds ``k``, ``k_scores`` and the ``embedding``.

    >>> docs = ["missile launch icbm", "icbm missile fired", "missile test launch",
    ...         "sanctions trade economy", "economy trade imports", "trade exports economy"]
    >>> labels, conf, info = spectral_topic_labels(docs, n_topics=2, min_df=1)
    >>> sorted([sorted(labels[:3].tolist()), sorted(labels[3:].tolist())]) in ([[0, 0, 0], [1, 1, 1]],)
    True
    """
    import scipy.sparse as sp
    import scipy.sparse.linalg  # noqa: F401  (sp.linalg.ArpackNoConvergence)
    from scipy.sparse.linalg import eigsh
    from sklearn.metrics import davies_bouldin_score
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import normalize

    docs = list(docs)
    n = len(docs)
    if n < 4:
        return np.zeros(n, int), np.ones(n), {"k": 1, "k_scores": None, "embedding": np.zeros((n, 1))}
    vec = TfidfVectorizer(stop_words=CLUSTER_STOP_WORDS, ngram_range=(1, 1), min_df=min_df if n > 50 else 1,
                          max_df=max_df if n > 50 else 1.0, sublinear_tf=True, token_pattern=_TOKEN,
                          dtype=np.float32)
    try:
        tfidf = vec.fit_transform(docs)
    except ValueError:  # every word was a stop word
        vec.set_params(stop_words=None, min_df=1, max_df=1.0)
        tfidf = vec.fit_transform(docs)
    n_comp = max(2, min(n_components, tfidf.shape[1] - 1, n - 2))
    Z = normalize(TruncatedSVD(n_comp, algorithm="arpack", random_state=random_state).fit_transform(tfidf))
    E = Z  # small collections: k-means on the LSA space (a neighbour graph needs more documents)
    if n >= SPECTRAL_MIN_DOCS:
        nn = max(2, min(n_neighbors, n - 1))
        dist, ind = NearestNeighbors(n_neighbors=nn + 1, metric="cosine").fit(Z).kneighbors(Z)
        rows = np.repeat(np.arange(n), nn)
        W = sp.csr_matrix(((1.0 - dist[:, 1:]).clip(1e-6).ravel(), (rows, ind[:, 1:].ravel())), shape=(n, n))
        W = W.maximum(W.T)
        dinv = 1.0 / np.sqrt(np.asarray(W.sum(axis=1)).ravel())
        A = sp.diags(dinv) @ W @ sp.diags(dinv)
        ne = max(1, min(n_eigen, n - 3))
        v0 = np.random.default_rng(random_state).uniform(-1, 1, n)
        try:
            vals, vecs = eigsh(A, k=ne + 1, which="LA", v0=v0)
            E = normalize(vecs[:, np.argsort(-vals)[1:]])  # drop the trivial leading eigenvector
        except sp.linalg.ArpackNoConvergence:
            pass  # keep the LSA space: still a sound clustering, just not the spectral refinement
    if n_topics:
        grid = [max(1, min(n_topics, n))]
    else:
        max_k = min(max_topics, max(2, n // 15))
        grid = sorted({k for k in k_grid if k <= max_k} | {min(max_k, 4)})
    best, scores = None, {}
    for k in grid:
        km = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(E)
        if len(set(km.labels_)) < 2:
            continue
        scores[k] = float(davies_bouldin_score(E, km.labels_))
        if best is None or scores[k] < best[0]:
            best = (scores[k], km)
    km = best[1] if best else KMeans(n_clusters=grid[0], n_init=n_init, random_state=random_state).fit(E)
    sims = E @ normalize(km.cluster_centers_).T
    srt = np.sort(sims, axis=1)
    second = srt[:, -2] if sims.shape[1] > 1 else np.zeros(n)
    conf = np.clip((srt[:, -1] - second) / np.clip(srt[:, -1], 1e-6, None), 0, 1)
    return km.labels_, conf, {"k": int(km.n_clusters), "k_scores": scores if not n_topics else None,
                              "embedding": E}


@dataclass
class TopicResult:
    articles: pd.DataFrame  # article_id, topic_id, topic_confidence, low_confidence, topic_x, topic_y
    topics: pd.DataFrame  # TOPIC_COLUMNS
    pipeline: Pipeline | None = None
    k_scores: dict | None = None


def _doc_text(articles: pd.DataFrame) -> pd.Series:
    # The title says what the story is about; count it twice. The dateline says where it
    # was filed, not what it is about: the body starts after it.
    title = articles["title"].fillna("")
    text = articles["text"].fillna("")
    if "body_start" in articles:
        text = pd.Series([t[int(b):] for t, b in zip(text, articles["body_start"].fillna(0))], index=articles.index)
    body = text.str.slice(0, 6000)
    return (title + ". " + title + ". " + body).str.replace(r"\d+", " ", regex=True)


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
                  pipeline: Pipeline | None = None, max_topics: int = settings.default("max_topics"),
                  min_confidence: float = settings.default("topic_min_confidence")) -> TopicResult:
    """Fit topics on ``articles`` (``article_id``, ``title``, ``text``) and label them.

    Parameters
    ----------
    n_topics : number of topics; 0 or None picks it automatically, up to ``max_topics`` (see
        :func:`spectral_topic_labels`; settings ``n_topics`` and ``max_topics``).
    mentions, entity_names : canonical mentions and ``entity_id -> name``, for each topic's actors.
    previous : the store's previous topic table, so ids stay stable when the store grows.
    names : ``topic_id -> name`` given by the analyst; they replace the automatic label.
    pipeline : a replacement scikit-learn pipeline ending in a clusterer with ``labels_``.
    random_state : seed (None: setting ``random_state``'s default).
    min_confidence : articles whose topic confidence is below it are marked low-confidence
        (setting ``topic_min_confidence``).
    """
    rs = settings.default("random_state") if random_state is None else random_state
    n_topics = settings.default("n_topics") if n_topics is None else n_topics
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
        fit = _fit_spectral(docs, n_topics=n_topics or 0, max_topics=max_topics, min_df=min_df, random_state=rs)
    else:
        fit = _fit_pipeline(pipeline, docs)
    labels, confidence, tfidf, vocab, X, n_topics, k_scores, fitted = fit
    low = confidence < min_confidence

    terms = _top_terms(tfidf, labels, vocab, n_topics, skip=_name_words(mentions))
    id_of = dict(enumerate(match_topics(terms, previous)))
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
        order = members[np.argsort(-confidence[members])]
        actors = _topic_actors(articles["article_id"].to_numpy()[members], mentions, entity_names)
        tid = id_of[c]
        rows.append({"topic_id": tid, "label": (names or {}).get(str(tid)) or _label(terms[c], actors),
                     "terms": terms[c], "size": int(len(members)),
                     "share_low_confidence": float(low[members].mean()),
                     "headlines": [titles[i] for i in order[:5]], "actors": actors[:8]})
    topics = pd.DataFrame(rows, columns=TOPIC_COLUMNS).sort_values("size", ascending=False, kind="stable")
    return TopicResult(arts, topics.reset_index(drop=True), fitted, k_scores)


def _fit_spectral(docs: pd.Series, *, n_topics: int, max_topics: int, min_df, random_state: int) -> tuple:
    """The default model: spectral topic labels, and a uni+bigram TF-IDF for the topics' terms.

    Returns ``(labels, confidence, tfidf, vocab, embedding, k, k_scores, None)``.
    """
    n = len(docs)
    labels, confidence, info = spectral_topic_labels(docs, n_topics=n_topics, max_topics=max_topics, min_df=min_df,
                                                     random_state=random_state)
    # Labels come from a uni+bigram vocabulary, which reads better than the clustering's unigrams.
    vec = TfidfVectorizer(stop_words=NEWS_STOP_WORDS, ngram_range=(1, 2), min_df=min_df if n > 50 else 1,
                          max_df=0.5 if n > 50 else 1.0, sublinear_tf=True, token_pattern=_TOKEN,
                          max_features=100_000, dtype=np.float32)
    try:
        tfidf = vec.fit_transform(docs)
    except ValueError:
        vec.set_params(stop_words=None, min_df=1, max_df=1.0)
        tfidf = vec.fit_transform(docs)
    return (labels, confidence, tfidf, vec.get_feature_names_out(), info["embedding"], info["k"],
            info["k_scores"], None)


def _fit_pipeline(pipeline: Pipeline, docs: pd.Series) -> tuple:
    """A replacement pipeline (vectorizer first, clusterer with ``labels_`` last); confidence is the margin
    of the nearest centre over the second in its embedding. Same return as :func:`_fit_spectral`."""
    fitted = pipeline.fit(docs)
    labels = fitted[-1].labels_
    X = fitted[:-1].transform(docs)
    n_topics = int(labels.max()) + 1
    cents = np.vstack([X[labels == c].mean(axis=0) for c in range(n_topics)])
    centers = cents / np.linalg.norm(cents, axis=1, keepdims=True).clip(1e-9)
    sims = X @ centers.T
    srt = np.sort(sims, axis=1)
    second = srt[:, -2] if sims.shape[1] > 1 else np.zeros(len(docs))
    confidence = np.clip((srt[:, -1] - second) / np.clip(srt[:, -1], 1e-6, None), 0, 1)
    return (labels, confidence, fitted[0].transform(docs), fitted[0].get_feature_names_out(), X, n_topics, None,
            fitted)


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
