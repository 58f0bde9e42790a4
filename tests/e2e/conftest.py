"""Start the real Streamlit server on 127.0.0.1 and drive it with Playwright in Debian's Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from dashboard.serve import CHARTS_DRAWN_JS, start, stop

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "docs" / "screenshots" / "tmp"



SERVERS: dict = {}  # url -> the server's process, so a test can show the end of its output (serve.server_log)


@pytest.fixture(scope="session")
def server(demo_store):
    try:
        proc, url = start(demo_store, keep_output=True)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    SERVERS[url] = proc
    yield url
    stop(proc)


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    ctx.close()


def settle(page, timeout: float = 60.0, title: str = "visible"):
    """Wait until Streamlit has finished the run: no running indicator, every chart drawn,
    and the main area unchanged for a second (the first paint can be a partial page). ``title="attached"``
    for a page whose title is hidden on purpose (presentation mode hides every page title)."""
    import time

    page.wait_for_selector("[data-testid=stMain] h1", state=title, timeout=timeout * 1000)
    deadline = time.time() + timeout
    last, stable = None, 0
    while time.time() < deadline:
        state = page.evaluate("""() => {
            const main = document.querySelector('[data-testid=stMain]');
            return [!!document.querySelector('[data-testid=stStatusWidget]'),
                    CHARTS_DRAWN(document), main ? main.innerText : ''];
        }""".replace("CHARTS_DRAWN", CHARTS_DRAWN_JS))
        running, drawn, text = state
        if not running and drawn and text == last:
            stable += 1
            if stable >= 4:
                return
        else:
            stable = 0
        last = text
        page.wait_for_timeout(350)
    raise TimeoutError("the page did not settle within %.0f s" % timeout)


def wait_text(page, text: str, timeout: float = 30_000, where: str = "[data-testid=stMain]") -> str:
    """Wait until ``text`` shows in ``where`` (Streamlit can paint a view before its last rerun ends)."""
    page.wait_for_function("([sel, t]) => (document.querySelector(sel)?.innerText || '').includes(t)",
                           arg=[where, text], timeout=timeout)
    return page.inner_text(where)


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    # Streamlit scrolls inside its main block, so grow the viewport to the content for a whole-page shot.
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 6000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path
