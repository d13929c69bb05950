"""Shared fixtures of the test suite (the project-wide set-up is the root conftest.py)."""
import pytest

from nnhelpers.checks._feedback import reset_attempts


@pytest.fixture(autouse=True)
def _fresh_check_attempts():
    """Every test starts like a fresh kernel: no failed check attempts counted yet.

    The checks count failed attempts per exercise for the whole process and add the
    recipe after `RECIPE_AFTER` of them, so without this a message would depend on
    which tests ran before.
    """
    reset_attempts()
    yield
    reset_attempts()
