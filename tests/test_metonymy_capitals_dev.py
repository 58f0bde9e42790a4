"""Capitals as governments or places: the error classes the eleventh round found on a dev set labelled from our own
corpora (``bench/data/capitals_dev.jsonl``, ``bench/capitals_dev.py``), each on invented wire text, both ways.

Read through the pipeline's own path (:func:`components.build.mentions.doc_rows`), as the world-news guard is.
"""
from __future__ import annotations

import pytest

# (text, name, expected role)
CASES = [
    # a city's papers and courts after its possessive are the city's; its policies stay the government's
    ("He told Oslo's business daily, Dagens Handel, that growth would slow.", "Oslo", "place"),
    ("Lisbon's civil court ruled that the firm may bid.", "Lisbon", "place"),
    ("The statement was delivered to Beirut's independent newspaper.", "Beirut", "place"),
    ("Lisbon's decision to raise tariffs angered its partners.", "Lisbon", "actor"),
    ("Jakarta's governor ordered the schools closed.", "Jakarta", "place"),
    # what a city has, counted: "has plenty of office towers"
    ("Jakarta too has plenty of new office towers.", "Jakarta", "place"),
    ("Nairobi has a number of new hotels.", "Nairobi", "place"),
    ("Dhaka has plenty of traffic jams.", "Dhaka", "place"),
    ("Nairobi has plenty of reasons to object.", "Nairobi", "actor"),
    # a dateline opening a later item of a round-up, or one written in lower case
    ("The bank reported higher profits.\n\nManila - The Asian Development Bank approved two loans.", "Manila", "place"),
    ("Caracas, march 13 - venezuela's biggest private company will meet bank creditors in new york on monday, a "
     "spokesman said.", "Caracas", "place"),
    ("Lima, July 14 (Reuters) -- Copper output rose in June.", "Lima", "place"),
    ("Manila, Philippines - The central bank raised rates.", "Manila", "place"),
    ("Manila said it would pay its creditors.", "Manila", "actor"),
    ("The minister said Manila - not the banks - would decide.", "Manila", "actor"),
    # a city written with its country before "-based" is an address
    ("The firm signed a joint venture with Madrid, Spain-based Iberotec SA.", "Madrid", "place"),
    ("The firm signed a joint venture with Madrid-based Iberotec SA.", "Madrid", "place"),
    ("Rabat signed an accord with Madrid, officials said.", "Madrid", "actor"),
    # an envoy accredited to a capital is accredited to its government; travel to it stays the place
    ("Israel's ambassador to Washington said the visits would resume.", "Washington", "actor"),
    ("Turkey's envoy to Athens met the prime minister.", "Athens", "actor"),
    ("The ambassador returned to Athens for consultations.", "Athens", "place"),
    # lending to a state
    ("The bank abruptly halted loans to Hanoi in 1975.", "Hanoi", "actor"),
    ("Credits to Belgrade were frozen last year.", "Belgrade", "actor"),
    ("The bank opened a branch in Hanoi.", "Hanoi", "place"),
    # a capital's name the parser read as an adjective before "government"; a state's minister after its capital
    ("Rebels are fighting the leftist Managua government.", "Managua", "actor"),
    ("Bonn Environment Minister Klaus Werner told reporters the vote was close.", "Bonn", "actor"),
    ("The Tokyo Finance Ministry said the rate was unchanged.", "Tokyo", "actor"),
    ("Seoul Mayor Kim Min-ho opened the bridge.", "Seoul", "place"),
    # a raising adjective with an act: "is likely to outline"; with a state it stays the city
    ("Analysts say Tokyo is likely to outline new purchases of U.S. goods.", "Tokyo", "actor"),
    ("Seoul is set to announce new curbs on imports.", "Seoul", "actor"),
    ("Forecasters say Tokyo is likely to be hot this week.", "Tokyo", "place"),
    ("Nairobi is likely to see heavy rain this week.", "Nairobi", "place"),
    ("Analysts said Beijing is likely to cut rates.", "Beijing", "actor"),
    # a request, not a journey: "approached Ottawa for compensation"
    ("The company has approached Ottawa for compensation.", "Ottawa", "actor"),
    ("Rebel columns approached Kabul from the south.", "Kabul", "place"),
    # a capital for its country's economy after "of"
    ("The Paris Accord aims to cut the trade surpluses of Tokyo and Bonn.", "Tokyo", "actor"),
    ("The surplus of the Tokyo budget was small.", "Tokyo", "place"),
    # a complement clause's subject the parser made an object
    ("All contracts must contain a territorial clause stipulating West Berlin is an integral part of the EC.",
     "West Berlin", "place"),
    ("The report said the clause stipulating Bonn is bound by the treaty was dropped.", "Bonn", "actor"),
]


@pytest.mark.parametrize("text, name, expected", CASES, ids=[f"{n}-{e}-{i}" for i, (_t, n, e) in enumerate(CASES)])
def test_capitals_dev_classes(roles_of, text, name, expected):
    assert roles_of(text, name) == [expected]
