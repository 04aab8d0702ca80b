"""Near-duplicate detection: shingles, MinHash signatures and LSH banding.

Included into docs/coding/minhash-near-duplicates.md.
"""

import zlib
from collections import defaultdict
from itertools import combinations

import numpy as np

MERSENNE = (1 << 31) - 1  # the prime for the hashes (a x + b) mod p; a, x < 2**31, so a * x fits in int64


def shingles(text: str, k: int = 5) -> set[int]:
    """The set of character k-grams of the normalized text, each hashed to 32 bits with CRC32.

    zlib.crc32, not hash(): Python's string hash changes from one process to the next.
    """
    text = " ".join(text.lower().split())
    if len(text) <= k:
        return {zlib.crc32(text.encode())} if text else set()
    return {zlib.crc32(text[i : i + k].encode()) for i in range(len(text) - k + 1)}


def jaccard(a: set, b: set) -> float:
    """Exact Jaccard similarity |A & B| / |A | B|; 1.0 for two empty sets."""
    return len(a & b) / len(a | b) if a or b else 1.0


class MinHasher:
    """num_perm hash functions h_i(x) = (a_i x + b_i) mod p; the signature keeps each one's minimum."""

    def __init__(self, num_perm: int = 128, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, MERSENNE, size=(num_perm, 1), dtype=np.int64)
        self.b = rng.integers(0, MERSENNE, size=(num_perm, 1), dtype=np.int64)

    def signature(self, shingle_set: set[int]) -> np.ndarray:
        if not shingle_set:
            raise ValueError("an empty set has no MinHash signature")
        x = np.fromiter(shingle_set, dtype=np.int64, count=len(shingle_set)) % MERSENNE
        return ((self.a * x + self.b) % MERSENNE).min(axis=1)  # O(num_perm * |set|)


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Share of hash functions whose minima agree: unbiased for the Jaccard similarity."""
    return float(np.mean(sig_a == sig_b))


def lsh_candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> set[tuple[int, int]]:
    """Pairs of documents that agree on all `rows` values of at least one of `bands` bands.

    A pair with Jaccard s becomes a candidate with probability 1 - (1 - s**rows) ** bands.
    """
    if signatures.shape[1] < bands * rows:
        raise ValueError("signatures are shorter than bands * rows")
    candidates = set()
    for band in range(bands):
        buckets = defaultdict(list)
        for doc, sig in enumerate(signatures):
            buckets[sig[band * rows : (band + 1) * rows].tobytes()].append(doc)
        for docs in buckets.values():
            candidates.update(combinations(docs, 2))
    return candidates
