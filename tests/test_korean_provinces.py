"""The provinces of both Koreas, and the North's towns, as English news writes them (issue 17, fourteenth
round). ISO 3166-2 (pycountry) names the provinces in romanisations no news uses ("Hamkyeongnamto",
"Chungcheongbuk-do"), so every "South Hamgyong Province" of KCNA was a place with no country: the DPRK's own coverage
lost its provinces under a country filter and on the map. ``data/places/division_names.csv`` now holds each
province's English names (KCNA's spelling and the wires'), a row per spelling with its source; the towns GeoNames
writes in McCune-Reischauer are found in the DPRK's own romanisation too."""
from __future__ import annotations

import pytest

from components.build.places import PlaceContext, resolve_place
from tests.test_places_recall_round9 import countries_of, mentions


@pytest.mark.parametrize("written,iso3,code", [
    ("South Hamgyong Province", "PRK", "08"), ("North Hamgyong", "PRK", "09"), ("North Phyongan Province", "PRK", "03"),
    ("South Pyongan", "PRK", "02"), ("Jagang Province", "PRK", "04"), ("Chagang", "PRK", "04"),
    ("South Hwanghae Province", "PRK", "05"), ("Ryanggang Province", "PRK", "10"), ("Yanggang", "PRK", "10"),
    ("Gyeonggi Province", "KOR", "41"), ("North Chungcheong Province", "KOR", "43"), ("South Jeolla", "KOR", "46"),
    ("North Gyeongsang Province", "KOR", "47"), ("Gangwon Province", "KOR", "42")])
def test_a_korean_province_as_news_writes_it_is_that_province(written, iso3, code):
    place = resolve_place(written, context=PlaceContext())
    assert place is not None and (place.iso3, place.kind, place.admin1) == (iso3, "region", code), place


def test_a_kcna_sentence_gives_its_provinces_the_dprk(nlp, gz):
    text = ("Pyongyang, May 3 (KCNA) -- Farmers in South Hamgyong Province and North Phyongan Province finished rice "
            "transplanting ahead of schedule, and those of Jagang Province followed.")
    m = mentions(text, nlp, gz)
    provinces = m[m["surface"].str.contains("Province")]
    assert len(provinces) >= 2, m[["surface", "entity_id", "rule"]]
    assert countries_of(provinces) == {"PRK"}, provinces[["surface", "entity_id", "rule"]]


def test_the_provinces_of_the_other_korea_stay_apart():
    """Same compass words, other names: Seoul's provinces are never the North's."""
    south = resolve_place("North Gyeongsang", context=PlaceContext(frozenset({"PRK"})))
    north = resolve_place("North Hamgyong", context=PlaceContext(frozenset({"KOR"})))
    assert (south.iso3, north.iso3) == ("KOR", "PRK")


@pytest.mark.parametrize("written", ["Phyongsong City", "Sinpho", "Jongju City", "Tokchon", "Kaechon City"])
def test_a_north_korean_town_as_kcna_writes_it_is_that_town(written):
    """GeoNames writes them in McCune-Reischauer ("P'yŏngsŏng", "Sinp'o", "Chŏngju"); KCNA in the DPRK's own
    romanisation, and names a city or a county after its seat town."""
    place = resolve_place(written, context=PlaceContext(frozenset({"PRK"})))
    assert place is not None and (place.iso3, place.kind) == ("PRK", "city"), place
