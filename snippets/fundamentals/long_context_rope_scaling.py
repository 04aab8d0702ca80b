import numpy as np

# Llama 3.1 8B's rotary setup: head dimension 128, base 500,000, first trained at 8,192 tokens, served at 131,072.
d_head, base, trained, target = 128, 500_000.0, 8_192, 131_072
s = target / trained  # extension factor, 16
inv_freq = base ** (-np.arange(0, d_head, 2) / d_head)  # radians per token for each of the 64 pairs, fastest first


def llama31_scaling(freqs, factor=8, low_freq_factor=1, high_freq_factor=4, old_len=8192):
    """NumPy port of apply_scaling in Meta's models/llama3/model.py."""
    wavelen = 2 * np.pi / freqs
    new = np.where(wavelen > old_len / low_freq_factor, freqs / factor, freqs)  # slow pairs: divide by 8
    smooth = (old_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
    middle = (wavelen >= old_len / high_freq_factor) & (wavelen <= old_len / low_freq_factor)
    return np.where(middle, (1 - smooth) * new / factor + smooth * new, new)


schemes = {  # (radians per token for each pair, scale applied to positions)
    "extrapolate (no change)": (inv_freq, 1.0),
    "position interpolation": (inv_freq, 1 / s),
    "NTK-aware base": ((base * s ** (d_head / (d_head - 2))) ** (-np.arange(0, d_head, 2) / d_head), 1.0),
    "Llama 3.1 scaling": (llama31_scaling(inv_freq), 1.0),
}
trained_angle = trained * inv_freq  # largest angle each pair reached on the training length
partial = trained_angle < 2 * np.pi  # pairs that never completed a full turn in training
print(f"{partial.sum()} of {partial.size} pairs never completed a full turn within {trained:,} tokens")
print(f"{'at 131,072 tokens':<25} {'slowest pair':>12} {'worst pair':>10} {'pairs beyond':>12} {'fastest pair':>12}")
for name, (freqs, pos_scale) in schemes.items():
    ratio = (target - 1) * pos_scale * freqs / trained_angle  # max angle now / max angle seen in training
    beyond = partial & (ratio > 1)
    print(
        f"{name:<25} {ratio[-1]:11.2f}x {ratio[partial].max():9.2f}x {beyond.sum():>12} {pos_scale * freqs[0]:8.4f} rad"
    )
