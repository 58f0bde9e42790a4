"""End to end: the real server, headless Chromium, clicks and what renders."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from dashboard.views import VIEWS

from .conftest import SERVERS, settle, shot, wait_text

pytestmark = pytest.mark.e2e


def plots(page):
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=60_000)
    settle(page)
    return page.locator("[data-testid=stPlotlyChart] .main-svg")


def test_shared_link_with_country_filter(server, page):
    page.goto(f"{server}/?country=PRK")
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    assert plots(page).count() >= 3, "overview charts drew"
    sidebar = page.locator("[data-testid=stSidebar]")
    assert "North Korea" in sidebar.locator(".react-aria-ComboBox [data-tag]").first.inner_text()
    assert "Countries: North Korea" in wait_text(page, "Countries: North Korea")
    shot(page, "overview-prk")
    assert not page.errors


@pytest.mark.parametrize("view", ["network", "topics", "coverage", "articles"])
def test_each_view_honours_the_shared_link(server, page, view):
    page.goto(f"{server}/{view}?country=PRK&source=Pacific+Wire+Service")
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    main = wait_text(page, "Outlet: Pacific Wire Service")
    assert "Country: North Korea" in main and "Outlet: Pacific Wire Service" in main
    if view != "articles":
        assert plots(page).count() >= 1
    shot(page, f"{view}-prk")
    assert not page.errors


def test_clicking_a_chip_removes_the_filter_and_updates_the_url(server, page):
    page.goto(f"{server}/?country=PRK&country=JPN")
    settle(page)
    before = page.locator("[data-testid=stMetricValue]").first.inner_text()
    page.get_by_role("button", name=re.compile("Country: Japan")).click()
    settle(page)
    assert "country=JPN" not in page.url and "country=PRK" in page.url
    page.locator("[data-testid=stMain]").get_by_role("button", name="Clear all", exact=True).click()
    settle(page)
    assert "country=" not in page.url
    after = page.locator("[data-testid=stMetricValue]").first.inner_text()
    assert int(after.replace(",", "")) > int(before.replace(",", ""))


def test_choosing_a_country_in_the_sidebar_filters_every_view(server, page):
    page.goto(server)
    settle(page)
    total = int(page.locator("[data-testid=stMetricValue]").first.inner_text().replace(",", ""))
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    box.click()
    page.keyboard.type("Russia")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    assert "country=RUS" in page.url
    n = int(page.locator("[data-testid=stMetricValue]").first.inner_text().replace(",", ""))
    assert 0 < n < total
    page.get_by_role("link", name="Network").click()
    settle(page)
    assert "country=RUS" in page.url and "Country: Russia" in wait_text(page, "Country: Russia")


def test_a_charts_download_menu_delivers_its_png_and_csv(server, page, tmp_path):
    """Each chart's Download menu opens on a click and gives the slide-sized PNG (rendered on the server,
    caption built in) and the chart's data as CSV, named after the chart and the filter."""
    from PIL import Image

    page.goto(f"{server}/?country=PRK")
    settle(page)
    menu = page.locator("[data-testid=stPopover]").first
    assert page.locator("[data-testid=stDownloadButton]").count() == 0, "the buttons are drawn only when asked for"
    got = {}
    for fmt in ("PNG", "CSV"):
        menu.locator("button").first.click()
        with page.expect_download(timeout=120_000) as dl:
            page.locator("[data-testid=stDownloadButton]").get_by_role("button", name=fmt, exact=True).click()
        got[fmt] = tmp_path / dl.value.suggested_filename
        dl.value.save_as(got[fmt])
        page.keyboard.press("Escape")
    assert got["PNG"].name.startswith("coverage-by-month") and "PRK" in got["PNG"].name, got["PNG"].name
    assert Image.open(got["PNG"]).size == (3200, 1800)
    head = got["CSV"].read_text(encoding="utf-8").splitlines()[0]
    assert "period" in head and "count" in head, head


def test_briefing_pack_button_delivers_the_files(server, page, tmp_path):
    import zipfile

    page.goto(f"{server}/?country=RUS")
    settle(page)
    page.locator("[data-testid=stSidebar]").get_by_text("Briefing pack", exact=True).click()
    page.get_by_role("button", name="Build briefing pack").click()
    # The pack renders every chart through Chromium on the server: 45 s on a quiet 2-core machine. It went past
    # 300 s in a few full CI runs, never alone, for a cause not proven: a frozen rendering browser is now
    # replaced after 30 s without a finished image (test_export.py), and a failure says what the sidebar
    # showed and how the server's log ends.
    pptx = page.get_by_role("button", name="briefing.pptx")
    try:
        pptx.wait_for(state="attached", timeout=300_000)
    except Exception as exc:
        from dashboard.serve import server_log

        said = page.locator("[data-testid=stSidebar]").inner_text()[-600:]
        raise AssertionError(f"no pack after 300 s; the sidebar ends: {said!r}; the server's output ends: "
                             f"{server_log(SERVERS[server])}") from exc
    assert pptx.is_visible(), "the pack was built, but its expander closed over it"
    got = {}
    for name in ("briefing.pptx", "briefing.pdf", "briefing.zip"):
        with page.expect_download(timeout=60_000) as dl:
            page.get_by_role("button", name=name).click()
        path = tmp_path / dl.value.suggested_filename
        dl.value.save_as(path)
        got[name] = path
    from pptx import Presentation

    deck = Presentation(str(got["briefing.pptx"]))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert any("Who is covered together" in t for t in titles) and len(deck.slides) >= 6
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert "country=RUS" in notes
    assert got["briefing.pdf"].read_bytes()[:5] == b"%PDF-"
    names = zipfile.ZipFile(got["briefing.zip"]).namelist()
    assert any(n.endswith(".png") for n in names) and any(n.endswith(".csv") for n in names)


def until_articles_listed(page, select) -> None:
    """Run ``select`` (a click or a drag on a chart) until the page lists the selected period's articles, up to
    three times. A selection that lands while Plotly finishes its first draw is now and then lost (a click 1
    run in 6 here, a drag once in a full CI run), as it can be for a user, who selects again; the third must
    work."""
    for attempt in range(3):
        select()
        try:
            page.wait_for_selector("h3:has-text('articles from')", timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; retried, then re-raised below
            if attempt == 2:
                raise
            settle(page)


def test_selecting_a_period_on_the_timeline_lists_its_articles(server, page):
    page.goto(f"{server}/coverage")
    settle(page)
    chart = page.locator("[data-testid=stPlotlyChart]").first
    bars = chart.locator(".barlayer .point path")
    assert bars.count() > 10
    heights = [b.bounding_box()["height"] for b in bars.all()]
    tallest = max(range(len(heights)), key=heights.__getitem__)
    until_articles_listed(page, lambda: bars.nth(tallest).click(force=True))
    heading = page.locator("h3:has-text('articles from')").first.inner_text()
    n = int(heading.split()[0].replace(",", ""))
    assert 0 < n < 209, heading
    shot(page, "coverage-drilldown")
    page.get_by_role("button", name="Narrow the date filter to this period").click()
    settle(page)
    assert "from=" in page.url and "to=" in page.url


def test_a_box_dragged_on_the_timeline_lists_the_articles_of_its_periods(server, page):
    """The caption's "drag a box": the mode bar offers Box Select, and a box over several periods lists the
    articles of all of them."""
    from datetime import datetime

    page.goto(f"{server}/coverage")
    settle(page)
    chart = page.locator("[data-testid=stPlotlyChart]").first

    def drag():
        chart.hover()
        chart.locator('[data-title="Box Select"]').first.click()
        area = chart.locator(".nsewdrag").first.bounding_box()
        y = area["y"] + area["height"] * 0.5
        page.mouse.move(area["x"] + area["width"] * 0.2, area["y"] + 5)
        page.mouse.down()
        page.mouse.move(area["x"] + area["width"] * 0.5, y, steps=8)
        page.mouse.move(area["x"] + area["width"] * 0.6, area["y"] + area["height"] - 5, steps=8)
        page.mouse.up()

    until_articles_listed(page, drag)
    heading = page.locator("h3:has-text('articles from')").first.inner_text()
    n, lo, hi = re.match(r"([\d,]+) articles from (.+) to (.+)$", heading.strip()).groups()
    span = datetime.strptime(hi, "%d %b %Y") - datetime.strptime(lo, "%d %b %Y")
    assert 0 < int(n.replace(",", "")) < 209 and span.days > 30, heading
    assert not page.errors


def test_a_sections_own_switch_reruns_that_section_not_the_page(server, page):
    """The Network's "Compare two periods" is a fragment: switching it on reruns the comparison alone, so the
    server sends a fraction of the messages a rerun of the page sends (the sidebar, the network, its tables),
    and the comparison draws under the network with its periods in the link."""
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(len(f))))
    page.goto(f"{server}/network?country=PRK")
    settle(page)
    charts = page.locator("[data-testid=stPlotlyChart]")
    assert charts.count() == 1
    received.clear()
    page.get_by_text("Compare two periods").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stPlotlyChart]').length >= 2",
                           timeout=60_000)
    settle(page)
    own = len(received)
    assert "a_from=" in page.url and "b_to=" in page.url
    assert "Period A:" in wait_text(page, "Period A:")
    page.get_by_text("Drawing options").click()  # opening it runs nothing
    received.clear()
    page.get_by_text("type", exact=True).first.click()  # "Colour by": a control of the whole page
    settle(page)
    whole = len(received)
    assert 0 < own < whole / 2, (own, whole)
    assert not page.errors


def test_clicking_a_network_node_sets_the_actor_filter(server, page):
    page.goto(f"{server}/network?country=PRK")
    settle(page)
    # Nodes are drawn one trace per group (ties are lines, which have no points), so take every point.
    nodes = page.locator("[data-testid=stPlotlyChart]").first.locator(".scatterlayer .trace .points path")
    assert nodes.count() > 3
    nodes.first.click(force=True)
    page.wait_for_function("() => location.search.includes('actor=')", timeout=30_000)
    settle(page)
    assert "actor=" in page.url
    assert "Actor: " in wait_text(page, "Actor: ")


def test_clicking_a_topic_bar_sets_the_topic_filter(server, page):
    """The Topics view's sizes chart: a click on a bar filters every view to that topic, and the chip names
    the topic whose bar was clicked."""
    page.goto(f"{server}/topics?country=PRK")
    settle(page)
    chart = page.locator("[data-testid=stPlotlyChart]").first
    bars = chart.locator(".barlayer .point path")
    assert bars.count() > 3
    label = chart.locator(".ytick text").last.text_content()  # the top bar's label (categories run upwards)
    bars.last.click(force=True)
    page.wait_for_function("() => location.search.includes('topic=')", timeout=30_000)
    settle(page)
    chip = re.search(r"Topic: ([^\n]+)", wait_text(page, "Topic: ")).group(1).strip()
    assert chip and label.startswith(chip[:20].rstrip(".… ")), (chip, label)
    assert not page.errors


def test_phrase_search_finds_the_articles(server, page):
    page.goto(f"{server}/articles")
    settle(page)
    box = page.locator("[data-testid=stSidebar]").get_by_role("textbox", name="Text search")
    box.fill('"trash balloons" OR "balloons carrying"')
    box.press("Enter")
    settle(page)
    assert "q=" in page.url
    wait_text(page, "Text: ")
    caption = page.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").first.inner_text()
    n = int(caption.split("·")[1].split()[0].replace(",", ""))
    assert 0 < n < 40, caption
    shot(page, "articles-search")


BRIEF = "country=PRK&actor=person:kim-jong-un"
BRIEF_SHOTS = ROOT / "docs" / "screenshots" / "1600x900"


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "prk-kim"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.module)
def test_every_view_at_slide_size(server, browser, view, filtered):
    """Every view at 1600x900, unfiltered and filtered to North Korea + Kim Jong Un: it draws without an error,
    shows no code word, and its screenshot goes to docs/screenshots/1600x900/ to be looked at."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 900})
    pg = ctx.new_page()
    try:
        path = "" if view.module == VIEWS[0].module else (view.url_path or view.module)
        query = "&".join(q for q in (BRIEF if filtered else "",
                                     "focus=person:kim-jong-un" if view.module == "actor" else "") if q)
        pg.goto(f"{server}/{path}" + (f"?{query}" if query else ""))
        settle(pg)
        assert pg.locator("[data-testid=stException]").count() == 0
        main = pg.inner_text("[data-testid=stMain]")
        assert not re.search(r"\b(npmi|weighted_degree|betweenness|eigenvector|entity_id|country_source|n_articles|"
                             r"low_confidence|atype|cmode)\b", main, re.I), main[:400]
        if view.module == "network" and filtered:
            labels = pg.locator("[data-testid=stPlotlyChart]").first.evaluate(
                "e => [...e.querySelectorAll('text')].map(t => t.textContent.trim())")
            assert "Kim Jong Un" in labels, "the filtered actor is labelled in the network"
        BRIEF_SHOTS.mkdir(parents=True, exist_ok=True)
        name = f"{view.module}-{'prk-kim' if filtered else 'all'}"
        pg.screenshot(path=str(BRIEF_SHOTS / f"{name}.png"))  # the screen as the analyst sees it
        # and the whole page (Streamlit scrolls inside its main block: grow the viewport to the content)
        height = pg.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
        pg.set_viewport_size({"width": 1600, "height": min(max(height, 900), 8000)})
        pg.wait_for_timeout(800)
        pg.screenshot(path=str(BRIEF_SHOTS / f"{name}-page.png"))
    finally:
        ctx.close()


@pytest.mark.parametrize("size", [(1600, 900), (1920, 1080)], ids=["1600", "1920"])
def test_presentation_mode_fits_the_chart_on_one_screen(server, browser, size):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = ctx.new_page()
    try:
        pg.goto(f"{server}/network?{BRIEF}&present=1")
        settle(pg, title="attached")  # the slide hides the page title: waiting for it to show was a race
        box = pg.locator("[data-testid=stPlotlyChart]").first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= size[1], box
        assert pg.locator("[data-testid=stExpander]:visible").count() == 0, "no drawing options on a slide"
        BRIEF_SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(BRIEF_SHOTS / f"present-network-prk-kim-{size[0]}.png"))
    finally:
        ctx.close()


def test_map_places_hover_and_click_filter_to_the_place(server, page):
    """Issue 17: the Coverage map draws GeoNames places as circles; hovering one names it, its country and its
    articles, and clicking it filters every view to the articles naming it."""
    page.goto(f"{server}/coverage")
    settle(page)
    page.get_by_role("tab", name="By country").click()  # the map's tab, as an analyst opens it
    settle(page)
    assert "tab=By+country" in page.url or "tab=By%20country" in page.url, page.url
    chart = page.locator("[data-testid=stPlotlyChart]").filter(has_text="Coverage by country and place")
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    boxes = chart.locator(".scatterlayer .trace").nth(-2).locator("path.point").evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; })")
    # the grey countries are the server's base picture, under the covered ones, and it loads
    href = chart.locator(".imagelayer image").first.evaluate(
        "e => e.getAttribute('href') || e.getAttribute('xlink:href')")
    assert href and href.endswith("app/static/base-map.svg"), href
    got = page.request.get(f"{server}/app/static/base-map.svg")
    assert got.ok and got.headers["content-type"].startswith("image/svg+xml") and got.text().count("<path") > 170
    area = chart.locator(".nsewdrag").first.bounding_box()  # the map's plot area (the view fits the coverage)
    boxes = [(x, y) for x, y in boxes if area["x"] + 10 < x < area["x"] + area["width"] - 10
             and area["y"] + 10 < y < area["y"] + area["height"] - 10]
    assert len(boxes) > 10
    # the circle farthest from any other, so the click cannot land on a neighbour
    x, y = max(boxes, key=lambda p: min(((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 for q in boxes if q != p),
                                        default=0))
    page.mouse.move(x, y)
    page.wait_for_timeout(400)
    hover = chart.locator(".hoverlayer").first.text_content()
    assert re.search(r"\d+ articles?$", hover), hover
    page.mouse.click(x, y)
    settle(page)
    assert "actor=place" in page.url, page.url
    chip = re.search(r"Actor: ([^\n]+)", wait_text(page, "Actor: ")).group(1).strip()
    assert hover.startswith(chip), (chip, hover)  # the place hovered is the place filtered
    assert not page.errors


def test_a_chart_opens_full_screen_from_its_mode_bar_and_comes_back(server, page):
    """Streamlit's full-screen button in the chart's mode bar: the chart fills the window, and Escape brings it
    back to its own height."""
    page.goto(f"{server}/network?country=PRK")
    settle(page)
    chart = page.locator("[data-testid=stPlotlyChart]").first
    height = chart.bounding_box()["height"]
    chart.hover()
    chart.locator('[data-title="Fullscreen"]').first.click()
    page.wait_for_timeout(800)
    full = chart.bounding_box()
    assert full["height"] > 0.9 * page.viewport_size["height"] and full["width"] > 0.9 * page.viewport_size["width"]
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)
    assert abs(chart.bounding_box()["height"] - height) < 2
    assert not page.errors


def test_rankings_left_margin_holds_their_labels_in_one_drawing(server, page):
    """A horizontal ranking's left margin is set from its labels (``charts.label_margin``), so Plotly.js draws
    it once: the margin it drew with is the one the figure asked for (``automargin`` did not have to widen it
    and draw again), and no tick label reaches past the chart's left edge."""
    for path in ("?country=KOR", "coverage?tab=" + "By%20outlet", "topics?tab=" + "By%20country"):
        page.goto(f"{server}/{path}")
        settle(page)
        drawn = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')]
            .filter(d => d.layout.margin && d.layout.margin.l > 60)
            .map(d => ({asked: d.layout.margin.l, drew: d._fullLayout._size.l,
                        left: Math.min(...[...d.querySelectorAll('.ytick text')].map(t => t.getBoundingClientRect().left))
                              - d.getBoundingClientRect().left}))""")
        assert drawn, f"{path}: no ranking with a label margin"
        for chart in drawn:
            assert chart["drew"] == chart["asked"], (path, chart)
            assert chart["left"] >= 0, (path, chart)
    assert not page.errors
