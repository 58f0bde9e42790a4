"""Towns in the words a local paper writes of them (issue 17, twelfth round): a town of the story's ground opening a
club's name is that town also when its name is a word of the lexicon, where the story names the town by itself too
("Charleston", a dance, in a story datelined CHARLESTON, W.Va.); "Foo firefighter", "Foo selectmen" make a place of
Foo as "Foo police" did; a broadcaster's station in a city ("CBC Toronto") is that city; a town NER typed an
organisation after a place in a list that "in" opens ("in Gothenburg and Trieste warehouses"). World-news guards: a
foundation named after a virtue stays no town, a firm's initials before a word hold no village, a brand listed after
a city stays a brand. Invented sentences, real
pipeline."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.places import load_places, place_of_id


def mentions(text, nlp, gz, dateline=""):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2009-05-01", tz="UTC"),
                         "body_start": 0, "dateline": [dateline]})
    return canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)


def places(m, surface):
    return [place_of_id(e, load_places()) for s, e in zip(m["surface"], m["entity_id"])
            if s == surface and str(e).startswith("place:")]


def test_a_town_of_the_ground_that_is_a_word_opens_a_clubs_name(nlp, gz):
    m = mentions("CHARLESTON, W.Va. - Jim McFoo of the Charleston Gold Dome Lions Club won first prize in a raffle.",
                 nlp, gz, dateline="CHARLESTON, W.Va.")
    inside = [(s, e) for s, e, r in zip(m["surface"], m["entity_id"], m["rule"])
              if s == "Charleston" and r == "place in an organisation's name"]
    assert inside and place_of_id(inside[0][1], load_places()).admin1 == "WV", m[["surface", "entity_id", "rule"]]


def test_a_foundation_named_after_a_word_is_no_town(nlp, gz):
    m = mentions("The Hope Foundation gave 5 mln dlrs to schools in Arkansas, the group said.", nlp, gz)
    assert not places(m, "Hope"), m[["surface", "entity_id", "rule"]]


@pytest.mark.parametrize("text, surface, state", [
    ("The fire at the plant spread overnight. Torrington firefighter Edward Foo said Tuesday the blaze was out. "
     "The Connecticut fire marshal is investigating.", "Torrington", "CT"),
    ("Danbury selectmen voted on Monday to close the landfill, Connecticut officials said.", "Danbury", "CT"),
])
def test_a_towns_own_officers_make_a_place_of_it(nlp, gz, text, surface, state):
    got = places(mentions(text, nlp, gz), surface)
    assert got and got[0].admin1 == state, got


# --- a broadcaster's station in a city ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, iso", [
    ('"It was a miracle," Slater told CTV Winnipeg on Monday about the cat\'s survival.', "Winnipeg", "CAN"),
    ('"This was really unbelievable," Palma said in a phone call with CBC Toronto.', "Toronto", "CAN"),
])
def test_a_stations_city_is_that_city(nlp, gz, text, surface, iso):
    m = mentions(text, nlp, gz)
    got = [place_of_id(e, load_places()) for s, e, r in zip(m["surface"], m["entity_id"], m["rule"])
           if s == surface and r == "place in an organisation's name"]
    assert got and got[0].iso3 == iso, m[["surface", "entity_id", "rule"]]


def test_a_firms_initials_before_a_word_hold_no_village(nlp, gz):
    """'the LME Continental warehouses' in a London metals story naming the U.S.: no Ohio village of 1,100 people."""
    m = mentions("On stocks, the LME Continental warehouses in Antwerp and Rotterdam have little metal, U.S. traders "
                 "said.", nlp, gz)
    assert not places(m, "Continental"), m[["surface", "entity_id", "rule"]]


# --- the last of a list of places after a locative ------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, iso", [
    ("Demand has been directed towards metal in Gothenburg and Trieste warehouses, traders said.", "Trieste", "ITA"),
    ("He admitted to robberies of drug dealers in Indianapolis and Evansville that left four people dead.",
     "Evansville", "USA"),
])
def test_a_town_listed_after_in_with_a_place_is_a_place(nlp, gz, text, surface, iso):
    got = places(mentions(text, nlp, gz), surface)
    assert got and got[0].iso3 == iso, got


def test_a_brand_listed_after_a_city_stays_a_brand(nlp, gz):
    m = mentions("The shops in Paris and Chanel boutiques closed early on Monday.", nlp, gz)
    assert not places(m, "Chanel"), m[["surface", "entity_id", "rule"]]
