"""An analyst's CSV of dated events (shown on every time chart): bytes -> frame + problems."""
from __future__ import annotations

import io

import pandas as pd

from components.build.dates import parse_date
from components.build.decode import decode

__all__ = ["read_events"]


def read_events(data: bytes) -> tuple[pd.DataFrame, list[str]]:
    r"""An analyst's CSV of dated events (columns ``date`` and ``label``, any date style) and the problems found.

    >>> ev, problems = read_events(b"date,label\n2023-11-21,Satellite launch\nsoon,Bad row\n19 June 2024,Putin visit\n")
    >>> ev["label"].tolist(), problems
    (['Satellite launch', 'Putin visit'], ["line 3: no usable date in 'soon'"])
    """
    text, _ = decode(data)
    if text is None:
        return pd.DataFrame(columns=["date", "label"]), ["not a text file"]
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return pd.DataFrame(columns=["date", "label"]), [f"not a readable CSV ({exc})"]
    cols = {c.lower().strip(): c for c in raw.columns}
    if "date" not in cols or "label" not in cols:
        return pd.DataFrame(columns=["date", "label"]), [f"needs columns 'date' and 'label', found {list(raw.columns)}"]
    rows, problems = [], []
    for i, (d, label) in enumerate(zip(raw[cols["date"]], raw[cols["label"]]), start=2):
        when = parse_date(d)
        if when is None:
            problems.append(f"line {i}: no usable date in {d[:30]!r}")
        elif not label.strip():
            problems.append(f"line {i}: empty label")
        else:
            rows.append({"date": when.tz_localize(None), "label": label.strip()[:80]})
    return pd.DataFrame(rows, columns=["date", "label"]), problems
