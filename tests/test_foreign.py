"""Countries in articles no model reads, by their names in the article's language (components.build.foreign)."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.foreign import FOREIGN_LABEL, foreign_raw, foreign_rows, names_for, with_foreign_raw


def found(text: str, lang: str, body_start: int = 0) -> list[tuple[str, str]]:
    return [(r["surface"], r["gaz"][8:]) for r in foreign_rows("a", text, lang, body_start)]


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "La Corée du Sud et les États-Unis ont condamné le tir.", [("Corée du Sud", "KOR"), ("États-Unis", "USA")]),
    ("es", "Corea del Norte lanzó un misil; Japón protestó.", [("Corea del Norte", "PRK"), ("Japón", "JPN")]),
    ("de", "Nordkoreas Machthaber traf in Russland ein.", [("Nordkorea", "PRK"), ("Russland", "RUS")]),
    ("ko", "북한이 발사했다. 일본과 미국은 규탄했다.", [("북한", "PRK"), ("일본", "JPN"), ("미국", "USA")]),
])
def test_names_in_their_language(lang, text, expected):
    assert found(text, lang) == expected


def test_a_name_inside_a_longer_word_is_no_country():
    # Korean "인도적" (humanitarian) opens with "인도" (India); a French "-coréen" adjective is no country
    assert found("인도적 지원을 논의했다.", "ko") == []
    assert found("l'armée sud-coréenne et la Chine", "fr") == [("Chine", "CHN")]
    assert found("Chinesische Firmen", "de") == []


def test_rows_carry_their_sentence_and_skip_the_dateline():
    text = "PARIS - La Chine a réagi. Le Japon aussi."
    rows = foreign_rows("a", text, "fr", body_start=8)
    assert [(r["surface"], r["sent"], text[r["sent_start"]:r["sent_end"]].strip()) for r in rows] == [
        ("Chine", 0, "PARIS - La Chine a réagi."), ("Japon", 1, "Le Japon aussi.")]
    assert {r["label"] for r in rows} == {FOREIGN_LABEL} and {r["role"] for r in rows} == {"place"}


def test_languages_without_spaces_and_english_get_nothing():
    assert names_for("zh") == names_for("ja") == names_for("en") == names_for("") == ()
    assert found("日本と中国", "ja") == [] and found("North Korea", "en") == []


def test_raw_rows_are_made_again_never_kept_twice():
    arts = pd.DataFrame({"article_id": ["f", "e"], "text": ["Le Japon a protesté.", "Japan protested."],
                         "language": ["fr", "en"], "body_start": [0, 0]})
    once = foreign_raw(arts)
    assert once[["article_id", "surface", "gaz"]].values.tolist() == [["f", "Japon", "country:JPN"]]
    english = pd.DataFrame({"article_id": ["e"], "start": [0], "end": [5], "surface": ["Japan"], "label": ["GAZ"],
                            "gaz": ["country:JPN|name"], "role": ["place"], "sent": [0], "sent_start": [0],
                            "sent_end": [16]})
    raw = with_foreign_raw(pd.concat([english, once], ignore_index=True), arts)
    assert raw[["article_id", "label"]].values.tolist() == [["e", "GAZ"], ["f", FOREIGN_LABEL]]


def test_capitals_are_their_city_never_a_short_word_opening_a_sentence():
    text = "La Corée du Nord a tiré. Le tir suit des manœuvres entre Séoul et Washington. Seul le Japon a protesté."
    got = [(r["surface"], r["gaz"]) for r in foreign_rows("a", text, "fr")]
    assert got == [("Corée du Nord", "country:PRK"), ("Séoul", "place:seoul"),
                   ("Washington", "place:washington-usa-dc"), ("Japon", "country:JPN")]  # no "Seul" (alone)
    # a country's name in the language wins over a capital's alternate name ("México" is Mexico)
    assert [(r["surface"], r["gaz"]) for r in foreign_rows("a", "Ayer Pekín y Moscú callaron; México protestó.", "es")] == [
        ("Pekín", "place:beijing"), ("Moscú", "place:moscow"), ("México", "country:MEX")]
    # Korean has no case: a capital opening the text is taken
    assert [r["gaz"] for r in foreign_rows("a", "서울 - 북한이 발사했다.", "ko")] == ["place:seoul", "country:PRK"]


def test_a_longer_capital_opening_a_sentence_is_taken():
    assert [r["gaz"] for r in foreign_rows("a", "Le Japon a protesté. Séoul a convoqué une réunion.", "fr")] == [
        "country:JPN", "place:seoul"]
