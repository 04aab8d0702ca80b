"""Serving large models: FLOPs, bytes, KV cache, batching, tensor parallelism and quantization, as arithmetic.

Included, section by section, into docs/system-design/serving-numbers.md. Runs top to bottom on its own as well.
Every result is an ideal roofline bound (peak bandwidth, peak FLOP/s): real systems reach a fraction of it.
"""

# --8<-- [start:hardware]
# NVIDIA datasheets. The tensor-core FLOP/s they headline are "with sparsity" (2:4 structured sparsity);
# a dense matrix multiply gets half. Bandwidths in bytes/s; NVLink is the total of both directions.
GPUS = {
    "A100 80GB SXM": {"bf16_sparse": 624e12, "hbm": 80e9, "hbm_bw": 2.039e12, "nvlink": 600e9},
    "H100 SXM": {"bf16_sparse": 1979e12, "hbm": 80e9, "hbm_bw": 3.35e12, "nvlink": 900e9},
}
print(f"{'GPU':<15}{'dense BF16':>13}{'HBM':>8}{'HBM BW':>10}{'ridge':>14}{'read all HBM':>14}")
for name, g in GPUS.items():
    dense = g["bf16_sparse"] / 2
    ridge = dense / g["hbm_bw"]  # FLOPs per byte at which compute time = memory time
    print(
        f"{name:<15}{dense / 1e12:>8.1f} TF/s{g['hbm'] / 1e9:>5.0f} GB{g['hbm_bw'] / 1e12:>6.2f} TB/s"
        f"{ridge:>6.0f} FLOP/B{g['hbm'] / g['hbm_bw'] * 1e3:>11.0f} ms"
    )
# --8<-- [end:hardware]

# --8<-- [start:model]
# Llama 3.1 70B, from Meta's published model arguments (llama-models, models/sku_list.py).
dim, n_layers, n_heads, n_kv_heads, vocab = 8192, 80, 64, 8, 128_256
ffn_dim_multiplier, multiple_of = 1.3, 4096
head_dim = dim // n_heads
ffn = int(ffn_dim_multiplier * int(2 * 4 * dim / 3))  # the FeedForward sizing rule in Meta's model code
ffn = multiple_of * -(-ffn // multiple_of)  # rounded up to a multiple of 4096

attention = 2 * dim * dim + 2 * dim * n_kv_heads * head_dim  # W_q, W_o full; W_k, W_v only 8 heads wide
mlp = 3 * dim * ffn  # SwiGLU: gate, up and down projections
N = n_layers * (attention + mlp + 2 * dim)  # non-embedding parameters (the 2*dim are the two RMSNorms)
embed = lm_head = vocab * dim  # untied: the output projection is a separate matrix
print(f"head_dim {head_dim}, FFN width {ffn:,}")
print(
    f"non-embedding N {N / 1e9:.1f} B, embedding + LM head {(embed + lm_head) / 1e9:.1f} B, "
    f"total {(N + embed + lm_head + dim) / 1e9:.1f} B"
)


def flops_per_token(context):
    """Forward FLOPs for one new token that attends to `context` earlier tokens (2 FLOPs per multiply-add)."""
    dense = 2 * (N + lm_head)  # every weight once; the embedding lookup is a gather, not a matmul
    attn = 4 * n_layers * context * n_heads * head_dim  # q.K over the context, then weights.V
    return dense + attn


print(f"2N = {2 * N / 1e9:.0f} GFLOP per token, LM head {2 * lm_head / 1e9:.1f} GFLOP")
for context in (1_024, 8_192, 131_072):
    total, attn = flops_per_token(context), flops_per_token(context) - flops_per_token(0)
    print(
        f"context {context:>7,}: {total / 1e9:4.0f} GFLOP per token, "
        f"of which attention {attn / 1e9:4.0f} GFLOP ({attn / total:.0%} of the total)"
    )
# --8<-- [end:model]

# --8<-- [start:kv]
BF16 = 2  # bytes per value


def kv_bytes_per_token(kv_heads=n_kv_heads, bytes_per_value=BF16):
    return 2 * n_layers * kv_heads * head_dim * bytes_per_value  # K and V, every layer


print(
    f"KV cache per token: {kv_bytes_per_token() / 2**10:.0f} KiB with 8 KV heads (GQA), "
    f"{kv_bytes_per_token(kv_heads=n_heads) / 2**20:.1f} MiB if all 64 heads kept K and V"
)
for context in (1_024, 8_192, 131_072):
    print(f"  one {context:>7,}-token sequence: {context * kv_bytes_per_token() / 1e9:5.1f} GB")
# --8<-- [end:kv]

# --8<-- [start:intensity]
H100 = GPUS["H100 SXM"]
PEAK, BW = H100["bf16_sparse"] / 2, H100["hbm_bw"]
weight_bytes = BF16 * (N + lm_head)  # read once per decode step, whatever the batch


def decode_intensity(batch, context):
    flops = batch * flops_per_token(context)
    bytes_moved = weight_bytes + batch * context * kv_bytes_per_token()
    return flops / bytes_moved


print(f"H100 ridge point: {PEAK / BW:.0f} FLOP/byte")
print(f"{'decode batch':>12}{'ctx 1,024':>11}{'ctx 8,192':>11}")
for batch in (1, 16, 128, 1_024):
    print(f"{batch:>12,}{decode_intensity(batch, 1_024):>11.0f}{decode_intensity(batch, 8_192):>11.0f}")
limit = [flops_per_token(c) / (c * kv_bytes_per_token()) for c in (1_024, 8_192)]  # batch -> infinity
print(f"{'unbounded':>12}{limit[0]:>11.0f}{limit[1]:>11.0f}")
prompt = 2_048  # prefill: all prompt tokens in one pass, weights read once
prefill = prompt * flops_per_token(prompt // 2) / (weight_bytes + prompt * kv_bytes_per_token())
print(f"prefill of {prompt:,} tokens: {prefill:,.0f} FLOP/byte")
# --8<-- [end:intensity]

# --8<-- [start:batching]
gpus = 8  # one HGX H100 node, tensor parallel 8 (communication left out here; see the next section)
usable = 0.9  # share of HBM for weights + KV (the rest: activations, runtime, fragmentation) -- an assumption
kv_budget = usable * gpus * H100["hbm"] - weight_bytes


def decode_step(batch, context):
    memory = (weight_bytes + batch * context * kv_bytes_per_token()) / (gpus * BW)
    compute = batch * flops_per_token(context) / (gpus * PEAK)
    return max(memory, compute), "compute" if compute > memory else "memory"


prompt_flops = 2_048 * flops_per_token(1_024)  # a 2,048-token prompt; its tokens see 1,024 earlier ones on average
prefill_ms = prompt_flops / (gpus * PEAK) * 1e3
print(f"prefill of 2,048 tokens on 8 x H100: {prefill_ms:.0f} ms at peak FLOP/s (compute-bound)")
for context in (1_024, 8_192):
    max_batch = int(kv_budget // (context * kv_bytes_per_token()))
    print(f"context {context:,}: KV room for {max_batch:,} sequences")
    print(f"  {'batch':>6}{'step ms':>9}{'tokens/s':>10}{'per seq':>9}  bound")
    for batch in sorted({1, 16, 128, 512, max_batch}):
        if batch > max_batch:
            continue
        step, bound = decode_step(batch, context)
        print(f"  {batch:>6,}{step * 1e3:>9.1f}{batch / step:>10,.0f}{1 / step:>9.0f}  {bound}")
# --8<-- [end:batching]

# --8<-- [start:tp]
link = H100["nvlink"] / 2  # bytes/s each way
alpha = 10e-6  # fixed cost of one all-reduce in seconds: an assumption to measure on your system


def tp_step(tp, batch, context):
    """One decode step with the weights and KV heads split over `tp` GPUs (Megatron-style)."""
    per_gpu_bytes = (weight_bytes + batch * context * kv_bytes_per_token()) / tp
    compute = batch * flops_per_token(context) / (tp * PEAK)
    message = batch * dim * BF16  # the activations summed after attention and after the MLP
    all_reduces = 2 * n_layers
    comm = all_reduces * (alpha + 2 * (tp - 1) / tp * message / link)
    fits = per_gpu_bytes <= usable * H100["hbm"]
    return max(per_gpu_bytes / BW, compute) + comm, comm, fits


print(f"{'TP':>3}{'batch':>6}{'step ms':>9}{'of which comm':>15}{'GPU-ms/token':>14}")
for batch in (1, 64):
    for tp in (2, 4, 8):
        step, comm, fits = tp_step(tp, batch, context=2_048)
        if not fits:
            print(f"{tp:>3}{batch:>6}   does not fit: weights + KV exceed {usable:.0%} of {tp} x 80 GB")
            continue
        print(f"{tp:>3}{batch:>6}{step * 1e3:>9.1f}{comm * 1e3:>12.1f} ms{step * 1e3 * tp / batch:>14.2f}")
# --8<-- [end:tp]

# --8<-- [start:quant]
FP8_PEAK = 2 * PEAK  # H100 FP8 tensor cores: 3,958 TF/s with sparsity, 1,979 dense
formats = {  # name: (bytes per weight, bytes per KV value, matmul peak)
    "bf16 weights, bf16 KV": (2.0, 2, PEAK),
    "fp8 weights+acts, bf16 KV": (1.0, 2, FP8_PEAK),
    "fp8 weights+acts, fp8 KV": (1.0, 1, FP8_PEAK),
    "int4 weight-only, bf16 KV": (0.5 + 2 / 128, 2, PEAK),  # one bf16 scale per group of 128 weights
}
tp = 4


def quant_step(fmt, batch, context):
    """Decode step on `tp` GPUs: weight and KV reads vs matmul FLOPs (roofline), plus the all-reduces."""
    w_bytes, kv_value_bytes, peak = formats[fmt]
    read = w_bytes * (N + lm_head) + batch * context * kv_bytes_per_token(bytes_per_value=kv_value_bytes)
    compute = batch * flops_per_token(context) / (tp * peak)
    comm = 2 * n_layers * (alpha + 2 * (tp - 1) / tp * batch * dim * BF16 / link)
    return max(read / (tp * BW), compute) + comm


context = 2_048
print(f"on {tp} x H100, {context:,}-token sequences; step time in ms at batch 1, 64 and 222")
print(f"{'format':<27}{'weights':>9}{'sequences':>11}{'ridge batch':>13}{'b=1':>7}{'b=64':>7}{'b=222':>7}")
for name, (w_bytes, kv_value_bytes, peak) in formats.items():
    weights = w_bytes * (N + lm_head)
    sequences = int(
        (usable * tp * H100["hbm"] - weights) // (context * kv_bytes_per_token(bytes_per_value=kv_value_bytes))
    )
    ridge_batch = peak / BW * w_bytes / 2  # compute-bound beyond this batch if there were no KV reads
    steps = "".join(f"{quant_step(name, b, context) * 1e3:>7.1f}" for b in (1, 64, 222))
    print(f"{name:<27}{weights / 1e9:>6.0f} GB{sequences:>11,}{ridge_batch:>13.0f}{steps}")
bf16, int4 = "bf16 weights, bf16 KV", "int4 weight-only, bf16 KV"
speedups = {b: quant_step(bf16, b, 128) / quant_step(int4, b, 128) for b in (1, 76, 150, 295, 400)}
print("int4 speedup over bf16, 128-token sequences:", ", ".join(f"batch {b} {x:.1f}x" for b, x in speedups.items()))
# --8<-- [end:quant]
