from __future__ import annotations

import json

import pandas as pd
import pytest

from components.errors import NothingStored, StoreMissing, StoreVersionError
from components.build.cli import main
from components.build.pipeline import process
from components.store import load_store, read_manifest

from conftest import FIXTURES


def test_store_has_the_contract_columns(fixture_store):
    s = load_store(fixture_store)
    assert {"article_id", "source_id", "title", "source", "published", "url", "dateline", "dateline_country",
            "text", "origin", "countries", "topic_id", "story_id"} <= set(s["articles"].columns)
    assert {"entity_id", "name", "type", "country", "aliases"} <= set(s["entities"].columns)
    assert {"article_id", "entity_id", "surface", "start", "end"} <= set(s["mentions"].columns)
    assert {"topic_id", "label", "terms", "size"} <= set(s["topics"].columns)
    assert {"origin", "reason"} <= set(s["rejects"].columns)
    assert str(s["articles"]["published"].dtype) == "datetime64[us, UTC]" or "UTC" in str(s["articles"]["published"].dtype)
    m = s["mentions"].merge(s["articles"][["article_id", "text"]], on="article_id")
    assert (m.apply(lambda r: r["text"][r["start"]:r["end"]] == r["surface"], axis=1)).all()


def test_manifest_counts_and_inputs(fixture_store):
    man = read_manifest(fixture_store)
    assert man["counts"]["articles"] == len(load_store(fixture_store)["articles"])
    assert any(k.endswith("articles.jsonl") for k in man["inputs"])


def test_rerun_processes_only_new_or_changed_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in (FIXTURES / "articles" / "txt").iterdir():
        (src / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "store"
    first = process([src], out, n_process=1)
    assert first.stored == 3 and first.files_read == 3
    again = process([src], out, n_process=1)
    assert again.files_read == 0 and again.files_unchanged == 3 and again.total_articles == 3
    (src / "new.txt").write_text("Japan Briefing\n\nX\nPublished 2023 Jan 05 Thursday\n\n"
                                 "TOKYO - Japan and South Korea agreed to resume security talks on Thursday.\n")
    third = process([src], out, n_process=1)
    assert third.files_read == 1 and third.stored == 1 and third.total_articles == 4
    (src / "new.txt").unlink()
    fourth = process([src], out, n_process=1, prune=True)
    assert fourth.files_removed and fourth.total_articles == 3


def test_cli_summary_and_exit_codes(tmp_path, capsys):
    assert main([str(FIXTURES / "articles" / "txt"), "--out", str(tmp_path / "s"), "--quiet",
                 "--processes", "1"]) == 0
    out = capsys.readouterr()
    assert "3 records = 3 stored + 0 duplicates + 0 rejected" in out.out
    assert main([str(FIXTURES / "bad"), "--out", str(tmp_path / "t"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "binary file, not text" in err and "No article was stored" in err
    assert main([str(tmp_path / "missing"), "--out", str(tmp_path / "u")]) == 2


def test_unknown_schema_version_says_what_to_do(tmp_path, fixture_store):
    man = json.loads((fixture_store / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**man, "schema_version": 99}))
    with pytest.raises(StoreVersionError, match="Rebuild it"):
        read_manifest(tmp_path)
    with pytest.raises(StoreMissing, match="components.pipeline"):
        read_manifest(tmp_path / "none")


def test_nothing_stored_raises(tmp_path):
    with pytest.raises(NothingStored):
        process([FIXTURES / "bad"], tmp_path / "s")


def test_alias_edits_apply_without_nlp(tmp_path, monkeypatch):
    import components.build.parse as ents_mod
    from components.build.pipeline import apply_user_edits

    out = tmp_path / "s"
    process([FIXTURES / "articles" / "txt"], out, n_process=1)
    before = load_store(out)
    assert "person:vladimir-putin" in set(before["mentions"]["entity_id"])

    def no_nlp(*a, **k):
        raise AssertionError("alias edits must not run NER")

    monkeypatch.setattr(ents_mod, "extract_raw_mentions", no_nlp)
    apply_user_edits(out, {"merge": {"person:vladimir-putin": "person:vvp"},
                           "rename": {"person:vvp": "V. V. Putin"}, "affiliation": {"person:vvp": "RUS"}})
    after = load_store(out)
    assert "person:vladimir-putin" not in set(after["mentions"]["entity_id"])
    row = after["entities"].set_index("entity_id").loc["person:vvp"]
    assert row["name"] == "V. V. Putin" and row["country"] == "RUS" and row["country_source"] == "analyst"
    assert len(after["articles"]) == len(before["articles"])
    assert json.loads((out / "user_aliases.json").read_text())["merge"] == {"person:vladimir-putin": "person:vvp"}
