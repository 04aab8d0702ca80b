"""Precision@k and NDCG@k from scratch, with tied scores averaged over every order of the ties.

Included into docs/coding/precision-at-k-and-ndcg.md.
"""

import numpy as np


def _tie_averaged_sum(values, y_score, weights):
    """Sum of values[rank] * weights[rank] over the ranking by descending score, averaged over tie orders.

    Inside a group of tied scores every order is equally likely, so each member's value is replaced by the
    group's mean value and the group collects the sum of the weights of the positions it spans.
    """
    _, group, counts = np.unique(-y_score, return_inverse=True, return_counts=True)  # descending score
    mean_value = np.bincount(group, weights=values) / counts
    cum = np.concatenate([[0.0], np.cumsum(weights)])
    end = np.cumsum(counts)  # positions [end - count, end) belong to each group
    return float(mean_value @ (cum[end] - cum[end - counts]))


def dcg_at_k(relevance, y_score, k=None, gain="linear"):
    """DCG@k with discount 1/log2(rank + 1); gain "linear" (rel) or "exponential" (2**rel - 1)."""
    rel = np.asarray(relevance, dtype=np.float64)
    y_score = np.asarray(y_score, dtype=np.float64)
    if rel.shape != y_score.shape or rel.ndim != 1:
        raise ValueError("relevance and y_score must be 1-D and of the same length")
    if gain not in ("linear", "exponential"):
        raise ValueError(f"unknown gain {gain!r}")
    n = rel.size
    k = n if k is None else min(k, n)
    g = rel if gain == "linear" else np.exp2(rel) - 1
    discount = np.zeros(n)
    discount[:k] = 1 / np.log2(np.arange(2, k + 2))
    return _tie_averaged_sum(g, y_score, discount)


def ndcg_at_k(relevance, y_score, k=None, gain="linear"):
    """DCG@k divided by the DCG@k of the ideal order; 0.0 for a query with no relevant document."""
    ideal = dcg_at_k(relevance, relevance, k, gain)  # sorting by relevance itself is the ideal order
    return 0.0 if ideal == 0 else dcg_at_k(relevance, y_score, k, gain) / ideal


def precision_at_k(relevance, y_score, k):
    """Share of the top k that is relevant (relevance > 0): DCG with a flat 1/k discount and binary gain."""
    rel = np.asarray(relevance, dtype=np.float64)
    if k < 1:
        raise ValueError("k must be at least 1")
    weights = np.zeros(rel.size)
    weights[:k] = 1 / k  # k, not min(k, n): a list shorter than k counts its missing slots as misses
    return _tie_averaged_sum((rel > 0).astype(np.float64), np.asarray(y_score, dtype=np.float64), weights)
