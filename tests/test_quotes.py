"""Statements attributed to actors: tiny hand-written sentences, then the hand-labelled gold set."""
from __future__ import annotations

import json
import re
import sys

import pandas as pd
import pytest

from components.build.parse import extract_statements
from components.build.speech import find_quotes
from components.build.statements import STATEMENT_COLUMNS

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench_quotes  # noqa: E402  (the gold set's reader and scorer, shared with the benchmark)

GOLD = ROOT / "tests" / "gold" / "statements.jsonl"
# Floors set from the measurement on the gold set (see the report printed by the test);
# the targets are recall >= 0.80 and speaker accuracy >= 0.85.
RECALL_FLOOR = 0.95  # measured 0.979 on 241 statements (0.971 before the speaker classes of issue 22)
SPEAKER_FLOOR = 0.92  # the target; measured 0.953 (0.897 before the speaker classes, 0.874 before issue 22)
REACHABLE_FLOOR = 0.96  # measured 1.000 on 225 statements (0.932 before the speaker classes)
STANCE_F1_FLOOR = 0.75  # the target; measured 0.780 (macro-F1 of the three stances, found statements)
PRECISION_FLOOR = 0.92  # measured 0.949 on the 7 articles labelled exhaustively


@pytest.fixture(scope="module")
def qnlp():
    from components.build.parse import build_quote_nlp

    return build_quote_nlp()


def run(qnlp, text: str, mentions: dict[str, str] | None = None) -> pd.DataFrame:
    """Statements of one article; ``mentions`` maps each surface (first occurrence, or every
    occurrence when the surface ends with ``*``) to its entity id."""
    rows = []
    for surface, eid in (mentions or {}).items():
        every = surface.endswith("*")
        surface = surface.rstrip("*")
        hits = [m.start() for m in re.finditer(re.escape(surface), text)]
        assert hits, surface
        for start in hits if every else hits[:1]:
            rows.append({"article_id": "a", "entity_id": eid, "start": start, "end": start + len(surface)})
    ments = pd.DataFrame(rows, columns=["article_id", "entity_id", "start", "end"])
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    return extract_statements(arts, ments, qnlp, media={"org:kcna"})


def test_find_quotes_pairs_straight_and_typographic_marks():
    text = 'He said “we will win” and "never yield".\n“Runs on.\n“Ends here.”'
    assert [(text[s:e], r) for s, e, r in find_quotes(text)] == [
        ("we will win", False), ("never yield", False), ("Runs on.", True), ("Ends here.", False)]
    assert find_quotes("Kim's party and O'Brien's aide") == []


def test_direct_quote_with_typographic_marks(qnlp):
    st = run(qnlp, "“We will respond with overwhelming force,” Kim Jong Un said on Tuesday.",
             {"Kim Jong Un": "person:kim-jong-un"})
    assert list(st.columns) == STATEMENT_COLUMNS
    assert st[["speaker_id", "verb", "kind", "text"]].values.tolist() == [
        ["person:kim-jong-un", "say", "direct", "We will respond with overwhelming force"]]
    row = st.iloc[0]
    text = "“We will respond with overwhelming force,” Kim Jong Un said on Tuesday."
    assert text[row["start"]:row["end"]] == row["text"] and row["sentence"] == text
    assert (row["sent_start"], row["sent_end"]) == (0, len(text))


def test_direct_quote_after_colon_with_straight_marks(qnlp):
    st = run(qnlp, 'Pyongyang said: "The drills are a rehearsal for invasion."', {"Pyongyang": "country:PRK"})
    assert st[["speaker_id", "kind", "text"]].values.tolist() == [
        ["country:PRK", "direct", "The drills are a rehearsal for invasion."]]


def test_quote_spanning_two_sentences_keeps_its_speaker(qnlp):
    text = ("Kim Jong Un inspected a missile unit on Monday. "
            "“We will not hesitate. The enemy will pay dearly for any provocation,” he said.")
    st = run(qnlp, text, {"Kim Jong Un": "person:kim-jong-un"})
    assert st[["speaker_id", "kind", "text"]].values.tolist() == [
        ["person:kim-jong-un", "direct", "We will not hesitate. The enemy will pay dearly for any provocation"]]
    assert st.iloc[0]["sent_start"] == text.index("“We")


def test_second_quote_after_the_attribution_and_a_quote_running_on(qnlp):
    text = ('"The plan is sound," Heller said. "It will pass the Senate."\n'
            '"Congress must act now.\n"The banks are waiting," he said.\n'
            '"Nobody wants a crisis," he added. "It would be costly.\n"Very costly indeed."')
    st = run(qnlp, text, {"Heller": "person:robert-heller"})
    assert st["text"].tolist() == ["The plan is sound", "It will pass the Senate.", "Congress must act now.",
                                   "The banks are waiting", "Nobody wants a crisis", "It would be costly.",
                                   "Very costly indeed."]
    assert set(st["speaker_id"]) == {"person:robert-heller"} and set(st["kind"]) == {"direct"}


def test_reported_speech_with_its_clause_and_targets(qnlp):
    text = "South Korea's Joint Chiefs of Staff said the North Korean missile flew 400 kilometres."
    st = run(qnlp, text, {"South Korea's Joint Chiefs of Staff": "org:rok-jcs", "North Korean": "country:PRK"})
    assert st[["speaker_id", "verb", "kind", "text"]].values.tolist() == [
        ["org:rok-jcs", "say", "reported", "the North Korean missile flew 400 kilometres"]]
    assert st.iloc[0]["targets"] == ["country:PRK"]


def test_directive_and_stance_verbs(qnlp):
    text = ("Kim Jong Un called on the party to accelerate war preparations. "
            "North Korea criticised the drills as an open declaration of war. "
            "Seoul urged Pyongyang to return to talks.")
    st = run(qnlp, text, {"Kim Jong Un": "person:kim-jong-un", "North Korea": "country:PRK", "Seoul": "country:KOR",
                          "Pyongyang": "country:PRK"})
    assert st[["speaker_id", "verb", "text"]].values.tolist() == [
        ["person:kim-jong-un", "call on", "the party to accelerate war preparations"],
        ["country:PRK", "criticise", "criticised the drills as an open declaration of war"],  # a clause
        ["country:KOR", "urge", "Pyongyang to return to talks"]]
    assert st.iloc[2]["targets"] == ["country:PRK"]


def test_pronoun_speakers(qnlp):
    text = ("Kim Yo Jong issued a statement on Sunday. She warned that the North would respond. "
            "North Korea launched a satellite. It said the launch was a success.")
    st = run(qnlp, text, {"Kim Yo Jong": "person:kim-yo-jong", "North Korea": "country:PRK"})
    assert st[["speaker_surface", "speaker_id", "verb"]].values.tolist() == [
        ["She", "person:kim-yo-jong", "warn"], ["It", "country:PRK", "say"]]


def test_they_after_a_joint_subject_is_joint(qnlp):
    text = ("The United States and South Korea held talks on deterrence. "
            "They warned that any nuclear attack would end the regime.")
    st = run(qnlp, text, {"United States": "country:USA", "South Korea": "country:KOR"})
    assert st.iloc[0]["speaker_id"] == "country:USA" and st.iloc[0]["speakers"] == ["country:USA", "country:KOR"]


def test_pronoun_after_an_unnamed_subject_stays_unknown(qnlp):
    text = ("Libya moved troops into Chad, military sources said. "
            "They said the force was abandoning the oasis.")
    st = run(qnlp, text, {"Libya": "country:LBY", "Chad": "country:TCD"})
    they = st[st["speaker_surface"] == "They"]
    assert len(they) == 1 and they.iloc[0]["speaker_id"] == ""


def test_title_speakers(qnlp):
    text = ("Choe Son Hui met a Russian delegation in Pyongyang on Monday. The minister said the talks were "
            "productive. The North Korean Foreign Ministry issued a statement. The ministry said the drills "
            "were a provocation.")
    st = run(qnlp, text, {"Choe Son Hui": "person:choe-son-hui", "Pyongyang": "place:pyongyang",
                          "North Korean Foreign Ministry": "org:prk-mfa"})
    assert st[["speaker_surface", "speaker_id"]].values.tolist() == [
        ["The minister", "person:choe-son-hui"], ["The ministry", "org:prk-mfa"]]


def test_capital_speaker_and_according_to_state_media(qnlp):
    text = ("Seoul said it would suspend the military agreement. "
            "The satellite failed to reach orbit, according to state media. KCNA also carried photographs.")
    st = run(qnlp, text, {"Seoul": "country:KOR", "KCNA": "org:kcna"})
    assert st[["speaker_id", "verb", "text"]].values.tolist() == [
        ["country:KOR", "say", "it would suspend the military agreement"],
        ["org:kcna", "say", "The satellite failed to reach orbit"]]


def test_unknown_speaker_is_left_empty(qnlp):
    st = run(qnlp, "Analysts said the launch was a warning to Washington.", {"Washington": "country:USA"})
    assert st[["speaker_id", "speaker_surface", "targets"]].values.tolist() == [["", "Analysts", ["country:USA"]]]


def test_plain_sentences_have_no_statement(qnlp):
    st = run(qnlp, "The missile flew 400 kilometres before falling into the sea. Kim's sister visited Moscow. "
                   "The so-called peace talks stalled.", {"Moscow": "country:RUS"})
    assert st.empty and list(st.columns) == STATEMENT_COLUMNS


def test_hypothetical_and_negated_speech_is_no_statement(qnlp):
    st = run(qnlp, "Kim is expected to announce a new policy. Seoul did not say whether talks would resume.",
             {"Kim": "person:kim-jong-un", "Seoul": "country:KOR"})
    assert st.empty


def test_first_person_inside_a_published_statement(qnlp):
    text = ("Pyongyang, May 26 (KCNA) -- Kim Kang Il, vice-minister of National Defence, released the following "
            "press statement:\nLeaflets are a dangerous provocation.\nWe officially warn that we will respond.")
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "body_start": [text.index("Kim Kang")]})
    ments = pd.DataFrame({"article_id": ["a"], "entity_id": ["person:kim-kang-il"], "start": [arts.body_start[0]],
                          "end": [arts.body_start[0] + len("Kim Kang Il")]})
    st = extract_statements(arts, ments, qnlp, media=set())
    assert st[["speaker_id", "verb", "kind", "text"]].values.tolist() == [
        ["person:kim-kang-il", "state", "direct", "Leaflets are a dangerous provocation."],
        ["person:kim-kang-il", "state", "direct", "We officially warn that we will respond."],
        ["person:kim-kang-il", "warn", "reported", "we will respond"]]


def test_statements_in_an_already_parsed_doc(qnlp):
    from components.build.statements import statements_in_doc

    doc = qnlp("Tokyo protested. Japan said the launch violated UN resolutions.")
    rows = statements_in_doc(doc, "a", [(0, 5, "country:JPN"), (17, 22, "country:JPN"), (48, 50, "org:un")])
    assert [(r["speaker_id"], r["text"], r["targets"]) for r in rows] == [
        ("country:JPN", "the launch violated UN resolutions", ["org:un"])]


def test_no_articles_and_no_mentions(qnlp):
    empty = extract_statements(pd.DataFrame({"article_id": [], "text": []}), pd.DataFrame(
        columns=["article_id", "entity_id", "start", "end"]), qnlp)
    assert empty.empty and list(empty.columns) == STATEMENT_COLUMNS


# ---------------------------------------------------------------- gold set

def load_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_file_is_well_formed():
    gold = load_gold()
    assert len(gold) >= 200
    assert {g["source"] for g in gold} == {"demo", "kcna", "reuters", "raw-txt-sample"}
    for g in gold:
        assert set(g) - {"exhaustive"} == {"source", "key", "speaker", "verb", "kind", "cue", "targets", "stance"}, g
        assert g["stance"] in ("hostile", "cooperative", "neutral") and isinstance(g["targets"], list), g
        assert g["kind"] in ("direct", "reported") and 3 <= len(g["cue"].split()) <= 8, g
        speakers = g["speaker"] if isinstance(g["speaker"], list) else [g["speaker"]]
        assert all(s == "" or re.fullmatch(r"(person|org|country):[A-Za-z0-9-]+", s) for s in speakers), g


def gold_articles(tmp_path, gold: list[dict]) -> tuple[pd.DataFrame, dict]:
    """The gold set's articles read through the real ingest (bench/bench_quotes.py reads them the same way)."""
    arts, ids = bench_quotes.gold_articles(tmp_path, gold)
    wanted = {(g["source"], g["key"]) for g in gold}
    assert wanted <= set(ids), wanted - set(ids)
    return arts, ids


def score(gold: list[dict], statements: pd.DataFrame, ids: dict,
          mentions: pd.DataFrame | None = None) -> dict:
    """Recall (gold statements found) and speaker accuracy (found ones attributed right).

    ``reachable_accuracy`` counts only statements whose gold speaker the entity layer found
    in the article at all (or that have no speaker): the attribution step's own accuracy.
    """
    by_article = {aid: grp for aid, grp in statements.groupby("article_id")}
    actors = {} if mentions is None else mentions.groupby("article_id")["entity_id"].agg(set).to_dict()
    found = correct = reachable = reachable_correct = wrong = 0
    misses = []
    for g in gold:
        grp = by_article.get(ids[(g["source"], g["key"])])
        hits = grp[grp["text"].str.contains(g["cue"], regex=False)] if grp is not None else []
        if len(hits) == 0:
            misses.append(f"MISSED  {g['key']}: {g['cue']}")
            continue
        found += 1
        # The most specific match: the same verb if any, then the shortest statement.
        best = hits.assign(_v=hits["verb"] != g["verb"], _n=hits["text"].str.len()).sort_values(["_v", "_n"]).iloc[0]
        allowed = g["speaker"] if isinstance(g["speaker"], list) else [g["speaker"]]
        ok = best["speaker_id"] in allowed
        correct += ok
        wrong += not ok and best["speaker_id"] != ""
        if allowed == [""] or set(allowed) & actors.get(ids[(g["source"], g["key"])], set()):
            reachable += 1
            reachable_correct += ok
        if not ok:
            why = "" if allowed == [""] or set(allowed) & actors.get(ids[(g["source"], g["key"])], set()) \
                else " (gold speaker not among the article's mentions)"
            misses.append(f"SPEAKER {g['key']}: {g['cue']} -> {best['speaker_id']!r}, gold {g['speaker']!r}{why}")
    return {"recall": found / len(gold), "accuracy": correct / max(found, 1), "found": found,
            "reachable": reachable, "reachable_accuracy": reachable_correct / max(reachable, 1), "wrong": wrong,
            "misses": misses}


@pytest.mark.integration
def test_gold_set_recall_and_speaker_accuracy(tmp_path, nlp, gz, qnlp):
    from components.build.entities import canonicalise
    from components.build.parse import extract_raw_mentions
    from components.build.parse import extract_mentions_and_statements

    gold = load_gold()
    arts, ids = gold_articles(tmp_path, gold)
    # The pipeline's way: statements from the actor pass's own docs (chunks of 7 articles here)...
    raw, mentions, statements = extract_mentions_and_statements(arts, nlp, gazetteer=gz, n_process=1, chunk_size=7)
    # ... give the rows of a separate statement pass (tagger and parser only) after the actor pass.
    raw2 = extract_raw_mentions(arts, nlp, n_process=1)
    mentions2 = canonicalise(raw2, arts, gz)
    two_pass = extract_statements(arts, mentions2, qnlp, n_process=1)
    pd.testing.assert_frame_equal(raw, raw2)
    pd.testing.assert_frame_equal(mentions, mentions2)
    as_tuples = {"targets": lambda st: st["targets"].map(tuple), "speakers": lambda st: st["speakers"].map(tuple)}
    pd.testing.assert_frame_equal(statements.assign(**as_tuples), two_pass.assign(**as_tuples))
    # ... and of two forked workers, each parsing and reading its own chunks (the pipeline's way with n_process).
    for one, forked in zip((raw, mentions, statements),
                           extract_mentions_and_statements(arts, nlp, gazetteer=gz, n_process=2, batch_size=4)):
        pd.testing.assert_frame_equal(one.assign(**as_tuples) if one is statements else one,
                                      forked.assign(**as_tuples) if one is statements else forked)
    texts = dict(zip(arts["article_id"], arts["text"]))
    for r in statements.itertuples(index=False):
        assert texts[r.article_id][r.start:r.end] == r.text and r.sent_start <= r.start < r.end <= r.sent_end, r
        assert r.speaker_id not in r.targets and (r.speaker_id == "" or r.speaker_id == r.speakers[0]), r
    sc = score(gold, statements, ids, mentions)
    print(f"\ngold statements: {len(gold)} in {len(ids)} articles; extracted {len(statements)}")
    print(f"recall {sc['recall']:.3f} ({sc['found']}/{len(gold)})  speaker accuracy {sc['accuracy']:.3f}  "
          f"speaker accuracy where the entity layer found the gold speaker {sc['reachable_accuracy']:.3f} "
          f"({sc['reachable']} statements); {sc['wrong']} found statements have a wrong non-empty speaker")
    print("\n".join(sc["misses"]))
    full = bench_quotes.score_gold(gold, statements, ids)
    print(f"precision {full['precision']:.3f} ({full['judged']} statements in exhaustive articles)  "
          f"stance macro-F1 {full['stance_f1']:.3f}  no speaker {full['no_speaker']:.3f}")
    assert set(statements["stance"]) <= {"hostile", "cooperative", "neutral"}
    assert statements["stance_confidence"].between(0, 1).all()
    assert full["stance_f1"] >= STANCE_F1_FLOOR, f"stance macro-F1 {full['stance_f1']:.3f} < {STANCE_F1_FLOOR}"
    assert full["precision"] >= PRECISION_FLOOR, f"precision {full['precision']:.3f} < {PRECISION_FLOOR}"
    assert sc["recall"] >= RECALL_FLOOR, f"recall {sc['recall']:.3f} < {RECALL_FLOOR}"
    assert sc["accuracy"] >= SPEAKER_FLOOR, f"speaker accuracy {sc['accuracy']:.3f} < {SPEAKER_FLOOR}"
    assert sc["reachable_accuracy"] >= REACHABLE_FLOOR, \
        f"speaker accuracy on reachable speakers {sc['reachable_accuracy']:.3f} < {REACHABLE_FLOOR}"


# --- issue 22: the classes of quote the extractor missed on held-out news

@pytest.mark.parametrize("text, mentions, expected", [
    # A quote ending in . ? ! whose attribution is a sentence of its own.
    ('"Thousands of ballots are missing." Trump said.', {"Trump": "person:trump"},
     [["person:trump", "say", "Thousands of ballots are missing."]]),
    ('"Are you serious?" Pelosi asked reporters.', {"Pelosi": "person:pelosi"},
     [["person:pelosi", "ask", "Are you serious?"]]),
    # A quote split around the attribution, with words after the verb.
    ('"We will fight this," Sanders said at a rally. "Secretary Clinton has been wrong on trade."',
     {"Sanders": "person:sanders"},
     [["person:sanders", "say", "We will fight this"],
      ["person:sanders", "say", "Secretary Clinton has been wrong on trade."]]),
    # Reporting verbs of other classes: instrument of communication, manner of speaking, aspect.
    ("Trump tweeted that the election was rigged.", {"Trump": "person:trump"},
     [["person:trump", "tweet", "the election was rigged"]]),
    ('Warren spoke for an hour. "The system is rigged against working families," she continued.',
     {"Warren": "person:warren"}, [["person:warren", "continue", "The system is rigged against working families"]]),
    # A signed quote.
    ('"We need housing now, not in ten years." ― Martha Aguilar', {"Martha Aguilar": "person:aguilar"},
     [["person:aguilar", "say", "We need housing now, not in ten years."]]),
    # The speaker of a "by saying" clause is its host clause's subject.
    ("Clinton attacked Trump by saying he would make nice with Putin.",
     {"Clinton": "person:clinton", "Trump": "person:trump", "Putin": "person:putin"},
     [["person:clinton", "say", "he would make nice with Putin"]]),
])
def test_quote_classes(qnlp, text, mentions, expected):
    st = run(qnlp, text, mentions)
    assert st[["speaker_id", "verb", "text"]].values.tolist() == expected


def test_continue_without_a_quote_says_nothing(qnlp):
    st = run(qnlp, 'Kim Jong Un continued his visit to the "great monument of the new era" on Monday.',
             {"Kim Jong Un": "person:kim-jong-un"})
    assert st.empty


def test_she_does_not_resolve_to_a_man(qnlp):
    text = 'Mr. Smith met Jane Doe on Monday. "I am disappointed," she said.'
    st = run(qnlp, text, {"Smith": "person:smith", "Jane Doe": "person:doe"})
    assert st[["speaker_id", "text"]].values.tolist() == [["person:doe", "I am disappointed"]]


def test_pronoun_never_resolves_to_a_name_inside_a_quote(qnlp):
    text = ('"Putin is a dangerous man," the report said.\n'
            '"We must be careful," he said.')
    st = run(qnlp, text, {"Putin": "person:putin"})
    assert "person:putin" not in set(st["speaker_id"])


def test_quote_in_the_next_paragraph_is_not_the_attributions(qnlp):
    text = '"We are ready for anything, whatever comes."\nKim Jong Un told reporters.'
    st = run(qnlp, text, {"Kim Jong Un": "person:kim-jong-un"})
    assert st.empty
    st = run(qnlp, text.replace("\n", " "), {"Kim Jong Un": "person:kim-jong-un"})
    assert st["speaker_id"].tolist() == ["person:kim-jong-un"]


@pytest.mark.parametrize("text, mentions, stance, cue", [
    ("Kim Jong Un condemned the drills as a reckless provocation.", {"Kim Jong Un": "person:kim"}, "hostile",
     "condemn"),
    ("Putin praised the friendship between the two countries.", {"Putin": "person:putin"}, "cooperative", "praise"),
    ("The ministry said the missile flew 800 kilometres.", {"ministry": "org:mod"}, "neutral", ""),
    # A negated cue counts for nothing; "never tolerate" keeps its threat.
    ("Mao said the visit was not a threat to anyone.", {"Mao": "person:mao"}, "neutral", ""),
    ("Kim said the North will never tolerate any provocation.", {"Kim": "person:kim"}, "hostile", "provocation"),
])
def test_stance_from_verb_words_and_negation(qnlp, text, mentions, stance, cue):
    st = run(qnlp, text, mentions)
    assert len(st) == 1 and st.iloc[0]["stance"] == stance, st[["text", "stance", "cue"]]
    assert st.iloc[0]["cue"].split(", ")[0] == cue and 0 <= st.iloc[0]["stance_confidence"] <= 1


def test_unlinked_spokesman_speaks_for_the_body_just_named(qnlp):
    text = ("China's foreign ministry rejected the summit's statement. "
            "A spokesman warned against forming small cliques in the region.")
    st = run(qnlp, text, {"China's foreign ministry": "org:chn-mfa"})
    assert st.loc[st["text"].str.contains("small cliques"), "speaker_id"].tolist() == ["org:chn-mfa"]
    st = run(qnlp, "Heavy rain fell in Seoul. A spokesman warned against travel.", {})
    assert st["speaker_id"].tolist() == [""]


@pytest.mark.integration
def test_statements_view_shows_stance_and_the_pair_timeline(fixture_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.query_params["tab"] = "Over time"  # the time charts' tab; only the open tab is drawn
    at.switch_page("views/statements.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="st_stance").options == ["hostile", "cooperative", "neutral"]
    charts = len(at.get("plotly_chart"))
    assert charts == 1  # statements by month
    stored = pd.read_parquet(fixture_store / "statements.parquet")
    assert {"stance", "stance_confidence", "cue"} <= set(stored.columns)
    speaker = stored.loc[stored["speaker_id"] != "", "speaker_id"].value_counts().index[0]
    at.multiselect(key="st_speaker").set_value([speaker]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == charts + 1  # how the speaker speaks of everyone, by week
