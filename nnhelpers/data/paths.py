"""Where the course keeps its data files."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir"]

_PROJECT_DATA = Path(__file__).resolve().parents[2] / "data"


def data_dir() -> Path:
    """The data folder: $NNHELPERS_DATA_DIR if set, else data/ in the project checkout."""
    return Path(os.environ.get("NNHELPERS_DATA_DIR", _PROJECT_DATA))
