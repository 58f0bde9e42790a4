"""components/analysis/statements.py: the page of newest statements is the head of the full table."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from components.analysis.statements import newest, statement_table


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=0, max_size=40), st.integers(0, 45))
def test_the_newest_few_are_the_head_of_a_stable_sort(days, limit):
    when = np.array(days, dtype=np.int64)
    assert newest(when, limit).tolist() == np.argsort(-when, kind="stable")[:limit].tolist()


def test_a_page_of_the_statement_table_is_the_head_of_the_whole_table():
    rng = np.random.default_rng(7)
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(30)],
                         "published": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 5, 30), "D"),
                         "source": "X", "title": "t", "url": ""})
    stm = pd.DataFrame({"article_id": rng.choice(arts["article_id"], 200), "speaker_id": "",
                        "verb": "said", "kind": "direct", "text": [f"s{i}" for i in range(200)],
                        "targets": [[] for _ in range(200)]})
    whole = statement_table(stm, arts, {})
    for limit in (1, 17, 60, 199, 200, 500):
        assert statement_table(stm, arts, {}, limit=limit).equals(whole.head(limit).reset_index(drop=True))
