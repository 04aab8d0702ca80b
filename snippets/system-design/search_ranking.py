"""Search ranking: position bias in click logs, and two corrections (inverse propensity weighting, position feature).

Included, section by section, into docs/system-design/search-ranking.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:logs]
import numpy as np

rng = np.random.default_rng(0)
N_DOCS, SHOWN = 20, 10  # candidates per query, results shown on the page
w_true = np.array([1.2, 0.8, -0.6, 0.4, 0.0])  # feature 4 ("freshness") does not affect relevance
examine = 1 / np.arange(1, SHOWN + 1)  # P(user looks at position k): the position bias


def make_queries(n):
    """Features of 20 candidates per query, and each one's true probability of being relevant."""
    X = rng.normal(size=(n, N_DOCS, 5))
    unobserved = rng.normal(0, 1.0, (n, N_DOCS))  # quality the features don't capture
    return X, 1 / (1 + np.exp(-(X @ w_true + unobserved - 1.0)))


def production_ranker(X):
    """Today's ranker: half right, and it over-promotes fresh documents."""
    return 0.5 * X @ w_true + 1.5 * X[..., 4] + rng.normal(0, 0.5, X.shape[:2])


def log_sessions(X, relevance, shuffle):
    """Show the top 10 (optionally in random order); a click needs examination and relevance."""
    n, rows = len(X), np.arange(len(X))[:, None]
    shown = np.argsort(-production_ranker(X), axis=1)[:, :SHOWN]
    if shuffle:  # the randomized slice: the same 10 results, in a random order
        shown = np.take_along_axis(shown, rng.permuted(np.tile(np.arange(SHOWN), (n, 1)), axis=1), axis=1)
    clicked = (rng.random((n, SHOWN)) < examine) & (rng.random((n, SHOWN)) < relevance[rows, shown])
    return X[rows, shown].reshape(-1, 5), clicked.ravel().astype(float), np.tile(np.arange(SHOWN), n)


X_log, rel_log = make_queries(20_000)
features, clicks, position = log_sessions(X_log, rel_log, shuffle=False)
_, clicks_rand, position_rand = log_sessions(*make_queries(4_000), shuffle=True)
ctr_logged = np.bincount(position, clicks) / np.bincount(position)
ctr_rand = np.bincount(position_rand, clicks_rand) / np.bincount(position_rand)
propensity = ctr_rand / ctr_rand[0]  # randomization removes relevance from the CTR-by-position curve
print("position              " + " ".join(f"{k:>5}" for k in range(1, SHOWN + 1)))
print("CTR, production order " + " ".join(f"{c:>5.3f}" for c in ctr_logged))
print("CTR, shuffled top 10  " + " ".join(f"{c:>5.3f}" for c in ctr_rand))
print("estimated propensity  " + " ".join(f"{p:>5.2f}" for p in propensity))
print("true propensity       " + " ".join(f"{p:>5.2f}" for p in examine))
# --8<-- [end:logs]

# --8<-- [start:models]
from sklearn.metrics import ndcg_score


def least_squares(X, y):
    return np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0][:-1]


def logistic_irls(X, y, iterations=12):
    """Logistic regression by Newton's method (IRLS), with an intercept and a tiny ridge."""
    A = np.column_stack([X, np.ones(len(X))])
    w = np.zeros(A.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-A @ w))
        hessian = A.T @ (A * (p * (1 - p))[:, None]) + 1e-6 * np.eye(A.shape[1])
        w += np.linalg.solve(hessian, A.T @ (y - p))
    return w


X_test, rel_test = make_queries(2_000)
one_hot = np.eye(SHOWN)[position]
weights = {
    "naive: regress clicks": least_squares(features, clicks),
    "position as a feature": logistic_irls(np.column_stack([features, one_hot[:, 1:]]), clicks)[:5],
    "IPS, true propensity": least_squares(features, clicks / examine[position]),
    "IPS, estimated": least_squares(features, clicks / propensity[position]),
    "true weights (ceiling)": w_true,
}
print(f"{'ranker':<24} {'NDCG@10':>8} {'weight on freshness':>20}")
print(f"{'production':<24} {ndcg_score(rel_test, production_ranker(X_test), k=10):>8.3f} {'-':>20}")
for name, w in weights.items():
    share = w[4] / np.abs(w).sum()  # share of the model's total weight put on the irrelevant feature
    print(f"{name:<24} {ndcg_score(rel_test, X_test @ w, k=10):>8.3f} {share:>20.1%}")
# --8<-- [end:models]
