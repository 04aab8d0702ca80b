from itertools import product

import numpy as np

reward = np.array([1.0, 0.0, 0.0, 0.0])  # a verifier: of four answers to a maths problem, only answer 0 is correct
G = 6  # answers sampled per prompt (the group)
groups = np.array(list(product(range(4), repeat=G)))  # all 4^6 = 4,096 possible groups, enumerated exactly
r = reward[groups]  # (4096, G)
mean, std = r.mean(axis=1, keepdims=True), r.std(axis=1, keepdims=True)
advantages = {
    "r (no baseline)": r,
    "r + 1 (no baseline, reward offset)": r + 1,
    "r - mean of the others (RLOO)": r - (r.sum(axis=1, keepdims=True) - r) / (G - 1),
    "r - group mean": r - mean,
    "(r - group mean) / group std (GRPO)": np.divide(r - mean, std, out=np.zeros_like(r), where=std > 0),
}
prompts = {"hard": np.array([0.1, 0.5, 0.3, 0.1]), "easy": np.array([0.7, 0.1, 0.1, 0.1])}  # policy per prompt

print(f"{'advantage':<36} {'E[estimate] / gradient':>23} {'noise / signal':>16}")
print(f"{'':<36} {'hard':>12} {'easy':>10} {'hard':>8} {'easy':>7}")
for name, adv in advantages.items():
    scales, noise = [], []
    for pi in prompts.values():
        prob = np.prod(pi[groups], axis=1)  # probability of each group
        score = np.eye(4)[groups] - pi  # gradient of log pi(answer) with respect to the logits
        estimate = np.einsum("ng,ngk->nk", adv, score) / G  # each group's estimate of the gradient
        expected = prob @ estimate  # its exact expectation
        exact = pi * (reward - pi @ reward)  # the true gradient of E[reward]
        scale = expected @ exact / (exact @ exact)
        assert np.allclose(expected, scale * exact)  # same direction; only the length can differ
        scales.append(scale)
        noise.append(np.sqrt(prob @ np.sum((estimate - expected) ** 2, axis=1)) / np.linalg.norm(expected))
    print(f"{name:<36} {scales[0]:>12.3f} {scales[1]:>10.3f} {noise[0]:>8.2f} {noise[1]:>7.2f}")
for label, pi in prompts.items():
    print(f"{label} prompt: groups with no signal (all right or all wrong) {pi[0] ** G + (1 - pi[0]) ** G:.2f}")
