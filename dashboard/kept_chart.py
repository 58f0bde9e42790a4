"""A Plotly chart that stays mounted in the page while its figure changes (issue 24).

``st.plotly_chart`` keys its element by an id that hashes the figure, and its chart reads the figure only
when it mounts: every new figure (every filter change) tears the chart down and builds another while the
page re-renders around it. That cost 0.165 s a chart in the browser on this machine, whatever the chart
held (bench/README.md, "Eleventh round"). This chart is an ``st.components.v2`` component keyed by the
chart's own key: it stays, and ``kept_chart.js`` draws each new figure into it with ``Plotly.react``.

Plotly.js comes from the page's head: ``dashboard/launch.py`` serves the plotly package's own
``plotly.min.js`` as ``PLOTLY_FILE`` beside Streamlit's files, and ``kept_chart.js`` as ``CHART_FILE``. A server started without it (``streamlit run
dashboard/app.py``, AppTest) has no such file, and ``served()`` is False: ``dashboard.widgets.chart`` then
draws with ``st.plotly_chart``.

Clicks, boxes and lassos come back as the chart's ``selection`` state, shaped as ``st.plotly_chart`` shapes
it (``{"points": [{"x", "y", "customdata", ...}]}``), with the figure they were made on (``scope``): a
selection made on another figure is no selection of this one, as ``st.plotly_chart``'s would be reset.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

# The environment variable ``dashboard.launch`` sets once it serves Plotly.js at PLOTLY_FILE.
SERVED_ENV = "WIRESCOPE_PLOTLY_SERVED"
PLOTLY_FILE = "wirescope-plotly.min.js"
PLOTLY_TAG_ID = "wirescope-plotly"

# For the browser tests and benchmarks: every chart in ``root`` drawn. Streamlit's own charts and the kept charts
# each hold Plotly's SVG, and no kept chart is still drawing a new figure (``data-busy``) or yet to make its box
# (a component mounted a moment ago). A JavaScript function of the root element, for page.evaluate.
CHARTS_DRAWN_JS = """(root => [...root.querySelectorAll(
    '[data-testid=stPlotlyChart], [data-testid=stBidiComponentRegular]')].every(c => c.querySelector('.main-svg')
    && !c.matches('[data-busy]') && !c.querySelector('[data-busy]')))"""

CHART_JS = Path(__file__).with_name("kept_chart.js")
CHART_FILE = "wirescope-kept-chart.js"  # CHART_JS, served beside Plotly.js

# The component's own script is sent with every chart on every rerun: it only imports CHART_JS, which the
# browser fetches once (3.5 KB a chart a rerun less; the Network's comparison was over 60 KB).
_render = st.components.v2.component(
    "wirescope_kept_chart",
    # The chart says it is busy from the moment it is handed new data, before its script is imported, so no
    # test or benchmark takes the chart of the last run for this run's; kept_chart.js clears it.
    js=f"""export default function (args) {{
  args.parentElement.setAttribute("data-busy", "1");
  return import(new URL("./{CHART_FILE}", document.baseURI).href).then((m) => m.default(args));
}}""",
    isolate_styles=False,  # Plotly puts its own styles (mode bar, hover labels) in the page's head
)


def served() -> bool:
    """Whether this server serves Plotly.js to the page (started by ``dashboard.launch``)."""
    return os.environ.get(SERVED_ENV) == "1"


def plotly_js() -> Path:
    """The Plotly.js bundle of the installed plotly package: the version the figures are built for."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class Selection(dict):
    """The points picked on the chart, read as ``st.plotly_chart``'s state is: ``state.selection.points``."""

    @property
    def selection(self):
        return self

    @property
    def points(self) -> list[dict]:
        return self.get("points", [])


def payload(fig: go.Figure, config: dict, modes: tuple[str, ...]) -> tuple[bytes, str]:
    """The bytes the chart is sent (the figure's JSON written once, not escaped inside another string) and the
    figure's scope: a digest of the figure, so a selection is known to belong to it. With selection ``modes``,
    the figure is sent with ``clickmode="event+select"``, set in its dict on the way out: ``fig`` is left as
    it is, and not copied (copying a network figure to set it took 13 ms).

    >>> data, scope = payload(go.Figure(go.Bar(x=[1], y=[2])), {"displaylogo": False}, ("points",))
    >>> spec = json.loads(data)
    >>> sorted(spec), spec["figure"]["data"][0]["type"], spec["scope"] == scope, len(scope)
    (['config', 'figure', 'modes', 'scope'], 'bar', True, 16)
    """
    if modes:
        spec = fig.to_dict()
        spec["layout"]["clickmode"] = "event+select"
        figure = pio.to_json(spec, validate=False)
    else:
        figure = fig.to_json(validate=False)
    scope = hashlib.blake2b(figure.encode(), digest_size=8).hexdigest()
    head = json.dumps({"config": config, "modes": list(modes), "scope": scope})
    return (head[:-1] + ', "figure": ' + figure + "}").encode(), scope


def kept_chart(fig: go.Figure, *, key: str, config: dict, on_select=None,
               selection_mode: tuple[str, ...] = ("points",)) -> Selection | None:
    """Draw ``fig`` in the chart ``key``, which stays mounted from one rerun to the next. ``on_select``: as
    ``st.plotly_chart``'s, "rerun" or a callback (reading ``st.session_state[key]["selection"]``); the
    selection on this figure is returned."""
    modes = tuple(selection_mode) if on_select is not None else ()
    if modes and set(modes) & {"box", "lasso"}:
        config = {**config, "modeBarButtonsToRemove": [b for b in config.get("modeBarButtonsToRemove", [])
                                                      if b not in ("select2d", "lasso2d")]}
    data, scope = payload(fig, config, modes)
    callbacks = {}
    if on_select is not None:
        callbacks["on_selection_change"] = on_select if callable(on_select) else (lambda: None)
    result = _render(key=key, data=data, height="content", **callbacks)
    if on_select is None:
        return None
    picked = getattr(result, "selection", None) or {}
    return Selection(picked if picked.get("scope") == scope else {"points": []})
