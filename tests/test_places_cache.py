"""The place index is kept as a pickle under a key of what it is built from (components.build.places)."""
from __future__ import annotations

from components.build import places


def test_the_cache_is_written_read_back_and_rebuilt_when_broken(tmp_path, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_CACHE", str(tmp_path))
    built = places._cached_places(places.CITIES, None)
    files = list(tmp_path.glob("places-*.pickle"))
    assert len(files) == 1 and not list(tmp_path.glob("*.tmp"))
    again = places._cached_places(places.CITIES, None)
    assert again.by_name.keys() == built.by_name.keys() and again.regions["kansas"] == built.regions["kansas"]
    files[0].write_bytes(b"not a pickle")  # a truncated or foreign file is built over, never trusted
    rebuilt = places._cached_places(places.CITIES, None)
    assert rebuilt.by_name["wichita"] == built.by_name["wichita"]
    assert files[0].stat().st_size > 1000


def test_the_key_follows_our_tables(tmp_path):
    (tmp_path / "abbreviations.csv").write_text("abbreviation,iso3,region,source\n", encoding="utf-8")
    before = places._cache_key(places.CITIES, str(tmp_path))
    (tmp_path / "abbreviations.csv").write_text("abbreviation,iso3,region,source\nAla.,USA,AL,AP\n", encoding="utf-8")
    assert places._cache_key(places.CITIES, str(tmp_path)) != before
    assert places._cache_key(places.CITIES, None) != before
