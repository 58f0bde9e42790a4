"""Format readers: bytes of one file -> raw records (dicts) and rejects.

Every reader has the signature ``read_X(data: bytes, name: str) -> (records, rejects)``
where a record is a dict with any of the keys ``title, text, source, published, url,
id`` plus ``_line`` (the line or record number in the file, 1-based). Readers never
raise on bad content: what they cannot use becomes a :class:`~components.errors.Reject`.
:func:`components.build.ingest.normalise_record` turns raw records into articles.

Examples
--------
>>> recs, rej = read_txt(b"A title\\n\\nKCNA\\nPublished 2024 Jan 02 Tuesday\\n\\nBody text here.\\n", "a.txt")
>>> recs[0]["title"], recs[0]["source"], recs[0]["published"], recs[0]["text"]
('A title', 'KCNA', '2024 Jan 02 Tuesday', 'Body text here.')
"""
from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache

from components.build.decode import bomb_reject, decode
from components.build.web import read_feed, read_html
from components.errors import Reject

__all__ = ["read_txt", "read_jsonl", "read_json", "read_csv", "read_html", "read_feed", "READERS"]

# Key names other tools use for the same field, most specific first.
KEY_ALIASES = {
    "title": ("title", "headline", "heading", "name", "subject"),
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "story", "description", "summary"),
    "published": ("published", "date", "pubdate", "pub_date", "published_at", "publish_date", "publication_date",
                  "datetime", "timestamp", "created", "created_at", "time", "updated"),
    "source": ("source", "outlet", "publisher", "publication", "site", "site_name", "media", "feed", "domain"),
    "url": ("url", "link", "href", "permalink", "uri"),
    "id": ("id", "guid", "uid", "article_id", "doc_id", "_id", "identifier"),
}
_PUBLISHED_LINE = re.compile(r"^\s*(?:published|posted|date|updated)\s*[:\-]?\s*(.+)$", re.I)


@lru_cache(maxsize=4096)
def _norm_key(key) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(key).lower()).strip("_")


@lru_cache(maxsize=1024)
def _key_order(keys: tuple, field: str) -> tuple:
    """The normalised keys of ``keys`` to try for ``field``, in order: the exact aliases, then the keys holding an
    alias word (worked out once per key set: a file's records share theirs)."""
    return tuple(KEY_ALIASES[field]) + tuple(k for k in keys if any(a in k.split("_") for a in KEY_ALIASES[field]))


def _key_for(keys, field: str):
    """The key among ``keys`` that names ``field``: exact alias first, then a key containing an alias word.

    >>> _key_for(["Headline", "Body Text", "Date Published"], "text"), _key_for(["Date Published"], "published")
    ('Body Text', 'Date Published')
    """
    normed = {_norm_key(k): k for k in keys}
    for alias in KEY_ALIASES[field]:
        if alias in normed:
            return normed[alias]
    for alias in KEY_ALIASES[field]:
        for nk, k in normed.items():
            if alias in nk.split("_"):
                return k
    return None


def _pick(obj: dict, field: str, lowered: dict | None = None):
    """The value of the key in ``obj`` naming ``field`` (case-insensitive, see :func:`_key_for`); ``lowered`` is
    ``obj`` by normalised keys when the caller has it already."""
    if lowered is None:
        lowered = {_norm_key(k): v for k, v in obj.items()}
    for key in _key_order(tuple(lowered), field):
        value = lowered.get(key)
        if isinstance(value, dict):  # e.g. {"source": {"name": "X"}}
            value = value.get("name") or value.get("title") or value.get("href")
        if isinstance(value, list):
            value = value[0] if value and isinstance(value[0], str) else None
        if value not in (None, ""):
            return value
    return None


def record_from_mapping(obj: dict, line: int, field_map: dict | None = None) -> dict:
    """Map a JSON object or CSV row with any common key names to a raw record."""
    field_map = field_map or {}
    rec = {"_line": line}
    lowered = {_norm_key(k): v for k, v in obj.items()}
    for field in KEY_ALIASES:
        if field in field_map:
            rec[field] = obj.get(field_map[field])
        else:
            rec[field] = _pick(obj, field, lowered)
    return rec


def read_txt(data: bytes, name: str):
    """The users' layout: title / blank / outlet / ``Published ...`` / blank / body.

    Tolerant variants: no outlet line, a date line without the ``Published`` word,
    any date style, or no header at all (first line is the title).
    """
    text, _ = decode(data)
    if text is None:
        return [], [Reject(name, None, "binary file, not text")]
    # Only the head is split into lines: the last item holds the rest of the file, so a file of
    # millions of blank lines does not become millions of strings.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip().split("\n", 16)
    if not lines[0].strip():
        return [], [Reject(name, 1, "empty file")]
    title = lines[0].strip()
    rest = lines[1:]
    head: list[tuple[int, str]] = []
    idx = 0
    # Header lines: up to 3 non-blank short lines before the body starts.
    while idx < len(rest) and len(head) < 3:
        line = rest[idx]
        if not line.strip():
            if head:
                idx += 1
                break
            idx += 1
            continue
        if len(line.strip()) > 120 or len(head) >= 2 and not _PUBLISHED_LINE.match(line):
            break
        head.append((idx, line.strip()))
        idx += 1
    source = published = None
    body_start = idx
    from components.build.dates import parse_date

    for _, line in head:
        m = _PUBLISHED_LINE.match(line)
        if m:
            published = m.group(1).strip()
        elif published is None and parse_date(line) is not None and len(line) < 40:
            published = line
        elif source is None:
            source = line
    if published is None and source is not None and len(head) == 1:
        # A single short line that is not a date: an outlet. Anything else belongs to the body.
        pass
    if not head:
        body_start = 0
    body = "\n".join(rest[body_start:]).strip()
    if head and published is None and source is None:
        body = "\n".join(rest).strip()
    rec = {"_line": 1, "title": title, "source": source, "published": published, "text": body, "url": None, "id": None}
    return [rec], []


def _line_text(data: bytes, name: str) -> tuple[str | None, Reject | None]:
    """The text of a line-based file, or the reject that stops reading it (a bomb of tiny lines, binary data)."""
    bomb = bomb_reject(data.count(b"\n") + 1, len(data), name, "lines")
    if bomb:
        return None, bomb
    text, _ = decode(data)
    if text is None:
        return None, Reject(name, None, "binary file, not text")
    return text, None


def read_jsonl(data: bytes, name: str):
    """One JSON object per line; a bad line is a reject with its line number."""
    text, stop = _line_text(data, name)
    if stop:
        return [], [stop]
    records, rejects = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except RecursionError:
            rejects.append(Reject(name, n, "JSON nested too deeply"))
            continue
        except ValueError as exc:  # JSONDecodeError, and numbers too long to convert
            rejects.append(Reject(name, n, f"not valid JSON ({str(exc)[:80]})"))
            continue
        if not isinstance(obj, dict):
            rejects.append(Reject(name, n, f"expected a JSON object, got {type(obj).__name__}"))
            continue
        records.append(record_from_mapping(obj, n))
    if not records and not rejects:
        rejects.append(Reject(name, None, "no records in the file"))
    return records, rejects


def read_json(data: bytes, name: str):
    """A JSON object, an array of objects, or an object holding such an array (``items``, ``articles``...)."""
    bomb = bomb_reject(data.count(b"{"), len(data), name, "objects")
    if bomb:
        return [], [bomb]
    text, _ = decode(data)
    if text is None:
        return [], [Reject(name, None, "binary file, not text")]
    try:
        obj = json.loads(text)
    except RecursionError:
        return [], [Reject(name, None, "JSON nested too deeply")]
    except json.JSONDecodeError as exc:
        if "Extra data" in str(exc):  # really JSON Lines with a .json name
            return read_jsonl(data, name)
        return [], [Reject(name, exc.lineno, f"not valid JSON ({exc.msg})")]
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        return [], [Reject(name, None, f"not valid JSON ({str(exc)[:80]})")]
    if isinstance(obj, dict):
        for key in ("articles", "items", "data", "results", "documents", "docs", "entries", "records", "stories"):
            if isinstance(obj.get(key), list):
                obj = obj[key]
                break
        else:
            obj = [obj]
    if not isinstance(obj, list):
        return [], [Reject(name, None, f"expected a JSON object or array, got {type(obj).__name__}")]
    bomb = bomb_reject(len(obj), len(data), name, "items")
    if bomb:
        return [], [bomb]
    if not obj:
        return [], [Reject(name, None, "no records in the file (an empty JSON array)")]
    records, rejects = [], []
    for n, item in enumerate(obj, start=1):
        if isinstance(item, dict):
            records.append(record_from_mapping(item, n))
        else:
            rejects.append(Reject(name, n, f"record {n}: expected an object, got {type(item).__name__}"))
    return records, rejects


def read_csv(data: bytes, name: str, field_map: dict | None = None, delimiter: str | None = None):
    """CSV or TSV with a header row; column names are detected (``field_map`` overrides)."""
    text, stop = _line_text(data, name)
    if stop:
        return [], [stop]
    if delimiter is None:
        sample = text[:20_000]
        if name.lower().endswith(".tsv"):
            delimiter = "\t"
        else:
            try:
                delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = ","
    csv.field_size_limit(2**31 - 1)
    # strict: a quote that closes in the middle of a field is an error, not a silent merge of rows.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records, rejects = [], []
    try:
        header = next(reader)
    except StopIteration:
        return [], [Reject(name, 1, "empty file")]
    except csv.Error as exc:
        return [], [Reject(name, 1, f"unreadable CSV header ({exc})")]
    header = [h.strip().lstrip("\ufeff") for h in header]
    probe = record_from_mapping({h: "x" for h in header}, 0, field_map)
    if not probe.get("text") and not (field_map or {}).get("text"):
        return [], [Reject(name, 1, f"no text column found among {header[:12]}; name one with --text-column")]
    while True:
        start = reader.line_num + 1  # a quoted field can span lines: report where the record starts
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The reader drops what it has consumed and goes on at the next line.
            span = f"line {start}" if reader.line_num <= start else f"lines {start}-{reader.line_num}"
            rejects.append(Reject(name, start, f"unreadable CSV row ({exc}; {span}: an unbalanced quote?)"))
            if reader.line_num < start:
                break
            continue
        if not any(cell.strip() for cell in row):
            continue
        while len(row) > len(header) and not row[-1].strip():
            row.pop()  # trailing empty cells, as spreadsheets write them
        if len(row) > len(header):
            rejects.append(Reject(name, start, f"row has {len(row)} fields, header has {len(header)}: "
                                               "cannot tell which column the extra values belong to"))
            continue
        row += [""] * (len(header) - len(row))  # trailing cells left out: empty, as spreadsheets read them
        records.append(record_from_mapping(dict(zip(header, row)), start, field_map))
    if not records and not rejects:
        rejects.append(Reject(name, 2, "no rows under the header"))
    return records, rejects


READERS = {
    ".txt": read_txt, ".text": read_txt,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv, ".tsv": read_csv,
    ".html": read_html, ".htm": read_html,
    ".rss": read_feed, ".atom": read_feed, ".xml": read_feed,
}
