def llama3_ffn_width(dim, ffn_dim_multiplier, multiple_of):
    """Meta's rule (models/llama3/model.py): 2/3 of 4d for SwiGLU, times a multiplier, rounded up."""
    hidden = int(2 * (4 * dim) / 3)
    hidden = int(ffn_dim_multiplier * hidden)
    return multiple_of * ((hidden + multiple_of - 1) // multiple_of)


for name, dim, mult, multiple_of in [("8B", 4096, 1.3, 1024), ("70B", 8192, 1.3, 4096), ("405B", 16384, 1.2, 4096)]:
    width = llama3_ffn_width(dim, mult, multiple_of)
    swiglu, classic = 3 * dim * width, 2 * dim * (4 * dim)  # three matrices of d x h against two of d x 4d
    print(
        f"Llama 3.1 {name:>4}: FFN width {width:,} = {width / dim:.2f} d, parameters {swiglu / classic:.2f}x a 4d FFN"
    )


def moe_params(vocab, dim, layers, attn, dense_layers, dense_width, expert_width, routed, shared, active):
    """Total and per-token active parameters of a decoder whose FFNs are SwiGLU experts (3 matrices each)."""
    expert = 3 * dim * expert_width
    router = routed * dim
    per_layer_total = attn + 2 * dim + router + (routed + shared) * expert
    per_layer_active = attn + 2 * dim + router + (active + shared) * expert
    dense = attn + 2 * dim + 3 * dim * dense_width
    moe_layers = layers - dense_layers
    embeddings = 2 * vocab * dim + dim  # untied input and output embeddings, final norm
    total = dense_layers * dense + moe_layers * per_layer_total + embeddings
    active = dense_layers * dense + moe_layers * per_layer_active + embeddings
    return total / 1e9, active / 1e9


def gqa_attn(dim, heads, kv_heads, d_head):
    return 2 * dim * heads * d_head + 2 * dim * kv_heads * d_head  # W_q, W_o full size; W_k, W_v shared by groups


def mla_attn(dim, heads, q_rank, kv_rank, d_nope, d_rope, d_v):
    q = dim * q_rank + q_rank + q_rank * heads * (d_nope + d_rope)  # low-rank query, with its RMSNorm
    kv = dim * (kv_rank + d_rope) + kv_rank + kv_rank * heads * (d_nope + d_v)  # latent + RoPE key, up-projection
    return q + kv + heads * d_v * dim  # + output projection


models = {  # values from the published configurations cited on this page
    "Mixtral 8x7B": moe_params(32000, 4096, 32, gqa_attn(4096, 32, 8, 128), 0, 0, 14336, 8, 0, 2),
    "DeepSeek-V2": moe_params(
        102400, 5120, 60, mla_attn(5120, 128, 1536, 512, 128, 64, 128), 1, 12288, 1536, 160, 2, 6
    ),
    "DeepSeek-V3": moe_params(
        129280, 7168, 61, mla_attn(7168, 128, 1536, 512, 128, 64, 128), 3, 18432, 2048, 256, 1, 8
    ),
}
for name, (total, active) in models.items():
    print(f"{name:<13} total {total:6.1f} B   active per token {active:5.1f} B   ({active / total:.1%})")
