"""Property-based: no input, however broken, makes a reader raise; the accounting always holds."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from components.build.ingest import Blob, normalise_record, read_blob
from components.errors import Reject
from components.build.readers import READERS

SUFFIXES = sorted(READERS)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, suffix: str):
    records, rejects = read_blob(Blob(f"x{suffix}", f"x{suffix}", data=data))
    assert all(isinstance(r, Reject) and r.reason for r in rejects)
    for rec in records:
        out = normalise_record(rec, f"x{suffix}", f"x{suffix}")
        assert isinstance(out, (dict, Reject))
        if isinstance(out, dict):
            assert out["text"] and out["published"] is not None and out["article_id"]


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(SUFFIXES))
def test_random_bytes_never_raise(data, suffix):
    check(data, suffix)


@SETTINGS
@given(st.text(max_size=2000), st.sampled_from(SUFFIXES), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_text_never_raises(text, suffix, enc):
    check(text.encode(enc, errors="ignore"), suffix)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                      max_size=4), max_leaves=20)
article_like = st.fixed_dictionaries({}, optional={
    "title": json_values, "text": json_values, "body": json_values, "published": json_values, "date": json_values,
    "source": json_values, "url": json_values, "id": json_values})


@SETTINGS
@given(st.lists(article_like | json_values, max_size=6))
def test_random_json_records_never_raise(items):
    check("\n".join(json.dumps(i) for i in items).encode(), ".jsonl")
    check(json.dumps(items).encode(), ".json")


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=30), min_size=0, max_size=5), max_size=6))
def test_random_csv_never_raises(rows):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["title", "text", "date"])
    w.writerows(rows)
    check(buf.getvalue().encode(), ".csv")


def test_deeply_nested_json_is_a_reject_not_a_crash():
    data = b"[" * 100_000 + b"]" * 100_000
    records, rejects = read_blob(Blob("deep.json", "deep.json", data=data))
    assert records == [] and "nested" in rejects[0].reason
