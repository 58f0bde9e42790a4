"""A government's body written by its kind alone ("the Finance Ministry said") is that country's body: of the country
written before it, else of the story's dateline, else of the country the story names most; never one body pooled
across every story that writes the word, whose guessed affiliation was any country (issue 17, read on 400 Reuters
stories: "Finance Ministry" was one actor in 12 stories, affiliated to Ivory Coast). Invented text, real pipeline."""
from __future__ import annotations

import pandas as pd

from components.build.entities import canonicalise, entity_table


def table(texts, nlp, gz, datelines):
    from components.build.parse import extract_raw_mentions

    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts,
                         "published": pd.Timestamp("1987-04-01", tz="UTC"), "body_start": 0, "dateline": datelines})
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    return m, entity_table(m, arts, gz)


def test_each_storys_body_is_its_own_countrys(nlp, gz):
    texts = ["ROME, March 3 - The Treasury said it would sell bonds next week, dealers said.",
             "LONDON, March 3 - The Treasury said it would sell gilts next week, dealers said.",
             "WASHINGTON, March 3 - The Treasury said it would sell notes next week, dealers said."]
    m, ents = table(texts, nlp, gz, ["ROME", "LONDON", "WASHINGTON"])
    by_article = dict(zip(m.loc[m["surface"].str.contains("Treasury"), "article_id"],
                          m.loc[m["surface"].str.contains("Treasury"), "entity_id"]))
    assert len(set(by_article.values())) == len(by_article) == 3, by_article
    countries = ents.set_index("entity_id").loc[list(by_article.values()), "country"].tolist()
    assert countries == ["ITA", "GBR", "USA"], ents


def test_a_country_written_before_the_body_owns_it(nlp, gz):
    m, ents = table(["TOKYO, March 3 - France's Finance Ministry said the franc was stable, a Japanese official said."],
                    nlp, gz, ["TOKYO"])
    ids = set(m.loc[m["surface"].str.contains("Finance Ministry"), "entity_id"])
    assert ids == {"org:fra-finance-ministry"}, m[["surface", "entity_id"]]
    row = ents.set_index("entity_id").loc["org:fra-finance-ministry"]
    assert row["name"] == "Finance Ministry (France)" and row["country"] == "FRA", row


def test_a_listed_body_is_found_by_its_kind(nlp, gz):
    m, _ents = table(["The Treasury said U.S. bond sales would rise, officials in Washington said."], nlp, gz, [""])
    assert "org:us-treasury" in set(m["entity_id"]), m[["surface", "entity_id"]]


def test_a_body_whose_country_the_story_does_not_show_gets_no_guessed_country(nlp, gz):
    """The kind alone, as before, but no country guessed from the countries around it (was: Ivory Coast)."""
    m, ents = table(["The Treasury of one country disagreed, France and Italy said. The Treasury would not comment."],
                    nlp, gz, [""])
    kinds = ents[ents["entity_id"].isin(["org:treasury"])]
    assert not any(e.startswith(("org:fra-", "org:ita-")) for e in m["entity_id"]), m[["surface", "entity_id"]]
    assert (kinds["country"] == "").all(), kinds
