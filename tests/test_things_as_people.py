"""Names NER types as persons that the text shows are ships, natural features, divisions or bodies (issue 17,
"things typed as people"), and the persons that must stay persons. Invented sentences, real pipeline."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.dates import split_dateline
from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.people import named_kind, non_person_kind


def mentions(text, nlp, gz):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2024-05-01", tz="UTC"),
                         "body_start": split_dateline(text)[1], "dateline": split_dateline(text)[0]})
    return canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)


@pytest.mark.parametrize("surface, before, after", [
    ("USS Mark Ellis", "escorted on Monday by ", " and two frigates"),  # the prefix inside the name
    ("Ann Foster", "the frigate ROKS Gwangmyeong ", " sailed"),  # the prefix a word before what NER kept
    ("Peter Lund", "the destroyers Halvard and ", ", along with"),  # a list after a plural ship noun
    ("Karl Vinter", "the destroyers Halvard, Osk and ", " sailed"),
    ("Lena Brook", "the submarine Hero ", ", launched last year"),  # one word of the ship's name between
])
def test_ships_named_after_people_are_no_people(surface, before, after):
    assert non_person_kind(surface, before, after) == "vessel"


@pytest.mark.parametrize("surface, before, after", [
    ("Ann Lee", "aboard the destroyer Captain ", " said the crew was safe"),  # a title between: a person
    ("Ann Lee", "the destroyer's commander, ", ", said"),
    ("Peter Lund", "Shipbuilders and ", " signed the contract"),
    ("Karl Vinter", "The ships sailed on Monday. ", " said they would return"),
    ("Mark Ellis", "Navy Secretary ", " said the warships would sail"),
])
def test_people_near_ships_stay_people(surface, before, after):
    assert non_person_kind(surface, before, after) is None


@pytest.mark.parametrize("name, kind", [
    ("Halvor Cape", "place"), ("Osk Peninsula", "place"), ("Varn Islands", "place"), ("Ilo Prefecture", "place"),
    ("Velo Labs", "org"), ("Ryu Kyong Tank Division", "org"), ("Brant Battalion", "org"),
    # surnames that are also words of places or bodies: a person
    ("Anita Hill", None), ("Tom Ridge", None), ("Margaret Court", None), ("George Strait", None),
    ("Joan Rivers", None), ("Dave Camp", None), ("Tim League", None), ("Ann Bank", None), ("Ricki Lake", None),
])
def test_a_names_last_word_says_what_it_is(name, kind):
    assert named_kind(name) == kind


def _ids(m, surface):
    return m.loc[m["surface"] == surface, "entity_id"].dropna().tolist()


def test_a_ship_named_after_a_person_is_no_actor(nlp, gz):
    text = ("The carrier sailed with the destroyers USS Halsey and USS Daniel Inouye on Monday, the Navy said. "
            "Admiral Lisa Franchetti said the group would stay in the region.")
    m = mentions(text, nlp, gz)
    assert not any(e.startswith("person:") and "inouye" in e for e in m["entity_id"].dropna())
    assert any("franchetti" in e for e in m["entity_id"].dropna())


def test_a_feature_or_division_ner_typed_a_person_is_a_place(nlp, gz):
    text = ("Artillery fired from around Jangsan Cape and Deungsan Cape on Friday, the military said. "
            "Japan issued an alert for Okinawa Prefecture, telling residents to take shelter.")
    m = mentions(text, nlp, gz)
    ents = [e for e in m["entity_id"].dropna()]
    assert not any(e.startswith("person:") and ("cape" in e or "okinawa" in e) for e in ents), ents


def test_a_dateline_with_a_state_that_starts_like_a_month(nlp, gz):
    for text, place in (("CAMP DAVID, Maryland (PWS) - The leaders met on Friday.", "CAMP DAVID, Maryland"),
                        ("DECATUR, Alabama (AP) - The council voted.", "DECATUR, Alabama"),
                        ("AUGUSTA, Georgia - Rain fell.", "AUGUSTA, Georgia"),
                        ("NEW YORK, Dec 3 (Reuters) - Stocks fell.", "NEW YORK"),
                        ("PARIS, March 5 (AFP) - Talks resumed.", "PARIS")):
        assert split_dateline(text)[0] == place
    m = mentions("CAMP DAVID, Maryland (PWS) - The leaders of the three countries met on Friday.", nlp, gz)
    assert not any(str(e).startswith("person:") for e in m["entity_id"].dropna())


def test_a_person_is_named_by_the_full_name_not_the_commoner_surname(nlp, gz):
    from components.build.entities import entity_table

    text = ("Washington placed Ryo Hyon Sop, a representative of a bank, on its list on Monday. Ryo has worked "
            "from China. Ryo moved money.")
    m = mentions(text, nlp, gz)
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    ents = entity_table(m.dropna(subset=["entity_id"]), arts, gz)
    people = ents.loc[ents["type"] == "person", "name"].tolist()
    assert people == ["Ryo Hyon Sop"], people


@pytest.mark.parametrize("text, person, iso", [
    ("Unification Ministry spokesman Ola Brandt told a briefing that talks would resume.", "Ola Brandt", "KOR"),
    ("Ola Brandt, the Unification Ministry's spokesman, said talks would resume.", "Ola Brandt", "KOR"),
])
def test_a_listed_body_before_a_title_gives_the_person_its_country(nlp, gz, text, person, iso):
    from components.build.entities import entity_table

    m = mentions(text, nlp, gz)
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    ents = entity_table(m.dropna(subset=["entity_id"]), arts, gz).set_index("name")
    assert ents.loc[person, "country"] == iso and ents.loc[person, "country_source"] == "inferred"


@pytest.mark.parametrize("text, person", [
    # a body that is no title's: no affiliation from it
    ("The Unification Ministry and Ola Brandt disagreed on the timing of the talks.", "Ola Brandt"),
    ("Unification Ministry officials met Ola Brandt on Monday.", "Ola Brandt"),
])
def test_a_listed_body_without_a_title_gives_no_country(nlp, gz, text, person):
    from components.build.entities import entity_table

    m = mentions(text, nlp, gz)
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    ents = entity_table(m.dropna(subset=["entity_id"]), arts, gz).set_index("name")
    assert ents.loc[person, "country"] == ""


@pytest.mark.parametrize("surface, before, after, kind", [
    # a letters-and-number name is a model ...
    ("PAC-3", "deployed ", " interceptors", "equipment"), ("KN-23", "fired a ", " after the summit", "equipment"),
    ("F-35A", "two ", "s flew over", "equipment"),
    # ... unless it is a meeting or a group
    ("COP-28", "at the ", " climate summit", None), ("COP-28", "ahead of ", ", the envoy said", None),
    ("COP-28", "", " climate talks opened", None), ("G-20", "the ", " leaders agreed", None),
])
def test_a_model_number_or_a_meeting(surface, before, after, kind):
    from components.build.people import thing_kind

    assert thing_kind(surface, before, after) == kind


@pytest.mark.parametrize("text, surface, org", [
    ("Attackers drained $100 million from users of Velor Wallet, a non-custodial wallet provider, in June.",
     "Velor Wallet", True),
    ("Hackers stole $40 million from Lena Vossberg, a cryptocurrency exchange, last year.", "Lena Vossberg", True),
    ("Regulators fined Oskar Lindqvist, an online lender, on Monday.", "Oskar Lindqvist", True),
    # a person's apposition keeps the person; "an official of the company" is a person too
    ("Ann Lee, a lawyer for the family, said the appeal would be filed.", "Ann Lee", False),
    ("Tom Brandt, a spokesman for the company, declined to comment.", "Tom Brandt", False),
    ("Mark Ellis, the company's founder, said sales had doubled.", "Mark Ellis", False),
])
def test_an_apposition_says_a_business_is_no_person(nlp, gz, text, surface, org):
    m = mentions(text, nlp, gz)
    got = set(m.loc[m["surface"] == surface, "entity_id"].dropna())
    assert got and all(e.startswith("org:" if org else "person:") for e in got), (got, m[["surface", "entity_id"]])


@pytest.mark.parametrize("surface, before, after", [
    ("Halvard Medal", "was awarded a ", " for a match"),  # the award's word inside the name NER typed a person
    ("Osk Lund Prize", "won the ", " in 1998"),
    ("Brandt", "won the ", " Prize in 1998"),  # the award's word after the name NER kept alone
    ("Vinter", "lifted the ", " Cup on Sunday"),
])
def test_awards_named_after_people_are_no_people(surface, before, after):
    assert non_person_kind(surface, before, after) == "award"


@pytest.mark.parametrize("surface, before, after", [
    ("Ann Cupp", "coach ", " said"),
    ("Ola Brandt", "", " won a prize"),  # a prize in lowercase words: the winner is a person
    ("Ola Brandt", "", " received the award"),
])
def test_award_winners_stay_people(surface, before, after):
    assert non_person_kind(surface, before, after) is None


def test_lowercase_words_ner_ran_on_after_a_name_are_no_part_of_it(nlp, gz):
    text = "During his career he represented Queensland 13 times, Victoria twice, and won."
    run_on = [e.text for e in nlp(text).ents if e.label_ == "PERSON" and e.text.split()[-1].islower()]
    m = mentions(text, nlp, gz)
    assert not any(w.islower() for s in m["surface"] for w in s.split()), (run_on, m[["surface", "entity_id"]])
    assert not m["entity_id"].fillna("").str.contains("twice").any()
