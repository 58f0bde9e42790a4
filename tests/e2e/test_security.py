"""Untrusted text in the browser, query-string paths, server hardening and a network-less run.

A store is built from ``tests/fixtures/hostile/payloads/payloads.jsonl``: titles, outlets, bodies,
links and one actor name full of ``<script>``, ``<img onerror>``, ``<iframe>``, ``javascript:`` links,
HTML entities, Markdown links and images, Streamlit's ``:red[...]`` directives, LaTeX, RTL marks and
emoji. The real Streamlit server serves it while every outbound connection is refused and logged
(the server runs under a Python audit hook and with its proxies pointed at a closed port; the
browser aborts and records every request that is not to the server). Every view is visited; no
dialog may open, no element may be injected, no outside request may be made, and the payloads must
show as the text they are.
"""
from __future__ import annotations

import base64
import csv
import ctypes
import http.client
import io
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import FIXTURES
from dashboard.serve import start, stop

from .conftest import settle as _settle

pytestmark = pytest.mark.e2e

PAYLOADS = [json.loads(line) for line in (FIXTURES / "hostile" / "payloads" / "payloads.jsonl").open(encoding="utf-8")]
LATEST = PAYLOADS[-1]
TITLE, OUTLET = LATEST["title"], LATEST["source"]
BODY_MARK = "<script>alert('body')</script> <iframe src=javascript:alert('body')></iframe>"
BODY_MD = ":red[RED BODY] &lt;b&gt;entities&lt;/b&gt; &amp;amp; $\\href{javascript:alert(1)}{math}$"
# One actor name carries a payload too (an analyst rename; NER surfaces can carry the same).
NAME = "<img src=x onerror=alert('name')> :red[RED NAME] ![n](http://203.0.113.13/n.png) Grossi"
NAMED = "person:rafael-grossi"
SECRET = "WIRESCOPE-SENTINEL-SECRET-7f3a"

# The audit hook refuses (and logs) every connection and name lookup that is not to this machine.
GUARD = r'''
import json, os, socket, sys

LOG = os.environ["WIRESCOPE_NETLOG"]
LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", "::", "", None}


def _local(host):
    host = host.decode() if isinstance(host, bytes) else host
    return host in LOCAL or (isinstance(host, str) and host.startswith("127."))


def _log(kind, target):
    with open(LOG, "a") as fh:
        fh.write(json.dumps([kind, repr(target)]) + "\n")


def hook(event, args):
    if event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _log("connect", address)
            raise OSError(101, "Network is unreachable (blocked by the security test)")
    elif event == "socket.getaddrinfo" and not _local(args[0]):
        _log("getaddrinfo", args[0])
        raise socket.gaierror(-2, "Name or service not known (blocked by the security test)")


sys.addaudithook(hook)
if __name__ == "__main__":
    from streamlit.web.cli import main

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(main())
'''
NO_NETWORK = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9",
              "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""}


class Server:
    def __init__(self, url: str, netlog: Path, proc: subprocess.Popen):
        self.url, self.netlog, self.proc = url, netlog, proc
        self.port = int(url.rsplit(":", 1)[1])

    def outbound(self) -> list:
        return [json.loads(x) for x in self.netlog.read_text().splitlines()] if self.netlog.exists() else []


def _start(store: Path, tmp: Path):
    tmp.mkdir(parents=True, exist_ok=True)
    guard, netlog = tmp / "guarded_streamlit.py", tmp / "netlog.jsonl"
    guard.write_text(GUARD)
    try:
        proc, url = start(store, launcher=(sys.executable, str(guard)), keep_output=True,
                          env={**NO_NETWORK, "WIRESCOPE_NETLOG": str(netlog)})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    return Server(url, netlog, proc)


def _stop(server: Server):
    stop(server.proc)


@pytest.fixture(scope="module")
def payload_store(tmp_path_factory):
    from components.build.pipeline import apply_user_edits, process

    root = tmp_path_factory.mktemp("payload")
    out = root / "store"
    process([FIXTURES / "hostile" / "payloads"], out, n_process=1)
    apply_user_edits(out, {"rename": {NAMED: NAME}})
    (root / "secret.txt").write_text(SECRET)  # beside the store, never to be read by the app
    return out


@pytest.fixture(scope="module")
def app(payload_store, tmp_path_factory):
    server = _start(payload_store, tmp_path_factory.mktemp("app"))
    yield server
    _stop(server)


@pytest.fixture(scope="module")
def clean_app(demo_store, tmp_path_factory):
    server = _start(demo_store, tmp_path_factory.mktemp("clean"))
    yield server
    _stop(server)


def _guarded_page(browser, server: Server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    pg.blocked, pg.dialogs, pg.errors = [], [], []
    own = (server.url, server.url.replace("http://", "ws://"), "data:", "blob:", "about:")

    def route(r):
        if r.request.url.startswith(own):
            r.continue_()
        else:
            pg.blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    pg.on("websocket", lambda ws: None if ws.url.startswith(own) else pg.blocked.append(ws.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return ctx, pg


@pytest.fixture()
def page(browser, app):
    ctx, pg = _guarded_page(browser, app)
    yield pg
    ctx.close()


# Anything a payload could have turned into markup. Streamlit itself uses none of these.
INJECTED = """() => {
  const q = s => [...document.querySelectorAll(s)].map(e => e.outerHTML.slice(0, 160));
  const handlers = [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name)));
  const words = /RED (TITLE|BODY|NAME|SENTENCE)|^BLUE$|^bold$|^math$/;
  return {
    'img[src=x]': q('img[src="x"]'),
    'outside image': [...document.images].filter(i => !/^(data:|blob:|https?:\\/\\/127\\.0\\.0\\.1)/.test(i.src)).map(i => i.src),
    'iframe': q('iframe'),
    'javascript: link': q('a[href^="javascript" i], a[href^=" javascript" i], [src^="javascript" i]'),
    'event handler attribute': handlers.map(e => e.outerHTML.slice(0, 160)),
    'payload script': [...document.scripts].filter(s => s.textContent.includes('alert(')).map(s => s.outerHTML.slice(0, 80)),
    'svg onload': q('svg[onload]'),
    'rendered markdown from data': [...document.querySelectorAll(
        '[data-testid=stMain] .stMarkdownColoredText, [data-testid=stMain] strong, [data-testid=stMain] .katex, '
        + '[data-testid=stSidebar] .stMarkdownColoredText, [data-testid=stMain] em')]
        .map(e => e.textContent.trim()).filter(t => words.test(t)),
  };
}"""


def assert_clean(page, server: Server, where: str):
    found = {k: v for k, v in page.evaluate(INJECTED).items() if v}
    assert not page.dialogs, f"{where}: a dialog opened: {page.dialogs}"
    assert not found, f"{where}: injected by article content: {found}"
    assert not page.blocked, f"{where}: the browser tried to reach {page.blocked}"
    assert not server.outbound(), f"{where}: the server tried to reach {server.outbound()}"
    assert page.locator("[data-testid=stException]").count() == 0, f"{where}: an exception is shown"
    assert not page.errors, f"{where}: {page.errors}"


def settle(page, timeout: float = 90.0):
    """The e2e ``settle``, made sure: a cold server can show an unchanging page under a cache spinner."""
    _settle(page, timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=stSpinner], [data-testid=stMain] "
                           "[data-stale=true], [data-testid=stStatusWidget]')", timeout=timeout * 1000)
    _settle(page, timeout)


def select_first_row(page, grid):
    """Tick the first row of a st.dataframe (a canvas grid: click its row-marker cell)."""
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    settle(page)


def main_text(page) -> str:
    return page.inner_text("[data-testid=stMain]")


def chip(text: str) -> str:
    return f"✕ {text[:40]}"


# view -> (query string, what to do once it has settled, texts that must show literally)
def _articles(page):
    select_first_row(page, page.locator("[data-testid=stDataFrame]").first)
    page.wait_for_selector("[data-testid=stMain] h3", timeout=30_000)


def _network(page):
    select_first_row(page, page.locator("[data-testid=stDataFrame]").first)


def _topics(page):
    page.get_by_role("tab", name="Topic detail").click()  # only the open tab runs: the click reruns the page
    page.wait_for_selector("text=Representative headlines", timeout=60_000)
    _settle(page)


VIEWS = {
    "overview": ("?" + urlencode({"source": OUTLET, "actor": NAMED}), None,
                 [chip(f"Outlet: {OUTLET}"), chip(f"Actor: {NAME}"), f"Actors: {NAME} · Outlets: {OUTLET} · "]),
    "network": ("", _network, [f"{OUTLET}: “"]),
    "topics": ("", _topics, [f"{OUTLET} ("]),
    "coverage": ("", None, [f"One outlet, {OUTLET}, supplies"]),
    "articles": ("", _articles, [TITLE, f"{OUTLET} · 01 Jul 2024", BODY_MARK, BODY_MD]),
    "statements": ("", None, []),
    "actor": ("?" + urlencode({"focus": NAMED, "tab": "Sentences"}), None, [f"Sentences naming {NAME}"]),
    "actors": ("", None, []),
    "add": ("", None, []),
}


@pytest.mark.parametrize("view", list(VIEWS))
def test_payloads_stay_text_in_every_view(app, page, view):
    query, act, literal = VIEWS[view]
    page.goto(f"{app.url}/{'' if view == 'overview' else view}{query}")
    settle(page)
    if act:
        act(page)
    text = main_text(page)
    assert_clean(page, app, view)
    for want in literal:
        assert want in text, f"{view}: {want!r} is not shown as written"


def test_article_reader_shows_the_title_as_written(app, page):
    page.goto(f"{app.url}/articles")
    settle(page)
    _articles(page)
    heading = page.locator("[data-testid=stMain] h3").first
    assert heading.inner_text().strip() == TITLE
    assert heading.locator("img, strong, em, .katex, span.stMarkdownColoredText, a[href^='javascript' i]").count() == 0
    body = main_text(page)
    assert LATEST["text"][-200:] in body  # the reader's body, every character escaped
    # each highlight's hover names the actor and the rule that resolved it, as plain attribute text
    titles = page.eval_on_selector_all("[data-testid=stMain] mark", "els => els.map(e => e.getAttribute('title'))")
    assert titles and all("\nResolved as " in t for t in titles), titles[:3]
    assert_clean(page, app, "article reader")


def _hover_bars(page, chart, needle: str) -> str:
    chart.scroll_into_view_if_needed()
    bars = chart.locator(".barlayer .point path")
    for i in range(bars.count()):
        box = bars.nth(i).bounding_box()
        if not box or box["width"] < 1:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            page.wait_for_function("(n) => [...document.querySelectorAll('.hoverlayer')].some(h => "
                                   "h.textContent.includes(n))", arg=needle, timeout=3000)
        except Exception:  # noqa: BLE001 - not this bar's label; try the next one
            continue
        return page.evaluate("(n) => [...document.querySelectorAll('.hoverlayer')].map(h => h.textContent)"
                             ".find(t => t.includes(n))", needle)
    raise AssertionError(f"no bar's hover label mentions {needle!r}")


def test_plotly_hover_labels_show_payloads_as_text(app, page):
    page.goto(f"{app.url}/coverage?tab=By+outlet")
    settle(page)
    outlets = page.locator("[data-testid=stPlotlyChart]").last
    label = _hover_bars(page, outlets, "Bold Outlet")
    assert f"{OUTLET}: " in label  # the whole outlet name, tags and all, as text
    assert page.locator(".hoverlayer img, .hoverlayer a, .hoverlayer [style*='bold']").count() == 0
    page.goto(f"{app.url}/")
    settle(page)
    actors = page.locator("[data-testid=stPlotlyChart]").nth(1)
    label = _hover_bars(page, actors, "RED NAME")
    assert NAME[:40] in label
    assert page.locator(".hoverlayer img, .hoverlayer a").count() == 0
    assert not page.dialogs and not page.errors
    assert not [u for u in page.blocked if "203.0.113.13" in u], "the hover label loaded the name's image"


def test_csv_exports_hold_no_spreadsheet_formulas(app, page, tmp_path):
    """A title such as ``=HYPERLINK(...)`` must not become a live formula in the analyst's spreadsheet."""
    page.goto(f"{app.url}/articles")
    settle(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Table (CSV)").click()
    path = tmp_path / "articles.csv"
    dl.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    titles = [r[3] for r in rows[1:]]
    assert any("HYPERLINK" in t for t in titles), "the formula payload is in the export"
    risky = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")
             and not re.fullmatch(r"[-+]?\d[\d.,eE+-]*", c)]
    assert not risky, f"cells a spreadsheet would run as formulas: {risky[:3]}"


# ---- paths in the query string --------------------------------------------------------------------------

class Inotify:
    """Linux inotify on one file: did anyone open or read it?"""

    IN_ACCESS, IN_OPEN = 0x1, 0x20

    def __init__(self, path: Path):
        self.libc = ctypes.CDLL("libc.so.6", use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0 and self.libc.inotify_add_watch(self.fd, str(path).encode(),
                                                            self.IN_ACCESS | self.IN_OPEN) >= 0

    def events(self) -> int:
        n = 0
        while True:
            try:
                n += len(os.read(self.fd, 65536))
            except BlockingIOError:
                return n

    def close(self):
        os.close(self.fd)


def test_query_string_paths_give_a_notice_and_read_no_file(app, page, payload_store):
    secret = payload_store.parent / "secret.txt"
    watch = Inotify(secret)
    try:
        secret.read_text()
        assert watch.events() > 0, "the watch sees a read (calibration)"
        visits = {
            "actor?" + urlencode({"focus": "../../etc/passwd"}):
                ["The link's actor “../../etc/passwd” is not in this store and was left out."],
            "?" + urlencode({"source": "../../x"}): ["The link's outlet “../../x” is not in this store"],
            "?" + urlencode([("source", "../secret.txt"), ("actor", str(secret)), ("country", "../../../etc/passwd"),
                             ("topic", "../1"), ("atype", "/etc/shadow"), ("cmode", "../x"), ("from", "../x"),
                             ("to", "/etc/passwd"), ("q", "../secret.txt")]):
                ["The link's outlet “../secret.txt” is not in this store", f"The link's actor "
                 f"“{str(secret)[:60]}” is not in this store", "The link's country “../../../etc/passwd” is not in",
                 "The link's topic “../1”", "The link's actor type “/etc/shadow”", "The link's country setting “../x”",
                 "The link's start date “../x”", "The link's end date “/etc/passwd”"],
            "actor?" + urlencode({"focus": str(secret)}): [f"The link's actor “{str(secret)[:60]}” is not in this store"],
            "articles?" + urlencode({"q": "/etc/passwd"}): [],
        }
        for path, notes in visits.items():
            page.goto(f"{app.url}/{path}")
            settle(page)
            text = main_text(page)
            for note in notes:
                assert note in text, f"{path}: no notice {note!r}"
            assert SECRET not in page.content() and "root:x:0:0" not in page.content()
            assert_clean(page, app, path)
        assert watch.events() == 0, "the app opened a file named in the query string"
    finally:
        watch.close()


def _raw_get(server: Server, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        con.putrequest("GET", path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            con.putheader(k, v)
        con.endheaders()
        r = con.getresponse()
        return r.status, r.read(), dict(r.getheaders())
    finally:
        con.close()


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/app/static/../../../../../etc/passwd",
    "/media/..%2f..%2f..%2f..%2fetc%2fpasswd", "/component/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/_stcore/..%2f..%2f..%2f..%2fetc%2fpasswd", "/../secret.txt", "/%2e%2e%2fsecret.txt",
    "/?" + urlencode({"focus": "../../etc/passwd"}),
])
def test_server_paths_cannot_reach_files(app, path):
    status, body, _ = _raw_get(app, path)
    assert b"root:x:0:0" not in body and SECRET.encode() not in body, f"{path} -> {status}"


# ---- server hardening, live ----------------------------------------------------------------------------

def _ws_handshake(server: Server, origin: str) -> str:
    s = socket.create_connection(("127.0.0.1", server.port), timeout=15)
    try:
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   f"Origin: {origin}\r\n\r\n").encode())
        return s.recv(4096).split(b"\r\n", 1)[0].decode()
    finally:
        s.close()


def test_other_sites_cannot_use_the_app(app):
    """A page on another site must not read the app's responses (CORS) or open its WebSocket (the session)."""
    assert " 101 " in _ws_handshake(app, app.url), "same-origin WebSocket works (the check itself works)"
    status = _ws_handshake(app, "http://evil.example")
    assert " 101 " not in status, f"a WebSocket from another origin was accepted: {status}"
    _, _, headers = _raw_get(app, "/_stcore/health", {"Origin": "http://evil.example"})
    allow = {k.lower(): v for k, v in headers.items()}.get("access-control-allow-origin")
    assert allow not in ("*", "http://evil.example"), f"Access-Control-Allow-Origin: {allow}"


def test_uploads_need_the_xsrf_token(app):
    con = http.client.HTTPConnection("127.0.0.1", app.port, timeout=15)
    try:
        body = b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhi\r\n--x--\r\n"
        con.request("PUT", "/_stcore/upload_file/session/file", body=body,
                    headers={"Content-Type": "multipart/form-data; boundary=x", "Origin": "http://evil.example"})
        r = con.getresponse()
        assert r.status == 403, r.status
    finally:
        con.close()


def test_the_guard_blocks_and_logs_outbound_connections(tmp_path):
    """The server's network guard really refuses connections and lookups (so an empty log means something)."""
    guard, log = tmp_path / "guard.py", tmp_path / "log.jsonl"
    guard.write_text(GUARD.split('if __name__ == "__main__":')[0] + """
import socket
for attempt in (lambda: socket.socket().connect(("203.0.113.1", 80)), lambda: socket.getaddrinfo("example.com", 80)):
    try:
        attempt()
        print("CONNECTED")
    except OSError as exc:
        print("refused", type(exc).__name__)
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2).close()
print("local ok")
""")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        done = subprocess.run([sys.executable, str(guard), str(listener.getsockname()[1])], capture_output=True,
                              text=True, timeout=60, env={**os.environ, "WIRESCOPE_NETLOG": str(log)})
    assert "CONNECTED" not in done.stdout and done.stdout.count("refused") == 2 and "local ok" in done.stdout, done
    kinds = [json.loads(x)[0] for x in log.read_text().splitlines()]
    assert kinds == ["connect", "getaddrinfo"]


CLEAN_VIEWS = {"": "Overview", "network": "Network", "topics": "Topics", "coverage": "Coverage over time",
               "articles": "Articles", "statements": "Statements", "actor": "Actor profile", "actors": "Actors",
               "add": "Add articles"}


def test_every_view_renders_with_the_network_blocked(browser, clean_app):
    """The demo store, served by a server that can reach nothing but this machine, in a browser that can
    reach nothing but the server: every view draws, and nobody tried to go outside."""
    ctx, pg = _guarded_page(browser, clean_app)
    try:
        for path, title in CLEAN_VIEWS.items():
            pg.goto(f"{clean_app.url}/{path}")
            settle(pg)
            assert pg.locator("[data-testid=stMain] h1").first.inner_text().strip() == title
            if path in ("", "network", "topics", "coverage", "actor"):
                assert pg.locator("[data-testid=stPlotlyChart] .main-svg").count() >= 1, f"/{path} drew no chart"
            assert_clean(pg, clean_app, f"/{path}")
        # The map and the fonts are bundled; nothing was fetched from anywhere else.
        requests = pg.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        assert all(u.startswith((clean_app.url, "data:", "blob:")) for u in requests), \
            [u for u in requests if not u.startswith(clean_app.url)][:5]
    finally:
        ctx.close()


def test_svg_export_keeps_payloads_as_text():
    """The server-side SVG of a chart with payload labels holds text, never markup or links."""
    import xml.etree.ElementTree as ET

    import pandas as pd

    from components.present.charts import source_mix_figure
    from components.present.render import figure_bytes

    mix = pd.DataFrame({"source": [OUTLET, NAME, "Calm Wire"], "count": [5, 3, 1], "share": [0.55, 0.33, 0.12]})
    svg = figure_bytes(source_mix_figure(mix, subtitle=f"Outlets: {OUTLET}", foot="Wirescope"), "svg")
    root = ET.fromstring(svg)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert not tags & {"script", "foreignObject", "iframe", "img", "image", "a"}, tags
    for el in root.iter():
        for k, v in el.attrib.items():
            assert not k.lower().startswith("on") and "javascript:" not in v.lower(), (k, v)
    text = "".join(root.itertext())
    assert "<b>Bold Outlet</b>" in text and ":blue[BLUE]" in text
