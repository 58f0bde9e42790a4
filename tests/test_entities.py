"""Raw mentions and canonical actors, with the tiny fixture gazetteer."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise, entity_table
from components.build.parse import build_nlp, extract_raw_mentions

from conftest import EXAMPLE


@pytest.fixture(scope="module")
def tiny_nlp(tiny_gz):
    return build_nlp(gazetteer=tiny_gz)


def run(texts, tiny_nlp, tiny_gz, published="2023-12-29", edits=None):
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts,
                         "published": pd.Timestamp(published, tz="UTC")})
    from components.build.dates import split_dateline

    arts["body_start"] = [split_dateline(t)[1] for t in arts["text"]]
    raw = extract_raw_mentions(arts, tiny_nlp, n_process=1)
    return arts, raw, canonicalise(raw, arts, tiny_gz, edits)


def ids(ments, aid="a0"):
    return ments.loc[ments["article_id"] == aid, "entity_id"].tolist()


def test_surname_and_title_resolve_to_the_full_name(tiny_nlp, tiny_gz):
    _, _, m = run(["Kim Jong Un inspected a factory. Later Kim spoke to workers. "
                   "The North Korean leader said output must rise."], tiny_nlp, tiny_gz)
    assert ids(m).count("person:kim-jong-un") == 3


def test_hyphenated_variant_is_the_same_actor(tiny_nlp, tiny_gz):
    _, _, m = run(["Kim Jong-un met officials in the capital on Monday."], tiny_nlp, tiny_gz)
    assert ids(m) == ["person:kim-jong-un"]


def test_title_depends_on_the_date(tiny_nlp, tiny_gz):
    _, _, m = run(["The South Korean president met the cabinet."], tiny_nlp, tiny_gz, published="2023-06-01")
    assert "person:yoon-suk-yeol" in ids(m)
    _, _, m = run(["The South Korean president met the cabinet."], tiny_nlp, tiny_gz, published="2019-06-01")
    assert "person:yoon-suk-yeol" not in ids(m)


def test_capital_as_actor_vs_place(tiny_nlp, tiny_gz):
    _, raw, m = run(["Pyongyang warned that it would respond. Thousands joined a parade in Pyongyang on Friday."],
                    tiny_nlp, tiny_gz)
    assert ids(m) == ["country:PRK", "place:pyongyang"]
    assert raw["role"].tolist() == ["actor", "place"]


def test_seats_and_demonyms_count_for_the_country(tiny_nlp, tiny_gz):
    _, _, m = run(["The White House said American officials would meet their Japanese counterparts."],
                  tiny_nlp, tiny_gz)
    assert ids(m) == ["country:USA", "country:USA", "country:JPN"]


def test_korea_alone_is_not_south_korea(tiny_nlp, tiny_gz):
    _, _, m = run(["Korea was divided in 1945, and the inter-Korean border remains closed."], tiny_nlp, tiny_gz)
    assert "country:KOR" not in ids(m) and "country:PRK" not in ids(m)
    assert "place:korea" in ids(m)


def test_dateline_is_not_a_mention(tiny_nlp, tiny_gz):
    _, _, m = run(["SEOUL (PTW) - Officials met on Monday to discuss the budget."], tiny_nlp, tiny_gz)
    assert "country:KOR" not in ids(m) and "place:seoul" not in ids(m)


def test_unknown_people_get_stable_slugs_merged_across_articles(tiny_nlp, tiny_gz):
    _, _, m = run(["Analyst Park Won-gon said talks were unlikely.", "Park Won-gon told reporters it was over."],
                  tiny_nlp, tiny_gz)
    assert "person:park-won-gon" in ids(m, "a0") and "person:park-won-gon" in ids(m, "a1")


def test_user_edits_merge_and_split_without_nlp(tiny_nlp, tiny_gz):
    arts, raw, m = run(["Park Won-gon said talks were unlikely."], tiny_nlp, tiny_gz)
    merged = canonicalise(raw, arts, tiny_gz, {"merge": {"person:park-won-gon": "person:ahn-chan-il"}})
    assert "person:ahn-chan-il" in merged["entity_id"].tolist()
    split = canonicalise(raw, arts, tiny_gz, {"split": [{"surface": "Park Won-gon", "entity_id": "person:pwg"}]})
    assert "person:pwg" in split["entity_id"].tolist()


def test_example_article_actors(tiny_nlp, tiny_gz):
    from components.build.ingest import read_articles

    arts = read_articles([EXAMPLE]).articles
    raw = extract_raw_mentions(arts, tiny_nlp, n_process=1)
    m = canonicalise(raw, arts, tiny_gz)
    found = set(m["entity_id"])
    for iso in ("PRK", "KOR", "USA", "JPN", "RUS", "CHN"):
        assert f"country:{iso}" in found
    assert {"person:kim-jong-un", "person:ahn-chan-il", "org:ncg"} <= found
    assert not any("hamrakura" in e for e in found)
    ents = entity_table(m, arts, tiny_gz).set_index("entity_id")
    assert ents.loc["person:kim-jong-un", "country"] == "PRK"
    # Seoul, Tokyo and Washington act in "Seoul, Tokyo, and Washington have increased defense cooperation".
    acting = m[(m["surface"].isin(["Seoul", "Tokyo", "Washington"]))]
    assert set(acting["entity_id"]) == {"country:KOR", "country:JPN", "country:USA"}


def test_a_namesake_the_text_qualifies_holds_for_the_article(tiny_nlp, tiny_gz):
    """"Paris, Texas" once makes every later "Paris" of that article the Texas town, not France's capital."""
    _, _, m = run(["A fire broke out in Paris, Texas, on Monday. Firefighters in Paris said nobody was hurt."],
                  tiny_nlp, tiny_gz)
    paris = [e for e in ids(m) if "paris" in e]
    assert paris == ["place:paris-usa-tx", "place:paris-usa-tx"]


@pytest.mark.parametrize("text, name, role", [
    ("Smith played for Australia in the final.", "Australia", "actor"),        # the national team
    ("Smith was born in Australia in 1980.", "Australia", "place"),
    ("He welcomed the independence of India in 1947.", "India", "actor"),      # the state as a party
    ("He drove along the coast of India for a week.", "India", "place"),
    ("The team lost to Brazil on Sunday.", "Brazil", "actor"),
    ("He moved to Brazil on Sunday.", "Brazil", "place"),
    ("An own goal from the San Marino defender Claudio Canti decided it.", "San Marino", "actor"),  # the team
    ("The San Marino coastline is short.", "San Marino", "place"),
])
def test_metonymy_evidence(tiny_nlp, text, name, role):
    from components.build.metonymy import metonymy_role

    doc = tiny_nlp(text)
    start = text.index(name)
    assert metonymy_role(doc.char_span(start, start + len(name))) == role


@pytest.mark.parametrize("text, name, role", [
    ("Damascus was their capital for a century.", "Damascus", "place"),   # a copula with a noun: the city
    ("Pyongyang is ready to talk.", "Pyongyang", "actor"),                 # a copula with a state of mind
    ("All of Beijing's expressways were closed.", "Beijing", "place"),     # what a city has
    ("Beijing's decision surprised Tokyo.", "Beijing", "actor"),           # what a government does
])
def test_capital_metonymy_needs_evidence(tiny_nlp, text, name, role):
    from components.build.metonymy import metonymy_role

    doc = tiny_nlp(text)
    start = text.index(name)
    assert metonymy_role(doc.char_span(start, start + len(name)), capital=True) == role


def test_a_country_name_that_opens_a_persons_name_is_a_given_name(tiny_nlp, tiny_gz):
    _, _, m = run(["Assistant coach Chad Foster praised the team after the game in Chad."], tiny_nlp, tiny_gz)
    assert ids(m).count("country:TCD") == 1  # the country at the end, not Mr Foster
