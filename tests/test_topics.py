from __future__ import annotations

import pandas as pd

from components.build.topics import assign_topics, match_topics


def test_two_clear_topics(tiny_articles):
    res = assign_topics(tiny_articles, n_topics=2, min_df=1)
    groups = res.articles.groupby("topic_id")["article_id"].apply(set).tolist()
    assert {"a", "b", "e"} in groups and {"c", "d", "f"} in groups
    assert res.articles["topic_confidence"].between(0, 1).all()
    assert len(res.topics) == 2 and res.topics["size"].sum() == 6


def test_deterministic(tiny_articles):
    a = assign_topics(tiny_articles, n_topics=2, min_df=1).articles
    b = assign_topics(tiny_articles, n_topics=2, min_df=1).articles
    pd.testing.assert_frame_equal(a, b)


def test_ids_stable_when_the_store_grows(tiny_articles):
    first = assign_topics(tiny_articles, n_topics=2, min_df=1)
    extra = pd.DataFrame({"article_id": ["g"], "title": ["Another missile launch"],
                          "text": ["North Korea fired another missile into the sea."]})
    second = assign_topics(pd.concat([tiny_articles, extra]), n_topics=2, min_df=1, previous=first.topics)
    before = dict(zip(first.articles["article_id"], first.articles["topic_id"]))
    after = dict(zip(second.articles["article_id"], second.articles["topic_id"]))
    assert after["a"] == before["a"] and after["c"] == before["c"] and after["g"] == before["a"]


def test_renamed_topic_keeps_its_name(tiny_articles):
    first = assign_topics(tiny_articles, n_topics=2, min_df=1)
    tid = int(first.topics["topic_id"].iloc[0])
    again = assign_topics(tiny_articles, n_topics=2, min_df=1, previous=first.topics, names={str(tid): "My name"})
    assert again.topics.set_index("topic_id").loc[tid, "label"] == "My name"


def test_automatic_k_and_every_article_assigned(tiny_articles):
    many = pd.concat([tiny_articles.assign(article_id=tiny_articles["article_id"] + str(i)) for i in range(12)])
    res = assign_topics(many, n_topics=0, min_df=1)
    assert res.articles["topic_id"].notna().all() and len(res.articles) == len(many)
    assert res.k_scores and len(res.topics) == max(res.k_scores, key=res.k_scores.get)


def test_match_topics_new_ids_after_the_old_ones():
    old = pd.DataFrame({"topic_id": [3], "terms": [["a", "b"]]})
    assert match_topics([["z"], ["a", "b"]], old) == [4, 3]
