"""Near-duplicates grouped into stories."""
from __future__ import annotations

import pandas as pd

from components.build.stories import assign_stories

WIRE = ("North Korea fired a ballistic missile into the sea off its east coast on Thursday, South Korea's military "
        "said, the latest in a series of weapons tests this year. Japan said the missile fell outside its exclusive "
        "economic zone. The launch came days after joint drills by the United States and South Korea ended, and "
        "Pyongyang has warned it would respond to what it calls rehearsals for an invasion.")


def frame(texts, days):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts,
                         "published": pd.to_datetime(days, utc=True)})


def test_a_reprint_with_small_edits_is_the_same_story():
    edited = WIRE.replace("on Thursday", "early on Thursday").replace("this year", "in 2023") + " Officials met."
    other = "China's exports to North Korea rose in March, customs data showed, as trade recovered after border closures."
    stories = assign_stories(frame([edited, WIRE, other * 3], ["2023-01-02", "2023-01-01", "2023-01-03"]))
    assert stories.tolist() == ["a1", "a1", "a2"]  # the earliest article names the story


def test_different_stories_stay_apart_and_threshold_matters():
    half = " ".join(WIRE.split()[:30]) + " Seoul and Washington agreed on new sanctions against shipping companies."
    arts = frame([WIRE, half], ["2023-01-01", "2023-01-02"])
    assert assign_stories(arts).nunique() == 2
    assert assign_stories(arts, threshold=0.1).nunique() == 1


def test_empty():
    assert assign_stories(frame([], [])).empty
