"""Iterations to converge on an ill-conditioned quadratic (condition number 100) for four optimizers.

Each optimizer gets its best learning rate from a log grid; the count is the worst case over 8 starting points.
The same quadratic is run twice: with its axes aligned to the coordinates, and rotated by 30 degrees.
"""

import math

import numpy as np


def quadratic(theta, kappa=100.0):
    """A in f(x) = x^T A x / 2: eigenvalues 1 and kappa, eigenvectors rotated by theta from the coordinate axes.

    Written out element by element (R diag(1, kappa) R^T), with math's cos and sin: a matrix product or NumPy's
    SIMD sine can differ in the last bit between CPUs, and a rotated RMSProp run amplifies that into another step
    count.
    """
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c * c + kappa * s * s, (1 - kappa) * c * s], [(1 - kappa) * c * s, s * s + kappa * c * c]])


def gradient(x, A):
    """x @ A for a batch of 2-vectors, in elementwise arithmetic, which rounds the same way on every CPU."""
    return x[..., :1] * A[0] + x[..., 1:] * A[1]


def step(method, x, g, state, lr, t):
    """One update; state holds the first and second moment estimates (m, v)."""
    m, v = state
    if method == "GD":
        return x - lr * g, state
    if method == "momentum":
        m = 0.9 * m + g
        return x - lr * m, (m, v)
    if method == "RMSProp":
        v = 0.99 * v + 0.01 * g**2
        return x - lr * g / (np.sqrt(v) + 1e-8), (m, v)
    m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2  # Adam
    return x - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8), (m, v)  # bias-corrected


def iterations(method, A, lrs, starts, tol=1e-4, max_iter=5000):
    """Worst case over starting points of the iterations to shrink |x| by 1/tol, for the best learning rate."""
    x = np.broadcast_to(starts, (len(lrs), *starts.shape)).copy()  # (learning rates, starts, 2)
    state, lr = (np.zeros_like(x), np.zeros_like(x)), lrs[:, None, None]
    done = np.full(x.shape[:2], max_iter + 1)
    for t in range(1, max_iter + 1):
        x, state = step(method, x, gradient(x, A), state, lr, t)
        x = np.where(np.abs(x) < 1e6, x, np.nan)  # mark divergence
        done[(np.linalg.norm(x, axis=-1) < tol) & (done > max_iter)] = t
    worst = done.max(axis=1)
    return worst.min(), lrs[worst.argmin()]


angles = [2 * math.pi * k / 8 + 0.1 for k in range(8)]
starts = np.array([[math.cos(a), math.sin(a)] for a in angles])
lrs = np.array([10 ** (-4 + k / 12) for k in range(49)])  # 1e-4 to 1, 12 per decade (libm, not SIMD pow)
print("optimizer   axis-aligned (best lr)   rotated 30 degrees (best lr)")
with np.errstate(invalid="ignore"):  # diverging runs become nan and are simply never counted as converged
    for method in ["GD", "momentum", "RMSProp", "Adam"]:
        (n0, lr0), (n1, lr1) = (iterations(method, quadratic(theta), lrs, starts) for theta in (0.0, math.pi / 6))
        print(f"{method:<10} {n0:>6} steps ({lr0:.3f}) {n1:>14} steps ({lr1:.3f})")
