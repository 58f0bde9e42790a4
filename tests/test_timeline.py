from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.analysis.coverage import coverage, period_bounds, source_mix
from components.analysis.spikes import detect_spikes, explain_spikes


def weekly(values):
    return pd.Series(values, index=pd.date_range("2023-01-02", periods=len(values), freq="W-MON"))


def test_counts_share_and_empty_periods():
    arts = pd.DataFrame({"article_id": list("abc"), "story_id": list("abc"), "source": "X",
                         "published": pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-17"], utc=True)})
    everything = pd.concat([arts, arts.assign(article_id=list("xyz"))])
    cov = coverage(arts, freq="W", all_articles=everything)
    assert cov["count"].tolist() == [2, 0, 1]
    assert cov["total"].tolist() == [4, 0, 2]
    assert cov["share"].iloc[0] == 0.5 and np.isnan(cov["share"].iloc[1])
    assert cov["small_n"].all()


def test_breakdown_explodes_lists():
    arts = pd.DataFrame({"article_id": list("ab"), "source": "X",
                         "published": pd.to_datetime(["2023-01-02", "2023-02-03"], utc=True)})
    cov = coverage(arts, freq="M", by=pd.Series([["PRK", "KOR"], ["PRK"]]))
    assert cov.groupby("series")["count"].sum().to_dict() == {"KOR": 1, "PRK": 2}


def test_bad_freq_names_the_rule():
    arts = pd.DataFrame({"article_id": ["a"], "published": pd.to_datetime(["2023-01-02"], utc=True)})
    with pytest.raises(ValueError, match="freq == 'Q', must be one of D, W, M, Y"):
        coverage(arts, freq="Q")


def test_years_for_long_archives():
    arts = pd.DataFrame({"article_id": list("abc"),
                         "published": pd.to_datetime(["1990-03-01", "1991-12-31", "2020-06-01"], utc=True)})
    cov = coverage(arts, freq="Y")
    assert len(cov) == 31 and cov["count"].sum() == 3
    assert cov["period"].iloc[0] == pd.Timestamp("1990-01-01") and cov["period"].iloc[-1] == pd.Timestamp("2020-01-01")


@pytest.mark.parametrize("values,expected", [
    ([5, 6, 5, 4, 5, 6, 5, 5, 25, 6, 5, 5], [8]),
    ([3, 2, 3, 4, 3, 2, 30, 3, 2, 3, 3, 28, 2], [6, 11]),
    ([5] * 30, []),
    (list(range(10, 70, 2)), []),
    ([0, 0, 1, 0, 0, 1, 0, 2, 0, 0], []),
])
def test_spike_detector(values, expected):
    s = weekly(values)
    assert detect_spikes(s)["period"].tolist() == [s.index[i] for i in expected]


def test_noisy_flat_series_has_no_false_spike():
    rng = np.random.default_rng(0)
    s = weekly(rng.poisson(20, size=80))
    assert detect_spikes(s).empty


def test_explain_spike_names_new_actors_and_terms():
    dates = pd.date_range("2023-01-02", periods=10, freq="W-MON").repeat(2).tolist() + [pd.Timestamp("2023-03-13")] * 10
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(dates))], "published": pd.to_datetime(dates, utc=True),
                         "title": ["Trade talks"] * 20 + ["Satellite launch succeeds"] * 10})
    ments = pd.DataFrame({"article_id": arts["article_id"],
                          "entity_id": ["country:CHN"] * 20 + ["org:nata"] * 10})
    spikes = detect_spikes(coverage(arts, freq="W").set_index("period")["count"])
    ex = explain_spikes(spikes, arts, ments, freq="W", names={"org:nata": "NATA"})
    assert len(ex) == 1 and ex["actors"].iloc[0][0] == "NATA"
    assert "satellite" in ex["terms"].iloc[0] and ex["headline"].iloc[0] == "Satellite launch succeeds"


def test_period_bounds_week():
    assert period_bounds(pd.Timestamp("2023-11-20"), "W") == (pd.Timestamp("2023-11-20"), pd.Timestamp("2023-11-26"))


def test_source_mix_groups_the_tail():
    arts = pd.DataFrame({"source": list("AAAABBC")})
    mix = source_mix(arts, top=2)
    assert mix["source"].tolist() == ["A", "B", "Other outlets"] and mix["share"].iloc[0] == pytest.approx(4 / 7)
