"""Divisions ISO 3166-2 nests below another (issue 17, eighth round): Indonesia's provinces under its islands, Uganda's
districts, England's counties and London's boroughs, the provinces of Spain and Italy, the departments of France,
the counties of Ireland; their names as English news writes them; a division's kind written with its name; a
province's abbreviation after a town. Invented sentences and names only; the real place index."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.places import PlaceContext, load_places, resolve_place


def mentions(text, nlp, gz):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2024-05-01", tz="UTC"),
                         "body_start": 0})
    return canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)


def where(name, **context):
    p = resolve_place(name, context=PlaceContext(**{k: frozenset(v) for k, v in context.items()}), index=load_places())
    return None if p is None else (p.iso3, p.kind)


@pytest.mark.parametrize("name, iso3", [
    # under a "geographical unit" that governs nothing: the provinces are Indonesia's first level
    ("Bali", "IDN"), ("Aceh", "IDN"), ("Riau", "IDN"), ("Jambi", "IDN"), ("Lampung", "IDN"),
    # the English name by the compass-word rule, and the name ISO 3166-2 writes
    ("West Java", "IDN"), ("Jawa Barat", "IDN"), ("Central Java", "IDN"), ("North Sumatra", "IDN"),
    ("East Nusa Tenggara", "IDN"), ("Southeast Sulawesi", "IDN"), ("Riau Islands", "IDN"), ("Java", "IDN"),
    ("Kasese", "UGA"),  # a district of Uganda (under a "geographical region")
    ("Bavaria", "DEU"), ("Bayern", "DEU"), ("Lapland", "FIN"),  # pycountry's English names
    ("Fars", "IRN"), ("Guangxi", "CHN"), ("Xinjiang", "CHN"), ("Bicol", "PHL"),  # diacritics, kinds, glosses dropped
    ("Lancashire", "GBR"), ("Cambridgeshire", "GBR"), ("Kerry", "IRL"),  # second-level divisions
])
def test_a_division_reaches_its_country(name, iso3):
    assert where(name)[0] == iso3


def test_english_and_local_names_are_one_division():
    idx = load_places()
    assert resolve_place("West Java", index=idx) == resolve_place("Jawa Barat", index=idx)
    assert resolve_place("Bavaria", index=idx).name == "Bavaria"


def test_a_first_level_kind_nested_in_an_autonomous_unit_is_first_level():
    # Iraq's governorates in the Kurdistan Region are governorates like the others
    assert where("Arbil") == ("IRQ", "region") and where("As Sulaymaniyah") == ("IRQ", "region")
    # Paris (a collectivity of that kind inside Ile-de-France) stays the city, and grounds no story as a division
    assert where("Paris") == ("FRA", "city")
    assert not any(p.iso3 == "FRA" for p in load_places().regions.get("paris", ()))


def test_a_division_leaves_its_name_to_its_own_town():
    # a province or district named after its seat: the town is what news means, with its point on the map
    assert where("Pisa") == ("ITA", "city") and where("Barcelona") == ("ESP", "city")
    assert where("Cork") == ("IRL", "city") and where("Gulu") == ("UGA", "city")


def test_a_second_level_division_takes_no_name_from_a_bigger_town():
    # England's Kent has a county's prior: a story naming Ohio keeps Kent, Ohio, one naming Britain the county,
    # and a story saying nothing the larger US city it had before
    assert where("Kent", regions={("USA", "OH")}) == ("USA", "city")
    assert where("Kent", countries={"GBR"}) == ("GBR", "county")
    assert where("Kent") == ("USA", "city")
    # a municipality of Cape Verde is a town's size: California's Santa Cruz stays in a story naming California
    assert where("Santa Cruz", regions={("USA", "CA")}) == ("USA", "city")


def test_a_derived_name_takes_no_city_and_no_word():
    # without its diacritics "Baghdād" is the city's name: the governorate is no region a story is set in by it
    idx = load_places()
    assert "baghdad" not in idx.regions and "bavaria" in idx.regions
    assert where("Baghdad") == ("IRQ", "city")
    # a gloss dropped leaves Togo's "Maritime (Région)" an everyday word: no place ("Canada's Maritime provinces")
    assert where("Maritime") is None


def test_short_department_names_are_not_indexed():
    idx = load_places()
    for word in ("lot", "ain", "var"):
        assert not any(p.iso3 == "FRA" for p, _m in idx.by_name.get(word, ()))


@pytest.mark.parametrize("name, iso3", [
    ("Fars Province", "IRN"), ("Idlib province", "SYR"), ("County Cork", "IRL"), ("Co. Kerry", "IRL"),
    ("Enfield Borough", "GBR"), ("the Borough of Enfield", "GBR"), ("Lancashire County", "GBR"),
])
def test_a_division_written_with_its_kind(name, iso3):
    assert where(name)[0] == iso3


def test_a_kind_word_makes_no_division_of_anything_else():
    assert where("Kent State") is None  # a university, not England's county
    assert where("Foobar Province") is None


@pytest.mark.parametrize("text, surface, eid", [
    ("The family moved to Barrie, Ont., last spring.", "Ont", "place:ontario"),
    ("The plant in Brandon, Man., closed, union officials said.", "Man.", "place:manitoba"),
    ("She sold her house in Gatineau, Que., and left.", "Que", "place:quebec-can-qc"),
])
def test_a_province_abbreviated_after_a_town(nlp, gz, text, surface, eid):
    m = mentions(text, nlp, gz)
    got = set(m.loc[m["surface"].str.rstrip(".") == surface.rstrip("."), "entity_id"])
    assert got == {eid}, m[["surface", "entity_id"]]


@pytest.mark.parametrize("text", [
    "She was a man. He told the court he was not that man.",
    "Manchester United won again. Man. United fans sang in the rain.",
    "The queue at the embassy was long, Ont. officials said nothing.",
])
def test_an_abbreviation_needs_a_town_before_it(nlp, gz, text):
    m = mentions(text, nlp, gz)
    assert not m["entity_id"].isin(["place:manitoba", "place:ontario", "place:quebec-can-qc"]).any(), \
        m[["surface", "entity_id"]]


@pytest.mark.parametrize("text, surface, eid", [
    ("Tourists returned to Bali on Monday after the volcano calmed, officials in Jakarta said.", "Bali", "place:bali"),
    ("Police in Aceh caned two men on Friday, the provincial government said.", "Aceh", "place:aceh"),
    ("Floods hit West Java overnight, killing 12 people, the disaster agency said.", "West Java", "place:west-java"),
    ("Heavy snow closed roads in Bavaria and Austria on Sunday.", "Bavaria", "place:bavaria"),
    ("Voters in Lancashire went to the polls on Thursday.", "Lancashire", "place:lancashire"),
])
def test_world_news_finds_the_divisions(nlp, gz, text, surface, eid):
    m = mentions(text, nlp, gz)
    assert set(m.loc[m["surface"] == surface, "entity_id"]) == {eid}, m[["surface", "entity_id"]]


@pytest.mark.parametrize("text, absent", [
    ("Papua New Guinea's prime minister met his Australian counterpart in Port Moresby.", "place:papua"),
    ("Paul said the talks in Geneva would resume next week.", "place:paul"),
    ("Ms. Aceh said the ruling would be appealed.", "place:aceh"),
    ("Students at Kent State University in Ohio marched on Monday.", "place:kent-gbr-ken"),
    ("The mayor of Enfield, Connecticut, said the town would rebuild the bridge.", "place:enfield-gbr-enf"),
])
def test_world_news_guards(nlp, gz, text, absent):
    m = mentions(text, nlp, gz)
    assert absent not in set(m["entity_id"]), m[["surface", "entity_id"]]
