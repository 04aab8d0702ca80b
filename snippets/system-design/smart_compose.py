"""Smart Compose: request volume, per-session state, a latency budget, and when to show a suggestion.

Included, section by section, into docs/system-design/smart-compose.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
import math

# Traffic: assumptions to state and check with the interviewer.
composers, emails_each, chars_typed = 300e6, 4, 300  # daily composers, emails per composer, characters per email
requests_per_char, peak_to_average = 0.5, 2.0  # after debounce and client-side reuse of a suggestion on screen
requests_per_day = composers * emails_each * chars_typed * requests_per_char
peak_rps = requests_per_day / 86_400 * peak_to_average
print(f"{requests_per_day / 1e9:,.0f} B requests/day, peak {peak_rps / 1e6:.1f} M requests/s")

# Model: an assumed 100M-parameter decoder. A request feeds the few new tokens typed since the last request
# (the session keeps the state of everything before), then runs beam search: 4 beams, up to 8 tokens.
params, new_tokens, beams, max_len = 100e6, 1, 4, 8
flops = 2 * params * (new_tokens + beams * max_len)  # 2 FLOPs per parameter per token
PEAK, HBM_BW = 989.5e12, 3.35e12  # H100 SXM dense BF16 FLOP/s, bytes/s (datasheet; see serving-numbers.md)
mfu, bandwidth_efficiency = 0.3, 0.6  # assumed shares of peak that batched kernels reach
print(f"{flops / 1e9:.1f} GFLOP per request: {math.ceil(peak_rps * flops / (PEAK * mfu))} H100s of compute at peak")
step_ms = 2 * params / (HBM_BW * bandwidth_efficiency) * 1e3  # bf16 weights read once per decode step
print(f"one decode step reads {2 * params / 1e6:.0f} MB of weights: {step_ms:.2f} ms; 8 sequential steps")

# State kept per open compose window, so that a keystroke costs one token, not the whole context.
emails_per_s = composers * emails_each / 86_400 * peak_to_average
open_sessions = emails_per_s * 90  # Little's law: 90 s to write an email, assumed
lstm_state = 2 * 2 * 1024 * 4  # 2 layers x (h, c) x 1,024 units x fp32
context_tokens = 300  # subject + the email being replied to
transformer_kv = context_tokens * 12 * 2 * 768 * 2  # tokens x layers x (K, V) x d_model x bf16
for name, size in (("recurrent state", lstm_state), ("transformer KV cache", transformer_kv)):
    print(f"{name:<21}{size / 1e3:>7,.0f} KB per session, {open_sessions * size / 1e9:>7,.0f} GB for all open ones")
# --8<-- [end:scale]

# --8<-- [start:budget]
budget_ms = {  # p90 budget for one suggestion, from the keystroke's request leaving the client
    "network round trip": 25,
    "queue and batching": 5,
    "encode new tokens": 2,
    "beam search, 8 steps": 12,
    "blend personal n-gram": 3,
    "filters and formatting": 2,
    "headroom": 11,
}
for stage, ms in budget_ms.items():
    print(f"{stage:<24}{ms:>4} ms")
print(f"{'total':<24}{sum(budget_ms.values()):>4} ms (target: 60 ms at p90)")
assert sum(budget_ms.values()) <= 60
# --8<-- [end:budget]

# --8<-- [start:toy-data]
import numpy as np

rng = np.random.default_rng(7)
n = 40_000  # suggestion opportunities: a logged half to fit the calibration map, a fresh half to evaluate
words = rng.integers(1, 7, 2 * n)  # suggestion length, 1-6 words
chars = 5 * words + rng.integers(0, 4, 2 * n)  # characters a Tab would insert
m = np.clip(rng.normal(-0.9, 0.45, 2 * n), -2.45, -0.01)  # the LM's mean log-probability per word
# Ground truth the model never sees: acceptance rises with the per-word score and falls with length.
p_true = 1 / (1 + np.exp(-(3.0 * (m + 0.55) - 0.45 * (words - 1))))
accepted = rng.random(2 * n) < p_true
log, ev = slice(0, n), slice(n, 2 * n)

# Calibration by histogram binning on logged outcomes: per (length, score bin), the observed acceptance rate.
edges = np.arange(-2.5, 0.01, 0.1)
cell = (words - 1) * len(edges) + np.digitize(m, edges)
shown_in_cell = np.bincount(cell[log], minlength=6 * len(edges))
taken_in_cell = np.bincount(cell[log], weights=accepted[log], minlength=6 * len(edges))
p_hat = ((taken_in_cell + 1) / (shown_in_cell + 2))[cell]  # +1/+2: a weak prior for thin cells
raw = np.exp(m)  # the geometric-mean word probability: looks like a probability, is not P(accept)


def report(show):
    """Shown rate, acceptance among shown, characters saved per 100 opportunities (a Tab costs one)."""
    saved = ((chars - 1) * (accepted & show))[ev].sum()
    return show[ev].mean(), accepted[ev][show[ev]].mean(), 100 * saved / n


# --8<-- [end:toy-data]

# --8<-- [start:toy-sweep]
print("threshold  shown  predicted  observed  chars saved/100")
for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
    show = p_hat >= t
    shown, acceptance, saved = report(show)
    print(f"{t:>9.1f}  {shown:>5.0%}  {p_hat[ev][show[ev]].mean():>9.0%}  {acceptance:>8.0%}  {saved:>15.0f}")
# --8<-- [end:toy-sweep]

# --8<-- [start:toy-wrong]
print("show when score >= 0.5     shown  accepted")
for name, score in (("calibrated P(accept)", p_hat), ("raw exp(mean log-prob)", raw)):
    shown, acceptance, _ = report(score >= 0.5)
    print(f"{name:<25}{shown:>7.0%}  {acceptance:>8.0%}")

print("same budget, top 20% shown        accepted  chars saved/100")
scores = {
    "true p (oracle)": p_true,
    "calibrated P(accept)": p_hat,
    "calibrated x chars": p_hat * (chars - 1),  # expected characters saved
    "raw mean log-prob": m,  # length-normalized
    "raw sum of log-probs": m * words,  # not length-normalized
}
for name, score in scores.items():
    order = np.argsort(-score[ev], kind="stable")  # ties broken by position: same on every CPU
    show = np.zeros(2 * n, dtype=bool)
    show[n + order[: n // 5]] = True
    shown, acceptance, saved = report(show)
    print(f"{name:<33}{acceptance:>8.0%}  {saved:>15.0f}")
# --8<-- [end:toy-wrong]
