"""Resolution: which canonical actor each raw mention of one article names.

:func:`resolve_article` goes through an article's raw mentions in text order and asks
one rule per kind of mention: the analyst's splits (:func:`_resolve_split`), gazetteer
matches (:func:`_resolve_gazetteer`: titles, context-dependent bodies, ambiguous names,
capitals used as places), then the NER labels (:func:`_resolve_person`,
:func:`_resolve_org`, :func:`_resolve_place`). Persons already named in the article
(:class:`_People`) decide bare surnames ("Kim" after "Kim Jong Un"); countries named
anywhere in it decide ambiguous names ("Korea", "the Foreign Ministry").
:func:`surname_fill` adds the bare surnames the NER model missed. No NLP runs here.

Examples
--------
>>> clean_name("the Kremlin's")
'Kremlin'
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from components.build.gazetteer import Gazetteer, slugify

__all__ = ["resolve_article", "surname_fill", "attach_sentences", "clean_name"]

_POSSESSIVE = re.compile(r"(['’]s|['’])$")
# One-word ORG spans that name a kind of body, not a body ("the Ministry said").
_GENERIC_ORGS = {"Defence", "Defense", "Ministry", "Party", "Government", "Army", "Navy", "Air Force", "Council",
                 "Committee", "Agency", "Parliament", "Cabinet", "Court", "Office", "Department", "Commission",
                 "Assembly", "Bureau", "Embassy", "Military", "Politburo", "Secretariat", "Presidium", "Union",
                 "Foreign Ministry", "Defence Ministry", "Defense Ministry", "the Party", "Central Committee",
                 "State", "Board", "Institute", "University", "Bank", "Fund", "Group", "Company", "Corp"}
_JUNK = re.compile(r"^[\W\d_]+$|https?:|www\.|@")


def clean_name(surface: str) -> str:
    """A surface form without the possessive, a leading "the" and edge punctuation."""
    s = re.sub(r"\s+", " ", surface).strip()
    s = _POSSESSIVE.sub("", s)
    s = re.sub(r"^(the|The)\s+", "", s)
    return s.strip(" .,;:-\"'“”‘’()")


class _People:
    """The persons an article has named so far: how often, and by which name tokens."""

    def __init__(self):
        self.seen: Counter = Counter()
        self.tokens: dict[str, list[str]] = {}  # name token -> persons with it, in order of appearance

    def remember(self, pid: str, name: str) -> None:
        self.seen[pid] += 1
        for tok in name.replace("-", " ").split():
            if len(tok) > 1 and tok[0].isupper():
                lst = self.tokens.setdefault(tok, [])
                if pid not in lst:
                    lst.append(pid)


def resolve_article(group: pd.DataFrame, published, gz: Gazetteer, splits: dict) -> list:
    """Entity id per raw mention of one article (None = not an actor), in the order of ``group``.

    ``splits`` maps a surface (or ``(surface, article_id)``) to the id the analyst gave it.
    """
    people = _People()
    # Countries named unambiguously anywhere in the article decide the ambiguous names
    # ("Korea", "the North"): one candidate present -> that country; none or several -> a place.
    named = Counter(g.split("|", 1)[0][8:] for g in group["gaz"] if g.startswith("country:"))
    out = []
    for m in group.itertuples(index=False):
        split = _resolve_split(m, splits)
        if split is not None:
            out.append(split)
            continue
        if m.gaz:
            eid = _resolve_gazetteer(m, published, gz, people, named)
        elif m.label == "PERSON":
            eid = _resolve_person(m, gz, people)
        elif m.label == "ORG":
            eid = _resolve_org(m, gz, people, named)
        elif m.label in {"GPE", "LOC", "FAC"}:
            eid = _resolve_place(m, gz, people)
        else:
            eid = None
        # NORP outside the gazetteer ("Communist", "Muslim") is not an actor.
        if eid and eid.split(":", 1)[1] == "":
            eid = None
        out.append(eid)
    return out


def _resolve_split(m, splits: dict):
    """The analyst's split of this surface in this article, else of this surface anywhere (else None)."""
    if (m.surface, m.article_id) in splits:
        return splits[(m.surface, m.article_id)]
    return splits.get(m.surface)


def _resolve_gazetteer(m, published, gz: Gazetteer, people: _People, named: Counter) -> str | None:
    """A gazetteer match (``gaz`` = ``target|kind``): its target, or what the title, context or ambiguity picks."""
    target, kind = m.gaz.split("|", 1)
    if target == "title":
        eid = gz.title_holder(kind, published)
        if eid:
            people.remember(eid, gz.entities.loc[eid, "name"] if eid in gz.entities.index else "")
        return eid
    if target == "context":
        # "the Foreign Ministry", "Joint Chiefs of Staff": whose depends on the article's countries.
        return _by_context(gz, kind, named)
    if target == "ambiguous":
        present = [c for c in kind.split("|") if c and c in named]
        return f"country:{present[0]}" if len(present) == 1 else f"place:{slugify(clean_name(m.surface))}"
    if kind == "capital" and m.role == "place":
        return f"place:{slugify(clean_name(m.surface))}"
    if kind == "person":
        people.remember(target, m.surface)
        if target in gz.entities.index:
            people.remember(target, gz.entities.loc[target, "name"])
    return target


def _by_context(gz: Gazetteer, name: str, named: Counter) -> str | None:
    """The body ``name`` means in an article naming the countries ``named`` (the most named country's)."""
    options = [(named[c], eid) for c, eid in gz.contextual.get(name, []) if c in named]
    return max(options)[1] if options else None


def _not_a_name(name: str, max_words: int | None = None) -> bool:
    return not name or bool(_JUNK.search(name)) or name.islower() \
        or (max_words is not None and len(name.split()) > max_words)


def _resolve_person(m, gz: Gazetteer, people: _People) -> str | None:
    """A PERSON span: a person named before in the article, a known surname or alias, else a new person."""
    name = clean_name(m.surface)
    if _not_a_name(name, 5):
        return None
    toks = name.replace("-", " ").split()
    candidates = [pid for t in toks for pid in people.tokens.get(t, [])] if len(toks) <= 2 else []
    if candidates:
        eid = max(candidates, key=lambda p: (people.seen[p], -candidates.index(p)))
    elif len(toks) == 1 and name in gz.surname_index:
        eid = gz.surname_index[name]
    elif name in gz.aliases:
        eid = gz.aliases[name][0]
    elif len(toks) == 1:
        eid = None  # a lone capitalised word with no one to refer to: too often a ship or a town
    else:
        eid = f"person:{slugify(name)}"
    if eid:
        people.remember(eid, name)
    return eid


def _resolve_org(m, gz: Gazetteer, people: _People, named: Counter) -> str | None:
    """An ORG span: a context-dependent body, a known alias, a person's name mistagged, else a new body."""
    name = clean_name(m.surface)
    if name in gz.contextual:
        return _by_context(gz, name, named)
    if _not_a_name(name, 7) or name in _GENERIC_ORGS:
        return None
    if name in gz.aliases:
        return gz.aliases[name][0]
    if name.replace(" ", "") in people.tokens:
        return people.tokens[name.replace(" ", "")][0]  # "Kim" tagged ORG after "Kim Jong Un"
    return f"org:{slugify(name)}"


def _resolve_place(m, gz: Gazetteer, people: _People) -> str | None:
    """A GPE, LOC or FAC span: a known alias (a capital used as a place stays a place), a person's name, else a place."""
    name = clean_name(m.surface)
    if _not_a_name(name):
        return None
    if name in gz.aliases:
        target, kind = gz.aliases[name]
        return target if not (kind == "capital" and m.role == "place") else f"place:{slugify(name)}"
    if name in people.tokens:
        return people.tokens[name][0]
    return f"place:{slugify(name)}"


def surname_fill(out: pd.DataFrame, texts: dict[str, str], body_starts: dict[str, int]) -> pd.DataFrame:
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
            toks = clean_name(m.surface).replace("-", " ").split()
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


def attach_sentences(fill: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Give surname hits the sentence that encloses them (the last sentence starting before them)."""
    sents = (mentions[["article_id", "sent", "sent_start", "sent_end"]].drop_duplicates()
             .sort_values("sent_start", kind="stable"))
    fill = fill.sort_values("start", kind="stable")
    merged = pd.merge_asof(fill, sents, left_on="start", right_on="sent_start", by="article_id",
                           direction="backward")
    return merged.fillna({"sent": 0, "sent_start": 0, "sent_end": 0})
