"""What each part of BERT's 80/10/10 rule teaches a model, on a toy language.

Each word is followed by its fixed successor half of the time, by a random word otherwise. A log-linear model
predicts a token from three inputs: the (possibly corrupted) token itself and its left and right neighbours. It is
trained only at the 15% selected positions, as BERT is, under four masking rules.
"""

import numpy as np

V = 10  # words 0..9; input id 10 is [MASK]
MASK = V
rng = np.random.default_rng(0)
successor = rng.permutation(V)


def corpus(n):
    tokens = np.zeros(n, dtype=int)
    follow, random_word = rng.random(n) < 0.5, rng.integers(0, V, n)
    for t in range(1, n):
        tokens[t] = successor[tokens[t - 1]] if follow[t] else random_word[t]
    return tokens


def corrupt(tokens, p_mask, p_random, select_p=0.15):
    selected = rng.random(len(tokens)) < select_p
    selected[[0, -1]] = False  # keep both neighbours of every selected position
    action = rng.random(len(tokens))
    inputs = tokens.copy()
    inputs[selected & (action < p_mask)] = MASK
    to_random = selected & (action >= p_mask) & (action < p_mask + p_random)
    inputs[to_random] = (tokens[to_random] + rng.integers(1, V, to_random.sum())) % V  # a different word
    return inputs, np.flatnonzero(selected)


def features(inputs, positions):
    """One-hot of the token itself, its left and its right neighbour: shape (n, 3 * (V + 1))."""
    return np.hstack([np.eye(V + 1)[inputs[positions + shift]] for shift in (0, -1, 1)])


def train(inputs, tokens, positions, steps=100, lr=15.0):
    X, Y = features(inputs, positions), np.eye(V)[tokens[positions]]
    W = np.zeros((3 * (V + 1), V))
    for _ in range(steps):  # gradient descent on the softmax cross-entropy
        logits = X @ W
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        W -= lr * X.T @ (p - Y) / len(X)
    return W


def accuracy(W, inputs, tokens, positions):
    return ((features(inputs, positions) @ W).argmax(axis=1) == tokens[positions]).mean()


train_tokens, test_tokens = corpus(20_000), corpus(10_000)
test_pos = np.arange(1, len(test_tokens) - 1, 3)  # corrupt every third token, so its neighbours stay clean
at_mask, at_wrong = test_tokens.copy(), test_tokens.copy()
at_mask[test_pos] = MASK
at_wrong[test_pos] = (test_tokens[test_pos] + rng.integers(1, V, len(test_pos))) % V  # a different word

# MASK/SAME/RND, the order of the paper's Table 8; the values are (p_mask, p_random)
RULES = {"100/0/0": (1.0, 0.0), "80/0/20": (0.8, 0.2), "80/20/0": (0.8, 0.0), "80/10/10": (0.8, 0.1)}
print("MASK/same/random  at [MASK]  at a real token  at a wrong token  max weight on the token")
for name, (p_mask, p_random) in RULES.items():
    inputs, positions = corrupt(train_tokens, p_mask, p_random)
    W = train(inputs, train_tokens, positions)
    print(
        f"{name:<16}{accuracy(W, at_mask, test_tokens, test_pos):>10.3f}"
        f"{accuracy(W, test_tokens, test_tokens, test_pos):>17.3f}"
        f"{accuracy(W, at_wrong, test_tokens, test_pos):>18.3f}"
        f"{np.abs(W[:V]).max():>25.2f}"  # rows 0..V-1: weights of the real words in the token's own slot
    )
