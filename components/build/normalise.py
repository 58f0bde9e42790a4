"""Text as stored: Unicode and line breaks normalised, glued names repaired, safe URLs and names, content ids.

Pure functions on strings; :mod:`components.build.ingest` applies them to every record.

Examples
--------
>>> normalise_text("  A\\r\\nB  "), content_hash("Hello,  World!") == content_hash("hello world")
('A\\nB', True)
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = ["normalise_text", "repair_glued_names", "safe_url", "printable", "content_hash", "SURROGATES"]

SAFE_URL_SCHEMES = {"http", "https", "ftp", "ftps"}
SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """Unicode NFC, unified line breaks and quotes-as-written, trimmed paragraphs.

    Lone surrogates (JSON can carry ``"\\ud83d"`` without its pair) cannot be stored as
    UTF-8; they become U+FFFD.

    >>> normalise_text("  A\\r\\nB  \\n\\n\\n\\nC ")
    'A\\nB\\n\\nC'
    >>> normalise_text("half an emoji \\ud83d")
    'half an emoji \\ufffd'
    """
    text = unicodedata.normalize("NFC", SURROGATES.sub("\ufffd", text)).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    # "(KCNA) --Kim Jong Un": a dash glued to the next word would make one token of "--Kim".
    text = re.sub(r"(?<=[\s)])(--|—)(?=[A-Za-z])", r"\1 ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


@lru_cache(maxsize=4)
def _glued_index(gazetteer_dir: str = "") -> dict[str, list[str]]:
    """Known full names of three or more words, by first word, longest first."""
    from components.build.gazetteer import load_gazetteer

    index: dict[str, list[str]] = {}
    for alias, (_, kind) in load_gazetteer(gazetteer_dir or None).aliases.items():
        if kind == "person" and len(alias.split()) >= 3:
            index.setdefault(alias.split()[0], []).append(alias)
    return {k: sorted(v, key=len, reverse=True) for k, v in index.items()}


_CAPWORD = re.compile(r"[A-Z][a-z]+")


def repair_glued_names(text: str, gazetteer_dir: str = "") -> str:
    """Put back the spaces some scrapes lose around known names: ``"ComradeKim Jong Unvisited"``.

    Only full names of three or more words from the gazetteer (in ``gazetteer_dir``, default
    the bundled one) are repaired, so ordinary words are never split.

    >>> repair_glued_names("respected ComradeKim Jong Unvisited the plant; Kim Jong Un said")
    'respected Comrade Kim Jong Un visited the plant; Kim Jong Un said'

    Honorifics and abbreviations glued on ("His Excellency" as ``H.E.`` or ``HE``) are cut off too:

    >>> repair_glued_names("to H.E.Kim Jong Un and HEKim Jong Un")
    'to H.E. Kim Jong Un and HE Kim Jong Un'
    """
    index = _glued_index(gazetteer_dir)
    cuts = []
    for m in _CAPWORD.finditer(text):
        names = index.get(m.group())
        if not names:
            continue
        start = m.start()
        for name in names:
            if text.startswith(name, start):
                end = start + len(name)
                before = text[start - 1] if start else " "
                if before.islower() or before.isupper() or (before == "." and start >= 2 and text[start - 2].isalpha()):
                    cuts.append(start)
                if end + 1 < len(text) and text[end].islower() and text[end + 1].islower():
                    cuts.append(end)
                break
    if not cuts:
        return text
    parts, last = [], 0
    for c in sorted(set(cuts)):
        parts += [text[last:c], " "]
        last = c
    return "".join(parts) + text[last:]


def safe_url(url) -> str:
    """The URL as given when it is a web address (or has no scheme); empty for ``javascript:``,
    ``data:``, ``file:`` and other schemes a link must never carry.

    >>> safe_url("https://example.org/a"), safe_url(" JaVa\\tScRiPt:alert(1)"), safe_url("data:text/html,x")
    ('https://example.org/a', '', '')
    """
    url = SURROGATES.sub("", str(url or "")).strip()
    # Browsers ignore tabs, newlines and other controls inside a scheme ("java\tscript:").
    m = re.match(r"([a-z][a-z0-9+.\-]*):", _CONTROL.sub("", url).replace(" ", "").lower())
    if m and m.group(1) not in SAFE_URL_SCHEMES:
        return ""
    return _CONTROL.sub("", url)


def printable(name: str) -> str:
    """A file or member name safe to print in a terminal: control characters shown as ``\\xNN``.

    >>> printable("ok/\\x1b[31mred.txt")
    'ok/\\\\x1b[31mred.txt'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", SURROGATES.sub("\ufffd", name))


def content_hash(text: str) -> str:
    """Stable id of an article: a hash of its text with case, punctuation and spacing folded.

    >>> content_hash("Hello,  World!") == content_hash("hello world")
    True
    """
    folded = re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]
