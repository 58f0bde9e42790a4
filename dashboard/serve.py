"""Start the real dashboard server on a free local port, for the browser tests, the benchmarks and
the load test (one copy of the start-up and health-check loop)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# For the browser tests and benchmarks: every chart in ``root`` (an element, or the document) holds Plotly's
# drawing. A JavaScript function of the root element, for page.evaluate.
CHARTS_DRAWN_JS = """(root => [...root.querySelectorAll('[data-testid=stPlotlyChart]')]
    .every(c => c.querySelector('.main-svg')))"""
# ``streamlit`` behind dashboard/launch.py, which opens the store before the first visitor (as ./wirescope run).
STREAMLIT = (sys.executable, "-m", "dashboard.launch")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path | str, *, launcher=STREAMLIT, env: dict | None = None, timeout: float = 90,
          keep_output: bool = False, port: int | None = None,
          script: Path = ROOT / "dashboard" / "app.py", root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """``streamlit run dashboard/app.py`` on ``store``, bound to 127.0.0.1; returns ``(process, url)`` once
    the health check answers, run from ``root`` (another checkout's, for a before/after comparison).
    ``launcher`` replaces ``python -m streamlit`` (e.g. a wrapper script);
    ``keep_output`` writes the server's output to a file (``proc.log``; :func:`server_log` reads its end) so a
    failure can show it (a pipe nobody reads would block the server's next write once 64 KB are waiting); ``port``
    (default: a free one) keeps the browser's cache of the server's files across servers; ``script`` another
    page (the benchmarks' floor). Raises RuntimeError on timeout."""
    import tempfile

    port = port or free_port()
    log = tempfile.NamedTemporaryFile(prefix="wirescope-server-", suffix=".log", delete=False) if keep_output else None
    try:
        proc = subprocess.Popen([*launcher, "run", str(script), "--server.port", str(port),
                                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                                cwd=root, env={**os.environ, **(env or {}), "WIRESCOPE_DATA": str(store)},
                                stdout=log if log is not None else subprocess.DEVNULL, stderr=subprocess.STDOUT)
    finally:
        if log is not None:
            log.close()  # the server holds its own copy of the file
    proc.log = Path(log.name) if log is not None else None
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    proc.wait(10)
    raise RuntimeError(f"Streamlit did not start within {timeout:.0f} s on {store}. {server_log(proc)}")


def server_log(proc: subprocess.Popen, chars: int = 2000) -> str:
    """The end of the output of a server started with ``keep_output`` ("" without it)."""
    path = getattr(proc, "log", None)
    if path is None or not path.exists():
        return ""
    return path.read_bytes()[-chars * 4:].decode(errors="replace")[-chars:]


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """End the server (and remove its output file, if it kept one)."""
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
    log = getattr(proc, "log", None)
    if log is not None:
        log.unlink(missing_ok=True)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MiB, 0 when it cannot be read."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def demo_store(path: Path | str = "/tmp/wirescope-bench/demo", log=print) -> Path:
    """``data/demo`` processed into ``path`` by this checkout (the benchmarks' small store): built once, and again
    whenever the code that builds stores (``components/``) or the demo's files changed since, so a benchmark never
    measures the views on another version's actors (:func:`build_stamp`)."""
    import shutil

    from components.errors import StoreMissing, StoreVersionError
    from components.build.pipeline import process
    from components.store import read_manifest

    path = Path(path)
    stamp_file = path / ".built-from"
    stamp = build_stamp()
    try:
        read_manifest(path)
    except StoreMissing:
        if path.exists() and any(path.iterdir()):
            raise RuntimeError(f"{path} holds files but no store: not overwriting it; remove it or pass another path")
        log(f"processing data/demo into {path} (once)")
    except StoreVersionError:
        log(f"{path} is a store of another schema version: processing data/demo again")
        shutil.rmtree(path)
    else:
        if stamp_file.exists() and stamp_file.read_text() == stamp:
            return path
        log(f"{path} was built by other code or from other demo files: processing data/demo again")
        shutil.rmtree(path)
    process([ROOT / "data" / "demo"], path)
    stamp_file.write_text(stamp)
    return path


def build_stamp(root: Path = ROOT) -> str:
    """A digest of what a store built from ``data/demo`` depends on: the text of every module under ``components/``
    and of every demo file.

    >>> len(build_stamp()), build_stamp() == build_stamp()
    (16, True)
    """
    import hashlib

    h = hashlib.sha256()
    for f in sorted([*(root / "components").rglob("*.py"), *(root / "data" / "demo").rglob("*")]):
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]
