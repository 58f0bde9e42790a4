"""The Dask engine writes the same store as the single-process pipeline.

Runs on a real ``LocalCluster`` (two worker processes, one thread each) over the
fixture articles plus 100 KCNA articles from the shared corpus.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, shared

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    src = shared("kcna-2024", "articles.jsonl")
    d = tmp_path_factory.mktemp("dask-inputs")
    with open(src, encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(100)]
    (d / "kcna-100.jsonl").write_text("".join(lines), encoding="utf-8")
    return [FIXTURES / "articles", d / "kcna-100.jsonl"]


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def single_store(inputs, tmp_path_factory):
    from components.pipeline import process
    from components.store import load_store

    out = tmp_path_factory.mktemp("single")
    process(inputs, out, n_process=1)
    return load_store(out)


def _same(a: pd.DataFrame, b: pd.DataFrame, name: str) -> None:
    assert list(a.columns) == list(b.columns), name
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=name)


def test_dask_engine_writes_the_single_process_store(inputs, cluster, single_store, tmp_path):
    from components.pipeline import process
    from components.store import load_store

    summary = process(inputs, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    got = load_store(tmp_path / "dask")
    want = single_store
    assert summary.total_articles == len(want["articles"]) > 100
    assert len(want["raw_mentions"]) > 1000  # the comparison below is over real NLP output
    assert got["articles"]["article_id"].tolist() == want["articles"]["article_id"].tolist()
    for name in ("raw_mentions", "mentions", "entities", "articles", "topics"):
        _same(got[name], want[name], name)
    assert got["manifest"]["counts"] == want["manifest"]["counts"]


def test_chunks_are_reassembled_in_order(cluster, single_store):
    """Small chunks finishing out of order still give the single-process rows, in order."""
    from distributed import Client

    from components.distributed import extract_raw_mentions_dask

    arts = single_store["articles"].iloc[::-1].head(60).reset_index(drop=True)
    seen = []
    with Client(cluster) as client:
        raw = extract_raw_mentions_dask(arts, client=client, chunk_size=7, max_in_flight=3, progress=seen.append)
    want = (single_store["raw_mentions"].set_index("article_id").loc[
        [a for a in arts["article_id"] if a in set(single_store["raw_mentions"]["article_id"])]].reset_index())
    _same(raw, want[raw.columns], "raw_mentions")
    assert seen[-1] == len(arts) and seen == sorted(seen) and len(seen) == 9


def test_cli_runs_on_the_cluster(inputs, cluster, single_store, tmp_path, capsys):
    from components.pipeline import main
    from components.store import load_store

    rc = main([str(p) for p in inputs] + ["--out", str(tmp_path / "cli"), "--engine", "dask", "--scheduler",
                                          cluster.scheduler_address, "--quiet"])
    assert rc == 0
    assert "stored" in capsys.readouterr().out
    _same(load_store(tmp_path / "cli")["mentions"], single_store["mentions"], "mentions")


def test_scheduler_without_dask_engine_is_refused(tmp_path, capsys):
    from components.pipeline import main

    with pytest.raises(SystemExit) as exc:
        main([str(FIXTURES / "articles"), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert exc.value.code == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_chunk_size_must_be_positive():
    from components.distributed import chunk_articles

    with pytest.raises(ValueError, match="chunk_size == 0, must be >= 1"):
        list(chunk_articles(pd.DataFrame({"article_id": ["a"], "text": ["x"]}), 0))
