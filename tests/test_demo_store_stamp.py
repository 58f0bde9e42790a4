"""The benchmarks' demo store is rebuilt when the code that builds stores changed since it was built
(``dashboard.serve.demo_store``): a benchmark must not measure the views on another version's actors."""
from __future__ import annotations

import json

import pytest

import components.build.pipeline
import dashboard.serve as serve


@pytest.fixture()
def builds(monkeypatch):
    """Each call of the pipeline, which writes a bare manifest instead of processing the demo."""
    calls = []

    def fake_process(inputs, out, **kw):
        out.mkdir(parents=True, exist_ok=True)
        (out / "manifest.json").write_text(json.dumps({"schema_version": 1, "counts": {"articles": len(calls)}}))
        calls.append(out)

    monkeypatch.setattr(components.build.pipeline, "process", fake_process)
    return calls


def test_built_once_then_reused_while_the_code_is_the_same(tmp_path, builds, monkeypatch):
    monkeypatch.setattr(serve, "build_stamp", lambda: "code-a")
    store = tmp_path / "demo"
    assert serve.demo_store(store, log=lambda m: None) == store
    serve.demo_store(store, log=lambda m: None)
    assert len(builds) == 1


def test_rebuilt_from_nothing_when_the_code_changed(tmp_path, builds, monkeypatch):
    store = tmp_path / "demo"
    monkeypatch.setattr(serve, "build_stamp", lambda: "code-a")
    serve.demo_store(store, log=lambda m: None)
    (store / "left-over.parquet").write_text("old")
    monkeypatch.setattr(serve, "build_stamp", lambda: "code-b")
    said = []
    serve.demo_store(store, log=said.append)
    assert len(builds) == 2 and not (store / "left-over.parquet").exists()
    assert "other code" in said[0] and (store / ".built-from").read_text() == "code-b"


def test_a_store_with_no_stamp_is_rebuilt(tmp_path, builds, monkeypatch):
    store = tmp_path / "demo"
    store.mkdir()
    (store / "manifest.json").write_text(json.dumps({"schema_version": 1}))  # built before stamps existed
    serve.demo_store(store, log=lambda m: None)
    assert len(builds) == 1


def test_a_folder_that_is_no_store_is_never_deleted(tmp_path, builds):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    with pytest.raises(RuntimeError, match="holds files but no store"):
        serve.demo_store(folder, log=lambda m: None)
    assert (folder / "mine.txt").read_text() == "keep me" and not builds


def test_the_stamp_follows_the_code(tmp_path):
    (tmp_path / "components").mkdir()
    (tmp_path / "data" / "demo").mkdir(parents=True)
    (tmp_path / "components" / "a.py").write_text("x = 1\n")
    (tmp_path / "data" / "demo" / "one.txt").write_text("Title\n\nText.")
    before = serve.build_stamp(tmp_path)
    (tmp_path / "components" / "a.py").write_text("x = 2\n")
    changed = serve.build_stamp(tmp_path)
    (tmp_path / "data" / "demo" / "one.txt").write_text("Title\n\nOther text.")
    assert len({before, changed, serve.build_stamp(tmp_path)}) == 3
