"""The charts that stay mounted (``dashboard/kept_chart.py``): what the page is sent, and that a new figure
keeps the chart's element (its id), which is what spares the browser a new chart per filter change."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard import kept_chart


@pytest.fixture()
def served_app(fixture_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    monkeypatch.setenv(kept_chart.SERVED_ENV, "1")
    return AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)


def _kept(at) -> list:
    return [e for e in at.get("bidi_component") if e.proto.component_name == "wirescope_kept_chart"]


def _figure(element) -> dict:
    return json.loads(element.proto.bytes)["figure"]


def test_a_served_page_draws_kept_charts_and_no_streamlit_chart(served_app):
    served_app.switch_page("views/network.py")
    at = served_app.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.get("plotly_chart")
    charts = _kept(at)
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.bytes)
    assert spec["figure"]["layout"]["title"]["text"].startswith("Who is covered together")
    assert spec["modes"] == ["points"]  # a click on a node filters
    assert spec["config"]["toImageButtonOptions"]["width"] == 1600


def test_a_new_figure_keeps_the_charts_element(served_app):
    """A filter change sends another figure to the same element: st.plotly_chart's id hashes the figure, so
    its chart is torn down and built again (bench/README.md, "Eleventh round")."""
    served_app.switch_page("views/network.py")
    at = served_app.run()
    before = _kept(at)[0]
    at.multiselect(key="country").set_value(["JPN"]).run()
    assert not at.exception, [e.value for e in at.exception]
    after = _kept(at)[0]
    assert _figure(after) != _figure(before)
    assert after.proto.id == before.proto.id


def test_charts_are_streamlits_own_when_plotly_is_not_served(fixture_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    monkeypatch.delenv(kept_chart.SERVED_ENV, raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.switch_page("views/network.py")
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 1 and not _kept(at)


def test_box_selection_keeps_the_mode_bar_buttons_it_needs():
    config = {"modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"]}
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    sent = {}

    def fake_render(**kwargs):
        sent.update(kwargs)
        return type("Result", (), {"selection": None})()

    real, kept_chart._render = kept_chart._render, fake_render
    try:
        state = kept_chart.kept_chart(fig, key="k", config=config, on_select="rerun",
                                      selection_mode=("points", "box"))
    finally:
        kept_chart._render = real
    spec = json.loads(sent["data"])
    assert spec["config"]["modeBarButtonsToRemove"] == ["autoScale2d"]
    assert spec["figure"]["layout"]["clickmode"] == "event+select"
    assert fig.layout.clickmode is None  # the caller's figure is left as it was
    assert state.selection.points == []


@pytest.mark.parametrize("scope_matches", [True, False])
def test_a_selection_counts_only_on_the_figure_it_was_made_on(scope_matches):
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    _, scope = kept_chart.payload(go.Figure(fig).update_layout(clickmode="event+select"), {}, ("points",))
    picked = {"points": [{"x": "b", "customdata": None}], "scope": scope if scope_matches else "0" * 16}

    real = kept_chart._render
    kept_chart._render = lambda **kwargs: type("Result", (), {"selection": picked})()
    try:
        state = kept_chart.kept_chart(fig, key="k", config={}, on_select="rerun")
    finally:
        kept_chart._render = real
    assert [p["x"] for p in state.selection.points] == (["b"] if scope_matches else [])
