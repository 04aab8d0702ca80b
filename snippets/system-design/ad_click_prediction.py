"""Ad click prediction: feature hashing, normalized entropy, and why the auction needs calibrated probabilities.

Included, section by section, into docs/system-design/ad-click-prediction.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:data]
import numpy as np
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(0)
N_ADS, N_SITES, N_SEGMENTS, N_CATEGORIES = 5_000, 2_000, 50, 20
ad_effect = rng.normal(0, 0.6, N_ADS)
ad_category = rng.integers(0, N_CATEGORIES, N_ADS)
site_effect = rng.normal(0, 0.5, N_SITES)
segment_effect = rng.normal(0, 0.3, N_SEGMENTS)
cross_effect = rng.normal(0, 0.8, (N_CATEGORIES, N_SEGMENTS))  # "this segment likes this ad category"
device_effect = np.array([0.0, -0.3, 0.2])
ad_share = 1 / np.arange(1, N_ADS + 1) ** 0.8  # a few ads get most impressions
ad_share /= ad_share.sum()


def true_ctr(ad, site, segment, device):
    logit = -4.3 + ad_effect[ad] + site_effect[site] + segment_effect[segment]
    logit += cross_effect[ad_category[ad], segment] + device_effect[device]
    return 1 / (1 + np.exp(-logit))


def impressions(n):
    """Fields (ad, site, segment, device, category x segment cross) and click labels."""
    ad, site = rng.choice(N_ADS, n, p=ad_share), rng.integers(0, N_SITES, n)
    segment, device = rng.integers(0, N_SEGMENTS, n), rng.integers(0, 3, n)
    clicked = (rng.random(n) < true_ctr(ad, site, segment, device)).astype(int)
    return np.column_stack([ad, site, segment, device, ad_category[ad] * N_SEGMENTS + segment]), clicked


def normalized_entropy(y, p):
    """Log loss divided by the entropy of the background CTR: 1.0 = predicting the average, lower is better."""
    ctr = y.mean()
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) / -(ctr * np.log(ctr) + (1 - ctr) * np.log(1 - ctr))


fields_train, y_train = impressions(200_000)
fields_test, y_test = impressions(100_000)
distinct = sum(len(np.unique(fields_train[:, j])) for j in range(fields_train.shape[1]))
print(f"train CTR {y_train.mean():.4f}, test CTR {y_test.mean():.4f}, {distinct:,} distinct feature values")
# --8<-- [end:data]


# --8<-- [start:model]
def hash_index(fields, bits):
    """Feature hashing: (field, value) -> one of 2**bits buckets (splitmix64 mixing). No dictionary needed."""
    x = fields.astype(np.uint64) * np.uint64(64) + np.arange(fields.shape[1], dtype=np.uint64)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return ((x ^ (x >> np.uint64(31))) >> np.uint64(64 - bits)).astype(np.int64)


def collided_share(fields, bits):
    """Share of distinct (field, value) pairs that share their bucket with another pair."""
    buckets = np.concatenate(
        [
            hash_index(np.column_stack([np.zeros((len(v), j), int), v]), bits)[:, j]
            for j in range(fields.shape[1])
            for v in [np.unique(fields[:, j])]
        ]
    )
    counts = np.bincount(buckets)
    return (counts[buckets] > 1).mean()


def train_logistic(idx, y, n_buckets, epochs=2, batch=2_000, lr=0.1):
    """Logistic regression on one-hot hashed features, mini-batch SGD with per-coordinate (AdaGrad) learning rates."""
    w, g2 = np.zeros(n_buckets), np.full(n_buckets, 1e-6)
    bias = np.log(y.mean() / (1 - y.mean()))
    for _ in range(epochs):
        for start in range(0, len(y), batch):
            rows, labels = idx[start : start + batch], y[start : start + batch]
            error = 1 / (1 + np.exp(-(w[rows].sum(axis=1) + bias))) - labels
            grad = np.bincount(rows.ravel(), np.repeat(error, rows.shape[1]), minlength=n_buckets)
            g2 += grad**2
            w -= lr * grad / np.sqrt(g2)
    return w, bias


def predict(w, bias, idx):
    return 1 / (1 + np.exp(-(w[idx].sum(axis=1) + bias)))


bits = 16
w, bias = train_logistic(hash_index(fields_train, bits), y_train, 2**bits)
p_test = predict(w, bias, hash_index(fields_test, bits))
print(f"2**{bits} buckets: NE {normalized_entropy(y_test, p_test):.4f}, AUC {roc_auc_score(y_test, p_test):.3f}")
# --8<-- [end:model]

# --8<-- [start:auction]
logit_test = np.log(p_test / (1 - p_test))

# An overconfident twin: logits stretched 1.6x, shifted so its mean prediction still equals the CTR.
low, high = -5.0, 5.0  # bisection for the shift
for _ in range(40):
    best_shift = (low + high) / 2
    too_high = np.mean(1 / (1 + np.exp(-(1.6 * logit_test + best_shift)))) > y_test.mean()
    low, high = (low, best_shift) if too_high else (best_shift, high)


def overconfident(p):
    return 1 / (1 + np.exp(-(1.6 * np.log(p / (1 - p)) + best_shift)))


# 20,000 auctions: one request (site, segment, device), 10 candidate ads, each with a cost-per-click bid.
n_auctions, n_candidates = 20_000, 10
ads = rng.choice(N_ADS, (n_auctions, n_candidates), p=ad_share)
site = np.repeat(rng.integers(0, N_SITES, n_auctions)[:, None], n_candidates, axis=1)
segment = np.repeat(rng.integers(0, N_SEGMENTS, n_auctions)[:, None], n_candidates, axis=1)
device = np.repeat(rng.integers(0, 3, n_auctions)[:, None], n_candidates, axis=1)
bids = np.round(np.exp(rng.normal(0.0, 0.6, (n_auctions, n_candidates))), 2)  # dollars per click
truth = true_ctr(ads, site, segment, device)
cand_fields = np.stack([ads, site, segment, device, ad_category[ads] * N_SEGMENTS + segment], axis=-1)
p_model = predict(w, bias, hash_index(cand_fields.reshape(-1, 5), bits)).reshape(n_auctions, n_candidates)
rows = np.arange(n_auctions)
oracle_winner = np.argmax(bids * truth, axis=1)

print(
    f"{'predictor':<26} {'NE':>6} {'AUC':>6} {'mean p/CTR':>10} {'same winner':>11} {'value/1k':>9} {'revenue/1k':>10}"
)
for name, pctr, p_offline in [
    ("true CTR (oracle)", truth, None),
    ("model, calibrated", p_model, p_test),
    ("model x 2", 2 * p_model, 2 * p_test),
    ("model, overconfident", overconfident(p_model), overconfident(p_test)),
]:
    ecpm = bids * pctr  # expected revenue per impression, as the auction sees it
    order = np.argsort(-ecpm, axis=1)
    winner, runner_up = order[:, 0], order[:, 1]
    # Generalized second price: the winner pays the least CPC that would still have won.
    price = np.minimum(bids[rows, winner], ecpm[rows, runner_up] / pctr[rows, winner])
    value = 1_000 * np.mean(truth[rows, winner] * bids[rows, winner])  # advertiser value per 1,000 auctions
    revenue = 1_000 * np.mean(truth[rows, winner] * price)  # expected clicks x price paid
    offline = (
        ("-", "-", "-")
        if p_offline is None
        else (
            f"{normalized_entropy(y_test, p_offline):.4f}",
            f"{roc_auc_score(y_test, p_offline):.3f}",
            f"{p_offline.mean() / y_test.mean():.2f}",
        )
    )
    print(
        f"{name:<26} {offline[0]:>6} {offline[1]:>6} {offline[2]:>10} {np.mean(winner == oracle_winner):>11.1%} "
        f"{value:>9.2f} {revenue:>10.2f}"
    )
# --8<-- [end:auction]

# --8<-- [start:hashing]
print(f"{'buckets':>9} {'cross':>5} {'collided':>8} {'NE':>7} {'AUC':>6} {'mean p / CTR':>12}")
for bits, n_fields in [(10, 5), (12, 5), (14, 5), (16, 5), (18, 5), (18, 4)]:
    idx_train, idx_test = hash_index(fields_train[:, :n_fields], bits), hash_index(fields_test[:, :n_fields], bits)
    collided = collided_share(fields_train[:, :n_fields], bits)
    w, bias = train_logistic(idx_train, y_train, 2**bits)
    p = predict(w, bias, idx_test)
    print(
        f"{2**bits:>9,} {'yes' if n_fields == 5 else 'no':>5} {collided:>8.1%} {normalized_entropy(y_test, p):>7.4f} "
        f"{roc_auc_score(y_test, p):>6.3f} {p.mean() / y_test.mean():>12.3f}"
    )
# --8<-- [end:hashing]
