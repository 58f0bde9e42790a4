"""Namesakes abroad (issue 17): a foreign division or town needs the story's word to beat the story's own ground.

A hand-written index of invented-size places; no eval data."""
from __future__ import annotations

from dataclasses import replace

import pytest

from components.build.places import Place, PlaceContext, article_context, build_index, resolve_place

HANOVER_JM = Place("Hanover", "JAM", "region", "09", population=300_000)  # a parish: pycountry's prior
HANOVER_NH = Place("Hanover", "USA", "city", "NH", 1, population=11_000)
HANOVER_PA = Place("Hanover", "USA", "city", "PA", 2, population=15_000)
NORTHLAND_NZ = Place("Northland", "NZL", "region", "NTL", population=300_000)
RED_SEA_SD = Place("Red Sea", "SDN", "region", "RS", population=300_000)
VERMONT = Place("Vermont", "USA", "region", "VT", 3, population=600_000)
MISSOURI = Place("Missouri", "USA", "region", "MO", 4, population=6_000_000)
TRAIL_BC = Place("Trail", "CAN", "city", "", 5, population=7_700)
HARARE = Place("Harare", "ZWE", "city", "", 6, population=1_500_000)
SALISBURY_MD = Place("Salisbury", "USA", "city", "MD", 7, population=33_000)
ALEPPO = Place("Aleppo", "SYR", "city", "", 8, population=1_600_000)


@pytest.fixture(scope="module")
def idx():
    names: dict = {}
    for p in (HANOVER_JM, HANOVER_NH, HANOVER_PA, NORTHLAND_NZ, RED_SEA_SD, VERMONT, MISSOURI, TRAIL_BC, SALISBURY_MD,
              HARARE, ALEPPO):
        names.setdefault(p.name.lower(), []).append((p, True))
    names.setdefault("salisbury", []).append((HARARE, False))  # a former name
    regions = {"hanover": [HANOVER_JM], "northland": [NORTHLAND_NZ], "red sea": [RED_SEA_SD], "vermont": [VERMONT],
               "missouri": [MISSOURI]}
    return build_index(names, regions)


def test_a_shared_division_name_is_no_evidence_of_its_country(idx):
    ctx = article_context(["Hanover", "Vermont"], set(), idx)
    assert "JAM" not in ctx.countries and ("JAM", "09") not in ctx.regions


def test_the_town_of_the_story_ground_beats_a_division_abroad(idx):
    ctx = replace(article_context(["Hanover", "Vermont"], set(), idx), home=frozenset({("USA", "NH")}))
    assert resolve_place("Hanover", context=ctx, index=idx) == HANOVER_NH


def test_a_division_abroad_needs_the_story_to_name_its_country(idx):
    mo = PlaceContext(frozenset({"USA"}), frozenset({("USA", "MO")}))
    assert resolve_place("Northland", context=mo, index=idx) is None
    assert resolve_place("Northland", context=PlaceContext(frozenset({"NZL"})), index=idx) == NORTHLAND_NZ


def test_a_small_town_abroad_is_no_place_on_another_ground(idx):
    tx = PlaceContext(frozenset({"USA"}), frozenset({("USA", "TX")}))
    assert resolve_place("Trail", context=tx, index=idx) is None
    assert resolve_place("Aleppo", context=tx, index=idx) == ALEPPO  # a big city is news anywhere


def test_a_body_of_water_is_no_namesake_division(idx):
    assert resolve_place("Red Sea", index=idx) is None
    assert resolve_place("the Red Sea", index=idx) is None
    assert "SDN" not in article_context(["Red Sea"], set(), idx).countries


def test_a_former_name_loses_to_the_towns_it_names(idx):
    assert resolve_place("Salisbury", index=idx) == SALISBURY_MD
    assert resolve_place("Salisbury", context=PlaceContext(frozenset({"ZWE"})), index=idx) == HARARE


def _resolve(rows, text, gz):
    """Surface -> actor id of the spans ``rows`` ((start, end, surface, label, gaz, role)) of a one-sentence article."""
    import pandas as pd

    from components.build.entities import canonicalise

    raw = pd.DataFrame([("a", *r) for r in rows], columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    raw = raw.assign(sent=0, sent_start=0, sent_end=len(text))
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": [pd.Timestamp("2020-01-02", tz="UTC")]})
    m = canonicalise(raw, arts, gz)
    return dict(zip(m["surface"], m["entity_id"]))


def _at(text, word, label="GPE", gaz="", role=""):
    s = text.index(word)
    return (s, s + len(word), word, label, gaz, role)


def test_a_street_named_after_a_place_abroad_is_no_place(gz):
    text = "Nebraska deputies closed Cyprus Road and Vienna Road on Monday."
    got = _resolve([_at(text, "Nebraska"), _at(text, "Cyprus", "GAZ", "country:CYP|name", "place"),
                    _at(text, "Vienna", "GAZ", "country:AUT|capital", "place")], text, gz)
    assert {_country(got.get("Cyprus")), _country(got.get("Vienna"))} <= {None, "USA"}  # a US namesake at most
    text = "Deputies flew to Vienna and then to Cyprus on Monday."  # no street: the capital and the country stand
    got = _resolve([_at(text, "Vienna", "GAZ", "country:AUT|capital", "place"),
                    _at(text, "Cyprus", "GAZ", "country:CYP|name", "place")], text, gz)
    assert (_country(got["Vienna"]), _country(got["Cyprus"])) == ("AUT", "CYP")


def _country(eid):
    from components.build.places import place_of_id

    return place_of_id(eid).iso3 if isinstance(eid, str) and eid.startswith("place:") else \
        eid[8:] if isinstance(eid, str) and eid.startswith("country:") else None


def test_a_street_name_holds_no_place_abroad():
    from components.build.places import load_places
    from components.build.resolve import _places_in_name

    ontario = PlaceContext(frozenset({"CAN"}), frozenset({("CAN", "ON")}))
    assert _places_in_name("Oxford Road 5", ontario, load_places(), organisation=False) == []
    assert [p.iso3 for *_s, p in _places_in_name("Kansas Turnpike", PlaceContext(frozenset({"USA"}), frozenset(
        {("USA", "KS")})), load_places(), organisation=False)] == ["USA"]  # a road of the story's own state


def _org_places(rows, homes=None):
    """``(surface, ISO3)`` of the places :func:`places_in_names` finds in one article's mentions ``rows``
    ((surface, label, entity id, rule))."""
    import pandas as pd

    from components.build.places import place_of_id
    from components.build.resolve import places_in_names

    out = pd.DataFrame([{"article_id": "a", "start": 10 * i, "end": 10 * i + len(r[0]), "surface": r[0], "label": r[1],
                         "gaz": "", "role": "", "entity_id": r[2], "rule": r[3]} for i, r in enumerate(rows)])
    got = places_in_names(out, homes)
    return [] if got.empty else [(s, place_of_id(e).iso3) for s, e in zip(got["surface"], got["entity_id"])]


def test_a_town_abroad_in_an_organisations_name_is_no_place():
    canada = {"a": frozenset({("CAN", "")})}  # a Canadian paper's story that names no other country
    library = [("Duluth Public Library", "ORG", "org:duluth-public-library", "organisation (NER)")]
    assert _org_places(library, canada) == []
    assert _org_places(library) == [("Duluth", "USA")]  # a story that says nothing of where it is: the town
    # a city of 100,000 people or more abroad stays, whatever the paper's home ("the Foo Regional Administration")
    assert _org_places([("Chicago Symphony", "ORG", "org:chicago-symphony", "organisation (NER)")], canada) == \
        [("Chicago", "USA")]
    # a town of the story's own ground stays: "Wichita Public Library" in a story naming Kansas
    kansas = ("Kansas", "GPE", "place:kansas", "GeoNames place")
    assert _org_places([kansas, ("Wichita Public Library", "ORG", "org:wichita-public-library",
                                 "organisation (NER)")]) == [("Wichita", "USA")]


def test_a_provinces_name_before_a_local_body_is_the_province_in_its_own_country():
    rows = [("Alberta Energy Regulator", "ORG", "org:alberta-energy-regulator", "organisation (NER)")]
    assert _org_places(rows, {"a": frozenset({("CAN", "")})}) == [("Alberta", "CAN")]


def test_a_capital_of_the_story_ground_is_no_namesake_in_another_country(gz):
    text = "British tourists love Idaho and Washington parks, a guide said."
    got = _resolve([_at(text, "British", "GAZ", "country:GBR|demonym"), _at(text, "Idaho"),
                    _at(text, "Washington", "GAZ", "country:USA|capital", "place")], text, gz)
    assert _country(got["Washington"]) == "USA"


def test_a_capital_qualified_by_a_state_is_a_namesake_there_or_none():
    from components.build.places import load_places, resolve_place

    got = resolve_place("Lisbon", text="Lisbon, Minn.", end=6, index=load_places())
    assert got is None or (got.iso3, got.admin1) == ("USA", "MN")
    assert resolve_place("Qwertyville", text="Qwertyville, Minn.", end=11, index=load_places()) is None


def test_a_capital_qualified_by_a_state_in_a_story(gz):
    text = "A barn burned near Lisbon, Minn., on Sunday."
    got = _resolve([_at(text, "Lisbon", "GAZ", "country:PRT|capital", "place"), _at(text, "Minn.")], text, gz)
    assert _country(got.get("Lisbon")) in (None, "USA")


def test_a_capital_in_a_list_of_counties_is_the_county(gz):
    text = "Crews from Victoria and Calhoun counties in Texas cleared the roads."
    got = _resolve([_at(text, "Victoria", "GAZ", "country:SYC|capital", "place"), _at(text, "Texas")], text, gz)
    assert _country(got["Victoria"]) == "USA"


def test_an_ambiguous_name_is_the_country_of_the_story_ground(gz):
    import pandas as pd

    from components.build.resolve import resolve_article

    text = "Officials of Georgia met envoys on Monday."
    rows = pd.DataFrame([("a", *_at(text, "Georgia", "GAZ", "ambiguous|GEO|USA", "place"))],
                        columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    got = resolve_article(rows, pd.Timestamp("2020-01-02", tz="UTC"), gz, {}, text, home=frozenset({("GEO", "")}))
    assert got[0][0] == "country:GEO"  # a Tbilisi paper's "Georgia"


def _resolve_article(rows, text, gz, home=frozenset()):
    import pandas as pd

    from components.build.resolve import resolve_article

    frame = pd.DataFrame([("a", *r) for r in rows], columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    return resolve_article(frame, pd.Timestamp("2020-01-02", tz="UTC"), gz, {}, text, home=home)


def test_an_ambiguous_name_off_the_us_ground_is_the_other_country(gz):
    text = "Clashes in Dagestan spread toward Georgia and Azerbaijan."
    got = _resolve_article([_at(text, "Dagestan"), _at(text, "Georgia", "GAZ", "ambiguous|GEO|USA", "place"),
                            _at(text, "Azerbaijan", "GAZ", "country:AZE|name", "place")], text, gz)
    assert got[1][0] == "country:GEO"
    text = "British firms sold goods in Atlanta, Georgia, last year."  # a US town's state stays the state
    got = _resolve_article([_at(text, "British", "GAZ", "country:GBR|demonym"), _at(text, "Atlanta"),
                            _at(text, "Georgia", "GAZ", "ambiguous|GEO|USA", "place")], text, gz)
    assert got[2][0] != "country:GEO"


def test_an_ambiguous_name_is_the_country_the_story_names_most(gz):
    text = "Georgian troops left; Georgian leaders and a U.S. envoy said Georgia would talk."
    rows = [_at(text, "Georgian", "GAZ", "country:GEO|demonym"),
            (text.index("Georgian leaders"), text.index("Georgian leaders") + 8, "Georgian", "GAZ",
             "country:GEO|demonym", ""),
            _at(text, "U.S.", "GAZ", "country:USA|name"), _at(text, "Georgia ", "GAZ", "ambiguous|GEO|USA", "place")]
    rows[-1] = (rows[-1][0], rows[-1][1] - 1, "Georgia", *rows[-1][3:])
    assert _resolve_article(rows, text, gz)[-1][0] == "country:GEO"


def test_a_small_town_with_no_evidence_is_in_the_country_that_bears_the_name_most_on_the_storys_ground():
    ashby_gb = Place("Ashby", "GBR", "city", "", 11, population=44_000)
    ashby_nc = Place("Ashby", "USA", "city", "NC", 12, population=34_000)
    ashby_md = Place("Ashby", "USA", "city", "MD", 13, population=33_000)
    idx = build_index({"ashby": [(ashby_gb, True), (ashby_nc, True), (ashby_md, True)]}, {})
    assert resolve_place("Ashby", index=idx) == ashby_gb  # a story that says nowhere where it is: the biggest town
    assert resolve_place("Ashby", context=PlaceContext(home=frozenset({("USA", "")})), index=idx) == ashby_nc
    assert resolve_place("Ashby", context=PlaceContext(frozenset({"GBR"})), index=idx) == ashby_gb  # the story's word
