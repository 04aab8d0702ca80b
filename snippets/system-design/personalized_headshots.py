"""Personalized headshots: LoRA parameters from Stable Diffusion's UNet shapes, storage and GPU time per user, and
a face-similarity threshold with its false accepts and false rejects on synthetic identity embeddings.

Included, section by section, into docs/system-design/personalized-headshots.md. Runs top to bottom on its own.
"""

# --8<-- [start:lora]
# Stable Diffusion v1 UNet (CompVis config): transformer blocks at three of the four resolutions, 2 per level on
# the way down, 1 in the middle, 3 per level on the way up; text context of width 768 (CLIP ViT-L/14).
widths = [320] * 2 + [640] * 2 + [1280] * 2 + [1280] + [1280] * 3 + [640] * 3 + [320] * 3
context = 768


def lora_params(rank):
    """LoRA on the Q, K, V and output projections of self- and cross-attention: rank * (d_in + d_out) each."""
    total = 0
    for d in widths:
        self_attn = 4 * rank * (d + d)
        cross_attn = rank * (d + d) * 2 + rank * (context + d) * 2  # Q and out from d; K and V from the text
        total += self_attn + cross_attn
    return total


unet_params = 860e6  # "860M UNet" (CompVis README)
users = 1_000_000
print(f"{len(widths)} transformer blocks, {4 * len(widths) * 2} attention projections")
print("rank   parameters   fp16 per user   1M users")
for rank in (4, 16, 64):
    params = lora_params(rank)
    print(f"{rank:>4}{params:>13,}{2 * params / 1e6:>12.1f} MB{2 * params * users / 1e12:>9.1f} TB")
print(
    f"full fine-tune: {unet_params / 1e6:,.0f}M parameters, {2 * unet_params / 1e9:.2f} GB per user, "
    f"{2 * unet_params * users / 1e15:.2f} PB for 1M users"
)
# --8<-- [end:lora]

# --8<-- [start:cost]
# GPU time per user on one A100, from stated assumptions.
train_minutes = 5.0  # DreamBooth reports about 5 minutes on one A100 for ~1,000 Stable Diffusion steps
images, steps, seconds_per_step = 100, 30, 1.604 / 50  # 100 headshots; SD 1.5 with guidance (fal.ai benchmark)
generate_minutes = images * steps * seconds_per_step / 60
qa_minutes = 0.2  # face detection, embeddings and safety classifiers on every image, assumed
per_user = train_minutes + generate_minutes + qa_minutes
dollars_per_gpu_hour = 2.00  # a placeholder for an A100, not a price list
print(
    f"per user: train {train_minutes:.1f} + generate {generate_minutes:.1f} + checks {qa_minutes:.1f} "
    f"= {per_user:.1f} A100-minutes, ${per_user / 60 * dollars_per_gpu_hour:.2f}"
)
monthly_gpu_hours = per_user * users / 60
print(
    f"1M users a month: {monthly_gpu_hours:,.0f} A100-hours, {monthly_gpu_hours / (30 * 24 * 0.7):,.0f} A100s "
    f"at 70% utilization"
)
# --8<-- [end:cost]

# --8<-- [start:toy]
import numpy as np

rng = np.random.default_rng(11)
dim, people = 512, 2_000


def unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


# Synthetic face embeddings: a direction all faces share, a family direction that relatives and look-alikes share
# (families of four, each person with a random amount of it), and the person's own direction.
shared = unit(rng.standard_normal(dim))
family = unit(rng.standard_normal((people // 4, dim)))[np.arange(people) // 4]
identity = unit(0.5 * shared + 1.2 * rng.random((people, 1)) * family + unit(rng.standard_normal((people, dim))))


def photos(k):
    """k photos of every person: the identity plus pose, light and age noise of varying size. (people, k, dim)"""
    size = 0.9 * np.exp(0.4 * rng.standard_normal((people, k, 1)))
    return unit(identity[:, None, :] + size * unit(rng.standard_normal((people, k, dim))))


uploads = photos(5)  # the photos a user uploads for training
selfie = photos(1)[:, 0]  # a live selfie taken in the app, to check the uploads show the account holder
impostor = np.roll(np.arange(people), 1)  # someone else's selfie: a relative or look-alike 3 times in 4
scores = {}
for name, ref in (("one photo", uploads[:, 0]), ("mean of five", unit(uploads.mean(axis=1)))):
    scores[name] = (selfie * ref).sum(1), (selfie[impostor] * ref).sum(1)  # cosine similarities

print("threshold   one photo: false accept  false reject   mean of five: false accept  false reject")
for t in (0.30, 0.35, 0.40, 0.45, 0.50):
    row = [(impostors >= t).mean() for _, impostors in scores.values()]
    miss = [(genuine < t).mean() for genuine, _ in scores.values()]
    print(f"{t:>9.2f}{row[0]:>25.1%}{miss[0]:>14.1%}{row[1]:>28.1%}{miss[1]:>14.1%}")
for name, (genuine, impostors) in scores.items():
    t = np.quantile(impostors, 0.99, method="higher")  # the threshold that lets 1% of impostors through
    print(f"{name:<13} at 1% false accepts: threshold {t:.2f}, false rejects {(genuine < t).mean():.1%}")
relative = np.arange(people) // 4 == impostor // 4  # the impostor's selfie comes from the same family
for name, (_, impostors) in scores.items():
    family, stranger = impostors[relative], impostors[~relative]
    print(
        f"{name:<13} false accepts at 0.30: relatives {(family >= 0.30).mean():.1%}, "
        f"strangers {(stranger >= 0.30).mean():.1%} (highest stranger score {stranger.max():.2f})"
    )
# --8<-- [end:toy]
