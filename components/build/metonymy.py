"""Metonymy: whether a capital (or a seat of government) names its government acting or a place.

Read from the dependency parse, without the lemmatizer (:func:`verb_base`): "Pyongyang
said", "talks with Washington" and "Pyongyang's missiles" are the government
(``"actor"``); "a parade in Pyongyang" and "Putin left Pyongyang" are the place
(``"place"``). Each rule is one test in :func:`metonymy_role` or :func:`seat_role`.

Examples
--------
>>> verb_base("visited")
'visit'
"""
from __future__ import annotations

from typing import Callable

__all__ = ["metonymy_role", "seat_role", "verb_base"]

# Verbs whose subject is an agent: a capital in that slot is its government acting.
_ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "dobj", "dative", "appos"}
_ACTOR_PREPS = {"with", "against", "by", "between", "toward", "towards", "on", "from", "for", "over", "alongside",
                "than", "unlike", "like"}
# Verbs of movement take a place as object: "Putin left Pyongyang", "Blinken visited Seoul".
_MOTION_VERBS = {"leave", "visit", "reach", "enter", "tour", "depart", "return", "flee", "cross", "approach",
                 "overfly", "land", "arrive", "travel", "fly", "head", "bomb", "strike", "target", "hit"}
_PLACE_PREPS = {"in", "at", "near", "into", "inside", "outside", "around", "across", "to", "through", "via",
                "throughout", "within", "off", "of"}
# "alarm in Washington", "officials in Seoul", "seen in Tokyo as": a capital's government reacting.
_REACTION_HEADS = {"alarm", "concern", "concerns", "worry", "worries", "anger", "unease", "dismay", "relief",
                   "surprise", "fury", "outrage", "suspicion", "scepticism", "skepticism", "frustration",
                   "seen", "watched", "viewed", "regarded", "read", "welcomed", "criticised", "criticized",
                   "influence", "officials", "policymakers", "leaders", "diplomats", "authorities", "hawks"}
# "closer to Moscow", "ties to Beijing", "a letter to Washington": the government is the other party.
_TO_ACTOR_HEADS = {"closer", "close", "ties", "relations", "message", "letter", "support", "threat", "warning",
                   "loyalty", "allegiance", "appeal", "offer", "proposal", "response", "reply", "pressure",
                   "overtures", "aid", "shipments", "deliveries", "exports", "sold", "supplied", "sent", "handed"}
# "flew in from Beijing", "the route from Seoul": where someone came from.
_FROM_PLACE_HEADS = {"route", "flight", "flights", "trip", "journey", "way", "miles", "km", "kilometres",
                     "kilometers", "distance"}
_GOV_NOUNS = {"government", "regime", "administration", "authorities", "officials", "leadership", "side",
              "government's", "authority", "delegation", "military", "diplomats", "envoy"}


_IRREGULAR = {"left": "leave", "flew": "fly", "flown": "fly", "fled": "flee", "struck": "strike", "hit": "hit",
              "said": "say", "told": "tell", "spoke": "speak", "spoken": "speak", "made": "make", "led": "lead"}


def verb_base(word: str) -> str:
    """Base form of a verb without the lemmatizer (which the pipeline disables for speed).

    >>> [verb_base(w) for w in ["left", "visited", "leaving", "tours", "arrives", "crossed"]]
    ['leave', 'visit', 'leave', 'tour', 'arrive', 'cross']
    """
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("ing", ""), ("ied", "y"), ("ies", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed", "es") and stem + "e" in _MOTION_VERBS | {"leave", "arrive"}:
                return stem + "e"
            if suffix == "es" and stem not in _MOTION_VERBS:
                return stem + "e" if stem + "e" in _MOTION_VERBS else w[:-1]
            return stem
    return w


def metonymy_role(span, pos: Callable | None = None) -> str:
    """``"actor"`` when a capital stands for its government, else ``"place"``.

    Reads the dependency parse: subjects, objects, possessives ("Pyongyang's
    missiles") and objects of "with/against/by" are actors ("talks with Washington");
    objects of "in/at/to/near" are places ("a parade in Pyongyang"). A capital in a
    coordination takes the role of the first conjunct ("Seoul, Tokyo and Washington
    have increased cooperation").

    ``pos(token)`` gives a token's coarse part of speech (default ``token.pos_``).
    """
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    dep = tok.dep_
    if dep == "dobj" and verb_base(tok.head.lower_) in _MOTION_VERBS:
        return "place"
    if dep in _ACTOR_DEPS:
        return "actor"
    if dep == "compound" and tok.head.lower_ in _GOV_NOUNS:
        return "actor"
    if dep == "pobj":
        prep = tok.head.lower_
        above = tok.head.head  # the word the preposition attaches to
        if prep == "from" and (verb_base(above.lower_) in _MOTION_VERBS or above.lower_ in _FROM_PLACE_HEADS
                               or above.lower_ in {"in", "back"}):
            return "place"
        if prep in _ACTOR_PREPS:
            return "actor"
        if prep == "in" and above.lower_ in _REACTION_HEADS:
            return "actor"
        if prep == "to" and (above.lower_ in _TO_ACTOR_HEADS or verb_base(above.lower_) in _TO_ACTOR_HEADS):
            return "actor"
        if prep in _PLACE_PREPS:
            return "place"
    if dep == "npadvmod" and (pos(tok.head) if pos else tok.head.pos_) == "VERB":
        return "actor"
    return "place"


_SEAT_PLACE_PREPS = {"at", "in", "inside", "outside", "into", "to", "near"}


def seat_role(span) -> str:
    """A seat of government acts ("the Kremlin said") unless it is where something happens ("met at the Kremlin")."""
    root = span.root
    return "place" if root.dep_ == "pobj" and root.head.lower_ in _SEAT_PLACE_PREPS else "actor"
