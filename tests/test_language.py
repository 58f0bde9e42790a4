"""Article languages (components.build.language) and what the English model is allowed to read."""
from __future__ import annotations

import json

import pytest

from components.build.language import analysed_by_english, detect_language, not_analysed_line

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "languages"


@pytest.mark.parametrize("name,lang", [("en-missile.txt", "en"), ("fr-coree-missile.txt", "fr"),
                                       ("ko-missile.txt", "ko")])
def test_fixture_languages(name, lang):
    assert detect_language((FIXTURES / name).read_text(encoding="utf-8")) == lang


@pytest.mark.parametrize("text", [
    "WASHINGTON, Feb 26 - Shr 27 cts vs 29 cts\n\nNet 13,555,000 vs 14,635,000\n\nRevs 104.6 mln vs 110.3 mln",
    "MINNETONKA, MINN., Feb 26 - Qtly div two cts vs 1.7 cts\n\nPay March 26\n\nRecord March 12",
])
def test_wire_tables_stay_english(text):
    """Market tables score low for every language; they must not be taken out of the English model."""
    assert analysed_by_english(detect_language(text))


def test_no_letters_is_undetermined_and_read_as_english():
    assert detect_language("12 34 -- 56") == "" and analysed_by_english("")


def test_summary_names_the_languages_left_out():
    assert not_analysed_line(["en", "en", ""]) == ""
    line = not_analysed_line(["fr", "ko", "en", "fr"])
    assert line.startswith("3 articles not analysed for actors") and "French 2" in line and "Korean 1" in line


def test_store_with_french_and_korean_articles(tmp_path):
    """They are stored and searchable with their language; no English NER runs on them, so no invented
    people; the run's summary names the languages not analysed for actors."""
    import pandas as pd

    from components.build.pipeline import process

    summary = process([FIXTURES], tmp_path / "store")
    arts = pd.read_parquet(tmp_path / "store" / "articles.parquet")
    ments = pd.read_parquet(tmp_path / "store" / "mentions.parquet")
    assert sorted(arts["language"]) == ["en", "fr", "ko"]
    foreign = set(arts.loc[arts["language"] != "en", "article_id"])
    assert not ments["article_id"].isin(foreign).any()
    assert "French 1" in summary.not_analysed and "Korean 1" in summary.not_analysed
    assert "not analysed for actors" in summary.line()
    english = ments[~ments["article_id"].isin(foreign)]
    assert {"person:fumio-kishida", "country:PRK"} <= set(english["entity_id"])
    assert not english["entity_id"].str.contains("roosevelt|burke").any()  # a carrier and a destroyer class
    assert (english["rule"] != "").all()
