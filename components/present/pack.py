"""The briefing pack: the current view set as a PPTX deck, a PDF and a zip of every chart and table.

Examples
--------
>>> [len(p) for p in table_pages(pd.DataFrame({"n": range(30)}), rows=12)]
[12, 12, 6]
>>> _display(pd.DataFrame({"when": [pd.Timestamp("2023-01-02")], "n": [1234], "ok": [True]})).values.tolist()
[['2 Jan 2023', '1,234', 'yes']]
"""
from __future__ import annotations

import html
import io
import zipfile
from datetime import date, datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.present.export import csv_bytes, export_name, figure_table
from components.present.render import FORMATS, Renderer, default_renderer, export_size, figure_spec
from components.present.theme import SEQUENTIAL, footer, stamp

__all__ = ["briefing_pack", "table_pages", "TABLE_ROWS"]

TABLE_ROWS = 12  # rows per table slide / page: readable when projected


def briefing_pack(items: list[dict], *, title: str, link: str, store_hash: str, generated: datetime,
                  filters_slug: str = "", size: str = "slide", scale: float = 2,
                  renderer: Renderer | None = None, progress=None) -> dict[str, bytes]:
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
    progress : callable, optional
        ``progress(done, total)`` after each page or image is rendered (the pack's slow part).

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
    width, height = export_size(size)
    foot = footer(store_hash, generated)
    renderer = renderer or default_renderer()
    # Every render queued at once: the browser never waits on Python between charts.
    slots, specs = zip(*_render_specs(items, title=title, link=link, foot=foot, size=(width, height), scale=scale))
    rendered = dict(zip(slots, renderer.render_many(list(specs), progress)))
    zipped = _zip(items, rendered, title=title, link=link, store_hash=store_hash, generated=generated,
                  filters_slug=filters_slug)
    return {"briefing.pptx": _pptx(items, rendered, title=title, link=link, foot=foot, size=(width, height)),
            "briefing.pdf": _pdf(items, rendered, title=title, link=link),
            "briefing.zip": zipped}


def _render_specs(items: list[dict], *, title: str, link: str, foot: str, size: tuple, scale: float):
    """``(slot, spec)`` of every render the pack needs: the cover, each chart in every format, each table page."""
    width, height = size
    cover = _cover_figure(title, link, foot, [it["title"] for it in items])
    yield ("cover", None, None), figure_spec(cover, "pdf", width, height, 1)
    for i, it in enumerate(items):
        if it.get("figure") is not None:
            for fmt in FORMATS:
                yield (fmt, i, None), figure_spec(it["figure"], fmt, width, height, scale)
            continue
        pages = table_pages(it["table"])
        for p, page in enumerate(pages):
            label = it["title"] + (f" ({p + 1}/{len(pages)})" if len(pages) > 1 else "")
            fig = _table_figure(page, title=label, subtitle=it.get("caption") or "", foot=foot)
            yield ("table-pdf", i, p), figure_spec(fig, "pdf", width, height, 1)


def _zip(items: list[dict], rendered: dict, *, title: str, link: str, store_hash: str, generated: datetime,
         filters_slug: str) -> bytes:
    """Each chart's PNG and SVG, every table as CSV, and a README.txt that lists them."""
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
    return zbuf.getvalue()


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
             f"Analyst's notes:\n{item['analyst_notes']}" if item.get("analyst_notes") else "",
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




# Slide geometry in EMU: a 13.33 x 7.5 in (16:9) slide with half-inch margins.
_SLIDE_W, _SLIDE_H, _MARGIN = 12192000, 6858000, 457200


def _pptx(items: list[dict], rendered: dict, *, title: str, link: str, foot: str, size: tuple) -> bytes:
    """A title slide, one full-slide picture per chart and the table slides, notes on each."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(_SLIDE_W), Emu(_SLIDE_H)
    _title_slide(prs, title=title, link=link, foot=foot)
    for i, it in enumerate(items):
        notes = _notes(it, link, foot)
        if it.get("figure") is not None:
            _chart_slide(prs, it, rendered[("png", i, None)], size=size, notes=notes)
            continue
        pages = table_pages(it["table"])
        for p, page in enumerate(pages):
            label = it["title"] + (f" ({p + 1}/{len(pages)})" if len(pages) > 1 else "")
            _table_slide(prs, page, title=label, caption=it.get("caption") or "", foot=foot, notes=notes)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _place_title(slide, text: str, top: int = 228600, height: int = 685800, pt: int = 26):
    from pptx.util import Emu, Pt

    t = slide.shapes.title
    t.left, t.top, t.width, t.height = Emu(_MARGIN), Emu(top), Emu(_SLIDE_W - 2 * _MARGIN), Emu(height)
    t.text = text
    for p in t.text_frame.paragraphs:
        p.font.size = Pt(pt)
    return t


def _text_box(slide, text: str, top: int, pt: int, rgb: str):
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt

    box = slide.shapes.add_textbox(Emu(_MARGIN), Emu(top), Emu(_SLIDE_W - 2 * _MARGIN), Emu(365760))
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    for para in box.text_frame.paragraphs:
        para.font.size = Pt(pt)
        para.font.color.rgb = RGBColor.from_string(rgb)
    return box


def _title_slide(prs, *, title: str, link: str, foot: str) -> None:
    from pptx.util import Emu, Pt

    s = prs.slides.add_slide(prs.slide_layouts[0])
    _place_title(s, title, top=1600200, height=1371600, pt=36)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Emu(_MARGIN), Emu(3200400), Emu(_SLIDE_W - 2 * _MARGIN), Emu(2286000)
    tf = sub.text_frame
    tf.text = ""
    run = tf.paragraphs[0].add_run()
    run.text = link or "(no shared link)"
    if link:
        run.hyperlink.address = link
    tf.paragraphs[0].font.size = Pt(16)
    p = tf.add_paragraph()
    p.text = foot
    p.font.size = Pt(14)
    s.notes_slide.notes_text_frame.text = f"Shared view: {link}\n\n{foot}"


def _chart_slide(prs, item: dict, png: bytes, *, size: tuple, notes: str) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    # The title placeholder stays (outline, navigation, screen readers) but sits behind the
    # picture, which already shows the title with its caption.
    _place_title(s, item["title"])
    iw, ih = size
    scale = min(_SLIDE_W / iw, _SLIDE_H / ih)
    pw, ph = int(iw * scale), int(ih * scale)
    pic = s.shapes.add_picture(io.BytesIO(png), (_SLIDE_W - pw) // 2, (_SLIDE_H - ph) // 2, pw, ph)
    pic._element.nvPicPr.cNvPr.set("descr", f"{item['title']}. {item.get('caption') or ''}".strip())
    s.notes_slide.notes_text_frame.text = notes


def _table_slide(prs, page: pd.DataFrame, *, title: str, caption: str, foot: str, notes: str) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Pt

    s = prs.slides.add_slide(prs.slide_layouts[5])
    head = _place_title(s, title, height=548640)
    head.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    # A table slide carries its own caption and footer, like every chart does.
    _text_box(s, caption, 777240, 14, "555555")
    _text_box(s, foot, _SLIDE_H - 411480, 10, "777777")
    t = _display(page)
    top, width = 1325880, _SLIDE_W - 2 * _MARGIN
    shape = s.shapes.add_table(len(t) + 1, len(t.columns), Emu(_MARGIN), Emu(top), Emu(width),
                               Emu(min(_SLIDE_H - top - 457200, 329184 * (len(t) + 1))))
    tbl = shape.table
    tbl.first_row = True
    for c, wgt in enumerate(_col_weights(t)):
        tbl.columns[c].width = Emu(int(width * wgt))
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
