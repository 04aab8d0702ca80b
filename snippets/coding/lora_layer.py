"""A LoRA linear layer (Hu et al., 2021) in NumPy: forward, gradients of A and B, merge and unmerge.

Included into docs/coding/lora-layer.md.
"""

import numpy as np


class LoRALinear:
    """y = x W0^T + (alpha / r) x A^T B^T. W0 (d_out, d_in) is frozen; A (r, d_in) and B (d_out, r) are trained."""

    def __init__(self, W0, r, alpha, rng):
        d_out, d_in = W0.shape
        self.W0 = W0
        self.A = rng.normal(scale=d_in**-0.5, size=(r, d_in))  # random Gaussian
        self.B = np.zeros((d_out, r))  # zero, so that B @ A = 0: training starts from the base model
        self.scale = alpha / r
        self.merged = False

    def forward(self, x):
        if self.merged:  # a single matrix: no extra latency at inference
            return x @ self.W0.T
        return x @ self.W0.T + self.scale * (x @ self.A.T) @ self.B.T  # never forms the d_out x d_in update

    def gradients(self, x, grad_y):
        """dLoss/dA and dLoss/dB from dLoss/dy, shape (n, d_out). W0 gets no gradient and no optimizer state."""
        grad_B = self.scale * grad_y.T @ (x @ self.A.T)  # (d_out, r)
        grad_A = self.scale * (grad_y @ self.B).T @ x  # (r, d_in)
        return grad_A, grad_B

    def merge(self):
        """Fold the update into the weight: W0 + (alpha / r) B A."""
        self.W0 = self.W0 + self.scale * self.B @ self.A
        self.merged = True

    def unmerge(self):
        """Take the update out again, e.g. to switch to another task's adapter."""
        self.W0 = self.W0 - self.scale * self.B @ self.A
        self.merged = False

    def trainable_parameters(self):
        return self.A.size + self.B.size
