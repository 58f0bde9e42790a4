"""A mention a text pass finds (a surname, a place named again, a dateline) carries the sentence that names it: where
the language model tagged nothing in that sentence, it is read off the article's text, not borrowed from the last
sentence before it (``components.build.resolve.attach_sentences``)."""
from __future__ import annotations

import pandas as pd

from components.build.resolve import attach_sentences

TEXT = ("FOOTOWN, May 3 - Acme Corp said on Tuesday it would close two plants. "
        "Mr. Quenby said the decision was final. "
        "Acme shares fell 4 pct in Footown trading. "
        "Quenby added that talks with the U.S. unions would go on.")


def _known(text: str = TEXT) -> pd.DataFrame:
    """The model's mentions: in the first and third sentences of TEXT only (numbered 0 and 2)."""
    first = text.index("Acme Corp")
    third = text.index("Acme shares")
    return pd.DataFrame({"article_id": ["a", "a"], "start": [first, third], "end": [first + 9, third + 4],
                         "sent": [0, 2], "sent_start": [text.index("Acme Corp"), third],
                         "sent_end": [text.index("Mr.") - 1, text.index("Quenby added") - 1]})


def _hit(word: str, nth: int = 0, text: str = TEXT) -> pd.DataFrame:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return pd.DataFrame({"article_id": ["a"], "start": [start], "end": [start + len(word)], "surface": [word]})


def _sentence(row, text: str = TEXT) -> str:
    return text[int(row["sent_start"]):int(row["sent_end"])]


def test_a_surname_alone_in_its_sentence_gets_that_sentence_not_the_one_before():
    row = attach_sentences(_hit("Quenby"), _known(), {"a": TEXT}).iloc[0]
    assert _sentence(row) == "Mr. Quenby said the decision was final."  # "Mr." ends no sentence
    assert row["sent"] == 1


def test_a_hit_after_the_last_known_sentence_reads_to_the_end_of_the_text():
    row = attach_sentences(_hit("Quenby", 1), _known(), {"a": TEXT}).iloc[0]
    assert _sentence(row) == "Quenby added that talks with the U.S. unions would go on."
    assert row["sent"] == 3


def test_a_hit_inside_a_known_sentence_keeps_it():
    row = attach_sentences(_hit("Footown"), _known(), {"a": TEXT}).iloc[0]
    assert _sentence(row) == "Acme shares fell 4 pct in Footown trading." and row["sent"] == 2


def test_a_dateline_before_every_known_sentence_gets_the_opening_words_not_nothing():
    known = _known()
    known.loc[0, ["start", "sent_start"]] = [TEXT.index("Mr."), TEXT.index("Mr.")]  # the model's first sentence later
    known.loc[0, "sent"] = 1
    row = attach_sentences(_hit("FOOTOWN"), known, {"a": TEXT}).iloc[0]
    assert _sentence(row) == "FOOTOWN, May 3 - Acme Corp said on Tuesday it would close two plants."
    assert row["sent"] == 0


def test_the_number_stays_below_the_next_known_sentence():
    text = "Foo said so. Bar said so. Quenby said so. Baz said so."
    known = pd.DataFrame({"article_id": ["a", "a"], "start": [0, text.index("Baz")], "end": [3, text.index("Baz") + 3],
                          "sent": [0, 2], "sent_start": [0, text.index("Baz")],
                          "sent_end": [text.index("Bar") - 1, len(text)]})
    row = attach_sentences(_hit("Quenby", text=text), known, {"a": text}).iloc[0]
    assert _sentence(row, text) == "Quenby said so." and row["sent"] == 1  # the model counted one sentence between


def test_without_the_text_the_last_sentence_before_it_as_before():
    row = attach_sentences(_hit("Quenby"), _known()).iloc[0]
    assert row["sent"] == 0 and _sentence(row).startswith("Acme Corp said")


def test_a_number_sign_or_an_initial_ends_no_sentence():
    text = "Foo said so. Workteam No. 2 of Quenby farm and J. Quenby hailed it. Baz said so."
    known = pd.DataFrame({"article_id": ["a", "a"], "start": [0, text.index("Baz")], "end": [3, text.index("Baz") + 3],
                          "sent": [0, 2], "sent_start": [0, text.index("Baz")],
                          "sent_end": [text.index("Workteam") - 1, len(text)]})
    row = attach_sentences(_hit("Quenby", 1, text=text), known, {"a": text}).iloc[0]
    assert _sentence(row, text) == "Workteam No. 2 of Quenby farm and J. Quenby hailed it." and row["sent"] == 1
