"""Coverage over time: counts, shares, breakdowns, spikes and what explains them.

Examples
--------
>>> arts = pd.DataFrame({"article_id": list("abcd"), "story_id": list("aacd"), "source": list("XXYX"),
...     "published": pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-10", "2023-01-11"], utc=True)})
>>> coverage(arts, freq="W")[["period", "count"]].values.tolist()
[[Timestamp('2023-01-02 00:00:00'), 2], [Timestamp('2023-01-09 00:00:00'), 2]]
>>> coverage(arts, freq="W", unit="stories")["count"].tolist()
[1, 2]
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from components import settings

__all__ = ["coverage", "period_totals", "detect_spikes", "explain_spikes", "source_mix", "period_bounds", "FREQS",
           "compare_series", "country_coverage", "most_covered_actors", "topic_counts", "topic_country_counts", "title_word_pairs",
           "period_codes"]

FREQS = {"D": "day", "W": "week", "M": "month"}
_PANDAS_FREQ = {"D": "D", "W": "W-MON", "M": "MS"}


def _period(published: pd.Series, freq: str) -> pd.Series:
    if freq not in FREQS:
        raise ValueError(f"freq == {freq!r}, must be one of {', '.join(FREQS)}")
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    if freq == "D":
        return naive.dt.floor("D")
    if freq == "W":
        return (naive - pd.to_timedelta(naive.dt.weekday, unit="D")).dt.floor("D")
    return naive.dt.to_period("M").dt.to_timestamp()


def period_codes(published: pd.Series, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """Every period start from the first to the last period of ``published`` (the periods of
    :func:`_period`), and each row's period as a code into them (no date: one past the last).

    >>> starts, codes = period_codes(pd.Series(pd.to_datetime(["2023-01-11", None, "2023-01-02"], utc=True)), "W")
    >>> [str(d) for d in starts], codes.tolist()
    (['2023-01-02', '2023-01-09'], [1, 2, 0])
    """
    if freq not in FREQS:
        raise ValueError(f"freq == {freq!r}, must be one of {', '.join(FREQS)}")
    vals = published.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    nat = np.isnat(vals)
    if freq == "M":
        idx = vals.astype("datetime64[M]").astype(np.int64)
    else:
        idx = vals.astype("datetime64[D]").astype(np.int64)
        if freq == "W":  # weeks from Monday 1970-01-05 (day 4)
            idx = np.floor_divide(idx - 4, 7)
    if nat.all():
        return np.array([], dtype="datetime64[D]"), np.zeros(len(vals), dtype=np.int64)
    lo, hi = idx[~nat].min(), idx[~nat].max()
    steps = np.arange(lo, hi + 1)
    starts = (steps.astype("datetime64[M]").astype("datetime64[D]") if freq == "M" else
              (steps * 7 + 4).astype("datetime64[D]") if freq == "W" else steps.astype("datetime64[D]"))
    codes = np.where(nat, len(steps), idx - lo)
    return starts, codes


def period_bounds(period: pd.Timestamp, freq: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the period that starts at ``period``.

    >>> period_bounds(pd.Timestamp("2023-11-01"), "M")
    (Timestamp('2023-11-01 00:00:00'), Timestamp('2023-11-30 00:00:00'))
    """
    period = pd.Timestamp(period)
    end = {"D": period, "W": period + pd.Timedelta(days=6),
           "M": period + pd.offsets.MonthEnd(0)}[freq]
    return period, end


def _full_range(periods: pd.Series, freq: str) -> pd.DatetimeIndex:
    if periods.empty:
        return pd.DatetimeIndex([])
    return pd.date_range(periods.min(), periods.max(), freq=_PANDAS_FREQ[freq])


def period_totals(articles: pd.DataFrame, *, freq: str = "W", unit: str = "articles",
                  unique_ids: bool = False) -> pd.Series:
    """Articles (or stories) per period of ``articles``: the ``total`` that :func:`coverage` divides by.

    Computing it once for the whole store (``dashboard.loaders`` caches it per store
    version) and passing it as ``coverage(..., totals=...)`` saves a pass over every article.
    """
    key = "story_id" if unit == "stories" and "story_id" in articles else "article_id"
    if unique_ids and key == "article_id":
        return articles[key].groupby(_period(articles["published"], freq).to_numpy()).size().rename_axis(
            "period").rename("total")
    return (pd.DataFrame({"period": _period(articles["published"], freq), "key": articles[key].to_numpy()})
            .groupby("period")["key"].nunique().rename("total"))


def coverage(articles: pd.DataFrame, *, freq: str = "W", unit: str = "articles", by: pd.Series | None = None,
             all_articles: pd.DataFrame | None = None, rolling: int = 0,
             totals: pd.Series | None = None, unique_ids: bool = False) -> pd.DataFrame:
    """Counts per period (``period, series, count, total, share, small_n``).

    Parameters
    ----------
    unit : ``articles``, or ``stories`` (near-duplicates counted once, via ``story_id``).
    by : optional series label per article (index aligned with ``articles``; lists are
         exploded), giving one row per period and label.
    all_articles : the whole store, for ``share`` = count / all coverage of the period.
    totals : ``period_totals(all_articles, freq=freq, unit=unit)`` when already computed;
         it is used instead of ``all_articles``.
    unique_ids : no article appears twice in ``articles`` or ``all_articles`` (true of any
         rows of a store), so with one label per article an article count is a row count.
    rolling : window (periods) of a centred rolling mean added as ``rolling``.
    Periods with no articles are present with count 0.
    """
    if unit not in {"articles", "stories"}:
        raise ValueError(f"unit == {unit!r}, must be 'articles' or 'stories'")
    cols = ["period", "series", "count", "total", "share", "small_n", "rolling"]
    if articles.empty:
        return pd.DataFrame(columns=cols)
    key = "story_id" if unit == "stories" and "story_id" in articles else "article_id"
    period = _period(articles["published"], freq)
    if by is None:  # one series: no labels to explode
        per_period = articles[key].groupby(period)
        per_period = per_period.size() if unique_ids and key == "article_id" else per_period.nunique()
        counts = pd.concat({"All": per_period}, names=["series", "period"]).rename("count")
    elif unique_ids and key == "article_id" and getattr(by, "dtype", object) != object:  # one label each
        df = pd.DataFrame({"period": period}, index=articles.index)
        df["series"] = by
        df = df.dropna(subset=["series"])
        period = df["period"]
        counts = df.groupby(["series", "period"]).size().rename("count")
    else:
        df = pd.DataFrame({"period": period, "key": articles[key].to_numpy()}, index=articles.index)
        df["series"] = by
        df = df.explode("series").dropna(subset=["series"])
        period = df["period"]
        counts = df.groupby(["series", "period"])["key"].nunique().rename("count")
    if totals is None:
        totals = period_totals(all_articles if all_articles is not None else articles, freq=freq, unit=unit,
                               unique_ids=unique_ids)
    ends = pd.Series([period.min(), period.max(), totals.index.min(), totals.index.max()]).dropna()
    rng = _full_range(ends, freq)
    frames = []
    for series in counts.index.get_level_values(0).unique():
        s = counts.loc[series].reindex(rng, fill_value=0)
        frames.append(pd.DataFrame({"period": rng, "series": series, "count": s.to_numpy()}))
    out = pd.concat(frames, ignore_index=True)
    out["total"] = out["period"].map(totals).fillna(0).astype(int)
    out["share"] = np.where(out["total"] > 0, out["count"] / out["total"].clip(lower=1), np.nan)
    out["small_n"] = out["total"] < settings.get("small_n")
    if rolling and rolling > 1:
        out["rolling"] = (out.groupby("series")["count"]
                          .transform(lambda s: s.rolling(rolling, center=True, min_periods=1).mean()))
    else:
        out["rolling"] = np.nan
    return out[cols]


def detect_spikes(counts: pd.Series, *, threshold: float | None = None, baseline: int | None = None,
                  min_count: int = 3) -> pd.DataFrame:
    """Periods well above their trailing baseline (robust z-score).

    For each period, the baseline is the median of the previous ``baseline`` periods;
    the spread is 1.4826 x their median absolute deviation, floored at
    ``sqrt(median + 1)`` (the Poisson noise of a count) so a flat series never makes
    a spike out of a small wobble. A period is a spike when ``(count - median) /
    spread >= threshold`` and ``count >= min_count``. A slowly rising series is
    absorbed by the moving baseline.

    >>> s = pd.Series([5, 6, 5, 4, 5, 6, 5, 5, 25, 6, 5], index=pd.date_range("2023-01-02", periods=11, freq="W-MON"))
    >>> detect_spikes(s)[["period", "count"]].values.tolist()
    [[Timestamp('2023-02-27 00:00:00'), 25]]
    >>> detect_spikes(pd.Series([5] * 20)).empty, detect_spikes(pd.Series(range(10, 50, 2))).empty
    (True, True)
    """
    threshold = settings.get("spike_threshold") if threshold is None else threshold
    baseline = settings.get("spike_baseline") if baseline is None else baseline
    values = counts.to_numpy(dtype=float)
    rows = []
    n = len(values)
    # Medians of the full trailing windows at once; the first ``baseline`` periods one by one.
    med_all = np.full(n, np.nan)
    mad_all = np.full(n, np.nan)
    if baseline >= 1 and n > baseline:
        win = np.lib.stride_tricks.sliding_window_view(values[:-1], baseline)  # win[k] = values[k:k + baseline]
        med_all[baseline:] = np.median(win, axis=1)
        mad_all[baseline:] = np.median(np.abs(win - med_all[baseline:, None]), axis=1)
    for i in range(min(n, max(baseline, 0))):
        past = values[max(0, i - baseline):i]
        if len(past):
            med_all[i] = np.median(past)
            mad_all[i] = np.median(np.abs(past - med_all[i]))
    first = 3 if baseline >= 3 else n  # a baseline needs 3 periods
    for i in np.flatnonzero((np.arange(n) >= first) & (values >= min_count)):
        med = float(med_all[i])
        mad = float(mad_all[i]) * 1.4826
        spread = max(mad, np.sqrt(med + 1.0))
        z = (values[i] - med) / spread
        if z >= threshold and values[i] >= min_count:
            rows.append({"period": counts.index[i], "count": int(values[i]), "baseline": med, "z": round(z, 2)})
    return pd.DataFrame(rows, columns=["period", "count", "baseline", "z"])


_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{3,}")


def explain_spikes(spikes: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame, *, freq: str,
                   names: dict | None = None, baseline: int | None = None, n: int = 3,
                   period_pairs: dict | None = None) -> pd.DataFrame:
    """What was new in each spike: over-represented actors and terms, and the top headline.

    Over-representation (lift) is the share of the spike's articles mentioning an actor
    (or using a word in the title) divided by its share in the baseline periods before
    it, smoothed with +1. Items must appear in at least 20% of the spike's articles and
    are ranked by share x log(lift), their contribution to how the spike differs.

    Each (article, actor) pair and each title's words are counted once per period, and a
    spike reads its period and the baseline periods before it. ``period_pairs`` replaces
    ``mentions`` and the titles when the caller keeps these pairs sorted by period
    (``dashboard.loaders`` does, per store): ``starts`` and ``art_code`` (:func:`period_codes`
    of ``articles``), ``actors`` (period codes in ascending order, actor codes, actor ids)
    of the distinct (article, actor) pairs, and ``words`` the same for the distinct
    (article, title word) pairs.
    """
    baseline = settings.get("spike_baseline") if baseline is None else baseline
    names = names or {}
    cols = ["period", "start", "end", "count", "baseline", "z", "actors", "terms", "headline", "article_ids"]
    if spikes.empty:
        return pd.DataFrame(columns=cols)
    # Periods as codes into a dense range of period starts; every window below is a range of codes.
    if period_pairs is not None:
        uniq, art_code = period_pairs["starts"], np.asarray(period_pairs["art_code"])
    else:
        uniq, art_code = period_codes(articles["published"], freq)
    art_order = np.argsort(art_code.astype(np.uint16) if len(uniq) < 2**16 - 1 else art_code,
                           kind="stable")  # articles by period, in ``articles`` order within one
    art_bounds = np.searchsorted(art_code[art_order], np.arange(len(uniq) + 1))

    def window(s_period) -> tuple[int, int, int]:
        """Codes of the baseline window's first period, of the spike's period, and one past it."""
        start = pd.Timestamp(s_period)
        before_start = start - (pd.Timedelta(days=7 * baseline) if freq == "W" else
                                pd.DateOffset(months=baseline) if freq == "M" else pd.Timedelta(days=baseline))
        lo = int(np.searchsorted(uniq, np.datetime64(before_start), side="left"))
        p0 = int(np.searchsorted(uniq, np.datetime64(start), side="left"))
        p1 = int(np.searchsorted(uniq, np.datetime64(start), side="right"))
        return lo, p0, p1

    windows = [window(p) for p in spikes["period"]]
    wanted = np.zeros(len(uniq) + 1, dtype=bool)  # the periods some spike reads (last slot: none)
    for lo, _, p1 in windows:
        wanted[lo:p1] = True

    if period_pairs is not None:
        a_code, a_item, e_values = period_pairs["actors"]
        actor_counts = _sorted_counts(a_code, a_item, len(uniq), len(e_values))
        w_code, w_item, word_values = period_pairs["words"]
        word_counts = _sorted_counts(w_code, w_item, len(uniq), len(word_values))
    else:
        actor_counts, e_values, word_counts, word_values = _spike_counts(articles, mentions, art_code, len(uniq),
                                                                         wanted)
    # Titles and ids of the spikes' articles, taken once.
    insides = [np.sort(art_order[art_bounds[p0]:art_bounds[p1]]) for _, p0, p1 in windows]
    offsets = np.concatenate([[0], np.cumsum([len(x) for x in insides])]).astype(np.int64)
    shown = np.concatenate(insides) if insides else np.array([], dtype=np.int64)
    shown_titles = articles["title"].take(shown).tolist()
    shown_ids = articles["article_id"].take(shown).tolist()
    published = articles["published"].array.asi8  # integers in time order (NaT first; never inside a period)
    rows = []
    for k, (s, (lo, p0, p1), inside_pos) in enumerate(zip(spikes.itertuples(index=False), windows, insides)):
        start, end = period_bounds(s.period, freq)
        at = slice(offsets[k], offsets[k + 1])  # this spike's articles in ``shown``
        n_in = max(1, len(inside_pos))
        n_bg = max(1, int(art_bounds[p0] - art_bounds[lo]))
        a_in, a_bg = _window_sum(actor_counts, p0, p1), _window_sum(actor_counts, lo, p0)
        # An explanation must hold for a fair share of the spike, not for two stray articles.
        floor = max(2, int(np.ceil(0.2 * n_in)))
        cand = {str(e_values[i]): (int(a_in[i]), int(a_bg[i])) for i in np.flatnonzero(a_in >= floor)}
        lift = {e: ((c + 1) / n_in) / ((bg + 1) / n_bg) for e, (c, bg) in cand.items()}

        # Rank by each item's contribution to the divergence of the spike from its baseline:
        # (share of spike articles) x log(lift): frequent *and* new beats rare-but-new.
        def kl(c, lft):
            return (c / n_in) * np.log(lft) if lft > 1 else 0.0

        actors = [names.get(e, e.split(":", 1)[-1]) for e, _ in
                  sorted(lift.items(), key=lambda kv: (-kl(cand[kv[0]][0], kv[1]), kv[0]))[:n]
                  if kl(cand[e][0], _) > 0]

        w_in, w_bg = _window_sum(word_counts, p0, p1), _window_sum(word_counts, lo, p0)
        wc = {str(word_values[i]): (int(w_in[i]), int(w_bg[i])) for i in np.flatnonzero(w_in >= floor)}
        tl = {w: ((c + 1) / n_in) / ((bg + 1) / n_bg) for w, (c, bg) in wc.items()}
        terms = [w for w, _ in sorted(tl.items(), key=lambda kv: (-kl(wc[kv[0]][0], kv[1]), kv[0]))[:n]
                 if kl(wc[w][0], _) > 0]
        # Top headline: the article sharing the most spike actors and terms; the earliest of those.
        head = ""
        if len(inside_pos):
            titles = shown_titles[at]
            ranks = np.array([sum(t in title.lower() for t in terms) for title in titles], dtype=np.int64)
            head = titles[int(np.lexsort((published[inside_pos], -ranks))[0])]
        rows.append({"period": s.period, "start": start, "end": end, "count": s.count, "baseline": s.baseline,
                     "z": s.z, "actors": actors, "terms": terms, "headline": head,
                     "article_ids": shown_ids[at]})
    return pd.DataFrame(rows, columns=cols)


def _spike_counts(articles, mentions, art_code, n_periods, wanted):
    """Per period, how many articles name each actor and use each title word (the wanted periods only)."""
    from components.vocab import NEWS_STOP_WORDS

    # Distinct (article, actor) pairs of the wanted periods.
    ma = pd.Index(articles["article_id"]).get_indexer(mentions["article_id"])
    e_codes, values = pd.factorize(mentions["entity_id"])
    e_values = pd.Index(values)
    m_code = np.append(art_code, n_periods)[ma]  # -1 (no article) reads the last slot
    keep = wanted[m_code] & (e_codes >= 0)
    n_ent = max(1, len(e_values))
    pairs = pd.unique(ma[keep].astype(np.int64) * n_ent + e_codes[keep].astype(np.int64))
    pair_art, pair_ent = np.divmod(pairs, n_ent)
    actor_counts = _period_counts(art_code[pair_art], pair_ent, n_periods, n_ent)
    # Distinct (article, title word) pairs of the wanted periods.
    pos = np.flatnonzero(wanted[art_code])
    w_rows, w_codes, word_values = title_word_pairs(articles["title"].take(pos), set(NEWS_STOP_WORDS))
    word_counts = _period_counts(art_code[pos[w_rows]], w_codes, n_periods, len(word_values))
    return actor_counts, e_values, word_counts, word_values


def _sorted_counts(period: np.ndarray, item: np.ndarray, n_periods: int, n_items: int):
    """Pairs already sorted by period: each period's slice, counted when a window is read."""
    return np.searchsorted(period, np.arange(n_periods + 1)), np.asarray(item), max(1, n_items)


def _period_counts(period: np.ndarray, item: np.ndarray, n_periods: int, n_items: int):
    """How many of the (period, item) pairs fall in each period and item, as a sparse row per period."""
    from scipy import sparse

    return sparse.csr_matrix((np.ones(len(period), dtype=np.int64), (period, item)),
                             shape=(max(1, n_periods), max(1, n_items)))


def _window_sum(counts, first: int, stop: int) -> np.ndarray:
    """Counts per item over the periods ``first`` to ``stop - 1``."""
    if isinstance(counts, tuple):  # pairs sorted by period (_sorted_counts)
        bounds, item, size = counts
        return np.bincount(item[bounds[first]:bounds[max(first, stop)]], minlength=size)
    if stop <= first:
        return np.zeros(counts.shape[1], dtype=np.int64)
    return np.asarray(counts[first:stop].sum(axis=0)).ravel()


def _arrow_strings(values: pd.Series):
    """A string column as an Arrow array (no copy when it is Arrow-backed already)."""
    import pyarrow as pa

    chunked = getattr(values.array, "_pa_array", None)
    if isinstance(chunked, pa.ChunkedArray) and pa.types.is_large_string(chunked.type):
        return chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
    return pa.array(values.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)


def title_word_pairs(titles: pd.Series, stop=None) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """The distinct (row, word) pairs of ``titles``: row positions, word codes and the words.

    Words are the ``_WORD`` matches, lower-cased, not in ``stop`` (default: the news stop
    words of :mod:`components.build.topics`), each counted once per title. A run of ASCII letters
    and hyphens holds one ``_WORD`` match: the run without its leading hyphens, when at
    least 4 characters long.

    >>> r, w, words = title_word_pairs(pd.Series(["Missile test -- missile", None, "Satellite launch"]), stop=set())
    >>> sorted((int(i), words[j]) for i, j in zip(r, w))
    [(0, 'missile'), (0, 'test'), (2, 'launch'), (2, 'satellite')]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if stop is None:
        from components.vocab import NEWS_STOP_WORDS

        stop = set(NEWS_STOP_WORDS)
    runs = pc.split_pattern_regex(_arrow_strings(titles), r"[^A-Za-z\-]+")
    parent = np.asarray(pc.list_parent_indices(runs))
    words = pc.ascii_lower(pc.utf8_ltrim(pc.list_flatten(runs), characters="-"))
    keep = pc.greater_equal(pc.utf8_length(words), 4)
    if stop:
        keep = pc.and_(keep, pc.invert(pc.is_in(words, value_set=pa.array(sorted(stop), type=words.type))))
    keep = keep.fill_null(False)
    encoded = words.filter(keep).dictionary_encode()
    codes = np.asarray(encoded.indices, dtype=np.int64)
    values = pd.Index(encoded.dictionary.to_pylist(), dtype=object)
    size = max(1, len(values))
    pairs = pd.unique(parent[np.asarray(keep, dtype=bool)].astype(np.int64) * size + codes)
    rows, word = np.divmod(pairs, size)
    return rows, word, values


def source_mix(articles: pd.DataFrame, *, top: int = 8) -> pd.DataFrame:
    """Articles per outlet with share (``source, count, share``), the rest grouped as "Other outlets"."""
    counts = articles["source"].value_counts()
    head = counts.head(top)
    rest = counts.iloc[top:].sum()
    out = head.rename_axis("source").reset_index(name="count")
    if rest:
        out = pd.concat([out, pd.DataFrame([{"source": "Other outlets", "count": int(rest)}])], ignore_index=True)
    out["share"] = out["count"] / max(1, int(counts.sum()))
    return out


def compare_series(articles: pd.DataFrame, groups: dict[str, set], *, freq: str = "W", unit: str = "articles",
                   all_articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Coverage of several named article sets side by side (actors or text queries, up to 6).

    ``groups`` maps a label to the article ids it covers.
    """
    if len(groups) > 6:
        raise ValueError(f"len(groups) == {len(groups)}, must be <= 6 for a readable chart")
    labels = articles["article_id"].map(lambda a: [g for g, ids in groups.items() if a in ids])
    return coverage(articles, freq=freq, unit=unit, by=labels, all_articles=all_articles)


def most_covered_actors(mentions: pd.DataFrame, entities: pd.DataFrame, *, n: int = 12, names: dict | None = None,
                        countries: bool = False, mention_article: np.ndarray | None = None,
                        mention_entity: tuple[np.ndarray, pd.Index] | None = None,
                        mention_first: np.ndarray | None = None) -> pd.DataFrame:
    """The ``n`` actors in the most articles (``entity_id, articles, name, type``), most first.

    Country actors are left out unless ``countries``. ``mention_article`` (any integer per
    article, one per mention) and ``mention_entity`` (codes into an index of actor ids) may
    be given instead of reading the ids from ``mentions``, and ``mention_first`` (True for
    the first mention of each (article, actor) pair) with them.

    >>> m = pd.DataFrame({"article_id": list("aabbc"), "entity_id": ["p:k", "p:k", "p:k", "country:X", "o:u"]})
    >>> e = pd.DataFrame({"entity_id": ["p:k", "o:u", "country:X"], "type": ["person", "org", "country"]})
    >>> most_covered_actors(m, e, names={"p:k": "Kim"}).values.tolist()
    [['p:k', 2, 'Kim', 'person'], ['o:u', 1, nan, 'org']]
    """
    if mention_article is not None and mention_entity is not None and len(mention_entity[1]):
        codes, values = np.asarray(mention_entity[0]), mention_entity[1]
        ok = codes >= 0
        size = len(values)
        if mention_first is not None:
            counts = np.bincount(codes[ok & np.asarray(mention_first, dtype=bool)], minlength=size)
        else:
            pairs = pd.unique(np.asarray(mention_article)[ok].astype(np.int64) * size + codes[ok].astype(np.int64))
            counts = np.bincount(pairs % size, minlength=size)
        nz = np.flatnonzero(counts)
        top = pd.Series(counts[nz], index=pd.Index(values[nz], name="entity_id")).sort_index()
    else:
        top = mentions.drop_duplicates(["article_id", "entity_id"]).groupby("entity_id").size()
    top = top.sort_values(ascending=False)
    chosen = [e for e in top.index if countries or not e.startswith("country:")][:n]
    data = top.loc[chosen].rename_axis("entity_id").reset_index(name="articles")
    data["name"] = data["entity_id"].map(names or {})
    data["type"] = data["entity_id"].map(entities.set_index("entity_id")["type"])
    return data


def topic_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per topic and the share of them whose topic is uncertain (``topic_id, size, share_low_confidence``)."""
    return (articles.groupby("topic_id").agg(size=("article_id", "size"),
                                             share_low_confidence=("low_confidence", "mean")).reset_index())


def topic_country_counts(articles: pd.DataFrame, *, top: int = 12,
                         pairs: tuple[np.ndarray, np.ndarray, pd.Index] | None = None) -> pd.DataFrame:
    """Articles per topic (rows) and focus country (columns: the ``top`` most covered countries).

    ``pairs``: the exploded ``countries`` when the caller has them, as (row position in
    ``articles``, country code, countries), in ``articles`` order.
    """
    if pairs is not None:
        rows, codes, values = pairs
        ex = pd.DataFrame({"topic_id": articles["topic_id"].to_numpy()[rows],
                           "countries": values.take(codes)}).dropna()
    else:
        ex = articles[["topic_id", "countries"]].explode("countries").dropna()
    top_c = ex["countries"].value_counts().head(top).index
    return pd.crosstab(ex["topic_id"], ex["countries"]).reindex(columns=top_c, fill_value=0)


def country_coverage(articles: pd.DataFrame, *, unit: str = "articles",
                     pairs: tuple[np.ndarray, np.ndarray, pd.Index] | None = None) -> pd.DataFrame:
    """Articles (or stories) per focus country (``country, count``) for the map and rankings.

    >>> arts = pd.DataFrame({"article_id": list("abc"), "story_id": list("aac"),
    ...                      "countries": [["PRK", "KOR"], ["PRK"], ["JPN"]]})
    >>> country_coverage(arts).values.tolist(), country_coverage(arts, unit="stories")["count"].tolist()
    ([['PRK', 2], ['JPN', 1], ['KOR', 1]], [1, 1, 1])
    """
    key = "story_id" if unit == "stories" and "story_id" in articles else "article_id"
    if pairs is not None and unit == "articles" and len(pairs[0]):
        # (article, country code) pairs of ``articles`` given by the caller: distinct articles per country.
        art, code, values = pairs
        size = len(values)
        distinct = pd.unique(np.asarray(art, dtype=np.int64) * size + np.asarray(code, dtype=np.int64))
        counts = np.bincount(distinct % size, minlength=size)
        nz = np.flatnonzero(counts)
        per = pd.Series(counts[nz], index=pd.Index(values[nz], name="countries"), name=key).sort_index()
    else:
        ex = articles[[key, "countries"]].explode("countries").dropna()
        per = ex.groupby("countries")[key].nunique()
    return (per.rename("count").rename_axis("country")
            .reset_index().sort_values(["count", "country"], ascending=[False, True], kind="stable")
            .reset_index(drop=True))
