"""Countries mentioned per article, precision (issue 17, tenth round): a capital's name that is a namesake on the
story's own side names no country abroad, and a local paper's town GeoNames lacks is no namesake abroad. Each rule is
guarded on invented world news (wire copy naming foreign capitals, officials and towns), where losing a real country
is worse than keeping a false one. Invented text only; real place index and gazetteer."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.places import load_places, place_of_id
from components.build.resolve import namesake_only


def _articles(texts):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts,
                         "published": pd.Timestamp("2024-05-01", tz="UTC"), "body_start": 0})


def countries(texts, nlp, gz, home=frozenset()):
    """The countries each text's mentions carry (a country's mention, or a place's country); ``home``: the
    outlet's home every text shares (a local paper's state)."""
    arts = _articles(texts)
    homes = {f"a{i}": home for i in range(len(texts))} if home else None
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None, homes=homes)
    out = []
    for i in range(len(texts)):
        found = set()
        for eid in m.loc[m["article_id"] == f"a{i}", "entity_id"].dropna():
            if eid.startswith("country:"):
                found.add(eid[8:])
            elif eid.startswith("place:"):
                p = place_of_id(eid, load_places())
                if p is not None:
                    found.add(p.iso3)
        out.append(found)
    return out


OHIO = frozenset({("USA", "OH")})
KENTUCKY = frozenset({("USA", "KY")})


# ------------------------------------------------------------------ a capital's name read as a namesake names no country
def test_a_country_named_only_by_a_capitals_namesake_is_not_named():
    row = type("R", (), {"gaz": "country:FRA|capital"})()
    demonym = type("R", (), {"gaz": "country:FRA|demonym"})()
    assert namesake_only([row], ["place:paris-usa-tx"]) == {"FRA"}
    assert namesake_only([row], ["place:paris"]) == frozenset()  # the capital itself
    assert namesake_only([row], ["country:FRA"]) == frozenset()  # the government ("Paris said")
    assert namesake_only([row, demonym], ["place:paris-usa-tx", "country:FRA"]) == frozenset()  # "French" too


def test_a_village_abroad_inside_a_hospitals_name_goes_with_the_capitals_namesake(nlp, gz):
    text = ("The fire broke out at the Paris Court mobile home park, just west of Urbana, Ohio. Two children were "
            "treated at Mercy Memorial Hospital in Urbana and released.")
    assert "FRA" not in countries([text], nlp, gz, OHIO)[0]


@pytest.mark.parametrize("text, kept", [
    ("Talks in Paris broke down on Monday, French officials said.", "FRA"),
    ("Ministers met in Paris on Monday to discuss the budget.", "FRA"),
    ("Paris said on Monday it would send two frigates to the Gulf.", "FRA"),
    ("The minister flew from Paris to Berlin on Tuesday for talks on energy.", "DEU"),
    ("Two patients were flown from Ohio to Mercy Hospital in Paris, France, for treatment.", "FRA"),
])
def test_a_capital_in_world_news_keeps_its_country(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]
    assert kept in countries([text], nlp, gz, OHIO)[0]  # a local paper printing wire copy


# ------------------------------------------------------------------ a local paper's own town GeoNames lacks
def test_a_local_papers_own_town_is_no_namesake_abroad(nlp, gz):
    text = "Police stopped a truck on Tuesday and charged two London residents with running a drug lab."
    got = countries([text], nlp, gz, KENTUCKY)[0]
    assert "CAN" not in got and "GBR" not in got


@pytest.mark.parametrize("text, home, kept", [
    ("Two London residents were charged on Tuesday after the raid, Ontario police said.", frozenset({("CAN", "")}),
     "CAN"),
    ("Two London residents were hurt when a bus crashed in Oxford, England, police said.", KENTUCKY, "GBR"),
    ("British police said two London residents were charged on Tuesday.", KENTUCKY, "GBR"),
    ("Police in London charged two men on Tuesday, Scotland Yard said.", KENTUCKY, "GBR"),
])
def test_london_in_world_news_or_at_home_stays(nlp, gz, text, home, kept):
    assert kept in countries([text], nlp, gz, home)[0]


# ------------------------------------------------------------------ a sea named after a place holds no place
CANADA = frozenset({("CAN", "")})
CALIFORNIA = frozenset({("USA", "CA")})
MISSOURI = frozenset({("USA", "MO")})


def test_a_sea_named_after_a_state_names_no_state(nlp, gz):
    text = ("Low pressure systems in the Gulf of Alaska are weaker this winter, letting cold air reach the coast of "
            "British Columbia, forecasters said.")
    assert "USA" not in countries([text], nlp, gz, CANADA)[0]


@pytest.mark.parametrize("text, kept", [
    ("Fishing boats left Kodiak, Alaska, for the Gulf of Alaska on Monday.", "USA"),
    ("Alaska's governor said the Gulf of Alaska fishery would reopen.", "USA"),
    ("Oil spilled into the Gulf of Mexico off Louisiana, U.S. officials said.", "USA"),
])
def test_a_state_named_beside_its_sea_stays(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz, CANADA)[0]


# ------------------------------------------------------------------ "Foo City" of the story's own Foo
def test_a_local_town_written_with_city_is_no_city_abroad(nlp, gz):
    text = "San Fernando City Councilwoman Ann Roe won a school board seat in Los Angeles on Tuesday."
    got = countries([text], nlp, gz, CALIFORNIA)[0]
    assert "PHL" not in got and "USA" in got


@pytest.mark.parametrize("text, home, kept", [
    ("Floods hit Quezon City and San Fernando City, Philippine officials said.", CALIFORNIA, "PHL"),
    ("Thousands marched in Ho Chi Minh City on Sunday, Vietnamese state media said.", CALIFORNIA, "VNM"),
    ("The mayor of Mexico City met investors on Monday.", MISSOURI, "MEX"),
    ("Protesters gathered in Kuwait City on Friday.", MISSOURI, "KWT"),
])
def test_a_city_abroad_in_world_news_stays(nlp, gz, text, home, kept):
    assert kept in countries([text], nlp, gz, home)[0]


# ------------------------------------------------------------------ "Indians" named after a place of the Americas
@pytest.mark.parametrize("text", [
    "A church team ministered to the Quiche Indians on the coast and ran clinics in rural villages.",
    "The valley was home to a succession of peoples -- Caddo and Atakapa Indians, then settlers from the east.",
])
def test_indians_named_after_a_place_of_the_americas_are_no_india(nlp, gz, text):
    assert "IND" not in countries([text], nlp, gz)[0]


@pytest.mark.parametrize("text", [
    "Kerala Indians working in the Gulf sent home record sums last year, the central bank said.",
    "Gujarati Indians in Kenya run many of Nairobi's shops.",
    "Indian troops fired across the Line of Control on Tuesday, officials said.",
    "Some 3,000 Indians were evacuated from Sudan by the navy.",
])
def test_indias_people_stay_indias(nlp, gz, text):
    assert "IND" in countries([text], nlp, gz)[0]


# ------------------------------------------------------------------ a demonym opening a US-style place name
@pytest.mark.parametrize("text", [
    "Firefighters put out a kitchen fire at the Spanish Oaks Apartments complex on Clarksville Street.",
    "The Irish Hills Golf Club will host the county tournament on Saturday.",
])
def test_a_demonym_opening_a_local_place_name_is_no_country(nlp, gz, text):
    got = countries([text], nlp, gz, frozenset({("USA", "TX")}))[0]
    assert not got & {"ESP", "IRL"}


@pytest.mark.parametrize("text, kept", [
    ("The Russian Embassy in Washington said on Monday it had protested.", "RUS"),
    ("Syrian Village Shelled. Syria's army shelled a village near Idlib on Monday.", "SYR"),
    ("The German Green Party won 14 percent of the vote.", "DEU"),
    ("The Israeli Heights Brigade moved north, Israel's army said.", "ISR"),
    ("South Korean Park Min-ho said the talks would resume.", "KOR"),
    ("The Chinese Lake Fishing Association said stocks had fallen; Chinese officials agreed.", "CHN"),
])
def test_a_demonym_before_a_states_body_or_in_world_news_stays(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]


# ------------------------------------------------------------------ a local paper's own area GeoNames lacks
CAROLINA = frozenset({("USA", "SC")})


@pytest.mark.parametrize("text", [
    "Staff cuts reflect an expected enrollment decline in the Gaston and Swansea area schools.",
    "Deputies said burglaries in the Swansea area rose this spring.",
])
def test_a_local_papers_own_area_is_no_city_abroad(nlp, gz, text):
    assert "GBR" not in countries([text], nlp, gz, CAROLINA)[0]


@pytest.mark.parametrize("text, kept", [
    ("Floods hit the Swansea area of Wales on Monday, British officials said.", "GBR"),
    ("A Swansea man was jailed in Britain for the attack, police in Wales said.", "GBR"),
    ("Fans travelled from Swansea to Cardiff for the final.", "GBR"),
])
def test_a_city_abroad_that_the_story_points_to_stays(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz, CAROLINA)[0]
