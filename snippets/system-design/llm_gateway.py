"""An LLM gateway and model router: cost of routing and caching, a token bucket, retry load, and a routing simulation.

Included, section by section, into docs/system-design/llm-gateway.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
# Traffic (assumed): requests a day across all teams, peak over mean, tokens per request.
requests_per_day, peak_factor, tokens_in, tokens_out = 10e6, 3, 1_200, 250
# Placeholder prices in dollars per million tokens (input, output), not a vendor's list.
LARGE, SMALL = (3.00, 15.00), (0.15, 0.60)


def per_request(price):
    return (tokens_in * price[0] + tokens_out * price[1]) / 1e6


print(f"peak: {requests_per_day / 86_400 * peak_factor:,.0f} requests/s")
print(
    f"per request: large ${per_request(LARGE):.5f}, small ${per_request(SMALL):.5f} "
    f"({per_request(LARGE) / per_request(SMALL):.0f}x)"
)
scenarios = {  # share of requests sent to the large model, share answered from a cache
    "everything to the large model": (1.0, 0.0),
    "route 60% to the small model": (0.4, 0.0),
    "route, plus 5% exact-cache hits": (0.4, 0.05),
    "route, plus 15% cache hits (exact + semantic)": (0.4, 0.15),
}
for name, (large_share, cached) in scenarios.items():
    model_cost = large_share * per_request(LARGE) + (1 - large_share) * per_request(SMALL)
    per_day = requests_per_day * (1 - cached) * model_cost
    print(f"{name:<47} ${per_day:>8,.0f} a day, ${per_day * 30:>11,.0f} a month")
# --8<-- [end:scale]

# --8<-- [start:bucket]


class TokenBucket:
    """Per-tenant limit in LLM tokens: holds at most `capacity`, refills `rate` tokens per millisecond."""

    def __init__(self, capacity, rate):
        self.capacity, self.rate, self.level, self.last = capacity, rate, capacity, 0

    def allow(self, now, cost):
        self.level = min(self.capacity, self.level + (now - self.last) * self.rate)
        self.last = now
        if self.level >= cost:
            self.level -= cost
            return True
        return False  # the gateway answers 429 with a Retry-After header


bucket = TokenBucket(capacity=40_000, rate=10)  # a 40k-token burst; 10 tokens/ms = 600k tokens a minute sustained
burst = [bucket.allow(0, 2_000) for _ in range(50)]  # 50 requests of 2,000 tokens at t = 0 ms
steady = [bucket.allow(ms, 2_000) for ms in range(100, 3_001, 100)]  # then one every 100 ms for 3 seconds
print(f"burst: {sum(burst)} of 50 admitted; then {sum(steady)} of 30 over 3 s (the refill allows 5 a second)")
# --8<-- [end:bucket]

# --8<-- [start:retries]
print(f"{'provider failure rate':<22}{'no retry':>9}{'3 retries':>10}{'3 retries, 10% budget':>23}")
for p in (0.01, 0.3, 1.0):
    amplified = sum(p**k for k in range(4))  # 1 + p + p^2 + p^3 calls per request
    print(f"{p:<22.0%}{1:>9.2f}{amplified:>10.2f}{min(amplified, 1.10):>23.2f}")
# --8<-- [end:retries]

# --8<-- [start:budget]
budget_ms = {  # what the gateway adds to a request, p99, before the provider's own latency
    "authenticate, parse, tenant lookup": 3,
    "rate-limit check (shared counter)": 3,
    "exact-cache lookup": 2,
    "embed the prompt (small encoder)": 10,
    "semantic-cache nearest-neighbour search": 5,
    "router classifier": 5,
    "pick a provider, open the stream": 2,
}
for stage, ms in budget_ms.items():
    print(f"{stage:<42}{ms:>4} ms")
print(f"{'added by the gateway':<42}{sum(budget_ms.values()):>4} ms (target 30; logging is off the request path)")
assert sum(budget_ms.values()) == 30
# --8<-- [end:budget]

# --8<-- [start:toy-model]
import numpy as np

rng = np.random.default_rng(0)
n = 50_000
difficulty = rng.random(n)  # a latent property of each prompt, unknown to the gateway


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# Probability that each model's answer is acceptable: the large model handles harder prompts; the hardest defeat both.
p_small, p_large = sigmoid(8 * (0.45 - difficulty)), sigmoid(8 * (0.80 - difficulty))
COST_SMALL, COST_LARGE = 1.0, 10.0  # relative cost per request
gain = p_large - p_small  # what a router should predict: will the large model do better than the small one?
random_score = rng.random(n)
gain_noise, difficulty_noise = rng.normal(0, 0.10, n), rng.normal(0, 0.15, n)  # each about half its score's spread
scores = {  # what each router sees; it sends the prompts with the highest scores to the large model
    "random": random_score,
    "noisy difficulty": difficulty + difficulty_noise,  # a cheap classifier's estimate of how hard the prompt is
    "exact difficulty": difficulty,
    "noisy gain": gain + gain_noise,  # a router trained on pairwise preferences: the right target, as noisy
    "exact gain": gain,
}


def route(score, large_share):
    """Threshold at the score's quantile, so that `large_share` of the prompts go to the large model."""
    to_large = score >= np.quantile(score, 1 - large_share)
    quality = np.where(to_large, p_large, p_small).mean()
    cost = (to_large * COST_LARGE + ~to_large * COST_SMALL).mean() / COST_LARGE
    return quality, cost


# --8<-- [end:toy-model]

# --8<-- [start:toy-run]
print(f"all small: quality {p_small.mean():.3f}; all large: quality {p_large.mean():.3f}")
print(f"{'to large':>8}{'cost':>6}" + "".join(f"{name:>17}" for name in scores))
for share in (0.1, 0.2, 0.3, 0.4, 0.6, 0.8):
    cells = [route(score, share) for score in scores.values()]
    print(f"{share:>8.0%}{cells[0][1]:>6.2f}" + "".join(f"{q:>17.3f}" for q, _ in cells))

target = 0.95 * p_large.mean()  # the quality to reach: 95% of the large model's
print(f"share sent to the large model to reach 95% of its quality ({target:.3f}):")
for name, score in scores.items():
    shares = np.linspace(0, 1, 101)
    reach = next(s for s in shares if route(score, s)[0] >= target)
    print(f"  {name:<17}{reach:>5.0%}, cost {route(score, reach)[1]:.2f} of all-large")
# --8<-- [end:toy-run]
