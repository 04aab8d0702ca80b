"""Code completion in an editor: load, per-keystroke latency, FIM prompt layout and caching, debounce, retention.

Included, section by section, into docs/system-design/code-completion.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
import math

# Traffic: assumptions to state and check with the interviewer.
developers, keystrokes_per_day, peak_to_average = 1_000_000, 4_000, 3.0  # the workday, not 24 hours, carries it
requests_per_keystroke = 0.5  # after debounce and cancellation; the toy at the end of the page explores this
prompt_tokens, new_prompt_share, completion_tokens = 2_048, 0.25, 24  # a prefix cache reuses 75% of each prompt
peak_rps = developers * keystrokes_per_day * requests_per_keystroke / 86_400 * peak_to_average
print(f"peak: {peak_rps:,.0f} completion requests/s")

# Model shapes from the Qwen2.5-Coder technical report, table 1: hidden size, layers, query heads, KV heads, FFN.
MODELS = {"0.5B": (896, 24, 14, 2, 4_864), "1.5B": (1_536, 28, 12, 2, 8_960), "7B": (3_584, 28, 28, 4, 18_944)}
VOCAB = 151_646


def shape(name):
    """Parameters read per token (non-embedding + output projection) and KV bytes per token, in bf16."""
    d, layers, heads, kv_heads, ffn = MODELS[name]
    head_dim = d // heads  # 64 for the 0.5B, 128 for the 1.5B and 7B
    per_layer = 2 * d * d + 2 * d * kv_heads * head_dim + 3 * d * ffn  # q, o, k, v, SwiGLU (q/k/v biases left out)
    params = layers * per_layer + VOCAB * d  # the output projection: a matmul even when tied to the embedding
    return params, 2 * layers * kv_heads * head_dim * 2


PEAK, HBM_BW = 989.5e12, 3.35e12  # H100 SXM datasheet: dense BF16 FLOP/s (half the sparse figure), bytes/s
mfu, bandwidth_efficiency, utilization = 0.4, 0.6, 0.7  # assumed
params, kv_token = shape("7B")
print(
    f"7B: {params / 1e9:.1f} B parameters read per token, KV {kv_token / 2**10:.0f} KiB per token, "
    f"{prompt_tokens * kv_token / 1e6:.0f} MB per {prompt_tokens:,}-token prompt"
)
prefill_gpus = {}
for label, share in (("no prefix cache", 1.0), ("prefix cache", new_prompt_share)):
    flops = peak_rps * prompt_tokens * share * 2 * params
    prefill_gpus[label] = math.ceil(flops / (PEAK * mfu * utilization))
    print(f"prefill, {label:<15}: {prefill_gpus[label]:>5,} H100s")
batch = 32  # sequences decoded together on one GPU
step = (2 * params + batch * prompt_tokens * kv_token) / (HBM_BW * bandwidth_efficiency)  # weights + KV, once
decode_gpus = math.ceil(peak_rps * completion_tokens / (batch / step * utilization))
print(f"decode at batch {batch}: {step * 1e3:.1f} ms per step, {decode_gpus:,} H100s")
fleet = prefill_gpus["prefix cache"] + decode_gpus
per_day = fleet * 24 * 2.50  # a placeholder $2.50 per GPU-hour, fleet sized for the peak all day
print(
    f"{fleet:,} H100s: ${per_day / (developers * keystrokes_per_day * requests_per_keystroke) * 1e3:.3f} "
    f"per 1,000 requests, ${per_day / developers * 30:.2f} per developer per month"
)
# --8<-- [end:scale]

# --8<-- [start:latency]
network_ms = 40  # round trip editor <-> nearest region, assumed
alpha, draft_len = 0.7, 4  # speculative decoding: chance each draft token is accepted, tokens drafted per step


def completion_ms(name, new_tokens=int(prompt_tokens * new_prompt_share), out=completion_tokens, draft=None):
    p, _ = shape(name)
    prefill = new_tokens * 2 * p / (PEAK * mfu) * 1e3
    step_ms = 2 * p / (HBM_BW * bandwidth_efficiency) * 1e3  # batch-1 decode: read all weights once per step
    if draft is None:
        return network_ms + prefill + out * step_ms
    d_step = 2 * shape(draft)[0] / (HBM_BW * bandwidth_efficiency) * 1e3
    per_round = (1 - alpha ** (draft_len + 1)) / (1 - alpha)  # expected tokens per draft-and-verify round
    return network_ms + prefill + out / per_round * (draft_len * d_step + step_ms)


print(f"{'model':<22}{'request to full suggestion, ms':>31}")
for label, args in (("7B", ("7B",)), ("1.5B", ("1.5B",)), ("7B + 0.5B draft", ("7B", "0.5B"))):
    print(f"{label:<22}{completion_ms(args[0], draft=args[1] if len(args) > 1 else None):>31.0f}")
# --8<-- [end:latency]

# --8<-- [start:fim]
# Sentinel strings as Qwen2.5-Coder spells them. Characters stand in for tokens (a real tokenizer merges them).
PRE, SUF, MID = "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"


def psm(prefix, suffix):
    return [PRE, *prefix, SUF, *suffix, MID]  # prefix, suffix, middle: the order most code models use


def spm(prefix, suffix):
    return [SUF, *suffix, PRE, *prefix, MID]  # suffix first: the prefix sits right before the middle


def shared(a, b):
    """Length of the common leading run: what a prefix KV cache can reuse from the previous request."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


above = "".join(f"    total_{i} = compute(values[{i}], weight={i})\n" for i in range(40))
below = "".join(f"    log(total_{i})\n" for i in range(20)) + "    return result\n"
typed = "    result = sum(total_"  # the developer types this line at the cursor, one key at a time
for name, layout in (("PSM", psm), ("SPM", spm)):
    previous, recomputed = layout(above, below), []
    for k in range(1, len(typed) + 1):
        prompt = layout(above + typed[:k], below)
        recomputed.append(len(prompt) - shared(previous, prompt))
        previous = prompt
    print(f"{name}: prompt {len(prompt):,} tokens, recomputed per keystroke: {sum(recomputed) / len(recomputed):.0f}")
# --8<-- [end:fim]

# --8<-- [start:debounce]
import numpy as np

rng = np.random.default_rng(0)
n = 20_000
pause = rng.random(n) < 0.08  # 8% of gaps are a pause to think or read (0.6-4 s); the rest are typing
gap_ms = np.where(pause, rng.integers(600, 4_001, n), np.round(rng.lognormal(np.log(140), 0.5, n)).astype(int))
service_ms = rng.integers(90, 221, n)  # request round trip: network, prefill, a short completion (assumed)

print(f"{'debounce':>8}{'sent':>6}{'in time':>9}{'GPU-s, no cancel':>18}{'cancel':>8}{'pause wait p50':>16}{'p90':>6}")
for debounce in (0, 50, 100, 150, 200, 300):
    sent = gap_ms > debounce  # a request fires `debounce` ms after a key only if no key follows sooner
    ready = debounce + service_ms  # ms after the key when the suggestion can be shown
    in_time = sent & (ready < gap_ms)  # arrives before the next key: not stale
    busy = service_ms * sent  # GPU time if stale requests run to the end
    busy_cancelled = np.minimum(service_ms, gap_ms - debounce) * sent  # cancelled at the next key
    at_pause = ready[sent & (gap_ms >= 600)]  # what a developer who stopped typing waits
    print(
        f"{debounce:>6} ms{sent.sum() * 1_000 // n:>6}{in_time.sum() * 1_000 // n:>9}"
        f"{busy.sum() // n:>18}{busy_cancelled.sum() // n:>8}"
        f"{int(np.median(at_pause)):>13} ms{int(np.percentile(at_pause, 90)):>6}"
    )
# --8<-- [end:debounce]

# --8<-- [start:retention]
from difflib import SequenceMatcher


def retained(accepted, later):
    """Characters of an accepted completion still present in the same region some time later."""
    matcher = SequenceMatcher(None, accepted, later, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


suggestion = "for row in rows:\n    total += row.price * row.qty\n"
later = {
    "kept": suggestion,
    "renamed a variable": "for item in rows:\n    total += item.price * item.qty\n",
    "kept line 1, rewrote line 2": "for row in rows:\n    total = add(total, row)\n",
    "undone": "",
}
kept = {case: retained(suggestion, text) for case, text in later.items()}
for case, chars in kept.items():
    print(f"{case:<28}{chars:>3} of {len(suggestion)} characters retained")
print(f"acceptance: 4 of 4 accepted; retained characters: {sum(kept.values()) / (4 * len(suggestion)):.0%}")
# --8<-- [end:retention]
