"""Readers and record normalisation, over every format in tests/fixtures."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from components.build.ingest import read_articles
from components.build.normalise import content_hash
from components.build.decode import decode
from components.build.readers import read_csv, read_txt

from conftest import FIXTURES


@pytest.fixture(scope="module")
def fixture_result():
    return read_articles([FIXTURES / "articles"])


def by_title(res, title):
    row = res.articles[res.articles["title"] == title]
    assert len(row) == 1, f"{title!r} not stored exactly once: {res.articles['title'].tolist()}"
    return row.iloc[0]


def test_txt_layout_fields(fixture_result):
    a = by_title(fixture_result, "North Korea Says It Put a Spy Satellite Into Orbit")
    assert a["source"] == "Peninsula Test Wire"
    assert a["published"] == pd.Timestamp("2023-11-21", tz="UTC")
    assert a["dateline"] == "SEOUL"
    assert a["text"].startswith("SEOUL (PTW) - North Korea said")
    assert a["text"][a["body_start"]:].startswith("North Korea said")


def test_txt_without_outlet_and_long_date(fixture_result):
    a = by_title(fixture_result, "Allies Hold Nuclear Consultative Group Talks")
    assert a["published"] == pd.Timestamp("2023-12-15", tz="UTC")
    assert a["source"] == "(unknown outlet)"
    assert a["dateline"] == "WASHINGTON"


def test_jsonl_common_key_names(fixture_result):
    a = by_title(fixture_result, "IAEA Chief Warns on Yongbyon")  # headline/body/pubDate/publisher/link
    assert a["source"] == "Test Agency" and a["url"] == "https://example.org/fx-2"
    assert a["published"] == pd.Timestamp("2024-03-04 09:00", tz="UTC")
    b = by_title(fixture_result, "Kim Yo Jong Criticises Drills")
    assert b["source_id"] == "fx-1" and b["dateline"] == "Pyongyang"


def test_jsonl_bad_lines_are_rejected_with_line_numbers(fixture_result):
    rej = fixture_result.rejects.set_index("origin")["reason"]
    jsonl = str(FIXTURES / "articles" / "articles.jsonl")
    assert rej[f"{jsonl}:3"].startswith("not valid JSON")
    assert rej[f"{jsonl}:4"] == "no usable date (missing)"


def test_csv_odd_column_names(fixture_result):
    a = by_title(fixture_result, "Japan Protests Missile Launch")
    assert a["source"] == "Harbour Test Daily" and a["url"] == "https://example.org/c1"
    assert a["published"] == pd.Timestamp("2023-02-18", tz="UTC")
    assert "Kishida" in a["text"]


def test_csv_column_override():
    data = b"h,b,d\nA title,Some long enough body text here about trade.,2023-01-01\n"
    recs, rej = read_csv(data, "x.csv", field_map={"title": "h", "text": "b", "published": "d"})
    assert not rej and recs[0]["title"] == "A title" and recs[0]["published"] == "2023-01-01"


def test_html_main_text_without_boilerplate(fixture_result):
    a = by_title(fixture_result, "Seoul Suspends Military Pact Clause")
    assert a["source"] == "Test Herald"
    assert a["published"] == pd.Timestamp("2023-11-22", tz="UTC")
    assert "guard posts" in a["text"]
    for junk in ("tracking", "Subscribe", "Sports"):
        assert junk not in a["text"]


def test_rss_full_content_preferred_over_summary(fixture_result):
    a = by_title(fixture_result, "North Korea Fires Artillery Near Yeonpyeong")
    assert "evacuate to shelters" in a["text"] and "Short summary" not in a["text"]
    assert "<p>" not in a["text"]
    assert a["source"] == "Test Feed" and a["url"] == "https://example.org/r1"
    assert a["published"] == pd.Timestamp("2024-01-05 08:00", tz="UTC")


def test_atom_entry(fixture_result):
    a = by_title(fixture_result, "Russia Vetoes UN Sanctions Panel")
    assert a["published"] == pd.Timestamp("2024-03-28 15:00", tz="UTC") and "China abstained" in a["text"]


def test_encodings_never_mojibake(fixture_result):
    a = by_title(fixture_result, "Tokyo Weighs Summit With Pyongyang")  # UTF-16 with BOM
    assert "Japan’s government" in a["text"]
    b = by_title(fixture_result, "Café Diplomacy in Seoul")  # Windows-1252
    assert "“thaw”" in b["text"] and "—" in b["text"] and "Ã" not in b["text"]


def test_zip_members_read_and_docs_skipped(fixture_result):
    a = by_title(fixture_result, "US Submarine Visits Busan")
    assert a["origin"].endswith("bundle.zip!inner/2023-07-18-kentucky.txt:1")
    assert any(s.endswith("notes.md") for s in fixture_result.skipped)


def test_accounting_adds_up(fixture_result):
    r = fixture_result
    assert r.n_read == len(r.articles) + r.n_duplicates + len(r.rejects)


def test_bad_folder_rejects_each_file_with_a_reason():
    r = read_articles([FIXTURES / "bad"])
    reasons = dict(zip(r.rejects["file"].map(lambda f: f.rsplit("/", 1)[-1]), r.rejects["reason"]))
    assert reasons == {
        "binary.txt": "binary file, not text",
        "empty.txt": "empty file",
        "truncated.json": "not valid JSON (Unterminated string starting at)",
        "unknown.docx": reasons["unknown.docx"],
    }
    assert reasons["unknown.docx"].startswith("unsupported file type '.docx'")
    assert r.articles.empty


def test_exact_duplicates_stored_once(tmp_path):
    body = "Pyongyang: North Korea launched a missile, officials in Seoul said on Monday morning."
    for i, title in enumerate(["One", "Two"]):
        (tmp_path / f"{i}.txt").write_text(f"{title}\n\nX\nPublished 2023 Jan 02 Monday\n\n{body}\n")
    r = read_articles([tmp_path])
    assert len(r.articles) == 1 and r.n_duplicates == 1
    assert r.duplicates["origin"].iloc[0].endswith("1.txt:1")


def test_zip_slip_member_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../evil.txt", "T\n\nX\nPublished 2023 Jan 02 Monday\n\nBody text that is long enough.\n")
    (tmp_path / "a.zip").write_bytes(buf.getvalue())
    r = read_articles([tmp_path])
    assert r.articles.empty and "zip-slip" in r.rejects["reason"].iloc[0]


def test_missing_input_is_a_reject(tmp_path):
    r = read_articles([tmp_path / "nope.txt"])
    assert r.rejects["reason"].tolist() == ["file does not exist"]


@pytest.mark.parametrize("data,expected", [
    ("naïve café".encode("utf-8"), "naïve café"),
    ("naïve café".encode("latin-1"), "naïve café"),
    ("“quoted” – dash".encode("cp1252"), "“quoted” – dash"),
    ("Korea".encode("utf-16"), "Korea"),
])
def test_decode(data, expected):
    assert decode(data)[0] == expected


def test_txt_reader_tolerates_no_header():
    recs, rej = read_txt(b"Only a title line\n\nAnd a body paragraph.\n", "x.txt")
    assert not rej and recs[0]["title"] == "Only a title line" and recs[0]["published"] is None


def test_content_hash_ignores_case_and_spacing():
    assert content_hash("North  Korea fired.") == content_hash("north korea fired")
    assert content_hash("North Korea fired.") != content_hash("South Korea fired.")
