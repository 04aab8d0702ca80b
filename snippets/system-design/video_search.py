"""Video search: three modalities, each blind to part of the catalogue, and three ways to fuse them.

Included, section by section, into docs/system-design/video-search.md. Runs top to bottom as well.
"""

# --8<-- [start:data]
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)
n_videos, dim = 2_000, 32


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


content = unit(rng.normal(size=(n_videos, dim)))  # what the video is really about (never observed)
visual_dims = np.arange(dim) < 20  # what frames show: objects, scenes, actions
spoken_dims = np.arange(dim) >= 10  # what people say: names, instructions, topics
good_title = rng.random(n_videos) < 0.6  # the rest: "VID_0412.mp4", clickbait, another language
has_speech = rng.random(n_videos) < 0.6  # the rest: music, ambient sound, no words

title = np.where(good_title[:, None], content + rng.normal(0, 0.12, (n_videos, dim)), rng.normal(size=(n_videos, dim)))
frames = content * visual_dims + rng.normal(0, 0.1, (n_videos, dim)) * visual_dims
transcript = content * spoken_dims + rng.normal(0, 0.1, (n_videos, dim)) * spoken_dims
modalities = {"title": unit(title), "frames": unit(frames), "transcript": unit(transcript)}


def make_queries(n):
    """Known-item queries: a noisy description of one target video's content."""
    target = rng.integers(0, n_videos, n)
    return unit(content[target] + rng.normal(0, 0.18, (n, dim))), target


def modality_scores(queries):
    """Cosine similarity per modality, each in its own aligned space; no transcript = no score."""
    scores = {}
    for name, emb in modalities.items():
        mask = {"title": np.ones(dim, bool), "frames": visual_dims, "transcript": spoken_dims}[name]
        scores[name] = unit(queries * mask) @ emb.T
    scores["transcript"][:, ~has_speech] = np.nan
    return scores


q_train, target_train = make_queries(500)
q_test, target_test = make_queries(500)
print(f"{n_videos:,} videos: {good_title.mean():.0%} with a useful title, {has_speech.mean():.0%} with speech")
# --8<-- [end:data]


# --8<-- [start:fusion]
def rank_of_target(scores, target):
    s = np.nan_to_num(scores, nan=-np.inf)
    return (s > s[np.arange(len(target)), target][:, None]).sum(axis=1)  # 0 = first


def ranks_all(scores):
    s = np.nan_to_num(scores, nan=-np.inf)
    order = np.argsort(-s, axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(s.shape[1])[None, :], axis=1)
    return np.where(np.isnan(scores), np.inf, ranks)  # a missing modality doesn't vote


def pair_features(scores):
    present = ~np.isnan(scores["transcript"])
    return np.stack([scores["title"], scores["frames"], np.nan_to_num(scores["transcript"]), present * 1.0], axis=2)


# Learned late fusion: logistic regression on per-modality scores, target vs 50 hard negatives per query.
train = modality_scores(q_train)
X_train = pair_features(train)
rrf_train = sum(1.0 / (60 + ranks_all(s)) for s in train.values())
hard = np.argsort(-rrf_train, axis=1, kind="stable")[:, :50]
rows = np.repeat(np.arange(len(q_train)), 50)
X = np.vstack([X_train[np.arange(len(q_train)), target_train], X_train[rows, hard.ravel()]])
y = np.concatenate([np.ones(len(q_train)), hard.ravel() == np.repeat(target_train, 50)])
fusion = LogisticRegression(max_iter=1000).fit(X, y)

test = modality_scores(q_test)
systems = dict(test)
systems["score sum"] = sum(np.nan_to_num(s) for s in test.values())
systems["RRF (k=60)"] = sum(1.0 / (60 + ranks_all(s)) for s in test.values())
systems["learned fusion"] = pair_features(test) @ fusion.coef_[0]

slices = {
    "all": np.ones(len(q_test), bool),
    "bad title": ~good_title[target_test],
    "no speech": ~has_speech[target_test],
    "bad title, no speech": ~good_title[target_test] & ~has_speech[target_test],
}
print(f"{'recall@10':<16}" + "".join(f"{s:>22}" for s in slices) + f"{'MRR (all)':>11}")
for name, scores in systems.items():
    rank = rank_of_target(scores, target_test)
    recalls = "".join(f"{np.mean(rank[m] < 10):>22.3f}" for m in slices.values())
    print(f"{name:<16}{recalls}{np.mean(1 / (rank + 1)):>11.3f}")
print(f"{'queries':<16}" + "".join(f"{m.sum():>22,}" for m in slices.values()))
print("fusion weights (title, frames, transcript, has speech):", np.round(fusion.coef_[0], 1))
# --8<-- [end:fusion]
