"""The analyst's workspace, kept with the store: watchlists, notes and saved views in ``DIR/workspace.json``.

The pipeline never writes or deletes this file, so it survives re-runs and topic refits, and it is
never mixed across stores (each store folder has its own). Every change goes through :func:`edit`,
which holds an exclusive lock on ``DIR/.workspace.lock``, re-reads the file, applies the change and
replaces the file atomically (temporary file, fsync, ``os.replace``): two sessions editing at once
both keep their edits, and a reader never sees half a file.

The helpers (``pin_actor``, ``add_note``...) change a workspace dict in place and touch no disk, so a
caller passes them to :func:`edit`.

Examples
--------
>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> _ = edit(d, lambda ws: pin_actor(ws, "person:kim", seen=["a1"]))
>>> read(d)["watch"]["actors"]
['person:kim']
>>> new_matches(read(d), {"actor:person:kim": ["a1", "a2"]})
{'actor:person:kim': ['a2']}
"""
from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from components.store import write_lock

__all__ = ["WORKSPACE", "empty", "read", "edit", "export_json", "import_json", "pin_actor", "unpin_actor",
           "add_term", "remove_term", "mark_seen", "new_matches", "add_note", "update_note", "delete_note",
           "notes_for", "save_view", "delete_view", "WorkspaceError"]

WORKSPACE = "workspace.json"
LOCK = ".workspace.lock"
VERSION = 1
MAX_NOTE = 10_000  # characters: a note is a paragraph or a page, never a document


class WorkspaceError(ValueError):
    """The workspace file (or an imported one) cannot be read as a Wirescope workspace."""


def empty() -> dict:
    """A workspace with nothing in it."""
    return {"version": VERSION, "watch": {"actors": [], "terms": []}, "seen": {}, "notes": [], "views": []}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _checked(data, where: str) -> dict:
    """``data`` as a complete workspace (missing parts filled in); raises :class:`WorkspaceError`."""
    if not isinstance(data, dict):
        raise WorkspaceError(f"{where}: a workspace is a JSON object, got {type(data).__name__}")
    if data.get("version", VERSION) != VERSION:
        raise WorkspaceError(f"{where}: version == {data.get('version')!r}, must be {VERSION}")
    ws = empty()
    watch = data.get("watch") or {}
    ws["watch"]["actors"] = [str(a) for a in watch.get("actors", []) if isinstance(a, str)]
    ws["watch"]["terms"] = [str(t) for t in watch.get("terms", []) if isinstance(t, str)]
    ws["seen"] = {str(k): [str(i) for i in v] for k, v in (data.get("seen") or {}).items() if isinstance(v, list)}
    ws["notes"] = [n for n in data.get("notes", []) if isinstance(n, dict) and {"id", "kind", "target", "text"} <= set(n)]
    ws["views"] = [v for v in data.get("views", []) if isinstance(v, dict) and {"name", "link"} <= set(v)]
    return ws


def read(store: str | Path) -> dict:
    """The store's workspace (an empty one when it has none yet)."""
    path = Path(store) / WORKSPACE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return empty()
    try:
        return _checked(json.loads(text), str(path))
    except json.JSONDecodeError as exc:
        raise WorkspaceError(f"{path}: not valid JSON ({exc}); move it aside to start an empty workspace") from exc


def _write(store: Path, ws: dict) -> None:
    tmp = store / f".{WORKSPACE}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(ws, fh, indent=2, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, store / WORKSPACE)
    finally:
        tmp.unlink(missing_ok=True)


def edit(store: str | Path, change: Callable[[dict], object]) -> dict:
    """Apply ``change`` (a function that edits the workspace dict in place) under the lock, to the
    file as it is now, and write the result atomically. Returns the workspace as written."""
    store = Path(store)
    with write_lock(store, LOCK):
        ws = read(store)
        change(ws)
        ws = _checked(ws, "the edited workspace")
        ws["updated_at"] = _now()
        _write(store, ws)
    return ws


def export_json(ws: dict) -> str:
    """The workspace as a JSON text (the dashboard's download)."""
    return json.dumps(ws, indent=2, ensure_ascii=False)


def import_json(text: str | bytes, *, into: dict) -> None:
    """Merge an exported workspace into ``into``: watched items and saved views are added, notes are
    added unless one with the same id is already there (an import never overwrites an edit)."""
    try:
        other = _checked(json.loads(text), "the imported file")
    except json.JSONDecodeError as exc:
        raise WorkspaceError(f"the imported file is not valid JSON ({exc})") from exc
    for key in ("actors", "terms"):
        for v in other["watch"][key]:
            if v not in into["watch"][key]:
                into["watch"][key].append(v)
    for k, ids in other["seen"].items():
        into["seen"][k] = sorted(set(into["seen"].get(k, [])) | set(ids))
    have = {n["id"] for n in into["notes"]}
    into["notes"] += [n for n in other["notes"] if n["id"] not in have]
    names = {v["name"] for v in into["views"]}
    into["views"] += [v for v in other["views"] if v["name"] not in names]


def _watch(ws: dict, group: str, kind: str, value: str, seen) -> None:
    """Add ``value`` to the watched ``group`` ("actors" or "terms"), with the articles already ``seen``."""
    if value not in ws["watch"][group]:
        ws["watch"][group].append(value)
    ws["seen"][f"{kind}:{value}"] = sorted(set(seen))


def _unwatch(ws: dict, group: str, kind: str, value: str) -> None:
    ws["watch"][group] = [x for x in ws["watch"][group] if x != value]
    ws["seen"].pop(f"{kind}:{value}", None)


def pin_actor(ws: dict, entity_id: str, *, seen=()) -> None:
    """Watch an actor; ``seen``: the articles already matching it (not flagged as new)."""
    _watch(ws, "actors", "actor", entity_id, seen)


def unpin_actor(ws: dict, entity_id: str) -> None:
    _unwatch(ws, "actors", "actor", entity_id)


def add_term(ws: dict, term: str, *, seen=()) -> None:
    """Watch a search term (the full-text search's syntax); ``seen`` as for :func:`pin_actor`."""
    term = term.strip()[:200]
    if not term:
        raise WorkspaceError("term == '', must be a search term")
    _watch(ws, "terms", "term", term, seen)


def remove_term(ws: dict, term: str) -> None:
    _unwatch(ws, "terms", "term", term)


def mark_seen(ws: dict, matches: dict) -> None:
    """Record every article in ``matches`` (watched item -> article ids) as seen: the analyst's visit."""
    for key, ids in matches.items():
        ws["seen"][key] = sorted(set(ws["seen"].get(key, [])) | set(ids))


def new_matches(ws: dict, matches: dict) -> dict:
    """The articles of ``matches`` not seen at the last visit, per watched item (items with none left out).

    >>> new_matches({"seen": {"term:x": ["a"]}}, {"term:x": ["a", "b"], "term:y": []})
    {'term:x': ['b']}
    """
    out = {}
    for key, ids in matches.items():
        fresh = sorted(set(ids) - set(ws["seen"].get(key, [])))
        if fresh:
            out[key] = fresh
    return out


NOTE_KINDS = ("article", "actor", "view")


def add_note(ws: dict, kind: str, target: str, text: str) -> str:
    """Pin a note to an article (its id), an actor (its id) or a view (its link); returns the note's id."""
    if kind not in NOTE_KINDS:
        raise WorkspaceError(f"kind == {kind!r}, must be one of {list(NOTE_KINDS)}")
    nid = uuid.uuid4().hex[:10]
    ws["notes"].append({"id": nid, "kind": kind, "target": str(target)[:2000], "text": str(text)[:MAX_NOTE],
                        "created_at": _now(), "updated_at": _now()})
    return nid


def update_note(ws: dict, note_id: str, text: str) -> None:
    for n in ws["notes"]:
        if n["id"] == note_id:
            n["text"], n["updated_at"] = str(text)[:MAX_NOTE], _now()
            return
    raise WorkspaceError(f"note {note_id!r} is not in this workspace (deleted in another session?)")


def delete_note(ws: dict, note_id: str) -> None:
    ws["notes"] = [n for n in ws["notes"] if n["id"] != note_id]


def notes_for(ws: dict, kind: str, target: str) -> list[dict]:
    """The notes pinned to one article, actor or view."""
    return [n for n in ws["notes"] if n["kind"] == kind and n["target"] == target]


def save_view(ws: dict, name: str, link: str) -> None:
    """Save (or replace) a named link with its filters, e.g. ``("Korea this week", "new?country=PRK")``."""
    name = name.strip()[:100]
    if not name:
        raise WorkspaceError("name == '', must name the saved view")
    ws["views"] = [v for v in ws["views"] if v["name"] != name] + [{"name": name, "link": link, "saved_at": _now()}]


def delete_view(ws: dict, name: str) -> None:
    ws["views"] = [v for v in ws["views"] if v["name"] != name]
