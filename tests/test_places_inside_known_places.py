"""A place GeoNames lacks, written inside one it knows (issue 17, twelfth round): "the villages of Foua and Kfraya in
Idlib province", "Cairo's Abbasiya neighbourhood", "Toronto's Pearson International Airport" take the known place's
country. World-news guards: a part of the world is in no one country, the end of a longer name is no container, a
person's possessive is none. Invented sentences, real pipeline."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.places import RULE_INSIDE, load_places, place_of_id


def mentions(text, nlp, gz):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2017-05-01", tz="UTC"),
                         "body_start": 0, "dateline": [""]})
    return canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)


def country_of(m, surface):
    ids = [e for s, e in zip(m["surface"], m["entity_id"]) if s == surface and str(e).startswith("place:")]
    place = place_of_id(ids[0], load_places()) if ids else None
    return place.iso3 if place is not None else ""


@pytest.mark.parametrize("text, surface, iso", [
    ("Rebels shelled the pro-government villages of Foua and Kfraya in Idlib province on Monday.", "Kfraya", "SYR"),
    ("The church stands in Cairo's Abbasiya neighbourhood.", "Abbasiya", "EGY"),
    ("Over 200 flights were cancelled at Toronto's Pearson International Airport.", "Pearson International Airport",
     "CAN"),
])
def test_a_place_geonames_lacks_takes_the_country_of_the_place_it_lies_in(nlp, gz, text, surface, iso):
    m = mentions(text, nlp, gz)
    assert country_of(m, surface) == iso, m[["surface", "entity_id", "rule"]]
    assert RULE_INSIDE in set(m.loc[m["surface"] == surface, "rule"]), m[["surface", "entity_id", "rule"]]


@pytest.mark.parametrize("text, surface, wrong", [
    ("The prime minister was hosting leaders from Southeast Asia in Tokyo for a summit.", "Southeast Asia", "JPN"),
    ("The firm will drill for prospects in the Gulf of Mexico's Mobile Bay area.", "Mobile Bay", "MEX"),
])
def test_no_container_from_a_part_of_the_world_or_a_longer_name(nlp, gz, text, surface, wrong):
    m = mentions(text, nlp, gz)
    assert country_of(m, surface) != wrong, m[["surface", "entity_id", "rule"]]


def test_an_inside_place_id_made_by_another_process_keeps_its_country():
    from components.build.places import Place, inside_place

    idx = load_places()
    eid = inside_place("Kfar Zed", Place("Idlib", "SYR", "region", "ID"), idx)
    del idx.by_id[eid]  # as the main process sees an id a parse worker made
    assert place_of_id(eid, idx).iso3 == "SYR"
