"""An unknown actor's country from the text's own word, a guess only when one country leads, and things
NER types as organisations (ships, weapons, diseases) kept out of the actors. Invented sentences."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import _infer_affiliations
from components.build.people import thing_kind


def _mentions(text: str, spans: list[tuple[str, str]]) -> pd.DataFrame:
    """One sentence's mentions: (surface, entity id) pairs, located in ``text`` in order."""
    rows, at = [], 0
    for surface, eid in spans:
        start = text.index(surface, at)
        rows.append({"article_id": "a", "sent": 0, "entity_id": eid, "start": start, "end": start + len(surface)})
        at = start + len(surface)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("text, spans, actor, iso", [
    # a possessive or a demonym with titles before the name
    ("Westland's vice trade minister, Ola Brandt, rejected the offer from Eastmark.",
     [("Westland", "country:WST"), ("Ola Brandt", "person:ola-brandt"), ("Eastmark", "country:EST")],
     "person:ola-brandt", "WST"),
    ("Eastmark accused Westland's Liberty Party of stalling the talks.",
     [("Eastmark", "country:EST"), ("Westland", "country:WST"), ("Liberty Party", "org:liberty-party")],
     "org:liberty-party", "WST"),
    ("Eastmark hosted Westlandish Foreign Minister Ola Brandt on Monday.",
     [("Eastmark", "country:EST"), ("Westlandish", "country:WST"), ("Ola Brandt", "person:ola-brandt")],
     "person:ola-brandt", "WST"),
    # an apposition or an "of" phrase after it
    ("Talks in Eastmark were led by Ola Brandt, the acting Westland envoy for trade.",
     [("Eastmark", "country:EST"), ("Ola Brandt", "person:ola-brandt"), ("Westland", "country:WST")],
     "person:ola-brandt", "WST"),
    ("Eastmark met Ola Brandt of the Westland Trade Council.",
     [("Eastmark", "country:EST"), ("Ola Brandt", "person:ola-brandt"), ("Westland", "country:WST")],
     "person:ola-brandt", "WST"),
])
def test_the_texts_own_word_sets_the_affiliation(text, spans, actor, iso):
    assert _infer_affiliations(_mentions(text, spans), {"a": text})[actor] == iso


@pytest.mark.parametrize("text, spans, actor", [
    # a clause, a preposition or a list between the country and the actor: no evidence, and a tie: no guess
    ("Westland's satellite launch, the Defence Council said, went as planned in Eastmark.",
     [("Westland", "country:WST"), ("the Defence Council", "org:defence-council"), ("Eastmark", "country:EST")],
     "org:defence-council"),
    ("Westland's support for Ola Brandt angered Eastmark.",
     [("Westland", "country:WST"), ("Ola Brandt", "person:ola-brandt"), ("Eastmark", "country:EST")],
     "person:ola-brandt"),
    ("Ola Brandt, Westland's Kai Moen and Eastmark's Ana Lund met.",
     [("Ola Brandt", "person:ola-brandt"), ("Westland", "country:WST"), ("Eastmark", "country:EST")],
     "person:ola-brandt"),
    # words that are no office between them, a country as a title's object or a topic
    ("The cuts will hurt Westland's exports, Ola Brandt told reporters in Eastmark.",
     [("Westland", "country:WST"), ("Ola Brandt", "person:ola-brandt"), ("Eastmark", "country:EST")],
     "person:ola-brandt"),
    ("In Westland Ola Brandt said talks with Eastmark would resume.",
     [("Westland", "country:WST"), ("Ola Brandt", "person:ola-brandt"), ("Eastmark", "country:EST")],
     "person:ola-brandt"),
    ("Ola Brandt, a Westland expert at a Eastmark institute, disagreed.",
     [("Ola Brandt", "person:ola-brandt"), ("Westland", "country:WST"), ("Eastmark", "country:EST")],
     "person:ola-brandt"),
    ("Westland's main rival Nordcorp gained in Eastmark.",
     [("Westland", "country:WST"), ("Nordcorp", "org:nordcorp"), ("Eastmark", "country:EST")], "org:nordcorp"),
    ("Westland's minister met Ola Brandt in Eastmark.",
     [("Westland", "country:WST"), ("Ola Brandt", "person:ola-brandt"), ("Eastmark", "country:EST")],
     "person:ola-brandt"),
])
def test_no_word_and_no_lead_leaves_it_blank(text, spans, actor):
    assert actor not in _infer_affiliations(_mentions(text, spans), {"a": text})


def test_a_guess_needs_a_lead_over_the_next_country():
    m = pd.DataFrame({"article_id": ["a", "a", "a", "b", "b", "b"], "sent": [0] * 6,
                      "entity_id": ["org:x", "country:WST", "country:EST"] * 2})
    assert "org:x" not in _infer_affiliations(m)  # as often with both
    lead = pd.concat([m, pd.DataFrame({"article_id": ["c", "c", "d", "d"], "sent": [0] * 4,
                                       "entity_id": ["org:x", "country:WST"] * 2})])
    assert _infer_affiliations(lead)["org:x"] == "WST"


@pytest.mark.parametrize("sentence, name, kind", [
    ("The navy sent the frigate Kestrel to the strait.", "Kestrel", "vessel"),
    ("Sailors from USS Kestrel went ashore.", "USS Kestrel", "vessel"),
    ("The satellite rode a Corvid 7 rocket into orbit.", "Corvid", "equipment"),
    ("Crews loaded the Borea missile under the wing.", "Borea", "equipment"),
    ("Two XF-22B jets escorted the bombers.", "XF-22B", "equipment"),
    ("Borders closed at the start of the GRX-21 pandemic.", "GRX-21", "disease"),
])
def test_things_named_like_organisations(sentence, name, kind):
    assert _kind(sentence, name) == kind


def _kind(sentence: str, name: str) -> str | None:
    """``thing_kind`` of ``name`` with the 40 characters around it, as the resolver passes them."""
    i = sentence.index(name)
    return thing_kind(name, sentence[max(0, i - 40):i], sentence[i + len(name):][:40])


@pytest.mark.parametrize("sentence, name", [
    ("The Harbour Navy warships sailed at dawn.", "Harbour Navy"),
    ("National Guard helicopters searched the valley.", "National Guard"),
    ("Brightline Inc jet engines power the fleet.", "Brightline Inc"),
    ("Corvid said its rockets were ready.", "Corvid"),
    ("Orbital Works and missile makers met in Geneva.", "Orbital Works"),
    ("The Kestrel Systems board met on Friday.", "Kestrel Systems"),
    ("Officials of the G20 met in Rome.", "G20"),
    ("The league's Class 2A finals start on Friday.", "Class"),
    # a verb before the noun, a plural (the owner's things or members), a word a body also does or is
    ("Ravenfront fired rockets at the border town.", "Ravenfront"),
    ("Nordvax shipped vaccines to the clinics.", "Nordvax"),
    ("Petrolia drills for oil off the coast.", "Petrolia"),
    ("Ravenfront fighters seized the road.", "Ravenfront"),
    ("Budget carrier Skyhop cut fares.", "Skyhop"),
    ("Harbour Guards warships sailed.", "Harbour Guards"),
    ("Two ships Seaways operates were diverted.", "Seaways"),
])
def test_bodies_of_people_stay_organisations(sentence, name):
    assert _kind(sentence, name) is None
