"""Spam and bot detection: bots that copy human behaviour, graph signals they can't copy cheaply, and noisy labels.

Included, section by section, into docs/system-design/spam-and-bot-detection.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:data]
import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_curve


def make_accounts(n, bot_rate, bots_mimic, rng):
    """Accounts with behaviour features, and graph features computed from shared devices and follow edges."""
    bot = rng.random(n) < bot_rate
    n_bot = bot.sum()
    # Behaviour: posts a day, share of posts with a link, entropy of posting hours, account age.
    posts = rng.lognormal(0.5, 0.8, n)
    links = rng.beta(2, 8, n)
    hour_entropy = rng.normal(3.0, 0.4, n)
    age_days = rng.integers(1, 3_000, n)
    if not bots_mimic:  # naive bots: busy, link-heavy, around the clock, mostly new
        posts[bot] = rng.lognormal(1.2, 0.8, n_bot)
        links[bot] = rng.beta(4, 6, n_bot)
        hour_entropy[bot] = rng.normal(3.5, 0.4, n_bot)
        age_days[bot] = rng.integers(1, 400, n_bot)
    # Devices and networks: bots run in rings of about 40 on a few phones; humans share some (families, offices).
    ring = rng.integers(0, max(1, n_bot // 40), n)
    devices_per_ring = 6 if bots_mimic else 5  # more phones cost money: the ring changes little
    device = 10_000 + rng.integers(0, int(n * 0.8), n)
    shared = rng.random(n) < 0.15
    device[shared] = 5_000 + rng.integers(0, int(n * 0.15 / 8), shared.sum())  # about 8 people per office
    device[bot] = ring[bot] * devices_per_ring + rng.integers(0, devices_per_ring, n_bot)
    accounts_on_device = np.bincount(device)[device]
    # Follows: 30 each. Humans follow inside a community of 100 half the time; bots follow their own ring.
    community = rng.integers(0, n // 100, n)
    src = np.repeat(np.arange(n), 30)
    dst = rng.integers(0, n, 30 * n)
    by_community = np.argsort(community, kind="stable")
    starts = np.searchsorted(community[by_community], np.arange(n // 100))
    sizes = np.bincount(community, minlength=n // 100)
    local = rng.random(30 * n) < 0.5
    c = community[src[local]]
    dst[local] = by_community[starts[c] + rng.integers(0, sizes[c])]
    in_ring = bot[src] & (rng.random(30 * n) < (0.6 if bots_mimic else 0.7))  # mimics follow more real people
    ring_members = np.flatnonzero(bot)[np.argsort(ring[bot], kind="stable")]
    ring_starts = np.searchsorted(np.sort(ring[bot]), np.arange(ring.max() + 1))
    ring_sizes = np.bincount(ring[bot], minlength=ring.max() + 1)
    r = ring[src[in_ring]]
    dst[in_ring] = ring_members[ring_starts[r] + rng.integers(0, ring_sizes[r])]
    edges = src * n + dst
    edges_sorted = np.sort(edges)
    reverse = dst * n + src
    mutual = edges_sorted[np.minimum(np.searchsorted(edges_sorted, reverse), len(edges) - 1)] == reverse
    mutual_share = np.bincount(src, weights=mutual, minlength=n) / 30
    behaviour = np.column_stack([posts, links, hour_entropy, age_days])
    graph = np.column_stack([accounts_on_device, mutual_share])
    return behaviour, graph, bot.astype(int)


rng = np.random.default_rng(0)
month1 = make_accounts(6_000, 0.05, bots_mimic=False, rng=rng)
month1_test = make_accounts(6_000, 0.05, bots_mimic=False, rng=rng)
month2 = make_accounts(6_000, 0.05, bots_mimic=True, rng=rng)  # bots now copy human behaviour
month2_test = make_accounts(6_000, 0.05, bots_mimic=True, rng=rng)
print(
    f"6,000 accounts per set; bots in the month-1 and month-2 test sets: {month1_test[2].sum()}, {month2_test[2].sum()}"
)
# --8<-- [end:data]


# --8<-- [start:adversary]
def recall_at_fpr(y, score, max_fpr=0.01):
    """Share of bots caught at the threshold where at most 1% of humans are flagged."""
    fpr, tpr, _ = roc_curve(y, score)
    return tpr[np.searchsorted(fpr, max_fpr, side="right") - 1]


feature_sets = {
    "behaviour only": lambda behaviour, graph: behaviour,
    "graph only": lambda behaviour, graph: graph,
    "behaviour + graph": lambda behaviour, graph: np.hstack([behaviour, graph]),
}
runs = [(name, pick, month1) for name, pick in feature_sets.items()]
runs.append(("both, minus age", lambda behaviour, graph: np.hstack([behaviour[:, :3], graph]), month1))
runs.append(("both, retrained m2", feature_sets["behaviour + graph"], month2))  # after a month of fresh labels
print(f"{'features':<19} {'PR-AUC m1':>10} {'recall m1':>10} {'PR-AUC m2':>10} {'recall m2':>10}")
for name, pick, (behaviour, graph, y) in runs:
    model = GradientBoostingClassifier(n_estimators=40, max_depth=3, random_state=0).fit(pick(behaviour, graph), y)
    cells = []
    for test_behaviour, test_graph, test_y in (month1_test, month2_test):
        score = model.predict_proba(pick(test_behaviour, test_graph))[:, 1]
        cells += [average_precision_score(test_y, score), recall_at_fpr(test_y, score)]
    print(f"{name:<19} " + " ".join(f"{c:>10.3f}" for c in cells))
# --8<-- [end:adversary]


# --8<-- [start:labels]
def user_reports(behaviour, y, rng):
    """Labels from user reports: link spammers get reported, quiet bots don't, and some humans are mass-reported."""
    links = behaviour[:, 1]
    reported_bot = (y == 1) & (rng.random(len(y)) < np.clip(links, 0, 1) * 0.6)
    reported_human = (y == 0) & (rng.random(len(y)) < 0.01)
    return (reported_bot | reported_human).astype(int)


behaviour, graph, y = month1
train_reports = user_reports(behaviour, y, rng)
test_behaviour, test_graph, test_y = month1_test
test_reports = user_reports(test_behaviour, test_y, rng)
X, X_test = np.hstack([behaviour, graph]), np.hstack([test_behaviour, test_graph])
flag = 300  # the review queue takes the top 300 accounts a month: 5% of 6,000
print(
    f"share of bots ever reported: {train_reports[y == 1].mean():.0%}; "
    f"share of reports that are bots: {y[train_reports == 1].mean():.0%}"
)
print(f"{'trained on':<14} {'precision (truth)':>18} {'precision (reports)':>20} {'recall (truth)':>15}")
for name, labels in (("true labels", y), ("user reports", train_reports)):
    model = GradientBoostingClassifier(n_estimators=40, max_depth=3, random_state=0).fit(X, labels)
    top = np.argsort(-model.predict_proba(X_test)[:, 1], kind="stable")[:flag]
    print(
        f"{name:<14} {test_y[top].mean():>18.3f} {test_reports[top].mean():>20.3f} "
        f"{test_y[top].sum() / test_y.sum():>15.3f}"
    )
# --8<-- [end:labels]
