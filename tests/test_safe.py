"""Markdown escaping for untrusted text shown in Streamlit elements (dashboard/safe.py).

The browser suite (tests/e2e/test_security.py) checks what Chromium renders; these check the
escaper itself on any string."""
from __future__ import annotations

import doctest
import re

from hypothesis import given, settings, strategies as st

import dashboard.safe as safe
from dashboard.safe import md, md_link, plain

MARKUP = set("\\`*_[]<>:$~&|")


def test_doctests():
    assert doctest.testmod(safe).failed == 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_escaped_text_reads_back_as_the_text_on_one_line(text):
    assert plain(md(text)) == re.sub(r"\s+", " ", text).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab :[]()!*_`$<>&~|#-+=.1\\\n")), max_size=60))
def test_no_markup_character_is_left_unescaped(text):
    out = md(text)
    i = 0
    while i < len(out):
        if out[i] == "\\":
            i += 2  # an escape and the character it escapes
            continue
        assert out[i] not in MARKUP, (text, out, i)
        i += 1
    assert not re.match(r"[#>+=-]|\d+[.)]", out), "a block marker at the start"


def test_payloads_from_the_browser_suite():
    title = "<img src=x onerror=alert(1)> :red[RED] **b** ![t](http://203.0.113.7/t.png) $x$"
    out = md(title)
    for live in ("![", ":red[", "<img", "**", "$x"):
        assert not re.search(r"(?<!\\)" + re.escape(live), out), live


def test_links_only_to_http_and_never_break_out():
    assert md_link("Original", "javascript:alert(1)") == "Original"
    assert md_link("Original", "data:text/html,<b>") == "Original"
    link = md_link("Original", "https://e.org/a)![u](http://x/u.png")
    assert link.startswith("[Original](<https://e.org/") and link.endswith(">)") and link.count("(") == 1
