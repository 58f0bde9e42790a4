"""Charts rendered to PNG, SVG or PDF by Plotly's kaleido in one long-lived headless Chromium.

One Chromium per process, started on the first render and shared by every thread (the dashboard
serves several users in threads). Start-up costs seconds; each later chart a fraction of a second.
SVG and PDF keep text as text; PNG is rendered at ``scale`` times the slide size.

Examples
--------
>>> figure_spec(go.Figure(), "svg", 1600, 900, 2)["scale"]  # vector files keep the nominal size
1
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import shutil
import signal
import threading
import time

import plotly.graph_objects as go

from components.errors import WirescopeError
from components.present.theme import EXPORT_SIZES

__all__ = ["ChromiumNotFound", "RenderStalled", "Renderer", "find_chromium", "default_renderer", "figure_bytes",
           "FORMATS"]

FORMATS = ("png", "svg", "pdf")
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser",
              "google-chrome", "google-chrome-stable")


class ChromiumNotFound(WirescopeError):
    """No Chromium to render figures with (server-side PNG/SVG/PDF export needs one)."""


class RenderStalled(WirescopeError, TimeoutError):
    """The rendering browser did not start, or finished no chart, within the renderer's ``timeout`` seconds."""


def find_chromium() -> str:
    """The Chromium executable: ``BROWSER_PATH`` when set, else the usual places (and set ``BROWSER_PATH``)."""
    fix = ("Install it with `sudo apt-get install chromium` (./wirescope install does this) "
           "or set BROWSER_PATH to a Chrome/Chromium executable.")
    env = os.environ.get("BROWSER_PATH")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise ChromiumNotFound(f"BROWSER_PATH={env!r} is not an executable file. {fix}")
    for name in CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            os.environ["BROWSER_PATH"] = path  # kaleido/choreographer read it too
            return path
    raise ChromiumNotFound(f"No Chromium found for chart export (looked for {', '.join(CANDIDATES)}). {fix}")


class Renderer:
    """One headless Chromium (through kaleido) on a private event loop, shared by every calling thread.

    Starts lazily on the first :meth:`render`; a browser that died, or finished no render for ``timeout``
    seconds, is killed and restarted once per call.
    ``tabs`` renders run at the same time (1 suits a 2-core machine).
    """

    def __init__(self, browser_path: str | None = None, *, timeout: float = 30.0, tabs: int = 1):
        self.browser_path = browser_path
        self.timeout = timeout
        self.tabs = tabs
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._last_done = 0.0  # time.monotonic() of the last render any thread got back

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> "Renderer":
        with self._lock:
            if self._kaleido is not None:
                return self
            import kaleido
            from choreographer.errors import ChromeNotFoundError

            path = self.browser_path or find_chromium()
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise ChromiumNotFound(f"browser_path={path!r} is not an executable file. Install Chromium "
                                       "(`sudo apt-get install chromium`) or pass the path of one.")
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="wirescope-export", daemon=True)
            thread.start()

            made = []

            async def open_browser():
                # mathjax=False: kaleido would otherwise fetch MathJax from a CDN, and we are offline.
                made.append(kaleido.Kaleido(n=self.tabs, timeout=self.timeout, mathjax=False, path=path))
                await made[0].open()
                return made[0]

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(self.timeout)
            except concurrent.futures.TimeoutError:
                self._stop_loop(loop, thread)
                if made:
                    _kill_browser(made[0])  # a browser that never answered is not left running
                raise RenderStalled(f"The rendering browser did not start in {self.timeout:g} s. Try again.") from None
            except ChromeNotFoundError as e:
                self._stop_loop(loop, thread)
                raise ChromiumNotFound(f"{e} Install Chromium (`sudo apt-get install chromium`) "
                                       "or set BROWSER_PATH.") from None
            except BaseException:
                self._stop_loop(loop, thread)
                raise
            self._loop, self._thread = loop, thread
            return self

    @staticmethod
    def _stop_loop(loop, thread) -> None:
        async def cancel_rest():
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in rest:
                t.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        try:
            asyncio.run_coroutine_threadsafe(cancel_rest(), loop).result(10)
        except Exception:  # noqa: BLE001 - best effort: the loop is being thrown away
            pass
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        if not thread.is_alive():
            loop.close()

    def close(self, _only=None, *, kill: bool = False) -> None:
        """Close the browser; the next :meth:`render` starts a new one.

        ``kill`` ends the browser's process first: a browser that stopped answering would otherwise hold a
        polite close for 20 s and the event loop's shutdown for 10 s more."""
        with self._lock:
            if _only is not None and self._kaleido is not _only:
                return  # another thread already replaced the browser that failed
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        if k is None:
            return
        if kill:
            _kill_browser(k)
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(20)
        except Exception:  # noqa: BLE001 - a browser that already died cannot be closed politely
            pass
        self._stop_loop(loop, thread)

    def _submit(self, specs: list[dict]):
        while True:
            self.start()
            with self._lock:
                k, loop = self._kaleido, self._loop
            if k is not None:
                break  # else closed by another thread between start() and here: start again
        return k, self._watched([asyncio.run_coroutine_threadsafe(
            k.calc_fig(s["fig"], opts={o: s[o] for o in ("format", "width", "height", "scale")}), loop)
            for s in specs])

    def _watched(self, futures: list) -> list:
        """``futures``, each noting when it finishes: the browser is busy while any thread's renders finish."""
        def finished(f):
            if not f.cancelled():
                self._last_done = time.monotonic()

        for f in futures:
            f.add_done_callback(finished)
        return futures

    def _collect(self, futures, done: dict, progress, total: int) -> None:
        """Wait for ``futures`` (index -> future), moving each result into ``done`` as it arrives.

        Raises :class:`RenderStalled` when the browser finishes no render, this call's or another thread's,
        for ``timeout`` seconds: kaleido's own per-render timeout cannot fire while the browser is frozen (its
        cancellation waits on the browser), so without this a frozen browser held the call for ``timeout``
        seconds times the queue's length. Renders queued behind another thread's are not stalled while
        that thread's finish."""
        waiting = {f: i for i, f in futures.items()}
        start = time.monotonic()
        try:
            while waiting:
                left = self.timeout - (time.monotonic() - max(start, self._last_done))
                if left <= 0:
                    raise RenderStalled(f"No chart finished rendering in {self.timeout:g} s ({len(done)} of "
                                        f"{total} done) on the rendering browser. Try again.")
                finished, _ = concurrent.futures.wait(waiting, timeout=left,
                                                      return_when=concurrent.futures.FIRST_COMPLETED)
                for f in finished:
                    done[waiting.pop(f)] = f.result()  # a render's own error is raised here
                if progress is not None and finished:
                    progress(len(done), total)
        finally:
            for f in futures.values():
                f.cancel()  # no-op for finished ones; frees the queue when one failed

    def render_many(self, specs: list[dict], progress=None) -> list[bytes]:
        """Render ``{"fig": dict, "format", "width", "height", "scale"}`` specs, queued together.

        ``progress(done, total)`` is called after each render. A browser that dies or stops answering is
        killed and replaced once, and only the renders it had not finished are queued again."""
        from kaleido.errors import JavascriptError, KaleidoError

        done: dict[int, bytes] = {}
        for attempt in (1, 2):
            rest = [i for i in range(len(specs)) if i not in done]
            k = None
            try:
                k, futures = self._submit([specs[i] for i in rest])
                self._collect(dict(zip(rest, futures)), done, progress, len(specs))
                return [done[i] for i in range(len(specs))]
            except (ValueError, TypeError, AttributeError, JavascriptError, KaleidoError, ChromiumNotFound):
                raise  # a bad figure or option, or no browser at all: a new browser would not help
            except Exception:  # noqa: BLE001 - the browser died, hung or did not start: kill it, start again once
                if k is not None:
                    self.close(_only=k, kill=True)
                if attempt == 2:
                    raise

    def render(self, fig, *, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        return self.render_many([figure_spec(fig, fmt, width, height, scale)])[0]


def _kill_browser(k) -> None:
    """End a kaleido browser's processes at once: choreographer starts a wrapper in a session of its own, with
    Chromium and its helpers in the wrapper's process group, so the whole group goes (the wrapper alone on
    systems without process groups)."""
    proc = getattr(k, "subprocess", None)
    if proc is None:
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.wait(10)
    except Exception:  # noqa: BLE001 - already gone
        pass


_default: Renderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> Renderer:
    """The process-wide renderer (created once, browser started on first use, closed at exit)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Renderer()
            atexit.register(_default.close)
        return _default


def export_size(size: str) -> tuple[int, int]:
    if size not in EXPORT_SIZES:
        raise ValueError(f"size == {size!r}, must be one of {sorted(EXPORT_SIZES)}")
    return EXPORT_SIZES[size]


def at_height(spec: dict, height: int) -> dict:
    """``spec`` (a figure's dict) drawn ``height`` px high with its title and a container-placed legend (the
    stamp's legend row) at the same distance from the top as at the figure's own height: both are placed as a
    fraction of the height, so a chart made 504 px high and exported at 900 put its legend 110 px under the
    caption, and Plotly pushed the plot down after it. A new dict where anything moves; ``spec`` is unchanged.

    >>> spec = {"layout": {"height": 500, "title": {"y": 0.97}, "legend": {"yref": "container", "y": 0.8}}}
    >>> moved = at_height(spec, 1000)["layout"]
    >>> round(moved["title"]["y"], 3), round(moved["legend"]["y"], 3), spec["layout"]["legend"]["y"]
    (0.985, 0.9, 0.8)
    """
    layout = spec.get("layout") or {}
    own = layout.get("height")
    if not own or own == height:
        return spec
    layout = dict(layout)
    for key, default_ref in (("title", "container"), ("legend", "paper")):
        part = layout.get(key)
        if isinstance(part, dict) and isinstance(part.get("y"), (int, float)) \
                and part.get("yref", default_ref) == "container":
            layout[key] = {**part, "y": 1 - (1 - part["y"]) * own / height}
    return {**spec, "layout": layout}


def figure_spec(fig, fmt: str, width: int, height: int, scale: float) -> dict:
    if fmt not in FORMATS:
        raise ValueError(f"fmt == {fmt!r}, must be one of {FORMATS}")
    if not scale > 0:
        raise ValueError(f"scale == {scale!r}, must be > 0")
    # A copy taken in the caller's thread: the browser thread never touches the live figure.
    data = at_height(fig.to_dict() if hasattr(fig, "to_dict") else dict(fig), height)
    # Scale multiplies pixels only; vector files keep the nominal size (px in SVG, 0.75 pt per px in PDF).
    return {"fig": data, "format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}


def figure_bytes(fig: go.Figure, fmt: str, *, size: str = "slide", scale: float = 2,
                 renderer: Renderer | None = None) -> bytes:
    """Render ``fig`` as ``png``, ``svg`` or ``pdf`` at a briefing size.

    Parameters
    ----------
    fig : go.Figure
        A stamped figure (its caption is part of the layout).
    fmt : {"png", "svg", "pdf"}
    size : {"slide", "square"}
        1600x900 or 1200x1200 (``components.present.theme.EXPORT_SIZES``).
    scale : float
        PNG pixel multiplier: ``size="slide", scale=2`` gives 3200x1800.
    renderer : Renderer, optional
        Defaults to the process-wide :func:`default_renderer`.

    Returns
    -------
    bytes

    Examples
    --------
    >>> figure_bytes(go.Figure(), "gif")
    Traceback (most recent call last):
    ...
    ValueError: fmt == 'gif', must be one of ('png', 'svg', 'pdf')
    """
    width, height = export_size(size)
    spec = figure_spec(fig, fmt, width, height, scale)
    return (renderer or default_renderer()).render_many([spec])[0]
