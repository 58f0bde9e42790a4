"""Resolution: which canonical actor each raw mention of one article names.

:func:`resolve_article` goes through an article's raw mentions in text order and asks
one rule per kind of mention: the analyst's splits (:func:`_resolve_split`), gazetteer
matches (:func:`_resolve_gazetteer`: titles, context-dependent bodies, ambiguous names,
capitals used as places), then the NER labels (:func:`_resolve_person`,
:func:`_resolve_org`, :func:`_resolve_place`). Persons already named in the article
(:class:`~components.build.people.ArticlePeople`) decide bare surnames ("Kim" after "Kim Jong
Un"); a bare surname nobody in the article explains is left pending for the store
(:func:`~components.build.people.link_people`). Countries named anywhere in it decide
ambiguous names ("Korea", "the Foreign Ministry"). Every resolution comes with its rule.
:func:`surname_fill` adds the bare surnames the NER model missed. No NLP runs here.

Examples
--------
>>> clean_name("the Kremlin's")
'Kremlin'
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import replace

import pandas as pd

from components.build.dates import DATELINE
from components.build.gazetteer import Gazetteer, per_gazetteer, slugify
from components.build.places import (BIG_CITY, TOWN_IN_NAME, RULE_DATELINE, RULE_GEONAMES, PlaceContext,
                                     frame_candidates, geo_entity,
                                     STATE_COUNTRIES, ground_countries, is_abroad, is_outlet_town, is_street, street_after, street_name_start, Place,
                                     place_of_id, shares_its_name,
                                     compass_region, home_namesake, is_generic_place_name, in_home, in_the_us, inner_datelines, is_hamlet, is_local,
                                     load_places,
                                     state_over_country, local_namesake, place_context, place_frame, place_id,
                                     qualifier_after, resolve_dateline, resolve_place, RULE_GROUND_FEATURE,
                                     RULE_INSIDE, inside_place,
                                     ground_feature, local_county, feature_named, _names_abroad, _ascii, _GENERIC_WORDS)
from components.build.people import (only_particles, PENDING, PENDING_PLACE, PENDING_PLACE_SURE, RULE_EDIT, RULE_FULL, RULE_GAZ, RULE_GIVEN, RULE_LISTED_SURNAME,
                                     RULE_RECOVERED,
                                     RULE_SURNAME, RULE_TITLE, ArticlePeople, is_common_word, listed_surname,
                                     NAVY_PREFIXES, VESSEL_PREFIX, feature_in_frame, named_kind, non_person_kind, parse_name,
                                     thing_in_article, thing_kind)

__all__ = ["resolve_article", "surname_fill", "places_in_names", "countries_in_titles", "places_by_frame", "attach_sentences",
           "clean_name", "GOVERNMENT_BODIES", "BODY_TAILS"]

_POSSESSIVE = re.compile(r"(['’]s|['’])$")
# One-word ORG spans that name a kind of body, not a body ("the Ministry said").
_GENERIC_ORGS = {"Defence", "Defense", "Ministry", "Party", "Government", "Army", "Navy", "Air Force", "Council",
                 "Committee", "Agency", "Parliament", "Cabinet", "Court", "Office", "Department", "Commission",
                 "Assembly", "Bureau", "Embassy", "Military", "Politburo", "Secretariat", "Presidium", "Union",
                 "Foreign Ministry", "Defence Ministry", "Defense Ministry", "the Party", "Central Committee",
                 "State", "Board", "Institute", "University", "Bank", "Fund", "Group", "Company", "Corp"}
_JUNK = re.compile(r"^[\W\d_]+$|https?:|www\.|@")
_PERSONAL_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Sir|Dame)\.?\s+$")


def clean_name(surface: str) -> str:
    """A surface form without the possessive, a leading "the" and edge punctuation."""
    s = re.sub(r"\s+", " ", surface).strip()
    s = _POSSESSIVE.sub("", s)
    s = re.sub(r"^(the|The)\s+", "", s)
    return s.strip(" .,;:-\"'“”‘’()<>")


# Why a non-person mention resolved (stored in mentions.parquet `rule`, with the people's rules).
RULE_GAZ_NAME = "gazetteer name"
RULE_CAPITAL_ACTOR = "capital as actor"
RULE_CAPITAL_PLACE = "capital as place"
RULE_AMBIGUOUS = "ambiguous name, article's countries"
RULE_CONTEXT = "body of the article's country"
RULE_NER_ORG = "organisation (NER)"
RULE_NER_PLACE = "place (NER)"


def resolve_article(group, published, gz: Gazetteer, splits: dict, text: str | None = None, dateline: str = "",
                    home: frozenset = frozenset(), unnamed: frozenset = frozenset()) -> list:
    """``(entity id, rule)`` per raw mention of one article (id None = not an actor), in the order of ``group``.

    ``group``: the article's raw mentions, a DataFrame or its rows (``itertuples``, as
    :func:`~components.build.entities.canonicalise` passes them: no frame per article).
    ``splits`` maps a surface (or ``(surface, article_id)``) to the id the analyst gave it.
    ``text`` is the article's text: the words around a name tell a ship or an exercise from a
    person (:func:`~components.build.people.non_person_kind`); without it that test is skipped.
    ``dateline`` (as ingest found it: "EDMONTON, Ky.") says where the story was filed, which decides
    among places of one name as the article's own countries and states do. ``home`` is the outlet's home
    (:func:`~components.build.places.outlet_homes`): its towns win over namesakes, more weakly.
    """
    rows = list(group.itertuples(index=False)) if isinstance(group, pd.DataFrame) else group
    surfaces, labels = [m.surface for m in rows], [m.label for m in rows]
    people = ArticlePeople()
    # Countries named unambiguously anywhere in the article decide the ambiguous names
    # ("Korea", "the North"): one candidate present -> that country; none or several -> a place.
    named = Counter(m.gaz.split("|", 1)[0][8:] for m in rows if m.gaz.startswith("country:")
                    and m.gaz.split("|", 1)[0][8:] not in unnamed)
    # Bare names NER calls a person anywhere in the article: "Navratilova" shows that the
    # "Martina Navratilova" it typed as a place is a person.
    bare_person = {clean_name(s) for s, lab in zip(surfaces, labels)
                   if lab == "PERSON" and len(clean_name(s).split()) == 1}
    where = replace(place_context(surfaces, labels, set(named), gaz=[m.gaz for m in rows]), home=home)  # decides among places of one name
    person_ends = frozenset(m.end for m in rows if m.label == "PERSON")  # "Kalena Horhn of Grand Prairie"
    persons = [(m.start, m.end, m.surface) for m in rows if m.label == "PERSON"]
    surnames = _written_as_a_person(rows, text)
    # upper-case datelines inside the text ("... council. SPRINGDALE, Ark. (AP) --") NER typed otherwise
    inner = {(ds, de): (dn, text[rs:re_] if re_ else "") for ds, de, dn, rs, re_ in inner_datelines(text)} \
        if text else {}
    # names NER types a place in the article at least as often as a person or an organisation: "Evansville"
    # it tags ORG once is that place too (one NER slip does not make a company's name a town)
    typed = Counter((clean_name(s), lab in ("GPE", "LOC")) for s, lab in zip(surfaces, labels)
                    if lab in ("GPE", "LOC", "PERSON", "ORG"))
    placed = frozenset(n for (n, is_place), k in typed.items() if is_place and k >= typed.get((n, False), 0))
    # a name of two words or more NER typed a person or an organisation that the article writes, somewhere, where only
    # a place goes ("a woman who lives in Foo Bay", "a trip to Foo Bar") is that place throughout: the headline's
    # "Firefighters battle Foo Bay fire" too, which NER typed a person
    placed |= _written_where_a_place_goes(rows, text)
    # the places NER typed (no country): a name written beside one in a list is one too ("Paris and Foo")
    beside = frozenset((m.start, m.end) for m in rows if m.label in ("GPE", "LOC") and not m.gaz.startswith("country:"))
    filed = resolve_dateline(dateline, where) if dateline else None  # "EDMONTON, Ky.": the story is in Kentucky
    filed_iso = filed.iso3 if filed is not None else ""
    owner = _article_owner(filed_iso, named)
    if filed is not None:
        # a dateline grounds the story in its state, unless it is a city of a million people written alone, where wires
        # keep their bureaus ("NEW YORK - ... Mexico" is about the country, no town of that name in New York state)
        grounds = bool(filed.admin1) and ("," in dateline or filed.kind != "city" or filed.population < _BUREAU_CITY)
        where = replace(where, countries=where.countries | {filed.iso3},
                        regions=where.regions | ({(filed.iso3, filed.admin1)} if grounds else set()))
    # How the article writes each country it names: "Lebanon" alone (no "Lebanese", no "Beirut") in a story
    # that names Indiana may be Lebanon, Ind.
    written: dict[str, set] = {}
    for m in rows:
        if m.gaz.startswith("country:"):
            written.setdefault(m.gaz.split("|", 1)[0][8:], set()).add(clean_name(m.surface))
    listed_abroad = _listed_abroad(rows, text, where) if text else frozenset()
    out = []
    seen: dict = {}  # sentence -> whether it names a place of the story's ground and none elsewhere
    orgs: list[tuple[list[str], str]] = []  # organisations named so far: their words and id
    local: dict[str, tuple] = {}  # name -> the namesake an earlier "Athens, Ohio" in this article resolved to
    for m in rows:
        split = _resolve_split(m, splits)
        if split is not None:
            out.append((split, RULE_EDIT))
            continue
        name = clean_name(m.surface)
        # "Foo Road", "Foo and Bar streets"; a capital's or a country's name only before a street word ("protests
        # spread to Foo and Bar streets" are two cities' streets)
        street = bool(text) and (m.label in ("GPE", "LOC", "FAC") or m.gaz.endswith(("|capital", "|name"))) \
            and street_after(text, m.end, lists=not m.gaz.endswith(("|capital", "|name")) and bool(
                where.regions or where.home))
        if name in local and (m.label in ("GPE", "LOC") or m.gaz.endswith(("|capital", "|name"))):
            out.append(local[name])  # "Athens" after "Athens, Ohio" stays in Ohio
            continue
        dated = inner.get((m.start, m.end)) if inner and m.label not in ("GPE", "LOC") and not m.gaz else None
        if dated is not None:
            place = resolve_dateline(f"{dated[0]}, {dated[1]}" if dated[1] else dated[0], where)
            if place is not None and place.kind != "country":
                out.append((place_id(place, load_places()), RULE_DATELINE))
                continue
        state = _abbreviated_state(m, rows, out, text) if text and not m.gaz and m.label not in ("GPE", "LOC") \
            else None
        if state is not None:  # "Barrie, Ont." with "Ont" typed a person: Ontario
            out.append((state, RULE_GEONAMES))
            continue
        if _a_persons_surname(m, name, surnames, text):
            # "Foo to offer plan" over "Mayor Ann Foo", "Foo will appear on television" after "drummer Ed Foo": the
            # person the article names in full, not a town or a province of that name
            res = _resolve_person(m, gz, people, text, published, where.countries)
        elif m.gaz:
            res = _resolve_gazetteer(m, published, gz, people, named, text, where, written, person_ends, owner=owner,
                                     listed_abroad=listed_abroad, filed=filed_iso)
        elif m.label == "PERSON" and (kind := _person_span_kind(m, name, text)) == "place":
            res = _resolve_place(m._replace(label="LOC"), gz, people, text, where)  # "Foo Cape", "Foo Prefecture"
        elif m.label == "PERSON" and kind == "org":
            res = _resolve_org(m._replace(label="ORG"), gz, people, named, orgs, text, owner, filed_iso)  # "Foo Labs"
        elif m.label == "PERSON":
            # a name the article writes as a person's elsewhere is that person, not a namesake town ("Foo's town
            # hall" in a headline, "President Foo" below)
            res = _unit_typed_otherwise(name, where) or \
                (name not in surnames and _place_typed_otherwise(m, gz, people, text, where, person_ends=person_ends,
                                                                 placed=placed, beside=beside)) or \
                _resolve_person(m, gz, people, text, published, where.countries)
            if res[0] and res[0].startswith(PENDING) and text:
                # a bare name no one in the article bears: the town it names, should no one in the store bear it
                town = _town_of_a_bare_name(m, text, where, persons)
                if town:
                    res = (f"{res[0]}{PENDING_PLACE_SURE if town[1] else PENDING_PLACE}{town[0]}", res[1])
        elif m.label == "ORG":
            res = _recover_person(m, gz, people, bare_person, text) or _unit_typed_otherwise(name, where, org=True) or \
                _place_typed_otherwise(m, gz, people, text, where, org=True, person_ends=person_ends,
                                       placed=placed, beside=beside) or \
                _resolve_org(m, gz, people, named, orgs, text, owner, filed_iso)
        elif m.label in {"GPE", "LOC", "FAC"}:
            res = _recover_person(m, gz, people, bare_person, text) or _resolve_place(
                m, gz, people, text, where, beside=lambda sent=getattr(m, "sent", None): _beside_ground(sent, rows, where, seen))
        elif m.label == "NORP":
            res = _place_typed_norp(m, people, text, where) or (None, "")
        else:
            res = (None, "")
        eid, rule = res
        if street and not _on_ground(eid, where):
            eid = None  # a street named after a place is no evidence of that place abroad
        if rule == RULE_NER_ORG:
            orgs.append((name.split(), eid))
        if rule == RULE_GEONAMES and eid and (qualifier_after(text or "", m.end)
                                              or m.gaz.endswith(("|capital", "|name"))):
            local[name] = res  # "Paris, Texas", or a capital's namesake the article pointed to
        # NORP outside the gazetteer ("Communist", "Muslim") is not an actor.
        if eid and eid.split(":", 1)[1] == "":
            eid = None
        out.append((eid, rule if eid else ""))
    # the namesake holds for the article's earlier mentions of that name too ("Paris" ... "a Paris man")
    for i, m in enumerate(rows):
        name = clean_name(m.surface)
        if name in local and out[i][1] in (RULE_CAPITAL_PLACE, RULE_CAPITAL_ACTOR, RULE_GAZ_NAME) \
                and m.gaz.endswith(("|capital", "|name")):
            out[i] = local[name]
    gone = frozenset() if unnamed else namesake_only(rows, [eid for eid, _r in out])
    if gone:
        # a country the story names only by its capital's name, every time a namesake on the story's side ("the
        # London District School Board" in an Ontario paper, "St. Paris Court" in Ohio): the story points nowhere
        # abroad, so its other names are read again without that country ("Tavistock" is Tavistock, Ont., not
        # Devon's; "Mercy Memorial Hospital" holds no French village)
        return resolve_article(group, published, gz, splits, text, dateline, home, unnamed=gone)
    return out


def namesake_only(rows, ids) -> frozenset:
    """The countries ``rows`` (one article's raw mentions) name only by their capital's name (no country name, no
    demonym, no other capital), every mention of which resolved (``ids``, one per row) to a GeoNames namesake in
    another country: London, Ont., Paris, Texas. A capital read as itself or as its government keeps its country.

    >>> row = type("R", (), {"gaz": "country:GBR|capital"})()
    >>> sorted(namesake_only([row], ["place:london-can"])), sorted(namesake_only([row], ["place:london"]))
    (['GBR'], [])
    """
    seen: dict[str, bool] = {}
    for m, eid in zip(rows, ids):
        if not str(m.gaz).startswith("country:"):
            continue
        target, kind = m.gaz.split("|", 1)
        place = place_of_id(eid) if kind == "capital" and eid and eid.startswith("place:") else None
        seen[target[8:]] = seen.get(target[8:], True) and place is not None and place.iso3 != target[8:]
    return frozenset(c for c, away in seen.items() if away)


def _resolve_split(m, splits: dict):
    """The analyst's split of this surface in this article, else of this surface anywhere (else None)."""
    if (m.surface, m.article_id) in splits:
        return splits[(m.surface, m.article_id)]
    return splits.get(m.surface)


def _around(m, text: str | None, width: int = 40) -> tuple[str, str]:
    if not text:
        return "", ""
    return text[max(0, m.start - width):m.start], text[m.end:m.end + width]


def _listed_abroad(rows, text: str, where: PlaceContext) -> frozenset:
    """The spans of the country names and capitals ``rows`` (one article's raw mentions) write in a list beside a
    place abroad: another country no namesake on the story's ground explains ("in Russia and Foo", where a Texas
    paper's Foo has a Texan namesake but Russia none), or a continent or world region ("the Middle East, Foo and
    ..."). Such a name is the country or the capital, not a town of the story's own ground; a list of towns that
    all have namesakes there ("Foo, Bar and Baz" of a county's towns) points nowhere abroad.
    """
    ground = ground_countries(where)
    idx = None

    def abroad(r) -> bool:
        nonlocal idx
        if r.gaz.startswith("country:") and r.gaz.endswith(("|name", "|capital")):
            iso3 = r.gaz.split("|", 1)[0][8:]
            if iso3 in ground or qualifier_after(text, r.end):
                return False
            idx = idx or load_places()
            return local_namesake(clean_name(r.surface), text=text, end=r.end, context=where, besides=iso3,
                                  home=True, abroad=False, index=idx) is None
        return not r.gaz and r.label == "LOC" and is_generic_place_name(clean_name(r.surface))

    out = set()
    for i, m in enumerate(rows):
        if not (m.gaz.startswith("country:") and m.gaz.endswith(("|name", "|capital"))):
            continue
        before = rows[i - 1] if i else None
        after = rows[i + 1] if i + 1 < len(rows) else None
        if before is not None and before.end <= m.start and _LIST_JOIN.fullmatch(text, before.end, m.start) \
                and abroad(before) \
                or after is not None and m.end <= after.start and _LIST_JOIN.fullmatch(text, m.end, after.start) \
                and abroad(after):
            out.add((m.start, m.end))
    return frozenset(out)


def _namesake(m, name: str, target: str, text: str | None, where: PlaceContext, written: dict | None = None,
              person_ends=frozenset(), listed_abroad=frozenset()):
    """``(place id, rule)`` when the article points to a namesake of a capital or country outside it
    ("Paris, Texas"; Paris in a story naming Texas; Athens in a story set in the US that names nothing
    else Greek; "Athens police" or "a Paris man" in a story that names no country at all; "Nassau and Baker
    counties": the county); for a namesake GeoNames lacks in the US state or the Canadian or Australian
    province written after it ("Foo, Minn."), that state, never the capital abroad; else None."""
    if (m.start, m.end) in listed_abroad and not qualifier_after(text or "", m.end):
        return None  # "in Russia and Foo", "the Middle East, Foo and ...": a list of places abroad, not a local namesake
    others = where.countries - {target[8:]}
    only_name = written is not None and written.get(target[8:], set()) <= {name}
    # Only in a story set in one other country, never in one whose own ground (a state or province it names, its
    # paper's home) is the capital's country ("Oregon and Washington laws" with a "British author" is no English
    # town), and never for a name that acts ("Moscow said").
    alone = only_name and len(others) == 1 and m.role != "actor" and target[8:] not in ground_countries(where)
    where = replace(where, countries=others) if alone else where
    idx = load_places()
    if text and place_frame(text, m.start, m.end) == "county":
        # one of a list of counties ("Camden, Nassau and Baker counties"): the county of that name, not the capital
        county = resolve_place(f"{name} County", context=where, index=idx)
        if county is not None and county.iso3 != target[8:]:
            return place_id(county, idx), RULE_GEONAMES
    place = local_namesake(name, text=text or "", end=m.end, context=where, besides=target[8:], alone=alone,
                           home=only_name and m.role != "actor", abroad=only_name, index=idx)
    if place is None and only_name and not others and text and m.role != "actor" \
            and place_frame(text, m.start, m.end, person_ends, local=True) == "place":
        # a local paper's own town, written as a local paper writes it ("Athens police", "a Paris man",
        # "Jason Cumby of Athens"), in a story naming no country: the largest namesake of 10,000 people in the paper's
        # home country; for an outlet with no known home, a city of 100,000 people (London, Ont.), never a town of
        # 15,000 (a wire's "Vienna police said" is Austria's, not Vienna, Va.)
        homes = {h[0] for h in where.home}
        towns = [p for p, main in idx.by_name.get(name.lower(), ())
                 if main and p.iso3 != target[8:] and p.kind == "city"
                 and (p.iso3 in homes and p.population >= _NAMESAKE_TOWN or not homes and p.population >= BIG_CITY)]
        place = max(towns, key=lambda p: p.population) if towns else None
        if place is not None and is_abroad(place, where):
            # a paper at home in Kentucky writing of "two London residents": its own London, which GeoNames' cities
            # file lacks, not London, Ont., nor the capital (a story pointing abroad names the country some other way)
            return None, ""
    if place is None and text:
        quals = qualifier_after(text, m.end, idx)
        if quals and all(q.kind == "region" and q.iso3 in STATE_COUNTRIES and q.iso3 != target[8:] for q in quals):
            town = resolve_place(name, text=text, end=m.end, context=where, index=idx)  # a namesake in that country
            return (place_id(town, idx), RULE_GEONAMES) if town is not None and town.iso3 != target[8:] else (None, "")
    return (place_id(place, idx), RULE_GEONAMES) if place is not None else None


_NAMESAKE_TOWN = 10_000
_TOWN_BEFORE_QUALIFIER = re.compile(r"([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}),\s*$")  # "Atlanta, " before "Georgia"


@per_gazetteer
def _demonym_words(gz: Gazetteer) -> frozenset:
    """The last words of the gazetteer's demonyms ("Koreans" of "South Koreans", "Congolese")."""
    return frozenset(a.split()[-1] for a, (eid, kind) in gz.aliases.items()
                     if kind == "demonym" and eid.startswith("country:"))


def _resolve_gazetteer(m, published, gz: Gazetteer, people: ArticlePeople, named: Counter,
                       text: str | None, where: PlaceContext = PlaceContext(), written: dict | None = None,
                       person_ends=frozenset(), owner: str | None = None, listed_abroad=frozenset(),
                       filed: str = "") -> tuple:
    """A gazetteer match (``gaz`` = ``target|kind``): its target, or what the title, context or ambiguity picks."""
    target, kind = m.gaz.split("|", 1)
    if target == "title":
        eid = gz.title_holder(kind, published)
        if eid:
            people.add(eid, gz.entities.loc[eid, "name"] if eid in gz.entities.index else "")
        return eid, RULE_TITLE
    if target == "context":
        # "the Foreign Ministry", "Joint Chiefs of Staff": whose depends on the article's countries, unless a country
        # is written right before it ("Turkey's Foreign Ministry", "the Turkish Foreign Ministry"): that country's
        # body, or one of its own we do not list (never another named country's: Russia's for Turkey's)
        written_owner = _owner_written_before(m, gz, text)
        if written_owner is not None:
            return _body_of(gz, kind, written_owner), RULE_CONTEXT
        listed = _by_context(gz, kind, named, filed)
        return (listed or (_body_of(gz, kind, owner) if owner else None)), RULE_CONTEXT
    if target == "ambiguous" and _SAINTS_BODY.match(m.surface.strip()) and _SAINTS_BODY_AFTER.match(text or "", m.end):
        return None, ""  # "St. Foo's University", "St. Foo's ER": a body named after the saint, not the city of that name
    if target == "ambiguous":
        present = [c for c in kind.split("|") if c and c in named]
        if len(present) == 1:
            return f"country:{present[0]}", RULE_AMBIGUOUS
        before = _TOWN_BEFORE_QUALIFIER.search(text or "", max(0, m.start - 40), m.start) if not present else None
        if before is not None:
            # none named, a town written before it: the candidate the town lies in ("Goma, Congo" is DR Congo,
            # "Batumi, Georgia" the country); a US town is left to the state's reading below ("Atlanta, Georgia")
            town = resolve_place(f"{before.group(1)}, {clean_name(m.surface)}", context=where)
            if town is not None and town.iso3 != "USA" and town.iso3 in kind.split("|"):
                return f"country:{town.iso3}", RULE_AMBIGUOUS
        ground = {c for c in kind.split("|") if c} & ground_countries(where)
        if not present and len(ground) == 1 and ground != {"USA"}:
            # none named, one of them the story's own ground (its paper's home, a province it names): "Georgia" in a
            # Tbilisi paper's story is the country, whatever else it names ("U.S. officials"); a US ground is left
            # to the state below
            return f"country:{ground.pop()}", RULE_AMBIGUOUS
        if len(present) > 1 and not _names_several(m.surface, gz):
            # several named: the one the story names most, else the one of its own ground ("Georgia" in a story
            # naming Georgia 28 times and the US once); the US is left to the state's reading below; a plural or
            # a pair ("the two Foos", "the Foos") names them all and stays the shared name
            top = max(named[c] for c in present)
            most = [c for c in present if named[c] == top]
            pick = most if len(most) == 1 else [c for c in most if c in ground]
            if len(pick) == 1 and pick[0] != "USA":
                return f"country:{pick[0]}", RULE_AMBIGUOUS
        elif "USA" in kind.split("|") and not in_the_us(where) \
                and (where.countries - {"USA"} or any(r[0] != "USA" for r in where.regions)):
            # none named, in a story whose own words point abroad (another country, a division abroad) and say
            # nothing of the US: not the US state, so the one other country ("Georgia" near "Dagestan and
            # Azerbaijan"); a foreign paper's home is no such word (a London paper's "charges in Georgia" are the
            # state's), a story that says nothing keeps the name, and a US town's state written after it stays the
            # state ("Atlanta, Georgia")
            others = [c for c in kind.split("|") if c and c != "USA"]
            town = _TOWN_BEFORE_QUALIFIER.search(text or "", max(0, m.start - 40), m.start)
            town = resolve_place(f"{town.group(1)}, {clean_name(m.surface)}", context=where) if town else None
            if len(others) == 1 and not (town is not None and town.iso3 == "USA"):
                return f"country:{others[0]}", RULE_AMBIGUOUS
        state = state_over_country(clean_name(m.surface), where) if not present else None
        if state is not None:  # "Georgia" in a story set in the USA that names no other Georgia
            return place_id(state, load_places()), RULE_GEONAMES
        if not present and text:
            # none of its countries in the story: a county of a list ("Butler, Hamilton and Warren counties") or a
            # town of the story's own ground (its state or its paper's: "facilities in Hamilton and Middletown")
            name = clean_name(m.surface)
            place = resolve_place(f"{name} County", context=where) \
                if place_frame(text, m.start, m.end) == "county" else resolve_place(name, context=where)
            if is_local(place, where):
                return place_id(place, load_places()), RULE_GEONAMES
        if clean_name(m.surface) in _demonym_words(gz):
            return None, ""  # "Koreans", "Congolese" the story does not settle: a people of two states, no place
        return f"place:{slugify(clean_name(m.surface))}", RULE_AMBIGUOUS
    if kind == "capital":
        local = _namesake(m, clean_name(m.surface), target, text, where, written, person_ends, listed_abroad)
        if local:
            return local
        if m.role == "place":
            return _capital_place(clean_name(m.surface), target, where), RULE_CAPITAL_PLACE
        return target, RULE_CAPITAL_ACTOR
    if kind == "name" and text and written is not None and written.get(target[8:], set()) <= {clean_name(m.surface)} \
            and not _LOCATIVE_BEFORE_NAME.search(text[max(0, m.start - 12):m.start]):
        # a country's name that is the surname of a person the article named ("Coach Ed Foo ... Foo said"), in a
        # story that writes the country no other way (no "Fooish", no capital) nor after a preposition ("in Foo")
        hit = people.resolve(clean_name(m.surface))
        if hit is not None and hit[1] == RULE_SURNAME and _SPEAKS_AFTER.match(text[m.end:m.end + 60]):
            return hit
    if kind == "name" and target.startswith("country:") and written is not None \
            and written.get(target[8:], set()) <= {clean_name(m.surface)}:
        local = _namesake(m, clean_name(m.surface), target, text, where, written, person_ends, listed_abroad)
        if local:
            return local  # "Palestine, Texas"; "Lebanon" in a story about Indiana that names nothing else Lebanese
    if kind == "demonym" and text:
        # a demonym that is the surname of a person the article named ("Police Chief Thomas Finn ... Finn said"),
        # written as a name is: no "the" before it, no capitalised noun after it ("the Fooish Foreign Minister")
        hit = people.resolve(clean_name(m.surface))
        if hit is not None and hit[1] == RULE_SURNAME and not re.match(r"\s+[A-Z]", text[m.end:m.end + 3]) \
                and not re.search(r"\b(?:the|a|an)\s+$", text[max(0, m.start - 5):m.start], re.IGNORECASE):
            return hit
    if kind == "person":
        name = clean_name(m.surface)
        if non_person_kind(name, *_around(m, text)):
            return None, ""  # "the aircraft carrier Abraham Lincoln"
        if len(name.split()) == 1 and is_common_word(name):
            return None, ""  # a one-word alias that is also an everyday word is no evidence
        people.add(target, m.surface)
        if target in gz.entities.index:
            people.add(target, gz.entities.loc[target, "name"])
        return target, RULE_GAZ
    return target, RULE_GAZ_NAME


# A person's surname speaks: a country's name is read as the surname of a person the article named only when a
# speech verb follows it ("Foo said", "Foo, 54, told reporters"). A surname alone is no evidence: a story naming a
# "Rep. Ed Foo" may still write "Foo's King", "Foo and Egypt refused" or "Foo beat Argentina" about the country,
# and "Foo said it would" is the state speaking of itself.
_SPEAKS_AFTER = re.compile(r"(?:\s*,[^,.;]{1,40},)?\s+(?:said|says|told|tells|added|adds|asked|explained|noted|wrote"
                           r"|recalled|testified|replied|answered|insisted|argued|stated)\b(?!\s+(?:it|its)\b)")
# A preposition before a country's name reads it as the place ("in Foo", "the king of Foo"), not a person's surname.
_LOCATIVE_BEFORE_NAME = re.compile(r"\b(?:in|to|from|into|across|throughout|inside|near|of|at|for|over|toward|towards)\s+$",
                                   re.IGNORECASE)


def _written_as_a_person(rows, text: str | None) -> frozenset:
    """One-word names the article writes as a person's: the last word of a full name NER typed a person
    ("Ana Foo"), or a name NER typed a person after a title ("President Foo", "Sen. Foo"; the titles
    :func:`~components.build.people.parse_name` knows). The same name typed a person elsewhere in the article
    (a headline's "Foo's town hall") is that person too, not a town of that name."""
    out = set()
    for m in rows:
        if m.label != "PERSON":
            continue
        words = clean_name(m.surface).split()
        if len(words) >= 2 and all(w[:1].isupper() and w.isalpha() for w in words):
            out.add(words[-1])
        elif len(words) == 1 and text:
            before = re.search(r"([A-Z][A-Za-z]*\.?)\s+$", text[max(0, m.start - 30):m.start])
            if before and parse_name(f"{before.group(1)} {words[0]}").title:
                out.add(words[0])
    return frozenset(out)


# A saint's name after the word of what is dedicated to a saint ("the church of St. Foo", "the Feast of St. Foo"): the
# saint, not a town named after the saint.
_SAINT = re.compile(r"^(?:St\.?|Saint|Sts\.?)\s+[A-Z]")
_DEDICATED_TO = re.compile(r"\b(?:[Cc]hurch|[Cc]athedral|[Bb]asilica|[Cc]hapel|[Pp]arish|[Ff]east|[Aa]bbey|[Mm]onastery|"
                           r"[Ss]hrine|[Oo]rder|[Dd]ay|[Ss]isters|[Bb]rothers|[Kk]nights)\s+of\s+(?:the\s+)?(?:St\.?\s+\w+\s+and\s+)?$")
# A saint's possessive name ("St. John's", "Saint Mary's") before the word of a body named after the saint: a
# university, a hospital, a church or a school, not the town of that name ("St. John's City Council" is the town's).
_SAINTS_BODY = re.compile(r"^(?:St\.?|Saint)\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['’]s$")
_SAINTS_BODY_AFTER = re.compile(r"\s+(?:University|College|Hospital|Medical|Health|Church|Cathedral|Chapel|Academy|"
                                r"Seminary|Episcopal|Lutheran|Catholic|Prep|Preparatory|Abbey|School|ER|Regional)\b")


def _written_where_a_place_goes(rows, text: str | None) -> frozenset:
    """The names of two words or more NER typed a person or an organisation that ``text`` writes at least once after
    words only a place follows (:data:`_LOCATIVE_STRICT`, :data:`_JOURNEY`: "lives in Foo Bay", "a trip to Foo Bar",
    "residents of Foo Bar"), not as a person's possessive ("in Ann Lee's house") nor after a person's title.

    >>> from collections import namedtuple
    >>> M = namedtuple("M", "surface label start end")
    >>> t = "Firefighters battle Foo Bay fire. Ann Lee, who lives in Foo Bay, met Bo Roe in Al Pine's house."
    >>> rows = [M("Foo Bay", "PERSON", 20, 27), M("Foo Bay", "PERSON", 56, 63), M("Al Pine", "PERSON", 79, 86)]
    >>> sorted(_written_where_a_place_goes(rows, t))
    ['Foo Bay']
    """
    if not text:
        return frozenset()
    out = set()
    for m in rows:
        if m.label not in ("PERSON", "ORG"):
            continue
        name = clean_name(m.surface)
        if len(name.split()) < 2 or name in out:
            continue
        before = text[max(0, m.start - 40):m.start]
        if (_LOCATIVE_STRICT.search(before) or _JOURNEY.search(before)) and not _TITLE_BEFORE.search(before) \
                and not re.search(r"['’]s?$", m.surface.strip()) and not re.match(r"['’]s\b", text[m.end:m.end + 3]):
            out.add(name)
    return frozenset(out)


def _a_persons_surname(m, name: str, surnames: frozenset, text: str | None) -> bool:
    """A one-word name NER typed a place (or a name the gazetteer keeps ambiguous, "Foo" for several countries' towns)
    that is the surname of a person the article names in full (:func:`_written_as_a_person`), written with no word
    of place: no locative before it ("in Foo", "near Foo"), no state or country after it ("Foo, Ont."), no place
    noun or possessive after it ("Foo police", "Foo's mayor"). A country's or a capital's name is never read so
    here (those have their own rules: "Jordan's King", "Washington said").

    >>> m = type("M", (), {"label": "GPE", "gaz": "", "start": 0, "end": 3})()
    >>> _a_persons_surname(m, "Foo", frozenset({"Foo"}), "Foo to offer plan. Mayor Ann Foo said.")
    True
    >>> _a_persons_surname(m, "Foo", frozenset({"Foo"}), "Foo, Ont. Mayor Ann Foo said.")
    False
    """
    if not text or name not in surnames or " " in name or not (
            m.label in ("GPE", "LOC") and not m.gaz or m.gaz.startswith("ambiguous|")):
        return False
    return not _written_as_a_place(m, text) and not _PLACE_WORD_BEFORE.search(text[max(0, m.start - 40):m.start]) \
        and not _POSSESSIVE_AFTER.match(text, m.end)  # "Foo's mayor": left as it was


def _written_as_a_place(m, text: str) -> bool:
    """Whether the words around a name make it a place: a locative before it ("in Foo", "near Foo", "to Foo"), its state or
    country after it ("Foo, Ont."), a place noun after it ("Foo police", "Foo-based"); never with a possessive after
    it ("in Foo's stimulus bill")."""
    before, after = text[max(0, m.start - 40):m.start], text[m.end:m.end + 40]
    if _POSSESSIVE_AFTER.match(after):
        return False  # "in Foo's stimulus bill": the person's, whatever the preposition
    return bool(_LOCATIVE.search(before) or re.search(r"\b(?:to|via)\s+$", before) or qualifier_after(text, m.end)
                or _PLACE_WORD_AFTER.match(after))


# Words that make a name a place whatever a person in the story is called: "the city of Foo", "Foo County", "Foo police".
_PLACE_WORD_BEFORE = re.compile(r"\b(?:of|to|via|between|and|or|&)\s+$|\b(?:city|town|village|county|province|state)\s+"
                                r"(?:of\s+)?$", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['’]s?\s")
_PLACE_WORD_AFTER = re.compile(r"\s*(?:-based|[,-]\s*[A-Z][a-z]+\.?\s*(?:\(|$))|\s+(?:[A-Z][a-z]+\s+)?"
                               r"(?:County|City|Township|Parish|police|residents?|man|woman|area|council|mayor|schools?)\b")


def _names_several(surface: str, gz: Gazetteer) -> bool:
    """A plural or a pair of an ambiguous name ("the two Foos", "both Foos", "the Foos" where "Foo" is the shared
    name): it names every country the name may mean, not one of them."""
    name = clean_name(surface)
    return bool(re.search(r"\b(?:two|both)\b", surface, re.IGNORECASE)) \
        or (name.endswith("s") and name[:-1] in gz.ambiguous)


_OWNER_BEFORE = re.compile(r"((?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)(?:'s|’s|’|')?\s+$")


def _owner_written_before(m, gz: Gazetteer, text: str | None) -> str | None:
    """ISO3 of a country written right before ``m`` as its owner: "Turkey's", "South Korea's", "the Turkish"."""
    if not text:
        return None
    before = _OWNER_BEFORE.search(text, max(0, m.start - 40), m.start)
    if before is None:
        return None
    words = before.group(1).split()
    for k in range(len(words)):
        hit = gz.aliases.get(" ".join(words[k:]))
        if hit is not None and str(hit[0]).startswith("country:"):
            return str(hit[0])[8:]
    return None


# A government's bodies by their kind alone, as wires write them ("the Finance Ministry said", "the Treasury"): a body
# of the country written before it, else of the story's own country (its dateline's, else the one it names most), never
# one body pooled across every story that writes the word. A kind whose owner the story does not show is no actor.
GOVERNMENT_BODIES = frozenset({
    "Foreign Ministry", "Finance Ministry", "Defence Ministry", "Defense Ministry", "Trade Ministry", "Economy Ministry",
    "Economics Ministry", "Interior Ministry", "Justice Ministry", "Agriculture Ministry", "Energy Ministry",
    "Health Ministry", "Industry Ministry", "Oil Ministry", "Petroleum Ministry", "Labour Ministry", "Labor Ministry",
    "Education Ministry", "Transport Ministry", "Information Ministry", "Commerce Ministry", "Mines Ministry",
    "Ministry of Finance", "Ministry of Foreign Affairs", "Ministry of Defence", "Ministry of Defense",
    "Ministry of Trade", "Ministry of Economy", "Ministry of Agriculture", "Ministry of Energy", "Ministry of Health",
    "Ministry of Justice", "Ministry of the Interior", "Ministry of Interior", "Treasury", "Central Bank",
    "Foreign Office", "Home Office", "Parliament", "Cabinet", "Supreme Court", "Constitutional Court",
    "National Assembly", "Finance Department"})


# One name per body for the ids of bodies no list has ("Ministry of Defense", "Defense Ministry": one body).
_BODY_NAME = {"Defense Ministry": "Defence Ministry", "Ministry of Defence": "Defence Ministry",
              "Ministry of Defense": "Defence Ministry", "Ministry of Finance": "Finance Ministry",
              "Ministry of Foreign Affairs": "Foreign Ministry", "Ministry of Trade": "Trade Ministry",
              "Ministry of Economy": "Economy Ministry", "Economics Ministry": "Economy Ministry",
              "Ministry of Agriculture": "Agriculture Ministry", "Ministry of Energy": "Energy Ministry",
              "Ministry of Health": "Health Ministry", "Ministry of Justice": "Justice Ministry",
              "Ministry of the Interior": "Interior Ministry", "Ministry of Interior": "Interior Ministry",
              "Labor Ministry": "Labour Ministry", "Petroleum Ministry": "Oil Ministry"}
# The id tail of each body of :data:`GOVERNMENT_BODIES` no list has: "org:jpn-<tail>".
BODY_TAILS = {slugify(_BODY_NAME.get(k, k)): _BODY_NAME.get(k, k) for k in GOVERNMENT_BODIES}


# A dateline city this big, written alone, is where a wire keeps a bureau: no ground for the state it lies in.
_BUREAU_CITY = 1_000_000


def _article_owner(filed: str, named: Counter) -> str | None:
    """ISO3 of the country a story's bare government bodies belong to: its dateline's (``filed``: "TOKYO - The
    Finance Ministry said"), else the country it names most when that leads the next by two to one.

    >>> _article_owner("", Counter({"JPN": 4, "USA": 1})), _article_owner("", Counter({"JPN": 2, "USA": 2}))
    ('JPN', None)
    """
    if filed:
        return filed
    top = named.most_common(2)
    if top and (len(top) == 1 or top[0][1] >= 2 * top[1][1]):
        return top[0][0]
    return None


@per_gazetteer
def _listed_bodies(gz: Gazetteer) -> dict:
    """``(ISO3, kind) -> organisation id`` for the gazetteer's bodies an alias writes as a country's word and a kind
    of :data:`GOVERNMENT_BODIES` ("U.S. Treasury", "Japanese Finance Ministry", "Britain's Foreign Office")."""
    out = {}
    for alias, (eid, _k) in gz.aliases.items():
        if not eid.startswith("org:"):
            continue
        for kind in GOVERNMENT_BODIES:
            if alias.endswith(" " + kind):
                who = gz.aliases.get(re.sub(r"['’]s$", "", alias[:-len(kind) - 1].removeprefix("the ").strip()))
                if who is not None and who[0].startswith("country:"):
                    out.setdefault((who[0][8:], kind), eid)
    return out


def _body_of(gz: Gazetteer, kind: str, owner: str) -> str:
    """The id of country ``owner``'s body ``kind``: the listed one (``contextual.csv``, or an alias such as "U.S.
    Treasury"), else ``org:<iso3>-<kind>`` (:func:`~components.build.entities.entity_table` names it "Kind
    (Country)" with that country)."""
    name = _BODY_NAME.get(kind, kind)
    for k in [kind, name] + [v for v, n in _BODY_NAME.items() if n == name]:
        eid = next((e for c, e in gz.contextual.get(k, []) if c == owner), None) or _listed_bodies(gz).get((owner, k))
        if eid:
            return eid
    return f"org:{slugify(owner + ' ' + name)}"


def _by_context(gz: Gazetteer, name: str, named: Counter, filed: str = "") -> str | None:
    """The body ``name`` means in an article naming the countries ``named`` (the most named country's); the country
    the story is filed from (``filed``, its dateline's) counts two more, as in :func:`article_countries`: "the Foreign
    Ministry" of a story datelined in Seoul that names the North as often as the South is Seoul's (a tie went to
    the entity id that sorts last)."""
    options = [(named[c] + (2 if c == filed else 0), eid) for c, eid in gz.contextual.get(name, []) if c in named]
    return max(options)[1] if options else None


def _not_a_name(name: str, max_words: int | None = None) -> bool:
    return not name or bool(_JUNK.search(name)) or name.islower() \
        or (max_words is not None and len(name.split()) > max_words)


def _person_id(name: str, gz: Gazetteer) -> tuple[str, str]:
    """A full name: its gazetteer id when listed, else a new person's id (slug of the name without titles)."""
    if name in gz.aliases and gz.aliases[name][1] == "person":
        return gz.aliases[name][0], RULE_GAZ
    display = parse_name(name).display
    if display in gz.aliases and gz.aliases[display][1] == "person":
        return gz.aliases[display][0], RULE_GAZ  # "Dr. Ana Ruiz" -> "Ana Ruiz"
    return f"person:{slugify(display)}", RULE_FULL


def _resolve_person(m, gz: Gazetteer, people: ArticlePeople, text: str | None, published=None,
                    countries: frozenset = frozenset()) -> tuple:
    """A PERSON span: a person named before in the article, a listed full name, a new full name, or a bare
    surname left for the store to settle (``PENDING``). ``countries``: the article's own (named, its dateline's),
    which anchor a bare surname to a listed person in office (:func:`~components.build.people.listed_surname`)."""
    name = clean_name(m.surface)
    if _not_a_name(name, 5) or only_particles(name) or non_person_kind(name, *_around(m, text)) \
            or _a_thing_in_article(m, name, text):
        return None, ""
    parsed = parse_name(name)
    if not parsed.last:
        return None, ""
    hit = people.resolve(name)
    if hit is None and parsed.n_words >= 2:
        hit = _person_id(name, gz)
    if hit is None:
        token = parsed.last.replace(" ", "-")
        before = _around(m, text)[0] if text else ""
        written_title = parsed.title or next(iter(re.findall(r"([A-Z][a-z]+)\.?\s+$", before)), "")
        listed = listed_surname(name, gz, published, text, countries, written_title)
        if name in gz.aliases and gz.aliases[name][1] == "person" and not is_common_word(name):
            hit = gz.aliases[name][0], RULE_GAZ  # a one-word listed name: "Suharto", "Naruhito"
        elif listed:
            hit = listed, RULE_LISTED_SURNAME
        else:
            return PENDING + token, ""
    people.add(hit[0], name)
    return hit


def _a_thing_in_article(m, name: str, text: str | None) -> bool:
    """Whether the article shows the person-like ``name`` is an exercise or a ship named after a person
    (:func:`~components.build.people.thing_in_article`)."""
    if not text:
        return False
    start = m.start + max(0, m.surface.find(name))
    return thing_in_article(name, text, start, start + len(name), getattr(m, "sent_start", None)) is not None


def _a_place_by_its_name(name: str) -> bool:
    """Whether GeoNames knows ``name`` as the own name of a town of 10,000 people or more, or of a state or province
    ("Port Said", "Palm Beach"): such a name NER typed a place stays the place.

    >>> _a_place_by_its_name("Port Said"), _a_place_by_its_name("Anatol Vresko")
    (True, False)
    """
    return any(main and (p.kind == "city" and p.population >= TOWN_IN_NAME or p.kind == "region")
               for p, main in load_places().by_name.get(name.lower(), ()))


def _recover_person(m, gz: Gazetteer, people: ArticlePeople, bare_person: set, text: str | None):
    """A full name NER typed as a place or organisation, when the article shows it is a person:
    its family name stands alone as a person elsewhere, or a personal title precedes it."""
    name = clean_name(m.surface)
    if name in gz.aliases or _not_a_name(name, 4) or len(name.split()) < 2 or name.isupper():
        return None
    if not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in name.split()):
        return None
    station = _STATION.match(name)
    if _a_place_by_its_name(name) or station and _a_place_by_its_name(station.group(2)):
        return None  # a city's own name ("In Port Said, ..."), a broadcaster's station in a city ("CTV Edmonton")
    before, after = _around(m, text)
    titled = bool(_PERSONAL_TITLE.search(before))
    if not titled and not bare_person:
        return None  # nothing in the article can show it is a person: no need to parse the name
    parsed = parse_name(name)
    surname = parsed.last.title() if parsed.last else ""
    if not (titled or surname in bare_person) or non_person_kind(name, before, after):
        return None
    hit = people.resolve(name) or (f"person:{slugify(parsed.display)}", RULE_RECOVERED)
    people.add(hit[0], name)
    return hit


# "the town of Foo", "the port city of Foo": a kind of settlement before "of" says the name is one (not "the capital
# of", which is as often a country's, nor a kind a person's name may follow: "the state of Ann Lee")
_SETTLEMENT_OF = r"\bthe\s+(?:(?:border|port|coastal|northern|southern|eastern|western|central|frontline|front-line)\s+)?" \
                 r"(?:town|city|village|port|hamlet|municipality|suburb|settlement|enclave)\s+of"
# A journey's words before "to" ("a trip to Foo", "drove back to Foo", "flights to Foo"), and a place's own nouns
# before "of" ("one resident of Foo", "the villages of Foo and Bar", "the streets of Foo"): a name after them is where
# someone goes or lives (an award or a pass goes "to" a person, hence no bare "to").
_GOING_TO = r"\b(?:trips?|journeys?|flights?|flew|fl(?:y|ies|ying)|dr(?:ove|ive|ives|iving)|" \
            r"travel(?:l?ed|l?ing|s)?|mov(?:ed|es|ing)|relocat(?:ed|es|ing)|head(?:ed|ing|s)|commut(?:ed|es|ing)|" \
            r"bus|trains?|ferry)\s+(?:back\s+|home\s+|on\s+)?to"
_PLACE_NOUN_OF = r"\b(?:residents?|natives?|villages|towns|cities|outskirts|streets|suburbs|mountains|hills|" \
                 r"citizens|mayor|neighbou?rhoods?|governors?|provinces?|prefectures?|governorates?)\s+of"
_JOURNEY = re.compile(r"(?:" + _GOING_TO + "|" + _PLACE_NOUN_OF + r")\s+$", re.IGNORECASE)
_LOCATIVE = re.compile(r"(?:\b(?:in|at|near|outside|from|throughout|across|around|into|towards?|inside|downtown|"
                       r"suburban|northern|southern|eastern|western|central|rural)|" + _SETTLEMENT_OF + r")\s+$",
                       re.IGNORECASE)
# A war's words before or after a town's name NER typed a person or an organisation: "strikes on Foo", "the assault
# on Foo", "shelling of Foo", "the battle for Foo"; "the Foo front", "the Foo direction" (lower case: "the Popular
# Front" is a body).
_STRIKE_ON = re.compile(r"\b(?:strikes?|airstrikes?|air\s+strikes?|attacks?|assaults?|offensive|advances?|shelling|"
                        r"bombardments?|bombing|raids?|push|drive|fighting|battle|siege|retreat|withdrawal|encirclement)"
                        r"\s+(?:on|against|of|for|in|around|near|toward|towards|into|from)\s+"
                        r"(?:the\s+(?:(?:eastern|western|northern|southern|frontline|front-line)\s+)?"
                        r"(?:town|city|village)\s+of\s+)?$", re.IGNORECASE)
_FRONT_AFTER = re.compile(r"\s+(?:front|frontline|front\s+line|direction|axis|sector|salient)\b")
_LOCATIVE_STRICT = re.compile(r"(?:\b(?:in|near|outside|throughout|inside|downtown|suburban|rural)|" + _SETTLEMENT_OF
                              + r")\s+$", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Sir|Dame|Judge|Officer|Coach)\.?\s+$")


def _by_its_name(place, written: str) -> bool:
    """Whether ``written`` names ``place`` by its own name, or by an alternate one with a dot or of two words
    ("St. Paul", "Phila."): a one-word alternate name is often a word or another place's ("Sea" for Seattle)."""
    return place is not None and (place.name.lower() == written.lower() or "." in written or " " in written.strip()
                                  or _ascii(place.name).lower() == _ascii(written).lower())


def _person_span_kind(m, name: str, text: str | None) -> str | None:
    """What a span NER typed a person is when its own words or an apposition say so: ``"place"`` ("Foo Cape"),
    ``"org"`` ("Foo Labs", "Foo Bar, a wallet provider"), else None; never after a person's title ("Rep. Ann Shoal")."""
    if _titled(m, text):
        return None
    kind = named_kind(name)
    if kind is None and text and feature_in_frame(name, *_around(m, text)):
        kind = "place"  # "mines on Foo Ridge": a feature word that is also a surname, set on the ground
    return kind or ("org" if _BODY_APPOSITION.match(text or "", m.end) else None)


def _titled(m, text: str | None) -> bool:
    """Whether a person's title is written right before ``m`` ("Rep. Ann Shoal", "Dr. Ed Cape"): a person."""
    return bool(text) and _TITLE_BEFORE.search(text, max(0, m.start - 12), m.start) is not None


def _vessel(before: str) -> bool:
    """A ship's prefix before a name: "USS Columbia" is a ship, not the town."""
    return bool(VESSEL_PREFIX.search(before))


# A ship class named after a place ("an Ohio-class submarine", "the Virginia class"): the class, no state or town.
_SHIP_CLASS_AFTER = re.compile(r"-class\b|\s+class\s+(?:(?:attack|ballistic|guided|nuclear|missile|strategic)[\w-]*\s+)*"
                               r"(?:submarines?|destroyers?|carriers?|frigates?|cruisers?|warships?|ships?|vessels?|boats?)\b",
                               re.I)


def _a_ships_name(m, name: str, text: str | None) -> bool:
    """Whether a place-typed ``name`` is a ship named after a place: written after a navy's prefix ("HMS Richmond",
    "USS Kentucky"), as a ship class ("Ohio-class"), or "the Foo" in a story that names the ship "USS Foo" ("The
    Kentucky remained in Busan" after "the USS Kentucky docked")."""
    if not text:
        return False
    if _vessel(text[max(0, m.start - 8):m.start]) or _SHIP_CLASS_AFTER.match(text, m.end):
        return True
    if not (re.search(r"\b[Tt]he\s+$", text[max(0, m.start - 5):m.start]) or m.surface.lower().startswith("the ")):
        return False
    return re.search(rf"\b(?:{NAVY_PREFIXES})\s+{re.escape(name)}\b", text) is not None


def _war_town(name: str, where: PlaceContext):
    """The town of ``name`` a war's words point to ("strikes on Foo", "the Foo front") where :func:`resolve_place`
    keeps none (a town abroad of 5,000 people or more the story does not otherwise point to, or one GeoNames writes
    otherwise: "Avdiivka" of Avdiyivka): a town of a country the story names first, else the most populous."""
    towns = [p for p, _m in load_places().by_name.get(name.lower(), ()) if p.kind == "city" and p.population >= 5_000]
    return max(towns, key=lambda p: (p.iso3 in where.countries, p.population), default=None)


# What joins the names of a list: "Foo and Bar", "Foo, Bar", "Foo, Bar and Baz", "Foo or Bar", "Foo & Bar".
_LIST_JOIN = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+")


def _joined(text: str, end: int, start: int) -> bool:
    """Whether a name ending at ``end`` and the next starting at ``start`` are neighbours in one list (:data:`_LIST_JOIN`)."""
    return end <= start and start - end < 8 and bool(_LIST_JOIN.fullmatch(text, end, start))


def _in_a_list(m, text: str, s: int, e: int) -> bool:
    """Whether the name at ``s:e`` is ``m``'s neighbour in one list, before it or after it."""
    return _joined(text, e, m.start) or _joined(text, m.end, s)


def _listed_with_a_place(m, text: str | None, beside=frozenset()) -> bool:
    """Whether ``m`` is written in one list with a place NER typed (``beside``: their spans): "Paris and Foo",
    "Foo, Bar and Paris", "Newark, Foo and Heath"."""
    if not text or not beside:
        return False
    return any(_in_a_list(m, text, s, e) for s, e in beside)


def _listed_after_locative(m, text: str | None, beside=frozenset()) -> bool:
    """Whether ``m`` follows a place NER typed in one list that a strict locative opens: "in Paris and Foo", "near
    Newark, Bar and Foo"."""
    if not text or not beside:
        return False
    spans = sorted(beside)
    for i, (s, e) in enumerate(spans):
        if _joined(text, e, m.start):
            first = s  # walk back over the list's earlier places to the word that opens it
            for ps, pe in reversed(spans[:i]):
                if _joined(text, pe, first):
                    first = ps
                else:
                    break
            return bool(_LOCATIVE_STRICT.search(text[max(0, first - 40):first]))
    return False


def _place_typed_otherwise(m, gz: Gazetteer, people: ArticlePeople, text: str | None, where: PlaceContext,
                           org: bool = False, person_ends=frozenset(), placed=frozenset(), beside=frozenset()):
    """A GeoNames place NER typed as a person or an organisation, when the text shows it is a place:
    a locative word before it ("in Alexandria", "near Tega Cay"), a state or country after it
    ("Gainesville, Fla."), the words around it (:func:`~components.build.places.place_frame`: "a Danbury
    man", "Alexandria police", "Columbia-based", "Williams, 41, of Alexandria", "Cooke and Love counties"),
    or, for an organisation, a state or province name ("Kentucky"), a big city in a country the article
    names ("Edmonton" in a story naming Alberta), a town of the article's own ground
    (:func:`~components.build.places.is_local`: in the state it or its outlet is in), or a name the
    article types a place elsewhere (``placed``); for a person's span, a name typed a place elsewhere or
    a town of two words or more of the article's own ground. A name a person in the article bears, a listed name, or a
    title before it keeps the NER reading."""
    name = clean_name(m.surface)
    hit = people.resolve(name)
    # a person's given name is weak evidence against a town ("Foo Elementary", "the Foo Herald" typed a person)
    if _not_a_name(name, 4) or name in gz.aliases or name.isupper() or hit is not None and hit[1] != RULE_GIVEN:
        return None
    before, _after = _around(m, text)
    if _TITLE_BEFORE.search(before) or street_after(text or "", m.end):
        return None  # "Judge Foo"; "Foo Street" is a street
    at = m.surface.find(name)
    frame = place_frame(text, m.start + at, m.start + at + len(name), person_ends) if text and at >= 0 else ""
    if frame == "county":
        county = resolve_place(f"{name} County", context=where)
        return (place_id(county, load_places()), RULE_GEONAMES) if county is not None else None
    place = resolve_place(name, text=text or "", end=m.end, context=where)
    war = bool(text) and bool(_STRIKE_ON.search(before) or _FRONT_AFTER.match(text, m.end))
    if place is None and war:
        place = _war_town(name, where)
    if place is None or place.kind == "country":
        return None
    # after a weak locative ("from", "at", "to") a one-word name is a town only of the story's ground or countries
    # ("an invitation from Foo"), and never when a person in the article bears it as a given name ("Kim" of a "Kim
    # Foo Bar"): then only "in Foo"; a possessive after it is a person's ("at Foo's invitation")
    possessive = bool(text) and bool(re.match(r"['’]s\b", text[m.end:m.end + 3]))
    own_name = _by_its_name(place, name) and not (len(name.split()) == 1 and is_common_word(name))
    # a journey's or a place noun's words ("a trip to Foo", "one resident of Foo") are as strict as "in", for a
    # place written by its own name (not one of its alternate names: "Komsomolsk" is two towns' old name)
    journey = own_name and bool(_JOURNEY.search(before))
    strict = bool(_LOCATIVE_STRICT.search(before)) or journey
    if " " not in name and hit is not None:
        located = strict and not possessive
    else:
        located = (bool(_LOCATIVE.search(before)) or journey) and not possessive and (
            strict or org or " " in name or is_local(place, where) or place.iso3 in where.countries)
    if not located and not possessive and place.kind == "city" and war:
        located = True  # "Russian strikes on Foo", "the assault on Foo", "the Foo front": a town at war
    evidence = bool(frame) or located or bool(qualifier_after(text or "", m.end))
    if not evidence and own_name and not possessive and place.kind in ("city", "county") \
            and _listed_after_locative(m, text, beside):
        evidence = True  # the last of a list of places after "in": "killings in Indianapolis and Foo"
    if not evidence and own_name and is_outlet_town(place, where):
        evidence = True  # the town the paper is named after, typed a person or an organisation ("Foo" in the Foo News)
    if not evidence and own_name and place.kind in ("city", "county") and _listed_with_a_place(m, text, beside):
        # written in one list with a place NER typed ("Paris and Foo", "Newark, Foo and Heath"): a town there, of
        # the story's own ground or a country it names
        evidence = is_local(place, where) or place.iso3 in where.countries
    if org and not evidence:
        evidence = place.kind == "region" or (place.kind == "city" and place.population >= BIG_CITY
                                              and place.iso3 in where.countries) \
            or (own_name and not _vessel(before) and (
                name in placed or is_local(place, where) and (len(name.split()) >= 2 or in_home(place, where))))
    elif not evidence and place.kind in ("city", "county") and own_name:
        # a person's span that is a place: a name the article types a place elsewhere, or a town of two words
        # or more in the article's own ground ("Valley Center" in a story from Kansas; never a one-word name on
        # that ground alone)
        evidence = name in placed or (len(name.split()) >= 2 and is_local(place, where))
    elif not evidence and place.kind == "region" and own_name:
        # a state or province the article types a place elsewhere ("the Ontario and New Brunswick utilities ...
        # New Brunswick said")
        evidence = name in placed
    if not evidence:
        return None
    own = _own_town(name, m.start + max(at, 0), text, where)  # "an Alexandria man" in a paper from a state with one
    return (own or place_id(place, load_places()), RULE_GEONAMES)


# The kinds that end a person's name as often as a place's ("Michael Park", "Ricki Lake", "Jim Valley") are no evidence
# in a span NER typed a person or an organisation; these are.
_UNIT_KINDS = re.compile(r"\s(?:River|Creek|Islands|Township|Twp\.?|Reservoir|Bayou)$")
# a county written whole with its kind ("Platte Co." for Platte County in a headline; "Foo Co. Inc." is a company)
_COUNTY_ABBREVIATED = re.compile(r"^(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s(?:County|Parish|Co\.?)$")


def _unit_typed_otherwise(name: str, where: PlaceContext, org: bool = False):
    """A county, township or river NER typed a person or an organisation, written whole with its kind: a county or
    parish of the story's own ground ("Miss Butler County" ends with one; an organisation's span only when the
    county is all of it: "Platte Co."), or a river, creek, islands or township GeoNames lacks, in a story whose own
    ground is one country (:func:`~components.build.places.ground_feature`). ``(id, rule)`` or None."""
    words = name.split()
    for k in range(1 if org else len(words) - 1):  # "Miss Butler County": its longest tail that is a local county
        tail = " ".join(words[k:])
        county = local_county(re.sub(r"\sCo\.?$", " County", tail), where) if _COUNTY_ABBREVIATED.match(tail) \
            else None
        if county is not None:
            return place_id(county, load_places()), RULE_GEONAMES
    if _UNIT_KINDS.search(name) and not resolve_place(name, context=where):
        feature = ground_feature(name, where)
        if feature is not None:
            return feature, RULE_GROUND_FEATURE
    return None


# what a person does, right after or before a bare name: "Foo said", "Foo believes", "told Foo"
_PERSON_AFTER = re.compile(r"\s*(?:said|says|told|tells|added|asked|wrote|noted|explained|replied|testified|argued|"
                           r"believes?|believed|thinks?|thought|hopes?|hoped|wants?|wanted|feels?|felt|insists?|insisted)\b")
_PERSON_BEFORE = re.compile(r"\b(?:told|tells|asked|thanked|urged|met|interviewed|by)\s+$")


def _town_of_a_bare_name(m, text: str, where: PlaceContext, persons=()) -> tuple[str, bool] | None:
    """``(place id, sure)`` of the town a one-word name NER typed a person names ("Alexandria is a finalist", "heading on
    to Foo"), or where the words make it a place, the province (:func:`_bare_region`), to stand for it when no one in
    the store bears that name (:func:`~components.build.people.link_people` settles it): a city of 100,000 people in
    a country the story names or on its own ground, or a town of 10,000 on that ground, written by its own name.
    ``sure`` where the words make it a place ("in Foo", "Foo schools", "Foo, Kan.", "a Foo man"); else the store must
    not write it as anyone's given name either (a first name is no town: "Lawrence scored twice", "the award went to
    Lincoln"). Never an everyday word, nor a name after a title or a kinship noun ("his wife Foo"), or that says,
    thinks or is told something ("Foo believes", "told Foo"), nor one written in a list with a person's name NER typed
    that is no such town ("Smith and Foo"; "Foo and Bar" are two towns)."""
    name = clean_name(m.surface)
    before, after = _around(m, text)
    if _TITLE_BEFORE.search(before) or _PERSON_BEFORE.search(before) or _KIN_BEFORE.search(before) \
            or _PERSON_AFTER.match(after):
        return None
    # Words that make it a place settle it; without them the store does: a name it also writes as someone's
    # given name ("Lawrence" of Lawrence Roe) is no town ("Lawrence scored twice", "the award went to Lincoln").
    sure = bool(_TOWN_BEFORE.search(before) or _TOWN_NOUN_AFTER.match(after) or _region_after(after)
                or place_frame(text, m.start, m.end) == "place")
    place = _bare_town(name, text, m.end, where) or (_bare_region(name, text, m.end, where)
                                                     if _REGION_BEFORE.search(before) or _REGION_KIND_AFTER.match(after)
                                                     else None)
    if place is None:
        return None
    for s, e, other in persons:
        if _in_a_list(m, text, s, e) and _bare_town(clean_name(other), text, e, where) is None:
            return None
    return place_id(place, load_places()), sure


# Words that make a bare name a town ("in Foo", "Foo schools", "Foo, Kan."); "to Foo" is no such word (an award
# goes to a person as often).
_TOWN_BEFORE = re.compile(r"(?:\b(?:in|at|from|near|into|outside|around|across|throughout|towards?|via)\s+"
                          r"(?:(?:downtown|central|north(?:ern)?|south(?:ern)?|east(?:ern)?|west(?:ern)?)\s+)?|"
                          + _GOING_TO + r"\s+|" + _PLACE_NOUN_OF + r"\s+)$")
_TOWN_NOUN_AFTER = re.compile(r"\s+(?:schools?|school\s+district|area|city|county|residents|officials|council|"
                              r"voters|streets?|downtown|airport|hospital|suburbs?)\b")


def _region_after(after: str) -> bool:
    """``after`` opens with a comma and a state's or province's name or abbreviation (", Kan.", ", Ontario")."""
    m = re.match(r",\s*([A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)", after)
    return bool(m) and m.group(1).lower() in load_places().regions


def _bare_town(name: str, text: str, end: int, where: PlaceContext):
    """The town of :func:`_town_of_a_bare_name` that ``name`` (one word) is by itself, else None."""
    if " " in name or len(name) < 4 or name.isupper() or is_common_word(name):
        return None
    place = resolve_place(name, text=text, end=end, context=where)
    if place is None or place.kind != "city" or not _by_its_name(place, name):
        return None
    local = is_local(place, where)  # the story's own ground, or its paper's home
    if place.population >= BIG_CITY and (local or place.iso3 in where.countries) \
            or place.population >= TOWN_IN_NAME and local:
        return place
    return None


# Words that make a bare name a province ("across Foo", "the governor of Foo", "Foo province"): not "at" (a farm, a
# school, a plant is "at" a place) nor a journey's "to".
_REGION_BEFORE = re.compile(r"\b(?:in|across|throughout|governors?\s+of|provinces?\s+of|prefectures?\s+of|"
                            r"governorates?\s+of|regions?\s+of)\s+$")
_REGION_KIND_AFTER = re.compile(r"\s+(?:province|state|prefecture|region|governorate|oblast|department)\b")


def _bare_region(name: str, text: str, end: int, where: PlaceContext):
    """The province, state or prefecture a one-word name NER typed a person is where the words make it a place ("across
    Foo", "the governor of Foo"): a first-level division by its own name, of 100,000 people (a country's council of a
    village is none), that no division of another country of like size shares; else None."""
    if len(name) < 4 or name.isupper() or is_common_word(name) or is_generic_place_name(name):
        return None
    place = resolve_place(name, text=text, end=end, context=where)
    if place is None or place.kind != "region" or place.population < BIG_CITY or not _by_its_name(place, name):
        return None
    return None if shares_its_name(place, name, where.countries) else place


# How news writes the people of a state or province after its name: "Ohioans", "Ontarians", "Dagestani", "Texans".
_REGION_DEMONYM = re.compile(r"^(?P<stem>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:ians?|ans?|ns?|is?|ers?|ites?)$")


def _place_typed_norp(m, people: ArticlePeople, text: str | None, where: PlaceContext):
    """A NORP span outside the gazetteer that names a place: the people of a US state or a province abroad
    ("Ohioans", "Ontarians", "Dagestani": the division whose name the word is made of), or a town NER took for a
    group ("Foo" of a city of 100,000 people, or a town of 10,000 on the story's own ground, by its own name:
    never an everyday word or a name a person in the article bears). None otherwise (NORP is no actor)."""
    name = clean_name(m.surface)
    if _not_a_name(name, 3) or people.resolve(name) is not None:
        return None
    idx = load_places()
    made = _REGION_DEMONYM.match(name)
    if made:
        stem = made.group("stem")
        # "Ohio-an", "Texa(s)-n", "Ontari(o)-ans", "Florid(a)-ians", "Kentuck(y)-ians", "Dagestan-i", "Quebec-ers"
        for cand in dict.fromkeys([stem, stem + "a", stem + "o", stem + "s"] + [stem[:-k] + end for k in (1, 2)
                                                                            for end in ("a", "o", "y")]):
            hits = sorted((p for p in idx.regions.get(cand.lower(), ()) if p.kind == "region"),
                          key=lambda p: -p.population) if len(cand) > 3 else []
            if hits and (len(hits) == 1 or hits[0].population > hits[1].population):  # Florida's, not Uruguay's
                return place_id(hits[0], idx), RULE_GEONAMES
    if len(name.split()) == 1 and is_common_word(name):
        return None
    place = resolve_place(name, text=text or "", end=m.end, context=where)
    if place is None or place.kind not in ("city", "region") or not _by_its_name(place, name) or place.kind == "city" \
            and not (place.population >= BIG_CITY or place.population >= TOWN_IN_NAME and is_local(place, where)):
        return None
    return place_id(place, idx), RULE_GEONAMES


def _resolve_org(m, gz: Gazetteer, people: ArticlePeople, named: Counter, orgs=(), text: str | None = None,
                 owner: str | None = None, filed: str = "") -> tuple:
    """An ORG span: a context-dependent body, a government's body by its kind alone (of the country written before
    it, else of ``owner``, the story's: :data:`GOVERNMENT_BODIES`), a known alias, a person's name mistagged, the
    short form of an organisation named before in the article ("Acme" after "Acme Widgets Inc"), else a new body
    unless the text shows a thing (a ship, a weapon, an exercise, a disease:
    :func:`~components.build.people.thing_kind`). ``filed``: the dateline's country, which leans a listed body's
    choice (:func:`_by_context`)."""
    name = clean_name(m.surface)
    if name in gz.contextual and name not in GOVERNMENT_BODIES:
        return _by_context(gz, name, named, filed), RULE_CONTEXT
    kind = name[:1].upper() + name[1:] if name[:1].islower() else name
    if kind in GOVERNMENT_BODIES:
        written = _owner_written_before(m, gz, text)
        listed = None if written else _by_context(gz, kind, named, filed)
        who = written or owner
        if listed or who:
            return listed or _body_of(gz, kind, who), RULE_CONTEXT
        # no owner the story shows ("the state Supreme Court" in a story naming no country): the kind as before, with
        # no affiliation guessed for it (entity_table)
    if _not_a_name(name, 7) or name in _GENERIC_ORGS:
        return None, ""
    if name in gz.aliases:
        return gz.aliases[name][0], RULE_GAZ_NAME
    if len(name.split()) == 1:
        hit = people.resolve(name)  # "Kim" tagged ORG after "Kim Jong Un"
        if hit:
            return hit
    words = name.split()
    if thing_kind(name, *_around(m, text)):
        return None, ""  # "the destroyer Foo", "a Foo 9 rocket", "the Foo-19 pandemic"
    short = [eid for full, eid in orgs if len(full) > len(words) and full[:len(words)] == words]
    if short and len(set(short)) == 1 and len(name) > 2 and not (len(words) == 1 and is_common_word(words[0])):
        return short[0], RULE_NER_ORG
    return f"org:{slugify(name)}", RULE_NER_ORG


def _capital_place(name: str, country_id: str, where: PlaceContext) -> str:
    """A capital used as a place: its GeoNames place in its country (``place:<slug>`` when GeoNames lacks it)."""
    return geo_entity(name, context=where, country=country_id[8:]) or f"place:{slugify(name)}"


def _beside_ground(sent, rows, where: PlaceContext, seen: dict) -> bool:
    """Whether sentence ``sent`` of the article (``rows``: its raw mentions) names a town, county or state of the
    story's one ground country and no place or country elsewhere (cached in ``seen``)."""
    if sent is None:
        return False
    if sent not in seen:
        ground = ground_countries(where)
        here = set()
        for r in rows:
            if getattr(r, "sent", None) != sent or r.label not in ("GPE", "LOC") and not r.gaz.startswith("country:"):
                continue
            if r.gaz.startswith("country:"):
                here.add(r.gaz.split("|", 1)[0][8:])
                continue
            if feature_named(clean_name(r.surface)):
                continue  # another river or island ("the North Island and South Island") says nothing of the ground
            p = resolve_place(clean_name(r.surface), context=where)
            if p is not None:
                here.add(p.iso3 if p.kind != "country" else "")
        seen[sent] = len(ground) == 1 and here == set(ground)
    return seen[sent]


def _resolve_place(m, gz: Gazetteer, people: ArticlePeople, text: str | None = None,
                   where: PlaceContext = PlaceContext(), beside=None) -> tuple:
    """A GPE, LOC or FAC span: a known alias (a capital used as a place stays a place), a person's name, a
    GeoNames place (:mod:`components.build.places`: "City, State", the article's countries, population),
    else a place of its own."""
    name = clean_name(m.surface)
    if _not_a_name(name):
        return None, ""
    if text and _SAINT.match(name) and _DEDICATED_TO.search(text, max(0, m.start - 40), m.start):
        return None, ""  # "the church of St. Peter and St. Paul": the saints, no town in Minnesota
    if m.label in ("GPE", "LOC", "FAC") and _a_ships_name(m, name, text):
        return None, ""  # "HMS Richmond", "an Ohio-class submarine", "the Kentucky" of "USS Kentucky": a ship
    if name in gz.aliases:
        target, kind = gz.aliases[name]
        if kind == "capital":
            local = _namesake(m, name, target, text, where)
            if local:
                return local
            return (target, RULE_CAPITAL_ACTOR) if m.role != "place" else \
                (_capital_place(name, target, where), RULE_CAPITAL_PLACE)
        return target, RULE_GAZ_NAME
    if len(name.split()) == 1:
        hit = people.resolve(name)
        if hit and hit[1] == RULE_GIVEN and m.label in ("GPE", "LOC"):
            town = resolve_place(name, text=text or "", end=m.end, context=where)
            if town is not None and (is_local(town, where) or town.iso3 in where.countries):
                hit = None  # a town of the story's own ground NER typed a place, not the given name of "Foo Elementary"
        elif hit and hit[1] == RULE_SURNAME and m.label in ("GPE", "LOC") and text and _written_as_a_place(m, text) \
                and resolve_place(name, text=text, end=m.end, context=where) is not None:
            hit = None  # "a raid in Foo" in a story quoting Chief Tom Foo: the town NER typed a place, written as one
        if hit:
            return hit
        if text and _KIN_BEFORE.search(text, max(0, m.start - 40), m.start):
            return _resolve_person(m, gz, people, text)  # "his daughters, Foo and Bar": a given name, not a town
    if m.label in ("GPE", "LOC") and text:
        whole = _in_a_joined_division(m, name, text)
        if whole is not None:  # "Labrador" of "Newfoundland and Labrador": the province, no Australian town
            return place_id(whole, load_places()), RULE_GEONAMES
    if m.label in ("GPE", "LOC"):
        written = m.surface.strip()  # "Ky." keeps its dot: GeoNames' and the newsroom's abbreviations have it
        eid = geo_entity(written if written.endswith(".") and "'" not in written else name, text=text, end=m.end,
                         context=where)
        if eid and " " not in name and not written.endswith(".") and is_common_word(name):
            eid = eid if _word_town_ok(place_of_id(eid), text, m.end, where) else None
        if eid and text and is_abroad(place_of_id(eid), where) and not _names_abroad(where) and (
                _AREA_AFTER.match(text, m.end) or place_frame(text, m.start, m.end, local=True) == "place"):
            # a paper at home in South Carolina writing of "the Foo area schools" or "a Foo man", in a story that names
            # no country abroad: its own Foo, which GeoNames' cities file lacks, not the city abroad
            return None, ""
        if eid and name.endswith(" City") and is_abroad(place_of_id(eid), where):
            # "San Foo City Councilwoman" in a California paper: the story's own San Foo, not the city abroad GeoNames
            # also calls "San Foo City"
            town = resolve_place(name[:-5], text=text or "", end=m.end, context=where)
            eid = place_id(town, load_places()) if is_local(town, where) else eid
        own = _own_town(name, m.start + max(m.surface.find(name), 0), text, where) if eid else None
        if own is not None:
            return own, RULE_GEONAMES  # "an Alexandria man" in a paper at home in a state with an Alexandria
        if eid:
            return eid, RULE_GEONAMES
        region = compass_region(name, where)  # "Northeast Kansas": no place of its own, a part of Kansas
        if region is not None:
            return place_id(region, load_places()), RULE_GEONAMES
        county = local_county(name, where)  # "Henrico" in a Virginia story: Henrico County, no town
        if county is not None:
            return place_id(county, load_places()), RULE_GEONAMES
    elif m.label == "FAC" and not (len(name.split()) == 1 and is_common_word(name)):
        # a town NER typed a facility ("Panthers at Foo Plaine", "reaching as far south as Red Foo"): the town by its
        # own name, on the story's own ground or in a country it names (10,000 people; never "Metro", a city abroad),
        # or a city of 100,000 people anywhere written in two words or more ("flooding in Fort Foo", "a plant near Le
        # Foo"; a one-word facility is "the Metro", "the Pentagon")
        town = resolve_place(name, text=text or "", end=m.end, context=where)
        if town is not None and town.kind == "city" and _by_its_name(town, name) and (
                is_local(town, where) or town.iso3 in where.countries and town.population >= TOWN_IN_NAME
                or town.population >= BIG_CITY and " " in name):
            return place_id(town, load_places()), RULE_GEONAMES
    feature = ground_feature(name, where) if m.label in ("GPE", "LOC", "FAC") else None
    if feature is None and beside is not None and m.label in ("GPE", "LOC", "FAC") and feature_named(name) \
            and beside():
        feature = ground_feature(name, where, beside=True)  # "the Foo River crested in Fargo" in a story naming Iraq
    if feature is not None:  # "the Neches River", "Readington Township": GeoNames lacks it; the story's own country
        return feature, RULE_GROUND_FEATURE
    container = _container(m, name, text, where) if m.label in ("GPE", "LOC", "FAC") else None
    if container is not None:  # "Foo in Idlib province", "Cairo's Foo neighbourhood": the known place's country
        return inside_place(name, container), RULE_INSIDE
    # No place anyone knows: initials alone are no place ("the C.C., Communist Party of Foo" is its Central Committee),
    # and a one-word name that says something is someone ("Foo said", after "Ann Foo, president of ..." NER split)
    if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", name):
        return None, ""
    if text and " " not in name and _PERSON_AFTER.match(text, m.end):
        return _resolve_person(m, gz, people, text)
    return f"place:{slugify(name)}", RULE_NER_PLACE


# A known place written around one GeoNames lacks: "Foo in (the) Idlib (province)" after it, "Cairo's" before it.
_IN_CONTAINER = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})")
# A division written with its kind before "of" or a comma and the place it lies in, as an address: "Foo District of
# Bar Municipality", "Foo County, Bar Province", "Foo-ri, Bar County" (a bare "Foo of Bar" is as often a body's name:
# "the Bank of Foo")
_DIVISION_KIND = re.compile(r"(?:\s(?:District|County|Township|Municipality|Village|Ward|Borough|Parish|Prefecture|"
                            r"City|Town)|-ri|-dong)$")
_OF_CONTAINER = re.compile(r"(?:\s+of|\s*,)\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})")
_CONTAINER_OWNS = re.compile(r"\b([A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2})['’]s\s+$")


def _container(m, name: str, text: str | None, where: PlaceContext):
    """The place GeoNames knows that the text writes a place it lacks inside ("Foo in Bar", "Bar's Foo", and for a
    division written with its kind, as an address: "Foo District of Bar", "Foo County, Bar Province"): a country, a
    state or province, or a city of 10,000 people by its own name (100,000 before a possessive: "Whittier's" could
    be a person's), else None. Never for a name of the lexicon, nor one that holds the container's name itself."""
    if not text or " " not in name and (is_common_word(name) or name.isupper()) or is_generic_place_name(name):
        return None  # (nor a part of the world: "leaders from Southeast Asia in Tokyo"; nor "ER", "HQ")
    after = _IN_CONTAINER.match(text, m.end)
    head = _DIVISION_KIND.sub("", name)
    # (an address only for a division no one knows: "Foo City" of a GeoNames town is that town, with its point, and a
    # compass word is no name: "the Southern District of Texas" is a court's)
    address = _OF_CONTAINER.match(text, m.end) if after is None and head != name and head.split()[0].lower() not in \
        _GENERIC_WORDS and resolve_place(head, context=where) is None else None
    before = _CONTAINER_OWNS.search(text, max(0, m.start - 40), m.start)
    for hit, big in ((after or address, TOWN_IN_NAME), (before, BIG_CITY)):
        if hit is None or hit.group(1).lower() in name.lower() or hit is before and _SAINT.match(hit.group(1)) \
                or hit is not address and re.search(r"(?:\bof|[A-Z][\w.'-]*)\s+$",
                                                    text[max(0, hit.start(1) - 20):hit.start(1)]):
            continue  # the end of a longer name: "the Gulf of Mexico's Foo Bay" is not Mexico's; "St. John's Foo" is
            # a body named after a saint
        group = re.sub(r"(?<=[a-z]{3})\.$", "", hit.group(1))  # a sentence's full stop, not "Ky."'s
        written = re.sub(r"\s+(?:[Pp]rovince|[Dd]istrict|[Rr]egion|[Gg]overnorate|[Cc]ounty|[Ss]tate|[Pp]refecture|"
                         r"Municipality)$", "", group)
        place = resolve_place(written, text=text, end=hit.start(1) + len(written), context=where)
        if place is None:
            continue
        if place.kind in ("country", "region") or place.kind == "city" and _by_its_name(place, written) and (
                place.population >= big or is_local(place, where) or place.iso3 in where.countries and hit is not before):
            return place
    return None


def _word_town_ok(place, text: str | None, end: int, where: PlaceContext) -> bool:
    """Whether a town whose name is an everyday word ("Earth", "Naval", "Nice", "Mobile") is the place NER typed: a
    state or country written after it, the story's own ground, a town of 10,000 people in a country the story names,
    or a city of 100,000 people anywhere."""
    return place is not None and (bool(qualifier_after(text or "", end)) or is_local(place, where)
                                  or place.iso3 in where.countries and place.population >= TOWN_IN_NAME
                                  or place.population >= BIG_CITY)


_RUN_BEFORE = re.compile(r"((?:[A-Z][\w.'-]*\s+){1,3})(?:and|&)\s+$")
_RUN_AFTER = re.compile(r"\s+(?:and|&)((?:\s+[A-Z][\w.'-]*){1,3})")


def _in_a_joined_division(m, name: str, text: str):
    """The first-level division whose name joins two names with "and" ("Newfoundland and Labrador", "Jammu and
    Kashmir", "Azad Jammu and Kashmir") when ``name`` is written as one of its parts there; else None. The longest
    name the words make wins, so "Azad Jammu and Kashmir" is Pakistan's, "Jammu and Kashmir" India's."""
    at = m.start + max(m.surface.find(name), 0)
    before = _RUN_BEFORE.search(text, max(0, at - 60), at)
    after = _RUN_AFTER.match(text, at + len(name))
    idx = load_places()
    tries = []
    if before:
        words = before.group(1).split()
        tries += [" ".join(words[i:]) + " and " + name for i in range(len(words))]
    if after:
        words = [_POSSESSIVE.sub("", w) for w in after.group(1).split()]  # "Newfoundland and Labrador's ties"
        tries += [name + " and " + " ".join(words[:j]) for j in range(len(words), 0, -1)]
    for full in sorted(tries, key=len, reverse=True):
        hit = next((p for p in idx.regions.get(full.lower(), ()) if p.kind == "region"), None)
        if hit is not None:
            return hit
    return None


# An apposition that says a name NER typed a person is a business or a body: "users of Foo Bar, a non-custodial
# wallet provider", "Foo Bar, a Seoul-based company", "Foo Bar, the country's largest lender".
_BODY_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+(?:(?!(?:for|of|at|with|in|to|on|by|from)\s)[\w-]+\s+){0,4}?(?:company|companies|firm|provider|platform|"
                              r"exchange|maker|manufacturer|start-?up|lender|insurer|operator|developer|broadcaster|"
                              r"newspaper|publisher|airline|retailer|chain|brand|conglomerate|subsidiary|"
                              r"organi[sz]ation|charity|foundation|think\s+tank|app|website|service)\b(?!['’]|\s+(?:of|at)\s)")


# A kinship noun right before a one-word name makes it a person's given name ("his wife, Foo"; "daughters Foo").
_KIN_BEFORE = re.compile(r"\b(?:wife|husband|son|sons|daughter|daughters|children|mother|father|brother|brothers|"
                         r"sister|sisters|grandson|granddaughter|grandchildren|niece|nephew|widow|fianc[ée]e?|"
                         r"girlfriend|boyfriend|stepson|stepdaughter)(?:,\s*|\s+)$")


def _own_town(name: str, start: int, text: str | None, where: PlaceContext) -> str | None:
    """The id of the town ``name`` in the outlet's home state when the words around it are those a paper
    writes of its own town ("an Alexandria man", "Alexandria police"; :func:`~components.build.places.place_frame`
    with ``local``) and the article names no other state for it; else None."""
    if not text or not any(h[1] for h in where.home) or qualifier_after(text, start + len(name)):
        return None
    if place_frame(text, start, start + len(name), local=True) != "place":
        return None
    place = home_namesake(name, where)
    return place_id(place, load_places()) if place is not None else None


def surname_fill(out: pd.DataFrame, texts: dict[str, str], body_starts: dict[str, int]) -> pd.DataFrame:
    """Bare surnames the NER model missed: "Yoon" after "Yoon Suk Yeol" in the same article.

    Only a name token that belongs to one person in the article is used, only after
    that person's first full mention, and never inside another mention ("Kim" in
    "Kim Yo Jong" stays hers).
    """
    extra = []
    # The mentions' columns as lists, grouped by article in order of appearance (a frame per article
    # costs more than the work on it).
    groups: dict[str, list[tuple]] = {}
    for row in zip(out["article_id"].tolist(), out["start"].tolist(), out["end"].tolist(),
                   out["entity_id"].tolist(), out["surface"].tolist()):
        groups.setdefault(row[0], []).append(row)
    for aid, grp in groups.items():
        text = texts.get(aid)
        people = [r for r in grp if isinstance(r[3], str) and r[3].startswith("person:")
                  and not r[3].startswith(PENDING)]
        if not text or not people:
            continue
        covered = [(r[1], r[2]) for r in grp]
        owner: dict[str, tuple[str, int]] = {}
        clash: set[str] = set()
        for _aid, _start, end, eid, surface in people:
            toks = clean_name(surface).replace("-", " ").split()
            if len(toks) < 2:
                continue
            for tok in (toks[0], toks[-1]):
                if len(tok) > 2 and tok[0].isupper():
                    if tok in owner and owner[tok][0] != eid:
                        clash.add(tok)
                    owner.setdefault(tok, (eid, end))
        for tok, (eid, after) in owner.items():
            if tok in clash:
                continue
            for hit in re.finditer(rf"\b{re.escape(tok)}\b(?![ -][A-Z])", text):
                s, e = hit.span()
                if s < max(after, body_starts.get(aid, 0)) or any(cs < e and s < ce for cs, ce in covered):
                    continue
                if is_common_word(tok) and re.search(r"(?:^|[.!?:\n\"“]\s*)$", text[max(0, s - 3):s]):
                    continue  # "Young people ..." at a sentence start is the word, not Mr Young
                extra.append({"article_id": aid, "start": s, "end": e, "surface": tok, "label": "SURNAME",
                              "gaz": "", "role": "", "entity_id": eid, "rule": RULE_SURNAME})
                covered.append((s, e))
    return pd.DataFrame(extra)


RULE_COUNTRY_IN_TITLE = "country in an office's title"
_TITLE_WORD = re.compile(r"[^\s]+")


def countries_in_titles(out: pd.DataFrame, gz: Gazetteer) -> pd.DataFrame:
    """The country an office's title names, a country mention of its own over those words: "Germany" of "Germany's
    Chancellor", "Fooish" of "the Fooish president" and "the top Fooish diplomat", "Foo" of "the president of Foo",
    "Beijing" of "Beijing's top diplomat". The gazetteer's title match is the longer span and stands for the office
    holder (or no one, when the list has no holder for the date: "Argentina's economy minister"), so the country the
    reader sees was no mention at all; "Fooish President Ann Lee", which no title matches, always gave both. The
    first and longest run of the title's words the gazetteer lists as a country's name, demonym or capital.

    >>> from components.build.gazetteer import load_gazetteer
    >>> gz = load_gazetteer()
    >>> def row(surface):
    ...     return {"article_id": "a", "start": 4, "end": 4 + len(surface), "surface": surface, "label": "GAZ",
    ...             "gaz": f"title|{surface.lower()}", "role": "", "entity_id": None, "rule": ""}
    >>> t = ["the Ukrainian president", "the president of France", "South Korea's president", "the top Chinese diplomat"]
    >>> countries_in_titles(pd.DataFrame([row(x) for x in t]), gz)[["start", "surface", "entity_id"]].values.tolist()
    [[8, 'Ukrainian', 'country:UKR'], [21, 'France', 'country:FRA'], [4, 'South Korea', 'country:KOR'], [12, 'Chinese', 'country:CHN']]
    """
    extra = []
    if out.empty:
        return pd.DataFrame(extra)
    titled = out[out["gaz"].fillna("").str.startswith("title|")]
    for m in titled.itertuples(index=False):
        words = [(w.start(), w.end()) for w in _TITLE_WORD.finditer(m.surface)]
        hit = None
        for i in range(len(words)):
            if m.surface[words[i][0]:words[i][1]].lower() == "the":
                continue  # "the US president": the country's words, not the article ("US", as "the US" is listed too)
            for n in range(min(len(words) - i, 4), 0, -1):
                s0, e0 = words[i][0], words[i + n - 1][1]
                owner = _POSSESSIVE.sub("", m.surface[s0:e0])
                found = gz.aliases.get(owner) or gz.aliases.get(owner.title())
                if found and found[0].startswith("country:") and found[1] in ("name", "demonym", "capital"):
                    hit = (s0, s0 + len(owner), owner, found)
                    break
            if hit:
                break
        if hit is None:
            continue
        s0, e0, owner, (eid, kind) = hit
        extra.append({"article_id": m.article_id, "start": m.start + s0, "end": m.start + e0, "surface": owner,
                      "label": "GAZ", "gaz": "", "role": "" if kind == "demonym" else "actor", "entity_id": eid,
                      "rule": RULE_COUNTRY_IN_TITLE})
    return pd.DataFrame(extra)


RULE_PLACE_IN_NAME = "place in an organisation's name"
# Words that make an organisation of the place before them: "Kentucky State Police", "Edmonton Police Service".
_INSTITUTION_WORDS = {"police", "department", "university", "college", "county", "city", "council", "school",
                      "schools", "district", "board", "times", "herald", "post", "journal", "dispatch", "news",
                      "tribune", "gazette", "star", "sun", "daily", "fire", "sheriff", "sheriff's", "state", "public",
                      "community", "regional", "memorial", "hospital", "medical", "health", "transit", "airport",
                      "chamber", "court", "library", "zoo", "museum", "legislature", "assembly", "senate", "house",
                      "general", "township", "village", "town", "municipal", "metropolitan", "area", "authority",
                      "commission", "utilities", "port", "emergency", "catholic", "baptist", "church", "diocese",
                      "archdiocese", "government", "ministry", "symphony", "water", "electric", "housing", "parks",
                      "high", "middle", "elementary", "national", "provincial", "federal", "superior", "supreme",
                      "district", "economic", "development", "tourism", "humane", "society", "club", "association",
                      "conservation", "historical", "library", "corrections", "fair", "festival", "mall", "center",
                      "centre", "institute", "bureau", "office", "division", "highway", "patrol", "troopers"}
_OF_PLACE = re.compile(r"\b(?:of|for|in)\s+((?:[A-Z][\w.'-]*\s?){1,3})$")
# A broadcaster's call letters or initials, then a city: "CBC Toronto", "CTV Winnipeg", "WXYZ Detroit", "KTLA 5 Los
# Angeles" (the channel's number may follow the letters).
_STATION = re.compile(r"^([A-Z]{2,5}(?:\s?\d{1,2})?)\s+([A-Z][a-z][\w.'-]*(?:\s[A-Z][a-z][\w.'-]*){0,2})$")
_POSSESSIVE_HEAD = re.compile(r"^([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2})['’]s\s+[A-Z]")
_PARTY_NAME = re.compile(r"^(?:[DRI]|DFL)-([A-Z][a-z][\w.]*(?: [A-Z][a-z][\w.]*)?)$")
# Words before a town that make a part or the area of it ("Metro Foo", "Downtown Foo", "North Foo Neighbors").
_PLACE_QUALIFIERS_IN_NAMES = {"Metro", "Greater", "Downtown", "Uptown", "North", "South", "East", "West", "Northern",
                              "Southern", "Eastern", "Western", "Central", "Northeast", "Northwest", "Southeast",
                              "Southwest", "Upper", "Lower", "Old", "Historic"}


def places_in_names(out: pd.DataFrame, homes: dict | None = None) -> pd.DataFrame:
    """The places an organisation's (or an unknown facility's) name holds, each a place mention of its own
    over those words (``replaces``: the row of the facility's mention it stands for, else -1): the state,
    province or city it starts with or ends on ("Kentucky State Police", "Edmonton Police Service",
    "University of Kentucky"), a state or province anywhere in it ("Eastern Kentucky University",
    "Tennessee Arts Commission"), the towns of a hyphenated or coordinated name ("Fargo-Moorhead",
    "Haris and Varzaqan").

    A country inside a name is never one ("First Chile Growth Fund"). A city before an institution word
    counts when the article names its country or state, when it is a big one (100,000 people), or when
    the word is a local body's ("Berea Police Department", "Enfield Council"); a province outside the US
    (whose states GeoNames lists) only in a country the article names ("Delta Air Lines" is no Nigerian state).
    A town of the article's own ground (:func:`~components.build.places.is_local`; ``homes`` maps an article
    to its outlet's home) that opens a name or follows its "of" counts before any word ("Wichita Lions Club",
    "Friends of Wichita"). A story that says where it is (its states, dateline, paper's home) gets no place abroad
    it does not name the country of (:func:`~components.build.places.is_abroad`: "Chicago Symphony" in a Canadian
    paper's story), and a local body's town abroad gives way to the state or province of that name ("Ontario
    Municipal Board" there).
    """
    extra = []
    if out.empty:
        return pd.DataFrame(extra)
    idx = load_places()
    multi = out["surface"].str.contains(r"[ -]", regex=True)
    is_org = out["entity_id"].fillna("").str.startswith("org:") & (out["label"] == "ORG") & multi
    # a person's span that opens with a town and an office: "Anderson County Sheriff Greg Taylor"
    is_officer = (out["label"] == "PERSON") & out["surface"].str.contains(_OFFICE_WORD, regex=True)
    # a facility's name no gazetteer knows holds its town: "the Edgar County Sheriff's Department"
    is_facility = (out["rule"] == RULE_NER_PLACE) & multi
    with_orgs = set(out.loc[is_org | is_facility | is_officer, "article_id"])
    # the rows once, as tuples (a pandas itertuples per article was half of this function's time), by article
    sub = out["article_id"].isin(with_orgs).to_numpy()
    all_rows = list(out[sub].itertuples(index=False))
    labels = out.index[sub]
    flags = [(o, f, p) for o, f, p in zip(is_org[sub], is_facility[sub], is_officer[sub])]
    ents = out.loc[sub, "entity_id"].fillna("").tolist()
    groups = pd.Series(range(len(all_rows))).groupby(out.loc[sub, "article_id"].to_numpy(), sort=False).indices
    for aid, pos in sorted(groups.items(), key=lambda kv: kv[1][0]):
        rows = [all_rows[i] for i in pos]
        named = {r.gaz.split("|", 1)[0][8:] for r in rows if r.gaz.startswith("country:")} \
            - namesake_only(rows, [ents[i] for i in pos])
        where = replace(place_context([r.surface for r in rows], [r.label for r in rows], named,
                                      gaz=[r.gaz for r in rows]), home=(homes or {}).get(aid, frozenset()))
        seen = {}
        for i, m in zip(pos, rows):
            org, facility, officer = flags[i]
            row = labels[i]
            if not (org or facility or officer):
                continue
            name = clean_name(m.surface)
            offset = m.surface.find(name)
            if offset < 0 or _WATER_OF.match(name):
                continue  # "the Gulf of Foo", "the Bay of Foo": a sea named after a place lies off it, in no country
            beside = lambda sent=getattr(m, "sent", None): _beside_ground(sent, rows, where, seen)  # noqa: E731
            for s, e, place in _places_in_name(name, where, idx, prefix_only=bool(officer),
                                               organisation=bool(org), beside=beside):
                if is_abroad(place, where) and place.population < BIG_CITY:
                    continue  # "Lee School Association" in a US story: no town abroad the story never points to (a
                    # city of 100,000 or more stays: "the Foo Regional Military Administration" in wire copy)
                start = m.start + offset + s
                extra.append({"article_id": aid, "start": start, "end": start + (e - s), "surface": name[s:e],
                              "label": "GPE", "gaz": "", "role": "place", "entity_id": place_id(place, idx),
                              "rule": RULE_PLACE_IN_NAME, "replaces": row if facility else -1})
    return pd.DataFrame(extra)


# "the Foo area", "Foo area schools", "the Foo-area": a paper writing of its own surroundings.
_AREA_AFTER = re.compile(r"(?:\s+|-)area\b")


# A body of water named after the place it lies off ("Gulf of Alaska", "Bay of Fundy", "Sea of Azov"): seas have no
# country here, whatever place they are named after.
_WATER_OF = re.compile(r"^(?:Gulf|Bay|Sea|Strait|Straits|Bight|Sound)\s+of\s+[A-Z]")


# Institution words of a town's own bodies: the town before them is the place whatever its size.
_LOCAL_BODIES = {"police", "sheriff", "sheriff's", "fire", "council", "county", "city", "township", "village", "town",
                 "school", "schools", "high", "middle", "elementary", "superior", "district", "municipal", "public",
                 "mayor", "hospital", "library", "chamber", "board"}
_NAME_TOKEN = re.compile(r"[A-Z][\w.'&]*")
_COORDINATED = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?) (?:and|or|&) ([A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?)$")


_OFFICES = ("sheriff", "clerk", "superintendent", "coroner", "mayor", "chief", "commissioner", "judge", "spokeswoman",
            "spokesman", "councilman", "councilwoman", "supervisor", "administrator", "manager", "treasurer",
            "assessor", "prosecutor", "trustee", "police", "fire", "county", "city", "township", "parish", "sheriff's")
_OFFICE_WORD = r"\s(?:" + "|".join(re.escape(w.capitalize()) for w in _OFFICES) + r")\b"


def _places_in_name(name: str, where: PlaceContext, idx, prefix_only: bool = False,
                    organisation: bool = True, qualified: bool = False, beside=None) -> list[tuple[int, int, object]]:
    """``(start, end, place)`` of the places inside one organisation's ``name`` (offsets into ``name``). ``beside``:
    whether the name's sentence names a place of the story's ground and none elsewhere (a callable; a river or
    township opening the name takes the ground's country then, in a story naming a country abroad too).

    >>> idx = load_places()
    >>> [(s, e, p.iso3) for s, e, p in _places_in_name("Eastern Kentucky University", PlaceContext(), idx)]
    [(8, 16, 'USA')]
    >>> [name[s:e] for name in ["Fargo-Moorhead"] for s, e, _p in _places_in_name(name, PlaceContext(), idx)]
    ['Fargo', 'Moorhead']
    >>> _places_in_name("Delta Air Lines", PlaceContext(), idx)
    []
    """
    if is_street(name):  # "Richmond Street", "Oxford Road 5": a street is no evidence of the place abroad it is named after
        return [f for f in _places_in_name(name[:street_name_start(name)], where, idx, prefix_only, organisation, qualified)
                if _on_ground_place(f[2], where)]
    party = _PARTY_NAME.match(name)
    if party and not prefix_only:
        # a legislator's home NER joined to the party ("Rep. Foo, D-Bartown"): the town of the story's ground
        place = resolve_place(party.group(1), context=where, index=idx)
        return [(party.start(1), party.end(1), place)] if place is not None and place.kind != "country" and (
            is_local(place, where) or place.kind == "region") else []
    first = name.split(" ", 1)
    if not qualified and len(first) == 2 and first[0] in _PLACE_QUALIFIERS_IN_NAMES and first[1][:1].isupper():
        # "Metro Foo", "Downtown Foo Alliance", "North Foo Neighbors": the town after the qualifier, when the
        # whole name holds none ("North Carolina State University" holds North Carolina)
        # (the qualifier alone is no town: "Metro" is a city of Indonesia); the town after it lies where the article
        # is (its own ground, a country it names, a state or province): "East Bank Middle School" is no town "Bank"
        whole = [f for f in _places_in_name(name, where, idx, prefix_only, organisation, qualified=True)
                 if f[1] > len(first[0])]
        shift, rest = len(first[0]) + 1, first[1]
        alone = resolve_place(rest, context=where, index=idx) if not rest.isupper() and not (
            " " not in rest and is_common_word(rest)) else None  # "Metro Foo", never "North Island"
        if alone is not None and not _by_its_name(alone, rest):
            alone = None  # "East Sea" holds no Seattle (GeoNames' "Sea")
        inner = [(0, len(rest), alone)] if alone is not None and alone.kind != "country" else \
            _places_in_name(rest, where, idx, prefix_only, organisation, qualified=True)
        return whole or [(s + shift, e + shift, p) for s, e, p in inner if p.kind == "region" or is_local(p, where)
                         or p.iso3 in where.countries and p.population >= TOWN_IN_NAME]
    words = name.split()
    found: list[tuple[int, int, object]] = []

    def add(s: int, e: int, place) -> None:
        if place is not None and place.kind != "country" and not any(fs < e and s < fe for fs, fe, _p in found):
            found.append((s, e, place))

    def division(text: str):
        hits = idx.regions.get(text.lower(), ())
        if hits and any(p.kind == "country" for p in hits):
            return state_over_country(text, where, idx)  # "Georgia Public Service Commission" in a US story
        if not hits or text.lower() in _GENERIC_ORGS_LOWER or is_generic_place_name(text):
            return None  # "the West Coast": a compass region, no New Zealand region, inside a name as anywhere
        p = next((p for p in hits if p.kind == "region"), None)
        return p if p is not None and (p.geonameid or p.iso3 in where.countries or any(h[0] == p.iso3 for h in where.home)) \
            and len(text) > 3 else None

    # a city, state or province before an institution word, or after "University of"
    institution = _INSTITUTION_WORDS | set(_OFFICES) if prefix_only else _INSTITUTION_WORDS
    for n in (3, 2, 1):
        if n < len(words) and words[n].lower() in institution:
            head = " ".join(words[:n])
            if head.isupper() or (n == 1 and words[n].lower() not in _LOCAL_BODIES and is_common_word(head)):
                continue  # "ABC News": an acronym, not a town's alternate name; "Supreme Court": a word
            local = words[n].lower() in _LOCAL_BODIES
            county = resolve_place(f"{head} County", context=where, index=idx) if words[n] == "County" else None
            if county is not None:
                add(0, len(head) + 7, county)
                break
            place = resolve_place(head, context=where, index=idx, kinds=_TOWNS if local else None)
            if local and place is not None and is_abroad(place, where):
                # no town of that name on the story's ground: its state or province ("Ontario Municipal Board" in a
                # Canadian story is no body of Ontario, California)
                place = division(head)
            if place is not None and place.kind == "city" and place.population < BIG_CITY \
                    and place.iso3 not in where.countries and not local:
                continue
            if place is not None and place.kind != "country":
                add(0, len(head), place)
                break
    if prefix_only:  # a person's span: only the town that opens it before an office ("Anderson County Sheriff")
        return found
    if not found and organisation and len(words) > 1 and words[-1].lower() in _EVENT_WORDS:
        # a city hosting the event the name ends on ("the Foo Security Conference", "the Foo Film Festival", "the Foo
        # Marathon"): a city of 50,000 people, or one in a country the article names
        for n in (2, 1):
            head = " ".join(words[:n])
            if n >= len(words) or head.isupper() or (n == 1 and is_common_word(head)):
                continue
            place = resolve_place(head, context=where, index=idx)
            if place is not None and place.kind == "city" and _by_its_name(place, head) and (
                    place.population >= _EVENT_CITY or place.iso3 in where.countries):
                add(0, len(head), place)
                break
    owner = _POSSESSIVE_HEAD.match(name)
    if not found and owner and not owner.group(1).isupper():
        # a town's possessive opening the name ("Foo's Circuit Court", "Foo's Board of Finance"): the town, when
        # it is a state or province, a city in a country the article names, or a town of its own ground
        head = owner.group(1)
        place = resolve_place(head, context=where, index=idx)
        public = any(w.lower() in _INSTITUTION_WORDS for w in name[owner.end(1):].split())
        if place is not None and place.kind != "country" and _by_its_name(place, head) and (
                place.kind == "region" or is_local(place, where) or public and place.iso3 in where.countries):
            # (off the story's own ground, a town's public body, not a founder's firm: "Moody's Investors Service")
            add(0, len(head), place)
    for n in (3, 2) if not found else ():
        # a county, river or township of the story's ground opening the name before any word ("Foo County
        # Partnership", "the Foo River National Wildlife Refuge", "Foo Township Open Space Committee")
        head = " ".join(words[:n])
        if n >= len(words) or head.isupper():
            continue
        unit = local_county(head, where, idx) if re.search(r"\s(?:County|Parish)$", head) else None
        if unit is None and _UNIT_KINDS.search(head) and resolve_place(head, context=where, index=idx) is None:
            eid = ground_feature(head, where, idx) or (
                ground_feature(head, where, idx, beside=True) if beside is not None and beside() else None)
            unit = place_of_id(eid, idx) if eid else None
        if unit is not None:
            add(0, len(head), unit)
            break
    if not found and len(words) > 1:
        # a town of the article's own ground opening an organisation's or a facility's name, before any word:
        # "Wichita Lions Club" (by its own name, or an alternate one written with a dot or of two words, "St.
        # Paul": a one-word alternate name is too often a word, "Sea" of "Sea of Japan" for Seattle)
        for n in (3, 2, 1):
            head = " ".join(words[:n])
            # (a word of the lexicon only where the story names that town by itself too: "Charleston", a dance, in a
            # story datelined CHARLESTON, W.Va.)
            if n < len(words) and not head.isupper() and not (n == 1 and is_common_word(head) and not any(
                    key == head.lower() for _state, key in where.towns)) \
                    and head.lower() not in idx.regions:  # a state's name is the state (above), never a town
                place = resolve_place(head, context=where, index=idx, kinds=_TOWNS)
                # (no hamlet of under 1,000 people: before no institution word its name is more often a firm's
                # or a feature's, "Wells Fargo", "the Rio Grande Valley")
                if is_local(place, where) and _by_its_name(place, head) and not is_hamlet(place):
                    add(0, len(head), place)
                    break
    station = _STATION.match(name)
    if not found and station and organisation:
        # a broadcaster's station in a city ("CBC Toronto", "NBC Chicago"): the city, by its own name, when it is a
        # big one (100,000 people), a town of 10,000 in a country the article names, or on its own ground ("the LME
        # Continental warehouses" hold no Ohio village)
        place = resolve_place(station.group(2), context=where, index=idx, kinds=_TOWNS)
        if place is not None and _by_its_name(place, station.group(2)) and not is_common_word(station.group(2)) and (
                place.population >= BIG_CITY or is_local(place, where)
                or place.iso3 in where.countries and place.population >= TOWN_IN_NAME):
            add(station.start(2), station.end(2), place)
    tail = _OF_PLACE.search(name)
    if tail:
        place = resolve_place(tail.group(1).strip(), context=where, index=idx)
        if place is not None and (words[0].lower() in _INSTITUTION_WORDS and (
                place.kind != "city" or place.population >= BIG_CITY or place.iso3 in where.countries)
                or organisation and is_local(place, where) and _by_its_name(place, tail.group(1).strip())):
            add(tail.start(1), tail.start(1) + len(tail.group(1).strip()), place)
    # a state or province anywhere; the towns of "Fargo-Moorhead" and "Haris and Varzaqan"
    toks = [(t.start(), t.end()) for t in _NAME_TOKEN.finditer(name)]
    for i, (s, e) in enumerate(toks):
        for j in (i + 1, i):
            if j < len(toks) and name[e if j == i else toks[i][1]:toks[j][0]] in ("", " "):
                end = toks[j][1]
                add(s, end, division(name[s:end]))
    for group in _hyphen_groups(name, toks) + ([list(both.regs[1:])] if (both := _COORDINATED.match(name)) else []):
        # every part must be a place of 10,000 people (or in a country the article names): "Fargo-Moorhead",
        # never "Wal-Mart" or "Champs-Elysees"
        counties = re.match(r"\s+Count(?:y|ies)\b", name[group[-1][1]:]) is not None
        places = [(resolve_place(f"{name[s:e]} County", context=where, index=idx) if counties else None)
                  or (resolve_place(name[s:e], context=where, index=idx) if e - s > 3 and not name[s:e].isupper()
                      else None) for s, e in group]  # "the Greenbrier-Pocahontas County line": two counties
        if not _neighbours([p for p in places if p is not None and p.kind == "city"]):
            # towns far apart: the namesakes on the story's own ground when every part has one ("Plainview-Elgin" in
            # a Minnesota story), else no towns ("Allen-Bradley", "Smith and Wesson": surnames)
            local = [next((p for p, _m in idx.by_name.get(name[s:e].lower(), ()) if is_local(p, where)), None)
                     for s, e in group]
            places = local if all(p is not None for p in local) else [None] * len(group)
        if all(p is not None and p.kind != "country" and (p.kind != "city" or p.population >= TOWN_IN_NAME
                                                          or p.iso3 in where.countries) for p in places):
            for (s, e), p in zip(group, places):
                add(s, e, division(name[s:e]) or p)
    return sorted(found, key=lambda f: f[0])


# Towns a hyphenated or coordinated name joins lie this close to each other: twin towns ("Fargo-Moorhead", "Dallas-Fort
# Worth", "Winston-Salem"), a school district's ("Plainview-Elgin-Millville"), "Haris and Varzaqan".
_NEIGHBOURS_KM = 150


def _neighbours(towns: list) -> bool:
    """Whether every two of ``towns`` lie within :data:`_NEIGHBOURS_KM` of each other (a name that joins towns far
    apart joins two surnames or words: "Allen-Bradley", "Borg-Warner", "Smith and Wesson", "Energy and Commerce").
    Towns without a point pass.

    >>> from components.build.places import Place
    >>> fargo, moorhead = Place("Fargo", "USA", "city", lat=46.88, lon=-96.79), Place("Moorhead", "USA", "city", lat=46.87, lon=-96.77)
    >>> allen, bradley = Place("Allen", "USA", "city", lat=33.10, lon=-96.67), Place("Bradley", "USA", "city", lat=41.14, lon=-87.86)
    >>> _neighbours([fargo, moorhead]), _neighbours([allen, bradley])
    (True, False)
    """
    pts = [(p.lat, p.lon) for p in towns if p.lat is not None and p.lon is not None]
    for i, (la1, lo1) in enumerate(pts):
        for la2, lo2 in pts[i + 1:]:
            a = math.sin(math.radians(la2 - la1) / 2) ** 2 + math.cos(math.radians(la1)) * math.cos(
                math.radians(la2)) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
            if 2 * 6371 * math.asin(math.sqrt(min(1.0, a))) > _NEIGHBOURS_KM:
                return False
    return True


def _on_ground_place(place, where: PlaceContext) -> bool:
    """Whether ``place`` lies in the story's own ground: in the country of a state or province it names (or its
    dateline's) or of its paper's home. A country it names is not enough: the street's own name ("Dublin Road")
    named it."""
    return place is not None and place.iso3 in ground_countries(where)


def _on_ground(eid: str | None, where: PlaceContext) -> bool:
    """Whether the place or country ``eid`` names is of the story's own ground (:func:`_on_ground_place`);
    False for any other id."""
    if not eid or not eid.startswith(("place:", "country:")):
        return False
    if eid.startswith("country:"):
        return eid[8:] in ground_countries(where)
    return _on_ground_place(place_of_id(eid, load_places()), where)


def _hyphen_groups(name: str, toks: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The runs of name tokens joined by hyphens ("Fargo-Moorhead", "Plainview-Elgin-Millville")."""
    groups, run = [], []
    for s, e in toks:
        if run and name[run[-1][1]:s] == "-":
            run.append((s, e))
        else:
            if len(run) > 1:
                groups.append(run)
            run = [(s, e)]
    if len(run) > 1:
        groups.append(run)
    return groups


_TOWNS = frozenset({"city", "county"})


# The last word of an event's name a host city may open ("Foo Film Festival", "Foo Security Conference").
_EVENT_WORDS = {"festival", "conference", "summit", "marathon", "olympics", "games", "forum", "biennale", "biennial",
                "expo", "regatta", "carnival", "open", "prix", "fair", "show"}
_EVENT_CITY = 50_000
_GENERIC_ORGS_LOWER = {g.lower() for g in _GENERIC_ORGS}


def places_by_frame(out: pd.DataFrame, texts: dict[str, str], body_starts: dict[str, int] | None = None,
                    homes: dict | None = None) -> pd.DataFrame:
    """Places no NER span covers, found by the words around them: "a Meadow Grove man", "Kalena Horhn of
    Grand Prairie", "Cooke and Love counties" (:func:`~components.build.places.frame_candidates`), and
    upper-case datelines inside the text after a repeated headline ("... council. MANSFIELD, Ohio (AP) --";
    rule "dateline"). Each is looked up in GeoNames with the article's context; a country, an everyday
    word ("Young"), or a small town abroad the article never points to is left alone. The dateline ingest
    found before an article's ``body_starts`` offset ("EDMONTON, Ky. (AP) --") is a mention of its place and
    state (rule "dateline"); nothing else before that offset is read. ``homes`` maps an
    article to its outlet's home (:func:`~components.build.places.outlet_homes`), which decides among
    namesakes as in :func:`resolve_article`.
    """
    extra = []
    idx = load_places()
    groups: dict[str, list[tuple]] = {}
    for row in zip(out["article_id"].tolist(), out["start"].tolist(), out["end"].tolist(), out["surface"].tolist(),
                   out["label"].tolist(), out["gaz"].tolist(),
                   (out["entity_id"] if "entity_id" in out.columns else pd.Series(None, index=out.index)).tolist()):
        groups.setdefault(row[0], []).append(row)
    for aid, text in texts.items():
        if not text:
            continue
        grp = groups.get(aid, [])
        body = (body_starts or {}).get(aid, 0)
        covered = [(r[1], r[2]) for r in grp] + ([(0, body)] if body else [])
        where = None
        found = []

        def context(grp=grp, aid=aid):
            return replace(place_context([r[3] for r in grp], [r[4] for r in grp],
                                         {g.split("|", 1)[0][8:] for *_x, g, _eid in grp if g.startswith("country:")},
                                         gaz=[r[-2] for r in grp]),
                           home=(homes or {}).get(aid, frozenset()))

        lead = DATELINE.match(text, 0, min(body, 160)) if body else None
        if lead:
            # the dateline ingest found ("EDMONTON, Ky. (AP) --", "By NAIROBI, Kenya"): a mention of its place, and
            # of the state or province written after it
            where = context()
            found += _dateline_mentions(lead.group("place"), lead.span("place"), lead.group("region") or "",
                                        lead.span("region"), where, idx, agency=lead.group("agency") or "",
                                        sep=lead.group("sep"))
        for s, e, place_name, rs, re_ in inner_datelines(text):
            if any(cs < e and s < ce for cs, ce in covered):
                continue
            where = where or context()
            free = re_ and not any(cs < re_ and rs < ce for cs, ce in covered)
            found += _dateline_mentions(place_name, (s, e), text[rs:re_] if re_ else "", (rs, re_) if free else None,
                                        where, idx)
        person_ends = frozenset(r[2] for r in grp if r[4] == "PERSON")
        for s, e, frame in frame_candidates(text, person_ends):
            if any(cs < e and s < ce for cs, ce in covered) or any(fs < e and s < fe for fs, fe, *_x in found):
                continue
            name = text[s:e]
            where = where or context() if frame == "county" else where
            if len(name.split()) == 1 and is_common_word(name) and not (
                    frame == "county" and local_county(name, where, idx) is not None):
                continue  # an everyday word, save a county of the ground in a list of them ("Foo, Swift and Bar counties")
            where = where or context()
            place = resolve_place(f"{name} County" if frame == "county" else name, context=where, index=idx)
            if frame == "home" and not is_local(place, where):
                # a legislator's home ("D-Foo") that is no town of the story's ground is its county there
                county = resolve_place(f"{name} County", context=where, index=idx)
                place = county if is_local(county, where) else place
            if place is None or place.kind == "country":
                continue
            if re.match(r"\s[A-Z]", text[e:e + 2]) and not (is_local(place, where) or place.iso3 in where.countries):
                continue  # a name run into a capitalised frame noun ("Vice Mayor Foo"): a town the story points to only
            own = home_namesake(name, where, idx) if frame == "place" and \
                place_frame(text, s, e, person_ends, local=True) == "place" else None
            found.append((s, e, name, own or place, RULE_GEONAMES))
        for s, e, name in _counties_written(text):  # "Henry County", "the Avoyelles Parish Sheriff's Office"
            if any(cs < e and s < ce for cs, ce in covered) or any(fs < e and s < fe for fs, fe, *_x in found):
                continue
            where = where or context()
            county = local_county(name, where, idx)
            if county is not None:
                found.append((s, e, name, county, RULE_GEONAMES))
        found += _abbreviated_states(text, grp, found, covered, idx)
        for s, e, name, place, rule in found:
            extra.append({"article_id": aid, "start": s, "end": e, "surface": name, "label": "GPE", "gaz": "",
                          "role": "place", "entity_id": place_id(place, idx), "rule": rule})
    return pd.DataFrame(extra)


def _counties_written(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of the counties and parishes ``text`` writes with their kind, the longest name first
    and then its tails ("Paris-Henry County" gives "Henry County" too; "The Foo County" gives "Foo County"), for
    :func:`~components.build.places.local_county` to look up on the story's ground.

    >>> _counties_written("toured the Paris-Henry County center in Kanawha County.")
    [(11, 29, 'Paris-Henry County'), (17, 29, 'Henry County'), (40, 54, 'Kanawha County')]
    """
    out = []
    for m in re.finditer(r"(?<![\w.'’])([A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2})\s(County|Parish)\b", text):
        words = re.split(r"(\s|-)", m.group(1))  # the words and what joins them
        for k in range(0, len(words), 2):
            s = m.start(1) + len("".join(words[:k]))
            name = text[s:m.end(2)]
            if name[:1].isupper() and not name.startswith(("The ", "A ")):
                out.append((s, m.end(2), name))
    return out


# A state's or province's abbreviation after a town and a comma ("Foo, Man.", "Foo, Que.", "Foo, Calif."), which NER
# leaves untagged or takes for a person: dotted, as the AP and Canadian Press stylebooks write them
_ABBREVIATION_AFTER = re.compile(r",\s+([A-Z][a-z]{0,4}\.(?:\s?[A-Z][a-z]{0,3}\.){0,2})")


def _abbreviated_state(m, rows: list, out: list, text: str) -> str | None:
    """The id of the state or province whose abbreviation NER typed otherwise right after a town and a comma
    ("Barrie, Ont." with "Ont" a person; ``rows`` and ``out``: the article's mentions and those resolved so far),
    in the town's own country; None otherwise (:func:`_abbreviated_states` does the names NER did not tag)."""
    full = text[m.start:m.end + 1] if text[m.end:m.end + 1] == "." and not m.surface.endswith(".") else m.surface
    before = re.search(r",\s+$", text[max(0, m.start - 4):m.start])
    if not before or not _ABBREVIATION_AFTER.fullmatch(", " + full):
        return None
    comma = m.start - len(before.group(0))
    idx = load_places()
    for prior, (eid, _rule) in zip(rows, out):
        if prior.end == comma and isinstance(eid, str) and eid.startswith("place:"):
            state = _state_of_town(full, place_of_id(eid, idx), idx)
            if state is not None:
                return place_id(state, idx)
    return None


def _state_of_town(abbreviation: str, town, idx):
    """The state or province ``abbreviation`` names in ``town``'s own country, else None."""
    state = _dateline_region(abbreviation, town, PlaceContext(), idx) if town is not None else None
    return state if state is not None and state.kind == "region" and state.iso3 == town.iso3 else None


def _abbreviated_states(text: str, grp: list, found: list, covered: list, idx) -> list[tuple]:
    """Mentions ``(start, end, name, place, rule)`` of the states and provinces abbreviated after a town: the town a
    mention resolved to a place (``grp``: the article's rows, their entity id last; ``found``: the places found by
    their frame), then a comma and an abbreviation the index holds for a division of that town's country ("Barrie,
    Ont.", "Gatineau, Que."). The division must be in the town's own country ("Manchester, Man. United fans" names
    no Manitoba), and no mention may cover it."""
    out = []
    ends = {e: place_of_id(eid, idx) for _a, _s, e, _surface, _label, _gaz, eid in grp
            if isinstance(eid, str) and eid.startswith("place:")}
    ends.update({e: place for _s, e, _n, place, _r in found})
    for m in _ABBREVIATION_AFTER.finditer(text):
        town = ends.get(m.start())
        s, e = m.span(1)
        if town is None or town.kind == "country" or any(cs < e and s < ce for cs, ce in covered):
            continue
        state = _state_of_town(m.group(1), town, idx) if "." in m.group(1) else None
        if state is not None:
            out.append((s, e, m.group(1), state, RULE_GEONAMES))
    return out


def _dateline_mentions(place_name: str, span: tuple, region: str, region_span: tuple | None, where: PlaceContext,
                       idx, *, agency: str = "", sep: str = "") -> list[tuple]:
    """The mentions a dateline gives (``(start, end, name, place, rule)``): its town, and the state or province
    written after it (:func:`_dateline_region`; not when ``region_span`` is None). An everyday word with no state
    or agency after it is no town ("POLICE - Officials said"), nor a headline's word before a colon that is no
    region, local or big city ("Police: ...", "UN: ...")."""
    place = resolve_dateline(f"{place_name}, {region}" if region else place_name, where, idx)
    if place is not None and not region and not agency and is_common_word(place_name.title()):
        place = None
    if place is not None and sep == ":" and not (
            place_name.isupper() and len(place_name) > 2 and (place.kind == "region" or is_local(place, where)
                                                             or place.population >= BIG_CITY)):
        place = None
    out = [(*span, place_name, place, RULE_DATELINE)] if place is not None and place.kind != "country" else []
    state = _dateline_region(region, place, where, idx) if region_span is not None else None
    if state is not None:
        out.append((*region_span, region, state, RULE_DATELINE))
    return out


def _dateline_region(region: str, town: Place | None, where: PlaceContext, idx) -> Place | None:
    """The state or province a dateline writes after its town ("EDMONTON, Ky.", "KHAN YOUNIS, Gaza"): one of
    the divisions of that name in the town's own country (the most populous, then the first listed), none
    when the town is elsewhere ("Gaza" is also a province of Mozambique, "WA" a US state and an Australian
    one); with no town resolved, the one division of that name in a country the story names, or the only
    one there is.

    >>> from components.build.places import load_places
    >>> idx = load_places()
    >>> _dateline_region("Ky.", None, PlaceContext(), idx).name
    'Kentucky'
    """
    if not region:
        return None
    hits = [p for p in idx.regions.get(region.lower(), ()) if p.kind == "region"]
    if town is not None:
        hits = [p for p in hits if p.iso3 == town.iso3 and (not town.admin1 or town.kind == "region"
                                                          or not p.admin1 or p.admin1 == town.admin1)]
    elif len({p.iso3 for p in hits}) > 1:
        hits = [p for p in hits if p.iso3 in where.countries]
    if len({p.iso3 for p in hits}) != 1:
        return None
    return max(hits, key=lambda p: p.population)


def attach_sentences(fill: pd.DataFrame, mentions: pd.DataFrame, texts: dict | None = None) -> pd.DataFrame:
    """Give the mentions a text pass found (surnames, places named again, ...) the sentence that encloses them.

    The sentences known are those of ``mentions`` (the language model's): a hit takes the last one starting
    before it. Where that one ends before the hit (a sentence in which the model tagged nothing), the hit's own
    sentence is read off the article's text (``texts``: article id -> text) between the known sentences around it,
    so its evidence is the sentence that names it, not the one before (:func:`_own_sentence`)."""
    # The keys in one type on both sides: a frame built from dicts, or concatenated from parts one of which was
    # empty, holds them as objects.
    sents = (mentions[["article_id", "sent", "sent_start", "sent_end"]].drop_duplicates()
             .astype({"sent_start": "int64"}).sort_values("sent_start", kind="stable"))
    fill = fill.astype({"start": "int64", "article_id": sents["article_id"].dtype}).sort_values("start", kind="stable")
    merged = pd.merge_asof(fill, sents, left_on="start", right_on="sent_start", by="article_id",
                           direction="backward")
    merged = merged.fillna({"sent": -1, "sent_start": 0, "sent_end": 0})
    outside = (merged["start"] >= merged["sent_end"]).to_numpy()
    if texts and outside.any():
        after = pd.merge_asof(merged.loc[outside, ["article_id", "start"]].reset_index(),
                              sents.rename(columns={"sent": "next_sent", "sent_start": "next_start"})
                              [["article_id", "next_sent", "next_start"]],
                              left_on="start", right_on="next_start", by="article_id", direction="forward")
        for (i, aid, start), nxt, nxt_start in zip(after[["index", "article_id", "start"]].itertuples(index=False),
                                                   after["next_sent"], after["next_start"]):
            text = texts.get(aid)
            if not isinstance(text, str):
                continue
            row = merged.loc[i]
            hi = int(nxt_start) if pd.notna(nxt_start) else len(text)
            found = _own_sentence(text, int(row["sent_end"]), hi, int(start), int(row["end"]))
            if found is None:
                continue
            k, s0, e0 = found
            sent = int(row["sent"]) + 1 + k
            if pd.notna(nxt):
                sent = min(sent, int(nxt) - 1)
            merged.loc[i, ["sent", "sent_start", "sent_end"]] = [max(sent, 0), s0, e0]
    merged["sent"] = merged["sent"].clip(lower=0)
    return merged


# Where a sentence ends, for the stretches of text between the language model's sentences: a full stop, question or
# exclamation mark (and a closing quote or bracket) before a space and a capital, figure or opening quote; or a blank
# line.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")


@functools.cache
def _abbreviations() -> frozenset:
    """Words that end in a full stop without ending a sentence: spaCy's English tokenizer exceptions ("Mr.", "Gen.",
    "Calif.", "Jan.")."""
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    return frozenset(k for k in TOKENIZER_EXCEPTIONS if k.endswith(".") and len(k) > 1)


def _abbreviation_at(text: str, dot: int) -> bool:
    """Whether the full stop at ``text[dot]`` ends an abbreviation or an initial, not a sentence.

    >>> _abbreviation_at("said Mr. Foo", 7), _abbreviation_at("by J. Foo", 4), _abbreviation_at("the U.S. Army", 7)
    (True, True, True)
    >>> _abbreviation_at("in Foo. The", 6), _abbreviation_at("workteam No. 2", 11), _abbreviation_at("rose 4 pct. 2", 10)
    (False, True, False)
    """
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[max(0, dot - 12):dot]).group(0)
    if len(word) == 1 or "." in word or word + "." in _abbreviations():
        return True
    # a capitalised word of two or three letters before a figure: "No. 2", "Art. 9", "Vol. 3"
    return 2 <= len(word) <= 3 and word[0].isupper() and word[1:].islower() \
        and bool(re.match(r"\s+\d", text[dot + 1:dot + 4]))


def _own_sentence(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int, int] | None:
    """The sentence around ``text[start:end]`` within ``text[lo:hi]`` (the stretch between two known sentences) as
    ``(sentences before it in the stretch, its start, its end)``; None when the span is not inside the stretch.

    >>> t = "Rain fell in Foo. Police in Bar said so. Nothing else."
    >>> k, s, e = _own_sentence(t, 0, len(t), t.index("Bar"), t.index("Bar") + 3)
    >>> k, t[s:e]
    (1, 'Police in Bar said so.')
    >>> _own_sentence(t, 20, len(t), 3, 6) is None
    True
    """
    if not lo <= start < end <= hi:
        return None
    s0, k = lo, 0
    for hit in _SENTENCE_END.finditer(text, lo, hi):
        if _abbreviation_at(text, hit.start()):
            continue
        if hit.end() <= start:
            s0, k = hit.end(), k + 1
        elif hit.start() >= end:
            e0 = hit.start() + len(hit.group(0).rstrip())
            break
    else:
        e0 = hi
    while s0 < start and text[s0].isspace():
        s0 += 1
    while e0 > end and text[e0 - 1].isspace():
        e0 -= 1
    return k, s0, e0
