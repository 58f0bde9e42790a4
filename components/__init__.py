"""Wirescope components, grouped by role around the store.

- ``build/``: files -> store (readers, dates, ingest, places, entities, the spaCy pass, statements,
  stories, topics, the Dask engine, the pipeline).
- ``analysis/``: frames and arrays in, frames and graphs out (filters, coverage and spikes, counts,
  network, statements). Imports neither ``build/`` nor Plotly.
- ``present/``: figures and files (theme, charts, network layout, map, export, briefing). Reads no store.
- at the top: ``settings``, ``errors``, ``store`` and ``search``, which every room uses.

Plain Python; never imports Streamlit. Usable from a notebook or a script.
"""
