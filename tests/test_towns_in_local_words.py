"""Towns in the words a local paper writes of them (issue 17, twelfth round): a town of the story's ground opening a
club's name is that town also when its name is a word of the lexicon, where the story names the town by itself too
("Charleston", a dance, in a story datelined CHARLESTON, W.Va.); "Foo firefighter", "Foo selectmen" make a place of
Foo as "Foo police" did. World-news guards: a foundation named after a virtue stays no town. Invented sentences, real
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
