"""Shared fixtures: tiny hand-written corpora and gazetteer, stores built from them, the shared corpora."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "corpora"
EXAMPLE = SHARED / "raw-txt-sample" / "nk-war-preparations-2023-12-29.txt"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def tiny_gz():
    from components.build.gazetteer import load_gazetteer

    return load_gazetteer(FIXTURES / "gazetteer")


@pytest.fixture(scope="session")
def gz():
    from components.build.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def nlp(gz):
    from components.build.parse import build_nlp

    return build_nlp(gazetteer=gz)


@pytest.fixture(scope="session")
def roles_of(nlp):
    """``roles_of(text, name)``: the roles (actor / place) the parse and the metonymy rules give the country or
    capital mentions over ``name``'s first occurrence ("The U.S." holds "U.S.")."""
    from components.build.mentions import doc_rows

    def roles(text: str, name: str) -> list[str]:
        start = text.index(name)
        return [r["role"] for r in doc_rows(nlp(text), "a0", 0)
                if r["gaz"].startswith("country:") and r["start"] <= start < r["end"]]
    return roles


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory):
    """A store built by the real pipeline from tests/fixtures/articles (real gazetteer)."""
    from components.build.pipeline import process

    out = tmp_path_factory.mktemp("store")
    process([FIXTURES / "articles"], out, n_process=1)
    return out


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The bundled demo corpus, processed (the store the README's run command builds)."""
    from components.build.pipeline import process

    out = tmp_path_factory.mktemp("demo")
    process([ROOT / "data" / "demo"], out)
    return out


@pytest.fixture(autouse=True)
def _restore_main_module():
    """Streamlit's AppTest replaces ``sys.modules["__main__"]`` with the app script and never puts it
    back; every process spawned afterwards (Dask workers, spaCy pools, a killed-and-rerun pipeline)
    would then re-run ``dashboard/app.py`` and die. Put the real ``__main__`` back after each test."""
    import sys

    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


def pytest_collection_modifyitems(config, items):
    """Browser tests last: their session-wide Playwright loop must not be alive while other tests
    start processes of their own (a Dask LocalCluster's nannies fail to start beside it)."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))


def shared(*parts) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared corpora must sit beside the repo (../shared)")
    return path


@pytest.fixture()
def tiny_articles():
    """Six one-line articles whose expected outputs can be checked by eye."""
    return pd.DataFrame({
        "article_id": list("abcdef"),
        "title": ["Missile launch", "ICBM test", "Sanctions bite", "Trade slumps", "Missile fired", "Exports fall"],
        "text": ["North Korea fired a missile.", "Kim Jong Un watched a missile test.", "Sanctions on trade bite.",
                 "China trade slumps on sanctions.", "Seoul said a missile was fired.", "Exports fall as trade sanctions bite."],
        "source": ["A", "B", "A", "A", "B", "C"],
        "published": pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-10", "2023-02-01", "2023-02-02",
                                     "2023-03-01"], utc=True),
    })


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()
