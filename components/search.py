"""Full-text search over the store with SQLite FTS5 (Python's standard library).

The index lives next to the store as ``search.sqlite``. Queries use FTS5 syntax:
``"nuclear test"`` (phrase), ``missile AND launch``, ``sanctions OR embargo``,
``korea NOT south``, ``satell*`` (prefix). A bare list of words means all of them.

Examples
--------
>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["Missile test", "Trade talks"],
...                      "text": ["North Korea fired a missile.", "Sanctions on trade."]})
>>> build_index(d, arts)
>>> search(d, "missile"), search(d, "sanct*"), sorted(search(d, '"fired a missile" OR trade'))
(['a'], ['b'], ['a', 'b'])
"""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pandas as pd

__all__ = ["build_index", "search", "QueryError", "INDEX_NAME"]

INDEX_NAME = "search.sqlite"


class QueryError(ValueError):
    """The text query is not valid FTS5 syntax; the message says how to write it."""


def build_index(store: str | Path, articles: pd.DataFrame) -> None:
    """(Re)build the FTS5 index of ``articles`` atomically."""
    path = Path(store) / INDEX_NAME
    tmp = path.with_suffix(".sqlite.tmp")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE VIRTUAL TABLE docs USING fts5(article_id UNINDEXED, title, text, "
                    "tokenize='unicode61 remove_diacritics 2')")
        con.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                        zip(articles["article_id"], articles["title"].fillna(""), articles["text"].fillna("")))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)


def _prepare(query: str) -> str:
    q = query.strip()
    # Lower-case operators are words to users; FTS5 wants them upper-case.
    q = re.sub(r"\b(and|or|not)\b", lambda m: m.group(1).upper(), q)
    # Hyphens and other punctuation outside quotes would be FTS5 syntax errors: quote such words.
    parts = re.findall(r'"[^"]*"|\S+', q)
    safe = []
    for p in parts:
        if p.startswith('"') or p in {"AND", "OR", "NOT", "(", ")"} or re.fullmatch(r"[\w]+\*?", p):
            safe.append(p)
        else:
            safe.append('"' + p.replace('"', "") + '"')
    return " ".join(safe)


def search(store: str | Path, query: str, limit: int | None = None, ranked: bool = True) -> list[str]:
    """Article ids matching ``query``, best match first (in index order when not ``ranked``: a filter needs
    only the set, and ranking every match of a common word costs 0.5 s at 1M articles).
    Raises :class:`QueryError` on bad syntax."""
    path = Path(store) / INDEX_NAME
    if not path.exists():
        raise FileNotFoundError(f"no search index at {path}: re-run the pipeline to build it")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        sql = "SELECT article_id FROM docs WHERE docs MATCH ?" + (" ORDER BY rank" if ranked else "")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in con.execute(sql, (_prepare(query),))]
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot read the query {query!r} ({exc}); use words, \"a phrase\", AND, OR, NOT, "
                         f"and word* for prefixes") from exc
    finally:
        con.close()
