"""Leakage-free splits: a grouped k-fold and time-ordered splits, written without scikit-learn.

Included into docs/coding/leakage-free-splits.md.
"""

import numpy as np


def group_k_fold(groups, n_splits=5):
    """Test-fold id per row; every group lands in exactly one fold.

    Greedy balancing: groups sorted by size, largest first, each into the fold with the fewest rows so far
    (the same rule, and tie-breaking, as scikit-learn's GroupKFold without shuffle). O(n log n + G k).
    """
    _, group_idx, sizes = np.unique(groups, return_inverse=True, return_counts=True)
    if n_splits > sizes.size:
        raise ValueError(f"n_splits={n_splits} is more than the {sizes.size} groups")
    rows_per_fold = np.zeros(n_splits)
    group_to_fold = np.empty(sizes.size, dtype=np.int64)
    for g in np.argsort(sizes, kind="stable")[::-1]:  # largest group first
        lightest = int(np.argmin(rows_per_fold))
        rows_per_fold[lightest] += sizes[g]
        group_to_fold[g] = lightest
    return group_to_fold[group_idx]


def expanding_window_splits(n_samples, n_splits=5, gap=0):
    """(train_idx, test_idx) for rows already sorted by time: train on the past, test on the next block.

    Test blocks have n_samples // (n_splits + 1) rows and end at the last row; `gap` rows before each test
    block are dropped from training (an embargo for labels that take time to mature).
    """
    test_size = n_samples // (n_splits + 1)
    if test_size == 0:
        raise ValueError("too few rows for this many splits")
    out = []
    for start in range(n_samples - n_splits * test_size, n_samples, test_size):
        out.append((np.arange(0, max(start - gap, 0)), np.arange(start, start + test_size)))
    return out


def time_split(timestamps, cutoff, gap=0):
    """Train on rows with time < cutoff - gap, test on rows with time >= cutoff.

    Splits on the value, not the row position, so rows sharing a timestamp never straddle the cut.
    """
    t = np.asarray(timestamps)
    return np.flatnonzero(t < cutoff - gap), np.flatnonzero(t >= cutoff)
