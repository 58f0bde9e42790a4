"""Publication dates and datelines.

Examples
--------
>>> parse_date("2023 Dec 29 Friday")
Timestamp('2023-12-29 00:00:00+0000', tz='UTC')
>>> parse_date("December 29, 2023"), parse_date("29 Dec 2023")
(Timestamp('2023-12-29 00:00:00+0000', tz='UTC'), Timestamp('2023-12-29 00:00:00+0000', tz='UTC'))
>>> parse_date("not a date") is None
True
>>> split_dateline("SEOUL (Reuters) - North Korea fired a missile.")
('SEOUL', 18)
>>> split_dateline("Pyongyang, December 24 (KCNA) -- Japan continues.")
('Pyongyang', 33)
>>> split_dateline("NAIROBI, Kenya (Reuters) - Rains fell.")
('NAIROBI, Kenya', 27)
>>> split_dateline("Kim Jong Un said the party must act.")
('', 0)
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pandas as pd

__all__ = ["parse_date", "split_dateline", "DATELINE", "EARLIEST", "LATEST"]

# Articles dated outside this window are almost always parse errors or placeholders.
EARLIEST = pd.Timestamp("1800-01-01", tz="UTC")
LATEST = pd.Timestamp("2100-01-01", tz="UTC")
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b,?", re.I)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$")


def _to_utc(ts: datetime) -> pd.Timestamp | None:
    out = pd.Timestamp(ts)
    out = out.tz_localize("UTC") if out.tzinfo is None else out.tz_convert("UTC")
    if not (EARLIEST <= out < LATEST):
        return None
    return out


def parse_date(value) -> pd.Timestamp | None:
    """Parse any common date representation to a UTC timestamp, or None.

    Fast paths (ISO 8601, epoch seconds) first, then dateutil, then dateparser for
    the rest ("3 days ago" is not accepted: relative dates have no anchor here).
    Dates before 1800 or from 2100 on are treated as unparseable.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or not (0 < value < 4_102_444_800_000):
            return None
        seconds = value / 1000 if value > 4_102_444_800 else value
        return _to_utc(datetime.fromtimestamp(seconds, tz=timezone.utc))
    if isinstance(value, datetime):
        return _to_utc(value)
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    if _ISO.match(text):
        try:
            return _to_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    cleaned = _WEEKDAY.sub(" ", text).strip(" ,")
    if not re.search(r"\d", cleaned):
        return None
    from dateutil import parser as du

    try:
        return _to_utc(du.parse(cleaned, default=datetime(2000, 1, 1)))
    except (ValueError, OverflowError, TypeError):
        pass
    import dateparser

    try:
        parsed = dateparser.parse(cleaned, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                                      "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # dateparser raises a variety of internal errors on odd input
        return None
    return _to_utc(parsed) if parsed else None


# A month's name or its abbreviation, as a whole word: "Mar" + any letters also read "Maryland" and "Decatur" as
# months, and a dateline with such a state after its town ("FOO, Maryland (AP) -") was lost.
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])\.?")
_PLACE = r"(?P<place>[A-Z][A-Za-z'.]+(?:[ -][A-Z][A-Za-z'.]+){0,3})"
# A leading dateline: the place, the state or country the wire adds (``region``), an agency in brackets and the
# separator before the body; split_dateline and the pipeline's dateline mentions (components.build.resolve) read it.
DATELINE = re.compile(
    rf"^\s*(?:By\s+)?{_PLACE}"
    # "NAIROBI, Kenya (Reuters) -", "TULSA, Okla. -": the state or country the wire adds
    rf"(?:,\s*(?!{_MONTH}\s)(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?))?"
    rf"(?:,\s*(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s*\d{{4}})?)?"
    r"\s*(?:\((?P<agency>[^)\n]{1,40})\))?"
    r"\s*(?P<sep>--|—|–|-|:)\s+"
)


def split_dateline(text: str) -> tuple[str, int]:
    """Find a leading dateline: ``(place as written, offset where the body starts)``.

    The text itself is kept whole (mention offsets point into it); the caller skips
    everything before the offset when looking for mentions.

    A place followed only by ``:`` counts when it is one or two words, so that an
    ordinary sentence starting with a name and a colon is not taken for a dateline.
    """
    m = DATELINE.match(text[:160])
    if not m:
        return "", 0
    place = m.group("place")
    words = place.split()
    if m.group("sep") == ":" and (len(words) > 2 or m.group("agency")):
        return "", 0
    if m.group("sep") in {"-", "–"} and not (place.isupper() or m.group("agency") or "," in m.group(0)):
        return "", 0  # "Kim Jong-un - ..." is a sentence, "SEOUL -" is a dateline
    if m.group("region"):
        place = f"{place}, {m.group('region')}"
    return place.strip(), m.end()
