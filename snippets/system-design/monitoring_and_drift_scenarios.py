"""Three kinds of drift on one model, and which monitor sees each.

Included in docs/system-design/monitoring-and-drift.md.
"""

# --8<-- [start:scenarios]
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def psi(expected, actual, bins=10):
    edges = np.quantile(expected, np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -np.inf, np.inf
    e = np.clip(np.histogram(expected, edges)[0] / len(expected), 1e-6, None)
    a = np.clip(np.histogram(actual, edges)[0] / len(actual), 1e-6, None)
    return float(np.sum((a - e) * np.log(a / e)))


def sample(n, rng, positive_rate=0.10, tilt=0.0, concept_drift=False):
    """Label first, then features given the label. tilt > 0 resamples rows toward high x0: P(y | x) is unchanged."""
    pool = 4 * n if tilt else n
    y = rng.random(pool) < positive_rate
    x = rng.normal(0, 1, (pool, 2))
    signal = 1 if concept_drift else 0  # which feature carries the label
    x[y, signal] += 1.5
    if tilt:
        weights = np.exp(tilt * x[:, 0])
        keep = rng.choice(pool, n, replace=False, p=weights / weights.sum())
        x, y = x[keep], y[keep]
    return x, y


rng = np.random.default_rng(0)
x_train, y_train = sample(50_000, rng)
model = LogisticRegression().fit(x_train, y_train)
score_train = model.predict_proba(x_train)[:, 1]

scenarios = {
    "no drift": {},
    "data drift (more high x0)": {"tilt": 0.6},
    "label shift (10%->25%)": {"positive_rate": 0.25},
    "concept drift": {"concept_drift": True},
}
print(f"{'scenario':<26}{'max feature PSI':>16}{'score PSI':>10}{'mean score':>11}{'pos. rate':>10}{'AUC':>7}")
samples = {name: sample(50_000, rng, **kwargs) for name, kwargs in scenarios.items()}
for name, (x, y) in samples.items():
    score = model.predict_proba(x)[:, 1]
    feature_psi = max(psi(x_train[:, j], x[:, j]) for j in range(2))
    print(
        f"{name:<26}{feature_psi:>16.3f}{psi(score_train, score):>10.3f}"
        f"{score.mean():>11.3f}{y.mean():>10.3f}{roc_auc_score(y, score):>7.3f}"
    )
# --8<-- [end:scenarios]

# --8<-- [start:prior]
# Label shift: P(x | y) is unchanged, so only the prior term of the log-odds is wrong (Saerens et al., 2002).
x, y = samples["label shift (10%->25%)"]
logit = model.decision_function(x)
for new_prior in (0.10, 0.25):
    adjusted = logit + np.log(new_prior / (1 - new_prior)) - np.log(0.10 / 0.90)
    p = 1 / (1 + np.exp(-adjusted))
    log_loss = -np.mean(np.where(y, np.log(p), np.log(1 - p)))
    auc = roc_auc_score(y, p)
    print(f"assumed prior {new_prior:.2f}: mean score {p.mean():.3f}, log loss {log_loss:.3f}, AUC {auc:.3f}")
# --8<-- [end:prior]
