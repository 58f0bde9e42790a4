"""The Dask engine: raw mentions computed on a ``dask.distributed`` cluster.

:func:`extract_raw_mentions_dask` is a drop-in for
:func:`components.build.parse.extract_raw_mentions`: it cuts the articles into chunks of
``chunk_size`` rows, sends only ``article_id, body_start, text`` to the workers, and
each worker runs the same :func:`~components.build.parse.extract_raw_mentions` on its
chunk with ``n_process=1``. Every worker process builds the spaCy pipeline once (a
worker plugin keeps it on the worker), so a chunk costs only its NLP. Chunks are
reassembled in input order, so the result is the table the single-process run gives.

:func:`extract_mentions_and_statements_dask` does the same for
:func:`components.build.parse.extract_mentions_and_statements`: each worker also makes its
chunk's mentions canonical and extracts the statements from the docs it parsed (one
parse per article), and sends back the three tables.

At most ``max_in_flight`` chunks are submitted at a time: a 1M-article run never
holds every text on the scheduler at once, and a lost worker costs at most its
chunks (each is retried).

Workers need the project installed (``pip install -e .`` or the wheel) and the spaCy
model; the client sends the model name and gazetteer folder it is given (``model``,
``gazetteer_dir``: the run's settings), so a worker reads the same gazetteer files (the folder must exist at the same path on every worker, or be
the bundled one).

Examples
--------
>>> arts = pd.DataFrame({"article_id": list("abcde"), "body_start": 0, "text": ["x"] * 5})
>>> [c["article_id"].tolist() for c in chunk_articles(arts, 2)]
[['a', 'b'], ['c', 'd'], ['e']]
>>> from distributed import Client
>>> with Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
...     raw = extract_raw_mentions_dask(pd.DataFrame({"article_id": ["a"], "body_start": [0],
...                                     "text": ["Kim Jong Un met Vladimir Putin in Vladivostok."]}), client=client)
>>> raw["surface"].tolist()[:2]
['Kim Jong Un', 'Vladimir Putin']
"""
from __future__ import annotations

import threading
import uuid
from typing import Callable, Iterator

import pandas as pd

try:  # dask is needed only for this engine; the module still imports without it
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover
    WorkerPlugin = object

from components import settings
from components.build.mentions import RAW_COLUMNS, typed_raw
from components.build.parse import extract_raw_mentions

__all__ = ["extract_raw_mentions_dask", "extract_mentions_and_statements_dask", "chunk_articles", "NLPPlugin",
           "local_cluster", "WORKER_COLUMNS"]

WORKER_COLUMNS = ["article_id", "body_start", "text"]
STATEMENT_WORKER_COLUMNS = WORKER_COLUMNS + ["published", "dateline"]  # canonical actors need the date, and where a story is filed
PLUGIN_NAME = "wirescope-nlp"


def chunk_articles(articles: pd.DataFrame, chunk_size: int,
                   columns: list[str] = WORKER_COLUMNS) -> Iterator[pd.DataFrame]:
    """Consecutive slices of ``chunk_size`` rows with only the columns a worker needs."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size == {chunk_size}, must be >= 1")
    cols = [c for c in columns if c in articles.columns]
    for lo in range(0, len(articles), chunk_size):
        yield articles.iloc[lo:lo + chunk_size][cols].reset_index(drop=True)


class NLPPlugin(WorkerPlugin):
    """Worker plugin: builds the spaCy pipeline once per worker process and keeps it there.

    A lock serialises chunks on a worker with several threads (spaCy pipelines are
    not documented as thread-safe; the work is CPU-bound under the GIL anyway, so
    scale with worker processes, ``threads_per_worker=1``).
    """

    name = PLUGIN_NAME

    def __init__(self, model: str | None = None, gazetteer_dir: str | None = None):
        self.model = model
        self.gazetteer_dir = gazetteer_dir
        self.nlp = None
        self.gazetteer = None
        self.lock = None

    def setup(self, worker=None):  # called on every worker, now and when one (re)joins
        from components.build.parse import build_nlp
        from components.build.gazetteer import load_gazetteer

        self.lock = threading.Lock()
        self.gazetteer = load_gazetteer(self.gazetteer_dir or None)
        self.nlp = build_nlp(self.model, self.gazetteer)

    def teardown(self, worker=None):
        self.nlp = self.gazetteer = None


def _extract_chunk(chunk: pd.DataFrame, batch_size: int) -> pd.DataFrame:
    """Runs on a worker: the chunk's raw mentions with the worker's own pipeline."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    with plugin.lock:
        return extract_raw_mentions(chunk, plugin.nlp, n_process=1, batch_size=batch_size)


def _extract_chunk_with_statements(chunk: pd.DataFrame, batch_size: int, user_edits: dict) -> tuple:
    """Runs on a worker: the chunk's raw mentions, canonical mentions and statements, from one parse."""
    from distributed import get_worker

    from components.build.parse import extract_mentions_and_statements

    plugin = get_worker().plugins[PLUGIN_NAME]
    with plugin.lock:
        return extract_mentions_and_statements(chunk, plugin.nlp, gazetteer=plugin.gazetteer, user_edits=user_edits,
                                               n_process=1, batch_size=batch_size)


def local_cluster(n_workers: int | None = None):
    """A ``LocalCluster`` of ``n_workers`` single-threaded processes (default: setting ``n_process``'s default)."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=n_workers or settings.default("n_process"), threads_per_worker=1, processes=True,
                        dashboard_address=None)


def extract_raw_mentions_dask(articles: pd.DataFrame, *, client=None, scheduler: str | None = None,
                              n_workers: int | None = None, chunk_size: int = 256, batch_size: int | None = None,
                              max_in_flight: int | None = None, model: str | None = None,
                              gazetteer_dir: str | None = None,
                              progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Raw mentions (``RAW_COLUMNS``) of ``articles`` computed on a Dask cluster.

    Parameters
    ----------
    articles : DataFrame with ``article_id``, ``body_start`` and ``text``.
    client : a connected ``distributed.Client``; used as is and left open.
    scheduler : address of a running scheduler (``tcp://HOST:PORT``) when no ``client``
        is given; with neither, a :func:`local_cluster` of ``n_workers`` processes is started
        and closed afterwards.
    n_workers : workers of that local cluster (default: setting ``n_process``).
    chunk_size : articles per task.
    batch_size : documents per spaCy batch on a worker (default: setting ``batch_size``).
    max_in_flight : chunks submitted at once (default: 3 per worker thread, at least 4).
    model, gazetteer_dir : the spaCy model and gazetteer folder the workers load (default: the
        settings' defaults).
    progress : called with the number of articles done after each chunk.

    Returns
    -------
    DataFrame
        The same rows, in the same order, as :func:`components.build.parse.extract_raw_mentions`.
    """
    batch_size = batch_size or settings.default("batch_size")
    if articles.empty:
        return typed_raw(pd.DataFrame(columns=RAW_COLUMNS))
    results = _run_chunks(articles, _extract_chunk, (batch_size,), WORKER_COLUMNS, "raw", client=client,
                          scheduler=scheduler, n_workers=n_workers, chunk_size=chunk_size,
                          max_in_flight=max_in_flight, progress=progress, plugin=NLPPlugin(model, gazetteer_dir))
    return typed_raw(pd.concat(results, ignore_index=True)[RAW_COLUMNS])


def extract_mentions_and_statements_dask(articles: pd.DataFrame, *, user_edits: dict | None = None, client=None,
                                         scheduler: str | None = None, n_workers: int | None = None,
                                         chunk_size: int = 256, batch_size: int | None = None,
                                         max_in_flight: int | None = None, model: str | None = None,
                                         gazetteer_dir: str | None = None,
                                         progress: Callable[[int], None] | None = None) -> tuple:
    """Raw mentions, canonical mentions and statements of ``articles`` computed on a Dask cluster.

    The arguments are those of :func:`extract_raw_mentions_dask`, plus ``user_edits`` (the
    analyst's edits, applied on the workers as ``canonicalise`` applies them); ``articles``
    also needs ``published``. Returns the tables
    :func:`components.build.parse.extract_mentions_and_statements` returns, with the same rows
    in the same order.
    """
    from components.build.entities import MENTION_COLUMNS
    from components.build.statements import STATEMENT_COLUMNS

    batch_size = batch_size or settings.default("batch_size")
    if articles.empty:
        return (typed_raw(pd.DataFrame(columns=RAW_COLUMNS)), pd.DataFrame(columns=MENTION_COLUMNS),
                pd.DataFrame(columns=STATEMENT_COLUMNS))
    results = _run_chunks(articles, _extract_chunk_with_statements, (batch_size, user_edits or {}),
                          STATEMENT_WORKER_COLUMNS, "statements", client=client, scheduler=scheduler,
                          n_workers=n_workers, chunk_size=chunk_size, max_in_flight=max_in_flight, progress=progress,
                          plugin=NLPPlugin(model, gazetteer_dir))
    raw = typed_raw(pd.concat([r[0] for r in results], ignore_index=True)[RAW_COLUMNS])
    ments = [r[1] for r in results if len(r[1])]
    mentions = (pd.concat(ments, ignore_index=True).sort_values(["article_id", "start"], kind="stable")
                .reset_index(drop=True)[MENTION_COLUMNS] if ments else pd.DataFrame(columns=MENTION_COLUMNS))
    sts = [r[2] for r in results if len(r[2])]
    statements = pd.concat(sts, ignore_index=True) if sts else results[0][2]
    return raw, mentions, statements


def _run_chunks(articles: pd.DataFrame, task: Callable, args: tuple, columns: list[str], tag: str, *, client,
                scheduler, n_workers, chunk_size, max_in_flight, progress, plugin: NLPPlugin) -> list:
    """``task(chunk, *args)`` for every chunk of ``articles`` on the cluster (each worker set up by ``plugin``);
    the results in input order."""
    from distributed import Client, as_completed

    own_cluster = own_client = None
    if client is None:
        if scheduler:
            client = own_client = Client(scheduler)
        else:
            own_cluster = local_cluster(n_workers)
            client = own_client = Client(own_cluster)
    try:
        client.register_plugin(plugin, name=PLUGIN_NAME)
        threads = sum(client.nthreads().values()) or 1
        limit = max_in_flight or max(4, 3 * threads)
        chunks = enumerate(chunk_articles(articles, chunk_size, columns))
        run = uuid.uuid4().hex[:8]
        where: dict[str, tuple[int, int]] = {}  # future key -> (chunk index, rows)
        results: dict[int, object] = {}
        done = 0
        pending = as_completed()

        def submit_next() -> bool:
            nxt = next(chunks, None)
            if nxt is None:
                return False
            i, chunk = nxt
            fut = client.submit(task, chunk, *args, key=f"wirescope-{tag}-{run}-{i}", retries=2, pure=False)
            where[fut.key] = (i, len(chunk))
            pending.add(fut)
            return True

        for _ in range(limit):
            if not submit_next():
                break
        for fut in pending:
            i, rows = where.pop(fut.key)
            results[i] = fut.result()
            done += rows
            fut.release()
            if progress:
                progress(done)
            submit_next()
        return [results[i] for i in sorted(results)]
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
