"""What changed since a date: the period from ``since`` compared with the period of the same length before it.

Every function takes the (filtered) frames and returns a frame; each row carries the ``article_ids``
behind it so the dashboard can link it to its articles. Days are UTC days of ``published``.

Examples
--------
>>> arts = pd.DataFrame({"article_id": list("abcd"), "topic_id": [0, 0, 1, 1],
...     "published": pd.to_datetime(["2024-04-20", "2024-04-25", "2024-05-02", "2024-05-03"], utc=True)})
>>> ments = pd.DataFrame({"article_id": list("abcd"), "entity_id": ["p:x", "p:x", "p:x", "p:y"]})
>>> p = periods(arts, "2024-05-01")
>>> p.since, p.until, p.before_from
(Timestamp('2024-05-01 00:00:00'), Timestamp('2024-05-03 00:00:00'), Timestamp('2024-04-28 00:00:00'))
>>> first_appearances(arts, ments, p)[["entity_id", "articles", "article_ids"]].values.tolist()
[['p:y', 1, ['d']]]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from components import settings
from components.analysis.counts import is_actor
from components.analysis.filters import among
from components.analysis.network_compare import compare_periods

__all__ = ["Periods", "periods", "default_since", "actor_pairs", "first_appearances", "coverage_changes", "tie_changes",
           "new_statements", "topic_growth", "spikes_in_period", "watch_matches"]


@dataclass(frozen=True)
class Periods:
    """The compared periods (whole UTC days, both ends included): ``since..until`` and the
    ``before_from..before_to`` of the same number of days just before it."""

    since: pd.Timestamp
    until: pd.Timestamp
    before_from: pd.Timestamp
    before_to: pd.Timestamp

    @property
    def days(self) -> int:
        return int((self.until - self.since).days) + 1


def days(articles: pd.DataFrame) -> pd.Series:
    """Each article's day (UTC, no time), from ``published``."""
    pub = articles["published"]
    if getattr(pub.dt, "tz", None) is not None:
        pub = pub.dt.tz_convert("UTC").dt.tz_localize(None)
    return pub.dt.normalize()


def periods(articles: pd.DataFrame, since, until=None) -> Periods:
    """The period from ``since`` to ``until`` (default: the last day of ``articles``) and the one before it.

    >>> arts = pd.DataFrame({"published": pd.to_datetime(["2024-01-01", "2024-01-10"], utc=True)})
    >>> periods(arts, "2024-01-09").before_from
    Timestamp('2024-01-07 00:00:00')
    """
    since = pd.Timestamp(since)
    since = (since.tz_convert("UTC").tz_localize(None) if since.tz else since).normalize()
    last = days(articles).max() if len(articles) else since
    until = pd.Timestamp(until).normalize() if until is not None else max(last, since)
    if until < since:
        raise ValueError(f"until == {until.date()}, must be on or after since ({since.date()})")
    length = until - since + pd.Timedelta(days=1)
    return Periods(since, until, since - length, since - pd.Timedelta(days=1))


def default_since(additions: list[dict], published: pd.Series, *, fallback_days: int = 30) -> pd.Timestamp:
    """The default ``since``: the day after the newest article the store held before its latest addition
    of articles (``additions``: the manifest's record, oldest first, each with ``newest``), so the view shows
    what that addition brought; with one addition or none, the last ``fallback_days`` days of ``published``.

    >>> pub = pd.Series(pd.to_datetime(["2024-03-01", "2024-06-30"], utc=True))
    >>> default_since([{"newest": "2024-04-30T10:00:00Z"}, {"newest": "2024-06-30T00:00:00Z"}], pub)
    Timestamp('2024-05-01 00:00:00')
    >>> default_since([], pub)
    Timestamp('2024-06-01 00:00:00')
    """
    if len(additions) >= 2 and additions[-2].get("newest"):
        t = pd.Timestamp(additions[-2]["newest"])
        t = t.tz_convert("UTC").tz_localize(None) if t.tz else t
        return t.normalize() + pd.Timedelta(days=1)
    last = days(pd.DataFrame({"published": published})).max() if len(published) else pd.Timestamp.now().normalize()
    return last - pd.Timedelta(days=fallback_days - 1)


def actor_pairs(articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Distinct (article, actor) pairs with the article's day; countries and places left out (not actors).
    A caller asking several questions of the same articles builds them once and passes them as ``pairs``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-01", "2024-02-01"])})
    >>> m = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "entity_id": ["p:k", "p:k", "country:PRK", "p:k"]})
    >>> actor_pairs(arts, m).values.tolist()
    [['a', 'p:k', Timestamp('2024-01-01 00:00:00')]]
    """
    m = mentions[["article_id", "entity_id"]]
    m = m[is_actor(m["entity_id"])].drop_duplicates()  # the actors first: fewer rows to hash
    day = _mention_days(articles, m)
    known = ~np.isnat(day)
    return m[known].assign(day=day[known])


def _mention_days(articles: pd.DataFrame, mentions: pd.DataFrame) -> np.ndarray:
    """Each mention's article's day (``datetime64``), NaT for a mention whose article is not in ``articles``;
    one lookup of the article ids."""
    articles = articles.drop_duplicates("article_id")
    at = pd.Index(articles["article_id"]).get_indexer(mentions["article_id"])
    return np.where(at >= 0, days(articles).to_numpy()[at], np.datetime64("NaT"))


def _periods_of(day: np.ndarray, p: Periods) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``day`` (``datetime64``, UTC days) fall in the period and which in the period before it."""
    return ((day >= np.datetime64(p.since)) & (day <= np.datetime64(p.until)),
            (day >= np.datetime64(p.before_from)) & (day <= np.datetime64(p.before_to)))


def _ratio(now: np.ndarray, before: np.ndarray) -> np.ndarray:
    """``now / before`` to two decimals, NaN where nothing came before."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.round(now / np.where(before > 0, before, np.nan), 2)


def _ids(frame: pd.DataFrame, key: str) -> pd.Series:
    """The sorted distinct ``article_id`` of each value of ``key`` in ``frame``, indexed by the values (sorted).

    >>> _ids(pd.DataFrame({"k": ["y", "x", "y", "y"], "article_id": ["b", "a", "a", "b"]}), "k").to_dict()
    {'x': ['a'], 'y': ['a', 'b']}
    """
    if frame.empty:
        return pd.Series([], index=frame[key].iloc[:0].rename(key), name="article_id", dtype=object)
    # one sort of (key, article) codes, not a Python set per group: both codes are in sorted order
    keys, values = pd.factorize(frame[key], sort=True)
    arts, art_ids = pd.factorize(frame["article_id"], sort=True)
    order = np.lexsort((arts, keys))
    keys, arts = keys[order], arts[order]
    first = np.r_[True, (keys[1:] != keys[:-1]) | (arts[1:] != arts[:-1])]
    keys, arts = keys[first], arts[first]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    art_ids = np.asarray(art_ids, dtype=object)
    lists = [art_ids[arts[i:j]].tolist() for i, j in zip(starts, np.r_[starts[1:], len(keys)])]
    return pd.Series(lists, index=pd.Index(values.take(keys[starts]), name=key), name="article_id", dtype=object)


def first_appearances(articles: pd.DataFrame, mentions: pd.DataFrame, p: Periods, *,
                      names: dict | None = None, pairs: pd.DataFrame | None = None,
                      seen_before=()) -> pd.DataFrame:
    """Actors first mentioned (in ``articles``) on or after ``p.since``, most covered first:
    ``entity_id, name, first_seen, articles, article_ids``. ``seen_before``: actors known to be mentioned
    before ``p.since`` in articles not given (a caller passing only the recent articles), never new.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-01", "2024-02-01"])})
    >>> m = pd.DataFrame({"article_id": ["a", "b", "b"], "entity_id": ["p:old", "p:old", "p:new"]})
    >>> first_appearances(arts, m, periods(arts, "2024-01-15"), names={"p:new": "New"})["name"].tolist()
    ['New']
    >>> first_appearances(arts, m, periods(arts, "2024-01-15"), seen_before={"p:new"}).empty
    True
    """
    cols = ["entity_id", "name", "first_seen", "articles", "article_ids"]
    pairs = actor_pairs(articles, mentions) if pairs is None else pairs
    pairs = pairs[pairs["day"].to_numpy() <= np.datetime64(p.until)]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    code, ids = pd.factorize(pairs["entity_id"], sort=True)
    day = pairs["day"].to_numpy()
    order = np.lexsort((day, code))
    first = day[order][np.r_[True, code[order][1:] != code[order][:-1]]]  # each actor's first day, by code
    new = np.flatnonzero(first >= np.datetime64(p.since))
    # the few new actors looked up in the set: Index.isin on Arrow strings converts all 20,000 actors a 100k store's
    # filter saw before, one by one (30 ms)
    new = new[[e not in seen_before for e in ids.take(new)]] if len(seen_before) and len(new) else new
    by_actor = _ids(pairs[np.isin(code, new) & (day >= np.datetime64(p.since))], "entity_id")
    at = ids.get_indexer(by_actor.index)
    count = np.fromiter(map(len, by_actor), dtype=np.int64, count=len(by_actor))
    order = np.lexsort((at, first[at], -count))  # most covered, then first seen, then id (codes are in id order)
    entity = by_actor.index.take(order)
    nm = names or {}
    return pd.DataFrame({"entity_id": entity, "name": [nm.get(e, e) for e in entity],
                         "first_seen": first[at[order]], "articles": count[order],
                         "article_ids": by_actor.to_numpy()[order]})


def coverage_changes(articles: pd.DataFrame, mentions: pd.DataFrame, p: Periods, *, names: dict | None = None,
                     n: int = 10, small_n: int = settings.default("small_n"),
                     pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Actors whose coverage rose or fell most: articles in the period (``now``) and in the period before
    (``before``), ``change`` (now - before), ``ratio`` (now / before; empty when before is 0), ``small``
    (now + before below ``small_n``: read the ratio with care) and ``direction`` ("rose" / "fell"); the ``n``
    biggest rises then the ``n`` biggest falls. ``article_ids``: the period's articles (the earlier ones for a fall).

    >>> arts = pd.DataFrame({"article_id": list("abc"), "published": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-04"])})
    >>> m = pd.DataFrame({"article_id": list("abc"), "entity_id": ["p:x", "p:y", "p:y"]})
    >>> coverage_changes(arts, m, periods(arts, "2024-01-03"))[["entity_id", "now", "before", "direction"]].values.tolist()
    [['p:y', 2, 0, 'rose'], ['p:x', 0, 1, 'fell']]
    """
    cols = ["entity_id", "name", "now", "before", "change", "ratio", "small", "direction", "article_ids"]
    pairs = actor_pairs(articles, mentions) if pairs is None else pairs
    # counted on the actors' codes (sorted ids): a frame per step cost a millisecond each on a few hundred rows
    code, ids = pd.factorize(pairs["entity_id"], sort=True)
    in_now, in_before = _periods_of(pairs["day"].to_numpy(), p)
    now, before = np.bincount(code[in_now], minlength=len(ids)), np.bincount(code[in_before], minlength=len(ids))
    change = now - before
    rose = np.flatnonzero(change > 0)
    rose = rose[np.lexsort((rose, -now[rose], -change[rose]))][:n]  # ties by id: codes are in id order
    fell = np.flatnonzero(change < 0)
    fell = fell[np.lexsort((fell, -before[fell], change[fell]))][:n]
    listed = np.concatenate([rose, fell])
    if not len(listed):
        return pd.DataFrame(columns=cols)
    # a rise lists the period's articles, a fall the earlier ones
    ids_now = _ids(pairs[in_now & np.isin(code, rose)], "entity_id")
    ids_before = _ids(pairs[in_before & np.isin(code, fell)], "entity_id")
    entity = ids.take(listed)
    nm = names or {}
    return pd.DataFrame({
        "entity_id": entity, "name": [nm.get(e, e) for e in entity], "now": now[listed],
        "before": before[listed], "change": change[listed], "ratio": _ratio(now[listed], before[listed]),
        "small": (now[listed] + before[listed]) < small_n,
        "direction": ["rose"] * len(rose) + ["fell"] * len(fell),
        "article_ids": [*ids_now.reindex(entity[:len(rose)]), *ids_before.reindex(entity[len(rose):])]})[cols]


def tie_changes(articles: pd.DataFrame, mentions: pd.DataFrame, p: Periods, *, names: dict | None = None,
                n: int = 10, window: int = settings.default("cooccurrence_window")) -> pd.DataFrame:
    """Ties (two actors in the same articles, as the Network counts them: ``compare_periods``) that appeared
    or strengthened most in the period vs the period before: ``source, target, names, weight_before, weight_now,
    status, article_ids`` (the period's articles naming both).

    >>> arts = pd.DataFrame({"article_id": list("ab"), "published": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    >>> m = pd.DataFrame({"article_id": list("aabb"), "entity_id": ["p:x", "p:y", "p:x", "p:z"]})
    >>> tie_changes(arts, m, periods(arts, "2024-01-02"), window=0)[["source", "target", "status"]].values.tolist()
    [['p:x', 'p:z', 'appeared']]
    """
    cols = ["source", "target", "names", "weight_before", "weight_now", "status", "article_ids"]
    m = mentions[is_actor(mentions["entity_id"])]
    in_now, in_before = _periods_of(_mention_days(articles, m), p)  # one lookup for both periods
    m_now, m_before = m[in_now], m[in_before]
    if m_now.empty:
        return pd.DataFrame(columns=cols)
    diff = compare_periods(m_before, m_now, window=window if "sent" in m.columns else 0)
    diff = diff[diff["status"].isin(["appeared", "strengthened"])].head(n)
    if diff.empty:
        return pd.DataFrame(columns=cols)
    listed = pd.unique(np.concatenate([diff["source"].to_numpy(dtype=object), diff["target"].to_numpy(dtype=object)]))
    by_art = m_now[among(m_now["entity_id"], listed)].groupby("entity_id")["article_id"].agg(set)
    nm = names or {}
    return pd.DataFrame({
        "source": diff["source"].to_numpy(), "target": diff["target"].to_numpy(),
        "names": [f"{nm.get(a, a)} – {nm.get(b, b)}" for a, b in zip(diff["source"], diff["target"])],
        "weight_before": diff["weight_a"].to_numpy(), "weight_now": diff["weight_b"].to_numpy(),
        "status": diff["status"].to_numpy(),
        "article_ids": [sorted(by_art.get(a, set()) & by_art.get(b, set())) for a, b in
                        zip(diff["source"], diff["target"])]})[cols]


def new_statements(statements: pd.DataFrame, articles: pd.DataFrame, p: Periods, speakers, *,
                   names: dict | None = None, n: int = 30) -> pd.DataFrame:
    """Statements in the period's articles by ``speakers`` (actor ids: the most covered, the watched), newest
    first: ``published, speaker_id, speaker, verb, text, article_id``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-01", "2024-01-05"])})
    >>> st = pd.DataFrame({"article_id": ["a", "b", "b"], "speaker_id": ["p:k", "p:k", "p:z"],
    ...                    "verb": ["say"] * 3, "text": ["old", "new", "other"]})
    >>> new_statements(st, arts, periods(arts, "2024-01-03"), ["p:k"])["text"].tolist()
    ['new']
    """
    cols = ["published", "speaker_id", "speaker", "verb", "text", "article_id"]
    inside = articles[_periods_of(days(articles).to_numpy(), p)[0]]
    pub = pd.Series(inside["published"].to_numpy(), index=inside["article_id"].to_numpy())
    pub = pub[~pub.index.duplicated()]
    st = statements[among(statements["article_id"], pub.index) & among(statements["speaker_id"], speakers)]
    if st.empty:
        return pd.DataFrame(columns=cols)
    out = st.assign(published=st["article_id"].map(pub).to_numpy(),
                    speaker=st["speaker_id"].map(lambda e: (names or {}).get(e, e)))
    return out.sort_values(["published", "article_id"], ascending=[False, True], kind="stable")[cols] \
        .head(n).reset_index(drop=True)


def topic_growth(articles: pd.DataFrame, p: Periods, *, labels: dict | None = None, n: int = 8,
                 small_n: int = settings.default("small_n")) -> pd.DataFrame:
    """Topics with more articles in the period than in the period before, biggest growth first:
    ``topic_id, topic, now, before, change, ratio, small, article_ids``.

    >>> arts = pd.DataFrame({"article_id": list("abc"), "topic_id": [1, 2, 2],
    ...                      "published": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-04"])})
    >>> topic_growth(arts, periods(arts, "2024-01-03"))[["topic_id", "now", "before"]].values.tolist()
    [[2, 2, 0]]
    """
    cols = ["topic_id", "topic", "now", "before", "change", "ratio", "small", "article_ids"]
    a = articles[articles["topic_id"].notna() & (articles["topic_id"] != -1)] if "topic_id" in articles else articles.iloc[:0]
    in_now, in_before = _periods_of(days(a).to_numpy(), p)
    code, topics = pd.factorize(a["topic_id"], sort=True)
    now, before = np.bincount(code[in_now], minlength=len(topics)), np.bincount(code[in_before], minlength=len(topics))
    grew = np.flatnonzero(now > before)
    if not len(grew):
        return pd.DataFrame(columns=cols)
    change = now - before
    grew = grew[np.lexsort((grew, -now[grew], -change[grew]))][:n]  # codes are in topic order
    ids = _ids(a[in_now & np.isin(code, grew)], "topic_id")  # the listed topics' articles only
    topic = topics.take(grew)
    lab = labels or {}
    return pd.DataFrame({"topic_id": topic, "topic": [lab.get(x, f"Topic {x}") for x in topic], "now": now[grew],
                         "before": before[grew], "change": change[grew], "ratio": _ratio(now[grew], before[grew]),
                         "small": (now[grew] + before[grew]) < small_n, "article_ids": ids.reindex(topic).to_numpy()})


def spikes_in_period(spikes: pd.DataFrame, p: Periods) -> pd.DataFrame:
    """The spikes (``components.analysis.spikes.explain_spikes``' frame) whose period starts within ``p``.

    >>> sp = pd.DataFrame({"start": pd.to_datetime(["2024-01-01", "2024-03-04"]), "count": [9, 12]})
    >>> spikes_in_period(sp, Periods(*pd.to_datetime(["2024-03-01", "2024-03-31", "2024-01-31", "2024-02-29"])))["count"].tolist()
    [12]
    """
    if spikes.empty:
        return spikes
    start = spikes["start"]
    if getattr(start.dt, "tz", None) is not None:
        start = start.dt.tz_convert("UTC").dt.tz_localize(None)
    return spikes[((start >= p.since) & (start <= p.until)).to_numpy()].reset_index(drop=True)


def watch_matches(articles: pd.DataFrame, mentions: pd.DataFrame, actors=(), terms: dict | None = None) -> dict:
    """The articles (ids, sorted) matching each watched item: ``{"actor:<id>": [...], "term:<text>": [...]}``.
    ``terms`` maps each watched search term to the ids the full-text index matched (searching is I/O: the
    caller's job); only ids in ``articles`` count.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"]})
    >>> m = pd.DataFrame({"article_id": ["a", "b"], "entity_id": ["p:k", "p:z"]})
    >>> watch_matches(arts, m, ["p:k"], {"missile": ["b", "zz"]})
    {'actor:p:k': ['a'], 'term:missile': ['b']}
    """
    have = set(articles["article_id"])
    out = {}
    for eid in actors:
        out[f"actor:{eid}"] = sorted(set(mentions.loc[mentions["entity_id"] == eid, "article_id"]) & have)
    for term, ids in (terms or {}).items():
        out[f"term:{term}"] = sorted(set(ids) & have)
    return out
