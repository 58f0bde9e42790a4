"""The dashboard's writes to the store: alias edits, uploaded articles and topic refits. No caching here."""
from __future__ import annotations

import re
import time
from pathlib import Path

from components.build.pipeline import RunSummary, apply_user_edits, process, refit_topics

UPLOADS = "uploads"  # inside the store folder: uploaded files are kept, so re-runs stay reproducible


def apply_edits(store: str, edits: dict) -> None:
    apply_user_edits(store, edits)


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the upload folder.

    >>> safe_name("../../etc/passwd"), safe_name("Report 1.txt")
    ('etc_passwd', 'Report_1.txt')
    """
    parts = [p for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", "_".join(parts))
    return base.strip("._") or "upload"


def add_uploaded(store: str, files: list[tuple[str, bytes]], progress=None) -> RunSummary:
    """Save uploaded files under ``store/uploads/<time>/`` and run the same pipeline on them."""
    folder = Path(store) / UPLOADS / time.strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (folder / safe_name(name)).write_bytes(data)
    summary = process([folder], store, n_process=1, progress=progress, add=True)  # uploads add to this store
    return as_uploaded(summary, folder)


def as_uploaded(summary: RunSummary, folder: Path) -> RunSummary:
    """The run's rejects and duplicates named as the analyst uploaded them, not by the server's folder.

    >>> import pandas as pd
    >>> s = RunSummary(rejects=pd.DataFrame({"origin": ["/srv/s/uploads/1/a.txt:3"], "reason": ["empty"]}),
    ...                duplicate_origins=["/srv/s/uploads/1/b.zip:c.txt"])
    >>> t = as_uploaded(s, Path("/srv/s/uploads/1"))
    >>> t.rejects["origin"].tolist(), t.duplicate_origins
    (['a.txt:3'], ['b.zip:c.txt'])
    """
    prefix = str(folder).rstrip("/") + "/"
    plain = lambda o: str(o)[len(prefix):] if str(o).startswith(prefix) else str(o)  # noqa: E731
    if len(summary.rejects) and "origin" in summary.rejects:
        summary.rejects = summary.rejects.assign(origin=summary.rejects["origin"].map(plain))
    summary.duplicate_origins = [plain(o) for o in summary.duplicate_origins]
    return summary


def refit_store_topics(store: str) -> RunSummary:
    """Refit the store's topics and themes (ids, names and colours carried over); the "Refit topics" button."""
    return refit_topics(store)
