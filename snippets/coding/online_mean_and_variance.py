"""Running mean and variance: Welford's update, Chan et al.'s merge, and a vectorized batch update.

Included into docs/coding/online-mean-and-variance.md.
"""

import math
from dataclasses import dataclass

import numpy as np


@dataclass
class RunningStats:
    """Count, mean and M2 (the sum of squared deviations from the mean) of the values seen so far.

    update: Welford (1962), O(1) per value. merge: Chan, Golub and LeVeque (1979), O(1) per merge.
    """

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def update(self, x: float) -> "RunningStats":
        self.n += 1
        delta = x - self.mean  # deviation from the old mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)  # old deviation times new deviation: never negative
        return self

    def merge(self, other: "RunningStats") -> "RunningStats":
        if other.n == 0:
            return self
        n = self.n + other.n
        delta = other.mean - self.mean
        self.mean += delta * other.n / n
        self.m2 += other.m2 + delta * delta * self.n * other.n / n
        self.n = n
        return self

    def update_batch(self, values) -> "RunningStats":
        """Fold in a NumPy array at C speed: the batch's own stats (two-pass), then one merge."""
        values = np.asarray(values, dtype=np.float64)
        if values.size == 0:
            return self
        mean = float(values.mean())
        batch = RunningStats(values.size, mean, float(((values - mean) ** 2).sum()))
        return self.merge(batch)

    def variance(self, ddof: int = 1) -> float:
        """Sample variance (ddof=1) or population variance (ddof=0); NaN when n <= ddof."""
        return self.m2 / (self.n - ddof) if self.n > ddof else math.nan
