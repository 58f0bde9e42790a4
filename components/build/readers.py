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

import codecs
import csv
import io
import json
import re

from components.errors import Reject

__all__ = ["decode", "read_txt", "read_jsonl", "read_json", "read_csv", "read_html", "read_feed", "READERS"]

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
# Main-text extraction slows down faster than linearly with page size; saved news pages are far smaller.
MAX_HTML_MB = 5
# A file with this many records averaging fewer bytes than the shortest article is not a corpus
# but a resource bomb (``[{},{},...]``, millions of blank lines): reject it before building records.
BOMB_RECORDS = 10_000
MIN_RECORD_BYTES = 20

# Valid multi-byte UTF-8 sequences (RFC 3629), to tell a mostly-UTF-8 file with a few
# Windows-1252 lines from a Windows-1252 file.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_ASCII = bytes(range(128))


def _cp1252_for_invalid_utf8(exc: UnicodeDecodeError):
    return "".join(_CP1252[b] for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("wirescope-cp1252", _cp1252_for_invalid_utf8)


def _bomb(n: int, size: int, name: str, what: str = "records") -> Reject | None:
    """A reject when ``n`` records in ``size`` bytes are too small to be articles (a resource bomb).

    >>> _bomb(2_000_000, 6_000_000, "x.json").reason
    '2,000,000 records in 6.0 MB (3 bytes each) are too small to be articles: not read (built to exhaust memory?)'
    >>> _bomb(500, 1000, "x.json") is None
    True
    """
    if n > BOMB_RECORDS and size / n < MIN_RECORD_BYTES:
        return Reject(name, None, f"{n:,} {what} in {size / 1e6:.1f} MB ({size // n} bytes each) are too small to "
                                  "be articles: not read (built to exhaust memory?)")
    return None


def _utf8(data: bytes, *, sure: bool) -> str | None:
    """``data`` as UTF-8, or None when it is not. A file cut inside its last character (an
    interrupted download) is still UTF-8 when there is evidence it is UTF-8 at all (``sure``,
    a multi-byte character before the cut, or a cut after two bytes): a lone last byte such
    as 0xE9 is also "é" in cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3 and (
                sure or len(data) - exc.start > 1 or _UTF8_MULTIBYTE.search(data, 0, exc.start)):
            return data[:exc.start].decode("utf-8")
    return None


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode bytes to text: BOMs first, then UTF-8, then a detector (charset-normalizer).

    Returns ``(text, encoding)``; ``text`` is None for binary data.

    >>> decode("café".encode("cp1252"))[0]
    'café'
    >>> decode("\\ufeffhé".encode("utf-8"))
    ('hé', 'utf-8-sig')
    >>> decode(b"\\x00\\x01\\x02\\xff" * 50)[0] is None
    True

    A file cut inside its last character, and a UTF-8 file with a Windows-1252 line pasted in:

    >>> decode("naïve café".encode("utf-8")[:-1])
    ('naïve caf', 'utf-8')
    >>> decode("naïve ".encode("utf-8") + "“café”".encode("cp1252"))
    ('naïve “café”', 'utf-8+cp1252')
    """
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM is evidence enough that the file is UTF-8
        body = data[3:]
        text = _utf8(body, sure=True)
        return (body.decode("utf-8", errors="wirescope-cp1252") if text is None else text), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    # UTF-16 without BOM: every other byte is NUL in mostly-ASCII text.
    if len(data) >= 4 and data[1::2].count(0) > 0.4 * (len(data) // 2) and data[0::2].count(0) < 0.05 * len(data):
        try:
            return data.decode("utf-16-le"), "utf-16-le"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        return None, "binary"
    text = _utf8(data, sure=False)
    if text is not None:
        return text, "utf-8"
    # Mostly UTF-8 with some Windows-1252 lines (files pasted together): decode each part as what it is.
    non_ascii = len(data.translate(None, _ASCII))
    multibyte = sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))
    if multibyte and multibyte >= 0.25 * non_ascii:
        return data.decode("utf-8", errors="wirescope-cp1252"), "utf-8+cp1252"
    # Western text that is not UTF-8 is nearly always Windows-1252 (a superset of
    # Latin-1's printable range). Accept it when accented letters are a minority;
    # otherwise (Cyrillic, Greek, CJK code pages) ask the detector.
    if non_ascii < 16:  # too few non-ASCII bytes for a detector to judge (it guesses wildly on a handful)
        return data.decode("utf-8", errors="wirescope-cp1252"), "utf-8+cp1252" if multibyte else "cp1252"
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        letters = [c for c in western if c.isalpha()]
        if not letters or sum(not c.isascii() for c in letters) <= 0.2 * len(letters) + 1:
            return western, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:  # no NUL bytes, so text: UTF-8 where valid, Windows-1252 for the other bytes
        return data.decode("utf-8", errors="wirescope-cp1252"), "utf-8+cp1252" if multibyte else "cp1252"
    enc = best.encoding
    # Windows-1252 is a superset of Latin-1's printable range; prefer it so curly quotes survive.
    if enc in {"latin_1", "iso8859_1", "iso8859_15"}:
        enc = "cp1252"
    try:
        probe = "Published 2024, A-Z a-z 0-9."
        if probe.encode(enc) == probe.encode("ascii"):  # never an EBCDIC-like guess that rewrites ASCII
            return data.decode(enc), enc
    except (UnicodeError, LookupError):
        pass
    if western is not None:
        return western, "cp1252"
    return data.decode("cp1252", errors="replace"), "cp1252"


def _norm_key(key) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(key).lower()).strip("_")


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


def _pick(obj: dict, field: str):
    """The value of the key in ``obj`` naming ``field`` (case-insensitive, see :func:`_key_for`)."""
    lowered = {_norm_key(k): v for k, v in obj.items()}
    ordered = list(KEY_ALIASES[field]) + [k for k in lowered if any(a in k.split("_") for a in KEY_ALIASES[field])]
    for key in ordered:
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
    for field in KEY_ALIASES:
        if field in field_map:
            rec[field] = obj.get(field_map[field])
        else:
            rec[field] = _pick(obj, field)
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


def read_jsonl(data: bytes, name: str):
    """One JSON object per line; a bad line is a reject with its line number."""
    bomb = _bomb(data.count(b"\n") + 1, len(data), name, "lines")
    if bomb:
        return [], [bomb]
    text, _ = decode(data)
    if text is None:
        return [], [Reject(name, None, "binary file, not text")]
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
    bomb = _bomb(data.count(b"{"), len(data), name, "objects")
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
    bomb = _bomb(len(obj), len(data), name, "items")
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
    bomb = _bomb(data.count(b"\n") + 1, len(data), name, "lines")
    if bomb:
        return [], [bomb]
    text, _ = decode(data)
    if text is None:
        return [], [Reject(name, None, "binary file, not text")]
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


def read_html(data: bytes, name: str):
    """A saved web page: main text and metadata by trafilatura (boilerplate removed)."""
    if len(data) > MAX_HTML_MB * 1_000_000:
        return [], [Reject(name, None, f"HTML page is {len(data) / 1e6:.0f} MB, over the {MAX_HTML_MB} MB a saved "
                                       "news page can be; save its text as .txt instead")]
    text, _ = decode(data)
    if text is None:
        return [], [Reject(name, None, "binary file, not text")]
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_recall=True)
    except Exception as exc:  # trafilatura raises many kinds on malformed markup
        return [], [Reject(name, None, f"HTML could not be parsed ({type(exc).__name__})")]
    if doc is None:
        return [], [Reject(name, None, "no article text found in the HTML page")]
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    rec = {"_line": 1, "title": get("title"), "text": get("text"), "published": get("date"),
           "source": get("sitename") or get("hostname"), "url": get("url"), "id": None}
    return [rec], []


def read_feed(data: bytes, name: str):
    """RSS or Atom: one record per entry, full content where the feed carries it."""
    import feedparser

    bomb = _bomb(data.count(b"<item") + data.count(b"<entry"), len(data), name, "entries")
    if bomb:
        return [], [bomb]
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = "no entries in the feed"
        if feed.get("bozo") and feed.get("bozo_exception") is not None:
            reason = f"not a readable RSS/Atom feed ({str(feed.bozo_exception)[:80]})"
        return [], [Reject(name, None, reason)]
    source = feed.feed.get("title")
    records = []
    for n, entry in enumerate(feed.entries, start=1):
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        summary = entry.get("summary", "")
        body = content if len(content) >= len(summary) else summary
        records.append({
            "_line": n, "title": entry.get("title"), "text": _html_to_text(body),
            "published": entry.get("published") or entry.get("updated") or entry.get("created"),
            "source": entry.get("source", {}).get("title") if entry.get("source") else source,
            "url": entry.get("link"), "id": entry.get("id"),
        })
    return records, []


def _html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs kept as blank-line breaks."""
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style|//iframe"):
        bad.drop_tree()
    for block in root.xpath("//p|//br|//div|//li|//h1|//h2|//h3"):
        block.tail = "\n\n" + (block.tail or "")
    return re.sub(r"\n{3,}", "\n\n", root.text_content()).strip()


READERS = {
    ".txt": read_txt, ".text": read_txt,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv, ".tsv": read_csv,
    ".html": read_html, ".htm": read_html,
    ".rss": read_feed, ".atom": read_feed, ".xml": read_feed,
}
