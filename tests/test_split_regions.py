"""A region ISO 3166-2 splits by compass words is named by its stem alone (issue 17, fourteenth round): "Darfur" of
North, South, East, West and Central Darfur is Sudan's; a generic or feature word, a stem two countries share, and a
name a place already bears are left alone. Built on a toy index, then checked on the real one."""
from __future__ import annotations

from components.build.places import Place, PlaceContext, _split_regions, load_places, resolve_place


def _region(name, iso3, code):
    return Place(name, iso3, "region", code, population=300_000)


def test_a_stem_of_two_divisions_of_one_country_is_a_region_of_it():
    names = {n.lower(): [(_region(n, "AAA", c), True)] for n, c in
             [("North Foovia", "N"), ("South Foovia", "S"), ("Western Cape", "WC"), ("Eastern Cape", "EC"),
              ("North Barland", "NB"), ("Lower Bazia", "LB")]}
    names["north barland"] = [(_region("North Barland", "AAA", "NB"), True)]
    names["south barland"] = [(_region("South Barland", "BBB", "SB"), True)]  # two countries: nobody's
    names["upper qux"] = [(_region("Upper Qux", "AAA", "UQ"), True)]
    names["lower qux"] = [(_region("Lower Qux", "AAA", "LQ"), True)]
    names["qux"] = [(Place("Qux", "CCC", "city", "", population=20_000), True)]  # a place bears it already
    regions: dict = {}
    _split_regions(names, regions, None)
    assert [(p.name, p.iso3, p.kind) for p, _m in names["foovia"]] == [("Foovia", "AAA", "region")]
    assert "cape" not in names and "barland" not in names and "bazia" not in names
    assert [p.kind for p, _m in names["qux"]] == ["city"]
    assert regions == {"foovia": [names["foovia"][0][0]]}


def test_the_real_index_names_split_regions_by_their_stem():
    for stem, iso3 in [("Darfur", "SDN"), ("Kordofan", "SDN"), ("Hamgyong", "PRK"), ("Gyeongsang", "KOR")]:
        place = resolve_place(stem, context=PlaceContext())
        assert place is not None and (place.iso3, place.kind) == (iso3, "region"), (stem, place)
    idx = load_places()
    assert "cape" not in idx.by_name or all(p.kind != "region" or p.admin1 for p, _m in idx.by_name["cape"])
