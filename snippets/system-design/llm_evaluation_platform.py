"""An LLM evaluation platform: the cost of a run, the examples a gate needs, a biased judge, and a paired gate.

Included, section by section, into docs/system-design/llm-evaluation-platform.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
from scipy.stats import norm

# Workload (assumed): product surfaces, candidate changes a week, golden-set size per surface.
surfaces, runs_per_week, golden = 12, 60, 1_250
# Tokens per call and placeholder prices in dollars per million tokens, not a vendor's list.
gen_in, gen_out, gen_price = 1_500, 300, (0.50, 1.50)  # the product model answering a golden prompt
judge_in, judge_out, judge_price = 2_200, 250, (3.00, 15.00)  # prompt + two answers + rubric, verdict


def dollars(tokens_in, tokens_out, price):
    return (tokens_in * price[0] + tokens_out * price[1]) / 1e6


per_run = golden * (dollars(gen_in, gen_out, gen_price) + 2 * dollars(judge_in, judge_out, judge_price))
human = 200 * 2 * 1.00  # 200 pairs a week, 2 raters each, a placeholder $1 per label
print(f"one run: {golden:,} generations + {2 * golden:,} judge calls (both orders) = ${per_run:,.2f}")
print(f"a week: {runs_per_week} runs = ${runs_per_week * per_run:,.2f}; human calibration ${human:,.0f}")

# How many examples to catch a 2-point drop (80% -> 78% pass rate), one-sided alpha 5%, power 80%?
z = norm.ppf(0.95) + norm.ppf(0.80)
delta, p_base = 0.02, 0.80
unpaired = z**2 * (p_base * (1 - p_base) + (p_base - delta) * (1 - p_base + delta)) / delta**2
fixed_to_broken, broken_to_fixed = 0.05, 0.03  # share of examples whose verdict flips, measured on past releases
var_paired = fixed_to_broken + broken_to_fixed - (fixed_to_broken - broken_to_fixed) ** 2
paired = z**2 * var_paired / delta**2
print(f"examples needed: unpaired {unpaired:,.0f} per system; paired on the same examples {paired:,.0f}")
for n in (200, 500):
    print(
        f"  with {n} examples the smallest drop the paired gate catches 80% of the time: "
        f"{z * (var_paired / n) ** 0.5:.1%}"
    )
# --8<-- [end:scale]

# --8<-- [start:budget]
budget_s = {  # time from "run the gate" to a verdict for one surface, p95 (assumed rates)
    "wait for an evaluation worker": 120,
    "1,250 candidate answers, 50 in flight, 4 s each": 1_250 / 50 * 4,
    "2,500 judge calls, 100 in flight, 5 s each": 2_500 / 100 * 5,
    "programmatic checks (schemas, unit tests)": 30,
    "paired statistics, slices, report": 10,
    "retries of rate-limited calls, headroom": 215,
}
for stage, seconds in budget_s.items():
    print(f"{stage:<50}{seconds:>6.0f} s")
print(f"{'time to verdict':<50}{sum(budget_s.values()):>6.0f} s (target 10 minutes)")
assert sum(budget_s.values()) == 600
# --8<-- [end:budget]

# --8<-- [start:judge]
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)
n = 2_000
gap = rng.normal(0.0, 2.0, n)  # candidate's true quality minus baseline's, logit scale: equal on average
log_len = rng.normal(np.log(1.3), 0.3, n)  # log(candidate length / baseline length): 30% longer, same quality
POSITION, LENGTH = 0.8, 1.5  # the judge's pull toward the first slot, and toward longer answers


def candidate_wins(first, length_bias):
    """One judge call; first=+1 shows the candidate first, -1 second. Returns True if the candidate wins."""
    logit = gap + POSITION * first + length_bias * log_len
    return rng.random(n) < 1 / (1 + np.exp(-logit))


for length_bias in (0.0, LENGTH):
    shown_first, shown_second = candidate_wins(+1, length_bias), candidate_wins(-1, length_bias)
    both = np.where(shown_first == shown_second, shown_first, 0.5)  # agree: that verdict; disagree: a tie
    label = "judge also prefers length" if length_bias else "judge with position bias"
    print(
        f"{label}: candidate shown first {shown_first.mean():.2f}, shown second {shown_second.mean():.2f}, "
        f"both orders {both.mean():.2f}"
    )

# Length control (on the second judge's verdicts): regress each call's verdict on position and length ratio, then
# read the predicted win rate at equal length, averaged over the two positions.
X = np.column_stack([np.r_[np.ones(n), -np.ones(n)], np.r_[log_len, log_len]])
y = np.r_[shown_first, shown_second]
fit = LogisticRegression(C=1e6).fit(X, y)
print(f"length-controlled win rate at equal length and position: {1 / (1 + np.exp(-fit.intercept_[0])):.2f}")
# --8<-- [end:judge]


# --8<-- [start:gate]
def simulate(n_examples, drop, trials=1_000, seed=1):
    """Per-example pass/fail for baseline and candidate on the same golden set; returns both gates' alarm rates."""
    sim = np.random.default_rng(seed)
    base = sim.random((trials, n_examples)) < p_base
    u = sim.random((trials, n_examples))
    flips = fixed_to_broken + broken_to_fixed  # 8% of examples change verdict between the two systems
    broken, fixed = (flips + drop) / 2, (flips - drop) / 2  # the net change is -drop
    cand = np.where(base, u >= broken / p_base, u < fixed / (1 - p_base))
    diff = cand.astype(float) - base
    paired_z = diff.mean(1) / (diff.std(1, ddof=1) / np.sqrt(n_examples))
    pa, pc = base.mean(1), cand.mean(1)
    unpaired_z = (pc - pa) / np.sqrt((pa * (1 - pa) + pc * (1 - pc)) / n_examples)
    crit = norm.ppf(0.05)  # block the release when z < -1.645
    return (paired_z < crit).mean(), (unpaired_z < crit).mean(), diff.mean()


print(f"{'examples':>8}{'true change':>13}{'paired gate blocks':>20}{'unpaired gate blocks':>22}")
for n_examples in (500, 1_230, 2_500):
    for drop in (0.0, 0.02):
        paired_rate, unpaired_rate, _ = simulate(n_examples, drop)
        change = "-2 points" if drop else "none"
        print(f"{n_examples:>8,}{change:>13}{paired_rate:>20.0%}{unpaired_rate:>22.0%}")
# --8<-- [end:gate]
