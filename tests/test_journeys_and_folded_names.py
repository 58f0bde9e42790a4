"""Place -> country recall, fourteenth round (issue 17): a town NER typed a person after a journey's words ("moved to
Foo", "a trip to Foo") or a place's own nouns ("one resident of Foo"); a town's name of two words that its article writes
where only a place goes is that town in the headline too, which NER typed a person; a place written without its
diacritics ("Medellin", "Malmo") is written by its own name. Each with the cases it must leave alone. Invented sentences;
the real place index and NER."""
from __future__ import annotations

import pytest

from components.build.places import PlaceContext, _ascii, load_places, resolve_place
from components.build.resolve import _JOURNEY, _TOWN_BEFORE
from tests.test_places_recall_round9 import countries_of, mentions


# ---------------------------------------------------------------- the words
@pytest.mark.parametrize("before", ["a trip to ", "They moved to ", "she drove back to ", "flights to ",
                                    "was heading to ", "one resident of ", "the villages of ", "the streets of "])
def test_a_journey_or_a_place_noun_is_where_a_place_goes(before):
    assert _JOURNEY.search(before) and _TOWN_BEFORE.search(before)


@pytest.mark.parametrize("before", ["he said to ", "an award to ", "passed the ball to ", "according to ",
                                    "the road to ", "a letter to ", "a friend of ", "the wife of "])
def test_a_person_goes_after_other_words(before):
    assert not _JOURNEY.search(before) and not _TOWN_BEFORE.search(before)


# ---------------------------------------------------------------- a town NER typed a person, in such a frame
@pytest.mark.parametrize("text", ["They moved to Mashhad in 2009.", "She flew to Mashhad on Monday.",
                                  "One resident of Mashhad said the quake was strong."])
def test_a_world_city_after_a_journey_is_the_city(text, nlp, gz):
    m = mentions(text, nlp, gz)
    assert "IRN" in countries_of(m), m[["surface", "entity_id", "rule"]]
    assert not m["entity_id"].str.startswith("person:").any(), m[["surface", "entity_id", "rule"]]


def test_a_person_after_other_words_stays_a_person(nlp, gz):
    m = mentions("The prize went to Ann Mashhadi, and he said to Bo Lindqvist that it was deserved.", nlp, gz)
    assert not countries_of(m), m[["surface", "entity_id", "rule"]]


def test_a_town_written_where_only_a_place_goes_is_that_town_throughout(nlp, gz):
    text = "Firefighters battle Glen Carbon fire. A woman who lives in Glen Carbon was hurt."
    m = mentions(text, nlp, gz)
    towns = m[m["surface"] == "Glen Carbon"]
    assert len(towns) == 2 and towns["entity_id"].str.startswith("place:").all(), m[["surface", "entity_id", "rule"]]
    assert countries_of(m) == {"USA"}


def test_a_persons_name_written_as_a_possessive_after_in_stays_a_person(nlp, gz):
    m = mentions("Glen Carbon spoke first. The meeting was held in Glen Carbon's office.", nlp, gz)
    assert not m["entity_id"].str.startswith("place:").any(), m[["surface", "entity_id", "rule"]]


# ---------------------------------------------------------------- names without their diacritics
@pytest.mark.parametrize("written,iso3", [("Medellin", "COL"), ("Malmo", "SWE"), ("Asuncion", "PRY"),
                                          ("Reykjavik", "ISL"), ("Sao Paulo", "BRA")])
def test_a_city_written_without_its_diacritics_is_that_city(written, iso3):
    place = resolve_place(written, context=PlaceContext())
    assert place is not None and place.iso3 == iso3 and place.kind == "city", place
    assert _ascii(place.name).lower() == written.lower()


def test_a_name_a_place_bears_as_written_stays_that_place():
    """A name some place bears as written keeps that place over a smaller one's folded name: found in the index
    itself, so the guard holds whatever GeoNames adds."""
    idx = load_places()
    checked = 0
    for key, cands in idx.by_name.items():
        owned = [p for p, main in cands if main and p.kind == "city" and p.population >= 500_000
                 and p.name.lower() == key]
        folded = [p for p, main in cands if not main and p.kind == "city" and p.population < 500_000
                  and _ascii(p.name).lower() == key and p.name.lower() != key]
        if owned and folded and " " not in key:
            place = resolve_place(key.title(), context=PlaceContext())
            assert place is not None and place.name.lower() == key, (key, place)
            checked += 1
        if checked >= 20:
            break
    assert checked >= 3  # the index holds such names (else this guard tests nothing)
