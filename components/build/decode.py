"""Bytes -> text: BOMs, UTF-8 (also cut or mixed with Windows-1252), Windows-1252, then a detector;
and the guard every reader applies to raw bytes (a file of too many tiny records is a resource bomb).

Examples
--------
>>> decode("café".encode("cp1252"))[0]
'café'
"""
from __future__ import annotations

import codecs
import re

from components.errors import Reject

__all__ = ["decode", "bomb_reject"]

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


def bomb_reject(n: int, size: int, name: str, what: str = "records") -> Reject | None:
    """A reject when ``n`` records in ``size`` bytes are too small to be articles (a resource bomb).

    >>> bomb_reject(2_000_000, 6_000_000, "x.json").reason
    '2,000,000 records in 6.0 MB (3 bytes each) are too small to be articles: not read (built to exhaust memory?)'
    >>> bomb_reject(500, 1000, "x.json") is None
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
    marked = _marked(data)
    if marked is not None:
        return marked
    if b"\x00" in data[:8192]:
        return None, "binary"
    text = _utf8(data, sure=False)
    if text is not None:
        return text, "utf-8"
    return _not_utf8(data)


def _marked(data: bytes) -> tuple[str, str] | None:
    """Text whose encoding the bytes announce: a BOM, or UTF-16 without one (every other byte NUL)."""
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM is evidence enough that the file is UTF-8
        body = data[3:]
        text = _utf8(body, sure=True)
        return (body.decode("utf-8", errors="wirescope-cp1252") if text is None else text), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    if len(data) >= 4 and data[1::2].count(0) > 0.4 * (len(data) // 2) and data[0::2].count(0) < 0.05 * len(data):
        try:
            return data.decode("utf-16-le"), "utf-16-le"
        except UnicodeDecodeError:
            pass
    return None


def _not_utf8(data: bytes) -> tuple[str, str]:
    """Text that is not valid UTF-8: mixed UTF-8 and Windows-1252, Windows-1252, or the detector's guess."""
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
    # Western text is judged as it reads: with its valid UTF-8 characters as such ("“" pasted from a UTF-8 file
    # is one mark, not the three letters "â€œ" that tipped such text over to the detector and a CJK code page)
    reading, name = ((data.decode("utf-8", errors="wirescope-cp1252"), "utf-8+cp1252") if multibyte
                     else (western, "cp1252"))
    if reading is not None:
        letters = [c for c in reading if c.isalpha()]
        if not letters or sum(not c.isascii() for c in letters) <= 0.2 * len(letters) + 1:
            return reading, name
    return _detected(data, western, multibyte)


def _detected(data: bytes, western: str | None, multibyte: int) -> tuple[str, str]:
    """The detector's (charset-normalizer) guess, never one that rewrites ASCII; Windows-1252 failing that."""
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
