"""A bare surname resolves to a listed person in office only in a story that names that person's body or country
(issue 17: "a bare 'Smith' becomes Roger Smith (GM chairman 1981-90)"). Invented sentences, the real pipeline and
people table; dates fall inside the listed people's terms."""
from __future__ import annotations

import pandas as pd
import pytest

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions


def ids(text, nlp, gz, published="1987-04-01", dateline=""):
    """Each surface of ``text`` with its entity id from the real pipeline."""
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp(published, tz="UTC"),
                         "body_start": 0, "dateline": [dateline]})
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    return dict(zip(m["surface"], m["entity_id"]))


@pytest.mark.parametrize("text", [
    # a firm's name ending on the surname
    "The bank's shares rose 2 pct, said an analyst at Merrill Lynch, Pierce, Fenner and Smith in New York.",
    # someone else of that family name, in a story about another business
    "Smith, who runs a dairy farm near the river, said the milk price had fallen for a third month.",
    # an oil field that bears the name
    "Early development of the larger Miller and Bruce oil fields might also be encouraged, the minister said.",
])
def test_a_bare_surname_outside_its_listed_persons_world_is_nobodys(nlp, gz, text):
    got = ids(text, nlp, gz)
    assert "person:roger-smith" not in got.values() and "person:james-miller" not in got.values(), got


@pytest.mark.parametrize("text, person", [
    # the body the role names
    ("General Motors Corp said it would close two plants. Smith told reporters the cuts were needed.",
     "person:roger-smith"),
    # the country the role names, in its own words
    ("The United States will not raise taxes, officials said. Reagan told Congress he would veto any increase.",
     "person:ronald-reagan"),
    ("Britain's budget deficit narrowed in March. Thatcher said the figures vindicated her policy.",
     "person:margaret-thatcher"),
])
def test_a_bare_surname_in_its_listed_persons_world_is_that_person(nlp, gz, text, person):
    got = ids(text, nlp, gz)
    assert person in got.values(), got


def test_a_dateline_anchors_a_head_of_state(nlp, gz):
    """A story filed in Washington that never writes "United States" is still American news."""
    got = ids("WASHINGTON, March 30 - President Reagan will not compromise on his vow not to raise taxes, his "
              "budget director said. Reagan said so.", nlp, gz, dateline="WASHINGTON")
    assert "person:ronald-reagan" in got.values(), got
