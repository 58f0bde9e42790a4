"""The analyst's edits to actors (``user_aliases.json`` in the store), applied without NLP.

``{"merge": {old_id: new_id}, "split": [{"surface": s, "entity_id": new_id, "article_id": optional}],
"rename": {id: name}, "affiliation": {id: ISO3}}``: splits apply while mentions are
resolved, merges after (:func:`components.build.entities.canonicalise`, and to statements
with :func:`remap_statements`), renames and affiliations in the actor table.

Examples
--------
>>> follow_merge({"a": "b", "b": "c"}, "a"), split_index({"split": [{"surface": "Kim", "entity_id": "person:x"}]})
('c', {'Kim': 'person:x'})
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["load_user_edits", "split_index", "follow_merge", "apply_merges", "remap_statements"]


def load_user_edits(store_dir: str | Path | None) -> dict:
    """The analyst's alias edits from ``user_aliases.json`` in the store (empty when none)."""
    if store_dir is None:
        return {}
    path = Path(store_dir) / "user_aliases.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def split_index(edits: dict) -> dict:
    """The analyst's splits by ``surface``, or ``(surface, article_id)`` when one article is meant."""
    splits = {}
    for sp in edits.get("split", []):
        key = (sp["surface"], sp["article_id"]) if sp.get("article_id") else sp["surface"]
        splits[key] = sp["entity_id"]
    return splits


def follow_merge(merges: dict, eid: str) -> str:
    """Where a chain of merges takes ``eid`` (a cycle stops where it closes)."""
    seen = set()
    while eid in merges and eid not in seen:
        seen.add(eid)
        eid = merges[eid]
    return eid


def apply_merges(mentions: pd.DataFrame, edits: dict) -> pd.DataFrame:
    """``mentions`` with each ``entity_id`` merged as the analyst asked (in place; returned)."""
    merges = edits.get("merge", {})
    if merges:
        mentions["entity_id"] = mentions["entity_id"].map(lambda e: follow_merge(merges, e))
    return mentions


def remap_statements(statements: pd.DataFrame, edits: dict) -> pd.DataFrame:
    """Apply the analyst's merges to speakers and targets, so statements follow alias edits.

    >>> st = pd.DataFrame({"speaker_id": ["person:a"], "speakers": [["person:a"]], "targets": [["country:X", "person:a"]]})
    >>> remap_statements(st, {"merge": {"person:a": "person:b"}}).iloc[0].tolist()
    ['person:b', ['person:b'], ['country:X', 'person:b']]
    """
    merges = (edits or {}).get("merge", {})
    if not merges or statements.empty:
        return statements
    out = statements.copy()
    out["speaker_id"] = out["speaker_id"].map(lambda e: follow_merge(merges, e) if e else e)
    for col in ("speakers", "targets"):
        if col in out:
            out[col] = out[col].map(lambda ids: [follow_merge(merges, e) for e in (ids if ids is not None else [])])
    return out
