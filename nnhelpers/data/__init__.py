"""Datasets of the course, in the course layout (one column per sample).

- the toy gender dataset of chapters 03-04 (shipped in data/gender.csv);
- MNIST (chapters 05-08), downloaded once and cached under data/.
"""
from nnhelpers.data.paths import data_dir

# --- toy data ---
# --- MNIST ---
