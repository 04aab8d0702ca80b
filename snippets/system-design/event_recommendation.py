"""Event recommendation: every event is new, so models must rank by features, not by event IDs.

Included, section by section, into docs/system-design/event-recommendation.md. Runs top to bottom as well.
"""

# --8<-- [start:data]
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)
n_users, n_categories, n_slots, n_organizers = 3_000, 8, 4, 150
home = rng.uniform(0, 30, (n_users, 2))  # km, a 30 x 30 km city
taste = rng.dirichlet(np.full(n_categories, 0.3), n_users)  # few favourite categories each
slot_taste = rng.dirichlet(np.full(n_slots, 1.0), n_users)  # weeknight, Friday, Saturday, Sunday
travel_km = rng.uniform(2, 10, n_users)  # how far each user will travel
organizer_quality = rng.normal(0, 0.7, n_organizers)


def make_events(n):
    """A batch of new events: category, time slot, place, organizer."""
    return {
        "category": rng.integers(0, n_categories, n),
        "slot": rng.integers(0, n_slots, n),
        "place": rng.uniform(0, 30, (n, 2)),
        "organizer": rng.integers(0, n_organizers, n),
    }


def distance_km(events):
    return np.linalg.norm(home[:, None, :] - events["place"][None, :, :], axis=2)  # users x events


def register(events, mean_per_user=1.5):
    """Each user registers for a few events, drawn by utility: taste x time x distance x organizer."""
    utility = (
        np.log(taste[:, events["category"]])
        + np.log(slot_taste[:, events["slot"]])
        - distance_km(events) / travel_km[:, None]
        + organizer_quality[events["organizer"]]
    )
    gumbel = utility + rng.gumbel(size=utility.shape)
    ranked = np.argsort(-gumbel, axis=1)
    k = rng.poisson(mean_per_user, n_users)
    y = np.zeros(utility.shape, dtype=bool)
    for u in range(n_users):
        y[u, ranked[u, : k[u]]] = True
    return y, utility


periods = [make_events(400) for _ in range(3)]  # history, training labels, test: 400 new events each
labels, utilities = zip(*(register(events) for events in periods), strict=True)
print(f"users x events per period: {n_users:,} x 400; registrations: {[int(y.sum()) for y in labels]}")
print(f"density of the user-event matrix: {labels[2].mean():.2%}")
# --8<-- [end:data]


# --8<-- [start:models]
def profile(history):
    """Smoothed per-user shares of past registrations by category and by time slot; organizer attendance."""
    cat = np.full((n_users, n_categories), 0.5)
    slot = np.full((n_users, n_slots), 0.5)
    org_regs, org_events = np.zeros(n_organizers), np.zeros(n_organizers)
    for events, y in history:
        for c in range(n_categories):
            cat[:, c] += y[:, events["category"] == c].sum(axis=1)
        for s in range(n_slots):
            slot[:, s] += y[:, events["slot"] == s].sum(axis=1)
        np.add.at(org_regs, events["organizer"], y.sum(axis=0))
        np.add.at(org_events, events["organizer"], 1)
    prior = org_regs.sum() / org_events.sum()  # mean registrations per event
    org_rate = (org_regs + prior) / (org_events + 1)  # shrink towards the mean, one pseudo-event
    return cat / cat.sum(1, keepdims=True), slot / slot.sum(1, keepdims=True), np.log(org_rate)


def pair_features(events, prof):
    cat, slot, org = prof
    return np.stack(
        [
            np.log1p(distance_km(events)),
            np.log(cat[:, events["category"]]),
            np.log(slot[:, events["slot"]]),
            np.broadcast_to(org[events["organizer"]], (n_users, len(events["organizer"]))),
        ],
        axis=2,
    )


# Train on period 1 with profiles from period 0; test on period 2's new events with profiles from periods 0-1.
F_train = pair_features(periods[1], profile([(periods[0], labels[0])]))
negatives = rng.random(labels[1].shape) < 0.05  # sample 5% of non-registrations
rows = labels[1] | negatives
ranker = LogisticRegression(max_iter=1000).fit(F_train[rows], labels[1][rows])
F_test = pair_features(periods[2], profile([(periods[0], labels[0]), (periods[1], labels[1])]))
y_test = labels[2]


def recall_at_k(scores, users=slice(None), k=10):
    top = np.argsort(-scores[users], axis=1, kind="stable")[:, :k]  # ties: lower event id first
    return np.take_along_axis(y_test[users], top, axis=1).sum() / y_test[users].sum()


candidates = {  # every test event is new: item-item CF has no interactions for any of them
    "item-item CF (no history: random)": rng.random(y_test.shape),
    "organizer popularity": F_test[:, :, 3],
    "nearest first": -F_test[:, :, 0],
    "category affinity": F_test[:, :, 1],
    "learned ranker (4 features)": F_test @ ranker.coef_[0],
    "true utility (ceiling)": utilities[2],
}
print(f"{'model':<34} {'recall@10':>9}")
for name, scores in candidates.items():
    print(f"{name:<34} {recall_at_k(scores):>9.3f}")
past = labels[0].sum(axis=1) + labels[1].sum(axis=1)  # registrations before the test period
groups = {"0 past": past == 0, "1-2 past": (past >= 1) & (past <= 2), "3+ past": past >= 3}
print(f"{'recall@10 by user history':<34}" + "".join(f"{g:>10}" for g in groups))
for name in ("nearest first", "category affinity", "learned ranker (4 features)"):
    print(f"{name:<34}" + "".join(f"{recall_at_k(candidates[name], users):>10.3f}" for users in groups.values()))
print(f"{'users in group':<34}" + "".join(f"{users.sum():>10,}" for users in groups.values()))
print("ranker weights (log distance, category, slot, organizer):", np.round(ranker.coef_[0], 2))
# --8<-- [end:models]
