"""A world map of coverage by country that draws with no network access.

Plotly's geo subplots fetch their base map (``world_110m.json``) from a CDN. They do so even
for a ``go.Choropleth`` given its own ``geojson``: such a trace gets ``locationmode="geojson-id"``,
and plotly.js fetches the topojson for any geo trace that has a ``locationmode``. So the map here
is not a geo subplot at all. Country polygons come from the bundled Natural Earth 1:110m shapes
(``data/geo/countries-110m.geojson``, keyed by ISO 3166-1 alpha-3). They are projected here with the
Equal Earth projection (equal-area, so a big country does not look like more coverage) and drawn
as filled ``go.Scatter`` shapes on plain, hidden x/y axes. That is SVG, and it exports to PNG, SVG
and PDF like every other chart. The dashboard draws the countries with no coverage as one picture
instead (:func:`base_map_svg`, served as a file the browser keeps), so a rerun resends only the
covered countries.

Examples
--------
>>> counts = pd.DataFrame({"country": ["PRK", "KOR", "USA"], "count": [40, 12, 3]})
>>> fig = country_map_figure(counts, names={"PRK": "North Korea"}, title="Coverage by country")
>>> prk = next(t for t in fig.data if t.name == "PRK")
>>> prk.text
'<b>North Korea</b><br>40 articles'
>>> list(fig.data[-1].customdata)  # the click targets, one per covered country
['PRK', 'KOR', 'USA']

Places with a point (GeoNames') are drawn as circles sized by their count:

>>> places = pd.DataFrame({"entity_id": ["place:wonsan"], "name": ["Wonsan"], "country": ["PRK"],
...                        "lat": [39.15], "lon": [127.44], "count": [4]})
>>> dots = country_map_figure(counts, names={"PRK": "North Korea"}, places=places).data[-2]
>>> dots.name, list(dots.customdata), dots.hovertext[0]
('Places (size: articles)', ['place:wonsan'], '<b>Wonsan</b><br>North Korea<br>4 articles')
"""
from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from components.present.theme import NO_DATA, SEQUENTIAL, TYPE_COLOURS, stamp

__all__ = ["COUNTRIES_FILE", "NO_COVERAGE", "PLACE_COLOUR", "equal_earth", "load_countries", "country_map_figure",
           "base_map", "base_map_svg"]

COUNTRIES_FILE = Path(__file__).resolve().parents[2] / "data" / "geo" / "countries-110m.geojson"
# Countries without coverage: light grey, apart from the lightest blue of the scale.
# (Belongs in components/present/theme.py with the other colours; kept here until theme.py has it.)
NO_COVERAGE = NO_DATA
BORDER = "#ffffff"
# Places are actors' neighbours on the map: drawn in the place colour every chart uses.
PLACE_COLOUR = TYPE_COLOURS["place"]
PLACE_MAX_SIZE = 34  # px across the most covered place's circle
# The lightest step of SEQUENTIAL is nearly white: on a white page a country with one article
# would look empty, so counts start at the second step.
_SCALE = [[i / (len(SEQUENTIAL) - 2), c] for i, c in enumerate(SEQUENTIAL[1:])]

# Equal Earth (Šavrič, Patterson and Jenny 2018), on the unit sphere.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Project longitude/latitude in degrees to Equal Earth x/y (unit sphere; NaN stays NaN).

    Examples
    --------
    >>> x, y = equal_earth([0, 180, 0], [0, 0, 90])
    >>> [round(float(v), 4) for v in x], [round(float(v), 4) for v in y]
    ([0.0, 2.7066, 0.0], [0.0, 0.0, 1.3174])
    """
    lam = np.radians(np.asarray(lon, dtype=float))
    theta = np.arcsin(_M * np.sin(np.radians(np.asarray(lat, dtype=float))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * np.cos(theta) / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1))
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return x, y


def _ring_area(x: np.ndarray, y: np.ndarray) -> float:
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def _label_point(rings: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
    """A point well inside a polygon (outer ring + holes): the grid point farthest from any edge.

    A centroid can fall outside a curved country (Croatia's lies in Bosnia); this cannot.
    """
    ox, oy = rings[0]
    gx, gy = np.meshgrid(np.linspace(ox.min(), ox.max(), 40), np.linspace(oy.min(), oy.max(), 40))
    px, py = gx.ravel(), gy.ravel()
    inside = np.zeros(px.size, dtype=bool)
    dist = np.full(px.size, np.inf)
    for x, y in rings:
        x0, y0, x1, y1 = x, y, np.roll(x, -1), np.roll(y, -1)
        # even-odd ray casting, so holes (Lesotho in South Africa) count as outside
        crosses = ((y0[None, :] > py[:, None]) != (y1[None, :] > py[:, None])) & (
            px[:, None] < (x1 - x0)[None, :] * (py[:, None] - y0[None, :]) / np.where(y1 == y0, 1e-12, y1 - y0)[None, :]
            + x0[None, :])
        inside ^= (crosses.sum(axis=1) % 2).astype(bool)
        dx, dy = (x1 - x0)[None, :], (y1 - y0)[None, :]
        seg2 = np.where(dx * dx + dy * dy == 0, 1e-12, dx * dx + dy * dy)
        t = np.clip(((px[:, None] - x0[None, :]) * dx + (py[:, None] - y0[None, :]) * dy) / seg2, 0, 1)
        d = np.hypot(px[:, None] - x0[None, :] - t * dx, py[:, None] - y0[None, :] - t * dy).min(axis=1)
        dist = np.minimum(dist, d)
    if not inside.any():  # a sliver thinner than the grid: fall back to the mean vertex
        return float(ox.mean()), float(oy.mean())
    best = int(np.argmax(np.where(inside, dist, -1.0)))
    return float(px[best]), float(py[best])


def load_countries(path: str | Path | None = None) -> pd.DataFrame:
    """The bundled country shapes, projected: one row per country (cached per file).

    Columns: ``country`` (ISO3), ``name``, ``continent``, ``x`` and ``y`` (Equal Earth
    coordinates of every ring, rings separated by ``None`` as Plotly's ``fill="toself"``
    expects), ``label_x``, ``label_y`` (a point inside the largest part) and ``area``.
    Rows are sorted largest first, so small countries and enclaves draw on top.

    Examples
    --------
    >>> shapes = load_countries()
    >>> len(shapes) > 170, shapes["country"].is_unique
    (True, True)
    >>> shapes.set_index("country").loc["PRK", "name"]
    'North Korea'
    """
    return _load(str(Path(path or COUNTRIES_FILE).resolve())).copy()


@lru_cache(maxsize=4)
def _load(path: str) -> pd.DataFrame:
    with open(path, encoding="utf-8") as fh:
        collection = json.load(fh)
    rows = []
    for feat in collection["features"]:
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        xs: list = []
        ys: list = []
        area, biggest, biggest_area = 0.0, None, -1.0
        for poly in polys:
            rings = []
            for ring in poly:
                lon, lat = np.asarray(ring, dtype=float).T
                x, y = equal_earth(lon, lat)
                rings.append((x, y))
                xs += np.round(x, 4).tolist() + [None]
                ys += np.round(y, 4).tolist() + [None]
            a = _ring_area(*rings[0]) - sum(_ring_area(*r) for r in rings[1:])
            area += a
            if a > biggest_area:
                biggest, biggest_area = rings, a
        lx, ly = _label_point(biggest)
        props = feat.get("properties", {})
        px = [v for v in xs if v is not None]
        py = [v for v in ys if v is not None]
        rows.append({"country": feat.get("id") or props["iso_a3"], "name": props.get("name", ""),
                     "continent": props.get("continent", ""), "x": xs[:-1], "y": ys[:-1],
                     "label_x": round(lx, 4), "label_y": round(ly, 4), "area": area,
                     "x_min": min(px), "x_max": max(px), "y_min": min(py), "y_max": max(py)})
    return pd.DataFrame(rows).sort_values("area", ascending=False, kind="stable").reset_index(drop=True)


def _nice_ticks(vmax: float, log: bool) -> list[int]:
    if log:
        ticks = [m * 10 ** e for e in range(0, 10) for m in (1, 2, 5)]
        ticks = [t for t in ticks if t <= vmax]
        while len(ticks) > 7:
            ticks = ticks[::2] if ticks[-1] in ticks[::2] else ticks[::2] + [ticks[-1]]
        return ticks
    step = 10 ** math.floor(math.log10(vmax / 5)) if vmax >= 5 else 1
    for m in (1, 2, 5, 10):
        if vmax / (step * m) <= 6:
            step *= m
            break
    return list(range(0, int(vmax) + 1, int(step)))


def country_map_figure(counts: pd.DataFrame, *, names: dict | None = None, shapes: pd.DataFrame | None = None,
                       title: str = "Coverage by country", subtitle: str = "", foot: str = "",
                       unit: str = "articles", scale: str = "log", height: int = 640,
                       extent: str = "world", places: pd.DataFrame | None = None,
                       base: str | None = None) -> go.Figure:
    """World map of coverage: each country shaded by its count, grey where there is none.

    Parameters
    ----------
    counts : DataFrame
        Columns ``country`` (ISO 3166-1 alpha-3) and ``count``, e.g. from
        :func:`components.analysis.counts.country_coverage`. Repeated codes are added up.
    names : dict, optional
        ISO3 to display name (the gazetteer's); falls back to the Natural Earth name.
    shapes : DataFrame, optional
        Projected shapes as returned by :func:`load_countries` (default: the bundled ones).
    unit : str
        What is counted, for hover and colour bar: ``"articles"`` or ``"stories"``.
    scale : {"log", "linear"}
        Colour scale. Coverage is usually dominated by one or two countries; on a linear
        scale everything else would look the same pale blue.
    extent : {"world", "coverage"}
        The whole world, or the region of the countries that hold four fifths of the coverage
        (so Korea is not a speck on a world map when the coverage is about the Korean peninsula).
    places : DataFrame, optional
        Places to draw as circles: columns ``entity_id``, ``name``, ``country`` (ISO3), ``lat``,
        ``lon`` and ``count`` (e.g. :func:`components.analysis.counts.place_coverage`). A
        circle's area is its count; hover shows the place, its country and the count.

    Returns
    -------
    go.Figure
        One filled trace per covered country (``name`` = ISO3; hover on the fill shows name and
        count), one grey trace named ``no-coverage`` for the other countries in view (with
        ``extent="coverage"`` those outside the zoomed view are left out; outlines are thinned to
        what the view can show), a legend entry for "no coverage", and a last trace of
        markers, one per covered country, with ``customdata`` = ISO3 and the colour bar. Clicking
        or box-selecting those markers is how a view filters by country (a click on a Plotly
        fill reports no point). With ``places``, one more trace just before that last one: a
        circle per place, ``customdata`` its entity id, listed in the legend.
    base : str, optional
        The address of :func:`base_map_svg`'s picture (e.g. a file the web server serves). The countries
        with no coverage are then that picture under the covered ones (``layout.images``), not a trace: a
        browser fetches it once and keeps it, so a rerun sends only the covered countries (a world map
        of the demo's coverage: 98 KB a rerun with the grey trace). Without it the figure holds every
        shape and needs nothing else (exports, the briefing pack).

    Examples
    --------
    >>> fig = country_map_figure(pd.DataFrame({"country": ["PRK"], "count": [5]}), unit="stories")
    >>> fig.data[-1].hovertext[0]
    '<b>North Korea</b><br>5 stories'
    >>> grey = next(t for t in fig.data if t.name == "no-coverage")  # every country without coverage
    >>> grey.fillcolor == NO_COVERAGE, grey.hoverinfo
    (True, 'skip')
    """
    per = _per_country(counts, scale)
    names = names or {}
    shapes = load_countries() if shapes is None else shapes
    key = _Key(unit=unit, vmax=float(per.max()) if len(per) else 0.0, log=scale == "log")
    fig = go.Figure()
    drawn = shapes[(shapes["country"] != "ATA") | shapes["country"].isin(per.index)]  # no coverage, no Antarctica
    shape_index = drawn.set_index("country")
    if extent not in {"world", "coverage"}:
        raise ValueError(f"extent == {extent!r}, must be 'world' or 'coverage'")
    x_rng = [drawn["x_min"].min() - 0.02, drawn["x_max"].max() + 0.02]
    y_rng = [drawn["y_min"].min() - 0.02, drawn["y_max"].max() + 0.02]
    if extent == "coverage" and len(per):
        x_rng, y_rng = _coverage_extent(shape_index, per, x_rng, y_rng)
    # About 1,400 px across: rings under two pixels are not drawn, and outlines keep a point only where
    # leaving it out would move the line by a pixel or more (coordinates to a pixel): Douglas-Peucker's
    # usual on-screen tolerance. Half a pixel sent 100 KB per rerun of a world map; a pixel, 70 KB.
    # The pixel size is rounded up to a power of two, so the thinned outlines are cached per zoom level.
    px = 2.0 ** math.ceil(math.log2((x_rng[1] - x_rng[0]) / 1400))
    thin = partial(_thin_cached, px=px)
    in_view = drawn[_in_view(drawn, x_rng, y_rng)]
    grey = in_view[~in_view["country"].isin(per.index)]
    if base is not None:  # every country, grey, under the covered ones; the same shapes as the grey trace
        fig.add_layout_image(base_map(base, shapes))
    elif len(grey):  # the countries with no coverage: one grey trace (a covered country's dot says its count)
        parts = [thin(tuple(r.x), tuple(r.y)) for r in grey.itertuples(index=False)]
        gx, gy = _joined([p[0] for p in parts if p[0]]), _joined([p[1] for p in parts if p[1]])
        fig.add_trace(go.Scatter(x=gx, y=gy, mode="lines", fill="toself", fillcolor=NO_COVERAGE, name="no-coverage",
                                 line=dict(color=BORDER, width=0.6), hoverinfo="skip", showlegend=False))
    for row in in_view[in_view["country"].isin(per.index)].itertuples(index=False):
        fig.add_trace(_country_trace(row, float(per[row.country]), names, key, thin))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"No {unit}", hoverinfo="skip",
                             marker=dict(symbol="square", size=13, color=NO_COVERAGE,
                                         line=dict(color="#bbbbbb", width=1))))
    if places is not None and len(places):
        fig.add_trace(_place_markers(places, names, key.unit))
    fig.add_trace(_click_markers(shape_index, [c for c in per.index if c in shape_index.index], per, names, key))
    off_map = [c for c in per.index if c not in shape_index.index]
    if off_map:
        shown = " · ".join(f"{_label(names, c)} {per[c]:,.0f}" for c in off_map[:8])
        more = f" · {len(off_map) - 8} more" if len(off_map) > 8 else ""
        fig.add_annotation(text=f"Too small to draw at this scale: {shown}{more}", xref="paper", yref="paper",
                           x=0, y=0, xanchor="left", yanchor="top", yshift=-24, showarrow=False,
                           font=dict(size=12, color="#555555"), name="off-map")
    fig.update_xaxes(visible=False, showgrid=False, range=x_rng)
    fig.update_yaxes(visible=False, showgrid=False, range=y_rng, scaleanchor="x", scaleratio=1, rangemode="normal")
    stamp(fig, title=title, subtitle=subtitle, foot=foot, height=height)
    # the "no coverage" swatch sits under the colour bar, so the two read as one key
    fig.update_layout(margin=dict(l=20, r=20, b=90), hovermode="closest", legend=dict(
        x=1.0, xanchor="left", y=0.17, yanchor="top", bgcolor="rgba(255,255,255,0)", itemsizing="constant"))
    return fig


# The base map is drawn finer than a rerun's outlines (a quarter of a pixel at the trace's world scale): it
# is fetched once, and stays sharp when the analyst zooms in.
_BASE_PX = 2.0 ** math.floor(math.log2(5.3 / 1400 / 4))


def _world_box(shapes: pd.DataFrame) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) around every shape the base map draws (no Antarctica), as the map's world extent."""
    drawn = shapes[shapes["country"] != "ATA"]
    return (float(drawn["x_min"].min()) - 0.02, float(drawn["y_min"].min()) - 0.02,
            float(drawn["x_max"].max()) + 0.02, float(drawn["y_max"].max()) + 0.02)


def base_map_svg(shapes: pd.DataFrame | None = None) -> str:
    """Every country but Antarctica in the no-coverage grey with white borders, as an SVG picture in the
    map's Equal Earth coordinates (its ``viewBox`` is :func:`_world_box`, y pointing down). The borders
    keep their width on screen however the picture is stretched (``vector-effect``).

    >>> svg = base_map_svg()
    >>> svg.startswith("<svg") and svg.count("<path") > 170
    True
    """
    shapes = load_countries() if shapes is None else shapes
    x0, y0, x1, y1 = _world_box(shapes)
    decimals = max(2, math.ceil(-math.log10(_BASE_PX)))
    paths = []
    for row in shapes[shapes["country"] != "ATA"].itertuples(index=False):
        xs, ys = _thin(list(row.x), list(row.y), min_size=2 * _BASE_PX, tolerance=_BASE_PX, decimals=decimals)
        d, start = [], True
        for x, y in zip(xs, ys):
            if x is None:
                d.append("Z")
                start = True
                continue
            d.append(f"{'M' if start else 'L'}{x:.{decimals}f} {-y:.{decimals}f}")
            start = False
        if d:
            paths.append(f'<path id="{row.country}" d="{"".join(d)}Z"/>')
    box = f"{x0:.4f} {-y1:.4f} {x1 - x0:.4f} {y1 - y0:.4f}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" preserveAspectRatio="none">'
            "<style>path{vector-effect:non-scaling-stroke}</style>"
            f'<g fill="{NO_COVERAGE}" stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">'
            + "".join(paths) + "</g></svg>\n")


def base_map(source: str, shapes: pd.DataFrame | None = None) -> dict:
    """The layout image that lays :func:`base_map_svg`'s picture, fetched from ``source``, over the
    world's extent on the map's axes, under the traces."""
    shapes = load_countries() if shapes is None else shapes
    x0, y0, x1, y1 = _world_box(shapes)
    return dict(source=source, xref="x", yref="y", x=x0, y=y1, sizex=x1 - x0, sizey=y1 - y0, xanchor="left",
                yanchor="top", sizing="stretch", layer="below", name="base-map")


def _in_view(shapes: pd.DataFrame, x_rng: list, y_rng: list) -> np.ndarray:
    """True for the shapes whose bounding box meets the view, widened to any plot shape from square to
    three times as wide as high (the axes keep one scale, so Plotly widens the shorter range): a country
    nobody can see is not sent to the browser."""
    cx, cy = (x_rng[0] + x_rng[1]) / 2, (y_rng[0] + y_rng[1]) / 2
    hx, hy = (x_rng[1] - x_rng[0]) / 2, (y_rng[1] - y_rng[0]) / 2
    hx, hy = 1.1 * max(hx, 3 * hy), 1.1 * max(hy, hx)
    return ((shapes["x_max"] >= cx - hx) & (shapes["x_min"] <= cx + hx)
            & (shapes["y_max"] >= cy - hy) & (shapes["y_min"] <= cy + hy)).to_numpy()


def _coverage_extent(shape_index: pd.DataFrame, per: pd.Series, x_world: list, y_world: list,
                     share: float = 0.8) -> tuple[list, list]:
    """Axis ranges around the countries holding ``share`` of the coverage (largest first), padded by a
    fifth and at least a tenth of the world wide, never past the world's own ranges."""
    counts = per.sort_values(ascending=False, kind="stable")
    counts = counts[[c in shape_index.index for c in counts.index]]
    if counts.empty:
        return x_world, y_world
    keep = counts.index[: int((counts.cumsum() < share * counts.sum()).sum()) + 1]
    xs = [v for c in keep for v in shape_index.loc[c, "x"] if v is not None]
    ys = [v for c in keep for v in shape_index.loc[c, "y"] if v is not None]
    out = []
    for lo, hi, (wlo, whi) in ((min(xs), max(xs), x_world), (min(ys), max(ys), y_world)):
        span = max(hi - lo, 0.1 * (whi - wlo))
        mid = (lo + hi) / 2
        lo, hi = mid - 0.6 * span, mid + 0.6 * span
        out.append([max(lo, wlo), min(hi, whi)])
    return out[0], out[1]


def _per_country(counts: pd.DataFrame, scale: str) -> pd.Series:
    """The positive counts per upper-case ISO3 code, largest first, once ``counts`` and ``scale`` are checked."""
    missing = {"country", "count"} - set(counts.columns)
    if missing:
        raise ValueError(f"counts needs columns 'country' and 'count'; missing {sorted(missing)} "
                         f"(got {list(counts.columns)})")
    if scale not in ("log", "linear"):
        raise ValueError(f"scale == {scale!r}, must be 'log' or 'linear'")
    values = pd.to_numeric(counts["count"], errors="coerce")
    if values.isna().any() or (values < 0).any():
        bad = counts.loc[values.isna() | (values < 0), "country"].tolist()[:5]
        raise ValueError(f"count must be a number >= 0; not so for {bad}")
    per = values.groupby(counts["country"].astype(str).str.upper()).sum()
    return per[per > 0].sort_values(ascending=False, kind="stable")


def _label(names: dict, iso: str, fallback: str = "") -> str:
    return html.escape(str(names.get(iso) or fallback or iso))


@dataclass(frozen=True)
class _Key:
    """How a count reads on the map: its words (``amount``) and its place on the colour scale (``level``)."""

    unit: str
    vmax: float
    log: bool

    def amount(self, n: float) -> str:
        noun = {"stories": "story"}.get(self.unit, self.unit[:-1] if self.unit.endswith("s") else self.unit)
        return f"{n:,.0f} {noun if n == 1 else self.unit}"

    def level(self, n: float) -> float:
        if self.vmax <= 1:
            return 1.0
        return math.log(n) / math.log(self.vmax) if self.log else n / self.vmax


def _joined(rings) -> list:
    """Several shapes' coordinate lists as one, ``None`` between them."""
    out: list = []
    for r in rings:
        out += [*r, None]
    return out[:-1]


def _simplify(x: np.ndarray, y: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker: True for the points to keep so that no point left out lies more than ``tolerance``
    from the line drawn.

    >>> _simplify(np.array([0, 1, 2, 3.0]), np.array([0, 0.001, 0, 1.0]), 0.01).tolist()
    [True, False, True, True]
    """
    keep = np.zeros(len(x), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(x) - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        dx, dy = x[b] - x[a], y[b] - y[a]
        px, py = x[a + 1:b] - x[a], y[a + 1:b] - y[a]
        length = math.hypot(dx, dy)
        d = np.abs(dx * py - dy * px) / length if length > 0 else np.hypot(px, py)
        i = int(np.argmax(d))
        if d[i] > tolerance:
            stack += [(a, a + 1 + i), (a + 1 + i, b)]
            keep[a + 1 + i] = True
    return keep


def _thin(xs: list, ys: list, *, min_size: float, tolerance: float, decimals: int) -> tuple[list, list]:
    """The rings (``None``-separated) at least ``min_size`` across, simplified to ``tolerance``
    (:func:`_simplify`), coordinates rounded to ``decimals``.

    >>> _thin([0, 0.5, 1, 1, None, 5, 5.001, 5], [0, 0, 0, 1, None, 5, 5, 5.001], min_size=0.01, tolerance=0.01,
    ...       decimals=1)
    ([0.0, 1.0, 1.0], [0.0, 0.0, 1.0])
    """
    ox: list = []
    oy: list = []
    x = np.array([np.nan if v is None else v for v in xs], dtype=float)
    y = np.array([np.nan if v is None else v for v in ys], dtype=float)
    cuts = np.flatnonzero(np.isnan(x))
    for rx, ry in zip(np.split(x, cuts), np.split(y, cuts)):
        rx, ry = rx[~np.isnan(rx)], ry[~np.isnan(ry)]
        if len(rx) and max(np.ptp(rx), np.ptp(ry)) >= min_size:
            keep = _simplify(rx, ry, tolerance)
            ox += [*np.round(rx[keep], decimals).tolist(), None]
            oy += [*np.round(ry[keep], decimals).tolist(), None]
    return ox[:-1], oy[:-1]


@lru_cache(maxsize=2048)
def _thin_cached(xs: tuple, ys: tuple, px: float) -> tuple[list, list]:
    """:func:`_thin` for a view where one pixel is ``px``: rings under two pixels dropped, outlines kept
    to a pixel, coordinates to a pixel."""
    return _thin(xs, ys, min_size=2 * px, tolerance=px, decimals=max(2, min(5, math.ceil(-math.log10(px)))))


def _country_trace(row, n: float, names: dict, key: _Key, thin) -> go.Scatter:
    """One covered country's filled shape, shaded by its count ``n``, hover on the fill."""
    colour = sample_colorscale(_SCALE, [key.level(n)])[0]
    x, y = thin(tuple(row.x), tuple(row.y))
    return go.Scatter(
        x=x, y=y, mode="lines", fill="toself", fillcolor=colour, line=dict(color=BORDER, width=0.6),
        name=row.country, hoveron="fills", hoverinfo="text",
        text=f"<b>{_label(names, row.country, row.name)}</b><br>{key.amount(n)}",
        showlegend=False)


def _click_markers(shape_index: pd.DataFrame, on_map: list, per: pd.Series, names: dict, key: _Key) -> go.Scatter:
    """One marker per covered country at its label point (what a click or box selection reports), with the
    colour bar."""
    ticks = _nice_ticks(key.vmax, key.log) if key.vmax > 0 else []
    if key.vmax <= 1:
        ticks = [1] if key.vmax else []
    shape_names = shape_index["name"] if len(shape_index) else pd.Series(dtype=str)
    unit = key.unit
    return go.Scatter(
        x=[shape_index.at[c, "label_x"] for c in on_map], y=[shape_index.at[c, "label_y"] for c in on_map],
        mode="markers", name=f"{unit.capitalize()} (click a dot to filter)", customdata=on_map,
        hovertext=[f"<b>{_label(names, c, shape_names.get(c, ''))}</b><br>{key.amount(per[c])}" for c in on_map],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        marker=dict(size=7, color=[key.level(per[c]) for c in on_map], colorscale=_SCALE, cmin=0, cmax=1,
                    line=dict(color="#08306b", width=1),
                    showscale=bool(on_map), colorbar=dict(
                        title=dict(text=unit.capitalize() + (" (log scale)" if key.log and key.vmax > 1 else ""),
                                   side="right"),
                        tickvals=[key.level(t) if t > 0 else 0 for t in ticks], ticktext=[f"{t:,}" for t in ticks],
                        thickness=14, len=0.6, y=0.5, x=1.0, xpad=8, outlinewidth=0, tickfont=dict(size=12))))


def _place_markers(places: pd.DataFrame, names: dict, unit: str) -> go.Scatter:
    """One circle per place at its point, its area the place's count; drawn under the countries' dots."""
    missing = {"entity_id", "name", "lat", "lon", "count"} - set(places.columns)
    if missing:
        raise ValueError(f"places needs columns entity_id, name, lat, lon and count; missing {sorted(missing)}")
    rows = places[pd.to_numeric(places["count"], errors="coerce").fillna(0) > 0]
    rows = rows.sort_values("count", ascending=False, kind="stable")  # big first, so small ones draw on top
    x, y = equal_earth(rows["lon"].to_numpy(dtype=float), rows["lat"].to_numpy(dtype=float))
    counts = rows["count"].to_numpy(dtype=float)
    amount = _Key(unit=unit, vmax=0.0, log=False).amount
    country = rows["country"] if "country" in rows else pd.Series("", index=rows.index)
    hover = [f"<b>{html.escape(str(n))}</b>" + (f"<br>{_label(names, c)}" if c else "") + f"<br>{amount(k)}"
             for n, c, k in zip(rows["name"], country.fillna(""), counts)]
    return go.Scatter(
        x=x, y=y, mode="markers", name=f"Places (size: {unit})", customdata=rows["entity_id"].tolist(),
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=True,
        marker=dict(size=counts, sizemode="area", sizeref=2.0 * max(counts.max(), 1.0) / PLACE_MAX_SIZE ** 2,
                    sizemin=4, color=PLACE_COLOUR, opacity=0.55, line=dict(color="#6b2a55", width=1)))
