# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(0)
M, K, B = 500, 10, 64  # items, kinds of query, batch size
popularity = 1 / np.arange(1, M + 1) ** 0.9  # power law: item 0 is the most popular
popularity /= popularity.sum()
affinity = rng.normal(size=(K, M))  # how much each kind of query likes each item
p_next = popularity * np.exp(affinity)  # P(item | query) is proportional to popularity * exp(affinity)
p_next /= p_next.sum(axis=1, keepdims=True)
cdf = np.cumsum(p_next, axis=1)
cdf[:, -1] = 1.0


def sample(n, r):
    """n (query, clicked item) pairs, drawn from the true P(item | query)."""
    x, u = r.integers(0, K, n), r.uniform(size=n)
    y = np.empty(n, dtype=int)
    for k in range(K):
        y[x == k] = np.searchsorted(cdf[k], u[x == k])
    return x, y


# --8<-- [end:data]


# --8<-- [start:train]
def train(correct, steps=1000, dim=16, lr=0.5, alpha=0.02):
    """Two towers (here: one embedding per query kind, one per item, plus an item bias) trained with the
    in-batch softmax of equation (3); with correct=True each logit is s(x, y_j) - log p_j (equation 4),
    where p_j comes from the streaming frequency estimate of Algorithm 2."""
    r = np.random.default_rng(1)
    Q, V, bias = r.normal(0, 0.1, (K, dim)), r.normal(0, 0.1, (M, dim)), np.zeros(M)
    last_step, gap = np.zeros(M), np.full(M, 10.0)  # arrays A and B of Algorithm 2 (hash = item id)
    X, Y = sample(steps * B, r)  # a stream of batches
    for t in range(1, steps + 1):
        x, y = X[(t - 1) * B : t * B], Y[(t - 1) * B : t * B]
        items, count = np.unique(y, return_counts=True)  # B <- (1-a) B + a (t - A); repeats in a batch add gap 0
        gap[items] = (1 - alpha) ** (count - 1) * ((1 - alpha) * gap[items] + alpha * (t - last_step[items]))
        last_step[items] = t
        logits = Q[x] @ V[y].T + bias[y]  # s(x_i, y_j) for every query i and every item j in the batch
        if correct:
            logits += np.log(gap[y])  # - log p_j, with the estimate p_j = 1 / gap_j
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        d = (probs - np.eye(B)) * (lr / B)  # gradient of the batch cross-entropy w.r.t. the logits
        q_grad, v_grad = d @ V[y], d.T @ Q[x]
        np.subtract.at(Q, x, q_grad)
        np.subtract.at(V, y, v_grad)
        np.subtract.at(bias, y, d.sum(axis=0))
    return Q @ V.T + bias, 1 / gap  # scores s(x, y) for every query kind and item; estimated p


# --8<-- [end:train]


# --8<-- [start:compare]
x_test, y_test = sample(20_000, np.random.default_rng(2))
log_pop = np.log(popularity)
print("batch softmax   corr(mean score, log popularity)  recall@10")
for name, correct in [("plain", False), ("logQ-corrected", True)]:
    scores, p_hat = train(correct)
    corr = np.corrcoef(scores.mean(axis=0), log_pop)[0, 1]
    top10 = np.argsort(-scores, axis=1)[:, :10]
    recall = np.mean((top10[x_test] == y_test[:, None]).any(axis=1))
    print(f"{name:<15} {corr:33.2f} {recall:10.3f}")
ideal = np.argsort(-p_next, axis=1)[:, :10]
print(f"{'true P(y|x)':<15} {'':33} {np.mean((ideal[x_test] == y_test[:, None]).any(axis=1)):10.3f}")
print("estimated items per batch:", p_hat[[0, 9, 99, 499]].round(3))
stream_freq = p_next.mean(axis=0)  # P(item) in the stream: query kinds are uniform, clicks follow P(item | query)
print("true items per batch:     ", (B * stream_freq[[0, 9, 99, 499]]).round(3))
# --8<-- [end:compare]
