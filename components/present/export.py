"""Files for one chart or table: a name that says what the file is, the chart's data as a table, and CSV
that is safe to open in a spreadsheet. Rendering is :mod:`components.present.render`; the briefing pack
is :mod:`components.present.pack`.

Examples
--------
>>> export_name("Coverage of North Korea, by month", "PRK", "png", when=date(2026, 11, 24))
'coverage-of-north-korea-by-month_PRK_2026-11-24.png'
>>> print(csv_bytes(pd.DataFrame({"title": ['=HYPERLINK("http://x")', "-3.5", "@sum"], "n": [-1, 2, 3]})).decode())
title,n
"'=HYPERLINK(""http://x"")",-1
-3.5,2
'@sum,3
<BLANKLINE>
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone

import pandas as pd
import plotly.graph_objects as go

__all__ = ["export_name", "figure_table", "csv_bytes", "MIME"]

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "zip": "application/zip",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


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
