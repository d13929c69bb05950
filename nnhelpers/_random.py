"""One place that turns a ``seed`` argument into a random generator."""
from __future__ import annotations

import numpy as np


def random_source(seed):
    """A generator with ``standard_normal`` and ``permutation`` for ``seed``.

    An int, None or ``np.random.Generator`` goes through ``np.random.default_rng``. A legacy
    ``np.random.RandomState`` is used as it is, so that ``RandomState(138)`` replays the
    notes' ``np.random.seed(138)`` stream: initialise the weights and shuffle the batches
    from the same object and every random number is the notes' one.
    """
    if isinstance(seed, np.random.RandomState):
        return seed
    return np.random.default_rng(seed)
