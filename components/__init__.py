"""Wirescope components: ingest, entities, topics, store, network, timeline, charts.

Plain Python; never imports Streamlit. Usable from a notebook or a script.
"""
