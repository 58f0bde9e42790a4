"""The offline world map: bundled shapes, projection, figure structure, and a browser with the network cut."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from components.present.geo import COUNTRIES_FILE, NO_COVERAGE, country_map_figure, equal_earth, load_countries

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"

# Hand-written counts: three countries on the map, one too small to draw at 1:110m
# (Singapore), one code that is no country at all, and PRK written twice and in lower case.
COUNTS = pd.DataFrame({"country": ["PRK", "KOR", "USA", "SGP", "XXX", "prk"],
                       "count": [30, 12, 3, 2, 1, 10]})
NAMES = {"PRK": "North Korea", "KOR": "South Korea", "USA": "United States", "SGP": "Singapore"}


def _countries(fig) -> dict:
    return {t.name: t for t in fig.data if t.fill == "toself"}


def _rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(float(v)) for v in colour[colour.index("(") + 1:-1].split(",")[:3])


def _luminance(colour: str) -> float:
    r, g, b = _rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _inside(px: float, py: float, xs: list, ys: list) -> bool:
    """Even-odd point-in-polygon over all rings (``None`` separates them); written apart from geo.py's."""
    inside, ring = False, []
    for x, y in list(zip(xs, ys)) + [(None, None)]:
        if x is not None:
            ring.append((x, y))
            continue
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > py) != (y1 > py) and px < x0 + (x1 - x0) * (py - y0) / (y1 - y0):
                inside = not inside
        ring = []
    return inside


# --- the bundled shapes -------------------------------------------------------------------------

def test_shapes_are_small_keyed_by_iso3_and_documented():
    import pycountry

    assert COUNTRIES_FILE.parent == ROOT / "data" / "geo"
    assert COUNTRIES_FILE.stat().st_size < 1_000_000
    ids = [f["id"] for f in json.loads(COUNTRIES_FILE.read_text())["features"]]
    assert len(ids) == len(set(ids)) > 170
    not_iso = [c for c in ids if pycountry.countries.get(alpha_3=c) is None]
    assert not_iso == ["XKX"]  # Kosovo: user-assigned, as in data/gazetteer
    assert {"PRK", "KOR", "USA", "CHN", "JPN", "RUS", "FRA", "NOR", "CYP", "SOM"} <= set(ids)
    readme = (COUNTRIES_FILE.parent / "README.md").read_text()
    assert "Natural Earth" in readme and "public domain" in readme.lower()


def test_load_countries_projects_every_shape_and_puts_labels_inside():
    shapes = load_countries()
    assert shapes["country"].is_unique
    assert list(shapes["area"]) == sorted(shapes["area"], reverse=True)  # big first, enclaves on top
    row = shapes.set_index("country")
    # Croatia's centroid lies in Bosnia; Chile and Norway are long and thin; Lesotho is a hole in South Africa
    for iso in ["HRV", "CHL", "NOR", "VNM", "USA", "FRA", "IDN", "ZAF", "LSO", "PRK", "KOR"]:
        r = row.loc[iso]
        assert _inside(r.label_x, r.label_y, r.x, r.y), iso
    assert not _inside(row.loc["LSO", "label_x"], row.loc["LSO", "label_y"], row.loc["ZAF", "x"], row.loc["ZAF", "y"])
    # west stays west, north stays north
    assert row.loc["USA", "label_x"] < row.loc["FRA", "label_x"] < row.loc["CHN", "label_x"]
    assert row.loc["AUS", "label_y"] < 0 < row.loc["RUS", "label_y"]


def test_equal_earth_is_equal_area():
    """A 10-degree cell has the area of the same cell on the unit sphere, at the equator and near the pole."""
    def projected_area(lon0, lat0, d=10.0, n=400):
        t = np.linspace(0, 1, n, endpoint=False)
        lon = np.concatenate([lon0 + d * t, np.full(n, lon0 + d), lon0 + d - d * t, np.full(n, lon0)])
        lat = np.concatenate([np.full(n, lat0), lat0 + d * t, np.full(n, lat0 + d), lat0 + d - d * t])
        x, y = equal_earth(lon, lat)
        return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))

    for lon0, lat0 in [(0, 0), (120, 40), (-170, 70), (30, -80)]:
        sphere = math.radians(10) * (math.sin(math.radians(lat0 + 10)) - math.sin(math.radians(lat0)))
        assert projected_area(lon0, lat0) == pytest.approx(sphere, rel=1e-3), (lon0, lat0)


# --- the figure ---------------------------------------------------------------------------------

def test_every_covered_country_is_one_trace_and_the_rest_one_grey_trace():
    fig = country_map_figure(COUNTS, names=NAMES)
    polys = _countries(fig)
    assert set(polys) == {"PRK", "KOR", "USA", "no-coverage"}
    for iso in ("PRK", "KOR", "USA"):
        assert polys[iso].customdata is None  # the ISO3 is the trace's name; no code repeated at every vertex
        assert polys[iso].hoveron == "fills"
    grey = polys["no-coverage"]
    assert grey.fillcolor == NO_COVERAGE and grey.hoverinfo == "skip"
    rings = sum(v is None for v in grey.x) + 1
    assert rings > 170  # every other country (bar Antarctica), islands under two pixels left out
    ata = load_countries().set_index("country").loc["ATA"]
    assert min(v for v in grey.y if v is not None) > min(v for v in ata.y if v is not None)  # no Antarctica


def test_colours_zero_grey_and_more_coverage_darker():
    fig = country_map_figure(COUNTS, names=NAMES)
    polys = _countries(fig)
    prk, kor, usa = (polys[c].fillcolor for c in ("PRK", "KOR", "USA"))
    assert polys["no-coverage"].fillcolor == NO_COVERAGE
    assert NO_COVERAGE not in (prk, kor, usa)
    assert _luminance(prk) < _luminance(kor) < _luminance(usa)
    # one hue: every shaded country is bluer than it is red
    assert all(_rgb(c)[2] > _rgb(c)[0] for c in (prk, kor, usa))
    assert sum(1 for t in polys.values() if t.fillcolor != NO_COVERAGE) == 3


def test_hover_and_click_targets_carry_names_counts_and_iso3():
    fig = country_map_figure(COUNTS, names=NAMES)
    polys = _countries(fig)
    assert polys["PRK"].text == "<b>North Korea</b><br>40 articles"  # "PRK" + "prk" added up
    assert polys["USA"].text == "<b>United States</b><br>3 articles"
    dots = fig.data[-1]
    assert list(dots.customdata) == ["PRK", "KOR", "USA"]
    assert list(dots.hovertext) == ["<b>North Korea</b><br>40 articles", "<b>South Korea</b><br>12 articles",
                                    "<b>United States</b><br>3 articles"]
    assert dots.marker.showscale and dots.marker.colorbar.title.text == "Articles (log scale)"
    assert list(dots.marker.colorbar.ticktext) == ["1", "2", "5", "10", "20"]
    # each dot sits inside its own country
    for iso, x, y in zip(dots.customdata, dots.x, dots.y):
        assert _inside(x, y, polys[iso].x, polys[iso].y), iso


def test_countries_not_on_the_map_are_listed_not_dropped():
    fig = country_map_figure(COUNTS, names=NAMES)
    notes = [a.text for a in fig.layout.annotations if a.name == "off-map"]
    assert notes == ["Too small to draw at this scale: Singapore 2 · XXX 1"]


def test_briefing_stamp_and_legend():
    fig = country_map_figure(COUNTS, title="Coverage by country, 2023", subtitle="Countries: all · 58 articles",
                             foot="Wirescope · store abc123")
    assert fig.layout.title.text.startswith("Coverage by country, 2023<br>")
    assert "58 articles" in fig.layout.title.text
    assert [a.text for a in fig.layout.annotations if a.name == "footer"] == ["Wirescope · store abc123"]
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["No articles"]
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.geo.to_plotly_json() == {}  # no geo subplot: nothing to fetch


def test_names_are_escaped():
    fig = country_map_figure(pd.DataFrame({"country": ["PRK"], "count": [1]}), names={"PRK": "<b onclick=x>K"})
    assert _countries(fig)["PRK"].text == "<b>&lt;b onclick=x&gt;K</b><br>1 article"


def test_linear_scale_and_units():
    counts = pd.DataFrame({"country": ["PRK", "KOR", "JPN"], "count": [100, 10, 1]})
    log = _countries(country_map_figure(counts))
    lin_fig = country_map_figure(counts, scale="linear", unit="stories")
    lin = _countries(lin_fig)
    # on a linear scale 10 of 100 is pale; on a log scale it is half way
    assert _luminance(lin["KOR"].fillcolor) > _luminance(log["KOR"].fillcolor)
    assert lin["PRK"].fillcolor == log["PRK"].fillcolor
    assert lin["KOR"].text == "<b>South Korea</b><br>10 stories" and lin["JPN"].text.endswith("1 story")
    assert lin_fig.data[-1].marker.colorbar.title.text == "Stories"
    assert list(lin_fig.data[-1].marker.colorbar.ticktext) == ["0", "20", "40", "60", "80", "100"]


def test_empty_and_single_counts():
    empty = country_map_figure(pd.DataFrame({"country": [], "count": []}))
    assert {t.fillcolor for t in _countries(empty).values()} == {NO_COVERAGE}
    assert list(empty.data[-1].customdata) == [] and not empty.data[-1].marker.showscale
    one = country_map_figure(pd.DataFrame({"country": ["ATA", "PRK"], "count": [1, 1]}))
    polys = _countries(one)
    assert "ATA" in polys  # Antarctica is drawn once it has coverage
    assert polys["ATA"].fillcolor == polys["PRK"].fillcolor != NO_COVERAGE
    assert list(one.data[-1].marker.colorbar.ticktext) == ["1"]


@pytest.mark.parametrize("counts, kwargs, message", [
    (pd.DataFrame({"iso": ["PRK"], "count": [1]}), {}, "missing ['country']"),
    (pd.DataFrame({"country": ["PRK"], "count": [1]}), {"scale": "sqrt"},
     "scale == 'sqrt', must be 'log' or 'linear'"),
    (pd.DataFrame({"country": ["PRK", "KOR"], "count": [1, -2]}), {}, "count must be a number >= 0; not so for ['KOR']"),
    (pd.DataFrame({"country": ["PRK"], "count": ["many"]}), {}, "not so for ['PRK']"),
])
def test_bad_input_says_what_and_how(counts, kwargs, message):
    with pytest.raises(ValueError) as err:
        country_map_figure(counts, **kwargs)
    assert message in str(err.value)


# --- the browser, offline -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline_page(browser):
    """A page in the shared headless Chromium where every request other than file: and data: is aborted
    and recorded."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 900})
    page = ctx.new_page()
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.blocked = blocked
    yield page
    ctx.close()


def _open(page, fig, path: Path) -> None:
    fig.write_html(path, include_plotlyjs=True, full_html=True)
    page.blocked.clear()
    page.goto(path.as_uri())
    page.wait_for_function("() => { const gd = document.querySelector('.plotly-graph-div');"
                           " return gd && gd._fullLayout && !gd._transitioning && gd.querySelector('.scatterlayer'); }")
    page.wait_for_timeout(300)


def test_the_harness_catches_requests(offline_page, tmp_path):
    """Negative control: a figure that does reach out is caught, so an empty request log means something."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[0], y=[0]))
    fig.add_layout_image(source="https://example.invalid/logo.png", x=0, y=0, sizex=1, sizey=1)
    _open(offline_page, fig, tmp_path / "control.html")
    assert any("example.invalid" in u for u in offline_page.blocked)


def test_map_draws_offline_and_a_click_reports_iso3(offline_page, tmp_path):
    fig = country_map_figure(COUNTS, names=NAMES, title="Coverage by country", subtitle="Test counts",
                             foot="Wirescope · store test")
    fig.update_layout(height=880)
    page = offline_page
    _open(page, fig, tmp_path / "map.html")

    n_fills = page.locator(".scatterlayer .trace path.js-fill").count()
    assert n_fills == len(_countries(fig)) == 4  # three countries and the grey rest
    # the fill drawn for North Korea is the colour the figure asked for
    prk_index = next(i for i, t in enumerate(fig.data) if t.name == "PRK")
    drawn = page.evaluate("(i) => document.querySelectorAll('.scatterlayer .trace')[i]"
                          ".querySelector('path.js-fill').style.fill", prk_index)
    assert _rgb(drawn) == _rgb(fig.data[prk_index].fillcolor)
    assert page.locator(".colorbar").count() == 1

    page.evaluate("() => { window.clicked = []; document.querySelector('.plotly-graph-div')"
                  ".on('plotly_click', d => window.clicked.push(...d.points.map(p => p.customdata))); }")
    dot = page.locator(".scatterlayer .trace").last.locator("path.point").first
    box = dot.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(200)
    assert "North Korea" in page.locator(".hoverlayer").text_content()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => window.clicked.length > 0")
    assert page.evaluate("window.clicked") == ["PRK"]

    page.mouse.move(5, 5)
    page.screenshot(path=str(tmp_path / "map.png"))
    assert page.blocked == [], f"the map tried to reach the network: {page.blocked}"


def test_the_map_fits_the_countries_with_coverage():
    import pandas as pd

    from components.present.geo import country_map_figure

    counts = pd.DataFrame({"country": ["PRK", "KOR", "JPN", "USA"], "count": [50, 40, 10, 2]})
    world = country_map_figure(counts).layout
    region = country_map_figure(counts, extent="coverage").layout
    w = world.xaxis.range[1] - world.xaxis.range[0]
    r = region.xaxis.range[1] - region.xaxis.range[0]
    assert r < w / 4  # the Korean peninsula and Japan, not the world (the US holds under a fifth)


def test_a_zoomed_map_sends_only_the_countries_in_view():
    counts = pd.DataFrame({"country": ["PRK", "KOR", "JPN", "USA"], "count": [50, 40, 10, 2]})
    region = country_map_figure(counts, extent="coverage")
    assert set(_countries(region)) == {"PRK", "KOR", "JPN", "no-coverage"}  # the US is out of view
    assert list(region.data[-1].customdata) == ["PRK", "KOR", "JPN", "USA"]  # every dot kept, in view or not
    grey = _countries(region)["no-coverage"]
    points = [(x, y) for x, y in zip(grey.x, grey.y) if x is not None]
    shapes = load_countries().set_index("country")

    def has_outline(iso):
        r = shapes.loc[iso]
        return any(r.x_min <= x <= r.x_max and r.y_min <= y <= r.y_max for x, y in points)

    assert all(has_outline(c) for c in ("CHN", "RUS", "MNG"))  # the neighbours in view are drawn
    assert not any(has_outline(c) for c in ("BRA", "ARG", "ZAF", "FRA"))  # nowhere near the view: not sent
    world = country_map_figure(counts, extent="world")
    assert sum(v is None for v in _countries(world)["no-coverage"].x) + 1 > 170  # rings of the whole world
    assert len(world.to_json()) > 2.5 * len(region.to_json())  # 69 KB against 24 KB at a pixel


# --- the base map: the grey countries as one picture the browser fetches once ------------------------

def test_the_served_base_map_is_the_one_the_shapes_give():
    """dashboard/static/base-map.svg is written from the bundled shapes; regenerate it when they change."""
    from components.present.geo import base_map_svg
    from dashboard.widgets import BASE_MAP, STATIC_DIR, STATIC_URL

    served = STATIC_DIR / BASE_MAP[len(STATIC_URL):]
    assert served.read_text(encoding="utf-8") == base_map_svg(), (
        "dashboard/static/base-map.svg is out of date: python -c \"from components.present.geo import base_map_svg; "
        "open('dashboard/static/base-map.svg', 'w').write(base_map_svg())\"")


def test_a_map_on_a_base_picture_sends_only_the_covered_countries():
    fig = country_map_figure(COUNTS, names=NAMES, base="app/static/base-map.svg")
    assert set(_countries(fig)) == {"PRK", "KOR", "USA"}  # no grey trace: the picture draws the rest
    (im,) = fig.layout.images
    assert im.source == "app/static/base-map.svg" and im.layer == "below" and im.sizing == "stretch"
    assert (im.xref, im.yref) == ("x", "y")
    # the picture spans the world the grey trace would have spanned, so the two line up
    shapes = load_countries()
    shapes = shapes[shapes["country"] != "ATA"]
    assert im.x == pytest.approx(shapes["x_min"].min() - 0.02)
    assert im.x + im.sizex == pytest.approx(shapes["x_max"].max() + 0.02)
    assert im.y == pytest.approx(shapes["y_max"].max() + 0.02)
    assert im.y - im.sizey == pytest.approx(shapes["y_min"].min() - 0.02)
    on_trace = country_map_figure(COUNTS, names=NAMES)
    assert len(fig.to_json()) < 0.3 * len(on_trace.to_json())


def test_the_base_picture_puts_each_country_where_the_traces_do():
    """Every country's outline in the SVG (y flipped) lies inside that country's projected bounding box."""
    import re

    from components.present.geo import base_map_svg

    svg = base_map_svg()
    shapes = load_countries().set_index("country")
    paths = dict(re.findall(r'<path id="([A-Z]{3})" d="([^"]+)"', svg))
    assert len(paths) > 170 and "ATA" not in paths
    for iso in ("PRK", "USA", "BRA", "AUS", "NOR"):
        xy = [tuple(map(float, p.split())) for p in re.findall(r"[ML]([-\d.]+ [-\d.]+)", paths[iso])]
        r = shapes.loc[iso]
        assert all(r.x_min - 0.01 <= x <= r.x_max + 0.01 and r.y_min - 0.01 <= -y <= r.y_max + 0.01 for x, y in xy)


def test_an_export_carries_the_base_picture_inside_it():
    """A download renders with no server to fetch the picture from: it is written into the figure."""
    import base64

    from dashboard.widgets import BASE_MAP, STATIC_DIR, self_contained

    fig = country_map_figure(COUNTS, names=NAMES, base=BASE_MAP)
    out = self_contained(fig)
    src = out.layout.images[0].source
    assert src.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == (STATIC_DIR / "base-map.svg").read_bytes()
    assert fig.layout.images[0].source == BASE_MAP  # the drawn figure is left as it was
    plain = country_map_figure(COUNTS, names=NAMES)
    assert self_contained(plain) is plain
