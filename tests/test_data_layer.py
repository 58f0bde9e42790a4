"""The dashboard's data layer at scale (issue 11) gives exactly what the frame-based code gave.

The expected values are recorded in ``tests/fixtures/data_layer_expected.json``. They were recorded
once (issue 21) from the frame-based code the integer arrays replaced (kept in this file until then:
see its git history), which the loaders matched, on the demo store and on seeded random frames. A
deliberate change to the demo corpus or the pipeline needs a new recording from the current code:
``.venv/bin/python tests/test_data_layer.py --record`` (then read the diff: it is the change).
"""
from __future__ import annotations

import json
import logging
import sys

import numpy as np
import pandas as pd
import pytest
import streamlit as st

from components.analysis.counts import country_coverage, most_covered_actors
from components.analysis.coverage import coverage, period_totals
from components.analysis.spikes import detect_spikes, explain_spikes
from components.analysis.filters import FilterIndex, Filters, filter_mask
from components.store import article_texts, load_store, read_manifest

from conftest import FIXTURES

logging.getLogger("streamlit").setLevel(logging.ERROR)
EXPECTED = FIXTURES / "data_layer_expected.json"


# --- recorded values -----------------------------------------------------------------------------


def _runs(positions) -> list[int]:
    """Sorted positions as ``[start, stop, start, stop, ...]`` runs (a filter keeps long runs)."""
    p = np.asarray(positions, dtype=np.int64)
    cut = np.flatnonzero(np.diff(p) != 1) + 1
    return np.column_stack([p[np.r_[0, cut]], p[np.r_[cut - 1, len(p) - 1]] + 1]).ravel().tolist() if len(p) else []


def _positions(runs: list[int]) -> np.ndarray:
    pairs = np.asarray(runs, dtype=np.int64).reshape(-1, 2)
    return np.concatenate([np.arange(a, b) for a, b in pairs]) if len(pairs) else np.array([], dtype=np.int64)


def _plain(value):
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)  # timestamps and dates, in ISO form


def _frame_record(df: pd.DataFrame) -> dict:
    return {"columns": list(df.columns), "dtypes": [str(t) for t in df.dtypes],
            "rows": df.astype(object).to_numpy().tolist()}


def _frame(rec: dict) -> pd.DataFrame:
    df = pd.DataFrame(rec["rows"], columns=rec["columns"], dtype=object)
    for col, dtype in zip(rec["columns"], rec["dtypes"]):
        if dtype != "object":
            df[col] = pd.to_datetime(df[col]).astype(dtype) if dtype.startswith("datetime") else df[col].astype(dtype)
    return df


@pytest.fixture(scope="module")
def expected(demo):
    rec = json.loads(EXPECTED.read_text())
    if rec["filters"] != [repr(f) for f in demo_filters(demo)]:
        pytest.fail(f"the demo store's filters differ from those recorded in {EXPECTED.name}: the demo corpus or "
                    "the pipeline changed; re-record with `.venv/bin/python tests/test_data_layer.py --record`")
    return rec


# --- fixtures ----------------------------------------------------------------------------------


def _demo(path):
    t = load_store(path)
    t["articles"]["countries"] = t["articles"]["countries"].map(lambda c: list(c) if c is not None else [])
    return t


@pytest.fixture(scope="module")
def demo(demo_store):
    return _demo(demo_store)


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


def _searched(demo):
    """The demo filters with each text query replaced by a fixed set of matching ids (filter_mask's input)."""
    arts = demo["articles"]
    return [Filters(**{**f.as_dict(), "q": ""}, search_ids=("nope",) + tuple(arts["article_id"][::3])) if f.q else f
            for f in demo_filters(demo)]


def _random_frames():
    """3,000 articles over 400 days with a burst on 2023-06-14 (one actor in all its articles), 12,001 mentions."""
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
    return arts, ments


def _random_spikes(freq):
    arts, ments = _random_frames()
    counts = coverage(arts, freq=freq).set_index("period")["count"]
    sp = detect_spikes(counts, threshold=2.0)
    return sp, explain_spikes(sp, arts, ments, freq=freq, names={"org:burst": "Burst"})


def _random_series():
    """120 seeded weekly series, some with bursts, some fractional; with the spike detector's settings."""
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
                yield s, {"baseline": baseline, "threshold": threshold}


# --- tests -------------------------------------------------------------------------------------


def test_filter_mask_with_and_without_the_index_matches_the_old_filter(demo, expected):
    arts, ments, ents = demo["articles"], demo["mentions"], demo["entities"]
    index = FilterIndex.build(arts, ments, ents)
    for f, runs in zip(_searched(demo), expected["filter_ids"]):
        expected = arts["article_id"].iloc[_positions(runs)].tolist()
        assert arts["article_id"][filter_mask(arts, ments, f, index)].tolist() == expected, f
        assert arts["article_id"][filter_mask(arts, ments, f, entities=ents)].tolist() == expected, f


def test_filtered_positions_match_the_old_loader(demo, opened, expected):
    loaders, path, version, s = opened
    assert s.index is not None
    for f, (old_art, old_ment) in zip(demo_filters(demo), expected["positions"]):
        art_pos, ment_pos, err = loaders.filtered_positions(path, version, f)
        assert err is None
        np.testing.assert_array_equal(art_pos, _positions(old_art))
        np.testing.assert_array_equal(ment_pos, _positions(old_ment))


def test_spikes_top_actors_and_countries_match_the_old_views(demo, opened, expected):
    loaders, path, version, s = opened
    arts_all = demo["articles"]
    for i, f in enumerate(demo_filters(demo)):
        art_pos = _positions(expected["positions"][i][0])
        arts = arts_all.iloc[art_pos]
        if arts.empty:
            continue
        for freq in ("W", "M"):
            want = _frame(expected["spikes"][i][freq])
            pd.testing.assert_frame_equal(loaders.spikes(path, version, f, freq), want)
            latest = want.sort_values("period", ascending=False).head(8)
            pd.testing.assert_frame_equal(
                loaders.spikes(path, version, f, freq, 8).sort_values("period", ascending=False).head(8), latest)
            pd.testing.assert_frame_equal(loaders.coverage(s, s.articles.iloc[art_pos], freq=freq),
                                          coverage(arts, freq=freq, all_articles=arts_all))
        pd.testing.assert_frame_equal(loaders.top_actors(path, version, f, 12), _frame(expected["top_actors"][i]))
        pd.testing.assert_frame_equal(loaders.country_counts(path, version, f),
                                      country_coverage(arts))
        ex = arts[["topic_id", "countries"]].explode("countries").dropna()
        top_c = ex["countries"].value_counts().head(12).index
        pd.testing.assert_frame_equal(loaders.topic_countries(path, version, f, 12),
                                      pd.crosstab(ex["topic_id"], ex["countries"]).reindex(columns=top_c, fill_value=0))
        pd.testing.assert_frame_equal(loaders.country_counts(path, version, f, "stories"),
                                      country_coverage(arts, unit="stories"))


def test_statement_rows_match_the_old_view(demo, opened, expected):
    loaders, path, version, s = opened
    for f, (art_runs, _) in zip(demo_filters(demo), expected["positions"]):
        art_pos = _positions(art_runs)
        ids = set(demo["articles"]["article_id"].iloc[art_pos])
        expected = s.statements[s.statements["article_id"].isin(ids)]
        pd.testing.assert_frame_equal(s.statements.iloc[loaders.statement_rows(path, version, f)], expected)


def test_sidebar_options_are_computed_once_and_match(demo, opened, expected):
    from dashboard.widgets import _options

    loaders, path, version, s = opened
    opts = _options(s)
    assert _options(s) is opts  # cached per store version
    before = expected["options"]
    assert json.loads(json.dumps({k: opts[k] for k in before}, default=_plain)) == before


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


def test_explain_spikes_matches_the_old_code_on_random_frames(expected):
    for freq in ("D", "W", "M"):
        sp, got = _random_spikes(freq)
        pd.testing.assert_frame_equal(got, _frame(expected["random_spikes"][freq]))
        assert len(sp) > 0


def test_most_covered_actors_with_codes_matches_the_frames(demo, expected):
    ments, ents = demo["mentions"], demo["entities"]
    names = dict(zip(ents["entity_id"], ents["name"]))
    codes, values = pd.factorize(ments["entity_id"])
    art = pd.Index(demo["articles"]["article_id"]).get_indexer(ments["article_id"])
    fast = most_covered_actors(ments, ents, names=names, mention_article=art,
                                        mention_entity=(codes, pd.Index(values)))
    pd.testing.assert_frame_equal(fast, _frame(expected["top_actors"][0]))  # the unfiltered demo store's


def test_detect_spikes_matches_the_old_loop(expected):
    rec = expected["detect_spikes"]  # a spike's period is recorded as its position in the series
    for (s, kw), rows in zip(_random_series(), rec["rows"], strict=True):
        want = _frame({"columns": rec["columns"], "dtypes": rec["dtypes"] if rows else rec["empty_dtypes"],
                       "rows": [[s.index[i], *rest] for i, *rest in rows]})
        pd.testing.assert_frame_equal(detect_spikes(s, **kw), want)


def test_coverage_fast_paths_match(demo):
    arts = demo["articles"]
    for sub in (arts, arts[arts["source"] == arts["source"].iloc[0]], arts.iloc[::7]):
        for freq in ("D", "W", "M"):
            for unit in ("articles", "stories"):
                slow = coverage(sub, freq=freq, unit=unit, all_articles=arts)
                fast = coverage(sub, freq=freq, unit=unit, unique_ids=True,
                                         totals=period_totals(arts, freq=freq, unit=unit, unique_ids=True))
                pd.testing.assert_frame_equal(fast, slow)
            by = sub["topic_id"]
            pd.testing.assert_frame_equal(
                coverage(sub, freq=freq, by=by, all_articles=sub, unique_ids=True, rolling=3),
                coverage(sub, freq=freq, by=by, all_articles=sub, rolling=3))
            pd.testing.assert_series_equal(period_totals(sub, freq=freq, unique_ids=True),
                                           period_totals(sub, freq=freq))


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


def test_actor_counts_and_statements_about_match_the_old_actor_page(demo, opened, expected):
    from components.analysis.statements import about

    loaders, path, version, s = opened
    for f, (_, ment_runs) in zip(demo_filters(demo), expected["positions"]):
        ments = demo["mentions"].iloc[_positions(ment_runs)]
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
        ctx = Context(store=s, filters=f, arts=s.articles.iloc[art_pos], mentions=s.mentions.iloc[ment_pos])
        ments, arts = ctx.ments, ctx.arts
        chosen = list(f.actors) or [e for e in ments.drop_duplicates(["article_id", "entity_id"])["entity_id"]
                                    .value_counts().index if not e.startswith("country:")][:6]
        ids = ments[ments["entity_id"].isin(chosen[:6])].groupby("article_id")["entity_id"].agg(list)
        expected = arts["article_id"].map(lambda a: [s.entity_names.get(e, e) for e in ids.get(a, [])])
        pd.testing.assert_series_equal(_series(ctx, "actor"), expected)


def _places_frames():
    """Six articles: a country named, a GeoNames place in it, a place elsewhere, a person and an organisation
    affiliated to it, and a place with no country."""
    arts = pd.DataFrame({"article_id": list("abcdef"), "countries": [["PRK"], [], ["USA"], ["PRK"], [], []],
                         "published": pd.to_datetime(["2024-01-0%d" % d for d in range(1, 7)], utc=True)})
    ments = pd.DataFrame({"article_id": list("abcdef") + ["gone"],
                          "entity_id": ["country:PRK", "place:wonsan", "place:tulsa", "person:kim-jong-un",
                                        "org:guessed", "place:east-sea", "place:wonsan"]})
    ents = pd.DataFrame({"entity_id": ["country:PRK", "place:wonsan", "place:tulsa", "person:kim-jong-un",
                                       "org:guessed", "place:east-sea"],
                         "type": ["country", "place", "place", "person", "organisation", "place"],
                         "country": ["PRK", "PRK", "USA", "PRK", "PRK", ""],
                         "country_source": ["gazetteer", "geonames", "geonames", "gazetteer", "inferred", ""]})
    return arts, ments, ents


def test_places_count_for_their_country_under_the_mentions_reading():
    """Issue 17: "mentions" counts the country named or any place in it; people, organisations and guessed
    affiliations count for nothing; "about" is unchanged. The index and the frames agree."""
    arts, ments, ents = _places_frames()
    index = FilterIndex.build(arts, ments, ents)
    cases = {("PRK",): ["a", "b"], ("USA",): ["c"], ("PRK", "USA"): ["a", "b", "c"], ("JPN",): [], (): list("abcdef")}
    for countries, want in cases.items():
        f = Filters(countries=countries, country_mode="mentions")
        assert arts["article_id"][filter_mask(arts, ments, f, index)].tolist() == want, countries
        assert arts["article_id"][filter_mask(arts, ments, f, entities=ents)].tolist() == want, countries
    about = Filters(countries=("PRK",))
    assert arts["article_id"][filter_mask(arts, ments, about, index)].tolist() == ["a", "d"]
    # an analyst's affiliation of a place counts; without the entities only the country actor does
    moved = ents.assign(country=ents["country"].where(ents["entity_id"] != "place:east-sea", "PRK"),
                        country_source=ents["country_source"].where(ents["entity_id"] != "place:east-sea", "analyst"))
    f = Filters(countries=("PRK",), country_mode="mentions")
    assert arts["article_id"][filter_mask(arts, ments, f, FilterIndex.build(arts, ments, moved))].tolist() == \
        ["a", "b", "f"]
    assert arts["article_id"][filter_mask(arts, ments, f, FilterIndex.build(arts, ments))].tolist() == ["a"]
    assert arts["article_id"][filter_mask(arts, ments, f)].tolist() == ["a"]


def test_mentions_reading_on_the_demo_store_counts_places(demo, opened):
    """The loaders' filter counts the demo's GeoNames places: every article naming Seoul or Busan is in
    "mentioning South Korea", and the frames give the same articles as the index."""
    loaders, path, version, s = opened
    arts, ments, ents = demo["articles"], demo["mentions"], demo["entities"]
    f = Filters(countries=("KOR",), country_mode="mentions")
    art_pos, _, _ = loaders.filtered_positions(path, version, f)
    got = set(s.articles["article_id"].iloc[art_pos])
    kor_places = set(ents.loc[(ents["type"] == "place") & (ents["country"] == "KOR"), "entity_id"])
    assert {"place:seoul", "place:busan"} <= kor_places
    naming = set(ments.loc[ments["entity_id"].isin(kor_places | {"country:KOR"}), "article_id"])
    assert got == naming
    only_places = naming - set(ments.loc[ments["entity_id"] == "country:KOR", "article_id"])
    assert only_places, "the demo has articles that name a South Korean place but not the country"
    assert set(arts["article_id"][filter_mask(arts, ments, f, entities=ents)]) == got


def test_place_counts_match_the_frames(demo, opened):
    """The map's places (loaders.place_counts, from the filter index) are what the frames give, for every demo
    filter and both units; every place drawn has a point and its GeoNames country."""
    from components.analysis.counts import place_coverage

    loaders, path, version, s = opened
    for f in demo_filters(demo):
        _, ment_pos, _ = loaders.filtered_positions(path, version, f)
        for unit in ("articles", "stories"):
            got = loaders.place_counts(path, version, f, unit)
            want = place_coverage(s.mentions.iloc[ment_pos], s.entities, unit=unit, articles=s.articles)
            pd.testing.assert_frame_equal(got, want)
    allp = loaders.place_counts(path, version, Filters())
    assert {"place:seoul", "place:pyongyang", "place:tokyo"} <= set(allp["entity_id"])
    assert allp["lat"].notna().all() and (allp["country"] != "").all()
    seoul = allp.set_index("entity_id").loc["place:seoul"]
    assert seoul["country"] == "KOR" and seoul["count"] == demo["mentions"].query(
        "entity_id == 'place:seoul'")["article_id"].nunique()


def record(store) -> dict:
    """What the current code gives on the demo store and the random frames, as the tests read it."""
    from dashboard import loaders

    demo = _demo(store)
    path = str(store)
    version = loaders.store_version(path)
    arts, ments = demo["articles"], demo["mentions"]
    rec = {"filters": [repr(f) for f in demo_filters(demo)], "filter_ids": [], "positions": [], "spikes": [],
           "top_actors": []}
    for f, searched in zip(demo_filters(demo), _searched(demo)):
        kept = filter_mask(arts, ments, searched, entities=demo["entities"])
        rec["filter_ids"].append(_runs(np.flatnonzero(kept)))
        art_pos, ment_pos, _ = loaders.filtered_positions(path, version, f)
        rec["positions"].append([_runs(art_pos), _runs(ment_pos)])
        shown = len(art_pos) > 0
        rec["spikes"].append({freq: _frame_record(loaders.spikes(path, version, f, freq)) for freq in ("W", "M")}
                             if shown else None)
        rec["top_actors"].append(_frame_record(loaders.top_actors(path, version, f, 12)) if shown else None)
    opts = loaders.sidebar_options(path, version)
    rec["options"] = {k: opts[k] for k in ("country", "country_counts", "actor", "source", "topic", "min_date",
                                           "max_date")}
    rec["random_spikes"] = {freq: _frame_record(_random_spikes(freq)[1]) for freq in ("D", "W", "M")}
    found = [(s, detect_spikes(s, **kw)) for s, kw in _random_series()]
    dtypes = {df.empty: [str(t) for t in df.dtypes] for _, df in found}
    rec["detect_spikes"] = {"columns": list(found[0][1].columns), "dtypes": dtypes[False], "empty_dtypes": dtypes[True],
                            "rows": [[[s.index.get_loc(r[0]), *r[1:]] for r in df.astype(object).to_numpy().tolist()]
                                     for s, df in found]}
    return rec


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    import tempfile

    from components.build.pipeline import process
    from conftest import ROOT

    with tempfile.TemporaryDirectory() as tmp:
        process([ROOT / "data" / "demo"], tmp)  # as the demo_store fixture builds it
        lines = [f"{json.dumps(k)}: {json.dumps(v, default=_plain, separators=(',', ':'))}"
                 for k, v in record(tmp).items()]
    EXPECTED.write_text("{\n" + ",\n".join(lines) + "\n}\n")
    print(f"wrote {EXPECTED}")


def test_statement_articles_from_the_index_match_a_lookup(fixture_store):
    """The Statements view finds each statement's article through the store's index; the same rows as a
    lookup by article id, for every statement, a subset of them, and under a filter."""
    import pandas as pd

    from components.analysis.filters import Filters
    from dashboard import loaders

    version = loaders.store_version(str(fixture_store))
    s = loaders.open_store(str(fixture_store), version)
    assert s.index is not None and len(s.statements)
    countries = s.articles["countries"].explode().dropna().value_counts().index
    for f in (Filters(), Filters(countries=(countries[0],)), Filters(countries=(countries[-1],))):
        art_pos, _, _ = loaders.filtered_positions(s.path, s.hash, f)
        arts = s.articles.iloc[art_pos]
        stm = s.statements.iloc[loaders.statement_rows(s.path, s.hash, f)]
        for part in (stm, stm.iloc[::2], s.statements):
            want = pd.Index(arts["article_id"]).get_indexer(part["article_id"])
            assert loaders.statement_articles(s, f, part).tolist() == want.tolist()


def test_statement_choices_from_codes_match_the_frames(fixture_store):
    """The Statements view's boxes (most quoted speakers, most named targets, verbs) counted from codes give
    what counting the filtered statements' strings gives."""
    from components.analysis.filters import Filters
    from dashboard import loaders

    version = loaders.store_version(str(fixture_store))
    s = loaders.open_store(str(fixture_store), version)
    countries = s.articles["countries"].explode().dropna().value_counts().index
    for f in (Filters(), Filters(countries=(countries[0],)), Filters(countries=(countries[-1],))):
        stm = s.statements.iloc[loaders.statement_rows(s.path, s.hash, f)]
        got = loaders.statement_choices(s.path, s.hash, f, 5)
        said = stm["speaker_id"].fillna("")
        said = said[said != ""].value_counts()
        named = stm["targets"].explode().dropna().value_counts()
        for key, counts in (("speakers", said), ("targets", named)):
            assert [counts[e] for e in got[key]] == sorted(counts, reverse=True)[:5], key
        assert got["verbs"] == sorted(v for v in stm["verb"].dropna().unique() if v)


def test_the_actor_profile_from_the_index_matches_the_frames(fixture_store):
    """The Actor profile's actor: its mentions and articles found by its code in the index, and who appears
    with it, are what comparing the filtered mentions' ids gives."""
    from components.analysis import network
    from components.analysis.filters import Filters, among
    from dashboard import loaders

    version = loaders.store_version(str(fixture_store))
    s = loaders.open_store(str(fixture_store), version)
    top = s.mentions["entity_id"].value_counts().index
    for f in (Filters(), Filters(countries=(s.articles["countries"].explode().dropna().iloc[0],))):
        arts, ments = loaders.filtered_frames(s.path, s.hash, f)
        for focus in (top[0], top[3], "person:nobody-at-all"):
            mine, named = loaders.focus_mentions(s.path, s.hash, f, focus)
            want = ments[ments["entity_id"] == focus]
            assert mine.equals(want) and named.equals(arts[among(arts["article_id"], want["article_id"])])
            edges = network.cooccurrence_edges(ments[among(ments["article_id"], want["article_id"])], window=0)
            edges = edges[(edges["source"] == focus) | (edges["target"] == focus)]
            got = loaders.actor_company(s.path, s.hash, f, focus, 0)
            assert sorted(got["weight"], reverse=True) == sorted(edges["weight"], reverse=True)[:15]
            assert set(got["other"]) <= set(edges["source"]) | set(edges["target"])
            # the very rows, in order: the actor's column of the index's incidence is the mentions' edges
            edges = edges.assign(other=edges["source"].where(edges["target"] == focus, edges["target"]))
            want = edges.sort_values(["weight", "npmi"], ascending=False, kind="stable").head(15)
            assert got[["other", "weight", "npmi"]].values.tolist() == want[["other", "weight", "npmi"]].values.tolist()


def test_statements_per_speaker_from_codes_match_the_frames(fixture_store):
    from components.analysis.filters import Filters
    from components.analysis.statements import statements_by_speaker
    from dashboard import loaders

    version = loaders.store_version(str(fixture_store))
    s = loaders.open_store(str(fixture_store), version)
    for stm in (s.statements, s.statements.iloc[::3], s.statements.iloc[:0],
                loaders.statement_selection(s.path, s.hash, Filters(), kind="direct")):
        got, want = loaders._by_speaker(s, stm), statements_by_speaker(stm, s.entity_names)
        true = stm["speaker_id"].fillna("").value_counts()
        assert got["statements"].tolist() == want["statements"].tolist()  # the same counts, most first
        assert all(e and true[e] == n for e, n in zip(got["speaker_id"], got["statements"]))


def test_the_statements_view_counted_from_codes_is_the_view_from_the_frame(fixture_store, monkeypatch):
    """The Statements view counts from codes and takes only its page of statements from the frame; whatever
    the filter and boxes, it must show exactly what the frame path shows."""
    from components.analysis.filters import Filters
    from dashboard import loaders

    version = loaders.store_version(str(fixture_store))
    s = loaders.open_store(str(fixture_store), version)
    speaker = s.statements["speaker_id"].dropna().value_counts().index[0]
    target = s.statements["targets"].explode().dropna().value_counts().index[0]
    country = s.articles["countries"].explode().dropna().value_counts().index[0]
    kind = s.statements["kind"].value_counts().index[0]
    verb = s.statements.loc[s.statements["kind"] == kind, "verb"].value_counts().index[0]
    cases = [(Filters(), {}), (Filters(countries=(country,)), {}), (Filters(), {"speakers": (speaker,)}),
             (Filters(), {"about": (target,)}), (Filters(countries=(country,)), {"kind": kind, "verbs": (verb,)}),
             (Filters(), {"stances": ("hostile", "neutral")})]
    got = []
    for f, boxes in cases:
        assert loaders._selection_rows(s.path, s.hash, f, **boxes) is not None  # the codes path is the one tested
        got.append(loaders.statement_summary(s.path, s.hash, f, **boxes, limit=5))
    loaders.statement_summary.clear()
    monkeypatch.setattr(loaders, "_selection_rows", lambda *a, **k: None)
    for (f, boxes), g in zip(cases, got):
        want = loaders.statement_summary(s.path, s.hash, f, **boxes, limit=5)
        assert g["n"] == want["n"] and g["attributed"] == pytest.approx(want["attributed"]), boxes
        assert g["n"] > 0, (f, boxes)  # a case worth comparing
        pd.testing.assert_frame_equal(g["table"], want["table"])
        assert g["article_rows"].tolist() == want["article_rows"].tolist()
        pd.testing.assert_frame_equal(g["by_speaker"], want["by_speaker"])
        pd.testing.assert_frame_equal(g["per_month"], want["per_month"])
        assert (g["timeline"] is None) == (want["timeline"] is None)
        if g["timeline"] is not None:
            pd.testing.assert_frame_equal(g["timeline"], want["timeline"])
    loaders.statement_summary.clear()


def test_whats_new_from_the_recent_articles_is_whats_new_from_all_of_them(fixture_store, monkeypatch):
    """What's new takes only the last two periods' mentions, and learns from the index which actors the
    archive named before; it must find exactly what reading every filtered mention finds."""
    from components.analysis.changes import days
    from components.analysis.filters import Filters
    from dashboard import loaders

    version = loaders.store_version(str(fixture_store))
    s = loaders.open_store(str(fixture_store), version)
    span = days(s.articles)
    country = s.articles["countries"].explode().dropna().value_counts().index[0]
    cases = []
    for f in (Filters(), Filters(countries=(country,)), Filters(actor_types=("person",))):
        for frac in (0.5, 0.8, 0.95):
            since = span.min() + (span.max() - span.min()) * frac
            cases.append((f, str(since.date())))
    got = [loaders.changes_since(s.path, s.hash, f, since) for f, since in cases]
    loaders.changes_since.clear()
    monkeypatch.setattr(loaders, "_recent_frames", lambda path, version, filters, p: (
        loaders.filtered_articles(path, version, filters), loaders.filtered_mentions(path, version, filters),
        frozenset()))
    for (f, since), g in zip(cases, got):
        want = loaders.changes_since(s.path, s.hash, f, since)
        assert len(want["moved"]) and len(want["ties"]), (f, since)  # cases worth comparing
        for key in ("new", "moved", "ties", "statements", "topics"):
            pd.testing.assert_frame_equal(g[key].reset_index(drop=True), want[key].reset_index(drop=True),
                                          check_dtype=False, obj=f"{key} since {since}")
    assert any(len(g["new"]) for g in got)
    loaders.changes_since.clear()


def test_the_period_comparison_from_codes_is_the_comparison_from_the_mentions(fixture_store, monkeypatch):
    """The Network's "Compare two periods" is built from the filter index's codes; it must be the comparison
    the filtered mentions give, for the default halves and for overlapping periods, filtered or not."""
    import datetime as dt

    from components.analysis.filters import Filters
    from components.analysis.network import NetworkOptions
    from components.analysis.network_compare import default_periods
    from dashboard import loaders

    version = loaders.store_version(str(fixture_store))
    s = loaders.open_store(str(fixture_store), version)
    a_from, a_to, b_from, b_to = default_periods(s.articles["published"])
    country = s.articles["countries"].explode().dropna().value_counts().index[0]
    cases = [(Filters(), (a_from, a_to, b_from, b_to)), (Filters(countries=(country,)), (a_from, a_to, b_from, b_to)),
             (Filters(), (a_from, b_from + dt.timedelta(days=30), a_to - dt.timedelta(days=30), b_to))]
    options = NetworkOptions()
    got = [loaders.period_comparison(s.path, s.hash, f, *p, options) for f, p in cases]
    loaders.period_comparison.clear()
    monkeypatch.setattr(s, "index", None)  # the same store read without its index: the mentions' path
    monkeypatch.setattr(loaders, "open_store", lambda path, version: s)
    for (f, p), (diff, G, _, n_a, n_b) in zip(cases, got):
        want_diff, want_G, _, want_a, want_b = loaders.period_comparison(s.path, s.hash, f, *p, options)
        assert (n_a, n_b) == (want_a, want_b) and len(diff) > 3, (f, p)
        pd.testing.assert_frame_equal(diff.reset_index(drop=True), want_diff.reset_index(drop=True))
        assert dict(G.nodes(data=True)) == dict(want_G.nodes(data=True))
        assert {tuple(sorted(e)): d for *e, d in G.edges(data=True)} == \
            {tuple(sorted(e)): d for *e, d in want_G.edges(data=True)}
    loaders.period_comparison.clear()
