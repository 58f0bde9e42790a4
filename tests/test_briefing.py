"""The briefing pack follows the view: the filtered actors' statements, whole sentences, no empty columns."""
from __future__ import annotations

import pandas as pd

from components.present.briefing import _statements_item, _without_empty


def _said():
    arts = pd.DataFrame({"article_id": ["1", "2", "3"], "source": ["KCNA", "Yonhap", "Reuters"],
                         "published": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"], utc=True)})
    statements = pd.DataFrame({
        "article_id": ["1", "2", "3", "3"],
        "speaker_id": ["person:kim", "person:yoon", None, "person:kim"],
        "text": ["deliveries", "a grave provocation", "nothing", "war"],
        "sentence": ["Kim called for more deliveries of shells.", "Yoon called the launch a grave provocation.",
                     "Officials said nothing.", "Kim said the  country was ready for war."]})
    return statements, arts


def test_who_said_what_quotes_the_filtered_actors_in_whole_sentences():
    statements, arts = _said()
    item = _statements_item(statements, arts, {"person:kim": "Kim Jong Un"}, sub="", sources="", focus=("person:kim",))
    t = item["table"]
    assert set(t["speaker"]) == {"Kim Jong Un"}
    assert t["said"].tolist() == ["Kim said the country was ready for war.", "Kim called for more deliveries of shells."]
    assert "filtered actors" in item["notes"]


def test_who_said_what_without_a_filtered_speaker_names_the_speakers():
    statements, arts = _said()
    t = _statements_item(statements, arts, {}, sub="", sources="", focus=("country:PRK",))["table"]
    assert t["speaker"].notna().all() and len(t) == 3  # the unattributed statement is left out


def test_empty_columns_are_left_out():
    t = pd.DataFrame({"date": ["2 Jan 2024"], "title": ["A"], "url": [None]})
    assert _without_empty(t).columns.tolist() == ["date", "title"]


def test_the_pack_draws_how_the_filtered_actors_speak_of_each_other():
    from components.present.briefing import _stances_item

    statements, arts = _said()
    statements = statements.assign(targets=[["country:USA"], ["person:kim"], [], ["country:USA"]],
                                   stance=["cooperative", "hostile", "neutral", "hostile"])
    names = {"person:kim": "Kim Jong Un", "person:yoon": "Yoon Suk Yeol", "country:USA": "United States"}
    item = _stances_item(statements, arts, names, {}, sub="", foot="", sources="", focus=("person:kim",))
    assert item["title"] == "How actors speak of each other"
    rows = item["table"].set_index("with").to_dict("index")
    assert rows["United States"]["statements"] == 2 and rows["United States"]["hostile"] == 1
    legend = [t.name for t in item["figure"].data if t.name]
    assert any(n.startswith("Mostly hostile") for n in legend)
    assert _stances_item(statements.drop(columns="stance"), arts, names, {}, sub="", foot="", sources="") is None
