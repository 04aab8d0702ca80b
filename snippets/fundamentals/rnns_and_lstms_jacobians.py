import numpy as np

rng = np.random.default_rng(0)
d, T = 32, 100  # hidden size, sequence length
xs = rng.normal(size=(T, d))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def rnn_jacobians(scale):
    """Vanilla RNN h_t = tanh(W h_{t-1} + U x_t): the Jacobian dh_t/dh_{t-1} = diag(1 - h_t^2) W at every step."""
    W = scale * rng.normal(size=(d, d)) / np.sqrt(d)  # spectral radius close to `scale`
    U = rng.normal(size=(d, d)) / np.sqrt(d)
    h, jacs = np.zeros(d), []
    for x in xs:
        h = np.tanh(W @ h + U @ x)
        jacs.append((1 - h**2)[:, None] * W)
    return jacs


def lstm_step(Wh, Wx, b, h, c, x):
    """One LSTM step on the state s = [h, c]: the new h and c, and the exact Jacobian ds_t/ds_{t-1}."""
    z = Wh @ h + Wx @ x + b
    i, f, o, g = sigmoid(z[:d]), sigmoid(z[d : 2 * d]), sigmoid(z[2 * d : 3 * d]), np.tanh(z[3 * d :])
    Wi, Wf, Wo, Wg = np.split(Wh, 4)
    c_new = f * c + i * g  # the additive path: dc_t/dc_{t-1} = diag(f)
    dc_dh = (c * f * (1 - f))[:, None] * Wf + (g * i * (1 - i))[:, None] * Wi + (i * (1 - g**2))[:, None] * Wg
    dc_dc = np.diag(f)
    t = np.tanh(c_new)
    dh_dh = (t * o * (1 - o))[:, None] * Wo + (o * (1 - t**2))[:, None] * dc_dh
    dh_dc = (o * (1 - t**2))[:, None] * dc_dc
    return o * t, c_new, np.block([[dh_dh, dh_dc], [dc_dh, dc_dc]])


def lstm_jacobians(forget_bias):
    """LSTM, state s = [h, c]: the exact Jacobian ds_t/ds_{t-1} at every step."""
    Wh = rng.normal(size=(4 * d, d)) / np.sqrt(d)  # recurrent weights of the i, f, o, g blocks
    Wx = rng.normal(size=(4 * d, d)) / np.sqrt(d)
    b = np.zeros(4 * d)
    b[d : 2 * d] = forget_bias
    h, c, jacs = np.zeros(d), np.zeros(d), []
    for x in xs:
        s_prev = np.concatenate([h, c])
        h, c, jacobian = lstm_step(Wh, Wx, b, h, c, x)
        jacs.append(jacobian)

    def next_state(s):  # the last step as a function of the state before it
        return np.concatenate(lstm_step(Wh, Wx, b, s[:d], s[d:], xs[-1])[:2])

    eps = 1e-6  # check the hand-derived Jacobian against central finite differences
    numeric = np.column_stack(
        [(next_state(s_prev + eps * e) - next_state(s_prev - eps * e)) / (2 * eps) for e in np.eye(2 * d)]
    )
    assert np.abs(numeric - jacs[-1]).max() < 1e-6, "hand-derived LSTM Jacobian is wrong"
    return jacs


def norm_back(jacs, k):
    """Spectral norm of d state_T / d state_{T-k}: the product of the last k Jacobians."""
    J = np.eye(jacs[0].shape[0])
    for A in jacs[len(jacs) - k :]:
        J = A @ J
    return np.linalg.norm(J, 2)


models = {
    "RNN, W scale 0.5": rnn_jacobians(0.5),
    "RNN, W scale 1.0": rnn_jacobians(1.0),
    "RNN, W scale 2.0": rnn_jacobians(2.0),
    "LSTM, forget bias 0": lstm_jacobians(0.0),
    "LSTM, forget bias 3": lstm_jacobians(3.0),
}
steps = [1, 5, 10, 25, 50]
print(f"{'steps back k':<22}" + "".join(f"{'k=' + str(k):>10}" for k in steps))
for name, jacs in models.items():
    print(f"{name:<22}" + "".join(f"{norm_back(jacs, k):>10.1e}" for k in steps))
