"""Forward and backward pass of a 2-layer MLP (tanh, then softmax cross-entropy), checked by finite differences."""

import numpy as np

rng = np.random.default_rng(0)
n, d, h, k = 8, 5, 16, 3  # batch size, inputs, hidden units, classes
X, y = rng.normal(size=(n, d)), rng.integers(0, k, size=n)
params = {"W1": rng.normal(0, 0.5, (d, h)), "b1": np.zeros(h), "W2": rng.normal(0, 0.5, (h, k)), "b2": np.zeros(k)}


def forward(p):
    a1 = np.tanh(X @ p["W1"] + p["b1"])  # hidden activations, kept for the backward pass
    z2 = a1 @ p["W2"] + p["b2"]  # logits
    z2 = z2 - z2.max(axis=1, keepdims=True)  # stable log-softmax
    log_probs = z2 - np.log(np.exp(z2).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(n), y].mean(), (a1, log_probs)


def backward(p, cache, tanh_derivative=True):
    a1, log_probs = cache
    dz2 = np.exp(log_probs)  # dL/dlogits = (softmax - one_hot) / n
    dz2[np.arange(n), y] -= 1
    dz2 /= n
    grads = {"W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}  # z2 = a1 W2 + b2
    da1 = dz2 @ p["W2"].T  # the upstream gradient, passed back through W2
    dz1 = da1 * (1 - a1**2) if tanh_derivative else da1  # tanh'(z) = 1 - tanh(z)²
    grads["W1"], grads["b1"] = X.T @ dz1, dz1.sum(axis=0)
    return grads


def numerical_gradient(p, name, eps=1e-5):
    """Central differences, one parameter at a time: 2 forward passes per parameter."""
    w, g = p[name], np.zeros_like(p[name])
    for i in np.ndindex(w.shape):
        old = w[i]
        w[i] = old + eps
        plus = forward(p)[0]
        w[i] = old - eps
        minus = forward(p)[0]
        w[i] = old
        g[i] = (plus - minus) / (2 * eps)
    return g


def max_relative_error(a, b):
    return np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12))


loss, cache = forward(params)
for label, flag in [("correct backward", True), ("forgot tanh'", False)]:
    grads = backward(params, cache, tanh_derivative=flag)
    for name in ["W1", "b1", "W2", "b2"]:
        err = max_relative_error(grads[name], numerical_gradient(params, name))
        # a fixed bound, far above rounding noise (about 1e-8 here, and its digits move with the BLAS kernel)
        shown = "< 1e-06  ok" if err < 1e-6 else f"{err:.2f}   WRONG"
        print(f"{label:<17} {name}: max relative error {shown}")
