"""A pre-norm transformer block as in Llama: RMSNorm, rotary positions (RoPE), grouped-query attention, SwiGLU.

Every matrix product goes through `matmul`, which counts its FLOPs. Included into
docs/coding/modern-transformer-block.md.
"""

import numpy as np


class FlopCounter:
    def __init__(self):
        self.flops = 0


def matmul(a, b, counter):
    """a @ b, counting 2 FLOPs (a multiply and an add) per multiply-add."""
    out = a @ b
    counter.flops += 2 * out.size * a.shape[-1]
    return out


def init_block(seed, d_model, n_heads, n_kv_heads, d_ff):
    rng = np.random.default_rng(seed)
    d_head = d_model // n_heads

    def w(n_in, n_out):
        return rng.normal(scale=n_in**-0.5, size=(n_in, n_out))

    return {
        "attn_norm": np.ones(d_model),  # RMSNorm gains
        "wq": w(d_model, n_heads * d_head),
        "wk": w(d_model, n_kv_heads * d_head),
        "wv": w(d_model, n_kv_heads * d_head),
        "wo": w(n_heads * d_head, d_model),
        "mlp_norm": np.ones(d_model),
        "w_gate": w(d_model, d_ff),
        "w_up": w(d_model, d_ff),
        "w_down": w(d_ff, d_model),
    }


def rms_norm(x, gain, eps=1e-5):
    """Scale each vector to unit root mean square, then by a learned gain: no mean subtraction, no bias."""
    return x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps) * gain


def rope(x, positions, base=10_000.0):
    """Rotate each pair of features (2i, 2i + 1) by the angle position * base ** (-2i / d)."""
    d = x.shape[-1]
    angles = positions[:, None] * base ** (-np.arange(0, d, 2) / d)  # (T, d/2)
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def rotate_queries_and_keys(q, k, positions):
    return rope(q, positions), rope(k, positions)  # the same rotation for both


def silu(x):
    return x / (1 + np.exp(-x))


def block(x, p, n_heads, n_kv_heads, positions, counter):
    """x: (T, d_model) for one sequence. Causal self-attention, then the MLP, each pre-normed with a residual."""
    T, d_model = x.shape
    d_head = d_model // n_heads
    h = rms_norm(x, p["attn_norm"])
    q = matmul(h, p["wq"], counter).reshape(T, n_heads, d_head).transpose(1, 0, 2)  # (H, T, d_head)
    k = matmul(h, p["wk"], counter).reshape(T, n_kv_heads, d_head).transpose(1, 0, 2)  # (G, T, d_head)
    v = matmul(h, p["wv"], counter).reshape(T, n_kv_heads, d_head).transpose(1, 0, 2)
    q, k = rotate_queries_and_keys(q, k, positions)
    k, v = np.repeat(k, n_heads // n_kv_heads, axis=0), np.repeat(v, n_heads // n_kv_heads, axis=0)
    scores = matmul(q, k.transpose(0, 2, 1), counter) / np.sqrt(d_head)  # (H, T, T)
    scores = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    attended = matmul(weights, v, counter).transpose(1, 0, 2).reshape(T, n_heads * d_head)
    x = x + matmul(attended, p["wo"], counter)
    h = rms_norm(x, p["mlp_norm"])
    gated = silu(matmul(h, p["w_gate"], counter)) * matmul(h, p["w_up"], counter)  # SwiGLU
    return x + matmul(gated, p["w_down"], counter)
