"""The dashboard's pages, listed once: ``dashboard/app.py`` builds ``st.navigation`` from :data:`VIEWS`
and ``tests/test_app.py`` renders each of them.

Each page is a script ``dashboard/views/<module>.py`` whose ``render`` runs only when Streamlit runs
it as a page, so importing this package (or a view) draws nothing.

Examples
--------
>>> [v.module for v in VIEWS][:3], VIEWS[0].path
(['overview', 'network', 'topics'], 'views/overview.py')
>>> VIEWS[6]
View(module='actor', title='Actor profile', icon=':material/person_search:', url_path='actor')
"""
from __future__ import annotations

from typing import NamedTuple


class View(NamedTuple):
    module: str  # the file dashboard/views/<module>.py
    title: str  # the label in the navigation
    icon: str
    url_path: str | None = None  # None: Streamlit derives it from the file name

    @property
    def path(self) -> str:
        """The page script, relative to the entrypoint (``dashboard/app.py``)."""
        return f"views/{self.module}.py"


# The first is the default page.
VIEWS: tuple[View, ...] = (
    View("overview", "Overview", ":material/dashboard:"),
    View("network", "Network", ":material/hub:"),
    View("topics", "Topics", ":material/category:"),
    View("coverage", "Coverage", ":material/timeline:"),
    View("articles", "Articles", ":material/article:"),
    View("statements", "Statements", ":material/format_quote:", url_path="statements"),
    View("actor", "Actor profile", ":material/person_search:", url_path="actor"),
    View("actors", "Actors", ":material/group:", url_path="actors"),
    View("add", "Add articles", ":material/upload_file:", url_path="add"),
    View("new", "What's new", ":material/new_releases:", url_path="new"),
    View("notes", "Notes", ":material/sticky_note_2:", url_path="notes"),
)

