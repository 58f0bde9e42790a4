"""``python -m components.pipeline INPUT [INPUT ...] --out DIR``: the pipeline's command line.

Parses the arguments, runs :func:`components.build.pipeline.process` with a progress bar per stage,
prints the rejects and the summary, and exits 0 when the store holds articles (1 nothing stored,
2 an input is missing, 3 a store of another schema version, 4 inputs the store does not hold).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from components import settings as _settings
from components.build.pipeline import process
from components.errors import NothingStored, StoreVersionError
from components.stores import StoreInputsMismatch

__all__ = ["main"]


class _Bar:
    """A tqdm bar per stage, on stderr."""

    def __init__(self):
        self.bar = None
        self.stage = None

    def __call__(self, stage: str, frac: float):
        from tqdm import tqdm

        if stage != self.stage:
            if self.bar:
                self.bar.n = 1000
                self.bar.close()
            self.stage = stage
            self.bar = tqdm(total=1000, desc=f"{stage:<17}", unit="", bar_format="{desc} {percentage:3.0f}%|{bar}| "
                                                                                "{elapsed}", file=sys.stderr)
        if stage == "Done":
            self.bar.close()
            return
        self.bar.n = int(frac * 1000)
        self.bar.refresh()


def _print_rejects(rejects: pd.DataFrame, out) -> None:
    if not len(rejects):
        return
    print(f"\nRejected ({len(rejects)}):", file=sys.stderr)
    for r in rejects.head(50).itertuples(index=False):
        print(f"  {r.origin}: {r.reason}", file=sys.stderr)
    if len(rejects) > 50:
        print(f"  ... and {len(rejects) - 50} more in {Path(out) / 'rejects.csv'}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m components.pipeline",
                                     description="Process article files into a Wirescope store.")
    parser.add_argument("inputs", nargs="+", help="files or folders (.txt .jsonl .json .csv .tsv .html .rss .atom "
                                                  ".xml .zip)")
    parser.add_argument("--out", default=_settings.get("data"), help="store folder (default %(default)s)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the existing store and process everything")
    parser.add_argument("--prune", action="store_true", help="drop articles of input files that no longer exist")
    parser.add_argument("--add", action="store_true", help="add inputs from other folders than the store holds "
                                                           "(without it the pipeline refuses to mix them in)")
    parser.add_argument("--processes", type=int, default=None, help="spaCy processes (setting n_process)")
    for field_name in ("text", "title", "published", "source", "url", "id"):
        parser.add_argument(f"--{field_name}-column", dest=f"col_{field_name}", default=None,
                            help=f"CSV column holding the {field_name}")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--refit-topics", action="store_true",
                        help="refit every topic and theme (new ones matched to the old, so ids and names carry "
                             "over); without it new articles join the stored topics")
    parser.add_argument("--engine", choices=["local", "dask"], default="local",
                        help="where the NLP runs: this machine's processes, or a Dask cluster")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address tcp://HOST:PORT for --engine "
                                                          "dask (default: start a local cluster)")
    args = parser.parse_args(argv)
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    missing = [i for i in args.inputs if not Path(i).exists()]
    if missing:
        print(f"error: input not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    csv_fields = {f: getattr(args, f"col_{f}") for f in ("text", "title", "published", "source", "url", "id")
                  if getattr(args, f"col_{f}")}
    try:
        summary = process(args.inputs, args.out, rebuild=args.rebuild, prune=args.prune, add=args.add,
                          n_process=args.processes, csv_fields=csv_fields or None,
                          progress=None if args.quiet else _Bar(), engine=args.engine, scheduler=args.scheduler,
                          refit_topics=args.refit_topics)
    except NothingStored as exc:
        _print_rejects(getattr(exc, "rejects", pd.DataFrame()), args.out)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except StoreVersionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except StoreInputsMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 4
    _print_rejects(summary.rejects, args.out)
    for f in summary.files_removed:
        print(f"note: {f} was processed before and is gone now "
              f"({'its articles were dropped' if args.prune else 'its articles are kept; --prune drops them'})",
              file=sys.stderr)
    print(summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
