"""Spikes in coverage and what explains them: the actors and title words new in a spike, and its headline.

Examples
--------
>>> s = pd.Series([5, 6, 5, 4, 5, 6, 5, 5, 25, 6, 5], index=pd.date_range("2023-01-02", periods=11, freq="W-MON"))
>>> options = SpikeOptions(threshold=3.5, baseline=8)
>>> detect_spikes(s, threshold=options.threshold, baseline=options.baseline)["count"].tolist()
[25]
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from components import settings
from components.analysis.coverage import period_bounds, period_codes

__all__ = ["SpikeOptions", "detect_spikes", "explain_spikes", "title_word_pairs"]


@dataclass(frozen=True)
class SpikeOptions:
    """The spike detector's settings, resolved once and passed to :func:`detect_spikes` and :func:`explain_spikes`.

    ``threshold``: robust z-score above which a period is a spike; ``baseline``: number of
    earlier periods in the trailing baseline.

    >>> SpikeOptions.from_settings(settings.resolve({"WIRESCOPE_SPIKE_BASELINE": "6"}))
    SpikeOptions(threshold=3.5, baseline=6)
    """

    threshold: float = settings.default("spike_threshold")
    baseline: int = settings.default("spike_baseline")

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> SpikeOptions:
        """The options of a resolved settings mapping (:func:`components.settings.resolve`)."""
        return cls(threshold=values["spike_threshold"], baseline=values["spike_baseline"])

def detect_spikes(counts: pd.Series, *, threshold: float = settings.default("spike_threshold"),
                  baseline: int = settings.default("spike_baseline"),
                  min_count: int = 5) -> pd.DataFrame:
    """Periods well above their trailing baseline (robust z-score).

    For each period, the baseline is the median of the previous ``baseline`` periods;
    the spread is 1.4826 x their median absolute deviation, floored at
    ``sqrt(median + 1)`` (the Poisson noise of a count) so a flat series never makes
    a spike out of a small wobble. A period is a spike when ``(count - median) /
    spread >= threshold`` and ``count >= min_count``: a handful of articles where there were none is a
    coincidence, not a story a briefing should headline. A slowly rising series is absorbed by the
    moving baseline.

    >>> s = pd.Series([5, 6, 5, 4, 5, 6, 5, 5, 25, 6, 5], index=pd.date_range("2023-01-02", periods=11, freq="W-MON"))
    >>> detect_spikes(s)[["period", "count"]].values.tolist()
    [[Timestamp('2023-02-27 00:00:00'), 25]]
    >>> detect_spikes(pd.Series([5] * 20)).empty, detect_spikes(pd.Series(range(10, 50, 2))).empty
    (True, True)
    >>> detect_spikes(pd.Series([0] * 10 + [4])).empty, detect_spikes(pd.Series([0] * 10 + [6]))["count"].tolist()
    (True, [6])
    """
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


_COLUMNS = ["period", "start", "end", "count", "baseline", "z", "actors", "terms", "headline", "article_ids"]


def explain_spikes(spikes: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame, *, freq: str,
                   names: dict | None = None, baseline: int = settings.default("spike_baseline"), n: int = 3,
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
    names = names or {}
    if spikes.empty:
        return pd.DataFrame(columns=_COLUMNS)
    # Periods as codes into a dense range of period starts; every window below is a range of codes.
    if period_pairs is not None:
        uniq, art_code = period_pairs["starts"], np.asarray(period_pairs["art_code"])
    else:
        uniq, art_code = period_codes(articles["published"], freq)
    art_order = np.argsort(art_code.astype(np.uint16) if len(uniq) < 2**16 - 1 else art_code,
                           kind="stable")  # articles by period, in ``articles`` order within one
    art_bounds = np.searchsorted(art_code[art_order], np.arange(len(uniq) + 1))
    windows = [_window(p, uniq, freq, baseline) for p in spikes["period"]]
    actor_counts, e_values, word_counts, word_values = _item_counts(articles, mentions, art_code, uniq, windows,
                                                                    period_pairs)
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
        actors = _new_items(actor_counts, e_values, (lo, p0, p1), n_in, n_bg, n)
        terms = _new_items(word_counts, word_values, (lo, p0, p1), n_in, n_bg, n)
        head = _headline(shown_titles[at], published[inside_pos], terms) if len(inside_pos) else ""
        rows.append({"period": s.period, "start": start, "end": end, "count": s.count, "baseline": s.baseline,
                     "z": s.z, "actors": [names.get(e, e.split(":", 1)[-1]) for e in actors], "terms": terms,
                     "headline": head, "article_ids": shown_ids[at]})
    return pd.DataFrame(rows, columns=_COLUMNS)


def _window(period, uniq: np.ndarray, freq: str, baseline: int) -> tuple[int, int, int]:
    """Codes (into the period starts ``uniq``) of the baseline window's first period, of the spike's period,
    and one past it."""
    start = pd.Timestamp(period)
    before_start = start - (pd.Timedelta(days=7 * baseline) if freq == "W" else
                            pd.DateOffset(months=baseline) if freq == "M" else pd.Timedelta(days=baseline))
    lo = int(np.searchsorted(uniq, np.datetime64(before_start), side="left"))
    p0 = int(np.searchsorted(uniq, np.datetime64(start), side="left"))
    p1 = int(np.searchsorted(uniq, np.datetime64(start), side="right"))
    return lo, p0, p1


def _item_counts(articles, mentions, art_code, uniq, windows, period_pairs):
    """Actor and title-word counts per period (the caller's sorted pairs, else counted for the periods the
    spikes read), with the actor ids and the words they count."""
    if period_pairs is not None:
        a_code, a_item, e_values = period_pairs["actors"]
        w_code, w_item, word_values = period_pairs["words"]
        return (_sorted_counts(a_code, a_item, len(uniq), len(e_values)), e_values,
                _sorted_counts(w_code, w_item, len(uniq), len(word_values)), word_values)
    wanted = np.zeros(len(uniq) + 1, dtype=bool)  # the periods some spike reads (last slot: none)
    for lo, _, p1 in windows:
        wanted[lo:p1] = True
    return _spike_counts(articles, mentions, art_code, len(uniq), wanted)


def _divergence(count: int, lift: float, n_in: int) -> float:
    """An item's contribution to the divergence of the spike from its baseline: (share of spike articles)
    x log(lift), so frequent *and* new beats rare-but-new."""
    return (count / n_in) * np.log(lift) if lift > 1 else 0.0


def _new_items(counts, values, window: tuple[int, int, int], n_in: int, n_bg: int, n: int) -> list[str]:
    """The ``n`` items (actor ids or words) that most set the spike apart from its baseline."""
    lo, p0, p1 = window
    c_in, c_bg = _window_sum(counts, p0, p1), _window_sum(counts, lo, p0)
    # An explanation must hold for a fair share of the spike, not for two stray articles.
    floor = max(2, int(np.ceil(0.2 * n_in)))
    cand = {str(values[i]): (int(c_in[i]), int(c_bg[i])) for i in np.flatnonzero(c_in >= floor)}
    lift = {e: ((c + 1) / n_in) / ((bg + 1) / n_bg) for e, (c, bg) in cand.items()}
    ranked = sorted(lift.items(), key=lambda kv: (-_divergence(cand[kv[0]][0], kv[1], n_in), kv[0]))[:n]
    return [e for e, lft in ranked if _divergence(cand[e][0], lft, n_in) > 0]


def _headline(titles: list[str], published: np.ndarray, terms: list[str]) -> str:
    """The title sharing the most of the spike's terms; the earliest of those."""
    ranks = np.array([sum(t in title.lower() for t in terms) for title in titles], dtype=np.int64)
    return titles[int(np.lexsort((published, -ranks))[0])]


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

    Words are the runs of ASCII letters and hyphens without their leading hyphens, at least
    4 characters long (the matches of ``[A-Za-z][A-Za-z\-]{3,}``), lower-cased and not in ``stop``
    (default: the news stop words of :mod:`components.vocab`), each counted once per title.

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
