"""Reservoir sampling: Algorithm R, Li's Algorithm L, and a mergeable random-key reservoir.

Included, section by section, into docs/coding/reservoir-sampling.md.
"""

# --8<-- [start:algorithm_r]
import random
from collections.abc import Iterable


def reservoir_sample(stream: Iterable, k: int, rng: random.Random) -> list:
    """A uniform random sample of k items from a stream of unknown length (Algorithm R).

    One pass, O(n) time, O(k) memory. If the stream has fewer than k items, all of them are returned.
    """
    if k < 0:
        raise ValueError("k must be non-negative")
    reservoir = []
    for i, item in enumerate(stream):  # i items came before this one
        if i < k:
            reservoir.append(item)
        else:
            j = rng.randrange(i + 1)  # uniform on 0..i: the new item is kept with probability k / (i + 1)
            if j < k:
                reservoir[j] = item  # and it evicts a uniformly chosen current member
    return reservoir


# --8<-- [end:algorithm_r]

# --8<-- [start:algorithm_l]
import itertools
import math


def reservoir_sample_skip(stream: Iterable, k: int, rng: random.Random) -> list:
    """Li's Algorithm L: the same distribution, but O(k (1 + log(n / k))) random draws by skipping ahead."""
    it = iter(stream)
    reservoir = list(itertools.islice(it, k))
    if k == 0 or len(reservoir) < k:
        return reservoir
    w = math.exp(math.log(rng.random()) / k)  # the largest of k uniform keys, kept implicitly
    while True:
        skip = math.floor(math.log(rng.random()) / math.log(1 - w))  # items to pass over: geometric
        item = next(itertools.islice(it, skip, skip + 1), None)
        if item is None:
            return reservoir
        reservoir[rng.randrange(k)] = item
        w *= math.exp(math.log(rng.random()) / k)


# --8<-- [end:algorithm_l]

# --8<-- [start:keyed]
import heapq


def keyed_reservoir(stream: Iterable, k: int, rng: random.Random) -> list[tuple[float, object]]:
    """Keep the k items with the smallest uniform random keys; returns (key, item) pairs, mergeable."""
    heap: list[tuple[float, object]] = []  # max-heap on key, stored as (-key, item)
    for item in stream:
        key = rng.random()
        if len(heap) < k:
            heapq.heappush(heap, (-key, item))
        elif key < -heap[0][0]:
            heapq.heapreplace(heap, (-key, item))
    return [(-neg_key, item) for neg_key, item in heap]


def merge_reservoirs(parts: list[list[tuple[float, object]]], k: int) -> list[tuple[float, object]]:
    """The k smallest keys of the union: a uniform sample of the union of the shards' streams."""
    return heapq.nsmallest(k, itertools.chain.from_iterable(parts), key=lambda pair: pair[0])


# --8<-- [end:keyed]
