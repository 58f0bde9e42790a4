"""Hamlets: places of 500 to 999 people (GeoNames' cities500, issue 17, twelfth round). A local paper names them
with their state, or in a story set in their state; world news names everyday words, firms and rivers that hamlets
happen to bear. Each hamlet counts only on the story's own ground, and never over a city of that name. Invented
sentences, real pipeline; the hamlets are real GeoNames places."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.places import PlaceContext, load_places, place_of_id, resolve_dateline


def mentions(text, nlp, gz, dateline=""):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2024-05-01", tz="UTC"),
                         "body_start": 0, "dateline": [dateline]})
    return canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)


def place_of(text, surface, nlp, gz):
    m = mentions(text, nlp, gz)
    ids = [e for s, e in zip(m["surface"], m["entity_id"]) if s == surface and str(e).startswith("place:")]
    return place_of_id(ids[0], load_places()) if ids else None


@pytest.mark.parametrize("text, surface, iso, state", [
    # with its state written after it
    ("A barn fire in Almena, Wis., killed 40 cows on Tuesday, the county sheriff said.", "Almena", "USA", "WI"),
    # in a story set in its state
    ("Anacoco residents lined up for bottled water on Monday after the storm, Louisiana officials said.", "Anacoco",
     "USA", "LA"),
    # abroad, in a story naming its country
    ("Villagers in Slimbridge said the flood was the worst in decades, Britain's Environment Agency said.",
     "Slimbridge", "GBR", ""),
])
def test_a_hamlet_on_the_storys_ground_is_that_hamlet(nlp, gz, text, surface, iso, state):
    place = place_of(text, surface, nlp, gz)
    assert place is not None and place.kind == "city" and place.name == surface and (place.iso3, place.admin1) == (
        iso, state), place


@pytest.mark.parametrize("text, surface", [
    # a hamlet of Georgia (963 people) in a story that names the U.S. but no state
    ("The Dasher sold well in December, U.S. retailers said.", "Dasher"),
    # a firm's name opening with a Texas hamlet's, in a story naming Texas
    ("Wells Fargo and two Texas banks raised their prime rates on Monday.", "Wells"),
])
def test_a_hamlet_off_the_storys_ground_is_no_place(nlp, gz, text, surface):
    place = place_of(text, surface, nlp, gz)
    assert place is None or place.population >= 1_000, place


def test_a_world_citys_dateline_is_no_hamlet_in_a_state_the_story_names():
    """A Senate story datelined WASHINGTON that names its senators' states (Kentucky has a Washington of 800 people)
    is datelined in the capital."""
    ky = PlaceContext(countries=frozenset({"USA"}), regions=frozenset({("USA", "KY"), ("USA", "LA")}))
    got = resolve_dateline("WASHINGTON", ky)
    assert (got.iso3, got.admin1, got.kind) == ("USA", "DC", "city"), got


def test_a_hamlet_on_the_papers_home_ground_does_not_take_a_world_citys_dateline():
    """A Kentucky paper's WASHINGTON is the capital, not Kentucky's Washington of 800 people (a town of 10,000 on the
    paper's ground would keep it, as GENEVA in an Illinois paper is Geneva, Ill.)."""
    home = PlaceContext(countries=frozenset({"USA"}), regions=frozenset({("USA", "KY")}), home=frozenset({("USA", "KY")}))
    got = resolve_dateline("WASHINGTON", home)
    assert (got.iso3, got.admin1, got.kind) == ("USA", "DC", "city"), got
