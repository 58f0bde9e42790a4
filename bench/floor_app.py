"""The floor for ``bench/bench_browser.py``: the least a Streamlit page with our filter can do.

One title, the sidebar's Countries box (the same names the dashboard offers, kept in the link as
``country=ISO3`` like the dashboard) and one Plotly bar chart of articles per month for the picked
countries, whose title names the filter. It is served exactly like the dashboard (``dashboard/serve.py``,
the repository's ``.streamlit/config.toml``), so a view's time divided by this page's time is what the
view adds on top of Streamlit's own round trip and drawing.

``streamlit run bench/floor_app.py`` with ``WIRESCOPE_DATA`` naming a store.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components.store import read_table  # noqa: E402


@st.cache_resource
def _load(path: str) -> tuple[pd.DataFrame, dict]:
    arts = read_table(Path(path), "articles", columns=["published", "countries"])
    arts["month"] = pd.to_datetime(arts["published"]).dt.to_period("M").dt.start_time
    ents = read_table(Path(path), "entities", columns=["name", "type", "country"])
    ents = ents[ents["type"] == "country"]
    names = dict(zip(ents["country"], ents["name"]))
    exploded = arts[["month", "countries"]].explode("countries")
    per = exploded.groupby(["countries", "month"]).size()
    return per, {iso: names.get(iso, iso) for iso in per.index.get_level_values(0).unique()}


def main() -> None:
    st.set_page_config(page_title="Floor", layout="wide")
    per, names = _load(os.environ["WIRESCOPE_DATA"])
    isos = sorted(names, key=names.get)
    if "country" not in st.session_state:
        st.session_state["country"] = [c for c in st.query_params.get_all("country") if c in names]
    picked = st.sidebar.multiselect("Countries", isos, format_func=names.get, key="country")
    st.query_params["country"] = picked
    st.title("Floor")
    sub = per[per.index.get_level_values(0).isin(picked)] if picked else per
    months = sub.groupby(level=1).sum()
    label = "".join(f"Country: {names[c]} " for c in picked) or "All articles"  # the chips say the same
    st.plotly_chart(go.Figure(go.Bar(x=months.index, y=months.values),
                              layout={"title": {"text": f"Articles per month<br><sup>{label}</sup>"}}))


main()
