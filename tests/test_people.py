"""People from evidence in the text (components.build.people): names, variants, surnames, non-people."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.people import (PENDING, RULE_EDIT, RULE_FULL, RULE_GAZ, RULE_STORE_SURNAME,
                                     RULE_STORE_VARIANT, ArticlePeople, is_common_word, link_people,
                                     non_person_kind, parse_name, same_person)


@pytest.mark.parametrize("a,b", [
    ("Fred Brannock", "Frederick C. Brannock"),
    ("Frederick C. Brannock", "Frederick Cheney Brannock"),
    ("Sanjay Gupta", "Dr. Sanjay Gupta"),
    ("Dr. Gupta", "Sanjay Gupta"),
    ("Wladimir Klitschko", "Vladimir Klitschko"),
    ("Ahn Chan-il", "Ahn Chan Il"),
    ("Kim Jong Un", "Kim Jong-un"),
    ("James A. Baker", "James Baker III"),
])
def test_variants_of_one_name_are_one_person(a, b):
    assert same_person(parse_name(a), parse_name(b))


@pytest.mark.parametrize("a,b", [
    ("Laci Peterson", "Scott Peterson"),
    ("Kathryn Jenkin", "John Jenkin"),
    ("Howard Baker", "James Baker"),
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Kim Jong Un", "Kim Jong Il"),
    ("Wladimir Klitschko", "Vitali Klitschko"),
    ("George Bush Jr.", "George Bush Sr."),
    ("Fred Brannock", "Fred Smith"),
])
def test_different_given_or_family_names_are_different_people(a, b):
    assert not same_person(parse_name(a), parse_name(b))


def test_titles_are_not_names():
    n = parse_name("Foreign Minister Choe Son Hui")
    assert (n.first, n.last) == ("choe", "hui") and n.display == "Choe Son Hui"
    assert parse_name("Comrade Kim Jong Un").display == "Kim Jong Un"


def test_article_surname_goes_to_the_person_named_most_then_first():
    ap = ArticlePeople()
    ap.add("person:scott-peterson", "Scott Peterson")
    assert ap.resolve("Peterson") == ("person:scott-peterson", "surname (article)")
    ap.add("person:laci-peterson", "Laci Peterson")
    assert ap.resolve("Laci Peterson")[0] == "person:laci-peterson"
    assert ap.resolve("Peterson")[0] == "person:scott-peterson"
    ap.add("person:scott-peterson", "Peterson")
    ap.add("person:laci-peterson", "Laci Peterson")
    ap.add("person:laci-peterson", "Laci Peterson")
    assert ap.resolve("Peterson")[0] == "person:laci-peterson"
    assert ap.resolve("Scott")[0] == "person:scott-peterson"
    assert ap.resolve("Kathryn Peterson") is None  # a new full name is a new person
    assert ap.resolve("Smith") is None


def test_family_name_first_resolves_through_the_first_word():
    ap = ArticlePeople()
    ap.add("person:kim-jong-un", "Kim Jong Un")
    ap.add("person:ahn-chan-il", "Ahn Chan-il")
    assert ap.resolve("Kim")[0] == "person:kim-jong-un"
    assert ap.resolve("Ahn")[0] == "person:ahn-chan-il"


def test_common_words_come_from_the_models_lexicon():
    assert is_common_word("Young") and is_common_word("hope") and is_common_word("Brown")
    assert not any(is_common_word(w) for w in ("Gupta", "Peterson", "Klitschko", "Reagan"))


def _m(rows):
    return pd.DataFrame(rows, columns=["article_id", "entity_id", "surface", "rule"])


def test_store_joins_variants_and_settles_bare_surnames():
    m = _m([("a", "person:sanjay-gupta", "Sanjay Gupta", RULE_FULL),
            ("b", "person:sanjay-gupta", "Dr. Sanjay Gupta", RULE_FULL),
            ("c", PENDING + "gupta", "Dr. Gupta", ""),
            ("d", "person:fred-brannock", "Fred Brannock", RULE_FULL),
            ("e", "person:frederick-cheney-brannock", "Frederick Cheney Brannock", RULE_FULL),
            ("e", "person:frederick-cheney-brannock", "Frederick Cheney Brannock", RULE_FULL),
            ("f", "person:frederick-c-brannock", "Frederick C. Brannock", RULE_FULL)])
    out, moved = link_people(m)
    assert set(out["entity_id"]) == {"person:sanjay-gupta", "person:frederick-cheney-brannock"}
    assert out.loc[out["article_id"] == "c", "rule"].item() == RULE_STORE_SURNAME
    assert moved["person:fred-brannock"] == "person:frederick-cheney-brannock"
    assert out.loc[out["article_id"] == "d", "rule"].item() == RULE_STORE_VARIANT


def test_store_keeps_relatives_apart_and_drops_surnames_it_cannot_settle():
    m = _m([("a", "person:scott-peterson", "Scott Peterson", RULE_FULL),
            ("b", "person:laci-peterson", "Laci Peterson", RULE_FULL),
            ("c", PENDING + "peterson", "Peterson", ""),  # two Petersons in the store: nobody
            ("d", PENDING + "smith", "Smith", ""),  # no Smith named in full anywhere
            ("e", "person:andrew-young", "Andrew Young", RULE_FULL),
            ("f", PENDING + "young", "Young", "")])  # an English word: never settled store-wide
    out, moved = link_people(m)
    assert set(out["entity_id"]) == {"person:scott-peterson", "person:laci-peterson", "person:andrew-young"}
    assert moved[PENDING + "peterson"] is None and moved[PENDING + "smith"] is None


def test_store_never_moves_gazetteer_people_or_analyst_edits():
    m = _m([("a", "person:george-h-w-bush", "George Bush", RULE_GAZ),
            ("b", "person:george-w-bush", "George W. Bush", RULE_GAZ),
            ("c", "person:g-bush", "G. Bush", RULE_FULL),  # fits both: stays apart
            ("d", "person:mine", "George Walker Bush", RULE_EDIT)])
    out, _ = link_people(m, gazetteer_ids={"person:george-h-w-bush", "person:george-w-bush"})
    assert out["entity_id"].tolist() == ["person:george-h-w-bush", "person:george-w-bush", "person:g-bush",
                                         "person:mine"]


@pytest.mark.parametrize("surface,before,after", [
    ("Arleigh Burke-class", "two ", " destroyers"),
    ("Arleigh Burke", "two ", "-class destroyers"),
    ("COVID-19", "the spread of ", " in"),
    ("MiG-23", "a ", " crashed"),
    ("F-35", "the ", " jets"),
    ("Theodore Roosevelt", "the aircraft carrier ", " arrived"),
    ("Theodore Roosevelt", "USS ", " arrived"),
    ("Theodore Roosevelt", "the ", " carrier strike group"),
    ("Keen Edge", "the ", " exercise"),
    ("Keen Edge", "joint exercise ", ", which"),
    ("Freedom Shield", "the ", " drills"),
])
def test_things_named_like_people_are_not_people(surface, before, after):
    assert non_person_kind(surface, before, after) in {"equipment", "vessel", "exercise", "disease"}


@pytest.mark.parametrize("surface,before,after", [
    ("Theodore Roosevelt", "President ", " said"),
    ("Kim Jong Un", "the ", " regime"),
    ("Laci Peterson", "", " was"),
    ("Sanjay Gupta", "Dr. ", ", CNN's"),
])
def test_people_stay_people(surface, before, after):
    assert non_person_kind(surface, before, after) is None
