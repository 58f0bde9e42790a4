"""Untrusted text (titles, outlets, actor names, sentences, link values) shown in Streamlit elements.

Streamlit renders the text of ``st.markdown``, ``st.caption``, ``st.subheader``, alerts, widget labels
and tab names as Markdown with its own extensions: ``:red[...]`` colours, ``$...$`` LaTeX,
``:emoji:`` shortcodes, images that the browser fetches from anywhere. An article's title must
show as the characters it is, so every such string passes through :func:`md` first.
"""
from __future__ import annotations

import re
from urllib.parse import quote

# CommonMark lets a backslash escape any ASCII punctuation. Escaped here: everything that opens
# inline markup (emphasis, code, links and images, HTML and entities, strikethrough, ``$`` maths,
# ``:directive[`` and ``:emoji:``) anywhere in a line, and block markers at its start (heading,
# list, quote). Text is one line, so tables and setext headings cannot form.
_INLINE = re.compile(r"([\\`*_\[\]<>:$~&|])")
_BLOCK = re.compile(r"^(\d*)([#+=>-]|(?<=\d)[.)])")
_SPACE = re.compile(r"\s+")


def md(value, limit: int | None = None) -> str:
    """``value`` as Markdown source that renders as exactly that text, on one line.

    >>> print(md(":red[x] **b** ![i](http://h/i.png) <b>$1$</b> &lt;"))
    \\:red\\[x\\] \\*\\*b\\*\\* !\\[i\\](http\\://h/i.png) \\<b\\>\\$1\\$\\</b\\> \\&lt;
    >>> print(md("# 1. - a"), md("12) x"), md("a. b"))
    \\# 1. - a 12\\) x a. b
    >>> md("a\\nb  c", limit=4)
    'a b…'
    """
    text = _SPACE.sub(" ", str(value)).strip()
    if limit is not None and len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return _BLOCK.sub(r"\1\\\2", _INLINE.sub(r"\\\1", text))


def md_link(label: str, url: str) -> str:
    """A Markdown link to an http(s) URL, or the escaped label alone for anything else.

    >>> md_link("Original", "https://e.org/a)![u](http://x/u.png")
    '[Original](<https://e.org/a%29%21%5Bu%5D%28http://x/u.png>)'
    >>> md_link("Original", "javascript:alert(1)")
    'Original'
    """
    url = str(url or "")
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return md(label)
    safe = quote(url, safe=":/?#@$&'*+,;=%~-._")  # no brackets, parentheses, "!" or "<>"
    return f"[{md(label)}](<{safe}>)"


def plain(markdown: str) -> str:
    """The text an escaped string renders as (for tests that read element sources).

    >>> plain(md("a:b [c] *d*")) == "a:b [c] *d*"
    True
    """
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
