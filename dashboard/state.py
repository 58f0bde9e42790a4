"""What the sidebar can choose from, computed from a store: plain Python, no Streamlit.

``dashboard.loaders`` caches :func:`options_for` per store version and ``dashboard.widgets`` draws
the choices, so both import this module and neither imports the other's internals.
"""
from __future__ import annotations

# The actor boxes offer this many actors, most covered first; any other is found on the server by name
# (find_actors). Every rerun resends a box's options: 3,000 actors were 113 KB of each rerun at 100k articles,
# and 100 were 4.2 KB of the Actors box and 1.9 KB of the watchlist's on every view of the demo.
ACTOR_OPTIONS = 50
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
    ents = store.entities[store.entities["type"] != "country"]  # countries have their own box
    ents = ents.sort_values("n_articles", ascending=False, kind="stable").head(ACTOR_OPTIONS)
    return {
        "country": country_counts.index.tolist(),
        "country_counts": country_counts.to_dict(),
        "actor": ents["entity_id"].tolist(),
        "actor_label": {r.entity_id: actor_label(r) for r in ents.itertuples(index=False)},
        "source": arts["source"].value_counts().index.tolist(),
        "topic": store.topics["topic_id"].tolist(),
        "theme": getattr(store, "themes", None)["theme_id"].tolist() if getattr(store, "themes", None) is not None
        else [],
        "atype": list(TYPE_LABELS),
        "cmode": ["about", "mentions"],
        "min_date": arts["published"].min().date(),
        "max_date": arts["published"].max().date(),
    }


def actor_label(row) -> str:
    """How an actor box shows one actor: name, type, affiliation and articles."""
    return f"{row.name} · {row.type}{' · ' + row.country if row.country else ''} ({row.n_articles})"


def find_actors(entities, text: str, limit: int = 8) -> list[str]:
    """The ids of the actors ``text`` names, most covered first: those whose name or an alias is ``text``
    (any case); failing that, those where every word of ``text`` starts a word of the name or an alias;
    failing that, those whose name contains ``text``.

    >>> import pandas as pd
    >>> ents = pd.DataFrame({"entity_id": ["person:a", "person:b", "org:c", "country:X"],
    ...                      "name": ["Kim Jong Un", "Kim Yo Jong", "Korean Central News Agency", "Kimland"],
    ...                      "aliases": [["Kim", "the North Korean leader"], [], ["KCNA"], []],
    ...                      "type": ["person", "person", "organisation", "country"], "n_articles": [9, 4, 7, 20]})
    >>> find_actors(ents, "kcna"), find_actors(ents, "kim jo"), find_actors(ents, "KIM")
    (['org:c'], ['person:a', 'person:b'], ['person:a'])
    >>> find_actors(ents, "central news"), find_actors(ents, "kimla"), find_actors(ents, "nobody"), find_actors(ents, "")
    (['org:c'], ['country:X'], [], [])
    """
    import re

    words = re.findall(r"\w+", text.casefold())
    if not words:
        return []
    ents = entities.sort_values("n_articles", ascending=False, kind="stable")
    names = [[str(n), *(list(a) if a is not None else [])] for n, a in zip(ents["name"], ents["aliases"])]
    wanted = " ".join(words)
    exact = [i for i, ns in zip(ents["entity_id"], names)
             if any(" ".join(re.findall(r"\w+", n.casefold())) == wanted for n in ns)]
    if exact:
        return exact[:limit]

    def starts(n: str) -> bool:
        have = re.findall(r"\w+", n.casefold())
        return all(any(h.startswith(w) for h in have) for w in words)

    prefix = [i for i, ns in zip(ents["entity_id"], names) if any(starts(n) for n in ns)]
    if prefix:
        return prefix[:limit]
    return [i for i, n in zip(ents["entity_id"], ents["name"]) if wanted in str(n).casefold()][:limit]
