"""Server hardening in ``.streamlit/config.toml``, as written and as Streamlit reads it.

Streamlit's own wording matters here: ``server.enableCORS`` *enables CORS protection*. Set to
``false`` it makes the server send ``Access-Control-Allow-Origin: *`` and accept a WebSocket
(the whole session) from any web page the analyst happens to visit; ``enableXsrfProtection``
does not cover the WebSocket. So "CORS off" for Wirescope means ``enableCORS = true`` with no
extra allowed origins. ``tests/e2e/test_security.py`` checks the same things against the live server.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from components import settings

from conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"

# option -> (what it must be, why)
REQUIRED = {
    "server.enableXsrfProtection": (True, "uploads and other POSTs need Streamlit's XSRF token"),
    "server.enableCORS": (True, "CORS protection on: other sites can neither read responses nor open the WebSocket"),
    "browser.gatherUsageStats": (False, "no usage statistics leave the machine"),
    "client.showErrorDetails": ("none", "no tracebacks (file paths, code) in the browser"),
    "server.enableStaticServing": (True, "dashboard/static/ is served: the map's base picture, nothing else"),
    "server.runOnSave": (False, "a file change on the server does not rerun sessions"),
    "server.fileWatcherType": ("none", "no watching of the server's files"),
    "runner.postScriptGC": (False, "no full garbage collection after every rerun: it held the GIL for 0.1 s on the "
                                   "demo before the browser heard the run had finished"),
}


@pytest.fixture(scope="module")
def written() -> dict:
    with open(CONFIG, "rb") as fh:
        return tomllib.load(fh)


def _get(cfg: dict, option: str, default=None):
    section, key = option.split(".")
    return cfg.get(section, {}).get(key, default)


@pytest.fixture(scope="module")
def effective() -> dict:
    """The values a server started from the repository root uses (Streamlit's own config loader)."""
    code = ("import json, streamlit.config as c; c.get_config_options(force_reparse=True); "
            f"print(json.dumps({{k: c.get_option(k) for k in {sorted(REQUIRED) + ['server.maxUploadSize', 'server.corsAllowedOrigins', 'server.maxMessageSize']}}}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("option", sorted(REQUIRED))
def test_hardening_option_as_streamlit_reads_it(effective, option):
    want, why = REQUIRED[option]
    assert effective[option] == want, f"{option} is {effective[option]!r}, must be {want!r}: {why}"


def test_the_security_options_are_written_down_not_left_to_defaults(written):
    """Defaults move between Streamlit releases; the ones that protect the analyst are pinned in the file."""
    for option in ("server.enableXsrfProtection", "server.enableCORS", "browser.gatherUsageStats",
                   "server.maxUploadSize"):
        assert _get(written, option) is not None, f"{option} is not set in {CONFIG}"


def test_no_other_origin_is_trusted(effective):
    assert effective["server.corsAllowedOrigins"] in ([], None), effective["server.corsAllowedOrigins"]


def test_upload_size_is_limited_to_what_the_pipeline_reads(effective):
    """An upload over the pipeline's own file limit would only be rejected after it filled memory."""
    limit = effective["server.maxUploadSize"]
    assert isinstance(limit, int) and 1 <= limit <= settings.SETTINGS_BY_NAME["max_file_mb"].default, limit
    assert effective["server.maxMessageSize"] <= 1000, "the WebSocket message limit stays bounded"


def test_the_static_folder_serves_only_the_map_picture():
    """``server.enableStaticServing`` serves dashboard/static/ to anyone who can reach the server: it must hold
    nothing but the coverage map's base picture (public Natural Earth shapes)."""
    folder = ROOT / "dashboard" / "static"
    assert sorted(p.name for p in folder.rglob("*")) == ["base-map.svg"]
