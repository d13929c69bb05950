"""Convert several notebooks at once: nbconvert spends seconds per notebook, on one core."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable


def map_notebooks(function: Callable, items: Iterable, jobs: int | None = None) -> list:
    """``[function(item) for item in items]``, spread over up to ``jobs`` processes
    (default: one per core). ``function`` must be a module-level function."""
    items = list(items)
    jobs = min(jobs or os.cpu_count() or 1, len(items))
    if jobs <= 1:
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(function, items))
