"""A small back-of-envelope calculator for ML system design.

Included in docs/system-design/back-of-envelope-numbers.md.
"""

# --8<-- [start:calculator]
import math

SECONDS_PER_DAY = 86_400


def human(x, unit=""):
    """1234567 -> '1.23 M': three significant figures and an SI prefix."""
    for factor, prefix in ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= factor:
            return f"{x / factor:.3g} {prefix}{unit}"
    return f"{x:.3g} {unit}".rstrip()


def traffic(dau, requests_per_user_per_day, peak_to_average=3.0):
    average = dau * requests_per_user_per_day / SECONDS_PER_DAY
    return average, average * peak_to_average


def storage_bytes(rows_per_day, bytes_per_row, days, replication=3):
    return rows_per_day * bytes_per_row * days * replication


def bandwidth_bits_per_second(qps, bytes_per_request):
    return qps * bytes_per_request * 8


def embedding_table_bytes(rows, dim, bytes_per_value=4):
    return rows * dim * bytes_per_value


def servers(peak_qps, qps_per_server, utilization=0.6):
    """Plan for servers running at 60% at peak: headroom for failures, deploys and spikes."""
    return math.ceil(peak_qps / (qps_per_server * utilization))


# --8<-- [end:calculator]

# --8<-- [start:example]
# A short-video app. Every number below is an assumption to say out loud and check with the interviewer.
dau = 100e6
avg_qps, peak_qps = traffic(dau, requests_per_user_per_day=20)  # 20 feed refreshes a day
candidates = 1_000  # items scored per request by the ranker
log_bytes = 5_000  # impression log per request: features and items shown
rows = [
    ("feed requests, average", human(avg_qps, "QPS")),
    ("feed requests, peak (3x)", human(peak_qps, "QPS")),
    ("ranker scores, peak", human(peak_qps * candidates, " scores/s")),
    ("ranker servers (2,000 req/s each)", f"{servers(peak_qps, 2_000):,}"),
    ("impression logs, 1 year, 3 copies", human(storage_bytes(dau * 20, log_bytes, 365), "B")),
    ("response bandwidth (50 KB/response)", human(bandwidth_bits_per_second(peak_qps, 50_000), "bit/s")),
    ("user embeddings, 500M x 128 fp32", human(embedding_table_bytes(500e6, 128), "B")),
    ("video embeddings, 1B x 128 fp16", human(embedding_table_bytes(1e9, 128, 2), "B")),
    ("video embeddings, 1B x 128 int8", human(embedding_table_bytes(1e9, 128, 1), "B")),
]
for name, value in rows:
    print(f"{name:<38}{value:>16}")
# --8<-- [end:example]

# --8<-- [start:llm]
# Serving a decoder-only language model. Hardware numbers: NVIDIA A100 80 GB datasheet (dense BF16 312 TFLOP/s,
# 2.0 TB/s HBM). Utilization and price are assumptions.
params = 7e9  # N
prompt_tokens, output_tokens = 1_000, 200
peak_flops, utilization = 312e12, 0.4
memory_bandwidth = 2.0e12  # bytes/s
weight_bytes = params * 2  # bf16
gpu_dollars_per_hour = 2.0

prefill_seconds = 2 * params * prompt_tokens / (peak_flops * utilization)  # compute-bound: 2N FLOPs per token
print(f"prefill, {prompt_tokens:,} tokens:      {prefill_seconds * 1e3:6.0f} ms  (2N x tokens / usable FLOP/s)")
print(f"{'batch':>5} {'ms/token':>9} {'tokens/s/GPU':>13} {'$ per 1M requests':>18}")
for batch in (1, 8, 64):
    # Each decode step reads all weights once for the whole batch, and does 2N FLOPs per sequence.
    step = max(weight_bytes / memory_bandwidth, 2 * params * batch / (peak_flops * utilization))
    tokens_per_second = batch / step
    gpu_seconds_per_request = prefill_seconds + output_tokens / tokens_per_second
    cost = gpu_seconds_per_request * 1e6 * gpu_dollars_per_hour / 3_600
    print(f"{batch:>5} {step * 1e3:>9.1f} {tokens_per_second:>13,.0f} {cost:>18,.0f}")
# --8<-- [end:llm]
