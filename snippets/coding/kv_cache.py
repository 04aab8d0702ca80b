"""A tiny causal decoder in NumPy, run with and without a KV cache, with counters for what each step computes.

Included into docs/coding/kv-cache.md.
"""

import numpy as np


class Counter:
    """What one forward pass computed, counted where it happens (never timed)."""

    def __init__(self):
        self.attention_macs = 0  # multiply-adds in q.k scores and in weights @ values, all heads and layers
        self.kv_vectors = 0  # key/value pairs projected, summed over layers


def init_params(seed=0, vocab=40, d_model=32, n_heads=4, n_layers=2, max_len=128):
    """Seeded random weights: learned absolute positions, pre-norm blocks, a ReLU MLP."""
    rng = np.random.default_rng(seed)
    s = 1 / np.sqrt(d_model)

    def layer():
        weights = {name: rng.normal(scale=s, size=(d_model, d_model)) for name in ("q", "k", "v", "o")}
        weights["up"] = rng.normal(scale=s, size=(d_model, 4 * d_model))
        weights["down"] = rng.normal(scale=s / 2, size=(4 * d_model, d_model))
        return weights

    return {
        "embed": rng.normal(size=(vocab, d_model)),
        "pos": rng.normal(size=(max_len, d_model)),
        "layers": [layer() for _ in range(n_layers)],
        "unembed": rng.normal(scale=s, size=(d_model, vocab)),
        "n_heads": n_heads,
    }


def rms_norm(x):
    return x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + 1e-6)


def split_heads(x, n_heads):
    """(T, D) -> (H, T, D/H)."""
    T, D = x.shape
    return x.reshape(T, n_heads, D // n_heads).transpose(1, 0, 2)


def causal_mask(n_queries, n_keys, offset):
    """True where key j lies in the future of query i, which sits at position offset + i."""
    return np.arange(n_keys)[None, :] > offset + np.arange(n_queries)[:, None]


def attention(q, k, v, n_heads, counter, offset):
    """q: (Tq, D) queries at positions offset, offset + 1, ...; k, v: (Tk, D) for positions 0 .. Tk - 1."""
    (Tq, D), Tk = q.shape, k.shape[0]
    q, k, v = split_heads(q, n_heads), split_heads(k, n_heads), split_heads(v, n_heads)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(D // n_heads)  # (H, Tq, Tk)
    scores = np.where(causal_mask(Tq, Tk, offset), -np.inf, scores)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    counter.attention_macs += 2 * Tq * Tk * D  # Tq x Tk scores of length D/H per head, then the weighted sum
    return (weights @ v).transpose(1, 0, 2).reshape(Tq, D)


def mlp(x, p):
    return np.maximum(x @ p["up"], 0) @ p["down"]


def forward_full(params, tokens, counter):
    """No cache: recompute every position of the sequence. Returns (T, vocab) logits."""
    x = params["embed"][tokens] + params["pos"][: len(tokens)]
    for p in params["layers"]:
        h = rms_norm(x)
        q, k, v = h @ p["q"], h @ p["k"], h @ p["v"]
        counter.kv_vectors += len(tokens)
        x = x + attention(q, k, v, params["n_heads"], counter, offset=0) @ p["o"]
        x = x + mlp(rms_norm(x), p)
    return rms_norm(x) @ params["unembed"]


class KVCache:
    """Per layer, the keys and values of every position processed so far."""

    def __init__(self, n_layers):
        self.keys = [[] for _ in range(n_layers)]
        self.values = [[] for _ in range(n_layers)]
        self.length = 0  # positions already in the cache


def positions(cache, n_new):
    """New tokens continue where the cache ends."""
    return cache.length + np.arange(n_new)


def forward_cached(params, new_tokens, cache, counter):
    """Process only new_tokens (the prompt, or one token), reading earlier keys and values from the cache."""
    x = params["embed"][new_tokens] + params["pos"][positions(cache, len(new_tokens))]
    for layer, p in enumerate(params["layers"]):
        h = rms_norm(x)
        q, k_new, v_new = h @ p["q"], h @ p["k"], h @ p["v"]  # projections of the new tokens only
        counter.kv_vectors += len(new_tokens)
        cache.keys[layer].append(k_new)  # append before attending: a token attends to itself
        cache.values[layer].append(v_new)
        k, v = np.concatenate(cache.keys[layer]), np.concatenate(cache.values[layer])
        x = x + attention(q, k, v, params["n_heads"], counter, offset=cache.length) @ p["o"]
        x = x + mlp(rms_norm(x), p)
    cache.length += len(new_tokens)
    return rms_norm(x) @ params["unembed"]


def generate(params, prompt, n_new, use_cache):
    """Greedy decoding. Returns the tokens, each step's next-token logits, and each step's Counter."""
    tokens, step_logits, step_counts = list(prompt), [], []
    cache = KVCache(len(params["layers"]))
    for step in range(n_new):
        counter = Counter()
        if use_cache:
            new = tokens if step == 0 else tokens[-1:]  # prefill the prompt once, then one token per step
            logits = forward_cached(params, np.array(new), cache, counter)[-1]
        else:
            logits = forward_full(params, np.array(tokens), counter)[-1]
        tokens.append(int(np.argmax(logits)))
        step_logits.append(logits)
        step_counts.append(counter)
    return tokens, np.array(step_logits), step_counts
