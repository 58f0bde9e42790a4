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
from collections import Counter

import numpy as np
import pandas as pd

from components import settings

__all__ = ["read_events", "coverage", "detect_spikes", "explain_spikes", "source_mix", "period_bounds", "FREQS",
           "compare_series", "country_coverage"]

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


def coverage(articles: pd.DataFrame, *, freq: str = "W", unit: str = "articles", by: pd.Series | None = None,
             all_articles: pd.DataFrame | None = None, rolling: int = 0) -> pd.DataFrame:
    """Counts per period (``period, series, count, total, share, small_n``).

    Parameters
    ----------
    unit : ``articles``, or ``stories`` (near-duplicates counted once, via ``story_id``).
    by : optional series label per article (index aligned with ``articles``; lists are
         exploded), giving one row per period and label.
    all_articles : the whole store, for ``share`` = count / all coverage of the period.
    rolling : window (periods) of a centred rolling mean added as ``rolling``.
    Periods with no articles are present with count 0.
    """
    if unit not in {"articles", "stories"}:
        raise ValueError(f"unit == {unit!r}, must be 'articles' or 'stories'")
    cols = ["period", "series", "count", "total", "share", "small_n", "rolling"]
    if articles.empty:
        return pd.DataFrame(columns=cols)
    key = "story_id" if unit == "stories" and "story_id" in articles else "article_id"
    df = pd.DataFrame({"period": _period(articles["published"], freq), "key": articles[key].to_numpy()},
                      index=articles.index)
    df["series"] = by if by is not None else "All"
    df = df.explode("series").dropna(subset=["series"])
    counts = df.groupby(["series", "period"])["key"].nunique().rename("count")
    base = all_articles if all_articles is not None else articles
    bkey = "story_id" if unit == "stories" and "story_id" in base else "article_id"
    totals = (pd.DataFrame({"period": _period(base["published"], freq), "key": base[bkey].to_numpy()})
              .groupby("period")["key"].nunique().rename("total"))
    rng = _full_range(pd.concat([df["period"], totals.index.to_series()]), freq)
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
    for i in range(len(values)):
        past = values[max(0, i - baseline):i]
        if len(past) < 3:
            continue
        med = float(np.median(past))
        mad = float(np.median(np.abs(past - med))) * 1.4826
        spread = max(mad, np.sqrt(med + 1.0))
        z = (values[i] - med) / spread
        if z >= threshold and values[i] >= min_count:
            rows.append({"period": counts.index[i], "count": int(values[i]), "baseline": med, "z": round(z, 2)})
    return pd.DataFrame(rows, columns=["period", "count", "baseline", "z"])


_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{3,}")


def explain_spikes(spikes: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame, *, freq: str,
                   names: dict | None = None, baseline: int | None = None, n: int = 3) -> pd.DataFrame:
    """What was new in each spike: over-represented actors and terms, and the top headline.

    Over-representation (lift) is the share of the spike's articles mentioning an actor
    (or using a word in the title) divided by its share in the baseline periods before
    it, smoothed with +1. Items must appear in at least 20% of the spike's articles and
    are ranked by share x log(lift), their contribution to how the spike differs.
    """
    from components.topics import NEWS_STOP_WORDS

    baseline = settings.get("spike_baseline") if baseline is None else baseline
    names = names or {}
    cols = ["period", "start", "end", "count", "baseline", "z", "actors", "terms", "headline", "article_ids"]
    if spikes.empty:
        return pd.DataFrame(columns=cols)
    per = _period(articles["published"], freq)
    stop = set(NEWS_STOP_WORDS)
    rows = []
    for s in spikes.itertuples(index=False):
        start, end = period_bounds(s.period, freq)
        inside = articles[per == s.period]
        before_start = start - (pd.Timedelta(days=7 * baseline) if freq == "W" else
                                pd.DateOffset(months=baseline) if freq == "M" else pd.Timedelta(days=baseline))
        before = articles[(per < s.period) & (per >= before_start)]
        n_in, n_bg = max(1, len(inside)), max(1, len(before))
        a_in = Counter(mentions.loc[mentions["article_id"].isin(set(inside["article_id"]))]
                       .drop_duplicates(["article_id", "entity_id"])["entity_id"])
        a_bg = Counter(mentions.loc[mentions["article_id"].isin(set(before["article_id"]))]
                       .drop_duplicates(["article_id", "entity_id"])["entity_id"])
        # An explanation must hold for a fair share of the spike, not for two stray articles.
        floor = max(2, int(np.ceil(0.2 * n_in)))
        lift = {e: ((c + 1) / n_in) / ((a_bg.get(e, 0) + 1) / n_bg) for e, c in a_in.items() if c >= floor}
        # Rank by each item's contribution to the divergence of the spike from its baseline:
        # (share of spike articles) x log(lift): frequent *and* new beats rare-but-new.
        def kl(c, lft):
            return (c / n_in) * np.log(lft) if lft > 1 else 0.0

        actors = [names.get(e, e.split(":", 1)[-1]) for e, _ in
                  sorted(lift.items(), key=lambda kv: (-kl(a_in[kv[0]], kv[1]), kv[0]))[:n] if kl(a_in[e], _) > 0]

        def words(df):
            return Counter(w for t in df["title"].fillna("") for w in {x.lower() for x in _WORD.findall(t)}
                           if w not in stop)

        w_in, w_bg = words(inside), words(before)
        tl = {w: ((c + 1) / n_in) / ((w_bg.get(w, 0) + 1) / n_bg) for w, c in w_in.items() if c >= floor}
        terms = [w for w, _ in sorted(tl.items(), key=lambda kv: (-kl(w_in[kv[0]], kv[1]), kv[0]))[:n]
                 if kl(w_in[w], _) > 0]
        # Top headline: the article sharing the most spike actors and terms.
        def rank(row):
            title = row["title"].lower()
            return sum(t in title for t in terms)
        head = ""
        if len(inside):
            head = inside.assign(_r=inside.apply(rank, axis=1)).sort_values(["_r", "published"],
                                                                            ascending=[False, True])["title"].iloc[0]
        rows.append({"period": s.period, "start": start, "end": end, "count": s.count, "baseline": s.baseline,
                     "z": s.z, "actors": actors, "terms": terms, "headline": head,
                     "article_ids": inside["article_id"].tolist()})
    return pd.DataFrame(rows, columns=cols)


def read_events(data: bytes) -> tuple[pd.DataFrame, list[str]]:
    r"""An analyst's CSV of dated events (columns ``date`` and ``label``, any date style) and the problems found.

    >>> ev, problems = read_events(b"date,label\n2023-11-21,Satellite launch\nsoon,Bad row\n19 June 2024,Putin visit\n")
    >>> ev["label"].tolist(), problems
    (['Satellite launch', 'Putin visit'], ["line 3: no usable date in 'soon'"])
    """
    import io

    from components.dates import parse_date
    from components.readers import decode

    text, _ = decode(data)
    if text is None:
        return pd.DataFrame(columns=["date", "label"]), ["not a text file"]
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return pd.DataFrame(columns=["date", "label"]), [f"not a readable CSV ({exc})"]
    cols = {c.lower().strip(): c for c in raw.columns}
    if "date" not in cols or "label" not in cols:
        return pd.DataFrame(columns=["date", "label"]), [f"needs columns 'date' and 'label', found {list(raw.columns)}"]
    rows, problems = [], []
    for i, (d, label) in enumerate(zip(raw[cols["date"]], raw[cols["label"]]), start=2):
        when = parse_date(d)
        if when is None:
            problems.append(f"line {i}: no usable date in {d[:30]!r}")
        elif not label.strip():
            problems.append(f"line {i}: empty label")
        else:
            rows.append({"date": when.tz_localize(None), "label": label.strip()[:80]})
    return pd.DataFrame(rows, columns=["date", "label"]), problems


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


def country_coverage(articles: pd.DataFrame, *, unit: str = "articles") -> pd.DataFrame:
    """Articles (or stories) per focus country (``country, count``) for the map and rankings.

    >>> arts = pd.DataFrame({"article_id": list("abc"), "story_id": list("aac"),
    ...                      "countries": [["PRK", "KOR"], ["PRK"], ["JPN"]]})
    >>> country_coverage(arts).values.tolist(), country_coverage(arts, unit="stories")["count"].tolist()
    ([['PRK', 2], ['JPN', 1], ['KOR', 1]], [1, 1, 1])
    """
    key = "story_id" if unit == "stories" and "story_id" in articles else "article_id"
    ex = articles[[key, "countries"]].explode("countries").dropna()
    return (ex.groupby("countries")[key].nunique().rename("count").rename_axis("country")
            .reset_index().sort_values(["count", "country"], ascending=[False, True], kind="stable")
            .reset_index(drop=True))
