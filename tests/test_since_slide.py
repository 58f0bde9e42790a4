"""The briefing pack's "Since <date>" slide and the analyst's notes as speaker notes and an appendix (issue 23)."""
from __future__ import annotations

import io
from datetime import datetime, timezone

import pandas as pd
from pptx import Presentation

from components.analysis.changes import coverage_changes, first_appearances, periods, tie_changes, topic_growth
from components.present.pack import briefing_pack
from components.present.render import Renderer
from components.present.since import attach_notes, notes_appendix, since_item
from test_changes import ARTS, MENTS, NAMES


def test_since_slide_and_notes_reach_the_pptx():
    p = periods(ARTS, "2024-05-04")
    ch = {"new": first_appearances(ARTS, MENTS, p, names=NAMES),
          "moved": coverage_changes(ARTS, MENTS, p, names=NAMES),
          "ties": tie_changes(ARTS, MENTS, p, names=NAMES, window=0),
          "topics": topic_growth(ARTS, p, labels={1: "Diplomacy"})}
    slide = since_item(ch, since="04 May 2024", compared="01 May 2024 to 03 May 2024", sub="All coverage")
    assert slide["title"] == "Since 04 May 2024"
    assert ["New actor", "Choe Son Hui", "0", "4"] in slide["table"].values.tolist()
    notes = [{"id": "1", "kind": "view", "target": "new?since=2024-05-04", "text": "Ask about <Choe> & the UN",
              "updated_at": "2"},
             {"id": "2", "kind": "actor", "target": "p:kim", "text": "=cmd|' /C calc'!A0", "updated_at": "1"}]
    items = [{"title": "The coverage in numbers", "figure": None, "table": pd.DataFrame({"measure": ["Articles"],
              "value": ["7"]}), "caption": "All coverage", "notes": "Outlets: X"}, slide]
    items = attach_notes(items, notes, link="new?since=2024-05-04", actors=())
    items.append(notes_appendix(notes, names=NAMES, titles={}))
    r = Renderer()
    try:
        pack = briefing_pack(items, title="Test", link="http://x/new?since=2024-05-04", store_hash="abc",
                             generated=datetime(2026, 1, 1, tzinfo=timezone.utc), filters_slug="all", renderer=r)
    finally:
        r.close()
    prs = Presentation(io.BytesIO(pack["briefing.pptx"]))
    titles = [s.shapes.title.text if s.shapes.title else "" for s in prs.slides]
    since = [s for s, t in zip(prs.slides, titles) if t.startswith("Since 04 May 2024")]
    assert since, titles
    assert "Ask about <Choe> & the UN" in since[0].notes_slide.notes_text_frame.text  # plain text, as written
    appendix = [s for s, t in zip(prs.slides, titles) if t.startswith("Appendix")]
    cells = [c.text for sh in appendix[0].shapes if sh.has_table for row in sh.table.rows for c in row.cells]
    assert "Kim Jong Un" in cells and any("calc" in c for c in cells)
