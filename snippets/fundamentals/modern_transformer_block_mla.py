import numpy as np

rng = np.random.default_rng(0)
d_model, n_heads, d_head, d_latent, d_rope, T = 64, 4, 16, 8, 4, 12
H = rng.normal(size=(T, d_model))  # hidden states of the T tokens already generated
x = rng.normal(size=d_model)  # hidden state of the token being generated
W_down = rng.normal(size=(d_model, d_latent)) / np.sqrt(d_model)  # shared down-projection to the latent
W_up_k = rng.normal(size=(n_heads, d_latent, d_head)) / np.sqrt(d_latent)  # per-head key up-projection
W_q = rng.normal(size=(n_heads, d_model, d_head)) / np.sqrt(d_model)


def rope(v, positions):
    """Rotate each pair of coordinates (2i, 2i+1) of v by the angle position * 0.5**i."""
    angle = positions[:, None] * 0.5 ** np.arange(v.shape[-1] // 2)
    cos, sin, even, odd = np.cos(angle), np.sin(angle), v[..., 0::2], v[..., 1::2]
    out = np.empty_like(v)
    out[..., 0::2], out[..., 1::2] = even * cos - odd * sin, even * sin + odd * cos
    return out


pos = np.arange(T)
C = H @ W_down  # the cache: 8 numbers per token instead of 4 heads x 16 = 64 key values
q = np.einsum("d,hde->he", x, W_q)
K = np.einsum("nc,hce->hne", C, W_up_k)  # keys rebuilt from the latent
q_absorbed = np.einsum("he,hce->hc", q, W_up_k)  # W_up_k folded into the query, once per step
print("1. latent cache, absorbed query = full keys:", np.allclose(q_absorbed @ C.T, np.einsum("he,hne->hn", q, K)))

scores_rope = np.einsum("he,hne->hn", rope(q, np.full(n_heads, T)), rope(K, pos))  # RoPE on the rebuilt keys
print("2. same shortcut once keys carry RoPE:    ", np.allclose(q_absorbed @ C.T, scores_rope))

# Decoupled RoPE (DeepSeek-V2): the latent carries no position; a small shared key k_r carries RoPE
W_kr = rng.normal(size=(d_model, d_rope)) / np.sqrt(d_model)
W_qr = rng.normal(size=(n_heads, d_model, d_rope)) / np.sqrt(d_model)
k_r = rope(H @ W_kr, pos)  # cached too: d_rope = 4 more numbers per token
q_r = rope(np.einsum("d,hdr->hr", x, W_qr), np.full(n_heads, T))
K_full = np.concatenate([K, np.broadcast_to(k_r, (n_heads, T, d_rope))], axis=-1)  # explicit per-head keys
scores_full = np.einsum("he,hne->hn", np.concatenate([q, q_r], axis=-1), K_full)
print("3. decoupled RoPE from the cache = full keys:", np.allclose(q_absorbed @ C.T + q_r @ k_r.T, scores_full))
