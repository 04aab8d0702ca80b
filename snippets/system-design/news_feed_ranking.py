"""News feed ranking: the two-stage funnel, and what each label teaches the ranker, on synthetic data.

Included, section by section, into docs/system-design/news-feed-ranking.md. Runs top to bottom as well.
"""

# --8<-- [start:funnel]
import numpy as np

rng = np.random.default_rng(0)
n_users, n_posts, dims = 200, 20_000, 32
spectrum = 1 / np.arange(1, dims + 1) ** 0.8  # a few taste directions matter most
user_vec = rng.normal(0, 1, (n_users, dims)) * spectrum
post_vec = rng.normal(0, 1, (n_posts, dims)) * spectrum
topic = rng.integers(0, 20, n_posts)
topic_pref = rng.normal(0, 0.5, (n_users, 20))  # a user x topic cross the retrieval model can't express
quality = rng.normal(0, 0.3, n_posts)

# The heavy ranker sees everything; the retrieval model is a two-tower dot product on 8 of the 32 dimensions.
heavy = user_vec @ post_vec.T + topic_pref[:, topic] + quality
light = user_vec[:, :8] @ post_vec[:, :8].T
ideal = np.argpartition(-heavy, 10, axis=1)[:, :10]  # the feed we would show if the heavy ranker scored every post


def recall_of_ideal(shown):
    """Share of the ideal top 10 that the shown top 10 contains."""
    return np.mean([len(set(a) & set(b)) / 10 for a, b in zip(shown, ideal, strict=True)])


by_light = np.argsort(-light, axis=1)
print(f"{'candidates ranked':>17} {'share of inventory':>19} {'recall of ideal top 10':>23}")
for k in (0, 50, 200, 1_000, 5_000, n_posts):
    if k == 0:  # no ranker: show the retrieval model's own top 10
        shown = by_light[:, :10]
    else:
        candidates = by_light[:, :k]
        reranked = np.argsort(-np.take_along_axis(heavy, candidates, axis=1), axis=1)[:, :10]
        shown = np.take_along_axis(candidates, reranked, axis=1)
    label = "0 (light only)" if k == 0 else f"{k:,}"
    print(f"{label:>17} {k / n_posts:>19.1%} {recall_of_ideal(shown):>23.3f}")
# --8<-- [end:funnel]


# --8<-- [start:labels]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def impressions(n, rng):
    """Posts shown to users. Clicks reward bait; likes and hides are rarer, explicit, and disagree with it."""
    match, bait, quality = rng.normal(0, 1, (3, n))  # user-post affinity, clickbait, real quality
    observed = np.column_stack([match, bait + rng.normal(0, 0.5, n), quality + rng.normal(0, 0.5, n)])
    p = {
        "click": sigmoid(-2.0 + 1.0 * match + 1.2 * bait + 0.2 * quality),
        "like": sigmoid(-4.0 + 1.0 * match + 1.0 * quality - 0.3 * bait),
        "hide": sigmoid(-5.0 - 0.5 * match + 1.2 * bait - 0.5 * quality),
    }
    worth_your_time = match + quality - 0.8 * bait  # what a survey would say; the true objective
    return observed, p, worth_your_time


def fit_logistic(X, y, l2=1e-3, steps=20):
    """Logistic regression by Newton's method (a few lines, no library)."""
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    for _ in range(steps):
        p = sigmoid(A @ w)
        hessian = (A * (p * (1 - p))[:, None]).T @ A / len(y) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, A.T @ (p - y) / len(y) + l2 * w)
    return w


rng = np.random.default_rng(1)
X, p_true, _ = impressions(200_000, rng)  # logged impressions with their outcomes
labels = {event: rng.random(len(X)) < p for event, p in p_true.items()}
print("label rates: " + ", ".join(f"{event} {y.mean():.1%}" for event, y in labels.items()))
weights = {event: fit_logistic(X, y.astype(float)) for event, y in labels.items()}

n_requests, n_candidates = 1_000, 200  # rank 200 candidates per feed request, show the top 10
X_test, p_test, worth = impressions(n_requests * n_candidates, rng)
A_test = np.column_stack([np.ones(len(X_test)), X_test])
pred = {event: sigmoid(A_test @ w).reshape(n_requests, n_candidates) for event, w in weights.items()}
truth = {event: p.reshape(n_requests, n_candidates) for event, p in p_test.items()}
worth = worth.reshape(n_requests, n_candidates)

rankers = {
    "random order": rng.random((n_requests, n_candidates)),
    "p(click): implicit only": pred["click"],
    "p(like): explicit only": pred["like"],
    "value: click + 2 like - 10 hide": pred["click"] + 2 * pred["like"] - 10 * pred["hide"],
    "value: click + 4 like - 20 hide": pred["click"] + 4 * pred["like"] - 20 * pred["hide"],
}
print(f"{'rank by':<32} {'clicks':>7} {'likes':>6} {'hides':>6} {'worth your time':>16}")
for name, score in rankers.items():
    top = np.argsort(-score, axis=1)[:, :10]

    def mean_top10(matrix, top=top):
        return np.take_along_axis(matrix, top, axis=1).mean()

    print(
        f"{name:<32} {mean_top10(truth['click']):>7.1%} {mean_top10(truth['like']):>6.1%} "
        f"{mean_top10(truth['hide']):>6.2%} {mean_top10(worth):>16.2f}"
    )
# --8<-- [end:labels]
