"""Capitals as governments in three more frames (issue 17, twelfth round), with their literal guards: a phrasal
verb's particle between the verb and its preposition ("handed back to Foo", "broke away from Foo"; "came back from
Foo" stays a journey), what a government sends its clients ("received weapons and money from Foo"; "postcards from
Foo" stay the place), a quarrel between two capitals, a land "ruled from Foo" ("run from Foo" is a firm's), "a
client state of Foo" and "in defiance of Foo". Invented sentences, real parse."""
from __future__ import annotations

import pytest

CASES = [
    ("Hong Kong was handed back to Beijing in 1997.", "Beijing", "actor"),
    ("The republic broke away from Belgrade in 1991.", "Belgrade", "actor"),
    ("The rebels received weapons and money from Moscow throughout the war.", "Moscow", "actor"),
    ("The quarrel between London and Paris over fishing rights grew.", "London", "actor"),
    # the place: journeys with a particle, things sent from a city
    ("He came back from Paris on Monday.", "Paris", "place"),
    ("She flew back to London after the talks.", "London", "place"),
    ("The ship sailed away from Lisbon at dawn.", "Lisbon", "place"),
    ("The band sent postcards from Rome.", "Rome", "place"),
    ("He was sent back to Moscow by his editor.", "Moscow", "place"),
    # a land governed from a capital, a state's dependant, going against a state's will
    ("The colony was ruled from Lisbon until 1975.", "Lisbon", "actor"),
    ("The kingdom was a client state of Beijing.", "Beijing", "actor"),
    ("The protest went ahead in defiance of Moscow.", "Moscow", "actor"),
    ("The company was run from London.", "London", "place"),
    ("He governed the region from his palace near Delhi for a decade.", "Delhi", "place"),
    ("The state of Vienna has nine districts.", "Vienna", "place"),
]


@pytest.mark.parametrize("text, name, expected", CASES, ids=[f"{n}-{e}-{i}" for i, (_t, n, e) in enumerate(CASES)])
def test_phrasal_and_sending_frames(roles_of, text, name, expected):
    assert roles_of(text, name) == [expected]
