"""Video recommendations: scale arithmetic, the latency budget, and two toys of the ranking objective.

Included, section by section, into docs/system-design/video-recommendations.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
# Assumptions (not sourced): a large video platform's home feed and "up next" list.
daily_users = 300e6
requests_per_user = 8  # home-feed loads plus "up next" lists, per user per day
peak_to_average = 2.5
corpus = 2e9  # recommendable videos
uploads_per_day = 5e6  # new videos that need an embedding and features before they can be recommended
sources = {
    "two-tower ANN": 400,
    "co-watched with recent": 200,
    "subscriptions": 150,
    "topic match": 100,
    "fresh uploads": 100,
    "trending nearby": 50,
}  # candidates returned by each source
after_dedupe = 0.8  # share of candidates left once duplicates across sources are merged
shown = 20  # impressions per request
ranker_mflop = 20  # per candidate: a ~10 M-parameter multitask network, 2 FLOPs per weight (assumed)

average_qps = daily_users * requests_per_user / 86_400
peak_qps = average_qps * peak_to_average
ranked = sum(sources.values()) * after_dedupe
print(f"requests: {average_qps:,.0f}/s average, {peak_qps:,.0f}/s peak")
print(f"candidates per request: {sum(sources.values()):,} from {len(sources)} sources, {ranked:,.0f} after dedupe")
scores_per_second = peak_qps * ranked
print(
    f"ranker: {scores_per_second / 1e6:,.0f} M scores/s, {scores_per_second * ranker_mflop / 1e9:,.1f} PFLOP/s at peak"
)
print(f"scoring the whole corpus instead: {peak_qps * corpus:.1e} dot products/s")

dim = 128  # embedding dimension of the two towers
for name, bytes_per_value in (("float32", 4), ("int8", 1)):
    print(f"ANN index, {dim}-d {name}: {corpus * dim * bytes_per_value / 1e12:,.2f} TB")
print(f"fresh uploads to embed: {uploads_per_day / 86_400:,.0f}/s")
impressions = daily_users * requests_per_user * shown
print(f"impressions logged: {impressions / 1e9:,.0f} B/day, {impressions * 500 / 1e12:,.0f} TB/day at 500 bytes each")
# --8<-- [end:scale]

# --8<-- [start:budget]
budget_ms = {  # p99 share of each stage of one request, in milliseconds (assumed)
    "network and serialization": 40,
    "candidate sources, in parallel": 40,
    "feature fetch for ~800 candidates": 30,
    "multitask ranker, batched": 50,
    "re-rank: diversity, freshness, filters": 10,
    "headroom": 30,
}
for stage, ms in budget_ms.items():
    print(f"  {stage:<40}{ms:>4} ms")
total = sum(budget_ms.values())
print(f"  {'total p99':<40}{total:>4} ms")
assert total == 200, "the stages must add up to the 200 ms budget"
# --8<-- [end:budget]

# --8<-- [start:watch_time]
import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression

SLOT_LOGIT = -0.12 * np.arange(10)  # examination falls with the slot: a position effect on clicks


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def make_world(rng, watch_varies=True, n_videos=3_000, n_users=4_000, dim=8):
    return {
        "videos": rng.normal(size=(n_videos, dim)) / np.sqrt(dim),  # topic vectors
        "users": rng.normal(size=(n_users, dim)),  # taste vectors
        "bait": (rng.random(n_videos) < 0.2).astype(float),  # 20% have a clickbait title and thumbnail
        "quality": rng.normal(size=n_videos),
        "length": np.exp(rng.normal(np.log(8), 0.6, n_videos)),  # minutes
        "watch_varies": watch_varies,
    }


def truth(w, u, v, slot):
    """True click probability and mean minutes watched after a click."""
    affinity = np.einsum("ij,ij->i", w["users"][u], w["videos"][v])
    p_click = sigmoid(-2.5 + affinity + 1.5 * w["bait"][v] + SLOT_LOGIT[slot])  # bait earns clicks
    share_watched = sigmoid(0.3 + 0.8 * affinity + 0.8 * w["quality"][v] - 3.0 * w["bait"][v])  # ...then loses them
    minutes = share_watched * w["length"][v] if w["watch_varies"] else np.full(len(u), 4.0)
    return p_click, minutes


def features(w, u, v):
    affinity = np.einsum("ij,ij->i", w["users"][u], w["videos"][v])
    return np.column_stack([affinity, w["bait"][v], w["quality"][v], np.log(w["length"][v])])


def train_and_serve(watch_varies):
    rng = np.random.default_rng(0)
    w = make_world(rng, watch_varies)
    # Training log: random videos in random slots (an exploration slice), 60,000 impressions.
    u, v = rng.integers(0, 4_000, 60_000), rng.integers(0, 3_000, 60_000)
    p_click, minutes = truth(w, u, v, rng.integers(0, 10, 60_000))
    clicked = rng.random(len(u)) < p_click
    watch = np.where(clicked, minutes * rng.uniform(0.5, 1.5, len(u)), 0.0)
    X = features(w, u, v)
    ctr = LogisticRegression(max_iter=1_000).fit(X, clicked)
    weighted = LogisticRegression(max_iter=1_000).fit(X, clicked, sample_weight=np.where(clicked, watch, 1.0))
    per_click = LinearRegression().fit(X[clicked], np.log(watch[clicked]))  # a second head: log minutes | click

    # Serving: 500 requests, 100 candidates each, the top 10 shown in slots 0-9.
    users = rng.integers(0, 4_000, 500)
    candidates = np.stack([rng.choice(3_000, 100, replace=False) for _ in users])
    uc, vc = np.repeat(users, 100), candidates.ravel()
    Xc = features(w, uc, vc)
    p0, m0 = truth(w, uc, vc, np.zeros(len(uc), dtype=int))
    scores = {
        "p(click)": ctr.decision_function(Xc),
        "weighted LR: odds ~ E[T]": weighted.decision_function(Xc),  # log odds; exp() is what gets served
        "p(click) x E[T | click]": np.log(ctr.predict_proba(Xc)[:, 1]) + per_click.predict(Xc),
        "oracle: true E[T]": np.log(p0 * m0),
    }
    results = {}
    for name, score in scores.items():
        top = np.argsort(-score.reshape(len(users), 100), axis=1, kind="stable")[:, :10]
        v_top = np.take_along_axis(candidates, top, axis=1).ravel()
        p, m = truth(w, np.repeat(users, 10), v_top, np.tile(np.arange(10), len(users)))
        results[name] = (p.mean(), (p * m).mean(), w["bait"][v_top].mean())  # expected values, not draws
    return results


print(f"{'rank by':<26}{'CTR':>6}{'min/impression':>16}{'clickbait share':>17}")
for name, (ctr, minutes, bait) in train_and_serve(watch_varies=True).items():
    print(f"{name:<26}{ctr:>6.3f}{minutes:>16.2f}{bait:>17.0%}")
control = train_and_serve(watch_varies=False)
gain = control["weighted LR: odds ~ E[T]"][1] / control["p(click)"][1]
print(f"control, every click watched 4 minutes: watch-time ranking / CTR ranking = {gain:.2f}")
# --8<-- [end:watch_time]

# --8<-- [start:position]
rng = np.random.default_rng(1)
n_videos, n_users, slots, n_requests = 2_000, 3_000, 10, 20_000
topics = rng.normal(size=(n_videos, 8)) / np.sqrt(8)
tastes = rng.normal(size=(n_users, 8))
popularity = rng.normal(size=n_videos)  # what the old ranker favoured; it has no effect on clicks of its own
true_slot_logit = -0.25 * np.arange(slots)  # the position bias

# The logs: each request shows 10 videos in the order of the old ranker (popularity plus noise).
u = np.repeat(rng.integers(0, n_users, n_requests), slots)
v = np.concatenate([rng.choice(n_videos, slots, replace=False) for _ in range(n_requests)])
old_score = (popularity[v] + rng.normal(0, 1.0, len(v))).reshape(n_requests, slots)
slot = np.argsort(np.argsort(-old_score, axis=1, kind="stable"), axis=1, kind="stable").ravel()
affinity = np.einsum("ij,ij->i", tastes[u], topics[v])
clicked = rng.random(len(v)) < sigmoid(-1.5 + affinity + true_slot_logit[slot])

X = np.column_stack([affinity, popularity[v]])
no_position = LogisticRegression(max_iter=1_000).fit(X, clicked)
slot_terms = np.eye(slots)[slot][:, 1:]  # a "shallow tower": one logit per slot, added to the main logit
with_tower = LogisticRegression(max_iter=1_000).fit(np.hstack([X, slot_terms]), clicked)
print(f"weight on popularity (true value 0): {no_position.coef_[0][1]:.2f} without a position term")
print(f"with slot terms, |weight on popularity| < 0.05: {abs(with_tower.coef_[0][1]) < 0.05}")
for s in (1, 4, 9):  # slot 0 is the reference; slot s has its own learned logit
    print(f"slot {s}: true logit {true_slot_logit[s]:+.2f}, learned {with_tower.coef_[0][1 + s]:+.1f}")
# --8<-- [end:position]
