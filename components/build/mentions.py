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

from functools import partial

import pandas as pd

from components.build.metonymy import metonymy_role, seat_role

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
        if label.endswith("|name") and _inside_a_name(span, names):
            taken.append((span.start, span.end))  # a surname that is a country name, a country word inside an org name
            continue
        role = metonymy_role(span, pos, capital=label.endswith("|capital")) if label.endswith(("|capital", "|name")) \
            else \
            seat_role(span) if label.endswith("|seat") else ""
        out.append((span, "GAZ", label, role))
        taken.append((span.start, span.end))
    return out


# Names that can hold a country's name without being about the country.
_NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LAW"}


def _inside_a_name(span, names: list[tuple[int, int, str]]) -> bool:
    """A country or capital that is only a word of a longer person, organisation or product name,
    or the given name a person's name opens with ("Chad Foster").

    A name the country's word merely opens ("Japan Airlines", "Germany's Bundesbank") or
    that runs past a possessive is kept: only a country word with a name word on each
    side, or a name that ends on it after a given name ("Sam Ireland"), is dropped.
    """
    for s, e, label in names:
        if label == "PERSON" and s == span.start and e > span.end and span.doc[span.end].text[:1].isupper() \
                and span.doc[span.end].text.isalpha():
            return True  # a given name: "Chad Foster", "Jordan Brown"
        if s <= span.start and span.end <= e and (s, e) != (span.start, span.end):
            inner = span.start > s and span.end < e  # "First Chile Growth Fund"
            ends_name = span.end == e and span.start > s and span.doc[span.start - 1].text[:1].isupper() \
                and span.doc[span.start - 1].text.lower() not in {"the", "of", "and", "in"}
            if inner or ends_name:
                return True
    return False


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
        if any(s < ent.end and ent.start < e for s, e in taken):
            continue
        out.append((ent, ent.label_, "", metonymy_role(ent, pos) if ent.label_ == "GPE" else ""))
    return out


def _names_a_facility(span) -> bool:
    """A person's name that is the first part of a place's or an award's name."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text in _FACILITY_WORDS
