"""Datasets of the course, in the course layout (one column per sample).

- the toy gender dataset of chapters 03-04 (shipped in data/gender.csv);
- MNIST (chapters 05-08), downloaded once and cached under data/.
"""
from nnhelpers.data.paths import data_dir

# --- toy data ---
from nnhelpers.data.toy import (  # noqa: E402
    GENDER_LABELS, HEIGHT_SHIFT_IN, WEIGHT_SHIFT_LB, gender_features, load_gender, shift_measurements,
)
# --- MNIST ---
from nnhelpers.data.kaggle import load_kaggle_csv, write_kaggle_csv  # noqa: E402
from nnhelpers.data.labels import binary_labels, one_hot  # noqa: E402
from nnhelpers.data.mnist import (  # noqa: E402
    MNIST, MNISTUnavailableError, cache_path, fetch_mnist, load_mnist,
)
