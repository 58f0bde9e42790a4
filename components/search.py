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

import numpy as np
import pandas as pd

__all__ = ["build_index", "search", "matching_ids", "QueryError", "INDEX_NAME"]

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


def _connect(store: str | Path) -> sqlite3.Connection:
    path = Path(store) / INDEX_NAME
    if not path.exists():
        raise FileNotFoundError(f"no search index at {path}: re-run the pipeline to build it")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _query_error(query: str, exc: Exception) -> QueryError:
    return QueryError(f"cannot read the query {query!r} ({exc}); use words, \"a phrase\", AND, OR, NOT, "
                      f"and word* for prefixes")


def search(store: str | Path, query: str, limit: int | None = None, ranked: bool = True) -> list[str]:
    """Article ids matching ``query``, best match first (in index order when not ``ranked``: a filter needs
    only the set, and ranking every match of a common word costs 0.5 s at 1M articles).
    Raises :class:`QueryError` on bad syntax."""
    con = _connect(store)
    try:
        sql = "SELECT article_id FROM docs WHERE docs MATCH ?" + (" ORDER BY rank" if ranked else "")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in con.execute(sql, (_prepare(query),))]
    except sqlite3.OperationalError as exc:
        raise _query_error(query, exc) from exc
    finally:
        con.close()


def matching_ids(store: str | Path, query: str, article_ids: np.ndarray) -> np.ndarray:
    """The ids of the articles matching ``query``, unranked, for a filter.

    The index is written in the order of ``articles.parquet``, so a match's ``rowid`` is its article's
    position: only row numbers are read and mapped through ``article_ids`` (the store's ``article_id``
    column in file order), which at 1M articles saves reading every matching id string. When the
    index's row count or a spot check of the first and last match disagrees with ``article_ids``, the
    ids are read from the index instead. Raises :class:`QueryError` on bad syntax.
    """
    article_ids = np.asarray(article_ids, dtype=object)
    con = _connect(store)
    try:
        rows = np.fromiter((r[0] for r in con.execute("SELECT rowid FROM docs WHERE docs MATCH ?",
                                                       (_prepare(query),))), dtype=np.int64) - 1
        aligned = (con.execute("SELECT max(rowid) FROM docs").fetchone()[0] or 0) == len(article_ids)
        if aligned and len(rows):
            probe = sorted({int(rows.min()), int(rows.max())})
            got = dict(con.execute(f"SELECT rowid, article_id FROM docs WHERE rowid IN "
                                   f"({','.join('?' * len(probe))})", [p + 1 for p in probe]))
            aligned = all(got.get(p + 1) == article_ids[p] for p in probe)
    except sqlite3.OperationalError as exc:
        raise _query_error(query, exc) from exc
    finally:
        con.close()
    if aligned:
        return article_ids[np.sort(rows)]
    return np.asarray(search(store, query, ranked=False), dtype=object)
