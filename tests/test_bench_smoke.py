"""Smoke test of bench/topics_quality.py: it runs end to end on a small sample and prints NMI numbers.

Needs the shared Reuters corpus beside the repository. Asserts nothing about times.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "topics_quality.py"
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters-21578"

pytestmark = pytest.mark.integration


def test_topics_quality_smoke(tmp_path):
    assert (REUTERS / "labels.jsonl").exists(), f"the shared corpus is missing: {REUTERS}"
    out = tmp_path / "topics_quality.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--sample", "600", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "600" in proc.stdout.splitlines()[0]

    # One printed line per method with an NMI between 0 and 1, and the summary table.
    nmis = [float(x) for x in re.findall(r"NMI (\d\.\d{3})", proc.stdout)]
    assert len(nmis) == 4, proc.stdout
    assert all(0.0 < v <= 1.0 for v in nmis)
    assert re.search(r"^method\s+NMI\s+NMI kept\s+ARI", proc.stdout, re.M)
    for name in ("wirescope-auto", "wirescope-k40", "tfidf-nmf-k40", "tfidf-svd-kmeans-k40"):
        assert re.search(rf"^{name}\s+\d\.\d{{3}}", proc.stdout, re.M), name

    rec = json.loads(out.read_text())
    assert rec["data"]["n_articles"] == 600
    by_name = {m["method"]: m for m in rec["methods"]}
    assert set(by_name) == {"wirescope-auto", "wirescope-k40", "tfidf-nmf-k40", "tfidf-svd-kmeans-k40"}
    for m in rec["methods"]:
        assert 0.0 < m["nmi"] <= 1.0 and -1.0 <= m["ari"] <= 1.0
        assert m["assigned_share"] == 1.0
    assert by_name["wirescope-k40"]["n_clusters"] == 40
    assert 2 <= by_name["wirescope-auto"]["n_clusters"] <= 80
    assert 0.0 < by_name["tfidf-svd-kmeans-k40"]["stability"] <= 1.0
    # The printed numbers are the recorded ones.
    assert f"{by_name['tfidf-nmf-k40']['nmi']:.3f}" in proc.stdout


def test_bad_arguments_explain_themselves(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(tmp_path), "--out", str(tmp_path / "x.json")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "corpus not found" in proc.stderr
    assert not (tmp_path / "x.json").exists()
