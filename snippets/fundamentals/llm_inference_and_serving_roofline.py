# Llama-3.1-8B (arch_args in Meta's models/sku_list.py: dim 4096, 32 layers, 32 query heads, 8 KV heads,
# vocabulary 128,256; FFN width 14,336) served in bf16 on one H100 SXM (datasheet: 989 TFLOP/s dense BF16, 3.35 TB/s,
# 80 GB).
d, n_layers, n_heads, n_kv_heads, d_ff, vocab = 4096, 32, 32, 8, 14336, 128256
d_head = d // n_heads
attn = 2 * d * d + 2 * d * (n_kv_heads * d_head)  # W_q and W_o are d x d; W_k and W_v are d x (8 * 128)
ffn = 3 * d * d_ff  # SwiGLU: gate, up and down projections
n_params = n_layers * (attn + ffn + 2 * d) + 2 * vocab * d + d  # + norms, input embedding, output head
matmul_params = n_layers * (attn + ffn) + vocab * d  # weights that multiply every token (the embedding is a lookup)

PEAK, BW, HBM, BYTES = 989e12, 3.35e12, 80e9, 2  # FLOP/s, byte/s, bytes; 2 bytes per bf16 value
kv_per_token = 2 * n_layers * n_kv_heads * d_head * BYTES  # one K and one V vector per layer per KV head
attn_flops_per_cached_token = 4 * n_layers * n_heads * d_head  # q.k scores and the weighted sum of V, all heads

print(f"parameters {n_params / 1e9:.2f} B, bf16 weights {n_params * BYTES / 1e9:.1f} GB")
print(f"KV cache {kv_per_token // 1024} KiB per token, {kv_per_token * 4096 / 2**30:.2f} GiB per 4,096-token sequence")
print(f"ridge point {PEAK / BW:.0f} FLOP/byte: below it a step waits on memory, above it on arithmetic")


def decode_step(batch, context):
    """One decode step: every sequence in the batch emits one token and reads its whole KV cache."""
    flops = batch * (2 * matmul_params + attn_flops_per_cached_token * context)
    bytes_moved = BYTES * matmul_params + batch * context * kv_per_token  # weights once, each sequence's cache
    return flops, bytes_moved


print("\ndecode at 4,096 cached tokens per sequence")
print("batch  FLOP/byte  step (ms)  bound    tokens/s  KV + weights (GB)")
for batch in [1, 16, 64, 128]:
    flops, bytes_moved = decode_step(batch, 4096)
    t_compute, t_memory = flops / PEAK, bytes_moved / BW
    step = max(t_compute, t_memory)
    memory = n_params * BYTES + batch * 4096 * kv_per_token
    fits = "fits" if memory <= HBM else "does not fit in 80 GB"
    bound = "memory" if t_memory > t_compute else "compute"
    row = f"{batch:>5} {flops / bytes_moved:>10.1f} {step * 1e3:>10.1f}  {bound:<7} {batch / step:>9,.0f}"
    print(f"{row} {memory / 1e9:>7.0f}  {fits}")

flops, bytes_moved = decode_step(256, 0)
print(f"\nweights alone at batch 256: {flops / bytes_moved:.0f} FLOP/byte (ridge {PEAK / BW:.0f})")
attention_intensity = attn_flops_per_cached_token / kv_per_token
print(f"attention alone, any batch: {attention_intensity:.0f} FLOP/byte (query heads per KV head)")

prompt = 2048  # prefill: all prompt tokens in one pass, causal attention over earlier prompt tokens
flops = 2 * matmul_params * prompt + attn_flops_per_cached_token * prompt * (prompt + 1) / 2
bytes_moved = BYTES * matmul_params + prompt * kv_per_token
print(f"prefill of {prompt:,} tokens: {flops / bytes_moved:,.0f} FLOP/byte,", end=" ")
print(f"at least {flops / PEAK * 1e3:.0f} ms of compute")
