"""The workspace file kept with the store (components/workspace.py): atomic writes, concurrent edits, merges."""
from __future__ import annotations

import json
import multiprocessing as mp

import pandas as pd
import pytest

from components import workspace as wsp


def test_edits_survive_a_reread_and_a_store_rewrite(tmp_path):
    from components.store import write_store

    wsp.edit(tmp_path, lambda ws: (wsp.pin_actor(ws, "person:kim", seen=["a"]), wsp.add_term(ws, "missile"),
                                   wsp.add_note(ws, "actor", "person:kim", "watch the <b>tone</b>"),
                                   wsp.save_view(ws, "Korea", "new?country=PRK")))
    write_store(tmp_path, {"articles": pd.DataFrame({"article_id": ["a"], "title": ["T"]})}, manifest={})
    ws = wsp.read(tmp_path)
    assert ws["watch"] == {"actors": ["person:kim"], "terms": ["missile"]}
    assert [n["text"] for n in wsp.notes_for(ws, "actor", "person:kim")] == ["watch the <b>tone</b>"]
    assert ws["views"][0]["link"] == "new?country=PRK"


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    wsp.edit(tmp_path, lambda ws: wsp.add_term(ws, "first"))
    before = (tmp_path / wsp.WORKSPACE).read_text()

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(wsp.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        wsp.edit(tmp_path, lambda ws: wsp.add_term(ws, "second"))
    assert (tmp_path / wsp.WORKSPACE).read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []  # no half-written file left


def test_a_failed_change_writes_nothing(tmp_path):
    wsp.edit(tmp_path, lambda ws: wsp.add_term(ws, "kept"))
    with pytest.raises(wsp.WorkspaceError, match="must be one of"):
        wsp.edit(tmp_path, lambda ws: (wsp.add_term(ws, "lost"), wsp.add_note(ws, "planet", "x", "y")))
    assert wsp.read(tmp_path)["watch"]["terms"] == ["kept"]


def _add_notes(store, who, n):
    for i in range(n):
        wsp.edit(store, lambda ws, i=i: wsp.add_note(ws, "view", f"new?who={who}", f"{who}-{i}"))


def test_concurrent_edits_from_several_processes_lose_nothing(tmp_path):
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_add_notes, args=(str(tmp_path), who, 15)) for who in "abcd"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    texts = sorted(n["text"] for n in wsp.read(tmp_path)["notes"])
    assert texts == sorted(f"{w}-{i}" for w in "abcd" for i in range(15))


def test_new_matches_flags_only_unseen_articles_and_mark_seen_clears_them():
    ws = wsp.empty()
    wsp.pin_actor(ws, "p:k", seen=["a1"])
    assert wsp.new_matches(ws, {"actor:p:k": ["a1", "a9"]}) == {"actor:p:k": ["a9"]}
    wsp.mark_seen(ws, {"actor:p:k": ["a1", "a9"]})
    assert wsp.new_matches(ws, {"actor:p:k": ["a1", "a9"]}) == {}


def test_notes_edit_delete_and_export_import_round_trip(tmp_path):
    ws = wsp.empty()
    nid = wsp.add_note(ws, "article", "a1", "first")
    wsp.update_note(ws, nid, "second")
    other = wsp.empty()
    wsp.import_json(wsp.export_json(ws), into=other)
    assert [n["text"] for n in other["notes"]] == ["second"]
    wsp.import_json(wsp.export_json(ws), into=other)  # importing twice adds nothing
    assert len(other["notes"]) == 1
    wsp.delete_note(other, nid)
    assert other["notes"] == []
    with pytest.raises(wsp.WorkspaceError, match="not in this workspace"):
        wsp.update_note(other, nid, "x")
    with pytest.raises(wsp.WorkspaceError, match="version == 7"):
        wsp.import_json(json.dumps({"version": 7}), into=other)
    with pytest.raises(wsp.WorkspaceError, match="not valid JSON"):
        wsp.import_json("{", into=other)


def test_a_broken_file_says_what_to_do(tmp_path):
    (tmp_path / wsp.WORKSPACE).write_text("{nope")
    with pytest.raises(wsp.WorkspaceError, match="move it aside"):
        wsp.read(tmp_path)
