"""The dashboard's data layer at scale (issue 11) gives exactly what the frame-based code gave.

Each test runs the code as it was before the integer arrays (kept here as the reference) next to
the loaders and components the views now call, on the demo store and on random frames.
"""
from __future__ import annotations

import logging
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import streamlit as st

from components import settings

from components.analysis import timeline
from components.analysis.filters import FilterIndex, Filters, filter_mask
from components.search import search
from components.store import article_texts, load_store, read_manifest

logging.getLogger("streamlit").setLevel(logging.ERROR)


# --- the code before the change (reference) --------------------------------------------------


def _ids_with_entities(mentions, entity_ids):
    return set(mentions.loc[mentions["entity_id"].isin(set(entity_ids)), "article_id"])


def filter_ids_before(articles, mentions, f):
    mask = pd.Series(True, index=articles.index)
    if f.date_from:
        mask &= articles["published"] >= pd.Timestamp(f.date_from, tz="UTC")
    if f.date_to:
        mask &= articles["published"] < pd.Timestamp(f.date_to, tz="UTC") + pd.Timedelta(days=1)
    if f.sources:
        mask &= articles["source"].isin(set(f.sources))
    if f.topics and "topic_id" in articles:
        mask &= articles["topic_id"].isin(set(f.topics))
    if f.countries:
        wanted = set(f.countries)
        if f.country_mode == "mentions":
            mask &= articles["article_id"].isin(_ids_with_entities(mentions, [f"country:{c}" for c in wanted]))
        else:
            mask &= articles["countries"].map(lambda cs: bool(wanted.intersection(cs if cs is not None else ())))
    if f.actors:
        mask &= articles["article_id"].isin(_ids_with_entities(mentions, f.actors))
    if f.search_ids is not None:
        mask &= articles["article_id"].isin(set(f.search_ids))
    return articles.loc[mask, "article_id"].tolist()


def positions_before(path, arts, ments, ents, filters):
    if filters.q.strip():
        filters = Filters(**{**filters.as_dict(), "search_ids": tuple(search(path, filters.q))})
    keep = set(filter_ids_before(arts, ments, filters))
    art_pos = np.flatnonzero(arts["article_id"].isin(keep).to_numpy())
    mask = ments["article_id"].isin(keep)
    if filters.actor_types:
        allowed = set(ents.loc[ents["type"].isin(set(filters.actor_types)), "entity_id"])
        mask &= ments["entity_id"].isin(allowed)
    return art_pos, np.flatnonzero(mask.to_numpy())


def detect_spikes_before(counts, *, threshold=None, baseline=None, min_count=3):
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


_WORD = timeline._WORD


def explain_spikes_before(spikes, articles, mentions, *, freq, names=None, baseline=None, n=3):
    from components.vocab import NEWS_STOP_WORDS

    baseline = settings.get("spike_baseline") if baseline is None else baseline
    names = names or {}
    cols = ["period", "start", "end", "count", "baseline", "z", "actors", "terms", "headline", "article_ids"]
    if spikes.empty:
        return pd.DataFrame(columns=cols)
    per = timeline._period(articles["published"], freq)
    stop = set(NEWS_STOP_WORDS)
    rows = []
    for s in spikes.itertuples(index=False):
        start, end = timeline.period_bounds(s.period, freq)
        inside = articles[per == s.period]
        before_start = start - (pd.Timedelta(days=7 * baseline) if freq == "W" else
                                pd.DateOffset(months=baseline) if freq == "M" else pd.Timedelta(days=baseline))
        before = articles[(per < s.period) & (per >= before_start)]
        n_in, n_bg = max(1, len(inside)), max(1, len(before))
        a_in = Counter(mentions.loc[mentions["article_id"].isin(set(inside["article_id"]))]
                       .drop_duplicates(["article_id", "entity_id"])["entity_id"])
        a_bg = Counter(mentions.loc[mentions["article_id"].isin(set(before["article_id"]))]
                       .drop_duplicates(["article_id", "entity_id"])["entity_id"])
        floor = max(2, int(np.ceil(0.2 * n_in)))
        lift = {e: ((c + 1) / n_in) / ((a_bg.get(e, 0) + 1) / n_bg) for e, c in a_in.items() if c >= floor}

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


def top_actors_before(ments, entities, names):
    top = (ments.drop_duplicates(["article_id", "entity_id"]).groupby("entity_id").size()
           .sort_values(ascending=False))
    ents = entities.set_index("entity_id")
    people_orgs = [e for e in top.index if not e.startswith("country:")][:12]
    data = top.loc[people_orgs].rename_axis("entity_id").reset_index(name="articles")
    data["name"] = data["entity_id"].map(names)
    data["type"] = data["entity_id"].map(ents["type"])
    return data


def options_before(arts, entities, topics):
    country_counts = arts["countries"].explode().value_counts()
    ents = entities.sort_values("n_articles", ascending=False).head(3000)
    return {"country": country_counts.index.tolist(), "country_counts": country_counts.to_dict(),
            "actor": ents["entity_id"].tolist(), "source": arts["source"].value_counts().index.tolist(),
            "topic": topics["topic_id"].tolist(), "min_date": arts["published"].min().date(),
            "max_date": arts["published"].max().date()}


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_store):
    t = load_store(demo_store)
    t["articles"]["countries"] = t["articles"]["countries"].map(lambda c: list(c) if c is not None else [])
    return t


@pytest.fixture()
def opened(demo_store):
    from dashboard import loaders

    st.cache_data.clear()
    st.cache_resource.clear()
    path = str(demo_store)
    version = loaders.store_version(path)
    yield loaders, path, version, loaders.open_store(path, version)
    st.cache_data.clear()
    st.cache_resource.clear()


def demo_filters(demo):
    arts, ents = demo["articles"], demo["entities"]
    people = ents[ents["type"] == "person"].sort_values(["n_articles", "entity_id"], ascending=[False, True])
    day = arts["published"].sort_values().iloc[len(arts) // 2].normalize()
    return [
        Filters(),
        Filters(countries=("USA",)),
        Filters(countries=("PRK", "RUS")),
        Filters(countries=("KOR",), country_mode="mentions"),
        Filters(countries=("XXX",)),
        Filters(actors=(people["entity_id"].iloc[0],)),
        Filters(actors=tuple(people["entity_id"].iloc[1:4]) + ("person:nobody",)),
        Filters(q="satellite"),
        Filters(q="nuclear AND test", countries=("PRK",)),
        Filters(date_from=day.date().isoformat(), date_to=(day + pd.Timedelta(days=13)).date().isoformat()),
        Filters(sources=(arts["source"].iloc[0],), topics=(int(arts["topic_id"].iloc[0]),)),
        Filters(actor_types=("person", "organisation")),
        Filters(actor_types=("country",), countries=("CHN",), date_from="2023-06-01"),
    ]


# --- tests -------------------------------------------------------------------------------------


def test_filter_mask_with_and_without_the_index_matches_the_old_filter(demo):
    arts, ments = demo["articles"], demo["mentions"]
    index = FilterIndex.build(arts, ments)
    for f in demo_filters(demo):
        f = Filters(**{**f.as_dict(), "q": ""}, search_ids=("nope",) + tuple(arts["article_id"][::3])) if f.q else f
        expected = filter_ids_before(arts, ments, f)
        assert arts["article_id"][filter_mask(arts, ments, f, index)].tolist() == expected, f
        assert arts["article_id"][filter_mask(arts, ments, f)].tolist() == expected, f


def test_filtered_positions_match_the_old_loader(demo, opened):
    loaders, path, version, s = opened
    assert s.index is not None
    for f in demo_filters(demo):
        art_pos, ment_pos, err = loaders.filtered_positions(path, version, f)
        old_art, old_ment = positions_before(path, demo["articles"], demo["mentions"], demo["entities"], f)
        assert err is None
        np.testing.assert_array_equal(art_pos, old_art)
        np.testing.assert_array_equal(ment_pos, old_ment)


def test_spikes_top_actors_and_countries_match_the_old_views(demo, opened):
    loaders, path, version, s = opened
    arts_all, ments_all = demo["articles"], demo["mentions"]
    names = s.entity_names
    for f in demo_filters(demo):
        art_pos, ment_pos = positions_before(path, arts_all, ments_all, demo["entities"], f)
        arts, ments = arts_all.iloc[art_pos], ments_all.iloc[ment_pos]
        if arts.empty:
            continue
        for freq in ("W", "M"):
            counts = timeline.coverage(arts, freq=freq).set_index("period")["count"]
            expected = explain_spikes_before(timeline.detect_spikes(counts), arts, ments, freq=freq, names=names)
            pd.testing.assert_frame_equal(loaders.spikes(path, version, f, freq), expected)
            latest = expected.sort_values("period", ascending=False).head(8)
            pd.testing.assert_frame_equal(
                loaders.spikes(path, version, f, freq, 8).sort_values("period", ascending=False).head(8), latest)
            pd.testing.assert_frame_equal(loaders.coverage(s, s.articles.iloc[art_pos], freq=freq),
                                          timeline.coverage(arts, freq=freq, all_articles=arts_all))
        pd.testing.assert_frame_equal(loaders.top_actors(path, version, f, 12),
                                      top_actors_before(ments, demo["entities"], names))
        pd.testing.assert_frame_equal(loaders.country_counts(path, version, f),
                                      timeline.country_coverage(arts))
        ex = arts[["topic_id", "countries"]].explode("countries").dropna()
        top_c = ex["countries"].value_counts().head(12).index
        pd.testing.assert_frame_equal(loaders.topic_countries(path, version, f, 12),
                                      pd.crosstab(ex["topic_id"], ex["countries"]).reindex(columns=top_c, fill_value=0))
        pd.testing.assert_frame_equal(loaders.country_counts(path, version, f, "stories"),
                                      timeline.country_coverage(arts, unit="stories"))


def test_statement_rows_match_the_old_view(demo, opened):
    loaders, path, version, s = opened
    for f in demo_filters(demo):
        art_pos, _ = positions_before(path, demo["articles"], demo["mentions"], demo["entities"], f)
        ids = set(demo["articles"]["article_id"].iloc[art_pos])
        expected = s.statements[s.statements["article_id"].isin(ids)]
        pd.testing.assert_frame_equal(s.statements.iloc[loaders.statement_rows(path, version, f)], expected)


def test_sidebar_options_are_computed_once_and_match(demo, opened):
    from dashboard.widgets import _options

    loaders, path, version, s = opened
    opts = _options(s)
    assert _options(s) is opts  # cached per store version
    before = options_before(demo["articles"], demo["entities"], demo["topics"])
    assert {k: opts[k] for k in before} == before


def test_texts_are_left_on_disk_and_read_by_id(demo, demo_store, opened):
    loaders, path, version, s = opened
    assert "text" not in s.articles.columns and "sentence" not in s.statements.columns
    assert "text" in s.statements.columns  # statement tables show it
    full = demo["articles"].set_index("article_id")["text"]
    ids = tuple(demo["articles"]["article_id"].iloc[[5, 0, 17, 3]]) + ("not-an-id",)
    got = loaders.texts(path, version, ids)
    assert got.index.tolist() == list(ids[:-1]) and got.tolist() == full.loc[list(ids[:-1])].tolist()
    arts = loaders.with_texts(s, s.articles.iloc[[2, 9]])
    assert arts["text"].tolist() == full.iloc[[2, 9]].tolist()
    # Wrong positions (a rebuilt index, say) are caught by the id check and read from the parquet file.
    wrong = article_texts(demo_store, list(ids[:2]), positions=[7, 8])
    assert wrong.tolist() == full.loc[list(ids[:2])].tolist()
    assert read_manifest(demo_store)["counts"]["articles"] == len(s.articles)


def test_explain_spikes_matches_the_old_code_on_random_frames():
    rng = np.random.default_rng(7)
    n = 3000
    days = pd.Timestamp("2023-01-02", tz="UTC") + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    burst = rng.random(n) < 0.15
    days = days.where(~burst, pd.Timestamp("2023-06-14", tz="UTC"))
    words = np.array(["missile", "launch", "summit", "trade", "talks", "sanctions", "satellite", "visit"])
    titles = [" ".join(rng.choice(words, 3)) for _ in range(n)]
    titles[5] = None
    arts = pd.DataFrame({"article_id": [f"a{i:05d}" for i in range(n)], "published": days, "title": titles})
    arts.loc[7, "published"] = pd.NaT  # an undated article is in no period
    arts = arts.sample(frac=1.0, random_state=1).reset_index(drop=True)
    m = 12000
    ments = pd.DataFrame({"article_id": arts["article_id"].to_numpy()[rng.integers(0, n, m)],
                          "entity_id": [f"person:p{i}" for i in rng.zipf(1.6, m) % 40]})
    ments.loc[arts["article_id"].isin(arts.loc[burst, "article_id"]).pipe(
        lambda s: ments["article_id"].isin(arts.loc[s, "article_id"])), "entity_id"] = "org:burst"
    ments = pd.concat([ments, pd.DataFrame({"article_id": ["gone"], "entity_id": ["person:p1"]})], ignore_index=True)
    for freq in ("D", "W", "M"):
        counts = timeline.coverage(arts, freq=freq).set_index("period")["count"]
        sp = timeline.detect_spikes(counts, threshold=2.0)
        got = timeline.explain_spikes(sp, arts, ments, freq=freq, names={"org:burst": "Burst"})
        pd.testing.assert_frame_equal(got, explain_spikes_before(sp, arts, ments, freq=freq,
                                                                 names={"org:burst": "Burst"}))
        assert len(sp) > 0


def test_most_covered_actors_with_codes_matches_the_frames(demo):
    ments, ents = demo["mentions"], demo["entities"]
    names = dict(zip(ents["entity_id"], ents["name"]))
    codes, values = pd.factorize(ments["entity_id"])
    art = pd.Index(demo["articles"]["article_id"]).get_indexer(ments["article_id"])
    fast = timeline.most_covered_actors(ments, ents, names=names, mention_article=art,
                                        mention_entity=(codes, pd.Index(values)))
    pd.testing.assert_frame_equal(fast, top_actors_before(ments, ents, names))


def test_detect_spikes_matches_the_old_loop():
    rng = np.random.default_rng(0)
    for trial in range(120):
        n = int(rng.integers(0, 120))
        v = rng.poisson(rng.uniform(0.5, 30), n).astype(float)
        if trial % 3 == 0 and n:
            v[rng.integers(0, n, 5)] *= 6
        if trial % 5 == 0:
            v = np.round(v * rng.uniform(0.1, 3), 3)
        s = pd.Series(v, index=pd.date_range("2020-01-06", periods=n, freq="W-MON"))
        for baseline in (0, 2, 3, 4, 8, 13):
            for threshold in (1.0, 3.5):
                pd.testing.assert_frame_equal(timeline.detect_spikes(s, baseline=baseline, threshold=threshold),
                                              detect_spikes_before(s, baseline=baseline, threshold=threshold))


def test_coverage_fast_paths_match(demo):
    arts = demo["articles"]
    for sub in (arts, arts[arts["source"] == arts["source"].iloc[0]], arts.iloc[::7]):
        for freq in ("D", "W", "M"):
            for unit in ("articles", "stories"):
                slow = timeline.coverage(sub, freq=freq, unit=unit, all_articles=arts)
                fast = timeline.coverage(sub, freq=freq, unit=unit, unique_ids=True,
                                         totals=timeline.period_totals(arts, freq=freq, unit=unit, unique_ids=True))
                pd.testing.assert_frame_equal(fast, slow)
            by = sub["topic_id"]
            pd.testing.assert_frame_equal(
                timeline.coverage(sub, freq=freq, by=by, all_articles=sub, unique_ids=True, rolling=3),
                timeline.coverage(sub, freq=freq, by=by, all_articles=sub, rolling=3))
            pd.testing.assert_series_equal(timeline.period_totals(sub, freq=freq, unique_ids=True),
                                           timeline.period_totals(sub, freq=freq))


def test_one_chunk_keeps_values_and_dtypes(demo_store):
    import pyarrow as pa

    from components.store import one_chunk

    parts = [pd.read_parquet(demo_store / "mentions.parquet").iloc[i::2] for i in range(2)]
    df = pd.concat(parts, ignore_index=True)
    assert df["entity_id"].array._pa_array.num_chunks > 1
    joined = one_chunk(df.copy())
    pd.testing.assert_frame_equal(joined, df)
    assert isinstance(joined["entity_id"].array._pa_array, pa.ChunkedArray)
    assert joined["entity_id"].array._pa_array.num_chunks == 1


def test_actor_counts_and_statements_about_match_the_old_actor_page(demo, opened):
    from components.analysis.statements import about

    loaders, path, version, s = opened
    for f in demo_filters(demo):
        art_pos, ment_pos = positions_before(path, demo["articles"], demo["mentions"], demo["entities"], f)
        ments = demo["mentions"].iloc[ment_pos]
        expected = ments.drop_duplicates(["article_id", "entity_id"])["entity_id"].value_counts()
        pd.testing.assert_series_equal(loaders.actor_counts(path, version, f), expected)
    for focus in list(s.entities["entity_id"].iloc[:40]) + ["country:USA", "person:nobody"]:
        pd.testing.assert_frame_equal(s.statements.iloc[loaders.statement_rows_about(path, version, focus)],
                                      about(s.statements, focus))


def test_coverage_breakdown_by_actor_matches(demo, opened):
    from dashboard.context import Context
    from dashboard.views.coverage import _series

    loaders, path, version, s = opened
    for f in demo_filters(demo)[:7]:
        art_pos, ment_pos, _ = loaders.filtered_positions(path, version, f)
        ctx = Context(store=s, filters=f, arts=s.articles.iloc[art_pos], ments=s.mentions.iloc[ment_pos])
        ments, arts = ctx.ments, ctx.arts
        chosen = list(f.actors) or [e for e in ments.drop_duplicates(["article_id", "entity_id"])["entity_id"]
                                    .value_counts().index if not e.startswith("country:")][:6]
        ids = ments[ments["entity_id"].isin(chosen[:6])].groupby("article_id")["entity_id"].agg(list)
        expected = arts["article_id"].map(lambda a: [s.entity_names.get(e, e) for e in ids.get(a, [])])
        pd.testing.assert_series_equal(_series(ctx, "actor"), expected)
