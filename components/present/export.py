"""Server-side export: one chart as PNG, SVG or PDF, and the briefing pack (PPTX, PDF, zip).

Figures are rendered by Plotly's kaleido in one long-lived headless Chromium per process,
started on the first export and shared by every thread (the dashboard serves several users
in threads). Start-up costs seconds; each later chart a fraction of a second. SVG and PDF
keep text as text; PNG is rendered at ``scale`` times the slide size.

Examples
--------
>>> export_name("Coverage of North Korea, by month", "PRK", "png", when=date(2026, 11, 24))
'coverage-of-north-korea-by-month_PRK_2026-11-24.png'
>>> [len(p) for p in table_pages(pd.DataFrame({"n": range(30)}), rows=12)]
[12, 12, 6]
>>> print(csv_bytes(pd.DataFrame({"title": ['=HYPERLINK("http://x")', "-3.5", "@sum"], "n": [-1, 2, 3]})).decode())
title,n
"'=HYPERLINK(""http://x"")",-1
-3.5,2
'@sum,3
<BLANKLINE>
"""
from __future__ import annotations

import asyncio
import atexit
import html
import io
import os
import re
import shutil
import threading
import time
import unicodedata
import zipfile
from datetime import date, datetime, timezone

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.errors import WirescopeError
from components.present.theme import EXPORT_SIZES, SEQUENTIAL, footer, stamp

__all__ = ["ChromiumNotFound", "Renderer", "find_chromium", "default_renderer", "figure_bytes", "export_name",
           "figure_table", "table_pages", "briefing_pack", "csv_bytes", "FORMATS", "MIME"]

FORMATS = ("png", "svg", "pdf")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "zip": "application/zip",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser",
              "google-chrome", "google-chrome-stable")
TABLE_ROWS = 12  # rows per table slide / page: readable when projected


_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[-+]?\d[\d.,eE+-]*$")


def _defuse(value):
    """A cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first), quoted
    with a leading apostrophe as OWASP advises; numbers written as text stay as they are."""
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV that is safe to open in Excel, LibreOffice or Google Sheets: article
    text is untrusted, and a title such as ``=HYPERLINK(...)`` must stay text (CSV injection)."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_defuse)
    out.columns = [_defuse(str(c)) for c in out.columns]
    return out.to_csv(index=False).encode("utf-8")


class ChromiumNotFound(WirescopeError):
    """No Chromium to render figures with (server-side PNG/SVG/PDF export needs one)."""


def find_chromium() -> str:
    """The Chromium executable: ``BROWSER_PATH`` when set, else the usual places (and set ``BROWSER_PATH``)."""
    fix = ("Install it with `sudo apt-get install chromium` (./wirescope install does this) "
           "or set BROWSER_PATH to a Chrome/Chromium executable.")
    env = os.environ.get("BROWSER_PATH")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise ChromiumNotFound(f"BROWSER_PATH={env!r} is not an executable file. {fix}")
    for name in CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            os.environ["BROWSER_PATH"] = path  # kaleido/choreographer read it too
            return path
    raise ChromiumNotFound(f"No Chromium found for chart export (looked for {', '.join(CANDIDATES)}). {fix}")


class Renderer:
    """One headless Chromium (through kaleido) on a private event loop, shared by every calling thread.

    Starts lazily on the first :meth:`render`; a browser that died is restarted once per call.
    ``tabs`` renders run at the same time (1 suits a 2-core machine).
    """

    def __init__(self, browser_path: str | None = None, *, timeout: float = 60.0, tabs: int = 1):
        self.browser_path = browser_path
        self.timeout = timeout
        self.tabs = tabs
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> "Renderer":
        with self._lock:
            if self._kaleido is not None:
                return self
            import kaleido
            from choreographer.errors import ChromeNotFoundError

            path = self.browser_path or find_chromium()
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise ChromiumNotFound(f"browser_path={path!r} is not an executable file. Install Chromium "
                                       "(`sudo apt-get install chromium`) or pass the path of one.")
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="wirescope-export", daemon=True)
            thread.start()

            async def open_browser():
                # mathjax=False: kaleido would otherwise fetch MathJax from a CDN, and we are offline.
                k = kaleido.Kaleido(n=self.tabs, timeout=self.timeout, mathjax=False, path=path)
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(self.timeout)
            except ChromeNotFoundError as e:
                self._stop_loop(loop, thread)
                raise ChromiumNotFound(f"{e} Install Chromium (`sudo apt-get install chromium`) "
                                       "or set BROWSER_PATH.") from None
            except BaseException:
                self._stop_loop(loop, thread)
                raise
            self._loop, self._thread = loop, thread
            return self

    @staticmethod
    def _stop_loop(loop, thread) -> None:
        async def cancel_rest():
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in rest:
                t.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        try:
            asyncio.run_coroutine_threadsafe(cancel_rest(), loop).result(10)
        except Exception:  # noqa: BLE001 - best effort: the loop is being thrown away
            pass
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        if not thread.is_alive():
            loop.close()

    def close(self, _only=None) -> None:
        """Close the browser; the next :meth:`render` starts a new one."""
        with self._lock:
            if _only is not None and self._kaleido is not _only:
                return  # another thread already replaced the browser that failed
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        if k is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(20)
        except Exception:  # noqa: BLE001 - a browser that already died cannot be closed politely
            pass
        self._stop_loop(loop, thread)

    def _submit(self, specs: list[dict]):
        while True:
            self.start()
            with self._lock:
                k, loop = self._kaleido, self._loop
            if k is not None:
                break  # else closed by another thread between start() and here: start again
        return k, [asyncio.run_coroutine_threadsafe(
            k.calc_fig(s["fig"], opts={o: s[o] for o in ("format", "width", "height", "scale")}), loop)
            for s in specs]

    def _collect(self, futures) -> list[bytes]:
        deadline = time.monotonic() + self.timeout * len(futures)
        try:
            return [f.result(max(0.1, deadline - time.monotonic())) for f in futures]
        finally:
            for f in futures:
                f.cancel()  # no-op for finished ones; frees the queue when one failed

    def render_many(self, specs: list[dict]) -> list[bytes]:
        """Render ``{"fig": dict, "format", "width", "height", "scale"}`` specs, queued together."""
        from kaleido.errors import JavascriptError, KaleidoError

        k, futures = self._submit(specs)
        try:
            return self._collect(futures)
        except (ValueError, TypeError, AttributeError, JavascriptError, KaleidoError):
            raise  # a bad figure or option: a new browser would not help
        except Exception:  # noqa: BLE001 - the browser died or hung: restart it once
            self.close(_only=k)
            return self._collect(self._submit(specs)[1])

    def render(self, fig, *, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        return self.render_many([_spec(fig, fmt, width, height, scale)])[0]


_default: Renderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> Renderer:
    """The process-wide renderer (created once, browser started on first use, closed at exit)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Renderer()
            atexit.register(_default.close)
        return _default


def _size(size: str) -> tuple[int, int]:
    if size not in EXPORT_SIZES:
        raise ValueError(f"size == {size!r}, must be one of {sorted(EXPORT_SIZES)}")
    return EXPORT_SIZES[size]


def _spec(fig, fmt: str, width: int, height: int, scale: float) -> dict:
    if fmt not in FORMATS:
        raise ValueError(f"fmt == {fmt!r}, must be one of {FORMATS}")
    if not scale > 0:
        raise ValueError(f"scale == {scale!r}, must be > 0")
    # A copy taken in the caller's thread: the browser thread never touches the live figure.
    data = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
    # Scale multiplies pixels only; vector files keep the nominal size (px in SVG, 0.75 pt per px in PDF).
    return {"fig": data, "format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}


def figure_bytes(fig: go.Figure, fmt: str, *, size: str = "slide", scale: float = 2,
                 renderer: Renderer | None = None) -> bytes:
    """Render ``fig`` as ``png``, ``svg`` or ``pdf`` at a briefing size.

    Parameters
    ----------
    fig : go.Figure
        A stamped figure (its caption is part of the layout).
    fmt : {"png", "svg", "pdf"}
    size : {"slide", "square"}
        1600x900 or 1200x1200 (``components.present.theme.EXPORT_SIZES``).
    scale : float
        PNG pixel multiplier: ``size="slide", scale=2`` gives 3200x1800.
    renderer : Renderer, optional
        Defaults to the process-wide :func:`default_renderer`.

    Returns
    -------
    bytes

    Examples
    --------
    >>> figure_bytes(go.Figure(), "gif")
    Traceback (most recent call last):
    ...
    ValueError: fmt == 'gif', must be one of ('png', 'svg', 'pdf')
    """
    width, height = _size(size)
    spec = _spec(fig, fmt, width, height, scale)
    return (renderer or default_renderer()).render_many([spec])[0]


def _slug(text: str, keep_case: bool = False, limit: int = 60) -> str:
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9+.]+" if keep_case else r"[^a-z0-9]+", "-", s if keep_case else s.lower())
    s = re.sub(r"-{2,}", "-", s).strip("-.")
    return s[:limit].rstrip("-.")


def export_name(title: str, filters_slug: str, fmt: str, *, when: date | datetime | None = None) -> str:
    """A file name that says what the file is: ``<title>_<filters>_<date>.<fmt>``.

    >>> export_name("Who is covered together", "", "svg", when=date(2026, 1, 2))
    'who-is-covered-together_2026-01-02.svg'
    >>> export_name("Topics: “nuclear”/talks", "PRK+KOR kim-jong-un", "pdf", when=date(2026, 1, 2))
    'topics-nuclear-talks_PRK+KOR-kim-jong-un_2026-01-02.pdf'
    """
    if not re.fullmatch(r"[a-z0-9]{1,8}", fmt or ""):
        raise ValueError(f"fmt == {fmt!r}, must be a short lower-case extension such as 'png'")
    when = when or datetime.now(timezone.utc)
    parts = [_slug(title) or "chart", _slug(filters_slug, keep_case=True), f"{when:%Y-%m-%d}"]
    return "_".join(p for p in parts if p) + f".{fmt}"


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The data drawn in ``fig``, long form (trace, x, y[, z]): the CSV for a chart given without a table.

    >>> fig = go.Figure([go.Bar(x=["a", "b"], y=[1, 2], name="All")])
    >>> figure_table(fig).to_dict("records")
    [{'trace': 'All', 'x': 'a', 'y': 1}, {'trace': 'All', 'x': 'b', 'y': 2}]
    """
    frames = []
    for i, t in enumerate(fig.data):
        name = t.name or f"trace {i + 1}"
        if t.type == "heatmap" and t.z is not None:
            z = pd.DataFrame(list(t.z), index=list(t.y) if t.y is not None else None,
                             columns=list(t.x) if t.x is not None else None)
            frames.append(z.rename_axis(index="y", columns="x").stack().rename("z").reset_index()
                          .assign(trace=name)[["trace", "x", "y", "z"]])
        elif getattr(t, "x", None) is not None and getattr(t, "y", None) is not None:
            if getattr(t, "mode", None) == "lines" and getattr(t, "hoverinfo", None) == "skip":
                continue  # network edges and similar decoration, not data
            x, y = list(t.x), list(t.y)
            frames.append(pd.DataFrame({"trace": name, "x": x, "y": y}).dropna(subset=["x", "y"], how="all"))
    if not frames:
        return pd.DataFrame(columns=["trace", "x", "y"])
    return pd.concat(frames, ignore_index=True)


def table_pages(table: pd.DataFrame, rows: int = TABLE_ROWS) -> list[pd.DataFrame]:
    """``table`` cut into pages of at most ``rows`` rows (one page when empty)."""
    if rows < 1:
        raise ValueError(f"rows == {rows}, must be >= 1")
    return [table.iloc[i:i + rows] for i in range(0, len(table), rows)] or [table]


def _cell(v) -> str:
    if isinstance(v, (pd.Timestamp, datetime, date)):
        d = pd.Timestamp(v)
        return f"{d.day} {d:%b %Y}"  # the theme's style: "2 Jan 2023"
    if pd.api.types.is_list_like(v):
        return ", ".join(_cell(x) for x in v)
    if v is None or pd.isna(v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (int, np.integer)):
        return f"{v:,}"
    if isinstance(v, (float, np.floating)):
        return f"{v:,.3g}" if abs(v) < 1 else f"{v:,.1f}"
    return str(v)


def _display(table: pd.DataFrame, max_cols: int = 6, max_chars: int = 88) -> pd.DataFrame:
    # 88 characters of 12 pt text fit one line of the widest column, so 12 rows fit a slide.
    def short(v) -> str:
        s = _cell(v)
        return s if len(s) <= max_chars else s[:max_chars - 1] + "…"

    t = table.iloc[:, :max_cols]
    return t.apply(lambda col: col.map(short)) if len(t) else t.astype(str)


def _col_weights(t: pd.DataFrame) -> list[float]:
    w = [max([len(str(c))] + [len(x) for x in t[c]]) + 3 for c in t.columns]  # + cell padding
    w = [min(max(x, 8), 80) for x in w]
    return [x / sum(w) for x in w]


def _notes(item: dict, link: str, foot: str) -> str:
    parts = [item.get("caption") or "", f"Sources: {item['notes']}" if item.get("notes") else "",
             f"Shared view: {link}" if link else "", foot]
    return "\n\n".join(p for p in parts if p)


def _cover_figure(title: str, link: str, foot: str, contents: list[str]) -> go.Figure:
    fig = go.Figure()
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    def e(text):  # Plotly decodes &lt; &gt; &amp; but shows &quot; as is: quotes stay literal in text
        return html.escape(text, quote=False)

    lines = [f"Shared view: <a href=\"{html.escape(link, quote=True)}\">{e(link)}</a>" if link else "Shared view: none",
             "", "<b>Contents</b>"] + [f"{i}. {e(c)}" for i, c in enumerate(contents, 1)]
    fig.add_annotation(text="<br>".join(lines), x=0, y=1, xref="paper", yref="paper", xanchor="left",
                       yanchor="top", align="left", showarrow=False, font=dict(size=18))
    return stamp(fig, title=title, subtitle="Briefing pack", foot=foot)


def _table_figure(page: pd.DataFrame, *, title: str, subtitle: str, foot: str) -> go.Figure:
    t = _display(page)
    fig = go.Figure(go.Table(
        columnwidth=[round(w * 100) for w in _col_weights(t)],
        header=dict(values=[f"<b>{html.escape(str(c), quote=False)}</b>" for c in t.columns], align="left",
                    fill_color=SEQUENTIAL[0], font=dict(size=14), height=34),
        cells=dict(values=[[html.escape(x, quote=False) for x in t[c]] for c in t.columns], align="left",
                   font=dict(size=13), height=30, fill_color="white", line_color="#e8e8e8")))
    return stamp(fig, title=title, subtitle=subtitle, foot=foot)


def _unique(name: str, used: set) -> str:
    stem, ext = name.rsplit(".", 1)
    n, out = 1, name
    while out in used:
        n += 1
        out = f"{stem}-{n}.{ext}"
    used.add(out)
    return out


def briefing_pack(items: list[dict], *, title: str, link: str, store_hash: str, generated: datetime,
                  filters_slug: str = "", size: str = "slide", scale: float = 2,
                  renderer: Renderer | None = None) -> dict[str, bytes]:
    """The current view set as ``briefing.pptx``, ``briefing.pdf`` and ``briefing.zip``.

    Parameters
    ----------
    items : list of dict
        ``{"title", "figure" (go.Figure or None), "table" (DataFrame or None), "caption", "notes"}``
        in slide order. A figure gives one slide/page; a table without a figure gives table slides
        of at most 12 rows (e.g. top articles: outlet, date, title). A figure's table is its CSV.
    title, link, store_hash, generated
        The pack's title, the shared link of the view, the store version and the time (UTC).
    filters_slug : str
        File-name fragment for the active filters (see :func:`export_name`).

    Returns
    -------
    dict
        ``{"briefing.pptx": bytes, "briefing.pdf": bytes, "briefing.zip": bytes}``. The PPTX has a
        title slide, one full-slide PNG per chart (slide title = chart title; caption, sources and
        link in the notes) and the table slides. The PDF has a cover page, then every chart as
        vector PDF and the tables. The zip holds each chart's PNG and SVG, every CSV and README.txt.
    """
    for i, it in enumerate(items):
        if it.get("figure") is None and it.get("table") is None:
            raise ValueError(f"items[{i}] ({it.get('title')!r}) has neither a figure nor a table")
    width, height = _size(size)
    foot = footer(store_hash, generated)
    renderer = renderer or default_renderer()
    # Every render queued at once: the browser never waits on Python between charts.
    specs, slots = [], []
    cover = _cover_figure(title, link, foot, [it["title"] for it in items])
    specs.append(_spec(cover, "pdf", width, height, 1))
    slots.append(("cover", None, None))
    for i, it in enumerate(items):
        if it.get("figure") is not None:
            for fmt in FORMATS:
                specs.append(_spec(it["figure"], fmt, width, height, scale))
                slots.append((fmt, i, None))
        else:
            pages = table_pages(it["table"])
            for p, page in enumerate(pages):
                label = it["title"] + (f" ({p + 1}/{len(pages)})" if len(pages) > 1 else "")
                fig = _table_figure(page, title=label, subtitle=it.get("caption") or "", foot=foot)
                specs.append(_spec(fig, "pdf", width, height, 1))
                slots.append(("table-pdf", i, p))
    rendered = dict(zip(slots, renderer.render_many(specs)))

    files: dict[str, bytes] = {}
    used: set = set()
    readme = [title, "", f"Shared view: {link}", f"Store: {store_hash}", f"Generated: {generated:%Y-%m-%d %H:%M} UTC",
              "", "Files:"]
    for i, it in enumerate(items):
        names = []
        if it.get("figure") is not None:
            for fmt in ("png", "svg"):
                name = _unique(export_name(it["title"], filters_slug, fmt, when=generated), used)
                files[name] = rendered[(fmt, i, None)]
                names.append(name)
        table = it.get("table")
        if table is None:
            table = figure_table(it["figure"])
        name = _unique(export_name(it["title"], filters_slug, "csv", when=generated), used)
        files[name] = csv_bytes(table)
        names.append(name)
        readme += [f"- {it['title']}: " + ", ".join(names)] + ([f"  {it['caption']}"] if it.get("caption") else [])
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", "\n".join(readme) + "\n")
        for name, data in files.items():
            z.writestr(name, data)
    return {"briefing.pptx": _pptx(items, rendered, title=title, link=link, foot=foot, size=(width, height)),
            "briefing.pdf": _pdf(items, rendered, title=title, link=link),
            "briefing.zip": zbuf.getvalue()}


def _pdf(items: list[dict], rendered: dict, *, title: str, link: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    w.append(PdfReader(io.BytesIO(rendered[("cover", None, None)])))
    for i, it in enumerate(items):
        start = len(w.pages)
        keys = [("pdf", i, None)] if it.get("figure") is not None else sorted(
            k for k in rendered if k[0] == "table-pdf" and k[1] == i)
        for key in keys:
            w.append(PdfReader(io.BytesIO(rendered[key])))
        w.add_outline_item(it["title"], start)
    w.add_metadata({"/Title": title, "/Subject": f"Shared view: {link}", "/Creator": "Wirescope"})
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _pptx(items: list[dict], rendered: dict, *, title: str, link: str, foot: str, size: tuple) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.33 x 7.5 in, 16:9
    W, H = prs.slide_width, prs.slide_height
    margin = Emu(457200)

    def place_title(slide, text, top=Emu(228600), height=Emu(685800), pt=26):
        t = slide.shapes.title
        t.left, t.top, t.width, t.height = margin, top, W - 2 * margin, height
        t.text = text
        for p in t.text_frame.paragraphs:
            p.font.size = Pt(pt)
        return t

    def text_box(slide, text, top, pt, rgb):
        box = slide.shapes.add_textbox(margin, top, W - 2 * margin, Emu(365760))
        box.text_frame.word_wrap = True
        box.text_frame.text = text
        for para in box.text_frame.paragraphs:
            para.font.size = Pt(pt)
            para.font.color.rgb = RGBColor.from_string(rgb)
        return box

    s = prs.slides.add_slide(prs.slide_layouts[0])
    place_title(s, title, top=Emu(1600200), height=Emu(1371600), pt=36)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = margin, Emu(3200400), W - 2 * margin, Emu(2286000)
    tf = sub.text_frame
    tf.text = ""
    run = tf.paragraphs[0].add_run()
    run.text = link or "(no shared link)"
    if link:
        run.hyperlink.address = link
    tf.paragraphs[0].font.size = Pt(16)
    for line in (foot,):
        p = tf.add_paragraph()
        p.text = line
        p.font.size = Pt(14)
    s.notes_slide.notes_text_frame.text = f"Shared view: {link}\n\n{foot}"

    for i, it in enumerate(items):
        notes = _notes(it, link, foot)
        if it.get("figure") is not None:
            s = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
            # The title placeholder stays (outline, navigation, screen readers) but sits behind the
            # picture, which already shows the title with its caption.
            place_title(s, it["title"])
            iw, ih = size
            scale = min(W / iw, H / ih)
            pw, ph = int(iw * scale), int(ih * scale)
            pic = s.shapes.add_picture(io.BytesIO(rendered[("png", i, None)]), (W - pw) // 2, (H - ph) // 2, pw, ph)
            pic._element.nvPicPr.cNvPr.set("descr", f"{it['title']}. {it.get('caption') or ''}".strip())
            s.notes_slide.notes_text_frame.text = notes
            continue
        pages = table_pages(it["table"])
        for p, page in enumerate(pages):
            s = prs.slides.add_slide(prs.slide_layouts[5])
            head = place_title(s, it["title"] + (f" ({p + 1}/{len(pages)})" if len(pages) > 1 else ""),
                               height=Emu(548640))
            head.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
            # A table slide carries its own caption and footer, like every chart does.
            text_box(s, it.get("caption") or "", Emu(777240), 14, "555555")
            text_box(s, foot, H - Emu(411480), 10, "777777")
            t = _display(page)
            top = Emu(1325880)
            shape = s.shapes.add_table(len(t) + 1, len(t.columns), margin, top, W - 2 * margin,
                                       Emu(min(H - top - Emu(457200), 329184 * (len(t) + 1))))
            tbl = shape.table
            tbl.first_row = True
            for c, wgt in enumerate(_col_weights(t)):
                tbl.columns[c].width = Emu(int((W - 2 * margin) * wgt))
            for c, col in enumerate(t.columns):
                tbl.cell(0, c).text = str(col)
                for r, v in enumerate(t[col], start=1):
                    tbl.cell(r, c).text = v
            for r in range(len(t) + 1):
                for c in range(len(t.columns)):
                    cell = tbl.cell(r, c)
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor.from_string(SEQUENTIAL[0].lstrip("#") if r == 0 else "FFFFFF")
                    for para in cell.text_frame.paragraphs:
                        para.font.size = Pt(12)
                        para.font.bold = r == 0
                        para.font.color.rgb = RGBColor.from_string("222222")
            s.notes_slide.notes_text_frame.text = notes
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
