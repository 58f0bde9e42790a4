"""The What's new view and the watchlist (issue 23), through Streamlit's AppTest.

On the demo, ``new?since=2024-05-01`` must name the actors that first appear after that date, checked
against a computation straight from the store's Parquet files (not the view's code); and a pinned actor
is flagged when an article that mentions it is added.
"""
from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import FIXTURES, ROOT


def _first_after(store, since: str, country: str | None = None) -> set[str]:
    """Names of the actors (neither countries nor places: a city is where, not who) whose first article is on or
    after ``since``: read with pandas."""
    arts = pd.read_parquet(store / "articles.parquet", columns=["article_id", "published", "countries"])
    if country:
        arts = arts[arts["countries"].map(lambda cs: cs is not None and country in list(cs))]
    ments = pd.read_parquet(store / "mentions.parquet", columns=["article_id", "entity_id"])
    ents = pd.read_parquet(store / "entities.parquet", columns=["entity_id", "name"])
    day = dict(zip(arts["article_id"], arts["published"].dt.tz_convert("UTC").dt.date))
    m = ments[ments["article_id"].isin(day) & ~ments["entity_id"].str.startswith(("country:", "place:"))]
    first = m.assign(day=m["article_id"].map(day)).groupby("entity_id")["day"].min()
    new = first[first >= pd.Timestamp(since).date()].index
    return set(ents.set_index("entity_id").loc[new, "name"])


def _shown(at) -> pd.DataFrame:
    """The table of first appearances (the only one with a first_seen column)."""
    hits = [d.value for d in at.dataframe if "first_seen" in d.value.columns]
    return hits[0] if hits else pd.DataFrame(columns=["name", "link"])


@pytest.mark.parametrize("country", [None, "PRK"], ids=["unfiltered", "north-korea"])
def test_demo_new_since_names_the_actors_first_seen_after_the_date(demo_store, monkeypatch, country):
    monkeypatch.setenv("WIRESCOPE_DATA", str(demo_store))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["since"] = "2024-05-01"
    if country:
        at.query_params["country"] = country
    at.switch_page("views/new.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    expected = _first_after(demo_store, "2024-05-01", country)
    assert expected, "the demo has actors first seen after 1 May 2024"
    shown = _shown(at)
    assert set(shown["name"]) <= expected
    assert len(shown) == min(30, len(expected))
    if len(expected) > 30:
        assert any(f"and {len(expected) - 30} more" in c.value for c in at.caption)
    # Every line links to the Articles view, narrowed to that actor from the date on, under the filters.
    assert all(link.startswith("articles?") and "from=2024-05-01" in link and "actor=" in link
               for link in shown["link"])
    if country:
        assert all("country=PRK" in link for link in shown["link"])
    assert at.date_input(key="new-since").value.isoformat() == "2024-05-01"


def test_a_bad_since_in_the_link_is_explained_and_the_default_used(fixture_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.query_params["since"] = "yesterday"
    at.switch_page("views/new.py")
    at.run()
    assert not at.exception
    assert any("dates are written YYYY-MM-DD" in w.value for w in at.warning)


def test_pin_an_actor_add_an_article_that_mentions_it_and_see_it_flagged(tmp_path, monkeypatch):
    from components import workspace
    from components.build.pipeline import process
    from dashboard.actions import add_uploaded

    out = tmp_path / "store"
    process([FIXTURES / "articles" / "txt"], out, n_process=1)
    monkeypatch.setenv("WIRESCOPE_DATA", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.run()
    at.selectbox(key="watch-actor").set_value("person:kim-jong-un").run()  # pin, in the sidebar
    assert not at.exception, [e.value for e in at.exception]
    assert workspace.read(out)["watch"]["actors"] == ["person:kim-jong-un"]
    assert not [c for c in at.markdown if "New for your watchlist" in c.value], "nothing new right after pinning"

    text = ("Kim Jong Un Inspects New Factory\n\nPeninsula Test Wire\nPublished 2024 Jul 2 Tuesday\n\n"
            "SEOUL (PTW) - North Korean leader Kim Jong Un inspected a munitions factory, state media said.\n")
    summary = add_uploaded(str(out), [("2024-07-02-kim-factory.txt", text.encode())])
    assert summary.stored == 1

    for page in (None, "views/new.py"):  # the Overview, then What's new
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
        if page:
            at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        flags = [c.value for c in at.markdown if "New for your watchlist" in c.value]
        assert flags and "Kim Jong Un" in flags[0] and "1 new article" in flags[0], flags

    at.button(key="watch-seen").click().run()  # the visit is recorded: no flag any more
    assert not [c for c in at.markdown if "New for your watchlist" in c.value]
    assert any("nothing new since your last visit" in c.value for c in at.caption)
    # The store's manifest now records two additions, and What's new starts after the first one.
    adds = workspace.json.loads((out / "manifest.json").read_text())["additions"]
    assert [a["added"] for a in adds] == [3, 1]


def test_the_briefing_pack_gets_the_since_slide_and_the_notes(fixture_store, tmp_path, monkeypatch):
    import shutil

    from components import workspace

    store = tmp_path / "store"
    shutil.copytree(fixture_store, store)
    workspace.edit(store, lambda w: workspace.add_note(w, "actor", "person:kim-jong-un", "Check <tone>"))
    monkeypatch.setenv("WIRESCOPE_DATA", str(store))
    from components.present import pack

    seen, real = [], pack.briefing_pack
    monkeypatch.setattr(pack, "briefing_pack", lambda items, **kw: seen.append(items) or real(items, **kw))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.query_params["since"] = "2024-01-01"
    at.switch_page("views/new.py")
    at.run()
    at.button(key="pack-build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    titles = [it["title"] for it in seen[0]]
    assert titles[1] == "Since 01 Jan 2024" and titles[-1] == "Appendix: the analyst's notes", titles
    assert seen[0][-1]["table"]["note"].tolist() == ["Check <tone>"]


def test_a_pack_whose_rendering_stalls_says_so(fixture_store, monkeypatch):
    """The rendering browser stalling twice ends in an error on the page, with no pack offered."""
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    from components.present import pack, render

    def stalled(items, *, progress=None, **kw):
        progress(3, 40)
        raise render.RenderStalled("No chart finished rendering in 30 s (3 of 40 done) on the rendering browser. "
                                   "Try again.")

    monkeypatch.setattr(pack, "briefing_pack", stalled)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.run()
    at.button(key="pack-build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["The briefing pack could not be rendered. No chart finished rendering in "
                                           "30 s (3 of 40 done) on the rendering browser. Try again."]
    assert not [b for b in at.get("download_button") if b.proto.label.startswith("briefing")]
    monkeypatch.setattr(pack, "briefing_pack", lambda items, **kw: {n: b"x" for n in ("briefing.pptx", "briefing.pdf",
                                                                                      "briefing.zip")})
    at.button(key="pack-build").click().run()
    assert not at.error
    assert [b.proto.label for b in at.get("download_button") if b.proto.label.startswith("briefing")] == [
        "briefing.pptx", "briefing.pdf", "briefing.zip"]


def test_watch_and_note_from_the_actor_profile(fixture_store, tmp_path, monkeypatch):
    import shutil

    from components import workspace

    store = tmp_path / "store"
    shutil.copytree(fixture_store, store)
    monkeypatch.setenv("WIRESCOPE_DATA", str(store))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.query_params["focus"] = "person:kim-jong-un"
    at.switch_page("views/actor.py")
    at.run()
    at.button(key="profile-watch").click().run()
    at.text_area(key="profile-note").input("Tone <b>softer</b>")
    at.button(key="profile-note-add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    ws = workspace.read(store)
    assert ws["watch"]["actors"] == ["person:kim-jong-un"]
    assert [n["text"] for n in workspace.notes_for(ws, "actor", "person:kim-jong-un")] == ["Tone <b>softer</b>"]
    assert any(t.value == "Tone <b>softer</b>" for t in at.text)  # shown as the characters it is
    assert at.button(key="profile-unwatch")
