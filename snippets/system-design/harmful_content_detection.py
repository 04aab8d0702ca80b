"""Harmful content detection: operating points, a review queue with fixed capacity, and an adversary.

Included, section by section, into docs/system-design/harmful-content-detection.md. Runs top to bottom as well.
"""

# --8<-- [start:data]
import numpy as np
from sklearn.linear_model import LogisticRegression


def make_posts(n, rng, prevalence=0.005, evasion=0.0):
    """Synthetic posts: four signals, heavy-tailed views; `evasion` = share of violators who obfuscate their text."""
    y = rng.random(n) < prevalence
    evading = y & (rng.random(n) < evasion)
    text = rng.normal(0.0, 1.0, n) + 3.0 * y  # text classifier logit
    normalized_text = text + rng.normal(0.0, 0.5, n)  # a character-level + OCR text model sees through evasion
    text[evading] -= 2.5  # misspellings, text in images, coded words: the text signal mostly disappears
    image = rng.normal(0.0, 1.0, n) + 1.5 * y  # image classifier logit
    account = rng.normal(0.0, 1.0, n) + 1.2 * y  # prior strikes, account age, network
    reports = rng.poisson(0.02 + 0.3 * y).astype(float)  # user reports in the first hour
    views = np.exp(rng.normal(3.0, 2.0, n))  # lifetime views if left up: heavy-tailed
    predicted_views = views * np.exp(rng.normal(0.0, 0.7, n))  # a virality model's noisy estimate
    X = np.column_stack([text, image, account, reports, normalized_text])  # the launch model uses the first 4
    return X, y.astype(int), views, predicted_views


def threshold_at_precision(y, p, target):
    """Lowest score threshold whose precision on (y, p) is still >= target."""
    order = np.argsort(-p)
    precision = np.cumsum(y[order]) / np.arange(1, len(y) + 1)
    return p[order][np.nonzero(precision >= target)[0].max()]


rng = np.random.default_rng(0)
X_train, y_train, _, _ = make_posts(100_000, rng)
X_val, y_val, _, _ = make_posts(100_000, rng)
X_day, y_day, views_day, predicted_views_day = make_posts(200_000, rng)
model = LogisticRegression(max_iter=1000).fit(X_train[:, :4], y_train)
p_val = model.predict_proba(X_val[:, :4])[:, 1]
p_day = model.predict_proba(X_day[:, :4])[:, 1]
print(f"one day: {len(y_day):,} posts, {y_day.sum()} violating ({y_day.mean():.2%})")

# Recall targets -> threshold, precision, and what the flags cost at 500 M posts a day (chosen on validation).
print(f"{'recall':>6} {'precision':>9} {'flagged/day at 500M':>20} {'wrong flags/day':>16}")
order = np.argsort(-p_val)
hits = np.cumsum(y_val[order])
for target in (0.5, 0.7, 0.8, 0.9):
    k = np.searchsorted(hits, target * y_val.sum()) + 1  # top-k posts reach the target recall
    precision = hits[k - 1] / k
    flagged = k / len(y_val) * 500e6
    print(f"{target:>6.0%} {precision:>9.3f} {flagged:>20,.0f} {flagged * (1 - precision):>16,.0f}")
# --8<-- [end:data]

# --8<-- [start:queue]
t_auto = threshold_at_precision(y_val, p_val, 0.95)  # auto-remove only where precision >= 95%
t_queue = np.quantile(p_val, 0.99)  # the top 1% of scores are eligible for human review
capacity = 500  # reviews a day for this slice of traffic
auto = p_day >= t_auto
eligible = np.nonzero(~auto & (p_day >= t_queue))[0]
harm = y_day * views_day  # the views a violating post would get if left up
print(f"auto-removed {auto.sum()} posts at precision {y_day[auto].mean():.3f}; {len(eligible):,} eligible for review")

queues = {
    "arrival order": eligible[rng.permutation(len(eligible))],
    "P(violating)": eligible[np.argsort(-p_day[eligible])],
    "P x predicted views": eligible[np.argsort(-(p_day[eligible] * predicted_views_day[eligible]))],
}
print(f"{'review queue order':<20} {'hit rate':>8} {'recall':>7} {'views recall':>12} {'prevalence':>10}")
prevalence_before = harm.sum() / views_day.sum()
for name, queue in queues.items():
    reviewed = queue[:capacity]
    removed = auto.copy()
    removed[reviewed] |= y_day[reviewed] == 1  # reviewers remove only true violations
    views_recall = harm[removed].sum() / harm.sum()
    print(
        f"{name:<20} {y_day[reviewed].mean():>8.3f} {y_day[removed].sum() / y_day.sum():>7.3f} "
        f"{views_recall:>12.3f} {prevalence_before * (1 - views_recall):>10.4%}"
    )
print(f"{'nothing removed':<20} {'-':>8} {0:>7.3f} {0:>12.3f} {prevalence_before:>10.4%}")
# --8<-- [end:queue]

# --8<-- [start:adversary]
X_new, y_new, _, _ = make_posts(100_000, rng, evasion=0.6)  # a week of reviewer labels on the new pattern
X_new_val, y_new_val, _, _ = make_posts(100_000, rng, evasion=0.6)
X_both, y_both = np.vstack([X_train, X_new]), np.concatenate([y_train, y_new])
weeks = [("launch, no evasion", 0.0, model, 4, t_auto), ("60% of violators obfuscate", 0.6, model, 4, t_auto)]
for name, n_features in (("retrained, same features", 4), ("retrained + normalized text", 5)):
    clf = LogisticRegression(max_iter=1000).fit(X_both[:, :n_features], y_both)
    threshold = threshold_at_precision(y_new_val, clf.predict_proba(X_new_val[:, :n_features])[:, 1], 0.95)
    weeks.append((name, 0.6, clf, n_features, threshold))

print(f"{'week':<28} {'auto-removed':>12} {'precision':>9} {'recall':>7}")
for name, evasion, clf, n_features, threshold in weeks:
    X, y, _, _ = make_posts(200_000, rng, evasion=evasion)
    acted = clf.predict_proba(X[:, :n_features])[:, 1] >= threshold
    print(f"{name:<28} {acted.sum():>12} {y[acted].mean():>9.3f} {y[acted].sum() / y.sum():>7.3f}")
# --8<-- [end:adversary]
