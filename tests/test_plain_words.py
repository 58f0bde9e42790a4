"""No code word reaches the screen: every table header and notice of every view is in plain words."""
from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard.views import VIEWS

CODE = re.compile(r"\b(npmi|weighted_degree|betweenness|eigenvector|entity_id|country_source|n_articles|"
                  r"low_confidence|topic_confidence|atype|cmode|source_name|target_name|article_id)\b", re.I)


def headers(df_element) -> list[str]:
    """The headers a table shows: its column config's label, else the column's name."""
    config = json.loads(df_element.proto.columns or "{}")
    out = []
    for col in df_element.value.columns:
        given = config.get(f"col:{col}") or config.get(str(col)) or {}
        out.append(given.get("label") or str(col))
    return out


@pytest.fixture()
def app(fixture_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    return AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.module)
def test_no_code_words_on_screen(app, view, filtered):
    if filtered:
        app.query_params["country"] = "PRK"
        app.query_params["atype"] = "nonsense"  # a notice about the link, in words
    if view.module != VIEWS[0].module:
        app.switch_page(f"views/{view.module}.py")
    at = app.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [h for d in at.dataframe for h in headers(d)]
    bad = [h for h in shown if "_" in h or CODE.search(h) or h.lower() in {"z", "npmi", "id"}]
    assert not bad, f"{view.module}: code words in table headers: {bad}"
    texts = [e.value for kind in ("warning", "info", "caption", "markdown", "subheader", "error", "success")
             for e in getattr(at, kind)]
    words = [t for t in texts if CODE.search(str(t))]
    assert not words, f"{view.module}: code words on screen: {words}"
