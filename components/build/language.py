"""Each article's language, detected offline, and which articles the English model may read.

Detection uses ``py3langid`` (the langid.py model, shipped inside the wheel: no download).
A language other than English is recorded only when the model is sure of it
(``MIN_CONFIDENCE``): short market tables and wire briefs score low for every language and
stay English, as they are. Languages are ISO 639-1 codes; ``""`` is undetermined (no
letters, or a label with no two-letter code), which the pipeline reads as English.

Only English goes through the English NER model (:func:`analysed_by_english`); other
languages are stored and searchable but get no actors from English NER, and
:func:`not_analysed_line` says how many articles in which languages were left out.

Examples
--------
>>> detect_languages(["North Korea fired a missile on Monday, Seoul's military said.",
...                   "La Corée du Nord a tiré un missile balistique lundi, a annoncé l'armée sud-coréenne.",
...                   "북한이 월요일 탄도미사일을 발사했다고 합동참모본부가 밝혔다.", "12 34"])
['en', 'fr', 'ko', '']
>>> not_analysed_line(["en", "fr", "ko", "fr", ""])
'3 articles not analysed for actors (no model for their language): French 2, Korean 1'
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

__all__ = ["detect_language", "detect_languages", "analysed_by_english", "not_analysed", "not_analysed_line",
           "language_name", "MIN_CONFIDENCE", "SAMPLE_CHARS"]

MIN_CONFIDENCE = 0.9  # on 3,000 Reuters stories no non-English guess reached it; real French/Korean text does
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
    """
    sample = (text or "")[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < 3:
        return ""
    lang, conf = _identifier().classify(sample)
    if lang == "en" or conf < MIN_CONFIDENCE:
        return "en"
    return lang if len(lang) == 2 else ""


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
    """One line for the pipeline summary and the Overview ("" when every article was analysed)."""
    counts = not_analysed(languages)
    if not counts:
        return ""
    total = sum(counts.values())
    parts = ", ".join(f"{language_name(code)} {n}" for code, n in counts.most_common())
    return f"{total} article{'s' if total != 1 else ''} not analysed for actors (no model for their language): {parts}"
