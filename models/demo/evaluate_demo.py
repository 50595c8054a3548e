"""Are the demo backbones' samples closer to the real data than noise is? (numpy only)

For each sample file (`gdw sample` output, [N, G, C] float32) and for two references, on the real
slots of the bundle's [G][C] padding mask (layout.json) only:

- nn_angle: mean over samples of the angular distance arccos(cos)/π to the nearest real TRAIN
  sample (0 = same direction, 0.5 = orthogonal);
- nn_euclid: mean over samples of the Euclidean distance to the nearest TRAIN sample;
- var: mean over real slots of the per-slot variance (train ≈ 1; near 0 is a collapsed generator,
  which the nearest-neighbour distances alone would reward: the mean vector is closer to every
  train sample than noise is);
- mean_err / var_err: mean over real slots of |per-slot mean − train's| and |per-slot variance −
  train's| (the bundle is standardised per slot on the train split, so train is ≈ 0 / ≈ 1 there);
- corr_err: mean |corr − train corr| over the off-diagonal pairs of real slots (the structure
  between slots: noise has none);
- w1: mean over real slots of the 1-D Wasserstein-1 distance between the slot's values in the
  samples and in train (the shape of each marginal: skew, heavy tails, the few discrete values of
  a one-SNP gene; noise is Gaussian);
- class_r: Pearson r over real slots between the samples' class-mean difference (case − control)
  and train's; `gdw sample` gives sample i the class i mod 2 (balanced), so an
  unconditional model or noise scores ≈ 0;
- vs_noise: nn_euclid of the samples / nn_euclid of the noise (< 1: closer than noise);
- close: the fraction of samples whose angular distance to the nearest TRAIN sample is below the
  5th percentile of the real holdout's (by angle, so a merely contracted or spread distribution
  does not count). The holdout scores ≈ 0.05 by construction; much more means near-copies of
  training samples (memorisation), which nn_angle, nn_euclid and vs_noise alone would reward.

References: `noise` is N(0, I) of the same shape and count as the samples (seeded); `holdout` is the
bundle's real holdout samples (what a perfect generator would score; it has fewer samples, so its
moment errors carry more sampling error).

    python3 models/demo/evaluate_demo.py --bundle /tmp/demo-bundle baseline=/tmp/baseline.npy ...
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np


def load_bundle(folder: str):
    with open(os.path.join(folder, "layout.json"), encoding="utf-8") as f:
        layout = json.load(f)
    tensor = np.load(os.path.join(folder, layout["tensor"]["file"]))
    split = np.load(os.path.join(folder, layout["split"]["file"]))
    labels = np.load(os.path.join(folder, layout["labels"]["file"])).astype(np.int64)
    mask = np.asarray(layout["mask"], dtype=bool)  # [G][C], True = real slot
    if mask.shape != tensor.shape[1:]:
        raise SystemExit(f"mask {mask.shape} does not match the tensor {tensor.shape}")
    return tensor, split, labels, mask


def nearest(samples: np.ndarray, train: np.ndarray) -> tuple:
    """(mean angular distance, mean Euclidean distance, each sample's angular distance) to the nearest train row."""
    s = samples.astype(np.float64)
    r = train.astype(np.float64)
    s_norm = np.linalg.norm(s, axis=1)
    r_norm = np.linalg.norm(r, axis=1)
    dot = s @ r.T
    cos = dot / np.maximum(s_norm[:, None] * r_norm[None, :], 1e-12)
    angle = np.arccos(np.clip(cos.max(axis=1), -1.0, 1.0)) / np.pi
    sq = np.maximum(s_norm[:, None] ** 2 + r_norm[None, :] ** 2 - 2 * dot, 0.0)
    return float(angle.mean()), float(np.sqrt(sq.min(axis=1)).mean()), angle


def corr(x: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.corrcoef(x.astype(np.float64), rowvar=False)
    return np.nan_to_num(c)  # a constant slot (a collapsed generator) has no correlation


QUANTILES = (np.arange(1000) + 0.5) / 1000


def wasserstein1(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per column, ∫|F_a⁻¹(q) − F_b⁻¹(q)| dq on a 1000-point grid of q."""
    return np.abs(np.quantile(a, QUANTILES, axis=0) - np.quantile(b, QUANTILES, axis=0)).mean(axis=0)


def class_effect_r(samples: np.ndarray, labels: np.ndarray, train_effect: np.ndarray) -> float:
    if not ((labels == 0).any() and (labels == 1).any()):
        return float("nan")
    effect = samples[labels == 1].mean(0) - samples[labels == 0].mean(0)
    return float(np.corrcoef(effect, train_effect)[0, 1])


def scores(samples: np.ndarray, labels: np.ndarray, train: np.ndarray, train_corr: np.ndarray,
           train_effect: np.ndarray, close_below: float) -> dict:
    angle, euclid, angles = nearest(samples, train)
    off = ~np.eye(train.shape[1], dtype=bool)
    return {
        "n": samples.shape[0],
        "nn_angle": angle,
        "nn_euclid": euclid,
        "close": float((angles < close_below).mean()),
        "var": float(samples.var(0).mean()),
        "mean_err": float(np.abs(samples.mean(0) - train.mean(0)).mean()),
        "var_err": float(np.abs(samples.var(0) - train.var(0)).mean()),
        "corr_err": float(np.abs(corr(samples) - train_corr)[off].mean()),
        "w1": float(wasserstein1(samples, train).mean()),
        "class_r": class_effect_r(samples, labels, train_effect),
        "finite": bool(np.isfinite(samples).all()),
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bundle", required=True, help="the dataset bundle folder the models were trained on")
    p.add_argument("--seed", type=int, default=1, help="seed of the noise reference")
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    p.add_argument("samples", nargs="+", metavar="NAME=FILE.npy")
    a = p.parse_args(argv)

    tensor, split, labels, mask = load_bundle(a.bundle)
    flat = mask.reshape(-1)
    train = tensor[split == 0].reshape(int((split == 0).sum()), -1)[:, flat]
    holdout = tensor[split == 1].reshape(int((split == 1).sum()), -1)[:, flat]
    train_corr = corr(train)
    train_labels = labels[split == 0]
    train_effect = train[train_labels == 1].mean(0) - train[train_labels == 0].mean(0)
    alternate = lambda n: np.arange(n) % 2  # noqa: E731  (the classes `gdw sample` assigns)
    # What counts as suspiciously close to a training sample: nearer than 95 % of real holdout samples.
    close_below = float(np.quantile(nearest(holdout, train)[2], 0.05)) if len(holdout) else 0.0
    rows = []
    n_max = 0
    for spec in a.samples:
        name, sep, path = spec.rpartition("=")
        if not sep:
            raise SystemExit(f"{spec!r}: expected NAME=FILE.npy")
        x = np.load(path)
        if x.shape[1:] != mask.shape:
            raise SystemExit(f"{path}: shape {x.shape}, expected [N, {mask.shape[0]}, {mask.shape[1]}]")
        n_max = max(n_max, x.shape[0])
        rows.append((name, scores(x.reshape(x.shape[0], -1)[:, flat], alternate(x.shape[0]), train, train_corr,
                                  train_effect, close_below)))
    noise = np.random.default_rng(a.seed).standard_normal((n_max, mask.size)).astype(np.float32)[:, flat]
    noise_row = scores(noise, alternate(n_max), train, train_corr, train_effect, close_below)
    refs = [("noise N(0,I)", noise_row)]
    if len(holdout):
        refs.append(("real holdout", scores(holdout, labels[split == 1], train, train_corr, train_effect, close_below)))

    cols = ("n", "nn_angle", "nn_euclid", "vs_noise", "close", "var", "mean_err", "var_err", "corr_err", "w1", "class_r")
    table = []
    for name, r in rows + refs:
        r["vs_noise"] = r["nn_euclid"] / noise_row["nn_euclid"]
        cells = [str(r["n"])] + [f"{r[c]:.3f}" for c in cols[1:]]
        if not r["finite"]:
            cells[0] += " (non-finite!)"
        table.append([name] + cells)
    header = ["model"] + list(cols)
    print(f"{train.shape[0]} train samples, {flat.sum()} real slots of {mask.size}; noise seed {a.seed}")
    if a.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * len(cols)) + "|")
        for row in table:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in table + [header]) for i in range(len(header))]
        for row in [header] + table:
            print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
