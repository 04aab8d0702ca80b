"""Text-to-image: images, GPUs and cost per image from published latencies, and classifier-free guidance on a
Gaussian mixture whose scores are known exactly.

Included, section by section, into docs/system-design/text-to-image.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
import math

# Stable Diffusion v1 shapes (CompVis config): 512 x 512 RGB images, a 4-channel latent downsampled 8x.
pixels, latent = 3 * 512 * 512, 4 * (512 // 8) ** 2
print(f"the UNet denoises {latent:,} latent values instead of {pixels:,} pixel values: {pixels // latent}x fewer")

# Published end-to-end latency: SD 1.5, 512 x 512, one image, 50 steps, fp16, default guidance, one A100 80GB SXM
# (fal.ai's stable-diffusion-benchmarks). We fold text encoding and VAE decoding into the per-step figure.
seconds_50_steps = {"PyTorch eager (Diffusers)": 1.604, "compiled, channels-last": 1.058, "TensorRT": 0.819}
per_step = seconds_50_steps["PyTorch eager (Diffusers)"] / 50
dollars_per_gpu_hour = 2.00  # a placeholder for an A100, not a price list

# Traffic: assumptions.
images_per_day, peak_to_average, utilization = 40e6, 2.0, 0.6
peak_images_per_s = images_per_day / 86_400 * peak_to_average
print(f"peak: {peak_images_per_s:,.0f} images/s")
print("sampler                          steps  s/image  A100s at peak  $ per 1,000 images")
for name, steps, cfg in (
    ("default (PLMS, guidance on)", 50, True),
    ("DPM-Solver-like, guidance on", 20, True),
    ("20 steps, guidance off", 20, False),
    ("distilled few-step model", 4, False),
):
    seconds = steps * per_step * (1 if cfg else 0.5)  # guidance runs the UNet twice per step (batch 2)
    gpus = math.ceil(peak_images_per_s * seconds / utilization)
    cost = seconds / 3600 * dollars_per_gpu_hour / utilization * 1000
    print(f"{name:<32}{steps:>6}{seconds:>9.2f}{gpus:>15,}{cost:>20.2f}")
# --8<-- [end:scale]

# --8<-- [start:budget]
budget_ms = {  # p95 for one 512 x 512 image, 20 steps with guidance
    "network and upload": 150,
    "prompt safety classifier": 20,
    "queue for a GPU": 300,
    "text encoder, 20 UNet steps, VAE decode": round(20 * per_step * 1e3),
    "image safety classifiers": 40,
    "watermark, encode, store": 60,
}
budget_ms["headroom"] = 1_500 - sum(budget_ms.values())
for stage, ms in budget_ms.items():
    print(f"{stage:<40}{ms:>6,} ms")
print(f"{'total':<40}{sum(budget_ms.values()):>6,} ms")
assert budget_ms["headroom"] >= 0
# --8<-- [end:budget]

# --8<-- [start:toy-model]
import numpy as np

# Seven classes ("prompts") in 2-D: one at the centre, six on a ring of radius 3, each N(mu_k, 0.8^2 I).
MU = np.vstack([[0.0, 0.0], 3.0 * np.c_[np.cos(np.arange(6) * np.pi / 3), np.sin(np.arange(6) * np.pi / 3)]])
S = 0.8


def eps_pred(x, alpha, sigma, cls):
    """Exact noise predictions for the noised data x_t = alpha * x_0 + sigma * noise: conditional on class `cls`,
    and unconditional (the mixture). eps = -sigma * score."""
    var = alpha**2 * S**2 + sigma**2
    diff = x[:, None, :] - alpha * MU[None]  # (n, classes, 2)
    logw = -0.5 * (diff**2).sum(-1) / var  # equal class priors
    w = np.exp(logw - logw.max(1, keepdims=True))
    w /= w.sum(1, keepdims=True)  # p(class | x_t)
    cond = sigma * diff[:, cls] / var
    uncond = sigma * (w[..., None] * diff).sum(1) / var
    return cond, uncond


def sample(cls, scale, n=2_000, steps=50, seed=0):
    """DDIM (deterministic) with classifier-free guidance: eps = eps_u + scale * (eps_c - eps_u)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 2))
    t = np.linspace(0.999, 0.0, steps + 1)
    alphas, sigmas = np.cos(np.pi / 2 * t), np.sin(np.pi / 2 * t)  # alpha^2 + sigma^2 = 1
    for i in range(steps):
        cond, uncond = eps_pred(x, alphas[i], sigmas[i], cls)
        eps = uncond + scale * (cond - uncond)
        x0 = (x - sigmas[i] * eps) / alphas[i]
        x = alphas[i + 1] * x0 + sigmas[i + 1] * eps
    return x


# --8<-- [end:toy-model]


# --8<-- [start:toy-run]
def in_class(x, cls):
    nearest = np.argmin(((x[:, None, :] - MU[None]) ** 2).sum(-1), axis=1)
    return (nearest == cls).mean()


data = np.random.default_rng(1).normal(0.0, S, (2_000, 2))  # real samples of each class, for reference
print("asked for the centre class    in class  distance to centre  spread")
for label, x in [("data", data)] + [(f"guidance scale {g}", sample(0, g)) for g in (0, 1, 1.5, 2, 3)]:
    print(f"{label:<28}{in_class(x, 0):>10.0%}{np.linalg.norm(x, axis=1).mean():>20.2f}{x.std(axis=0).mean():>8.2f}")

print("asked for a ring class        in class  distance from origin (class centre at 3.00)")
for label, x in [("data", data + MU[1])] + [(f"guidance scale {g}", sample(1, g)) for g in (1, 2, 3)]:
    print(f"{label:<28}{in_class(x, 1):>10.0%}{np.linalg.norm(x, axis=1).mean():>20.2f}")
# --8<-- [end:toy-run]
