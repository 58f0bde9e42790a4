"""The full-text index (components/search.py): query syntax, errors, and the unranked set the filters use."""
from __future__ import annotations

import pandas as pd
import pytest

from components.search import QueryError, build_index, matching_ids, search

ARTS = pd.DataFrame({
    "article_id": ["a", "b", "c", "d"],
    "title": ["Missile test", "Trade talks", "Missile missile missile", "Kim-Jong Un visit"],
    "text": ["North Korea fired a missile near Japan.", "Sanctions on trade with South Korea.",
             "A missile, another missile and a launch.", "The leader visited a factory in Pyongyang."],
})


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    d = tmp_path_factory.mktemp("fts")
    build_index(d, ARTS)
    return d


@pytest.mark.parametrize("query, want", [
    ("missile", {"a", "c"}),
    ('"fired a missile"', {"a"}),
    ("missile AND launch", {"c"}),
    ("missile and japan", {"a"}),           # lower-case operators work
    ("sanctions OR factory", {"b", "d"}),
    ("korea NOT south", {"a"}),
    ("sanct*", {"b"}),
    ("kim-jong", {"d"}),                     # punctuation is quoted, not FTS5 syntax
    ("nothing-like-this", set()),
])
def test_queries(index, query, want):
    assert set(search(index, query)) == want
    assert set(search(index, query, ranked=False)) == want


def test_ranked_puts_the_best_match_first(index):
    assert search(index, "missile")[0] == "c"


def test_bad_syntax_is_a_clear_error(index):
    with pytest.raises(QueryError, match="use words"):
        search(index, '"unclosed AND (')


def test_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="re-run the pipeline"):
        search(tmp_path, "x")


def test_matching_ids_maps_row_numbers_through_the_store_order(index):
    ids = ARTS["article_id"].to_numpy()
    assert list(matching_ids(index, "missile", ids)) == ["a", "c"]
    assert list(matching_ids(index, "nothing-like-this", ids)) == []


def test_matching_ids_reads_the_ids_when_the_order_disagrees(index):
    shuffled = ARTS["article_id"].to_numpy()[::-1]  # a store whose index was written in another order
    assert sorted(matching_ids(index, "missile", shuffled)) == ["a", "c"]
    assert sorted(matching_ids(index, "missile", shuffled[:3])) == ["a", "c"]  # and a different row count


def test_matching_ids_reports_bad_syntax(index):
    with pytest.raises(QueryError):
        matching_ids(index, '"unclosed AND (', ARTS["article_id"].to_numpy())
