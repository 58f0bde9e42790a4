"""What was said: speech verbs, the words that carry their content, and quotation marks.

:func:`verb_lemma` recognises a speech or stance verb in any inflection; :func:`content_of`
picks the children of the verb that hold what was said ("said [the talks failed]",
"urged Seoul [to halt drills]"); :func:`find_quotes` pairs quotation marks. Who said it is
:mod:`components.build.speakers`; the statement rows are :mod:`components.build.statements`.

Examples
--------
>>> verb_lemma("criticized"), SPEECH_VERBS["urge"]
('criticise', 'directive')
"""
from __future__ import annotations

import re

__all__ = ["SPEECH_VERBS", "SPEECH_ACT_NOUNS", "IRREALIS_FORMS", "verb_lemma", "find_quotes", "content_of", "verb_name", "span_of",
           "quote_cover", "trim_quote", "adjacent_quote"]

# The verbs are English verb classes of communication and judgment from Levin (1993),
# *English Verb Classes and Alternations* (the classes VerbNet 3 is built on): 37.7 say,
# 37.4 instrument of communication (cable, wire; "tweet" and "post" are its newer members),
# 37.8 complain, 37.9 advise, 37.1 transfer of a message, 37.3 manner of speaking, 29.4
# declare, 33 judgment, 31.2 admire/deplore, 32.2 long/urge, 48.1.2 reflexive appearance
# of a report ("emerge") excluded. News reporting usage (Bergler 2006, "Conveying
# attitude with reported speech") adds the reporting-stance verbs "vow", "pledge",
# "threaten", "reiterate". Each verb sits in the class that says how it carries its content:
# "clause": only a that-clause or a quote ("said the talks failed"); "object": also an object
# or infinitive ("denied the report", "vowed to retaliate"); "directive": someone told to act
# ("urged Seoul to halt drills"); "stance": an object judged ("condemned the launch as a
# provocation"); "act": a speech act named by its object ("extended congratulations",
# "conveyed thanks", nouns in ``SPEECH_ACT_NOUNS``); "quote": speech only when it introduces or closes a quotation ("...," she
# continued / shouted), since the verb alone reports no content.
SPEECH_VERBS: dict[str, str] = {
    **dict.fromkeys("say add state note insist argue explain think believe suggest assert allege "
                    "acknowledge admit write reply respond observe remark comment recall conclude "
                    "contend maintain question counter tweet post mention hint concede complain object "
                    "testify recount relate retort explain answer boast brag confess imply hope"
                    .split(), "clause"),
    **dict.fromkeys("warn claim deny announce declare confirm predict stress emphasise reiterate pledge vow "
                    "promise threaten report estimate forecast demand propose agree reject express voice "
                    "reaffirm affirm disclose reveal point caution assure proclaim underline underscore "
                    "signal protest advise".split(), "object"),
    **dict.fromkeys("urge call ask tell order instruct appeal press encourage remind invite implore "
                    "exhort".split(), "directive"),
    **dict.fromkeys("criticise condemn denounce accuse slam blast praise hail welcome describe brand dub "
                    "label dismiss define blame decry deplore lambast censure deride applaud commend "
                    "congratulate thank castigate rebuke ridicule mock fault".split(), "stance"),
    **dict.fromkeys("extend convey offer send".split(), "act"),
    **dict.fromkeys("continue shout yell scream whisper mutter exclaim quip joke laugh sigh snap "
                    "cry".split(), "quote"),
}
# Nouns naming a speech act (Searle's expressives and commissives as news writes them).
SPEECH_ACT_NOUNS = set("congratulations congratulation greetings greeting thanks gratitude condolences condolence "
                       "sympathy sympathies support solidarity regret regrets concern concerns apology apologies "
                       "wishes welcome appreciation respect invitation pledge warning protest".split())
_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
              "thought": "think", "forecast": "forecast", "forecasts": "forecast", "cried": "cry",
              "cries": "cry", "retorted": "retort", "posted": "post", "testified": "testify"}

# Heads that make a speech verb hypothetical: "is expected to announce", "refused to say".
_IRREALIS = {"expect", "plan", "want", "hope", "refuse", "decline", "fail", "need", "try", "seek", "likely",
             "unlikely", "intend", "prepare", "set", "due", "able", "unable", "going", "aim", "wish", "allow",
             "ask", "urge", "tell", "order", "instruct", "encourage", "press", "call", "demand", "appeal"}
_CONTENT_PREPS = {
    "object": {"of", "against", "about", "over"},
    "directive": {"on", "upon", "for", "to"},
    "stance": {"as", "for", "of", "over", "against"},
    "clause": set(),
    "quote": set(),
    "act": set(),
}
_OPEN, _CLOSE = "“«", "”»"


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
IRREALIS_FORMS = {f for w in _IRREALIS for f in _inflections(w)} | {"going"}


def verb_lemma(word: str) -> str:
    """The speech-verb lemma of an inflected form, or "" when it is no speech verb.

    >>> [verb_lemma(w) for w in ["said", "criticized", "criticises", "urging", "vowed", "slammed", "walked"]]
    ['say', 'criticise', 'criticise', 'urge', 'vow', 'slam', '']
    """
    return _FORMS.get(word.lower(), "")


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


def content_of(verb, lemma: str) -> list:
    """Children of ``verb`` that carry what was said."""
    cls = SPEECH_VERBS[lemma]
    if cls == "quote":
        return []  # "she continued": its content is the quotation next to it, if any
    if cls == "act":
        return [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in SPEECH_ACT_NOUNS]
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
    if cls in ("clause", "object", "directive") and not any(k.dep_ in ("ccomp", "xcomp") for k in kids):
        stray = _stray_clauses(verb)
        if stray:
            return stray
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


def _finite_with_subject(clause) -> bool:
    return (clause.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ in ("MD", "VBD", "VBZ", "VBP")
                                                         for c in clause.children)) \
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)


def _stray_clauses(verb) -> list:
    """The reported clause where the parser hung it elsewhere: a finite clause with neither a
    conjunction nor a wh-word ("when ...") taken for an adverbial one ("said [because of the
    fighting, spending was ...]"), or a
    that-clause taken for a relative clause of the setting ("told Reuters in an interview
    [that he expected ...]": a relative clause has no "that" of its own besides its pronoun)."""
    out = []
    for c in verb.children:
        if c.i < verb.i:
            continue
        if c.dep_ == "advcl" and c.left_edge.i > verb.i and _finite_with_subject(c) \
                and not any(m.dep_ == "mark" or m.tag_ in ("WRB", "WDT", "WP") for m in c.children):
            out.append(c)
        elif c.dep_ == "prep":
            for o in c.children:
                out += [r for r in o.children if o.dep_ == "pobj" and r.dep_ == "relcl" and _finite_with_subject(r)
                        and r.left_edge.dep_ == "mark" and r.left_edge.lower_ == "that" and r.left_edge.head.i == r.i]
    return out


_TEMPORAL = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
             "day", "night", "morning", "afternoon", "evening", "weekend", "occasion", "eve", "anniversary",
             "behalf", "basis", "date", "monday's", "tuesday's", "wednesday's", "thursday's", "friday's"}


def _temporal(prep) -> bool:
    """ "on Thursday", "on the occasion of": when, not what."""
    return any(t.lower_ in _TEMPORAL or t.like_num for t in prep.children if t.dep_ == "pobj")


def verb_name(verb, lemma: str) -> str:
    """The verb as the statements table names it: "call on", "call for", "point out", else the lemma."""
    if lemma == "call":
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "upon", "for"):
                return "call " + ("on" if c.lower_ == "upon" else c.lower_)
    if lemma == "point":
        return "point out"
    return lemma


def span_of(kids, text: str, verb) -> tuple[int, int]:
    """Character span of the content ``kids`` of ``verb``, without the linking word and edge punctuation."""
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


def quote_cover(art, start: int, end: int) -> tuple[int, int] | None:
    """The quote(s) a content span sits in, when it is (nearly) all quoted words."""
    qs = [q for q in art.quotes if q[0] < end and start < q[1]]
    if not qs:
        return None
    inside = sum(min(end, q[1]) - max(start, q[0]) for q in qs)
    letters = len(re.sub(r"[\W_]", "", art.text[start:end])) or 1
    quoted_letters = sum(len(re.sub(r"[\W_]", "", art.text[max(start, q[0]):min(end, q[1])])) for q in qs)
    if quoted_letters / letters >= 0.95 and inside > 0:
        return qs[0][0], trim_quote(art.text, qs[0][0], qs[-1][1])
    return None


def trim_quote(text: str, start: int, end: int) -> int:
    """End of a quote without the comma that hands over to the attribution."""
    while end > start and text[end - 1] in " ,":
        end -= 1
    return end


def adjacent_quote(art, verb, used: set) -> tuple[int, int] | None:
    """A quote the verb introduces or closes: same sentence, the quote just before an
    attribution that is a sentence of its own ('"...are missing." Trump said.'), or right
    after "said:". Never across a paragraph break: a speaker is not taken from the next one.
    """
    text = art.text
    sent = art.sents[art.sent_of[verb.i]]
    cands = [q for q in art.quotes if (q[0], q[1]) not in used and q[0] < sent.end_char and sent.start_char < q[1]
             and not q[0] <= verb.idx < q[1]]
    # The sentence splitter ends the quote's sentence at its own . ? !: the attribution
    # that follows it is a sentence of its own, and the quote is its content.
    lead = text[sent.start_char:verb.idx]
    cands += [q for q in art.quotes if (q[0], q[1]) not in used and q[1] <= sent.start_char
              and not text[q[1]:sent.start_char].strip(" \"”’'") and "\n" not in text[q[1]:verb.idx]
              and len(lead.split()) <= 8 and not any(ch in lead for ch in '"“”')]
    after_colon = text[verb.idx:sent.end_char].rstrip().endswith(":")
    if after_colon:
        nxt = [q for q in art.quotes if (q[0], q[1]) not in used and q[0] >= verb.idx
               and not text[sent.end_char:q[0]].strip(" \n\"“")]
        cands += nxt
    cands = [q for q in cands if len(text[q[0]:q[1]].split()) >= 3
             and "\n" not in text[min(q[1], verb.idx):max(q[0], verb.idx)]]
    if not cands:
        return None
    before = [q for q in cands if q[1] <= verb.idx]
    after = [q for q in cands if q[0] > verb.idx]
    q = before[-1] if before and not after_colon else (after[0] if after else None)
    return (q[0], q[1]) if q else None
