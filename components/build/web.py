"""Readers for web formats: a saved HTML page (trafilatura) and RSS/Atom feeds (feedparser).

Same contract as :mod:`components.build.readers`: ``read_X(data, name) -> (records, rejects)``, never raising
on bad content.
"""
from __future__ import annotations

import re

from components.build.decode import bomb_reject, decode
from components.errors import Reject

__all__ = ["read_html", "read_feed"]

# Main-text extraction slows down faster than linearly with page size; saved news pages are far smaller.
MAX_HTML_MB = 5


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

    bomb = bomb_reject(data.count(b"<item") + data.count(b"<entry"), len(data), name, "entries")
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
