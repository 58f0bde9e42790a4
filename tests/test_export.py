"""Server-side export: the files are opened and their content checked (sizes, text as text, slides, notes)."""
from __future__ import annotations

import io
import threading
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime, timezone

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from components.present import render
from components.present.charts import bar_figure, coverage_figure, network_figure
from components.present.export import export_name, figure_table
from components.present.pack import _display, briefing_pack
from components.present.render import ChromiumNotFound, Renderer, figure_bytes
from components.analysis.network import cooccurrence_graph
from components.present.network_layout import layout
from components.present.theme import footer

GENERATED = datetime(2026, 11, 24, 14, 5, tzinfo=timezone.utc)
FOOT = footer("3f9a21c", GENERATED)
SUB = "Countries: North Korea · 12 articles from 3 outlets · 2 Jan 2023 to 16 Jan 2023"
LINK = "http://localhost:8501/coverage?country=PRK&from=2023-01-01"


def svg_text(svg: bytes) -> str:
    """All text drawn as SVG text elements (not paths), joined."""
    root = ET.fromstring(svg)
    return " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("}text"))


def pdf_text(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def renderer():
    r = Renderer()
    yield r
    r.close()


@pytest.fixture(scope="module")
def cov_fig():
    cov = pd.DataFrame({"period": pd.to_datetime(["2023-01-02", "2023-01-09", "2023-01-16"]), "series": "All",
                        "count": [3, 5, 4], "total": [3, 5, 4], "share": [1.0] * 3, "small_n": [True] * 3,
                        "rolling": [float("nan")] * 3})
    return cov, coverage_figure(cov, title="Coverage of North Korea by week", subtitle=SUB, foot=FOOT)


@pytest.fixture(scope="module")
def pack_items(cov_fig):
    cov, f_cov = cov_fig
    f_bar = bar_figure(["Kim Jong Un", "Yoon Suk Yeol", "IAEA"], [7, 4, 2], title="Most covered actors",
                       subtitle=SUB, foot=FOOT)
    m = pd.DataFrame({"article_id": ["1", "1", "2", "2", "3", "3"], "entity_id": ["a", "b", "a", "b", "a", "c"]})
    G = cooccurrence_graph(m, score="count", min_weight=1)
    for n in G:
        G.nodes[n].update(name=f"Actor {n.upper()}", type="person", country="", mentions=2)
    f_net = network_figure(G, layout(G), title="Who is covered together", subtitle=SUB, foot=FOOT)
    top = pd.DataFrame({"outlet": ["Reuters", "KCNA"] * 7,
                        "date": pd.to_datetime([f"2023-01-{d:02d}" for d in range(2, 16)], utc=True),
                        "title": [f"Headline number {i}" for i in range(14)]})
    overview = pd.DataFrame({"measure": ["Articles", "Outlets"], "value": [12, 3]})
    return [
        {"title": "Overview", "figure": None, "table": overview, "caption": SUB, "notes": "Store counts"},
        {"title": "Coverage of North Korea by week", "figure": f_cov, "table": cov, "caption": SUB,
         "notes": "Outlets: Reuters, KCNA, Yonhap"},
        {"title": "Most covered actors", "figure": f_bar, "table": None, "caption": SUB, "notes": "Mentions"},
        {"title": "Who is covered together", "figure": f_net, "table": None, "caption": SUB, "notes": "Co-occurrence"},
        {"title": "Top articles", "figure": None, "table": top, "caption": SUB, "notes": "Newest first"},
    ]


@pytest.fixture(scope="module")
def pack(pack_items, renderer):
    return briefing_pack(pack_items, title="North Korea, January 2023", link=LINK, store_hash="3f9a21c",
                         generated=GENERATED, filters_slug="PRK", renderer=renderer)


# -- one chart ---------------------------------------------------------------------------------------------

def test_png_is_slide_size_at_scale_2(cov_fig, renderer):
    png = figure_bytes(cov_fig[1], "png", renderer=renderer)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (3200, 1800)


def test_png_square_size_and_scale(cov_fig, renderer):
    img = Image.open(io.BytesIO(figure_bytes(cov_fig[1], "png", size="square", scale=1, renderer=renderer)))
    assert img.size == (1200, 1200)


def test_svg_keeps_title_caption_and_footer_as_text(cov_fig, renderer):
    svg = figure_bytes(cov_fig[1], "svg", renderer=renderer)
    text = svg_text(svg)
    assert "Coverage of North Korea by week" in text
    assert "12 articles from 3 outlets" in text
    assert "Wirescope · store 3f9a21c · generated 2026-11-24 14:05 UTC" in text
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 1600 900"


def test_pdf_is_one_vector_page_with_the_caption(cov_fig, renderer):
    pdf = figure_bytes(cov_fig[1], "pdf", renderer=renderer)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 1200 and round(float(box.height)) == 675  # 1600x900 px at 0.75 pt/px
    text = reader.pages[0].extract_text()
    assert "Coverage of North Korea by week" in text and "store 3f9a21c" in text


def test_threads_share_one_browser_and_get_their_own_figure(renderer):
    titles = [f"Chart number {i}" for i in range(4)]
    figs = [bar_figure(["a", "b"], [i + 1, 2], title=t, foot=FOOT) for i, t in enumerate(titles)]
    out: dict = {}

    def work(i):
        out[i] = figure_bytes(figs[i], "svg", renderer=renderer)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(out) == [0, 1, 2, 3]
    for i, t in enumerate(titles):
        text = svg_text(out[i])
        assert t in text and all(o not in text for o in titles if o != t)


def test_renderer_starts_lazily_and_again_after_close():
    r = Renderer()
    assert not r.running
    fig = bar_figure(["a"], [1], title="Restart")
    assert figure_bytes(fig, "pdf", renderer=r).startswith(b"%PDF")
    assert r.running
    r.close()
    assert not r.running
    assert figure_bytes(fig, "png", scale=1, renderer=r).startswith(b"\x89PNG")
    r.close()


def test_renderer_recovers_when_the_browser_dies():
    r = Renderer(timeout=30)
    fig = bar_figure(["a"], [1], title="Survivor")
    assert figure_bytes(fig, "svg", renderer=r).startswith(b"<svg")
    r._kaleido.subprocess.kill()  # the browser this renderer started, and only it
    r._kaleido.subprocess.wait(10)
    assert "Survivor" in svg_text(figure_bytes(fig, "svg", renderer=r))
    r.close()


def _process_tree(pid: int) -> list[int]:
    """``pid`` and every process under it, from /proc (Linux)."""
    from pathlib import Path

    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(parents.get(p, []))
    return tree


def _running(pid: int) -> bool:
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_browser_that_never_starts_is_an_error_and_is_not_left_running(tmp_path):
    """A "Chromium" that never answers: a clear error after the timeout, tried twice, and no process left."""
    import os
    import subprocess

    fake = tmp_path / "chromium"
    fake.write_text(f"#!/bin/sh\necho $$ >> {tmp_path / 'pids'}\nexec sleep 60\n")
    fake.chmod(0o755)
    r = Renderer(str(fake), timeout=5)
    with pytest.raises(render.RenderStalled, match="did not start in 5 s"):
        r.render(bar_figure(["a"], [1], title="Never"), fmt="svg", width=100, height=100)
    assert not r.running
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()] if (tmp_path / "pids").exists() else []
    assert len(pids) <= 2  # one start per try (a start killed before it ran the script writes none)
    _gone(pids)


def _gone(pids: list[int]) -> None:
    """Every process in ``pids`` ends within 10 s: a SIGKILL is delivered, not instant."""
    import time

    for _ in range(100):
        left = [p for p in pids if _running(p)]
        if not left:
            return
        time.sleep(0.1)
    raise AssertionError(f"still running: {left}")


def test_renderer_replaces_a_browser_that_stops_answering():
    """A frozen browser (every one of its processes stopped) is killed after ``timeout`` seconds without a
    finished render, and only the renders it had not finished are queued on a new one."""
    import os
    import signal

    r = Renderer(timeout=5)
    figs = [bar_figure(["a"], [i + 1], title=f"Frozen {i}") for i in range(4)]
    assert figure_bytes(figs[0], "svg", renderer=r).startswith(b"<svg")
    frozen = r._kaleido
    tree = _process_tree(frozen.subprocess.pid)
    assert len(tree) > 1  # Chromium's renderer and helpers, not only its browser process
    for p in tree:
        os.kill(p, signal.SIGSTOP)
    seen = []
    try:
        out = r.render_many([render.figure_spec(f, "svg", 400, 300, 1) for f in figs],
                            progress=lambda done, total: seen.append((done, total)))
        _gone(tree)  # the frozen browser is gone, helpers and all
    finally:
        for p in tree:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert r._kaleido is not None and r._kaleido is not frozen
    assert [f"Frozen {i}" in svg_text(b) for i, b in enumerate(out)] == [True] * 4
    assert seen[-1] == (4, 4) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    r.close()


def test_renderer_gives_up_after_a_second_stall():
    """Two browsers in a row that finish nothing: a clear error, not a wait without end."""
    import concurrent.futures

    class Frozen(Renderer):
        def __init__(self):
            super().__init__(timeout=0.2)
            self.started = 0
            self.killed = 0

        def _submit(self, specs):
            self.started += 1
            return object(), self._watched([concurrent.futures.Future() for _ in specs])  # never finish

        def close(self, _only=None, *, kill=False):
            self.killed += kill

    r = Frozen()
    with pytest.raises(render.RenderStalled, match="No chart finished rendering in 0.2 s \\(0 of 2 done\\)"):
        r.render_many([{}, {}])
    assert (r.started, r.killed) == (2, 2)


def test_renders_queued_behind_another_threads_are_not_stalled():
    """Renders waiting behind another thread's long queue on the one browser: no stall while that queue moves."""
    import concurrent.futures

    class Busy(Renderer):
        def __init__(self):
            super().__init__(timeout=0.3)
            self.started, self.mine = 0, []

        def _submit(self, specs):
            self.started += 1
            self.mine = self._watched([concurrent.futures.Future() for _ in specs])
            return object(), self.mine

        def close(self, _only=None, *, kill=False):
            raise AssertionError("a busy browser was closed")

    r = Busy()

    def other_thread():  # 1.2 s of another thread's renders finishing every 0.1 s, then ours
        import time

        for _ in range(12):
            time.sleep(0.1)
            f = r._watched([concurrent.futures.Future()])[0]
            f.set_result(b"theirs")
        for i, f in enumerate(r.mine):
            f.set_result(f"mine {i}".encode())

    t = threading.Thread(target=other_thread)
    t.start()
    assert r.render_many([{}, {}]) == [b"mine 0", b"mine 1"]
    t.join()
    assert r.started == 1


def test_a_bad_figure_fails_without_restarting_the_browser(renderer, cov_fig):
    figure_bytes(cov_fig[1], "svg", renderer=renderer)
    browser = renderer._kaleido
    with pytest.raises(TypeError):
        renderer.render_many([{"fig": {"layout": {}}, "format": "svg", "width": 100, "height": 100, "scale": 1}])
    assert renderer._kaleido is browser


def test_default_renderer_is_one_per_process(cov_fig):
    assert render.default_renderer() is render.default_renderer()
    assert figure_bytes(cov_fig[1], "svg").startswith(b"<svg")


def test_bad_arguments_name_the_rule(cov_fig):
    with pytest.raises(ValueError, match="fmt == 'gif'"):
        figure_bytes(cov_fig[1], "gif")
    with pytest.raises(ValueError, match="size == 'poster'"):
        figure_bytes(cov_fig[1], "png", size="poster")
    with pytest.raises(ValueError, match="scale == 0"):
        figure_bytes(cov_fig[1], "png", scale=0)


def test_missing_chromium_names_the_fix(monkeypatch, cov_fig):
    with pytest.raises(ChromiumNotFound, match="apt-get install chromium"):
        Renderer(browser_path="/nonexistent/chromium").render(cov_fig[1], fmt="png", width=100, height=100)
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(ChromiumNotFound, match="BROWSER_PATH='/nonexistent/chromium'"):
        render.find_chromium()


def test_find_chromium_sets_browser_path_when_unset(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    path = render.find_chromium()
    assert path.endswith(("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"))
    import os

    assert os.environ["BROWSER_PATH"] == path


# -- names and data ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, slug, fmt, expected", [
    ("Coverage of North Korea, by month", "PRK", "png", "coverage-of-north-korea-by-month_PRK_2026-11-24.png"),
    ("Who is covered together", "", "svg", "who-is-covered-together_2026-11-24.svg"),
    ("Kim Jong Un’s visits: Pyongyang → Moscow", "person:kim-jong-un", "pdf",
     "kim-jong-uns-visits-pyongyang-moscow_person-kim-jong-un_2026-11-24.pdf"),
    ("../../etc/passwd", "../x", "csv", "etc-passwd_x_2026-11-24.csv"),
    ("", "", "csv", "chart_2026-11-24.csv"),
])
def test_export_name(title, slug, fmt, expected):
    assert export_name(title, slug, fmt, when=date(2026, 11, 24)) == expected


def test_export_name_rejects_odd_extensions():
    with pytest.raises(ValueError, match="fmt == 'p/ng'"):
        export_name("x", "", "p/ng")


def test_figure_table_reads_bars_and_skips_network_edges(pack_items):
    bars = figure_table(pack_items[2]["figure"])
    assert bars["y"].tolist() == ["IAEA", "Yoon Suk Yeol", "Kim Jong Un"] and bars["x"].tolist() == [2, 4, 7]
    net = figure_table(pack_items[3]["figure"])
    assert len(net) == 3  # the three nodes; edge traces are drawing, not data


def test_table_cells_are_written_for_people():
    import numpy as np

    t = pd.DataFrame({"terms": [np.array(["missile", "launch"]), []], "size": np.array([1234, 5]),
                      "share": [0.25, float("nan")], "low": [True, False],
                      "published": pd.to_datetime(["2023-01-02", "2024-06-30"], utc=True), "title": ["x" * 120, "y"]})
    shown = _display(t)
    assert shown.iloc[0].tolist() == ["missile, launch", "1,234", "0.25", "yes", "2 Jan 2023", "x" * 87 + "…"]
    assert shown.iloc[1].tolist() == ["", "5", "", "no", "30 Jun 2024", "y"]


# -- the briefing pack -------------------------------------------------------------------------------------

def test_pack_has_three_files(pack):
    assert sorted(pack) == ["briefing.pdf", "briefing.pptx", "briefing.zip"]


def test_pptx_slides_titles_and_notes(pack):
    prs = Presentation(io.BytesIO(pack["briefing.pptx"]))
    slides = list(prs.slides)
    titles = [s.shapes.title.text for s in slides]
    assert titles == ["North Korea, January 2023", "Overview", "Coverage of North Korea by week",
                      "Most covered actors", "Who is covered together", "Top articles (1/2)", "Top articles (2/2)"]
    assert prs.slide_width * 9 == prs.slide_height * 16
    first = slides[0]
    assert any(LINK in sh.text_frame.text for sh in first.placeholders if sh.has_text_frame)
    assert "3f9a21c" in first.notes_slide.notes_text_frame.text
    for s in slides[1:]:
        notes = s.notes_slide.notes_text_frame.text
        assert SUB in notes and LINK in notes and "store 3f9a21c" in notes
    assert "Sources: Outlets: Reuters, KCNA, Yonhap" in slides[2].notes_slide.notes_text_frame.text


def test_pptx_chart_slides_are_full_slide_pictures(pack):
    prs = Presentation(io.BytesIO(pack["briefing.pptx"]))
    for s in list(prs.slides)[2:5]:
        pics = [sh for sh in s.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pics) == 1
        pic = pics[0]
        assert (pic.left, pic.top, pic.width, pic.height) == (0, 0, prs.slide_width, prs.slide_height)
        assert Image.open(io.BytesIO(pic.image.blob)).size == (3200, 1800)
        assert s.shapes.title.text in pic._element.nvPicPr.cNvPr.get("descr")


def test_pptx_table_slides_have_at_most_12_rows(pack):
    prs = Presentation(io.BytesIO(pack["briefing.pptx"]))
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    overview, top1, top2 = tables
    assert [c.text for c in overview.rows[0].cells] == ["measure", "value"]
    assert [c.text for c in top1.rows[0].cells] == ["outlet", "date", "title"]
    assert len(top1.rows) == 1 + 12 and len(top2.rows) == 1 + 2
    assert [c.text for c in top1.rows[1].cells] == ["Reuters", "2 Jan 2023", "Headline number 0"]
    assert top2.rows[2].cells[2].text == "Headline number 13"


def test_pdf_first_page_then_one_page_per_chart(pack):
    data = pack["briefing.pdf"]
    reader = PdfReader(io.BytesIO(data))
    pages = pdf_text(data)
    # cover + overview table + 3 charts + 2 pages of top articles
    assert len(pages) == 1 + 1 + 3 + 2
    assert "North Korea, January 2023" in pages[0] and LINK in pages[0] and "3f9a21c" in pages[0]
    assert "Coverage of North Korea by week" in pages[2] and "12 articles from 3 outlets" in pages[2]
    assert "Who is covered together" in pages[4]
    assert "Headline number 0" in pages[5] and "Headline number 13" in pages[6]
    assert [o.title for o in reader.outline] == ["Overview", "Coverage of North Korea by week",
                                                  "Most covered actors", "Who is covered together", "Top articles"]
    assert reader.metadata.title == "North Korea, January 2023"


def test_zip_holds_images_csvs_and_readme(pack, pack_items):
    z = zipfile.ZipFile(io.BytesIO(pack["briefing.zip"]))
    names = z.namelist()
    expected = {"README.txt"}
    for it in pack_items:
        stem = export_name(it["title"], "PRK", "csv", when=GENERATED)[:-4]
        expected.add(stem + ".csv")
        if it["figure"] is not None:
            expected |= {stem + ".png", stem + ".svg"}
    assert set(names) == expected and len(names) == 1 + 2 + 3 * 3
    readme = z.read("README.txt").decode()
    assert LINK in readme and "3f9a21c" in readme
    png = Image.open(io.BytesIO(z.read("most-covered-actors_PRK_2026-11-24.png")))
    assert png.size == (3200, 1800)
    assert "Most covered actors" in svg_text(z.read("most-covered-actors_PRK_2026-11-24.svg"))
    top = pd.read_csv(io.BytesIO(z.read("top-articles_PRK_2026-11-24.csv")))
    assert top.columns.tolist() == ["outlet", "date", "title"] and len(top) == 14
    cov = pd.read_csv(io.BytesIO(z.read("coverage-of-north-korea-by-week_PRK_2026-11-24.csv")))
    assert cov["count"].tolist() == [3, 5, 4]


def test_pack_refuses_an_empty_item(renderer):
    with pytest.raises(ValueError, match=r"items\[0\] \('Nothing'\) has neither a figure nor a table"):
        briefing_pack([{"title": "Nothing", "figure": None, "table": None, "caption": "", "notes": ""}],
                      title="t", link="", store_hash="x", generated=GENERATED, renderer=renderer)
