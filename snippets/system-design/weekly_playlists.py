"""Weekly personalized playlists: track embeddings from playlist co-occurrence, then a 30-track discovery list.

Included, section by section, into docs/system-design/weekly-playlists.md. Runs top to bottom as well.
"""

# --8<-- [start:world]
import numpy as np

rng = np.random.default_rng(0)
n_genres, artists_per_genre, tracks_per_artist = 15, 12, 8
n_artists = n_genres * artists_per_genre
n_tracks = n_artists * tracks_per_artist
artist_genre = np.repeat(np.arange(n_genres), artists_per_genre)
track_artist = np.repeat(np.arange(n_artists), tracks_per_artist)
track_genre = artist_genre[track_artist]
artist_pop = rng.pareto(1.2, n_artists) + 0.05  # a few huge artists, a long tail
track_pop = artist_pop[track_artist] * rng.lognormal(0, 0.7, n_tracks)
quality = rng.normal(0, 1, n_tracks)

# 6,000 user-made playlists of 15 tracks from one or two genres, favouring popular and good tracks.
n_playlists = 6_000
in_genre = np.zeros((n_playlists, n_genres), dtype=bool)
in_genre[np.arange(n_playlists), rng.integers(0, n_genres, n_playlists)] = True
two = np.flatnonzero(rng.random(n_playlists) < 0.5)
in_genre[two, rng.integers(0, n_genres, len(two))] = True
log_weight = np.where(in_genre[:, track_genre], 0.5 * np.log(track_pop) + 0.5 * quality, -np.inf)
picked = np.argpartition(-(log_weight + rng.gumbel(size=log_weight.shape)), 15, axis=1)[:, :15]

# Track embeddings: PPMI of playlist co-occurrence, factorized by a randomized SVD (32 dimensions).
pairs = (picked[:, :, None] * n_tracks + picked[:, None, :]).ravel()  # every ordered pair within a playlist
co = np.bincount(pairs, minlength=n_tracks * n_tracks).reshape(n_tracks, n_tracks).astype(float)
np.fill_diagonal(co, 0)
expected = np.outer(co.sum(1), co.sum(0)) / co.sum()
ratio = np.divide(co, expected, out=np.zeros_like(co), where=(co > 0) & (expected > 0))
ppmi = np.log(np.maximum(ratio, 1.0))
k = 32
basis, _ = np.linalg.qr(ppmi @ rng.normal(size=(n_tracks, k + 10)))
_, singular, vt = np.linalg.svd(basis.T @ ppmi, full_matrices=False)
track_vec = vt[:k].T * np.sqrt(singular[:k])
track_vec /= np.linalg.norm(track_vec, axis=1, keepdims=True) + 1e-9

# 1,000 listeners: 3 favourite genres each; they know 6 artists and have heard 25 of those artists' tracks.
n_users = 1_000
taste = np.zeros((n_users, n_genres))
favourite = np.argsort(rng.random((n_users, n_genres)), axis=1)[:, :3]
np.put_along_axis(taste, favourite, rng.dirichlet([2, 2, 2], n_users), axis=1)
artist_weight = np.log(taste[:, artist_genre] + 1e-12) + 0.5 * np.log(artist_pop)
known_artists = np.argsort(-(artist_weight + rng.gumbel(size=artist_weight.shape)), axis=1)[:, :6]
knows = np.zeros((n_users, n_artists), dtype=bool)
np.put_along_axis(knows, known_artists, True, axis=1)
track_weight = np.where(knows[:, track_artist], np.log(track_pop), -np.inf)
heard_tracks = np.argsort(-(track_weight + rng.gumbel(size=track_weight.shape)), axis=1)[:, :25]
heard = np.zeros((n_users, n_tracks), dtype=bool)
np.put_along_axis(heard, heard_tracks, True, axis=1)

# Ground truth the system never sees: the chance each user saves each track.
p_save = 1 / (1 + np.exp(-(-4 + 6 * taste[:, track_genre] + 0.8 * quality)))
new_artist = ~knows[:, track_artist]
popularity_rank = np.argsort(np.argsort(-track_pop)) / n_tracks  # 0 = the most popular track
print(f"{n_tracks:,} tracks by {n_artists} artists; {n_playlists:,} playlists; {n_users:,} listeners")
# --8<-- [end:world]


# --8<-- [start:playlists]
def weekly_playlist(scores, new_artists_only=False, per_artist=30, length=30):
    """Top tracks by score, never one already heard, optionally only new artists and a cap per artist."""
    blocked = heard | (new_artists_only & ~new_artist)
    scores = np.where(blocked, -np.inf, scores)
    # Rank of each track within its artist's tracks (tracks are stored artist by artist, 8 each).
    by_artist = scores.reshape(n_users, n_artists, tracks_per_artist)
    rank_in_artist = np.argsort(np.argsort(-by_artist, axis=2), axis=2).reshape(n_users, n_tracks)
    allowed = np.where(rank_in_artist < per_artist, scores, -np.inf)
    return np.argsort(-allowed, axis=1)[:, :length]


def evaluate(lists):
    """Expected saves; the same with each repeat of an artist in the list worth half the previous one."""
    saves = np.take_along_axis(p_save, lists, axis=1)
    artists = track_artist[lists]
    same = artists[:, :, None] == artists[:, None, :]
    repeat = (same & np.tri(lists.shape[1], k=-1, dtype=bool)).sum(2)  # earlier tracks by the same artist
    value = saves * 0.5**repeat
    discoveries = value * np.take_along_axis(new_artist, lists, axis=1)
    distinct = ((np.diff(np.sort(artists, axis=1), axis=1) != 0).sum(1) + 1).mean()
    return saves.sum(1).mean(), value.sum(1).mean(), discoveries.sum(1).mean(), distinct, popularity_rank[lists]


taste_vec = heard.astype(float) @ track_vec  # the listener's vector: sum of the vectors of what they heard
similarity = taste_vec @ track_vec.T
candidates = {
    "most popular unheard": weekly_playlist(np.tile(track_pop, (n_users, 1))),
    "embedding: nearest unheard": weekly_playlist(similarity),
    "+ new artists only": weekly_playlist(similarity, new_artists_only=True),
    "+ new artists, at most 2 each": weekly_playlist(similarity, new_artists_only=True, per_artist=2),
    "+ new artists, 1 each": weekly_playlist(similarity, new_artists_only=True, per_artist=1),
}
print(f"{'30-track list':<30} {'saves':>6} {'value':>6} {'discoveries':>12} {'artists':>8} {'popularity pct':>15}")
for name, lists in candidates.items():
    saves, value, discoveries, distinct, ranks = evaluate(lists)
    print(f"{name:<30} {saves:>6.2f} {value:>6.2f} {discoveries:>12.2f} {distinct:>8.1f} {np.median(ranks):>15.0%}")
# --8<-- [end:playlists]
