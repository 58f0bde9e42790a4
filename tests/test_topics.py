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


# --------------------------------------------------------------------------- incremental topics (issue 20)

_DESKS = {
    "missile": ["missile launch", "ballistic missile test", "rocket fired sea", "icbm launch pad",
                "missile defence radar", "warhead test site", "launcher rocket engine", "nuclear warhead icbm"],
    "trade": ["trade deficit exports", "tariffs imports trade", "exports growth surplus", "trade talks tariffs",
              "import quotas deficit", "customs duties exports", "trade balance surplus", "tariff exporters quota"],
    "football": ["football league match", "striker scored goal", "football cup final", "goalkeeper saved penalty",
                 "league title match", "coach football season", "midfielder goal striker", "penalty cup goalkeeper"],
}
_NEW_DESK = ["vaccine hospital patients", "virus outbreak hospital", "doctors vaccine trial", "patients clinic virus",
             "health ministry vaccine", "outbreak infections doctors", "clinic nurses patients", "virus vaccine doses"]


# Words every desk uses: the articles' neighbour graph is connected, as real news is.
_COMMON = ["officials said report", "week statement government", "country people year", "new plan monday",
           "minister told reporters", "sources expect more"]


def _desk_articles(desks: dict, n: int, prefix: str, seed: int = 0) -> pd.DataFrame:
    """``n`` articles per desk, each five of its phrases (seeded), ids ``prefix-desk-i``."""
    import random

    rng = random.Random(seed)
    rows = []
    for desk, phrases in desks.items():
        for i in range(n):
            words = " ".join(rng.sample(phrases, 5) + rng.sample(_COMMON, 2))
            rows.append({"article_id": f"{prefix}-{desk}-{i}", "title": words.split()[0].title(), "text": words,
                         "desk": desk})
    return pd.DataFrame(rows)


def _fit(arts):
    return assign_topics(arts.drop(columns="desk"), n_topics=3, min_df=1)


def _grow(first, arts, **kw):
    from components.build.topics import topics_for_store

    kw.setdefault("min_new", 10)
    return topics_for_store(arts.drop(columns="desk"), model=first.model, previous=first.topics,
                            previous_articles=first.articles, previous_themes=first.themes, min_df=1, **kw)


def test_new_articles_join_the_topic_they_fit_and_old_ones_keep_theirs():
    old = _desk_articles(_DESKS, 25, "old")
    first = _fit(old)
    new = _desk_articles(_DESKS, 3, "new", seed=1)
    grown = _grow(first, pd.concat([old, new], ignore_index=True))
    assert grown.report["mode"] == "incremental" and grown.report["born_topics"] == 0
    before = first.articles.set_index("article_id")
    after = grown.articles.set_index("article_id")
    pd.testing.assert_frame_equal(after.loc[before.index, before.columns], before, check_dtype=False)
    topic_of_desk = old.assign(t=before.loc[old["article_id"], "topic_id"].to_numpy()).groupby("desk")["t"].first()
    placed = new.assign(t=after.loc[new["article_id"], "topic_id"].to_numpy())
    assert (placed["t"] == placed["desk"].map(topic_of_desk)).all()
    assert after.loc[new["article_id"], "topic_confidence"].between(0, 1).all()
    assert grown.topics.set_index("topic_id")["label"].to_dict() == first.topics.set_index("topic_id")["label"].to_dict()


def test_a_topic_is_born_only_when_enough_new_articles_fit_none():
    old = _desk_articles(_DESKS, 25, "old")
    first = _fit(old)
    few = _desk_articles({"health": _NEW_DESK}, 3, "few")
    res = _grow(first, pd.concat([old, few], ignore_index=True))
    assert res.report["born_topics"] == 0 and set(res.topics["topic_id"]) == set(first.topics["topic_id"])
    assert res.articles.set_index("article_id").loc[few["article_id"], "low_confidence"].all()
    many = _desk_articles({"health": _NEW_DESK}, 15, "many")
    res = _grow(first, pd.concat([old, many], ignore_index=True))
    assert res.report["born_topics"] >= 1 and res.report["born_articles"] == 15
    born = set(res.articles.set_index("article_id").loc[many["article_id"], "topic_id"])
    assert born.isdisjoint(set(first.topics["topic_id"])) and min(born) > max(first.topics["topic_id"])
    assert res.report["drift"] == round(15 / (len(old) + 15), 4)


def test_drift_past_the_threshold_refits_and_ids_and_names_carry_over():
    old = _desk_articles(_DESKS, 25, "old")
    first = _fit(old)
    tid = int(first.topics["topic_id"].iloc[0])
    many = _desk_articles({"health": _NEW_DESK}, 15, "many")
    res = _grow(first, pd.concat([old, many], ignore_index=True), refit_drift=0.1, n_topics=4,
                names={str(tid): "Analyst's name"})
    assert res.report["mode"] == "refit" and "drift" in res.report["reason"] and res.report["kept"] == 1.0
    assert res.topics.set_index("topic_id").loc[tid, "label"] == "Analyst's name"
    asked = _grow(first, pd.concat([old, many], ignore_index=True), refit=True, n_topics=4)
    assert asked.report["mode"] == "refit" and asked.report["reason"].startswith("asked")


def test_every_article_has_a_theme_and_topics_nest_in_themes():
    arts = _desk_articles({**_DESKS, "health": _NEW_DESK}, 20, "a")
    res = assign_topics(arts.drop(columns="desk"), min_df=1)
    assert res.articles["theme_id"].notna().all() and res.articles["topic_id"].notna().all()
    assert res.articles.groupby("topic_id")["theme_id"].nunique().max() == 1
    assert set(res.themes["theme_id"]) == set(res.articles["theme_id"])
    assert res.themes["size"].sum() == len(arts) and len(res.themes) <= len(res.topics)


def test_topic_model_round_trips_through_the_store(tmp_path):
    from components.build.topics import TopicModel
    from components.store import read_arrays, write_store

    first = _fit(_desk_articles(_DESKS, 25, "old"))
    write_store(tmp_path, {"topics": first.topics}, manifest={}, arrays={"topic_model": first.model.to_arrays()})
    write_store(tmp_path, {"topics": first.topics}, manifest={})  # a write that does not mention it keeps it
    back = TopicModel.from_arrays(read_arrays(tmp_path, "topic_model"))
    assert back.topic_ids.tolist() == first.model.topic_ids.tolist()
    assert (back.project(["missile launch"]) == first.model.project(["missile launch"])).all()
    write_store(tmp_path, {"topics": first.topics}, manifest={}, arrays={"topic_model": None})
    assert read_arrays(tmp_path, "topic_model") is None


def _write_jsonl(path, arts: pd.DataFrame) -> None:
    import json

    with open(path, "w", encoding="utf-8") as fh:
        for i, r in enumerate(arts.itertuples()):
            fh.write(json.dumps({"id": r.article_id, "title": r.title, "text": f"{r.text}. {r.text}.",
                                 "published": f"2024-01-{1 + i % 28:02d}", "source": "Desk"}) + "\n")


def test_pipeline_places_new_articles_and_refits_only_when_asked(tmp_path, nlp):
    from components.build.cli import main
    from components.build.pipeline import process
    from components.store import load_store, read_manifest

    src, out = tmp_path / "in", tmp_path / "store"
    src.mkdir()
    _write_jsonl(src / "a.jsonl", _desk_articles(_DESKS, 5, "old"))
    process([src], out, n_process=1, nlp=nlp)
    before = load_store(out)
    assert {"topic_model.npz", "themes.parquet"} <= set(read_manifest(out)["files"])
    assert before["articles"]["theme_id"].notna().all()
    _write_jsonl(src / "b.jsonl", _desk_articles(_DESKS, 1, "new", seed=3))
    summary = process([src], out, n_process=1, nlp=nlp)
    assert summary.topic_report["mode"] == "incremental" and "3 new articles placed" in summary.line()
    after = load_store(out)["articles"].set_index("article_id")
    old = before["articles"].set_index("article_id")
    assert (after.loc[old.index, "topic_id"] == old["topic_id"]).all()
    assert main([str(src), "--out", str(out), "--refit-topics", "--quiet"]) == 0
    refit = load_store(out)
    assert refit["articles"]["topic_id"].notna().all() and "topic_model.npz" in refit["manifest"]["files"]


def test_the_theme_filter_keeps_the_articles_of_the_chosen_themes():
    from components.analysis.filters import Filters, describe, filter_mask

    arts = pd.DataFrame({"article_id": list("abc"), "topic_id": [1, 2, 3], "theme_id": [0, 0, 5],
                         "source": "A", "published": pd.to_datetime(["2024-01-01"] * 3, utc=True)})
    ments = pd.DataFrame(columns=["article_id", "entity_id"])
    assert filter_mask(arts, ments, Filters(themes=(5,))).tolist() == [False, False, True]
    assert describe(Filters(themes=(0,)), theme_names={0: "Trade"}) == "Themes: Trade"


def test_topics_view_theme_link_level_switch_and_refit_button(tmp_path, monkeypatch, nlp):
    """The Topics view offers both levels: ``?theme=`` filters, "Over time" switches level, "Refit topics" refits."""
    from streamlit.testing.v1 import AppTest

    from components.build.pipeline import process
    from components.store import load_store
    from conftest import ROOT

    src, out = tmp_path / "in", tmp_path / "store"
    src.mkdir()
    _write_jsonl(src / "a.jsonl", _desk_articles({**_DESKS, "health": _NEW_DESK}, 6, "a"))
    process([src], out, n_process=1, nlp=nlp)
    themes = load_store(out)["themes"]
    tid = int(themes["theme_id"].iloc[0])
    monkeypatch.setenv("WIRESCOPE_DATA", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["theme"] = str(tid)
    at.query_params["tab"] = "Over time"  # only the open tab runs
    at.switch_page("views/topics.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="theme").value == [tid]
    at.radio(key="topic_level").set_value("themes").run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="refit_topics").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("refitted" in s.value for s in at.success)
