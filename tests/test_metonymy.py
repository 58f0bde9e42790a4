"""Metonymy classes: a capital or country name is an actor only on evidence (issue 17, item 2).

Each case is one class of evidence (or of its absence), on an invented sentence; the role is read
straight from :func:`components.build.metonymy.metonymy_role` on the parse.
"""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def tiny_nlp(tiny_gz):
    from components.build.parse import build_nlp

    return build_nlp(gazetteer=tiny_gz)


def role(nlp, text: str, name: str, capital: bool = False, nth: int = 0) -> str:
    from components.build.metonymy import metonymy_role

    doc = nlp(text)
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return metonymy_role(doc.char_span(start, start + len(name)), capital=capital)


# Invented sentences, one group per class of evidence: (text, name, is a capital, expected role).
CASES: dict[str, list] = {}

CASES["lists_and_appositions"] = [
    # a list the parser reads as appositions takes its first name's role
    ("The plan was opposed by Brazil, Chile, Peru.", "Peru", False, "actor"),
    ("The rivers run through Brazil, Chile, Peru.", "Peru", False, "place"),
    # apposition to a party: rivals, neighbours, champions
    ("They beat their old rivals, Lisbon, in the final.", "Lisbon", True, "actor"),
    ("The storm moved toward its neighbour, Chile, overnight.", "Chile", False, "actor"),
    ("They flew to its largest city, Lisbon, overnight.", "Lisbon", True, "place"),
]


CASES["a_plural_verb_makes_a_team"] = [
    # a singular name with a plural verb is a team
    ("Norway were all out for 120 runs.", "Norway", False, "actor"),
    ("Dublin were the better side in the second half.", "Dublin", True, "actor"),
    ("Dublin was the capital of the region.", "Dublin", True, "place"),
    ("Norway was covered in snow.", "Norway", False, "place"),
]


CASES["in_a_capital"] = [
    # a fronted "In X, ..." sets the scene; a reaction after its noun or verb is the government's
    ("In Lisbon, many people have seen the film.", "Lisbon", True, "place"),
    ("The launch drew notice in Lisbon and Madrid.", "Lisbon", True, "actor"),
    ("The tests caused alarm in Lisbon.", "Lisbon", True, "actor"),
]


CASES["pairs_of_parties"] = [
    # two names joined by a dash or "v" before a noun of relation are two parties
    ("The Lisbon-Madrid talks resumed on Monday.", "Lisbon", True, "actor"),
    ("The Lisbon-Madrid talks resumed on Monday.", "Madrid", True, "actor"),
    ("The Lisbon-Madrid train was late on Monday.", "Lisbon", True, "place"),
    ("The Lisbon talks resumed on Monday.", "Lisbon", True, "place"),
    ("The Norway v Sweden match was drawn.", "Norway", False, "actor"),
    # "between" after a relation noun; a border is a line on the map
    ("The clashes between Norway and Sweden ended.", "Norway", False, "actor"),
    ("The border between Norway and Sweden is long.", "Norway", False, "place"),
]


CASES["giving_and_sources"] = [
    # what a state receives
    ("The firm provided the radar to Norway in 1990.", "Norway", False, "actor"),
    ("The ministry banned arms shipments to Lisbon last year.", "Lisbon", True, "actor"),
    ("He moved to Norway in 1990.", "Norway", False, "place"),
    ("He was ambassador to Norway for a year.", "Norway", False, "place"),
    # a source speaks
    ("According to Norway, the figures were wrong.", "Norway", False, "actor"),
    ("For Norway, the deal was a relief.", "Norway", False, "actor"),
    ("He sought help from Norway to end the siege.", "Norway", False, "actor"),
    ("She is a nurse from Norway.", "Norway", False, "place"),
]


CASES["teams_and_states"] = [
    # "for X" through the event to the sport
    ("She competed in the 2002 Winter Olympics for Norway.", "Norway", False, "actor"),
    ("She decided to fence for Norway from 2003.", "Norway", False, "actor"),
    ("He left the port, sailing for Norway in May.", "Norway", False, "place"),
    # the state coming to be, and what it does
    ("After the creation of Norway in 1905, he left.", "Norway", False, "actor"),
    ("The text condemned the reckless moves of Lisbon last week.", "Lisbon", True, "actor"),
    ("He walked along the coast of Norway.", "Norway", False, "place"),
]


CASES["clauses_and_modifiers"] = [
    # a copula with a party noun; a station a city names
    ("Lisbon and Madrid are close partners in this.", "Lisbon", True, "actor"),
    ("Lisbon is a city of hills.", "Lisbon", True, "place"),
    ("The minister told Lisbon radio that the talks went well.", "Lisbon", True, "place"),
    # a relative clause without "that" whose subject the parser missed
    ("It noted the progress Lisbon and Madrid have made on the deal.", "Madrid", True, "actor"),
    # "The" hanging outside the name does not hide the name's role
    ("The US-Canada trade war deepened.", "US", False, "actor"),
]


CASES["backers_and_clauses"] = [
    # "X-backed", "X-led": a government behind something; "X-based" is where
    ("Lisbon-backed militias held the town.", "Lisbon", True, "actor"),
    ("A Lisbon-led coalition struck back.", "Lisbon", True, "actor"),
    ("The Lisbon-based firm grew fast.", "Lisbon", True, "place"),
    # a relative clause's subject: what the clause does decides
    ("The talks in Lisbon, which opposed the plan, ended early.", "Lisbon", True, "actor"),
    ("They met in Lisbon, which lies on a river.", "Lisbon", True, "place"),
    # a fronted "For X," is the party's view; a fronted list is a topic
    ("For Norway, the deal was a relief.", "Norway", False, "actor"),
    ("For Norway, Sweden and Finland the report gives totals.", "Norway", False, "place"),
]


CASES["modifiers_and_objects"] = [
    # a player's position or a spokesman before the name: the team, the government
    ("The Dublin fullback scored twice.", "Dublin", True, "actor"),
    ("A Lisbon spokesman denied the report.", "Lisbon", True, "actor"),
    ("The Lisbon police closed the road.", "Lisbon", True, "place"),
    # what a city has, what a line joins
    ("Lisbon has many parks and museums.", "Lisbon", True, "place"),
    ("The new line connects Lisbon with the coast.", "Lisbon", True, "place"),
    # pressure on a government
    ("The vote added pressure on Lisbon to act.", "Lisbon", True, "actor"),
]


CASES["with_and_what_a_city_has"] = [
    # "with X" after a shared line or a likeness is the place; after talks it is a party
    ("The southern border is shared with Norway.", "Norway", False, "place"),
    ("Prices are high compared with Lisbon.", "Lisbon", True, "place"),
    ("The minister held talks with Lisbon on Monday.", "Lisbon", True, "actor"),
    # a relative clause that says what a city has is no act
    ("They met in Lisbon, which has a large port.", "Lisbon", True, "place"),
]


CASES["a_stance_or_a_bidding_toward_a_state"] = [
    # a stance toward a state or a service to it, with "to"
    ("The region remained loyal to Lisbon until 1991.", "Lisbon", True, "actor"),
    ("The party was hostile to Lisbon throughout the decade.", "Lisbon", True, "actor"),
    ("He served as an adviser to Lisbon on arms control.", "Lisbon", True, "actor"),
    # a state's bidding and its dependants, with "of"; control only after "under"
    ("The mission was sent at the invitation of Lisbon.", "Lisbon", True, "actor"),
    ("The group is seen as a proxy of Lisbon.", "Lisbon", True, "actor"),
    ("The council came under the control of Lisbon in 1950.", "Lisbon", True, "actor"),
    ("The rebels took control of Lisbon in 1950.", "Lisbon", True, "place"),
    # a rebuke or an order sent by a government, with "from"
    ("The move drew a sharp rebuke from Lisbon.", "Lisbon", True, "actor"),
    ("The ship was seized on orders from Lisbon.", "Lisbon", True, "actor"),
    # a letter, a purchase or an envoy's way home, with "from", are the place
    ("The envoy was recalled from Lisbon last week.", "Lisbon", True, "place"),
    ("She found a note from Lisbon in the archive.", "Lisbon", True, "place"),
    ("The shipyard won an order from Lisbon for two ferries.", "Lisbon", True, "place"),
    # an act aimed at a state: "declared war on X", "dependence on X"; an act "on" a city is a lockdown's
    ("Spain declared war on Portugal.", "Portugal", False, "actor"),
    ("The council imposed sanctions on Portugal.", "Portugal", False, "actor"),
    ("The authorities imposed restrictions on Lisbon after the outbreak.", "Lisbon", True, "place"),
    ("Their dependence on Lisbon grew.", "Lisbon", True, "actor"),
    ("He was an inter-county hurler for Dublin.", "Dublin", True, "actor"),
]


CASES["what_is_done_to_a_city_and_what_it_is"] = [
    # taking, wrecking or rebuilding a city: its object or its passive subject is the place
    ("The troops captured Lisbon in April.", "Lisbon", True, "place"),
    ("The army besieged Lisbon for two years.", "Lisbon", True, "place"),
    # taking with a particle or a complement is an idiom about the government
    ("The minister took Lisbon to task over the deal.", "Lisbon", True, "actor"),
    ("The vote took Lisbon by surprise.", "Lisbon", True, "actor"),
    ("Lisbon was taken by surprise by the vote.", "Lisbon", True, "actor"),
    ("Lisbon was heavily bombed during the war.", "Lisbon", True, "place"),
    ("Lisbon was made the capital in 1911.", "Lisbon", True, "place"),
    ("The minister urged Lisbon to act.", "Lisbon", True, "actor"),
    # a linking verb with a noun says what the city is; a copula's adjective describes it unless it is a stance
    ("Lisbon became the capital in 1918.", "Lisbon", True, "place"),
    ("Lisbon became the largest creditor of the region.", "Lisbon", True, "actor"),
    ("Lisbon is famous for its fountains.", "Lisbon", True, "place"),
    ("Lisbon is ready to talk.", "Lisbon", True, "actor"),
    # what happens to a city without an object; what it has that is no stance
    ("Lisbon burned in 1755.", "Lisbon", True, "place"),
    ("Lisbon has a mild climate.", "Lisbon", True, "place"),
    ("Officials said Lisbon had no information on the deal.", "Lisbon", True, "actor"),
    ("Officials said Lisbon would not stand idly by.", "Lisbon", True, "actor"),
    ("If Lisbon becomes a party to the breach, the pact fails.", "Lisbon", True, "actor"),
    # what a city is like, after its possessive
    ("Lisbon's air quality worsened.", "Lisbon", True, "place"),
    ("Lisbon's decision angered Madrid.", "Lisbon", True, "actor"),
    # its history or culture of doing something is its government's
    ("Lisbon's history of meddling worried its neighbours.", "Lisbon", True, "actor"),
    ("Lisbon's culture of secrecy frustrated the inquiry.", "Lisbon", True, "actor"),
]


CASES["a_states_economy"] = [
    # a state's economy and finances after its possessive stay literal (SemEval-2007's guideline): no evidence it acts
    ("Norway's exports rose sharply last year.", "Norway", False, "place"),
    ("Norway's coastline is long.", "Norway", False, "place"),
    ("Norway's decision surprised its partners.", "Norway", False, "actor"),
]


@pytest.mark.parametrize("text, name, capital, expected",
                         [case for cases in CASES.values() for case in cases],
                         ids=[f"{group}-{i}" for group, cases in CASES.items() for i in range(len(cases))])
def test_the_role_a_name_plays(tiny_nlp, text, name, capital, expected):
    assert role(tiny_nlp, text, name, capital) == expected


@pytest.mark.parametrize("text, surface, expected", [
    # a seat of government that is a whole city reads as a capital: literal unless the words say it acts
    ("He was born in Colombo in 1950.", "Colombo", "place"),
    ("A Colombo-based firm won the contract.", "Colombo", "place"),
    ("Colombo rejected the report.", "Colombo", "actor"),
    ("The Hague said it would appeal.", "The Hague", "actor"),
    # a building or a street that seats a government still speaks for it, and is the place after "at"
    ("The Kremlin said the talks went well.", "The Kremlin", "actor"),
    ("He met the president at the Kremlin.", "the Kremlin", "place"),
    # a seat that is a building or a district, or that shares its name with a small town elsewhere in its country
    # ("White House", Tennessee), keeps the seat's reading: its aides and insiders are the government's
    ("White House aides resisted the reform.", "White House", "actor"),
    ("Whitehall bureaucrats resisted the reform.", "Whitehall", "actor"),
    ("Westminster insiders resisted the reform.", "Westminster", "actor"),
])
def test_a_city_seat_of_government_reads_as_a_capital(nlp, text, surface, expected):
    from components.build.mentions import doc_rows

    rows = [r for r in doc_rows(nlp(text), "a0", 0) if r["surface"] == surface]
    assert rows and rows[0]["gaz"].endswith("|seat") and rows[0]["role"] == expected


def test_a_seat_is_a_city_from_the_place_index():
    """A seat is a city when the place index lists a city of that name in its own country as big as its capital."""
    from components.build.mentions import _is_city

    assert _is_city("Colombo", "LKA") and _is_city("Abidjan", "CIV")
    assert not _is_city("White House", "USA")  # a town of that name in Tennessee is no rival to Washington
    assert not _is_city("Westminster", "GBR") and not _is_city("the Kremlin", "RUS")
    assert not _is_city("Colombo", "IND")  # another country's city
