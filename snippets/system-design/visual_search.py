"""Visual search: exact nearest neighbours vs IVF, random-hyperplane LSH and product quantization, in NumPy.

Included, section by section, into docs/system-design/visual-search.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(0)
N, DIM, N_QUERIES, K = 50_000, 64, 200, 10


def normalize(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


# Catalog image embeddings: 500 visual "styles", products scattered around them, unit length (cosine = dot).
styles = rng.normal(size=(500, DIM))
catalog = normalize(styles[rng.integers(0, 500, N)] + 0.9 * rng.normal(size=(N, DIM))).astype(np.float32)
# Queries: users' photos of catalog products (a different angle and light = the product's embedding plus noise).
source = rng.integers(0, N, N_QUERIES)
queries = normalize(catalog[source] + 0.1 * rng.normal(size=(N_QUERIES, DIM))).astype(np.float32)

similarity = queries @ catalog.T  # exact search: N dot products per query
top = np.argpartition(-similarity, K, axis=1)[:, :K]
exact = np.take_along_axis(top, np.argsort(-np.take_along_axis(similarity, top, axis=1), axis=1), axis=1)
print(f"catalog {N:,} x {DIM} dims, {catalog.nbytes / 1e6:.1f} MB as float32")
print(f"exact search finds the photographed product first for {np.mean(exact[:, 0] == source):.1%} of queries")


def found_source(found):
    """Share of queries whose photographed product is among the returned K: what the user sees."""
    return np.mean([src in f for src, f in zip(source, found, strict=True)])


def recall_at_k(found):
    """Share of the exact top-K that an approximate method returned, averaged over queries."""
    return np.mean([len(np.intersect1d(f, e)) / K for f, e in zip(found, exact, strict=True)])


def top_k_among(q, candidates):
    """Exact re-ranking of a candidate set for query q."""
    return candidates[np.argsort(-(catalog[candidates] @ queries[q]))[:K]]


def kmeans(x, n_clusters, iterations=8):
    """Lloyd's algorithm; the update sums each cluster's members with one sort and np.add.reduceat."""
    centers = x[rng.choice(len(x), n_clusters, replace=False)]
    for _ in range(iterations):
        assign = np.argmax(x @ centers.T - 0.5 * (centers**2).sum(axis=1), axis=1)  # nearest center (L2)
        order = np.argsort(assign, kind="stable")
        present, starts = np.unique(assign[order], return_index=True)
        sums = np.add.reduceat(x[order], starts, axis=0)
        centers[present] = sums / np.diff(np.append(starts, len(x)))[:, None]
    return centers


# --8<-- [end:data]

# --8<-- [start:ann]
rows = []
# IVF: k-means into 256 lists; scan only the n_probe lists nearest to the query.
centroids = kmeans(catalog[rng.choice(N, 10_000, replace=False)], 256)
list_of = np.argmax(catalog @ centroids.T - 0.5 * (centroids**2).sum(axis=1), axis=1)
probe_order = np.argsort(-(queries @ centroids.T - 0.5 * (centroids**2).sum(axis=1)), axis=1)
for n_probe in (1, 4, 16):
    cands = [np.flatnonzero(np.isin(list_of, probe_order[q, :n_probe])) for q in range(N_QUERIES)]
    found = [top_k_among(q, c) for q, c in enumerate(cands)]
    rows.append(
        (f"IVF, {n_probe} of 256 lists", np.mean([len(c) for c in cands]) / N, recall_at_k(found), found_source(found))
    )

# Random-hyperplane LSH: 8 sign bits per table; a candidate shares the query's bucket in at least one table.
for n_tables in (1, 8, 32):
    planes = rng.normal(size=(n_tables, DIM, 8)).astype(np.float32)
    powers = 2 ** np.arange(8)
    db_codes = ((catalog @ planes > 0) * powers).sum(axis=2)  # (tables, N): bucket id per table
    q_codes = ((queries @ planes > 0) * powers).sum(axis=2)  # (tables, queries)
    order = np.argsort(db_codes, axis=1, kind="stable")
    bucket_start = [np.searchsorted(db_codes[t, order[t]], np.arange(257)) for t in range(n_tables)]
    cands = [
        np.unique(
            np.concatenate([order[t, bucket_start[t][b] : bucket_start[t][b + 1]] for t, b in enumerate(q_codes[:, q])])
        )
        for q in range(N_QUERIES)
    ]
    found = [top_k_among(q, c) for q, c in enumerate(cands)]
    rows.append(
        (
            f"LSH, 8 bits x {n_tables} tables",
            np.mean([len(c) for c in cands]) / N,
            recall_at_k(found),
            found_source(found),
        )
    )

print(f"{'method':<28} {'scanned':>8} {'recall@10':>10} {'product found':>14}")
print(f"{'exact (brute force)':<28} {1:>8.1%} {1:>10.3f} {found_source(exact):>14.1%}")
for name, scanned, recall, product in rows:
    print(f"{name:<28} {scanned:>8.1%} {recall:>10.3f} {product:>14.1%}")
# --8<-- [end:ann]

# --8<-- [start:pq]
# Product quantization: split each vector into 8 sub-vectors of 8 dims, replace each by the id of the nearest of
# 256 sub-centroids. 8 bytes per vector instead of 256. Distances come from 8 table lookups per vector.
M, SUB = 8, DIM // 8
codebooks = [kmeans(catalog[rng.choice(N, 10_000, replace=False), m * SUB : (m + 1) * SUB], 256) for m in range(M)]
codes = np.stack(
    [
        np.argmax(catalog[:, m * SUB : (m + 1) * SUB] @ cb.T - 0.5 * (cb**2).sum(axis=1), axis=1)
        for m, cb in enumerate(codebooks)
    ],
    axis=1,
).astype(np.uint8)
# Asymmetric distance: the query stays exact; its dot product with every sub-centroid is a 8 x 256 table.
tables = np.stack([queries[:, m * SUB : (m + 1) * SUB] @ cb.T for m, cb in enumerate(codebooks)], axis=1)
approx_sim = sum(tables[:, m, codes[:, m]] for m in range(M))  # (queries, N): 8 lookups per catalog vector
pq_top = np.argpartition(-approx_sim, 100, axis=1)[:, :100]  # the 100 best by PQ distance, unordered
by_pq = np.take_along_axis(pq_top, np.argsort(-np.take_along_axis(approx_sim, pq_top, axis=1), axis=1), axis=1)
reranked = [top_k_among(q, pq_top[q]) for q in range(N_QUERIES)]
print(f"{'index':<34} {'bytes/vector':>12} {'memory':>8} {'recall@10':>10}")
print(f"{'float32, exact':<34} {DIM * 4:>12} {catalog.nbytes / 1e6:>6.1f}MB {1:>10.3f}")
for name, found in [("PQ 8 bytes, PQ distances only", by_pq[:, :K]), ("PQ 8 bytes, exact re-rank of 100", reranked)]:
    print(f"{name:<34} {M:>12} {codes.nbytes / 1e6:>6.1f}MB {recall_at_k(found):>10.3f}")
# --8<-- [end:pq]
