"""Recommendations with cold start: new members and new titles, on a synthetic catalogue.

Included, section by section, into docs/system-design/recommendations-cold-start.md. Runs top to bottom as well.
"""

# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(0)
n_members, n_titles, n_genres, taste_dims = 3_000, 600, 12, 6

# Each title has 1 to 3 genres; genres explain part of a title's position in taste space, not all of it.
genres = np.zeros((n_titles, n_genres))
for title in range(n_titles):
    genres[title, rng.choice(n_genres, size=rng.integers(1, 4), replace=False)] = 1
genre_taste = rng.normal(0, 1, (n_genres, taste_dims))
title_taste = genres @ genre_taste / np.sqrt(genres.sum(1, keepdims=True)) * 0.8
title_taste += rng.normal(0, 0.6, (n_titles, taste_dims))  # what genres don't capture
member_taste = rng.normal(0, 1, (n_members, taste_dims))
appeal = rng.normal(0, 1, n_titles)  # broad popularity
utility = member_taste @ title_taste.T + appeal + rng.gumbel(0, 1, (n_members, n_titles))
watched = np.zeros((n_members, n_titles), dtype=bool)
np.put_along_axis(watched, np.argsort(-utility, axis=1)[:, :30], True, axis=1)  # 30 titles each

# The last 500 members and the last 60 titles are new: training never sees them.
old_m, new_m = np.arange(n_members - 500), np.arange(n_members - 500, n_members)
old_t, new_t = np.arange(n_titles - 60), np.arange(n_titles - 60, n_titles)
R = watched[np.ix_(old_m, old_t)].astype(float)  # the training matrix: old members x old titles

# Collaborative filtering: PureSVD, a truncated SVD of the watch matrix (20 factors).
u_svd, singular, vt = np.linalg.svd(R, full_matrices=False)
factors = 20
Q = vt[:factors].T  # title factors; a member's vector is (their watch row) @ Q, no retraining needed
popularity = R.sum(0)
print(f"training matrix: {R.shape[0]:,} members x {R.shape[1]} titles, {R.mean():.1%} filled")
# --8<-- [end:data]


# --8<-- [start:new_members]
def precision_at_10(scores, seen, targets):
    """Share of the 10 recommended titles (never one already seen) that the member goes on to watch."""
    top = np.argsort(-np.where(seen, -np.inf, scores), axis=1, kind="stable")[:, :10]  # ties: lower index first
    return np.take_along_axis(targets, top, axis=1).mean()


history = watched[np.ix_(new_m, old_t)]  # what each new member will watch, in a random order
position = np.argsort(np.argsort(np.where(history, rng.random(history.shape), 2.0), axis=1), axis=1)
targets = history & (position >= 10)  # the same 20 future watches are scored for every strategy

# Onboarding: the member picks 3 genres. Their picks are informative but noisy.
genre_affinity = member_taste[new_m] @ title_taste[old_t].T @ genres[old_t] / genres[old_t].sum(0)
picked = np.argsort(-(genre_affinity + rng.normal(0, 0.5, genre_affinity.shape)), axis=1)[:, :3]
picks = np.zeros((len(new_m), n_genres))
np.put_along_axis(picks, picked, 1, axis=1)
in_picked_genres = picks @ genres[old_t].T > 0

nothing_seen = np.zeros_like(history)
strategies = {
    "0 watches: most popular": (np.tile(popularity, (len(new_m), 1)), nothing_seen),
    "0 watches: onboarding, 3 genres": (in_picked_genres * popularity.max() + popularity, nothing_seen),
}
for n in (1, 3, 10):
    seen = history & (position < n)
    strategies[f"{n} watch{'es' * (n > 1)}: CF fold-in"] = (seen.astype(float) @ Q @ Q.T, seen)
print(f"{'new member, strategy':<34} {'precision@10':>12}")
for name, (scores, seen) in strategies.items():
    print(f"{name:<34} {precision_at_10(scores, seen, targets):>12.3f}")
# --8<-- [end:new_members]


# --8<-- [start:new_titles]
def mean_auc(scores, truth):
    """AUC of each member's ranking of the new titles (rank-sum formula), averaged over members."""
    ranks = np.argsort(np.argsort(scores, axis=1), axis=1) + 1
    n_pos = truth.sum(1)
    n_neg = truth.shape[1] - n_pos
    return np.mean(((ranks * truth).sum(1) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


truth = watched[np.ix_(old_m, new_t)]  # who watches each new title
launch_week = rng.random(len(old_m)) < 0.5  # half the members watch during launch week, half later
later = ~launch_week & truth.any(1) & ~truth.all(1)
member_vec = R @ Q

# Content tower in miniature: learn genres -> CF title factors on old titles (ridge), apply to new titles.
X, lam = genres[old_t], 1.0
W_ridge = np.linalg.solve(X.T @ X + lam * np.eye(n_genres), X.T @ Q)
genre_profile = R @ genres[old_t] / genres[old_t].sum(0)  # member's share of each genre watched
# After launch week: fold the new titles' first watches into CF (PureSVD item fold-in).
early_watches = (truth & launch_week[:, None]).astype(float)
q_launch = early_watches.T @ u_svd[:, :factors] / singular[:factors]
tie_break = rng.random(truth.shape) * 1e-9

rows = {
    "random (CF has no vector yet)": rng.random(truth.shape),
    "member's genre profile": genre_profile @ genres[new_t].T,
    "content -> CF factors (ridge)": member_vec @ (genres[new_t] @ W_ridge).T,
    "launch-week popularity (same for all)": np.tile(early_watches.sum(0), (len(old_m), 1)),
    "CF fold-in after launch week": member_vec @ q_launch.T,
}
print(f"{'new titles, day 0 unless noted':<38} {'mean AUC':>9}")
for name, scores in rows.items():
    print(f"{name:<38} {mean_auc(scores[later] + tie_break[later], truth[later]):>9.3f}")
print(f"scored for {later.sum():,} members; launch-week viewers per new title: {early_watches.sum(0).mean():.0f}")
# --8<-- [end:new_titles]
