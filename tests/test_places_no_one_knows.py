"""Names NER typed a place that no gazetteer and no GeoNames entry knows (issue 17, fourteenth round): initials alone
are no place (KCNA's "the C.C., Foo Party" is its Central Committee; "G.M." a firm), a one-word name that says something
is a person ("Foo said"), and an abbreviation of initials written without its last full stop is the country or state
it abbreviates (Reuters' "the U.S seeks", "Bronx County, N.Y, which ..."). Invented sentences; the real tables."""
from __future__ import annotations

from components.build.places import PlaceContext, resolve_place
from tests.test_places_recall_round9 import countries_of, mentions


def _places(m):
    return m[m["entity_id"].str.startswith("place:")]


def test_initials_alone_are_no_place(nlp, gz):
    m = mentions("He sent a message to the general secretary of the C.C., Foolandian Workers' Party on Monday.", nlp, gz)
    assert not (_places(m)["surface"].str.contains("C.C")).any(), m[["surface", "entity_id", "rule"]]


def test_a_name_no_place_bears_that_speaks_is_no_place(nlp, gz):
    text = ("Gilberto Varangol, president of the exporters' association, spoke on Monday. Varangol said that prices "
            "would rise, and Varangol told reporters the talks had failed.")
    m = mentions(text, nlp, gz)
    assert not _places(m)["surface"].str.contains("Varangol").any(), m[["surface", "entity_id", "rule"]]


def test_a_known_place_that_speaks_is_still_read_by_the_other_rules(nlp, gz):
    m = mentions("The city sued the state on Monday. Chicago said the law was unfair, and Ohio said it would appeal.",
                 nlp, gz)
    assert countries_of(m) == {"USA"} and len(_places(m)) == 2, m[["surface", "entity_id", "rule"]]


def test_initials_without_their_last_stop_name_what_they_abbreviate(nlp, gz):
    m = mentions("The U.S seeks a greater say in the bank, a spokesman said in Bronx County, N.Y, on Monday.", nlp, gz)
    assert "USA" in countries_of(m), m[["surface", "entity_id", "rule"]]
    state = resolve_place("N.Y", context=PlaceContext())
    assert state is not None and (state.iso3, state.kind, state.admin1) == ("USA", "region", "NY")


def test_a_division_written_as_an_address_lies_in_the_place_after_it(nlp, gz):
    """"Foo District of Bar Municipality", "Foo County, Bar Province": GeoNames lacks the district, the text says
    where it lies (KCNA writes its counties and districts so)."""
    text = ("Pyongyang, May 3 (KCNA) -- New houses were built at a farm in Ryonghwa District of Nampho Municipality "
            "and in Sokdong County, South Hamgyong Province.")
    m = mentions(text, nlp, gz)
    inside = m[m["surface"].str.contains("Ryonghwa|Sokdong")]
    assert len(inside) == 2 and countries_of(inside) == {"PRK"}, m[["surface", "entity_id", "rule"]]


def test_a_body_named_of_a_place_is_no_address(nlp, gz):
    m = mentions("The Foobar Bank of Nampho said on Monday that rates would rise.", nlp, gz)
    assert not m["rule"].eq("place inside a known place").any(), m[["surface", "entity_id", "rule"]]
