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
    assert line.startswith("3 articles not analysed for people and organisations") and "French 2" in line \
        and "Korean 1" in line and line.endswith("; countries and capitals found by their names")
    assert not_analysed_line(["zh"]).endswith("Chinese 1; no countries or capitals found either")


def test_store_with_french_and_korean_articles(tmp_path):
    """They are stored and searchable with their language; no English NER runs on them, so no invented
    people; the countries they name are found by their names in their language; the run's summary names the
    languages not analysed for people and organisations."""
    import pandas as pd

    from components.build.foreign import RULE_FOREIGN_CAPITAL, RULE_FOREIGN_NAME
    from components.build.pipeline import process

    summary = process([FIXTURES], tmp_path / "store")
    arts = pd.read_parquet(tmp_path / "store" / "articles.parquet")
    ments = pd.read_parquet(tmp_path / "store" / "mentions.parquet")
    assert sorted(arts["language"]) == ["en", "fr", "ko"]
    foreign = set(arts.loc[arts["language"] != "en", "article_id"])
    theirs = ments[ments["article_id"].isin(foreign)]
    assert set(theirs["rule"]) == {RULE_FOREIGN_NAME, RULE_FOREIGN_CAPITAL}
    by_lang = {lang: set(theirs.loc[theirs["article_id"] == aid, "entity_id"])
               for aid, lang in zip(arts["article_id"], arts["language"]) if aid in foreign}
    # "La Corée du Nord", "Le Japon", "entre Séoul et Washington"; "서울 -" (its dateline, unread as one), "북한이",
    # "일본 정부" ("한미", Korea and the US in two syllables, is no name in CLDR)
    assert by_lang == {"fr": {"country:PRK", "country:JPN", "place:seoul", "place:washington-usa-dc"},
                       "ko": {"country:PRK", "country:JPN", "place:seoul"}}, by_lang
    assert [list(c) for c in arts.loc[arts["language"] != "en", "countries"]] == [["PRK"], ["PRK"]]
    assert "French 1" in summary.not_analysed and "Korean 1" in summary.not_analysed
    assert "not analysed for people and organisations" in summary.line()
    english = ments[~ments["article_id"].isin(foreign)]
    assert {"person:fumio-kishida", "country:PRK"} <= set(english["entity_id"])
    assert not english["entity_id"].str.contains("roosevelt|burke").any()  # a carrier and a destroyer class
    assert (english["rule"] != "").all()


def test_foreign_countries_hold_through_an_added_file_and_an_edit(tmp_path):
    """A second run that adds an article, and an analyst's edit (no NLP), keep every foreign article's
    countries, each mention once."""
    import pandas as pd

    from components.build.pipeline import apply_user_edits, process

    more = tmp_path / "more"
    more.mkdir()
    (more / "es.txt").write_text("Corea del Norte lanza un misil\nAgencia Prueba\nPublished 2024-01-17\n\n"
                                 "Corea del Norte lanzó el martes un misil balístico, según el Estado Mayor de "
                                 "Corea del Sur. Japón protestó por la vía diplomática.\n", encoding="utf-8")
    store = tmp_path / "store"
    process([FIXTURES], store)
    process([FIXTURES, more], store, add=True)

    def foreign_mentions():
        arts = pd.read_parquet(store / "articles.parquet")
        ments = pd.read_parquet(store / "mentions.parquet")
        lang = dict(zip(arts["article_id"], arts["language"]))
        got = ments[ments["article_id"].map(lang) != "en"]
        assert not got.duplicated(["article_id", "start", "end"]).any()
        return {lang[a]: set(g["entity_id"]) for a, g in got.groupby("article_id")}

    expected = {"fr": {"country:PRK", "country:JPN", "place:seoul", "place:washington-usa-dc"},
                "ko": {"country:PRK", "country:JPN", "place:seoul"},
                "es": {"country:PRK", "country:KOR", "country:JPN"}}
    assert foreign_mentions() == expected
    apply_user_edits(store, {"merge": {"person:fumio-kishida": "person:kishida-fumio"}})
    assert foreign_mentions() == expected
