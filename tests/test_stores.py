"""Named stores (issue 19): names from the inputs, the manifest's list of inputs, the pipeline's refusal to
mix other folders in, the sidebar's store box and the link's ``store=``, which reaches no other folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.stores import (foreign_inputs, list_stores, source_table, sources, store_name, store_path,
                               valid_name)
from conftest import FIXTURES, ROOT
from dashboard.safe import plain


def _fake_store(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "manifest.json").write_text('{"schema_version": 1}')
    return path


# --- names and paths -------------------------------------------------------------------------------

def test_store_name_is_the_folder_name_and_stable(tmp_path):
    folder = tmp_path / "My Articles"
    folder.mkdir()
    assert store_name([folder]) == store_name([str(folder) + "/"]) == "my-articles"
    two = store_name([folder, tmp_path / "b.txt"])
    assert two.startswith("my-articles-") and two == store_name([tmp_path / "b.txt", folder])


@pytest.mark.parametrize("name", ["..", ".", "../demo", "demo/..", "/etc", "a/b", "a\\b", "", " demo", "demo ",
                                  "%2e%2e", ".hidden", "x" * 81, "demo\x00", "~root"])
def test_names_a_link_cannot_use(name):
    assert not valid_name(name)


def test_store_path_reaches_only_stores_inside_the_folder(tmp_path):
    root = tmp_path / "stores"
    _fake_store(root / "demo")
    outside = _fake_store(tmp_path / "secret")
    (root / "empty").mkdir()  # a folder without a store
    (root / "file").write_text("x")
    os.symlink(outside, root / "link-out")  # a link that leaves the folder
    os.symlink(root / "demo", root / "link-in")  # a link to a store of the folder resolves elsewhere by name
    assert store_path(root, "demo") == root / "demo"
    for name in ("../secret", "..", "secret", "empty", "file", "link-out", str(outside), "missing"):
        assert store_path(root, name) is None, name
    assert list_stores(root) == ["demo", "link-in"]
    assert store_path(tmp_path / "nowhere", "demo") is None and list_stores(tmp_path / "nowhere") == []


# --- the manifest's inputs and the refusal -------------------------------------------------------------

def test_sources_count_files_and_articles_per_input(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    inputs = {str(a / "1.txt"): {"articles": 2}, str(a / "sub" / "2.txt"): {"articles": 1},
              str(b / "3.txt"): {"articles": 5, "missing": True}}
    assert source_table([a, b], inputs) == [
        {"path": str(a), "kind": "folder", "files": 2, "articles": 3},
        {"path": str(b), "kind": "folder", "files": 0, "articles": 0}]
    # a manifest written before ``sources`` existed: the input files' folders
    assert [s["path"] for s in sources({"inputs": inputs})] == [str(a), str(a / "sub"), str(b)]


def test_foreign_inputs(tmp_path):
    manifest = {"sources": [{"path": str(tmp_path / "a"), "kind": "folder", "files": 1, "articles": 1}]}
    assert foreign_inputs(manifest, [tmp_path / "a", tmp_path / "a" / "new.txt", tmp_path / "a" / "sub"]) == []
    assert foreign_inputs(manifest, [tmp_path / "ab", tmp_path / "b"]) == [str(tmp_path / "ab"), str(tmp_path / "b")]
    assert foreign_inputs({}, [tmp_path / "b"]) == []  # a new store takes anything


def test_pipeline_refuses_other_folders_unless_add(tmp_path):
    """The issue's case: a store of one folder, then another folder into the same store."""
    from components.build.cli import main
    from components.build.pipeline import process
    from components.store import read_manifest
    from components.stores import StoreInputsMismatch

    mine, other, out = tmp_path / "mine", tmp_path / "other", tmp_path / "stores" / "mine"
    shutil.copytree(FIXTURES / "articles" / "txt", mine)
    other.mkdir()
    shutil.copy(FIXTURES / "articles" / "page.html", other)
    first = process([mine], out, n_process=1)
    assert read_manifest(out)["sources"] == [{"path": str(mine), "kind": "folder", "files": 3,
                                              "articles": first.total_articles}]
    before = read_manifest(out)["store_hash"]
    with pytest.raises(StoreInputsMismatch) as err:
        process([other], out, n_process=1)
    msg = str(err.value)
    assert f"{mine} (folder): 3 files, {first.total_articles} articles" in msg
    assert str(other) in msg and "--add" in msg and "--out" in msg and "--name" in msg
    assert read_manifest(out)["store_hash"] == before  # nothing written
    assert main([str(other), "--out", str(out), "--quiet"]) == 4

    # one more file in the store's own folder: only that file is read
    shutil.copy(FIXTURES / "articles" / "cp1252-cafe.txt", mine)
    again = process([mine], out, n_process=1)
    assert (again.files_read, again.files_unchanged) == (1, 3)
    assert read_manifest(out)["sources"][0]["files"] == 4

    added = process([other], out, n_process=1, add=True)
    assert added.files_read == 1
    assert [(s["path"], s["files"]) for s in read_manifest(out)["sources"]] == [(str(mine), 4), (str(other), 1)]


# --- the dashboard -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stores(fixture_store, tmp_path_factory):
    """Two real stores in a stores folder (``fixtures`` and ``txt``), a store outside it, and a link out."""
    from components.build.pipeline import process

    root = tmp_path_factory.mktemp("stores")
    shutil.copytree(fixture_store, root / "fixtures")
    process([FIXTURES / "articles" / "txt"], root / "txt", n_process=1)
    os.symlink(fixture_store, root / "link-out")
    return root


def _app(monkeypatch, root, default):
    monkeypatch.setenv("WIRESCOPE_STORES", str(root))
    monkeypatch.setenv("WIRESCOPE_DATA", str(default))
    return AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)


def _articles(at) -> int:
    return int(at.metric[0].value.replace(",", ""))


def test_sidebar_lists_the_stores_and_switches(stores, monkeypatch):
    at = _app(monkeypatch, stores, stores / "fixtures").run()
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key="store")
    assert box.options == ["fixtures", "txt"] and box.value == "fixtures"  # the link out is not listed
    assert at.query_params["store"] in ("fixtures", ["fixtures"])
    before = _articles(at)
    at.multiselect(key="country").set_value(["PRK"]).run()
    box = at.selectbox(key="store")
    box.set_value("txt").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["store"] in ("txt", ["txt"]) and "country" not in at.query_params  # filters reset
    assert _articles(at) != before
    n_txt = len([p for p in (FIXTURES / "articles" / "txt").iterdir() if p.is_file()])
    assert f"{n_txt} files" in at.expander[0].label  # the store's inputs, with counts


def test_link_names_the_store(stores, monkeypatch):
    app = _app(monkeypatch, stores, stores / "fixtures")
    app.query_params["store"] = "txt"
    at = app.run()
    assert not at.exception and at.selectbox(key="store").value == "txt"
    assert str(FIXTURES / "articles" / "txt") in plain(" ".join(m.value for m in at.markdown))


@pytest.mark.parametrize("evil", ["../fixtures", "..", "/etc", "link-out", "..%2Ffixtures", "fixtures/../txt",
                                  "txt\x00", "nope"])
def test_link_cannot_reach_other_folders(stores, monkeypatch, evil):
    app = _app(monkeypatch, stores, stores / "fixtures")
    app.query_params["store"] = evil
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="store").value == "fixtures"  # the default store, with a notice
    assert "is not in the stores folder" in plain(" ".join(w.value for w in at.warning))


def test_default_store_outside_the_folder_is_listed_as_default(stores, fixture_store, monkeypatch):
    at = _app(monkeypatch, stores, fixture_store).run()
    assert not at.exception
    box = at.selectbox(key="store")
    assert box.options == [f"{fixture_store.name} (default)", "fixtures", "txt"] and box.value == ""
    assert "store" not in at.query_params
