"""What every view receives: the store, the active filters and the filtered frames."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import streamlit as st

from components import settings as _settings
from components.analysis.network import NetworkOptions
from components.analysis.filters import Filters, describe
from components.present.theme import caption, footer


# Session key of the Network page's last drawing options (a NetworkOptions).
NETWORK_OPTIONS = "network_options"


@dataclass
class Context:
    store: object  # dashboard.loaders.Store
    filters: Filters
    arts: pd.DataFrame
    # The filtered mentions, or what takes them (``loaders.filtered_mentions``): taken when a view first reads
    # ``ments``, so a view counting from the store's index never pays for them.
    mentions: pd.DataFrame | Callable[[], pd.DataFrame]
    notices: list[str] = field(default_factory=list)
    # The resolved settings (dashboard.loaders.store_settings); the declared defaults when not given.
    settings: Mapping[str, object] = field(default_factory=lambda: _settings.resolve({}))

    @cached_property
    def ments(self) -> pd.DataFrame:
        return self.mentions() if callable(self.mentions) else self.mentions

    @property
    def filters_text(self) -> str:
        s = self.store
        return describe(self.filters, s.entity_names, s.country_names, s.topic_labels,
                        theme_names=getattr(s, "theme_labels", None))

    def subtitle(self, arts: pd.DataFrame | None = None, unit: str = "articles") -> str:
        arts = self.arts if arts is None else arts
        n = arts["story_id"].nunique() if unit == "stories" else len(arts)
        lo, hi = (arts["published"].min(), arts["published"].max()) if len(arts) else (None, None)
        return caption(filters_text=self.filters_text, n_articles=n, n_outlets=arts["source"].nunique(),
                       date_from=lo, date_to=hi, unit=unit)

    @property
    def network_options(self) -> NetworkOptions:
        """The network's options as the analyst last set them on the Network page (the store's settings
        until then): the page, its period comparison and the briefing pack all draw with these."""
        return st.session_state.get(NETWORK_OPTIONS) or NetworkOptions.from_settings(self.settings)

    @property
    def foot(self) -> str:
        return footer(self.store.hash)

    def slug(self) -> str:
        """A short file-name fragment for the active filters."""
        f = self.filters
        parts = list(f.countries) + [a.split(":", 1)[-1] for a in f.actors][:2] + ([f"q-{f.q[:20]}"] if f.q else [])
        return "-".join(p.replace(" ", "_") for p in parts) or "all"


def current() -> Context:
    """The context the entrypoint built for this run."""
    return st.session_state["ctx"]
