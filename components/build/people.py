"""People from evidence in the text: name parsing, variants, surnames and what is not a person.

A person is resolved only on evidence the text gives:

- a **full name** (two or more name words, or a one-word gazetteer name that is no common English
  word), parsed by the ``nameparser`` library into title, given, middle and family names;
- a **surname alone** ("Gupta", "Dr. Gupta") resolves to a person named in full earlier in the
  same article (:class:`ArticlePeople`), or, across the store, to the one person whose family name
  it is (:func:`link_people`); a surname that is an English word ("Young", "Brown") never resolves
  across articles;
- **name variants** join when they cannot be two people (:func:`same_person`): the same family
  name and compatible given names (an initial, a short form, a spelling within Jaro-Winkler 0.9),
  so "Ken Mori" / "Kenneth J. Mori" and "Ana Silva" / "Dr. Ana Silva" are one person
  while "Ann Hughes" is not Mark Hughes.

:func:`non_person_kind` keeps equipment, ships, aircraft, diseases and exercises out of people.
Each resolution carries the rule that made it (``RULE_*``), stored in the mentions' ``rule`` column.

Examples
--------
>>> same_person(parse_name("Ken Mori"), parse_name("Kenneth J. Mori"))
True
>>> same_person(parse_name("Ann Hughes"), parse_name("Mark Hughes"))
False
>>> non_person_kind("Su-30", "", ""), non_person_kind("Cobra Gold", "the ", " exercise")
('equipment', 'exercise')
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from components.build.gazetteer import per_gazetteer
from components.build.places import RULE_GEONAMES, division_named, feature_word_rows

__all__ = ["PersonName", "parse_name", "only_particles", "same_person", "is_common_word", "non_person_kind", "thing_kind", "named_kind", "NAVY_PREFIXES", "VESSEL_PREFIX", "feature_in_frame", "thing_in_article",
           "ArticlePeople",
           "link_people", "remap_people", "PENDING", "PENDING_PLACE", "PENDING_PLACE_SURE", "RULE_FULL", "RULE_GAZ", "RULE_TITLE", "RULE_VARIANT", "RULE_SURNAME",
           "RULE_GIVEN", "RULE_STORE_SURNAME", "RULE_STORE_VARIANT", "RULE_RECOVERED", "RULE_EDIT",
           "RULE_LISTED_SURNAME", "listed_surname"]

# Why a mention resolved to its person (stored in mentions.parquet `rule`).
RULE_GAZ = "full name (gazetteer)"
RULE_FULL = "full name"
RULE_TITLE = "title of office"
RULE_VARIANT = "name variant (article)"
RULE_SURNAME = "surname (article)"
RULE_GIVEN = "given name (article)"
RULE_STORE_SURNAME = "surname (store)"
RULE_STORE_VARIANT = "name variant (store)"
RULE_RECOVERED = "full name typed as place/org"
RULE_LISTED_SURNAME = "surname of a listed person in office"
RULE_EDIT = "analyst edit"
# A bare surname no one in its article explains: :func:`link_people` resolves or drops it.
PENDING = "person:?"
# A pending bare name that is also a town (``PENDING`` + surname + ``PENDING_PLACE`` + place id): the place it
# stands for when no one in the store bears the name, as a family name or, unless the words around it make it a
# place (``PENDING_PLACE_SURE``: "in Foo", "Foo schools"), as a given name (components.build.resolve).
PENDING_PLACE = "|or|"
PENDING_PLACE_SURE = "|in|"
RULE_TOWN = RULE_GEONAMES  # a bare name settled as the town it names is a GeoNames place like any other


@dataclass(frozen=True)
class PersonName:
    """A parsed personal name; every part lowercase ASCII without dots (``middle`` a tuple)."""
    title: str
    first: str
    middle: tuple
    last: str
    suffix: str
    display: str  # the name as written, without title

    @property
    def squashed(self) -> str:
        """All name words run together: "Ahn Chan-il" and "Ahn Chan Il" give the same string."""
        return re.sub(r"[^a-z]", "", self.first + "".join(self.middle) + self.last)

    @property
    def n_words(self) -> int:
        return sum(bool(p) for p in (self.first, self.last)) + len(self.middle)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[.\s]+", " ", s).strip()


@lru_cache(maxsize=1)
def _constants():
    from nameparser.config import Constants

    c = Constants()
    c.titles.add("comrade", "comrades", "marshal", "respected", "supreme", "leader",
                 # words of office news writes before a name like a title ("Spokesman Ann Foo", "Chairman Foo")
                 "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chairperson")
    return c


def only_particles(name: str) -> bool:
    """Whether a name is nothing but name particles (nameparser's prefixes: "Van der", "de la"): no person.

    >>> only_particles("Van der"), only_particles("Willy De Clercq")
    (True, False)
    """
    from nameparser.config import CONSTANTS

    words = name.lower().replace(".", "").split()
    return bool(words) and all(w in CONSTANTS.prefixes for w in words)


@lru_cache(maxsize=65536)
def parse_name(surface: str) -> PersonName:
    """Parse a personal name with ``nameparser`` (titles such as "Dr.", "Gen.", "Foreign Minister" removed).

    >>> n = parse_name("Dr. Ana Ruiz"); (n.title, n.first, n.last, n.display)
    ('dr', 'ana', 'ruiz', 'Ana Ruiz')
    >>> parse_name("Gupta").last
    'gupta'
    """
    from nameparser import HumanName

    surface = re.sub(r"\s+", " ", surface).strip()
    if surface[:1].islower():  # "von Garlem", "de Klerk": a family name with its particle
        return PersonName("", "", (), _fold(surface), "", surface)
    h = HumanName(surface, constants=_constants())
    first, middle, last = _fold(h.first), tuple(_fold(m) for m in h.middle.split()), _fold(h.last)
    if first and not last and not middle:
        first, last = "", first  # one word: nameparser calls it a given name; news uses it as a surname
    display = " ".join(p for p in (h.first, h.middle, h.last, h.suffix) if p).strip() or surface.strip()
    return PersonName(_fold(h.title), first, middle, last, _fold(h.suffix), display)


def _given_compatible(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True  # Fred / Frederick, Alex / Alexander
    from rapidfuzz.distance import JaroWinkler

    return len(short) >= 5 and JaroWinkler.similarity(a, b) >= 0.9  # Vladimir / Wladimir, Sergei / Sergey


def same_person(a: PersonName, b: PersonName) -> bool:
    """Whether two names can be one person: the same family name and no given or middle name in conflict.

    >>> same_person(parse_name("Ana Ruiz"), parse_name("Dr. Ruiz"))
    True
    >>> same_person(parse_name("Kim Jong Un"), parse_name("Kim Yo Jong"))
    False
    """
    if {a.suffix, b.suffix} >= {"jr", "sr"}:
        return False
    if a.squashed and a.squashed == b.squashed:
        return True
    if not a.last or a.last.replace("-", "").replace(" ", "") != b.last.replace("-", "").replace(" ", ""):
        return False
    if not _given_compatible(a.first, b.first):
        return False
    return all(_given_compatible(x, y) for x, y in zip(a.middle, b.middle))


@lru_cache(maxsize=2)
def _english_words(model: str) -> frozenset:
    """Words English uses as verbs, adjectives or adverbs: the lemma index the English spaCy model
    ships for its lemmatizer (nouns are left out: that list also holds famous people's names)."""
    from spacy.lookups import Lookups
    from spacy.strings import StringStore
    from spacy.util import get_package_path

    try:
        tables = sorted(get_package_path(model).glob("*/lemmatizer/lookups/lookups.bin"))
    except (ImportError, OSError, ModuleNotFoundError):
        return frozenset()  # no model installed: no word counts as common
    if not tables:
        return frozenset()
    index = Lookups().from_disk(tables[0].parent).get_table("lemma_index")
    strings = StringStore(["verb", "adj", "adv"])
    return frozenset(w for pos in ("verb", "adj", "adv") for w in index.get(strings[pos], []))


def is_common_word(token: str, model: str | None = None) -> bool:
    """Whether ``token`` is an everyday English word (a verb, adjective or adverb), so a bare
    "Young" or "Hope" is no evidence of a person.

    >>> is_common_word("Young"), is_common_word("Gupta")
    (True, False)
    """
    from components import settings

    return token.lower() in _english_words(model or settings.default("spacy_model"))


# Head nouns that make a name a thing: "the Abraham Lincoln carrier strike group", "Cobra Gold exercise".
_KIND_NOUNS = {
    "vessel": r"(?:aircraft\s+)?carriers?|destroyers?|submarines?|warships?|frigates?|cruisers?|vessels?|ships?"
              r"|strike\s+group|tankers?|freighters?|trawlers?|ferry|ferries|corvettes?|icebreakers?|yachts?",
    "equipment": r"class|type|missiles?|rockets?|jets?|fighters?|bombers?|aircraft|helicopters?|tanks?|drones?"
                 r"|launchers?|systems?|satellites?",
    "exercise": r"exercises?|drills?|war\s*games|manoeuvres|maneuvers|operation",
    "disease": r"virus|disease|pandemic|epidemic|outbreak|flu|fever|syndrome|vaccines?|variant|infections?",
    # the last word of an award's name, inside the name NER typed a person ("the Foo Medal") or after it ("the Foo
    # Prize"): named after a person, and no person
    "award": r"Prizes?|Awards?|Medals?|Troph(?:y|ies)|Cup|Scholarships?|Fellowships?|Lectures?",
}
# The award's words count capitalised only ("the Foo Prize"), never "Foo prize money" or "a Foo award".
_AFTER = {k: re.compile(rf"^[\s-]*(?:{v})\b", 0 if k == "award" else re.I) for k, v in _KIND_NOUNS.items()}
_BEFORE = {k: re.compile(rf"\b(?:{v})\s+(?:the\s+|called\s+|dubbed\s+|named\s+)?['\"“‘]?$", re.I)
           for k, v in _KIND_NOUNS.items() if k not in ("equipment", "award")}
# Navies' ship prefixes, then the merchant ones ("MV", "SS": also a club's or a firm's opening word, so only
# before a name NER kept apart, never as the start of an organisation's own name).
NAVY_PREFIXES = "USS|HMS|HMAS|HMCS|INS|JS|ROKS|USNS|RFS|PLANS"
VESSEL_PREFIX = re.compile(rf"\b(?:{NAVY_PREFIXES}|MV|SS)\s+$")
# A ship's name a few capitalised words after its navy's prefix ("ROKS Foo Bar Baz" when NER kept "Bar Baz"), a name
# in a list after a plural ship noun ("the destroyers Foo and Bar Baz"), and one capitalised word between a ship
# noun and the name ("the submarine Hero Foo Bar") unless that word is a title ("the destroyer Captain Ann Lee").
_VESSEL_PREFIX_NEAR = re.compile(rf"\b(?:{NAVY_PREFIXES})\s+(?:[A-Z][\w'-]*\s+){{1,2}}$")
_SHIPS_LISTED = re.compile(r"\b(?:carriers|destroyers|submarines|warships|frigates|cruisers|vessels|ships)\s+"
                           r"(?:(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s*(?:,\s*|\s+and\s+|,\s+and\s+))+$")
_SHIP_NAMED = re.compile(r"\b(?:carrier|destroyer|submarine|warship|frigate|cruiser|vessel|ship)\s+"
                         r"(?P<word>[A-Z][a-z'-]+)\s+$")
# A named storm: the meteorological services' kind words before its name ("Super Typhoon Foo", "Tropical Storm Foo").
# A bare "Storm" is left out: it is also a given name ("Storm Foo said").
_STORM_KINDS = r"(?:Super\s+)?(?:Hurricane|Typhoon|Cyclone|Tropical\s+Storm|Tropical\s+Cyclone|Tropical\s+Depression)"
_STORM_NAME = re.compile(rf"^{_STORM_KINDS}\s+[A-Z]")
_STORM_BEFORE = re.compile(rf"\b{_STORM_KINDS}\s+$", re.I)
_MODEL_NUMBER = re.compile(r"\d")  # MiG-23, F-35, COVID-19, H5N1, Su-27: no personal name has a digit
_ACRONYM = re.compile(r"^[A-Z]{2,}(?:-[A-Z]+)?$")  # COVID, SARS, THAAD: an acronym is no person


def non_person_kind(surface: str, before: str, after: str) -> str | None:
    """The kind of thing a person-like name is when the text shows it is no person, else None.

    ``before`` and ``after`` are the article text just before and after the name (a few words).
    Returns ``"equipment"``, ``"vessel"``, ``"exercise"``, ``"disease"``, ``"award"`` ("the Foo Medal") or
    ``"currency"`` (a currency's name after an amount).

    >>> non_person_kind("Abraham Lincoln", "the aircraft carrier ", " arrived")
    'vessel'
    >>> non_person_kind("Forrest Sherman", "two ", "-class destroyers")
    'equipment'
    >>> non_person_kind("Ann Hughes", "said ", " was")
    >>> non_person_kind("U.S. Dlrs", "traded at 0.6858/63 ", " and"), non_person_kind("Ann Lira", "said ", " was")
    ('currency', None)
    >>> non_person_kind("Typhoon Foo", "", " hit"), non_person_kind("Foo", "Hurricane ", " hit"), non_person_kind("Storm Foo", "", " said")
    ('storm', 'storm', None)
    """
    s = surface.strip()
    if _STORM_NAME.match(s) or _STORM_BEFORE.search(before):
        return "storm"  # "Typhoon Foo", "Hurricane Foo" where NER kept "Foo": a named storm, no person
    if VESSEL_PREFIX.search(before) or _VESSEL_NAME.match(s) or _VESSEL_PREFIX_NEAR.search(before) \
            or _SHIPS_LISTED.search(before):
        return "vessel"
    named = _SHIP_NAMED.search(before)
    if named and not parse_name(f"{named.group('word')} {s}").title:
        return "vessel"  # "the submarine Hero Foo Bar"; not "the destroyer Captain Ann Lee"
    for kind, pat in _AFTER.items():
        if pat.search(after):
            return kind
    for kind, pat in _BEFORE.items():
        if pat.search(before):
            return kind
    # No personal name has a digit, a -class ending or is an acronym; without a head noun saying
    # what it is, call it equipment (a name of a virus reads the same way and is no person either).
    if _MODEL_NUMBER.search(s) or re.search(r"-(?:class|type)$", s, re.I) or _ACRONYM.match(s):
        return "equipment"
    if _AFTER_AMOUNT.search(before) and s.split()[-1].lower().strip(".") in currency_words():
        return "currency"  # "0.6858 U.S. Dlrs", "1.5 billion Hong Kong Dollars"
    if len(s.split()) > 1 and re.fullmatch(_KIND_NOUNS["award"], s.split()[-1]):
        return "award"  # "the Foo Medal", "a Foo Bar Prize": named after a person, awarded to others
    return None


# An amount just before a name: "0.6858/63 U.S. Dlrs", "1.5 billion Hong Kong Dollars".
_AFTER_AMOUNT = re.compile(r"\d[\d.,/]*\s*(?:(?:mln|bln|billion|million|thousand|trillion)\s+)?$", re.I)


@lru_cache(maxsize=1)
def currency_words() -> frozenset:
    """Currency units, lowercased, singular and plural: the last word of every ISO 4217 currency name pycountry
    ships ("US Dollar", "Yen", "Pound Sterling"), and the wire's own abbreviations of the commonest (Reuters style:
    "dlr", "dlrs", "stg")."""
    import pycountry

    words = {c.name.split()[-1].lower() for c in pycountry.currencies}
    words |= {"mark", "franc", "lira", "lire", "guilder", "peseta", "escudo", "drachma", "schilling", "punt"}  # pre-euro (ISO 4217 historic)
    return frozenset(words | {w + "s" for w in words} | {"dlr", "dlrs", "stg"})


# What a name in a sentence about ships or exercises is: the sentence's own nouns.
_SHIP_NOUNS = re.compile(r"\b(?:(?:aircraft\s+)?carriers?|destroyers?|submarines?|warships?|frigates?|cruisers?|vessels?"
                         r"|ships?|boats?|corvettes?|icebreakers?)\b", re.I)
_EXERCISE_PLURAL = re.compile(r"\b(?:exercises|drills|war\s*games|manoeuvres|maneuvers)\b", re.I)
# "the Foo Bar" or "the Hero Foo Bar" (one capitalised word between): English writes no "the" before a person's name
_THE_BEFORE = re.compile(r"\b[Tt]he\s+(?:(?P<word>[A-Z][a-z'-]+)\s+)?$")
# a ship given its name: "the boat ... has been named Foo Bar", "was christened the Foo Bar"
_GIVEN_A_NAME = re.compile(r"\b(?:been|was|were|is|be)\s+(?:re)?(?:named|christened|dubbed)\s+(?:the\s+)?"
                           r"(?:[A-Z][a-z'-]+\s+)?$")
_CREW_NOUNS = re.compile(r"\b(?:captain|commander|skipper|crew|officer|sailor|master|owner|chief|head)s?\b", re.I)


def thing_in_article(name: str, text: str, start: int, end: int, sent_start: int | None = None) -> str | None:
    """The kind of thing (``"exercise"``, ``"vessel"``) a person-like ``name`` written at ``text[start:end]`` is
    by what the article writes elsewhere or the sentence holds, else None:

    - an exercise's name the article writes with its kind anywhere ("exercise Foo Bar", "the Foo Bar drills",
      "Operation Foo Bar", "the Foo Bar and Baz Qux exercises") is no person wherever it is written;
    - a name all of whose words are everyday English words (verbs, adjectives, adverbs), after a plural exercise
      noun in its sentence ("the main exercises, Foo Shield and Quick Arrow"): exercises' code names are such words;
      never a name that speaks ("Will Grant said");
    - a ship named after a person is a ship where "the" stands before the name (a ship's name; English puts no
      "the" before a person's) and its sentence, or the article elsewhere, says it is a ship ("the submarine Hero
      Foo Bar" ... "the Hero Foo Bar, launched in May"; "the carrier Foo Bar" ... "The Foo Bar will stay"), or
      where a ship "has been named" it; the person of that name ("Foo Bar, a war hero") stays a person.

    >>> t = "The exercise Foo Shield began. Foo Shield involves troops."
    >>> thing_in_article("Foo Shield", t, 31, 41)
    'exercise'
    >>> t = "The only submarine is the Yongung; the Hero Kim Ok, launched in May. Kim Ok, a war hero, died."
    >>> thing_in_article("Kim Ok", t, 44, 50, 0), thing_in_article("Kim Ok", t, 69, 75, 69)
    ('vessel', None)
    """
    if not text or len(name.split()) < 2:
        return None
    esc = re.escape(name)
    if re.search(rf"\bOperation\s+{esc}\b|\b(?i:exercises?|drills?|war\s*games?|manoeuvres|maneuvers|operation)\s+"
                 rf"(?:(?i:the\s+)?(?:(?i:called|dubbed|named|code-?named)\s+['\"“‘]?|['\"“‘]){esc}\b|{esc}"
                 rf"(?=\s*[,.;:)]|\s+(?:began|begins|ended|ends|started|starts|opened|opens|closed|closes|involved|"
                 rf"involves|included|includes|took|takes|will|was|is|runs|ran)\b))", text) \
            or re.search(rf"\b{esc}['\"”’]?(?:\s+(?:and|or|,)\s+(?:[A-Z][\w'-]*\s+){{1,3}})?\s*(?:exercises?|drills?"
                         rf"|war\s*games|manoeuvres|maneuvers)\b", text):
        return "exercise"
    head = text[sent_start if sent_start is not None else max(0, text.rfind(". ", 0, start) + 1):start]
    before = text[max(0, start - 40):start]
    if _PERSONAL_TITLE_BEFORE.search(before):
        return None  # "Gen. Foo Bar": a person
    if _EXERCISE_PLURAL.search(head) and all(is_common_word(w) for w in name.split()) \
            and not _SPEAKS_AFTER.match(text, end):
        return "exercise"
    the = _THE_BEFORE.search(head)
    if the and not (the.group("word") and parse_name(f"{the.group('word')} {name}").title):
        if _SHIP_NOUNS.search(head) or re.search(
                rf"(?:\b(?:{NAVY_PREFIXES})\s+|(?i:{_SHIP_NOUNS.pattern})\s+(?:[A-Z][a-z'-]+\s+)?){esc}\b", text):
            return "vessel"
    given = _GIVEN_A_NAME.search(head)
    if given:
        ship = list(_SHIP_NOUNS.finditer(head, 0, given.start()))
        if ship and not _CREW_NOUNS.search(head, ship[-1].end(), given.start()):
            return "vessel"  # "the boat, submarine No. 841, has been named Foo Bar"; not "its captain was named"
    return None


_SPEAKS_AFTER = re.compile(r"\s*,?\s*(?:said|says|told|tells|added|asked|wrote|who|whose)\b")
_PERSONAL_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Adm|Col|Lt|Capt|Sgt|Maj|Sen|Rep|Gov)\.?\s+$")


# After an organisation's name, what makes it a thing is a singular kind noun, right after it or after a model
# number ("Foo 9 rocket", "the Foo-19 pandemic"): a plural names the owner's things ("Foo warships", "Foo
# fighters" are its ships and its members), a verb may stand between ("Foo fired rockets"), and "drills",
# "exercises", "systems", "operation" and "carrier" are as often what a body does or is ("Foo drills for oil",
# "budget carrier Foo").
_ORG_KINDS = {"vessel": "destroyer|submarine|warship|frigate|cruiser|vessel|ship",
              "equipment": "missile|rocket|jet|bomber|aircraft|helicopter|tank|drone|launcher|satellite",
              "disease": "virus|disease|pandemic|epidemic|outbreak|syndrome|variant"}
_ORG_AFTER = re.compile(r"^[\s-]*(?:\d[\w-]*\s+)?(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _ORG_KINDS.items())
                        + r")\b(?!-)", re.I)
_ORG_BEFORE = re.compile(r"\b(?:destroyer|submarine|warship|frigate|cruiser)\s+$", re.I)
_CLASS_AFTER = re.compile(r"^-(?:class|type)\b", re.I)
# Last words that make a name a body of people, whatever follows it ("Navy warships", "National Guard
# helicopters", "Acme Inc jet engines" name their owner): English head nouns of organisations' names.
_BODY_WORDS = frozenset("""Inc Corp Co Ltd LLC PLC AG SA Group Party Council Ministry Agency Command Force Forces Navy
    Army Guard Corps Association Union Committee Department Bureau Office Institute University College School Bank
    Company Corporation Fleet Police Service Services Authority Commission Administration Organization Organisation
    Federation League Club Society Foundation Center Centre Court Assembly Parliament Congress Senate Government
    Cabinet Team Mission Guards Brigade Brigades Airline Airlines Airways Technologies Industries Holdings Motors
    Aerospace""".split())
# A model designation: letters, a hyphen, a number ("F-35A", "KF-16", "B-1Bs", "MiG-31", "F/A-18", "COVID-19").
_MODEL_NAME = re.compile(r"^[A-Z][A-Za-z/]{0,5}-\d+[A-Za-z]{0,2}$")
_VESSEL_NAME = re.compile(rf"^(?:{NAVY_PREFIXES})\s+[A-Z]")


def thing_kind(surface: str, before: str, after: str) -> str | None:
    """The kind of thing an organisation-like name NER found is when the text shows it is no body of
    people: a ship ("the destroyer Foo", "USS Foo"), a weapon or aircraft ("a Foo 9 rocket", "the Foo
    missile", "F-35A") or a disease ("the Foo-19 pandemic"), else None.

    >>> thing_kind("Atago", "the Aegis destroyer JS ", " and"), thing_kind("Falcon", "a SpaceX ", " 9 rocket")
    ('vessel', 'equipment')
    >>> thing_kind("KF-16", "and ", " aircraft"), thing_kind("Acme Systems", "", " said")
    ('equipment', None)
    >>> thing_kind("Northern Command", "", " said its fighters"), thing_kind("Foo Navy", "", " warships")
    (None, None)
    """
    s = surface.strip()
    if _STORM_NAME.match(s) or _STORM_BEFORE.search(before):
        return "storm"  # "Typhoon Foo", "Hurricane Foo" where NER kept "Foo": a named storm, no person
    if VESSEL_PREFIX.search(before) or _VESSEL_NAME.match(s):
        return "vessel"
    if s.split()[-1].strip(".,") in _BODY_WORDS:
        return None
    if _CLASS_AFTER.search(after):
        return "equipment"
    if _ORG_BEFORE.search(before):
        return "vessel"
    hit = _ORG_AFTER.search(after)
    if hit:
        return hit.lastgroup
    if _MODEL_NAME.match(s) and not (_MEETING_AFTER.match(after) or _MEETING_BEFORE.search(before)):
        return "equipment"
    return None


# A letters-and-number name that is a meeting or a group, not a model: "the COP-28 summit", "COP-28 climate talks",
# "at G-20", "ahead of COP-28", "the G-7 leaders".
_MEETING_AFTER = re.compile(r"^\s+(?:[a-z]+\s+)?(?:summit|summits|conference|talks|meeting|meetings|leaders|presidency|host|hosts|"
                            r"negotiations|negotiators|agreement|accord|declaration|communiqu[eé]|members?|nations|"
                            r"countries|ministers|finance\s+ministers|session|gathering|forum)\b", re.I)
_MEETING_BEFORE = re.compile(r"\b(?:at|during|ahead\s+of|since|host\s+of|hosts?|hosted|attend|attended|"
                             r"attending)\s+(?:the\s+)?$", re.I)


# Last words that make a name NER typed a person a body of people: the head nouns of organisations' names
# (:data:`_BODY_WORDS`) less those that are also English surnames (Guard, Bank, Fleet, Court, League, Center,
# Mission, Service, Union, Force, Team, Club, Office, School), with the units and firms' words a person's name never
# ends on ("Foo Labs", "the 105th Foo Bar Tank Division").
_ORG_ONLY_WORDS = (_BODY_WORDS - frozenset("""Guard Bank Fleet Court League Center Centre Mission Service Union Force
    Team Club Office School Co SA AG""".split())) | frozenset(
    "Labs Laboratory Laboratories Division Divisions Regiment Battalion Squadron Ministries".split())


@lru_cache(maxsize=1)
def _feature_table() -> tuple[frozenset, frozenset]:
    """``(words, surnames)``: the last words that make a name a natural feature ("Foo Cape", "Foo Peninsula"), the
    English generic terms of GeoNames' feature codes in ``data/places/feature_words.csv`` (each row names its code);
    ``surnames`` are those also borne as English surnames (Ridge, Hill, Lake, Bay, Valley: Tom Ridge, Ricki Lake),
    which make a place only where the words before it do (:func:`feature_in_frame`)."""
    rows = feature_word_rows()
    surnames = frozenset(r["word"] for r in rows if r.get("also_surname") == "yes")
    return frozenset(r["word"] for r in rows) - surnames, surnames


def _feature_words() -> frozenset:
    return _feature_table()[0]


# Words before a name that set it on the ground: "mines on Foo Ridge", "atop Foo Hill", "the Foo Valley".
_FEATURE_FRAME = re.compile(r"(?:\b(?:on|in|near|atop|along|across|over|onto|beneath|below|above|around|up|down|"
                            r"toward|towards|through)\s+(?:the\s+)?|\b[Tt]he\s+)$")


def feature_in_frame(name: str, before: str, after: str) -> bool:
    """Whether ``name``, ending in a feature word that is also a surname ("Foo Ridge", "Foo Hill"), is a place by the
    words around it: after a locative preposition or "the" ("mines on Foo Ridge", "the Foo Valley"), and not a
    person's possessive ("on Tom Ridge's watch").

    >>> feature_in_frame("Foo Ridge", "cleared mines on ", " in"), feature_in_frame("Tom Ridge", "Secretary ", " said")
    (True, False)
    >>> feature_in_frame("Ann Hill", "on ", "'s watch"), feature_in_frame("Pine Cape", "on ", "")
    (False, False)
    """
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words) or words[-1].strip(".,") not in _feature_table()[1]:
        return False
    return bool(_FEATURE_FRAME.search(before)) and not re.match(r"['’]s?\b", after)


# Legal forms that end a firm's name, never a person's: the commonest abbreviations of ISO 20275's Entity Legal Forms
# code list (GLEIF), with their long forms; the two-letter ones only in capitals ("Foo AG", not "Ann Sa").
_LEGAL_FORMS = frozenset("inc corp co cos ltd llc llp lp plc gmbh spa pty bhd sarl srl limited incorporated "
                         "corporation".split())
_LEGAL_FORMS_CAPS = frozenset("AG SA NV BV AB SE KK ASA OYJ Ab Oyj".split())  # Title-cased as some wires write them


def named_kind(name: str) -> str | None:
    """What a name NER typed a person is by its own last word: ``"place"`` for a natural feature or a division
    written with its kind ("Foo Cape", "Foo Prefecture"), ``"org"`` for a body ("Foo Labs", "Foo Bar Tank
    Division"), else None. A one-word name is left alone.

    >>> named_kind("Foo Cape"), named_kind("Foo Prefecture"), named_kind("Foo Labs"), named_kind("Ann Hill")
    ('place', 'place', 'org', None)
    >>> named_kind("Margaret Court"), named_kind("Tim Bank"), named_kind("Cape")
    (None, None, None)
    >>> named_kind("Nippert Co"), named_kind("Wireless Plc"), named_kind("Daimler AG"), named_kind("Ann Sa")
    ('org', 'org', 'org', None)
    """
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    last = words[-1].strip(".,")
    if last in _feature_words() or division_named(name):
        return "place"
    if last in _ORG_ONLY_WORDS or last.lower() in _LEGAL_FORMS or last in _LEGAL_FORMS_CAPS:
        return "org"
    return None


class ArticlePeople:
    """The persons one article has named so far, and what a later name or bare surname refers to.

    >>> ap = ArticlePeople()
    >>> ap.add("person:mark-hughes", "Mark Hughes"); ap.add("person:ann-hughes", "Ann Hughes")
    >>> ap.add("person:ann-hughes", "Ann Hughes")
    >>> ap.resolve("Ann Hughes"), ap.resolve("Mark"), ap.resolve("Mr. Hughes")  # Ann: named most
    (('person:ann-hughes', 'name variant (article)'), ('person:mark-hughes', 'given name (article)'), \
('person:ann-hughes', 'surname (article)'))
    >>> ap.resolve("Hughes Smith") is None
    True
    """

    def __init__(self):
        self.names: dict[str, list[PersonName]] = defaultdict(list)
        self.order: list[str] = []  # person ids, most recently named last
        self.count: Counter = Counter()  # how often each person was named so far

    def add(self, pid: str, surface: str) -> None:
        if not surface:
            return
        name = parse_name(surface)
        if name not in self.names[pid]:
            self.names[pid].append(name)
        self.count[pid] += 1
        if pid in self.order:
            self.order.remove(pid)
        self.order.append(pid)

    def tokens(self) -> set[str]:
        """Every family and given name of the persons named so far (as written, capitalised)."""
        out = set()
        for names in self.names.values():
            for n in names:
                out.update(p.title() for p in (n.first, n.last) if p)
        return out

    def resolve(self, surface: str) -> tuple[str, str] | None:
        """``(person id, rule)`` when ``surface`` names a person named before, else None."""
        name = parse_name(surface)
        if not name.last:
            return None
        # The person named most often so far, then the first named (the story's protagonist): "Kim" in
        # Kim Yo Jong's statement is still hers after a mention of her brother.
        recent = sorted(self.names, key=lambda p: -self.count[p])
        if name.n_words >= 2:
            hits = [p for p in recent if any(same_person(name, n) for n in self.names[p] if n.n_words >= 2)]
            return (hits[0], RULE_VARIANT) if len(hits) == 1 else None
        tok = name.last
        for pid in recent:  # a surname: the person named with it most often (then first)
            if any(tok in (n.last, n.last.replace("-", " ").split()[-1]) for n in self.names[pid] if n.n_words >= 2):
                return pid, RULE_SURNAME
        hits = [p for p in recent if any(tok == n.first for n in self.names[p] if n.n_words >= 2)]
        if hits:  # a given name ("Laci", and "Kim" after "Kim Jong Un", whose family name comes first)
            return hits[0], RULE_GIVEN
        return None


def _is_pending(eid) -> bool:
    return isinstance(eid, str) and eid.startswith(PENDING)


def link_people(mentions: pd.DataFrame, gazetteer_ids: set | frozenset = frozenset()) -> tuple[pd.DataFrame, dict]:
    """Join one person's names across articles and settle bare surnames against the whole store.

    ``mentions`` has ``entity_id``, ``surface`` and ``rule``; ``gazetteer_ids`` are the ids of
    listed people, which keep their id and never join another. Persons whose full names
    :func:`same_person` joins, with no other person of that family name in between, become one
    id (a gazetteer id first, else the most mentioned); a pending bare surname (``PENDING`` +
    surname) resolves to the one person in the store with that family name, unless the surname is
    an everyday word, and is dropped otherwise. Rows with rule ``RULE_EDIT`` are never moved.
    Returns the mentions and the id map applied (old id -> new id, ``None`` = dropped).

    >>> m = pd.DataFrame({"article_id": ["a", "b", "c", "d"],
    ...     "entity_id": ["person:frederick-c-brannock", "person:fred-brannock", PENDING + "brannock", PENDING + "young"],
    ...     "surface": ["Frederick C. Brannock", "Fred Brannock", "Brannock", "Young"], "rule": [RULE_FULL] * 2 + [""] * 2})
    >>> out, moved = link_people(m)
    >>> out["entity_id"].tolist(), out["rule"].tolist()[1:]
    (['person:frederick-c-brannock', 'person:frederick-c-brannock', 'person:frederick-c-brannock'], \
['name variant (store)', 'surname (store)'])
    """
    if mentions.empty:
        return mentions, {}
    eids = mentions["entity_id"].astype(str)
    fixed = set(eids[mentions["rule"] == RULE_EDIT])
    person = eids.str.startswith("person:") & ~eids.str.startswith(PENDING)
    counts = eids[person].value_counts()
    # Every full name each person is written with.
    names: dict[str, set[PersonName]] = defaultdict(set)
    surnames: dict[str, set[str]] = defaultdict(set)  # family name -> person ids
    givens: set[str] = set()  # the given names the store's people are written with ("Lawrence" of Lawrence Roe)
    for eid, surface in zip(eids[person], mentions.loc[person, "surface"]):
        n = parse_name(str(surface))
        if n.n_words >= 2:
            names[eid].add(n)
            surnames[n.last].add(eid)
            givens.add(n.first)
        elif n.last:
            surnames[n.last].add(eid)  # "Kim" said of Kim Jong Un in his article: his family name too

    def rank(eid: str):
        return (eid not in gazetteer_ids, -counts.get(eid, 0), -max((x.n_words for x in names[eid]), default=0), eid)

    moved: dict = {}
    by_last: dict[str, list[str]] = defaultdict(list)
    for eid in names:
        for last in {n.last for n in names[eid]}:
            by_last[last].append(eid)
    for group in by_last.values():
        heads: list[str] = []
        for eid in sorted(set(group), key=rank):
            if eid in moved or eid in fixed:
                continue
            fits = [h for h in heads if all(same_person(a, b) for a in names[eid] for b in names[h])]
            if eid in gazetteer_ids or not fits:
                heads.append(eid)
            elif len(fits) == 1:
                moved[eid] = fits[0]
                names[fits[0]] |= names[eid]
    for last, ids in surnames.items():
        surnames[last] = {moved.get(e, e) for e in ids}
    towns = set()
    # each pending id is PENDING + surname, then the town it may be after PENDING_PLACE(_SURE): (surname, town)
    parts: dict[str, tuple[str, str]] = {}
    for eid in set(eids[eids.str.startswith(PENDING)]):
        rest = eid[len(PENDING):]
        sure = PENDING_PLACE_SURE in rest
        tok, _or, town = rest.partition(PENDING_PLACE_SURE if sure else PENDING_PLACE)
        parts[eid] = tok, town
        owners = surnames.get(tok, set())
        moved[eid] = next(iter(owners)) if len(owners) == 1 and not is_common_word(tok) else None
        if town and (sure or not owners and tok not in givens):
            # the town it also names: where the words make it one ("Foo officials", "in Foo"), whoever in the store
            # bears the name elsewhere (no one in its own article does); else only when no one in the store does
            moved[eid] = town
            towns.add(eid)
    if not moved:
        return mentions, {}
    out = mentions.copy()
    new_ids = eids.map(lambda e: moved.get(e, e))
    # A bare name its article writes as a town where the words make it one ("Foo officials stopped") is that town
    # throughout the article, also where they do not ("Foo says no"): no one in the article bears the name.
    # So is one its article resolves as that town elsewhere, by the same word ("Foo" a GeoNames town two lines up).
    pending = eids.str.startswith(PENDING)
    spread = pd.Series(False, index=mentions.index)
    if pending.any():
        arts, surfaces = mentions["article_id"], mentions["surface"].astype(str)
        placed = eids.str.startswith("place:") & arts.isin(set(arts[pending]))
        as_place = {(a, s): e for a, s, e in zip(arts[placed], surfaces[placed], eids[placed])}
        sure_town = {(a, parts[e][0]): moved[e] for a, e in zip(arts[pending], eids[pending]) if e in towns
                     and PENDING_PLACE_SURE in e}

        def town_along(a: str, s: str, e: str):
            # (only a bare name that could be that town by the words around it: "Foo said" stays a person's)
            tok, town = parts[e]
            return sure_town.get((a, tok)) or (town if town and as_place.get((a, s)) == town else None)

        along = pd.Series([town_along(a, s, e) if p else None for a, s, e, p in zip(arts, surfaces, eids, pending)],
                          index=mentions.index)
        spread = pending & along.notna()
        new_ids = new_ids.where(~spread, along)
    joined = eids.isin([k for k, v in moved.items() if v]) & ~pending
    out["entity_id"] = new_ids
    out.loc[joined, "rule"] = RULE_STORE_VARIANT
    out.loc[pending, "rule"] = RULE_STORE_SURNAME
    out.loc[eids.isin(towns) | spread, "rule"] = RULE_TOWN
    out = out[out["entity_id"].notna()]
    return out, moved


def remap_people(statements: pd.DataFrame, moved: dict) -> pd.DataFrame:
    """Statements whose speakers and targets follow :func:`link_people`'s id map (dropped ids removed).

    >>> st = pd.DataFrame({"speaker_id": [PENDING + "x"], "speakers": [[PENDING + "x"]], "targets": [["person:a"]]})
    >>> remap_people(st, {PENDING + "x": "person:b", "person:a": None}).iloc[0].tolist()
    ['person:b', ['person:b'], []]
    >>> remap_people(st, {PENDING + "x": "place:foo"}).iloc[0].tolist()  # a bare name that became a town
    ['', [], ['person:a']]
    """
    if not moved or statements.empty:
        return statements
    out = statements.copy()
    # a bare name that became a town speaks no statement and is no target
    moved = {k: v if v is None or not v.startswith("place:") else None for k, v in moved.items()}
    out["speaker_id"] = out["speaker_id"].map(lambda e: (moved.get(e, e) or "") if e else e)
    for col in ("speakers", "targets"):
        if col in out:
            out[col] = out[col].map(lambda ids: [moved.get(e, e) for e in (ids if ids is not None else [])
                                                 if moved.get(e, e)])
    return out


_YEARS = re.compile(r"\((?:since |from )?(\d{4})(?:\s*[-–]\s*(\d{4}))?")


@per_gazetteer
def _listed_surnames(gz) -> dict:
    """Family name -> [(person id, first year, last year)] of listed people whose time in office the
    gazetteer states (titles' terms, else years in the role)."""
    terms: dict[str, list] = defaultdict(list)
    if not gz.titles.empty:
        for eid, grp in gz.titles.groupby("entity_id"):
            end = grp["valid_to"].max() if grp["valid_to"].notna().all() else pd.Timestamp("2100-01-01")
            terms[eid] = [grp["valid_from"].min().year, end.year]
    out: dict[str, list] = defaultdict(list)
    people = gz.entities[gz.entities["type"] == "person"]
    for eid, name, role in zip(people.index, people["name"], people["description"]):
        span = terms.get(eid)
        if span is None:
            years = _YEARS.search(str(role))
            if not years:
                continue
            span = [int(years.group(1)), int(years.group(2) or 2100) if years.group(2) or "since" in role
                    or "from" in role else int(years.group(1))]
        n = parse_name(name)
        if n.n_words >= 2:
            out[n.last].append((eid, span[0], span[1], True))
            # the first word too, as no family name: in "Kim Jong Un" (family name first) it is one, so a bare
            # "Kim" is nobody's for sure while such a person is in office
            out[n.first].append((eid, span[0], span[1], False))
    return out


# Words of a role that name a department, not the body or country it belongs to ("Secretary of State",
# "Chancellor of the Exchequer"): such a role is anchored by the person's own country instead.
_DEPARTMENT_WORDS = frozenset({"state", "defense", "defence", "exchequer", "treasury", "finance", "energy", "commerce",
                               "agriculture", "labor", "labour", "justice", "interior", "transportation", "health",
                               "education", "trade", "economy", "foreign affairs", "home affairs", "the army",
                               "the navy", "the air force", "staff", "affairs", "unification", "industry"})
# The body a role names: after "of"/"at"/"to", or the capitalised words that open the role before its first
# word of office or lowercase word ("U.S. Treasury Secretary", "CIA Director", "People Power Party leader").
_ROLE_OF = re.compile(r"\b(?:of|at|to)\s+(?:the\s+)?([A-Z][\w.'’&-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w.'’&-]*)*)")
_OFFICE_WORDS = frozenset("""secretary director minister president chairman chairwoman chair governor ambassador
    leader spokesman spokeswoman spokesperson representative adviser advisor envoy commissioner chief general
    administrator speaker senator prime supreme vice deputy first acting press majority minority head founder
    king queen emperor crown prince premier chancellor mayor commander marshal admiral pope""".split())


def _role_anchors(role: str) -> list[str]:
    """The bodies or countries a listed person's role names, in its first clause, years dropped.

    >>> _role_anchors("Chairman of General Motors (1981-1990)"), _role_anchors("U.S. Treasury Secretary (2021-2025)")
    (['General Motors'], ['U.S. Treasury'])
    >>> _role_anchors("Secretary of State (1982-1989)"), _role_anchors("People Power Party leader (2023-2024)")
    (['State'], ['People Power Party'])
    >>> _role_anchors("Supreme Leader of North Korea; General Secretary of the WPK")
    ['North Korea']
    """
    first = re.split(r"\s*[;(]", str(role or ""), maxsplit=1)[0].strip()
    found = [m.group(1).strip() for m in _ROLE_OF.finditer(first)]
    lead = []
    for word in first.split():
        if not word[:1].isupper() or word.lower().strip(",") in _OFFICE_WORDS:
            break
        lead.append(word)
    if lead:
        found.insert(0, " ".join(lead))
    return list(dict.fromkeys(f for f in found if f))


def _known_prefix(phrase: str, aliases: dict):
    """The gazetteer entry of ``phrase``'s longest opening words that are a name ("U.S." of "U.S. Treasury")."""
    words = phrase.split()
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n])
        known = aliases.get(head) or aliases.get("the " + head)
        if known:
            return known
    return None


@per_gazetteer
def _anchor_patterns(gz) -> dict:
    """Person id -> one regex of the names that anchor a bare surname to that listed person in an article:
    the body or country the role names, by any of its gazetteer names (a country's names and demonyms, an
    organisation's aliases), or the person's own country where the role names only a department."""
    by_id: dict[str, list[str]] = defaultdict(list)
    for alias, (eid, _kind) in gz.aliases.items():
        by_id[eid].append(alias)
    out = {}
    people = gz.entities[gz.entities["type"] == "person"]
    for eid, role, country in zip(people.index, people["description"], people["country"]):
        words: list[str] = []
        isos: set[str] = set()
        for anchor in _role_anchors(role):
            if anchor.lower() in _DEPARTMENT_WORDS:
                anchor_id = f"country:{country}" if country else None
            else:
                known = _known_prefix(anchor, gz.aliases)
                anchor_id = known[0] if known else None
                words.append(anchor)
            if anchor_id:
                words += by_id.get(anchor_id, [])
                if anchor_id.startswith("country:"):
                    isos.add(anchor_id[8:])
        words = sorted({w for w in words if len(w) > 1}, key=len, reverse=True)
        if words:
            out[eid] = (re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"),
                        frozenset(isos))
    return out


def listed_surname(token: str, gz, published, text: str | None = None, countries: frozenset = frozenset(),
                   title: str = "") -> str | None:
    """The one listed person whose family name ``token`` is and who was in office within two years of
    ``published`` ("Reagan" in 1987 news; never "Smith" for a 1980s chairman in 2018 news, never an
    everyday word, never a given name such as "Dale" or "Wade"). With the article's ``text``, the article must
    also name the body or country of that person's role ("General Motors" or "GM" for its chairman, the United
    States for its president), or have that country among its ``countries`` (the ones it names, its dateline's), or
    write a ``title`` of that person's role before the name: a bare surname in a firm's name in a bank's story is
    nobody's.

    >>> from components.build.gazetteer import load_gazetteer
    >>> gz = load_gazetteer()
    >>> listed_surname("Reagan", gz, "1987-03-01"), listed_surname("Smith", gz, "2018-05-01")
    ('person:ronald-reagan', None)
    >>> listed_surname("Kim", gz, "2023-09-13")  # Sung Kim's family name, Kim Jong Un's too
    >>> listed_surname("Reagan", gz, "1987-03-01", "Shares of Foo, Bar and Reagan rose, dealers said.")
    >>> listed_surname("Reagan", gz, "1987-03-01", "The White House said Reagan would veto the bill.")
    'person:ronald-reagan'
    >>> bare = "Reagan vetoed the bill."  # no word of the United States: anchored by the story's countries only
    >>> listed_surname("Reagan", gz, "1987-03-01", bare), listed_surname("Reagan", gz, "1987-03-01", bare, {"USA"})
    (None, 'person:ronald-reagan')
    >>> listed_surname("Reagan", gz, "1987-03-01", bare, title="President")
    'person:ronald-reagan'
    """
    if published is None or pd.isna(published) or is_common_word(token):
        return None
    year = pd.Timestamp(published).year
    in_office = [(eid, last) for eid, a, b, last in _listed_surnames(gz).get(_fold(token), []) if a - 2 <= year <= b + 2]
    owners = {eid for eid, last in in_office if last}
    # one family name's bearer, and nobody else in office whose name opens with it ("Kim" in 2023 news is not
    # Sung Kim for sure while Kim Jong Un, written family name first, is in office)
    if len(owners) == 1 and all(eid in owners for eid, _last in in_office):
        owner = next(iter(owners))
        anchor = _anchor_patterns(gz).get(owner) if text is not None else None
        titled = bool(title) and title.lower() in str(gz.entities.loc[owner, "description"]).lower().split()
        if anchor is not None and not titled and not (anchor[1] & countries) and not anchor[0].search(text):
            return None
        return owner
    return None
