"""Street-level imagery blurring: scale arithmetic, the publish-latency budget, a recall-first threshold, and the box
geometry (tiling, IoU, non-maximum suppression, coverage) checked on hand-made boxes.

Included, section by section, into docs/system-design/street-view-blurring.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
import math

# Assumptions (not sourced): a street-level imagery programme.
vehicles, hours_driving, seconds_between_panoramas = 500, 6, 3  # cars on the road on a day; one panorama every ~25 m
width, height = 16_384, 8_192  # equirectangular panorama, pixels
tile, overlap = 1_024, 128  # detector input; overlap >= the largest object that must appear whole in one tile
rows_kept = 5  # of the 9 tile rows: drop the sky and the camera car's roof

panoramas = vehicles * hours_driving * 3_600 / seconds_between_panoramas
stride = tile - overlap
columns = math.ceil(width / stride)  # the panorama wraps around at 360 degrees: no last-column edge
rows = math.ceil((height - overlap) / stride)
full_res = columns * rows_kept
downscaled = math.ceil(width / 4 / stride) * math.ceil((height / 4 - overlap) / stride)  # a 1/4-scale pass
tiles = full_res + downscaled
print(f"panoramas: {panoramas / 1e6:.1f} M/day, {width * height / 1e6:.0f} Mpx each")
print(f"tiles: {columns} x {rows} grid, {full_res} kept at full resolution + {downscaled} at 1/4 scale = {tiles}")

# GPU time per tile: a stated assumption, checked against FLOPs (H100 SXM dense BF16, NVIDIA datasheet).
ms_per_tile = 2.0  # detector + second stage + JPEG decode and NMS, per 1,024 x 1,024 tile (assumed)
detector_gflop, h100_dense_tflops, utilization = 250, 989.5, 0.3  # assumed detector size and achieved share of peak
floor_ms = detector_gflop / (h100_dense_tflops * utilization)  # GFLOP / (TFLOP/s) = ms
gpu_hours = panoramas * tiles * ms_per_tile / 3.6e6
print(
    f"GPU time per tile: {ms_per_tile} ms assumed; "
    f"the detector's FLOPs alone need {floor_ms:.2f} ms at {utilization:.0%} of peak"
)
print(f"daily intake: {gpu_hours:,.0f} GPU-hours, {math.ceil(gpu_hours / 24)} GPUs running all day")
archive = 2e9  # panoramas already published: re-blurred whenever the model improves
backfill = archive * tiles * ms_per_tile / 3.6e6
print(f"re-blurring the archive: {backfill / 1e3:,.0f} k GPU-hours, {backfill / (256 * 24):.0f} days on 256 GPUs")

# Human audit of recall: how many faces must reviewers label to measure a 1% miss rate to +-0.3 points (95%)?
miss_rate, half_width, faces_per_panorama, seconds_per_panorama = 0.01, 0.003, 3, 90
faces_needed = 1.96**2 * miss_rate * (1 - miss_rate) / half_width**2
panoramas_needed = faces_needed / faces_per_panorama
print(
    f"recall audit: {faces_needed:,.0f} faces, {panoramas_needed:,.0f} panoramas, "
    f"{panoramas_needed * seconds_per_panorama / 3_600:.0f} reviewer-hours per region and model version"
)
# --8<-- [end:scale]

# --8<-- [start:budget]
hours = {  # capture to publication for one day's drive, p95 (assumed)
    "upload from the car's drives": 24,
    "stitch panoramas, attach lidar depth": 6,
    "detect and blur (queue included)": 4,
    "recall audit on a sample, fix misses": 12,
    "publish to the serving store and CDN": 2,
}
for stage, h in hours.items():
    print(f"  {stage:<40}{h:>4} h")
print(f"  {'capture to publication':<40}{sum(hours.values()):>4} h")
assert sum(hours.values()) == 48, "the stages must add up to the two-day target"
# --8<-- [end:budget]

# --8<-- [start:threshold]
import numpy as np
from sklearn.linear_model import LogisticRegression


def make_candidates(n_panoramas, rng):
    """Detector candidates in n panoramas: true faces and background windows that passed a very low threshold."""
    n_faces, n_background = rng.poisson(3, n_panoramas).sum(), rng.poisson(300, n_panoramas).sum()
    face_px = np.exp(rng.normal(np.log(28), 0.6, n_faces))  # face height in pixels: many are small and far away
    background_px = np.exp(rng.normal(np.log(30), 0.7, n_background))
    score = np.r_[
        -1.0 + 1.6 * np.log(face_px / 20) + rng.normal(0, 1.2, n_faces),  # small faces score lower
        rng.normal(-5.0, 1.5, n_background),
    ]
    # Depth check: log(box height / the height a 20 cm face would have at the lidar depth of that pixel).
    depth_residual = np.r_[rng.normal(0, 0.15, n_faces), rng.normal(0, 0.8, n_background)]
    is_face = np.r_[np.ones(n_faces, bool), np.zeros(n_background, bool)]
    return {"score": score, "residual": depth_residual, "px": np.r_[face_px, background_px], "face": is_face}


def second_stage_inputs(c, shuffle_rng=None):
    residual = c["residual"] if shuffle_rng is None else shuffle_rng.permutation(c["residual"])
    return np.column_stack([c["score"], np.abs(residual)])


rng = np.random.default_rng(0)
val, test = make_candidates(2_000, rng), make_candidates(2_000, rng)
train = make_candidates(1_000, np.random.default_rng(6))  # the second stage learns on panoramas of its own
second = LogisticRegression().fit(second_stage_inputs(train), train["face"])
control = LogisticRegression().fit(second_stage_inputs(train, np.random.default_rng(1)), train["face"])
scores = {
    "stage 1 detector score": (val["score"], test["score"]),
    "+ depth check (stage 2)": (
        second.decision_function(second_stage_inputs(val)),
        second.decision_function(second_stage_inputs(test)),
    ),
    "control: depth shuffled": (
        control.decision_function(second_stage_inputs(val, np.random.default_rng(1))),
        control.decision_function(second_stage_inputs(test, np.random.default_rng(2))),
    ),
}
print(f"validation faces {val['face'].sum():,}, test faces {test['face'].sum():,}, 2,000 panoramas each")
print(f"{'target':<7}{'score':<25}{'test recall':>12}{'FP/panorama':>12}{'FP kilopixels':>14}")
for target in (0.90, 0.99):
    for name, (s_val, s_test) in scores.items():
        faces_val = np.sort(s_val[val["face"]])
        threshold = faces_val[int((1 - target) * len(faces_val))]  # keeps at least `target` of validation faces
        blurred = s_test >= threshold
        false_blurs = blurred & ~test["face"]
        kilopixels = (0.8 * test["px"][false_blurs] ** 2).sum() / 2_000 / 1e3  # boxes 0.8 h wide, per panorama
        recall = blurred[test["face"]].mean()
        print(f"{target:<7.0%}{name:<25}{recall:>12.3f}{false_blurs.sum() / 2_000:>12.1f}{kilopixels:>14.1f}")
# --8<-- [end:threshold]

# --8<-- [start:geometry]
import numpy as np


def iou(a, b):
    """Intersection over union of two boxes (x1, y1, x2, y2), continuous pixel coordinates."""
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union


def nms(boxes, scores, threshold=0.5):
    """Greedy non-maximum suppression: keep the best box, drop boxes overlapping it by more than `threshold`."""
    order = list(np.argsort(-np.asarray(scores), kind="stable"))  # ties: earlier box first
    keep = []
    while order:
        best = order.pop(0)
        keep.append(int(best))
        order = [i for i in order if iou(boxes[best], boxes[i]) <= threshold]
    return sorted(keep)


def coverage(face, blurs, size=64):
    """Share of a face box's pixels covered by the union of blur boxes (on a size x size pixel grid)."""
    covered = np.zeros((size, size), bool)
    for x1, y1, x2, y2 in blurs:
        covered[int(y1) : int(y2), int(x1) : int(x2)] = True
    x1, y1, x2, y2 = (int(v) for v in face)
    return covered[y1:y2, x1:x2].mean()


def tile_origins(width, height, tile, overlap):
    stride = tile - overlap
    xs = range(0, width, stride)  # wraps around at 360 degrees
    ys = [*range(0, height - tile, stride), height - tile]  # last row flush with the bottom edge
    return [(x, y) for y in ys for x in xs]


def wholly_inside_some_tile(box, origins, tile, width):
    x1, y1, x2, y2 = box
    for x0, y0 in origins:
        dx = (x1 - x0) % width  # the box's left edge, measured from the tile's left edge around the seam
        if dx + (x2 - x1) <= tile and y0 <= y1 and y2 <= y0 + tile:
            return True
    return False


# IoU on boxes whose answer is known by hand.
print("half-overlapping squares:", round(iou((0, 0, 10, 10), (5, 0, 15, 10)), 4), "(expected 1/3)")
print("quarter-size box inside:", iou((0, 0, 10, 10), (0, 0, 5, 5)), "(expected 0.25)")
print("disjoint:", iou((0, 0, 10, 10), (20, 20, 30, 30)), " identical:", iou((1, 2, 3, 4), (1, 2, 3, 4)))

# NMS on two clusters of detections of the same face, plus one separate plate.
boxes = [(10, 10, 30, 30), (12, 11, 31, 30), (40, 10, 60, 30), (11, 9, 29, 31), (41, 11, 61, 29), (80, 5, 90, 10)]
scores = [0.90, 0.95, 0.80, 0.60, 0.85, 0.30]
print("NMS keeps:", nms(boxes, scores), "(expected [1, 4, 5])")

# For blurring, coverage matters, not IoU: a generous blur box has a low IoU and protects the face fully.
face, generous, half = (20, 20, 40, 40), (10, 10, 50, 50), (20, 20, 30, 40)
print(f"generous blur: IoU {iou(face, generous):.2f}, coverage {coverage(face, [generous]):.2f}")
print(f"half-face blur: IoU {iou(face, half):.2f}, coverage {coverage(face, [half]):.2f}")

# Tiling: with overlap >= the object size, every object lies wholly inside at least one tile.
rng = np.random.default_rng(0)
W, H, T = 16_384, 8_192, 1_024
x = rng.uniform(0, W, 5_000)
y = rng.uniform(0, H - 128, 5_000)
side = rng.uniform(8, 128, 5_000)
objects = [(x[i], y[i], x[i] + side[i], y[i] + side[i]) for i in range(5_000)]
for ov in (128, 0):
    origins = tile_origins(W, H, T, ov)
    cut = sum(not wholly_inside_some_tile(b, origins, T, W) for b in objects)
    print(f"overlap {ov:>3} px: {len(origins)} tiles, objects cut by every tile: {cut} of 5,000")
# --8<-- [end:geometry]
