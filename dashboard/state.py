"""What the sidebar can choose from, computed from a store: plain Python, no Streamlit.

``dashboard.loaders`` caches :func:`options_for` per store version and ``dashboard.widgets`` draws
the choices, so both import this module and neither imports the other's internals.
"""
from __future__ import annotations

ACTOR_OPTIONS = 3000  # the actor box lists this many actors, most covered first
TYPE_LABELS = {"person": "People", "organisation": "Organisations", "country": "Countries", "place": "Places"}


def options_for(store) -> dict:
    """The sidebar's choices for a store: countries and outlets by coverage, the most covered actors.

    Parameters
    ----------
    store
        Anything with ``articles``, ``entities`` and ``topics`` frames (``dashboard.loaders.Store``).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"countries": [["PRK"], ["PRK", "KOR"], []], "source": ["KCNA", "Yonhap", "KCNA"],
    ...                      "published": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-02-01"])})
    >>> ents = pd.DataFrame({"entity_id": ["person:a", "org:b"], "name": ["A", "B"], "type": ["person", "organisation"],
    ...                      "country": ["PRK", ""], "n_articles": [1, 2]})
    >>> opts = options_for(SimpleNamespace(articles=arts, entities=ents, topics=pd.DataFrame({"topic_id": [0]})))
    >>> opts["country"], opts["source"], opts["actor"]
    (['PRK', 'KOR'], ['KCNA', 'Yonhap'], ['org:b', 'person:a'])
    >>> opts["actor_label"]["person:a"], str(opts["max_date"])
    ('A · person · PRK (1)', '2024-02-01')
    """
    arts = store.articles
    country_counts = arts["countries"].explode().value_counts()
    ents = store.entities.sort_values("n_articles", ascending=False).head(ACTOR_OPTIONS)
    return {
        "country": country_counts.index.tolist(),
        "country_counts": country_counts.to_dict(),
        "actor": ents["entity_id"].tolist(),
        "actor_label": {r.entity_id: f"{r.name} · {r.type}{' · ' + r.country if r.country else ''}"
                                     f" ({r.n_articles})" for r in ents.itertuples(index=False)},
        "source": arts["source"].value_counts().index.tolist(),
        "topic": store.topics["topic_id"].tolist(),
        "theme": getattr(store, "themes", None)["theme_id"].tolist() if getattr(store, "themes", None) is not None
        else [],
        "atype": list(TYPE_LABELS),
        "cmode": ["about", "mentions"],
        "min_date": arts["published"].min().date(),
        "max_date": arts["published"].max().date(),
    }
