"""The store is plain, partitioned Parquet: DuckDB, Dask and pyarrow read the same rows the pipeline wrote.

Each table file is split into row groups of ``store.ROW_GROUP_ROWS`` rows (made tiny here), which
Dask reads as one partition each and DuckDB and Spark scan in parallel."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from components import store as store_mod
from components.store import load_store

from conftest import FIXTURES


@pytest.fixture(scope="module")
def small_groups_store(tmp_path_factory):
    from components.build.pipeline import process

    out = tmp_path_factory.mktemp("interop")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_mod, "ROW_GROUP_ROWS", 7)
        process([FIXTURES / "articles"], out, n_process=1)
    return out


def test_tables_are_split_into_row_groups(small_groups_store):
    for name in ("articles", "mentions"):
        meta = pq.ParquetFile(small_groups_store / f"{name}.parquet").metadata
        assert meta.num_rows > 7
        assert meta.num_row_groups == -(-meta.num_rows // 7)


def test_duckdb_reads_the_same_rows(small_groups_store):
    import duckdb  # requirements-dev.txt
    tables = load_store(small_groups_store, tables=("articles", "mentions"))
    con = duckdb.connect()
    got = con.execute(f"SELECT article_id, entity_id, start FROM '{small_groups_store / 'mentions.parquet'}' "
                      "ORDER BY article_id, start, entity_id").df()
    want = tables["mentions"][["article_id", "entity_id", "start"]].sort_values(
        ["article_id", "start", "entity_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.astype(str), want.astype(str), check_dtype=False)
    per_country = con.execute(f"SELECT count(*) FROM '{small_groups_store / 'articles.parquet'}' "
                              "WHERE list_contains(countries, 'PRK')").fetchone()[0]
    assert per_country == sum("PRK" in list(c) for c in tables["articles"]["countries"])


def test_dask_reads_one_partition_per_row_group(small_groups_store):
    import dask.dataframe as dd

    path = small_groups_store / "mentions.parquet"
    ddf = dd.read_parquet(path, split_row_groups=True)
    assert ddf.npartitions == pq.ParquetFile(path).metadata.num_row_groups > 1
    got = ddf.compute().sort_values(["article_id", "start", "entity_id"]).reset_index(drop=True)
    want = pd.read_parquet(path).sort_values(["article_id", "start", "entity_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
