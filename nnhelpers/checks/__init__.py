"""Exercise checks, one module per chapter; see `_feedback` for how they judge.

Each chapter's notebook calls its checks as ``nh.checks.<name>(answer)``.
"""
from nnhelpers.checks._feedback import AnswerError, check_function, check_value

# --- chapter modules (each helper adds its own line) ---
