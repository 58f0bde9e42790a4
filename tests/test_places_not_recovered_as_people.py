"""A full name NER typed a place is recovered as a person when the article shows one bears it (its family name alone
as a person, a title before it). Not when the name is a city's own name in GeoNames, or holds a broadcaster's acronym
(issue 17, twelfth round): "In Port Said, ..." in a story quoting a coach named Said is the city. Invented sentences,
real pipeline."""
from __future__ import annotations

import pandas as pd

from components.build.entities import canonicalise
from components.build.parse import extract_raw_mentions


def mentions(text, nlp, gz):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "published": pd.Timestamp("2024-05-01", tz="UTC"),
                         "body_start": 0, "dateline": [""]})
    m = canonicalise(extract_raw_mentions(arts, nlp, n_process=1), arts, gz, None)
    return dict(zip(m["surface"], m["entity_id"]))


def test_a_citys_own_name_stays_the_city_beside_a_person_of_its_last_word(nlp, gz):
    got = mentions("Coach Ahmed Said praised his players on Sunday. In Port Said, Masry beat Ittihad 2-1, and Said "
                   "said the win mattered.", nlp, gz)
    assert got.get("Port Said", "").startswith("place:"), got
    assert got.get("Said") == "person:ahmed-said", got


def test_a_full_name_typed_a_place_is_still_recovered(nlp, gz):
    """The class the recovery was written for keeps working: a person's full name that no place bears."""
    from components.build.resolve import _a_place_by_its_name

    assert not _a_place_by_its_name("Anatol Vresko") and _a_place_by_its_name("Port Said")
