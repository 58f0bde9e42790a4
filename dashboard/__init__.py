"""Wirescope's Streamlit app. Layout, widgets, caching and URL state only."""
