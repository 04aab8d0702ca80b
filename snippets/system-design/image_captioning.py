"""Image captioning and visual question answering: image tokens and prefill cost, the fleet, and CIDEr vs CHAIR.

Included, section by section, into docs/system-design/image-captioning.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:tokens]
# Vision encoder: CLIP ViT-L/14 at 336 px (published config: 24 layers, width 1024, MLP 4096, 14-pixel patches).
PATCH, VIT_LAYERS, VIT_WIDTH = 14, 24, 1024
VIT_PARAMS = VIT_LAYERS * 12 * VIT_WIDTH**2  # per layer: 4 d^2 in attention, 8 d^2 in the 4x-wide MLP
# Language model: Llama 3.1 8B's shape (Meta's published model_args), bf16.
DIM, LAYERS, HEADS, KV_HEADS, HEAD_DIM, FFN = 4096, 32, 32, 8, 128, 14_336
LLM_N = LAYERS * (DIM * (2 * DIM + 2 * KV_HEADS * HEAD_DIM) + 3 * DIM * FFN)  # non-embedding parameters
KV_PER_TOKEN = 2 * LAYERS * KV_HEADS * HEAD_DIM * 2  # K and V, 2 bytes each: 128 KiB
PEAK, MFU = 989.5e12, 0.4  # H100 SXM dense BF16 FLOP/s (datasheet); assumed share of peak reached in prefill


def vit_flops(side):
    tokens = (side // PATCH) ** 2 + 1  # patches plus the class token
    return tokens * (2 * VIT_PARAMS + 4 * VIT_LAYERS * tokens * VIT_WIDTH)


def prefill_flops(tokens):
    return tokens * (2 * LLM_N + 2 * LAYERS * tokens * HEADS * HEAD_DIM)  # weights + causal attention


def image_tokens(side, connector):
    if connector.startswith("Q-Former"):
        return 32  # BLIP-2's learned queries: a fixed count, whatever the resolution
    if connector.startswith("4 tiles"):
        return 5 * (336 // PATCH) ** 2  # ours: four 336-px tiles + an overview (LLaVA-NeXT also adds a row token)
    return (side // PATCH) ** 2  # one token per patch (LLaVA keeps all patch tokens, drops the class token)


CONFIGS = [
    (224, "projection (LLaVA)"),
    (336, "projection (LLaVA)"),
    (336, "Q-Former, 32 queries"),
    (672, "projection (LLaVA)"),
    (672, "4 tiles + overview"),
]
print(f"ViT-L/14: {VIT_PARAMS / 1e6:.0f} M parameters; LLM: {LLM_N / 1e9:.2f} B; KV {KV_PER_TOKEN // 1024} KiB/token")
print(f"{'image':<28}{'tokens':>7}{'ViT TFLOP':>10}{'LLM TFLOP':>10}{'KV MB':>7}{'H100 ms':>8}")
for side, connector in CONFIGS:
    n = image_tokens(side, connector)
    vit = 5 * vit_flops(336) if connector.startswith("4 tiles") else vit_flops(side)
    llm = prefill_flops(n)
    ms = (vit + llm) / (PEAK * MFU) * 1e3
    kv_mb = n * KV_PER_TOKEN / 1e6
    print(f"{side} px, {connector:<21}{n:>7,}{vit / 1e12:>10.2f}{llm / 1e12:>10.2f}{kv_mb:>7.0f}{ms:>8.1f}")
# --8<-- [end:tokens]

# --8<-- [start:fleet]
HBM_BW, HBM, BW_EFFICIENCY = 3.35e12, 80e9, 0.6  # H100 SXM datasheet; assumed share of bandwidth reached
WEIGHT_BYTES, DOLLARS_PER_GPU_HOUR = 2 * 8.03e9, 2.50  # all 8.03 B parameters in bf16; a placeholder price
uploads, prompt, caption = 100e6, 40, 30  # alt text: images a day, text tokens in, tokens out (assumed)


def decode_tokens_per_s(context):
    batch = min(512, int((0.9 * HBM - WEIGHT_BYTES) // (context * KV_PER_TOKEN)))  # what fits, capped
    memory = (WEIGHT_BYTES + batch * context * KV_PER_TOKEN) / (HBM_BW * BW_EFFICIENCY)
    compute = batch * 2 * LLM_N / (PEAK * MFU)
    return batch / max(memory, compute)


print(f"alt text for {uploads / 1e6:.0f} M images a day")
print(f"{'image':<28}{'prefill GPU-h':>14}{'decode GPU-h':>13}{'$ / day':>9}{'$ / 1M images':>14}")
for side, connector in CONFIGS[1:3] + CONFIGS[4:]:
    n = image_tokens(side, connector)
    vit = 5 * vit_flops(336) if connector.startswith("4 tiles") else vit_flops(side)
    prefill_h = uploads * (vit + prefill_flops(n + prompt)) / (PEAK * MFU) / 3600
    decode_h = uploads * caption / decode_tokens_per_s(n + prompt + caption // 2) / 3600
    dollars = (prefill_h + decode_h) * DOLLARS_PER_GPU_HOUR
    print(f"{side} px, {connector:<21}{prefill_h:>14,.0f}{decode_h:>13,.0f}{dollars:>9,.0f}{dollars / 100:>14.2f}")

questions, peak_factor, utilization = 5e6, 3, 0.6  # interactive questions a day, peak over mean, planned load
peak_qps = questions / 86_400 * peak_factor
per_question = vit_flops(336) + prefill_flops(576 + 80)  # the image and an 80-token question with instructions
prefill_gpus = peak_qps * per_question / (PEAK * MFU * utilization)
print(f"questions: {peak_qps:.0f}/s at peak need {prefill_gpus:.0f} H100s of prefill")
# --8<-- [end:fleet]

# --8<-- [start:budget]
budget_ms = {  # time to first token of an answer, p95, for one question about a fresh photo
    "upload, decode and resize the image": 300,
    "image safety classifier (in parallel)": 0,
    "vision encoder, 577 tokens": 20,
    "queue for a prefill slot": 250,
    "prefill: 576 image + 80 text tokens": 60,
    "first decode step and output check": 70,
    "headroom": 300,
}
for stage, ms in budget_ms.items():
    print(f"{stage:<40}{ms:>6} ms")
print(f"{'time to first token':<40}{sum(budget_ms.values()):>6,} ms (target 1,000)")
assert sum(budget_ms.values()) == 1_000
# --8<-- [end:budget]

# --8<-- [start:toy-data]
import math
from collections import Counter

import numpy as np

rng = np.random.default_rng(0)
SCENES = {  # scene: {object: how often it is in such a photo}
    "kitchen": {"oven": 0.7, "sink": 0.6, "refrigerator": 0.5, "table": 0.5, "bowl": 0.4, "cup": 0.3},
    "street": {"car": 0.8, "person": 0.6, "bus": 0.4, "bicycle": 0.3, "traffic light": 0.5, "dog": 0.2},
    "living room": {"couch": 0.8, "television": 0.6, "chair": 0.5, "lamp": 0.4, "cat": 0.3, "book": 0.4},
    "beach": {"person": 0.7, "umbrella": 0.6, "surfboard": 0.4, "dog": 0.3, "boat": 0.4, "kite": 0.3},
}
SYNONYMS = {
    "refrigerator": ["refrigerator", "fridge"],
    "person": ["person", "man", "woman"],
    "television": ["television", "tv"],
    "couch": ["couch", "sofa"],
    "bicycle": ["bicycle", "bike"],
}
CANONICAL = {word: obj for obj, words in SYNONYMS.items() for word in words}
VOCAB = sorted({obj for objs in SCENES.values() for obj in objs})
TEMPLATES = ["a {s} with a {a} and a {b}", "a {a} and a {b} in a {s}", "there is a {a} next to a {b} in the {s}"]


def make_image():
    scene = list(SCENES)[int(rng.integers(len(SCENES)))]
    objs = []
    while len(objs) < 2:
        objs = [obj for obj, p in SCENES[scene].items() if rng.random() < p]
    return scene, objs


def reference(scene, objs):
    """One annotator's caption: two objects, the salient ones more often, sometimes by a synonym."""
    salience = np.array([SCENES[scene][obj] for obj in objs]) ** 2
    a, b = rng.choice(objs, size=2, replace=False, p=salience / salience.sum())
    words = [SYNONYMS.get(obj, [obj])[int(rng.integers(len(SYNONYMS.get(obj, [obj]))))] for obj in (a, b)]
    return TEMPLATES[int(rng.integers(3))].format(s=scene, a=words[0], b=words[1])


images = [make_image() for _ in range(500)]
refs = [[reference(scene, objs) for _ in range(5)] for scene, objs in images]
print(images[0], refs[0][:2], sep="\n")
# --8<-- [end:toy-data]

# --8<-- [start:toy-metrics]


def tokens(text):
    return text.replace(",", " ").split()


def ngrams(text, n):
    words = tokens(text)
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


# Document frequency: in how many images' reference sets each n-gram occurs (n = 1..4).
DF = [Counter(g for refs_i in refs for g in {g for r in refs_i for g in ngrams(r, n)}) for n in range(1, 5)]


def tfidf(text):
    """One TF-IDF vector per n-gram order, with its norm; idf = log(images) - log(document frequency)."""
    out = []
    for n in range(1, 5):
        v = {g: c * (math.log(len(refs)) - math.log(max(1.0, DF[n - 1][g]))) for g, c in ngrams(text, n).items()}
        out.append((v, math.sqrt(sum(x * x for x in v.values()))))
    return out


REF_VECTORS = [[(tfidf(r), len(tokens(r))) for r in refs_i] for refs_i in refs]


def cider_d(candidates, sigma=6.0):
    """CIDEr-D as in the coco-caption reference code: clipped TF-IDF cosine for n = 1..4, length penalty, x10."""
    scores = []
    for cand, ref_vectors in zip(candidates, REF_VECTORS, strict=True):
        cand_vec, cand_len, total = tfidf(cand), len(tokens(cand)), 0.0
        for ref_vec, ref_len in ref_vectors:
            penalty = math.exp(-((cand_len - ref_len) ** 2) / (2 * sigma**2))
            for (v, v_norm), (w, w_norm) in zip(cand_vec, ref_vec, strict=True):
                dot = sum(min(x, w.get(g, 0.0)) * w.get(g, 0.0) for g, x in v.items())
                total += dot / (v_norm * w_norm) * penalty if v_norm and w_norm else 0.0
        scores.append(10 * total / (4 * len(ref_vectors)))
    return float(np.mean(scores))


def word_overlap(candidates):
    """The control without IDF: share of candidate words found in a reference (clipped unigram precision)."""
    precisions = []
    for cand, refs_i in zip(candidates, refs, strict=True):
        c, best = ngrams(cand, 1), Counter()
        for r in refs_i:
            best |= ngrams(r, 1)
        precisions.append(sum((c & best).values()) / max(1, sum(c.values())))
    return float(np.mean(precisions))


def mentioned(text):
    words, found = tokens(text), []
    for i, w in enumerate(words):
        if w == "traffic" and words[i + 1 : i + 2] == ["light"]:
            found.append("traffic light")
        elif w in CANONICAL or w in VOCAB:
            found.append(CANONICAL.get(w, w))
    return found


def chair(candidates):
    """CHAIR_i: share of object mentions not in the image; CHAIR_s: share of captions with at least one."""
    flags = [[obj not in objs for obj in mentioned(c)] for c, (_, objs) in zip(candidates, images, strict=True)]
    return sum(map(sum, flags)) / max(1, sum(map(len, flags))), float(np.mean([any(f) for f in flags]))


# --8<-- [end:toy-metrics]

# --8<-- [start:toy-run]


def by_prior(scene, objs):
    return sorted(objs, key=lambda obj: -SCENES[scene][obj])


def short(scene, objs, invent=0.0):
    """Two objects in the annotators' favourite template; with probability `invent`, the second is the scene's
    most typical object that is NOT in the photo (a language prior, the usual source of hallucination)."""
    a, b = by_prior(scene, objs)[:2]
    absent = [obj for obj in by_prior(scene, list(SCENES[scene])) if obj not in objs]
    if absent and rng.random() < invent:
        b = absent[0]
    return f"a {scene} with a {a} and a {b}"


def longer(scene, objs, as_list):
    """Up to three (template) or four (a comma list) objects, all of them in the photo."""
    listed = by_prior(scene, objs)[: 4 if as_list else 3]
    if as_list:
        return f"a {scene} with " + ", ".join(f"a {obj}" for obj in listed[:-1]) + f" and a {listed[-1]}"
    return f"a {scene} with " + " and ".join(f"a {obj}" for obj in listed)


systems = {
    "short, correct": [short(s, o) for s, o in images],
    "short, invents 1 in 4": [short(s, o, invent=0.25) for s, o in images],
    "short, invents 1 in 2": [short(s, o, invent=0.5) for s, o in images],
    "longer, same template": [longer(s, o, as_list=False) for s, o in images],
    "longer, as a list": [longer(s, o, as_list=True) for s, o in images],
    "generic": ["a photo of a place with some things in it"] * len(images),
}
print(f"{'captioner':<23}{'objects':>8}{'CIDEr-D':>8}{'overlap':>8}{'CHAIR_i':>8}{'CHAIR_s':>8}")
for name, captions in systems.items():
    chair_i, chair_s = chair(captions)
    n_objects = np.mean([len(mentioned(c)) for c in captions])
    print(
        f"{name:<23}{n_objects:>8.1f}{cider_d(captions):>8.2f}{word_overlap(captions):>8.2f}"
        f"{chair_i:>8.0%}{chair_s:>8.0%}"
    )
# --8<-- [end:toy-run]
