"""Countries mentioned per article (issue 17, eleventh round): classes found by running invented wire sentences of
world news through the pipeline. A country written inside an office's title ("Germany's Chancellor"), a demonym after
"the South"/"the North" ("the South Fooish company"), and a country's name or capital listed beside places abroad in a
story set in the USA ("in Russia and Paris") each lost the country. Invented text only; real place index and gazetteer.
"""
from __future__ import annotations

import pytest

from test_countries_precision_round10 import countries

TEXAS = frozenset({("USA", "TX")})


# ------------------------------------------------------------------ a country inside an office's title
@pytest.mark.parametrize("text, kept", [
    ("Germany's Chancellor flew to Kyiv on Monday for talks on air defence.", "DEU"),
    ("Argentina's economy minister travelled to Washington for talks with the IMF.", "ARG"),  # no holder listed
    ("The talks were led by Britain's defence secretary.", "GBR"),
    ("The Ukrainian president thanked the donors on Tuesday.", "UKR"),
    ("The Turkish President said the grain deal would be extended.", "TUR"),
    ("Beijing's top diplomat arrived in Moscow on Tuesday.", "CHN"),
    ("Taiwan's president said the island would not bow to pressure.", "TWN"),
    ("The president of France arrived in Dakar on Monday.", "FRA"),  # the country after "of"
    ("The top Chinese diplomat met his counterpart on Tuesday.", "CHN"),  # a demonym inside the title
])
def test_a_country_in_an_offices_title_is_mentioned(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]


@pytest.mark.parametrize("text, absent", [
    ("Putin's spokesman declined to comment.", "RUS"),  # a person's office: no country word
    ("The treasury secretary said rates would stay high.", "USA"),
])
def test_a_title_without_a_country_word_adds_none(nlp, gz, text, absent):
    assert absent not in countries([text], nlp, gz)[0]


def test_the_title_still_stands_for_its_holder(nlp, gz):
    import pandas as pd

    from components.build.entities import canonicalise
    from components.build.parse import extract_raw_mentions
    from test_countries_precision_round10 import _articles

    arts = _articles(["Germany's foreign minister arrived in Beijing on Tuesday."])
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    rules = dict(zip(m["entity_id"], m["rule"]))
    assert rules.get("country:DEU") == "country in an office's title"
    assert any(e.startswith("person:") for e in m["entity_id"])  # the office holder of the date
    assert isinstance(m, pd.DataFrame)


# ------------------------------------------------------------------ "the South" of "the South Fooish ..."
@pytest.mark.parametrize("text, kept", [
    ("The South African government declared a national disaster over the floods.", "ZAF"),
    ("Samsung said the South Korean company would hire more engineers.", "KOR"),
    ("Officials said the South Sudanese army had withdrawn from the town.", "SSD"),
])
def test_a_compass_demonym_after_the_is_its_country(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]


def test_the_south_alone_stays_ambiguous(nlp, gz):
    # no Korea named: "the South" is a direction, no country
    assert countries(["Storms moved across the South on Sunday, cutting power to thousands."], nlp, gz)[0] \
        == set()


# ------------------------------------------------------------------ a list with places abroad
@pytest.mark.parametrize("text, kept", [
    ("The former spy spent years working in Russia and Paris before he retired to a ranch near Dallas.", "FRA"),
    ("The pilots, who trained in Texas and Florida, flew in the Far East, the Middle East, Italy and later Russia.",
     "ITA"),
])
def test_a_name_listed_with_places_abroad_is_not_a_texas_town(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz, TEXAS)[0]


@pytest.mark.parametrize("text, town", [
    # towns of the ground, each with a namesake abroad: the list points nowhere abroad
    ("Storms knocked out power in Paris, Palestine and Athens on Tuesday, the utility said.", "FRA"),
    ("The new clinic in Paris, Texas, and another in Russia will open next year.", "FRA"),
    ("Flights between Paris and Dallas were cancelled because of the ice storm.", "FRA"),
])
def test_a_list_of_towns_of_the_ground_stays_local(nlp, gz, text, town):
    assert town not in countries([text], nlp, gz, TEXAS)[0]


# ------------------------------------------------------------------ the dateline in the parse's own reading
def test_the_parse_reads_the_dateline_as_where_the_story_is_filed(nlp, gz):
    import pandas as pd

    from components.build.parse import extract_mentions_and_statements

    text = "PARIS, Texas (AP) - A tornado damaged the courthouse in Paris on Monday, Mayor Ann Lee said."
    arts = pd.DataFrame({"article_id": ["a0"], "text": [text], "body_start": [text.index("A tornado")],
                         "dateline": ["PARIS, Texas"], "published": [pd.Timestamp("2024-05-01", tz="UTC")]})
    _raw, ments, _st = extract_mentions_and_statements(arts, nlp, gazetteer=gz, link=False, n_process=1)
    body = ments[ments["start"] > text.index("A tornado")]
    assert body.loc[body["surface"] == "Paris", "entity_id"].tolist() == ["place:paris-usa-tx"]


def test_a_body_of_the_articles_country_prefers_the_country_it_is_filed_from(gz):
    from collections import Counter

    from components.build.resolve import _by_context

    named = Counter({"PRK": 5, "KOR": 4})
    assert _by_context(gz, "Foreign Ministry", named) == "org:prk-mfa"  # the most named
    assert _by_context(gz, "Foreign Ministry", named, "KOR") == "org:rok-mofa"  # datelined in Seoul
    assert _by_context(gz, "Foreign Ministry", Counter({"PRK": 9, "KOR": 2}), "KOR") == "org:prk-mfa"


# ------------------------------------------------------------------ a country's name that ISO 3166-2 lists as another's division
@pytest.mark.parametrize("text, kept", [
    ("The typhoon made landfall in Taiwan before moving towards Fujian province in China.", "TWN"),
    ("Ferries between Taiwan and Fujian province resumed on Monday.", "TWN"),
])
def test_a_country_is_not_a_division_of_another_state_in_a_story_naming_its_provinces(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]


# ------------------------------------------------------------------ a host city opening an event's name
@pytest.mark.parametrize("text, kept", [
    ("Ministers spoke at the Munich Security Conference on Saturday.", "DEU"),
    ("The actor walked the red carpet at the Cannes Film Festival.", "FRA"),
])
def test_a_host_city_opening_an_events_name_is_a_place(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]


@pytest.mark.parametrize("text, absent", [
    ("The Summit County Fair opens on Friday with a rodeo.", "GBR"),
    ("Tickets for the Cannes Film Festival sold out, a Dallas travel agent said.", "FRA"),  # abroad, in a Texas paper
])
def test_an_event_name_gives_no_small_or_unpointed_town_abroad(nlp, gz, text, absent):
    assert absent not in countries([text], nlp, gz, TEXAS)[0]


# ------------------------------------------------------------------ "the town of Foo" NER typed a person or a body
@pytest.mark.parametrize("text, kept", [
    ("Rebels seized the town of Goma on Monday.", "COD"),  # typed a person
    ("Two Chinese nationals were arrested at the port of Durban.", "ZAF"),  # typed an organisation
    ("Russian forces shelled the city of Kherson overnight.", "UKR"),
])
def test_a_settlement_word_before_of_makes_the_name_a_place(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]


def test_the_capital_of_a_country_is_left_to_the_country(nlp, gz):
    got = countries(["Protesters marched through the capital of Jordan on Friday."], nlp, gz)[0]
    assert got == {"JOR"}


# ------------------------------------------------------------------ a named storm is no person
@pytest.mark.parametrize("text", [
    "Typhoon Haikui made landfall in Taiwan on Sunday.",
    "Cyclone Freddy hit Malawi for the second time.",
])
def test_a_named_storm_is_no_person(nlp, gz, text):
    from components.build.entities import canonicalise
    from components.build.parse import extract_raw_mentions
    from test_countries_precision_round10 import _articles

    arts = _articles([text])
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    assert not any(str(e).startswith("person:") for e in m["entity_id"])


def test_a_given_name_storm_stays_a_person(nlp, gz):
    from components.build.entities import canonicalise
    from components.build.parse import extract_raw_mentions
    from test_countries_precision_round10 import _articles

    arts = _articles(["Storm Foobar, the actress, said she would return to Paris in June."])
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    assert any(str(e).startswith("person:") for e in m["entity_id"])


# ------------------------------------------------------------------ English exonyms of first-level divisions
@pytest.mark.parametrize("text, kept", [
    ("Wildfires spread across Catalonia and Andalusia, officials said.", "ESP"),
    ("Tourists fled the wildfire on Crete, the fire service said.", "GRC"),
    ("Floods hit Lower Saxony and Thuringia after days of rain.", "DEU"),
])
def test_a_division_written_by_its_english_name_is_its_country(nlp, gz, text, kept):
    assert kept in countries([text], nlp, gz)[0]


@pytest.mark.parametrize("text, home", [
    ("Police in Andalusia said the man was arrested at a gas station on Tuesday.", frozenset({("USA", "AL")})),
    ("A fire destroyed a barn near Crete on Sunday, the Saline County sheriff said.", frozenset({("USA", "NE")})),
])
def test_a_us_town_named_like_a_division_abroad_stays_local(nlp, gz, text, home):
    assert countries([text], nlp, gz, home)[0] == {"USA"}


def test_every_division_exonym_row_names_a_first_level_division_and_a_source():
    import csv

    import pycountry

    from components.build.places import PLACES_DIR

    with open(PLACES_DIR / "division_names.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        sub = pycountry.subdivisions.get(code=row["code"])
        assert sub is not None and not sub.parent_code, row["code"]
        assert row["english"] and row["source"].startswith(f"ISO 3166-2:{row['code'][:2]}"), row
