"""What business and markets copy makes NER call a person, by class (issue 17, read on 400 Reuters stories as a new
user would): firms written with their legal form, a currency's name after an amount, and a province the story
names as a place speaking as a government. Invented sentences, the real pipeline."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions


def ids(text, nlp, gz):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("1987-04-01", tz="UTC"),
                         "body_start": 0})
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    return dict(zip(m["surface"], m["entity_id"]))


def persons(got):
    return {s: e for s, e in got.items() if e.startswith("person:")}


@pytest.mark.parametrize("text", [
    # the wire's company markup, and a legal form after the name
    "The group will include its two U.S. subsidiaries <Nippert Co> and <Valleycast Inc>, the company said.",
    "Shares in Wireless Plc rose 12 pence after the bid, dealers said.",
    "Analysts said Hoechst AG and Bayer AG would report higher profits.",
    "The fund sold its stake in Harlow Ltd to a group of investors.",
])
def test_a_firm_with_its_legal_form_is_no_person(nlp, gz, text):
    got = ids(text, nlp, gz)
    assert not persons(got), got


@pytest.mark.parametrize("text", [
    "The currency jumped to 0.6858/63 U.S. Dlrs and traded as high as 0.6875 before retreating.",
    "The company raised 1.5 billion Hong Kong Dollars in the share sale, its chairman said.",
])
def test_a_currency_after_an_amount_is_no_person(nlp, gz, text):
    got = ids(text, nlp, gz)
    assert not any("dlrs" in e or "dollars" in e for e in got.values()), got


def test_a_province_the_story_names_as_a_place_speaks_as_that_place(nlp, gz):
    text = ("The Ontario and New Brunswick utilities said they are objecting to the deal. New Brunswick said it is "
            "also concerned that Hydro-Quebec is taking all the export markets.")
    got = ids(text, nlp, gz)
    assert "person:new-brunswick" not in got.values(), got


@pytest.mark.parametrize("text, person", [
    # a person whose family name is a currency's word, with no amount before it
    ("Finance Minister Franco Lira said the budget would be cut.", "Lira"),
    # a person whose name ends like a legal form only in other letters
    ("Vice Minister Nguyen Van Sa said the talks would resume.", "Sa"),
    # a province's name is a person's when the story never types it a place
    ("Georgia Brunswick, a teacher, said the school would reopen.", "Brunswick"),
])
def test_people_whose_names_look_like_those_stay_people(nlp, gz, text, person):
    got = ids(text, nlp, gz)
    assert any(person in s for s in persons(got)), got


def test_a_word_of_office_before_a_name_is_no_part_of_it(nlp, gz):
    got = ids("Spokesman Georges D. Rigaud said the bank would not comment. Rigaud added that talks went on.", nlp, gz)
    assert set(persons(got).values()) == {"person:georges-d-rigaud"}, got


def test_name_particles_alone_are_nobody(nlp, gz):
    got = ids("The merger of Heldring en Pierson with the Van der group was approved, Van der said.", nlp, gz)
    assert not any(e.endswith(("van-der", ":der")) for e in persons(got).values()), got


@pytest.mark.parametrize("text, word", [
    # firms named after their founders, whose parts are small US towns far apart
    ("Analysts attributed the decline to Rockwell International's Allen-Bradley unit, U.S. traders said.", "Allen"),
    ("Lear Siegler said it planned to sell its Smith and Wesson handgun business in the U.S.", "Wesson"),
    ("The notes were rated A-1 by Moody's Investors Service, U.S. dealers said.", "Moody"),
    ("The U.S. House Energy and Commerce subcommittee rejected the plan on Tuesday.", "Energy"),
])
def test_a_firm_named_after_people_holds_no_towns(nlp, gz, text, word):
    got = ids(text, nlp, gz)
    assert not any(s == word and e.startswith("place:") for s, e in got.items()), got


@pytest.mark.parametrize("text, towns", [
    ("Officials of the Fargo-Moorhead Chamber of Commerce said on Tuesday that North Dakota hotels were full.",
     {"Fargo", "Moorhead"}),
])
def test_twin_towns_in_a_name_stay_towns(nlp, gz, text, towns):
    got = ids(text, nlp, gz)
    placed = {s for s, e in got.items() if e.startswith("place:")}
    assert towns <= placed, got
