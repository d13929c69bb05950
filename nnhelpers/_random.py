"""One place that turns a ``seed`` argument into a source of random numbers.

Every function of nnhelpers that draws random numbers (initial weights, shuffles,
train/validation splits) takes ONE argument for it, called ``seed``, and passes it
through `random_source`, so that all of them accept the same things the same way:

- ``None``: fresh, unpredictable randomness (``np.random.default_rng()``);
- an ``int``: ``np.random.default_rng(seed)``, the same numbers every time;
- a ``np.random.Generator``: used as it is (its state moves on, so two calls that share it
  draw different numbers, as two calls of ``np.random.randn`` would);
- a legacy ``np.random.RandomState``: used AS IS, never wrapped in a new Generator. So
  ``seed=np.random.RandomState(1)`` draws exactly what ``np.random.seed(1)`` followed by
  ``np.random.randn(...)`` / ``np.random.permutation(...)`` draws, as the course notes do.
  Initialise the weights and shuffle the batches from the same object and every random
  number is the notes' one.

Both kinds of object have ``standard_normal``, ``normal`` and ``permutation``, the only
methods the library uses, and ``RandomState.standard_normal(shape)`` gives the very numbers
of ``np.random.randn(*shape)``.

The old argument name ``rng=`` is gone; `reject_rng` turns a call that still uses it into
a TypeError that says what to write instead.
"""
from __future__ import annotations

import functools

import numpy as np

__all__ = ["random_source", "reject_rng", "SeedLike"]

SeedLike = "int | np.random.Generator | np.random.RandomState | None"


def random_source(seed):
    """A random-number source for ``seed`` (see the module docstring for what it accepts).

    Parameters
    ----------
    seed : None, int >= 0, ``np.random.Generator`` or ``np.random.RandomState``.

    Returns
    -------
    ``np.random.Generator`` (for None, an int or a Generator, which is returned itself) or the
    ``np.random.RandomState`` passed in.

    Raises
    ------
    ValueError
        For anything else (a float, a string, a negative int, numpy's global ``np.random``
        module...), saying what is accepted.
    """
    if isinstance(seed, (np.random.RandomState, np.random.Generator)):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        hint = ""
        if seed is np.random:
            hint = "; to replay np.random.seed(s), pass np.random.RandomState(s)"
        raise ValueError(
            f"seed must be None, an int, a np.random.Generator or a np.random.RandomState, "
            f"got {seed!r:.60}{hint}"
        )
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed}")
    return np.random.default_rng(int(seed))


def reject_rng(function):
    """Decorator: a call with the removed keyword ``rng=`` raises a TypeError naming ``seed=``."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if "rng" in kwargs:
            raise TypeError(
                f"{function.__qualname__}() got an unexpected keyword argument 'rng': the argument "
                "is now called seed= everywhere in nnhelpers (it takes None, an int, a "
                "np.random.Generator or a np.random.RandomState)"
            )
        return function(*args, **kwargs)

    return wrapper
