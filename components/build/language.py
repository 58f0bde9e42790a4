"""Each article's language, detected offline, and which articles the English model may read.

Detection uses ``py3langid`` (the langid.py model, shipped inside the wheel: no download).
A language other than English is recorded only when the model is sure of it
(``MIN_CONFIDENCE``), or leads with at least half the probability while English gets almost
none (``NOT_ENGLISH``: a short Spanish text is split between Spanish and its neighbours):
short market tables and wire briefs score low for every language and stay English, as they
are. Languages are ISO 639-1 codes: the best-ranked one with such a code where the model's
first guess has none; ``""`` is undetermined (no letters, or no two-letter code at all),
which the pipeline reads as English.

Only English goes through the English NER model (:func:`analysed_by_english`); other
languages are stored and searchable but get no people or organisations from English NER; the
countries they name are found by their names in their language (:mod:`components.build.foreign`),
and :func:`not_analysed_line` says how many articles in which languages were left out.

Examples
--------
>>> detect_languages(["North Korea fired a missile on Monday, Seoul's military said.",
...                   "La Corée du Nord a tiré un missile balistique lundi, a annoncé l'armée sud-coréenne.",
...                   "북한이 월요일 탄도미사일을 발사했다고 합동참모본부가 밝혔다.", "12 34"])
['en', 'fr', 'ko', '']
>>> not_analysed_line(["en", "fr", "ko", "fr", ""])
'3 articles not analysed for people and organisations (no model for their language): French 2, Korean 1; \
countries and capitals found by their names'
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

__all__ = ["detect_language", "detect_languages", "analysed_by_english", "not_analysed", "not_analysed_line",
           "language_name", "countries_found_words", "MIN_CONFIDENCE", "SAMPLE_CHARS"]

MIN_CONFIDENCE = 0.9  # on 3,000 Reuters stories no non-English guess reached it; real French/Korean text does
# ... or the top language at 0.5 at least and English under this: none of 4,000 Reuters and 1,025 KCNA stories
NOT_ENGLISH = 0.01
SAMPLE_CHARS = 2000  # the opening of an article decides: enough for the model, cheap on long texts
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, ``"en"`` when not sure, ``""`` when there is nothing to read.

    >>> detect_language("Der Bundeskanzler traf am Montag den französischen Präsidenten in Berlin."), detect_language("")
    ('de', '')
    >>> detect_language("Corea del Norte lanzó el martes un misil balístico. Japón protestó por la vía diplomática.")
    'es'

    """
    sample = (text or "")[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < 3:
        return ""
    ranked = _identifier().rank(sample)
    lang, conf = ranked[0]
    p_en = next((p for code, p in ranked if code == "en"), 0.0)
    # Sure of another language, or sure it is not English: the model splits a short Spanish text between Spanish
    # (0.85) and Extremaduran (0.13), yet gives English nothing
    if lang == "en" or not (conf >= MIN_CONFIDENCE or (conf >= 0.5 and p_en < NOT_ENGLISH)):
        return "en"
    return next((code for code, _ in ranked if len(code) == 2 and code != "en"), "")


def detect_languages(texts: Iterable[str]) -> list[str]:
    """:func:`detect_language` of each text."""
    return [detect_language(t) for t in texts]


def analysed_by_english(language: str) -> bool:
    """Whether an article in ``language`` goes through the English model (English or undetermined).

    >>> analysed_by_english("en"), analysed_by_english(""), analysed_by_english("fr")
    (True, True, False)
    """
    return language in ("en", "") or language is None


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code (pycountry's ISO 639 table), else the code itself.

    >>> language_name("ko"), language_name("xx")
    ('Korean', 'xx')
    """
    import pycountry

    lang = pycountry.languages.get(alpha_2=code) if code else None
    return lang.name if lang else code


def not_analysed(languages: Iterable[str]) -> Counter:
    """Articles per language that the English model did not read (most common first)."""
    return Counter(lang for lang in languages if not analysed_by_english(lang))


def not_analysed_line(languages: Iterable[str]) -> str:
    """One line for the pipeline summary ("" when every article was analysed).

    >>> not_analysed_line(["fr", "ja", "en"])
    '2 articles not analysed for people and organisations (no model for their language): French 1, Japanese 1; countries and capitals found by their names, except in Japanese'
    """
    counts = not_analysed(languages)
    if not counts:
        return ""
    total = sum(counts.values())
    parts = ", ".join(f"{language_name(code)} {n}" for code, n in counts.most_common())
    return (f"{total} article{'s' if total != 1 else ''} not analysed for people and organisations (no model for "
            f"their language): {parts}; {countries_found_words(counts)}")


def countries_found_words(counts: dict[str, int]) -> str:
    """Whether the countries of articles in these languages were found by name
    (:mod:`components.build.foreign`: CLDR's names; none in languages written without spaces).

    >>> countries_found_words({"fr": 2}), countries_found_words({"ja": 1, "zh": 1})
    ('countries and capitals found by their names', 'no countries or capitals found either')
    """
    from components.build.foreign import names_for

    missing = [language_name(c) for c in counts if not names_for(c)]
    if not missing:
        return "countries and capitals found by their names"
    if len(missing) == len(counts):
        return "no countries or capitals found either"
    return "countries and capitals found by their names, except in " + ", ".join(missing)
