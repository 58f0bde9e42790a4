"""A bare name NER typed a person, that its article writes as a town (issue 17, twelfth round): "Foo officials
stopped the builder" is the town, also where the same article goes on "Foo says no to discrimination", even when
someone elsewhere in the store bears the name ("New Foo", a prison NER typed a person; "Ann Foo"). Where the words
do not make it a town anywhere in the article, the store's one bearer of the name keeps it, as before."""
from __future__ import annotations

import pandas as pd

from components.build.people import PENDING, PENDING_PLACE, PENDING_PLACE_SURE, RULE_FULL, link_people

TOWN = "place:foxburg-usa-fl"


def _mentions(rows):
    return pd.DataFrame(rows, columns=["article_id", "entity_id", "surface", "rule"])


def test_a_bare_name_written_as_a_town_is_the_town_throughout_its_article():
    m = _mentions([
        ("a", "person:ann-foxburg", "Ann Foxburg", RULE_FULL),  # the store's one bearer of the name
        ("b", PENDING + "foxburg" + PENDING_PLACE_SURE + TOWN, "Foxburg", ""),  # "Foxburg officials stopped ..."
        ("b", PENDING + "foxburg" + PENDING_PLACE + TOWN, "Foxburg", ""),  # "Foxburg says no ..."
        ("c", PENDING + "foxburg" + PENDING_PLACE + TOWN, "Foxburg", ""),  # another article, no town words
        ("d", PENDING + "foxburg", "Foxburg", ""),  # no town of that name on d's ground
    ])
    out, _moved = link_people(m)
    got = dict(zip(zip(out["article_id"], out.index), out["entity_id"]))
    assert got[("b", 1)] == TOWN and got[("b", 2)] == TOWN, out
    assert got[("c", 3)] == "person:ann-foxburg" and got[("d", 4)] == "person:ann-foxburg", out


def test_with_no_bearer_in_the_store_the_town_words_still_decide_as_before():
    m = _mentions([
        ("b", PENDING + "foxburg" + PENDING_PLACE_SURE + TOWN, "Foxburg", ""),
        ("c", PENDING + "lanwick", "Lanwick", ""),  # no one bears it, no town: dropped
    ])
    out, _moved = link_people(m)
    assert out["entity_id"].tolist() == [TOWN], out


def test_a_bare_name_its_article_resolves_as_a_place_elsewhere_is_that_place():
    """NER typed "Foxburg" a person in "Foxburg says no", and a place two lines up: the place, not the store's one
    bearer of the name (a prison headline NER typed a person in another article)."""
    m = _mentions([
        ("a", "person:new-foxburg", "New Foxburg", RULE_FULL),
        ("b", TOWN, "Foxburg", "GeoNames place"),
        ("b", PENDING + "foxburg" + PENDING_PLACE + TOWN, "Foxburg", ""),  # "in protecting Foxburg as ..."
        ("c", PENDING + "foxburg" + PENDING_PLACE + TOWN, "Foxburg", ""),  # no place of that word in c: as before
        ("b", PENDING + "foxburg", "Foxburg", ""),  # "Foxburg said": no town by its words, the store's bearer
    ])
    out, _moved = link_people(m)
    assert out["entity_id"].tolist() == ["person:new-foxburg", TOWN, TOWN, "person:new-foxburg",
                                         "person:new-foxburg"], out
    assert out["rule"].tolist()[2] == "GeoNames place", out
