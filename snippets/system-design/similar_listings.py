"""Similar listings: skip-gram listing embeddings from click sessions, with Airbnb's two adaptations.

Included, section by section, into docs/system-design/similar-listings.md. Runs top to bottom as well.
"""

# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(0)
n_markets, per_market, n_styles = 20, 40, 6
n_listings = n_markets * per_market
market = np.repeat(np.arange(n_markets), per_market)
price_tier = rng.integers(0, 4, n_listings)  # in the metadata
room_type = rng.integers(0, 2, n_listings)  # entire home / private room, in the metadata
style = rng.integers(0, n_styles, n_listings)  # treehouse, loft, beach cabin...: NOT in the metadata
area = rng.uniform(0, 10, (n_listings, 2))  # km within the market


def make_sessions(n):
    """Guests search one market, click listings that fit a hidden taste; 30% book the best fit at the end."""
    m = rng.integers(0, n_markets, n)
    ids = m[:, None] * per_market + np.arange(per_market)[None, :]  # each session's market, n x per_market
    want_style, want_tier, want_type = rng.integers(0, n_styles, n), rng.integers(0, 4, n), rng.integers(0, 2, n)
    centre = rng.uniform(0, 10, (n, 2))
    fit = (
        2.0 * (style[ids] == want_style[:, None])
        - 0.8 * np.abs(price_tier[ids] - want_tier[:, None])
        + 1.0 * (room_type[ids] == want_type[:, None])
        - 0.25 * np.linalg.norm(area[ids] - centre[:, None, :], axis=2)
    )
    click_order = np.argsort(-(2 * fit + rng.gumbel(size=fit.shape)), axis=1)  # sampling without replacement
    best = np.argmax(fit + rng.gumbel(0, 0.3, fit.shape), axis=1)  # what a booker ends up booking
    lengths, books = rng.integers(4, 10, n), rng.random(n) < 0.3
    sessions = []
    for i in range(n):
        clicks = ids[i, click_order[i, : lengths[i]]]
        if books[i]:  # the booked listing comes last, and is often not among the early clicks
            clicks = np.append(clicks[clicks != ids[i, best[i]]], ids[i, best[i]])
        sessions.append(clicks)
    return sessions, books


train_sessions, train_booked = make_sessions(6_000)
test_sessions, test_booked = make_sessions(2_000)
print(
    f"{n_listings} listings in {n_markets} markets; {len(train_sessions):,} training sessions, "
    f"{train_booked.mean():.0%} end in a booking"
)
# --8<-- [end:data]


# --8<-- [start:train]
def pairs_from(sessions, booked, window=2, booked_as_context=False):
    """(centre, context) pairs within the window; optionally (click, booked listing) beyond the window."""
    lengths = np.array([len(s) for s in sessions])
    padded = np.full((len(sessions), lengths.max()), -1)
    for i, s in enumerate(sessions):
        padded[i, : len(s)] = s
    centre, context = [], []
    for d in [d for d in range(-window, window + 1) if d != 0]:
        a, b = padded[:, max(0, -d) : padded.shape[1] - max(0, d)], padded[:, max(0, d) : padded.shape[1] - max(0, -d)]
        keep = (a >= 0) & (b >= 0)
        centre.append(a[keep])
        context.append(b[keep])
    if booked_as_context:  # the booked listing is predicted from every click, however far away
        position = np.arange(padded.shape[1])[None, :]
        far = booked[:, None] & (padded >= 0) & (position < lengths[:, None] - 1 - window)
        centre.append(padded[far])
        context.append(np.broadcast_to(padded[np.arange(len(sessions)), lengths - 1][:, None], padded.shape)[far])
    return np.concatenate(centre), np.concatenate(context)


def scatter_add(table, rows, values):
    """table[rows] += values, summing repeated rows (a fast np.add.at for 2-D values)."""
    flat = (rows.reshape(-1, 1) * table.shape[1] + np.arange(table.shape[1])).ravel()
    table += np.bincount(flat, weights=values.reshape(-1), minlength=table.size).reshape(table.shape)


def train_embeddings(centre, context, market_negatives=False, dim=16, epochs=3, n_neg=5, lr=0.05, seed=0):
    """Skip-gram with negative sampling, mini-batch SGD in NumPy."""
    r = np.random.default_rng(seed)
    v_in = r.normal(0, 0.1, (n_listings, dim))
    v_out = np.zeros((n_listings, dim))
    for _ in range(epochs):
        order = r.permutation(len(centre))
        for start in range(0, len(order), 1024):
            c, o = centre[order[start : start + 1024]], context[order[start : start + 1024]]
            neg = r.integers(0, n_listings, (len(c), n_neg))  # random negatives: mostly other markets
            if market_negatives:  # Airbnb's fix: half the negatives from the centre listing's own market
                same = market[c][:, None] * per_market + r.integers(0, per_market, (len(c), n_neg // 2 + 1))
                neg = np.concatenate([neg[:, : n_neg // 2], same], axis=1)
            targets = np.concatenate([o[:, None], neg], axis=1)
            labels = np.zeros(targets.shape)
            labels[:, 0] = 1.0
            scores = np.einsum("bd,bkd->bk", v_in[c], v_out[targets])
            g = (1 / (1 + np.exp(-scores)) - labels) * lr  # gradient of the logistic loss
            grad_in = np.einsum("bk,bkd->bd", g, v_out[targets])
            scatter_add(v_out, targets, -g[:, :, None] * v_in[c][:, None, :])
            scatter_add(v_in, c, -grad_in)
    return v_in / np.linalg.norm(v_in, axis=1, keepdims=True)


variants = {
    "skip-gram, random negatives": dict(booked_as_context=False, market_negatives=False),
    "+ booked listing as context": dict(booked_as_context=True, market_negatives=False),
    "+ negatives from same market": dict(booked_as_context=True, market_negatives=True),
}
embeddings = {}
for name, v in variants.items():
    centre, context = pairs_from(train_sessions, train_booked, booked_as_context=v["booked_as_context"])
    embeddings[name] = train_embeddings(centre, context, market_negatives=v["market_negatives"])
# --8<-- [end:train]


# --8<-- [start:evaluate]
def attribute_similarity():
    """Baseline: same market required; same type, close price, close by."""
    same_type = room_type[:, None] == room_type[None, :]
    price_gap = np.abs(price_tier[:, None] - price_tier[None, :])
    km = np.linalg.norm(area[:, None, :] - area[None, :, :], axis=2)
    return 1.0 * same_type - 0.8 * price_gap - 0.25 * km


def evaluate(sim):
    """From the first click of each booked test session, rank the booked listing within its market."""
    ranks, same_style = [], []
    for s in [s for s, b in zip(test_sessions, test_booked, strict=True) if b]:
        anchor, target = s[0], s[-1]
        candidates = np.nonzero((market == market[anchor]) & (np.arange(n_listings) != anchor))[0]
        scores = sim[anchor, candidates]
        ranks.append((scores > sim[anchor, target]).sum())
        top5 = candidates[np.argsort(-scores, kind="stable")[:5]]
        same_style.append(np.mean(style[top5] == style[anchor]))
    ranks = np.array(ranks)
    return np.mean(ranks < 5), np.mean(ranks) + 1, np.mean(same_style)


print(f"{'similarity':<30} {'booked in top 5':>15} {'mean rank':>9} {'top-5 same style':>16}")
systems = {"attributes (type, price, km)": attribute_similarity()}
systems.update({name: e @ e.T for name, e in embeddings.items()})

# Cold start, as in the paper: a new listing gets the mean embedding of the 3 closest listings of the same
# type and price tier. Pretend each anchor is new: its vector is built from its neighbours, not from its clicks.
# 95 of the 800 listings have fewer than 3 such neighbours in their market: they borrow the nearest other ones.
best = embeddings["+ negatives from same market"]
km = np.linalg.norm(area[:, None, :] - area[None, :, :], axis=2)
same_kind = (room_type[:, None] == room_type) & (price_tier[:, None] == price_tier)
km = np.where((market[:, None] == market) & ~np.eye(n_listings, dtype=bool), km + 100 * ~same_kind, np.inf)
cold = best[np.argsort(km, axis=1, kind="stable")[:, :3]].mean(axis=1)
systems["cold start: mean of 3 nearest"] = (cold / np.linalg.norm(cold, axis=1, keepdims=True)) @ best.T
for name, sim in systems.items():
    hit, mean_rank, style_share = evaluate(sim)
    print(f"{name:<30} {hit:>15.3f} {mean_rank:>9.1f} {style_share:>16.3f}")
print(f"random: top 5 of {per_market - 1} -> {5 / (per_market - 1):.3f}; same style by chance {1 / n_styles:.3f}")
# --8<-- [end:evaluate]
