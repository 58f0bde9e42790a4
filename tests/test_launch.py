"""dashboard/launch.py: the store is opened before the first visitor (issue 19, cold start)."""
from __future__ import annotations


def test_warm_up_fills_the_store_cache(fixture_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    from dashboard import launch, loaders

    loaders.open_store.clear()
    spent = launch.warm(timeout=0.05)  # no Streamlit runtime here: the no-filter rows are left out
    assert {"imports", "store"} <= set(spent) and "no-filter rows" not in spent
    version = loaders.store_version(str(fixture_store))
    hits = []
    monkeypatch.setattr(loaders, "load_store", lambda *a, **k: hits.append(a))  # a cache miss would read again
    assert len(loaders.open_store(str(fixture_store), version).articles) > 0 and hits == []


def test_warm_up_without_a_store_leaves_it_to_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(tmp_path / "none"))
    from dashboard import launch

    assert set(launch.warm(timeout=0.05)) == {"imports"}
