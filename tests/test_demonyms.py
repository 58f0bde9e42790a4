"""Demonyms and country names that do not name the country: a cuisine, a shop, a language, a heritage, a people
of the Americas, a person's surname (issue 17). Invented text, real gazetteer."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions


def countries(texts, nlp, gz):
    """The countries each text mentions (its mentions' country ids), and its mentions."""
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts,
                         "published": pd.Timestamp("2012-05-01", tz="UTC"), "body_start": 0})
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    return [set(e for e in m.loc[m["article_id"] == f"a{i}", "entity_id"].dropna() if e.startswith("country:"))
            for i in range(len(texts))], m


@pytest.mark.parametrize("text, gone", [
    ("At the county fair you can get Mexican food for two dollars and Polish sausage on a stick.", {"MEX", "POL"}),
    ("The night opens with traditional Irish songs at O'Malley's Irish pub on Elm Street.", {"IRL"}),
    ("Volunteers said the parade celebrates Irish heritage every spring.", {"IRL"}),
    ("Cuban-American voters lined up early at the library.", {"CUB"}),
    ("Stop by the Greek and Italian Grill's tent for gyros before the show.", {"GRC", "ITA"}),
    ("A driver hit a cart in the lot of a Brookfield Italian grocery store on Tuesday.", {"ITA"}),
])
def test_a_demonym_naming_a_cuisine_a_shop_or_a_heritage_is_no_country(nlp, gz, text, gone):
    got, _ = countries([text], nlp, gz)
    assert not got[0] & {f"country:{c}" for c in gone}


@pytest.mark.parametrize("text, gone", [
    ("Mrs. Alvarez spoke only Portuguese and Farsi when she moved to Dayton.", {"PRT"}),
    ("The safety spot airs on local stations in English and Spanish through June.", {"ESP"}),
    ("Seventh-grade French students at Oak Hill Academy baked bread on Friday.", {"FRA"}),
    ("Parents want a French immersion school closer to town.", {"FRA"}),
])
def test_a_demonym_naming_a_language_is_no_country(nlp, gz, text, gone):
    got, _ = countries([text], nlp, gz)
    assert not got[0] & {f"country:{c}" for c in gone}


@pytest.mark.parametrize("text", [
    "The exhibit shows pottery made by Lenape and Mohawk Indians before 1700.",
    "The museum tells how American Indians farmed the valley.",
    "The tribe opened a casino last year, and Indian profits cannot be taxed by the state.",
])
def test_indians_of_the_americas_are_not_india(nlp, gz, text):
    got, _ = countries([text], nlp, gz)
    assert "country:IND" not in got[0]


@pytest.mark.parametrize("text, kept", [
    ("An Egyptian official said the ferry sank near the coast.", "EGY"),
    ("Italian Foreign Minister Marco Bellini arrived in Boston on Monday.", "ITA"),
    ("A judge set bail for a Chilean national charged with fraud.", "CHL"),
    ("He spoke of the Russian submarine disaster of 2000.", "RUS"),
    ("An Indian diplomat said the talks on the tribal areas would resume.", "IND"),
    ("The French market fell two percent on Monday.", "FRA"),
    ("A Russian ballet dancer asked for asylum in Vienna.", "RUS"),
    ("Soviet-American arms control talks stalled again.", "RUS"),
    ("Stranded Indians Return Home From Gulf.", "IND"),
])
def test_a_states_officials_nationals_and_economy_keep_the_country(nlp, gz, text, kept):
    got, _ = countries([text], nlp, gz)
    assert f"country:{kept}" in got[0]


def test_a_demonym_that_is_a_surname_is_the_person(nlp, gz):
    got, m = countries(["City engineer Laura French presented the plan on Monday. "
                        "French said the bridge would open in May.",
                        "Fire Chief Walter Finn praised the crews. Finn said the station needs a new truck."], nlp, gz)
    assert got == [set(), set()]
    assert m.loc[m["surface"] == "French", "entity_id"].tolist() == ["person:laura-french"]
    assert m.loc[m["surface"] == "Finn", "entity_id"].tolist() == ["person:walter-finn"]


def test_a_country_name_paired_with_a_surname_is_a_person(nlp, gz):
    got, _ = countries(["Police said Brown and Jordan robbed the store on Main Street.",
                        "Israel and Jordan signed a water deal on Monday."], nlp, gz)
    assert "country:JOR" not in got[0]
    assert "country:JOR" in got[1]


def test_a_name_the_article_writes_as_a_persons_is_no_town_before_it(nlp, gz):
    """A headline's "Foo's town hall" with "President Foo" below: the person, not a town abroad named Foo."""
    _, m = countries(["Applause at Obama's town hall on health care. Hundreds waited in Denver on Monday. "
                      "President Obama answered questions for an hour."], nlp, gz)
    assert set(m.loc[m["surface"].str.startswith("Obama"), "entity_id"]) == {"person:barack-obama"}


def test_a_country_name_that_is_a_named_persons_surname_is_the_person(nlp, gz):
    got, m = countries(["Coach Eddie Jordan praised the team on Friday. Jordan said the defense was strong.",
                        "Vernon Jordan spoke on Monday. He will travel to Jordan next week."], nlp, gz)
    assert "country:JOR" not in got[0] and "person:eddie-jordan" in set(m["entity_id"])
    assert "country:JOR" in got[1]  # "to Jordan": the country, whoever else is named Jordan


def test_little_foo_is_a_quarter_not_the_country(nlp, gz):
    got, _ = countries(["The family's Little Portugal house was sold in May.",
                        "She grew up in Little Haiti and works downtown.",
                        "Portugal and Haiti signed a trade deal on Monday."], nlp, gz)
    assert "country:PRT" not in got[0] and "country:HTI" not in got[1]
    assert got[2] == {"country:PRT", "country:HTI"}
