"""How a statement speaks of its targets: hostile, cooperative or neutral, with the cue words.

:func:`stance_of` reads one statement: its reporting verb ("condemned", "praised",
"urged ... to") and its own words ("provocation", "friendship", "dialogue"), each weighed by
the lexicon below; a cue a negation governs in the parse ("will not tolerate" stays hostile,
"is not a threat" counts for nothing) or that sits in a question adds nothing. The stance
holds for every target the statement names (one stance per statement, not per target).

The lexicon is ours, built by hand from the CAMEO event codebook's verbal categories
(Schrodt, *CAMEO Conflict and Mediation Event Observations Codebook* 1.1b3, 2012; the scheme
GDELT codes its events with): cooperation is 02 appeal, 03 express intent to cooperate, 04
consult, 05 engage in diplomatic cooperation (praise, endorse, thank), 06 material
cooperation; conflict is 10 demand, 11 disapprove (criticise, accuse, denounce), 12 reject,
13 threaten, 14 protest, and the hostile acts 15-20 a statement can name (attack, war,
sanctions). Each entry is a word stem, its stance, its weight (2 for words that carry the
category alone, 1 for words that lean) and its CAMEO category. The reporting verbs are the
lemmas of :data:`components.build.speech.SPEECH_VERBS` that belong to those categories.

Examples
--------
>>> stance_of("condemn", "the drills as a rehearsal for invasion")
('hostile', 0.68, 'condemn, invasion')
>>> stance_of("say", "the two sides agreed to expand cooperation and friendship")[0]
'cooperative'
>>> stance_of("say", "the missile flew 800 kilometres")[0]
'neutral'
"""
from __future__ import annotations

import re

__all__ = ["stance_of", "negated_words", "VERB_STANCE", "WORD_STANCE", "STANCES"]

STANCES = ("hostile", "cooperative", "neutral")

# Reporting verbs: (stance, weight, CAMEO category).
VERB_STANCE: dict[str, tuple[str, float, str]] = {
    **{v: ("hostile", 2.0, "11 disapprove") for v in
       "criticise condemn denounce accuse slam blast blame decry deplore lambast censure deride castigate "
       "rebuke ridicule mock fault dismiss brand".split()},
    **{v: ("hostile", 2.0, "13 threaten") for v in "threaten".split()},
    **{v: ("hostile", 1.5, "13 threaten / 11 disapprove") for v in "warn caution".split()},
    **{v: ("hostile", 1.5, "12 reject") for v in "reject deny".split()},
    **{v: ("hostile", 1.5, "14 protest") for v in "protest complain object".split()},
    **{v: ("hostile", 1.0, "10 demand") for v in "demand".split()},
    **{v: ("cooperative", 2.0, "05 praise, endorse") for v in
       "praise hail welcome applaud commend congratulate thank".split()},
    **{v: ("cooperative", 1.5, "03 express intent to cooperate") for v in "agree pledge promise".split()},
    **{v: ("cooperative", 1.0, "02 appeal / 04 consult") for v in "propose invite extend convey hope".split()},
}

# Word stems in the statement's own words: (stance, weight, CAMEO category). A stem matches a
# word that starts with it ("provocat" -> provocation, provocative); multi-word entries match
# the words in sequence.
WORD_STANCE: dict[str, tuple[str, float, str]] = {
    **{w: ("hostile", 2.0, "11 disapprove") for w in
       "provocat aggress hostil reckless hysteri puppet fascis heinous shameless despicable gangster "
       "condemn denounc accus slander smear absurd nonsens ridiculous childish hypocri arrogan ignoran "
       "foolish hollow eyesore ironic insult lies sham farce rubbish mad lunatic villain rogue thug bully "
       "interfer meddl undermin harm destabil instabil imperialis warmonger crimin brigand traitor "
       "treacher sinister pretext scheme enemy foe".split()},
    **{w: ("hostile", 2.0, "13 threaten") for w in
       "threat retaliat counteraction annihilat obliterat punish merciless ultimatum".split()},
    **{w: ("hostile", 1.0, "13 threaten / 15-20 force named as the speaker's aim") for w in
       "invasion invade intimidat encroach infiltrat violat sanction confrontation impeach toppl oust "
       "subjugat occupy suppress".split()},
    **{w: ("hostile", 1.5, "12 reject / 14 protest") for w in
       "reject refus oppos tolerate unacceptable".split()},
    **{w: ("cooperative", 2.0, "05 diplomatic cooperation") for w in
       "friendship friendly solidarity congratulat gratitude grateful thank praise appreciat commend "
       "welcome support sympath condolence greeting respect sincer heartfelt glad".split()},
    **{w: ("cooperative", 2.0, "03 intent to cooperate / 04 consult") for w in
       "cooperat partnership dialogue negotiat talks reconcil mutual constructive good-neighbo".split()},
    **{w: ("cooperative", 1.0, "03 intent to cooperate / 04 consult") for w in
       "peace discuss relations ties consolidat bonds tribute prosper".split()},
}
# Words about weapons, war, crises or the economy ("nuclear", "strike", "stability", "develop")
# are left out on purpose: news uses them to describe, and a stance needs words that evaluate
# or relate two actors.
_NEGATIONS = {"not", "no", "never", "n't", "without", "nor", "neither"}
# A negated cue of these categories keeps its stance: "will never tolerate", "not allow".
_NEGATION_KEEPS = {"tolerate", "allow"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# How much stronger one side must be, and how much cue at least, for a stance other than neutral.
_MIN_SCORE = 1.0
_MARGIN = 1.5


def _stem_hit(word: str) -> tuple[str, tuple[str, float, str]] | None:
    for n in range(len(word), 2, -1):
        entry = WORD_STANCE.get(word[:n])
        if entry is not None:
            return word[:n], entry
    return None


def stance_of(verb: str, text: str, negated: set[str] | None = None) -> tuple[str, float, str]:
    """``(stance, confidence, cue)`` of a statement from its reporting ``verb`` and its ``text``.

    ``negated`` holds the (lowercase) words a negation governs in the parse (see
    :func:`negated_words`); without it a negation among the two words before a cue counts. ``cue`` names the words that decided, most telling first ("condemn, provocation").
    Confidence is the decided side's share of all the cue weight, shrunk when the cue is thin.

    >>> stance_of("say", "the North will never tolerate any provocation")
    ('hostile', 0.74, 'provocation, tolerate')
    >>> stance_of("say", "the visit is not a threat to anyone")[0]
    'neutral'
    """
    score = {"hostile": 0.0, "cooperative": 0.0}
    cues: list[tuple[float, str]] = []
    base = verb.split()[0] if verb else ""
    if base in VERB_STANCE:
        side, weight, _ = VERB_STANCE[base]
        score[side] += weight
        cues.append((weight + 0.5, base))
    words = [w.lower() for w in _WORD.findall(text)]
    for i, word in enumerate(words):
        hit = _stem_hit(word)
        if hit is None:
            continue
        stem, (side, weight, _) = hit
        before = words[max(0, i - 2):i]
        is_negated = (word in negated) if negated is not None else any(w in _NEGATIONS for w in before)
        if is_negated and stem not in _NEGATION_KEEPS and not (set(before) & _NEGATION_KEEPS):
            continue
        score[side] += weight
        cues.append((weight, word))
    side = max(score, key=score.get)
    other = "cooperative" if side == "hostile" else "hostile"
    total = score[side] + score[other]
    if score[side] < _MIN_SCORE + 0.5 * _MIN_SCORE * bool(score[other]) or score[side] < _MARGIN * score[other]:
        confidence = round(1.0 / (1.0 + total), 2)
        return "neutral", confidence, ", ".join(dict.fromkeys(w for _, w in sorted(cues, reverse=True)))
    confidence = round(score[side] / (total + 1.0) * min(1.0, 0.6 + 0.1 * score[side]), 2)
    named = [w for wgt, w in sorted(cues, key=lambda c: -c[0])
             if (VERB_STANCE.get(w, ("",))[0] or _stem_hit(w)[1][0]) == side]
    return side, confidence, ", ".join(dict.fromkeys(named))


def negated_words(span) -> set[str]:
    """Lowercase words of a parsed ``span`` that a negation governs: the negated verb itself and
    its complements and objects ("is [not] a threat", "did [not] condemn the talks")."""
    out = set()
    for tok in span:
        if tok.dep_ == "neg":
            head = tok.head
            out.add(head.lower_)
            out.update(c.lower_ for c in head.children if c.dep_ in ("attr", "dobj", "acomp", "xcomp", "oprd"))
    return out
