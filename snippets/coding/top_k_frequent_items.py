"""Top-k frequent items: exact with a Counter and a heap, then Misra-Gries and Count-Min for streams.

Included, section by section, into docs/coding/top-k-frequent-items.md.
"""

# --8<-- [start:exact]
import heapq
from collections import Counter
from collections.abc import Hashable, Iterable


def top_k_frequent(items: Iterable[Hashable], k: int) -> list[tuple[Hashable, int]]:
    """The k most frequent items with their counts; ties broken by the smaller item, so the answer is unique.

    O(n) to count, O(m log k) to select among m distinct items, O(m) memory.
    """
    counts = Counter(items)
    return heapq.nsmallest(k, counts.items(), key=lambda pair: (-pair[1], pair[0]))


# --8<-- [end:exact]

# --8<-- [start:misra_gries]


class MisraGries:
    """At most k counters. Every estimate is within n / (k + 1) below the true count, never above it."""

    def __init__(self, k: int):
        self.k, self.n, self.counters = k, 0, {}

    def update(self, item: Hashable) -> None:
        self.n += 1
        if item in self.counters:
            self.counters[item] += 1
        elif len(self.counters) < self.k:
            self.counters[item] = 1
        else:  # decrement all k counters and drop the new item: k + 1 occurrences cancelled
            for key in list(self.counters):
                self.counters[key] -= 1
                if self.counters[key] == 0:
                    del self.counters[key]

    def estimate(self, item: Hashable) -> int:
        return self.counters.get(item, 0)

    def error_bound(self) -> float:
        """Computed from the summary: each cancellation removed k + 1 occurrences from the total."""
        return (self.n - sum(self.counters.values())) / (self.k + 1)


# --8<-- [end:misra_gries]

# --8<-- [start:count_min]
import math

import numpy as np


class CountMin:
    """Count-Min sketch for non-negative integer items: never underestimates, and with probability
    at least 1 - delta overestimates by at most epsilon * n. Memory: depth x width counters."""

    PRIME = 2**61 - 1  # hash ((a x + b) mod p) mod width: a pairwise-independent family

    def __init__(self, epsilon: float, delta: float, seed: int = 0):
        self.width = math.ceil(math.e / epsilon)
        self.depth = math.ceil(math.log(1 / delta))
        rng = np.random.default_rng(seed)
        # a and b must range over all of 0..p-1: with small a, a * x + b never wraps around p for small items,
        # the hash becomes (a x + b) mod width, and x and x + width collide in every row.
        self.a = [int(v) for v in rng.integers(1, self.PRIME, size=self.depth)]
        self.b = [int(v) for v in rng.integers(0, self.PRIME, size=self.depth)]
        self.table = np.zeros((self.depth, self.width), dtype=np.int64)
        self.n = 0

    def _columns(self, items: np.ndarray, row: int) -> np.ndarray:
        x = items.astype(object)  # Python ints: a * x + b must not overflow int64
        return np.array((self.a[row] * x + self.b[row]) % self.PRIME % self.width, dtype=np.int64)

    def update(self, items) -> None:
        """Add a batch of items; the sketch is linear, so batches and single items give the same table."""
        items = np.asarray(items)
        for row in range(self.depth):
            np.add.at(self.table[row], self._columns(items, row), 1)
        self.n += items.size

    def estimate(self, items) -> np.ndarray:
        items = np.asarray(items)
        return np.min([self.table[row][self._columns(items, row)] for row in range(self.depth)], axis=0)


# --8<-- [end:count_min]
