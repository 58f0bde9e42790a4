"""Read article files into Article records and rejects.

``read_articles(paths)`` expands folders (recursively) and zip archives, picks a
reader by file extension (:mod:`components.build.readers`), normalises every record and
returns two DataFrames. Nothing is dropped silently: each input record ends up as
an article, an exact duplicate, or a reject with ``file:line`` and a reason.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Missile test\\n\\nDaily\\nPublished 2023 Apr 13 Thursday\\n\\nSEOUL - North Korea fired a missile on Thursday.\\n")
>>> _ = (d / "b.txt").write_text("")
>>> res = read_articles([d])
>>> res.articles[["title", "source", "dateline"]].to_dict("records")
[{'title': 'Missile test', 'source': 'Daily', 'dateline': 'SEOUL'}]
>>> res.rejects["reason"].tolist()
['empty file']
"""
from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from components import settings
from components.build.dates import parse_date, split_dateline
from components.build.normalise import (SURROGATES, content_hash, normalise_text, printable, repair_glued_names,
                                        safe_url)
from components.errors import Reject
from components.build.decode import decode
from components.build.readers import READERS, read_csv

__all__ = ["ARTICLE_COLUMNS", "IngestOptions", "IngestResult", "read_articles", "iter_inputs", "read_blob",
           "normalise_record"]

ARTICLE_COLUMNS = ["article_id", "source_id", "title", "source", "published", "url", "dateline",
                   "body_start", "text", "origin", "input_file", "n_words", "truncated"]
REJECT_COLUMNS = ["origin", "file", "line", "reason"]
MAX_ZIP_MEMBERS = 100_000
# Files that travel with article folders but are not articles: listed as skipped, not rejected.
SKIPPED_SUFFIXES = {".md", ".rst", ".py", ".ipynb", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".css",
                    ".js", ".ds_store", ".ini", ".cfg", ".toml", ".yaml", ".yml", ".log", ".lock", ".parquet"}
SKIPPED_NAMES = {"readme", "license", "licence", "changelog", "notice", "labels.jsonl"}
MAX_ZIP_RATIO = 200  # uncompressed/compressed; above this a member is treated as a zip bomb
MAX_TITLE_CHARS = 500  # a "title" longer than this is a body without line breaks


@dataclass
class Blob:
    """One readable unit: a file on disk or a member of a zip archive."""

    name: str  # shown to the user: "folder/file.txt" or "archive.zip!inner/file.txt"
    input_file: str  # the file on disk it comes from (the unit of incremental processing)
    data: bytes | None = None
    reject: Reject | None = None


@dataclass(frozen=True)
class IngestOptions:
    """The limits ingest reads with and the gazetteer whose names it repairs (the settings of the same names)."""

    max_file_mb: int = settings.default("max_file_mb")
    min_article_chars: int = settings.default("min_article_chars")
    max_article_chars: int = settings.default("max_article_chars")
    gazetteer_dir: str = settings.default("gazetteer_dir")

    @classmethod
    def from_settings(cls, resolved) -> "IngestOptions":
        """The options of a resolved settings mapping (:func:`components.settings.resolve`)."""
        return cls(**{f.name: resolved[f.name] for f in fields(cls)})


@dataclass
class IngestResult:
    articles: pd.DataFrame
    rejects: pd.DataFrame
    n_read: int = 0
    n_duplicates: int = 0
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    skipped: list[str] = field(default_factory=list)



def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file below the given paths (folders recursively, hidden files skipped), sorted."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        else:
            yield p


def _blobs(path: Path, max_file_mb: int) -> Iterator[Blob]:
    name = str(path)
    max_bytes = max_file_mb * 1024 * 1024
    if not path.exists():
        yield Blob(name, name, reject=Reject(name, None, "file does not exist"))
        return
    try:
        st = path.stat()
        size = st.st_size
    except OSError as exc:
        yield Blob(name, name, reject=Reject(name, None, f"cannot read file ({exc.strerror})"))
        return
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
        yield Blob(name, name, reject=Reject(name, None, "not a regular file (a pipe, device or socket), not read"))
        return
    if size > max_bytes:
        yield Blob(name, name, reject=Reject(name, None, f"file is {size / 1e6:.0f} MB, over the "
                                                         f"{max_bytes / 1e6:.0f} MB limit (setting max_file_mb)"))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Blob(name, name, reject=Reject(name, None, f"cannot read file ({exc.strerror})"))
        return
    if path.suffix.lower() == ".zip":
        yield from _zip_blobs(data, name, max_bytes)
    else:
        yield Blob(name, name, data=data)


def _zip_blobs(data: bytes, name: str, max_bytes: int) -> Iterator[Blob]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Blob(name, name, reject=Reject(name, None, f"not a readable zip archive ({exc})"))
        return
    if len(infos) > MAX_ZIP_MEMBERS:
        yield Blob(name, name, reject=Reject(name, None, f"zip has {len(infos)} members, over {MAX_ZIP_MEMBERS}"))
        return
    for info in infos:
        member = f"{name}!{printable(info.filename)}"
        inner = Path(info.filename)
        # Members are only ever read into memory, never extracted, so "../" paths cannot escape;
        # they are still refused because no honest archive contains them. Windows archives
        # separate with backslashes and can name a drive.
        parts = re.split(r"[\\/]", info.filename)
        if not info.filename:  # a name that began with NUL (zipfile cuts names there)
            yield Blob(member, name, reject=Reject(member, None, "zip member has no name, skipped"))
            continue
        if inner.is_absolute() or ".." in parts or info.filename.startswith(("/", "\\")) \
                or re.match(r"[A-Za-z]:", info.filename):
            yield Blob(member, name, reject=Reject(member, None, "unsafe path in zip archive (zip-slip), skipped"))
            continue
        if info.is_dir() or any(part.startswith(".") or part == "__MACOSX" for part in inner.parts):
            continue
        if info.file_size > max_bytes or (info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO
                                          and info.file_size > 10_000_000):
            yield Blob(member, name, reject=Reject(member, None, f"zip member expands to {info.file_size / 1e6:.0f} MB"
                                                                 " (zip bomb or over the size limit)"))
            continue
        try:
            with zf.open(info) as fh:
                content = fh.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            yield Blob(member, name, reject=Reject(member, None, f"zip member cannot be read ({exc})"))
            continue
        if inner.suffix.lower() == ".zip":
            yield Blob(member, name, reject=Reject(member, None, "zip inside a zip is not read; unpack it first"))
            continue
        yield Blob(member, name, data=content)


def is_skipped(name: str) -> bool:
    """Documentation, images and similar files that sit beside articles.

    >>> is_skipped("corpus/README.md"), is_skipped("x.zip!notes.md"), is_skipped("a.txt")
    (True, True, False)
    """
    inner = Path(name.rsplit("!", 1)[-1])
    return inner.suffix.lower() in SKIPPED_SUFFIXES or inner.stem.lower() in SKIPPED_NAMES \
        or inner.name.lower() in SKIPPED_NAMES


def read_blob(blob: Blob, csv_fields: dict | None = None) -> tuple[list[dict], list[Reject]]:
    """Raw records and rejects of one blob, by its extension; never raises."""
    if blob.reject:
        return [], [blob.reject]
    suffix = Path(blob.name.rsplit("!", 1)[-1]).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        return [], [Reject(blob.name, None, f"unsupported file type {suffix or '(no extension)'!r}; "
                                            f"supported: {', '.join(sorted(READERS))}, .zip")]
    if b"\x00" in blob.data[:8192] and decode(blob.data[:8192])[0] is None:  # every format, feeds too
        return [], [Reject(blob.name, None, "binary file, not text")]
    try:
        if reader is read_csv and csv_fields:
            return reader(blob.data, blob.name, field_map=csv_fields)
        return reader(blob.data, blob.name)
    except RecursionError:
        return [], [Reject(blob.name, None, "structure nested too deeply to read")]
    except MemoryError:
        return [], [Reject(blob.name, None, "file too large to read in memory")]
    except Exception as exc:  # a reader bug must not lose the rest of the run
        return [], [Reject(blob.name, None, f"could not be read ({type(exc).__name__}: {str(exc)[:100]})")]


def normalise_record(rec: dict, name: str, input_file: str, options: IngestOptions = IngestOptions()) -> dict | Reject:
    """Turn a raw record into an article row, or a reject saying what is missing."""
    line = rec.get("_line")
    text = rec.get("text")
    text = repair_glued_names(normalise_text(str(text)), options.gazetteer_dir) if text not in (None, "") else ""
    title = normalise_text(str(rec.get("title") or "")).replace("\n", " ")
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS - 1].rstrip() + "…"
    if len(text) < options.min_article_chars:
        if text and title and len(text.split()) >= 1:
            pass  # a one-line article with a title is still an article
        else:
            return Reject(name, line, "no article text" if not text else f"text too short ({len(text)} characters)")
    if "\x00" in text or text.count("\ufffd") > max(5, len(text) // 50):
        return Reject(name, line, "text is not readable (binary content or wrong encoding)")
    published = parse_date(rec.get("published"))
    if published is None:
        raw = rec.get("published")
        shown = repr(SURROGATES.sub("\ufffd", str(raw))[:40])
        year = re.match(r"\s*(\d{4,5})\b", str(raw)) if raw not in (None, "") else None
        if year and not 1800 <= int(year.group(1)) < 2100:
            return Reject(name, line, f"date {shown} is outside the years 1800-2099")
        return Reject(name, line, f"no usable date ({'missing' if raw in (None, '') else shown})")
    max_chars = options.max_article_chars
    truncated = len(text) > max_chars
    if truncated:
        cut = text.rfind("\n\n", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars]
    if not title:
        title = text.split("\n", 1)[0][:120]
    dateline, body_start = split_dateline(text)
    source_id = rec.get("id")
    return {
        "article_id": content_hash(text),
        "source_id": "" if source_id in (None, "") else SURROGATES.sub("\ufffd", str(source_id)),
        "title": title,
        "source": normalise_text(str(rec.get("source") or "")).replace("\n", " ")[:MAX_TITLE_CHARS]
        or "(unknown outlet)",
        "published": published,
        "url": safe_url(rec.get("url")),
        "dateline": dateline,
        "body_start": body_start,
        "text": text,
        "origin": printable(f"{name}:{line}" if line else name),
        "input_file": input_file,
        "n_words": len(text.split()),
        "truncated": truncated,
    }


def read_articles(paths: Iterable[str | Path], *, csv_fields: dict | None = None,
                  progress: Callable[[str], None] | None = None, seen_ids: set[str] | None = None,
                  options: IngestOptions | None = None) -> IngestResult:
    """Read files and folders into articles and rejects.

    Parameters
    ----------
    paths : files, folders (read recursively) or zip archives.
    csv_fields : optional ``{"text": "Body", "title": "Headline", ...}`` naming CSV columns.
    progress : called with each file name as it is read.
    seen_ids : article ids already stored; records with those ids count as duplicates.
    options : limits and gazetteer (default: the settings' declared defaults).

    Returns
    -------
    IngestResult with ``articles`` (columns ``ARTICLE_COLUMNS``), ``rejects``
    (``origin, file, line, reason``), ``n_read`` records read and ``n_duplicates``.
    """
    options = options or IngestOptions()
    rows, rejects, dups, skipped = [], [], [], []
    seen = set(seen_ids or ())
    n_read = 0
    for path in iter_inputs(paths):
        if progress:
            progress(str(path))
        if is_skipped(str(path)):
            skipped.append(str(path))
            continue
        for blob in _blobs(path, options.max_file_mb):
            if blob.reject is None and is_skipped(blob.name):
                skipped.append(blob.name)
                continue
            records, bad = read_blob(blob, csv_fields)
            n_read += len(records) + len(bad)
            rejects.extend(bad)
            for rec in records:
                try:
                    out = normalise_record(rec, blob.name, blob.input_file, options)
                except Exception as exc:  # one odd record must not end the run
                    out = Reject(blob.name, rec.get("_line"),
                                 f"record could not be read ({type(exc).__name__}: {str(exc)[:100]})")
                if isinstance(out, Reject):
                    rejects.append(out)
                elif out["article_id"] in seen:
                    dups.append({"origin": out["origin"], "article_id": out["article_id"], "title": out["title"]})
                else:
                    seen.add(out["article_id"])
                    rows.append(out)
    articles = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    articles["published"] = pd.to_datetime(articles["published"], utc=True)
    rej = pd.DataFrame([{"origin": printable(r.origin), "file": r.file, "line": r.line, "reason": printable(r.reason)}
                        for r in rejects],
                       columns=REJECT_COLUMNS)
    rej["line"] = rej["line"].astype("Int64")
    return IngestResult(articles, rej, n_read, len(dups), pd.DataFrame(dups, columns=["origin", "article_id", "title"]),
                        skipped)
