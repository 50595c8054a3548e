"""What the fixture models actually sample, by the reference sampler (reference_sampler.py): the mean
and variance of the real slots of N samples per model, sampler and clamping mode, next to the
training split's (train_stats.json). A test that samples a fixture in the workbench with its own
noise compares against these numbers; the models are trained only a few hundred steps, so their
samples are not the data's distribution.

    /usr/bin/python3 models/paper/sample_stats.py            # → models/paper/onnx/sample_stats.json
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from families import MAX_STEPS, NUM_CLASSES  # noqa: E402
from reference_sampler import load_checkpoint, paper_timesteps, sample  # noqa: E402

FAMILIES = ("baseline", "unet-mlp", "unet-cnn", "mlp-cnn", "transformer")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoints", default=os.path.join(HERE, "checkpoints"))
    p.add_argument("--onnx-dir", default=os.path.join(HERE, "onnx"))
    p.add_argument("--families", nargs="+", default=list(FAMILIES))
    p.add_argument("--n", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--runs", nargs="+", default=["ddpm500", "ddim50"], help="ddpmS / ddimS, S sampling steps")
    p.add_argument("--clamp", nargs="+", default=["paper", "workbench"])
    a = p.parse_args()
    torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1"))))
    zero_mask = np.load(os.path.join(a.onnx_dir, "zero_mask.npy"))
    real = ~zero_mask
    rng = np.random.default_rng(a.seed)
    G, C = zero_mask.shape
    x_T = rng.standard_normal((a.n, G, C)).astype(np.float32)
    y = (np.arange(a.n) % NUM_CLASSES).astype(np.int64)
    out_path = os.path.join(a.onnx_dir, "sample_stats.json")
    result = {"n": a.n, "seed": a.seed, "labels": "alternating 0, 1", "x_T": "numpy default_rng(seed).standard_normal((n, G, C))",
              "z": "default_rng(seed) continued, [S − 1, n, G, C] for DDPM-S", "models": {}}
    if os.path.exists(out_path):
        with open(out_path) as fh:
            result["models"] = json.load(fh).get("models", {})
    for family in a.families:
        model, _ = load_checkpoint(os.path.join(a.checkpoints, f"{family}.pt"))
        entry = result["models"].setdefault(family, {})
        for run in a.runs:
            kind, steps = run[:4], int(run[4:])
            z = rng.standard_normal((steps - 1, a.n, G, C)).astype(np.float32) if kind == "ddpm" else None
            for clamp in a.clamp:
                started = time.time()
                x = sample(model, x_T, y, zero_mask, paper_timesteps(MAX_STEPS, steps), ddim=(kind == "ddim"), clamp=clamp, z=z)
                v = x[:, real].astype(np.float64)
                entry[f"{run}_{clamp}"] = {"mean": float(v.mean()), "var": float(v.var()),
                                           "per_slot_var_median": float(np.median(v.var(0))),
                                           "abs_max": float(np.abs(v).max()), "finite": bool(np.isfinite(v).all())}
                print(f"{family:12s} {run:8s} {clamp:9s} mean {v.mean():+8.3f} var {v.var():10.3f} ({time.time() - started:.0f} s)", flush=True)
        with open(out_path, "w") as fh:
            json.dump(result, fh, indent=1)
            fh.write("\n")


if __name__ == "__main__":
    main()
