"""Benchmarks: each prints its ratio against the stock tool on the same data (see the README)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path


@contextlib.contextmanager
def scratch_folder(prefix: str, keep: bool = False):
    """A temporary folder for one benchmark run; removed afterwards unless ``keep`` (then its path is printed)."""
    top = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield top
    finally:
        if keep:
            print(f"kept: {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)
