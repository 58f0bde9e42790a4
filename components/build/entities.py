"""Canonical actors: raw mentions made canonical, the actor table, and each article's countries.

Entities come in two passes. The slow one parses (:mod:`components.build.parse`) and keeps
every NER span and gazetteer match (:mod:`components.build.mentions`). The fast one, here,
needs no NLP, so the analyst's alias edits (:mod:`components.build.edits`) apply instantly:
:func:`canonicalise` maps raw mentions to canonical actors (gazetteer ids, surname and title
resolution within an article, slugs for unknown names: :mod:`components.build.resolve`),
:func:`entity_table` lists the actors with their names and affiliations, and
:func:`article_countries` says which countries each article is about.

Examples
--------
>>> raw = pd.DataFrame({"article_id": ["a", "a", "a"], "start": [0, 30, 60], "end": [11, 33, 69],
...     "surface": ["Kim Jong Un", "Kim", "Pyongyang"], "label": ["PERSON", "PERSON", "GPE"],
...     "gaz": ["person:kim-jong-un|person", "", "country:PRK|capital"], "role": ["", "", "actor"],
...     "sent": [0, 1, 2], "sent_start": [0, 25, 50], "sent_end": [24, 49, 80]})
>>> arts = pd.DataFrame({"article_id": ["a"], "published": [pd.Timestamp("2023-12-29", tz="UTC")]})
>>> canonicalise(raw, arts)["entity_id"].tolist()
['person:kim-jong-un', 'person:kim-jong-un', 'country:PRK']
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd

from components.build.edits import apply_merges, split_index
from components.build.foreign import FOREIGN_LABEL, rule_of as foreign_rule
from components.build.gazetteer import Gazetteer, load_gazetteer
from components.build.places import missed_places, outlet_homes, place_fill, place_of_id
from components.build.people import RULE_EDIT, is_common_word, link_people, parse_name
from components.build.resolve import (BODY_TAILS, RULE_AMBIGUOUS, RULE_NER_PLACE, attach_sentences, clean_name,
                                      countries_in_titles, places_by_frame, places_in_names,
                                      resolve_article, surname_fill)

__all__ = ["canonicalise", "entity_table", "article_countries", "article_homes", "MENTION_COLUMNS", "ENTITY_COLUMNS", "TYPE_OF_PREFIX"]

MENTION_COLUMNS = ["article_id", "entity_id", "surface", "start", "end", "sent", "sent_start", "sent_end", "role",
                   "rule"]
ENTITY_COLUMNS = ["entity_id", "name", "type", "country", "country_source", "aliases", "n_mentions", "n_articles",
                  "lat", "lon", "geonameid"]  # the last three: a GeoNames place's point and id (extension)
TYPE_OF_PREFIX = {"person": "person", "org": "organisation", "country": "country", "place": "place"}


def canonicalise(raw: pd.DataFrame, articles: pd.DataFrame, gazetteer: Gazetteer | None = None,
                 user_edits: dict | None = None, *, link: bool = True, homes: dict | None = None) -> pd.DataFrame:
    """Map raw mentions to canonical actors: returns ``MENTION_COLUMNS`` (``rule`` says why each resolved).

    ``user_edits`` holds the analyst's edits: ``{"merge": {old_id: new_id},
    "split": [{"surface": s, "entity_id": new_id, "article_id": optional}]}``;
    renames and affiliations apply in :func:`entity_table`. ``link``: join one person's names
    across the given articles and settle bare surnames against them
    (:func:`~components.build.people.link_people`); ``False`` leaves pending surnames for a
    later pass over the whole store (the pipeline's chunks). ``homes``: each article's outlet home
    (:func:`article_homes` of the whole store), else the homes of the outlets among ``articles``.
    """
    gz = gazetteer or load_gazetteer()
    edits = user_edits or {}
    splits = split_index(edits)
    if raw.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    foreign = raw["label"] == FOREIGN_LABEL
    if foreign.any():  # countries named in another language: the name is the evidence, no English rule reads them
        named = raw[foreign].assign(entity_id=raw.loc[foreign, "gaz"], rule=raw.loc[foreign, "gaz"].map(foreign_rule))
        rest = canonicalise(raw[~foreign], articles, gz, edits, link=link, homes=homes) if (~foreign).any() \
            else pd.DataFrame(columns=MENTION_COLUMNS)
        named = apply_merges(named[MENTION_COLUMNS].copy(), edits)
        return pd.concat([rest, named] if len(rest) else [named], ignore_index=True).sort_values(
            ["article_id", "start"], kind="stable").reset_index(drop=True)
    published = dict(zip(articles["article_id"], articles["published"]))
    raw = raw.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)
    texts = dict(zip(articles["article_id"], articles["text"])) if "text" in articles.columns else {}
    res: list = []
    by_article: dict = {}  # each article's rows, in order (sorted above): no frame per article
    for m in raw.itertuples(index=False):
        by_article.setdefault(m.article_id, []).append(m)
    datelines = dict(zip(articles["article_id"], articles["dateline"].fillna(""))) if "dateline" in articles.columns \
        else {}
    if homes is None:  # a local paper's home state: its towns win over their namesakes
        homes = _homes({aid: [m.surface for m in rows if m.label in ("GPE", "LOC")] for aid, rows in by_article.items()},
                       articles)
    for aid, rows in by_article.items():
        res.extend(resolve_article(rows, published.get(aid), gz, splits, texts.get(aid), datelines.get(aid, ""),
                                   homes.get(aid, frozenset())))
    out = raw.assign(entity_id=pd.Series([r[0] for r in res], index=raw.index, dtype="object"),
                     rule=pd.Series([r[1] for r in res], index=raw.index, dtype="object"))
    starts = dict(zip(articles["article_id"], articles.get("body_start", pd.Series(0, index=articles.index))))
    if texts:
        fill = surname_fill(out, texts, starts)
        if not fill.empty:
            out = pd.concat([out, attach_sentences(fill, out, texts)], ignore_index=True)
    titled = countries_in_titles(out, gz)  # "Germany" in "Germany's Chancellor"
    if not titled.empty:
        out = pd.concat([out, attach_sentences(titled, out, texts)], ignore_index=True)
    inside = places_in_names(out, homes)  # "Kentucky" in "Kentucky State Police"
    if not inside.empty:
        # an unknown facility ("Laurel County High School": no point, no country) gives way to its town
        replaced = [i for i in set(inside.pop("replaces")) if i >= 0]
        inside = attach_sentences(inside, out, texts)
        out = pd.concat([out.drop(index=replaced), inside], ignore_index=True)
    if texts:
        mine = {a: texts[a] for a in by_article if a in texts}  # (this call's articles: a batch's, not the store's)
        framed = places_by_frame(out, mine, starts, homes)  # "a Gilroy man"
        if not framed.empty:
            out = pd.concat([out, attach_sentences(framed, out, texts)], ignore_index=True)
        # a place the article names again where NER tagged nothing
        again = place_fill(out, mine, starts, is_common_word)
        # a world city or province NER tagged nothing ("floods in Foo", "a plant near Foo") or split into pieces ("Foo"
        # and "Bar" of "in Foo Bar"), once the article's names are known: the place replaces the pieces
        cities = missed_places(pd.concat([out, pd.DataFrame(again)]) if again else out, mine, starts, is_common_word)
        pieces = {(c["article_id"], s, e) for c in cities for s, e in c.pop("replaces")}
        if pieces:
            out = out[[k not in pieces for k in zip(out["article_id"], out["start"], out["end"])]]
        again += cities
        if again:
            sents = out[["article_id", "sent", "sent_start", "sent_end"]].astype({"sent_start": "int64"})
            out = pd.concat([out, attach_sentences(pd.DataFrame(again), sents, texts)], ignore_index=True)
    out = out[out["entity_id"].notna()]
    if link:
        out = link_people(out, frozenset(gz.entities.index))[0]
    merged = out["entity_id"].isin(list(edits.get("merge", {})))
    out = apply_merges(out.copy(), edits)
    out.loc[merged, "rule"] = RULE_EDIT
    return out.sort_values(["article_id", "start"], kind="stable")[MENTION_COLUMNS].reset_index(drop=True)


def _homes(places: dict, articles: pd.DataFrame) -> dict:
    """Article id -> its outlet's home (:func:`~components.build.places.outlet_homes`, from ``places``: the GPE
    and LOC surfaces of each article; empty without a ``source`` column)."""
    if "source" not in articles.columns:
        return {}
    source = dict(zip(articles["article_id"], articles["source"].fillna("")))
    homes = outlet_homes((source.get(aid, ""), surfaces) for aid, surfaces in places.items())
    return {aid: homes[source[aid]] for aid in places if source.get(aid) in homes}


def article_homes(raw: pd.DataFrame, articles: pd.DataFrame) -> dict:
    """Article id -> its outlet's home, from the raw mentions of every article given (the whole store: the
    pipeline's parse makes its chunks' mentions canonical before the store's outlets are known)."""
    if raw.empty or "source" not in articles.columns:
        return {}
    places: dict = {aid: [] for aid in raw["article_id"].unique()}
    is_place = raw["label"].isin(["GPE", "LOC"])
    for aid, surface in zip(raw.loc[is_place, "article_id"], raw.loc[is_place, "surface"]):
        places[aid].append(surface)
    return _homes(places, articles)


def article_countries(mentions: pd.DataFrame, entities: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """The countries each article is *about* (ISO3 lists), not every passing mention.

    Score per country: 1 per mention of the country actor, 0.5 per mention of a place
    or affiliated actor in it, +2 for the dateline country; a country is in focus when
    its score reaches max(1.5, 30% of the article's top score). An affiliation the
    pipeline only guessed (``country_source`` "inferred") adds nothing: "about" is about.
    Returns a Series of lists indexed like ``articles``.
    """
    known = entities[entities.get("country_source", pd.Series("", index=entities.index)) != "inferred"] \
        if not entities.empty else entities
    country_of = known.set_index("entity_id")["country"].to_dict() if not known.empty else {}
    scores: dict[str, Counter] = {}
    for aid, eid in zip(mentions["article_id"], mentions["entity_id"]):
        c = Counter() if aid not in scores else scores[aid]
        scores[aid] = c
        if eid.startswith("country:"):
            c[eid[8:]] += 1.0
        else:
            iso = country_of.get(eid)
            if iso:
                c[iso] += 0.5
    out = []
    for aid, dl in zip(articles["article_id"], articles.get("dateline_country", pd.Series("", index=articles.index))):
        c = Counter(scores.get(aid, Counter()))
        if dl:
            c[dl] += 2.0
        if not c:
            out.append([])
            continue
        top = max(c.values())
        keep = [iso for iso, s in c.most_common() if s >= max(1.5, 0.3 * top)]
        if not keep:
            keep = [c.most_common(1)[0][0]]
        out.append(keep)
    return pd.Series(out, index=articles.index, dtype="object")


# What may stand between a country and the actor it qualifies in one noun phrase: capitalised words
# ("North Korean Vice Foreign Minister Kim", "South Korea's Democratic Party"), or, after a possessive, a few
# lowercase words ending on a word of office, then a comma before a person only ("Fooland's vice minister, Kim
# Foo"; not "Fooland's support for Kim", nor "Fooland's satellite launch, the Defence Ministry said").
_CAPS_GAP = re.compile(r"^(?:['’]s?)?(?:\s+[A-Z][\w.'’&-]*){0,5}\s+$")
_POSSESSIVE_GAP = re.compile(r"^['’]s?((?:\s+[a-z][a-z-]*){1,4})(?P<comma>,)?(?:(?:\s+[A-Z][\w.'’&-]*){0,4})\s+$")
# "Kim Foo, North Korea's vice minister", "Kim Foo, a senior North Korean official", "Ann Foo of the US Fooing
# Council": the country opens an apposition or an "of" phrase that describes the actor (not "Kim, China's Xi
# and ...": a name follows the possessive).
_APPOSITION_GAP = re.compile(r"^,\s+(?:(?:the|a|an)\s+(?:[a-z]+\s+){0,2})?$")
_APPOSITION_AFTER = re.compile(r"^(?:['’]s)?((?:\s+[a-z][a-z-]*){1,4})")
_OF_GAP = re.compile(r"^\s+of\s+(?:the\s+)?$")


def title_words(gz: Gazetteer) -> frozenset[str]:
    """Words of office: the head noun of each of the gazetteer's titles (``data/gazetteer/titles.csv``: the last
    word, or the last before "of", "to", "for", "on" or "in": "minister", "envoy", "spokesman", "leader"...),
    without country words."""
    countryish = {w for a, (eid, _) in gz.aliases.items() if eid.startswith("country:") for w in a.lower().split()}
    heads = set()
    for t in ([] if gz.titles.empty else gz.titles["title"]):
        words = re.findall(r"[a-z]+", re.split(r" (?:of|to|for|on|in) ", str(t))[0])
        if words:
            heads.add(words[-1])
    return frozenset(w for w in heads if len(w) > 2 and w not in countryish)


@lru_cache(maxsize=1)
def _default_title_words() -> frozenset[str]:
    return title_words(load_gazetteer())


# An organisation's title before a person, with no possessive: "Foo Ministry spokesman Ann Foo", "Foo Council vice
# chair Ann Foo": lowercase words ending on a word of office.
_ORG_TITLE_GAP = re.compile(r"^((?:\s+[a-z][a-z-]*){1,3})\s+$")


def _np_gap(gap: str, person: bool, office: frozenset[str], org: bool = False) -> bool:
    """Whether ``gap``, the text between a country mention and an actor after it, keeps both in one noun
    phrase (see ``_CAPS_GAP`` and ``_POSSESSIVE_GAP``); ``person``: the actor is a person; ``office``: the
    words of office (:func:`title_words`).

    >>> o = frozenset({"envoy", "minister"})
    >>> _np_gap("'s top envoy ", False, o), _np_gap("'s support for ", False, o), _np_gap(" Vice Minister ", True, o)
    (True, False, True)
    >>> _np_gap("'s vice minister, ", True, o), _np_gap("'s satellite launch, the ", False, o), _np_gap(" ", True, o)
    (True, False, False)
    >>> _np_gap(" spokesman ", True, o | {"spokesman"}, org=True), _np_gap(" spokesman ", True, o | {"spokesman"})
    (True, False)
    """
    titled = _ORG_TITLE_GAP.match(gap) if org and person else None
    if titled:  # "the Foo Ministry spokesman Ann Foo" (``org``: the qualifier is an organisation)
        return titled.group(1).split()[-1] in office
    if _CAPS_GAP.match(gap):
        # capitalised words alone ("In Fooland Ann Foo said") are evidence only after a possessive or with a
        # word of office among them ("Foolandish Vice Minister Ann Foo")
        return gap.startswith(("'", "’")) or any(w.lower() in office for w in gap.split())
    m = _POSSESSIVE_GAP.match(gap)
    # lowercase words must end on a word of office: "Fooland's vice minister, Ann Foo", not "Fooland's exports,
    # Ann Foo said", "Fooland's main rival Foo Corp" or "Fooland's minister met Ann Foo"
    return bool(m) and (person or not m.group("comma")) and m.group(1).split()[-1] in office


def _qualified_by(pairs: pd.DataFrame, texts: dict, office: frozenset[str]) -> pd.DataFrame:
    """The (actor, country) pairs of ``pairs`` (one actor mention and one country mention of the same
    sentence, with their offsets) where the country qualifies the actor in the text itself: before it in
    one noun phrase ("Russia's Pacific Fleet", "North Korean Vice Minister Kim Foo") or in an apposition
    after it ("Kim Foo, North Korea's vice minister"); ``office``: the words of office (:func:`title_words`)."""
    if pairs.empty or not texts:
        return pairs.iloc[:0]
    before = (pairs["end_c"] <= pairs["start"]) & (pairs["start"] - pairs["end_c"] <= 80)
    after = (pairs["start_c"] >= pairs["end"]) & (pairs["start_c"] - pairs["end"] <= 30)
    near = pairs[before | after]
    keep = []
    for r in near.itertuples(index=False):
        text = texts.get(r.article_id) or ""
        if r.end_c <= r.start:
            keep.append(_np_gap(text[r.end_c:r.start], r.entity_id.startswith("person:"), office,
                                org=bool(getattr(r, "by_org_c", False))))
        else:
            gap = text[r.end:r.start_c]
            after = _APPOSITION_AFTER.match(text[r.end_c:r.end_c + 60])
            # "Ann Foo, Fooland's vice minister": words of office after the country, not "a Fooland expert"
            keep.append(bool(_OF_GAP.match(gap)) or bool(_APPOSITION_GAP.match(gap)) and after is not None
                        and any(w in office for w in after.group(1).split()))
    return near[keep] if keep else near.iloc[:0]


# A guess from the sentences an actor shares with countries must lead the next country by this factor;
# closer than that, the actor's affiliation is left blank rather than guessed.
_GUESS_MARGIN = 1.25


def _infer_affiliations(mentions: pd.DataFrame, texts: dict | None = None,
                        office: frozenset[str] | None = None, org_country: dict | None = None) -> dict[str, str]:
    """Country an unknown actor belongs to. First the text's own word: a country qualifying the actor
    where it is named ("South Korea's Democratic Party", "Kim Foo, North Korea's vice minister"), the
    country most often so written. Else the countries named in the same sentences, weighted by lift (so
    the country every article is about does not win by default), only when one leads the next by
    ``_GUESS_MARGIN``. ``texts`` (article id -> text) enables the first; without it only the second runs.
    ``office``: the words of office (:func:`title_words`; the default gazetteer's when not given).
    ``org_country`` (organisation id -> ISO3, the gazetteer's) lets a listed body qualify an actor in the text
    as a country does ("the Foo Ministry spokesman Ann Foo", "Ann Foo, the Foo Ministry's spokesman").

    >>> m = pd.DataFrame({"article_id": ["a"] * 4 + ["b"] * 2, "sent": [0, 0, 1, 1, 0, 0],
    ...     "entity_id": ["org:x", "country:KOR", "country:PRK", "country:PRK", "country:PRK", "country:PRK"]})
    >>> _infer_affiliations(m)
    {'org:x': 'KOR'}
    >>> m = pd.DataFrame({"article_id": ["a"] * 3, "sent": [0, 0, 0], "start": [0, 14, 42],
    ...     "end": [11, 30, 53], "entity_id": ["country:KOR", "org:dp", "country:PRK"]})
    >>> _infer_affiliations(m, {"a": "South Korea's Democratic Party criticised North Korea."})
    {'org:dp': 'KOR'}
    """
    if mentions.empty or "sent" not in mentions.columns:
        return {}
    cols = ["article_id", "sent", "entity_id"] + (["start", "end"] if {"start", "end"} <= set(mentions.columns) else [])
    is_country = mentions["entity_id"].str.startswith("country:")
    countries = mentions[is_country][cols]
    others = mentions[~is_country & mentions["entity_id"].str.startswith(("person:", "org:"))][cols]
    quals = countries.assign(by_org=False)
    if org_country and texts:  # a listed body qualifies as its country does, in the text's own words only
        bodies = mentions[mentions["entity_id"].isin(list(org_country))][cols]
        quals = pd.concat([quals, bodies.assign(entity_id="country:" + bodies["entity_id"].map(org_country),
                                                by_org=True)])
    pairs = others.merge(quals, on=["article_id", "sent"], suffixes=("", "_c")).rename(columns={"by_org": "by_org_c"})
    if pairs.empty:
        return {}
    out = {}
    if texts and "start" in pairs:
        written = _qualified_by(pairs, texts, _default_title_words() if office is None else office)
        if not written.empty:
            n = written.groupby(["entity_id", "entity_id_c"]).size().rename("n").reset_index()
            n = n.sort_values(["entity_id", "n", "entity_id_c"], ascending=[True, False, True])
            n = n.drop_duplicates("entity_id")
            out = dict(zip(n["entity_id"], n["entity_id_c"].str.slice(8)))
    key = ["article_id", "sent", "entity_id"]
    pairs = others[key].drop_duplicates().merge(countries[key], on=["article_id", "sent"], suffixes=("", "_c"))
    share = countries["entity_id"].value_counts(normalize=True)
    votes = pairs.groupby(["entity_id", "entity_id_c"]).size().rename("n").reset_index()
    votes["score"] = votes["n"] / np.sqrt(votes["entity_id_c"].map(share))
    best = votes.sort_values(["entity_id", "score", "entity_id_c"], ascending=[True, False, True])
    best["second"] = best.groupby("entity_id")["score"].shift(-1).fillna(0)  # the next country's score
    best = best.drop_duplicates("entity_id")
    lead = best["score"] >= _GUESS_MARGIN * best["second"]
    for eid, iso in zip(best["entity_id"][lead], best["entity_id_c"][lead].str.slice(8)):
        out.setdefault(eid, iso)
    return out


def _ambiguous_ids(mentions: pd.DataFrame) -> set[str]:
    """Place ids an ambiguous name was left as ("Korea" with both Koreas or neither named: ``RULE_AMBIGUOUS``),
    whatever rule made their other mentions.

    >>> m = pd.DataFrame({"entity_id": ["place:korea", "place:tulsa", "place:korea"],
    ...                   "rule": [RULE_AMBIGUOUS, "GeoNames place", "place in an organisation's name"]})
    >>> sorted(_ambiguous_ids(m))
    ['place:korea']
    """
    if "rule" not in mentions or mentions.empty:
        return set()
    ids = mentions.loc[mentions["rule"] == RULE_AMBIGUOUS, "entity_id"].astype(str)
    return set(ids[ids.str.startswith("place:")])


def _ner_only_ids(mentions: pd.DataFrame) -> set[str]:
    """Place ids whose every mention GeoNames did not resolve (``RULE_NER_PLACE``: "Asia", "Victoria Park").

    >>> m = pd.DataFrame({"entity_id": ["place:asia", "place:tulsa", "place:asia"],
    ...                   "rule": [RULE_NER_PLACE, "GeoNames place", RULE_NER_PLACE]})
    >>> sorted(_ner_only_ids(m))
    ['place:asia']
    """
    if "rule" not in mentions or mentions.empty:
        return set()
    by_rule = mentions.groupby("entity_id")["rule"].agg(lambda r: set(r) == {RULE_NER_PLACE})
    return set(by_rule.index[by_rule])


_BODY_ID = re.compile(r"^org:([a-z]{3})-(.+)$")


def entity_table(mentions: pd.DataFrame, articles: pd.DataFrame, gazetteer: Gazetteer | None = None,
                 user_edits: dict | None = None) -> pd.DataFrame:
    """One row per canonical actor in ``mentions`` (``ENTITY_COLUMNS``).

    Names come from the gazetteer, else the most frequent surface form; affiliations
    from the gazetteer, else inferred from the countries of the articles the actor
    appears in (``country_source`` says which).
    """
    gz = gazetteer or load_gazetteer()
    edits = user_edits or {}
    if mentions.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS)
    grp = mentions.groupby("entity_id")
    surfaces = grp["surface"].agg(lambda s: [k for k, _ in Counter(s).most_common(12)])
    n_mentions = grp.size()
    n_articles = grp["article_id"].nunique()
    texts = dict(zip(articles["article_id"], articles["text"])) if "text" in articles.columns else None
    bodies = gz.entities[(gz.entities["type"] == "organisation") & (gz.entities["country"].fillna("") != "")]
    affiliation = _infer_affiliations(mentions, texts, title_words(gz) if texts else None,
                                      dict(zip(bodies.index, bodies["country"])))
    ambiguous = _ambiguous_ids(mentions)
    ner_only = _ner_only_ids(mentions)
    rows = []
    for eid in n_mentions.index:
        prefix = eid.split(":", 1)[0]
        point = {"lat": None, "lon": None, "geonameid": None}
        if eid in gz.entities.index:
            g = gz.entities.loc[eid]
            name, etype, country, source = g["name"], g["type"], g["country"], "gazetteer" if g["country"] else ""
        else:
            etype = TYPE_OF_PREFIX.get(prefix, "place")
            # a person by the commonest full name ("Ann Foo Bar", not the "Foo" later mentions write)
            full = [x for x in surfaces[eid] if len(clean_name(x).split()) >= 2] if etype == "person" else []
            name = clean_name((full or surfaces[eid])[0]) if surfaces[eid] else eid
            if full:  # without a title written before it ("Spokesman Ann Foo" is Ann Foo)
                name = parse_name(name).display or name
            country, source = "", ""
            # a place GeoNames did not know when it was resolved ("Asia", "Victoria Park") takes no namesake's
            # country by its id
            place = place_of_id(eid) if etype == "place" and eid not in ner_only else None
            if place is not None and eid in ambiguous:
                # An id an ambiguous name was left as ("Korea", "Geneva") takes a GeoNames place's country and
                # point only in a country the gazetteer gives for that name: Geneva in Switzerland, never a Koréa
                # in Côte d'Ivoire for sharing the id.
                allowed = {c for sf in surfaces[eid] for c in gz.ambiguous.get(sf, gz.ambiguous.get(clean_name(sf), ""))
                           .split("|") if c}
                place = place if place.iso3 in allowed else None
            if place is not None:
                name, country, source = place.name, place.iso3, "geonames"
                point = {"lat": place.lat, "lon": place.lon, "geonameid": place.geonameid or None}
            elif etype == "place":
                s = clean_name(surfaces[eid][0])
                if s in gz.aliases and gz.aliases[s][0].startswith("country:"):
                    country, source = gz.aliases[s][0][8:], "gazetteer"
        body = _BODY_ID.match(eid) if etype == "organisation" and eid not in gz.entities.index else None
        if body and body.group(2) in BODY_TAILS and f"country:{body.group(1).upper()}" in gz.entities.index:
            # a government's body by its kind, of the country the story showed ("the Finance Ministry" in a Tokyo story)
            country, source = body.group(1).upper(), "inferred"
            name = f"{BODY_TAILS[body.group(2)]} ({gz.entities.loc['country:' + country, 'name']})"
        if not country and etype in ("person", "organisation") and eid not in gz.entities.index \
                and eid[4:] not in BODY_TAILS:  # a body by its kind whose stories showed no owner: no guess
            country = affiliation.get(eid, "")
            source = "inferred" if country else ""
        rows.append({"entity_id": eid, "name": name, "type": etype, "country": country or "",
                     "country_source": source, "aliases": surfaces[eid],
                     "n_mentions": int(n_mentions[eid]), "n_articles": int(n_articles[eid]), **point})
    ents = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    for eid, name in edits.get("rename", {}).items():
        ents.loc[ents["entity_id"] == eid, "name"] = name
    for eid, iso in edits.get("affiliation", {}).items():
        ents.loc[ents["entity_id"] == eid, ["country", "country_source"]] = [iso, "analyst"]
    return ents.sort_values("n_mentions", ascending=False, kind="stable").reset_index(drop=True)

