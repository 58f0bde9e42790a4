"""No overlapping or clipped text in any chart the app draws.

Every Plotly chart of every view is taken from an AppTest run on the demo (unfiltered, and filtered to
North Korea + Kim Jong Un, with the period comparison on), plus the briefing pack's charts; each is drawn
by plotly.js in headless Chromium at the slide size (1600 x 900) and at the page's width with its own
height, and the rendered text boxes are measured: two texts may not overlap, and no text may leave the
figure. Measured boxes, not estimates: a legend over the x-axis dates or a footer over an axis title fails.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard.views import VIEWS

FILTERS = {"country": "PRK", "actor": "person:kim-jong-un"}
COMPARE = {"a_from": "2023-01-01", "a_to": "2023-12-31", "b_from": "2024-01-01", "b_to": "2024-12-31"}
SIZES = [(1600, 900), (1150, None)]  # a slide; the page at 1600 px less the sidebar, the figure's own height

MEASURE = """([fig, width, height]) => {
  const div = document.getElementById('fig');
  div.innerHTML = '';
  const layout = Object.assign({}, fig.layout, {width: width, height: height || fig.layout.height || 450});
  return Plotly.newPlot(div, fig.data, layout, {staticPlot: true}).then(() => {
    const root = div.querySelector('.main-svg').getBoundingClientRect();
    const boxes = [];
    for (const t of div.querySelectorAll('text')) {
      const text = t.textContent.trim();
      const style = getComputedStyle(t);
      if (!text || style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') continue;
      const r = t.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      const g = t.closest('g[class]');
      boxes.push({text: text.slice(0, 60), cls: g ? g.getAttribute('class') : '', x0: r.left - root.left,
                  y0: r.top - root.top, x1: r.right - root.left, y1: r.bottom - root.top});
    }
    return {boxes: boxes, width: root.width, height: root.height};
  });
}"""


def problems(measured: dict, slack: float = 1.5) -> list[str]:
    """Pairs of overlapping text boxes and boxes that leave the figure, in words."""
    boxes, out = measured["boxes"], []
    for b in boxes:
        if b["x0"] < -slack or b["y0"] < -slack or b["x1"] > measured["width"] + slack \
                or b["y1"] > measured["height"] + slack:
            out.append(f"clipped: {b['text']!r} ({b['cls']})")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if w > slack and h > slack:
                out.append(f"overlap: {a['text']!r} ({a['cls']}) and {b['text']!r} ({b['cls']})")
    return out


def test_the_check_fails_on_overlapping_text():
    near = {"width": 100, "height": 100, "boxes": [
        {"text": "a", "cls": "", "x0": 10, "y0": 10, "x1": 40, "y1": 20},
        {"text": "b", "cls": "", "x0": 30, "y0": 15, "x1": 60, "y1": 25},
        {"text": "c", "cls": "", "x0": 90, "y0": 50, "x1": 120, "y1": 60}]}
    found = problems(near)
    assert any("overlap: 'a'" in p for p in found) and any("clipped: 'c'" in p for p in found)


def _app_figures(store, monkeypatch) -> list[tuple[str, dict]]:
    monkeypatch.setenv("WIRESCOPE_DATA", str(store))
    figs = []
    for filtered in (False, True):
        for view in VIEWS:
            at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
            if filtered:
                for k, v in FILTERS.items():
                    at.query_params[k] = v
            if view.module == "network":
                at.query_params.update(COMPARE)
            if view.module != VIEWS[0].module:
                at.switch_page(f"views/{view.module}.py")
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            for i, el in enumerate(at.get("plotly_chart")):
                figs.append((f"{view.module}{'-filtered' if filtered else ''}-{i}", json.loads(el.proto.spec)))
    return figs


def _pack_figures(store) -> list[tuple[str, dict]]:
    import pandas as pd

    from components.analysis.network import focus_ids
    from components.present.briefing import briefing_items

    read = lambda name: pd.read_parquet(Path(store) / f"{name}.parquet")  # noqa: E731
    arts, ments, ents, topics = read("articles"), read("mentions"), read("entities"), read("topics")
    kim = set(ments.loc[ments["entity_id"] == FILTERS["actor"], "article_id"])
    out = []
    for tag, keep in (("all", arts["article_id"]), ("filtered", arts.loc[arts["article_id"].isin(kim), "article_id"])):
        a = arts[arts["article_id"].isin(set(keep))]
        m = ments[ments["article_id"].isin(set(keep))]
        items = briefing_items(a, m, ents, topics, all_articles=arts, filters_text="Actors: Kim Jong Un",
                               foot="Wirescope · store 0000000 · generated 2026-12-05 06:00 UTC",
                               country_names={}, statements=read("statements"), all_mentions=ments,
                               focus=focus_ids((FILTERS["actor"],), (FILTERS["country"],)) if tag != "all" else ())
        out += [(f"pack-{tag}-{it['title']}", json.loads(it["figure"].to_json()))
                for it in items if it.get("figure") is not None]
    return out


@pytest.fixture(scope="module")
def figures(demo_store):
    mp = pytest.MonkeyPatch()
    try:
        return _app_figures(demo_store, mp) + _pack_figures(demo_store)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def plot_page(browser):
    import plotly

    js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    pg = browser.new_page()
    pg.set_content(f"<html><body style='margin:0'><div id='fig'></div><script>{js.read_text()}</script></body></html>")
    yield pg
    pg.close()


def test_every_chart_has_room_for_its_text(figures, plot_page):
    assert len(figures) >= 20, [n for n, _ in figures]  # every view's charts, twice, and the pack's
    found = {}
    for name, fig in figures:
        for width, height in SIZES:
            bad = problems(plot_page.evaluate(MEASURE, [fig, width, height]))
            if bad:
                found[f"{name} @ {width}x{height or 'own'}"] = bad[:4]
    assert not found, json.dumps(found, indent=1)


@pytest.mark.parametrize("width", [460, 560, 1150])
def test_a_typed_rankings_legend_keeps_clear_of_caption_and_bars_at_any_width(plot_page, width):
    """The legend sits in its own row under the caption; where four types do not fit one row, it wraps downwards
    and the plot moves down: no text overlaps, and the legend ends above the plot's first bar."""
    from components.present.charts import bar_figure
    from components.present.theme import TYPE_NAMES

    labels = ["United Nations Security Council", "Kim Jong Un", "Seoul", "North Korea", "Workers' Party of Korea"]
    fig = bar_figure(labels, [40, 30, 20, 10, 5], title="Most covered actors",
                     subtitle="Countries: North Korea · Actors: Kim Jong Un · 112 articles from 8 outlets · "
                              "1 Jan 2023 to 29 Jun 2024", foot="Wirescope · store 0000000 · generated 2026-12-07",
                     types=["organisation", "person", "place", "country", "organisation"])
    measured = plot_page.evaluate(MEASURE, [json.loads(fig.to_json()), width, None])
    assert not problems(measured), problems(measured)
    legend = [b for b in measured["boxes"] if b["text"] in TYPE_NAMES.values()]
    ticks = [b for b in measured["boxes"] if b["text"] == labels[0]]
    assert {"People", "Organisations", "Places", "Countries"} <= {b["text"] for b in legend}
    assert max(b["y1"] for b in legend) < ticks[0]["y0"]
