"""Who speaks: titles, groups, paragraph breaks, nested reports and carried documents (issue 22), on tiny texts."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from components.build.parse import extract_statements


@pytest.fixture(scope="module")
def qnlp():
    from components.build.parse import build_quote_nlp

    return build_quote_nlp()


def run(qnlp, text: str, mentions: dict[str, str]) -> pd.DataFrame:
    """Statements of one article; every occurrence of each surface is a mention of its id."""
    rows = [{"article_id": "a", "entity_id": eid, "start": m.start(), "end": m.end()}
            for surface, eid in mentions.items() for m in re.finditer(re.escape(surface), text)]
    ments = pd.DataFrame(rows, columns=["article_id", "entity_id", "start", "end"]).sort_values("start")
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    return extract_statements(arts, ments, qnlp, media={"org:kcna"})


def speaker_of(st: pd.DataFrame, words: str) -> str:
    hits = st.loc[st["text"].str.contains(words, regex=False), "speaker_id"].tolist()
    assert len(hits) == 1, st[["speaker_id", "text"]]
    return hits[0]


def test_a_title_is_the_person_introduced_with_it_not_the_last_person(qnlp):
    text = ("Chairman Kim Jong Il met an official who returned from a region.\n\n"
            "Some time ago, President Kim Il Sung had visited the farms of the region.\n\n"
            "The Chairman said that the official had done very good work.")
    st = run(qnlp, text, {"Kim Jong Il": "person:kim-jong-il", "Kim Il Sung": "person:kim-il-sung"})
    assert speaker_of(st, "done very good work") == "person:kim-jong-il"


def test_a_lede_names_the_role_before_the_person(qnlp):
    text = ("North Korea's defence minister warned on Thursday that the deployment could trigger a response.\n\n"
            "Kang Sun Nam, minister of national defence, said the US had posed a direct threat.")
    st = run(qnlp, text, {"North Korea": "country:PRK", "Kang Sun Nam": "person:kang-sun-nam", "US": "country:USA"})
    assert speaker_of(st, "the deployment could trigger") == "person:kang-sun-nam"


def test_a_title_with_another_modifier_is_someone_else(qnlp):
    text = ("Defence Minister Kang Sun Nam visited a unit on Monday.\n\n"
            "The foreign minister said that talks were impossible.")
    st = run(qnlp, text, {"Kang Sun Nam": "person:kang-sun-nam"})
    assert speaker_of(st, "talks were impossible") == ""


def test_a_sentence_ends_at_a_paragraph_break(qnlp):
    from components.build.parse import paragraph_breaks

    doc = paragraph_breaks(qnlp.make_doc('"Prices will rise," said analyst David Healy of Drexel Inc.\n\nHealy said so.'))
    assert doc[[t.text for t in doc].index("Healy", 12)].is_sent_start
    text = ('"They are trying to soothe angry shareholders," said analyst David Healy of Drexel Burnham Lambert Inc.'
            '\n\nHealy said the chairman had been hinting at a buyback in meetings with investors.')
    st = run(qnlp, text, {"David Healy": "person:david-healy", "Healy": "person:david-healy"})
    assert speaker_of(st, "soothe angry shareholders") == "person:david-healy"
    assert speaker_of(st, "hinting at a buyback") == "person:david-healy"


def test_a_closing_quote_mark_stays_with_its_sentence(qnlp):
    doc = qnlp('He said the plan was "prudent."\n\nHe left.')
    assert [s.text.strip() for s in doc.sents] == ['He said the plan was "prudent."', "He left."]


def test_he_is_the_reporter_not_someone_in_the_report(qnlp):
    text = ("Healy said Roger Smith had been hinting at a buyback for months. "
            "He said the plan was similar in size to the one at Ford.")
    st = run(qnlp, text, {"Healy": "person:david-healy", "Roger Smith": "person:roger-smith"})
    assert speaker_of(st, "similar in size") == "person:david-healy"


def test_the_three_governments_are_the_three_named_together(qnlp):
    text = ("The agreement reached last week by the United States, Japan and South Korea drew criticism. "
            "Critics were unhappy with the summit. "
            "The three governments said they sought constructive relations with their neighbours.")
    ids = {"United States": "country:USA", "Japan": "country:JPN", "South Korea": "country:KOR"}
    st = run(qnlp, text, ids)
    row = st[st["text"].str.contains("constructive relations")].iloc[0]
    assert row["speakers"] == ["country:USA", "country:JPN", "country:KOR"]
    st = run(qnlp, text.replace("The three governments", "The two governments"), ids)
    assert speaker_of(st, "constructive relations") == ""


def test_a_participle_after_a_carried_statement_is_its_authors(qnlp):
    text = ("North Korean state media on Monday carried a statement from Kim Yo Jong, warning Washington "
            "against a build-up of strategic assets.")
    st = run(qnlp, "KCNA reported the news. " + text, {"KCNA": "org:kcna", "Kim Yo Jong": "person:kim-yo-jong"})
    assert speaker_of(st, "build-up of strategic assets") == "person:kim-yo-jong"


def test_a_participle_naming_a_thing_is_no_statement(qnlp):
    text = ('Whenever such a tragic fact related to children is open to the public, the authorities talk about '
            '"a strategy for the future of children". Jets were scrambled and warning shots fired.')
    assert run(qnlp, text, {})["verb"].tolist() == []


def test_has_for_months_described_is_the_subjects(qnlp):
    text = ("Moscow has for months described expanding US-led exercises around the peninsula as provocative "
            "and destabilising.")
    st = run(qnlp, text, {"Moscow": "country:RUS", "US": "country:USA"})
    assert speaker_of(st, "as provocative") == "country:RUS"


def test_a_reported_clause_the_parser_hung_elsewhere(qnlp):
    text = ("Ronnie de Mel spoke in Osaka. "
            "He told Reuters in an interview that he expected gross domestic product to expand by four pct. "
            "He said because of the fighting in the country, defence expenditure was now about 20 pct of the budget.")
    st = run(qnlp, text, {"Ronnie de Mel": "person:ronnie-de-mel", "Reuters": "org:reuters"})
    assert speaker_of(st, "he expected gross domestic product") == "person:ronnie-de-mel"
    assert speaker_of(st, "defence expenditure was now") == "person:ronnie-de-mel"
    st = run(qnlp, "The veterans recalled the shock of years ago, when all the people turned out in resistance.", {})
    assert not st["text"].str.contains("when all the people").any()


def test_a_title_matched_with_the_name(qnlp):
    text = ("The ambassador conveyed greetings to King Maha Vajiralongkorn.\n\n"
            "Saying that he remembered how President Kim Il Sung met him, the king expressed belief that "
            "relations would develop.")
    st = run(qnlp, text, {"King Maha Vajiralongkorn": "person:maha-vajiralongkorn",
                          "President Kim Il Sung": "person:kim-il-sung"})
    assert speaker_of(st, "relations would develop") == "person:maha-vajiralongkorn"


def test_leaders_without_a_number_are_not_guessed(qnlp):
    text = ("Joe Biden and Yoon Suk Yeol met in Washington. "
            "The leaders of the three countries said they would hold exercises.")
    st = run(qnlp, text, {"Joe Biden": "person:joe-biden", "Yoon Suk Yeol": "person:yoon-suk-yeol"})
    assert speaker_of(st, "hold exercises") == ""
    st = run(qnlp, text.replace("The leaders of the three countries", "The two leaders"),
             {"Joe Biden": "person:joe-biden", "Yoon Suk Yeol": "person:yoon-suk-yeol"})
    assert speaker_of(st, "hold exercises") == "person:joe-biden"


def test_a_list_item_speaks_for_the_source_heading_it(qnlp):
    text = ("Pyongyang, May 3 (KCNA) -- The press today carried the following articles.\n\n"
            "Rodong Sinmun\n\n"
            "- An article says that the farming season demands efforts.\n\n"
            "- The daily carries an article saying that the economy is growing.\n\n"
            "Minju Joson\n\n"
            "- An article stresses that the society is nearing ruin.")
    st = run(qnlp, text, {"Rodong Sinmun": "org:rodong-sinmun", "Minju Joson": "org:minju-joson"})
    assert speaker_of(st, "farming season demands") == "org:rodong-sinmun"
    assert speaker_of(st, "economy is growing") == "org:rodong-sinmun"
    assert speaker_of(st, "nearing ruin") == "org:minju-joson"
    st = run(qnlp, "Rodong Sinmun reported floods.\n\nAn article says that the farming season demands efforts.",
             {"Rodong Sinmun": "org:rodong-sinmun"})
    assert speaker_of(st, "farming season demands") == ""


def test_a_relative_clause_tagged_as_a_participle_keeps_its_speaker(qnlp):
    text = ("State media say Kim has seen images of the base, a claim South Korean Defence Minister Shin Won-sik "
            "dismissed on Thursday as an exaggeration.")
    st = run(qnlp, text, {"Kim": "person:kim-jong-un", "Shin Won-sik": "person:shin-won-sik"})
    assert "person:shin-won-sik" in st["speaker_id"].tolist()


def run_dated(qnlp, text: str, body_start: int, mentions: dict[str, str]) -> pd.DataFrame:
    rows = [{"article_id": "a", "entity_id": eid, "start": m.start(), "end": m.end()}
            for surface, eid in mentions.items() for m in re.finditer(re.escape(surface), text)]
    ments = pd.DataFrame(rows, columns=["article_id", "entity_id", "start", "end"]).sort_values("start")
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "body_start": [body_start]})
    return extract_statements(arts, ments, qnlp, media={"org:kcna"})


def test_the_government_of_the_dateline(qnlp):
    from components.build.statements import dateline_country

    caps = {"tokyo": "country:JPN", "seoul": "country:KOR"}
    assert dateline_country("TOKYO, March 27 - Text", 17, caps) == "country:JPN"
    assert dateline_country("Seoul, Oct. 13 -- Text", 18, caps) == "country:KOR"
    assert dateline_country("OSAKA, Japan, April 29 - Text", 25, caps) == ""
    text = "TOKYO, March 27 - The government has said the package should come after the budget."
    st = run_dated(qnlp, text, 18, {})
    assert speaker_of(st, "package should come") == "country:JPN"
    text = "OSAKA, March 27 - The government has said the package should come after the budget."
    assert speaker_of(run_dated(qnlp, text, 18, {}), "package should come") == ""
    text = "TOKYO, March 27 - China protested. The government said the package should come after the budget."
    assert speaker_of(run_dated(qnlp, text, 18, {"China": "country:CHN"}), "package should come") == "country:CHN"


def test_a_named_body_is_its_countrys_through_the_words_before_it(qnlp):
    st = run(qnlp, "South Korea's Defence Ministry said it was closely monitoring the border.",
             {"South Korea": "country:KOR"})
    assert speaker_of(st, "closely monitoring") == "country:KOR"
    st = run(qnlp, "Marathon Petroleum Company, a subsidiary of USX Corp, said it raised the price it pays for crude.",
             {"USX Corp": "org:usx"})
    assert speaker_of(st, "raised the price") == ""


def test_an_office_or_spokesman_speaks_for_its_person(qnlp):
    text = ("President Yoon Suk Yeol was briefed on the launch. "
            "His office said he ordered the drills to go ahead as planned.")
    st = run(qnlp, text, {"Yoon Suk Yeol": "person:yoon-suk-yeol"})
    assert speaker_of(st, "ordered the drills") == "person:yoon-suk-yeol"
    text = "Secretary-General Antonio Guterres condemned the launch, his spokesman said."
    st = run(qnlp, text, {"Antonio Guterres": "person:antonio-guterres"})
    said = st[st["verb"] == "say"]
    assert said["speaker_id"].tolist() == ["person:antonio-guterres"] and said["speaker_surface"].tolist() == [
        "his spokesman"]
    text = "Mr. Kim visited the plant. Her office said the visit was a success."
    st = run(qnlp, text, {"Kim": "person:kim"})
    assert speaker_of(st, "visit was a success") == ""  # "her" is not Mr. Kim


def test_the_two_governments_after_two_subjects(qnlp):
    text = ("Japan will scrap the export restrictions, and Seoul will withdraw its complaint at the WTO, "
            "the two governments said on Thursday.")
    st = run(qnlp, text, {"Japan": "country:JPN", "Seoul": "country:KOR"})
    row = st[st["text"].str.contains("scrap the export")].iloc[0]
    assert row["speakers"] == ["country:JPN", "country:KOR"]


def test_with_x_saying_is_xs(qnlp):
    text = ("A previous Iranian offensive launched in January towards Basra was halted with Baghdad saying the "
            "Iranians had gained only a narrow strip of Iraqi territory.")
    st = run(qnlp, text, {"Baghdad": "country:IRQ"})
    assert speaker_of(st, "gained only a narrow strip") == "country:IRQ"


def test_a_speech_verb_nobody_speaks_by_its_form(qnlp):
    text = ("Scientists were ordered to determine the cause. Those denying history are bound to be punished. "
            "A rally welcoming the President was held. Beijing has little incentive to criticise Moscow openly. "
            "The other six are accused of taking part in missile research.")
    assert run(qnlp, text, {"Beijing": "country:CHN", "Moscow": "country:RUS"})["verb"].tolist() == []
    text = "The proposal was rejected by Japan, which said it was unfair."
    assert speaker_of(run(qnlp, text, {"Japan": "country:JPN"}), "it was unfair") == "country:JPN"


def test_he_far_back_in_a_report_that_follows_one_person(qnlp):
    text = ("Kim Jong Un inspected the construction of regional factories.\n\n"
            "The factories are taking shape in many counties.\n\n"
            "Their interior was finished with local materials.\n\n"
            "The equipment was installed last month.\n\n"
            "The workers have raised their output.\n\n"
            "Watching the builders, he instructed the officials to provide them with better conditions.")
    st = run(qnlp, text, {"Kim Jong Un": "person:kim-jong-un"})
    assert speaker_of(st, "better conditions") == "person:kim-jong-un"
    st = run(qnlp, text.replace("The workers have raised", "An official said the workers have raised"),
             {"Kim Jong Un": "person:kim-jong-un"})
    assert speaker_of(st, "better conditions") == ""  # an unnamed person acted in between


def test_he_before_the_name_in_its_sentence(qnlp):
    text = ("Fumio Kishida welcomed the plan on Monday. "
            "When he announced the plan, Park told reporters that the glass was more than half full.")
    st = run(qnlp, text, {"Fumio Kishida": "person:fumio-kishida", "Park": "person:park-jin"})
    assert speaker_of(st, "more than half full") == "person:park-jin"
    assert st.loc[st["verb"] == "announce", "speaker_id"].tolist() in ([], ["person:park-jin"])


def test_the_statement_is_by_who_spoke_in_it(qnlp):
    text = ("Imperial Chemical Industries said in a statement that profits rose. "
            "Sales grew in Europe and Asia. "
            "The statement said a cash flow of 381 mln stg would diminish in the final quarter.")
    st = run(qnlp, text, {"Imperial Chemical Industries": "org:ici"})
    assert speaker_of(st, "would diminish") == "org:ici"


def test_the_company_after_a_chairmans_statement_is_the_company(qnlp):
    text = ("British Telecommunications expects satisfactory results, chairman George Jefferson said in a statement.\n\n"
            "The statement said the cash flow would diminish in the final quarter.\n\n"
            "Earlier, the company reported a third quarter profit of 506 mln stg.")
    st = run(qnlp, text, {"British Telecommunications": "org:bt", "George Jefferson": "person:george-jefferson"})
    assert speaker_of(st, "would diminish") == "person:george-jefferson"
    assert speaker_of(st, "third quarter profit") == "org:bt"


def test_a_title_subject_carries_he_past_an_unnamed_helper(qnlp):
    text = ("Governor Tomas Reyland visited the dam on Friday. The Governor inspected the turbines in the hall. "
            "An engineer showed him the control room. He said that the dam must be finished by winter.")
    st = run(qnlp, text, {"Tomas Reyland": "person:tomas-reyland"})
    assert speaker_of(st, "finished by winter") == "person:tomas-reyland"
    # the title alone, with nobody holding it, gives "he" nobody to go back to
    st = run(qnlp, text.replace("Governor Tomas Reyland", "Tomas Reyland"), {"Tomas Reyland": "person:tomas-reyland"})
    assert speaker_of(st, "finished by winter") == ""


def test_an_office_nobody_holds_in_the_text_speaks_for_its_body(qnlp):
    text = ("Ana Velde opened the regatta on Sunday. "
            "The chairman of the Lanark Rowing Association said that the river would be cleaned before the race.")
    st = run(qnlp, text, {"Ana Velde": "person:ana-velde", "Lanark Rowing Association": "org:lanark-rowing"})
    assert speaker_of(st, "river would be cleaned") == "org:lanark-rowing"
    # a body the actor table lacks: nobody, and not the person named before
    st = run(qnlp, text.replace("Lanark Rowing Association", "Lanark Rowing Club"), {"Ana Velde": "person:ana-velde"})
    assert speaker_of(st, "river would be cleaned") == ""
    # the name inside the body's name is not the body ("the Danish Society for ...")
    st = run(qnlp, "The chairman of the Danish Society for Reading said that libraries must stay open.",
             {"Danish": "country:DNK"})
    assert speaker_of(st, "libraries must stay open") == ""


def test_a_body_of_a_body_is_the_parent_body_not_a_country(qnlp):
    text = "The Coastal Research Institute of the Fisheries Ministry said that the catch had fallen by half."
    st = run(qnlp, text, {"Fisheries Ministry": "org:fisheries-ministry"})
    assert speaker_of(st, "catch had fallen") == "org:fisheries-ministry"
    st = run(qnlp, "The Bank of Utopia said that it would open ten branches.", {"Utopia": "country:UTO"})
    assert speaker_of(st, "open ten branches") == ""


def test_a_document_given_in_full_is_its_issuers(qnlp):
    text = ("Pyongyang, May 4 (KCNA) -- The following is the full text of Pak Chol Su's address to the farmers:\n\n"
            "Dear farmers of the northern counties,\n\n"
            "I know the drought has been hard for you.\n\n"
            "We will send more pumps to every village this week.")
    st = run(qnlp, text, {"Pak Chol Su": "person:pak-chol-su"})
    assert speaker_of(st, "drought has been hard") == "person:pak-chol-su"
    assert speaker_of(st, "more pumps") == "person:pak-chol-su"
    assert not st["text"].str.startswith("Dear").any()  # a salutation says nothing
    text = ("Pyongyang, May 4 (KCNA) -- Ri Myong Ok, director of the institute, issued the following press "
            "statement on Monday.\n\n"
            "The neighbours scattered leaflets across the border again.\n\n"
            "I sternly warn them to stop the reckless act at once.")
    st = run(qnlp, text, {"Ri Myong Ok": "person:ri-myong-ok"})
    assert set(st["speaker_id"]) == {"person:ri-myong-ok"}
    assert st["text"].str.contains("scattered leaflets").any()
    # a full stop that does not end the paragraph announces nothing
    text = ("Ri Myong Ok issued the following statement. It was short. He said nothing else.\n\n"
            "The neighbours scattered leaflets across the border again.")
    st = run(qnlp, text, {"Ri Myong Ok": "person:ri-myong-ok"})
    assert not st["text"].str.contains("scattered leaflets").any()


def test_a_white_paper_far_back_is_its_publishers(qnlp):
    text = ("The Centre for Coastal Studies released a white paper on Tuesday.\n\n"
            + "".join(f"Storm number {i} hit the bay.\n\n" for i in range(8))
            + "The white paper says that the shoreline has lost ten metres in a decade.")
    st = run(qnlp, text, {"Centre for Coastal Studies": "org:coastal-studies"})
    assert speaker_of(st, "lost ten metres") == "org:coastal-studies"


def test_the_paper_with_no_paper_before_is_a_newspaper_not_a_person(qnlp):
    text = ("The Harbour Gazette reported the closure on Monday. "
            "The paper said the port would reopen in May.")
    st = run(qnlp, text, {"Harbour Gazette": "org:harbour-gazette"})
    assert speaker_of(st, "reopen in May") == "org:harbour-gazette"
    text = ("Governor Ilse Marr said the rules were fair. "
            "The paper said that lenders would have to hold more capital.")
    st = run(qnlp, text, {"Ilse Marr": "person:ilse-marr"})
    assert speaker_of(st, "hold more capital") == ""


def test_the_speaker_as_written_leaves_out_the_dateline(qnlp):
    text = "HALIFAX, March 3 - Norland Fisheries Inc said it would close two plants."
    st = run_dated(qnlp, text, 19, {})
    assert st["speaker_surface"].tolist() == ["Norland Fisheries Inc"]


def test_government_officials_in_a_datelined_story_are_its_country(qnlp):
    from components.build.speakers import ParsedArticle, resolve_speaker

    def speaker(text: str) -> list[str]:
        doc = qnlp(text)
        art = ParsedArticle(doc, text, [], set(), "country:JPN")
        verb = next(t for t in doc if t.lower_ == "said")
        subj = next(t for t in verb.children if t.dep_ == "nsubj")
        return resolve_speaker(art, subj)

    assert speaker("Defence officials said the patrol boats were back in port.") == ["country:JPN"]
    assert speaker("A senior ministry official said the talks would resume.") == ["country:JPN"]
    assert speaker("Military officials said the patrol boats were back in port.") == ["country:JPN"]
    assert speaker("Military sources said the patrol boats were back in port.") == []  # anonymous by design
    assert speaker("Former defence officials said the plan was too costly.") == []
    assert speaker("Officials said the patrol boats were back in port.") == []
    assert speaker("Industry officials said the plan was too costly.") == []
    assert speaker("Defence officials of the two countries said the drills would go ahead.") == []
    text = "HARBIN - Defence officials said the patrol boats were back in port."
    assert speaker_of(run_dated(qnlp, text, 9, {}), "patrol boats") == ""  # no capital in the dateline


def test_a_subject_the_parser_hung_on_the_opening_phrase(qnlp):
    text = ("In a statement carried by KNA, the South's Ministry of National Fisheries said its boats would no longer "
            "be bound by the treaty.")
    st = run(qnlp, text, {"KNA": "org:kna", "Ministry of National Fisheries": "org:south-fisheries"})
    assert speaker_of(st, "boats would no longer") == "org:south-fisheries"
    assert st["speaker_surface"].tolist() == ["the South's Ministry"]
    # with no comma before the verb's phrase there is no apposition to take
    st = run(qnlp, "In a statement carried by KNA the treaty was said to bind nobody.", {"KNA": "org:kna"})
    assert set(st["speaker_id"]) <= {""}


def test_a_name_before_the_day_speaks(qnlp):
    text = "Kestrel Daily Monday editorially calls for opening all ports."
    st = run(qnlp, text, {"Kestrel Daily": "org:kestrel-daily"})
    assert speaker_of(st, "opening all ports") == "org:kestrel-daily"
    assert st["speaker_surface"].tolist() == ["Kestrel Daily"]
    st = run(qnlp, "Kestrel Daily Monday editorially calls for opening all ports.", {})
    assert set(st["speaker_id"]) <= {""}  # no actor named before the day: nobody


def test_he_after_a_long_speech_is_the_one_person_followed(qnlp):
    body = "".join(f"The {w} plant must raise its output this year.\n\n" for w in
                   ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                    "eleventh", "twelfth"))
    text = ("Governor Tomas Reyland made a long speech to the workers. He said:\n\n" + body
            + "He said that every worker deserved a warm home.")
    st = run(qnlp, text, {"Tomas Reyland": "person:tomas-reyland"})
    assert speaker_of(st, "deserved a warm home") == "person:tomas-reyland"
    # someone else named on the way: no guess
    text = text.replace("The sixth plant", "Ana Velde's plant")
    st = run(qnlp, text, {"Tomas Reyland": "person:tomas-reyland", "Ana Velde": "person:ana-velde"})
    assert speaker_of(st, "deserved a warm home") == ""


def test_the_officials_are_the_officials_named_before(qnlp):
    text = ("OSLO, May 2 - The harbour will close in June, government officials said.\n\n"
            "The work will cost ten million crowns, the officials said.")
    st = run_dated(qnlp, text, 13, {})
    assert speaker_of(st, "harbour will close") == speaker_of(st, "ten million crowns") == "country:NOR"


def test_a_verb_joined_to_an_unspoken_one_is_unspoken_too(qnlp):
    text = "The pupil wrote a letter to complain of the noise and ask for the teacher's help."
    assert run(qnlp, text, {})["verb"].tolist() == []
    text = "The pupil complained of the noise and asked for the teacher's help."
    assert "ask" in run(qnlp, text, {})["verb"].tolist()


def test_state_media_is_the_outlet_the_article_cites_most(qnlp):
    def said(text: str) -> str:
        ments = pd.DataFrame([{"article_id": "a", "entity_id": eid, "start": m.start(), "end": m.end()}
                              for surface, eid in (("KNA", "org:kna"), ("Harbour Gazette", "org:gazette"))
                              for m in re.finditer(surface, text)]).sort_values("start")
        st = extract_statements(pd.DataFrame({"article_id": ["a"], "text": [text]}), ments, qnlp,
                                media={"org:kna", "org:gazette"})
        return speaker_of(st, "sail in May")

    text = ("KNA said the ship was launched on Friday. KNA added that the crew was ready. "
            "The Harbour Gazette carried photographs. KNA reported a parade. "
            "State media said the ship would sail in May.")
    assert said(text) == "org:kna"
    # no outlet cited twice as often as the other: nobody
    assert said(text.replace("KNA reported a parade. ", "The Harbour Gazette showed a parade. ")) == ""


# --- speakers the NER model leaves untagged (the entity layer adds them as mentions)

@pytest.fixture(scope="module")
def full_nlp():
    from components.build.parse import build_nlp

    return build_nlp()


def untagged_rows(full_nlp, text: str) -> list[tuple[str, str]]:
    """Raw mentions (surface, label) of ``text`` parsed with NER's own spans taken away: as if the model missed
    every name, so only the gazetteer and the speaker rule find anything."""
    from components.build.mentions import doc_rows

    doc = full_nlp(text)
    doc.ents = []
    return [(r["surface"], r["label"]) for r in doc_rows(doc, "a", 0)]


def test_an_untagged_company_speaking_is_an_organisation(full_nlp):
    rows = untagged_rows(full_nlp, "Marrowgate Tool Inc said it would close two plants next year.")
    assert ("Marrowgate Tool Inc", "ORG") in rows


def test_an_untagged_full_name_whose_surname_is_tagged_later_is_a_person(full_nlp):
    from components.build.mentions import doc_rows

    doc = full_nlp("Ostrava Peltz Dunmore told a news conference that the harvest was poor. Dunmore said aid "
                   "would help.")
    doc.ents = [e for e in doc.ents if e.text == "Dunmore"] or [doc.char_span(73, 80, label="PERSON")]
    assert ("Ostrava Peltz Dunmore", "PERSON") in [(r["surface"], r["label"]) for r in doc_rows(doc, "a", 0)]


def test_an_untagged_name_with_a_title_in_apposition_is_a_person(full_nlp):
    rows = untagged_rows(full_nlp, "Arno Veldkamp, head of planning for the council, said the harvest was poor.")
    assert ("Arno Veldkamp", "PERSON") in rows


def test_an_untagged_name_with_no_evidence_is_left_alone(full_nlp):
    rows = untagged_rows(full_nlp, "Veldkamp said the harvest was poor.")
    assert rows == []


def test_a_newspaper_named_after_its_city_is_the_paper_not_the_city(full_nlp):
    rows = untagged_rows(full_nlp, "The Polish Warsaw Herald said that a new term begins at many schools.")
    assert ("Warsaw Herald", "ORG") in rows and ("Warsaw", "GAZ") not in rows and ("Polish", "GAZ") in rows


def test_a_country_inside_a_body_name_keeps_its_mention(full_nlp):
    rows = untagged_rows(full_nlp, "Ireland Widget Holdings said profits rose.")
    assert ("Ireland", "GAZ") in rows and not any(label == "ORG" for _s, label in rows)


def test_a_company_named_in_full_then_short_is_one_organisation(full_nlp):
    from components.build.parse import extract_mentions_and_statements

    text = ("Marrowgate Tool Inc said it would close two plants next year. The company said the move would cut "
            "costs. Marrowgate said sales fell.")
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "body_start": [0],
                         "published": [pd.Timestamp("2024-01-02", tz="UTC")]})
    _raw, ments, st = extract_mentions_and_statements(arts, full_nlp)
    assert set(ments["entity_id"]) == {"org:marrowgate-tool-inc"}
    assert set(st["speaker_id"]) == {"org:marrowgate-tool-inc"}


def _state_media(qnlp, text: str, names: dict[str, str]) -> str:
    ments = pd.DataFrame([{"article_id": "a", "entity_id": eid, "start": m.start(), "end": m.end()}
                          for surface, eid in names.items() for m in re.finditer(surface, text)],
                         columns=["article_id", "entity_id", "start", "end"]).sort_values("start")
    st = extract_statements(pd.DataFrame({"article_id": ["a"], "text": [text]}), ments, qnlp,
                            media={"org:irna", "org:xinhua"})
    return speaker_of(st, "sail in May")


def test_state_media_with_no_outlet_named_is_the_state_agency_of_the_country_it_names(qnlp):
    text = "China and Iran held talks. Iranian state media said the ship would sail in May."
    assert _state_media(qnlp, text, {"China": "country:CHN", "Iranian": "country:IRN"}) == "org:irna"


def test_unqualified_state_media_is_the_agency_of_the_country_the_story_is_about(qnlp):
    text = ("Iran launched a ship on Friday. Iran said the crew was ready, and China welcomed it. "
            "State media said the ship would sail in May.")
    assert _state_media(qnlp, text, {"China": "country:CHN", "Iran": "country:IRN"}) == "org:irna"


def test_unqualified_state_media_between_two_countries_is_nobody(qnlp):
    text = "Iran and China launched a ship on Friday. State media said the ship would sail in May."
    assert _state_media(qnlp, text, {"China": "country:CHN", "Iran": "country:IRN"}) == ""


def test_a_department_is_the_body_whose_name_ends_in_the_word_not_the_last_body_named(qnlp):
    text = ("The Harbour Labour Department said wages rose 3 pct. The Securities and Exchange Commission "
            "and the Harbour Bank were not consulted. The department said prices rose 2 pct. "
            "The exchange said trading was calm.")
    st = run(qnlp, text, {"Harbour Labour Department": "org:labour-department",
                          "Securities and Exchange Commission": "org:sec", "Harbour Bank": "org:harbour-bank"})
    assert speaker_of(st, "prices rose 2 pct") == "org:labour-department"
    assert speaker_of(st, "trading was calm") == ""
