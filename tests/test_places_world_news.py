"""World-news guards for the place rules of issue 17: a rule that repairs a local paper's story must not lose the
places and countries of ordinary wire copy. Invented sentences (from a review of the rules), real place index."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.places import load_places, qualifier_after


def mentions(text, nlp, gz):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2024-05-01", tz="UTC"),
                         "body_start": 0})
    return canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)


@pytest.mark.parametrize("text, name", [
    ("After the meeting in Beijing, California Gov. Gavin Newsom said the climate pact would hold.", "Beijing"),
    ("Trade talks resumed in Tokyo, Texas Gov. Greg Abbott said on Monday.", "Tokyo"),
    ("The company has offices in Seoul, Ontario and British Columbia.", "Seoul"),
])
def test_a_state_opening_the_next_phrase_is_no_qualifier(text, name):
    assert qualifier_after(text, text.index(name) + len(name), load_places()) == ()


@pytest.mark.parametrize("text, name, admin1", [
    ("A barn burned near Lisbon, Minn., on Sunday.", "Lisbon", "MN"),
    ("He grew up in Wichita, Kan. He moved away in 1990.", "Wichita", "KS"),
    ("Paris, Texas Man Arrested After Police Chase", "Paris", "TX"),
    ("Athens, Ohio City Council approved the budget on Tuesday.", "Athens", "OH"),
    ("London, Kentucky Police Seek Suspect in Shooting", "London", "KY"),
])
def test_a_state_after_a_town_still_qualifies_it(text, name, admin1):
    assert {q.admin1 for q in qualifier_after(text, text.index(name) + len(name), load_places())} == {admin1}


@pytest.mark.parametrize("text, surface, prefix", [
    ("After the meeting in Beijing, California Gov. Gavin Newsom said the climate pact would hold.", "Beijing",
     "place:beijing"),
    ("Russian agents poisoned a former spy and his daughter with a nerve agent in Salisbury in 2018.", "Salisbury",
     "place:salisbury"),
    ("Migrants crossed the Channel to Dover on Saturday, the Home Office said.", "Dover", "place:dover"),
    ("A charity in Ohio sent fuel. In Gaza Dr. Mohammed Salem said the hospital had none left.", "Gaza", ""),
    ("Protests spread to Tehran and Mashhad streets overnight, state media said.", "Tehran", "place:tehran"),
])
def test_world_news_keeps_its_places(nlp, gz, text, surface, prefix):
    m = mentions(text, nlp, gz)
    ids = m.loc[m["surface"] == surface, "entity_id"].dropna().tolist()
    assert ids, m[["surface", "entity_id"]]
    if prefix:
        assert all(i == prefix for i in ids), ids
    else:
        assert all("usa" not in i for i in ids), ids


def test_a_division_named_after_water_stays_in_a_story_set_in_its_country():
    from components.build.places import PlaceContext, resolve_place

    idx = load_places()
    assert resolve_place("Bay of Plenty", context=PlaceContext(frozenset({"NZL"})), index=idx).iso3 == "NZL"
    assert resolve_place("Red Sea", index=idx) is None  # a sea, in a story that names no Sudan


def test_a_list_of_places_is_no_qualifier(nlp, gz):
    text = "North Korea claimed its satellite has photographed Guam, Hawaii, Washington and Norfolk."
    assert qualifier_after(text, text.index("Guam") + 4, load_places()) == ()
    m = mentions(text, nlp, gz)
    assert set(m.loc[m["surface"] == "Guam", "entity_id"]) == {"country:GUM"}


def test_the_two_of_an_ambiguous_name_stay_both(nlp, gz):
    text = ("North Korea fired a missile on Monday. North Korea said the launch was a warning. Seoul suspended the "
            "pact until trust between the two Koreas is restored.")
    m = mentions(text, nlp, gz)
    assert not set(m.loc[m["surface"].str.contains("Koreas"), "entity_id"].dropna()) & {"country:PRK", "country:KOR"}


@pytest.mark.parametrize("text, name, state", [
    ("North Korea claimed its satellite has photographed Guam, Hawaii, Washington and Norfolk.", "Hawaii", "HI"),
    ("The storm moved from Oregon, Washington state officials said.", "Oregon", "OR"),
])
def test_a_state_before_another_state_stays_itself(text, name, state):
    from components.build.places import resolve_place

    got = resolve_place(name, text=text, end=text.index(name) + len(name), index=load_places())
    assert (got.iso3, got.admin1, got.kind) == ("USA", state, "region")
