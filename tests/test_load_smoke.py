"""Smoke test of bench/load_test.py: 3 concurrent browser sessions, 1 round, on the demo store.

Asserts no cross-talk (each session shows the article count its own filter gives) and no errors;
asserts nothing about times.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.e2e


def test_three_sessions_see_their_own_results(demo_store, tmp_path):
    out = tmp_path / "load.json"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "load_test.py"), "--store", str(demo_store),
                           "--sessions", "3", "--rounds", "1", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rec = json.loads(out.read_text())
    assert rec["sessions"] == 3 and rec["rounds"] == 1
    assert rec["errors"] == 0 and rec["crosstalk"] == 0, rec["problems"]
    runs = rec["records"]
    assert len(runs) == rec["renders"] == 6  # each session: open its link, then clear the filters
    assert all(r["ok"] and r["observed"] == r["expected"] for r in runs)
    links = {r["link"] for r in runs if r["step"] == "open link"}
    assert len(links) == 3, "every session had a filter of its own"
    assert len({r["expected"] for r in runs if r["step"] == "open link"}) >= 2, "the filters give different counts"
    assert rec["server_rss_mb"]["max"] and rec["server_rss_mb"]["samples"]
    for line in ("render time", "errors 0   cross-talk 0", "server memory (RSS)"):
        assert line in done.stdout
