"""The installed venv: every reader's dependencies import and work (a missing extra such as
``lxml[html_clean]`` turned every HTML page into a reject while other tests passed), and every installed
package is the one the lock pins."""
from __future__ import annotations

import importlib
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"


@pytest.mark.parametrize("module", [
    "trafilatura", "justext", "lxml.html", "lxml.html.clean", "lxml_html_clean",  # HTML pages
    "feedparser",  # RSS and Atom
    "charset_normalizer", "dateparser", "dateutil.parser",  # every text format: encodings and dates
    "csv", "zipfile", "sqlite3",  # CSV, zip archives, the full-text index (FTS5 below)
])
def test_reader_dependency_imports(module):
    importlib.import_module(module)


def test_sqlite_has_fts5():
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")


@pytest.mark.parametrize("name, kind", [("page.html", "HTML"), ("feed.rss", "RSS"), ("feed.atom", "Atom"),
                                        ("odd-columns.csv", "CSV"), ("bundle.zip", "zip")])
def test_each_reader_reads_its_fixture(name, kind):
    """The real readers on one fixture per format: articles and no reject (an ImportError inside a reader
    becomes a reject, so this is where a missing dependency shows)."""
    from components.build.ingest import read_articles

    res = read_articles([FIXTURES / name])
    assert len(res.articles) >= 1, f"{kind}: nothing read"
    assert res.rejects.empty, f"{kind}: {res.rejects[['origin', 'reason']].to_dict('records')}"


def _pins(lock: Path) -> dict[str, str]:
    norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()  # noqa: E731
    pins = {}
    for line in lock.read_text().splitlines():
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9_.\-]*)(\[[^\]]*\])?==([^\s;\\]+)", line)
        if m:
            pins[norm(m.group(1))] = m.group(3)
    return pins


def test_lock_pins_every_direct_requirement():
    """requirements.txt and requirements-dev.txt name nothing the locks leave out."""
    for req, lock in (("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")):
        pins = _pins(ROOT / lock)
        for line in (ROOT / req).read_text().splitlines():
            m = re.match(r"([A-Za-z0-9][A-Za-z0-9_.\-]*)(\[[^\]]*\])?==(\S+)", line.strip())
            if m:
                name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
                assert pins.get(name) == m.group(3), f"{req} pins {line.strip()}, {lock} has {pins.get(name)}: " \
                                                     "run ./wirescope lock"
        assert "hash=sha256:" in (ROOT / lock).read_text()


@pytest.mark.skipif(Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
                    reason="checks the repository's own .venv (./wirescope install)")
def test_installed_venv_is_the_lock():
    """Every package in the venv is pinned, at that version, in requirements-dev.lock (the project aside)."""
    pins = _pins(ROOT / "requirements-dev.lock")
    off = []
    for dist in metadata.distributions():
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if name == "wirescope":
            continue
        if pins.get(name) != dist.version:
            off.append(f"{name}=={dist.version} (lock: {pins.get(name, 'not pinned')})")
    assert not off, "installed but not as locked: " + ", ".join(sorted(off)) + \
        ". Add new packages to requirements.txt, run ./wirescope lock, then ./wirescope install"
