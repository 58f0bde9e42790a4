"""Who said it: a speech verb's subject resolved to canonical actors.

:class:`ParsedArticle` holds one parsed article with its canonical mentions and the
subjects seen so far. :func:`subject_of` finds the token naming who speaks (climbing
through coordination, participles and passives); :func:`resolve_speaker` maps it to
actor ids: its own mention or linked ones ("an official of the ministry"), a pronoun or
a title ("he", "the ministry") to the most recent compatible actor before it, "state
media" to the article's media organisation. :func:`voice_of` finds who issues a
document quoted in full ("X released the following statement:").

Examples
--------
>>> entity_type("person:kim-jong-un"), entity_type("place:seoul")
('person', 'place')
"""
from __future__ import annotations

import bisect
import re

from components.build.speech import find_quotes, verb_lemma

__all__ = ["ParsedArticle", "subject_of", "carried_author", "perfect_host", "resolve_speaker", "voice_of", "entity_type", "SUBJECT_DEPS", "RELATIVE"]

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
               **dict.fromkeys(("department", "commission", "board", "exchange", "association", "federation",
                                "embassy", "firm", "corporation", "bureau", "airline", "utility"), {"organisation"}),
               "military": {"organisation", "country"}, "army": {"organisation", "country"},
               "government": {"country"}, "regime": {"country"}, "authorities": {"country"},
               "administration": {"country"}, "cabinet": {"country"},
               "media": {"media"}, "newspaper": {"media"}, "daily": {"media"}, "broadcaster": {"media"}}
# Named by a mention of their own or not at all: too many candidates to guess one.
# Bodies found only through a body whose name holds the word ("the department said" after "the Labor
# Department said"), never the last organisation named or subject (any body could be).
_BODY_WORDS = {"department", "commission", "board", "exchange", "association", "federation", "embassy", "bureau"}
_ANAPHORIC_ONLY = {"spokesman", "spokeswoman", "spokesperson", "official", "sister", "diplomat", "director",
                   "chief", "general", "commander", "envoy", "ambassador"}
# Plural nominals for a group named before ("the three governments", "both sides"): the types they take.
_GROUP_NOUNS = {"governments": {"country"}, "countries": {"country"}, "nations": {"country"},
                "states": {"country"}, "allies": {"country"}, "neighbours": {"country"}, "neighbors": {"country"},
                "leaders": {"person"}, "sides": {"country", "organisation", "person"}}
# Bodies that, unqualified and with no country before them, are the dateline country's.
_HOME_NOUNS = {"government", "administration", "authorities", "cabinet", "ministry", "military"}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
SUBJECT_DEPS = ("nsubj",)
_BULLETS = ("-", "•", "*", "–", "—")
_SPOKES = {"spokesman", "spokeswoman", "spokesperson"}
_MANNER_PREPS = {"by", "after", "before", "while", "in", "without"}
RELATIVE = {"who", "which", "that"}
# "the following press statement:" -- what comes after the colon is the statement.
_DOC_NOUNS = {"statement", "message", "speech", "letter", "commentary", "article", "answer", "interview", "notice",
              "communique", "declaration", "report", "appeal", "address", "editorial", "remarks", "order", "paper",
              "essay"}
_LINK_DEPS = {"compound", "amod", "poss", "appos", "prep", "pobj", "nmod", "npadvmod", "case"}
_LINK_PREPS = {"of", "for", "at", "from", "including", "such", "like", "with", "in", "'s", "’s"}
_PERSON_LINKS = {"appos", "including", "such", "like"}
# Who speaks for the person they belong to: "Yoon's office said", "his spokesman said".
_VOICES = {"office", "spokesman", "spokeswoman", "spokesperson"}
# Unnamed people who speak for a government body: "Defence officials said", "a senior ministry
# official". Unqualified, in a datelined story, they are that country's. ("Military sources" stay
# unnamed: a source is anonymous by design, and could be anyone's.)
_STATE_VOICES = {"official", "officials", "spokesman", "spokesmen", "spokeswoman", "spokesperson", "aide", "aides"}
_STATE_BODIES = {"government", "defence", "defense", "military", "ministry", "administration", "presidential",
                 "cabinet"}
_RANKS = {"senior", "top", "high", "high-ranking", "one", "two", "several", "some", "other", "many"}
_STATE_MEDIA = re.compile(r"\b(state|official|government)[- ](run )?(media|news agency|television|radio|press)\b",
                          re.I)


class ParsedArticle:
    """One parsed article with its mentions, quotes and the actors that were subjects so far."""

    def __init__(self, doc, text: str, mentions: list[tuple[int, int, str]], media: set[str], home: str = "",
                 agencies: dict[str, str] | None = None):
        self.doc, self.text, self.media = doc, text, media
        self.agencies = agencies or {}  # country id -> its state news agency ("country:PRK" -> "org:kcna")
        self.home = home  # the country of the dateline ("TOKYO, March 27 -"), when it names a capital
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
        self.salient: list[tuple[int, int, list[str], str, tuple[int, bool]]] = []
        self._titled: dict[str, list[tuple[int, str, set[str]]]] | None = None
        for tok in doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ not in _PRONOUNS and tok.lower_ not in RELATIVE \
                    and not self.in_quote(tok.idx):
                self.remember(tok, self.named(tok) or self.title_holder(tok))
        self.gender = _genders(self)

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
        hit = [m for m in self.overlapping(head.idx, head.idx + len(head)) if entity_type(m[2]) != "place"]
        if hit:
            return [max(hit, key=lambda m: m[1] - m[0])[2]]
        # Breadth-first through modifiers: "South Korean officials", "an official of the
        # ministry", "analysts, including Ahn Chan-il". Persons only through appositions
        # and "including" ("Kim's sister" is not Kim). Countries and bodies not for an office
        # holder ("North Korea's defence minister" is a person) or an unknown name ("the
        # Japanese Tokyo Shimbun" is not Japan).
        holder = (head.lower_ in _PERSON_TITLES and head.lower_ not in _ANAPHORIC_ONLY) or head.tag_ in ("NNP", "NNPS")
        # A body's name is its country's through the words before it ("South Korea's Defence
        # Ministry", "the Turkish Foreign Ministry") or its parent body's right after "of" ("the
        # Disarmament Institute of the Foreign Ministry"; "the Bank of Ireland" is no country's),
        # not through what follows further on
        # ("Marathon Petroleum Company, a subsidiary of USX").
        body = head.tag_ in ("NNP", "NNPS") and head.lower_ in _ORG_TITLES
        frontier = [(c, c.dep_ if c.dep_ != "prep" else c.lower_) for c in head.children if c.dep_ in _LINK_DEPS]
        seen = 0
        while frontier and seen < 30:
            tok, link = frontier.pop(0)
            seen += 1
            if tok.dep_ == "prep" and tok.lower_ not in _LINK_PREPS:
                continue
            for m in self.overlapping(tok.idx, tok.idx + len(tok)):
                kind = entity_type(m[2])
                actor = kind in ("country", "organisation") and (not holder or (body and (
                    link in ("poss", "amod") or (link == "of" and kind == "organisation" and tok.dep_ == "pobj"
                                                 and tok.head.head.i == head.i))))
                voice = kind == "person" and (link in _PERSON_LINKS or (link == "poss" and head.lower_ in _VOICES))
                if actor or voice:
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
                   mentions: bool = True, gender: str = "") -> list[str]:
        """Most recent subject of a compatible type before ``tok``, else the nearest mention.

        An unnamed subject of the ``blocker`` kind in between ("Military sources said ...
        They said ...") is the likelier antecedent: then nobody is returned.
        """
        sent = self.sent_of[tok.i]
        # Sentence by sentence back from the pronoun; in each, main-clause subjects first
        # ("The JCS said [the DPRK is scattering balloons]. It urged ...": It = the JCS).
        cands = [e for e in self.salient if e[0] < tok.idx and e[1] >= sent - window and not self.in_quote(e[0])]
        cands.sort(key=lambda e: (e[1], e[4], e[0]), reverse=True)
        for char, s, ids, what, _main in cands:
            if what == "document" and tok.lower_ == "it" and ids:
                return ids  # "it" after "the statement said": the statement's author ("the company" is no document)
            if not ids:
                if blocker and what == blocker:
                    return []
                continue
            if plural and len(ids) > 1:
                return ids
            if len(ids) == 1 and entity_type(ids[0]) in types and self.agrees(ids[0], gender):
                return ids
        if not mentions:
            return []
        lo = self.sents[max(0, sent - window)].start_char
        for m in reversed(self.overlapping(lo, tok.idx)):
            if m[1] <= tok.idx and m[0] >= lo and entity_type(m[2]) in types and not self.in_quote(m[0]) \
                    and self.agrees(m[2], gender):
                return [m[2]]
        return []

    def titled(self, subj) -> list[str] | None:
        """The person the text introduced with the title ``subj`` names ("the Chairman" after
        "Chairman Kim Jong Il"; "North Korea's defence minister" before "Kang Sun Nam,
        minister of national defence"): the most recent one before it, else (news ledes name
        the role first) the first one in the next two sentences. The title's modifiers must
        come with it ("the foreign minister" is not "Defence Minister Kang"): when only
        people with other modifiers hold the title, nobody (``[]``); None when nobody holds it."""
        if self._titled is None:
            self._titled = _titles(self)
        sent = self.sent_of[subj.i]
        limit = self.sents[min(sent + 2, len(self.sents) - 1)].end_char
        near = [c for c in self._titled.get(subj.lower_, []) if c[0] < subj.idx or
                (c[0] < limit and not self.in_quote(c[0]))]
        if not near:
            return None
        mods = {c.lower_ for c in subj.children if c.dep_ in ("compound", "amod") and c.tag_ in ("NN", "JJ")}
        cands = [c for c in near if mods <= c[2]]
        before = [c for c in cands if c[0] < subj.idx]
        if before:
            return [before[-1][1]]
        after = [c for c in cands if c[0] > subj.idx]
        return [after[0][1]] if after else []

    def followed(self, pron, gender: str) -> list[str]:
        """The person a long report keeps following (a speech given at length, then "He said"):
        the last person who was a subject before ``pron``, however far back, when no other
        person is named or stands unnamed as a subject since (outside quotes)."""
        before = [e for e in self.salient if e[0] < pron.idx and not self.in_quote(e[0])]
        last = max((e for e in before if len(e[2]) == 1 and entity_type(e[2][0]) == "person"),
                   key=lambda e: e[0], default=None)
        if last is None or not self.agrees(last[2][0], gender):
            return []
        pid = last[2][0]
        if any(e[0] > last[0] and (e[3] == "person" or any(entity_type(i) == "person" and i != pid for i in e[2]))
               for e in before):
            return []
        if any(entity_type(m[2]) == "person" and m[2] != pid and not self.in_quote(m[0])
               for m in self.overlapping(last[0], pron.idx) if m[0] >= last[0]):
            return []
        return [pid]

    def title_holder(self, subj) -> list[str]:
        """The person a definite title subject names ("The General Secretary inspected ..." after
        "General Secretary Kim Jong Un"), so a later "he" goes back to that person instead of
        stopping at an unnamed one; [] for anything else."""
        if subj.lower_ not in _PERSON_TITLES or subj.conjuncts or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in subj.children):
            return []
        return self.titled(subj) or []

    def office_body(self, subj) -> list[str]:
        """The organisation or country an office belongs to ("the chairman of the association",
        "the acting secretary of the U.S. Department of Defense", "the country's foreign minister")
        when the text names nobody holding it: the office speaks for that body."""
        for c in subj.children:
            toks = [c] if c.dep_ in ("poss", "compound", "amod") else \
                [o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ in ("of", "for") else []
            for tok in toks:  # the body itself, not a word inside its name ("the Mongolian Center")
                hit = [m[2] for m in self.overlapping(tok.idx, tok.idx + len(tok))
                       if entity_type(m[2]) in ("organisation", "country")]
                if hit:
                    return hit[:1]
        return []

    def agrees(self, eid: str, gender: str) -> bool:
        """False only when the text shows ``eid`` is of the other gender than the pronoun's."""
        return not gender or self.gender.get(eid, gender) == gender

    def remember(self, tok, ids: list[str]):
        what = ""
        if tok.lower_ in _DOC_NOUNS:
            what = "document"  # "The message said ... It also noted": "it" is the document
        elif not ids:
            if tok.lower_ in ("they", "them"):
                what = "plural"  # an unresolved "they" goes on standing for the same unnamed group
            elif tok.lower_ in ("he", "she"):
                what = "person"
            elif tok.tag_ in ("NNS", "NNPS"):
                what = "plural"
            elif tok.lower_ in _PERSON_NOUNS or tok.lower_ in _PERSON_TITLES:
                what = "person"
            elif tok.tag_ == "NNP":
                what = "name"
        verb = tok.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        # Main clause first, and a speaker before what they report ("Healy said [Smith had
        # been hinting ...]. He said": Healy): the fewer speech verbs above, the likelier.
        nested = sum(1 for a in verb.ancestors if verb_lemma(a.text))
        main = (-nested, verb.dep_ == "ROOT" or bool(verb_lemma(verb.text)))
        entry = (tok.idx, self.sent_of[tok.i], ids, what, main)
        # A subject resolved later (a title, a pronoun, a document) replaces what its name alone gave.
        self.salient = [e for e in self.salient if e[0] != tok.idx or (e[2] and not ids)]
        if not any(e[0] == tok.idx for e in self.salient):
            self.salient.append(entry)


_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
           "herself": "f"}
# Words that give a person's gender next to the name: honorifics and gendered titles.
_GENDERED = {**dict.fromkeys("mr mr. sir lord king prince spokesman chairman congressman businessman "
                             "husband father son brother uncle grandfather".split(), "m"),
             **dict.fromkeys("mrs mrs. ms ms. miss madam lady queen princess spokeswoman chairwoman "
                             "congresswoman businesswoman wife mother daughter sister aunt grandmother"
                             .split(), "f")}


def _genders(art: "ParsedArticle") -> dict[str, str]:
    """What the text itself says of each person's gender: an honorific or gendered title
    right before or in apposition to the name ("Ms. Jones", "Lin Jian, the spokesman"), or a
    he/his or she/her outside quotes in a sentence naming that one person only. Evidence
    both ways leaves the person unknown."""
    seen: dict[str, set[str]] = {}
    people = [m for m in art.mentions if entity_type(m[2]) == "person"]
    for m in people:
        span = art.doc.char_span(m[0], m[1], alignment_mode="expand")
        if span is None:
            continue
        near = [t.lower_ for t in art.doc[max(0, span.start - 2):span.start]]
        near += [t.lower_ for t in art.doc[span.end:span.end + 4] if t.dep_ == "appos" or t.head.dep_ == "appos"]
        for w in near:
            if w in _GENDERED:
                seen.setdefault(m[2], set()).add(_GENDERED[w])
        sent = art.sents[art.sent_of[span.start]]
        if len({p[2] for p in art.overlapping(sent.start_char, sent.end_char) if entity_type(p[2]) == "person"}) == 1:
            for t in sent:
                if t.i >= span.end and t.lower_ in _GENDER and t.tag_ in ("PRP", "PRP$") \
                        and not art.in_quote(t.idx):
                    seen.setdefault(m[2], set()).add(_GENDER[t.lower_])
    return {eid: next(iter(g)) for eid, g in seen.items() if len(g) == 1}


def _titles(art: "ParsedArticle") -> dict[str, list[tuple[int, str, set[str]]]]:
    """Title word -> (start, person id, words with it) of each person mention the text gives
    a title: just before the name ("Chairman Kim Jong Il", "EPA chief Tetsuo Kondo") or in
    apposition ("Kang Sun Nam, minister of national defence")."""
    titles = _PERSON_TITLES | _PERSON_NOUNS
    out: dict[str, list[tuple[int, str, set[str]]]] = {}
    for m in art.mentions:
        if entity_type(m[2]) != "person":
            continue
        span = art.doc.char_span(m[0], m[1], alignment_mode="expand")
        if span is None:
            continue
        found: list[tuple[str, set[str]]] = []
        lead = []
        for t in reversed(art.doc[max(0, span.start - 4):span.start]):
            if t.is_punct or t.is_space or t.tag_ in ("DT", "IN", "POS", "PRP$"):
                break
            lead.append(t.lower_)
        if lead and lead[0] in titles:
            found.append((lead[0], set(lead)))
        elif span[0].lower_ in titles and len(span) > 1:
            found.append((span[0].lower_, {span[0].lower_}))  # "King Maha Vajiralongkorn" matched whole
        for t in art.doc[span.end:min(len(art.doc), span.end + 3)]:
            if t.dep_ == "appos" and span.start <= t.head.i < span.end and t.lower_ in titles:
                found.append((t.lower_, {w.lower_ for w in t.subtree}))
        for word, words in found:
            out.setdefault(word, []).append((m[0], m[2], words))
    return out


def entity_type(eid: str) -> str:
    """The actor type an entity id names by its prefix (anything unknown is a place)."""
    return {"person": "person", "org": "organisation", "country": "country"}.get(eid.split(":", 1)[0], "place")


def resolve_speaker(art: ParsedArticle, subj) -> list[str]:
    """Canonical ids for a subject token: named, pronoun, title or "state media"."""
    low = subj.lower_
    if low in _PRONOUNS:
        if art.in_quote(subj.idx):
            return []
        ahead = _cataphora(art, subj)
        if ahead:
            return ahead
        plural = low in ("they", "them")
        blocker = "plural" if plural else "person" if low != "it" else "name"
        ids = art.antecedent(subj, _PRONOUNS[low], window=3, plural=plural, blocker=blocker,
                             mentions=not plural, gender=_GENDER.get(low, ""))
        if not ids and low in ("he", "she"):
            # A report that follows one person for paragraphs ("Kim Jong Un inspected ...
            # [description] ... He said"): the last person who spoke or acted, further back.
            ids = art.antecedent(subj, {"person"}, window=10, blocker=blocker, mentions=False,
                                 gender=_GENDER[low])
        if not ids and low in ("he", "she"):
            ids = art.followed(subj, _GENDER[low])
        return ids
    phrase = art.text[subj.left_edge.idx:subj.idx + len(subj)]
    state_media = bool(_STATE_MEDIA.search(phrase)) and low in ("media", "agency", "television", "radio", "press")
    ids = [] if state_media else art.named(subj)
    if ids:
        return ids
    if state_media:
        present = [m[2] for m in art.mentions if m[2] in art.media and m[0] < subj.idx]
        present = present or [m[2] for m in art.mentions if m[2] in art.media]
        if not present:
            return _state_agency(art, subj)
        if len(set(present)) == 1:
            return [present[-1]]
        # Several outlets: the one the article cites at least twice as often as any other
        # ("KCNA said ... KCNA reported ... Rodong Sinmun carried ... state media said": KCNA).
        counts = sorted(((present.count(e), e) for e in set(present)), reverse=True)
        return [counts[0][1]] if len(counts) > 1 and counts[0][0] >= 2 * counts[1][0] else []
    if low in _SPOKES and not subj.conjuncts and not any(c.dep_ in ("poss", "prep", "appos") for c in subj.children):
        # "China's foreign ministry rejected ... A spokesman warned ...": a spokesperson speaks
        # for a body, and an unlinked one for the body that was the last sentence's subject.
        ids = art.antecedent(subj, {"organisation", "country"}, window=1, mentions=False)
        if ids:
            return ids
    if low in _DOC_NOUNS or _ORG_TITLES.get(low) == {"media"}:
        ids = _heading(art, subj)
        if ids:
            return ids
    own = [c for c in subj.children if c.dep_ == "poss" and c.lower_ in ("his", "her")]
    if low in _VOICES and own and not subj.conjuncts:
        return art.antecedent(own[0], {"person"}, window=3, blocker="person", gender=_GENDER[own[0].lower_])
    if low in _GROUP_NOUNS and not subj.conjuncts:
        return _group(art, subj)
    ids = _home_voice(art, subj) if low in _STATE_VOICES else []
    if ids:
        return ids
    determined = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in
                     subj.children)
    if not determined or subj.conjuncts:
        return []
    if low in _PERSON_TITLES or low in _PERSON_NOUNS:
        ids = art.titled(subj)
        if ids is not None:
            return ids
        if low in _PERSON_TITLES:
            ids = art.office_body(subj)
            if ids or any(c.dep_ == "prep" and c.lower_ in ("of", "for") for c in subj.children):
                return ids  # "the chairman of a society" nobody named: that society's, or nobody's
    if low in _DOC_NOUNS:
        # "The appeal said" after "an appeal was read out": the same document, whose author
        # the text gives or not; else "The statement said" after "Kim Yo Jong said": its author's.
        earlier = [t for t in art.doc[art.sents[max(0, art.sent_of[subj.i] - 6)].start:subj.i]
                   if t.lower_ == low]
        if not earlier:
            # "The white paper disclosed" paragraphs after "X released a white paper": the same
            # document further back, named with the same words.
            mods = {c.lower_ for c in subj.children if c.dep_ in ("compound", "amod")}
            earlier = [t for t in art.doc[:subj.i] if t.lower_ == low and not art.in_quote(t.idx) and mods
                       and mods == {c.lower_ for c in t.children if c.dep_ in ("compound", "amod")}]
        for tok in reversed(earlier):
            ids = _author_of(art, tok)
            if ids:
                return ids
        if earlier:
            return []
        # "The paper said" with no paper before it is a newspaper named before, never a person's.
        types = {"organisation"} if low == "paper" else {"person", "organisation", "country"}
        return art.antecedent(subj, types, window=3, mentions=False)
    if low in _ORG_TITLES:
        types = _ORG_TITLES[low]
        if types == {"media"}:
            return []
        # "The ministry said" after "Chinese Foreign Ministry spokesman Lin Jian": the body
        # whose name holds the word comes first.
        lo = art.sents[max(0, art.sent_of[subj.i] - 4)].start_char
        for m in reversed(art.overlapping(lo, subj.idx)):
            if lo <= m[0] and m[1] <= subj.idx and entity_type(m[2]) in types \
                    and re.search(rf"\b{low}\b" + (r"(\s+of\b.*)?\W*$" if low in _BODY_WORDS else ""),
                                  art.text[m[0]:m[1]], re.I):
                return [m[2]]
        ids = art.antecedent(subj, types, window=4) if low not in _BODY_WORDS else []
        if not ids and art.home and low in _HOME_NOUNS and not any(c.dep_ in ("poss", "amod", "prep")
                                                                 for c in subj.children):
            return [art.home]  # "TOKYO - ... The government said": the dateline's country
        return ids
    if low in _PERSON_TITLES and low not in _ANAPHORIC_ONLY:
        return art.antecedent(subj, {"person"}, window=3)
    if low in _ANAPHORIC_ONLY or low in _STATE_VOICES:
        # "The spokesman said" after "a spokesman for the ministry said", "the officials said"
        # after "Defence officials said": the same speaker(s).
        for tok in art.doc[:subj.i]:
            if tok.lower_ == low and tok.dep_ in SUBJECT_DEPS and art.sent_of[subj.i] - art.sent_of[tok.i] <= 4:
                ids = art.named(tok) or (_home_voice(art, tok) if low in _STATE_VOICES else [])
                if ids:
                    return ids
    return []


def _state_agency(art: ParsedArticle, subj) -> list[str]:
    """ "State media said" in an article that names no outlet: the state news agency of the country
    the phrase names ("Iranian state media", "China's official news agency"), else of the one
    country with an agency the article names more often than any other ("state media" in a story
    about China, datelined elsewhere: Xinhua); nobody when two such countries tie."""
    own = [m[2] for m in art.overlapping(subj.left_edge.idx, subj.idx) if m[2] in art.agencies]
    if own:
        return [art.agencies[own[0]]] if len(set(own)) == 1 else []
    counts = {}
    for m in art.mentions:
        if m[2] in art.agencies and not art.in_quote(m[0]):
            counts[m[2]] = counts.get(m[2], 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return [art.agencies[ranked[0][0]]]
    return []


def _home_voice(art: ParsedArticle, subj) -> list[str]:
    """ "Defence officials said", "a senior ministry official told reporters" in a story datelined
    in a capital: that country speaks. Only with a government body's word and nothing else that
    says whose ("former officials", "officials of the three countries", "Japanese officials" are
    not the dateline's; "officials" alone could be anyone's)."""
    words = set()
    for c in subj.children:
        if c.dep_ in ("det", "nummod", "punct"):
            continue
        if c.dep_ not in ("amod", "compound") or c.lower_ not in _STATE_BODIES | _RANKS:
            return []
        words.add(c.lower_)
    if not art.home or subj.conjuncts or not words & _STATE_BODIES:
        return []
    return [art.home]


def _cataphora(art: ParsedArticle, pron) -> list[str]:
    """A pronoun in a clause opening the sentence names the main clause's subject: "When he
    announced the plan, Park told reporters ...", "As it fired, the army said ...": Park, the army."""
    verb = pron.head
    if pron.dep_ not in SUBJECT_DEPS or verb.dep_ != "advcl" or verb.i > verb.head.i \
            or not any(c.dep_ == "mark" or c.tag_ == "WRB" for c in verb.children):
        return []
    main = [c for c in verb.head.children if c.dep_ in SUBJECT_DEPS and c.i > pron.i and c.lower_ not in _PRONOUNS]
    if not main:
        return []
    ids = art.named(main[0])
    types = _PRONOUNS[pron.lower_]
    if len(ids) == 1 and entity_type(ids[0]) in types and art.agrees(ids[0], _GENDER.get(pron.lower_, "")):
        return ids
    return []


def _heading(art: ParsedArticle, subj) -> list[str]:
    """The source a list item sits under: "Rodong Sinmun" + "- An article says ...", "- The
    daily carries ...". Only for an item of a bulleted list, under a line that is one
    organisation's name and nothing else."""
    text = art.text
    p0 = text.rfind("\n", 0, subj.idx) + 1
    if not text[p0:subj.idx].lstrip().startswith(_BULLETS):
        return []
    end = p0 - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and not line.startswith(_BULLETS):
            if len(line.split()) > 6:
                return []
            lo = start + text[start:end].index(line)
            hit = [m for m in art.overlapping(lo, lo + len(line)) if entity_type(m[2]) == "organisation"
                   and m[0] <= lo + 1 and m[1] >= lo + len(line) - 1]
            return [hit[0][2]] if hit else []
        end = start - 1
    return []


def _group(art: ParsedArticle, subj) -> list[str]:
    """ "The three governments", "both countries", "the two leaders": the most recent
    coordination of that many actors of the noun's type before it ("by the United States,
    Japan and South Korea"), in the last eight sentences; none without the number."""
    dets = [c.lower_ for c in subj.children if c.dep_ in ("det", "predet", "nummod")]
    number = next((_NUMBERS[d] for d in dets if d in _NUMBERS), 0)
    if not number or any(c.dep_ == "prep" for c in subj.children):
        return []  # "the leaders" alone is any leaders; "the leaders of the three countries" are named by it
    types = _GROUP_NOUNS[subj.lower_]
    lo = art.sents[max(0, art.sent_of[subj.i] - 8)].start
    best: list[str] = []
    for tok in art.doc[lo:subj.i]:
        if tok.dep_ == "conj" or not tok.conjuncts or art.in_quote(tok.idx):
            continue
        ids = []
        for t in [tok, *tok.conjuncts]:
            hit = [m[2] for m in art.overlapping(t.idx, t.idx + len(t)) if entity_type(m[2]) in types]
            if not hit:
                break
            ids.append(hit[0])
        else:
            if len(set(ids)) == len(ids) == number:
                best = ids
    if best:
        return best
    # "Japan will scrap the restrictions, and Seoul will withdraw its complaint, the two
    # governments said": that many actors as subjects in this sentence and the one before.
    if types != {"country"}:
        return []  # "the two sides" could be any two
    sent = art.sent_of[subj.i]
    named = [e[2][0] for e in art.salient if len(e[2]) == 1 and sent - 1 <= e[1] <= sent and e[0] < subj.idx
             and entity_type(e[2][0]) in types and not art.in_quote(e[0])]
    named = list(dict.fromkeys(named))
    return named if len(named) == number else []


def carried_author(art: ParsedArticle, verb, subj):
    """The author of a document whose carrier is the clause's subject, when a participle
    speaks for the document: "state media carried a statement from Kim Yo Jong, warning
    ...", "KCNA released a statement by the ministry, saying ...": the author, not the
    outlet, warns. ``(token, ids)`` or None."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "acl", "xcomp", "conj") or subj is None:
        return None
    host = subj.head
    if verb_lemma(host.text) or not any(a.i == host.i for a in verb.ancestors):
        return None
    for noun in host.children:
        if noun.dep_ != "dobj" or noun.lower_ not in _DOC_NOUNS:
            continue
        for c in noun.children:
            if c.dep_ == "poss":
                ids = art.named(c)
                return (c, ids) if ids else None
        preps = [t for t in [*noun.children, *host.children] if t.dep_ in ("prep", "agent")
                 and t.lower_ in ("from", "by") and (t.head.i == noun.i or t.i > noun.i)]
        for prep in preps:
            for o in prep.children:
                ids = art.named(o) if o.dep_ == "pobj" else []
                if ids:
                    return o, ids
    return None


def _author_of(art: ParsedArticle, noun) -> list[str]:
    """Who a document noun is by, where the text says: "Kim's statement", "a message from
    V. Putin", "X issued a statement", "a statement released by X", "X said in a statement"."""
    for c in noun.children:
        if c.dep_ == "poss":
            return art.named(c)
    for t in noun.subtree:
        if t.dep_ in ("prep", "agent") and t.lower_ in ("from", "by") and t.i > noun.i:
            for o in t.children:
                hit = [m for m in art.overlapping(o.idx, o.idx + len(o)) if entity_type(m[2]) != "place"]
                if o.dep_ == "pobj" and (hit or art.named(o)):
                    return [max(hit, key=lambda m: m[1] - m[0])[2]] if hit else art.named(o)
    head = noun.head
    if noun.dep_ == "dobj" and head.tag_.startswith("VB") and not verb_lemma(head.text):
        sub = subject_of(head)
        return art.named(sub) if sub is not None else []
    if noun.dep_ == "nsubjpass":
        for a in head.children:
            if a.dep_ == "agent":
                for o in a.children:
                    if o.dep_ == "pobj":
                        return art.named(o)
    if noun.dep_ == "pobj" and head.lower_ in ("in", "through") and verb_lemma(head.head.text):
        sub = subject_of(head.head)  # "ICI said in a statement ...", "In a statement, it said ..."
        return resolve_speaker(art, sub) if sub is not None and sub.i != noun.i else []
    return []


def _main_clause(tok):
    """The clause a participle or a coordinated verb belongs to: the nearest speech verb or
    the root above it. The parser often hangs ", saying ..." or "... and added" on a verb
    inside the reported clause ("They said [a force was abandoning the oasis] but added")."""
    head = tok.head
    while head.head.i != head.i and head.dep_ != "conj" and not verb_lemma(head.text):
        head = head.head
    return head


def perfect_host(verb):
    """Where the subject of a past participle is when the parser hung it on a noun and left
    its "has" with the subject ("Moscow has [for months] described ...": "described" an
    ``acl`` of "months", the subject on "has" or on "for"); else None."""
    if verb.tag_ != "VBN" or verb.dep_ != "acl":
        return None
    for a in verb.ancestors:
        has = a.lower_ in ("has", "have", "had") or any(
            c.dep_ == "aux" and c.lower_ in ("has", "have", "had") and c.i < verb.i for c in a.children)
        if has and a.i < verb.i and any(c.dep_ in SUBJECT_DEPS for c in a.children):
            return a
        if a.tag_.startswith("VB"):
            return None
    return None


def subject_of(verb):
    """The token naming who speaks (or None), climbing through coordination and participles."""
    tok = perfect_host(verb) or verb
    for _ in range(6):
        subs = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subs:
            # "the oasis, which Chad said cost 1,269 lives": Chad speaks, not the oasis.
            named = [c for c in subs if c.lower_ not in RELATIVE]
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
        prev = tok.doc[tok.i - 1] if tok.i else tok
        if tok.tag_ == "VBG" and prev.dep_ == "pobj" and prev.head.lower_ in ("with", "without") \
                and prev.head.i == prev.i - 1:
            return prev  # "was halted, with Baghdad saying ...": Baghdad says
        if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl", "xcomp", "conj"):
            tok = _main_clause(tok)  # ", saying ...", ", accusing ..."
        elif tok.dep_ == "conj":
            head = tok.head
            speech = [a for a in head.ancestors if verb_lemma(a.text)] if not verb_lemma(head.text) else []
            tok = speech[0] if speech else head
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ in _MANNER_PREPS:
            tok = tok.head.head  # "attacked Trump by saying ...", "after warning ...": the clause's subject
        elif tok.dep_ == "advcl" or (tok.dep_ == "xcomp" and tok.head.lower_ in ("continued", "continues")):
            tok = tok.head
        else:
            return None
    return None


def voice_of(art: ParsedArticle):
    """Who speaks in a document the article gives in full, and where it starts: "X issued the
    following press statement:" (or "... on Sunday." closing the paragraph), "The following is
    the full text of X's speech:"."""
    for tok in art.doc[:200]:
        if tok.lower_ != "following":
            continue
        sent = art.sents[art.sent_of[tok.i]]
        noun = tok.head if tok.head.lower_ in _DOC_NOUNS else None
        if noun is None and tok.dep_ in SUBJECT_DEPS:  # "The following is the full text of X's speech"
            noun = next((t for t in art.doc[tok.i + 1:sent.end] if t.lower_ in _DOC_NOUNS), None)
        if noun is None:
            continue
        eol = art.text.find("\n", tok.idx)
        eol = len(art.text) if eol == -1 else eol
        line = art.text[tok.idx:eol].rstrip()
        # The document follows the line that announces it: a colon, or a full stop ending the paragraph.
        if not (line.endswith(":") or (line.endswith(".") and sent.end_char >= tok.idx + len(line)
                                       and art.text[eol:eol + 2].strip() == "")):
            continue
        if noun.i > tok.i and tok.dep_ in SUBJECT_DEPS:
            ids = _author_of(art, noun)
            return (eol, tok.head, noun, ids) if ids else None
        # The verb that issues it ("released", "made public"): the nearest one before.
        verbs = [t for t in art.doc[sent.start:tok.i] if t.tag_.startswith("VB")]
        if not verbs:
            return None
        verb = verbs[-1]
        subj = subject_of(verb)
        if subj is None:
            return None
        ids = resolve_speaker(art, subj)
        return (eol, verb, subj, ids) if ids else None
    return None

