"""A translation service: tokens and GPUs, padding waste from batching, and BLEU vs chrF on synthetic sentences.

Included, section by section, into docs/system-design/translation-service.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
import math

# Traffic: assumptions to state and check with the interviewer.
users, requests_each, src_tokens, tgt_ratio, peak_to_average = 200e6, 10, 40, 1.1, 2.0
src_per_s = users * requests_each * src_tokens / 86_400 * peak_to_average
tgt_per_s = src_per_s * tgt_ratio
print(f"peak: {src_per_s / 1e6:.2f} M source tokens/s, {tgt_per_s / 1e6:.2f} M target tokens/s")

# Model: NLLB-200 distilled 600M (published config: 12 encoder + 12 decoder layers, d_model 1,024, FFN 4,096,
# vocabulary 256,206, shared embeddings). Biases and layer norms left out.
d, ffn, layers, vocab = 1024, 4096, 12, 256_206
encoder = layers * (4 * d * d + 2 * d * ffn)  # self-attention Q, K, V, O + two FFN matrices
decoder = layers * (8 * d * d + 2 * d * ffn)  # self- and cross-attention + FFN
embedding = vocab * d  # shared by source, target and the output projection
print(f"parameters: encoder {encoder / 1e6:.0f}M, decoder {decoder / 1e6:.0f}M, embedding {embedding / 1e6:.0f}M")

beam = 4
flops_src = 2 * encoder  # per source token, once
flops_tgt = 2 * (decoder + embedding) * beam  # per target token, for every beam
PEAK, mfu, utilization = 989.5e12, 0.3, 0.7  # H100 SXM dense BF16 (datasheet); assumed shares of peak
flops_per_s = src_per_s * flops_src + tgt_per_s * flops_tgt
share_tgt = tgt_per_s * flops_tgt / flops_per_s
gpus_exact = flops_per_s / (PEAK * mfu * utilization)
gpus = math.ceil(gpus_exact)
greedy = math.ceil(gpus_exact * (1 - share_tgt * 3 / 4))  # one beam instead of four: 3/4 of the beam FLOPs go
print(f"{flops_per_s / 1e15:.0f} PFLOP/s at peak, {share_tgt:.0%} of it in the beams' decoder and output layer")
print(f"{gpus} H100s; with greedy decoding instead of beam 4: {greedy}")
dollars_per_gpu_hour = 2.50  # a placeholder, not a price list
chars_per_token = 4  # assumed
daily_cost = gpus * 24 * dollars_per_gpu_hour
daily_chars = users * requests_each * src_tokens * chars_per_token
print(f"${daily_cost:,.0f}/day: ${daily_cost / daily_chars * 1e9:.2f} per billion source characters")
# --8<-- [end:scale]

# --8<-- [start:budget]
HBM_BW, bandwidth_efficiency = 3.35e12, 0.6  # H100 SXM (datasheet); assumed share reached
kv_per_token = layers * 2 * d * 2  # K and V, every layer, bf16: self-attention per target token, cross per source


def decode_step_ms(rows, tgt_so_far=22):
    """One decoder step for `rows` beams: read weights and KV (memory), or do the math (compute), whichever is
    slower."""
    memory = (2 * (decoder + embedding) + rows * kv_per_token * (tgt_so_far + src_tokens)) / (
        HBM_BW * bandwidth_efficiency
    )
    compute = rows * 2 * (decoder + embedding) / (PEAK * mfu)
    return 1e3 * max(memory, compute)


for rows in (4, 64, 256):
    print(f"decode step with {rows:>3} beams in the batch: {decode_step_ms(rows):.2f} ms")
steps = round(src_tokens * tgt_ratio)
budget_ms = {  # p95 for a 40-token sentence, interactive
    "network round trip": 80,
    "language ID, routing": 2,
    "queue and batch window": 50,
    "encoder": 10,
    f"decoder, {steps} steps": round(steps * decode_step_ms(256) * 1.3),  # 30% margin for stragglers
    "detokenize, quality estimate": 15,
}
budget_ms["headroom"] = 250 - sum(budget_ms.values())
for stage, ms in budget_ms.items():
    print(f"{stage:<29}{ms:>4} ms")
print(f"{'total':<29}{sum(budget_ms.values()):>4} ms")
assert budget_ms["headroom"] >= 0
# --8<-- [end:budget]

# --8<-- [start:batching]
import numpy as np

rng = np.random.default_rng(3)
lengths = np.clip(np.round(rng.lognormal(np.log(20), 0.7, 64 * 2_048)), 1, 256).astype(int)  # source tokens
batch = 64


def padding_share(batches):
    padded = sum(len(b) * b.max() for b in batches)  # every sequence padded to the longest in its batch
    return 1 - sum(b.sum() for b in batches) / padded


print(f"lengths: median {np.median(lengths):.0f}, p99 {np.percentile(lengths, 99):.0f}, max {lengths.max()} tokens")
arrivals = rng.permutation(lengths)  # requests in the order they arrive
per_replica = src_per_s / src_tokens / gpus  # requests per second reaching one GPU at peak
print(f"one replica receives {per_replica:,.0f} requests/s at peak")
print("sort window (requests)   time to fill   padding share of the compute")
for window in (batch, 128, 512, 4_096, 16_384):  # a window of one batch = no sorting at all
    batches = []
    for start in range(0, len(arrivals), window):
        waiting = np.sort(arrivals[start : start + window], kind="stable")
        batches += np.split(waiting, len(waiting) // batch)
    fill_s = window / per_replica
    print(f"{window:>22,}{fill_s:>12.2f} s    {padding_share(batches):.0%}")
equal = np.full(batch, 20)
print(f"control, all lengths equal: {1 - equal.sum() / (batch * equal.max()):.0%}")
# --8<-- [end:batching]

# --8<-- [start:metrics]
from collections import Counter


def ngrams(items, n):
    return Counter(tuple(items[i : i + n]) for i in range(len(items) - n + 1))


def bleu_stats(hyp, ref):
    """Clipped n-gram matches and totals for n = 1..4, and the two lengths, on whitespace tokens."""
    h, r = hyp.split(), ref.split()
    matches = [sum((ngrams(h, n) & ngrams(r, n)).values()) for n in range(1, 5)]  # & clips by the reference
    totals = [max(len(h) - n + 1, 0) for n in range(1, 5)]
    return np.array(matches), np.array(totals), len(h), len(r)


def bleu(matches, totals, hyp_len, ref_len, smooth=False):
    """BLEU = BP * exp(mean log p_n). smooth=True adds one to n >= 2 (for single sentences)."""
    add = np.array([0, 1, 1, 1]) if smooth else 0
    p = (matches + add) / np.maximum(totals + add, 1)
    if (p == 0).any():
        return 0.0
    bp = 1.0 if hyp_len > ref_len else math.exp(1 - ref_len / hyp_len)  # brevity penalty
    return 100 * bp * math.exp(np.log(p).mean())


def chrf(hyp, ref, order=6, beta=2):
    """chrF2: character n-grams 1..6 with spaces removed, precision and recall averaged over n, F-beta."""
    h, r = hyp.replace(" ", ""), ref.replace(" ", "")
    prec, rec = [], []
    for n in range(1, order + 1):
        common = sum((ngrams(h, n) & ngrams(r, n)).values())
        prec.append(common / max(len(h) - n + 1, 1))
        rec.append(common / max(len(r) - n + 1, 1))
    p, r_ = np.mean(prec), np.mean(rec)
    return 0.0 if p + r_ == 0 else 100 * (1 + beta**2) * p * r_ / (beta**2 * p + r_)


# --8<-- [end:metrics]

# --8<-- [start:toy]
# (reference, a correct paraphrase, a fluent translation with one critical error)
data = [
    ("the train to berlin leaves at nine tomorrow morning",
     "tomorrow morning the train to berlin departs at nine",
     "the train to berlin leaves at five tomorrow morning"),
    ("please do not share this document outside the team",
     "please keep this document within the team",
     "please share this document outside the team"),
    ("the hotel room was small but very clean",
     "our hotel room was tiny yet really clean",
     "the hotel room was big but very clean"),
    ("we could not find a parking space near the station",
     "we were unable to find parking close to the station",
     "we could find a parking space near the station"),
    ("the doctor said the results were normal",
     "according to the doctor the results are normal",
     "the doctor said the results were abnormal"),
    ("your order will arrive within three working days",
     "you will receive your order within three working days",
     "your order will arrive within thirty working days"),
]  # fmt: skip
print(f"{'':<6}{'paraphrase (correct)':>22}{'critical error':>18}")
print(f"{'':<6}{'BLEU':>11}{'chrF':>11}{'BLEU':>9}{'chrF':>9}")
for i, (ref, para, wrong) in enumerate(data, 1):
    s = [bleu(*bleu_stats(hyp, ref), smooth=True) for hyp in (para, wrong)]
    c = [chrf(hyp, ref) for hyp in (para, wrong)]
    print(f"pair {i}{s[0]:>11.0f}{c[0]:>11.0f}{s[1]:>9.0f}{c[1]:>9.0f}")

system = {}
for k, name in ((1, "paraphrase"), (2, "critical error")):
    stats = [bleu_stats(row[k], row[0]) for row in data]
    corpus = [sum(s[i] for s in stats) for i in range(4)]  # corpus BLEU sums the counts, then combines
    system[name] = (bleu(*corpus), np.mean([chrf(row[k], row[0]) for row in data]))
    print(f"system {name:<15} corpus BLEU {system[name][0]:5.1f}   mean chrF {system[name][1]:5.1f}")
ratio_bleu = system["paraphrase"][0] / system["critical error"][0]
ratio_chrf = system["paraphrase"][1] / system["critical error"][1]
print(f"paraphrase / critical error: BLEU {ratio_bleu:.2f}, chrF {ratio_chrf:.2f}")
# --8<-- [end:toy]

# --8<-- [start:toy-checks]
ref = data[0][0]
print(f"identical: BLEU {bleu(*bleu_stats(ref, ref)):.0f}, chrF {chrf(ref, ref):.0f}")
short = "the train to berlin leaves"  # every n-gram is in the reference: only the brevity penalty objects
print(f"truncated: BLEU {bleu(*bleu_stats(short, ref), smooth=True):.0f}, chrF {chrf(short, ref):.0f}")
m, t, _, _ = bleu_stats("the the the the the the the", "the cat is on the mat")
print(f"'the' x 7 against 'the cat is on the mat': clipped unigram precision {m[0]}/{t[0]}")
# --8<-- [end:toy-checks]
