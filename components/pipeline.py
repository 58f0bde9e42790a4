"""``python -m components.pipeline INPUT [INPUT ...] --out DIR`` (the contract in architecture.md).

The pipeline lives in :mod:`components.build.pipeline` and its command line in :mod:`components.build.cli`; this module keeps the documented command and
import path working.
"""
import sys

from components.build.cli import main  # noqa: F401
from components.build.pipeline import RunSummary, apply_user_edits, process  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
