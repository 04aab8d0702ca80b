"""People you may know: friends-of-friends candidates and link-prediction heuristics on a synthetic social graph.

Included, section by section, into docs/system-design/people-you-may-know.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:graph]
import numpy as np
import scipy.sparse as sp

rng = np.random.default_rng(0)
N, GROUP_SIZE = 4_000, 40
group = rng.integers(0, N // GROUP_SIZE, N)  # a school or a workplace
by_group = np.argsort(group, kind="stable")
group_start = np.searchsorted(group[by_group], np.arange(N // GROUP_SIZE))
group_count = np.bincount(group, minlength=N // GROUP_SIZE)


def pairs_in_groups(m):
    """m random pairs of people who share a group."""
    u = rng.integers(0, N, m)
    v = by_group[group_start[group[u]] + (rng.random(m) * group_count[group[u]]).astype(int)]
    return u, v


def pairs_anywhere(m):
    return rng.integers(0, N, m), rng.integers(0, N, m)


def adjacency(u, v):
    keep = u != v
    A = sp.coo_matrix((np.ones(keep.sum()), (u[keep], v[keep])), shape=(N, N)).tocsr()
    return ((A + A.T) > 0).astype(float)


def closing_triangles(A, m):
    """m new edges u-w where w is a friend of a friend of u (triadic closure)."""
    deg = np.diff(A.indptr)
    u = rng.choice(np.flatnonzero(deg > 0), 3 * m)
    v = A.indices[A.indptr[u] + (rng.random(3 * m) * deg[u]).astype(int)]
    w = A.indices[A.indptr[v] + (rng.random(3 * m) * deg[v]).astype(int)]
    return u[:m], w[:m]


# Today's graph: mostly friendships within groups, some across.
A = adjacency(*[np.r_[a, b] for a, b in zip(pairs_in_groups(12_000), pairs_anywhere(3_000), strict=True)])
# Next month's new friendships: 70% close a triangle, 20% meet in a group, 10% meet anywhere.
parts = [closing_triangles(A, 3_500), pairs_in_groups(1_000), pairs_anywhere(500)]
future = adjacency(*[np.concatenate(x) for x in zip(*parts, strict=True)])
future = future - future.multiply(A)  # keep only pairs who were not already friends
future.eliminate_zeros()
print(f"{N:,} people, {A.nnz // 2:,} friendships today (mean {A.nnz / N:.1f} friends)")
print(f"{future.nnz // 2:,} new friendships next month")
# --8<-- [end:graph]

# --8<-- [start:candidates]
common = A @ A  # common[u, w] = number of mutual friends
common.setdiag(0)
two_hop = common - common.multiply(A)  # friends of friends who are not already friends
two_hop.eliminate_zeros()
same_group = sp.csr_matrix(group[:, None] == group[None, :]).astype(float)
same_group.setdiag(0)
same_group = same_group - same_group.multiply(A)
same_group.eliminate_zeros()

print(f"{'candidate source':<26} {'per person':>10} {'new friendships covered':>24}")
for name, cand in [
    ("friends of friends", two_hop),
    ("same group", same_group),
    ("either", ((two_hop + same_group) > 0).astype(float)),
]:
    covered = future.multiply(cand > 0).nnz / future.nnz
    print(f"{name:<26} {cand.nnz / N:>10.1f} {covered:>24.1%}")
print(f"{'everyone (brute force)':<26} {N - 1 - A.nnz / N:>10.1f} {1:>24.1%}")
# --8<-- [end:candidates]

# --8<-- [start:ranking]
deg = np.asarray(A.sum(axis=1)).ravel()
adamic_adar = A @ sp.diags(1 / np.log(np.maximum(deg, 2))) @ A  # mutual friends, weighted by 1/log(their degree)
rows, cols = two_hop.nonzero()  # score only the friends-of-friends candidates
mutual = np.asarray(common[rows, cols]).ravel()
scores = {
    "random friend of friend": rng.random(len(rows)),
    "preferential attachment": deg[rows] * deg[cols],
    "common neighbours": mutual + 1e-3 * rng.random(len(rows)),  # random tie-break
    "Jaccard": mutual / (deg[rows] + deg[cols] - mutual),
    "Adamic-Adar": np.asarray(adamic_adar[rows, cols]).ravel(),
}
is_new = np.asarray(future[rows, cols]).ravel() > 0
new_per_person = np.asarray((future > 0).sum(axis=1)).ravel()
k = 10
print(f"{'ranker (top 10 of friends of friends)':<38} {'precision@10':>12} {'recall@10':>10}")
for name, s in scores.items():
    order = np.lexsort((-s, rows))  # by person, best score first
    rank = np.arange(len(rows)) - np.searchsorted(rows[order], rows[order])
    top = order[rank < k]
    hits = np.bincount(rows[top], is_new[top], minlength=N)
    shown = np.bincount(rows[top], minlength=N)
    active = new_per_person > 0
    precision = hits.sum() / shown.sum()
    recall = np.mean(hits[active] / new_per_person[active])
    print(f"{name:<38} {precision:>12.3f} {recall:>10.3f}")
# --8<-- [end:ranking]
