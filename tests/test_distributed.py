"""The Dask engine writes the same store as the single-process pipeline.

Everything Dask runs in processes of its own, as on a real cluster: ``dask scheduler``
and two ``dask worker`` processes (one thread each) on 127.0.0.1, and the pipeline's
command line in a fresh interpreter, both with ``--scheduler ADDRESS`` and without it
(then it starts its own ``LocalCluster`` of two worker processes). Nothing Dask-related
starts inside the pytest process, so the suite's other state (event loops of the
browser tests, spaCy process pools) cannot get in the way of starting workers.

Inputs: the fixture articles plus 100 KCNA articles from the shared corpus.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, ROOT, shared

pytestmark = pytest.mark.integration

DASK = [sys.executable, "-m", "dask"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    src = shared("kcna-2024", "articles.jsonl")
    d = tmp_path_factory.mktemp("dask-inputs")
    with open(src, encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(100)]
    (d / "kcna-100.jsonl").write_text("".join(lines), encoding="utf-8")
    return [FIXTURES / "articles", d / "kcna-100.jsonl"]


def _wait_for_workers(scheduler_file: Path, n: int, procs: list, timeout: float = 180) -> None:
    code = ("import sys; from distributed import Client\n"
            "with Client(scheduler_file=sys.argv[1], timeout=60) as c:\n"
            f"    c.wait_for_workers({n}, timeout={timeout})\n")
    proc = subprocess.run([sys.executable, "-c", code, str(scheduler_file)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout + 60)
    if proc.returncode != 0:
        dead = [p.args for p in procs if p.poll() is not None]
        pytest.fail(f"the Dask workers did not join (exited: {dead}): {proc.stderr[-2000:]}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Address of a scheduler with two single-threaded workers, each in its own process."""
    d = tmp_path_factory.mktemp("dask-cluster")
    sched_file = d / "scheduler.json"
    log = open(d / "cluster.log", "w")
    procs = [subprocess.Popen(DASK + ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(sched_file)], cwd=ROOT, stdout=log,
                              stderr=subprocess.STDOUT)]
    try:
        deadline = time.time() + 90
        while not sched_file.exists() and time.time() < deadline and procs[0].poll() is None:
            time.sleep(0.2)
        if not sched_file.exists():
            pytest.fail("the Dask scheduler did not start: " + (d / "cluster.log").read_text()[-2000:])
        for _ in range(2):
            procs.append(subprocess.Popen(DASK + ["worker", "--scheduler-file", str(sched_file), "--nthreads", "1",
                                                  "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"],
                                          cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
        _wait_for_workers(sched_file, 2, procs)
        yield {"address": json.loads(sched_file.read_text())["address"], "file": sched_file}
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


@pytest.fixture(scope="module")
def single_store(inputs, tmp_path_factory):
    from components.build.pipeline import process
    from components.store import load_store

    out = tmp_path_factory.mktemp("single")
    process(inputs, out, n_process=1)
    return load_store(out)


def _cli(args: list[str], timeout: int = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "components.pipeline", *args, "--quiet"], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "stored" in proc.stdout
    return proc


def _same(a: pd.DataFrame, b: pd.DataFrame, name: str) -> None:
    assert list(a.columns) == list(b.columns), name
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=name)


def _assert_same_store(got: dict, want: dict) -> None:
    assert len(want["articles"]) > 100
    assert len(want["raw_mentions"]) > 1000  # the comparison is over real NLP output
    assert got["articles"]["article_id"].tolist() == want["articles"]["article_id"].tolist()
    for name in ("raw_mentions", "mentions", "entities", "articles", "topics"):
        _same(got[name], want[name], name)
    # Statements come from the workers' own parse too (one pass per article).
    assert len(want["statements"]) > 100
    lists = lambda st: st.assign(**{c: st[c].map(list) for c in ("targets", "speakers")})  # noqa: E731
    _same(lists(got["statements"]), lists(want["statements"]), "statements")
    assert got["manifest"]["counts"] == want["manifest"]["counts"]


def test_cli_on_a_running_cluster_writes_the_single_process_store(inputs, cluster, single_store, tmp_path):
    from components.store import load_store

    _cli([str(p) for p in inputs] + ["--out", str(tmp_path / "dask"), "--engine", "dask",
                                     "--scheduler", cluster["address"]])
    _assert_same_store(load_store(tmp_path / "dask"), single_store)


def test_cli_without_scheduler_starts_a_local_cluster(inputs, single_store, tmp_path):
    from components.store import load_store

    _cli([str(p) for p in inputs] + ["--out", str(tmp_path / "local"), "--engine", "dask", "--processes", "2"])
    _assert_same_store(load_store(tmp_path / "local"), single_store)


def test_chunks_are_reassembled_in_order(cluster, single_store, tmp_path):
    """Small chunks finishing out of order still give the single-process rows, in input order."""
    arts = single_store["articles"].iloc[::-1].head(60).reset_index(drop=True)
    arts.to_parquet(tmp_path / "arts.parquet")
    code = ("import json, sys, pandas as pd\n"
            "from distributed import Client\n"
            "from components.build.dask_engine import extract_raw_mentions_dask\n"
            "arts = pd.read_parquet(sys.argv[2]); seen = []\n"
            "with Client(scheduler_file=sys.argv[1]) as client:\n"
            "    raw = extract_raw_mentions_dask(arts, client=client, chunk_size=7, max_in_flight=3,\n"
            "                                    progress=seen.append)\n"
            "raw.to_parquet(sys.argv[3]); print(json.dumps(seen))\n")
    proc = subprocess.run([sys.executable, "-c", code, str(cluster["file"]), str(tmp_path / "arts.parquet"),
                           str(tmp_path / "raw.parquet")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen[-1] == len(arts) and seen == sorted(seen) and len(seen) == 9  # 8 chunks of 7, one of 4
    raw = pd.read_parquet(tmp_path / "raw.parquet")
    have = set(single_store["raw_mentions"]["article_id"])
    want = (single_store["raw_mentions"].set_index("article_id")
            .loc[[a for a in arts["article_id"] if a in have]].reset_index())
    _same(raw, want[raw.columns], "raw_mentions")


def test_scheduler_without_dask_engine_is_refused(tmp_path, capsys):
    from components.build.cli import main

    with pytest.raises(SystemExit) as exc:
        main([str(FIXTURES / "articles"), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert exc.value.code == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_chunk_size_must_be_positive():
    from components.build.dask_engine import chunk_articles

    with pytest.raises(ValueError, match="chunk_size == 0, must be >= 1"):
        list(chunk_articles(pd.DataFrame({"article_id": ["a"], "text": ["x"]}), 0))
