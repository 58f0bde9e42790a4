"""Statements attributed to actors: direct quotes and reported speech, one row each.

:func:`statements_in_doc` reads one parsed article: every speech or stance verb
("said", "warned", "called on ... to", "criticised ... as"; :mod:`components.build.speech`)
with its content (the ``ccomp``/``xcomp`` clause, the object and its complement, or the
words in quotation marks), attributed to its speaker (:mod:`components.build.speakers`):
the verb's subject, resolved to a canonical actor through the article's mentions.
Pronouns ("he", "it", "they") and titles ("the president", "the ministry") resolve to
the most recent compatible actor before them; "according to X" attributes the clause to
X. When the speaker cannot be resolved with confidence, ``speaker_id`` is left empty.
The parse itself is :mod:`components.build.parse`.

Examples
--------
>>> from components.build.parse import extract_statements
>>> text = 'Kim Jong Un said the drills were "a rehearsal for invasion". He urged the army to be ready.'
>>> arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
>>> ments = pd.DataFrame({"article_id": ["a"], "entity_id": ["person:kim-jong-un"], "start": [0], "end": [11]})
>>> st = extract_statements(arts, ments)
>>> st[["speaker_id", "verb", "kind", "text"]].values.tolist()
[['person:kim-jong-un', 'say', 'reported', 'the drills were "a rehearsal for invasion"'], \
['person:kim-jong-un', 'urge', 'reported', 'the army to be ready']]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from components.build.speakers import (RELATIVE, SUBJECT_DEPS, ParsedArticle, carried_author, perfect_host,
                                       resolve_speaker, subject_of, voice_of)
from components.build.stance import negated_words, stance_of
from components.build.speech import (IRREALIS_FORMS, SPEECH_VERBS, adjacent_quote, content_of, quote_cover,
                                     span_of, trim_quote, verb_lemma, verb_name)

__all__ = ["statements_in_doc", "state_agencies", "capital_countries", "dateline_country", "media_ids", "STATEMENT_COLUMNS", "typed_statements"]

STATEMENT_COLUMNS = ["article_id", "speaker_id", "speaker_surface", "verb", "kind", "text", "targets",
                     "sentence", "start", "end", "sent_start", "sent_end", "speakers", "stance", "stance_confidence",
                     "cue"]
# "an official, who asked not to be identified, said": no statement in the request itself.
# Documents that "call for" or "state" what they require, not what anyone says.
_INSTRUMENTS = {"plan", "plans", "program", "programme", "law", "bill", "agreement", "treaty", "budget", "deal",
                "proposal", "rule", "rules", "contract", "scheme", "package", "resolution", "constitution"}
# Belief verbs inside someone else's statement report that speaker's view of a belief
# ("He says GM apparently believes ..."), not a statement of their own.
_COGNITION = {"believe", "think", "hope"}
# The closing mark, then a dash (horizontal bar, em, en, or a double hyphen) and the signature.
_SIGNATURE = re.compile(r"[\"”’]?[ \t]*(?:―|—|–|--?)[ \t]*")
_BOILERPLATE = re.compile(r"^\W*(not to be (identified|named)|anonymity|to remain anonymous)\W*$", re.I)


@dataclass
class _Found:
    """One article's statements so far, and what they have claimed of the text."""

    art: ParsedArticle
    article_id: str
    body_start: int
    rows: list[dict] = field(default_factory=list)
    used: set[tuple[int, int]] = field(default_factory=set)  # quotes already some statement's words
    spans: set[tuple[int, int]] = field(default_factory=set)


def statements_in_doc(doc, article_id: str, mentions: list[tuple[int, int, str]], *, text: str | None = None,
                      body_start: int = 0, media: set[str] = frozenset(),
                      capitals: dict[str, str] | None = None) -> list[dict]:
    """Statement rows (``STATEMENT_COLUMNS``) of one parsed article.

    For a caller that already has the spaCy ``Doc`` (tagger and parser are enough), e.g.
    the entity pass of the pipeline. ``mentions`` are ``(start, end, entity_id)`` tuples
    sorted by ``start``; ``text`` defaults to ``doc.text``. ``capitals`` (from
    :func:`capital_countries`) give the dateline's country, which an unqualified "the
    government" with no country before it is.
    """
    text = text or doc.text
    home = dateline_country(text, body_start, capitals) if capitals else ""
    agencies = {c: m for c, m in state_agencies().items() if m in media}
    return _article_statements(ParsedArticle(doc, text, mentions, set(media), home, agencies), article_id,
                               body_start)


# The news agencies that are their state's voice, what "state media" names when no outlet is ("North
# Korean state media said": KCNA). Not every national agency is state media (Yonhap, Kyodo are not).
_STATE_AGENCIES = {"country:PRK": "org:kcna", "country:CHN": "org:xinhua", "country:RUS": "org:tass",
                   "country:IRN": "org:irna", "country:IRQ": "org:ina", "country:SYR": "org:sana",
                   "country:VNM": "org:vna", "country:CUB": "org:prensa-latina"}


def state_agencies() -> dict[str, str]:
    """Country id -> its state news agency: what "state media" is in an article that names no outlet
    (only agencies among the media ids the caller gives count).

    >>> state_agencies()["country:IRN"]
    'org:irna'
    """
    return dict(_STATE_AGENCIES)


def capital_countries(gazetteer=None) -> dict[str, str]:
    """Capital (lower case) -> its country's id, from the gazetteer: "tokyo" -> "country:JPN"."""
    from components.build.gazetteer import load_gazetteer

    gz = gazetteer or load_gazetteer()
    return {surface.lower(): label.split("|")[0] for surface, label in gz.phrase_patterns()
            if label.startswith("country:") and label.endswith("|capital")}


def dateline_country(text: str, body_start: int, capitals: dict[str, str]) -> str:
    """The country whose capital opens the dateline ("TOKYO, March 27 -", "Seoul, Oct. 13 --"), or "".

    >>> dateline_country("TOKYO, March 27 - The government said.", 17, {"tokyo": "country:JPN"})
    'country:JPN'
    """
    if body_start <= 0:
        return ""
    place = re.split(r",|\s[-–—(]|\(|:", text[:body_start], maxsplit=1)[0].strip().lower()
    return capitals.get(place, "")


def typed_statements(rows: list[dict]) -> pd.DataFrame:
    """Statement rows as a ``STATEMENT_COLUMNS`` frame with integer offsets."""
    out = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return out.astype({"start": "int64", "end": "int64", "sent_start": "int64", "sent_end": "int64",
                       "stance_confidence": "float64"})


def media_ids(gazetteer=None) -> set[str]:
    """Entity ids that "state media" can refer to: the gazetteer's media organisations."""
    from components.build.gazetteer import load_gazetteer

    ents = (gazetteer or load_gazetteer()).entities
    return set(ents.index[ents["description"] == "media"])


def _article_statements(art: ParsedArticle, article_id: str, body_start: int) -> list[dict]:
    found = _Found(art, article_id, body_start)
    voice = voice_of(art)
    pending = []  # speech verbs without content of their own: a quote or a paragraph may be theirs
    for verb in art.doc:
        if verb.idx < body_start or not verb.tag_.startswith("VB") or verb.dep_ in ("amod", "compound"):
            continue
        lemma = verb_lemma(verb.text)
        if not lemma:
            if verb.lower_ == "according":
                _according(found, verb)
            continue
        if _not_said(art, verb, lemma):
            continue
        subj, ids = _speaker(art, verb, voice)
        if subj is None and _unspoken(verb):
            continue
        if not _content_statement(found, verb, lemma, subj, ids):
            pending.append((verb, lemma, subj, ids))
    for verb, lemma, subj, ids in pending:
        _pending_statement(found, verb, lemma, subj, ids)
    if voice:
        _voice_statements(found, voice)
    _signed_quotes(found)
    _continued_quotes(found)
    # A verb inside someone else's statement with no speaker of its own is part of that
    # statement ("the emphasis suggested ..."), not a statement.
    rows = [r for r in found.rows if (r["speaker_id"] and r["verb"] not in _COGNITION) or not any(
        s <= r["_at"] < e and (s, e) != (r["start"], r["end"]) for s, e in found.spans)]
    for r in rows:
        r.pop("_at", None)
        span = art.doc.char_span(r["start"], r["end"], alignment_mode="expand")
        r["stance"], r["stance_confidence"], r["cue"] = stance_of(
            r["verb"], r["text"], negated_words(span) if span is not None else None)
    return sorted(rows, key=lambda r: r["start"])


def _not_said(art: ParsedArticle, verb, lemma: str) -> bool:
    """A speech verb that states nothing: inside a quote, hypothetical, or negated."""
    if art.in_quote(verb.idx):
        return True  # the speaker's own words, already one statement
    if verb.dep_ == "xcomp" and verb.head.lower_ in IRREALIS_FORMS:
        return True
    if verb.dep_ == "pcomp" and verb.head.lower_ == "for":
        return True  # "thanked him for having extended sympathy", "a ceremony for declaring a strike": a reason
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in _INSTRUMENTS and lemma in ("call", "demand", "propose", "state"):
        return True  # "the plan calls for a repurchase": what a document requires, nobody's words
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and perfect_host(verb) is None \
            and not any(c.dep_ in ("agent", "nsubj") for c in verb.children):
        return True  # "a fact related to children", "a group called X": a participle naming a thing, nobody speaks
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if verb.tag_ == "VBG" and nxt is not None and nxt.tag_ in ("NN", "NNS") and nxt.dep_ == "nsubj" \
            and nxt.head.head.i == verb.i and not any(c.dep_ == "det" for c in nxt.children):
        return True  # "warning shots fired": a noun compound the parser read as "warning [shots fired]"
    return any(c.dep_ == "neg" for c in verb.children) and lemma not in ("deny",)


def _unspoken(verb) -> bool:
    """A speech verb with nobody speaking by its very form: passive with no agent ("scientists
    were ordered to", "are accused of", "is best described as") or non-finite with no subject
    to climb to ("a rally welcoming the President", "those denying history", "has little
    incentive to criticise Moscow", "requires suppliers to report deliveries"). What it
    names is a topic or a possibility, not someone's words."""
    kids = list(verb.children)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids) and not any(c.dep_ == "agent" for c in kids):
        return True
    if verb.dep_ == "conj" and verb.tag_ in ("VB", "VBG") and verb.head.tag_ == verb.tag_ and verb.head.i < verb.i \
            and not any(c.dep_ in ("nsubj", "aux") for c in kids):
        return _unspoken(verb.head)  # "a document to complain of X and ask for help": as its first verb
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl", "xcomp", "oprd", "amod"):
        return True
    return verb.tag_ in ("VBG", "VB") and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids) \
        and verb.dep_ not in ("ROOT", "conj", "parataxis")


def _speaker(art: ParsedArticle, verb, voice) -> tuple:
    """The subject token of ``verb`` (or None) and the actor ids it resolves to; remembered for anaphora."""
    subj = subject_of(verb)
    if subj is None:
        # A name the tagger misread ("Yoon/RB, for his part, reaffirmed ..."), opening the clause.
        lefts = [c for c in verb.lefts if c.dep_ in ("advmod", "npadvmod", "dep", "nmod")]
        if lefts and lefts[0].i == verb.left_edge.i and lefts[0].is_title and art.named(lefts[0]):
            subj = lefts[0]
        subj = subj or _stray_subject(art, verb)
    author = carried_author(art, verb, subj)
    if author:
        return author  # "state media carried a statement from X, warning ...": X warns
    ids = resolve_speaker(art, subj) if subj is not None else []
    if subj is not None and not ids and voice and subj.lower_ in ("we", "i") and subj.idx > voice[0] \
            and not art.in_quote(subj.idx):
        ids = voice[3]  # "We officially warn ..." inside a statement issued in the first person
    if subj is not None and subj.lower_ not in RELATIVE:
        art.remember(subj, ids)
    return subj, ids


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"}


def _stray_subject(art: ParsedArticle, verb):
    """The subject the parser hung elsewhere, for a finite speech verb with none of its own:
    the noun phrase right before the verb, set off by a comma after an opening phrase ("In a
    statement carried by X, the Defence Ministry said", "At the summit, A, B and C agreed": an
    apposition inside the phrase), or a name before a day ("The Gazette Tuesday says": the day
    taken as the head or as the name's neighbour). None when there is no such phrase."""
    if verb.tag_ == "VBG" or verb.i == 0:
        return None  # ", saying ...": a participle's subject is its clause's
    prev = verb.doc[verb.i - 1]
    for c in verb.lefts:
        if c.dep_ == "npadvmod" and c.lower_ in _WEEKDAYS:
            names = [k for k in c.children if k.dep_ == "compound" and k.i < c.i] or [
                k for k in verb.lefts if k.i == c.i - 1 and k.tag_ in ("NNP", "NNPS")]
            if names and art.named(names[-1]):
                return names[-1]
        if c.dep_ != "prep" or c.right_edge.i != prev.i:
            continue
        for t in c.subtree:
            if t.dep_ == "appos" and t.right_edge.i == prev.i and t.left_edge.i > c.i \
                    and t.doc[t.left_edge.i - 1].text == ",":
                return t
    return None


def _content_statement(found: _Found, verb, lemma: str, subj, ids: list[str]) -> bool:
    """The statement the verb's own content makes (quoted or reported); False when it has none."""
    art = found.art
    kids = content_of(verb, lemma)
    if not kids:
        return False
    start, end = span_of(kids, art.text, verb)
    cover = quote_cover(art, start, end)
    if cover:
        start, end = cover
    elif verb.idx < start and (SPEECH_VERBS[lemma] == "act" or not any(
            t.tag_.startswith(("VB", "MD")) for k in kids for t in k.subtree)):
        # "extended [heartfelt congratulations]", "criticised [Trump]": no clause an analyst can
        # paste without its verb.
        start = verb.idx
    found.used.update((q[0], q[1]) for q in art.quotes if q[0] < end and start < q[1])
    _emit(found, verb, lemma, subj, ids, start, end, "direct" if cover else "reported")
    return True


def _pending_statement(found: _Found, verb, lemma: str, subj, ids: list[str]) -> None:
    """A content-less speech verb's statement: a quote next to it, its host clause, or the paragraph after "said:"."""
    art, text = found.art, found.art.text
    cls = SPEECH_VERBS[lemma]
    if cls == "quote" and any(c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "attr") and not art.in_quote(c.idx)
                              for c in verb.children):
        return  # "continued his visit", "cried for help": no quotation introduced
    q = adjacent_quote(art, verb, found.used)
    sent = art.sents[art.sent_of[verb.i]]
    if not q and cls not in ("clause", "object"):
        return  # "told reporters", "praised the soldiers" and no quote: nothing said of its own
    if q:
        found.used.add(q)
        _emit(found, verb, lemma, subj, ids, q[0], trim_quote(text, q[0], q[1]), "direct")
    elif verb.dep_ == "parataxis" and verb.head.tag_.startswith(("VB", "MD")):
        # "Such actions, she said, heightened tension": the host clause is what she said.
        start, end = span_of([verb.head], text, verb)
        start, end = max(start, sent.start_char), min(end, sent.end_char)
        if verb.left_edge.idx <= start + 2:
            start = verb.right_edge.idx + len(verb.right_edge)
        start, end = _strip(text, start, end, " ,;:", " \n,.;:")
        _emit(found, verb, lemma, subj, ids, start, end, "reported")
    elif re.match(r"[^\n.]{0,40}:[ \t]*\n", text[verb.idx + len(verb):]):
        for s, e in _paragraphs_after(text, verb.idx, 1):  # "the Chairman said:" + a paragraph
            _emit(found, verb, lemma, subj, ids, s, e, "direct")


def _voice_statements(found: _Found, voice) -> None:
    """Every unclaimed paragraph of a document issued in full ("the following statement:") is its issuer's."""
    claimed = [(r["start"], r["end"]) for r in found.rows]
    text = found.art.text
    for s, e in _paragraphs_after(text, voice[0] - 1):
        if text[e - 1] == "," and (len(text[s:e].split()) <= 5 or text.startswith("Dear ", s)):
            continue  # a salutation ("Dear farmers,", "Your Excellency,"): nothing said yet
        if not any(cs <= s and e <= ce for cs, ce in claimed):
            _emit(found, voice[1], "state", voice[2], voice[3], s, e, "direct")


def _continued_quotes(found: _Found) -> None:
    """Quotes that continue an attributed one take its speaker.

    A quote that runs on into the next paragraph shares its speaker with the paragraph
    that continues it (whichever of the two is attributed), and so does a second quote
    right after the attribution: '"...," he said. "More words."'
    """
    text = found.art.text
    by_span = {(r["start"], r["end"]): r for r in found.rows}
    pairs = list(zip(found.art.quotes, found.art.quotes[1:]))
    for prev, q in pairs:
        gap = text[prev[1]:q[0]]
        runs_on = prev[2] and not gap.strip(' \n"“')
        follows = "\n" not in gap and len(gap) < 90 and _attribution(gap)
        r = _owner(by_span, prev)
        if (runs_on or follows) and r is not None and (q[0], q[1]) not in found.used \
                and len(text[q[0]:q[1]].split()) > 2:
            _adopt(found, by_span, q, r)
    _quote_paragraphs(found, by_span)
    for prev, q in reversed(pairs):
        r = _owner(by_span, q)
        if prev[2] and not text[prev[1]:q[0]].strip(' \n"“') and r is not None and (prev[0], prev[1]) not in found.used:
            _adopt(found, by_span, prev, r)


def _quote_paragraphs(found: _Found, by_span: dict) -> None:
    """A paragraph that is nothing but a quotation, with no attribution of its own, is the
    words of whoever spoke in the paragraph before (news style: the speaker goes on)."""
    text = found.art.text
    for q in found.art.quotes:
        if (q[0], q[1]) in found.used or len(text[q[0]:q[1]].split()) < 4:
            continue
        p0 = text.rfind("\n", 0, q[0]) + 1
        p1 = text.find("\n", q[1])
        p1 = len(text) if p1 == -1 else p1
        if text[p0:q[0]].strip(" \t\"“") or text[q[1]:p1].strip(" \t\"”.,"):
            continue
        prev_para = text.rfind("\n", 0, max(p0 - 1, 0))
        prev_para = text.rfind("\n", 0, prev_para) if not text[prev_para + 1:p0].strip() else prev_para
        before = [r for r in found.rows if prev_para < r["start"] < p0 and r["speaker_id"]]
        if before:
            _adopt(found, by_span, q, max(before, key=lambda r: r["start"]))


def _attribution(gap: str) -> bool:
    """Text between two quotes that is only an attribution ('," Sanders said at a rally. "'):
    a speech verb, and the gap closes a sentence or a clause."""
    words = re.findall(r"[A-Za-z]+", gap)
    return any(verb_lemma(w) for w in words) and bool(re.search(r"[.,;:!?]\W*$", gap))


def _signed_quotes(found: _Found) -> None:
    """A quotation signed with a dash and a name ('"We need housing now." ― Dana Ruiz'):
    the name after the dash speaks, when the paragraph ends with it."""
    art, text = found.art, found.art.text
    for q in art.quotes:
        if (q[0], q[1]) in found.used:
            continue
        m = _SIGNATURE.match(text, q[1])
        if not m:
            continue
        eol = text.find("\n", m.end())
        eol = len(text) if eol == -1 else eol
        name = [mm for mm in art.overlapping(m.end(), eol) if mm[0] == m.end()]
        span = art.doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if not name or span is None or len(text[m.end():eol].split(",")[0].split()) > 6:
            continue
        ids = [name[0][2]]
        found.used.add((q[0], q[1]))
        n = len(found.rows)
        _emit(found, span[0], "say", span[0], ids, q[0], trim_quote(text, q[0], q[1]), "direct")
        if len(found.rows) > n:
            found.rows[-1]["speaker_surface"] = text[name[0][0]:name[0][1]]


def _owner(by_span: dict, q) -> dict | None:
    """The direct statement whose span holds the start of quote ``q``."""
    return next((r for (s, e), r in by_span.items() if s <= q[0] < e), None)


def _adopt(found: _Found, by_span: dict, q, r: dict) -> None:
    """Quote ``q`` as a statement of ``r``'s speaker."""
    art, text = found.art, found.art.text
    found.used.add((q[0], q[1]))
    end = trim_quote(text, q[0], q[1])
    s0, s1 = _sentences(art, q[0], end)
    new = dict(r, start=q[0], end=end, text=text[q[0]:end], sent_start=s0, sent_end=s1,
               sentence=text[s0:s1].strip(),
               targets=[m[2] for m in art.overlapping(q[0], end) if m[2] not in r["speakers"]])
    found.rows.append(new)
    found.spans.add((q[0], end))
    by_span[(q[0], end)] = new


def _emit(found: _Found, verb, lemma: str, subj, ids: list[str], start: int, end: int, kind: str) -> None:
    """Add the statement ``[start, end)`` of ``verb`` (unless boilerplate, too short or already found)."""
    art, text = found.art, found.art.text
    if _BOILERPLATE.search(text[start:end]) or end - max(start, found.body_start) < 3 or (start, end) in found.spans:
        return
    found.spans.add((start, end))
    s0, s1 = _sentences(art, start, end, verb.i)
    start = max(start, found.body_start)
    targets = []
    for m in art.overlapping(start, end):
        if m[0] >= start and m[2] not in ids and m[2] not in targets:
            targets.append(m[2])
    found.rows.append({"article_id": found.article_id, "speaker_id": ids[0] if ids else "",
                       "speaker_surface": _speaker_surface(art, subj, found.body_start) if subj is not None else "",
                       "verb": verb_name(verb, lemma), "kind": kind, "text": text[start:end], "targets": targets,
                       "sentence": text[s0:s1].strip(), "start": start, "end": end, "sent_start": s0,
                       "sent_end": s1, "speakers": ids, "_at": verb.idx})


def _speaker_surface(art: ParsedArticle, subj, body_start: int = 0) -> str:
    """The speaker as written: the subject's phrase, without a relative pronoun or the dateline
    ("PITTSBURGH, March 3 - Acme Inc" is Acme Inc: the dateline ends at ``body_start``)."""
    doc, text = art.doc, art.text
    left = subj.left_edge if subj.dep_ in (*SUBJECT_DEPS, "appos", "compound", "npadvmod") else subj
    left = doc[max(left.i, art.sents[art.sent_of[subj.i]].start)]
    while left.i < subj.i and (left.tag_ in ("WDT", "WP", "IN", "``", "''") or left.is_punct):
        left = doc[left.i + 1]
    right = max([subj, *subj.conjuncts], key=lambda t: t.i)
    surface = re.sub(r"\s+", " ", text[max(left.idx, min(body_start, subj.idx)):right.idx + len(right)])
    return re.split(r"\s--\s|\s—\s|:\s", surface)[-1].strip(" \"“”'‘’,;:-")  # not the dateline


def _according(found: _Found, tok) -> None:
    """'..., according to X': the clause is X's statement (unless a speech verb already has a speaker)."""
    art = found.art
    to = [c for c in tok.children if c.lower_ == "to"]
    src = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
    clause = tok.head
    if not src or not clause.tag_.startswith(("VB", "MD")) or any(verb_lemma(a.text) for a in tok.ancestors):
        return
    ids = resolve_speaker(art, src[0])
    art.remember(src[0], ids)
    phrase_l, phrase_r = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    sent = art.sents[art.sent_of[tok.i]]
    s0, s1 = sent.start_char, sent.end_char
    start, end = (s0, phrase_l) if phrase_l - s0 >= s1 - phrase_r else (phrase_r, s1)
    start, end = _strip(art.text, start, end, " ,;:", " ,.;:")
    _emit(found, tok, "say", src[0], ids, start, end, "reported")


def _strip(text: str, start: int, end: int, lead: str, tail: str) -> tuple[int, int]:
    """``[start, end)`` without leading characters in ``lead`` and trailing ones in ``tail``."""
    while end > start and text[end - 1] in tail:
        end -= 1
    while start < end and text[start] in lead:
        start += 1
    return start, end


def _sentences(art: ParsedArticle, start: int, end: int, token: int | None = None) -> tuple[int, int]:
    """Start and end of the sentences holding ``[start, end)`` (and the token ``token``)."""
    sents = [] if token is None else [art.sent_of[token]]
    for ch in (start, end - 1):
        span = art.doc.char_span(ch, ch + 1, alignment_mode="expand")
        if span is not None and len(span):
            sents.append(art.sent_of[span[0].i])
    if not sents:
        return start, end
    return min(art.sents[min(sents)].start_char, start), max(art.sents[max(sents)].end_char, end)


def _paragraphs_after(text: str, pos: int, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the non-empty paragraphs after character ``pos`` (at most ``limit``)."""
    out = []
    nl = text.find("\n", pos)
    while nl != -1 and (limit is None or len(out) < limit):
        end = text.find("\n", nl + 1)
        end = len(text) if end == -1 else end
        s, e = nl + 1, end
        while s < e and text[s] in " \"“":
            s += 1
        while e > s and text[e - 1] in " \"”":
            e -= 1
        if e > s:
            out.append((s, e))
        nl = end if end < len(text) else -1
    return out
