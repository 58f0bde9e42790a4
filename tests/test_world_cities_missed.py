"""World cities on news we never tuned for (issue 17, fifteenth round).

Measured on 900 GeoNames cities of 150,000 people or more, each written in three invented news frames ("Heavy rain
flooded streets in Foo", "FOO (Reuters) -", "a new factory near Foo"), the small English model tagged nothing over one
city in nine, typed two-word cities ("Fort Foo", "Le Foo") a facility that then had no country, and Malta's and
Slovenia's local councils, given a province's population, took the names of cities of 200,000 people abroad. Three
classes, each tested here on invented sentences and on the real tables:

- a GeoNames city's own name after a preposition of place where no mention covers it (``places.missed_places``);
- a city of 100,000 people NER typed a facility, written in two words or more;
- a first-level division's population is its country's people per first-level division where that is under 100,000.
"""
from __future__ import annotations

import pandas as pd

from components.build.people import is_common_word
from components.build.places import (BIG_CITY, RULE_PLACE_MISSED, PlaceContext, _ascii, missed_places, load_places,
                                     resolve_place)
from tests.test_places_recall_round9 import countries_of, mentions

NO_MENTIONS = pd.DataFrame({"article_id": [], "start": [], "end": [], "surface": [], "entity_id": [], "rule": []})


def _fill(text, rows=NO_MENTIONS):
    return [(r["surface"], r["entity_id"]) for r in missed_places(rows, {"a": text}, None, is_common_word)]


def test_a_city_after_each_preposition_of_place():
    for prep in ("in", "near", "outside", "around", "from", "to", "into", "towards", "via", "across"):
        found = _fill(f"Police said the convoy moved {prep} Irkutsk on Monday.")
        assert found == [("Irkutsk", "place:irkutsk")], (prep, found)
    for noun in ("the mayor of", "residents of", "the outskirts of", "the port of"):
        found = _fill(f"On Monday {noun} Irkutsk said the water was safe.")
        assert found == [("Irkutsk", "place:irkutsk")], (noun, found)
    assert _fill("On Monday the wife of Irkutsk said the water was safe.") == []  # no place's noun: no place
    assert resolve_place("Irkutsk").iso3 == "RUS"


def test_names_with_particles_are_read_whole():
    found = _fill("The storm flattened homes in Santiago de Cuba overnight, and flights to Dar es Salaam were "
                  "cancelled.")
    assert [s for s, _ in found] == ["Santiago de Cuba", "Dar es Salaam"], found


def test_no_city_inside_a_longer_name_a_possessive_or_capitals():
    assert _fill("Passengers waited at a gate in Toulouse Airport on Monday.") == []
    assert _fill("Investors looked to Toulouse's mayor for an answer.") == []
    assert _fill("IN TOULOUSE, police said nothing.") == []
    assert _fill("Floods In Toulouse Kill Three") == []  # a headline's capitalised preposition


def test_no_city_for_an_everyday_word_or_a_word_of_the_story_s_people():
    assert _fill("The company moved its operations to Mobile devices last year.") == []
    rows = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [13], "surface": ["Ann Eldoret"],
                         "entity_id": ["person:ann-eldoret"], "rule": ["full name"]})
    assert _fill("Ann Eldoret said the letter came from Eldoret's rivals and went to Eldoret.", rows) == []


def test_no_second_mention_over_a_name_already_read():
    rows = pd.DataFrame({"article_id": ["a"], "start": [18], "end": [26], "surface": ["Toulouse"],
                         "entity_id": ["place:toulouse"], "rule": ["GeoNames place"]})
    assert _fill("Streets flooded in Toulouse.", rows) == []


def test_a_town_needs_its_country_named_a_city_does_not():
    town = resolve_place("Techiman")
    assert town is not None and town.iso3 == "GHA" and town.population < BIG_CITY
    text = "Traders travelled to Techiman on Monday."
    assert _fill(text) == []
    rows = pd.DataFrame({"article_id": ["a"], "start": [40], "end": [45], "surface": ["Ghana"],
                         "entity_id": ["country:GHA"], "rule": ["gazetteer name"]})
    assert [s for s, _ in _fill(text + " Prices rose in Ghana.", rows)] == ["Techiman"]


def _shared_names(kind: str) -> list[str]:
    """Every one-word name the index gives two places of ``kind`` within a factor of three of each other, in different
    countries, of 100,000 people or more (not an everyday word): the story has to point to one."""
    out = []
    for key, cands in load_places().by_name.items():
        same = sorted((p for p, main in cands if p.kind == kind and p.population >= BIG_CITY
                       and (kind != "city" or main and _ascii(p.name).lower() == key)), key=lambda p: -p.population)
        if len(same) >= 2 and same[1].population * 3 > same[0].population and same[0].iso3 != same[1].iso3 \
                and key.isalpha() and not is_common_word(key):
            out.append(key.title())
    return out


def _none_found(names: list[str], frame: str) -> list[str]:
    """The names of ``names`` the missed-place pass finds in ``frame`` (a sentence with ``{}`` for the name)."""
    return [name for name in names if _fill(frame.format(name))]


def test_a_name_cities_of_like_size_share_is_no_city():
    shared = _shared_names("city")
    assert len(shared) > 20
    assert _none_found(shared[:200], "Officials travelled to {} on Monday.") == []


def test_through_the_pipeline_cities_reach_their_country(nlp, gz):
    text = ("Heavy rain flooded streets in Toulouse on Tuesday, officials said, and schools were closed. The company "
            "said it would open a new factory near Eldoret next year. The United Nations said it was watching.")
    m = mentions(text, nlp, gz)
    assert {"FRA", "KEN"} <= countries_of(m), m[["surface", "entity_id", "rule"]]
    assert set(m["rule"]) & {RULE_PLACE_MISSED, "GeoNames place"}


def test_a_two_word_city_typed_a_facility_has_its_country(nlp, gz):
    text = ("Heavy rain flooded streets in Fort Wayne on Tuesday, officials said. A new plant near Le Havre will open "
            "next year, the company said.")
    m = mentions(text, nlp, gz)
    assert {"USA", "FRA"} <= countries_of(m), m[["surface", "entity_id", "rule"]]


def test_small_countries_councils_never_take_a_city_s_name():
    """Every first-level division given less than a province's population (its country's people per first-level
    division is under 100,000: Malta's councils, Slovenia's municipalities) yields its name to a city of 100,000
    people elsewhere that bears it as its own."""
    index = load_places()
    checked = 0
    for key, cands in index.by_name.items():
        small = [p for p, main in cands if p.kind == "region" and p.population < 300_000 and p.iso3 != "USA"]
        cities = [p for p, main in cands if main and p.kind == "city" and p.population >= BIG_CITY
                  and _ascii(p.name).lower() == key]
        if not small or not cities or any(p.iso3 == small[0].iso3 for p in cities) \
                or any(p.kind == "region" and p.population >= 300_000 for p, _m in cands):
            continue  # (a province of a large country of that name too: that is another question)
        big = max(cities, key=lambda p: p.population)
        if big.population < 3 * max((p.population for p, _m in cands if p is not big and p.kind == "city"), default=0):
            continue
        got = resolve_place(big.name, context=PlaceContext())
        assert got is not None and got.kind == "city", (key, got)
        checked += 1
    assert checked >= 3


def test_a_division_of_a_large_country_keeps_its_weight():
    """Where first-level divisions average 100,000 people or more the usual prior stands: the Gaza governorate is no
    smaller than Mozambique's province of that name."""
    got = resolve_place("Gaza", context=PlaceContext())
    assert got is not None and got.iso3 == "PSE", got


def test_a_city_ner_split_into_pieces_is_the_city_and_replaces_them():
    text = "Heavy rain flooded streets in Volta Redonda on Tuesday."
    rows = pd.DataFrame({"article_id": ["a", "a"], "start": [30, 36], "end": [35, 43], "surface": ["Volta", "Redonda"],
                         "entity_id": ["place:volta", "person:redonda"], "rule": ["GeoNames place", "full name"]})
    got = missed_places(rows, {"a": text}, None, is_common_word)
    assert [(r["surface"], r["replaces"]) for r in got] == [("Volta Redonda", [(30, 35), (36, 43)])], got
    assert resolve_place("Volta Redonda").iso3 == "BRA"
    # a piece that runs past the name is another name: nothing replaced
    rows = pd.DataFrame({"article_id": ["a"], "start": [36], "end": [46], "surface": ["Redonda on"],
                         "entity_id": ["org:x"], "rule": ["organisation (NER)"]})
    assert missed_places(rows, {"a": text}, None, is_common_word) == []


def test_through_the_pipeline_a_split_city_reaches_its_country(nlp, gz):
    text = ("Heavy rain flooded streets in Volta Redonda on Tuesday, and Kim visited an aircraft plant in "
            "Komsomolsk-on-Amur. The United Nations said it was watching.")
    m = mentions(text, nlp, gz)
    assert {"BRA", "RUS"} <= countries_of(m) and "UKR" not in countries_of(m), m[["surface", "entity_id", "rule"]]


def test_topics_of_near_identical_briefs_do_not_stop_the_pipeline(monkeypatch):
    """Hundreds of wire briefs that differ in one word (bench/world_cities.py's 2,700) leave the TF-IDF matrix fewer
    directions than components: ARPACK gave up (error 3) and the whole run failed; the randomized solver takes over.
    ARPACK's failure is forced here, as it only shows on that bench's exact texts."""
    import scipy.sparse.linalg as spla
    from sklearn.decomposition import TruncatedSVD

    from components.build.spectral import spectral_topic_labels

    fit = TruncatedSVD.fit_transform

    def arpack_gives_up(self, X, y=None):
        if self.algorithm == "arpack":
            raise spla.ArpackError(3)
        return fit(self, X, y)

    monkeypatch.setattr(TruncatedSVD, "fit_transform", arpack_gives_up)
    docs = [f"Heavy rain flooded streets in Town{i} on Tuesday, officials said, and schools were closed."
            for i in range(400)]
    labels, conf, _info = spectral_topic_labels(docs)
    assert len(labels) == 400 and len(conf) == 400


def test_a_province_after_a_preposition_of_place_is_the_province():
    found = _fill("Floods hit villages in Anambra state, and fighting spread across Ehime overnight.")
    assert [(s, resolve_place(s).iso3) for s, _ in found] == [("Anambra", "NGA"), ("Ehime", "JPN")], found


def test_a_province_ner_split_is_the_province():
    text = "Floods hit villages in Andhra Pradesh, and roads in Preah Vihear last week."
    a, b = text.index("Andhra"), text.index("Preah")
    rows = pd.DataFrame({"article_id": ["a", "a"], "start": [a, b], "end": [a + 6, b + 5],
                         "surface": ["Andhra", "Preah"],
                         "entity_id": ["place:andhra", "place:preah"], "rule": ["place (NER)", "place (NER)"]})
    got = missed_places(rows, {"a": text}, None, is_common_word)
    assert [(r["surface"], resolve_place(r["surface"]).iso3) for r in got] == [("Andhra Pradesh", "IND"),
                                                                                 ("Preah Vihear", "KHM")], got


def test_no_province_for_a_street_or_a_name_two_countries_share():
    assert _fill("He was hit by a truck near Rivers and Stokes avenues on Monday.") == []
    shared = [n for n in _shared_names("region")  # (not a city's name: the city rules read those)
              if not any(p.kind == "city" and p.population >= BIG_CITY for p, _m in load_places().by_name[n.lower()])]
    assert shared
    assert _none_found(shared[:100], "Fighting spread across {} on Tuesday.") == []


def test_a_province_ner_typed_a_person_is_the_province_where_the_words_say_so(nlp, gz):
    text = ("Fighting spread across Gauteng on Tuesday, officials said. The governor of Tamaulipas said the road "
            "would reopen. The United Nations said it was watching.")
    m = mentions(text, nlp, gz)
    assert {"ZAF", "MEX"} <= countries_of(m), m[["surface", "entity_id", "rule"]]
    # a farm, a school or a plant is "at" a place: a farm's name is no province
    m = mentions("New houses have appeared at Saha and Hyongje farms in Puryong County. Kim Jong Un said so.", nlp, gz)
    assert "RUS" not in countries_of(m), m[["surface", "entity_id", "rule"]]


def test_a_city_before_its_police_or_officials():
    assert _fill("Irkutsk police said on Monday they had arrested two men.") == [("Irkutsk", "place:irkutsk")]
    assert _fill("The Irkutsk officials declined to comment.") == [("Irkutsk", "place:irkutsk")]
    assert _fill("He said New Irkutsk police had left.") == []  # a longer name that is no city


def test_a_wire_s_capital_police_stay_the_capital_s(nlp, gz):
    """A story naming no country, from an outlet with no known home: "Foo police said" is the capital, never a town of
    15,000 that shares its name (Vienna, Va.; Damascus, Md.; Lagos, Portugal). A local paper's namesake of its own
    home country, or a city of 100,000 people, still wins (the TR-News and LGL guards)."""
    for capital, iso3 in (("Vienna", "AUT"), ("Damascus", "SYR"), ("Lagos", "NGA"), ("Dublin", "IRL")):
        m = mentions(f"{capital} police said on Monday they had arrested two men after the protest. The United "
                     "Nations said it was watching.", nlp, gz)
        assert countries_of(m) == {iso3}, (capital, m[["surface", "entity_id", "rule"]])
