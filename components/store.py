"""The processed store on disk: the only module that knows file names and columns.

Layout (see ``../shared/design/architecture.md``)::

    DIR/articles.parquet   DIR/entities.parquet   DIR/mentions.parquet
    DIR/topics.parquet     DIR/raw_mentions.parquet   DIR/statements.parquet   DIR/rejects.csv
    DIR/manifest.json      DIR/user_aliases.json (analyst edits, optional)
    DIR/topic_model.npz    (the fitted topic model that places new articles, :mod:`components.build.topics`)

The manifest records the schema version, the tables' counts and hashes, the inputs with
their hashes, and under ``settings`` the resolved settings that built the store
(:func:`components.settings.resolve`).

Writes are atomic per store: every file of a run is first written to
``DIR/.staging-<id>/``, then the files are moved into place and ``manifest.json``
is replaced last. The manifest lists each data file with its content hash; a reader
that finds a file whose hash disagrees (a run died mid-swap) uses the previous copy
kept in ``DIR/.previous/``. The full-text index (``search.sqlite``) is built in the
staging folder too and moved in before the manifest, so a killed run never leaves an
index that misses stored articles.

One writer at a time: :func:`write_store` holds an exclusive lock on ``DIR/.write.lock``
and, before writing, puts back the previous copies a killed run left behind, so a
second crash cannot lose the last complete version. :func:`load_store` re-reads the
manifest after the tables and retries when a write finished in between, so a reader
never returns tables of two versions.

Examples
--------
>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> tables = {"articles": pd.DataFrame({"article_id": ["a"], "title": ["T"]})}
>>> _ = write_store(d, tables, manifest={"inputs": {}})
>>> read_table(d, "articles")["title"].tolist()
['T']
>>> read_manifest(d)["schema_version"] == SCHEMA_VERSION
True
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Mapping
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from components.errors import StoreMissing, StoreVersionError

__all__ = ["SCHEMA_VERSION", "TABLES", "write_store", "read_table", "read_manifest", "store_hash",
           "load_store", "save_user_edits", "file_hash", "write_lock", "StoreCorrupt", "LONG_TEXT",
           "article_texts", "one_chunk", "read_arrays", "ARRAYS"]

SCHEMA_VERSION = 1
TABLES = ("articles", "entities", "mentions", "topics", "raw_mentions", "statements", "themes")
# Named sets of arrays stored as ``NAME.npz`` (no pickles): a write that does not mention one keeps the
# stored copy, so a rewrite of the tables alone (alias edits) never drops the fitted topic model.
ARRAYS = ("topic_model",)
MANIFEST = "manifest.json"
LOCK = ".write.lock"
INDEX = "search.sqlite"  # components.search.INDEX_NAME
# Rows per Parquet row group: each table file is split into independent partitions that DuckDB, Dask
# (one partition per row group) and Spark read in parallel, while keeping the file names of the contract.
ROW_GROUP_ROWS = 100_000
# The long text columns: the dashboard leaves them out when it opens a store and reads a
# text by id when a view shows it (:func:`article_texts`).
LONG_TEXT = {"articles": ("text",), "statements": ("sentence",)}


class StoreCorrupt(StoreVersionError):
    """The manifest cannot be read; the store must be rebuilt (handled like a version mismatch)."""


@contextmanager
def write_lock(store: str | Path, name: str = LOCK):
    """Hold the store's exclusive writer lock (waits for a running writer to finish).

    The operating system releases it when the holder dies, so a killed run never leaves
    the store locked. ``name``: another lock file in the store, for a file with writers of its own
    (``components/workspace.py``'s workspace.json), which need not wait for the pipeline.
    """
    import fcntl

    store = Path(store)
    store.mkdir(parents=True, exist_ok=True)
    with open(store / name, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _recover(out: Path) -> None:
    """Undo a write that died after moving some files in but before replacing the manifest.

    Each file the manifest lists whose hash disagrees is put back from ``.previous``, so
    the directory again holds exactly the version the manifest describes. Only called
    with the writer lock held.
    """
    prev = out / ".previous"
    if not prev.is_dir():
        return
    if not (out / MANIFEST).exists() and (prev / MANIFEST).exists():
        os.replace(prev / MANIFEST, out / MANIFEST)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for name, expected in (manifest.get("files") or {}).items() if isinstance(manifest, dict) else ():
        here, there = out / name, prev / name
        if there.exists() and (not here.exists() or file_hash(here) != expected) and file_hash(there) == expected:
            os.replace(there, here)
    _fsync_dir(out)


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_store(out: str | Path, tables: dict[str, pd.DataFrame], *, manifest: dict,
                rejects: pd.DataFrame | None = None, settings: Mapping[str, object] | None = None,
                arrays: Mapping[str, Mapping[str, object] | None] | None = None) -> dict:
    """Write ``tables`` (name -> DataFrame) and the manifest to ``out`` atomically.

    ``arrays``: name (one of :data:`ARRAYS`) -> dict of numpy arrays, written as ``NAME.npz`` in the
    same atomic swap; ``None`` drops the stored copy; a name not given keeps the stored copy.

    ``settings``: the resolved settings that built the tables, recorded as the manifest's
    ``settings`` object (else the manifest keeps what it was given under that key).
    Returns the manifest as written (with schema version, counts, file hashes and
    the store hash).
    """
    out = Path(out)
    if settings is not None:
        manifest = {**manifest, "settings": dict(settings)}
    with write_lock(out):
        _tidy_locked(out)
        return _write_locked(out, tables, manifest, rejects, arrays or {})


def tidy(store: str | Path) -> None:
    """Finish what a killed writer left behind: put back half-swapped files, delete its staging folder
    and the kept previous files. A run with nothing new to write calls this, so no leftovers stay."""
    out = Path(store)
    if out.is_dir():
        with write_lock(out):
            _tidy_locked(out)


def _tidy_locked(out: Path) -> None:
    _recover(out)
    for stale in out.glob(".staging-*"):  # left by runs that died
        shutil.rmtree(stale, ignore_errors=True)
    if (out / MANIFEST).exists():  # the directory matches its manifest again
        shutil.rmtree(out / ".previous", ignore_errors=True)


def _write_locked(out: Path, tables: dict[str, pd.DataFrame], manifest: dict, rejects: pd.DataFrame | None,
                  arrays: Mapping[str, Mapping[str, object] | None]) -> dict:
    import numpy as np

    unknown = set(arrays) - set(ARRAYS)
    if unknown:
        raise ValueError(f"arrays == {sorted(unknown)}, must be among {list(ARRAYS)}")
    staging = out / f".staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    files = {}
    try:
        old_files = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        old_files = {}
    for name in ARRAYS:
        fname = f"{name}.npz"
        if name in arrays and arrays[name] is not None:
            _save_npz(staging / fname, arrays[name])
            files[fname] = file_hash(staging / fname)
    carried = {f: h for f, h in old_files.items()
               if f.endswith(".npz") and f[:-4] in ARRAYS and f[:-4] not in arrays and (out / f).exists()}
    for name, df in tables.items():
        path = staging / f"{name}.parquet"
        df.to_parquet(path, index=False, row_group_size=ROW_GROUP_ROWS)
        files[path.name] = file_hash(path)
    if rejects is not None:
        path = staging / "rejects.csv"
        rejects.to_csv(path, index=False)
        files[path.name] = file_hash(path)
    arts = tables.get("articles")
    if arts is not None and {"article_id", "title", "text"} <= set(arts.columns):
        from components.search import build_index

        build_index(staging, arts)
    for f in staging.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    manifest = dict(manifest)
    manifest["additions"] = additions_after(_manifest_or_empty(out), tables.get("articles"))
    written = dict(files)
    files = {**files, **carried}
    manifest.update({
        "schema_version": SCHEMA_VERSION,
        "written_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": files,
        "counts": {name: int(len(df)) for name, df in tables.items()},
    })
    manifest["store_hash"] = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:12]
    # Keep the files being replaced until the new manifest is in place.
    previous = out / ".previous"
    if previous.exists():
        shutil.rmtree(previous)
    previous.mkdir()
    for name in written:
        if (out / name).exists():
            os.link(out / name, previous / name)
    if (out / MANIFEST).exists():
        os.link(out / MANIFEST, previous / MANIFEST)
    _fsync_dir(previous)
    for name in written:
        os.replace(staging / name, out / name)
    if (staging / INDEX).exists():
        os.replace(staging / INDEX, out / INDEX)
    tmp = staging / MANIFEST
    tmp.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out / MANIFEST)
    _fsync_dir(out)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)
    return manifest


def _manifest_or_empty(out: Path) -> dict:
    try:
        found = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def additions_after(old_manifest: dict, articles: pd.DataFrame | None) -> list[dict]:
    """The manifest's ``additions`` (an extension): one record per write that grew the articles table,
    oldest first, with its time (``at``), the articles then stored and added, and the newest article's
    ``published`` (``newest``); "What's new" starts by default the day after the newest article before
    the latest addition. A rewrite that adds no article (alias edits, a topic refit) keeps the list.

    >>> arts = pd.DataFrame({"published": pd.to_datetime(["2024-05-02"], utc=True)})
    >>> a = additions_after({}, arts)
    >>> [(r["articles"], r["added"], r["newest"]) for r in a]
    [(1, 1, '2024-05-02T00:00:00Z')]
    >>> additions_after({"additions": a, "counts": {"articles": 1}}, arts) == a
    True
    """
    before = list(old_manifest.get("additions", []) if isinstance(old_manifest, dict) else [])
    n_old = int((old_manifest.get("counts") or {}).get("articles", 0)) if isinstance(old_manifest, dict) else 0
    if articles is None or len(articles) <= n_old:
        return before
    if n_old and not before:  # a store written before this record existed
        before = [{"at": old_manifest.get("written_at"), "articles": n_old, "added": n_old, "newest": None}]
    newest = None
    if "published" in articles and articles["published"].notna().any():
        t = pd.Timestamp(articles["published"].max())
        newest = (t.tz_convert("UTC") if t.tz else t).strftime("%Y-%m-%dT%H:%M:%SZ")
    return before + [{"at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "articles": len(articles),
                      "added": len(articles) - n_old, "newest": newest}]


def read_manifest(store: str | Path) -> dict:
    """The store's manifest; raises :class:`StoreMissing` or :class:`StoreVersionError`."""
    store = Path(store)
    path = store / MANIFEST
    if not path.exists():
        prev = store / ".previous" / MANIFEST
        if prev.exists():
            path = prev
        else:
            raise StoreMissing(f"No Wirescope store at {store}: build one with "
                               f"`python -m components.pipeline data/demo --out {store}`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise StoreCorrupt(f"The store's manifest {path} is damaged ({str(exc)[:80]}). Rebuild the store: "
                           f"`python -m components.pipeline INPUT... --out {store} --rebuild`") from exc
    if not isinstance(manifest, dict):
        raise StoreCorrupt(f"The store's manifest {path} is not a Wirescope manifest. Rebuild the store: "
                           f"`python -m components.pipeline INPUT... --out {store} --rebuild`")
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise StoreVersionError(f"The store at {store} has schema version {version!r}; this Wirescope reads "
                                f"version {SCHEMA_VERSION}. Rebuild it: `python -m components.pipeline INPUT... "
                                f"--out {store} --rebuild`")
    return manifest


def _table_path(store: Path, name: str, manifest: dict, fname: str | None = None) -> Path:
    fname = fname or f"{name}.parquet"
    path = store / fname
    expected = manifest.get("files", {}).get(fname)
    prev = store / ".previous" / fname
    # A run that died between moving files and replacing the manifest leaves new
    # files next to the old manifest; the old copies are in .previous.
    if expected and prev.exists() and path.exists() and file_hash(path) != expected and file_hash(prev) == expected:
        return prev
    return path


def read_table(store: str | Path, name: str, columns: list[str] | None = None,
               manifest: dict | None = None) -> pd.DataFrame:
    """One table of the store as a DataFrame (optionally only ``columns``)."""
    store = Path(store)
    manifest = manifest or read_manifest(store)
    path = _table_path(store, name, manifest)
    if not path.exists():
        raise StoreMissing(f"{path} is missing: rebuild the store with `python -m components.pipeline`")
    return pd.read_parquet(path, columns=columns)


def load_store(store: str | Path, tables=TABLES, without: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every table plus ``rejects`` and the ``manifest`` (under that key), all of one version.

    ``without`` maps a table name to columns to leave out (e.g. :data:`LONG_TEXT`). Read without a lock, and again
    when a write was swapping files or finished meanwhile; when writers keep at it (five tries), or one died
    while swapping, read once more with the writer lock held, so the tables never mix two versions.
    """
    store = Path(store)
    without = without or {}
    swapping = store / ".previous"  # exists from a write's first file swap until its manifest is in place
    for _attempt in range(5):
        if swapping.exists():
            continue  # a write is swapping files (or one died doing so): read under the lock below
        try:
            out = _read_version(store, tables, without)
        except FileNotFoundError:
            continue  # a write finished while we read and removed the previous copy we were reading: read again
        # A write that began while we read may have swapped a file after we chose it and before we read it,
        # its manifest still the old one: read again. Checked before the manifest, so a write that both
        # began and finished meanwhile shows as a new manifest.
        if swapping.exists():
            continue
        # A write that finished while we read may have swapped some files: read again.
        if read_manifest(store).get("store_hash") == out["manifest"].get("store_hash"):
            return out
    with ExitStack() as held:
        try:
            held.enter_context(write_lock(store))
        except OSError:  # a store we may not write to (no lock file): no writer can swap its files either
            pass
        return _read_version(store, tables, without)


def _read_version(store: Path, tables, without: dict) -> dict:
    """One unlocked read of the manifest, the ``tables`` and the rejects (see :func:`load_store`)."""
    import pyarrow.parquet as pq

    manifest = read_manifest(store)
    out: dict = {"manifest": manifest}
    for name in tables:
        if f"{name}.parquet" in manifest.get("files", {}):
            columns = None
            if without.get(name):
                path = _table_path(store, name, manifest)
                if path.exists():
                    columns = [c for c in pq.read_schema(path).names if c not in set(without[name])]
            out[name] = read_table(store, name, columns=columns, manifest=manifest)
    rej = _table_path(store, "rejects", manifest, "rejects.csv")
    out["rejects"] = pd.read_csv(rej, dtype=str, keep_default_na=False) if rej.exists() else pd.DataFrame()
    return out


def _save_npz(path: Path, arrays: Mapping[str, object]) -> None:
    """``np.savez`` with fixed member dates: the same arrays give the same bytes (and store hash) on every run."""
    import zipfile

    import numpy as np

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            with zf.open(info, "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.asarray(arrays[key]), allow_pickle=False)


def read_arrays(store: str | Path, name: str, manifest: dict | None = None) -> dict | None:
    """The arrays stored under ``name`` (one of :data:`ARRAYS`) as a dict, or None when the store has none."""
    import numpy as np

    store = Path(store)
    manifest = manifest or read_manifest(store)
    fname = f"{name}.npz"
    if fname not in manifest.get("files", {}):
        return None
    path = _table_path(store, name, manifest, fname)
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def one_chunk(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each Arrow-backed column in one contiguous chunk (same dtypes and values).

    A parquet file is read in batches, and taking rows from a column of many chunks
    concatenates them first: on a million rows, each ``take`` then costs milliseconds
    however few rows it takes.
    """
    import pyarrow as pa

    for col in df.columns:
        arr = df[col].array
        chunked = getattr(arr, "_pa_array", None)
        if isinstance(chunked, pa.ChunkedArray) and chunked.num_chunks > 1:
            df[col] = pd.Series(type(arr)(pa.chunked_array([chunked.combine_chunks()]), dtype=arr.dtype),
                                index=df.index, name=col)
    return df


def article_texts(store: str | Path, ids, positions=None) -> pd.Series:
    """The ``text`` of the articles ``ids``: a Series indexed by article id, in the order of ``ids``.

    ``positions`` (the articles' row positions in ``articles.parquet``, as the dashboard
    keeps them) make it a primary-key lookup in the full-text index, whose rows are
    written in the same order; each row's id is checked. Ids not found that way are read
    from ``articles.parquet``. Unknown ids are left out.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> _ = write_store(d, {"articles": pd.DataFrame({"article_id": ["a", "b"], "title": ["A", "B"],
    ...                                                "text": ["Alpha.", "Beta."]})}, manifest={"inputs": {}})
    >>> article_texts(d, ["b", "x", "a"]).to_dict(), article_texts(d, ["b"], positions=[1]).tolist()
    ({'b': 'Beta.', 'a': 'Alpha.'}, ['Beta.'])
    """
    import sqlite3

    import pyarrow.parquet as pq

    store = Path(store)
    ids = [str(i) for i in ids]
    found: dict[str, str] = {}
    index = store / INDEX
    if positions is not None and len(ids) and index.exists():
        rowid = {int(p) + 1: i for p, i in zip(positions, ids)}
        con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        try:
            keys = list(rowid)
            for k in range(0, len(keys), 500):
                chunk = keys[k:k + 500]
                sql = f"SELECT rowid, article_id, text FROM docs WHERE rowid IN ({','.join('?' * len(chunk))})"
                for r, aid, text in con.execute(sql, chunk):
                    if rowid.get(r) == aid:
                        found[aid] = text
        except sqlite3.DatabaseError:
            found = {}
        finally:
            con.close()
    missing = [i for i in dict.fromkeys(ids) if i not in found]
    if missing:
        manifest = read_manifest(store)
        path = _table_path(store, "articles", manifest)
        if not path.exists():
            raise StoreMissing(f"{path} is missing: rebuild the store with `python -m components.pipeline`")
        t = pq.read_table(path, columns=["article_id", "text"], filters=[("article_id", "in", missing)])
        found.update(zip(t.column("article_id").to_pylist(), t.column("text").to_pylist()))
    keep = [i for i in ids if i in found]
    return pd.Series([found[i] for i in keep], index=pd.Index(keep, name="article_id"), name="text", dtype=object)


def store_hash(store: str | Path) -> str:
    """Short content hash of the store, printed on every exported chart."""
    return read_manifest(store).get("store_hash", "unknown")


def save_user_edits(store: str | Path, edits: dict) -> None:
    """Write the analyst's alias edits atomically to ``user_aliases.json``."""
    path = Path(store) / "user_aliases.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(edits, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
