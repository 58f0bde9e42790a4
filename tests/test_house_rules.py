"""Conventions the design card asks for, enforced."""
from __future__ import annotations

import re

from components.settings import SETTINGS

from conftest import ROOT


def test_components_never_import_streamlit():
    offenders = [p.relative_to(ROOT).as_posix() for p in (ROOT / "components").rglob("*.py")
                 if re.search(r"^\s*(import streamlit|from streamlit)", p.read_text(), re.M)]
    assert offenders == []


def _imports(folder: str, pattern: str) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in (ROOT / "components" / folder).rglob("*.py")
            if re.search(r"^\s*(from|import) (" + pattern + r")\b", p.read_text(), re.M)]


def test_analysis_imports_neither_build_nor_plotly():
    """analysis/ is frames in, frames and graphs out: no file reading stage, no figures."""
    assert _imports("analysis", r"components\.build|plotly|components\.present") == []


def test_present_reads_no_store_and_no_build():
    """present/ draws what it is given: it never opens the store nor runs a build stage."""
    assert _imports("present", r"components\.store|components\.build|components\.search") == []



def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert missing == [], f"settings missing from README.md: {missing}"


def test_caching_only_in_loaders():
    users = [p.relative_to(ROOT).as_posix() for p in (ROOT / "dashboard").rglob("*.py")
             if re.search(r"st\.cache_(data|resource)", p.read_text())]
    assert users == ["dashboard/loaders.py"]


def test_dashboard_widgets_import_loaders_never_the_reverse():
    """loaders.py is the data layer under the widgets; shared pieces go in a module both import (state.py)."""
    loaders = (ROOT / "dashboard" / "loaders.py").read_text()
    assert not re.search(r"^\s*(from|import) dashboard\.widgets\b|from dashboard import widgets", loaders, re.M)


def test_readme_tree_names_every_module():
    """The README's "How it is built" tree is the floor plan: every module of components/ and dashboard/ is on it."""
    readme = (ROOT / "README.md").read_text()
    tree = readme[readme.index("## How it is built"):readme.index("A change to place resolution")]
    missing = [p.relative_to(ROOT).as_posix() for folder in ("components", "dashboard")
               for p in (ROOT / folder).rglob("*.py")
               if p.name != "__init__.py" and "views" not in p.parts and not re.search(rf"\b{p.name}\b", tree)]
    assert missing == [], f"modules missing from README's tree: {missing}"
