"""Crash safety: SIGKILL the real pipeline at random points; the store stays whole and re-runs finish the work.

The corpus is ``tests/fixtures/articles`` (store version A) plus a slice of the shared Reuters and
KCNA corpora (version A+B). A reference store is built without interruption. Every killed run must
leave the store at exactly version A or exactly version A+B (never a mix: each file the manifest
lists has its recorded hash, every table has its recorded row count, the full-text index holds the
articles of one version), and the run that finally completes must equal the reference: no
duplicates, no losses.
"""
from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from components.store import SCHEMA_VERSION, file_hash, load_store, read_manifest, write_store

from conftest import FIXTURES, ROOT, shared

pytestmark = pytest.mark.integration

N_REUTERS, N_KCNA = 160, 40


@dataclass
class Version:
    """What a complete store of one version holds."""

    hash: str
    ids: list
    mentions: set
    rejects: int


# The crash suites grow one store with a second folder on purpose, so every run says --add.
def _cli(inputs, out, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "components.pipeline", *map(str, inputs), "--out", str(out),
                             "--processes", "1", "--add", *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _run(inputs, out, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components.pipeline", *map(str, inputs), "--out", str(out),
                           "--processes", "1", "--quiet", "--add", *extra], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)


def _index_ids(store: Path) -> list:
    con = sqlite3.connect(f"file:{store / 'search.sqlite'}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT article_id FROM docs"))
    finally:
        con.close()


def _version(store: Path) -> Version:
    s = load_store(store)
    m = s["mentions"]
    return Version(s["manifest"]["store_hash"], sorted(s["articles"]["article_id"]),
                   set(zip(m["article_id"], m["entity_id"], m["start"], m["end"])), len(s["rejects"]))


def check_whole(store: Path, *versions: Version) -> Version:
    """The store at ``store`` is exactly one of ``versions``; returns which."""
    man = read_manifest(store)
    for name, expected in man["files"].items():
        # Each listed file is in place with its recorded hash, or (a run died mid-swap) its copy in .previous is.
        here, prev = store / name, store / ".previous" / name
        assert (here.exists() and file_hash(here) == expected) or (prev.exists() and file_hash(prev) == expected), \
            f"{name} matches neither its manifest hash nor a previous copy"
    s = load_store(store)
    assert s["manifest"]["store_hash"] == man["store_hash"]
    for name, n in man["counts"].items():
        assert len(s[name]) == n, f"{name}: {len(s[name])} rows, manifest says {n}"
    by_hash = {v.hash: v for v in versions}
    assert man["store_hash"] in by_hash, f"store {man['store_hash']} is none of {list(by_hash)}"
    v = by_hash[man["store_hash"]]
    arts = s["articles"]
    assert arts["article_id"].is_unique
    assert sorted(arts["article_id"]) == v.ids
    m = s["mentions"]
    assert set(zip(m["article_id"], m["entity_id"], m["start"], m["end"])) == v.mentions
    assert len(s["rejects"]) == v.rejects
    # The index is never behind the store it sits in (it may be one version ahead while a run is cut off
    # between moving files in and replacing the manifest).
    assert _index_ids(store) in [x.ids for x in versions]
    return v


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    a, b = root / "in" / "a", root / "in" / "b"
    shutil.copytree(FIXTURES / "articles", a)
    b.mkdir(parents=True)
    for name, n in (("reuters-21578", N_REUTERS), ("kcna-2024", N_KCNA)):
        with open(shared(name, "articles.jsonl"), encoding="utf-8") as fh:
            lines = [next(fh) for _ in range(n)]
        (b / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")
    base = root / "base"
    done = _run([a], base)
    assert done.returncode == 0, done.stderr[-2000:]
    ref = root / "ref"
    shutil.copytree(base, ref)
    watch = Killer([a, b], ref).watch()  # the uninterrupted reference run, timed
    print(f"reference run: {watch}")
    v_base, v_ref = _version(base), _version(ref)
    assert len(v_ref.ids) > len(v_base.ids) + 150
    assert _index_ids(ref) == v_ref.ids
    return {"a": a, "b": b, "base": base, "base_v": v_base, "ref_v": v_ref, "root": root,
            "write_s": watch["manifest"] - watch["staging"]}


class Killer:
    """Run the CLI and SIGKILL it when a trigger fires (plus a delay); reads its progress bars."""

    def __init__(self, inputs, out: Path):
        self.out = out
        self.proc = _cli(inputs, out)
        self.err = b""
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        fd = self.proc.stderr.fileno()
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            self.err += chunk

    def _manifest_inode(self):
        try:
            return (self.out / "manifest.json").stat().st_ino
        except FileNotFoundError:
            return None

    def fired(self, trigger: str, start_inode) -> bool:
        if trigger == "start":
            return True
        if trigger == "staging":
            return any(p.name.startswith(".staging-") for p in self.out.iterdir()) if self.out.exists() else False
        if trigger == "manifest":
            return self._manifest_inode() != start_inode
        return trigger.encode() in self.err  # a stage name from the progress bars

    def watch(self, timeout: float = 900) -> dict:
        """Let the run finish; seconds from its start until the write began, the manifest was replaced, it exited."""
        t0, seen, start_inode = time.time(), {}, self._manifest_inode()
        while self.proc.poll() is None and time.time() - t0 < timeout:
            for trigger in ("staging", "manifest"):
                if trigger not in seen and self.fired(trigger, start_inode):
                    seen[trigger] = time.time() - t0
            time.sleep(0.001)
        assert self.proc.wait(30) == 0, self.err.decode(errors="replace")[-2000:]
        assert set(seen) == {"staging", "manifest"}, f"the write phase was not observed: {seen}"
        return {**seen, "exit": time.time() - t0}

    def run(self, trigger: str, delay: float, timeout: float = 600) -> str:
        start_inode = self._manifest_inode()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return "finished"
            if self.fired(trigger, start_inode):
                time.sleep(delay)
                if self.proc.poll() is not None:
                    return "finished"
                self.proc.send_signal(signal.SIGKILL)
                self.proc.wait(30)
                return "killed"
            time.sleep(0.002)
        self.proc.kill()
        raise AssertionError(f"the pipeline did not reach {trigger!r} within {timeout} s")


# Each chain kills one store several times in a row (a crash while recovering from a crash included),
# then lets a run finish. Triggers: the start, a stage of the progress bars, the staging folder appearing
# (the write phase), or the manifest being replaced (the index build after it). Delays after "staging"
# are fractions of the write phase as timed in the reference run, so they land inside it on any machine.
CHAINS = {
    1: [("start", (1.0, 8.0)), ("staging", (0.1, 0.9)), ("staging", (0.0, 0.5))],
    2: [("Finding actors", (0.0, 3.0)), ("staging", (0.0, 0.6)), ("manifest", (0.0, 0.0))],
    3: [("staging", (0.0, 0.3)), ("Fitting topics", (0.0, 0.5)), ("staging", (0.5, 1.0))],
}


@pytest.mark.parametrize("seed", sorted(CHAINS))
def test_sigkill_at_random_points_leaves_a_whole_store_and_rerun_completes(corpus, tmp_path, seed):
    rng = random.Random(seed)
    out = tmp_path / "store"
    shutil.copytree(corpus["base"], out)
    base, ref = corpus["base_v"], corpus["ref_v"]
    inputs = [corpus["a"], corpus["b"]]
    log = []
    for trigger, (lo, hi) in CHAINS[seed]:
        delay = rng.uniform(lo, hi) * (corpus["write_s"] if trigger == "staging" else 1.0)
        k = Killer(inputs, out)
        what = k.run(trigger, delay)
        if what == "finished":
            assert k.proc.returncode == 0, k.err.decode(errors="replace")[-2000:]
        v = check_whole(out, base, ref)
        log.append(f"{trigger}+{delay:.2f}s: {what}, store is {'A' if v is base else 'A+B'}")
    print(f"seed {seed}: " + "; ".join(log))
    done = _run(inputs, out)
    assert done.returncode == 0, done.stderr[-2000:]
    v = check_whole(out, ref)
    assert v is ref
    assert _index_ids(out) == ref.ids, "the full-text index holds exactly the stored articles"
    assert not list(out.glob(".staging-*")) and not (out / ".previous").exists()
    again = _run(inputs, out)
    assert again.returncode == 0 and "0 files read" in again.stdout and check_whole(out, ref) is ref


def test_a_kill_after_the_manifest_still_leaves_a_complete_index(corpus, tmp_path):
    """The run that replaces the manifest dies straight away: the store is A+B, a re-run has nothing to do,
    so the full-text index must already hold every article (it is moved in with the data files)."""
    out = tmp_path / "store"
    shutil.copytree(corpus["base"], out)
    k = Killer([corpus["a"], corpus["b"]], out)
    k.run("manifest", 0.0)
    v = check_whole(out, corpus["ref_v"])
    assert _index_ids(out) == v.ids


# A cheap, many-times version of the same property: a small writer process killed at random moments
# during write_store (no NLP, so 25 kills take seconds). Version k's articles are ids k-0 .. k-(n-1).

def _tables(k: int, n: int = 40_000) -> dict:
    ids = [f"{k}-{i}" for i in range(n)]
    arts = pd.DataFrame({"article_id": ids, "title": [f"title {i}" for i in range(n)],
                         "text": [f"text of article {i} in version {k}" for i in range(n)]})
    ments = pd.DataFrame({"article_id": ids, "entity_id": [f"person:{k}"] * n, "start": 0, "end": 4})
    return {"articles": arts, "mentions": ments}


def _writer(out: str, k: int) -> None:
    write_store(out, _tables(k), manifest={"inputs": {"k": k}}, rejects=pd.DataFrame({"origin": [str(k)],
                                                                                       "reason": ["r"]}))


def _consistent_version(out: Path, sequential: bool = True) -> int:
    s = load_store(out)
    k = s["manifest"]["inputs"]["k"]
    assert set(s["articles"]["article_id"].str.split("-").str[0]) == {str(k)}
    assert len(s["articles"]) == s["manifest"]["counts"]["articles"] == len(s["mentions"])
    assert (s["mentions"]["entity_id"] == f"person:{k}").all()
    assert s["rejects"]["origin"].tolist() == [str(k)]
    index = _index_ids(out)
    versions = {i.split("-")[0] for i in index}
    assert len(versions) == 1 and len(index) == len(s["articles"]), "the index holds one whole version"
    if sequential:  # the index is this version, or the next one when a write was cut off before its manifest
        assert versions <= {str(k), str(k + 1)}
    return k


def test_write_store_killed_at_random_moments_never_mixes_versions(tmp_path):
    out = tmp_path / "store"
    _writer(str(out), 0)
    ctx = mp.get_context("spawn")
    rng = random.Random(7)
    current, killed, finished = 0, 0, 0
    for attempt in range(25):
        k = current + 1
        p = ctx.Process(target=_writer, args=(str(out), k))
        p.start()
        # Wait for the writer to start writing, then kill it somewhere in the write.
        deadline = time.time() + 60
        while time.time() < deadline and p.is_alive() and not list(out.glob(".staging-*")):
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.6))
        if p.is_alive():
            os.kill(p.pid, signal.SIGKILL)
            killed += 1
        else:
            finished += 1
        p.join()
        now = _consistent_version(out)
        assert now in (current, k), f"after attempt {attempt} the store is version {now}, not {current} or {k}"
        current = now
    print(f"{killed} writes killed mid-way, {finished} finished")
    assert killed >= 10, f"only {killed} writes were killed mid-way; the kill points missed the write"
    _writer(str(out), current + 1)  # the next write completes cleanly on whatever the kills left
    assert _consistent_version(out) == current + 1
    assert not list(out.glob(".staging-*")) and not (out / ".previous").exists()


def _reader(out: str, stop, errors) -> None:
    while not stop.is_set():
        try:
            _consistent_version(Path(out), sequential=False)
        except Exception as exc:  # noqa: BLE001 - collected and reported by the test
            errors.append(repr(exc))


def test_concurrent_writers_and_readers_never_see_a_mix(tmp_path):
    """Two analysts saving at once (e.g. two "Add articles" sessions): writes are serialised by the
    store's lock, and a reader never gets tables of two versions."""
    out = tmp_path / "store"
    _writer(str(out), 0)
    stop, errors = threading.Event(), []
    reader = threading.Thread(target=_reader, args=(str(out), stop, errors))
    reader.start()
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(out), k)) for k in range(1, 7)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
        assert p.exitcode == 0
    stop.set()
    reader.join(60)
    assert not errors, errors[:3]
    assert _consistent_version(out, sequential=False) in range(1, 7)
    assert not list(out.glob(".staging-*"))


# --- a store the running version cannot read ------------------------------------------------------------

def test_unknown_schema_version_gives_a_clear_message_and_exit_code(corpus, tmp_path):
    out = tmp_path / "store"
    shutil.copytree(corpus["base"], out)
    man = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**man, "schema_version": 99}))
    done = _run([corpus["a"]], out)
    assert done.returncode == 3
    assert "schema version 99" in done.stderr and f"reads version {SCHEMA_VERSION}" in done.stderr
    assert f"--out {out} --rebuild" in done.stderr, "the message says what to run"
    assert "Traceback" not in done.stderr
    assert json.loads((out / "manifest.json").read_text())["schema_version"] == 99, "the store was not touched"
    fixed = _run([corpus["a"]], out, "--rebuild")
    assert fixed.returncode == 0, fixed.stderr[-2000:]
    assert read_manifest(out)["schema_version"] == SCHEMA_VERSION
    assert sorted(load_store(out)["articles"]["article_id"]) == corpus["base_v"].ids


@pytest.mark.parametrize("damage", ["{\"schema_version\": 1, \"files\": {", "[]", "\xff\xfe garbage"])
def test_damaged_manifest_gives_a_clear_message_and_exit_code(corpus, tmp_path, damage):
    out = tmp_path / "store"
    shutil.copytree(corpus["base"], out)
    (out / "manifest.json").write_bytes(damage.encode("latin-1"))
    done = _run([corpus["a"]], out)
    assert done.returncode == 3, done.stderr[-2000:]
    assert "manifest" in done.stderr and "--rebuild" in done.stderr and "Traceback" not in done.stderr


def test_dashboard_explains_an_unknown_schema_version(corpus, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out = tmp_path / "store"
    shutil.copytree(corpus["base"], out)
    man = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**man, "schema_version": 99}))
    monkeypatch.setenv("WIRESCOPE_DATA", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    text = " ".join(e.value for e in at.error)
    assert "schema version 99" in text and "--rebuild" in text


def test_a_reader_that_writers_keep_overtaking_reads_under_the_lock(tmp_path, monkeypatch):
    """Six writers in a row can finish under a reader's five unlocked tries (CI saw rejects of version 2 beside a
    manifest of version 5): the last read then holds the writer lock, so it is one version."""
    import components.store as store_mod

    out = tmp_path / "store"
    _writer(str(out), 1)
    real, calls, locked = store_mod.read_manifest, [], []

    def moving(path):  # every check after a read sees another version's hash, as if a write had just finished
        m = dict(real(path))
        calls.append(1)
        if not locked:
            m["store_hash"] = f"moved-{len(calls)}"
        return m

    real_lock = store_mod.write_lock

    @contextlib.contextmanager
    def watched(path, *a, **k):
        with real_lock(path, *a, **k):
            locked.append(1)
            yield

    monkeypatch.setattr(store_mod, "read_manifest", moving)
    monkeypatch.setattr(store_mod, "write_lock", watched)
    s = store_mod.load_store(out)
    assert locked, "the last read was not under the writer lock"
    assert s["rejects"]["origin"].tolist() == ["1"] and s["manifest"]["inputs"]["k"] == 1


def test_a_file_swapped_between_choosing_and_reading_it_is_not_mixed_in(tmp_path, monkeypatch):
    """The race a reader loses when a write swaps a file after the reader chose its path and before it read it,
    the manifest still the old one (seen once in CI as rejects of version 1 under a manifest of version 4): the
    write's ``.previous`` folder says a swap is under way, so the read is not taken as it is."""
    import components.store as store_mod

    out = tmp_path / "store"
    _writer(str(out), 4)
    real = store_mod.pd.read_csv
    swapped = []

    def read_after_a_swap(path, *args, **kwargs):
        if not swapped:  # a writer of version 1 gets to rejects.csv now, and dies before its manifest
            swapped.append(path)
            (out / ".previous").mkdir()
            os.link(out / "rejects.csv", out / ".previous" / "rejects.csv")
            pd.DataFrame({"origin": ["1"], "reason": ["r"]}).to_csv(out / "rejects.new", index=False)
            os.replace(out / "rejects.new", out / "rejects.csv")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(store_mod.pd, "read_csv", read_after_a_swap)
    assert _consistent_version(out, sequential=False) == 4
    assert swapped
