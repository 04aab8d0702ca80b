"""Team-draft interleaving against an A/B test on simulated clicks: how many queries each needs for 80% power."""

import numpy as np
from scipy.stats import norm

rng = np.random.default_rng(0)
N_DOCS, DEPTH = 20, 10
EXAMINE = 1 / np.arange(1, DEPTH + 1) ** 0.7  # P(user looks at position k): position bias


def make_queries(n, rng):
    attract = rng.beta(0.6, 2.0, (n, N_DOCS))  # P(click | examined) for each candidate document
    activity = rng.lognormal(0.0, 0.8, n)  # heavy clickers click more on everything
    score_a = attract + rng.normal(0, 0.30, attract.shape)  # ranker A: noisier estimate of relevance
    score_b = attract + rng.normal(0, 0.25, attract.shape)  # ranker B: slightly better
    top_a = np.argsort(-score_a, axis=1)[:, :DEPTH]
    top_b = np.argsort(-score_b, axis=1)[:, :DEPTH]
    return attract, activity, top_a, top_b


def click_probability(attract, activity, shown):
    rows = np.arange(len(attract))[:, None]
    return np.clip(EXAMINE * attract[rows, shown] * activity[:, None], 0, 1)


def team_draft(a, b, rng):
    """Radlinski et al. (2008): the team with fewer picks (a coin breaks ties) adds its best unused document."""
    merged, team, used = [], [], set()
    next_a = next_b = picks_a = picks_b = 0
    while len(merged) < DEPTH:
        a_turn = picks_a < picks_b or (picks_a == picks_b and rng.random() < 0.5)
        ranking, i = (a, next_a) if a_turn else (b, next_b)
        while ranking[i] in used:
            i += 1
        merged.append(ranking[i])
        used.add(ranking[i])
        team.append(0 if a_turn else 1)
        if a_turn:
            next_a, picks_a = i + 1, picks_a + 1
        else:
            next_b, picks_b = i + 1, picks_b + 1
    return merged, team


n = 20_000
attract, activity, top_a, top_b = make_queries(n, rng)

# A/B test: each query sees one ranker. The metric is clicks per query.
p_a = click_probability(attract, activity, top_a)
p_b = click_probability(attract, activity, top_b)
clicks_a = (rng.random(p_a.shape) < p_a).sum(axis=1)
clicks_b = (rng.random(p_b.shape) < p_b).sum(axis=1)
lift = p_b.sum(axis=1).mean() - p_a.sum(axis=1).mean()  # expected difference, without sampling noise

# Interleaving: each query sees one merged list; a click credits the team that contributed the document.
merged, team = np.empty_like(top_a), np.empty_like(top_a)
for q in range(n):
    merged[q], team[q] = team_draft(top_a[q], top_b[q], rng)
clicked = rng.random(merged.shape) < click_probability(attract, activity, merged)
credit_b, credit_a = (clicked & (team == 1)).sum(axis=1), (clicked & (team == 0)).sum(axis=1)
preference = np.sign(credit_b - credit_a)  # +1 B wins the query, -1 A wins, 0 tie

z = norm.ppf(0.975) + norm.ppf(0.80)  # two-sided alpha = 0.05, power = 0.80
ab_per_arm = z**2 * (clicks_a.var() + clicks_b.var()) / lift**2
interleaved = z**2 * preference.var() / preference.mean() ** 2
print(
    f"clicks per query: A {p_a.sum(axis=1).mean():.3f}, B {p_b.sum(axis=1).mean():.3f} "
    f"(+{lift / p_a.sum(axis=1).mean():.1%})"
)
print(
    f"interleaving: B wins {np.mean(preference == 1):.1%}, A wins {np.mean(preference == -1):.1%}, "
    f"ties {np.mean(preference == 0):.1%}"
)
print(f"queries for 80% power, A/B test:     {2 * ab_per_arm:>8,.0f} (two arms)")
print(f"queries for 80% power, interleaving: {interleaved:>8,.0f}")
print(f"ratio: {2 * ab_per_arm / interleaved:.0f}x")
