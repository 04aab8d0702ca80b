"""A leaderboard-style ensemble against a small model: offline gain vs latency.

Included in docs/interviews/the-kaggle-trap.md.
"""

# --8<-- [start:models]
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.neighbors import KNeighborsClassifier

rng = np.random.default_rng(0)
n, d = 12_000, 10
X = rng.normal(size=(n, d))
# Mostly linear signal, plus a small interaction that only the non-linear models can use.
logit = X[:, :4] @ np.array([1.0, -0.8, 0.6, 0.5]) + 0.6 * X[:, 4] * X[:, 5] - 2.5
y = rng.random(n) < 1 / (1 + np.exp(-logit))
X_train, X_test, y_train, y_test = X[:8_000], X[8_000:], y[:8_000], y[8_000:]

small = LogisticRegression().fit(X_train, y_train)
members = [
    LogisticRegression(),
    RandomForestClassifier(n_estimators=30, min_samples_leaf=20, random_state=0),
    KNeighborsClassifier(n_neighbors=100),
]
for member in members:
    member.fit(X_train, y_train)


def ensemble_predict(rows):
    return np.mean([member.predict_proba(rows)[:, 1] for member in members], axis=0)


def recall_at_fpr(y_true, score, fpr_target=0.01):
    fpr, tpr, _ = roc_curve(y_true, score)
    return float(np.interp(fpr_target, fpr, tpr))


scores = {"logistic regression": small.predict_proba(X_test)[:, 1], "3-model ensemble": ensemble_predict(X_test)}
print(f"positives in test: {y_test.mean():.1%}")
for name, score in scores.items():
    print(f"{name:<20} AUC {roc_auc_score(y_test, score):.4f}   recall at 1% FPR {recall_at_fpr(y_test, score):.3f}")


def seconds_per_request(predict, rows, repeats=20):
    """Median time to score one request (one row), the way an online service calls the model."""
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        predict(rows[i : i + 1])
        times.append(time.perf_counter() - start)
    return float(np.median(times))


slowdown = seconds_per_request(ensemble_predict, X_test) / seconds_per_request(small.predict_proba, X_test)
assert slowdown > 10, slowdown  # the exact ratio depends on the machine; it is always large
# --8<-- [end:models]
