"""A chat assistant at scale: tokens, GPUs, KV memory, cost, and a simulation of static vs continuous batching.

Included, section by section, into docs/system-design/chat-assistant.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
import math

# Traffic: assumptions to state and check with the interviewer.
dau, turns_per_user, peak_to_average = 50e6, 6, 2.0
system_prompt, history, user_message, answer = 500, 1_500, 60, 350  # tokens per turn, on average
peak_turns = dau * turns_per_user / 86_400 * peak_to_average
print(f"peak: {peak_turns:,.0f} turns/s, {peak_turns * answer / 1e6:.2f} M output tokens/s")

# Model: Llama 3.1 70B in bf16 (shape from Meta's published model arguments; see serving-numbers.md).
FLOPS_PER_TOKEN = 2 * (68.45e9 + 1.05e9)  # 2 x (non-embedding params + LM head)
WEIGHT_BYTES = 2 * (68.45e9 + 1.05e9)  # the same count in bytes: 2 bytes per bf16 weight
KV_PER_TOKEN = 2 * 80 * 8 * 128 * 2  # K and V x layers x KV heads x head dim x bytes = 320 KiB


def attention_flops(context):
    return 4 * 80 * context * 64 * 128  # per new token, over `context` earlier tokens


# Hardware: H100 SXM datasheet (dense BF16 = half the "with sparsity" 1,979 TFLOP/s), and what we assume we reach.
PEAK, HBM_BW, HBM = 989.5e12, 3.35e12, 80e9
mfu, bandwidth_efficiency, utilization = 0.4, 0.6, 0.7  # assumed: measured shares of peak; planned load share

# Prefill: every turn re-reads the conversation unless its KV cache is kept from the last turn.
scenarios = {
    "no prefix cache": system_prompt + history + user_message,
    "system prompt cached": history + user_message,
    "whole conversation cached": user_message,
}
prefill_gpus = {}
print(f"{'prefill':<27}{'tokens/turn':>12}{'H100s':>8}")
for name, new_tokens in scenarios.items():
    flops = peak_turns * new_tokens * (FLOPS_PER_TOKEN + attention_flops(system_prompt + history))
    prefill_gpus[name] = math.ceil(flops / (PEAK * mfu * utilization))
    print(f"{name:<27}{new_tokens:>12,}{prefill_gpus[name]:>8,}")
# --8<-- [end:scale]

# --8<-- [start:capacity]
gpus_per_node, tpot_slo = 8, 0.040  # tensor parallel 8; 40 ms per output token at p95 (25 tokens/s)
context = system_prompt + history + user_message + answer // 2  # average context while decoding
kv_room = 0.9 * gpus_per_node * HBM - WEIGHT_BYTES


def decode_step(batch):
    memory = (WEIGHT_BYTES + batch * context * KV_PER_TOKEN) / (gpus_per_node * HBM_BW * bandwidth_efficiency)
    compute = batch * (FLOPS_PER_TOKEN + attention_flops(context)) / (gpus_per_node * PEAK * mfu)
    all_reduce = 2 * 80 * (10e-6 + 2 * 7 / 8 * batch * 8192 * 2 / 450e9)  # 2 per layer over NVLink
    return max(memory, compute) + all_reduce


fits = int(kv_room // (context * KV_PER_TOKEN))
batch = max(b for b in range(1, fits + 1) if decode_step(b) <= tpot_slo)
node_tokens = batch / decode_step(batch)
print(
    f"KV per sequence {context * KV_PER_TOKEN / 1e9:.2f} GB: {fits} sequences fit on a node; "
    f"the {tpot_slo * 1e3:.0f} ms TPOT allows {batch}"
)
print(f"one node: {node_tokens:,.0f} output tokens/s at batch {batch}, step {decode_step(batch) * 1e3:.0f} ms")
print(f"step at batch 1: {decode_step(1) * 1e3:.1f} ms; at batch 100: {decode_step(100) * 1e3:.1f} ms")
for name in ("no prefix cache", "whole conversation cached"):
    ttft = scenarios[name] * FLOPS_PER_TOKEN / (gpus_per_node * PEAK * mfu)
    print(f"prefill of one turn, {name}: {ttft * 1e3:.0f} ms, plus queueing")

decode_gpus = gpus_per_node * math.ceil(peak_turns * answer / (node_tokens * utilization))
dollars_per_gpu_hour = 2.50  # a placeholder, not a price list
for name in ("system prompt cached", "whole conversation cached"):
    fleet = decode_gpus + prefill_gpus[name]
    per_day = fleet * 24 * dollars_per_gpu_hour
    turns_per_day = dau * turns_per_user
    print(
        f"{name}: {fleet:,} H100s, ${per_day / turns_per_day * 1e3:.2f} per 1,000 turns, "
        f"${per_day / (turns_per_day * answer / 1e6):.2f} per 1M output tokens"
    )
# --8<-- [end:capacity]

# --8<-- [start:kv]
turn_tokens = system_prompt + history + user_message + answer
think_time = 60  # seconds between a user's turns, assumed
waiting = peak_turns * think_time  # Little's law: conversations waiting for their next turn
print(f"one conversation: {turn_tokens:,} tokens = {turn_tokens * KV_PER_TOKEN / 1e9:.2f} GB of KV")
print(f"{waiting:,.0f} conversations between turns hold {waiting * turn_tokens * KV_PER_TOKEN / 1e12:.0f} TB of KV")
print(f"HBM of the whole decode fleet: {decode_gpus * HBM / 1e12:.0f} TB")
pcie_each_way = 128e9 / 2  # H100 datasheet: PCIe Gen5 128 GB/s, counting both directions
copy_back = turn_tokens * KV_PER_TOKEN / pcie_each_way
recompute = turn_tokens * (FLOPS_PER_TOKEN + attention_flops(turn_tokens // 2)) / (gpus_per_node * PEAK * mfu)
print(f"copy one conversation's KV back over PCIe: {copy_back * 1e3:.0f} ms; re-prefill it: {recompute * 1e3:.0f} ms")
# --8<-- [end:kv]

# --8<-- [start:toy-model]
import numpy as np

# Cost of one model step, in microseconds: a fixed part (reading the weights), a part per sequence in the batch
# (reading its KV cache), and prefill of any newly admitted prompts. Stated assumptions, not measurements.
BASE_US, PER_SEQUENCE_US, PER_PROMPT_TOKEN_US = 12_000, 300, 40
MAX_BATCH, MAX_WAIT_US = 32, 100_000


def workload(rate_per_s, n=2_000, seed=0, equal_lengths=False):
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(np.round(rng.exponential(1e6 / rate_per_s, n))).astype(np.int64)
    prompts = rng.integers(100, 1_001, n)
    long = rng.random(n) < 0.3  # 30% long answers (200-1,000 tokens), 70% short (20-200)
    outputs = np.where(long, rng.integers(200, 1_001, n), rng.integers(20, 201, n))
    if equal_lengths:
        outputs = np.full(n, 257)  # the same mean, no spread
    return arrivals.tolist(), prompts.tolist(), outputs.tolist()


def step_us(batch, prefill_tokens=0):
    return BASE_US + PER_SEQUENCE_US * batch + PER_PROMPT_TOKEN_US * prefill_tokens


def static_batching(arrivals, prompts, outputs):
    """Wait for a full batch (or the oldest request's deadline), run it until its longest answer ends."""
    n, first, done, clock, i = len(arrivals), [0] * len(arrivals), [0] * len(arrivals), 0, 0
    while i < n:
        deadline = max(clock, arrivals[i] + MAX_WAIT_US)
        j = i
        while j < n and j - i < MAX_BATCH and arrivals[j] <= deadline:
            j += 1
        clock = max(clock, arrivals[j - 1]) if j - i == MAX_BATCH else deadline
        clock += step_us(0, sum(prompts[i:j]))  # prefill the batch
        step = step_us(j - i)  # finished answers stay in the batch as padding until the longest ends
        for k in range(i, j):
            first[k], done[k] = clock + step, clock + outputs[k] * step
        clock += max(outputs[i:j]) * step
        i = j
    return first, done


def continuous_batching(arrivals, prompts, outputs):
    """Every step: admit waiting requests into free slots, advance all, release the finished at once."""
    n, first, done, clock, waiting, running = len(arrivals), [0] * len(arrivals), [0] * len(arrivals), 0, 0, {}
    while waiting < n or running:
        if not running and arrivals[waiting] > clock:
            clock = arrivals[waiting]  # idle until the next request
        new = []
        while waiting < n and arrivals[waiting] <= clock and len(running) + len(new) < MAX_BATCH:
            new.append(waiting)
            waiting += 1
        running.update({k: outputs[k] for k in new})
        clock += step_us(len(running), sum(prompts[k] for k in new))
        for k in new:
            first[k] = clock
        for k in list(running):
            running[k] -= 1
            if running[k] == 0:
                done[k] = clock
                del running[k]
    return first, done


def percentile(values, q):
    ordered = sorted(values)
    return ordered[max(0, -(-q * len(ordered) // 100) - 1)]  # nearest rank: an element, no interpolation


POLICIES = {"static": static_batching, "continuous": continuous_batching}
# --8<-- [end:toy-model]

# --8<-- [start:toy-run]
print(f"{'answers':<8}{'req/s':>5}  {'policy':<11}{'tokens/s':>9}{'TTFT p50, p99 (ms)':>21}{'done p50, p99 (s)':>19}")
for equal in (False, True):
    for rate in (1.0, 2.0, 4.0):
        arrivals, prompts, outputs = workload(rate, equal_lengths=equal)
        for name, policy in POLICIES.items():
            first, done = policy(arrivals, prompts, outputs)
            ttft = [f - a for f, a in zip(first, arrivals, strict=True)]
            latency = [d - a for d, a in zip(done, arrivals, strict=True)]
            tokens_per_s = sum(outputs) / ((max(done) - arrivals[0]) / 1e6)
            ms = [(percentile(ttft, q) + 500) // 1_000 for q in (50, 99)]  # rounded to whole ms
            s = [(percentile(latency, q) + 500_000) // 1_000_000 for q in (50, 99)]  # and whole seconds
            print(
                f"{'equal' if equal else 'varied':<8}{rate:>5.0f}  {name:<11}{tokens_per_s:>9,.0f}"
                f"{ms[0]:>12,}{ms[1]:>9,}{s[0]:>11,}{s[1]:>8,}"
            )
# --8<-- [end:toy-run]
