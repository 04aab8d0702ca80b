"""Churn prediction pipeline: label windows, time splits, a leak, and sampling, on a synthetic clickstream.

Included, section by section, into docs/system-design/churn-prediction-pipeline.md. Runs top to bottom as well.
"""

# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(0)
n_users, n_days = 10_000, 150  # the log ends on day 150: the day we extract the data
events_per_visit = rng.lognormal(0.5, 0.8, n_users)
visit_prob = rng.beta(2, 3, n_users)  # share of days each user shows up
signup = rng.integers(0, 100, n_users)
churn_day = signup + rng.geometric(0.003 + 0.01 * (1 - visit_prob))  # infrequent visitors leave sooner
day = np.arange(n_days)
alive = (day >= signup[:, None]) & (day < churn_day[:, None])
fading = np.clip((churn_day[:, None] - day) / 30, 0.6, 1.0)  # visits thin out in the last month
visited = rng.random((n_users, n_days)) < visit_prob[:, None] * alive * fading
events = rng.poisson(3 * events_per_visit[:, None] * visited)  # user x day event counts: the clickstream


def cohort_and_label(ev, cutoff, window=30):
    """Scored users: active in the 30 days before the cutoff. Churned: no event in the 30 days after it."""
    active = ev[:, cutoff - window : cutoff].sum(1) > 0
    churned = ev[:, cutoff : cutoff + window].sum(1) == 0
    return active, churned


def features(ev, cutoff, as_of=None):
    """Features from events before the cutoff. as_of > cutoff reproduces the classic leak: recency measured later."""
    as_of = cutoff if as_of is None else as_of
    seen = ev[:, :as_of]
    days_since_last = np.where(seen.any(1), np.argmax(seen[:, ::-1] > 0, axis=1), as_of)
    counts = [ev[:, max(0, cutoff - w) : cutoff].sum(1) for w in (7, 30, 90)]
    active_days_30 = (ev[:, cutoff - 30 : cutoff] > 0).sum(1)
    tenure = cutoff - np.argmax(ev[:, :cutoff] > 0, axis=1)
    return np.column_stack([*np.log1p(counts), active_days_30 / 30, np.log1p(days_since_last), np.log1p(tenure)])


print(f"clickstream: {events.sum():,} events from {n_users:,} users over {n_days} days")
for cutoff in (60, 90, 120):
    active, churned = cohort_and_label(events, cutoff)
    print(f"cutoff day {cutoff}: {active.sum():,} active users, churn rate {churned[active].mean():.1%}")
# --8<-- [end:data]


# --8<-- [start:splits]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit_logistic(X, y, l2=1e-3, steps=20):
    """Logistic regression by Newton's method; returns weights with the intercept first."""
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    for _ in range(steps):
        p = sigmoid(A @ w)
        hessian = (A * (p * (1 - p))[:, None]).T @ A / len(y) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, A.T @ (p - y) / len(y) + l2 * w)
    return w


def score(w, X):
    return np.column_stack([np.ones(len(X)), X]) @ w


def auc(y, s):
    """ROC AUC by the rank-sum formula (no ties in these scores)."""
    ranks = np.argsort(np.argsort(s)) + 1
    n_pos = y.sum()
    return (ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * (len(y) - n_pos))


# Next month, as production will see it: features as of day 120, churn in days 120-150.
test_active, test_y = cohort_and_label(events, 120)
X_test = features(events, 120)[test_active]
y_test = test_y[test_active]

active60, y60 = cohort_and_label(events, 60)
active90, y90 = cohort_and_label(events, 90)
X60, X90 = features(events, 60), features(events, 90)
rows90 = rng.permutation(np.flatnonzero(active90))
train90, valid90 = rows90[: len(rows90) * 4 // 5], rows90[len(rows90) * 4 // 5 :]
X90_leaky = features(events, 90, as_of=n_days)  # recency measured on extraction day, 60 days after the cutoff

designs = {}
w = fit_logistic(X60[active60], y60[active60])  # train at cutoff 60, validate at cutoff 90
designs["time split: train @60, validate @90"] = (
    auc(y90[active90], score(w, X90[active90])),
    auc(y_test, score(w, X_test)),
)
w = fit_logistic(X90[train90], y90[train90])
designs["random 80/20 split of users @90"] = (auc(y90[valid90], score(w, X90[valid90])), auc(y_test, score(w, X_test)))
w = fit_logistic(X90_leaky[train90], y90[train90])
designs["leak: recency as of extraction day"] = (
    auc(y90[valid90], score(w, X90_leaky[valid90])),
    auc(y_test, score(w, X_test)),
)
rule_valid = X90_leaky[valid90, 4] > np.log1p(59)  # "no event in the last 60 days": churned, by construction
rule_test = X_test[:, 4] > np.log1p(59)  # never true for a user active in the last 30 days
designs["leak: rule 'silent 60+ days'"] = (
    auc(y90[valid90], rule_valid + 1e-9 * rng.random(len(valid90))),
    auc(y_test, rule_test + 1e-9 * rng.random(len(y_test))),
)
print(f"{'validation design':<38} {'validation AUC':>14} {'next-month AUC':>15}")
for name, (valid_auc, test_auc) in designs.items():
    print(f"{name:<38} {valid_auc:>14.3f} {test_auc:>15.3f}")
# --8<-- [end:splits]

# --8<-- [start:sampling]
sampled_users = rng.random(n_users) < 0.10
thinned = rng.binomial(events, 0.10)  # a 10% sample of event rows, as TABLESAMPLE would return
active_thin, y_thin = cohort_and_label(thinned, 90)
X_thin = features(thinned, 90)
train_users = train90[sampled_users[train90]]
train_thin = train90[active_thin[train90]]

samples = {
    "all users, all rows": (events.sum(), train90, y90, X90),
    "10% of users, all their rows": (events[sampled_users].sum(), train_users, y90, X90),
    "10% of rows, all users": (thinned.sum(), train_thin, y_thin, X_thin),
}
print(f"{'training sample':<30} {'rows read':>10} {'users':>6} {'label rate':>11} {'AUC':>6} {'predicted rate':>15}")
for name, (rows_read, users, y, X) in samples.items():
    w = fit_logistic(X[users], y[users])
    test_scores = score(w, X_test)  # scored on full-data features, as in production
    print(
        f"{name:<30} {rows_read:>10,} {len(users):>6,} {y[users].mean():>11.1%} {auc(y_test, test_scores):>6.3f} "
        f"{sigmoid(test_scores).mean():>15.1%}"
    )
print(f"actual churn rate next month: {y_test.mean():.1%}")
# --8<-- [end:sampling]
