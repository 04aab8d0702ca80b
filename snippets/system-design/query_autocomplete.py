"""Query autocomplete: a prefix index with cached top-k, and popularity counts that react to trends.

Included, section by section, into docs/system-design/query-autocomplete.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:index]
import bisect

import numpy as np

rng = np.random.default_rng(0)
syllables = ["ka", "ko", "ri", "ro", "sa", "su", "ta", "tu", "ma", "mi", "na", "no", "la", "lu", "ba", "be"]
parts = rng.integers(0, len(syllables), size=(3_000, 3))
words = sorted({"".join(syllables[j] for j in row[: 2 + i % 2]) for i, row in enumerate(parts)})
picks = rng.integers(0, len(words), size=(15_000, 3))
queries = sorted({" ".join(words[j] for j in row[: 1 + i % 3]) for i, row in enumerate(picks)})
counts = np.round(1e6 / rng.permutation(np.arange(1, len(queries) + 1)) ** 1.1).astype(int)  # Zipf popularity
as_array = np.array(queries)
K = 10


def top_k_by_scan(prefix):
    """Brute force: test every query in the log."""
    hits = np.flatnonzero(np.char.startswith(as_array, prefix))
    return sorted(hits.tolist(), key=lambda i: -counts[i])[:K], len(queries)


def top_k_by_range(prefix):
    """Sorted array: binary-search the block of matches, then rank the whole block."""
    lo = bisect.bisect_left(queries, prefix)
    hi = bisect.bisect_left(queries, prefix + "\uffff")
    block = sorted(range(lo, hi), key=lambda i: -counts[i])[:K]
    return block, int(np.log2(len(queries))) + (hi - lo)


# Offline build: every prefix of every query keeps its K most popular completions (a trie with top-k per node).
cache = {}
for i in sorted(range(len(queries)), key=lambda i: -counts[i]):
    for end in range(1, len(queries[i]) + 1):
        completions = cache.setdefault(queries[i][:end], [])
        if len(completions) < K:
            completions.append(i)


def top_k_cached(prefix):
    """Serving: one lookup per keystroke; the work is reading K ids."""
    return cache.get(prefix, []), len(prefix) + K


print(
    f"{len(queries):,} distinct queries, {len(cache):,} prefixes cached, "
    f"{sum(map(len, cache.values())):,} completion ids stored"
)
print(f"{'typed':>5} {'matches':>8} {'scan work':>10} {'range work':>11} {'cached work':>12}")
typed = [queries[i] for i in rng.choice(len(queries), size=100, p=counts / counts.sum())]
for length in (1, 2, 3, 5, 8):
    prefixes = [q[:length] for q in typed]
    for prefix in prefixes[:10]:  # the brute-force scan is the reference answer
        assert top_k_by_scan(prefix)[0] == top_k_by_range(prefix)[0] == top_k_cached(prefix)[0]
    range_work = np.mean([top_k_by_range(p)[1] for p in prefixes])
    cached_work = np.mean([top_k_cached(p)[1] for p in prefixes])
    matches = range_work - int(np.log2(len(queries)))
    print(f"{length:>5} {matches:>8,.0f} {len(queries):>10,} {range_work:>11,.0f} {cached_work:>12,.0f}")
# --8<-- [end:index]

# --8<-- [start:trends]
days = 31  # days 0-29 are history, day 30 is today
base_rate = counts / counts.sum() * 20_000  # expected submissions per query per day
rate = np.tile(base_rate, (days, 1))
tail = rng.choice(np.flatnonzero(base_rate < np.median(base_rate)), size=40, replace=False)
trending, fading = tail[:20], tail[20:]
rate[29:, trending] = 200  # news breaks yesterday: tail queries jump to the head
rate[:20, fading] = 200  # last month's event, over for the past ten days
daily = rng.poisson(rate)  # (day, query) submission counts
history, today = daily[:30], daily[30]

scorers = {
    "30-day count": history.sum(axis=0),
    "yesterday only": history[-1],
    "decayed, 1-day half-life": (history * 0.5 ** np.arange(29, -1, -1)[:, None]).sum(axis=0),
}
prefix3 = np.array([q[:3] for q in queries])
submitted = np.repeat(np.arange(len(queries)), today)  # every submission today, typed 3 characters in
is_trending = np.isin(submitted, trending)
print(f"today: {len(submitted):,} submissions, {is_trending.mean():.1%} of them trending queries")
print(f"{'popularity from':<26} {'MRR':>6} {'success@10':>11} {'MRR trending':>13} {'fading shown':>13}")
for name, score in scorers.items():
    order = np.lexsort((-score, prefix3))  # group by prefix, best score first
    groups, starts = np.unique(prefix3[order], return_index=True)
    rank = np.empty(len(queries), dtype=int)
    rank[order] = np.arange(len(queries)) - starts[np.searchsorted(groups, prefix3[order])]
    shown = rank < K
    reciprocal = np.where(shown[submitted], 1.0 / (rank[submitted] + 1), 0.0)
    print(
        f"{name:<26} {reciprocal.mean():>6.3f} {shown[submitted].mean():>11.1%} "
        f"{reciprocal[is_trending].mean():>13.3f} {shown[fading].sum():>10} of {len(fading)}"
    )
# --8<-- [end:trends]
