"""Topic clusters with scikit-learn: TF-IDF -> LSA -> kNN graph -> spectral embedding -> k-means.

:func:`spectral_topic_labels` clusters (method and number of topics chosen by measurement,
see ``bench/README.md``); :func:`assign_topics` gives every article a topic, the coarser
theme the topic nests in, and a confidence, labels topics and themes from their distinctive
phrases, and returns the fitted :class:`TopicModel`. :func:`update_topics` places new
articles in a stored model without refitting (old articles keep topic and label; enough
articles that fit no topic make new ones); :func:`topics_for_store` chooses between the two
(refit on request or when the drift passes a threshold, matching new topics to old ones by
the articles they share, so ids and names carry over).
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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from components import settings
from components.vocab import NEWS_STOP_WORDS
from components.build.topic_labels import _TOKEN, _label, _label_tfidf, _name_words, _place_words, _top_terms, _topic_actors
from components.build.topic_matching import match_by_members, match_topics
from components.build.spectral import _centroids, _map_coords, _margin, spectral_topic_labels

__all__ = ["NEWS_STOP_WORDS", "spectral_topic_labels", "assign_topics", "update_topics", "topics_for_store", "report_line",
           "TopicResult", "TopicModel", "match_topics", "match_by_members", "TOPIC_COLUMNS", "THEME_COLUMNS"]

TOPIC_COLUMNS = ["topic_id", "label", "terms", "size", "share_low_confidence", "headlines", "actors", "theme_id"]


THEME_COLUMNS = ["theme_id", "label", "terms", "size", "topics"]
THEME_GRID = (3, 4, 5, 6, 7, 8, 10, 12, 15)
FIT_QUANTILE = 0.05  # an article fits a topic when it is as close to it as 95% of the fitted articles are to theirs


@dataclass
class TopicResult:
    articles: pd.DataFrame  # article_id, topic_id, theme_id, topic_confidence, low_confidence, topic_x, topic_y
    topics: pd.DataFrame  # TOPIC_COLUMNS
    pipeline: Pipeline | None = None
    k_scores: dict | None = None
    themes: pd.DataFrame | None = None  # THEME_COLUMNS
    model: "TopicModel | None" = None  # what places new articles; stored as topic_model.npz
    report: dict = field(default_factory=dict)  # mode, reason, placed, joined, born_topics, born_articles, drift


@dataclass
class TopicModel:
    """The fitted space and topic centres that place a new article without refitting.

    ``vocabulary``/``idf``: the clustering's unigram TF-IDF; ``components``: its LSA axes;
    ``centroids``: one unit vector per ``topic_ids`` entry in that space, ``theme_of`` its theme;
    ``map_mean``/``map_axes``: the 2-D topic map; ``fit_threshold``: the cosine below which an
    article fits no topic; ``n_fit``: articles of the last full fit; ``n_misfit``: articles placed
    since then that fitted no topic (the drift's numerator).
    """
    vocabulary: np.ndarray
    idf: np.ndarray
    components: np.ndarray
    topic_ids: np.ndarray
    centroids: np.ndarray
    theme_of: np.ndarray
    map_mean: np.ndarray
    map_axes: np.ndarray
    fit_threshold: float
    n_fit: int
    n_misfit: int = 0

    def project(self, docs, *, raw: bool = False) -> np.ndarray:
        """Unit vectors of ``docs`` (texts as :func:`_doc_text` makes them) in the model's LSA space.

        ``raw=True`` leaves them at the length the LSA axes capture of the unit TF-IDF vector, times the
        share of the document's words the vocabulary knows: a text about what the model never saw is short.
        """
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        docs = list(docs)
        vocab = {t: i for i, t in enumerate(self.vocabulary.tolist())}
        X = CountVectorizer(vocabulary=vocab, token_pattern=_TOKEN, dtype=np.float32).transform(docs).tocsr()
        known = np.asarray(X.sum(axis=1)).ravel()
        X.data = 1.0 + np.log(X.data)  # sublinear tf, as the fit's TfidfVectorizer
        X = normalize(X @ sp.diags(self.idf.astype(np.float32)))
        Z = np.asarray(X @ self.components.T)
        if not raw:
            return normalize(Z)
        words = np.array([len(re.findall(_TOKEN, d)) for d in docs], dtype=float)
        return Z * np.sqrt(np.clip(known / np.maximum(words, 1), 0, 1))[:, None]

    def coords(self, Z: np.ndarray) -> np.ndarray:
        return ((Z - self.map_mean) @ self.map_axes.T).round(4)

    def theme_centroids(self) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.preprocessing import normalize

        themes = np.unique(self.theme_of)
        return themes, normalize(np.vstack([self.centroids[self.theme_of == t].mean(axis=0) for t in themes]))

    def to_arrays(self) -> dict:
        return {"vocabulary": self.vocabulary.astype(str), "idf": self.idf, "components": self.components,
                "topic_ids": self.topic_ids.astype(np.int64), "centroids": self.centroids.astype(np.float32),
                "theme_of": self.theme_of.astype(np.int64), "map_mean": self.map_mean, "map_axes": self.map_axes,
                "fit_threshold": np.float64(self.fit_threshold), "n_fit": np.int64(self.n_fit),
                "n_misfit": np.int64(self.n_misfit)}

    @classmethod
    def from_arrays(cls, arrays: dict | None) -> "TopicModel | None":
        if not arrays or not {"vocabulary", "centroids", "topic_ids"} <= set(arrays):
            return None
        return cls(arrays["vocabulary"], arrays["idf"], arrays["components"], arrays["topic_ids"],
                   arrays["centroids"], arrays["theme_of"], arrays["map_mean"], arrays["map_axes"],
                   float(arrays["fit_threshold"]), int(arrays["n_fit"]), int(arrays["n_misfit"]))


def _doc_text(articles: pd.DataFrame) -> pd.Series:
    # The title says what the story is about; count it twice. The dateline says where it
    # was filed, not what it is about: the body starts after it.
    title = articles["title"].fillna("")
    text = articles["text"].fillna("")
    if "body_start" in articles:
        text = pd.Series([t[int(b):] for t, b in zip(text, articles["body_start"].fillna(0))], index=articles.index)
    body = text.str.slice(0, 6000)
    return (title + ". " + title + ". " + body).str.replace(r"\d+", " ", regex=True)


def _themes(E: np.ndarray, labels: np.ndarray, k: int, *, n_themes: int, random_state: int,
            grid=THEME_GRID) -> np.ndarray:
    """Theme index of each of the ``k`` topics: Ward linkage of the topics' mean embeddings, cut at the number
    of themes (``n_themes``, or when 0 the lowest Davies-Bouldin index of the articles' themes on ``grid``, at
    most half as many themes as topics). Deterministic given the topics, so themes are as stable as topics
    (Reuters sample of 1,000: NMI 0.468 and stability 0.992, where k-means of the articles gave 0.428 and 0.839).
    ``random_state`` is unused (kept for a stochastic replacement)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import davies_bouldin_score

    if k <= 3 or len(E) < 8:
        return np.arange(k)
    E = np.asarray(E)
    cents = np.vstack([E[labels == c].mean(axis=0) if (labels == c).any() else np.zeros(E.shape[1])
                       for c in range(k)])
    tree = linkage(cents, "ward")
    cands = [n_themes] if n_themes else [g for g in grid if g <= k // 2] or [min(3, k - 1)]
    best = None
    for t in cands:
        theme_of = fcluster(tree, min(t, k), "maxclust") - 1
        art = theme_of[labels]
        if len(set(art.tolist())) < 2:
            continue
        score = float(davies_bouldin_score(E, art))
        if best is None or score < best[0]:
            best = (score, theme_of)
    if best is None:
        return np.zeros(k, int)
    _, theme_of = np.unique(best[1], return_inverse=True)
    return theme_of


def assign_topics(articles: pd.DataFrame, *, n_topics: int | None = None, mentions: pd.DataFrame | None = None,
                  entity_names: dict | None = None, previous: pd.DataFrame | None = None,
                  names: dict | None = None, min_df: int | float = 2, random_state: int | None = None,
                  pipeline: Pipeline | None = None, max_topics: int = settings.default("max_topics"),
                  min_confidence: float = settings.default("topic_min_confidence"),
                  previous_articles: pd.DataFrame | None = None, previous_themes: pd.DataFrame | None = None,
                  theme_names: dict | None = None, n_themes: int = settings.default("n_themes"),
                  model: TopicModel | None = None) -> TopicResult:
    """Fit topics and themes on ``articles`` (``article_id``, ``title``, ``text``) and label them.

    Parameters
    ----------
    n_topics : number of topics; 0 or None picks it automatically, up to ``max_topics`` (see
        :func:`spectral_topic_labels`; settings ``n_topics`` and ``max_topics``).
    mentions, entity_names : canonical mentions and ``entity_id -> name``, for each topic's actors.
    previous : the store's previous topic table, so ids stay stable when the store grows.
    previous_articles : the store's previous ``article_id, topic_id, theme_id``: topics and themes are
        matched to the old ones by the articles they share (else by their terms), so ids, names and
        colours carry over a refit.
    names, theme_names : ``id -> name`` given by the analyst; they replace the automatic label.
    pipeline : a replacement scikit-learn pipeline ending in a clusterer with ``labels_``.
    random_state : seed (None: setting ``random_state``'s default).
    min_confidence : articles whose topic confidence is below it are marked low-confidence
        (setting ``topic_min_confidence``).
    n_themes : number of themes (0: automatic; setting ``n_themes``).
    model : the stored model; only its id counter matters here (new ids never reuse a stored one).
    """
    rs = settings.default("random_state") if random_state is None else random_state
    n_topics = settings.default("n_topics") if n_topics is None else n_topics
    n = len(articles)
    if n == 0:
        return TopicResult(articles.assign(topic_id=pd.Series(dtype="int64"), theme_id=pd.Series(dtype="int64")),
                           pd.DataFrame(columns=TOPIC_COLUMNS), themes=pd.DataFrame(columns=THEME_COLUMNS),
                           report={"mode": "fit", "reason": "no articles"})
    if n < 4:
        arts = articles[["article_id"]].assign(topic_id=0, theme_id=0, topic_confidence=1.0, low_confidence=False,
                                               topic_x=0.0, topic_y=0.0)
        topics = pd.DataFrame([{"topic_id": 0, "label": (names or {}).get("0") or "All articles", "terms": [],
                                "size": n, "share_low_confidence": 0.0, "headlines": articles["title"].tolist()[:5],
                                "actors": [], "theme_id": 0}])
        themes = pd.DataFrame([{"theme_id": 0, "label": (theme_names or {}).get("0") or "All articles", "terms": [],
                                "size": n, "topics": [0]}])
        return TopicResult(arts, topics, themes=themes, report={"mode": "fit", "reason": "fewer than 4 articles"})
    docs = _doc_text(articles)
    if pipeline is None:
        fit = _fit_spectral(docs, n_topics=n_topics or 0, max_topics=max_topics, min_df=min_df, random_state=rs)
    else:
        fit = _fit_pipeline(pipeline, docs)
    labels, confidence, tfidf, vocab, X, n_topics, k_scores, fitted, info = fit
    low = confidence < min_confidence
    ids_art = articles["article_id"].to_numpy()

    skip = _name_words(mentions)
    terms = _top_terms(tfidf, labels, vocab, n_topics, skip=skip)
    prev_arts = previous_articles if previous_articles is not None and len(previous_articles) else None
    used = _used_ids(previous, model, "topic_id")
    ids = None
    if prev_arts is not None and "topic_id" in prev_arts:
        ids = match_by_members(labels, ids_art, prev_arts.set_index("article_id")["topic_id"], used)
    if ids is None:
        ids = match_topics(terms, previous)
        known = set(previous["topic_id"].astype(int)) if previous is not None and len(previous) else set()
        fresh = iter(range(used, used + len(ids)))
        ids = [i if i in known else next(fresh) for i in ids]  # never reuse an id the stored model had
    id_of = dict(enumerate(ids))
    topic_id = np.array([id_of[c] for c in labels])

    theme_idx = _themes(X, labels, n_topics, n_themes=n_themes, random_state=rs)
    art_theme = theme_idx[labels]
    t_ids = None
    if prev_arts is not None and "theme_id" in prev_arts:
        t_ids = match_by_members(art_theme, ids_art, prev_arts.set_index("article_id")["theme_id"],
                                 _used_ids(previous_themes, None, "theme_id"))
    t_ids = t_ids or list(range(int(theme_idx.max()) + 1))
    theme_of_topic = {id_of[c]: t_ids[theme_idx[c]] for c in range(n_topics)}

    tm = None
    Z = info.get("lsa")
    if info.get("space") is not None and Z is not None:
        from sklearn.decomposition import PCA

        cents = _centroids(Z, labels, n_topics)
        sp_ = info["space"]
        probe = TopicModel(sp_["vocabulary"], sp_["idf"], sp_["components"], np.array(ids), cents, np.zeros(0),
                           np.zeros(0), np.zeros(0), 0.0, n)
        # The fit's own articles measured as a new one would be: the threshold a new article must reach.
        own = np.einsum("ij,ij->i", probe.project(docs, raw=True), cents[labels])
        pca = PCA(n_components=2, random_state=rs).fit(Z) if Z.shape[1] >= 2 else None
        tm = TopicModel(sp_["vocabulary"], sp_["idf"], sp_["components"], np.array(ids), cents.astype(np.float32),
                        np.array([theme_of_topic[i] for i in ids]),
                        pca.mean_.astype(np.float32) if pca else np.zeros(Z.shape[1], np.float32),
                        pca.components_.astype(np.float32) if pca else np.zeros((2, Z.shape[1]), np.float32),
                        float(np.quantile(own, FIT_QUANTILE)), n)
        coords = tm.coords(Z)
    else:
        coords = _map_coords(X, rs)
    arts = pd.DataFrame({"article_id": ids_art, "topic_id": topic_id,
                         "theme_id": np.array([theme_of_topic[t] for t in topic_id]),
                         "topic_confidence": confidence.round(3), "low_confidence": low,
                         "topic_x": coords[:, 0], "topic_y": coords[:, 1]})
    terms_by_id = {id_of[c]: terms[c] for c in range(n_topics)}
    places = _place_words(mentions)
    topics = _topic_table(articles, arts, terms_by_id, mentions, entity_names, names, theme_of_topic, places=places)
    themes = _theme_table(arts, topics, tfidf, vocab, skip, theme_names, places=places)
    return TopicResult(arts, topics, fitted, k_scores, themes, tm, {"mode": "fit", "drift": 0.0})


def _used_ids(table: pd.DataFrame | None, model: TopicModel | None, col: str) -> int:
    """The next id no stored topic (or theme) has had."""
    used = -1
    if table is not None and len(table) and col in table:
        used = max(used, int(table[col].max()))
    if model is not None:
        arr = model.topic_ids if col == "topic_id" else model.theme_of
        if len(arr):
            used = max(used, int(arr.max()))
    return used + 1


def _topic_table(articles: pd.DataFrame, arts: pd.DataFrame, terms_by_id: dict, mentions, entity_names,
                 names: dict | None, theme_of_topic: dict, keep: pd.DataFrame | None = None,
                 places: set[str] | frozenset = frozenset()) -> pd.DataFrame:
    """One row per topic with members; rows of ``keep`` (the previous table) keep their label, terms,
    headlines and actors (only sizes change); analyst names always win."""
    kept = keep.set_index("topic_id") if keep is not None and len(keep) else None
    titles = articles.set_index("article_id")["title"].fillna("")
    rows = []
    for tid, members in arts.groupby("topic_id", sort=True):
        tid = int(tid)
        label = (names or {}).get(str(tid))
        if kept is not None and tid in kept.index and tid not in terms_by_id:
            old = kept.loc[tid]
            row = {"topic_id": tid, "label": label or old["label"], "terms": list(old["terms"]),
                   "headlines": list(old["headlines"]) if "headlines" in old else [],
                   "actors": list(old["actors"]) if "actors" in old else []}
        else:
            order = members.sort_values("topic_confidence", ascending=False, kind="stable")
            actors = _topic_actors(members["article_id"].to_numpy(), mentions, entity_names)
            tt = terms_by_id.get(tid, [])
            row = {"topic_id": tid, "label": label or _label(tt, actors, places), "terms": tt,
                   "headlines": titles.reindex(order["article_id"].head(5)).tolist(), "actors": actors[:8]}
        row.update({"size": int(len(members)), "share_low_confidence": float(members["low_confidence"].mean()),
                    "theme_id": int(theme_of_topic.get(tid, members["theme_id"].iloc[0]))})
        rows.append(row)
    topics = pd.DataFrame(rows, columns=TOPIC_COLUMNS).sort_values("size", ascending=False, kind="stable")
    return topics.reset_index(drop=True)


def _theme_table(arts: pd.DataFrame, topics: pd.DataFrame, tfidf, vocab, skip: set, theme_names: dict | None,
                 keep: pd.DataFrame | None = None, places: set[str] | frozenset = frozenset()) -> pd.DataFrame:
    """One row per theme: its label (from its articles' distinctive terms; the previous label when ``keep``
    has the theme), size and topic ids."""
    theme_ids = sorted(arts["theme_id"].astype(int).unique().tolist())
    kept = keep.set_index("theme_id") if keep is not None and len(keep) else None
    fresh = [t for t in theme_ids if kept is None or t not in kept.index]
    terms_of = {}
    if fresh and tfidf is not None:
        idx = {t: i for i, t in enumerate(fresh)}
        lab = arts["theme_id"].map(idx).fillna(-1).astype(int).to_numpy()
        terms_of = dict(zip(fresh, _top_terms(tfidf, lab, vocab, len(fresh), skip=skip)))
    rows = []
    for t in theme_ids:
        sub = topics[topics["theme_id"] == t]
        if t in terms_of or kept is None or t not in kept.index:
            tt = terms_of.get(t) or (list(sub["terms"].iloc[0]) if len(sub) else [])
            label = _label(tt, [], places)
        else:
            tt, label = list(kept.loc[t, "terms"]), kept.loc[t, "label"]
        rows.append({"theme_id": t, "label": (theme_names or {}).get(str(t)) or label, "terms": tt,
                     "size": int((arts["theme_id"] == t).sum()), "topics": sub["topic_id"].astype(int).tolist()})
    return pd.DataFrame(rows, columns=THEME_COLUMNS).sort_values("size", ascending=False, kind="stable") \
        .reset_index(drop=True)


def update_topics(articles: pd.DataFrame, model: TopicModel, *, previous_articles: pd.DataFrame,
                  previous: pd.DataFrame, previous_themes: pd.DataFrame | None = None,
                  mentions: pd.DataFrame | None = None, entity_names: dict | None = None, names: dict | None = None,
                  theme_names: dict | None = None, min_df: int | float = 2, random_state: int | None = None,
                  max_topics: int = settings.default("max_topics"),
                  min_confidence: float = settings.default("topic_min_confidence"),
                  min_new: int = settings.default("topic_min_new")) -> TopicResult:
    """Place the articles ``previous_articles`` does not hold into ``model``'s topics, refitting nothing.

    Old articles keep their topic, theme, confidence and map position; old topics keep their label.
    A new article joins the nearest topic centre (confidence: the margin over the second). When at
    least ``min_new`` new articles fit no topic (cosine below the model's ``fit_threshold``) they are
    clustered into new topics (new ids; their theme is the nearest theme that fits, else a new one);
    fewer join their nearest topic, marked low-confidence. ``report['drift']`` is the share of the
    store's articles placed since the last full fit that fitted no topic then.
    """
    rs = settings.default("random_state") if random_state is None else random_state
    cols = ["article_id", "topic_id", "theme_id", "topic_confidence", "low_confidence", "topic_x", "topic_y"]
    prev = previous_articles[[c for c in cols if c in previous_articles]].dropna(subset=["topic_id"])
    prev = prev[prev["article_id"].isin(set(articles["article_id"]))]
    if "theme_id" not in prev:
        theme_map = dict(zip(model.topic_ids.tolist(), model.theme_of.tolist()))
        prev = prev.assign(theme_id=prev["topic_id"].map(theme_map).fillna(0))
    new = articles[~articles["article_id"].isin(set(prev["article_id"]))]
    model = TopicModel(**{**model.__dict__})
    report = {"mode": "incremental", "placed": len(new), "joined": 0, "born_topics": 0, "born_articles": 0}
    new_rows = pd.DataFrame(columns=cols)
    born_ids: list[int] = []
    if len(new):
        R = model.project(_doc_text(new), raw=True)
        Z = R / np.linalg.norm(R, axis=1, keepdims=True).clip(1e-9)
        sims = Z @ model.centroids.T
        best = sims.argmax(axis=1)
        fits = (R @ model.centroids.T).max(axis=1) >= model.fit_threshold
        topic_of = model.topic_ids[best].copy()
        conf = _margin(sims)
        low = conf < min_confidence
        misfit = ~fits
        model.n_misfit += int(misfit.sum())
        if misfit.sum() >= min_new:
            sub_docs = _doc_text(new[misfit])
            sub_labels, sub_conf, _ = spectral_topic_labels(sub_docs, max_topics=max_topics, min_df=min_df,
                                                            random_state=rs)
            k = int(sub_labels.max()) + 1
            nxt = _used_ids(previous, model, "topic_id")
            born_ids = list(range(nxt, nxt + k))
            cents = _centroids(Z[misfit], sub_labels, k).astype(np.float32)
            themes, tcents = model.theme_centroids()
            raw_cents = np.vstack([R[misfit][sub_labels == c].mean(axis=0) for c in range(k)])
            tsims = raw_cents @ tcents.T  # measured as the fit threshold is: a new theme when none fits
            new_theme = _used_ids(previous_themes, model, "theme_id")
            born_theme = [int(themes[j]) if tsims[i, j] >= model.fit_threshold else new_theme
                          for i, j in enumerate(tsims.argmax(axis=1))]
            model.topic_ids = np.concatenate([model.topic_ids, born_ids])
            model.centroids = np.vstack([model.centroids, cents])
            model.theme_of = np.concatenate([model.theme_of, born_theme])
            topic_of[misfit] = np.array(born_ids)[sub_labels]
            conf[misfit] = sub_conf
            low[misfit] = sub_conf < min_confidence
            report.update(born_topics=k, born_articles=int(misfit.sum()))
        else:
            low |= misfit  # joins its nearest topic, marked low-confidence
        report["joined"] = int(len(new) - report["born_articles"])
        theme_map = dict(zip(model.topic_ids.tolist(), model.theme_of.tolist()))
        coords = model.coords(Z)
        new_rows = pd.DataFrame({"article_id": new["article_id"].to_numpy(), "topic_id": topic_of,
                                 "theme_id": [theme_map[t] for t in topic_of], "topic_confidence": conf.round(3),
                                 "low_confidence": low, "topic_x": coords[:, 0], "topic_y": coords[:, 1]})
    arts = pd.concat([prev.astype({"topic_id": "int64", "theme_id": "int64"}), new_rows], ignore_index=True)
    arts = arts.astype({"topic_id": "int64", "theme_id": "int64", "low_confidence": bool})
    arts = arts.set_index("article_id").reindex(articles["article_id"]).reset_index()
    theme_map = dict(zip(model.topic_ids.tolist(), model.theme_of.tolist()))
    terms_by_id, tfidf, vocab = {}, None, None
    skip = _name_words(mentions)
    fresh_themes = set(arts["theme_id"]) - set(previous_themes["theme_id"] if previous_themes is not None
                                               and len(previous_themes) else [])
    if born_ids or fresh_themes:
        tfidf, vocab = _label_tfidf(_doc_text(articles), min_df)
        idx = {t: i for i, t in enumerate(born_ids)}
        lab = arts["topic_id"].map(idx).fillna(-1).astype(int).to_numpy()
        terms_by_id = dict(zip(born_ids, _top_terms(tfidf, lab, vocab, len(born_ids), skip=skip)))
    places = _place_words(mentions)
    topics = _topic_table(articles, arts, terms_by_id, mentions, entity_names, names, theme_map, keep=previous,
                          places=places)
    themes = _theme_table(arts, topics, tfidf, vocab, skip, theme_names, keep=previous_themes, places=places)
    report["drift"] = round(model.n_misfit / max(1, len(articles)), 4)
    return TopicResult(arts, topics, None, None, themes, model, report)


def topics_for_store(articles: pd.DataFrame, *, model: TopicModel | None, previous: pd.DataFrame | None,
                     previous_articles: pd.DataFrame | None, previous_themes: pd.DataFrame | None = None,
                     refit: bool = False, refit_drift: float = settings.default("topic_refit_drift"),
                     min_new: int = settings.default("topic_min_new"), **kw) -> TopicResult:
    """The pipeline's topics: place new articles in the stored model (:func:`update_topics`), or refit all
    (:func:`assign_topics`, matched to the old topics) when asked (``refit``), when there is no stored model,
    or when the drift passes ``refit_drift``. ``report`` says which, and why."""
    common = {k: v for k, v in kw.items() if k in {"mentions", "entity_names", "names", "theme_names", "min_df",
                                                   "random_state", "max_topics", "min_confidence"}}
    fit_kw = dict(previous=previous, previous_articles=previous_articles, previous_themes=previous_themes,
                  model=model, **kw)
    has_old = previous is not None and len(previous) and previous_articles is not None \
        and "topic_id" in previous_articles and previous_articles["topic_id"].notna().any()
    if refit or model is None or not has_old or kw.get("pipeline") is not None:
        why = "asked (--refit-topics)" if refit else "first fit" if not has_old else "no stored topic model"
        res = assign_topics(articles, **fit_kw)
        res.report.update(mode="refit" if has_old else "fit", reason=why, threshold=refit_drift,
                          kept=_kept_share(previous_articles, res.articles) if has_old else None)
        return res
    res = update_topics(articles, model, previous_articles=previous_articles, previous=previous,
                        previous_themes=previous_themes, min_new=min_new, **common)
    res.report["threshold"] = refit_drift
    if res.report["drift"] > refit_drift:
        drift = res.report["drift"]
        res = assign_topics(articles, **fit_kw)
        res.report.update(mode="refit", reason=f"drift {drift:.2f} > {refit_drift:.2f}", threshold=refit_drift,
                          drift_before=drift, kept=_kept_share(previous_articles, res.articles))
    return res


def _kept_share(before: pd.DataFrame, after: pd.DataFrame) -> float | None:
    """Share of the articles in both frames whose ``topic_id`` is the same."""
    both = before[["article_id", "topic_id"]].dropna().merge(after[["article_id", "topic_id"]], on="article_id")
    return float((both["topic_id_x"] == both["topic_id_y"]).mean()) if len(both) else None


def report_line(report: dict, topics: pd.DataFrame, themes: pd.DataFrame | None) -> str:
    """The run summary's line on topics: what was placed or refitted, and the drift against its threshold.

    >>> report_line({"mode": "incremental", "placed": 12, "joined": 2, "born_topics": 1, "born_articles": 10,
    ...              "drift": 0.05, "threshold": 0.2}, pd.DataFrame({"topic_id": [1, 2]}), None)
    'topics: 12 new articles placed (2 joined existing topics, 10 formed 1 new topic); 2 topics; drift 0.05 (refit above 0.20)'
    """
    shape = f"{len(topics)} topics" + (f" in {len(themes)} themes" if themes is not None and len(themes) else "")
    if report.get("mode") == "incremental":
        born = (f", {report['born_articles']} formed {report['born_topics']} new topic"
                f"{'s' if report['born_topics'] != 1 else ''}") if report.get("born_topics") else ""
        return (f"topics: {report['placed']} new articles placed ({report['joined']} joined existing topics{born}); "
                f"{shape}; drift {report['drift']:.2f} (refit above {report['threshold']:.2f})")
    kept = report.get("kept")
    return (f"topics: {'refitted' if report.get('mode') == 'refit' else 'fitted'} ({report.get('reason', '')}); "
            f"{shape}" + (f"; {kept:.0%} of the old articles kept their topic" if kept is not None else ""))


def _fit_spectral(docs: pd.Series, *, n_topics: int, max_topics: int, min_df, random_state: int) -> tuple:
    """The default model: spectral topic labels, and a uni+bigram TF-IDF for the topics' terms.

    Returns ``(labels, confidence, tfidf, vocab, embedding, k, k_scores, None, info)``.
    """
    labels, confidence, info = spectral_topic_labels(docs, n_topics=n_topics, max_topics=max_topics, min_df=min_df,
                                                     random_state=random_state)
    tfidf, vocab = _label_tfidf(docs, min_df)
    return (labels, confidence, tfidf, vocab, info["embedding"], info["k"], info["k_scores"], None, info)


def _fit_pipeline(pipeline: Pipeline, docs: pd.Series) -> tuple:
    """A replacement pipeline (vectorizer first, clusterer with ``labels_`` last); confidence is the margin
    of the nearest centre over the second in its embedding. Same return as :func:`_fit_spectral`."""
    fitted = pipeline.fit(docs)
    labels = fitted[-1].labels_
    X = fitted[:-1].transform(docs)
    n_topics = int(labels.max()) + 1
    cents = np.vstack([X[labels == c].mean(axis=0) for c in range(n_topics)])
    centers = cents / np.linalg.norm(cents, axis=1, keepdims=True).clip(1e-9)
    confidence = _margin(X @ centers.T)
    return (labels, confidence, fitted[0].transform(docs), fitted[0].get_feature_names_out(), X, n_topics, None,
            fitted, {})


