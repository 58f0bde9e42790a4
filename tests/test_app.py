"""Fast page tests with Streamlit's AppTest: every view, with filters set and cleared."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard.safe import plain
from dashboard.views import VIEWS

HEADINGS = {"coverage": "Coverage over time"}  # a page's title where it is longer than its navigation label


@pytest.fixture()
def app(fixture_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(fixture_store))
    return AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)


def page(at, name):
    if name != VIEWS[0].module:
        at.switch_page(f"views/{name}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.module)
def test_view_renders_without_filters(app, view):
    at = page(app, view.module)
    assert at.title[0].value == HEADINGS.get(view.module, view.title)


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.module)
def test_view_renders_with_country_filter_from_the_url(app, view):
    app.query_params["country"] = "PRK"
    at = page(app, view.module)
    assert at.multiselect(key="country").value == ["PRK"]
    assert any("North Korea" in b.label for b in at.button), "the active filter shows as a chip"


def test_filters_narrow_the_overview_and_clear_all_restores(app):
    at = page(app, "overview")
    total = int(at.metric[0].value.replace(",", ""))
    at.multiselect(key="country").set_value(["JPN"]).run()
    narrowed = int(at.metric[0].value.replace(",", ""))
    assert 0 < narrowed < total
    assert at.query_params["country"] in ("JPN", ["JPN"])
    at.button(key="chip-clear").click().run()
    assert int(at.metric[0].value.replace(",", "")) == total
    assert "country" not in at.query_params


def test_unknown_url_values_give_a_notice_not_an_exception(app):
    app.query_params["actor"] = "person:nobody"
    app.query_params["from"] = "2023-13-45"
    at = page(app, "overview")
    notes = plain(" ".join(w.value for w in at.warning))
    assert "person:nobody" in notes and "2023-13-45" in notes


def test_a_typed_name_in_the_actors_box_finds_the_actor_on_the_server(app):
    at = page(app, "overview")
    total = int(at.metric[0].value.replace(",", ""))
    at.multiselect(key="actor").set_value(["kim jong UN"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="actor").value == ["person:kim-jong-un"]
    assert at.query_params["actor"] in ("person:kim-jong-un", ["person:kim-jong-un"])
    assert 0 < int(at.metric[0].value.replace(",", "")) < total
    at.multiselect(key="actor").set_value(["person:kim-jong-un", "Zzyzx Qwerty"]).run()
    assert at.multiselect(key="actor").value == ["person:kim-jong-un"]
    assert any("Zzyzx Qwerty" in w.value for w in at.warning)  # said, not silently dropped


def test_the_actor_boxes_send_only_the_most_covered_actors():
    from types import SimpleNamespace

    import pandas as pd

    from dashboard.state import ACTOR_OPTIONS, options_for

    n = ACTOR_OPTIONS + 50
    ents = pd.DataFrame({"entity_id": [f"person:p{i}" for i in range(n)] + ["country:PRK"],
                         "name": [f"P {i}" for i in range(n)] + ["North Korea"],
                         "type": ["person"] * n + ["country"], "country": [""] * (n + 1),
                         "n_articles": list(range(n)) + [10_000]})
    arts = pd.DataFrame({"countries": [["PRK"]], "source": ["KCNA"], "published": pd.to_datetime(["2024-01-02"])})
    opts = options_for(SimpleNamespace(articles=arts, entities=ents, topics=pd.DataFrame({"topic_id": [0]})))
    assert len(opts["actor"]) == ACTOR_OPTIONS
    assert opts["actor"][0] == f"person:p{n - 1}" and "country:PRK" not in opts["actor"]


def test_a_link_keeps_an_actor_the_box_does_not_list(app, fixture_store, monkeypatch):
    import pandas as pd
    import streamlit as st

    import dashboard.state

    ents = pd.read_parquet(fixture_store / "entities.parquet")
    rare = ents[ents["type"] == "person"].sort_values("n_articles", kind="stable")["entity_id"].iloc[0]
    monkeypatch.setattr(dashboard.state, "ACTOR_OPTIONS", 1)
    st.cache_resource.clear()  # the sidebar's options are cached per store version
    try:
        app.query_params["actor"] = rare
        at = page(app, "overview")
        box = at.multiselect(key="actor")
        assert box.value == [rare] and len(box.options) == 2  # the linked actor and the one most covered
        assert not [w for w in at.warning if rare in w.value]
    finally:
        st.cache_resource.clear()


def test_a_typed_name_finds_the_most_covered_match_and_says_which_others():
    # The Actor profile's box and the watchlist's use this too (AppTest cannot type into a selectbox).
    from types import SimpleNamespace

    import pandas as pd

    from dashboard.widgets import typed_actor

    ents = pd.DataFrame({"entity_id": ["person:a", "person:b", "org:c"],
                         "name": ["Kim Jong Un", "Kim Yo Jong", "Korean Central News Agency"],
                         "aliases": [["Kim"], [], ["KCNA"]], "type": ["person", "person", "organisation"],
                         "n_articles": [9, 4, 7]})
    store = SimpleNamespace(entities=ents, entity_names=dict(zip(ents["entity_id"], ents["name"])))
    assert typed_actor(store, "kcna") == ("org:c", None)
    found, note = typed_actor(store, "kim jo")
    assert found == "person:a" and "Kim Yo Jong" in note
    assert typed_actor(store, "Nobody Atall")[0] is None


def test_topics_runs_the_tab_named_in_the_link_and_a_filter_keeps_it(app):
    app.query_params["tab"] = "Over time"
    at = page(app, "topics")
    assert at.tabs  # the tabs are drawn
    at.multiselect(key="country").set_value(["PRK"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["country"] in ("PRK", ["PRK"])


def test_topics_opens_on_the_topic_sizes_and_draws_one_chart_per_tab(app):
    """A filter change draws the open tab's chart only: the sizes are a tab of their own, not above every tab."""
    import json

    at = page(app, "topics")
    assert not at.exception, [e.value for e in at.exception]
    charts = at.get("plotly_chart")
    assert [c.key for c in charts] == ["topic-sizes"]
    assert any("Click a bar" in c.value for c in at.caption)
    app.query_params["tab"] = "Topic map"
    at = page(app, "topics")
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and charts[0].key != "topic-sizes"
    assert not any("Click a bar" in c.value for c in at.caption)
    assert json.loads(charts[0].proto.spec)["data"][0]["type"] == "scatter"


def test_the_signed_network_draws_hostile_and_cooperative_ties_with_a_legend(app):
    at = page(app, "network")
    n = len(at.get("plotly_chart"))
    at.toggle(key="net_stance").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    charts = at.get("plotly_chart")
    assert len(charts) == n + 1
    import json

    spec = json.loads(charts[-1].proto.spec)
    names = [t.get("name", "") for t in spec["data"]]
    assert any(x.startswith(("Mostly hostile", "Mostly cooperative", "Neutral or mixed")) for x in names), names
    assert spec["layout"]["title"]["text"].startswith("How actors speak of each other")


def test_the_actor_profile_shows_what_the_actor_said_by_stance(app):
    import json

    app.query_params["focus"] = "person:kim-jong-un"
    app.query_params["tab"] = "Statements"
    at = page(app, "actor")
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert not [sp for sp in specs if sp["layout"]["title"]["text"].startswith("Who appears with")], \
        "the closed Coverage tab is not computed"
    timeline = [sp for sp in specs if sp["layout"]["title"]["text"].startswith("What Kim Jong Un said, by month")]
    assert timeline, [sp["layout"]["title"]["text"][:40] for sp in specs]
    assert {t["name"] for t in timeline[0]["data"]} <= {"hostile", "cooperative", "neutral"}


def test_the_actor_profile_opens_on_its_coverage_and_finds_company_in_its_own_tab(app):
    import json

    app.query_params["focus"] = "person:kim-jong-un"
    at = page(app, "actor")
    assert not at.exception, [e.value for e in at.exception]
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert len(titles) == 1 and titles[0].startswith("Coverage mentioning Kim Jong Un"), titles
    assert {"Topics", "Outlets"} <= {h.value for h in at.subheader}
    app.query_params["tab"] = "Who appears with"
    at = page(app, "actor")
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert [t.split(" Kim")[0] for t in titles] == ["Who appears with", "Countries in coverage of"], titles


def test_statements_open_on_the_table_and_draw_one_chart_per_tab(app):
    import json

    def titles(at):
        return [json.loads(c.proto.spec)["layout"]["title"]["text"].split("<br>")[0] for c in at.get("plotly_chart")]

    at = page(app, "statements")
    assert not at.exception, [e.value for e in at.exception]
    assert titles(at) == [] and len(at.dataframe) == 1 and len(at.dataframe[0].value) > 0
    app.query_params["tab"] = "Who is quoted"
    assert titles(page(app, "statements")) == ["Who is quoted"]
    app.query_params["tab"] = "Over time"
    at = page(app, "statements")
    assert titles(at) == ["Statements by month"]
    speaker = at.multiselect(key="st_speaker").options[0]
    at.multiselect(key="st_speaker").set_value([speaker]).run()  # an actor and everyone: how they speak of others
    assert not at.exception, [e.value for e in at.exception]
    got = titles(at)
    assert got[0] == "Statements by month" and len(got) == 2 and got[1].startswith("How "), got


def test_text_search_uses_the_index(app):
    app.query_params["q"] = '"spy satellite"'
    at = page(app, "articles")
    assert "1 article from 1 outlet" in at.caption[0].value


def test_bad_query_syntax_is_explained(app):
    app.query_params["q"] = 'missile AND'
    at = page(app, "overview")
    assert any("cannot read the query" in w.value for w in at.warning)


def test_missing_store_explains_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.setenv("WIRESCOPE_DATA", str(tmp_path / "nothing"))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "No processed store" in at.error[0].value
    assert "components.pipeline" in at.code[0].value


def test_actor_profile_from_the_link(app):
    app.query_params["focus"] = "person:kim-jong-un"
    at = page(app, "actor")
    assert at.selectbox(key="focus_box").value == "person:kim-jong-un"
    assert at.metric[2].value == "Person" and at.metric[3].value == "North Korea"


def test_articles_reader_escapes_and_links(app):
    at = page(app, "articles")
    assert not at.markdown or all("<script" not in m.value for m in at.markdown)


def test_actors_view_merge_applies_everywhere(tmp_path, monkeypatch):
    from components.build.pipeline import process
    from components.store import load_store

    from conftest import FIXTURES

    out = tmp_path / "store"
    process([FIXTURES / "articles" / "txt"], out, n_process=1)
    monkeypatch.setenv("WIRESCOPE_DATA", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.switch_page("views/actors.py")
    at.run()
    at.selectbox(key="m_src").set_value("person:vladimir-putin")
    at.selectbox(key="m_dst").set_value("person:kim-jong-un").run()
    at.button(key="m_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    ents = set(load_store(out)["mentions"]["entity_id"])
    assert "person:vladimir-putin" not in ents and "person:kim-jong-un" in ents


def test_add_articles_view_processes_uploads(tmp_path, monkeypatch):
    from components.build.pipeline import process

    from conftest import FIXTURES

    out = tmp_path / "store"
    process([FIXTURES / "articles" / "txt"], out, n_process=1)
    monkeypatch.setenv("WIRESCOPE_DATA", str(out))
    from dashboard.actions import add_uploaded

    summary = add_uploaded(str(out), [("../evil name.txt", (FIXTURES / "articles" / "cp1252-cafe.txt").read_bytes()),
                                      ("bad.txt", b"\x00\x01" * 100)])
    assert summary.stored == 1 and summary.rejected == 1 and summary.total_articles == 4
    saved = sorted(p.name for p in (out / "uploads").rglob("*.txt"))
    assert saved == ["bad.txt", "evil_name.txt"]
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.run()
    assert at.metric[0].value == "4"


def test_network_period_comparison_from_the_link(app):
    app.query_params["a_from"] = "2023-01-01"
    app.query_params["a_to"] = "2023-12-31"
    app.query_params["b_from"] = "2024-01-01"
    app.query_params["b_to"] = "2024-12-31"
    at = page(app, "network")
    assert at.date_input(key="cmp_b_from").value.isoformat() == "2024-01-01"
    shown = at.dataframe[-1].value
    statuses = set(shown["status"])
    assert statuses and statuses <= {"appeared", "strengthened", "weakened", "vanished", "steady"}
    assert shown["change"].dropna().abs().is_monotonic_decreasing  # the largest changes lead the table


def test_presentation_mode_from_the_link(app):
    app.query_params["present"] = "1"
    at = page(app, "coverage")
    assert any(b.key == "present-exit" for b in at.button)
    assert not any(b.key and b.key.startswith("chip-") for b in at.button)
    at.button(key="present-exit").click().run()
    assert "present" not in at.query_params


@pytest.fixture(scope="module")
def languages_store(tmp_path_factory):
    """One English, one French and one Korean article (tests/fixtures/languages)."""
    from components.build.pipeline import process

    from conftest import FIXTURES

    out = tmp_path_factory.mktemp("languages")
    process([FIXTURES / "languages"], out, n_process=1)
    return out


def test_overview_names_the_languages_not_analysed(languages_store, monkeypatch):
    monkeypatch.setenv("WIRESCOPE_DATA", str(languages_store))
    at = page(AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90), "overview")
    notes = [plain(i.value) for i in at.info]
    assert any(n.startswith("2 of these 3 articles were not analysed for people and organisations: French 1, "
                            "Korean 1.") for n in notes), notes
    at.text_input(key="q").set_value("Corée").run()  # the French article alone: still named
    assert [plain(i.value) for i in at.info if "not analysed" in i.value] == [
        "This article was not analysed for people and organisations: French 1. Wirescope has no model for its "
        "language: it is counted in coverage and found by text search, and the countries and capitals it names are "
        "found by their names in that language."]
    at.text_input(key="q").set_value("Kishida").run()  # the English article: nothing to say
    assert not [i for i in at.info if "not analysed" in i.value]


def test_overview_says_nothing_when_every_article_was_analysed(app):
    at = page(app, "overview")
    assert not [i for i in at.info if "not analysed" in i.value]


def test_actor_profile_lists_how_its_mentions_were_resolved(app):
    from components.analysis.provenance import explain_rule

    app.query_params["focus"] = "person:kim-jong-un"
    at = page(app, "actor")
    box = next(e for e in at.expander if "were resolved" in e.label)
    n = int(at.metric[1].value.replace(",", ""))
    assert plain(box.label).startswith(f"How its {n:,} mentions were resolved: ")
    table = next(d.value for d in at.dataframe if "how" in d.value.columns)
    assert table["mentions"].sum() == n and list(table["mentions"]) == sorted(table["mentions"], reverse=True)
    assert "a full name listed in the gazetteer" in set(table["how"])
    assert set(table["how"]) <= {explain_rule(r) for r in ("full name (gazetteer)", "surname (article)",
                                                             "given name (article)", "name variant (article)",
                                                             "title of office", "gazetteer name", "full name",
                                                             "surname (store)", "name variant (store)")}
    assert table["written as"].str.contains("“Kim Jong Un”").any()


def test_coverage_map_draws_places_with_their_country_and_count(app):
    import json

    app.query_params["tab"] = "By country"  # the map's tab, opened from the link
    at = page(app, "coverage")
    assert not any("Coverage of" in c.proto.spec or "Coverage, by" in c.proto.spec for c in at.get("plotly_chart")), \
        "the closed tab's time chart is not computed"
    fig = json.loads(next(c for c in at.get("plotly_chart") if "Coverage by country" in c.proto.spec).proto.spec)
    places = next(t for t in fig["data"] if t.get("name", "").startswith("Places"))
    assert places["customdata"] and all(c.startswith("place:") for c in places["customdata"])
    hover = dict(zip(places["customdata"], places["hovertext"]))
    assert any(h.startswith("<b>Seoul</b><br>South Korea<br>") for h in hover.values()), hover
    assert fig["data"][-1]["customdata"][0].isupper()  # the countries' click dots stay last


def test_charts_show_the_selection_buttons_their_selection_takes(app):
    """The Coverage chart takes box selections and the map box and lasso: their mode bars keep those buttons;
    a chart with clicks only (the Network) has neither."""
    import json

    def removed(at):
        return {c.key: json.loads(c.proto.config)["modeBarButtonsToRemove"] for c in at.get("plotly_chart")}

    assert removed(page(app, "coverage")) == {"coverage-chart": ["lasso2d", "autoScale2d"]}
    app.query_params["tab"] = "By country"
    assert removed(page(app, "coverage")) == {"coverage-map": ["autoScale2d"]}
    assert removed(page(app, "network"))["network-chart"] == ["lasso2d", "select2d", "autoScale2d"]
