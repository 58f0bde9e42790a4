"""Hostile and broken input: every input ends as a correct article or a reject with a clear reason.

The small inputs are committed in ``tests/fixtures/hostile/corpus`` (made by ``make_hostile.py``);
the big ones (a 50 MB line, JSON and zip bombs, zip-slip archives, a FIFO) are made here, in
``tmp_path``. For each input the test states the exact outcome, and the accounting
``read = stored + duplicates + rejected`` always holds.
"""
from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from components.build.ingest import read_articles
from components.store import load_store

from conftest import FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile" / "corpus"
MB = 1_000_000


def ts(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


def accounted(res) -> None:
    assert res.n_read == len(res.articles) + res.n_duplicates + len(res.rejects), \
        (res.n_read, len(res.articles), res.n_duplicates, len(res.rejects))


def local(origin: str) -> str:
    return origin.rsplit("/", 1)[-1]


# ---- the committed corpus: every record's outcome ------------------------------------------------------

def _no_markup(text: str) -> bool:
    return not re.search(r"alert\([1-4]\)|evil\.example|javascript:|<iframe|onerror|document\.write", text)


# origin -> expected fields; a callable checks the value, anything else must be equal.
STORED = {
    "truncated-utf8.txt:1": {"title": "Ceasefire talks in Genève", "source": "Lake Wire", "published": ts("2024-03-05"),
                             "dateline": "GENEVA",
                             "text": "GENEVA - Envoys met in Genève on Tuesday to discuss a ceasefire, officials said. "
                                     "Talks resume on Wednesday in the caf"},
    "mixed-encodings.txt:1": {"title": "Naïve hopes in Genève", "source": "Lake Wire",
                              "text": "GENEVA - Envoys from Pyongyang and Seoul met in Genève, a city of naïve hopes."
                                      "\n\nOfficials called it a “thaw” — the first in years, said a café owner."},
    "bom-then-cp1252.txt:1": {"title": "BOM and a pasted line",
                              "text": "GENEVA - The talks went on.\nA “pasted” line from an old café file."},
    "numbers.jsonl:2": {"title": "Line after the huge number", "published": ts("2024-01-10")},
    "script-page.html:1": {"title": "Drills resume near border", "source": "Evil Daily", "published": ts("2024-02-03"),
                           "url": "", "text": lambda t: _no_markup(t) and "resumed joint drills" in t
                           and "Markup written as text: <script>alert(5)</script> stays text." in t},
    "xxe.rss:1": {"title": "Entity &xxe; test", "source": "XXE Feed", "url": "",
                  "text": lambda t: "root:" not in t and "missiles" in t},
    "xxe.html:1": {"published": ts("2024-02-04"), "text": lambda t: "root:" not in t and "Hanoi" in t},
    "billion-laughs.xml:1": {"title": "&lol9;", "source": "Laughs",
                             "text": "Some body text about the launch of a missile today."},
    "feed-scripts.rss:1": {"title": "<img src=x onerror=alert(1)>", "url": "", "published": ts("2024-02-05 10:00"),
                           "text": "Launch reported.\n\nOfficials confirmed the missile launch on Monday."},
    "columns.csv:2": {"title": "Multi-line", "source": "Desk",
                      "text": "First line of the body.\nSecond line of the body.\nThird line."},
    "columns.csv:5": {"title": "Missing field", "source": "(unknown outlet)", "published": ts("2024-01-03")},
    "columns.csv:7": {"title": "Plain row", "published": ts("2024-01-05")},
    "columns.csv:8": {"title": "Trailing empties", "source": "Desk", "published": ts("2024-01-06")},
    "columns.csv:11": {"title": "After the break", "published": ts("2024-01-09")},
    "dates.jsonl:8": {"published": ts("2000-01-01 11:59:59")},  # 1999-12-31T23:59:59-12:00 in UTC
    "titles.jsonl:1": {"title": "Body whose first line becomes the title."},
    "titles.jsonl:2": {"title": "Another body with a blank title, long enough."},
    "titles.jsonl:3": {"title": "Missiles", "text": "Missiles.", "n_words": 1},
    "rtl-emoji.jsonl:1": {"title": "قمة في بيونغ يانغ", "source_id": "rtl-1",
                          "text": "بيونغ يانغ - التقى الزعيمان في بيونغ يانغ يوم الجمعة لمناقشة التعاون الاقتصادي."},
    "rtl-emoji.jsonl:2": {"title": "שיחות בסיאול", "text": "סיאול - נציגים נפגשו בסיאול ביום שבת, כך נמסר."},
    "rtl-emoji.jsonl:3": {"title": "Override \u202eevil.exe\u202c test"},
    "rtl-emoji.jsonl:4": {"title": "Summit 🤝🇰🇷🇰🇵 👨‍👩‍👧‍👦 👍🏽",
                          "text": "Leaders met 🤝 and families 👨‍👩‍👧‍👦 watched; flags 🇰🇷🇰🇵 flew. 👍🏽"},
    "dup-ids.jsonl:1": {"source_id": "dup-1", "title": "First text"},
    "dup-ids.jsonl:2": {"source_id": "dup-1", "title": "Second text"},
    "surrogates.jsonl:1": {"source_id": "s-\ufffd", "title": "Half \ufffd emoji", "source": "Desk \ufffd",
                           "text": "Text with half an emoji \ufffd in it, long enough."},
    **{f"urls.jsonl:{i}": {"url": ""} for i in range(1, 6)},  # javascript:, JaVa<TAB>ScRiPt:, data:, vbscript:, file:
    "urls.jsonl:6": {"url": "https://example.org/ok?a=1&b=<2>"},
    "urls.jsonl:7": {"url": "/relative/path"},
}

REJECTED = {
    **{f"binary-png.{ext}": "binary file, not text" for ext in ("txt", "json", "csv", "html")},
    "binary-png.rss": "binary file, not text",
    "numbers.jsonl:1": "not valid JSON (Exceeds the limit (4300 digits) for integer string conversion: "
                       "value has 5000 di)",
    "columns.csv:6": "row has 5 fields, header has 4: cannot tell which column the extra values belong to",
    "columns.csv:9": "unreadable CSV row (',' expected after '\"'; lines 9-10: an unbalanced quote?)",
    "no-text-column.csv:1": "no text column found among ['title', 'date']; name one with --text-column",
    "header-only.csv:2": "no rows under the header",
    "dates.jsonl:1": "date '9999-12-31' is outside the years 1800-2099",
    "dates.jsonl:2": "date '0001-01-01' is outside the years 1800-2099",
    "dates.jsonl:3": "no usable date (missing)",
    "dates.jsonl:4": "no usable date (missing)",
    "dates.jsonl:5": "no usable date ('not a date')",
    "dates.jsonl:6": "no usable date ('2023-02-30')",
    "dates.jsonl:7": "no usable date ('1e+30')",
    "titles.jsonl:4": "text too short (9 characters)",
    "titles.jsonl:5": "no article text",
    "one-word.txt:1": "no article text",
    "nul.jsonl:1": "text is not readable (binary content or wrong encoding)",
    "empty-array.json": "no records in the file (an empty JSON array)",
    "blank-lines.jsonl": "no records in the file",
    "not-objects.jsonl:1": "expected a JSON object, got list",
    "not-objects.jsonl:2": "expected a JSON object, got str",
    "not-objects.jsonl:3": "expected a JSON object, got NoneType",
}

DUPLICATES = {"dup-ids.jsonl:3", "dup-ids.jsonl:4"}  # the same record again; the same words, other case and id


@pytest.fixture(scope="module")
def corpus_result():
    return read_articles([HOSTILE])


def test_every_committed_hostile_input_has_its_exact_outcome(corpus_result):
    r = corpus_result
    stored = {local(o): row for o, row in zip(r.articles["origin"], r.articles.to_dict("records"))}
    assert set(stored) == set(STORED), {"unexpected": set(stored) - set(STORED), "missing": set(STORED) - set(stored)}
    rejected = dict(zip(r.rejects["origin"].map(local), r.rejects["reason"]))
    assert rejected == REJECTED
    assert set(r.duplicates["origin"].map(local)) == DUPLICATES and r.n_duplicates == len(DUPLICATES)
    accounted(r)
    assert r.n_read == len(STORED) + len(REJECTED) + len(DUPLICATES)
    for origin, fields in STORED.items():
        row = stored[origin]
        for key, want in fields.items():
            got = row[key]
            assert want(got) if callable(want) else got == want, f"{origin} {key}: {got!r}"
    # Every stored article is usable: text, a date in range, a stable id; no control characters in links.
    arts = r.articles
    assert arts["text"].str.len().gt(0).all() and arts["published"].notna().all()
    assert arts["article_id"].is_unique
    assert not arts["url"].str.contains(r"(?i)^\s*(?:javascript|vbscript|data|file):|[\x00-\x1f]").any()
    assert not any("\ufffd" in t for t in arts.loc[~arts["origin"].str.contains("surrogates"), "text"])


def test_pipeline_stores_the_hostile_corpus_without_crashing(tmp_path):
    """End to end through NER, topics and the Parquet store: odd strings survive the round trip."""
    from components.build.pipeline import process

    out = tmp_path / "store"
    summary = process([HOSTILE], out, n_process=1)
    assert summary.records_read == summary.stored + summary.duplicates + summary.rejected
    assert (summary.stored, summary.duplicates, summary.rejected) == (len(STORED), len(DUPLICATES), len(REJECTED))
    s = load_store(out)
    assert len(s["articles"]) == len(STORED) == s["manifest"]["counts"]["articles"]
    assert len(s["rejects"]) == len(REJECTED) and s["rejects"]["reason"].str.len().gt(0).all()
    by_origin = s["articles"].set_index(s["articles"]["origin"].map(local))
    for origin in ("rtl-emoji.jsonl:1", "rtl-emoji.jsonl:3", "rtl-emoji.jsonl:4", "surrogates.jsonl:1"):
        assert by_origin.loc[origin, "title"] == STORED[origin]["title"]
    m = s["mentions"].merge(s["articles"][["article_id", "text"]], on="article_id")
    assert (m.apply(lambda x: x["text"][x["start"]:x["end"]] == x["surface"], axis=1)).all()
    print(f"hostile corpus: {summary.line()}")


# ---- a 50 MB single line, in every format ----------------------------------------------------------------

WORDS = "missile launch talks "


def _line(n_bytes: int = 50 * MB) -> str:
    return WORDS * (n_bytes // len(WORDS))


@pytest.mark.parametrize("kind", ["txt-body", "txt-only-line", "jsonl", "csv", "html", "txt-newlines"])
def test_a_fifty_megabyte_line(tmp_path, kind):
    line = _line()
    if kind == "txt-body":
        (tmp_path / "big.txt").write_text(f"Big one\n\nDesk\nPublished 2024 Jan 02 Tuesday\n\n{line}\n")
    elif kind == "txt-only-line":
        (tmp_path / "big.txt").write_text(line)
    elif kind == "jsonl":
        (tmp_path / "big.jsonl").write_text(json.dumps({"title": "Big one", "published": "2024-01-02",
                                                        "text": line}) + "\n")
    elif kind == "csv":
        (tmp_path / "big.csv").write_text(f"title,text,date\nBig one,{line},2024-01-02\n")
    elif kind == "html":
        (tmp_path / "big.html").write_text(f"<html><head><title>Big one</title></head><body><p>{line}</p></body>"
                                           "</html>")
    else:
        (tmp_path / "big.txt").write_bytes(b"\n" * 50 * MB)
    del line
    r = read_articles([tmp_path])
    accounted(r)
    assert r.n_read == 1
    if kind in ("txt-body", "jsonl", "csv"):
        a = r.articles.iloc[0]
        assert a["title"] == "Big one" and a["published"] == ts("2024-01-02")
        assert a["truncated"] and len(a["text"]) <= 200_000 and a["text"].startswith("missile launch talks")
    else:
        reason = r.rejects["reason"].iloc[0]
        assert reason == {"txt-only-line": "no article text", "txt-newlines": "empty file",
                          "html": "HTML page is 50 MB, over the 5 MB a saved news page can be; save its text as "
                                  ".txt instead"}[kind]


# ---- JSON bombs --------------------------------------------------------------------------------------------

GOOD = {"title": "The good record", "text": "A record that should be stored next to the bomb.",
        "published": "2024-01-02"}


BOMB = "{n:,} {what} in {mb:.1f} MB ({each} bytes each) are too small to be articles: not read (built to exhaust memory?)"


@pytest.mark.parametrize("name,data,counted,what", [
    ("objects.json", lambda: b"[" + b",".join([b"{}"] * 2_000_000) + b"]", lambda d: d.count(b"{"), "objects"),
    ("lines.jsonl", lambda: b"{}\n" * 2_000_000, lambda d: d.count(b"\n") + 1, "lines"),
    ("zeros.json", lambda: b"[" + b",".join([b"0"] * 3_000_000) + b"]", lambda d: 3_000_000, "items"),
    ("rows.csv", lambda: b"title,text,date\n" + b"a,b,c\n" * 2_000_000, lambda d: d.count(b"\n") + 1, "lines"),
    ("blank.jsonl", lambda: b"\n" * 20 * MB, lambda d: d.count(b"\n") + 1, "lines"),
    ("items.rss", lambda: b"<rss><channel>" + b"<item/>" * 2_000_000 + b"</channel></rss>",
     lambda d: d.count(b"<item"), "entries"),
    ("deep.json", lambda: b"[" * 100_000 + b"]" * 100_000, None, "JSON nested too deeply"),
])
def test_json_bombs_are_refused_whole(tmp_path, name, data, counted, what):
    blob = data()
    (tmp_path / name).write_bytes(blob)
    reason = what if counted is None else BOMB.format(n=counted(blob), what=what, mb=len(blob) / MB,
                                                      each=len(blob) // counted(blob))
    del blob
    r = read_articles([tmp_path])
    accounted(r)
    assert r.articles.empty and r.rejects["reason"].tolist() == [reason]


def test_a_bomb_line_does_not_take_its_neighbours_down(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    huge = '{"title": "n", "text": "x", "n": ' + "1" * 10_000 + "}"
    (tmp_path / "mixed.jsonl").write_text("\n".join([deep, huge, json.dumps(GOOD)]) + "\n")
    r = read_articles([tmp_path])
    accounted(r)
    assert r.articles["title"].tolist() == ["The good record"]
    assert dict(zip(r.rejects["line"], r.rejects["reason"].str[:40])) == {
        1: "JSON nested too deeply", 2: "not valid JSON (Exceeds the limit (4300 "}


# ---- zip bombs and zip-slip -------------------------------------------------------------------------------

ARTICLE = "Zip member {n}\n\nDesk\nPublished 2024 Jan 02 Tuesday\n\nSEOUL - Body text of zip member {n}, long enough.\n"


def _zip(members: list[tuple[str, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buf.getvalue()


def _lying_zip(real: bytes, claimed: int) -> bytes:
    """One member whose headers claim ``claimed`` bytes while the data inflates to ``len(real)``."""
    data = bytearray(_zip([("liar.txt", real)]))
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, claimed)  # uncompressed size in the local header
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, claimed)  # ... and in the central directory
    return bytes(data)


def test_zip_bombs_are_refused(tmp_path):
    (tmp_path / "zeros.zip").write_bytes(_zip([("zeros.txt", b"\0" * 300 * MB)]))
    (tmp_path / "liar.zip").write_bytes(_lying_zip(b"A" * 20 * MB, 1000))
    (tmp_path / "nested.zip").write_bytes(_zip([("inner.zip", _zip([("a.txt", b"\0" * 50 * MB)])),
                                                ("ok.txt", ARTICLE.format(n=1).encode())]))
    (tmp_path / "many.zip").write_bytes(_zip([(f"m{i}.txt", b"") for i in range(100_001)], zipfile.ZIP_STORED))
    (tmp_path / "not-a-zip.zip").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    r = read_articles([tmp_path])
    accounted(r)
    assert r.articles["title"].tolist() == ["Zip member 1"]
    got = dict(zip(r.rejects["origin"].map(local), r.rejects["reason"]))
    assert got.pop("zeros.zip!zeros.txt") == "zip member expands to 300 MB (zip bomb or over the size limit)"
    assert got.pop("liar.zip!liar.txt").startswith("zip member cannot be read (Bad CRC-32")
    assert got.pop("nested.zip!inner.zip") == "zip inside a zip is not read; unpack it first"
    assert got.pop("many.zip") == "zip has 100001 members, over 100000"
    assert got.pop("not-a-zip.zip").startswith("not a readable zip archive")
    assert not got


def test_zip_slip_members_are_refused_and_nothing_is_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    members = ["../../evil-1.txt", "..\\..\\evil-2.txt", "/abs/evil-3.txt", "C:/win/evil-4.txt", "ok/../../evil-5.txt",
               "ok/\x1b[31mred\x07.txt", "ok/fine.txt"]
    (src / "slip.zip").write_bytes(_zip([(m, ARTICLE.format(n=i).encode()) for i, m in enumerate(members)]))
    before = sorted(p for p in tmp_path.rglob("*"))
    r = read_articles([src])
    accounted(r)
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not list(tmp_path.parent.glob("evil-*")) and not Path("/abs/evil-3.txt").exists()
    unsafe = "unsafe path in zip archive (zip-slip), skipped"
    assert dict(zip(r.rejects["origin"].map(lambda o: o.split("!", 1)[1]), r.rejects["reason"])) == {
        m: unsafe for m in members[:5]}
    assert sorted(r.articles["title"]) == ["Zip member 5", "Zip member 6"]
    # Member names are shown, never executed by a terminal: control characters are escaped.
    assert any(o.endswith("slip.zip!ok/\\x1b[31mred\\x07.txt:1") for o in r.articles["origin"])
    assert not r.articles["origin"].str.contains("[\x00-\x1f]").any()


def test_the_cli_never_prints_terminal_escapes_from_names(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "names.zip").write_bytes(_zip([("\x1b]0;pwned\x07\x1b[2J.txt", b"\x00binary"),
                                          ("good.txt", ARTICLE.format(n=1).encode())]))
    done = subprocess.run([sys.executable, "-m", "components.pipeline", str(src), "--out", str(tmp_path / "s"),
                           "--quiet", "--processes", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "\\x1b]0;pwned\\x07\\x1b[2J.txt: binary file, not text" in done.stderr
    assert "\x1b" not in done.stderr + done.stdout
    assert "2 records = 1 stored + 0 duplicates + 1 rejected" in done.stdout


# ---- files that are not files ------------------------------------------------------------------------------

def test_a_fifo_is_refused_not_read(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    result = {}
    t = threading.Thread(target=lambda: result.setdefault("r", read_articles([fifo])), daemon=True)
    t.start()
    t.join(30)
    assert "r" in result, "reading a FIFO blocked"
    r = result["r"]
    accounted(r)
    assert r.rejects["reason"].tolist() == ["not a regular file (a pipe, device or socket), not read"]


def test_every_input_is_accounted_for_across_all_cases(tmp_path, corpus_result):
    """The committed corpus and a zip of all of it, read together: the copies inside the zip are duplicates."""
    members = [(p.name, p.read_bytes()) for p in sorted(HOSTILE.iterdir())]
    (tmp_path / "all.zip").write_bytes(_zip(members))
    r = read_articles([HOSTILE, tmp_path])
    accounted(r)
    assert len(r.articles) == len(STORED)
    assert r.n_duplicates == len(DUPLICATES) + len(STORED) + len(DUPLICATES)
    assert len(r.rejects) == 2 * len(REJECTED)
    assert r.rejects["reason"].str.len().gt(0).all()
